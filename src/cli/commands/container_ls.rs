//! `docker ps` (`docker container ls`): the container table.
//!
//! Source: docker/cli `cli/command/formatter/container.go`; reference/docker-semantics.md C.2.
//! Newest first; `COMMAND` is the quoted command cut to 20 characters; `CREATED` and `STATUS`
//! use go-units' `HumanDuration` on the logical clock.

use crate::cli::flags::{Flag, Spec, FORMAT_TABLE_HELP};
use crate::cli::format::{render_rows, Rows};
use crate::cli::table::{ellipsis, go_quote};
use crate::cli::{accepts_no_args, flag_error, parse_flags, Docker, Output};
use crate::engine::clock::human_duration;
use crate::engine::docker::caller::Caller;
use crate::engine::{ContainerSummary, State, Timestamp, World};
use crate::golang::Value;

pub const SPEC: Spec = Spec {
    path: "docker ps",
    use_line: "docker ps [OPTIONS]",
    description: "List containers",
    aliases: "docker container ls, docker container list, docker container ps, docker ps",
    flags: &[
        Flag::bool(
            "all",
            Some('a'),
            "Show all containers (default shows just running)",
        ),
        Flag::value(
            "filter",
            Some('f'),
            "filter",
            "Filter output based on conditions provided",
        ),
        Flag::value("format", None, "string", FORMAT_TABLE_HELP),
        Flag::value(
            "last",
            Some('n'),
            "int",
            "Show n last created containers (includes all states)",
        )
        .with_default("-1"),
        Flag::bool(
            "latest",
            Some('l'),
            "Show the latest created container (includes all states)",
        ),
        Flag::bool("no-trunc", None, "Don't truncate output"),
        Flag::bool("quiet", Some('q'), "Only display container IDs"),
        Flag::bool("size", Some('s'), "Display total file sizes").not_simulated(),
    ],
    interspersed: true,
    excluded: &[],
};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContainerLs {
    pub all: bool,
    pub format: Option<String>,
    /// `-f key=value`, in the order given.
    pub filters: Vec<(String, String)>,
    /// `-n`: the last n created, any state; negative means no limit.
    pub last: i64,
    pub no_trunc: bool,
    pub quiet: bool,
}

pub fn parse(words: &[String]) -> Result<Docker, Output> {
    let Some(parsed) = parse_flags(&SPEC, words)? else {
        return Ok(Docker::Help(&SPEC));
    };
    if !parsed.args.is_empty() {
        return Err(accepts_no_args(&SPEC));
    }
    let mut last = parsed
        .int(&SPEC, "last")
        .map_err(|e| flag_error(&SPEC, &e))?
        .unwrap_or(-1);
    if parsed.is_set("latest") {
        last = 1;
    }
    let filters = crate::cli::parse_filters(&SPEC, &parsed)?;
    Ok(Docker::ContainerLs(ContainerLs {
        format: parsed.value("format").map(String::from),
        filters,
        all: parsed.is_set("all"),
        last,
        no_trunc: parsed.is_set("no-trunc"),
        quiet: parsed.is_set("quiet"),
    }))
}

impl ContainerLs {
    pub fn execute(self, world: &mut World, host: &str, caller: &Caller) -> Output {
        // moby daemon/list.go: a limit (`-n`) or a status filter lists every state.
        let all = self.all
            || self.last > 0
            || self
                .filters
                .iter()
                .any(|(k, _)| k == "status" || k == "exited");
        let mut rows = match world.container_list(host, caller, all) {
            Ok(rows) => rows,
            Err(e) => return Output::failed(super::daemon_error(&e), 1),
        };
        if !self.filters.is_empty() {
            match filter_rows(world, host, rows, &self.filters) {
                Ok(kept) => rows = kept,
                Err(e) => return Output::failed(e, 1),
            }
        }
        if self.last > 0 {
            rows.truncate(usize::try_from(self.last).unwrap_or(usize::MAX));
        }
        let mut o = Output::default();
        if self.quiet {
            for row in rows {
                o.out(self.id(&row));
            }
            return o;
        }
        let now = world.now();
        let rows = rows
            .iter()
            .map(|row| {
                let command = if self.no_trunc {
                    row.command.clone()
                } else {
                    ellipsis(&row.command, 20)
                };
                vec![
                    ("ID", Value::Str(self.id(row))),
                    ("Image", Value::str(row.image.as_typed())),
                    ("Command", Value::Str(go_quote(&command))),
                    ("CreatedAt", Value::Str(row.created.go_string())),
                    (
                        "RunningFor",
                        Value::Str(format!(
                            "{} ago",
                            human_duration(now.seconds_since(row.created))
                        )),
                    ),
                    (
                        "Ports",
                        Value::Str(super::container_port::displayable_ports(&row.ports)),
                    ),
                    ("State", Value::str(status_word(&row.state))),
                    (
                        "Status",
                        Value::Str(with_health(status(&row.state, now), row.health)),
                    ),
                    ("Size", Value::str("0B")),
                    ("Names", Value::str(&row.name)),
                    ("Labels", Value::str("")),
                    ("Mounts", Value::str("")),
                    ("Networks", Value::Str(row.networks.join(","))),
                    ("LocalVolumes", Value::str("0")),
                ]
            })
            .collect();
        let format = self.format.as_deref().unwrap_or("table");
        match render_rows(
            format,
            Rows {
                type_name: "*formatter.ContainerContext",
                headers: HEADERS,
                default_table: "table {{.ID}}\t{{.Image}}\t{{.Command}}\t{{.RunningFor}}\t{{.Status}}\t{{.Ports}}\t{{.Names}}",
                rows,
            },
        ) {
            Ok(lines) => {
                for line in lines {
                    o.out(line);
                }
                o
            }
            Err(e) => Output::failed(e, 1),
        }
    }

