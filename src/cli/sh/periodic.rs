//! Time passing for scripts: `sleep` moves the logical clock, and a container's main process
//! that loops and sleeps (`while true; do date; sleep 1; done`, Docker's
//! `while true; do echo hello world; sleep 1; done`) prints one turn of its loop each time
//! the clock reaches it.
//!
//! Contract:
//! - `sleep N` typed at a prompt (a host's, a container's shell, `docker exec`) moves the
//!   world's clock by N seconds ([`advance`]; at most a day, with a `berth:` line beyond), then
//!   runs the loops whose turns came due. In a main process's script it moves that script's
//!   own clock (`Runner::process_clock`) instead: `docker run -d` comes back at once.
//! - A main process whose script has a loop plays its items before the
//!   loop at once, then its turns: each turn (the condition, then the body) runs with the
//!   variables the last one left, at the second it is due, `date` printing that second; the
//!   sleeps it took decide when the next is due. The engine keeps the record between turns
//!   (`engine/docker/periodic.rs`: variables, next due second); this file runs them, from
//!   [`advance`], which the session calls for every second it lets pass.
//! - A loop whose first turn does not sleep is no clock: it runs as before, bounded by
//!   `MAX_RUNS`, and a container whose loop never ends keeps running.
//! - The loop ending (its condition, `break`, `exit`) ends the process with the loop's
//!   status, as Docker's container exits.
//!
//! - The loop is the script's last top-level `while`, `until` or `for` loop; a `for` loop's
//!   words are expanded once, at its start, and each turn takes the next value. When the loop
//!   ends, the commands after it run in that turn.
//!
//! Not simulated: the items before the loop run whole at the start (their sleeps only delay
//! the first turn); a loop nested in another command prints at once as before; turns of a
//! `while` loop fallen more than `MAX_TURNS_PER_ADVANCE` behind are skipped.

use super::control::LoopStep;
use super::exec::{Flow, Place, Runner, ShellState};
use super::parse::{Command, Compound, Script};
use crate::cli::{EnterShell, Output};
use crate::engine::clock::Timestamp;
use crate::engine::docker::periodic::{Periodic, Turn, MAX_TURNS_PER_ADVANCE};
use crate::engine::World;

/// Lets `seconds` of logical time pass, then runs every container loop turn that came due.
pub fn advance(world: &mut World, seconds: u64) {
    world.tick(seconds);
    run_due(world);
}

/// Runs the turns that are due by now, in every container whose main process loops.
pub fn run_due(world: &mut World) {
    for (host, id) in world.periodic_due() {
        catch_up(world, &host, &id);
    }
}

