//! The lexer: splits a template into text and actions, and an action into tokens.
//!
//! Go's `text/template/parse` lexes the whole text in one pass; here the text is first cut
//! at `{{`/`}}` (with `{{-`/`-}}` trimming and comments), then each action is tokenized.
//! Positions are byte offsets, for Go's `line:col` in execution errors.

use super::TemplateError;

#[derive(Debug, Clone, PartialEq)]
pub(super) enum Tok {
    Field(Vec<String>),
    Dot,
    Var(String, Vec<String>),
    Str(String),
    Int(i64),
    Float(f64),
    Bool(bool),
    Nil,
    Ident(String),
    Pipe,
    LParen,
    RParen,
    Declare,
    Assign,
    Comma,
}

/// One action's tokens and where the action starts in the text (for error positions).
pub(super) fn lex_action(src: &str, line: usize) -> Result<Vec<(Tok, usize)>, TemplateError> {
    let err = |m: String| TemplateError::Parse(format!("template: :{line}: {m}"));
    let chars: Vec<(usize, char)> = src.char_indices().collect();
    let mut out = Vec::new();
    let mut i = 0;
    let at = |i: usize| chars.get(i).map(|(_, c)| *c);
    while let Some(c) = at(i) {
        let pos = chars.get(i).map_or(0, |(p, _)| *p);
        match c {
            ' ' | '\t' | '\n' | '\r' => i += 1,
            '|' => {
                out.push((Tok::Pipe, pos));
                i += 1;
            }
            '(' => {
                out.push((Tok::LParen, pos));
                i += 1;
            }
            ')' => {
                out.push((Tok::RParen, pos));
                i += 1;
            }
            ',' => {
                out.push((Tok::Comma, pos));
                i += 1;
            }
            ':' if at(i + 1) == Some('=') => {
                out.push((Tok::Declare, pos));
                i += 2;
            }
            '=' => {
                out.push((Tok::Assign, pos));
                i += 1;
            }
            '"' => {
                let mut s = String::new();
                i += 1;
                loop {
                    match at(i) {
                        None => return Err(err("unterminated quoted string".into())),
                        Some('"') => {
                            i += 1;
                            break;
                        }
                        Some('\\') => {
                            let e = at(i + 1)
                                .ok_or_else(|| err("unterminated quoted string".into()))?;
                            s.push(match e {
                                'n' => '\n',
                                't' => '\t',
                                'r' => '\r',
                                '\\' => '\\',
                                '"' => '"',
                                other => other,
                            });
                            i += 2;
                        }
                        Some(ch) => {
                            s.push(ch);
                            i += 1;
                        }
                    }
                }
                out.push((Tok::Str(s), pos));
            }
            '`' => {
                let mut s = String::new();
                i += 1;
                loop {
                    match at(i) {
                        None => return Err(err("unterminated raw quoted string".into())),
                        Some('`') => {
                            i += 1;
                            break;
                        }
                        Some(ch) => {
                            s.push(ch);
                            i += 1;
                        }
                    }
                }
                out.push((Tok::Str(s), pos));
            }
            '.' if at(i + 1).is_none_or(|n| !is_ident_char(n)) => {
                out.push((Tok::Dot, pos));
                i += 1;
            }
            '.' | '$' => {
                let mut path = Vec::new();
                let mut var = None;
                if c == '$' {
                    let mut name = String::from("$");
                    i += 1;
                    while let Some(ch) = at(i).filter(|ch| is_ident_char(*ch)) {
                        name.push(ch);
                        i += 1;
                    }
                    var = Some(name);
                }
                while at(i) == Some('.') && at(i + 1).is_some_and(is_ident_char) {
                    i += 1;
                    let mut name = String::new();
                    while let Some(ch) = at(i).filter(|ch| is_ident_char(*ch)) {
                        name.push(ch);
                        i += 1;
                    }
                    path.push(name);
                }
                out.push((
                    match var {
                        Some(v) => Tok::Var(v, path),
                        None => Tok::Field(path),
                    },
                    pos,
                ));
            }
            c if c.is_ascii_digit()
                || (c == '-' && at(i + 1).is_some_and(|n| n.is_ascii_digit())) =>
            {
                let mut s = String::from(c);
                i += 1;
                while let Some(ch) =
                    at(i).filter(|ch| ch.is_ascii_alphanumeric() || matches!(ch, '.' | '_'))
                {
                    s.push(ch);
                    i += 1;
                }
                let tok = if let Some(n) = parse_int(&s) {
                    Tok::Int(n)
                } else if let Ok(x) = s.replace('_', "").parse::<f64>() {
                    Tok::Float(x)
                } else {
                    return Err(err(format!("bad number syntax: \"{s}\"")));
                };
                out.push((tok, pos));
            }
            c if is_ident_char(c) => {
                let mut s = String::new();
                while let Some(ch) = at(i).filter(|ch| is_ident_char(*ch)) {
                    s.push(ch);
                    i += 1;
                }
                let tok = match s.as_str() {
                    "true" => Tok::Bool(true),
                    "false" => Tok::Bool(false),
                    "nil" => Tok::Nil,
                    _ => Tok::Ident(s),
                };
                // A field chained on an identifier is not supported; keep the identifier.
                out.push((tok, pos));
            }
            '}' => return Err(err("unexpected \"}\" in operand".into())),
            other => return Err(err(format!("unexpected {other:?} in command"))),
        }
    }
    Ok(out)
}

