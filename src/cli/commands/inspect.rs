//! `docker inspect` and `docker container|network|image|volume inspect`: the Engine API's JSON
//! for an object, indented with 4 spaces inside a JSON array, or `-f TEMPLATE` run on it
//! (docker/cli `cli/command/inspect/inspector.go`; field order from moby's API types, engine
//! 29 layout, reference/docker-semantics.md C.4–C.6).
//!
//! Templates run as docker/cli's inspector runs them (`inspect_template`): a field the engine
//! no longer has, such as `{{.NetworkSettings.IPAddress}}` since 29, fails on the raw JSON
//! with Go's `map has no entry for key` error, and a missing label is `<no value>`.

use crate::cli::flags::{Flag, Spec, FORMAT_HELP};
use crate::cli::{parse_flags, requires_min_args, Docker, Output};
use crate::engine::docker::caller::Caller;
use crate::engine::docker::volumes::{MountSource, Volume};
use crate::engine::EngineError;
use crate::engine::{Container, Host, Network, State, World};
use crate::golang::json::marshal_indent as json_indent;
use crate::golang::template::{Template, Value};

pub const INSPECT: Spec = Spec {
    path: "docker inspect",
    use_line: "docker inspect [OPTIONS] NAME|ID [NAME|ID...]",
    description: "Return low-level information on Docker objects",
    aliases: "",
    flags: &[
        Flag::value("format", Some('f'), "string", FORMAT_HELP),
        Flag::bool(
            "size",
            Some('s'),
            "Display total file sizes if the type is container",
        )
        .not_simulated(),
        Flag::value(
            "type",
            None,
            "string",
            "Only inspect objects of the given type",
        ),
    ],
    interspersed: true,
    excluded: &[],
};

pub const CONTAINER: Spec = Spec {
    path: "docker container inspect",
    use_line: "docker container inspect [OPTIONS] CONTAINER [CONTAINER...]",
    description: "Display detailed information on one or more containers",
    aliases: "",
    flags: &[
        Flag::value("format", Some('f'), "string", FORMAT_HELP),
        Flag::bool("size", Some('s'), "Display total file sizes").not_simulated(),
    ],
    interspersed: true,
    excluded: &[],
};

pub const NETWORK: Spec = Spec {
    path: "docker network inspect",
    use_line: "docker network inspect [OPTIONS] NETWORK [NETWORK...]",
    description: "Display detailed information on one or more networks",
    aliases: "",
    flags: &[
        Flag::value("format", Some('f'), "string", FORMAT_HELP),
        Flag::bool("verbose", Some('v'), "Verbose output for diagnostics").not_simulated(),
    ],
    interspersed: true,
    excluded: &[],
};

pub const IMAGE: Spec = Spec {
    path: "docker image inspect",
    use_line: "docker image inspect [OPTIONS] IMAGE [IMAGE...]",
    description: "Display detailed information on one or more images",
    aliases: "",
    flags: &[
        Flag::value("format", Some('f'), "string", FORMAT_HELP),
        Flag::value(
            "platform",
            None,
            "string",
            "Inspect a specific platform of the multi-platform image.",
        )
        .not_simulated(),
    ],
    interspersed: true,
    excluded: &[],
};

pub const VOLUME: Spec = Spec {
    path: "docker volume inspect",
    use_line: "docker volume inspect [OPTIONS] VOLUME [VOLUME...]",
    description: "Display detailed information on one or more volumes",
    aliases: "",
    flags: &[Flag::value("format", Some('f'), "string", FORMAT_HELP)],
    interspersed: true,
    excluded: &[],
};

/// Which objects a name may denote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Any,
    Container,
    Network,
    Image,
    Volume,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Inspect {
    pub kind: Kind,
    pub format: Option<String>,
    pub names: Vec<String>,
}

