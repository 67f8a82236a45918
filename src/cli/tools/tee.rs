//! `tee [-a] [FILE...]`: standard input to standard output and to each file.

use super::{lines, Files, Flavor};
use crate::cli::Output;

pub fn tee(args: &[String], stdin: &str, files: &mut dyn Files, flavor: Flavor) -> Output {
    let mut append = false;
    let mut targets = Vec::new();
    for arg in args {
        match arg.as_str() {
            "-a" | "--append" => append = true,
            a if a.starts_with('-') && a.len() > 1 => {
                return super::invalid_option("tee", a.chars().nth(1).unwrap_or('-'), flavor)
            }
            _ => targets.push(arg.clone()),
        }
    }
    let mut out = Output::default();
    for line in lines(stdin) {
        out.out(line);
    }
    for target in targets {
        if let Err(reason) = files.write(&target, stdin, append) {
            out.err(format!("tee: {target}: {reason}"));
            out.exit_code = 1;
        }
    }
    out
}
