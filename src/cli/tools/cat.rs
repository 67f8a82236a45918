//! `cat [-n] [FILE...]`: files (or standard input) one after the other.
//!
//! The shell sends `cat` here when it reads standard input or a file the learner wrote; the
//! files the simulation answers itself (`/etc/hosts` in a container, `daemon.json` on a host)
//! come through [`Files::read`] from the engine, so both kinds mix in one `cat`.

use super::{inputs, lines, Files, Flavor};
use crate::cli::Output;

pub fn cat(args: &[String], stdin: &str, files: &mut dyn Files, flavor: Flavor) -> Output {
    let mut number = false;
    let mut operands = Vec::new();
    for arg in args {
        match arg.as_str() {
            "-n" | "--number" => number = true,
            "-" => operands.push(arg.clone()),
            a if a.starts_with("--") => return super::not_simulated("cat", a),
            a if a.starts_with('-') => match a.chars().nth(1) {
                Some('n') if a.len() == 2 => number = true,
                Some(c) => return super::invalid_option("cat", c, flavor),
                None => operands.push(arg.clone()),
            },
            _ => operands.push(arg.clone()),
        }
    }
    let mut out = Output::default();
    let mut n = 0u32;
    for (name, content) in inputs(&operands, stdin, files) {
        match content {
            // A large file of a sample app: only its size is kept (`engine::fs::UNKEPT_MARK`).
            Ok(text) if crate::engine::fs::unkept_size(&text).is_some() => {
                let size = crate::engine::fs::unkept_size(&text).unwrap_or_default();
                out.err(format!(
                    "berth: {name}: the content of this file ({size} bytes) is not kept in Berth; only its name and size are"
                ));
            }
            Ok(text) => {
                for line in lines(&text) {
                    n += 1;
                    if number {
                        out.out(format!("{n:>6}\t{line}"));
                    } else {
                        out.out(line);
                    }
                }
            }
            Err(reason) => {
                out.err(match flavor {
                    Flavor::Gnu => format!("cat: {name}: {reason}"),
                    Flavor::Busybox => format!("cat: can't open '{name}': {reason}"),
                });
                out.exit_code = 1;
            }
        }
    }
    out
}

/// `cat` of the files Berth simulates on a host (`/etc/docker/daemon.json`, the authz
/// broker's policy, flannel's `subnet.env`); the files a shell's redirections wrote are
/// read by [`cat`] through [`Files`].
/// `cat FILE` on a host: the files the lessons use.
pub fn host_files(world: &crate::engine::World, host: &str, args: &[&str]) -> Output {
    let mut o = Output::default();
    for file in args {
        match *file {
            crate::engine::docker::daemon::DAEMON_JSON => {
                let shown = crate::cli::tools::systemctl::cat_daemon_json(world, host);
                o.exit_code = o.exit_code.max(shown.exit_code);
                o.lines.extend(shown.lines);
            }
            crate::engine::docker::authz::POLICY_FILE => {
                let shown = crate::cli::authz::cat_policy(world, host);
                o.exit_code = o.exit_code.max(shown.exit_code);
                o.lines.extend(shown.lines);
            }
            "/run/flannel/subnet.env" => {
                match world
                    .host(host)
                    .ok()
                    .and_then(|h| h.addons.flannel.as_ref())
                {
                    Some(lease) => o.out(lease.subnet_env()),
                    None => {
                        o.err(format!("cat: {file}: No such file or directory"));
                        o.exit_code = 1;
                    }
                }
            }
            // Not a file the simulation answers, and not one the host's files hold (the
            // shell reads those first): coreutils' `cat: FILE: No such file or directory`.
            other => {
                o.err(format!("cat: {other}: No such file or directory"));
                o.exit_code = 1;
            }
        }
    }
    o
}
