//! Weave Net (weaveworks/weave 2.x): a router on each host, connected into a mesh; containers
//! get an `ethwe` interface on one flat network (10.32.0.0/12) whose address space the
//! routers share out; weaveDNS answers `NAME.weave.local` across the mesh
//! (reference seed-systems.md section 1).
//!
//! Contract:
//! - The first router to launch owns the whole range; a router that connects later gets the
//!   upper half of its peer's biggest free range (`space.Donate`). Addresses are handed out
//!   lowest first within what a router owns, skipping the range's network and broadcast.
//! - Routers connect over 6783/tcp (a firewall that drops it keeps them apart). Data goes by
//!   the fast datapath on 6784/udp, else falls back to sleeve on 6783/udp.
//! - An attached interface lives in the container's namespace: it is gone when the container
//!   stops. With the proxy on (`eval $(weave env)`), every container started on the host is
//!   attached, so a restarted container comes back on the network, with its name in weaveDNS.
//! - `weave expose` gives the host itself the lowest free address, so it reaches the
//!   containers through the weave bridge; `weave hide` gives it back.
//! - Not simulated: encryption on the wire (`--password` only shows in the status),
//!   `--ipalloc-range`, isolation subnets, `weave expose CIDR` and `-h`.

use std::collections::BTreeSet;
use std::net::Ipv4Addr;

use crate::engine::docker::caller::Caller;
use crate::engine::docker::container::PipeworkLink;
use crate::engine::docker::ports::Proto;
use crate::engine::{EngineError, Host, World};

/// Weave's default address range.
pub const RANGE: (Ipv4Addr, u8) = (Ipv4Addr::new(10, 32, 0, 0), 12);
/// The router's image and container name, and the data container's image.
pub const ROUTER_IMAGE: &str = "weaveworks/weave:2.8.1";
pub const ROUTER_NAME: &str = "weave";
pub const DB_IMAGE: &str = "weaveworks/weavedb:2.8.1";
/// The script's own image, run for every command; its data container holds `weavewait`.
pub const EXEC_IMAGE: &str = "weaveworks/weaveexec:2.8.1";
pub const VOLUMES_NAME: &str = "weavevolumes-2.8.1";
/// The pseudo-bridge name attached interfaces hang from.
pub const BRIDGE: &str = "weave";
pub const INTERFACE: &str = "ethwe";
/// The MTU of the weave bridge and its ports (room for the encapsulation on a 1500 LAN).
pub const MTU: u32 = 1376;
/// What `weave launch` creates in the host's namespace, in creation order: the fast
/// datapath, the bridge containers hang from, the veth pair between them, the VXLAN port.
pub const DEVICES: [&str; 5] = [
    "datapath", "weave", "vethwe-datapath", "vethwe-bridge", "vxlan-6784",
];

/// The router on one host.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Router {
    /// The router container's ID.
    pub container_id: String,
    /// The router's peer name (a MAC address).
    pub peer: String,
    /// Address ranges this router owns, as `[start, end)` of `u32`s.
    pub ranges: Vec<(u32, u32)>,
    /// Hosts this router connects to.
    pub targets: BTreeSet<String>,
    /// `eval $(weave env)` ran: containers started here are attached.
    pub proxy: bool,
    /// `weave expose`: the host's own address on the weave network.
    pub exposed: Option<Ipv4Addr>,
    pub password: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WeaveError {
    /// `check_not_running`: the router container runs already (the script exits 3).
    AlreadyRunning,
    /// `check_running`: no `weave` container at all.
    NotRunning,
    /// `check_running`: the `weave` container exists but does not run.
    Stopped,
    /// A container named `weave` of another image (the script exits 2).
    Foreign {
        running: bool,
    },
    /// `weave reset` while the router is stopped: it cannot leave the cluster cleanly.
    ResetStopped,
    NoSuchContainer(String),
    NotRunningContainer(String),
    /// No range owned yet: the router has not reached a peer with space.
    NoSpace,
    /// Docker refused what the script asked (a name in use, say): its own words.
    Docker(String),
}

