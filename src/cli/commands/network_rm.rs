//! `docker network rm`: echoes each removed argument; failures go to stderr, exit 1
//! (docker/cli `cli/command/network/remove.go`).

use crate::cli::flags::{Flag, Spec};
use crate::cli::{parse_with_args, Docker, Output};
use crate::engine::docker::caller::Caller;
use crate::engine::{EngineError, World};

pub const SPEC: Spec = Spec {
    path: "docker network rm",
    use_line: "docker network rm NETWORK [NETWORK...]",
    description: "Remove one or more networks",
    aliases: "docker network rm, docker network remove",
    flags: &[Flag::bool(
        "force",
        Some('f'),
        "Do not error if the network does not exist",
    )],
    interspersed: true,
    excluded: &[],
};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NetworkRm {
    pub force: bool,
    pub networks: Vec<String>,
}

pub fn parse(words: &[String]) -> Result<Docker, Output> {
    let Some(parsed) = parse_with_args(&SPEC, words)? else {
        return Ok(Docker::Help(&SPEC));
    };
    Ok(Docker::NetworkRm(NetworkRm {
        force: parsed.is_set("force"),
        networks: parsed.args,
    }))
}

impl NetworkRm {
    pub fn execute(self, world: &mut World, host: &str, caller: &Caller) -> Output {
        // Unlike `docker rm`, each failure prints as it happens, between the echoed names.
        let mut o = Output::default();
        for name in &self.networks {
            match world.network_remove(host, caller, name) {
                Ok(()) => o.out(name.clone()),
                // -f: a missing network is neither an error nor echoed.
                Err(EngineError::NoSuchNetwork(_)) if self.force => {}
                Err(e) => {
                    o.err(super::daemon_error(&e));
                    o.exit_code = 1;
                }
            }
        }
        o
    }
}
