//! What root in a container can do to its host, as the shell answers: `mount /dev/sda1 DIR`
//! (busybox's words when it fails), `chroot DIR` into the host's root, `ls` and `cat` of the
//! host's files once they are in reach, a host-root shell, and `docker` inside the
//! `docker:cli` image, which talks to whatever socket is mounted in.
//!
//! The rules are the engine's ([`crate::engine::security::escape`]): a mount and a chroot are
//! engine operations, and the engine marks a compromise as their consequence. This module
//! reads the commands and writes their output; the docker client behind a mounted socket
//! is a [`Caller::mounted_socket`].

use crate::cli::{EnterShell, Output};
use crate::engine::docker::caller::Caller;
use crate::engine::security::escape::{ChrootRefusal, MountRefusal, HOST_DISK};
use crate::engine::{Container, World};

/// The host's `/` as `ls` lists it.
const HOST_ROOT_LISTING: &str = "bin   dev  home  lib64  mnt  proc  run   srv  tmp  var\nboot  etc  lib   media  opt  root  sbin  sys  usr";

/// The prompt of the host's `/bin/sh` (dash) for root.
pub const HOST_ROOT_PROMPT: &str = "# ";

/// A file of the host's own disk, as root reads it. `None` if Berth has no such file.
pub fn host_file(world: &World, host: &str, path: &str) -> Option<String> {
    let h = world.host(host).ok()?;
    Some(match path {
        "/etc/hostname" => h.name.clone(),
        "/etc/shadow" => {
            let mut lines = vec![
                "root:$y$j9T$Xc1/2kQpL0mD8wE3rT6uY.$8bVj0Hq4Nn2aK7sZ1xWc5rT9yUe3iO6pA4sD2fG7hJ1:20513:0:99999:7:::".to_string(),
                "daemon:*:20513:0:99999:7:::".to_string(),
            ];
            lines.extend(
                h.machine.users
                    .keys()
                    .map(|u| format!("{u}:$y$j9T$Qw7Er5Ty3Ui1Op9As/7Df.$Gh5Jk3Lz1Xc9Vb7Nm5Qw3Er1Ty9Ui7Op5As3Df1Gh9:20513:0:99999:7:::")),
            );
            lines.join("\n")
        }
        "/etc/passwd" => {
            let mut lines = vec![
                "root:x:0:0:root:/root:/bin/bash".to_string(),
                "daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin".to_string(),
            ];
            lines.extend(h.machine.users.iter().map(|(name, u)| {
                format!("{name}:x:{uid}:{uid}::/home/{name}:/bin/sh", uid = u.uid)
            }));
            lines.join("\n")
        }
        "/etc/docker/daemon.json" => h.daemon.file.clone()?,
        _ => return None,
    })
}

