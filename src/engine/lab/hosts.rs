//! The hosts of the world and the underlay network that joins them: the lab a trainer would
//! build from virtual machines on one LAN.
//!
//! Contract:
//! - Every host has an address on the underlay ([`UNDERLAY`], 192.168.50.0/24, gateway .1). The
//!   first free address from `.11` up goes to each new host, in the order hosts are added, so
//!   `host1` is 192.168.50.11 in every world.
//! - A host has a firewall on its underlay interface: a set of denied `(protocol, port)` pairs
//!   for inbound traffic. Everything else is allowed, as on a fresh cloud VM in one security
//!   group.
//! - `host stop` is a clean shutdown: dockerd stops every container as `docker stop` would.
//!   `host start` boots the host and dockerd restores containers the way moby's `restore()`
//!   does with its restart manager: `always` containers start whatever their state, and
//!   `unless-stopped` ones start if they were running at shutdown. Nothing else survives a
//!   reboot that is not on disk: addresses come back from the networks' pools.
//! - These are playground operations, not Docker API ones, so their errors are Berth's own
//!   ([`HostError`]), worded for a learner.
//! - A Windows host (`--os windows`) is a Windows Server 2022 machine (build 10.0.20348) with
//!   Docker's Windows daemon: a `nat` network instead of `docker0` (an HNS-chosen /20 in
//!   172.16.0.0/12, drawn from the world's seed) and `none`, Windows images only, process
//!   isolation by default ([`WINDOWS_BUILD`](crate::engine::docker::image::WINDOWS_BUILD)).
//! - A Triton host (`--triton`) is a whole data center seen through sdc-docker (see
//!   [`crate::engine::platforms::triton`]); its underlay address is the learner's client machine, outside it.
//!   [`World::remote_connect`] answers for its containers' public IPs as for hosts.

use std::collections::BTreeSet;
use std::fmt;
use std::net::Ipv4Addr;

use crate::engine::docker::caller::Caller;
use crate::engine::docker::container::{Container, RestartPolicy, State};
use crate::engine::docker::image::Service;
use crate::engine::docker::network::{is_on_the_lan, Driver};
use crate::engine::docker::ports::Proto;
use crate::engine::lab::reach::{Arrival, Blocked, Dropped, Hop, HopKind, Mark};
use crate::engine::names::valid_host_name;
use crate::engine::{underlay, Backend, Host, World, UNDERLAY, UNDERLAY_GATEWAY};

/// The first host address handed out on the underlay.
const FIRST_HOST_OCTET: u8 = 11;

/// Why a host operation was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HostError {
    NoSuchHost(String),
    Exists(String),
    /// Not a valid hostname (RFC 1123 label: letters, digits, `-`; 1 to 63 characters).
    InvalidName(String),
    UnderlayFull,
    /// The last host cannot go: the terminal needs somewhere to run.
    LastHost(String),
    AlreadyRunning(String),
    AlreadyStopped(String),
    /// The host is powered off.
    Stopped(String),
}

impl fmt::Display for HostError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            HostError::NoSuchHost(name) => {
                write!(f, "no host named {name}: `host ls` lists them")
            }
            HostError::Exists(name) => write!(f, "a host named {name} already exists"),
            HostError::InvalidName(name) => write!(
                f,
                "invalid host name {name:?}: use letters, digits and '-', at most 63 characters, not starting or ending with '-'"
            ),
            HostError::UnderlayFull => write!(
                f,
                "the underlay {}/{} has no free address left",
                UNDERLAY.0, UNDERLAY.1
            ),
            HostError::LastHost(name) => {
                write!(f, "{name} is the only host left: add another one first")
            }
            HostError::AlreadyRunning(name) => write!(f, "{name} is already running"),
            HostError::AlreadyStopped(name) => write!(f, "{name} is already stopped"),
            HostError::Stopped(name) => {
                write!(f, "{name} is stopped: `host start {name}` boots it")
            }
        }
    }
}

impl std::error::Error for HostError {}

