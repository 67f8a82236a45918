//! `docker run` (`docker container run`): create (the daemon asks its authorization plugins,
//! then answers "No such image", and the CLI pulls and creates again), attach and wait when
//! not detached, then start, each request sent as the caller; and `docker create`, which
//! stops after the create and shares every flag but `-d`. Each answer is printed as it
//! comes: a start the plugins refuse leaves the container Created, as on a real daemon.
//!
//! Source for the wording: docker/cli `cli/command/container/run.go` and `create.go`. Every
//! error is framed `docker: <err>\n\nRun 'docker run --help' for more information` with exit
//! status 125 (daemon errors) or 127 (executable not found).

use crate::cli::flags::{Flag, Spec};
use crate::cli::shells::container::run_main_tool;
use crate::cli::{parse_flags, requires_min_args, Docker, Output};
use crate::engine::docker::caller::Caller;
use crate::engine::docker::ports::PortSpec;
use crate::engine::docker::volumes::Mount;
use crate::engine::{
    ContainerCreate, EngineError, ImageRef, Program, RestartPolicy, Started, World,
};

pub const SPEC: Spec = Spec {
    path: "docker run",
    use_line: "docker run [OPTIONS] IMAGE [COMMAND] [ARG...]",
    description: "Create and run a new container from an image",
    aliases: "docker container run, docker run",
    flags: FLAGS,
    interspersed: false,
    excluded: &[],
};

pub const CREATE: Spec = Spec {
    path: "docker create",
    use_line: "docker create [OPTIONS] IMAGE [COMMAND] [ARG...]",
    description: "Create a new container",
    aliases: "docker container create, docker create",
    flags: FLAGS,
    interspersed: false,
    excluded: &["detach"],
};

