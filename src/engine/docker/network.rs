//! Networks and their address management (IPAM), as moby's default IPAM does it.
//!
//! Source: moby `daemon/libnetwork/ipams/defaultipam` (see reference/docker-semantics.md A.1–A.3):
//! the subnet's network and broadcast addresses are reserved, the gateway takes the lowest free
//! address (`.1`), and each container endpoint takes the lowest free address after that. A
//! stopped container's address goes back to the pool, so the next container may take it.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::net::Ipv4Addr;
use std::str::FromStr;

use crate::engine::clock::Timestamp;

/// An IPv4 subnet in CIDR notation, always stored with its host bits cleared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Ipv4Cidr {
    network: Ipv4Addr,
    prefix: u8,
}

impl Ipv4Cidr {
    /// `None` when the prefix is over 32.
    pub fn new(addr: Ipv4Addr, prefix: u8) -> Option<Self> {
        if prefix > 32 {
            return None;
        }
        let mask = Self::mask_of(prefix);
        Some(Ipv4Cidr {
            network: Ipv4Addr::from(u32::from(addr) & mask),
            prefix,
        })
    }

    fn mask_of(prefix: u8) -> u32 {
        if prefix == 0 {
            0
        } else {
            u32::MAX << (32 - u32::from(prefix))
        }
    }

    pub fn network(&self) -> Ipv4Addr {
        self.network
    }

    pub fn prefix(&self) -> u8 {
        self.prefix
    }

    pub fn contains(&self, addr: Ipv4Addr) -> bool {
        u32::from(addr) & Self::mask_of(self.prefix) == u32::from(self.network)
    }

    /// The number of addresses in the subnet, as a `u64` so /0 fits.
    pub fn size(&self) -> u64 {
        1u64 << (32 - u32::from(self.prefix))
    }

    /// The address at `offset` from the network address.
    pub fn nth(&self, offset: u64) -> Option<Ipv4Addr> {
        if offset >= self.size() {
            return None;
        }
        u32::try_from(u64::from(u32::from(self.network)) + offset)
            .ok()
            .map(Ipv4Addr::from)
    }

    pub fn overlaps(&self, other: &Ipv4Cidr) -> bool {
        self.contains(other.network) || other.contains(self.network)
    }
}

impl fmt::Display for Ipv4Cidr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.network, self.prefix)
    }
}

/// The text is not a CIDR such as `172.18.0.0/16`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidCidr(pub String);

impl fmt::Display for InvalidCidr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid CIDR address: {}", self.0)
    }
}

impl FromStr for Ipv4Cidr {
    type Err = InvalidCidr;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || InvalidCidr(s.to_string());
        let (addr, prefix) = s.split_once('/').ok_or_else(bad)?;
        let addr: Ipv4Addr = addr.parse().map_err(|_| bad())?;
        let prefix: u8 = prefix.parse().map_err(|_| bad())?;
        Ipv4Cidr::new(addr, prefix).ok_or_else(bad)
    }
}

/// A MAC address. Since engine 28, bridge endpoints get six random bytes with the
/// locally-administered bit set and the multicast bit cleared (moby commit bc130f367d).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct MacAddress(pub [u8; 6]);

impl MacAddress {
    pub fn random_local(bytes: [u8; 6]) -> Self {
        let mut b = bytes;
        b[0] = (b[0] & 0xfe) | 0x02;
        MacAddress(b)
    }
}

impl fmt::Display for MacAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let [a, b, c, d, e, g] = self.0;
        write!(f, "{a:02x}:{b:02x}:{c:02x}:{d:02x}:{e:02x}:{g:02x}")
    }
}

/// A network driver. `null` is the driver of the `none` network.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Driver {
    Bridge,
    Host,
    Null,
    Macvlan,
    Ipvlan,
    /// Swarm-scoped VXLAN networks (`ingress`).
    Overlay,
    /// Windows: an internal Hyper-V switch behind WinNAT (the default network there).
    Nat,
    /// Windows: an external Hyper-V switch on the host's NIC; containers are on the LAN.
    Transparent,
    /// Windows: an external switch that rewrites containers' MACs to the host's; containers
    /// take addresses in the host's own subnet.
    L2Bridge,
    /// Triton: a network of the data center (a fabric or a public network), which
    /// sdc-docker lists with the driver `Triton`.
    Triton,
}

