//! The compose-spec schema's checks and the document to [`Project`]: compose-go v2.9.1's
//! `schema/compose-spec.json` (the keys each object may hold), `schema/schema.go` (the error
//! texts: `PATH additional properties 'KEY' not allowed`, `PATH must be a mapping`), and
//! `loader/validate.go` (`service "web" depends on undefined service "db": invalid compose
//! project`).
//!
//! Rules: unknown keys are refused in the schema's words; keys the schema knows but Berth
//! does not simulate are accepted and listed on the service, so `up` can say so. compose-go
//! reports the "most specific" of several schema errors (the deepest path): Berth walks the
//! document in its order and reports the first, which is the same one for a single mistake.
//! Hand-written rather than a JSON-schema crate: the schema is 1,000 lines of which Berth
//! needs the key lists, and the messages are compose-go's own wording of its validator's.

use std::collections::BTreeMap;

use serde_norway::{Mapping, Value};

use super::loader::{absolute, parse_dotenv, scalar_text};
use super::model::{
    Build, Condition, Dependency, Healthcheck, IpamPool, NetworkConfig, Port, Project, Service,
    ServiceNetwork, ServiceVolume, VolumeConfig, VolumeKind,
};

/// compose-spec.json's top-level properties (`x-` extensions are allowed too).
const ROOT_KEYS: &[&str] = &[
    "configs", "include", "models", "name", "networks", "secrets", "services", "version", "volumes",
];

/// compose-spec.json `definitions.service.properties`.
const SERVICE_KEYS: &[&str] = &[
    "annotations", "attach", "blkio_config", "build", "cap_add", "cap_drop", "cgroup",
    "cgroup_parent", "command", "configs", "container_name", "cpu_count", "cpu_percent",
    "cpu_period", "cpu_quota", "cpu_rt_period", "cpu_rt_runtime", "cpu_shares", "cpus", "cpuset",
    "credential_spec", "depends_on", "deploy", "develop", "device_cgroup_rules", "devices", "dns",
    "dns_opt", "dns_search", "domainname", "entrypoint", "env_file", "environment", "expose",
    "extends", "external_links", "extra_hosts", "gpus", "group_add", "healthcheck", "hostname",
    "image", "init", "ipc", "isolation", "label_file", "labels", "links", "logging", "mac_address",
    "mem_limit", "mem_reservation", "mem_swappiness", "memswap_limit", "models", "network_mode",
    "networks", "oom_kill_disable", "oom_score_adj", "pid", "pids_limit", "platform", "ports",
    "post_start", "pre_stop", "privileged", "profiles", "provider", "pull_policy",
    "pull_refresh_after", "read_only", "restart", "runtime", "scale", "secrets", "security_opt",
    "shm_size", "stdin_open", "stop_grace_period", "stop_signal", "storage_opt", "sysctls",
    "tmpfs", "tty", "ulimits", "use_api_socket", "user", "userns_mode", "uts", "volumes",
    "volumes_from", "working_dir",
];

/// The service keys Berth simulates; the others are accepted and named by `up`.
const SIMULATED_SERVICE_KEYS: &[&str] = &[
    "build", "command", "container_name", "depends_on", "entrypoint", "env_file", "environment",
    "healthcheck", "hostname", "image", "labels", "networks", "ports", "restart", "stdin_open",
    "tty", "user", "volumes", "working_dir", "pull_policy",
];

/// compose-spec.json `definitions.network.properties`.
const NETWORK_KEYS: &[&str] = &[
    "attachable", "driver", "driver_opts", "enable_ipv4", "enable_ipv6", "external", "internal",
    "ipam", "labels", "name",
];

/// compose-spec.json `definitions.volume.properties`.
const VOLUME_KEYS: &[&str] = &["driver", "driver_opts", "external", "labels", "name"];

