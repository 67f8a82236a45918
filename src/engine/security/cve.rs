//! Container-escape CVEs as data: which component each lives in, the version that fixed
//! it, and its preconditions over the world (the container's flags, the daemon's settings,
//! the host's cgroup version). `exploit` tries one from a container; the isolation matrix
//! asks each one where it would land.
//!
//! Contract:
//! - A host's component versions ([`Versions`]) start patched; a lesson may set old ones, and
//!   `upgrade` brings them back. A CVE applies only while its component is older than the fix.
//! - Each precondition is checked and reported, met or not, so a learner sees which one a
//!   fix removed. The exploit succeeds only when all hold, and then the host is compromised.
//! - The isolation matrix is computed from the same catalogue: where each escape lands for a
//!   plain container, a container in a VM, a Hyper-V-isolated Windows container and a Triton
//!   zone follows from the layer it attacks (the shared kernel, the runtime, the daemon).

use crate::engine::{Container, Host, World};

/// The versions of what a container escape attacks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Versions {
    pub kernel: String,
    pub runc: String,
    pub containerd: String,
    pub docker: String,
    /// 1 or 2: the release_agent escape needs cgroup v1.
    pub cgroup: u8,
}

impl Default for Versions {
    fn default() -> Self {
        Versions {
            kernel: "6.8.0".into(),
            runc: "1.3.3".into(),
            containerd: "2.2.0".into(),
            docker: "29.0.4".into(),
            cgroup: 2,
        }
    }
}

/// A component a CVE lives in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Component {
    Kernel,
    Runc,
    Containerd,
    Docker,
}

impl Component {
    pub fn as_str(self) -> &'static str {
        match self {
            Component::Kernel => "kernel",
            Component::Runc => "runc",
            Component::Containerd => "containerd",
            Component::Docker => "docker",
        }
    }

    pub fn parse(text: &str) -> Option<Component> {
        match text {
            "kernel" | "linux" => Some(Component::Kernel),
            "runc" => Some(Component::Runc),
            "containerd" => Some(Component::Containerd),
            "docker" | "docker-ce" | "dockerd" => Some(Component::Docker),
            _ => None,
        }
    }

    pub fn version(self, v: &Versions) -> &str {
        match self {
            Component::Kernel => &v.kernel,
            Component::Runc => &v.runc,
            Component::Containerd => &v.containerd,
            Component::Docker => &v.docker,
        }
    }
}

/// One CVE of the catalogue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cve {
    pub id: &'static str,
    pub component: Component,
    /// The first version without the flaw.
    pub fixed_in: &'static str,
    /// Versions from this one on are affected (`None`: every older one).
    pub since: Option<&'static str>,
    pub name: &'static str,
    pub summary: &'static str,
    pub severity: &'static str,
    /// The package a scanner reports it in, in an image.
    pub package: &'static str,
    /// NVD's base score in tenths (CVSS v3 where NVD has one, else v2): 86 is 8.6.
    pub cvss: u8,
}

