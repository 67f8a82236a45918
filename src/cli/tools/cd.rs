//! The working directory's builtins: `cd [DIR|-|~]` and `pwd`, as bash, busybox ash and dash
//! word them. The shell keeps the directory; this file decides where `cd` goes and what it
//! prints. Texts: bash `builtins/cd.def` (`%s: No such file or directory` after `cd: `,
//! `too many arguments`, `OLDPWD not set`), busybox `shell/ash.c` `cdcmd` (`can't cd to
//! %s`), dash `src/cd.c` (`can't cd to %s`, no reason).

use super::fs::Fs;
use crate::cli::Output;
use crate::engine::fs::{FsError, Kind};

/// Whose words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    Bash,
    Ash,
    Dash,
}

/// Where `cd ARGS` goes from `cwd`: `Ok((new directory, output))` or the error's output.
pub fn cd(
    args: &[String],
    cwd: &str,
    oldpwd: Option<&str>,
    home: &str,
    fs: &mut dyn Fs,
    style: Style,
) -> Result<(String, Output), Output> {
    let prefix = match style {
        Style::Bash => "bash: cd: ",
        Style::Ash => "sh: cd: ",
        Style::Dash => "sh: 1: cd: ",
    };
    let args: Vec<&str> = args
        .iter()
        .map(String::as_str)
        .filter(|a| *a != "-P" && *a != "-L")
        .collect();
    if args.len() > 1 && style == Style::Bash {
        return Err(Output::failed(format!("{prefix}too many arguments"), 1));
    }
    let mut out = Output::default();
    let target = match args.first().copied() {
        None | Some("~") => home.to_string(),
        Some("-") => match oldpwd {
            Some(old) => {
                out.out(old);
                old.to_string()
            }
            None => {
                return Err(match style {
                    Style::Bash => Output::failed(format!("{prefix}OLDPWD not set"), 1),
                    // ash and dash go to $OLDPWD, empty: they stay and print the directory.
                    _ => {
                        let mut o = Output::default();
                        o.out(cwd);
                        return Ok((cwd.to_string(), o));
                    }
                });
            }
        },
        Some(dir) => {
            let dir = match dir.strip_prefix("~/") {
                Some(rest) => format!("{home}/{rest}"),
                None => dir.to_string(),
            };
            crate::engine::fs::resolve(cwd, &dir)
        }
    };
    let shown = args.first().copied().unwrap_or("");
    let failure = |e: FsError| {
        let code = if style == Style::Bash { 1 } else { 2 };
        Output::failed(
            match style {
                Style::Bash => format!("{prefix}{shown}: {e}"),
                Style::Ash => format!("{prefix}can't cd to {shown}: {e}"),
                Style::Dash => format!("{prefix}can't cd to {shown}"),
            },
            code,
        )
    };
    match fs.stat(&target) {
        Ok(m) if m.kind == Kind::Dir => Ok((target, out)),
        Ok(m) if m.kind == Kind::Link => {
            let to = crate::engine::fs::resolve(
                crate::engine::fs::parent(&target),
                m.target.unwrap_or(""),
            );
            match fs.stat(&to) {
                Ok(t) if t.kind == Kind::Dir => Ok((target, out)),
                Ok(_) => Err(failure(FsError::NotADirectory)),
                Err(e) => Err(failure(e)),
            }
        }
        Ok(_) => Err(failure(FsError::NotADirectory)),
        Err(e) => Err(failure(e)),
    }
}