const PORT_KEYS: &[&str] = &[
    "app_protocol", "host_ip", "mode", "name", "protocol", "published", "target",
];
const SERVICE_VOLUME_KEYS: &[&str] = &[
    "bind", "consistency", "image", "read_only", "source", "target", "tmpfs", "type", "volume",
];
const DEPENDS_ON_KEYS: &[&str] = &["condition", "required", "restart"];
const HEALTHCHECK_KEYS: &[&str] = &[
    "disable", "interval", "retries", "start_interval", "start_period", "test", "timeout",
];
const SERVICE_NETWORK_KEYS: &[&str] = &[
    "aliases", "driver_opts", "gw_priority", "interface_name", "ipv4_address", "ipv6_address",
    "link_local_ips", "mac_address", "priority",
];

type Check = Result<(), String>;

fn key_text(k: &Value) -> String {
    scalar_text(k)
}

/// `PATH additional properties 'A', 'B' not allowed` (santhosh-tekuri/jsonschema v6).
fn keys_allowed(path: &str, map: &Mapping, allowed: &[&str]) -> Check {
    let mut unknown: Vec<String> = map
        .keys()
        .map(key_text)
        .filter(|k| !allowed.contains(&k.as_str()) && !k.starts_with("x-"))
        .collect();
    if unknown.is_empty() {
        return Ok(());
    }
    unknown.sort();
    let quoted: Vec<String> = unknown.iter().map(|k| format!("'{k}'")).collect();
    Err(format!(
        "{path} additional properties {} not allowed",
        quoted.join(", ")
    ))
}

fn mapping<'a>(path: &str, v: &'a Value) -> Result<&'a Mapping, String> {
    match v {
        Value::Mapping(m) => Ok(m),
        _ => Err(format!("{path} must be a mapping")),
    }
}

/// A mapping, or nothing (`networks:` with no value).
fn mapping_or_null<'a>(path: &str, v: &'a Value) -> Result<Option<&'a Mapping>, String> {
    match v {
        Value::Null => Ok(None),
        Value::Mapping(m) => Ok(Some(m)),
        _ => Err(format!("{path} must be a mapping")),
    }
}

fn is_scalar(v: &Value) -> bool {
    matches!(v, Value::String(_) | Value::Number(_) | Value::Bool(_))
}

/// The schema pass: `Err` is `validating FILE: …`. Returns the document's `name:`.
pub fn validate(file: &str, doc: &Value) -> Result<Option<String>, String> {
    validate_inner(doc).map_err(|e| format!("validating {file}: {e}"))
}

fn validate_inner(doc: &Value) -> Result<Option<String>, String> {
    let root = mapping("", doc)?;
    keys_allowed("", root, ROOT_KEYS)?;
    let name = match root.get("name") {
        None => None,
        Some(Value::String(s)) => Some(s.clone()),
        Some(_) => return Err("name must be a string".to_string()),
    };
    if let Some(services) = root.get("services") {
        let services = mapping("services", services)?;
        for (key, service) in services {
            let path = format!("services.{}", key_text(key));
            validate_service(&path, service)?;
        }
    }
    for (section, keys) in [("networks", NETWORK_KEYS), ("volumes", VOLUME_KEYS)] {
        if let Some(v) = root.get(section) {
            if let Some(m) = mapping_or_null(section, v)? {
                for (key, item) in m {
                    let path = format!("{section}.{}", key_text(key));
                    if let Some(item) = mapping_or_null(&path, item)? {
                        keys_allowed(&path, item, keys)?;
                    }
                }
            }
        }
    }
    Ok(name)
}

