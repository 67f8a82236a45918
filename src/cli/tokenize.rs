//! Splits a typed line into words, the way a POSIX shell would for the simple lines learners
//! type: whitespace separates words, single quotes keep everything, double quotes keep spaces
//! and honour `\"` and `\\`, a backslash outside quotes escapes the next character.
//!
//! Shell operators (`|`, `>`, `<`, `;`, `&&`, `||`, `$(…)`, backticks) are not simulated: they
//! are reported as such rather than passed to a command as words.

use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TokenizeError {
    /// bash: `unexpected EOF while looking for matching `"'`.
    UnterminatedQuote(char),
    /// An operator of the shell language that Berth does not simulate.
    UnsupportedOperator(String),
}

impl fmt::Display for TokenizeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TokenizeError::UnterminatedQuote(q) => {
                write!(f, "unexpected EOF while looking for matching `{q}'")
            }
            TokenizeError::UnsupportedOperator(op) => write!(
                f,
                "the shell operator `{op}` is not simulated in this playground: type one command per line"
            ),
        }
    }
}

pub fn tokenize(line: &str) -> Result<Vec<String>, TokenizeError> {
    let mut words = Vec::new();
    let mut current = String::new();
    let mut in_word = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            ' ' | '\t' | '\n' | '\r' => {
                if in_word {
                    words.push(std::mem::take(&mut current));
                    in_word = false;
                }
            }
            '\'' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('\'') => break,
                        Some(ch) => current.push(ch),
                        None => return Err(TokenizeError::UnterminatedQuote('\'')),
                    }
                }
            }
            '"' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('"') => break,
                        Some('\\') => match chars.peek() {
                            Some(&next @ ('"' | '\\' | '$' | '`')) => {
                                current.push(next);
                                chars.next();
                            }
                            _ => current.push('\\'),
                        },
                        Some('`') => return Err(TokenizeError::UnsupportedOperator("`".into())),
                        Some('$') if chars.peek() == Some(&'(') => {
                            return Err(TokenizeError::UnsupportedOperator("$(".into()))
                        }
                        Some(ch) => current.push(ch),
                        None => return Err(TokenizeError::UnterminatedQuote('"')),
                    }
                }
            }
            '\\' => {
                in_word = true;
                if let Some(next) = chars.next() {
                    current.push(next);
                }
            }
            '|' | '>' | '<' | ';' | '&' | '`' => {
                let mut op = c.to_string();
                if let Some(&next) = chars.peek() {
                    if (c == '|' || c == '&' || c == '>') && next == c {
                        op.push(next);
                    }
                }
                return Err(TokenizeError::UnsupportedOperator(op));
            }
            '$' if chars.peek() == Some(&'(') => {
                return Err(TokenizeError::UnsupportedOperator("$(".into()))
            }
            _ => {
                in_word = true;
                current.push(c);
            }
        }
    }
    if in_word {
        words.push(current);
    }
    Ok(words)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(line: &str) -> Vec<String> {
        tokenize(line).unwrap()
    }

    #[test]
    fn words_and_quotes() {
        assert_eq!(ok("docker run  -d nginx"), ["docker", "run", "-d", "nginx"]);
        assert_eq!(
            ok("echo 'a  b' \"c d\" e\\ f"),
            ["echo", "a  b", "c d", "e f"]
        );
        assert_eq!(ok("x \"say \\\"hi\\\"\""), ["x", "say \"hi\""]);
        assert_eq!(ok("a ''"), ["a", ""]);
        assert!(ok("   ").is_empty());
    }

    #[test]
    fn errors_are_reported_not_panicked() {
        assert_eq!(
            tokenize("echo 'oops"),
            Err(TokenizeError::UnterminatedQuote('\''))
        );
        assert_eq!(
            tokenize("echo \"oops"),
            Err(TokenizeError::UnterminatedQuote('"'))
        );
        assert_eq!(
            tokenize("docker ps | grep web"),
            Err(TokenizeError::UnsupportedOperator("|".into()))
        );
        assert_eq!(
            tokenize("a && b"),
            Err(TokenizeError::UnsupportedOperator("&&".into()))
        );
        assert_eq!(tokenize("trailing\\"), Ok(vec!["trailing".to_string()]));
    }
}
