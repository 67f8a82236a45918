//! Parameter expansion's operators (POSIX XCU 2.6.2) and arithmetic expansion's syntax
//! (2.6.4): `${X:-y}`, `${X-y}`, `${X:=y}`, `${X:+y}`, `${X:?msg}`, `${#X}`, `${X#p}`,
//! `${X##p}`, `${X%p}`, `${X%%p}` and `$((…))`, parsed here; [`super::expand`] evaluates
//! them, [`super::arith`] computes.
//!
//! Rules: the word after an operator is a word of its own (quotes, `$…`, blanks kept); a
//! `${…}` that is none of these is the shell's `bad substitution`.
//!
//! Not simulated: bash's `${X/a/b}`, `${X:1:2}`, `${!X}`, `${X^^}` and arrays (they are a
//! `bad substitution` here, with a `berth:` hint).

use super::parse::{heredoc_word, is_name_char, is_name_start, ParseError, Parser, Pending};
use super::parse::{ParamOp, Part, Word};

impl Parser {
    /// `${…}`, the `$` consumed and the cursor on `{`.
    pub(super) fn braced(&mut self, depth: u32) -> Result<Part, ParseError> {
        self.at += 1;
        let start = self.at;
        // `${#NAME}`: the length; `${#}` alone is `$#`.
        if self.peek() == Some('#') && self.peek_at(1) != Some('}') {
            self.at += 1;
            let name = self.param_name();
            if !name.is_empty() && self.peek() == Some('}') {
                self.at += 1;
                return Ok(Part::Length(name));
            }
            return Err(self.bad_substitution(start));
        }
        let name = self.param_name();
        if name.is_empty() {
            return Err(self.bad_substitution(start));
        }
        let colon = self.peek() == Some(':');
        let op_char = if colon { self.peek_at(1) } else { self.peek() };
        let op = match (op_char, colon) {
            (Some('}'), false) => {
                self.at += 1;
                return Ok(Part::Var(name));
            }
            (Some('-'), _) => ParamOp::Default { colon },
            (Some('='), _) => ParamOp::Assign { colon },
            (Some('+'), _) => ParamOp::Alternative { colon },
            (Some('?'), _) => ParamOp::Error { colon },
            (Some('#'), false) => ParamOp::RemovePrefix {
                longest: self.peek_at(1) == Some('#'),
            },
            (Some('%'), false) => ParamOp::RemoveSuffix {
                longest: self.peek_at(1) == Some('%'),
            },
            (None, _) => return Err(ParseError::Incomplete(Pending::Close('}'))),
            _ => return Err(self.bad_substitution(start)),
        };
        self.at += 1 + usize::from(colon);
        if matches!(
            op,
            ParamOp::RemovePrefix { longest: true } | ParamOp::RemoveSuffix { longest: true }
        ) {
            self.at += 1;
        }
        let word = self.brace_word(depth)?;
        Ok(Part::Param { name, op, word })
    }

    /// A parameter's name at the cursor: a name, digits, or one special character.
    fn param_name(&mut self) -> String {
        let start = self.at;
        match self.peek() {
            Some(c) if is_name_start(c) => {
                while self.peek().is_some_and(is_name_char) {
                    self.at += 1;
                }
            }
            Some(c) if c.is_ascii_digit() => {
                while self.peek().is_some_and(|c| c.is_ascii_digit()) {
                    self.at += 1;
                }
            }
            Some('?' | '#' | '@' | '*' | '$' | '!' | '-') => self.at += 1,
            _ => {}
        }
        self.chars
            .get(start..self.at)
            .unwrap_or(&[])
            .iter()
            .collect()
    }

    /// The rest of a `${…}` up to its `}`, as the error's text.
    fn bad_substitution(&mut self, start: usize) -> ParseError {
        while self.peek().is_some_and(|c| c != '}') {
            self.at += 1;
        }
        if self.peek().is_none() {
            return ParseError::Incomplete(Pending::Close('}'));
        }
        let text: String = self
            .chars
            .get(start..self.at)
            .unwrap_or(&[])
            .iter()
            .collect();
        self.at += 1;
        ParseError::BadSubstitution(text)
    }

    /// The word after an operator, up to the unquoted `}`: blanks are part of it.
    fn brace_word(&mut self, depth: u32) -> Result<Word, ParseError> {
        let mut parts = Vec::new();
        let mut literal = String::new();
        loop {
            match self.peek() {
                None => return Err(ParseError::Incomplete(Pending::Close('}'))),
                Some('}') => {
                    self.at += 1;
                    break;
                }
                Some('\\') => {
                    self.at += 1;
                    if let Some(next) = self.peek() {
                        flush(&mut literal, &mut parts);
                        parts.push(Part::Quoted(next.to_string()));
                        self.at += 1;
                    }
                }
                Some('\'') => {
                    self.at += 1;
                    let text = self.until('\'', Pending::Quote('\''))?;
                    flush(&mut literal, &mut parts);
                    parts.push(Part::Quoted(text));
                }
                Some('"') => {
                    self.at += 1;
                    flush(&mut literal, &mut parts);
                    let inner = self.double_quoted(depth)?;
                    parts.push(Part::Double(inner));
                }
                Some('$' | '`') => match self.dollar(depth)? {
                    Some(part) => {
                        flush(&mut literal, &mut parts);
                        parts.push(part);
                    }
                    None => literal.push('$'),
                },
                Some(c) => {
                    literal.push(c);
                    self.at += 1;
                }
            }
        }
        flush(&mut literal, &mut parts);
        Ok(Word(parts))
    }

    /// `$((…))`, the `$` consumed and the cursor on the first `(`: the text up to the
    /// matching `))`, its `$` expansions parsed as in a here-document.
    pub(super) fn arith(&mut self) -> Result<Part, ParseError> {
        self.at += 2;
        let start = self.at;
        let mut open = 0u32;
        loop {
            match self.peek() {
                None => return Err(ParseError::Incomplete(Pending::Close(')'))),
                Some('(') => open += 1,
                Some(')') if open == 0 => {
                    if self.peek_at(1) == Some(')') {
                        break;
                    }
                    return Err(ParseError::Unexpected(")".into()));
                }
                Some(')') => open -= 1,
                Some(_) => {}
            }
            self.at += 1;
        }
        let text: String = self
            .chars
            .get(start..self.at)
            .unwrap_or(&[])
            .iter()
            .collect();
        self.at += 2;
        let word = heredoc_word(&text)?;
        Ok(Part::Arith(word))
    }
}

fn flush(literal: &mut String, parts: &mut Vec<Part>) {
    if !literal.is_empty() {
        parts.push(Part::Literal(std::mem::take(literal)));
    }
}