fn validate_service(path: &str, service: &Value) -> Check {
    let s = mapping(path, service)?;
    keys_allowed(path, s, SERVICE_KEYS)?;
    for key in [
        "image", "container_name", "hostname", "user", "working_dir", "restart",
    ] {
        if let Some(v) = s.get(key) {
            if !matches!(v, Value::String(_)) {
                return Err(format!("{path}.{key} must be a string"));
            }
        }
    }
    if let Some(env) = s.get("environment") {
        match env {
            Value::Mapping(m) => {
                for (k, v) in m {
                    if !(is_scalar(v) || v.is_null()) {
                        return Err(format!(
                            "{path}.environment.{} must be a boolean, null, number or string",
                            key_text(k)
                        ));
                    }
                }
            }
            Value::Sequence(_) => {}
            _ => return Err(format!("{path}.environment must be a mapping")),
        }
    }
    if let Some(ports) = s.get("ports") {
        let Value::Sequence(items) = ports else {
            return Err(format!("{path}.ports must be a array"));
        };
        for (i, item) in items.iter().enumerate() {
            if let Value::Mapping(m) = item {
                keys_allowed(&format!("{path}.ports.{i}"), m, PORT_KEYS)?;
            }
        }
    }
    if let Some(Value::Sequence(items)) = s.get("volumes") {
        for (i, item) in items.iter().enumerate() {
            if let Value::Mapping(m) = item {
                keys_allowed(&format!("{path}.volumes.{i}"), m, SERVICE_VOLUME_KEYS)?;
            }
        }
    }
    if let Some(Value::Mapping(deps)) = s.get("depends_on") {
        for (k, v) in deps {
            let here = format!("{path}.depends_on.{}", key_text(k));
            if let Some(m) = mapping_or_null(&here, v)? {
                keys_allowed(&here, m, DEPENDS_ON_KEYS)?;
                if let Some(c) = m.get("condition") {
                    if Condition::parse(&scalar_text(c)).is_none() {
                        return Err(format!("{here}.condition value must be one of 'service_started', 'service_healthy', 'service_completed_successfully'"));
                    }
                }
            }
        }
    }
    if let Some(Value::Mapping(nets)) = s.get("networks") {
        for (k, v) in nets {
            let here = format!("{path}.networks.{}", key_text(k));
            if let Some(m) = mapping_or_null(&here, v)? {
                keys_allowed(&here, m, SERVICE_NETWORK_KEYS)?;
            }
        }
    }
    if let Some(h) = s.get("healthcheck") {
        keys_allowed(
            &format!("{path}.healthcheck"),
            mapping(&format!("{path}.healthcheck"), h)?,
            HEALTHCHECK_KEYS,
        )?;
    }
    Ok(())
}

/// A string or a list of strings, as words: compose-go splits the string form with
/// go-shellwords (quotes and backslashes, no expansion).
fn words(v: &Value) -> Vec<String> {
    match v {
        Value::Sequence(items) => items.iter().map(scalar_text).collect(),
        Value::Null => Vec::new(),
        other => shell_split(&scalar_text(other)),
    }
}

/// go-shellwords' split: spaces separate, quotes group, a backslash escapes.
pub fn shell_split(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    let mut in_word = false;
    let mut quote: Option<char> = None;
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some('"'), '\\') => {
                if let Some(n) = chars.next() {
                    word.push(n);
                }
            }
            (Some(_), c) => word.push(c),
            (None, '\'' | '"') => {
                quote = Some(c);
                in_word = true;
            }
            (None, '\\') => {
                if let Some(n) = chars.next() {
                    word.push(n);
                    in_word = true;
                }
            }
            (None, c) if c.is_whitespace() => {
                if in_word {
                    out.push(std::mem::take(&mut word));
                    in_word = false;
                }
            }
            (None, c) => {
                word.push(c);
                in_word = true;
            }
        }
    }
    if in_word {
        out.push(word);
    }
    out
}

fn string_map(v: Option<&Value>) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    match v {
        Some(Value::Mapping(m)) => {
            for (k, v) in m {
                out.insert(key_text(k), scalar_text(v));
            }
        }
        Some(Value::Sequence(items)) => {
            for item in items {
                let text = scalar_text(item);
                let (k, v) = text.split_once('=').unwrap_or((&text, ""));
                out.insert(k.to_string(), v.to_string());
            }
        }
        _ => {}
    }
    out
}

