//! `docker network prune`: removes the user networks no running container uses
//! (docker/cli `cli/command/network/prune.go`).

use crate::cli::flags::Spec;
use crate::cli::{accepts_no_args, parse_flags, Docker, Output};
use crate::engine::docker::caller::Caller;
use crate::engine::World;

pub const SPEC: Spec = Spec {
    path: "docker network prune",
    use_line: "docker network prune [OPTIONS]",
    description: "Remove all unused networks",
    aliases: "",
    flags: super::PRUNE_FLAGS,
    interspersed: true,
    excluded: &[],
};

const WARNING: &str = "WARNING! This will remove all custom networks not used by at least one container.\nAre you sure you want to continue?";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NetworkPrune {
    pub force: bool,
}

pub fn parse(words: &[String]) -> Result<Docker, Output> {
    let Some(parsed) = parse_flags(&SPEC, words)? else {
        return Ok(Docker::Help(&SPEC));
    };
    if !parsed.args.is_empty() {
        return Err(accepts_no_args(&SPEC));
    }
    Ok(Docker::NetworkPrune(NetworkPrune {
        force: parsed.is_set("force"),
    }))
}

impl NetworkPrune {
    pub fn execute(self, world: &mut World, host: &str, caller: &Caller) -> Output {
        let mut o = Output::default();
        if !self.force {
            // docker/cli `network/prune.go`: the next typed line answers.
            let action = Docker::NetworkPrune(NetworkPrune { force: true });
            return crate::cli::follow::confirm(host, caller, WARNING, action);
        }
        match world.network_prune(host, caller) {
            Ok(removed) if removed.is_empty() => o,
            Ok(removed) => {
                o.out("Deleted Networks:");
                for name in removed {
                    o.out(name);
                }
                o.out("");
                o
            }
            Err(e) => Output::failed(super::daemon_error(&e), 1),
        }
    }
}
