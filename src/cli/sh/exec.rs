//! Runs a parsed [`Script`]: lists, and-or lists, pipelines, simple commands with their
//! assignments and redirections, on a host's prompt or in a container's shell.
//!
//! Streams: a command's stdout lines go to the next command of its pipeline (as its standard
//! input, one `\n`-terminated line each) or, for the last command, to the terminal; stderr
//! always reaches the terminal unless redirected. Control fields of [`Output`] (`clear`,
//! `path`) propagate from every command; those that change the terminal (`enter_shell`,
//! `exit_shell`, `enter_host`) only from a pipeline of one command, as a pipeline's stages run
//! in subshells, and the list stops there: the terminal is elsewhere now.

use std::collections::BTreeMap;

use super::parse::{self, Command, Compound, Connector, Pipeline, Redirect, RedirectKind};
use super::parse::{Script, Simple};
use crate::cli::tools::{self, Flavor};
use crate::cli::{EnterShell, Line, Output, Stream};
use crate::engine::docker::image::Userland;
use crate::engine::World;

/// How many commands one input may run, `xargs` fan-out, substitutions and loop
/// iterations included: `while true; do …; done` stops here.
pub const MAX_RUNS: usize = 10_000;

/// How the line for a loop cut off at [`MAX_RUNS`] begins (a container's main process cut
/// off there runs on).
pub const LOOP_STOPPED: &str = "berth: stopped after";
/// How deep functions may call functions: `f() { f; }; f` stops here.
pub const MAX_FUNCTION_DEPTH: u32 = 100;
/// The most lines one command's standard output may hold: `yes` stops here.
pub const MAX_OUTPUT_LINES: usize = 10_000;
/// The exit status of a command the playground cut off (bash's status after Ctrl-C).
pub const STOPPED: i32 = 130;

/// How control leaves the normal order of a list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flow {
    /// `break N`, `continue N`: the loops still to leave.
    Break(u32),
    Continue(u32),
    /// `return`: the function ends.
    Return,
    /// `exit` or a terminal change: the shell (or subshell) ends.
    Exit,
    /// A bound was reached or an expansion failed: the whole input ends.
    Abort,
}

/// Where the commands run.
#[derive(Debug, Clone, Copy)]
pub enum Place<'a> {
    /// A host's own shell, as `user` (`None`: root). `first_host` is the terminal's own host,
    /// which `host stop`/`host rm` may not take away from under it.
    Host {
        user: Option<&'a str>,
        first_host: Option<&'a str>,
    },
    /// A shell opened in a container.
    Container(&'a EnterShell),
}

/// What lives with the terminal rather than with a host: the shell's own (not exported)
/// variables and `$?`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ShellState {
    pub vars: BTreeMap<String, String>,
    /// The functions defined at this prompt (`f() { …; }`).
    pub functions: BTreeMap<String, Compound>,
    /// The exit status of the last command: `$?`.
    pub status: i32,
    /// The working directory after a `cd` (`None`: where the shell started), and `OLDPWD`.
    pub cwd: Option<String>,
    pub oldpwd: Option<String>,
}

/// One run of a script.
pub struct Runner<'a> {
    pub world: &'a mut World,
    pub host: &'a str,
    pub place: Place<'a>,
    pub state: &'a mut ShellState,
    pub(super) runs: usize,
    /// The status of the last command substitution: an assignment alone returns it.
    pub(super) substitution_status: Option<i32>,
    /// A subshell (`$(…)`, `sh -c`): `exit` ends it, not the terminal's shell.
    pub(super) subshell: bool,
    /// Set when control leaves the list's order (`break`, `return`, a bound).
    pub(super) flow: Option<Flow>,
    /// The positional parameters `$1`… of the function being run.
    pub(super) args: Vec<String>,
    /// How deep functions are nested, and each call's `local` variables' old values.
    pub(super) locals: Vec<Vec<(String, Option<String>)>>,
    /// How many loops enclose the command being run (for `break`).
    pub(super) loops: u32,
    /// The standard input of the compound command being run, which `read` consumes.
    pub(super) input: Option<String>,
    /// `$0` when set by `sh -c SCRIPT NAME`.
    pub(super) name: Option<String>,
    /// The command's standard output is a pipe or a file, not the terminal.
    pub(super) piped: bool,
    /// A container's main process script: the second its own time is at (its `sleep`s
    /// move this, not the world's clock; its `date` reads it). `None` at a prompt or under
    /// `docker exec`, where `sleep` moves the world's clock (`periodic.rs`).
    pub(super) process_clock: Option<u64>,
}

