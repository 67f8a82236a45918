//! `mongosh` in the mongo image, as its Docker Hub page uses it (`docker run -it --network
//! some-network --rm mongo mongosh --host some-mongo test`; `docker exec -it some-mongo
//! mongosh`): the connection to a mongod container, the greeting, the prompt `test> `, and
//! what a first session types: `show dbs`, `use DB`, `db`, `db.version()`, `exit`;
//! `mongosh --eval 'db.version()'` (quiet, as `--eval` makes it) and `--version`.
//!
//! Texts: mongodb-js/mongosh 2.10.0 (`packages/cli-repl`: `cli-repl.ts` writes `Current
//! Mongosh Log ID:\t…` and `Connecting to:\t\t<uri>` with `appName=mongosh+<version>`;
//! `mongosh-repl.ts` `greet`: `Using MongoDB:\t\t`, `Using Mongosh:\t\t`, `MONGOSH_WIKI`,
//! the first run's `TELEMETRY_GREETING_MESSAGE` (`constants.ts`, `i18n/src/locales/en_US.ts`);
//! `arg-parser/src/uri-generator.ts`: the URI, `directConnection=true`, and
//! `serverSelectionTimeoutMS=2000` for localhost; `shell-api/src/mongo.ts`: the startup
//! warnings banner and `switched to db`; `format-output.ts`: the banner's `------` frame,
//! `show dbs`' table, strings printed bare). The server's startup warning is the one its
//! log holds (`server_logs.rs`).
//!
//! Not simulated: documents and collections, the greeting shown only once per home directory
//! (every session here is a first one), authentication, a failed connection's driver error
//! (a `berth:` line says so), `show dbs`' sizes (a fresh server's, from a real session).

use crate::cli::Output;
use crate::engine::World;

/// The mongosh of the mongo image's builds here.
pub const VERSION: &str = "2.10.0";

/// The shell's variables: `mg:db` after `use`.
pub type Vars = std::collections::BTreeMap<String, String>;

/// The server a session talks to and the database it opened, carried in the shell's name
/// (`mongosh SERVER DB`).
fn session(shell: &str, vars: &Vars) -> Option<(String, String)> {
    let mut words = shell.split(' ');
    if words.next() != Some("mongosh") {
        return None;
    }
    let server = words.next()?.to_string();
    let opened = words.next().unwrap_or("test").to_string();
    Some((server, vars.get("mg:db").cloned().unwrap_or(opened)))
}

/// The prompt: `getDefaultPrompt`, the database then `> ` (a standalone server).
pub fn prompt(shell: &str, vars: &Vars) -> String {
    session(shell, vars).map_or_else(|| "> ".to_string(), |(_, db)| format!("{db}> "))
}

/// The mongod version of the mongo image in container `id` (its tag's fullest version).
fn server_version(world: &World, host: &str, id: &str) -> String {
    world
        .container_lookup(host, id)
        .ok()
        .and_then(|c| {
            crate::engine::docker::image::official::find(&c.image.repository, &c.image.tag).ok()
        })
        .and_then(|b| {
            b.tags()
                .iter()
                .map(|t| {
                    t.chars()
                        .take_while(|c| c.is_ascii_digit() || *c == '.')
                        .collect::<String>()
                })
                .find(|v| v.matches('.').count() == 2)
        })
        .unwrap_or_else(|| "8.0.29".to_string())
}

/// A 24-hex-digit log ID (an ObjectId's form), stable for the container and the time.
fn log_id(id: &str, now: u64) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for b in id.bytes().chain(now.to_le_bytes()) {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{:08x}{:016x}", now & 0xffff_ffff, hash)
}

