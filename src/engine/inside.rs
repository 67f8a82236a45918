//! What a process inside a container sees of the network: its interfaces and routes, the
//! files Docker writes (`/etc/hosts`, `/etc/resolv.conf`), name resolution, and whether a
//! packet reaches an address. Typed answers only; the CLI turns them into `ip addr`, `ping` or
//! `nslookup` output.
//!
//! Rules (reference/docker-semantics.md B.1–B.3, and Docker's networking docs):
//! - Containers on at least one user-defined network ask the embedded DNS server at
//!   127.0.0.11, which answers the names (container name, aliases, short ID, hostname, and
//!   `name.network`) of the containers sharing a network with the asker, with the address on
//!   that shared network. Other names go to the host's resolver.
//! - Containers only on the default bridge use a copy of the host's resolver: other
//!   containers' names do not resolve.
//! - A packet reaches a container only across a network both are on (Docker's isolation rules
//!   drop traffic between bridges), and only while the target runs and is not paused. The
//!   default bridge's `enable_icc` option can forbid even that.
//! - Addresses outside every local network go out through the gateway with NAT, unless the
//!   network is `--internal`; the simulated internet answers for a few well-known names.

use std::net::Ipv4Addr;

use super::container::Container;
use super::network::{Driver, Ipv4Cidr, Network};
use super::ports::Proto;
use super::{EngineError, Host, World};

/// The host's own resolver, as a systemd-resolved host has it.
pub const HOST_NAMESERVER: &str = "127.0.0.53";

/// A few addresses of the outside world, so that `ping google.com` behaves as in Docker's
/// tutorials (which show 172.217.3.174) while Berth makes no real request.
pub const INTERNET: &[(&str, Ipv4Addr)] = &[
    ("google.com", Ipv4Addr::new(172, 217, 3, 174)),
    ("www.google.com", Ipv4Addr::new(172, 217, 3, 164)),
    ("docker.com", Ipv4Addr::new(141, 193, 213, 20)),
    ("www.docker.com", Ipv4Addr::new(141, 193, 213, 21)),
    ("example.com", Ipv4Addr::new(93, 184, 215, 14)),
    ("one.one.one.one", Ipv4Addr::new(1, 1, 1, 1)),
    ("dns.google", Ipv4Addr::new(8, 8, 8, 8)),
];

/// One network interface of a container, in the order `ip addr` lists them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Interface {
    /// `eth0`, `eth1`, …
    pub name: String,
    /// The interface index inside the container, and its veth peer's on the host.
    pub index: u32,
    pub peer_index: u32,
    pub mac: String,
    pub ip: Ipv4Addr,
    pub prefix: u8,
    pub gateway: Ipv4Addr,
    pub network: String,
}

/// Which resolver a container asks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resolver {
    /// Docker's embedded DNS server, 127.0.0.11.
    Embedded,
    /// A copy of the host's resolv.conf (default bridge only): 8.8.8.8 when the host's only
    /// nameserver is a loopback address.
    Legacy,
    /// No network at all (`--network none`).
    None,
}

/// The answer to a name lookup.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lookup {
    /// The addresses, and whether they come from the embedded server (Docker's own records).
    Found {
        addresses: Vec<Ipv4Addr>,
        local: bool,
    },
    NotFound,
}

/// Why a packet does not arrive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Blocked {
    /// No interface but loopback: `sendto: Network unreachable`.
    NoRoute,
    /// The packet is dropped on the way (isolation between networks, a stopped or paused
    /// target, an internal network, nobody at that address): the sender waits in vain.
    Dropped(String),
}

/// What a hop touches in the picture, so the topology can light the path up hop by hop.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mark {
    Container {
        host: String,
        name: String,
    },
    Network {
        host: String,
        name: String,
    },
    /// A host's underlay interface.
    Eth0 {
        host: String,
    },
    Underlay,
    /// An overlay's VXLAN tunnel between hosts.
    Tunnel {
        network: String,
    },
}

/// One hop of a packet's path: what a learner reads, and what it touches in the picture.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hop {
    pub text: String,
    pub mark: Option<Mark>,
    /// The packet travels wrapped in another one here (VXLAN, Weave, flannel).
    pub encapsulation: Option<Encapsulation>,
    /// A router forwards the packet here, taking one off its TTL: what `traceroute` lists.
    pub router: Option<Ipv4Addr>,
}

/// The outer packet a tunnel wraps the container's packet in, from host to host.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Encapsulation {
    /// `VXLAN 4097`, `Weave sleeve`, `flannel udp`.
    pub header: String,
    pub outer_source: Ipv4Addr,
    pub outer_destination: Ipv4Addr,
    /// The UDP port the outer packet goes to.
    pub port: u16,
}

impl std::fmt::Display for Encapsulation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} in UDP {} → {}:{}",
            self.header, self.outer_source, self.outer_destination, self.port
        )
    }
}

impl Path {
    /// What the picture lights up, hop by hop, and whether the packet arrived.
    pub fn shown(&self) -> PathShown {
        let steps: Vec<&Hop> = self.hops.iter().filter(|h| h.mark.is_some()).collect();
        PathShown {
            marks: steps.iter().filter_map(|h| h.mark.clone()).collect(),
            texts: steps.iter().map(|h| h.text.clone()).collect(),
            encapsulations: steps.iter().map(|h| h.encapsulation.clone()).collect(),
            arrived: self.outcome.is_ok(),
        }
    }
}

