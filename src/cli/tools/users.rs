//! A Linux host's users and shell variables: `useradd`, `usermod -aG`, `gpasswd -d`, `id`,
//! `getent group`, `export` and `unset`, printed as shadow-utils, coreutils and glibc do.

use crate::cli::Output;
use crate::engine::security::users::SYSTEM_GROUPS;
use crate::engine::World;

/// The gid of a system group (Debian's numbering; `docker` is the package's).
fn gid(group: &str) -> u32 {
    match group {
        "root" => 0,
        "adm" => 4,
        "sudo" => 27,
        "users" => 100,
        "docker" => 988,
        _ => 0,
    }
}

/// `useradd [-m] [-s SHELL] NAME`.
pub fn useradd(world: &mut World, host: &str, args: &[&str]) -> Output {
    let mut name = None;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match *a {
            "-m" | "--create-home" => {}
            "-s" | "--shell" | "-c" | "--comment" | "-u" | "--uid" => {
                it.next();
            }
            a if a.starts_with('-') => {
                return Output::failed(format!("useradd: unrecognized option '{a}'"), 2);
            }
            a => name = Some(a),
        }
    }
    let Some(name) = name else {
        return Output::failed(
            "Usage: useradd [options] LOGIN\n       useradd -D\n       useradd -D [options]",
            2,
        );
    };
    match world.user_add(host, name) {
        Ok(_) => Output::default(),
        Err(e) => Output::failed(e.to_string(), 9),
    }
}

/// `usermod -aG GROUP NAME` (`-a -G` too).
pub fn usermod(world: &mut World, host: &str, args: &[&str]) -> Output {
    let (group, name) = match args {
        ["-aG", group, name] | ["-a", "-G", group, name] | ["-G", group, "-a", name] => {
            (*group, *name)
        }
        _ => {
            return Output::failed(
                "berth: usermod here adds a user to a group: usermod -aG GROUP USER",
                2,
            )
        }
    };
    match world.user_group(host, name, group, false) {
        Ok(()) => Output::default(),
        Err(e) => Output::failed(e.to_string(), 6),
    }
}

/// `gpasswd -d NAME GROUP`.
pub fn gpasswd(world: &mut World, host: &str, args: &[&str]) -> Output {
    let ["-d", name, group] = args else {
        return Output::failed(
            "berth: gpasswd here removes a user from a group: gpasswd -d USER GROUP",
            2,
        );
    };
    let member = world
        .host(host)
        .ok()
        .and_then(|h| h.users.get(*name))
        .is_some_and(|u| u.groups.contains(*group));
    if !member {
        return Output::failed(
            format!("gpasswd: user '{name}' is not a member of '{group}'"),
            3,
        );
    }
    match world.user_group(host, name, group, true) {
        Ok(()) => {
            let mut o = Output::default();
            o.out(format!("Removing user {name} from group {group}"));
            o
        }
        Err(e) => Output::failed(e.to_string(), 3),
    }
}

/// `id [NAME]` on the host.
pub fn id(world: &World, host: &str, args: &[&str]) -> Output {
    let mut o = Output::default();
    match args.first() {
        None | Some(&"root") => o.out("uid=0(root) gid=0(root) groups=0(root)"),
        Some(name) => {
            let Some(u) = world.host(host).ok().and_then(|h| h.users.get(*name)) else {
                return Output::failed(format!("id: '{name}': no such user"), 1);
            };
            let mut groups = vec![format!("{}({name})", u.uid)];
            groups.extend(u.groups.iter().map(|g| format!("{}({g})", gid(g))));
            o.out(format!(
                "uid={uid}({name}) gid={uid}({name}) groups={}",
                groups.join(","),
                uid = u.uid
            ));
        }
    }
    o
}

/// `getent group GROUP`.
pub fn getent(world: &World, host: &str, args: &[&str]) -> Output {
    let ["group", group] = args else {
        return Output::failed("berth: getent here answers `getent group GROUP`", 1);
    };
    let Ok(h) = world.host(host) else {
        return Output::default();
    };
    let mut o = Output::default();
    if SYSTEM_GROUPS.contains(group) {
        let members: Vec<&String> = h
            .users
            .iter()
            .filter(|(_, u)| u.groups.contains(*group))
            .map(|(n, _)| n)
            .collect();
        let members: Vec<&str> = members.iter().map(|m| m.as_str()).collect();
        o.out(format!("{group}:x:{}:{}", gid(group), members.join(",")));
    } else if let Some(u) = h.users.get(*group) {
        o.out(format!("{group}:x:{}:", u.uid));
    } else {
        o.exit_code = 2;
    }
    o
}

/// `export NAME=VALUE` / `unset NAME` in the host's shell.
pub fn export(world: &mut World, host: &str, args: &[&str], unset: bool) -> Output {
    for a in args {
        if unset {
            world.shell_env_set(host, a, None);
        } else if let Some((name, value)) = a.split_once('=') {
            world.shell_env_set(host, name, Some(value));
        }
    }
    Output::default()
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
    let known = world.host(host).is_ok_and(|h| h.users.contains_key(target));
    if !known {
        return Output::failed(format!("su: user {target} does not exist or the user entry does not contain all the required fields"), 1);
    }
    Output {
        enter_host: Some(format!("{target}@{host}")),
        ..Output::default()
    }
}

/// The prompt of a user's shell: bash's, `$` for anyone but root.
pub fn prompt(user: &str, host: &str) -> String {
    format!("{user}@{host}:~$ ")
}

/// What a user other than root may not do at a host's prompt, in the tools' own words;
/// `None` when the line may run.
pub fn refused_for(world: &World, host: &str, user: &str, words: &[String]) -> Option<Output> {
    let (program, args) = words.split_first()?;
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    match program.as_str() {
        "docker" if !world.host(host).is_ok_and(|h| h.can_use_docker(Some(user))) => {
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
        "id" if args.is_empty() => {
            let mut o = Output::default();
            let shown = id(world, host, &[user]);
            o.lines = shown.lines;
            Some(o)
        }
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
        "twistcli" | "./twistcli" if !world.host(host).is_ok_and(|h| h.can_use_docker(Some(user))) => {
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
