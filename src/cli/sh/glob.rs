//! Shell patterns (POSIX XCU 2.13): `*`, `?` and bracket expressions `[…]` (`[!…]`, `[^…]`,
//! ranges, `[:alpha:]`-style classes), for `case`, `[[ == ]]`, `${X#p}` and pathname
//! expansion over the files the shell's file system holds.
//!
//! A pattern is a string in which a character that was quoted is preceded by `\`: quoting
//! makes `*` an ordinary character, so the expander escapes what was quoted
//! ([`escape`]) and leaves the unquoted text as typed.
//!
//! Matching is dynamic programming over (pattern position, text position), so time is
//! bounded by their product (no exponential backtracking on `*a*a*a*b`). Why hand-written:
//! the `glob` crate walks a real file system and `globset` compiles to regexes; neither
//! matches against an in-memory list with the shell's quoting.
//!
//! Not simulated: bash's `extglob`, `globstar` (`**`), `nocaseglob`, `dotglob`, `nullglob`.

/// One element of a compiled pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Token {
    Char(char),
    Any,
    Star,
    /// A bracket expression: (negated, ranges).
    Class(bool, Vec<(char, char)>),
}

/// `text` with the pattern characters escaped: what a quoted part contributes.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '*' | '?' | '[' | ']' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Whether `pattern` has an unescaped `*`, `?` or `[`: only such a word is expanded.
pub fn has_magic(pattern: &str) -> bool {
    compile(pattern)
        .iter()
        .any(|t| !matches!(t, Token::Char(_)))
}

fn class_ranges(name: &str) -> Vec<(char, char)> {
    match name {
        "alpha" => vec![('a', 'z'), ('A', 'Z')],
        "digit" => vec![('0', '9')],
        "alnum" => vec![('a', 'z'), ('A', 'Z'), ('0', '9')],
        "upper" => vec![('A', 'Z')],
        "lower" => vec![('a', 'z')],
        "space" => vec![(' ', ' '), ('\t', '\r')],
        "xdigit" => vec![('0', '9'), ('a', 'f'), ('A', 'F')],
        "punct" => vec![('!', '/'), (':', '@'), ('[', '`'), ('{', '~')],
        _ => Vec::new(),
    }
}

fn compile(pattern: &str) -> Vec<Token> {
    let chars: Vec<char> = pattern.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        i += 1;
        match c {
            '\\' => {
                if let Some(&next) = chars.get(i) {
                    tokens.push(Token::Char(next));
                    i += 1;
                }
            }
            '*' => tokens.push(Token::Star),
            '?' => tokens.push(Token::Any),
            '[' => match bracket(&chars, i) {
                Some((token, next)) => {
                    tokens.push(token);
                    i = next;
                }
                None => tokens.push(Token::Char('[')),
            },
            c => tokens.push(Token::Char(c)),
        }
    }
    tokens
}

/// A bracket expression starting after `[` at `i`; `None` when it has no closing `]` (then
/// `[` is an ordinary character).
fn bracket(chars: &[char], mut i: usize) -> Option<(Token, usize)> {
    let negated = matches!(chars.get(i), Some('!' | '^'));
    if negated {
        i += 1;
    }
    let mut ranges = Vec::new();
    let mut first = true;
    loop {
        let c = *chars.get(i)?;
        if c == ']' && !first {
            return Some((Token::Class(negated, ranges), i + 1));
        }
        first = false;
        if c == '[' && chars.get(i + 1) == Some(&':') {
            let rest: String = chars.get(i + 2..)?.iter().collect();
            if let Some(end) = rest.find(":]") {
                ranges.extend(class_ranges(rest.get(..end)?));
                i += 2 + rest.get(..end)?.chars().count() + 2;
                continue;
            }
        }
        let c = if c == '\\' {
            i += 1;
            *chars.get(i)?
        } else {
            c
        };
        if chars.get(i + 1) == Some(&'-') && chars.get(i + 2).is_some_and(|&e| e != ']') {
            let end = *chars.get(i + 2)?;
            ranges.push((c, end));
            i += 3;
        } else {
            ranges.push((c, c));
            i += 1;
        }
    }
}

fn token_matches(token: &Token, c: char) -> bool {
    match token {
        Token::Char(t) => *t == c,
        Token::Any => true,
        Token::Star => true,
        Token::Class(negated, ranges) => {
            ranges.iter().any(|(lo, hi)| (*lo..=*hi).contains(&c)) != *negated
        }
    }
}

