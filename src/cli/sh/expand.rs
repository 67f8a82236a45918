//! Word expansion (POSIX XCU 2.6, the part Berth runs): tilde (`~`), parameters (`$VAR`,
//! `${VAR}`, `$?`, `$#`, `$1`…, `$@`, `$$`, and the `${X:-y}` family, [`super::params`]),
//! command substitution (`$(…)`, backticks: its stdout, trailing newlines removed; its
//! stderr reaches the terminal), arithmetic (`$((…))`, [`super::arith`]), then field
//! splitting of unquoted results on blanks and pathname expansion of unquoted `*`, `?`,
//! `[…]` against the files the shell's file system holds ([`super::glob`]; a pattern that
//! matches nothing stays as typed, bash's default). Quote removal happened in the parser.
//!
//! An expansion that fails (`$((1/0))`, `${X:?}`) prints the shell's message and ends the
//! input ([`Flow::Abort`]), as an interactive bash discards the rest of the line.
//!
//! Not simulated: IFS other than blanks, `~user`.

use super::arith::{self, ArithError};
use super::exec::{Flow, Place, Runner};
use super::glob;
use super::parse::{ParamOp, Part, Script, Word};
use super::Dialect;
use crate::cli::{Output, Stream};

/// A field being built: its text, and the same as a pattern (quoted characters escaped).
#[derive(Default)]
struct Field {
    text: String,
    pattern: String,
}

impl Field {
    fn push(&mut self, text: &str, quoted: bool) {
        self.text.push_str(text);
        if quoted {
            self.pattern.push_str(&glob::escape(text));
        } else {
            self.pattern.push_str(text);
        }
    }
}

