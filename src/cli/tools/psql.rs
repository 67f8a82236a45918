//! `psql` in the postgres image, as its Docker Hub page uses it (`docker exec -it
//! some-postgres psql -U postgres`; `docker run -it --rm --network some-network postgres psql
//! -h some-postgres -U postgres`): the connection (the socket in the server's own container,
//! or TCP to a server container by name, with its password prompt), the banner, the prompt
//! `db=# `, and what a first session types: `\l`, `\c DB`, `\dt`, `\du`, `\q`, `help`,
//! `SELECT version();`, `SELECT 1 + 1;`, `CREATE DATABASE x;`, `DROP DATABASE x;`, and
//! `psql -c 'SQL'`/`psql -l`. The databases live with the server ([`World::postgres_server`]).
//!
//! Texts: PostgreSQL `src/bin/psql` (`startup.c`: the banner `psql (%s)` and `Type "help"
//! for help.`; `mainloop.c`: `help`'s lines; `command.c`: `\c`'s `You are now connected to
//! database "%s" as user "%s".`, `invalid command \%s`, `Try \? for help.`, `Previous
//! connection kept`; `describe.c`: `\l`'s and `\du`'s columns, `Did not find any
//! relations.`; `prompt.c`: `%/%R%# `), `src/fe_utils/print.c` (the aligned table: centred
//! headers, `+` where a cell goes on, `(N rows)`), libpq `fe-connect.c` (`connection to server
//! on socket "%s" failed: `, `connection to server at "%s" (%s), port %s failed: `, `could not
//! translate host name`, `fe_sendauth: no password supplied`), the server's `FATAL:` and
//! `ERROR:` texts (`role "%s" does not exist`, `password authentication failed for user
//! "%s"`, `database "%s" does not exist`, `unrecognized configuration parameter "%s"`,
//! `syntax error at or near "%s"`). Locale `en_US.utf8`: the image's `LANG`.
//!
//! Not simulated: tables and rows (a statement on them answers with a `berth:` line), roles
//! beyond the superuser, `\?`, `\h`, `\conninfo`, `\x`, multi-line statements' `(` prompts.

use crate::cli::Output;
use crate::engine::docker::postgres::{PgError, Server};
use crate::engine::World;

/// The client's version as `psql --version` and the banner print it: `18.6 (Debian
/// 18.6-1.pgdg13+1)`.
pub type Version = String;

const SOCKET: &str = "/var/run/postgresql/.s.PGSQL.5432";

/// Where the client connects: the socket of its own container, or a server by name.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Via {
    Socket,
    Tcp { name: String, ip: String },
}

impl Via {
    /// libpq's `connection to server … failed: ` prefix.
    fn failed(&self) -> String {
        match self {
            Via::Socket => format!("connection to server on socket \"{SOCKET}\" failed: "),
            Via::Tcp { name, ip } => {
                format!("connection to server at \"{name}\" ({ip}), port 5432 failed: ")
            }
        }
    }

    fn label(&self) -> String {
        match self {
            Via::Socket => "-".to_string(),
            Via::Tcp { name, ip } => format!("{name}/{ip}"),
        }
    }

    fn parse(label: &str) -> Via {
        match label.split_once('/') {
            Some((name, ip)) => Via::Tcp {
                name: name.to_string(),
                ip: ip.to_string(),
            },
            None => Via::Socket,
        }
    }
}

/// An open session: the shell's name carries it (`psql SERVER USER DB VIA PASSWORD`), the
/// shell's variables what changed since (`pg:db`, `pg:auth`, `pg:buf`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    server: String,
    user: String,
    db: String,
    via: Via,
    /// The password the connection still waits for (empty: none).
    password: bool,
}

impl Session {
    /// The shell name that carries this session.
    fn shell(&self) -> String {
        format!(
            "psql {} {} {} {} {}",
            self.server,
            self.user,
            self.db,
            self.via.label(),
            u8::from(self.password)
        )
    }

