//! `test`, `[ … ]` (POSIX `test`, built into bash, busybox ash and dash) and bash's
//! `[[ … ]]`: strings (`=`, `!=`, `-z`, `-n`, bare), integers (`-eq`, `-ne`, `-lt`, `-le`,
//! `-gt`, `-ge`), files (`-e`, `-f`, `-d`, `-s`, `-r`, `-w`, `-x`) on the shell's file system,
//! `!`, `-a`/`-o` (`&&`/`||` inside `[[ ]]`), parentheses; `[[ ]]` also matches `==`/`!=`
//! against a pattern and compares strings with `<`/`>`.
//!
//! Texts: bash's `test.c` (`[: missing `]'`, `integer expression expected`, `too many
//! arguments`, `unary operator expected`); dash's `src/bltin/test.c` (`[: missing ]`,
//! `Illegal number`); busybox `coreutils/test.c`.
//!
//! Not simulated: `=~` (regular expressions), `-nt`/`-ot`/`-ef`, `-t`, `-L` (no links: false),
//! file permissions (every file is readable and writable; `-x` is true for directories
//! only).

use super::exec::Runner;
use super::glob;
use super::parse::{Part, Word};
use super::Dialect;
use crate::cli::Output;

/// Directories every Linux file system has, besides those that hold a stored file.
const STANDARD_DIRS: &[&str] = &[
    "/", "/bin", "/dev", "/etc", "/home", "/proc", "/root", "/sbin", "/tmp", "/usr", "/usr/bin",
    "/usr/local", "/usr/local/bin", "/usr/sbin", "/var", "/var/log", "/var/run", "/run",
];

enum TestError {
    /// `[` without its `]`.
    MissingBracket,
    /// A word where an integer must stand.
    Integer(String),
    /// Words left over, or a missing operand.
    TooMany,
    /// A unary operator without its operand, or an expression that stops early.
    Expected(&'static str),
}

/// `test ARGS` or `[ ARGS ]`.
pub(super) fn test(program: &str, args: &[String], runner: &mut Runner<'_>) -> Output {
    let args = if program == "[" {
        match args.split_last() {
            Some((last, rest)) if last == "]" => rest,
            _ => return failure(runner.dialect(), program, TestError::MissingBracket),
        }
    } else {
        args
    };
    let mut eval = Eval {
        args,
        patterns: None,
        at: 0,
        runner,
        double: false,
    };
    let result = if args.is_empty() {
        Ok(false)
    } else {
        eval.or().and_then(|value| {
            if eval.at < args.len() {
                Err(TestError::TooMany)
            } else {
                Ok(value)
            }
        })
    };
    let dialect = eval.runner.dialect();
    match result {
        Ok(true) => Output::default(),
        Ok(false) => Output {
            exit_code: 1,
            ..Output::default()
        },
        Err(e) => failure(dialect, program, e),
    }
}

fn failure(dialect: Dialect, program: &str, error: TestError) -> Output {
    let text = match (dialect, error) {
        (Dialect::Bash, TestError::MissingBracket) => "bash: [: missing `]'".to_string(),
        (Dialect::Dash, TestError::MissingBracket) => "sh: 1: [: missing ]".to_string(),
        // busybox's test.c runs inside ash, whose messages carry the applet's name, `sh`.
        (Dialect::Ash, TestError::MissingBracket) => "sh: missing ]".to_string(),
        (Dialect::Bash, TestError::Integer(word)) => {
            format!("bash: {program}: {word}: integer expression expected")
        }
        (Dialect::Dash, TestError::Integer(word)) => {
            format!("sh: 1: {program}: Illegal number: {word}")
        }
        (Dialect::Ash, TestError::Integer(word)) => format!("sh: {word}: bad number"),
        (Dialect::Bash, TestError::TooMany) => format!("bash: {program}: too many arguments"),
        (Dialect::Dash, TestError::TooMany) => format!("sh: 1: {program}: unexpected operator"),
        (Dialect::Ash, TestError::TooMany) => "sh: syntax error".to_string(),
        (Dialect::Bash, TestError::Expected(what)) => format!("bash: {program}: {what}"),
        (Dialect::Dash, TestError::Expected(_)) => format!("sh: 1: {program}: argument expected"),
        (Dialect::Ash, TestError::Expected(_)) => "sh: syntax error".to_string(),
    };
    Output::failed(text, 2)
}

struct Eval<'a, 'w> {
    args: &'a [String],
    /// `[[ ]]`: each word as a pattern (quoted parts escaped), for `==` and `!=`.
    patterns: Option<&'a [String]>,
    at: usize,
    runner: &'a mut Runner<'w>,
    double: bool,
}

impl Eval<'_, '_> {
    fn peek(&self) -> Option<&str> {
        self.args.get(self.at).map(String::as_str)
    }

