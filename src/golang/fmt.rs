//! Go's `fmt` printing a [`Value`]: `Sprint`, `Sprintln`, `Sprintf`, and the number and
//! string formats behind them (`strconv.FormatFloat`, `strconv.Quote`).
//!
//! Contract, from the `fmt` package documentation:
//! - Verbs: `%v` (`%+v` names struct fields), `%T`, `%%`; `%t` for bools; `%d %b %o %O %x %X
//!   %c %q %U` for integers; `%e %E %f %F %g %G` for floats; `%s %q %x %X` for strings.
//!   Slices, maps and structs apply the verb to each element (`[a b]`, `map[k:v]`, `{a b}`),
//!   the width too.
//! - Flags `-` (pad on the right), `+` (always a sign; ASCII-only `%+q`), `#` (`0x` for
//!   `%#x`, back quotes for `%#q`), ` ` (a space for the sign), `0` (zeros after the sign, for
//!   numbers only); a width and a `.precision`, each a number or `*` (taken from the
//!   arguments, which must then be an int: `%!(BADWIDTH)`, `%!(BADPREC)`).
//! - Errors are printed in place, as Go does: `%!d(string=hi)` for a wrong verb,
//!   `%!d(MISSING)`, `%!(NOVERB)`, and `%!(EXTRA string=x)` for unused arguments.
//! - Not simulated: explicit argument indexes (`%[1]d`), `%x` on floats, `%p`, `% x` with a
//!   space between bytes, and `%#v` (Go syntax). `strconv.IsPrint` is approximated by
//!   Rust's notion of control and whitespace characters (`%q` escapes those).

use super::Value;

/// `strconv.FormatFloat(x, 'g', prec, 64)`: the shortest digits that round-trip when
/// `prec` is `None` (Go's `%v` for floats), else `prec` significant digits.
pub fn format_float_g(x: f64, prec: Option<usize>) -> String {
    if let Some(special) = special_float(x) {
        return special.to_string();
    }
    let (neg, digits, dp) = decimal(x, prec.map(|p| p.max(1)));
    let nd = digits.len() as i64;
    let shortest = prec.is_none();
    let mut prec = prec.map_or(nd, |p| p.max(1) as i64);
    let mut eprec = prec;
    if eprec > nd && nd >= dp {
        eprec = nd;
    }
    // strconv: "if precision was the shortest possible, use precision 6 for this decision".
    if shortest {
        eprec = 6;
    }
    let exp = dp - 1;
    let body = if exp < -4 || exp >= eprec {
        if prec > nd {
            prec = nd;
        }
        fmt_e(&digits, dp, prec - 1, 'e')
    } else {
        if prec > dp {
            prec = nd;
        }
        fmt_f(&digits, dp, (prec - dp).max(0))
    };
    sign(neg, body)
}

fn special_float(x: f64) -> Option<&'static str> {
    if x.is_nan() {
        Some("NaN")
    } else if x == f64::INFINITY {
        Some("+Inf")
    } else if x == f64::NEG_INFINITY {
        Some("-Inf")
    } else {
        None
    }
}

fn sign(neg: bool, body: String) -> String {
    if neg {
        format!("-{body}")
    } else {
        body
    }
}

/// The decimal digits of `|x|` (no trailing zeros, at least one digit) and the position of
/// the decimal point: `x = 0.DIGITS × 10^dp`. `sig` rounds to that many significant digits
/// (half to even on the exact binary value, as Go's `decimal.Round` does).
fn decimal(x: f64, sig: Option<usize>) -> (bool, Vec<u8>, i64) {
    let neg = x.is_sign_negative() && x != 0.0;
    let e = match sig {
        Some(s) => format!("{:.*e}", s.saturating_sub(1).min(800), x.abs()),
        None => format!("{:e}", x.abs()),
    };
    let (mantissa, exp) = e.split_once('e').unwrap_or((e.as_str(), "0"));
    let exp: i64 = exp.parse().unwrap_or(0);
    let mut digits: Vec<u8> = mantissa.bytes().filter(u8::is_ascii_digit).collect();
    while digits.len() > 1 && digits.last() == Some(&b'0') {
        digits.pop();
    }
    if digits == [b'0'] {
        return (neg, digits, 1);
    }
    (neg, digits, exp + 1)
}

