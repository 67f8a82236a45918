//! Flannel (flannel-io/flannel, ex coreos/flannel) and the etcd it reads: one subnet per host
//! out of a network written in etcd, docker0 moved onto it with `dockerd --bip`, and packets
//! between hosts carried by the configured backend (reference seed-systems.md section 2).
//!
//! Contract:
//! - etcd is one key-value store the whole lab reaches (the v2 API of 2015: `set`, `get`,
//!   `ls`, `rm`); its errors are etcdctl's.
//! - `flanneld` on a host reads `/coreos.com/network/config` (`Network`, `SubnetLen`, 24 by
//!   default, `Backend.Type`, `udp` when it names none: flannel v0.10.0's
//!   Documentation/configuration.md, "Defaults to `udp` backend"), keeps the host's lease
//!   if it has one, else
//!   picks a free subnet at random (seeded) and records it under
//!   `/coreos.com/network/subnets/`. `/run/flannel/subnet.env` holds the lease.
//! - Backends: `vxlan` (flannel.1, UDP 8472, MTU 1450), `udp` (flannel0, UDP 8285, MTU 1472)
//!   and `host-gw` (a route via the other host, no encapsulation, MTU 1500).
//! - There is no DNS: containers reach each other by address only.
//! - The lease is not persistent state of the host (flanneld is not a service here): a
//!   reboot stops flanneld and the learner starts it again, getting the same lease back.

use std::collections::BTreeMap;
use std::net::Ipv4Addr;

use crate::engine::docker::network::{Ipam, Ipv4Cidr};
use crate::engine::World;

/// Where flannel's configuration lives in etcd.
pub const CONFIG_KEY: &str = "/coreos.com/network/config";
const SUBNETS_DIR: &str = "/coreos.com/network/subnets";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Vxlan,
    Udp,
    HostGw,
}

impl Backend {
    pub fn as_str(self) -> &'static str {
        match self {
            Backend::Vxlan => "vxlan",
            Backend::Udp => "udp",
            Backend::HostGw => "host-gw",
        }
    }

    pub fn mtu(self) -> u16 {
        match self {
            Backend::Vxlan => 1450,
            Backend::Udp => 1472,
            Backend::HostGw => 1500,
        }
    }

    /// The UDP port its encapsulation uses, if any.
    pub fn port(self) -> Option<u16> {
        match self {
            Backend::Vxlan => Some(8472),
            Backend::Udp => Some(8285),
            Backend::HostGw => None,
        }
    }

    pub fn device(self) -> &'static str {
        match self {
            Backend::Vxlan => "flannel.1",
            Backend::Udp => "flannel0",
            Backend::HostGw => "eth0",
        }
    }
}

/// A host's flannel lease, while flanneld runs there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lease {
    pub network: Ipv4Cidr,
    pub subnet: Ipv4Cidr,
    pub backend: Backend,
    /// The lease was already recorded in etcd for this host's address, and is reused.
    pub reused: bool,
}

impl Lease {
    /// `/run/flannel/subnet.env`.
    pub fn subnet_env(&self) -> String {
        format!(
            "FLANNEL_NETWORK={}\nFLANNEL_SUBNET={}/{}\nFLANNEL_MTU={}\nFLANNEL_IPMASQ=false",
            self.network,
            first_address(self.subnet),
            self.subnet.prefix(),
            self.backend.mtu()
        )
    }
}

fn first_address(subnet: Ipv4Cidr) -> Ipv4Addr {
    Ipv4Addr::from(u32::from(subnet.network()).saturating_add(1))
}

/// etcdctl's and flanneld's errors.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FlannelError {
    KeyNotFound {
        key: String,
        index: u64,
    },
    /// flanneld without a usable configuration in etcd.
    NoConfig {
        /// The first missing component of the config key.
        missing: String,
        index: u64,
    },
    BadConfig(String),
    /// `Backend.Type` names no backend flannel has (backend/manager.go).
    UnknownBackend(String),
    OutOfSubnets,
    /// `dockerd --bip` with an address that does not parse.
    BadBip(String),
}

