//! `up`, `down`, `start`, `stop`, `restart`, `rm`, `pull` and `create`: Compose's
//! convergence (docker/compose v2.40.3 `pkg/compose/create.go`, `convergence.go`,
//! `down.go`, `pull.go`) as a client of the Engine API. Every change goes through the engine's
//! operations with the caller's identity, as `docker compose` sends them to the daemon: the
//! authorization plugins judge each one.
//!
//! Labels: containers, networks and volumes carry Compose's `com.docker.compose.*` labels
//! (`pkg/api/labels.go`); `ps`, `down` and a second `up` find the project's objects by
//! them, as Compose does. `com.docker.compose.config-hash` is Berth's own digest of the
//! service's model (Compose's is a SHA-256 of its JSON): what matters, and what is kept, is
//! that a changed service gets a new hash, so `up` recreates it and only it.
//!
//! Not simulated: `scale` (one container per service), orphan containers, `--wait`,
//! `--timeout`.

use std::collections::BTreeMap;

use super::model::{Condition, Project, Service, VolumeKind};
use super::output::{Event, Progress, Status};
use crate::cli::Output;
use crate::engine::docker::caller::Caller;
use crate::engine::docker::container::RestartPolicy;
use crate::engine::docker::containers::ContainerCreate;
use crate::engine::docker::networks::NetworkCreate;
use crate::engine::docker::volumes::{Mount, MountSource};
use crate::engine::{EngineError, ImageRef, Started, World};

/// The version Compose writes in its labels and `docker compose version` prints.
pub const COMPOSE_VERSION: &str = "2.40.3";

pub const PROJECT_LABEL: &str = "com.docker.compose.project";
pub const SERVICE_LABEL: &str = "com.docker.compose.service";
pub const NUMBER_LABEL: &str = "com.docker.compose.container-number";
pub const ONEOFF_LABEL: &str = "com.docker.compose.oneoff";
const HASH_LABEL: &str = "com.docker.compose.config-hash";

/// One of the project's containers, as the daemon lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProjectContainer {
    pub id: String,
    pub name: String,
    pub service: String,
    pub running: bool,
    pub hash: String,
    pub oneoff: bool,
}

/// The project's containers (by their labels), in the daemon's list order, oldest first.
pub fn project_containers(
    world: &World,
    host: &str,
    caller: &Caller,
    project: &str,
) -> Result<Vec<ProjectContainer>, EngineError> {
    let mut out = Vec::new();
    for row in world.container_list(host, caller, true)?.iter().rev() {
        let Ok(c) = world.container_lookup(host, &row.id) else {
            continue;
        };
        if c.labels.get(PROJECT_LABEL).map(String::as_str) != Some(project) {
            continue;
        }
        out.push(ProjectContainer {
            id: c.id.clone(),
            name: c.name.clone(),
            service: c.labels.get(SERVICE_LABEL).cloned().unwrap_or_default(),
            running: c.is_running(),
            hash: c.labels.get(HASH_LABEL).cloned().unwrap_or_default(),
            oneoff: c.labels.get(ONEOFF_LABEL).is_some_and(|v| v == "True"),
        });
    }
    Ok(out)
}

/// A deterministic 64-hex digest of a service's model: FNV-1a, four lanes.
fn config_hash(service: &Service) -> String {
    let text = format!("{service:?}");
    (0u64..4)
        .map(|lane| {
            let mut h: u64 = 0xcbf2_9ce4_8422_2325 ^ lane.wrapping_mul(0x9e37_79b9_7f4a_7c15);
            for b in text.bytes() {
                h ^= u64::from(b);
                h = h.wrapping_mul(0x0100_0000_01b3);
            }
            format!("{h:016x}")
        })
        .collect()
}

