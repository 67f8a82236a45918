//! The expressions a learner types at a language's prompt in the first hour, parsed once for
//! both REPLs (`python.rs`, `node.rs`): numbers, strings (Python's f-strings and JavaScript's
//! template literals with `{name}`/`${name}` parts), names, unary and binary operators,
//! calls, attributes and `name = value`. Each node keeps its span (character offsets in the
//! line), which Python 3.13's traceback underlines.
//!
//! Not parsed (the REPL says only simple expressions are simulated): blocks (`def`, `for`,
//! `if`, `function`, `{ … }`), lists, dicts, objects, lambdas, indexing, keyword arguments.

/// Most characters and nodes one line may hold: a bound on the parse.
const MAX_LINE: usize = 4_096;
const MAX_DEPTH: u32 = 64;

/// A binary or unary operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    Add,
    Sub,
    Mul,
    Div,
    FloorDiv,
    Mod,
    Pow,
    Eq,
    Ne,
    /// JavaScript's `===` and `!==`.
    StrictEq,
    StrictNe,
    Lt,
    Le,
    Gt,
    Ge,
    And,
    Or,
    Not,
    Neg,
    Pos,
}

/// One part of an f-string or a template literal.
#[derive(Debug, Clone, PartialEq)]
pub enum Part {
    Text(String),
    Expr(Node),
}

#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    Int(i128),
    Float(f64),
    Str(String),
    Format(Vec<Part>),
    Name(String),
    Unary(Op, Box<Node>),
    /// The operator's own span is kept for Python's `~~^~~` anchors.
    Binary(Op, Box<Node>, Box<Node>, (usize, usize)),
    Call(Box<Node>, Vec<Node>),
    Attr(Box<Node>, String),
}

/// An expression and where it is in the line: `[start, end)` in characters.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub expr: Expr,
    pub span: (usize, usize),
}

/// One statement of the line.
#[derive(Debug, Clone, PartialEq)]
pub enum Statement {
    Expr(Node),
    /// `name = value` (JavaScript's `let`/`const`/`var` sets `declared`).
    Assign {
        name: String,
        value: Node,
        declared: bool,
    },
    /// Python's `import a, b`.
    Import(Vec<String>),
}

/// The language whose tokens the line uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Python,
    JavaScript,
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Int(i128),
    Float(f64),
    Str(String),
    Format(String, usize),
    Name(String),
    Punct(&'static str),
}

/// Why a line does not parse: Berth's evaluator does not know its construct.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unsupported;

const PUNCTS: &[&str] = &[
    "===", "!==", "**", "//", "==", "!=", "<=", ">=", "&&", "||", "+", "-", "*", "/", "%", "(",
    ")", ",", ".", "=", "<", ">", ";", "!",
];

