//! Commands that keep running in the foreground: an attached `docker run` on a server image,
//! `docker logs -f`, `docker events`, `docker stats`, and (built on the same pieces) `docker
//! compose up` and `compose logs -f`. Such a command prints what it has at once and hands the
//! session a typed [`Follow`] in its [`Output`]; the session keeps it for the terminal tab,
//! asks it for new lines on every tick ([`Follow::poll`]), and ends it on Ctrl-C
//! ([`Follow::interrupt`]).
//!
//! Contract:
//! - Time is the logical clock. A tick is an input like a typed line: the session advances the
//!   clock by one second, then polls. Polling reads the world (container logs, the events
//!   list, a container's figures) and changes nothing but the follow's own cursor; only an
//!   interrupt or a command acts.
//! - A follow ends by itself when what it watches ends: an attached container exits (from
//!   another tab, or `--rm` removes it), a followed container stops, `events --until` passes.
//!   `Polled::ended` then carries the exit status the client returns.
//! - Ctrl-C: an attached `docker run` forwards SIGINT to the container (docker/cli
//!   `run.go` with `--sig-proxy`, the default): a server writes its shutdown lines and exits
//!   as the real image does, and the client returns the container's status. `logs -f`,
//!   `stats` and `events` are the client itself dying of SIGINT: status 130 (128 + 2), and
//!   the containers keep running.
//! - Adding a kind: a variant of [`FollowKind`] and its arm in `poll` and `interrupt`. A kind
//!   that shows containers' output reuses [`LogSource`] (one cursor per container, with a
//!   prefix such as Compose's `web-1  | `).
//!
//! Not simulated: output that arrives between two ticks arrives at the next tick, never
//! mid-second; a container that ignores SIGINT (a shell or `sleep` as PID 1) is not attached
//! to (the run refuses, suggesting `-d`), so Ctrl-C always ends a follow.

use crate::cli::Output;
use crate::engine::docker::caller::Caller;
use crate::engine::docker::lifecycle::Signal;
use crate::engine::World;

/// Lines one poll may print: a container that wrote a flood between two ticks is cut, with a
/// `berth:` line, rather than freezing the page.
pub const MAX_LINES_PER_POLL: usize = 2_000;

/// A command still running in the foreground of a terminal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Follow {
    /// The host whose daemon the command talks to.
    pub host: String,
    /// Who sent the command: every later request goes as the same caller.
    pub caller: Caller,
    pub kind: FollowKind,
}

/// What keeps running.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FollowKind {
    /// `docker run IMAGE` without `-d`: the container's output; Ctrl-C forwards SIGINT.
    Attached(LogSource),
    /// `docker logs -f`: each container's new lines; Ctrl-C stops the client only.
    Logs(Vec<LogSource>),
    /// `docker events`: new events of the host, as other terminals cause them.
    Events(super::commands::system::EventsFollow),
    /// `docker stats`: the table, drawn again each tick.
    Stats(Box<super::commands::container_stats::ContainerStats>),
    /// A prune's `Are you sure you want to continue? [y/N] `: the next typed line answers.
    Confirm(Confirm),
    /// `docker compose up` attached: the services' output (`cli/compose/attach.rs`).
    ComposeUp(super::compose::attach::ComposeUp),
    /// The `mysql` monitor (`cli/tools/mysql.rs`): its password prompt, then `mysql> `; each
    /// typed line is its input, as typed (no shell reads it).
    Mysql(Box<super::tools::mysql::Monitor>),
}

/// docker/cli `internal/prompt.Confirm`: the question is the terminal's prompt; `y` or `Y`
/// (spaces trimmed) runs `action`, anything else cancels (the CLI prints nothing for a
/// cancelled command and exits 0).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Confirm {
    pub question: String,
    /// The command again, with `--force`.
    pub action: Box<super::Docker>,
}

