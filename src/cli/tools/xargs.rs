//! `xargs [-n N] [-I REPLACE] [-r] [COMMAND [ARG...]]`: standard input's words as arguments
//! of a command (`echo` when none is given). The shell runs each command line it builds, so
//! `docker ps -q | xargs docker rm -f` removes the listed containers.
//!
//! Without `-r`, GNU xargs runs the command once even when the input is empty: `docker rm -f`
//! then prints its own usage error, as it does on a real host. Input words are split on
//! blanks and newlines, honouring quotes (GNU's default); with `-I` each line is one argument.
//! Bounded: at most [`MAX_RUNS`] command lines per `xargs`.

use super::Flavor;
use crate::cli::Output;

/// How many command lines one `xargs` may run.
pub const MAX_RUNS: usize = 256;

/// The command lines to run, or the error to print.
pub fn command_lines(
    args: &[String],
    stdin: &str,
    flavor: Flavor,
) -> Result<Vec<Vec<String>>, Output> {
    let mut per_run: Option<usize> = None;
    let mut replace: Option<String> = None;
    let mut no_run_if_empty = false;
    let mut rest = args.iter();
    let mut command: Vec<String> = Vec::new();
    while let Some(arg) = rest.next() {
        match arg.as_str() {
            "-r" | "--no-run-if-empty" => no_run_if_empty = true,
            "-n" | "-I" | "-L" => {
                let Some(value) = rest.next() else {
                    return Err(Output::failed(
                        format!("xargs: option requires an argument -- '{}'\nTry 'xargs --help' for more information.", arg.trim_start_matches('-')),
                        1,
                    ));
                };
                match arg.as_str() {
                    "-I" => replace = Some(value.clone()),
                    _ => match value.parse::<usize>() {
                        Ok(n) if n > 0 => per_run = Some(n),
                        _ => {
                            return Err(Output::failed(
                                format!("xargs: value {value} for -n option should be >= 1"),
                                1,
                            ))
                        }
                    },
                }
            }
            a if a.starts_with("-n") && a.len() > 2 => match a[2..].parse::<usize>() {
                Ok(n) if n > 0 => per_run = Some(n),
                _ => {
                    return Err(Output::failed(
                        format!("xargs: invalid number \"{}\" for -n option", &a[2..]),
                        1,
                    ))
                }
            },
            a if a.starts_with("-I") && a.len() > 2 => replace = Some(a[2..].to_string()),
            a if a.starts_with('-') && a.len() > 1 => {
                return Err(match flavor {
                    Flavor::Gnu if a.starts_with("--") => super::not_simulated("xargs", a),
                    _ => super::invalid_option("xargs", a.chars().nth(1).unwrap_or('-'), flavor),
                })
            }
            _ => {
                command.push(arg.clone());
                command.extend(rest.by_ref().cloned());
            }
        }
    }
    if command.is_empty() {
        command.push("echo".to_string());
    }
    let mut runs = Vec::new();
    if let Some(marker) = replace {
        for line in super::lines(stdin)
            .into_iter()
            .map(str::trim)
            .filter(|l| !l.is_empty())
        {
            runs.push(command.iter().map(|w| w.replace(&marker, line)).collect());
        }
    } else {
        let words = split(stdin)?;
        if words.is_empty() {
            if !no_run_if_empty {
                runs.push(command.clone());
            }
        } else {
            for chunk in words.chunks(per_run.unwrap_or(words.len()).max(1)) {
                let mut line = command.clone();
                line.extend(chunk.iter().cloned());
                runs.push(line);
            }
        }
    }
    if runs.len() > MAX_RUNS {
        return Err(Output::failed(
            format!(
                "berth: xargs would run {} commands; this playground runs at most {MAX_RUNS}",
                runs.len()
            ),
            1,
        ));
    }
    Ok(runs)
}

/// xargs' own word splitting: blanks separate, quotes group, a backslash escapes.
fn split(input: &str) -> Result<Vec<String>, Output> {
    let mut words = Vec::new();
    let mut current = String::new();
    let mut in_word = false;
    let mut chars = input.chars();
    while let Some(c) = chars.next() {
        match c {
            ' ' | '\t' | '\n' => {
                if in_word {
                    words.push(std::mem::take(&mut current));
                    in_word = false;
                }
            }
            '\'' | '"' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some(q) if q == c => break,
                        Some('\n') | None => {
                            let kind = if c == '\'' { "single" } else { "double" };
                            return Err(Output::failed(
                                format!("xargs: unmatched {kind} quote; by default quotes are special to xargs unless you use the -0 option"),
                                1,
                            ));
                        }
                        Some(other) => current.push(other),
                    }
                }
            }
            '\\' => {
                in_word = true;
                if let Some(next) = chars.next() {
                    current.push(next);
                }
            }
            other => {
                in_word = true;
                current.push(other);
            }
        }
    }
    if in_word {
        words.push(current);
    }
    Ok(words)
}
