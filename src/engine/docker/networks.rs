//! Network operations of the Engine API: create, list, remove, prune, connect, disconnect.
//!
//! Subnets for networks created without `--subnet` come from the default pools, first fit with
//! the lowest subnet first (moby `ipamutils/utils.go`, `defaultipam/address_space.go`
//! `allocatePredefinedPool`; reference A.2): 172.17.0.0/16 (the default bridge), 172.18.0.0/16,
//! … 172.31.0.0/16, then 192.168.0.0/20, 192.168.16.0/20, … 192.168.240.0/20.

use std::collections::BTreeMap;
use std::net::Ipv4Addr;

use crate::engine::docker::authz::Action;
use crate::engine::docker::caller::Caller;
use crate::engine::docker::container::{Attachment, Endpoint};
use crate::engine::docker::network::{AddressError, Driver, Ipam, Ipv4Cidr, MacAddress, Network};
use crate::engine::hooks::ContainerChange;
use crate::engine::AddressPools;
use crate::engine::{resolve, EngineError, Host, World};

/// `docker network create` options.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NetworkCreate {
    pub name: String,
    /// `-d`: `bridge` when `None`.
    pub driver: Option<String>,
    pub subnet: Option<Ipv4Cidr>,
    pub gateway: Option<Ipv4Addr>,
    pub ip_range: Option<Ipv4Cidr>,
    pub aux_addresses: BTreeMap<String, Ipv4Addr>,
    pub internal: bool,
    pub attachable: bool,
    pub options: BTreeMap<String, String>,
    pub labels: BTreeMap<String, String>,
}

/// The default local address pools, in the order moby tries them.
fn predefined_pools() -> impl Iterator<Item = Ipv4Cidr> {
    let sixteens = (17u8..=31).filter_map(|b| Ipv4Cidr::new(Ipv4Addr::new(172, b, 0, 0), 16));
    let twenties = (0u8..16).filter_map(|i| Ipv4Cidr::new(Ipv4Addr::new(192, 168, i * 16, 0), 20));
    sixteens.chain(twenties)
}

/// Where HNS finds a subnet for a new `nat` network on Windows: the /20s of 172.16.0.0/12.
fn windows_pools() -> impl Iterator<Item = Ipv4Cidr> {
    (16u8..=31).flat_map(|b| {
        (0u8..16).filter_map(move |i| Ipv4Cidr::new(Ipv4Addr::new(172, b, i * 16, 0), 20))
    })
}

/// The network and the container a `connect` or `disconnect` names, network first (the
/// daemon looks it up first, so its error wins).
fn network_and_container<'a>(
    h: &'a Host,
    network_key: &str,
    container_key: &str,
) -> Result<(&'a Network, &'a crate::engine::Container), EngineError> {
    let net_id = resolve_network(h, network_key)?;
    let container_id = crate::engine::docker::containers::resolve_container(h, container_key)?;
    match (h.networks.get(&net_id), h.containers.get(&container_id)) {
        (Some(network), Some(container)) => Ok((network, container)),
        _ => Err(EngineError::NoSuchNetwork(network_key.to_string())),
    }
}

/// Finds a network by ID, name or unique ID prefix (moby `FindNetwork`).
pub(in crate::engine) fn resolve_network(h: &Host, key: &str) -> Result<String, EngineError> {
    let same_name = h.networks.values().filter(|n| n.name == key).count();
    if same_name > 1 {
        return Err(EngineError::AmbiguousNetwork {
            key: key.to_string(),
            matches: u32::try_from(same_name).unwrap_or(u32::MAX),
        });
    }
    match resolve(&h.networks, key, |n| n.name.as_str()) {
        Ok(Some(id)) => Ok(id.to_string()),
        Ok(None) => Err(EngineError::NoSuchNetwork(key.to_string())),
        Err(()) => Err(EngineError::AmbiguousNetworkPrefix {
            key: key.to_string(),
            matches: u32::try_from(h.networks.keys().filter(|id| id.starts_with(key)).count())
                .unwrap_or(u32::MAX),
        }),
    }
}

impl World {
    /// `GET /networks/{id}`.
    pub fn network_inspect(&self, host: &str, key: &str) -> Result<&Network, EngineError> {
        let h = self.host(host)?;
        let id = resolve_network(h, key)?;
        h.networks
            .get(&id)
            .ok_or_else(|| EngineError::NoSuchNetwork(key.to_string()))
    }

