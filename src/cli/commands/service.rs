//! `docker service create|inspect|ls|ps|rm|scale` (docker/cli `cli/command/service/*.go`).
//!
//! `create` and `scale` print the converge progress the CLI shows when it waits for the tasks
//! (`cli/command/service/progress/progress.go`; reference D.4), unless `-d`.

use crate::cli::flags::{Flag, Spec};
use crate::cli::{parse_flags, requires_min_args, table, Docker, Output};
use crate::engine::clock::human_duration;
use crate::engine::docker::ports::Proto;
use crate::engine::swarm::services::{ServiceCreate, ServiceError, ServicePort, ServiceUpdate};
use crate::engine::World;

use super::Management;
use crate::engine::docker::caller::Caller;

pub const SERVICE: Management = Management {
    path: "docker service",
    description: "Manage Swarm services",
    commands: &[
        ("create", "Create a new service"),
        (
            "inspect",
            "Display detailed information on one or more services",
        ),
        ("logs", "Fetch the logs of a service or task"),
        ("ls", "List services"),
        ("ps", "List the tasks of one or more services"),
        ("rm", "Remove one or more services"),
        ("rollback", "Revert changes to a service's configuration"),
        ("scale", "Scale one or multiple replicated services"),
        ("update", "Update a service"),
    ],
};

pub const CREATE: Spec = Spec {
    path: "docker service create",
    use_line: "docker service create [OPTIONS] IMAGE [COMMAND] [ARG...]",
    description: "Create a new service",
    aliases: "",
    flags: &[
        Flag::bool(
            "detach",
            Some('d'),
            "Exit immediately instead of waiting for the service to converge",
        ),
        Flag::value("env", Some('e'), "list", "Set environment variables").not_simulated(),
        Flag::value("mode", None, "string", "Service mode (\"replicated\", \"global\", \"replicated-job\", \"global-job\") (default \"replicated\")").not_simulated(),
        Flag::value("name", None, "string", "Service name"),
        Flag::value("network", None, "network", "Network attachments"),
        Flag::value("publish", Some('p'), "port", "Publish a port as a node port"),
        Flag::value("replicas", None, "uint", "Number of tasks"),
    ],
    interspersed: false,
    excluded: &[],
};

pub const INSPECT: Spec = Spec {
    path: "docker service inspect",
    use_line: "docker service inspect [OPTIONS] SERVICE [SERVICE...]",
    description: "Display detailed information on one or more services",
    aliases: "",
    flags: &[
        Flag::value(
            "format",
            Some('f'),
            "string",
            "Format output using a custom template:\n'json':             Print in JSON format\n'TEMPLATE':         Print output using the given Go template.\nRefer to https://docs.docker.com/go/formatting/ for more information about formatting output with templates",
        ),
        Flag::bool("pretty", None, "Print the information in a human friendly format"),
    ],
    interspersed: true,
    excluded: &[],
};

pub const LS: Spec = Spec {
    path: "docker service ls",
    use_line: "docker service ls [OPTIONS]",
    description: "List services",
    aliases: "docker service ls, docker service list",
    flags: &[Flag::bool("quiet", Some('q'), "Only display IDs")],
    interspersed: true,
    excluded: &[],
};

pub const PS: Spec = Spec {
    path: "docker service ps",
    use_line: "docker service ps [OPTIONS] SERVICE [SERVICE...]",
    description: "List the tasks of one or more services",
    aliases: "",
    flags: &[Flag::bool("quiet", Some('q'), "Only display task IDs")],
    interspersed: true,
    excluded: &[],
};

pub const RM: Spec = Spec {
    path: "docker service rm",
    use_line: "docker service rm SERVICE [SERVICE...]",
    description: "Remove one or more services",
    aliases: "docker service rm, docker service remove",
    flags: &[],
    interspersed: true,
    excluded: &[],
};

