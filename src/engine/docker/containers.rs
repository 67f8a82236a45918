//! Container operations of the Engine API: create and start (the rest of a container's life is
//! in [`lifecycle`](super::lifecycle)).
//!
//! Network setup follows moby `daemon/container_operations.go`: at start each joined network
//! gets an endpoint (an address from its IPAM, a random MAC); at stop or exit `releaseNetwork`
//! deletes the endpoints and returns the addresses. A static `--ip` is requested again at each
//! start and fails the start if another container holds it.

use std::collections::BTreeMap;
use std::net::Ipv4Addr;

use crate::engine::docker::authz::{Action, Asks};
use crate::engine::docker::caller::Caller;
use crate::engine::docker::container::{
    Attachment, Container, Endpoint, Isolation, Program, RestartPolicy, State,
};
use crate::engine::docker::image::programs;
use crate::engine::docker::image::{ImageConfig, ImageRef};
use crate::engine::docker::image_tools;
use crate::engine::docker::network::MacAddress;
use crate::engine::docker::ports::{
    self, HostIp, PortSpec, Proto, PublishedPort, EPHEMERAL_END, EPHEMERAL_START,
};
use crate::engine::docker::volumes::Mount;
use crate::engine::hooks::ContainerChange;
use crate::engine::{names, resolve, EngineError, Host, World};

/// What a container needs at creation (the subset of Docker's `ContainerConfig`, `HostConfig`
/// and `NetworkingConfig` simulated so far).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContainerCreate {
    pub name: Option<String>,
    /// Parsed by whoever wrote it (the cli, with Docker's error for a bad reference); the
    /// container's `Config.Image` is its text as typed.
    pub image: ImageRef,
    /// The command after the image, replacing the image's `CMD` when not empty.
    pub cmd: Vec<String>,
    /// `-i`: keep stdin open.
    pub open_stdin: bool,
    /// `-t`: allocate a terminal.
    pub tty: bool,
    /// `--rm`: remove the container when its process exits.
    pub auto_remove: bool,
    /// `--network`: `bridge` when `None`, or `host`, `none`, a network name or ID.
    pub network: Option<String>,
    /// `--network-alias`, applied to the `--network` network.
    pub aliases: Vec<String>,
    /// `--ip`, applied to the `--network` network.
    pub ipv4_address: Option<Ipv4Addr>,
    /// `--hostname`.
    pub hostname: Option<String>,
    /// `-p`/`--publish`.
    pub ports: Vec<PortSpec>,
    /// `-P`/`--publish-all`.
    pub publish_all: bool,
    /// `-v`/`--mount`.
    pub mounts: Vec<Mount>,
    /// `-e KEY=VALUE`.
    pub env: Vec<String>,
    /// `--entrypoint`: replaces the image's entrypoint and drops its `CMD`.
    pub entrypoint: Option<String>,
    /// `-w`.
    pub workdir: Option<String>,
    /// `-u`/`--user`.
    pub user: Option<String>,
    /// `--restart`.
    pub restart_policy: RestartPolicy,
    /// `--link NAME[:ALIAS]`: (container, alias).
    pub links: Vec<(String, String)>,
    /// `--isolation`: `default`, or on Windows `process` or `hyperv`.
    pub isolation: Option<String>,
    /// `--privileged`, `--cap-add`, `--pid`, `--security-opt`, `--memory`, ….
    pub security: crate::engine::docker::container::SecurityConfig,
    /// `--health-cmd`.
    pub health_cmd: Option<String>,
    /// `--label KEY=VALUE`, the last value of a key winning.
    pub labels: BTreeMap<String, String>,
}

impl ContainerCreate {
    /// A container of `image` with every option at its default: no name, the image's own
    /// command, the default bridge, no ports, no mounts.
    pub fn new(image: ImageRef) -> Self {
        ContainerCreate {
            name: None,
            image,
            cmd: Vec::new(),
            open_stdin: false,
            tty: false,
            auto_remove: false,
            network: None,
            aliases: Vec::new(),
            ipv4_address: None,
            hostname: None,
            ports: Vec::new(),
            publish_all: false,
            mounts: Vec::new(),
            env: Vec::new(),
            entrypoint: None,
            workdir: None,
            user: None,
            restart_policy: RestartPolicy::default(),
            links: Vec::new(),
            isolation: None,
            security: Default::default(),
            health_cmd: None,
            labels: BTreeMap::new(),
        }
    }
}

