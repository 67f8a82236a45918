//! `jq FILTER [FILE…]` on a Linux lab host: the path filters beginner labs pipe `docker
//! inspect` into (`docker network inspect bridge | jq .[0].Containers`, Killercoda's
//! networks and cmd-or-entrypoint scenarios; their hosts install jq 1.7).
//!
//! Simulated: JSON in (several values one after the other too), keys kept in their order;
//! filters made of paths (`.`, `.name`, `."name"`, `.["name"]`, `.[N]` with negative `N`,
//! `.[]`, a trailing `?`) joined by `|` and `,`, and the builtins `keys` (sorted, as jq sorts them)
//! and `length`; options `-r`/`--raw-output`, `-c`/`--compact-output`, `-M`. Output as jq
//! 1.7's `jv_dump`: two spaces of indent, `"key": value`, `[]` and `{}` when empty, number
//! literals kept as written. Errors as jq 1.7.1's texts (jqlang/jq src/jv_aux.c, execute.c,
//! builtin.c: `Cannot index array with string "name"`, `Cannot iterate over null (null)`), prefixed `jq: error (at <stdin>:N): ` with N
//! the lines read, exit 5.
//!
//! Not simulated (a `berth:` line says so): other filters and builtins (`select`, `map`,
//! object construction…), other options, jq's parse-error texts for input that is not JSON,
//! the colours jq uses on a terminal. Nesting is bounded at 256 levels.

use super::Files;
use crate::cli::Output;

/// A JSON value with its object keys in input order.
#[derive(Debug, Clone, PartialEq)]
enum Json {
    Null,
    Bool(bool),
    /// The literal as written.
    Num(String),
    Str(String),
    Arr(Vec<Json>),
    Obj(Vec<(String, Json)>),
}

const MAX_DEPTH: usize = 256;

const NOT_SIMULATED: &str =
    "Berth's jq knows paths (.a.b, .[0], .[], .[\"key\"]) joined by | or a comma, keys and length";

/// `jq ARGS…` with `stdin` as its standard input (`None`: the terminal).
pub fn jq(args: &[String], stdin: Option<&str>, files: &mut dyn Files) -> Output {
    let (mut raw, mut compact) = (false, false);
    let mut operands = Vec::new();
    for arg in args {
        match arg.as_str() {
            "-r" | "--raw-output" => raw = true,
            "-c" | "--compact-output" => compact = true,
            "-M" | "--monochrome-output" => {}
            "-rc" | "-cr" => (raw, compact) = (true, true),
            a if a.starts_with('-') && a.len() > 1 => {
                return Output::failed(
                    format!("berth: jq {a} is not simulated; {NOT_SIMULATED}"),
                    2,
                )
            }
            _ => operands.push(arg.as_str()),
        }
    }
    // jq's main.c: with no filter and its input not a terminal (a pipe), the filter is `.`.
    if operands.is_empty() && stdin.is_some() {
        operands.push(".");
    }
    let Some((filter, paths)) = operands.split_first() else {
        return Output::failed(
            "berth: jq's usage text is not simulated; type a filter: jq . or jq '.[0].Name'",
            2,
        );
    };
    let Some(stages) = parse_filter(filter) else {
        return Output::failed(
            format!("berth: jq '{filter}' is not simulated; {NOT_SIMULATED}"),
            3,
        );
    };
    let mut input = String::new();
    if paths.is_empty() {
        input.push_str(stdin.unwrap_or_default());
    }
    for path in paths {
        match files.read(path) {
            Ok(text) => input.push_str(&text),
            // jq's main.c: `jq: error: Could not open %s: %s`.
            Err(reason) => {
                return Output::failed(format!("jq: error: Could not open {path}: {reason}"), 2)
            }
        }
    }
    let mut o = Output::default();
    let mut parser = Parser {
        chars: input.chars().collect(),
        pos: 0,
        lines: 0,
    };
    loop {
        parser.skip_space();
        if parser.pos >= parser.chars.len() {
            break;
        }
        let Some(value) = parser.value(0) else {
            o.err("berth: jq: the input is not JSON that Berth can read (jq's parse-error texts are not simulated)");
            o.exit_code = 2;
            return o;
        };
        // jq reads its input a line at a time (util.c, `fgets`): the line the value ends on
        // has been counted when the filter runs.
        let line = parser.lines
            + usize::from(
                parser
                    .chars
                    .get(parser.pos..)
                    .is_some_and(|rest| rest.contains(&'\n')),
            );
        let where_ = if paths.is_empty() {
            "<stdin>"
        } else {
            paths.last().copied().unwrap_or("<stdin>")
        };
        let mut results = vec![value];
        for stage in &stages {
            let mut next = Vec::new();
            for v in &results {
                for path in stage {
                    match apply_path(path, v) {
                        Ok(mut out) => next.append(&mut out),
                        Err(msg) => {
                            for r in &next {
                                o.out(show(r, raw, compact));
                            }
                            // jq: `jq: error (at <file>:<line>): <message>`, exit 5.
                            o.err(format!("jq: error (at {where_}:{line}): {msg}"));
                            o.exit_code = 5;
                            return o;
                        }
                    }
                }
            }
            results = next;
        }
        for r in &results {
            o.out(show(r, raw, compact));
        }
    }
    o
}

