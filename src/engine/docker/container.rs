//! Containers: their configuration, their state machine and their network endpoints.
//!
//! States follow moby `daemon/container/state.go`: `Created` → `Running` → `Exited`. A
//! container's network *configuration* (which networks it joins) outlives a stop; its
//! *endpoint* (the address and MAC on each network) exists only while it runs. That split is
//! why a restarted container can come back with another address.

use std::collections::BTreeMap;
use std::net::Ipv4Addr;

use crate::engine::clock::Timestamp;
use crate::engine::docker::image::{Behaviour, Userland};
use crate::engine::docker::network::{Ipv4Cidr, MacAddress};
use crate::engine::docker::ports::{PortSpec, PublishedPort};
use crate::engine::docker::volumes::Mount;

/// What the main process does, decided at create time from the image and the command.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Program {
    /// Runs until stopped; exits 0 on SIGTERM (nginx, redis).
    Server,
    /// Runs until stopped; ignores SIGTERM as PID 1, so `docker stop` kills it after the 10 s
    /// grace period: exit code 137 (`sleep`, `top`, a shell with a terminal).
    Daemonless,
    /// Exits as soon as it starts, with this code and these lines of output (a shell with no
    /// stdin: `docker run -d alpine`).
    OneShot { exit_code: i32, output: Vec<String> },
    /// A tool of the image that runs and exits (`ping -c 2 web`, `echo hi`, `sh -c …`): the
    /// CLI's container shell runs it against the world, then reports its exit.
    Tool,
    /// The executable is not in the image: start fails, as runc reports.
    NotFound(String),
}

/// What `cmd.exe` prints as it starts: the banner, then its prompt.
pub const WINDOWS_BANNER: [&str; 4] = [
    "Microsoft Windows [Version 10.0.20348.4405]",
    "(c) Microsoft Corporation. All rights reserved.",
    "",
    "C:\\>",
];

impl Program {
    /// The same decision for a Windows image: `cmd` and `powershell` are its shells; `ping -t`
    /// and `timeout` run until stopped.
    fn classify_windows(
        userland: crate::engine::docker::image::Userland,
        executable: &str,
        args: &[&str],
        stdin_open: bool,
    ) -> Program {
        let base = crate::engine::docker::image::windows_base(executable);
        if !userland.has(&base) {
            return Program::NotFound(executable.to_string());
        }
        match base.as_str() {
            "cmd" | "powershell" if args.is_empty() => {
                if stdin_open {
                    Program::Daemonless
                } else if base == "cmd" {
                    // With no stdin, cmd prints its banner and prompt, reads end of input, exits.
                    Program::OneShot {
                        exit_code: 0,
                        output: WINDOWS_BANNER.iter().map(ToString::to_string).collect(),
                    }
                } else {
                    Program::OneShot {
                        exit_code: 0,
                        output: Vec::new(),
                    }
                }
            }
            "timeout" => Program::Daemonless,
            "ping" if args.iter().any(|a| a.eq_ignore_ascii_case("-t")) => Program::Daemonless,
            _ => Program::Tool,
        }
    }