/// `docker exec CONTAINER sh -c SCRIPT`: the script in the container, with the exec's `-e`
/// variables, as a shell with no terminal (nothing it does opens or leaves a shell).
pub fn exec_script(
    world: &mut World,
    host: &str,
    container_id: &str,
    shell: &str,
    user: Option<&str>,
    env: &[String],
    script: &Script,
) -> Output {
    // Its standard output stays the terminal's: `ls` writes columns, as it always has here.
    super::cwd::exec_shell_script(
        world,
        host,
        container_id,
        shell,
        user,
        env,
        (None, true),
        script,
    )
}

/// The shell a `docker exec` process runs in: no prompt, not the main process.
pub(super) fn exec_session(
    container_id: &str,
    shell: &str,
    user: Option<&str>,
    workdir: Option<String>,
) -> EnterShell {
    EnterShell {
        container_id: container_id.to_string(),
        shell: shell.to_string(),
        main_process: false,
        prompt: String::new(),
        user: user.map(str::to_string),
        workdir,
    }
}

/// A fresh shell's variables with `docker exec -e`'s `NAME=VALUE`s.
pub(super) fn exec_state(env: &[String]) -> ShellState {
    let mut state = ShellState::default();
    for var in env {
        if let Some((name, value)) = var.split_once('=') {
            state.vars.insert(name.to_string(), value.to_string());
        }
    }
    state
}

/// Where a descriptor's lines go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Sink {
    Stdout,
    Stderr,
    Null,
    File(String),
}

impl<'a> Runner<'a> {
    pub fn new(
        world: &'a mut World,
        host: &'a str,
        place: Place<'a>,
        state: &'a mut ShellState,
    ) -> Self {
        Runner {
            world,
            host,
            place,
            state,
            runs: 0,
            substitution_status: None,
            subshell: false,
            flow: None,
            args: Vec::new(),
            locals: Vec::new(),
            loops: 0,
            input: None,
            name: None,
            piped: false,
            process_clock: None,
        }
    }

    /// A runner for a subshell of this one: the same world and place, a copy of the
    /// variables (in `state`), the positional parameters and the count of commands run.
    pub(super) fn subshell_of<'b>(&'b mut self, state: &'b mut ShellState) -> Runner<'b> {
        let mut inner = Runner::new(self.world, self.host, self.place, state);
        inner.runs = self.runs;
        inner.subshell = true;
        inner.args = self.args.clone();
        inner.input = self.input.clone();
        inner.name = self.name.clone();
        inner.locals = vec![Vec::new(); self.locals.len()];
        inner.piped = self.piped;
        inner.process_clock = self.process_clock;
        inner
    }

    /// Runs a whole script; the output's exit code is the last command's.
    pub fn run(&mut self, script: &Script) -> Output {
        let mut out = Output::default();
        self.run_list(script, &mut out);
        out.exit_code = self.state.status;
        out
    }

    /// Runs a list into `out`, until its end or until control leaves it ([`Flow`]).
    pub(super) fn run_list(&mut self, script: &Script, out: &mut Output) {
        for item in &script.items {
            if self.flow.is_some() {
                break;
            }
            let mut status = self.pipeline(&item.first, out);
            for (connector, pipeline) in &item.rest {
                if out.moves_terminal() || self.flow.is_some() {
                    break;
                }
                let go = match connector {
                    Connector::And => status == 0,
                    Connector::Or => status != 0,
                };
                if go {
                    status = self.pipeline(pipeline, out);
                }
            }
            if out.moves_terminal() {
                self.flow = Some(Flow::Exit);
                break;
            }
        }
    }