/// Whether all of `text` matches `pattern`.
pub fn matches(pattern: &str, text: &str) -> bool {
    let tokens = compile(pattern);
    let text: Vec<char> = text.chars().collect();
    // reach[j]: the first i tokens can match the first j characters.
    let mut reach = vec![false; text.len() + 1];
    if let Some(r) = reach.first_mut() {
        *r = true;
    }
    for token in &tokens {
        let mut next = vec![false; text.len() + 1];
        if *token == Token::Star {
            let mut any = false;
            for (j, slot) in next.iter_mut().enumerate() {
                any |= reach.get(j).copied().unwrap_or(false);
                *slot = any;
            }
        } else {
            for (j, c) in text.iter().enumerate() {
                if reach.get(j).copied().unwrap_or(false) && token_matches(token, *c) {
                    if let Some(slot) = next.get_mut(j + 1) {
                        *slot = true;
                    }
                }
            }
        }
        reach = next;
    }
    reach.last().copied().unwrap_or(false)
}

/// The length in characters of the shortest (or longest) prefix of `text` that matches.
pub fn prefix(pattern: &str, text: &str, longest: bool) -> Option<usize> {
    let count = text.chars().count();
    let mut lengths: Vec<usize> = (0..=count).collect();
    if longest {
        lengths.reverse();
    }
    lengths.into_iter().find(|&n| {
        let head: String = text.chars().take(n).collect();
        matches(pattern, &head)
    })
}

/// The length in characters of the shortest (or longest) suffix of `text` that matches.
pub fn suffix(pattern: &str, text: &str, longest: bool) -> Option<usize> {
    let count = text.chars().count();
    let mut lengths: Vec<usize> = (0..=count).collect();
    if longest {
        lengths.reverse();
    }
    lengths.into_iter().find(|&n| {
        let tail: String = text.chars().skip(count - n).collect();
        matches(pattern, &tail)
    })
}

/// Pathname expansion: the paths among `paths` (absolute, sorted) that `pattern` matches,
/// given relative to `cwd` when the pattern is relative. A `*` or `?` does not match `/`,
/// nor a leading `.`. Empty: nothing matched (the word stays as typed).
pub fn expand(pattern: &str, cwd: &str, paths: &[String]) -> Vec<String> {
    let absolute = pattern.starts_with('/');
    let base = if cwd.ends_with('/') {
        cwd.to_string()
    } else {
        format!("{cwd}/")
    };
    let full = if absolute {
        pattern.to_string()
    } else {
        format!("{}{}", escape(&base), pattern)
    };
    let full_segments: Vec<&str> = full.split('/').collect();
    let mut found: Vec<String> = Vec::new();
    // Candidates: every stored path and each of its parent directories.
    let mut candidates: Vec<String> = Vec::new();
    for path in paths {
        let mut at = 0;
        while let Some(i) = path.get(at + 1..).and_then(|s| s.find('/')) {
            at += i + 1;
            candidates.push(path.get(..at).unwrap_or("").to_string());
        }
        candidates.push(path.clone());
    }
    candidates.sort();
    candidates.dedup();
    for candidate in candidates {
        let segments: Vec<&str> = candidate.split('/').collect();
        if segments.len() != full_segments.len() {
            continue;
        }
        let all = segments.iter().zip(&full_segments).all(|(s, p)| {
            (!s.starts_with('.') || p.starts_with('.') || p.starts_with("\\.")) && matches(p, s)
        });
        if all {
            let shown = if absolute {
                candidate
            } else {
                candidate
                    .strip_prefix(&base)
                    .unwrap_or(&candidate)
                    .to_string()
            };
            found.push(shown);
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_match_as_the_shell_does() {
        let cases: &[(&str, &str, bool)] = &[
            ("*", "abc", true),
            ("a*c", "abbbc", true),
            ("a?c", "abc", true),
            ("a?c", "ac", false),
            ("[abc]x", "bx", true),
            ("[!abc]x", "bx", false),
            ("[a-c]*", "cat", true),
            ("[[:digit:]]*", "7up", true),
            ("\\*", "*", true),
            ("\\*", "a", false),
            ("*.txt", "notes.txt", true),
            ("*a*a*a*a*b", &"a".repeat(60), false),
            ("[", "[", true),
        ];
        for (pattern, text, expected) in cases {
            assert_eq!(matches(pattern, text), *expected, "{pattern} {text}");
        }
        assert_eq!(prefix("*/", "a/b/c", false), Some(2));
        assert_eq!(prefix("*/", "a/b/c", true), Some(4));
        assert_eq!(suffix(".*", "f.tar.gz", false), Some(3));
        assert_eq!(suffix(".*", "f.tar.gz", true), Some(7));
    }

    #[test]
    fn pathname_expansion_lists_stored_files() {
        let paths: Vec<String> = [
            "/root/a.txt", "/root/b.txt", "/root/.hidden", "/root/d/c.txt",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        assert_eq!(expand("*.txt", "/root", &paths), vec!["a.txt", "b.txt"]);
        assert_eq!(expand("*", "/root", &paths), vec!["a.txt", "b.txt", "d"]);
        assert_eq!(expand("*/*.txt", "/root", &paths), vec!["d/c.txt"]);
        assert_eq!(
            expand("/root/?.txt", "/", &paths),
            vec!["/root/a.txt", "/root/b.txt"]
        );
        assert!(expand("*.md", "/root", &paths).is_empty());
    }
}
