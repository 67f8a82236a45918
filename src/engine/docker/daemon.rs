//! The Docker daemon's own configuration: `/etc/docker/daemon.json` as the learner edits it,
//! and what dockerd made of it when it last started.
//!
//! Contract:
//! - Editing the file changes nothing by itself; `systemctl restart docker` (or a reboot)
//!   reads it. A file dockerd cannot use leaves the daemon down, with its error in the log, as
//!   on a real host; every `docker` command then fails to connect until the file is fixed.
//! - A restart stops the containers and restores them by restart policy, unless the daemon
//!   that stops had `live-restore`: then they keep running.
//! - Settings the rest of the engine reads: `icc` (the default bridge's
//!   `enable_icc`), `hosts` (a TCP socket opens the API on the underlay), and, for the audit,
//!   the others (`userns-remap`, `live-restore`, `no-new-privileges`,
//!   `authorization-plugins`, `log-level`, …).

use std::collections::BTreeMap;

use serde_json::Value;

use crate::engine::World;

/// Where dockerd reads its configuration.
pub const DAEMON_JSON: &str = "/etc/docker/daemon.json";

/// What dockerd runs with (the keys of daemon.json Berth models, with dockerd's defaults).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DaemonSettings {
    pub icc: bool,
    pub userns_remap: Option<String>,
    pub live_restore: bool,
    pub no_new_privileges: bool,
    /// `-H`/`hosts`: where the API listens.
    pub hosts: Vec<String>,
    pub tlsverify: bool,
    pub authorization_plugins: Vec<String>,
    pub log_level: String,
    pub log_driver: String,
    pub iptables: bool,
    pub insecure_registries: Vec<String>,
    pub userland_proxy: bool,
    pub experimental: bool,
    pub seccomp_profile: Option<String>,
    pub default_ulimits: bool,
    pub cgroup_parent: Option<String>,
}

impl Default for DaemonSettings {
    fn default() -> Self {
        DaemonSettings {
            icc: true,
            userns_remap: None,
            live_restore: false,
            no_new_privileges: false,
            hosts: vec!["unix:///var/run/docker.sock".into()],
            tlsverify: false,
            authorization_plugins: Vec::new(),
            log_level: "info".into(),
            log_driver: "json-file".into(),
            iptables: true,
            insecure_registries: Vec::new(),
            userland_proxy: true,
            experimental: false,
            seccomp_profile: None,
            default_ulimits: false,
            cgroup_parent: None,
        }
    }
}

impl DaemonSettings {
    /// An API socket reachable over the network without TLS (`tcp://0.0.0.0:2375`).
    /// Where the daemon keeps its objects (`docker info`'s `Docker Root Dir`).
    pub fn data_root(&self) -> &'static str {
        if self.userns_remap.is_some() {
            super::data_root::REMAPPED_ROOT
        } else {
            super::data_root::DEFAULT_ROOT
        }
    }

    pub fn insecure_tcp(&self) -> Option<&str> {
        if self.tlsverify {
            return None;
        }
        self.hosts
            .iter()
            .find(|h| h.starts_with("tcp://"))
            .map(String::as_str)
    }

    /// The TCP port the API listens on, if any.
    pub fn tcp_port(&self) -> Option<u16> {
        self.hosts
            .iter()
            .filter_map(|h| h.strip_prefix("tcp://"))
            .filter_map(|a| a.rsplit_once(':'))
            .find_map(|(_, port)| port.parse().ok())
    }
}

/// One host's daemon.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Daemon {
    /// The text of daemon.json, `None` while there is no such file.
    pub file: Option<String>,
    pub settings: DaemonSettings,
    /// dockerd runs (it is down after a start with a file it could not use).
    pub running: bool,
    /// What dockerd logged at its last start (`journalctl -u docker`).
    pub log: Vec<String>,
    /// When the service last started, failed or stopped (`Active: … since …`).
    pub since: crate::engine::clock::Timestamp,
}

impl Default for Daemon {
    fn default() -> Self {
        Daemon {
            file: None,
            settings: DaemonSettings::default(),
            running: true,
            log: Vec::new(),
            since: crate::engine::clock::Timestamp::default(),
        }
    }
}

