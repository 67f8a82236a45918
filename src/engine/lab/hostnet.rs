//! A host's own network namespace, as `ip link`, `ip addr`, `bridge link` and
//! `iptables -t nat -L` see it.
//!
//! Contract:
//! - Computed from the world's state, never stored twice: the devices are the ones Docker
//!   (bridges, veths), pipework (its bridges and `veth1pl<PID>`), Weave (`weave`, `datapath`,
//!   `vxlan-6784`, `vethwepl<PID>`) and flanneld (`flannel.1` or `flannel0`) created on this
//!   host; the NAT rules are the ones dockerd writes for its bridges and published ports.
//! - Only device indexes are remembered (`Host::add_device`), because the kernel hands them
//!   out in creation order from the same counter as the veth pairs.
//! - Docker's overlay VXLAN devices are not here: dockerd puts them in the overlay network's
//!   own namespace (`/var/run/docker/netns/1-…`), not in the host's.
//! - Typed facts only; the CLI prints them as iproute2 and iptables do.

use std::net::Ipv4Addr;

use crate::engine::addons::flannel::Backend;
use crate::engine::docker::network::{Driver, Ipv4Cidr, MacAddress};
use crate::engine::docker::ports::{HostIp, Proto};
use crate::engine::{EngineError, Host, World};

/// What kind of device a link is (`ip -d link show`'s detail line).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkKind {
    Loopback,
    /// A physical NIC (`eth0`).
    Ether,
    Bridge,
    Veth,
    Vxlan {
        id: u32,
        local: Ipv4Addr,
        port: u16,
    },
    /// A TUN device (flannel's udp backend).
    Tun,
    /// An Open vSwitch datapath (Weave's fast datapath).
    Openvswitch,
}

/// One device in the host's namespace.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub index: u32,
    pub name: String,
    /// A veth's peer: its index (`@ifN`) and, when the peer lives in a container, that
    /// namespace's id as the host numbers it (`link-netnsid N`).
    pub peer: Option<(u32, Option<u32>)>,
    /// A peer in the same namespace is named, not numbered (`vethwe-bridge@vethwe-datapath`).
    pub peer_name: Option<String>,
    pub kind: LinkKind,
    pub mac: String,
    pub mtu: u32,
    /// Something is plugged in: a bridge with a port, a veth whose peer is up.
    pub carrier: bool,
    /// The bridge (or datapath) it is a port of.
    pub master: Option<String>,
    pub addresses: Vec<(Ipv4Addr, u8)>,
}

/// `iptables -t nat`: what dockerd wrote for this host.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct NatTable {
    /// `POSTROUTING -s SUBNET ! -o DEVICE -j MASQUERADE`, newest network first (dockerd
    /// inserts).
    pub masquerade: Vec<(Ipv4Cidr, String)>,
    /// `DOCKER ! -i DEVICE -p PROTO --dport PORT -j DNAT --to-destination IP:PORT`, in the
    /// order containers were created.
    pub dnat: Vec<Dnat>,
    /// Swarm's routing mesh: `DOCKER-INGRESS` sends published ports to the ingress sandbox.
    pub ingress: Vec<(Proto, u16, Ipv4Addr)>,
    /// The node is in a swarm: `DOCKER-INGRESS` exists even with nothing published.
    pub swarm: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dnat {
    pub proto: Proto,
    /// `None` for `0.0.0.0`.
    pub host_ip: Option<Ipv4Addr>,
    pub host_port: u16,
    pub to: Ipv4Addr,
    pub to_port: u16,
    pub device: String,
}

/// The address docker_gwbridge gives the ingress sandbox (the first one after the gateway).
fn ingress_sandbox(h: &Host) -> Option<Ipv4Addr> {
    let gw = h.network_by_name("docker_gwbridge")?.ipam.as_ref()?.gateway;
    Some(Ipv4Addr::from(u32::from(gw).wrapping_add(1)))
}

/// A stable, locally administered MAC drawn from an ID's hex digits (or a name's bytes).
fn derived_mac(seed: &str) -> String {
    let mut bytes = [0u8; 6];
    let hex: Vec<u8> = seed
        .as_bytes()
        .chunks(2)
        .filter_map(|pair| {
            std::str::from_utf8(pair)
                .ok()
                .and_then(|s| u8::from_str_radix(s, 16).ok())
        })
        .collect();
    if let Some(first) = hex.get(..6) {
        bytes.copy_from_slice(first);
    } else {
        // Not hex: fold the name's bytes in (FNV-1a), enough for a stable address.
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for b in seed.bytes() {
            h = (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3);
        }
        bytes.copy_from_slice(&h.to_be_bytes()[..6]);
    }
    MacAddress::random_local(bytes).to_string()
}

