//! Authorization at the terminal: which API requests each docker command sends (as the
//! Twistlock broker names them), the daemon's refusal in Docker's words, and the two lab
//! commands that edit what the plugins read.
//!
//! - A docker command is checked before it runs, request by request, in the order the CLI
//!   sends them (`docker run -d`: `container_create`, then `container_start`). The first
//!   refusal stops it. The engine decides ([`crate::engine::security::authz`]); this module only maps
//!   commands to requests and writes the answer.
//! - Real `docker run` creates the container before it asks to start it: when only the start
//!   is refused, the container stays behind, Created, as here (like a start that fails on a
//!   port already allocated).
//! - `authz-policy` is Berth's stand-in for editing `/var/lib/authz-broker/policy.json`
//!   (the host's shell has no `>>`); `berth-authz` edits the rules of Berth's own flag
//!   plugin. Both are Berth's commands, so their words are Berth's.

use super::commands::{container_top::ContainerTop, inspect, system::System, volume};
use super::{Docker, Output};
use crate::engine::security::authz::{Action, Asks, FlagRule, Request, FLAG_PLUGIN, POLICY_FILE};
use crate::engine::World;

const POLICY_USAGE: &str = "Usage: authz-policy                 print /var/lib/authz-broker/policy.json\n       authz-policy add 'JSON'      append one policy line, such as\n                                    '{\"name\":\"policy_1\",\"users\":[\"alice\"],\"actions\":[\"container_list\"]}'\n       authz-policy rm NAME         remove the policies named NAME\nThe broker re-reads the file at once: no restart.";

const RULES_USAGE: &str = "Usage: berth-authz                  list the rules of Berth's flag plugin\n       berth-authz deny RULE        refuse container creation that asks for RULE\n       berth-authz allow RULE       drop the rule\nRULE: privileged, cap-add, host-pid, host-network, docker-socket.\nThe plugin only acts once daemon.json lists \"berth-authz\" in authorization-plugins.";

/// What a `docker run`/`create` body asks for that a flag rule can refuse.
fn asks_of(run: &super::commands::container_run::ContainerRun) -> Asks {
    let socket = |path: &str| matches!(path, "/var/run/docker.sock" | "/run/docker.sock");
    Asks {
        privileged: run.security.privileged,
        cap_add: !run.security.cap_add.is_empty(),
        host_pid: run.security.pid_mode == "host",
        host_network: run.network.as_deref() == Some("host"),
        docker_socket: run
            .volumes
            .iter()
            .any(|v| v.split(':').next().is_some_and(socket))
            || run.mounts.iter().any(|m| {
                m.split(',').any(|kv| {
                    kv.split_once('=')
                        .is_some_and(|(k, v)| matches!(k, "source" | "src") && socket(v))
                })
            }),
    }
}