/// A path as the topology shows it: for each lit hop, what it touches, what it says, and
/// the outer packet when the hop is inside a tunnel.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PathShown {
    pub marks: Vec<Mark>,
    pub texts: Vec<String>,
    pub encapsulations: Vec<Option<Encapsulation>>,
    pub arrived: bool,
}

impl Hop {
    pub fn at(mark: Mark, text: impl Into<String>) -> Hop {
        Hop {
            text: text.into(),
            mark: Some(mark),
            encapsulation: None,
            router: None,
        }
    }

    /// The same hop, made by a router at `ip`.
    pub fn routed(mut self, ip: Ipv4Addr) -> Hop {
        self.router = Some(ip);
        self
    }

    /// The same hop, made inside a tunnel.
    pub fn wrapped(mut self, encapsulation: &Encapsulation) -> Hop {
        self.encapsulation = Some(encapsulation.clone());
        self
    }
}

impl From<String> for Hop {
    fn from(text: String) -> Hop {
        Hop {
            text,
            mark: None,
            encapsulation: None,
            router: None,
        }
    }
}

impl From<&str> for Hop {
    fn from(text: &str) -> Hop {
        Hop::from(text.to_string())
    }
}

impl std::fmt::Display for Hop {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text)
    }
}

/// The underlay crossed, as a hop.
fn underlay_hop() -> Hop {
    let net = super::hosts::underlay()
        .map(|u| u.to_string())
        .unwrap_or_default();
    Hop::at(Mark::Underlay, format!("underlay {net}"))
}

fn container_mark(host: &Host, c: &Container) -> Mark {
    Mark::Container {
        host: host.name.clone(),
        name: c.name.clone(),
    }
}

fn network_mark(host: &Host, network: &Network) -> Mark {
    Mark::Network {
        host: host.name.clone(),
        name: network.name.clone(),
    }
}

/// Where a packet goes, hop by hop, and whether it arrives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Path {
    pub hops: Vec<Hop>,
    pub outcome: Result<Arrival, Blocked>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Arrival {
    /// Another container or the host, on a local network.
    Local,
    /// The container itself.
    Loopback,
    /// A host of the simulated internet, through NAT.
    Internet,
    /// Another host of the world, across the underlay (its address is the destination).
    Remote,
}

fn prefix_of(network: &Network) -> u8 {
    network.ipam.as_ref().map_or(0, |i| i.subnet.prefix())
}

impl World {
    fn container_on(&self, host: &str, key: &str) -> Result<(&Host, &Container), EngineError> {
        let h = self.host(host)?;
        let id = super::containers::resolve_container(h, key)?;
        let c = h
            .containers
            .get(&id)
            .ok_or_else(|| EngineError::NoSuchContainer(key.to_string()))?;
        Ok((h, c))
    }

    /// The container's interfaces with an address, in start order.
    pub fn container_interfaces(
        &self,
        host: &str,
        key: &str,
    ) -> Result<Vec<Interface>, EngineError> {
        let (h, c) = self.container_on(host, key)?;
        let mut out = Vec::new();
        for net_id in c.start_order() {
            let (Some(network), Some(endpoint)) = (h.networks.get(&net_id), c.endpoint(&net_id))
            else {
                continue;
            };
            let (Some(ip), Some(mac), Some(ipam)) = (endpoint.ip, endpoint.mac, &network.ipam)
            else {
                continue;
            };
            let position = u32::try_from(out.len()).unwrap_or(0);
            let index = endpoint.ifindex;
            out.push(Interface {
                name: format!("eth{position}"),
                index,
                peer_index: index + 1,
                mac: mac.to_string(),
                ip,
                prefix: prefix_of(network),
                gateway: ipam.gateway,
                network: network.name.clone(),
            });
        }
        // Pipework's interfaces come after Docker's (it adds `eth1` to a running container).
        for link in &c.pipework {
            out.push(Interface {
                name: link.interface.clone(),
                index: link.index,
                peer_index: link.index + 1,
                mac: link.mac.clone(),
                ip: link.ip,
                prefix: link.prefix,
                gateway: link.gateway.unwrap_or(Ipv4Addr::UNSPECIFIED),
                network: link.bridge.clone(),
            });
        }
        Ok(out)
    }

    /// Which resolver the container's /etc/resolv.conf names.
    pub fn container_resolver(&self, host: &str, key: &str) -> Result<Resolver, EngineError> {
        let (h, c) = self.container_on(host, key)?;
        let user_defined = c.networks.keys().any(|id| {
            c.endpoint(id).is_some() && h.networks.get(id).is_some_and(Network::serves_names)
        });
        Ok(if user_defined {
            Resolver::Embedded
        } else if c.network_mode == "none" {
            Resolver::None
        } else {
            Resolver::Legacy
        })
    }

    /// `/etc/hosts` as Docker writes it (moby `etchosts.Build`): localhost and the IPv6
    /// names, then one line per address of this container with its hostname.
    pub fn container_hosts_file(&self, host: &str, key: &str) -> Result<String, EngineError> {
        let (_, c) = self.container_on(host, key)?;
        let mut text = String::from(
            "127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\nfe00::\tip6-localnet\nff00::\tip6-mcastprefix\nff02::1\tip6-allnodes\nff02::2\tip6-allrouters\n",
        );
        for interface in self.container_interfaces(host, key)? {
            text.push_str(&format!("{}\t{}\n", interface.ip, c.hostname));
        }
        // Legacy links on the default bridge: `IP<TAB>alias hostname name`, with the target's
        // current address (rewritten when it restarts).
        if c.network_mode == "bridge" {
            for (alias, ip, target) in self.link_targets(host, c) {
                let mut names = vec![alias.clone(), target.hostname.clone()];
                if target.name != alias {
                    names.push(target.name.clone());
                }
                text.push_str(&format!("{ip}\t{}\n", names.join(" ")));
            }
        }
        Ok(text)
    }

