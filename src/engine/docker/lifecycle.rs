//! A container's life after its start: its main process exits or is killed, `docker stop`,
//! `restart`, `kill`, `pause`, `rename`, `rm`, and `docker ps`'s list.
//!
//! Network teardown follows moby `daemon/container_operations.go`: at stop or exit
//! `releaseNetwork` deletes the endpoints and returns the addresses; the restart policy then
//! decides whether the container starts again.

use crate::engine::docker::authz::Action;
use crate::engine::docker::caller::Caller;
use crate::engine::docker::container::{Container, Endpoint, Program, State};
use crate::engine::docker::containers::{resolve_container, valid_container_name};
use crate::engine::docker::ports::{self, Proto};
use crate::engine::hooks::ContainerChange;
use crate::engine::{EngineError, Timestamp, World, STOP_TIMEOUT_SECONDS};

/// One row of `docker ps`: the typed data, formatted by the CLI.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContainerSummary {
    pub id: String,
    pub name: String,
    /// The container's image, parsed at its creation; shown as typed.
    pub image: crate::engine::docker::image::ImageRef,
    pub command: String,
    pub created: Timestamp,
    pub state: State,
    /// What the `PORTS` column shows: published bindings and exposed ports, while running.
    pub ports: Vec<PortEntry>,
    /// Names of the networks joined.
    pub networks: Vec<String>,
    /// The health check's status while it runs (`starting`, `healthy`).
    pub health: Option<&'static str>,
}

/// What `docker kill -s` sends, as far as a process's fate goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Signal {
    /// SIGKILL: cannot be caught.
    Kill,
    /// SIGTERM, SIGINT, SIGQUIT: a server exits; a PID 1 without a handler ignores it.
    Terminate(&'static str),
    /// Anything else (SIGHUP, SIGUSR1…): the process keeps running.
    Other(&'static str),
}

impl Signal {
    /// Parses `KILL`, `SIGKILL`, `9`, … as moby's `signal.ParseSignal` accepts them.
    pub fn parse(text: &str) -> Option<Signal> {
        const NAMES: &[(&str, u8)] = &[
            ("HUP", 1),
            ("INT", 2),
            ("QUIT", 3),
            ("ILL", 4),
            ("TRAP", 5),
            ("ABRT", 6),
            ("BUS", 7),
            ("FPE", 8),
            ("KILL", 9),
            ("USR1", 10),
            ("SEGV", 11),
            ("USR2", 12),
            ("PIPE", 13),
            ("ALRM", 14),
            ("TERM", 15),
            ("CHLD", 17),
            ("CONT", 18),
            ("STOP", 19),
            ("TSTP", 20),
            ("WINCH", 28),
        ];
        let upper = text.to_ascii_uppercase();
        let bare = upper.strip_prefix("SIG").unwrap_or(&upper);
        let name = match bare.parse::<u8>() {
            Ok(n) => NAMES
                .iter()
                .find(|(_, num)| *num == n)
                .map(|(name, _)| *name)?,
            Err(_) => NAMES
                .iter()
                .find(|(name, _)| *name == bare)
                .map(|(name, _)| *name)?,
        };
        Some(match name {
            "KILL" => Signal::Kill,
            "TERM" | "INT" | "QUIT" => Signal::Terminate(name),
            other => Signal::Other(other),
        })
    }
}

/// One port of a container as the API's `Ports` lists it: a binding (with host address and
/// port) or an exposed port alone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PortEntry {
    pub ip: Option<String>,
    pub private_port: u16,
    pub public_port: Option<u16>,
    pub proto: Proto,
}

/// moby `daemon/list.go`: exposed ports without a binding, and every binding. A stopped
/// container, or one on the host's network, shows none.
fn port_entries(c: &Container) -> Vec<PortEntry> {
    if !c.is_running() || c.network_mode == "host" {
        return Vec::new();
    }
    let mut entries: Vec<PortEntry> = c
        .published
        .iter()
        .map(|p| PortEntry {
            ip: Some(p.host_ip.as_text()),
            private_port: p.container_port,
            public_port: Some(p.host_port),
            proto: p.proto,
        })
        .collect();
    for exposed in &c.exposed_ports {
        if let Some((port, proto)) = ports::parse_exposed(exposed) {
            if !c
                .published
                .iter()
                .any(|p| p.container_port == port && p.proto == proto)
            {
                entries.push(PortEntry {
                    ip: None,
                    private_port: port,
                    public_port: None,
                    proto,
                });
            }
        }
    }
    entries
}

