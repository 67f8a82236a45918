//! The `mysql` client (MySQL 8.x/9.x `client/mysql.cc`) in a container that has it, talking
//! to a MySQL server container as Docker's workshop (part 7: `docker exec -it <mysql-id>
//! mysql -u root -p`, `mysql -p todos`, `select * from todo_items;`) and the image's Docker Hub
//! page (`mysql -h some-mysql -u example-user -p`, `-e "SQL"`) use it. The server's data is
//! the engine's (`engine::docker::apps::todo`): its databases are folders of its data
//! directory, its tables files there.
//!
//! - Options: `-u`/`--user`, `-p`/`--password` (alone: `Enter password: ` is the prompt and
//!   the next typed line the password; with a value: the warning mysql prints on stderr),
//!   `-h`/`--host`, `-P`/`--port`, `-D`/`--database` or a trailing database name,
//!   `-e`/`--execute`, `-t`, `-B`, `--version`/`-V`. Without `-h` the client uses the local
//!   server's socket (as root in the container: `'root'@'localhost'`).
//! - The monitor: the banner, `mysql> ` (`    -> ` while a statement is open), a statement
//!   ends at `;`; `use DB`, `exit`, `quit` and `\q` need none. Results are mysql's boxed
//!   tables (numbers to the right) with `N rows in set (0.00 sec)`; `-e` prints the same
//!   table on a terminal without that line, tab-separated rows without one.
//! - SQL: `SHOW DATABASES`, `SHOW TABLES`, `USE db`, `SELECT * FROM [db.]table`, `SELECT
//!   VERSION()`, `SELECT DATABASE()`, `CREATE DATABASE [IF NOT EXISTS] db`; anything else is a
//!   `berth:` line naming those. Errors are the server's (`ERROR 1045 (28000): …`).
//!
//! Texts: the banner, `Bye`, the password warning and the table format as MySQL 8.0 prints
//! them (mysql.cc `put_info`, `print_table_data`; checked against real 8.0 sessions and
//! Docker's workshop page). Not simulated: the MariaDB client's own banner (`mariadb` says
//! so), `\G`, `WHERE`, writes other than `CREATE DATABASE`, the connection id counter (the
//! first of a fresh server, 8, every time), the password echoed by the terminal.

use crate::cli::follow::{Follow, FollowKind, Polled};
use crate::cli::Output;
use crate::engine::docker::apps::table::{Table, Value};
use crate::engine::docker::apps::todo::{MysqlError, TodoError};
use crate::engine::docker::caller::Caller;
use crate::engine::World;

/// What a client without a terminal to read from says (a container's main process, `docker
/// exec` without `-i`).
const MAIN_PROCESS: &str = "berth: the mysql monitor runs here with `docker exec -it CONTAINER mysql -p` or at a container's shell; as a container's command or without -i it takes -pPASSWORD and -e SQL";

/// A statement may hold this many bytes before the monitor drops it.
const MAX_STATEMENT: usize = 64 * 1024;

/// An open `mysql` monitor: the follow that reads the terminal's lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Monitor {
    /// The container the client runs in, and the server's full ID.
    pub client: String,
    pub server: String,
    pub user: String,
    /// How the server sees the client (`localhost`, or the client's address).
    pub from: String,
    pub database: Option<String>,
    /// `Enter password: ` is still the prompt.
    pub asking_password: bool,
    /// The statement typed so far.
    pub pending: String,
}

/// The options the client was given.
#[derive(Default)]
struct Options {
    user: Option<String>,
    /// `Some(None)`: `-p` alone, prompt for it.
    password: Option<Option<String>>,
    host: Option<String>,
    database: Option<String>,
    execute: Option<String>,
    table: bool,
    batch: bool,
    version: bool,
}

