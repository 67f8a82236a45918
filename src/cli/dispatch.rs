//! Words to a command and a command to its output: the closed [`Command`] enum of everything a
//! host's prompt runs (Docker's commands in [`Docker`], the lab's and the host's tools), with
//! Docker's usage errors ([`parse_words`]), and [`execute_as`], which hands each to its file in
//! `commands/` or `tools/`. A docker command is sent as a [`Caller`] (the daemon's
//! authorization plugins judge each operation in the engine) and, with `-H` or
//! `DOCKER_HOST`, to another host's daemon.

use super::commands::Docker;
use super::commands::{self, docker_root};
use super::tools::{
    audit, cve, docker_machine as machine, dockerd, etcdctl, firewall, flanneld,
    host as playground, pipework, ps, sleep::sleep, ssh, systemctl as daemon, trace, twistcli, ufw,
    users, weave,
};
use super::{authz, flags, Output};
use crate::engine::docker::caller::Caller;
use crate::engine::World;

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

/// The commands simulated so far, for messages that suggest what to type instead.
pub const SIMULATED: &str = "docker run, create, start, stop, restart, kill, pause, unpause, rm, rename, ps, logs, exec, attach, port, top, stats, diff, cp, commit, container prune, inspect, images, pull, push, build, rmi, tag, history, search, image prune, version, info, events, system df, system prune, docker compose (up, down, ps, logs, exec, run, build, config, start, stop, restart, rm, pull, ls, images, top), docker volume (create, ls, rm, prune), docker network (create, ls, rm, connect, disconnect, prune), docker swarm (init, join, join-token, leave), docker node ls and docker service (create, ls, ps, inspect, rm, scale, update)";

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
        | "sleep" | "ss" | "nc" | "uname" => Ok(Command::HostTool(words.to_vec())),
        other => Ok(Command::NotAvailable(other.to_string())),
    }
}

/// Runs a parsed command against `host` of the world, as root at the host's prompt.
pub fn execute(command: Command, world: &mut World, host: &str) -> Output {
    execute_as(command, world, host, &Caller::local("root"))
}