impl World {
    /// Adds a powered-on host with a fresh Docker daemon (bridge, host, none) on the underlay.
    pub fn host_add(&mut self, name: &str, backend: Backend) -> Result<&Host, HostError> {
        if !valid_host_name(name) {
            return Err(HostError::InvalidName(name.to_string()));
        }
        if self.hosts.contains_key(name) {
            return Err(HostError::Exists(name.to_string()));
        }
        let taken: BTreeSet<Ipv4Addr> =
            self.hosts.values().map(|h| h.machine.underlay_ip).collect();
        let address = (FIRST_HOST_OCTET..=254)
            .map(|octet| Ipv4Addr::new(192, 168, 50, octet))
            .find(|ip| !taken.contains(ip))
            .ok_or(HostError::UnderlayFull)?;
        self.add_host(name, address, backend);
        self.hosts
            .get(name)
            .ok_or_else(|| HostError::NoSuchHost(name.to_string()))
    }

    /// Removes a host and everything on it, like deleting the virtual machine.
    pub fn host_remove(&mut self, name: &str) -> Result<(), HostError> {
        if !self.hosts.contains_key(name) {
            return Err(HostError::NoSuchHost(name.to_string()));
        }
        if self.hosts.len() == 1 {
            return Err(HostError::LastHost(name.to_string()));
        }
        // A laptop's VMs live in its VirtualBox: they go with it.
        let vms: Vec<String> = self.machines(name).iter().map(|h| h.name.clone()).collect();
        for vm in vms {
            self.hosts.remove(&vm);
        }
        // Its tasks and overlay endpoints go first, so the swarm's pools give them back.
        if self.swarm_node(name).is_some() {
            self.leave_cleanup(name);
        }
        self.hosts.remove(name);
        // Its node goes with it; a swarm left with no node at all is gone.
        if let Some(swarm) = &mut *self.swarm {
            swarm.nodes.remove(name);
            if swarm.nodes.is_empty() {
                *self.swarm = None;
            }
        }
        Ok(())
    }

    /// A clean shutdown: every running container is stopped as `docker stop` would.
    pub fn host_stop(&mut self, name: &str) -> Result<(), HostError> {
        let h = self
            .hosts
            .get(name)
            .ok_or_else(|| HostError::NoSuchHost(name.to_string()))?;
        if !h.machine.running {
            return Err(HostError::AlreadyStopped(name.to_string()));
        }
        // A laptop powering off takes its VirtualBox VMs down with it.
        let vms: Vec<String> = self
            .machines(name)
            .iter()
            .filter(|vm| vm.machine.running)
            .map(|vm| vm.name.clone())
            .collect();
        for vm in vms {
            let _ = self.host_stop(&vm);
        }
        let live = self.daemon_stop(name);
        if let Some(h) = self.hosts.get_mut(name) {
            // What lived only in memory is gone: pipework's bridges, flanneld.
            h.machine.running = false;
            for bridge in std::mem::take(&mut h.addons.pipework_bridges) {
                h.remove_device(&bridge);
            }
            h.remove_device("flannel.1");
            h.remove_device("flannel0");
            h.addons.flannel = None;
            h.machine.running_at_shutdown = live;
        }
        Ok(())
    }

    /// Boots a stopped host; dockerd restores containers by their restart policy.
    pub fn host_start(&mut self, name: &str) -> Result<(), HostError> {
        let h = self
            .hosts
            .get(name)
            .ok_or_else(|| HostError::NoSuchHost(name.to_string()))?;
        if h.machine.running {
            return Err(HostError::AlreadyRunning(name.to_string()));
        }
        let live = std::mem::take(
            &mut self
                .hosts
                .get_mut(name)
                .ok_or_else(|| HostError::NoSuchHost(name.to_string()))?
                .machine
                .running_at_shutdown,
        );
        if let Some(h) = self.hosts.get_mut(name) {
            h.machine.running = true;
        }
        // dockerd reads daemon.json at boot; a file it cannot use leaves it down.
        let _ = self.daemon_boot(name, &live);
        Ok(())
    }

