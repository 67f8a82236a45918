//! One learner's session: the simulated world, the terminal's host and prompt, and the history.
//!
//! Both front ends drive this same type: the browser (`ui`) and the native `berth shell`. Each
//! typed line goes through [`Session::submit`], which advances the logical clock by one second,
//! runs the line through the CLI and returns a typed [`Turn`]. The same seed and the same lines
//! always give the same turns, byte for byte.
//!
//! The session owns the learner's progress through a lesson and asks `lessons` for judgements
//! on its `&World`; [`check`] replays a lesson file the way `berth lesson check` does.
//!
//! Cost per command: what the page reads back after each line (the topology, the audit of the
//! terminal's host, the lesson's goals) is kept with the session's `version` and recomputed
//! only when that moved. A line bumps it when the engine's [`World::version`] moved (every
//! mutable access to the world counts, so a view is never kept stale) or an event was
//! emitted; lesson moves bump it too.

pub mod check;
mod editor;
mod follow;
mod lesson;

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;

use crate::cli::{self, EnterShell, Line, Stream};
use crate::engine::lab::topology::Topology;
use crate::engine::security::audit::Report;
use crate::engine::{Event, World, DEFAULT_HOST};
use crate::lessons::{catalogue, Goal, Lesson, Verdict};

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
    /// The packet path a `ping` or `trace` followed, for the picture.
    pub path: Option<crate::cli::render::path::PathShown>,
    /// The terminal shows the prompt and the input line (a typed line, or its echo while a
    /// command runs in the foreground); `false` for what a foreground command printed on a
    /// tick.
    pub echo: bool,
    /// How many lines just before this turn's output it replaces (`docker stats` redraws its
    /// table each tick); a terminal that keeps everything may ignore it.
    pub replaces: usize,
    /// `nano FILE`: the file the front-end's editor should open (only when it has one,
    /// [`Session::set_editor`]; otherwise the output says how to write the file instead).
    pub edit: Option<crate::cli::tools::editor::EditRequest>,
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
    /// The hosts the terminal is logged in to, `ssh` by `ssh`: lines go to the last one. The
    /// first is the terminal's own and never leaves.
    hosts: Vec<String>,
    history: Vec<String>,
    /// Shells opened inside containers, innermost last: lines go to the innermost one.
    shells: Vec<EnterShell>,
    /// The other terminal tabs, one per host, by the host they opened on: their `ssh`
    /// chains and container shells wait there while another tab is in front.
    parked: BTreeMap<String, (Vec<String>, Vec<EnterShell>)>,
    /// The lesson being followed, if any.
    lesson: Option<LessonState>,
    /// The language lessons are shown in (`en`, `fr`).
    language: String,
    /// Bumped whenever the world may have changed, or the lesson moved: the views are
    /// recomputed only when it did.
    version: u64,
    /// What the page reads back after each command, with the version it was computed at.
    views: RefCell<Views>,
    /// The lines of a command still being typed (an open quote, a trailing `|`, a
    /// here-document): the prompt is `> ` until the command is complete.
    pending: Vec<String>,
    /// A here-document refused for its size (past the 64 KiB input bound): the rest of its
    /// pasted lines, up to this delimiter, are skipped rather than run as commands.
    skipping: Option<String>,
    /// Each shell's own variables and `$?`, by the terminal it belongs to (see
    /// [`Session::shell_key`]).
    shell_states: BTreeMap<String, cli::sh::exec::ShellState>,
    /// Commands running in the foreground (`docker run` attached, `logs -f`, `stats`,
    /// `events`), by the terminal tab they run in: lines typed there are echoed, not run,
    /// until the command ends or Ctrl-C ends it.
    follows: BTreeMap<String, cli::Follow>,
    /// The front-end has an editor panel (the browser): `nano FILE` hands it the file.
    editor: bool,
}