/// `[HOST_IP:][HOST_PORT:]CONTAINER_PORT[/PROTOCOL]` (compose-go `types.ParsePortConfig`).
fn parse_port(service: &str, v: &Value) -> Result<Port, String> {
    if let Value::Mapping(m) = v {
        let target = m.get("target").map(scalar_text).unwrap_or_default();
        return Ok(Port {
            host_ip: m.get("host_ip").map(scalar_text),
            target: target
                .parse()
                .map_err(|_| format!("services.{service}.ports.target must be a integer"))?,
            published: m
                .get("published")
                .map(scalar_text)
                .filter(|p| !p.is_empty()),
            protocol: m
                .get("protocol")
                .map(scalar_text)
                .unwrap_or_else(|| "tcp".to_string()),
        });
    }
    let text = scalar_text(v);
    let (spec, protocol) = match text.split_once('/') {
        Some((s, p)) => (s, p.to_string()),
        None => (text.as_str(), "tcp".to_string()),
    };
    let parts: Vec<&str> = spec.rsplitn(3, ':').collect();
    let (target, published, host_ip) = match parts.as_slice() {
        [t] => (*t, None, None),
        [t, p] => (*t, Some(*p), None),
        [t, p, ip] => (*t, Some(*p), Some(*ip)),
        _ => return Err(format!("Invalid containerPort: {text}")),
    };
    if target.contains('-') || published.is_some_and(|p| p.contains('-')) {
        return Err(format!(
            "berth: port ranges ({text}) are not simulated yet; publish each port on its own"
        ));
    }
    let target: u16 = target
        .parse()
        .map_err(|_| format!("Invalid containerPort: {target}"))?;
    Ok(Port {
        host_ip: host_ip.map(str::to_string),
        target,
        published: published.filter(|p| !p.is_empty()).map(str::to_string),
        protocol,
    })
}

fn parse_volume(
    service: &str,
    v: &Value,
    working_dir: &str,
    declared: &BTreeMap<String, VolumeConfig>,
) -> Result<ServiceVolume, String> {
    let (kind, source, target, read_only) = match v {
        Value::Mapping(m) => {
            let kind = match m.get("type").map(scalar_text).as_deref() {
                Some("bind") => VolumeKind::Bind,
                Some("volume") | None => VolumeKind::Volume,
                Some(other) => {
                    return Err(format!(
                        "berth: volumes of type {other} are not simulated yet; use volume or bind"
                    ))
                }
            };
            (
                kind,
                m.get("source").map(scalar_text).filter(|s| !s.is_empty()),
                m.get("target").map(scalar_text).unwrap_or_default(),
                m.get("read_only")
                    .is_some_and(|r| r.as_bool() == Some(true)),
            )
        }
        other => {
            let text = scalar_text(other);
            let parts: Vec<&str> = text.split(':').collect();
            let (source, target, mode) = match parts.as_slice() {
                [t] => (None, t.to_string(), ""),
                [s, t] => (Some(s.to_string()), t.to_string(), ""),
                [s, t, m] => (Some(s.to_string()), t.to_string(), *m),
                _ => return Err(format!("invalid spec: {text}: too many colons")),
            };
            let kind = match &source {
                Some(s) if s.starts_with(['.', '/', '~']) => VolumeKind::Bind,
                _ => VolumeKind::Volume,
            };
            (kind, source, target, mode.split(',').any(|m| m == "ro"))
        }
    };
    let source = match (kind, source) {
        (VolumeKind::Bind, Some(s)) => Some(absolute(working_dir, s.trim_start_matches("~/"))),
        (VolumeKind::Volume, Some(s)) => {
            if !declared.contains_key(&s) {
                // compose-go `loader/validate.go`.
                return Err(format!(
                    "service {service:?} refers to undefined volume {s}: invalid compose project"
                ));
            }
            Some(s)
        }
        (_, None) => None,
    };
    Ok(ServiceVolume {
        kind,
        source,
        target,
        read_only,
    })
}

