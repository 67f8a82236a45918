//! A main process that loops and sleeps (`while true; do date; sleep 1; done`) prints as the
//! logical clock passes, one turn of its loop at a time.
//!
//! Contract:
//! - The engine keeps only the record ([`Periodic`]: when the next turn is due, the shell
//!   variables the last turn left); the shell that runs a turn lives in the cli
//!   (`cli/sh/periodic.rs`), which asks [`World::periodic_due`] after moving the clock and
//!   plays each turn through [`World::container_turn`], which keeps its lines and ends the
//!   process when the script ends. No terminal text here.
//! - Only a running, unpaused container turns. Its process ending (stop, kill, exit, the
//!   daemon going down) drops the record ([`Container::periodic`] is cleared where the state
//!   becomes `Exited`); a start or restart plays the main process again, which makes a new one.
//! - Bounded: a container keeps its last [`MAX_LOG_LINES`] lines (the older ones are counted in
//!   `logs_dropped`, so a `logs -f` cursor stays right), and one move of the clock runs at
//!   most [`MAX_TURNS_PER_ADVANCE`] turns per container: older due turns are skipped, as if
//!   they had printed into a log already rotated.
//!
//! Not simulated: a turn runs whole at the second it is due (its `sleep`s only set when the
//! next one is); output between two turns does not exist.

use std::collections::BTreeMap;

use crate::engine::clock::Timestamp;
use crate::engine::docker::container::Program;
use crate::engine::{EngineError, World};

/// Lines a container's log keeps (Docker's `json-file` driver keeps all by default; a
/// playground in a browser cannot).
pub const MAX_LOG_LINES: usize = 5_000;

/// Turns one move of the clock may run per container (a `sleep 3600` at the host's prompt).
pub const MAX_TURNS_PER_ADVANCE: u64 = 300;

/// What one turn of a loop printed ([`World::container_turn`]).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Turn {
    /// The turn's lines, printed at `at`.
    pub lines: Vec<String>,
    pub at: Timestamp,
    /// The record for the next turn; `None`: the script ended, with `exit_code`.
    pub next: Option<Periodic>,
    pub exit_code: i32,
}

/// A shell loop as a container's main process, between two of its turns.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Periodic {
    /// When the next turn starts.
    pub next: Timestamp,
    /// How long the last turn slept (at least one second): the skip when turns fall behind.
    pub period: u64,
    /// The shell's variables after the last turn (`i=$((i+1))` counts on).
    pub vars: BTreeMap<String, String>,
    /// The working directory the script `cd`'d to.
    pub cwd: Option<String>,
    /// A `for` loop's values still to take (`None`: a `while`/`until` loop).
    pub values: Option<Vec<String>>,
    /// The daemon restarted the container (a restart policy): the cli plays its main process
    /// again from the start before any turn.
    pub fresh: bool,
}

impl World {
    /// Running, unpaused containers whose next turn is due by now, as (host, container ID).
    /// A paused one's due turn waits: it comes a second after `docker unpause`.
    pub fn periodic_due(&mut self) -> Vec<(String, String)> {
        let now = self.now;
        let mut due = Vec::new();
        let mut paused = Vec::new();
        for h in self.hosts() {
            if !(h.machine.running && h.daemon.running) {
                continue;
            }
            for c in h.containers.values() {
                let Some(p) = &c.periodic else { continue };
                if p.next > now || !c.is_running() {
                    continue;
                }
                if c.is_paused() {
                    paused.push((h.name.clone(), c.id.clone()));
                } else {
                    due.push((h.name.clone(), c.id.clone()));
                }
            }
        }
        for (host, id) in paused {
            if let Some(p) = self
                .host_mut(&host)
                .ok()
                .and_then(|h| h.containers.get_mut(&id))
                .and_then(|c| c.periodic.as_mut())
            {
                p.next = Timestamp(now.0.saturating_add(1));
            }
        }
        due
    }

    /// Runs one turn of a running container's loop: `play` gets the record and returns what
    /// the turn printed, at which second, and the record for the next turn (`None`: the
    /// script ended with `exit_code`). The daemon keeps the lines as the process's output and
    /// ends the process when the script ended. `false`: there was no turn to run, or it was
    /// the last.
    pub fn container_turn(
        &mut self,
        host: &str,
        id: &str,
        play: impl FnOnce(&mut World, &Periodic) -> Option<Turn>,
    ) -> bool {
        let Some(periodic) = self
            .container_lookup(host, id)
            .ok()
            .filter(|c| c.is_running() && !c.is_paused())
            .and_then(|c| c.periodic.clone())
        else {
            return false;
        };
        let Some(turn) = play(self, &periodic) else {
            return false;
        };
        let _ = self.container_log_turn(host, id, turn.lines, turn.at);
        match turn.next {
            Some(next) => {
                let _ = self.container_set_periodic(host, id, Some(next));
                true
            }
            None => {
                let _ = self.container_set_periodic(host, id, None);
                let _ = self.container_process_exit(host, id, turn.exit_code);
                false
            }
        }
    }