/// Runs a parsed command for `caller`: who the daemon's authorization plugins see (the login
/// name over the socket, no one over TCP without TLS; see [`crate::engine::docker::caller`]).
pub fn execute_as(command: Command, world: &mut World, host: &str, caller: &Caller) -> Output {
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
                 On a Linux host: cd, pwd, ls, mkdir, touch, rm, cp, mv, nano, sudo, ping, curl, hostname, ps, ip addr|link|route (-d), bridge link, iptables -t nat -L -n, cat, ufw, useradd, usermod -aG, su - USER, daemon-json set|unset, systemctl restart|stop|start|status docker, journalctl -u docker, audit (docker-bench-security), versions [set], upgrade, isolation-matrix, twistcli images scan [--details] IMAGE, authz-policy (the authz-broker policy) and berth-authz (Berth's flag rules); in a container: the image's own tools, apk, apt-get or dnf to install more, and exploit CVE-ID.\n\
                 On a Windows host: ipconfig, ping, hostname, whoami, ver, tasklist, powershell Get-Process. On a laptop: docker-machine, eval $(docker-machine env NAME), VBoxManage controlvm VM natpf1, curl.\n\
                 Type `clear` to empty the screen; Up and Down walk the history."
            ));
            o
        }
        Command::Host(args) => playground::host(world, &args),
        Command::Firewall(args) => firewall::firewall(world, &args),
        Command::Ssh(args) => ssh::ssh(world, host, &args),
        Command::Exit => ssh::exit(world, host),
        Command::Trace(args) => trace::trace(world, host, &args),
        Command::Pipework(args) => pipework::pipework(world, host, &args),
        Command::Etcdctl(args) => etcdctl::etcdctl(world, &args),
        Command::Flanneld(args) => flanneld::flanneld(world, host, &args),
        Command::Dockerd(args) => dockerd::dockerd(world, host, &args),
        Command::Weave(args) => weave::weave(world, host, &args),
        Command::DockerMachine(_) | Command::VBoxManage(_) | Command::MachineEnvEval(_)
            if world.host(host).is_ok_and(|h| h.backend != crate::engine::Backend::MacOs) =>
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
        // The client's own files (`docker context`, `login`, `logout`): no daemon chosen yet.
        Command::Docker(command) if command.is_client_side() => {
            run_docker(*command, world, host, caller)
        }
        // `DOCKER_HOST=tcp://…` in the shell: the client talks to that daemon instead.
        Command::Docker(command) if docker_host(world, host).is_some() => {
            let endpoint = docker_host(world, host).unwrap_or_default();
            execute_as(Command::RemoteDocker { endpoint, command }, world, host, caller)
        }
        // The current context (`docker context use`, `DOCKER_CONTEXT`) names another daemon.
        Command::Docker(command) if commands::context::route(world, host, caller).is_some() => {
            match commands::context::route(world, host, caller) {
                Some(Ok(endpoint)) => {
                    execute_as(Command::RemoteDocker { endpoint, command }, world, host, caller)
                }
                Some(Err(o)) => o,
                None => run_docker(*command, world, host, caller),
            }
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
                .is_ok_and(|h| h.machine.shell_env.get("DOCKER_TLS_VERIFY").is_some_and(|v| !v.is_empty() && v != "0"));
            if world.host(&target).is_ok_and(|h| h.daemon.settings.tlsverify) && !client_tls {
                return Output::failed(
                    "Error response from daemon: Client sent an HTTP request to an HTTPS server.",
                    1,
                );
            }
            // A TCP caller: the plugins see the user a TLS client certificate names (none
            // here), or no user without TLS.
            let remote = if world
                .host(host)
                .is_ok_and(|h| h.backend == crate::engine::Backend::MacOs)
            {
                Caller::docker_machine(&target)
            } else if client_tls {
                Caller::tls("")
            } else {
                Caller::tcp()
            };
            let mut o = execute_as(Command::Docker(command), world, &target, &remote);
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
                Some("id") => users::id(world, host, "root", &args),
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
                // A request may change what a server keeps (the workshop app's items).
                Some("curl") => crate::cli::tools::curl::curl_host(world, host, &args),
                Some("sleep") => sleep(world, &args),
                Some("twistcli" | "./twistcli") => twistcli::twistcli(world, host, &args),
                Some("exploit") => Output::failed(
                    "berth: exploit runs from inside a container: docker exec CONTAINER exploit CVE-ID",
                    1,
                ),
                Some("iptables") => match ufw::docker_user(world, host, &args) {
                    Some(o) => o,
                    None => host_tool(world, host, &words).unwrap_or_default(),
                },
                _ => host_tool(world, host, &words).unwrap_or_default(),
            }
        }
        Command::NotAvailable(program) => match ubuntu_package(&program) {
            Some(package) => command_not_found(world, host, &caller.user, &program, package),
            // Killercoda's container-build lab types podman; its commands are docker's.
            None if matches!(program.as_str(), "podman" | "nerdctl") => Output::failed(
                format!(
                    "berth: {program} is not simulated in this playground; Docker takes the same commands: type docker instead of {program} (docker build, docker run, docker tag, docker push)"
                ),
                127,
            ),
            None => Output::failed(
                format!(
                    "berth: {program}: not available in this playground. Try one of: {SIMULATED} (or `help`)."
                ),
                127,
            ),
        },
        // The daemon asks its authorization plugins in each operation the command sends.
        Command::Docker(docker) => run_docker(*docker, world, host, caller),
    }
}

/// The Ubuntu package that ships a program the host lacks, for the ones a learner reaches for
/// (net-tools: Ubuntu 24.04 installs iproute2's `ip` and `ss` instead).
fn ubuntu_package(program: &str) -> Option<&'static str> {
    matches!(program, "netstat" | "ifconfig" | "route" | "arp").then_some("net-tools")
}