/// One step of a filter.
#[derive(Debug, Clone, PartialEq)]
enum Step {
    Key(String, bool),
    Index(i64, bool),
    Each(bool),
    Keys,
    Length,
}

/// The filter as stages joined by `|`, each the paths joined by `,` whose outputs follow
/// one another; `None` when it is beyond paths, `|`, `,`, `keys` and `length`.
fn parse_filter(filter: &str) -> Option<Vec<Vec<Vec<Step>>>> {
    let mut stages = Vec::new();
    for stage in filter.split('|') {
        let mut paths = Vec::new();
        for part in stage.split(',') {
            paths.push(match part.trim() {
                "keys" => vec![Step::Keys],
                "length" => vec![Step::Length],
                "." => Vec::new(),
                other => parse_path(other)?,
            });
        }
        stages.push(paths);
    }
    Some(stages)
}

/// The outputs of one path on one value.
fn apply_path(path: &[Step], v: &Json) -> Result<Vec<Json>, String> {
    let mut results = vec![v.clone()];
    for step in path {
        let mut next = Vec::new();
        for r in &results {
            next.append(&mut apply(step, r)?);
        }
        results = next;
    }
    Ok(results)
}

fn parse_path(text: &str) -> Option<Vec<Step>> {
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    let mut steps = Vec::new();
    if chars.first() != Some(&'.') {
        return None;
    }
    while i < chars.len() {
        let c = chars.get(i).copied()?;
        let step = match c {
            '.' if chars.get(i + 1) == Some(&'[') => {
                i += 1;
                continue;
            }
            '.' if chars.get(i + 1) == Some(&'"') => {
                let end = (i + 2..chars.len()).find(|&j| chars.get(j) == Some(&'"'))?;
                let key: String = chars.get(i + 2..end)?.iter().collect();
                i = end + 1;
                Step::Key(key, false)
            }
            '.' => {
                let start = i + 1;
                let mut end = start;
                while chars
                    .get(end)
                    .is_some_and(|c| c.is_ascii_alphanumeric() || *c == '_')
                {
                    end += 1;
                }
                if end == start || chars.get(start).is_some_and(char::is_ascii_digit) {
                    return None;
                }
                i = end;
                Step::Key(chars.get(start..end)?.iter().collect(), false)
            }
            '[' => {
                let end = (i + 1..chars.len()).find(|&j| chars.get(j) == Some(&']'))?;
                let inner: String = chars.get(i + 1..end)?.iter().collect();
                let inner = inner.trim();
                i = end + 1;
                if inner.is_empty() {
                    Step::Each(false)
                } else if let Some(key) = inner.strip_prefix('"').and_then(|s| s.strip_suffix('"'))
                {
                    Step::Key(key.to_string(), false)
                } else {
                    Step::Index(inner.parse().ok()?, false)
                }
            }
            _ => return None,
        };
        let optional = chars.get(i) == Some(&'?');
        if optional {
            i += 1;
        }
        steps.push(match step {
            Step::Key(k, _) => Step::Key(k, optional),
            Step::Index(n, _) => Step::Index(n, optional),
            Step::Each(_) => Step::Each(optional),
            other => other,
        });
    }
    Some(steps)
}

