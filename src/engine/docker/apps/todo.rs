//! The getting-started app's data, kept where the app keeps it, and the MySQL server's
//! databases that part 7 of Docker's workshop stores it in.
//!
//! - SQLite (the default, the app's `src/persistence/sqlite.js`): the table `todo_items` in
//!   the app container's file `SQLITE_DB_LOCATION` (else `/etc/todos/todo.db`). A volume at
//!   `/etc/todos` therefore keeps the items across `docker rm -f` and a new container, and
//!   without one they go with the container, as the workshop's part 5 shows.
//! - MySQL (`MYSQL_HOST` set, `src/persistence/mysql.js`): the app finds the server by the
//!   name through its container's DNS (`--network-alias mysql`, a compose service name), logs
//!   in with `MYSQL_USER`/`MYSQL_PASSWORD` and keeps `todo_items` in database `MYSQL_DB`. A
//!   server keeps each database as a folder of its data directory `/var/lib/mysql` and each
//!   table as a file there (`todos/todo_items.ibd`), so the server's volume keeps them.
//! - A MySQL (or MariaDB) server's first start on an empty data directory writes the system
//!   databases' folders, its accounts and `MYSQL_DATABASE` (docker-library/mysql
//!   `docker-entrypoint.sh`: `docker_setup_db`); later starts find them.
//!
//! Every table file is [`table`](super::table)'s SQL text, never a real SQLite or InnoDB
//! file; the accounts file keeps the passwords as typed (a real server keeps hashes). IDs are
//! UUID v4 from the world's seeded RNG (the app's `uuid` package).
//!
//! Not simulated: SQL beyond what the app and the `mysql` client ask, privileges beyond "this
//! account may use this database", `MYSQL_RANDOM_ROOT_PASSWORD` (its password is never
//! printed, so no login succeeds), servers on another host.

use std::net::Ipv4Addr;

use super::table::{self, Table, Value};
use crate::engine::fs::FsError;
use crate::engine::World;

/// The app's table and its columns (`CREATE TABLE IF NOT EXISTS todo_items (id varchar(36),
/// name varchar(255), completed boolean)` in both persistence files).
pub const TODO_TABLE: &str = "todo_items";
const TODO_COLUMNS: &[(&str, &str)] = &[
    ("id", "varchar(36)"),
    ("name", "varchar(255)"),
    ("completed", "boolean"),
];

/// sqlite.js: `process.env.SQLITE_DB_LOCATION || '/etc/todos/todo.db'`.
pub const SQLITE_DEFAULT: &str = "/etc/todos/todo.db";

/// The MySQL image's data directory (its Dockerfile's `VOLUME /var/lib/mysql`).
pub const MYSQL_DATADIR: &str = "/var/lib/mysql";

/// The databases every server has besides the learner's: `information_schema` has no
/// folder, the other three do.
pub const SYSTEM_DATABASES: &[&str] = &["information_schema", "mysql", "performance_schema", "sys"];

/// Where a server keeps its accounts (a stand-in for `mysql.user`).
const ACCOUNTS: &str = "/var/lib/mysql/mysql/user.ibd";

/// One todo item as the app's routes send it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TodoItem {
    pub id: String,
    /// `None`: the request had no `name` (JSON `null`, or a body that was not JSON).
    pub name: Option<String>,
    pub completed: bool,
}

/// Why the app cannot reach its data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TodoError {
    /// `MYSQL_HOST` resolves to nothing from the app's container.
    Unresolved(String),
    /// It resolves, but no MySQL server listens there.
    Refused(Ipv4Addr),
    /// The server refused the account (`client` is the app's address as the server sees it).
    AccessDenied {
        user: String,
        client: Ipv4Addr,
        password: bool,
    },
    /// `MYSQL_DB` is no database of the server.
    UnknownDatabase(String),
    /// The file does not read back or cannot be written.
    Store,
}

/// A MySQL server's answer to a client's request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MysqlError {
    AccessDenied { user: String, password: bool },
    UnknownDatabase(String),
    DatabaseExists(String),
    NoSuchTable { database: String, table: String },
    Store,
}

/// Where a running app keeps its items: a container and a file of it.
struct Store {
    container: String,
    path: String,
}

/// A variable of a container's environment (its own, else its image's).
fn env_of(world: &World, host: &str, id: &str, name: &str) -> Option<String> {
    let c = world.container_lookup(host, id).ok()?;
    c.env
        .iter()
        .rev()
        .find_map(|v| v.strip_prefix(name).and_then(|r| r.strip_prefix('=')))
        .or_else(|| world.image_entry(c).and_then(|i| i.env_value(name)))
        .map(str::to_string)
}