fn build_service(
    name: &str,
    s: &Mapping,
    working_dir: &str,
    env: &BTreeMap<String, String>,
    files: &dyn Fn(&str) -> Option<String>,
    volumes: &BTreeMap<String, VolumeConfig>,
) -> Result<Service, String> {
    let mut service = Service::new(name);
    let text = |k: &str| s.get(k).map(scalar_text);
    service.image = text("image");
    service.container_name = text("container_name");
    service.hostname = text("hostname");
    service.user = text("user");
    service.working_dir = text("working_dir");
    service.restart = text("restart");
    service.stdin_open = s.get("stdin_open").and_then(Value::as_bool) == Some(true);
    service.tty = s.get("tty").and_then(Value::as_bool) == Some(true);
    service.command = s.get("command").filter(|v| !v.is_null()).map(words);
    service.entrypoint = s.get("entrypoint").filter(|v| !v.is_null()).map(words);
    service.build = match s.get("build") {
        None => None,
        Some(Value::Mapping(b)) => Some(Build {
            context: absolute(
                working_dir,
                &b.get("context")
                    .map(scalar_text)
                    .unwrap_or_else(|| ".".into()),
            ),
            dockerfile: b
                .get("dockerfile")
                .map(scalar_text)
                .unwrap_or_else(|| "Dockerfile".into()),
        }),
        Some(other) => Some(Build {
            context: absolute(working_dir, &scalar_text(other)),
            dockerfile: "Dockerfile".into(),
        }),
    };
    // env_file first, `environment` over it (compose-go `resolveServiceEnvironment`).
    let env_files: Vec<Value> = match s.get("env_file") {
        Some(Value::Sequence(items)) => items.clone(),
        Some(v) => vec![v.clone()],
        None => Vec::new(),
    };
    for item in env_files {
        let (path, required) = match &item {
            Value::Mapping(m) => (
                m.get("path").map(scalar_text).unwrap_or_default(),
                m.get("required").and_then(Value::as_bool).unwrap_or(true),
            ),
            other => (scalar_text(other), true),
        };
        let path = absolute(working_dir, &path);
        match files(&path) {
            Some(content) => {
                for (k, v) in parse_dotenv(&content, env)? {
                    service.environment.insert(k, Some(v));
                }
            }
            None if required => {
                // compose-go `types/project.go`, wrapping Go's os.Stat error.
                return Err(format!(
                    "env file {path} not found: stat {path}: no such file or directory"
                ));
            }
            None => {}
        }
        service.env_files.push(path);
    }
    match s.get("environment") {
        Some(Value::Mapping(m)) => {
            for (k, v) in m {
                let key = key_text(k);
                let value = match v {
                    Value::Null => env.get(&key).cloned(),
                    other => Some(scalar_text(other)),
                };
                service.environment.insert(key, value);
            }
        }
        Some(Value::Sequence(items)) => {
            for item in items {
                let text = scalar_text(item);
                match text.split_once('=') {
                    Some((k, v)) => {
                        service
                            .environment
                            .insert(k.to_string(), Some(v.to_string()));
                    }
                    None => {
                        let value = env.get(&text).cloned();
                        service.environment.insert(text, value);
                    }
                }
            }
        }
        _ => {}
    }
    if let Some(Value::Sequence(items)) = s.get("ports") {
        for item in items {
            service.ports.push(parse_port(name, item)?);
        }
    }
    if let Some(Value::Sequence(items)) = s.get("expose") {
        service.expose = items.iter().map(scalar_text).collect();
    }
    if let Some(Value::Sequence(items)) = s.get("volumes") {
        for item in items {
            service
                .volumes
                .push(parse_volume(name, item, working_dir, volumes)?);
        }
    }
    match s.get("networks") {
        Some(Value::Sequence(items)) => {
            for item in items {
                service
                    .networks
                    .insert(scalar_text(item), ServiceNetwork::default());
            }
        }
        Some(Value::Mapping(m)) => {
            for (k, v) in m {
                let mut attach = ServiceNetwork::default();
                if let Value::Mapping(n) = v {
                    if let Some(Value::Sequence(a)) = n.get("aliases") {
                        attach.aliases = a.iter().map(scalar_text).collect();
                    }
                    attach.ipv4_address = n.get("ipv4_address").map(scalar_text);
                }
                service.networks.insert(key_text(k), attach);
            }
        }
        _ => {}
    }
    if service.networks.is_empty() && !s.contains_key("network_mode") {
        service
            .networks
            .insert("default".to_string(), ServiceNetwork::default());
    }
    match s.get("depends_on") {
        Some(Value::Sequence(items)) => {
            for item in items {
                service.depends_on.insert(
                    scalar_text(item),
                    Dependency {
                        condition: Condition::ServiceStarted,
                        restart: false,
                        required: true,
                    },
                );
            }
        }
        Some(Value::Mapping(m)) => {
            for (k, v) in m {
                let get = |key: &str| match v {
                    Value::Mapping(d) => d.get(key).cloned(),
                    _ => None,
                };
                service.depends_on.insert(
                    key_text(k),
                    Dependency {
                        condition: get("condition")
                            .and_then(|c| Condition::parse(&scalar_text(&c)))
                            .unwrap_or(Condition::ServiceStarted),
                        restart: get("restart").and_then(|r| r.as_bool()).unwrap_or(false),
                        required: get("required").and_then(|r| r.as_bool()).unwrap_or(true),
                    },
                );
            }
        }
        _ => {}
    }
    if let Some(Value::Mapping(h)) = s.get("healthcheck") {
        let test = match h.get("test") {
            Some(Value::Sequence(items)) => items.iter().map(scalar_text).collect(),
            Some(v) => vec!["CMD-SHELL".to_string(), scalar_text(v)],
            None => Vec::new(),
        };
        service.healthcheck = Some(Healthcheck {
            disable: h.get("disable").and_then(Value::as_bool) == Some(true)
                || test.first().is_some_and(|t| t == "NONE"),
            test,
            interval: h.get("interval").map(scalar_text),
            timeout: h.get("timeout").map(scalar_text),
            retries: h.get("retries").and_then(Value::as_u64),
            start_period: h.get("start_period").map(scalar_text),
        });
    }
    service.labels = string_map(s.get("labels"));
    service.ignored = s
        .keys()
        .map(key_text)
        .filter(|k| !SIMULATED_SERVICE_KEYS.contains(&k.as_str()) && !k.starts_with("x-"))
        .collect();
    Ok(service)
}

