//! What a postgres server container holds, as its clients (`psql`) see it: its superuser and
//! first database (the image's `POSTGRES_USER`, `POSTGRES_DB`, `POSTGRES_PASSWORD`), its
//! password rule (`POSTGRES_HOST_AUTH_METHOD`), and the databases `CREATE DATABASE` added.
//!
//! Sources: docker-library/postgres `docker-entrypoint.sh` (`POSTGRES_USER` defaults to
//! `postgres`, `POSTGRES_DB` to the user; `pg_hba.conf` trusts local socket connections and
//! asks a password over TCP, `scram-sha-256`, unless `POSTGRES_HOST_AUTH_METHOD=trust`), and
//! `initdb` (`postgres`, `template0`, `template1`).
//!
//! Not simulated: tables and rows, roles beyond the superuser, the data surviving on a volume
//! into a new container (each new container starts with its own data).

use super::containers::resolve_container;
use crate::engine::{EngineError, World};

/// Most databases one server keeps: a bound on the state.
const MAX_DATABASES: usize = 64;

/// A postgres server's own facts, read from its container.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Server {
    /// The container's full ID.
    pub id: String,
    pub superuser: String,
    pub password: String,
    /// Connections over TCP need no password (`POSTGRES_HOST_AUTH_METHOD=trust`).
    pub trust: bool,
    /// Every database, in name order: initdb's, `POSTGRES_DB`, then those created.
    pub databases: Vec<String>,
}

/// Why a database statement failed: the server's `ERROR:` text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PgError {
    Exists(String),
    Missing(String),
    /// The bound on databases.
    TooMany,
    /// `DROP DATABASE` of the one connected to (`dropdb`'s check).
    InUse(String),
    /// `DROP DATABASE` of initdb's own: Berth keeps them.
    Kept(String),
}

impl std::fmt::Display for PgError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // PostgreSQL `src/backend/commands/dbcommands.c`.
        match self {
            PgError::Exists(d) => write!(f, "database \"{d}\" already exists"),
            PgError::Missing(d) => write!(f, "database \"{d}\" does not exist"),
            PgError::TooMany => write!(f, "berth: at most {MAX_DATABASES} databases are kept"),
            PgError::InUse(_) => write!(f, "cannot drop the currently open database"),
            // Not PostgreSQL's: the cli words it as Berth's.
            PgError::Kept(d) => write!(f, "{d}"),
        }
    }
}

impl World {
    /// The postgres server running in container `key`, or `None` when it runs none.
    pub fn postgres_server(&self, host: &str, key: &str) -> Option<Server> {
        let c = self.container_lookup(host, key).ok()?;
        let image = self.image_entry(c)?;
        if image.program != "postgres"
            || !c.is_running()
            || c.program != crate::engine::Program::Server
        {
            return None;
        }
        let env = |name: &str| {
            c.env
                .iter()
                .rev()
                .find_map(|v| v.strip_prefix(name).and_then(|r| r.strip_prefix('=')))
                .filter(|v| !v.is_empty())
                .map(str::to_string)
        };
        let superuser = env("POSTGRES_USER").unwrap_or_else(|| "postgres".to_string());
        let first = env("POSTGRES_DB").unwrap_or_else(|| superuser.clone());
        let mut databases: std::collections::BTreeSet<String> =
            ["postgres", "template0", "template1"]
                .iter()
                .map(|d| d.to_string())
                .collect();
        databases.insert(first);
        databases.extend(c.postgres_databases.iter().cloned());
        Some(Server {
            id: c.id.clone(),
            superuser,
            password: env("POSTGRES_PASSWORD").unwrap_or_default(),
            trust: env("POSTGRES_HOST_AUTH_METHOD").as_deref() == Some("trust"),
            databases: databases.into_iter().collect(),
        })
    }

    /// `CREATE DATABASE name` on the server in container `key`.
    pub fn postgres_create_database(
        &mut self,
        host: &str,
        key: &str,
        name: &str,
    ) -> Result<Result<(), PgError>, EngineError> {
        let Some(server) = self.postgres_server(host, key) else {
            return Err(EngineError::NoSuchContainer(key.to_string()));
        };
        if server.databases.iter().any(|d| d == name) {
            return Ok(Err(PgError::Exists(name.to_string())));
        }
        let id = resolve_container(self.host(host)?, key)?;
        let Some(c) = self.host_mut(host)?.containers.get_mut(&id) else {
            return Err(EngineError::NoSuchContainer(key.to_string()));
        };
        if c.postgres_databases.len() >= MAX_DATABASES {
            return Ok(Err(PgError::TooMany));
        }
        c.postgres_databases.insert(name.to_string());
        Ok(Ok(()))
    }

    /// `DROP DATABASE name` on the server in container `key`, connected to `current`.
    pub fn postgres_drop_database(
        &mut self,
        host: &str,
        key: &str,
        name: &str,
        current: &str,
    ) -> Result<Result<(), PgError>, EngineError> {
        let Some(server) = self.postgres_server(host, key) else {
            return Err(EngineError::NoSuchContainer(key.to_string()));
        };
        if !server.databases.iter().any(|d| d == name) {
            return Ok(Err(PgError::Missing(name.to_string())));
        }
        if name == current {
            return Ok(Err(PgError::InUse(name.to_string())));
        }
        let id = resolve_container(self.host(host)?, key)?;
        let Some(c) = self.host_mut(host)?.containers.get_mut(&id) else {
            return Err(EngineError::NoSuchContainer(key.to_string()));
        };
        if !c.postgres_databases.remove(name) {
            return Ok(Err(PgError::Kept(name.to_string())));
        }
        Ok(Ok(()))
    }
}