    /// dockerd shutting down: it stops every container as `docker stop` would. Returns the
    /// containers that were running.
    pub(in crate::engine) fn daemon_stop(&mut self, name: &str) -> BTreeSet<String> {
        let live: BTreeSet<String> = self
            .hosts
            .get(name)
            .map(|h| {
                h.containers_in_order()
                    .filter(|c| c.is_running() || matches!(c.state, State::Restarting { .. }))
                    .map(|c| c.id.clone())
                    .collect()
            })
            .unwrap_or_default();
        for id in &live {
            // Stopping a container that exists cannot fail; a failure would leave it running,
            // which the invariant check would report.
            let _ = self.container_stop(name, &Caller::daemon(), id);
        }
        live
    }

    /// dockerd starting: it restores containers the way moby's `restore()` does, `always`
    /// ones whatever their state and `unless-stopped` ones that ran at shutdown.
    pub(in crate::engine) fn daemon_start(
        &mut self,
        name: &str,
        running_at_shutdown: &BTreeSet<String>,
    ) {
        let restore: Vec<(String, i32)> = self
            .hosts
            .get(name)
            .map(|h| {
                h.containers_in_order()
                    .filter(|c| match c.restart_policy {
                        RestartPolicy::Always => true,
                        RestartPolicy::UnlessStopped => running_at_shutdown.contains(&c.id),
                        _ => false,
                    })
                    .map(|c| {
                        let last_exit = match c.state {
                            State::Exited { exit_code, .. }
                            | State::Restarting { exit_code, .. } => exit_code,
                            _ => 0,
                        };
                        (c.id.clone(), last_exit)
                    })
                    .collect()
            })
            .unwrap_or_default();
        for (id, last_exit) in restore {
            // A container whose start fails (its address taken meanwhile) stays exited, as
            // dockerd logs the error and goes on.
            let _ = self.restart_policy_start(name, &id, last_exit);
        }
    }

    /// Denies (or allows again) inbound `port/proto` on the host's underlay interface.
    pub fn firewall_set(
        &mut self,
        name: &str,
        proto: Proto,
        port: u16,
        deny: bool,
    ) -> Result<(), HostError> {
        let h = self
            .hosts
            .get_mut(name)
            .ok_or_else(|| HostError::NoSuchHost(name.to_string()))?;
        if deny {
            h.machine.firewall.insert((proto, port));
        } else {
            h.machine.firewall.remove(&(proto, port));
        }
        Ok(())
    }

    /// The running container that holds `ip` on a macvlan network whose parent is `eth0`
    /// (an address on the LAN), with its host and network name.
    pub fn macvlan_owner(&self, ip: Ipv4Addr) -> Option<(&Host, String, &Container)> {
        self.hosts.values().find_map(|h| {
            h.networks
                .values()
                .filter(|n| is_on_the_lan(n))
                .find_map(|n| {
                    h.containers_in_order()
                        .find(|c| c.endpoint(&n.id).and_then(|e| e.ip) == Some(ip))
                        .map(|c| (h, n.name.clone(), c))
                })
                .or_else(|| {
                    // `pipework eth0 …`: a macvlan of eth0 too, outside Docker.
                    h.containers_in_order()
                        .find(|c| {
                            c.pipework.iter().any(|l| {
                                l.bridge == crate::engine::addons::pipework::PHYSICAL && l.ip == ip
                            })
                        })
                        .map(|c| (h, "pipework".to_string(), c))
                })
        })
    }

    /// The host with this underlay address.
    pub fn host_by_underlay_ip(&self, ip: Ipv4Addr) -> Option<&Host> {
        self.hosts.values().find(|h| h.machine.underlay_ip == ip)
    }

    /// A host by name or underlay address, as `ssh` and `ping` take them.
    pub fn host_lookup(&self, key: &str) -> Option<&Host> {
        self.hosts.get(key).or_else(|| {
            key.parse::<Ipv4Addr>()
                .ok()
                .and_then(|ip| self.host_by_underlay_ip(ip))
        })
    }
}

/// What a connection to a port of a host's underlay address meets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Connect<'a> {
    /// A published port: the container behind it and its port.
    Published {
        container: &'a Container,
        port: u16,
        /// What the container's program serves on that port, if anything.
        service: Option<Service>,
    },
    /// Nothing listens: the kernel answers with a reset.
    Refused,
    /// The firewall drops it: the client waits until it times out.
    Filtered(Dropped),
}