    /// A connection reached a container whose main process listens (`nc -l`): what came
    /// through is what the process prints; unless it keeps listening (`nc -k`), the process
    /// ends once the sender closes, with status 0.
    pub fn container_connection(
        &mut self,
        host: &str,
        id: &str,
        lines: Vec<String>,
        keeps_listening: bool,
    ) -> Result<(), EngineError> {
        let now = self.now;
        self.container_log_turn(host, id, lines, now)?;
        if !keeps_listening {
            self.container_process_exit(host, id, 0)?;
        }
        Ok(())
    }

    /// The daemon started the container again by itself (a restart policy): a script that
    /// ran on is the cli's to play again from its start, at the next move of the clock.
    pub(in crate::engine) fn periodic_replay(&mut self, host: &str, id: &str) {
        let runs_on = self
            .host(host)
            .ok()
            .and_then(|h| h.containers.get(id))
            .is_some_and(|c| c.tool_runs_on && c.is_running());
        if runs_on {
            let fresh = Periodic {
                next: self.now,
                fresh: true,
                ..Default::default()
            };
            let _ = self.container_set_periodic(host, id, Some(fresh));
        }
    }

    /// The container's loop record, if its main process is such a loop.
    pub fn container_periodic(&self, host: &str, id: &str) -> Option<&Periodic> {
        self.container_lookup(host, id).ok()?.periodic.as_ref()
    }

    /// Keeps (or, with `None`, drops) the loop record of a running container's main process.
    pub fn container_set_periodic(
        &mut self,
        host: &str,
        id: &str,
        periodic: Option<Periodic>,
    ) -> Result<(), EngineError> {
        let id = crate::engine::docker::containers::resolve_container(self.host(host)?, id)?;
        if let Some(c) = self.host_mut(host)?.containers.get_mut(&id) {
            if c.is_running() || periodic.is_none() {
                c.periodic = periodic;
                c.tool_runs_on = true;
            }
        }
        Ok(())
    }

    /// Appends what the process printed at `at` to the container's log, keeping the last
    /// [`MAX_LOG_LINES`].
    pub(in crate::engine) fn container_log_turn(
        &mut self,
        host: &str,
        id: &str,
        lines: Vec<String>,
        at: Timestamp,
    ) -> Result<(), EngineError> {
        let id = crate::engine::docker::containers::resolve_container(self.host(host)?, id)?;
        if let Some(c) = self.host_mut(host)?.containers.get_mut(&id) {
            if !lines.is_empty() {
                let first = c.logs_dropped.saturating_add(c.logs.len() as u64);
                c.log_times.push((first, at));
            }
            c.logs.extend(lines);
            let over = c.logs.len().saturating_sub(MAX_LOG_LINES);
            if over > 0 {
                c.logs.drain(..over);
                c.logs_dropped = c.logs_dropped.saturating_add(over as u64);
                let dropped = c.logs_dropped;
                // Keep the mark in force at the new first line.
                let keep_from = c
                    .log_times
                    .iter()
                    .rposition(|(line, _)| *line <= dropped)
                    .unwrap_or(0);
                c.log_times.drain(..keep_from);
            }
        }
        Ok(())
    }
}

impl crate::engine::Container {
    /// The main process is a shell tool that listens (`nc -l`): as PID 1 with no handler it
    /// ignores SIGTERM, so `docker stop` kills it after the grace period (137).
    pub(in crate::engine) fn ignores_sigterm(&self) -> bool {
        self.path.rsplit('/').next() == Some("nc") && self.served.is_some()
    }

    /// What starts: a script that ran on (a loop) is the cli's to play again, as a tool is.
    pub(in crate::engine) fn program_at_start(&self) -> Program {
        match &self.program {
            Program::Daemonless if self.tool_runs_on => Program::Tool,
            program => program.clone(),
        }
    }

    /// When each kept log line was printed, where the engine knows it (a loop's turns and a
    /// tool's run); `None` for lines from before any mark.
    pub fn log_line_times(&self) -> Vec<Option<Timestamp>> {
        let mut out = Vec::with_capacity(self.logs.len());
        let mut marks = self.log_times.iter().peekable();
        let mut current = None;
        for i in 0..self.logs.len() {
            let line = self.logs_dropped.saturating_add(i as u64);
            while let Some((at_line, at)) = marks.peek() {
                if *at_line <= line {
                    current = Some(*at);
                    marks.next();
                } else {
                    break;
                }
            }
            out.push(current);
        }
        out
    }
}
