//! `docker context ls|use|show|inspect|create|rm`: the client's named daemons, kept in the
//! login user's `~/.docker` on the lab host (`client_config.rs`).
//!
//! Sources: docker/cli `cli/command/context/{create,list,use,show,inspect,remove}.go` (texts,
//! flags, which stream each line goes to), `cli/command/formatter/context.go` (the table),
//! `cli/context/store/store.go` (`ValidateContextName`), `cli/command/cli.go`
//! (`resolveContextName`, `Failed to initialize: unable to resolve docker endpoint: …`).
//!
//! Rules:
//! - `default` is never stored: it is the local socket, or `DOCKER_HOST` when set (and then it
//!   is current whatever `docker context use` said).
//! - A current context with a `tcp://` endpoint sends every later docker command to that
//!   daemon, through the same path as `docker -H` ([`route`]).
//!
//! `update`, `export` and `import` are in `context_more.rs`.
//!
//! Not simulated: `--from`, the TLS keys (`ca`, `cert`, `key`), ssh:// endpoints.

use serde_json::Value;

use super::client_config::{self as config, StoredContext, DEFAULT_CONTEXT};
use crate::cli::flags::{Flag, Spec, FORMAT_HELP};
use crate::cli::format::{render_rows, Rows};
use crate::cli::{accepts_no_args, exact_args, parse_flags, requires_min_args, Docker, Output};
use crate::engine::docker::caller::Caller;
use crate::engine::World;
use crate::golang::template::Value as GoValue;

pub const CONTEXT: super::Management = super::Management {
    path: "docker context",
    description: "Manage contexts",
    commands: &[
        ("create", "Create a context"),
        (
            "export",
            "Export a context to a tar archive FILE or a tar stream on STDOUT.",
        ),
        ("import", "Import a context from a tar or zip file"),
        (
            "inspect",
            "Display detailed information on one or more contexts",
        ),
        ("ls", "List contexts"),
        ("rm", "Remove one or more contexts"),
        ("show", "Print the name of the current context"),
        ("update", "Update a context"),
        ("use", "Set the default docker context"),
    ],
};

pub const LS: Spec = Spec {
    path: "docker context ls",
    use_line: "docker context ls [OPTIONS]",
    description: "List contexts",
    aliases: "docker context ls, docker context list",
    flags: &[
        Flag::value("format", None, "string", FORMAT_HELP),
        Flag::bool("quiet", Some('q'), "Only show context names"),
    ],
    interspersed: true,
    excluded: &[],
};

pub const USE: Spec = Spec {
    path: "docker context use",
    use_line: "docker context use CONTEXT",
    description: "Set the default docker context",
    aliases: "",
    flags: &[],
    interspersed: true,
    excluded: &[],
};

pub const SHOW: Spec = Spec {
    path: "docker context show",
    use_line: "docker context show",
    description: "Print the name of the current context",
    aliases: "",
    flags: &[],
    interspersed: true,
    excluded: &[],
};

pub const INSPECT: Spec = Spec {
    path: "docker context inspect",
    use_line: "docker context inspect [OPTIONS] [CONTEXT] [CONTEXT...]",
    description: "Display detailed information on one or more contexts",
    aliases: "",
    flags: &[Flag::value("format", Some('f'), "string", FORMAT_HELP).not_simulated()],
    interspersed: true,
    excluded: &[],
};

pub const CREATE: Spec = Spec {
    path: "docker context create",
    use_line: "docker context create [OPTIONS] CONTEXT",
    description: "Create a context",
    aliases: "",
    flags: &[
        Flag::value("description", None, "string", "Description of the context"),
        Flag::value("docker", None, "stringToString", "set the docker endpoint"),
        Flag::value(
            "from",
            None,
            "string",
            "create context from a named context",
        )
        .not_simulated(),
    ],
    interspersed: true,
    excluded: &[],
};

pub const RM: Spec = Spec {
    path: "docker context rm",
    use_line: "docker context rm CONTEXT [CONTEXT...]",
    description: "Remove one or more contexts",
    aliases: "docker context rm, docker context remove",
    flags: &[Flag::bool(
        "force",
        Some('f'),
        "Force the removal of a context in use",
    )],
    interspersed: true,
    excluded: &[],
};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ContextCommand {
    Ls {
        format: Option<String>,
        quiet: bool,
    },
    Use(String),
    Show,
    Inspect(Vec<String>),
    Create {
        name: String,
        description: String,
        docker: Option<String>,
    },
    Rm {
        names: Vec<String>,
        force: bool,
    },
    Update {
        name: String,
        description: String,
        docker: Option<String>,
    },
    Export {
        name: String,
        dest: String,
    },
    Import {
        name: String,
        source: String,
    },
}

