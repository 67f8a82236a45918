//! Compose's commands after the project is loaded: their flags (docker/compose v2.40.3
//! `cmd/compose/<command>.go`) and their outputs. `exec` and `run` hand the container's
//! process to `docker exec` and `docker run` (`cli/commands/`), which Compose's own code
//! mirrors: the shell, the prompt and the one-off container behave as there.

use super::lifecycle::{self, project_containers, ProjectContainer, COMPOSE_VERSION};
use super::loader::{self, ProjectOptions};
use super::model::{Project, Service};
use super::output::Progress;
use super::views;
use crate::cli::commands::Docker;
use crate::cli::Output;
use crate::engine::docker::caller::Caller;
use crate::engine::World;

/// Words after the command, split into the flags a command knows and its arguments. A flag
/// in `with_value` takes the next word; `Err` is pflag's `unknown flag` error.
pub(super) struct Flags {
    set: Vec<(String, String)>,
    pub(super) args: Vec<String>,
}

impl Flags {
    pub(super) fn parse(
        words: &[String],
        bools: &[&str],
        with_value: &[&str],
    ) -> Result<Flags, String> {
        let mut set = Vec::new();
        let mut args = Vec::new();
        let mut iter = words.iter();
        while let Some(w) = iter.next() {
            if !args.is_empty() || !w.starts_with('-') || w == "-" {
                // Compose's commands stop at the first argument (`exec web ls -l`).
                args.push(w.clone());
                continue;
            }
            if w == "--" {
                args.extend(iter.by_ref().cloned());
                break;
            }
            let (name, inline) = match w.split_once('=') {
                Some((n, v)) => (n.to_string(), Some(v.to_string())),
                None => (w.clone(), None),
            };
            // `-it`, `-dT`: combined short flags.
            if !name.starts_with("--") && name.len() > 2 && inline.is_none() {
                for c in name.chars().skip(1) {
                    let f = format!("-{c}");
                    if !bools.contains(&f.as_str()) {
                        return Err(format!("unknown shorthand flag: '{c}' in {w}"));
                    }
                    set.push((f, String::new()));
                }
                continue;
            }
            if bools.contains(&name.as_str()) {
                set.push((name, inline.unwrap_or_default()));
            } else if with_value.contains(&name.as_str()) {
                let value = match inline {
                    Some(v) => v,
                    None => iter
                        .next()
                        .cloned()
                        .ok_or_else(|| format!("flag needs an argument: {name}"))?,
                };
                set.push((name, value));
            } else if name.starts_with("--") {
                return Err(format!("unknown flag: {name}"));
            } else {
                return Err(format!(
                    "unknown shorthand flag: '{}' in {w}",
                    name.chars().nth(1).unwrap_or('-')
                ));
            }
        }
        Ok(Flags { set, args })
    }

    pub(super) fn has(&self, names: &[&str]) -> bool {
        self.set
            .iter()
            .any(|(n, v)| names.contains(&n.as_str()) && v != "false")
    }

    pub(super) fn value(&self, names: &[&str]) -> Option<&str> {
        self.set
            .iter()
            .rev()
            .find(|(n, _)| names.contains(&n.as_str()))
            .map(|(_, v)| v.as_str())
    }

    fn values(&self, names: &[&str]) -> Vec<String> {
        self.set
            .iter()
            .filter(|(n, _)| names.contains(&n.as_str()))
            .map(|(_, v)| v.clone())
            .collect()
    }
}

/// `o` (which may hold the loader's warnings) with an error line and exit status 1.
fn fail(mut o: Output, text: impl Into<String>) -> Output {
    o.err(text);
    o.exit_code = 1;
    o
}

/// `docker compose version [--short]`.
pub fn version(args: &[String]) -> Output {
    let mut o = Output::default();
    if args.iter().any(|a| a == "--short") {
        o.out(COMPOSE_VERSION);
    } else {
        o.out(format!("Docker Compose version v{COMPOSE_VERSION}"));
    }
    o
}