/// The requests a command sends, in order; one per target for commands that take several.
fn requests(world: &World, host: &str, user: &str, docker: &Docker) -> Vec<Request> {
    let one = |action| vec![Request::new(user, action)];
    let each = |action, n: usize| vec![Request::new(user, action); n];
    match docker {
        Docker::ContainerRun(run) => {
            let mut list = vec![Request {
                user: user.to_string(),
                action: Action::ContainerCreate,
                asks: asks_of(run),
            }];
            // The create answers "No such image": the CLI pulls, then creates again.
            let local = run
                .image
                .parse()
                .is_ok_and(|r| world.image_inspect(host, &r).is_ok());
            if !local {
                list.push(Request::new(user, Action::ImageCreate));
            }
            if !run.create_only {
                // docker/cli `run.go`: attach and wait before start, unless detached.
                if !run.detach {
                    list.push(Request::new(user, Action::ContainerAttach));
                    list.push(Request::new(user, Action::ContainerWait));
                }
                list.push(Request::new(user, Action::ContainerStart));
            }
            list
        }
        Docker::ContainerLs(_) => one(Action::ContainerList),
        Docker::ContainerStop(c) => each(Action::ContainerStop, c.containers.len()),
        Docker::ContainerRm(c) => each(Action::ContainerDelete, c.containers.len()),
        Docker::ContainerStart(c) => each(Action::ContainerStart, c.containers.len()),
        Docker::ContainerRestart(c) => each(Action::ContainerRestart, c.containers.len()),
        Docker::ContainerKill(c) => each(Action::ContainerKill, c.containers.len()),
        Docker::ContainerPause(c) => {
            let action = if c.pause {
                Action::ContainerPause
            } else {
                Action::ContainerUnpause
            };
            each(action, c.containers.len())
        }
        Docker::ContainerRename(_) => one(Action::ContainerRename),
        Docker::ContainerLogs(_) => one(Action::ContainerLogs),
        Docker::ContainerExec(_) => vec![
            Request::new(user, Action::ContainerExecCreate),
            Request::new(user, Action::ContainerExecStart),
        ],
        Docker::ContainerAttach(_) => one(Action::ContainerAttach),
        Docker::ContainerPort(_) => one(Action::ContainerInspect),
        Docker::ContainerTop(ContainerTop::Top { .. }) => one(Action::ContainerTop),
        // `POST /containers/prune` is not in the broker's route table: action "".
        Docker::ContainerTop(ContainerTop::Prune { .. }) => one(Action::None),
        Docker::ImageLs(_) => one(Action::ImageList),
        Docker::ImageHistory(_) => one(Action::ImageHistory),
        Docker::ImagePull(_) => one(Action::ImageCreate),
        Docker::ImageRm(c) => each(Action::ImageDelete, c.images.len()),
        Docker::ImageTag(_) => one(Action::ImageTag),
        Docker::Volume(v) => match v {
            volume::VolumeCommand::Create { .. } => one(Action::VolumeCreate),
            volume::VolumeCommand::Ls { .. } => one(Action::VolumeList),
            volume::VolumeCommand::Rm { names, .. } => each(Action::VolumeRemove, names.len()),
            volume::VolumeCommand::Prune { .. } => one(Action::None),
        },
        Docker::Inspect(i) => {
            let action = match i.kind {
                inspect::Kind::Any | inspect::Kind::Container => Action::ContainerInspect,
                inspect::Kind::Network => Action::NetworkInspect,
                inspect::Kind::Image => Action::ImageInspect,
                inspect::Kind::Volume => Action::VolumeInspect,
            };
            each(action, i.names.len().max(1))
        }
        Docker::System(s) => match s {
            System::Version => one(Action::DockerVersion),
            System::Info => one(Action::DockerInfo),
            // The broker's table has `POST /events`; the CLI sends GET: action "".
            System::Events { .. } => one(Action::None),
        },
        Docker::NetworkCreate(_) => one(Action::NetworkCreate),
        Docker::NetworkLs(_) => one(Action::NetworkList),
        Docker::NetworkRm(c) => each(Action::NetworkRemove, c.networks.len()),
        Docker::NetworkConnect(_) => one(Action::NetworkConnect),
        Docker::NetworkDisconnect(_) => one(Action::NetworkDisconnect),
        // Prunes, swarm, nodes and services: routes the broker does not name.
        Docker::NetworkPrune(_) | Docker::Swarm(_) | Docker::Service(_) => one(Action::None),
        // Help, `--version` and unknown commands never reach the daemon.
        Docker::ManagementHelp(_)
        | Docker::Help(_)
        | Docker::RootHelp
        | Docker::Version
        | Docker::NotSimulated(_)
        | Docker::Unknown(_) => Vec::new(),
    }
}