/// Compose's labels on a service's container.
fn container_labels(
    project: &Project,
    service: &Service,
    number: Option<u32>,
    image_id: &str,
) -> BTreeMap<String, String> {
    let mut labels = service.labels.clone();
    let mut add = |k: &str, v: String| {
        labels.insert(k.to_string(), v);
    };
    add(HASH_LABEL, config_hash(service));
    if let Some(n) = number {
        add(NUMBER_LABEL, n.to_string());
    }
    let deps: Vec<String> = service
        .depends_on
        .iter()
        .map(|(name, d)| format!("{name}:{}:{}", d.condition.as_str(), d.restart))
        .collect();
    add("com.docker.compose.depends_on", deps.join(","));
    add("com.docker.compose.image", format!("sha256:{image_id}"));
    add(
        ONEOFF_LABEL,
        if number.is_some() { "False" } else { "True" }.into(),
    );
    add(PROJECT_LABEL, project.name.clone());
    add(
        "com.docker.compose.project.config_files",
        project.config_files.join(","),
    );
    add(
        "com.docker.compose.project.working_dir",
        project.working_dir.clone(),
    );
    add(SERVICE_LABEL, service.name.clone());
    add("com.docker.compose.version", COMPOSE_VERSION.into());
    labels
}

/// `[HOST_IP:][PUBLISHED:]TARGET/PROTOCOL`: a port as `docker run -p` writes it.
pub fn port_text(p: &super::model::Port) -> String {
    let mut text = String::new();
    if let Some(ip) = &p.host_ip {
        text.push_str(&format!(
            "{ip}:{}:",
            p.published.clone().unwrap_or_default()
        ));
    } else if let Some(published) = &p.published {
        text.push_str(&format!("{published}:"));
    }
    format!("{text}{}/{}", p.target, p.protocol)
}

/// The create request for a service's container (`createMobyContainer`).
pub fn container_config(
    project: &Project,
    service: &Service,
    name: &str,
    number: Option<u32>,
    image_id: &str,
) -> Result<ContainerCreate, String> {
    let image: ImageRef = service
        .image_name(&project.name)
        .parse()
        .map_err(|e: crate::engine::docker::image_ref::ImageRefError| e.to_string())?;
    let mut config = ContainerCreate::new(image);
    config.name = Some(name.to_string());
    match &service.entrypoint {
        Some(ep) => {
            let mut words = ep.iter();
            config.entrypoint = words.next().cloned();
            config.cmd = words.cloned().collect();
            config
                .cmd
                .extend(service.command.clone().unwrap_or_default());
        }
        None => config.cmd = service.command.clone().unwrap_or_default(),
    }
    config.env = service
        .environment
        .iter()
        .filter_map(|(k, v)| v.as_ref().map(|v| format!("{k}={v}")))
        .collect();
    for p in &service.ports {
        config
            .ports
            .push(port_text(p).parse().map_err(|e| format!("{e}"))?);
    }
    for v in &service.volumes {
        let source = match (v.kind, &v.source) {
            (VolumeKind::Bind, Some(path)) => MountSource::Bind(path.clone()),
            (_, Some(key)) => MountSource::Volume(Some(
                project
                    .volumes
                    .get(key)
                    .map(|c| c.name.clone())
                    .unwrap_or_else(|| key.clone()),
            )),
            (_, None) => MountSource::Volume(None),
        };
        config.mounts.push(Mount {
            source,
            target: v.target.clone(),
            read_only: v.read_only,
        });
    }
    // The first network joins at create; the others are connected before the start.
    if let Some((key, attach)) = service.networks.iter().next() {
        if let Some(n) = project.networks.get(key) {
            config.network = Some(n.name.clone());
        }
        config.aliases = aliases(name, service, &attach.aliases);
        config.ipv4_address = attach.ipv4_address.as_ref().and_then(|a| a.parse().ok());
    }
    config.hostname = service.hostname.clone();
    config.user = service.user.clone();
    config.workdir = service.working_dir.clone();
    config.open_stdin = service.stdin_open;
    config.tty = service.tty;
    if let Some(restart) = &service.restart {
        let (policy, count) = match restart.split_once(':') {
            Some((p, c)) => (p, c.parse().ok()),
            None => (restart.as_str(), None),
        };
        config.restart_policy = RestartPolicy::from_parts(policy, count)?;
    }
    if let Some(h) = service.healthcheck.as_ref().filter(|h| !h.disable) {
        config.health_cmd = match h.test.split_first() {
            Some((kind, rest)) if kind == "CMD-SHELL" || kind == "CMD" => Some(rest.join(" ")),
            _ => None,
        };
    }
    config.labels = container_labels(project, service, number, image_id);
    Ok(config)
}

