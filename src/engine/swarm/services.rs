//! Swarm services: replicated tasks spread over the nodes, a virtual IP per network that
//! Docker's DNS answers for the service's name, `tasks.NAME` for the tasks themselves, and the
//! routing mesh that serves a published port on every node.
//!
//! Contract:
//! - Only a manager creates, scales or removes services (the daemon's refusals otherwise).
//! - Each request takes its [`Caller`]; the plugins judge it first (action `""`).
//! - Task `N` of a service runs as the container `NAME.N.TASKID` on the `(N-1) mod k`-th
//!   running node, nodes in name order. Each task joins the service's overlays (attachable
//!   or not) and, when a port is published, `ingress`.
//! - Each network of the service gives it a VIP, taken from the overlay's pool before its
//!   tasks (reference D.2: "gateway .1, then VIPs, … and tasks in creation order").
//! - `service_update` changes networks and published ports only, and replaces every task
//!   at once (swarmkit rolls them one by one; the end state is the same).
//! - Not simulated: rescheduling when a node goes down, global mode, other updates and
//!   rollback.

use std::collections::BTreeMap;
use std::net::Ipv4Addr;

use crate::engine::docker::caller::Caller;
use crate::engine::docker::containers::ContainerCreate;
use crate::engine::docker::image::ImageRef;
use crate::engine::docker::ports::Proto;
use crate::engine::swarm::{Role, SwarmError};
use crate::engine::{Container, EngineError, Host, Timestamp, World};

/// One published port of a service, in ingress mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ServicePort {
    pub published: u16,
    pub target: u16,
    pub proto: Proto,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Task {
    pub id: String,
    pub slot: u32,
    pub host: String,
    pub container_id: String,
    pub created: Timestamp,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Service {
    pub id: String,
    pub name: String,
    /// As given, with `:latest` made explicit (what `service ls` shows, and each task's
    /// container is created from).
    pub image: ImageRef,
    pub cmd: Vec<String>,
    pub replicas: u32,
    /// Network IDs, in the order given; `ingress` last when a port is published.
    pub networks: Vec<String>,
    pub ports: Vec<ServicePort>,
    /// The virtual IP on each network.
    pub vips: BTreeMap<String, Ipv4Addr>,
    pub tasks: Vec<Task>,
    pub created: Timestamp,
}

/// `docker service create`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ServiceCreate {
    pub name: Option<String>,
    pub image: String,
    pub cmd: Vec<String>,
    pub replicas: u32,
    pub networks: Vec<String>,
    pub ports: Vec<ServicePort>,
}

/// `docker service update`'s network and port changes (docker/cli `update.go`:
/// `updateNetworks`, `updatePorts`), applied by the manager as a new spec.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ServiceUpdate {
    pub network_add: Vec<String>,
    pub network_rm: Vec<String>,
    pub publish_add: Vec<ServicePort>,
    /// Target ports (and protocol) to stop publishing.
    pub publish_rm: Vec<(u16, Proto)>,
}

/// Why a service operation was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ServiceError {
    Swarm(SwarmError),
    Engine(EngineError),
    NameConflict(String),
    /// swarmkit `checkPortConflicts`: another service publishes that port on the mesh.
    PortInUse {
        port: u16,
        service: String,
        id: String,
    },
    NoSuchService(String),
    /// A network that is not one of the swarm's overlays.
    NetworkNotFound(String),
    /// docker/cli `updateNetworks`: `--network-add` of a network the service is on (a
    /// client-side error, without the daemon's prefix).
    AlreadyAttached(String),
}

impl std::fmt::Display for ServiceError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ServiceError::Swarm(e) => write!(f, "{e}"),
            ServiceError::Engine(e) => write!(f, "{e}"),
            ServiceError::NameConflict(name) => write!(
                f,
                "rpc error: code = AlreadyExists desc = name conflicts with an existing object: service {name} already exists"
            ),
            ServiceError::NoSuchService(name) => write!(f, "service {name} not found"),
            ServiceError::PortInUse { port, service, id } => write!(
                f,
                "rpc error: code = InvalidArgument desc = port '{port}' is already in use by service '{service}' ({id}) as an ingress port"
            ),
            ServiceError::NetworkNotFound(name) => write!(f, "network {name} not found"),
            ServiceError::AlreadyAttached(name) => {
                write!(f, "service is already attached to network {name}")
            }
        }
    }
}