/// `docker compose ls [-a] [-q]`: the projects the host's containers name in their labels.
pub fn ls(world: &mut World, host: &str, caller: &Caller, args: &[String]) -> Output {
    let flags = match Flags::parse(
        args,
        &["-a", "--all", "-q", "--quiet"],
        &["--format", "--filter"],
    ) {
        Ok(f) => f,
        Err(e) => return Output::failed(e, 1),
    };
    let all = flags.has(&["-a", "--all"]);
    let rows = match world.container_list(host, caller, true) {
        Ok(rows) => rows,
        Err(e) => return Output::failed(crate::cli::commands::daemon_error(&e), 1),
    };
    // project → (states, config files)
    let mut projects: std::collections::BTreeMap<String, (Vec<String>, Vec<String>)> =
        Default::default();
    for row in rows.iter().rev() {
        let Ok(c) = world.container_lookup(host, &row.id) else {
            continue;
        };
        let Some(project) = c.labels.get(lifecycle::PROJECT_LABEL) else {
            continue;
        };
        let entry = projects.entry(project.clone()).or_default();
        let state = if c.is_running() {
            "running"
        } else if matches!(c.state, crate::engine::docker::container::State::Created) {
            "created"
        } else {
            "exited"
        };
        entry.0.push(state.to_string());
        for f in c
            .labels
            .get("com.docker.compose.project.config_files")
            .map(|f| f.split(',').map(str::to_string).collect::<Vec<_>>())
            .unwrap_or_default()
        {
            if !entry.1.contains(&f) {
                entry.1.push(f);
            }
        }
    }
    let mut o = Output::default();
    let mut table = vec![vec![
        "NAME".to_string(),
        "STATUS".into(),
        "CONFIG FILES".into(),
    ]];
    for (name, (states, files)) in &projects {
        if !all && !states.iter().any(|s| s == "running") {
            continue;
        }
        if flags.has(&["-q", "--quiet"]) {
            o.out(name.clone());
            continue;
        }
        // compose `pkg/compose/ls.go` `combinedStatus`: each state and its count, sorted.
        let mut kinds: Vec<&String> = states.iter().collect();
        kinds.sort();
        kinds.dedup();
        let status: Vec<String> = kinds
            .iter()
            .map(|k| format!("{k}({})", states.iter().filter(|s| s == k).count()))
            .collect();
        table.push(vec![name.clone(), status.join(", "), files.join(",")]);
    }
    if !flags.has(&["-q", "--quiet"]) {
        // compose `cmd/formatter/pretty.go`: tabwriter(20, 1, 3).
        for line in crate::cli::table::render_min(&table, 20) {
            o.out(line);
        }
    }
    o
}

/// Runs a command that needs the project.
pub fn run_command(
    world: &mut World,
    host: &str,
    caller: &Caller,
    options: &ProjectOptions,
    command: &str,
    args: &[String],
) -> Output {
    let mut o = Output::default();
    let project = match loader::load(world, host, options) {
        Ok(p) => p,
        Err(e) => return Output::failed(e, 1),
    };
    for w in &project.warnings {
        o.err(w.clone());
    }
    let result = match command {
        "up" | "create" => up(world, host, caller, &project, command, args, &mut o),
        "down" => down(world, host, caller, &project, args, &mut o),
        "ps" => ps(world, host, caller, &project, args, &mut o),
        "logs" => logs(world, host, caller, &project, args, &mut o),
        "exec" => return exec(world, host, caller, &project, args, o),
        "run" => return run(world, host, caller, &project, args, o),
        "config" => views::config(&project, args, &mut o),
        "images" => views::images(world, host, caller, &project, args, &mut o),
        "top" => views::top(world, host, caller, &project, args, &mut o),
        "rm" => rm(world, host, caller, &project, args, &mut o),
        "pull" => Flags::parse(
            args,
            &["-q", "--quiet", "--ignore-pull-failures"],
            &["--policy"],
        )
        .map(|f| {
            let services = match selected(&project, &f.args) {
                Ok(s) => s,
                Err(e) => {
                    o.err(e);
                    o.exit_code = 1;
                    return;
                }
            };
            let _ = lifecycle::pull_images(world, host, caller, &services, true, &mut o);
        }),
        "build" => Flags::parse(
            args,
            &[
                "-q", "--quiet", "--no-cache", "--pull", "--push", "--with-dependencies",
            ],
            &[
                "--build-arg", "--progress", "--builder", "--ssh", "--memory", "-m",
            ],
        )
        .and_then(|f| {
            let services = selected(&project, &f.args)?;
            lifecycle::build_images(world, host, caller, &project, &services, true, &mut o);
            Ok(())
        }),
        verb @ ("start" | "stop" | "restart") => {
            Flags::parse(args, &[], &["-t", "--timeout"]).map(|f| {
                lifecycle::each_container(world, host, caller, &project, &f.args, verb, &mut o)
            })
        }
        other => Err(format!("unknown docker command: \"compose {other}\"")),
    };
    if let Err(e) = result {
        o.err(e);
        o.exit_code = 1;
    }
    o
}

