//! `docker rename CONTAINER NEW_NAME`: silent on success (docker/cli `rename.go`).

use crate::cli::flags::Spec;
use crate::cli::{exact_args, parse_flags, Docker, Output};
use crate::engine::docker::caller::Caller;
use crate::engine::World;

pub const SPEC: Spec = Spec {
    path: "docker rename",
    use_line: "docker rename CONTAINER NEW_NAME",
    description: "Rename a container",
    aliases: "docker container rename, docker rename",
    flags: &[],
    interspersed: true,
    excluded: &[],
};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContainerRename {
    pub container: String,
    pub new_name: String,
}

pub fn parse(words: &[String]) -> Result<Docker, Output> {
    let Some(parsed) = parse_flags(&SPEC, words)? else {
        return Ok(Docker::Help(&SPEC));
    };
    let [container, new_name] = parsed.args.as_slice() else {
        return Err(exact_args(&SPEC, 2));
    };
    Ok(Docker::ContainerRename(ContainerRename {
        container: container.clone(),
        new_name: new_name.clone(),
    }))
}

impl ContainerRename {
    pub fn execute(self, world: &mut World, host: &str, caller: &Caller) -> Output {
        // docker/cli trims spaces and refuses an empty name before asking the daemon.
        let new_name = self.new_name.trim();
        if new_name.is_empty() {
            return Output::failed("Error: neither old nor new names may be empty", 1);
        }
        match world.container_rename(host, caller, &self.container, new_name) {
            Ok(()) => Output::default(),
            Err(e) => Output::failed(super::daemon_error(&e), 1),
        }
    }
}