impl From<EngineError> for ServiceError {
    fn from(e: EngineError) -> Self {
        ServiceError::Engine(e)
    }
}

impl World {
    fn require_manager(&self, host: &str) -> Result<(), ServiceError> {
        match self.swarm_node(host).map(|n| n.role) {
            Some(Role::Manager) => Ok(()),
            Some(Role::Worker) => Err(ServiceError::Swarm(SwarmError::NotManagerWorker)),
            None => Err(ServiceError::Swarm(SwarmError::NotManagerNoSwarm)),
        }
    }

    /// `GET /services`: the services, by name (what a manager lists).
    pub fn service_list(&self, host: &str, caller: &Caller) -> Result<Vec<&Service>, ServiceError> {
        self.authorize_swarm(host, caller)
            .map_err(ServiceError::Swarm)?;
        self.require_manager(host)?;
        let mut all: Vec<&Service> = self
            .swarm
            .iter()
            .flat_map(|s| s.services.values())
            .collect();
        all.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(all)
    }

    /// `GET /services/{id}`: a service by name, ID or unique ID prefix.
    pub fn service_inspect(
        &self,
        host: &str,
        caller: &Caller,
        key: &str,
    ) -> Result<&Service, ServiceError> {
        self.authorize_swarm(host, caller)
            .map_err(ServiceError::Swarm)?;
        self.service_find(host, key)
    }

    /// A service by name, ID or unique ID prefix, as a manager finds it: no request.
    fn service_find(&self, host: &str, key: &str) -> Result<&Service, ServiceError> {
        self.require_manager(host)?;
        let swarm = self
            .swarm
            .as_ref()
            .ok_or(ServiceError::Swarm(SwarmError::NotManagerNoSwarm))?;
        swarm
            .services
            .values()
            .find(|s| s.name == key || s.id == key)
            .or_else(|| {
                let mut prefixed = swarm.services.values().filter(|s| s.id.starts_with(key));
                match (prefixed.next(), prefixed.next()) {
                    (Some(one), None) if !key.is_empty() => Some(one),
                    _ => None,
                }
            })
            .ok_or_else(|| ServiceError::NoSuchService(key.to_string()))
    }

    /// `POST /services/create`: the VIPs, then the tasks. Returns the service ID.
    pub fn service_create(
        &mut self,
        host: &str,
        caller: &Caller,
        request: ServiceCreate,
    ) -> Result<String, ServiceError> {
        self.authorize_swarm(host, caller)
            .map_err(ServiceError::Swarm)?;
        self.require_manager(host)?;
        let reference: ImageRef = request
            .image
            .parse()
            .map_err(|_| EngineError::NoSuchImage(request.image.clone()))?;
        let Some(swarm) = &*self.swarm else {
            return Err(ServiceError::Swarm(SwarmError::NotManagerNoSwarm));
        };
        let name = match &request.name {
            Some(n) => n.clone(),
            None => crate::engine::names::random_name(&mut self.rng, 0),
        };
        if swarm.services.values().any(|s| s.name == name) {
            return Err(ServiceError::NameConflict(name));
        }
        for p in &request.ports {
            if let Some(other) = swarm.services.values().find(|s| {
                s.ports
                    .iter()
                    .any(|q| q.published == p.published && q.proto == p.proto)
            }) {
                return Err(ServiceError::PortInUse {
                    port: p.published,
                    service: other.name.clone(),
                    id: other.id.clone(),
                });
            }
        }
        let mut networks = Vec::new();
        for key in &request.networks {
            let id = swarm
                .networks
                .values()
                .find(|n| n.name == *key || n.id == *key)
                .map(|n| n.id.clone())
                .ok_or_else(|| ServiceError::NetworkNotFound(key.clone()))?;
            networks.push(id);
        }
        if !request.ports.is_empty() {
            networks.push(swarm.ingress_id.clone());
        }
        let id = self.rng.base36(25);
        // The VIPs come first, from the swarm's own copy of each pool.
        let mut vips = BTreeMap::new();
        for net_id in &networks {
            if let Some(ip) = self.swarm_pool_allocate(net_id) {
                vips.insert(net_id.clone(), ip);
            }
        }
        let service = Service {
            id: id.clone(),
            name: name.clone(),
            image: reference.tag_explicit(),
            cmd: request.cmd,
            replicas: 0,
            networks,
            ports: request.ports,
            vips,
            tasks: Vec::new(),
            created: self.now,
        };
        if let Some(swarm) = &mut *self.swarm {
            swarm.services.insert(id.clone(), service);
        }
        self.service_scale_to(&id, request.replicas)?;
        self.emit(host, "service", "create", &id, &name);
        Ok(id)
    }