pub const SCALE: Spec = Spec {
    path: "docker service scale",
    use_line: "docker service scale SERVICE=REPLICAS [SERVICE=REPLICAS...]",
    description: "Scale one or multiple replicated services",
    aliases: "",
    flags: &[Flag::bool(
        "detach",
        Some('d'),
        "Exit immediately instead of waiting for the service to converge",
    )],
    interspersed: true,
    excluded: &[],
};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ServiceCommand {
    Create {
        request: ServiceCreate,
        detach: bool,
    },
    Ls {
        quiet: bool,
    },
    Inspect {
        services: Vec<String>,
        format: Option<String>,
        pretty: bool,
    },
    Ps {
        services: Vec<String>,
        quiet: bool,
    },
    Rm {
        services: Vec<String>,
    },
    Scale {
        /// `SERVICE=REPLICAS` pairs; the count is checked when each is scaled.
        targets: Vec<(String, String)>,
        detach: bool,
    },
    Update {
        service: String,
        update: ServiceUpdate,
        replicas: Option<u32>,
        detach: bool,
        quiet: bool,
    },
}

/// `-p 8080:80`, `-p 8080:80/udp` or `-p published=8080,target=80[,protocol=udp]`.
pub(super) fn parse_publish(text: &str) -> Result<ServicePort, String> {
    let bad =
        || format!("invalid argument \"{text}\" for \"-p, --publish\" flag: invalid port format");
    if text.contains('=') {
        let (mut published, mut target, mut proto) = (None, None, Proto::Tcp);
        for field in text.split(',') {
            match field.split_once('=') {
                Some(("published", v)) => published = v.parse().ok(),
                Some(("target", v)) => target = v.parse().ok(),
                Some(("protocol", "tcp")) => proto = Proto::Tcp,
                Some(("protocol", "udp")) => proto = Proto::Udp,
                Some(("mode", "ingress")) => {}
                _ => return Err(bad()),
            }
        }
        return match (published, target) {
            (Some(published), Some(target)) => Ok(ServicePort {
                published,
                target,
                proto,
            }),
            _ => Err(bad()),
        };
    }
    let (ports, proto) = match text.split_once('/') {
        Some((p, "tcp")) => (p, Proto::Tcp),
        Some((p, "udp")) => (p, Proto::Udp),
        Some(_) => return Err(bad()),
        None => (text, Proto::Tcp),
    };
    let (published, target) = ports.split_once(':').ok_or_else(bad)?;
    Ok(ServicePort {
        published: published.parse().map_err(|_| bad())?,
        target: target.parse().map_err(|_| bad())?,
        proto,
    })
}