const FLAGS: &[Flag] = &[
    Flag::value(
        "add-host",
        None,
        "list",
        "Add a custom host-to-IP mapping (host:ip)",
    )
    .not_simulated(),
    Flag::value(
        "attach",
        Some('a'),
        "list",
        "Attach to STDIN, STDOUT or STDERR",
    )
    .not_simulated(),
    Flag::value("cap-add", None, "list", "Add Linux capabilities"),
    Flag::value("cap-drop", None, "list", "Drop Linux capabilities"),
    Flag::value(
        "cidfile",
        None,
        "string",
        "Write the container ID to the file",
    ),
    Flag::value(
        "cpu-shares",
        Some('c'),
        "int",
        "CPU shares (relative weight)",
    ),
    Flag::value("cpus", None, "decimal", "Number of CPUs"),
    Flag::bool(
        "detach",
        Some('d'),
        "Run container in background and print container ID",
    ),
    Flag::value("dns", None, "list", "Set custom DNS servers").not_simulated(),
    Flag::value(
        "entrypoint",
        None,
        "string",
        "Overwrite the default ENTRYPOINT of the image",
    ),
    Flag::value("env", Some('e'), "list", "Set environment variables"),
    Flag::value(
        "env-file",
        None,
        "list",
        "Read in a file of environment variables",
    )
    .not_simulated(),
    Flag::value("expose", None, "list", "Expose a port or a range of ports").not_simulated(),
    Flag::value(
        "health-cmd",
        None,
        "string",
        "Command to run to check health",
    ),
    Flag::value("hostname", Some('h'), "string", "Container host name"),
    Flag::bool(
        "interactive",
        Some('i'),
        "Keep STDIN open even if not attached",
    ),
    Flag::value("ip", None, "string", "IPv4 address (e.g., 172.30.100.104)"),
    Flag::value("ipc", None, "string", "IPC mode to use"),
    Flag::value(
        "isolation",
        None,
        "string",
        "Container isolation technology",
    ),
    Flag::value("label", Some('l'), "list", "Set meta data on a container"),
    Flag::value("link", None, "list", "Add link to another container"),
    Flag::value("memory", Some('m'), "bytes", "Memory limit"),
    Flag::value(
        "mount",
        None,
        "mount",
        "Attach a filesystem mount to the container",
    ),
    Flag::value("name", None, "string", "Assign a name to the container"),
    Flag::value("net", None, "network", "Connect a container to a network").hidden(),
    Flag::value(
        "net-alias",
        None,
        "list",
        "Add network-scoped alias for the container",
    )
    .hidden(),
    Flag::value(
        "network",
        None,
        "network",
        "Connect a container to a network",
    ),
    Flag::value(
        "network-alias",
        None,
        "list",
        "Add network-scoped alias for the container",
    ),
    Flag::value("pid", None, "string", "PID namespace to use"),
    Flag::value(
        "pids-limit",
        None,
        "int",
        "Tune container pids limit (set -1 for unlimited)",
    ),
    Flag::bool(
        "privileged",
        None,
        "Give extended privileges to this container",
    ),
    Flag::value(
        "publish",
        Some('p'),
        "list",
        "Publish a container's port(s) to the host",
    ),
    Flag::bool(
        "publish-all",
        Some('P'),
        "Publish all exposed ports to random ports",
    ),
    Flag::value(
        "pull",
        None,
        "string",
        "Pull image before creating (\"always\", \"missing\", \"never\")",
    )
    .with_default("\"missing\""),
    Flag::bool(
        "read-only",
        None,
        "Mount the container's root filesystem as read only",
    ),
    Flag::value(
        "restart",
        None,
        "string",
        "Restart policy to apply when a container exits",
    )
    .with_default("\"no\""),
    Flag::bool(
        "rm",
        None,
        "Automatically remove the container and its associated anonymous volumes when it exits",
    ),
    Flag::value("security-opt", None, "list", "Security Options"),
    Flag::value("tmpfs", None, "list", "Mount a tmpfs directory"),
    Flag::bool("tty", Some('t'), "Allocate a pseudo-TTY"),
    Flag::value(
        "user",
        Some('u'),
        "string",
        "Username or UID (format: <name|uid>[:<group|gid>])",
    ),
    Flag::value("userns", None, "string", "User namespace to use"),
    Flag::value("uts", None, "string", "UTS namespace to use"),
    Flag::value("volume", Some('v'), "list", "Bind mount a volume"),
    Flag::value(
        "workdir",
        Some('w'),
        "string",
        "Working directory inside the container",
    ),
];

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContainerRun {
    /// `docker create`: create only, print the ID.
    pub create_only: bool,
    /// `--cidfile FILE`: the client writes the new container's ID there (no newline).
    pub cidfile: Option<String>,
    pub detach: bool,
    pub interactive: bool,
    pub tty: bool,
    pub auto_remove: bool,
    pub name: Option<String>,
    pub network: Option<String>,
    pub aliases: Vec<String>,
    /// `--ip` as typed; checked when the container is created.
    pub ip: Option<String>,
    pub hostname: Option<String>,
    /// `--isolation`: checked by the daemon against its OS.
    pub isolation: Option<String>,
    /// `--health-cmd`.
    pub health_cmd: Option<String>,
    /// `--privileged`, `--cap-add`, `--pid`, `--memory`, … as parsed.
    pub security: crate::engine::docker::container::SecurityConfig,
    pub publish: Vec<String>,
    pub publish_all: bool,
    pub volumes: Vec<String>,
    pub mounts: Vec<String>,
    pub env: Vec<String>,
    pub entrypoint: Option<String>,
    pub workdir: Option<String>,
    pub user: Option<String>,
    pub restart: Option<String>,
    /// `--pull always|missing|never` as typed (docker/cli `create.go`; missing when unset).
    pub pull: Option<String>,
    pub links: Vec<String>,
    /// `--label KEY[=VALUE]`.
    pub labels: Vec<String>,
    pub image: String,
    pub cmd: Vec<String>,
}

pub fn parse(words: &[String]) -> Result<Docker, Output> {
    parse_with(&SPEC, words)
}

pub fn parse_create(words: &[String]) -> Result<Docker, Output> {
    parse_with(&CREATE, words)
}

