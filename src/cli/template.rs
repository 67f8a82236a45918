//! Go templates, as the Docker CLI runs them for `--format` and `inspect -f`.
//!
//! Supported: text and `{{ }}` actions with `{{-`/`-}}` trimming and `{{/* comments */}}`;
//! pipelines with `|`; fields (`.A.B`), `.`, `$`, variables (`$x := …`, `$x = …`, `$x.Field`);
//! string, raw string, number, `true`/`false`/`nil` literals; parentheses; `if`/`else if`/
//! `else`, `range` (with `$i, $e :=` and `else`), `with`, `break`, `continue`; Go's functions
//! `and or not len index slice print printf println eq ne lt le gt ge html js urlquery`, and
//! Docker's `json split join title lower upper pad truncate` (docker/cli
//! `templates/templates.go`). Not supported: `define`, `template`, `block`, method calls.
//!
//! Data is a [`Value`]: `Struct`s behave like Go structs (a missing field is an error that
//! names the type), `Map`s like Go maps executed with `missingkey=error` as `docker inspect`
//! does. Errors carry Go's own text (`template: :1:2: executing "" at <.Foo>: …`), which the
//! commands print as Docker does. Nothing here can panic: depth and output size are bounded.

use std::fmt;

/// The deepest nesting of blocks and parentheses accepted, and the largest output produced.
const MAX_DEPTH: u32 = 100;
const MAX_OUTPUT: usize = 4 * 1024 * 1024;

/// A value a template can read.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    List(Vec<Value>),
    /// A Go map: keys in the order given (callers sort them, as Go prints maps sorted).
    Map(Vec<(String, Value)>),
    /// A Go struct: fields in declaration order.
    Struct {
        type_name: String,
        fields: Vec<(String, Value)>,
    },
}

impl Value {
    pub fn str(s: impl Into<String>) -> Value {
        Value::Str(s.into())
    }

    pub fn structure(type_name: &str, fields: Vec<(&str, Value)>) -> Value {
        Value::Struct {
            type_name: type_name.to_string(),
            fields: fields
                .into_iter()
                .map(|(k, v)| (k.to_string(), v))
                .collect(),
        }
    }

    pub fn map(entries: Vec<(String, Value)>) -> Value {
        Value::Map(entries)
    }

    pub fn strings<I: IntoIterator<Item = S>, S: Into<String>>(items: I) -> Value {
        Value::List(items.into_iter().map(|s| Value::Str(s.into())).collect())
    }

    /// A field of a struct or a key of a map.
    pub fn field(&self, name: &str) -> Option<&Value> {
        match self {
            Value::Struct { fields, .. } | Value::Map(fields) => {
                fields.iter().find(|(k, _)| k == name).map(|(_, v)| v)
            }
            _ => None,
        }
    }

    fn truth(&self) -> bool {
        match self {
            Value::Null => false,
            Value::Bool(b) => *b,
            Value::Int(i) => *i != 0,
            Value::Float(f) => *f != 0.0,
            Value::Str(s) => !s.is_empty(),
            Value::List(l) => !l.is_empty(),
            Value::Map(m) => !m.is_empty(),
            Value::Struct { .. } => true,
        }
    }

    fn type_name(&self) -> String {
        match self {
            Value::Null => "<nil>".into(),
            Value::Bool(_) => "bool".into(),
            Value::Int(_) => "int".into(),
            Value::Float(_) => "float64".into(),
            Value::Str(_) => "string".into(),
            Value::List(_) => "[]interface {}".into(),
            Value::Map(_) => "map[string]interface {}".into(),
            Value::Struct { type_name, .. } => type_name.clone(),
        }
    }
}

/// Go's `%v`.
impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Null => write!(f, "<nil>"),
            Value::Bool(b) => write!(f, "{b}"),
            Value::Int(i) => write!(f, "{i}"),
            Value::Float(x) => write!(f, "{}", go_float(*x)),
            Value::Str(s) => write!(f, "{s}"),
            Value::List(items) => {
                write!(f, "[")?;
                for (i, v) in items.iter().enumerate() {
                    if i > 0 {
                        write!(f, " ")?;
                    }
                    write!(f, "{v}")?;
                }
                write!(f, "]")
            }
            Value::Map(entries) => {
                write!(f, "map[")?;
                for (i, (k, v)) in entries.iter().enumerate() {
                    if i > 0 {
                        write!(f, " ")?;
                    }
                    write!(f, "{k}:{v}")?;
                }
                write!(f, "]")
            }
            Value::Struct { fields, .. } => {
                write!(f, "{{")?;
                for (i, (_, v)) in fields.iter().enumerate() {
                    if i > 0 {
                        write!(f, " ")?;
                    }
                    write!(f, "{v}")?;
                }
                write!(f, "}}")
            }
        }
    }
}