    /// `/etc/resolv.conf` as Docker generates it (moby `internal/resolvconf`).
    pub fn container_resolv_conf(&self, host: &str, key: &str) -> Result<String, EngineError> {
        let header = "# Generated by Docker Engine.\n# This file can be edited; Docker Engine will not make further changes once it\n# has been modified.\n\n";
        Ok(match self.container_resolver(host, key)? {
            Resolver::Embedded => format!(
                "{header}nameserver 127.0.0.11\noptions ndots:0\n\n# Based on host file: '/etc/resolv.conf' (internal resolver)\n# ExtServers: [host({HOST_NAMESERVER})]\n# Overrides: []\n# Option ndots from: internal\n"
            ),
            // The host's only nameserver is a loopback address, which a container cannot use,
            // so Docker falls back to Google's public servers.
            Resolver::Legacy | Resolver::None => format!(
                "{header}nameserver 8.8.8.8\nnameserver 8.8.4.4\n\n# Based on host file: '/etc/resolv.conf' (legacy)\n# Used default nameservers.\n# Overrides: []\n"
            ),
        })
    }

    /// The running targets of a container's `--link`s, with their address on a network both
    /// share: `(alias, address, target)`.
    pub fn link_targets<'a>(
        &'a self,
        host: &str,
        c: &Container,
    ) -> Vec<(String, Ipv4Addr, &'a Container)> {
        let Ok(h) = self.host(host) else {
            return Vec::new();
        };
        c.links
            .iter()
            .filter_map(|(id, alias)| {
                let t = h.containers.get(id)?;
                let ip = c
                    .networks
                    .keys()
                    .find_map(|net| t.endpoint(net).and_then(|e| e.ip))?;
                Some((alias.clone(), ip, t))
            })
            .collect()
    }

    /// Resolves `name` as the container's resolver would (DNS only; the caller reads
    /// /etc/hosts first when the tool does, as `getent` and `ping` do).
    pub fn dns_lookup(&self, host: &str, key: &str, name: &str) -> Result<Lookup, EngineError> {
        let (h, c) = self.container_on(host, key)?;
        let query = name.trim_end_matches('.').to_ascii_lowercase();
        if self.container_resolver(host, key)? == Resolver::Embedded {
            // On a user-defined network a --link is a DNS alias.
            if let Some((_, ip, _)) = self
                .link_targets(host, c)
                .into_iter()
                .find(|(alias, _, _)| alias.eq_ignore_ascii_case(&query))
            {
                return Ok(Lookup::Found {
                    addresses: vec![ip],
                    local: true,
                });
            }
            let mut addresses = Vec::new();
            // Each user-defined network the asker is on, in start order: names of the
            // containers sharing it, answered with their address there.
            for net_id in c.start_order() {
                let Some(network) = h.networks.get(&net_id) else {
                    continue;
                };
                if !network.serves_names() || c.endpoint(&net_id).is_none() {
                    continue;
                }
                // A service on this network: its name answers with its VIP, `tasks.NAME`
                // with the address of each running task (reference D.4).
                if let Some(service) = self.service_on(&net_id, &query) {
                    if let Some(vip) = service.vips.get(&net_id) {
                        return Ok(Lookup::Found {
                            addresses: vec![*vip],
                            local: true,
                        });
                    }
                }
                if let Some(service) = query
                    .strip_prefix("tasks.")
                    .and_then(|name| self.service_on(&net_id, name))
                {
                    let addresses: Vec<Ipv4Addr> = self
                        .service_tasks(service)
                        .iter()
                        .filter_map(|(_, t)| t.endpoint(&net_id).and_then(|e| e.ip))
                        .collect();
                    if !addresses.is_empty() {
                        return Ok(Lookup::Found {
                            addresses,
                            local: true,
                        });
                    }
                }
                // An overlay spans the swarm: its names are those of every node.
                let members: Vec<&Container> = if network.driver == Driver::Overlay {
                    self.hosts().flat_map(Host::containers_in_order).collect()
                } else {
                    h.containers_in_order().collect()
                };
                for other in members {
                    let Some(ip) = other.endpoint(&net_id).and_then(|e| e.ip) else {
                        continue;
                    };
                    let names = dns_names(other, &net_id);
                    let hit = names.iter().any(|n| {
                        n.eq_ignore_ascii_case(&query)
                            || format!("{n}.{}", network.name).eq_ignore_ascii_case(&query)
                    });
                    if hit && !addresses.contains(&ip) {
                        addresses.push(ip);
                    }
                }
                if !addresses.is_empty() {
                    return Ok(Lookup::Found {
                        addresses,
                        local: true,
                    });
                }
            }
        }
        // weaveDNS, for a container on the weave network: NAME and NAME.weave.local.
        if c.pipework.iter().any(|l| l.bridge == super::weave::BRIDGE) {
            let addresses = self.weave_dns(host, &query);
            if !addresses.is_empty() {
                return Ok(Lookup::Found {
                    addresses,
                    local: true,
                });
            }
        }
        if self.container_resolver(host, key)? == Resolver::None {
            return Ok(Lookup::NotFound);
        }
        // Triton CNS names: public DNS, whoever asks.
        if let Some(addresses) = self.cns_lookup(&query) {
            return Ok(if addresses.is_empty() {
                Lookup::NotFound
            } else {
                Lookup::Found {
                    addresses,
                    local: false,
                }
            });
        }
        Ok(match INTERNET.iter().find(|(n, _)| *n == query) {
            Some((_, ip)) => Lookup::Found {
                addresses: vec![*ip],
                local: false,
            },
            None => Lookup::NotFound,
        })
    }

    /// Follows a packet from a container to an address.
    pub fn reach(&self, host: &str, key: &str, dst: Ipv4Addr) -> Result<Path, EngineError> {
        let (h, c) = self.container_on(host, key)?;
        let mut hops = vec![Hop::at(
            container_mark(h, c),
            format!(
                "{} ({})",
                c.name,
                if c.network_mode == "host" {
                    "host network"
                } else {
                    "its network namespace"
                }
            ),
        )];
        if dst.is_loopback() {
            hops.push(Hop::from("lo"));
            return Ok(Path {
                hops,
                outcome: Ok(Arrival::Loopback),
            });
        }
        if c.network_mode == "host" {
            return Ok(self.reach_in_host_namespace(h, dst, hops));
        }
        let interfaces = self.container_interfaces(host, key)?;
        if interfaces.is_empty() {
            return Ok(Path {
                hops,
                outcome: Err(Blocked::NoRoute),
            });
        }
        if interfaces.iter().any(|i| i.ip == dst) {
            hops.push(Hop::from("lo"));
            return Ok(Path {
                hops,
                outcome: Ok(Arrival::Loopback),
            });
        }
        // A pipework link: a plain Linux bridge on this host, no IPAM, no DNS.
        for link in &c.pipework {
            if !link.subnet().is_some_and(|s| s.contains(dst)) {
                continue;
            }
            if link.bridge == super::weave::BRIDGE {
                return Ok(self.weave_leg(h, link.interface.as_str(), dst, hops));
            }
            // Pipework on eth0: a macvlan, so the container sits on the LAN itself.
            if link.bridge == super::pipework::PHYSICAL {
                hops.push(Hop::at(
                    Mark::Eth0 {
                        host: h.name.clone(),
                    },
                    format!("{} → eth0 (pipework macvlan)", link.interface),
                ));
                if let Some(path) = self.lan_leg(h, c, dst, &mut hops, true) {
                    return Ok(path);
                }
            }
            hops.push(Hop::from(format!(
                "{} → {} (pipework veth)",
                link.interface, link.bridge
            )));
            let owners: Vec<&Container> = h
                .containers_in_order()
                .filter(|o| o.id != c.id)
                .filter(|o| {
                    o.pipework
                        .iter()
                        .any(|l| l.bridge == link.bridge && l.ip == dst)
                })
                .collect();
            let outcome = match owners.as_slice() {
                [] => Err(Blocked::Dropped(format!(
                    "nobody on {} answers for {dst}: pipework gave it to no running container (a restart takes eth1 away)",
                    link.bridge
                ))),
                [one] => {
                    hops.push(Hop::at(
                        container_mark(h, one),
                        format!("{} ({} on {})", one.name, dst, link.bridge),
                    ));
                    Ok(Arrival::Local)
                }
                [first, rest @ ..] => {
                    hops.push(Hop::at(
                        container_mark(h, first),
                        format!(
                            "{} ({dst} on {}; {} more claim it too, with no IPAM to stop them: the first ARP answer wins)",
                            first.name,
                            link.bridge,
                            rest.len()
                        ),
                    ));
                    Ok(Arrival::Local)
                }
            };
            return Ok(Path { hops, outcome });
        }
        // A directly connected network: the target must be on it, running, not paused.
        for interface in &interfaces {
            let Some(network) = h.network_by_name(&interface.network) else {
                continue;
            };
            let Some(ipam) = &network.ipam else { continue };
            if !ipam.subnet.contains(dst) {
                continue;
            }
            let device = match (&network.bridge_device, network.driver) {
                (Some(device), _) => device.clone(),
                (None, Driver::Overlay) => format!("br0 (overlay {})", network.name),
                (None, _) => network.name.clone(),
            };
            hops.push(Hop::at(
                network_mark(h, network),
                format!("{} → {}", interface.name, device),
            ));
            if dst == ipam.gateway {
                hops.push(Hop::from(format!("{device} (the host, {dst})")));
                return Ok(Path {
                    hops,
                    outcome: Ok(Arrival::Local),
                });
            }
            // A service's VIP: IPVS in the sender's namespace picks a task.
            if let Some(service) = self.service_by_vip(&network.id, dst) {
                let tasks = self.service_tasks(service);
                let Some((task_host, task)) = tasks.first().copied() else {
                    return Ok(Path {
                        hops,
                        outcome: Err(Blocked::Dropped(format!(
                            "{} has no running task behind its VIP {dst}",
                            service.name
                        ))),
                    });
                };
                hops.push(Hop::from(format!(
                    "IPVS: VIP {dst} of {} → {}",
                    service.name, task.name
                )));
                // A task without an address there (it is starting) cannot answer yet.
                if task.endpoint(&network.id).and_then(|e| e.ip).is_none() {
                    return Ok(Path {
                        hops,
                        outcome: Err(Blocked::Dropped(format!("{} has no address", task.name))),
                    });
                }
                if task_host.name == h.name {
                    hops.push(Hop::at(
                        container_mark(h, task),
                        format!("{} (eth on {})", task.name, network.name),
                    ));
                    return Ok(Path {
                        hops,
                        outcome: Ok(Arrival::Local),
                    });
                }
                return Ok(self.overlay_leg(h, task_host, task, network, hops));
            }
            let target = h
                .containers_in_order()
                .find(|o| o.endpoint(&network.id).and_then(|e| e.ip) == Some(dst));
            // A macvlan container's network is the LAN: what is not local is out on eth0,
            // except its own host, which macvlan never reaches.
            if target.is_none() && super::hosts::is_on_the_lan(network) {
                if let Some(path) =
                    self.lan_leg(h, c, dst, &mut hops, network.driver == Driver::Macvlan)
                {
                    return Ok(path);
                }
            }
            if target.is_none() && network.driver == Driver::Overlay {
                if let Some((remote, t)) = self.overlay_peer(&network.id, dst) {
                    return Ok(self.overlay_leg(h, remote, t, network, hops));
                }
            }
            let outcome = match target {
                None => Err(Blocked::Dropped(format!(
                    "no container has {dst} on {}",
                    network.name
                ))),
                Some(t) if t.is_paused() => Err(Blocked::Dropped(format!("{} is paused", t.name))),
                Some(_) if !icc(network) => Err(Blocked::Dropped(format!(
                    "{} forbids container-to-container traffic (enable_icc=false)",
                    network.name
                ))),
                Some(t) => {
                    hops.push(Hop::at(
                        container_mark(h, t),
                        format!("{} (eth on {})", t.name, network.name),
                    ));
                    Ok(Arrival::Local)
                }
            };
            return Ok(Path { hops, outcome });
        }
        // Not on a connected network: out through the first interface's gateway.
        let Some(first) = interfaces.first() else {
            return Ok(Path {
                hops,
                outcome: Err(Blocked::NoRoute),
            });
        };
        let network = h.network_by_name(&first.network);
        let first_network_mark = network.map(|n| network_mark(h, n));
        hops.push(Hop {
            text: format!("{} → gateway {}", first.name, first.gateway),
            mark: first_network_mark,
            encapsulation: None,
            router: Some(first.gateway),
        });
        if network.is_some_and(|n| n.internal) {
            return Ok(Path {
                hops,
                outcome: Err(Blocked::Dropped(format!(
                    "{} is internal: no route leaves the host",
                    first.network
                ))),
            });
        }
        // Flannel's network: routed to the host that holds the lease, no NAT.
        if let Some(path) = self.flannel_leg(h, dst, &mut hops) {
            return Ok(path);
        }
        // Another Docker network of this host: dropped by DOCKER-ISOLATION rules. (A Triton
        // data center has no such rules: its external network is the internet's side.)
        if let Some(other) = h
            .networks
            .values()
            .filter(|_| h.triton.is_none())
            .find(|n| n.ipam.as_ref().is_some_and(|i| i.subnet.contains(dst)))
        {
            hops.push(Hop::from(format!(
                "iptables DOCKER-ISOLATION drops {} → {}",
                first.network, other.name
            )));
            return Ok(Path {
                hops,
                outcome: Err(Blocked::Dropped(format!(
                    "{dst} is on {}, a network {} is not on",
                    other.name, c.name
                ))),
            });
        }
        if let Some(outcome) = {
            let mut leg = vec![Hop::at(
                Mark::Eth0 {
                    host: h.name.clone(),
                },
                format!("NAT (MASQUERADE) → eth0 {}", h.underlay_ip),
            )];
            let outcome = self.underlay_leg(h, dst, &mut leg);
            if outcome.is_some() {
                hops.extend(leg);
            }
            outcome
        } {
            return Ok(Path { hops, outcome });
        }
        hops.push(
            Hop::from("NAT (MASQUERADE) → the internet").routed(super::hosts::UNDERLAY_GATEWAY),
        );
        if let Some(outcome) = self.triton_public_leg(dst, &mut hops) {
            return Ok(Path { hops, outcome });
        }
        let outcome = if INTERNET.iter().any(|(_, ip)| *ip == dst) {
            Ok(Arrival::Internet)
        } else {
            Err(Blocked::Dropped(format!("nothing answers at {dst}")))
        };
        Ok(Path { hops, outcome })
    }
}