/// jq's name of a value's type, for its errors.
fn kind(v: &Json) -> &'static str {
    match v {
        Json::Null => "null",
        Json::Bool(_) => "boolean",
        Json::Num(_) => "number",
        Json::Str(_) => "string",
        Json::Arr(_) => "array",
        Json::Obj(_) => "object",
    }
}

fn apply(step: &Step, v: &Json) -> Result<Vec<Json>, String> {
    let quiet = |optional: bool, msg: String| if optional { Ok(Vec::new()) } else { Err(msg) };
    match (step, v) {
        (Step::Key(_, _), Json::Null) | (Step::Index(_, _), Json::Null) => Ok(vec![Json::Null]),
        (Step::Key(k, _), Json::Obj(fields)) => Ok(vec![fields
            .iter()
            .rev()
            .find(|(name, _)| name == k)
            .map_or(Json::Null, |(_, x)| x.clone())]),
        // jq 1.7.1 jv_aux.c `jv_get`: the key is named when shorter than 30 bytes.
        (Step::Key(k, opt), other) if k.len() < 30 => quiet(
            *opt,
            format!("Cannot index {} with string \"{k}\"", kind(other)),
        ),
        (Step::Key(_, opt), other) => {
            quiet(*opt, format!("Cannot index {} with string", kind(other)))
        }
        (Step::Index(n, _), Json::Arr(items)) => {
            let len = i64::try_from(items.len()).unwrap_or(i64::MAX);
            let at = if *n < 0 { len + n } else { *n };
            Ok(vec![usize::try_from(at)
                .ok()
                .and_then(|i| items.get(i))
                .cloned()
                .unwrap_or(Json::Null)])
        }
        (Step::Index(_, opt), other) => {
            quiet(*opt, format!("Cannot index {} with number", kind(other)))
        }
        (Step::Each(_), Json::Arr(items)) => Ok(items.clone()),
        (Step::Each(_), Json::Obj(fields)) => Ok(fields.iter().map(|(_, x)| x.clone()).collect()),
        // jq 1.7.1 execute.c, EACH.
        (Step::Each(opt), other) => quiet(
            *opt,
            format!("Cannot iterate over {} ({})", kind(other), truncated(other)),
        ),
        (Step::Keys, Json::Obj(fields)) => {
            let mut names: Vec<&String> = fields.iter().map(|(k, _)| k).collect();
            names.sort();
            names.dedup();
            Ok(vec![Json::Arr(
                names.into_iter().map(|k| Json::Str(k.clone())).collect(),
            )])
        }
        (Step::Keys, Json::Arr(items)) => Ok(vec![Json::Arr(
            (0..items.len()).map(|i| Json::Num(i.to_string())).collect(),
        )]),
        // jq 1.7.1 builtin.c `type_error`.
        (Step::Keys, other) => Err(format!(
            "{} ({}) has no keys",
            kind(other),
            truncated(other)
        )),
        (Step::Length, Json::Null) => Ok(vec![Json::Num("0".into())]),
        (Step::Length, Json::Arr(items)) => Ok(vec![Json::Num(items.len().to_string())]),
        (Step::Length, Json::Obj(fields)) => Ok(vec![Json::Num(fields.len().to_string())]),
        (Step::Length, Json::Str(s)) => Ok(vec![Json::Num(s.chars().count().to_string())]),
        (Step::Length, Json::Num(n)) => Ok(vec![Json::Num(n.trim_start_matches('-').to_string())]),
        (Step::Length, Json::Bool(b)) => Err(format!("boolean ({b}) has no length")),
    }
}

