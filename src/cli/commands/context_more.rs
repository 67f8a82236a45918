//! `docker context update|export|import` (docker/cli `cli/command/context/update.go`,
//! `export.go`, `import.go`, `cli/context/store/store.go`).
//!
//! Rules:
//! - `update` changes the description (when given) and, with `--docker`, the endpoint, as
//!   `create` parses it; it prints the name on stdout and `Successfully updated context "x"`
//!   on stderr.
//! - `export NAME [FILE]` writes `NAME.dockercontext` (or FILE) in the client's folder, and
//!   never over a file that exists (`O_EXCL`); `-` to a terminal is refused as docker/cli
//!   refuses it. `import NAME FILE` stores what an export wrote under the new name.
//!
//! Not simulated: the archive itself. Docker writes a tar holding `meta.json` (and `tls/`);
//! Berth's file holds the `meta.json` text alone, which is what `import` reads back. A file
//! that is not one says so in a `berth:` line.

use super::client_config::{self as config, StoredContext, DEFAULT_CONTEXT};
use super::context::ContextCommand;
use crate::cli::flags::{Flag, Spec};
use crate::cli::{exact_args, parse_flags, Docker, Output};
use crate::engine::docker::caller::Caller;
use crate::engine::World;

pub const UPDATE: Spec = Spec {
    path: "docker context update",
    use_line: "docker context update [OPTIONS] CONTEXT",
    description: "Update a context",
    aliases: "",
    flags: &[
        Flag::value("description", None, "string", "Description of the context"),
        Flag::value("docker", None, "stringToString", "set the docker endpoint"),
    ],
    interspersed: true,
    excluded: &[],
};

pub const EXPORT: Spec = Spec {
    path: "docker context export",
    use_line: "docker context export [OPTIONS] CONTEXT [FILE|-]",
    description: "Export a context to a tar archive FILE or a tar stream on STDOUT.",
    aliases: "",
    flags: &[],
    interspersed: true,
    excluded: &[],
};

pub const IMPORT: Spec = Spec {
    path: "docker context import",
    use_line: "docker context import CONTEXT FILE|-",
    description: "Import a context from a tar or zip file",
    aliases: "",
    flags: &[],
    interspersed: true,
    excluded: &[],
};

/// `docker context update|export|import …`.
pub fn parse(verb: &str, args: &[String]) -> Result<Docker, Output> {
    let spec = match verb {
        "update" => &UPDATE,
        "export" => &EXPORT,
        _ => &IMPORT,
    };
    let Some(parsed) = parse_flags(spec, args)? else {
        return Ok(Docker::Help(spec));
    };
    let command = match (verb, parsed.args.as_slice()) {
        ("update", [name]) => ContextCommand::Update {
            name: name.clone(),
            description: parsed.value("description").unwrap_or_default().to_string(),
            docker: parsed.values.get("docker").map(|v| v.join(",")),
        },
        ("update", _) => return Err(exact_args(spec, 1)),
        ("export", [name]) => ContextCommand::Export {
            name: name.clone(),
            dest: format!("{name}.dockercontext"),
        },
        ("export", [name, dest]) => ContextCommand::Export {
            name: name.clone(),
            dest: dest.clone(),
        },
        // docker/cli `RequiresRangeArgs(1, 2)`.
        ("export", _) => {
            return Err(Output::failed(
                format!(
                    "docker: '{path}' requires at least 1 and at most 2 arguments\n\nUsage:  {}\n\nRun '{path} --help' for more information",
                    spec.use_line,
                    path = spec.path
                ),
                1,
            ))
        }
        (_, [name, source]) => ContextCommand::Import {
            name: name.clone(),
            source: source.clone(),
        },
        _ => return Err(exact_args(spec, 2)),
    };
    Ok(Docker::Context(command))
}

/// `docker context update`.
pub fn update(
    world: &mut World,
    host: &str,
    caller: &Caller,
    name: &str,
    description: String,
    docker: Option<String>,
) -> Output {
    if let Err(e) = super::context::validate_name(name) {
        return Output::failed(e, 1);
    }
    let Some(mut context) = config::stored_context(world, host, caller, name) else {
        return Output::failed(config::not_found(caller, name), 1);
    };
    if !description.is_empty() {
        context.description = description;
    }
    if let Some(text) = docker {
        match super::context::endpoint_config(&text) {
            Ok((endpoint, skip)) => {
                context.host = endpoint;
                context.skip_tls_verify = skip;
            }
            Err(o) => return o,
        }
    }
    if let Err(e) = config::store_context(world, host, caller, &context) {
        return Output::failed(e, 1);
    }
    let mut o = Output::default();
    o.out(name);
    o.err(format!("Successfully updated context {name:?}"));
    o
}

