//! The audit: docker-bench-security's checks of the CIS Docker Benchmark that mean something
//! on a simulated host (sections 1, 2, 4 and 5), run over the world without changing it.
//!
//! Contract:
//! - Each check has a stable key (`container.privileged`) and an ID in each CIS numbering
//!   ([`Numbering`]): 1.6.0 (docker-bench's current one, the default), 1.4.0 and 1.2.0 (the
//!   IDs older write-ups quote, `5.4` for privileged).
//! - A check decides as docker-bench's script does, from the same facts (`docker inspect`,
//!   `docker info`, daemon.json): its verdict, and one item per offending container or image.
//! - Scoring is the script's: a scored PASS is +1, a scored WARN −1; INFO and NOTE count as
//!   checks and score nothing.
//! - Every check says, in Berth's words, why it matters and what fixes it: the audit panel and
//!   the lessons show them.

use crate::engine::docker::container::{Container, DEFAULT_CAPABILITIES};
use crate::engine::docker::network::Driver;
use crate::engine::{Host, World};

/// The CIS Docker Benchmark version whose IDs the report shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Numbering {
    #[default]
    Cis160,
    Cis140,
    Cis120,
}

impl Numbering {
    pub fn parse(text: &str) -> Option<Numbering> {
        match text {
            "1.6.0" | "1.6" => Some(Numbering::Cis160),
            "1.4.0" | "1.4" => Some(Numbering::Cis140),
            "1.2.0" | "1.2" => Some(Numbering::Cis120),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Numbering::Cis160 => "1.6.0",
            Numbering::Cis140 => "1.4.0",
            Numbering::Cis120 => "1.2.0",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Pass,
    Warn,
    Info,
    Note,
}

/// One check of the benchmark, as data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Check {
    pub key: &'static str,
    /// IDs in CIS 1.6.0, 1.4.0 and 1.2.0.
    pub ids: [&'static str; 3],
    pub title: &'static str,
    /// Why it matters, and what fixes it (Berth's words, for the panel and lessons).
    pub why: &'static str,
    pub fix: &'static str,
}

impl Check {
    pub fn id(&self, numbering: Numbering) -> &'static str {
        match numbering {
            Numbering::Cis160 => self.ids[0],
            Numbering::Cis140 => self.ids[1],
            Numbering::Cis120 => self.ids[2],
        }
    }

    /// The section it belongs to: 1, 2, 4 or 5 (swarm's is 5 in 1.6.0, 7 before).
    pub fn section(&self, numbering: Numbering) -> &'static str {
        self.id(numbering).split('.').next().unwrap_or("")
    }
}

/// A check's outcome on one host.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub check: Check,
    pub verdict: Verdict,
    /// Counted in `Checks:`; scored checks move `Score:`.
    pub scored: bool,
    /// The lines under the check: a container, an image, a setting.
    pub items: Vec<String>,
    /// A suffix the script adds to the title (`(Deprecated)`, `(Incompatible with swarm mode)`).
    pub suffix: &'static str,
}

/// The whole run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    pub findings: Vec<Finding>,
    /// docker-bench skips section 5 (but 5.1) when no container runs.
    pub containers_running: bool,
}

impl Report {
    /// `Checks: N`: every finding counts.
    pub fn checks(&self) -> usize {
        self.findings.len()
    }

    /// `Score: N`: scored passes minus scored warnings.
    pub fn score(&self) -> i64 {
        self.findings
            .iter()
            .filter(|f| f.scored)
            .map(|f| match f.verdict {
                Verdict::Pass => 1,
                Verdict::Warn => -1,
                _ => 0,
            })
            .sum()
    }

    pub fn finding(&self, key: &str) -> Option<&Finding> {
        self.findings.iter().find(|f| f.check.key == key)
    }
}

macro_rules! check {
    ($key:expr, [$a:expr, $b:expr, $c:expr], $title:expr, $why:expr, $fix:expr) => {
        Check {
            key: $key,
            ids: [$a, $b, $c],
            title: $title,
            why: $why,
            fix: $fix,
        }
    };
}