impl World {
    /// The main process ended without `docker stop`: its restart policy may start it again.
    /// A long-running process comes back at once, with fresh endpoints (and maybe another
    /// address); one that exits by itself would loop, so it waits in `Restarting` as Docker's
    /// back-off shows it.
    pub(in crate::engine) fn exited_by_itself(
        &mut self,
        host: &str,
        id: &str,
        exit_code: i32,
    ) -> Result<(), EngineError> {
        self.finish(host, id, exit_code)?;
        let Some(c) = self.host(host)?.containers.get(id) else {
            return Ok(()); // --rm removed it
        };
        if !c.restart_policy.restarts(exit_code, c.restart_count) {
            // Out of the restart loop: a later one starts its back-off over.
            if let Some(c) = self.host_mut(host)?.containers.get_mut(id) {
                c.restart_backoff = Default::default();
            }
            return Ok(());
        }
        let long_running = matches!(c.program, Program::Server | Program::Daemonless);
        let now = self.now;
        if let Some(c) = self.host_mut(host)?.containers.get_mut(id) {
            c.restart_count += 1;
            if !long_running {
                // `restart.rs`: the first wait, or the next one when the restart manager
                // started it (it sets when this start was).
                c.restart_backoff = c.restart_backoff.after_exit(now.0.saturating_mul(1000), 0);
                c.state = State::Restarting {
                    exit_code,
                    since: now,
                };
            }
        }
        if long_running {
            self.container_start(host, &Caller::daemon(), id)?;
            self.periodic_replay(host, id);
        }
        Ok(())
    }

    /// The main process exited with `exit_code`: release the endpoints, record the exit.
    fn finish(&mut self, host: &str, id: &str, exit_code: i32) -> Result<(), EngineError> {
        let finished = self.finish_here(host, id, exit_code);
        self.on_container_change(host, ContainerChange::Exited)?;
        finished
    }

    fn finish_here(&mut self, host: &str, id: &str, exit_code: i32) -> Result<(), EngineError> {
        let now = self.now;
        let h = self.host_mut(host)?;
        let Some(container) = h.containers.get_mut(id) else {
            return Err(EngineError::NoSuchContainer(id.to_string()));
        };
        let name = container.name.clone();
        let mut released = Vec::new();
        for (net_id, attachment) in container.networks.iter_mut() {
            if let Some(Endpoint { ip: Some(ip), .. }) = attachment.endpoint.take() {
                released.push((net_id.clone(), ip));
            }
        }
        container.state = State::Exited {
            exit_code,
            finished_at: now,
        };
        // A loop's turns end with its process (`periodic.rs`).
        container.periodic = None;
        let released_ports = std::mem::take(&mut container.published);
        // The namespace dies with the process, and pipework's interfaces with it.
        container.pipework.clear();
        container.host_disk_mounts.clear();
        let auto_remove = container.auto_remove;
        for (net_id, ip) in released {
            if let Some(ipam) = h.networks.get_mut(&net_id).and_then(|n| n.ipam.as_mut()) {
                ipam.release(ip);
            }
        }
        for p in released_ports {
            if let Some(owners) = h.bindings.get_mut(&(p.proto, p.host_port)) {
                owners.retain(|(ip, owner)| !(owner == id && *ip == p.host_ip));
                if owners.is_empty() {
                    h.bindings.remove(&(p.proto, p.host_port));
                }
            }
        }
        self.emit(host, "container", "die", id, &name);
        if auto_remove {
            self.remove_stopped(host, id)?;
        }
        Ok(())
    }

    fn remove_stopped(&mut self, host: &str, id: &str) -> Result<(), EngineError> {
        let h = self.host_mut(host)?;
        let removed = h.containers.remove(id);
        if let Some(c) = &removed {
            h.creation_order.remove(&c.sequence);
            h.names.remove(&c.name);
        }
        let image = removed.as_ref().map(|c| c.image.as_typed().to_string());
        let (name, mounts, auto_remove) = removed
            .map(|c| (c.name, c.mounts, c.auto_remove))
            .unwrap_or_default();
        self.emit_with(host, "container", "destroy", id, &name, image);
        self.on_container_change(host, ContainerChange::Removed { id })?;
        // `--rm` takes the container's anonymous volumes along (moby `daemon/delete.go`).
        if auto_remove {
            self.remove_anonymous_volumes(host, &mounts)?;
        }
        Ok(())
    }

