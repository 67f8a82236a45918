//! Networks and their address management (IPAM), as moby's default IPAM does it.
//!
//! Source: moby `daemon/libnetwork/ipams/defaultipam` (see reference/docker-semantics.md A.1–A.3):
//! the subnet's network and broadcast addresses are reserved, the gateway takes the lowest free
//! address (`.1`), and each container endpoint takes the lowest free address after that. A
//! stopped container's address goes back to the pool, so the next container may take it.

use std::collections::BTreeSet;
use std::fmt;
use std::net::Ipv4Addr;
use std::str::FromStr;

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
}

impl Driver {
    pub fn as_str(self) -> &'static str {
        match self {
            Driver::Bridge => "bridge",
            Driver::Host => "host",
            Driver::Null => "null",
        }
    }
}

/// The address pool of one network: its subnet, gateway and the addresses in use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ipam {
    pub subnet: Ipv4Cidr,
    pub gateway: Ipv4Addr,
    in_use: BTreeSet<Ipv4Addr>,
}

impl Ipam {
    /// A pool whose gateway is the lowest usable address, as moby requests it at creation.
    pub fn with_first_gateway(subnet: Ipv4Cidr) -> Option<Self> {
        let mut ipam = Ipam {
            subnet,
            gateway: subnet.network(),
            in_use: BTreeSet::new(),
        };
        ipam.gateway = ipam.allocate()?;
        Some(ipam)
    }

    /// The lowest free address, skipping the network and broadcast addresses.
    /// Linear in the addresses in use, which stays small next to the 1 ms budget: a /16 with
    /// 1,000 containers scans 1,000 entries of a B-tree in order.
    pub fn allocate(&mut self) -> Option<Ipv4Addr> {
        let size = self.subnet.size();
        let (first, last) = if size <= 2 {
            (0, size.saturating_sub(1))
        } else {
            (1, size - 2)
        };
        let mut candidate = first;
        for used in self.in_use.iter() {
            let offset = u64::from(u32::from(*used)) - u64::from(u32::from(self.subnet.network()));
            if offset < candidate {
                continue;
            }
            if offset > candidate {
                break;
            }
            candidate += 1;
        }
        if candidate > last {
            return None;
        }
        let addr = self.subnet.nth(candidate)?;
        self.in_use.insert(addr);
        Some(addr)
    }

    pub fn release(&mut self, addr: Ipv4Addr) {
        if addr != self.gateway {
            self.in_use.remove(&addr);
        }
    }

    pub fn is_in_use(&self, addr: Ipv4Addr) -> bool {
        self.in_use.contains(&addr)
    }

    pub fn in_use(&self) -> impl Iterator<Item = &Ipv4Addr> {
        self.in_use.iter()
    }
}

/// One network on one host.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Network {
    pub id: String,
    pub name: String,
    pub driver: Driver,
    /// `None` for `host` and `none`, which have no address pool.
    pub ipam: Option<Ipam>,
    /// The Linux bridge device (`docker0` for the default bridge).
    pub bridge_device: Option<String>,
    /// `bridge`, `host` and `none`: Docker refuses to remove them.
    pub predefined: bool,
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
            Some("192.168.1.2".into())
        );
        assert_eq!(ipam.allocate(), None);
    }

    #[test]
    fn random_macs_are_local_unicast() {
        let mac = MacAddress::random_local([0xff; 6]);
        assert_eq!(mac.to_string(), "fe:ff:ff:ff:ff:ff");
    }
}
