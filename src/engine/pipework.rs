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
//! - Only Linux bridges (`br…`) are simulated; a physical interface (the macvlan form), `dhcp`,
//!   `route`, `rule` and `tc` are refused by the CLI with what to use instead.

use std::net::Ipv4Addr;

use super::network::Ipv4Cidr;
use super::{EngineError, World};

/// A pipework interface inside a container.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PipeworkLink {
    /// The host bridge it hangs from (`br1`).
    pub bridge: String,
    /// `eth1`, or the `-i` name.
    pub interface: String,
    pub ip: Ipv4Addr,
    pub prefix: u8,
    pub gateway: Option<Ipv4Addr>,
    pub mac: String,
    /// The container side's interface index; the host side is the next one.
    pub index: u32,
}

impl PipeworkLink {
    pub fn subnet(&self) -> Option<Ipv4Cidr> {
        Ipv4Cidr::new(self.ip, self.prefix)
    }
}

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
}

impl std::fmt::Display for PipeworkError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PipeworkError::NoPid => write!(f, "Docker inspect returned invalid PID 0"),
            PipeworkError::NoSuchContainer(name) => write!(f, "Error: No such object: {name}"),
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
        let mac = super::network::MacAddress::random_local(self.rng.bytes6()).to_string();
        let h = self
            .host_mut(host)
            .map_err(|_: EngineError| PipeworkError::NoPid)?;
        h.add_device(&bridge);
        h.pipework_bridges.insert(bridge.clone());
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
}