/// compose `getAliases`: the container's name, the service's, then the configured ones.
fn aliases(container: &str, service: &Service, more: &[String]) -> Vec<String> {
    let mut all = vec![container.to_string(), service.name.clone()];
    all.extend(more.iter().cloned());
    all
}

/// `pullRequiredImages`: the services' images that are missing, pulled, as one progress
/// block. False when a pull failed (its error is in `o`, with exit status 1).
pub fn pull_images(
    world: &mut World,
    host: &str,
    caller: &Caller,
    services: &[&Service],
    always: bool,
    o: &mut Output,
) -> bool {
    let mut progress = Progress::new(if always { "Pulling" } else { "Running" });
    let mut failure = None;
    let mut pulled: Vec<String> = Vec::new();
    for s in services {
        let Some(image) = &s.image else { continue };
        let Ok(reference) = image.parse::<ImageRef>() else {
            continue;
        };
        if (!always && world.image_inspect(host, &reference).is_ok()) || pulled.contains(image) {
            continue;
        }
        pulled.push(image.clone());
        match world.image_pull(host, caller, &reference) {
            Ok(report) => {
                let mut parent = Event::done(
                    s.name.clone(),
                    "",
                    8 + 4 * u32::try_from(report.layers.len()).unwrap_or(0),
                );
                parent.text = "Pulled".into();
                progress.push(parent);
                for (i, layer) in report.layers.iter().enumerate() {
                    let mut e = Event::done(layer.clone(), "", 3 + u32::try_from(i).unwrap_or(0));
                    e.parent = Some(s.name.clone());
                    e.text = "Pull complete".into();
                    progress.push(e);
                }
            }
            Err(e) => {
                let mut event =
                    Event::done(s.name.clone(), &e.to_string(), 9).with_status(Status::Error);
                event.text = "Error".into();
                progress.push(event);
                failure = Some(crate::cli::commands::daemon_error(&e));
                break;
            }
        }
    }
    for line in progress.render() {
        o.err(line);
    }
    match failure {
        Some(text) => {
            o.err(text);
            o.exit_code = 1;
            false
        }
        None => true,
    }
}

/// `docker compose build` and the builds `up` needs: each service with a `build:` section
/// whose image is missing (every one when `force`) goes through `docker build` (BuildKit's
/// output), tagged `<project>-<service>` or its `image:`; then Compose's own block,
/// `[+] Building N/N` with ` ✔ IMAGE  Built` (compose `build_bake.go` `BuiltEvent(image)`).
/// False when a build failed (its error is in `o`).
pub fn build_images(
    world: &mut World,
    host: &str,
    caller: &Caller,
    project: &Project,
    services: &[&Service],
    force: bool,
    o: &mut Output,
) -> bool {
    let mut progress = Progress::new("Building");
    for s in services {
        let Some(build) = &s.build else { continue };
        let image = s.image_name(&project.name);
        let present = image
            .parse::<ImageRef>()
            .is_ok_and(|r| world.image_inspect(host, &r).is_ok());
        if present && !force {
            continue;
        }
        let file = if build.dockerfile.starts_with('/') {
            build.dockerfile.clone()
        } else {
            format!(
                "{}/{}",
                build.context.trim_end_matches('/'),
                build.dockerfile
            )
        };
        let request = crate::cli::commands::image_build::ImageBuild {
            context: build.context.clone(),
            file: Some(file),
            tags: vec![image.clone()],
            build_args: Vec::new(),
            target: None,
            no_cache: false,
            quiet: false,
            progress: "auto".to_string(),
        };
        let built = request.execute(world, host, caller);
        o.lines.extend(built.lines);
        if built.exit_code != 0 {
            o.exit_code = built.exit_code;
            return false;
        }
        progress.push(Event::done(image, "Built", 0));
    }
    for line in progress.render() {
        o.err(line);
    }
    true
}