/// A prune without `--force`: the warning's lines, then the question as the prompt, and the
/// next typed line answers. `warning` is the command's whole text, its last line the question
/// (`Are you sure you want to continue?`); the ` [y/N] ` is added here, as `Confirm` adds it.
pub fn confirm(host: &str, caller: &Caller, warning: &str, action: super::Docker) -> Output {
    let mut o = Output::default();
    let (before, question) = warning.rsplit_once('\n').unwrap_or(("", warning));
    if !before.is_empty() {
        o.out(before);
    }
    o.follow = Some(Box::new(Follow::new(
        host,
        caller,
        FollowKind::Confirm(Confirm {
            question: format!("{question} [y/N] "),
            action: Box::new(action),
        }),
    )));
    o
}

/// One container whose output a follow shows, and how much of it was shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogSource {
    pub container_id: String,
    /// Put before each line: empty for Docker's own commands; Compose's `web-1  | `.
    pub prefix: String,
    /// Lines of the container's logs already shown.
    pub shown: u64,
    /// `docker logs -f -t`: each line after the time it was printed.
    pub timestamps: bool,
}

/// What one poll (or an interrupt) produced.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Polled {
    /// New lines, and the exit status when the follow ended.
    pub output: Output,
    /// The follow is over: the terminal gives the prompt back, with `output.exit_code`.
    pub ended: bool,
    /// How many lines just before these the new ones replace (`docker stats` redraws its
    /// table): a terminal that can, erases them; a transcript keeps both.
    pub replaces: usize,
}

impl LogSource {
    /// A cursor at the end of what the container printed so far: polls show what comes next.
    pub fn at_end(world: &World, host: &str, container_id: &str, prefix: &str) -> LogSource {
        let shown = world
            .container_lookup(host, container_id)
            .map_or(0, |c| c.logs_dropped.saturating_add(c.logs.len() as u64));
        LogSource {
            container_id: container_id.to_string(),
            prefix: prefix.to_string(),
            shown,
            timestamps: false,
        }
    }

    /// Appends the lines printed since the last call to `o`. `Some(status)` once the container
    /// is no longer running (its exit status; 0 when it is gone).
    pub fn poll(&mut self, world: &World, host: &str, o: &mut Output) -> Option<i32> {
        let Ok(c) = world.container_lookup(host, &self.container_id) else {
            return Some(0);
        };
        // `shown` counts from the first line ever: the log keeps only its last lines.
        let from = usize::try_from(self.shown.saturating_sub(c.logs_dropped)).unwrap_or(usize::MAX);
        let new = c.logs.get(from..).unwrap_or_default();
        let times = if self.timestamps {
            c.log_line_times()
        } else {
            Vec::new()
        };
        let started = match c.state {
            crate::engine::docker::container::State::Running { started_at, .. } => started_at,
            _ => c.created,
        };
        for (i, line) in new.iter().enumerate().take(MAX_LINES_PER_POLL) {
            match times.get(from.saturating_add(i)) {
                // moby `daemon/logs.go`: the RFC3339Nano time, then a space.
                Some(at) => o.out(format!(
                    "{}{} {line}",
                    self.prefix,
                    at.unwrap_or(started).rfc3339_nanos()
                )),
                None => o.out(format!("{}{line}", self.prefix)),
            }
        }
        if new.len() > MAX_LINES_PER_POLL {
            o.err(format!(
                "berth: {} more lines arrived in this second; the terminal shows the first {MAX_LINES_PER_POLL} (docker logs shows them all)",
                new.len() - MAX_LINES_PER_POLL
            ));
        }
        self.shown = c.logs_dropped.saturating_add(c.logs.len() as u64);
        match c.state {
            crate::engine::docker::container::State::Running { .. } => None,
            crate::engine::docker::container::State::Exited { exit_code, .. }
            | crate::engine::docker::container::State::Restarting { exit_code, .. } => {
                Some(exit_code)
            }
            crate::engine::docker::container::State::Created => Some(0),
        }
    }
}

impl Follow {
    pub fn new(host: &str, caller: &Caller, kind: FollowKind) -> Follow {
        Follow {
            host: host.to_string(),
            caller: caller.clone(),
            kind,
        }
    }