impl World {
    /// From a macvlan interface (Docker's driver or pipework on eth0): the container is on
    /// the LAN itself, so the packet goes straight out on the underlay, with no router and no
    /// NAT on the way; under macvlan only its own host is out of reach (a Hyper-V external
    /// switch has a port for its host). `None` if `dst` is not on the LAN.
    fn lan_leg(
        &self,
        h: &Host,
        c: &Container,
        dst: Ipv4Addr,
        hops: &mut Vec<Hop>,
        macvlan: bool,
    ) -> Option<Path> {
        if dst == h.underlay_ip && macvlan {
            return Some(Path {
                hops: std::mem::take(hops),
                outcome: Err(Blocked::Dropped(format!(
                    "{} cannot reach its own host {}: macvlan keeps them apart",
                    c.name, h.name
                ))),
            });
        }
        let outcome = self.underlay_leg(h, dst, hops)?.map(|a| match a {
            Arrival::Remote => Arrival::Local,
            other => other,
        });
        Some(Path {
            hops: std::mem::take(hops),
            outcome,
        })
    }

    /// From a laptop to one of its VirtualBox VMs, over the host-only network `vboxnet0`.
    fn host_only_leg(&self, laptop: &Host, dst: Ipv4Addr, mut hops: Vec<Hop>) -> Path {
        hops.push(Hop::from(format!(
            "vboxnet0 {}",
            super::machine::HOST_ONLY_GATEWAY
        )));
        let outcome = match self.machine_at(&laptop.name, dst) {
            None => Err(Blocked::Dropped(format!(
                "no VM of {} has {dst} on vboxnet0",
                laptop.name
            ))),
            Some(vm) if !vm.running => {
                Err(Blocked::Dropped(format!("the VM {} is stopped", vm.name)))
            }
            Some(vm) => {
                hops.push(Hop::at(
                    Mark::Eth0 {
                        host: vm.name.clone(),
                    },
                    format!("{} eth1 {dst} (host-only)", vm.name),
                ));
                Ok(Arrival::Remote)
            }
        };
        Path { hops, outcome }
    }