/// The networks and volumes the services use, created when missing (`ensureNetworks`,
/// `ensureProjectVolumes`).
fn ensure_resources(
    world: &mut World,
    host: &str,
    caller: &Caller,
    project: &Project,
    services: &[&Service],
    progress: &mut Progress,
) -> Result<(), String> {
    let used_networks: Vec<&String> = project
        .networks
        .keys()
        .filter(|k| services.iter().any(|s| s.networks.contains_key(*k)))
        .collect();
    for key in used_networks {
        let Some(n) = project.networks.get(key) else {
            continue;
        };
        let exists = world.network_inspect(host, &n.name).is_ok();
        if n.external {
            if !exists {
                // compose `create.go` `resolveExternalNetwork`.
                return Err(format!(
                    "network {} declared as external, but could not be found",
                    n.name
                ));
            }
            continue;
        }
        if exists {
            continue;
        }
        let mut labels = n.labels.clone();
        labels.insert("com.docker.compose.network".into(), key.clone());
        labels.insert(PROJECT_LABEL.into(), project.name.clone());
        labels.insert("com.docker.compose.version".into(), COMPOSE_VERSION.into());
        let pool = n.ipam.first();
        let request = NetworkCreate {
            name: n.name.clone(),
            driver: n.driver.clone(),
            subnet: match pool.and_then(|p| p.subnet.as_ref()) {
                Some(s) => Some(s.parse().map_err(|_| format!("invalid subnet {s}"))?),
                None => None,
            },
            gateway: pool
                .and_then(|p| p.gateway.as_ref())
                .and_then(|g| g.parse().ok()),
            ip_range: pool
                .and_then(|p| p.ip_range.as_ref())
                .and_then(|r| r.parse().ok()),
            internal: n.internal,
            attachable: n.attachable,
            options: n.driver_opts.clone(),
            labels,
            ..NetworkCreate::default()
        };
        let name = format!("Network {}", n.name);
        if let Err(e) = world.network_create(host, caller, request) {
            progress.push(Event::done(name, "Error", 1).with_status(Status::Error));
            return Err(format!(
                "failed to create network {}: {}",
                n.name,
                crate::cli::commands::daemon_error(&e)
            ));
        }
        progress.push(Event::done(name, "Created", 1));
    }
    for (key, v) in &project.volumes {
        let used = services.iter().any(|s| {
            s.volumes
                .iter()
                .any(|m| m.source.as_deref() == Some(key.as_str()) && m.kind == VolumeKind::Volume)
        });
        if !used {
            continue;
        }
        let exists = world.volume_inspect(host, &v.name).is_ok();
        if v.external {
            if !exists {
                return Err(format!("external volume \"{}\" not found", v.name));
            }
            continue;
        }
        if exists {
            continue;
        }
        let mut labels = v.labels.clone();
        labels.insert(PROJECT_LABEL.into(), project.name.clone());
        labels.insert("com.docker.compose.version".into(), COMPOSE_VERSION.into());
        labels.insert("com.docker.compose.volume".into(), key.clone());
        world
            .volume_create(host, caller, Some(&v.name), labels)
            .map_err(|e| crate::cli::commands::daemon_error(&e))?;
        progress.push(Event::done(format!("Volume {}", v.name), "Created", 0));
    }
    Ok(())
}

/// Connects a new container to the service's other networks, with its aliases.
fn connect_networks(
    world: &mut World,
    host: &str,
    caller: &Caller,
    project: &Project,
    service: &Service,
    name: &str,
) -> Result<(), EngineError> {
    for (key, attach) in service.networks.iter().skip(1) {
        if let Some(n) = project.networks.get(key) {
            world.network_connect(
                host,
                caller,
                &n.name,
                name,
                aliases(name, service, &attach.aliases),
                attach.ipv4_address.as_ref().and_then(|a| a.parse().ok()),
            )?;
        }
    }
    Ok(())
}

