//! `docker swarm init|join|join-token|leave` and `docker node ls` (docker/cli
//! `cli/command/swarm/*.go`, `cli/command/node/list.go`; outputs in reference D.1).

use crate::cli::flags::{Flag, Spec};
use crate::cli::{accepts_no_args, exact_args, parse_flags, table, Docker, Output};
use crate::engine::swarm::{Node, Role, SwarmError, SwarmJoin, SWARM_PORT};
use crate::engine::World;

use super::system::ENGINE_VERSION;
use super::Management;
use crate::engine::docker::caller::Caller;

pub const SWARM: Management = Management {
    path: "docker swarm",
    description: "Manage Swarm",
    commands: &[
        ("ca", "Display and rotate the root CA"),
        ("init", "Initialize a swarm"),
        ("join", "Join a swarm as a node and/or manager"),
        ("join-token", "Manage join tokens"),
        ("leave", "Leave the swarm"),
        ("unlock", "Unlock swarm"),
        ("unlock-key", "Manage the unlock key"),
        ("update", "Update the swarm"),
    ],
};

pub const NODE: Management = Management {
    path: "docker node",
    description: "Manage Swarm nodes",
    commands: &[
        (
            "demote",
            "Demote one or more nodes from manager in the swarm",
        ),
        (
            "inspect",
            "Display detailed information on one or more nodes",
        ),
        ("ls", "List nodes in the swarm"),
        (
            "promote",
            "Promote one or more nodes to manager in the swarm",
        ),
        (
            "ps",
            "List tasks running on one or more nodes, defaults to current node",
        ),
        ("rm", "Remove one or more nodes from the swarm"),
        ("update", "Update a node"),
    ],
};

pub const INIT: Spec = Spec {
    path: "docker swarm init",
    use_line: "docker swarm init [OPTIONS]",
    description: "Initialize a swarm",
    aliases: "",
    flags: &[
        Flag::value(
            "advertise-addr",
            None,
            "string",
            "Advertised address (format: \"<ip|interface>[:port]\")",
        ),
        Flag::bool(
            "autolock",
            None,
            "Enable manager autolocking (requiring an unlock key to start a stopped manager)",
        )
        .not_simulated(),
        Flag::value(
            "data-path-port",
            None,
            "uint32",
            "Port number to use for data path traffic (1024 - 49151). If no value is set or is set to 0, the default port (4789) is used.",
        )
        .not_simulated(),
        Flag::value(
            "default-addr-pool",
            None,
            "ipNetSlice",
            "default address pool in CIDR format (default [])",
        )
        .not_simulated(),
        Flag::bool(
            "force-new-cluster",
            None,
            "Force create a new cluster from current state",
        )
        .not_simulated(),
        Flag::value(
            "listen-addr",
            None,
            "node-addr",
            "Listen address (format: \"<ip|interface>[:port]\") (default 0.0.0.0:2377)",
        )
        .not_simulated(),
    ],
    interspersed: true,
    excluded: &[],
};

pub const JOIN: Spec = Spec {
    path: "docker swarm join",
    use_line: "docker swarm join [OPTIONS] HOST:PORT",
    description: "Join a swarm as a node and/or manager",
    aliases: "",
    flags: &[
        Flag::value(
            "advertise-addr",
            None,
            "string",
            "Advertised address (format: \"<ip|interface>[:port]\")",
        ),
        Flag::value(
            "listen-addr",
            None,
            "node-addr",
            "Listen address (format: \"<ip|interface>[:port]\") (default 0.0.0.0:2377)",
        )
        .not_simulated(),
        Flag::value("token", None, "string", "Token for entry into the swarm"),
    ],
    interspersed: true,
    excluded: &[],
};

pub const JOIN_TOKEN: Spec = Spec {
    path: "docker swarm join-token",
    use_line: "docker swarm join-token [OPTIONS] (worker|manager)",
    description: "Manage join tokens",
    aliases: "",
    flags: &[
        Flag::bool("quiet", Some('q'), "Only display token"),
        Flag::bool("rotate", None, "Rotate join token").not_simulated(),
    ],
    interspersed: true,
    excluded: &[],
};