impl std::fmt::Display for FlannelError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FlannelError::KeyNotFound { key, index } => {
                write!(f, "Error:  100: Key not found ({key}) [{index}]")
            }
            // flanneld's log messages (flannel v0.10.0): the CLI adds klog's header.
            FlannelError::NoConfig { missing, index } => write!(
                f,
                "Couldn't fetch network config: 100: Key not found ({missing}) [{index}]"
            ),
            FlannelError::BadConfig(why) => write!(f, "Couldn't fetch network config: {why}"),
            FlannelError::UnknownBackend(name) => {
                write!(f, "Error fetching backend: unknown backend type: {name}")
            }
            FlannelError::OutOfSubnets => write!(
                f,
                "Error registering network: failed to acquire lease: out of subnets"
            ),
            FlannelError::BadBip(bip) => write!(
                f,
                "invalid argument \"{bip}\" for \"--bip\" flag: invalid CIDR address: {bip}"
            ),
        }
    }
}

impl World {
    /// `etcdctl set KEY VALUE`.
    pub fn etcd_set(&mut self, key: &str, value: &str) {
        self.etcd_index += 1;
        let key = normalize(key);
        let mut dir = key.as_str();
        while let Some((parent, _)) = dir.rsplit_once('/') {
            if parent.is_empty() {
                break;
            }
            self.etcd_dirs.insert(parent.to_string());
            dir = parent;
        }
        self.etcd.insert(key, value.to_string());
    }

    /// What etcd v2 names in "Key not found": the first component of the path that does not
    /// exist (`/coreos.com` on a fresh store), not the whole key.
    fn etcd_missing(&self, key: &str) -> String {
        let key = normalize(key);
        let mut path = String::new();
        for part in key.split('/').filter(|p| !p.is_empty()) {
            path.push('/');
            path.push_str(part);
            if !self.etcd.contains_key(&path) && !self.etcd_dirs.contains(&path) {
                return path;
            }
        }
        key
    }

    /// etcd's current index, which its errors quote.
    pub fn etcd_index(&self) -> u64 {
        self.etcd_index
    }

    /// `etcdctl get KEY`.
    pub fn etcd_get(&self, key: &str) -> Result<&str, FlannelError> {
        self.etcd
            .get(&normalize(key))
            .map(String::as_str)
            .ok_or_else(|| FlannelError::KeyNotFound {
                key: self.etcd_missing(key),
                index: self.etcd_index,
            })
    }

    /// `etcdctl ls [DIR]`: the keys and directories right under DIR.
    pub fn etcd_ls(&self, dir: &str) -> Result<Vec<String>, FlannelError> {
        let dir = normalize(dir);
        let prefix = if dir == "/" {
            "/".to_string()
        } else {
            format!("{dir}/")
        };
        let mut children: Vec<String> = self
            .etcd
            .keys()
            .filter_map(|k| {
                let rest = k.strip_prefix(&prefix)?;
                let child = rest.split('/').next()?;
                Some(format!("{prefix}{child}"))
            })
            .collect();
        children.dedup();
        if children.is_empty()
            && dir != "/"
            && !self.etcd.contains_key(&dir)
            && !self.etcd_dirs.contains(&dir)
        {
            return Err(FlannelError::KeyNotFound {
                key: self.etcd_missing(&dir),
                index: self.etcd_index,
            });
        }
        Ok(children)
    }

    /// `etcdctl rm KEY`: the value it held.
    pub fn etcd_rm(&mut self, key: &str) -> Result<String, FlannelError> {
        let missing = self.etcd_missing(key);
        let key = normalize(key);
        let index = self.etcd_index;
        let value = self.etcd.remove(&key).ok_or(FlannelError::KeyNotFound {
            key: missing,
            index,
        })?;
        self.etcd_index += 1;
        Ok(value)
    }

