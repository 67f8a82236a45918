//! `docker system df`: disk usage by images, containers, local volumes and the build cache.
//!
//! Sources: docker/cli `cli/command/system/df.go` (flags) and
//! `cli/command/formatter/disk_usage.go` (the default table `{{.Type}} {{.TotalCount}}
//! {{.Active}} {{.Size}} {{.Reclaimable}}`, the types' names, `Reclaimable` as
//! `HumanSize (N%)` when the total is not zero, go-units `HumanSize`).
//!
//! Figures: an image counts its size as `docker images` shows it, once per image ID; an image
//! is active when a container (running or not) was created from it, and reclaimable when not.
//! A container's writable layer and a volume's content weigh 0B (Berth keeps files, not
//! sizes); the build cache is empty (Berth builds nothing here).
//!
//! `-v` (`verboseWriteTable`): one table per section, images with their first tag, their
//! size (`HumanSizeWithPrecision(…, 3)`), `SHARED SIZE` 0B (Berth does not track layers
//! shared between images, so `UNIQUE SIZE` is the size) and the containers using each;
//! containers as `docker ps -a` sees them with `LOCAL VOLUMES` counted from their volume
//! mounts; volumes with the containers that mount them (`LINKS`).
//!
//! `-v --format TEMPLATE` runs the template on the verbose context.
//!
//! Not simulated: `-v` with `--format json`, `raw` or `table …` (`berth:` says so and prints
//! the summary).

use crate::cli::flags::{Flag, Spec, FORMAT_HELP};
use crate::cli::format::{render_rows, Rows};
use crate::cli::{accepts_no_args, parse_flags, Docker, Output};
use crate::engine::docker::caller::Caller;
use crate::engine::docker::volumes::MountSource;
use crate::engine::World;
use crate::golang::template::Value;

use super::system_prune::human_size;

pub const SPEC: Spec = Spec {
    path: "docker system df",
    use_line: "docker system df [OPTIONS]",
    description: "Show docker disk usage",
    aliases: "",
    flags: &[
        Flag::value("format", None, "string", FORMAT_HELP),
        Flag::bool(
            "verbose",
            Some('v'),
            "Show detailed information on space usage",
        ),
    ],
    interspersed: true,
    excluded: &[],
};

const DEFAULT_TABLE: &str =
    "table {{.Type}}\t{{.TotalCount}}\t{{.Active}}\t{{.Size}}\t{{.Reclaimable}}";
const DEFAULT_RAW: &str =
    "type: {{.Type}}\ntotal: {{.TotalCount}}\nactive: {{.Active}}\nsize: {{.Size}}\nreclaimable: {{.Reclaimable}}\n";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SystemDf {
    pub format: Option<String>,
    pub verbose: bool,
}

pub fn parse(words: &[String]) -> Result<Docker, Output> {
    let Some(parsed) = parse_flags(&SPEC, words)? else {
        return Ok(Docker::Help(&SPEC));
    };
    if !parsed.args.is_empty() {
        return Err(accepts_no_args(&SPEC));
    }
    Ok(Docker::SystemDf(SystemDf {
        format: parsed.value("format").map(String::from),
        verbose: parsed.is_set("verbose"),
    }))
}

/// `HumanSize(reclaimable) (N%)`, the percentage an integer division as Go's `%v` of int64s.
fn reclaimable(reclaimable: u64, total: u64) -> String {
    match (reclaimable * 100).checked_div(total) {
        Some(percent) => format!("{} ({percent}%)", human_size(reclaimable)),
        None => human_size(reclaimable),
    }
}