    /// The container of another node that holds `ip` on overlay `net_id`.
    pub fn overlay_peer(&self, net_id: &str, ip: Ipv4Addr) -> Option<(&Host, &Container)> {
        self.hosts().find_map(|h| {
            h.containers_in_order()
                .find(|c| c.endpoint(net_id).and_then(|e| e.ip) == Some(ip))
                .map(|c| (h, c))
        })
    }

    /// A packet to a container of another node on the same overlay: VXLAN across the
    /// underlay. The nodes must have learned each other's endpoints by gossip (7946/tcp and
    /// udp) and let VXLAN through (4789/udp) both ways.
    fn overlay_leg(
        &self,
        from: &Host,
        to: &Host,
        target: &Container,
        network: &Network,
        mut hops: Vec<Hop>,
    ) -> Path {
        let vni = network
            .options
            .get("com.docker.network.driver.overlay.vxlanid_list")
            .cloned()
            .unwrap_or_default();
        let dropped = |hops: Vec<Hop>, why: String| Path {
            hops,
            outcome: Err(Blocked::Dropped(why)),
        };
        for (host, other) in [(from, to), (to, from)] {
            for proto in [Proto::Tcp, Proto::Udp] {
                if !host.firewall_allows(proto, 7946) {
                    return dropped(
                        hops,
                        format!(
                            "{}'s firewall drops 7946/{}: without gossip {} and {} never learn where each other's containers are",
                            host.name,
                            proto.as_str(),
                            host.name,
                            other.name
                        ),
                    );
                }
            }
        }
        let vxlan = Encapsulation {
            header: format!("VXLAN {vni}"),
            outer_source: from.underlay_ip,
            outer_destination: to.underlay_ip,
            port: 4789,
        };
        hops.push(
            Hop::at(
                Mark::Tunnel {
                    network: network.name.clone(),
                },
                format!(
                    "vxlan {vni}: {} → {} udp/4789",
                    from.underlay_ip, to.underlay_ip
                ),
            )
            .wrapped(&vxlan),
        );
        hops.push(underlay_hop().wrapped(&vxlan));
        if !to.firewall_allows(Proto::Udp, 4789) {
            return dropped(
                hops,
                format!(
                    "{}'s firewall drops 4789/udp: the VXLAN packets never arrive",
                    to.name
                ),
            );
        }
        if !from.firewall_allows(Proto::Udp, 4789) {
            return dropped(
                hops,
                format!(
                    "{}'s firewall drops 4789/udp: the replies from {} never arrive",
                    from.name, to.name
                ),
            );
        }
        hops.push(Hop::at(
            network_mark(to, network),
            format!("{} decapsulates vxlan {vni}", to.name),
        ));
        if target.is_paused() {
            return dropped(hops, format!("{} is paused", target.name));
        }
        hops.push(Hop::at(
            container_mark(to, target),
            format!("{} (eth on {}, on {})", target.name, network.name, to.name),
        ));
        Path {
            hops,
            outcome: Ok(Arrival::Local),
        }
    }
}