/// Why dockerd would not start with a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DaemonError {
    /// Not JSON: dockerd quotes the decoder.
    Syntax(String),
    /// Keys dockerd does not know.
    Unknown(Vec<String>),
    /// A known key with a value of the wrong type: what it found, what it wanted.
    Type {
        key: String,
        found: &'static str,
        expected: &'static str,
    },
    /// The host has no dockerd at all (a laptop).
    NotInstalled,
    /// An authorization plugin the file lists is not there once containers are restored
    /// (moby `validateAuthzPlugins`, after `NewDaemon`).
    AuthzPlugin(String),
}

impl std::fmt::Display for DaemonError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if *self == DaemonError::NotInstalled {
            return write!(
                f,
                "Failed to start docker.service: Unit docker.service not found."
            );
        }
        if let DaemonError::AuthzPlugin(name) = self {
            return write!(
                f,
                "failed to validate authorization plugin: plugin \"{name}\" not found"
            );
        }
        write!(
            f,
            "unable to configure the Docker daemon with file {DAEMON_JSON}: "
        )?;
        match self {
            DaemonError::AuthzPlugin(_) => Ok(()),
            // moby 29 `daemon/config/config.go`: `fmt.Errorf("invalid JSON: %w", err)`.
            DaemonError::Syntax(why) => write!(f, "invalid JSON: {why}"),
            DaemonError::Unknown(keys) => write!(
                f,
                "the following directives don't match any configuration option: {}",
                keys.join(", ")
            ),
            DaemonError::Type {
                key,
                found,
                expected,
            } if key.is_empty() => write!(
                f,
                "invalid JSON: json: cannot unmarshal {found} into Go value of type {expected}"
            ),
            DaemonError::Type {
                key,
                found,
                expected,
            } => write!(
                f,
                "invalid JSON: json: cannot unmarshal {found} into Go struct field Config.{key} of type {expected}"
            ),
            DaemonError::NotInstalled => Ok(()),
        }
    }
}

/// The directives Berth's dockerd knows (a subset of moby's `config.Config`).
const KNOWN: &[&str] = &[
    "icc",
    "userns-remap",
    "live-restore",
    "no-new-privileges",
    "hosts",
    "tlsverify",
    "tls",
    "tlscacert",
    "tlscert",
    "tlskey",
    "authorization-plugins",
    "log-level",
    "log-driver",
    "iptables",
    "insecure-registries",
    "userland-proxy",
    "experimental",
    "seccomp-profile",
    "default-ulimits",
    "cgroup-parent",
    "bip",
    "mtu",
    "dns",
    "log-opts",
    "storage-driver",
    "data-root",
    // Accepted and not modelled further (moby `daemon/config`'s JSON names).
    "debug",
    "registry-mirrors",
    "default-address-pools",
    "features",
    "dns-search",
    "dns-opts",
    "exec-opts",
    "storage-opts",
    "labels",
    "max-concurrent-downloads",
    "max-concurrent-uploads",
    "shutdown-timeout",
    "ipv6",
    "fixed-cidr",
    "fixed-cidr-v6",
    "ip",
    "ip-forward",
    "ip-masq",
    "bridge",
    "default-gateway",
    "group",
    "pidfile",
    "raw-logs",
    "metrics-addr",
    "default-runtime",
    "runtimes",
    "default-shm-size",
    "selinux-enabled",
    "init",
    "containerd",
    "ip6tables",
    "default-cgroupns-mode",
    "default-ipc-mode",
    "exec-root",
    "max-download-attempts",
    "proxies",
    "builder",
];

