//! `touch FILE...`: creates an empty file, or gives an existing one the time now. Texts:
//! coreutils `src/touch.c` (`cannot touch %s`, with `quoteaf`), busybox
//! `coreutils/touch.c` (`bb_simple_perror_msg(file)`).

use super::fs::{flags, long_option, missing_operand, Fs};
use super::Flavor;
use crate::cli::Output;

pub fn touch(args: &[&str], fs: &mut dyn Fs, flavor: Flavor) -> Output {
    if let Some(o) = long_option("touch", args) {
        return o;
    }
    let (_, operands) = match flags(args, "cam") {
        Ok(x) => x,
        Err(c) => return super::invalid_option("touch", c, flavor),
    };
    if operands.is_empty() {
        return missing_operand("touch", "file operand", flavor);
    }
    let mut out = Output::default();
    for operand in operands {
        let path = fs.absolute(operand);
        if let Err(e) = fs.change(&mut |view| view.touch(&path)) {
            out.err(match flavor {
                Flavor::Gnu => format!("touch: cannot touch '{operand}': {e}"),
                Flavor::Busybox => format!("touch: {operand}: {e}"),
            });
            out.exit_code = 1;
        }
    }
    out
}