/// A command in a container that reaches past it (or changes it: a package manager, run as
/// `user`, `None` for the container's own). `None` for every other command.
pub fn in_container(
    world: &mut World,
    host: &str,
    container_id: &str,
    shell: &str,
    user: Option<&str>,
    words: &[String],
) -> Option<Output> {
    // Triton's metadata client talks to the data center, not to the container's files.
    if let Some(o) = crate::cli::tools::mdata::in_container(world, host, container_id, words) {
        return Some(o);
    }
    let (program, args) = words.split_first()?;
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let c = world.container_lookup(host, container_id).ok()?.clone();
    if shell == "host-root" {
        return Some(host_root(world, host, &c, program, &args));
    }
    // A package manager changes the container's files.
    if let Some(o) = super::container::run_changing(world, host, container_id, user, words) {
        return Some(o);
    }
    let base = program.rsplit('/').next().unwrap_or(program);
    match base {
        "exploit" => Some(crate::cli::tools::cve::exploit(
            world, host, container_id, &args,
        )),
        "docker" if world.container_program(&c).0 == "docker" => {
            if !c.has_docker_socket() {
                return Some(Output::failed(
                    "Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?",
                    1,
                ));
            }
            // The socket is the host's daemon: the command runs there, with its full power.
            let caller = Caller::mounted_socket(container_id);
            Some(crate::cli::run_words_for(world, host, &caller, words))
        }
        "mount" => match args.as_slice() {
            [HOST_DISK, dir] => Some(match world.mount_host_disk(host, container_id, dir) {
                Ok(()) => Output::default(),
                Err(MountRefusal::Permission) => {
                    Output::failed("mount: permission denied (are you root?)", 255)
                }
                Err(MountRefusal::NoDevice) => Output::failed(
                    format!(
                        "mount: mounting {HOST_DISK} on {dir} failed: No such file or directory"
                    ),
                    255,
                ),
            }),
            [] => None,
            _ => Some(Output::failed(
                format!("berth: mount here mounts the host's disk: mount {HOST_DISK} DIR"),
                1,
            )),
        },
        "chroot" => {
            let dir = args.first()?;
            // The engine judges the chroot, and marks the host taken when DIR is its root.
            match world.chroot(host, container_id, dir) {
                Ok(()) => {}
                Err(ChrootRefusal::NoSuchDirectory) => {
                    return Some(Output::failed(
                        format!(
                        "chroot: can't change root directory to '{dir}': No such file or directory"
                    ),
                        125,
                    ))
                }
                Err(ChrootRefusal::NoShell) => {
                    return Some(Output::failed(
                        "chroot: can't execute '/bin/sh': No such file or directory",
                        127,
                    ))
                }
            }
            let rest: Vec<&str> = args.iter().skip(1).copied().collect();
            Some(match rest.split_first() {
                // `chroot /mnt cat /etc/shadow`: one command as the host's root.
                Some((cmd, cmd_args)) => host_root(world, host, &c, cmd, cmd_args),
                None => Output {
                    enter_shell: Some(Box::new(EnterShell {
                        container_id: container_id.to_string(),
                        shell: "host-root".into(),
                        main_process: false,
                        prompt: HOST_ROOT_PROMPT.into(),
                        user: None,
                        workdir: None,
                    })),
                    ..Output::default()
                },
            })
        }
        "ls" | "cat" if args.iter().any(|a| c.host_path(a).is_some()) => {
            let mut o = Output::default();
            for a in &args {
                if let Some(path) = c.host_path(a) {
                    let shown = host_root(world, host, &c, base, &[path.as_str()]);
                    o.exit_code = o.exit_code.max(shown.exit_code);
                    o.lines.extend(shown.lines);
                }
            }
            Some(o)
        }
        _ => None,
    }
}

/// A command as root in the host's filesystem (dash for a shell, the host's coreutils).
fn host_root(world: &mut World, host: &str, c: &Container, program: &str, args: &[&str]) -> Output {
    let mut o = Output::default();
    match program {
        "exit" => {
            return Output {
                exit_shell: true,
                ..Output::default()
            }
        }
        "id" => o.out("uid=0(root) gid=0(root) groups=0(root)"),
        "whoami" => o.out("root"),
        // chroot changes the files, not the UTS namespace: still the container's name.
        "hostname" => o.out(c.hostname.clone()),
        "ls" => match args.first().copied().unwrap_or("/") {
            "/" => o.out(HOST_ROOT_LISTING),
            "/root" => {}
            "/home" => {
                let names: Vec<String> = world
                    .host(host)
                    .map(|h| h.machine.users.keys().cloned().collect())
                    .unwrap_or_default();
                if !names.is_empty() {
                    o.out(names.join("  "));
                }
            }
            other => {
                return Output::failed(format!("ls: cannot access '{other}': No such file or directory"), 2)
            }
        },
        "cat" => {
            for path in args {
                match host_file(world, host, path) {
                    Some(text) => o.out(text),
                    None => {
                        o.err(format!("cat: {path}: No such file or directory"));
                        o.exit_code = 1;
                    }
                }
            }
        }
        "useradd" => return crate::cli::tools::users::useradd(world, host, args),
        "usermod" => return crate::cli::tools::users::usermod(world, host, args),
        "docker" => {
            // The host's own docker client, through the host's socket.
            let words: Vec<String> = std::iter::once("docker")
                .chain(args.iter().copied())
                .map(str::to_string)
                .collect();
            return crate::cli::run_words_as(world, host, None, &words);
        }
        other => {
            return Output::failed(
                format!("berth: `{other}` as the host's root is not simulated; try ls, cat /etc/shadow, id, useradd, docker, exit."),
                127,
            )
        }
    }
    o
}

/// `redis-cli` in a container that has it: it talks to a server, so it runs here, with the
/// world to change (the server's keys).
pub(crate) fn redis_cli(
    world: &mut crate::engine::World,
    host: &str,
    id: &str,
    command: &[String],
    terminal: (bool, bool),
) -> Option<Output> {
    let (program, args) = command.split_first()?;
    if program.rsplit('/').next() != Some("redis-cli") {
        return None;
    }
    let c = world.container_lookup(host, id).ok()?;
    let has = world.container_program(c).0 == "redis"
        || world.container_has_installed(host, id, "redis-cli");
    if !has {
        return None;
    }
    Some(crate::cli::tools::redis_cli::run(
        world, host, id, args, terminal,
    ))
}
