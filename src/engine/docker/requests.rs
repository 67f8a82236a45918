//! The Engine API's requests that read one container or image (`GET /containers/{id}/json`,
//! `/logs`, `/top`, `/images/{name}/history`) or talk to its process (`attach`, `wait`,
//! `exec`), `POST /containers/prune`, the inspect reads of a network, an image or a volume,
//! and the daemon's own `GET /version`, `/info` and `/events`: each asks the authorization
//! plugins first, as the daemon's middleware does, then answers from the world.
//!
//! Contract:
//! - The caller's request is authorized before the object is looked up: a refused request
//!   answers the plugin's refusal even for a name that does not exist.
//! - These return the objects themselves; the cli writes them as docker/cli does.
//! - A container's main process that is one of its image's tools is played by whoever knows
//!   the tools ([`World::container_run_tool`] takes it as a function); the daemon records
//!   what it printed as the container's logs and ends the process with its status.

use crate::engine::docker::authz::Action;
use crate::engine::docker::caller::Caller;
use crate::engine::docker::container::{Container, Program};
use crate::engine::docker::image::ImageRef;
use crate::engine::docker::images::Image;
use crate::engine::docker::network::Network;
use crate::engine::docker::processes::Process;
use crate::engine::docker::volumes::Volume;
use crate::engine::{EngineError, Event, Host, State, World};

/// What a container's main tool did, as the one who played it reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ToolRun<T> {
    /// The lines it printed, in order: the container's logs.
    pub logs: Vec<String>,
    pub exit_code: i32,
    /// What the player keeps for itself (the cli: its rendered output).
    pub shown: T,
    /// `Some`: the program did not end; it runs on as a server answering this (a sample
    /// app, `engine::docker::apps`), and `exit_code` is not used.
    pub serves: Option<crate::engine::docker::image::Service>,
    /// The program did not end and serves nothing: it waits until stopped (`tail -f
    /// /dev/null`, `sleep infinity`, `while true; do sleep 1; done`), so the container stays
    /// up and `docker stop` kills it after the grace period, as PID 1 ignores SIGTERM.
    pub runs_on: bool,
}

impl World {
    /// `GET /containers/{id}/json`: `docker inspect`, `docker port`.
    pub fn container_inspect(
        &self,
        host: &str,
        caller: &Caller,
        key: &str,
    ) -> Result<&Container, EngineError> {
        self.authorize_plain(host, caller, Action::ContainerInspect)?;
        self.container_lookup(host, key)
    }

    /// `GET /containers/{id}/logs`.
    pub fn container_logs(
        &self,
        host: &str,
        caller: &Caller,
        key: &str,
    ) -> Result<&Container, EngineError> {
        self.authorize_plain(host, caller, Action::ContainerLogs)?;
        self.container_lookup(host, key)
    }

    /// `GET /containers/{id}/top`: the container, and its processes while it runs.
    pub fn container_processes(
        &self,
        host: &str,
        caller: &Caller,
        key: &str,
    ) -> Result<(&Container, Option<Vec<Process>>), EngineError> {
        self.authorize_plain(host, caller, Action::ContainerTop)?;
        let c = self.container_lookup(host, key)?;
        Ok((c, self.container_top(host, key)))
    }

    /// `POST /containers/{id}/attach`.
    pub fn container_attach(
        &self,
        host: &str,
        caller: &Caller,
        key: &str,
    ) -> Result<&Container, EngineError> {
        self.authorize_plain(host, caller, Action::ContainerAttach)?;
        self.container_lookup(host, key)
    }

    /// `POST /containers/{id}/wait`, which `docker run` sends before the start unless
    /// detached.
    pub fn container_wait(
        &self,
        host: &str,
        caller: &Caller,
        key: &str,
    ) -> Result<&Container, EngineError> {
        self.authorize_plain(host, caller, Action::ContainerWait)?;
        self.container_lookup(host, key)
    }

    /// `POST /containers/{id}/exec` then `POST /exec/{id}/start`: the container a command
    /// may run in. Both requests are authorized before the container is looked up, as the
    /// CLI sends them back to back.
    pub fn container_exec(
        &self,
        host: &str,
        caller: &Caller,
        key: &str,
    ) -> Result<&Container, EngineError> {
        self.authorize_plain(host, caller, Action::ContainerExecCreate)?;
        self.authorize_plain(host, caller, Action::ContainerExecStart)?;
        self.container_lookup(host, key)
    }

    /// `POST /containers/prune`, a route the broker does not name (action `""`): every
    /// container that does not run, oldest first; the IDs removed.
    pub fn container_prune(
        &mut self,
        host: &str,
        caller: &Caller,
    ) -> Result<Vec<String>, EngineError> {
        self.authorize_plain(host, caller, Action::None)?;
        let stopped: Vec<String> = self
            .host(host)?
            .containers_in_order()
            .filter(|c| !matches!(c.state, State::Running { .. }))
            .map(|c| c.id.clone())
            .collect();
        let mut deleted = Vec::new();
        for id in stopped {
            if self
                .container_remove(host, &Caller::daemon(), &id, false, false)
                .is_ok()
            {
                deleted.push(id);
            }
        }
        Ok(deleted)
    }