fn tokenize(line: &str, lang: Lang) -> Result<Vec<(Tok, usize, usize)>, Unsupported> {
    let chars: Vec<char> = line.chars().collect();
    if chars.len() > MAX_LINE {
        return Err(Unsupported);
    }
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        let start = i;
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        if c == '#' && lang == Lang::Python {
            break;
        }
        if c == '/' && chars.get(i + 1) == Some(&'/') && lang == Lang::JavaScript {
            break;
        }
        if c.is_ascii_digit() || (c == '.' && chars.get(i + 1).is_some_and(char::is_ascii_digit)) {
            while chars
                .get(i)
                .is_some_and(|c| c.is_ascii_alphanumeric() || *c == '.' || *c == '_')
                || (chars.get(i).is_some_and(|c| *c == '+' || *c == '-')
                    && chars.get(i - 1).is_some_and(|p| *p == 'e' || *p == 'E'))
            {
                i += 1;
            }
            let text: String = chars
                .get(start..i)
                .unwrap_or_default()
                .iter()
                .filter(|c| **c != '_')
                .collect();
            let tok = if text.contains(['.', 'e', 'E']) {
                Tok::Float(text.parse().map_err(|_| Unsupported)?)
            } else {
                Tok::Int(text.parse().map_err(|_| Unsupported)?)
            };
            out.push((tok, start, i));
            continue;
        }
        let f_string = lang == Lang::Python
            && matches!(c, 'f' | 'F')
            && matches!(chars.get(i + 1), Some('"' | '\''));
        let quote = if f_string {
            chars.get(i + 1).copied()
        } else {
            Some(c)
        };
        if matches!(quote, Some('"' | '\'')) || (c == '`' && lang == Lang::JavaScript) {
            let quote = quote.unwrap_or(c);
            i += if f_string { 2 } else { 1 };
            let body_start = i;
            let mut text = String::new();
            loop {
                match chars.get(i) {
                    None => return Err(Unsupported),
                    Some(&q) if q == quote => break,
                    Some('\\') => {
                        i += 1;
                        text.push(match chars.get(i) {
                            Some('n') => '\n',
                            Some('t') => '\t',
                            Some(&other) => other,
                            None => return Err(Unsupported),
                        });
                    }
                    Some(&other) => text.push(other),
                }
                i += 1;
            }
            i += 1;
            let tok = if f_string || c == '`' {
                Tok::Format(text, body_start)
            } else {
                Tok::Str(text)
            };
            out.push((tok, start, i));
            continue;
        }
        if c.is_alphabetic() || c == '_' || c == '$' {
            while chars
                .get(i)
                .is_some_and(|c| c.is_alphanumeric() || *c == '_' || *c == '$')
            {
                i += 1;
            }
            let name: String = chars.get(start..i).unwrap_or_default().iter().collect();
            out.push((Tok::Name(name), start, i));
            continue;
        }
        let rest: String = chars.get(i..).unwrap_or_default().iter().take(3).collect();
        let punct = PUNCTS
            .iter()
            .find(|p| rest.starts_with(**p))
            .ok_or(Unsupported)?;
        i += punct.chars().count();
        out.push((Tok::Punct(punct), start, i));
    }
    Ok(out)
}

struct Parser {
    toks: Vec<(Tok, usize, usize)>,
    at: usize,
    lang: Lang,
    depth: u32,
}

