//! `docker system prune` and `docker image prune`: the warning, the `[y/N]` question that the
//! next typed line answers (without `--force`), then each pruner's section and `Total reclaimed
//! space`.
//!
//! Sources: docker/cli `cli/command/system/prune.go` (the confirmation template, the pruners
//! in `pruner.List()`'s order: containers, networks, volumes with `--volumes`, images, build
//! cache; each section printed with `Fprintln`, so a blank line follows it),
//! `cli/command/image/prune.go` (its two warnings, `Deleted Images:` with `untagged:` and
//! `deleted:` lines), each pruner's `pruneFn` confirmation words, and go-units `HumanSize`
//! (`%.4g`, decimal units) for the total.
//!
//! Not simulated: `--filter`; the build cache (Berth builds nothing, so its pruner removes
//! nothing); an image's layers, deleted one by one by the real daemon (`deleted: sha256:…` per
//! layer), show here as the image's own line.

use crate::cli::flags::{Flag, Spec};
use crate::cli::{accepts_no_args, parse_flags, Docker, Output};
use crate::engine::docker::caller::Caller;
use crate::engine::docker::images::Removed;
use crate::engine::World;
use crate::golang::fmt::format_float_g;

const FILTER: Flag = Flag::value(
    "filter",
    None,
    "filter",
    "Provide filter values (e.g. \"until=<timestamp>\")",
)
.not_simulated();

pub const SYSTEM_PRUNE: Spec = Spec {
    path: "docker system prune",
    use_line: "docker system prune [OPTIONS]",
    description: "Remove unused data",
    aliases: "",
    flags: &[
        Flag::bool(
            "all",
            Some('a'),
            "Remove all unused images not just dangling ones",
        ),
        Flag::value(
            "filter",
            None,
            "filter",
            "Provide filter values (e.g. \"label=<key>=<value>\")",
        )
        .not_simulated(),
        Flag::bool("force", Some('f'), "Do not prompt for confirmation"),
        Flag::bool("volumes", None, "Prune anonymous volumes"),
    ],
    interspersed: true,
    excluded: &[],
};

pub const IMAGE_PRUNE: Spec = Spec {
    path: "docker image prune",
    use_line: "docker image prune [OPTIONS]",
    description: "Remove unused images",
    aliases: "",
    flags: &[
        Flag::bool(
            "all",
            Some('a'),
            "Remove all unused images, not just dangling ones",
        ),
        FILTER,
        Flag::bool("force", Some('f'), "Do not prompt for confirmation"),
    ],
    interspersed: true,
    excluded: &[],
};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Prune {
    System {
        all: bool,
        force: bool,
        volumes: bool,
    },
    Image {
        all: bool,
        force: bool,
    },
}

pub fn parse_system(words: &[String]) -> Result<Docker, Output> {
    parse(&SYSTEM_PRUNE, words)
}

pub fn parse_image(words: &[String]) -> Result<Docker, Output> {
    parse(&IMAGE_PRUNE, words)
}

fn parse(spec: &'static Spec, words: &[String]) -> Result<Docker, Output> {
    let Some(parsed) = parse_flags(spec, words)? else {
        return Ok(Docker::Help(spec));
    };
    if !parsed.args.is_empty() {
        return Err(accepts_no_args(spec));
    }
    let (all, force) = (parsed.is_set("all"), parsed.is_set("force"));
    Ok(Docker::Prune(if spec.path == SYSTEM_PRUNE.path {
        Prune::System {
            all,
            force,
            volumes: parsed.is_set("volumes"),
        }
    } else {
        Prune::Image { all, force }
    }))
}