/// The last topology, audit and lesson status computed, each with the `version` it is for.
/// Shared (`Rc`): the page holds them as they are, without a copy.
#[derive(Debug, Clone, Default)]
struct Views {
    topology: Option<(u64, Rc<Topology>)>,
    /// Also keyed by the host audited: the terminal in front may move.
    audit: Option<(u64, String, Rc<Option<Report>>)>,
    /// Also keyed by the clock when a goal runs a command (`output of "docker ps"` prints
    /// `Up 2 seconds`, which every line changes).
    status: Option<(u64, Option<u64>, Option<LessonStatus>)>,
}

/// Where the learner is in a lesson.
#[derive(Debug, Clone)]
pub struct LessonState {
    pub lesson: Lesson,
    /// Index of the current step.
    pub step: usize,
    /// The translation was missing: the lesson is shown in English.
    pub fell_back: bool,
}

/// The current step of the current lesson, with each goal judged on the world now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LessonStatus {
    pub id: String,
    pub title: String,
    pub step_index: usize,
    pub step_count: usize,
    pub step_title: String,
    /// `(text shown, verdict)` per goal.
    pub goals: Vec<(String, Verdict)>,
    pub step_done: bool,
    pub lesson_done: bool,
    pub fell_back: bool,
}

impl Default for Session {
    fn default() -> Self {
        Session::new(DEFAULT_SEED)
    }
}

impl Session {
    pub fn new(seed: u64) -> Self {
        let mut world = World::new(seed);
        // The course's own images (lessons/images.toml).
        crate::lessons::images::declare(&mut world);
        Session {
            world,
            hosts: vec![DEFAULT_HOST.to_string()],
            history: Vec::new(),
            shells: Vec::new(),
            parked: BTreeMap::new(),
            lesson: None,
            language: "en".to_string(),
            version: 0,
            views: RefCell::new(Views::default()),
            pending: Vec::new(),
            skipping: None,
            shell_states: BTreeMap::new(),
            follows: BTreeMap::new(),
            editor: false,
        }
    }

    /// The world may have changed, or the lesson moved: the views are stale.
    fn changed(&mut self) {
        self.version = self.version.wrapping_add(1);
    }

    /// How many times the world may have changed (or the lesson moved) since the session
    /// started: equal versions promise equal views.
    pub fn version(&self) -> u64 {
        self.version
    }

    /// A session on a lesson's lab (its seed and hosts), without the lesson open: what
    /// `berth lesson check` replays solutions in.
    pub fn for_lab(meta: &crate::lessons::format::Meta) -> Self {
        let mut session = Session::new(meta.seed);
        session.world = Self::lesson_world(meta);
        session
    }

    /// The prompt of the innermost shell: a container's (`/ # `) or the host's; bash's `> `
    /// (PS2) while a command waits for its next line.
    pub fn prompt(&self) -> String {
        // A command in the foreground owns the terminal: no prompt until it ends (a prune's
        // question is its prompt).
        if let Some(follow) = self.follows.get(self.active_tab()) {
            return follow.prompt().to_string();
        }
        if !self.pending.is_empty() || self.skipping.is_some() {
            return "> ".to_string();
        }
        if let Some(shell) = self
            .shells
            .last()
            .filter(|s| cli::shells::repl::reads_lines(&s.shell))
        {
            return cli::shells::repl::prompt(shell, self.shell_states.get(&self.shell_key()));
        }
        let opened_with = match self.shells.last() {
            Some(shell) => shell.prompt.clone(),
            None => match self.login() {
                Some(user) => cli::shells::host::prompt(user, self.host()),
                None => cli::host_prompt(&self.world, self.host()),
            },
        };
        // The working directory, where the shell's prompt shows it.
        let place = match self.shells.last() {
            Some(shell) => cli::sh::exec::Place::Container(shell),
            None => cli::sh::exec::Place::Host {
                user: self.login(),
                first_host: None,
            },
        };
        let state = self.shell_states.get(&self.shell_key());
        cli::sh::prompt_at_cwd(&self.world, self.host(), place, state, &opened_with)
    }

    /// The container whose shell the terminal is in, if any.
    pub fn inside(&self) -> Option<&str> {
        self.shells.last().map(|s| s.container_id.as_str())
    }

