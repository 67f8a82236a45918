//! `docker network connect` and `docker network disconnect`: silent on success
//! (docker/cli `cli/command/network/connect.go`, `disconnect.go`).

use std::net::Ipv4Addr;

use crate::cli::flags::{Flag, Spec};
use crate::cli::{exact_args, parse_flags, Docker, Output};
use crate::engine::docker::caller::Caller;
use crate::engine::World;

pub const CONNECT: Spec = Spec {
    path: "docker network connect",
    use_line: "docker network connect [OPTIONS] NETWORK CONTAINER",
    description: "Connect a container to a network",
    aliases: "",
    flags: &[
        Flag::value("alias", None, "strings", "Add network-scoped alias for the container"),
        Flag::value("driver-opt", None, "strings", "driver options for the network").not_simulated(),
        Flag::value("gw-priority", None, "int", "Highest gw-priority provides the default gateway. Accepts positive and negative values.").not_simulated(),
        Flag::value("ip", None, "string", "IPv4 address (e.g., \"172.30.100.104\")"),
        Flag::value("ip6", None, "string", "IPv6 address (e.g., \"2001:db8::33\")").not_simulated(),
        Flag::value("link", None, "list", "Add link to another container").not_simulated(),
        Flag::value("link-local-ip", None, "strings", "Add a link-local address for the container").not_simulated(),
    ],
    interspersed: true,
    excluded: &[],
};

pub const DISCONNECT: Spec = Spec {
    path: "docker network disconnect",
    use_line: "docker network disconnect [OPTIONS] NETWORK CONTAINER",
    description: "Disconnect a container from a network",
    aliases: "",
    flags: &[Flag::bool(
        "force",
        Some('f'),
        "Force the container to disconnect from a network",
    )],
    interspersed: true,
    excluded: &[],
};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NetworkConnect {
    pub network: String,
    pub container: String,
    pub aliases: Vec<String>,
    pub ip: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NetworkDisconnect {
    pub network: String,
    pub container: String,
}

pub fn parse_connect(words: &[String]) -> Result<Docker, Output> {
    let Some(parsed) = parse_flags(&CONNECT, words)? else {
        return Ok(Docker::Help(&CONNECT));
    };
    let [network, container] = parsed.args.as_slice() else {
        return Err(exact_args(&CONNECT, 2));
    };
    Ok(Docker::NetworkConnect(NetworkConnect {
        network: network.clone(),
        container: container.clone(),
        aliases: parsed
            .values
            .get("alias")
            .map(|v| {
                v.iter()
                    .flat_map(|a| a.split(','))
                    .map(String::from)
                    .collect()
            })
            .unwrap_or_default(),
        ip: parsed.value("ip").map(String::from),
    }))
}

pub fn parse_disconnect(words: &[String]) -> Result<Docker, Output> {
    let Some(parsed) = parse_flags(&DISCONNECT, words)? else {
        return Ok(Docker::Help(&DISCONNECT));
    };
    let [network, container] = parsed.args.as_slice() else {
        return Err(exact_args(&DISCONNECT, 2));
    };
    Ok(Docker::NetworkDisconnect(NetworkDisconnect {
        network: network.clone(),
        container: container.clone(),
    }))
}

impl NetworkConnect {
    pub fn execute(self, world: &mut World, host: &str, caller: &Caller) -> Output {
        let ip = match self.ip.as_deref().map(str::parse::<Ipv4Addr>) {
            None => None,
            Some(Ok(ip)) => Some(ip),
            Some(Err(_)) => {
                return Output::failed(
                    format!(
                        "Error response from daemon: invalid IPv4 address: {}",
                        self.ip.unwrap_or_default()
                    ),
                    1,
                )
            }
        };
        match world.network_connect(
            host, caller, &self.network, &self.container, self.aliases, ip,
        ) {
            Ok(()) => Output::default(),
            Err(e) => Output::failed(super::daemon_error(&e), 1),
        }
    }
}

impl NetworkDisconnect {
    pub fn execute(self, world: &mut World, host: &str, caller: &Caller) -> Output {
        match world.network_disconnect(host, caller, &self.network, &self.container) {
            Ok(()) => Output::default(),
            Err(e) => Output::failed(super::daemon_error(&e), 1),
        }
    }
}