    /// `docker service scale NAME=N`: the CLI's `GET /services/{id}` then
    /// `POST /services/{id}/update`, judged as one request (the plugins answer both alike).
    pub fn service_scale(
        &mut self,
        host: &str,
        caller: &Caller,
        key: &str,
        replicas: u32,
    ) -> Result<(), ServiceError> {
        self.authorize_swarm(host, caller)
            .map_err(ServiceError::Swarm)?;
        let id = self.service_find(host, key)?.id.clone();
        self.service_scale_to(&id, replicas)
    }

    /// `docker service update --network-add/--network-rm/--publish-add/--publish-rm`: the
    /// CLI's new spec, then swarmkit's rolling update, which replaces every task (the task's
    /// networks and endpoint changed). A VIP comes with each added network (`ingress` with
    /// the first published port) and goes with each removed one. Returns the service ID.
    pub fn service_update(
        &mut self,
        host: &str,
        caller: &Caller,
        key: &str,
        update: &ServiceUpdate,
    ) -> Result<String, ServiceError> {
        self.authorize_swarm(host, caller)
            .map_err(ServiceError::Swarm)?;
        let service = self.service_find(host, key)?.clone();
        let Some(swarm) = &*self.swarm else {
            return Err(ServiceError::Swarm(SwarmError::NotManagerNoSwarm));
        };
        let find = |key: &str| {
            swarm
                .networks
                .values()
                .find(|n| n.name == key || n.id == key)
                .map(|n| n.id.clone())
                .ok_or_else(|| ServiceError::NetworkNotFound(key.to_string()))
        };
        let mut removed = Vec::new();
        for key in &update.network_rm {
            removed.push(find(key)?);
        }
        let mut networks: Vec<String> = service
            .networks
            .iter()
            .filter(|id| **id != swarm.ingress_id && !removed.contains(id))
            .cloned()
            .collect();
        for key in &update.network_add {
            let id = find(key)?;
            if networks.contains(&id) {
                return Err(ServiceError::AlreadyAttached(key.clone()));
            }
            networks.push(id);
        }
        // docker/cli sorts the attachments by network ID.
        networks.sort();
        let mut ports: Vec<ServicePort> = service
            .ports
            .iter()
            .filter(|p| !update.publish_rm.contains(&(p.target, p.proto)))
            .copied()
            .collect();
        for p in &update.publish_add {
            if ports
                .iter()
                .any(|q| q.published == p.published && q.proto == p.proto)
            {
                continue;
            }
            if let Some(other) = swarm.services.values().find(|s| {
                s.id != service.id
                    && s.ports
                        .iter()
                        .any(|q| q.published == p.published && q.proto == p.proto)
            }) {
                return Err(ServiceError::PortInUse {
                    port: p.published,
                    service: other.name.clone(),
                    id: other.id.clone(),
                });
            }
            ports.push(*p);
        }
        // docker/cli sorts them by `portConfigToString`, `PUBLISHED:TARGET/PROTO/MODE`, as
        // text: the digits of each number, then a separator that sorts after every digit.
        ports.sort_by_key(|p| {
            let digits = |n: u16, separator: u8| {
                let mut text = n.to_string().into_bytes();
                text.push(separator);
                text
            };
            (
                digits(p.published, b':'),
                digits(p.target, b'/'),
                p.proto == Proto::Udp,
            )
        });
        if !ports.is_empty() {
            networks.push(swarm.ingress_id.clone());
        }
        // swarmkit replaces tasks only when their spec changed.
        if networks == service.networks && ports == service.ports {
            return Ok(service.id);
        }
        // The rolling update: the old tasks go, the VIPs follow the networks, new tasks come.
        let replicas = service.replicas;
        self.service_scale_to(&service.id, 0)?;
        let mut vips = service.vips.clone();
        for (net_id, ip) in &service.vips {
            if !networks.contains(net_id) {
                self.swarm_pool_release(net_id, *ip);
                vips.remove(net_id);
            }
        }
        for net_id in &networks {
            if !vips.contains_key(net_id) {
                if let Some(ip) = self.swarm_pool_allocate(net_id) {
                    vips.insert(net_id.clone(), ip);
                }
            }
        }
        if let Some(s) = self
            .swarm
            .as_mut()
            .and_then(|s| s.services.get_mut(&service.id))
        {
            s.networks = networks;
            s.ports = ports;
            s.vips = vips;
        }
        self.service_scale_to(&service.id, replicas)?;
        self.emit(host, "service", "update", &service.id, &service.name);
        Ok(service.id)
    }

