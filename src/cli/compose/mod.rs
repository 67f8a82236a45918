//! `docker compose`: Compose v2 (v2.40.3, the plugin shipped with Docker 29.0) as a client of
//! the Engine API. It reads the compose file from the host's files (what `cat > compose.yaml
//! <<'EOF'` wrote), loads it as compose-go does and sends the engine the operations Compose
//! would send, with the caller's identity: the daemon decides, as for any `docker` command.
//!
//! Files: [`model`] (the project), [`attach`] (`up` without `-d`, following the output), [`loader`] (finding and reading the file, YAML, `.env`,
//! interpolation), [`schema`] (the compose-spec checks and the document to the model),
//! [`lifecycle`] (up, down, start, stop, restart, pull: the convergence), [`commands`] (ps,
//! logs, exec, run, ls, rm, version), [`views`] (config, images, top) and [`output`] (the progress block
//! and the other texts). This file parses the global flags and routes the subcommand.
//!
//! Rules: every text is Compose's (docker/compose v2.40.3 and compose-go v2.9.1, cited where
//! used); anything Compose has that Berth does not simulate answers with a `berth:` line.
//! The current folder is the shell's working directory (after `cd app`, `app`'s folder; the
//! home when no shell typed the command), so a project is named after that folder unless
//! `-p` or `name:` says otherwise, and `.env` and build contexts are read from there.
//!
//! `build:` sections go through `docker build` (`cli/commands/image_build.rs`).
//!
//! Not simulated: `watch`, `--profile`,
//! `--env-file`, `--project-directory`, several `-f` files merged, `scale`.

pub mod attach;
pub mod commands;
pub mod lifecycle;
pub mod loader;
pub mod model;
pub mod output;
pub mod schema;
pub mod views;

use std::collections::BTreeMap;

use loader::ProjectOptions;

use crate::cli::Output;
use crate::engine::docker::caller::Caller;
use crate::engine::World;

/// `docker compose --help` (docker/compose `cmd/compose/compose.go`, the commands' `Short`).
const COMMANDS: &[(&str, &str)] = &[
    ("build", "Build or rebuild services"),
    (
        "config",
        "Parse, resolve and render compose file in canonical format",
    ),
    ("create", "Creates containers for a service"),
    ("down", "Stop and remove containers, networks"),
    ("exec", "Execute a command in a running container"),
    ("images", "List images used by the created containers"),
    ("logs", "View output from containers"),
    ("ls", "List running compose projects"),
    ("ps", "List containers"),
    ("pull", "Pull service images"),
    ("restart", "Restart service containers"),
    ("rm", "Removes stopped service containers"),
    ("run", "Run a one-off command on a service"),
    ("start", "Start services"),
    ("stop", "Stop services"),
    ("top", "Display the running processes"),
    ("up", "Create and start containers"),
    ("version", "Show the Docker Compose version information"),
];

/// Compose's other commands: real, not simulated.
const OTHER_COMMANDS: &[&str] = &[
    "attach", "bridge", "commit", "cp", "events", "export", "kill", "pause", "port", "publish",
    "push", "scale", "stats", "unpause", "volumes", "wait", "watch", "alpha",
];

fn help() -> Output {
    let mut text = String::from(
        "\nUsage:  docker compose [OPTIONS] COMMAND\n\nDefine and run multi-container applications with Docker\n\nOptions:\n  \
         -f, --file stringArray           Compose configuration files\n  \
         -p, --project-name string        Project name\n\nCommands:\n",
    );
    for (name, description) in COMMANDS {
        text.push_str(&format!("  {name:<11} {description}\n"));
    }
    text.push_str(
        "\nRun 'docker compose COMMAND --help' for more information on a command.\n\n\
         berth: only the commands above are simulated.",
    );
    let mut o = Output::default();
    o.out(text);
    o
}

/// Where a command of `caller` runs: the shell's working directory (compose-go's
/// `os.Getwd()`), else the home folder (a command typed outside a shell).
fn current_folder(caller: &Caller) -> String {
    if let Some(dir) = crate::cli::dispatch::client_dir() {
        return dir;
    }
    match caller.user.as_str() {
        "" | "root" => "/root".to_string(),
        user => format!("/home/{user}"),
    }
}

/// `docker compose ARGS…`.
pub fn compose(world: &mut World, host: &str, caller: &Caller, args: &[String]) -> Output {
    let mut options = ProjectOptions {
        cwd: current_folder(caller),
        os_env: world
            .host(host)
            .map(|h| h.machine.shell_env.clone())
            .unwrap_or_else(|_| BTreeMap::new()),
        ..ProjectOptions::default()
    };
    let mut rest = args;
    // The global flags come before the command (cobra's persistent flags of `compose`).
    while let Some((first, tail)) = rest.split_first() {
        let (flag, inline) = match first.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f, Some(v.to_string())),
            _ => (first.as_str(), None),
        };
        let takes_value = matches!(
            flag,
            "-f" | "--file"
                | "-p"
                | "--project-name"
                | "--env-file"
                | "--project-directory"
                | "--profile"
                | "--progress"
                | "--ansi"
                | "--parallel"
        );
        if !takes_value {
            break;
        }
        let (value, after) = match inline {
            Some(v) => (v, tail),
            None => match tail.split_first() {
                Some((v, after)) => (v.clone(), after),
                None => {
                    // pflag's error, as cobra prints it for a plugin.
                    return Output::failed(
                        format!(
                            "flag needs an argument: '{}' in {flag}",
                            flag.trim_start_matches('-').chars().next().unwrap_or('f')
                        ),
                        1,
                    );
                }
            },
        };
        match flag {
            "-f" | "--file" => options.files.push(value),
            "-p" | "--project-name" => options.project_name = Some(value),
            other => {
                return Output::failed(
                    format!(
                    "berth: docker compose {other} is not simulated yet; simulated options: -f, -p"
                ),
                    1,
                )
            }
        }
        rest = after;
    }
    let Some((command, args)) = rest.split_first() else {
        return help();
    };
    match command.as_str() {
        "--help" | "-h" | "help" => help(),
        "version" | "-v" | "--version" => commands::version(args),
        "ls" => commands::ls(world, host, caller, args),
        c if COMMANDS.iter().any(|(n, _)| *n == c) => {
            if args.iter().any(|a| a == "--help" || a == "-h") {
                return help();
            }
            commands::run_command(world, host, caller, &options, c, args)
        }
        c if OTHER_COMMANDS.contains(&c) => Output::failed(
            format!(
                "berth: `docker compose {c}` is not simulated yet. Simulated: {}.",
                COMMANDS
                    .iter()
                    .map(|(n, _)| *n)
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            1,
        ),
        // docker/compose `cmd/compose/compose.go`.
        c => Output::failed(format!("unknown docker command: \"compose {c}\""), 1),
    }
}