pub fn parse(rest: &[String]) -> Result<Docker, Output> {
    let Some((verb, args)) = rest.split_first() else {
        return Ok(Docker::ManagementHelp(&SERVICE));
    };
    let command = match verb.as_str() {
        "--help" | "-h" => return Ok(Docker::ManagementHelp(&SERVICE)),
        "create" => {
            let Some(p) = parse_flags(&CREATE, args)? else {
                return Ok(Docker::Help(&CREATE));
            };
            let Some((image, cmd)) = p.args.split_first() else {
                return Err(requires_min_args(&CREATE, 1));
            };
            let replicas = match p.value("replicas") {
                None => 1,
                Some(n) => n.parse().map_err(|_| {
                    crate::cli::flag_error(
                        &CREATE,
                        &crate::cli::flags::FlagError::InvalidValue {
                            value: n.to_string(),
                            flag: "--replicas".into(),
                            reason: format!("strconv.ParseUint: parsing \"{n}\": invalid syntax"),
                        },
                    )
                })?,
            };
            let mut ports = Vec::new();
            for spec in p.values.get("publish").cloned().unwrap_or_default() {
                ports.push(parse_publish(&spec).map_err(|e| {
                    Output::failed(
                        format!(
                            "{e}\n\nUsage:  {}\n\nRun '{} --help' for more information",
                            CREATE.use_line, CREATE.path
                        ),
                        125,
                    )
                })?);
            }
            ServiceCommand::Create {
                request: ServiceCreate {
                    name: p.value("name").map(str::to_string),
                    image: image.clone(),
                    cmd: cmd.to_vec(),
                    replicas,
                    networks: p.values.get("network").cloned().unwrap_or_default(),
                    ports,
                },
                detach: p.is_set("detach"),
            }
        }
        "inspect" => {
            let Some(p) = parse_flags(&INSPECT, args)? else {
                return Ok(Docker::Help(&INSPECT));
            };
            if p.args.is_empty() {
                return Err(requires_min_args(&INSPECT, 1));
            }
            let format = p.value("format").map(str::to_string);
            let pretty = p.is_set("pretty");
            if pretty && format.is_some() {
                return Err(Output::failed(
                    "--format is incompatible with human friendly format",
                    1,
                ));
            }
            ServiceCommand::Inspect {
                services: p.args.clone(),
                format,
                pretty,
            }
        }
        "ls" | "list" => {
            let Some(p) = parse_flags(&LS, args)? else {
                return Ok(Docker::Help(&LS));
            };
            if !p.args.is_empty() {
                return Err(crate::cli::accepts_no_args(&LS));
            }
            ServiceCommand::Ls {
                quiet: p.is_set("quiet"),
            }
        }
        "ps" => {
            let Some(p) = parse_flags(&PS, args)? else {
                return Ok(Docker::Help(&PS));
            };
            if p.args.is_empty() {
                return Err(requires_min_args(&PS, 1));
            }
            ServiceCommand::Ps {
                services: p.args.clone(),
                quiet: p.is_set("quiet"),
            }
        }
        "rm" | "remove" => {
            let Some(p) = parse_flags(&RM, args)? else {
                return Ok(Docker::Help(&RM));
            };
            if p.args.is_empty() {
                return Err(requires_min_args(&RM, 1));
            }
            ServiceCommand::Rm {
                services: p.args.clone(),
            }
        }
        "scale" => {
            let Some(p) = parse_flags(&SCALE, args)? else {
                return Ok(Docker::Help(&SCALE));
            };
            if p.args.is_empty() {
                return Err(requires_min_args(&SCALE, 1));
            }
            let mut targets = Vec::new();
            for arg in &p.args {
                let parsed = arg
                    .split_once('=')
                    .filter(|(name, n)| !name.is_empty() && !n.is_empty())
                    .map(|(name, n)| (name.to_string(), n.to_string()));
                match parsed {
                    Some(t) => targets.push(t),
                    None => {
                        return Err(Output::failed(
                            format!("invalid scale specifier '{arg}'.\nSee 'docker service scale --help'.\n\nUsage:  {}\n\n{}", SCALE.use_line, SCALE.description),
                            1,
                        ))
                    }
                }
            }
            ServiceCommand::Scale {
                targets,
                detach: p.is_set("detach"),
            }
        }
        "update" => return super::service_update::parse(args),
        other if SERVICE.commands.iter().any(|(n, _)| *n == other) => {
            return Ok(Docker::NotSimulated(format!("docker service {other}")))
        }
        other => return Err(SERVICE.unknown(other)),
    };
    Ok(Docker::Service(command))
}

fn refused(e: &ServiceError) -> Output {
    Output::failed(format!("Error response from daemon: {e}"), 1)
}

/// What the CLI prints while it waits for `replicas` tasks of service `id` to run.
pub(super) fn progress(o: &mut Output, id: &str, replicas: u32) {
    o.out(format!(
        "overall progress: {replicas} out of {replicas} tasks"
    ));
    for slot in 1..=replicas {
        o.out(format!(
            "{slot}/{replicas}: running   [==================================================>]"
        ));
    }
    o.out(format!("verify: Service {id} converged"));
}