fn parse_with(spec: &'static Spec, words: &[String]) -> Result<Docker, Output> {
    let Some(parsed) = parse_flags(spec, words)? else {
        return Ok(Docker::Help(spec));
    };
    let Some((image, cmd)) = parsed.args.split_first() else {
        return Err(requires_min_args(spec, 1));
    };
    Ok(Docker::ContainerRun(Box::new(ContainerRun {
        create_only: spec.path == CREATE.path,
        cidfile: parsed.value("cidfile").map(String::from),
        detach: parsed.is_set("detach"),
        interactive: parsed.is_set("interactive"),
        tty: parsed.is_set("tty"),
        auto_remove: parsed.is_set("rm"),
        name: parsed.value("name").map(String::from),
        network: parsed.value_of_either("network", "net").map(String::from),
        aliases: parsed.values_of_either("network-alias", "net-alias"),
        ip: parsed.value("ip").map(String::from),
        hostname: parsed.value("hostname").map(String::from),
        isolation: parsed.value("isolation").map(String::from),
        health_cmd: parsed.value("health-cmd").map(String::from),
        security: security_config(spec, &parsed)?,
        publish: parsed.values.get("publish").cloned().unwrap_or_default(),
        publish_all: parsed.is_set("publish-all"),
        volumes: parsed.values.get("volume").cloned().unwrap_or_default(),
        mounts: parsed.values.get("mount").cloned().unwrap_or_default(),
        // `-e KEY` with no value takes it from the client's environment, which here is empty:
        // the bare KEY reaches the daemon, which removes KEY from the image's Env (docker/cli
        // `opts.ValidateEnv`, moby `ReplaceOrAppendEnvValues`).
        env: parsed.values.get("env").cloned().unwrap_or_default(),
        entrypoint: parsed.value("entrypoint").map(String::from),
        workdir: parsed.value("workdir").map(String::from),
        user: parsed.value("user").map(String::from),
        restart: parsed.value("restart").map(String::from),
        pull: parsed.value("pull").map(String::from),
        links: parsed.values.get("link").cloned().unwrap_or_default(),
        labels: parsed.values.get("label").cloned().unwrap_or_default(),
        image: image.clone(),
        cmd: cmd.to_vec(),
    })))
}

/// The security and resource flags, checked as docker/cli does (`opts.go`, `parse`).
fn security_config(
    spec: &'static Spec,
    parsed: &crate::cli::flags::Parsed,
) -> Result<crate::engine::docker::container::SecurityConfig, Output> {
    use crate::cli::flags::FlagError;
    let invalid = |value: &str, flag: &str, reason: String| {
        crate::cli::flag_error(
            spec,
            &FlagError::InvalidValue {
                value: value.to_string(),
                flag: flag.to_string(),
                reason,
            },
        )
    };
    let memory = match parsed.value("memory") {
        None => 0,
        Some(m) => crate::cli::flags::ram_in_bytes(m)
            .ok_or_else(|| invalid(m, "-m, --memory", format!("invalid size: '{m}'")))?,
    };
    let nano_cpus = match parsed.value("cpus") {
        None => 0,
        Some(c) => c
            .parse::<f64>()
            .ok()
            .filter(|v| v.is_finite() && *v >= 0.0)
            .map(|v| (v * 1e9) as i64)
            .ok_or_else(|| {
                invalid(
                    c,
                    "--cpus",
                    format!("failed to parse {c} as a rational number"),
                )
            })?,
    };
    let int = |flag: &str, label: &str| -> Result<Option<i64>, Output> {
        match parsed.value(flag) {
            None => Ok(None),
            Some(v) => v.parse::<i64>().map(Some).map_err(|_| {
                invalid(
                    v,
                    label,
                    format!("strconv.ParseInt: parsing \"{v}\": invalid syntax"),
                )
            }),
        }
    };
    let cpu_shares = int("cpu-shares", "-c, --cpu-shares")?.unwrap_or(0);
    let pids_limit = int("pids-limit", "--pids-limit")?;
    let mode = |flag: &str, allowed: &[&str], what: &str| -> Result<String, Output> {
        let value = parsed.value(flag).unwrap_or("");
        let container = value.starts_with("container:") && matches!(flag, "pid" | "ipc");
        if allowed.contains(&value) || container {
            Ok(value.to_string())
        } else {
            Err(Output::failed(
                format!(
                    "docker: --{flag}: invalid {what} mode\n\nRun '{} --help' for more information",
                    spec.path
                ),
                125,
            ))
        }
    };
    Ok(crate::engine::docker::container::SecurityConfig {
        privileged: parsed.is_set("privileged"),
        cap_add: parsed.values.get("cap-add").cloned().unwrap_or_default(),
        cap_drop: parsed.values.get("cap-drop").cloned().unwrap_or_default(),
        pid_mode: mode("pid", &["", "host"], "PID")?,
        ipc_mode: mode("ipc", &["", "none", "private", "shareable", "host"], "IPC")?,
        uts_mode: mode("uts", &["", "host"], "UTS")?,
        userns_mode: mode("userns", &["", "host"], "USER")?,
        read_only: parsed.is_set("read-only"),
        // `--tmpfs PATH[:OPTIONS]`: the path; the mount options are not kept.
        tmpfs: parsed
            .values
            .get("tmpfs")
            .iter()
            .flat_map(|paths| paths.iter())
            .map(|t| t.split(':').next().unwrap_or(t).to_string())
            .collect(),
        security_opt: parsed
            .values
            .get("security-opt")
            .cloned()
            .unwrap_or_default(),
        memory,
        nano_cpus,
        cpu_shares,
        pids_limit,
    })
}