/// The services named (all when none), or compose's error for an unknown one.
pub(super) fn selected<'a>(
    project: &'a Project,
    names: &[String],
) -> Result<Vec<&'a Service>, String> {
    for n in names {
        if !project.services.contains_key(n) {
            // compose-go `types/project.go`.
            return Err(format!("no such service: {n}"));
        }
    }
    Ok(project.selected(names))
}

fn up(
    world: &mut World,
    host: &str,
    caller: &Caller,
    project: &Project,
    command: &str,
    args: &[String],
    o: &mut Output,
) -> Result<(), String> {
    let f = Flags::parse(
        args,
        &[
            "-d", "--detach", "--build", "--no-build", "--force-recreate", "--no-recreate",
            "--remove-orphans", "--no-deps", "--quiet-pull", "-y", "--wait", "--no-start",
        ],
        &["--pull", "-t", "--timeout", "--scale"],
    )?;
    selected(project, &f.args)?;
    if f.has(&["--build"]) {
        let services = project.selected(&f.args);
        if !lifecycle::build_images(world, host, caller, project, &services, true, o) {
            return Ok(());
        }
    }
    let start = command == "up" && !f.has(&["--no-start"]);
    let attached = start && !f.has(&["-d", "--detach"]);
    lifecycle::up(world, host, caller, project, &f.args, (start, attached), o);
    if attached && o.exit_code == 0 {
        attach(world, host, caller, project, &f.args, o)?;
    }
    Ok(())
}

/// `up` without `-d`: `Attaching to …`, what the services printed at their start, then a
/// follow that streams the rest until they stop or Ctrl-C (`attach.rs`).
fn attach(
    world: &mut World,
    host: &str,
    caller: &Caller,
    project: &Project,
    names: &[String],
    o: &mut Output,
) -> Result<(), String> {
    let wanted: Vec<String> = project
        .selected(names)
        .iter()
        .map(|s| s.name.clone())
        .collect();
    let mut containers: Vec<ProjectContainer> =
        project_containers(world, host, caller, &project.name)
            .map_err(|e| crate::cli::commands::daemon_error(&e))?
            .into_iter()
            .filter(|c| !c.oneoff && wanted.contains(&c.service))
            .collect();
    // compose `attach.go`: sorted by name, named without the project.
    containers.sort_by(|a, b| a.name.cmp(&b.name));
    let shorts: Vec<String> = containers
        .iter()
        .map(|c| short_name(project, &c.name))
        .collect();
    o.out(format!("Attaching to {}", shorts.join(", ")));
    let width = shorts.iter().map(|n| n.chars().count()).max().unwrap_or(0) + 1;
    let mut attached = Vec::new();
    for (c, short) in containers.iter().zip(shorts) {
        let prefix = super::output::log_prefix(&short, width);
        let mut source = crate::cli::follow::LogSource {
            container_id: c.id.clone(),
            prefix,
            shown: 0,
            timestamps: false,
        };
        let mut exited = false;
        if let Some(code) = source.poll(world, host, o) {
            o.out(format!("{short} exited with code {code}"));
            exited = true;
        }
        attached.push(super::attach::Attached {
            source,
            short_name: short,
            name: c.name.clone(),
            exited,
        });
    }
    if attached.iter().all(|a| a.exited) {
        return Ok(());
    }
    o.follow = Some(Box::new(crate::cli::follow::Follow::new(
        host,
        caller,
        crate::cli::follow::FollowKind::ComposeUp(super::attach::ComposeUp {
            containers: attached,
        }),
    )));
    Ok(())
}