    fn or(&mut self) -> Result<bool, TestError> {
        let or = if self.double { "||" } else { "-o" };
        let mut value = self.and()?;
        while self.peek() == Some(or) {
            self.at += 1;
            let right = self.and()?;
            value = value || right;
        }
        Ok(value)
    }

    fn and(&mut self) -> Result<bool, TestError> {
        let and = if self.double { "&&" } else { "-a" };
        let mut value = self.not()?;
        while self.peek() == Some(and) {
            self.at += 1;
            let right = self.not()?;
            value = value && right;
        }
        Ok(value)
    }

    fn not(&mut self) -> Result<bool, TestError> {
        if self.peek() == Some("!") && self.args.len() > self.at + 1 {
            self.at += 1;
            return Ok(!self.not()?);
        }
        self.primary()
    }

    fn primary(&mut self) -> Result<bool, TestError> {
        let Some(first) = self.peek().map(str::to_string) else {
            return Err(TestError::Expected("argument expected"));
        };
        if first == "(" {
            self.at += 1;
            let value = self.or()?;
            if self.peek() != Some(")") {
                return Err(TestError::Expected("`)' expected"));
            }
            self.at += 1;
            return Ok(value);
        }
        // A binary operator after the first word.
        if let Some(op) = self.args.get(self.at + 1).map(String::as_str) {
            if is_binary(op, self.double) && self.args.len() > self.at + 2 {
                let right_at = self.at + 2;
                let right = self.args.get(right_at).cloned().unwrap_or_default();
                let op = op.to_string();
                self.at += 3;
                return self.binary(&first, &op, &right, right_at);
            }
        }
        if first.len() == 2 && first.starts_with('-') && is_unary(&first) {
            if let Some(operand) = self.args.get(self.at + 1).cloned() {
                self.at += 2;
                return Ok(self.unary(&first, &operand));
            }
            if !self.double && self.args.len() == 1 {
                // `[ -n ]`: one word, a non-empty string.
                self.at += 1;
                return Ok(true);
            }
            return Err(TestError::Expected("unary operator expected"));
        }
        self.at += 1;
        Ok(!first.is_empty())
    }

    fn binary(
        &mut self,
        left: &str,
        op: &str,
        right: &str,
        right_at: usize,
    ) -> Result<bool, TestError> {
        let integer = |word: &str| -> Result<i64, TestError> {
            word.trim()
                .parse::<i64>()
                .map_err(|_| TestError::Integer(word.to_string()))
        };
        Ok(match op {
            "=" | "==" | "!=" if self.double => {
                let pattern = self
                    .patterns
                    .and_then(|p| p.get(right_at))
                    .cloned()
                    .unwrap_or_else(|| glob::escape(right));
                glob::matches(&pattern, left) != (op == "!=")
            }
            "=" | "==" => left == right,
            "!=" => left != right,
            "<" => left < right,
            ">" => left > right,
            "-eq" => integer(left)? == integer(right)?,
            "-ne" => integer(left)? != integer(right)?,
            "-lt" => integer(left)? < integer(right)?,
            "-le" => integer(left)? <= integer(right)?,
            "-gt" => integer(left)? > integer(right)?,
            "-ge" => integer(left)? >= integer(right)?,
            _ => false,
        })
    }

