//! Published ports: `-p`/`--publish` specs, `-P`, and the host ports they bind.
//!
//! Sources: docker/go-connections `nat.ParsePortSpec` for the syntax, moby
//! `portallocator` for the ephemeral range (32768–60999, handed out in order), and
//! reference/docker-semantics.md section E. With no host IP a port binds on both `0.0.0.0`
//! and `::`. Bindings exist only while the container runs.

use std::fmt;
use std::net::Ipv4Addr;
use std::str::FromStr;

/// The first and last ephemeral host port (Linux `ip_local_port_range`).
pub const EPHEMERAL_START: u16 = 32768;
pub const EPHEMERAL_END: u16 = 60999;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Proto {
    Tcp,
    Udp,
    Sctp,
}

impl Proto {
    pub fn as_str(self) -> &'static str {
        match self {
            Proto::Tcp => "tcp",
            Proto::Udp => "udp",
            Proto::Sctp => "sctp",
        }
    }
}

/// One `-p` argument: `[IP:][HOST_PORT[-END]:]CONTAINER_PORT[-END][/PROTO]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PortSpec {
    pub host_ip: Option<Ipv4Addr>,
    /// `None`: an ephemeral port for each container port.
    pub host_ports: Option<(u16, u16)>,
    pub container_ports: (u16, u16),
    pub proto: Proto,
}

/// go-connections `nat` errors.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PortSpecError {
    ContainerPort(String),
    HostPort(String),
    Proto(String),
    HostIp(String),
    Ranges(String, String),
}

impl fmt::Display for PortSpecError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PortSpecError::ContainerPort(p) => write!(f, "invalid containerPort: {p}"),
            PortSpecError::HostPort(p) => write!(f, "invalid hostPort: {p}"),
            PortSpecError::Proto(p) => write!(f, "invalid proto: {p}"),
            PortSpecError::HostIp(ip) => write!(f, "invalid IP address: {ip}"),
            PortSpecError::Ranges(h, c) => write!(
                f,
                "invalid ranges specified for container and host Ports: {c} and {h}"
            ),
        }
    }
}

fn parse_range(text: &str) -> Option<(u16, u16)> {
    let (a, b) = match text.split_once('-') {
        Some((a, b)) => (a, b),
        None => (text, text),
    };
    let (a, b) = (a.parse::<u16>().ok()?, b.parse::<u16>().ok()?);
    (a > 0 && a <= b).then_some((a, b))
}

impl FromStr for PortSpec {
    type Err = PortSpecError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let (rest, proto) = match s.rsplit_once('/') {
            Some((r, p)) => (
                r,
                match p {
                    "tcp" => Proto::Tcp,
                    "udp" => Proto::Udp,
                    "sctp" => Proto::Sctp,
                    other => return Err(PortSpecError::Proto(other.to_string())),
                },
            ),
            None => (s, Proto::Tcp),
        };
        let parts: Vec<&str> = rest.split(':').collect();
        let (ip, host, container) = match parts.as_slice() {
            [c] => (None, None, *c),
            [h, c] => (None, Some(*h), *c),
            [ip, h, c] => (Some(*ip), Some(*h), *c),
            _ => return Err(PortSpecError::ContainerPort(rest.to_string())),
        };
        let host_ip = match ip {
            None | Some("") => None,
            Some(ip) => Some(
                ip.parse::<Ipv4Addr>()
                    .map_err(|_| PortSpecError::HostIp(ip.to_string()))?,
            ),
        };
        let container_ports = parse_range(container)
            .ok_or_else(|| PortSpecError::ContainerPort(container.to_string()))?;
        let host_ports = match host {
            None | Some("") => None,
            Some(h) => Some(parse_range(h).ok_or_else(|| PortSpecError::HostPort(h.to_string()))?),
        };
        if let Some((a, b)) = host_ports {
            let container_len = container_ports.1 - container_ports.0;
            // A host range may be wider than the container's single port (pick one of them).
            if b - a != container_len && container_len != 0 {
                return Err(PortSpecError::Ranges(
                    host.unwrap_or_default().to_string(),
                    container.to_string(),
                ));
            }
        }
        Ok(PortSpec {
            host_ip,
            host_ports,
            container_ports,
            proto,
        })
    }
}