impl Driver {
    pub fn as_str(self) -> &'static str {
        match self {
            Driver::Bridge => "bridge",
            Driver::Host => "host",
            Driver::Null => "null",
            Driver::Macvlan => "macvlan",
            Driver::Ipvlan => "ipvlan",
            Driver::Overlay => "overlay",
            Driver::Nat => "nat",
            Driver::Transparent => "transparent",
            Driver::L2Bridge => "l2bridge",
            Driver::Triton => "Triton",
        }
    }

    /// The drivers `docker network create -d` accepts on a single Linux host.
    pub fn parse_user(name: &str) -> Option<Driver> {
        match name {
            "bridge" => Some(Driver::Bridge),
            "macvlan" => Some(Driver::Macvlan),
            "ipvlan" => Some(Driver::Ipvlan),
            _ => None,
        }
    }
}

/// Why an address cannot be given out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AddressError {
    /// moby `ipamapi.ErrNoAvailableIPs`.
    Exhausted,
    /// moby `ipamapi.ErrIPAlreadyAllocated`: `Address already in use`.
    InUse,
    /// The address is outside the subnet.
    OutOfSubnet,
}

/// The address pool of one network: its subnet, gateway and the addresses in use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ipam {
    pub subnet: Ipv4Cidr,
    pub gateway: Ipv4Addr,
    /// `--ip-range`: dynamic addresses come from here (static ones may be anywhere).
    pub ip_range: Option<Ipv4Cidr>,
    /// `--aux-address name=IP`: reserved, never handed out.
    pub aux_addresses: BTreeMap<String, Ipv4Addr>,
    in_use: BTreeSet<Ipv4Addr>,
    /// Every usable offset below this one is in use: where the search for the lowest free
    /// address starts, so filling a pool in order costs O(log n) per address.
    first_free_hint: u64,
}

impl Ipam {
    /// A pool whose gateway is the lowest usable address, as moby requests it at creation.
    pub fn with_first_gateway(subnet: Ipv4Cidr) -> Option<Self> {
        let mut ipam = Ipam {
            subnet,
            gateway: subnet.network(),
            ip_range: None,
            aux_addresses: BTreeMap::new(),
            in_use: BTreeSet::new(),
            first_free_hint: 0,
        };
        ipam.gateway = ipam.allocate().ok()?;
        Some(ipam)
    }

    /// A pool with the options of `docker network create`. The gateway, when not given, is the
    /// lowest free address of the range (moby requests it against the same pool).
    pub fn configured(
        subnet: Ipv4Cidr,
        gateway: Option<Ipv4Addr>,
        ip_range: Option<Ipv4Cidr>,
        aux_addresses: BTreeMap<String, Ipv4Addr>,
    ) -> Result<Self, AddressError> {
        let mut ipam = Ipam {
            subnet,
            gateway: subnet.network(),
            ip_range,
            in_use: aux_addresses.values().copied().collect(),
            aux_addresses,
            first_free_hint: 0,
        };
        ipam.gateway = match gateway {
            Some(gw) => {
                ipam.request(gw)?;
                gw
            }
            None => ipam.allocate()?,
        };
        Ok(ipam)
    }

    /// The usable offsets of a range inside the subnet: network and broadcast excluded, except
    /// for /31 and /32 where every address is usable.
    fn bounds(&self) -> (u64, u64) {
        let base = u64::from(u32::from(self.subnet.network()));
        let size = self.subnet.size();
        let (mut first, mut last) = if size <= 2 {
            (0, size.saturating_sub(1))
        } else {
            (1, size - 2)
        };
        if let Some(range) = self.ip_range {
            let range_first = u64::from(u32::from(range.network())).saturating_sub(base);
            let range_last = range_first + range.size() - 1;
            first = first.max(range_first);
            last = last.min(range_last);
        }
        (first, last)
    }

    /// The lowest free address (inside `--ip-range` when set), skipping the network and
    /// broadcast addresses. Walks only the addresses in use, in order: O(k) for k in use.
    pub fn allocate(&mut self) -> Result<Ipv4Addr, AddressError> {
        let (first, last) = self.bounds();
        let base = u64::from(u32::from(self.subnet.network()));
        let mut candidate = first.max(self.first_free_hint);
        let start = self.subnet.nth(candidate).ok_or(AddressError::Exhausted)?;
        for used in self.in_use.range(start..) {
            let offset = u64::from(u32::from(*used)) - base;
            if offset > candidate {
                break;
            }
            candidate = offset + 1;
        }
        if candidate > last {
            return Err(AddressError::Exhausted);
        }
        let addr = self.subnet.nth(candidate).ok_or(AddressError::Exhausted)?;
        self.in_use.insert(addr);
        self.first_free_hint = candidate + 1;
        Ok(addr)
    }

