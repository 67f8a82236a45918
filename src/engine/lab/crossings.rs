//! The legs of a packet's path that leave its host: straight onto the LAN (macvlan, pipework
//! on eth0), VirtualBox's host-only network, a swarm overlay's VXLAN tunnel, the Weave Net
//! routers and flannel's backends. [`reach`](super::reach) calls them when the destination is
//! not on a local network.
//!
//! Rules: a tunnel's outer packet crosses the underlay between the two hosts' addresses and
//! needs the tunnel's port open at the far end (4789/udp for VXLAN, 6784/udp or 6783/udp for
//! Weave, 8285/udp or 8472/udp for flannel).

use std::net::Ipv4Addr;

use crate::engine::docker::container::Container;
use crate::engine::docker::network::Network;
use crate::engine::docker::ports::Proto;
use crate::engine::lab::reach::{
    container_mark, network_mark, underlay_hop, Arrival, Blocked, Dropped, Encapsulation, Hop,
    HopKind, Mark, Path, Tunnel, WeaveDatapath,
};
use crate::engine::platforms::triton::EXTERNAL_NETWORK;
use crate::engine::{Host, World};

impl World {
    /// From a macvlan interface (Docker's driver or pipework on eth0): the container is on
    /// the LAN itself, so the packet goes straight out on the underlay, with no router and no
    /// NAT on the way; under macvlan only its own host is out of reach (a Hyper-V external
    /// switch has a port for its host). `None` if `dst` is not on the LAN.
    pub(super) fn lan_leg(
        &self,
        h: &Host,
        c: &Container,
        dst: Ipv4Addr,
        hops: &mut Vec<Hop>,
        macvlan: bool,
    ) -> Option<Path> {
        if dst == h.machine.underlay_ip && macvlan {
            return Some(Path {
                hops: std::mem::take(hops),
                outcome: Err(Blocked::Dropped(Dropped::MacvlanOwnHost {
                    container: c.name.clone(),
                    host: h.name.clone(),
                })),
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
    pub(super) fn host_only_leg(&self, laptop: &Host, dst: Ipv4Addr, mut hops: Vec<Hop>) -> Path {
        hops.push(Hop::from(HopKind::HostOnly {
            gateway: crate::engine::platforms::machine::HOST_ONLY_GATEWAY,
        }));
        let outcome = match self.machine_at(&laptop.name, dst) {
            None => Err(Blocked::Dropped(Dropped::NoVm {
                laptop: laptop.name.clone(),
                ip: dst,
            })),
            Some(vm) if !vm.machine.running => Err(Blocked::Dropped(Dropped::VmStopped {
                vm: vm.name.clone(),
            })),
            Some(vm) => {
                hops.push(Hop::at(
                    Mark::Eth0 {
                        host: vm.name.clone(),
                    },
                    HopKind::HostOnlyVm {
                        vm: vm.name.clone(),
                        ip: dst,
                    },
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
    pub(super) fn overlay_leg(
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
        let dropped = |hops: Vec<Hop>, why: Dropped| Path {
            hops,
            outcome: Err(Blocked::Dropped(why)),
        };
        for (host, other) in [(from, to), (to, from)] {
            for proto in [Proto::Tcp, Proto::Udp] {
                if !host.firewall_allows(proto, 7946) {
                    return dropped(
                        hops,
                        Dropped::Gossip {
                            host: host.name.clone(),
                            proto,
                            other: other.name.clone(),
                        },
                    );
                }
            }
        }
        let vxlan = Encapsulation {
            tunnel: Tunnel::Vxlan { vni: vni.clone() },
            outer_source: from.machine.underlay_ip,
            outer_destination: to.machine.underlay_ip,
            port: 4789,
        };
        hops.push(
            Hop::at(
                Mark::Tunnel {
                    network: network.name.clone(),
                },
                HopKind::VxlanEncap {
                    vni: vni.clone(),
                    from: from.machine.underlay_ip,
                    to: to.machine.underlay_ip,
                },
            )
            .wrapped(&vxlan),
        );
        hops.push(underlay_hop().wrapped(&vxlan));
        if !to.firewall_allows(Proto::Udp, 4789) {
            return dropped(
                hops,
                Dropped::Vxlan {
                    host: to.name.clone(),
                    replies_from: None,
                },
            );
        }
        if !from.firewall_allows(Proto::Udp, 4789) {
            return dropped(
                hops,
                Dropped::Vxlan {
                    host: from.name.clone(),
                    replies_from: Some(to.name.clone()),
                },
            );
        }
        hops.push(Hop::at(
            network_mark(to, network),
            HopKind::VxlanDecap {
                host: to.name.clone(),
                vni,
            },
        ));
        if target.is_paused() {
            return dropped(
                hops,
                Dropped::Paused {
                    container: target.name.clone(),
                },
            );
        }
        hops.push(Hop::at(
            container_mark(to, target),
            HopKind::RemoteContainer {
                container: target.name.clone(),
                network: network.name.clone(),
                host: to.name.clone(),
            },
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
    pub(super) fn weave_leg(
        &self,
        from: &Host,
        interface: &str,
        dst: Ipv4Addr,
        mut hops: Vec<Hop>,
    ) -> Path {
        hops.push(Hop::at(
            Mark::Network {
                host: from.name.clone(),
                name: crate::engine::addons::weave::BRIDGE.into(),
            },
            HopKind::WeaveBridge {
                interface: interface.to_string(),
            },
        ));
        let dropped = |hops: Vec<Hop>, why: Dropped| Path {
            hops,
            outcome: Err(Blocked::Dropped(why)),
        };
        let Some((to, target)) = self.weave_owner(dst) else {
            return dropped(hops, Dropped::NoWeaveOwner { ip: dst });
        };
        if to.name != from.name {
            if from.weave().is_none() {
                return dropped(
                    hops,
                    Dropped::NoWeaveRouter {
                        host: from.name.clone(),
                    },
                );
            }
            if to.weave().is_none() {
                return dropped(
                    hops,
                    Dropped::NoWeaveRouter {
                        host: to.name.clone(),
                    },
                );
            }
            if !self.weave_mesh_path(&from.name, &to.name) {
                return dropped(
                    hops,
                    Dropped::WeaveNotConnected {
                        from: from.name.clone(),
                        to: to.name.clone(),
                    },
                );
            }
            let open = |port| {
                from.firewall_allows(Proto::Udp, port) && to.firewall_allows(Proto::Udp, port)
            };
            let (datapath, port) = if open(6784) {
                (WeaveDatapath::Fast, 6784)
            } else if open(6783) {
                (WeaveDatapath::Sleeve, 6783)
            } else {
                hops.push(Hop::at(
                    Mark::Eth0 {
                        host: from.name.clone(),
                    },
                    HopKind::WeaveRouter {
                        host: from.name.clone(),
                    },
                ));
                return dropped(hops, Dropped::WeaveBlocked);
            };
            let wrap = Encapsulation {
                tunnel: Tunnel::Weave(datapath),
                outer_source: from.machine.underlay_ip,
                outer_destination: to.machine.underlay_ip,
                port,
            };
            hops.push(
                Hop::at(
                    Mark::Eth0 {
                        host: from.name.clone(),
                    },
                    HopKind::WeaveTunnel {
                        from: from.machine.underlay_ip,
                        to: to.machine.underlay_ip,
                        datapath,
                    },
                )
                .wrapped(&wrap),
            );
            hops.push(underlay_hop().wrapped(&wrap));
            hops.push(Hop::at(
                Mark::Eth0 {
                    host: to.name.clone(),
                },
                HopKind::WeaveRouter {
                    host: to.name.clone(),
                },
            ));
        }
        if target.is_paused() {
            return dropped(
                hops,
                Dropped::Paused {
                    container: target.name.clone(),
                },
            );
        }
        if to.name != from.name {
            hops.push(Hop::at(
                Mark::Network {
                    host: to.name.clone(),
                    name: crate::engine::addons::weave::BRIDGE.into(),
                },
                HopKind::WeaveBridgeOn {
                    host: to.name.clone(),
                },
            ));
        }
        hops.push(Hop::at(
            container_mark(to, target),
            HopKind::WeaveContainer {
                container: target.name.clone(),
                ip: dst,
                host: to.name.clone(),
            },
        ));
        Path {
            hops,
            outcome: Ok(Arrival::Local),
        }
    }

    /// A packet for an address in flannel's network that another host's lease holds: through
    /// the backend's device, across the underlay, to that host's docker0. `None` if flannel
    /// does not run here or the address is not in its network.
    pub(super) fn flannel_leg(
        &self,
        from: &Host,
        dst: Ipv4Addr,
        hops: &mut Vec<Hop>,
    ) -> Option<Path> {
        let lease = from.addons.flannel.as_ref()?;
        if !lease.network.contains(dst) || lease.subnet.contains(dst) {
            return None;
        }
        let backend = lease.backend;
        let mut hops = std::mem::take(hops);
        let dropped = |hops: Vec<Hop>, why: Dropped| Path {
            hops,
            outcome: Err(Blocked::Dropped(why)),
        };
        let Some(to) = self.flannel_owner(dst).filter(|t| t.name != from.name) else {
            hops.push(Hop::from(HopKind::FlannelDevice { backend }));
            return Some(dropped(hops, Dropped::NoFlannelLease { ip: dst }));
        };
        let via = HopKind::FlannelOut {
            backend,
            from: from.machine.underlay_ip,
            to: to.machine.underlay_ip,
        };
        let wrap = backend.port().map(|port| Encapsulation {
            tunnel: Tunnel::Flannel(backend),
            outer_source: from.machine.underlay_ip,
            outer_destination: to.machine.underlay_ip,
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
            for (host, replies) in [(to, false), (from, true)] {
                if !host.firewall_allows(Proto::Udp, port) {
                    return Some(dropped(
                        hops,
                        Dropped::Flannel {
                            host: host.name.clone(),
                            port,
                            replies,
                        },
                    ));
                }
            }
        }
        // The remote host routes the packet on: from flannel.1 (its lease's network address),
        // flannel0, or straight from eth0 with host-gw.
        let remote_router = match (backend, &to.addons.flannel) {
            (crate::engine::addons::flannel::Backend::HostGw, _) | (_, None) => {
                to.machine.underlay_ip
            }
            (_, Some(theirs)) => theirs.subnet.network(),
        };
        hops.push(
            Hop::at(
                Mark::Eth0 {
                    host: to.name.clone(),
                },
                HopKind::HostEth0 {
                    host: to.name.clone(),
                    ip: to.machine.underlay_ip,
                },
            )
            .routed(remote_router),
        );
        let docker0 = to.networks.values().find(|n| n.name == "bridge");
        let Some(bridge) =
            docker0.filter(|n| n.ipam.as_ref().is_some_and(|i| i.subnet.contains(dst)))
        else {
            return Some(dropped(
                hops,
                Dropped::Docker0OffLease {
                    host: to.name.clone(),
                    subnet: to.addons.flannel.as_ref().map(|l| l.subnet),
                },
            ));
        };
        hops.push(Hop::at(
            network_mark(to, bridge),
            HopKind::Docker0 {
                host: to.name.clone(),
            },
        ));
        let target = to
            .containers_in_order()
            .find(|c| c.endpoint(&bridge.id).and_then(|e| e.ip) == Some(dst));
        Some(match target {
            Some(t) if !t.is_paused() => {
                hops.push(Hop::at(
                    container_mark(to, t),
                    HopKind::FlannelContainer {
                        container: t.name.clone(),
                        host: to.name.clone(),
                    },
                ));
                Path {
                    hops,
                    outcome: Ok(Arrival::Local),
                }
            }
            Some(t) => dropped(
                hops,
                Dropped::Paused {
                    container: t.name.clone(),
                },
            ),
            None => dropped(
                hops,
                Dropped::NothingAnswersOn {
                    ip: dst,
                    host: to.name.clone(),
                },
            ),
        })
    }

    /// The last leg of a packet that left for the internet: if `dst` is a Triton container's
    /// public IP, the data center's external network carries it to that container (the
    /// Cloud Firewall filters ports, not packets: `remote_connect` asks it).
    pub(in crate::engine) fn triton_public_leg(
        &self,
        dst: Ipv4Addr,
        hops: &mut Vec<Hop>,
    ) -> Option<Result<Arrival, Blocked>> {
        let (h, c) = self.triton_public_owner(dst)?;
        hops.push(Hop::at(
            Mark::Network {
                host: h.name.clone(),
                name: EXTERNAL_NETWORK.to_string(),
            },
            HopKind::TritonExternal {
                host: h.name.clone(),
                network: EXTERNAL_NETWORK.to_string(),
            },
        ));
        if !c.is_running() || c.is_paused() {
            return Some(Err(Blocked::Dropped(Dropped::NotRunning {
                container: c.name.clone(),
            })));
        }
        hops.push(Hop::at(
            Mark::Container {
                host: h.name.clone(),
                name: c.name.clone(),
            },
            HopKind::TritonPublicIp {
                container: c.name.clone(),
                ip: dst,
            },
        ));
        Some(Ok(Arrival::Remote))
    }

    /// Who answers at `ip` for a container on these networks: a service's task behind its
    /// VIP, or an overlay peer on another node.
    pub fn remote_owner<'a>(
        &'a self,
        networks: impl Iterator<Item = &'a String>,
        ip: Ipv4Addr,
    ) -> Option<&'a Container> {
        for net_id in networks {
            if let Some(service) = self.service_by_vip(net_id, ip) {
                return self.service_tasks(service).first().map(|(_, c)| *c);
            }
            if let Some((_, c)) = self.overlay_peer(net_id, ip) {
                return Some(c);
            }
        }
        self.macvlan_owner(ip)
            .map(|(_, _, c)| c)
            .or_else(|| self.weave_owner(ip).map(|(_, c)| c))
            // A container on another host's flannel subnet (its docker0).
            .or_else(|| self.flannel_owner(ip)?.container_with_ip(ip))
    }
}
