//! `docker volume create`, `ls`, `rm` and `prune` (docker/cli `cli/command/volume/`).

use std::collections::BTreeMap;

use crate::cli::flags::{Flag, Spec, FORMAT_TABLE_HELP};
use crate::cli::table::render;
use crate::cli::{accepts_no_args, parse_flags, requires_min_args, Docker, Output};
use crate::engine::docker::caller::Caller;
use crate::engine::World;

pub const CREATE: Spec = Spec {
    path: "docker volume create",
    use_line: "docker volume create [OPTIONS] [VOLUME]",
    description: "Create a volume",
    aliases: "",
    flags: &[
        Flag::value("driver", Some('d'), "string", "Specify volume driver name")
            .with_default("\"local\""),
        Flag::value("label", None, "list", "Set metadata for a volume"),
        // Hidden, still accepted (docker/cli cli/command/volume/create.go), and used by PWD's
        // volumes lab: `docker volume create --name html`.
        Flag::value("name", None, "string", "Specify volume name").hidden(),
        Flag::value("opt", Some('o'), "map", "Set driver specific options")
            .with_default("map[]")
            .not_simulated(),
    ],
    interspersed: true,
    excluded: &[],
};

pub const LS: Spec = Spec {
    path: "docker volume ls",
    use_line: "docker volume ls [OPTIONS]",
    description: "List volumes",
    aliases: "docker volume ls, docker volume list",
    flags: &[
        Flag::bool(
            "cluster",
            None,
            "Display only cluster volumes, and use cluster volume list formatting",
        )
        .not_simulated(),
        Flag::value(
            "filter",
            Some('f'),
            "filter",
            "Provide filter values (e.g. \"dangling=true\")",
        ),
        Flag::value("format", None, "string", FORMAT_TABLE_HELP).not_simulated(),
        Flag::bool("quiet", Some('q'), "Only display volume names"),
    ],
    interspersed: true,
    excluded: &[],
};

pub const RM: Spec = Spec {
    path: "docker volume rm",
    use_line: "docker volume rm [OPTIONS] VOLUME [VOLUME...]",
    description: "Remove one or more volumes",
    aliases: "docker volume rm, docker volume remove",
    flags: &[Flag::bool(
        "force",
        Some('f'),
        "Force the removal of one or more volumes",
    )],
    interspersed: true,
    excluded: &[],
};

pub const PRUNE: Spec = Spec {
    path: "docker volume prune",
    use_line: "docker volume prune [OPTIONS]",
    description: "Remove unused local volumes",
    aliases: "",
    flags: &[
        Flag::bool(
            "all",
            Some('a'),
            "Remove all unused volumes, not just anonymous ones",
        ),
        Flag::value(
            "filter",
            None,
            "filter",
            "Provide filter values (e.g. \"label=<label>\")",
        )
        .not_simulated(),
        Flag::bool("force", Some('f'), "Do not prompt for confirmation"),
    ],
    interspersed: true,
    excluded: &[],
};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VolumeCommand {
    Create {
        name: Option<String>,
        driver: Option<String>,
        labels: Vec<String>,
    },
    Ls {
        quiet: bool,
        filters: Vec<(String, String)>,
    },
    Rm {
        force: bool,
        names: Vec<String>,
    },
    Prune {
        all: bool,
        force: bool,
    },
}

pub fn parse(verb: &str, words: &[String]) -> Result<Docker, Output> {
    let spec = match verb {
        "create" => &CREATE,
        "ls" | "list" => &LS,
        "rm" | "remove" => &RM,
        _ => &PRUNE,
    };
    let Some(parsed) = parse_flags(spec, words)? else {
        return Ok(Docker::Help(spec));
    };
    let command = match verb {
        "create" => {
            if parsed.args.len() > 1 {
                return Err(Output::failed(
                    format!("docker: 'docker volume create' requires at most 1 argument\n\nUsage:  {}\n\nRun 'docker volume create --help' for more information", CREATE.use_line),
                    1,
                ));
            }
            if parsed.value("name").is_some() && !parsed.args.is_empty() {
                // docker/cli cli/command/volume/create.go.
                return Err(Output::failed(
                    "conflicting options: cannot specify a volume-name through both --name and as a positional arg",
                    1,
                ));
            }
            VolumeCommand::Create {
                name: parsed
                    .args
                    .first()
                    .cloned()
                    .or_else(|| parsed.value("name").map(String::from)),
                driver: parsed.value("driver").map(String::from),
                labels: parsed.values.get("label").cloned().unwrap_or_default(),
            }
        }
        "ls" | "list" => {
            if !parsed.args.is_empty() {
                return Err(accepts_no_args(&LS));
            }
            let filters = crate::cli::parse_filters(&LS, &parsed)?;
            VolumeCommand::Ls {
                quiet: parsed.is_set("quiet"),
                filters,
            }
        }
        "rm" | "remove" => {
            if parsed.args.is_empty() {
                return Err(requires_min_args(&RM, 1));
            }
            VolumeCommand::Rm {
                force: parsed.is_set("force"),
                names: parsed.args,
            }
        }
        _ => {
            if !parsed.args.is_empty() {
                return Err(accepts_no_args(&PRUNE));
            }
            VolumeCommand::Prune {
                all: parsed.is_set("all"),
                force: parsed.is_set("force"),
            }
        }
    };
    Ok(Docker::Volume(command))
}