pub fn parse(kind: Kind, words: &[String]) -> Result<Docker, Output> {
    let spec = match kind {
        Kind::Any => &INSPECT,
        Kind::Container => &CONTAINER,
        Kind::Network => &NETWORK,
        Kind::Image => &IMAGE,
        Kind::Volume => &VOLUME,
    };
    let Some(parsed) = parse_flags(spec, words)? else {
        return Ok(Docker::Help(spec));
    };
    if parsed.args.is_empty() {
        return Err(requires_min_args(spec, 1));
    }
    let kind = match (kind, parsed.value("type")) {
        (Kind::Any, Some("container")) => Kind::Container,
        (Kind::Any, Some("network")) => Kind::Network,
        (Kind::Any, Some("image")) => Kind::Image,
        (Kind::Any, Some("volume")) => Kind::Volume,
        (Kind::Any, Some(other)) => {
            return Err(Output::failed(
                format!("\"{other}\" is not a valid value for --type"),
                1,
            ))
        }
        (k, _) => k,
    };
    Ok(Docker::Inspect(Inspect {
        kind,
        format: parsed.value("format").map(String::from),
        names: parsed.args,
    }))
}

/// What every `inspect` prints for the objects it found: a JSON array, or the template run
/// on each object, stopping at its first error (which joins `errors`).
pub(crate) fn render(
    o: &mut Output,
    errors: &mut Vec<String>,
    template: Option<&Template>,
    found: Vec<Value>,
) {
    match template {
        None => o.out(json_indent(
            &Value::List(
                found
                    .into_iter()
                    .map(super::inspect_image::image_json_view)
                    .collect(),
            ),
            "    ",
        )),
        Some(t) => {
            for v in &found {
                match inspect_template(t, v) {
                    Ok(text) => o.out(text),
                    Err(e) => {
                        errors.push(e);
                        break;
                    }
                }
            }
        }
    }
}

/// The fields of Docker's inspect objects that are Go maps (`Config.Labels`,
/// `NetworkSettings.Networks`, `GraphDriver.Data`…): a missing key of one is no
/// value on the typed object.
const GO_MAPS: &[&str] = &[
    "Labels", "Options", "DriverOpts", "Networks", "Ports", "ExposedPorts", "Volumes",
    "Containers", "Annotations", "Sysctls", "StorageOpt", "Tmpfs", "Data",
];

/// docker/cli's `TemplateInspector.Inspect` (cli/command/inspect/inspector.go): the template
/// runs on the typed object, where a Go map's missing key is `<no value>` and a missing
/// struct field an error; on an error it runs again on the raw JSON under
/// `missingkey=error`, whose error it reports as `template parsing error: …`. Here the object
/// is its JSON: the raw run comes first, and a missing key under a Go map is the typed run's.
fn inspect_template(t: &Template, v: &Value) -> Result<String, String> {
    let raw = t.missingkey_error().execute(v);
    let Err(e) = raw else {
        return raw.map_err(|e| e.to_string());
    };
    let text = e.to_string();
    // `at <.Config.Labels.nope>: map has no entry for key "nope"`: the field before the
    // key (the node may go on past it: `.NetworkSettings.Networks.nope.IPAddress`).
    let under_go_map = text
        .split_once(" at <")
        .and_then(|(_, rest)| rest.split_once(">: map has no entry for key \""))
        .and_then(|(path, key)| {
            let key = key.strip_suffix('"')?;
            let fields: Vec<&str> = path.split('.').collect();
            let at = fields.iter().rposition(|f| *f == key)?;
            fields.get(at.checked_sub(1)?).copied()
        })
        .is_some_and(|parent| GO_MAPS.contains(&parent));
    if under_go_map {
        if let Ok(out) = t.execute(v) {
            return Ok(out);
        }
    }
    Err(format!("template parsing error: {text}"))
}