/// go-units `HumanSize`: `HumanSizeWithPrecision(size, 4)`.
pub fn human_size(bytes: u64) -> String {
    const DECIMAL: &[&str] = &["B", "kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB"];
    let mut size = bytes as f64;
    let mut unit = 0;
    while size >= 1000.0 && unit + 1 < DECIMAL.len() {
        size /= 1000.0;
        unit += 1;
    }
    format!(
        "{}{}",
        format_float_g(size, Some(4)),
        DECIMAL.get(unit).copied().unwrap_or("B")
    )
}

/// `system prune`'s confirmation template, with each pruner's words.
fn system_warning(all: bool, volumes: bool) -> String {
    let mut warnings = vec![
        "all stopped containers",
        "all networks not used by at least one container",
    ];
    if volumes {
        warnings.push("all anonymous volumes not used by at least one container");
    }
    warnings.push(if all {
        "all images without at least one container associated to them"
    } else {
        "all dangling images"
    });
    warnings.push(if all {
        "all build cache"
    } else {
        "unused build cache"
    });
    let mut text = "WARNING! This will remove:".to_string();
    for w in warnings {
        text.push_str(&format!("\n  - {w}"));
    }
    text.push_str("\n\nAre you sure you want to continue?");
    text
}

/// A section as `Fprintln(output)` prints it: the title, the items, a blank line.
fn section(o: &mut Output, title: &str, items: &[String]) {
    if items.is_empty() {
        return;
    }
    o.out(title);
    for item in items {
        o.out(item.clone());
    }
    o.out("");
}

fn images_section(o: &mut Output, removed: &[Removed]) {
    let items: Vec<String> = removed
        .iter()
        .map(|r| match r {
            Removed::Untagged(t) => format!("untagged: {t}"),
            Removed::Deleted(d) => format!("deleted: {d}"),
        })
        .collect();
    section(o, "Deleted Images:", &items);
}

impl Prune {
    pub fn execute(self, world: &mut World, host: &str, caller: &Caller) -> Output {
        match self {
            Prune::Image { all, force: false } => {
                let warning = if all {
                    "WARNING! This will remove all images without at least one container associated to them.\nAre you sure you want to continue?"
                } else {
                    "WARNING! This will remove all dangling images.\nAre you sure you want to continue?"
                };
                let action = Docker::Prune(Prune::Image { all, force: true });
                crate::cli::follow::confirm(host, caller, warning, action)
            }
            Prune::System {
                all,
                force: false,
                volumes,
            } => {
                let action = Docker::Prune(Prune::System {
                    all,
                    force: true,
                    volumes,
                });
                crate::cli::follow::confirm(host, caller, &system_warning(all, volumes), action)
            }
            Prune::Image { all, force: true } => {
                let mut o = Output::default();
                match world.image_prune(host, caller, all) {
                    Ok(pruned) => {
                        images_section(&mut o, &pruned.deleted);
                        o.out(format!(
                            "Total reclaimed space: {}",
                            human_size(pruned.space_reclaimed)
                        ));
                        o
                    }
                    Err(e) => Output::failed(super::daemon_error(&e), 1),
                }
            }
            Prune::System {
                all,
                force: true,
                volumes,
            } => {
                let mut o = Output::default();
                let mut reclaimed = 0;
                let result = (|| {
                    let containers = world.container_prune(host, caller)?;
                    section(&mut o, "Deleted Containers:", &containers);
                    let networks = world.network_prune(host, caller)?;
                    section(&mut o, "Deleted Networks:", &networks);
                    if volumes {
                        let removed = world.volume_prune(host, caller, false)?;
                        section(&mut o, "Deleted Volumes:", &removed);
                    }
                    let images = world.image_prune(host, caller, all)?;
                    images_section(&mut o, &images.deleted);
                    reclaimed += images.space_reclaimed;
                    Ok::<(), crate::engine::EngineError>(())
                })();
                if let Err(e) = result {
                    o.err(super::daemon_error(&e));
                    o.exit_code = 1;
                    return o;
                }
                o.out(format!("Total reclaimed space: {}", human_size(reclaimed)));
                o
            }
        }
    }
}