pub const LEAVE: Spec = Spec {
    path: "docker swarm leave",
    use_line: "docker swarm leave [OPTIONS]",
    description: "Leave the swarm",
    aliases: "",
    flags: &[Flag::bool(
        "force",
        Some('f'),
        "Force this node to leave the swarm, ignoring warnings",
    )],
    interspersed: true,
    excluded: &[],
};

pub const NODE_LS: Spec = Spec {
    path: "docker node ls",
    use_line: "docker node ls [OPTIONS]",
    description: "List nodes in the swarm",
    aliases: "docker node ls, docker node list",
    flags: &[
        Flag::value("filter", Some('f'), "filter", "Filter output based on conditions provided"),
        Flag::value(
            "format",
            None,
            "string",
            "Format output using a custom template:\n'table':            Print output in table format with column headers (default)\n'table TEMPLATE':   Print output in table format using the given Go template\n'json':             Print in JSON format\n'TEMPLATE':         Print output using the given Go template.\nRefer to https://docs.docker.com/go/formatting/ for more information about formatting output with templates",
        )
        .not_simulated(),
        Flag::bool("quiet", Some('q'), "Only display IDs"),
    ],
    interspersed: true,
    excluded: &[],
};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SwarmCommand {
    Init {
        advertise_addr: Option<String>,
    },
    Join(SwarmJoin),
    JoinToken {
        role: Role,
        quiet: bool,
    },
    Leave {
        force: bool,
    },
    NodeLs {
        quiet: bool,
        filters: Vec<(String, String)>,
    },
}

/// `docker swarm VERB …`.
pub fn parse_swarm(rest: &[String]) -> Result<Docker, Output> {
    let Some((verb, args)) = rest.split_first() else {
        return Ok(Docker::ManagementHelp(&SWARM));
    };
    let command = match verb.as_str() {
        "--help" | "-h" => return Ok(Docker::ManagementHelp(&SWARM)),
        "init" => {
            let Some(p) = parse_flags(&INIT, args)? else {
                return Ok(Docker::Help(&INIT));
            };
            if !p.args.is_empty() {
                return Err(accepts_no_args(&INIT));
            }
            SwarmCommand::Init {
                advertise_addr: p.value("advertise-addr").map(str::to_string),
            }
        }
        "join" => {
            let Some(p) = parse_flags(&JOIN, args)? else {
                return Ok(Docker::Help(&JOIN));
            };
            let [remote] = p.args.as_slice() else {
                return Err(exact_args(&JOIN, 1));
            };
            SwarmCommand::Join(SwarmJoin {
                token: p.value("token").unwrap_or_default().to_string(),
                remote: remote.clone(),
                advertise_addr: p.value("advertise-addr").map(str::to_string),
            })
        }
        "join-token" => {
            let Some(p) = parse_flags(&JOIN_TOKEN, args)? else {
                return Ok(Docker::Help(&JOIN_TOKEN));
            };
            let [role] = p.args.as_slice() else {
                return Err(exact_args(&JOIN_TOKEN, 1));
            };
            let role = match role.as_str() {
                "worker" => Role::Worker,
                "manager" => Role::Manager,
                other => return Err(Output::failed(format!("unknown role {other}"), 1)),
            };
            SwarmCommand::JoinToken {
                role,
                quiet: p.is_set("quiet"),
            }
        }
        "leave" => {
            let Some(p) = parse_flags(&LEAVE, args)? else {
                return Ok(Docker::Help(&LEAVE));
            };
            if !p.args.is_empty() {
                return Err(accepts_no_args(&LEAVE));
            }
            SwarmCommand::Leave {
                force: p.is_set("force"),
            }
        }
        other if SWARM.commands.iter().any(|(n, _)| *n == other) => {
            return Ok(Docker::NotSimulated(format!("docker swarm {other}")))
        }
        other => return Err(SWARM.unknown(other)),
    };
    Ok(Docker::Swarm(command))
}

