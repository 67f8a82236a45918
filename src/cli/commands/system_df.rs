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
//! Not simulated: `-v`'s per-object tables (`berth:` says so and prints the summary).

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
            o.err("berth: `docker system df -v`'s tables per image, container, volume and cache entry are not simulated; here is the summary (docker images, docker ps -a and docker volume ls list the objects).");
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