/// A process that ended as soon as it started (`docker run -d alpine`: a shell with no stdin).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProcessExit {
    pub exit_code: i32,
    pub output: Vec<String>,
}

/// What `container_start` left behind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Started {
    /// The process runs (or already ran before the call).
    Running,
    /// The process exited at once.
    Exited(ProcessExit),
    /// The process is a tool of the image (`ping -c 2 web`): the caller runs it with the CLI's
    /// container shell, then reports its end with `container_process_exit`.
    Tool,
}

/// moby `daemon/names.go`: `^/?[a-zA-Z0-9][a-zA-Z0-9_.-]+$`.
pub fn valid_container_name(name: &str) -> bool {
    let name = name.strip_prefix('/').unwrap_or(name);
    let mut chars = name.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphanumeric())
        && name.len() >= 2
        && chars.all(|c| c.is_ascii_alphanumeric() || "_.-".contains(c))
}

/// The process a container would run: the image's entrypoint followed by the user's command
/// (or the image's `CMD` when none is given), and what that process does.
fn plan(
    entry: &ImageConfig,
    entrypoint: Option<&str>,
    cmd: &[String],
    open_stdin: bool,
    (env, now): (&[String], crate::engine::Timestamp),
) -> (Vec<String>, Program) {
    if let Some(ep) = entrypoint {
        // docker run --entrypoint: the image's CMD goes too (docker/cli `run.go`).
        let mut argv = vec![ep.to_string()];
        argv.extend(cmd.iter().cloned());
        let program = Program::classify(
            entry.behaviour,
            (entry.userland, &entry.program, &entry.program_tag),
            false,
            &argv,
            open_stdin,
        );
        return (argv, program);
    }
    let from_image = cmd.is_empty();
    let cmd: Vec<String> = if from_image {
        entry.cmd.iter().map(|s| s.to_string()).collect()
    } else {
        cmd.to_vec()
    };
    let mut argv: Vec<String> = entry.entrypoint.iter().map(|s| s.to_string()).collect();
    argv.extend(cmd.iter().cloned());
    // The image's own program may decide first (an entrypoint's checks, a REPL).
    if let Some(program) =
        crate::engine::docker::image::programs::start(entry, &cmd, env, open_stdin, now)
    {
        return (argv, program);
    }
    // An entrypoint that is the server itself (weave's `weaver`), not a script that execs
    // its arguments: whatever follows is the server's flags.
    let server_entrypoint = entry
        .entrypoint
        .first()
        .is_some_and(|e| !e.ends_with(".sh"));
    if server_entrypoint && entry.behaviour == crate::engine::docker::image::Behaviour::Server {
        return (argv, Program::Server);
    }
    // The official images' docker-entrypoint.sh gives flags alone to the image's program
    // (docker-library memcached, redis, postgres: `if [ "${1#-}" != "$1" ]; then set --
    // memcached "$@"; fi`), and the image's own program with flags of its own is still the
    // server (`memcached --memory-limit=64`), unless the flag only asks for help or the
    // version, which print and exit.
    if entry.behaviour == crate::engine::docker::image::Behaviour::Server
        && !from_image
        && entry
            .entrypoint
            .first()
            .is_some_and(|e| e.ends_with("docker-entrypoint.sh"))
    {
        let first = cmd.first().map(String::as_str).unwrap_or("");
        let own = entry.cmd.first().is_some_and(|c| c.as_str() == first);
        let asks_and_exits = cmd
            .iter()
            .any(|a| matches!(a.as_str(), "-h" | "--help" | "-V" | "--version"));
        if (own || first.starts_with('-')) && !asks_and_exits {
            return (argv, Program::Server);
        }
    }
    // A server image's docker-entrypoint.sh execs its arguments: given a foreign command, the
    // container runs that command instead; an entrypoint that is a program runs with them.
    let words = if image_tools::execs_its_arguments(&entry.entrypoint) {
        &cmd
    } else {
        &argv
    };
    let program = if image_tools::installed_by_build(entry, words) {
        Program::Tool
    } else {
        let image = (
            entry.userland,
            entry.program.as_str(),
            entry.program_tag.as_str(),
        );
        Program::classify(entry.behaviour, image, from_image, words, open_stdin)
    };
    (argv, program)
}

