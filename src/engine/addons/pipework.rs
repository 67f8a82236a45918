//! Pipework (jpetazzo/pipework), the 2014 way to give a container a second interface: a veth
//! pair from a Linux bridge on the host (created on first use) into the container as `eth1`,
//! with whatever address the caller typed (reference seed-systems.md section 3).
//!
//! Contract:
//! - No IPAM: any address is accepted, even one another container already holds on the same
//!   bridge. Both then answer for it, and the packet path says so.
//! - Nothing persists: the interface lives in the container's network namespace, so it is
//!   gone once the container stops (a restart included); the bridge is gone when the host
//!   reboots. The learner must run pipework again: founding problem 1, second flavour.
//! - A Linux bridge (`br…`, created on first use) gives a veth pair; the host's `eth0` gives a
//!   macvlan: the container is then on the LAN itself, reachable from the other hosts but
//!   not from its own (macvlan keeps parent and children apart).
//! - `dhcp` asks the DHCP server of the segment: the LAN's router leases from
//!   [`DHCP_POOL`] (lowest free) on `eth0`; a bridge pipework made has no server, so the
//!   client gives up. `route`, `rule` and `tc` are refused by the CLI with what to use
//!   instead.

use std::net::Ipv4Addr;

use crate::engine::docker::container::PipeworkLink;
use crate::engine::{EngineError, World};

/// The host interface whose pipework links are macvlans, not veths on a bridge.
pub const PHYSICAL: &str = "eth0";

/// What the LAN router's DHCP server leases on the underlay: 192.168.50.100 to .199.
pub const DHCP_POOL: (u8, u8) = (100, 199);

/// What a `pipework` call asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PipeworkSpec {
    pub bridge: String,
    pub interface: String,
    pub ip: Ipv4Addr,
    pub prefix: u8,
    pub gateway: Option<Ipv4Addr>,
}

/// Why pipework stops (the script's own `die` texts).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PipeworkError {
    /// `docker inspect` found no running container.
    NoPid,
    NoSuchContainer(String),
    /// The DHCP client heard no server (a bridge pipework made has none), or the pool is
    /// empty.
    NoLease,
}

impl std::fmt::Display for PipeworkError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PipeworkError::NoPid => write!(f, "Docker inspect returned invalid PID 0"),
            PipeworkError::NoSuchContainer(name) => write!(f, "Error: No such object: {name}"),
            PipeworkError::NoLease => write!(
                f,
                "udhcpc: started, v1.37.0\nudhcpc: broadcasting discover\nudhcpc: broadcasting discover\nudhcpc: broadcasting discover\nudhcpc: no lease, failing"
            ),
        }
    }
}

impl World {
    /// `pipework BRIDGE [-i IFACE] CONTAINER IP/PREFIX[@GATEWAY]`.
    pub fn pipework_attach(
        &mut self,
        host: &str,
        container: &str,
        spec: PipeworkSpec,
    ) -> Result<(), PipeworkError> {
        let PipeworkSpec {
            bridge,
            interface,
            ip,
            prefix,
            gateway,
        } = spec;
        let c = self
            .container_lookup(host, container)
            .map_err(|_| PipeworkError::NoSuchContainer(container.to_string()))?;
        if !c.is_running() {
            return Err(PipeworkError::NoPid);
        }
        let id = c.id.clone();
        let mac =
            crate::engine::docker::network::MacAddress::random_local(self.rng.bytes6()).to_string();
        let h = self
            .host_mut(host)
            .map_err(|_: EngineError| PipeworkError::NoPid)?;
        if bridge != PHYSICAL {
            h.add_device(&bridge);
            h.addons.pipework_bridges.insert(bridge.clone());
        }
        let index = h.take_ifindex();
        if let Some(c) = h.containers.get_mut(&id) {
            // A second call with the same interface name replaces the first.
            c.pipework.retain(|l| l.interface != interface);
            c.pipework.push(PipeworkLink {
                bridge,
                interface,
                ip,
                prefix,
                gateway,
                mac,
                index,
            });
        }
        Ok(())
    }

    /// `pipework HOSTIF CONTAINER dhcp`: the address the segment's DHCP server offers. On
    /// `eth0` the LAN router answers with the lowest free address of [`DHCP_POOL`]; on a
    /// bridge nobody does.
    pub fn pipework_dhcp_offer(&self, host_interface: &str) -> Result<Ipv4Addr, PipeworkError> {
        if host_interface != PHYSICAL {
            return Err(PipeworkError::NoLease);
        }
        let taken: std::collections::BTreeSet<Ipv4Addr> = self
            .hosts()
            .flat_map(|h| {
                let links = h
                    .containers
                    .values()
                    .flat_map(|c| c.pipework.iter().map(|l| l.ip));
                let macvlans = h
                    .networks
                    .values()
                    .filter(|n| crate::engine::docker::network::is_on_the_lan(n))
                    .flat_map(|n| {
                        h.containers
                            .values()
                            .filter_map(|c| c.endpoint(&n.id).and_then(|e| e.ip))
                    });
                std::iter::once(h.machine.underlay_ip)
                    .chain(links)
                    .chain(macvlans)
            })
            .collect();
        (DHCP_POOL.0..=DHCP_POOL.1)
            .map(|octet| Ipv4Addr::new(192, 168, 50, octet))
            .find(|ip| !taken.contains(ip))
            .ok_or(PipeworkError::NoLease)
    }
}