/// `docker: <err>` + the command's help hint, as `toStatusError` frames it.
fn run_error(o: &mut Output, command: &str, text: &str, exit_code: i32) {
    o.err(format!(
        "docker: {text}\n\nRun 'docker {command} --help' for more information"
    ));
    o.exit_code = exit_code;
}

/// `--restart NAME[:COUNT]`: the CLI's format checks, then the daemon's.
fn parse_restart(text: &str) -> Result<RestartPolicy, String> {
    let (name, count) = match text.split_once(':') {
        Some(("", _)) => {
            return Err("invalid restart policy format: no policy provided before colon".into())
        }
        Some((name, count)) => (
            name,
            Some(count.parse::<u32>().map_err(|_| {
                "invalid restart policy format: maximum retry count must be an integer".to_string()
            })?),
        ),
        None => (text, None),
    };
    RestartPolicy::from_parts(name, count).map_err(|e| format!("Error response from daemon: {e}"))
}

/// `docker run --pull always`: docker/cli `create.go` pullImage before the create, its
/// progress on stderr as `docker pull` shows it (without `Using default tag`), up to date or not.
fn pull_always(
    world: &mut World,
    host: &str,
    caller: &Caller,
    reference: &ImageRef,
    o: &mut Output,
) -> Result<(), EngineError> {
    let report = world.image_pull(host, caller, reference)?;
    o.err(format!("{}: Pulling from {}", reference.tag, report.remote));
    if report.downloaded {
        for layer in &report.layers {
            o.err(format!("{layer}: Pull complete"));
        }
    }
    o.err(format!("Digest: sha256:{}", report.digest));
    o.err(if report.downloaded {
        format!("Status: Downloaded newer image for {reference}")
    } else {
        format!("Status: Image is up to date for {reference}")
    });
    Ok(())
}

/// docker/cli `create.go`: when the daemon says "No such image", the CLI pulls (printing the
/// progress on stderr) and retries. `Err` carries the daemon's error.
pub fn ensure_image(
    world: &mut World,
    host: &str,
    caller: &Caller,
    reference: &ImageRef,
    o: &mut Output,
) -> Result<(), EngineError> {
    if world.image_inspect(host, reference).is_ok() {
        return Ok(());
    }
    o.err(format!("Unable to find image '{reference}' locally"));
    let report = world.image_pull(host, caller, reference).inspect_err(|e| {
        if matches!(e, EngineError::NoMatchingManifest(_)) {
            o.err(format!(
                "{}: Pulling from {}",
                reference.tag,
                reference.remote_path()
            ));
        }
    })?;
    o.err(format!(
        "{}: Pulling from {}",
        report.reference.tag, report.remote
    ));
    for layer in &report.layers {
        o.err(format!("{layer}: Pull complete"));
    }
    o.err(format!("Digest: sha256:{}", report.digest));
    o.err(format!("Status: Downloaded newer image for {reference}"));
    Ok(())
}