impl ServiceCommand {
    pub fn execute(self, world: &mut World, host: &str, caller: &Caller) -> Output {
        let mut o = Output::default();
        match self {
            ServiceCommand::Create { request, detach } => {
                let replicas = request.replicas;
                match world.service_create(host, caller, request) {
                    Ok(id) => {
                        o.out(id.clone());
                        if !detach {
                            progress(&mut o, &id, replicas);
                        }
                    }
                    Err(e) => return refused(&e),
                }
            }
            ServiceCommand::Inspect {
                services,
                format,
                pretty,
            } => return inspect(world, host, caller, &services, format.as_deref(), pretty),
            ServiceCommand::Ls { quiet } => {
                let services = match world.service_list(host, caller) {
                    Ok(s) => s,
                    Err(e) => return refused(&e),
                };
                if quiet {
                    for s in services {
                        o.out(s.id.clone());
                    }
                    return o;
                }
                let mut rows = vec![vec![
                    "ID".to_string(),
                    "NAME".into(),
                    "MODE".into(),
                    "REPLICAS".into(),
                    "IMAGE".into(),
                    "PORTS".into(),
                ]];
                let mut services = services;
                services.sort_by(|a, b| super::network_ls::natural_cmp(&a.name, &b.name));
                for s in services {
                    let running = world.service_tasks(s).len();
                    rows.push(vec![
                        s.id.get(..12).unwrap_or(&s.id).to_string(),
                        s.name.clone(),
                        "replicated".into(),
                        format!("{running}/{}", s.replicas),
                        s.image.to_string(),
                        ports_column(&s.ports),
                    ]);
                }
                o.out(table::render(&rows).join("\n"));
            }
            ServiceCommand::Ps { services, quiet } => {
                let mut rows = vec![vec![
                    "ID".to_string(),
                    "NAME".into(),
                    "IMAGE".into(),
                    "NODE".into(),
                    "DESIRED STATE".into(),
                    "CURRENT STATE".into(),
                    "ERROR".into(),
                    "PORTS".into(),
                ]];
                let now = world.now().0;
                let mut missing = Vec::new();
                for key in &services {
                    let service = match world.service_inspect(host, caller, key) {
                        Ok(s) => s,
                        Err(ServiceError::NoSuchService(_)) => {
                            missing.push(format!("no such service: {key}"));
                            continue;
                        }
                        Err(e) => return refused(&e),
                    };
                    for task in &service.tasks {
                        if quiet {
                            o.out(task.id.clone());
                            continue;
                        }
                        let running = world
                            .host(&task.host)
                            .ok()
                            .and_then(|h| h.containers.get(&task.container_id))
                            .is_some_and(|c| c.is_running());
                        let state = if running { "Running" } else { "Shutdown" };
                        rows.push(vec![
                            task.id.get(..12).unwrap_or(&task.id).to_string(),
                            format!("{}.{}", service.name, task.slot),
                            service.image.to_string(),
                            task.host.clone(),
                            state.into(),
                            // The task formatter lowercases the duration.
                            format!(
                                "{state} {} ago",
                                human_duration(now.saturating_sub(task.created.0)).to_lowercase()
                            ),
                            String::new(),
                            String::new(),
                        ]);
                    }
                }
                if !quiet && rows.len() > 1 {
                    o.out(table::render(&rows).join("\n"));
                }
                if !missing.is_empty() {
                    o.err(missing.join("\n"));
                    o.exit_code = 1;
                }
            }
            ServiceCommand::Rm { services } => {
                let mut failed = false;
                for key in services {
                    match world.service_remove(host, caller, &key) {
                        Ok(()) => o.out(key),
                        Err(e) => {
                            o.err(format!("Error response from daemon: {e}"));
                            failed = true;
                        }
                    }
                }
                if failed {
                    o.exit_code = 1;
                }
            }
            ServiceCommand::Update {
                service,
                update,
                replicas,
                detach,
                quiet,
            } => {
                let updated = world.service_update(host, caller, &service, &update);
                let updated = match (updated, replicas) {
                    (Ok(id), Some(n)) => world.service_scale(host, caller, &id, n).map(|()| id),
                    (result, _) => result,
                };
                match updated {
                    // docker/cli prints the service as typed, then waits on it by that name.
                    Ok(id) => {
                        o.out(service.clone());
                        let replicas = world
                            .service_inspect(host, caller, &id)
                            .map(|s| s.replicas)
                            .unwrap_or_default();
                        if !detach && !quiet {
                            progress(&mut o, &service, replicas);
                        }
                    }
                    Err(ServiceError::AlreadyAttached(name)) => {
                        return Output::failed(
                            format!("service is already attached to network {name}"),
                            1,
                        )
                    }
                    Err(e) => return refused(&e),
                }
            }
            ServiceCommand::Scale { targets, detach } => {
                // Every service is scaled first, then the CLI waits for each in turn.
                let mut scaled = Vec::new();
                let mut errors = Vec::new();
                for (name, replicas) in targets {
                    let Some(replicas) = replicas.parse::<u32>().ok() else {
                        errors.push(format!(
                            "{name}: invalid replicas value {replicas}: strconv.ParseUint: parsing \"{replicas}\": invalid syntax"
                        ));
                        continue;
                    };
                    match world.service_scale(host, caller, &name, replicas) {
                        Ok(()) => {
                            o.out(format!("{name} scaled to {replicas}"));
                            let id = world
                                .service_inspect(host, caller, &name)
                                .map(|s| s.id.clone())
                                .unwrap_or_default();
                            scaled.push((id, replicas));
                        }
                        Err(e) => errors.push(format!("{name}: Error response from daemon: {e}")),
                    }
                }
                if !detach {
                    for (id, replicas) in scaled {
                        progress(&mut o, &id, replicas);
                    }
                }
                if !errors.is_empty() {
                    o.err(errors.join("\n"));
                    o.exit_code = 1;
                }
            }
        }
        o
    }
}