    fn pipeline(&mut self, pipeline: &Pipeline, out: &mut Output) -> i32 {
        let mut stdin: Option<String> = None;
        let count = pipeline.commands.len();
        let mut status = 0;
        let mut aborted = false;
        // Whether this pipeline's own output is a pipe (`docker exec` without `-t`, a
        // redirection around it); every stage but the last writes into one.
        let outer = self.piped;
        for (index, command) in pipeline.commands.iter().enumerate() {
            let last = index + 1 == count;
            self.piped = outer || !last;
            let mut result = match command {
                Command::Simple(simple) if count == 1 => self.simple(simple, stdin.take(), out),
                stage @ (Command::Simple(_) | Command::Compound(..)) if count > 1 => {
                    // A pipeline's stages run in subshells: `x | while read l; do N=…`
                    // and `echo hi | read v` leave the variables as they were.
                    let mut state = self.state.clone();
                    let mut inner = self.subshell_of(&mut state);
                    let mut result = match stage {
                        Command::Compound(compound, redirects) => {
                            inner.compound(compound, redirects, stdin.take(), out)
                        }
                        Command::Simple(simple) => inner.simple(simple, stdin.take(), out),
                        Command::Function(..) => Output::default(),
                    };
                    let (runs, flow) = (inner.runs, inner.flow);
                    self.process_clock = inner.process_clock;
                    self.runs = runs;
                    if flow == Some(Flow::Abort) {
                        self.flow = flow;
                    }
                    result.exit_shell = false;
                    result
                }
                Command::Simple(simple) => self.simple(simple, stdin.take(), out),
                Command::Compound(compound, redirects) => {
                    self.compound(compound, redirects, stdin.take(), out)
                }
                Command::Function(name, body) => {
                    self.state
                        .functions
                        .insert(name.clone(), body.as_ref().clone());
                    Output::default()
                }
            };
            if let Some(cut) = super::control::bound_output(&mut result) {
                let next_is_head = pipeline
                    .commands
                    .get(index + 1)
                    .is_some_and(|c| matches!(c, Command::Simple(s) if s.words.first().and_then(parse::Word::literal).as_deref() == Some("head")));
                if !next_is_head {
                    let name = match command {
                        Command::Simple(s) => s
                            .words
                            .first()
                            .and_then(parse::Word::literal)
                            .unwrap_or_else(|| "the command".into()),
                        _ => "the command".into(),
                    };
                    out.err(format!("berth: the output of `{name}` was cut at {cut} lines: a command's output is bounded in this playground"));
                }
            }
            status = result.exit_code;
            if !last && self.flow == Some(Flow::Abort) {
                // A stage was stopped at a bound: the stages after it still read what it
                // wrote (`while true; do echo x; done | tail -n 2`), then the input ends.
                self.flow = None;
                self.runs = MAX_RUNS.saturating_sub(count - index - 1);
                aborted = true;
            }
            let mut piped = String::new();
            for line in result.lines {
                if line.stream == Stream::Stdout && !last {
                    piped.push_str(&line.text);
                    piped.push('\n');
                } else {
                    out.lines.push(line);
                }
            }
            if !last {
                stdin = Some(piped);
            }
            out.clear |= result.clear;
            if result.path.is_some() {
                out.path = result.path;
            }
            if result.edit.is_some() {
                out.edit = result.edit;
            }
            if count == 1 {
                out.exit_shell |= result.exit_shell;
                if result.enter_shell.is_some() {
                    out.enter_shell = result.enter_shell;
                }
                if result.enter_host.is_some() {
                    out.enter_host = result.enter_host;
                }
                if result.follow.is_some() {
                    out.follow = result.follow;
                }
            }
        }
        self.piped = outer;
        if aborted {
            self.flow = Some(Flow::Abort);
            status = STOPPED;
        }
        if pipeline.negated {
            status = i32::from(status == 0);
        }
        self.state.status = status;
        status
    }