pub(in crate::engine) fn resolve_container(h: &Host, key: &str) -> Result<String, EngineError> {
    let key = key.strip_prefix('/').unwrap_or(key);
    if h.containers.contains_key(key) {
        return Ok(key.to_string());
    }
    if let Some(id) = h.names.get(key) {
        return Ok(id.clone());
    }
    match resolve(&h.containers, key, |c| c.name.as_str()) {
        Ok(Some(id)) => Ok(id.to_string()),
        Ok(None) => Err(EngineError::NoSuchContainer(key.to_string())),
        Err(()) => Err(EngineError::AmbiguousContainer(key.to_string())),
    }
}

impl World {
    /// Resolves a container by full ID, name, or unique ID prefix, as the daemon does.
    pub fn container_lookup(&self, host: &str, key: &str) -> Result<&Container, EngineError> {
        let h = self.host(host)?;
        let id = resolve_container(h, key)?;
        h.containers
            .get(&id)
            .ok_or_else(|| EngineError::NoSuchContainer(key.to_string()))
    }

    /// `POST /containers/create`, once the plugins allow it. The image must be present: the
    /// daemon answers "No such image" first, and the CLI pulls.
    pub fn container_create(
        &mut self,
        host: &str,
        caller: &Caller,
        config: ContainerCreate,
    ) -> Result<String, EngineError> {
        self.authorize(host, caller, Action::ContainerCreate, Asks::of(&config))?;
        // The image first, before anything changes: "No such image" sends the CLI to pull.
        self.image_inspect(host, &config.image)?;
        let materialized = match &config.network {
            Some(network) => {
                let by_client = caller.is_request();
                self.on_container_change(host, ContainerChange::Joining { network, by_client })?
            }
            None => None,
        };
        let created = self.container_create_here(host, config);
        if let (Err(_), Some(net_id)) = (&created, materialized) {
            if let Ok(h) = self.host_mut(host) {
                h.networks.remove(&net_id);
            }
        }
        created
    }

    /// `POST /containers/{id}/start`, then the rest of the lab hears of it.
    pub fn container_start(
        &mut self,
        host: &str,
        caller: &Caller,
        key: &str,
    ) -> Result<Started, EngineError> {
        self.authorize_plain(host, caller, Action::ContainerStart)?;
        // A swarm overlay that left this node while the container was stopped comes back
        // before it starts (the daemon asks the swarm to attach it again).
        if let (Ok(id), Ok(h)) = (resolve_container_in(self, host, key), self.host(host)) {
            let gone: Vec<String> = h
                .containers
                .get(&id)
                .iter()
                .flat_map(|c| c.networks.keys())
                .filter(|id| !h.networks.contains_key(*id))
                .cloned()
                .collect();
            for network in &gone {
                let by_client = false;
                self.on_container_change(host, ContainerChange::Joining { network, by_client })?;
            }
        }
        let started = self.container_start_here(host, key);
        if let Ok(id) = resolve_container_in(self, host, key) {
            self.on_container_change(host, ContainerChange::Started { id: &id })?;
        }
        started
    }

