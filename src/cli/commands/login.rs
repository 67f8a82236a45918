//! `docker login [SERVER] [-u U] [-p P | --password-stdin]` and `docker logout [SERVER]`.
//!
//! Sources: docker/cli `cli/command/registry/login.go` (flag checks and their errors, the
//! `--password` warning, stored credentials, `Login Succeeded`), `logout.go` (`Removing login
//! credentials for …`), `cli/config/credentials/file_store.go` (the unencrypted-storage
//! warning, printed when a password is stored and no credential helper is configured: a lab
//! host has none), `internal/tui/note.go` (the `i Info → ` note).
//!
//! Rules:
//! - The registry is a `registry:2` container (engine `registry.rs`); it has no
//!   authentication configured, so any user and password log in, as with the real image.
//! - Credentials go to the login user's `~/.docker/config.json` on the host where `docker`
//!   runs (`auths`, base64 of `user:password`), so `cat ~/.docker/config.json` shows them.
//! - Docker Hub is offline in Berth: a `berth:` line says so and suggests a registry container.
//!
//! Not simulated: the interactive prompts (`Username:`, `Password:`), Docker Hub's device-code
//! login, credential helpers, registries that require a password.

use serde_json::{Map, Value};

use super::client_config as config;
use crate::cli::flags::{Flag, Spec};
use crate::cli::{parse_flags, Docker, Output};
use crate::engine::docker::caller::Caller;
use crate::engine::World;

pub const LOGIN: Spec = Spec {
    path: "docker login",
    use_line: "docker login [OPTIONS] [SERVER]",
    description: "Authenticate to a registry.\nDefaults to Docker Hub if no server is specified.",
    aliases: "",
    flags: &[
        Flag::value(
            "password",
            Some('p'),
            "string",
            "Password or Personal Access Token (PAT), or \"-\" to read from stdin",
        ),
        Flag::bool(
            "password-stdin",
            None,
            "Take the Password or Personal Access Token (PAT) from stdin",
        ),
        Flag::value("username", Some('u'), "string", "Username"),
        // What the shell piped into `docker login --password-stdin` ([`with_stdin`]).
        Flag::value("berth-stdin", None, "string", "").hidden(),
    ],
    interspersed: true,
    excluded: &[],
};

