//! The docker CLI's own files on a lab host, per login user: `~/.docker/config.json`
//! (`currentContext`, `auths`) and the context store `~/.docker/contexts/meta/<sha256 of the
//! name>/meta.json`. They are ordinary files of the host (the shell's `cat` shows them), read
//! and written through the engine's file operations, as docker/cli reads and writes them.
//!
//! Rules:
//! - The client owns these files; the daemon never sees them. So `docker context` and
//!   `docker login`/`logout` work with dockerd stopped, and each login user has their own.
//! - Written as docker/cli writes them: config.json with Go's `json.MarshalIndent(…, "", "\t")`
//!   (docker/cli `cli/config/configfile/file.go`), meta.json with `json.Marshal`
//!   (`cli/context/store/metadatastore.go`).
//! - A file that does not parse is treated as empty (docker/cli would print a parse error:
//!   not simulated, Berth's own writes always parse).
//!
//! Not simulated: TLS material (`~/.docker/contexts/tls`), credential helpers (`credsStore`),
//! `--config`/`DOCKER_CONFIG`.

use base64::Engine as _;
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

use crate::engine::docker::caller::Caller;
use crate::engine::World;

/// `"default"`: the context built from `DOCKER_HOST` or the local socket, never stored.
pub const DEFAULT_CONTEXT: &str = "default";
/// The local daemon's socket, the default context's endpoint (docker/cli `DefaultDockerHost`).
pub const DEFAULT_HOST: &str = "unix:///var/run/docker.sock";
/// Docker Hub's address in config.json (docker/cli `registry.IndexServer`).
pub const INDEX_SERVER: &str = "https://index.docker.io/v1/";
/// Files larger than this are not parsed (a hand-edited file cannot stall the session).
const MAX_FILE: usize = 1 << 20;
/// At most this many stored contexts are listed.
const MAX_CONTEXTS: usize = 1_000;

/// One stored context (docker/cli `store.Metadata` with a `DockerContext` and the docker
/// endpoint's `EndpointMetaBase`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredContext {
    pub name: String,
    pub description: String,
    /// The docker endpoint's `Host`, `tcp://host2:2375`.
    pub host: String,
    pub skip_tls_verify: bool,
}

/// The home folder of the caller's login user (`/root` for root).
pub fn home(caller: &Caller) -> String {
    match caller.user.as_str() {
        "" | "root" => "/root".to_string(),
        user => format!("/home/{user}"),
    }
}

pub fn config_path(caller: &Caller) -> String {
    format!("{}/.docker/config.json", home(caller))
}

/// docker/cli `contextdirOf`: the hex SHA-256 of the name.
pub fn context_dir(caller: &Caller, name: &str) -> String {
    let digest = Sha256::digest(name.as_bytes());
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    format!("{}/.docker/contexts/meta/{hex}", home(caller))
}

fn read(world: &World, host: &str, path: &str) -> Option<String> {
    let view = world.fs_view(host, None).ok()?;
    let text = view.read(path).ok()?;
    (text.len() <= MAX_FILE).then_some(text)
}

/// config.json as a JSON object (empty when missing).
pub fn read_config(world: &World, host: &str, caller: &Caller) -> Map<String, Value> {
    read(world, host, &config_path(caller))
        .and_then(|t| serde_json::from_str::<Map<String, Value>>(&t).ok())
        .unwrap_or_default()
}