impl VolumeCommand {
    pub fn execute(self, world: &mut World, host: &str, caller: &Caller) -> Output {
        let mut o = Output::default();
        match self {
            VolumeCommand::Create {
                name,
                driver,
                labels,
            } => {
                if let Some(d) = driver.filter(|d| d != "local") {
                    return Output::failed(format!("Error response from daemon: create {}: error looking up volume plugin {d}: plugin \"{d}\" not found", name.unwrap_or_default()), 1);
                }
                let labels: BTreeMap<String, String> = labels
                    .iter()
                    .map(|l| match l.split_once('=') {
                        Some((k, v)) => (k.to_string(), v.to_string()),
                        None => (l.clone(), String::new()),
                    })
                    .collect();
                match world.volume_create(host, caller, name.as_deref(), labels) {
                    Ok(name) => o.out(name),
                    Err(e) => return Output::failed(super::daemon_error(&e), 1),
                }
            }
            VolumeCommand::Ls { quiet, filters } => {
                let volumes = match world.volume_list(host, caller) {
                    Ok(v) => v,
                    Err(e) => return Output::failed(super::daemon_error(&e), 1),
                };
                let users: Vec<String> = world
                    .host(host)
                    .map(|h| {
                        h.containers
                            .values()
                            .flat_map(|c| c.mounts.iter())
                            .filter_map(|m| match &m.source {
                                crate::engine::docker::volumes::MountSource::Volume(Some(n)) => {
                                    Some(n.clone())
                                }
                                _ => None,
                            })
                            .collect()
                    })
                    .unwrap_or_default();
                for (k, v) in &filters {
                    if !matches!(k.as_str(), "name" | "dangling" | "driver" | "label") {
                        return Output::failed(
                            format!("Error response from daemon: invalid filter '{k}'"),
                            1,
                        );
                    }
                    if k == "dangling" && !matches!(v.as_str(), "true" | "false" | "1" | "0") {
                        return Output::failed(
                            format!("Error response from daemon: invalid filter 'dangling={v}'"),
                            1,
                        );
                    }
                }
                let shown: Vec<_> = volumes
                    .into_iter()
                    .filter(|vol| {
                        filters.iter().all(|(k, v)| match k.as_str() {
                            "name" => vol.name.contains(v.as_str()),
                            "dangling" => (v == "true" || v == "1") != users.contains(&vol.name),
                            "driver" => v == "local",
                            _ => match v.split_once('=') {
                                Some((lk, lv)) => vol.labels.get(lk).is_some_and(|x| x == lv),
                                None => vol.labels.contains_key(v.as_str()),
                            },
                        })
                    })
                    .collect();
                if quiet {
                    for v in shown {
                        o.out(v.name.clone());
                    }
                } else {
                    let mut rows = vec![vec!["DRIVER".to_string(), "VOLUME NAME".to_string()]];
                    rows.extend(
                        shown
                            .iter()
                            .map(|v| vec!["local".to_string(), v.name.clone()]),
                    );
                    for line in render(&rows) {
                        o.out(line);
                    }
                }
            }
            VolumeCommand::Rm { force, names } => {
                return super::each_argument(&names, |name| {
                    world.volume_remove(host, caller, name, force)
                });
            }
            VolumeCommand::Prune { all, force } => {
                if !force {
                    // docker/cli `volume/prune.go`: the next typed line answers.
                    let warning = if all {
                        "WARNING! This will remove all local volumes not used by at least one container.\nAre you sure you want to continue?"
                    } else {
                        "WARNING! This will remove anonymous local volumes not used by at least one container.\nAre you sure you want to continue?"
                    };
                    let action = Docker::Volume(VolumeCommand::Prune { all, force: true });
                    return crate::cli::follow::confirm(host, caller, warning, action);
                }
                match world.volume_prune(host, caller, all) {
                    Ok(removed) => {
                        if !removed.is_empty() {
                            o.out("Deleted Volumes:");
                            for name in removed {
                                o.out(name);
                            }
                            o.out("");
                        }
                        o.out("Total reclaimed space: 0B");
                    }
                    Err(e) => return Output::failed(super::daemon_error(&e), 1),
                }
            }
        }
        o
    }
}