/// Reads daemon.json as dockerd does (the keys Berth models; others are refused).
pub fn parse(text: &str) -> Result<DaemonSettings, DaemonError> {
    // moby `getConflictFreeConfiguration`: a file of only white space is an empty
    // configuration; otherwise Go's `json.Unmarshal` reads it, and its errors are Go's.
    if text.trim().is_empty() {
        return Ok(DaemonSettings::default());
    }
    crate::golang::json_syntax::check(text).map_err(DaemonError::Syntax)?;
    let value: Value =
        serde_json::from_str(text).map_err(|e| DaemonError::Syntax(e.to_string()))?;
    let Value::Object(map) = value else {
        let found = match value {
            Value::Array(_) => "array",
            Value::String(_) => "string",
            Value::Number(_) => "number",
            Value::Bool(_) => "bool",
            _ => "null",
        };
        return Err(DaemonError::Type {
            key: String::new(),
            found,
            expected: "map[string]interface {}",
        });
    };
    let mut s = DaemonSettings::default();
    // dockerd names every directive it does not know before it decodes any value.
    let unknown: Vec<String> = map
        .keys()
        .filter(|k| !KNOWN.contains(&k.as_str()))
        .cloned()
        .collect();
    if !unknown.is_empty() {
        return Err(DaemonError::Unknown(unknown));
    }
    let kind = |v: &Value| match v {
        Value::Null => "null",
        Value::Bool(_) => "bool",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    };
    let wrong = |key: &str, v: &Value, expected: &'static str| DaemonError::Type {
        key: key.to_string(),
        found: kind(v),
        expected,
    };
    let boolean = |key: &str, v: &Value| v.as_bool().ok_or_else(|| wrong(key, v, "bool"));
    let string = |key: &str, v: &Value| {
        v.as_str()
            .map(str::to_string)
            .ok_or_else(|| wrong(key, v, "string"))
    };
    let strings = |key: &str, v: &Value| {
        v.as_array()
            .and_then(|a| a.iter().map(|x| x.as_str().map(str::to_string)).collect())
            .ok_or_else(|| wrong(key, v, "[]string"))
    };
    for (key, v) in &map {
        match key.as_str() {
            "icc" => s.icc = boolean(key, v)?,
            "userns-remap" => s.userns_remap = Some(string(key, v)?).filter(|u| !u.is_empty()),
            "live-restore" => s.live_restore = boolean(key, v)?,
            "no-new-privileges" => s.no_new_privileges = boolean(key, v)?,
            "hosts" => s.hosts = strings(key, v)?,
            "tlsverify" | "tls" => s.tlsverify = boolean(key, v)?,
            "tlscacert" | "tlscert" | "tlskey" => {
                string(key, v)?;
            }
            "authorization-plugins" => s.authorization_plugins = strings(key, v)?,
            "log-level" => s.log_level = string(key, v)?,
            "log-driver" => s.log_driver = string(key, v)?,
            "iptables" => s.iptables = boolean(key, v)?,
            "insecure-registries" => s.insecure_registries = strings(key, v)?,
            "userland-proxy" => s.userland_proxy = boolean(key, v)?,
            "experimental" => s.experimental = boolean(key, v)?,
            "seccomp-profile" => s.seccomp_profile = Some(string(key, v)?),
            "default-ulimits" => s.default_ulimits = v.is_object(),
            "cgroup-parent" => s.cgroup_parent = Some(string(key, v)?),
            _ => {}
        }
    }
    Ok(s)
}

impl World {
    /// Sets (or with `None` removes) a key of a host's daemon.json, as an editor would: the
    /// value is JSON (`false`, `["a"]`) or else taken as a string. Takes effect at restart.
    pub fn daemon_json_edit(
        &mut self,
        host: &str,
        key: &str,
        value: Option<&str>,
    ) -> Result<(), crate::engine::EngineError> {
        let h = self.host_mut(host)?;
        let mut map: BTreeMap<String, Value> = h
            .daemon
            .file
            .as_deref()
            .and_then(|t| serde_json::from_str(t).ok())
            .unwrap_or_default();
        match value {
            Some(v) => {
                let parsed =
                    serde_json::from_str(v).unwrap_or_else(|_| Value::String(v.to_string()));
                map.insert(key.to_string(), parsed);
            }
            None => {
                map.remove(key);
            }
        }
        h.daemon.file = Some(serde_json::to_string_pretty(&map).unwrap_or_else(|_| "{}".into()));
        Ok(())
    }