    /// Reads a session back from its shell name and the shell's variables.
    pub fn of(shell: &str, vars: &Vars) -> Option<Session> {
        let mut words = shell.split(' ');
        if words.next() != Some("psql") {
            return None;
        }
        let server = words.next()?.to_string();
        let user = words.next()?.to_string();
        let opened_on = words.next().unwrap_or("postgres");
        let db = vars
            .get("pg:db")
            .cloned()
            .unwrap_or_else(|| opened_on.to_string());
        let via = Via::parse(words.next().unwrap_or("-"));
        let password = words.next() == Some("1") && !vars.contains_key("pg:auth");
        Some(Session {
            server,
            user,
            db,
            via,
            password,
        })
    }
}

/// The shell's variables, where the session keeps what changed.
pub type Vars = std::collections::BTreeMap<String, String>;

/// The prompt now: the password's, or `prompt.c`'s `%/%R%# ` (`=` or `-` while a statement
/// goes on; `#` for a superuser).
pub fn prompt(shell: &str, vars: &Vars) -> String {
    let Some(s) = Session::of(shell, vars) else {
        return String::new();
    };
    if s.password {
        return format!("Password for user {}: ", s.user);
    }
    let continuing = vars.get("pg:buf").is_some_and(|b| !b.trim().is_empty());
    format!("{}{}# ", s.db, if continuing { '-' } else { '=' })
}

/// `startup.c` `connection_warnings`, then `Type "help" for help.` and a blank line; a
/// newer server's major version draws the warning.
fn banner(client: &str, server: &str, o: &mut Output) {
    let major = |v: &str| -> u32 {
        v.split(['.', ' '])
            .next()
            .and_then(|m| m.parse().ok())
            .unwrap_or(0)
    };
    if client == server {
        o.out(format!("psql ({client})"));
    } else {
        o.out(format!("psql ({client}, server {server})"));
        if major(server) > major(client) {
            o.out(format!(
                "WARNING: psql major version {}, server major version {}.",
                major(client),
                major(server)
            ));
            o.out("         Some psql features might not work.");
        }
    }
    o.out("Type \"help\" for help.");
    o.out("");
}

/// The options of `psql`, as `startup.c` `parse_psql_options` reads them.
#[derive(Debug, Default)]
struct Options {
    user: Option<String>,
    host: Option<String>,
    db: Option<String>,
    command: Option<String>,
    list: bool,
    version: bool,
}

fn options(args: &[String]) -> Result<Options, String> {
    let mut o = Options::default();
    let mut positional = Vec::new();
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let mut value = |name: &str| {
            it.next()
                .cloned()
                .ok_or_else(|| format!("psql: option requires an argument -- '{name}'"))
        };
        match arg.as_str() {
            "-U" => o.user = Some(value("U")?),
            "-h" => o.host = Some(value("h")?),
            "-d" => o.db = Some(value("d")?),
            "-c" => o.command = Some(value("c")?),
            "-p" => {
                value("p")?;
            }
            "-l" | "--list" => o.list = true,
            "-V" | "--version" => o.version = true,
            "-W" | "-w" | "--password" | "--no-password" => {}
            a if a.starts_with("--username=") => o.user = a.get(11..).map(str::to_string),
            a if a.starts_with("--host=") => o.host = a.get(7..).map(str::to_string),
            a if a.starts_with("--dbname=") => o.db = a.get(9..).map(str::to_string),
            a if a.starts_with("--command=") => o.command = a.get(10..).map(str::to_string),
            a if a.starts_with("-U") && a.len() > 2 => o.user = a.get(2..).map(str::to_string),
            a if a.starts_with('-') => {
                return Err(format!(
                    "berth: psql's option {a} is not simulated; try -U USER, -h HOST, -d DB, -c SQL, -l"
                ))
            }
            a => positional.push(a.to_string()),
        }
    }
    let mut positional = positional.into_iter();
    if o.db.is_none() {
        o.db = positional.next();
    }
    if o.user.is_none() {
        o.user = positional.next();
    }
    Ok(o)
}

