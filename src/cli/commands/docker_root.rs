//! `docker` itself: picks the subcommand, answers `docker --help`, and tells a real command that
//! Berth does not simulate yet from a command Docker does not have.

use super::{
    container_ls, container_rm, container_run, container_stop, network_connect, network_create,
    network_ls, network_prune, network_rm, NETWORK,
};
use crate::cli::{Docker, Output};

/// Every top-level command of Docker 29's CLI (`docker --help`), simulated or not.
const DOCKER_COMMANDS: &[&str] = &[
    "attach", "bake", "build", "builder", "buildx", "checkpoint", "commit", "compose", "config",
    "container", "context", "cp", "create", "debug", "diff", "events", "exec", "export", "history",
    "image", "images", "import", "info", "init", "inspect", "kill", "load", "login", "logout",
    "logs", "manifest", "network", "node", "pause", "plugin", "port", "ps", "pull", "push",
    "rename", "restart", "rm", "rmi", "run", "save", "scout", "search", "secret", "service",
    "stack", "start", "stats", "stop", "swarm", "system", "tag", "top", "trust", "unpause",
    "update", "version", "volume", "wait",
];

pub fn parse(words: &[String]) -> Result<Docker, Output> {
    let Some((first, rest)) = words.split_first() else {
        return Ok(Docker::RootHelp);
    };
    match first.as_str() {
        "--help" | "-h" | "help" if rest.is_empty() => Ok(Docker::RootHelp),
        "run" => container_run::parse(rest),
        "ps" => container_ls::parse(rest),
        "stop" => container_stop::parse(rest),
        "rm" => container_rm::parse(rest),
        "container" => match rest.split_first() {
            Some((verb, args)) => match verb.as_str() {
                "run" => container_run::parse(args),
                "ls" | "list" | "ps" => container_ls::parse(args),
                "stop" => container_stop::parse(args),
                "rm" | "remove" => container_rm::parse(args),
                other => Ok(Docker::NotSimulated(format!("docker container {other}"))),
            },
            None => Ok(Docker::NotSimulated("docker container".into())),
        },
        "network" => match rest.split_first() {
            None => Ok(Docker::ManagementHelp(&NETWORK)),
            Some((verb, args)) => match verb.as_str() {
                "--help" | "-h" => Ok(Docker::ManagementHelp(&NETWORK)),
                "create" => network_create::parse(args),
                "ls" | "list" => network_ls::parse(args),
                "rm" | "remove" => network_rm::parse(args),
                "connect" => network_connect::parse_connect(args),
                "disconnect" => network_connect::parse_disconnect(args),
                "prune" => network_prune::parse(args),
                "inspect" => Ok(Docker::NotSimulated("docker network inspect".into())),
                other => Err(NETWORK.unknown(other)),
            },
        },
        flag if flag.starts_with('-') => Ok(Docker::NotSimulated(format!("docker {flag}"))),
        name if DOCKER_COMMANDS.contains(&name) => {
            Ok(Docker::NotSimulated(format!("docker {name}")))
        }
        name => Ok(Docker::Unknown(name.to_string())),
    }
}

/// The start of `docker --help`, with the commands Berth simulates.
pub fn help() -> Output {
    let mut o = Output::default();
    o.out(
        "\nUsage:  docker [OPTIONS] COMMAND\n\nA self-sufficient runtime for containers\n\n\
         Common Commands:\n  \
         run         Create and run a new container from an image\n  \
         ps          List containers\n\n\
         Commands:\n  \
         rm          Remove one or more containers\n  \
         stop        Stop one or more running containers\n\n\
         Management Commands:\n  \
         network     Manage networks\n\n\
         Run 'docker COMMAND --help' for more information on a command.\n\n\
         berth: only the commands above are simulated so far.",
    );
    o
}