/// `%e` from digits: `d.ddde±XX`, `frac` digits after the point.
fn fmt_e(digits: &[u8], dp: i64, frac: i64, letter: char) -> String {
    let mut out = String::new();
    out.push(char::from(digits.first().copied().unwrap_or(b'0')));
    if frac > 0 {
        out.push('.');
        for i in 1..=frac {
            let d = usize::try_from(i)
                .ok()
                .and_then(|i| digits.get(i))
                .copied()
                .unwrap_or(b'0');
            out.push(char::from(d));
        }
    }
    let exp = if digits == [b'0'] { 0 } else { dp - 1 };
    out.push(letter);
    out.push(if exp < 0 { '-' } else { '+' });
    out.push_str(&format!("{:02}", exp.abs()));
    out
}

/// `%f` from digits: the integer part, then `frac` digits after the point.
fn fmt_f(digits: &[u8], dp: i64, frac: i64) -> String {
    let digit = |i: i64| -> char {
        usize::try_from(i)
            .ok()
            .and_then(|i| digits.get(i))
            .map_or('0', |d| char::from(*d))
    };
    let mut out = String::new();
    if dp > 0 {
        for i in 0..dp {
            out.push(digit(i));
        }
    } else {
        out.push('0');
    }
    if frac > 0 {
        out.push('.');
        for i in 1..=frac {
            out.push(digit(dp + i - 1));
        }
    }
    out
}

/// `strconv.Quote` (and `QuoteToASCII` when `ascii_only`).
pub fn quote(s: &str, ascii_only: bool) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_ascii() && is_print(c) => out.push(c),
            c if !ascii_only && is_print(c) => out.push(c),
            '\u{7}' => out.push_str("\\a"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{b}' => out.push_str("\\v"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => {
                out.push_str(&format!("\\x{:02x}", c as u32));
            }
            c if (c as u32) < 0x10000 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push_str(&format!("\\U{:08x}", c as u32)),
        }
    }
    out.push('"');
    out
}

/// `strconv.IsPrint`, approximated: graphic characters and the ASCII space.
fn is_print(c: char) -> bool {
    c == ' '
        || !(c.is_control()
            || c.is_whitespace()
            || matches!(c, '\u{ad}' | '\u{200b}'..='\u{200f}' | '\u{2060}'..='\u{2064}' | '\u{feff}'))
}

/// `strconv.CanBackquote`: no back quote, no control character but tab.
fn can_backquote(s: &str) -> bool {
    s.chars()
        .all(|c| c != '`' && c != '\u{feff}' && (c == '\t' || !c.is_control()))
}

/// Go's `fmt.Sprint`: spaces only between operands when neither is a string.
pub fn sprint(args: &[Value]) -> String {
    let mut out = String::new();
    for (i, v) in args.iter().enumerate() {
        let is_str = matches!(v, Value::Str(_));
        let prev_str = i > 0 && matches!(args.get(i - 1), Some(Value::Str(_)));
        if i > 0 && !is_str && !prev_str {
            out.push(' ');
        }
        out.push_str(&v.to_string());
    }
    out
}

/// Go's `fmt.Sprintln`: spaces always between operands, and a newline.
pub fn sprintln(args: &[Value]) -> String {
    let parts: Vec<String> = args.iter().map(Value::to_string).collect();
    format!("{}\n", parts.join(" "))
}

/// The flags, width and precision of one verb.
#[derive(Debug, Clone, Copy, Default)]
struct Spec {
    minus: bool,
    plus: bool,
    sharp: bool,
    space: bool,
    zero: bool,
    /// `%+v`: Go turns the `+` of `%v` into "name the struct fields", not a sign.
    plus_v: bool,
    width: Option<usize>,
    prec: Option<usize>,
}

/// The widest width or precision honoured: output stays bounded whatever the format says.
const MAX_WIDTH: usize = 1000;

