//! Docker's getting-started app as a container's main process: `node src/index.js` (the
//! Dockerfile's `CMD`), `yarn run dev` (nodemon, the bind-mount chapter) or compose's
//! `sh -c "yarn install && yarn run dev"`, over the app's own files. The app is recognised
//! by the content of its `src/index.js` (`engine::docker::apps`), read from the container's
//! files or from the host folder a bind mount puts there, never by the image's name, so a
//! learner's own build of it counts.
//!
//! What it does: it connects to its database as its persistence files do (the engine's
//! `apps::todo`: SQLite in the container's `/etc/todos/todo.db`, or the MySQL server that
//! `MYSQL_HOST` names, waited for by wait-port), logs what the app logs and keeps running as
//! a server on port 3000: the page, and the `/items` API (`tools/todo_api.rs`). Texts: the
//! app's `src/persistence/sqlite.js` (`Using sqlite database at ${location}`,
//! `SQLITE_DB_LOCATION` or `/etc/todos/todo.db`), `src/persistence/mysql.js` (wait-port's
//! lines, then `Connected to mysql db at host ${HOST}`) and `src/index.js` (`Listening on
//! port 3000`, or `console.error(err)` and exit 1 when the database fails); nodemon 2.0.20's
//! start-up lines (the version in the app's yarn.lock) as Docker's workshop pages show them
//! (docker/getting-started `docs/tutorial/using-bind-mounts/index.md`).
//!
//! Not simulated: the stack trace and fields of a failure (its first line only), the time
//! wait-port waits (the logical clock does not move), nodemon's restart on a change. Any
//! other node program keeps today's answer.

use crate::cli::shells::container::Shell;
use crate::cli::tools::curl;
use crate::cli::Output;
use crate::engine::docker::apps;
use crate::engine::docker::apps::todo::TodoError;
use crate::engine::docker::image::Service;
use crate::engine::docker::image::Userland;
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

/// wait-port 1.x's `dots` output (dwmkerr/wait-port `lib/output-functions/dots.js`):
/// `Waiting for HOST:PORT`, a dot per try, then `\nConnected!` or `\nTimeout`. mysql.js waits
/// for port 3306 with `timeout: 10000` and the default interval of 1000 ms, so a server that
/// never answers gets 11 tries (at 0 s, 1 s, … 10 s).
fn wait_port(host: &str, connected: bool) -> [String; 2] {
    let dots = if connected { 1 } else { 11 };
    [
        format!("Waiting for {host}:3306{}", ".".repeat(dots)),
        if connected { "Connected!" } else { "Timeout" }.to_string(),
    ]
}