/// jq 1.7.1 `jv_dump_string_trunc` into its 15-byte buffers: 14 bytes at most, the last
/// three `...` when cut.
fn truncated(v: &Json) -> String {
    let full = show(v, false, true);
    if full.len() <= 14 {
        return full;
    }
    let mut cut = 11;
    while !full.is_char_boundary(cut) {
        cut -= 1;
    }
    [full.get(..cut).unwrap_or_default(), "..."].concat()
}

/// jq's `jv_dump_term`: a value as jq prints it.
fn show(v: &Json, raw: bool, compact: bool) -> String {
    if let (true, Json::Str(s)) = (raw, v) {
        return s.clone();
    }
    let mut out = String::new();
    dump(v, compact, 0, &mut out);
    out
}

fn dump(v: &Json, compact: bool, depth: usize, out: &mut String) {
    let indent = |out: &mut String, d: usize| {
        if !compact {
            out.push('\n');
            out.push_str(&"  ".repeat(d));
        }
    };
    match v {
        Json::Null => out.push_str("null"),
        Json::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Json::Num(n) => out.push_str(n),
        Json::Str(s) => quote(s, out),
        Json::Arr(items) if items.is_empty() => out.push_str("[]"),
        Json::Obj(fields) if fields.is_empty() => out.push_str("{}"),
        Json::Arr(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                indent(out, depth + 1);
                dump(item, compact, depth + 1, out);
            }
            indent(out, depth);
            out.push(']');
        }
        Json::Obj(fields) => {
            out.push('{');
            for (i, (k, item)) in fields.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                indent(out, depth + 1);
                quote(k, out);
                out.push_str(if compact { ":" } else { ": " });
                dump(item, compact, depth + 1, out);
            }
            indent(out, depth);
            out.push('}');
        }
    }
}