/// The catalogue (reference: seed-systems.md 9.3).
pub const CATALOGUE: &[Cve] = &[
    Cve { id: "CVE-2014-9357", component: Component::Docker, fixed_in: "1.3.3", since: None, name: "xz archive escape", summary: "the daemon unpacked a crafted .xz image with the decompressor running in the image's chroot: code as root on the host", severity: "CRITICAL", package: "docker", cvss: 100 },
    Cve { id: "CVE-2015-3627", component: Component::Docker, fixed_in: "1.6.1", since: None, name: "file descriptor before chroot", summary: "libcontainer opened the fd given to PID 1 before the chroot: a symlink in the image gives host files", severity: "HIGH", package: "docker", cvss: 72 },
    Cve { id: "CVE-2016-5195", component: Component::Kernel, fixed_in: "4.8.3", since: Some("2.6.22"), name: "Dirty COW", summary: "a copy-on-write race writes read-only mappings: any user becomes root on the kernel the container shares", severity: "HIGH", package: "linux", cvss: 70 },
    Cve { id: "CVE-2019-5736", component: Component::Runc, fixed_in: "1.0.0-rc7", since: None, name: "runc /proc/self/exe", summary: "root in a container overwrites the host's runc through /proc/self/exe at the next docker exec", severity: "HIGH", package: "runc", cvss: 86 },
    Cve { id: "CVE-2020-15257", component: Component::Containerd, fixed_in: "1.4.3", since: None, name: "containerd-shim abstract socket", summary: "with --network host, root in the container reaches containerd-shim's API and starts a privileged container", severity: "MEDIUM", package: "containerd", cvss: 52 },
    Cve { id: "CVE-2022-0185", component: Component::Kernel, fixed_in: "5.16.2", since: Some("5.1"), name: "fsconfig heap overflow", summary: "an integer underflow in legacy_parse_param: with CAP_SYS_ADMIN in a user namespace, a kernel heap overflow", severity: "HIGH", package: "linux", cvss: 84 },
    Cve { id: "CVE-2022-0492", component: Component::Kernel, fixed_in: "5.17", since: None, name: "cgroup v1 release_agent", summary: "a container that can mount cgroupfs sets release_agent, which the host runs as root", severity: "HIGH", package: "linux", cvss: 78 },
    Cve { id: "CVE-2024-21626", component: Component::Runc, fixed_in: "1.1.12", since: None, name: "Leaky Vessels", summary: "runc leaked a host fd into the container: a working directory of /proc/self/fd/7 is the host's filesystem", severity: "HIGH", package: "runc", cvss: 86 },
];

/// Compares dotted versions numerically; `1.0.0-rc6` sorts before `1.0.0`.
pub fn version_lt(a: &str, b: &str) -> bool {
    fn parts(v: &str) -> (Vec<u64>, Option<u64>) {
        let (main, pre) = match v.split_once("-rc") {
            Some((m, r)) => (m, r.parse().ok()),
            None => (v.split('-').next().unwrap_or(v), None),
        };
        (
            main.split('.').map(|p| p.parse().unwrap_or(0)).collect(),
            pre,
        )
    }
    let (ma, pa) = parts(a);
    let (mb, pb) = parts(b);
    let len = ma.len().max(mb.len());
    for i in 0..len {
        let x = ma.get(i).copied().unwrap_or(0);
        let y = mb.get(i).copied().unwrap_or(0);
        if x != y {
            return x < y;
        }
    }
    match (pa, pb) {
        (Some(x), Some(y)) => x < y,
        (Some(_), None) => true,
        _ => false,
    }
}

impl Cve {
    /// The component's version on `versions` is affected.
    pub fn affects(&self, versions: &Versions) -> bool {
        self.affects_version(self.component.version(versions))
    }

    /// This version of the component (or of the package in an image) is affected: older than
    /// the fix, and not older than the first affected version.
    pub fn affects_version(&self, version: &str) -> bool {
        version_lt(version, self.fixed_in) && self.since.is_none_or(|s| !version_lt(version, s))
    }