impl<'a> Connect<'a> {
    /// This answer, or `other`'s where nothing listened.
    fn or_else(self, other: impl FnOnce() -> Option<Connect<'a>>) -> Connect<'a> {
        match self {
            Connect::Refused => other().unwrap_or(Connect::Refused),
            answered => answered,
        }
    }
}

impl World {
    /// The underlay leg of a packet that leaves `from` for `dst`: `None` if `dst` is not on the
    /// underlay. Hops are appended as the packet crosses it.
    pub(in crate::engine) fn underlay_leg(
        &self,
        from: &Host,
        dst: Ipv4Addr,
        hops: &mut Vec<Hop>,
    ) -> Option<Result<Arrival, Blocked>> {
        let net = underlay()?;
        if !net.contains(dst) {
            return None;
        }
        hops.push(Hop::at(
            Mark::Underlay,
            HopKind::Underlay { network: Some(net) },
        ));
        if dst == from.machine.underlay_ip {
            hops.push(Hop::from(HopKind::HostEth0 {
                host: from.name.clone(),
                ip: dst,
            }));
            return Some(Ok(Arrival::Local));
        }
        if dst == UNDERLAY_GATEWAY {
            hops.push(Hop::from(HopKind::UnderlayRouter { ip: dst }));
            return Some(Ok(Arrival::Local));
        }
        // A macvlan container sits on the LAN itself, with its own MAC on its host's eth0.
        if self.host_by_underlay_ip(dst).is_none() {
            if let Some((owner, network, c)) = self.macvlan_owner(dst) {
                // Which switch put it on the LAN: macvlan (Docker's or pipework's), or a
                // Hyper-V external switch (transparent, l2bridge).
                let driver = owner
                    .networks
                    .values()
                    .find(|n| n.name == network)
                    .map_or(Driver::Macvlan, |n| n.driver);
                hops.push(Hop::at(
                    Mark::Network {
                        host: owner.name.clone(),
                        name: network.clone(),
                    },
                    HopKind::LanSwitch {
                        host: owner.name.clone(),
                        driver,
                        network: network.clone(),
                    },
                ));
                if owner.name == from.name && driver == Driver::Macvlan {
                    return Some(Err(Blocked::Dropped(Dropped::OwnMacvlan {
                        host: from.name.clone(),
                    })));
                }
                hops.push(Hop::at(
                    Mark::Container {
                        host: owner.name.clone(),
                        name: c.name.clone(),
                    },
                    HopKind::LanContainer {
                        container: c.name.clone(),
                        driver,
                        host: owner.name.clone(),
                    },
                ));
                return Some(Ok(Arrival::Local));
            }
        }
        Some(match self.host_by_underlay_ip(dst) {
            None => Err(Blocked::Dropped(Dropped::NoUnderlayHost { ip: dst })),
            Some(to) if !to.machine.running => Err(Blocked::Dropped(Dropped::PoweredOff {
                host: to.name.clone(),
            })),
            Some(to) => {
                hops.push(Hop::at(
                    Mark::Eth0 {
                        host: to.name.clone(),
                    },
                    HopKind::HostEth0 {
                        host: to.name.clone(),
                        ip: dst,
                    },
                ));
                Ok(Arrival::Remote)
            }
        })
    }

