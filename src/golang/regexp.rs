//! Go's `regexp`: RE2 syntax, and `regexp.MatchString`'s semantics (true when the pattern
//! matches anywhere in the text: unanchored unless the pattern says `^`/`$`).
//!
//! Contract:
//! - Matching is done by the `regex-lite` crate (0.1, about 6,500 lines, no dependencies): it
//!   is an RE2-style engine (no backreferences, no look-around, linear time in the text), its
//!   `\d`, `\s`, `\w` and `\b` are ASCII as Go's are, and its `$` means end of text as Go's
//!   does without `(?m)`. It replaced a hand-written matcher that knew only the subset the
//!   authorization broker's policies used; the full `regex` crate was not taken for its size
//!   in the wasm (Unicode tables), and Go's ASCII classes do not need them. Its cost,
//!   measured on `berth-web` (release, after wasm-bindgen, before wasm-opt): +54 KB raw,
//!   +20 KB gzipped. Should that be too much for the budget, the hand-written matcher (in
//!   git history, `engine/authz.rs` before this module) fits behind the same API.
//! - Where the two syntaxes differ, [`translate`] rewrites a Go pattern into the crate's
//!   dialect first, or refuses what Go refuses: an escaped punctuation character is always a
//!   literal in Go (`\<` is `<`, a word boundary to the crate), `\s` is `[\t\n\f\r ]` (no
//!   `\v`), `\Q…\E` quotes literal text, octal escapes (`\012`), a `{` that does not begin a
//!   repetition is a literal, inside `[…]` a `[`, `&&` or `~~` is literal text; Go refuses
//!   repetition counts above 1000, stacked repetitions (`a**`), the flags `x` and `R`, and
//!   the escapes `\u`, `\U`, `\e` and `\<digit>` back references.
//! - A pattern Go would not compile is an [`Error`]; Go's exact error text (`error parsing
//!   regexp: missing closing ): ...`) is not simulated: nothing in Berth prints it, and the
//!   crate's errors are opaque.
//! - Not simulated: Unicode classes (`\pL`, `\p{Greek}`: the crate has none, so such a
//!   pattern does not compile here), Unicode case folding under `(?i)` (ASCII only),
//!   `\S` inside a bracket class (it keeps the crate's meaning, with `\v`), and leftmost-first
//!   submatch extraction (only `MatchString` is needed).

use std::fmt;

/// The longest pattern compiled: input is bounded, and the crate's size limit does the rest.
const MAX_PATTERN: usize = 4096;
/// Go's `syntax.maxRepeat`: a larger count is "invalid repeat count".
const MAX_REPEAT: u32 = 1000;

/// A pattern Go's `regexp.Compile` refuses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    pattern: String,
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "berth: Go's regexp does not compile `{}` (Go's exact error text is not simulated)",
            self.pattern
        )
    }
}

/// A compiled Go regular expression.
#[derive(Debug, Clone)]
pub struct Regexp {
    re: regex_lite::Regex,
}

impl Regexp {
    /// Go's `regexp.Compile`.
    pub fn compile(pattern: &str) -> Result<Regexp, Error> {
        let error = || Error {
            pattern: pattern.to_string(),
        };
        if pattern.len() > MAX_PATTERN {
            return Err(error());
        }
        let translated = translate(pattern).ok_or_else(error)?;
        let re = regex_lite::Regex::new(&translated).map_err(|_| error())?;
        Ok(Regexp { re })
    }

    /// Go's `(*Regexp).MatchString`: a match anywhere in `text`.
    pub fn match_string(&self, text: &str) -> bool {
        self.re.is_match(text)
    }
}

/// Go's `regexp.MatchString(pattern, text)`.
pub fn match_string(pattern: &str, text: &str) -> Result<bool, Error> {
    Ok(Regexp::compile(pattern)?.match_string(text))
}

/// A character written so the crate reads it as itself, inside or outside a class.
fn literal(c: char, out: &mut String) {
    out.push_str(&format!("\\x{{{:X}}}", c as u32));
}

