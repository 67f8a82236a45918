//! The netcat chat of networking tutorials: a container listens (`docker run -d --name server
//! alpine nc -l -p 1234`), another shell pipes lines into `nc server 1234`, and the listener
//! prints them (`docker logs server`).
//!
//! Contract: `nc HOST PORT` with data on its standard input first connects as any `nc` does
//! (the same path, names and firewalls: `nc -z` decides); when it opens and a container of
//! the host listens there with `nc -l` as its main process, the lines become that
//! container's output, and the listener exits 0 once the sender is done (it stays with
//! `-k`). The sender prints nothing. Bounded by the shell's output bound.
//!
//! Not simulated: a listener at a prompt, typing into a connection, replies from the
//! listener, UDP.

use super::exec::{Place, Runner};
use crate::cli::Output;

impl Runner<'_> {
    /// `… | nc HOST PORT` to a listening container; `None` when this is not such a send.
    pub(super) fn nc_send(&mut self, argv: &[String], stdin: Option<&str>) -> Option<Output> {
        let data = stdin?;
        let (program, args) = argv.split_first()?;
        if program.rsplit('/').next() != Some("nc") {
            return None;
        }
        // Only `nc [-v] [-w N] [-q N] [-N] HOST PORT` sends; anything else is nc's own.
        let mut words = Vec::new();
        let mut it = args.iter();
        while let Some(a) = it.next() {
            match a.as_str() {
                "-w" | "-q" | "-i" => {
                    let _ = it.next();
                }
                flag if flag.starts_with('-') => {
                    if !flag
                        .chars()
                        .skip(1)
                        .all(|c| matches!(c, 'v' | 'N' | 'n' | '4'))
                    {
                        return None;
                    }
                }
                word => words.push(word.to_string()),
            }
        }
        let [target, port] = words.as_slice() else {
            return None;
        };
        let port_no: u16 = port.parse().ok()?;
        let listener = self.listener(target, port_no)?;
        // The connection opens as `nc -z` finds it (names, routes, firewalls).
        let probe: Vec<String> = ["nc", "-z", target.as_str(), port.as_str()]
            .iter()
            .map(ToString::to_string)
            .collect();
        let opened = match self.place {
            Place::Host { user, .. } => {
                crate::cli::run_words_as(self.world, self.host, user, &probe)
            }
            Place::Container(shell) => {
                crate::cli::run_words_in_container(self.world, self.host, shell, &probe)
            }
        };
        if opened.exit_code != 0 {
            return None;
        }
        let lines: Vec<String> = data.lines().map(str::to_string).collect();
        let keeps = self
            .world
            .container_lookup(self.host, &listener)
            .is_ok_and(|c| crate::cli::tools::nc::keeps_listening(&c.args));
        // The sender closes the connection: `nc -l` prints what came and is done (not `-k`).
        let _ = self
            .world
            .container_connection(self.host, &listener, lines, keeps);
        Some(Output::default())
    }

    /// The running container of this host that listens with `nc -l` on `port` and answers to
    /// `target` (its name, hostname, a network alias or an address).
    fn listener(&self, target: &str, port: u16) -> Option<String> {
        let h = self.world.host(self.host).ok()?;
        h.containers
            .values()
            .filter(|c| c.is_running() && !c.is_paused())
            .filter(|c| crate::cli::tools::nc::listen_port(&c.path, &c.args) == Some(port))
            .find(|c| {
                c.name == target
                    || c.hostname == target
                    || c.networks.values().any(|a| {
                        a.aliases.iter().any(|x| x == target)
                            || a.endpoint
                                .as_ref()
                                .and_then(|e| e.ip)
                                .is_some_and(|ip| ip.to_string() == target)
                    })
            })
            .map(|c| c.id.clone())
    }
}