    /// `POST /containers/{id}/stop`: SIGTERM, then SIGKILL after the grace period. A process
    /// that ignores SIGTERM makes the stop take the full 10 seconds of the logical clock and
    /// exits 137 (128 + SIGKILL). Stopping a stopped container succeeds and does nothing.
    pub fn container_stop(
        &mut self,
        host: &str,
        caller: &Caller,
        key: &str,
    ) -> Result<(), EngineError> {
        self.authorize_plain(host, caller, Action::ContainerStop)?;
        let h = self.host(host)?;
        let id = resolve_container(h, key)?;
        let Some(container) = h.containers.get(&id) else {
            return Err(EngineError::NoSuchContainer(key.to_string()));
        };
        if let State::Restarting { exit_code, since } = container.state {
            // `docker stop` cancels the pending restart (and its restart manager: a later
            // one waits 100 ms first again).
            if let Some(c) = self.host_mut(host)?.containers.get_mut(&id) {
                c.restart_backoff = Default::default();
                c.state = State::Exited {
                    exit_code,
                    finished_at: since,
                };
            }
            return Ok(());
        }
        if !container.is_running() {
            return Ok(());
        }
        let name = container.name.clone();
        let exit_code = match container.program {
            Program::Server if !container.ignores_sigterm() => 0,
            _ => {
                self.tick(STOP_TIMEOUT_SECONDS);
                137
            }
        };
        self.emit(host, "container", "kill", &id, &name);
        self.emit(host, "container", "stop", &id, &name);
        self.finish(host, &id, exit_code)?;
        Ok(())
    }

    /// `DELETE /containers/{id}`. A running container needs `force` (which kills it first).
    pub fn container_remove(
        &mut self,
        host: &str,
        caller: &Caller,
        key: &str,
        force: bool,
        volumes: bool,
    ) -> Result<(), EngineError> {
        self.authorize_plain(host, caller, Action::ContainerDelete)?;
        let h = self.host(host)?;
        let id = resolve_container(h, key)?;
        let Some(container) = h.containers.get(&id) else {
            return Err(EngineError::NoSuchContainer(key.to_string()));
        };
        if container.is_running() {
            if !force {
                return Err(EngineError::RemoveRunning(key.to_string()));
            }
            self.finish(host, &id, 137)?;
            if !self.host(host)?.containers.contains_key(&id) {
                return Ok(()); // it was --rm: the exit removed it already
            }
        }
        let mounts = self
            .host(host)?
            .containers
            .get(&id)
            .map(|c| c.mounts.clone())
            .unwrap_or_default();
        self.remove_stopped(host, &id)?;
        if volumes {
            self.remove_anonymous_volumes(host, &mounts)?;
        }
        Ok(())
    }

    /// The container's main process ended by itself (the learner typed `exit` in the shell
    /// that `docker run -it` opened): the container stops with that code.
    pub fn container_process_exit(
        &mut self,
        host: &str,
        key: &str,
        exit_code: i32,
    ) -> Result<(), EngineError> {
        let id = resolve_container(self.host(host)?, key)?;
        if self
            .host(host)?
            .containers
            .get(&id)
            .is_some_and(Container::is_running)
        {
            self.exited_by_itself(host, &id, exit_code)?;
        }
        Ok(())
    }

    /// `POST /containers/{id}/restart`: stop if running (with the same grace period), then start.
    pub fn container_restart(
        &mut self,
        host: &str,
        caller: &Caller,
        key: &str,
    ) -> Result<(), EngineError> {
        self.authorize_plain(host, caller, Action::ContainerRestart)?;
        self.container_stop(host, &Caller::daemon(), key)?;
        let id = resolve_container(self.host(host)?, key)?;
        self.container_start(host, &Caller::daemon(), &id)?;
        if let Some(c) = self.host(host)?.containers.get(&id) {
            let name = c.name.clone();
            self.emit(host, "container", "restart", &id, &name);
        }
        Ok(())
    }

    /// `POST /containers/{id}/kill`: sends a signal. SIGKILL always ends the process (137); a
    /// terminating signal ends a server cleanly (0) and is ignored by a PID 1 with no handler;
    /// others (HUP, USR1…) leave it running.
    pub fn container_kill(
        &mut self,
        host: &str,
        caller: &Caller,
        key: &str,
        signal: Signal,
    ) -> Result<(), EngineError> {
        self.authorize_plain(host, caller, Action::ContainerKill)?;
        let h = self.host(host)?;
        let id = resolve_container(h, key)?;
        let Some(container) = h.containers.get(&id) else {
            return Err(EngineError::NoSuchContainer(key.to_string()));
        };
        if !container.is_running() {
            return Err(EngineError::KillNotRunning {
                name: key.to_string(),
                id: id.clone(),
            });
        }
        let name = container.name.clone();
        let exit = match (signal, &container.program) {
            (Signal::Kill, _) => Some(137),
            (Signal::Terminate(_), Program::Server) if !container.ignores_sigterm() => Some(0),
            _ => None,
        };
        self.emit(host, "container", "kill", &id, &name);
        if let (Signal::Terminate(signal), Some(0)) = (signal, exit) {
            // The server writes its shutdown lines as it goes.
            let now = self.now;
            let program = self
                .host(host)?
                .containers
                .get(&id)
                .map(|c| self.container_program(c).0.to_string())
                .unwrap_or_default();
            if let Some(c) = self.host_mut(host)?.containers.get_mut(&id) {
                let lines = crate::engine::docker::shutdown::shutdown_log(&program, now, signal);
                c.logs.extend(lines);
            }
        }
        if let Some(code) = exit {
            // `docker kill` is not `docker stop`: the restart policy applies.
            self.exited_by_itself(host, &id, code)?;
        }
        Ok(())
    }

