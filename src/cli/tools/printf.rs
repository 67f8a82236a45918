//! `printf FORMAT [ARGUMENT]…`, the builtin of bash, dash and busybox ash (and coreutils'
//! `/usr/bin/printf`): the format is reused while arguments remain; conversions `%s`, `%b`,
//! `%c`, `%d`, `%i`, `%u`, `%x`, `%X`, `%o`, `%%` with the flags `-`, `0`, `+`, space, a width
//! and a precision; the escapes `\n`, `\t`, `\\`, `\a`, `\b`, `\f`, `\r`, `\v`, `\e`, `\NNN`
//! (octal), `\xHH`, and in `%b` arguments `\0NNN` and `\c` (stop).
//!
//! Texts for an argument that is no number (the value is then 0 and the status 1): bash's
//! `builtins/printf.def` (`printf: abc: invalid number`), dash's `src/bltin/printf.c`
//! (`abc: expected numeric value`, as `sh: 1: printf: abc: expected numeric value`),
//! busybox's `coreutils/printf.c` (`invalid number 'abc'`, as `sh: invalid number 'abc'`
//! inside ash), coreutils' `printf.c`
//! (`printf: ‘abc’: expected a numeric value`).
//!
//! Output is lines: text after the last newline is a line of its own (the terminal shows
//! `printf x` as `x`). Not simulated: `%e`, `%f`, `%g` (floating point: a `berth:` line),
//! `%q`, `-v VAR`, `*` widths.

use crate::cli::Output;

/// Whose printf: the wording of a bad number differs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Printf {
    Bash,
    Dash,
    Busybox,
    Coreutils,
}

impl Printf {
    fn invalid_number(self, word: &str) -> String {
        match self {
            Printf::Bash => format!("bash: printf: {word}: invalid number"),
            // dash's printf.c check_conversion, through its warnx (`sh: LINE: printf: `).
            Printf::Dash => format!("sh: 1: printf: {word}: expected numeric value"),
            // Inside busybox ash, bb_error_msg names the running applet, `sh`.
            Printf::Busybox => format!("sh: invalid number '{word}'"),
            Printf::Coreutils => format!("printf: ‘{word}’: expected a numeric value"),
        }
    }

    fn usage(self) -> String {
        match self {
            Printf::Bash => "bash: printf: usage: printf [-v var] format [arguments]".into(),
            Printf::Dash => "sh: 1: printf: usage: printf format [arg ...]".into(),
            Printf::Busybox => "sh: usage: printf FORMAT [ARGUMENT...]".into(),
            Printf::Coreutils => {
                "printf: missing operand\nTry 'printf --help' for more information.".into()
            }
        }
    }
}

/// The most bytes one `printf` may write (the format is reused per argument).
const MAX_OUTPUT: usize = 1024 * 1024;

pub fn printf(args: &[String], style: Printf) -> Output {
    let args = match args.first().map(String::as_str) {
        Some("--") => args.get(1..).unwrap_or(&[]),
        _ => args,
    };
    let Some((format, mut rest)) = args.split_first() else {
        return Output::failed(
            style.usage(),
            if style == Printf::Coreutils { 1 } else { 2 },
        );
    };
    let mut text = String::new();
    let mut errors = Vec::new();
    loop {
        let before = rest.len();
        let stop = render(format, &mut rest, &mut text, &mut errors, style);
        if stop || rest.is_empty() || rest.len() == before || text.len() > MAX_OUTPUT {
            break;
        }
    }
    let mut out = Output::default();
    if let Some(body) = text.strip_suffix('\n') {
        for line in body.split('\n') {
            out.out(line.to_string());
        }
    } else if !text.is_empty() {
        for line in text.split('\n') {
            out.out(line.to_string());
        }
    }
    if text.len() > MAX_OUTPUT {
        out.err("berth: printf's output was cut at 1 MiB in this playground");
    }
    for e in &errors {
        out.err(e.clone());
    }
    if !errors.is_empty() {
        out.exit_code = 1;
    }
    out
}