fn build_network(project: &str, key: &str, v: Option<&Mapping>) -> NetworkConfig {
    let get = |k: &str| v.and_then(|m| m.get(k));
    let external = get("external").and_then(Value::as_bool) == Some(true);
    let name = match get("name") {
        Some(n) => scalar_text(n),
        None if external => key.to_string(),
        None => format!("{project}_{key}"),
    };
    let mut ipam = Vec::new();
    if let Some(Value::Mapping(i)) = get("ipam") {
        if let Some(Value::Sequence(pools)) = i.get("config") {
            for pool in pools {
                let p = |k: &str| match pool {
                    Value::Mapping(m) => m.get(k).map(scalar_text),
                    _ => None,
                };
                ipam.push(IpamPool {
                    subnet: p("subnet"),
                    gateway: p("gateway"),
                    ip_range: p("ip_range"),
                });
            }
        }
    }
    NetworkConfig {
        name,
        driver: get("driver").map(scalar_text),
        driver_opts: string_map(get("driver_opts")),
        ipam,
        external,
        internal: get("internal").and_then(Value::as_bool) == Some(true),
        attachable: get("attachable").and_then(Value::as_bool) == Some(true),
        labels: string_map(get("labels")),
    }
}

fn build_volume(project: &str, key: &str, v: Option<&Mapping>) -> VolumeConfig {
    let get = |k: &str| v.and_then(|m| m.get(k));
    let external = get("external").and_then(Value::as_bool) == Some(true);
    VolumeConfig {
        name: match get("name") {
            Some(n) => scalar_text(n),
            None if external => key.to_string(),
            None => format!("{project}_{key}"),
        },
        driver: get("driver").map(scalar_text),
        external,
        labels: string_map(get("labels")),
    }
}