    /// Each precondition, with whether it holds, for an exploit from `c` on `h`.
    pub fn preconditions(&self, h: &Host, c: &Container) -> Vec<(bool, Precondition)> {
        // The platform first: where the layer this CVE lives in is absent, nothing else
        // matters (the same answer the isolation matrix gives).
        if let Some((iso, why)) = h.backend.cve_isolation() {
            let layer = match self.component {
                Component::Kernel => iso.kernel,
                Component::Runc | Component::Containerd => iso.runtime,
                Component::Docker => iso.linux_daemon,
            };
            if layer == Layer::Absent {
                return vec![(
                    false,
                    Precondition::Absent {
                        component: self.component,
                        why,
                    },
                )];
            }
        }
        let affected = self.affects(&h.machine.versions);
        let mut list = vec![(
            affected,
            Precondition::Version {
                component: self.component,
                version: self.component.version(&h.machine.versions).to_string(),
                affected,
                fixed_in: self.fixed_in,
            },
        )];
        let root = c.runs_as_root();
        let remapped = h.daemon.settings.userns_remap.is_some() && c.security.userns_mode != "host";
        match self.id {
            "CVE-2019-5736" => {
                list.push((root, Precondition::RootInContainer));
                list.push((!remapped, Precondition::NoUsernsRemap { remapped }));
            }
            "CVE-2020-15257" => {
                list.push((c.network_mode == "host", Precondition::HostNetwork));
                list.push((root, Precondition::Uid0));
            }
            "CVE-2022-0185" => {
                let sys_admin = c.security.has_capability("SYS_ADMIN");
                let unshare = c.security.seccomp_unconfined();
                list.push((sys_admin || unshare, Precondition::UserNamespace));
            }
            "CVE-2022-0492" => {
                let cgroup = h.machine.versions.cgroup;
                list.push((cgroup == 1, Precondition::CgroupV1 { cgroup }));
                list.push((root, Precondition::RootInContainer));
                let can_mount = c.security.privileged
                    || (c.security.has_capability("SYS_ADMIN") && c.security.apparmor_unconfined());
                list.push((can_mount, Precondition::MountCgroupfs));
            }
            "CVE-2024-21626" => {
                let fd = c.workdir.starts_with("/proc/self/fd/");
                list.push((
                    fd,
                    Precondition::LeakedFdWorkdir {
                        workdir: c.workdir.clone(),
                    },
                ));
            }
            "CVE-2015-3627" | "CVE-2014-9357" => {
                list.push((true, Precondition::AttackerImage));
            }
            _ => {}
        }
        list
    }
}

/// One precondition of an escape, as data: `exploit` shows each with whether it holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Precondition {
    /// The layer the CVE lives in is not on this platform; `why` is the platform's reason.
    Absent {
        component: Component,
        why: &'static str,
    },
    /// The component's version, and whether it is older than the fix.
    Version {
        component: Component,
        version: String,
        affected: bool,
        fixed_in: &'static str,
    },
    /// The process runs as root in the container.
    RootInContainer,
    /// The process runs as UID 0 (what containerd-shim's socket checks).
    Uid0,
    /// No user namespace remapping (`remapped`: there is one).
    NoUsernsRemap { remapped: bool },
    /// The container shares the host's network namespace.
    HostNetwork,
    /// CAP_SYS_ADMIN, or seccomp off so `unshare` can make a user namespace.
    UserNamespace,
    /// The host runs cgroup v1 (`cgroup` is the version it runs).
    CgroupV1 { cgroup: u8 },
    /// The container can mount cgroupfs.
    MountCgroupfs,
    /// The working directory is a leaked fd.
    LeakedFdWorkdir { workdir: String },
    /// The container comes from an image the attacker built.
    AttackerImage,
}

/// Where an escape lands for each way of isolating a workload.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Landing {
    /// Root on the physical host.
    Host,
    /// Root on the VM that runs the containers, not on the machine under it.
    VmOnly,
    /// The flaw is not there at all (another kernel, no runc).
    NotApplicable,
    /// The platform refuses what the escape needs (Triton refuses --pid=host).
    Refused,
    /// The platform accepts the flag and drops it (Triton and --privileged).
    Ignored,
}

impl Landing {
    pub fn as_str(self) -> &'static str {
        match self {
            Landing::Host => "host root",
            Landing::VmOnly => "VM only",
            Landing::NotApplicable => "not applicable",
            Landing::Refused => "refused",
            Landing::Ignored => "flag ignored",
        }
    }
}

/// Where a layer of the stack runs, seen from the container.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layer {
    /// On the physical host.
    Host,
    /// On a Linux VM between the container and the host.
    Vm,
    /// Not there: another kernel, another runtime, another daemon.
    Absent,
}