fn parse(args: &[&str]) -> Result<Options, String> {
    let mut o = Options::default();
    let mut it = args.iter().copied();
    while let Some(arg) = it.next() {
        let mut value = |inline: &str| -> Result<String, String> {
            if inline.is_empty() {
                it.next()
                    .map(str::to_string)
                    .ok_or_else(|| format!("mysql: option '{arg}' requires an argument."))
            } else {
                Ok(inline.to_string())
            }
        };
        if let Some(long) = arg.strip_prefix("--") {
            let (name, inline) = long.split_once('=').unwrap_or((long, ""));
            match name {
                "user" => o.user = Some(value(inline)?),
                "password" => o.password = Some((!inline.is_empty()).then(|| inline.to_string())),
                "host" => o.host = Some(value(inline)?),
                "port" => {
                    value(inline)?;
                }
                "database" => o.database = Some(value(inline)?),
                "execute" => o.execute = Some(value(inline)?),
                "table" => o.table = true,
                "batch" | "silent" | "skip-column-names" => o.batch = true,
                "version" => o.version = true,
                _ => return Err(format!("mysql: [ERROR] unknown option '{arg}'.")),
            }
            continue;
        }
        let Some(flags) = arg.strip_prefix('-').filter(|f| !f.is_empty()) else {
            o.database = Some(arg.to_string());
            continue;
        };
        let (flag, rest) = flags.split_at(flags.chars().next().map_or(0, char::len_utf8));
        match flag {
            "u" => o.user = Some(value(rest)?),
            "p" => o.password = Some((!rest.is_empty()).then(|| rest.to_string())),
            "h" => o.host = Some(value(rest)?),
            "P" => {
                value(rest)?;
            }
            "D" => o.database = Some(value(rest)?),
            "e" => o.execute = Some(value(rest)?),
            "t" => o.table = true,
            "B" | "s" | "N" => o.batch = true,
            "V" => o.version = true,
            _ => return Err(format!("mysql: [ERROR] unknown option '-{flag}'.")),
        }
    }
    Ok(o)
}

/// The server's version: the tag's build in the official images' table (`mysql:8.0` is
/// 8.0.46), else its image's `MYSQL_VERSION`.
pub fn server_version(world: &World, host: &str, server: &str) -> String {
    let Ok(c) = world.container_lookup(host, server) else {
        return String::new();
    };
    let from_tag = crate::engine::docker::image::official::repository(&c.image.repository)
        .and_then(|r| {
            r.builds
                .into_iter()
                .find(|b| b.contains(&c.image.tag.as_str()))
                .and_then(|b| b.first().map(|t| t.to_string()))
        })
        .filter(|v| v.starts_with(|ch: char| ch.is_ascii_digit()));
    from_tag
        .or_else(|| {
            world
                .image_entry(c)
                .and_then(|i| i.env_value("MYSQL_VERSION"))
                .map(|v| v.split('-').next().unwrap_or(v).to_string())
        })
        .unwrap_or_default()
}