/// `psql ARGS…` run in container `id` as `os_user` (root, unless `docker exec -u`);
/// `client` is this image's psql version. With no `-c`/`-l`, on a terminal, the prompt opens
/// (the returned output's `enter_shell`).
pub fn run(
    world: &mut World,
    host: &str,
    id: &str,
    os_user: &str,
    args: &[String],
    client: &str,
    (tty, interactive): (bool, bool),
) -> Output {
    let mut o = Output::default();
    let opts = match options(args) {
        Ok(opts) => opts,
        Err(e) => {
            let code = if e.starts_with("berth:") { 1 } else { 2 };
            return Output::failed(e, code);
        }
    };
    if opts.version {
        o.out(format!("psql (PostgreSQL) {client}"));
        return o;
    }
    let user = opts.user.clone().unwrap_or_else(|| os_user.to_string());
    let db = opts.db.clone().unwrap_or_else(|| user.clone());
    let fail = |text: String| Output::failed(format!("psql: error: {text}"), 2);
    // Where the server is.
    let (via, server_key) = match opts.host.as_deref() {
        None | Some("") => (Via::Socket, id.to_string()),
        Some(name) => {
            let ip = match name {
                "localhost" | "127.0.0.1" => Some(std::net::Ipv4Addr::LOCALHOST),
                n => n
                    .parse()
                    .ok()
                    .or_else(|| match world.dns_lookup(host, id, n) {
                        Ok(crate::engine::lab::sandbox::Lookup::Found { addresses, .. }) => {
                            addresses.first().copied()
                        }
                        _ => None,
                    }),
            };
            let Some(ip) = ip else {
                return fail(format!(
                    "could not translate host name \"{name}\" to address: Name or service not known"
                ));
            };
            let key = if ip.is_loopback() {
                Some(id.to_string())
            } else {
                world
                    .host(host)
                    .ok()
                    .and_then(|h| h.container_with_ip(ip))
                    .map(|c| c.id.clone())
            };
            let via = Via::Tcp {
                name: name.to_string(),
                ip: ip.to_string(),
            };
            match key {
                Some(key) => (via, key),
                None => {
                    return fail(format!(
                        "{}Connection refused\n\tIs the server running on that host and accepting TCP/IP connections?",
                        via.failed()
                    ))
                }
            }
        }
    };
    let Some(server) = world.postgres_server(host, &server_key) else {
        return fail(match &via {
            Via::Socket => format!(
                "{}No such file or directory\n\tIs the server running locally and accepting connections on that socket?",
                via.failed()
            ),
            Via::Tcp { .. } => format!(
                "{}Connection refused\n\tIs the server running on that host and accepting TCP/IP connections?",
                via.failed()
            ),
        });
    };
    // The image's pg_hba.conf: trust on the socket and on 127.0.0.1, a password over TCP.
    let needs_password = matches!(&via, Via::Tcp { ip, .. } if ip != "127.0.0.1") && !server.trust;
    if !needs_password {
        if let Err(e) = admit(&server, &user, &db) {
            return fail(format!("{}{e}", via.failed()));
        }
    } else if !(tty && interactive) || opts.command.is_some() || opts.list {
        // No terminal to ask on (and no PGPASSWORD in Berth).
        return fail(format!("{}fe_sendauth: no password supplied", via.failed()));
    }
    let session = Session {
        server: server.id.clone(),
        user,
        db,
        via,
        password: needs_password,
    };
    if opts.list {
        let mut vars = Vars::new();
        return list(&server, &mut vars, &session);
    }
    if let Some(sql) = &opts.command {
        let mut vars = Vars::new();
        return line(
            world,
            host,
            &session.shell(),
            &mut vars,
            &format!("{sql};"),
            client,
        );
    }
    if !interactive {
        // Standard input closed: psql reads its end and exits.
        return o;
    }
    if !needs_password {
        banner(client, &server_version(world, host, &server.id), &mut o);
    }
    o.enter_shell = Some(Box::new(crate::cli::EnterShell {
        container_id: id.to_string(),
        shell: session.shell(),
        main_process: false,
        prompt: String::new(),
        user: None,
        workdir: None,
    }));
    o
}