    /// Writes daemon.json's text as an editor or the shell does (`>`, `>>`, `tee`): nothing is
    /// checked until dockerd reads it at its next start.
    pub fn daemon_json_write(
        &mut self,
        host: &str,
        text: &str,
        append: bool,
    ) -> Result<(), crate::engine::fs::FsError> {
        let h = self
            .host_mut(host)
            .map_err(|_| crate::engine::fs::FsError::NotFound)?;
        let before = if append {
            h.daemon.file.as_deref().unwrap_or_default()
        } else {
            ""
        };
        if before.len().saturating_add(text.len()) > crate::engine::fs::MAX_FILE {
            return Err(crate::engine::fs::FsError::TooLarge);
        }
        h.daemon.file = Some([before, text].concat());
        Ok(())
    }

    /// `systemctl restart docker`: dockerd stops (its containers with it, unless it had
    /// live-restore), reads daemon.json and starts again, or stays down if it cannot.
    pub fn daemon_restart(&mut self, host: &str) -> Result<(), DaemonError> {
        let Ok(h) = self.host(host) else {
            return Ok(());
        };
        // live-restore is the setting of the dockerd that last ran: containers kept running
        // while it was down stay running through the restart.
        let keep_running = h.daemon.settings.live_restore;
        let live = if keep_running {
            Default::default()
        } else {
            self.daemon_stop(host)
        };
        self.daemon_boot(host, &live)
    }

    /// The host whose daemon answers on `endpoint` (`tcp://192.168.50.11:2375`) for a client
    /// on `from`: it runs, listens on that TCP port, and the firewall lets it through.
    pub fn docker_api_at(&self, from: &str, endpoint: &str) -> Option<String> {
        let address = endpoint.strip_prefix("tcp://").unwrap_or(endpoint);
        let (ip, port) = address.rsplit_once(':')?;
        let port: u16 = port.parse().ok()?;
        let target = if ip == "127.0.0.1" || ip == "localhost" {
            self.host(from).ok()?
        } else {
            // A lab host's name resolves as every tool resolves it (`tcp://host2:2375`).
            self.host_by_underlay_ip(self.resolve_on_host(ip)?)?
        };
        // A docker-machine VM is on its laptop's host-only network, out of everyone else's reach.
        if target.out_of_reach_of(from) {
            return None;
        }
        let reachable = target.name == from
            || target.firewall_allows(crate::engine::docker::ports::Proto::Tcp, port);
        (target.machine.running
            && target.daemon.running
            && target.daemon.settings.tcp_port() == Some(port)
            && reachable)
            .then(|| target.name.clone())
    }

    /// `systemctl start docker`: dockerd starts after a stop (or a failed start).
    pub fn daemon_start_service(&mut self, host: &str) -> Result<(), DaemonError> {
        if self.host(host).is_ok_and(|h| !h.backend.runs_dockerd()) {
            // No dockerd on the laptop: that is what the VM is for.
            return Err(DaemonError::NotInstalled);
        }
        let live = self
            .host_mut(host)
            .map(|h| std::mem::take(&mut h.machine.running_at_shutdown))
            .unwrap_or_default();
        self.daemon_boot(host, &live)
    }

    /// `systemctl stop docker`.
    pub fn daemon_shutdown(&mut self, host: &str) {
        let keep = self
            .host(host)
            .is_ok_and(|h| h.daemon.settings.live_restore);
        if !keep {
            let live = self.daemon_stop(host);
            if let Ok(h) = self.host_mut(host) {
                h.machine.running_at_shutdown = live;
            }
        }
        let now = self.now();
        if let Ok(h) = self.host_mut(host) {
            if h.daemon.running {
                h.daemon.log.extend(
                    [
                        "Stopping Docker Application Container Engine...",
                        "dockerd: level=info msg=\"Processing signal 'terminated'\"",
                        "dockerd: level=info msg=\"Daemon shutdown complete\"",
                        "docker.service: Deactivated successfully.",
                        "Stopped Docker Application Container Engine.",
                    ]
                    .map(String::from),
                );
            }
            h.daemon.running = false;
            h.daemon.since = now;
        }
    }

