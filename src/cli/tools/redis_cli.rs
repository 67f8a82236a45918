//! `redis-cli` in a container of the redis image, as the image's Docker Hub page uses it
//! (`docker exec -it some-redis redis-cli`, `redis-cli -h some-redis` from a container on the
//! same network): one command given on the line, or an interactive prompt `HOST:PORT> ` that
//! reads commands until `exit`/`quit`. The keys live with the redis server's container
//! ([`World::redis_command`]).
//!
//! Replies print as redis-cli's `cliFormatReplyTTY` on a terminal (`"value"`, `(integer) 1`,
//! `(nil)`, `1) …`, `(error) …`) and as `cliFormatReplyRaw` otherwise (`docker exec r redis-cli
//! get k` without `-t`: the bare value). Texts from redis/src/redis-cli.c.
//!
//! Not simulated: `-a`'s AUTH (accepted, with its warning), `--scan`, `--pipe`, `-r`,
//! `MONITOR`/`SUBSCRIBE`, a server on another host.

use crate::cli::Output;
use crate::engine::docker::image::Service;
use crate::engine::docker::redis::Reply;
use crate::engine::World;

/// The interactive prompt: the server's name as given and its port (redis-cli.c
/// `cliRefreshPrompt`). The shell keeps it, and reads its server back from it.
fn prompt(server: &str, port: u16) -> String {
    format!("{server}:{port}> ")
}

/// `redis-cli ARGS…` run in container `id` (`tty`: its output goes to a terminal).
/// `interactive`: with no command, the prompt opens.
pub fn run(
    world: &mut World,
    host: &str,
    id: &str,
    args: &[String],
    (tty, interactive): (bool, bool),
) -> Output {
    let mut server = "127.0.0.1".to_string();
    let mut port: u16 = 6379;
    let mut raw = !tty;
    let mut o = Output::default();
    let mut command = Vec::new();
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        if !command.is_empty() {
            command.push(arg.clone());
            continue;
        }
        match arg.as_str() {
            "-h" => server = it.next().cloned().unwrap_or_default(),
            "-p" => match it.next().and_then(|p| p.parse().ok()) {
                Some(p) => port = p,
                None => {
                    return Output::failed("Unrecognized option or bad number of args for: '-p'", 1)
                }
            },
            "-a" => {
                it.next();
                // redis-cli.c parseOptions.
                o.err("Warning: Using a password with '-a' or '-u' option on the command line interface may not be safe.");
            }
            "--raw" => raw = true,
            "--no-raw" => raw = false,
            "-n" => {
                it.next();
            }
            "-c" | "--no-auth-warning" => {}
            "--version" | "-v" => {
                o.out("redis-cli 8.2.3");
                return o;
            }
            _ => command.push(arg.clone()),
        }
    }
    let target = match connect(world, host, id, &server, port) {
        Ok(target) => target,
        Err(why) => {
            o.err(format!(
                "Could not connect to Redis at {server}:{port}: {why}"
            ));
            if command.is_empty() && interactive {
                // redis-cli.c repl: the prompt says so and waits.
                o.out("not connected> ");
            }
            o.exit_code = 1;
            return o;
        }
    };
    if command.is_empty() {
        if !interactive {
            if tty {
                o.err("berth: redis-cli's prompt as a container's main process is not simulated; `docker exec -it CONTAINER redis-cli` (or `redis-cli -h SERVER` in a shell) opens it");
                o.exit_code = 1;
            }
            return o;
        }
        o.enter_shell = Some(Box::new(crate::cli::EnterShell {
            container_id: id.to_string(),
            shell: "redis-cli".to_string(),
            main_process: false,
            prompt: prompt(&server, port),
            user: None,
            workdir: None,
        }));
        return o;
    }
    reply(world, host, &target, &command, raw, &mut o);
    o
}

/// A line typed at the interactive prompt of the `redis-cli` shell in container `id`.
pub fn line(world: &mut World, host: &str, id: &str, prompt: &str, words: &[String]) -> Output {
    let mut o = Output::default();
    let Some(first) = words.first() else {
        return o;
    };
    if matches!(first.to_ascii_lowercase().as_str(), "exit" | "quit") {
        o.exit_shell = true;
        return o;
    }
    if first.eq_ignore_ascii_case("help") {
        o.out("berth: redis-cli's help is not simulated; try PING, SET key value, GET key, KEYS *, INCR key, LPUSH/LRANGE, HSET/HGETALL");
        return o;
    }
    let (server, port) = prompt
        .trim_end_matches("> ")
        .rsplit_once(':')
        .map_or(("127.0.0.1", 6379), |(s, p)| (s, p.parse().unwrap_or(6379)));
    match connect(world, host, id, server, port) {
        Ok(target) => reply(world, host, &target, words, false, &mut o),
        Err(why) => {
            o.err(format!(
                "Could not connect to Redis at {server}:{port}: {why}"
            ));
            o.exit_code = 1;
        }
    }
    o
}