/// Creates a service's container (and joins its other networks): its ID.
pub fn create_container(
    world: &mut World,
    host: &str,
    caller: &Caller,
    project: &Project,
    service: &Service,
    name: &str,
    number: Option<u32>,
) -> Result<String, String> {
    let reference: ImageRef = service
        .image_name(&project.name)
        .parse()
        .map_err(|e: crate::engine::docker::image_ref::ImageRefError| e.to_string())?;
    let image_id = world
        .image_inspect(host, &reference)
        .map(|i| i.id.clone())
        .map_err(|e| crate::cli::commands::daemon_error(&e))?;
    let config = container_config(project, service, name, number, &image_id)?;
    let id = world
        .container_create(host, caller, config)
        .map_err(|e| crate::cli::commands::daemon_error(&e))?;
    connect_networks(world, host, caller, project, service, name)
        .map_err(|e| crate::cli::commands::daemon_error(&e))?;
    Ok(id)
}

/// Starts a container; a main process that is one of the image's tools runs at once.
pub fn start_container(
    world: &mut World,
    host: &str,
    caller: &Caller,
    id: &str,
) -> Result<(), EngineError> {
    if world.container_start(host, caller, id)? == Started::Tool {
        crate::cli::shells::container::run_main_tool(world, host, id);
    }
    Ok(())
}

/// What `up` decided for one service.
enum Plan {
    Create,
    Recreate(String),
    Start(String),
    Running,
}

/// `docker compose up [-d] [SERVICE…]` (and `create`, which stops before the starts). The
/// mode is (start, attached): attached, the starts print nothing (`attach.rs` follows).
pub fn up(
    world: &mut World,
    host: &str,
    caller: &Caller,
    project: &Project,
    names: &[String],
    (start, attached): (bool, bool),
    o: &mut Output,
) {
    let services = project.selected(names);
    for s in &services {
        if !s.ignored.is_empty() {
            o.err(format!(
                "berth: service {:?}: {} not simulated; the rest of the service is",
                s.name,
                s.ignored.join(", ")
            ));
        }
    }
    // Images first: the ones to build (missing), then the ones to pull.
    if !build_images(world, host, caller, project, &services, false, o) {
        return;
    }
    if !pull_images(world, host, caller, &services, false, o) {
        return;
    }
    // compose `up.go` runs under "Running", `create.go` under "Creating".
    let mut progress = Progress::new(if start { "Running" } else { "Creating" });
    let result = converge(
        world,
        host,
        caller,
        project,
        &services,
        (start, attached),
        &mut progress,
    );
    for line in progress.render() {
        o.err(line);
    }
    if let Err(e) = result {
        o.err(e);
        o.exit_code = 1;
    }
}

/// The order Berth starts services in. Compose starts services that do not depend on each
/// other in parallel, and a client such as the workshop app waits for its server
/// (wait-port); Berth starts one at a time, so a service whose environment names another
/// selected service (`MYSQL_HOST: mysql`) starts after it, as if it had waited. `depends_on`
/// keeps its order; a cycle keeps the file's order.
fn readiness_order<'a>(services: &[&'a Service]) -> Vec<&'a Service> {
    let names: Vec<&str> = services.iter().map(|s| s.name.as_str()).collect();
    let after = |s: &Service| -> Vec<&str> {
        names
            .iter()
            .copied()
            .filter(|n| *n != s.name)
            .filter(|n| {
                s.depends_on.contains_key(*n)
                    || s.environment.values().any(|v| v.as_deref() == Some(*n))
            })
            .collect()
    };
    let mut placed: Vec<&'a Service> = Vec::with_capacity(services.len());
    // At most one pass per service: each places at least one, or the rest keep their order.
    for _ in 0..services.len() {
        let next = services.iter().find(|s| {
            !placed.iter().any(|p| p.name == s.name)
                && after(s).iter().all(|n| placed.iter().any(|p| p.name == *n))
        });
        match next {
            Some(s) => placed.push(s),
            None => break,
        }
    }
    for s in services {
        if !placed.iter().any(|p| p.name == s.name) {
            placed.push(s);
        }
    }
    placed
}