    /// The search hint, to restore it when a planned allocation is undone.
    pub fn hint(&self) -> u64 {
        self.first_free_hint
    }

    pub fn restore_hint(&mut self, hint: u64) {
        self.first_free_hint = hint;
    }

    /// Reserves one given address (`--ip`, `--gateway`). The subnet's network and broadcast
    /// addresses count as in use, as moby's bitmap marks them (`newPoolData`), except in a /31
    /// or /32 where every address is usable.
    pub fn request(&mut self, addr: Ipv4Addr) -> Result<(), AddressError> {
        if !self.subnet.contains(addr) {
            return Err(AddressError::OutOfSubnet);
        }
        let offset = u64::from(u32::from(addr)) - u64::from(u32::from(self.subnet.network()));
        let size = self.subnet.size();
        if size > 2 && (offset == 0 || offset == size - 1) {
            return Err(AddressError::InUse);
        }
        if !self.in_use.insert(addr) {
            return Err(AddressError::InUse);
        }
        Ok(())
    }

    pub fn release(&mut self, addr: Ipv4Addr) {
        if addr != self.gateway
            && !self.aux_addresses.values().any(|a| *a == addr)
            && self.in_use.remove(&addr)
        {
            let offset = u64::from(u32::from(addr)) - u64::from(u32::from(self.subnet.network()));
            self.first_free_hint = self.first_free_hint.min(offset);
        }
    }

    pub fn is_in_use(&self, addr: Ipv4Addr) -> bool {
        self.in_use.contains(&addr)
    }

    pub fn in_use(&self) -> impl Iterator<Item = &Ipv4Addr> {
        self.in_use.iter()
    }

    /// Addresses held by endpoints: in use, less the gateway and the auxiliary addresses.
    pub fn endpoints_in_use(&self) -> usize {
        self.in_use
            .iter()
            .filter(|a| **a != self.gateway && !self.aux_addresses.values().any(|x| x == *a))
            .count()
    }
}

/// One network on one host.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Network {
    pub id: String,
    pub name: String,
    pub driver: Driver,
    pub created: Timestamp,
    /// `None` for `host` and `none`, which have no address pool.
    pub ipam: Option<Ipam>,
    /// The default bridge's IPAM `Options` is `null`; a user network's is `{}`.
    pub ipam_options_null: bool,
    /// The Linux bridge device (`docker0` for the default bridge, `br-<12 hex>` for others).
    pub bridge_device: Option<String>,
    /// `bridge`, `host` and `none`: Docker refuses to remove them.
    pub predefined: bool,
    /// `--internal`: no route out of the host.
    pub internal: bool,
    pub attachable: bool,
    /// `-o`/`--opt` driver options, sorted as Go maps print.
    pub options: BTreeMap<String, String>,
    pub labels: BTreeMap<String, String>,
}

impl Network {
    /// `local` for a host's own networks, `swarm` for overlays the swarm spans.
    pub fn scope(&self) -> &'static str {
        match self.driver {
            Driver::Overlay => "swarm",
            // sdc-docker `napiNetworkToDockerNetwork`: fabrics are `overlay`, the rest
            // `external`.
            Driver::Triton if self.name == FABRIC_NETWORK => "overlay",
            Driver::Triton => "external",
            _ => "local",
        }
    }

    /// Only user-defined networks run the embedded DNS server and accept `--ip` and aliases.
    pub fn is_user_defined(&self) -> bool {
        !self.predefined
    }

    /// Containers find each other by name here: every user-defined network, and Windows'
    /// `nat` (HNS answers for it, default or not).
    pub fn serves_names(&self) -> bool {
        // Windows' transparent networks are the LAN's: no HNS DNS there.
        (self.is_user_defined() && self.driver != Driver::Transparent) || self.driver == Driver::Nat
    }

    pub fn short_id(&self) -> &str {
        self.id.get(..12).unwrap_or(&self.id)
    }
}

/// The account's default fabric network, as Triton names it on every account (sdc-docker
/// names it; it sits here beside [`Driver::Triton`]).
pub const FABRIC_NETWORK: &str = "My-Fabric-Network";

/// A network whose containers are on the underlay itself: macvlan on the host's LAN
/// interface, or Windows' transparent and l2bridge switches on its NIC.
pub fn is_on_the_lan(n: &Network) -> bool {
    match n.driver {
        Driver::Macvlan => n.options.get("parent").is_some_and(|p| p == "eth0"),
        Driver::Transparent | Driver::L2Bridge => true,
        _ => false,
    }
}