/// UUID v4 (RFC 9562: version nibble 4, variant bits 10), from the world's RNG.
fn uuid_v4(world: &mut World) -> String {
    let mut hex: Vec<char> = world.rng.hex(32).chars().collect();
    if let Some(v) = hex.get_mut(12) {
        *v = '4';
    }
    if let Some(v) = hex.get_mut(16) {
        let nibble = v.to_digit(16).unwrap_or(0);
        *v = char::from_digit(8 | (nibble & 3), 16).unwrap_or('8');
    }
    let s: String = hex.into_iter().collect();
    let part = |a: usize, b: usize| s.get(a..b).unwrap_or("");
    format!(
        "{}-{}-{}-{}-{}",
        part(0, 8),
        part(8, 12),
        part(12, 16),
        part(16, 20),
        part(20, 32)
    )
}

fn fs_store(_: FsError) -> TodoError {
    TodoError::Store
}

impl World {
    /// Whether container `id` is a running MySQL or MariaDB server.
    pub fn is_mysql_server(&self, host: &str, id: &str) -> bool {
        self.container_lookup(host, id).is_ok_and(|c| {
            c.is_running()
                && c.program == crate::engine::Program::Server
                && self
                    .image_entry(c)
                    .is_some_and(|i| matches!(i.program.as_str(), "mysql" | "mariadb"))
        })
    }

    /// The MySQL server that `name` reaches from container `from` (its full ID), or why none.
    pub fn mysql_server_from(
        &self,
        host: &str,
        from: &str,
        name: &str,
    ) -> Result<String, TodoError> {
        let ip = match name.parse::<Ipv4Addr>() {
            Ok(ip) => ip,
            Err(_) => self
                .dns_first(host, from, name)
                .ok_or_else(|| TodoError::Unresolved(name.to_string()))?,
        };
        let server = self
            .host(host)
            .ok()
            .and_then(|h| h.container_with_ip(ip))
            .map(|c| c.id.clone())
            .filter(|id| self.is_mysql_server(host, id));
        server.ok_or(TodoError::Refused(ip))
    }

    /// The first address of container `id`, as a server on its network sees it.
    fn address_of(&self, host: &str, id: &str) -> Ipv4Addr {
        self.container_interfaces(host, id)
            .ok()
            .and_then(|i| i.first().map(|i| i.ip))
            .unwrap_or(Ipv4Addr::UNSPECIFIED)
    }

    /// Where app container `app` keeps its items, from its environment.
    fn todo_store(&self, host: &str, app: &str) -> Result<Store, TodoError> {
        let var = |name: &str| env_of(self, host, app, name).filter(|v| !v.is_empty());
        let Some(mysql_host) = var("MYSQL_HOST") else {
            return Ok(Store {
                container: app.to_string(),
                path: var("SQLITE_DB_LOCATION").unwrap_or_else(|| SQLITE_DEFAULT.to_string()),
            });
        };
        let server = self.mysql_server_from(host, app, &mysql_host)?;
        let user = var("MYSQL_USER").unwrap_or_default();
        let password = var("MYSQL_PASSWORD").unwrap_or_default();
        if !self.mysql_login(host, &server, &user, &password) {
            return Err(TodoError::AccessDenied {
                user,
                client: self.address_of(host, app),
                password: !password.is_empty(),
            });
        }
        let database = var("MYSQL_DB").unwrap_or_default();
        if !self.mysql_databases(host, &server).contains(&database) {
            return Err(TodoError::UnknownDatabase(database));
        }
        Ok(Store {
            container: server,
            path: format!("{MYSQL_DATADIR}/{database}/{TODO_TABLE}.ibd"),
        })
    }

    fn todo_table(&self, host: &str, store: &Store) -> Result<Table, TodoError> {
        let files = self
            .fs_view(host, Some(&store.container))
            .map_err(|_| TodoError::Store)?;
        match files.read(&store.path) {
            Ok(text) => table::decode(&text).map_err(|_| TodoError::Store),
            Err(_) => Ok(Table::new(TODO_TABLE, TODO_COLUMNS)),
        }
    }

    fn todo_save(&mut self, host: &str, store: &Store, t: &Table) -> Result<(), TodoError> {
        let text = table::encode(t);
        self.file_write(host, Some(&store.container), &store.path, &text, false)
            .map_err(fs_store)
    }

    /// The app's start: it connects to its database and makes its table if missing (both
    /// persistence files' `init`). Returns the MySQL server it connected to, if any.
    pub fn todo_connect(&mut self, host: &str, app: &str) -> Result<Option<String>, TodoError> {
        let store = self.todo_store(host, app)?;
        let t = self.todo_table(host, &store)?;
        let exists = self
            .fs_view(host, Some(&store.container))
            .is_ok_and(|f| f.stat(&store.path).is_ok());
        if !exists {
            self.todo_save(host, &store, &t)?;
        }
        Ok((store.container != app).then_some(store.container))
    }

