//! The text tools learners pipe Docker's output into: `grep`, `wc`, `cat`, `head`, `tail`,
//! `echo`, `sort`, `cut`, `tr`, `tee`, `xargs`, `true`, `false`, one file each.
//!
//! A tool is a function of (arguments, standard input, the files it may read and write)
//! returning an [`Output`]: stdout lines, stderr lines and an exit status, so it works in a
//! pipeline like any other command. Texts are GNU coreutils' and GNU grep's (a host's tools,
//! and Debian's in a container) or busybox's (Alpine), as [`Flavor`] says.
//!
//! Not simulated: options not listed in each file (they answer with a `berth:` line), locales
//! (bytes and characters are the same), binary files, and `tail -f` (a simulated file never
//! grows while you watch).

pub mod cat;
pub mod cut;
pub mod echo;
pub mod grep;
pub mod head;
pub mod sort;
pub mod tee;
pub mod tr;
pub mod wc;
pub mod xargs;

use super::Output;

/// Whose tools: the error texts differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flavor {
    /// GNU coreutils and GNU grep: a Linux host, Debian and Ubuntu images.
    Gnu,
    /// busybox: Alpine and busybox images.
    Busybox,
}

/// The files a tool reads and writes: the host's or the container's.
pub trait Files {
    /// The text of a file; `Err` is the reason, such as `No such file or directory`.
    fn read(&mut self, path: &str) -> Result<String, String>;
    /// Writes (or appends to) a file; `Err` is the reason.
    fn write(&mut self, path: &str, text: &str, append: bool) -> Result<(), String>;
}

/// Input text to lines, as a tool reads them (a final newline ends the last line).
pub fn lines(text: &str) -> Vec<&str> {
    if text.is_empty() {
        return Vec::new();
    }
    text.strip_suffix('\n')
        .unwrap_or(text)
        .split('\n')
        .collect()
}

/// Lines to output text, each with its newline.
pub fn text(lines: &[String]) -> String {
    lines.iter().map(|l| format!("{l}\n")).collect()
}

/// Runs `program` if it is one of the text tools here (not `xargs`, which runs commands and
/// lives with the shell). `None`: not a tool of this module.
pub fn run(
    program: &str,
    args: &[String],
    stdin: &str,
    files: &mut dyn Files,
    flavor: Flavor,
) -> Option<Output> {
    Some(match program {
        "grep" | "egrep" | "fgrep" => grep::grep(program, args, stdin, files, flavor),
        "wc" => wc::wc(args, stdin, files, flavor),
        "cat" => cat::cat(args, stdin, files, flavor),
        "head" => head::head(args, stdin, files, flavor, head::End::Head),
        "tail" => head::head(args, stdin, files, flavor, head::End::Tail),
        "echo" => echo::echo(args),
        "sort" => sort::sort(args, stdin, files, flavor),
        "cut" => cut::cut(args, stdin, files, flavor),
        "tr" => tr::tr(args, stdin, flavor),
        "tee" => tee::tee(args, stdin, files, flavor),
        "true" => Output::default(),
        "false" => Output {
            exit_code: 1,
            ..Output::default()
        },
        _ => return None,
    })
}

/// The names [`run`] answers to, and `xargs`.
pub const TOOLS: &[&str] = &[
    "grep", "egrep", "fgrep", "wc", "cat", "head", "tail", "echo", "sort", "cut", "tr", "tee",
    "xargs", "true", "false",
];

/// The inputs a tool reads: its file operands, or standard input when there are none (`-`
/// is standard input too). Each comes with its name, for messages and prefixes.
pub fn inputs(
    operands: &[String],
    stdin: &str,
    files: &mut dyn Files,
) -> Vec<(String, Result<String, String>)> {
    if operands.is_empty() {
        return vec![("-".to_string(), Ok(stdin.to_string()))];
    }
    operands
        .iter()
        .map(|name| {
            let content = if name == "-" {
                Ok(stdin.to_string())
            } else {
                files.read(name)
            };
            (name.clone(), content)
        })
        .collect()
}

/// `PROGRAM: invalid option -- 'x'` and the usage hint, as coreutils prints them; busybox
/// prints its usage instead, which Berth abbreviates to the same first line.
pub fn invalid_option(program: &str, option: char, flavor: Flavor) -> Output {
    let hint = match flavor {
        Flavor::Gnu => format!("\nTry '{program} --help' for more information."),
        Flavor::Busybox => String::new(),
    };
    let mut o = Output::failed(format!("{program}: invalid option -- '{option}'{hint}"), 1);
    if program == "grep" {
        o.lines.truncate(1);
        o.err(match flavor {
            Flavor::Gnu => "Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.",
            Flavor::Busybox => "",
        });
        if flavor == Flavor::Busybox {
            o.lines.truncate(1);
        }
        o.exit_code = 2;
    }
    o
}

/// A long option this playground's tool does not take.
pub fn not_simulated(program: &str, option: &str) -> Output {
    Output::failed(
        format!("berth: `{program} {option}` is not simulated in this playground"),
        1,
    )
}