    /// `GET /networks`: every network of the host, by name.
    pub fn network_list(&self, host: &str, caller: &Caller) -> Result<Vec<&Network>, EngineError> {
        self.authorize_plain(host, caller, Action::NetworkList)?;
        let mut networks: Vec<&Network> = self.host(host)?.networks.values().collect();
        networks.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(networks)
    }

    /// `POST /networks/create`: returns the new network's ID.
    pub fn network_create(
        &mut self,
        host: &str,
        caller: &Caller,
        request: NetworkCreate,
    ) -> Result<String, EngineError> {
        self.authorize_plain(host, caller, Action::NetworkCreate)?;
        self.platform_implements(host, "network create")?;
        let h = self.host(host)?;
        if h.networks.values().any(|n| n.name == request.name) {
            return Err(EngineError::NetworkNameExists(request.name));
        }
        let backend = h.backend;
        let driver_name = request
            .driver
            .as_deref()
            .unwrap_or(backend.default_network());
        if driver_name == "overlay" {
            return self.overlay_create_on_manager(host, request);
        }
        let driver = backend
            .driver(driver_name)
            .ok_or_else(|| EngineError::UnknownDriver(driver_name.to_string()))?;
        let mut request = request;
        if matches!(driver, Driver::Transparent | Driver::L2Bridge) && request.subnet.is_none() {
            // The switch is the LAN's: addresses come from the LAN's DHCP server, whose pool
            // here is the top of the underlay (.192/27), clear of the hosts.
            request.subnet = crate::engine::underlay();
            request.gateway = Some(crate::engine::UNDERLAY_GATEWAY);
            request.ip_range = request
                .ip_range
                .or_else(|| Ipv4Cidr::new(std::net::Ipv4Addr::new(192, 168, 50, 192), 27));
        }
        let taken: Vec<Ipv4Cidr> = h
            .networks
            .values()
            .filter_map(|n| n.ipam.as_ref().map(|i| i.subnet))
            .collect();
        let subnet = match request.subnet {
            Some(subnet) => {
                if taken.iter().any(|t| t.overlaps(&subnet)) {
                    return Err(EngineError::PoolOverlaps);
                }
                subnet
            }
            None if backend.address_pools() == AddressPools::Hns => windows_pools()
                .find(|pool| !taken.iter().any(|t| t.overlaps(pool)))
                .ok_or(EngineError::PoolsExhausted)?,
            None => predefined_pools()
                .find(|pool| !taken.iter().any(|t| t.overlaps(pool)))
                .ok_or(EngineError::PoolsExhausted)?,
        };
        if let Some(range) = request.ip_range {
            if !subnet.contains(range.network()) || range.prefix() < subnet.prefix() {
                return Err(EngineError::InvalidIpam(format!(
                    "invalid pool request: sub-pool {range} is not contained in pool {subnet}"
                )));
            }
        }
        for (name, ip) in &request.aux_addresses {
            if !subnet.contains(*ip) {
                return Err(EngineError::InvalidIpam(format!(
                    "auxiliary address: ({name}:{ip}) must belong to the master pool: {subnet}"
                )));
            }
        }
        let ipam = Ipam::configured(
            subnet,
            request.gateway,
            request.ip_range,
            request.aux_addresses.clone(),
        )
        .map_err(|e| match (e, request.gateway) {
            (AddressError::OutOfSubnet, Some(gw)) => EngineError::InvalidIpam(format!(
                "failed to allocate gateway ({gw}): no configured subnet contains IP address {gw}"
            )),
            (_, Some(gw)) => EngineError::InvalidIpam(format!(
                "failed to allocate gateway ({gw}): Address already in use"
            )),
            (_, None) => EngineError::PoolsExhausted,
        })?;
        let id = self.rng.hex(64);
        let bridge_device = (driver == Driver::Nat)
            .then(|| format!("vEthernet ({})", request.name))
            .or_else(|| {
                (driver == Driver::Bridge).then(|| {
                    request
                        .options
                        .get("com.docker.network.bridge.name")
                        .cloned()
                        .unwrap_or_else(|| format!("br-{}", id.get(..12).unwrap_or(&id)))
                })
            });
        let network = Network {
            id: id.clone(),
            name: request.name.clone(),
            driver,
            created: self.now,
            ipam: Some(ipam),
            ipam_options_null: false,
            bridge_device,
            predefined: false,
            internal: request.internal,
            attachable: request.attachable,
            options: request.options,
            labels: request.labels,
        };
        let h = self.host_mut(host)?;
        if let Some(device) = &network.bridge_device {
            h.add_device(device);
        }
        h.networks.insert(id.clone(), network);
        self.emit(host, "network", "create", &id, &request.name);
        Ok(id)
    }