impl ContainerRun {
    /// The create request's body, built from the flags as docker/cli does before it sends
    /// anything; the warnings to print before the create, and the first error.
    fn config(&self, image: ImageRef) -> (Vec<&'static str>, Result<ContainerCreate, Refusal>) {
        let mut warnings = Vec::new();
        let ipv4_address = match self.ip.as_deref().map(str::parse) {
            None => None,
            Some(Ok(ip)) => Some(ip),
            Some(Err(_)) => {
                let network = self.network.as_deref().unwrap_or("bridge");
                let text = format!(
                    "Error response from daemon: invalid config for network {network}: invalid endpoint settings:\ninvalid IPv4 address: {}",
                    self.ip.as_deref().unwrap_or_default()
                );
                return (warnings, Err(Refusal::Run(text, 125)));
            }
        };
        let mut ports = Vec::new();
        for text in &self.publish {
            match text.parse::<PortSpec>() {
                Ok(spec) => ports.push(spec),
                Err(e) => {
                    return (warnings, Err(Refusal::Run(e.to_string(), 125)));
                }
            }
        }
        if self.network.as_deref() == Some("host") && (!ports.is_empty() || self.publish_all) {
            // docker/cli `create.go`: ports mean nothing on the host's own network.
            warnings.push("WARNING: Published ports are discarded when using host network mode");
        }
        let mut mounts = Vec::new();
        for text in &self.volumes {
            // docker/cli `opts.go` (`parse`): a bind's host part `.` or `./…` is made
            // absolute against the client's working directory before it is sent.
            let text = match (text.split_once(':'), crate::cli::dispatch::client_dir()) {
                (Some((host, rest)), Some(cwd)) if host == "." || host.starts_with("./") => {
                    format!("{}:{rest}", crate::engine::fs::resolve(&cwd, host))
                }
                _ => text.clone(),
            };
            match text.parse::<Mount>() {
                Ok(m) => mounts.push(m),
                Err(e) => {
                    return (
                        warnings,
                        Err(Refusal::Run(
                            format!("Error response from daemon: {e}"),
                            125,
                        )),
                    );
                }
            }
        }
        for text in &self.mounts {
            match Mount::parse_long(text) {
                Ok(m) => mounts.push(m),
                Err(e) if e.0.starts_with("berth:") => {
                    return (warnings, Err(Refusal::Alone(Output::failed(e.0, 1))))
                }
                Err(e) => {
                    return (warnings, Err(Refusal::Run(e.to_string(), 125)));
                }
            }
        }
        // docker/cli `opts.ParseRestartPolicy`, then the daemon's validation.
        let restart_policy = match self.restart.as_deref().map(parse_restart) {
            None => RestartPolicy::No,
            Some(Ok(p)) => p,
            Some(Err(e)) => {
                return (warnings, Err(Refusal::Run(e, 125)));
            }
        };
        if self.auto_remove && restart_policy != RestartPolicy::No {
            return (
                warnings,
                Err(Refusal::Run(
                    "conflicting options: cannot specify both --restart and --rm".into(),
                    125,
                )),
            );
        }
        let config = ContainerCreate {
            links: self
                .links
                .iter()
                .map(|l| match l.split_once(':') {
                    Some((name, alias)) => (name.to_string(), alias.to_string()),
                    None => (l.clone(), l.clone()),
                })
                .collect(),
            restart_policy,
            env: self.env.clone(),
            entrypoint: self.entrypoint.clone(),
            workdir: self.workdir.clone(),
            user: self.user.clone(),
            mounts,
            ports,
            publish_all: self.publish_all,
            network: self.network.clone(),
            aliases: self.aliases.clone(),
            ipv4_address,
            hostname: self.hostname.clone(),
            isolation: self.isolation.clone(),
            security: self.security.clone(),
            health_cmd: self.health_cmd.clone(),
            // docker/cli `opts.ConvertKVStringsToMap`: `KEY` alone is an empty value.
            labels: self
                .labels
                .iter()
                .map(|l| match l.split_once('=') {
                    Some((k, v)) => (k.to_string(), v.to_string()),
                    None => (l.clone(), String::new()),
                })
                .collect(),
            name: self.name.clone(),
            image,
            cmd: self.cmd.clone(),
            open_stdin: self.interactive,
            tty: self.tty,
            auto_remove: self.auto_remove,
        };
        (warnings, Ok(config))
    }

