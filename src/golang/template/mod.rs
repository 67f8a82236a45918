//! Go's `text/template`, as the Docker CLI runs it for `--format` and `inspect -f`.
//!
//! Contract:
//! - Syntax (Go's `text/template` package documentation): text and `{{ }}` actions with
//!   `{{-`/`-}}` trimming and `{{/* comments */}}`; pipelines with `|`; fields (`.A.B`), `.`,
//!   `$`, variables (`$x := …`, `$x = …`, `$x.Field`); a field chained on a parenthesised
//!   pipeline (`(index .X 0).Y`); string, raw string, number, `true`/`false`/`nil` literals;
//!   `if`/`else if`/`else`, `range` (with `$i, $e :=` and `else`), `with` (and `else with`),
//!   `break`, `continue`.
//! - Functions: Go's predefined ones and the ones docker/cli adds (`templates/templates.go`),
//!   see [`funcs`]. `table` and `json` as a whole `--format` are Docker's conventions, kept in
//!   the cli.
//! - Data is a [`Value`]: `Struct`s behave like Go structs (a missing field is an error that
//!   names the type), `Map`s like Go maps under the default `missingkey`, as docker/cli runs
//!   its templates (`templates.Parse`): a missing key prints `<no value>`; or under
//!   `missingkey=error` ([`Template::missingkey_error`]), as inspect's raw fallback runs.
//! - Errors carry Go's own text (`template: :1:2: executing "" at <.Foo>: …`), which the
//!   commands print as Docker does. The template's name is empty, as docker/cli's is.
//! - Never panics: nesting depth and output size are bounded.
//! - Not simulated: `define`, `template`, `block` (a parse error that says so), `call` (a
//!   [`Value`] holds no functions), method calls, and `<no value>` for nil data.
//!
//! Hand-written rather than the `gtmpl` crate (a Rust port): Docker's commands need Go's
//! exact error texts and positions, struct type names in errors and missing map keys,
//! which the port does not reproduce; the table in `tests.rs` holds Go's documented behaviour.

mod exec;
mod funcs;
mod lex;
mod parse;
#[cfg(test)]
mod tests;

use std::fmt;

pub use super::Value;
use super::{fmt as gofmt, json};
use exec::Exec;
use parse::{End, Node, Parser};

/// The deepest nesting of blocks and parentheses accepted, and the largest output produced.
const MAX_DEPTH: u32 = 100;
const MAX_OUTPUT: usize = 4 * 1024 * 1024;

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

/// A parsed template.
#[derive(Debug, Clone, PartialEq)]
pub struct Template {
    nodes: Vec<Node>,
    source: String,
    /// `Option("missingkey=error")`: a missing map key is an error rather than no value.
    missingkey_error: bool,
}

impl Template {
    pub fn parse(text: &str) -> Result<Template, TemplateError> {
        let pieces = lex::split(text)?;
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
                missingkey_error: false,
            }),
            End::Closed => Err(TemplateError::Parse(
                "template: :1: unexpected {{end}}".into(),
            )),
            End::Else(_, line) => Err(TemplateError::Parse(format!(
                "template: :{line}: unexpected {{{{else}}}}"
            ))),
        }
    }

    /// The same template under `Option("missingkey=error")` (what docker/cli's inspect
    /// falls back to on the raw JSON).
    pub fn missingkey_error(&self) -> Template {
        Template {
            missingkey_error: true,
            ..self.clone()
        }
    }

    pub fn execute(&self, data: &Value) -> Result<String, TemplateError> {
        let mut exec = Exec {
            out: String::new(),
            vars: vec![("$".to_string(), data.clone())],
            src: &self.source,
            depth: 0,
            missingkey_error: self.missingkey_error,
        };
        exec.nodes(&self.nodes, data)?;
        Ok(exec.out)
    }
}