/// Every check Berth runs, in the order docker-bench prints them.
pub const CHECKS: &[Check] = &[
    check!("host.docker_group", ["1.1.2", "1.1.2", "1.2.2"],
        "Ensure only trusted users are allowed to control Docker daemon (Automated)",
        "Members of the docker group can run `docker run -v /:/host` and so are root on the host.",
        "Keep the docker group to administrators: `gpasswd -d USER docker`."),
    check!("daemon.non_root", ["2.1", "2.1", "2.1"],
        "Run the Docker daemon as a non-root user, if possible (Manual)",
        "A root daemon turns every escape from a container into root on the host.",
        "Consider rootless mode (dockerd-rootless-setuptool.sh install)."),
    check!("daemon.icc", ["2.2", "2.2", "2.1"],
        "Ensure network traffic is restricted between containers on the default bridge (Scored)",
        "On the default bridge every container can reach every other one, whatever it runs.",
        "daemon-json set icc false, then systemctl restart docker; link what must talk on a user-defined network."),
    check!("daemon.log_level", ["2.3", "2.3", "2.2"],
        "Ensure the logging level is set to 'info' (Scored)",
        "Below info, the daemon forgets what an investigation needs.",
        "daemon-json unset log-level (or set it to info), then restart the daemon."),
    check!("daemon.iptables", ["2.4", "2.4", "2.3"],
        "Ensure Docker is allowed to make changes to iptables (Scored)",
        "Without its iptables rules Docker's networks are not isolated from each other.",
        "daemon-json unset iptables, then restart the daemon."),
    check!("daemon.insecure_registries", ["2.5", "2.5", "2.4"],
        "Ensure insecure registries are not used (Scored)",
        "Images pulled over plain HTTP can be swapped on the way.",
        "daemon-json unset insecure-registries; serve registries over TLS."),
    check!("daemon.aufs", ["2.6", "2.6", "2.5"],
        "Ensure aufs storage driver is not used (Scored)",
        "aufs is unmaintained and crashes kernels.",
        "Use overlay2 (the default)."),
    check!("daemon.tls", ["2.7", "2.7", "2.6"],
        "Ensure TLS authentication for Docker daemon is configured (Scored)",
        "An API on TCP without TLS gives root on the host to anyone on the network (docker -H).",
        "Remove tcp:// from hosts, or set tlsverify with certificates; never expose 2375."),
    check!("daemon.userns", ["2.9", "2.9", "2.8"],
        "Enable user namespace support (Scored)",
        "Without userns-remap, root in a container is root on the host for every file it can reach.",
        "daemon-json set userns-remap default, then restart the daemon."),
    check!("daemon.authorization", ["2.12", "2.12", "2.11"],
        "Ensure that authorization for Docker client commands is enabled (Scored)",
        "Whoever reaches the socket can do anything; a plugin can deny, say, --privileged.",
        "Run a plugin first (the twistlock/authz-broker container, --restart=always, with /run/docker/plugins and /var/lib/authz-broker bound), then daemon-json set authorization-plugins '[\"authz-broker\"]' and restart the daemon."),
    check!("daemon.remote_logging", ["2.13", "2.13", "2.12"],
        "Ensure centralized and remote logging is configured (Scored)",
        "Logs kept on the host vanish with the host an attacker owns.",
        "daemon-json set log-driver syslog (or journald, fluentd…), then restart."),
    check!("daemon.no_new_privileges", ["2.14", "2.14", "2.17"],
        "Ensure containers are restricted from acquiring new privileges (Scored)",
        "setuid binaries let a process in a container gain privileges it was not started with.",
        "daemon-json set no-new-privileges true, then restart the daemon."),
    check!("daemon.live_restore", ["2.15", "2.15", "2.13"],
        "Ensure live restore is enabled (Scored)",
        "Without it, upgrading or restarting the daemon stops every container.",
        "daemon-json set live-restore true, then restart the daemon."),
    check!("daemon.userland_proxy", ["2.16", "2.16", "2.14"],
        "Ensure Userland Proxy is Disabled (Scored)",
        "docker-proxy processes add attack surface where iptables rules would do.",
        "daemon-json set userland-proxy false, then restart the daemon."),
    check!("daemon.experimental", ["2.18", "2.18", "2.16"],
        "Ensure that experimental features are not implemented in production (Scored)",
        "Experimental features are not reviewed for production.",
        "daemon-json unset experimental."),
    check!("image.user", ["4.1", "4.1", "4.1"],
        "Ensure that a user for the container has been created (Automated)",
        "A process running as root in the container is root for the kernel it shares with the host.",
        "Run with --user 1000:1000 (or a USER in the image)."),
    check!("image.content_trust", ["4.5", "4.5", "4.5"],
        "Ensure Content trust for Docker is Enabled (Automated)",
        "Without it, a pulled image is whatever the registry (or the network) serves.",
        "export DOCKER_CONTENT_TRUST=1 in the shell that pulls."),
    check!("image.healthcheck", ["4.6", "4.6", "4.6"],
        "Ensure that HEALTHCHECK instructions have been added to container images (Automated)",
        "Without a health check, a hung service looks alive.",
        "Add HEALTHCHECK to the Dockerfile (or --health-cmd at run)."),
    check!("image.add", ["4.9", "4.9", "4.9"],
        "Ensure that COPY is used instead of ADD in Dockerfiles (Manual)",
        "ADD fetches URLs and unpacks archives: more than a copy, and harder to review.",
        "Use COPY for local files."),
    check!("runtime.swarm", ["5.1", "7.1", "7.1"],
        "Ensure swarm mode is not Enabled, if not needed (Automated)",
        "Swarm mode opens 2377, 7946 and 4789 on the host.",
        "docker swarm leave on hosts that do not need it."),
    check!("container.apparmor", ["5.2", "5.1", "5.1"],
        "Ensure that, if applicable, an AppArmor Profile is enabled (Automated)",
        "AppArmor limits what a process can reach even as root; unconfined removes that.",
        "Do not run --privileged or --security-opt apparmor=unconfined."),
    check!("container.selinux", ["5.3", "5.2", "5.2"],
        "Ensure that, if applicable, SELinux security options are set (Automated)",
        "Without security options, only the defaults stand between a container and the host.",
        "Set --security-opt (label=…, no-new-privileges) for each container."),
    check!("container.capabilities", ["5.4", "5.3", "5.3"],
        "Ensure that Linux kernel capabilities are restricted within containers (Automated)",
        "Each capability added (SYS_ADMIN above all) is a door out of the container.",
        "Remove --cap-add; start from --cap-drop ALL and add back only what the service needs."),
    check!("container.privileged", ["5.5", "5.4", "5.4"],
        "Ensure that privileged containers are not used (Automated)",
        "--privileged gives every capability and every device: mount /dev/sda1 and the host is yours.",
        "Run without --privileged; grant the one capability or device needed instead."),
    check!("container.sensitive_mounts", ["5.6", "5.5", "5.5"],
        "Ensure sensitive host system directories are not mounted on containers (Automated)",
        "A writable /, /etc or /usr from the host lets the container rewrite the host.",
        "Mount only what the service needs, read only (:ro)."),
    check!("container.privileged_ports", ["5.8", "5.7", "5.7"],
        "Ensure privileged ports are not mapped within containers (Automated)",
        "Ports under 1025 are the ones host services expect to own.",
        "Publish on a port above 1024 (-p 8080:80)."),
    check!("container.host_network", ["5.10", "5.9", "5.9"],
        "Ensure that the host's network namespace is not shared (Automated)",
        "--network host gives the container the host's interfaces and every service bound to localhost.",
        "Use a bridge network and publish what must be reached."),
    check!("container.memory", ["5.11", "5.10", "5.10"],
        "Ensure that the memory usage for containers is limited (Automated)",
        "One container without a limit can starve the host and every other container.",
        "Run with -m (for example -m 256m)."),
    check!("container.cpu", ["5.12", "5.11", "5.11"],
        "Ensure that CPU priority is set appropriately on containers (Automated)",
        "Without CPU shares, one busy container takes the host's CPU from the others.",
        "Run with --cpu-shares (-c 512) or --cpus."),
    check!("container.read_only", ["5.13", "5.12", "5.12"],
        "Ensure that the container's root filesystem is mounted as read only (Automated)",
        "A writable root filesystem lets an intruder drop tools and change binaries.",
        "Run with --read-only, and volumes for what must be written."),
    check!("container.bind_all", ["5.14", "5.13", "5.13"],
        "Ensure that incoming container traffic is bound to a specific host interface (Automated)",
        "0.0.0.0 publishes on every interface, and Docker's rules come before ufw's.",
        "Publish on one address: -p 127.0.0.1:8080:80."),
    check!("container.restart_policy", ["5.15", "5.14", "5.14"],
        "Ensure that the 'on-failure' container restart policy is set to '5' (Automated)",
        "Endless restarts hide a crash loop and can be used to exhaust the host.",
        "Use --restart on-failure:5."),
    check!("container.host_pid", ["5.16", "5.15", "5.15"],
        "Ensure that the host's process namespace is not shared (Automated)",
        "--pid=host shows the container every process of the host, and lets it signal them.",
        "Run without --pid=host."),
    check!("container.host_ipc", ["5.17", "5.16", "5.16"],
        "Ensure that the host's IPC namespace is not shared (Automated)",
        "--ipc=host shares the host's shared memory with the container.",
        "Run without --ipc=host."),
    check!("container.host_uts", ["5.21", "5.20", "5.20"],
        "Ensure that the host's UTS namespace is not shared (Automated)",
        "--uts=host lets the container rename the host.",
        "Run without --uts=host."),
    check!("container.seccomp", ["5.22", "5.21", "5.21"],
        "Ensure the default seccomp profile is not Disabled (Automated)",
        "Seccomp blocks the system calls most kernel exploits need (unshare, keyctl…).",
        "Do not use --security-opt seccomp=unconfined."),
    check!("container.no_new_privileges", ["5.26", "5.25", "5.25"],
        "Ensure that the container is restricted from acquiring additional privileges (Automated)",
        "setuid binaries let a process in the container gain privileges.",
        "Run with --security-opt no-new-privileges (or set it daemon-wide)."),
    check!("container.health", ["5.27", "5.26", "5.26"],
        "Ensure that container health is checked at runtime (Automated)",
        "Without a health check, nothing notices a service that stopped answering.",
        "Use an image with HEALTHCHECK or --health-cmd."),
    check!("container.pids_limit", ["5.29", "5.28", "5.28"],
        "Ensure that the PIDs cgroup limit is used (Automated)",
        "A fork bomb in one container takes down the host.",
        "Run with --pids-limit 100 (or what the service needs)."),
    check!("container.docker0", ["5.30", "5.29", "5.29"],
        "Ensure that Docker's default bridge 'docker0' is not used (Manual)",
        "On docker0 every container talks to every other one, and names do not resolve.",
        "docker network create an application network and run on it."),
    check!("container.host_userns", ["5.31", "5.30", "5.30"],
        "Ensure that the host's user namespaces are not shared (Automated)",
        "--userns=host undoes userns-remap for this container: its root is the host's root.",
        "Run without --userns=host."),
    check!("container.docker_socket", ["5.32", "5.31", "5.31"],
        "Ensure that the Docker socket is not mounted inside any containers (Automated)",
        "Whoever holds the socket drives the daemon: docker run -v /:/host from inside owns the host.",
        "Never mount /var/run/docker.sock; give a tool the API it needs another way."),
];