impl Inspect {
    pub fn execute(self, world: &mut World, host: &str, caller: &Caller) -> Output {
        let mut o = Output::default();
        let Ok(h) = world.host(host) else {
            return Output::failed("berth: no such host", 1);
        };
        let template = match self.format.as_deref() {
            None | Some("json") => None,
            Some(f) => match Template::parse(&f.replace("\\n", "\n").replace("\\t", "\t")) {
                Ok(t) => Some(t),
                Err(e) => return Output::failed(format!("template parsing error: {e}"), 1),
            },
        };
        let mut found = Vec::new();
        let mut errors = Vec::new();
        // One `GET …/json` per name (and per type tried); the daemon's plugins judge each.
        for name in &self.names {
            match find(world, h, caller, self.kind, name) {
                Ok(v) => found.push(v),
                Err(e) => errors.push(e),
            }
        }
        render(&mut o, &mut errors, template.as_ref(), found);
        if !errors.is_empty() {
            o.err(errors.join("\n"));
            o.exit_code = 1;
        }
        o
    }
}

fn find(world: &World, h: &Host, caller: &Caller, kind: Kind, name: &str) -> Result<Value, String> {
    let host = h.name.as_str();
    let container = || {
        world
            .container_inspect(host, caller, name)
            .map(|c| container_json(h, c, world.now()))
    };
    let network = || {
        world
            .network_get(host, caller, name)
            .map(|n| network_json(world, h, n))
    };
    let image = || {
        world
            .image_get(host, caller, name)
            .map(|i| super::inspect_image::image_json(h, i))
    };
    let volume = || world.volume_get(host, caller, name).map(volume_json);
    match kind {
        // The daemon's own error: not found, an ambiguous ID prefix, or a refusal.
        Kind::Container => container().map_err(|e| super::daemon_error(&e)),
        Kind::Network => network().map_err(|e| super::daemon_error(&e)),
        Kind::Image => image().map_err(|e| super::daemon_error(&e)),
        Kind::Volume => volume().map_err(|e| super::daemon_error(&e)),
        // docker/cli `inspectAll` tries each type in turn, each its own request; only a
        // not-found answer moves on to the next (`isErrSkippable`), so a plugin's refusal
        // ends the search. Since 29 the last error is lower case.
        Kind::Any => {
            let tries: [&dyn Fn() -> Result<Value, EngineError>; 4] =
                [&container, &image, &network, &volume];
            for attempt in tries {
                match attempt() {
                    Ok(v) => return Ok(v),
                    Err(e @ EngineError::Authz(_)) => return Err(super::daemon_error(&e)),
                    Err(_) => {}
                }
            }
            Err(format!("error: no such object: {name}"))
        }
    }
}

pub(super) fn s(text: impl Into<String>) -> Value {
    Value::Str(text.into())
}

pub(super) fn obj(fields: Vec<(&str, Value)>) -> Value {
    Value::Map(
        fields
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect(),
    )
}

pub(super) fn strings(items: &[String]) -> Value {
    Value::List(items.iter().map(|i| s(i.clone())).collect())
}

pub(super) fn null_if_empty(items: &[String]) -> Value {
    if items.is_empty() {
        Value::Null
    } else {
        strings(items)
    }
}

const ZERO_TIME: &str = "0001-01-01T00:00:00Z";