    /// One simple command: expansions, assignments, redirections, then the program.
    /// Expansion errors and the output of substitutions' stderr go straight to `terminal`.
    fn simple(&mut self, command: &Simple, stdin: Option<String>, terminal: &mut Output) -> Output {
        if let Some(stopped) = self.step() {
            return stopped;
        }
        self.substitution_status = None;
        let argv = match self.eval_special(command) {
            Some(argv) => argv,
            None => {
                let mut argv = Vec::new();
                for word in &command.words {
                    argv.extend(self.fields(word, terminal));
                }
                argv
            }
        };
        let mut assignments = Vec::new();
        for (name, value) in &command.assignments {
            let value = self.text(value, terminal);
            assignments.push((name.clone(), value));
        }
        if self.flow.is_some() {
            // An expansion failed (`$((1/0))`, `${X:?}`): the command does not run.
            return Output {
                exit_code: self.state.status,
                ..Output::default()
            };
        }
        let (stdout, stderr, input) = match self.open_redirects(&command.redirects, stdin, terminal)
        {
            Ok(opened) => opened,
            Err(failed) => return failed,
        };
        let outer = self.piped;
        self.piped |= stdout != Sink::Stdout;
        let result = if argv.is_empty() {
            self.assign(&assignments);
            Output {
                exit_code: self.substitution_status.unwrap_or(0),
                ..Output::default()
            }
        } else {
            self.with_env(&assignments, |runner| runner.program(&argv, input))
        };
        self.piped = outer;
        self.route(result, &stdout, &stderr)
    }

    /// Counts one command against [`MAX_RUNS`]; past it, the input is stopped with a
    /// `berth:` line and status 130.
    pub(super) fn step(&mut self) -> Option<Output> {
        self.runs += 1;
        if self.runs <= MAX_RUNS {
            return None;
        }
        self.flow = Some(Flow::Abort);
        self.state.status = STOPPED;
        Some(Output::failed(
            format!("{LOOP_STOPPED} {MAX_RUNS} commands in one input (a loop that never ends?): the playground's shell runs at most {MAX_RUNS}"),
            STOPPED,
        ))
    }

    /// Opens a command's redirections, left to right (`>f 2>&1` and `2>&1 >f` differ, as in
    /// bash): where its stdout and stderr go, and its standard input.
    pub(super) fn open_redirects(
        &mut self,
        redirects: &[Redirect],
        stdin: Option<String>,
        terminal: &mut Output,
    ) -> Result<(Sink, Sink, Option<String>), Output> {
        let mut stdout = Sink::Stdout;
        let mut stderr = Sink::Stderr;
        let mut input = stdin;
        for redirect in redirects {
            let opened = match &redirect.kind {
                RedirectKind::Write(word) | RedirectKind::Append(word) => {
                    let path = self.text(word, terminal);
                    let append = matches!(redirect.kind, RedirectKind::Append(_));
                    self.open_for_writing(&path, append)
                        .map(|sink| (Some(sink), None))
                }
                RedirectKind::Both { target, append } => {
                    let path = self.text(target, terminal);
                    self.open_for_writing(&path, *append).map(|sink| {
                        stderr = sink.clone();
                        (Some(sink), None)
                    })
                }
                RedirectKind::Dup(target) => Ok((
                    match target {
                        1 => Some(stdout.clone()),
                        2 => Some(stderr.clone()),
                        _ => None,
                    },
                    None,
                )),
                RedirectKind::Read(word) => {
                    let path = self.text(word, terminal);
                    match path.as_str() {
                        "/dev/null" => Ok((None, Some(String::new()))),
                        _ => self
                            .read_file(&path)
                            .map(|text| (None, Some(text)))
                            .map_err(|reason| format!("{path}: {reason}")),
                    }
                }
                RedirectKind::HereDoc(word) => Ok((None, Some(self.text(word, terminal)))),
            };
            match opened {
                Ok((Some(sink), _)) => match redirect.fd {
                    1 => stdout = sink,
                    2 => stderr = sink,
                    _ => {}
                },
                Ok((None, Some(text))) => input = Some(text),
                Ok((None, None)) => {}
                Err(reason) => {
                    let prefix = self.shell_prefix();
                    let reason = if reason.starts_with("berth:") {
                        reason
                    } else {
                        format!("{prefix}{reason}")
                    };
                    return Err(Output::failed(reason, 1));
                }
            }
        }
        Ok((stdout, stderr, input))
    }

