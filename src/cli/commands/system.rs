//! `docker version`, `docker info` and `docker events`: what the simulated host says about
//! itself (docker/cli `cli/command/system/`). The component versions are the simulated host's:
//! a Docker Engine 29 with containerd 2 and runc 1.3.

use crate::cli::flags::{Flag, Spec, FORMAT_HELP};
use crate::cli::{accepts_no_args, parse_flags, Docker, Output};
use crate::engine::docker::caller::Caller;
use crate::engine::{Timestamp, World};

/// The engine the simulation models (API 1.52 is Docker 29.0).
pub const ENGINE_VERSION: &str = "29.0.4";
pub const API_VERSION: &str = "1.52";

pub const VERSION: Spec = Spec {
    path: "docker version",
    use_line: "docker version [OPTIONS]",
    description: "Show the Docker version information",
    aliases: "",
    flags: &[Flag::value("format", Some('f'), "string", FORMAT_HELP).not_simulated()],
    interspersed: true,
    excluded: &[],
};

pub const INFO: Spec = Spec {
    path: "docker info",
    use_line: "docker info [OPTIONS]",
    description: "Display system-wide information",
    aliases: "docker system info, docker info",
    flags: &[Flag::value("format", Some('f'), "string", FORMAT_HELP)],
    interspersed: true,
    excluded: &[],
};

pub const EVENTS: Spec = Spec {
    path: "docker events",
    use_line: "docker events [OPTIONS]",
    description: "Get real time events from the server",
    aliases: "docker system events, docker events",
    flags: &[
        Flag::value(
            "filter",
            Some('f'),
            "filter",
            "Filter output based on conditions provided",
        ),
        Flag::value("format", None, "string", FORMAT_HELP),
        Flag::value(
            "since",
            None,
            "string",
            "Show all events created since timestamp",
        ),
        Flag::value(
            "until",
            None,
            "string",
            "Stream events until this timestamp",
        ),
    ],
    interspersed: true,
    excluded: &[],
};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum System {
    Version,
    /// With `--format`'s template, if any.
    Info(Option<String>),
    Events {
        since: Option<String>,
        until: Option<String>,
        view: super::events::EventView,
    },
}

pub fn parse(which: &str, words: &[String]) -> Result<Docker, Output> {
    let spec = match which {
        "version" => &VERSION,
        "info" => &INFO,
        _ => &EVENTS,
    };
    let Some(parsed) = parse_flags(spec, words)? else {
        return Ok(Docker::Help(spec));
    };
    if !parsed.args.is_empty() {
        return Err(accepts_no_args(spec));
    }
    Ok(Docker::System(match which {
        "version" => System::Version,
        "info" => System::Info(parsed.value("format").map(String::from)),
        _ => System::Events {
            since: parsed.value("since").map(String::from),
            until: parsed.value("until").map(String::from),
            view: super::events::EventView::new(
                parsed.values.get("filter").map_or(&[][..], Vec::as_slice),
                parsed.value("format").map(String::from),
            )?,
        },
    }))
}

/// `--since`/`--until` on the logical clock: a Unix timestamp, an RFC 3339 date, or a
/// duration back from now (`10m`, `30s`, `1h`), as docker/cli accepts them.
pub(super) fn parse_time(text: &str, now: Timestamp) -> Option<Timestamp> {
    if let Ok(unix) = text.parse::<u64>() {
        return Some(Timestamp(
            unix.saturating_sub(crate::engine::clock::EPOCH_UNIX),
        ));
    }
    let (number, unit) = text.split_at(text.find(|c: char| !c.is_ascii_digit())?);
    if let (Ok(n), Some(scale)) = (
        number.parse::<u64>(),
        match unit {
            "s" => Some(1),
            "m" => Some(60),
            "h" => Some(3600),
            _ => None,
        },
    ) {
        return Some(Timestamp(now.0.saturating_sub(n.saturating_mul(scale))));
    }
    // RFC 3339: compare against the simulated calendar second by second.
    let wanted = text.trim_end_matches('Z').replace('T', " ");
    (0..=now.0).map(Timestamp).find(|t| {
        let (y, mo, d, h, mi, s) = t.civil();
        format!("{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}:{s:02}") >= wanted
    })
}

