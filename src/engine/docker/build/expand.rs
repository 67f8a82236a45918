//! Variable expansion in Dockerfile words, as BuildKit's shell lexer does it (moby/buildkit
//! `frontend/dockerfile/shell/lex.go`): single and double quotes removed, the escape token,
//! `$NAME`, `${NAME}`, `${NAME:-word}`, `${NAME-word}`, `${NAME:+word}`, `${NAME+word}`,
//! `${NAME:?message}`, `${NAME?message}`. An unset variable is empty.
//!
//! Not simulated: the pattern forms `${NAME#…}`, `${NAME%…}` and `${NAME/…/…}`; they fail with
//! BuildKit's `unsupported modifier` text. Hand-written: BuildKit's lexer is its own dialect
//! (not POSIX sh, which `cli/sh` speaks), so no shell crate fits.

use std::collections::BTreeMap;

/// Expands one word (`ProcessWord`): the quotes go, the variables are replaced.
pub fn process_word(
    word: &str,
    env: &BTreeMap<String, String>,
    escape: char,
) -> Result<String, String> {
    let chars: Vec<char> = word.chars().collect();
    let mut lexer = Lexer {
        chars: &chars,
        pos: 0,
        env,
        escape,
    };
    lexer
        .until(None)
        .map_err(|e| format!("failed to process {word:?}: {e}"))
}