    /// Sends each line where its descriptor points; writes the files.
    pub(super) fn route(&mut self, mut result: Output, stdout: &Sink, stderr: &Sink) -> Output {
        let mut files: Vec<(String, String)> = Vec::new();
        let lines = std::mem::take(&mut result.lines);
        for line in lines {
            let sink = match line.stream {
                Stream::Stdout => stdout,
                Stream::Stderr => stderr,
            };
            match sink {
                Sink::Stdout => result.lines.push(Line {
                    stream: Stream::Stdout,
                    text: line.text,
                }),
                Sink::Stderr => result.lines.push(Line {
                    stream: Stream::Stderr,
                    text: line.text,
                }),
                Sink::Null => {}
                Sink::File(path) => match files.iter_mut().find(|(p, _)| p == path) {
                    Some((_, text)) => {
                        text.push_str(&line.text);
                        text.push('\n');
                    }
                    None => files.push((path.clone(), format!("{}\n", line.text))),
                },
            }
        }
        for (path, text) in files {
            if let Err(reason) = self.write_file(&path, &text, true) {
                let prefix = self.shell_prefix();
                result.err(format!("{prefix}{path}: {reason}"));
                result.exit_code = 1;
            }
        }
        result
    }

    /// `>`/`>>` opens (and `>` empties) the file before the command runs, as the shell does.
    fn open_for_writing(&mut self, path: &str, append: bool) -> Result<Sink, String> {
        match path {
            "/dev/null" => return Ok(Sink::Null),
            "/dev/stdout" => return Ok(Sink::Stdout),
            "/dev/stderr" => return Ok(Sink::Stderr),
            _ => {}
        }
        let absolute = self.absolute(path);
        if append {
            self.write_file(&absolute, "", true)
        } else {
            self.write_file(&absolute, "", false)
        }
        .map_err(|reason| {
            if reason.starts_with("berth:") {
                reason
            } else {
                format!("{path}: {reason}")
            }
        })?;
        Ok(Sink::File(absolute))
    }

    /// The shell's name before its messages: `bash: `, `sh: `, `sh: 1: `.
    fn shell_prefix(&self) -> String {
        match self.dialect() {
            super::Dialect::Bash => "bash: ".to_string(),
            super::Dialect::Ash => "sh: ".to_string(),
            super::Dialect::Dash => "sh: 1: ".to_string(),
        }
    }

    pub fn dialect(&self) -> super::Dialect {
        match self.place {
            Place::Host { .. } => super::Dialect::Bash,
            Place::Container(shell) if shell.shell == "bash" => super::Dialect::Bash,
            Place::Container(_) => match self.userland() {
                Some(Userland::Debian | Userland::Ubuntu) => super::Dialect::Dash,
                _ => super::Dialect::Ash,
            },
        }
    }

    pub(super) fn userland(&self) -> Option<Userland> {
        let Place::Container(shell) = self.place else {
            return None;
        };
        let container = self
            .world
            .container_lookup(self.host, &shell.container_id)
            .ok()?;
        self.world.image_entry(container).map(|e| e.userland)
    }