impl World {
    /// A packet on the weave network: to the container holding `dst` on any host, through
    /// the routers: fast datapath on 6784/udp, else sleeve on 6783/udp.
    fn weave_leg(&self, from: &Host, interface: &str, dst: Ipv4Addr, mut hops: Vec<Hop>) -> Path {
        hops.push(Hop::at(
            Mark::Network {
                host: from.name.clone(),
                name: super::weave::BRIDGE.into(),
            },
            format!("{interface} → weave bridge"),
        ));
        let dropped = |hops: Vec<Hop>, why: String| Path {
            hops,
            outcome: Err(Blocked::Dropped(why)),
        };
        let Some((to, target)) = self.weave_owner(dst) else {
            return dropped(
                hops,
                format!("no container holds {dst} on the weave network"),
            );
        };
        if to.name != from.name {
            if from.weave().is_none() {
                return dropped(hops, format!("no weave router runs on {}", from.name));
            }
            if to.weave().is_none() {
                return dropped(hops, format!("no weave router runs on {}", to.name));
            }
            if !self.weave_mesh_path(&from.name, &to.name) {
                return dropped(
                    hops,
                    format!(
                        "the routers of {} and {} are not connected (weave connect, and 6783/tcp open)",
                        from.name, to.name
                    ),
                );
            }
            let open = |port| {
                from.firewall_allows(Proto::Udp, port) && to.firewall_allows(Proto::Udp, port)
            };
            let (via, header, port) = if open(6784) {
                (
                    "fast datapath (vxlan) udp/6784",
                    "Weave fast datapath (VXLAN)",
                    6784,
                )
            } else if open(6783) {
                (
                    "sleeve udp/6783 (fast datapath blocked)",
                    "Weave sleeve",
                    6783,
                )
            } else {
                hops.push(Hop::at(
                    Mark::Eth0 {
                        host: from.name.clone(),
                    },
                    format!("weave router on {}", from.name),
                ));
                return dropped(
                    hops,
                    "both the fast datapath (6784/udp) and sleeve (6783/udp) are blocked".into(),
                );
            };
            let wrap = Encapsulation {
                header: header.to_string(),
                outer_source: from.underlay_ip,
                outer_destination: to.underlay_ip,
                port,
            };
            hops.push(
                Hop::at(
                    Mark::Eth0 {
                        host: from.name.clone(),
                    },
                    format!(
                        "weave router: {} → {} {via}",
                        from.underlay_ip, to.underlay_ip
                    ),
                )
                .wrapped(&wrap),
            );
            hops.push(underlay_hop().wrapped(&wrap));
            hops.push(Hop::at(
                Mark::Eth0 {
                    host: to.name.clone(),
                },
                format!("weave router on {}", to.name),
            ));
        }
        if target.is_paused() {
            return dropped(hops, format!("{} is paused", target.name));
        }
        if to.name != from.name {
            hops.push(Hop::at(
                Mark::Network {
                    host: to.name.clone(),
                    name: super::weave::BRIDGE.into(),
                },
                format!("weave bridge on {}", to.name),
            ));
        }
        hops.push(Hop::at(
            container_mark(to, target),
            format!("{} (ethwe {dst}, on {})", target.name, to.name),
        ));
        Path {
            hops,
            outcome: Ok(Arrival::Local),
        }
    }

