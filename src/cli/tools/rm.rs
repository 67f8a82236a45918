//! `rm [-rRf] FILE...` and `rmdir DIR...`. Texts: coreutils `src/rm.c`, `src/remove.c`
//! (`cannot remove %s`, `it is dangerous to operate recursively on %s`), `src/rmdir.c`
//! (`failed to remove %s`); busybox `coreutils/rm.c` via `libbb/remove_file.c` (`can't
//! remove '%s'`, `'%s' is a directory`) and `coreutils/rmdir.c` (`'%s'`).

use super::fs::{flags, long_option, missing_operand, Fs};
use super::Flavor;
use crate::cli::Output;
use crate::engine::fs::{FsError, Kind};

pub fn rm(args: &[&str], fs: &mut dyn Fs, flavor: Flavor) -> Output {
    if let Some(o) = long_option("rm", args) {
        return o;
    }
    let (set, operands) = match flags(args, "rRfiv") {
        Ok(x) => x,
        Err(c) => return super::invalid_option("rm", c, flavor),
    };
    let recursive = set.contains('r') || set.contains('R');
    let force = set.contains('f');
    if operands.is_empty() {
        if force {
            return Output::default();
        }
        return missing_operand("rm", "operand", flavor);
    }
    let mut out = Output::default();
    for operand in operands {
        let path = fs.absolute(operand);
        if path == "/" && recursive {
            out.err(match flavor {
                Flavor::Gnu => "rm: it is dangerous to operate recursively on '/'\nrm: use --no-preserve-root to override this failsafe".to_string(),
                Flavor::Busybox => "rm: can't remove '/': Invalid argument".to_string(),
            });
            out.exit_code = 1;
            continue;
        }
        let meta = match fs.stat(&path) {
            Ok(m) => m,
            Err(FsError::NotFound) if force => continue,
            Err(e) => {
                out.err(cannot_remove(operand, &e, flavor));
                out.exit_code = 1;
                continue;
            }
        };
        if meta.kind == Kind::Dir && !recursive {
            out.err(match flavor {
                Flavor::Gnu => format!("rm: cannot remove '{operand}': Is a directory"),
                Flavor::Busybox => format!("rm: '{operand}' is a directory"),
            });
            out.exit_code = 1;
            continue;
        }
        if let Err(e) = fs.change(&mut |view| view.remove(&path, true)) {
            out.err(cannot_remove(operand, &e, flavor));
            out.exit_code = 1;
        }
    }
    out
}

fn cannot_remove(operand: &str, e: &FsError, flavor: Flavor) -> String {
    match flavor {
        Flavor::Gnu => format!("rm: cannot remove '{operand}': {e}"),
        Flavor::Busybox => format!("rm: can't remove '{operand}': {e}"),
    }
}

pub fn rmdir(args: &[&str], fs: &mut dyn Fs, flavor: Flavor) -> Output {
    if let Some(o) = long_option("rmdir", args) {
        return o;
    }
    let (_, operands) = match flags(args, "pv") {
        Ok(x) => x,
        Err(c) => return super::invalid_option("rmdir", c, flavor),
    };
    if operands.is_empty() {
        return missing_operand("rmdir", "operand", flavor);
    }
    let mut out = Output::default();
    for operand in operands {
        let path = fs.absolute(operand);
        let result = match fs.stat(&path) {
            Ok(m) if m.kind != Kind::Dir => Err(FsError::NotADirectory),
            Ok(_) => fs.change(&mut |view| view.remove(&path, false)),
            Err(e) => Err(e),
        };
        if let Err(e) = result {
            out.err(match flavor {
                Flavor::Gnu => format!("rmdir: failed to remove '{operand}': {e}"),
                Flavor::Busybox => format!("rmdir: '{operand}': {e}"),
            });
            out.exit_code = 1;
        }
    }
    out
}