    /// `NAME=value` alone: an exported name changes the host's environment, others the
    /// terminal's variables.
    pub(super) fn assign(&mut self, assignments: &[(String, String)]) {
        for (name, value) in assignments {
            let exported = matches!(self.place, Place::Host { .. })
                && self
                    .world
                    .host(self.host)
                    .is_ok_and(|h| h.machine.shell_env.contains_key(name));
            if exported {
                self.world.shell_env_set(self.host, name, Some(value));
            } else {
                self.state.vars.insert(name.clone(), value.clone());
            }
        }
    }

    /// `NAME=value program …`: the variables are in the program's environment only (on a host,
    /// where Docker's client reads `DOCKER_HOST` and friends).
    fn with_env(
        &mut self,
        assignments: &[(String, String)],
        run: impl FnOnce(&mut Self) -> Output,
    ) -> Output {
        if assignments.is_empty() || !matches!(self.place, Place::Host { .. }) {
            return run(self);
        }
        let saved: Vec<(String, Option<String>)> = assignments
            .iter()
            .map(|(name, _)| {
                let old = self
                    .world
                    .host(self.host)
                    .ok()
                    .and_then(|h| h.machine.shell_env.get(name).cloned());
                (name.clone(), old)
            })
            .collect();
        for (name, value) in assignments {
            self.world.shell_env_set(self.host, name, Some(value));
        }
        let output = run(self);
        for (name, old) in saved {
            self.world.shell_env_set(self.host, &name, old.as_deref());
        }
        output
    }

    /// `eval $(weave env)` and `eval "$(docker-machine env NAME)"`: the substitutions the
    /// tools' docs use, run by the commands that know what the printed `export`s mean.
    fn eval_special(&self, command: &Simple) -> Option<Vec<String>> {
        let [eval, argument] = command.words.as_slice() else {
            return None;
        };
        if eval.literal().as_deref() != Some("eval") {
            return None;
        }
        let script = match argument.0.as_slice() {
            [parse::Part::Subst(script)] => script,
            [parse::Part::Double(inner)] => match inner.as_slice() {
                [parse::Part::Subst(script)] => script,
                _ => return None,
            },
            _ => return None,
        };
        let words = script.simple_words()?;
        match words
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>()
            .as_slice()
        {
            ["weave", "env"] => Some(vec!["eval".into(), "$(weave env)".into()]),
            ["docker-machine", "env", rest @ ..] => {
                let inner = std::iter::once("docker-machine env")
                    .chain(rest.iter().copied())
                    .collect::<Vec<_>>()
                    .join(" ");
                Some(vec!["eval".into(), format!("$({inner})")])
            }
            _ => None,
        }
    }

