//! The platform a Docker host runs on, and every decision that depends on it: the one place
//! where the engine asks "which kind of host is this?".
//!
//! Contract:
//! - [`Backend`] is closed: Linux (a lab VM, or a boot2docker VM that `docker-machine` made),
//!   Windows Server with Docker's Windows daemon, a Mac laptop with no daemon of its own, and
//!   a Joyent Triton data center behind sdc-docker.
//! - Each question the engine asks of a platform is one method here (which networks exist at
//!   first boot, which drivers `network create` accepts, which isolation applies, may this
//!   image run, how a container gets its addresses and ports, which kernel lists its
//!   processes…). No other engine file matches on the platform; they ask.
//! - The answers are Docker's own (moby's per-OS code, sdc-docker's), cited at each method.

use std::collections::BTreeMap;
use std::net::Ipv4Addr;

use crate::engine::docker::container::{Attachment, Container, Endpoint, Isolation};
use crate::engine::docker::containers::ContainerCreate;
use crate::engine::docker::image::WINDOWS_BUILD;
use crate::engine::docker::network::{Driver, Ipam, Ipv4Cidr, Network};
use crate::engine::docker::ports::PublishedPort;
use crate::engine::platforms::triton;
use crate::engine::security::cve;
use crate::engine::{EngineError, Host, Rng, Timestamp, World};

/// The platform under a host's Docker daemon.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Backend {
    /// A Linux host: dockerd, runc and containerd on the host's own kernel. A boot2docker VM
    /// that `docker-machine` made is one too (its VirtualBox side is `Host::vm`).
    #[default]
    Linux,
    /// Windows Server 2022 with Docker's Windows daemon: HNS networks, Windows images only,
    /// process or Hyper-V isolation.
    Windows,
    /// A Mac laptop of the boot2docker era: no Docker daemon of its own, VirtualBox, and
    /// `docker-machine` to make a Linux VM that runs one.
    MacOs,
    /// A Joyent Triton data center: SmartOS zones behind sdc-docker, the whole data center
    /// one Docker host.
    Triton,
}

/// Where the daemon looks for a subnet when `network create` names none.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AddressPools {
    /// moby's default address pools (172.17–31.0.0/16, then 192.168.x.0/20).
    Docker,
    /// HNS on Windows: the /20s of 172.16.0.0/12.
    Hns,
}

/// The kernel that runs a host's containers, as the host's process list shows them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kernel {
    Linux,
    Windows,
}

impl World {
    /// Whether `host`'s platform implements a Docker API feature (an unknown host fails
    /// later, with the operation's own error).
    pub(in crate::engine) fn platform_implements(
        &self,
        host: &str,
        feature: &str,
    ) -> Result<(), EngineError> {
        match self.hosts.get(host) {
            Some(h) => h.backend.implements(self, feature),
            None => Ok(()),
        }
    }
}