impl Host {
    /// A device created in the host's namespace takes the kernel's next interface index.
    pub(crate) fn add_device(&mut self, name: &str) {
        if !self.devices.contains_key(name) {
            let index = self.next_ifindex;
            self.next_ifindex = self.next_ifindex.saturating_add(1);
            self.devices.insert(name.to_string(), index);
        }
    }

    pub(crate) fn remove_device(&mut self, name: &str) {
        self.devices.remove(name);
    }

    /// `eth0`'s MAC: a virtual NIC's, from the host's underlay address.
    pub fn eth0_mac(&self) -> String {
        let [_, b, c, d] = self.machine.underlay_ip.octets();
        format!("52:54:00:{b:02x}:{c:02x}:{d:02x}")
    }
}

impl World {
    /// Every device in `host`'s namespace, by index.
    pub fn host_links(&self, host: &str) -> Result<Vec<Link>, EngineError> {
        let h = self.host(host)?;
        let mut fallback = h.next_ifindex;
        let mut index_of = |name: &str| {
            h.devices.get(name).copied().unwrap_or_else(|| {
                fallback += 1;
                fallback
            })
        };
        let mut links = vec![
            Link {
                index: 1,
                name: "lo".into(),
                peer: None,
                peer_name: None,
                kind: LinkKind::Loopback,
                mac: "00:00:00:00:00:00".into(),
                mtu: 65536,
                carrier: true,
                master: None,
                addresses: vec![(Ipv4Addr::LOCALHOST, 8)],
            },
            Link {
                index: 2,
                name: "eth0".into(),
                peer: None,
                peer_name: None,
                kind: LinkKind::Ether,
                mac: h.eth0_mac(),
                mtu: 1500,
                carrier: true,
                master: None,
                addresses: crate::engine::underlay()
                    .map(|lan| vec![(h.machine.underlay_ip, lan.prefix())])
                    .unwrap_or_default(),
            },
        ];
        // Containers' namespaces, numbered as the host first saw them.
        let mut netnsid = 0u32;
        let mut ports: Vec<Link> = Vec::new();
        for c in h.containers_in_order().filter(|c| c.is_running()) {
            let mut has_veth = false;
            for net_id in c.start_order() {
                let (Some(network), Some(endpoint)) =
                    (h.networks.get(&net_id), c.endpoint(&net_id))
                else {
                    continue;
                };
                let (Some(device), Driver::Bridge) = (&network.bridge_device, network.driver)
                else {
                    continue;
                };
                has_veth = true;
                ports.push(Link {
                    index: endpoint.ifindex + 1,
                    name: format!("veth{}", endpoint.endpoint_id.get(..7).unwrap_or("0000000")),
                    peer: Some((endpoint.ifindex, Some(netnsid))),
                    peer_name: None,
                    kind: LinkKind::Veth,
                    mac: derived_mac(endpoint.endpoint_id.get(12..).unwrap_or_default()),
                    mtu: 1500,
                    carrier: true,
                    master: Some(device.clone()),
                    addresses: Vec::new(),
                });
            }
            // A macvlan of eth0 (pipework's physical form) leaves nothing in the host's
            // namespace.
            for l in c
                .pipework
                .iter()
                .filter(|l| l.bridge != crate::engine::addons::pipework::PHYSICAL)
            {
                has_veth = true;
                let weave = l.bridge == crate::engine::addons::weave::BRIDGE;
                let name = if weave {
                    format!("vethwepl{}", c.pid())
                } else {
                    // pipework's `LOCAL_IFNAME="v${CONTAINER_IFNAME}pl${NSPID}"`.
                    format!("v{}pl{}", l.interface, c.pid())
                };
                ports.push(Link {
                    index: l.index + 1,
                    name,
                    peer: Some((l.index, Some(netnsid))),
                    peer_name: None,
                    kind: LinkKind::Veth,
                    mac: derived_mac(&format!("{}{}", c.id, l.interface)),
                    mtu: if weave {
                        crate::engine::addons::weave::MTU
                    } else {
                        1500
                    },
                    carrier: true,
                    master: Some(l.bridge.clone()),
                    addresses: Vec::new(),
                });
            }
            if has_veth {
                netnsid += 1;
            }
        }
        let has_port = |device: &str| ports.iter().any(|p| p.master.as_deref() == Some(device));
        for n in h.networks.values() {
            let (Some(device), Some(ipam)) = (&n.bridge_device, &n.ipam) else {
                continue;
            };
            links.push(Link {
                index: index_of(device),
                name: device.clone(),
                peer: None,
                peer_name: None,
                kind: LinkKind::Bridge,
                mac: derived_mac(&n.id),
                mtu: 1500,
                carrier: has_port(device),
                master: None,
                addresses: vec![(ipam.gateway, ipam.subnet.prefix())],
            });
        }
        for bridge in &h.addons.pipework_bridges {
            links.push(Link {
                index: index_of(bridge),
                name: bridge.clone(),
                peer: None,
                peer_name: None,
                kind: LinkKind::Bridge,
                mac: derived_mac(bridge),
                mtu: 1500,
                carrier: has_port(bridge),
                master: None,
                addresses: Vec::new(),
            });
        }
        if let Some(r) = h.weave() {
            let mtu = crate::engine::addons::weave::MTU;
            let device =
                |name: &str, kind: LinkKind, master: Option<&str>, peer: Option<&str>| Link {
                    index: 0,
                    name: name.to_string(),
                    peer: None,
                    peer_name: peer.map(str::to_string),
                    kind,
                    mac: derived_mac(&format!("{}{name}", r.peer)),
                    mtu: if name == "vxlan-6784" { 65535 } else { mtu },
                    carrier: true,
                    master: master.map(str::to_string),
                    addresses: Vec::new(),
                };
            let mut weave = device("weave", LinkKind::Bridge, None, None);
            weave.mac = r.peer.clone();
            if let Some(ip) = r.exposed {
                weave
                    .addresses
                    .push((ip, crate::engine::addons::weave::RANGE.1));
            }
            for mut l in [
                device("datapath", LinkKind::Openvswitch, None, None),
                weave,
                device(
                    "vethwe-datapath",
                    LinkKind::Veth,
                    Some("datapath"),
                    Some("vethwe-bridge"),
                ),
                device(
                    "vethwe-bridge",
                    LinkKind::Veth,
                    Some("weave"),
                    Some("vethwe-datapath"),
                ),
                device(
                    "vxlan-6784",
                    LinkKind::Vxlan {
                        id: 0,
                        local: h.machine.underlay_ip,
                        port: 6784,
                    },
                    Some("datapath"),
                    None,
                ),
            ] {
                l.index = index_of(&l.name);
                links.push(l);
            }
        }
        if let Some(lease) = &h.addons.flannel {
            let (name, kind, mtu, prefix) = match lease.backend {
                Backend::Vxlan => (
                    "flannel.1",
                    LinkKind::Vxlan {
                        id: 1,
                        local: h.machine.underlay_ip,
                        port: 8472,
                    },
                    1450,
                    32,
                ),
                Backend::Udp => ("flannel0", LinkKind::Tun, 1472, lease.network.prefix()),
                Backend::HostGw => ("", LinkKind::Tun, 0, 0),
            };
            if !name.is_empty() {
                links.push(Link {
                    index: index_of(name),
                    name: name.into(),
                    peer: None,
                    peer_name: None,
                    mac: if kind == LinkKind::Tun {
                        String::new()
                    } else {
                        derived_mac(&format!("{}{name}", h.name))
                    },
                    kind,
                    mtu,
                    carrier: true,
                    master: None,
                    addresses: vec![(lease.subnet.network(), prefix)],
                });
            }
        }
        links.extend(ports);
        links.sort_by_key(|l| l.index);
        Ok(links)
    }