/// Go's `json.MarshalIndent(v, "", "\t")`: keys in order (serde_json's map is sorted, as
/// the fields docker/cli writes happen to be: `auths` before `currentContext`). serde_json's
/// two-space indent turned into tabs: a JSON string holds no raw newline, so every line's
/// leading spaces are indentation.
fn indent_tabs(value: &Value) -> String {
    let pretty = serde_json::to_string_pretty(value).unwrap_or_else(|_| "{}".to_string());
    pretty
        .lines()
        .map(|line| {
            let body = line.trim_start_matches(' ');
            let depth = (line.len() - body.len()) / 2;
            format!("{}{body}", "\t".repeat(depth))
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Writes config.json, its folder made. `Err` is the write error's text.
pub fn write_config(
    world: &mut World,
    host: &str,
    caller: &Caller,
    mut config: Map<String, Value>,
) -> Result<(), String> {
    // `auths` has no `omitempty` in docker/cli's ConfigFile: `"auths": {}` is always written.
    config
        .entry("auths")
        .or_insert_with(|| Value::Object(Map::new()));
    let text = indent_tabs(&Value::Object(config));
    world
        .file_write(host, None, &config_path(caller), &text, false)
        .map_err(|e| e.to_string())
}

/// The context named `name`, or `None` when the store has none.
pub fn stored_context(
    world: &World,
    host: &str,
    caller: &Caller,
    name: &str,
) -> Option<StoredContext> {
    let text = read(
        world,
        host,
        &format!("{}/meta.json", context_dir(caller, name)),
    )?;
    let meta: Value = serde_json::from_str(&text).ok()?;
    let docker = meta.get("Endpoints").and_then(|e| e.get("docker"));
    Some(StoredContext {
        name: meta.get("Name")?.as_str()?.to_string(),
        description: meta
            .get("Metadata")
            .and_then(|m| m.get("Description"))
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string(),
        host: docker
            .and_then(|d| d.get("Host"))
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string(),
        skip_tls_verify: docker
            .and_then(|d| d.get("SkipTLSVerify"))
            .and_then(Value::as_bool)
            .unwrap_or(false),
    })
}

/// Every stored context, in the store's folder order.
pub fn stored_contexts(world: &World, host: &str, caller: &Caller) -> Vec<StoredContext> {
    let root = format!("{}/.docker/contexts/meta", home(caller));
    let Ok(view) = world.fs_view(host, None) else {
        return Vec::new();
    };
    let Ok(dirs) = view.list(&root) else {
        return Vec::new();
    };
    dirs.iter()
        .take(MAX_CONTEXTS)
        .filter_map(|d| read(world, host, &format!("{root}/{d}/meta.json")))
        .filter_map(|t| serde_json::from_str::<Value>(&t).ok())
        .filter_map(|m| m.get("Name").and_then(Value::as_str).map(str::to_string))
        .filter_map(|name| stored_context(world, host, caller, &name))
        .collect()
}

/// The meta.json docker/cli writes (`json.Marshal` of `store.Metadata`: `Name`, `Metadata`
/// with `Description` only when set, `Endpoints.docker` with `Host` and `SkipTLSVerify`).
pub fn meta_json(context: &StoredContext) -> String {
    let mut metadata = Map::new();
    if !context.description.is_empty() {
        metadata.insert(
            "Description".into(),
            Value::String(context.description.clone()),
        );
    }
    let mut endpoint = Map::new();
    if !context.host.is_empty() {
        endpoint.insert("Host".into(), Value::String(context.host.clone()));
    }
    endpoint.insert("SkipTLSVerify".into(), Value::Bool(context.skip_tls_verify));
    let mut endpoints = Map::new();
    endpoints.insert("docker".into(), Value::Object(endpoint));
    // Go marshals a struct's fields in declaration order: Name, Metadata, Endpoints.
    format!(
        "{{\"Name\":{},\"Metadata\":{},\"Endpoints\":{}}}",
        Value::String(context.name.clone()),
        Value::Object(metadata),
        Value::Object(endpoints)
    )
}

pub fn store_context(
    world: &mut World,
    host: &str,
    caller: &Caller,
    context: &StoredContext,
) -> Result<(), String> {
    let path = format!("{}/meta.json", context_dir(caller, &context.name));
    world
        .file_write(host, None, &path, &meta_json(context), false)
        .map_err(|e| e.to_string())
}

pub fn remove_context(world: &mut World, host: &str, caller: &Caller, name: &str) {
    let dir = context_dir(caller, name);
    let _ = world.fs_change(host, None, |fs| fs.remove(&dir, true));
}

/// docker/cli `resolveContextName`: `DOCKER_HOST` means the default context, then
/// `DOCKER_CONTEXT`, then config.json's `currentContext`, then `default`.
pub fn current_context(world: &World, host: &str, caller: &Caller) -> String {
    let env = world.host(host).map(|h| &h.machine.shell_env).ok();
    let get = |name: &str| {
        env.and_then(|e| e.get(name))
            .filter(|v| !v.is_empty())
            .cloned()
    };
    if get("DOCKER_HOST").is_some() {
        return DEFAULT_CONTEXT.to_string();
    }
    if let Some(name) = get("DOCKER_CONTEXT") {
        return name;
    }
    read_config(world, host, caller)
        .get("currentContext")
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .unwrap_or_else(|| DEFAULT_CONTEXT.to_string())
}

/// The default context's endpoint: `DOCKER_HOST` when set, else the local socket.
pub fn default_endpoint(world: &World, host: &str) -> String {
    world
        .host(host)
        .ok()
        .and_then(|h| h.machine.shell_env.get("DOCKER_HOST"))
        .filter(|v| !v.is_empty())
        .cloned()
        .unwrap_or_else(|| DEFAULT_HOST.to_string())
}

/// docker/cli's metadata store error for a context it has no folder for.
pub fn not_found(caller: &Caller, name: &str) -> String {
    format!(
        "context {name:?}: context not found: open {}/meta.json: no such file or directory",
        context_dir(caller, name)
    )
}

/// `auth` in config.json: base64 of `user:password` (docker/cli `configfile.encodeAuth`).
pub fn encode_auth(user: &str, password: &str) -> String {
    base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn context_dirs_are_the_sha256_of_the_name() {
        // docker/cli `contextdirOf("default")`, as users see it in the store's paths.
        assert_eq!(
            context_dir(&Caller::local("root"), "default"),
            "/root/.docker/contexts/meta/37a8eec1ce19687d132fe29051dca629d164e2c4958ba141d5f4133a33f0688f"
        );
    }

    #[test]
    fn auth_is_base64_of_user_and_password() {
        assert_eq!(encode_auth("user", "pass"), "dXNlcjpwYXNz");
    }
}