    /// `GET /items`: every item, in the order they were added.
    pub fn todo_items(&self, host: &str, app: &str) -> Result<Vec<TodoItem>, TodoError> {
        let store = self.todo_store(host, app)?;
        let t = self.todo_table(host, &store)?;
        Ok(t.rows.iter().filter_map(|r| item_of(r)).collect())
    }

    /// `POST /items`: a new item, not completed.
    pub fn todo_add(
        &mut self,
        host: &str,
        app: &str,
        name: Option<String>,
    ) -> Result<TodoItem, TodoError> {
        if too_long(name.as_deref()) {
            return Err(TodoError::Store);
        }
        let store = self.todo_store(host, app)?;
        let mut t = self.todo_table(host, &store)?;
        if t.rows.len() >= table::MAX_ROWS {
            return Err(TodoError::Store);
        }
        let item = TodoItem {
            id: uuid_v4(self),
            name,
            completed: false,
        };
        t.rows.push(row_of(&item));
        self.todo_save(host, &store, &t)?;
        Ok(item)
    }

    /// `PUT /items/:id`: the item's name and state replaced; the item after (`None` when no
    /// item has that ID: the app then sends nothing).
    pub fn todo_update(
        &mut self,
        host: &str,
        app: &str,
        id: &str,
        name: Option<String>,
        completed: bool,
    ) -> Result<Option<TodoItem>, TodoError> {
        if too_long(name.as_deref()) || too_long(Some(id)) {
            return Err(TodoError::Store);
        }
        let store = self.todo_store(host, app)?;
        let mut t = self.todo_table(host, &store)?;
        let mut found = None;
        for row in t.rows.iter_mut() {
            if row.first() == Some(&Value::Text(id.to_string())) {
                let item = TodoItem {
                    id: id.to_string(),
                    name: name.clone(),
                    completed,
                };
                *row = row_of(&item);
                found = found.or(Some(item));
            }
        }
        if found.is_some() {
            self.todo_save(host, &store, &t)?;
        }
        Ok(found)
    }

    /// `DELETE /items/:id`: the item removed (none is no error).
    pub fn todo_remove(&mut self, host: &str, app: &str, id: &str) -> Result<(), TodoError> {
        let store = self.todo_store(host, app)?;
        let mut t = self.todo_table(host, &store)?;
        let before = t.rows.len();
        t.rows
            .retain(|r| r.first() != Some(&Value::Text(id.to_string())));
        if t.rows.len() != before {
            self.todo_save(host, &store, &t)?;
        }
        Ok(())
    }

    /// A MySQL server's first start on an empty data directory: the system databases, the
    /// accounts (`root` with `MYSQL_ROOT_PASSWORD`, `MYSQL_USER` with `MYSQL_PASSWORD`) and
    /// `MYSQL_DATABASE`. MariaDB's image reads its `MARIADB_` twins first.
    pub(crate) fn mysql_init(&mut self, host: &str, id: &str) {
        if !self.is_mysql_server(host, id) {
            return;
        }
        let initialized = self
            .fs_view(host, Some(id))
            .is_ok_and(|f| f.stat(ACCOUNTS).is_ok());
        if initialized {
            return;
        }
        let var = |name: &str| {
            env_of(self, host, id, &format!("MARIADB_{name}"))
                .or_else(|| env_of(self, host, id, &format!("MYSQL_{name}")))
        };
        let mut accounts = Table::new(
            "user",
            &[
                ("Host", "char(255)"),
                ("User", "char(32)"),
                ("berth_password", "text"),
            ],
        );
        let root_password = var("ROOT_PASSWORD").unwrap_or_default();
        for h in ["localhost", "%"] {
            accounts.rows.push(vec![
                Value::Text(h.into()),
                Value::Text("root".into()),
                Value::Text(root_password.clone()),
            ]);
        }
        let database = var("DATABASE").filter(|d| !d.is_empty());
        if let Some(user) = var("USER").filter(|u| !u.is_empty() && u != "root") {
            accounts.rows.push(vec![
                Value::Text("%".into()),
                Value::Text(user),
                Value::Text(var("PASSWORD").unwrap_or_default()),
            ]);
        }
        let text = table::encode(&accounts);
        let _ = self.fs_change(host, Some(id), |fs| {
            for db in ["performance_schema", "sys"] {
                fs.mkdir(&format!("{MYSQL_DATADIR}/{db}"), true)?;
            }
            if let Some(db) = &database {
                fs.mkdir(&format!("{MYSQL_DATADIR}/{db}"), true)?;
            }
            fs.write(ACCOUNTS, &text, false)
        });
    }

