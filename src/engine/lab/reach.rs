//! Whether a packet reaches an address, hop by hop: from a container (`ping`, `curl` inside
//! it) or from a host's own shell. Typed answers only; the CLI turns them into `ping` or
//! `traceroute` output and the topology lights the path up.
//!
//! Rules (reference/docker-semantics.md B.1–B.3, and Docker's networking docs):
//! - A packet reaches a container only across a network both are on (Docker's isolation rules
//!   drop traffic between bridges), and only while the target runs and is not paused. The
//!   default bridge's `enable_icc` option can forbid even that.
//! - Addresses outside every local network go out through the gateway with NAT, unless the
//!   network is `--internal`; the simulated internet answers for a few well-known names.
//! - What leaves the host (the LAN, tunnels between hosts) is in [`crossings`](super::crossings).

use std::net::Ipv4Addr;

use crate::engine::docker::container::Container;
use crate::engine::docker::network::{Driver, Ipv4Cidr, Network};
use crate::engine::lab::sandbox::INTERNET;
use crate::engine::{EngineError, Host, World};

pub use crate::engine::lab::hop::{
    Device, Dropped, Encapsulation, Hop, HopKind, Mark, Tunnel, WeaveDatapath,
};

/// Why a packet does not arrive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Blocked {
    /// No interface but loopback: `sendto: Network unreachable`.
    NoRoute,
    /// The packet is dropped on the way (isolation between networks, a stopped or paused
    /// target, an internal network, nobody at that address): the sender waits in vain.
    Dropped(Dropped),
}

/// The underlay crossed, as a hop.
pub(super) fn underlay_hop() -> Hop {
    Hop::at(
        Mark::Underlay,
        HopKind::Underlay {
            network: crate::engine::underlay(),
        },
    )
}

pub(super) fn container_mark(host: &Host, c: &Container) -> Mark {
    Mark::Container {
        host: host.name.clone(),
        name: c.name.clone(),
    }
}

