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

/// Who `id` describes: the user, its primary group and every group it is in, each as a
/// number and, when the system names it, a name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    pub uid: (u32, Option<String>),
    pub gid: (u32, Option<String>),
    pub groups: Vec<(u32, Option<String>)>,
}

impl Identity {
    /// A named account whose own group has its name and number.
    fn named(uid: u32, name: &str, groups: Vec<(u32, Option<String>)>) -> Self {
        Identity {
            uid: (uid, Some(name.to_string())),
            gid: (uid, Some(name.to_string())),
            groups,
        }
    }
}

/// `id [-u|-g|-G [-n] [-r]] [USER]` (coreutils `src/id.c`, busybox `coreutils/id.c` print
/// the same): `current` is who runs it; `lookup` finds a USER operand. The full line is
/// `uid=N(name) gid=N(name) groups=N(name),…`; `-u`, `-g`, `-G` print numbers, with `-n`
/// names.
pub fn id_of(
    current: &Identity,
    lookup: &dyn Fn(&str) -> Option<Identity>,
    args: &[&str],
) -> Output {
    // coreutils' texts (`src/id.c`, `usage`).
    let try_help = "Try 'id --help' for more information.";
    let mut only: Option<char> = None;
    let mut names = false;
    let mut operands: Vec<&str> = Vec::new();
    let mut options = true;
    for arg in args {
        let letters: Vec<char> = match *arg {
            "--" if options => {
                options = false;
                continue;
            }
            "--user" if options => vec!['u'],
            "--group" if options => vec!['g'],
            "--groups" if options => vec!['G'],
            "--name" if options => vec!['n'],
            "--real" if options => vec!['r'],
            a if options && a.starts_with("--") => {
                return Output::failed(format!("id: unrecognized option '{a}'\n{try_help}"), 1)
            }
            a if options && a.starts_with('-') && a.len() > 1 => a.chars().skip(1).collect(),
            a => {
                operands.push(a);
                continue;
            }
        };
        for c in letters {
            match c {
                'u' | 'g' | 'G' => {
                    if only.is_some_and(|o| o != c) {
                        return Output::failed(
                            "id: cannot print \"only\" of more than one choice",
                            1,
                        );
                    }
                    only = Some(c);
                }
                'n' => names = true,
                'r' => {}
                other => {
                    return Output::failed(
                        format!("id: invalid option -- '{other}'\n{try_help}"),
                        1,
                    )
                }
            }
        }
    }
    if let Some(extra) = operands.get(1) {
        return Output::failed(format!("id: extra operand '{extra}'\n{try_help}"), 1);
    }
    let who = match operands.first() {
        Some(name) => match lookup(name) {
            Some(who) => who,
            None => return Output::failed(format!("id: '{name}': no such user"), 1),
        },
        None => current.clone(),
    };
    if names && only.is_none() {
        return Output::failed(
            "id: cannot print only names or real IDs in default format",
            1,
        );
    }
    let word = |(n, name): &(u32, Option<String>)| match (names, name) {
        (true, Some(name)) => name.clone(),
        _ => n.to_string(),
    };
    let full = |(n, name): &(u32, Option<String>)| match name {
        Some(name) => format!("{n}({name})"),
        None => n.to_string(),
    };
    let mut o = Output::default();
    o.out(match only {
        Some('u') => word(&who.uid),
        Some('g') => word(&who.gid),
        Some(_) => who.groups.iter().map(word).collect::<Vec<_>>().join(" "),
        None => format!(
            "uid={} gid={} groups={}",
            full(&who.uid),
            full(&who.gid),
            who.groups.iter().map(full).collect::<Vec<_>>().join(",")
        ),
    });
    o
}

/// A host account as `id` shows it (root, or a user `useradd` made).
fn host_identity(world: &World, host: &str, name: &str) -> Option<Identity> {
    if name == "root" {
        return Some(Identity::named(0, "root", vec![(0, Some("root".into()))]));
    }
    // Ubuntu's `nobody` has the group `nogroup` (base-passwd).
    if name == "nobody" {
        let nogroup = (65534, Some("nogroup".to_string()));
        return Some(Identity {
            uid: (65534, Some("nobody".into())),
            gid: nogroup.clone(),
            groups: vec![nogroup],
        });
    }
    let u = world.host(host).ok()?.machine.users.get(name)?;
    let mut groups = vec![(u.uid, Some(name.to_string()))];
    groups.extend(u.groups.iter().map(|g| (gid(g), Some(g.clone()))));
    Some(Identity::named(u.uid, name, groups))
}

/// `id [OPTIONS] [USER]` on the host, run by `current`.
pub fn id(world: &World, host: &str, current: &str, args: &[&str]) -> Output {
    let Some(me) = host_identity(world, host, current) else {
        return Output::failed(format!("id: '{current}': no such user"), 1);
    };
    id_of(&me, &|name| host_identity(world, host, name), args)
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
