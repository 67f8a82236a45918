//! `tr [-d] SET1 [SET2]`: translate or delete characters. Sets take ranges (`a-z`), the
//! escapes `\n`, `\t`, `\\`, and the classes `[:upper:]`, `[:lower:]`, `[:digit:]`,
//! `[:space:]`, `[:alpha:]`, `[:alnum:]`; SET2 is padded with its last character (GNU).
//!
//! Not simulated: `-s`, `-c` (they answer with a `berth:` line).

use super::{lines, Flavor};
use crate::cli::Output;

pub fn tr(args: &[String], stdin: &str, flavor: Flavor) -> Output {
    let mut delete = false;
    let mut sets = Vec::new();
    for arg in args {
        match arg.as_str() {
            "-d" | "--delete" => delete = true,
            "-s" | "-c" | "-C" | "--squeeze-repeats" | "--complement" => {
                return super::not_simulated("tr", arg)
            }
            a if a.starts_with('-') && a.len() > 1 => {
                return super::invalid_option("tr", a.chars().nth(1).unwrap_or('-'), flavor)
            }
            _ => sets.push(expand(arg)),
        }
    }
    let (from, to) = match (delete, sets.as_slice()) {
        (true, [from]) => (from.clone(), Vec::new()),
        (false, [from, to]) if !to.is_empty() => (from.clone(), to.clone()),
        (_, []) => return Output::failed("tr: missing operand\nTry 'tr --help' for more information.", 1),
        (true, [_, extra, ..]) | (false, [_, _, extra, ..]) => {
            return Output::failed(
                format!("tr: extra operand ‘{}’\nOnly one string may be given when deleting without squeezing repeats.\nTry 'tr --help' for more information.", extra.iter().collect::<String>()),
                1,
            )
        }
        (false, [from]) => {
            return Output::failed(
                format!("tr: missing operand after ‘{}’\nTwo strings must be given when translating.\nTry 'tr --help' for more information.", from.iter().collect::<String>()),
                1,
            )
        }
        (false, [_, _]) => return Output::failed("tr: when not truncating set1, string2 must be non-empty", 1),
    };
    let map = |c: char| -> Option<char> {
        match from.iter().rposition(|&f| f == c) {
            None => Some(c),
            Some(_) if delete => None,
            Some(i) => to.get(i).or(to.last()).copied(),
        }
    };
    let translated: String = stdin.chars().filter_map(map).collect();
    let mut o = Output::default();
    for line in lines(&translated) {
        o.out(line);
    }
    o
}

/// A set's characters in order.
fn expand(set: &str) -> Vec<char> {
    let mut out = Vec::new();
    let mut rest = set;
    while !rest.is_empty() {
        let class = [
            ("[:upper:]", ('A', 'Z')),
            ("[:lower:]", ('a', 'z')),
            ("[:digit:]", ('0', '9')),
        ]
        .into_iter()
        .find(|(name, _)| rest.starts_with(name));
        if let Some((name, (lo, hi))) = class {
            out.extend(lo..=hi);
            rest = &rest[name.len()..];
            continue;
        }
        if let Some(r) = rest.strip_prefix("[:space:]") {
            out.extend([' ', '\t', '\n', '\r', '\x0b', '\x0c']);
            rest = r;
            continue;
        }
        if let Some(r) = rest.strip_prefix("[:alpha:]") {
            out.extend(('A'..='Z').chain('a'..='z'));
            rest = r;
            continue;
        }
        if let Some(r) = rest.strip_prefix("[:alnum:]") {
            out.extend(('0'..='9').chain('A'..='Z').chain('a'..='z'));
            rest = r;
            continue;
        }
        let mut chars = rest.chars();
        let Some(mut c) = chars.next() else { break };
        let mut used = c.len_utf8();
        if c == '\\' {
            if let Some(e) = chars.next() {
                used += e.len_utf8();
                c = match e {
                    'n' => '\n',
                    't' => '\t',
                    other => other,
                };
            }
        }
        let after = &rest[used..];
        let mut tail = after.chars();
        if let (Some('-'), Some(hi)) = (tail.next(), tail.next()) {
            if hi >= c {
                out.extend(c..=hi);
                rest = &after[1 + hi.len_utf8()..];
                continue;
            }
        }
        out.push(c);
        rest = after;
    }
    out
}
