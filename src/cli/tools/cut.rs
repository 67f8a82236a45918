//! `cut -f LIST [-d DELIM] [-s] [FILE...]` and `cut -c LIST`: fields or characters of each
//! line. LIST is `N`, `N-M`, `N-`, `-M`, comma-separated (coreutils' `cut.c`).

use super::{inputs, lines, Files, Flavor};
use crate::cli::Output;

pub fn cut(args: &[String], stdin: &str, files: &mut dyn Files, flavor: Flavor) -> Output {
    let mut fields: Option<String> = None;
    let mut chars: Option<String> = None;
    let mut delimiter = '\t';
    let mut only_delimited = false;
    let mut operands = Vec::new();
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        let mut take = |flag: char, attached: &str| -> Result<String, Output> {
            if !attached.is_empty() {
                return Ok(attached.to_string());
            }
            rest.next().cloned().ok_or_else(|| {
                Output::failed(
                    format!("cut: option requires an argument -- '{flag}'\nTry 'cut --help' for more information."),
                    1,
                )
            })
        };
        let result = match arg.as_str() {
            a if a.starts_with("-f") => take('f', &a[2..]).map(|v| fields = Some(v)),
            a if a.starts_with("-c") || a.starts_with("-b") => take('c', &a[2..]).map(|v| chars = Some(v)),
            a if a.starts_with("-d") => take('d', &a[2..]).and_then(|v| {
                let mut it = v.chars();
                match (it.next(), it.next()) {
                    (Some(c), None) => {
                        delimiter = c;
                        Ok(())
                    }
                    _ => Err(Output::failed(
                        "cut: the delimiter must be a single character\nTry 'cut --help' for more information.",
                        1,
                    )),
                }
            }),
            "-s" => {
                only_delimited = true;
                Ok(())
            }
            "-" => {
                operands.push(arg.clone());
                Ok(())
            }
            a if a.starts_with("--") => Err(super::not_simulated("cut", a)),
            a if a.starts_with('-') => Err(super::invalid_option("cut", a.chars().nth(1).unwrap_or('-'), flavor)),
            _ => {
                operands.push(arg.clone());
                Ok(())
            }
        };
        if let Err(o) = result {
            return o;
        }
    }
    let (list, by_field) = match (fields, chars) {
        (Some(f), None) => (f, true),
        (None, Some(c)) => (c, false),
        (Some(_), Some(_)) => return Output::failed("cut: only one list may be specified\nTry 'cut --help' for more information.", 1),
        (None, None) => {
            return Output::failed(
                "cut: you must specify a list of bytes, characters, or fields\nTry 'cut --help' for more information.",
                1,
            )
        }
    };
    let Some(ranges) = parse_list(&list) else {
        return Output::failed(
            format!("cut: invalid field value ‘{list}’\nTry 'cut --help' for more information."),
            1,
        );
    };
    let wanted = |n: usize| ranges.iter().any(|&(lo, hi)| n >= lo && n <= hi);
    let mut out = Output::default();
    for (name, content) in inputs(&operands, stdin, files) {
        let text = match content {
            Ok(t) => t,
            Err(reason) => {
                out.err(format!("cut: {name}: {reason}"));
                out.exit_code = 1;
                continue;
            }
        };
        for line in lines(&text) {
            if by_field {
                if !line.contains(delimiter) {
                    if !only_delimited {
                        out.out(line);
                    }
                    continue;
                }
                let picked: Vec<&str> = line
                    .split(delimiter)
                    .enumerate()
                    .filter(|(i, _)| wanted(i + 1))
                    .map(|(_, f)| f)
                    .collect();
                out.out(picked.join(&delimiter.to_string()));
            } else {
                let picked: String = line
                    .chars()
                    .enumerate()
                    .filter(|(i, _)| wanted(i + 1))
                    .map(|(_, c)| c)
                    .collect();
                out.out(picked);
            }
        }
    }
    out
}

/// `1,3-5,7-` to inclusive ranges, 1-based.
fn parse_list(list: &str) -> Option<Vec<(usize, usize)>> {
    list.split(',')
        .map(|part| {
            let (lo, hi) = match part.split_once('-') {
                Some((lo, hi)) => (
                    if lo.is_empty() { 1 } else { lo.parse().ok()? },
                    if hi.is_empty() {
                        usize::MAX
                    } else {
                        hi.parse().ok()?
                    },
                ),
                None => {
                    let n = part.parse().ok()?;
                    (n, n)
                }
            };
            (lo >= 1 && lo <= hi).then_some((lo, hi))
        })
        .collect()
}
