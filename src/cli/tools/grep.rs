//! `grep [-ivcnwqxEFhH] [-e PATTERN] PATTERN [FILE...]`: the lines that match.
//!
//! Patterns are POSIX basic regular expressions (`-E`: extended, `-F`: fixed strings),
//! translated to the RE2 syntax of the crate's Go `regexp` engine (the one the authorization
//! plugin's policies use), so no regex crate weighs on the browser build. Exit status: 0 when a
//! line matched, 1 when none did, 2 on an error (GNU grep's manual, "Exit Status").
//!
//! Context (`-A N`, `-B N`, `-C N`, `-NUM`, and their long forms): the lines around each
//! match, shown with `-` where a match has `:` (after the name and the number), and a line
//! `--` between groups that do not touch, as GNU grep prints them.
//!
//! Not simulated: `-o`, `-r`, `--color`, back-references.

use super::{inputs, lines, Files, Flavor};
use crate::cli::Output;
use crate::golang::regexp::Regexp;

#[derive(Default)]
struct Options {
    ignore_case: bool,
    invert: bool,
    count: bool,
    number: bool,
    word: bool,
    line: bool,
    quiet: bool,
    extended: bool,
    fixed: bool,
    with_name: Option<bool>,
    patterns: Vec<String>,
    /// `-B`, `-A`: lines of context before and after each match.
    before: usize,
    after: usize,
}

pub fn grep(
    program: &str,
    args: &[String],
    stdin: &str,
    files: &mut dyn Files,
    flavor: Flavor,
) -> Output {
    let mut o = Options {
        extended: program == "egrep",
        fixed: program == "fgrep",
        ..Options::default()
    };
    let mut operands: Vec<String> = Vec::new();
    let mut rest = args.iter();
    let mut only_operands = false;
    while let Some(arg) = rest.next() {
        if only_operands || arg == "-" || !arg.starts_with('-') {
            operands.push(arg.clone());
            continue;
        }
        if arg == "--" {
            only_operands = true;
            continue;
        }
        if let Some(long) = arg.strip_prefix("--") {
            let (name, value) = match long.split_once('=') {
                Some((n, v)) => (n, Some(v.to_string())),
                None => (long, None),
            };
            if matches!(name, "after-context" | "before-context" | "context") {
                let Some(value) = value.or_else(|| rest.next().cloned()) else {
                    return missing_argument('A', flavor);
                };
                let Some(n) = context_length(&value) else {
                    return invalid_context(&value, flavor);
                };
                match name {
                    "after-context" => o.after = n,
                    "before-context" => o.before = n,
                    _ => (o.before, o.after) = (n, n),
                }
                continue;
            }
            match long {
                "ignore-case" => o.ignore_case = true,
                "invert-match" => o.invert = true,
                "count" => o.count = true,
                "line-number" => o.number = true,
                "word-regexp" => o.word = true,
                "line-regexp" => o.line = true,
                "quiet" | "silent" => o.quiet = true,
                "extended-regexp" => o.extended = true,
                "fixed-strings" => o.fixed = true,
                _ => return super::not_simulated("grep", arg),
            }
            continue;
        }
        let mut chars = arg.chars().skip(1);
        while let Some(c) = chars.next() {
            match c {
                'i' | 'y' => o.ignore_case = true,
                'v' => o.invert = true,
                'c' => o.count = true,
                'n' => o.number = true,
                'w' => o.word = true,
                'x' => o.line = true,
                'q' | 's' => o.quiet = o.quiet || c == 'q',
                'E' => o.extended = true,
                'F' => o.fixed = true,
                'G' => o.extended = false,
                'h' => o.with_name = Some(false),
                'H' => o.with_name = Some(true),
                'e' => {
                    let attached: String = chars.by_ref().collect();
                    let value = if attached.is_empty() {
                        match rest.next() {
                            Some(v) => v.clone(),
                            None => return missing_argument(c, flavor),
                        }
                    } else {
                        attached
                    };
                    o.patterns.push(value);
                }
                'A' | 'B' | 'C' => {
                    let attached: String = chars.by_ref().collect();
                    let value = if attached.is_empty() {
                        match rest.next() {
                            Some(v) => v.clone(),
                            None => return missing_argument(c, flavor),
                        }
                    } else {
                        attached
                    };
                    let Some(n) = context_length(&value) else {
                        return invalid_context(&value, flavor);
                    };
                    match c {
                        'A' => o.after = n,
                        'B' => o.before = n,
                        _ => (o.before, o.after) = (n, n),
                    }
                }
                // `-5`: five lines of context on both sides (GNU grep).
                d if d.is_ascii_digit() => {
                    let digits: String = std::iter::once(d).chain(chars.by_ref()).collect();
                    let Some(n) = context_length(&digits) else {
                        return super::not_simulated("grep", arg);
                    };
                    (o.before, o.after) = (n, n);
                }
                'o' | 'r' | 'R' | 'l' | 'L' | 'f' => {
                    return super::not_simulated("grep", &format!("-{c}"))
                }
                other => return super::invalid_option("grep", other, flavor),
            }
        }
    }
    if o.patterns.is_empty() {
        if operands.is_empty() {
            return Output::failed(
                match flavor {
                    Flavor::Gnu => "Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.",
                    Flavor::Busybox => "BusyBox v1.37.0 multi-call binary.\n\nUsage: grep [-HhnlLoqvsrRiwFE] [-m N] [-A|B|C N] { PATTERN | -e PATTERN... | -f FILE... } [FILE]...",
                },
                2,
            );
        }
        o.patterns.push(operands.remove(0));
    }
    // A pattern with newlines is one pattern per line (GNU grep).
    let patterns: Vec<String> = o
        .patterns
        .iter()
        .flat_map(|p| p.split('\n').map(str::to_string).collect::<Vec<_>>())
        .map(|p| to_re2(&p, &o))
        .collect();
    let show_name = o.with_name.unwrap_or(operands.len() > 1);
    let mut out = Output::default();
    // Compiled once, not once per line. Go's RE2 stands in for grep's POSIX syntax: the plain
    // words and classes learners grep for mean the same in both.
    let mut compiled = Vec::with_capacity(patterns.len());
    for p in &patterns {
        match Regexp::compile(p) {
            Ok(re) => compiled.push(re),
            Err(e) => return Output::failed(e.to_string(), 2),
        }
    }
    let mut matched = false;
    let mut error = false;
    for (name, content) in inputs(&operands, stdin, files) {
        let text = match content {
            Ok(t) => t,
            Err(reason) => {
                out.err(format!("grep: {name}: {reason}"));
                error = true;
                continue;
            }
        };
        let shown_name = if name == "-" {
            "(standard input)".to_string()
        } else {
            name
        };
        let mut count = 0u32;
        let all = lines(&text);
        let hits: Vec<bool> = all
            .iter()
            .map(|line| {
                let subject = if o.ignore_case {
                    line.to_lowercase()
                } else {
                    line.to_string()
                };
                compiled.iter().any(|re| re.match_string(&subject)) != o.invert
            })
            .collect();
        // One line as grep shows it: `:` after the name and number of a match, `-` for context.
        let show = |out: &mut Output, index: usize, mark: char| {
            let mut shown = String::new();
            if show_name {
                shown.push_str(&format!("{shown_name}{mark}"));
            }
            if o.number {
                shown.push_str(&format!("{}{mark}", index + 1));
            }
            shown.push_str(all.get(index).copied().unwrap_or_default());
            out.out(shown);
        };
        let mut last: Option<usize> = None;
        let mut after_left = 0usize;
        for (index, hit) in hits.iter().enumerate() {
            if !hit {
                if after_left > 0 && !(o.quiet || o.count) {
                    show(&mut out, index, '-');
                    last = Some(index);
                    after_left -= 1;
                }
                continue;
            }
            matched = true;
            count += 1;
            if o.quiet || o.count {
                continue;
            }
            let from = index.saturating_sub(o.before);
            let from = last.map_or(from, |l| from.max(l + 1));
            if let Some(l) = last {
                if (o.before > 0 || o.after > 0) && from > l + 1 {
                    out.out("--");
                }
            }
            for j in from..index {
                show(&mut out, j, '-');
            }
            show(&mut out, index, ':');
            last = Some(index);
            after_left = o.after;
        }
        if o.count && !o.quiet {
            out.out(if show_name {
                format!("{shown_name}:{count}")
            } else {
                count.to_string()
            });
        }
        if o.quiet && matched {
            break;
        }
    }
    out.exit_code = if error && !(o.quiet && matched) {
        2
    } else if matched {
        0
    } else {
        1
    };
    out
}

