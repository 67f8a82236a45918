//! The engine: an in-memory simulation of Docker hosts.
//!
//! Contract:
//! - Pure Rust, no I/O, no web crates, no knowledge of the CLI, the session or the UI.
//! - Deterministic: IDs, names and MACs come from the world's seeded [`Rng`]; time is the
//!   logical [`Timestamp`] that the caller advances with [`World::tick`]. Maps are `BTreeMap`s,
//!   so iteration order never depends on hashing.
//! - API methods are named after Docker Engine API operations (`container_create`,
//!   `network_connect`, …) and return typed values or an [`EngineError`] whose `Display` is the
//!   daemon's text. Formatting for a terminal is the CLI's job.
//! - A failed call leaves the world as it was: every method checks before it changes anything.
//! - [`World::check_invariants`] states what must always hold; tests call it after each step.
//!
//! The folders read like the table of contents of Docker's networking and security docs, each
//! using only the ones below it:
//! - [`docker`]: one host's Docker objects (containers, images, networks, volumes, ports,
//!   processes, `daemon.json`);
//! - [`security`]: users, the authorization plugins, CVEs and escapes, ufw, the audit and scan;
//! - [`platforms`]: Triton and docker-machine; [`addons`]: Weave, flannel, pipework;
//!   [`swarm`]: swarm mode and services;
//! - [`lab`]: the hosts on their underlay, a host's namespace, what a container sees
//!   ([`lab::sandbox`]) and where a packet goes ([`lab::reach`]), the topology.
//!
//! At this root: the [`World`] and its [`Host`]s, the platform ([`Backend`]) with every
//! platform-dependent decision, the hook through which swarm, the add-ons and the platforms
//! hear of a container's changes, and the shared basics (clock, RNG, names, errors).

pub mod addons;
pub mod backend;
pub mod clock;
pub mod docker;
pub mod error;
pub mod fs;
mod hooks;
mod invariants;
pub mod lab;
pub mod names;
pub mod platforms;
pub mod rng;
pub mod security;
pub mod swarm;
mod tracked;

use std::collections::BTreeMap;
use std::net::Ipv4Addr;

pub use backend::{AddressPools, Backend, Kernel};
pub use clock::Timestamp;
pub use docker::container::{Attachment, Container, Endpoint, Program, RestartPolicy, State};
pub use docker::containers::{ContainerCreate, ProcessExit, Started};
pub use docker::image::{Behaviour, CatalogueImage, ImageRef};
pub use docker::image_config::{HistoryEntry, ImageConfig};
pub use docker::images::{Image, PullReport};
pub use docker::lifecycle::{ContainerSummary, PortEntry, Signal};
pub use docker::network::{Driver, Ipam, Ipv4Cidr, MacAddress, Network};
pub use docker::networks::NetworkCreate;
pub use error::EngineError;
pub use rng::Rng;
use tracked::Tracked;

/// The name of the host every world starts with.
pub const DEFAULT_HOST: &str = "host1";

/// The underlay: the LAN the hosts share (their `eth0`).
pub const UNDERLAY: (Ipv4Addr, u8) = (Ipv4Addr::new(192, 168, 50, 0), 24);

/// The underlay's router.
pub const UNDERLAY_GATEWAY: Ipv4Addr = Ipv4Addr::new(192, 168, 50, 1);

/// The underlay as a CIDR.
pub fn underlay() -> Option<Ipv4Cidr> {
    Ipv4Cidr::new(UNDERLAY.0, UNDERLAY.1)
}

/// The default grace period of `docker stop` before SIGKILL (moby `daemon/config`).
pub const STOP_TIMEOUT_SECONDS: u64 = 10;

/// Something that happened, as `docker events` would list it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    pub time: Timestamp,
    pub host: String,
    /// `container`, `network`, `image`.
    pub kind: &'static str,
    /// `create`, `start`, `die`, `stop`, `destroy`, `connect`, `disconnect`, `pull`.
    pub action: &'static str,
    /// The object's ID (or image reference).
    pub actor: String,
    /// The object's name, when it has one.
    pub name: String,
    /// `Actor.Attributes`: `name`, and on a container's events its `image` as typed (moby
    /// `daemon/events.go` `LogContainerEventWithAttributes`). Sorted, as docker prints them.
    pub attributes: BTreeMap<String, String>,
}