/// What the app prints as it starts: its persistence's `init` (src/persistence/sqlite.js or
/// mysql.js, chosen by `MYSQL_HOST` in src/persistence/index.js), then index.js's
/// `Listening on port 3000`. The database is the engine's (`apps::todo`): the file is made,
/// the MySQL server found and logged in to. `Err`: the lines before the failure and the
/// error, which index.js prints with `console.error` before `process.exit(1)`.
fn start_lines(
    world: &mut World,
    host: &str,
    id: &str,
    env: &[String],
) -> (Vec<String>, Result<(), String>) {
    let var = |name: &str| {
        env.iter()
            .rev()
            .find_map(|v| v.strip_prefix(name).and_then(|r| r.strip_prefix('=')))
            .filter(|v| !v.is_empty())
            .map(str::to_string)
    };
    let mysql_host = var("MYSQL_HOST");
    let connected = world.todo_connect(host, id);
    let mut lines = Vec::new();
    if let Some(mysql) = &mysql_host {
        let reached = !matches!(
            connected,
            Err(TodoError::Unresolved(_) | TodoError::Refused(_))
        );
        lines.extend(wait_port(mysql, reached));
    }
    // The error's first line as Node prints an Error (`Error: message`); mysql2's messages
    // are the server's (`Access denied for user …`, `Unknown database …`) or Node's
    // `getaddrinfo`/`connect` errors.
    let error = match connected {
        Ok(_) => {
            lines.push(match &mysql_host {
                Some(h) => format!("Connected to mysql db at host {h}"),
                None => format!(
                    "Using sqlite database at {}",
                    var("SQLITE_DB_LOCATION")
                        .as_deref()
                        .unwrap_or(crate::engine::docker::apps::todo::SQLITE_DEFAULT)
                ),
            });
            lines.push("Listening on port 3000".to_string());
            return (lines, Ok(()));
        }
        Err(TodoError::Unresolved(name)) => format!("Error: getaddrinfo ENOTFOUND {name}"),
        Err(TodoError::Refused(ip)) => format!("Error: connect ECONNREFUSED {ip}:3306"),
        Err(TodoError::AccessDenied {
            user,
            client,
            password,
        }) => format!(
            "Error: Access denied for user '{user}'@'{client}' (using password: {})",
            if password { "YES" } else { "NO" }
        ),
        Err(TodoError::UnknownDatabase(db)) => format!("Error: Unknown database '{db}'"),
        Err(TodoError::Store) => "Error: SQLITE_CANTOPEN: unable to open database file".to_string(),
    };
    (lines, Err(error))
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
    let (lines, started) = start_lines(world, host, id, &env);
    for line in lines {
        o.out(line);
    }
    if let Err(error) = started {
        o.err(error);
        o.err("berth: the error's stack trace and fields are not simulated");
        if let Start::Dev { .. } = start {
            // nodemon keeps running after its child died, and the container with it.
            o.out("[nodemon] app crashed - waiting for file changes before starting...");
            o.out(crate::cli::shells::container::SLEEP_INFINITY);
        } else {
            o.exit_code = 1;
        }
        return Some((o, None));
    }
    Some((
        o,
        Some(Service::Http {
            port: PORT,
            body: apps::getting_started_page(),
        }),
    ))
}

/// Commands in container `id` that change the world where the read-only shell cannot: a
/// `curl` that changes the workshop app's items ([`curl::app_write`]) and the `mysql` /
/// `mariadb` client (`tools/mysql.rs`). `None`: none of those; the shell goes on.
/// `(tty, interactive)`: `docker exec -t`/`-i`, or a terminal's shell.
pub fn in_container(
    world: &mut World,
    host: &str,
    id: &str,
    words: &[String],
    (tty, interactive): (bool, bool),
) -> Option<Output> {
    let (program, args) = words.split_first()?;
    let base = program.rsplit('/').next().unwrap_or(program);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let shell = |w: &World| -> Option<(Userland, bool)> {
        let c = w.container_lookup(host, id).ok()?;
        let userland = w.image_entry(c).map(|e| e.userland)?;
        let has = Shell {
            world: w,
            host,
            container: c,
            userland,
            shell: "sh",
            extra_env: &[],
            user: None,
        }
        .has(base);
        Some((userland, has))
    };
    let (userland, has) = shell(world)?;
    if !has {
        return None;
    }
    match base {
        "curl" => {
            let page = curl::app_write(world, &args, &|w, url| {
                let c = w
                    .container_lookup(host, id)
                    .map_err(|_| curl::FetchError::BadUrl)?;
                Shell {
                    world: w,
                    host,
                    container: c,
                    userland,
                    shell: "sh",
                    extra_env: &[],
                    user: None,
                }
                .fetch("GET", url)
            })?;
            let w = &*world;
            let c = w.container_lookup(host, id).ok()?;
            let shell = Shell {
                world: w,
                host,
                container: c,
                userland,
                shell: "sh",
                extra_env: &[],
                user: None,
            };
            Some(curl::curl_with(
                &args,
                shell.curl_version(),
                &|_, _| Ok(page.clone()),
                &|url| shell.path_to(url),
            ))
        }
        "mysql" | "mariadb" => Some(crate::cli::tools::mysql::client(
            world,
            host,
            id,
            base,
            &args,
            (tty, interactive),
        )),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wait_port_prints_a_dot_per_try() {
        assert_eq!(
            wait_port("mysql", true),
            ["Waiting for mysql:3306.", "Connected!"]
        );
        assert_eq!(
            wait_port("db", false),
            ["Waiting for db:3306...........", "Timeout"]
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
