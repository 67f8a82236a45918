//! One learner's session: the simulated world, the terminal's host and prompt, and the history.
//!
//! Both front ends drive this same type: the browser (`ui`) and the native `berth shell`. Each
//! typed line goes through [`Session::submit`], which advances the logical clock by one second,
//! runs the line through the CLI and returns a typed [`Turn`]. The same seed and the same lines
//! always give the same turns, byte for byte.

use crate::cli::{self, EnterShell, Line, Stream};
use crate::engine::topology::Topology;
use crate::engine::{Event, World, DEFAULT_HOST};

/// The seed a session starts from unless told otherwise (the year the founding problems were
/// first written down).
pub const DEFAULT_SEED: u64 = 2015;

/// Seconds of logical time each command takes, so `docker ps` after `docker run` reads
/// `1 second ago` as it would on a real host typed at a human pace.
const SECONDS_PER_COMMAND: u64 = 1;

/// What one submitted line produced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Turn {
    /// The prompt the line was typed at, such as `root@host1:~# `.
    pub prompt: String,
    /// The line as typed (the terminal's echo).
    pub input: String,
    pub output: Vec<Line>,
    pub exit_code: i32,
    /// The terminal should clear its screen.
    pub clear: bool,
    /// What happened in the world during this turn.
    pub events: Vec<Event>,
}

impl Turn {
    /// The turn as a terminal shows it: prompt and input, then every output line.
    pub fn transcript(&self) -> String {
        let mut text = format!("{}{}\n", self.prompt, self.input);
        for line in &self.output {
            text.push_str(&line.text);
            text.push('\n');
        }
        text
    }

    /// Output lines of one stream only.
    pub fn lines_of(&self, stream: Stream) -> impl Iterator<Item = &str> {
        self.output
            .iter()
            .filter(move |l| l.stream == stream)
            .map(|l| l.text.as_str())
    }
}

#[derive(Debug, Clone)]
pub struct Session {
    world: World,
    host: String,
    history: Vec<String>,
    /// Shells opened inside containers, innermost last: lines go to the innermost one.
    shells: Vec<EnterShell>,
}

impl Default for Session {
    fn default() -> Self {
        Session::new(DEFAULT_SEED)
    }
}

impl Session {
    pub fn new(seed: u64) -> Self {
        Session {
            world: World::new(seed),
            host: DEFAULT_HOST.to_string(),
            history: Vec::new(),
            shells: Vec::new(),
        }
    }

    /// The prompt of the innermost shell: a container's (`/ # `) or the host's.
    pub fn prompt(&self) -> String {
        match self.shells.last() {
            Some(shell) => shell.prompt.clone(),
            None => format!("root@{}:~# ", self.host),
        }
    }

    /// The container whose shell the terminal is in, if any.
    pub fn inside(&self) -> Option<&str> {
        self.shells.last().map(|s| s.container_id.as_str())
    }

    /// Runs one typed line. Never panics, whatever the line holds.
    pub fn submit(&mut self, line: &str) -> Turn {
        let prompt = self.prompt();
        let input = line.trim_end_matches(['\n', '\r']).to_string();
        let events_before = self.world.events().len();
        let output = if input.trim().is_empty() {
            cli::Output::default()
        } else {
            self.history.push(input.clone());
            self.world.tick(SECONDS_PER_COMMAND);
            match self.shells.last() {
                Some(shell) => cli::run_in_container(&mut self.world, &self.host, shell, &input),
                None => cli::run_line(&mut self.world, &self.host, &input),
            }
        };
        if output.exit_shell {
            if let Some(shell) = self.shells.pop() {
                // Leaving the container's main process ends it: the container stops.
                if shell.main_process {
                    let _ = self
                        .world
                        .container_process_exit(&self.host, &shell.container_id, output.exit_code);
                }
            }
        }
        if let Some(shell) = output.enter_shell.clone() {
            self.shells.push(*shell);
        }
        debug_assert_eq!(self.world.check_invariants(), Ok(()));
        Turn {
            prompt,
            input,
            output: output.lines,
            exit_code: output.exit_code,
            clear: output.clear,
            events: self
                .world
                .events()
                .get(events_before..)
                .unwrap_or(&[])
                .to_vec(),
        }
    }

    /// The detach keys, Ctrl-P Ctrl-Q: leaves a shell attached with `docker attach` or
    /// `docker run -it` without ending it; the container keeps running. docker/cli then
    /// prints `read escape sequence` on stderr. Elsewhere the keys do nothing.
    pub fn detach(&mut self) -> Option<Turn> {
        let prompt = self.prompt();
        if !self.shells.last().is_some_and(|s| s.main_process) {
            return None;
        }
        self.shells.pop();
        Some(Turn {
            prompt,
            input: String::new(),
            output: vec![Line {
                stream: Stream::Stderr,
                text: "read escape sequence".to_string(),
            }],
            exit_code: 1,
            clear: false,
            events: Vec::new(),
        })
    }

    /// Lines submitted so far, oldest first (empty lines are not kept).
    pub fn history(&self) -> &[String] {
        &self.history
    }

    pub fn world(&self) -> &World {
        &self.world
    }

    pub fn host(&self) -> &str {
        &self.host
    }

    pub fn topology(&self) -> Topology {
        self.world.topology()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_turn_carries_prompt_echo_output_and_events() {
        let mut s = Session::new(1);
        let turn = s.submit("docker run -d --name web nginx");
        assert_eq!(turn.prompt, "root@host1:~# ");
        assert_eq!(turn.input, "docker run -d --name web nginx");
        let id = turn
            .lines_of(Stream::Stdout)
            .last()
            .unwrap_or_default()
            .to_string();
        assert_eq!(id.len(), 64);
        assert_eq!(turn.exit_code, 0);
        let actions: Vec<_> = turn.events.iter().map(|e| e.action).collect();
        assert_eq!(actions, ["pull", "create", "start"]);
        assert_eq!(s.history(), ["docker run -d --name web nginx"]);
    }

    #[test]
    fn blank_lines_do_nothing() {
        let mut s = Session::new(1);
        let turn = s.submit("   ");
        assert!(turn.output.is_empty() && turn.events.is_empty());
        assert!(s.history().is_empty());
        assert_eq!(s.world().now().0, 0);
    }
}