    fn container_create_here(
        &mut self,
        host: &str,
        config: ContainerCreate,
    ) -> Result<String, EngineError> {
        let image = self.image_inspect(host, &config.image)?.clone();
        let backend = self.host(host)?.backend;
        // A platform may refuse flags or ignore them: checked before anything changes.
        let config = backend.accept_create(self, config)?;
        let h = self.host(host)?;
        let isolation = backend.isolation(config.isolation.as_deref())?;
        config.security.validate()?;
        let (network_mode, networks, primary) = backend.networking(h, &config)?;
        let links = resolve_links(h, &config, &network_mode)?;
        if let Some(name) = &config.name {
            if !valid_container_name(name) {
                return Err(EngineError::InvalidName(name.clone()));
            }
            if let Some(other) = h.names.get(name) {
                return Err(EngineError::NameConflict {
                    name: name.clone(),
                    id: other.clone(),
                });
            }
        }
        // Draw the ID before the name, as the daemon does; only then touch the world, so an
        // error above leaves it unchanged.
        let id = self.rng.hex(64);
        let mut mounts = config.mounts;
        // moby's mount parser cleans the destination (`path.Clean`): `/htdocs/` is `/htdocs`.
        for m in &mut mounts {
            m.target = crate::engine::fs::resolve("/", &m.target);
        }
        // Each `VOLUME` of the image that no mount covers gets an anonymous volume (moby
        // `daemon/create_unix.go`, `createContainerOSSpecificSettings`).
        for target in &image.config.volumes {
            if !mounts.iter().any(|m| &m.target == target) {
                mounts.push(crate::engine::docker::volumes::Mount {
                    source: crate::engine::docker::volumes::MountSource::Volume(None),
                    target: target.clone(),
                    read_only: false,
                });
            }
        }
        self.provision_mounts(host, &mut mounts)?;
        let name = match config.name {
            Some(name) => name,
            None => self.generate_name(host, &id),
        };
        let (argv, program) = plan(
            &image.config,
            config.entrypoint.as_deref(),
            &config.cmd,
            config.open_stdin,
            (&config.env, self.now),
        );
        let targets: Vec<String> = mounts.iter().map(|m| m.target.clone()).collect();
        let program = programs::with_mounts(&image.config, &config.env, &targets, program);
        // Published container ports count as exposed, as `EXPOSE` does (moby `nat`).
        let mut exposed_ports: Vec<String> = image
            .config
            .exposed_ports
            .iter()
            .map(|p| p.to_string())
            .collect();
        for spec in &config.ports {
            for port in spec.container_ports.0..=spec.container_ports.1 {
                let text = format!("{port}/{}", spec.proto.as_str());
                if !exposed_ports.contains(&text) {
                    exposed_ports.push(text);
                }
            }
        }
        let mut parts = argv.into_iter();
        let path = parts.next().unwrap_or_default();
        let hostname = config
            .hostname
            .unwrap_or_else(|| id.get(..12).unwrap_or(&id).to_string());
        let container = Container {
            id: id.clone(),
            name: name.clone(),
            image: config.image,
            image_id: image.id.clone(),
            auto_remove: config.auto_remove,
            open_stdin: config.open_stdin,
            tty: config.tty,
            path,
            args: parts.collect(),
            program,
            served: None,
            exposed_ports,
            port_specs: config.ports,
            publish_all: config.publish_all,
            published: Vec::new(),
            created: self.now,
            sequence: 0,
            state: State::Created,
            network_mode,
            networks,
            primary_network: primary,
            hostname,
            mounts,
            entrypoint: match &config.entrypoint {
                Some(ep) => vec![ep.clone()],
                None => image
                    .config
                    .entrypoint
                    .iter()
                    .map(|x| x.to_string())
                    .collect(),
            },
            restart_policy: config.restart_policy,
            links,
            restart_count: 0,
            restart_backoff: Default::default(),
            env: config.env,
            // The image's WORKDIR unless `--workdir` says otherwise.
            workdir: config
                .workdir
                .unwrap_or_else(|| match image.config.working_dir.as_str() {
                    "" => "/".to_string(),
                    dir => dir.to_string(),
                }),
            // The image's USER unless `--user` says otherwise; the container's config keeps
            // it, as moby merges the image config into the container's at create.
            user: config.user.unwrap_or_else(|| image.config.user.clone()),
            logs: Vec::new(),
            pipework: Vec::new(),
            isolation,
            security: config.security,
            health_cmd: config.health_cmd,
            host_disk_mounts: Vec::new(),
            labels: config.labels,
            files: Default::default(),
            redis: Default::default(),
            periodic: None,
            tool_runs_on: false,
            logs_dropped: 0,
            log_times: Vec::new(),
            last_run: Vec::new(),
            postgres_databases: Default::default(),
        };
        let h = self.host_mut(host)?;
        let sequence = h.next_sequence;
        h.next_sequence += 1;
        h.creation_order.insert(sequence, id.clone());
        h.names.insert(name.clone(), id.clone());
        h.containers.insert(
            id.clone(),
            Container {
                sequence,
                ..container
            },
        );
        self.emit(host, "container", "create", &id, &name);
        self.on_container_change(host, ContainerChange::Created { id: &id })?;
        Ok(id)
    }

    /// What the main process would do, without creating anything: the CLI uses it to refuse an
    /// attached run it cannot simulate before any state changes.
    pub fn plan_program(
        &self,
        host: &str,
        config: &ContainerCreate,
    ) -> Result<Program, EngineError> {
        self.plan_process(host, config).map(|(_, program)| program)
    }

    /// The process a create request would start: its argv (the image's entrypoint and
    /// command unless the request overrides them) and how it behaves.
    pub fn plan_process(
        &self,
        host: &str,
        config: &ContainerCreate,
    ) -> Result<(Vec<String>, Program), EngineError> {
        let image = self.image_inspect(host, &config.image)?;
        let (argv, program) = plan(
            &image.config,
            config.entrypoint.as_deref(),
            &config.cmd,
            config.open_stdin,
            (&config.env, self.now),
        );
        let targets: Vec<String> = config
            .mounts
            .iter()
            .map(|m| crate::engine::fs::resolve("/", &m.target))
            .collect();
        Ok((
            argv,
            programs::with_mounts(&image.config, &config.env, &targets, program),
        ))
    }