    /// Whether the terminal waits for the rest of a command (the prompt is `> `).
    pub fn continuing(&self) -> bool {
        !self.pending.is_empty() || self.skipping.is_some()
    }

    /// Which shell's variables a line uses: the terminal tab, its `ssh` chain and the depth of
    /// container shells.
    fn shell_key(&self) -> String {
        format!("{}#{}", self.hosts.join(">"), self.shells.len())
    }

    /// Runs one typed line. Never panics, whatever the line holds. A line that leaves a
    /// command open (an open quote, a trailing `|` or `\`, a here-document) is kept, and the
    /// next line continues it: a multi-line paste is one command.
    pub fn submit(&mut self, line: &str) -> Turn {
        let prompt = self.prompt();
        let input = line.trim_end_matches(['\n', '\r']).to_string();
        if self.following() {
            // The terminal feeds typed lines to the foreground process, which reads none of
            // them: they are only echoed. A line `^C` is `berth shell`'s Ctrl-C.
            if input.trim() == cli::follow::CTRL_C_ECHO {
                if let Some(turn) = self.interrupt() {
                    return turn;
                }
            }
            if let Some(turn) = self.follow_input(&prompt, &input) {
                return turn;
            }
            let events = self.world.events().len();
            return self.turn(prompt, input, cli::Output::default(), events);
        }
        if let Some(delimiter) = &self.skipping {
            if input.trim_start_matches('\t') == delimiter {
                self.skipping = None;
            }
            let events = self.world.events().len();
            return self.turn(prompt, input, cli::Output::default(), events);
        }
        // A REPL or a database client reads the line whole, without the shell's parsing.
        if let Some(shell) = self
            .shells
            .last()
            .filter(|s| cli::shells::repl::reads_lines(&s.shell))
            .cloned()
        {
            return self.program_line(prompt, input, &shell);
        }
        if self.pending.is_empty() && input.trim().is_empty() {
            let events = self.world.events().len();
            return self.turn(prompt, input, cli::Output::default(), events);
        }
        let text = if self.pending.is_empty() {
            input.clone()
        } else {
            format!("{}\n{input}", self.pending.join("\n"))
        };
        match cli::sh::parse::parse(&text) {
            Err(cli::sh::parse::ParseError::Incomplete(_))
                if text.len() <= cli::sh::parse::MAX_INPUT =>
            {
                self.pending.push(input.clone());
                let events = self.world.events().len();
                self.turn(prompt, input, cli::Output::default(), events)
            }
            Err(e) => {
                let mut skipped = None;
                if matches!(e, cli::sh::parse::ParseError::TooLarge(_)) {
                    if let Err(cli::sh::parse::ParseError::Incomplete(
                        cli::sh::parse::Pending::HereDoc(delimiter),
                    )) = cli::sh::parse::parse(&self.pending.join("\n"))
                    {
                        skipped = Some(delimiter);
                    }
                }
                self.pending.clear();
                self.history.push(text);
                let events = self.world.events().len();
                // A command that does not parse still took its second at the terminal.
                cli::advance_clock(&mut self.world, SECONDS_PER_COMMAND);
                let dialect = self.dialect();
                let mut output = cli::sh::syntax_error(dialect, &e);
                if let Some(delimiter) = skipped {
                    output.err(format!("berth: nothing ran; the here-document's lines up to `{delimiter}` are skipped"));
                    self.skipping = Some(delimiter);
                }
                self.shell_states
                    .entry(self.shell_key())
                    .or_default()
                    .status = output.exit_code;
                self.turn(prompt, input, output, events)
            }
            Ok(script) => {
                self.pending.clear();
                self.run_parsed(prompt, input, text, &script, None)
            }
        }
    }

