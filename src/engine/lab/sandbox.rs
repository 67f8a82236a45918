//! What a process inside a container sees of the network, libnetwork's sandbox: its
//! interfaces and routes, the files Docker writes (`/etc/hosts`, `/etc/resolv.conf`) and name
//! resolution. Typed answers only; the CLI turns them into `ip addr` or `nslookup` output.
//!
//! Rules (reference/docker-semantics.md B.1–B.3, and Docker's networking docs):
//! - Containers on at least one user-defined network ask the embedded DNS server at
//!   127.0.0.11, which answers the names (container name, aliases, short ID, hostname, and
//!   `name.network`) of the containers sharing a network with the asker, with the address on
//!   that shared network. Other names go to the host's resolver.
//! - Containers only on the default bridge use a copy of the host's resolver: other
//!   containers' names do not resolve.
//! - The simulated internet answers for a few well-known names ([`INTERNET`]).

use std::net::Ipv4Addr;

use crate::engine::docker::container::Container;
use crate::engine::docker::network::{Driver, Network};
use crate::engine::{EngineError, Host, World};

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

/// One line of a container's `/etc/hosts`: an address and the names it answers for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HostsEntry {
    pub ip: Ipv4Addr,
    pub names: Vec<String>,
}

/// A container's `/etc/resolv.conf` as data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResolvConf {
    pub resolver: Resolver,
    pub nameservers: Vec<Ipv4Addr>,
    /// `ndots:0`, …
    pub options: Vec<String>,
    /// The host's servers the embedded resolver forwards to.
    pub ext_servers: Vec<String>,
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

fn prefix_of(network: &Network) -> u8 {
    network.ipam.as_ref().map_or(0, |i| i.subnet.prefix())
}

impl World {
    /// A name as a host's own resolver answers it, for every tool on that host (`ping`,
    /// `curl`, `docker swarm join`, `docker pull HOST:PORT/…`): an address as typed,
    /// `localhost`, the lab's hosts (each host's `/etc/hosts` lists the others), Triton CNS
    /// (public DNS), then the simulated internet. One resolver, so a name that `ping` finds
    /// is a name every other tool finds.
    pub fn resolve_on_host(&self, name: &str) -> Option<Ipv4Addr> {
        if let Ok(ip) = name.parse() {
            return Some(ip);
        }
        if name == "localhost" {
            return Some(Ipv4Addr::LOCALHOST);
        }
        if let Ok(h) = self.host(name) {
            return Some(h.machine.underlay_ip);
        }
        // Triton CNS names are public DNS: the first address answered.
        if let Some(addresses) = self.cns_lookup(name) {
            return addresses.first().copied();
        }
        INTERNET.iter().find(|(n, _)| *n == name).map(|(_, ip)| *ip)
    }

    pub(in crate::engine) fn container_on(
        &self,
        host: &str,
        key: &str,
    ) -> Result<(&Host, &Container), EngineError> {
        let h = self.host(host)?;
        let id = crate::engine::docker::containers::resolve_container(h, key)?;
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

    /// The container's own lines of `/etc/hosts` as Docker writes it (moby `etchosts.Build`):
    /// one per address of this container with its hostname, then, on the default bridge, one
    /// per legacy link (`IP alias hostname name`, with the target's current address, rewritten
    /// when it restarts). The fixed localhost and IPv6 lines before them are the renderer's.
    pub fn container_hosts(&self, host: &str, key: &str) -> Result<Vec<HostsEntry>, EngineError> {
        let (_, c) = self.container_on(host, key)?;
        let mut entries: Vec<HostsEntry> = self
            .container_interfaces(host, key)?
            .into_iter()
            .map(|interface| HostsEntry {
                ip: interface.ip,
                names: vec![c.hostname.clone()],
            })
            .collect();
        if c.network_mode == "bridge" {
            for (alias, ip, target) in self.link_targets(host, c) {
                let mut names = vec![alias.clone(), target.hostname.clone()];
                if target.name != alias {
                    names.push(target.name.clone());
                }
                entries.push(HostsEntry { ip, names });
            }
        }
        Ok(entries)
    }

    /// What Docker generates into `/etc/resolv.conf` (moby `internal/resolvconf`).
    pub fn container_resolv_conf(&self, host: &str, key: &str) -> Result<ResolvConf, EngineError> {
        let resolver = self.container_resolver(host, key)?;
        Ok(match resolver {
            Resolver::Embedded => ResolvConf {
                resolver,
                nameservers: vec![Ipv4Addr::new(127, 0, 0, 11)],
                options: vec!["ndots:0".to_string()],
                ext_servers: vec![HOST_NAMESERVER.to_string()],
            },
            // The host's only nameserver is a loopback address, which a container cannot use,
            // so Docker falls back to Google's public servers.
            Resolver::Legacy | Resolver::None => ResolvConf {
                resolver,
                nameservers: vec![Ipv4Addr::new(8, 8, 8, 8), Ipv4Addr::new(8, 8, 4, 4)],
                options: Vec::new(),
                ext_servers: Vec::new(),
            },
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
    /// The first address `name` resolves to from container `key`, if any.
    pub fn dns_first(&self, host: &str, key: &str, name: &str) -> Option<Ipv4Addr> {
        match self.dns_lookup(host, key, name) {
            Ok(Lookup::Found { addresses, .. }) => addresses.first().copied(),
            _ => None,
        }
    }

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
        if c.pipework
            .iter()
            .any(|l| l.bridge == crate::engine::addons::weave::BRIDGE)
        {
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