fn down(
    world: &mut World,
    host: &str,
    caller: &Caller,
    project: &Project,
    args: &[String],
    o: &mut Output,
) -> Result<(), String> {
    let f = Flags::parse(
        args,
        &["-v", "--volumes", "--remove-orphans"],
        &["--rmi", "-t", "--timeout"],
    )?;
    let rmi = f.value(&["--rmi"]);
    if let Some(mode) = rmi {
        if mode != "all" && mode != "local" {
            // compose `cmd/compose/down.go`.
            return Err(format!("invalid value for --rmi: {mode:?}"));
        }
    }
    lifecycle::down(
        world,
        host,
        caller,
        project,
        f.has(&["-v", "--volumes"]),
        rmi,
        o,
    );
    Ok(())
}

/// The container of a service a command acts on (compose `getSpecifiedContainer`).
fn service_container(
    world: &World,
    host: &str,
    caller: &Caller,
    project: &Project,
    service: &str,
) -> Result<ProjectContainer, String> {
    if !project.services.contains_key(service) {
        return Err(format!("no such service: {service}"));
    }
    project_containers(world, host, caller, &project.name)
        .map_err(|e| crate::cli::commands::daemon_error(&e))?
        .into_iter()
        .find(|c| c.service == service && c.running && !c.oneoff)
        // compose `pkg/compose/containers.go`.
        .ok_or_else(|| format!("service {service:?} is not running"))
}

