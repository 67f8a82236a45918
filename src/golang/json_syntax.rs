//! Go's `encoding/json` syntax check (`json.Valid`, and the first error `json.Unmarshal`
//! reports): the scanner of Go's `encoding/json/scanner.go`, state for state, so a broken
//! file gets Go's own words (`invalid character '}' looking for beginning of object key
//! string`, `unexpected end of JSON input`), as dockerd prints them for daemon.json.
//!
//! Contract: [`check`] returns `Err` with the text of Go's `SyntaxError` (or the
//! end-of-input error), `Ok` for valid JSON. Nesting is bounded at 10,000 levels, Go's own
//! limit (`exceeded max depth`). Hand-written because serde_json's errors are worded
//! differently and name lines and columns, where Go names the character and the state.

/// Where the scanner is inside nested values.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Parse {
    ObjectKey,
    ObjectValue,
    ArrayValue,
}

/// The scanner's states (Go's `state*` functions).
#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    BeginValue,
    BeginValueOrEmpty,
    BeginStringOrEmpty,
    BeginString,
    EndValue,
    EndTop,
    InString,
    InStringEsc,
    InStringEscU(u8),
    Neg,
    One,
    Zero,
    Dot,
    Dot0,
    E,
    ESign,
    E0,
    /// Inside `true`, `false` or `null`: the literal and how far it got.
    Literal(&'static str, u8),
}

const MAX_DEPTH: usize = 10_000;

/// Go's `quoteChar`: `'x'`, `'\''`, `'"'`, `'\n'`, `'\x01'`.
fn quote_char(c: char) -> String {
    match c {
        '\'' => "'\\''".to_string(),
        '"' => "'\"'".to_string(),
        '\n' => "'\\n'".to_string(),
        '\r' => "'\\r'".to_string(),
        '\t' => "'\\t'".to_string(),
        c if (c as u32) < 0x20 || c as u32 == 0x7f => format!("'\\x{:02x}'", c as u32),
        c => format!("'{c}'"),
    }
}

fn invalid(c: char, context: &str) -> String {
    format!("invalid character {} {context}", quote_char(c))
}

fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\r' | '\n')
}

/// Checks `input` as Go's `json.Unmarshal` would before decoding.
pub fn check(input: &str) -> Result<(), String> {
    let mut stack: Vec<Parse> = Vec::new();
    let mut state = State::BeginValue;
    for c in input.chars() {
        state = step(state, c, &mut stack)?;
    }
    // End of input: a number may end here; anything else open is an error.
    match state {
        State::EndTop => Ok(()),
        State::One | State::Zero | State::Dot0 | State::E0 if stack.is_empty() => Ok(()),
        State::EndValue if stack.is_empty() => Ok(()),
        _ => Err("unexpected end of JSON input".to_string()),
    }
}

/// `stateEndValue` with the nesting the value closed in.
fn end_value(c: char, stack: &mut Vec<Parse>) -> Result<State, String> {
    let Some(top) = stack.last().copied() else {
        return if is_space(c) {
            Ok(State::EndTop)
        } else {
            Err(invalid(c, "after top-level value"))
        };
    };
    if is_space(c) {
        return Ok(State::EndValue);
    }
    match top {
        Parse::ObjectKey if c == ':' => {
            if let Some(t) = stack.last_mut() {
                *t = Parse::ObjectValue;
            }
            Ok(State::BeginValue)
        }
        Parse::ObjectKey => Err(invalid(c, "after object key")),
        Parse::ObjectValue if c == ',' => {
            if let Some(t) = stack.last_mut() {
                *t = Parse::ObjectKey;
            }
            Ok(State::BeginString)
        }
        Parse::ObjectValue if c == '}' => {
            stack.pop();
            Ok(after_close(stack))
        }
        Parse::ObjectValue => Err(invalid(c, "after object key:value pair")),
        Parse::ArrayValue if c == ',' => Ok(State::BeginValue),
        Parse::ArrayValue if c == ']' => {
            stack.pop();
            Ok(after_close(stack))
        }
        Parse::ArrayValue => Err(invalid(c, "after array element")),
    }
}

fn after_close(stack: &[Parse]) -> State {
    if stack.is_empty() {
        State::EndTop
    } else {
        State::EndValue
    }
}

fn push(stack: &mut Vec<Parse>, p: Parse) -> Result<(), String> {
    if stack.len() >= MAX_DEPTH {
        return Err("exceeded max depth".to_string());
    }
    stack.push(p);
    Ok(())
}

fn begin_value(c: char, stack: &mut Vec<Parse>) -> Result<State, String> {
    Ok(match c {
        c if is_space(c) => State::BeginValue,
        '{' => {
            push(stack, Parse::ObjectKey)?;
            State::BeginStringOrEmpty
        }
        '[' => {
            push(stack, Parse::ArrayValue)?;
            State::BeginValueOrEmpty
        }
        '"' => State::InString,
        '-' => State::Neg,
        '0' => State::Zero,
        '1'..='9' => State::One,
        't' => State::Literal("true", 1),
        'f' => State::Literal("false", 1),
        'n' => State::Literal("null", 1),
        c => return Err(invalid(c, "looking for beginning of value")),
    })
}