    /// `POST /containers/{id}/pause` (`pause == true`) and `/unpause`.
    pub fn container_pause(
        &mut self,
        host: &str,
        caller: &Caller,
        key: &str,
        pause: bool,
    ) -> Result<(), EngineError> {
        self.authorize_plain(
            host,
            caller,
            if pause {
                Action::ContainerPause
            } else {
                Action::ContainerUnpause
            },
        )?;
        let h = self.host(host)?;
        let id = resolve_container(h, key)?;
        let Some(container) = h.containers.get(&id) else {
            return Err(EngineError::NoSuchContainer(key.to_string()));
        };
        match (&container.state, pause) {
            (State::Running { paused: true, .. }, true) => {
                return Err(EngineError::AlreadyPaused(id.clone()))
            }
            (State::Running { paused: false, .. }, false) => {
                return Err(EngineError::NotPaused(id.clone()))
            }
            (State::Running { .. }, _) => {}
            _ => return Err(EngineError::NotRunning(id.clone())),
        }
        let name = container.name.clone();
        if let Some(State::Running { paused, .. }) = self
            .host_mut(host)?
            .containers
            .get_mut(&id)
            .map(|c| &mut c.state)
        {
            *paused = pause;
        }
        self.emit(
            host,
            "container",
            if pause { "pause" } else { "unpause" },
            &id,
            &name,
        );
        Ok(())
    }

    /// `POST /containers/{id}/rename`.
    pub fn container_rename(
        &mut self,
        host: &str,
        caller: &Caller,
        key: &str,
        new_name: &str,
    ) -> Result<(), EngineError> {
        self.authorize_plain(host, caller, Action::ContainerRename)?;
        let h = self.host(host)?;
        let id = resolve_container(h, key)?;
        let new_name = new_name.strip_prefix('/').unwrap_or(new_name);
        let Some(container) = h.containers.get(&id) else {
            return Err(EngineError::NoSuchContainer(key.to_string()));
        };
        if container.name == new_name {
            return Err(EngineError::RenameSameName);
        }
        if !valid_container_name(new_name) {
            return Err(EngineError::RenameInvalid(new_name.to_string()));
        }
        if let Some(other) = h.names.get(new_name) {
            return Err(EngineError::NameConflict {
                name: new_name.to_string(),
                id: other.clone(),
            });
        }
        let old_name = container.name.clone();
        let h = self.host_mut(host)?;
        h.names.remove(&old_name);
        h.names.insert(new_name.to_string(), id.clone());
        if let Some(c) = h.containers.get_mut(&id) {
            c.name = new_name.to_string();
        }
        self.emit(host, "container", "rename", &id, new_name);
        Ok(())
    }

    /// `GET /containers/json`: newest first; stopped ones only with `all`.
    pub fn container_list(
        &self,
        host: &str,
        caller: &Caller,
        all: bool,
    ) -> Result<Vec<ContainerSummary>, EngineError> {
        self.authorize_plain(host, caller, Action::ContainerList)?;
        let h = self.host(host)?;
        Ok(h.containers_in_order()
            .rev()
            // moby `SetRestarting` keeps `Running` true: `docker ps` lists a restarting one.
            .filter(|c| all || c.is_running() || matches!(c.state, State::Restarting { .. }))
            .map(|c| ContainerSummary {
                id: c.id.clone(),
                name: c.name.clone(),
                image: c.image.clone(),
                command: c.command_line(),
                created: c.created,
                state: c.state.clone(),
                ports: port_entries(c),
                networks: c
                    .networks
                    .values()
                    .map(|a| a.network_name.clone())
                    .collect(),
                health: c.health_status(self.now),
            })
            .collect())
    }
}