    fn id(&self, row: &ContainerSummary) -> String {
        if self.no_trunc {
            row.id.clone()
        } else {
            row.id.get(..12).unwrap_or(&row.id).to_string()
        }
    }
}

/// docker/cli `formatter/container.go`: each placeholder's column title.
const HEADERS: &[(&str, &str)] = &[
    ("ID", "CONTAINER ID"),
    ("Image", "IMAGE"),
    ("Command", "COMMAND"),
    ("CreatedAt", "CREATED AT"),
    ("RunningFor", "CREATED"),
    ("Ports", "PORTS"),
    ("State", "STATE"),
    ("Status", "STATUS"),
    ("Size", "SIZE"),
    ("Names", "NAMES"),
    ("Labels", "LABELS"),
    ("Mounts", "MOUNTS"),
    ("Networks", "NETWORKS"),
    ("LocalVolumes", "LOCAL VOLUMES"),
];

/// moby `daemon/list.go` filters: values of one key are OR-ed, keys are AND-ed.
fn filter_rows(
    world: &World,
    host: &str,
    rows: Vec<ContainerSummary>,
    filters: &[(String, String)],
) -> Result<Vec<ContainerSummary>, String> {
    const STATUSES: &[&str] = &[
        "created", "restarting", "running", "removing", "paused", "exited", "dead",
    ];
    for (key, value) in filters {
        match key.as_str() {
            "id" | "name" | "network" | "ancestor" => {}
            "status" if STATUSES.contains(&value.as_str()) => {}
            "status" => return Err(format!("Error response from daemon: invalid filter 'status={value}'")),
            "exited" if value.parse::<i32>().is_ok() => {}
            "exited" => return Err(format!("Error response from daemon: invalid filter 'exited={value}'")),
            "label" | "before" | "since" | "volume" | "publish" | "expose" | "health" | "isolation" | "is-task" => {
                return Err(format!("berth: the `{key}` filter of docker ps is not simulated yet. Simulated filters: id, name, status, exited, network, ancestor."))
            }
            other => return Err(format!("Error response from daemon: invalid filter '{other}'")),
        }
    }
    let matches = |row: &ContainerSummary, key: &str, value: &str| -> bool {
        match key {
            "id" => row.id.starts_with(value),
            // moby matches names with a regular expression; a plain word matches anywhere.
            "name" => row.name.contains(value.trim_start_matches('/')),
            "status" => status_word(&row.state) == value,
            "exited" => {
                matches!(row.state, State::Exited { exit_code, .. } if exit_code.to_string() == value)
            }
            "network" => {
                row.networks.iter().any(|n| n == value)
                    || world
                        .network_inspect(host, value)
                        .is_ok_and(|n| row.networks.contains(&n.name))
            }
            "ancestor" => {
                let wanted = value.parse::<crate::engine::ImageRef>().ok();
                (wanted.as_ref() == Some(&row.image))
                    || (wanted.as_ref().is_some_and(|w| {
                        !value.contains(':') && row.image.repository == w.repository
                    }))
            }
            _ => false,
        }
    };
    Ok(rows
        .into_iter()
        .filter(|row| {
            filters.iter().all(|(key, _)| {
                filters
                    .iter()
                    .filter(|(k, _)| k == key)
                    .any(|(k, v)| matches(row, k, v))
            })
        })
        .collect())
}

/// The word of `--filter status=`: moby's `State.StateString`.
fn status_word(state: &State) -> &'static str {
    match state {
        State::Created => "created",
        State::Running { paused: true, .. } => "paused",
        State::Running { .. } => "running",
        State::Exited { .. } => "exited",
        State::Restarting { .. } => "restarting",
    }
}

/// moby's `State.String()` adds the health check's state to `Up …` (`Health.String()`:
/// `health: starting` while it starts, then the status itself).
fn with_health(status: String, health: Option<&str>) -> String {
    match health {
        Some(h) if status.starts_with("Up ") && !status.ends_with("(Paused)") => {
            let h = if h == "starting" {
                "health: starting"
            } else {
                h
            };
            format!("{status} ({h})")
        }
        _ => status,
    }
}

/// moby `daemon/container/state.go` `String()`.
pub fn status(state: &State, now: Timestamp) -> String {
    match state {
        State::Created => "Created".to_string(),
        State::Running { started_at, paused } => {
            let up = format!("Up {}", human_duration(now.seconds_since(*started_at)));
            if *paused {
                format!("{up} (Paused)")
            } else {
                up
            }
        }
        State::Exited {
            exit_code,
            finished_at,
        } => format!(
            "Exited ({exit_code}) {} ago",
            human_duration(now.seconds_since(*finished_at))
        ),
        State::Restarting { exit_code, since } => format!(
            "Restarting ({exit_code}) {} ago",
            human_duration(now.seconds_since(*since))
        ),
    }
}