    /// Decides from the image and the full command line (entrypoint + cmd). A command the
    /// image does not have is "executable file not found", as on a real host.
    pub fn classify(
        behaviour: Behaviour,
        (userland, program, tag): (Userland, &str, &str),
        from_image: bool,
        argv: &[String],
        stdin_open: bool,
    ) -> Program {
        if from_image && behaviour == Behaviour::Server {
            return Program::Server;
        }
        let Some(executable) = argv.first() else {
            return Program::OneShot {
                exit_code: 0,
                output: Vec::new(),
            };
        };
        let base = executable.rsplit('/').next().unwrap_or(executable);
        let args: Vec<&str> = argv.iter().skip(1).map(String::as_str).collect();
        if userland.is_windows() {
            return Self::classify_windows(userland, executable, &args, stdin_open);
        }
        let server = matches!(
            base,
            "nginx" | "redis-server" | "httpd-foreground" | "httpd"
        );
        if server && behaviour == Behaviour::Server {
            return Program::Server;
        }
        // Shell builtins exist in every image.
        let builtin = matches!(base, "echo" | "true" | "false" | "exit" | ":" | "pwd");
        // What the image ships, as its shell sees it (`image_tools`: a Debian image has no
        // curl, the python image has its interpreter).
        if !builtin && !crate::engine::docker::image_tools::image_has(userland, program, tag, base)
        {
            return Program::NotFound(executable.clone());
        }
        match base {
            "sh" | "ash" | "bash" | "zsh" if args.is_empty() => {
                if stdin_open {
                    Program::Daemonless
                } else {
                    Program::OneShot {
                        exit_code: 0,
                        output: Vec::new(),
                    }
                }
            }
            // Runs until stopped: PID 1 without a SIGTERM handler.
            "sleep" | "top" | "tail" | "yes" => Program::Daemonless,
            // `chroot DIR` runs a shell there: interactive with -i, over at once without.
            "chroot" if args.len() == 1 && stdin_open => Program::Daemonless,
            "ping" if !args.iter().any(|a| a.starts_with("-c")) => Program::Daemonless,
            _ => Program::Tool,
        }
    }
}

/// `--isolation`: how a Windows container is kept apart from its host.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Isolation {
    /// Linux: namespaces and cgroups, the only kind (`HostConfig.Isolation` is empty).
    #[default]
    Default,
    /// Windows: a shared kernel, like Linux containers; needs the host's build.
    Process,
    /// Windows: a utility VM with its own kernel; the host sees only `vmwp`.
    HyperV,
}

impl Isolation {
    /// `HostConfig.Isolation` as `docker inspect` shows it.
    pub fn as_str(self) -> &'static str {
        match self {
            Isolation::Default => "",
            Isolation::Process => "process",
            Isolation::HyperV => "hyperv",
        }
    }
}

/// The capabilities a container has by default (moby `oci/caps/defaults.go`): what
/// `--cap-add` adds to and `--cap-drop` takes from.
pub const DEFAULT_CAPABILITIES: [&str; 14] = [
    "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID", "CAP_FOWNER", "CAP_MKNOD", "CAP_NET_RAW",
    "CAP_SETGID", "CAP_SETUID", "CAP_SETFCAP", "CAP_SETPCAP", "CAP_NET_BIND_SERVICE",
    "CAP_SYS_CHROOT", "CAP_KILL", "CAP_AUDIT_WRITE",
];

/// Every capability the kernel knows (Linux 6.x), for `--cap-add` validation.
pub const ALL_CAPABILITIES: [&str; 41] = [
    "CAP_AUDIT_CONTROL", "CAP_AUDIT_READ", "CAP_AUDIT_WRITE", "CAP_BLOCK_SUSPEND", "CAP_BPF",
    "CAP_CHECKPOINT_RESTORE", "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH", "CAP_FOWNER",
    "CAP_FSETID", "CAP_IPC_LOCK", "CAP_IPC_OWNER", "CAP_KILL", "CAP_LEASE", "CAP_LINUX_IMMUTABLE",
    "CAP_MAC_ADMIN", "CAP_MAC_OVERRIDE", "CAP_MKNOD", "CAP_NET_ADMIN", "CAP_NET_BIND_SERVICE",
    "CAP_NET_BROADCAST", "CAP_NET_RAW", "CAP_PERFMON", "CAP_SETFCAP", "CAP_SETGID", "CAP_SETPCAP",
    "CAP_SETUID", "CAP_SYSLOG", "CAP_SYS_ADMIN", "CAP_SYS_BOOT", "CAP_SYS_CHROOT",
    "CAP_SYS_MODULE", "CAP_SYS_NICE", "CAP_SYS_PACCT", "CAP_SYS_PTRACE", "CAP_SYS_RAWIO",
    "CAP_SYS_RESOURCE", "CAP_SYS_TIME", "CAP_SYS_TTY_CONFIG", "CAP_WAKE_ALARM",
];