/// The `Swarm:` section of `docker info` (docker/cli `printSwarmInfo`).
fn swarm_info(world: &World, host: &str) -> String {
    use crate::engine::swarm::Role;
    let (Some(swarm), Some(node)) = (world.swarm(), world.swarm_node(host)) else {
        return " Swarm: inactive".into();
    };
    let node_address = world
        .host(host)
        .map(|h| h.machine.underlay_ip.to_string())
        .unwrap_or_default();
    let managers: Vec<String> = swarm
        .nodes
        .values()
        .filter(|n| n.role == Role::Manager)
        .filter_map(|n| world.host(&n.host).ok())
        .map(|h| format!("   {}:2377", h.machine.underlay_ip))
        .collect();
    let mut text = format!(
        " Swarm: active\n  NodeID: {}\n  Is Manager: {}",
        node.id,
        node.role == Role::Manager
    );
    if node.role == Role::Manager {
        text.push_str(&format!(
            "\n  ClusterID: {}\n  Managers: {}\n  Nodes: {}\n  Default Address Pool: 10.0.0.0/8  \n  SubnetSize: 24\n  Data Path Port: 4789\n  Orchestration:\n   Task History Retention Limit: 5\n  Raft:\n   Snapshot Interval: 10000\n   Number of Old Snapshots to Retain: 0\n   Heartbeat Tick: 1\n   Election Tick: 10\n  Dispatcher:\n   Heartbeat Period: 5 seconds\n  CA Configuration:\n   Expiry Duration: 3 months\n   Force Rotate: 0\n  Autolock Managers: false\n  Root Rotation In Progress: false",
            swarm.id,
            managers.len(),
            swarm.nodes.len()
        ));
    }
    text.push_str(&format!(
        "\n  Node Address: {node_address}\n  Manager Addresses:\n{}",
        managers.join("\n")
    ));
    text
}

/// sdc-docker's version as a 2015 `docker info` showed it (`Execution Driver: sdc-0.3.0`),
/// and the API version of that era (docker 1.9).
const SDC_DOCKER_VERSION: &str = "0.3.0";
const SDC_API_VERSION: &str = "1.21";

/// `docker version` against sdc-docker (`lib/endpoints/version.js`): the server's version is
/// sdc-docker's, its "Go version" node's, its OS `solaris` (node's `sunos`).
fn triton_version() -> String {
    format!(
        "Client:\n Version:           {ENGINE_VERSION}\n API version:       {SDC_API_VERSION} (downgraded from {API_VERSION})\n Go version:        go1.25.4\n Git commit:        4be7ab8\n Built:             Tue Nov 18 10:22:41 2025\n OS/Arch:           linux/amd64\n Context:           default\n\nServer:\n Engine:\n  Version:          {SDC_DOCKER_VERSION}\n  API version:      {SDC_API_VERSION}\n  Go version:       node0.10.48\n  Git commit:       \n  Built:            \n  OS/Arch:          solaris/amd64\n  Experimental:     false"
    )
}

