//! One file per command, named `<object>_<verb>.rs` after the Docker CLI's own command tree.
//! Each declares its [`Spec`](super::flags::Spec) (usage line, flags), parses its words into a
//! typed value, and executes it against the engine.

pub mod client_config;
pub mod container_attach;
pub mod container_commit;
pub mod container_cp;
pub mod container_diff;
pub mod container_exec;
pub mod container_kill;
pub mod container_logs;
pub mod container_ls;
pub mod container_pause;
pub mod container_port;
pub mod container_rename;
pub mod container_restart;
pub mod container_rm;
pub mod container_run;
pub mod container_start;
pub mod container_stats;
pub mod container_stop;
pub mod container_top;
pub mod context;
pub mod context_more;
pub mod docker_root;
pub mod events;
pub mod image_build;
pub mod image_history;
pub mod image_ls;
pub mod image_pull;
pub mod image_push;
pub mod image_rm;
pub mod image_search;
pub mod info_format;
pub mod inspect;
pub mod inspect_image;
pub mod login;
pub mod network_connect;
pub mod network_create;
pub mod network_ls;
pub mod network_prune;
pub mod network_rm;
pub mod service;
pub mod service_update;
pub mod swarm;
pub mod system;
pub mod system_df;
pub mod system_prune;
pub mod volume;

use super::flags::Flag;
use super::Output;
use crate::engine::EngineError;