fn ps(
    world: &mut World,
    host: &str,
    caller: &Caller,
    project: &Project,
    args: &[String],
    o: &mut Output,
) -> Result<(), String> {
    let f = Flags::parse(
        args,
        &[
            "-a", "--all", "-q", "--quiet", "--services", "--no-trunc", "--orphans",
        ],
        &["--format", "--filter", "--status"],
    )?;
    selected(project, &f.args)?;
    if f.has(&["--services"]) {
        for s in project.services.keys() {
            o.out(s.clone());
        }
        return Ok(());
    }
    let all = f.has(&["-a", "--all"]);
    let rows = world
        .container_list(host, caller, true)
        .map_err(|e| crate::cli::commands::daemon_error(&e))?;
    let now = world.now();
    let mut picked = Vec::new();
    for row in rows {
        let Ok(c) = world.container_lookup(host, &row.id) else {
            continue;
        };
        if c.labels.get(lifecycle::PROJECT_LABEL) != Some(&project.name)
            || c.labels
                .get(lifecycle::ONEOFF_LABEL)
                .is_some_and(|v| v == "True")
        {
            continue;
        }
        let service = c
            .labels
            .get(lifecycle::SERVICE_LABEL)
            .cloned()
            .unwrap_or_default();
        if !f.args.is_empty() && !f.args.contains(&service) {
            continue;
        }
        if !all && !c.is_running() {
            continue;
        }
        picked.push((row, service));
    }
    // compose `cmd/compose/ps.go`: sorted by name.
    picked.sort_by(|a, b| a.0.name.cmp(&b.0.name));
    if f.has(&["-q", "--quiet"]) {
        for (row, _) in &picked {
            o.out(row.id.clone());
        }
        return Ok(());
    }
    use crate::golang::template::Value;
    let no_trunc = f.has(&["--no-trunc"]);
    let rows = picked
        .iter()
        .map(|(row, service)| {
            let command = if no_trunc {
                row.command.clone()
            } else {
                crate::cli::table::ellipsis(&row.command, 20)
            };
            vec![
                ("ID", Value::str(row.id.get(..12).unwrap_or(&row.id))),
                ("Name", Value::str(&row.name)),
                ("Project", Value::str(&project.name)),
                ("Service", Value::str(service)),
                ("Image", Value::str(row.image.as_typed())),
                ("Command", Value::Str(crate::cli::table::go_quote(&command))),
                ("CreatedAt", Value::Str(row.created.go_string())),
                (
                    "RunningFor",
                    Value::Str(format!(
                        "{} ago",
                        crate::engine::clock::human_duration(now.seconds_since(row.created))
                    )),
                ),
                (
                    "State",
                    Value::str(match &row.state {
                        crate::engine::docker::container::State::Created => "created",
                        crate::engine::docker::container::State::Running { .. } => "running",
                        crate::engine::docker::container::State::Exited { .. } => "exited",
                        crate::engine::docker::container::State::Restarting { .. } => "restarting",
                    }),
                ),
                (
                    "Status",
                    Value::Str(with_health(
                        crate::cli::commands::container_ls::status(&row.state, now),
                        row.health,
                    )),
                ),
                (
                    "Ports",
                    Value::Str(crate::cli::commands::container_port::displayable_ports(
                        &row.ports,
                    )),
                ),
                ("Networks", Value::Str(row.networks.join(","))),
                ("Health", Value::str(row.health.unwrap_or(""))),
            ]
        })
        .collect();
    let lines = crate::cli::format::render_rows(
        f.value(&["--format"]).unwrap_or("table"),
        crate::cli::format::Rows {
            type_name: "formatter.ContainerContext",
            // docker/compose `cmd/formatter/container.go`.
            headers: &[
                ("ID", "CONTAINER ID"),
                ("Name", "NAME"),
                ("Project", "PROJECT"),
                ("Service", "SERVICE"),
                ("Image", "IMAGE"),
                ("Command", "COMMAND"),
                ("CreatedAt", "CREATED AT"),
                ("RunningFor", "CREATED"),
                ("State", "STATE"),
                ("Status", "STATUS"),
                ("Ports", "PORTS"),
                ("Networks", "NETWORKS"),
                ("Health", "HEALTH"),
            ],
            default_table: "table {{.Name}}\t{{.Image}}\t{{.Command}}\t{{.Service}}\t{{.RunningFor}}\t{{.Status}}\t{{.Ports}}",
            rows,
        },
    )?;
    for line in lines {
        o.out(line);
    }
    Ok(())
}

/// moby's `State.String()`: the health check's state after `Up …`.
fn with_health(status: String, health: Option<&str>) -> String {
    match health {
        Some(h) if status.starts_with("Up ") => {
            let h = if h == "starting" {
                "health: starting"
            } else {
                h
            };
            format!("{status} ({h})")
        }
        _ => status,
    }
}

/// The name `logs` and `top` show: the container's without the project's prefix
/// (compose `getContainerNameWithoutProject`).
fn short_name(project: &Project, name: &str) -> String {
    name.strip_prefix(&format!("{}-", project.name))
        .unwrap_or(name)
        .to_string()
}

