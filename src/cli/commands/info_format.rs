//! `docker info --format TEMPLATE`: the value docker/cli runs the template on
//! (`cli/command/system/info.go`, `dockerInfo`: moby's `system.Info` embedded, then
//! `ServerErrors`, `UserName`, `ClientInfo`, `ClientErrors`), with the facts `docker info`
//! prints in words: `{{.ServerVersion}}`, `{{.Containers}}`, `{{.Swarm.LocalNodeState}}`,
//! `{{.DockerRootDir}}`, `{{json .SecurityOptions}}`.
//!
//! Every field of moby's `Info` (api/types/system/info.go) is there, so a real field never
//! errors; a field that is not one is Go's `can't evaluate field` error naming
//! `system.dockerInfo`. Not simulated: `json` and `{{json .}}` of the whole value (a `berth:`
//! line: its JSON tags and omitempty rules differ from the template's names, `CpuCfsPeriod`
//! for `CPUCfsPeriod`); `RegistryConfig`, `GenericResources`, `Containerd` and
//! `Swarm.Cluster` are nil.

use crate::engine::{Host, World};
use crate::golang::template::Value;

/// The Linux host's total memory (`Total Memory: 3.823GiB`), the Windows host's (3.999GiB).
const MEM_TOTAL: i64 = 4_104_912_896;
const MEM_TOTAL_WINDOWS: i64 = 4_293_918_720;

fn strings(items: &[&str]) -> Value {
    Value::List(items.iter().map(|s| Value::str(*s)).collect())
}

fn commit(id: &str) -> Value {
    Value::structure("system.Commit", vec![("ID", Value::str(id))])
}

/// The numbers `docker info` counts: containers (running, paused, stopped) and images.
pub struct Counts {
    pub containers: usize,
    pub running: usize,
    pub paused: usize,
    pub stopped: usize,
    pub images: usize,
}

fn int(n: usize) -> Value {
    Value::Int(i64::try_from(n).unwrap_or(i64::MAX))
}

