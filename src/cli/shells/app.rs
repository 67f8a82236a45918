//! Docker's getting-started app as a container's main process: `node src/index.js` (the
//! Dockerfile's `CMD`), `yarn run dev` (nodemon, the bind-mount chapter) or compose's
//! `sh -c "yarn install && yarn run dev"`, over the app's own files. The app is recognised
//! by the content of its `src/index.js` (`engine::docker::apps`), read from the container's
//! files or from the host folder a bind mount puts there, never by the image's name, so a
//! learner's own build of it counts.
//!
//! What it does: it logs what the app logs and keeps running as a server on port 3000 that
//! answers with the app's `index.html`. Texts: the app's `src/persistence/sqlite.js`
//! (`Using sqlite database at ${location}`, `SQLITE_DB_LOCATION` or `/etc/todos/todo.db`),
//! `src/persistence/mysql.js` (`Connected to mysql db at host ${HOST}` when `MYSQL_HOST` is
//! set) and `src/index.js` (`Listening on port 3000`); nodemon 2.0.20's start-up lines (the
//! version in the app's yarn.lock) as Docker's workshop pages show them
//! (docker/getting-started `docs/tutorial/using-bind-mounts/index.md`).
//!
//! Not simulated: the JSON API (`/items`: every path answers the page), the items kept in
//! SQLite or MySQL, wait-port's waiting for MySQL (the app connects at once), nodemon's
//! restart on a change. Any other node program keeps today's answer.

use crate::cli::Output;
use crate::engine::docker::apps;
use crate::engine::docker::image::Service;
use crate::engine::docker::volumes::MountSource;
use crate::engine::fs::resolve;
use crate::engine::World;

/// The port the app listens on (`app.listen(3000, …)` in its `src/index.js`).
const PORT: u16 = 3000;

/// nodemon's lines as it starts `node src/index.js` (nodemon 2.0.20).
const NODEMON: &[&str] = &[
    "[nodemon] 2.0.20",
    "[nodemon] to restart at any time, enter `rs`",
    "[nodemon] watching path(s): *.*",
    "[nodemon] watching extensions: js,mjs,json",
    "[nodemon] starting `node src/index.js`",
];

/// A file as the container sees it: through a bind mount that holds it (the host's file),
/// else the container's own files.
fn read(world: &World, host: &str, id: &str, path: &str) -> Option<String> {
    let c = world.container_lookup(host, id).ok()?;
    let bound = c.mounts.iter().find_map(|m| {
        let MountSource::Bind(source) = &m.source else {
            return None;
        };
        let target = m.target.trim_end_matches('/');
        let rest = path.strip_prefix(target)?;
        (rest.is_empty() || rest.starts_with('/'))
            .then(|| format!("{}{rest}", source.trim_end_matches('/')))
    });
    match bound {
        Some(host_path) => world.fs_view(host, None).ok()?.read(&host_path).ok(),
        None => world.fs_view(host, Some(id)).ok()?.read(path).ok(),
    }
}

/// How the app is started.
enum Start {
    /// `node SCRIPT`.
    Node(String),
    /// `yarn run dev` / `yarn dev`: nodemon, after yarn's header; `prefix` runs first in the
    /// shell (`yarn install && …`).
    Dev { prefix: Option<String> },
}

fn start_of(argv: &[String]) -> Option<Start> {
    let words: Vec<&str> = argv.iter().map(String::as_str).collect();
    match words.as_slice() {
        ["node" | "/usr/local/bin/node", script] => Some(Start::Node(script.to_string())),
        ["yarn", "run", "dev"] | ["yarn", "dev"] => Some(Start::Dev { prefix: None }),
        ["sh" | "/bin/sh", "-c", script] => {
            let script = script.trim();
            let (prefix, last) = match script.rsplit_once("&&") {
                Some((p, l)) => (Some(p.trim().to_string()), l.trim()),
                None => (None, script),
            };
            matches!(last, "yarn run dev" | "yarn dev").then_some(Start::Dev { prefix })
        }
        _ => None,
    }
}