/// `docker info` against sdc-docker (`lib/backends/sdc/sysinfo.js`, docs/api/commands/info.md):
/// storage driver `sdc` with the account, SmartDataCenter, the data center's name; no CPUs or
/// memory of its own, for the "host" is every compute node. The nodes follow on stderr.
fn triton_info(world: &World, host: &str, o: &mut Output) {
    use crate::engine::platforms::triton;
    let (Ok(h), Some(dc)) = (world.host(host), world.triton(host)) else {
        return;
    };
    let running = h
        .containers
        .values()
        .filter(|c| c.is_running() && !c.is_paused())
        .count();
    let paused = h.containers.values().filter(|c| c.is_paused()).count();
    let stopped = h.containers.len() - running - paused;
    let images = h.images.len();
    let containers = h.containers.len();
    let id = host_id(world.seed() ^ 0x7472_6974_6f6e);
    o.out(format!(
        "Client:\n Version:    {ENGINE_VERSION}\n Context:    default\n Debug Mode: false\n\nServer:\n Containers: {containers}\n  Running: {running}\n  Paused: {paused}\n  Stopped: {stopped}\n Images: {images}\n Server Version: {SDC_DOCKER_VERSION}\n Storage Driver: sdc\n  SDCAccount: {}\n Execution Driver: sdc-{SDC_DOCKER_VERSION}\n Logging Driver: json-file\n Kernel Version: 3.12.0-1-amd64\n Operating System: SmartDataCenter\n OSType: linux\n Architecture: x86_64\n CPUs: 0\n Total Memory: 0B\n Name: {}\n ID: {id}\n Debug Mode: false\n Experimental: false\n Live Restore Enabled: false\n",
        triton::ACCOUNT,
        triton::DATACENTER
    ));
    let nodes: Vec<String> = dc
        .servers
        .iter()
        .map(|s| {
            let placed = dc.placement.values().filter(|u| **u == s.uuid).count();
            format!("  {} {} ({placed} containers)", s.hostname, s.uuid)
        })
        .collect();
    o.err(format!(
        "berth: {} is one Docker host made of {} SmartOS compute nodes; containers are zones placed on them:\n{}",
        triton::DATACENTER,
        nodes.len(),
        nodes.join("\n")
    ));
}