/// `mysql ARGS` in container `id`.
pub fn client(
    world: &mut World,
    host: &str,
    id: &str,
    program: &str,
    args: &[&str],
    (tty, interactive): (bool, bool),
) -> Output {
    if program == "mariadb" {
        return Output::failed("berth: the `mariadb` client is not simulated; the mysql image's `mysql` client is (docker exec -it CONTAINER mysql -u root -p)", 1);
    }
    let o = match parse(args) {
        Ok(o) => o,
        Err(e) => return Output::failed(e, 1),
    };
    let mut out = Output::default();
    if o.version {
        let own = world.is_mysql_server(host, id);
        let v = if own {
            server_version(world, host, id)
        } else {
            String::new()
        };
        out.out(format!(
            "mysql  Ver {} for Linux on x86_64 (MySQL Community Server - GPL)",
            if v.is_empty() {
                "8.0.46".to_string()
            } else {
                v
            }
        ));
        return out;
    }
    // mysql warns as it reads its options, before it connects.
    if let Some(Some(_)) = &o.password {
        out.err("mysql: [Warning] Using a password on the command line interface can be insecure.");
    }
    let failed = |mut out: Output, text: String| {
        out.err(text);
        out.exit_code = 1;
        out
    };
    // The server: over TCP to `-h`, else the local socket.
    let (server, from) = match &o.host {
        Some(name) if name != "localhost" => match world.mysql_server_from(host, id, name) {
            Ok(s) => {
                let ip = world
                    .container_interfaces(host, id)
                    .ok()
                    .and_then(|i| i.first().map(|i| i.ip.to_string()))
                    .unwrap_or_default();
                (s, ip)
            }
            Err(TodoError::Unresolved(_)) => {
                return failed(out, format!("ERROR 2005 (HY000): Unknown MySQL server host '{name}' (-2)"))
            }
            Err(_) => {
                return failed(out, format!("ERROR 2003 (HY000): Can't connect to MySQL server on '{name}:3306' (111)"))
            }
        },
        _ if world.is_mysql_server(host, id) => (id.to_string(), "localhost".to_string()),
        _ => return failed(out, "ERROR 2002 (HY000): Can't connect to local MySQL server through socket '/var/run/mysqld/mysqld.sock' (2)".to_string()),
    };
    // MariaDB's server answers its own client's banner and prompt (`MariaDB [(none)]>`).
    let mariadb = world
        .container_lookup(host, &server)
        .ok()
        .and_then(|c| world.image_entry(c))
        .is_some_and(|i| i.program == "mariadb");
    if mariadb {
        return failed(out, "berth: a MariaDB server's client session is not simulated; the mysql image's server and client are (mysql:8.0)".to_string());
    }
    let user = o.user.clone().unwrap_or_else(|| "root".to_string());
    let mut monitor = Monitor {
        client: id.to_string(),
        server,
        user,
        from,
        database: o.database.clone(),
        asking_password: false,
        pending: String::new(),
    };
    let password = match &o.password {
        Some(Some(p)) => p.clone(),
        Some(None) if interactive => {
            // The password is the next line the terminal reads.
            monitor.asking_password = true;
            out.follow = Some(Box::new(Follow::new(
                host,
                &Caller::daemon(),
                FollowKind::Mysql(Box::new(monitor.with_mode(o.execute.clone(), tty))),
            )));
            return out;
        }
        Some(None) => {
            out.err(MAIN_PROCESS);
            out.exit_code = 1;
            return out;
        }
        None => String::new(),
    };
    let logged = monitor.login(world, host, &password, interactive && o.execute.is_none());
    out.lines.extend(logged.lines);
    if logged.exit_code != 0 {
        out.exit_code = logged.exit_code;
        return out;
    }
    match &o.execute {
        Some(sql) => {
            let shown = if o.batch { false } else { tty || o.table };
            let r = monitor.run_all(world, host, sql, Mode::Execute { table: shown });
            out.lines.extend(r.lines);
            out.exit_code = r.exit_code;
        }
        None if interactive => {
            out.follow = Some(Box::new(Follow::new(
                host,
                &Caller::daemon(),
                FollowKind::Mysql(Box::new(monitor)),
            )));
        }
        // `docker run -it mysql mysql -h …`: the monitor as a container's main process.
        None if tty => {
            out.err(MAIN_PROCESS);
            out.exit_code = 1;
        }
        None => {}
    }
    out
}

/// How results are printed.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// The monitor: tables and their `N rows in set` line.
    Monitor,
    /// `-e`: a table on a terminal (`table`), else tab-separated rows.
    Execute { table: bool },
}

impl Monitor {
    /// The monitor with a statement to run once logged in (`-p -e SQL`): kept in `pending`
    /// with a marker, as the follow has nowhere else to keep it.
    fn with_mode(mut self, execute: Option<String>, tty: bool) -> Monitor {
        if let Some(sql) = execute {
            self.pending = format!("{}{sql}", if tty { EXEC_TTY } else { EXEC_PLAIN });
        }
        self
    }

