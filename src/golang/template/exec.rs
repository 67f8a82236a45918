//! The executor: walks the parsed tree against a [`Value`], as Go's `text/template` `exec.go`
//! does, with Go's error texts (`template: :LINE:COL: executing "" at <CMD>: …`). Depth and
//! output size are bounded, so a hostile template ends in an error, never a hang.

use super::parse::{Arg, Command, Node, Pipeline};
use super::{TemplateError, Value, MAX_DEPTH, MAX_OUTPUT};

pub(super) enum Flow {
    Normal,
    Break,
    Continue,
}

pub(super) struct Exec<'a> {
    pub(super) out: String,
    pub(super) vars: Vec<(String, Value)>,
    pub(super) src: &'a str,
    pub(super) depth: u32,
    /// `missingkey=error`: a missing map key fails rather than giving no value.
    pub(super) missingkey_error: bool,
}

impl Exec<'_> {
    /// An error in a command, reported at the command (Go's `ErrorContext`: the line, the
    /// byte offset on that line, and the node's text).
    pub(super) fn error(&self, cmd: &Command, message: &str) -> TemplateError {
        self.error_at(cmd.pos, &cmd.text, message)
    }

    pub(super) fn error_at(&self, pos: usize, text: &str, message: &str) -> TemplateError {
        let before = self.src.get(..pos).unwrap_or("");
        let line = 1 + before.matches('\n').count();
        let col = match before.rfind('\n') {
            Some(nl) => pos - nl - 1,
            None => pos,
        };
        TemplateError::Exec(format!(
            "template: :{line}:{col}: executing \"\" at <{text}>: {message}"
        ))
    }

    pub(super) fn nodes(&mut self, nodes: &[Node], dot: &Value) -> Result<Flow, TemplateError> {
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
            Arg::Field(path, at) => {
                let text = format!(".{}", path.join("."));
                self.walk((*at, &text), dot, path)
            }
            Arg::Var(name, path, at) => {
                let Some((_, v)) = self.vars.iter().rev().find(|(n, _)| n == name).cloned() else {
                    return Err(TemplateError::Parse(format!(
                        "template: :1: undefined variable \"{name}\""
                    )));
                };
                let text = std::iter::once(name.as_str())
                    .chain(path.iter().map(String::as_str))
                    .collect::<Vec<_>>()
                    .join(".");
                self.walk((*at, &text), &v, path)
            }
            Arg::Sub(p) => self.pipeline(p, dot),
            Arg::Chain(chain, path) => {
                let v = match chain.args.first() {
                    Some(Arg::Sub(p)) => self.pipeline(p, dot)?,
                    _ => Value::Null,
                };
                self.walk((chain.pos, &chain.text), &v, path)
            }
            Arg::Func(name) => self.call(cmd, name, Vec::new()),
        }
    }

    /// Reads `path` from `start`; errors are reported at `at` (position, text).
    fn walk(
        &self,
        at: (usize, &str),
        start: &Value,
        path: &[String],
    ) -> Result<Value, TemplateError> {
        let (pos, text) = at;
        let mut v = start.clone();
        for name in path {
            v = match &v {
                Value::Struct { type_name, fields } => match fields.iter().find(|(k, _)| k == name)
                {
                    Some((_, x)) => x.clone(),
                    None => {
                        return Err(self.error_at(
                            pos,
                            text,
                            &format!("can't evaluate field {name} in type {type_name}"),
                        ))
                    }
                },
                // docker/cli runs its templates without `missingkey=error` (templates.Parse):
                // a missing key is no value, and so is any field of it.
                Value::Map(entries) => match entries.iter().find(|(k, _)| k == name) {
                    Some((_, x)) => x.clone(),
                    None if self.missingkey_error => {
                        return Err(self.error_at(
                            pos,
                            text,
                            &format!("map has no entry for key \"{name}\""),
                        ))
                    }
                    None => Value::NoValue,
                },
                Value::NoValue => Value::NoValue,
                Value::Null => {
                    return Err(self.error_at(
                        pos,
                        text,
                        &format!("nil pointer evaluating interface {{}}.{name}"),
                    ))
                }
                other => {
                    return Err(self.error_at(
                        pos,
                        text,
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
            Some(Arg::Func(name)) if (name == "and" || name == "or") && cmd.args.len() > 1 => {
                // Go (1.18) evaluates `and`/`or` arguments only until the result is known:
                // `{{and .Nil .Nil.X}}` never reads `.Nil.X`. A piped value comes last.
                let stop_when = name == "or";
                let mut last = Value::Null;
                for a in cmd.args.get(1..).unwrap_or(&[]) {
                    last = self.arg(cmd, a, dot)?;
                    if last.truth() == stop_when {
                        return Ok(last);
                    }
                }
                Ok(piped.unwrap_or(last))
            }
            Some(Arg::Func(name)) => {
                let mut args = Vec::new();
                for a in cmd.args.get(1..).unwrap_or(&[]) {
                    args.push(self.arg(cmd, a, dot)?);
                }
                if let Some(p) = piped {
                    args.push(p);
                }
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
}