    /// `DELETE /services/{id}`: its tasks stop and go, its VIPs are released.
    pub fn service_remove(
        &mut self,
        host: &str,
        caller: &Caller,
        key: &str,
    ) -> Result<(), ServiceError> {
        self.authorize_swarm(host, caller)
            .map_err(ServiceError::Swarm)?;
        let id = self.service_find(host, key)?.id.clone();
        self.service_scale_to(&id, 0)?;
        let Some(service) = self.swarm.as_mut().and_then(|s| s.services.remove(&id)) else {
            return Ok(());
        };
        for (net_id, ip) in &service.vips {
            self.swarm_pool_release(net_id, *ip);
        }
        self.emit(host, "service", "remove", &id, &service.name);
        Ok(())
    }

    /// Adds tasks up to `replicas` (spread over the running nodes) or removes the highest slots.
    fn service_scale_to(&mut self, id: &str, replicas: u32) -> Result<(), ServiceError> {
        let Some(service) = self
            .swarm
            .as_ref()
            .and_then(|s| s.services.get(id))
            .cloned()
        else {
            return Err(ServiceError::NoSuchService(id.to_string()));
        };
        let mut tasks = service.tasks.clone();
        while tasks.len() > replicas as usize {
            if let Some(task) = tasks.pop() {
                let _ = self.container_remove(
                    &task.host,
                    &Caller::daemon(),
                    &task.container_id,
                    true,
                    false,
                );
            }
        }
        let nodes: Vec<String> = self
            .swarm
            .iter()
            .flat_map(|s| s.nodes.keys())
            .filter(|h| self.host(h).is_ok_and(|h| h.machine.running))
            .cloned()
            .collect();
        let mut slot = tasks.iter().map(|t| t.slot).max().unwrap_or(0);
        // swarmkit's allocator gives the new tasks their addresses first, then each node
        // its load-balancer address on the networks its tasks use.
        if let Some(swarm) = &mut *self.swarm {
            swarm.lb_deferred = true;
        }
        let mut started = Ok(());
        while tasks.len() < replicas as usize && !nodes.is_empty() {
            slot += 1;
            let node = nodes
                .get((slot as usize - 1) % nodes.len())
                .cloned()
                .unwrap_or_default();
            match self.start_task(&service, slot, &node) {
                Ok(task) => tasks.push(task),
                Err(e) => {
                    started = Err(e);
                    break;
                }
            }
        }
        if let Some(swarm) = &mut *self.swarm {
            swarm.lb_deferred = false;
        }
        for node in &nodes {
            self.lb_sync(node);
        }
        started?;
        if let Some(s) = self.swarm.as_mut().and_then(|s| s.services.get_mut(id)) {
            s.tasks = tasks;
            s.replicas = replicas;
        }
        Ok(())
    }

