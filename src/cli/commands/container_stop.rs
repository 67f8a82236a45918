//! `docker stop` (`docker container stop`): each container as typed on success, failures on
//! stderr afterwards, exit 1 if any failed (docker/cli `stop.go`).

use crate::cli::flags::{Flag, Spec};
use crate::cli::{parse_with_args, Docker, Output};
use crate::engine::docker::caller::Caller;
use crate::engine::World;

pub const SPEC: Spec = Spec {
    path: "docker stop",
    use_line: "docker stop [OPTIONS] CONTAINER [CONTAINER...]",
    description: "Stop one or more running containers",
    aliases: "docker container stop, docker stop",
    flags: STOP_FLAGS,
    interspersed: true,
    excluded: &[],
};

/// The options of `stop` and `restart` (docker/cli `stop.go`, `restart.go`).
pub const STOP_FLAGS: &[Flag] = &[
    Flag::value(
        "signal",
        Some('s'),
        "string",
        "Signal to send to the container",
    )
    .not_simulated(),
    Flag::value(
        "timeout",
        Some('t'),
        "int",
        "Seconds to wait before killing the container",
    )
    .not_simulated(),
];

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContainerStop {
    pub containers: Vec<String>,
}

pub fn parse(words: &[String]) -> Result<Docker, Output> {
    let Some(parsed) = parse_with_args(&SPEC, words)? else {
        return Ok(Docker::Help(&SPEC));
    };
    Ok(Docker::ContainerStop(ContainerStop {
        containers: parsed.args,
    }))
}

impl ContainerStop {
    pub fn execute(self, world: &mut World, host: &str, caller: &Caller) -> Output {
        super::each_argument(&self.containers, |name| {
            world.container_stop(host, caller, name)
        })
    }
}