    pub fn execute(self, world: &mut World, host: &str, caller: &Caller) -> Output {
        let mut o = Output::default();
        let command = if self.create_only { "create" } else { "run" };
        let run_error = |o: &mut Output, text: &str, code: i32| run_error(o, command, text, code);
        // docker/cli `create.go` newCIDFile, before anything else: an existing file stops the
        // command (`docker create` prints the error alone, `run` frames it).
        let cidfile = self.cidfile.as_deref().filter(|f| !f.is_empty()).map(|f| {
            let dir = crate::cli::dispatch::client_dir().unwrap_or_else(|| "/root".to_string());
            (f.to_string(), crate::engine::fs::resolve(&dir, f))
        });
        if let Some((typed, path)) = &cidfile {
            let exists = world
                .fs_view(host, None)
                .is_ok_and(|files| files.read(path).is_ok() || files.is_dir(path));
            let parent = path.rsplit_once('/').map_or("/", |(p, _)| p);
            let parent = if parent.is_empty() { "/" } else { parent };
            let no_folder = !world.fs_view(host, None).is_ok_and(|v| v.is_dir(parent));
            let refused = if exists {
                Some(format!("container ID file found, make sure the other container isn't running or delete {typed}"))
            } else if no_folder {
                // `os.Create`'s error, wrapped by newCIDFile.
                Some(format!("failed to create the container ID file: open {typed}: no such file or directory"))
            } else {
                None
            };
            if let Some(text) = refused {
                if self.create_only {
                    return Output::failed(text, 1);
                }
                run_error(&mut o, &text, 125);
                return o;
            }
        }
        let write_cid = |world: &mut World, id: &str| {
            if let Some((_, path)) = &cidfile {
                let _ = world.file_write(host, None, path, id, false);
            }
        };
        let reference: ImageRef = match self.image.parse() {
            Ok(r) => r,
            Err(e) => {
                run_error(&mut o, &e.to_string(), 125);
                return o;
            }
        };
        let (warnings, config) = self.config(reference.clone());
        // docker/cli `createContainer`: the create goes first. The daemon asks its plugins,
        // then answers "No such image"; the CLI pulls and sends the create again.
        if world.image_inspect(host, &reference).is_err() {
            if let Ok(config) = &config {
                if let Err(e @ EngineError::Authz(_)) =
                    world.container_create(host, caller, config.clone())
                {
                    run_error(&mut o, &format!("Error response from daemon: {e}"), 125);
                    return o;
                }
            }
        }
        // docker/cli `run.go` validatePullOpt, before anything reaches the daemon.
        let pull = self.pull.as_deref().unwrap_or("missing");
        if !matches!(pull, "always" | "missing" | "never" | "") {
            run_error(
                &mut o,
                &format!(
                    "invalid pull option: '{pull}': must be one of \"always\", \"missing\" or \"never\""
                ),
                125,
            );
            return o;
        }
        // `--pull never`: the daemon's "No such image" is the answer; `--pull always` pulls
        // first, with the pull's progress on stderr (docker/cli `create.go` pullImage).
        let pulled = match pull {
            "never" if world.image_inspect(host, &reference).is_err() => {
                run_error(
                    &mut o,
                    &format!("Error response from daemon: No such image: {reference}"),
                    125,
                );
                return o;
            }
            "always" => pull_always(world, host, caller, &reference, &mut o),
            _ => ensure_image(world, host, caller, &reference, &mut o),
        };
        match pulled {
            Ok(()) => {}
            // Streamed by the pull itself, not a daemon error response.
            Err(e @ EngineError::NoMatchingManifest(_)) => {
                run_error(&mut o, &e.to_string(), 125);
                return o;
            }
            Err(e) => {
                run_error(&mut o, &format!("Error response from daemon: {e}"), 125);
                if let Some(hint) = super::image_pull::offline_hint(&e) {
                    o.err(hint);
                }
                return o;
            }
        }
        for warning in warnings {
            o.err(warning);
        }
        let config = match config {
            Ok(config) => config,
            Err(Refusal::Run(text, code)) => {
                run_error(&mut o, &text, code);
                return o;
            }
            Err(Refusal::Alone(alone)) => return alone,
        };
        // What sdc-docker accepts and ignores: it says nothing; its docs (commands/run.md,
        // "Divergence") do, so Berth says it.
        if world.triton(host).is_some() {
            let ignored = crate::engine::platforms::triton::ignored(&config);
            if !ignored.is_empty() {
                o.err(format!(
                    "berth: Triton ignores {}: a container is a SmartOS zone, with no Linux capabilities to grant (sdc-docker docs, run: Divergence)",
                    ignored.join(", ")
                ));
            }
        }
        if self.create_only {
            match world.container_create(host, caller, config) {
                Ok(id) => {
                    write_cid(world, &id);
                    o.out(id);
                }
                Err(e) => run_error(&mut o, &format!("Error response from daemon: {e}"), 125),
            }
            return o;
        }
        let mut attached_server = false;
        let mut repl = false;
        if !self.detach {
            // Attached, Berth can run a process that exits by itself, hand the terminal to
            // an interactive shell (`-it alpine sh`), or stream a server's output until Ctrl-C
            // (a `Follow`). A process that ignores SIGINT would hold the terminal forever:
            // refuse before creating anything.
            let planned = world.plan_process(host, &config);
            let argv = planned
                .as_ref()
                .map(|(argv, _)| argv.clone())
                .unwrap_or_default();
            match planned.map(|(_, program)| program) {
                Ok(Program::OneShot { .. } | Program::Tool | Program::NotFound(_)) => {}
                // The shell may come after an entrypoint script (`docker run -it node bash`).
                Ok(Program::Daemonless)
                    if self.interactive && (is_shell(&argv) || is_shell(&self.cmd)) => {}
                // A language's REPL Berth evaluates (`docker run -it python`, `node`): the
                // terminal sits at its prompt once the container starts.
                Ok(Program::Daemonless)
                    if self.interactive && crate::cli::shells::repl::opens_prompt(&argv) =>
                {
                    repl = true;
                }
                // Another language's interactive interpreter (`irb`, `ghci`): Berth has no
                // evaluator for it.
                Ok(Program::Daemonless) if self.interactive => {
                    let program = argv
                        .first()
                        .map_or("", |p| p.rsplit('/').next().unwrap_or(p));
                    o.err(format!(
                        "berth: the interactive `{program}` of {} is not simulated. Open a shell in the image instead: docker run -it {} sh",
                        self.image, self.image
                    ));
                    o.exit_code = 1;
                    return o;
                }
                Ok(Program::Server) => attached_server = true,
                Ok(_) => {
                    o.err(format!(
                        "berth: attaching to a process that keeps running is not simulated yet (only \
                         interactive shells, with -it, and commands that exit by themselves). Add -d \
                         to run {} in the background.",
                        self.image
                    ));
                    o.exit_code = 1;
                    return o;
                }
                Err(e) => {
                    run_error(&mut o, &format!("Error response from daemon: {e}"), 125);
                    return o;
                }
            }
        }
        let id = match world.container_create(host, caller, config) {
            Ok(id) => {
                write_cid(world, &id);
                id
            }
            Err(e) => {
                run_error(&mut o, &format!("Error response from daemon: {e}"), 125);
                return o;
            }
        };
        if self.detach {
            // docker/cli prints the ID before the start completes, so it shows even when the
            // start then fails.
            o.out(id.clone());
        }
        if !self.detach {
            // docker/cli `run.go`: attached, it attaches and waits before the start.
            let attached = world
                .container_attach(host, caller, &id)
                .and_then(|_| world.container_wait(host, caller, &id));
            if let Err(e) = attached {
                run_error(&mut o, &format!("Error response from daemon: {e}"), 125);
                return o;
            }
        }
        match world.container_start(host, caller, &id) {
            Ok(Started::Exited(exit)) if !self.detach => {
                for line in exit.output {
                    o.out(line);
                }
                o.exit_code = exit.exit_code;
            }
            Ok(Started::Tool) => {
                let ran = run_main_tool(world, host, &id);
                if !self.detach {
                    o.lines.extend(ran.lines);
                    o.exit_code = ran.exit_code;
                    if ran.enter_shell.is_some() {
                        // A database client's prompt (`docker run -it postgres psql -h db`).
                        o.enter_shell = ran.enter_shell;
                    } else {
                        // A script that never ends (a loop, `tail -f`) would hold the terminal
                        // until stopped from elsewhere: the prompt comes back instead.
                        let name = world
                            .container_lookup(host, &id)
                            .ok()
                            .filter(|c| c.is_running())
                            .map(|c| c.name.clone());
                        if let Some(name) = name {
                            o.err(format!("berth: the container's command never ends, so it keeps running in the background here (docker would hold this terminal); docker logs -f {name} follows it, docker stop {name} ends it"));
                        }
                    }
                }
            }
            Ok(Started::Running) if attached_server => {
                // docker/cli `run.go`: the client streams the container's output and waits;
                // the session polls the follow each tick and forwards Ctrl-C as SIGINT.
                let source = crate::cli::LogSource {
                    container_id: id.clone(),
                    prefix: String::new(),
                    shown: 0,
                    timestamps: false,
                };
                let mut follow =
                    crate::cli::Follow::new(host, caller, crate::cli::FollowKind::Attached(source));
                let polled = follow.poll(world);
                o.lines.extend(polled.output.lines);
                if polled.ended {
                    o.exit_code = polled.output.exit_code;
                } else {
                    o.follow = Some(Box::new(follow));
                }
            }
            Ok(Started::Running) if repl => {
                if let Ok(c) = world.container_lookup(host, &id) {
                    let mut argv = vec![c.path.clone()];
                    argv.extend(c.args.iter().cloned());
                    let opened = crate::cli::shells::repl::open(
                        world,
                        host,
                        &id,
                        &argv,
                        (self.tty, true),
                        true,
                        None,
                    );
                    if let Some(opened) = opened {
                        o.lines.extend(opened.lines);
                        o.enter_shell = opened.enter_shell;
                    }
                }
            }
            Ok(Started::Running) if !self.detach => {
                // The interactive shell: the terminal now talks to it.
                if let Ok(c) = world.container_lookup(host, &id) {
                    let shell = c.runs_interactive_shell().unwrap_or("sh").to_string();
                    let netshoot = c.image.repository == "nicolaka/netshoot" && c.path == "zsh";
                    let userland = world.image_entry(c).map(|e| e.userland);
                    let prompt = match (userland, self.tty) {
                        (Some(u), true) => crate::cli::render::prompt::container(
                            u,
                            &shell,
                            &c.hostname,
                            Some(c.user.as_str()).filter(|u| !u.is_empty()),
                        ),
                        _ => String::new(),
                    };
                    // `chroot DIR` into the host's root: a root shell on the host itself.
                    let (shell, prompt) = if shell == "chroot" {
                        let dir = c.args.first().cloned().unwrap_or_default();
                        if world.chroot(host, &id, &dir).is_ok() {
                            (
                                "host-root".to_string(),
                                crate::cli::shells::escape::HOST_ROOT_PROMPT.to_string(),
                            )
                        } else {
                            ("sh".to_string(), prompt)
                        }
                    } else {
                        (shell, prompt)
                    };
                    // netshoot's zsh runs its .zshrc, which ends with `cat motd`
                    // (nicolaka/netshoot `zshrc`, `motd`); bash plays zsh here.
                    if netshoot {
                        for line in include_str!("../shells/netshoot_motd.txt").lines() {
                            o.out(line);
                        }
                        o.err("berth: netshoot's zsh (oh-my-zsh with the powerlevel10k prompt) is played by bash here; its tools (dig, nslookup, curl, ping, ip, nc) work");
                    }
                    // A Windows shell greets first.
                    match shell.as_str() {
                        "cmd" => o.out(crate::cli::shells::cmd::cmd_banner()),
                        "powershell" => o.out(crate::cli::shells::powershell::banner()),
                        _ => {}
                    }
                    o.enter_shell = Some(Box::new(crate::cli::EnterShell {
                        container_id: id.clone(),
                        shell,
                        main_process: true,
                        prompt,
                        user: None,
                        workdir: None,
                    }));
                }
            }
            Ok(_) => {}
            Err(e) => {
                let code = match e {
                    EngineError::ExecutableNotFound(_) => 127,
                    _ => 125,
                };
                run_error(&mut o, &format!("Error response from daemon: {e}"), code);
            }
        }
        o
    }
}