fn converge(
    world: &mut World,
    host: &str,
    caller: &Caller,
    project: &Project,
    services: &[&Service],
    (start, attached): (bool, bool),
    progress: &mut Progress,
) -> Result<(), String> {
    // Attached, Compose starts the containers after its progress block ended: the block
    // shows what the create did, the starts show only through the services' output.
    let quiet_start = |progress: &mut Progress, event: Event| {
        if !attached {
            progress.push(event);
        }
    };
    ensure_resources(world, host, caller, project, services, progress)?;
    let ordered = readiness_order(services);
    let services = ordered.as_slice();
    let existing = project_containers(world, host, caller, &project.name)
        .map_err(|e| crate::cli::commands::daemon_error(&e))?;
    for (level, s) in services.iter().enumerate() {
        let name = project.container_name(s, 1);
        let event_name = format!("Container {name}");
        let found = existing.iter().find(|c| c.service == s.name && !c.oneoff);
        let hash = config_hash(s);
        let plan = match found {
            None => Plan::Create,
            Some(c) if c.hash != hash => Plan::Recreate(c.id.clone()),
            Some(c) if !c.running => Plan::Start(c.id.clone()),
            Some(_) => Plan::Running,
        };
        let tenths = 3 + u32::try_from(level).unwrap_or(0);
        let id = match plan {
            Plan::Running => {
                progress.push(Event::done(event_name, "Running", 0));
                continue;
            }
            Plan::Start(id) => id,
            Plan::Create => {
                let id = create_container(world, host, caller, project, s, &name, Some(1))
                    .inspect_err(|_| {
                        progress.push(
                            Event::done(event_name.clone(), "Error", 1).with_status(Status::Error),
                        );
                    })?;
                progress.push(Event::done(event_name.clone(), "Created", 1));
                id
            }
            Plan::Recreate(old) => {
                let _ = world.container_stop(host, caller, &old);
                world
                    .container_remove(host, caller, &old, true, false)
                    .map_err(|e| crate::cli::commands::daemon_error(&e))?;
                let id = create_container(world, host, caller, project, s, &name, Some(1))?;
                progress.push(Event::done(event_name.clone(), "Recreated", tenths));
                id
            }
        };
        if !start {
            continue;
        }
        // Wait for what this service depends on, as `waitDependencies` does.
        for (dep, d) in &s.depends_on {
            let Some(dep_service) = project.services.get(dep) else {
                continue;
            };
            let dep_event = format!("Container {}", project.container_name(dep_service, 1));
            match d.condition {
                Condition::ServiceHealthy => {
                    let dep_name = project.container_name(dep_service, 1);
                    let image_has_one = world
                        .container_lookup(host, &dep_name)
                        .ok()
                        .and_then(|c| world.image_entry(c))
                        .is_some_and(|config| config.healthcheck.is_some());
                    let disabled = dep_service.healthcheck.as_ref().is_some_and(|h| h.disable);
                    if disabled || (dep_service.healthcheck.is_none() && !image_has_one) {
                        // compose `convergence.go` `waitDependencies` and `isServiceHealthy`.
                        progress
                            .push(Event::done(dep_event, "Error", 1).with_status(Status::Error));
                        return Err(format!(
                            "dependency failed to start: container {dep_name} has no healthcheck configured"
                        ));
                    }
                    // Compose polls until the check passes: the logical clock moves on by
                    // the wait, so `ps` then shows `(healthy)`.
                    let mut waited = 0u64;
                    for _ in 0..120 {
                        let status = world
                            .container_lookup(host, &dep_name)
                            .ok()
                            .and_then(|c| c.health_status(world.now()));
                        if status != Some("starting") {
                            break;
                        }
                        world.tick(1);
                        waited += 1;
                    }
                    let tenths = u32::try_from(waited * 10 + 5).unwrap_or(u32::MAX);
                    quiet_start(progress, Event::done(dep_event, "Healthy", tenths));
                }
                Condition::ServiceCompletedSuccessfully => {
                    let dep_name = project.container_name(dep_service, 1);
                    let state = world
                        .container_lookup(host, &dep_name)
                        .map(|c| c.state.clone())
                        .ok();
                    match state {
                        Some(crate::engine::docker::container::State::Exited {
                            exit_code: 0,
                            ..
                        }) => quiet_start(progress, Event::done(dep_event, "Exited", 20)),
                        Some(crate::engine::docker::container::State::Exited {
                            exit_code, ..
                        }) => {
                            // compose `convergence.go` `waitDependencies`.
                            let msg = format!(
                                "service {dep:?} didn't complete successfully: exit {exit_code}"
                            );
                            progress
                                .push(Event::done(dep_event, &msg, 20).with_status(Status::Error));
                            return Err(msg);
                        }
                        _ => {
                            return Err(format!("berth: {dep:?} is still running: waiting for it to complete (service_completed_successfully) is not simulated; give it a command that exits"));
                        }
                    }
                }
                Condition::ServiceStarted => {}
            }
        }
        match start_container(world, host, caller, &id) {
            Ok(()) => quiet_start(progress, Event::done(event_name, "Started", tenths)),
            Err(e) => {
                progress.push(Event::done(event_name, "Error", tenths).with_status(Status::Error));
                return Err(crate::cli::commands::daemon_error(&e));
            }
        }
    }
    Ok(())
}

