//! The CLI: the only layer that produces terminal text.
//!
//! A line goes through three steps, each in its own module:
//! 1. [`sh`]: the shell front-end parses the line once into a typed script (lists, pipelines,
//!    redirections, expansions) and runs it, handing each simple command's words on;
//! 2. [`parse_words`]: words to a closed [`Command`] enum, with Docker's own usage errors
//!    (pflag and cobra wording, see [`flags`]);
//! 3. execute: each command in `commands/<object>_<verb>.rs` calls the engine's typed API and
//!    formats the reply as the Docker CLI would ([`table`] for tables). The text tools learners
//!    pipe into (`grep`, `wc`, …) are in [`tools`].
//!
//! Anything Docker has that Berth does not simulate says so in a line starting `berth:`, so a
//! learner never mistakes Berth's own words for Docker's.

pub mod authz;
pub mod commands;
pub mod flags;
pub mod format;
pub mod sh;
pub mod shells;
pub mod table;
pub mod template;
pub mod tools;

use crate::engine::World;
use shells::{cmd as windows, container as shell};
use tools::{
    audit, cve, docker_machine as machine, escape, host as playground, ps, systemctl as daemon, twistcli, ufw, users, weave,
};
use commands::{
    container_attach, container_exec, container_kill, container_logs, container_ls,
    container_pause, container_port, container_rename, container_restart, container_rm,
    container_run, container_start, container_stop, docker_root, image_ls, image_pull, image_rm,
    network_connect, network_create, network_ls, network_prune, network_rm,
};

/// Which stream a line was written to. The terminal shows both; stderr is styled apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stream {
    Stdout,
    Stderr,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub stream: Stream,
    pub text: String,
}

/// Everything one command printed, and how it ended.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Output {
    pub lines: Vec<Line>,
    pub exit_code: i32,
    /// The command asked the terminal to clear its screen (`clear`).
    pub clear: bool,
    /// An interactive shell opened in a container (`docker run -it`, `docker exec -it`,
    /// `docker attach`): the session now reads lines for it.
    pub enter_shell: Option<Box<EnterShell>>,
    /// `exit` in a container's shell: the session goes back to the shell below.
    pub exit_shell: bool,
    /// `ssh HOST`: the session opens a shell on that host.
    pub enter_host: Option<String>,
    /// The packet path a `ping` or `trace` followed, for the picture to animate.
    pub path: Option<Box<crate::engine::lab::reach::PathShown>>,
}

/// A shell the session should open in a container.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnterShell {
    pub container_id: String,
    /// `sh`, `ash` or `bash`.
    pub shell: String,
    /// The shell is the container's main process (`run -it`, `attach`): leaving it stops the
    /// container. An `exec` shell is not.
    pub main_process: bool,
    /// The prompt the shell prints.
    pub prompt: String,
    /// `docker exec -u USER`: the shell's user, when not the container's.
    pub user: Option<String>,
}

impl Output {
    pub fn out(&mut self, text: impl Into<String>) {
        for line in text.into().split('\n') {
            self.lines.push(Line {
                stream: Stream::Stdout,
                text: line.to_string(),
            });
        }
    }

    pub fn err(&mut self, text: impl Into<String>) {
        for line in text.into().split('\n') {
            self.lines.push(Line {
                stream: Stream::Stderr,
                text: line.to_string(),
            });
        }
    }

    pub fn failed(text: impl Into<String>, exit_code: i32) -> Output {
        let mut o = Output::default();
        o.err(text);
        o.exit_code = exit_code;
        o
    }
}

