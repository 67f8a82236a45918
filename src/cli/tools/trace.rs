//! `trace FROM TO[:PORT]`: Berth's own command, the packet path hop by hop from the engine's
//! `reach`, and where and why it stops.

use std::net::Ipv4Addr;

use crate::cli::Output;
use crate::engine::docker::image::Service;
use crate::engine::docker::ports::Proto;
use crate::engine::lab::hosts::Connect;
use crate::engine::lab::reach::{Arrival, Blocked};
use crate::engine::lab::sandbox::INTERNET;
use crate::engine::World;

const TRACE_USAGE: &str = "Usage: trace FROM TO[:PORT]   (FROM: a container or a host; TO: a container, a host or an address)";

/// `trace FROM TO[:PORT]`: the packet path hop by hop, and where and why it stops. Berth's
/// own command: TO may name a container directly, even where FROM could not resolve it.
pub fn trace(world: &World, host: &str, args: &[String]) -> Output {
    let [from, to] = args else {
        return Output::failed(TRACE_USAGE, 1);
    };
    let (to, port) = match to.rsplit_once(':') {
        Some((name, p)) => match p.parse::<u16>() {
            Ok(p) if p > 0 => (name, Some(p)),
            _ => return Output::failed(format!("berth: trace: invalid port {p:?} in {to:?}"), 1),
        },
        None => (to.as_str(), None),
    };
    let from_container = world.container_lookup(host, from).ok();
    let from_host = world.host(from).ok().filter(|_| from_container.is_none());
    if from_container.is_none() && from_host.is_none() {
        return Output::failed(
            format!("berth: trace: no container or host named {from} on {host}"),
            1,
        );
    }
    let shared = |ip: Ipv4Addr| {
        from_container.is_some_and(|c| {
            world
                .container_interfaces(host, &c.id)
                .unwrap_or_default()
                .iter()
                .any(|i| {
                    world
                        .host(host)
                        .ok()
                        .and_then(|h| h.network_by_name(&i.network))
                        .and_then(|n| n.ipam.as_ref())
                        .is_some_and(|ipam| ipam.subnet.contains(ip))
                })
        })
    };
    let ip = to
        .parse::<Ipv4Addr>()
        .ok()
        .or_else(|| world.host(to).ok().map(|h| h.machine.underlay_ip))
        .or_else(|| {
            // What FROM's own resolver answers: names on its networks, overlays included.
            let c = from_container?;
            match world.dns_lookup(host, &c.id, to) {
                Ok(crate::engine::lab::sandbox::Lookup::Found { addresses, .. }) => {
                    addresses.first().copied()
                }
                _ => None,
            }
        })
        .or_else(|| INTERNET.iter().find(|(n, _)| *n == to).map(|(_, ip)| *ip))
        .or_else(|| {
            let target = world.container_lookup(host, to).ok()?;
            let addresses: Vec<Ipv4Addr> = world
                .container_interfaces(host, &target.id)
                .ok()?
                .iter()
                .map(|i| i.ip)
                .collect();
            addresses
                .iter()
                .copied()
                .find(|ip| shared(*ip))
                .or_else(|| addresses.first().copied())
        });
    let Some(ip) = ip else {
        return Output::failed(
            format!(
                "berth: trace: {to} is not a running container on {host}, a host, a known name or an address"
            ),
            1,
        );
    };
    let path = match (from_container, from_host) {
        (Some(c), _) if !c.is_running() => {
            return Output::failed(format!("berth: trace: {from} is not running"), 1)
        }
        (Some(c), _) => world.reach(host, &c.id, ip),
        (None, Some(h)) => world.reach_from_host(&h.name, ip),
        (None, None) => {
            return Output::failed(
                format!("berth: trace: no container or host named {from} on {host}"),
                1,
            )
        }
    };
    let path = match path {
        Ok(p) => p,
        Err(e) => return Output::failed(format!("berth: {e}"), 1),
    };
    let mut o = Output {
        path: Some(Box::new(crate::cli::render::path::shown(&path))),
        ..Output::default()
    };
    let target = match port {
        Some(p) => format!("{to}:{p}"),
        None => to.to_string(),
    };
    o.out(format!("trace {from} → {target} ({ip})"));
    for (n, hop) in path.hops.iter().enumerate() {
        o.out(format!(
            "{:>3}  {}",
            n + 1,
            crate::cli::render::path::hop(&hop.kind)
        ));
    }
    let verdict = match path.outcome {
        Err(Blocked::NoRoute) => Err(format!("{from} has no route: no network but loopback")),
        Err(Blocked::Dropped(why)) => Err(format!(
            "dropped: {}",
            crate::cli::render::path::dropped(&why)
        )),
        Ok(arrival) => match port {
            None => Ok("arrived".to_string()),
            Some(port) => {
                let overlays: Vec<String> = from_container
                    .map(|c| c.networks.keys().cloned().collect())
                    .unwrap_or_default();
                port_verdict(world, host, ip, port, arrival, &overlays)
            }
        },
    };
    if let Some(shown) = &mut o.path {
        shown.arrived = verdict.is_ok();
    }
    match verdict {
        Ok(text) => o.out(text),
        Err(text) => {
            o.out(format!("  ✗  {text}"));
            o.exit_code = 1;
        }
    }
    o
}

/// Whether something answers on `port` once the packet has arrived.
fn port_verdict(
    world: &World,
    host: &str,
    ip: Ipv4Addr,
    port: u16,
    arrival: Arrival,
    from_networks: &[String],
) -> Result<String, String> {
    let connect = match arrival {
        Arrival::Remote => world.remote_connect(ip, Proto::Tcp, port),
        Arrival::Internet => {
            return Err(format!(
                "{ip} is on the simulated internet, which answers ping only"
            ))
        }
        Arrival::Loopback | Arrival::Local => {
            let here = world.host(host).map_err(|e| e.to_string())?;
            // Here, or a container of another node on an overlay FROM is on.
            let target = here
                .container_with_ip(ip)
                .or_else(|| world.remote_owner(from_networks.iter(), ip));
            match target {
                Some(t) => {
                    let service = world.serves(t);
                    return match service {
                        Some(Service::Http { port: p, .. } | Service::Tcp { port: p })
                            if p == port =>
                        {
                            Ok(format!("arrived: {} listens on {port}/tcp", t.name))
                        }
                        _ => Err(format!(
                            "refused: nothing in {} listens on {port}/tcp",
                            t.name
                        )),
                    };
                }
                None => world.published_on(host, Proto::Tcp, port),
            }
        }
    };
    // A Triton container's public IP is its own: no DNAT on the way, the Cloud Firewall
    // opens the published port.
    let via = match world.triton_public_owner(ip) {
        Some(_) => "Cloud Firewall opens",
        None => "DNAT",
    };
    match connect {
        Connect::Published {
            container,
            port: inner,
            service,
        } => match service {
            Some(Service::Http { port: p, .. } | Service::Tcp { port: p }) if p == inner => {
                Ok(format!(
                    "arrived: {via} {port} → {}:{inner}, which listens",
                    container.name
                ))
            }
            _ => Err(format!(
                "refused: {via} {port} → {}:{inner}, but nothing listens there",
                container.name
            )),
        },
        Connect::Refused => Err(format!("refused: nothing is published on port {port}")),
        Connect::Filtered(why) => Err(format!(
            "dropped: {}",
            crate::cli::render::path::dropped(&why)
        )),
    }
}