    /// `DELETE /networks/{id}`: refused for the predefined networks and while a running
    /// container has an endpoint on it. Stopped containers do not hold endpoints.
    pub fn network_remove(
        &mut self,
        host: &str,
        caller: &Caller,
        key: &str,
    ) -> Result<(), EngineError> {
        self.authorize_plain(host, caller, Action::NetworkRemove)?;
        let h = self.host(host)?;
        let id = resolve_network(h, key)?;
        self.platform_implements(host, "network rm")?;
        let Some(network) = h.networks.get(&id) else {
            return Err(EngineError::NoSuchNetwork(key.to_string()));
        };
        if network.predefined {
            return Err(EngineError::PredefinedNetwork(network.name.clone()));
        }
        let endpoints: Vec<(String, String)> = h
            .containers_in_order()
            .filter(|c| c.endpoint(&id).is_some())
            .map(|c| (c.name.clone(), c.short_id().to_string()))
            .collect();
        if !endpoints.is_empty() {
            return Err(EngineError::ActiveEndpoints {
                network: network.name.clone(),
                endpoints,
            });
        }
        let name = network.name.clone();
        if network.driver == Driver::Overlay {
            return self.overlay_remove(host, &id, &name);
        }
        let h = self.host_mut(host)?;
        if let Some(device) = h.networks.remove(&id).and_then(|n| n.bridge_device) {
            h.remove_device(&device);
        }
        self.emit(host, "network", "destroy", &id, &name);
        Ok(())
    }

    /// `POST /networks/prune`: removes every user network with no endpoint; returns their
    /// names in name order.
    pub fn network_prune(
        &mut self,
        host: &str,
        caller: &Caller,
    ) -> Result<Vec<String>, EngineError> {
        self.authorize_plain(host, caller, Action::None)?;
        self.platform_implements(host, "network prune")?;
        let h = self.host(host)?;
        let mut unused: Vec<(String, String)> = h
            .networks
            .values()
            .filter(|n| !n.predefined)
            .filter(|n| !h.containers.values().any(|c| c.endpoint(&n.id).is_some()))
            .map(|n| (n.name.clone(), n.id.clone()))
            .collect();
        unused.sort();
        for (name, id) in &unused {
            self.host_mut(host)?.networks.remove(id);
            self.emit(host, "network", "destroy", id, name);
        }
        Ok(unused.into_iter().map(|(name, _)| name).collect())
    }

    /// `POST /networks/{id}/connect`. A running container gets its endpoint at once; a
    /// stopped one keeps the configuration for its next start.
    pub fn network_connect(
        &mut self,
        host: &str,
        caller: &Caller,
        network_key: &str,
        container_key: &str,
        aliases: Vec<String>,
        ipv4_address: Option<Ipv4Addr>,
    ) -> Result<(), EngineError> {
        self.authorize_plain(host, caller, Action::NetworkConnect)?;
        self.platform_implements(host, "network connect")?;
        let materialized = self.on_container_change(
            host,
            ContainerChange::Joining {
                network: network_key,
                by_client: caller.is_request(),
            },
        )?;
        let connected =
            self.network_connect_here(host, network_key, container_key, aliases, ipv4_address);
        if let (Err(_), Some(net_id)) = (&connected, materialized) {
            if let Ok(h) = self.host_mut(host) {
                h.networks.remove(&net_id);
            }
        }
        self.on_container_change(host, ContainerChange::Connected)?;
        connected
    }