/// The server's version, as its own psql would print it.
fn server_version(world: &World, host: &str, id: &str) -> String {
    world
        .container_lookup(host, id)
        .ok()
        .map(|c| client_version(&c.image.repository, &c.image.tag, world.image_entry(c)))
        .unwrap_or_default()
}

/// psql's version in a postgres image: its tag's version (`18.6`), and on Debian the
/// package's (`PG_VERSION`'s form: `18.6-1.pgdg13+1` on trixie, `pgdg12+1` on bookworm).
pub fn client_version(
    repository: &str,
    tag: &str,
    image: Option<&crate::engine::docker::image::ImageConfig>,
) -> String {
    let from_tags = crate::engine::docker::image::official::find(repository, tag)
        .ok()
        .and_then(|b| {
            b.tags()
                .iter()
                .map(|t| {
                    t.chars()
                        .take_while(|c| c.is_ascii_digit() || *c == '.')
                        .collect::<String>()
                })
                .find(|v| v.matches('.').count() == 1)
        });
    let env = image
        .and_then(|i| i.env_value("PG_VERSION"))
        .unwrap_or("18.6-1.pgdg13+1");
    let version = from_tags.unwrap_or_else(|| env.split('-').next().unwrap_or("18.6").to_string());
    if tag.contains("alpine") {
        version
    } else if tag.contains("bookworm") {
        format!("{version} (Debian {version}-1.pgdg12+1)")
    } else {
        format!("{version} (Debian {version}-1.pgdg13+1)")
    }
}

/// The server's checks once authenticated: the role, then the database.
fn admit(server: &Server, user: &str, db: &str) -> Result<(), String> {
    if user != server.superuser {
        return Err(format!("FATAL:  role \"{user}\" does not exist"));
    }
    if !server.databases.iter().any(|d| d == db) {
        return Err(format!("FATAL:  database \"{db}\" does not exist"));
    }
    Ok(())
}

/// One line typed at psql's prompt (`shell` carries the session).
pub fn line(
    world: &mut World,
    host: &str,
    shell: &str,
    vars: &mut Vars,
    input: &str,
    client: &str,
) -> Output {
    let mut o = Output::default();
    let Some(session) = Session::of(shell, vars) else {
        o.exit_shell = true;
        return o;
    };
    let Some(server) = world.postgres_server(host, &session.server) else {
        // The server stopped: libpq's words for a lost connection.
        o.err("server closed the connection unexpectedly");
        o.err("\tThis probably means the server terminated abnormally");
        o.err("\tbefore or while processing the request.");
        o.exit_shell = true;
        o.exit_code = 2;
        return o;
    };
    if session.password {
        // The typed password (never echoed).
        if input.is_empty() {
            o.err(format!(
                "psql: error: {}fe_sendauth: no password supplied",
                session.via.failed()
            ));
        } else if input != server.password || session.user != server.superuser {
            o.err(format!(
                "psql: error: {}FATAL:  password authentication failed for user \"{}\"",
                session.via.failed(),
                session.user
            ));
        } else if let Err(e) = admit(&server, &session.user, &session.db) {
            o.err(format!("psql: error: {}{e}", session.via.failed()));
        } else {
            vars.insert("pg:auth".to_string(), "1".to_string());
            banner(client, &server_version(world, host, &server.id), &mut o);
            return o;
        }
        o.exit_code = 2;
        o.exit_shell = true;
        return o;
    }
    let trimmed = input.trim();
    let buffer = vars.get("pg:buf").cloned().unwrap_or_default();
    if buffer.trim().is_empty() {
        match trimmed {
            "" => return o,
            // `mainloop.c`: `help`, `exit` and `quit` alone on a line.
            "help" => {
                for l in [
                    "You are using psql, the command-line interface to PostgreSQL.",
                    "Type:  \\copyright for distribution terms",
                    "       \\h for help with SQL commands",
                    "       \\? for help with psql commands",
                    "       \\g or terminate with semicolon to execute query",
                    "       \\q to quit",
                ] {
                    o.out(l);
                }
                return o;
            }
            "exit" | "quit" => {
                o.exit_shell = true;
                return o;
            }
            _ => {}
        }
    }
    if let Some(command) = trimmed.strip_prefix('\\') {
        return backslash(&server, &session, vars, command);
    }
    // Statements run at each `;`; the rest waits for the next line.
    let text = if buffer.is_empty() {
        input.to_string()
    } else {
        format!("{buffer}\n{input}")
    };
    if text.len() > 16_384 {
        vars.remove("pg:buf");
        return Output::failed("berth: this statement is too long for Berth's psql", 1);
    }
    let mut rest = text.as_str();
    while let Some(at) = rest.find(';') {
        let (statement, after) = rest.split_at(at);
        rest = after.get(1..).unwrap_or("");
        let ran = sql(world, host, &server, &session, statement.trim());
        o.lines.extend(ran.lines);
        if ran.exit_code != 0 {
            o.exit_code = ran.exit_code;
        }
    }
    if rest.trim().is_empty() {
        vars.remove("pg:buf");
    } else {
        vars.insert("pg:buf".to_string(), rest.to_string());
    }
    o
}

