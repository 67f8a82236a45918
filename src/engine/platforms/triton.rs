//! A Joyent Triton data center as a learner meets it through sdc-docker: the whole data
//! center is one Docker host, containers are SmartOS zones placed on its compute nodes, every
//! container has its own IP stack, and Triton CNS names them in DNS.
//!
//! Contract:
//! - A Triton host (`host add NAME --triton`) has no dockerd, no docker0 and no host port
//!   namespace. Its networks are the account's default fabric ([`FABRIC_NETWORK`],
//!   [`FABRIC_SUBNET`], VXLAN-backed and private to the account) and the public
//!   [`EXTERNAL_NETWORK`], both listed with sdc-docker's driver `Triton` (sdc-docker
//!   `lib/backends/sdc/networks.js`). Their IDs follow sdc-docker's double-UUID convention.
//! - Every container gets a NIC on the fabric. `-p PORT` or `-P` adds a NIC on the external
//!   network: the container's own public IP, where the Cloud Firewall opens the published
//!   ports and drops everything else (docs/api/features/networks.md). A published port binds
//!   on that IP with the same number: sdc-docker refuses remapping.
//! - [`check_create`] refuses what sdc-docker refuses, before the world changes; [`ignored`]
//!   names what it accepts and ignores (`--privileged`, `--cap-add`, `--cap-drop`), which
//!   [`strip_ignored`] drops so `HostConfig` does not claim it.
//! - A container's NICs are the instance's until it is removed: stopped, it keeps its
//!   addresses, and a start takes them again (`reserved_on`), where a Linux host's bridge
//!   would hand out whatever is free.
//! - Placement: each container goes to the compute node holding the fewest of the account's
//!   containers (sdc-docker spreads an account's containers by default), ties to the first.
//! - Triton CNS ([`World::cns_lookup`]): `NAME.inst.ACCOUNT.DC.ZONE` and
//!   `SVC.svc.ACCOUNT.DC.ZONE` (triton-cns docs/operator-guide.md). The zone
//!   [`PRIVATE_ZONE`] lists fabric addresses, [`PUBLIC_ZONE`] the external ones, as the Joyent
//!   public cloud split them. Only running containers are listed; `triton.cns.status=down`
//!   takes one out of its services and keeps its instance record (docs/metadata.md). TTL 30.
//!
//! Not simulated: other accounts (their fabrics are invisible here), extra fabric networks and
//! CloudAPI, affinity filters, packages and sizing, the account-UUID form of CNS names (the
//! data center runs CNS with `use_login`, so names carry the login), SRV records, reverse
//! lookups, LX-brand internals (`zsched`, `/native`).

use std::collections::{BTreeMap, BTreeSet};
use std::net::Ipv4Addr;

use crate::engine::docker::container::{Attachment, Container};
use crate::engine::docker::containers::ContainerCreate;
use crate::engine::docker::network::{Driver, Ipam, Ipv4Cidr, Network, FABRIC_NETWORK};
use crate::engine::docker::ports::{parse_exposed, HostIp, Proto, PublishedPort};
use crate::engine::{EngineError, Host, Rng, Timestamp, World};

/// The account the learner's client is set up for.
pub const ACCOUNT: &str = "learner";
/// The data center's name (what `docker info` shows as `Name`).
pub const DATACENTER: &str = "us-east-1";
/// Its subnet: the same /22 in every account and data center (RFD 119 says as much).
pub const FABRIC_SUBNET: (Ipv4Addr, u8) = (Ipv4Addr::new(192, 168, 128, 0), 22);
/// The public network `-p` attaches to (sdc-docker's default `externalNetwork`).
pub const EXTERNAL_NETWORK: &str = "external";
/// The public addresses this data center hands out: a range of Joyent's own block, chosen
/// for the lab, not a real allocation.
pub const EXTERNAL_SUBNET: (Ipv4Addr, u8) = (Ipv4Addr::new(165, 225, 168, 0), 24);
/// CNS's catch-all zone: fabric addresses.
pub const PRIVATE_ZONE: &str = "cns.joyent.com";
/// CNS's public zone: external addresses only.
pub const PUBLIC_ZONE: &str = "triton.zone";
/// The TTL CNS gives its records.
pub const CNS_TTL: u32 = 30;
/// How many compute nodes run the account's containers.
pub const COMPUTE_NODES: usize = 3;
/// The label (a tag on the instance) that makes a container a member of CNS services.
pub const SERVICES_LABEL: &str = "triton.cns.services";