    /// What happened since the last poll. The session has already moved the clock.
    pub fn poll(&mut self, world: &mut World) -> Polled {
        let host = self.host.clone();
        match &mut self.kind {
            FollowKind::Attached(source) => {
                let mut output = Output::default();
                let status = source.poll(world, &host, &mut output);
                output.exit_code = status.unwrap_or(0);
                Polled {
                    output,
                    ended: status.is_some(),
                    replaces: 0,
                }
            }
            FollowKind::Logs(sources) => {
                let mut output = Output::default();
                let mut running = false;
                for source in sources.iter_mut() {
                    running |= source.poll(world, &host, &mut output).is_none();
                }
                // `logs -f` returns 0 once every container it follows has stopped.
                Polled {
                    output,
                    ended: !running,
                    replaces: 0,
                }
            }
            FollowKind::Events(events) => events.poll(world, &host),
            FollowKind::Stats(stats) => stats.poll(world, &host, &self.caller),
            // The question waits for its answer; time passing changes nothing.
            FollowKind::Confirm(_) | FollowKind::Mysql(_) => Polled::default(),
            FollowKind::ComposeUp(up) => up.poll(world, &host),
        }
    }

    /// Ctrl-C. What the follow printed on its way out, and whether it ended.
    pub fn interrupt(&mut self, world: &mut World) -> Polled {
        let host = self.host.clone();
        match &mut self.kind {
            FollowKind::Attached(source) => {
                // docker/cli `run.go`: the client forwards the signal (`ForwardAllSignals`) and
                // keeps streaming until the container exits.
                let id = source.container_id.clone();
                let sigint = Signal::parse("INT").unwrap_or(Signal::Terminate("INT"));
                let _ = world.container_kill(&host, &self.caller, &id, sigint);
                let mut output = Output::default();
                let status = source.poll(world, &host, &mut output);
                output.exit_code = status.unwrap_or(0);
                Polled {
                    output,
                    ended: status.is_some(),
                    replaces: 0,
                }
            }
            FollowKind::ComposeUp(up) => {
                let caller = self.caller.clone();
                up.interrupt(world, &host, &caller)
            }
            // mysql drops the statement being typed and prompts again.
            FollowKind::Mysql(monitor) => monitor.interrupt(),
            FollowKind::Logs(_)
            | FollowKind::Events(_)
            | FollowKind::Stats(_)
            | FollowKind::Confirm(_) => Polled {
                output: Output {
                    exit_code: 130,
                    ..Output::default()
                },
                ended: true,
                replaces: 0,
            },
        }
    }
}

/// The terminal's echo of Ctrl-C, as a tty driver prints it.
pub const CTRL_C_ECHO: &str = "^C";

impl Follow {
    /// What the terminal shows as its prompt while the follow runs: a prune's question, or
    /// nothing.
    pub fn prompt(&self) -> &str {
        match &self.kind {
            FollowKind::Confirm(c) => &c.question,
            FollowKind::Mysql(m) => m.prompt(),
            _ => "",
        }
    }

    /// Whether the terminal echoes nothing of the next typed line (a password prompt).
    pub fn hides_input(&self) -> bool {
        matches!(&self.kind, FollowKind::Mysql(m) if m.asking_password)
    }

    /// A typed line. `Some` when the follow reads it (a prune's answer); `None` when the
    /// process reads no input and the terminal only echoes it.
    pub fn input(&mut self, world: &mut World, line: &str) -> Option<Polled> {
        if let FollowKind::Mysql(monitor) = &mut self.kind {
            let host = self.host.clone();
            return Some(monitor.input(world, &host, line));
        }
        let FollowKind::Confirm(confirm) = &self.kind else {
            return None;
        };
        let output = if line.trim().eq_ignore_ascii_case("y") {
            let command = super::Command::Docker(confirm.action.clone());
            super::execute_as(command, world, &self.host, &self.caller)
        } else {
            Output::default()
        };
        Some(Polled {
            output,
            ended: true,
            replaces: 0,
        })
    }
}