/// Host directories a read-write mount of which the benchmark calls sensitive.
const SENSITIVE: &[&str] = &[
    "/", "/boot", "/dev", "/etc", "/lib", "/proc", "/sys", "/usr",
];

impl World {
    /// Runs the benchmark's checks against `host`. `trusted`: docker-bench's `-u` list.
    pub fn audit(&self, host: &str, trusted: Option<&[String]>) -> Option<Report> {
        let h = self.host(host).ok()?;
        let running: Vec<&Container> = h
            .containers_in_order()
            .rev()
            .filter(|c| c.is_running())
            .collect();
        let settings = &h.daemon.settings;
        let mut findings = Vec::new();
        for check in CHECKS {
            let finding = |verdict: Verdict, scored: bool, items: Vec<String>| Finding {
                check: *check,
                verdict,
                scored,
                items,
                suffix: "",
            };
            let pass_or_warn = |bad: bool| {
                if bad {
                    finding(Verdict::Warn, true, Vec::new())
                } else {
                    finding(Verdict::Pass, true, Vec::new())
                }
            };
            // A container check: WARN with one item per offender, PASS when none.
            let per_container = |offends: &dyn Fn(&Container) -> Option<String>| {
                let items: Vec<String> = running.iter().filter_map(|c| offends(c)).collect();
                if items.is_empty() {
                    finding(Verdict::Pass, true, Vec::new())
                } else {
                    finding(Verdict::Warn, true, items)
                }
            };
            let f = match check.key {
                "host.docker_group" => {
                    let members = h.docker_group_members();
                    match trusted {
                        None => finding(
                            Verdict::Info,
                            false,
                            vec![format!("Users: {}", members.join(","))],
                        ),
                        Some(list) => {
                            let doubtful: Vec<String> =
                                members.into_iter().filter(|m| !list.contains(m)).collect();
                            if doubtful.is_empty() {
                                finding(Verdict::Pass, true, Vec::new())
                            } else {
                                finding(
                                    Verdict::Warn,
                                    true,
                                    vec![format!("Doubtful users: {}", doubtful.join(","))],
                                )
                            }
                        }
                    }
                }
                "daemon.non_root" => finding(Verdict::Note, false, Vec::new()),
                "daemon.icc" => pass_or_warn(settings.icc),
                "daemon.log_level" => pass_or_warn(settings.log_level != "info"),
                "daemon.iptables" => pass_or_warn(!settings.iptables),
                "daemon.insecure_registries" => {
                    pass_or_warn(!settings.insecure_registries.is_empty())
                }
                "daemon.aufs" => pass_or_warn(false),
                "daemon.tls" => {
                    if settings.hosts.iter().any(|h| h.starts_with("tcp://")) {
                        if settings.tlsverify {
                            finding(Verdict::Pass, true, Vec::new())
                        } else {
                            finding(
                                Verdict::Warn,
                                true,
                                vec!["Docker daemon currently listening on TCP without TLS".into()],
                            )
                        }
                    } else {
                        finding(
                            Verdict::Info,
                            false,
                            vec!["Docker daemon not listening on TCP".into()],
                        )
                    }
                }
                "daemon.userns" => pass_or_warn(settings.userns_remap.is_none()),
                // docker-bench only reads the configuration; Berth also asks that each plugin
                // answers, since one that stopped after dockerd started fails every request
                // instead of authorizing it.
                "daemon.authorization" => pass_or_warn(
                    settings.authorization_plugins.is_empty()
                        || !settings
                            .authorization_plugins
                            .iter()
                            .all(|p| h.authz_plugin_running(p)),
                ),
                "daemon.remote_logging" => pass_or_warn(settings.log_driver == "json-file"),
                "daemon.no_new_privileges" => pass_or_warn(!settings.no_new_privileges),
                "daemon.live_restore" => {
                    if self.swarm_node(host).is_some() {
                        Finding {
                            suffix: "(Incompatible with swarm mode)",
                            ..finding(Verdict::Pass, true, Vec::new())
                        }
                    } else {
                        pass_or_warn(!settings.live_restore)
                    }
                }
                "daemon.userland_proxy" => pass_or_warn(settings.userland_proxy),
                "daemon.experimental" => Finding {
                    suffix: "(Deprecated)",
                    ..finding(Verdict::Info, false, Vec::new())
                },
                "image.user" => {
                    if running.is_empty() {
                        finding(Verdict::Info, false, vec!["No containers running".into()])
                    } else {
                        per_container(&|c: &Container| {
                            c.runs_as_root()
                                .then(|| format!("Running as root: {}", c.name))
                        })
                    }
                }
                "image.content_trust" => pass_or_warn(
                    h.machine
                        .shell_env
                        .get("DOCKER_CONTENT_TRUST")
                        .map(String::as_str)
                        != Some("1"),
                ),
                "image.healthcheck" => {
                    let items = image_rows(h)
                        .into_iter()
                        .map(|tags| format!("No Healthcheck found: [{tags}]"))
                        .collect::<Vec<_>>();
                    if items.is_empty() {
                        finding(Verdict::Pass, true, Vec::new())
                    } else {
                        finding(Verdict::Warn, true, items)
                    }
                }
                "image.add" => {
                    let mut items = Vec::new();
                    for (image, tags) in images_with_tags(h) {
                        // The script drops the last (base) layer's line before it looks.
                        let history = &image.config.history;
                        let upper = history
                            .get(..history.len().saturating_sub(1))
                            .unwrap_or(&[]);
                        if upper.iter().any(|step| step.created_by.starts_with("ADD ")) {
                            items.push(format!("ADD in image history: [{tags}]"));
                        }
                    }
                    if items.is_empty() {
                        finding(Verdict::Pass, false, Vec::new())
                    } else {
                        finding(Verdict::Info, false, items)
                    }
                }
                "runtime.swarm" => pass_or_warn(self.swarm_node(host).is_some()),
                _ if running.is_empty() => continue,
                "container.apparmor" => per_container(&|c: &Container| {
                    c.security
                        .apparmor_unconfined()
                        .then(|| format!("No AppArmorProfile Found: {}", c.name))
                }),
                "container.selinux" => per_container(&|c: &Container| {
                    c.security
                        .security_opt
                        .is_empty()
                        .then(|| format!("No SecurityOptions Found: {}", c.name))
                }),
                "container.capabilities" => per_container(&|c: &Container| {
                    let beyond: Vec<&String> = c
                        .security
                        .cap_add
                        .iter()
                        .filter(|cap| {
                            let name = crate::engine::docker::container::SecurityConfig::normalize_capability(cap);
                            !DEFAULT_CAPABILITIES.contains(&name.as_str())
                        })
                        .collect();
                    (!beyond.is_empty()).then(|| {
                        let all: Vec<&str> =
                            c.security.cap_add.iter().map(String::as_str).collect();
                        format!(
                            "Capabilities added: CapAdd=[{}] to {}",
                            all.join(" "),
                            c.name
                        )
                    })
                }),
                "container.privileged" => per_container(&|c: &Container| {
                    c.security
                        .privileged
                        .then(|| format!("Container running in Privileged mode: {}", c.name))
                }),
                "container.sensitive_mounts" => {
                    let items: Vec<String> = running
                        .iter()
                        .flat_map(|c| {
                            c.mounts.iter().filter_map(move |m| match &m.source {
                                crate::engine::docker::volumes::MountSource::Bind(path)
                                    if !m.read_only && SENSITIVE.contains(&path.as_str()) =>
                                {
                                    Some(format!(
                                        "Sensitive directory {path} mounted in: {}",
                                        c.name
                                    ))
                                }
                                _ => None,
                            })
                        })
                        .collect();
                    if items.is_empty() {
                        finding(Verdict::Pass, true, Vec::new())
                    } else {
                        finding(Verdict::Warn, true, items)
                    }
                }
                "container.privileged_ports" => {
                    let items: Vec<String> = running
                        .iter()
                        .flat_map(|c| {
                            // `docker port`'s IPv6 lines do not parse in the script: IPv4 only.
                            c.published
                                .iter()
                                .filter(|p| {
                                    matches!(p.host_ip, crate::engine::docker::ports::HostIp::V4(_))
                                })
                                .filter(|p| p.host_port < 1025)
                                .map(move |p| {
                                    format!("Privileged Port in use: {} in {}", p.host_port, c.name)
                                })
                        })
                        .collect();
                    if items.is_empty() {
                        finding(Verdict::Pass, true, Vec::new())
                    } else {
                        finding(Verdict::Warn, true, items)
                    }
                }
                "container.host_network" => per_container(&|c: &Container| {
                    (c.network_mode == "host").then(|| {
                        format!("Container running with networking mode 'host': {}", c.name)
                    })
                }),
                "container.memory" => per_container(&|c: &Container| {
                    (c.security.memory == 0).then(|| {
                        format!("Container running without memory restrictions: {}", c.name)
                    })
                }),
                "container.cpu" => per_container(&|c: &Container| {
                    (c.security.cpu_shares == 0 && c.security.nano_cpus == 0)
                        .then(|| format!("Container running without CPU restrictions: {}", c.name))
                }),
                "container.read_only" => per_container(&|c: &Container| {
                    (!c.security.read_only)
                        .then(|| format!("Container running with root FS mounted R/W: {}", c.name))
                }),
                "container.bind_all" => {
                    let items: Vec<String> = running
                        .iter()
                        .flat_map(|c| {
                            c.published
                                .iter()
                                .filter(|p| {
                                    p.host_ip
                                        == crate::engine::docker::ports::HostIp::V4(
                                            std::net::Ipv4Addr::UNSPECIFIED,
                                        )
                                })
                                .map(move |_| {
                                    format!(
                                        "Port being bound to wildcard IP: 0.0.0.0 in {}",
                                        c.name
                                    )
                                })
                        })
                        .collect();
                    if items.is_empty() {
                        finding(Verdict::Pass, true, Vec::new())
                    } else {
                        finding(Verdict::Warn, true, items)
                    }
                }
                "container.restart_policy" => {
                    per_container(&|c: &Container| match c.restart_policy {
                        crate::engine::docker::container::RestartPolicy::OnFailure(n)
                            if n == 0 || n > 5 =>
                        {
                            Some(format!(
                                "MaximumRetryCount is not set to 5 or less: {}",
                                c.name
                            ))
                        }
                        _ => None,
                    })
                }
                "container.host_pid" => per_container(&|c: &Container| {
                    (c.security.pid_mode == "host")
                        .then(|| format!("Host PID namespace being shared with: {}", c.name))
                }),
                "container.host_ipc" => per_container(&|c: &Container| {
                    (c.security.ipc_mode == "host")
                        .then(|| format!("Host IPC namespace being shared with: {}", c.name))
                }),
                "container.host_uts" => per_container(&|c: &Container| {
                    (c.security.uts_mode == "host")
                        .then(|| format!("Host UTS namespace being shared with: {}", c.name))
                }),
                "container.seccomp" => per_container(&|c: &Container| {
                    c.security
                        .security_opt
                        .iter()
                        .any(|o| o == "seccomp=unconfined" || o == "seccomp:unconfined")
                        .then(|| format!("Default seccomp profile disabled: {}", c.name))
                }),
                "container.no_new_privileges" => {
                    if settings.no_new_privileges {
                        finding(Verdict::Pass, true, Vec::new())
                    } else {
                        per_container(&|c: &Container| {
                            (!c.security.no_new_privileges())
                                .then(|| format!("Privileges not restricted: {}", c.name))
                        })
                    }
                }
                "container.health" => per_container(&|c: &Container| {
                    c.health_cmd
                        .is_none()
                        .then(|| format!("Health check not set: {}", c.name))
                }),
                "container.pids_limit" => per_container(&|c: &Container| {
                    matches!(c.security.pids_limit, None | Some(0) | Some(-1))
                        .then(|| format!("PIDs limit not set: {}", c.name))
                }),
                "container.docker0" => {
                    let items: Vec<String> = running
                        .iter()
                        .filter(|c| {
                            c.networks.keys().any(|id| {
                                h.networks.get(id).is_some_and(|n| {
                                    n.driver == Driver::Bridge
                                        && n.bridge_device.as_deref() == Some("docker0")
                                }) && c.endpoint(id).is_some()
                            })
                        })
                        .map(|c| format!("Container in docker0 network: {}", c.name))
                        .collect();
                    if items.is_empty() {
                        finding(Verdict::Pass, false, Vec::new())
                    } else {
                        finding(Verdict::Info, false, items)
                    }
                }
                "container.host_userns" => per_container(&|c: &Container| {
                    (c.security.userns_mode == "host")
                        .then(|| format!("Namespace shared: {}", c.name))
                }),
                "container.docker_socket" => per_container(&|c: &Container| {
                    c.mounts
                        .iter()
                        .any(|m| matches!(&m.source, crate::engine::docker::volumes::MountSource::Bind(p) if p.ends_with("docker.sock")))
                        .then(|| format!("Docker socket shared: {}", c.name))
                }),
                _ => continue,
            };
            findings.push(f);
        }
        Some(Report {
            findings,
            containers_running: !running.is_empty(),
        })
    }
}

/// `docker images` rows as the script meets them (`docker images -q`, one per tag), with the
/// image's tags as `RepoTags` lists them.
fn image_rows(h: &Host) -> Vec<String> {
    images_with_tags(h)
        .into_iter()
        .map(|(_, tags)| tags)
        .collect()
}

fn images_with_tags(h: &Host) -> Vec<(&crate::engine::Image, String)> {
    h.images
        .values()
        .map(|image| {
            let tags: Vec<String> = h
                .images
                .values()
                .filter(|other| other.id == image.id)
                .map(|other| other.reference.to_string())
                .collect();
            (image, tags.join(" "))
        })
        .collect()
}