    fn generate_name(&mut self, host: &str, id: &str) -> String {
        for retry in 0..6 {
            let candidate = names::random_name(&mut self.rng, retry);
            let taken = self
                .hosts
                .get(host)
                .is_some_and(|h| h.names.contains_key(&candidate));
            if !taken {
                return candidate;
            }
        }
        id.get(..12).unwrap_or(id).to_string()
    }

    /// `POST /containers/{id}/start`. Starting a running container does nothing. A process that
    /// exits at once (`echo hi`) is reported with its exit code and output.
    fn container_start_here(&mut self, host: &str, key: &str) -> Result<Started, EngineError> {
        let h = self.host(host)?;
        let id = resolve_container(h, key)?;
        let Some(container) = h.containers.get(&id) else {
            return Err(EngineError::NoSuchContainer(key.to_string()));
        };
        if container.is_paused() {
            return Err(EngineError::StartPaused);
        }
        if container.is_running() {
            return Ok(Started::Running);
        }
        if let Program::NotFound(executable) = &container.program {
            return Err(EngineError::ExecutableNotFound(executable.clone()));
        }
        // runc 1.1.12 and later check the working directory after the chdir: a leaked fd
        // (CVE-2024-21626) points outside the container's root and is refused.
        if container.workdir.starts_with("/proc/self/fd/")
            && h.backend.runc_checks_cwd(&h.machine.versions)
        {
            return Err(EngineError::CwdOutsideRoot);
        }
        // Process isolation shares the host's kernel: the image must be built for it.
        let image_build = Some(&container.image.tag)
            .filter(|_| container.isolation == Isolation::Process)
            .map(|tag| crate::engine::docker::image::windows_build(tag));
        if image_build.is_some_and(|b| b != crate::engine::docker::image::WINDOWS_BUILD) {
            return Err(EngineError::WindowsBuildMismatch(container.id.clone()));
        }
        let program = container.program_at_start();
        let name = container.name.clone();

        // What each endpoint asks for, checked before anything is taken: a missing network
        // fails the start here.
        let mut wanted: Vec<(String, Option<Option<Ipv4Addr>>, String)> = Vec::new();
        for net_id in container.start_order() {
            let Some(attachment) = container.networks.get(&net_id) else {
                continue;
            };
            let Some(network) = h.networks.get(&net_id) else {
                return Err(EngineError::NetworkSetup(Box::new(
                    EngineError::NoSuchNetwork(attachment.network_name.clone()),
                )));
            };
            let request = network.ipam.as_ref().map(|_| attachment.ipv4_address);
            wanted.push((net_id, request, network.name.clone()));
        }
        // Take the addresses on the real pools (O(log n) each), undoing them all if one fails.
        let mut taken: Vec<(String, Ipv4Addr, u64)> = Vec::new();
        let mut addresses: Vec<(String, Option<Ipv4Addr>)> = Vec::new();
        for (net_id, request, network_name) in wanted {
            let ip = match request {
                None => None,
                Some(static_ip) => {
                    // Triton: stopped containers keep their NICs' addresses.
                    let h = self.host(host)?;
                    let reserved = h.backend.reserved_addresses(h, &net_id, &id);
                    let h = self.host_mut(host)?;
                    let Some(pool) = h.networks.get_mut(&net_id).and_then(|n| n.ipam.as_mut())
                    else {
                        continue;
                    };
                    let hint = pool.hint();
                    let held: Vec<Ipv4Addr> = reserved
                        .into_iter()
                        .filter(|ip| static_ip.is_none() && pool.request(*ip).is_ok())
                        .collect();
                    let assigned = pool.assign(static_ip, &network_name);
                    for ip in held {
                        pool.release(ip);
                    }
                    match assigned {
                        Ok(ip) => {
                            taken.push((net_id.clone(), ip, hint));
                            Some(ip)
                        }
                        Err(e) => {
                            self.undo_addresses(host, &taken)?;
                            return Err(e);
                        }
                    }
                }
            };
            addresses.push((net_id, ip));
        }
        // Endpoint IDs and MACs are drawn now; if publishing then fails, the draws are undone
        // so a failed start leaves the world as it was.
        let saved_rng = self.rng.clone();
        let saved_ifindex = self.host(host)?.next_ifindex;
        let mut live = Vec::new();
        for (net_id, ip) in addresses {
            let endpoint_id = self.rng.hex(64);
            // Engine ≥ 28: bridge and macvlan endpoints get a random MAC; host and none none.
            let mac = ip.map(|_| MacAddress::random_local(self.rng.bytes6()));
            let ifindex = match ip {
                Some(_) => self.host_mut(host)?.take_ifindex(),
                None => 0,
            };
            live.push((
                net_id,
                Endpoint {
                    endpoint_id,
                    ifindex,
                    ip,
                    mac,
                },
            ));
        }
        let h = self.host(host)?;
        let own_ports = h
            .containers
            .get(&id)
            .and_then(|c| h.backend.own_published_ports(h, c, &live));
        let planned = match own_ports {
            Some(ports) => Ok(PortPlan {
                ports,
                next_ephemeral: None,
            }),
            None => self.plan_ports(host, &id, live.first().map(|(_, e)| e)),
        };
        let published = match planned {
            Ok(p) => p,
            Err(e) => {
                self.rng = saved_rng;
                self.host_mut(host)?.next_ifindex = saved_ifindex;
                self.undo_addresses(host, &taken)?;
                return Err(e);
            }
        };
        let now = self.now;
        let h = self.host_mut(host)?;
        if let Some((proto, next)) = published.next_ephemeral {
            h.next_ephemeral.insert(proto, next);
        }
        let keeps_addresses = h.backend.keeps_addresses();
        if let Some(container) = h.containers.get_mut(&id) {
            for (net_id, endpoint) in live {
                if let Some(attachment) = container.networks.get_mut(&net_id) {
                    // A Triton NIC is the instance's until it is deleted: the next start asks
                    // for the same address.
                    if keeps_addresses {
                        attachment.ipv4_address = endpoint.ip;
                    }
                    attachment.endpoint = Some(endpoint);
                }
            }
            for p in &published.ports {
                h.bindings
                    .entry((p.proto, p.host_port))
                    .or_default()
                    .push((p.host_ip, id.clone()));
            }
            container.published = published.ports;
            container.state = State::Running {
                started_at: now,
                paused: false,
            };
        }
        self.emit(host, "container", "start", &id, &name);
        // The nginx image cannot write its cache or pid file (read-only root, non-root
        // user): it logs why and exits 1.
        let refused = self
            .host(host)?
            .containers
            .get(&id)
            .filter(|_| program == Program::Server)
            .and_then(|c| crate::engine::docker::nginx_writes::refusal_log(c, now));
        let program = match refused {
            Some(output) => Program::OneShot {
                exit_code: 1,
                output,
            },
            None => program,
        };
        if program == Program::Server {
            // The server writes its start-up lines, as `docker logs` shows them.
            let lines = self.host(host)?.containers.get(&id).map(|c| {
                let ip = c
                    .networks
                    .values()
                    .find_map(|a| a.endpoint.as_ref().and_then(|e| e.ip));
                // The server's own lines (mongod, RabbitMQ, a quiet redis), else those of the
                // official image at the root of its FROM chain, at the version it runs.
                crate::engine::docker::server_logs::startup(c, now).unwrap_or_else(|| {
                    crate::engine::docker::image::startup_log_of(
                        self.image_entry(c),
                        self.container_program(c).0,
                        now,
                        ip,
                    )
                })
            });
            if let (Some(c), Some(lines)) = (self.host_mut(host)?.containers.get_mut(&id), lines) {
                c.logs.extend(lines);
            }
        }
        if let Program::OneShot { exit_code, output } = program {
            // The process ends as soon as it starts: it prints, exits, and its endpoints go.
            if let Some(container) = self.host_mut(host)?.containers.get_mut(&id) {
                container.logs.extend(output.iter().cloned());
            }
            self.exited_by_itself(host, &id, exit_code)?;
            return Ok(Started::Exited(ProcessExit { exit_code, output }));
        }
        if program == Program::Tool {
            return Ok(Started::Tool);
        }
        Ok(Started::Running)
    }

