//! Swarm mode: which hosts form a swarm, as managers or workers, and the networks swarm mode
//! gives every node (`ingress` and `docker_gwbridge`).
//!
//! Contract:
//! - One swarm per world at most (a lab has one cluster). Node IDs are 25 base-36 characters
//!   and join tokens `SWMTKN-1-<50>-<25>`, all from the seeded RNG (swarmkit's shapes).
//! - `swarm_init` makes the host the leader; `swarm_join` needs the right token and the
//!   manager reachable on its advertised address: running, and 2377/tcp let through by its
//!   firewall. Otherwise the join times out, with the daemon's words.
//! - On init and join the node gets `ingress` (overlay, 10.0.0.0/24, the same network ID on
//!   every node: it is one swarm-scoped network) and `docker_gwbridge` (a local bridge on the
//!   next free default pool, containers isolated from each other). Leaving removes `ingress`;
//!   `docker_gwbridge` stays, as it does with dockerd.
//! - Errors are the daemon's (moby `daemon/cluster/errors.go`), printed after
//!   `Error response from daemon: `.
//! - Each operation a client sends takes its [`Caller`] and asks the authorization plugins
//!   first, before anything is looked up ([`SwarmError::Authz`]); the broker's table names no
//!   swarm route, so its action is `""`.
//! - This folder uses only `docker` and the engine's root; its services are in [`services`].

pub mod lb;
pub mod services;

use std::collections::BTreeMap;
use std::fmt;
use std::net::Ipv4Addr;

use crate::engine::docker::authz::{Action, AuthzError};
use crate::engine::docker::caller::Caller;
use crate::engine::docker::network::{Driver, Ipam, Ipv4Cidr, Network};
use crate::engine::docker::networks::NetworkCreate;
use crate::engine::docker::ports::Proto;
use crate::engine::{EngineError, Timestamp, World};

/// The port managers listen on for the swarm's control plane.
pub const SWARM_PORT: u16 = 2377;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Manager,
    Worker,
}

/// `POST /swarm/join`'s body: the token, the manager's `HOST[:PORT]` (an address or a name
/// the host resolves) and the node's own `--advertise-addr`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SwarmJoin {
    pub token: String,
    pub remote: String,
    pub advertise_addr: Option<String>,
}

/// A node's NetworkDB name, drawn from its node ID rather than the RNG, so that adding it
/// moved no ID the world had already drawn.
fn gossip_name(node_id: &str) -> String {
    crate::engine::docker::image::digest_of(node_id)
        .chars()
        .filter(char::is_ascii_hexdigit)
        .take(12)
        .collect()
}

/// One member of the swarm.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    pub id: String,
    pub host: String,
    pub role: Role,
    /// Joined at this time; the first manager leads.
    pub joined: Timestamp,
    /// Where the other nodes reach it (`--advertise-addr`, else its underlay address): the
    /// `IP` of its entry in an overlay's `Peers`.
    pub addr: Ipv4Addr,
    /// Its NetworkDB node name, the `Name` in an overlay's `Peers`: 12 hex characters
    /// (moby `libnetwork/networkdb/networkdb.go`, `stringid.TruncateID` of a random ID).
    pub gossip_name: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Swarm {
    pub id: String,
    /// The leader's `--advertise-addr`, where `swarm join` goes.
    pub advertise_addr: Ipv4Addr,
    pub worker_token: String,
    pub manager_token: String,
    /// By host name.
    pub nodes: BTreeMap<String, Node>,
    /// The `ingress` network's ID, the same on every node.
    pub ingress_id: String,
    /// The overlays created on managers, by ID: the one true copy of each. A node holds a
    /// copy of an overlay while it uses it (a manager: always), kept equal to this one.
    pub networks: BTreeMap<String, Network>,
    /// The next VXLAN ID (4097 for the first overlay; ingress has 4096).
    pub next_vxlan: u32,
    /// By service ID.
    pub services: BTreeMap<String, crate::engine::swarm::services::Service>,
    /// Each node's load-balancer endpoint on an overlay its containers use, by (network ID,
    /// host): libnetwork's `lb-NAME` sandbox (moby `libnetwork/network.go`,
    /// `lbSandboxName`), its address from the overlay's pool.
    pub lb_endpoints: BTreeMap<(String, String), lb::LbEndpoint>,
    /// While a service's tasks are placed, the nodes' load-balancer addresses wait: swarmkit
    /// allocates the tasks' addresses first.
    pub lb_deferred: bool,
}