/// Rewrites a Go (RE2) pattern into regex-lite's dialect; `None` when Go refuses it.
fn translate(pattern: &str) -> Option<String> {
    let chars: Vec<char> = pattern.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    // Inside `[…]`: the index where the class's items start (after `[` and `^`).
    let mut class_start: Option<usize> = None;
    // The previous item was a repetition (`*`, `+`, `?`, `{n,m}`, with its lazy `?`).
    let mut after_repeat = false;
    let at = |i: usize| chars.get(i).copied();
    while let Some(c) = at(i) {
        if let Some(start) = class_start {
            match c {
                ']' if i > start => {
                    out.push(']');
                    class_start = None;
                    i += 1;
                }
                '[' if at(i + 1) == Some(':') => {
                    // `[:alpha:]` is copied as is.
                    let close = (i + 2..chars.len())
                        .find(|&j| at(j) == Some(':') && at(j + 1) == Some(']'))?;
                    out.extend(chars.get(i..close + 2)?.iter());
                    i = close + 2;
                }
                '[' | '&' | '~' => {
                    literal(c, &mut out);
                    i += 1;
                }
                '\\' => {
                    i = escape(&chars, i, true, &mut out)?;
                }
                c => {
                    out.push(c);
                    i += 1;
                }
            }
            continue;
        }
        match c {
            '[' => {
                out.push('[');
                i += 1;
                if at(i) == Some('^') {
                    out.push('^');
                    i += 1;
                }
                class_start = Some(i);
                after_repeat = false;
            }
            '*' | '+' | '?' => {
                if after_repeat {
                    return None;
                }
                out.push(c);
                i += 1;
                if at(i) == Some('?') {
                    out.push('?');
                    i += 1;
                }
                after_repeat = true;
            }
            '{' => match repeat(&chars, i) {
                Some(Ok(end)) => {
                    if after_repeat {
                        return None;
                    }
                    out.extend(chars.get(i..end)?.iter());
                    i = end;
                    if at(i) == Some('?') {
                        out.push('?');
                        i += 1;
                    }
                    after_repeat = true;
                }
                Some(Err(())) => return None,
                None => {
                    literal('{', &mut out);
                    i += 1;
                    after_repeat = false;
                }
            },
            '(' if at(i + 1) == Some('?') => {
                // Flags `(?i)`, `(?i:…)`, or a named group `(?P<name>…)`, `(?<name>…)`.
                let named = at(i + 2) == Some('<') || at(i + 2) == Some('P');
                if !named {
                    let mut j = i + 2;
                    while let Some(f) = at(j).filter(|f| *f != ')' && *f != ':') {
                        if !matches!(f, 'i' | 'm' | 's' | 'U' | '-') {
                            return None;
                        }
                        j += 1;
                    }
                }
                out.push_str("(?");
                i += 2;
                after_repeat = false;
            }
            '\\' => {
                i = escape(&chars, i, false, &mut out)?;
                after_repeat = false;
            }
            c => {
                out.push(c);
                i += 1;
                after_repeat = false;
            }
        }
    }
    if class_start.is_some() {
        return None;
    }
    Some(out)
}

/// A repetition `{n}`, `{n,}` or `{n,m}` starting at `open`: `Some(Ok(end))` past its `}`,
/// `Some(Err)` when its counts are out of Go's range, `None` when it is not one (a literal).
fn repeat(chars: &[char], open: usize) -> Option<Result<usize, ()>> {
    let mut j = open + 1;
    let number = |j: &mut usize| -> Option<u32> {
        let start = *j;
        while chars.get(*j).is_some_and(char::is_ascii_digit) {
            *j += 1;
        }
        let text: String = chars.get(start..*j)?.iter().collect();
        if text.is_empty() {
            None
        } else {
            Some(text.parse::<u32>().unwrap_or(u32::MAX))
        }
    };
    let min = number(&mut j)?;
    let mut max = Some(min);
    if chars.get(j) == Some(&',') {
        j += 1;
        max = if chars.get(j) == Some(&'}') {
            None
        } else {
            Some(number(&mut j)?)
        };
    }
    if chars.get(j) != Some(&'}') {
        return None;
    }
    if min > MAX_REPEAT || max.is_some_and(|m| m > MAX_REPEAT || m < min) {
        return Some(Err(()));
    }
    Some(Ok(j + 1))
}