/// Ubuntu's command-not-found for a program one package ships (CommandNotFound.py
/// `_print_exact_header` and `advice_single_deb_package`, on stderr but for the
/// administrator line; bash's `command_not_found_handle` then returns 127): `sudo` for a
/// member of the sudo group, none for root, and a word to the others.
fn command_not_found(
    world: &World,
    host: &str,
    user: &str,
    program: &str,
    package: &str,
) -> Output {
    let mut o = Output::default();
    o.err(format!(
        "\nCommand '{program}' not found, but can be installed with:\n"
    ));
    let can_sudo = world
        .host(host)
        .is_ok_and(|h| h.session_groups(user).contains("sudo"));
    if user == "root" {
        o.err(format!("apt install {package}"));
    } else if can_sudo {
        o.err(format!("sudo apt install {package}"));
    } else {
        o.err(format!("apt install {package}"));
        o.out("Please ask your administrator.");
    }
    o.err("");
    o.exit_code = 127;
    o
}

/// A docker command the daemon accepted.
fn run_docker(docker: Docker, world: &mut World, host: &str, caller: &Caller) -> Output {
    match docker {
            Docker::ContainerRun(c) => c.execute(world, host, caller),
            Docker::ContainerLs(c) => c.execute(world, host, caller),
            Docker::ContainerStop(c) => c.execute(world, host, caller),
            Docker::ContainerRm(c) => c.execute(world, host, caller),
            Docker::ContainerStart(c) => c.execute(world, host, caller),
            Docker::ContainerRestart(c) => c.execute(world, host, caller),
            Docker::ContainerKill(c) => c.execute(world, host, caller),
            Docker::ContainerPause(c) => c.execute(world, host, caller),
            Docker::ContainerRename(c) => c.execute(world, host, caller),
            Docker::ContainerLogs(c) => c.execute(world, host, caller),
            Docker::ContainerStats(c) => c.execute(world, host, caller),
            Docker::ContainerExec(c) => c.execute(world, host, caller),
            Docker::ContainerAttach(c) => c.execute(world, host, caller),
            Docker::ContainerPort(c) => c.execute(world, host, caller),
            Docker::ContainerDiff(c) => c.execute(world, host, caller),
            Docker::ContainerCommit(c) => c.execute(world, host, caller),
            Docker::ContainerCp(c) => c.execute(world, host, caller),
            Docker::ImageBuild(c) => c.execute(world, host, caller),
            Docker::ImageLs(c) => c.execute(world, host, caller),
            Docker::ImageHistory(c) => c.execute(world, host, caller),
            Docker::ImageSearch(c) => c.execute(world, host, caller),
            Docker::ImagePull(c) => c.execute(world, host, caller),
            Docker::ImagePush(c) => c.execute(world, host, caller),
            Docker::ImageRm(c) => c.execute(world, host, caller),
            Docker::ImageTag(c) => c.execute(world, host, caller),
            Docker::Volume(c) => c.execute(world, host, caller),
            Docker::Inspect(c) => c.execute(world, host, caller),
            Docker::System(c) => c.execute(world, host, caller),
            Docker::Prune(c) => c.execute(world, host, caller),
            Docker::SystemDf(c) => c.execute(world, host, caller),
            Docker::ContainerTop(c) => c.execute(world, host, caller),
            Docker::NetworkCreate(c) => c.execute(world, host, caller),
            Docker::NetworkLs(c) => c.execute(world, host, caller),
            Docker::NetworkRm(c) => c.execute(world, host, caller),
            Docker::NetworkConnect(c) => c.execute(world, host, caller),
            Docker::NetworkDisconnect(c) => c.execute(world, host, caller),
            Docker::NetworkPrune(c) => c.execute(world, host, caller),
            Docker::Swarm(c) => c.execute(world, host, caller),
            Docker::Service(c) => c.execute(world, host, caller),
            Docker::Compose(args) => super::compose::compose(world, host, caller, &args),
            Docker::Context(c) => c.execute(world, host, caller),
            Docker::Login(c) => c.execute(world, host, caller),
            Docker::Logout(c) => c.execute(world, host, caller),
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

/// The shell's `DOCKER_HOST`, when it names a TCP daemon (a unix socket is the local one).
fn docker_host(world: &World, host: &str) -> Option<String> {
    world
        .host(host)
        .ok()?
        .machine
        .shell_env
        .get("DOCKER_HOST")
        .filter(|e| e.starts_with("tcp://"))
        .cloned()
}

/// A tool typed at a host's prompt: `ping`, `curl`, `hostname`. `None` if it is not one.
fn host_tool(world: &World, host: &str, words: &[String]) -> Option<Output> {
    let (program, args) = words.split_first()?;
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    Some(match program.as_str() {
        "hostname" => {
            let mut o = Output::default();
            o.out(host);
            o
        }
        // An Ubuntu server's coreutils, on the host's kernel.
        "uname" => {
            let kernel = world
                .host(host)
                .map(|h| h.machine.versions.kernel.clone())
                .unwrap_or_default();
            crate::cli::tools::uname::run(
                &args,
                crate::cli::tools::uname::Flavor::CoreutilsPatched,
                host,
                &kernel,
            )
        }
        "ping" => {
            let sender = crate::cli::tools::ping::Sender {
                resolve: &|name| crate::cli::tools::curl::resolve(world, name),
                reach: &|ip| world.reach_from_host(host, ip),
                id: host,
            };
            crate::cli::tools::ping::ping(
                world,
                crate::cli::tools::ping::Rendering::Iputils,
                &sender,
                &args,
            )
        }
        "cat" => crate::cli::tools::cat::host_files(world, host, &args),
        "ip" => crate::cli::tools::ip::ip(world, host, &args),
        "bridge" => crate::cli::tools::bridge::bridge(world, host, &args),
        "iptables" => crate::cli::tools::iptables::iptables(world, host, &args),
        "curl" => crate::cli::tools::curl::curl(world, host, &args),
        "dig" => crate::cli::tools::dig::dig(world, &args),
        // iproute2 and netcat-openbsd ship with Ubuntu; its terminal is a terminal.
        "ss" => crate::cli::tools::ss::ss(
            &crate::cli::tools::netstat::host_listeners(world, host),
            &args,
            true,
            crate::cli::tools::ss::Release::V6_1,
        ),
        "nc" => crate::cli::tools::nc::nc(
            crate::cli::tools::nc::Flavor::OpenBsd,
            &|name, port| crate::cli::tools::nc::host_connect(world, host, name, port),
            &args,
        ),
        _ => return None,
    })
}

// The client's working directory. A real `docker` process learns it from the OS
// (`os.Getwd`); Berth's shell keeps it in its own state, so it hands it to the client for the
// duration of one command line (`sh::exec`). Kept per thread (the page and `berth shell` run
// one), restored after each command, and `None` outside a shell: callers then use the home.
thread_local! {
    static CLIENT_DIR: std::cell::RefCell<Option<String>> = const { std::cell::RefCell::new(None) };
}

/// Runs `f` with `dir` as the client's working directory (see [`client_dir`]).
pub fn with_client_dir<T>(dir: String, f: impl FnOnce() -> T) -> T {
    let before = CLIENT_DIR.with(|d| d.replace(Some(dir)));
    let result = f();
    CLIENT_DIR.with(|d| d.replace(before));
    result
}

/// The working directory of the shell that typed the current `docker` command, if any:
/// where `docker compose` looks for its file and `docker build .` finds its context.
pub fn client_dir() -> Option<String> {
    CLIENT_DIR.with(|d| d.borrow().clone())
}