fn logs(
    world: &mut World,
    host: &str,
    caller: &Caller,
    project: &Project,
    args: &[String],
    o: &mut Output,
) -> Result<(), String> {
    let f = Flags::parse(
        args,
        &[
            "-f", "--follow", "--no-log-prefix", "-t", "--timestamps", "--no-color",
        ],
        &["-n", "--tail", "--since", "--until", "--index"],
    )?;
    selected(project, &f.args)?;
    let tail: Option<usize> = match f.value(&["-n", "--tail"]) {
        None | Some("all") => None,
        Some(n) => Some(
            n.parse()
                .map_err(|_| format!("invalid argument {n:?} for \"-n, --tail\" flag"))?,
        ),
    };
    let containers: Vec<ProjectContainer> = project_containers(world, host, caller, &project.name)
        .map_err(|e| crate::cli::commands::daemon_error(&e))?
        .into_iter()
        .filter(|c| !c.oneoff && (f.args.is_empty() || f.args.contains(&c.service)))
        .collect();
    // compose `cmd/formatter/logs.go`: the prefix is padded to the longest name plus one.
    let width = containers
        .iter()
        .map(|c| short_name(project, &c.name).chars().count())
        .max()
        .unwrap_or(0)
        + 1;
    let no_prefix = f.has(&["--no-log-prefix"]);
    let mut follow = Vec::new();
    for c in &containers {
        let Ok(container) = world.container_logs(host, caller, &c.id) else {
            continue;
        };
        let lines = &container.logs;
        let skip = tail.map_or(0, |n| lines.len().saturating_sub(n));
        let prefix = super::output::log_prefix(&short_name(project, &c.name), width);
        for line in lines.iter().skip(skip) {
            if no_prefix {
                o.out(line.clone());
            } else {
                o.out(format!("{prefix}{line}"));
            }
        }
        if c.running {
            let prefix = if no_prefix { "" } else { prefix.as_str() };
            follow.push(crate::cli::follow::LogSource::at_end(
                world, host, &c.id, prefix,
            ));
        }
    }
    // `-f`: the running containers' next lines, until they stop or Ctrl-C (status 130).
    if f.has(&["-f", "--follow"]) && !follow.is_empty() {
        o.follow = Some(Box::new(crate::cli::follow::Follow::new(
            host,
            caller,
            crate::cli::follow::FollowKind::Logs(follow),
        )));
    }
    Ok(())
}

/// `exec [-T] [-d] [-e K=V] [-u USER] [-w DIR] SERVICE COMMAND…`: `docker exec` on the
/// service's container, with a terminal unless `-T` (Compose's default).
fn exec(
    world: &mut World,
    host: &str,
    caller: &Caller,
    project: &Project,
    args: &[String],
    o: Output,
) -> Output {
    let f = match Flags::parse(
        args,
        &[
            "-T", "--no-TTY", "-d", "--detach", "-i", "--interactive", "-t", "--tty",
            "--privileged",
        ],
        &["-e", "--env", "-u", "--user", "-w", "--workdir", "--index"],
    ) {
        Ok(f) => f,
        Err(e) => return fail(o, e),
    };
    let Some((service, command)) = f.args.split_first().filter(|(_, c)| !c.is_empty()) else {
        // cobra's MinimumNArgs(2).
        return fail(
            o,
            format!("requires at least 2 arg(s), only received {}", f.args.len()),
        );
    };
    let container = match service_container(world, host, caller, project, service) {
        Ok(c) => c,
        Err(e) => return fail(o, e),
    };
    let mut words: Vec<String> = Vec::new();
    if !f.has(&["-T", "--no-TTY"]) {
        words.push("-it".into());
    }
    for e in f.values(&["-e", "--env"]) {
        words.extend(["-e".to_string(), e]);
    }
    if let Some(u) = f.value(&["-u", "--user"]) {
        words.extend(["-u".to_string(), u.to_string()]);
    }
    words.push(container.name.clone());
    words.extend(command.iter().cloned());
    let ran = match crate::cli::commands::container_exec::parse(&words) {
        Ok(Docker::ContainerExec(c)) => c.execute(world, host, caller),
        Ok(_) => Output::default(),
        Err(e) => e,
    };
    carried(o, ran)
}

/// `o` followed by what a Docker command it handed over to printed, with that command's status
/// and the shell it opens.
fn carried(mut o: Output, ran: Output) -> Output {
    o.lines.extend(ran.lines);
    o.exit_code = ran.exit_code;
    o.enter_shell = ran.enter_shell;
    // A client that keeps the terminal (`mysql -p`'s monitor).
    o.follow = ran.follow;
    o
}