    /// Gives back addresses a failed start had taken, leaving each pool exactly as it was.
    fn undo_addresses(
        &mut self,
        host: &str,
        taken: &[(String, Ipv4Addr, u64)],
    ) -> Result<(), EngineError> {
        let h = self.host_mut(host)?;
        for (net_id, ip, hint) in taken.iter().rev() {
            if let Some(pool) = h.networks.get_mut(net_id).and_then(|n| n.ipam.as_mut()) {
                pool.release(*ip);
                pool.restore_hint(*hint);
            }
        }
        Ok(())
    }

    /// The host ports a starting container binds: its `-p` specs, and with `-P` every exposed
    /// port, on `0.0.0.0` and `::` unless an address was given. Checks every binding against
    /// the running containers' before anything is taken.
    fn plan_ports(
        &self,
        host: &str,
        id: &str,
        endpoint: Option<&Endpoint>,
    ) -> Result<PortPlan, EngineError> {
        let h = self.host(host)?;
        let Some(c) = h.containers.get(id) else {
            return Err(EngineError::NoSuchContainer(id.to_string()));
        };
        let mut plan = PortPlan::default();
        if c.network_mode == "host"
            || c.network_mode == "none"
            || (c.port_specs.is_empty() && !c.publish_all)
        {
            return Ok(plan);
        }
        // Other running containers' bindings, from the host's index: O(log n) per port.
        let in_use = |ip: HostIp, port: u16, proto: Proto, mine: &[PublishedPort]| {
            h.bindings.get(&(proto, port)).is_some_and(|v| {
                v.iter()
                    .any(|(other, owner)| owner != &c.id && other.overlaps(ip))
            }) || mine
                .iter()
                .any(|t| t.proto == proto && t.host_port == port && t.host_ip.overlaps(ip))
        };
        let mut specs = c.port_specs.clone();
        if c.publish_all {
            for exposed in &c.exposed_ports {
                if let Some((port, proto)) = ports::parse_exposed(exposed) {
                    let covered = specs.iter().any(|s| {
                        s.proto == proto
                            && (s.container_ports.0..=s.container_ports.1).contains(&port)
                    });
                    if !covered {
                        specs.push(PortSpec {
                            host_ip: None,
                            host_ports: None,
                            container_ports: (port, port),
                            proto,
                        });
                    }
                }
            }
        }
        let mut next = h.next_ephemeral.clone();
        for spec in &specs {
            let ips = match spec.host_ip {
                Some(ip) => vec![HostIp::V4(ip)],
                None => vec![HostIp::V4(Ipv4Addr::UNSPECIFIED), HostIp::V6Any],
            };
            for (offset, container_port) in
                (spec.container_ports.0..=spec.container_ports.1).enumerate()
            {
                let offset = u16::try_from(offset).unwrap_or(0);
                let free = |port: u16, mine: &[PublishedPort]| {
                    ips.iter().all(|ip| !in_use(*ip, port, spec.proto, mine))
                };
                let host_port = match spec.host_ports {
                    // A host range for one container port: the first free port of the range.
                    Some((a, b)) if spec.container_ports.0 == spec.container_ports.1 && a != b => {
                        (a..=b)
                            .find(|p| free(*p, &plan.ports))
                            .ok_or_else(|| port_taken(c, endpoint, ips.first().copied(), a))?
                    }
                    Some((a, _)) => {
                        let port = a.saturating_add(offset);
                        if let Some(ip) = ips
                            .iter()
                            .find(|ip| in_use(**ip, port, spec.proto, &plan.ports))
                        {
                            return Err(port_taken(c, endpoint, Some(*ip), port));
                        }
                        port
                    }
                    None => {
                        // moby's port allocator hands ephemeral ports out in order, wrapping.
                        let start = next.get(&spec.proto).copied().unwrap_or(EPHEMERAL_START);
                        let span = EPHEMERAL_END - EPHEMERAL_START + 1;
                        let port = (0..span)
                            .map(|i| EPHEMERAL_START + (start - EPHEMERAL_START + i) % span)
                            .find(|p| free(*p, &plan.ports))
                            .ok_or(EngineError::NetworkSetup(Box::new(
                                EngineError::InvalidIpam("all ports are allocated".into()),
                            )))?;
                        let following = if port == EPHEMERAL_END {
                            EPHEMERAL_START
                        } else {
                            port + 1
                        };
                        next.insert(spec.proto, following);
                        plan.next_ephemeral = Some((spec.proto, following));
                        port
                    }
                };
                for ip in &ips {
                    plan.ports.push(PublishedPort {
                        host_ip: *ip,
                        host_port,
                        container_port,
                        proto: spec.proto,
                    });
                }
            }
        }
        plan.ports.sort();
        Ok(plan)
    }
}