/// `docker node VERB …`.
pub fn parse_node(rest: &[String]) -> Result<Docker, Output> {
    let Some((verb, args)) = rest.split_first() else {
        return Ok(Docker::ManagementHelp(&NODE));
    };
    match verb.as_str() {
        "--help" | "-h" => Ok(Docker::ManagementHelp(&NODE)),
        "ls" | "list" => {
            let Some(p) = parse_flags(&NODE_LS, args)? else {
                return Ok(Docker::Help(&NODE_LS));
            };
            if !p.args.is_empty() {
                return Err(accepts_no_args(&NODE_LS));
            }
            Ok(Docker::Swarm(SwarmCommand::NodeLs {
                quiet: p.is_set("quiet"),
                filters: crate::cli::parse_filters(&NODE_LS, &p)?,
            }))
        }
        other if NODE.commands.iter().any(|(n, _)| *n == other) => {
            Ok(Docker::NotSimulated(format!("docker node {other}")))
        }
        other => Err(NODE.unknown(other)),
    }
}

/// `docker node ls -f`: moby `daemon/cluster/filters.go` (`newListNodesFilters`) checks the
/// keys and the roles; swarmkit matches `name` and `id` as prefixes (the name is the node's
/// hostname). Values of one key are OR-ed, keys AND-ed. Berth's nodes carry no labels, so a
/// `label` or `node.label` filter matches none, and every node's membership is `accepted`.
fn node_filter<'a>(
    nodes: Vec<&'a Node>,
    filters: &[(String, String)],
) -> Result<Vec<&'a Node>, String> {
    let mut by_key: std::collections::BTreeMap<&str, Vec<&str>> = std::collections::BTreeMap::new();
    for (key, value) in filters {
        match key.as_str() {
            "name" | "id" | "label" | "node.label" => {}
            "role"
                if value.is_empty()
                    || ["manager", "worker"].contains(&value.to_ascii_lowercase().as_str()) => {}
            "role" => return Err(format!("Invalid role filter: '{value}'")),
            "membership"
                if value.is_empty()
                    || ["accepted", "pending"].contains(&value.to_ascii_lowercase().as_str()) => {}
            "membership" => return Err(format!("Invalid membership filter: '{value}'")),
            other => return Err(format!("invalid filter '{other}'")),
        }
        by_key.entry(key.as_str()).or_default().push(value.as_str());
    }
    let one = |n: &Node, key: &str, v: &str| match key {
        "name" => n.host.starts_with(v),
        "id" => n.id.starts_with(v),
        "role" => {
            v.is_empty()
                || v.eq_ignore_ascii_case(match n.role {
                    Role::Manager => "manager",
                    Role::Worker => "worker",
                })
        }
        "membership" => v.is_empty() || v.eq_ignore_ascii_case("accepted"),
        _ => false,
    };
    Ok(nodes
        .into_iter()
        .filter(|n| {
            by_key
                .iter()
                .all(|(key, values)| values.iter().any(|v| one(n, key, v)))
        })
        .collect())
}

/// The swarm's warning in `docker info` on a manager of a swarm with exactly two managers
/// (moby `daemon/cluster/swarm.go` `Info`; the route appends it to the daemon's warnings,
/// which docker/cli prints on stderr after the rest).
pub fn two_managers_warning(world: &World, host: &str) -> Option<&'static str> {
    let swarm = world.swarm()?;
    let managers = swarm
        .nodes
        .values()
        .filter(|n| n.role == Role::Manager)
        .count();
    let manager_here = world
        .swarm_node(host)
        .is_some_and(|n| n.role == Role::Manager);
    (manager_here && managers == 2).then_some(
        "WARNING: Running Swarm in a two-manager configuration. This configuration provides\n         no fault tolerance, and poses a high risk to lose control over the cluster.\n         Refer to https://docs.docker.com/engine/swarm/admin_guide/ to configure the\n         Swarm for fault-tolerance.",
    )
}

