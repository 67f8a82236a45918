//! Docker on a Mac, 2015: a laptop with no Docker daemon of its own, VirtualBox, and the
//! Linux VMs `docker-machine` makes (reference: seed-systems.md section 6 and S6).
//!
//! Contract:
//! - A laptop is a host with [`Backend::MacOs`]: its dockerd never runs. Each machine is a host of
//!   the world too (a boot2docker VM: Linux, dockerd on `tcp://0.0.0.0:2376` with TLS), with
//!   a [`VirtualBoxVm`] naming its laptop.
//! - The VM sits on VirtualBox's host-only network 192.168.99.0/24, not on the lab's
//!   underlay: only its laptop reaches it. VirtualBox's DHCP server leases from .100 up, the
//!   lowest free address first.
//! - Ports published in the VM live on the VM's addresses. The laptop's `localhost` reaches
//!   one only through a NAT port-forward rule on the VM (`VBoxManage … natpf1`), which
//!   forwards the laptop's port to the VM's.
//! - A fresh boot2docker VM runs the components of the last boot2docker release (Docker
//!   19.03.12), so the CVE catalogue answers for the VM, not for the laptop.

use std::collections::BTreeSet;
use std::fmt;
use std::net::Ipv4Addr;

use crate::engine::docker::ports::Proto;
use crate::engine::Backend;
use crate::engine::World;

/// VirtualBox's host-only network as docker-machine creates it (`defaultHostOnlyCIDR`).
pub const HOST_ONLY: (Ipv4Addr, u8) = (Ipv4Addr::new(192, 168, 99, 0), 24);
/// The laptop's side of the host-only network (`vboxnet0`).
pub const HOST_ONLY_GATEWAY: Ipv4Addr = Ipv4Addr::new(192, 168, 99, 1);
/// The first address VirtualBox's DHCP server leases.
const FIRST_LEASE: u8 = 100;

/// A boot2docker VM in VirtualBox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VirtualBoxVm {
    /// The laptop that runs VirtualBox.
    pub laptop: String,
    /// The NAT adapter's port-forward rules (`natpf1`).
    pub natpf: Vec<NatForward>,
}

/// One VirtualBox NAT port-forward rule: the laptop's `host_port` to the VM's `guest_port`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NatForward {
    pub name: String,
    pub proto: Proto,
    pub host_port: u16,
    pub guest_port: u16,
}

/// Why a machine operation was refused, in docker-machine's or VBoxManage's words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MachineError {
    /// docker-machine runs on a laptop; this host is not one.
    NotALaptop(String),
    Exists(String),
    NoSuchMachine(String),
    InvalidName(String),
    HostOnlyFull,
    NotRunning,
    /// VBoxManage: a rule with this name exists.
    RuleExists(String),
    /// VBoxManage: a rule on this host port (and host IP) exists.
    PortForwarded(u16),
    NoSuchRule(String),
}

impl fmt::Display for MachineError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MachineError::NotALaptop(host) => write!(
                f,
                "berth: docker-machine runs on a laptop, and {host} is not one: host add NAME --laptop"
            ),
            // libmachine's mcnerror, as docker-machine 0.16 words them.
            MachineError::Exists(name) => write!(f, "Docker machine \"{name}\" already exists"),
            MachineError::NoSuchMachine(name) => write!(
                f,
                "Docker machine \"{name}\" does not exist. Use \"docker-machine ls\" to list machines. Use \"docker-machine create\" to add a new one."
            ),
            MachineError::InvalidName(_) => write!(
                f,
                "Error creating machine: Invalid hostname specified. Allowed hostname chars are: 0-9a-zA-Z . -"
            ),
            MachineError::HostOnlyFull => write!(
                f,
                "berth: the host-only network {}/{} has no free lease left",
                HOST_ONLY.0, HOST_ONLY.1
            ),
            MachineError::NotRunning => write!(f, "Host is not running"),
            // Main/src-server/NATEngineImpl.cpp's two refusals, as VBoxManage reports them.
            MachineError::RuleExists(_) => write!(
                f,
                "VBoxManage: error: A NAT rule of this name already exists\nVBoxManage: error: Details: code NS_ERROR_INVALID_ARG (0x80070057), component NATEngineWrap, interface INATEngine, callee nsISupports"
            ),
            MachineError::PortForwarded(_) => write!(
                f,
                "VBoxManage: error: A NAT rule for this host port and this host IP already exists\nVBoxManage: error: Details: code NS_ERROR_INVALID_ARG (0x80070057), component NATEngineWrap, interface INATEngine, callee nsISupports"
            ),
            // NATEngine::removeRedirect answers a bare E_INVALIDARG, with no text of its own.
            MachineError::NoSuchRule(_) => write!(
                f,
                "VBoxManage: error: Code NS_ERROR_INVALID_ARG (0x80070057) - Invalid argument value (extended info not available)"
            ),
        }
    }
}