/// Where a binding listens on the host.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum HostIp {
    V4(Ipv4Addr),
    /// `::`, the IPv6 twin of an unspecified binding.
    V6Any,
}

impl HostIp {
    /// `0.0.0.0` and `::` (as docker/cli sorts strings: IPv4 first).
    pub fn as_text(self) -> String {
        match self {
            HostIp::V4(ip) => ip.to_string(),
            HostIp::V6Any => "::".to_string(),
        }
    }

    /// Two bindings conflict when their addresses overlap: `0.0.0.0` overlaps every IPv4.
    pub fn overlaps(self, other: HostIp) -> bool {
        match (self, other) {
            (HostIp::V6Any, HostIp::V6Any) => true,
            (HostIp::V4(a), HostIp::V4(b)) => a == b || a.is_unspecified() || b.is_unspecified(),
            _ => false,
        }
    }
}

/// A live binding: host address and port to container port.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct PublishedPort {
    pub host_ip: HostIp,
    pub host_port: u16,
    pub container_port: u16,
    pub proto: Proto,
}

/// A `PORT/PROTO` such as `80/tcp`.
pub fn parse_exposed(text: &str) -> Option<(u16, Proto)> {
    let (port, proto) = text.split_once('/').unwrap_or((text, "tcp"));
    let proto = match proto {
        "tcp" => Proto::Tcp,
        "udp" => Proto::Udp,
        "sctp" => Proto::Sctp,
        _ => return None,
    };
    Some((port.parse().ok()?, proto))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(s: &str) -> Result<PortSpec, String> {
        s.parse::<PortSpec>().map_err(|e| e.to_string())
    }

    #[test]
    fn every_form_parses() {
        let p = spec("8080:80").unwrap();
        assert_eq!(
            (p.host_ip, p.host_ports, p.container_ports, p.proto),
            (None, Some((8080, 8080)), (80, 80), Proto::Tcp)
        );
        let p = spec("127.0.0.1:8080:80").unwrap();
        assert_eq!(p.host_ip, Some(Ipv4Addr::LOCALHOST));
        assert_eq!(spec("80").unwrap().host_ports, None);
        assert_eq!(spec("8080:80/udp").unwrap().proto, Proto::Udp);
        assert_eq!(
            spec("8000-8002:80-82").unwrap().host_ports,
            Some((8000, 8002))
        );
        assert_eq!(spec("127.0.0.1::80").unwrap().host_ports, None);
    }

    #[test]
    fn errors_read_like_go_connections() {
        assert_eq!(spec("abc"), Err("invalid containerPort: abc".into()));
        assert_eq!(spec("x:80"), Err("invalid hostPort: x".into()));
        assert_eq!(spec("80/ftp"), Err("invalid proto: ftp".into()));
        assert_eq!(
            spec("8000-8001:80-82"),
            Err(
                "invalid ranges specified for container and host Ports: 80-82 and 8000-8001".into()
            )
        );
        assert_eq!(spec("1.2.3:80:80"), Err("invalid IP address: 1.2.3".into()));
    }

    #[test]
    fn unspecified_overlaps_everything_of_its_family() {
        let any = HostIp::V4(Ipv4Addr::UNSPECIFIED);
        assert!(any.overlaps(HostIp::V4(Ipv4Addr::LOCALHOST)));
        assert!(!any.overlaps(HostIp::V6Any));
        assert!(!HostIp::V4(Ipv4Addr::LOCALHOST).overlaps(HostIp::V4(Ipv4Addr::new(10, 0, 0, 1))));
    }
}