/// What a platform does with a flag an escape needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flag {
    Honoured,
    Ignored,
    Refused,
}

/// One way of isolating a workload, described by the layers it puts under the container.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Isolation {
    pub name: &'static str,
    /// The Linux kernel the container shares.
    pub kernel: Layer,
    /// runc and containerd.
    pub runtime: Layer,
    /// Docker's Linux daemon, where its own flaws live.
    pub linux_daemon: Layer,
    /// Docker's API (socket, named pipe, docker group): root wherever the daemon runs.
    pub api: Layer,
    pub privileged: Flag,
    pub host_namespaces: Flag,
}

/// A plain Linux container: the host's own kernel, runtime and daemon.
pub const LINUX_CONTAINER: Isolation = Isolation {
    name: "LINUX CONTAINER",
    kernel: Layer::Host,
    runtime: Layer::Host,
    linux_daemon: Layer::Host,
    api: Layer::Host,
    privileged: Flag::Honoured,
    host_namespaces: Flag::Honoured,
};

/// docker-machine, boot2docker, Docker Desktop: the whole Linux stack lives in the VM.
pub const CONTAINER_IN_A_VM: Isolation = Isolation {
    name: "CONTAINER IN A VM",
    kernel: Layer::Vm,
    runtime: Layer::Vm,
    linux_daemon: Layer::Vm,
    api: Layer::Vm,
    privileged: Flag::Honoured,
    host_namespaces: Flag::Honoured,
};

/// A utility VM with its own Windows kernel, started by HCS (no runc, no containerd, and
/// Windows' dockerd never had the Linux daemon's flaws); dockerd still runs on the host,
/// and its named pipe is the host.
pub const HYPERV_CONTAINER: Isolation = Isolation {
    name: "HYPER-V CONTAINER",
    kernel: Layer::Absent,
    runtime: Layer::Absent,
    linux_daemon: Layer::Absent,
    api: Layer::Host,
    privileged: Flag::Refused,
    host_namespaces: Flag::Refused,
};

/// SmartOS zones behind sdc-docker: no Linux kernel, no runc, no local daemon to reach.
pub const TRITON_ZONE: Isolation = Isolation {
    name: "TRITON ZONE",
    kernel: Layer::Absent,
    runtime: Layer::Absent,
    linux_daemon: Layer::Absent,
    api: Layer::Absent,
    privileged: Flag::Ignored,
    host_namespaces: Flag::Refused,
};

/// The four answers of the era, in the matrix's column order (reference: seed-systems.md 5
/// to 9).
pub const ISOLATIONS: [Isolation; 4] = [
    LINUX_CONTAINER, CONTAINER_IN_A_VM, HYPERV_CONTAINER, TRITON_ZONE,
];

/// One row of the matrix: an escape and where it lands under each isolation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MatrixRow {
    pub escape: String,
    /// In the order of [`ISOLATIONS`].
    pub landings: [Landing; 4],
}

/// What an escape without a CVE (Docker's own features misused) needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Needs {
    /// --privileged, then the disk of whatever runs the kernel.
    Privileged,
    /// A host namespace, then whatever kernel that namespace belongs to.
    HostNamespace,
    /// The daemon's API: root wherever the daemon runs.
    Daemon,
}

const MISUSE: &[(&str, Needs)] = &[
    ("--privileged: mount /dev/sda1", Needs::Privileged),
    ("docker.sock mounted", Needs::Daemon),
    ("docker group member", Needs::Daemon),
    ("--pid=host", Needs::HostNamespace),
];

fn landing(layer: Layer) -> Landing {
    match layer {
        Layer::Host => Landing::Host,
        Layer::Vm => Landing::VmOnly,
        Layer::Absent => Landing::NotApplicable,
    }
}

fn gated(flag: Flag, layer: Layer) -> Landing {
    match flag {
        Flag::Honoured => landing(layer),
        Flag::Ignored => Landing::Ignored,
        Flag::Refused => Landing::Refused,
    }
}

