//! The functions a template can call: Go's predefined global functions (`and`, `call`…
//! `urlquery`; `call` is not simulated, as a [`Value`] holds no functions) and those docker/cli
//! adds in `templates/templates.go` (`json`, `split`, `join`, `title`, `lower`, `upper`,
//! `pad`, `truncate`). Error texts are Go's: `error calling NAME: …`, `wrong number of args
//! for NAME: want N got M`.

use super::exec::Exec;
use super::parse::Command;
use super::{gofmt, json};
use super::{TemplateError, Value};

/// Every function name a template may use: an unknown one is a parse error, as in Go.
pub(super) const FUNCTIONS: &[&str] = &[
    "and", "or", "not", "len", "index", "slice", "print", "printf", "println", "eq", "ne", "lt",
    "le", "gt", "ge", "html", "js", "urlquery", "json", "split", "join", "title", "lower", "upper",
    "pad", "truncate",
];

impl Exec<'_> {
    pub(super) fn call(
        &self,
        cmd: &Command,
        name: &str,
        args: Vec<Value>,
    ) -> Result<Value, TemplateError> {
        let want = |n: usize| -> Result<(), TemplateError> {
            if args.len() == n {
                Ok(())
            } else {
                // Go reports it at the function's name.
                Err(self.error_at(
                    cmd.pos,
                    name,
                    &format!(
                        "wrong number of args for {name}: want {n} got {}",
                        args.len()
                    ),
                ))
            }
        };
        let at_least = |n: usize| -> Result<(), TemplateError> {
            if args.len() >= n {
                Ok(())
            } else {
                Err(self.error_at(
                    cmd.pos,
                    name,
                    &format!(
                        "wrong number of args for {name}: want at least {n} got {}",
                        args.len()
                    ),
                ))
            }
        };
        let s = |i: usize| args.get(i).map(|v| v.to_string()).unwrap_or_default();
        Ok(match name {
            "and" => {
                at_least(1)?;
                args.iter()
                    .find(|v| !v.truth())
                    .or(args.last())
                    .cloned()
                    .unwrap_or(Value::Null)
            }
            "or" => {
                at_least(1)?;
                args.iter()
                    .find(|v| v.truth())
                    .or(args.last())
                    .cloned()
                    .unwrap_or(Value::Null)
            }
            "not" => {
                want(1)?;
                Value::Bool(!args.first().is_some_and(Value::truth))
            }
            "len" => {
                want(1)?;
                let n = match args.first() {
                    Some(Value::Str(x)) => x.len(),
                    Some(Value::List(x)) => x.len(),
                    Some(Value::Map(x)) => x.len(),
                    Some(other) => {
                        return Err(self.error(
                            cmd,
                            &format!("error calling len: len of type {}", other.type_name()),
                        ))
                    }
                    None => 0,
                };
                Value::Int(i64::try_from(n).unwrap_or(i64::MAX))
            }
            "index" => {
                at_least(1)?;
                let mut v = args.first().cloned().unwrap_or(Value::Null);
                for key in args.iter().skip(1) {
                    v = self.index(cmd, &v, key)?;
                }
                v
            }
            "slice" => {
                at_least(1)?;
                let idx = |i: usize| match args.get(i) {
                    Some(Value::Int(n)) => usize::try_from(*n).ok(),
                    _ => None,
                };
                match args.first() {
                    Some(Value::Str(x)) => {
                        let (a, b) = (idx(1).unwrap_or(0), idx(2).unwrap_or(x.len()));
                        Value::Str(
                            x.get(a..b)
                                .ok_or_else(|| {
                                    self.error(cmd, "error calling slice: index out of range")
                                })?
                                .to_string(),
                        )
                    }
                    Some(Value::List(x)) => {
                        let (a, b) = (idx(1).unwrap_or(0), idx(2).unwrap_or(x.len()));
                        Value::List(
                            x.get(a..b)
                                .ok_or_else(|| {
                                    self.error(cmd, "error calling slice: index out of range")
                                })?
                                .to_vec(),
                        )
                    }
                    _ => return Err(self.error(cmd, "error calling slice: can't slice item")),
                }
            }
            "print" => Value::Str(gofmt::sprint(&args)),
            "println" => Value::Str(gofmt::sprintln(&args)),
            "printf" => {
                at_least(1)?;
                Value::Str(gofmt::sprintf(&s(0), args.get(1..).unwrap_or(&[])))
            }
            "eq" => {
                at_least(2)?;
                let first = args.first().cloned().unwrap_or(Value::Null);
                Value::Bool(args.iter().skip(1).any(|v| loose_eq(&first, v)))
            }
            "ne" => {
                want(2)?;
                Value::Bool(!loose_eq(
                    args.first().unwrap_or(&Value::Null),
                    args.get(1).unwrap_or(&Value::Null),
                ))
            }
            "lt" | "le" | "gt" | "ge" => {
                want(2)?;
                let ord = compare(
                    args.first().unwrap_or(&Value::Null),
                    args.get(1).unwrap_or(&Value::Null),
                )
                .ok_or_else(|| {
                    self.error(
                        cmd,
                        &format!("error calling {name}: incompatible types for comparison"),
                    )
                })?;
                Value::Bool(match name {
                    "lt" => ord.is_lt(),
                    "le" => ord.is_le(),
                    "gt" => ord.is_gt(),
                    _ => ord.is_ge(),
                })
            }
            // Go evaluates the arguments as `fmt.Sprint` would, then escapes the text.
            "html" => Value::Str(html_escape(&gofmt::sprint(&args))),
            "js" => Value::Str(js_escape(&gofmt::sprint(&args))),
            "urlquery" => Value::Str(query_escape(&gofmt::sprint(&args))),
            "json" => {
                want(1)?;
                Value::Str(json::encode_no_html_escape(
                    args.first().unwrap_or(&Value::Null),
                ))
            }
            "split" => {
                want(2)?;
                Value::strings(s(0).split(&s(1)).map(String::from).collect::<Vec<_>>())
            }
            "join" => {
                want(2)?;
                match args.first() {
                    Some(Value::List(l)) => Value::Str(
                        l.iter()
                            .map(Value::to_string)
                            .collect::<Vec<_>>()
                            .join(&s(1)),
                    ),
                    _ => Value::Str(s(0)),
                }
            }
            "title" => {
                want(1)?;
                Value::Str(title(&s(0)))
            }
            "lower" => {
                want(1)?;
                Value::Str(s(0).to_lowercase())
            }
            "upper" => {
                want(1)?;
                Value::Str(s(0).to_uppercase())
            }
            "pad" => {
                want(3)?;
                let n = |i: usize| match args.get(i) {
                    Some(Value::Int(x)) => usize::try_from(*x).unwrap_or(0).min(1000),
                    _ => 0,
                };
                // docker/cli's padWithSpace leaves an empty string empty.
                let source = s(0);
                let negative = |i: usize| matches!(args.get(i), Some(Value::Int(x)) if *x < 0);
                if source.is_empty() {
                    Value::Str(source)
                } else if negative(1) || negative(2) {
                    // Go recovers the panic of strings.Repeat into the call's error.
                    return Err(
                        self.error(cmd, "error calling pad: strings: negative Repeat count")
                    );
                } else {
                    Value::Str(format!("{}{source}{}", " ".repeat(n(1)), " ".repeat(n(2))))
                }
            }
            "truncate" => {
                want(2)?;
                let n = match args.get(1) {
                    // `source[:length]` with a negative length is Go's runtime panic,
                    // recovered into the call's error.
                    Some(Value::Int(x)) if *x < 0 => {
                        return Err(self.error(
                            cmd,
                            &format!(
                                "error calling truncate: runtime error: slice bounds out of range [:{x}]"
                            ),
                        ))
                    }
                    Some(Value::Int(x)) => usize::try_from(*x).unwrap_or(0),
                    _ => 0,
                };
                // docker/cli's truncateWithLength: `source[:length]`, in bytes; a cut
                // inside a character keeps the whole characters before it (Go would keep
                // the broken bytes, which a terminal shows as U+FFFD).
                let source = s(0);
                let mut end = n.min(source.len());
                while !source.is_char_boundary(end) {
                    end -= 1;
                }
                Value::Str(source.get(..end).unwrap_or("").to_string())
            }
            other => return Err(self.error(cmd, &format!("function \"{other}\" not defined"))),
        })
    }
}