/// A container's `docker inspect` object (API 1.52 field order, the fields lessons use).
fn container_json(h: &Host, c: &Container, world_now: crate::engine::clock::Timestamp) -> Value {
    let (status, running, paused, exit_code, started, finished) = match &c.state {
        State::Created => (
            "created",
            false,
            false,
            0,
            ZERO_TIME.to_string(),
            ZERO_TIME.to_string(),
        ),
        State::Running { started_at, paused } => (
            if *paused { "paused" } else { "running" },
            true,
            *paused,
            0,
            started_at.rfc3339_nanos(),
            ZERO_TIME.to_string(),
        ),
        State::Restarting { exit_code, since } => (
            "restarting",
            true,
            false,
            *exit_code,
            c.created.rfc3339_nanos(),
            since.rfc3339_nanos(),
        ),
        State::Exited {
            exit_code,
            finished_at,
        } => (
            "exited",
            false,
            false,
            *exit_code,
            c.created.rfc3339_nanos(),
            finished_at.rfc3339_nanos(),
        ),
    };
    let pid = i64::try_from(c.pid()).unwrap_or(0);
    let dir = format!("/var/lib/docker/containers/{}", c.id);
    let binds: Vec<String> = c
        .mounts
        .iter()
        .filter_map(|m| match &m.source {
            MountSource::Bind(p) => Some(format!(
                "{p}:{}{}",
                m.target,
                if m.read_only { ":ro" } else { "" }
            )),
            MountSource::Volume(Some(v)) if !h.volumes.get(v).is_some_and(|x| x.anonymous) => Some(
                format!("{v}:{}{}", m.target, if m.read_only { ":ro" } else { "" }),
            ),
            _ => None,
        })
        .collect();
    let port_bindings: Vec<(String, Value)> = c
        .port_specs
        .iter()
        .flat_map(|spec| {
            (spec.container_ports.0..=spec.container_ports.1)
                .enumerate()
                .map(move |(i, p)| {
                    let host_port = spec
                        .host_ports
                        .map(|(a, _)| (a as usize + i).to_string())
                        .unwrap_or_default();
                    (
                        format!("{p}/{}", spec.proto.as_str()),
                        Value::List(vec![obj(vec![
                            (
                                "HostIp",
                                s(spec.host_ip.map(|ip| ip.to_string()).unwrap_or_default()),
                            ),
                            ("HostPort", s(host_port)),
                        ])]),
                    )
                })
        })
        .collect();
    let exposed: Vec<(String, Value)> = {
        let mut e: Vec<String> = c.exposed_ports.clone();
        e.sort();
        e.into_iter().map(|p| (p, obj(vec![]))).collect()
    };
    let mut ports: Vec<(String, Value)> = Vec::new();
    if running && c.network_mode != "host" {
        let mut keys: Vec<String> = c.exposed_ports.clone();
        keys.sort();
        for key in keys {
            let bindings: Vec<Value> = c
                .published
                .iter()
                .filter(|p| format!("{}/{}", p.container_port, p.proto.as_str()) == key)
                .map(|p| {
                    obj(vec![
                        ("HostIp", s(p.host_ip.as_text())),
                        ("HostPort", s(p.host_port.to_string())),
                    ])
                })
                .collect();
            ports.push((
                key,
                if bindings.is_empty() {
                    Value::Null
                } else {
                    Value::List(bindings)
                },
            ));
        }
    }
    let mut networks: Vec<(String, Value)> = c
        .networks
        .iter()
        .map(|(net_id, a)| {
            let network = h.networks.get(net_id);
            let user_defined = network.is_some_and(|n| n.is_user_defined());
            let endpoint = a.endpoint.as_ref();
            let ip = endpoint.and_then(|e| e.ip);
            let gateway = match (ip, network.and_then(|n| n.ipam.as_ref())) {
                (Some(_), Some(ipam)) => ipam.gateway.to_string(),
                _ => String::new(),
            };
            let prefix = match (ip, network.and_then(|n| n.ipam.as_ref())) {
                (Some(_), Some(ipam)) => i64::from(ipam.subnet.prefix()),
                _ => 0,
            };
            let mut dns_names = vec![c.name.clone()];
            dns_names.extend(a.aliases.iter().cloned());
            dns_names.push(c.short_id().to_string());
            if c.hostname != c.short_id() {
                dns_names.push(c.hostname.clone());
            }
            dns_names.dedup();
            (
                a.network_name.clone(),
                obj(vec![
                    (
                        "IPAMConfig",
                        match a.ipv4_address {
                            Some(ip) => obj(vec![("IPv4Address", s(ip.to_string()))]),
                            None => Value::Null,
                        },
                    ),
                    ("Links", Value::Null),
                    ("Aliases", null_if_empty(&a.aliases)),
                    ("DriverOpts", Value::Null),
                    ("GwPriority", Value::Int(0)),
                    (
                        "NetworkID",
                        s(network.map(|n| n.id.clone()).unwrap_or_default()),
                    ),
                    (
                        "EndpointID",
                        s(endpoint.map(|e| e.endpoint_id.clone()).unwrap_or_default()),
                    ),
                    ("Gateway", s(gateway)),
                    (
                        "IPAddress",
                        s(ip.map(|i| i.to_string()).unwrap_or_default()),
                    ),
                    (
                        "MacAddress",
                        s(endpoint
                            .and_then(|e| e.mac)
                            .map(|m| m.to_string())
                            .unwrap_or_default()),
                    ),
                    ("IPPrefixLen", Value::Int(prefix)),
                    ("IPv6Gateway", s("")),
                    ("GlobalIPv6Address", s("")),
                    ("GlobalIPv6PrefixLen", Value::Int(0)),
                    (
                        "DNSNames",
                        if user_defined {
                            strings(&dns_names)
                        } else {
                            Value::Null
                        },
                    ),
                ]),
            )
        })
        .collect();
    networks.sort_by(|a, b| a.0.cmp(&b.0));
    let sandbox = if running {
        c.networks
            .values()
            .find_map(|a| a.endpoint.as_ref())
            .map(|e| e.endpoint_id.chars().rev().collect::<String>())
            .unwrap_or_default()
    } else {
        String::new()
    };
    let mounts: Vec<Value> = c
        .mounts
        .iter()
        .map(|m| match &m.source {
            MountSource::Bind(p) => obj(vec![
                ("Type", s("bind")),
                ("Source", s(p.clone())),
                ("Destination", s(m.target.clone())),
                ("Mode", s(if m.read_only { "ro" } else { "" })),
                ("RW", Value::Bool(!m.read_only)),
                ("Propagation", s("rprivate")),
            ]),
            MountSource::Volume(v) => {
                let name = v.clone().unwrap_or_default();
                obj(vec![
                    ("Type", s("volume")),
                    ("Name", s(name.clone())),
                    ("Source", s(format!("/var/lib/docker/volumes/{name}/_data"))),
                    ("Destination", s(m.target.clone())),
                    ("Driver", s("local")),
                    ("Mode", s(if m.read_only { "ro" } else { "z" })),
                    ("RW", Value::Bool(!m.read_only)),
                    ("Propagation", s("")),
                ])
            }
        })
        .collect();
    let image_entry = h
        .images
        .values()
        .find(|i| i.id == c.image_id)
        .map(|i| &i.config);
    let mut env =
        vec!["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin".to_string()];
    crate::engine::docker::image_config::replace_or_append_env(
        &mut env,
        image_entry.into_iter().flat_map(|e| e.env.iter()),
    );
    crate::engine::docker::image_config::replace_or_append_env(&mut env, c.env.iter());
    let entrypoint = c.entrypoint.clone();
    let mut cmd = vec![c.path.clone()];
    cmd.extend(c.args.iter().cloned());
    let cmd: Vec<String> = cmd.into_iter().skip(entrypoint.len()).collect();
    obj(vec![
        ("Id", s(c.id.clone())),
        ("Created", s(c.created.rfc3339_nanos())),
        ("Path", s(c.path.clone())),
        ("Args", strings(&c.args)),
        (
            "State",
            obj(vec![
                ("Status", s(status)),
                ("Running", Value::Bool(running)),
                ("Paused", Value::Bool(paused)),
                ("Restarting", Value::Bool(status == "restarting")),
                ("OOMKilled", Value::Bool(false)),
                ("Dead", Value::Bool(false)),
                ("Pid", Value::Int(pid)),
                ("ExitCode", Value::Int(i64::from(exit_code))),
                ("Error", s("")),
                ("StartedAt", s(started)),
                ("FinishedAt", s(finished)),
            ]
            .into_iter()
            .chain(
                c.health_status(world_now)
                    .filter(|_| running)
                    .map(|health| {
                        (
                            "Health",
                            obj(vec![
                                ("Status", s(health)),
                                ("FailingStreak", Value::Int(0)),
                                ("Log", Value::List(Vec::new())),
                            ]),
                        )
                    }),
            )
            .collect()),
        ),
        ("Image", s(format!("sha256:{}", c.image_id))),
        ("ResolvConfPath", s(format!("{dir}/resolv.conf"))),
        ("HostnamePath", s(format!("{dir}/hostname"))),
        ("HostsPath", s(format!("{dir}/hosts"))),
        ("LogPath", s(format!("{dir}/{}-json.log", c.id))),
        ("Name", s(format!("/{}", c.name))),
        ("RestartCount", Value::Int(i64::from(c.restart_count))),
        ("Driver", s("overlayfs")),
        ("Platform", s("linux")),
        ("MountLabel", s("")),
        ("ProcessLabel", s("")),
        (
            "AppArmorProfile",
            s(if c.security.apparmor_unconfined() {
                "unconfined"
            } else {
                "docker-default"
            }),
        ),
        ("ExecIDs", Value::Null),
        (
            "HostConfig",
            obj(vec![
                ("Binds", null_if_empty(&binds)),
                ("ContainerIDFile", s("")),
                (
                    "LogConfig",
                    obj(vec![("Type", s("json-file")), ("Config", obj(vec![]))]),
                ),
                ("NetworkMode", s(c.network_mode.clone())),
                ("PortBindings", Value::Map(port_bindings)),
                (
                    "RestartPolicy",
                    obj(vec![
                        ("Name", s(c.restart_policy.name())),
                        (
                            "MaximumRetryCount",
                            Value::Int(match c.restart_policy {
                                crate::engine::RestartPolicy::OnFailure(n) => i64::from(n),
                                _ => 0,
                            }),
                        ),
                    ]),
                ),
                ("AutoRemove", Value::Bool(c.auto_remove)),
                ("VolumeDriver", s("")),
                ("VolumesFrom", Value::Null),
                ("CapAdd", null_if_empty(&c.security.cap_add)),
                ("CapDrop", null_if_empty(&c.security.cap_drop)),
                ("CgroupnsMode", s("private")),
                ("Dns", Value::List(vec![])),
                ("DnsOptions", Value::List(vec![])),
                ("DnsSearch", Value::List(vec![])),
                ("ExtraHosts", Value::Null),
                (
                    "IpcMode",
                    s(if c.security.ipc_mode.is_empty() {
                        "private".to_string()
                    } else {
                        c.security.ipc_mode.clone()
                    }),
                ),
                (
                    "Links",
                    if c.links.is_empty() {
                        Value::Null
                    } else {
                        Value::List(
                            c.links
                                .iter()
                                .filter_map(|(id, alias)| {
                                    let t = h.containers.get(id)?;
                                    Some(s(format!("/{}:/{}/{alias}", t.name, c.name)))
                                })
                                .collect(),
                        )
                    },
                ),
                ("PidMode", s(c.security.pid_mode.clone())),
                ("Privileged", Value::Bool(c.security.privileged)),
                ("PublishAllPorts", Value::Bool(c.publish_all)),
                ("ReadonlyRootfs", Value::Bool(c.security.read_only)),
                ("SecurityOpt", null_if_empty(&c.security.security_opt)),
                ("UTSMode", s(c.security.uts_mode.clone())),
                ("UsernsMode", s(c.security.userns_mode.clone())),
                ("Runtime", s("runc")),
                ("Isolation", s(c.isolation.as_str())),
                ("CpuShares", Value::Int(c.security.cpu_shares)),
                ("Memory", Value::Int(c.security.memory)),
                ("NanoCpus", Value::Int(c.security.nano_cpus)),
                (
                    "PidsLimit",
                    c.security.pids_limit.map_or(Value::Null, Value::Int),
                ),
            ]),
        ),
        ("Mounts", Value::List(mounts)),
        (
            "Config",
            obj(vec![
                ("Hostname", s(c.hostname.clone())),
                ("Domainname", s("")),
                ("User", s(c.user.clone())),
                ("AttachStdin", Value::Bool(false)),
                ("AttachStdout", Value::Bool(false)),
                ("AttachStderr", Value::Bool(false)),
                (
                    "ExposedPorts",
                    if exposed.is_empty() {
                        Value::Null
                    } else {
                        Value::Map(exposed)
                    },
                ),
                ("Tty", Value::Bool(c.tty)),
                ("OpenStdin", Value::Bool(c.open_stdin)),
                ("StdinOnce", Value::Bool(false)),
                ("Env", strings(&env)),
                ("Cmd", null_if_empty(&cmd)),
                ("Image", s(c.image.as_typed().to_string())),
                // The image's `VOLUME`s, merged into the container's config at create.
                (
                    "Volumes",
                    match h.images.values().find(|i| i.id == c.image_id) {
                        Some(i) if !i.config.volumes.is_empty() => Value::Map(
                            i.config
                                .volumes
                                .iter()
                                .map(|v| (v.clone(), obj(vec![])))
                                .collect(),
                        ),
                        _ => Value::Null,
                    },
                ),
                (
                    "WorkingDir",
                    s(if c.workdir == "/" {
                        String::new()
                    } else {
                        c.workdir.clone()
                    }),
                ),
                ("Entrypoint", null_if_empty(&entrypoint)),
                ("OnBuild", Value::Null),
                (
                    "Labels",
                    obj(c
                        .labels
                        .iter()
                        .map(|(k, v)| (k.as_str(), s(v.clone())))
                        .collect()),
                ),
            ]),
        ),
        (
            "NetworkSettings",
            obj(vec![
                ("SandboxID", s(sandbox.clone())),
                (
                    "SandboxKey",
                    s(if sandbox.is_empty() {
                        String::new()
                    } else {
                        format!("/var/run/docker/netns/{}", sandbox.get(..12).unwrap_or(""))
                    }),
                ),
                ("Ports", Value::Map(ports)),
                ("Networks", Value::Map(networks)),
            ]),
        ),
    ])
}