impl Parser {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.at).map(|(t, _, _)| t)
    }

    fn punct(&self, p: &str) -> bool {
        matches!(self.peek(), Some(Tok::Punct(q)) if *q == p)
    }

    fn word(&self, w: &str) -> bool {
        matches!(self.peek(), Some(Tok::Name(n)) if n == w)
    }

    fn span(&self) -> (usize, usize) {
        self.toks.get(self.at).map_or((0, 0), |(_, s, e)| (*s, *e))
    }

    fn end_of_previous(&self) -> usize {
        self.toks
            .get(self.at.wrapping_sub(1))
            .map_or(0, |(_, _, e)| *e)
    }

    /// The binary operator at this token and its precedence (higher binds tighter).
    fn binary(&self) -> Option<(Op, u8)> {
        let op = match self.peek()? {
            Tok::Name(n) if self.lang == Lang::Python && n == "or" => (Op::Or, 1),
            Tok::Name(n) if self.lang == Lang::Python && n == "and" => (Op::And, 2),
            Tok::Punct("||") if self.lang == Lang::JavaScript => (Op::Or, 1),
            Tok::Punct("&&") if self.lang == Lang::JavaScript => (Op::And, 2),
            Tok::Punct("==") => (Op::Eq, 4),
            Tok::Punct("!=") => (Op::Ne, 4),
            Tok::Punct("===") => (Op::StrictEq, 4),
            Tok::Punct("!==") => (Op::StrictNe, 4),
            Tok::Punct("<") => (Op::Lt, 4),
            Tok::Punct("<=") => (Op::Le, 4),
            Tok::Punct(">") => (Op::Gt, 4),
            Tok::Punct(">=") => (Op::Ge, 4),
            Tok::Punct("+") => (Op::Add, 5),
            Tok::Punct("-") => (Op::Sub, 5),
            Tok::Punct("*") => (Op::Mul, 6),
            Tok::Punct("/") => (Op::Div, 6),
            Tok::Punct("//") if self.lang == Lang::Python => (Op::FloorDiv, 6),
            Tok::Punct("%") => (Op::Mod, 6),
            Tok::Punct("**") => (Op::Pow, 8),
            _ => return None,
        };
        Some(op)
    }

    fn expr(&mut self, min: u8) -> Result<Node, Unsupported> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(Unsupported);
        }
        let mut left = self.unary()?;
        while let Some((op, prec)) = self.binary() {
            if prec < min {
                break;
            }
            let op_span = self.span();
            self.at += 1;
            // `**` is right-associative; the others left.
            let next = if op == Op::Pow { prec } else { prec + 1 };
            let right = self.expr(next)?;
            let span = (left.span.0, right.span.1);
            left = Node {
                expr: Expr::Binary(op, Box::new(left), Box::new(right), op_span),
                span,
            };
        }
        self.depth -= 1;
        Ok(left)
    }

    fn unary(&mut self) -> Result<Node, Unsupported> {
        let start = self.span().0;
        let op = if self.punct("-") {
            Some((Op::Neg, 7))
        } else if self.punct("+") {
            Some((Op::Pos, 7))
        } else if (self.lang == Lang::Python && self.word("not"))
            || (self.lang == Lang::JavaScript && self.punct("!"))
        {
            Some((Op::Not, 3))
        } else {
            None
        };
        if let Some((op, prec)) = op {
            self.at += 1;
            let operand = self.expr(prec)?;
            let span = (start, operand.span.1);
            return Ok(Node {
                expr: Expr::Unary(op, Box::new(operand)),
                span,
            });
        }
        self.postfix()
    }

    fn postfix(&mut self) -> Result<Node, Unsupported> {
        let mut node = self.atom()?;
        loop {
            if self.punct(".") {
                self.at += 1;
                let Some(Tok::Name(name)) = self.peek().cloned() else {
                    return Err(Unsupported);
                };
                self.at += 1;
                let span = (node.span.0, self.end_of_previous());
                node = Node {
                    expr: Expr::Attr(Box::new(node), name),
                    span,
                };
            } else if self.punct("(") {
                self.at += 1;
                let mut args = Vec::new();
                while !self.punct(")") {
                    args.push(self.expr(0)?);
                    if self.punct(",") {
                        self.at += 1;
                    } else if !self.punct(")") {
                        return Err(Unsupported);
                    }
                }
                self.at += 1;
                let span = (node.span.0, self.end_of_previous());
                node = Node {
                    expr: Expr::Call(Box::new(node), args),
                    span,
                };
            } else {
                return Ok(node);
            }
        }
    }

    fn atom(&mut self) -> Result<Node, Unsupported> {
        let Some((tok, start, end)) = self.toks.get(self.at).cloned() else {
            return Err(Unsupported);
        };
        self.at += 1;
        let expr = match tok {
            Tok::Int(i) => Expr::Int(i),
            Tok::Float(f) => Expr::Float(f),
            Tok::Str(s) => Expr::Str(s),
            Tok::Format(text, body) => Expr::Format(format_parts(&text, body, self.lang)?),
            Tok::Name(n) => Expr::Name(n),
            Tok::Punct("(") => {
                let inner = self.expr(0)?;
                if !self.punct(")") {
                    return Err(Unsupported);
                }
                self.at += 1;
                return Ok(Node {
                    expr: inner.expr,
                    span: (start, self.end_of_previous()),
                });
            }
            Tok::Punct(_) => return Err(Unsupported),
        };
        Ok(Node {
            expr,
            span: (start, end),
        })
    }
}

/// The parts of an f-string (`{expr}`) or a template literal (`${expr}`); `body` is where
/// its text starts in the line.
fn format_parts(text: &str, body: usize, lang: Lang) -> Result<Vec<Part>, Unsupported> {
    let opener = if lang == Lang::Python { "{" } else { "${" };
    let mut parts = Vec::new();
    let mut rest = text;
    let mut offset = body;
    while let Some(at) = rest.find(opener) {
        let (before, after) = rest.split_at(at);
        parts.push(Part::Text(before.to_string()));
        let after = after.get(opener.len()..).unwrap_or("");
        let close = after.find('}').ok_or(Unsupported)?;
        let inner = after.get(..close).unwrap_or("");
        let inner_offset = offset + before.chars().count() + opener.len();
        let mut node = parse_expr(inner, lang)?;
        shift(&mut node, inner_offset);
        parts.push(Part::Expr(node));
        offset = inner_offset + inner.chars().count() + 1;
        rest = after.get(close + 1..).unwrap_or("");
    }
    parts.push(Part::Text(rest.to_string()));
    Ok(parts)
}

