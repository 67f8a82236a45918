//! `sort [-rnu] [-k N] [-t SEP] [FILE...]`: lines in order. Byte order (the C locale, as in
//! a container and in scripts with `LC_ALL=C`); `-n` compares the leading number.

use super::{inputs, lines, Files, Flavor};
use crate::cli::Output;

pub fn sort(args: &[String], stdin: &str, files: &mut dyn Files, flavor: Flavor) -> Output {
    let (mut reverse, mut numeric, mut unique) = (false, false, false);
    let mut key: Option<usize> = None;
    let mut separator: Option<char> = None;
    let mut operands = Vec::new();
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        match arg.as_str() {
            "-k" | "-t" => {
                let Some(value) = rest.next() else {
                    return Output::failed(
                        format!("sort: option requires an argument -- '{}'\nTry 'sort --help' for more information.", arg.trim_start_matches('-')),
                        2,
                    );
                };
                if arg == "-t" {
                    separator = value.chars().next();
                } else {
                    let field = value.split([',', '.']).next().unwrap_or("");
                    match field.trim_end_matches(|c: char| c.is_ascii_alphabetic()).parse::<usize>() {
                        Ok(n) if n > 0 => key = Some(n),
                        _ => return Output::failed(format!("sort: invalid number at field start: invalid count at start of ‘{value}’"), 2),
                    }
                    numeric = numeric || field.ends_with('n');
                    reverse = reverse || field.ends_with('r');
                }
            }
            "-" => operands.push(arg.clone()),
            a if a.starts_with("--") => match a {
                "--reverse" => reverse = true,
                "--numeric-sort" => numeric = true,
                "--unique" => unique = true,
                _ => return super::not_simulated("sort", a),
            },
            a if a.starts_with('-') => {
                for c in a.chars().skip(1) {
                    match c {
                        'r' => reverse = true,
                        'n' => numeric = true,
                        'u' => unique = true,
                        other => return super::invalid_option("sort", other, flavor),
                    }
                }
            }
            _ => operands.push(arg.clone()),
        }
    }
    let mut out = Output::default();
    let mut all: Vec<String> = Vec::new();
    for (name, content) in inputs(&operands, stdin, files) {
        match content {
            Ok(text) => all.extend(lines(&text).into_iter().map(str::to_string)),
            Err(reason) => {
                return Output::failed(
                    match flavor {
                        Flavor::Gnu => format!("sort: cannot read: {name}: {reason}"),
                        Flavor::Busybox => format!("sort: can't open '{name}': {reason}"),
                    },
                    2,
                )
            }
        }
    }
    let field = |line: &str| -> String {
        match key {
            None => line.to_string(),
            Some(k) => {
                let fields: Vec<&str> = match separator {
                    Some(sep) => line.split(sep).collect(),
                    None => line.split_whitespace().collect(),
                };
                fields.get(k - 1).map_or(String::new(), |f| f.to_string())
            }
        }
    };
    let number = |s: &str| -> f64 {
        let s = s.trim_start();
        let end = s
            .char_indices()
            .find(|&(i, c)| !(c.is_ascii_digit() || c == '.' || (i == 0 && c == '-')))
            .map_or(s.len(), |(i, _)| i);
        s.get(..end).and_then(|n| n.parse().ok()).unwrap_or(0.0)
    };
    all.sort_by(|a, b| {
        let (ka, kb) = (field(a), field(b));
        let order = if numeric {
            number(&ka).total_cmp(&number(&kb))
        } else {
            ka.cmp(&kb)
        };
        // Last resort, as GNU sort does: the whole line, byte by byte.
        order.then_with(|| a.cmp(b))
    });
    if reverse {
        all.reverse();
    }
    if unique {
        all.dedup_by(|a, b| {
            if numeric {
                number(&field(a)) == number(&field(b))
            } else {
                field(a) == field(b)
            }
        });
    }
    for line in all {
        out.out(line);
    }
    out
}
