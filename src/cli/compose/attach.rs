//! What keeps running in the foreground after `docker compose up` (without `-d`) and `docker
//! compose logs -f`: the services' output, prefixed `web-1  | `, until the containers stop or
//! Ctrl-C. Built on the session's follow API (`cli/follow.rs`): [`ComposeUp`] is the state of
//! one attached `up`, polled on every tick of the logical clock.
//!
//! Texts: docker/compose v2.40.3 `pkg/compose/attach.go` (`Attaching to web-1, db-1`),
//! `printer.go` (`web-1 exited with code 0`), `up.go` (`Gracefully Stopping... press Ctrl+C
//! again to force`, then the stop's progress block); `cmd/compose/compose.go` turns the
//! interrupted command into status 130, printing nothing more.
//!
//! Not simulated: a second Ctrl-C (the first one always ends the follow here, since every
//! container stops at once on the logical clock), `--abort-on-container-exit`, `--attach`.

use super::output::{Event, Progress};
use crate::cli::follow::{LogSource, Polled};
use crate::cli::Output;
use crate::engine::docker::caller::Caller;
use crate::engine::docker::lifecycle::Signal;
use crate::engine::World;

/// One attached container: its output cursor and its name without the project.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attached {
    pub source: LogSource,
    pub short_name: String,
    /// Its full name, for the stop's progress line.
    pub name: String,
    /// `exited with code N` was already printed.
    pub exited: bool,
}

/// An attached `docker compose up`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ComposeUp {
    /// In start order.
    pub containers: Vec<Attached>,
}

impl ComposeUp {
    /// Each container's new lines, then `NAME exited with code N` for one that stopped.
    /// Ends (status 0) once none runs: Compose returns when every attached container exited.
    pub fn poll(&mut self, world: &mut World, host: &str) -> Polled {
        let mut output = Output::default();
        let mut running = false;
        for c in &mut self.containers {
            match c.source.poll(world, host, &mut output) {
                None => running = true,
                Some(code) if !c.exited => {
                    c.exited = true;
                    output.out(format!("{} exited with code {code}", c.short_name));
                }
                Some(_) => {}
            }
        }
        Polled {
            output,
            ended: !running,
            replaces: 0,
        }
    }

    /// Ctrl-C: Compose stops the services (last started first), shows what they printed on
    /// the way out, and the command ends with status 130.
    pub fn interrupt(&mut self, world: &mut World, host: &str, caller: &Caller) -> Polled {
        let mut output = Output::default();
        output.out("Gracefully Stopping... press Ctrl+C again to force");
        let mut progress = Progress::new("Stopping");
        for c in self.containers.iter().rev() {
            let running = world
                .container_lookup(host, &c.source.container_id)
                .is_ok_and(|x| x.is_running());
            // `docker stop` sends SIGTERM first: a server writes its shutdown lines.
            let id = &c.source.container_id;
            let term = Signal::parse("TERM").unwrap_or(Signal::Terminate("TERM"));
            let _ = running && world.container_kill(host, caller, id, term).is_ok();
            let still = world
                .container_lookup(host, id)
                .is_ok_and(|x| x.is_running());
            if running && (!still || world.container_stop(host, caller, id).is_ok()) {
                progress.push(Event::done(format!("Container {}", c.name), "Stopped", 3));
            }
        }
        let mut rest = self.poll(world, host).output;
        output.lines.append(&mut rest.lines);
        for line in progress.render() {
            output.err(line);
        }
        output.exit_code = 130;
        Polled {
            output,
            ended: true,
            replaces: 0,
        }
    }
}
