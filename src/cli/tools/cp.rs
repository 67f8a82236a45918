//! `cp [-r] SOURCE... DEST` and `mv SOURCE... DEST`: into DEST when it is a directory, else
//! as DEST. Texts: coreutils `src/cp.c`, `src/copy.c` (`cannot stat %s`, `-r not specified;
//! omitting directory %s`, `cannot copy a directory, %s, into itself, %s`), `src/mv.c`
//! (`cannot move %s to a subdirectory of itself, %s`); busybox `coreutils/cp.c`,
//! `libbb/copy_file.c` (`can't stat '%s'`, `omitting directory '%s'`), `coreutils/mv.c`
//! (`can't rename '%s'`).

use super::fs::{flags, long_option, Fs};
use super::Flavor;
use crate::cli::Output;
use crate::engine::fs::{base_name, resolve, FsError, Kind};

pub fn cp(args: &[&str], fs: &mut dyn Fs, flavor: Flavor, moving: bool) -> Output {
    let program = if moving { "mv" } else { "cp" };
    if let Some(o) = long_option(program, args) {
        return o;
    }
    let known = if moving { "fiv" } else { "rRafipv" };
    let (set, operands) = match flags(args, known) {
        Ok(x) => x,
        Err(c) => return super::invalid_option(program, c, flavor),
    };
    let recursive = moving || set.contains('r') || set.contains('R') || set.contains('a');
    let (dest, sources) = match operands.split_last() {
        Some((dest, sources)) if !sources.is_empty() => (*dest, sources),
        Some((only, _)) => {
            return match flavor {
                Flavor::Gnu => Output::failed(
                    format!("{program}: missing destination file operand after '{only}'\nTry '{program} --help' for more information."),
                    1,
                ),
                Flavor::Busybox => super::fs::missing_operand(program, "", flavor),
            }
        }
        None => {
            return match flavor {
                Flavor::Gnu => Output::failed(
                    format!("{program}: missing file operand\nTry '{program} --help' for more information."),
                    1,
                ),
                Flavor::Busybox => super::fs::missing_operand(program, "", flavor),
            }
        }
    };
    let dest_path = fs.absolute(dest);
    let dest_is_dir = fs.stat(&dest_path).is_ok_and(|m| m.kind == Kind::Dir);
    if sources.len() > 1 && !dest_is_dir {
        return Output::failed(
            match flavor {
                Flavor::Gnu => format!("{program}: target '{dest}': Not a directory"),
                Flavor::Busybox => format!("{program}: '{dest}' is not a directory"),
            },
            1,
        );
    }
    let mut out = Output::default();
    for source in sources {
        let from = fs.absolute(source);
        let meta = match fs.stat(&from) {
            Ok(m) => m,
            Err(e) => {
                out.err(match (flavor, moving) {
                    (Flavor::Gnu, _) => format!("{program}: cannot stat '{source}': {e}"),
                    (Flavor::Busybox, false) => format!("cp: can't stat '{source}': {e}"),
                    (Flavor::Busybox, true) => format!("mv: can't rename '{source}': {e}"),
                });
                out.exit_code = 1;
                continue;
            }
        };
        if meta.kind == Kind::Dir && !recursive {
            out.err(match flavor {
                Flavor::Gnu => format!("cp: -r not specified; omitting directory '{source}'"),
                Flavor::Busybox => format!("cp: omitting directory '{source}'"),
            });
            out.exit_code = 1;
            continue;
        }
        let to = if dest_is_dir {
            resolve(&dest_path, base_name(&from))
        } else {
            dest_path.clone()
        };
        let result = if moving {
            fs.change(&mut |view| view.rename(&from, &to))
        } else {
            fs.change(&mut |view| view.copy(&from, &to, recursive))
        };
        match result {
            Ok(()) => {}
            Err(FsError::Invalid) => {
                let shown = if dest_is_dir {
                    format!("{}/{}", dest.trim_end_matches('/'), base_name(&from))
                } else {
                    dest.to_string()
                };
                out.err(match (flavor, moving) {
                    (Flavor::Gnu, false) => {
                        format!("cp: cannot copy a directory, '{source}', into itself, '{shown}'")
                    }
                    (Flavor::Gnu, true) => {
                        format!("mv: cannot move '{source}' to a subdirectory of itself, '{shown}'")
                    }
                    (Flavor::Busybox, false) => {
                        format!("cp: cannot copy a directory, '{source}', into itself, '{shown}'")
                    }
                    (Flavor::Busybox, true) => {
                        format!("mv: can't rename '{source}': Invalid argument")
                    }
                });
                out.exit_code = 1;
            }
            Err(e) => {
                out.err(match flavor {
                    Flavor::Gnu => format!("{program}: cannot create regular file '{dest}': {e}"),
                    Flavor::Busybox => format!("{program}: can't create '{dest}': {e}"),
                });
                out.exit_code = 1;
            }
        }
    }
    out
}
