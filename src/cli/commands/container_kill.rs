//! `docker kill`: SIGKILL by default, or `-s SIGNAL`; each argument echoed, failures after
//! (docker/cli `kill.go`).

use crate::cli::flags::{Flag, Spec};
use crate::cli::{parse_with_args, Docker, Output};
use crate::engine::docker::caller::Caller;
use crate::engine::{Signal, World};

pub const SPEC: Spec = Spec {
    path: "docker kill",
    use_line: "docker kill [OPTIONS] CONTAINER [CONTAINER...]",
    description: "Kill one or more running containers",
    aliases: "docker container kill, docker kill",
    flags: &[Flag::value(
        "signal",
        Some('s'),
        "string",
        "Signal to send to the container",
    )],
    interspersed: true,
    excluded: &[],
};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContainerKill {
    pub signal: Option<String>,
    pub containers: Vec<String>,
}

pub fn parse(words: &[String]) -> Result<Docker, Output> {
    let Some(parsed) = parse_with_args(&SPEC, words)? else {
        return Ok(Docker::Help(&SPEC));
    };
    Ok(Docker::ContainerKill(ContainerKill {
        signal: parsed.value("signal").map(String::from),
        containers: parsed.args,
    }))
}

impl ContainerKill {
    pub fn execute(self, world: &mut World, host: &str, caller: &Caller) -> Output {
        let signal = match self.signal.as_deref() {
            None => Signal::Kill,
            Some(text) => match Signal::parse(text) {
                Some(s) => s,
                // moby `signal.ParseSignal`, checked by the daemon for each container.
                None => {
                    return Output::failed(
                        self.containers
                            .iter()
                            .map(|_| format!("Error response from daemon: Invalid signal: {text}"))
                            .collect::<Vec<_>>()
                            .join("\n"),
                        1,
                    )
                }
            },
        };
        super::each_argument(&self.containers, |name| {
            world.container_kill(host, caller, name, signal)
        })
    }
}