    /// The `nat` table dockerd keeps on `host`.
    pub fn host_nat(&self, host: &str) -> Result<NatTable, EngineError> {
        let h = self.host(host)?;
        let mut table = NatTable::default();
        let mut bridges: Vec<_> = h
            .networks
            .values()
            .filter(|n| n.driver == Driver::Bridge && !n.internal)
            .filter(|n| {
                n.options
                    .get("com.docker.network.bridge.enable_ip_masquerade")
                    .is_none_or(|v| v != "false")
            })
            .filter_map(|n| Some((n.created, n.bridge_device.clone()?, n.ipam.as_ref()?.subnet)))
            .collect();
        bridges.sort_by_key(|b| std::cmp::Reverse(b.0));
        table.masquerade = bridges.into_iter().map(|(_, d, s)| (s, d)).collect();
        for c in h.containers_in_order().filter(|c| c.is_running()) {
            // Ports are mapped on the container's first bridge network (its gateway).
            let Some((device, ip)) = c.start_order().iter().find_map(|id| {
                let n = h.networks.get(id)?;
                let device = n
                    .bridge_device
                    .clone()
                    .filter(|_| n.driver == Driver::Bridge)?;
                Some((device, c.endpoint(id)?.ip?))
            }) else {
                continue;
            };
            for p in &c.published {
                let HostIp::V4(host_ip) = p.host_ip else {
                    continue;
                };
                table.dnat.push(Dnat {
                    proto: p.proto,
                    host_ip: (!host_ip.is_unspecified()).then_some(host_ip),
                    host_port: p.host_port,
                    to: ip,
                    to_port: p.container_port,
                    device: device.clone(),
                });
            }
        }
        if let Some(swarm) = &*self.swarm {
            if swarm.nodes.values().any(|n| n.host == h.name) {
                table.swarm = true;
                if let Some(sandbox) = ingress_sandbox(h) {
                    for s in swarm.services.values() {
                        for p in &s.ports {
                            table.ingress.push((p.proto, p.published, sandbox));
                        }
                    }
                }
            }
        }
        Ok(table)
    }
}
