//! `docker restart`: stop (with the grace period) and start again; each argument echoed,
//! failures after (docker/cli `restart.go`). The container may come back with another address.

use crate::cli::flags::Spec;
use crate::cli::{parse_with_args, Docker, Output};
use crate::engine::docker::caller::Caller;
use crate::engine::World;

pub const SPEC: Spec = Spec {
    path: "docker restart",
    use_line: "docker restart [OPTIONS] CONTAINER [CONTAINER...]",
    description: "Restart one or more containers",
    aliases: "docker container restart, docker restart",
    flags: super::container_stop::STOP_FLAGS,
    interspersed: true,
    excluded: &[],
};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContainerRestart {
    pub containers: Vec<String>,
}

pub fn parse(words: &[String]) -> Result<Docker, Output> {
    let Some(parsed) = parse_with_args(&SPEC, words)? else {
        return Ok(Docker::Help(&SPEC));
    };
    Ok(Docker::ContainerRestart(ContainerRestart {
        containers: parsed.args,
    }))
}

impl ContainerRestart {
    pub fn execute(self, world: &mut World, host: &str, caller: &Caller) -> Output {
        super::each_argument(&self.containers, |name| {
            world.container_restart(host, caller, name)?;
            // A tool as main process (`ping -c 1 web`) runs again, then exits.
            crate::cli::shells::container::run_main_tool(world, host, name);
            Ok(())
        })
    }
}
