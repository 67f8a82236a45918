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
        .and_then(|h| h.machine.users.get(*name))
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
            let Some(u) = world
                .host(host)
                .ok()
                .and_then(|h| h.machine.users.get(*name))
            else {
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
            .machine
            .users
            .iter()
            .filter(|(_, u)| u.groups.contains(*group))
            .map(|(n, _)| n)
            .collect();
        let members: Vec<&str> = members.iter().map(|m| m.as_str()).collect();
        o.out(format!("{group}:x:{}:{}", gid(group), members.join(",")));
    } else if let Some(u) = h.machine.users.get(*group) {
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