/// Checks a docker command against the daemon's authorization plugins before it runs.
/// `None`: every request is allowed (or no plugin is configured) and the command may run.
pub fn gate(world: &mut World, host: &str, user: &str, docker: &Docker) -> Option<Output> {
    let h = world.host(host).ok()?;
    if h.daemon.settings.authorization_plugins.is_empty() {
        return None;
    }
    let list = requests(world, host, user, docker);
    let (index, error) = h.authorize_all(&list).err()?;
    let denied = list.get(index)?.action;
    let Docker::ContainerRun(run) = docker else {
        // One error per request of the refused kind (`docker stop a b`: one per container).
        let times = list.iter().filter(|r| r.action == denied).count();
        let text = vec![format!("Error response from daemon: {error}"); times].join("\n");
        return Some(Output::failed(text, 1));
    };
    let command = if run.create_only { "create" } else { "run" };
    let mut o = Output::default();
    match denied {
        Action::ContainerCreate => {}
        Action::ImageCreate => o.err(format!("Unable to find image '{}' locally", run.image)),
        // Created, then refused: the container stays, Created. The pull shows; so does the
        // ID when detached, which docker/cli prints as soon as the create answers.
        _ => {
            let mut create = run.as_ref().clone();
            create.create_only = true;
            create.detach = true;
            let created = create.execute(world, host);
            if created.exit_code != 0 {
                return Some(created);
            }
            o.lines.extend(
                created
                    .lines
                    .into_iter()
                    .filter(|l| run.detach || l.stream == super::Stream::Stderr),
            );
        }
    }
    o.err(format!(
        "docker: Error response from daemon: {error}\n\nRun 'docker {command} --help' for more information"
    ));
    o.exit_code = 125;
    Some(o)
}

/// `cat /var/lib/authz-broker/policy.json`.
pub fn cat_policy(world: &World, host: &str) -> Output {
    match world
        .host(host)
        .ok()
        .and_then(|h| h.machine.authz_policy.clone())
    {
        Some(text) => {
            let mut o = Output::default();
            if let Some(body) = text.strip_suffix('\n').or(Some(text.as_str())) {
                if !body.is_empty() {
                    o.out(body);
                }
            }
            o
        }
        None => Output::failed(format!("cat: {POLICY_FILE}: No such file or directory"), 1),
    }
}

/// `authz-policy [add 'JSON' | rm NAME]`.
pub fn authz_policy(world: &mut World, host: &str, args: &[&str]) -> Output {
    match args {
        [] | ["ls"] => cat_policy(world, host),
        ["add", line] => {
            // The broker logs a line it cannot decode and reads it as a policy naming no
            // one; Berth refuses it up front, so the file stays one the broker understands.
            if !matches!(
                serde_json::from_str::<serde_json::Value>(line),
                Ok(serde_json::Value::Object(_))
            ) {
                return Output::failed(
                    format!("berth: not one JSON object: {line}\n{POLICY_USAGE}"),
                    1,
                );
            }
            match world.authz_policy_append(host, line) {
                Ok(()) => cat_policy(world, host),
                Err(e) => Output::failed(format!("berth: {e}"), 1),
            }
        }
        ["rm", name] => match world.authz_policy_remove(host, name) {
            Ok(0) => Output::failed(format!("berth: no policy named {name}"), 1),
            Ok(_) => cat_policy(world, host),
            Err(e) => Output::failed(format!("berth: {e}"), 1),
        },
        _ => Output::failed(POLICY_USAGE, 1),
    }
}

/// `berth-authz [deny|allow RULE]`.
pub fn berth_authz(world: &mut World, host: &str, args: &[&str]) -> Output {
    let rule = |name: &str| name.parse::<FlagRule>();
    let edit = match args {
        [] | ["ls"] => {
            let mut o = Output::default();
            let rules = world
                .host(host)
                .map(|h| h.machine.authz_rules.clone())
                .unwrap_or_default();
            if rules.is_empty() {
                o.out(format!("{FLAG_PLUGIN}: no rules: every request is allowed"));
            }
            for r in rules {
                o.out(format!("deny {r}"));
            }
            return o;
        }
        [verb @ ("deny" | "allow"), name] => match rule(name) {
            Ok(r) => world.authz_rule_set(host, r, *verb == "deny"),
            Err(e) => return Output::failed(format!("berth: {e}\n{RULES_USAGE}"), 1),
        },
        _ => return Output::failed(RULES_USAGE, 1),
    };
    match edit {
        Ok(()) => berth_authz(world, host, &[]),
        Err(e) => Output::failed(format!("berth: {e}"), 1),
    }
}