/// A main process's script `sh -c SCRIPT`, at its start: what it printed by now. A script
/// without a loop whose turns sleep runs whole, at once.
pub fn start(world: &mut World, host: &str, id: &str, shell: &str, script: &Script) -> Output {
    let now = world.now();
    let session = session(id, shell);
    let mut state = ShellState::default();
    let mut out = Output::default();
    let Some(parts) = split(script) else {
        // Any other script runs whole, its sleeps on its own clock: `docker run -d` returns
        // at once.
        let mut runner = Runner::new(world, host, Place::Container(&session), &mut state);
        runner.subshell = true;
        // Without `-t` its output is a pipe to the log: `ls` writes one name a line.
        runner.piped = !runner.world.container_lookup(host, id).is_ok_and(|c| c.tty);
        runner.process_clock = Some(now.0);
        let mut out = runner.run(script);
        out.stay_in_terminal();
        return out;
    };
    let (clock, values) = {
        let mut runner = Runner::new(world, host, Place::Container(&session), &mut state);
        runner.subshell = true;
        // Without `-t` its output is a pipe to the log: `ls` writes one name a line.
        runner.piped = !runner.world.container_lookup(host, id).is_ok_and(|c| c.tty);
        runner.process_clock = Some(now.0);
        runner.run_list(&parts.prefix, &mut out);
        if runner.flow.is_some() {
            // `exit` before the loop: the process ends there.
            out.exit_code = runner.state.status;
            out.stay_in_terminal();
            return out;
        }
        // A `for` loop's words are expanded once, as it starts.
        let values = match parts.looped {
            Loop::For { words, .. } => Some(match words {
                Some(words) => {
                    let mut values = Vec::new();
                    for word in words {
                        values.extend(runner.fields(word, &mut out));
                    }
                    values
                }
                None => Vec::new(),
            }),
            Loop::While { .. } => None,
        };
        (runner.process_clock.unwrap_or(now.0), values)
    };
    let mut periodic = Periodic {
        next: Timestamp(clock),
        period: 1,
        vars: state.vars.clone(),
        cwd: state.cwd.clone(),
        values,
        fresh: false,
    };
    let mut first = true;
    for _ in 0..MAX_TURNS_PER_ADVANCE {
        if periodic.next > now {
            break;
        }
        let at = periodic.next;
        let turned = turn(world, host, id, shell, script, &periodic);
        out.lines.extend(turned.output.lines);
        match turned.next {
            Some(next) if next.next == at && first => {
                // The first turn took no time: a busy loop, run on as any script (bounded).
                let rest = Script {
                    items: script.items.get(parts.index..).unwrap_or_default().to_vec(),
                };
                let rest = match (&parts.looped, next.values) {
                    // The `for` loop goes on with the values it has left.
                    (Loop::For { name, body, .. }, Some(values)) => {
                        let mut items = vec![for_item(name, &values, body)];
                        items.extend(rest.items.into_iter().skip(1));
                        Script { items }
                    }
                    _ => rest,
                };
                let mut state = ShellState {
                    vars: next.vars,
                    cwd: next.cwd,
                    ..ShellState::default()
                };
                let mut runner = Runner::new(world, host, Place::Container(&session), &mut state);
                runner.subshell = true;
                // Without `-t` its output is a pipe to the log: `ls` writes one name a line.
                runner.piped = !runner.world.container_lookup(host, id).is_ok_and(|c| c.tty);
                runner.process_clock = Some(at.0);
                let mut rest_out = runner.run(&rest);
                rest_out.stay_in_terminal();
                out.lines.extend(rest_out.lines);
                out.exit_code = rest_out.exit_code;
                return out;
            }
            Some(next) => periodic = next,
            None => {
                out.exit_code = turned.output.exit_code;
                return out;
            }
        }
        first = false;
    }
    // The process runs on: the turns to come are the clock's.
    let _ = world.container_set_periodic(host, id, Some(periodic));
    out.lines.push(crate::cli::Line {
        stream: crate::cli::Stream::Stderr,
        text: RUNS_ON.to_string(),
    });
    out
}

/// `for NAME in VALUES…; do BODY; done`, the values quoted: the rest of a busy `for` loop.
fn for_item(name: &str, values: &[String], body: &Script) -> super::ast::Item {
    let words = values
        .iter()
        .map(|v| super::ast::Word(vec![super::ast::Part::Quoted(v.clone())]))
        .collect();
    super::ast::Item {
        first: super::ast::Pipeline {
            negated: false,
            commands: vec![Command::Compound(
                Box::new(Compound::For {
                    name: name.to_string(),
                    words: Some(words),
                    body: body.clone(),
                }),
                Vec::new(),
            )],
        },
        rest: Vec::new(),
        background: false,
    }
}

/// The marker [`start`] leaves after the turns it ran: the process runs on
/// (`shells/container.rs`'s `never_ends`, which cuts it from the log).
pub const RUNS_ON: &str = "berth: the loop runs on, one turn as its sleeps pass";

/// Runs the container's due turns through the daemon, which keeps each turn's lines at its
/// second and ends the process when the script ends.
fn catch_up(world: &mut World, host: &str, id: &str) {
    let Some(periodic) = world.container_periodic(host, id).cloned() else {
        return;
    };
    if periodic.fresh {
        // The daemon restarted it: the script plays again from its start.
        let _ = world.container_set_periodic(host, id, None);
        let played = crate::cli::shells::container::run_main_tool(world, host, id);
        drop(played);
        return;
    }
    let Some((shell, script)) = main_script(world, host, id) else {
        let _ = world.container_set_periodic(host, id, None);
        return;
    };
    let now = world.now();
    // Fallen far behind (a long sleep): the oldest turns of a `while` loop are skipped.
    let behind = now.0.saturating_sub(periodic.next.0) / periodic.period.max(1);
    if behind >= MAX_TURNS_PER_ADVANCE && periodic.values.is_none() {
        let skip = (behind + 1 - MAX_TURNS_PER_ADVANCE).saturating_mul(periodic.period.max(1));
        let mut skipped = periodic;
        skipped.next = Timestamp(skipped.next.0.saturating_add(skip));
        let _ = world.container_set_periodic(host, id, Some(skipped));
    }
    for _ in 0..MAX_TURNS_PER_ADVANCE {
        let went_on = world.container_turn(host, id, |world, periodic| {
            if periodic.next > now {
                return None;
            }
            let at = periodic.next;
            let turned = turn(world, host, id, &shell, &script, periodic);
            let next = turned.next.map(|mut next| {
                // A turn that took no time waits a second: the clock must move.
                if next.next <= at {
                    next.next = Timestamp(at.0.saturating_add(1));
                }
                next
            });
            Some(Turn {
                lines: turned.output.lines.into_iter().map(|l| l.text).collect(),
                at,
                next,
                exit_code: turned.output.exit_code,
            })
        });
        if !went_on {
            return;
        }
    }
}