/// The security- and resource-related part of `HostConfig`: what `docker inspect` shows
/// and the audit reads.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SecurityConfig {
    /// `--privileged`: every capability, every device, no seccomp or AppArmor confinement.
    pub privileged: bool,
    /// `--cap-add`/`--cap-drop`, as typed (Docker keeps the user's spelling).
    pub cap_add: Vec<String>,
    pub cap_drop: Vec<String>,
    /// `--pid`, `--ipc`, `--uts`, `--userns`: empty, or `host`.
    pub pid_mode: String,
    pub ipc_mode: String,
    pub uts_mode: String,
    pub userns_mode: String,
    /// `--read-only`.
    pub read_only: bool,
    /// `--tmpfs PATH`: writable in-memory mounts (mode 1777), which a read-only root or a
    /// non-root user can write (see `nginx_writes`).
    pub tmpfs: Vec<String>,
    /// `--security-opt`, as typed (`no-new-privileges`, `seccomp=unconfined`, …).
    pub security_opt: Vec<String>,
    /// `--memory` in bytes (0: unlimited), `--cpus` in billionths, `--cpu-shares`.
    pub memory: i64,
    pub nano_cpus: i64,
    pub cpu_shares: i64,
    /// `--pids-limit` (`None`: not set).
    pub pids_limit: Option<i64>,
}

impl SecurityConfig {
    /// The daemon's checks of the security options (moby `daemon/oci_linux.go`,
    /// `daemon/daemon_unix.go`).
    pub(in crate::engine) fn validate(&self) -> Result<(), crate::engine::EngineError> {
        use crate::engine::EngineError;
        for cap in self.cap_add.iter().chain(&self.cap_drop) {
            let name = SecurityConfig::normalize_capability(cap);
            if name != "ALL" && !ALL_CAPABILITIES.contains(&name.as_str()) {
                return Err(EngineError::UnknownCapability(name));
            }
        }
        for opt in &self.security_opt {
            let known = opt == "no-new-privileges"
                || opt.starts_with("no-new-privileges:")
                || opt.starts_with("no-new-privileges=")
                || ["seccomp", "apparmor", "label", "systempaths"]
                    .iter()
                    .any(|k| {
                        opt.starts_with(&format!("{k}=")) || opt.starts_with(&format!("{k}:"))
                    });
            if !known {
                return Err(EngineError::InvalidSecurityOpt(opt.clone()));
            }
        }
        if self.memory != 0 && self.memory < 6 * 1024 * 1024 {
            return Err(EngineError::MemoryTooLow);
        }
        Ok(())
    }

    /// A capability name as the kernel spells it: `sys_admin` and `CAP_SYS_ADMIN` alike.
    pub fn normalize_capability(name: &str) -> String {
        let upper = name.to_ascii_uppercase();
        if upper == "ALL" || upper.starts_with("CAP_") {
            upper
        } else {
            format!("CAP_{upper}")
        }
    }

    /// The capabilities the process ends up with.
    pub fn effective_capabilities(&self) -> Vec<String> {
        if self.privileged {
            return ALL_CAPABILITIES.iter().map(|c| c.to_string()).collect();
        }
        let added: Vec<String> = self
            .cap_add
            .iter()
            .map(|c| Self::normalize_capability(c))
            .collect();
        let dropped: Vec<String> = self
            .cap_drop
            .iter()
            .map(|c| Self::normalize_capability(c))
            .collect();
        let all_added = added.iter().any(|c| c == "ALL");
        let all_dropped = dropped.iter().any(|c| c == "ALL");
        ALL_CAPABILITIES
            .iter()
            .filter(|c| {
                let default = DEFAULT_CAPABILITIES.contains(c);
                let add = all_added || added.iter().any(|a| a == *c);
                let drop = dropped.iter().any(|d| d == *c) || (all_dropped && !add);
                (default || add) && !drop
            })
            .map(|c| c.to_string())
            .collect()
    }

    pub fn has_capability(&self, cap: &str) -> bool {
        let cap = Self::normalize_capability(cap);
        self.effective_capabilities().contains(&cap)
    }

    /// `--security-opt no-new-privileges[:true]`.
    pub fn no_new_privileges(&self) -> bool {
        self.security_opt.iter().any(|o| {
            o == "no-new-privileges"
                || o == "no-new-privileges:true"
                || o == "no-new-privileges=true"
        })
    }

