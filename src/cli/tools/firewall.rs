//! `firewall HOST [deny|allow PORT/PROTO]`: Berth's own command for a host's underlay firewall
//! (the engine's per-host rules that `reach` and `underlay_connect` apply), so its words are
//! Berth's.

use super::host::{answer, denied};
use crate::cli::Output;
use crate::engine::docker::ports::Proto;
use crate::engine::lab::hosts::HostError;
use crate::engine::World;

const FIREWALL_USAGE: &str =
    "Usage: firewall HOST [deny|allow PORT/PROTO]   (for example: firewall host2 deny 4789/udp)";

/// `firewall HOST [deny|allow PORT/PROTO]`.
pub fn firewall(world: &mut World, args: &[String]) -> Output {
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    match args.as_slice() {
        [name] => match world.host(name) {
            Ok(h) if h.machine.firewall.is_empty() => {
                let mut o = Output::default();
                o.out(format!(
                    "{name} lets every port in on the underlay (192.168.50.0/24)."
                ));
                o
            }
            Ok(h) => {
                let mut o = Output::default();
                o.out(format!(
                    "{name} drops inbound {} on the underlay.",
                    denied(h)
                ));
                o
            }
            Err(_) => answer(Err(HostError::NoSuchHost((*name).to_string()))),
        },
        [name, verb @ ("deny" | "allow"), spec] => {
            let Some((port, proto)) = parse_port(spec) else {
                return Output::failed(
                    format!("berth: firewall: invalid port {spec:?}: use PORT/tcp or PORT/udp, such as 4789/udp"),
                    1,
                );
            };
            let deny = *verb == "deny";
            answer(world.firewall_set(name, proto, port, deny).map(|()| {
                if deny {
                    format!(
                        "{name} now drops inbound {port}/{} on the underlay.",
                        proto.as_str()
                    )
                } else {
                    format!("{name} lets inbound {port}/{} in again.", proto.as_str())
                }
            }))
        }
        _ => Output::failed(FIREWALL_USAGE, 1),
    }
}

fn parse_port(spec: &str) -> Option<(u16, Proto)> {
    let (port, proto) = spec.split_once('/').unwrap_or((spec, "tcp"));
    let port: u16 = port.parse().ok().filter(|p| *p > 0)?;
    let proto = match proto {
        "tcp" => Proto::Tcp,
        "udp" => Proto::Udp,
        _ => return None,
    };
    Some((port, proto))
}