/// `docker context export`.
pub fn export(world: &mut World, host: &str, caller: &Caller, name: &str, dest: &str) -> Output {
    if name != DEFAULT_CONTEXT {
        if let Err(e) = super::context::validate_name(name) {
            return Output::failed(e, 1);
        }
    }
    if dest == "-" {
        // The terminal is the output (a pipe is not simulated apart from it).
        return Output::failed(
            "cowardly refusing to export to a terminal, specify a file path",
            1,
        );
    }
    let path = client_path(dest);
    let exists = world
        .fs_view(host, None)
        .is_ok_and(|v| v.read(&path).is_ok() || v.is_dir(&path));
    if exists {
        // `os.OpenFile(dest, O_RDWR|O_CREATE|O_EXCL, 0o600)`'s error.
        return Output::failed(format!("open {dest}: file exists"), 1);
    }
    let context = if name == DEFAULT_CONTEXT {
        StoredContext {
            name: name.to_string(),
            description: String::new(),
            host: config::default_endpoint(world, host),
            skip_tls_verify: false,
        }
    } else {
        match config::stored_context(world, host, caller, name) {
            Some(c) => c,
            None => {
                // The file is created first; the store's error comes through the copy.
                let _ = world.file_write(host, None, &path, "", false);
                return Output::failed(config::not_found(caller, name), 1);
            }
        }
    };
    if let Err(e) = world.file_write(host, None, &path, &config::meta_json(&context), false) {
        return Output::failed(format!("open {dest}: {e}"), 1);
    }
    let mut o = Output::default();
    o.err(format!("Written file {dest:?}"));
    o
}

/// `docker context import`.
pub fn import(world: &mut World, host: &str, caller: &Caller, name: &str, source: &str) -> Output {
    // create.go `checkContextNameForCreation`.
    if let Err(e) = super::context::validate_name(name) {
        return Output::failed(e, 1);
    }
    if config::stored_context(world, host, caller, name).is_some() {
        return Output::failed(format!("context {name:?} already exists"), 1);
    }
    if source == "-" {
        return Output::failed(
            "berth: importing a context from standard input is not simulated; give the file `docker context export` wrote",
            1,
        );
    }
    let path = client_path(source);
    let Ok(text) = world.fs_view(host, None).and_then(|v| v.read(&path)) else {
        return Output::failed(format!("open {source}: no such file or directory"), 1);
    };
    let Some(mut context) = parse_export(&text) else {
        return Output::failed(
            format!("berth: {source} is not a file `docker context export` wrote here (Berth's export holds the context's meta.json; reading tar or zip archives is not simulated)"),
            1,
        );
    };
    context.name = name.to_string();
    if let Err(e) = config::store_context(world, host, caller, &context) {
        return Output::failed(e, 1);
    }
    let mut o = Output::default();
    o.out(name);
    o.err(format!("Successfully imported context {name:?}"));
    o
}

/// The context in an export's `meta.json` text.
fn parse_export(text: &str) -> Option<StoredContext> {
    let meta: serde_json::Value = serde_json::from_str(text).ok()?;
    let docker = meta.get("Endpoints")?.get("docker")?;
    let text_of = |v: Option<&serde_json::Value>| {
        v.and_then(serde_json::Value::as_str)
            .unwrap_or_default()
            .to_string()
    };
    Some(StoredContext {
        name: text_of(meta.get("Name")),
        description: text_of(meta.get("Metadata").and_then(|m| m.get("Description"))),
        host: text_of(docker.get("Host")),
        skip_tls_verify: docker
            .get("SkipTLSVerify")
            .and_then(serde_json::Value::as_bool)
            .unwrap_or(false),
    })
}

/// A path the client names, from the shell's working directory.
fn client_path(path: &str) -> String {
    let dir = crate::cli::dispatch::client_dir().unwrap_or_else(|| "/root".to_string());
    crate::engine::fs::resolve(&dir, path)
}