    /// One task: the image on the node, the service's overlays there, a container on them.
    fn start_task(
        &mut self,
        service: &Service,
        slot: u32,
        node: &str,
    ) -> Result<Task, ServiceError> {
        if self.image_inspect(node, &service.image).is_err() {
            self.image_pull(node, &Caller::daemon(), &service.image)?;
        }
        // A task may join any overlay of its service, attachable or not.
        for net_id in &service.networks {
            let copy = self
                .swarm
                .as_ref()
                .and_then(|s| s.networks.get(net_id).cloned());
            if let (Some(copy), Ok(h)) = (copy, self.host_mut(node)) {
                h.networks.entry(net_id.clone()).or_insert(copy);
            }
        }
        let task_id = self.rng.base36(25);
        let name = format!("{}.{slot}.{task_id}", service.name);
        let network_names: Vec<String> = service
            .networks
            .iter()
            .filter_map(|id| {
                self.host(node)
                    .ok()?
                    .networks
                    .get(id)
                    .map(|n| n.name.clone())
            })
            .collect();
        let container_id = self.container_create(
            node,
            &Caller::daemon(),
            ContainerCreate {
                name: Some(name.clone()),
                cmd: service.cmd.clone(),
                network: network_names.first().cloned(),
                ..ContainerCreate::new(service.image.clone())
            },
        )?;
        for network in network_names.iter().skip(1) {
            self.network_connect(
                node,
                &Caller::daemon(),
                network,
                &container_id,
                Vec::new(),
                None,
            )?;
        }
        self.container_start(node, &Caller::daemon(), &container_id)?;
        Ok(Task {
            id: task_id,
            slot,
            host: node.to_string(),
            container_id,
            created: self.now,
        })
    }

    /// An address from the swarm's copy of an overlay's pool; every node's copy follows.
    pub(in crate::engine::swarm) fn swarm_pool_allocate(
        &mut self,
        net_id: &str,
    ) -> Option<Ipv4Addr> {
        let master = self.swarm.as_mut()?.networks.get_mut(net_id)?;
        let ip = master.ipam.as_mut()?.allocate().ok()?;
        let pool = master.ipam.clone();
        for h in self.hosts.values_mut() {
            if let Some(copy) = h.networks.get_mut(net_id) {
                copy.ipam = pool.clone();
            }
        }
        Some(ip)
    }

    pub(in crate::engine::swarm) fn swarm_pool_release(&mut self, net_id: &str, ip: Ipv4Addr) {
        if let Some(m) = self.swarm.as_mut().and_then(|s| s.networks.get_mut(net_id)) {
            if let Some(ipam) = m.ipam.as_mut() {
                ipam.release(ip);
            }
        }
        for h in self.hosts.values_mut() {
            if let Some(ipam) = h.networks.get_mut(net_id).and_then(|n| n.ipam.as_mut()) {
                ipam.release(ip);
            }
        }
    }

    /// The service with this VIP on this network.
    pub fn service_by_vip(&self, net_id: &str, ip: Ipv4Addr) -> Option<&Service> {
        self.swarm
            .as_ref()?
            .services
            .values()
            .find(|s| s.vips.get(net_id) == Some(&ip))
    }

    /// The service named `name` with a VIP on this network.
    pub fn service_on(&self, net_id: &str, name: &str) -> Option<&Service> {
        self.swarm
            .as_ref()?
            .services
            .values()
            .find(|s| s.name.eq_ignore_ascii_case(name) && s.vips.contains_key(net_id))
    }