pub fn parse(words: &[String]) -> Result<Docker, Output> {
    let Some((verb, args)) = words.split_first() else {
        return Ok(Docker::ManagementHelp(&CONTEXT));
    };
    let spec = match verb.as_str() {
        "--help" | "-h" => return Ok(Docker::ManagementHelp(&CONTEXT)),
        "ls" | "list" => &LS,
        "use" => &USE,
        "show" => &SHOW,
        "inspect" => &INSPECT,
        "create" => &CREATE,
        "rm" | "remove" => &RM,
        v @ ("export" | "import" | "update") => return super::context_more::parse(v, args),
        other => return Err(CONTEXT.unknown(other)),
    };
    let Some(parsed) = parse_flags(spec, args)? else {
        return Ok(Docker::Help(spec));
    };
    if let Some(flag) = parsed.unsimulated(spec) {
        return Err(crate::cli::flag_not_simulated(spec, flag));
    }
    let command = match verb.as_str() {
        "ls" | "list" => {
            if !parsed.args.is_empty() {
                return Err(accepts_no_args(spec));
            }
            ContextCommand::Ls {
                format: parsed.value("format").map(String::from),
                quiet: parsed.is_set("quiet"),
            }
        }
        "use" => match parsed.args.as_slice() {
            [name] => ContextCommand::Use(name.clone()),
            _ => return Err(exact_args(spec, 1)),
        },
        "show" => {
            if !parsed.args.is_empty() {
                return Err(accepts_no_args(spec));
            }
            ContextCommand::Show
        }
        "inspect" => ContextCommand::Inspect(parsed.args.clone()),
        "create" => match parsed.args.as_slice() {
            [name] => ContextCommand::Create {
                name: name.clone(),
                description: parsed.value("description").unwrap_or_default().to_string(),
                docker: parsed.values.get("docker").map(|v| v.join(",")),
            },
            _ => return Err(exact_args(spec, 1)),
        },
        _ => {
            if parsed.args.is_empty() {
                return Err(requires_min_args(spec, 1));
            }
            ContextCommand::Rm {
                names: parsed.args.clone(),
                force: parsed.is_set("force"),
            }
        }
    };
    Ok(Docker::Context(command))
}

/// docker/cli `store.ValidateContextName`.
pub(super) fn validate_name(name: &str) -> Result<(), String> {
    if name.is_empty() {
        return Err("context name cannot be empty".into());
    }
    if name == DEFAULT_CONTEXT {
        return Err(r#""default" is a reserved context name"#.into());
    }
    let bytes = name.as_bytes();
    let valid = bytes.len() >= 2
        && bytes.first().is_some_and(u8::is_ascii_alphanumeric)
        && bytes
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'+' | b'-'));
    if valid {
        Ok(())
    } else {
        Err(format!(
            "context name {name:?} is invalid, names are validated against regexp \"^[a-zA-Z0-9][a-zA-Z0-9_.+-]+$\""
        ))
    }
}

/// Where the current context sends a docker command typed on `host`: `None` for the local
/// daemon, `Some(Ok(tcp://…))` for another, `Some(Err(…))` when the context does not exist.
/// Only a client at the host's own prompt has a context: a request that already crossed to a
/// daemon (`-H`, a context, a mounted socket) is not routed again.
pub fn route(world: &World, host: &str, caller: &Caller) -> Option<Result<String, Output>> {
    if caller.transport != crate::engine::docker::caller::Transport::UnixSocket {
        return None;
    }
    let name = config::current_context(world, host, caller);
    if name == DEFAULT_CONTEXT {
        return None;
    }
    match config::stored_context(world, host, caller, &name) {
        Some(c) if c.host.starts_with("unix://") || c.host.is_empty() => None,
        Some(c) => Some(Ok(c.host)),
        None => Some(Err(Output::failed(
            format!(
                "Failed to initialize: unable to resolve docker endpoint: {}",
                config::not_found(caller, &name)
            ),
            1,
        ))),
    }
}