/// The project's containers of the named services (all when none), newest service last.
fn selected_containers(
    world: &World,
    host: &str,
    caller: &Caller,
    project: &Project,
    names: &[String],
) -> Result<Vec<ProjectContainer>, String> {
    for n in names {
        if !project.services.contains_key(n) {
            return Err(format!("no such service: {n}"));
        }
    }
    let containers = project_containers(world, host, caller, &project.name)
        .map_err(|e| crate::cli::commands::daemon_error(&e))?;
    // In dependency order, so stops can run it backwards.
    let order: Vec<&str> = project
        .start_order()
        .iter()
        .map(|s| s.name.as_str())
        .collect();
    let mut picked: Vec<ProjectContainer> = containers
        .into_iter()
        .filter(|c| names.is_empty() || names.contains(&c.service))
        .collect();
    picked.sort_by_key(|c| order.iter().position(|s| *s == c.service));
    Ok(picked)
}

/// `down [-v] [--rmi all|local]`.
pub fn down(
    world: &mut World,
    host: &str,
    caller: &Caller,
    project: &Project,
    volumes: bool,
    rmi: Option<&str>,
    o: &mut Output,
) {
    let mut progress = Progress::new("Running");
    let containers = match selected_containers(world, host, caller, project, &[]) {
        Ok(c) => c,
        Err(e) => {
            o.err(e);
            o.exit_code = 1;
            return;
        }
    };
    for c in containers.iter().rev().filter(|c| !c.oneoff) {
        let _ = world.container_stop(host, caller, &c.id);
        match world.container_remove(host, caller, &c.id, true, false) {
            Ok(()) => progress.push(Event::done(format!("Container {}", c.name), "Removed", 3)),
            Err(e) => {
                progress.push(
                    Event::done(format!("Container {}", c.name), "Error while Removing", 1)
                        .with_status(Status::Error),
                );
                o.err(crate::cli::commands::daemon_error(&e));
                o.exit_code = 1;
            }
        }
    }
    let mut ops = 0;
    for (key, n) in &project.networks {
        if n.external {
            continue;
        }
        let ours = world.network_inspect(host, &n.name).is_ok_and(|net| {
            net.labels.get(PROJECT_LABEL) == Some(&project.name)
                && net.labels.get("com.docker.compose.network") == Some(key)
        });
        if !ours {
            continue;
        }
        ops += 1;
        let event = format!("Network {}", n.name);
        match world.network_remove(host, caller, &n.name) {
            Ok(()) => progress.push(Event::done(event, "Removed", 2)),
            Err(EngineError::ActiveEndpoints { .. }) => progress.push(
                Event::done(event, "Resource is still in use", 2).with_status(Status::Warning),
            ),
            Err(e) => {
                progress.push(Event::done(event, "Error", 2).with_status(Status::Error));
                o.err(format!(
                    "failed to remove network {}: {}",
                    n.name,
                    crate::cli::commands::daemon_error(&e)
                ));
                o.exit_code = 1;
            }
        }
    }
    if let Some(mode) = rmi {
        for s in project.start_order() {
            // `--rmi local` removes only images without a custom tag (the built ones).
            if mode == "local" && s.image.is_some() {
                continue;
            }
            let image = s.image_name(&project.name);
            let Ok(reference) = image.parse::<ImageRef>() else {
                continue;
            };
            if world.image_inspect(host, &reference).is_err() {
                continue;
            }
            ops += 1;
            let event = format!("Image {image}");
            match world.image_remove(host, caller, &reference, false) {
                Ok(_) => progress.push(Event::done(event, "Removed", 1)),
                Err(_) => progress.push(
                    Event::done(event, "Resource is still in use", 1).with_status(Status::Warning),
                ),
            }
        }
    }
    if volumes {
        for v in project.volumes.values().filter(|v| !v.external) {
            if world.volume_inspect(host, &v.name).is_err() {
                continue;
            }
            ops += 1;
            let event = format!("Volume {}", v.name);
            match world.volume_remove(host, caller, &v.name, true) {
                Ok(()) => progress.push(Event::done(event, "Removed", 0)),
                Err(_) => progress.push(
                    Event::done(event, "Resource is still in use", 0).with_status(Status::Warning),
                ),
            }
        }
    }
    if containers.is_empty() && ops == 0 {
        // compose `down.go`, through logrus.
        o.err(format!(
            "WARN[0000] Warning: No resource found to remove for project {:?}.",
            project.name
        ));
    }
    for line in progress.render() {
        o.err(line);
    }
}