    fn unary(&mut self, op: &str, operand: &str) -> bool {
        match op {
            "-z" => operand.is_empty(),
            "-n" => !operand.is_empty(),
            "-e" | "-r" | "-w" => self.runner.file_kind(operand).is_some(),
            "-f" => self.runner.file_kind(operand) == Some(Kind::File),
            "-d" | "-x" => self.runner.file_kind(operand) == Some(Kind::Dir),
            "-s" => {
                self.runner.file_kind(operand) == Some(Kind::File)
                    && self.runner.file_size(operand) > 0
            }
            _ => false,
        }
    }
}

fn is_unary(op: &str) -> bool {
    matches!(
        op,
        "-z" | "-n" | "-e" | "-f" | "-d" | "-s" | "-r" | "-w" | "-x" | "-L" | "-h"
    )
}

fn is_binary(op: &str, double: bool) -> bool {
    matches!(
        op,
        "=" | "!=" | "-eq" | "-ne" | "-lt" | "-le" | "-gt" | "-ge"
    ) || (double && matches!(op, "==" | "<" | ">"))
        || (!double && op == "==")
}

/// What a path names on the shell's file system.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    File,
    Dir,
}

impl Runner<'_> {
    /// `[[ … ]]`: its words expanded without splitting or globbing, then tested.
    pub(super) fn double_bracket(&mut self, words: &[Word], terminal: &mut Output) -> Output {
        let mut args = Vec::new();
        let mut patterns = Vec::new();
        for word in words {
            args.push(self.text(word, terminal));
            patterns.push(self.pattern(word, terminal));
        }
        if args
            .iter()
            .zip(words)
            .any(|(a, w)| a == "=~" && matches!(w.0.as_slice(), [Part::Literal(_)]))
        {
            return Output::failed(
                "berth: `[[ … =~ … ]]` (regular expressions) is not simulated in this playground's shell; use `case` or `==` with a pattern",
                2,
            );
        }
        let mut eval = Eval {
            args: &args,
            patterns: Some(&patterns),
            at: 0,
            runner: self,
            double: true,
        };
        let result = eval.or().and_then(|value| {
            if eval.at < args.len() {
                Err(TestError::TooMany)
            } else {
                Ok(value)
            }
        });
        match result {
            Ok(true) => Output::default(),
            Ok(false) => Output {
                exit_code: 1,
                ..Output::default()
            },
            Err(TestError::Integer(_)) => Output {
                exit_code: 1,
                ..Output::default()
            },
            Err(_) => Output::failed("bash: syntax error in conditional expression", 2),
        }
    }

    /// Whether `path` is a file or a directory here.
    pub(super) fn file_kind(&mut self, path: &str) -> Option<Kind> {
        let absolute = self.absolute(path);
        let trimmed = if absolute.len() > 1 {
            absolute.trim_end_matches('/').to_string()
        } else {
            absolute.clone()
        };
        let paths = self.stored_paths();
        if paths.contains(&trimmed) {
            return Some(Kind::File);
        }
        let prefix = format!("{}/", trimmed.trim_end_matches('/'));
        if STANDARD_DIRS.contains(&trimmed.as_str())
            || paths.iter().any(|p| p.starts_with(&prefix))
            || trimmed == self.absolute(".").trim_end_matches("/.")
        {
            return Some(Kind::Dir);
        }
        crate::cli::tools::Files::read(self, &trimmed)
            .ok()
            .map(|_| Kind::File)
    }

    fn file_size(&mut self, path: &str) -> usize {
        crate::cli::tools::Files::read(self, path)
            .map(|t| t.len())
            .unwrap_or(0)
    }
}