    /// Logs in; on success with `banner`, what the monitor prints first.
    fn login(&mut self, world: &World, host: &str, password: &str, banner: bool) -> Output {
        let mut o = Output::default();
        if !world.mysql_login(host, &self.server, &self.user, password) {
            o.err(format!(
                "ERROR 1045 (28000): Access denied for user '{}'@'{}' (using password: {})",
                self.user,
                self.from,
                if password.is_empty() { "NO" } else { "YES" }
            ));
            o.exit_code = 1;
            return o;
        }
        if let Some(db) = &self.database {
            match world.mysql_tables(host, &self.server, db) {
                Err(_) => {
                    o.err(format!("ERROR 1049 (42000): Unknown database '{db}'"));
                    o.exit_code = 1;
                    return o;
                }
                Ok(tables) if banner && !tables.is_empty() => reading_tables(&mut o),
                Ok(_) => {}
            }
        }
        if banner {
            let version = server_version(world, host, &self.server);
            o.out("Welcome to the MySQL monitor.  Commands end with ; or \\g.");
            o.out("Your MySQL connection id is 8");
            o.out(format!(
                "Server version: {version} MySQL Community Server - GPL"
            ));
            o.out("");
            o.out("Copyright (c) 2000, 2026, Oracle and/or its affiliates.");
            o.out("");
            o.out("Oracle is a registered trademark of Oracle Corporation and/or its");
            o.out("affiliates. Other names may be trademarks of their respective");
            o.out("owners.");
            o.out("");
            o.out(
                "Type 'help;' or '\\h' for help. Type '\\c' to clear the current input statement.",
            );
            o.out("");
        }
        o
    }