/// Go's shortest float formatting (`strconv.FormatFloat(x, 'g', -1, 64)` for `%v`).
fn go_float(x: f64) -> String {
    if x.is_finite() && x == x.trunc() && x.abs() < 1e21 {
        format!("{x:.0}")
    } else {
        format!("{x}")
    }
}

/// A template error; `Display` is Go's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TemplateError {
    Parse(String),
    Exec(String),
}

impl fmt::Display for TemplateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TemplateError::Parse(m) | TemplateError::Exec(m) => write!(f, "{m}"),
        }
    }
}

// ── lexing ─────────────────────────────────────────────────────────────────────────────

#[derive(Debug, Clone, PartialEq)]
enum Tok {
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
fn lex_action(src: &str, line: usize) -> Result<Vec<(Tok, usize)>, TemplateError> {
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
                while let Some(ch) = at(i).filter(|ch| ch.is_ascii_alphanumeric() || *ch == '.') {
                    s.push(ch);
                    i += 1;
                }
                let tok = if let Ok(n) = s.parse::<i64>() {
                    Tok::Int(n)
                } else if let Ok(x) = s.parse::<f64>() {
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

fn is_ident_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

// ── parsing ────────────────────────────────────────────────────────────────────────────

#[derive(Debug, Clone, PartialEq)]
enum Arg {
    Field(Vec<String>),
    Dot,
    Var(String, Vec<String>),
    Lit(Value),
    Func(String),
    Sub(Box<Pipeline>),
}

#[derive(Debug, Clone, PartialEq)]
struct Command {
    args: Vec<Arg>,
    /// Byte offset of the command's first token in the template, and its text for errors.
    pos: usize,
    text: String,
}

#[derive(Debug, Clone, PartialEq)]
struct Pipeline {
    decl: Vec<String>,
    assign: bool,
    cmds: Vec<Command>,
}

#[derive(Debug, Clone, PartialEq)]
enum Node {
    Text(String),
    Action(Pipeline),
    If(Vec<(Pipeline, Vec<Node>)>, Vec<Node>),
    Range(Pipeline, Vec<Node>, Vec<Node>),
    With(Pipeline, Vec<Node>, Vec<Node>),
    Break,
    Continue,
}

/// A parsed template.
#[derive(Debug, Clone, PartialEq)]
pub struct Template {
    nodes: Vec<Node>,
    source: String,
}

/// A piece of the template: text or an action (content, byte offset of its content, line).
enum Piece {
    Text(String),
    Action(String, usize, usize),
}

fn split(src: &str) -> Result<Vec<Piece>, TemplateError> {
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

struct Parser<'a> {
    pieces: std::iter::Peekable<std::vec::IntoIter<Piece>>,
    src: &'a str,
    depth: u32,
}

/// How a list of nodes ended.
enum End {
    Eof,
    Closed,
    Else(Option<Pipeline>, usize),
}

impl Parser<'_> {
    fn list(&mut self) -> Result<(Vec<Node>, End), TemplateError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(TemplateError::Parse(
                "template: :1: too deeply nested".into(),
            ));
        }
        let mut nodes = Vec::new();
        while let Some(piece) = self.pieces.next() {
            match piece {
                Piece::Text(t) => nodes.push(Node::Text(t)),
                Piece::Action(content, pos, line) => {
                    let toks = lex_action(&content, line)?;
                    let toks: Vec<(Tok, usize)> =
                        toks.into_iter().map(|(t, p)| (t, p + pos)).collect();
                    let keyword = match toks.first() {
                        Some((Tok::Ident(k), _)) => k.as_str(),
                        _ => "",
                    };
                    let rest = toks.get(1..).unwrap_or(&[]).to_vec();
                    match keyword {
                        "end" => {
                            self.depth -= 1;
                            return Ok((nodes, End::Closed));
                        }
                        "else" => {
                            self.depth -= 1;
                            let cond = match rest.first() {
                                Some((Tok::Ident(k), _)) if k == "if" || k == "with" => {
                                    Some(self.pipeline(rest.get(1..).unwrap_or(&[]), line)?)
                                }
                                _ => None,
                            };
                            return Ok((nodes, End::Else(cond, line)));
                        }
                        "if" | "with" | "range" => {
                            let pipe = self.pipeline(&rest, line)?;
                            nodes.push(self.block(keyword, pipe, line)?);
                        }
                        "break" => nodes.push(Node::Break),
                        "continue" => nodes.push(Node::Continue),
                        "define" | "template" | "block" => {
                            return Err(TemplateError::Parse(format!(
                                "template: :{line}: berth does not support {{{{{keyword}}}}}"
                            )))
                        }
                        _ => nodes.push(Node::Action(self.pipeline(&toks, line)?)),
                    }
                }
            }
        }
        self.depth -= 1;
        Ok((nodes, End::Eof))
    }

