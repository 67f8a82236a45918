//! The shell's own builtins that change the shell itself, so no tool can be them: `read`,
//! `local`, `return`, `break`, `continue`, `shift`, `set`, `:`, and `test`/`[` and `printf`, which
//! every shell (bash, busybox ash, dash) has built in whatever the image holds.
//!
//! Texts: bash's `builtins/*.def` (`return: can only `return' from a function or sourced
//! script`, `break: only meaningful in a `for', `while', or `until' loop`, `local: can only be
//! used in a function`); dash's `src/var.c` and `src/eval.c` (`local: not in a function`,
//! `shift: can't shift that many`, `read: arg count`); busybox ash.c (`local: not in a
//! function`; `shift` and `break` fail silently), which prints its messages as
//! `sh: NAME: TEXT` at an interactive prompt (ash_vmsg).
//!
//! Not simulated: `read -t`/`-n`/`-a`, `set -e`/`set -x` and the other `set` options (a
//! `berth:` line says so; `set -- ARG…` works),
//! `trap`, `source`/`.` of a file.

use super::exec::{Flow, Runner};
use super::Dialect;
use crate::cli::tools;
use crate::cli::tools::printf::Printf;
use crate::cli::Output;

impl Runner<'_> {
    /// Runs `program` if it is one of these builtins.
    pub(super) fn builtin(
        &mut self,
        program: &str,
        args: &[String],
        stdin: &Option<String>,
    ) -> Option<Output> {
        Some(match program {
            ":" => Output::default(),
            "read" => self.read(args, stdin),
            "local" => self.local(args),
            "return" => self.return_(args),
            "break" | "continue" => self.break_(program, args),
            "shift" => self.shift(args),
            "set" => self.set(args),
            "test" | "[" => super::test::test(program, args, self),
            "printf" => tools::printf::printf(
                args,
                match self.dialect() {
                    Dialect::Bash => Printf::Bash,
                    Dialect::Dash => Printf::Dash,
                    Dialect::Ash => Printf::Busybox,
                },
            ),
            _ => return None,
        })
    }

    /// A shell message with the shell's prefix (`bash: `, `sh: `, `sh: 1: `).
    fn shell_error(&self, text: &str, status: i32) -> Output {
        let prefix = match self.dialect() {
            Dialect::Bash => "bash: ",
            Dialect::Ash => "sh: ",
            Dialect::Dash => "sh: 1: ",
        };
        Output::failed(format!("{prefix}{text}"), status)
    }

    /// A variable set by the shell itself (`for`, `read`, `local`, `${X:=y}`).
    pub(super) fn set_var(&mut self, name: &str, value: &str) {
        self.assign(&[(name.to_string(), value.to_string())]);
    }

    /// `read [-r] [-p PROMPT] NAME…`: one line of standard input, split on blanks, the last
    /// name taking the rest. Status 1 at the end of input.
    fn read(&mut self, args: &[String], stdin: &Option<String>) -> Output {
        let mut raw = false;
        let mut names = Vec::new();
        let mut rest = args.iter();
        while let Some(arg) = rest.next() {
            match arg.as_str() {
                "-r" => raw = true,
                "-p" => {
                    rest.next();
                }
                _ => names.push(arg.clone()),
            }
        }
        if names.is_empty() {
            if self.dialect() == Dialect::Dash {
                return self.shell_error("read: arg count", 2);
            }
            names.push("REPLY".into());
        }
        // From a pipe or redirection of its own, or else the enclosing compound's input.
        let line = match stdin {
            Some(text) => text
                .split('\n')
                .next()
                .map(str::to_string)
                .filter(|_| !text.is_empty()),
            None => self.input.as_mut().and_then(|text| {
                if text.is_empty() {
                    return None;
                }
                let (line, remainder) = match text.split_once('\n') {
                    Some((line, remainder)) => (line.to_string(), remainder.to_string()),
                    None => (text.clone(), String::new()),
                };
                *text = remainder;
                Some(line)
            }),
        };
        let Some(mut line) = line else {
            for name in &names {
                self.set_var(name, "");
            }
            return Output::failed(String::new(), 1).without_lines();
        };
        if !raw {
            line = line.replace('\\', "");
        }
        let count = names.len();
        let mut rest = line.trim_start().to_string();
        for (i, name) in names.iter().enumerate() {
            let value = if i + 1 == count {
                // The last name takes the rest of the line, inner blanks kept.
                std::mem::take(&mut rest).trim_end().to_string()
            } else {
                let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
                let value = rest.get(..end).unwrap_or("").to_string();
                rest = rest.get(end..).unwrap_or("").trim_start().to_string();
                value
            };
            self.set_var(name, &value);
        }
        Output::default()
    }

    /// `local NAME[=VALUE]…`: the old value comes back when the function returns.
    fn local(&mut self, args: &[String]) -> Output {
        if self.locals.is_empty() {
            return match self.dialect() {
                Dialect::Bash => self.shell_error("local: can only be used in a function", 1),
                _ => self.shell_error("local: not in a function", 2),
            };
        }
        for arg in args {
            let (name, value) = match arg.split_once('=') {
                Some((name, value)) => (name.to_string(), Some(value.to_string())),
                None => (arg.clone(), None),
            };
            let old = self.state.vars.get(&name).cloned();
            if let Some(frame) = self.locals.last_mut() {
                if !frame.iter().any(|(n, _)| *n == name) {
                    frame.push((name.clone(), old));
                }
            }
            self.state.vars.insert(name, value.unwrap_or_default());
        }
        Output::default()
    }

    fn return_(&mut self, args: &[String]) -> Output {
        let status = match args.first().map(|a| a.parse::<i32>()) {
            Some(Ok(n)) => n & 255,
            Some(Err(_)) => 2,
            None => self.state.status,
        };
        if self.locals.is_empty() {
            if self.dialect() == Dialect::Bash {
                return self.shell_error(
                    "return: can only `return' from a function or sourced script",
                    1,
                );
            }
            self.flow = Some(Flow::Exit);
        } else {
            self.flow = Some(Flow::Return);
        }
        Output {
            exit_code: status,
            ..Output::default()
        }
    }

    fn break_(&mut self, program: &str, args: &[String]) -> Output {
        let n = args
            .first()
            .and_then(|a| a.parse::<u32>().ok())
            .unwrap_or(1)
            .max(1);
        if self.loops == 0 {
            if self.dialect() == Dialect::Bash {
                let mut o = Output::default();
                o.err(format!(
                    "bash: {program}: only meaningful in a `for', `while', or `until' loop"
                ));
                return o;
            }
            return Output::default();
        }
        let n = n.min(self.loops);
        self.flow = Some(if program == "break" {
            Flow::Break(n)
        } else {
            Flow::Continue(n)
        });
        Output::default()
    }

    /// `set -- ARG…` (or `set ARG…`) replaces the positional parameters. The shell's options
    /// (`-e`, `-u`, `-x`, `-o pipefail`) are accepted and not simulated: a `berth:` line says
    /// so, and the commands after a failure go on.
    fn set(&mut self, args: &[String]) -> Output {
        let mut options = Vec::new();
        let mut rest = args.iter().peekable();
        while let Some(arg) = rest.peek() {
            match arg.as_str() {
                "--" => {
                    rest.next();
                    break;
                }
                "-o" | "+o" => {
                    let flag = rest.next().cloned().unwrap_or_default();
                    options.push(format!(
                        "{flag} {}",
                        rest.next().cloned().unwrap_or_default()
                    ));
                }
                a if (a.starts_with('-') || a.starts_with('+')) && a.len() > 1 => {
                    options.push(a.to_string());
                    rest.next();
                }
                _ => break,
            }
        }
        let words: Vec<String> = rest.cloned().collect();
        if args.is_empty() {
            return Output::failed(
                "berth: `set` without arguments (listing the variables) is not simulated; use `env` or `echo $NAME`",
                1,
            );
        }
        if !words.is_empty() || args.iter().any(|a| a == "--") {
            self.args = words;
        }
        let mut out = Output::default();
        if !options.is_empty() {
            out.err(format!(
                "berth: `set {}` is not simulated in this playground's shell: the options change nothing (commands go on after a failure)",
                options.join(" ")
            ));
        }
        out
    }

    fn shift(&mut self, args: &[String]) -> Output {
        let n = args
            .first()
            .and_then(|a| a.parse::<usize>().ok())
            .unwrap_or(1);
        if n > self.args.len() {
            // bash and busybox ash (ash.c shiftcmd) fail silently; dash says so.
            return match self.dialect() {
                Dialect::Dash => self.shell_error("shift: can't shift that many", 2),
                _ => Output::failed(String::new(), 1).without_lines(),
            };
        }
        self.args.drain(..n);
        Output::default()
    }
}

/// An output's status without its (empty) message line.
trait WithoutLines {
    fn without_lines(self) -> Self;
}

impl WithoutLines for Output {
    fn without_lines(mut self) -> Self {
        self.lines.clear();
        self
    }
}