    /// Whether `user` with `password` may log in to server `id`.
    pub fn mysql_login(&self, host: &str, id: &str, user: &str, password: &str) -> bool {
        let Ok(files) = self.fs_view(host, Some(id)) else {
            return false;
        };
        let Some(accounts) = files
            .read(ACCOUNTS)
            .ok()
            .and_then(|t| table::decode(&t).ok())
        else {
            return false;
        };
        accounts.rows.iter().any(|r| {
            r.get(1) == Some(&Value::Text(user.to_string()))
                && r.get(2) == Some(&Value::Text(password.to_string()))
        })
    }

    /// `SHOW DATABASES`: the system ones and every folder of the data directory, sorted.
    pub fn mysql_databases(&self, host: &str, id: &str) -> Vec<String> {
        let mut names: Vec<String> = SYSTEM_DATABASES.iter().map(|s| s.to_string()).collect();
        if let Ok(files) = self.fs_view(host, Some(id)) {
            for name in files.list(MYSQL_DATADIR).unwrap_or_default() {
                if files.is_dir(&format!("{MYSQL_DATADIR}/{name}")) && !names.contains(&name) {
                    names.push(name);
                }
            }
        }
        names.sort();
        names
    }

    /// `CREATE DATABASE name`.
    pub fn mysql_create_database(
        &mut self,
        host: &str,
        id: &str,
        name: &str,
    ) -> Result<(), MysqlError> {
        if self.mysql_databases(host, id).iter().any(|d| d == name) {
            return Err(MysqlError::DatabaseExists(name.to_string()));
        }
        self.fs_change(host, Some(id), |fs| {
            fs.mkdir(&format!("{MYSQL_DATADIR}/{name}"), true)
        })
        .map_err(|_| MysqlError::Store)
    }

    /// `SHOW TABLES` of database `db`, sorted.
    pub fn mysql_tables(&self, host: &str, id: &str, db: &str) -> Result<Vec<String>, MysqlError> {
        if !self.mysql_databases(host, id).iter().any(|d| d == db) {
            return Err(MysqlError::UnknownDatabase(db.to_string()));
        }
        let files = self
            .fs_view(host, Some(id))
            .map_err(|_| MysqlError::Store)?;
        let mut tables: Vec<String> = files
            .list(&format!("{MYSQL_DATADIR}/{db}"))
            .unwrap_or_default()
            .into_iter()
            .filter_map(|n| n.strip_suffix(".ibd").map(str::to_string))
            .collect();
        tables.sort();
        Ok(tables)
    }

    /// `SELECT * FROM db.table`.
    pub fn mysql_table(
        &self,
        host: &str,
        id: &str,
        db: &str,
        name: &str,
    ) -> Result<Table, MysqlError> {
        let missing = || MysqlError::NoSuchTable {
            database: db.to_string(),
            table: name.to_string(),
        };
        if !self.mysql_tables(host, id, db)?.iter().any(|t| t == name) {
            return Err(missing());
        }
        let files = self
            .fs_view(host, Some(id))
            .map_err(|_| MysqlError::Store)?;
        let text = files
            .read(&format!("{MYSQL_DATADIR}/{db}/{name}.ibd"))
            .map_err(|_| missing())?;
        table::decode(&text).map_err(|_| MysqlError::Store)
    }
}

/// A value the table file could not read back: refused before anything is written.
fn too_long(value: Option<&str>) -> bool {
    value.is_some_and(|v| v.len() > table::MAX_VALUE)
}

fn row_of(item: &TodoItem) -> Vec<Value> {
    vec![
        Value::Text(item.id.clone()),
        item.name.clone().map_or(Value::Null, Value::Text),
        Value::Int(i64::from(item.completed)),
    ]
}

/// getItems: `completed: item.completed === 1`.
fn item_of(row: &[Value]) -> Option<TodoItem> {
    let id = match row.first()? {
        Value::Text(s) => s.clone(),
        other => other.shown(),
    };
    let name = match row.get(1)? {
        Value::Null => None,
        v => Some(v.shown()),
    };
    Some(TodoItem {
        id,
        name,
        completed: row.get(2) == Some(&Value::Int(1)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_uuid_v4() {
        let mut w = World::new(7);
        let id = uuid_v4(&mut w);
        assert_eq!(id.len(), 36);
        assert_eq!(id.get(14..15), Some("4"));
        assert!(matches!(id.get(19..20), Some("8" | "9" | "a" | "b")));
        assert_ne!(id, uuid_v4(&mut w));
    }
}