/// `mongosh ARGS…` in container `id`.
pub fn run(
    world: &World,
    host: &str,
    id: &str,
    args: &[String],
    (tty, interactive): (bool, bool),
) -> Output {
    let mut o = Output::default();
    let mut host_opt: Option<String> = None;
    let mut port: u16 = 27017;
    let mut spec: Option<String> = None;
    let mut eval: Option<String> = None;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--host" => host_opt = it.next().cloned(),
            "--port" => match it.next().and_then(|p| p.parse().ok()) {
                Some(p) => port = p,
                None => return Output::failed("berth: mongosh's --port takes a number", 1),
            },
            "--eval" => eval = it.next().cloned(),
            "--quiet" | "--norc" => {}
            "--version" => {
                o.out(VERSION);
                return o;
            }
            a if a.starts_with('-') => {
                return Output::failed(
                    format!("berth: mongosh's option {a} is not simulated; try --host HOST, --port PORT, --eval CODE, DB"),
                    1,
                )
            }
            a => spec = Some(a.to_string()),
        }
    }
    // `uri-generator.ts`: a bare word is the database; `host:port/db` names the server.
    let (mut server, mut db) = (host_opt.clone(), "test".to_string());
    if let Some(s) = &spec {
        if s.starts_with("mongodb://") || s.starts_with("mongodb+srv://") {
            return Output::failed(
                "berth: mongosh with a connection string is not simulated; try mongosh --host HOST DB",
                1,
            );
        }
        match s.split_once('/') {
            Some((h, d)) => {
                server = Some(h.to_string());
                db = d.to_string();
            }
            None if s.contains(':') || s.contains('.') => server = Some(s.clone()),
            None => db = s.clone(),
        }
    }
    let name = server.unwrap_or_else(|| "127.0.0.1".to_string());
    let (name, port) = match name.split_once(':') {
        Some((n, p)) => (n.to_string(), p.parse().unwrap_or(port)),
        None => (name, port),
    };
    let local = matches!(name.as_str(), "127.0.0.1" | "localhost");
    let mut uri = format!("mongodb://{name}:{port}/{db}?directConnection=true");
    if spec.is_none() {
        uri = format!("mongodb://{name}:{port}/?directConnection=true");
    }
    if local {
        uri.push_str("&serverSelectionTimeoutMS=2000");
    }
    uri.push_str(&format!("&appName=mongosh+{VERSION}"));
    let target = if local {
        Some(id.to_string())
    } else {
        let ip = name
            .parse()
            .ok()
            .or_else(|| match world.dns_lookup(host, id, &name) {
                Ok(crate::engine::lab::sandbox::Lookup::Found { addresses, .. }) => {
                    addresses.first().copied()
                }
                _ => None,
            });
        ip.and_then(|ip| {
            world
                .host(host)
                .ok()?
                .container_with_ip(ip)
                .map(|c| c.id.clone())
        })
    };
    let mongod = target.filter(|t| {
        world.container_lookup(host, t).is_ok_and(|c| {
            c.image.repository == "mongo"
                && c.program == crate::engine::Program::Server
                && c.is_running()
        }) && port == 27017
    });
    let quiet = eval.is_some();
    if !quiet {
        o.out(format!(
            "Current Mongosh Log ID:\t{}",
            log_id(id, world.now().unix())
        ));
        o.out(format!("Connecting to:\t\t{uri}"));
    }
    let Some(mongod) = mongod else {
        o.err(format!("berth: no mongod answers at {name}:{port} here, and mongosh's driver error is not simulated (a mongo container runs mongod on 27017; `docker logs` shows it)"));
        o.exit_code = 1;
        return o;
    };
    let version = server_version(world, host, &mongod);
    if let Some(code) = eval {
        let mut vars = Vars::new();
        let shell = format!("mongosh {mongod} {db}");
        let mut ran = line(world, host, &shell, &mut vars, &code);
        ran.exit_shell = false;
        return ran;
    }
    if !interactive {
        return o;
    }
    o.out(format!("Using MongoDB:\t\t{version}"));
    o.out(format!("Using Mongosh:\t\t{VERSION}"));
    o.out("");
    o.out("For mongosh info see: https://www.mongodb.com/docs/mongodb-shell/");
    o.out("");
    o.out("");
    o.out("To help improve our products, pseudo-anonymous usage data is collected from interactive and agentic sessions only, and sent to MongoDB periodically (https://www.mongodb.com/legal/privacy-policy).");
    o.out("You can opt-out by running the disableTelemetry() command.");
    o.out("");
    // The server's startup warnings (`getLog: 'startupWarnings'`), framed by `formatBanner`.
    if let Ok(c) = world.container_lookup(host, &mongod) {
        if let crate::engine::docker::container::State::Running { started_at, .. } = c.state {
            let (y, mo, d, h, mi, s) = started_at.civil();
            o.out("------");
            o.out("   The server generated these startup warnings when booting");
            o.out(format!("   {y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}.900+00:00: Access control is not enabled for the database. Read and write access to data and configuration is unrestricted"));
            o.out("------");
            o.out("");
        }
    }
    let _ = tty;
    o.enter_shell = Some(Box::new(crate::cli::EnterShell {
        container_id: id.to_string(),
        shell: format!("mongosh {mongod} {db}"),
        main_process: false,
        prompt: String::new(),
        user: None,
        workdir: None,
    }));
    o
}

/// One line typed at mongosh's prompt.
pub fn line(world: &World, host: &str, shell: &str, vars: &mut Vars, input: &str) -> Output {
    let mut o = Output::default();
    let Some((server, db)) = session(shell, vars) else {
        o.exit_shell = true;
        return o;
    };
    let text = input.trim().trim_end_matches(';').trim();
    let words: Vec<&str> = text.split_whitespace().collect();
    match words.as_slice() {
        [] => {}
        ["exit" | "quit" | "exit()" | "quit()" | ".exit"] => o.exit_shell = true,
        ["show", "dbs" | "databases"] => {
            // `formatDatabases`: names left, sizes right, two spaces between.
            for (name, size) in [
                ("admin", "40.00 KiB"),
                ("config", "12.00 KiB"),
                ("local", "40.00 KiB"),
            ] {
                o.out(format!("{name:<6}  {size:>9}"));
            }
        }
        ["use", name] => {
            o.out(format!("switched to db {name}"));
            vars.insert("mg:db".to_string(), name.to_string());
        }
        ["db"] | ["db.getName()"] => o.out(db),
        ["db.version()"] => o.out(server_version(world, host, &server)),
        _ => {
            o.err("berth: only show dbs, use DB, db, db.version() and exit are simulated in this mongosh: documents and collections are not");
            o.exit_code = 1;
        }
    }
    o
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sessions_read_back_from_the_shell_name() {
        let mut vars = Vars::new();
        assert_eq!(prompt("mongosh abc test", &vars), "test> ");
        vars.insert("mg:db".to_string(), "shop".to_string());
        assert_eq!(prompt("mongosh abc test", &vars), "shop> ");
        assert_eq!(log_id("abc", 1).len(), 24);
    }
}