/// `stop`, `start`, `restart`, `rm [-f] [-s]` on the project's containers.
pub fn each_container(
    world: &mut World,
    host: &str,
    caller: &Caller,
    project: &Project,
    names: &[String],
    verb: &str,
    o: &mut Output,
) {
    let containers = match selected_containers(world, host, caller, project, names) {
        Ok(c) => c,
        Err(e) => {
            o.err(e);
            o.exit_code = 1;
            return;
        }
    };
    let (title, done) = match verb {
        "stop" => ("Stopping", "Stopped"),
        "restart" => ("Restarting", "Started"),
        "rm" => ("Removing", "Removed"),
        _ => ("Running", "Started"),
    };
    let mut progress = Progress::new(title);
    let ordered: Vec<&ProjectContainer> = if verb == "start" || verb == "restart" {
        containers.iter().collect()
    } else {
        containers.iter().rev().collect()
    };
    if verb == "rm" && ordered.iter().all(|c| c.running) {
        // compose `remove.go`.
        o.err("No stopped containers");
        return;
    }
    for c in ordered {
        let event = format!("Container {}", c.name);
        let result = match verb {
            "stop" => world.container_stop(host, caller, &c.id),
            "restart" => world.container_restart(host, caller, &c.id),
            "rm" if c.running => continue,
            "rm" => world.container_remove(host, caller, &c.id, false, false),
            _ if c.running => continue,
            _ => start_container(world, host, caller, &c.id),
        };
        match result {
            Ok(()) => progress.push(Event::done(event, done, 3)),
            Err(e) => {
                progress.push(Event::done(event, "Error", 3).with_status(Status::Error));
                for line in progress.render() {
                    o.err(line);
                }
                o.err(crate::cli::commands::daemon_error(&e));
                o.exit_code = 1;
                return;
            }
        }
    }
    for line in progress.render() {
        o.err(line);
    }
}