/// Go's `strconv.ParseInt(text, 0, 64)`, as the template parser reads an integer: a base
/// prefix (`0x`, `0o`, `0b`, or a leading `0` for octal) and `_` between digits.
fn parse_int(text: &str) -> Option<i64> {
    let (neg, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let lower = digits.to_ascii_lowercase();
    let (radix, body) = if let Some(b) = lower.strip_prefix("0x") {
        (16, b)
    } else if let Some(b) = lower.strip_prefix("0o") {
        (8, b)
    } else if let Some(b) = lower.strip_prefix("0b") {
        (2, b)
    } else if lower.len() > 1 && lower.starts_with('0') {
        (8, lower.get(1..).unwrap_or(""))
    } else {
        (10, lower.as_str())
    };
    let body = body.replace('_', "");
    if body.is_empty() || body.starts_with(['+', '-']) {
        return None;
    }
    let n = i64::from_str_radix(&body, radix).ok()?;
    Some(if neg { -n } else { n })
}

fn is_ident_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// A piece of the template: text or an action (content, byte offset of its content, line).
pub(super) enum Piece {
    Text(String),
    Action(String, usize, usize),
}

pub(super) fn split(src: &str) -> Result<Vec<Piece>, TemplateError> {
    let mut pieces = Vec::new();
    let mut rest = src;
    let mut offset = 0;
    while let Some(start) = rest.find("{{") {
        let mut text = rest.get(..start).unwrap_or("").to_string();
        let mut inner_start = start + 2;
        if rest
            .get(inner_start..)
            .is_some_and(|r| r.starts_with("- ") || r.starts_with("-\t") || r.starts_with("-\n"))
        {
            text = text.trim_end().to_string();
            inner_start += 1;
        }
        let line = 1 + src
            .get(..offset + start)
            .unwrap_or("")
            .matches('\n')
            .count();
        let after = rest.get(inner_start..).unwrap_or("");
        // Comments may contain "}}"-free text only up to "*/".
        let trimmed = after.trim_start();
        let close = if trimmed.starts_with("/*") {
            let end = after.find("*/").ok_or_else(|| {
                TemplateError::Parse(format!("template: :{line}: unclosed comment"))
            })?;
            after.get(end..).and_then(|t| t.find("}}")).map(|c| c + end)
        } else {
            after.find("}}")
        };
        let Some(close) = close else {
            // Go's lexer meets a lone `}` inside the action before the end of the text.
            let message = if after.contains('}') {
                "unexpected \"}\" in operand"
            } else {
                "unclosed action"
            };
            return Err(TemplateError::Parse(format!(
                "template: :{line}: {message}"
            )));
        };
        let mut inner = after.get(..close).unwrap_or("");
        let mut resume = inner_start + close + 2;
        let trim_right = inner.ends_with(" -") || inner.ends_with("\t-") || inner.ends_with("\n-");
        if trim_right {
            inner = inner.get(..inner.len() - 1).unwrap_or("");
        }
        if !text.is_empty() {
            pieces.push(Piece::Text(text));
        }
        let inner_trimmed = inner.trim();
        if !(inner_trimmed.starts_with("/*") && inner_trimmed.ends_with("*/")) {
            pieces.push(Piece::Action(inner.to_string(), offset + inner_start, line));
        }
        let mut tail = rest.get(resume..).unwrap_or("");
        if trim_right {
            let trimmed = tail.trim_start();
            resume += tail.len() - trimmed.len();
            tail = trimmed;
        }
        offset += resume;
        rest = tail;
    }
    if !rest.is_empty() {
        pieces.push(Piece::Text(rest.to_string()));
    }
    Ok(pieces)
}