/// The redis server `server:port` names from container `id`: the container's full ID.
fn connect(
    world: &World,
    host: &str,
    id: &str,
    server: &str,
    port: u16,
) -> Result<String, &'static str> {
    let me = world
        .container_lookup(host, id)
        .map_err(|_| "Connection refused")?;
    let target = match server {
        "127.0.0.1" | "localhost" => me,
        name => {
            let ip = match name.parse::<std::net::Ipv4Addr>() {
                Ok(ip) => ip,
                // glibc's gai_strerror(EAI_NONAME), as the Debian-based image prints it.
                Err(_) => match world.dns_lookup(host, id, name) {
                    Ok(crate::engine::lab::sandbox::Lookup::Found { addresses, .. }) => addresses
                        .first()
                        .copied()
                        .ok_or("Name or service not known")?,
                    _ => return Err("Name or service not known"),
                },
            };
            world
                .host(host)
                .ok()
                .and_then(|h| h.container_with_ip(ip))
                .ok_or("Connection refused")?
        }
    };
    match world.serves(target) {
        Some(Service::Tcp { port: p })
            if p == port && world.container_program(target).0 == "redis" =>
        {
            Ok(target.id.clone())
        }
        _ => Err("Connection refused"),
    }
}

fn reply(
    world: &mut World,
    host: &str,
    target: &str,
    command: &[String],
    raw: bool,
    o: &mut Output,
) {
    match world.redis_command(host, target, command) {
        Ok(Reply::NotSimulated(what)) => {
            o.err(format!("berth: {what} is not simulated in this redis; strings, counters, keys, lists and hashes are"));
            o.exit_code = 1;
        }
        Ok(r) => {
            if matches!(r, Reply::Error(_)) && raw {
                o.exit_code = 1;
            }
            let text = if raw {
                format_raw(&r)
            } else {
                format_tty(&r, "")
            };
            for line in text.lines() {
                o.out(line);
            }
        }
        Err(e) => {
            o.err(e.to_string());
            o.exit_code = 1;
        }
    }
}

/// redis-cli.c `cliFormatReplyTTY`.
fn format_tty(r: &Reply, prefix: &str) -> String {
    match r {
        Reply::Status(s) => format!("{s}\n"),
        Reply::Bulk(Some(s)) => format!("{}\n", quoted(s)),
        Reply::Bulk(None) => "(nil)\n".to_string(),
        Reply::Integer(n) => format!("(integer) {n}\n"),
        Reply::Error(e) => format!("(error) {e}\n"),
        Reply::NotSimulated(_) => String::new(),
        Reply::Array(items) if items.is_empty() => "(empty array)\n".to_string(),
        Reply::Array(items) => {
            let width = items.len().to_string().len();
            let mut out = String::new();
            for (i, item) in items.iter().enumerate() {
                let label = format!("{:>width$}) ", i + 1);
                let inner_prefix = format!("{prefix}{}", " ".repeat(label.len()));
                if i > 0 {
                    out.push_str(prefix);
                }
                out.push_str(&label);
                out.push_str(&format_tty(item, &inner_prefix));
            }
            out
        }
    }
}

/// redis-cli.c `cliFormatReplyRaw`: values bare, one per line.
fn format_raw(r: &Reply) -> String {
    match r {
        Reply::Status(s) => format!("{s}\n"),
        Reply::Bulk(Some(s)) => format!("{s}\n"),
        Reply::Bulk(None) => "\n".to_string(),
        Reply::Integer(n) => format!("{n}\n"),
        Reply::Error(e) => format!("{e}\n"),
        Reply::NotSimulated(_) => String::new(),
        Reply::Array(items) => items.iter().map(format_raw).collect(),
    }
}

/// sds.c `sdscatrepr`: the value in double quotes, escapes for quotes and control bytes.
fn quoted(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\x{:02x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