    /// Seccomp is off: `--privileged`, or `--security-opt seccomp=unconfined`.
    pub fn seccomp_unconfined(&self) -> bool {
        self.privileged
            || self
                .security_opt
                .iter()
                .any(|o| o == "seccomp=unconfined" || o == "seccomp:unconfined")
    }

    /// AppArmor is off: `--privileged`, or `--security-opt apparmor=unconfined`.
    pub fn apparmor_unconfined(&self) -> bool {
        self.privileged
            || self
                .security_opt
                .iter()
                .any(|o| o == "apparmor=unconfined" || o == "apparmor:unconfined")
    }
}

/// `--restart` (moby `container.RestartPolicy`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RestartPolicy {
    #[default]
    No,
    Always,
    UnlessStopped,
    /// Restart after a non-zero exit, at most this many times (0: no limit).
    OnFailure(u32),
}

impl RestartPolicy {
    /// The daemon's validation (moby `daemon/container.go` `validateRestartPolicy`).
    pub fn from_parts(name: &str, count: Option<u32>) -> Result<RestartPolicy, String> {
        let policy = match name {
            "" | "no" => RestartPolicy::No,
            "always" => RestartPolicy::Always,
            "unless-stopped" => RestartPolicy::UnlessStopped,
            "on-failure" => RestartPolicy::OnFailure(count.unwrap_or(0)),
            other => {
                return Err(format!(
                    "invalid restart policy: unknown policy '{other}'; use one of 'no', 'always', 'on-failure', or 'unless-stopped'"
                ))
            }
        };
        if count.is_some() && !matches!(policy, RestartPolicy::OnFailure(_)) {
            return Err(
                "invalid restart policy: maximum retry count can only be used with 'on-failure'"
                    .to_string(),
            );
        }
        Ok(policy)
    }

    /// `HostConfig.RestartPolicy.Name`.
    pub fn name(self) -> &'static str {
        match self {
            RestartPolicy::No => "no",
            RestartPolicy::Always => "always",
            RestartPolicy::UnlessStopped => "unless-stopped",
            RestartPolicy::OnFailure(_) => "on-failure",
        }
    }

    /// Whether a process that ended by itself with `exit_code` is started again, given the
    /// restarts so far.
    pub fn restarts(self, exit_code: i32, count: u32) -> bool {
        match self {
            RestartPolicy::No => false,
            RestartPolicy::Always | RestartPolicy::UnlessStopped => true,
            RestartPolicy::OnFailure(max) => exit_code != 0 && (max == 0 || count < max),
        }
    }
}

/// The state of a container (moby `State`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum State {
    Created,
    /// Waiting to be started again by its restart policy after its process exited.
    Restarting {
        exit_code: i32,
        since: Timestamp,
    },
    /// `paused`: frozen by `docker pause` (moby keeps `Running` true while paused).
    Running {
        started_at: Timestamp,
        paused: bool,
    },
    Exited {
        exit_code: i32,
        finished_at: Timestamp,
    },
}

/// A container's live presence on one network: present only while it runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    pub endpoint_id: String,
    /// The interface index inside the container (`27: eth0@if28`); its host-side veth
    /// peer is the next index.
    pub ifindex: u32,
    /// `None` on `host` and `none`, which give no address.
    pub ip: Option<Ipv4Addr>,
    pub mac: Option<MacAddress>,
}

