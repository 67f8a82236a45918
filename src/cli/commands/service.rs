//! `docker service create|ls|ps|rm|scale` (docker/cli `cli/command/service/*.go`).
//!
//! `create` and `scale` print the converge progress the CLI shows when it waits for the tasks
//! (`cli/command/service/progress/progress.go`; reference D.4), unless `-d`.

use crate::cli::flags::{Flag, Spec};
use crate::cli::{parse_flags, requires_min_args, table, Docker, Output};
use crate::engine::clock::human_duration;
use crate::engine::ports::Proto;
use crate::engine::services::{ServiceCreate, ServiceError, ServicePort};
use crate::engine::World;

use super::Management;

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
    Ps {
        services: Vec<String>,
        quiet: bool,
    },
    Rm {
        services: Vec<String>,
    },
    Scale {
        targets: Vec<(String, u32)>,
        detach: bool,
    },
}

/// `-p 8080:80`, `-p 8080:80/udp` or `-p published=8080,target=80[,protocol=udp]`.
fn parse_publish(text: &str) -> Result<ServicePort, String> {
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
                    .and_then(|(name, n)| Some((name.to_string(), n.parse::<u32>().ok()?)));
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

/// What the CLI prints while it waits for `replicas` tasks to run.
fn progress(o: &mut Output, replicas: u32) {
    o.out(format!(
        "overall progress: {replicas} out of {replicas} tasks"
    ));
    for slot in 1..=replicas {
        o.out(format!(
            "{slot}/{replicas}: running   [==================================================>]"
        ));
    }
    o.out("verify: Service converged");
}

impl ServiceCommand {
    pub fn execute(self, world: &mut World, host: &str) -> Output {
        let mut o = Output::default();
        match self {
            ServiceCommand::Create { request, detach } => {
                let replicas = request.replicas;
                match world.service_create(host, request) {
                    Ok(id) => {
                        o.out(id);
                        if !detach {
                            progress(&mut o, replicas);
                        }
                    }
                    Err(e) => return refused(&e),
                }
            }
            ServiceCommand::Ls { quiet } => {
                let services = match world.service_list(host) {
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
                for s in services {
                    let running = world.service_tasks(s).len();
                    rows.push(vec![
                        s.id.get(..12).unwrap_or(&s.id).to_string(),
                        s.name.clone(),
                        "replicated".into(),
                        format!("{running}/{}", s.replicas),
                        s.image.clone(),
                        s.ports
                            .iter()
                            .map(|p| {
                                format!("*:{}->{}/{}", p.published, p.target, p.proto.as_str())
                            })
                            .collect::<Vec<_>>()
                            .join(", "),
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
                for key in &services {
                    let service = match world.service_inspect(host, key) {
                        Ok(s) => s,
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
                            service.image.clone(),
                            task.host.clone(),
                            state.into(),
                            format!(
                                "{state} {} ago",
                                human_duration(now.saturating_sub(task.created.0))
                            ),
                            String::new(),
                            String::new(),
                        ]);
                    }
                }
                if !quiet {
                    o.out(table::render(&rows).join("\n"));
                }
            }
            ServiceCommand::Rm { services } => {
                let mut failed = false;
                for key in services {
                    match world.service_remove(host, &key) {
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
            ServiceCommand::Scale { targets, detach } => {
                for (name, replicas) in targets {
                    match world.service_scale(host, &name, replicas) {
                        Ok(()) => {
                            o.out(format!("{name} scaled to {replicas}"));
                            if !detach {
                                progress(&mut o, replicas);
                            }
                        }
                        Err(e) => {
                            o.err(format!("Error response from daemon: {e}"));
                            o.exit_code = 1;
                        }
                    }
                }
            }
        }
        o
    }
}