    /// The end of input (Ctrl-D at `> `, the end of `berth shell`'s stdin, a transcript's
    /// command without its continuation lines) while a command is open: bash's error, or,
    /// for a here-document or a trailing backslash, the command as the end closes it.
    /// `None` when no command is open.
    pub fn end_of_input(&mut self) -> Option<Turn> {
        // The end of input ends a foreground command as Ctrl-C does (`berth shell`).
        if self.following() {
            return self.interrupt();
        }
        if self.pending.is_empty() {
            // Ctrl-D at a REPL's prompt ends it, as its end of input.
            let shell = self
                .shells
                .last()
                .filter(|s| cli::shells::repl::reads_lines(&s.shell))
                .cloned()?;
            let prompt = self.prompt();
            return Some(self.program_line(prompt, "^D".to_string(), &shell));
        }
        let prompt = self.prompt();
        let text = self.pending.join("\n");
        self.pending.clear();
        let pending = match cli::sh::parse::parse(&text) {
            Err(cli::sh::parse::ParseError::Incomplete(p)) => p,
            _ => return None,
        };
        if let Some((closed, warning)) = cli::sh::complete_at_end(&text, &pending) {
            if let Ok(script) = cli::sh::parse::parse(&closed) {
                return Some(self.run_parsed(prompt, String::new(), text, &script, warning));
            }
        }
        self.history.push(text);
        let events = self.world.events().len();
        cli::advance_clock(&mut self.world, SECONDS_PER_COMMAND);
        let output = cli::sh::end_of_input(self.dialect(), &pending);
        self.shell_states
            .entry(self.shell_key())
            .or_default()
            .status = output.exit_code;
        Some(self.turn(prompt, String::new(), output, events))
    }

    fn dialect(&self) -> cli::sh::Dialect {
        cli::dialect(&self.world, self.host(), self.shells.last())
    }

    /// A turn that ran nothing.
    fn turn(
        &self,
        prompt: String,
        input: String,
        output: cli::Output,
        events_before: usize,
    ) -> Turn {
        let mut output = output;
        // Without an editor panel, the terminal says how to write the file instead.
        let edit = match output.edit.take().map(|e| *e) {
            Some(request) if !self.editor => {
                let hint = cli::tools::editor::in_terminal(&request);
                output.lines.extend(hint.lines);
                output.exit_code = hint.exit_code;
                None
            }
            other => other,
        };
        Turn {
            prompt,
            input,
            output: output.lines,
            exit_code: output.exit_code,
            clear: output.clear,
            path: output.path.map(|p| *p),
            echo: true,
            replaces: 0,
            edit,
            events: self
                .world
                .events()
                .get(events_before..)
                .unwrap_or(&[])
                .to_vec(),
        }
    }

    /// A line typed at a REPL's or a database client's prompt (`>>> `, `postgres=# `): the
    /// program reads it whole. Leaving the program's main process stops its container.
    fn program_line(&mut self, prompt: String, input: String, shell: &cli::EnterShell) -> Turn {
        let events_before = self.world.events().len();
        let world_before = self.world.version();
        // A password is neither echoed nor kept in the history.
        let hidden = cli::shells::repl::hides_input(&prompt);
        let shown = if hidden { String::new() } else { input.clone() };
        if !shown.trim().is_empty() && shown.trim() != "^D" {
            self.history.push(shown.clone());
        }
        self.world.tick(SECONDS_PER_COMMAND);
        let host = self.host().to_string();
        let key = self.shell_key();
        let mut state = self.shell_states.remove(&key).unwrap_or_default();
        let output = cli::shells::repl::line(&mut self.world, &host, shell, &mut state, &input);
        self.shell_states.insert(key.clone(), state);
        if output.exit_shell {
            self.shells.pop();
            self.shell_states.remove(&key);
            if shell.main_process {
                let _ = self
                    .world
                    .container_process_exit(&host, &shell.container_id, output.exit_code);
            }
        }
        debug_assert_eq!(self.world.check_invariants(), Ok(()));
        if self.world.events().len() > events_before || self.world.version() != world_before {
            self.changed();
        }
        self.turn(prompt, shown, output, events_before)
    }