/// jq's `jvp_dump_string`: `"`, `\` and control characters escaped, the rest as is.
fn quote(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                out.push_str(&format!("\\u{:04x}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

struct Parser {
    chars: Vec<char>,
    pos: usize,
    /// Newlines read so far, for jq's `(at <stdin>:N)`.
    lines: usize,
}

impl Parser {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += 1;
        if c == '\n' {
            self.lines += 1;
        }
        Some(c)
    }

    fn skip_space(&mut self) {
        while self.peek().is_some_and(|c| c.is_ascii_whitespace()) {
            self.bump();
        }
    }

    fn literal(&mut self, word: &str, v: Json) -> Option<Json> {
        for expected in word.chars() {
            if self.bump()? != expected {
                return None;
            }
        }
        Some(v)
    }

    fn value(&mut self, depth: usize) -> Option<Json> {
        if depth > MAX_DEPTH {
            return None;
        }
        self.skip_space();
        let v = match self.peek()? {
            'n' => self.literal("null", Json::Null)?,
            't' => self.literal("true", Json::Bool(true))?,
            'f' => self.literal("false", Json::Bool(false))?,
            '"' => Json::Str(self.string()?),
            '[' => {
                self.bump();
                let mut items = Vec::new();
                self.skip_space();
                if self.peek() == Some(']') {
                    self.bump();
                } else {
                    loop {
                        items.push(self.value(depth + 1)?);
                        self.skip_space();
                        match self.bump()? {
                            ',' => {}
                            ']' => break,
                            _ => return None,
                        }
                    }
                }
                Json::Arr(items)
            }
            '{' => {
                self.bump();
                let mut fields = Vec::new();
                self.skip_space();
                if self.peek() == Some('}') {
                    self.bump();
                } else {
                    loop {
                        self.skip_space();
                        let key = self.string()?;
                        self.skip_space();
                        if self.bump()? != ':' {
                            return None;
                        }
                        fields.push((key, self.value(depth + 1)?));
                        self.skip_space();
                        match self.bump()? {
                            ',' => {}
                            '}' => break,
                            _ => return None,
                        }
                    }
                }
                Json::Obj(fields)
            }
            c if c == '-' || c.is_ascii_digit() => {
                let start = self.pos;
                while self
                    .peek()
                    .is_some_and(|c| c.is_ascii_digit() || matches!(c, '-' | '+' | '.' | 'e' | 'E'))
                {
                    self.bump();
                }
                let text: String = self.chars.get(start..self.pos)?.iter().collect();
                text.parse::<f64>().ok()?;
                Json::Num(text)
            }
            _ => return None,
        };
        Some(v)
    }

    fn string(&mut self) -> Option<String> {
        if self.bump()? != '"' {
            return None;
        }
        let mut s = String::new();
        loop {
            match self.bump()? {
                '"' => return Some(s),
                '\\' => match self.bump()? {
                    'n' => s.push('\n'),
                    't' => s.push('\t'),
                    'r' => s.push('\r'),
                    'b' => s.push('\u{8}'),
                    'f' => s.push('\u{c}'),
                    'u' => {
                        let hex: String = (0..4).filter_map(|_| self.bump()).collect();
                        let code = u32::from_str_radix(&hex, 16).ok()?;
                        s.push(char::from_u32(code).unwrap_or('\u{fffd}'));
                    }
                    c => s.push(c),
                },
                c => s.push(c),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::output::Stream;

    struct NoFiles;
    impl Files for NoFiles {
        fn read(&mut self, _: &str) -> Result<String, String> {
            Err("No such file or directory".into())
        }
        fn write(&mut self, _: &str, _: &str, _: bool) -> Result<(), String> {
            Err("Read-only file system".into())
        }
    }

    fn run(args: &[&str], stdin: &str) -> (String, String, i32) {
        let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
        let o = jq(&args, Some(stdin), &mut NoFiles);
        let of = |stream: Stream| {
            o.lines
                .iter()
                .filter(|l| l.stream == stream)
                .map(|l| format!("{}\n", l.text))
                .collect::<String>()
        };
        (of(Stream::Stdout), of(Stream::Stderr), o.exit_code)
    }

    #[test]
    fn paths_keep_key_order_and_indent_as_jq() {
        let input = "[\n {\"b\": 1, \"a\": [true, null], \"e\": {}}\n]\n";
        assert_eq!(
            run(&[".[0]"], input).0,
            "{\n  \"b\": 1,\n  \"a\": [\n    true,\n    null\n  ],\n  \"e\": {}\n}\n"
        );
        assert_eq!(run(&[".[0].a[0]"], input).0, "true\n");
        assert_eq!(
            run(&["-c", ".[]"], input).0,
            "{\"b\":1,\"a\":[true,null],\"e\":{}}\n"
        );
        assert_eq!(
            run(&[".[0] | keys"], input).0,
            "[\n  \"a\",\n  \"b\",\n  \"e\"\n]\n"
        );
        assert_eq!(run(&["-r", ".[0].x"], input).0, "null\n");
    }

    #[test]
    fn errors_are_jqs() {
        let (_, err, code) = run(&[".a"], "[1]\n");
        assert_eq!(
            err,
            "jq: error (at <stdin>:1): Cannot index array with string \"a\"\n"
        );
        assert_eq!(code, 5);
        assert_eq!(
            run(&[".[]"], "null").1,
            "jq: error (at <stdin>:0): Cannot iterate over null (null)\n"
        );
        assert_eq!(
            run(&[".[]"], "\"a long string here\"\n").1,
            "jq: error (at <stdin>:1): Cannot iterate over string (\"a long str...)\n"
        );
        assert_eq!(run(&["map(.)"], "1").2, 3);
    }
}
