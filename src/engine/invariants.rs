//! What must always hold in a world. `World::check_invariants` returns the first broken rule;
//! the session checks it after every command in debug builds, and the tests after every step.

use std::collections::BTreeSet;

use super::World;

impl World {
    pub fn check_invariants(&self) -> Result<(), String> {
        if let Some(swarm) = &*self.swarm {
            for (name, node) in &swarm.nodes {
                let Some(h) = self.hosts.get(name) else {
                    return Err(format!("swarm node {} has no host {name}", node.id));
                };
                if !h.networks.contains_key(&swarm.ingress_id) {
                    return Err(format!("{name}: a swarm node without the ingress network"));
                }
            }
        }
        let mut underlay = BTreeSet::new();
        for h in self.hosts.values() {
            if !underlay.insert(h.machine.underlay_ip) {
                return Err(format!(
                    "{}: underlay address {} used twice",
                    h.name, h.machine.underlay_ip
                ));
            }
            if !h.machine.running
                && h.containers
                    .values()
                    .any(|c| c.is_running() || matches!(c.state, super::State::Restarting { .. }))
            {
                return Err(format!("{}: a stopped host runs a container", h.name));
            }
            let mut names = BTreeSet::new();
            for c in h.containers.values() {
                if !names.insert(c.name.as_str()) {
                    return Err(format!("{}: container name {} used twice", h.name, c.name));
                }
                for (net_id, attachment) in &c.networks {
                    let Some(endpoint) = &attachment.endpoint else {
                        continue;
                    };
                    if !c.is_running() {
                        return Err(format!("{}: stopped {} holds an endpoint", h.name, c.name));
                    }
                    // A live endpoint points at a live network, inside its subnet.
                    let Some(network) = h.networks.get(net_id) else {
                        return Err(format!(
                            "{}: {} has an endpoint on a missing network",
                            h.name, c.name
                        ));
                    };
                    if let (Some(ip), Some(ipam)) = (endpoint.ip, &network.ipam) {
                        if !ipam.subnet.contains(ip) || !ipam.is_in_use(ip) {
                            return Err(format!(
                                "{}: {ip} of {} is not allocated on {}",
                                h.name, c.name, network.name
                            ));
                        }
                    }
                }
                if !c.is_running() && !c.pipework.is_empty() {
                    return Err(format!(
                        "{}: stopped {} keeps a pipework link",
                        h.name, c.name
                    ));
                }
                if c.is_running() && c.networks.values().any(|a| a.endpoint.is_none()) {
                    return Err(format!("{}: running {} lacks an endpoint", h.name, c.name));
                }
            }
            let mut network_names = BTreeSet::new();
            for network in h.networks.values() {
                if !network_names.insert(network.name.as_str()) {
                    return Err(format!(
                        "{}: network name {} used twice",
                        h.name, network.name
                    ));
                }
                let Some(ipam) = &network.ipam else { continue };
                // An overlay's pool is shared by every node that holds it.
                let members: Vec<&super::Container> =
                    if network.driver == super::docker::network::Driver::Overlay {
                        self.hosts
                            .values()
                            .flat_map(|o| o.containers.values())
                            .collect()
                    } else {
                        h.containers.values().collect()
                    };
                // Service VIPs hold addresses of an overlay's pool too.
                let vips = self
                    .swarm
                    .iter()
                    .flat_map(|s| s.services.values())
                    .filter_map(|s| s.vips.get(&network.id).copied());
                // So do the nodes' load-balancer endpoints (`lb-NAME`).
                let lbs = self
                    .swarm
                    .iter()
                    .flat_map(|s| s.lb_endpoints.iter())
                    .filter(|((net, _), _)| *net == network.id)
                    .map(|(_, lb)| lb.ip);
                let held: Vec<_> = members
                    .iter()
                    .filter_map(|c| c.endpoint(&network.id))
                    .filter_map(|e| e.ip)
                    .chain(vips)
                    .chain(lbs)
                    .collect();
                let unique: BTreeSet<_> = held.iter().collect();
                if unique.len() != held.len() {
                    return Err(format!(
                        "{}: an address is held twice on {}",
                        h.name, network.name
                    ));
                }
                // Every address in use is the gateway, an auxiliary address or an endpoint's.
                if ipam.endpoints_in_use() != held.len() {
                    return Err(format!("{}: addresses leaked on {}", h.name, network.name));
                }
            }
            let subnets: Vec<_> = h
                .networks
                .values()
                .filter_map(|n| n.ipam.as_ref().map(|i| (n.name.as_str(), i.subnet)))
                .collect();
            for (i, (a, sa)) in subnets.iter().enumerate() {
                for (b, sb) in subnets.iter().skip(i + 1) {
                    if sa.overlaps(sb) {
                        return Err(format!("{}: subnets of {a} and {b} overlap", h.name));
                    }
                }
            }
            if h.creation_order.len() != h.containers.len() || h.names.len() != h.containers.len() {
                return Err(format!(
                    "{}: creation order or name index out of step",
                    h.name
                ));
            }
            for c in h.containers.values() {
                if h.names.get(&c.name) != Some(&c.id)
                    || h.creation_order.get(&c.sequence) != Some(&c.id)
                {
                    return Err(format!("{}: indexes disagree about {}", h.name, c.name));
                }
            }
            // The binding index holds exactly the running containers' published ports.
            let mut indexed: Vec<(
                crate::engine::docker::ports::Proto,
                u16,
                crate::engine::docker::ports::HostIp,
                &str,
            )> = h
                .bindings
                .iter()
                .flat_map(|((proto, port), v)| {
                    v.iter()
                        .map(move |(ip, id)| (*proto, *port, *ip, id.as_str()))
                })
                .collect();
            let mut live: Vec<_> = h
                .containers
                .values()
                .flat_map(|c| {
                    c.published
                        .iter()
                        .map(move |p| (p.proto, p.host_port, p.host_ip, c.id.as_str()))
                })
                .collect();
            indexed.sort();
            live.sort();
            if indexed != live {
                return Err(format!("{}: the port binding index is out of step", h.name));
            }
        }
        Ok(())
    }
}
