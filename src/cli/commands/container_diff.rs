//! `docker diff CONTAINER` (`docker container diff`): what the container's writable layer
//! changed against its image, one `KIND PATH` line each (docker/cli
//! `cli/command/container/diff.go`, format `{{.Type}} {{.Path}}`), in the daemon's path
//! order (`engine::docker::archive::container_changes`).

use crate::cli::flags::Spec;
use crate::cli::{parse_flags, Docker, Output};
use crate::engine::docker::archive::ChangeKind;
use crate::engine::docker::caller::Caller;
use crate::engine::World;

pub const SPEC: Spec = Spec {
    path: "docker diff",
    use_line: "docker diff CONTAINER",
    description: "Inspect changes to files or directories on a container's filesystem",
    aliases: "docker container diff, docker diff",
    flags: &[],
    interspersed: true,
    excluded: &[],
};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContainerDiff {
    pub container: String,
}

pub fn parse(words: &[String]) -> Result<Docker, Output> {
    let Some(parsed) = parse_flags(&SPEC, words)? else {
        return Ok(Docker::Help(&SPEC));
    };
    match parsed.args.as_slice() {
        [container] => Ok(Docker::ContainerDiff(ContainerDiff {
            container: container.clone(),
        })),
        _ => Err(crate::cli::usage::exact_args(&SPEC, 1)),
    }
}

impl ContainerDiff {
    pub fn execute(self, world: &mut World, host: &str, caller: &Caller) -> Output {
        if let Err(e) = world.container_inspect(host, caller, &self.container) {
            return Output::failed(super::daemon_error(&e), 1);
        }
        let changes = match world.container_changes(host, &self.container) {
            Ok(c) => c,
            Err(e) => return Output::failed(super::daemon_error(&e), 1),
        };
        let mut o = Output::default();
        for change in changes {
            let kind = match change.kind {
                ChangeKind::Modify => 'C',
                ChangeKind::Add => 'A',
                ChangeKind::Delete => 'D',
            };
            o.out(format!("{kind} {}", change.path));
        }
        o
    }
}