/// `docker service inspect`: the service as the API's `swarm.Service` (the fields Berth
/// models), as JSON, a template, or `--pretty`.
fn inspect(
    world: &World,
    host: &str,
    caller: &Caller,
    keys: &[String],
    format: Option<&str>,
    pretty: bool,
) -> Output {
    use crate::golang::template::{Template, Value};
    let mut o = Output::default();
    let template = match format {
        None | Some("json") => None,
        Some(f) => match Template::parse(&f.replace("\\n", "\n")) {
            Ok(t) => Some(t),
            Err(e) => return Output::failed(format!("template parsing error: {e}"), 1),
        },
    };
    let mut found = Vec::new();
    let mut errors = Vec::new();
    for key in keys {
        match world.service_inspect(host, caller, key) {
            Ok(s) => found.push(s),
            Err(ServiceError::NoSuchService(_)) => errors.push(format!("no such service: {key}")),
            Err(e) => return refused(&e),
        }
    }
    let networks = world.swarm().map(|s| &s.networks);
    let network_name = |id: &str| {
        networks
            .and_then(|n| n.get(id))
            .map_or_else(|| id.to_string(), |n| n.name.clone())
    };
    let prefix = |id: &str| {
        networks
            .and_then(|n| n.get(id))
            .and_then(|n| n.ipam.as_ref())
            .map_or(24, |i| i.subnet.prefix())
    };
    let image = |s: &crate::engine::swarm::services::Service| {
        format!(
            "{}@sha256:{}",
            s.image,
            crate::engine::docker::image::digest_of(&format!("{}/manifest", s.image))
        )
    };
    if pretty {
        for s in &found {
            let mut text = format!(
                "\nID:\t\t{}\nName:\t\t{}\nService Mode:\tReplicated\n Replicas:\t{}\nPlacement:\nUpdateConfig:\n Parallelism:\t1\n On failure:\tpause\n Monitoring Period: 5s\n Max failure ratio: 0\n Update order:      stop-first\nRollbackConfig:\n Parallelism:\t1\n On failure:\tpause\n Monitoring Period: 5s\n Max failure ratio: 0\n Rollback order:    stop-first\nContainerSpec:\n Image:\t\t{}\n",
                s.id,
                s.name,
                s.replicas,
                image(s)
            );
            if !s.cmd.is_empty() {
                text.push_str(&format!(" Args:\t\t{} \n", s.cmd.join(" ")));
            }
            text.push_str(" Init:\t\tfalse\nResources:\n");
            let attached: Vec<String> = s
                .networks
                .iter()
                .filter(|id| network_name(id) != "ingress")
                .map(|id| network_name(id))
                .collect();
            if !attached.is_empty() {
                text.push_str(&format!("Networks:\t{} \n", attached.join(" ")));
            }
            text.push_str("Endpoint Mode:\tvip\n");
            if !s.ports.is_empty() {
                text.push_str("Ports:\n");
                for p in &s.ports {
                    text.push_str(&format!(
                        " PublishedPort = {}\n  Protocol = {}\n  TargetPort = {}\n  PublishMode = ingress\n",
                        p.published,
                        p.proto.as_str(),
                        p.target
                    ));
                }
            }
            o.out(expand_tabs(text.trim_end_matches('\n')));
        }
    } else {
        let values: Vec<Value> = found
            .iter()
            .map(|s| {
                let ports = || {
                    Value::List(
                        s.ports
                            .iter()
                            .map(|p| {
                                Value::structure(
                                    "PortConfig",
                                    vec![
                                        ("Protocol", Value::str(p.proto.as_str())),
                                        ("TargetPort", Value::Int(i64::from(p.target))),
                                        ("PublishedPort", Value::Int(i64::from(p.published))),
                                        ("PublishMode", Value::str("ingress")),
                                    ],
                                )
                            })
                            .collect(),
                    )
                };
                let endpoint_spec = || {
                    let mut fields = vec![("Mode", Value::str("vip"))];
                    if !s.ports.is_empty() {
                        fields.push(("Ports", ports()));
                    }
                    Value::structure("EndpointSpec", fields)
                };
                let created = Value::str(s.created.rfc3339_nanos());
                let mut container_spec = vec![("Image", Value::str(image(s)))];
                if !s.cmd.is_empty() {
                    container_spec.push(("Args", Value::strings(s.cmd.iter().cloned())));
                }
                container_spec.extend([
                    ("Init", Value::Bool(false)),
                    ("StopGracePeriod", Value::Int(10_000_000_000)),
                    ("DNSConfig", Value::map(Vec::new())),
                    ("Isolation", Value::str("default")),
                ]);
                let mut template_fields = vec![
                    (
                        "ContainerSpec",
                        Value::structure("ContainerSpec", container_spec),
                    ),
                    (
                        "Resources",
                        Value::structure(
                            "ResourceRequirements",
                            vec![
                                ("Limits", Value::map(Vec::new())),
                                ("Reservations", Value::map(Vec::new())),
                            ],
                        ),
                    ),
                    (
                        "RestartPolicy",
                        Value::structure(
                            "RestartPolicy",
                            vec![
                                ("Condition", Value::str("any")),
                                ("Delay", Value::Int(5_000_000_000)),
                                ("MaxAttempts", Value::Int(0)),
                            ],
                        ),
                    ),
                    (
                        "Placement",
                        Value::structure(
                            "Placement",
                            vec![(
                                "Platforms",
                                Value::List(vec![Value::structure(
                                    "Platform",
                                    vec![
                                        ("Architecture", Value::str("amd64")),
                                        ("OS", Value::str("linux")),
                                    ],
                                )]),
                            )],
                        ),
                    ),
                ];
                let attached: Vec<Value> = s
                    .networks
                    .iter()
                    .filter(|id| network_name(id) != "ingress")
                    .map(|id| {
                        Value::structure(
                            "NetworkAttachmentConfig",
                            vec![("Target", Value::str(id.clone()))],
                        )
                    })
                    .collect();
                if !attached.is_empty() {
                    template_fields.push(("Networks", Value::List(attached)));
                }
                template_fields.extend([
                    ("ForceUpdate", Value::Int(0)),
                    ("Runtime", Value::str("container")),
                ]);
                let update = |order: &str| {
                    Value::structure(
                        "UpdateConfig",
                        vec![
                            ("Parallelism", Value::Int(1)),
                            ("FailureAction", Value::str("pause")),
                            ("Monitor", Value::Int(5_000_000_000)),
                            ("MaxFailureRatio", Value::Int(0)),
                            ("Order", Value::str(order)),
                        ],
                    )
                };
                let mut endpoint = vec![("Spec", endpoint_spec())];
                if !s.ports.is_empty() {
                    endpoint.push(("Ports", ports()));
                }
                endpoint.push((
                    "VirtualIPs",
                    Value::List(
                        s.vips
                            .iter()
                            .map(|(net, ip)| {
                                Value::structure(
                                    "EndpointVirtualIP",
                                    vec![
                                        ("NetworkID", Value::str(net.clone())),
                                        ("Addr", Value::str(format!("{ip}/{}", prefix(net)))),
                                    ],
                                )
                            })
                            .collect(),
                    ),
                ));
                Value::structure(
                    "Service",
                    vec![
                        ("ID", Value::str(s.id.clone())),
                        (
                            "Version",
                            Value::structure("Version", vec![("Index", Value::Int(11))]),
                        ),
                        ("CreatedAt", created.clone()),
                        ("UpdatedAt", created),
                        (
                            "Spec",
                            Value::structure(
                                "ServiceSpec",
                                vec![
                                    ("Name", Value::str(s.name.clone())),
                                    ("Labels", Value::map(Vec::new())),
                                    (
                                        "TaskTemplate",
                                        Value::structure("TaskSpec", template_fields),
                                    ),
                                    (
                                        "Mode",
                                        Value::structure(
                                            "ServiceMode",
                                            vec![(
                                                "Replicated",
                                                Value::structure(
                                                    "ReplicatedService",
                                                    vec![(
                                                        "Replicas",
                                                        Value::Int(i64::from(s.replicas)),
                                                    )],
                                                ),
                                            )],
                                        ),
                                    ),
                                    ("UpdateConfig", update("stop-first")),
                                    ("RollbackConfig", update("stop-first")),
                                    ("EndpointSpec", endpoint_spec()),
                                ],
                            ),
                        ),
                        ("Endpoint", Value::structure("Endpoint", endpoint)),
                    ],
                )
            })
            .collect();
        super::inspect::render(&mut o, &mut errors, template.as_ref(), values);
    }
    if !errors.is_empty() {
        o.err(
            errors
                .iter()
                .map(|e| format!("Error: {e}"))
                .collect::<Vec<_>>()
                .join("\n"),
        );
        o.exit_code = 1;
    }
    o
}