impl ContextCommand {
    pub fn execute(self, world: &mut World, host: &str, caller: &Caller) -> Output {
        match self {
            ContextCommand::Ls { format, quiet } => ls(world, host, caller, format, quiet),
            ContextCommand::Use(name) => use_context(world, host, caller, &name),
            ContextCommand::Show => {
                let mut o = Output::default();
                o.out(config::current_context(world, host, caller));
                o
            }
            ContextCommand::Inspect(names) => inspect(world, host, caller, names),
            ContextCommand::Create {
                name,
                description,
                docker,
            } => create(world, host, caller, &name, description, docker),
            ContextCommand::Rm { names, force } => rm(world, host, caller, &names, force),
            ContextCommand::Update {
                name,
                description,
                docker,
            } => super::context_more::update(world, host, caller, &name, description, docker),
            ContextCommand::Export { name, dest } => {
                super::context_more::export(world, host, caller, &name, &dest)
            }
            ContextCommand::Import { name, source } => {
                super::context_more::import(world, host, caller, &name, &source)
            }
        }
    }
}

fn env_docker_host(world: &World, host: &str) -> bool {
    world.host(host).is_ok_and(|h| {
        h.machine
            .shell_env
            .get("DOCKER_HOST")
            .is_some_and(|v| !v.is_empty())
    })
}

/// `Warning: DOCKER_HOST environment variable overrides the active context. …` (list.go).
const DOCKER_HOST_WARNING: &str = "Warning: DOCKER_HOST environment variable overrides the active context. To use a context, either set the global --context flag, or unset DOCKER_HOST environment variable.";

fn ls(world: &World, host: &str, caller: &Caller, format: Option<String>, quiet: bool) -> Output {
    let current = config::current_context(world, host, caller);
    // (name, description, endpoint, error), sorted by name (sortorder.NaturalLess; names
    // here compare the same byte by byte unless they hold digits).
    let mut contexts: Vec<(String, String, String, String)> = vec![(
        DEFAULT_CONTEXT.to_string(),
        "Current DOCKER_HOST based configuration".to_string(),
        config::default_endpoint(world, host),
        String::new(),
    )];
    for c in config::stored_contexts(world, host, caller) {
        contexts.push((c.name, c.description, c.host, String::new()));
    }
    if !contexts.iter().any(|c| c.0 == current) {
        // list.go: the current context that is not found, with the store's error.
        contexts.push((
            current.clone(),
            String::new(),
            String::new(),
            config::not_found(caller, &current),
        ));
    }
    contexts.sort_by(|a, b| a.0.cmp(&b.0));
    let rows = contexts
        .into_iter()
        .map(|(name, description, endpoint, error)| {
            // formatter/context.go: the error is cut to 45 characters (`Ellipsis`).
            let error = if error.chars().count() > 45 {
                let cut: String = error.chars().take(44).collect();
                format!("{cut}…")
            } else {
                error
            };
            vec![
                ("Current", GoValue::Bool(name == current)),
                ("Name", GoValue::Str(name)),
                ("Description", GoValue::Str(description)),
                ("DockerEndpoint", GoValue::Str(endpoint)),
                ("Error", GoValue::Str(error)),
            ]
        })
        .collect();
    let format = if quiet {
        "{{.Name}}".to_string()
    } else {
        match format.as_deref() {
            None | Some("") | Some("table") => {
                "table {{.Name}}{{if .Current}} *{{end}}\t{{.Description}}\t{{.DockerEndpoint}}\t{{.Error}}"
                    .to_string()
            }
            Some(f) => f.to_string(),
        }
    };
    let mut o = Output::default();
    match render_rows(
        &format,
        Rows {
            type_name: "*formatter.clientContextContext",
            headers: &[
                ("Current", ""),
                ("Name", "NAME"),
                ("Description", "DESCRIPTION"),
                ("DockerEndpoint", "DOCKER ENDPOINT"),
                ("Error", "ERROR"),
            ],
            default_table: "table {{.Name}}{{if .Current}} *{{end}}\t{{.Description}}\t{{.DockerEndpoint}}\t{{.Error}}",
            rows,
        },
    ) {
        Ok(lines) => {
            for line in lines {
                o.out(line);
            }
        }
        Err(e) => return Output::failed(e, 1),
    }
    if env_docker_host(world, host) {
        o.err(DOCKER_HOST_WARNING);
    }
    o
}

