//! The one place where the rest of the lab reacts to a container's life: swarm mode, the
//! add-ons and the platforms hear of each change here, so the container operations in
//! [`docker`](super::docker) name none of them.
//!
//! Contract:
//! - The container operations call [`World::on_container_change`] at each step of a
//!   container's life, in the order the daemon takes them; every reaction is listed in its one
//!   `match` below, with its reason.
//! - A reaction never fails a change that already happened; only [`ContainerChange::Joining`],
//!   which comes before anything changed, may refuse.
//!
//! Why a hand-written `match` and not a list of registered callbacks: the reactions are few,
//! fixed at compile time, and their order matters (a swarm overlay must be on the node before a
//! container joins it); a `match` keeps that order in one readable place.

use crate::engine::{EngineError, World};

/// A step of a container's life the rest of the lab may react to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContainerChange<'a> {
    /// A container is about to be created on `network`, or connected to it; nothing changed
    /// yet. `by_client`: a client asked (`docker run`, `network connect`), not swarm mode's
    /// own task, which may join any overlay of its service.
    Joining { network: &'a str, by_client: bool },
    /// The container exists (`docker create`).
    Created { id: &'a str },
    /// `docker start` ran, whether it started the container or not.
    Started { id: &'a str },
    /// The main process ended and the endpoints were released.
    Exited,
    /// `docker network connect` ran, whether it connected the container or not.
    Connected,
    /// `docker network disconnect` ran, whether it disconnected the container or not.
    Disconnected,
    /// The container is gone.
    Removed { id: &'a str },
}

impl World {
    /// Lets swarm mode, the add-ons and the platforms react to a container's change. Returns
    /// the ID of a network the change brought to this host (a swarm overlay a container is
    /// joining), so that a create that fails can take it back.
    pub(in crate::engine) fn on_container_change(
        &mut self,
        host: &str,
        change: ContainerChange<'_>,
    ) -> Result<Option<String>, EngineError> {
        match change {
            // A swarm overlay shows up on a node when a container there joins it.
            ContainerChange::Joining { network, by_client } => {
                return self.overlay_materialize(host, network, by_client)
            }
            // Triton places each container on one of the data center's compute nodes; the
            // mounts show their sources' files.
            ContainerChange::Created { id } => {
                self.mounts_pull(host, id, true);
                self.triton_place(host, id)
            }
            // The swarm's overlays learn the addresses the container took, and Weave's proxy
            // attaches every container that starts while it runs.
            ContainerChange::Started { id } => {
                self.entrypoint_writes(host, id);
                // A MySQL server's first start on an empty data directory.
                self.mysql_init(host, id);
                self.overlay_sync(host);
                self.weave_auto_attach(host, id);
            }
            // The overlays' pools learn the addresses taken or given back.
            ContainerChange::Exited
            | ContainerChange::Connected
            | ContainerChange::Disconnected => self.overlay_sync(host),
            // Triton forgets the placement; a worker's copy of an overlay goes with its last
            // container.
            ContainerChange::Removed { id } => {
                self.triton_forget(host, id);
                self.overlay_sync(host);
            }
        }
        Ok(None)
    }
}