fn backslash(server: &Server, session: &Session, vars: &mut Vars, command: &str) -> Output {
    let mut words = command.split_whitespace();
    let name = words.next().unwrap_or("");
    let arg = words.next();
    let mut o = Output::default();
    match (name, arg) {
        ("q", _) => o.exit_shell = true,
        ("l" | "list", None) => return list(server, vars, session),
        ("dt" | "d" | "dt+" | "d+", _) => o.err("Did not find any relations."),
        ("du" | "dg", None) => {
            let rows = vec![vec![
                server.superuser.clone(),
                "Superuser, Create role, Create DB, Replication, Bypass RLS".to_string(),
            ]];
            table(
                &mut o,
                Some("List of roles"),
                &["Role name", "Attributes"],
                &rows,
                &[false, false],
                None,
            );
        }
        ("c" | "connect", target) => {
            let db = target.unwrap_or(&session.db).to_string();
            if server.databases.contains(&db) {
                o.out(format!(
                    "You are now connected to database \"{db}\" as user \"{}\".",
                    session.user
                ));
                vars.insert("pg:db".to_string(), db);
            } else {
                o.err(format!(
                    "{}FATAL:  database \"{db}\" does not exist",
                    session.via.failed()
                ));
                o.err("Previous connection kept");
                o.exit_code = 1;
            }
        }
        ("?" | "h" | "help" | "conninfo" | "x" | "timing" | "l+" | "du+" | "i" | "copy", _) => {
            o.err(format!(
                "berth: psql's \\{name} is not simulated; try \\l, \\c DB, \\dt, \\du, \\q, help"
            ));
            o.exit_code = 1;
        }
        _ => {
            o.err(format!("invalid command \\{name}"));
            o.err("Try \\? for help.");
            o.exit_code = 1;
        }
    }
    o
}

/// `\l`: `describe.c` `listAllDbs`.
fn list(server: &Server, _vars: &mut Vars, _session: &Session) -> Output {
    let mut o = Output::default();
    let owner = &server.superuser;
    let rows: Vec<Vec<String>> = server
        .databases
        .iter()
        .map(|d| {
            let privileges = if d.starts_with("template") {
                format!("=c/{owner}\n{owner}=CTc/{owner}")
            } else {
                String::new()
            };
            vec![
                d.clone(),
                owner.clone(),
                "UTF8".to_string(),
                "libc".to_string(),
                "en_US.utf8".to_string(),
                "en_US.utf8".to_string(),
                String::new(),
                String::new(),
                privileges,
            ]
        })
        .collect();
    table(
        &mut o,
        Some("List of databases"),
        &[
            "Name", "Owner", "Encoding", "Locale Provider", "Collate", "Ctype", "Locale",
            "ICU Rules", "Access privileges",
        ],
        &rows,
        &[false; 9],
        Some(rows.len()),
    );
    o
}

