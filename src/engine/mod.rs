//! The engine: an in-memory simulation of Docker hosts.
//!
//! Contract:
//! - Pure Rust, no I/O, no web crates, no knowledge of the CLI, the session or the UI.
//! - Deterministic: IDs, names and MACs come from the world's seeded [`Rng`]; time is the
//!   logical [`Timestamp`] that the caller advances with [`World::tick`]. Maps are `BTreeMap`s,
//!   so iteration order never depends on hashing.
//! - API methods are named after Docker Engine API operations (`container_create`,
//!   `container_start`, …) and return typed values or an [`EngineError`] whose `Display` is the
//!   daemon's text. Formatting for a terminal is the CLI's job.
//! - A failed call leaves the world as it was.
//! - [`World::check_invariants`] states what must always hold; tests call it after each step.
//!
//! Not simulated yet: user-defined networks, published ports, volumes, exec, multi-host,
//! swarm. The CLI says so when asked for them.

pub mod clock;
pub mod container;
pub mod error;
pub mod image;
pub mod names;
pub mod network;
pub mod rng;
pub mod topology;

use std::collections::BTreeMap;
use std::net::Ipv4Addr;

pub use clock::Timestamp;
pub use container::{Container, Endpoint, Program, State};
pub use error::EngineError;
pub use image::{Behaviour, CatalogueImage, ImageRef};
pub use network::{Driver, Ipam, Ipv4Cidr, MacAddress, Network};
pub use rng::Rng;

/// The name of the host every world starts with.
pub const DEFAULT_HOST: &str = "host1";

/// The default grace period of `docker stop` before SIGKILL (moby `daemon/config`).
pub const STOP_TIMEOUT_SECONDS: u64 = 10;

/// An image in a host's local store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Image {
    pub id: String,
    pub reference: ImageRef,
    pub entry: &'static CatalogueImage,
    pub pulled: Timestamp,
}

/// What `image_pull` did, for the CLI's progress lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PullReport {
    pub reference: ImageRef,
    /// Remote path such as `library/nginx`.
    pub remote: String,
    /// Short (12-hex) layer IDs, in order.
    pub layers: Vec<String>,
    pub digest: String,
    /// False when the image was already present (`Status: Image is up to date`).
    pub downloaded: bool,
}

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
}

/// What a container needs at creation (the subset of Docker's `ContainerConfig` and
/// `HostConfig` simulated so far).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ContainerCreate {
    pub name: Option<String>,
    pub image: String,
    /// The command after the image, replacing the image's `CMD` when not empty.
    pub cmd: Vec<String>,
    /// `-i`: keep stdin open.
    pub open_stdin: bool,
    /// `-t`: allocate a terminal.
    pub tty: bool,
    /// `--rm`: remove the container when its process exits.
    pub auto_remove: bool,
}

/// A process that ended as soon as it started (`docker run alpine echo hi`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProcessExit {
    pub exit_code: i32,
    pub output: Vec<String>,
}

/// One row of `docker ps`: the typed data, formatted by the CLI.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContainerSummary {
    pub id: String,
    pub name: String,
    pub image: String,
    pub command: String,
    pub created: Timestamp,
    pub state: State,
    /// Exposed (not published) ports of a running container, such as `80/tcp`.
    pub ports: Vec<String>,
}

/// One simulated Docker host: its daemon's objects.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Host {
    pub name: String,
    pub networks: BTreeMap<String, Network>,
    pub containers: BTreeMap<String, Container>,
    /// Keyed by `repo:tag`.
    pub images: BTreeMap<String, Image>,
    /// Creation order of containers, to list newest first.
    creation_order: Vec<String>,
}

/// The whole simulated world.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct World {
    seed: u64,
    rng: Rng,
    now: Timestamp,
    hosts: BTreeMap<String, Host>,
    events: Vec<Event>,
}

impl World {
    /// A world with one Linux host, `host1`, and its three predefined networks.
    pub fn new(seed: u64) -> Self {
        let mut world = World {
            seed,
            rng: Rng::new(seed),
            now: Timestamp(0),
            hosts: BTreeMap::new(),
            events: Vec::new(),
        };
        world.add_host(DEFAULT_HOST);
        world
    }