    /// Runs a complete, parsed command; `text` is all of its lines, for the history.
    fn run_parsed(
        &mut self,
        prompt: String,
        input: String,
        text: String,
        script: &cli::sh::parse::Script,
        warning: Option<String>,
    ) -> Turn {
        let events_before = self.world.events().len();
        let world_before = self.world.version();
        if script.items.is_empty() {
            // A comment: kept in the history, runs nothing.
            self.history.push(text);
            return self.turn(prompt, input, cli::Output::default(), events_before);
        }
        let words = script.simple_words().unwrap_or_default();
        let words: Vec<&str> = words.iter().map(String::as_str).collect();
        let lesson_command = self.shells.is_empty()
            && matches!(
                words.first().copied(),
                Some("lessons" | "lesson" | "hint" | "solution" | "reset" | "next")
            );
        let host = self.host().to_string();
        let in_container = !self.shells.is_empty();
        let first_host = self.hosts.first().cloned();
        let first_host_busy = !in_container
            && matches!(words.as_slice(), ["host", "stop" | "rm", name] if Some(*name) == first_host.as_deref());
        self.history.push(text);
        let mut output = if lesson_command {
            self.lesson_command(&words)
        } else if first_host_busy {
            cli::tools::ssh::first_host_busy(first_host.as_deref().unwrap_or(DEFAULT_HOST))
        } else {
            cli::advance_clock(&mut self.world, SECONDS_PER_COMMAND);
            let key = self.shell_key();
            let mut state = self.shell_states.remove(&key).unwrap_or_default();
            let login = self.login().map(str::to_string);
            let place = match self.shells.last() {
                Some(shell) => cli::sh::exec::Place::Container(shell),
                None => cli::sh::exec::Place::Host {
                    user: login.as_deref(),
                    first_host: first_host.as_deref(),
                },
            };
            let output = cli::run_script(&mut self.world, &host, place, &mut state, script);
            self.shell_states.insert(key, state);
            output
        };
        if let Some(warning) = warning {
            output.lines.insert(
                0,
                Line {
                    stream: Stream::Stderr,
                    text: warning,
                },
            );
        }
        if output.exit_shell && in_container {
            if let Some(shell) = self.shells.pop() {
                let key = format!("{}#{}", self.hosts.join(">"), self.shells.len() + 1);
                self.shell_states.remove(&key);
                // Leaving the container's main process ends it: the container stops.
                if shell.main_process {
                    let _ = self
                        .world
                        .container_process_exit(&host, &shell.container_id, output.exit_code);
                }
            }
        } else if output.exit_shell {
            if self.hosts.len() > 1 {
                // Leaving `su`'s shell is a logout on the same host; leaving ssh closes the
                // connection.
                let left = self.hosts.pop().unwrap_or_default();
                if cli::shells::host::split_login(&left).0.is_none() {
                    output.out(cli::tools::ssh::connection_closed(&host));
                }
            } else {
                output = cli::tools::ssh::first_shell();
            }
        }
        if let Some(shell) = output.enter_shell.clone() {
            self.shells.push(*shell);
        }
        if let Some(next) = output.enter_host.clone() {
            self.hosts.push(next);
        }
        if let Some(follow) = output.follow.take() {
            self.follows.insert(self.active_tab().to_string(), *follow);
        }
        self.drop_lost_hosts(&mut output);
        debug_assert_eq!(self.world.check_invariants(), Ok(()));
        if self.world.events().len() > events_before || self.world.version() != world_before {
            self.changed();
        }
        self.turn(prompt, input, output, events_before)
    }

    /// One terminal again, on the first host: a lesson starts from a fresh lab.
    fn reset_terminals(&mut self) {
        self.shells.clear();
        self.follows.clear();
        self.pending.clear();
        self.skipping = None;
        self.shell_states.clear();
        self.parked.clear();
        self.hosts = vec![DEFAULT_HOST.to_string()];
    }

    /// The hosts that can have a terminal tab: every running host, in the world's order.
    pub fn terminal_tabs(&self) -> Vec<String> {
        self.world
            .hosts()
            .filter(|h| h.machine.running)
            .map(|h| h.name.clone())
            .collect()
    }