impl Spec {
    /// Pads `body` to the width: spaces, or zeros after the sign for numbers.
    fn pad(&self, body: String, number: bool) -> String {
        let Some(width) = self.width else {
            return body;
        };
        let len = body.chars().count();
        if len >= width {
            return body;
        }
        let fill = width - len;
        if self.minus {
            return body + &" ".repeat(fill);
        }
        if self.zero && number {
            let (sign, digits) = match body.chars().next() {
                Some(c @ ('+' | '-' | ' ')) => (c.to_string(), body.get(1..).unwrap_or("")),
                _ => (String::new(), body.as_str()),
            };
            return format!("{sign}{}{digits}", "0".repeat(fill));
        }
        " ".repeat(fill) + &body
    }

    fn signed(&self, neg: bool, body: String) -> String {
        if neg {
            format!("-{body}")
        } else if self.plus {
            format!("+{body}")
        } else if self.space {
            format!(" {body}")
        } else {
            body
        }
    }
}

/// Go's `%!verb(type=value)`.
fn bad_verb(verb: char, v: &Value) -> String {
    match v {
        Value::Null => format!("%!{verb}(<nil>)"),
        other => format!("%!{verb}({}={other})", other.type_name()),
    }
}

fn integer(verb: char, n: i64, spec: &Spec) -> String {
    let neg = n < 0;
    let abs = n.unsigned_abs();
    let (digits, prefix) = match verb {
        'd' | 'v' => (abs.to_string(), ""),
        'b' => (format!("{abs:b}"), ""),
        'o' => (format!("{abs:o}"), if spec.sharp { "0" } else { "" }),
        'O' => (format!("{abs:o}"), "0o"),
        'x' => (format!("{abs:x}"), if spec.sharp { "0x" } else { "" }),
        'X' => (format!("{abs:X}"), if spec.sharp { "0X" } else { "" }),
        'c' => {
            let c = u32::try_from(n)
                .ok()
                .and_then(char::from_u32)
                .unwrap_or('\u{fffd}');
            return spec.pad(c.to_string(), false);
        }
        'q' => {
            let c = u32::try_from(n)
                .ok()
                .and_then(char::from_u32)
                .unwrap_or('\u{fffd}');
            let q = quote(&c.to_string(), spec.plus);
            let inner = q.get(1..q.len().saturating_sub(1)).unwrap_or("");
            let inner = if c == '"' {
                "\"".to_string()
            } else if c == '\'' {
                "\\'".to_string()
            } else {
                inner.to_string()
            };
            return spec.pad(format!("'{inner}'"), false);
        }
        'U' => {
            let body = format!("U+{abs:04X}");
            return spec.pad(body, false);
        }
        _ => return bad_verb(verb, &Value::Int(n)),
    };
    // A precision is the minimum number of digits; `%.0d` of zero prints nothing.
    let digits = match spec.prec {
        Some(0) if n == 0 => String::new(),
        Some(p) if p > digits.len() => "0".repeat(p.min(MAX_WIDTH) - digits.len()) + &digits,
        _ => digits,
    };
    let body = spec.signed(neg, format!("{prefix}{digits}"));
    if spec.prec.is_some() {
        // Go: with a precision, the 0 flag is ignored.
        let mut s = *spec;
        s.zero = false;
        s.pad(body, true)
    } else {
        spec.pad(body, true)
    }
}

fn float(verb: char, x: f64, spec: &Spec) -> String {
    let body = if x.is_infinite() || x.is_nan() {
        // Go: an infinity always shows its sign, NaN only when asked; neither is padded
        // with zeros.
        let body = match (x.is_nan(), x.is_sign_negative()) {
            (true, _) if spec.plus => "+NaN".to_string(),
            (true, _) if spec.space => " NaN".to_string(),
            (true, _) => "NaN".to_string(),
            (false, true) => "-Inf".to_string(),
            (false, false) if spec.space && !spec.plus => " Inf".to_string(),
            (false, false) => "+Inf".to_string(),
        };
        let mut s = *spec;
        s.zero = false;
        return s.pad(body, true);
    } else {
        let neg = x.is_sign_negative() && x != 0.0;
        let prec = spec.prec.map(|p| p.min(MAX_WIDTH));
        let body = match verb {
            'v' | 'g' | 'G' => {
                let g = format_float_g(x.abs(), prec);
                if verb == 'G' {
                    g.to_uppercase()
                } else {
                    g
                }
            }
            'e' | 'E' => {
                let (_, digits, dp) = decimal(x.abs(), Some(prec.unwrap_or(6) + 1));
                fmt_e(
                    &digits,
                    dp,
                    i64::try_from(prec.unwrap_or(6)).unwrap_or(6),
                    if verb == 'E' { 'E' } else { 'e' },
                )
            }
            'f' | 'F' => format!("{:.*}", prec.unwrap_or(6), x.abs()),
            _ => return bad_verb(verb, &Value::Float(x)),
        };
        spec.signed(neg, body)
    };
    spec.pad(body, true)
}

