//! `docker start`: each started argument echoed; a failure prints at once, and the command ends
//! with `failed to start containers: …` (docker/cli `start.go`
//! `startContainersWithoutAttachments`).

use crate::cli::flags::{Flag, Spec};
use crate::cli::{parse_with_args, Docker, Output};
use crate::engine::docker::caller::Caller;
use crate::engine::World;

pub const SPEC: Spec = Spec {
    path: "docker start",
    use_line: "docker start [OPTIONS] CONTAINER [CONTAINER...]",
    description: "Start one or more stopped containers",
    aliases: "docker container start, docker start",
    flags: &[
        Flag::bool(
            "attach",
            Some('a'),
            "Attach STDOUT/STDERR and forward signals",
        )
        .not_simulated(),
        Flag::value(
            "detach-keys",
            None,
            "string",
            "Override the key sequence for detaching a container",
        )
        .not_simulated(),
        Flag::bool("interactive", Some('i'), "Attach container's STDIN").not_simulated(),
    ],
    interspersed: true,
    excluded: &[],
};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContainerStart {
    pub containers: Vec<String>,
}

pub fn parse(words: &[String]) -> Result<Docker, Output> {
    let Some(parsed) = parse_with_args(&SPEC, words)? else {
        return Ok(Docker::Help(&SPEC));
    };
    Ok(Docker::ContainerStart(ContainerStart {
        containers: parsed.args,
    }))
}

impl ContainerStart {
    pub fn execute(self, world: &mut World, host: &str, caller: &Caller) -> Output {
        let mut o = Output::default();
        let mut failed = Vec::new();
        for name in &self.containers {
            match world.container_start(host, caller, name) {
                Ok(started) => {
                    if started == crate::engine::Started::Tool {
                        crate::cli::shells::container::run_main_tool(world, host, name);
                    }
                    o.out(name.clone());
                }
                Err(e) => {
                    o.err(super::daemon_error(&e));
                    failed.push(name.clone());
                }
            }
        }
        if !failed.is_empty() {
            o.err(format!("failed to start containers: {}", failed.join(", ")));
            o.exit_code = 1;
        }
        o
    }
}