    /// dockerd starting on `host`: reads the file, applies it, restores containers.
    pub(in crate::engine) fn daemon_boot(
        &mut self,
        host: &str,
        running_at_shutdown: &std::collections::BTreeSet<String>,
    ) -> Result<(), DaemonError> {
        let now = self.now();
        let Ok(h) = self.host_mut(host) else {
            return Ok(());
        };
        h.daemon.since = now;
        let parsed = match &h.daemon.file {
            None => Ok(DaemonSettings::default()),
            Some(text) => parse(text),
        };
        let settings = match parsed {
            Ok(s) => s,
            Err(e) => {
                h.daemon.running = false;
                h.daemon.log = vec![
                    "Starting Docker Application Container Engine...".into(),
                    format!("dockerd: {e}"),
                    "docker.service: Main process exited, code=exited, status=1/FAILURE".into(),
                    "docker.service: Failed with result 'exit-code'.".into(),
                    "Failed to start Docker Application Container Engine.".into(),
                ];
                return Err(e);
            }
        };
        let mut log = vec!["Starting Docker Application Container Engine...".to_string()];
        if let Some(addr) = settings.insecure_tcp() {
            log.push(format!(
                "dockerd: level=warning msg=\"Binding to IP address without --tlsverify is insecure and gives root access on this machine to everyone who has access to your network.\" host=\"{addr}\""
            ));
        }
        // userns-remap moves the data root: the daemon sees what is under the new one.
        let (from, to) = (h.daemon.settings.data_root(), settings.data_root());
        let live_elsewhere = from != to
            && h.containers
                .values()
                .any(crate::engine::Container::is_running);
        Self::apply_icc(h, &settings);
        h.daemon.settings = settings.clone();
        h.daemon.running = true;
        if live_elsewhere {
            // Containers a live-restore kept running do not follow the daemon.
            self.daemon_stop(host);
        }
        if let Ok(h) = self.host_mut(host) {
            h.switch_data_root(from, to);
        }
        self.daemon_start(host, running_at_shutdown);
        // moby validates the authorization plugins after `NewDaemon` restored the containers,
        // so a broker with a restart policy is back before it is looked for. A legacy
        // plugin's lookup retries with a doubling back-off until 30 s would pass.
        let missing = self.host(host).ok().and_then(|h| {
            settings
                .authorization_plugins
                .iter()
                .find(|p| !h.authz_plugin_running(p))
                .cloned()
        });
        if let Some(name) = missing {
            let stopped = self.daemon_stop(host);
            let Ok(h) = self.host_mut(host) else {
                return Ok(());
            };
            for wait in [1, 2, 4, 8] {
                log.push(format!(
                    "dockerd: level=warning msg=\"Unable to locate plugin: {name}, retrying in {wait}s\""
                ));
            }
            let e = DaemonError::AuthzPlugin(name);
            log.push(format!("dockerd: {e}"));
            log.extend(
                [
                    "docker.service: Main process exited, code=exited, status=1/FAILURE",
                    "docker.service: Failed with result 'exit-code'.",
                    "Failed to start Docker Application Container Engine.",
                ]
                .map(String::from),
            );
            h.daemon.running = false;
            h.daemon.log = log;
            h.machine.running_at_shutdown = stopped;
            return Err(e);
        }
        let Ok(h) = self.host_mut(host) else {
            return Ok(());
        };
        log.push("dockerd: level=info msg=\"Daemon has completed initialization\"".into());
        for listen in &settings.hosts {
            let shown = listen
                .strip_prefix("unix://")
                .map(|p| p.replace("/var/run/", "/run/"))
                .unwrap_or_else(|| {
                    listen
                        .strip_prefix("tcp://0.0.0.0:")
                        .map_or_else(|| listen.clone(), |port| format!("[::]:{port}"))
                });
            log.push(format!("dockerd: level=info msg=\"API listen on {shown}\""));
        }
        log.push("Started Docker Application Container Engine.".into());
        h.daemon.running = true;
        h.daemon.log = log;
        Ok(())
    }

    /// The default bridge takes the daemon's icc (before containers are restored on it).
    fn apply_icc(h: &mut crate::engine::Host, settings: &DaemonSettings) {
        if let Some(bridge) = h
            .networks
            .values_mut()
            .find(|n| n.name == "bridge" && n.predefined)
        {
            bridge.options.insert(
                "com.docker.network.bridge.enable_icc".into(),
                settings.icc.to_string(),
            );
        }
    }
}
