//! A read-only picture of the world for the topology pane: hosts, their networks, and the
//! containers attached to each, with their addresses. Plain data, so the UI can draw it without
//! knowing any Docker rule (which network a stopped container still belongs to, which address is
//! live) and tests can assert on it natively.

use crate::engine::World;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Topology {
    /// The network the hosts share, such as `192.168.50.0/24`.
    pub underlay: String,
    pub hosts: Vec<HostView>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HostView {
    pub name: String,
    /// The host's `eth0` address on the underlay.
    pub underlay_ip: String,
    /// Powered on.
    pub running: bool,
    /// `linux`, `windows`, `macos` (a laptop) or `triton`.
    pub os: &'static str,
    /// A docker-machine VM: the laptop whose VirtualBox runs it.
    pub vm_of: Option<String>,
    /// An escape got root here: from which container, and how.
    pub compromised: Option<(String, String)>,
    /// Inbound ports its firewall drops, as `4789/udp`.
    pub firewall_drops: Vec<String>,
    pub networks: Vec<NetworkView>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NetworkView {
    pub name: String,
    pub driver: String,
    /// Such as `172.17.0.0/16`; `None` for `host` and `none`.
    pub subnet: Option<String>,
    pub gateway: Option<String>,
    /// The Linux device (`docker0`).
    pub device: Option<String>,
    /// An overlay's VXLAN ID: the same network on several hosts, joined by tunnels.
    pub vxlan: Option<String>,
    pub containers: Vec<ContainerNode>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContainerNode {
    pub name: String,
    pub short_id: String,
    pub image: String,
    /// The live address on this network; `None` while stopped.
    pub ip: Option<String>,
    pub running: bool,
    /// Published ports as `HOST→CONTAINER/proto`, once per host port.
    pub ports: Vec<String>,
}

impl World {
    /// Every host with its networks. Bridge networks come first (they are what the picture is
    /// about), then `host` and `none`; containers are listed in creation order.
    pub fn topology(&self) -> Topology {
        let mut hosts: Vec<HostView> =
            self.hosts()
                .map(|h| {
                    let mut networks: Vec<NetworkView> = h
                        .networks
                        .values()
                        .map(|n| NetworkView {
                            name: n.name.clone(),
                            driver: n.driver.as_str().to_string(),
                            subnet: n.ipam.as_ref().map(|i| i.subnet.to_string()),
                            gateway: n.ipam.as_ref().map(|i| i.gateway.to_string()),
                            device: n.bridge_device.clone(),
                            vxlan: n
                                .options
                                .get("com.docker.network.driver.overlay.vxlanid_list")
                                .cloned(),
                            containers: h
                                .containers_in_order()
                                .filter_map(|c| {
                                    let attachment = c.networks.get(&n.id)?;
                                    Some(ContainerNode {
                                        name: c.name.clone(),
                                        short_id: c.short_id().to_string(),
                                        image: c.image.as_typed().to_string(),
                                        ip: attachment
                                            .endpoint
                                            .as_ref()
                                            .and_then(|e| e.ip)
                                            .map(|ip| ip.to_string()),
                                        running: c.is_running(),
                                        ports: {
                                            let mut p: Vec<String> = c
                                                .published
                                                .iter()
                                                .map(|b| {
                                                    format!(
                                                        "{}→{}/{}",
                                                        b.host_port,
                                                        b.container_port,
                                                        b.proto.as_str()
                                                    )
                                                })
                                                .collect();
                                            p.dedup();
                                            p
                                        },
                                    })
                                })
                                .collect(),
                        })
                        .collect();
                    // Pipework's bridges: plain Linux bridges, drawn like networks.
                    for bridge in &h.addons.pipework_bridges {
                        networks.push(NetworkView {
                            name: bridge.clone(),
                            driver: "pipework".into(),
                            subnet: None,
                            gateway: None,
                            device: Some(bridge.clone()),
                            vxlan: None,
                            containers: h
                                .containers_in_order()
                                .filter_map(|c| {
                                    let link = c.pipework.iter().find(|l| l.bridge == *bridge)?;
                                    Some(ContainerNode {
                                        name: c.name.clone(),
                                        short_id: c.short_id().to_string(),
                                        image: c.image.as_typed().to_string(),
                                        ip: Some(format!("{}/{}", link.ip, link.prefix)),
                                        running: c.is_running(),
                                        ports: Vec::new(),
                                    })
                                })
                                .collect(),
                        });
                    }
                    // Weave's network: one flat range, drawn in every host with a router.
                    if h.weave().is_some() {
                        networks.push(NetworkView {
                            name: crate::engine::addons::weave::BRIDGE.into(),
                            driver: "weave".into(),
                            subnet: Some(format!(
                                "{}/{}",
                                crate::engine::addons::weave::RANGE.0,
                                crate::engine::addons::weave::RANGE.1
                            )),
                            gateway: None,
                            device: Some(crate::engine::addons::weave::BRIDGE.into()),
                            vxlan: None,
                            containers: h
                                .containers_in_order()
                                .filter_map(|c| {
                                    let link = c.pipework.iter().find(|l| {
                                        l.bridge == crate::engine::addons::weave::BRIDGE
                                    })?;
                                    Some(ContainerNode {
                                        name: c.name.clone(),
                                        short_id: c.short_id().to_string(),
                                        image: c.image.as_typed().to_string(),
                                        ip: Some(link.ip.to_string()),
                                        running: c.is_running(),
                                        ports: Vec::new(),
                                    })
                                })
                                .collect(),
                        });
                    }
                    // Address-holding networks first (the picture is about them), each by name.
                    networks.sort_by_key(|n| (n.subnet.is_none(), n.name.clone()));
                    HostView {
                        name: h.name.clone(),
                        underlay_ip: h.machine.underlay_ip.to_string(),
                        running: h.machine.running,
                        os: h.backend.as_str(),
                        vm_of: h.machine.vm.as_ref().map(|vm| vm.laptop.clone()),
                        compromised: h
                            .machine
                            .compromised
                            .as_ref()
                            .map(|c| (c.container.clone(), c.via.to_string())),
                        firewall_drops: h
                            .machine
                            .firewall
                            .iter()
                            .map(|(proto, port)| format!("{port}/{}", proto.as_str()))
                            .collect(),
                        networks,
                    }
                })
                .collect();
        // A docker-machine VM is drawn right under the laptop whose VirtualBox runs it.
        hosts.sort_by(|a, b| {
            let key = |h: &HostView| {
                (
                    h.vm_of.clone().unwrap_or_else(|| h.name.clone()),
                    h.vm_of.is_some(),
                    h.name.clone(),
                )
            };
            key(a).cmp(&key(b))
        });
        Topology {
            underlay: crate::engine::underlay()
                .map(|u| u.to_string())
                .unwrap_or_default(),
            hosts,
        }
    }
}