fn refused(e: &SwarmError) -> Output {
    Output::failed(format!("Error response from daemon: {e}"), 1)
}

/// docker/cli `printJoinCommand`.
fn join_command(role: &str, token: &str, addr: std::net::Ipv4Addr) -> String {
    format!(
        "To add a {role} to this swarm, run the following command:\n\n    docker swarm join --token {token} {addr}:{SWARM_PORT}\n"
    )
}

impl SwarmCommand {
    pub fn execute(self, world: &mut World, host: &str, caller: &Caller) -> Output {
        let mut o = Output::default();
        match self {
            SwarmCommand::Init { advertise_addr } => {
                match world.swarm_init(host, caller, advertise_addr.as_deref()) {
                    Ok(node) => {
                        let Ok((token, addr)) = world.join_token(host, caller, Role::Worker) else {
                            return o;
                        };
                        o.out(format!(
                            "Swarm initialized: current node ({node}) is now a manager.\n\n{}\nTo add a manager to this swarm, run 'docker swarm join-token manager' and follow the instructions.",
                            join_command("worker", &token, addr)
                        ));
                    }
                    Err(e) => return refused(&e),
                }
            }
            SwarmCommand::Join(join) => match world.swarm_join(host, caller, &join) {
                Ok(Role::Worker) => o.out("This node joined a swarm as a worker."),
                Ok(Role::Manager) => o.out("This node joined a swarm as a manager."),
                Err(e) => return refused(&e),
            },
            SwarmCommand::JoinToken { role, quiet } => match world.join_token(host, caller, role) {
                Ok((token, _)) if quiet => o.out(token),
                Ok((token, addr)) => {
                    let name = if role == Role::Worker {
                        "worker"
                    } else {
                        "manager"
                    };
                    o.out(join_command(name, &token, addr));
                }
                Err(e) => return refused(&e),
            },
            SwarmCommand::Leave { force } => match world.swarm_leave(host, caller, force) {
                Ok(()) => o.out("Node left the swarm."),
                Err(e) => return refused(&e),
            },
            SwarmCommand::NodeLs { quiet, filters } => {
                let nodes = match world.node_list(host, caller) {
                    Ok(n) => n,
                    Err(e) => return refused(&e),
                };
                let nodes = match node_filter(nodes, &filters) {
                    Ok(n) => n,
                    Err(text) => {
                        return Output::failed(format!("Error response from daemon: {text}"), 1)
                    }
                };
                let leader = world.swarm().and_then(|s| s.leader()).map(|n| n.id.clone());
                if quiet {
                    for n in nodes {
                        o.out(n.id.clone());
                    }
                    return o;
                }
                let mut rows = vec![vec![
                    "ID".to_string(),
                    "HOSTNAME".into(),
                    "STATUS".into(),
                    "AVAILABILITY".into(),
                    "MANAGER STATUS".into(),
                    "ENGINE VERSION".into(),
                ]];
                for n in nodes {
                    let up = world.host(&n.host).is_ok_and(|h| h.machine.running);
                    let manager_status = match n.role {
                        Role::Worker => "",
                        Role::Manager if leader.as_deref() == Some(n.id.as_str()) => "Leader",
                        Role::Manager if up => "Reachable",
                        Role::Manager => "Unreachable",
                    };
                    rows.push(vec![
                        // docker/cli's default: `{{.ID}} {{if .Self}}*{{else}} {{ end }}`.
                        format!("{} {}", n.id, if n.host == host { "*" } else { " " }),
                        n.host.clone(),
                        if up { "Ready" } else { "Down" }.into(),
                        "Active".into(),
                        manager_status.into(),
                        ENGINE_VERSION.into(),
                    ]);
                }
                o.out(table::render(&rows).join("\n"));
            }
        }
        o
    }
}