/// A network's `docker network inspect` object (engine 29 order).
fn network_json(world: &World, h: &Host, n: &Network) -> Value {
    let ipam_config: Vec<Value> = n
        .ipam
        .iter()
        .map(|ipam| {
            let mut fields = vec![("Subnet", s(ipam.subnet.to_string()))];
            if let Some(range) = ipam.ip_range {
                fields.push(("IPRange", s(range.to_string())));
            }
            fields.push(("Gateway", s(ipam.gateway.to_string())));
            if !ipam.aux_addresses.is_empty() {
                fields.push((
                    "AuxiliaryAddresses",
                    Value::Map(
                        ipam.aux_addresses
                            .iter()
                            .map(|(k, v)| (k.clone(), s(v.to_string())))
                            .collect(),
                    ),
                ));
            }
            obj(fields)
        })
        .collect();
    let mut containers: Vec<(String, Value)> = h
        .containers
        .values()
        .filter_map(|c| {
            let e = c.endpoint(&n.id)?;
            let prefix = n.ipam.as_ref().map_or(0, |i| i.subnet.prefix());
            Some((
                c.id.clone(),
                obj(vec![
                    ("Name", s(c.name.clone())),
                    ("EndpointID", s(e.endpoint_id.clone())),
                    (
                        "MacAddress",
                        s(e.mac.map(|m| m.to_string()).unwrap_or_default()),
                    ),
                    (
                        "IPv4Address",
                        s(e.ip.map(|ip| format!("{ip}/{prefix}")).unwrap_or_default()),
                    ),
                    ("IPv6Address", s("")),
                ]),
            ))
        })
        .collect();
    // A swarm overlay's load balancer on this node: the sandbox `lb-NAME` keys it, its
    // endpoint is `NAME-endpoint` (moby `libnetwork/network.go`).
    if let Some(lb) = world.lb_endpoint(&h.name, &n.id) {
        let prefix = n.ipam.as_ref().map_or(0, |i| i.subnet.prefix());
        containers.push((
            format!("lb-{}", n.name),
            obj(vec![
                ("Name", s(format!("{}-endpoint", n.name))),
                ("EndpointID", s(lb.endpoint_id.clone())),
                ("MacAddress", s(lb.mac.to_string())),
                ("IPv4Address", s(format!("{}/{prefix}", lb.ip))),
                ("IPv6Address", s("")),
            ]),
        ));
    }
    containers.sort_by(|a, b| a.0.cmp(&b.0));
    let peers: Vec<Value> = world
        .overlay_peers(&n.id)
        .into_iter()
        .map(|(name, ip)| obj(vec![("Name", s(name)), ("IP", s(ip.to_string()))]))
        .collect();
    let mut fields = vec![
        ("Name", s(n.name.clone())),
        ("Id", s(n.id.clone())),
        ("Created", s(n.created.rfc3339_nanos())),
        ("Scope", s(n.scope())),
        ("Driver", s(n.driver.as_str())),
        ("EnableIPv4", Value::Bool(true)),
        ("EnableIPv6", Value::Bool(false)),
        (
            "IPAM",
            obj(vec![
                ("Driver", s("default")),
                (
                    "Options",
                    if n.ipam_options_null {
                        Value::Null
                    } else {
                        obj(vec![])
                    },
                ),
                ("Config", Value::List(ipam_config)),
            ]),
        ),
        ("Internal", Value::Bool(n.internal)),
        ("Attachable", Value::Bool(n.attachable)),
        (
            "Ingress",
            Value::Bool(world.swarm().is_some_and(|sw| sw.ingress_id == n.id)),
        ),
        ("ConfigFrom", obj(vec![("Network", s(""))])),
        ("ConfigOnly", Value::Bool(false)),
        (
            "Options",
            Value::Map(
                n.options
                    .iter()
                    .map(|(k, v)| (k.clone(), s(v.clone())))
                    .collect(),
            ),
        ),
        (
            "Labels",
            Value::Map(
                n.labels
                    .iter()
                    .map(|(k, v)| (k.clone(), s(v.clone())))
                    .collect(),
            ),
        ),
    ];
    // `Peers` follows `Labels` and is omitted when empty (moby `api/types/network`).
    if !peers.is_empty() {
        fields.push(("Peers", Value::List(peers)));
    }
    fields.push(("Containers", Value::Map(containers)));
    if let Some(ipam) = &n.ipam {
        // API 1.52: addresses in use count the reserved network and broadcast addresses.
        let reserved: u64 = if ipam.subnet.size() > 2 { 2 } else { 0 };
        let in_use = u64::try_from(ipam.in_use().count()).unwrap_or(0) + reserved;
        let available = ipam.subnet.size().saturating_sub(in_use);
        fields.push((
            "Status",
            obj(vec![(
                "IPAM",
                obj(vec![(
                    "Subnets",
                    Value::Map(vec![(
                        ipam.subnet.to_string(),
                        obj(vec![
                            ("IPsInUse", Value::Int(i64::try_from(in_use).unwrap_or(0))),
                            (
                                "DynamicIPsAvailable",
                                Value::Int(i64::try_from(available).unwrap_or(0)),
                            ),
                        ]),
                    )]),
                )]),
            )]),
        ));
    }
    obj(fields)
}

fn volume_json(v: &Volume) -> Value {
    let (y, mo, d, hh, mi, ss) = v.created.civil();
    obj(vec![
        (
            "CreatedAt",
            s(format!("{y:04}-{mo:02}-{d:02}T{hh:02}:{mi:02}:{ss:02}Z")),
        ),
        ("Driver", s("local")),
        (
            "Labels",
            if v.labels.is_empty() {
                Value::Null
            } else {
                Value::Map(
                    v.labels
                        .iter()
                        .map(|(k, x)| (k.clone(), s(x.clone())))
                        .collect(),
                )
            },
        ),
        (
            "Mountpoint",
            s(format!("/var/lib/docker/volumes/{}/_data", v.name)),
        ),
        ("Name", s(v.name.clone())),
        ("Options", Value::Null),
        ("Scope", s("local")),
    ])
}