impl Ipam {
    /// One address for one endpoint: the static one if configured, else the lowest free;
    /// the daemon's errors for a container's network setup.
    pub(in crate::engine) fn assign(
        &mut self,
        requested: Option<Ipv4Addr>,
        network: &str,
    ) -> Result<Ipv4Addr, crate::engine::EngineError> {
        use crate::engine::EngineError;
        let setup = |e| EngineError::NetworkSetup(Box::new(e));
        match requested {
            Some(ip) => match self.request(ip) {
                Ok(()) => Ok(ip),
                Err(AddressError::OutOfSubnet) => Err(setup(EngineError::NoSubnetForAddress(ip))),
                Err(_) => Err(setup(EngineError::AddressInUse)),
            },
            None => self
                .allocate()
                .map_err(|_| setup(EngineError::NoAvailableIp(network.to_string()))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cidr(s: &str) -> Ipv4Cidr {
        s.parse().unwrap()
    }

    #[test]
    fn cidr_round_trips_and_clears_host_bits() {
        assert_eq!(cidr("172.17.0.0/16").to_string(), "172.17.0.0/16");
        assert_eq!(cidr("172.17.5.9/16").to_string(), "172.17.0.0/16");
        assert!("172.17.0.0".parse::<Ipv4Cidr>().is_err());
        assert!("172.17.0.0/33".parse::<Ipv4Cidr>().is_err());
        assert!("nonsense/8".parse::<Ipv4Cidr>().is_err());
    }

    #[test]
    fn cidr_contains_and_overlaps() {
        assert!(cidr("172.17.0.0/16").contains("172.17.255.254".parse().unwrap()));
        assert!(!cidr("172.17.0.0/16").contains("172.18.0.1".parse().unwrap()));
        assert!(cidr("10.0.0.0/8").overlaps(&cidr("10.1.0.0/16")));
        assert!(!cidr("172.17.0.0/16").overlaps(&cidr("172.18.0.0/16")));
    }

    #[test]
    fn gateway_is_dot_one_then_lowest_free() {
        let mut ipam = Ipam::with_first_gateway(cidr("172.17.0.0/16")).unwrap();
        assert_eq!(ipam.gateway.to_string(), "172.17.0.1");
        let a = ipam.allocate().unwrap();
        let b = ipam.allocate().unwrap();
        assert_eq!(
            (a.to_string().as_str(), b.to_string().as_str()),
            ("172.17.0.2", "172.17.0.3")
        );
        ipam.release(a);
        assert_eq!(
            ipam.allocate().unwrap(),
            a,
            "a released address is reused first"
        );
        ipam.release(ipam.gateway);
        assert!(
            ipam.is_in_use(ipam.gateway),
            "the gateway is never released"
        );
    }

    #[test]
    fn a_full_pool_says_so() {
        let mut ipam = Ipam::with_first_gateway(cidr("192.168.1.0/30")).unwrap();
        assert_eq!(
            ipam.allocate().map(|a| a.to_string()),
            Ok("192.168.1.2".into())
        );
        assert_eq!(ipam.allocate(), Err(AddressError::Exhausted));
    }

    #[test]
    fn ip_range_gateway_and_aux_addresses() {
        // docker/cli docs: --subnet 172.28.0.0/16 --ip-range 172.28.5.0/24 --gateway 172.28.5.254
        let mut ipam = Ipam::configured(
            cidr("172.28.0.0/16"),
            Some("172.28.5.254".parse().unwrap()),
            Some(cidr("172.28.5.0/24")),
            BTreeMap::from([("host1".to_string(), "172.28.5.0".parse().unwrap())]),
        )
        .unwrap();
        assert_eq!(ipam.allocate().unwrap().to_string(), "172.28.5.1");
        assert_eq!(ipam.request("172.28.99.88".parse().unwrap()), Ok(()));
        assert_eq!(
            ipam.request("172.28.99.88".parse().unwrap()),
            Err(AddressError::InUse)
        );
        assert_eq!(
            ipam.request("10.0.0.1".parse().unwrap()),
            Err(AddressError::OutOfSubnet)
        );
        ipam.release("172.28.5.0".parse().unwrap());
        assert!(
            ipam.is_in_use("172.28.5.0".parse().unwrap()),
            "aux addresses stay reserved"
        );
        assert_eq!(ipam.endpoints_in_use(), 2);
    }

    #[test]
    fn random_macs_are_local_unicast() {
        let mac = MacAddress::random_local([0xff; 6]);
        assert_eq!(mac.to_string(), "fe:ff:ff:ff:ff:ff");
    }
}