impl Runner<'_> {
    /// A word to its fields: unquoted expansions split on blanks; an empty unquoted
    /// expansion is no field at all (`docker rm -f $(docker ps -aq)` with no containers);
    /// a field with an unquoted pattern character becomes the paths it matches.
    pub(super) fn fields(&mut self, word: &Word, terminal: &mut Output) -> Vec<String> {
        let mut done: Vec<Field> = Vec::new();
        let mut current: Option<Field> = None;
        for part in &word.0 {
            match part {
                Part::Literal(s) => current.get_or_insert_with(Field::default).push(s, false),
                Part::Quoted(s) => current.get_or_insert_with(Field::default).push(s, true),
                Part::Home => {
                    let home = self.home_dir();
                    current.get_or_insert_with(Field::default).push(&home, true);
                }
                Part::Double(inner) if matches!(inner.as_slice(), [Part::Var(v)] if v == "@") => {
                    // `"$@"`: each positional parameter is a field of its own.
                    let args = self.args.clone();
                    let count = args.len();
                    for (i, arg) in args.into_iter().enumerate() {
                        current.get_or_insert_with(Field::default).push(&arg, true);
                        if i + 1 < count {
                            done.extend(current.take());
                        }
                    }
                }
                Part::Double(inner) => {
                    let text = self.joined(inner, terminal);
                    current.get_or_insert_with(Field::default).push(&text, true);
                }
                Part::Var(_)
                | Part::Subst(_)
                | Part::Arith(_)
                | Part::Param { .. }
                | Part::Length(_) => {
                    let value = self.part(part, terminal);
                    if value.is_empty() {
                        continue;
                    }
                    if value.starts_with(char::is_whitespace) {
                        done.extend(current.take());
                    }
                    let pieces: Vec<&str> = value.split_whitespace().collect();
                    let count = pieces.len();
                    for (i, piece) in pieces.into_iter().enumerate() {
                        if i > 0 {
                            done.extend(current.take());
                        }
                        current
                            .get_or_insert_with(Field::default)
                            .push(piece, false);
                    }
                    if value.ends_with(char::is_whitespace) && count > 0 {
                        done.extend(current.take());
                    }
                }
            }
        }
        done.extend(current);
        let mut fields = Vec::new();
        for field in done {
            if glob::has_magic(&field.pattern) {
                let cwd = self.absolute(".");
                let cwd = cwd.strip_suffix("/.").unwrap_or(&cwd).to_string();
                let paths = self.stored_paths();
                let found = glob::expand(&field.pattern, &cwd, &paths);
                if !found.is_empty() {
                    fields.extend(found);
                    continue;
                }
            }
            fields.push(field.text);
        }
        fields
    }

    /// A word as a pattern (`case`, `[[ == ]]`, `${X#p}`): expanded, its quoted characters
    /// escaped so that only the unquoted `*`, `?`, `[` match.
    pub(super) fn pattern(&mut self, word: &Word, terminal: &mut Output) -> String {
        let mut pattern = String::new();
        for part in &word.0 {
            match part {
                Part::Literal(s) => pattern.push_str(s),
                Part::Quoted(s) => pattern.push_str(&glob::escape(s)),
                Part::Double(inner) => {
                    let text = self.joined(inner, terminal);
                    pattern.push_str(&glob::escape(&text));
                }
                other => {
                    let text = self.part(other, terminal);
                    pattern.push_str(&text);
                }
            }
        }
        pattern
    }

    /// A word to one string, without field splitting: a redirection's target, an assignment's
    /// value, a here-document's body.
    pub(super) fn text(&mut self, word: &Word, terminal: &mut Output) -> String {
        self.joined(&word.0, terminal)
    }

    fn joined(&mut self, parts: &[Part], terminal: &mut Output) -> String {
        let mut text = String::new();
        for part in parts {
            match part {
                Part::Literal(s) | Part::Quoted(s) => text.push_str(s),
                Part::Double(inner) => text.push_str(&self.joined(inner, terminal)),
                other => text.push_str(&self.part(other, terminal)),
            }
        }
        text
    }

    fn part(&mut self, part: &Part, terminal: &mut Output) -> String {
        if self.flow == Some(Flow::Abort) {
            return String::new();
        }
        match part {
            Part::Var(name) => self.variable(name),
            Part::Subst(script) => self.substitute(script, terminal),
            Part::Literal(s) | Part::Quoted(s) => s.clone(),
            Part::Double(inner) => self.joined(inner, terminal),
            Part::Home => self.home_dir(),
            Part::Length(name) => self.variable(name).chars().count().to_string(),
            Part::Arith(word) => {
                let text = self.text(word, terminal);
                match arith::eval(&text, self) {
                    Ok(value) => value.to_string(),
                    Err(e) => {
                        let message = self.arith_error(&text, &e);
                        self.expansion_failed(message, terminal);
                        String::new()
                    }
                }
            }
            Part::Param { name, op, word } => self.param(name, *op, word, terminal),
        }
    }

    /// The shell's message for a failed `$((…))`. bash's `expr.c` (evalerror: `EXPR: MSG
    /// (error token is "TOKEN")`, `division by 0`), dash's `arith_yacc.c` (`arithmetic
    /// expression: MSG: "EXPR"`), busybox's `math.c` (`divide by zero`).
    fn arith_error(&self, text: &str, error: &ArithError) -> String {
        let text = text.trim();
        match (self.dialect(), error) {
            (Dialect::Bash, ArithError::DivisionByZero(token)) => {
                format!("bash: {text}: division by 0 (error token is \"{token}\")")
            }
            (Dialect::Bash, ArithError::Syntax(token)) => {
                format!("bash: {text}: syntax error in expression (error token is \"{token}\")")
            }
            (Dialect::Dash, ArithError::DivisionByZero(_)) => {
                format!("sh: 1: arithmetic expression: division by zero: \"{text}\"")
            }
            (Dialect::Dash, ArithError::Syntax(token)) => format!(
                "sh: 1: arithmetic expression: {}: \"{text}\"",
                if token.is_empty() {
                    "expecting primary"
                } else {
                    "expecting EOF"
                }
            ),
            (Dialect::Ash, ArithError::DivisionByZero(_)) => "sh: divide by zero".to_string(),
            (Dialect::Ash, ArithError::Syntax(_)) => "sh: arithmetic syntax error".to_string(),
        }
    }

    /// An expansion failed: its message, status 1 (bash) or 2 (ash, dash), and the input
    /// ends.
    fn expansion_failed(&mut self, message: String, terminal: &mut Output) {
        terminal.err(message);
        self.state.status = match self.dialect() {
            Dialect::Bash => 1,
            _ => 2,
        };
        self.flow = Some(Flow::Abort);
    }

    /// `${NAME<op>word}` (XCU 2.6.2).
    fn param(&mut self, name: &str, op: ParamOp, word: &Word, terminal: &mut Output) -> String {
        let value = self.lookup(name);
        let missing = |colon: bool| match &value {
            None => true,
            Some(v) => colon && v.is_empty(),
        };
        match op {
            ParamOp::Default { colon } => {
                if missing(colon) {
                    self.text(word, terminal)
                } else {
                    value.unwrap_or_default()
                }
            }
            ParamOp::Assign { colon } => {
                if missing(colon) {
                    let new = self.text(word, terminal);
                    self.set_var(name, &new);
                    new
                } else {
                    value.unwrap_or_default()
                }
            }
            ParamOp::Alternative { colon } => {
                if missing(colon) {
                    String::new()
                } else {
                    self.text(word, terminal)
                }
            }
            ParamOp::Error { colon } => {
                if !missing(colon) {
                    return value.unwrap_or_default();
                }
                let mut message = self.text(word, terminal);
                if message.is_empty() {
                    // bash's subst.c (parameter_brace_expand_error): "parameter null or
                    // not set"; dash's expand.c and busybox ash.c (varunset): "parameter
                    // not set", with " or null" after `:?`.
                    message = match (self.dialect(), colon) {
                        (Dialect::Bash, true) => "parameter null or not set".into(),
                        (_, false) => "parameter not set".into(),
                        (_, true) => "parameter not set or null".into(),
                    };
                }
                let prefix = match self.dialect() {
                    Dialect::Bash => "bash: ",
                    Dialect::Ash => "sh: ",
                    Dialect::Dash => "sh: 1: ",
                };
                self.expansion_failed(format!("{prefix}{name}: {message}"), terminal);
                String::new()
            }
            ParamOp::RemovePrefix { longest } => {
                let value = value.unwrap_or_default();
                let pattern = self.pattern(word, terminal);
                match glob::prefix(&pattern, &value, longest) {
                    Some(n) => value.chars().skip(n).collect(),
                    None => value,
                }
            }
            ParamOp::RemoveSuffix { longest } => {
                let value = value.unwrap_or_default();
                let pattern = self.pattern(word, terminal);
                let count = value.chars().count();
                match glob::suffix(&pattern, &value, longest) {
                    Some(n) => value.chars().take(count - n).collect(),
                    None => value,
                }
            }
        }
    }

    /// The user's home directory, for `~`.
    fn home_dir(&self) -> String {
        self.lookup("HOME").unwrap_or_else(|| "/root".to_string())
    }

    /// Every path the shell's file system holds (for globs and `test -d`).
    pub(super) fn stored_paths(&self) -> Vec<String> {
        match self.place {
            Place::Host { .. } => self
                .world
                .host(self.host)
                .map(|h| h.machine.files.paths().map(str::to_string).collect())
                .unwrap_or_default(),
            Place::Container(shell) => self
                .world
                .container_lookup(self.host, &shell.container_id)
                .map(|c| c.files.paths().map(str::to_string).collect())
                .unwrap_or_default(),
        }
    }

    /// `$NAME`'s value; unset is empty.
    pub(super) fn variable(&self, name: &str) -> String {
        self.lookup(name).unwrap_or_default()
    }

    /// The process id of this shell, for `$$`: a host's login bash (the one `ps` shows), a
    /// container's main process (1) or an exec'd shell.
    fn shell_pid(&self) -> String {
        match self.place {
            Place::Host { .. } => "2051".to_string(),
            Place::Container(shell) if shell.main_process => "1".to_string(),
            Place::Container(shell) => self
                .world
                .processes_seen_from(self.host, &shell.container_id)
                .and_then(|list| list.iter().map(|p| p.pid).max())
                .map(|pid| pid.to_string())
                .unwrap_or_else(|| "1".to_string()),
        }
    }

    /// `$NAME`: the special parameters, the terminal's variables, then the environment (the
    /// host's exported variables, or the container's), then the shell's own; `None`: unset.
    pub(super) fn lookup(&self, name: &str) -> Option<String> {
        match name {
            "?" => return Some(self.state.status.to_string()),
            "0" if self.name.is_some() => return self.name.clone(),
            "0" => {
                return Some(match self.place {
                    Place::Host { .. } => "bash".to_string(),
                    Place::Container(shell) => shell.shell.clone(),
                })
            }
            "#" => return Some(self.args.len().to_string()),
            "@" | "*" => return Some(self.args.join(" ")),
            "$" => return Some(self.shell_pid()),
            // `$-` (the shell's options) and `$!` (the last background job): not simulated.
            "-" | "!" => return None,
            n if n.chars().all(|c| c.is_ascii_digit()) => {
                let index: usize = n.parse().ok()?;
                return self.args.get(index.checked_sub(1)?).cloned();
            }
            _ => {}
        }
        if let Some(value) = self.state.vars.get(name) {
            return Some(value.clone());
        }
        match self.place {
            Place::Host { user, .. } => {
                if let Some(value) = self
                    .world
                    .host(self.host)
                    .ok()
                    .and_then(|h| h.machine.shell_env.get(name))
                {
                    return Some(value.clone());
                }
                let user = user.unwrap_or("root");
                Some(match name {
                    "HOME" if user == "root" => "/root".to_string(),
                    "HOME" => format!("/home/{user}"),
                    "USER" | "LOGNAME" => user.to_string(),
                    "HOSTNAME" => self.host.to_string(),
                    "SHELL" => "/bin/bash".to_string(),
                    "PWD" => self.absolute("."),
                    "PATH" => {
                        "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin".to_string()
                    }
                    _ => return None,
                })
            }
            Place::Container(shell) => {
                let Ok(container) = self.world.container_lookup(self.host, &shell.container_id)
                else {
                    return None;
                };
                let prefix = format!("{name}=");
                let image_env = self
                    .world
                    .image_entry(container)
                    .map(|e| e.env.as_slice())
                    .unwrap_or(&[]);
                // A bare `-e NAME` removed the image's value (moby ReplaceOrAppendEnvValues).
                let removed = container
                    .env
                    .iter()
                    .rev()
                    .find(|v| v.as_str() == name || v.starts_with(&prefix))
                    .is_some_and(|v| v.as_str() == name);
                let found = container
                    .env
                    .iter()
                    .rev()
                    .map(String::as_str)
                    .chain(image_env.iter().rev().map(String::as_str))
                    .find_map(|v| v.strip_prefix(&prefix))
                    .filter(|_| !removed);
                Some(match (found, name) {
                    (Some(v), _) => v.to_string(),
                    (None, "HOSTNAME") => container.hostname.clone(),
                    (None, "HOME") => "/root".to_string(),
                    (None, "PATH") => {
                        "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin".to_string()
                    }
                    (None, "PWD") => self.absolute("."),
                    _ => return None,
                })
            }
        }
    }

    /// `$(…)`: runs in a subshell (its variables do not come back, the terminal stays where
    /// it is); stdout is the value, without its trailing newlines.
    fn substitute(&mut self, script: &Script, terminal: &mut Output) -> String {
        let mut state = self.state.clone();
        let clock;
        let (runs, status, out) = {
            let mut inner = self.subshell_of(&mut state);
            let out = inner.run(script);
            clock = inner.process_clock;
            (inner.runs, inner.state.status, out)
        };
        self.runs = runs;
        self.process_clock = clock;
        self.substitution_status = Some(status);
        self.state.status = status;
        let mut value = String::new();
        for line in out.lines {
            match line.stream {
                Stream::Stdout => {
                    value.push_str(&line.text);
                    value.push('\n');
                }
                Stream::Stderr => terminal.lines.push(line),
            }
        }
        if out.path.is_some() {
            terminal.path = out.path;
        }
        value.trim_end_matches('\n').to_string()
    }
}

impl arith::Vars for Runner<'_> {
    fn get(&self, name: &str) -> String {
        self.variable(name)
    }

    fn set(&mut self, name: &str, value: i64) {
        self.set_var(name, &value.to_string());
    }
}