/// A Docker command, parsed: one variant per file of this folder (a closed set, dispatched
/// by `cli::dispatch`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Docker {
    ContainerRun(Box<container_run::ContainerRun>),
    ContainerLs(container_ls::ContainerLs),
    ContainerStop(container_stop::ContainerStop),
    ContainerRm(container_rm::ContainerRm),
    ContainerStart(container_start::ContainerStart),
    ContainerRestart(container_restart::ContainerRestart),
    ContainerKill(container_kill::ContainerKill),
    ContainerPause(container_pause::ContainerPause),
    ContainerRename(container_rename::ContainerRename),
    ContainerLogs(container_logs::ContainerLogs),
    ContainerStats(Box<container_stats::ContainerStats>),
    ContainerExec(container_exec::ContainerExec),
    ContainerAttach(container_attach::ContainerAttach),
    ContainerPort(container_port::ContainerPort),
    ContainerDiff(container_diff::ContainerDiff),
    ContainerCommit(container_commit::ContainerCommit),
    ContainerCp(container_cp::ContainerCp),
    ImageBuild(image_build::ImageBuild),
    ImageLs(image_ls::ImageLs),
    ImageHistory(image_history::ImageHistory),
    ImageSearch(image_search::ImageSearch),
    ImagePull(image_pull::ImagePull),
    ImagePush(image_push::ImagePush),
    ImageRm(image_rm::ImageRm),
    ImageTag(image_rm::ImageTag),
    Volume(volume::VolumeCommand),
    Inspect(inspect::Inspect),
    System(system::System),
    /// `docker system prune`, `docker image prune`.
    Prune(system_prune::Prune),
    SystemDf(system_df::SystemDf),
    ContainerTop(container_top::ContainerTop),
    NetworkCreate(network_create::NetworkCreate),
    NetworkLs(network_ls::NetworkLs),
    NetworkRm(network_rm::NetworkRm),
    NetworkConnect(network_connect::NetworkConnect),
    NetworkDisconnect(network_connect::NetworkDisconnect),
    NetworkPrune(network_prune::NetworkPrune),
    /// `docker swarm …` and `docker node ls`.
    Swarm(swarm::SwarmCommand),
    /// `docker service …`.
    Service(service::ServiceCommand),
    /// `docker context …`: the client's contexts, in the user's `~/.docker`.
    Context(context::ContextCommand),
    /// `docker login`, `docker logout`.
    Login(login::Login),
    Logout(login::Logout),
    /// `docker compose …`: the Compose plugin, in `cli/compose/`.
    Compose(Vec<String>),
    /// `docker network` alone: the management command's usage.
    ManagementHelp(&'static Management),
    /// `--help` on a simulated command.
    Help(&'static super::flags::Spec),
    /// `docker` alone or `docker --help`.
    RootHelp,
    /// `docker --version`.
    Version,
    /// A real Docker command Berth does not simulate yet, such as `docker network`.
    NotSimulated(String),
    /// Not a Docker command at all: `docker foo`.
    Unknown(String),
}

impl Docker {
    /// Commands the client answers from its own files (`~/.docker`) before choosing a daemon:
    /// they work with dockerd down and are never sent through `-H` or a context.
    pub fn is_client_side(&self) -> bool {
        matches!(
            self,
            Docker::Context(_) | Docker::Login(_) | Docker::Logout(_)
        )
    }
}

/// `Error response from daemon: …`, as docker/cli prints a daemon error.
pub fn daemon_error(e: &EngineError) -> String {
    match e {
        // Berth's own limit, not the daemon's answer.
        EngineError::IngressRemove => format!("berth: {e}"),
        _ => format!("Error response from daemon: {e}"),
    }
}

/// Echo each argument that succeeded, then print the failures on stderr: docker/cli's
/// `stop` and `rm` (reference C.8). Exit 1 if any failed.
pub fn each_argument(
    names: &[String],
    mut op: impl FnMut(&str) -> Result<(), EngineError>,
) -> Output {
    let mut o = Output::default();
    let mut errors = Vec::new();
    for name in names {
        match op(name) {
            Ok(()) => o.out(name.clone()),
            Err(e) => errors.push(daemon_error(&e)),
        }
    }
    if !errors.is_empty() {
        o.err(errors.join("\n"));
        o.exit_code = 1;
    }
    o
}

/// A management command such as `docker network`: its usage when called alone, and
/// docker/cli `NoArgs`'s error for a subcommand it does not have.
#[derive(Debug, PartialEq, Eq)]
pub struct Management {
    pub path: &'static str,
    pub description: &'static str,
    /// `(name, description)` of each subcommand, in cobra's (alphabetical) order.
    pub commands: &'static [(&'static str, &'static str)],
}

impl Management {
    pub fn help(&self) -> String {
        // cobra's NamePadding: the longest sibling name, at least 11.
        let width = self
            .commands
            .iter()
            .map(|(n, _)| n.len())
            .max()
            .unwrap_or(0)
            .max(11);
        let mut text = format!(
            "\nUsage:  {} COMMAND\n\n{}\n\nCommands:\n",
            self.path, self.description
        );
        for (name, description) in self.commands {
            text.push_str(&format!("  {name:width$} {description}\n"));
        }
        text.push_str(&format!(
            "\nRun '{} COMMAND --help' for more information on a command.",
            self.path
        ));
        text
    }

    pub fn unknown(&self, word: &str) -> Output {
        Output::failed(
            format!(
                "docker: unknown command: {path} {word}\n\nUsage:  {path} COMMAND\n\nRun '{path} --help' for more information",
                path = self.path
            ),
            1,
        )
    }
}

/// The options of `container prune` and `network prune` (docker/cli `prune.go`).
pub const PRUNE_FLAGS: &[Flag] = &[
    Flag::value(
        "filter",
        None,
        "filter",
        "Provide filter values (e.g. \"until=<timestamp>\")",
    )
    .not_simulated(),
    Flag::bool("force", Some('f'), "Do not prompt for confirmation"),
];

pub const NETWORK: Management = Management {
    path: "docker network",
    description: "Manage networks",
    commands: &[
        ("connect", "Connect a container to a network"),
        ("create", "Create a network"),
        ("disconnect", "Disconnect a container from a network"),
        (
            "inspect",
            "Display detailed information on one or more networks",
        ),
        ("ls", "List networks"),
        ("prune", "Remove all unused networks"),
        ("rm", "Remove one or more networks"),
    ],
};

pub const IMAGE: Management = Management {
    path: "docker image",
    description: "Manage images",
    commands: &[
        ("build", "Build an image from a Dockerfile"),
        ("history", "Show the history of an image"),
        (
            "import",
            "Import the contents from a tarball to create a filesystem image",
        ),
        (
            "inspect",
            "Display detailed information on one or more images",
        ),
        ("load", "Load an image from a tar archive or STDIN"),
        ("ls", "List images"),
        ("prune", "Remove unused images"),
        ("pull", "Download an image from a registry"),
        ("push", "Upload an image to a registry"),
        ("rm", "Remove one or more images"),
        (
            "save",
            "Save one or more images to a tar archive (streamed to STDOUT by default)",
        ),
        (
            "tag",
            "Create a tag TARGET_IMAGE that refers to SOURCE_IMAGE",
        ),
    ],
};

pub const VOLUME: Management = Management {
    path: "docker volume",
    description: "Manage volumes",
    commands: &[
        ("create", "Create a volume"),
        (
            "inspect",
            "Display detailed information on one or more volumes",
        ),
        ("ls", "List volumes"),
        ("prune", "Remove unused local volumes"),
        ("rm", "Remove one or more volumes"),
        ("update", "Update a volume (cluster volumes only)"),
    ],
};