    /// A program with its arguments and standard input (`None`: the terminal).
    pub(super) fn program(&mut self, argv: &[String], stdin: Option<String>) -> Output {
        let Some((program, args)) = argv.split_first() else {
            return Output::default();
        };
        let special_eval = matches!(args, [a] if a.starts_with("$(weave env") || a.starts_with("$(docker-machine env"));
        // A function defined at this prompt comes first, as in every shell.
        if let Some(body) = self.state.functions.get(program.as_str()).cloned() {
            return self.call(program, &body, args, stdin);
        }
        if let Some(o) = self.builtin(program, args, &stdin) {
            return o;
        }
        // Time passes (`periodic.rs`).
        let timed = match program.as_str() {
            "sleep" => self.sleep(args),
            "date" => self.date(args),
            _ => None,
        };
        if let Some(o) = timed {
            return o;
        }
        // Inside a compound command with input (`while …; done < file`), a command without
        // its own reads the same input (`read` consumed what it took).
        let mut stdin = stdin.or_else(|| self.input.clone());
        // `… | nc HOST PORT` to a container listening with `nc -l` (`netcat.rs`).
        if let Some(o) = self.nc_send(argv, stdin.as_deref()) {
            return o;
        }
        match program.as_str() {
            "exit" if self.subshell => {
                let code = args
                    .first()
                    .and_then(|a| a.parse().ok())
                    .unwrap_or(self.state.status);
                self.flow = Some(Flow::Exit);
                return Output {
                    exit_code: code,
                    exit_shell: true,
                    ..Output::default()
                };
            }
            "eval" if !special_eval => {
                let text = args.join(" ");
                return match parse::parse(&text) {
                    Ok(script) => {
                        let mut out = self.run(&script);
                        out.exit_code = self.state.status;
                        out
                    }
                    Err(e) => super::syntax_error(self.dialect(), &e),
                };
            }
            "xargs" if self.has_tool("xargs") => {
                return self.xargs(args, stdin.unwrap_or_default())
            }
            "export" | "unset" => {
                if let Some(o) = self.export(program, args) {
                    return o;
                }
            }
            _ => {}
        }
        if let Some(o) = self.fs_builtin(program, args) {
            return o;
        }
        if let Some(o) = self.sudo_text_tool(program, args, &mut stdin) {
            return o;
        }
        // jq: on a Linux host (the labs that pipe into it install it there).
        if program == "jq" && matches!(self.place, Place::Host { .. }) && self.has_tool("cat") {
            return tools::jq::jq(args, stdin.as_deref(), self);
        }
        if self.has_tool(program) && self.tool_applies(program, args, stdin.is_some()) {
            let flavor = match self.userland() {
                Some(Userland::Alpine | Userland::Busybox) => Flavor::Busybox,
                _ => Flavor::Gnu,
            };
            let stdin = stdin.clone().unwrap_or_default();
            if let Some(o) = tools::run(program, args, &stdin, self, flavor) {
                return o;
            }
        }
        // `sh -c 'a | b'`: a shell the image (or host) has runs the script with the same
        // front-end, in a subshell (its variables do not come back).
        if let [_, flag, script, ..] = argv {
            let base = program.rsplit('/').next().unwrap_or(program);
            if flag == "-c" && matches!(base, "sh" | "ash" | "bash") && self.has_tool(base) {
                return match parse::parse(script) {
                    Ok(parsed) => {
                        let mut state = self.state.clone();
                        let mut inner = self.subshell_of(&mut state);
                        inner.name = args.get(2).cloned();
                        inner.args = args.get(3..).unwrap_or(&[]).to_vec();
                        let mut out = inner.run(&parsed);
                        let (runs, clock) = (inner.runs, inner.process_clock);
                        self.runs = runs;
                        self.process_clock = clock;
                        out.stay_in_terminal();
                        out
                    }
                    Err(e) => super::syntax_error(self.dialect(), &e),
                };
            }
        }
        match self.place {
            Place::Host { user, first_host } => {
                if let (Some(first), ["host", "stop" | "rm", name]) = (
                    first_host,
                    argv.iter()
                        .map(String::as_str)
                        .collect::<Vec<_>>()
                        .as_slice(),
                ) {
                    if first == *name {
                        return crate::cli::tools::ssh::first_host_busy(first);
                    }
                }
                // `… | docker login --password-stdin` reads the pipe.
                if let Some(words) = crate::cli::commands::login::with_stdin(argv, stdin.as_deref())
                {
                    return crate::cli::run_words_as(self.world, self.host, user, &words);
                }
                let dir = self.cwd();
                let out = crate::cli::dispatch::with_client_dir(dir, || {
                    crate::cli::run_words_as(self.world, self.host, user, argv)
                });
                self.save_output(program, out)
            }
            Place::Container(shell) => {
                let out = crate::cli::run_words_in_container(self.world, self.host, shell, argv);
                self.save_output(program, out)
            }
        }
    }