/// What one turn did: its output, and the record for the next (`None`: the script ended,
/// the output's status is the process's).
struct Turned {
    output: Output,
    next: Option<Periodic>,
}

/// One turn of the script's loop, at `periodic.next`, with its variables; when the loop
/// ends, the rest of the script runs in the same turn.
fn turn(
    world: &mut World,
    host: &str,
    id: &str,
    shell: &str,
    script: &Script,
    periodic: &Periodic,
) -> Turned {
    let Some(parts) = split(script) else {
        return Turned {
            output: Output::default(),
            next: None,
        };
    };
    let session = session(id, shell);
    let mut state = ShellState {
        vars: periodic.vars.clone(),
        cwd: periodic.cwd.clone(),
        ..ShellState::default()
    };
    let mut out = Output::default();
    let mut values = periodic.values.clone();
    let (ended, clock) = {
        let mut runner = Runner::new(world, host, Place::Container(&session), &mut state);
        runner.subshell = true;
        // Without `-t` its output is a pipe to the log: `ls` writes one name a line.
        runner.piped = !runner.world.container_lookup(host, id).is_ok_and(|c| c.tty);
        runner.process_clock = Some(periodic.next.0);
        runner.loops = 1;
        let go = match parts.looped {
            Loop::While {
                until, condition, ..
            } => {
                runner.run_list(condition, &mut out);
                runner.take_loop_flow() == LoopStep::Next && (runner.state.status == 0) != until
            }
            Loop::For { name, .. } => match values.as_mut().filter(|v| !v.is_empty()) {
                Some(left) => {
                    let value = left.remove(0);
                    runner.set_var(name, &value);
                    true
                }
                None => false,
            },
        };
        let mut ended = !go;
        if go {
            runner.run_list(parts.looped.body(), &mut out);
            ended = runner.take_loop_flow() == LoopStep::Leave
                || matches!(runner.flow, Some(Flow::Exit | Flow::Abort | Flow::Return));
        } else {
            runner.state.status = 0;
        }
        if ended {
            // The loop is over: the rest of the script runs, then the process ends.
            runner.loops = 0;
            if runner.flow.is_none() {
                runner.run_list(&parts.suffix, &mut out);
            }
        }
        (ended, runner.process_clock.unwrap_or(periodic.next.0))
    };
    out.stay_in_terminal();
    out.exit_code = state.status;
    let next = (!ended).then(|| Periodic {
        next: Timestamp(clock),
        period: clock.saturating_sub(periodic.next.0).max(1),
        vars: state.vars,
        cwd: state.cwd,
        values,
        fresh: false,
    });
    Turned { output: out, next }
}

/// The loop of a script that runs as the clock passes.
enum Loop<'a> {
    While {
        until: bool,
        condition: &'a Script,
        body: &'a Script,
    },
    For {
        name: &'a str,
        words: Option<&'a Vec<super::ast::Word>>,
        body: &'a Script,
    },
}

impl Loop<'_> {
    fn body(&self) -> &Script {
        match self {
            Loop::While { body, .. } | Loop::For { body, .. } => body,
        }
    }
}

/// A script split at its last top-level loop run in the foreground.
struct Parts<'a> {
    prefix: Script,
    /// Where the loop is among the script's items.
    index: usize,
    looped: Loop<'a>,
    suffix: Script,
}