/// A context length: digits (GNU grep's `context_length_arg`).
fn context_length(text: &str) -> Option<usize> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(text.parse().unwrap_or(usize::MAX))
}

/// GNU grep `context_length_arg`: `grep: X: invalid context length argument`; busybox
/// `xatoi_positive`: `grep: invalid number 'X'`.
fn invalid_context(value: &str, flavor: Flavor) -> Output {
    Output::failed(
        match flavor {
            Flavor::Gnu => format!("grep: {value}: invalid context length argument"),
            Flavor::Busybox => format!("grep: invalid number '{value}'"),
        },
        2,
    )
}

fn missing_argument(option: char, flavor: Flavor) -> Output {
    Output::failed(
        match flavor {
            Flavor::Gnu => format!("grep: option requires an argument -- '{option}'\nUsage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information."),
            Flavor::Busybox => format!("grep: option requires an argument -- '{option}'"),
        },
        2,
    )
}

/// A grep pattern to RE2: BRE's `\(`, `\)`, `\{`, `\}`, `\|`, `\+`, `\?` are the operators
/// and their bare forms are characters; ERE is RE2 already for what learners type; `-F` quotes
/// every character. `-i` lowercases pattern and line alike; `-w` and `-x` anchor.
fn to_re2(pattern: &str, o: &Options) -> String {
    let pattern = if o.ignore_case {
        pattern.to_lowercase()
    } else {
        pattern.to_string()
    };
    let mut re = String::new();
    let mut chars = pattern.chars().peekable();
    while let Some(c) = chars.next() {
        if o.fixed {
            re.push_str(&quote(c));
            continue;
        }
        match c {
            '\\' => match chars.next() {
                Some(op @ ('(' | ')' | '{' | '}' | '|' | '+' | '?')) if !o.extended => re.push(op),
                Some(other) => {
                    re.push('\\');
                    re.push(other);
                }
                None => re.push_str("\\\\"),
            },
            '(' | ')' | '{' | '}' | '|' | '+' | '?' if !o.extended => re.push_str(&quote(c)),
            other => re.push(other),
        }
    }
    if o.line {
        format!("^(?:{re})$")
    } else if o.word {
        format!("(?:^|[^A-Za-z0-9_])(?:{re})(?:[^A-Za-z0-9_]|$)")
    } else {
        re
    }
}

fn quote(c: char) -> String {
    if "\\.+*?()|[]{}^$".contains(c) {
        format!("\\{c}")
    } else {
        c.to_string()
    }
}
