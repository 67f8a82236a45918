//! What a Weave Net router reports about itself (`weave status` and its sub-reports, and
//! `weave report`), computed from the routers in the world.
//!
//! Contract:
//! - A connection exists for each target a router was given (`weave launch PEERS`,
//!   `weave connect`). Two routers that name each other keep one connection: the one the
//!   router with the smaller host name opened.
//! - A connection is `established` when the TCP control connection (6783/tcp on the side
//!   connected to) is up and a data path works: fast datapath if 6784/udp is open at both
//!   ends, else sleeve on 6783/udp; with neither, it stays `pending`. When TCP cannot
//!   connect it is `retrying`, with the dial error.
//! - Peers are the routers the mesh reaches (gossip carries the topology); IPAM owners are
//!   the reachable peers that own address space.

use std::net::Ipv4Addr;

use crate::engine::addons::weave::{BRIDGE, RANGE};
use crate::engine::docker::ports::Proto;
use crate::engine::{Host, World};

/// The router's own status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WeaveStatus {
    /// `NAME(NICKNAME)`: the peer name (a MAC) and the host name.
    pub name: String,
    pub nickname: String,
    pub encryption: bool,
    /// The addresses it was asked to connect to.
    pub targets: Vec<Ipv4Addr>,
    pub connections: Vec<Connection>,
    pub peers: Vec<Peer>,
    pub ipam: IpamState,
    pub owners: Vec<Owner>,
    pub dns: Vec<DnsEntry>,
    pub proxy: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IpamState {
    Ready,
    /// Owns nothing and reaches no peer that could grant space.
    AllOwnedByUnreachable,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConnectionState {
    Established {
        fastdp: bool,
    },
    /// TCP is up; no UDP heartbeat gets through.
    Pending,
    /// TCP cannot connect: the dial error.
    Retrying(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Connection {
    /// `->` (this router dialled) or `<-`.
    pub outbound: bool,
    /// `IP:PORT` of the other end.
    pub remote: String,
    pub state: ConnectionState,
    pub encrypted: bool,
    /// Either end was launched with a password: the status names the encryption.
    pub password_set: bool,
    /// The other router's name and nickname, once the handshake happened.
    pub peer: Option<(String, String)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Peer {
    pub name: String,
    pub nickname: String,
    /// Its connections that passed the handshake.
    pub connections: Vec<Connection>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Owner {
    pub name: String,
    pub nickname: String,
    pub size: u32,
    /// Addresses in use: attached containers and an exposed host.
    pub active: u32,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DnsEntry {
    pub name: String,
    pub ip: Ipv4Addr,
    /// The registering container's short ID.
    pub container: String,
    /// The peer it registered on.
    pub peer: String,
}

/// The source port the kernel picked for a connection, stable for a pair of hosts.
fn ephemeral_port(from: Ipv4Addr, to: Ipv4Addr) -> u16 {
    let mut h: u32 = 2_166_136_261;
    for b in from.octets().into_iter().chain(to.octets()) {
        h = (h ^ u32::from(b)).wrapping_mul(16_777_619);
    }
    32768 + u16::try_from(h % 28_000).unwrap_or(0)
}

impl World {
    /// The connection `from` opened to `to`, as `from` sees it; `None` if `to` is not a host
    /// of the lab.
    fn dialled(&self, from: &Host, to: &str) -> Option<Connection> {
        let target = self.host(to).ok()?;
        let remote = format!("{}:6783", target.machine.underlay_ip);
        let dial = |why: &str| ConnectionState::Retrying(format!("dial tcp4 {remote}: {why}"));
        let state = if !target.machine.running {
            dial("no route to host")
        } else if !target.firewall_allows(Proto::Tcp, 6783) {
            dial("connection timed out")
        } else if target.weave().is_none() {
            dial("connection refused")
        } else {
            let open = |port| {
                from.firewall_allows(Proto::Udp, port) && target.firewall_allows(Proto::Udp, port)
            };
            if open(6784) {
                ConnectionState::Established { fastdp: true }
            } else if open(6783) {
                ConnectionState::Established { fastdp: false }
            } else {
                ConnectionState::Pending
            }
        };
        let peer = (!matches!(state, ConnectionState::Retrying(_)))
            .then(|| {
                target
                    .weave()
                    .map(|r| (r.peer.clone(), target.name.clone()))
            })
            .flatten();
        // Weave encrypts when both ends share the password; one end alone cannot connect
        // in real life, which Berth does not model.
        let mine = from.weave().is_some_and(|r| r.password);
        let theirs = target
            .addons
            .weave_router
            .as_ref()
            .is_some_and(|r| r.password);
        Some(Connection {
            outbound: true,
            remote,
            state,
            encrypted: mine && theirs,
            password_set: mine || theirs,
            peer,
        })
    }

    /// Every connection of the router on `host`, outbound first, in host order.
    fn weave_connections(&self, h: &Host) -> Vec<Connection> {
        let Some(router) = h.weave() else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for target in &router.targets {
            // Both name each other: the smaller host name's connection is the one kept.
            let mutual = self
                .host(target)
                .ok()
                .and_then(|t| t.weave())
                .is_some_and(|r| r.targets.contains(&h.name));
            if mutual && target.as_str() < h.name.as_str() {
                continue;
            }
            out.extend(self.dialled(h, target));
        }
        for other in self.hosts().filter(|o| o.name != h.name) {
            let Some(theirs) = other.weave() else {
                continue;
            };
            if !theirs.targets.contains(&h.name) {
                continue;
            }
            if router.targets.contains(&other.name) && h.name < other.name {
                continue;
            }
            let Some(mut c) = self.dialled(other, &h.name) else {
                continue;
            };
            if matches!(c.state, ConnectionState::Retrying(_)) {
                // A dial that never arrived leaves no trace here.
                continue;
            }
            c.outbound = false;
            c.remote = format!(
                "{}:{}",
                other.machine.underlay_ip,
                ephemeral_port(other.machine.underlay_ip, h.machine.underlay_ip)
            );
            c.peer = Some((theirs.peer.clone(), other.name.clone()));
            out.push(c);
        }
        out
    }

    /// `weave status` on `host`; `None` when no router runs there.
    pub fn weave_status(&self, host: &str) -> Option<WeaveStatus> {
        let h = self.host(host).ok()?;
        let router = h.weave()?;
        let connections = self.weave_connections(h);
        let reached: Vec<&Host> = std::iter::once(h)
            .chain(
                self.hosts()
                    .filter(|o| o.name != h.name && o.weave().is_some())
                    .filter(|o| self.weave_mesh_path(&h.name, &o.name)),
            )
            .collect();
        let peers = reached
            .iter()
            .filter_map(|p| {
                let r = p.weave()?;
                Some(Peer {
                    name: r.peer.clone(),
                    nickname: p.name.clone(),
                    connections: self
                        .weave_connections(p)
                        .into_iter()
                        .filter(|c| c.peer.is_some())
                        .collect(),
                })
            })
            .collect();
        let owners: Vec<Owner> = reached
            .iter()
            .filter_map(|p| {
                let r = p.weave()?;
                let size: u32 = r.ranges.iter().map(|(s, e)| e.saturating_sub(*s)).sum();
                let attached = p
                    .containers
                    .values()
                    .filter(|c| c.pipework.iter().any(|l| l.bridge == BRIDGE))
                    .count();
                let active = u32::try_from(attached).unwrap_or(0) + u32::from(r.exposed.is_some());
                (size > 0).then(|| Owner {
                    name: r.peer.clone(),
                    nickname: p.name.clone(),
                    size,
                    active,
                })
            })
            .collect();
        let mut dns: Vec<DnsEntry> = reached
            .iter()
            .flat_map(|p| {
                let peer = p.weave().map(|r| r.peer.clone()).unwrap_or_default();
                p.containers_in_order().flat_map(move |c| {
                    let peer = peer.clone();
                    c.pipework
                        .iter()
                        .filter(|l| l.bridge == BRIDGE)
                        .map(move |l| DnsEntry {
                            name: c.name.clone(),
                            ip: l.ip,
                            container: c.short_id().to_string(),
                            peer: peer.clone(),
                        })
                })
            })
            .collect();
        dns.sort_by(|a, b| (&a.name, a.ip).cmp(&(&b.name, b.ip)));
        Some(WeaveStatus {
            name: router.peer.clone(),
            nickname: h.name.clone(),
            encryption: router.password,
            targets: router
                .targets
                .iter()
                .filter_map(|t| self.host(t).ok().map(|t| t.machine.underlay_ip))
                .collect(),
            connections,
            peers,
            ipam: if router.ranges.is_empty() {
                IpamState::AllOwnedByUnreachable
            } else {
                IpamState::Ready
            },
            owners,
            dns,
            proxy: router.proxy,
        })
    }
}

/// The share of the whole range a size is, in percent.
pub fn share_of_range(size: u32) -> f64 {
    let total = 1u64 << (32 - u32::from(RANGE.1));
    f64::from(size) * 100.0 / total as f64
}