/// One simulated Docker host: the machine, its Docker daemon with the daemon's objects, the
/// add-ons running on it, and the platform under it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Host {
    pub name: String,
    /// The platform under the daemon: every platform-dependent decision asks it.
    pub backend: Backend,
    /// The machine itself: its address, power, firewall, users, and what runs below Docker.
    pub machine: Machine,
    /// dockerd: its daemon.json, its settings, whether it runs.
    pub daemon: docker::daemon::Daemon,
    /// What the networking add-ons keep on this host.
    pub addons: Addons,
    /// Keyed by network ID.
    pub networks: BTreeMap<String, Network>,
    /// Keyed by container ID.
    pub containers: BTreeMap<String, Container>,
    /// Keyed by `repo:tag`.
    pub images: BTreeMap<String, Image>,
    /// Keyed by name.
    pub volumes: BTreeMap<String, docker::volumes::Volume>,
    /// BuildKit's cache of build steps on this host (`docker build`).
    pub build_cache: docker::build::BuildCache,
    /// Creation order of containers (sequence number → ID), to list newest first.
    creation_order: BTreeMap<u64, String>,
    next_sequence: u64,
    /// Container name → ID: name lookups and clash checks in O(log n).
    names: BTreeMap<String, String>,
    /// Live host-port bindings by (protocol, port): conflict checks in O(log n).
    bindings: BTreeMap<(docker::ports::Proto, u16), Vec<(docker::ports::HostIp, String)>>,
    /// The kernel's next free interface index: each endpoint takes a veth pair.
    next_ifindex: u32,
    /// Interface indexes of the devices in the host's namespace (bridges, tunnels), by name;
    /// veth pairs keep theirs on the endpoint.
    pub(crate) devices: BTreeMap<String, u32>,
    /// Where moby's port allocator resumes handing out ephemeral ports, per protocol.
    next_ephemeral: BTreeMap<docker::ports::Proto, u16>,
    /// The data roots the daemon is not using, by path (`userns-remap` moves it).
    data_roots: BTreeMap<String, docker::data_root::DataRoot>,
}

/// The machine under Docker: what a host is before and besides its daemon.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Machine {
    /// The address of `eth0` on the underlay.
    pub underlay_ip: Ipv4Addr,
    /// Powered on (`host stop` powers it off).
    pub running: bool,
    /// Inbound `(protocol, port)` pairs the host's firewall denies on the underlay.
    pub firewall: std::collections::BTreeSet<(docker::ports::Proto, u16)>,
    /// Containers that ran when the host was shut down, for `unless-stopped` at boot.
    running_at_shutdown: std::collections::BTreeSet<String>,
    /// Login users besides root, by name.
    pub users: BTreeMap<String, security::users::HostUser>,
    /// What `export` set in the host's shell (`DOCKER_CONTENT_TRUST=1`).
    pub shell_env: BTreeMap<String, String>,
    /// The files the shell's redirections wrote on the host (`docker inspect web > web.json`).
    pub files: fs::Files,
    /// An escape got root on this host: from which container, and how.
    pub compromised: Option<security::escape::Compromise>,
    /// ufw, filtering the host's own services.
    pub ufw: security::ufw::Ufw,
    /// The `DOCKER-USER` chain, filtering traffic to published ports.
    pub docker_user: Vec<security::ufw::DockerUserRule>,
    /// Kernel, runc, containerd and Docker versions: what the CVE catalogue checks.
    pub versions: security::cve::Versions,
    /// A docker-machine VM: the laptop that runs it in VirtualBox, and its NAT forwards.
    pub vm: Option<platforms::machine::VirtualBoxVm>,
    /// `/var/lib/authz-broker/policy.json`, `None` while there is no such file.
    pub authz_policy: Option<String>,
    /// The rules of Berth's `berth-authz` plugin.
    pub authz_rules: std::collections::BTreeSet<docker::authz::FlagRule>,
    /// A Triton data center's compute nodes, placements and CNS metadata.
    pub triton: Option<platforms::triton::DataCenter>,
}

impl Machine {
    /// A freshly installed machine, powered on: no users, no rules, patched components.
    fn new(underlay_ip: Ipv4Addr) -> Machine {
        Machine {
            underlay_ip,
            running: true,
            firewall: Default::default(),
            running_at_shutdown: Default::default(),
            users: BTreeMap::new(),
            shell_env: BTreeMap::new(),
            files: fs::Files::default(),
            compromised: None,
            ufw: security::ufw::Ufw::default(),
            docker_user: Vec::new(),
            versions: security::cve::Versions::default(),
            vm: None,
            authz_policy: None,
            authz_rules: Default::default(),
            triton: None,
        }
    }
}

