//! `wc [-lwcm] [FILE...]`: newline, word and byte counts.
//!
//! The column width follows coreutils' `wc.c` (`compute_number_width`): 1 when one count is
//! printed for one input, else wide enough for the largest file's size, and at least 7 when
//! an input is not a regular file (a pipe). busybox pads the same way for the cases learners
//! meet (`docker ps -q | wc -l` prints a bare number in both).

use super::{inputs, Files, Flavor};
use crate::cli::Output;

pub fn wc(args: &[String], stdin: &str, files: &mut dyn Files, flavor: Flavor) -> Output {
    let (mut lines, mut words, mut bytes) = (false, false, false);
    let mut operands = Vec::new();
    for arg in args {
        match arg.as_str() {
            "-" => operands.push(arg.clone()),
            "--lines" => lines = true,
            "--words" => words = true,
            "--bytes" | "--chars" => bytes = true,
            a if a.starts_with("--") => return super::not_simulated("wc", a),
            a if a.starts_with('-') => {
                for c in a.chars().skip(1) {
                    match c {
                        'l' => lines = true,
                        'w' => words = true,
                        'c' | 'm' => bytes = true,
                        other => return super::invalid_option("wc", other, flavor),
                    }
                }
            }
            _ => operands.push(arg.clone()),
        }
    }
    if !(lines || words || bytes) {
        (lines, words, bytes) = (true, true, true);
    }
    let mut out = Output::default();
    let mut rows: Vec<([usize; 3], Option<String>)> = Vec::new();
    let mut total = [0usize; 3];
    let mut piped = false;
    let mut regular_total = 0usize;
    for (name, content) in inputs(&operands, stdin, files) {
        match content {
            Ok(text) => {
                let counts = [
                    text.matches('\n').count(),
                    text.split_whitespace().count(),
                    text.len(),
                ];
                for (t, c) in total.iter_mut().zip(counts) {
                    *t += c;
                }
                if name == "-" {
                    piped = true;
                } else {
                    regular_total += text.len();
                }
                rows.push((
                    counts,
                    (name != "-" || !operands.is_empty()).then_some(name),
                ));
            }
            Err(reason) => {
                out.err(format!("wc: {name}: {reason}"));
                out.exit_code = 1;
            }
        }
    }
    // coreutils: a total line whenever more than one operand was given.
    if operands.len() > 1 {
        rows.push((total, Some("total".to_string())));
    }
    let shown = usize::from(lines) + usize::from(words) + usize::from(bytes);
    let width = if shown == 1 && operands.len() <= 1 {
        1
    } else {
        let digits = regular_total.max(1).to_string().len();
        if piped {
            digits.max(7)
        } else {
            digits
        }
    };
    let mut body = Vec::new();
    for (counts, name) in rows {
        let mut fields: Vec<String> = Vec::new();
        for (on, count) in [lines, words, bytes].into_iter().zip(counts) {
            if on {
                fields.push(format!("{count:>width$}"));
            }
        }
        if let Some(name) = name {
            fields.push(name);
        }
        body.push(fields.join(" "));
    }
    let errors = std::mem::take(&mut out.lines);
    for line in body {
        out.out(line);
    }
    // Errors come as each file is read, before the counts that follow it; a simple order
    // here: the errors first.
    let mut all = errors;
    all.append(&mut out.lines);
    out.lines = all;
    out
}