    /// The terminal's prompt.
    pub fn prompt(&self) -> &'static str {
        if self.asking_password {
            "Enter password: "
        } else if self.pending.trim().is_empty() {
            "mysql> "
        } else {
            "    -> "
        }
    }

    /// A line typed at the monitor.
    pub fn input(&mut self, world: &mut World, host: &str, line: &str) -> Polled {
        if self.asking_password {
            self.asking_password = false;
            let execute = self
                .pending
                .strip_prefix(EXEC_TTY)
                .map(|s| (s.to_string(), true))
                .or_else(|| {
                    self.pending
                        .strip_prefix(EXEC_PLAIN)
                        .map(|s| (s.to_string(), false))
                });
            self.pending.clear();
            let mut o = self.login(world, host, line, execute.is_none());
            if o.exit_code != 0 {
                return ended(o);
            }
            if let Some((sql, table)) = execute {
                let r = self.run_all(world, host, &sql, Mode::Execute { table });
                o.lines.extend(r.lines);
                o.exit_code = r.exit_code;
                return ended(o);
            }
            return Polled {
                output: o,
                ended: false,
                replaces: 0,
            };
        }
        let trimmed = line.trim();
        if self.pending.trim().is_empty() {
            let word = trimmed.trim_end_matches(';').trim();
            if matches!(word.to_ascii_lowercase().as_str(), "exit" | "quit" | "\\q") {
                let mut o = Output::default();
                o.out("Bye");
                return ended(o);
            }
            // `use` is the client's own command: no `;` needed.
            if word.len() > 4
                && word
                    .get(..4)
                    .is_some_and(|w| w.eq_ignore_ascii_case("use "))
            {
                let o = self.run_all(world, host, &format!("{word};"), Mode::Monitor);
                return open(o);
            }
        }
        if trimmed.is_empty() && self.pending.trim().is_empty() {
            return open(Output::default());
        }
        if self.pending.len() + line.len() > MAX_STATEMENT {
            self.pending.clear();
            return open(Output::failed(
                "berth: the statement is too long for Berth's mysql; it was dropped",
                1,
            ));
        }
        self.pending.push_str(line);
        self.pending.push('\n');
        let Some(end) = self.pending.rfind(';') else {
            return open(Output::default());
        };
        let complete: String = self.pending.get(..end + 1).unwrap_or("").to_string();
        let rest = self.pending.get(end + 1..).unwrap_or("").trim().to_string();
        self.pending = rest;
        let o = self.run_all(world, host, &complete, Mode::Monitor);
        open(o)
    }

    /// Ctrl-C: the statement being typed is dropped, the monitor stays.
    pub fn interrupt(&mut self) -> Polled {
        self.pending.clear();
        if self.asking_password {
            return ended(Output {
                exit_code: 1,
                ..Output::default()
            });
        }
        open(Output::default())
    }

    /// Each `;`-ended statement of `sql` (a last one without `;` too, as `-e` takes it).
    fn run_all(&mut self, world: &mut World, host: &str, sql: &str, mode: Mode) -> Output {
        let mut o = Output::default();
        for statement in sql.split(';').map(str::trim).filter(|s| !s.is_empty()) {
            if !world.is_mysql_server(host, &self.server) {
                o.err("ERROR 2013 (HY000): Lost connection to MySQL server during query");
                o.exit_code = 1;
                return o;
            }
            let r = self.run(world, host, statement, mode);
            o.lines.extend(r.lines);
            if r.exit_code != 0 {
                o.exit_code = r.exit_code;
                // `-e` stops at the first error; the monitor prints it and goes on.
                if mode != Mode::Monitor {
                    return o;
                }
            }
        }
        o
    }

    fn run(&mut self, world: &mut World, host: &str, statement: &str, mode: Mode) -> Output {
        let words: Vec<&str> = statement.split_whitespace().collect();
        let lower: Vec<String> = words.iter().map(|w| w.to_ascii_lowercase()).collect();
        let lower: Vec<&str> = lower.iter().map(String::as_str).collect();
        let server = self.server.clone();
        let result: Result<Reply, MysqlError> = match lower.as_slice() {
            ["show", "databases"] | ["show", "schemas"] => Ok(Reply::Rows(list_table(
                "Database",
                world.mysql_databases(host, &server),
            ))),
            ["show", "tables"] => match &self.database {
                None => return server_error(mode, "ERROR 1046 (3D000): No database selected"),
                Some(db) => world
                    .mysql_tables(host, &server, db)
                    .map(|t| Reply::Rows(list_table(&format!("Tables_in_{db}"), t))),
            },
            ["use", _] => {
                let db = words
                    .get(1)
                    .copied()
                    .unwrap_or("")
                    .trim_matches('`')
                    .to_string();
                match world.mysql_tables(host, &server, &db) {
                    Ok(tables) => {
                        let mut o = Output::default();
                        if mode == Mode::Monitor && !tables.is_empty() {
                            reading_tables(&mut o);
                        }
                        self.database = Some(db);
                        o.out("Database changed");
                        return o;
                    }
                    Err(e) => Err(e),
                }
            }
            ["select", "*", "from", table] => {
                let table = table.trim_matches('`');
                let (db, name) = match table.split_once('.') {
                    Some((d, t)) => (Some(d.to_string()), t.to_string()),
                    None => (self.database.clone(), table.to_string()),
                };
                match db {
                    None => return server_error(mode, "ERROR 1046 (3D000): No database selected"),
                    Some(db) => world
                        .mysql_table(host, &server, &db, &name)
                        .map(Reply::Rows),
                }
            }
            ["select", expr] if matches!(*expr, "version()" | "database()") => {
                let value = if *expr == "version()" {
                    Value::Text(server_version(world, host, &server))
                } else {
                    self.database.clone().map_or(Value::Null, Value::Text)
                };
                let header = words.get(1).copied().unwrap_or("");
                let mut t = Table::new("", &[(header, "text")]);
                t.rows.push(vec![value]);
                Ok(Reply::Rows(t))
            }
            ["create", "database" | "schema", rest @ ..] => {
                let (if_not_exists, name) = match rest {
                    ["if", "not", "exists", _] => (true, words.get(5).copied().unwrap_or("")),
                    [_] => (false, words.get(2).copied().unwrap_or("")),
                    _ => return not_simulated(),
                };
                let name = name.trim_matches('`');
                match world.mysql_create_database(host, &server, name) {
                    Ok(()) => Ok(Reply::Changed {
                        rows: 1,
                        warnings: 0,
                    }),
                    Err(MysqlError::DatabaseExists(_)) if if_not_exists => Ok(Reply::Changed {
                        rows: 1,
                        warnings: 1,
                    }),
                    Err(e) => Err(e),
                }
            }
            _ => return not_simulated(),
        };
        match result {
            Ok(Reply::Rows(t)) => rows_output(&t, mode),
            Ok(Reply::Changed { rows, warnings }) => {
                let mut o = Output::default();
                if mode == Mode::Monitor {
                    let warn = if warnings > 0 {
                        format!(", {warnings} warning")
                    } else {
                        String::new()
                    };
                    o.out(format!("Query OK, {rows} row affected{warn} (0.01 sec)"));
                    o.out("");
                }
                o
            }
            Err(e) => server_error(mode, &error_text(&e, &self.user, &self.from)),
        }
    }
}