/// One pass over the format. `true`: `\c` stopped all output.
fn render(
    format: &str,
    args: &mut &[String],
    text: &mut String,
    errors: &mut Vec<String>,
    style: Printf,
) -> bool {
    let chars: Vec<char> = format.chars().collect();
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        i += 1;
        match c {
            '\\' => {
                let (s, used, stop) = escape(&chars, i, false);
                text.push_str(&s);
                i += used;
                if stop {
                    return true;
                }
            }
            '%' => {
                if chars.get(i) == Some(&'%') {
                    text.push('%');
                    i += 1;
                    continue;
                }
                let start = i;
                while chars
                    .get(i)
                    .is_some_and(|c| matches!(c, '-' | '0' | '+' | ' ' | '#'))
                {
                    i += 1;
                }
                let flags: String = chars.get(start..i).unwrap_or(&[]).iter().collect();
                let mut width = String::new();
                while let Some(d) = chars.get(i).filter(|c| c.is_ascii_digit()) {
                    width.push(*d);
                    i += 1;
                }
                let mut precision: Option<usize> = None;
                if chars.get(i) == Some(&'.') {
                    i += 1;
                    let mut p = String::new();
                    while let Some(d) = chars.get(i).filter(|c| c.is_ascii_digit()) {
                        p.push(*d);
                        i += 1;
                    }
                    precision = Some(p.parse().unwrap_or(0));
                }
                // Length modifiers are accepted and ignored.
                while chars
                    .get(i)
                    .is_some_and(|c| matches!(c, 'l' | 'h' | 'j' | 'z' | 't'))
                {
                    i += 1;
                }
                let Some(&conversion) = chars.get(i) else {
                    text.push('%');
                    text.push_str(&flags);
                    text.push_str(&width);
                    break;
                };
                i += 1;
                let arg = match args.split_first() {
                    Some((first, others)) => {
                        *args = others;
                        Some(first.clone())
                    }
                    None => None,
                };
                let width: usize = width.parse().unwrap_or(0);
                let body = match conversion {
                    's' => {
                        let s = arg.unwrap_or_default();
                        match precision {
                            Some(p) => s.chars().take(p).collect(),
                            None => s,
                        }
                    }
                    'b' => {
                        let arg: Vec<char> = arg.unwrap_or_default().chars().collect();
                        let mut s = String::new();
                        let mut j = 0;
                        let mut stop = false;
                        while let Some(&c) = arg.get(j) {
                            j += 1;
                            if c == '\\' {
                                let (e, used, halt) = escape(&arg, j, true);
                                s.push_str(&e);
                                j += used;
                                if halt {
                                    stop = true;
                                    break;
                                }
                            } else {
                                s.push(c);
                            }
                        }
                        if stop {
                            text.push_str(&pad(&s, width, &flags, false));
                            return true;
                        }
                        s
                    }
                    'c' => arg
                        .and_then(|a| a.chars().next())
                        .map(String::from)
                        .unwrap_or_default(),
                    'd' | 'i' | 'u' | 'x' | 'X' | 'o' => {
                        let value = match arg {
                            None => 0,
                            Some(a) => number(&a).unwrap_or_else(|| {
                                errors.push(style.invalid_number(&a));
                                0
                            }),
                        };
                        let mut digits = match conversion {
                            'x' => format!("{value:x}"),
                            'X' => format!("{value:X}"),
                            'o' => format!("{value:o}"),
                            _ => value.unsigned_abs().to_string(),
                        };
                        if let Some(p) = precision {
                            while digits.len() < p {
                                digits.insert(0, '0');
                            }
                        }
                        let sign = if matches!(conversion, 'd' | 'i') && value < 0 {
                            "-"
                        } else if matches!(conversion, 'd' | 'i') && flags.contains('+') {
                            "+"
                        } else if matches!(conversion, 'd' | 'i') && flags.contains(' ') {
                            " "
                        } else {
                            ""
                        };
                        let zero =
                            flags.contains('0') && !flags.contains('-') && precision.is_none();
                        if zero {
                            let mut s = digits;
                            while s.len() + sign.len() < width {
                                s.insert(0, '0');
                            }
                            format!("{sign}{s}")
                        } else {
                            format!("{sign}{digits}")
                        }
                    }
                    'e' | 'E' | 'f' | 'F' | 'g' | 'G' => {
                        errors.push(format!(
                            "berth: printf %{conversion} (floating point) is not simulated in this playground"
                        ));
                        String::new()
                    }
                    other => {
                        errors.push(format!(
                            "printf: %{other}: invalid conversion specification"
                        ));
                        return true;
                    }
                };
                text.push_str(&pad(&body, width, &flags, false));
            }
            c => text.push(c),
        }
    }
    false
}