    /// Whether this shell has the text tool `program`: every Linux host; in a container,
    /// what its image ships (busybox has them all; Debian's coreutils and grep).
    pub(super) fn has_tool(&self, program: &str) -> bool {
        let base = program.rsplit('/').next().unwrap_or(program);
        match self.place {
            Place::Host { .. } => {
                let os = self.world.host(self.host).map(|h| h.backend);
                match os {
                    Ok(crate::engine::Backend::Windows) => false,
                    // A Mac's bash: its builtins; the BSD tools' texts are not simulated.
                    Ok(crate::engine::Backend::MacOs) => matches!(
                        base,
                        "echo" | "true" | "false" | "eval" | "export" | "unset"
                    ),
                    _ => tools::TOOLS.contains(&base) || matches!(base, "sh" | "bash"),
                }
            }
            Place::Container(_) => match self.userland() {
                Some(Userland::Alpine | Userland::Busybox) => {
                    tools::TOOLS.contains(&base) || matches!(base, "sh" | "ash")
                }
                // The RPM family has coreutils and bash too.
                Some(Userland::Debian | Userland::Ubuntu | Userland::Fedora) => {
                    tools::TOOLS.contains(&base) || matches!(base, "sh" | "bash")
                }
                _ => false,
            },
        }
    }

    /// `cat` of a file the simulation answers (`/etc/hosts`, `daemon.json`) stays with the
    /// existing tools; a `cat` that reads standard input or a written file comes here. In a
    /// container `echo`, `true` and `false` are the shell's builtins (`cli/shells/container.rs`).
    fn tool_applies(&mut self, program: &str, args: &[String], piped: bool) -> bool {
        match program {
            "cat" => {
                piped
                    || args.is_empty()
                    || args.iter().any(|a| {
                        a == "-" || a == "-n" || {
                            let path = self.absolute(a);
                            self.stored(&path).is_some() || self.in_view(&path)
                        }
                    })
            }
            "echo" | "true" | "false" => matches!(self.place, Place::Host { .. }),
            _ => true,
        }
    }

    /// `export NAME` of a terminal variable moves it into the host's environment; in a
    /// container, `export` and `unset` are the shell's own.
    fn export(&mut self, program: &str, args: &[String]) -> Option<Output> {
        match self.place {
            Place::Container(_) => {
                for arg in args {
                    match (program, arg.split_once('=')) {
                        ("export", Some((name, value))) => {
                            self.state.vars.insert(name.to_string(), value.to_string());
                        }
                        ("unset", _) => {
                            self.state.vars.remove(arg);
                        }
                        _ => {}
                    }
                }
                Some(Output::default())
            }
            Place::Host { .. } => {
                if program == "unset" {
                    for arg in args {
                        self.state.vars.remove(arg);
                    }
                    return None;
                }
                let rewritten: Vec<String> = args
                    .iter()
                    .map(|arg| match self.state.vars.remove(arg) {
                        Some(value) if !arg.contains('=') => format!("{arg}={value}"),
                        _ => arg.clone(),
                    })
                    .collect();
                let mut argv = vec![program.to_string()];
                argv.extend(rewritten);
                let Place::Host { user, .. } = self.place else {
                    return None;
                };
                Some(crate::cli::run_words_as(self.world, self.host, user, &argv))
            }
        }
    }

    fn xargs(&mut self, args: &[String], stdin: String) -> Output {
        let flavor = match self.userland() {
            Some(Userland::Alpine | Userland::Busybox) => Flavor::Busybox,
            _ => Flavor::Gnu,
        };
        let lines = match tools::xargs::command_lines(args, &stdin, flavor) {
            Ok(lines) => lines,
            Err(o) => return o,
        };
        let mut out = Output::default();
        for argv in lines {
            if let Some(stopped) = self.step() {
                out.lines.extend(stopped.lines);
                out.exit_code = stopped.exit_code;
                break;
            }
            let result = self.program(&argv, None);
            out.lines.extend(result.lines);
            out.clear |= result.clear;
            // GNU xargs: 123 when any invocation exited 1–125.
            if result.exit_code != 0 {
                out.exit_code = if (1..=125).contains(&result.exit_code) {
                    123
                } else {
                    result.exit_code
                };
            }
        }
        out
    }
}