/// `print.c` `print_aligned_text` with `border 1`: a centred title, centred headers, cells
/// padded (numbers to the right), `+` where a cell goes on to the next line, the last
/// column unpadded, then `(N rows)` and a blank line.
fn table(
    o: &mut Output,
    title: Option<&str>,
    headers: &[&str],
    rows: &[Vec<String>],
    numeric: &[bool],
    count: Option<usize>,
) {
    let len = |s: &str| s.chars().count();
    let widths: Vec<usize> = headers
        .iter()
        .enumerate()
        .map(|(i, h)| {
            rows.iter()
                .filter_map(|r| r.get(i))
                .flat_map(|c| c.split('\n'))
                .map(len)
                .chain([len(h)])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let total: usize = widths.iter().map(|w| w + 2).sum::<usize>() + widths.len().saturating_sub(1);
    if let Some(title) = title {
        o.out(format!(
            "{}{title}",
            " ".repeat(total.saturating_sub(len(title)) / 2)
        ));
    }
    let header: Vec<String> = headers
        .iter()
        .zip(&widths)
        .map(|(h, w)| {
            let left = (w - len(h)) / 2;
            format!(" {}{h}{} ", " ".repeat(left), " ".repeat(w - len(h) - left))
        })
        .collect();
    o.out(header.join("|"));
    let rule: Vec<String> = widths.iter().map(|w| "-".repeat(w + 2)).collect();
    o.out(rule.join("+"));
    let last = headers.len().saturating_sub(1);
    for row in rows {
        let cells: Vec<Vec<&str>> = row.iter().map(|c| c.split('\n').collect()).collect();
        let height = cells.iter().map(Vec::len).max().unwrap_or(1);
        for k in 0..height {
            let mut line = String::new();
            for (i, w) in widths.iter().enumerate() {
                let cell = cells.get(i);
                let text = cell.and_then(|c| c.get(k)).copied().unwrap_or("");
                let more = cell.is_some_and(|c| c.len() > k + 1);
                if i > 0 {
                    line.push('|');
                }
                line.push(' ');
                let pad = " ".repeat(w - len(text));
                if numeric.get(i).copied().unwrap_or(false) {
                    line.push_str(&pad);
                    line.push_str(text);
                } else {
                    line.push_str(text);
                    if i < last || more {
                        line.push_str(&pad);
                    }
                }
                if more {
                    line.push('+');
                } else if i < last {
                    line.push(' ');
                }
            }
            o.out(line);
        }
    }
    if let Some(n) = count {
        o.out(if n == 1 {
            "(1 row)".to_string()
        } else {
            format!("({n} rows)")
        });
    }
    o.out("");
}

/// One SQL statement (without its `;`).
fn sql(
    world: &mut World,
    host: &str,
    server: &Server,
    session: &Session,
    statement: &str,
) -> Output {
    let mut o = Output::default();
    if statement.is_empty() {
        return o;
    }
    let words: Vec<&str> = statement.split_whitespace().collect();
    let upper: Vec<String> = words.iter().map(|w| w.to_ascii_uppercase()).collect();
    let upper: Vec<&str> = upper.iter().map(String::as_str).collect();
    let name = |w: Option<&&str>| {
        w.map(|n| n.trim_matches('"').to_string())
            .unwrap_or_default()
    };
    let error = |o: &mut Output, text: String| {
        o.err(format!("ERROR:  {text}"));
        o.exit_code = 1;
    };
    match upper.as_slice() {
        ["CREATE", "DATABASE", _] => {
            let db = name(words.get(2));
            match world.postgres_create_database(host, &server.id, &db) {
                Ok(Ok(())) => o.out("CREATE DATABASE"),
                Ok(Err(e)) => error(&mut o, e.to_string()),
                Err(_) => error(&mut o, "berth: the server is gone".to_string()),
            }
        }
        ["DROP", "DATABASE", rest @ ..] if !rest.is_empty() => {
            let if_exists = rest.starts_with(&["IF", "EXISTS"]);
            let db = name(words.last());
            match world.postgres_drop_database(host, &server.id, &db, &session.db) {
                Ok(Ok(())) => o.out("DROP DATABASE"),
                Ok(Err(PgError::Missing(_))) if if_exists => {
                    o.err(format!(
                        "NOTICE:  database \"{db}\" does not exist, skipping"
                    ));
                    o.out("DROP DATABASE");
                }
                Ok(Err(PgError::Kept(d))) => {
                    o.err(format!("berth: Berth keeps the server's own database \"{d}\"; DROP DATABASE drops those you created"));
                    o.exit_code = 1;
                }
                Ok(Err(e)) => error(&mut o, e.to_string()),
                Err(_) => error(&mut o, "berth: the server is gone".to_string()),
            }
        }
        ["SELECT", ..] => select(&mut o, server, session, statement, world, host),
        ["SHOW", param] => {
            let param = param.to_ascii_lowercase();
            match param.as_str() {
                "server_version" => {
                    let v = server_version(world, host, &server.id);
                    table(
                        &mut o,
                        None,
                        &["server_version"],
                        &[vec![v]],
                        &[false],
                        Some(1),
                    );
                }
                // Unquoted names fold to lower case.
                _ => error(
                    &mut o,
                    format!("unrecognized configuration parameter \"{param}\""),
                ),
            }
        }
        [first, ..] if !KEYWORDS.contains(first) => {
            // The parser stops at the first word it cannot start a statement with.
            let word = words.first().copied().unwrap_or("");
            error(&mut o, format!("syntax error at or near \"{word}\""));
            o.err(format!("LINE 1: {statement};"));
            o.err(format!("{}^", " ".repeat(8)));
        }
        _ => {
            o.err("berth: only databases are simulated in this postgres (\\l, CREATE DATABASE, DROP DATABASE, \\c DB, SELECT version();): tables and rows are not");
            o.exit_code = 1;
        }
    }
    o
}

/// SQL's statement keywords (a statement starting otherwise is a syntax error).
const KEYWORDS: &[&str] = &[
    "SELECT", "INSERT", "UPDATE", "DELETE", "CREATE", "DROP", "ALTER", "GRANT", "REVOKE", "SHOW",
    "SET", "BEGIN", "COMMIT", "ROLLBACK", "TRUNCATE", "COPY", "EXPLAIN", "WITH", "VALUES", "TABLE",
    "VACUUM", "ANALYZE", "COMMENT", "START", "END", "RESET", "LISTEN", "NOTIFY", "PREPARE",
    "EXECUTE", "DEALLOCATE", "LOCK", "REINDEX", "CLUSTER", "CHECKPOINT", "DISCARD", "DO", "CALL",
    "FETCH", "MOVE", "CLOSE", "DECLARE", "IMPORT", "LOAD", "MERGE", "REFRESH", "SECURITY", "ABORT",
];

/// `SELECT version()`, `current_database()`, `current_user`, a number, a string or simple
/// arithmetic, with an optional `AS name`.
fn select(
    o: &mut Output,
    server: &Server,
    session: &Session,
    statement: &str,
    world: &World,
    host: &str,
) {
    let body = statement.get(6..).unwrap_or("").trim();
    let (expr, alias) = match body.to_ascii_lowercase().rfind(" as ") {
        Some(at) => (
            body.get(..at).unwrap_or("").trim(),
            Some(
                body.get(at + 4..)
                    .unwrap_or("")
                    .trim()
                    .trim_matches('"')
                    .to_string(),
            ),
        ),
        None => (body, None),
    };
    let lower = expr.to_ascii_lowercase().replace(' ', "");
    let (column, value, numeric) = match lower.as_str() {
        "version()" => {
            let v = server_version(world, host, &server.id);
            (
                "version",
                format!("PostgreSQL {v} on x86_64-pc-linux-gnu, compiled by gcc (Debian 14.2.0-19) 14.2.0, 64-bit"),
                false,
            )
        }
        "current_database()" => ("current_database", session.db.clone(), false),
        "current_user" | "user" | "session_user" => ("current_user", session.user.clone(), false),
        _ => match simple_value(expr) {
            Some((v, numeric)) => ("?column?", v, numeric),
            None => {
                o.err("berth: only SELECT of a number, a string, simple arithmetic, version(), current_database() or current_user is simulated");
                o.exit_code = 1;
                return;
            }
        },
    };
    let column = alias.unwrap_or_else(|| column.to_string());
    table(o, None, &[&column], &[vec![value]], &[numeric], Some(1));
}

/// A literal or integer arithmetic: its text and whether it is a number.
fn simple_value(expr: &str) -> Option<(String, bool)> {
    use super::script::{self, Expr, Lang, Op, Statement};
    let parsed = script::parse(expr, Lang::Python).ok()?;
    let [Statement::Expr(node)] = parsed.as_slice() else {
        return None;
    };
    fn eval(e: &Expr) -> Option<Result<i64, String>> {
        match e {
            Expr::Int(i) => Some(Ok(i64::try_from(*i).ok()?)),
            Expr::Str(s) => Some(Err(s.clone())),
            Expr::Unary(Op::Neg, a) => match eval(&a.expr)? {
                Ok(i) => Some(Ok(i.checked_neg()?)),
                Err(_) => None,
            },
            Expr::Binary(op, a, b, _) => {
                let (Ok(x), Ok(y)) = (eval(&a.expr)?, eval(&b.expr)?) else {
                    return None;
                };
                Some(Ok(match op {
                    Op::Add => x.checked_add(y)?,
                    Op::Sub => x.checked_sub(y)?,
                    Op::Mul => x.checked_mul(y)?,
                    Op::Div if y != 0 => x.checked_div(y)?,
                    Op::Mod if y != 0 => x.checked_rem(y)?,
                    _ => return None,
                }))
            }
            _ => None,
        }
    }
    match eval(&node.expr)? {
        Ok(i) => Some((i.to_string(), true)),
        Err(s) => Some((s, false)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(o: &Output) -> Vec<String> {
        o.lines.iter().map(|l| l.text.clone()).collect()
    }

    #[test]
    fn tables_are_aligned_as_psql_prints_them() {
        let mut o = Output::default();
        table(
            &mut o,
            None,
            &["?column?"],
            &[vec!["2".to_string()]],
            &[true],
            Some(1),
        );
        assert_eq!(
            texts(&o),
            [" ?column? ", "----------", "        2", "(1 row)", ""]
        );
        let server = Server {
            id: "x".to_string(),
            superuser: "postgres".to_string(),
            password: String::new(),
            trust: false,
            databases: vec!["postgres".into(), "template0".into(), "template1".into()],
        };
        let session = Session {
            server: "x".into(),
            user: "postgres".into(),
            db: "postgres".into(),
            via: Via::Socket,
            password: false,
        };
        let o = list(&server, &mut Vars::new(), &session);
        let lines = texts(&o);
        assert_eq!(lines[0], format!("{}List of databases", " ".repeat(52)));
        assert_eq!(lines[1], "   Name    |  Owner   | Encoding | Locale Provider |  Collate   |   Ctype    | Locale | ICU Rules |   Access privileges   ");
        assert_eq!(lines[3], " postgres  | postgres | UTF8     | libc            | en_US.utf8 | en_US.utf8 |        |           | ");
        assert_eq!(lines[4], " template0 | postgres | UTF8     | libc            | en_US.utf8 | en_US.utf8 |        |           | =c/postgres          +");
        assert_eq!(lines[5], "           |          |          |                 |            |            |        |           | postgres=CTc/postgres");
        assert_eq!(lines[8], "(3 rows)");
        assert_eq!(Session::of(&session.shell(), &Vars::new()), Some(session));
    }
}
