//! `seq [FIRST [INCREMENT]] LAST` (`-s SEP`, `-w`) and `yes [STRING]…`, GNU coreutils' and
//! busybox's: the number generators learners pipe into loops and `head`.
//!
//! Bounds: a generator stops after [`GENERATED`] lines, one more than the shell lets a
//! command's output hold (`cli::sh::exec::MAX_OUTPUT_LINES`), so the shell sees that it was
//! cut and says so (`yes | head -3` prints its 3 lines and ends; `yes | wc -l` counts the
//! bounded output and a `berth:` line tells why).
//!
//! Texts: coreutils' `seq.c` (`invalid floating point argument: ‘x’`, `missing operand`,
//! `invalid Zero increment value: ‘0’`); busybox's `coreutils/seq.c` prints its usage, of
//! which Berth shows the `Usage:` line.
//! Not simulated: fractional numbers, `-f FORMAT`.

use super::{Flavor, Output};

/// The most lines `seq` and `yes` generate.
pub const GENERATED: usize = 10_001;

fn gnu_error(text: &str) -> Output {
    Output::failed(
        format!("seq: {text}\nTry 'seq --help' for more information."),
        1,
    )
}

/// busybox's seq.c answers a bad operand with its usage (bb_show_usage); Berth shows the
/// usage line of it, as `invalid_option` does for busybox.
fn busybox_usage() -> Output {
    Output::failed("Usage: seq [-w] [-s SEP] [FIRST [INC]] LAST", 1)
}

pub fn seq(args: &[String], flavor: Flavor) -> Output {
    let mut separator = "\n".to_string();
    let mut equal_width = false;
    let mut numbers = Vec::new();
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        match arg.as_str() {
            "-s" => separator = rest.next().cloned().unwrap_or_default(),
            "-w" => equal_width = true,
            a if a.starts_with("-s") && a.len() > 2 => separator = a.get(2..).unwrap_or("").into(),
            a if a.starts_with('-')
                && a.len() > 1
                && !a.chars().nth(1).is_some_and(|c| c.is_ascii_digit()) =>
            {
                return super::not_simulated("seq", a)
            }
            a => numbers.push(a.to_string()),
        }
    }
    let mut values = Vec::new();
    for n in &numbers {
        match n.parse::<i64>() {
            Ok(v) => values.push(v),
            Err(_) => {
                return match flavor {
                    Flavor::Gnu => gnu_error(&format!("invalid floating point argument: ‘{n}’")),
                    Flavor::Busybox => busybox_usage(),
                }
            }
        }
    }
    let (first, step, last) = match values.as_slice() {
        [last] => (1, 1, *last),
        [first, last] => (*first, 1, *last),
        [first, step, last] => (*first, *step, *last),
        [] => {
            return match flavor {
                Flavor::Gnu => gnu_error("missing operand"),
                Flavor::Busybox => busybox_usage(),
            }
        }
        [_, _, _, extra, ..] => return gnu_error(&format!("extra operand ‘{extra}’")),
    };
    if step == 0 {
        return gnu_error("invalid Zero increment value: ‘0’");
    }
    let width = if equal_width {
        first.to_string().len().max(last.to_string().len())
    } else {
        0
    };
    let mut items = Vec::new();
    let mut value = first;
    while (step > 0 && value <= last) || (step < 0 && value >= last) {
        if items.len() >= GENERATED {
            break;
        }
        items.push(format!("{value:0width$}"));
        value = match value.checked_add(step) {
            Some(v) => v,
            None => break,
        };
    }
    let mut out = Output::default();
    if separator == "\n" {
        for item in items {
            out.out(item);
        }
    } else if !items.is_empty() {
        out.out(items.join(&separator));
    }
    out
}

/// `yes`: its arguments joined by blanks (or `y`), line after line, until the bound.
pub fn yes(args: &[String]) -> Output {
    let line = if args.is_empty() {
        "y".to_string()
    } else {
        args.join(" ")
    };
    let mut out = Output::default();
    for _ in 0..GENERATED {
        out.out(line.clone());
    }
    out
}
