//! dockerd's data root (`/var/lib/docker`): images, containers, volumes and the local
//! networks live under it. With `userns-remap` the daemon uses a subdirectory named after the
//! remapped root's UID and GID (Docker docs, "Isolate containers with a user namespace"), so
//! what the daemon had before disappears while the setting is on, and comes back when it is
//! turned off.
//!
//! Contract:
//! - A host holds its current root's objects as before; the roots not in use wait in
//!   `Host::data_roots`, keyed by path.
//! - The predefined networks (`bridge`, `host`, `none`) and the swarm's overlays stay with
//!   the host: each root has its own in dockerd, but Berth keeps one copy, so their IDs do
//!   not change.
//! - The remapped root is `/var/lib/docker/165536.165536`: the `dockremap` user dockerd
//!   creates takes the next subordinate range after the host's login user (`100000:65536`),
//!   as `useradd` hands them out.
//!
//! Not simulated: the storage driver's change (the containerd image store is not used with
//! userns-remap), the remapped ownership of files.

use std::collections::BTreeMap;

use crate::engine::docker::container::Container;
use crate::engine::docker::network::{Driver, Network};
use crate::engine::docker::ports::{HostIp, Proto};
use crate::engine::docker::volumes::Volume;
use crate::engine::{Host, Image};

/// The default data root, and the one `userns-remap: default` gives.
pub const DEFAULT_ROOT: &str = "/var/lib/docker";
pub const REMAPPED_ROOT: &str = "/var/lib/docker/165536.165536";

/// What one data root holds while another is in use.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DataRoot {
    networks: BTreeMap<String, Network>,
    containers: BTreeMap<String, Container>,
    images: BTreeMap<String, Image>,
    volumes: BTreeMap<String, Volume>,
    creation_order: BTreeMap<u64, String>,
    next_sequence: u64,
    names: BTreeMap<String, String>,
    bindings: BTreeMap<(Proto, u16), Vec<(HostIp, String)>>,
}

impl Host {
    /// The daemon now runs on the data root at `to`: what was under `from` waits, what was
    /// left under `to` comes back. The containers must be stopped (no endpoint, no binding).
    pub(in crate::engine) fn switch_data_root(&mut self, from: &str, to: &str) {
        if from == to {
            return;
        }
        let stays = |n: &Network| n.predefined || n.driver == Driver::Overlay;
        let (kept, moved): (BTreeMap<_, _>, BTreeMap<_, _>) = std::mem::take(&mut self.networks)
            .into_iter()
            .partition(|(_, n)| stays(n));
        self.networks = kept;
        let leaving = DataRoot {
            networks: moved,
            containers: std::mem::take(&mut self.containers),
            images: std::mem::take(&mut self.images),
            volumes: std::mem::take(&mut self.volumes),
            creation_order: std::mem::take(&mut self.creation_order),
            next_sequence: self.next_sequence,
            names: std::mem::take(&mut self.names),
            bindings: std::mem::take(&mut self.bindings),
        };
        self.data_roots.insert(from.to_string(), leaving);
        let back = self.data_roots.remove(to).unwrap_or_default();
        self.networks.extend(back.networks);
        self.containers = back.containers;
        self.images = back.images;
        self.volumes = back.volumes;
        self.creation_order = back.creation_order;
        self.next_sequence = back.next_sequence;
        self.names = back.names;
        self.bindings = back.bindings;
    }
}