/// One compute node: a SmartOS server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Server {
    pub uuid: String,
    pub hostname: String,
}

/// What the data center keeps beside Docker's objects.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DataCenter {
    pub servers: Vec<Server>,
    /// Container ID → the UUID of the server it was placed on.
    pub placement: BTreeMap<String, String>,
    /// Containers whose `triton.cns.status` metadata is `down`.
    pub cns_down: BTreeSet<String>,
}

impl DataCenter {
    /// A data center with [`COMPUTE_NODES`] servers, UUIDs drawn from the world's RNG.
    pub fn new(rng: &mut Rng) -> DataCenter {
        let servers = (1..=COMPUTE_NODES)
            .map(|n| Server {
                uuid: uuid(rng),
                hostname: format!("cn{n}"),
            })
            .collect();
        DataCenter {
            servers,
            ..DataCenter::default()
        }
    }

    /// The least-loaded server, the first among equals.
    fn pick(&self) -> Option<&Server> {
        self.servers.iter().min_by_key(|s| {
            self.placement
                .values()
                .filter(|placed| **placed == s.uuid)
                .count()
        })
    }

    pub fn server_of(&self, id: &str) -> Option<&Server> {
        let uuid = self.placement.get(id)?;
        self.servers.iter().find(|s| &s.uuid == uuid)
    }
}

/// A UUID as Triton prints them (8-4-4-4-12 lowercase hex).
pub fn uuid(rng: &mut Rng) -> String {
    dashed(&rng.hex(32))
}

fn dashed(hex: &str) -> String {
    let part = |a: usize, b: usize| hex.get(a..b).unwrap_or("");
    format!(
        "{}-{}-{}-{}-{}",
        part(0, 8),
        part(8, 12),
        part(12, 16),
        part(16, 20),
        part(20, 32)
    )
}

/// The fabric and external networks, with sdc-docker's double-UUID IDs.
pub fn networks(rng: &mut Rng) -> Vec<Network> {
    let network = |rng: &mut Rng, name: &str, (net, prefix): (Ipv4Addr, u8)| {
        let half = rng.hex(32);
        Network {
            id: format!("{half}{half}"),
            name: name.to_string(),
            driver: Driver::Triton,
            created: Timestamp(0),
            ipam: Ipv4Cidr::new(net, prefix).and_then(Ipam::with_first_gateway),
            ipam_options_null: true,
            bridge_device: None,
            // Made by the operator or CloudAPI: docker can neither remove them nor give
            // them an embedded DNS server.
            predefined: true,
            internal: false,
            attachable: false,
            options: [(
                "com.docker.network.driver.mtu".to_string(),
                if name == FABRIC_NETWORK {
                    "8500"
                } else {
                    "1500"
                }
                .to_string(),
            )]
            .into_iter()
            .collect(),
            labels: BTreeMap::new(),
        }
    };
    vec![
        network(rng, FABRIC_NETWORK, FABRIC_SUBNET),
        network(rng, EXTERNAL_NETWORK, EXTERNAL_SUBNET),
    ]
}

/// A request ID as restify gives each request, derived from the seed and the clock so that a
/// refusal draws nothing from the world's RNG (a failed command changes nothing).
fn request_id(world: &World) -> String {
    let mut rng = Rng::new(world.seed() ^ world.now().0.wrapping_mul(0x9e37_79b9_7f4a_7c15));
    uuid(&mut rng)
}