    fn block(&mut self, keyword: &str, pipe: Pipeline, line: usize) -> Result<Node, TemplateError> {
        let unexpected_eof = || TemplateError::Parse(format!("template: :{line}: unexpected EOF"));
        let (body, end) = self.list()?;
        match keyword {
            "if" => {
                let mut branches = vec![(pipe, body)];
                let mut end = end;
                loop {
                    match end {
                        End::Eof => return Err(unexpected_eof()),
                        End::Closed => return Ok(Node::If(branches, Vec::new())),
                        End::Else(Some(cond), _) => {
                            let (b, e) = self.list()?;
                            branches.push((cond, b));
                            end = e;
                        }
                        End::Else(None, _) => {
                            let (else_body, e) = self.list()?;
                            return match e {
                                End::Closed => Ok(Node::If(branches, else_body)),
                                End::Eof => Err(unexpected_eof()),
                                End::Else(_, l) => Err(TemplateError::Parse(format!(
                                    "template: :{l}: expected end; found {{{{else}}}}"
                                ))),
                            };
                        }
                    }
                }
            }
            _ => {
                let else_body = match end {
                    End::Eof => return Err(unexpected_eof()),
                    End::Closed => Vec::new(),
                    End::Else(cond, l) => {
                        if cond.is_some() && keyword == "range" {
                            return Err(TemplateError::Parse(format!(
                                "template: :{l}: unexpected \"if\" in else"
                            )));
                        }
                        let (b, e) = self.list()?;
                        if !matches!(e, End::Closed) {
                            return Err(unexpected_eof());
                        }
                        match cond {
                            // `with … else with …`: nest it.
                            Some(c) => vec![Node::With(c, b, Vec::new())],
                            None => b,
                        }
                    }
                };
                Ok(if keyword == "range" {
                    Node::Range(pipe, body, else_body)
                } else {
                    Node::With(pipe, body, else_body)
                })
            }
        }
    }

    fn pipeline(&self, toks: &[(Tok, usize)], line: usize) -> Result<Pipeline, TemplateError> {
        let err = |m: String| TemplateError::Parse(format!("template: :{line}: {m}"));
        let mut decl = Vec::new();
        let mut assign = false;
        let mut rest = toks;
        // `$x :=`, `$i, $e :=`, `$x =`
        let is_decl = rest
            .iter()
            .position(|(t, _)| matches!(t, Tok::Declare | Tok::Assign));
        if let Some(p) = is_decl {
            let head = rest.get(..p).unwrap_or(&[]);
            let all_vars = head.iter().all(|(t, _)| {
                matches!(t, Tok::Var(_, path) if path.is_empty()) || *t == Tok::Comma
            });
            if all_vars && !head.is_empty() {
                for (t, _) in head {
                    if let Tok::Var(v, _) = t {
                        decl.push(v.clone());
                    }
                }
                assign = matches!(rest.get(p), Some((Tok::Assign, _)));
                rest = rest.get(p + 1..).unwrap_or(&[]);
            }
        }
        if rest.is_empty() {
            return Err(err("missing value for command".into()));
        }
        let mut cmds = Vec::new();
        for segment in split_top(rest, |t| *t == Tok::Pipe) {
            if segment.is_empty() {
                return Err(err("missing value for command".into()));
            }
            let pos = segment.first().map_or(0, |(_, p)| *p);
            let mut args = Vec::new();
            let mut i = 0;
            while let Some((tok, _)) = segment.get(i) {
                match tok {
                    Tok::LParen => {
                        let close = matching_paren(&segment, i)
                            .ok_or_else(|| err("unclosed left paren".into()))?;
                        let inner = segment.get(i + 1..close).unwrap_or(&[]);
                        args.push(Arg::Sub(Box::new(self.pipeline(inner, line)?)));
                        i = close + 1;
                        continue;
                    }
                    Tok::RParen => return Err(err("unexpected right paren".into())),
                    Tok::Field(p) => args.push(Arg::Field(p.clone())),
                    Tok::Dot => args.push(Arg::Dot),
                    Tok::Var(v, p) => args.push(Arg::Var(v.clone(), p.clone())),
                    Tok::Str(s) => args.push(Arg::Lit(Value::Str(s.clone()))),
                    Tok::Int(n) => args.push(Arg::Lit(Value::Int(*n))),
                    Tok::Float(x) => args.push(Arg::Lit(Value::Float(*x))),
                    Tok::Bool(b) => args.push(Arg::Lit(Value::Bool(*b))),
                    Tok::Nil => args.push(Arg::Lit(Value::Null)),
                    Tok::Ident(name) => {
                        if !FUNCTIONS.contains(&name.as_str()) {
                            return Err(err(format!("function \"{name}\" not defined")));
                        }
                        args.push(Arg::Func(name.clone()));
                    }
                    Tok::Comma | Tok::Declare | Tok::Assign | Tok::Pipe => {
                        return Err(err("unexpected token in command".into()))
                    }
                }
                i += 1;
            }
            let end = segment.last().map_or(pos, |(_, p)| *p);
            let text = self
                .src
                .get(pos..)
                .map(|s| {
                    let len = s
                        .find(['|', '}'])
                        .unwrap_or(s.len())
                        .max(end.saturating_sub(pos) + 1);
                    s.get(..len).unwrap_or(s).trim_end().to_string()
                })
                .unwrap_or_default();
            cmds.push(Command { args, pos, text });
        }
        Ok(Pipeline { decl, assign, cmds })
    }
}