impl Swarm {
    /// The manager that leads: the earliest to join among managers still in the swarm.
    pub fn leader(&self) -> Option<&Node> {
        self.nodes
            .values()
            .filter(|n| n.role == Role::Manager)
            .min_by_key(|n| (n.joined, n.id.clone()))
    }
}

/// Why a swarm operation was refused (moby `daemon/cluster/errors.go` and swarmkit).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SwarmError {
    AlreadyInSwarm,
    NotInSwarm,
    /// Not in a swarm: the command needs a manager.
    NotManagerNoSwarm,
    /// A worker: the command needs a manager.
    NotManagerWorker,
    /// `swarm leave` on the last manager without `--force`.
    LeaveManager,
    /// `swarm leave` on a manager without `--force`, the quorum safe without it.
    LeaveManagerConsensus,
    /// `swarm leave` on a manager whose leaving loses the Raft quorum: managers still
    /// reachable after it leaves, and all managers.
    LeaveQuorum {
        left: usize,
        total: usize,
    },
    JoinTimeout,
    /// The address answers but nothing listens on 2377 there (no manager): gRPC's dial error.
    JoinRefused(String),
    /// No host has that address (or it is powered off): the dial finds no route.
    JoinNoRoute(String),
    /// The manager's name resolves nowhere: Go's resolver error (the host's resolver).
    JoinLookup(String),
    /// swarmkit `ca/config.go`: not shaped `SWMTKN-1-<ca>-<secret>`.
    MalformedToken,
    /// swarmkit `ca/certificates.go`: the token's CA digest is another swarm's.
    ForeignCa(String),
    /// swarmkit `ca/server.go`: the right swarm, a wrong secret.
    InvalidToken,
    /// `--advertise-addr` is neither an address of this host nor one of its interfaces.
    AdvertiseAddr(String),
    /// sdc-docker has no swarm mode: the data center already is the cluster.
    Triton(crate::engine::EngineError),
    /// An authorization plugin refused the request: dockerd's refusal, word for word.
    Authz(AuthzError),
}

impl fmt::Display for SwarmError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SwarmError::Triton(e) => write!(f, "{e}"),
            SwarmError::Authz(refusal) => write!(f, "{refusal}"),
            SwarmError::AlreadyInSwarm => write!(
                f,
                "This node is already part of a swarm. Use \"docker swarm leave\" to leave this swarm and join another one."
            ),
            SwarmError::NotInSwarm => write!(f, "This node is not part of a swarm"),
            // The same refusal as the daemon's for `network create -d overlay`.
            SwarmError::NotManagerNoSwarm => write!(f, "{}", EngineError::NotSwarmManager),
            SwarmError::NotManagerWorker => write!(
                f,
                "This node is not a swarm manager. Worker nodes can't be used to view or modify cluster state. Please run this command on a manager node or promote the current node to a manager."
            ),
            // moby `daemon/cluster/swarm.go` `Leave`: the message keeps its trailing space.
            SwarmError::LeaveManager => write!(
                f,
                "You are attempting to leave the swarm on a node that is participating as a manager. Removing the last manager erases all current state of the swarm. Use `--force` to ignore this message. "
            ),
            SwarmError::LeaveManagerConsensus => write!(
                f,
                "You are attempting to leave the swarm on a node that is participating as a manager. The only way to restore a swarm that has lost consensus is to reinitialize it with `--force-new-cluster`. Use `--force` to suppress this message."
            ),
            SwarmError::LeaveQuorum { left, total } => write!(
                f,
                "You are attempting to leave the swarm on a node that is participating as a manager. Removing this node leaves {left} managers out of {total}. Without a Raft quorum your swarm will be inaccessible. The only way to restore a swarm that has lost consensus is to reinitialize it with `--force-new-cluster`. Use `--force` to suppress this message."
            ),
            SwarmError::JoinRefused(addr) => write!(
                f,
                "rpc error: code = Unavailable desc = connection error: desc = \"transport: Error while dialing: dial tcp {addr}: connect: connection refused\""
            ),
            SwarmError::JoinNoRoute(addr) => write!(
                f,
                "rpc error: code = Unavailable desc = connection error: desc = \"transport: Error while dialing: dial tcp {addr}: connect: no route to host\""
            ),
            // Go `net.DNSError`: `lookup NAME on SERVER: no such host`, inside gRPC's dial
            // error; the server is the host's systemd-resolved stub (the lab's
            // `HOST_NAMESERVER`, named here as text: this folder sits below the lab).
            SwarmError::JoinLookup(name) => write!(
                f,
                "rpc error: code = Unavailable desc = connection error: desc = \"transport: Error while dialing: dial tcp: lookup {name} on 127.0.0.53:53: no such host\""
            ),
            SwarmError::MalformedToken => write!(f, "invalid join token"),
            SwarmError::ForeignCa(expected) => {
                write!(f, "remote CA does not match fingerprint. Expected: {expected}")
            }
            SwarmError::JoinTimeout => write!(
                f,
                "Timeout was reached before node joined. The attempt to join the swarm will continue in the background. Use the \"docker info\" command to see the current swarm status of your node."
            ),
            SwarmError::InvalidToken => write!(
                f,
                "rpc error: code = InvalidArgument desc = A valid join token is necessary to join this cluster"
            ),
            SwarmError::AdvertiseAddr(_) => write!(
                f,
                "advertise address must be a non-zero IP address or network interface (with optional port number)"
            ),
        }
    }
}