pub(super) fn network_mark(host: &Host, network: &Network) -> Mark {
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

impl World {
    /// Follows a packet from a container to an address.
    pub fn reach(&self, host: &str, key: &str, dst: Ipv4Addr) -> Result<Path, EngineError> {
        let (h, c) = self.container_on(host, key)?;
        let mut hops = vec![Hop::at(
            container_mark(h, c),
            HopKind::Sender {
                container: c.name.clone(),
                host_network: c.network_mode == "host",
            },
        )];
        if dst.is_loopback() {
            hops.push(Hop::from(HopKind::Loopback));
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
            hops.push(Hop::from(HopKind::Loopback));
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
            if link.bridge == crate::engine::addons::weave::BRIDGE {
                return Ok(self.weave_leg(h, link.interface.as_str(), dst, hops));
            }
            // Pipework on eth0: a macvlan, so the container sits on the LAN itself.
            if link.bridge == crate::engine::addons::pipework::PHYSICAL {
                hops.push(Hop::at(
                    Mark::Eth0 {
                        host: h.name.clone(),
                    },
                    HopKind::PipeworkMacvlan {
                        interface: link.interface.clone(),
                    },
                ));
                if let Some(path) = self.lan_leg(h, c, dst, &mut hops, true) {
                    return Ok(path);
                }
            }
            hops.push(Hop::from(HopKind::PipeworkVeth {
                interface: link.interface.clone(),
                bridge: link.bridge.clone(),
            }));
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
                [] => Err(Blocked::Dropped(Dropped::PipeworkNobody {
                    bridge: link.bridge.clone(),
                    ip: dst,
                })),
                [first, rest @ ..] => {
                    hops.push(Hop::at(
                        container_mark(h, first),
                        HopKind::PipeworkTarget {
                            container: first.name.clone(),
                            ip: dst,
                            bridge: link.bridge.clone(),
                            others: u32::try_from(rest.len()).unwrap_or(u32::MAX),
                        },
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
                (Some(device), _) => Device::Named(device.clone()),
                (None, Driver::Overlay) => Device::OverlayBr0 {
                    network: network.name.clone(),
                },
                (None, _) => Device::Named(network.name.clone()),
            };
            hops.push(Hop::at(
                network_mark(h, network),
                HopKind::VethToBridge {
                    interface: interface.name.clone(),
                    device: device.clone(),
                },
            ));
            if dst == ipam.gateway {
                hops.push(Hop::from(HopKind::BridgeGateway { device, ip: dst }));
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
                        outcome: Err(Blocked::Dropped(Dropped::NoTask {
                            service: service.name.clone(),
                            vip: dst,
                        })),
                    });
                };
                hops.push(Hop::from(HopKind::Ipvs {
                    vip: dst,
                    service: service.name.clone(),
                    task: task.name.clone(),
                }));
                // A task without an address there (it is starting) cannot answer yet.
                if task.endpoint(&network.id).and_then(|e| e.ip).is_none() {
                    return Ok(Path {
                        hops,
                        outcome: Err(Blocked::Dropped(Dropped::NoAddress {
                            container: task.name.clone(),
                        })),
                    });
                }
                if task_host.name == h.name {
                    hops.push(Hop::at(
                        container_mark(h, task),
                        HopKind::Container {
                            container: task.name.clone(),
                            network: network.name.clone(),
                        },
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
            if target.is_none() && crate::engine::docker::network::is_on_the_lan(network) {
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
                None => Err(Blocked::Dropped(Dropped::NoContainer {
                    ip: dst,
                    network: network.name.clone(),
                })),
                Some(t) if t.is_paused() => Err(Blocked::Dropped(Dropped::Paused {
                    container: t.name.clone(),
                })),
                Some(_) if !icc(network) => Err(Blocked::Dropped(Dropped::IccOff {
                    network: network.name.clone(),
                })),
                Some(t) => {
                    hops.push(Hop::at(
                        container_mark(h, t),
                        HopKind::Container {
                            container: t.name.clone(),
                            network: network.name.clone(),
                        },
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
            kind: HopKind::ToGateway {
                interface: first.name.clone(),
                gateway: first.gateway,
            },
            mark: first_network_mark,
            encapsulation: None,
            router: Some(first.gateway),
        });
        if network.is_some_and(|n| n.internal) {
            return Ok(Path {
                hops,
                outcome: Err(Blocked::Dropped(Dropped::Internal {
                    network: first.network.clone(),
                })),
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
            .filter(|_| h.backend.isolates_networks())
            .find(|n| n.ipam.as_ref().is_some_and(|i| i.subnet.contains(dst)))
        {
            hops.push(Hop::from(HopKind::Isolation {
                from: first.network.clone(),
                to: other.name.clone(),
            }));
            return Ok(Path {
                hops,
                outcome: Err(Blocked::Dropped(Dropped::Isolated {
                    ip: dst,
                    network: other.name.clone(),
                    container: c.name.clone(),
                })),
            });
        }
        if let Some(outcome) = {
            let mut leg = vec![Hop::at(
                Mark::Eth0 {
                    host: h.name.clone(),
                },
                HopKind::MasqueradeToEth0 {
                    ip: h.machine.underlay_ip,
                },
            )];
            let outcome = self.underlay_leg(h, dst, &mut leg);
            if outcome.is_some() {
                hops.extend(leg);
            }
            outcome
        } {
            return Ok(Path { hops, outcome });
        }
        hops.push(Hop::from(HopKind::MasqueradeToInternet).routed(crate::engine::UNDERLAY_GATEWAY));
        if let Some(outcome) = self.triton_public_leg(dst, &mut hops) {
            return Ok(Path { hops, outcome });
        }
        let outcome = if INTERNET.iter().any(|(_, ip)| *ip == dst) {
            Ok(Arrival::Internet)
        } else {
            Err(Blocked::Dropped(Dropped::NothingAnswers { ip: dst }))
        };
        Ok(Path { hops, outcome })
    }
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
            HopKind::SenderHost {
                host: host.to_string(),
            },
        )];
        Ok(self.reach_in_host_namespace(h, dst, hops))
    }

    /// From the host's namespace (its shell, or a `--network host` container): loopback and
    /// its own addresses, then its bridges, then the underlay, then the internet.
    fn reach_in_host_namespace(&self, h: &Host, dst: Ipv4Addr, mut hops: Vec<Hop>) -> Path {
        if dst.is_loopback() || dst == h.machine.underlay_ip {
            hops.push(Hop::from(HopKind::Loopback));
            return Path {
                hops,
                outcome: Ok(Arrival::Loopback),
            };
        }
        let (host_only, prefix) = crate::engine::platforms::machine::HOST_ONLY;
        if h.backend.runs_virtualbox()
            && Ipv4Cidr::new(host_only, prefix).is_some_and(|net| net.contains(dst))
        {
            return self.host_only_leg(h, dst, hops);
        }
        // A Triton host's shell is the learner's client, outside the data center: the
        // account's fabric is private to its containers, and only public IPs answer.
        if h.backend.shell_outside() {
            if let Some(fabric) = h
                .network_by_name(crate::engine::docker::network::FABRIC_NETWORK)
                .filter(|n| n.ipam.as_ref().is_some_and(|i| i.subnet.contains(dst)))
            {
                return Path {
                    hops,
                    outcome: Err(Blocked::Dropped(Dropped::TritonFabric {
                        ip: dst,
                        network: fabric.name.clone(),
                    })),
                };
            }
        }
        // Macvlan networks are not routed by the host: their addresses are out on the LAN.
        let on_a_bridge = h
            .networks
            .values()
            .filter(|n| !crate::engine::docker::network::is_on_the_lan(n))
            .any(|n| n.ipam.as_ref().is_some_and(|i| i.subnet.contains(dst)));
        // `weave expose` put the host on the weave bridge, with a route to the whole range.
        let (weave_net, weave_prefix) = crate::engine::addons::weave::RANGE;
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
                HopKind::Eth0 {
                    ip: h.machine.underlay_ip,
                },
            )];
            if let Some(outcome) = self.underlay_leg(h, dst, &mut leg) {
                hops.extend(leg);
                return Path { hops, outcome };
            }
        }
        if h.backend.shell_outside() || !on_a_bridge {
            let mut leg =
                vec![Hop::from(HopKind::DefaultRoute).routed(crate::engine::UNDERLAY_GATEWAY)];
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
        hops.push(Hop::at(
            network_mark(h, network),
            HopKind::HostBridge { device },
        ));
        let alive = dst == ipam.gateway
            || h.containers
                .values()
                .any(|o| !o.is_paused() && o.endpoint(&network.id).and_then(|e| e.ip) == Some(dst));
        let outcome = if alive {
            Ok(Arrival::Local)
        } else {
            Err(Blocked::Dropped(Dropped::NothingAnswers { ip: dst }))
        };
        return Path { hops, outcome };
    }
    hops.push(Hop::from(HopKind::DefaultRoute).routed(crate::engine::UNDERLAY_GATEWAY));
    let outcome = if INTERNET.iter().any(|(_, ip)| *ip == dst) {
        Ok(Arrival::Internet)
    } else {
        Err(Blocked::Dropped(Dropped::NothingAnswers { ip: dst }))
    };
    Path { hops, outcome }
}
