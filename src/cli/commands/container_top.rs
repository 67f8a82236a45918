//! `docker top` and `docker container prune` (docker/cli `cli/command/container/top.go`,
//! `prune.go`).

use crate::cli::flags::Spec;
use crate::cli::table::render;
use crate::cli::{accepts_no_args, parse_flags, requires_min_args, Docker, Output};
use crate::engine::docker::caller::Caller;
use crate::engine::docker::processes::Process;
use crate::engine::World;

pub const TOP: Spec = Spec {
    path: "docker top",
    use_line: "docker top CONTAINER [ps OPTIONS]",
    description: "Display the running processes of a container",
    aliases: "docker container top, docker top",
    flags: &[],
    interspersed: false,
    excluded: &[],
};

pub const PRUNE: Spec = Spec {
    path: "docker container prune",
    use_line: "docker container prune [OPTIONS]",
    description: "Remove all stopped containers",
    aliases: "",
    flags: super::PRUNE_FLAGS,
    interspersed: true,
    excluded: &[],
};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ContainerTop {
    Top {
        container: String,
        ps_options: Vec<String>,
    },
    Prune {
        force: bool,
    },
}

pub fn parse_top(words: &[String]) -> Result<Docker, Output> {
    let Some(parsed) = parse_flags(&TOP, words)? else {
        return Ok(Docker::Help(&TOP));
    };
    let Some((container, ps_options)) = parsed.args.split_first() else {
        return Err(requires_min_args(&TOP, 1));
    };
    Ok(Docker::ContainerTop(ContainerTop::Top {
        container: container.clone(),
        ps_options: ps_options.to_vec(),
    }))
}

pub fn parse_prune(words: &[String]) -> Result<Docker, Output> {
    let Some(parsed) = parse_flags(&PRUNE, words)? else {
        return Ok(Docker::Help(&PRUNE));
    };
    if !parsed.args.is_empty() {
        return Err(accepts_no_args(&PRUNE));
    }
    Ok(Docker::ContainerTop(ContainerTop::Prune {
        force: parsed.is_set("force"),
    }))
}

impl ContainerTop {
    pub fn execute(self, world: &mut World, host: &str, caller: &Caller) -> Output {
        match self {
            ContainerTop::Top {
                container,
                ps_options,
            } => {
                if !ps_options.is_empty() {
                    return Output::failed("berth: ps options of docker top are not simulated yet: run `docker top CONTAINER`.", 1);
                }
                let (c, processes) = match world.container_processes(host, caller, &container) {
                    Ok(found) => found,
                    Err(e) => return Output::failed(super::daemon_error(&e), 1),
                };
                let Some(processes) = processes else {
                    return Output::failed(
                        format!(
                            "Error response from daemon: container {} is not running",
                            c.id
                        ),
                        1,
                    );
                };
                let windows = c.isolation != crate::engine::docker::container::Isolation::Default;
                let rows = if windows {
                    windows_rows(&processes)
                } else {
                    let (_, _, _, h, m, _) = c.created.civil();
                    linux_rows(
                        &processes,
                        &format!("{h:02}:{m:02}"),
                        if c.tty { "pts/0" } else { "?" },
                    )
                };
                // docker/cli uses a 20-wide tabwriter for top, unlike the other tables.
                let mut o = Output::default();
                for line in render_wide(&rows) {
                    o.out(line);
                }
                o
            }
            ContainerTop::Prune { force } => {
                let mut o = Output::default();
                if !force {
                    // docker/cli `container/prune.go`: the next typed line answers.
                    return crate::cli::follow::confirm(
                        host,
                        caller,
                        "WARNING! This will remove all stopped containers.\nAre you sure you want to continue?",
                        Docker::ContainerTop(ContainerTop::Prune { force: true }),
                    );
                }
                let deleted = match world.container_prune(host, caller) {
                    Ok(deleted) => deleted,
                    Err(e) => return Output::failed(super::daemon_error(&e), 1),
                };
                if !deleted.is_empty() {
                    o.out("Deleted Containers:");
                    for id in deleted {
                        o.out(id);
                    }
                    o.out("");
                }
                o.out("Total reclaimed space: 0B");
                o
            }
        }
    }
}

/// `ps -ef`'s columns, as the daemon runs it for a Linux container.
fn linux_rows(processes: &[Process], stime: &str, tty: &str) -> Vec<Vec<String>> {
    let mut rows = vec![["UID", "PID", "PPID", "C", "STIME", "TTY", "TIME", "CMD"]
        .map(String::from)
        .to_vec()];
    for p in processes {
        rows.push(vec![
            p.user.clone(),
            p.pid.to_string(),
            p.ppid.to_string(),
            "0".into(),
            stime.to_string(),
            tty.to_string(),
            "00:00:00".into(),
            p.command.clone(),
        ]);
    }
    rows
}

/// moby's `top_windows.go`: image name, PID, CPU time and private working set, from HCS.
fn windows_rows(processes: &[Process]) -> Vec<Vec<String>> {
    let mut rows = vec![["Name", "PID", "CPU", "Private Working Set"]
        .map(String::from)
        .to_vec()];
    for p in processes {
        let (cpu, memory) = if p.command == "CExecSvc.exe" {
            ("00:00:00.031", "1.057MB")
        } else {
            ("00:00:00.015", "348.2kB")
        };
        rows.push(vec![
            p.command.clone(),
            p.pid.to_string(),
            cpu.into(),
            memory.into(),
        ]);
    }
    rows
}

/// The table with docker/cli `top`'s tabwriter: minimum width 20, padding 3.
fn render_wide(rows: &[Vec<String>]) -> Vec<String> {
    let padded: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            r.iter()
                .enumerate()
                .map(|(i, cell)| {
                    if i + 1 < r.len() && cell.chars().count() < 17 {
                        format!("{cell:<17}")
                    } else {
                        cell.clone()
                    }
                })
                .collect()
        })
        .collect();
    render(&padded)
}