impl std::error::Error for SwarmError {}

impl World {
    /// The daemon's middleware for a swarm or service request from `caller`: the plugins
    /// judge it before the route runs. Swarm's routes are not in the broker's table, so the
    /// action is `""`. A host that does not exist has no plugin to ask: the operation then
    /// answers for itself.
    pub(in crate::engine) fn authorize_swarm(
        &self,
        host: &str,
        caller: &Caller,
    ) -> Result<(), SwarmError> {
        match self.authorize_plain(host, caller, Action::None) {
            Err(EngineError::Authz(refusal)) => Err(SwarmError::Authz(refusal)),
            _ => Ok(()),
        }
    }

    pub fn swarm(&self) -> Option<&Swarm> {
        self.swarm.as_ref()
    }

    /// The node this host is in the swarm, if it is.
    pub fn swarm_node(&self, host: &str) -> Option<&Node> {
        self.swarm.as_ref()?.nodes.get(host)
    }

    /// `POST /swarm/init`: a new swarm with this host as its leader. Returns the node ID.
    pub fn swarm_init(
        &mut self,
        host: &str,
        caller: &Caller,
        advertise_addr: Option<&str>,
    ) -> Result<String, SwarmError> {
        self.authorize_swarm(host, caller)?;
        self.platform_implements(host, "swarm init")
            .map_err(SwarmError::Triton)?;
        self.host(host).map_err(|_| SwarmError::NotInSwarm)?;
        if self.swarm_node(host).is_some() {
            return Err(SwarmError::AlreadyInSwarm);
        }
        let addr = self.advertise_addr(host, advertise_addr)?;
        // A world keeps one swarm: a second `init` elsewhere replaces a swarm whose managers
        // have all left.
        if self.swarm.as_ref().is_some_and(|s| s.leader().is_some()) {
            return Err(SwarmError::AlreadyInSwarm);
        }
        let id = self.rng.base36(25);
        let cluster = self.rng.base36(50);
        let worker_token = format!("SWMTKN-1-{cluster}-{}", self.rng.base36(25));
        let manager_token = format!("SWMTKN-1-{cluster}-{}", self.rng.base36(25));
        let ingress_id = self.rng.base36(25);
        let node_id = self.rng.base36(25);
        let gossip_name = gossip_name(&node_id);
        let mut nodes = BTreeMap::new();
        nodes.insert(
            host.to_string(),
            Node {
                id: node_id.clone(),
                host: host.to_string(),
                role: Role::Manager,
                joined: self.now,
                addr,
                gossip_name,
            },
        );
        *self.swarm = Some(Swarm {
            id,
            advertise_addr: addr,
            worker_token,
            manager_token,
            nodes,
            ingress_id,
            networks: BTreeMap::new(),
            next_vxlan: 4097,
            services: BTreeMap::new(),
            lb_endpoints: BTreeMap::new(),
            lb_deferred: false,
        });
        self.add_swarm_networks(host);
        Ok(node_id)
    }