/// What `plan_ports` decided.
#[derive(Debug, Default)]
struct PortPlan {
    ports: Vec<PublishedPort>,
    next_ephemeral: Option<(Proto, u16)>,
}

/// moby's error for a host port another container holds, as `docker run` shows it.
fn port_taken(
    c: &Container,
    endpoint: Option<&Endpoint>,
    ip: Option<HostIp>,
    port: u16,
) -> EngineError {
    let ip = ip.map_or_else(|| "0.0.0.0".to_string(), HostIp::as_text);
    EngineError::NetworkSetup(Box::new(EngineError::PortAllocated {
        endpoint: c.name.clone(),
        endpoint_id: endpoint.map(|e| e.endpoint_id.clone()).unwrap_or_default(),
        address: format!("{ip}:{port}"),
    }))
}

fn resolve_container_in(world: &World, host: &str, key: &str) -> Result<String, EngineError> {
    resolve_container(world.host(host)?, key)
}

/// `--link`: on the default bridge the target must run there (moby
/// `daemon/container_operations_unix.go`); on a user-defined network a link is only a DNS alias.
/// Returns (target ID, alias) pairs.
fn resolve_links(
    h: &Host,
    config: &ContainerCreate,
    network_mode: &str,
) -> Result<Vec<(String, String)>, EngineError> {
    let mut links = Vec::new();
    for (target, alias) in &config.links {
        let id = resolve_container(h, target)
            .map_err(|e| EngineError::Link(format!("could not get container for {target}: {e}")))?;
        let Some(t) = h.containers.get(&id) else {
            continue;
        };
        if network_mode == "bridge" {
            let me = config.name.as_deref().unwrap_or("");
            if !t.is_running() {
                return Err(EngineError::Link(format!(
                    "Cannot link to a non running container: /{} AS /{me}/{alias}",
                    t.name
                )));
            }
            let on_bridge = t
                .networks
                .values()
                .any(|a| a.network_name == "bridge" && a.endpoint.is_some());
            if !on_bridge {
                return Err(EngineError::Link(format!(
                    "Cannot link to /{}, as it does not belong to the default network",
                    t.name
                )));
            }
        }
        links.push((id, alias.clone()));
    }
    Ok(links)
}