/// Why the flags make no create request.
enum Refusal {
    /// Framed as `docker: …` with the help hint and this exit status.
    Run(String, i32),
    /// An output of its own (Berth's words).
    Alone(Output),
}

/// Whether a process's argv is an interactive shell: `sh`, `ash`, `bash` alone, or `chroot
/// DIR` (which starts a shell in DIR).
fn is_shell(argv: &[String]) -> bool {
    // `c:\windows\system32\cmd.exe` is a Windows image's shell.
    let base = |c: &String| {
        let name = c
            .rsplit(['/', '\\'])
            .next()
            .unwrap_or(c)
            .to_ascii_lowercase();
        Some(
            name.strip_suffix(".exe")
                .map_or(name.clone(), str::to_string),
        )
    };
    // An official image's `docker-entrypoint.sh` execs its command (`docker:cli` runs `sh`).
    let argv = match argv.split_first() {
        Some((first, rest)) if first.ends_with("docker-entrypoint.sh") && !rest.is_empty() => rest,
        _ => argv,
    };
    match argv {
        [c, _] if base(c).as_deref() == Some("chroot") => true,
        [c] => matches!(
            base(c).as_deref(),
            Some("sh" | "ash" | "bash" | "zsh" | "cmd" | "powershell" | "pwsh")
        ),
        _ => false,
    }
}
