//! `docker` itself: picks the subcommand, answers `docker --help`, and tells a real command that
//! Berth does not simulate yet from a command Docker does not have.

use super::{
    container_attach, container_exec, container_kill, container_logs, container_ls,
    container_pause, container_port, container_rename, container_restart, container_rm,
    container_run, container_start, container_stop, image_ls, image_pull, image_rm,
    network_connect, network_create, network_ls, network_prune, network_rm, IMAGE, NETWORK,
};
use crate::cli::Output as Out;

/// A container verb, shared by `docker VERB` and `docker container VERB`.
fn container_verb(verb: &str, args: &[String]) -> Option<Result<Docker, Out>> {
    Some(match verb {
        "run" => container_run::parse(args),
        "create" => container_run::parse_create(args),
        "start" => container_start::parse(args),
        "stop" => container_stop::parse(args),
        "restart" => container_restart::parse(args),
        "kill" => container_kill::parse(args),
        "pause" => container_pause::parse_pause(args),
        "unpause" => container_pause::parse_unpause(args),
        "rm" => container_rm::parse(args),
        "rename" => container_rename::parse(args),
        "logs" => container_logs::parse(args),
        "stats" => super::container_stats::parse(args),
        "inspect" => super::inspect::parse(super::inspect::Kind::Container, args),
        "top" => super::container_top::parse_top(args),
        "exec" => container_exec::parse(args),
        "attach" => container_attach::parse(args),
        "port" => container_port::parse(args),
        "diff" => super::container_diff::parse(args),
        "commit" => super::container_commit::parse(args),
        "cp" => super::container_cp::parse(args),
        _ => return None,
    })
}
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
        "ps" => container_ls::parse(rest),
        "container" => match rest.split_first() {
            Some((verb, args)) => match verb.as_str() {
                "ls" | "list" | "ps" => container_ls::parse(args),
                "remove" => container_rm::parse(args),
                "prune" => super::container_top::parse_prune(args),
                other => container_verb(other, args).unwrap_or_else(|| {
                    Ok(Docker::NotSimulated(format!("docker container {other}")))
                }),
            },
            None => Ok(Docker::NotSimulated("docker container".into())),
        },
        "images" => image_ls::parse(rest),
        "build" => super::image_build::parse(rest),
        "buildx" => match rest.split_first() {
            Some((verb, args)) if verb == "build" || verb == "b" => super::image_build::parse(args),
            Some((verb, _)) => Ok(Docker::NotSimulated(format!("docker buildx {verb}"))),
            None => Ok(Docker::NotSimulated("docker buildx".into())),
        },
        w @ ("version" | "info" | "events") => super::system::parse(w, rest),
        "system" => match rest.split_first() {
            Some((w, args)) if w == "info" || w == "events" => super::system::parse(w, args),
            Some((w, args)) if w == "prune" => super::system_prune::parse_system(args),
            Some((w, args)) if w == "df" => super::system_df::parse(args),
            Some((w, _)) => Ok(Docker::NotSimulated(format!("docker system {w}"))),
            None => Ok(Docker::NotSimulated("docker system".into())),
        },
        "-v" | "--version" => Ok(Docker::Version),
        "inspect" => super::inspect::parse(super::inspect::Kind::Any, rest),
        "pull" => image_pull::parse(rest),
        "push" => super::image_push::parse(rest),
        "rmi" => image_rm::parse_rmi(rest),
        "history" => super::image_history::parse(rest),
        "search" => super::image_search::parse(rest),
        "tag" => image_rm::parse_tag(rest),
        "image" => match rest.split_first() {
            None => Ok(Docker::ManagementHelp(&IMAGE)),
            Some((verb, args)) => match verb.as_str() {
                "--help" | "-h" => Ok(Docker::ManagementHelp(&IMAGE)),
                "ls" | "list" => image_ls::parse(args),
                "build" => super::image_build::parse(args),
                "pull" => image_pull::parse(args),
                "push" => super::image_push::parse(args),
                "rm" | "remove" => image_rm::parse_rmi(args),
                "tag" => image_rm::parse_tag(args),
                "history" => super::image_history::parse(args),
                "prune" => super::system_prune::parse_image(args),
                "inspect" => super::inspect::parse(super::inspect::Kind::Image, args),
                other if IMAGE.commands.iter().any(|(n, _)| *n == other) => {
                    Ok(Docker::NotSimulated(format!("docker image {other}")))
                }
                other => Err(IMAGE.unknown(other)),
            },
        },
        "volume" => match rest.split_first() {
            None => Ok(Docker::ManagementHelp(&super::VOLUME)),
            Some((verb, args)) => match verb.as_str() {
                "--help" | "-h" => Ok(Docker::ManagementHelp(&super::VOLUME)),
                "inspect" => super::inspect::parse(super::inspect::Kind::Volume, args),
                v @ ("create" | "ls" | "list" | "rm" | "remove" | "prune") => {
                    super::volume::parse(v, args)
                }
                other if super::VOLUME.commands.iter().any(|(n, _)| *n == other) => {
                    Ok(Docker::NotSimulated(format!("docker volume {other}")))
                }
                other => Err(super::VOLUME.unknown(other)),
            },
        },
        "swarm" => super::swarm::parse_swarm(rest),
        "node" => super::swarm::parse_node(rest),
        "service" => super::service::parse(rest),
        "compose" => Ok(Docker::Compose(rest.to_vec())),
        "context" => super::context::parse(rest),
        "login" => super::login::parse_login(rest),
        "logout" => super::login::parse_logout(rest),
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
                "inspect" => super::inspect::parse(super::inspect::Kind::Network, args),
                other => Err(NETWORK.unknown(other)),
            },
        },
        verb if container_verb(verb, &[]).is_some() => container_verb(verb, rest)
            .unwrap_or_else(|| Ok(Docker::NotSimulated(format!("docker {verb}")))),
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
         exec        Execute a command in a running container\n  \
         ps          List containers\n  \
         pull        Download an image from a registry\n  \
         images      List images\n  \
         version     Show the Docker version information\n  \
         info        Display system-wide information\n\n\
         Management Commands:\n  \
         container   Manage containers\n  \
         image       Manage images\n  \
         network     Manage networks\n  \
         volume      Manage volumes\n\n\
         Commands:\n  \
         attach      Attach local standard input, output, and error streams to a running container\n  \
         create      Create a new container\n  \
         events      Get real time events from the server\n  \
         history     Show the history of an image\n  \
         inspect     Return low-level information on Docker objects\n  \
         kill        Kill one or more running containers\n  \
         logs        Fetch the logs of a container\n  \
         pause       Pause all processes within one or more containers\n  \
         port        List port mappings or a specific mapping for the container\n  \
         rename      Rename a container\n  \
         restart     Restart one or more containers\n  \
         rm          Remove one or more containers\n  \
         rmi         Remove one or more images\n  \
         start       Start one or more stopped containers\n  \
         stop        Stop one or more running containers\n  \
         tag         Create a tag TARGET_IMAGE that refers to SOURCE_IMAGE\n  \
         top         Display the running processes of a container\n  \
         unpause     Unpause all processes within one or more containers\n\n\
         Run 'docker COMMAND --help' for more information on a command.\n\n\
         berth: only the commands above are simulated so far.",
    );
    o
}