    /// `--advertise-addr` of `swarm init` or `join`: an address (with an optional port), or
    /// `eth0`, the host's interface; else the host's underlay address.
    fn advertise_addr(&self, host: &str, text: Option<&str>) -> Result<Ipv4Addr, SwarmError> {
        let underlay_ip = self
            .host(host)
            .map_err(|_| SwarmError::NotInSwarm)?
            .machine
            .underlay_ip;
        match text {
            None | Some("eth0") => Ok(underlay_ip),
            Some(text) => {
                let ip_text = text.rsplit_once(':').map_or(text, |(ip, _)| ip);
                match ip_text.parse::<Ipv4Addr>() {
                    Ok(ip) if !ip.is_unspecified() => Ok(ip),
                    _ => Err(SwarmError::AdvertiseAddr(text.to_string())),
                }
            }
        }
    }

    /// `POST /swarm/join` with a token and the manager's `ADDR[:PORT]`.
    pub fn swarm_join(
        &mut self,
        host: &str,
        caller: &Caller,
        join: &SwarmJoin,
    ) -> Result<Role, SwarmError> {
        let (token, remote) = (join.token.as_str(), join.remote.as_str());
        self.authorize_swarm(host, caller)?;
        self.platform_implements(host, "swarm join")
            .map_err(SwarmError::Triton)?;
        if self.swarm_node(host).is_some() {
            return Err(SwarmError::AlreadyInSwarm);
        }
        // swarmkit parses the token before it dials anyone.
        let parts: Vec<&str> = token.split('-').collect();
        let shaped = matches!(parts.as_slice(), ["SWMTKN", "1", ca, secret]
            if ca.len() == 50 && secret.len() == 25
                && ca.chars().chain(secret.chars()).all(|c| c.is_ascii_alphanumeric()));
        if !shaped {
            return Err(SwarmError::MalformedToken);
        }
        let (ip_text, port) = match remote.rsplit_once(':') {
            Some((ip, port)) => (ip, port.parse::<u16>().ok()),
            None => (remote, Some(SWARM_PORT)),
        };
        // The address as the host's resolver answers it: the same names `ping` finds. Go's
        // dial error then names the address, not the name.
        let Some(ip) = self.resolve_on_host(ip_text) else {
            return Err(SwarmError::JoinLookup(ip_text.to_string()));
        };
        let addr = format!("{ip}:{}", port.unwrap_or(SWARM_PORT));
        let advertised = self.advertise_addr(host, join.advertise_addr.as_deref())?;
        // The manager must answer on its control-plane port across the underlay: a powered
        // off or absent host is no route; a firewall that drops 2377 is a wait that times
        // out; a host where no manager listens refuses at once.
        let target = self.host_by_underlay_ip(ip).filter(|m| m.machine.running);
        let Some(target) = target else {
            return Err(SwarmError::JoinNoRoute(addr));
        };
        if !target.firewall_allows(Proto::Tcp, SWARM_PORT) && target.name != host {
            return Err(SwarmError::JoinTimeout);
        }
        let listening = port == Some(SWARM_PORT)
            && self
                .swarm
                .as_ref()
                .and_then(|s| s.nodes.get(&target.name))
                .is_some_and(|n| n.role == Role::Manager);
        let Some(swarm) = self.swarm.as_ref().filter(|_| listening) else {
            return Err(SwarmError::JoinRefused(addr));
        };
        let ca = |t: &str| t.split('-').nth(2).map(str::to_string);
        if ca(token) != ca(&swarm.worker_token) {
            let expected =
                crate::engine::docker::image::digest_of(parts.get(2).copied().unwrap_or_default());
            return Err(SwarmError::ForeignCa(expected));
        }
        let role = if token == swarm.worker_token {
            Role::Worker
        } else if token == swarm.manager_token {
            Role::Manager
        } else {
            return Err(SwarmError::InvalidToken);
        };
        let node_id = self.rng.base36(25);
        let gossip_name = gossip_name(&node_id);
        let now = self.now;
        if let Some(swarm) = &mut *self.swarm {
            swarm.nodes.insert(
                host.to_string(),
                Node {
                    id: node_id,
                    host: host.to_string(),
                    role,
                    joined: now,
                    addr: advertised,
                    gossip_name,
                },
            );
        }
        self.add_swarm_networks(host);
        Ok(role)
    }