/// Marks a `-e` statement waiting for the password in [`Monitor::pending`].
const EXEC_TTY: &str = "\u{1}exec-tty\u{1}";
const EXEC_PLAIN: &str = "\u{1}exec\u{1}";

enum Reply {
    Rows(Table),
    Changed { rows: u32, warnings: u32 },
}

fn ended(output: Output) -> Polled {
    Polled {
        output,
        ended: true,
        replaces: 0,
    }
}

/// The monitor goes on: an error is printed, no status is returned.
fn open(mut output: Output) -> Polled {
    output.exit_code = 0;
    Polled {
        output,
        ended: false,
        replaces: 0,
    }
}

/// mysql.cc, when the database has tables and auto-rehash is on.
fn reading_tables(o: &mut Output) {
    o.out("Reading table information for completion of table and column names");
    o.out("You can turn off this feature to get a quicker startup with -A");
    o.out("");
}

fn not_simulated() -> Output {
    Output::failed("berth: this SQL is not simulated; Berth's mysql runs SHOW DATABASES, SHOW TABLES, USE db, SELECT * FROM table, SELECT VERSION(), SELECT DATABASE() and CREATE DATABASE", 1)
}

fn server_error(_mode: Mode, text: &str) -> Output {
    Output::failed(text, 1)
}

/// The server's error messages (MySQL's `share/messages_to_clients.txt` texts).
fn error_text(e: &MysqlError, user: &str, from: &str) -> String {
    match e {
        MysqlError::AccessDenied { user: u, password } => format!(
            "ERROR 1045 (28000): Access denied for user '{u}'@'{from}' (using password: {})",
            if *password { "YES" } else { "NO" }
        ),
        MysqlError::UnknownDatabase(db) => format!("ERROR 1049 (42000): Unknown database '{db}'"),
        MysqlError::DatabaseExists(db) => {
            format!("ERROR 1007 (HY000): Can't create database '{db}'; database exists")
        }
        MysqlError::NoSuchTable { database, table } => {
            format!("ERROR 1146 (42S02): Table '{database}.{table}' doesn't exist")
        }
        MysqlError::Store => format!(
            "ERROR 1030 (HY000): Got error 168 - 'Unknown (generic) error from engine' from storage engine (berth: {user}'s data file does not read back)"
        ),
    }
}

/// A one-column result.
fn list_table(header: &str, names: Vec<String>) -> Table {
    let mut t = Table::new("", &[(header, "varchar(64)")]);
    t.rows = names.into_iter().map(|n| vec![Value::Text(n)]).collect();
    t
}