fn pad(body: &str, width: usize, flags: &str, _numeric: bool) -> String {
    let len = body.chars().count();
    if len >= width {
        return body.to_string();
    }
    let fill = " ".repeat(width - len);
    if flags.contains('-') {
        format!("{body}{fill}")
    } else {
        format!("{fill}{body}")
    }
}

/// A number argument: decimal, `0x` hex, leading-`0` octal, or `'c` (the character's code).
fn number(text: &str) -> Option<i64> {
    let t = text.trim();
    if let Some(c) = t.strip_prefix('\'').or_else(|| t.strip_prefix('"')) {
        return c.chars().next().map(|c| i64::from(u32::from(c)));
    }
    let (negative, digits) = match t.strip_prefix('-') {
        Some(d) => (true, d),
        None => (false, t.strip_prefix('+').unwrap_or(t)),
    };
    let value = if let Some(hex) = digits
        .strip_prefix("0x")
        .or_else(|| digits.strip_prefix("0X"))
    {
        i64::from_str_radix(hex, 16).ok()?
    } else if digits.len() > 1 && digits.starts_with('0') {
        i64::from_str_radix(digits.get(1..)?, 8).ok()?
    } else {
        digits.parse().ok()?
    };
    Some(if negative { -value } else { value })
}

/// The escape after a backslash at `i`: (text, characters used, `\c` stop). In `%b`
/// arguments an octal escape is `\0NNN`; in the format, `\NNN`.
fn escape(chars: &[char], i: usize, in_b: bool) -> (String, usize, bool) {
    let Some(&c) = chars.get(i) else {
        return ("\\".into(), 0, false);
    };
    let simple = match c {
        'n' => Some('\n'),
        't' => Some('\t'),
        '\\' => Some('\\'),
        'a' => Some('\u{7}'),
        'b' => Some('\u{8}'),
        'f' => Some('\u{c}'),
        'r' => Some('\r'),
        'v' => Some('\u{b}'),
        'e' => Some('\u{1b}'),
        '"' if !in_b => Some('"'),
        _ => None,
    };
    if let Some(s) = simple {
        return (s.to_string(), 1, false);
    }
    if c == 'c' && in_b {
        return (String::new(), 1, true);
    }
    if c == 'x' {
        let hex: String = chars
            .get(i + 1..)
            .unwrap_or(&[])
            .iter()
            .take(2)
            .take_while(|c| c.is_ascii_hexdigit())
            .collect();
        if let Some(ch) = u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32) {
            return (ch.to_string(), 1 + hex.len(), false);
        }
        return ("\\x".into(), 1, false);
    }
    if c.is_digit(8) {
        let (skip, max) = if in_b && c == '0' { (1, 3) } else { (0, 3) };
        let oct: String = chars
            .get(i + skip..)
            .unwrap_or(&[])
            .iter()
            .take(max)
            .take_while(|c| c.is_digit(8))
            .collect();
        let ch = u32::from_str_radix(&oct, 8)
            .ok()
            .and_then(char::from_u32)
            .unwrap_or('\0');
        return (ch.to_string(), skip + oct.len(), false);
    }
    (format!("\\{c}"), 1, false)
}