/// An sdc-docker error answer: restify's body `(RestCode) message (request-id)`.
pub fn refusal(
    world: &World,
    code: Option<&'static str>,
    message: impl Into<String>,
) -> EngineError {
    EngineError::Sdc {
        code,
        message: message.into(),
        request_id: request_id(world),
    }
}

/// The flags sdc-docker accepts and ignores, as the learner typed them.
pub fn ignored(config: &ContainerCreate) -> Vec<&'static str> {
    let s = &config.security;
    let mut out = Vec::new();
    if s.privileged {
        out.push("--privileged");
    }
    if !s.cap_add.is_empty() {
        out.push("--cap-add");
    }
    if !s.cap_drop.is_empty() {
        out.push("--cap-drop");
    }
    out
}

/// The request without what sdc-docker ignores: zones get no Linux capabilities to add.
pub fn strip_ignored(mut config: ContainerCreate) -> ContainerCreate {
    config.security.privileged = false;
    config.security.cap_add.clear();
    config.security.cap_drop.clear();
    config
}

/// What sdc-docker refuses at create time (docs/api/commands/run.md "Divergence";
/// lib/validate.js; lib/backends/sdc/containers.js). Checked before anything changes.
pub fn check_create(world: &World, config: &ContainerCreate) -> Result<(), EngineError> {
    let refuse = |code, message: String| Err(refusal(world, code, message));
    // lib/validate.js `assertNetworkMode`.
    match config.network.as_deref() {
        Some(mode @ ("host" | "none")) => {
            return refuse(
                Some("Validation"),
                format!("NetworkMode {mode} is not supported"),
            )
        }
        Some(mode) if mode.contains(':') => {
            return refuse(
                Some("Validation"),
                "Container networking is not supported".into(),
            )
        }
        _ => {}
    }
    // containers.js `addPublishFirewallRules`: the public IP is the container's own, so the
    // port number cannot change on the way in.
    for spec in &config.ports {
        if let Some((a, b)) = spec.host_ports {
            if (a, b) != spec.container_ports {
                return refuse(
                    None,
                    "publish port: remapping of port numbers not allowed".into(),
                );
            }
        }
    }
    // run.md lists these as unsupported; the daemon's wording for them was not found, so
    // these messages are Berth's.
    let s = &config.security;
    let unsupported = [
        ("--pid", s.pid_mode.as_str()),
        ("--uts", s.uts_mode.as_str()),
        ("--userns", s.userns_mode.as_str()),
    ];
    for (flag, mode) in unsupported {
        if !mode.is_empty() {
            return refuse(None, format!("{flag}={mode} is not supported on Triton"));
        }
    }
    if !s.security_opt.is_empty() {
        return refuse(None, "--security-opt is not supported on Triton".into());
    }
    if config.ipv4_address.is_some() || !config.aliases.is_empty() {
        return refuse(
            None,
            "--ip and --network-alias are not supported on Triton".into(),
        );
    }
    Ok(())
}

/// The service names in a `triton.cns.services` value (docs/metadata.md grammar:
/// `label[:port][:key=value]*`, comma-separated); malformed entries are skipped.
pub fn services_of(value: &str) -> Vec<&str> {
    value
        .split(',')
        .filter_map(|service| service.split(':').next())
        .map(str::trim)
        .filter(|label| {
            let mut chars = label.chars();
            label.len() <= 63
                && chars.next().is_some_and(|c| c.is_ascii_lowercase())
                && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        })
        .collect()
}