/// A result as mysql prints it.
fn rows_output(t: &Table, mode: Mode) -> Output {
    let mut o = Output::default();
    let table = match mode {
        Mode::Monitor => true,
        Mode::Execute { table } => table,
    };
    if t.rows.is_empty() {
        if mode == Mode::Monitor {
            o.out("Empty set (0.00 sec)");
            o.out("");
        }
        return o;
    }
    if !table {
        // Batch: a header line, then the rows, tab-separated, special characters escaped.
        let escape = |s: &str| {
            s.replace('\\', "\\\\")
                .replace('\n', "\\n")
                .replace('\t', "\\t")
        };
        o.out(
            t.columns
                .iter()
                .map(|c| escape(&c.name))
                .collect::<Vec<_>>()
                .join("\t"),
        );
        for row in &t.rows {
            o.out(
                row.iter()
                    .map(|v| escape(&v.shown()))
                    .collect::<Vec<_>>()
                    .join("\t"),
            );
        }
        return o;
    }
    let numeric: Vec<bool> = t
        .columns
        .iter()
        .map(|c| {
            let ty = c.ty.to_ascii_lowercase();
            ty.starts_with("int") || ty.starts_with("tinyint") || ty == "boolean"
        })
        .collect();
    let widths: Vec<usize> = t
        .columns
        .iter()
        .enumerate()
        .map(|(i, c)| {
            t.rows
                .iter()
                .filter_map(|r| r.get(i))
                .map(|v| v.shown().chars().count())
                .chain([c.name.chars().count()])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let rule = format!(
        "+{}+",
        widths
            .iter()
            .map(|w| "-".repeat(w + 2))
            .collect::<Vec<_>>()
            .join("+")
    );
    let line = |cells: Vec<String>| format!("|{}|", cells.join("|"));
    o.out(rule.clone());
    o.out(line(
        t.columns
            .iter()
            .zip(&widths)
            .map(|(c, w)| format!(" {:<w$} ", c.name, w = *w))
            .collect(),
    ));
    o.out(rule.clone());
    for row in &t.rows {
        o.out(line(
            row.iter()
                .zip(&widths)
                .zip(&numeric)
                .map(|((v, w), n)| {
                    let s = v.shown();
                    let pad = w.saturating_sub(s.chars().count());
                    if *n {
                        format!(" {}{s} ", " ".repeat(pad))
                    } else {
                        format!(" {s}{} ", " ".repeat(pad))
                    }
                })
                .collect(),
        ));
    }
    o.out(rule);
    if mode == Mode::Monitor {
        let n = t.rows.len();
        o.out(format!(
            "{n} {} in set (0.00 sec)",
            if n == 1 { "row" } else { "rows" }
        ));
        o.out("");
    }
    o
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_are_mysqls() {
        let mut t = Table::new(
            "todo_items",
            &[
                ("id", "varchar(36)"),
                ("name", "varchar(255)"),
                ("completed", "boolean"),
            ],
        );
        t.rows.push(vec![
            Value::Text("c906ff08-60e6-44e6-8f49-ed56a0853e85".into()),
            Value::Text("Do amazing things!".into()),
            Value::Int(0),
        ]);
        t.rows.push(vec![
            Value::Text("2912a79e-8486-4bc3-a4c5-460793a575ab".into()),
            Value::Text("Be awesome!".into()),
            Value::Int(0),
        ]);
        let text: Vec<String> = rows_output(&t, Mode::Monitor)
            .lines
            .into_iter()
            .map(|l| l.text)
            .collect();
        // Docker's workshop, part 7.
        assert_eq!(
            text,
            [
                "+--------------------------------------+--------------------+-----------+",
                "| id                                   | name               | completed |",
                "+--------------------------------------+--------------------+-----------+",
                "| c906ff08-60e6-44e6-8f49-ed56a0853e85 | Do amazing things! |         0 |",
                "| 2912a79e-8486-4bc3-a4c5-460793a575ab | Be awesome!        |         0 |",
                "+--------------------------------------+--------------------+-----------+",
                "2 rows in set (0.00 sec)",
                "",
            ]
        );
    }

    #[test]
    fn options_parse_as_mysqls() {
        let o = parse(&["-u", "root", "-psecret", "-h", "db", "todos"]).unwrap_or_default();
        assert_eq!(o.user.as_deref(), Some("root"));
        assert_eq!(o.password, Some(Some("secret".to_string())));
        assert_eq!(o.host.as_deref(), Some("db"));
        assert_eq!(o.database.as_deref(), Some("todos"));
        assert_eq!(parse(&["-p"]).unwrap_or_default().password, Some(None));
        assert!(parse(&["--bogus"]).is_err());
    }
}
