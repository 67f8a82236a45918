//! `docker rm` (`docker container rm`): like `stop`, echoes each removed argument, then the
//! failures (docker/cli `rm.go`). A running container needs `-f`.

use crate::cli::flags::{Flag, Spec};
use crate::cli::{parse_with_args, Docker, Output};
use crate::engine::docker::caller::Caller;
use crate::engine::World;

pub const SPEC: Spec = Spec {
    path: "docker rm",
    use_line: "docker rm [OPTIONS] CONTAINER [CONTAINER...]",
    description: "Remove one or more containers",
    aliases: "docker container rm, docker container remove, docker rm",
    flags: &[
        Flag::bool(
            "force",
            Some('f'),
            "Force the removal of a running container (uses SIGKILL)",
        ),
        Flag::bool("link", Some('l'), "Remove the specified link").not_simulated(),
        // No anonymous volumes exist in Berth yet, so removing them is already true: simulated.
        Flag::bool(
            "volumes",
            Some('v'),
            "Remove anonymous volumes associated with the container",
        ),
    ],
    interspersed: true,
    excluded: &[],
};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContainerRm {
    pub force: bool,
    pub volumes: bool,
    pub containers: Vec<String>,
}

pub fn parse(words: &[String]) -> Result<Docker, Output> {
    let Some(parsed) = parse_with_args(&SPEC, words)? else {
        return Ok(Docker::Help(&SPEC));
    };
    Ok(Docker::ContainerRm(ContainerRm {
        force: parsed.is_set("force"),
        volumes: parsed.is_set("volumes"),
        containers: parsed.args,
    }))
}

impl ContainerRm {
    pub fn execute(self, world: &mut World, host: &str, caller: &Caller) -> Output {
        let (force, volumes) = (self.force, self.volumes);
        super::each_argument(&self.containers, |name| {
            world.container_remove(host, caller, name, force, volumes)
        })
    }
}