impl System {
    pub fn execute(self, world: &mut World, host: &str, caller: &Caller) -> Output {
        // `GET /version`, `GET /info`, `GET /events`: the daemon judges each request itself.
        let (answered, events) = match self {
            System::Version => (world.system_version(host, caller), Vec::new()),
            System::Info(_) => (world.system_info(host, caller), Vec::new()),
            System::Events { .. } => match world.system_events(host, caller) {
                Ok(events) => (world.host(host), events),
                Err(e) => (Err(e), Vec::new()),
            },
        };
        let h = match answered {
            Ok(h) => h,
            Err(e) => return Output::failed(super::daemon_error(&e), 1),
        };
        let windows = h.backend == crate::engine::Backend::Windows;
        let mut o = Output::default();
        let triton = world.triton(host).is_some();
        match self {
            System::Version if triton => o.out(triton_version()),
            System::Info(_) if triton => triton_info(world, host, &mut o),
            System::Version if windows => o.out(format!(
                "Client:\n Version:           {ENGINE_VERSION}\n API version:       {API_VERSION}\n Go version:        go1.25.4\n Git commit:        4be7ab8\n Built:             Tue Nov 18 10:22:41 2025\n OS/Arch:           windows/amd64\n Context:           default\n\nServer: Docker Engine - Community\n Engine:\n  Version:          {ENGINE_VERSION}\n  API version:      {API_VERSION} (minimum version 1.44)\n  Go version:       go1.25.4\n  Git commit:       2f9b9f4\n  Built:            Tue Nov 18 10:22:41 2025\n  OS/Arch:          windows/amd64\n  Experimental:     false"
            )),
            System::Version => o.out(format!(
                "Client:\n Version:           {ENGINE_VERSION}\n API version:       {API_VERSION}\n Go version:        go1.25.4\n Git commit:        4be7ab8\n Built:             Tue Nov 18 10:22:41 2025\n OS/Arch:           linux/amd64\n Context:           default\n\nServer: Docker Engine - Community\n Engine:\n  Version:          {ENGINE_VERSION}\n  API version:      {API_VERSION} (minimum version 1.44)\n  Go version:       go1.25.4\n  Git commit:       2f9b9f4\n  Built:            Tue Nov 18 10:22:41 2025\n  OS/Arch:          linux/amd64\n  Experimental:     false\n containerd:\n  Version:          v2.2.0\n  GitCommit:        1c4457e00facac03ce1d75f7b6777a7a851e5c41\n runc:\n  Version:          1.3.3\n  GitCommit:        v1.3.3-0-gd842d771\n docker-init:\n  Version:          0.19.0\n  GitCommit:        de40ad0"
            )),
            System::Info(format) => {
                let running = h.containers.values().filter(|c| c.is_running() && !c.is_paused()).count();
                let paused = h.containers.values().filter(|c| c.is_paused()).count();
                let stopped = h.containers.len() - running - paused;
                let mut ids: Vec<&str> = h.images.values().map(|i| i.id.as_str()).collect();
                ids.dedup();
                let (containers, images) = (h.containers.len(), ids.len());
                let settings = h.daemon.settings.clone();
                let live_restore = settings.live_restore;
                let userns = if settings.userns_remap.is_some() { "  userns\n" } else { "" };
                let root_dir = settings.data_root();
                let (swarm, name, id) = (swarm_info(world, host), &h.name, host_id(world.seed()));
                if let Some(format) = format {
                    let counts = super::info_format::Counts { containers, running, paused, stopped, images };
                    return info_format(&super::info_format::info_value(world, h, &counts, &id), &format);
                }
                if h.backend == crate::engine::Backend::Windows {
                    o.out(format!(
                        "Client:\n Version:    {ENGINE_VERSION}\n Context:    default\n Debug Mode: false\n\nServer:\n Containers: {containers}\n  Running: {running}\n  Paused: {paused}\n  Stopped: {stopped}\n Images: {images}\n Server Version: {ENGINE_VERSION}\n Storage Driver: windowsfilter\n Logging Driver: json-file\n Plugins:\n  Volume: local\n  Network: l2bridge l2tunnel nat null overlay transparent\n  Log: awslogs etwlogs fluentd gcplogs gelf json-file local splunk syslog\n{swarm}\n Default Isolation: process\n Kernel Version: 10.0 20348 (20348.1.amd64fre.fe_release.210507-1500)\n Operating System: Microsoft Windows Server Version 21H2 (OS Build 20348.4405)\n OSType: windows\n Architecture: x86_64\n CPUs: 2\n Total Memory: 3.999GiB\n Name: {name}\n ID: {id}\n Docker Root Dir: C:\\ProgramData\\docker\n Debug Mode: false\n Experimental: false\n Insecure Registries:\n  ::1/128\n  127.0.0.0/8\n Live Restore Enabled: false\n",
                    ));
                    return o;
                }
                o.out(format!(
                    "Client:\n Version:    {ENGINE_VERSION}\n Context:    default\n Debug Mode: false\n\nServer:\n Containers: {containers}\n  Running: {running}\n  Paused: {paused}\n  Stopped: {stopped}\n Images: {images}\n Server Version: {ENGINE_VERSION}\n Storage Driver: overlayfs\n  driver-type: io.containerd.snapshotter.v1\n Logging Driver: json-file\n Cgroup Driver: systemd\n Cgroup Version: 2\n Plugins:\n  Volume: local\n  Network: bridge host ipvlan macvlan null overlay\n  Log: awslogs fluentd gcplogs gelf journald json-file local splunk syslog\n{swarm}\n Runtimes: io.containerd.runc.v2 runc\n Default Runtime: runc\n Init Binary: docker-init\n containerd version: 1c4457e00facac03ce1d75f7b6777a7a851e5c41\n runc version: v1.3.3-0-gd842d771\n init version: de40ad0\n Security Options:\n  apparmor\n  seccomp\n   Profile: builtin\n  cgroupns\n{userns} Kernel Version: 6.8.0-88-generic\n Operating System: Ubuntu 24.04.3 LTS\n OSType: linux\n Architecture: x86_64\n CPUs: 2\n Total Memory: 3.823GiB\n Name: {name}\n ID: {id}\n Docker Root Dir: {root_dir}\n Debug Mode: false\n Experimental: false\n Insecure Registries:\n  ::1/128\n  127.0.0.0/8\n Live Restore Enabled: {live_restore}\n",
                ));
                // The daemon's own warnings follow, on stderr (moby `daemon/info.go`).
                if let Some(addr) = settings.insecure_tcp() {
                    let shown = addr.trim_start_matches("tcp://");
                    o.err(format!("WARNING: API is accessible on http://{shown} without encryption.\n         Access to the remote API is equivalent to root access on the host. Refer\n         to the 'Docker daemon attack surface' section in the documentation for\n         more information: https://docs.docker.com/go/attack-surface/"));
                }
                if let Some(warning) = super::swarm::two_managers_warning(world, host) {
                    o.err(warning);
                }
            }
            System::Events { since, until, view } => {
                let now = world.now();
                let bound = |t: &Option<String>, default| match t {
                    None => Ok(default),
                    Some(text) => parse_time(text, now).ok_or_else(|| {
                        format!("Error response from daemon: invalid value for \"since\": failed to parse value as time or duration: \"{text}\"")
                    }),
                };
                let since_t = match bound(&since, Timestamp(0)) {
                    Ok(t) => t,
                    Err(e) => return Output::failed(e, 1),
                };
                let until_t = match bound(&until, now) {
                    Ok(t) => t,
                    Err(e) => return Output::failed(e, 1),
                };
                // docker/cli `events.go`: without --since the stream starts now, so nothing
                // past shows; without --until it goes on until Ctrl-C.
                let live = until.is_none();
                if since.is_some() || !live {
                    view.print(
                        &mut o,
                        events.into_iter().filter(|e| e.time >= since_t && e.time <= until_t),
                    );
                    if o.exit_code != 0 {
                        return o;
                    }
                }
                if live {
                    let next = world.events().len();
                    o.follow = Some(Box::new(crate::cli::Follow::new(
                        host,
                        caller,
                        crate::cli::FollowKind::Events(EventsFollow { next, view }),
                    )));
                }
            }
        }
        o
    }
}