    fn add_host(&mut self, name: &str) {
        let mut networks = BTreeMap::new();
        // Docker docs (network tutorials): a fresh engine has exactly bridge, host and none.
        // The default bridge takes the first default pool, 172.17.0.0/16, on device docker0.
        let default_pool = Ipv4Cidr::new(Ipv4Addr::new(172, 17, 0, 0), 16);
        let bridge = Network {
            id: self.rng.hex(64),
            name: "bridge".into(),
            driver: Driver::Bridge,
            ipam: default_pool.and_then(Ipam::with_first_gateway),
            bridge_device: Some("docker0".into()),
            predefined: true,
        };
        let host = Network {
            id: self.rng.hex(64),
            name: "host".into(),
            driver: Driver::Host,
            ipam: None,
            bridge_device: None,
            predefined: true,
        };
        let none = Network {
            id: self.rng.hex(64),
            name: "none".into(),
            driver: Driver::Null,
            ipam: None,
            bridge_device: None,
            predefined: true,
        };
        for network in [bridge, host, none] {
            networks.insert(network.name.clone(), network);
        }
        self.hosts.insert(
            name.to_string(),
            Host {
                name: name.to_string(),
                networks,
                containers: BTreeMap::new(),
                images: BTreeMap::new(),
                creation_order: Vec::new(),
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
    }

    pub fn hosts(&self) -> impl Iterator<Item = &Host> {
        self.hosts.values()
    }

    pub fn host(&self, name: &str) -> Result<&Host, EngineError> {
        self.hosts
            .get(name)
            .ok_or_else(|| EngineError::NoSuchHost(name.to_string()))
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
        self.events.push(Event {
            time: self.now,
            host: host.to_string(),
            kind,
            action,
            actor: actor.to_string(),
            name: name.to_string(),
        });
    }

    // ── images ──────────────────────────────────────────────────────────────────────────

    /// `GET /images/{name}/json`: the image if the host has it.
    pub fn image_inspect(&self, host: &str, reference: &ImageRef) -> Result<&Image, EngineError> {
        self.host(host)?
            .images
            .get(&reference.to_string())
            .ok_or_else(|| EngineError::NoSuchImage(reference.to_string()))
    }

    /// `POST /images/create`: copies a catalogue image into the host's store.
    pub fn image_pull(
        &mut self,
        host: &str,
        reference: &ImageRef,
    ) -> Result<PullReport, EngineError> {
        let entry = image::lookup(reference).map_err(|tag_only| {
            if tag_only {
                EngineError::ManifestUnknown(reference.to_string())
            } else {
                EngineError::PullAccessDenied(reference.repository.clone())
            }
        })?;
        let key = reference.to_string();
        // Every tag of a catalogue repository shares one set of layers and one ID: the
        // catalogue models one build per repository.
        let layers = (0..entry.layers)
            .map(|i| {
                let digest = image::digest_of(&format!("{}/layer/{i}", entry.repository));
                digest.get(..12).unwrap_or("").to_string()
            })
            .collect();
        let digest = image::digest_of(&format!("{key}/manifest"));
        let now = self.now;
        let h = self.host_mut(host)?;
        let downloaded = !h.images.contains_key(&key);
        if downloaded {
            h.images.insert(
                key.clone(),
                Image {
                    id: image::digest_of(entry.repository),
                    reference: reference.clone(),
                    entry,
                    pulled: now,
                },
            );
            self.emit(host, "image", "pull", &key, &key);
        }
        Ok(PullReport {
            reference: reference.clone(),
            remote: reference.remote_path(),
            layers,
            digest,
            downloaded,
        })
    }

    // ── containers ──────────────────────────────────────────────────────────────────────

    /// Resolves a container by full ID, name, or unique ID prefix, as the daemon does.
    pub fn container_lookup(&self, host: &str, key: &str) -> Result<&Container, EngineError> {
        let h = self.host(host)?;
        let id = resolve_container(h, key)?;
        h.containers
            .get(&id)
            .ok_or_else(|| EngineError::NoSuchContainer(key.to_string()))
    }

    /// `POST /containers/create`. The image must be present (the CLI pulls it first).
    pub fn container_create(
        &mut self,
        host: &str,
        config: ContainerCreate,
    ) -> Result<String, EngineError> {
        let reference: ImageRef = config
            .image
            .parse()
            .map_err(|_| EngineError::NoSuchImage(config.image.clone()))?;
        let image = self.image_inspect(host, &reference)?.clone();
        let h = self.host(host)?;
        if let Some(name) = &config.name {
            if !valid_container_name(name) {
                return Err(EngineError::InvalidName(name.clone()));
            }
            if let Some(other) = h.containers.values().find(|c| &c.name == name) {
                return Err(EngineError::NameConflict {
                    name: name.clone(),
                    id: other.id.clone(),
                });
            }
        }
        // Draw the ID before the name, as the daemon does; only then touch the world, so an
        // error above leaves it unchanged.
        let id = self.rng.hex(64);
        let name = match config.name {
            Some(name) => name,
            None => self.generate_name(host, &id),
        };
        let (argv, program) = plan(image.entry, &config.cmd, config.open_stdin);
        let mut parts = argv.into_iter();
        let path = parts.next().unwrap_or_default();
        let container = Container {
            id: id.clone(),
            name: name.clone(),
            image: config.image,
            image_id: image.id.clone(),
            auto_remove: config.auto_remove,
            path,
            args: parts.collect(),
            program,
            exposed_ports: image
                .entry
                .exposed_ports
                .iter()
                .map(|p| p.to_string())
                .collect(),
            created: self.now,
            state: State::Created,
            network_mode: "bridge".into(),
            networks: BTreeMap::from([("bridge".to_string(), None)]),
            logs: Vec::new(),
        };
        let h = self.host_mut(host)?;
        h.creation_order.push(id.clone());
        h.containers.insert(id.clone(), container);
        self.emit(host, "container", "create", &id, &name);
        Ok(id)
    }

    /// What the main process would do, without creating anything: the CLI uses it to refuse an
    /// attached run it cannot simulate before any state changes.
    pub fn plan_program(
        &self,
        host: &str,
        config: &ContainerCreate,
    ) -> Result<Program, EngineError> {
        let reference: ImageRef = config
            .image
            .parse()
            .map_err(|_| EngineError::NoSuchImage(config.image.clone()))?;
        let image = self.image_inspect(host, &reference)?;
        Ok(plan(image.entry, &config.cmd, config.open_stdin).1)
    }

    fn generate_name(&mut self, host: &str, id: &str) -> String {
        for retry in 0..6 {
            let candidate = names::random_name(&mut self.rng, retry);
            let taken = self
                .hosts
                .get(host)
                .is_some_and(|h| h.containers.values().any(|c| c.name == candidate));
            if !taken {
                return candidate;
            }
        }
        id.get(..12).unwrap_or(id).to_string()
    }

    /// `POST /containers/{id}/start`. Starting a running container does nothing. A process that
    /// exits at once (`echo hi`) is reported with its exit code and output.
    pub fn container_start(
        &mut self,
        host: &str,
        key: &str,
    ) -> Result<Option<ProcessExit>, EngineError> {
        let h = self.host(host)?;
        let id = resolve_container(h, key)?;
        let Some(container) = h.containers.get(&id) else {
            return Err(EngineError::NoSuchContainer(key.to_string()));
        };
        if container.is_running() {
            return Ok(None);
        }
        if let Program::NotFound(executable) = &container.program {
            return Err(EngineError::ExecutableNotFound(executable.clone()));
        }
        let program = container.program.clone();
        let name = container.name.clone();
        let joined: Vec<String> = container.networks.keys().cloned().collect();

        // Allocate every endpoint first on a copy of the pools, so a full pool fails the start
        // without leaving half the endpoints allocated.
        let mut pools: BTreeMap<String, Option<Ipam>> = BTreeMap::new();
        for net in &joined {
            let ipam = h.networks.get(net).and_then(|n| n.ipam.clone());
            pools.insert(net.clone(), ipam);
        }
        let mut endpoints = BTreeMap::new();
        for (net, pool) in pools.iter_mut() {
            let ip = match pool {
                Some(ipam) => Some(
                    ipam.allocate()
                        .ok_or_else(|| EngineError::NoAvailableIp(net.clone()))?,
                ),
                None => None,
            };
            endpoints.insert(net.clone(), ip);
        }
        let mut live = BTreeMap::new();
        for (net, ip) in endpoints {
            let endpoint_id = self.rng.hex(64);
            let mac = MacAddress::random_local(self.rng.bytes6());
            live.insert(
                net,
                Some(Endpoint {
                    endpoint_id,
                    ip,
                    mac,
                }),
            );
        }
        let now = self.now;
        let h = self.host_mut(host)?;
        for (net, pool) in pools {
            if let (Some(network), Some(ipam)) = (h.networks.get_mut(&net), pool) {
                network.ipam = Some(ipam);
            }
        }
        if let Some(container) = h.containers.get_mut(&id) {
            container.networks = live;
            container.state = State::Running { started_at: now };
        }
        self.emit(host, "container", "start", &id, &name);
        if let Program::OneShot { exit_code, output } = program {
            // The process ends as soon as it starts: it prints, exits, and its endpoints go.
            if let Some(container) = self.host_mut(host)?.containers.get_mut(&id) {
                container.logs.extend(output.iter().cloned());
            }
            self.finish(host, &id, exit_code)?;
            return Ok(Some(ProcessExit { exit_code, output }));
        }
        Ok(None)
    }

    /// The main process exited with `exit_code`: release the endpoints, record the exit.
    fn finish(&mut self, host: &str, id: &str, exit_code: i32) -> Result<(), EngineError> {
        let now = self.now;
        let h = self.host_mut(host)?;
        let Some(container) = h.containers.get_mut(id) else {
            return Err(EngineError::NoSuchContainer(id.to_string()));
        };
        let name = container.name.clone();
        let mut released = Vec::new();
        for (net, endpoint) in container.networks.iter_mut() {
            if let Some(Endpoint { ip: Some(ip), .. }) = endpoint.take() {
                released.push((net.clone(), ip));
            }
        }
        container.state = State::Exited {
            exit_code,
            finished_at: now,
        };
        for (net, ip) in released {
            if let Some(ipam) = h.networks.get_mut(&net).and_then(|n| n.ipam.as_mut()) {
                ipam.release(ip);
            }
        }
        let auto_remove = container.auto_remove;
        self.emit(host, "container", "die", id, &name);
        if auto_remove {
            self.remove_stopped(host, id)?;
        }
        Ok(())
    }

    fn remove_stopped(&mut self, host: &str, id: &str) -> Result<(), EngineError> {
        let h = self.host_mut(host)?;
        let removed = h.containers.remove(id);
        h.creation_order.retain(|c| c != id);
        let name = removed.map(|c| c.name).unwrap_or_default();
        self.emit(host, "container", "destroy", id, &name);
        Ok(())
    }

    /// `POST /containers/{id}/stop`: SIGTERM, then SIGKILL after the grace period. A process
    /// that ignores SIGTERM makes the stop take the full 10 seconds of the logical clock and
    /// exits 137 (128 + SIGKILL). Stopping a stopped container succeeds and does nothing.
    pub fn container_stop(&mut self, host: &str, key: &str) -> Result<(), EngineError> {
        let h = self.host(host)?;
        let id = resolve_container(h, key)?;
        let Some(container) = h.containers.get(&id) else {
            return Err(EngineError::NoSuchContainer(key.to_string()));
        };
        if !container.is_running() {
            return Ok(());
        }
        let name = container.name.clone();
        let exit_code = match container.program {
            Program::Server => 0,
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
        key: &str,
        force: bool,
    ) -> Result<(), EngineError> {
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
        self.remove_stopped(host, &id)
    }

    /// `GET /containers/json`: newest first; stopped ones only with `all`.
    pub fn container_list(
        &self,
        host: &str,
        all: bool,
    ) -> Result<Vec<ContainerSummary>, EngineError> {
        let h = self.host(host)?;
        Ok(h.creation_order
            .iter()
            .rev()
            .filter_map(|id| h.containers.get(id))
            .filter(|c| all || c.is_running())
            .map(|c| ContainerSummary {
                id: c.id.clone(),
                name: c.name.clone(),
                image: c.image.clone(),
                command: c.command_line(),
                created: c.created,
                state: c.state.clone(),
                ports: if c.is_running() {
                    c.exposed_ports.clone()
                } else {
                    Vec::new()
                },
            })
            .collect())
    }

    /// What must always hold. Returns the first broken rule.
    pub fn check_invariants(&self) -> Result<(), String> {
        for h in self.hosts.values() {
            let mut names = std::collections::BTreeSet::new();
            for c in h.containers.values() {
                if !names.insert(c.name.as_str()) {
                    return Err(format!("{}: container name {} used twice", h.name, c.name));
                }
                for (net, endpoint) in &c.networks {
                    let Some(network) = h.networks.get(net) else {
                        return Err(format!(
                            "{}: {} joins missing network {net}",
                            h.name, c.name
                        ));
                    };
                    match (endpoint, c.is_running()) {
                        (Some(_), false) => {
                            return Err(format!("{}: stopped {} holds an endpoint", h.name, c.name))
                        }
                        (None, true) => {
                            return Err(format!("{}: running {} lacks an endpoint", h.name, c.name))
                        }
                        _ => {}
                    }
                    if let (Some(Endpoint { ip: Some(ip), .. }), Some(ipam)) =
                        (endpoint, &network.ipam)
                    {
                        if !ipam.subnet.contains(*ip) || !ipam.is_in_use(*ip) {
                            return Err(format!(
                                "{}: {ip} of {} is not allocated on {net}",
                                h.name, c.name
                            ));
                        }
                    }
                }
            }
            for network in h.networks.values() {
                let Some(ipam) = &network.ipam else { continue };
                let holders = h
                    .containers
                    .values()
                    .filter_map(|c| c.networks.get(&network.name).cloned().flatten())
                    .filter_map(|e| e.ip)
                    .collect::<Vec<_>>();
                let unique: std::collections::BTreeSet<_> = holders.iter().collect();
                if unique.len() != holders.len() {
                    return Err(format!(
                        "{}: an address is held twice on {}",
                        h.name, network.name
                    ));
                }
                // Every address in use is the gateway or held by a running container.
                for ip in ipam.in_use() {
                    if *ip != ipam.gateway && !unique.contains(ip) {
                        return Err(format!("{}: {ip} on {} leaked", h.name, network.name));
                    }
                }
            }
            if h.creation_order.len() != h.containers.len() {
                return Err(format!("{}: creation order out of step", h.name));
            }
        }
        Ok(())
    }
}

/// The process a container would run: the image's entrypoint followed by the user's command
/// (or the image's `CMD` when none is given), and what that process does.
fn plan(entry: &CatalogueImage, cmd: &[String], open_stdin: bool) -> (Vec<String>, Program) {
    let from_image = cmd.is_empty();
    let cmd: Vec<String> = if from_image {
        entry.cmd.iter().map(|s| s.to_string()).collect()
    } else {
        cmd.to_vec()
    };
    let mut argv: Vec<String> = entry.entrypoint.iter().map(|s| s.to_string()).collect();
    argv.extend(cmd.iter().cloned());
    // A server image's docker-entrypoint.sh execs its arguments: given a foreign command, the
    // container runs that command instead of the server.
    let program = if entry.entrypoint.is_empty() {
        Program::classify(entry.behaviour, from_image, &argv, open_stdin)
    } else {
        Program::classify(entry.behaviour, from_image, &cmd, open_stdin)
    };
    (argv, program)
}

/// moby `daemon/names.go`: `^/?[a-zA-Z0-9][a-zA-Z0-9_.-]+$`.
pub fn valid_container_name(name: &str) -> bool {
    let name = name.strip_prefix('/').unwrap_or(name);
    let mut chars = name.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphanumeric())
        && name.len() >= 2
        && chars.all(|c| c.is_ascii_alphanumeric() || "_.-".contains(c))
}

/// Full ID, then exact name, then unique ID prefix (moby `daemon/container/view.go` order).
fn resolve_container(h: &Host, key: &str) -> Result<String, EngineError> {
    if h.containers.contains_key(key) {
        return Ok(key.to_string());
    }
    let name = key.strip_prefix('/').unwrap_or(key);
    if let Some(c) = h.containers.values().find(|c| c.name == name) {
        return Ok(c.id.clone());
    }
    if key.is_empty() || !key.chars().all(|c| c.is_ascii_hexdigit()) {
        return Err(EngineError::NoSuchContainer(key.to_string()));
    }
    let mut matches = h.containers.keys().filter(|id| id.starts_with(key));
    match (matches.next(), matches.next()) {
        (Some(id), None) => Ok(id.clone()),
        (Some(_), Some(_)) => Err(EngineError::AmbiguousPrefix(key.to_string())),
        _ => Err(EngineError::NoSuchContainer(key.to_string())),
    }
}