/// A parsed line: a closed set. `NotAvailable` and the `docker` variants for commands Berth does
/// not simulate are real commands too: they answer with what is simulated instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// An empty line or only spaces.
    Empty,
    /// `clear`: the terminal empties its screen.
    Clear,
    /// `help`: what this playground simulates.
    Help,
    Docker(Box<Docker>),
    /// `host …`: the lab's hosts.
    Host(Vec<String>),
    /// `firewall HOST …`: a host's underlay firewall.
    Firewall(Vec<String>),
    /// `ssh [USER@]HOST`.
    Ssh(Vec<String>),
    /// `exit` or `logout` at a host's prompt.
    Exit,
    /// `trace FROM TO[:PORT]`: the packet path, hop by hop.
    Trace(Vec<String>),
    /// `pipework BRIDGE CONTAINER IP/PREFIX`: a second interface, by hand.
    Pipework(Vec<String>),
    /// `etcdctl …`, `flanneld …`, `dockerd --bip=…`: flannel's pieces.
    Etcdctl(Vec<String>),
    Flanneld(Vec<String>),
    Dockerd(Vec<String>),
    /// `weave …`; `eval $(weave env)` turns the proxy on.
    Weave(Vec<String>),
    WeaveEnvEval,
    /// `docker-machine …` on a laptop.
    DockerMachine(Vec<String>),
    /// `eval $(docker-machine env [-u] [NAME])`.
    MachineEnvEval(Vec<String>),
    /// `VBoxManage …` on a laptop.
    VBoxManage(Vec<String>),
    /// `systemctl VERB docker` (or `service docker VERB`), `journalctl -u docker`.
    Systemctl(Vec<String>),
    Journalctl(Vec<String>),
    /// `daemon-json …`: Berth's way to edit /etc/docker/daemon.json.
    DaemonJson(Vec<String>),
    /// `docker-bench-security [OPTIONS]` (alias `audit`): the CIS benchmark's checks.
    Audit(Vec<String>),
    /// `docker -H tcp://ADDR:PORT …`: a command for another host's daemon, over the network.
    RemoteDocker {
        endpoint: String,
        command: Box<Docker>,
    },
    /// `ping`, `curl`, `hostname`: a host's own tools.
    HostTool(Vec<String>),
    /// A program other than `docker`.
    NotAvailable(String),
}

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
    ContainerExec(container_exec::ContainerExec),
    ContainerAttach(container_attach::ContainerAttach),
    ContainerPort(container_port::ContainerPort),
    ImageLs(image_ls::ImageLs),
    ImageHistory(commands::image_history::ImageHistory),
    ImagePull(image_pull::ImagePull),
    ImageRm(image_rm::ImageRm),
    ImageTag(image_rm::ImageTag),
    Volume(commands::volume::VolumeCommand),
    Inspect(commands::inspect::Inspect),
    System(commands::system::System),
    ContainerTop(commands::container_top::ContainerTop),
    NetworkCreate(network_create::NetworkCreate),
    NetworkLs(network_ls::NetworkLs),
    NetworkRm(network_rm::NetworkRm),
    NetworkConnect(network_connect::NetworkConnect),
    NetworkDisconnect(network_connect::NetworkDisconnect),
    NetworkPrune(network_prune::NetworkPrune),
    /// `docker swarm …` and `docker node ls`.
    Swarm(commands::swarm::SwarmCommand),
    /// `docker service …`.
    Service(commands::service::ServiceCommand),
    /// `docker network` alone: the management command's usage.
    ManagementHelp(&'static commands::Management),
    /// `--help` on a simulated command.
    Help(&'static flags::Spec),
    /// `docker` alone or `docker --help`.
    RootHelp,
    /// `docker --version`.
    Version,
    /// A real Docker command Berth does not simulate yet, such as `docker network`.
    NotSimulated(String),
    /// Not a Docker command at all: `docker foo`.
    Unknown(String),
}

/// The commands simulated so far, for messages that suggest what to type instead.
pub const SIMULATED: &str = "docker run, create, start, stop, restart, kill, pause, unpause, rm, rename, ps, logs, exec, attach, port, top, container prune, inspect, images, pull, rmi, tag, history, version, info, events, docker volume (create, ls, rm, prune), docker network (create, ls, rm, connect, disconnect, prune), docker swarm (init, join, join-token, leave), docker node ls and docker service (create, ls, ps, inspect, rm, scale)";

/// Checks a line as a lesson's Run or solution block holds it: the shell's syntax error (an
/// open quote is bash's end-of-file error: a block line is the whole input), then each simple
/// command written without expansions, with Docker's usage errors. `Ok` carries the line's
/// command when it is one simple command, else [`Command::Empty`].
pub fn parse(line: &str) -> Result<Command, Output> {
    let script = sh::parse::parse(line).map_err(|e| sh::syntax_error(sh::Dialect::Bash, &e))?;
    if let Some(words) = script.simple_words() {
        return parse_words(&words);
    }
    for command in script.commands() {
        let words: Option<Vec<String>> =
            command.words.iter().map(sh::parse::Word::literal).collect();
        if let Some(words) = words {
            parse_words(&words)?;
        }
    }
    Ok(Command::Empty)
}

/// Words to a command. `Err` carries the usage error, already in Docker's words.
pub fn parse_words(words: &[String]) -> Result<Command, Output> {
    // Weave's proxy set-up, `eval $(weave env)`, and docker-machine's: the front-end passes
    // them on as written (see `sh::exec`), for the commands that know what they set.
    if let [eval, substitution] = words {
        if eval == "eval" {
            if substitution == "$(weave env)" {
                return Ok(Command::WeaveEnvEval);
            }
            if let Some(inner) = substitution
                .strip_prefix("$(docker-machine env")
                .and_then(|rest| rest.strip_suffix(')'))
            {
                return Ok(Command::MachineEnvEval(
                    inner.split_whitespace().map(str::to_string).collect(),
                ));
            }
        }
    }
    let Some((program, rest)) = words.split_first() else {
        return Ok(Command::Empty);
    };
    match program.as_str() {
        "docker" => {
            // `-H`/`--host` picks the daemon (docker/cli's global flag).
            let (endpoint, rest) = match rest {
                [flag, endpoint, tail @ ..] if flag == "-H" || flag == "--host" => {
                    (Some(endpoint.clone()), tail)
                }
                [flag, tail @ ..]
                    if flag.starts_with("--host=")
                        || (flag.starts_with("-H") && flag.len() > 2) =>
                {
                    (
                        Some(
                            flag.trim_start_matches("--host=")
                                .trim_start_matches("-H")
                                .to_string(),
                        ),
                        tail,
                    )
                }
                _ => (None, rest),
            };
            let docker = docker_root::parse(rest)?;
            Ok(match endpoint {
                Some(endpoint) if !endpoint.starts_with("unix://") => Command::RemoteDocker {
                    endpoint,
                    command: Box::new(docker),
                },
                _ => Command::Docker(Box::new(docker)),
            })
        }
        "clear" => Ok(Command::Clear),
        "help" => Ok(Command::Help),
        "host" => Ok(Command::Host(rest.to_vec())),
        "firewall" => Ok(Command::Firewall(rest.to_vec())),
        "ssh" => Ok(Command::Ssh(rest.to_vec())),
        "trace" => Ok(Command::Trace(rest.to_vec())),
        "pipework" => Ok(Command::Pipework(rest.to_vec())),
        "etcdctl" => Ok(Command::Etcdctl(rest.to_vec())),
        "flanneld" => Ok(Command::Flanneld(rest.to_vec())),
        "dockerd" => Ok(Command::Dockerd(rest.to_vec())),
        "weave" => Ok(Command::Weave(rest.to_vec())),
        "docker-machine" => Ok(Command::DockerMachine(rest.to_vec())),
        "VBoxManage" | "vboxmanage" => Ok(Command::VBoxManage(rest.to_vec())),
        "systemctl" => Ok(Command::Systemctl(rest.to_vec())),
        // `service docker restart` is systemctl's order reversed.
        "service" => Ok(Command::Systemctl(rest.iter().rev().cloned().collect())),
        "journalctl" => Ok(Command::Journalctl(rest.to_vec())),
        "daemon-json" => Ok(Command::DaemonJson(rest.to_vec())),
        "authz-policy" | "berth-authz" => Ok(Command::HostTool(words.to_vec())),
        "audit"
        | "docker-bench-security"
        | "docker-bench-security.sh"
        | "./docker-bench-security.sh" => Ok(Command::Audit(rest.to_vec())),
        "exit" | "logout" => Ok(Command::Exit),
        "ping" | "curl" | "hostname" | "cat" | "ip" | "bridge" | "iptables" | "useradd"
        | "usermod" | "gpasswd" | "id" | "getent" | "export" | "unset" | "ufw" | "versions"
        | "upgrade" | "isolation-matrix" | "exploit" | "ps" | "twistcli" | "./twistcli" | "dig"
        | "sleep" => Ok(Command::HostTool(words.to_vec())),
        other => Ok(Command::NotAvailable(other.to_string())),
    }
}

/// Runs a parsed command against `host` of the world, as root.
pub fn execute(command: Command, world: &mut World, host: &str) -> Output {
    execute_as(command, world, host, "root")
}

/// Runs a parsed command for `user`: the user the daemon's authorization plugins see (the
/// login name over the socket, `""` over TCP without TLS; see [`crate::engine::security::authz`]).
pub fn execute_as(command: Command, world: &mut World, host: &str, user: &str) -> Output {
    match command {
        Command::Empty => Output::default(),
        Command::Clear => Output {
            clear: true,
            ..Output::default()
        },
        Command::Help => {
            let mut o = Output::default();
            o.out(format!(
                "Berth simulates Docker hosts in your browser. Docker commands simulated so far:\n  \
                 {SIMULATED}\nEach accepts --help.\n\
                 The lab: host add NAME [--os linux|windows] [--laptop] [--triton] (host add --help), host ls|rm|stop|start, firewall HOST deny|allow PORT/PROTO, ssh HOST and exit, trace FROM TO[:PORT], pipework BRIDGE CONTAINER IP/PREFIX, etcdctl, flanneld, dockerd --bip, weave.\n\
                 On a Linux host: ping, curl, hostname, ps, ip addr|link|route (-d), bridge link, iptables -t nat -L -n, cat, ufw, useradd, usermod -aG, su - USER, daemon-json set|unset, systemctl restart|stop|start|status docker, journalctl -u docker, audit (docker-bench-security), versions [set], upgrade, isolation-matrix, twistcli images scan [--details] IMAGE, authz-policy (the authz-broker policy) and berth-authz (Berth's flag rules); in a container: exploit CVE-ID.\n\
                 On a Windows host: ipconfig, ping, hostname, whoami, ver, tasklist, powershell Get-Process. On a laptop: docker-machine, eval $(docker-machine env NAME), VBoxManage controlvm VM natpf1, curl.\n\
                 Type `clear` to empty the screen; Up and Down walk the history."
            ));
            o
        }
        Command::Host(args) => playground::host(world, &args),
        Command::Firewall(args) => playground::firewall(world, &args),
        Command::Ssh(args) => playground::ssh(world, host, &args),
        Command::Exit => playground::exit(world, host),
        Command::Trace(args) => playground::trace(world, host, &args),
        Command::Pipework(args) => playground::pipework(world, host, &args),
        Command::Etcdctl(args) => playground::etcdctl(world, &args),
        Command::Flanneld(args) => playground::flanneld(world, host, &args),
        Command::Dockerd(args) => playground::dockerd(world, host, &args),
        Command::Weave(args) => weave::weave(world, host, &args),
        Command::DockerMachine(_) | Command::VBoxManage(_) | Command::MachineEnvEval(_)
            if world.host(host).is_ok_and(|h| h.os != crate::engine::lab::hosts::Os::MacOs) =>
        {
            Output::failed(
                "berth: docker-machine and VirtualBox run on a laptop: host add NAME --laptop, then ssh NAME",
                1,
            )
        }
        Command::DockerMachine(args) => {
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            machine::docker_machine(world, host, &args)
        }
        Command::MachineEnvEval(args) => {
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            machine::eval_env(world, host, &args)
        }
        Command::VBoxManage(args) => {
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            machine::vboxmanage(world, host, &args)
        }
        Command::WeaveEnvEval => match world.weave_proxy(host) {
            Ok(()) => Output::default(),
            Err(e) => Output::failed(e.to_string(), 1),
        },
        Command::Systemctl(args) => daemon::systemctl(world, host, &args),
        Command::Journalctl(args) => daemon::journalctl(world, host, &args),
        Command::DaemonJson(args) => daemon::daemon_json(world, host, &args),
        // The script talks to dockerd; with it down, docker.socket starts it or it fails.
        Command::Audit(_)
            if world.host(host).is_ok_and(|h| !h.daemon.running)
                && world.daemon_start_service(host).is_err() =>
        {
            daemon::cannot_connect()
        }
        Command::Audit(args) => audit::docker_bench(world, host, &args),
        // `DOCKER_HOST=tcp://…` in the shell: the client talks to that daemon instead.
        Command::Docker(command) if docker_host(world, host).is_some() => {
            let endpoint = docker_host(world, host).unwrap_or_default();
            execute(Command::RemoteDocker { endpoint, command }, world, host)
        }
        // docker.socket starts a stopped dockerd on the first request; a daemon that
        // cannot start stays unreachable.
        Command::Docker(_)
            if world.host(host).is_ok_and(|h| !h.daemon.running)
                && world.daemon_start_service(host).is_err() =>
        {
            daemon::cannot_connect()
        }
        Command::RemoteDocker { endpoint, command } => {
            let Some(target) = world.docker_api_at(host, &endpoint) else {
                return Output::failed(
                    format!(
                        "Cannot connect to the Docker daemon at {}. Is the docker daemon running?",
                        daemon::endpoint_url(&endpoint)
                    ),
                    1,
                );
            };
            // A daemon that wants TLS answers a plain HTTP request with this (Go's net/http).
            let client_tls = world
                .host(host)
                .is_ok_and(|h| h.shell_env.get("DOCKER_TLS_VERIFY").is_some_and(|v| !v.is_empty() && v != "0"));
            if world.host(&target).is_ok_and(|h| h.daemon.settings.tlsverify) && !client_tls {
                return Output::failed(
                    "Error response from daemon: Client sent an HTTP request to an HTTPS server.",
                    1,
                );
            }
            // No TLS client certificate: the plugins see no user.
            let mut o = execute_as(Command::Docker(command), world, &target, "");
            if o.enter_shell.take().is_some() {
                o.err("berth: an interactive shell through -H is not simulated; run it on that host (ssh).");
            }
            o
        }
        Command::HostTool(words) => {
            let args: Vec<&str> = words.iter().skip(1).map(String::as_str).collect();
            match words.first().map(String::as_str) {
                Some("useradd") => users::useradd(world, host, &args),
                Some("usermod") => users::usermod(world, host, &args),
                Some("gpasswd") => users::gpasswd(world, host, &args),
                Some("id") => users::id(world, host, &args),
                Some("getent") => users::getent(world, host, &args),
                Some("export") => users::export(world, host, &args, false),
                Some("unset") => users::export(world, host, &args, true),
                Some("ufw") => ufw::ufw(world, host, &args),
                Some("authz-policy") => authz::authz_policy(world, host, &args),
                Some("berth-authz") => authz::berth_authz(world, host, &args),
                Some("versions") => cve::versions(world, host, &args),
                Some("upgrade") => cve::upgrade(world, host, &args),
                Some("isolation-matrix") => cve::matrix(),
                Some("ps") => ps::host_ps(world, host, &args),
                Some("sleep") => sleep(world, &args),
                Some("twistcli" | "./twistcli") => twistcli::twistcli(world, host, &args),
                Some("exploit") => Output::failed(
                    "berth: exploit runs from inside a container: docker exec CONTAINER exploit CVE-ID",
                    1,
                ),
                Some("iptables") => match ufw::docker_user(world, host, &args) {
                    Some(o) => o,
                    None => playground::host_tool(world, host, &words).unwrap_or_default(),
                },
                _ => playground::host_tool(world, host, &words).unwrap_or_default(),
            }
        }
        Command::NotAvailable(program) => Output::failed(
            format!(
                "berth: {program}: not available in this playground. Try one of: {SIMULATED} (or `help`)."
            ),
            127,
        ),
        Command::Docker(docker) => {
            if let Some(refused) = authz::gate(world, host, user, &docker) {
                return refused;
            }
            run_docker(*docker, world, host)
        }
    }
}

/// A docker command the daemon accepted.
fn run_docker(docker: Docker, world: &mut World, host: &str) -> Output {
    match docker {
            Docker::ContainerRun(c) => c.execute(world, host),
            Docker::ContainerLs(c) => c.execute(world, host),
            Docker::ContainerStop(c) => c.execute(world, host),
            Docker::ContainerRm(c) => c.execute(world, host),
            Docker::ContainerStart(c) => c.execute(world, host),
            Docker::ContainerRestart(c) => c.execute(world, host),
            Docker::ContainerKill(c) => c.execute(world, host),
            Docker::ContainerPause(c) => c.execute(world, host),
            Docker::ContainerRename(c) => c.execute(world, host),
            Docker::ContainerLogs(c) => c.execute(world, host),
            Docker::ContainerExec(c) => c.execute(world, host),
            Docker::ContainerAttach(c) => c.execute(world, host),
            Docker::ContainerPort(c) => c.execute(world, host),
            Docker::ImageLs(c) => c.execute(world, host),
            Docker::ImageHistory(c) => c.execute(world, host),
            Docker::ImagePull(c) => c.execute(world, host),
            Docker::ImageRm(c) => c.execute(world, host),
            Docker::ImageTag(c) => c.execute(world, host),
            Docker::Volume(c) => c.execute(world, host),
            Docker::Inspect(c) => c.execute(world, host),
            Docker::System(c) => c.execute(world, host),
            Docker::ContainerTop(c) => c.execute(world, host),
            Docker::NetworkCreate(c) => c.execute(world, host),
            Docker::NetworkLs(c) => c.execute(world, host),
            Docker::NetworkRm(c) => c.execute(world, host),
            Docker::NetworkConnect(c) => c.execute(world, host),
            Docker::NetworkDisconnect(c) => c.execute(world, host),
            Docker::NetworkPrune(c) => c.execute(world, host),
            Docker::Swarm(c) => c.execute(world, host),
            Docker::Service(c) => c.execute(world, host),
            Docker::ManagementHelp(m) => {
                let mut o = Output::default();
                o.out(m.help());
                o
            }
            Docker::Help(spec) => {
                let mut o = Output::default();
                o.out(flags::help(spec).join("\n"));
                o
            }
            Docker::RootHelp => docker_root::help(),
            Docker::Version => {
                let mut o = Output::default();
                o.out(format!(
                    "Docker version {}, build 4be7ab8",
                    commands::system::ENGINE_VERSION
                ));
                o
            }
            Docker::NotSimulated(path) => Output::failed(
                format!("berth: `{path}` is not simulated yet. Simulated commands: {SIMULATED}."),
                1,
            ),
            Docker::Unknown(name) => Output::failed(
                format!("docker: unknown command: docker {name}\n\nRun 'docker --help' for more information"),
                1,
            ),
    }
}

/// A command typed in a shell inside a container (after `docker run -it` or `docker exec
/// -it`), its words already expanded by the front-end. If the container stopped meanwhile,
/// the shell is gone: the session leaves it.
pub fn run_words_in_container(
    world: &mut World,
    host: &str,
    session: &EnterShell,
    words: &[String],
) -> Output {
    let Ok(container) = world.container_lookup(host, &session.container_id) else {
        return Output {
            exit_shell: true,
            ..Output::default()
        };
    };
    if !container.is_running() {
        return Output {
            exit_shell: true,
            ..Output::default()
        };
    }
    // What reaches past the container (a mount, a chroot, the docker socket) changes the
    // world, so it runs before the read-only shell.
    if let Some(o) = escape::in_container(world, host, &session.container_id, &session.shell, words)
    {
        return o;
    }
    let Ok(container) = world.container_lookup(host, &session.container_id) else {
        return Output::default();
    };
    let Some(userland) = world.image_entry(container).map(|e| e.userland) else {
        return Output::default();
    };
    shell::Shell {
        world,
        host,
        container,
        userland,
        shell: &session.shell,
        extra_env: &[],
        user: session.user.as_deref(),
    }
    .run(words)
}

/// Runs a parsed script at `place` (a host's prompt or a container's shell), with the
/// terminal's shell state: the whole of what a terminal does with a complete input.
pub fn run_script(
    world: &mut World,
    host: &str,
    place: sh::exec::Place<'_>,
    state: &mut sh::exec::ShellState,
    script: &sh::parse::Script,
) -> Output {
    sh::exec::Runner::new(world, host, place, state).run(script)
}

/// The dialect of the shell at `place`, for its syntax errors.
pub fn dialect(world: &World, host: &str, shell: Option<&EnterShell>) -> sh::Dialect {
    let Some(shell) = shell else {
        return sh::Dialect::Bash;
    };
    if shell.shell == "bash" {
        return sh::Dialect::Bash;
    }
    let userland = world
        .container_lookup(host, &shell.container_id)
        .ok()
        .and_then(|c| world.image_entry(c))
        .map(|e| e.userland);
    match userland {
        Some(
            crate::engine::docker::image::Userland::Debian
            | crate::engine::docker::image::Userland::Ubuntu,
        ) => sh::Dialect::Dash,
        _ => sh::Dialect::Ash,
    }
}

/// The shell's `DOCKER_HOST`, when it names a TCP daemon (a unix socket is the local one).
fn docker_host(world: &World, host: &str) -> Option<String> {
    world
        .host(host)
        .ok()?
        .shell_env
        .get("DOCKER_HOST")
        .filter(|e| e.starts_with("tcp://"))
        .cloned()
}

/// coreutils `sleep N[smhd]` at a host's prompt: the logical clock moves on, so health
/// checks run, restart back-offs pass and `Up` times grow.
fn sleep(world: &mut World, args: &[&str]) -> Output {
    if args.is_empty() {
        return Output::failed(
            "sleep: missing operand\nTry 'sleep --help' for more information.",
            1,
        );
    }
    let mut total: u64 = 0;
    for arg in args {
        let (number, unit) = match arg.char_indices().last() {
            Some((i, 's')) => (arg.get(..i).unwrap_or(""), 1),
            Some((i, 'm')) => (arg.get(..i).unwrap_or(""), 60),
            Some((i, 'h')) => (arg.get(..i).unwrap_or(""), 3600),
            Some((i, 'd')) => (arg.get(..i).unwrap_or(""), 86_400),
            _ => (*arg, 1),
        };
        let Ok(n) = number.parse::<u64>() else {
            return Output::failed(
                format!("sleep: invalid time interval ‘{arg}’\nTry 'sleep --help' for more information."),
                1,
            );
        };
        total = total.saturating_add(n.saturating_mul(unit));
    }
    // The terminal's own second for the command is added by the session.
    world.tick(total.saturating_sub(1));
    Output::default()
}

/// The prompt of a host's own shell: root's bash on Linux, the administrator's cmd on Windows.
pub fn host_prompt(world: &World, host: &str) -> String {
    match world.host(host) {
        Ok(h) if h.os == crate::engine::lab::hosts::Os::Windows => windows::host_prompt(host),
        Ok(h) if h.os == crate::engine::lab::hosts::Os::MacOs => machine::laptop_prompt(host),
        Ok(h) if h.vm.is_some() => machine::vm_prompt(host),
        // Not a server of the data center: the learner's own machine, its client set up
        // for sdc-docker.
        _ if world.triton(host).is_some() => {
            format!("{}@{host}:~$ ", crate::engine::platforms::triton::ACCOUNT)
        }
        _ => format!("root@{host}:~# "),
    }
}

/// A command typed by `user` (`None`: root) at a host's prompt, its words already expanded:
/// what that user may not do is refused first, in the tools' words; `su` switches users.
pub fn run_words_as(world: &mut World, host: &str, user: Option<&str>, words: &[String]) -> Output {
    if let Some(program) = words.first().map(String::as_str) {
        if matches!(program, "su" | "login") {
            let args: Vec<&str> = words.iter().skip(1).map(String::as_str).collect();
            return users::su(world, host, user, &args);
        }
    }
    if let Some(u) = user.filter(|u| *u != "root") {
        if let Some(refusal) = users::refused_for(world, host, u, words) {
            return refusal;
        }
    }
    run_words_for(world, host, user.unwrap_or("root"), words)
}

/// A whole line typed by `user` (`None`: root) at a host's prompt, with a fresh shell state:
/// what a lesson's setup and a goal's command run.
pub fn run_line_as(world: &mut World, host: &str, user: Option<&str>, line: &str) -> Output {
    match sh::parse::parse(line) {
        Ok(script) => run_script(
            world,
            host,
            sh::exec::Place::Host {
                user,
                first_host: None,
            },
            &mut sh::exec::ShellState::default(),
            &script,
        ),
        Err(e) => sh::syntax_error(sh::Dialect::Bash, &e),
    }
}

/// Parse and execute one line as root.
pub fn run_line(world: &mut World, host: &str, line: &str) -> Output {
    run_line_as(world, host, None, line)
}

/// Runs one command's words, typed by `user`.
fn run_words_for(world: &mut World, host: &str, user: &str, words: &[String]) -> Output {
    if words.is_empty() {
        return Output::default();
    }
    // A Windows host's cmd has its own tools, and none of Linux's.
    if world
        .host(host)
        .is_ok_and(|h| h.os == crate::engine::lab::hosts::Os::Windows)
    {
        if let Some(o) = windows::host_tool(world, host, words) {
            return o;
        }
    }
    // A Mac's bash has the docker client and a few tools, and none of Linux's.
    if world
        .host(host)
        .is_ok_and(|h| h.os == crate::engine::lab::hosts::Os::MacOs)
    {
        if let Some(program) = words.first().filter(|p| !machine::laptop_has(p)) {
            return machine::not_found(program);
        }
    }
    match parse_words(words) {
        Ok(command) => execute_as(command, world, host, user),
        Err(usage) => usage,
    }
}

/// [`parse_flags`] for commands that take `NAME [NAME...]` (cobra `RequiresMinArgs(1)`):
/// no argument is docker/cli's usage error.
pub fn parse_with_args(
    spec: &'static flags::Spec,
    words: &[String],
) -> Result<Option<flags::Parsed>, Output> {
    match parse_flags(spec, words)? {
        Some(parsed) if parsed.args.is_empty() => Err(requires_min_args(spec, 1)),
        other => Ok(other),
    }
}

/// Frames a flag error as docker/cli's `FlagErrorFunc` does; exit status 125.
pub fn flag_error(spec: &flags::Spec, err: &flags::FlagError) -> Output {
    Output::failed(
        format!(
            "{err}\n\nUsage:  {}\n\nRun '{} --help' for more information",
            spec.use_line, spec.path
        ),
        125,
    )
}

/// docker/cli `RequiresMinArgs`: `docker: 'docker stop' requires at least 1 argument`; exit 1.
pub fn requires_min_args(spec: &flags::Spec, min: u32) -> Output {
    let noun = if min == 1 { "argument" } else { "arguments" };
    Output::failed(
        format!(
            "docker: '{path}' requires at least {min} {noun}\n\nUsage:  {}\n\nSee '{path} --help' for more information",
            spec.use_line,
            path = spec.path
        ),
        1,
    )
}

/// docker/cli `ExactArgs`: `docker: 'docker network create' requires 1 argument`; exit 1.
pub fn exact_args(spec: &flags::Spec, n: u32) -> Output {
    let noun = if n == 1 { "argument" } else { "arguments" };
    Output::failed(
        format!(
            "docker: '{path}' requires {n} {noun}\n\nUsage:  {}\n\nRun '{path} --help' for more information",
            spec.use_line,
            path = spec.path
        ),
        1,
    )
}

/// docker/cli `NoArgs`: `docker: 'docker ps' accepts no arguments`; exit 1.
pub fn accepts_no_args(spec: &flags::Spec) -> Output {
    Output::failed(
        format!(
            "docker: '{path}' accepts no arguments\n\nUsage:  {}\n\nRun '{path} --help' for more information",
            spec.use_line,
            path = spec.path
        ),
        1,
    )
}

/// A flag that exists in Docker but is not simulated yet: say so, list what is.
pub fn flag_not_simulated(spec: &flags::Spec, flag: &flags::Flag) -> Output {
    let simulated: Vec<String> = spec
        .visible_flags()
        .filter(|f| f.simulated)
        .map(|f| match f.short {
            Some(s) => format!("-{s}"),
            None => format!("--{}", f.long),
        })
        .collect();
    let simulated = if simulated.is_empty() {
        format!("`{}` takes none of its options yet.", spec.path)
    } else {
        format!("Simulated options: {}.", simulated.join(", "))
    };
    Output::failed(
        format!(
            "berth: `{} --{}` is not simulated yet. {simulated}",
            spec.path, flag.long
        ),
        1,
    )
}

/// The `-f key=value` filters of a list command, in the order given (docker/cli
/// `opts.FilterOpt`, whose format error is framed like any flag error).
pub fn parse_filters(
    spec: &flags::Spec,
    parsed: &flags::Parsed,
) -> Result<Vec<(String, String)>, Output> {
    let mut filters = Vec::new();
    for f in parsed.values.get("filter").cloned().unwrap_or_default() {
        let Some((key, value)) = f.split_once('=') else {
            return Err(flag_error(
                spec,
                &flags::FlagError::InvalidValue {
                    value: f.clone(),
                    flag: "-f, --filter".into(),
                    reason: "bad format of filter (expected name=value)".into(),
                },
            ));
        };
        filters.push((key.to_string(), value.to_string()));
    }
    Ok(filters)
}

/// Parses with a spec, the part every command shares. `Ok(None)` means `--help` was asked;
/// `Err` is a flag error already framed in Docker's words.
pub fn parse_flags(spec: &flags::Spec, words: &[String]) -> Result<Option<flags::Parsed>, Output> {
    match flags::parse(spec, words) {
        Ok(parsed) if parsed.help => Ok(None),
        Ok(parsed) => match parsed.unsimulated(spec) {
            Some(flag) => Err(flag_not_simulated(spec, flag)),
            None => Ok(Some(parsed)),
        },
        Err(e) => Err(flag_error(spec, &e)),
    }
}