impl Backend {
    /// Docker's default network (and network driver) on this platform: `bridge` on Linux,
    /// `nat` on Windows (moby `runconfig.DefaultDaemonNetworkMode`).
    pub fn default_network(self) -> &'static str {
        match self {
            // On Triton, sdc-docker takes the `bridge` mode to mean the account's fabric.
            Backend::Linux | Backend::MacOs | Backend::Triton => "bridge",
            Backend::Windows => "nat",
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Backend::Linux => "linux",
            Backend::Windows => "windows",
            Backend::MacOs => "macos",
            Backend::Triton => "triton",
        }
    }

    /// Whether a Docker daemon runs here at all: the laptop has the client only.
    pub fn runs_dockerd(self) -> bool {
        self != Backend::MacOs
    }

    /// Whether this is a laptop that makes `docker-machine` VMs and forwards ports to them
    /// with VirtualBox's NAT rules.
    pub fn runs_virtualbox(self) -> bool {
        self == Backend::MacOs
    }

    /// The networks a fresh daemon has. Docker docs (network tutorials): a fresh Linux engine
    /// has exactly bridge, host and none. The default bridge takes the first default pool,
    /// 172.17.0.0/16, on device docker0, with the driver options moby's `initBridgeDriver`
    /// sets (reference A.1).
    pub(in crate::engine) fn predefined_networks(self, rng: &mut Rng) -> BTreeMap<String, Network> {
        let default_pool = Ipv4Cidr::new(Ipv4Addr::new(172, 17, 0, 0), 16);
        let bridge_options = [
            ("com.docker.network.bridge.default_bridge", "true"),
            ("com.docker.network.bridge.enable_icc", "true"),
            ("com.docker.network.bridge.enable_ip_masquerade", "true"),
            ("com.docker.network.bridge.host_binding_ipv4", "0.0.0.0"),
            ("com.docker.network.bridge.name", "docker0"),
            ("com.docker.network.driver.mtu", "1500"),
        ];
        let predefined = |id: String, name: &str, driver: Driver| Network {
            id,
            name: name.into(),
            driver,
            created: Timestamp(0),
            ipam: None,
            ipam_options_null: true,
            bridge_device: None,
            predefined: true,
            internal: false,
            attachable: false,
            options: BTreeMap::new(),
            labels: BTreeMap::new(),
        };
        let mut bridge = predefined(rng.hex(64), "bridge", Driver::Bridge);
        bridge.ipam = default_pool.and_then(Ipam::with_first_gateway);
        bridge.bridge_device = Some("docker0".into());
        bridge.options = bridge_options
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        let host = predefined(rng.hex(64), "host", Driver::Host);
        let none = predefined(rng.hex(64), "none", Driver::Null);
        match self {
            // sdc-docker: no bridge, host or none, but the account's fabric and the public
            // network (see `triton`).
            Backend::Triton => triton::networks(rng)
                .into_iter()
                .map(|n| (n.id.clone(), n))
                .collect(),
            // Windows: HNS creates `nat` at the first engine start, on a /20 of its choice in
            // 172.16.0.0/12 (reference seed-systems.md section 5); no docker0, no `host`.
            Backend::Windows => {
                let pick = rng.below(256);
                let subnet = Ipv4Cidr::new(
                    Ipv4Addr::new(172, 16 + (pick / 16) as u8, (pick % 16) as u8 * 16, 0),
                    20,
                );
                let mut nat = predefined(bridge.id.clone(), "nat", Driver::Nat);
                nat.ipam = subnet.and_then(Ipam::with_first_gateway);
                nat.bridge_device = Some("vEthernet (nat)".into());
                [nat, none].into_iter().map(|n| (n.id.clone(), n)).collect()
            }
            // The laptop runs no dockerd: no networks of Docker's at all.
            Backend::MacOs => BTreeMap::new(),
            Backend::Linux => [bridge, host, none]
                .into_iter()
                .map(|n| (n.id.clone(), n))
                .collect(),
        }
    }

    /// A Triton data center's compute nodes, made at the host's creation.
    pub(in crate::engine) fn data_center(self, rng: &mut Rng) -> Option<triton::DataCenter> {
        (self == Backend::Triton).then(|| triton::DataCenter::new(rng))
    }

    /// The drivers `docker network create -d` accepts on a single host of this platform.
    pub fn driver(self, name: &str) -> Option<Driver> {
        match self {
            Backend::Linux | Backend::MacOs => Driver::parse_user(name),
            // Triton's networks are fabrics made through CloudAPI, not by docker.
            Backend::Triton => None,
            Backend::Windows => match name {
                "nat" => Some(Driver::Nat),
                "transparent" => Some(Driver::Transparent),
                "l2bridge" => Some(Driver::L2Bridge),
                _ => None,
            },
        }
    }

    /// Where a new network's subnet comes from when none is given.
    pub fn address_pools(self) -> AddressPools {
        match self {
            Backend::Windows => AddressPools::Hns,
            Backend::Linux | Backend::MacOs | Backend::Triton => AddressPools::Docker,
        }
    }

    /// Moby's `validateIsolation` for the daemon's platform; `default` (or nothing) is the
    /// daemon's own choice, process on Windows Server.
    pub fn isolation(self, asked: Option<&str>) -> Result<Isolation, EngineError> {
        let asked = asked.unwrap_or("");
        let lower = asked.to_ascii_lowercase();
        match (self, lower.as_str()) {
            // A Triton container is a zone: no `--isolation` choice to make.
            (Backend::Linux | Backend::Triton, "" | "default") => Ok(Isolation::Default),
            (Backend::Windows, "" | "default" | "process") => Ok(Isolation::Process),
            (Backend::Windows, "hyperv") => Ok(Isolation::HyperV),
            (backend, _) => Err(EngineError::InvalidIsolation {
                value: asked.to_string(),
                os: backend.as_str(),
            }),
        }
    }

    /// May an image built for Windows (or not) be pulled here? If not, the platform the
    /// registry found no manifest for, as `docker pull` names it.
    pub fn image_platform_mismatch(self, windows_image: bool) -> Option<String> {
        let windows_host = self == Backend::Windows;
        (windows_image != windows_host).then(|| match self {
            Backend::Windows => format!("windows/amd64 {WINDOWS_BUILD}"),
            Backend::Linux | Backend::MacOs | Backend::Triton => "linux/amd64".to_string(),
        })
    }

    /// Whether the host's runc checks the working directory after the chdir, so that a
    /// leaked fd (CVE-2024-21626, fixed in runc 1.1.12) pointing outside the container's
    /// root is refused: only where the host's own runc starts containers, and once patched.
    pub fn runc_checks_cwd(self, versions: &cve::Versions) -> bool {
        let leaky_vessels = cve::CATALOGUE.iter().find(|c| c.id == "CVE-2024-21626");
        self == Backend::Linux && leaky_vessels.is_some_and(|c| !c.affects(versions))
    }

    /// Whether Berth's `berth-authz` plugin is installed: a Linux daemon's plugin.
    pub fn has_berth_authz(self) -> bool {
        self == Backend::Linux
    }

    /// The kernel that runs the containers, as the host's process list shows them; `None`
    /// where the host lists none of them (a laptop's desktop is not modelled; a Triton data
    /// center is many servers).
    pub fn kernel(self) -> Option<Kernel> {
        match self {
            Backend::Linux => Some(Kernel::Linux),
            Backend::Windows => Some(Kernel::Windows),
            Backend::MacOs | Backend::Triton => None,
        }
    }

    /// Where an escape CVE would land on this platform, when the platform itself removes a
    /// layer (the same answer the isolation matrix gives), and why, in Berth's words.
    pub fn cve_isolation(self) -> Option<(&'static cve::Isolation, &'static str)> {
        match self {
            Backend::Triton => Some((
                &cve::TRITON_ZONE,
                "a Triton zone runs on SmartOS: no Linux kernel, no runc, no containerd, no dockerd",
            )),
            Backend::Windows => Some((
                &cve::HYPERV_CONTAINER,
                "a Windows container runs on a Windows kernel, started by HCS: no Linux kernel, no runc, no containerd",
            )),
            Backend::Linux | Backend::MacOs => None,
        }
    }

    /// sdc-docker refuses some `docker run` flags and ignores others: checked before
    /// anything changes; returns the request as the platform takes it.
    pub(in crate::engine) fn accept_create(
        self,
        world: &World,
        config: ContainerCreate,
    ) -> Result<ContainerCreate, EngineError> {
        match self {
            Backend::Triton => {
                triton::check_create(world, &config)?;
                Ok(triton::strip_ignored(config))
            }
            Backend::Linux | Backend::Windows | Backend::MacOs => Ok(config),
        }
    }

    /// How `--network` is read at create: the mode, the attachments and the primary network.
    pub(in crate::engine) fn networking(
        self,
        h: &Host,
        config: &ContainerCreate,
    ) -> Result<(String, BTreeMap<String, Attachment>, String), EngineError> {
        match self {
            Backend::Triton => triton::networking(h, config),
            Backend::Linux | Backend::Windows | Backend::MacOs => {
                crate::engine::docker::containers::networking_config(h, config)
            }
        }
    }

    /// The ports a container publishes, when the platform decides them itself instead of the
    /// daemon's port allocator: on Triton, every exposed port on the instance's public IP.
    pub(in crate::engine) fn own_published_ports(
        self,
        h: &Host,
        c: &Container,
        endpoints: &[(String, Endpoint)],
    ) -> Option<Vec<PublishedPort>> {
        match self {
            Backend::Triton => Some(triton::published(c, triton::public_address(h, endpoints))),
            Backend::Linux | Backend::Windows | Backend::MacOs => None,
        }
    }

    /// The addresses on `net_id` that stopped containers other than `except` keep: a Triton
    /// NIC is the instance's until it is deleted.
    pub(in crate::engine) fn reserved_addresses(
        self,
        h: &Host,
        net_id: &str,
        except: &str,
    ) -> Vec<Ipv4Addr> {
        match self {
            Backend::Triton => triton::reserved_on(h, net_id, except),
            Backend::Linux | Backend::Windows | Backend::MacOs => Vec::new(),
        }
    }

    /// Whether the platform implements a Docker API feature: sdc-docker's `docker network`
    /// endpoints answer `NotImplementedError` (`lib/endpoints/networks.js`: fabrics are made
    /// through CloudAPI), and so does its swarm.
    pub(in crate::engine) fn implements(
        self,
        world: &World,
        feature: &str,
    ) -> Result<(), EngineError> {
        match self {
            Backend::Triton => Err(triton::refusal(
                world,
                Some("NotImplemented"),
                format!("{feature} is not implemented"),
            )),
            Backend::Linux | Backend::Windows | Backend::MacOs => Ok(()),
        }
    }

    /// Whether a container's addresses stay its own while it is stopped: a Triton NIC is the
    /// instance's until it is deleted; Docker's endpoints are released at stop.
    pub fn keeps_addresses(self) -> bool {
        self == Backend::Triton
    }

    /// Whether dockerd's `DOCKER-ISOLATION` rules drop traffic between the host's networks
    /// (a Triton data center has none: its external network is the internet's side).
    pub fn isolates_networks(self) -> bool {
        self != Backend::Triton
    }

    /// Whether the host's own shell is the learner's client outside the platform's networks
    /// (Triton: only public IPs answer it).
    pub fn shell_outside(self) -> bool {
        self == Backend::Triton
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALL: [Backend; 4] = [
        Backend::Linux,
        Backend::Windows,
        Backend::MacOs,
        Backend::Triton,
    ];

    /// One row per platform: the answers the engine asks for most.
    #[test]
    fn each_platform_answers_as_its_daemon_does() {
        // (platform, default network, `-d overlay`-free driver it accepts, its first networks)
        let cases = [
            (
                Backend::Linux,
                "bridge",
                Some(Driver::Macvlan),
                vec!["bridge", "host", "none"],
            ),
            (
                Backend::Windows,
                "nat",
                Some(Driver::Transparent),
                vec!["nat", "none"],
            ),
            (Backend::MacOs, "bridge", Some(Driver::Macvlan), vec![]),
            (
                Backend::Triton,
                "bridge",
                None,
                vec!["My-Fabric-Network", "external"],
            ),
        ];
        for (backend, network, driver, mut names) in cases {
            assert_eq!(backend.default_network(), network, "{backend:?}");
            let asked = if backend == Backend::Windows {
                "transparent"
            } else {
                "macvlan"
            };
            assert_eq!(backend.driver(asked), driver, "{backend:?}");
            let mut made: Vec<String> = backend
                .predefined_networks(&mut Rng::new(1))
                .into_values()
                .map(|n| n.name)
                .collect();
            made.sort();
            names.sort();
            assert_eq!(made, names, "{backend:?}");
        }
    }

    #[test]
    fn isolation_and_images_follow_the_kernel() {
        for backend in ALL {
            let windows = backend == Backend::Windows;
            assert_eq!(
                backend.image_platform_mismatch(windows),
                None,
                "{backend:?}"
            );
            assert!(
                backend.image_platform_mismatch(!windows).is_some(),
                "{backend:?}"
            );
        }
        assert_eq!(Backend::Windows.isolation(None), Ok(Isolation::Process));
        assert_eq!(
            Backend::Windows.isolation(Some("HyperV")),
            Ok(Isolation::HyperV)
        );
        assert_eq!(
            Backend::Linux.isolation(Some("default")),
            Ok(Isolation::Default)
        );
        assert!(Backend::Linux.isolation(Some("hyperv")).is_err());
        assert_eq!(Backend::MacOs.kernel(), None);
        assert!(!Backend::MacOs.runs_dockerd());
    }
}