/// A container's membership of one network: the configuration it keeps while stopped
/// (aliases, a static `--ip`) and the live endpoint while it runs.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Attachment {
    /// The network's name when joined, to name it in errors if it is removed meanwhile.
    pub network_name: String,
    /// `--network-alias` / `network connect --alias`.
    pub aliases: Vec<String>,
    /// `--ip` / `network connect --ip`: re-applied on every start (`IPAMConfig.IPv4Address`).
    pub ipv4_address: Option<Ipv4Addr>,
    pub endpoint: Option<Endpoint>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Container {
    /// 64 lowercase hex characters.
    pub id: String,
    /// Without Docker's leading `/`.
    pub name: String,
    /// The image, parsed once at creation: what the engine and the shells ask of it (its
    /// repository, its tag); `docker ps` shows it as the user typed it (`nginx`,
    /// `nginx:latest`), [`ImageRef::as_typed`](crate::engine::ImageRef::as_typed).
    pub image: crate::engine::docker::image::ImageRef,
    /// The image's ID in the host's store.
    pub image_id: String,
    /// `--rm`: removed as soon as its process exits.
    pub auto_remove: bool,
    /// `-i`: stdin kept open.
    pub open_stdin: bool,
    /// `-t`: a terminal.
    pub tty: bool,
    /// `Path` and `Args` of the process (entrypoint + cmd).
    pub path: String,
    pub args: Vec<String>,
    pub program: Program,
    /// What the container's own program serves when it is not its image's server: a sample
    /// app its command runs (`node src/index.js` of the getting-started app). `None` else.
    pub served: Option<crate::engine::docker::image::Service>,
    /// `EXPOSE`d ports of the image and the published ones, such as `80/tcp`.
    pub exposed_ports: Vec<String>,
    /// `-p` specs, applied at each start.
    pub port_specs: Vec<PortSpec>,
    /// `-P`: every exposed port gets an ephemeral host port at start.
    pub publish_all: bool,
    /// Host ports bound while running.
    pub published: Vec<PublishedPort>,
    pub created: Timestamp,
    /// Position in the host's creation order.
    pub sequence: u64,
    pub state: State,
    /// `HostConfig.NetworkMode`: `bridge` unless `--network` said otherwise (`host`, `none`,
    /// or a user network's name).
    pub network_mode: String,
    /// Network ID → attachment: the networks the container joins.
    pub networks: BTreeMap<String, Attachment>,
    /// The network joined first at start (the one `--network` named).
    pub primary_network: String,
    /// `--hostname`, else the short ID (moby `daemon/container.go`).
    pub hostname: String,
    /// The effective entrypoint: `--entrypoint`, else the image's (`Config.Entrypoint`).
    pub entrypoint: Vec<String>,
    /// `--link`: (target container ID, alias).
    pub links: Vec<(String, String)>,
    /// `--restart`, and how often it restarted the container.
    pub restart_policy: RestartPolicy,
    pub restart_count: u32,
    /// Where the restart manager's back-off is while `Restarting`.
    pub restart_backoff: crate::engine::docker::restart::Backoff,
    /// `-e` variables, after the image's `ENV`.
    pub env: Vec<String>,
    /// `-w`, else `/`.
    pub workdir: String,
    /// `-u`; empty means the image's default, root.
    pub user: String,
    /// `-v`/`--mount`: volumes (named once created) and bind mounts.
    pub mounts: Vec<Mount>,
    /// What the process printed (for `docker logs`).
    pub logs: Vec<String>,
    /// Interfaces pipework added; gone when the process ends (they live in its namespace).
    pub pipework: Vec<PipeworkLink>,
    /// `--isolation` as the daemon settled it (`HostConfig.Isolation`).
    pub isolation: Isolation,
    /// `--privileged`, capabilities, namespaces, confinement and limits.
    pub security: SecurityConfig,
    /// `--health-cmd`: Docker runs it in the container; Berth's always succeeds.
    pub health_cmd: Option<String>,
    /// Where `mount /dev/sda1 DIR` put the host's disk; gone when the container stops.
    pub host_disk_mounts: Vec<String>,
    /// `--label KEY=VALUE`: metadata (on Triton, tags such as `triton.cns.services`).
    pub labels: std::collections::BTreeMap<String, String>,
    /// The files the shell's redirections wrote in the container's own file system.
    pub files: crate::engine::fs::Files,
    /// The keys of a redis server running here (redis.rs).
    pub redis: crate::engine::docker::redis::Keyspace,
    /// A main process that loops and sleeps, between two turns (`periodic.rs`).
    pub periodic: Option<crate::engine::docker::periodic::Periodic>,
    /// The main process is a shell script that ran on (a loop without end, `tail -f`):
    /// a start or restart plays it again.
    pub tool_runs_on: bool,
    /// Lines dropped from the front of `logs` (its bound), so cursors count from the start.
    pub logs_dropped: u64,
    /// (index of a line counted from the first ever, when it and the lines after were
    /// printed): `docker logs -t` and `--since`.
    pub log_times: Vec<(u64, crate::engine::clock::Timestamp)>,
    /// What the main tool printed at its last run: a restart policy's restart prints it again.
    pub last_run: Vec<String>,
    /// The databases a postgres server here created beyond its own (postgres.rs).
    pub postgres_databases: std::collections::BTreeSet<String>,
}