    /// A packet for an address in flannel's network that another host's lease holds: through
    /// the backend's device, across the underlay, to that host's docker0. `None` if flannel
    /// does not run here or the address is not in its network.
    fn flannel_leg(&self, from: &Host, dst: Ipv4Addr, hops: &mut Vec<Hop>) -> Option<Path> {
        let lease = from.flannel.as_ref()?;
        if !lease.network.contains(dst) || lease.subnet.contains(dst) {
            return None;
        }
        let backend = lease.backend;
        let mut hops = std::mem::take(hops);
        let dropped = |hops: Vec<Hop>, why: String| Path {
            hops,
            outcome: Err(Blocked::Dropped(why)),
        };
        let Some(to) = self.flannel_owner(dst).filter(|t| t.name != from.name) else {
            hops.push(Hop::from(format!(
                "{} ({})",
                backend.device(),
                backend.as_str()
            )));
            return Some(dropped(
                hops,
                format!("no host holds the flannel lease for {dst}: is flanneld running there?"),
            ));
        };
        let via = match backend.port() {
            Some(port) => format!(
                "{} ({}): {} → {} udp/{port}",
                backend.device(),
                backend.as_str(),
                from.underlay_ip,
                to.underlay_ip
            ),
            None => format!("route via {} (host-gw, no encapsulation)", to.underlay_ip),
        };
        let wrap = backend.port().map(|port| Encapsulation {
            header: match backend {
                super::flannel::Backend::Vxlan => format!("VXLAN 1 ({})", backend.device()),
                _ => format!("flannel {} ({})", backend.as_str(), backend.device()),
            },
            outer_source: from.underlay_ip,
            outer_destination: to.underlay_ip,
            port,
        });
        let mut leaving = Hop::at(
            Mark::Eth0 {
                host: from.name.clone(),
            },
            via,
        );
        let mut crossing = underlay_hop();
        if let Some(wrap) = &wrap {
            leaving = leaving.wrapped(wrap);
            crossing = crossing.wrapped(wrap);
        }
        hops.push(leaving);
        hops.push(crossing);
        if let Some(port) = backend.port() {
            for (host, side) in [(to, "packets"), (from, "replies")] {
                if !host.firewall_allows(Proto::Udp, port) {
                    return Some(dropped(
                        hops,
                        format!(
                            "{}'s firewall drops {port}/udp: flannel's {side} never arrive",
                            host.name
                        ),
                    ));
                }
            }
        }
        // The remote host routes the packet on: from flannel.1 (its lease's network address),
        // flannel0, or straight from eth0 with host-gw.
        let remote_router = match (backend, &to.flannel) {
            (super::flannel::Backend::HostGw, _) | (_, None) => to.underlay_ip,
            (_, Some(theirs)) => theirs.subnet.network(),
        };
        hops.push(
            Hop::at(
                Mark::Eth0 {
                    host: to.name.clone(),
                },
                format!("{} eth0 {}", to.name, to.underlay_ip),
            )
            .routed(remote_router),
        );
        let docker0 = to.networks.values().find(|n| n.name == "bridge");
        let Some(bridge) =
            docker0.filter(|n| n.ipam.as_ref().is_some_and(|i| i.subnet.contains(dst)))
        else {
            return Some(dropped(
                hops,
                format!(
                    "{}'s docker0 is not on its flannel subnet {}: restart its daemon with dockerd --bip",
                    to.name,
                    to.flannel.as_ref().map(|l| l.subnet.to_string()).unwrap_or_default()
                ),
            ));
        };
        hops.push(Hop::at(
            network_mark(to, bridge),
            format!("{} docker0", to.name),
        ));
        let target = to
            .containers_in_order()
            .find(|c| c.endpoint(&bridge.id).and_then(|e| e.ip) == Some(dst));
        Some(match target {
            Some(t) if !t.is_paused() => {
                hops.push(Hop::at(
                    container_mark(to, t),
                    format!("{} (eth0 on {})", t.name, to.name),
                ));
                Path {
                    hops,
                    outcome: Ok(Arrival::Local),
                }
            }
            Some(t) => dropped(hops, format!("{} is paused", t.name)),
            None => dropped(hops, format!("nothing answers at {dst} on {}", to.name)),
        })
    }
}