/// The value of `docker info` for `host`, as its template sees it.
pub fn info_value(world: &World, h: &Host, counts: &Counts, id: &str) -> Value {
    let windows = h.backend == crate::engine::Backend::Windows;
    let settings = &h.daemon.settings;
    let swarm = match (world.swarm(), world.swarm_node(&h.name)) {
        (Some(swarm), Some(node)) => {
            let manager = node.role == crate::engine::swarm::Role::Manager;
            Value::structure(
                "swarm.Info",
                vec![
                    ("NodeID", Value::str(node.id.clone())),
                    ("NodeAddr", Value::str(h.machine.underlay_ip.to_string())),
                    ("LocalNodeState", Value::str("active")),
                    ("ControlAvailable", Value::Bool(manager)),
                    ("Error", Value::str("")),
                    ("RemoteManagers", Value::Null),
                    ("Nodes", int(if manager { swarm.nodes.len() } else { 0 })),
                    (
                        "Managers",
                        int(if manager {
                            swarm
                                .nodes
                                .values()
                                .filter(|n| n.role == crate::engine::swarm::Role::Manager)
                                .count()
                        } else {
                            0
                        }),
                    ),
                    ("Cluster", Value::Null),
                    ("Warnings", Value::Null),
                ],
            )
        }
        _ => Value::structure(
            "swarm.Info",
            vec![
                ("NodeID", Value::str("")),
                ("NodeAddr", Value::str("")),
                ("LocalNodeState", Value::str("inactive")),
                ("ControlAvailable", Value::Bool(false)),
                ("Error", Value::str("")),
                ("RemoteManagers", Value::Null),
                ("Nodes", Value::Int(0)),
                ("Managers", Value::Int(0)),
                ("Cluster", Value::Null),
                ("Warnings", Value::Null),
            ],
        ),
    };
    let mut security = vec![
        "name=apparmor",
        "name=seccomp,profile=builtin",
        "name=cgroupns",
    ];
    if settings.userns_remap.is_some() {
        security.push("name=userns");
    }
    let (driver, driver_status, kernel, os, os_version, os_type, root_dir, mem) = if windows {
        (
            "windowsfilter",
            Value::Null,
            "10.0 20348 (20348.1.amd64fre.fe_release.210507-1500)",
            "Microsoft Windows Server Version 21H2 (OS Build 20348.4405)",
            "10.0 20348 (20348.1.amd64fre.fe_release.210507-1500)",
            "windows",
            "C:\\ProgramData\\docker",
            MEM_TOTAL_WINDOWS,
        )
    } else {
        (
            "overlayfs",
            Value::List(vec![strings(&[
                "driver-type",
                "io.containerd.snapshotter.v1",
            ])]),
            "6.8.0-88-generic",
            "Ubuntu 24.04.3 LTS",
            "24.04",
            "linux",
            settings.data_root(),
            MEM_TOTAL,
        )
    };
    let network_plugins: &[&str] = if windows {
        &[
            "ics", "internal", "l2bridge", "l2tunnel", "nat", "null", "overlay", "private",
            "transparent",
        ]
    } else {
        &["bridge", "host", "ipvlan", "macvlan", "null", "overlay"]
    };
    let log_plugins: &[&str] = &[
        "awslogs", "fluentd", "gcplogs", "gelf", "journald", "json-file", "local", "splunk",
        "syslog",
    ];
    let runtime = |path: &str| {
        Value::structure(
            "system.RuntimeWithStatus",
            vec![("path", Value::str(path)), ("status", Value::Null)],
        )
    };
    let (y, mo, d, hh, mi, s) = world.now().civil();
    let info: Vec<(&str, Value)> = vec![
        ("ID", Value::str(id)),
        ("Containers", int(counts.containers)),
        ("ContainersRunning", int(counts.running)),
        ("ContainersPaused", int(counts.paused)),
        ("ContainersStopped", int(counts.stopped)),
        ("Images", int(counts.images)),
        ("Driver", Value::str(driver)),
        ("DriverStatus", driver_status),
        ("SystemStatus", Value::Null),
        (
            "Plugins",
            Value::structure(
                "system.PluginsInfo",
                vec![
                    ("Volume", strings(&["local"])),
                    ("Network", strings(network_plugins)),
                    ("Authorization", Value::Null),
                    ("Log", strings(log_plugins)),
                ],
            ),
        ),
        ("MemoryLimit", Value::Bool(true)),
        ("SwapLimit", Value::Bool(true)),
        ("CPUCfsPeriod", Value::Bool(true)),
        ("CPUCfsQuota", Value::Bool(true)),
        ("CPUShares", Value::Bool(true)),
        ("CPUSet", Value::Bool(true)),
        ("PidsLimit", Value::Bool(true)),
        ("IPv4Forwarding", Value::Bool(true)),
        ("Debug", Value::Bool(false)),
        ("NFd", Value::Int(30)),
        ("OomKillDisable", Value::Bool(false)),
        ("NGoroutines", Value::Int(47)),
        (
            "SystemTime",
            Value::str(format!(
                "{y:04}-{mo:02}-{d:02}T{hh:02}:{mi:02}:{s:02}.000000000Z"
            )),
        ),
        ("LoggingDriver", Value::str("json-file")),
        (
            "CgroupDriver",
            Value::str(if windows { "" } else { "systemd" }),
        ),
        ("CgroupVersion", Value::str(if windows { "" } else { "2" })),
        ("NEventsListener", Value::Int(0)),
        ("KernelVersion", Value::str(kernel)),
        ("OperatingSystem", Value::str(os)),
        ("OSVersion", Value::str(os_version)),
        ("OSType", Value::str(os_type)),
        ("Architecture", Value::str("x86_64")),
        (
            "IndexServerAddress",
            Value::str("https://index.docker.io/v1/"),
        ),
        ("RegistryConfig", Value::Null),
        ("NCPU", Value::Int(2)),
        ("MemTotal", Value::Int(mem)),
        ("GenericResources", Value::Null),
        ("DockerRootDir", Value::str(root_dir)),
        ("HTTPProxy", Value::str("")),
        ("HTTPSProxy", Value::str("")),
        ("NoProxy", Value::str("")),
        ("Name", Value::str(h.name.clone())),
        ("Labels", Value::List(Vec::new())),
        ("ExperimentalBuild", Value::Bool(false)),
        ("ServerVersion", Value::str(super::system::ENGINE_VERSION)),
        (
            "Runtimes",
            if windows {
                Value::Null
            } else {
                Value::Map(vec![
                    ("io.containerd.runc.v2".into(), runtime("")),
                    ("runc".into(), runtime("runc")),
                ])
            },
        ),
        (
            "DefaultRuntime",
            Value::str(if windows { "" } else { "runc" }),
        ),
        ("Swarm", swarm),
        ("LiveRestoreEnabled", Value::Bool(settings.live_restore)),
        (
            "Isolation",
            Value::str(if windows { "process" } else { "" }),
        ),
        (
            "InitBinary",
            Value::str(if windows { "" } else { "docker-init" }),
        ),
        (
            "ContainerdCommit",
            commit("1c4457e00facac03ce1d75f7b6777a7a851e5c41"),
        ),
        ("RuncCommit", commit("v1.3.3-0-gd842d771")),
        ("InitCommit", commit("de40ad0")),
        (
            "SecurityOptions",
            if windows {
                Value::Null
            } else {
                strings(&security)
            },
        ),
        ("ProductLicense", Value::str("")),
        ("DefaultAddressPools", Value::Null),
        ("FirewallBackend", Value::Null),
        ("CDISpecDirs", strings(&["/etc/cdi", "/var/run/cdi"])),
        ("DiscoveredDevices", Value::Null),
        ("NRI", Value::Null),
        ("Containerd", Value::Null),
        ("Warnings", Value::Null),
        ("ServerErrors", Value::Null),
        ("UserName", Value::str("")),
        (
            "ClientInfo",
            Value::structure(
                "system.clientInfo",
                vec![
                    ("Debug", Value::Bool(false)),
                    ("Platform", Value::Null),
                    ("Version", Value::str(super::system::ENGINE_VERSION)),
                    ("APIVersion", Value::str("")),
                    ("DefaultAPIVersion", Value::str(super::system::API_VERSION)),
                    ("GitCommit", Value::str("4be7ab8")),
                    ("GoVersion", Value::str("go1.25.4")),
                    ("Os", Value::str(if windows { "windows" } else { "linux" })),
                    ("Arch", Value::str("amd64")),
                    ("BuildTime", Value::str("Tue Nov 18 10:22:41 2025")),
                    ("Context", Value::str("default")),
                    ("Plugins", Value::List(Vec::new())),
                    ("Warnings", Value::Null),
                ],
            ),
        ),
        ("ClientErrors", Value::Null),
    ];
    Value::structure("system.dockerInfo", info)
}