fn use_context(world: &mut World, host: &str, caller: &Caller, name: &str) -> Output {
    // config.json keeps "" for the default context.
    let value = if name == DEFAULT_CONTEXT {
        String::new()
    } else {
        if let Err(e) = validate_name(name) {
            return Output::failed(e, 1);
        }
        if config::stored_context(world, host, caller, name).is_none() {
            return Output::failed(config::not_found(caller, name), 1);
        }
        name.to_string()
    };
    let mut file = config::read_config(world, host, caller);
    let old = file
        .get("currentContext")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    // use.go: the file is written only when the value changes.
    if old != value {
        if value.is_empty() {
            file.remove("currentContext");
        } else {
            file.insert("currentContext".into(), Value::String(value));
        }
        if let Err(e) = config::write_config(world, host, caller, file) {
            return Output::failed(e, 1);
        }
    }
    let mut o = Output::default();
    o.out(name);
    o.err(format!("Current context is now {name:?}"));
    if name != DEFAULT_CONTEXT && env_docker_host(world, host) {
        o.err(format!("Warning: DOCKER_HOST environment variable overrides the active context. To use {name:?}, either set the global --context flag, or unset DOCKER_HOST environment variable."));
    }
    o
}

/// `key=value,key=value` of pflag's `stringToString` (a CSV line).
fn string_to_string(text: &str) -> Result<Vec<(String, String)>, String> {
    let mut pairs = Vec::new();
    for part in text.split(',').filter(|p| !p.is_empty()) {
        let Some((k, v)) = part.split_once('=') else {
            return Err(format!(
                "invalid argument \"{text}\" for \"--docker\" flag: {part} must be formatted as key=value"
            ));
        };
        pairs.push((k.to_string(), v.to_string()));
    }
    Ok(pairs)
}

/// `--docker KEY=VALUE,…` of `create` and `update` (docker/cli `create.go`
/// `getDockerEndpoint`): the endpoint's host and `skip-tls-verify`.
pub(super) fn endpoint_config(text: &str) -> Result<(String, bool), Output> {
    let pairs = match string_to_string(text) {
        Ok(p) => p,
        Err(e) => return Err(Output::failed(e, 1)),
    };
    let unknown: Vec<String> = pairs
        .iter()
        .filter(|(k, _)| {
            !matches!(
                k.as_str(),
                "from" | "host" | "ca" | "cert" | "key" | "skip-tls-verify"
            )
        })
        .map(|(k, _)| format!("unrecognized config key: {k}"))
        .collect();
    if !unknown.is_empty() {
        return Err(Output::failed(
            format!(
                "unable to create docker endpoint config: {}",
                unknown.join("\n")
            ),
            1,
        ));
    }
    if pairs
        .iter()
        .any(|(k, _)| matches!(k.as_str(), "from" | "ca" | "cert" | "key"))
    {
        return Err(Output::failed(
            "berth: the context keys from, ca, cert and key are not simulated; give host=tcp://HOST:PORT (and skip-tls-verify=true)",
            1,
        ));
    }
    let get = |key: &str| {
        pairs
            .iter()
            .rev()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.clone())
    };
    let skip = match get("skip-tls-verify").as_deref() {
        None => false,
        Some("1" | "t" | "T" | "true" | "TRUE" | "True") => true,
        Some("0" | "f" | "F" | "false" | "FALSE" | "False") => false,
        Some(other) => {
            return Err(Output::failed(
                format!("unable to create docker endpoint config: skip-tls-verify: parsing {other:?}: invalid syntax"),
                1,
            ))
        }
    };
    Ok((get("host").unwrap_or_default(), skip))
}

fn create(
    world: &mut World,
    host: &str,
    caller: &Caller,
    name: &str,
    description: String,
    docker: Option<String>,
) -> Output {
    if let Err(e) = validate_name(name) {
        return Output::failed(e, 1);
    }
    if config::stored_context(world, host, caller, name).is_some() {
        return Output::failed(format!("context {name:?} already exists"), 1);
    }
    let (endpoint, skip_tls_verify) = match docker {
        // create.go: no --docker copies the current context's endpoint.
        None => {
            let current = config::current_context(world, host, caller);
            match config::stored_context(world, host, caller, &current) {
                Some(c) => (c.host, c.skip_tls_verify),
                None => (config::default_endpoint(world, host), false),
            }
        }
        Some(text) => match endpoint_config(&text) {
            Ok(endpoint) => endpoint,
            Err(o) => return o,
        },
    };
    let context = StoredContext {
        name: name.to_string(),
        description,
        host: endpoint,
        skip_tls_verify,
    };
    if let Err(e) = config::store_context(world, host, caller, &context) {
        return Output::failed(e, 1);
    }
    let mut o = Output::default();
    o.out(name);
    o.err(format!("Successfully created context {name:?}"));
    o
}