    /// `POST /swarm/leave[?force=1]`.
    pub fn swarm_leave(
        &mut self,
        host: &str,
        caller: &Caller,
        force: bool,
    ) -> Result<(), SwarmError> {
        self.authorize_swarm(host, caller)?;
        let node = self.swarm_node(host).ok_or(SwarmError::NotInSwarm)?;
        if node.role == Role::Manager && !force {
            // moby `daemon/cluster/swarm.go` `Leave`: the last manager, or a leave that
            // loses the quorum, needs `--force`.
            let managers: Vec<&Node> = self
                .swarm
                .iter()
                .flat_map(|s| s.nodes.values())
                .filter(|n| n.role == Role::Manager)
                .collect();
            let reachable = managers
                .iter()
                .filter(|n| self.host(&n.host).is_ok_and(|h| h.machine.running))
                .count();
            let unreachable = managers.len().saturating_sub(reachable);
            // moby `daemon/cluster/utils.go`: `removingManagerCausesLossOfQuorum` is
            // `reachable-2 <= unreachable`, `isLastManager` `reachable == 1 && unreachable == 0`.
            let loses_quorum = reachable < unreachable.saturating_add(3);
            if loses_quorum && reachable == 1 && unreachable == 0 {
                return Err(SwarmError::LeaveManager);
            }
            if loses_quorum {
                return Err(SwarmError::LeaveQuorum {
                    left: reachable.saturating_sub(1),
                    total: reachable.saturating_add(unreachable),
                });
            }
            // Even with the quorum safe, a manager leaves only with `--force`.
            return Err(SwarmError::LeaveManagerConsensus);
        }
        self.leave_cleanup(host);
        if let Some(swarm) = &mut *self.swarm {
            swarm.nodes.remove(host);
            if swarm.nodes.is_empty() {
                *self.swarm = None;
            }
        }
        Ok(())
    }

    /// What leaving takes from a node: its service tasks, its containers' endpoints on the
    /// swarm's overlays, and the overlays themselves (`ingress` included).
    pub(in crate::engine) fn leave_cleanup(&mut self, host: &str) {
        let lbs: Vec<(String, String)> = self
            .swarm
            .iter()
            .flat_map(|s| s.lb_endpoints.keys())
            .filter(|(_, node)| node == host)
            .cloned()
            .collect();
        for key in lbs {
            if let Some(lb) = self
                .swarm
                .as_mut()
                .and_then(|s| s.lb_endpoints.remove(&key))
            {
                self.swarm_pool_release(&key.0, lb.ip);
            }
        }
        let Some(swarm) = &*self.swarm else { return };
        let overlays: Vec<String> = swarm.networks.keys().cloned().collect();
        let tasks: Vec<String> = swarm
            .services
            .values()
            .flat_map(|s| s.tasks.iter())
            .filter(|t| t.host == host)
            .map(|t| t.container_id.clone())
            .collect();
        for service in self.swarm.iter_mut().flat_map(|s| s.services.values_mut()) {
            service.tasks.retain(|t| t.host != host);
        }
        for id in tasks {
            let _ = self.container_remove(host, &Caller::daemon(), &id, true, false);
        }
        let attached: Vec<(String, String)> = self
            .host(host)
            .map(|h| {
                h.containers
                    .values()
                    .flat_map(|c| {
                        overlays
                            .iter()
                            .filter(|n| c.networks.contains_key(*n))
                            .map(|n| (c.id.clone(), n.clone()))
                    })
                    .collect()
            })
            .unwrap_or_default();
        for (container, network) in attached {
            if self
                .network_disconnect(host, &Caller::daemon(), &network, &container)
                .is_err()
            {
                // A stopped container holds no endpoint: its attachment just goes.
                if let Ok(h) = self.host_mut(host) {
                    if let Some(c) = h.containers.get_mut(&container) {
                        c.networks.remove(&network);
                    }
                }
            }
        }
        if let Ok(h) = self.host_mut(host) {
            for id in &overlays {
                h.networks.remove(id);
            }
        }
    }