/// The checked document to a [`Project`], with compose-go's consistency checks.
pub fn build(
    doc: &Value,
    name: &str,
    working_dir: &str,
    env: &BTreeMap<String, String>,
    files: &dyn Fn(&str) -> Option<String>,
) -> Result<Project, String> {
    let empty = Mapping::new();
    let root = match doc {
        Value::Mapping(m) => m,
        _ => &empty,
    };
    let section = |k: &str| match root.get(k) {
        Some(Value::Mapping(m)) => m.clone(),
        _ => Mapping::new(),
    };
    let mut project = Project {
        name: name.to_string(),
        working_dir: working_dir.to_string(),
        config_files: Vec::new(),
        services: BTreeMap::new(),
        networks: BTreeMap::new(),
        volumes: BTreeMap::new(),
        warnings: Vec::new(),
    };
    for (k, v) in &section("volumes") {
        let key = key_text(k);
        let m = match v {
            Value::Mapping(m) => Some(m),
            _ => None,
        };
        project
            .volumes
            .insert(key.clone(), build_volume(name, &key, m));
    }
    for (k, v) in &section("services") {
        let key = key_text(k);
        let Value::Mapping(s) = v else { continue };
        let service = build_service(&key, s, working_dir, env, files, &project.volumes)?;
        project.services.insert(key, service);
    }
    let declared = section("networks");
    for (k, v) in &declared {
        let key = key_text(k);
        let m = match v {
            Value::Mapping(m) => Some(m),
            _ => None,
        };
        project
            .networks
            .insert(key.clone(), build_network(name, &key, m));
    }
    // compose-go `loader/normalize.go`: the implicit `default` network, when used.
    let uses_default = project
        .services
        .values()
        .any(|s| s.networks.contains_key("default"));
    if uses_default && !project.networks.contains_key("default") {
        project
            .networks
            .insert("default".into(), build_network(name, "default", None));
    }
    // compose-go `loader/validate.go`, service by service in name order.
    for s in project.services.values() {
        if s.image.is_none() && s.build.is_none() {
            return Err(format!("service {:?} has neither an image nor a build context specified: invalid compose project", s.name));
        }
        for n in s.networks.keys() {
            if !project.networks.contains_key(n) {
                return Err(format!(
                    "service {:?} refers to undefined network {n}: invalid compose project",
                    s.name
                ));
            }
        }
        for d in s.depends_on.keys() {
            if !project.services.contains_key(d) {
                return Err(format!(
                    "service {:?} depends on undefined service {d:?}: invalid compose project",
                    s.name
                ));
            }
        }
    }
    if let Some(cycle) = find_cycle(&project) {
        return Err(format!("dependency cycle detected: {cycle}"));
    }
    Ok(project)
}

/// compose-go `graph/cycle.go`: `a -> b -> a`.
fn find_cycle(project: &Project) -> Option<String> {
    fn visit<'a>(
        project: &'a Project,
        name: &'a str,
        path: &mut Vec<&'a str>,
        done: &mut Vec<&'a str>,
    ) -> Option<String> {
        if let Some(i) = path.iter().position(|p| *p == name) {
            let mut cycle: Vec<&str> = path.get(i..).unwrap_or(&[]).to_vec();
            cycle.push(name);
            return Some(cycle.join(" -> "));
        }
        if done.contains(&name) || path.len() > project.services.len() {
            return None;
        }
        path.push(name);
        if let Some(s) = project.services.get(name) {
            for d in s.depends_on.keys() {
                if let Some(c) = visit(project, d, path, done) {
                    return Some(c);
                }
            }
        }
        path.pop();
        done.push(name);
        None
    }
    let mut done = Vec::new();
    for name in project.services.keys() {
        let mut path = Vec::new();
        if let Some(c) = visit(project, name, &mut path, &mut done) {
            return Some(c);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn check(yaml: &str) -> Result<Option<String>, String> {
        validate("/root/compose.yaml", &serde_norway::from_str(yaml).unwrap())
    }

    #[test]
    fn unknown_keys_in_compose_go_words() {
        assert_eq!(
            check("services:\n  web:\n    image: nginx\n    foo: 1\n").unwrap_err(),
            "validating /root/compose.yaml: services.web additional properties 'foo' not allowed"
        );
        assert_eq!(
            check("services: []\n").unwrap_err(),
            "validating /root/compose.yaml: services must be a mapping"
        );
        assert_eq!(
            check("name: shop\nservices: {}\n").unwrap(),
            Some("shop".into())
        );
    }

    #[test]
    fn ports_and_words() {
        let p = parse_port("web", &Value::String("127.0.0.1:8080:80/udp".into())).unwrap();
        assert_eq!(p.host_ip.as_deref(), Some("127.0.0.1"));
        assert_eq!(p.published.as_deref(), Some("8080"));
        assert_eq!((p.target, p.protocol.as_str()), (80, "udp"));
        assert_eq!(
            shell_split(r#"sh -c "yarn install && yarn run dev""#),
            vec!["sh", "-c", "yarn install && yarn run dev"]
        );
    }
}
