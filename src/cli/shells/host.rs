//! The shell at a host's prompt: root's bash on a Linux host (and the users `su` switches
//! to, refused what they may not do in the tools' words), which hands a line to Windows'
//! `cmd` on a Windows host and to the laptop's bash on a Mac, each with its own tools.

use crate::cli::dispatch::{execute_as, parse_words};
use crate::cli::shells::{cmd as windows, laptop};
use crate::cli::tools::sudo::Sudo;
use crate::cli::tools::users;
use crate::cli::Output;
use crate::engine::docker::caller::Caller;
use crate::engine::World;

/// The prompt of a host's own shell: root's bash on Linux, the administrator's cmd on Windows.
pub fn host_prompt(world: &World, host: &str) -> String {
    match world.host(host) {
        Ok(h) if h.backend == crate::engine::Backend::Windows => windows::host_prompt(host),
        Ok(h) if h.backend == crate::engine::Backend::MacOs => laptop::laptop_prompt(host),
        Ok(h) if h.machine.vm.is_some() => laptop::vm_prompt(host),
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
            let o = su(world, host, user, &args);
            // A login shell starts with the groups /etc/group gives it now.
            if let Some((Some(name), _)) = o.enter_host.as_deref().map(split_login) {
                let name = name.to_string();
                world.user_login(host, &name);
            }
            return o;
        }
        if program == "sudo" && is_linux(world, host) {
            return sudo(world, host, user, words.get(1..).unwrap_or_default());
        }
        if matches!(program, "nano" | "vi" | "vim") && is_linux(world, host) {
            return edit(
                world,
                host,
                user,
                program,
                words.get(1..).unwrap_or_default(),
            );
        }
        // `newgrp GROUP`: the shell takes the groups /etc/group gives it now.
        if program == "newgrp" && is_linux(world, host) {
            if let Some(name) = user.filter(|u| *u != "root") {
                world.user_login(host, name);
            }
            return Output::default();
        }
    }
    if let Some(u) = user.filter(|u| *u != "root") {
        if let Some(refusal) = refused_for(world, host, u, words) {
            return refusal;
        }
    }
    let login = user.unwrap_or("root");
    let caller = if world
        .host(host)
        .is_ok_and(|h| h.backend == crate::engine::Backend::Windows)
    {
        Caller::windows_client(login)
    } else {
        Caller::local(login)
    };
    run_words_for(world, host, &caller, words)
}

/// Runs one command's words, sent by `caller`'s client.
pub fn run_words_for(world: &mut World, host: &str, caller: &Caller, words: &[String]) -> Output {
    if words.is_empty() {
        return Output::default();
    }
    // A Windows host's cmd has its own tools, and none of Linux's.
    if world
        .host(host)
        .is_ok_and(|h| h.backend == crate::engine::Backend::Windows)
    {
        if let Some(o) = windows::host_tool(world, host, words) {
            return o;
        }
    }
    // A Mac's bash has the docker client and a few tools, and none of Linux's.
    if world
        .host(host)
        .is_ok_and(|h| h.backend == crate::engine::Backend::MacOs)
    {
        if let Some(program) = words.first().filter(|p| !laptop::laptop_has(p)) {
            return laptop::not_found(program);
        }
    }
    match parse_words(words) {
        Ok(command) => execute_as(command, world, host, caller),
        Err(usage) => usage,
    }
}

fn is_linux(world: &World, host: &str) -> bool {
    world.host(host).is_ok_and(|h| {
        !matches!(
            h.backend,
            crate::engine::Backend::Windows | crate::engine::Backend::MacOs
        )
    })
}

/// `nano FILE` at a host's prompt: the file's text for the front-end's editor; a relative
/// name is in the user's home directory.
fn edit(world: &World, host: &str, user: Option<&str>, editor: &str, args: &[String]) -> Output {
    let home = match user.filter(|u| *u != "root") {
        Some(u) => format!("/home/{u}"),
        None => "/root".to_string(),
    };
    let Ok(h) = world.host(host) else {
        return Output::default();
    };
    crate::cli::tools::editor::open(
        editor,
        args,
        host,
        None,
        &|p| {
            if p.starts_with('/') {
                p.to_string()
            } else {
                format!("{home}/{p}")
            }
        },
        &|p| {
            if p == crate::engine::docker::daemon::DAEMON_JSON {
                h.daemon.file.clone()
            } else {
                h.machine.files.read(p).ok().map(str::to_string)
            }
        },
    )
}

/// `sudo …`: the command again, as the user sudo decides (`tools::sudo`); `sudo -i` and
/// `sudo su -` open root's login shell.
fn sudo(world: &mut World, host: &str, user: Option<&str>, args: &[String]) -> Output {
    match crate::cli::tools::sudo::sudo(world, host, user, args) {
        Sudo::Done(o) => o,
        // A login shell on the same host: `exit` logs out of it (no ssh connection closes).
        Sudo::Shell { user: None } => Output {
            enter_host: Some(format!("root@{host}")),
            ..Output::default()
        },
        Sudo::Shell { user: Some(name) } => {
            world.user_login(host, &name);
            Output {
                enter_host: Some(format!("{name}@{host}")),
                ..Output::default()
            }
        }
        Sudo::Run {
            user: target,
            words,
        } => {
            // Each `sudo` takes one word off, so `sudo sudo …` ends.
            run_words_as(world, host, target.as_deref(), &words)
        }
    }
}