/// What a CNS name asks for.
enum CnsQuery<'a> {
    Instance(&'a str),
    Service(&'a str),
}

/// Splits `LABEL.(inst|svc).ACCOUNT.DC.ZONE`; the zone says whether public addresses are
/// wanted.
fn parse_cns(name: &str) -> Option<(CnsQuery<'_>, bool)> {
    let (rest, public) = if let Some(rest) = name.strip_suffix(&format!(".{PRIVATE_ZONE}")) {
        (rest, false)
    } else {
        (name.strip_suffix(&format!(".{PUBLIC_ZONE}"))?, true)
    };
    let rest = rest.strip_suffix(&format!(".{ACCOUNT}.{DATACENTER}"))?;
    let query = if let Some(label) = rest.strip_suffix(".inst") {
        CnsQuery::Instance(label)
    } else {
        CnsQuery::Service(rest.strip_suffix(".svc")?)
    };
    Some((query, public))
}

/// The container's address on the Triton network named `network`, while it runs.
fn address_on(h: &Host, c: &Container, network: &str) -> Option<Ipv4Addr> {
    let net = h.network_by_name(network)?;
    c.endpoint(&net.id).and_then(|e| e.ip)
}

/// `--network` on Triton (sdc-docker `addNetworksToPayload`): `bridge`, `default` or nothing
/// is the account's default fabric, anything else a fabric network by name or ID; publishing
/// adds the external network. Returns the mode, the attachments and the primary network.
pub(in crate::engine) fn networking(
    h: &Host,
    config: &ContainerCreate,
) -> Result<(String, BTreeMap<String, Attachment>, String), EngineError> {
    let mode = config.network.clone().unwrap_or_else(|| "bridge".into());
    let wanted = if matches!(mode.as_str(), "bridge" | "default") {
        FABRIC_NETWORK
    } else {
        mode.as_str()
    };
    let fabric = crate::engine::docker::networks::resolve_network(h, wanted)
        .ok()
        .and_then(|id| h.networks.get(&id))
        .filter(|n| n.name != EXTERNAL_NETWORK)
        .ok_or_else(|| EngineError::NoSuchNetwork(mode.clone()))?;
    let attach = |n: &Network| Attachment {
        network_name: n.name.clone(),
        aliases: Vec::new(),
        ipv4_address: None,
        endpoint: None,
    };
    let mut attachments = BTreeMap::from([(fabric.id.clone(), attach(fabric))]);
    if !config.ports.is_empty() || config.publish_all {
        if let Some(external) = h.network_by_name(EXTERNAL_NETWORK) {
            attachments.insert(external.id.clone(), attach(external));
        }
    }
    Ok((mode, attachments, fabric.id.clone()))
}

/// The ports a starting container publishes on its public IP: each `-p` port (and with `-P`
/// each exposed port) under its own number. Nothing binds on a host: the Cloud Firewall opens
/// the port on the container's own address.
pub(in crate::engine) fn published(c: &Container, public: Option<Ipv4Addr>) -> Vec<PublishedPort> {
    let Some(public) = public else {
        return Vec::new();
    };
    let mut ports: Vec<(u16, Proto)> = Vec::new();
    for spec in &c.port_specs {
        for port in spec.container_ports.0..=spec.container_ports.1 {
            ports.push((port, spec.proto));
        }
    }
    if c.publish_all {
        ports.extend(c.exposed_ports.iter().filter_map(|e| parse_exposed(e)));
    }
    let mut out: Vec<PublishedPort> = ports
        .into_iter()
        .map(|(port, proto)| PublishedPort {
            host_ip: HostIp::V4(public),
            host_port: port,
            container_port: port,
            proto,
        })
        .collect();
    out.sort();
    out.dedup();
    out
}

/// The container's public address among endpoints being set up.
pub(in crate::engine) fn public_address<'a>(
    h: &Host,
    endpoints: impl IntoIterator<Item = &'a (String, crate::engine::docker::container::Endpoint)>,
) -> Option<Ipv4Addr> {
    let external = h.network_by_name(EXTERNAL_NETWORK)?;
    endpoints
        .into_iter()
        .find(|(id, _)| *id == external.id)
        .and_then(|(_, e)| e.ip)
}