fn loose_eq(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Int(x), Value::Float(y)) | (Value::Float(y), Value::Int(x)) => (*x as f64) == *y,
        _ => a == b,
    }
}

fn compare(a: &Value, b: &Value) -> Option<std::cmp::Ordering> {
    match (a, b) {
        (Value::Int(x), Value::Int(y)) => Some(x.cmp(y)),
        (Value::Float(x), Value::Float(y)) => x.partial_cmp(y),
        (Value::Int(x), Value::Float(y)) => (*x as f64).partial_cmp(y),
        (Value::Float(x), Value::Int(y)) => x.partial_cmp(&(*y as f64)),
        (Value::Str(x), Value::Str(y)) => Some(x.cmp(y)),
        _ => None,
    }
}

impl Exec<'_> {
    /// One step of Go's `index`: a slice or a string by an int, a map by its key (a
    /// missing key gives the element's zero value: nil here), with Go's error texts
    /// (`text/template` `funcs.go`: `index`, `indexArg`).
    fn index(&self, cmd: &Command, item: &Value, key: &Value) -> Result<Value, TemplateError> {
        let fail = |m: String| Err(self.error(cmd, &format!("error calling index: {m}")));
        let position = |len: usize| -> Result<usize, String> {
            match key {
                Value::Int(i) => match usize::try_from(*i) {
                    Ok(x) if x <= len => Ok(x),
                    _ => Err(format!("index out of range: {i}")),
                },
                Value::Null => Err("cannot index slice/array with nil".into()),
                other => Err(format!(
                    "cannot index slice/array with type {}",
                    other.type_name()
                )),
            }
        };
        match item {
            Value::List(l) => match position(l.len()) {
                // Go's bound check lets `len` through; reflect then panics.
                Ok(x) => l
                    .get(x)
                    .cloned()
                    .map_or_else(|| fail("reflect: slice index out of range".into()), Ok),
                Err(m) => fail(m),
            },
            Value::Str(s) => match position(s.len()) {
                // Indexing a string gives a byte.
                Ok(x) => s.as_bytes().get(x).map_or_else(
                    || fail("reflect: string index out of range".into()),
                    |b| Ok(Value::Int(i64::from(*b))),
                ),
                Err(m) => fail(m),
            },
            Value::Map(m) | Value::Struct { fields: m, .. } => match key {
                Value::Str(k) => Ok(m
                    .iter()
                    .find(|(n, _)| n == k)
                    .map_or(Value::Null, |(_, x)| x.clone())),
                other => fail(format!(
                    "value has type {}; should be string",
                    other.type_name()
                )),
            },
            Value::Null => fail("index of untyped nil".into()),
            other => fail(format!("can't index item of type {}", other.type_name())),
        }
    }
}