/// `docker info --format`: docker/cli `formatInfo` (`json` is `{{json .}}`; a template that
/// does not parse is exit status 64; the output ends with a newline, after an execution
/// error too, which follows on stderr).
fn info_format(value: &crate::golang::template::Value, format: &str) -> Output {
    let format = if format == "json" {
        "{{json .}}"
    } else {
        format
    };
    if format.replace(' ', "") == "{{json.}}" {
        // The whole value's JSON needs the fields' JSON names and omitempty rules.
        return Output::failed(
            "berth: `docker info --format json` (the whole of it) is not simulated; ask for fields: docker info --format '{{.ServerVersion}} {{.Swarm.LocalNodeState}}'",
            1,
        );
    }
    let template = match crate::golang::template::Template::parse(format) {
        Ok(t) => t,
        Err(e) => return Output::failed(format!("template parsing error: {e}"), 64),
    };
    let mut o = Output::default();
    match template.execute(value) {
        Ok(text) => o.out(text),
        Err(e) => {
            o.out("");
            o.err(e.to_string());
            o.exit_code = 1;
        }
    }
    o
}

/// A stable daemon ID for `docker info`, as a UUID.
/// One event as `docker events` prints it by default (docker/cli `events.go`
/// `printOutput`: time, type, action, actor ID, then the attributes in parentheses).
pub fn event_line(e: &crate::engine::Event) -> String {
    super::events::pretty(e)
}

/// `docker events` still running: the index of the first event not shown yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventsFollow {
    pub next: usize,
    /// The command's `--filter`s and `--format`.
    pub view: super::events::EventView,
}

impl EventsFollow {
    /// The host's events since the last poll, as other terminals cause them.
    pub fn poll(&mut self, world: &World, host: &str) -> crate::cli::Polled {
        let mut output = Output::default();
        let events = world.events();
        self.view.print(
            &mut output,
            events
                .get(self.next..)
                .unwrap_or_default()
                .iter()
                .filter(|e| e.host == host),
        );
        self.next = events.len();
        crate::cli::Polled {
            output,
            ended: false,
            replaces: 0,
        }
    }
}

fn host_id(seed: u64) -> String {
    let d = crate::engine::docker::image::digest_of(&format!("daemon-{seed}"));
    format!(
        "{}-{}-{}-{}-{}",
        d.get(0..8).unwrap_or(""),
        d.get(8..12).unwrap_or(""),
        d.get(12..16).unwrap_or(""),
        d.get(16..20).unwrap_or(""),
        d.get(20..32).unwrap_or("")
    )
}
