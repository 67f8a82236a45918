//! The parser: actions into a tree of nodes (text, actions, `if`/`range`/`with` blocks), and
//! each action's tokens into a pipeline of commands, as Go's `text/template/parse` builds it.

use super::funcs::FUNCTIONS;
use super::lex::{lex_action, Piece, Tok};
use super::{TemplateError, Value, MAX_DEPTH};

#[derive(Debug, Clone, PartialEq)]
pub(super) enum Arg {
    /// A field and where it starts: Go reports an error in it at the field itself.
    Field(Vec<String>, usize),
    Dot,
    Var(String, Vec<String>, usize),
    Lit(Value),
    Func(String),
    Sub(Box<Pipeline>),
    /// Fields read from a parenthesised pipeline's value: `(index .X 0).Y.Z`.
    /// The command holds the pipeline, the field's position and the chain's text for errors.
    Chain(Box<Command>, Vec<String>),
}

#[derive(Debug, Clone, PartialEq)]
pub(super) struct Command {
    pub(super) args: Vec<Arg>,
    /// Byte offset of the command's first token in the template, and its text for errors.
    pub(super) pos: usize,
    pub(super) text: String,
}

#[derive(Debug, Clone, PartialEq)]
pub(super) struct Pipeline {
    pub(super) decl: Vec<String>,
    pub(super) assign: bool,
    pub(super) cmds: Vec<Command>,
}

#[derive(Debug, Clone, PartialEq)]
pub(super) enum Node {
    Text(String),
    Action(Pipeline),
    If(Vec<(Pipeline, Vec<Node>)>, Vec<Node>),
    Range(Pipeline, Vec<Node>, Vec<Node>),
    With(Pipeline, Vec<Node>, Vec<Node>),
    Break,
    Continue,
}

/// Reads pieces into nodes, one block at a time.
pub(super) struct Parser<'a> {
    pub(super) pieces: std::iter::Peekable<std::vec::IntoIter<Piece>>,
    pub(super) src: &'a str,
    pub(super) depth: u32,
}

/// How a list of nodes ended.
pub(super) enum End {
    Eof,
    Closed,
    Else(Option<Pipeline>, usize),
}

impl Parser<'_> {
    pub(super) fn list(&mut self) -> Result<(Vec<Node>, End), TemplateError> {
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
                            if rest.is_empty() {
                                return Err(TemplateError::Parse(format!(
                                    "template: :{line}: missing value for {keyword}"
                                )));
                            }
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
            while let Some((tok, at)) = segment.get(i) {
                match tok {
                    Tok::LParen => {
                        let open_pos = segment.get(i).map_or(0, |(_, p)| *p);
                        let close = matching_paren(&segment, i)
                            .ok_or_else(|| err("unclosed left paren".into()))?;
                        let inner = segment.get(i + 1..close).unwrap_or(&[]);
                        let sub = Box::new(self.pipeline(inner, line)?);
                        i = close + 1;
                        // Go's lexer reads `.Y` right after `)` as a field of the
                        // parenthesised pipeline (a chain: `(index .X 0).Y`); with a space
                        // between them it is another argument.
                        let close_pos = segment.get(close).map_or(0, |(_, p)| *p);
                        match segment.get(i) {
                            Some((Tok::Field(path), p)) if *p == close_pos + 1 => {
                                // Go reports an error here at the field, naming the chain.
                                let len = path.iter().map(|f| f.len() + 1).sum::<usize>();
                                let text = self
                                    .src
                                    .get(open_pos..*p + len)
                                    .unwrap_or_default()
                                    .to_string();
                                args.push(Arg::Chain(
                                    Box::new(Command {
                                        args: vec![Arg::Sub(sub)],
                                        pos: *p,
                                        text,
                                    }),
                                    path.clone(),
                                ));
                                i += 1;
                            }
                            _ => args.push(Arg::Sub(sub)),
                        }
                        continue;
                    }
                    Tok::RParen => return Err(err("unexpected right paren".into())),
                    Tok::Field(p) => args.push(Arg::Field(p.clone(), *at)),
                    Tok::Dot => args.push(Arg::Dot),
                    Tok::Var(v, p) => args.push(Arg::Var(v.clone(), p.clone(), *at)),
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