fn step(state: State, c: char, stack: &mut Vec<Parse>) -> Result<State, String> {
    match state {
        State::BeginValue => begin_value(c, stack),
        State::BeginValueOrEmpty => {
            if is_space(c) {
                return Ok(state);
            }
            if c == ']' {
                return end_value(c, stack);
            }
            begin_value(c, stack)
        }
        State::BeginStringOrEmpty => {
            if is_space(c) {
                return Ok(state);
            }
            if c == '}' {
                if let Some(t) = stack.last_mut() {
                    *t = Parse::ObjectValue;
                }
                return end_value(c, stack);
            }
            step(State::BeginString, c, stack)
        }
        State::BeginString => match c {
            c if is_space(c) => Ok(state),
            '"' => Ok(State::InString),
            c => Err(invalid(c, "looking for beginning of object key string")),
        },
        State::EndValue => end_value(c, stack),
        State::EndTop => {
            if is_space(c) {
                Ok(State::EndTop)
            } else {
                Err(invalid(c, "after top-level value"))
            }
        }
        State::InString => match c {
            '"' => Ok(State::EndValue),
            '\\' => Ok(State::InStringEsc),
            c if (c as u32) < 0x20 => Err(invalid(c, "in string literal")),
            _ => Ok(State::InString),
        },
        State::InStringEsc => match c {
            'b' | 'f' | 'n' | 'r' | 't' | '\\' | '/' | '"' => Ok(State::InString),
            'u' => Ok(State::InStringEscU(0)),
            c => Err(invalid(c, "in string escape code")),
        },
        State::InStringEscU(n) => {
            if c.is_ascii_hexdigit() {
                Ok(if n >= 3 {
                    State::InString
                } else {
                    State::InStringEscU(n + 1)
                })
            } else {
                Err(invalid(c, "in \\u hexadecimal character escape"))
            }
        }
        State::Neg => match c {
            '0' => Ok(State::Zero),
            '1'..='9' => Ok(State::One),
            c => Err(invalid(c, "in numeric literal")),
        },
        State::One if c.is_ascii_digit() => Ok(State::One),
        State::One | State::Zero => match c {
            '.' => Ok(State::Dot),
            'e' | 'E' => Ok(State::E),
            c => end_value(c, stack),
        },
        State::Dot => {
            if c.is_ascii_digit() {
                Ok(State::Dot0)
            } else {
                Err(invalid(c, "after decimal point in numeric literal"))
            }
        }
        State::Dot0 => match c {
            c if c.is_ascii_digit() => Ok(State::Dot0),
            'e' | 'E' => Ok(State::E),
            c => end_value(c, stack),
        },
        State::E => match c {
            '+' | '-' => Ok(State::ESign),
            c => step(State::ESign, c, stack),
        },
        State::ESign => {
            if c.is_ascii_digit() {
                Ok(State::E0)
            } else {
                Err(invalid(c, "in exponent of numeric literal"))
            }
        }
        State::E0 => {
            if c.is_ascii_digit() {
                Ok(State::E0)
            } else {
                end_value(c, stack)
            }
        }
        State::Literal(word, at) => {
            let expected = word.chars().nth(usize::from(at)).unwrap_or(' ');
            if c != expected {
                return Err(format!(
                    "{} in literal {word} (expecting {})",
                    invalid(c, "").trim_end(),
                    quote_char(expected)
                ));
            }
            if usize::from(at) + 1 == word.len() {
                Ok(State::EndValue)
            } else {
                Ok(State::Literal(word, at + 1))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (input, Go's `json.Unmarshal` error), from Go's scanner and its tests.
    const CASES: &[(&str, Option<&str>)] = &[
        ("{}", None),
        ("{\"icc\": false, \"hosts\": [\"a\", \"b\"]}\n", None),
        ("[1, -2.5e+3, true, null]", None),
        (
            "{\"a\": 1,}",
            Some("invalid character '}' looking for beginning of object key string"),
        ),
        ("{\"a\" 1}", Some("invalid character '1' after object key")),
        (
            "{\"a\": 1 \"b\": 2}",
            Some("invalid character '\"' after object key:value pair"),
        ),
        ("[1 2]", Some("invalid character '2' after array element")),
        (
            "{\"a\": tru}",
            Some("invalid character '}' in literal true (expecting 'e')"),
        ),
        (
            "{\"a\": x}",
            Some("invalid character 'x' looking for beginning of value"),
        ),
        (
            "{'a': 1}",
            Some("invalid character '\\'' looking for beginning of object key string"),
        ),
        ("{\"a\": 1", Some("unexpected end of JSON input")),
        ("", Some("unexpected end of JSON input")),
        ("{} x", Some("invalid character 'x' after top-level value")),
        (
            "{\"a\": 01}",
            Some("invalid character '1' after object key:value pair"),
        ),
        (
            "{\"a\": \"\\q\"}",
            Some("invalid character 'q' in string escape code"),
        ),
        (
            "{\"a\": 1.}",
            Some("invalid character '}' after decimal point in numeric literal"),
        ),
        (
            "{\"a\": -}",
            Some("invalid character '}' in numeric literal"),
        ),
    ];

    #[test]
    fn go_words_for_each_syntax_error() {
        for (input, expected) in CASES {
            assert_eq!(check(input).err().as_deref(), *expected, "{input}");
        }
    }
}