/// Validates `--network`, `--ip` and `--network-alias` as moby's `validateNetworkingConfig`
/// does at create time, and returns the network mode, the attachments and the primary network.
pub(in crate::engine) fn networking_config(
    h: &Host,
    config: &ContainerCreate,
) -> Result<(String, BTreeMap<String, Attachment>, String), EngineError> {
    let mode = config
        .network
        .clone()
        .unwrap_or_else(|| h.backend.default_network().to_string());
    let invalid = |network: &str, message: String| EngineError::InvalidEndpointSettings {
        network: network.to_string(),
        message,
    };
    // A network that does not exist is only found out at start (reference C.10): keep its name.
    let network = match crate::engine::docker::networks::resolve_network(h, &mode) {
        Ok(id) => h.networks.get(&id),
        Err(EngineError::NoSuchNetwork(_)) => None,
        Err(e) => return Err(e),
    };
    let (id, name, user_defined, subnet) = match network {
        Some(n) => (
            n.id.clone(),
            n.name.clone(),
            n.is_user_defined(),
            n.ipam.as_ref().map(|i| i.subnet),
        ),
        None => (format!("missing:{mode}"), mode.clone(), true, None),
    };
    if let Some(ip) = config.ipv4_address {
        if !user_defined {
            return Err(invalid(
                &name,
                "user-specified IP address is supported on user-defined networks only".into(),
            ));
        }
        if let Some(subnet) = subnet {
            if !subnet.contains(ip) {
                return Err(invalid(
                    &name,
                    format!("no configured subnet contains IP address {ip}"),
                ));
            }
        }
    }
    if !config.aliases.is_empty() && !user_defined {
        return Err(invalid(
            &name,
            "network-scoped aliases are only supported for user-defined networks".into(),
        ));
    }
    let attachment = Attachment {
        network_name: name.clone(),
        aliases: config.aliases.clone(),
        ipv4_address: config.ipv4_address,
        endpoint: None,
    };
    let mode = if network.is_some() && mode.len() == 64 {
        name
    } else {
        mode
    };
    Ok((mode, BTreeMap::from([(id.clone(), attachment)]), id))
}