    /// Starts flanneld on `host`: the lease it holds or a new one.
    pub fn flanneld_start(&mut self, host: &str) -> Result<Lease, FlannelError> {
        let index = self.etcd_index;
        let config = self
            .etcd
            .get(CONFIG_KEY)
            .cloned()
            .ok_or_else(|| FlannelError::NoConfig {
                missing: self.etcd_missing(CONFIG_KEY),
                index,
            })?;
        let json: serde_json::Value =
            serde_json::from_str(&config).map_err(|e| FlannelError::BadConfig(e.to_string()))?;
        let network: Ipv4Cidr = json
            .get("Network")
            .and_then(|n| n.as_str())
            .and_then(|n| n.parse().ok())
            .ok_or_else(|| {
                FlannelError::BadConfig(
                    "failed to parse network config: Network is missing or invalid".into(),
                )
            })?;
        let subnet_len = json
            .get("SubnetLen")
            .and_then(serde_json::Value::as_u64)
            .and_then(|n| u8::try_from(n).ok())
            .unwrap_or(24);
        let backend = match json
            .get("Backend")
            .and_then(|b| b.get("Type"))
            .and_then(|t| t.as_str())
            .unwrap_or("udp")
        {
            "vxlan" => Backend::Vxlan,
            "udp" => Backend::Udp,
            "host-gw" => Backend::HostGw,
            other => return Err(FlannelError::UnknownBackend(other.to_string())),
        };
        let public_ip = self
            .host(host)
            .map_err(|_| FlannelError::OutOfSubnets)?
            .machine
            .underlay_ip;
        // A lease already recorded for this host's address is kept.
        let existing = self.etcd.iter().find_map(|(k, v)| {
            let name = k.strip_prefix(&format!("{SUBNETS_DIR}/"))?;
            let owner: serde_json::Value = serde_json::from_str(v).ok()?;
            (owner.get("PublicIP")?.as_str()? == public_ip.to_string())
                .then(|| name.replace('-', "/").parse::<Ipv4Cidr>().ok())
                .flatten()
        });
        let reused = existing.is_some_and(|s| network.contains(s.network()));
        let subnet = match existing.filter(|s| network.contains(s.network())) {
            Some(s) => s,
            None => {
                let taken: Vec<Ipv4Cidr> = self
                    .etcd
                    .keys()
                    .filter_map(|k| k.strip_prefix(&format!("{SUBNETS_DIR}/")))
                    .filter_map(|n| n.replace('-', "/").parse().ok())
                    .collect();
                let count = 1u32 << u32::from(subnet_len.saturating_sub(network.prefix()).min(16));
                // SubnetMin is the second subnet of Network.
                let free: Vec<Ipv4Cidr> = (1..count)
                    .filter_map(|i| {
                        let base = u32::from(network.network())
                            .checked_add(i.checked_shl(u32::from(32 - subnet_len))?)?;
                        Ipv4Cidr::new(Ipv4Addr::from(base), subnet_len)
                    })
                    .filter(|s| !taken.iter().any(|t| t.overlaps(s)))
                    .take(100)
                    .collect();
                let pick = self.rng.below(u32::try_from(free.len()).unwrap_or(0)) as usize;
                let subnet = *free.get(pick).ok_or(FlannelError::OutOfSubnets)?;
                let key = format!("{SUBNETS_DIR}/{}-{}", subnet.network(), subnet.prefix());
                let value = format!(
                    "{{\"PublicIP\":\"{public_ip}\",\"BackendType\":\"{}\"}}",
                    backend.as_str()
                );
                self.etcd_set(&key, &value);
                subnet
            }
        };
        let lease = Lease {
            network,
            subnet,
            backend,
            reused,
        };
        if let Ok(h) = self.host_mut(host) {
            match backend {
                Backend::Vxlan => h.add_device("flannel.1"),
                Backend::Udp => h.add_device("flannel0"),
                Backend::HostGw => {}
            }
            h.addons.flannel = Some(lease.clone());
        }
        Ok(lease)
    }

    /// `dockerd --bip=ADDR/PREFIX [--mtu=N]`: the daemon restarts with docker0 on that
    /// subnet. Containers stop as with a daemon restart and come back by restart policy.
    pub fn dockerd_restart_with_bip(&mut self, host: &str, bip: &str) -> Result<(), FlannelError> {
        let (addr, prefix) = bip
            .split_once('/')
            .and_then(|(a, p)| Some((a.parse::<Ipv4Addr>().ok()?, p.parse::<u8>().ok()?)))
            .ok_or_else(|| FlannelError::BadBip(bip.to_string()))?;
        let subnet =
            Ipv4Cidr::new(addr, prefix).ok_or_else(|| FlannelError::BadBip(bip.to_string()))?;
        // Only the daemon restarts: the host, flanneld and pipework's bridges stay up.
        let live = self.daemon_stop(host);
        if let Ok(h) = self.host_mut(host) {
            if let Some(bridge) = h.networks.values_mut().find(|n| n.name == "bridge") {
                bridge.ipam = Ipam::configured(subnet, Some(addr), None, BTreeMap::new()).ok();
            }
        }
        self.daemon_start(host, &live);
        Ok(())
    }

    /// The host whose flannel lease holds `ip`.
    pub fn flannel_owner(&self, ip: Ipv4Addr) -> Option<&crate::engine::Host> {
        self.hosts().find(|h| {
            h.addons
                .flannel
                .as_ref()
                .is_some_and(|l| l.subnet.contains(ip))
        })
    }
}

/// etcd v2 keys: one leading slash, no trailing one.
fn normalize(key: &str) -> String {
    let trimmed = key.trim_matches('/');
    format!("/{trimmed}")
}
