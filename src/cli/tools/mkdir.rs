//! `mkdir [-p] DIR...`. Texts: coreutils `src/mkdir.c` (`cannot create directory %s`, with
//! `quote()`), busybox `coreutils/mkdir.c` via `libbb/make_directory.c` (`can't create
//! directory '%s'`).

use super::fs::{flags, long_option, missing_operand, quote, Fs};
use super::Flavor;
use crate::cli::Output;
use crate::engine::fs::FsError;

pub fn mkdir(args: &[&str], fs: &mut dyn Fs, flavor: Flavor) -> Output {
    if let Some(o) = long_option("mkdir", args) {
        return o;
    }
    let (set, operands) = match flags(args, "pv") {
        Ok(x) => x,
        Err(c) => return super::invalid_option("mkdir", c, flavor),
    };
    if operands.is_empty() {
        return missing_operand("mkdir", "operand", flavor);
    }
    let parents = set.contains('p');
    let mut out = Output::default();
    for operand in operands {
        let path = fs.absolute(operand);
        if let Err(e) = fs.change(&mut |view| view.mkdir(&path, parents)) {
            out.err(match (flavor, &e) {
                (Flavor::Gnu, _) => {
                    format!("mkdir: cannot create directory {}: {e}", quote(operand))
                }
                (Flavor::Busybox, FsError::TooMany | FsError::TooLarge) => format!("mkdir: {e}"),
                (Flavor::Busybox, _) => format!("mkdir: can't create directory '{operand}': {e}"),
            });
            out.exit_code = 1;
        }
    }
    out
}