fn split_top(toks: &[(Tok, usize)], sep: impl Fn(&Tok) -> bool) -> Vec<Vec<(Tok, usize)>> {
    let mut out = vec![Vec::new()];
    let mut depth = 0i32;
    for (t, p) in toks {
        match t {
            Tok::LParen => depth += 1,
            Tok::RParen => depth -= 1,
            _ => {}
        }
        if depth == 0 && sep(t) {
            out.push(Vec::new());
        } else if let Some(last) = out.last_mut() {
            last.push((t.clone(), *p));
        }
    }
    out
}

fn matching_paren(toks: &[(Tok, usize)], open: usize) -> Option<usize> {
    let mut depth = 0;
    for (i, (t, _)) in toks.iter().enumerate().skip(open) {
        match t {
            Tok::LParen => depth += 1,
            Tok::RParen => {
                depth -= 1;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
    }
    None
}

const FUNCTIONS: &[&str] = &[
    "and", "or", "not", "len", "index", "slice", "print", "printf", "println", "eq", "ne", "lt",
    "le", "gt", "ge", "html", "js", "urlquery", "json", "split", "join", "title", "lower", "upper",
    "pad", "truncate",
];

impl Template {
    pub fn parse(text: &str) -> Result<Template, TemplateError> {
        let pieces = split(text)?;
        let mut parser = Parser {
            pieces: pieces.into_iter().peekable(),
            src: text,
            depth: 0,
        };
        let (nodes, end) = parser.list()?;
        match end {
            End::Eof => Ok(Template {
                nodes,
                source: text.to_string(),
            }),
            End::Closed => Err(TemplateError::Parse(
                "template: :1: unexpected {{end}}".into(),
            )),
            End::Else(_, line) => Err(TemplateError::Parse(format!(
                "template: :{line}: unexpected {{{{else}}}}"
            ))),
        }
    }

    pub fn execute(&self, data: &Value) -> Result<String, TemplateError> {
        let mut exec = Exec {
            out: String::new(),
            vars: vec![("$".to_string(), data.clone())],
            src: &self.source,
            depth: 0,
        };
        exec.nodes(&self.nodes, data)?;
        Ok(exec.out)
    }
}

// ── execution ──────────────────────────────────────────────────────────────────────────

enum Flow {
    Normal,
    Break,
    Continue,
}

struct Exec<'a> {
    out: String,
    vars: Vec<(String, Value)>,
    src: &'a str,
    depth: u32,
}

impl Exec<'_> {
    fn error(&self, cmd: &Command, message: &str) -> TemplateError {
        let before = self.src.get(..cmd.pos).unwrap_or("");
        let line = 1 + before.matches('\n').count();
        let col = match before.rfind('\n') {
            Some(nl) => cmd.pos - nl - 1,
            None => cmd.pos,
        };
        TemplateError::Exec(format!(
            "template: :{line}:{col}: executing \"\" at <{}>: {message}",
            cmd.text
        ))
    }

    fn nodes(&mut self, nodes: &[Node], dot: &Value) -> Result<Flow, TemplateError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(TemplateError::Exec(
                "template: exceeded maximum template depth (100000)".into(),
            ));
        }
        let mark = self.vars.len();
        let result = self.nodes_inner(nodes, dot);
        self.vars.truncate(mark);
        self.depth -= 1;
        result
    }

    fn nodes_inner(&mut self, nodes: &[Node], dot: &Value) -> Result<Flow, TemplateError> {
        for node in nodes {
            if self.out.len() > MAX_OUTPUT {
                return Err(TemplateError::Exec("template: output too large".into()));
            }
            match node {
                Node::Text(t) => self.out.push_str(t),
                Node::Action(p) => {
                    let v = self.pipeline(p, dot)?;
                    if p.decl.is_empty() {
                        self.out.push_str(&v.to_string());
                    }
                }
                Node::If(branches, else_body) => {
                    let mut taken = false;
                    for (cond, body) in branches {
                        if self.pipeline(cond, dot)?.truth() {
                            taken = true;
                            match self.nodes(body, dot)? {
                                Flow::Normal => {}
                                other => return Ok(other),
                            }
                            break;
                        }
                    }
                    if !taken {
                        match self.nodes(else_body, dot)? {
                            Flow::Normal => {}
                            other => return Ok(other),
                        }
                    }
                }
                Node::With(p, body, else_body) => {
                    let v = self.pipeline(p, dot)?;
                    let flow = if v.truth() {
                        self.nodes(body, &v)?
                    } else {
                        self.nodes(else_body, dot)?
                    };
                    if !matches!(flow, Flow::Normal) {
                        return Ok(flow);
                    }
                }
                Node::Range(p, body, else_body) => {
                    let mut bare = p.clone();
                    let decl = std::mem::take(&mut bare.decl);
                    let v = self.pipeline(&bare, dot)?;
                    let items: Vec<(Value, Value)> = match &v {
                        Value::List(l) => l
                            .iter()
                            .enumerate()
                            .map(|(i, x)| (Value::Int(i64::try_from(i).unwrap_or(0)), x.clone()))
                            .collect(),
                        Value::Map(m) => m
                            .iter()
                            .map(|(k, x)| (Value::Str(k.clone()), x.clone()))
                            .collect(),
                        Value::Int(n) => (0..*n.max(&0))
                            .map(|i| (Value::Int(i), Value::Int(i)))
                            .collect(),
                        Value::Null => Vec::new(),
                        other => {
                            let cmd = p.cmds.first().cloned().unwrap_or(Command {
                                args: vec![],
                                pos: 0,
                                text: String::new(),
                            });
                            return Err(
                                self.error(&cmd, &format!("range can't iterate over {other}"))
                            );
                        }
                    };
                    if items.is_empty() {
                        self.nodes(else_body, dot)?;
                        continue;
                    }
                    for (key, item) in items {
                        let mark = self.vars.len();
                        match decl.as_slice() {
                            [e] => self.vars.push((e.clone(), item.clone())),
                            [k, e] => {
                                self.vars.push((k.clone(), key));
                                self.vars.push((e.clone(), item.clone()));
                            }
                            _ => {}
                        }
                        let flow = self.nodes(body, &item)?;
                        self.vars.truncate(mark);
                        if matches!(flow, Flow::Break) {
                            break;
                        }
                    }
                }
                Node::Break => return Ok(Flow::Break),
                Node::Continue => return Ok(Flow::Continue),
            }
        }
        Ok(Flow::Normal)
    }

    fn pipeline(&mut self, p: &Pipeline, dot: &Value) -> Result<Value, TemplateError> {
        let mut value: Option<Value> = None;
        for cmd in &p.cmds {
            value = Some(self.command(cmd, dot, value)?);
        }
        let v = value.unwrap_or(Value::Null);
        for name in &p.decl {
            if p.assign {
                match self.vars.iter_mut().rev().find(|(n, _)| n == name) {
                    Some(slot) => slot.1 = v.clone(),
                    None => {
                        return Err(TemplateError::Exec(format!(
                            "template: :1: undefined variable: {name}"
                        )))
                    }
                }
            } else {
                self.vars.push((name.clone(), v.clone()));
            }
        }
        Ok(v)
    }

    fn arg(&mut self, cmd: &Command, a: &Arg, dot: &Value) -> Result<Value, TemplateError> {
        match a {
            Arg::Dot => Ok(dot.clone()),
            Arg::Lit(v) => Ok(v.clone()),
            Arg::Field(path) => self.walk(cmd, dot, path),
            Arg::Var(name, path) => {
                let Some((_, v)) = self.vars.iter().rev().find(|(n, _)| n == name).cloned() else {
                    return Err(TemplateError::Parse(format!(
                        "template: :1: undefined variable \"{name}\""
                    )));
                };
                self.walk(cmd, &v, path)
            }
            Arg::Sub(p) => self.pipeline(p, dot),
            Arg::Func(name) => self.call(cmd, name, Vec::new()),
        }
    }

    fn walk(&self, cmd: &Command, start: &Value, path: &[String]) -> Result<Value, TemplateError> {
        let mut v = start.clone();
        for name in path {
            v = match &v {
                Value::Struct { type_name, fields } => match fields.iter().find(|(k, _)| k == name)
                {
                    Some((_, x)) => x.clone(),
                    None => {
                        return Err(self.error(
                            cmd,
                            &format!("can't evaluate field {name} in type {type_name}"),
                        ))
                    }
                },
                Value::Map(entries) => match entries.iter().find(|(k, _)| k == name) {
                    Some((_, x)) => x.clone(),
                    None => {
                        return Err(self.error(cmd, &format!("map has no entry for key \"{name}\"")))
                    }
                },
                Value::Null => {
                    return Err(self.error(
                        cmd,
                        &format!("nil pointer evaluating interface {{}}.{name}"),
                    ))
                }
                other => {
                    return Err(self.error(
                        cmd,
                        &format!("can't evaluate field {name} in type {}", other.type_name()),
                    ))
                }
            };
        }
        Ok(v)
    }

    fn command(
        &mut self,
        cmd: &Command,
        dot: &Value,
        piped: Option<Value>,
    ) -> Result<Value, TemplateError> {
        match cmd.args.first() {
            Some(Arg::Func(name)) => {
                let mut args = Vec::new();
                for a in cmd.args.get(1..).unwrap_or(&[]) {
                    args.push(self.arg(cmd, a, dot)?);
                }
                if let Some(p) = piped {
                    args.push(p);
                }
                // `and`/`or` evaluate lazily in Go; with values already computed the result
                // is the same, minus side effects that templates cannot have.
                self.call(cmd, name, args)
            }
            Some(first) => {
                if piped.is_some() || cmd.args.len() > 1 {
                    let what = match first {
                        Arg::Lit(v) => v.to_string(),
                        _ => cmd.text.split_whitespace().next().unwrap_or("").to_string(),
                    };
                    return Err(
                        self.error(cmd, &format!("can't give argument to non-function {what}"))
                    );
                }
                self.arg(cmd, first, dot)
            }
            None => Ok(Value::Null),
        }
    }

    fn call(&self, cmd: &Command, name: &str, args: Vec<Value>) -> Result<Value, TemplateError> {
        let want = |n: usize| -> Result<(), TemplateError> {
            if args.len() == n {
                Ok(())
            } else {
                Err(self.error(
                    cmd,
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
                Err(self.error(
                    cmd,
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
                    v = match (&v, key) {
                        (Value::List(l), Value::Int(i)) => usize::try_from(*i)
                            .ok()
                            .and_then(|i| l.get(i))
                            .cloned()
                            .ok_or_else(|| {
                                self.error(
                                    cmd,
                                    &format!("error calling index: index out of range: {i}"),
                                )
                            })?,
                        (Value::Map(m) | Value::Struct { fields: m, .. }, Value::Str(k)) => m
                            .iter()
                            .find(|(n, _)| n == k)
                            .map(|(_, x)| x.clone())
                            .unwrap_or(Value::Null),
                        (Value::Null, _) => {
                            return Err(self.error(cmd, "error calling index: index of untyped nil"))
                        }
                        (other, k) => {
                            return Err(self.error(
                                cmd,
                                &format!(
                                    "error calling index: cannot index {} with {}",
                                    other.type_name(),
                                    k.type_name()
                                ),
                            ))
                        }
                    };
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
            "print" => Value::Str(go_sprint(&args)),
            "println" => {
                let parts: Vec<String> = args.iter().map(Value::to_string).collect();
                Value::Str(format!("{}\n", parts.join(" ")))
            }
            "printf" => {
                at_least(1)?;
                Value::Str(go_sprintf(&s(0), args.get(1..).unwrap_or(&[])))
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
            "html" | "js" | "urlquery" => Value::Str(go_sprint(&args)),
            "json" => {
                want(1)?;
                Value::Str(json_compact(args.first().unwrap_or(&Value::Null)))
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
                Value::Str(
                    s(0).split(' ')
                        .map(|w| {
                            let mut c = w.chars();
                            match c.next() {
                                Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
                                None => String::new(),
                            }
                        })
                        .collect::<Vec<_>>()
                        .join(" "),
                )
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
                Value::Str(format!("{}{}{}", " ".repeat(n(1)), s(0), " ".repeat(n(2))))
            }
            "truncate" => {
                want(2)?;
                let n = match args.get(1) {
                    Some(Value::Int(x)) => usize::try_from(*x).unwrap_or(0),
                    _ => 0,
                };
                Value::Str(s(0).chars().take(n).collect())
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

/// Go's `fmt.Sprint`: spaces only between operands when neither is a string.
fn go_sprint(args: &[Value]) -> String {
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

/// A subset of Go's `fmt.Sprintf`: `%v %s %d %q %t %x %%` with flags `-` and widths.
fn go_sprintf(format: &str, args: &[Value]) -> String {
    let mut out = String::new();
    let mut chars = format.chars().peekable();
    let mut next = args.iter();
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        let mut left = false;
        let mut width = String::new();
        while let Some(&f) = chars.peek() {
            if f == '-' {
                left = true;
                chars.next();
            } else if f.is_ascii_digit() {
                width.push(f);
                chars.next();
            } else {
                break;
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
        let text = match verb {
            'q' => format!("{:?}", arg.to_string()),
            'x' => match arg {
                Value::Int(n) => format!("{n:x}"),
                other => other
                    .to_string()
                    .bytes()
                    .map(|b| format!("{b:02x}"))
                    .collect(),
            },
            _ => arg.to_string(),
        };
        let w: usize = width.parse().unwrap_or(0).min(1000);
        let pad = w.saturating_sub(text.chars().count());
        if left {
            out.push_str(&text);
            out.push_str(&" ".repeat(pad));
        } else {
            out.push_str(&" ".repeat(pad));
            out.push_str(&text);
        }
    }
    out
}

// ── JSON ───────────────────────────────────────────────────────────────────────────────

fn json_string(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}

fn json_write(v: &Value, indent: Option<&str>, depth: usize, out: &mut String) {
    let newline = |out: &mut String, d: usize| {
        if let Some(ind) = indent {
            out.push('\n');
            for _ in 0..d {
                out.push_str(ind);
            }
        }
    };
    match v {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Int(i) => out.push_str(&i.to_string()),
        Value::Float(x) => out.push_str(&go_float(*x)),
        Value::Str(s) => json_string(s, out),
        Value::List(items) => {
            if items.is_empty() {
                out.push_str("[]");
                return;
            }
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                newline(out, depth + 1);
                json_write(item, indent, depth + 1, out);
            }
            newline(out, depth);
            out.push(']');
        }
        Value::Map(fields) | Value::Struct { fields, .. } => {
            if fields.is_empty() {
                out.push_str("{}");
                return;
            }
            out.push('{');
            for (i, (k, item)) in fields.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                newline(out, depth + 1);
                json_string(k, out);
                out.push(':');
                if indent.is_some() {
                    out.push(' ');
                }
                json_write(item, indent, depth + 1, out);
            }
            newline(out, depth);
            out.push('}');
        }
    }
}

/// Go's `json.Marshal`.
pub fn json_compact(v: &Value) -> String {
    let mut out = String::new();
    json_write(v, None, 0, &mut out);
    out
}

/// Go's `json.MarshalIndent(v, "", indent)`.
pub fn json_indent(v: &Value, indent: &str) -> String {
    let mut out = String::new();
    json_write(v, Some(indent), 0, &mut out);
    out
}

/// Docker's `--format` conventions (docker/cli `cli/command/formatter`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormatKind {
    /// `table` alone (`None`) or `table TEMPLATE`.
    Table(Option<String>),
    Json,
    Raw(String),
}

pub fn format_kind(format: &str) -> FormatKind {
    if format == "table" {
        FormatKind::Table(None)
    } else if let Some(rest) = format.strip_prefix("table ") {
        FormatKind::Table(Some(rest.replace("\\t", "\t")))
    } else if format == "json" {
        FormatKind::Json
    } else {
        FormatKind::Raw(format.replace("\\t", "\t").replace("\\n", "\n"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn data() -> Value {
        Value::structure(
            "*formatter.ContainerContext",
            vec![
                ("Name", Value::str("web")),
                ("State", Value::str("running")),
                ("Names", Value::strings(["web", "www"])),
                ("Count", Value::Int(3)),
                (
                    "Labels",
                    Value::map(vec![
                        ("a".into(), Value::str("1")),
                        ("b".into(), Value::str("<2>")),
                    ]),
                ),
                ("Empty", Value::List(vec![])),
                (
                    "Nested",
                    Value::structure("N", vec![("Inner", Value::str("deep"))]),
                ),
            ],
        )
    }

    fn run(template: &str) -> Result<String, String> {
        Template::parse(template)
            .and_then(|t| t.execute(&data()))
            .map_err(|e| e.to_string())
    }

    #[test]
    fn table_of_cases() {
        let cases: &[(&str, &str)] = &[
            ("{{.Name}}", "web"),
            ("plain", "plain"),
            ("{{.Nested.Inner}}", "deep"),
            ("{{range .Names}}{{.}},{{end}}", "web,www,"),
            (
                "{{range $i, $n := .Names}}{{$i}}={{$n}} {{end}}",
                "0=web 1=www ",
            ),
            (
                "{{range $k, $v := .Labels}}{{$k}}:{{$v}};{{end}}",
                "a:1;b:<2>;",
            ),
            ("{{range .Empty}}x{{else}}none{{end}}", "none"),
            ("{{if eq .State \"running\"}}up{{else}}down{{end}}", "up"),
            (
                "{{if eq .State \"x\"}}a{{else if eq .Count 3}}b{{else}}c{{end}}",
                "b",
            ),
            ("{{with .Nested}}{{.Inner}}{{end}}", "deep"),
            ("{{with .Empty}}x{{else}}empty{{end}}", "empty"),
            ("{{join .Names \", \"}}", "web, www"),
            ("{{index .Labels \"a\"}}", "1"),
            ("{{index .Names 1}}", "www"),
            ("{{upper .Name}}", "WEB"),
            ("{{.Name | upper}}", "WEB"),
            ("{{printf \"%-5s|\" .Name}}", "web  |"),
            ("{{printf \"%5s|%d\" .Name .Count}}", "  web|3"),
            ("{{len .Names}}", "2"),
            ("a {{- \" b \" -}} c", "a b c"),
            ("{{/* a comment */}}x", "x"),
            ("{{$x := .Name}}{{$x}}!", "web!"),
            (
                "{{json .Labels}}",
                "{\"a\":\"1\",\"b\":\"\\u003c2\\u003e\"}",
            ),
            ("{{json .Names}}", "[\"web\",\"www\"]"),
            ("{{.Names}}", "[web www]"),
            ("{{.Labels}}", "map[a:1 b:<2>]"),
            ("{{.Nested}}", "{deep}"),
            ("{{lower \"ABC\"}}", "abc"),
            ("{{title \"hello world\"}}", "Hello World"),
            ("{{split \"a,b\" \",\"}}", "[a b]"),
            ("{{pad .Name 1 2}}|", " web  |"),
            ("{{truncate .Name 2}}", "we"),
            ("{{and true .Name}}", "web"),
            ("{{or \"\" .Name}}", "web"),
            ("{{not true}}", "false"),
            ("{{if and (eq .Count 3) (ne .Name \"x\")}}yes{{end}}", "yes"),
            ("{{if gt .Count 2}}big{{end}}", "big"),
            (
                "{{range .Names}}{{if eq . \"www\"}}{{break}}{{end}}{{.}}{{end}}",
                "web",
            ),
            (
                "{{range .Names}}{{if eq . \"web\"}}{{continue}}{{end}}{{.}}{{end}}",
                "www",
            ),
            (
                "{{$}}",
                "{web running [web www] 3 map[a:1 b:<2>] [] {deep}}",
            ),
            ("{{print .Count .Count}}", "3 3"),
            ("{{println .Name}}", "web\n"),
            ("{{`raw \\n`}}", "raw \\n"),
            ("{{3}} {{1.5}} {{true}}", "3 1.5 true"),
        ];
        for (template, want) in cases {
            assert_eq!(run(template).as_deref(), Ok(*want), "{template}");
        }
    }

    #[test]
    fn errors_read_like_go() {
        let cases: &[(&str, &str)] = &[
            ("{{.Names}", "template: :1: unexpected \"}\" in operand"),
            ("{{.Names", "template: :1: unclosed action"),
            ("{{foo .Name}}", "template: :1: function \"foo\" not defined"),
            ("{{if .Name}}x", "template: :1: unexpected EOF"),
            ("{{end}}", "template: :1: unexpected {{end}}"),
            ("{{.Foo}}", "template: :1:2: executing \"\" at <.Foo>: can't evaluate field Foo in type *formatter.ContainerContext"),
            ("x {{.Labels.c}}", "template: :1:4: executing \"\" at <.Labels.c>: map has no entry for key \"c\""),
            ("{{index .Names 5}}", "template: :1:2: executing \"\" at <index .Names 5>: error calling index: index out of range: 5"),
            ("{{len}}", "template: :1:2: executing \"\" at <len>: wrong number of args for len: want 1 got 0"),
        ];
        for (template, want) in cases {
            assert_eq!(run(template), Err(want.to_string()), "{template}");
        }
    }

    #[test]
    fn json_indent_like_go() {
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
            json_indent(&v, "    "),
            "{\n    \"Name\": \"web\",\n    \"Ports\": {\n        \"80/tcp\": []\n    },\n    \"Labels\": {},\n    \"Args\": null,\n    \"Config\": {\n        \"Env\": [\n            \"A=1\"\n        ]\n    }\n}"
        );
    }

    #[test]
    fn format_kinds() {
        assert_eq!(format_kind("table"), FormatKind::Table(None));
        assert_eq!(
            format_kind("table {{.ID}}\\t{{.Names}}"),
            FormatKind::Table(Some("{{.ID}}\t{{.Names}}".into()))
        );
        assert_eq!(format_kind("json"), FormatKind::Json);
        assert_eq!(format_kind("{{.ID}}"), FormatKind::Raw("{{.ID}}".into()));
    }

    #[test]
    fn hostile_templates_never_panic() {
        let mut seed: u32 = 7;
        let alphabet: Vec<char> = "{}.$|()\"`-=:, abcINX01\n/*".chars().collect();
        for _ in 0..2000 {
            let len = (seed % 24) as usize;
            let text: String = (0..len)
                .map(|_| {
                    seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12345);
                    alphabet[(seed >> 16) as usize % alphabet.len()]
                })
                .collect();
            if let Ok(t) = Template::parse(&text) {
                let _ = t.execute(&data());
            }
        }
        let deep = "{{if true}}".repeat(500);
        assert!(Template::parse(&deep).is_err());
    }
}