fn shift(node: &mut Node, by: usize) {
    node.span = (node.span.0 + by, node.span.1 + by);
    match &mut node.expr {
        Expr::Unary(_, a) | Expr::Attr(a, _) => shift(a, by),
        Expr::Binary(_, a, b, op) => {
            shift(a, by);
            shift(b, by);
            *op = (op.0 + by, op.1 + by);
        }
        Expr::Call(f, args) => {
            shift(f, by);
            for a in args {
                shift(a, by);
            }
        }
        Expr::Format(parts) => {
            for p in parts {
                if let Part::Expr(n) = p {
                    shift(n, by);
                }
            }
        }
        _ => {}
    }
}

fn parse_expr(text: &str, lang: Lang) -> Result<Node, Unsupported> {
    let mut p = Parser {
        toks: tokenize(text, lang)?,
        at: 0,
        lang,
        depth: 0,
    };
    let node = p.expr(0)?;
    if p.at != p.toks.len() {
        return Err(Unsupported);
    }
    Ok(node)
}

/// The statements of one line, split on `;`.
pub fn parse(line: &str, lang: Lang) -> Result<Vec<Statement>, Unsupported> {
    let toks = tokenize(line, lang)?;
    let mut statements = Vec::new();
    let mut p = Parser {
        toks,
        at: 0,
        lang,
        depth: 0,
    };
    while p.at < p.toks.len() {
        if p.punct(";") {
            p.at += 1;
            continue;
        }
        statements.push(statement(&mut p)?);
        if p.at < p.toks.len() && !p.punct(";") {
            return Err(Unsupported);
        }
    }
    Ok(statements)
}

fn statement(p: &mut Parser) -> Result<Statement, Unsupported> {
    if p.lang == Lang::Python && p.word("import") {
        p.at += 1;
        let mut names = Vec::new();
        while let Some(Tok::Name(n)) = p.peek().cloned() {
            p.at += 1;
            names.push(n);
            if !p.punct(",") {
                break;
            }
            p.at += 1;
        }
        return if names.is_empty() {
            Err(Unsupported)
        } else {
            Ok(Statement::Import(names))
        };
    }
    let declared = p.lang == Lang::JavaScript && ["let", "const", "var"].iter().any(|w| p.word(w));
    if declared {
        p.at += 1;
    }
    // `name = value`: a name, then a lone `=`.
    if let (Some((Tok::Name(name), _, _)), Some((Tok::Punct("="), _, _))) =
        (p.toks.get(p.at).cloned(), p.toks.get(p.at + 1))
    {
        p.at += 2;
        let value = p.expr(0)?;
        return Ok(Statement::Assign {
            name,
            value,
            declared,
        });
    }
    if declared {
        return Err(Unsupported);
    }
    Ok(Statement::Expr(p.expr(0)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn precedence_spans_and_statements() {
        let s = parse("1 + 2 * 3", Lang::Python).unwrap();
        let [Statement::Expr(n)] = s.as_slice() else {
            panic!("{s:?}")
        };
        assert_eq!(n.span, (0, 9));
        assert!(matches!(&n.expr, Expr::Binary(Op::Add, _, _, (2, 3))));
        let s = parse("x = 2 ** 3 ** 2; print(x)", Lang::Python).unwrap();
        assert_eq!(s.len(), 2);
        let s = parse("let a = `v${1 + 1}`;", Lang::JavaScript).unwrap();
        assert!(matches!(
            s.as_slice(),
            [Statement::Assign { declared: true, .. }]
        ));
        assert_eq!(parse("def f():", Lang::Python), Err(Unsupported));
        assert_eq!(parse("[1, 2]", Lang::Python), Err(Unsupported));
        assert_eq!(parse(&"(".repeat(200), Lang::Python), Err(Unsupported));
        let s = parse("print(f\"hi {name}\")", Lang::Python).unwrap();
        let [Statement::Expr(Node {
            expr: Expr::Call(_, args),
            ..
        })] = s.as_slice()
        else {
            panic!()
        };
        let Some(Node {
            expr: Expr::Format(parts),
            ..
        }) = args.first()
        else {
            panic!()
        };
        assert!(matches!(
            parts.get(1),
            Some(Part::Expr(Node { span: (12, 16), .. }))
        ));
    }
}