/// A step's name as the progress shows it (`processCmdEnv` with BuildKit's `RawQuotes` and
/// `SkipUnsetEnv`): `$NAME` and `${NAME}` of set variables replaced, everything else kept.
pub fn display(text: &str, env: &BTreeMap<String, String>) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find('$') {
        out.push_str(rest.get(..at).unwrap_or(""));
        let after = rest.get(at + 1..).unwrap_or("");
        let (name, tail) = match after.strip_prefix('{') {
            Some(inner) => match inner.find('}') {
                Some(end) => (
                    inner.get(..end).unwrap_or(""),
                    inner.get(end + 1..).unwrap_or(""),
                ),
                None => ("", after),
            },
            None => {
                let end = after
                    .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                    .unwrap_or(after.len());
                (
                    after.get(..end).unwrap_or(""),
                    after.get(end..).unwrap_or(""),
                )
            }
        };
        match env.get(name).filter(|_| !name.is_empty()) {
            Some(value) => {
                out.push_str(value);
                rest = tail;
            }
            None => {
                out.push('$');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

struct Lexer<'a> {
    chars: &'a [char],
    pos: usize,
    env: &'a BTreeMap<String, String>,
    escape: char,
}

impl Lexer<'_> {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn next(&mut self) -> Option<char> {
        let c = self.peek();
        if c.is_some() {
            self.pos += 1;
        }
        c
    }

    /// `processStopOn`: up to `stop` (consumed) or the end.
    fn until(&mut self, stop: Option<char>) -> Result<String, String> {
        let mut out = String::new();
        while let Some(c) = self.peek() {
            if Some(c) == stop {
                self.pos += 1;
                return Ok(out);
            }
            match c {
                '$' => out.push_str(&self.dollar()?),
                '\'' => out.push_str(&self.single_quote()?),
                '"' => out.push_str(&self.double_quote()?),
                _ => {
                    self.pos += 1;
                    if c == self.escape {
                        match self.next() {
                            Some(n) => out.push(n),
                            None => break,
                        }
                    } else {
                        out.push(c);
                    }
                }
            }
        }
        match stop {
            Some(s) => Err(format!(
                "unexpected end of statement while looking for matching {s}"
            )),
            None => Ok(out),
        }
    }

    fn single_quote(&mut self) -> Result<String, String> {
        self.pos += 1;
        let mut out = String::new();
        loop {
            match self.next() {
                None => {
                    return Err(
                        "unexpected end of statement while looking for matching single-quote"
                            .into(),
                    )
                }
                Some('\'') => return Ok(out),
                Some(c) => out.push(c),
            }
        }
    }

    fn double_quote(&mut self) -> Result<String, String> {
        self.pos += 1;
        let mut out = String::new();
        loop {
            match self.peek() {
                None => {
                    return Err(
                        "unexpected end of statement while looking for matching double-quote"
                            .into(),
                    )
                }
                Some('"') => {
                    self.pos += 1;
                    return Ok(out);
                }
                Some('$') => out.push_str(&self.dollar()?),
                Some(c) => {
                    self.pos += 1;
                    if c == self.escape {
                        match self.peek() {
                            None => continue,
                            Some(n) if n == '"' || n == '$' || n == self.escape => {
                                self.pos += 1;
                                out.push(n);
                                continue;
                            }
                            Some(_) => {}
                        }
                    }
                    out.push(c);
                }
            }
        }
    }

    fn name(&mut self) -> String {
        let mut name = String::new();
        if let Some(c) = self.peek() {
            // Special parameters: one character.
            if c.is_ascii_digit() || "@*#?-$!".contains(c) {
                self.pos += 1;
                name.push(c);
                return name;
            }
        }
        while let Some(c) = self.peek() {
            if c.is_ascii_alphanumeric() || c == '_' {
                name.push(c);
                self.pos += 1;
            } else {
                break;
            }
        }
        name
    }

    fn dollar(&mut self) -> Result<String, String> {
        self.pos += 1;
        if self.peek() != Some('{') {
            let name = self.name();
            if name.is_empty() {
                return Ok("$".into());
            }
            return Ok(self.env.get(&name).cloned().unwrap_or_default());
        }
        self.pos += 1;
        match self.peek() {
            None => return Err("syntax error: missing '}'".into()),
            Some('{' | '}' | ':') => return Err("syntax error: bad substitution".into()),
            _ => {}
        }
        let name = self.name();
        let value = self.env.get(&name).cloned();
        let Some(mut op) = self.next() else {
            return Err("syntax error: missing '}'".into());
        };
        if op == '}' {
            return Ok(value.unwrap_or_default());
        }
        let mut modifier = op.to_string();
        let null_is_unset = op == ':';
        if null_is_unset {
            op = self.next().unwrap_or('}');
            modifier.push(op);
        }
        if !matches!(op, '-' | '+' | '?') {
            return Err(format!("unsupported modifier ({modifier}) in substitution"));
        }
        let word = match self.until(Some('}')) {
            Ok(w) => w,
            Err(_) if self.peek().is_none() => return Err("syntax error: missing '}'".into()),
            Err(e) => return Err(e),
        };
        let empty = value
            .as_deref()
            .is_none_or(|v| null_is_unset && v.is_empty());
        Ok(match op {
            '-' if empty => word,
            '-' => value.unwrap_or_default(),
            '+' if empty => String::new(),
            '+' => word,
            _ => match value {
                None => {
                    let message = if word.is_empty() {
                        "is not allowed to be unset".to_string()
                    } else {
                        word
                    };
                    return Err(format!("{name}: {message}"));
                }
                Some(v) if null_is_unset && v.is_empty() => {
                    let message = if word.is_empty() {
                        "is not allowed to be empty".to_string()
                    } else {
                        word
                    };
                    return Err(format!("{name}: {message}"));
                }
                Some(v) => v,
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env() -> BTreeMap<String, String> {
        [("NAME", "app"), ("EMPTY", ""), ("PORT", "3000")]
            .into_iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn expands_as_buildkit_does() {
        let table = [
            ("/srv/$NAME", "/srv/app"),
            ("${NAME}-x", "app-x"),
            ("${MISSING:-def}", "def"),
            ("${EMPTY:-def}", "def"),
            ("${EMPTY-def}", ""),
            ("${NAME:+set}", "set"),
            ("${MISSING+set}", ""),
            ("'$NAME'", "$NAME"),
            ("\"$NAME $PORT\"", "app 3000"),
            ("a\\$NAME", "a$NAME"),
            ("$", "$"),
            ("$MISSING", ""),
        ];
        for (word, want) in table {
            assert_eq!(
                process_word(word, &env(), '\\').as_deref(),
                Ok(want),
                "{word}"
            );
        }
    }

    #[test]
    fn step_names_expand_only_set_variables() {
        assert_eq!(
            display("WORKDIR $NAME/${PORT} '$MISSING' ${EMPTY}x", &env()),
            "WORKDIR app/3000 '$MISSING' x"
        );
    }

    #[test]
    fn errors_speak_buildkit() {
        assert_eq!(
            process_word("${NAME", &env(), '\\'),
            Err("failed to process \"${NAME\": syntax error: missing '}'".into())
        );
        assert_eq!(
            process_word("${MISSING:?}", &env(), '\\'),
            Err("failed to process \"${MISSING:?}\": MISSING: is not allowed to be unset".into())
        );
        assert_eq!(
            process_word("${NAME#a}", &env(), '\\'),
            Err("failed to process \"${NAME#a}\": unsupported modifier (#) in substitution".into())
        );
    }
}