    /// A service's running tasks, with their nodes, in slot order.
    pub fn service_tasks<'a>(&'a self, service: &'a Service) -> Vec<(&'a Host, &'a Container)> {
        service
            .tasks
            .iter()
            .filter_map(|t| {
                let h = self.host(&t.host).ok()?;
                let c = h.containers.get(&t.container_id)?;
                c.is_running().then_some((h, c))
            })
            .collect()
    }

    /// The routing mesh: a service publishing `port/proto` and the task that answers, if
    /// `host` is a node of the swarm.
    pub fn mesh_target(&self, host: &str, proto: Proto, port: u16) -> Option<(&Container, u16)> {
        self.swarm_node(host)?;
        let service = self.swarm.as_ref()?.services.values().find(|s| {
            s.ports
                .iter()
                .any(|p| p.published == port && p.proto == proto)
        })?;
        let target = service
            .ports
            .iter()
            .find(|p| p.published == port && p.proto == proto)?
            .target;
        let (_, c) = self.service_tasks(service).into_iter().next()?;
        Some((c, target))
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
    use super::*;
    use crate::engine::docker::authz::{AuthzError, BROKER_IMAGE};
    use crate::engine::{RestartPolicy, DEFAULT_HOST};

    const H: &str = DEFAULT_HOST;

    #[test]
    fn swarm_and_service_requests_are_judged_before_anything_is_looked_up() {
        let root = Caller::local("root");
        let mut w = World::new(7);
        let broker: ImageRef = BROKER_IMAGE.parse().unwrap();
        w.image_pull(H, &root, &broker).unwrap();
        let config = ContainerCreate {
            name: Some("authz".into()),
            mounts: [
                "/var/lib/authz-broker:/var/lib/authz-broker",
                "/run/docker/plugins:/run/docker/plugins",
            ]
            .map(|m| m.parse().unwrap())
            .to_vec(),
            restart_policy: RestartPolicy::Always,
            ..ContainerCreate::new(broker.clone())
        };
        let id = w.container_create(H, &root, config).unwrap();
        w.container_start(H, &root, &id).unwrap();
        w.authz_policy_append(H, r#"{"name":"admins","users":["root"],"actions":[""]}"#)
            .unwrap();
        w.daemon_json_edit(H, "authorization-plugins", Some(r#"["authz-broker"]"#))
            .unwrap();
        w.daemon_restart(H).unwrap();
        let before = w.clone();
        let alice = Caller::local("alice");
        let refused = "authorization denied by plugin authz-broker: no policy applied (user: 'alice' action: '')";
        let swarm = [
            w.swarm_init(H, &alice, None).map(drop),
            w.swarm_join(
                H,
                &alice,
                &crate::engine::swarm::SwarmJoin {
                    token: "nonsense".into(),
                    remote: "10.0.0.1".into(),
                    advertise_addr: None,
                },
            )
            .map(drop),
            w.swarm_leave(H, &alice, true),
            w.node_list(H, &alice).map(drop),
            w.join_token(H, &alice, Role::Worker).map(drop),
        ];
        for got in swarm {
            let e = got.unwrap_err();
            assert!(
                matches!(e, SwarmError::Authz(AuthzError::Denied { .. })),
                "{e:?}"
            );
            assert_eq!(e.to_string(), refused);
        }
        let request = ServiceCreate {
            image: "nginx".into(),
            replicas: 1,
            ..ServiceCreate::default()
        };
        let services = [
            w.service_create(H, &alice, request).map(drop),
            w.service_scale(H, &alice, "web", 2),
            w.service_remove(H, &alice, "web"),
            w.service_list(H, &alice).map(drop),
            w.service_inspect(H, &alice, "web").map(drop),
        ];
        for got in services {
            let e = got.unwrap_err();
            assert!(
                matches!(e, ServiceError::Swarm(SwarmError::Authz(_))),
                "{e:?}"
            );
            assert_eq!(e.to_string(), refused);
        }
        assert_eq!(w, before);
        // Root's request is let through, and then the daemon answers for itself.
        assert_eq!(
            w.service_list(H, &root).map(drop),
            Err(ServiceError::Swarm(SwarmError::NotManagerNoSwarm))
        );
        w.swarm_init(H, &root, None).unwrap();
    }
}
