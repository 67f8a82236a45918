//! Each node's load balancer on a swarm overlay, and who peers on it.
//!
//! Contract:
//! - A node gets a load-balancer endpoint on an overlay (not `ingress`) as soon as one of its
//!   containers has an endpoint there, and loses it with the last: libnetwork's sandbox
//!   `lb-NAME` with the endpoint `NAME-endpoint` (moby `daemon/libnetwork/network.go`,
//!   `lbSandboxName`, `lbEndpointName`). Its address comes from the overlay's pool; while a
//!   service's tasks are placed it waits, since swarmkit's allocator gives the tasks theirs
//!   first (moby/swarmkit `manager/allocator/network.go`, `getNodeNetworks`).
//! - The endpoint's ID and MAC derive from the node and the network, not from the RNG, so
//!   adding them moved no ID the world draws.
//! - `Peers` (moby `daemon/network.go`, `buildPeerInfoResources`): the nodes whose NetworkDB
//!   joined the overlay, those with an endpoint on it, by gossip name and advertised address.
//!
//! Not simulated: `ingress-sbox` (the routing mesh's own sandbox on every node).

use std::net::Ipv4Addr;

use crate::engine::docker::network::MacAddress;
use crate::engine::World;

/// A node's load-balancer endpoint on an overlay: named `NAME-endpoint` in the sandbox
/// `lb-NAME` (moby `libnetwork/network.go`, `lbEndpointName`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LbEndpoint {
    pub ip: Ipv4Addr,
    pub endpoint_id: String,
    pub mac: MacAddress,
}

impl World {
    /// A node's load-balancer endpoints follow its containers: one on each swarm overlay
    /// (not `ingress`, whose `ingress-sbox` Berth does not show) where a container of the
    /// node has an endpoint, gone with the last. Its name and addresses are derived from
    /// the node and the network, not drawn from the RNG, so adding them moved no ID.
    pub(in crate::engine) fn lb_sync(&mut self, host: &str) {
        let Some(swarm) = &*self.swarm else { return };
        if swarm.lb_deferred {
            return;
        }
        let Ok(h) = self.host(host) else { return };
        let used: Vec<String> = swarm
            .networks
            .keys()
            .filter(|id| **id != swarm.ingress_id && swarm.nodes.contains_key(host))
            .filter(|id| h.containers.values().any(|c| c.endpoint(id).is_some()))
            .cloned()
            .collect();
        let stale: Vec<(String, String)> = swarm
            .lb_endpoints
            .iter()
            .filter(|((net, node), _)| node == host && !used.contains(net))
            .map(|(key, _)| key.clone())
            .collect();
        let missing: Vec<String> = used
            .into_iter()
            .filter(|net| {
                !swarm
                    .lb_endpoints
                    .contains_key(&(net.clone(), host.to_string()))
            })
            .collect();
        for key in stale {
            if let Some(lb) = self
                .swarm
                .as_mut()
                .and_then(|s| s.lb_endpoints.remove(&key))
            {
                self.swarm_pool_release(&key.0, lb.ip);
            }
        }
        for net in missing {
            let Some(ip) = self.swarm_pool_allocate(&net) else {
                continue;
            };
            let endpoint_id =
                crate::engine::docker::image::digest_of(&["lb-", &net, "-", host].concat());
            // Overlay endpoints' MACs as Docker 29 makes them: random and locally
            // administered; here from the endpoint's ID.
            let mut bytes = [0u8; 6];
            for (byte, pair) in bytes.iter_mut().zip(endpoint_id.as_bytes().chunks(2)) {
                let text = std::str::from_utf8(pair).unwrap_or("00");
                *byte = u8::from_str_radix(text, 16).unwrap_or(0);
            }
            let mac = MacAddress::random_local(bytes);
            if let Some(swarm) = &mut *self.swarm {
                swarm.lb_endpoints.insert(
                    (net, host.to_string()),
                    LbEndpoint {
                        ip,
                        endpoint_id,
                        mac,
                    },
                );
            }
        }
    }

    /// `Peers` of an overlay in `docker network inspect`: the nodes that hold it in their
    /// NetworkDB (those with an endpoint on it), each by its gossip name and advertised
    /// address (moby `daemon/network.go`, `buildPeerInfoResources`). Empty: the field is
    /// omitted.
    pub fn overlay_peers(&self, net_id: &str) -> Vec<(&str, Ipv4Addr)> {
        let Some(swarm) = &*self.swarm else {
            return Vec::new();
        };
        swarm
            .lb_endpoints
            .keys()
            .filter(|(net, _)| net == net_id)
            .filter_map(|(_, host)| swarm.nodes.get(host))
            .map(|n| (n.gossip_name.as_str(), n.addr))
            .collect()
    }

    /// This node's load-balancer endpoint on an overlay, if it has one.
    pub fn lb_endpoint(&self, host: &str, net_id: &str) -> Option<&LbEndpoint> {
        self.swarm
            .as_ref()?
            .lb_endpoints
            .get(&(net_id.to_string(), host.to_string()))
    }
}
