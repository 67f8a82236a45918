//! `docker rmi` (`docker image rm`) and `docker tag` (`docker image tag`)
//! (docker/cli `cli/command/image/remove.go`, `tag.go`).

use crate::cli::flags::{Flag, Spec};
use crate::cli::{exact_args, parse_flags, requires_min_args, Docker, Output};
use crate::engine::docker::caller::Caller;
use crate::engine::docker::images::Removed;
use crate::engine::{ImageRef, World};

pub const RMI: Spec = Spec {
    path: "docker rmi",
    use_line: "docker rmi [OPTIONS] IMAGE [IMAGE...]",
    description: "Remove one or more images",
    aliases: "docker image rm, docker image remove, docker rmi",
    flags: &[
        Flag::bool("force", Some('f'), "Force removal of the image"),
        Flag::bool("no-prune", None, "Do not delete untagged parents"),
    ],
    interspersed: true,
    excluded: &[],
};

pub const TAG: Spec = Spec {
    path: "docker tag",
    use_line: "docker tag SOURCE_IMAGE[:TAG] TARGET_IMAGE[:TAG]",
    description: "Create a tag TARGET_IMAGE that refers to SOURCE_IMAGE",
    aliases: "docker image tag, docker tag",
    flags: &[],
    interspersed: true,
    excluded: &[],
};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageRm {
    pub force: bool,
    pub images: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageTag {
    pub source: String,
    pub target: String,
}

pub fn parse_rmi(words: &[String]) -> Result<Docker, Output> {
    let Some(parsed) = parse_flags(&RMI, words)? else {
        return Ok(Docker::Help(&RMI));
    };
    if parsed.args.is_empty() {
        return Err(requires_min_args(&RMI, 1));
    }
    Ok(Docker::ImageRm(ImageRm {
        force: parsed.is_set("force"),
        images: parsed.args,
    }))
}

pub fn parse_tag(words: &[String]) -> Result<Docker, Output> {
    let Some(parsed) = parse_flags(&TAG, words)? else {
        return Ok(Docker::Help(&TAG));
    };
    let [source, target] = parsed.args.as_slice() else {
        return Err(exact_args(&TAG, 2));
    };
    Ok(Docker::ImageTag(ImageTag {
        source: source.clone(),
        target: target.clone(),
    }))
}

impl ImageRm {
    pub fn execute(self, world: &mut World, host: &str, caller: &Caller) -> Output {
        let mut o = Output::default();
        let mut errors = Vec::new();
        for name in &self.images {
            let result = name
                .parse::<ImageRef>()
                .map_err(|_| format!("Error response from daemon: No such image: {name}"))
                .and_then(|r| {
                    world
                        .image_remove(host, caller, &r, self.force)
                        .map_err(|e| super::daemon_error(&e))
                });
            match result {
                Ok(removed) => {
                    for r in removed {
                        o.out(match r {
                            Removed::Untagged(t) => format!("Untagged: {t}"),
                            Removed::Deleted(d) => format!("Deleted: {d}"),
                        });
                    }
                }
                Err(e) => errors.push(e),
            }
        }
        if !errors.is_empty() {
            o.err(errors.join("\n"));
            o.exit_code = 1;
        }
        o
    }
}

impl ImageTag {
    pub fn execute(self, world: &mut World, host: &str, caller: &Caller) -> Output {
        let Ok(source) = self.source.parse::<ImageRef>() else {
            return Output::failed(
                format!("Error response from daemon: No such image: {}", self.source),
                1,
            );
        };
        let target = match self.target.parse::<ImageRef>() {
            Ok(t) => t,
            Err(e) => {
                return Output::failed(
                    format!(
                        "Error parsing reference: \"{}\" is not a valid repository/tag: {e}",
                        self.target
                    ),
                    1,
                )
            }
        };
        match world.image_tag(host, caller, &source, &target) {
            Ok(()) => Output::default(),
            Err(e) => Output::failed(super::daemon_error(&e), 1),
        }
    }
}