/// What the networking add-ons keep on a host.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Addons {
    /// Linux bridges pipework created; gone at reboot.
    pub pipework_bridges: std::collections::BTreeSet<String>,
    /// flanneld's lease while it runs here.
    pub flannel: Option<addons::flannel::Lease>,
    /// The Weave Net router launched here, whether its container runs or not: what it owns
    /// persists in `weavedb`. [`Host::weave`] is the running router.
    pub weave_router: Option<addons::weave::Router>,
}

impl Host {
    /// A fresh veth pair's index (the container side; the host side is the next one).
    fn take_ifindex(&mut self) -> u32 {
        let index = self.next_ifindex;
        self.next_ifindex = self.next_ifindex.saturating_add(2);
        index
    }
}

impl Host {
    /// Containers in creation order, oldest first.
    pub fn containers_in_order(&self) -> impl DoubleEndedIterator<Item = &Container> {
        self.creation_order
            .values()
            .filter_map(|id| self.containers.get(id))
    }

    /// The ID of the container with this name.
    pub fn container_id_by_name(&self, name: &str) -> Option<&str> {
        self.names.get(name).map(String::as_str)
    }

    /// The container holding `ip` on one of this host's networks (its first, should pipework
    /// or a bad config give two the same).
    pub fn container_with_ip(&self, ip: Ipv4Addr) -> Option<&Container> {
        self.containers.values().find(|c| {
            c.networks
                .values()
                .any(|a| a.endpoint.as_ref().and_then(|e| e.ip) == Some(ip))
        })
    }

    pub fn network_by_name(&self, name: &str) -> Option<&Network> {
        self.networks.values().find(|n| n.name == name)
    }
}

/// The whole simulated world.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct World {
    seed: u64,
    rng: Rng,
    now: Timestamp,
    /// The parts a reader of the world sees are [`Tracked`]: [`World::version`] counts
    /// every mutable access to them.
    hosts: Tracked<BTreeMap<String, Host>>,
    events: Vec<Event>,
    /// The lab's swarm, once `docker swarm init` ran somewhere.
    swarm: Tracked<Option<swarm::Swarm>>,
    /// The lab's etcd (v2 keys), which flannel reads.
    etcd: Tracked<BTreeMap<String, String>>,
    etcd_index: u64,
    /// etcd v2 directories made by setting keys under them; they outlive their keys.
    etcd_dirs: Tracked<std::collections::BTreeSet<String>>,
    /// What each registry container stores, by container ID (docker/registry.rs).
    registries: Tracked<BTreeMap<String, docker::registry::RegistryStore>>,
    /// Trainer images a course declared (docker/image/declared.rs), by reference.
    declared: docker::image::declared::Declared,
}

impl World {
    /// A world with one Linux host, `host1`, and its three predefined networks.
    pub fn new(seed: u64) -> Self {
        let mut world = World {
            seed,
            rng: Rng::new(seed),
            now: Timestamp(0),
            hosts: Tracked::default(),
            events: Vec::new(),
            swarm: Tracked::default(),
            etcd: Tracked::default(),
            etcd_index: 1,
            etcd_dirs: Tracked::default(),
            registries: Tracked::default(),
            declared: Default::default(),
        };
        world.add_host(
            DEFAULT_HOST,
            Ipv4Addr::new(192, 168, 50, 11),
            Backend::Linux,
        );
        world
    }

    fn add_host(&mut self, name: &str, underlay_ip: Ipv4Addr, backend: Backend) {
        let networks = backend.predefined_networks(&mut self.rng);
        let triton = backend.data_center(&mut self.rng);
        self.hosts.insert(
            name.to_string(),
            Host {
                name: name.to_string(),
                networks,
                containers: BTreeMap::new(),
                images: BTreeMap::new(),
                build_cache: docker::build::BuildCache::default(),
                volumes: BTreeMap::new(),
                creation_order: BTreeMap::new(),
                next_sequence: 0,
                names: BTreeMap::new(),
                bindings: BTreeMap::new(),
                // 1 is lo, 2 eth0, 3 docker0: what comes next takes 4 and up.
                next_ifindex: 4,
                next_ephemeral: BTreeMap::new(),
                data_roots: BTreeMap::new(),
                devices: [("docker0".to_string(), 3)].into_iter().collect(),
                backend,
                machine: Machine {
                    triton,
                    ..Machine::new(underlay_ip)
                },
                addons: Addons::default(),
                // A laptop has the docker client and no daemon.
                daemon: docker::daemon::Daemon {
                    running: backend.runs_dockerd(),
                    ..docker::daemon::Daemon::default()
                },
            },
        );
    }

    pub fn seed(&self) -> u64 {
        self.seed
    }

    pub fn now(&self) -> Timestamp {
        self.now
    }