    /// `GET /nodes`: the swarm as a manager sees it, its nodes. Refused on a worker or
    /// outside a swarm.
    pub fn node_list(&self, host: &str, caller: &Caller) -> Result<Vec<&Node>, SwarmError> {
        self.authorize_swarm(host, caller)?;
        self.manager_nodes(host)
    }

    /// The nodes, if `host` is a manager; the daemon's refusal otherwise.
    fn manager_nodes(&self, host: &str) -> Result<Vec<&Node>, SwarmError> {
        match self.swarm_node(host) {
            None => Err(SwarmError::NotManagerNoSwarm),
            Some(n) if n.role == Role::Worker => Err(SwarmError::NotManagerWorker),
            Some(_) => Ok(self
                .swarm
                .as_ref()
                .map(|s| s.nodes.values().collect())
                .unwrap_or_default()),
        }
    }

    /// `GET /swarm`: a manager's view of the join tokens, and where to join.
    pub fn join_token(
        &self,
        host: &str,
        caller: &Caller,
        role: Role,
    ) -> Result<(String, Ipv4Addr), SwarmError> {
        self.authorize_swarm(host, caller)?;
        self.manager_nodes(host)?;
        let swarm = self.swarm.as_ref().ok_or(SwarmError::NotManagerNoSwarm)?;
        let token = match role {
            Role::Worker => swarm.worker_token.clone(),
            Role::Manager => swarm.manager_token.clone(),
        };
        Ok((token, swarm.advertise_addr))
    }

    /// `docker network create -d overlay`: only a swarm manager makes one.
    pub(in crate::engine) fn overlay_create_on_manager(
        &mut self,
        host: &str,
        request: NetworkCreate,
    ) -> Result<String, EngineError> {
        match self.swarm_node(host).map(|n| n.role) {
            Some(Role::Manager) => self.overlay_create(host, request),
            Some(Role::Worker) => Err(EngineError::OverlayFromWorker),
            None => Err(EngineError::NotSwarmManager),
        }
    }

    /// `docker network create -d overlay` on a manager: a swarm-scoped network, its subnet the
    /// next free /24 of 10.0.0.0/8 (ingress has 10.0.0.0/24), its VXLAN ID the next from 4097.
    pub(in crate::engine) fn overlay_create(
        &mut self,
        host: &str,
        request: NetworkCreate,
    ) -> Result<String, EngineError> {
        let Some(swarm) = &*self.swarm else {
            return Err(EngineError::NotSwarmManager);
        };
        if swarm.networks.values().any(|n| n.name == request.name) {
            return Err(EngineError::NetworkNameExists(request.name));
        }
        let mut taken: Vec<Ipv4Cidr> = swarm
            .networks
            .values()
            .filter_map(|n| n.ipam.as_ref().map(|i| i.subnet))
            .collect();
        taken.extend(Ipv4Cidr::new(Ipv4Addr::new(10, 0, 0, 0), 24));
        let subnet = match request.subnet {
            Some(subnet) if taken.iter().any(|t| t.overlaps(&subnet)) => {
                return Err(EngineError::PoolOverlaps)
            }
            Some(subnet) => subnet,
            None => (1u8..=255)
                .filter_map(|n| Ipv4Cidr::new(Ipv4Addr::new(10, 0, n, 0), 24))
                .find(|pool| !taken.iter().any(|t| t.overlaps(pool)))
                .ok_or(EngineError::PoolsExhausted)?,
        };
        let ipam = Ipam::configured(
            subnet, request.gateway, request.ip_range, request.aux_addresses,
        )
        .map_err(|_| EngineError::PoolsExhausted)?;
        let vxlan = swarm.next_vxlan;
        let id = self.rng.base36(25);
        let mut options = request.options;
        options.insert(
            "com.docker.network.driver.overlay.vxlanid_list".into(),
            vxlan.to_string(),
        );
        let network = Network {
            id: id.clone(),
            name: request.name.clone(),
            driver: Driver::Overlay,
            created: self.now,
            ipam: Some(ipam),
            ipam_options_null: false,
            bridge_device: None,
            predefined: false,
            internal: request.internal,
            attachable: request.attachable,
            options,
            labels: request.labels,
        };
        let managers: Vec<String> = swarm
            .nodes
            .values()
            .filter(|n| n.role == Role::Manager)
            .map(|n| n.host.clone())
            .collect();
        if let Some(swarm) = &mut *self.swarm {
            swarm.next_vxlan = vxlan.saturating_add(1);
            swarm.networks.insert(id.clone(), network.clone());
        }
        for manager in managers {
            if let Ok(h) = self.host_mut(&manager) {
                h.networks.insert(id.clone(), network.clone());
            }
        }
        self.emit(host, "network", "create", &id, &request.name);
        Ok(id)
    }