impl std::error::Error for MachineError {}

/// The versions of the last boot2docker release (v19.03.12).
fn boot2docker_versions() -> crate::engine::security::cve::Versions {
    crate::engine::security::cve::Versions {
        kernel: "4.19.130".into(),
        runc: "1.0.0-rc10".into(),
        containerd: "1.2.13".into(),
        docker: "19.03.12".into(),
        cgroup: 1,
    }
}

impl crate::engine::Host {
    /// Whether `from` cannot reach this host at all: a docker-machine VM sits on its laptop's
    /// host-only network, out of everyone else's reach.
    pub fn out_of_reach_of(&self, from: &str) -> bool {
        self.machine.vm.as_ref().is_some_and(|vm| vm.laptop != from) && self.name != from
    }
}

impl World {
    /// The machines of `laptop`, in name order.
    pub fn machines(&self, laptop: &str) -> Vec<&crate::engine::Host> {
        self.hosts()
            .filter(|h| h.machine.vm.as_ref().is_some_and(|vm| vm.laptop == laptop))
            .collect()
    }

    /// A machine of `laptop` by name.
    pub fn machine(&self, laptop: &str, name: &str) -> Result<&crate::engine::Host, MachineError> {
        self.host(name)
            .ok()
            .filter(|h| h.machine.vm.as_ref().is_some_and(|vm| vm.laptop == laptop))
            .ok_or_else(|| MachineError::NoSuchMachine(name.to_string()))
    }

    /// `docker-machine create -d virtualbox NAME`: a boot2docker VM on the host-only network,
    /// its dockerd listening on 2376 with TLS.
    pub fn machine_create(
        &mut self,
        laptop: &str,
        name: &str,
    ) -> Result<&crate::engine::Host, MachineError> {
        if !self.host(laptop).is_ok_and(|h| h.backend.runs_virtualbox()) {
            return Err(MachineError::NotALaptop(laptop.to_string()));
        }
        if self.host(name).is_ok() {
            return Err(MachineError::Exists(name.to_string()));
        }
        if !crate::engine::names::valid_host_name(name) {
            return Err(MachineError::InvalidName(name.to_string()));
        }
        let leased: BTreeSet<Ipv4Addr> = self
            .machines(laptop)
            .iter()
            .map(|h| h.machine.underlay_ip)
            .collect();
        let address = (FIRST_LEASE..=254)
            .map(|octet| Ipv4Addr::new(192, 168, 99, octet))
            .find(|ip| !leased.contains(ip))
            .ok_or(MachineError::HostOnlyFull)?;
        self.add_host(name, address, Backend::Linux);
        let h = self
            .host_mut(name)
            .map_err(|_| MachineError::NoSuchMachine(name.to_string()))?;
        h.machine.vm = Some(VirtualBoxVm {
            laptop: laptop.to_string(),
            natpf: Vec::new(),
        });
        h.machine.versions = boot2docker_versions();
        // What boot2docker's /var/lib/boot2docker/profile gives dockerd, as the daemon.json
        // it rereads at each boot: the API on 2376, TLS on.
        let config = r#"{"hosts": ["unix:///var/run/docker.sock", "tcp://0.0.0.0:2376"], "tlsverify": true}"#;
        if let Ok(settings) = crate::engine::docker::daemon::parse(config) {
            h.daemon.settings = settings;
            h.daemon.file = Some(config.to_string());
        }
        self.host(name)
            .map_err(|_| MachineError::NoSuchMachine(name.to_string()))
    }