fn split(script: &Script) -> Option<Parts<'_>> {
    let (index, looped) = script
        .items
        .iter()
        .enumerate()
        .rev()
        .find_map(|(i, item)| {
            if item.background || !item.rest.is_empty() || item.first.negated {
                return None;
            }
            let [Command::Compound(compound, redirects)] = item.first.commands.as_slice() else {
                return None;
            };
            if !redirects.is_empty() {
                return None;
            }
            match compound.as_ref() {
                Compound::While {
                    until,
                    condition,
                    body,
                } => Some((
                    i,
                    Loop::While {
                        until: *until,
                        condition,
                        body,
                    },
                )),
                Compound::For { name, words, body } => Some((
                    i,
                    Loop::For {
                        name,
                        words: words.as_ref(),
                        body,
                    },
                )),
                _ => None,
            }
        })?;
    Some(Parts {
        prefix: Script {
            items: script.items.get(..index).unwrap_or_default().to_vec(),
        },
        index,
        looped,
        suffix: Script {
            items: script.items.get(index + 1..).unwrap_or_default().to_vec(),
        },
    })
}

/// The container's main process as `(shell, parsed script)` when it is `sh -c SCRIPT`.
fn main_script(world: &World, host: &str, id: &str) -> Option<(String, Script)> {
    let c = world.container_lookup(host, id).ok()?;
    let mut argv: Vec<&str> = vec![c.path.as_str()];
    argv.extend(c.args.iter().map(String::as_str));
    if argv.len() > 1
        && argv
            .first()
            .is_some_and(|p| p.ends_with("docker-entrypoint.sh"))
    {
        argv.remove(0);
    }
    let [program, "-c", script, ..] = argv.as_slice() else {
        return None;
    };
    let base = program.rsplit('/').next().unwrap_or(program).to_string();
    let parsed = super::parse::parse(script).ok()?;
    Some((base, parsed))
}

/// The shell a main process's script runs in: no terminal, the container's own user.
fn session(id: &str, shell: &str) -> EnterShell {
    EnterShell {
        container_id: id.to_string(),
        shell: shell.to_string(),
        main_process: false,
        prompt: String::new(),
        user: None,
        workdir: None,
    }
}

impl Runner<'_> {
    /// `sleep N` typed in a shell: a main process's script moves its own clock; anywhere
    /// else the world's clock moves. `None`: not this shell's `sleep` to take (`infinity`,
    /// a Windows shell), or a wording the shell's own `sleep` gives.
    pub(super) fn sleep(&mut self, args: &[String]) -> Option<Output> {
        if args.iter().any(|a| a == "infinity" || a == "inf") {
            return None;
        }
        match self.place {
            Place::Host { .. } => {
                let linux = self
                    .world
                    .host(self.host)
                    .is_ok_and(|h| h.backend != crate::engine::Backend::Windows);
                if !linux {
                    return None;
                }
            }
            Place::Container(_) => {
                let has = self.userland().is_some_and(|u| u.has("sleep"));
                if !has {
                    return None;
                }
            }
        }
        let words: Vec<&str> = args.iter().map(String::as_str).collect();
        let seconds = match crate::cli::tools::sleep::duration(&words) {
            Ok(seconds) => seconds,
            // busybox words its errors its own way: the shell's `sleep` answers.
            Err(o) if matches!(self.place, Place::Host { .. }) => return Some(o),
            Err(_) => return None,
        };
        if let Some(clock) = self.process_clock.as_mut() {
            *clock = clock.saturating_add(seconds.min(crate::cli::tools::sleep::MAX_SLEEP_SECONDS));
            return Some(Output::default());
        }
        let mut o = Output::default();
        if seconds > crate::cli::tools::sleep::MAX_SLEEP_SECONDS {
            o.err(crate::cli::tools::sleep::SLEEP_CLAMPED);
        }
        // The terminal's own second for the command is added by the session.
        let seconds = seconds.min(crate::cli::tools::sleep::MAX_SLEEP_SECONDS);
        advance(self.world, seconds.saturating_sub(1));
        Some(o)
    }

    /// `date` (or `date -u`): in a main process's script, the second its own clock is at; at
    /// a Linux host's prompt, the logical clock's (coreutils' default format in the C locale,
    /// the hosts' zone is UTC). Elsewhere the shell's own `date` answers.
    pub(super) fn date(&self, args: &[String]) -> Option<Output> {
        if !args.iter().all(|a| a == "-u") {
            return None;
        }
        let at = match (self.place, self.process_clock) {
            (Place::Container(_), Some(clock)) => Timestamp(clock),
            (Place::Host { .. }, _) => {
                let linux = self
                    .world
                    .host(self.host)
                    .is_ok_and(|h| h.backend == crate::engine::Backend::Linux);
                if !linux {
                    return None;
                }
                self.world.now()
            }
            _ => return None,
        };
        let mut o = Output::default();
        o.out(crate::cli::shells::container::c_locale_date(at));
        Some(o)
    }
}