/// A shell entry of the session's chain: `host1`, or `alice@host1` after `su - alice`.
pub fn split_login(entry: &str) -> (Option<&str>, &str) {
    match entry.split_once('@') {
        Some((user, host)) => (Some(user), host),
        None => (None, entry),
    }
}

/// `su [-|-l] USER` (and `login USER`): root switches without a password; anyone else is
/// asked for one Berth does not know.
pub fn su(world: &World, host: &str, user: Option<&str>, args: &[&str]) -> Output {
    let target = args
        .iter()
        .copied()
        .find(|a| !a.starts_with('-'))
        .unwrap_or("root");
    if user.is_some() {
        return Output::failed("Password: \nsu: Authentication failure", 1);
    }
    if target == "root" {
        return Output::default();
    }
    let known = world
        .host(host)
        .is_ok_and(|h| h.machine.users.contains_key(target));
    if !known {
        return Output::failed(format!("su: user {target} does not exist or the user entry does not contain all the required fields"), 1);
    }
    Output {
        enter_host: Some(format!("{target}@{host}")),
        ..Output::default()
    }
}

/// The prompt of a user's shell: bash's, `$` for anyone but root (whose login shell from
/// `sudo -i` ends in `#`).
pub fn prompt(user: &str, host: &str) -> String {
    if user == "root" {
        return format!("root@{host}:~# ");
    }
    format!("{user}@{host}:~$ ")
}

/// What a user other than root may not do at a host's prompt, in the tools' own words;
/// `None` when the line may run.
pub fn refused_for(world: &World, host: &str, user: &str, words: &[String]) -> Option<Output> {
    let (program, args) = words.split_first()?;
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    match program.as_str() {
        "docker" if !world.host(host).is_ok_and(|h| h.session_can_use_docker(Some(user))) => {
            let prefix = match args.first() {
                Some(&"run") | Some(&"create") => "docker: ",
                _ => "",
            };
            let hint = match args.first() {
                Some(&"run") => "\n\nRun 'docker run --help' for more information",
                Some(&"create") => "\n\nRun 'docker create --help' for more information",
                _ => "",
            };
            Some(Output::failed(
                format!("{prefix}permission denied while trying to connect to the Docker daemon socket at unix:///var/run/docker.sock: Head \"http://%2Fvar%2Frun%2Fdocker.sock/_ping\": dial unix /var/run/docker.sock: connect: permission denied{hint}"),
                1,
            ))
        }
        "useradd" | "usermod" => Some(Output::failed(
            format!("{program}: Permission denied.\n{program}: cannot lock /etc/passwd; try again later."),
            1,
        )),
        "gpasswd" => Some(Output::failed("gpasswd: Permission denied.", 3)),
        "daemon-json" if !args.is_empty() => Some(Output::failed(
            "berth: /etc/docker/daemon.json belongs to root: su back (exit) to edit it.",
            1,
        )),
        "systemctl" if matches!(args.first(), Some(&"restart" | &"stop" | &"start")) => {
            let unit = args.get(1).copied().unwrap_or("docker");
            Some(Output::failed(
                format!("Failed to {} {unit}.service: Access denied\nSee system logs and 'systemctl status {unit}.service' for details.", args.first().copied().unwrap_or("restart")),
                4,
            ))
        }
        "iptables" => Some(Output::failed(
            "iptables v1.8.10 (nf_tables): Could not fetch rule set generation id: Permission denied (you must be root)",
            4,
        )),
        "cat" if args.contains(&"/etc/shadow") => {
            Some(Output::failed("cat: /etc/shadow: Permission denied", 1))
        }
        "id" => Some(users::id(world, host, user, &args)),
        "whoami" => {
            let mut o = Output::default();
            o.out(user);
            Some(o)
        }
        "authz-policy" | "berth-authz" if args.first().is_some_and(|a| *a != "ls") => {
            Some(Output::failed(
                format!("berth: {program} edits a file that belongs to root: exit back to root's shell first."),
                1,
            ))
        }
        // twistcli reads the image through the same socket.
        "twistcli" | "./twistcli" if !world.host(host).is_ok_and(|h| h.session_can_use_docker(Some(user))) => {
            Some(Output::failed(
                format!("berth: twistcli reads images through the Docker socket, and the socket refuses {user}: permission denied while trying to connect to the Docker daemon socket at unix:///var/run/docker.sock"),
                1,
            ))
        }
        "weave" | "pipework" | "flanneld" | "dockerd" | "ufw" => Some(Output::failed(
            format!("berth: {program} needs root: exit back to root's shell first."),
            1,
        )),
        _ => None,
    }
}