impl SystemDf {
    pub fn execute(self, world: &mut World, host: &str, caller: &Caller) -> Output {
        let images = match world.image_list(host, caller) {
            Ok(images) => images,
            Err(e) => return Output::failed(super::daemon_error(&e), 1),
        };
        let Ok(h) = world.host(host) else {
            return Output::default();
        };
        // Once per image ID: several tags of one image weigh once.
        let mut seen: Vec<&str> = Vec::new();
        let (mut image_count, mut image_active, mut image_size, mut image_free) = (0, 0, 0, 0);
        for image in images {
            if seen.contains(&image.id.as_str()) {
                continue;
            }
            seen.push(&image.id);
            image_count += 1;
            image_size += image.config.size;
            if h.containers.values().any(|c| c.image_id == image.id) {
                image_active += 1;
            } else {
                image_free += image.config.size;
            }
        }
        let containers = h.containers.len();
        let running = h.containers.values().filter(|c| c.is_running()).count();
        let volumes = h.volumes.len();
        let used_volumes = h
            .volumes
            .keys()
            .filter(|name| {
                h.containers.values().any(|c| {
                    c.mounts
                        .iter()
                        .any(|m| m.source == MountSource::Volume(Some((*name).clone())))
                })
            })
            .count();
        let row = |kind: &str, total: usize, active: usize, size: u64, free: u64| {
            vec![
                ("Type", Value::str(kind)),
                ("TotalCount", Value::Str(total.to_string())),
                ("Active", Value::Str(active.to_string())),
                ("Size", Value::Str(human_size(size))),
                ("Reclaimable", Value::Str(reclaimable(free, size))),
            ]
        };
        let rows = vec![
            row("Images", image_count, image_active, image_size, image_free),
            row("Containers", containers, running, 0, 0),
            row("Local Volumes", volumes, used_volumes, 0, 0),
            row("Build Cache", 0, 0, 0, 0),
        ];
        let format = match self.format.as_deref() {
            None | Some("") => "table",
            Some(f) => f,
        };
        let format = if format == "raw" { DEFAULT_RAW } else { format };
        let mut o = Output::default();
        if self.verbose {
            if format == "table" {
                return verbose(world, host, caller, None);
            }
            if !matches!(format, "json" | DEFAULT_RAW) && !format.starts_with("table") {
                return verbose(world, host, caller, Some(format));
            }
            o.err("berth: `docker system df -v --format` with json, raw or a table is not simulated; give a Go template (`{{range .Images}}{{.Repository}} {{.Size}}{{\"\\n\"}}{{end}}`), or drop -v for the summary.");
        }
        match render_rows(
            format,
            Rows {
                type_name: "*formatter.diskUsageImagesContext",
                headers: &[
                    ("Type", "TYPE"),
                    ("TotalCount", "TOTAL"),
                    ("Active", "ACTIVE"),
                    ("Size", "SIZE"),
                    ("Reclaimable", "RECLAIMABLE"),
                ],
                default_table: DEFAULT_TABLE,
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
}

/// go-units `HumanSizeWithPrecision(size, 3)`, the images table's `SIZE`.
fn human_size3(bytes: u64) -> String {
    const DECIMAL: &[&str] = &["B", "kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB"];
    let mut size = bytes as f64;
    let mut unit = 0;
    while size >= 1000.0 && unit + 1 < DECIMAL.len() {
        size /= 1000.0;
        unit += 1;
    }
    format!(
        "{}{}",
        crate::golang::fmt::format_float_g(size, Some(3)),
        DECIMAL.get(unit).copied().unwrap_or("B")
    )
}

/// `docker system df -v` (docker/cli `formatter/disk_usage.go` `verboseWriteTable`); with
/// a `--format` template, the template runs once on `diskUsageContext` (`Images`,
/// `Containers`, `Volumes`, `BuildCache`), whose IDs and commands are not truncated
/// (`verboseWrite`: `trunc := ctx.Format.IsTable()`).
fn verbose(world: &World, host: &str, caller: &Caller, template: Option<&str>) -> Output {
    let trunc = template.is_none();
    use crate::cli::table::{ellipsis, go_quote};
    use crate::engine::clock::human_duration;
    let images = match world.image_list(host, caller) {
        Ok(images) => images,
        Err(e) => return Output::failed(super::daemon_error(&e), 1),
    };
    let summaries = match world.container_list(host, caller, true) {
        Ok(rows) => rows,
        Err(e) => return Output::failed(super::daemon_error(&e), 1),
    };
    let Ok(h) = world.host(host) else {
        return Output::default();
    };
    let now = world.now();
    let mut o = Output::default();
    let section = |o: &mut Output,
                   rows: Vec<Vec<(&'static str, Value)>>,
                   headers: &[(&str, &str)],
                   table: &str| {
        match render_rows(
            table,
            Rows {
                type_name: "*formatter.diskUsageContext",
                headers,
                default_table: table,
                rows,
            },
        ) {
            Ok(lines) => {
                for line in lines {
                    o.out(line);
                }
            }
            Err(e) => o.err(e),
        }
    };
    // Images: one row per image ID, its first tag (`<none>` for a dangling one).
    let mut seen: Vec<&str> = Vec::new();
    let mut rows = Vec::new();
    for image in &images {
        if seen.contains(&image.id.as_str()) {
            continue;
        }
        seen.push(&image.id);
        let dangling = image.reference.is_dangling();
        let containers = h
            .containers
            .values()
            .filter(|c| c.image_id == image.id)
            .count();
        let id = image.id.trim_start_matches("sha256:");
        let id = if trunc {
            id.get(..12).unwrap_or(id).to_string()
        } else {
            format!("sha256:{id}")
        };
        rows.push(vec![
            (
                "Repository",
                Value::str(if dangling {
                    "<none>"
                } else {
                    image.reference.repository.as_str()
                }),
            ),
            (
                "Tag",
                Value::str(if dangling {
                    "<none>"
                } else {
                    image.reference.tag.as_str()
                }),
            ),
            ("ID", Value::Str(id)),
            (
                "CreatedSince",
                Value::Str(format!(
                    "{} ago",
                    human_duration(image.config.seconds_old(now))
                )),
            ),
            ("Size", Value::Str(human_size3(image.config.size))),
            ("SharedSize", Value::Str(human_size(0))),
            ("UniqueSize", Value::Str(human_size(image.config.size))),
            ("Containers", Value::Str(containers.to_string())),
        ]);
    }
    let image_rows = rows.clone();
    o.out("Images space usage:\n");
    section(
        &mut o,
        rows,
        &[
            ("Repository", "REPOSITORY"),
            ("Tag", "TAG"),
            ("ID", "IMAGE ID"),
            ("CreatedSince", "CREATED"),
            ("Size", "SIZE"),
            ("SharedSize", "SHARED SIZE"),
            ("UniqueSize", "UNIQUE SIZE"),
            ("Containers", "CONTAINERS"),
        ],
        "table {{.Repository}}\t{{.Tag}}\t{{.ID}}\t{{.CreatedSince}}\t{{.Size}}\t{{.SharedSize}}\t{{.UniqueSize}}\t{{.Containers}}",
    );
    // Containers: as `docker ps -a` lists them; the writable layer weighs 0B in Berth.
    let rows = summaries
        .iter()
        .map(|row| {
            let volumes = h.containers.get(&row.id).map_or(0, |c| {
                c.mounts
                    .iter()
                    .filter(|m| matches!(m.source, MountSource::Volume(_)))
                    .count()
            });
            vec![
                (
                    "ID",
                    Value::str(if trunc {
                        row.id.get(..12).unwrap_or(&row.id)
                    } else {
                        &row.id
                    }),
                ),
                ("Image", Value::str(row.image.as_typed())),
                (
                    "Command",
                    Value::Str(go_quote(&if trunc {
                        ellipsis(&row.command, 20)
                    } else {
                        row.command.clone()
                    })),
                ),
                ("LocalVolumes", Value::Str(volumes.to_string())),
                ("Size", Value::str("0B")),
                (
                    "RunningFor",
                    Value::Str(format!(
                        "{} ago",
                        human_duration(now.seconds_since(row.created))
                    )),
                ),
                (
                    "Status",
                    Value::Str(super::container_ls::status(&row.state, now)),
                ),
                ("Names", Value::str(&row.name)),
            ]
        })
        .collect::<Vec<_>>();
    let container_rows = rows.clone();
    o.out("\nContainers space usage:\n");
    section(
        &mut o,
        rows,
        &[
            ("ID", "CONTAINER ID"),
            ("Image", "IMAGE"),
            ("Command", "COMMAND"),
            ("LocalVolumes", "LOCAL VOLUMES"),
            ("Size", "SIZE"),
            ("RunningFor", "CREATED"),
            ("Status", "STATUS"),
            ("Names", "NAMES"),
        ],
        "table {{.ID}}\t{{.Image}}\t{{.Command}}\t{{.LocalVolumes}}\t{{.Size}}\t{{.RunningFor}}\t{{.Status}}\t{{.Names}}",
    );
    // Volumes: how many containers mount each (`UsageData.RefCount`).
    let rows = h
        .volumes
        .keys()
        .map(|name| {
            let links = h
                .containers
                .values()
                .filter(|c| {
                    c.mounts
                        .iter()
                        .any(|m| m.source == MountSource::Volume(Some(name.clone())))
                })
                .count();
            vec![
                ("Name", Value::str(name)),
                ("Links", Value::Str(links.to_string())),
                ("Size", Value::str("0B")),
            ]
        })
        .collect::<Vec<_>>();
    if let Some(template) = template {
        let list = |name: &str, rows: Vec<Vec<(&str, Value)>>| {
            Value::List(
                rows.into_iter()
                    .map(|fields| Value::structure(name, fields))
                    .collect(),
            )
        };
        let context = Value::structure(
            "*formatter.diskUsageContext",
            vec![
                ("Images", list("*formatter.imageContext", image_rows)),
                (
                    "Containers",
                    list("*formatter.ContainerContext", container_rows),
                ),
                ("Volumes", list("*formatter.volumeContext", rows)),
                ("BuildCache", Value::List(Vec::new())),
            ],
        );
        let text = crate::golang::template::Template::parse(template)
            .map_err(|e| format!("template parsing error: {e}"))
            .and_then(|t| t.execute(&context).map_err(|e| e.to_string()));
        return match text {
            Ok(text) => {
                let mut o = Output::default();
                // `Context.postFormat`: the buffer as written, no newline added.
                for line in text.strip_suffix('\n').unwrap_or(&text).split('\n') {
                    if !text.is_empty() {
                        o.out(line);
                    }
                }
                o
            }
            Err(e) => Output::failed(e, 1),
        };
    }
    o.out("\nLocal Volumes space usage:\n");
    section(
        &mut o,
        rows,
        &[
            ("Name", "VOLUME NAME"),
            ("Links", "LINKS"),
            ("Size", "SIZE"),
        ],
        "table {{.Name}}\t{{.Links}}\t{{.Size}}",
    );
    o.out(format!("\nBuild cache usage: {}\n", human_size(0)));
    section(
        &mut o,
        Vec::new(),
        &[
            ("ID", "CACHE ID"),
            ("CacheType", "CACHE TYPE"),
            ("Size", "SIZE"),
            ("CreatedSince", "CREATED"),
            ("LastUsedSince", "LAST USED"),
            ("UsageCount", "USAGE"),
            ("Shared", "SHARED"),
        ],
        "table {{.ID}}\t{{.CacheType}}\t{{.Size}}\t{{.CreatedSince}}\t{{.LastUsedSince}}\t{{.UsageCount}}\t{{.Shared}}",
    );
    o
}