    fn network_connect_here(
        &mut self,
        host: &str,
        network_key: &str,
        container_key: &str,
        aliases: Vec<String>,
        ipv4_address: Option<Ipv4Addr>,
    ) -> Result<(), EngineError> {
        let h = self.host(host)?;
        let (network, container) = network_and_container(h, network_key, container_key)?;
        let (net_id, container_id) = (network.id.clone(), container.id.clone());
        if network.driver == Driver::Host {
            return Err(EngineError::HostNetworkConflict);
        }
        if container.network_mode == "host" || container.network_mode.starts_with("container:") {
            return Err(EngineError::SharedNetworkNamespace);
        }
        if network.driver == Driver::Null || container.network_mode == "none" {
            return Err(EngineError::NoneNetworkConflict);
        }
        if container.networks.contains_key(&net_id) {
            return Err(EngineError::AlreadyConnected {
                container: container.name.clone(),
                network: network.name.clone(),
            });
        }
        if ipv4_address.is_some() && !network.is_user_defined() {
            return Err(EngineError::EndpointSettings(
                "user-specified IP address is supported on user-defined networks only".into(),
            ));
        }
        if !aliases.is_empty() && !network.is_user_defined() {
            return Err(EngineError::EndpointSettings(
                "network-scoped aliases are only supported for user-defined networks".into(),
            ));
        }
        let running = container.is_running();
        if let (Some(ip), Some(pool)) = (ipv4_address, &network.ipam) {
            if !pool.subnet.contains(ip) {
                return Err(EngineError::NoSubnetForAddress(ip));
            }
        }
        let has_pool = network.ipam.is_some();
        let network_name = network.name.clone();
        let container_name = container.name.clone();
        // A running container gets its address now, on the real pool: the last check, so a
        // failure here leaves everything as it was.
        let ip = if running && has_pool {
            let h = self.host_mut(host)?;
            let Some(pool) = h.networks.get_mut(&net_id).and_then(|n| n.ipam.as_mut()) else {
                return Err(EngineError::NoSuchNetwork(network_key.to_string()));
            };
            Some(match ipv4_address {
                Some(ip) => pool.request(ip).map(|()| ip).map_err(|e| match e {
                    AddressError::OutOfSubnet => EngineError::NoSubnetForAddress(ip),
                    _ => EngineError::AddressInUse,
                })?,
                None => pool
                    .allocate()
                    .map_err(|_| EngineError::NoAvailableIp(network_name.clone()))?,
            })
        } else {
            None
        };
        let endpoint = if running {
            let endpoint_id = self.rng.hex(64);
            let mac = ip.map(|_| MacAddress::random_local(self.rng.bytes6()));
            let ifindex = match ip {
                Some(_) => self.host_mut(host)?.take_ifindex(),
                None => 0,
            };
            Some(Endpoint {
                endpoint_id,
                ifindex,
                ip,
                mac,
            })
        } else {
            None
        };
        let h = self.host_mut(host)?;
        if let Some(container) = h.containers.get_mut(&container_id) {
            container.networks.insert(
                net_id.clone(),
                Attachment {
                    network_name,
                    aliases,
                    ipv4_address,
                    endpoint,
                },
            );
        }
        self.emit(host, "network", "connect", &net_id, &container_name);
        Ok(())
    }

    /// `POST /networks/{id}/disconnect`: releases the endpoint and forgets the configuration.
    pub fn network_disconnect(
        &mut self,
        host: &str,
        caller: &Caller,
        network_key: &str,
        container_key: &str,
    ) -> Result<(), EngineError> {
        self.authorize_plain(host, caller, Action::NetworkDisconnect)?;
        self.platform_implements(host, "network disconnect")?;
        let disconnected = self.network_disconnect_here(host, network_key, container_key);
        self.on_container_change(host, ContainerChange::Disconnected)?;
        disconnected
    }

    fn network_disconnect_here(
        &mut self,
        host: &str,
        network_key: &str,
        container_key: &str,
    ) -> Result<(), EngineError> {
        let h = self.host(host)?;
        let (network, container) = network_and_container(h, network_key, container_key)?;
        let (net_id, container_id) = (network.id.clone(), container.id.clone());
        if !container.networks.contains_key(&net_id) {
            return Err(EngineError::NotConnected {
                container_id: container.id.clone(),
                network: network.name.clone(),
            });
        }
        if network.driver == Driver::Host && container.is_running() {
            return Err(EngineError::HostNetworkConflict);
        }
        let container_name = container.name.clone();
        let h = self.host_mut(host)?;
        let released = h
            .containers
            .get_mut(&container_id)
            .and_then(|c| c.networks.remove(&net_id))
            .and_then(|a| a.endpoint)
            .and_then(|e| e.ip);
        if let (Some(ip), Some(ipam)) = (
            released,
            h.networks.get_mut(&net_id).and_then(|n| n.ipam.as_mut()),
        ) {
            ipam.release(ip);
        }
        self.emit(host, "network", "disconnect", &net_id, &container_name);
        Ok(())
    }
}