/// The addresses other containers' NICs keep on a Triton network while they are stopped: a
/// Triton instance's NICs live as long as the instance, so a stop and start never moves its
/// address (Docker's bridge, by contrast, gives it back to the pool).
pub(in crate::engine) fn reserved_on(h: &Host, net_id: &str, except: &str) -> Vec<Ipv4Addr> {
    if h.machine.triton.is_none() {
        return Vec::new();
    }
    h.containers
        .values()
        .filter(|c| c.id != except)
        .filter_map(|c| c.networks.get(net_id))
        .filter(|a| a.endpoint.is_none())
        .filter_map(|a| a.ipv4_address)
        .collect()
}

impl World {
    /// The Triton data center behind `host`, if it is one.
    pub fn triton(&self, host: &str) -> Option<&DataCenter> {
        self.hosts.get(host).and_then(|h| h.machine.triton.as_ref())
    }

    /// Places a new container on a compute node.
    pub(in crate::engine) fn triton_place(&mut self, host: &str, id: &str) {
        if let Some(dc) = self
            .hosts
            .get_mut(host)
            .and_then(|h| h.machine.triton.as_mut())
        {
            if let Some(uuid) = dc.pick().map(|s| s.uuid.clone()) {
                dc.placement.insert(id.to_string(), uuid);
            }
        }
    }

    /// Forgets a removed container.
    pub(in crate::engine) fn triton_forget(&mut self, host: &str, id: &str) {
        if let Some(dc) = self
            .hosts
            .get_mut(host)
            .and_then(|h| h.machine.triton.as_mut())
        {
            dc.placement.remove(id);
            dc.cns_down.remove(id);
        }
    }

    /// Sets a container's `triton.cns.status` metadata: `down` takes it out of its services.
    pub fn cns_status_set(&mut self, host: &str, key: &str, down: bool) -> Result<(), EngineError> {
        let id = self.container_lookup(host, key)?.id.clone();
        let Some(dc) = self
            .hosts
            .get_mut(host)
            .and_then(|h| h.machine.triton.as_mut())
        else {
            return Err(EngineError::NoSuchContainer(key.to_string()));
        };
        if down {
            dc.cns_down.insert(id);
        } else {
            dc.cns_down.remove(&id);
        }
        Ok(())
    }

    /// What Triton CNS answers for `name`: `None` if the name is not one of its zones', an
    /// empty list if nothing is listed under it.
    pub fn cns_lookup(&self, name: &str) -> Option<Vec<Ipv4Addr>> {
        let name = name.trim_end_matches('.').to_ascii_lowercase();
        let (query, public) = parse_cns(&name)?;
        let network = if public {
            EXTERNAL_NETWORK
        } else {
            FABRIC_NETWORK
        };
        let mut out = Vec::new();
        for h in self.hosts.values().filter(|h| h.machine.running) {
            let Some(dc) = &h.machine.triton else {
                continue;
            };
            for c in h.containers_in_order().filter(|c| c.is_running()) {
                let listed = match query {
                    CnsQuery::Instance(label) => c.name == label,
                    CnsQuery::Service(label) => {
                        !dc.cns_down.contains(&c.id)
                            && c.labels
                                .get(SERVICES_LABEL)
                                .is_some_and(|v| services_of(v).contains(&label))
                    }
                };
                if let Some(ip) = address_on(h, c, network).filter(|_| listed) {
                    out.push(ip);
                }
            }
        }
        Some(out)
    }