/// Tabs to spaces at every eighth column, as a terminal shows the CLI's `--pretty` text.
fn expand_tabs(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut column = 0;
    for c in text.chars() {
        match c {
            '\t' => {
                let next = (column / 8 + 1) * 8;
                out.extend(std::iter::repeat_n(' ', next - column));
                column = next;
            }
            '\n' => {
                out.push(c);
                column = 0;
            }
            _ => {
                out.push(c);
                column += 1;
            }
        }
    }
    out
}

/// `service ls`'s PORTS: by protocol then published port, consecutive ports folded into a
/// range (docker/cli `service/formatter.go`).
fn ports_column(ports: &[ServicePort]) -> String {
    let mut sorted: Vec<&ServicePort> = ports.iter().collect();
    sorted.sort_by_key(|p| (p.proto.as_str(), p.published, p.target));
    let mut groups: Vec<(u16, u16, u16, u16, &str)> = Vec::new();
    for p in sorted {
        match groups.last_mut() {
            Some(g)
                if g.4 == p.proto.as_str()
                    && u32::from(g.1) + 1 == u32::from(p.published)
                    && u32::from(g.3) + 1 == u32::from(p.target) =>
            {
                g.1 = p.published;
                g.3 = p.target;
            }
            _ => groups.push((
                p.published,
                p.published,
                p.target,
                p.target,
                p.proto.as_str(),
            )),
        }
    }
    groups
        .iter()
        .map(|&(p0, p1, t0, t1, proto)| {
            if p0 == p1 {
                format!("*:{p0}->{t0}/{proto}")
            } else {
                format!("*:{p0}-{p1}->{t0}-{t1}/{proto}")
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}
