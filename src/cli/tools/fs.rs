//! What the file tools (`ls`, `mkdir`, `touch`, `rm`, `rmdir`, `cp`, `mv`, `stat`, `find`,
//! `du`) see of a host's or a container's files, and the one place that runs them.
//!
//! The shell gives them an [`Fs`]: paths resolved against its working directory, entries'
//! metadata and listings from the engine's layered view (the image's trees under the
//! container's layer), and changes that go to the layer. Each tool's texts are GNU
//! coreutils' or busybox's, as [`Flavor`] says; each names its source. GNU's quotes follow
//! the host's `C.UTF-8` locale (‘x’ where coreutils uses `quote()`, 'x' where it uses
//! `quoteaf`), as the other tools here do; a Debian container's C locale would print ASCII
//! quotes throughout (not simulated).

use super::{Files, Flavor};
use crate::cli::Output;
use crate::engine::fs::{FsError, Layered, Meta};

/// A change to the files, run by the engine on the layered view.
pub type Change<'a> =
    dyn FnMut(&mut Layered<&mut crate::engine::fs::Files>) -> Result<(), FsError> + 'a;

/// The file system as a tool sees it.
pub trait Fs: Files {
    /// An operand as an absolute, normalised path (the working directory resolves it).
    fn absolute(&self, path: &str) -> String;
    fn stat(&mut self, path: &str) -> Result<Meta, FsError>;
    /// The names in a directory, sorted.
    fn list(&mut self, dir: &str) -> Result<Vec<String>, FsError>;
    fn change(&mut self, change: &mut Change<'_>) -> Result<(), FsError>;
    /// Seconds since 1970 now, on the simulated calendar.
    fn now(&self) -> u64;
}

/// The file tools' names.
pub const TOOLS: &[&str] = &[
    "ls", "mkdir", "touch", "rm", "rmdir", "cp", "mv", "stat", "find", "du",
];

/// Runs a file tool; `None` when `program` is not one. `piped`: standard output goes to a
/// pipe or a file, not the terminal (`ls` prints one name a line then).
pub fn run(
    program: &str,
    args: &[String],
    fs: &mut dyn Fs,
    flavor: Flavor,
    piped: bool,
) -> Option<Output> {
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    Some(match program {
        "ls" => super::ls::ls(&args, fs, flavor, piped),
        "mkdir" => super::mkdir::mkdir(&args, fs, flavor),
        "touch" => super::touch::touch(&args, fs, flavor),
        "rm" => super::rm::rm(&args, fs, flavor),
        "rmdir" => super::rm::rmdir(&args, fs, flavor),
        "cp" => super::cp::cp(&args, fs, flavor, false),
        "mv" => super::cp::cp(&args, fs, flavor, true),
        "stat" => super::stat::stat(&args, fs, flavor),
        "find" => super::find::find(&args, fs, flavor),
        "du" => super::find::du(&args, fs, flavor),
        _ => return None,
    })
}

/// Splits `-abc` style flags from operands; `--` ends the flags. `Err` is the first flag
/// letter not in `known`.
pub fn flags<'a>(args: &[&'a str], known: &str) -> Result<(String, Vec<&'a str>), char> {
    let mut set = String::new();
    let mut operands = Vec::new();
    let mut only_operands = false;
    for arg in args {
        if only_operands || !arg.starts_with('-') || *arg == "-" {
            operands.push(*arg);
        } else if *arg == "--" {
            only_operands = true;
        } else {
            for c in arg.chars().skip(1) {
                if !known.contains(c) {
                    return Err(c);
                }
                set.push(c);
            }
        }
    }
    Ok((set, operands))
}

/// coreutils' `quote()` in a UTF-8 locale.
pub fn quote(name: &str) -> String {
    format!("‘{name}’")
}

/// A long option (`--color`, `--help`): Berth's tools take none.
pub fn long_option(program: &str, args: &[&str]) -> Option<Output> {
    args.iter()
        .find(|a| a.starts_with("--") && a.len() > 2)
        .map(|a| super::not_simulated(program, a))
}

/// `PROGRAM: missing operand` and the hint (GNU); busybox prints its usage, which Berth
/// does not hold.
pub fn missing_operand(program: &str, what: &str, flavor: Flavor) -> Output {
    match flavor {
        Flavor::Gnu => Output::failed(
            format!("{program}: missing {what}\nTry '{program} --help' for more information."),
            1,
        ),
        Flavor::Busybox => Output::failed(
            format!("berth: busybox prints the usage of `{program}` here; it is not simulated"),
            1,
        ),
    }
}

/// An error's reason as the C library words it.
pub fn reason(e: &FsError) -> String {
    e.to_string()
}