    /// The running container that holds public address `ip` on a Triton external network.
    pub fn triton_public_owner(&self, ip: Ipv4Addr) -> Option<(&Host, &Container)> {
        self.hosts
            .values()
            .filter(|h| h.machine.running)
            .find_map(|h| {
                h.machine.triton.as_ref()?;
                h.containers_in_order()
                    .find(|c| address_on(h, c, EXTERNAL_NETWORK) == Some(ip))
                    .map(|c| (h, c))
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::docker::caller::Caller;
    use crate::engine::Backend;

    fn dc() -> (World, &'static str) {
        let mut w = World::new(7);
        w.host_add("triton", Backend::Triton).unwrap();
        w.image_pull("triton", &Caller::local("root"), &"nginx".parse().unwrap())
            .unwrap();
        (w, "triton")
    }

    fn run(w: &mut World, host: &str, name: &str, ports: &[&str], labels: &[(&str, &str)]) {
        let create = ContainerCreate {
            name: Some(name.into()),
            ports: ports.iter().map(|p| p.parse().unwrap()).collect(),
            labels: labels
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            ..ContainerCreate::new("nginx".parse().unwrap())
        };
        w.container_create(host, &Caller::local("root"), create)
            .unwrap();
        w.container_start(host, &Caller::local("root"), name)
            .unwrap();
    }

    #[test]
    fn a_triton_host_has_the_fabric_and_the_external_network() {
        let (w, host) = dc();
        let h = w.host(host).unwrap();
        let mut names: Vec<(&str, &str)> = h
            .networks
            .values()
            .map(|n| (n.name.as_str(), n.driver.as_str()))
            .collect();
        names.sort_unstable();
        assert_eq!(
            names,
            [("My-Fabric-Network", "Triton"), ("external", "Triton")]
        );
        let fabric = h.network_by_name(FABRIC_NETWORK).unwrap();
        assert_eq!(fabric.id.get(..32), fabric.id.get(32..));
        assert_eq!(w.triton(host).unwrap().servers.len(), COMPUTE_NODES);
    }

    #[test]
    fn publishing_gives_a_public_ip_and_remapping_is_refused() {
        let (mut w, host) = dc();
        run(&mut w, host, "web", &["80"], &[]);
        run(&mut w, host, "db", &[], &[]);
        let h = w.host(host).unwrap();
        let web = w.container_lookup(host, "web").unwrap();
        let public = address_on(h, web, EXTERNAL_NETWORK).unwrap();
        assert!(Ipv4Cidr::new(EXTERNAL_SUBNET.0, EXTERNAL_SUBNET.1)
            .unwrap()
            .contains(public));
        let db = w.container_lookup(host, "db").unwrap();
        assert!(address_on(h, db, EXTERNAL_NETWORK).is_none());
        assert!(address_on(h, db, FABRIC_NETWORK).is_some());

        let before = w.clone();
        let remap = ContainerCreate {
            ports: vec!["8080:80".parse().unwrap()],
            ..ContainerCreate::new("nginx".parse().unwrap())
        };
        let err = w
            .container_create(host, &Caller::local("root"), remap)
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("publish port: remapping of port numbers not allowed ("));
        assert_eq!(w, before);
        assert_eq!(w.check_invariants(), Ok(()));
    }

    #[test]
    fn divergence_refuses_host_modes_and_ignores_privileges() {
        let (mut w, host) = dc();
        let before = w.clone();
        let mut create = ContainerCreate {
            network: Some("host".into()),
            ..ContainerCreate::new("nginx".parse().unwrap())
        };
        let err = w
            .container_create(host, &Caller::local("root"), create.clone())
            .unwrap_err();
        assert!(err
            .to_string()
            .starts_with("(Validation) NetworkMode host is not supported ("));
        create.network = None;
        create.security.pid_mode = "host".into();
        assert!(w
            .container_create(host, &Caller::local("root"), create.clone())
            .is_err());
        assert_eq!(w, before);

        create.security.pid_mode.clear();
        create.security.privileged = true;
        create.security.cap_add = vec!["SYS_ADMIN".into()];
        assert_eq!(ignored(&create), ["--privileged", "--cap-add"]);
        let id = w
            .container_create(host, &Caller::local("root"), create)
            .unwrap();
        let c = w.container_lookup(host, &id).unwrap();
        assert!(!c.security.privileged);
        assert!(c.security.cap_add.is_empty());
    }

    #[test]
    fn containers_spread_over_the_compute_nodes() {
        let (mut w, host) = dc();
        for name in ["a1", "a2", "a3", "a4"] {
            run(&mut w, host, name, &[], &[]);
        }
        let dc = w.triton(host).unwrap();
        let servers: BTreeSet<&str> = ["a1", "a2", "a3"]
            .iter()
            .filter_map(|n| {
                let id = &w.container_lookup(host, n).unwrap().id;
                dc.server_of(id).map(|s| s.uuid.as_str())
            })
            .collect();
        assert_eq!(servers.len(), 3);
        w.container_remove(host, &Caller::local("root"), "a4", true, false)
            .unwrap();
        assert_eq!(w.triton(host).unwrap().placement.len(), 3);
    }

    #[test]
    fn cns_lists_running_members_not_marked_down() {
        let (mut w, host) = dc();
        for name in ["web1", "web2", "web3"] {
            run(&mut w, host, name, &["80"], &[(SERVICES_LABEL, "web:80")]);
        }
        let private = "web.svc.learner.us-east-1.cns.joyent.com";
        let public = "web.svc.learner.us-east-1.triton.zone";
        assert_eq!(w.cns_lookup(private).unwrap().len(), 3);
        assert!(w
            .cns_lookup(public)
            .unwrap()
            .iter()
            .all(|ip| !Ipv4Cidr::new(FABRIC_SUBNET.0, FABRIC_SUBNET.1)
                .unwrap()
                .contains(*ip)));
        w.container_stop(host, &Caller::local("root"), "web3")
            .unwrap();
        assert_eq!(w.cns_lookup(private).unwrap().len(), 2);
        w.cns_status_set(host, "web2", true).unwrap();
        assert_eq!(w.cns_lookup(private).unwrap().len(), 1);
        assert_eq!(
            w.cns_lookup("web2.inst.learner.us-east-1.cns.joyent.com")
                .unwrap()
                .len(),
            1
        );
        assert_eq!(w.cns_lookup("example.com"), None);
    }

    #[test]
    fn a_stopped_container_keeps_its_addresses() {
        let (mut w, host) = dc();
        run(&mut w, host, "web1", &["80"], &[]);
        // The address of each endpoint, network by network.
        let ips = |w: &World, name: &str| -> Vec<Option<Ipv4Addr>> {
            w.container_lookup(host, name)
                .unwrap()
                .networks
                .values()
                .map(|a| a.endpoint.as_ref().and_then(|e| e.ip))
                .collect()
        };
        let before = ips(&w, "web1");
        w.container_stop(host, &Caller::local("root"), "web1")
            .unwrap();
        run(&mut w, host, "web2", &["80"], &[]);
        w.container_start(host, &Caller::local("root"), "web1")
            .unwrap();
        let after = ips(&w, "web1");
        assert!(after.iter().all(Option::is_some));
        assert_eq!(before, after);
        assert_ne!(ips(&w, "web2"), after);
        assert_eq!(w.check_invariants(), Ok(()));
    }

    #[test]
    fn the_topology_draws_the_data_center_with_its_fabric() {
        let (mut w, host) = dc();
        run(&mut w, host, "web", &["80"], &[]);
        let topology = w.topology();
        let view = topology.hosts.iter().find(|h| h.name == host).unwrap();
        assert_eq!(view.os, "triton");
        let fabric = view
            .networks
            .iter()
            .find(|n| n.name == FABRIC_NETWORK)
            .unwrap();
        assert_eq!(fabric.subnet.as_deref(), Some("192.168.128.0/22"));
        assert_eq!(fabric.containers.len(), 1);
    }

    #[test]
    fn the_services_label_follows_the_cns_grammar() {
        assert_eq!(
            services_of("web:80,api:8080:priority=20,Bad,9x"),
            ["web", "api"]
        );
    }
}
