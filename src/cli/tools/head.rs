//! `head [-n N | -N] [FILE...]` and `tail [-n N | -N | -n +N] [FILE...]`: the first or last
//! lines (10 by default). With several files each gets a `==> NAME <==` header.
//!
//! Not simulated: `-c` (bytes) and `tail -f` (a simulated file never grows while you watch).

use super::{inputs, lines, Files, Flavor};
use crate::cli::Output;

/// How `tail -f` begins its `berth:` line (a container's main process waiting in it runs on).
pub const TAIL_FOLLOW: &str = "berth: `tail -f` is not simulated";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum End {
    Head,
    Tail,
}

pub fn head(
    args: &[String],
    stdin: &str,
    files: &mut dyn Files,
    flavor: Flavor,
    end: End,
) -> Output {
    let program = match end {
        End::Head => "head",
        End::Tail => "tail",
    };
    let mut count: usize = 10;
    let mut from_start = false;
    let mut operands = Vec::new();
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        let value = match arg.as_str() {
            "-n" | "--lines" => match rest.next() {
                Some(v) => Some(v.clone()),
                None => {
                    return Output::failed(
                        format!("{program}: option requires an argument -- 'n'\nTry '{program} --help' for more information."),
                        1,
                    )
                }
            },
            a if a.starts_with("--lines=") => Some(a.trim_start_matches("--lines=").to_string()),
            a if a.starts_with("-n") => Some(a.trim_start_matches("-n").to_string()),
            a if a.len() > 1 && a.starts_with('-') && a.chars().skip(1).all(|c| c.is_ascii_digit()) => {
                Some(a.trim_start_matches('-').to_string())
            }
            "-f" | "-F" | "--follow" if end == End::Tail => {
                return Output::failed(
                    format!("{TAIL_FOLLOW}: a file here never grows while you watch; use `docker logs` for a container's output"),
                    1,
                )
            }
            "-" => {
                operands.push(arg.clone());
                None
            }
            a if a.starts_with("--") => return super::not_simulated(program, a),
            a if a.starts_with('-') => {
                return super::invalid_option(program, a.chars().nth(1).unwrap_or('-'), flavor)
            }
            _ => {
                operands.push(arg.clone());
                None
            }
        };
        if let Some(value) = value {
            let (plus, digits) = match value.strip_prefix('+') {
                Some(d) => (true, d),
                None => (false, value.trim_start_matches('-')),
            };
            match digits.parse::<usize>() {
                Ok(n) => {
                    count = n;
                    from_start = plus && end == End::Tail;
                }
                Err(_) => {
                    return Output::failed(
                        format!("{program}: invalid number of lines: ‘{value}’"),
                        1,
                    )
                }
            }
        }
    }
    let several = operands.len() > 1;
    let mut out = Output::default();
    let mut first = true;
    for (name, content) in inputs(&operands, stdin, files) {
        let text = match content {
            Ok(t) => t,
            Err(reason) => {
                out.err(match flavor {
                    Flavor::Gnu => format!("{program}: cannot open '{name}' for reading: {reason}"),
                    Flavor::Busybox => format!("{program}: can't open '{name}': {reason}"),
                });
                out.exit_code = 1;
                continue;
            }
        };
        if several {
            if !first {
                out.out("");
            }
            out.out(format!("==> {name} <=="));
        }
        first = false;
        let all = lines(&text);
        let chosen: Vec<&str> = match (end, from_start) {
            (End::Head, _) => all.iter().take(count).copied().collect(),
            (End::Tail, true) => all.iter().skip(count.saturating_sub(1)).copied().collect(),
            (End::Tail, false) => all
                .iter()
                .skip(all.len().saturating_sub(count))
                .copied()
                .collect(),
        };
        for line in chosen {
            out.out(line);
        }
    }
    out
}