    /// `VBoxManage controlvm|modifyvm VM natpf1 "NAME,PROTO,,HOSTPORT,,GUESTPORT"`.
    pub fn machine_natpf_add(&mut self, vm: &str, rule: NatForward) -> Result<(), MachineError> {
        let h = self
            .host_mut(vm)
            .map_err(|_| MachineError::NoSuchMachine(vm.to_string()))?;
        let Some(machine) = h.machine.vm.as_mut() else {
            return Err(MachineError::NoSuchMachine(vm.to_string()));
        };
        if machine.natpf.iter().any(|r| {
            r.name == rule.name || (r.proto == rule.proto && r.host_port == rule.host_port)
        }) {
            return Err(MachineError::RuleExists(rule.name));
        }
        machine.natpf.push(rule);
        Ok(())
    }

    /// `VBoxManage controlvm|modifyvm VM natpf1 delete NAME`.
    pub fn machine_natpf_delete(&mut self, vm: &str, name: &str) -> Result<(), MachineError> {
        let h = self
            .host_mut(vm)
            .map_err(|_| MachineError::NoSuchMachine(vm.to_string()))?;
        let Some(machine) = h.machine.vm.as_mut() else {
            return Err(MachineError::NoSuchMachine(vm.to_string()));
        };
        let before = machine.natpf.len();
        machine.natpf.retain(|r| r.name != name);
        if machine.natpf.len() == before {
            return Err(MachineError::NoSuchRule(name.to_string()));
        }
        Ok(())
    }

    /// The running VM of `laptop` that forwards the laptop's `port/proto`, with the VM's port.
    pub fn natpf_target(
        &self,
        laptop: &str,
        proto: Proto,
        port: u16,
    ) -> Option<(&crate::engine::Host, u16)> {
        self.machines(laptop)
            .into_iter()
            .filter(|h| h.machine.running)
            .find_map(|h| {
                h.machine
                    .vm
                    .as_ref()?
                    .natpf
                    .iter()
                    .find(|r| r.proto == proto && r.host_port == port)
                    .map(|r| (h, r.guest_port))
            })
    }

    /// A running VM of `laptop` on the host-only network at `ip`.
    pub fn machine_at(&self, laptop: &str, ip: Ipv4Addr) -> Option<&crate::engine::Host> {
        self.machines(laptop)
            .into_iter()
            .find(|h| h.machine.underlay_ip == ip)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn machines_lease_from_100_and_live_only_on_a_laptop() {
        let mut w = World::new(1);
        assert_eq!(
            w.machine_create("host1", "default").err(),
            Some(MachineError::NotALaptop("host1".into()))
        );
        w.host_add("mac", Backend::MacOs).ok();
        let ip = w
            .machine_create("mac", "default")
            .map(|h| h.machine.underlay_ip)
            .ok();
        assert_eq!(ip, Some(Ipv4Addr::new(192, 168, 99, 100)));
        let ip = w
            .machine_create("mac", "dev")
            .map(|h| h.machine.underlay_ip)
            .ok();
        assert_eq!(ip, Some(Ipv4Addr::new(192, 168, 99, 101)));
        assert_eq!(
            w.machine_create("mac", "dev").err(),
            Some(MachineError::Exists("dev".into()))
        );
        assert_eq!(w.machines("mac").len(), 2);
    }

    #[test]
    fn a_nat_rule_forwards_one_laptop_port() {
        let mut w = World::new(1);
        w.host_add("mac", Backend::MacOs).ok();
        w.machine_create("mac", "default").ok();
        let rule = |name: &str, port| NatForward {
            name: name.into(),
            proto: Proto::Tcp,
            host_port: port,
            guest_port: port,
        };
        assert!(w.machine_natpf_add("default", rule("web", 8080)).is_ok());
        assert!(w.machine_natpf_add("default", rule("web", 9090)).is_err());
        assert!(w.machine_natpf_add("default", rule("other", 8080)).is_err());
        assert_eq!(
            w.natpf_target("mac", Proto::Tcp, 8080)
                .map(|(h, p)| (h.name.clone(), p)),
            Some(("default".into(), 8080))
        );
        assert!(w.machine_natpf_delete("default", "web").is_ok());
        assert!(w.natpf_target("mac", Proto::Tcp, 8080).is_none());
    }
}