fn string(verb: char, s: &str, spec: &Spec) -> String {
    // For strings, the precision limits the input, counted in runes.
    let s: String = match spec.prec {
        Some(p) => s.chars().take(p).collect(),
        None => s.to_string(),
    };
    let body = match verb {
        'v' | 's' => s,
        'q' if spec.sharp && can_backquote(&s) => format!("`{s}`"),
        'q' => quote(&s, spec.plus),
        'x' => s.bytes().map(|b| format!("{b:02x}")).collect(),
        'X' => s.bytes().map(|b| format!("{b:02X}")).collect(),
        _ => return bad_verb(verb, &Value::Str(s)),
    };
    spec.pad(body, false)
}

/// One argument under one verb; composite values apply it to each element.
fn print_value(verb: char, v: &Value, spec: &Spec, depth: u32, out: &mut String) {
    if depth > 100 {
        out.push_str("...");
        return;
    }
    match v {
        Value::Null | Value::NoValue => match verb {
            'v' => out.push_str(&spec.pad("<nil>".into(), false)),
            _ => out.push_str(&bad_verb(verb, v)),
        },
        Value::Bool(b) => match verb {
            'v' | 't' => out.push_str(&spec.pad(b.to_string(), false)),
            _ => out.push_str(&bad_verb(verb, v)),
        },
        Value::Int(n) => out.push_str(&integer(verb, *n, spec)),
        Value::Float(x) => out.push_str(&float(verb, *x, spec)),
        Value::Str(s) => out.push_str(&string(verb, s, spec)),
        Value::List(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(' ');
                }
                print_value(verb, item, spec, depth + 1, out);
            }
            out.push(']');
        }
        Value::Map(entries) => {
            out.push_str("map[");
            for (i, (k, item)) in entries.iter().enumerate() {
                if i > 0 {
                    out.push(' ');
                }
                print_value(verb, &Value::Str(k.clone()), spec, depth + 1, out);
                out.push(':');
                print_value(verb, item, spec, depth + 1, out);
            }
            out.push(']');
        }
        Value::Struct { fields, .. } => {
            out.push('{');
            for (i, (name, item)) in fields.iter().enumerate() {
                if i > 0 {
                    out.push(' ');
                }
                // `%+v` names each field.
                if verb == 'v' && spec.plus_v {
                    out.push_str(name);
                    out.push(':');
                }
                print_value(verb, item, spec, depth + 1, out);
            }
            out.push('}');
        }
    }
}

/// A width or a precision: digits, or `*` taking an int argument (`Err` when it is not).
fn width_or_precision(
    chars: &mut std::iter::Peekable<std::str::Chars<'_>>,
    next: &mut std::slice::Iter<'_, Value>,
    used: &mut usize,
) -> Result<Option<usize>, ()> {
    if chars.peek() == Some(&'*') {
        chars.next();
        *used += 1;
        return match next.next() {
            Some(Value::Int(n)) => Ok(Some(
                usize::try_from(n.unsigned_abs()).map_or(MAX_WIDTH, |n| n.min(MAX_WIDTH)),
            )),
            _ => Err(()),
        };
    }
    let mut digits = String::new();
    while let Some(&d) = chars.peek().filter(|d| d.is_ascii_digit()) {
        digits.push(d);
        chars.next();
    }
    Ok(if digits.is_empty() {
        None
    } else {
        Some(digits.parse::<usize>().unwrap_or(MAX_WIDTH).min(MAX_WIDTH))
    })
}