    /// Brings a swarm overlay named `key` onto this node if a container here is about to join
    /// it: `Some(id)` if it was added. Only `--attachable` overlays take standalone containers.
    pub(in crate::engine) fn overlay_materialize(
        &mut self,
        host: &str,
        key: &str,
        by_client: bool,
    ) -> Result<Option<String>, EngineError> {
        if self.swarm_node(host).is_none() {
            return Ok(None);
        }
        let h = self.host(host)?;
        if let Ok(id) = crate::engine::docker::networks::resolve_network(h, key) {
            let Some(local) = h.networks.get(&id) else {
                return Ok(None);
            };
            // A manager holds every overlay, but a client's container still asks swarmkit to
            // attach it (moby `daemon/container_operations.go`, `findAndAttachNetwork`), and
            // swarmkit refuses a network created without `--attachable`.
            let swarm_scoped = self
                .swarm
                .as_ref()
                .is_some_and(|s| s.networks.contains_key(&local.id));
            if by_client && swarm_scoped && !local.attachable {
                return Err(EngineError::NotAttachable {
                    name: local.name.clone(),
                    id: local.id.clone(),
                });
            }
            return Ok(None);
        }
        let Some(network) = self.swarm.as_ref().and_then(|s| {
            s.networks
                .values()
                .find(|n| n.name == key || n.id == key)
                .cloned()
        }) else {
            return Ok(None);
        };
        if !network.attachable && by_client {
            return Err(EngineError::NotAttachable {
                name: network.name,
                id: network.id,
            });
        }
        let id = network.id.clone();
        self.host_mut(host)?.networks.insert(id.clone(), network);
        Ok(Some(id))
    }

    /// After an operation on `host`: the swarm's copy of each overlay takes that node's
    /// address pool, and every other node's copy follows, so an address taken on one node is
    /// taken on all. A worker's copy goes once no container of that node uses it.
    pub(in crate::engine) fn overlay_sync(&mut self, host: &str) {
        let Some(swarm) = &*self.swarm else { return };
        let Ok(h) = self.host(host) else { return };
        let changed: Vec<(String, Option<Ipam>)> = h
            .networks
            .values()
            .filter(|n| n.driver == Driver::Overlay && swarm.networks.contains_key(&n.id))
            .filter(|n| swarm.networks.get(&n.id).map(|m| &m.ipam) != Some(&n.ipam))
            .map(|n| (n.id.clone(), n.ipam.clone()))
            .collect();
        let worker = swarm
            .nodes
            .get(host)
            .is_some_and(|n| n.role == Role::Worker);
        let unused: Vec<String> = if worker {
            h.networks
                .values()
                .filter(|n| n.driver == Driver::Overlay && swarm.networks.contains_key(&n.id))
                .filter(|n| n.id != swarm.ingress_id)
                // The network leaves with the last endpoint: a stopped container's
                // attachment does not keep it (it comes back when the container starts).
                .filter(|n| !h.containers.values().any(|c| c.endpoint(&n.id).is_some()))
                .map(|n| n.id.clone())
                .collect()
        } else {
            Vec::new()
        };
        for (id, ipam) in changed {
            if let Some(master) = self.swarm.as_mut().and_then(|s| s.networks.get_mut(&id)) {
                master.ipam = ipam.clone();
            }
            for other in self.hosts.values_mut() {
                if let Some(copy) = other.networks.get_mut(&id) {
                    copy.ipam = ipam.clone();
                }
            }
        }
        if let Some(h) = self.hosts.get_mut(host) {
            for id in unused {
                h.networks.remove(&id);
            }
        }
        self.lb_sync(host);
    }