impl std::fmt::Display for WeaveError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WeaveError::AlreadyRunning => {
                write!(f, "weave is already running; you can stop it with 'weave stop'.")
            }
            WeaveError::NotRunning => write!(f, "weave container is not present. Have you launched it?"),
            WeaveError::Stopped => write!(f, "weave container is not running."),
            WeaveError::Foreign { running: true } => {
                write!(f, "Found another running container named 'weave'. Aborting.")
            }
            WeaveError::Foreign { running: false } => {
                write!(f, "Found another container named 'weave'. Aborting.")
            }
            WeaveError::ResetStopped => write!(
                f,
                "ERROR: weave is not running; unable to remove from cluster.\nRe-launch weave before reset or use --force to override."
            ),
            WeaveError::NoSuchContainer(c) => write!(f, "Error: No such container: {c}"),
            WeaveError::NotRunningContainer(c) => write!(f, "Error: container {c} is not running."),
            WeaveError::Docker(text) => write!(f, "docker: Error response from daemon: {text}"),
            WeaveError::NoSpace => write!(
                f,
                "berth: this router owns no addresses yet: it gets a share when it connects to a peer (weave connect HOST)"
            ),
        }
    }
}

fn range_bounds() -> (u32, u32) {
    let start = u32::from(RANGE.0);
    (start, start + (1u32 << (32 - u32::from(RANGE.1))))
}

impl Host {
    /// The router, if its container runs.
    pub fn weave(&self) -> Option<&Router> {
        self.addons.weave_router.as_ref().filter(|r| {
            self.containers
                .get(&r.container_id)
                .is_some_and(|c| c.is_running())
        })
    }

    pub(crate) fn weave_mut(&mut self) -> Option<&mut Router> {
        let running = self.addons.weave_router.as_ref().is_some_and(|r| {
            self.containers
                .get(&r.container_id)
                .is_some_and(|c| c.is_running())
        });
        self.addons.weave_router.as_mut().filter(|_| running)
    }
}

impl World {
    /// `weave launch [PEERS...]`: the router container `weave` (and the `weavedb` data
    /// container it keeps its state in), connected to the peers it can reach. A router
    /// launched before comes back with the address space it owned.
    pub fn weave_launch(
        &mut self,
        host: &str,
        peers: &[String],
        password: bool,
    ) -> Result<String, WeaveError> {
        if self.host(host).is_ok_and(|h| h.weave().is_some()) {
            return Err(WeaveError::AlreadyRunning);
        }
        // Several Docker calls: if one fails (a container already named `weave`), none of
        // them happened.
        let before = self.clone();
        let launched = self.weave_launch_steps(host, peers, password);
        if launched.is_err() {
            *self = before;
        }
        launched
    }

