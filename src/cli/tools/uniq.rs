//! `uniq [-c] [-d] [-u] [-i] [INPUT]`: adjacent repeated lines, GNU coreutils' and busybox's
//! (both count with `%7d ` before the line, coreutils' `uniq.c` and busybox's
//! `coreutils/uniq.c`). Not simulated: `-f`, `-s`, `-w`, an OUTPUT file operand.

use super::{inputs, invalid_option, lines, Files, Flavor, Output};

pub fn uniq(args: &[String], stdin: &str, files: &mut dyn Files, flavor: Flavor) -> Output {
    let (mut count, mut repeated, mut unique, mut ignore_case) = (false, false, false, false);
    let mut operands = Vec::new();
    for arg in args {
        match arg.as_str() {
            "--count" => count = true,
            "--repeated" => repeated = true,
            "--unique" => unique = true,
            "--ignore-case" => ignore_case = true,
            a if a.starts_with("--") => return super::not_simulated("uniq", a),
            a if a.starts_with('-') && a.len() > 1 => {
                for c in a.chars().skip(1) {
                    match c {
                        'c' => count = true,
                        'd' => repeated = true,
                        'u' => unique = true,
                        'i' => ignore_case = true,
                        'f' | 's' | 'w' => return super::not_simulated("uniq", a),
                        other => return invalid_option("uniq", other, flavor),
                    }
                }
            }
            a => operands.push(a.to_string()),
        }
    }
    let mut out = Output::default();
    let first = operands.first().cloned().into_iter().collect::<Vec<_>>();
    let Some((name, content)) = inputs(&first, stdin, files).into_iter().next() else {
        return out;
    };
    let text = match content {
        Ok(text) => text,
        Err(reason) => return Output::failed(format!("uniq: {name}: {reason}"), 1),
    };
    let same = |a: &str, b: &str| {
        if ignore_case {
            a.eq_ignore_ascii_case(b)
        } else {
            a == b
        }
    };
    let mut groups: Vec<(&str, usize)> = Vec::new();
    for line in lines(&text) {
        match groups.last_mut() {
            Some((last, n)) if same(last, line) => *n += 1,
            _ => groups.push((line, 1)),
        }
    }
    for (line, n) in groups {
        if (repeated && n < 2) || (unique && n > 1) {
            continue;
        }
        if count {
            out.out(format!("{n:>7} {line}"));
        } else {
            out.out(line.to_string());
        }
    }
    out
}