    /// Moves the logical clock forward.
    pub fn tick(&mut self, seconds: u64) {
        self.now = Timestamp(self.now.0.saturating_add(seconds));
        // The restart manager's back-offs run on this clock.
        self.restart_due();
    }

    pub fn hosts(&self) -> impl Iterator<Item = &Host> {
        self.hosts.values()
    }

    pub fn host(&self, name: &str) -> Result<&Host, EngineError> {
        self.hosts
            .get(name)
            .ok_or_else(|| EngineError::NoSuchHost(name.to_string()))
    }

    /// Grows whenever a part of the world a reader sees (the hosts and everything on them,
    /// the swarm, etcd) may have changed; the same number means nothing did. Readers that
    /// derive views from the world (the picture, the audit, a lesson's goals) recompute them
    /// only when it moved. The logical clock is not counted: [`World::now`] tells it.
    pub fn version(&self) -> u64 {
        self.hosts
            .changes()
            .wrapping_add(self.swarm.changes())
            .wrapping_add(self.etcd.changes())
            .wrapping_add(self.etcd_dirs.changes())
    }

    fn host_mut(&mut self, name: &str) -> Result<&mut Host, EngineError> {
        self.hosts
            .get_mut(name)
            .ok_or_else(|| EngineError::NoSuchHost(name.to_string()))
    }

    /// Every event so far, oldest first.
    pub fn events(&self) -> &[Event] {
        &self.events
    }

    fn emit(
        &mut self,
        host: &str,
        kind: &'static str,
        action: &'static str,
        actor: &str,
        name: &str,
    ) {
        let container = (kind == "container")
            .then(|| self.host(host).ok()?.containers.get(actor))
            .flatten();
        let image = container.map(|c| c.image.as_typed().to_string());
        // moby `daemon/events.go`: a container's event carries its labels.
        let labels = container.map(|c| c.labels.clone()).unwrap_or_default();
        self.emit_with(host, kind, action, actor, name, image);
        if let Some(e) = self.events.last_mut() {
            for (k, v) in labels {
                e.attributes.entry(k).or_insert(v);
            }
        }
    }

    /// An image's `pull` event (moby `LogImageEvent`): the actor is the reference pulled
    /// (`nginx:latest`, `reference.FamiliarString`), its attributes the image's labels, then
    /// `name`, the repository without the tag (`reference.FamiliarName`).
    fn emit_pull(&mut self, host: &str, reference: &ImageRef, labels: &BTreeMap<String, String>) {
        let mut attributes = labels.clone();
        attributes.insert("name".to_string(), reference.repository.clone());
        self.events.push(Event {
            time: self.now,
            host: host.to_string(),
            kind: "image",
            action: "pull",
            actor: reference.to_string(),
            name: reference.repository.clone(),
            attributes,
        });
    }

    /// [`World::emit`] with a container's image given (its `destroy`, once it is gone).
    fn emit_with(
        &mut self,
        host: &str,
        kind: &'static str,
        action: &'static str,
        actor: &str,
        name: &str,
        image: Option<String>,
    ) {
        let mut attributes = BTreeMap::new();
        if let Some(image) = image {
            attributes.insert("image".to_string(), image);
        }
        attributes.insert("name".to_string(), name.to_string());
        self.events.push(Event {
            time: self.now,
            host: host.to_string(),
            kind,
            action,
            actor: actor.to_string(),
            name: name.to_string(),
            attributes,
        });
    }
}

/// Finds an object by full ID, then exact name, then unique ID prefix: the daemon's order for
/// containers (moby `daemon/container/view.go`) and networks (`daemon/network.go`
/// `FindNetwork`). `Ok(None)` means nothing matched; `Err(())` an ambiguous prefix.
fn resolve<'a, T>(
    objects: &'a BTreeMap<String, T>,
    key: &str,
    name_of: impl Fn(&T) -> &str,
) -> Result<Option<&'a str>, ()> {
    if let Some((id, _)) = objects.get_key_value(key) {
        return Ok(Some(id.as_str()));
    }
    if let Some((id, _)) = objects.iter().find(|(_, o)| name_of(o) == key) {
        return Ok(Some(id.as_str()));
    }
    if key.is_empty() || !key.chars().all(|c| c.is_ascii_hexdigit()) {
        return Ok(None);
    }
    let mut matches = objects
        .range(key.to_string()..)
        .take_while(|(id, _)| id.starts_with(key));
    match (matches.next(), matches.next()) {
        (Some((id, _)), None) => Ok(Some(id.as_str())),
        (Some(_), Some(_)) => Err(()),
        _ => Ok(None),
    }
}