    fn weave_launch_steps(
        &mut self,
        host: &str,
        peers: &[String],
        password: bool,
    ) -> Result<String, WeaveError> {
        let docker = |e: EngineError| WeaveError::Docker(e.to_string());
        // The script's three images, parsed once: pulled, then named by the containers.
        let parse = |image: &str| -> Result<crate::engine::docker::image::ImageRef, WeaveError> {
            image.parse().map_err(|_| WeaveError::Docker(image.into()))
        };
        let (router, db, exec) = (parse(ROUTER_IMAGE)?, parse(DB_IMAGE)?, parse(EXEC_IMAGE)?);
        for reference in [&router, &db, &exec] {
            self.image_pull(host, &Caller::daemon(), reference)
                .map_err(docker)?;
        }
        // `check_not_running`: a stopped router container is removed and made again; any
        // other container called `weave` stops the launch.
        let in_the_way = self.host(host).ok().and_then(|h| {
            let c = h.containers.get(h.container_id_by_name(ROUTER_NAME)?)?;
            Some((
                c.id.clone(),
                c.image.as_typed() == ROUTER_IMAGE,
                c.is_running(),
            ))
        });
        match in_the_way {
            Some((_, true, true)) => return Err(WeaveError::AlreadyRunning),
            Some((_, false, running)) => return Err(WeaveError::Foreign { running }),
            Some((id, true, false)) => {
                self.container_remove(host, &Caller::daemon(), &id, true, false)
                    .map_err(docker)?;
            }
            None => {}
        }
        // The data-only containers: the router's persistence, and the script's own files.
        for (name, image) in [("weavedb", db), (VOLUMES_NAME, exec)] {
            let present = self
                .host(host)
                .is_ok_and(|h| h.container_id_by_name(name).is_some());
            if !present {
                self.container_create(
                    host,
                    &Caller::daemon(),
                    crate::engine::docker::containers::ContainerCreate {
                        name: Some(name.into()),
                        ..crate::engine::docker::containers::ContainerCreate::new(image)
                    },
                )
                .map_err(docker)?;
            }
        }
        // The script passes the router its nickname and where weaveDNS listens (docker0).
        let docker0 = self
            .host(host)
            .ok()
            .and_then(|h| h.network_by_name("bridge"))
            .and_then(|n| n.ipam.as_ref())
            .map_or_else(|| "172.17.0.1".to_string(), |i| i.gateway.to_string());
        let (net, prefix) = RANGE;
        let cmd: Vec<String> = [
            "--port",
            "6783",
            "--nickname",
            host,
            "--host-root=/host",
            "--weave-bridge",
            BRIDGE,
            "--datapath",
            "datapath",
            "--ipalloc-range",
            &format!("{net}/{prefix}"),
            "--dns-listen-address",
            &format!("{docker0}:53"),
            "--http-addr",
            "127.0.0.1:6784",
            "--status-addr",
            "127.0.0.1:6782",
            "--plugin",
            "--proxy",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let container_id = self
            .container_create(
                host,
                &Caller::daemon(),
                crate::engine::docker::containers::ContainerCreate {
                    name: Some(ROUTER_NAME.into()),
                    network: Some("host".into()),
                    restart_policy: crate::engine::docker::container::RestartPolicy::Always,
                    cmd,
                    ..crate::engine::docker::containers::ContainerCreate::new(router)
                },
            )
            .map_err(docker)?;
        let remembered = self
            .host(host)
            .ok()
            .and_then(|h| h.addons.weave_router.clone());
        let router = match remembered {
            Some(mut r) => {
                r.container_id = container_id.clone();
                r.password = password;
                r
            }
            None => {
                let mac =
                    crate::engine::docker::network::MacAddress::random_local(self.rng.bytes6())
                        .to_string();
                // The first router anywhere owns the whole range.
                let first = !self.hosts().any(|h| h.addons.weave_router.is_some());
                let (start, end) = range_bounds();
                Router {
                    container_id: container_id.clone(),
                    peer: mac,
                    ranges: if first {
                        vec![(start, end)]
                    } else {
                        Vec::new()
                    },
                    targets: BTreeSet::new(),
                    proxy: false,
                    exposed: None,
                    password,
                }
            }
        };
        if let Ok(h) = self.host_mut(host) {
            for device in DEVICES {
                h.add_device(device);
            }
            h.addons.weave_router = Some(router);
        }
        self.container_start(host, &Caller::daemon(), &container_id)
            .map_err(docker)?;
        for peer in peers {
            let name = peer.split(':').next().unwrap_or(peer);
            let target = self.host_lookup(name).map(|h| h.name.clone());
            if let Some(target) = target {
                let _ = self.weave_connect(host, &target);
            }
        }
        Ok(container_id)
    }

    /// `weave connect PEER`: remembered as a target; connected when the peer's router runs
    /// and its 6783/tcp is open. A router with no space gets half of the peer's biggest range.
    pub fn weave_connect(&mut self, host: &str, peer: &str) -> Result<(), WeaveError> {
        if self.host(host).map_or(true, |h| h.weave().is_none()) {
            return Err(WeaveError::NotRunning);
        }
        if let Some(r) = self.host_mut(host).ok().and_then(|h| h.weave_mut()) {
            r.targets.insert(peer.to_string());
        }
        if !self.weave_linked(host, peer) {
            return Ok(());
        }
        let mine_empty = self
            .host(host)
            .ok()
            .and_then(|h| h.weave())
            .is_some_and(|r| r.ranges.is_empty());
        if mine_empty {
            let donated = self
                .host_mut(peer)
                .ok()
                .and_then(|h| h.weave_mut())
                .and_then(|donor| {
                    // The upper half of the donor's biggest range.
                    let (index, &(s, e)) = donor
                        .ranges
                        .iter()
                        .enumerate()
                        .max_by_key(|(_, (s, e))| e - s)?;
                    let mid = s + (e - s) / 2;
                    if mid == s {
                        return None;
                    }
                    if let Some(r) = donor.ranges.get_mut(index) {
                        *r = (s, mid);
                    }
                    Some((mid, e))
                });
            if let (Some(range), Some(r)) = (
                donated,
                self.host_mut(host).ok().and_then(|h| h.weave_mut()),
            ) {
                r.ranges.push(range);
            }
        }
        Ok(())
    }

    /// `weave forget PEER`.
    pub fn weave_forget(&mut self, host: &str, peer: &str) -> Result<(), WeaveError> {
        let r = self
            .host_mut(host)
            .ok()
            .and_then(|h| h.weave_mut())
            .ok_or(WeaveError::NotRunning)?;
        r.targets.remove(peer);
        Ok(())
    }

    /// Whether the routers of two hosts hold a connection: both run, one names the other, and
    /// the control port 6783/tcp of the one connected to is open.
    pub fn weave_linked(&self, a: &str, b: &str) -> bool {
        let (Ok(ha), Ok(hb)) = (self.host(a), self.host(b)) else {
            return false;
        };
        let (Some(ra), Some(rb)) = (ha.weave(), hb.weave()) else {
            return false;
        };
        if !ha.machine.running || !hb.machine.running {
            return false;
        }
        (ra.targets.contains(b) && hb.firewall_allows(Proto::Tcp, 6783))
            || (rb.targets.contains(a) && ha.firewall_allows(Proto::Tcp, 6783))
    }

    /// Whether a mesh path joins two routers (connections are gossiped, so peers reach each
    /// other through a third).
    pub fn weave_mesh_path(&self, a: &str, b: &str) -> bool {
        let mut seen = BTreeSet::from([a.to_string()]);
        let mut frontier = vec![a.to_string()];
        while let Some(here) = frontier.pop() {
            if here == b {
                return true;
            }
            for h in self.hosts() {
                if !seen.contains(&h.name) && self.weave_linked(&here, &h.name) {
                    seen.insert(h.name.clone());
                    frontier.push(h.name.clone());
                }
            }
        }
        false
    }

    /// `weave attach CONTAINER`: an `ethwe` with the lowest free address this router owns.
    pub fn weave_attach(&mut self, host: &str, container: &str) -> Result<Ipv4Addr, WeaveError> {
        let router = self
            .host(host)
            .ok()
            .and_then(|h| h.weave().cloned())
            .ok_or(WeaveError::NotRunning)?;
        let c = self
            .container_lookup(host, container)
            .map_err(|_| WeaveError::NoSuchContainer(container.to_string()))?;
        if !c.is_running() {
            return Err(WeaveError::NotRunningContainer(container.to_string()));
        }
        if let Some(link) = c.pipework.iter().find(|l| l.bridge == BRIDGE) {
            return Ok(link.ip);
        }
        let id = c.id.clone();
        let ip = self.weave_allocate(&router)?;
        let mac =
            crate::engine::docker::network::MacAddress::random_local(self.rng.bytes6()).to_string();
        let h = self.host_mut(host).map_err(|_| WeaveError::NotRunning)?;
        let index = h.take_ifindex();
        if let Some(c) = h.containers.get_mut(&id) {
            c.pipework.push(PipeworkLink {
                bridge: BRIDGE.into(),
                interface: INTERFACE.into(),
                ip,
                prefix: RANGE.1,
                gateway: None,
                mac,
                index,
            });
        }
        Ok(ip)
    }

    /// The lowest free address in what `router` owns (never the range's network or
    /// broadcast address), as `Space.Allocate` picks it.
    fn weave_allocate(&self, router: &Router) -> Result<Ipv4Addr, WeaveError> {
        let taken: BTreeSet<u32> = self
            .hosts()
            .flat_map(|h| {
                h.containers
                    .values()
                    .flat_map(|c| c.pipework.iter().filter(|l| l.bridge == BRIDGE))
                    .map(|l| u32::from(l.ip))
                    .chain(
                        h.addons
                            .weave_router
                            .as_ref()
                            .and_then(|r| r.exposed)
                            .map(u32::from),
                    )
            })
            .collect();
        let (start, end) = range_bounds();
        router
            .ranges
            .iter()
            .flat_map(|&(s, e)| s..e)
            .find(|a| *a != start && *a != end - 1 && !taken.contains(a))
            .map(Ipv4Addr::from)
            .ok_or(WeaveError::NoSpace)
    }

    /// `weave expose`: the host itself gets an address on the weave bridge, so it reaches
    /// the containers (and they reach it). A second call keeps the address.
    pub fn weave_expose(&mut self, host: &str) -> Result<Ipv4Addr, WeaveError> {
        let router = self
            .host(host)
            .ok()
            .and_then(|h| h.weave().cloned())
            .ok_or(WeaveError::NotRunning)?;
        if let Some(ip) = router.exposed {
            return Ok(ip);
        }
        let ip = self.weave_allocate(&router)?;
        if let Some(r) = self.host_mut(host).ok().and_then(|h| h.weave_mut()) {
            r.exposed = Some(ip);
        }
        Ok(ip)
    }

    /// `weave hide`: the host's address goes back to the allocator.
    pub fn weave_hide(&mut self, host: &str) -> Result<Option<Ipv4Addr>, WeaveError> {
        let r = self
            .host_mut(host)
            .ok()
            .and_then(|h| h.weave_mut())
            .ok_or(WeaveError::NotRunning)?;
        Ok(r.exposed.take())
    }

    /// `weave detach CONTAINER`: the address it gave back.
    pub fn weave_detach(
        &mut self,
        host: &str,
        container: &str,
    ) -> Result<Option<Ipv4Addr>, WeaveError> {
        let id = self
            .container_lookup(host, container)
            .map_err(|_| WeaveError::NoSuchContainer(container.to_string()))?
            .id
            .clone();
        let h = self.host_mut(host).map_err(|_| WeaveError::NotRunning)?;
        let c = h.containers.get_mut(&id).ok_or(WeaveError::NotRunning)?;
        let ip = c.pipework.iter().find(|l| l.bridge == BRIDGE).map(|l| l.ip);
        c.pipework.retain(|l| l.bridge != BRIDGE);
        Ok(ip)
    }

    /// `eval $(weave env)`: containers started on this host from now on are attached.
    pub fn weave_proxy(&mut self, host: &str) -> Result<(), WeaveError> {
        let r = self
            .host_mut(host)
            .ok()
            .and_then(|h| h.weave_mut())
            .ok_or(WeaveError::NotRunning)?;
        r.proxy = true;
        Ok(())
    }

    /// `check_running` for the router: present and running, or why not.
    pub fn weave_check(&self, host: &str) -> Result<(), WeaveError> {
        let h = self.host(host).map_err(|_| WeaveError::NotRunning)?;
        match h
            .container_id_by_name(ROUTER_NAME)
            .and_then(|id| h.containers.get(id))
        {
            None => Err(WeaveError::NotRunning),
            Some(c) if !c.is_running() => Err(WeaveError::Stopped),
            Some(_) if h.weave().is_none() => Err(WeaveError::NotRunning),
            Some(_) => Ok(()),
        }
    }

    /// `weave stop`: the router container stops; attached interfaces stay but carry nothing,
    /// and what the router owns waits in `weavedb` for the next launch. `false` if it was not
    /// running (the script says so and carries on).
    pub fn weave_stop(&mut self, host: &str) -> Result<bool, WeaveError> {
        let Some(id) = self
            .host(host)
            .ok()
            .and_then(|h| h.weave())
            .map(|r| r.container_id.clone())
        else {
            return Ok(false);
        };
        self.container_stop(host, &Caller::daemon(), &id)
            .map_err(|e| WeaveError::Docker(e.to_string()))?;
        Ok(true)
    }

    /// `weave reset [--force]`: the router leaves the cluster, its containers and data go, and
    /// the bridge with them. A stopped router cannot leave cleanly: refused without `--force`.
    pub fn weave_reset(&mut self, host: &str, force: bool) -> Result<(), WeaveError> {
        if !force && self.weave_check(host) == Err(WeaveError::Stopped) {
            return Err(WeaveError::ResetStopped);
        }
        for name in [ROUTER_NAME, "weavedb", VOLUMES_NAME] {
            let ours = self.host(host).is_ok_and(|h| {
                h.container_id_by_name(name)
                    .and_then(|id| h.containers.get(id))
                    .is_some_and(|c| c.image.as_typed().starts_with("weaveworks/"))
            });
            if ours {
                let _ = self.container_remove(host, &Caller::daemon(), name, true, true);
            }
        }
        let h = self.host_mut(host).map_err(|_| WeaveError::NotRunning)?;
        h.addons.weave_router = None;
        for device in DEVICES {
            h.remove_device(device);
        }
        Ok(())
    }

    /// After a container started: attach it if the proxy is on (a restart comes back).
    pub(in crate::engine) fn weave_auto_attach(&mut self, host: &str, id: &str) {
        let proxy = self
            .host(host)
            .ok()
            .and_then(|h| h.weave())
            .is_some_and(|r| r.proxy);
        // The proxy attaches what runs in its own network namespace; the router itself (on
        // the host's network) and other `--network host` containers have none.
        let attachable = self
            .host(host)
            .ok()
            .and_then(|h| h.containers.get(id))
            .is_some_and(|c| c.is_running() && c.network_mode != "host");
        if proxy && attachable {
            let _ = self.weave_attach(host, id);
        }
    }

    /// The running container holding `ip` on the weave network, with its host.
    pub fn weave_owner(
        &self,
        ip: Ipv4Addr,
    ) -> Option<(&crate::engine::Host, &crate::engine::Container)> {
        self.hosts().find_map(|h| {
            h.containers_in_order()
                .find(|c| c.pipework.iter().any(|l| l.bridge == BRIDGE && l.ip == ip))
                .map(|c| (h, c))
        })
    }

    /// weaveDNS: the addresses of every attached container with this name, on routers
    /// that reach `from`'s.
    pub fn weave_dns(&self, from: &str, name: &str) -> Vec<Ipv4Addr> {
        let short = name.trim_end_matches('.').trim_end_matches(".weave.local");
        self.hosts()
            .filter(|h| h.name == from || self.weave_mesh_path(from, &h.name))
            .flat_map(|h| h.containers_in_order())
            .filter(|c| c.name == short || c.hostname == short)
            .flat_map(|c| {
                c.pipework
                    .iter()
                    .filter(|l| l.bridge == BRIDGE)
                    .map(|l| l.ip)
            })
            .collect()
    }
}
