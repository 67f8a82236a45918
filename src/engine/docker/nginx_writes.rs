//! Where the official nginx image writes when it starts, and how it fails when it cannot:
//! `--read-only`, or a user other than root (`--user 101`, the image's own `nginx` user).
//!
//! Facts (nginx/docker-nginx `mainline/debian/docker-entrypoint.sh` and
//! `10-listen-on-ipv6-by-default.sh`; nginx's `src/core/ngx_file.c` `ngx_create_paths` and
//! `src/core/ngx_cycle.c` `ngx_create_pidfile`; docker-library/docs `nginx/content.md`,
//! "Running nginx in read-only mode" and "Running nginx as a non-root user"):
//! - The entrypoint's `10-listen-on-ipv6-by-default.sh` first `touch`es
//!   `/etc/nginx/conf.d/default.conf`; on a read-only root, or as a user who does not own it,
//!   it says it cannot modify it and goes on.
//! - nginx then creates its temporary directories under `/var/cache/nginx` (the first is
//!   `client_temp`) and writes its pid file (`/run/nginx.pid`, `/var/run` being a link to
//!   `/run`). A read-only root fails with errno 30 (EROFS, checked before permissions); a
//!   non-root user on the image's root-owned directories with errno 13 (EACCES). As a
//!   non-root master, nginx first warns that the `user` directive (nginx.conf line 2) is
//!   ignored.
//! - What a writable mount gives back: a mount at the path (`--tmpfs`, `-v`, `--mount`). For a
//!   non-root user only a tmpfs helps, since Docker mounts it mode 1777; a fresh volume or a
//!   bind mount keeps root's ownership.
//! - Each `[warn]`/`[emerg]` appears twice: in the error log (`/var/log/nginx/error.log`, a
//!   link to stderr) with the date and `1#1:`, and on stderr as `nginx: [level] …`, since
//!   the log is not yet nginx's own stderr at start-up.
//!
//! Not simulated: the other images' needs of a writable root; `nginx-unprivileged`.

use crate::engine::docker::container::Container;
use crate::engine::Timestamp;

/// The paths the image writes at start, in the order nginx reaches them, with what the
/// error log names.
const CACHE: &str = "/var/cache/nginx";
const PID_DIRS: [&str; 2] = ["/run", "/var/run"];

/// Whether a mount at `target` covers `dir`.
fn covers(target: &str, dir: &str) -> bool {
    let target = target.trim_end_matches('/');
    dir == target || dir.starts_with(&[target, "/"].concat())
}

/// Whether the container's process runs as root (no `--user`, or uid 0).
fn runs_as_root(c: &Container) -> bool {
    let user = c.user.split(':').next().unwrap_or("");
    user.is_empty() || user == "root" || user == "0"
}

/// Why the process cannot write in `dir`, as nginx prints errno: `None` if it can.
fn write_error(c: &Container, dir: &str) -> Option<&'static str> {
    const EROFS: &str = "(30: Read-only file system)";
    const EACCES: &str = "(13: Permission denied)";
    let root = runs_as_root(c);
    if c.security.tmpfs.iter().any(|t| covers(t, dir)) {
        return None;
    }
    // A volume or a bind mount keeps root's ownership; a read-only one refuses everyone.
    if let Some(m) = c.mounts.iter().rev().find(|m| covers(&m.target, dir)) {
        return match (m.read_only, root) {
            (true, _) => Some(EROFS),
            (false, true) => None,
            (false, false) => Some(EACCES),
        };
    }
    match (c.security.read_only, root) {
        (true, _) => Some(EROFS),
        (false, true) => None,
        (false, false) => Some(EACCES),
    }
}

/// Why the official nginx image's start fails in this container, if it does: its own
/// lines (entrypoint, then nginx's), for `docker logs`. `None` when it starts.
pub fn refusal_log(c: &Container, at: Timestamp) -> Option<Vec<String>> {
    if c.image.repository != "nginx" {
        return None;
    }
    let root = runs_as_root(c);
    let failure = if let Some(errno) = write_error(c, CACHE) {
        ["mkdir() \"", CACHE, "/client_temp\" failed ", errno].concat()
    } else if let Some(errno) = PID_DIRS
        .iter()
        .map(|d| write_error(c, d))
        .collect::<Option<Vec<_>>>()
        .and_then(|errors| errors.first().copied())
    {
        ["open() \"/run/nginx.pid\" failed ", errno].concat()
    } else {
        return None;
    };
    let (y, mo, d, h, mi, s) = at.civil();
    let stamp = format!("{y:04}/{mo:02}/{d:02} {h:02}:{mi:02}:{s:02}");
    let mut lines: Vec<String> = [
        "/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration",
        "/docker-entrypoint.sh: Looking for shell scripts in /docker-entrypoint.d/",
        "/docker-entrypoint.sh: Launching /docker-entrypoint.d/10-listen-on-ipv6-by-default.sh",
        "10-listen-on-ipv6-by-default.sh: info: can not modify /etc/nginx/conf.d/default.conf (read-only file system?)",
        "/docker-entrypoint.sh: Sourcing /docker-entrypoint.d/15-local-resolvers.envsh",
        "/docker-entrypoint.sh: Launching /docker-entrypoint.d/20-envsubst-on-templates.sh",
        "/docker-entrypoint.sh: Launching /docker-entrypoint.d/30-tune-worker-processes.sh",
        "/docker-entrypoint.sh: Configuration complete; ready for start up",
    ]
    .iter()
    .map(|l| l.to_string())
    .collect();
    if !root {
        let warning = "the \"user\" directive makes sense only if the master process runs with super-user privileges, ignored in /etc/nginx/nginx.conf:2";
        lines.push(format!("{stamp} [warn] 1#1: {warning}"));
        lines.push(format!("nginx: [warn] {warning}"));
    }
    lines.push(format!("{stamp} [emerg] 1#1: {failure}"));
    lines.push(format!("nginx: [emerg] {failure}"));
    Some(lines)
}
