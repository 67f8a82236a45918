//! `docker port` and the `PORTS` column of `docker ps`: how published ports are written
//! (docker/cli `cli/command/container/port.go`, `formatter/container.go` `DisplayablePorts`).

use crate::cli::flags::Spec;
use crate::cli::{parse_flags, Docker, Output};
use crate::engine::docker::caller::Caller;
use crate::engine::docker::ports::{HostIp, Proto};
use crate::engine::{PortEntry, World};

pub const SPEC: Spec = Spec {
    path: "docker port",
    use_line: "docker port CONTAINER [PRIVATE_PORT[/PROTO]]",
    description: "List port mappings or a specific mapping for the container",
    aliases: "docker container port, docker port",
    flags: &[],
    interspersed: true,
    excluded: &[],
};

/// `net.JoinHostPort`: IPv6 addresses in brackets.
fn join_host_port(ip: &str, port: u16) -> String {
    if ip.contains(':') {
        format!("[{ip}]:{port}")
    } else {
        format!("{ip}:{port}")
    }
}

/// docker/cli `DisplayablePorts`: sorted by private port, then host IP, public port and
/// protocol; runs of the same mapping (`80->80`, `81->81`) grouped into ranges first, then
/// the `host->container` mappings.
pub fn displayable_ports(ports: &[PortEntry]) -> String {
    let mut ports: Vec<&PortEntry> = ports.iter().collect();
    ports.sort_by(|a, b| {
        (
            a.private_port,
            a.ip.as_deref().unwrap_or(""),
            a.public_port,
            a.proto,
        )
            .cmp(&(
                b.private_port,
                b.ip.as_deref().unwrap_or(""),
                b.public_port,
                b.proto,
            ))
    });
    // (key, first, last) in the order keys first appear.
    let mut groups: Vec<(String, u16, u16)> = Vec::new();
    let mut result = Vec::new();
    let mut host_mappings = Vec::new();
    for p in ports {
        let current = p.private_port;
        let key = match (&p.ip, p.public_port) {
            (Some(ip), Some(public)) if public != current => {
                host_mappings.push(format!(
                    "{}->{}/{}",
                    join_host_port(ip, public),
                    p.private_port,
                    p.proto.as_str()
                ));
                continue;
            }
            (Some(ip), _) => format!("{ip}/{}", p.proto.as_str()),
            (None, _) => p.proto.as_str().to_string(),
        };
        match groups.iter_mut().find(|(k, _, _)| *k == key) {
            None => groups.push((key, current, current)),
            Some(group) if current == group.2.saturating_add(1) => group.2 = current,
            Some(group) => {
                result.push(form_group(&group.0, group.1, group.2));
                *group = (key, current, current);
            }
        }
    }
    for (key, first, last) in &groups {
        result.push(form_group(key, *first, *last));
    }
    result.extend(host_mappings);
    result.join(", ")
}

fn form_group(key: &str, first: u16, last: u16) -> String {
    let (ip, proto) = match key.rsplit_once('/') {
        Some((ip, proto)) => (Some(ip), proto),
        None => (None, key),
    };
    let range = if first == last {
        first.to_string()
    } else {
        format!("{first}-{last}")
    };
    match ip {
        Some(ip) if ip.contains(':') => format!("[{ip}]:{range}->{range}/{proto}"),
        Some(ip) => format!("{ip}:{range}->{range}/{proto}"),
        None => format!("{range}/{proto}"),
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContainerPort {
    pub container: String,
    pub port: Option<String>,
}

pub fn parse(words: &[String]) -> Result<Docker, Output> {
    let Some(parsed) = parse_flags(&SPEC, words)? else {
        return Ok(Docker::Help(&SPEC));
    };
    match parsed.args.as_slice() {
        [container] => Ok(Docker::ContainerPort(ContainerPort {
            container: container.clone(),
            port: None,
        })),
        [container, port] => Ok(Docker::ContainerPort(ContainerPort {
            container: container.clone(),
            port: Some(port.clone()),
        })),
        _ => Err(Output::failed(
            format!(
                "docker: 'docker port' requires at least 1 and at most 2 arguments\n\nUsage:  {}\n\nRun 'docker port --help' for more information",
                SPEC.use_line
            ),
            1,
        )),
    }
}

impl ContainerPort {
    pub fn execute(self, world: &mut World, host: &str, caller: &Caller) -> Output {
        let container = match world.container_inspect(host, caller, &self.container) {
            Ok(c) => c,
            Err(e) => return Output::failed(super::daemon_error(&e), 1),
        };
        let host_ip = |ip: HostIp| match ip {
            HostIp::V4(v4) => v4.to_string(),
            HostIp::V6Any => "[::]".to_string(),
        };
        let mut o = Output::default();
        match &self.port {
            None => {
                let mut lines: Vec<String> = container
                    .published
                    .iter()
                    .map(|p| {
                        format!(
                            "{}/{} -> {}:{}",
                            p.container_port,
                            p.proto.as_str(),
                            host_ip(p.host_ip),
                            p.host_port
                        )
                    })
                    .collect();
                lines.sort_by(|a, b| super::network_ls::natural_cmp(a, b));
                for line in lines {
                    o.out(line);
                }
            }
            Some(spec) => {
                let (port, proto) = spec.split_once('/').unwrap_or((spec, "tcp"));
                let proto = match proto {
                    "tcp" => Proto::Tcp,
                    "udp" => Proto::Udp,
                    "sctp" => Proto::Sctp,
                    _ => return Output::failed(format!("Error: invalid proto: {proto}"), 1),
                };
                let Ok(port) = port.parse::<u16>() else {
                    return Output::failed(format!("Error: invalid port: {port}"), 1);
                };
                let found: Vec<String> = container
                    .published
                    .iter()
                    .filter(|p| p.container_port == port && p.proto == proto)
                    .map(|p| format!("{}:{}", host_ip(p.host_ip), p.host_port))
                    .collect();
                if found.is_empty() {
                    return Output::failed(
                        format!(
                            "no public port '{port}/{}' published for {}",
                            proto.as_str(),
                            self.container
                        ),
                        1,
                    );
                }
                for line in found {
                    o.out(line);
                }
            }
        }
        o
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(ip: Option<&str>, private: u16, public: Option<u16>) -> PortEntry {
        PortEntry {
            ip: ip.map(String::from),
            private_port: private,
            public_port: public,
            proto: Proto::Tcp,
        }
    }

    #[test]
    fn docker_cli_examples() {
        assert_eq!(displayable_ports(&[entry(None, 80, None)]), "80/tcp");
        assert_eq!(
            displayable_ports(&[
                entry(Some("0.0.0.0"), 80, Some(8080)),
                entry(Some("::"), 80, Some(8080))
            ]),
            "0.0.0.0:8080->80/tcp, [::]:8080->80/tcp"
        );
        assert_eq!(
            displayable_ports(&[
                entry(Some("0.0.0.0"), 80, Some(80)),
                entry(Some("0.0.0.0"), 81, Some(81)),
                entry(None, 443, None)
            ]),
            "0.0.0.0:80-81->80-81/tcp, 443/tcp"
        );
    }
}