/// The names a container answers to on a user-defined network (moby
/// `buildEndpointDNSNames`): its name, its aliases there, its short ID, its hostname.
fn dns_names(c: &Container, net_id: &str) -> Vec<String> {
    let mut names = vec![c.name.clone()];
    if let Some(a) = c.networks.get(net_id) {
        names.extend(a.aliases.iter().cloned());
    }
    names.push(c.short_id().to_string());
    names.push(c.hostname.clone());
    names.dedup();
    names
}

/// The default bridge's `com.docker.network.bridge.enable_icc` (true unless set to false).
fn icc(network: &Network) -> bool {
    network.driver != Driver::Bridge
        || network
            .options
            .get("com.docker.network.bridge.enable_icc")
            .is_none_or(|v| v != "false")
}

impl World {
    /// Follows a packet from a host's own shell to an address.
    pub fn reach_from_host(&self, host: &str, dst: Ipv4Addr) -> Result<Path, EngineError> {
        let h = self.host(host)?;
        let hops = vec![Hop::at(
            Mark::Eth0 {
                host: host.to_string(),
            },
            format!("{host} (the host)"),
        )];
        Ok(self.reach_in_host_namespace(h, dst, hops))
    }

    /// From the host's namespace (its shell, or a `--network host` container): loopback and
    /// its own addresses, then its bridges, then the underlay, then the internet.
    fn reach_in_host_namespace(&self, h: &Host, dst: Ipv4Addr, mut hops: Vec<Hop>) -> Path {
        if dst.is_loopback() || dst == h.underlay_ip {
            hops.push(Hop::from("lo"));
            return Path {
                hops,
                outcome: Ok(Arrival::Loopback),
            };
        }
        let (host_only, prefix) = super::machine::HOST_ONLY;
        if h.os == super::hosts::Os::MacOs
            && Ipv4Cidr::new(host_only, prefix).is_some_and(|net| net.contains(dst))
        {
            return self.host_only_leg(h, dst, hops);
        }
        // A Triton host's shell is the learner's client, outside the data center: the
        // account's fabric is private to its containers, and only public IPs answer.
        if h.triton.is_some() {
            if let Some(fabric) = h
                .network_by_name(super::triton::FABRIC_NETWORK)
                .filter(|n| n.ipam.as_ref().is_some_and(|i| i.subnet.contains(dst)))
            {
                return Path {
                    hops,
                    outcome: Err(Blocked::Dropped(format!(
                        "{dst} is on {}, private to the account's containers: the client is outside the data center",
                        fabric.name
                    ))),
                };
            }
        }
        // Macvlan networks are not routed by the host: their addresses are out on the LAN.
        let on_a_bridge = h
            .networks
            .values()
            .filter(|n| !super::hosts::is_on_the_lan(n))
            .any(|n| n.ipam.as_ref().is_some_and(|i| i.subnet.contains(dst)));
        // `weave expose` put the host on the weave bridge, with a route to the whole range.
        let (weave_net, weave_prefix) = super::weave::RANGE;
        let on_weave = h.weave().is_some_and(|r| r.exposed.is_some())
            && Ipv4Cidr::new(weave_net, weave_prefix).is_some_and(|range| range.contains(dst));
        if on_weave {
            return self.weave_leg(h, "weave (exposed)", dst, hops);
        }
        if !on_a_bridge {
            if let Some(path) = self.flannel_leg(h, dst, &mut hops) {
                return path;
            }
            let mut leg = vec![Hop::at(
                Mark::Eth0 {
                    host: h.name.clone(),
                },
                format!("eth0 {}", h.underlay_ip),
            )];
            if let Some(outcome) = self.underlay_leg(h, dst, &mut leg) {
                hops.extend(leg);
                return Path { hops, outcome };
            }
        }
        if h.triton.is_some() || !on_a_bridge {
            let mut leg = vec![Hop::from("the host's default route → the internet")
                .routed(super::hosts::UNDERLAY_GATEWAY)];
            if let Some(outcome) = self.triton_public_leg(dst, &mut leg) {
                hops.extend(leg);
                return Path { hops, outcome };
            }
        }
        host_reach(h, dst, hops)
    }
}

/// From the host's own namespace every local bridge is directly routed.
fn host_reach(h: &Host, dst: Ipv4Addr, mut hops: Vec<Hop>) -> Path {
    for network in h.networks.values() {
        let Some(ipam) = &network.ipam else { continue };
        if !ipam.subnet.contains(dst) {
            continue;
        }
        let device = network
            .bridge_device
            .clone()
            .unwrap_or_else(|| network.name.clone());
        hops.push(Hop::at(network_mark(h, network), device));
        let alive = dst == ipam.gateway
            || h.containers
                .values()
                .any(|o| !o.is_paused() && o.endpoint(&network.id).and_then(|e| e.ip) == Some(dst));
        let outcome = if alive {
            Ok(Arrival::Local)
        } else {
            Err(Blocked::Dropped(format!("nothing answers at {dst}")))
        };
        return Path { hops, outcome };
    }
    hops.push(
        Hop::from("the host's default route → the internet").routed(super::hosts::UNDERLAY_GATEWAY),
    );
    let outcome = if INTERNET.iter().any(|(_, ip)| *ip == dst) {
        Ok(Arrival::Internet)
    } else {
        Err(Blocked::Dropped(format!("nothing answers at {dst}")))
    };
    Path { hops, outcome }
}