fn rm(world: &mut World, host: &str, caller: &Caller, names: &[String], force: bool) -> Output {
    let current = config::current_context(world, host, caller);
    let mut o = Output::default();
    let mut errors = Vec::new();
    for name in names {
        if name == DEFAULT_CONTEXT {
            errors.push(r#"context "default" cannot be removed"#.to_string());
            continue;
        }
        if *name == current {
            if !force {
                errors.push(format!(
                    "context {name:?} is in use, set -f flag to force remove"
                ));
                continue;
            }
            // remove.go: the config falls back to the default context.
            let mut file = config::read_config(world, host, caller);
            file.remove("currentContext");
            if let Err(e) = config::write_config(world, host, caller, file) {
                errors.push(e);
                continue;
            }
        }
        if !force && config::stored_context(world, host, caller, name).is_none() {
            errors.push(format!("context {name:?} does not exist"));
            continue;
        }
        config::remove_context(world, host, caller, name);
        o.out(name.clone());
    }
    if !errors.is_empty() {
        o.err(errors.join("\n"));
        o.exit_code = 1;
    }
    o
}

fn inspect(world: &World, host: &str, caller: &Caller, names: Vec<String>) -> Output {
    let names = if names.is_empty() {
        vec![config::current_context(world, host, caller)]
    } else {
        names
    };
    let mut shown = Vec::new();
    let mut errors = Vec::new();
    for name in &names {
        let (context, storage) = if name == DEFAULT_CONTEXT {
            let c = StoredContext {
                name: name.clone(),
                description: String::new(),
                host: config::default_endpoint(world, host),
                skip_tls_verify: false,
            };
            // defaultcontextstore.go: the default context lives in memory.
            (c, ("<IN MEMORY>".to_string(), "<IN MEMORY>".to_string()))
        } else {
            match config::stored_context(world, host, caller, name) {
                Some(c) => {
                    let meta = config::context_dir(caller, name);
                    let tls = meta.replace("/contexts/meta/", "/contexts/tls/");
                    (c, (meta, tls))
                }
                None => {
                    errors.push(config::not_found(caller, name));
                    continue;
                }
            }
        };
        let mut metadata = Vec::new();
        if !context.description.is_empty() {
            metadata.push((
                "Description".to_string(),
                GoValue::str(context.description.clone()),
            ));
        }
        let mut endpoint = Vec::new();
        if !context.host.is_empty() {
            endpoint.push(("Host", GoValue::str(context.host.clone())));
        }
        endpoint.push(("SkipTLSVerify", GoValue::Bool(context.skip_tls_verify)));
        // inspect.go's `contextWithTLSListing`: the store's Metadata, then the TLS files and
        // the storage paths.
        shown.push(GoValue::structure(
            "context.contextWithTLSListing",
            vec![
                ("Name", GoValue::str(context.name.clone())),
                ("Metadata", GoValue::map(metadata)),
                (
                    "Endpoints",
                    GoValue::map(vec![(
                        "docker".to_string(),
                        GoValue::structure("docker.EndpointMeta", endpoint),
                    )]),
                ),
                ("TLSMaterial", GoValue::map(Vec::new())),
                (
                    "Storage",
                    GoValue::structure(
                        "store.StorageInfo",
                        vec![
                            ("MetadataPath", GoValue::str(storage.0)),
                            ("TLSPath", GoValue::str(storage.1)),
                        ],
                    ),
                ),
            ],
        ));
    }
    let mut o = Output::default();
    // inspect.go prints what it found, then the errors.
    if !shown.is_empty() || errors.is_empty() {
        o.out(crate::golang::json::marshal_indent(
            &GoValue::List(shown),
            "    ",
        ));
    }
    if !errors.is_empty() {
        o.err(errors.join("\n"));
        o.exit_code = 1;
    }
    o
}