/// `run [--rm] [-d] [-T] [-e K=V] [--name N] [--entrypoint E] [--no-deps] SERVICE [CMD…]`:
/// the dependencies up, then a one-off container through `docker run`.
fn run(
    world: &mut World,
    host: &str,
    caller: &Caller,
    project: &Project,
    args: &[String],
    mut o: Output,
) -> Output {
    let f = match Flags::parse(
        args,
        &[
            "--rm", "-d", "--detach", "-T", "--no-TTY", "-i", "--interactive", "--no-deps", "-P",
            "--service-ports", "--build", "--quiet-pull", "--remove-orphans",
        ],
        &[
            "-e", "--env", "--name", "--entrypoint", "-u", "--user", "-w", "--workdir", "-p",
            "--publish", "-v", "--volume", "-l", "--label",
        ],
    ) {
        Ok(f) => f,
        Err(e) => return fail(o, e),
    };
    let Some((service_name, command)) = f.args.split_first() else {
        return fail(o, "requires at least 1 arg(s), only received 0");
    };
    let Some(service) = project.services.get(service_name) else {
        return fail(o, format!("no such service: {service_name}"));
    };
    // The dependencies first (`startDependencies`), unless `--no-deps`.
    if !f.has(&["--no-deps"]) && !service.depends_on.is_empty() {
        let deps: Vec<String> = service.depends_on.keys().cloned().collect();
        lifecycle::up(world, host, caller, project, &deps, (true, false), &mut o);
        if o.exit_code != 0 {
            return o;
        }
    }
    if !lifecycle::pull_images(world, host, caller, &[service], false, &mut o) {
        return o;
    }
    if !lifecycle::build_images(world, host, caller, project, &[service], false, &mut o) {
        return o;
    }
    // compose `run.go`: `<project>-<service>-run-<12 hex>`, the hex from a random slug;
    // Berth derives it from the clock and the count of containers, so it is reproducible.
    let seed = format!("{}{}{:?}", project.name, service.name, world.now());
    let count = world
        .container_list(host, caller, true)
        .map(|r| r.len())
        .unwrap_or(0);
    let hex = {
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for b in seed.bytes().chain(count.to_le_bytes()) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        format!("{h:016x}").chars().take(12).collect::<String>()
    };
    let name = f
        .value(&["--name"])
        .map(str::to_string)
        .unwrap_or_else(|| format!("{}-{}-run-{hex}", project.name, service.name));
    let image = service.image_name(&project.name);
    let image_id = image
        .parse::<crate::engine::ImageRef>()
        .ok()
        .and_then(|r| world.image_inspect(host, &r).ok().map(|i| i.id.clone()))
        .unwrap_or_default();
    let config = match lifecycle::container_config(project, service, &name, None, &image_id) {
        Ok(c) => c,
        Err(e) => {
            o.err(e);
            o.exit_code = 1;
            return o;
        }
    };
    // The same request as `docker run` words: `docker run` then attaches, runs a tool, or
    // hands the terminal to a shell.
    let mut words: Vec<String> = Vec::new();
    if f.has(&["--rm"]) {
        words.push("--rm".into());
    }
    if f.has(&["-d", "--detach"]) {
        words.push("-d".into());
    } else if !f.has(&["-T", "--no-TTY"]) {
        words.push("-it".into());
    }
    words.extend(["--name".to_string(), name.clone()]);
    if let Some(net) = &config.network {
        words.extend(["--network".to_string(), net.clone()]);
        words.extend(["--network-alias".to_string(), service.name.clone()]);
    }
    for e in config.env.iter().cloned().chain(f.values(&["-e", "--env"])) {
        words.extend(["-e".to_string(), e]);
    }
    for (k, v) in &config.labels {
        words.extend(["--label".to_string(), format!("{k}={v}")]);
    }
    for v in &service.volumes {
        let source = match (&v.source, v.kind) {
            (Some(s), super::model::VolumeKind::Volume) => project
                .volumes
                .get(s)
                .map(|c| c.name.clone())
                .unwrap_or_else(|| s.clone()),
            (Some(s), _) => s.clone(),
            (None, _) => String::new(),
        };
        let spec = if source.is_empty() {
            v.target.clone()
        } else if v.read_only {
            format!("{source}:{}:ro", v.target)
        } else {
            format!("{source}:{}", v.target)
        };
        words.extend(["-v".to_string(), spec]);
    }
    if f.has(&["-P", "--service-ports"]) {
        for p in &service.ports {
            words.extend(["-p".to_string(), lifecycle::port_text(p)]);
        }
    }
    if let Some(u) = f
        .value(&["-u", "--user"])
        .map(str::to_string)
        .or(service.user.clone())
    {
        words.extend(["-u".to_string(), u]);
    }
    if let Some(w) = f
        .value(&["-w", "--workdir"])
        .map(str::to_string)
        .or(service.working_dir.clone())
    {
        words.extend(["-w".to_string(), w]);
    }
    let entrypoint: Option<Vec<String>> = f
        .value(&["--entrypoint"])
        .map(super::schema::shell_split)
        .or(service.entrypoint.clone());
    let mut cmd: Vec<String> = Vec::new();
    if let Some(ep) = entrypoint {
        let mut ep = ep.into_iter();
        if let Some(first) = ep.next() {
            words.extend(["--entrypoint".to_string(), first]);
        }
        cmd.extend(ep);
    }
    words.push(image);
    if command.is_empty() {
        cmd.extend(service.command.clone().unwrap_or_default());
    } else {
        cmd.extend(command.iter().cloned());
    }
    words.extend(cmd);
    let ran = match crate::cli::commands::container_run::parse(&words) {
        Ok(Docker::ContainerRun(c)) => c.execute(world, host, caller),
        Ok(_) => Output::default(),
        Err(e) => e,
    };
    carried(o, ran)
}

