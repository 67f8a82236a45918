//! Go's `encoding/json` writing a [`Value`]: `json.Marshal`, `json.MarshalIndent` and an
//! `Encoder` with `SetEscapeHTML(false)` (what docker/cli's template function `json` uses).
//!
//! Contract: maps and structs are written in the order the value holds (Go sorts map keys;
//! callers sort them), `nil` is `null`, floats as `encoding/json` writes them (`%f` style
//! unless the exponent is below -6 or at least 21). Strings are escaped as Go does: `"`, `\`,
//! control characters, U+2028 and U+2029 always; `<`, `>`, `&` unless HTML escaping is off.
//! Hand-written rather than `serde_json`: Go's escaping (`\u003c`, `\u2028`) and float
//! format differ from serde_json's, and the output must be Go's byte for byte.

use super::Value;

fn string(s: &str, escape_html: bool, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '<' if escape_html => out.push_str("\\u003c"),
            '>' if escape_html => out.push_str("\\u003e"),
            '&' if escape_html => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}

/// `encoding/json`'s float format: like `%f` with the fewest digits that round-trip, or
/// `%e` (with at least two exponent digits) when the exponent is below -6 or at least 21.
pub fn float(x: f64) -> String {
    if !x.is_finite() {
        // Go refuses (`json: unsupported value: NaN`); a template has no way to get here.
        return "null".into();
    }
    let abs = x.abs();
    if abs != 0.0 && !(1e-6..1e21).contains(&abs) {
        // Go: "clean up e-09 to e-9".
        let e = format!("{x:e}");
        match e.split_once('e') {
            Some((m, exp)) if exp.starts_with('-') => format!("{m}e{exp}"),
            Some((m, exp)) => format!("{m}e+{exp}"),
            None => e,
        }
    } else {
        format!("{x}")
    }
}

struct Writer<'a> {
    indent: Option<&'a str>,
    escape_html: bool,
    out: String,
}

impl Writer<'_> {
    fn newline(&mut self, depth: usize) {
        if let Some(ind) = self.indent {
            self.out.push('\n');
            for _ in 0..depth {
                self.out.push_str(ind);
            }
        }
    }

    fn value(&mut self, v: &Value, depth: usize) {
        match v {
            Value::Null | Value::NoValue => self.out.push_str("null"),
            Value::Bool(b) => self.out.push_str(if *b { "true" } else { "false" }),
            Value::Int(i) => self.out.push_str(&i.to_string()),
            Value::Float(x) => self.out.push_str(&float(*x)),
            Value::Str(s) => string(s, self.escape_html, &mut self.out),
            Value::List(items) => {
                if items.is_empty() {
                    self.out.push_str("[]");
                    return;
                }
                self.out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        self.out.push(',');
                    }
                    self.newline(depth + 1);
                    self.value(item, depth + 1);
                }
                self.newline(depth);
                self.out.push(']');
            }
            Value::Map(fields) | Value::Struct { fields, .. } => {
                if fields.is_empty() {
                    self.out.push_str("{}");
                    return;
                }
                self.out.push('{');
                for (i, (k, item)) in fields.iter().enumerate() {
                    if i > 0 {
                        self.out.push(',');
                    }
                    self.newline(depth + 1);
                    string(k, self.escape_html, &mut self.out);
                    self.out.push(':');
                    if self.indent.is_some() {
                        self.out.push(' ');
                    }
                    self.value(item, depth + 1);
                }
                self.newline(depth);
                self.out.push('}');
            }
        }
    }
}

fn write(v: &Value, indent: Option<&str>, escape_html: bool) -> String {
    let mut w = Writer {
        indent,
        escape_html,
        out: String::new(),
    };
    w.value(v, 0);
    w.out
}

/// Go's `json.Marshal`.
pub fn marshal(v: &Value) -> String {
    write(v, None, true)
}

/// Go's `json.MarshalIndent(v, "", indent)`.
pub fn marshal_indent(v: &Value, indent: &str) -> String {
    write(v, Some(indent), true)
}

/// An `Encoder` with `SetEscapeHTML(false)`, its trailing newline trimmed: docker/cli's
/// template function `json` (`templates/templates.go`).
pub fn encode_no_html_escape(v: &Value) -> String {
    write(v, None, false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marshal_indent_like_go() {
        let v = Value::structure(
            "T",
            vec![
                ("Name", Value::str("web")),
                (
                    "Ports",
                    Value::map(vec![("80/tcp".into(), Value::List(vec![]))]),
                ),
                ("Labels", Value::map(vec![])),
                ("Args", Value::Null),
                (
                    "Config",
                    Value::structure("C", vec![("Env", Value::strings(["A=1"]))]),
                ),
            ],
        );
        assert_eq!(
            marshal_indent(&v, "    "),
            "{\n    \"Name\": \"web\",\n    \"Ports\": {\n        \"80/tcp\": []\n    },\n    \"Labels\": {},\n    \"Args\": null,\n    \"Config\": {\n        \"Env\": [\n            \"A=1\"\n        ]\n    }\n}"
        );
    }

    #[test]
    fn strings_and_numbers_as_go_writes_them() {
        let cases: &[(Value, &str, &str)] = &[
            (
                Value::str("<a&b>"),
                "\"\\u003ca\\u0026b\\u003e\"",
                "\"<a&b>\"",
            ),
            (
                Value::str("\u{2028}\u{1}"),
                "\"\\u2028\\u0001\"",
                "\"\\u2028\\u0001\"",
            ),
            (Value::Float(1.5), "1.5", "1.5"),
            (Value::Float(1e21), "1e+21", "1e+21"),
            (
                Value::Float(1e20),
                "100000000000000000000",
                "100000000000000000000",
            ),
            (Value::Float(0.000001), "0.000001", "0.000001"),
            (Value::Float(1e-7), "1e-7", "1e-7"),
            (Value::Int(-3), "-3", "-3"),
            (Value::Bool(true), "true", "true"),
        ];
        for (v, marshalled, encoded) in cases {
            assert_eq!(marshal(v), *marshalled, "{v:?}");
            assert_eq!(encode_no_html_escape(v), *encoded, "{v:?}");
        }
    }
}