/// Go's `strings.Title` (what docker/cli's `title` is): the first letter of each word in
/// title case, a word starting after anything but a letter, a digit or `_`.
fn title(s: &str) -> String {
    let is_separator = |c: char| {
        if c.is_ascii() {
            !(c.is_ascii_alphanumeric() || c == '_')
        } else {
            c.is_whitespace()
        }
    };
    let mut prev = ' ';
    s.chars()
        .flat_map(|c| {
            let upper = is_separator(prev);
            prev = c;
            let mapped: Vec<char> = if upper {
                c.to_uppercase().collect()
            } else {
                vec![c]
            };
            mapped
        })
        .collect()
}

/// Go's `template.HTMLEscapeString`.
fn html_escape(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        match c {
            '\0' => out.push('\u{fffd}'),
            '"' => out.push_str("&#34;"),
            '\'' => out.push_str("&#39;"),
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
    out
}

/// Go's `template.JSEscapeString`.
fn js_escape(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\'' => out.push_str("\\'"),
            '"' => out.push_str("\\\""),
            '<' => out.push_str("\\u003C"),
            '>' => out.push_str("\\u003E"),
            '&' => out.push_str("\\u0026"),
            '=' => out.push_str("\\u003D"),
            c if (c as u32) < 0x20 || c.is_control() => {
                out.push_str(&format!("\\u{:04X}", c as u32));
            }
            c => out.push(c),
        }
    }
    out
}

/// Go's `url.QueryEscape`: unreserved characters kept, a space as `+`, the rest `%XX`.
fn query_escape(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(char::from(b));
            }
            b' ' => out.push('+'),
            b => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}