    /// A connection to `port/proto` on the underlay address of host `to`: its firewall first,
    /// then its published ports (the DNAT rules dockerd writes for `-p`).
    pub fn underlay_connect(&self, to: &str, proto: Proto, port: u16) -> Connect<'_> {
        let Some(h) = self.hosts.get(to) else {
            return Connect::Filtered(Dropped::NoHost {
                host: to.to_string(),
            });
        };
        if !h.machine.running {
            return Connect::Filtered(Dropped::PoweredOff {
                host: to.to_string(),
            });
        }
        if !h.firewall_allows(proto, port) {
            return Connect::Filtered(Dropped::Firewall {
                host: to.to_string(),
                proto,
                port,
            });
        }
        // From the LAN only bindings on every address (or on the host's own) answer; one on
        // 127.0.0.1 stays on the host.
        let underlay_ip = h.machine.underlay_ip;
        let connect = self.published_matching(to, proto, port, |ip| match ip {
            crate::engine::docker::ports::HostIp::V4(a) => a.is_unspecified() || a == underlay_ip,
            crate::engine::docker::ports::HostIp::V6Any => true,
        });
        // A `--network host` server listens on the host's own sockets: INPUT, where ufw
        // judges it as it judges the host's own services.
        if let Some(connect) = self.host_network_listener(to, proto, port) {
            if h.ufw_denies(proto, port) {
                return Connect::Filtered(Dropped::Ufw {
                    host: to.to_string(),
                    proto,
                    port,
                });
            }
            return connect;
        }
        match connect {
            // Published: DNAT in PREROUTING, then FORWARD, where DOCKER-USER filters and ufw
            // (INPUT) is never consulted.
            Connect::Published {
                port: container_port,
                ..
            } => {
                if let Some(rule) = h.docker_user_drops(proto, container_port, port) {
                    return Connect::Filtered(Dropped::DockerUser {
                        host: to.to_string(),
                        target: rule.target.clone(),
                    });
                }
                connect
            }
            Connect::Refused if h.ufw_denies(proto, port) => Connect::Filtered(Dropped::Ufw {
                host: to.to_string(),
                proto,
                port,
            }),
            other => other,
        }
    }

    /// A connection to `port/proto` at an address a packet reached as [`Arrival::Remote`]: a
    /// host's underlay address, or a Triton container's public IP.
    pub fn remote_connect(&self, ip: Ipv4Addr, proto: Proto, port: u16) -> Connect<'_> {
        if let Some(connect) = self.triton_public_connect(ip, proto, port) {
            return connect;
        }
        match self.host_by_underlay_ip(ip) {
            Some(to) => self.underlay_connect(&to.name, proto, port),
            None => Connect::Filtered(Dropped::NothingAnswers { ip }),
        }
    }

    /// What a connection to `port/proto` on one of the host's own addresses meets: the
    /// published ports, without the firewall (which guards the underlay only).
    pub fn published_on(&self, host: &str, proto: Proto, port: u16) -> Connect<'_> {
        // A laptop publishes nothing itself; a VirtualBox NAT rule hands the port to a VM,
        // where it arrives on the VM's NAT adapter like traffic from outside.
        if self
            .hosts
            .get(host)
            .is_some_and(|h| h.backend.runs_virtualbox())
        {
            return match self.natpf_target(host, proto, port) {
                Some((vm, guest_port)) => self.underlay_connect(&vm.name, proto, guest_port),
                None => Connect::Refused,
            };
        }
        self.published_matching(host, proto, port, |_| true)
            .or_else(|| self.host_network_listener(host, proto, port))
    }

    /// A running `--network host` container whose program listens on `port/proto`: it
    /// binds the host's own sockets on every address (Docker docs, "Host network driver":
    /// no port mapping, the port is the host's), so `curl localhost` on that host reaches it.
    fn host_network_listener(&self, host: &str, proto: Proto, port: u16) -> Option<Connect<'_>> {
        let h = self.hosts.get(host)?;
        h.containers_in_order()
            .filter(|c| c.network_mode == "host" && c.is_running() && !c.is_paused())
            .find_map(|c| {
                let service = self.serves(c)?;
                let listens = match service {
                    Service::Http { port: p, .. } | Service::Tcp { port: p } => p == port,
                };
                (listens && proto == Proto::Tcp).then_some(Connect::Published {
                    container: c,
                    port,
                    service: Some(service),
                })
            })
    }

    /// A published port whose binding address `accepts` approves.
    fn published_matching(
        &self,
        host: &str,
        proto: Proto,
        port: u16,
        accepts: impl Fn(crate::engine::docker::ports::HostIp) -> bool,
    ) -> Connect<'_> {
        let Some(h) = self.hosts.get(host) else {
            return Connect::Filtered(Dropped::NoHost {
                host: host.to_string(),
            });
        };
        let published = h.containers_in_order().find_map(|c| {
            c.published
                .iter()
                .find(|p| p.host_port == port && p.proto == proto && accepts(p.host_ip))
                .map(|p| (c, p.container_port))
        });
        // The routing mesh: a port a swarm service publishes answers on every node.
        let published = published.or_else(|| self.mesh_target(host, proto, port));
        match published {
            Some((container, container_port)) => Connect::Published {
                container,
                port: container_port,
                // The image of whichever node runs it (the mesh may lead to another).
                service: self.serves(container),
            },
            None => Connect::Refused,
        }
    }
}