pub const LOGOUT: Spec = Spec {
    path: "docker logout",
    use_line: "docker logout [SERVER]",
    description:
        "Log out from a registry.\nIf no server is specified, the default is defined by the daemon.",
    aliases: "",
    flags: &[],
    interspersed: true,
    excluded: &[],
};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Login {
    pub server: Option<String>,
    pub username: Option<String>,
    pub password: Option<String>,
    pub password_stdin: bool,
    /// What the shell piped in (`echo pw | docker login --password-stdin`).
    pub stdin: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Logout {
    pub server: Option<String>,
}

/// cobra's `RequiresMaxArgs(1)`.
fn requires_max_one(spec: &Spec) -> Output {
    Output::failed(
        format!(
            "docker: '{path}' requires at most 1 argument\n\nUsage:  {}\n\nRun '{path} --help' for more information",
            spec.use_line,
            path = spec.path
        ),
        1,
    )
}

pub fn parse_login(words: &[String]) -> Result<Docker, Output> {
    let Some(parsed) = parse_flags(&LOGIN, words)? else {
        return Ok(Docker::Help(&LOGIN));
    };
    if parsed.args.len() > 1 {
        return Err(requires_max_one(&LOGIN));
    }
    let username = parsed.value("username").map(String::from);
    let password = parsed.value("password").map(String::from);
    let stdin_flag = parsed.values.contains_key("password-stdin");
    // login.go `verifyLoginFlags`.
    if stdin_flag || password.as_deref() == Some("-") {
        if password.is_some() && password.as_deref() != Some("-") {
            return Err(Output::failed(
                "conflicting options: cannot specify both --password and --password-stdin",
                1,
            ));
        }
        if username.is_none() {
            return Err(Output::failed(
                "the --password-stdin option requires --username to be set",
                1,
            ));
        }
    }
    if username.as_deref() == Some("") {
        return Err(Output::failed("username is empty", 1));
    }
    if password.as_deref() == Some("") {
        return Err(Output::failed("password is empty", 1));
    }
    Ok(Docker::Login(Login {
        server: parsed.args.first().cloned(),
        password_stdin: parsed.is_set("password-stdin") || password.as_deref() == Some("-"),
        password: password.filter(|p| p != "-"),
        username,
        stdin: parsed.value("berth-stdin").map(String::from),
    }))
}

pub fn parse_logout(words: &[String]) -> Result<Docker, Output> {
    let Some(parsed) = parse_flags(&LOGOUT, words)? else {
        return Ok(Docker::Help(&LOGOUT));
    };
    if parsed.args.len() > 1 {
        return Err(requires_max_one(&LOGOUT));
    }
    Ok(Docker::Logout(Logout {
        server: parsed.args.first().cloned(),
    }))
}

/// `echo PW | docker login -u U --password-stdin`: docker reads the password from its stdin,
/// which the shell hands to this command only (other docker commands ignore their stdin).
/// The words gain the hidden `--berth-stdin TEXT`.
pub fn with_stdin(argv: &[String], stdin: Option<&str>) -> Option<Vec<String>> {
    let stdin = stdin?;
    let [docker, login, rest @ ..] = argv else {
        return None;
    };
    if docker != "docker" || login != "login" {
        return None;
    }
    if !rest
        .iter()
        .any(|w| w == "--password-stdin" || w == "-p" || w == "--password=-")
    {
        return None;
    }
    let mut words = argv.to_vec();
    words.push("--berth-stdin".into());
    words.push(stdin.to_string());
    Some(words)
}

/// The address credentials are kept under: Docker Hub's index for none (or `docker.io`).
fn server_address(server: Option<&str>) -> String {
    match server {
        None | Some("") | Some("docker.io") => config::INDEX_SERVER.to_string(),
        Some(s) => s.to_string(),
    }
}

/// file_store.go's `unencryptedWarning`, printed with `Fprintln` (so it ends in a blank line).
fn unencrypted_warning(path: &str) -> String {
    format!(
        "\nWARNING! Your credentials are stored unencrypted in '{path}'.\nConfigure a credential helper to remove this warning. See\nhttps://docs.docker.com/go/credential-store/\n"
    )
}

/// What went before, then the error.
fn fail(mut o: Output, text: impl Into<String>, code: i32) -> Output {
    o.err(text);
    o.exit_code = code;
    o
}

/// The `user:password` behind a stored `auth`, when it decodes.
fn stored_user(file: &Map<String, Value>, server: &str) -> Option<(String, String)> {
    use base64::Engine as _;
    let auth = file.get("auths")?.get(server)?.get("auth")?.as_str()?;
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(auth)
        .ok()?;
    let text = String::from_utf8(bytes).ok()?;
    let (user, password) = text.split_once(':')?;
    Some((user.to_string(), password.to_string()))
}

impl Login {
    pub fn execute(self, world: &mut World, host: &str, caller: &Caller) -> Output {
        let mut o = Output::default();
        let mut password = self.password.clone();
        if password.is_some() {
            o.err("WARNING! Using --password via the CLI is insecure. Use --password-stdin.");
        }
        if self.password_stdin {
            // login.go `readSecretFromStdin`: one line ending trimmed.
            let text = self.stdin.clone().unwrap_or_default();
            let text = text
                .strip_suffix("\r\n")
                .or_else(|| text.strip_suffix('\n'))
                .or_else(|| text.strip_suffix('\r'))
                .unwrap_or(&text)
                .to_string();
            if text.trim().is_empty() {
                return fail(o, "password is empty", 1);
            }
            password = Some(text);
        }
        let server = server_address(self.server.as_deref());
        if server == config::INDEX_SERVER {
            return fail(
                o,
                "berth: Docker Hub is offline in Berth; log in to a registry container instead: \
                 docker run -d -p 5000:5000 --name registry registry:2, then \
                 docker login localhost:5000 -u USER --password-stdin",
                1,
            );
        }
        let mut file = config::read_config(world, host, caller);
        let (user, password) = match (self.username.clone(), password) {
            (Some(u), Some(p)) => (u, p),
            (None, None) => match stored_user(&file, &server) {
                // login.go `loginWithStoredCredentials`.
                Some((u, p)) => {
                    o.err(format!(
                        "Authenticating with existing credentials... [Username: {u}]"
                    ));
                    o.err("");
                    o.err("i Info → To login with a different account, run 'docker logout' followed by 'docker login'");
                    o.err("");
                    o.err("");
                    (u, p)
                }
                None => {
                    return fail(o,
                        "berth: docker login's Username and Password prompts are not simulated; \
                         give them as flags: docker login SERVER -u USER --password-stdin (or -p PASSWORD)",
                        1,
                    )
                }
            },
            _ => {
                return fail(o,
                    "berth: docker login's Username and Password prompts are not simulated; \
                     give both: docker login SERVER -u USER --password-stdin (or -p PASSWORD)",
                    1,
                )
            }
        };
        // `POST /auth`: the daemon asks the registry (`GET /v2/`).
        let domain = server
            .trim_start_matches("https://")
            .trim_start_matches("http://")
            .trim_end_matches('/');
        if let Err(e) = world.registry_ping(host, domain) {
            let reference: crate::engine::ImageRef = match format!("{domain}/login").parse() {
                Ok(r) => r,
                Err(_) => return fail(o, format!("berth: {domain} is not a registry address"), 1),
            };
            return fail(
                o,
                format!(
                    "Error response from daemon: {}",
                    super::image_push::registry_error(&e, &reference)
                )
                .replace("Error response from daemon: berth:", "berth:"),
                1,
            );
        }
        // file_store.go `Store`: unchanged credentials are not written again.
        let auth = config::encode_auth(&user, &password);
        let unchanged = file
            .get("auths")
            .and_then(|a| a.get(&server))
            .and_then(|e| e.get("auth"))
            .and_then(Value::as_str)
            == Some(auth.as_str());
        if !unchanged {
            let auths = file
                .entry("auths")
                .or_insert_with(|| Value::Object(Map::new()));
            if !auths.is_object() {
                *auths = Value::Object(Map::new());
            }
            if let Some(map) = auths.as_object_mut() {
                let mut entry = Map::new();
                entry.insert("auth".into(), Value::String(auth));
                map.insert(server.clone(), Value::Object(entry));
            }
            if let Err(e) = config::write_config(world, host, caller, file) {
                return fail(o, format!("error saving credentials: {e}"), 1);
            }
            o.err(unencrypted_warning(&config::config_path(caller)));
        }
        o.out("Login Succeeded");
        o
    }
}

impl Logout {
    pub fn execute(self, world: &mut World, host: &str, caller: &Caller) -> Output {
        let server = server_address(self.server.as_deref());
        // logout.go: a registry's host name, and the older spellings of it.
        let hostname = if server == config::INDEX_SERVER {
            server.clone()
        } else {
            let stripped = server
                .split_once("://")
                .map(|(_, rest)| rest)
                .unwrap_or(&server);
            stripped.split('/').next().unwrap_or(stripped).to_string()
        };
        let mut o = Output::default();
        o.out(format!("Removing login credentials for {hostname}"));
        let keys = [
            server.clone(),
            hostname.clone(),
            format!("http://{hostname}"),
            format!("https://{hostname}"),
        ];
        let mut file = config::read_config(world, host, caller);
        let removed = file
            .get_mut("auths")
            .and_then(Value::as_object_mut)
            .map(|auths| {
                keys.iter()
                    .filter(|k| auths.remove(k.as_str()).is_some())
                    .count()
            })
            .unwrap_or(0);
        // file_store.go `Erase`: the file is written only when something was removed.
        if removed > 0 {
            if let Err(e) = config::write_config(world, host, caller, file) {
                o.err(format!(
                    "WARNING: could not erase credentials:\n{server}: {e}"
                ));
            }
        }
        o
    }
}
