//! Word expansion (POSIX XCU 2.6, the part Berth runs): parameters (`$VAR`, `${VAR}`, `$?`),
//! command substitution (`$(…)`, backticks: its stdout, trailing newlines removed; its stderr
//! reaches the terminal), then field splitting of unquoted results on blanks. Quote removal
//! happened in the parser. Not simulated: pathname expansion (globs stay as typed) and IFS
//! other than blanks.

use super::exec::{Place, Runner};
use super::parse::{Part, Script, Word};
use crate::cli::{Output, Stream};

impl Runner<'_> {
    /// A word to its fields: unquoted expansions split on blanks; an empty unquoted
    /// expansion is no field at all (`docker rm -f $(docker ps -aq)` with no containers).
    pub(super) fn fields(&mut self, word: &Word, terminal: &mut Output) -> Vec<String> {
        let mut fields = Vec::new();
        let mut current: Option<String> = None;
        for part in &word.0 {
            match part {
                Part::Literal(s) | Part::Quoted(s) => {
                    current.get_or_insert_with(String::new).push_str(s)
                }
                Part::Double(inner) => {
                    let text = self.joined(inner, terminal);
                    current.get_or_insert_with(String::new).push_str(&text);
                }
                Part::Var(_) | Part::Subst(_) => {
                    let value = self.part(part, terminal);
                    if value.is_empty() {
                        continue;
                    }
                    if value.starts_with(char::is_whitespace) {
                        fields.extend(current.take());
                    }
                    let pieces: Vec<&str> = value.split_whitespace().collect();
                    let count = pieces.len();
                    for (i, piece) in pieces.into_iter().enumerate() {
                        if i > 0 {
                            fields.extend(current.take());
                        }
                        current.get_or_insert_with(String::new).push_str(piece);
                        let _ = count;
                    }
                    if value.ends_with(char::is_whitespace) && count > 0 {
                        fields.extend(current.take());
                    }
                }
            }
        }
        fields.extend(current);
        fields
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
                Part::Var(_) | Part::Subst(_) => text.push_str(&self.part(part, terminal)),
            }
        }
        text
    }

    fn part(&mut self, part: &Part, terminal: &mut Output) -> String {
        match part {
            Part::Var(name) => self.variable(name),
            Part::Subst(script) => self.substitute(script, terminal),
            Part::Literal(s) | Part::Quoted(s) => s.clone(),
            Part::Double(inner) => self.joined(inner, terminal),
        }
    }

    /// `$NAME`: the terminal's variables, then the environment (the host's exported
    /// variables, or the container's), then the shell's own; unset is empty.
    pub(super) fn variable(&self, name: &str) -> String {
        match name {
            "?" => return self.state.status.to_string(),
            "0" => {
                return match self.place {
                    Place::Host { .. } => "bash".to_string(),
                    Place::Container(shell) => shell.shell.clone(),
                }
            }
            "#" => return "0".to_string(),
            _ => {}
        }
        if let Some(value) = self.state.vars.get(name) {
            return value.clone();
        }
        match self.place {
            Place::Host { user, .. } => {
                if let Some(value) = self
                    .world
                    .host(self.host)
                    .ok()
                    .and_then(|h| h.machine.shell_env.get(name))
                {
                    return value.clone();
                }
                let user = user.unwrap_or("root");
                match name {
                    "HOME" if user == "root" => "/root".to_string(),
                    "HOME" => format!("/home/{user}"),
                    "USER" | "LOGNAME" => user.to_string(),
                    "HOSTNAME" => self.host.to_string(),
                    "SHELL" => "/bin/bash".to_string(),
                    "PWD" => self.absolute("."),
                    "PATH" => {
                        "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin".to_string()
                    }
                    _ => String::new(),
                }
            }
            Place::Container(shell) => {
                let Ok(container) = self.world.container_lookup(self.host, &shell.container_id)
                else {
                    return String::new();
                };
                let prefix = format!("{name}=");
                let image_env = self
                    .world
                    .image_entry(container)
                    .map(|e| e.env.as_slice())
                    .unwrap_or(&[]);
                let found = container
                    .env
                    .iter()
                    .rev()
                    .map(String::as_str)
                    .chain(image_env.iter().rev().map(String::as_str))
                    .find_map(|v| v.strip_prefix(&prefix));
                match (found, name) {
                    (Some(v), _) => v.to_string(),
                    (None, "HOSTNAME") => container.hostname.clone(),
                    (None, "HOME") => "/root".to_string(),
                    (None, "PATH") => {
                        "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin".to_string()
                    }
                    (None, "PWD") => self.absolute("."),
                    _ => String::new(),
                }
            }
        }
    }

    /// `$(…)`: runs in a subshell (its variables do not come back, the terminal stays where
    /// it is); stdout is the value, without its trailing newlines.
    fn substitute(&mut self, script: &Script, terminal: &mut Output) -> String {
        let mut state = self.state.clone();
        let (runs, status, out) = {
            let mut inner = Runner::new(self.world, self.host, self.place, &mut state);
            inner.runs = self.runs;
            inner.subshell = true;
            let out = inner.run(script);
            (inner.runs, inner.state.status, out)
        };
        self.runs = runs;
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