/// Go's `fmt.Sprintf`.
pub fn sprintf(format: &str, args: &[Value]) -> String {
    let mut out = String::new();
    let mut chars = format.chars().peekable();
    let mut next = args.iter();
    let mut used = 0usize;
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        let mut spec = Spec::default();
        while let Some(&f) = chars.peek() {
            match f {
                '-' => spec.minus = true,
                '+' => spec.plus = true,
                '#' => spec.sharp = true,
                ' ' => spec.space = true,
                '0' => spec.zero = !spec.minus,
                _ => break,
            }
            chars.next();
        }
        match width_or_precision(&mut chars, &mut next, &mut used) {
            Ok(w) => spec.width = w,
            Err(()) => out.push_str("%!(BADWIDTH)"),
        }
        if chars.peek() == Some(&'.') {
            chars.next();
            match width_or_precision(&mut chars, &mut next, &mut used) {
                Ok(p) => spec.prec = Some(p.unwrap_or(0)),
                Err(()) => out.push_str("%!(BADPREC)"),
            }
        }
        let Some(verb) = chars.next() else {
            out.push_str("%!(NOVERB)");
            break;
        };
        if verb == '%' {
            out.push('%');
            continue;
        }
        let Some(arg) = next.next() else {
            out.push_str(&format!("%!{verb}(MISSING)"));
            continue;
        };
        used += 1;
        if verb == 'v' && spec.plus {
            spec.plus = false;
            spec.plus_v = true;
        }
        if verb == 'T' {
            out.push_str(&spec.pad(arg.type_name(), false));
            continue;
        }
        print_value(verb, arg, &spec, 0, &mut out);
    }
    // Go: "Too many arguments: %!(EXTRA type=value)".
    let extra: Vec<String> = next
        .map(|v| match v {
            Value::Null => "<nil>".to_string(),
            other => format!("{}={other}", other.type_name()),
        })
        .collect();
    if !extra.is_empty() {
        out.push_str(&format!("%!(EXTRA {})", extra.join(", ")));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `(format, arguments, Go's output)`, from the examples of the `fmt` documentation.
    #[test]
    fn sprintf_as_go_prints() {
        let s = Value::str;
        let cases: &[(&str, Vec<Value>, &str)] = &[
            ("%s|%v", vec![s("web"), s("web")], "web|web"),
            ("%d", vec![Value::Int(42)], "42"),
            (
                "%5d|%-5d|%05d",
                vec![Value::Int(42), Value::Int(42), Value::Int(-42)],
                "   42|42   |-0042",
            ),
            ("%+d % d", vec![Value::Int(5), Value::Int(5)], "+5  5"),
            ("%.3d", vec![Value::Int(7)], "007"),
            (
                "%x %X %#x %o %b",
                vec![
                    Value::Int(255),
                    Value::Int(255),
                    Value::Int(255),
                    Value::Int(8),
                    Value::Int(5),
                ],
                "ff FF 0xff 10 101",
            ),
            ("%x", vec![Value::Int(-255)], "-ff"),
            (
                "%c %U %q",
                vec![Value::Int(65), Value::Int(0x1F600), Value::Int(97)],
                "A U+1F600 'a'",
            ),
            (
                "%t %v",
                vec![Value::Bool(true), Value::Bool(false)],
                "true false",
            ),
            ("%q", vec![s("a\"b\n")], "\"a\\\"b\\n\""),
            ("%#q", vec![s("a\"b")], "`a\"b`"),
            ("%+q", vec![s("héllo")], "\"h\\u00e9llo\""),
            ("%x %X", vec![s("hi"), s("hi")], "6869 6869"),
            (
                "%.2s|%-10s|%10s",
                vec![s("abc"), s("left"), s("right")],
                "ab|left      |     right",
            ),
            (
                "%f %.2f %8.3f",
                vec![
                    Value::Float(1.23456),
                    Value::Float(1.23456),
                    Value::Float(-1.23456),
                ],
                "1.234560 1.23   -1.235",
            ),
            (
                "%e %E %.2e",
                vec![
                    Value::Float(1234.5678),
                    Value::Float(1234.5678),
                    Value::Float(1234.5678),
                ],
                "1.234568e+03 1.234568E+03 1.23e+03",
            ),
            (
                "%g %v %v %v",
                vec![
                    Value::Float(1234.5678),
                    Value::Float(1e6),
                    Value::Float(123456.0),
                    Value::Float(1e-5),
                ],
                "1234.5678 1e+06 123456 1e-05",
            ),
            (
                "%.3g %g",
                vec![Value::Float(1234.5678), Value::Float(1.0)],
                "1.23e+03 1",
            ),
            (
                "%v %v",
                vec![Value::Float(f64::INFINITY), Value::Float(f64::NAN)],
                "+Inf NaN",
            ),
            (
                "%v %d %s",
                vec![
                    Value::strings(["a", "b"]),
                    Value::List(vec![Value::Int(1), Value::Int(2)]),
                    Value::strings(["x"]),
                ],
                "[a b] [1 2] [x]",
            ),
            (
                "%3d",
                vec![Value::List(vec![Value::Int(1), Value::Int(2)])],
                "[  1   2]",
            ),
            (
                "%v|%+v",
                vec![
                    Value::structure("T", vec![("A", Value::Int(1)), ("B", s("x"))]),
                    Value::structure("T", vec![("A", Value::Int(1)), ("B", s("x"))]),
                ],
                "{1 x}|{A:1 B:x}",
            ),
            (
                "%v",
                vec![Value::map(vec![("a".into(), Value::Int(1))])],
                "map[a:1]",
            ),
            (
                "%T %T %T %T",
                vec![s("x"), Value::Int(1), Value::Float(1.0), Value::Bool(true)],
                "string int float64 bool",
            ),
            ("%d", vec![s("hi")], "%!d(string=hi)"),
            ("%s", vec![Value::Int(5)], "%!s(int=5)"),
            ("%d", vec![Value::Null], "%!d(<nil>)"),
            ("%v", vec![Value::Null], "<nil>"),
            ("%z", vec![Value::Bool(true)], "%!z(bool=true)"),
            ("%d %d", vec![Value::Int(1)], "1 %!d(MISSING)"),
            (
                "%d",
                vec![Value::Int(1), s("x"), Value::Int(2)],
                "1%!(EXTRA string=x, int=2)",
            ),
            ("100%%", vec![], "100%"),
            ("trailing %", vec![], "trailing %!(NOVERB)"),
            (
                "%*d|%-*d",
                vec![Value::Int(4), Value::Int(7), Value::Int(3), Value::Int(7)],
                "   7|7  ",
            ),
            ("%*d", vec![s("x"), Value::Int(7)], "%!(BADWIDTH)7"),
            ("%.*f", vec![Value::Int(1), Value::Float(2.25)], "2.2"),
        ];
        for (format, args, want) in cases {
            assert_eq!(sprintf(format, args), *want, "{format}");
        }
    }

    #[test]
    fn sprint_spaces_only_between_non_strings() {
        let cases: &[(Vec<Value>, &str, &str)] = &[
            (vec![Value::Int(3), Value::Int(4)], "3 4", "3 4\n"),
            (
                vec![Value::str("a"), Value::Int(4), Value::str("b")],
                "a4b",
                "a 4 b\n",
            ),
            (vec![Value::str("a"), Value::str("b")], "ab", "a b\n"),
            (vec![], "", "\n"),
        ];
        for (args, sprinted, sprintlned) in cases {
            assert_eq!(sprint(args), *sprinted);
            assert_eq!(sprintln(args), *sprintlned);
        }
    }

    #[test]
    fn quote_as_strconv_does() {
        let cases: &[(&str, &str)] = &[
            ("hello", "\"hello\""),
            ("tab\there", "\"tab\\there\""),
            ("\u{7}\u{1}\u{7f}", "\"\\a\\x01\\x7f\""),
            ("back\\slash", "\"back\\\\slash\""),
            ("☺", "\"☺\""),
            ("\u{feff}", "\"\\ufeff\""),
        ];
        for (input, want) in cases {
            assert_eq!(quote(input, false), *want, "{input:?}");
        }
        assert_eq!(quote("☺", true), "\"\\u263a\"");
    }
}
