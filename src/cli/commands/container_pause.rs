//! `docker pause` and `docker unpause`: freeze and thaw every process of a container; each
//! argument echoed, failures after (docker/cli `pause.go`, `unpause.go`).

use crate::cli::flags::Spec;
use crate::cli::{parse_flags, requires_min_args, Docker, Output};
use crate::engine::docker::caller::Caller;
use crate::engine::World;

pub const PAUSE: Spec = Spec {
    path: "docker pause",
    use_line: "docker pause CONTAINER [CONTAINER...]",
    description: "Pause all processes within one or more containers",
    aliases: "docker container pause, docker pause",
    flags: &[],
    interspersed: true,
    excluded: &[],
};

pub const UNPAUSE: Spec = Spec {
    path: "docker unpause",
    use_line: "docker unpause CONTAINER [CONTAINER...]",
    description: "Unpause all processes within one or more containers",
    aliases: "docker container unpause, docker unpause",
    flags: &[],
    interspersed: true,
    excluded: &[],
};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContainerPause {
    /// `false` for `unpause`.
    pub pause: bool,
    pub containers: Vec<String>,
}

pub fn parse_pause(words: &[String]) -> Result<Docker, Output> {
    parse_with(&PAUSE, true, words)
}

pub fn parse_unpause(words: &[String]) -> Result<Docker, Output> {
    parse_with(&UNPAUSE, false, words)
}

fn parse_with(spec: &'static Spec, pause: bool, words: &[String]) -> Result<Docker, Output> {
    let Some(parsed) = parse_flags(spec, words)? else {
        return Ok(Docker::Help(spec));
    };
    if parsed.args.is_empty() {
        return Err(requires_min_args(spec, 1));
    }
    Ok(Docker::ContainerPause(ContainerPause {
        pause,
        containers: parsed.args,
    }))
}

impl ContainerPause {
    pub fn execute(self, world: &mut World, host: &str, caller: &Caller) -> Output {
        let pause = self.pause;
        super::each_argument(&self.containers, |name| {
            world.container_pause(host, caller, name, pause)
        })
    }
}