/// An escape at `chars[at] == '\\'`, written in the crate's dialect; returns the index past
/// it, or `None` when Go refuses it.
fn escape(chars: &[char], at: usize, in_class: bool, out: &mut String) -> Option<usize> {
    let c = *chars.get(at + 1)?;
    let next = at + 2;
    match c {
        // `\Q…\E`: everything up to `\E` (or the end) is literal.
        'Q' if !in_class => {
            let mut j = next;
            while j < chars.len() {
                if chars.get(j) == Some(&'\\') && chars.get(j + 1) == Some(&'E') {
                    return Some(j + 2);
                }
                literal(*chars.get(j)?, out);
                j += 1;
            }
            Some(j)
        }
        // Go's whitespace class has no `\v`.
        's' if in_class => {
            out.push_str("\\t\\n\\x{C}\\r ");
            Some(next)
        }
        's' => {
            out.push_str("[\\t\\n\\x{C}\\r ]");
            Some(next)
        }
        'S' if !in_class => {
            out.push_str("[^\\t\\n\\x{C}\\r ]");
            Some(next)
        }
        // Octal: `\0`, `\0NN`, or `\NN`/`\NNN` starting 1-7 (a lone `\1` is a back
        // reference, which RE2 refuses).
        '0'..='7' => {
            let is_octal = |j: usize| chars.get(j).is_some_and(|d| ('0'..='7').contains(d));
            if c != '0' && !is_octal(next) {
                return None;
            }
            let mut j = at + 1;
            let mut value = 0u32;
            while j < at + 4 && is_octal(j) {
                value = value * 8 + chars.get(j)?.to_digit(8)?;
                j += 1;
            }
            literal(char::from_u32(value)?, out);
            Some(j)
        }
        'a' | 'f' | 't' | 'n' | 'r' | 'v' | 'x' | 'd' | 'D' | 'w' | 'W' | 'S' | 'p' | 'P' => {
            out.push('\\');
            out.push(c);
            Some(next)
        }
        'b' | 'B' | 'A' | 'z' if !in_class => {
            out.push('\\');
            out.push(c);
            Some(next)
        }
        // Go: an escaped punctuation character is always itself.
        c if c.is_ascii() && !c.is_ascii_alphanumeric() => {
            literal(c, out);
            Some(next)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `(pattern, text, Go's regexp.MatchString)`; `None` where Go refuses the pattern. From
    /// the regexp/syntax documentation and the authorization broker's policies.
    #[test]
    fn match_string_as_go() {
        let cases: &[(&str, &str, Option<bool>)] = &[
            // The broker's action patterns: unanchored, "" matches everything.
            ("", "container_create", Some(true)),
            ("container", "container_create", Some(true)),
            ("container_create", "container_create", Some(true)),
            ("^container_create$", "container_create", Some(true)),
            ("^container$", "container_create", Some(false)),
            ("create", "container_create", Some(true)),
            ("image_.*", "image_create", Some(true)),
            ("image_.*", "container_create", Some(false)),
            ("container_(start|stop)", "container_stop", Some(true)),
            ("container_(start|stop)", "container_kill", Some(false)),
            ("^(image|network)_list$", "network_list", Some(true)),
            ("container_[a-c]", "container_create", Some(true)),
            ("container_[^a-c]", "container_create", Some(false)),
            ("a+b?c*", "xaay", Some(true)),
            ("container", "", Some(false)),
            ("", "", Some(true)),
            // Syntax errors Go reports.
            ("(", "anything", None),
            ("*", "anything", None),
            ("a)", "a", None),
            ("[a", "a", None),
            ("a**", "a", None),
            ("a+*", "a", None),
            ("a{1001}", "a", None),
            ("a{2,1}", "aa", None),
            ("\\1", "a", None),
            ("\\e", "a", None),
            ("\\u0041", "A", None),
            ("(?x)a", "a", None),
            // Perl classes are ASCII; `\s` has no `\v`.
            ("^\\d+$", "2376", Some(true)),
            ("^\\w+$", "net_list", Some(true)),
            ("\\w", "é", Some(false)),
            ("\\s", "\u{b}", Some(false)),
            ("[\\s]", "\u{b}", Some(false)),
            ("\\s", " ", Some(true)),
            ("\\bnet\\b", "a net b", Some(true)),
            ("\\bnet\\b", "network", Some(false)),
            // An escaped punctuation character is itself: `\<` is `<`.
            ("\\<b\\>", "<b>", Some(true)),
            ("\\<b", "a b", Some(false)),
            ("a\\.b", "a.b", Some(true)),
            ("a\\.b", "axb", Some(false)),
            // `\Q…\E` quotes; octal escapes; `{` that is no repetition is literal.
            ("\\Qa.b\\E", "a.b", Some(true)),
            ("\\Qa.b\\E", "axb", Some(false)),
            ("\\101", "A", Some(true)),
            ("a{", "a{", Some(true)),
            ("a{x}", "a{x}", Some(true)),
            ("^a{2,3}$", "aaa", Some(true)),
            ("^a{2,3}$", "aaaa", Some(false)),
            ("^a{2,}$", "aaaa", Some(true)),
            // Inside a class, `[`, `&&` and `~~` are literal; `[:alpha:]` is a class.
            ("[[]", "[", Some(true)),
            ("^[a&&b]$", "&", Some(true)),
            ("^[[:alpha:]]+$", "abc", Some(true)),
            ("^[]a]$", "]", Some(true)),
            // Flags, lazy repetitions, named groups.
            ("(?i)CONTAINER", "container_list", Some(true)),
            ("(?s)a.b", "a\nb", Some(true)),
            ("a.b", "a\nb", Some(false)),
            ("(?m)^b$", "a\nb\nc", Some(true)),
            ("^b$", "a\nb\nc", Some(false)),
            ("a+?", "aaa", Some(true)),
            ("(?P<verb>create|list)", "image_list", Some(true)),
            ("(?<verb>create|list)", "image_list", Some(true)),
            ("(?:container|image)_list", "image_list", Some(true)),
        ];
        for (pattern, text, want) in cases {
            let got = match_string(pattern, text).ok();
            assert_eq!(got, *want, "{pattern:?} on {text:?}");
        }
    }

    #[test]
    fn hostile_patterns_are_refused_not_panicked_on() {
        assert!(match_string(&"(".repeat(10_000), "a").is_err());
        let _ = match_string(&"(a{1000}){1000}".repeat(3), "a");
        assert_eq!(match_string("(a*)*b", &"a".repeat(5000)), Ok(false));
    }
}
