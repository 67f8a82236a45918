//! `which [-a] COMMAND...`: where the shell would find each command on `$PATH`.
//!
//! Two implementations with one behaviour for what learners type (debianutils' `which`, a
//! POSIX shell script, on Debian and Ubuntu hosts and images; busybox's applet on Alpine):
//! each directory of `$PATH` in order, the first executable regular file named COMMAND wins
//! (every one with `-a`); a name with a `/` is checked as it is. Found paths are printed one a
//! line; a command not found prints nothing, and the status is 1 when any was not found (or
//! none was asked for).
//!
//! Berth's hosts keep no files under `/usr/bin`: the caller passes where Ubuntu installs the
//! programs the host simulates ([`host_path`]). Not simulated: debianutils' usage line for an
//! unknown option, busybox's usage text (a `berth:` line says so).

use super::fs::Fs;
use crate::cli::Output;
use crate::engine::fs::Kind;

/// `$PATH` when the shell has none: Debian's and busybox's default for root.
pub const DEFAULT_PATH: &str = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

/// `which`'s answer for `args`: `path` is `$PATH`, `fallback` where a program the shell runs
/// lives when no file says so.
pub fn which(
    args: &[&str],
    fs: &mut dyn Fs,
    path: &str,
    fallback: &dyn Fn(&str) -> Option<String>,
) -> Output {
    let mut all = false;
    let mut names: Vec<&str> = Vec::new();
    let mut options = true;
    for arg in args {
        match *arg {
            "--" if options => options = false,
            "-a" if options => all = true,
            a if options && a.starts_with('-') && a.len() > 1 => {
                return Output::failed(
                    format!("berth: which here takes -a and command names, not {a}"),
                    2,
                )
            }
            a => names.push(a),
        }
    }
    let mut o = Output::default();
    let mut status = if names.is_empty() { 1 } else { 0 };
    for name in names {
        let found = if name.contains('/') {
            let file = fs.absolute(name);
            executable(fs, &file)
                .then(|| name.to_string())
                .into_iter()
                .collect()
        } else {
            let mut found: Vec<String> = Vec::new();
            for dir in path.split(':') {
                let dir = if dir.is_empty() { "." } else { dir };
                let candidate = format!("{}/{name}", dir.trim_end_matches('/'));
                let file = fs.absolute(&candidate);
                if executable(fs, &file) {
                    found.push(candidate);
                    if !all {
                        break;
                    }
                }
            }
            if found.is_empty() {
                found.extend(fallback(name));
            }
            found
        };
        if found.is_empty() {
            status = 1;
        }
        for line in found {
            o.out(line);
        }
    }
    o.exit_code = status;
    o
}

/// A regular file with an execute bit (a link counts as its target does).
fn executable(fs: &mut dyn Fs, path: &str) -> bool {
    fs.stat(path)
        .is_ok_and(|m| m.kind != Kind::Dir && m.mode & 0o111 != 0)
}

/// Where Ubuntu 24.04 installs a program Berth's host runs (its packages' file lists; `/usr`
/// is merged, and `/usr/sbin` comes before `/usr/bin` on root's `$PATH`).
pub fn host_path(name: &str) -> Option<String> {
    const SBIN: &[&str] = &[
        "ip", "bridge", "iptables", "ip6tables", "useradd", "usermod", "userdel", "groupadd",
        "ufw", "service", "sysctl",
    ];
    const BIN: &[&str] = &[
        "docker", "dockerd", "containerd", "runc", "ctr", "curl", "wget", "ping", "ss", "nc",
        "dig", "nslookup", "hostname", "gpasswd", "id", "getent", "ps", "sleep", "uname",
        "systemctl", "journalctl", "ssh", "sudo", "su", "git", "nano", "vi", "vim", "bash", "sh",
        "ls", "cat", "grep", "egrep", "fgrep", "wc", "head", "tail", "sort", "cut", "tr", "tee",
        "xargs", "uniq", "seq", "yes", "basename", "dirname", "echo", "true", "false", "printf",
        "mkdir", "rm", "rmdir", "cp", "mv", "touch", "stat", "find", "du", "date", "env", "whoami",
        "which", "pwd", "kill",
    ];
    if SBIN.contains(&name) {
        Some(format!("/usr/sbin/{name}"))
    } else if BIN.contains(&name) {
        Some(format!("/usr/bin/{name}"))
    } else {
        None
    }
}