impl Container {
    /// The main process is a shell reading a terminal (`docker run -dit alpine ash`): what
    /// `docker attach` can talk to.
    pub fn runs_interactive_shell(&self) -> Option<&str> {
        if self.args.is_empty() && self.open_stdin {
            // Windows images start `c:\windows\system32\cmd.exe`.
            match crate::engine::docker::image::windows_base(&self.path).as_str() {
                "cmd" if self.path.contains('\\') || self.path.ends_with(".exe") => {
                    return Some("cmd")
                }
                "powershell" if self.path.contains('\\') || self.path.ends_with(".exe") => {
                    return Some("powershell")
                }
                _ => {}
            }
        }
        let base = self.path.rsplit('/').next().unwrap_or(&self.path);
        if base == "chroot" && self.args.len() == 1 && self.open_stdin {
            return Some("chroot");
        }
        // zsh (nicolaka/netshoot's command) is played by bash, the nearest shell simulated.
        if base == "zsh" && self.args.is_empty() && self.open_stdin {
            return Some("bash");
        }
        (matches!(base, "sh" | "ash" | "bash") && self.args.is_empty() && self.open_stdin)
            .then_some(base)
    }

    /// The live endpoint on a network, if the container runs and joins it.
    pub fn endpoint(&self, network_id: &str) -> Option<&Endpoint> {
        self.networks.get(network_id)?.endpoint.as_ref()
    }

    /// Network IDs in the order endpoints are created at start: the primary network first,
    /// then the others by name.
    pub fn start_order(&self) -> Vec<String> {
        let mut others: Vec<(&str, &str)> = self
            .networks
            .iter()
            .filter(|(id, _)| **id != self.primary_network)
            .map(|(id, a)| (a.network_name.as_str(), id.as_str()))
            .collect();
        others.sort();
        let mut order = Vec::with_capacity(self.networks.len());
        if self.networks.contains_key(&self.primary_network) {
            order.push(self.primary_network.clone());
        }
        order.extend(others.into_iter().map(|(_, id)| id.to_string()));
        order
    }

    pub fn short_id(&self) -> &str {
        self.id.get(..12).unwrap_or(&self.id)
    }

    /// The main process's PID as the host sees it (`State.Pid`): stable for the container's
    /// life, drawn from its creation time; 0 when it does not run.
    pub fn pid(&self) -> u64 {
        if self.is_running() {
            1000 + self.created.0 % 9000
        } else {
            0
        }
    }

    /// The health check's status (moby `Health.Status`): `starting` until the first check
    /// runs, one interval (30 s by default) after the start, then `healthy`, since Berth's
    /// checks always pass. `None` without `--health-cmd` or while not running.
    pub fn health_status(&self, now: crate::engine::clock::Timestamp) -> Option<&'static str> {
        self.health_cmd.as_ref()?;
        match self.state {
            State::Running { started_at, .. } if now.seconds_since(started_at) < 30 => {
                Some("starting")
            }
            State::Running { .. } => Some("healthy"),
            _ => None,
        }
    }

    pub fn is_running(&self) -> bool {
        matches!(self.state, State::Running { .. })
    }

    pub fn is_paused(&self) -> bool {
        matches!(self.state, State::Running { paused: true, .. })
    }

    /// `Path` + args, args with a space wrapped in single quotes (moby `daemon/container/view.go`).
    pub fn command_line(&self) -> String {
        let mut line = self.path.clone();
        for arg in &self.args {
            line.push(' ');
            if arg.contains(' ') {
                line.push('\'');
                line.push_str(arg);
                line.push('\'');
            } else {
                line.push_str(arg);
            }
        }
        line
    }
}

/// An interface pipework (or Weave) put inside a container, hanging from a host bridge:
/// the container holds it until its namespace dies.
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