/// The isolation matrix: each escape of the catalogue and each misuse, asked of each
/// isolation in [`ISOLATIONS`]. A flaw lands on whatever runs the layer it lives in; a misuse
/// needs its flag honoured, then lands where the kernel or the daemon runs.
pub fn isolation_matrix() -> Vec<MatrixRow> {
    let mut rows: Vec<MatrixRow> = CATALOGUE
        .iter()
        .map(|cve| MatrixRow {
            escape: format!("{} ({})", cve.id, cve.name),
            landings: ISOLATIONS.map(|iso| {
                landing(match cve.component {
                    Component::Kernel => iso.kernel,
                    Component::Runc | Component::Containerd => iso.runtime,
                    Component::Docker => iso.linux_daemon,
                })
            }),
        })
        .collect();
    for (name, needs) in MISUSE {
        rows.push(MatrixRow {
            escape: (*name).to_string(),
            landings: ISOLATIONS.map(|iso| match needs {
                Needs::Privileged => gated(iso.privileged, iso.kernel),
                Needs::HostNamespace => gated(iso.host_namespaces, iso.kernel),
                Needs::Daemon => landing(iso.api),
            }),
        });
    }
    rows
}

impl World {
    /// `exploit CVE-ID` from `container`: the preconditions, each met or not, and the
    /// outcome; a success compromises the host.
    pub fn exploit(
        &mut self,
        host: &str,
        container: &str,
        id: &str,
    ) -> Option<(Cve, Vec<(bool, Precondition)>)> {
        let cve = *CATALOGUE.iter().find(|c| c.id.eq_ignore_ascii_case(id))?;
        let h = self.host(host).ok()?;
        let c = self.container_lookup(host, container).ok()?;
        let checks = cve.preconditions(h, c);
        if checks.iter().all(|(ok, _)| *ok) {
            let name = c.id.clone();
            self.host_compromised(
                host,
                &name,
                crate::engine::security::escape::Via::Cve {
                    id: cve.id,
                    name: cve.name,
                },
            );
        }
        Some((cve, checks))
    }

    /// `upgrade [COMPONENT]`: the host's packages to their patched versions.
    pub fn upgrade(
        &mut self,
        host: &str,
        component: Option<Component>,
    ) -> Vec<(Component, String, String)> {
        let fresh = Versions::default();
        let Ok(h) = self.host_mut(host) else {
            return Vec::new();
        };
        let mut changed = Vec::new();
        for comp in [
            Component::Kernel,
            Component::Runc,
            Component::Containerd,
            Component::Docker,
        ] {
            if component.is_some_and(|c| c != comp) {
                continue;
            }
            let new = comp.version(&fresh).to_string();
            let slot = match comp {
                Component::Kernel => &mut h.machine.versions.kernel,
                Component::Runc => &mut h.machine.versions.runc,
                Component::Containerd => &mut h.machine.versions.containerd,
                Component::Docker => &mut h.machine.versions.docker,
            };
            if *slot != new {
                changed.push((comp, slot.clone(), new.clone()));
                *slot = new;
            }
        }
        changed
    }

    /// A lesson's (or a trainer's) `versions set COMPONENT VERSION`.
    pub fn set_version(&mut self, host: &str, component: Component, version: &str) {
        if let Ok(h) = self.host_mut(host) {
            let slot = match component {
                Component::Kernel => &mut h.machine.versions.kernel,
                Component::Runc => &mut h.machine.versions.runc,
                Component::Containerd => &mut h.machine.versions.containerd,
                Component::Docker => &mut h.machine.versions.docker,
            };
            *slot = version.to_string();
        }
    }

    /// `versions set cgroup 1|2`.
    pub fn set_cgroup(&mut self, host: &str, version: u8) {
        if let Ok(h) = self.host_mut(host) {
            h.machine.versions.cgroup = version;
        }
    }
}