    /// `GET /images/{name}/history`.
    pub fn image_history(
        &self,
        host: &str,
        caller: &Caller,
        reference: &ImageRef,
    ) -> Result<&Image, EngineError> {
        self.authorize_plain(host, caller, Action::ImageHistory)?;
        self.image_inspect(host, reference)
    }

    /// `GET /networks/{id}`: `docker network inspect`, `docker inspect --type network`.
    pub fn network_get(
        &self,
        host: &str,
        caller: &Caller,
        key: &str,
    ) -> Result<&Network, EngineError> {
        self.authorize_plain(host, caller, Action::NetworkInspect)?;
        self.network_inspect(host, key)
    }

    /// `GET /images/{name}/json`: `name` is a reference or an image ID (a prefix of it, with
    /// or without `sha256:`), as the daemon's image service resolves it. Not found is
    /// answered with the reference as the daemon normalises it (`alpine` → `alpine:latest`).
    pub fn image_get(
        &self,
        host: &str,
        caller: &Caller,
        name: &str,
    ) -> Result<&Image, EngineError> {
        self.authorize_plain(host, caller, Action::ImageInspect)?;
        let reference = name.parse::<ImageRef>().ok();
        let by_reference = reference
            .as_ref()
            .and_then(|r| self.image_inspect(host, r).ok());
        if let Some(image) = by_reference {
            return Ok(image);
        }
        let id = name.trim_start_matches("sha256:");
        self.host(host)?
            .images
            .values()
            .find(|i| !name.is_empty() && i.id.starts_with(id))
            .ok_or_else(|| {
                EngineError::NoSuchImage(reference.map_or(name.to_string(), |r| r.to_string()))
            })
    }

    /// `GET /volumes/{name}`.
    pub fn volume_get(
        &self,
        host: &str,
        caller: &Caller,
        name: &str,
    ) -> Result<&Volume, EngineError> {
        self.authorize_plain(host, caller, Action::VolumeInspect)?;
        self.volume_inspect(host, name)
    }

    /// `GET /version`: the host whose daemon answers (its platform says which engine).
    pub fn system_version(&self, host: &str, caller: &Caller) -> Result<&Host, EngineError> {
        self.authorize_plain(host, caller, Action::DockerVersion)?;
        self.host(host)
    }

    /// `GET /info`: the host whose daemon describes itself.
    pub fn system_info(&self, host: &str, caller: &Caller) -> Result<&Host, EngineError> {
        self.authorize_plain(host, caller, Action::DockerInfo)?;
        self.host(host)
    }

    /// `GET /events`, a route the broker does not name (action `""`): what this host's
    /// daemon recorded, oldest first. The `since`/`until` bounds are read after the request
    /// is authorized, so the cli applies them to this list.
    pub fn system_events(&self, host: &str, caller: &Caller) -> Result<Vec<&Event>, EngineError> {
        self.authorize_plain(host, caller, Action::None)?;
        Ok(self.events().iter().filter(|e| e.host == host).collect())
    }

    /// A running container whose main process is a tool of its image (`docker run alpine
    /// ping -c 2 web`): `play` runs it; the daemon keeps what it printed as the container's
    /// logs and ends the process with its status (the restart policy then decides). `None`
    /// for any other container, or when `play` cannot run it (its image is gone).
    pub fn container_run_tool<T>(
        &mut self,
        host: &str,
        id: &str,
        play: impl FnOnce(&mut World) -> Option<ToolRun<T>>,
    ) -> Option<T> {
        let c = self.container_lookup(host, id).ok()?;
        if (c.program != Program::Tool && !c.tool_runs_on) || !c.is_running() {
            return None;
        }
        let run = play(self)?;
        let now = self.now;
        if let Some(c) = self
            .host_mut(host)
            .ok()
            .and_then(|h| h.containers.get_mut(id))
        {
            c.last_run.clone_from(&run.logs);
        }
        let _ = self.container_log_turn(host, id, run.logs, now);
        match run.serves {
            Some(service) => {
                if let Some(c) = self
                    .host_mut(host)
                    .ok()
                    .and_then(|h| h.containers.get_mut(id))
                {
                    c.program = Program::Server;
                    c.served = Some(service);
                }
            }
            None if run.runs_on => {
                if let Some(c) = self
                    .host_mut(host)
                    .ok()
                    .and_then(|h| h.containers.get_mut(id))
                {
                    c.program = Program::Daemonless;
                    c.tool_runs_on = true;
                }
            }
            None => {
                let _ = self.container_process_exit(host, id, run.exit_code);
            }
        }
        Some(run.shown)
    }
}