impl Host {
    /// Whether the firewall lets inbound `port/proto` through.
    pub fn firewall_allows(&self, proto: Proto, port: u16) -> bool {
        !self.machine.firewall.contains(&(proto, port))
    }
}

impl World {
    /// A connection from the internet to `port/proto` on a container's public IP: the Cloud
    /// Firewall lets in only its published ports.
    pub fn triton_public_connect(
        &self,
        ip: Ipv4Addr,
        proto: Proto,
        port: u16,
    ) -> Option<Connect<'_>> {
        let (_, c) = self.triton_public_owner(ip)?;
        if c.is_paused() {
            return Some(Connect::Filtered(Dropped::Paused {
                container: c.name.clone(),
            }));
        }
        Some(
            if c.published
                .iter()
                .any(|p| p.proto == proto && p.container_port == port)
            {
                Connect::Published {
                    container: c,
                    port,
                    service: self.serves(c),
                }
            } else {
                Connect::Filtered(Dropped::CloudFirewall {
                    container: c.name.clone(),
                    proto,
                    port,
                })
            },
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::Ipv4Cidr;
    use crate::engine::{ContainerCreate, DEFAULT_HOST};

    #[test]
    fn the_cloud_firewall_lets_in_only_a_triton_containers_published_ports() {
        let mut w = World::new(7);
        w.host_add("triton", Backend::Triton).unwrap();
        let root = Caller::local("root");
        w.image_pull("triton", &root, &"nginx".parse().unwrap())
            .unwrap();
        let create = ContainerCreate {
            name: Some("web".into()),
            ports: vec!["80".parse().unwrap()],
            ..ContainerCreate::new("nginx".parse().unwrap())
        };
        w.container_create("triton", &root, create).unwrap();
        w.container_start("triton", &root, "web").unwrap();
        let h = w.host("triton").unwrap();
        let web = w.container_lookup("triton", "web").unwrap();
        let external = h
            .network_by_name(crate::engine::platforms::triton::EXTERNAL_NETWORK)
            .unwrap();
        let public = web.networks[&external.id]
            .endpoint
            .as_ref()
            .and_then(|e| e.ip)
            .unwrap();
        assert!(matches!(
            w.triton_public_connect(public, Proto::Tcp, 80),
            Some(Connect::Published { .. })
        ));
        assert!(matches!(
            w.triton_public_connect(public, Proto::Tcp, 22),
            Some(Connect::Filtered(_))
        ));
    }

    #[test]
    fn hosts_take_underlay_addresses_in_order_and_reuse_freed_ones() {
        let mut w = World::new(1);
        assert_eq!(
            w.host(DEFAULT_HOST).unwrap().machine.underlay_ip,
            Ipv4Addr::new(192, 168, 50, 11)
        );
        w.host_add("host2", Backend::Linux).unwrap();
        w.host_add("host3", Backend::Linux).unwrap();
        assert_eq!(
            w.host("host3").unwrap().machine.underlay_ip,
            Ipv4Addr::new(192, 168, 50, 13)
        );
        w.host_remove("host2").unwrap();
        w.host_add("host4", Backend::Linux).unwrap();
        assert_eq!(
            w.host("host4").unwrap().machine.underlay_ip,
            Ipv4Addr::new(192, 168, 50, 12)
        );
        assert_eq!(w.check_invariants(), Ok(()));
    }

    #[test]
    fn refusals_leave_the_world_as_it_was() {
        let mut w = World::new(1);
        let before = w.clone();
        assert_eq!(
            w.host_add("host1", Backend::Linux).unwrap_err(),
            HostError::Exists("host1".into())
        );
        assert!(matches!(
            w.host_add("-bad", Backend::Linux),
            Err(HostError::InvalidName(_))
        ));
        assert!(matches!(
            w.host_add("a_b", Backend::Linux),
            Err(HostError::InvalidName(_))
        ));
        assert_eq!(
            w.host_remove("host1").unwrap_err(),
            HostError::LastHost("host1".into())
        );
        assert_eq!(
            w.host_start("host1").unwrap_err(),
            HostError::AlreadyRunning("host1".into())
        );
        assert_eq!(
            w.host_stop("nope").unwrap_err(),
            HostError::NoSuchHost("nope".into())
        );
        assert_eq!(w, before);
    }

    fn run(w: &mut World, name: &str, restart: RestartPolicy) {
        let create = ContainerCreate {
            name: Some(name.into()),
            restart_policy: restart,
            ..ContainerCreate::new("nginx".parse().unwrap())
        };
        w.image_pull(
            DEFAULT_HOST,
            &Caller::local("root"),
            &"nginx".parse().unwrap(),
        )
        .unwrap();
        w.container_create(DEFAULT_HOST, &Caller::local("root"), create)
            .unwrap();
        w.container_start(DEFAULT_HOST, &Caller::local("root"), name)
            .unwrap();
    }

    #[test]
    fn a_reboot_restores_containers_by_restart_policy() {
        let mut w = World::new(1);
        run(&mut w, "plain", RestartPolicy::No);
        run(&mut w, "always", RestartPolicy::Always);
        run(&mut w, "unless", RestartPolicy::UnlessStopped);
        run(&mut w, "unless-off", RestartPolicy::UnlessStopped);
        run(&mut w, "always-off", RestartPolicy::Always);
        w.container_stop(DEFAULT_HOST, &Caller::local("root"), "unless-off")
            .unwrap();
        w.container_stop(DEFAULT_HOST, &Caller::local("root"), "always-off")
            .unwrap();

        w.host_stop(DEFAULT_HOST).unwrap();
        let h = w.host(DEFAULT_HOST).unwrap();
        assert!(!h.machine.running);
        assert!(h.containers.values().all(|c| !c.is_running()));
        assert_eq!(w.check_invariants(), Ok(()));

        w.host_start(DEFAULT_HOST).unwrap();
        let running: Vec<&str> = w
            .host(DEFAULT_HOST)
            .unwrap()
            .containers_in_order()
            .filter(|c| c.is_running())
            .map(|c| c.name.as_str())
            .collect();
        assert_eq!(running, ["always", "unless", "always-off"]);
        assert_eq!(w.check_invariants(), Ok(()));
    }

    #[test]
    fn the_firewall_denies_and_allows_again() {
        let mut w = World::new(1);
        w.firewall_set("host1", Proto::Udp, 4789, true).unwrap();
        assert!(!w.host("host1").unwrap().firewall_allows(Proto::Udp, 4789));
        assert!(w.host("host1").unwrap().firewall_allows(Proto::Tcp, 4789));
        w.firewall_set("host1", Proto::Udp, 4789, false).unwrap();
        assert!(w.host("host1").unwrap().firewall_allows(Proto::Udp, 4789));
    }

    #[test]
    fn a_windows_host_has_docker_for_windows_networks() {
        let mut w = World::new(1);
        let win = w.host_add("win1", Backend::Windows).unwrap();
        assert_eq!(win.backend, Backend::Windows);
        let mut names: Vec<&str> = win.networks.values().map(|n| n.name.as_str()).collect();
        names.sort_unstable();
        assert_eq!(names, ["nat", "none"]);
        let nat = win.network_by_name("nat").unwrap();
        assert_eq!(nat.driver.as_str(), "nat");
        let subnet = nat.ipam.as_ref().unwrap().subnet;
        assert_eq!(subnet.prefix(), 20);
        assert!(Ipv4Cidr::new(Ipv4Addr::new(172, 16, 0, 0), 12)
            .unwrap()
            .contains(subnet.network()));
    }
}