    /// The host the terminal in front opened on (its tab), whatever it has `ssh`ed to since.
    pub fn active_tab(&self) -> &str {
        self.hosts.first().map_or(DEFAULT_HOST, String::as_str)
    }

    /// Brings the terminal of `host` to the front, opening it on first use. `false` if there
    /// is no running host of that name.
    pub fn select_tab(&mut self, host: &str) -> bool {
        if host == self.active_tab() {
            return true;
        }
        if !self.world.host(host).is_ok_and(|h| h.machine.running) {
            return false;
        }
        let (hosts, shells) = self
            .parked
            .remove(host)
            .unwrap_or_else(|| (vec![host.to_string()], Vec::new()));
        let previous_hosts = std::mem::replace(&mut self.hosts, hosts);
        let previous_shells = std::mem::replace(&mut self.shells, shells);
        if let Some(tab) = previous_hosts.first().cloned() {
            self.parked.insert(tab, (previous_hosts, previous_shells));
        }
        true
    }

    /// Closes the shells on hosts that were stopped or removed, as ssh does when the remote end
    /// goes away; the terminal's first host always stays.
    fn drop_lost_hosts(&mut self, output: &mut cli::Output) {
        let lost = self.hosts.iter().skip(1).position(|h| {
            let h = cli::shells::host::split_login(h).1;
            self.world.host(h).map_or(true, |h| !h.machine.running)
        });
        if let Some(index) = lost {
            self.shells.clear();
            let gone = self.hosts.split_off(index + 1);
            for host in gone.iter().rev() {
                output.out(cli::tools::ssh::connection_lost(
                    cli::shells::host::split_login(host).1,
                ));
            }
        }
        // Tabs in the back: a tab whose own host went away closes; one whose ssh chain
        // crossed a lost host falls back to its own shell.
        let world = &self.world;
        let up = |h: &str| world.host(h).is_ok_and(|h| h.machine.running);
        self.parked.retain(|tab, _| up(tab));
        for (hosts, shells) in self.parked.values_mut() {
            if let Some(index) = hosts
                .iter()
                .position(|h| !up(cli::shells::host::split_login(h).1))
            {
                hosts.truncate(index);
                shells.clear();
            }
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
                text: cli::notices::detached(),
            }],
            exit_code: 1,
            clear: false,
            events: Vec::new(),
            path: None,
            echo: true,
            replaces: 0,
            edit: None,
        })
    }

    /// Lines submitted so far, oldest first (empty lines are not kept).
    pub fn history(&self) -> &[String] {
        &self.history
    }

    pub fn world(&self) -> &World {
        &self.world
    }

    /// The host the terminal's lines go to: the last one `ssh` opened.
    pub fn host(&self) -> &str {
        self.hosts.last().map_or(DEFAULT_HOST, |entry| {
            cli::shells::host::split_login(entry).1
        })
    }

    /// The user the terminal's shell runs as, when not root (`su - alice`).
    pub fn login(&self) -> Option<&str> {
        self.hosts
            .last()
            .and_then(|entry| cli::shells::host::split_login(entry).0)
    }

    /// The hosts the terminal is logged in to, the first one first.
    pub fn host_chain(&self) -> &[String] {
        &self.hosts
    }

    /// The picture of the world, recomputed only when the world may have changed.
    pub fn topology(&self) -> Rc<Topology> {
        if let Some((version, topology)) = &self.views.borrow().topology {
            if *version == self.version {
                return Rc::clone(topology);
            }
        }
        let topology = Rc::new(self.world.topology());
        self.views.borrow_mut().topology = Some((self.version, Rc::clone(&topology)));
        topology
    }

    /// The audit of the terminal's host, as the audit panel shows it; recomputed only when
    /// the world may have changed or the terminal moved to another host.
    pub fn audit(&self) -> Rc<Option<Report>> {
        let host = self.host();
        if let Some((version, of, report)) = &self.views.borrow().audit {
            if *version == self.version && of == host {
                return Rc::clone(report);
            }
        }
        let report = Rc::new(self.world.audit(host, None));
        self.views.borrow_mut().audit = Some((self.version, host.to_string(), Rc::clone(&report)));
        report
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
    fn reading_lines_leave_the_world_and_its_version_as_they_were() {
        let mut s = Session::new(1);
        for line in [
            "docker network create appnet",
            "docker volume create data",
            "docker run -d --name web --network appnet -p 8080:80 -v data:/data nginx",
            "docker run -dit --name client alpine",
            "docker stop client",
            "useradd alice",
        ] {
            assert_eq!(s.submit(line).exit_code, 0, "{line}");
        }
        for line in [
            "docker ps",
            "docker ps -a --format '{{.Names}}'",
            "docker images",
            "docker inspect web",
            "docker inspect nosuch",
            "docker logs web",
            "docker port web",
            "docker top web",
            "docker version",
            "docker info",
            "docker container ls -a",
            "docker container inspect client",
            "docker image ls",
            "docker image inspect nginx",
            "docker network ls",
            "docker network inspect appnet",
            "docker volume ls",
            "docker volume inspect data",
            "history",
            "whoami",
            "hostname",
            "pwd",
            "   ",
        ] {
            let mut expected = s.world().clone();
            if !line.trim().is_empty() {
                expected.tick(SECONDS_PER_COMMAND);
            }
            let version = s.version();
            let turn = s.submit(line);
            assert!(turn.events.is_empty(), "{line}");
            assert!(s.world() == &expected, "{line} changed the world");
            assert_eq!(s.version(), version, "{line}");
        }
        // Pipes, lists and substitutions of reading commands read too; anything that writes
        // moves the version.
        for (line, moves) in [
            ("docker ps | grep web", false),
            ("docker ps -q | wc -l; docker images", false),
            ("docker inspect $(docker ps -q)", false),
            ("docker network inspect appnet && docker volume ls", false),
            ("docker inspect web > web.json", true),
            ("docker network create other", true),
            ("docker rm -f $(docker ps -aq)", true),
            ("firewall host1 deny 80/tcp", true),
            ("useradd bob", true),
        ] {
            let version = s.version();
            s.submit(line);
            assert_eq!(s.version() != version, moves, "{line}");
        }
    }

    #[test]
    fn views_are_recomputed_only_when_the_world_may_have_changed() {
        let mut s = Session::new(1);
        s.submit("docker run -d --name web nginx");
        let (topology, audit) = (s.topology(), s.audit());
        s.submit("docker ps");
        assert!(Rc::ptr_eq(&topology, &s.topology()));
        assert!(Rc::ptr_eq(&audit, &s.audit()));
        s.submit("docker run -d --privileged --name db redis");
        assert!(!Rc::ptr_eq(&topology, &s.topology()));
        assert_eq!(*s.topology(), s.world().topology());
        assert_eq!(*s.audit(), s.world().audit(s.host(), None));
        assert_ne!(*s.audit(), *audit);
    }

    #[test]
    fn lesson_status_follows_the_world_and_the_step() {
        let mut s = Session::new(1);
        let id = catalogue::list()
            .first()
            .map(|l| l.meta.id.clone())
            .unwrap_or_default();
        s.submit(&format!("lesson {id}"));
        let fresh = |s: &Session| s.judge_step();
        assert_eq!(s.lesson_status(), fresh(&s));
        let solution = s
            .lesson()
            .and_then(|l| l.lesson.steps.first())
            .map(|step| step.solution.clone())
            .unwrap_or_default();
        for line in &solution {
            s.submit(line);
            assert_eq!(s.lesson_status(), fresh(&s), "after {line}");
        }
        assert!(s.lesson_status().is_some_and(|st| st.step_done));
        s.submit("next");
        assert_eq!(s.lesson_status(), fresh(&s));
        assert_eq!(s.lesson_status().map(|st| st.step_index), Some(1));
        s.set_language("fr");
        assert_eq!(s.lesson_status(), fresh(&s));
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