fn rm(
    world: &mut World,
    host: &str,
    caller: &Caller,
    project: &Project,
    args: &[String],
    o: &mut Output,
) -> Result<(), String> {
    let f = Flags::parse(
        args,
        &["-f", "--force", "-s", "--stop", "-v", "--volumes"],
        &[],
    )?;
    selected(project, &f.args)?;
    if f.has(&["-s", "--stop"]) {
        lifecycle::each_container(world, host, caller, project, &f.args, "stop", o);
    }
    let stopped: Vec<ProjectContainer> = project_containers(world, host, caller, &project.name)
        .map_err(|e| crate::cli::commands::daemon_error(&e))?
        .into_iter()
        // Only the services the file declares (compose `remove.go`: `isService(…)`).
        .filter(|c| project.services.contains_key(&c.service))
        .filter(|c| !c.oneoff && !c.running && (f.args.is_empty() || f.args.contains(&c.service)))
        .collect();
    if stopped.is_empty() {
        // compose `pkg/compose/remove.go`.
        o.err("No stopped containers");
        return Ok(());
    }
    let names: Vec<String> = stopped.iter().map(|c| c.name.clone()).collect();
    let message = format!("Going to remove {}", names.join(", "));
    if !f.has(&["-f", "--force"]) {
        // survey's Confirm prompt (compose `cmd/prompt/prompt.go`), default No.
        o.out(format!("? {message} (y/N) "));
        return Err(
            "berth: answering prompts is not simulated yet: add -f to confirm.".to_string(),
        );
    }
    o.out(message);
    let mut progress = Progress::new("Removing");
    for c in &stopped {
        match world.container_remove(host, caller, &c.id, false, f.has(&["-v", "--volumes"])) {
            Ok(()) => progress.push(super::output::Event::done(
                format!("Container {}", c.name),
                "Removed",
                1,
            )),
            Err(e) => return Err(crate::cli::commands::daemon_error(&e)),
        }
    }
    for line in progress.render() {
        o.err(line);
    }
    Ok(())
}