    /// `docker network rm` of an overlay: refused while a container on any node has an
    /// endpoint on it; then gone from the swarm and every node.
    pub(in crate::engine) fn overlay_remove(
        &mut self,
        host: &str,
        id: &str,
        name: &str,
    ) -> Result<(), EngineError> {
        if self.swarm.as_ref().is_some_and(|s| s.ingress_id == id) {
            return Err(EngineError::IngressRemove);
        }
        let endpoints: Vec<(String, String)> = self
            .hosts
            .values()
            .flat_map(|h| h.containers_in_order())
            .filter(|c| c.endpoint(id).is_some())
            .map(|c| (c.name.clone(), c.short_id().to_string()))
            .collect();
        if !endpoints.is_empty() {
            return Err(EngineError::ActiveEndpoints {
                network: name.to_string(),
                endpoints,
            });
        }
        if let Some(swarm) = &mut *self.swarm {
            swarm.networks.remove(id);
        }
        for h in self.hosts.values_mut() {
            h.networks.remove(id);
        }
        self.emit(host, "network", "destroy", id, name);
        Ok(())
    }

    /// `ingress` and `docker_gwbridge` on a node that just entered the swarm.
    fn add_swarm_networks(&mut self, host: &str) {
        let Some(swarm) = &*self.swarm else { return };
        let ingress_id = swarm.ingress_id.clone();
        let now = self.now;
        let has_gwbridge = self
            .host(host)
            .is_ok_and(|h| h.network_by_name("docker_gwbridge").is_some());
        if !has_gwbridge {
            let options: BTreeMap<String, String> = [
                ("com.docker.network.bridge.enable_icc", "false"),
                ("com.docker.network.bridge.enable_ip_masquerade", "true"),
                ("com.docker.network.bridge.name", "docker_gwbridge"),
            ]
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
            // Fails only when the default pools are exhausted; dockerd then goes on without it.
            let _ = self.network_create(
                host,
                &Caller::daemon(),
                NetworkCreate {
                    name: "docker_gwbridge".into(),
                    options,
                    ..NetworkCreate::default()
                },
            );
        }
        let Some(subnet) = Ipv4Cidr::new(Ipv4Addr::new(10, 0, 0, 0), 24) else {
            return;
        };
        // The swarm keeps the one true copy of `ingress` too, so its pool is shared.
        let existing = self
            .swarm
            .as_ref()
            .and_then(|s| s.networks.get(&ingress_id).cloned());
        let ingress = existing.unwrap_or(Network {
            id: ingress_id.clone(),
            name: "ingress".into(),
            driver: Driver::Overlay,
            created: now,
            ipam: Ipam::with_first_gateway(subnet),
            ipam_options_null: false,
            bridge_device: None,
            predefined: false,
            internal: false,
            attachable: false,
            options: [(
                "com.docker.network.driver.overlay.vxlanid_list".to_string(),
                "4096".to_string(),
            )]
            .into_iter()
            .collect(),
            labels: BTreeMap::new(),
        });
        if let Some(swarm) = &mut *self.swarm {
            swarm
                .networks
                .entry(ingress_id.clone())
                .or_insert_with(|| ingress.clone());
        }
        let managed: Vec<Network> = if self
            .swarm_node(host)
            .is_some_and(|n| n.role == Role::Manager)
        {
            self.swarm
                .as_ref()
                .map(|s| s.networks.values().cloned().collect())
                .unwrap_or_default()
        } else {
            Vec::new()
        };
        if let Ok(h) = self.host_mut(host) {
            h.networks.insert(ingress_id, ingress);
            for n in managed {
                h.networks.insert(n.id.clone(), n);
            }
        }
    }
}