/// The app's log lines from its environment.
fn app_lines(env: &[String]) -> Vec<String> {
    let var = |name: &str| {
        env.iter()
            .rev()
            .find_map(|v| v.strip_prefix(name).and_then(|r| r.strip_prefix('=')))
            .filter(|v| !v.is_empty())
    };
    // src/persistence/index.js: MySQL when MYSQL_HOST is set, else SQLite.
    let first = match var("MYSQL_HOST") {
        Some(host) => format!("Connected to mysql db at host {host}"),
        None => format!(
            "Using sqlite database at {}",
            var("SQLITE_DB_LOCATION").unwrap_or("/etc/todos/todo.db")
        ),
    };
    vec![first, "Listening on port 3000".to_string()]
}

/// Plays container `id`'s main process when it starts the getting-started app: what it
/// printed and what it serves from then on (`None` when a command before it failed: the
/// process ends with that status). `None`: not the app.
pub fn app(world: &mut World, host: &str, id: &str) -> Option<(Output, Option<Service>)> {
    let c = world.container_lookup(host, id).ok()?;
    let mut argv = vec![c.path.clone()];
    argv.extend(c.args.iter().cloned());
    if argv.len() > 1
        && argv
            .first()
            .is_some_and(|p| p.ends_with("docker-entrypoint.sh"))
    {
        argv.remove(0);
    }
    let start = start_of(&argv)?;
    let workdir = if c.workdir.is_empty() {
        "/".to_string()
    } else {
        c.workdir.clone()
    };
    let mut env = world
        .image_entry(c)
        .map(|e| e.env.clone())
        .unwrap_or_default();
    env.extend(c.env.iter().cloned());
    let script = match &start {
        Start::Node(script) => resolve(&workdir, script),
        Start::Dev { .. } => resolve(&workdir, "src/index.js"),
    };
    let index = read(world, host, id, &script)?;
    if !apps::is_getting_started_index(&index) {
        return None;
    }
    let mut o = Output::default();
    if let Start::Dev { prefix } = &start {
        if let Some(prefix) = prefix {
            let parsed = crate::cli::sh::parse::parse(prefix).ok()?;
            let before =
                crate::cli::sh::exec::exec_script(world, host, id, "sh", None, &[], &parsed);
            let failed = before.exit_code != 0;
            o.lines.extend(before.lines);
            if failed {
                // `&&`: the app does not start; the process ends with the failure's status.
                o.exit_code = before.exit_code;
                return Some((o, None));
            }
        }
        // yarn's `run` header and its echo of the script (`package.json`'s `dev`).
        o.out(format!(
            "yarn run v{}",
            crate::cli::tools::yarn::YARN_VERSION
        ));
        o.out("$ nodemon -L src/index.js");
        for line in NODEMON {
            o.out(*line);
        }
    }
    for line in app_lines(&env) {
        o.out(line);
    }
    Some((
        o,
        Some(Service::Http {
            port: PORT,
            body: apps::getting_started_page(),
        }),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_app_logs_its_database() {
        assert_eq!(
            app_lines(&[]),
            [
                "Using sqlite database at /etc/todos/todo.db",
                "Listening on port 3000"
            ]
        );
        assert_eq!(
            app_lines(&["MYSQL_HOST=mysql".to_string()]),
            [
                "Connected to mysql db at host mysql",
                "Listening on port 3000"
            ]
        );
    }

    #[test]
    fn the_starts_are_recognised() {
        let words = |s: &[&str]| s.iter().map(|w| w.to_string()).collect::<Vec<_>>();
        assert!(start_of(&words(&["node", "src/index.js"])).is_some());
        assert!(start_of(&words(&["sh", "-c", "yarn install && yarn run dev"])).is_some());
        assert!(start_of(&words(&["python", "app.py"])).is_none());
    }
}
