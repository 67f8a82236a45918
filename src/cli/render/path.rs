//! A packet's path in words: each [`HopKind`] as the line `trace` prints for it, each
//! [`Dropped`] reason as the text after `dropped:`, and [`shown`], the path as the picture
//! animates it (the marks it lights, with these same labels).
//!
//! The wording is Berth's own (no real tool lists hops like this); it names Docker's parts as
//! the networking docs do: the veth into `docker0`, MASQUERADE, DOCKER-ISOLATION, IPVS, VXLAN.

use crate::engine::addons::flannel::Backend;
use crate::engine::lab::reach::{
    Device, Dropped, Encapsulation, Hop, HopKind, Mark, Path, Tunnel, WeaveDatapath,
};

/// A path as the topology shows it: for each lit hop, what it touches, what it says, and
/// the outer packet when the hop is inside a tunnel.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PathShown {
    pub marks: Vec<Mark>,
    pub texts: Vec<String>,
    pub encapsulations: Vec<Option<EncapsulationShown>>,
    pub arrived: bool,
}

/// The outer packet of a tunnel, in the words the picture's badge shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EncapsulationShown {
    /// The tunnel's header: `VXLAN 4097`, `Weave sleeve`, `flannel udp (flannel0)`.
    pub header: String,
    /// The outer UDP packet: `UDP 192.168.50.10 → 192.168.50.11:4789`.
    pub outer: String,
    /// Both, as one phrase: `VXLAN 4097 in UDP 192.168.50.10 → 192.168.50.11:4789`.
    pub wire: String,
    /// The phrase for the badge's tooltip.
    pub title: String,
}

impl std::fmt::Display for EncapsulationShown {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.wire)
    }
}

/// What the picture lights up, hop by hop, and whether the packet arrived.
pub fn shown(path: &Path) -> PathShown {
    let steps: Vec<&Hop> = path.hops.iter().filter(|h| h.mark.is_some()).collect();
    PathShown {
        marks: steps.iter().filter_map(|h| h.mark.clone()).collect(),
        texts: steps.iter().map(|h| hop(&h.kind)).collect(),
        encapsulations: steps
            .iter()
            .map(|h| h.encapsulation.as_ref().map(encapsulation))
            .collect(),
        arrived: path.outcome.is_ok(),
    }
}

/// The picture's status line while it plays `shown`: the hop `step` (counted from 1) just
/// lit and its `label`, then whether the packet arrived once the play is `done`.
pub fn playing(shown: &PathShown, step: usize, done: bool, label: &str) -> String {
    let total = shown.marks.len();
    if !done {
        if label.is_empty() {
            format!("hop {step} of {total}")
        } else {
            format!("hop {step} of {total}: {label}")
        }
    } else if shown.arrived {
        "arrived".to_string()
    } else {
        "dropped where it turns red".to_string()
    }
}

/// A tunnel's header.
pub fn tunnel(t: &Tunnel) -> String {
    match t {
        Tunnel::Vxlan { vni } => format!("VXLAN {vni}"),
        Tunnel::Weave(WeaveDatapath::Fast) => "Weave fast datapath (VXLAN)".into(),
        Tunnel::Weave(WeaveDatapath::Sleeve) => "Weave sleeve".into(),
        Tunnel::Flannel(Backend::Vxlan) => format!("VXLAN 1 ({})", Backend::Vxlan.device()),
        Tunnel::Flannel(b) => format!("flannel {} ({})", b.as_str(), b.device()),
    }
}

/// The outer packet, for the picture.
pub fn encapsulation(e: &Encapsulation) -> EncapsulationShown {
    let header = tunnel(&e.tunnel);
    let outer = format!(
        "UDP {} → {}:{}",
        e.outer_source, e.outer_destination, e.port
    );
    let wire = format!("{header} in {outer}");
    EncapsulationShown {
        title: format!("Encapsulated: {wire}"),
        header,
        outer,
        wire,
    }
}

fn device(d: &Device) -> String {
    match d {
        Device::Named(name) => name.clone(),
        Device::OverlayBr0 { network } => format!("br0 (overlay {network})"),
    }
}

/// One hop, as `trace` lists it.
pub fn hop(kind: &HopKind) -> String {
    match kind {
        HopKind::Sender {
            container,
            host_network,
        } => format!(
            "{container} ({})",
            if *host_network {
                "host network"
            } else {
                "its network namespace"
            }
        ),
        HopKind::SenderHost { host } => format!("{host} (the host)"),
        HopKind::Loopback => "lo".into(),
        HopKind::PipeworkMacvlan { interface } => {
            format!("{interface} → eth0 (pipework macvlan)")
        }
        HopKind::PipeworkVeth { interface, bridge } => {
            format!("{interface} → {bridge} (pipework veth)")
        }
        HopKind::PipeworkTarget {
            container,
            ip,
            bridge,
            others: 0,
        } => format!("{container} ({ip} on {bridge})"),
        HopKind::PipeworkTarget {
            container,
            ip,
            bridge,
            others,
        } => format!(
            "{container} ({ip} on {bridge}; {others} more claim it too, with no IPAM to stop them: the first ARP answer wins)"
        ),
        HopKind::VethToBridge { interface, device: d } => {
            format!("{interface} → {}", device(d))
        }
        HopKind::BridgeGateway { device: d, ip } => format!("{} (the host, {ip})", device(d)),
        HopKind::HostBridge { device } => device.clone(),
        HopKind::Ipvs { vip, service, task } => format!("IPVS: VIP {vip} of {service} → {task}"),
        HopKind::Container { container, network } => format!("{container} (eth on {network})"),
        HopKind::ToGateway { interface, gateway } => format!("{interface} → gateway {gateway}"),
        HopKind::Isolation { from, to } => {
            format!("iptables DOCKER-ISOLATION drops {from} → {to}")
        }
        HopKind::MasqueradeToEth0 { ip } => format!("NAT (MASQUERADE) → eth0 {ip}"),
        HopKind::MasqueradeToInternet => "NAT (MASQUERADE) → the internet".into(),
        HopKind::Eth0 { ip } => format!("eth0 {ip}"),
        HopKind::DefaultRoute => "the host's default route → the internet".into(),
        HopKind::Underlay { network } => format!(
            "underlay {}",
            network.map(|n| n.to_string()).unwrap_or_default()
        ),
        HopKind::HostEth0 { host, ip } => format!("{host} eth0 {ip}"),
        HopKind::UnderlayRouter { ip } => format!("the underlay's router {ip}"),
        HopKind::LanSwitch {
            host,
            driver,
            network,
        } => format!("{host} eth0 → {} {network}", driver.as_str()),
        HopKind::LanContainer {
            container,
            driver,
            host,
        } => format!("{container} ({} on {host})", driver.as_str()),
        HopKind::HostOnly { gateway } => format!("vboxnet0 {gateway}"),
        HopKind::HostOnlyVm { vm, ip } => format!("{vm} eth1 {ip} (host-only)"),
        HopKind::VxlanEncap { vni, from, to } => format!("vxlan {vni}: {from} → {to} udp/4789"),
        HopKind::VxlanDecap { host, vni } => format!("{host} decapsulates vxlan {vni}"),
        HopKind::RemoteContainer {
            container,
            network,
            host,
        } => format!("{container} (eth on {network}, on {host})"),
        HopKind::WeaveBridge { interface } => format!("{interface} → weave bridge"),
        HopKind::WeaveRouter { host } => format!("weave router on {host}"),
        HopKind::WeaveTunnel { from, to, datapath } => format!(
            "weave router: {from} → {to} {}",
            match datapath {
                WeaveDatapath::Fast => "fast datapath (vxlan) udp/6784",
                WeaveDatapath::Sleeve => "sleeve udp/6783 (fast datapath blocked)",
            }
        ),
        HopKind::WeaveBridgeOn { host } => format!("weave bridge on {host}"),
        HopKind::WeaveContainer {
            container,
            ip,
            host,
        } => format!("{container} (ethwe {ip}, on {host})"),
        HopKind::FlannelDevice { backend } => {
            format!("{} ({})", backend.device(), backend.as_str())
        }
        HopKind::FlannelOut { backend, from, to } => match backend.port() {
            Some(port) => format!(
                "{} ({}): {from} → {to} udp/{port}",
                backend.device(),
                backend.as_str()
            ),
            None => format!("route via {to} (host-gw, no encapsulation)"),
        },
        HopKind::Docker0 { host } => format!("{host} docker0"),
        HopKind::FlannelContainer { container, host } => format!("{container} (eth0 on {host})"),
        HopKind::TritonExternal { host, network } => {
            format!("the internet → {host} ({network} network)")
        }
        HopKind::TritonPublicIp { container, ip } => format!("{container} ({ip}, its own public IP)"),
    }
}

/// Why a packet or a connection stopped, as `trace` words it after `dropped:`.
pub fn dropped(why: &Dropped) -> String {
    match why {
        Dropped::PipeworkNobody { bridge, ip } => format!(
            "nobody on {bridge} answers for {ip}: pipework gave it to no running container (a restart takes eth1 away)"
        ),
        Dropped::NoTask { service, vip } => {
            format!("{service} has no running task behind its VIP {vip}")
        }
        Dropped::NoAddress { container } => format!("{container} has no address"),
        Dropped::NoContainer { ip, network } => format!("no container has {ip} on {network}"),
        Dropped::Paused { container } => format!("{container} is paused"),
        Dropped::NotRunning { container } => format!("{container} is not running"),
        Dropped::IccOff { network } => {
            format!("{network} forbids container-to-container traffic (enable_icc=false)")
        }
        Dropped::Internal { network } => format!("{network} is internal: no route leaves the host"),
        Dropped::Isolated {
            ip,
            network,
            container,
        } => format!("{ip} is on {network}, a network {container} is not on"),
        Dropped::NothingAnswers { ip } => format!("nothing answers at {ip}"),
        Dropped::NothingAnswersOn { ip, host } => format!("nothing answers at {ip} on {host}"),
        Dropped::TritonFabric { ip, network } => format!(
            "{ip} is on {network}, private to the account's containers: the client is outside the data center"
        ),
        Dropped::MacvlanOwnHost { container, host } => {
            format!("{container} cannot reach its own host {host}: macvlan keeps them apart")
        }
        Dropped::OwnMacvlan { host } => format!(
            "{host} cannot reach its own macvlan containers: eth0 does not hand their traffic back to the host"
        ),
        Dropped::NoVm { laptop, ip } => format!("no VM of {laptop} has {ip} on vboxnet0"),
        Dropped::VmStopped { vm } => format!("the VM {vm} is stopped"),
        Dropped::Gossip { host, proto, other } => format!(
            "{host}'s firewall drops 7946/{}: without gossip {host} and {other} never learn where each other's containers are",
            proto.as_str()
        ),
        Dropped::Vxlan {
            host,
            replies_from: None,
        } => format!("{host}'s firewall drops 4789/udp: the VXLAN packets never arrive"),
        Dropped::Vxlan {
            host,
            replies_from: Some(peer),
        } => format!("{host}'s firewall drops 4789/udp: the replies from {peer} never arrive"),
        Dropped::NoWeaveOwner { ip } => format!("no container holds {ip} on the weave network"),
        Dropped::NoWeaveRouter { host } => format!("no weave router runs on {host}"),
        Dropped::WeaveNotConnected { from, to } => format!(
            "the routers of {from} and {to} are not connected (weave connect, and 6783/tcp open)"
        ),
        Dropped::WeaveBlocked => {
            "both the fast datapath (6784/udp) and sleeve (6783/udp) are blocked".into()
        }
        Dropped::NoFlannelLease { ip } => {
            format!("no host holds the flannel lease for {ip}: is flanneld running there?")
        }
        Dropped::Flannel {
            host,
            port,
            replies,
        } => format!(
            "{host}'s firewall drops {port}/udp: flannel's {} never arrive",
            if *replies { "replies" } else { "packets" }
        ),
        Dropped::Docker0OffLease { host, subnet } => format!(
            "{host}'s docker0 is not on its flannel subnet {}: restart its daemon with dockerd --bip",
            subnet.map(|s| s.to_string()).unwrap_or_default()
        ),
        Dropped::NoUnderlayHost { ip } => format!("no host has {ip} on the underlay"),
        Dropped::PoweredOff { host } => format!("{host} is powered off"),
        Dropped::NoHost { host } => format!("there is no host {host}"),
        Dropped::Firewall { host, proto, port } => {
            format!("{host}'s firewall drops {port}/{}", proto.as_str())
        }
        Dropped::DockerUser { host, target } => {
            format!("{host}'s DOCKER-USER chain drops it ({target})")
        }
        Dropped::Ufw { host, proto, port } => {
            format!("{host}'s ufw denies {port}/{}", proto.as_str())
        }
        Dropped::CloudFirewall {
            container,
            proto,
            port,
        } => format!(
            "the Cloud Firewall of {container} drops {port}/{}: only published ports are open",
            proto.as_str()
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::Ipv4Addr;

    /// Hops and reasons as data: each typed value and the line it reads as.
    #[test]
    fn hops_and_reasons_read_as_trace_prints_them() {
        let ip = Ipv4Addr::new(172, 17, 0, 3);
        let hops = [
            (
                HopKind::Sender {
                    container: "web".into(),
                    host_network: false,
                },
                "web (its network namespace)",
            ),
            (
                HopKind::VethToBridge {
                    interface: "eth0".into(),
                    device: Device::OverlayBr0 {
                        network: "ov".into(),
                    },
                },
                "eth0 → br0 (overlay ov)",
            ),
            (
                HopKind::PipeworkTarget {
                    container: "a".into(),
                    ip,
                    bridge: "br1".into(),
                    others: 0,
                },
                "a (172.17.0.3 on br1)",
            ),
            (
                HopKind::FlannelOut {
                    backend: Backend::HostGw,
                    from: ip,
                    to: ip,
                },
                "route via 172.17.0.3 (host-gw, no encapsulation)",
            ),
            (HopKind::Underlay { network: None }, "underlay "),
        ];
        for (kind, text) in hops {
            assert_eq!(hop(&kind), text);
        }
        let reasons = [
            (
                Dropped::Flannel {
                    host: "h".into(),
                    port: 8285,
                    replies: true,
                },
                "h's firewall drops 8285/udp: flannel's replies never arrive",
            ),
            (
                Dropped::NothingAnswers { ip },
                "nothing answers at 172.17.0.3",
            ),
        ];
        for (why, text) in reasons {
            assert_eq!(dropped(&why), text);
        }
        assert_eq!(
            tunnel(&Tunnel::Flannel(Backend::Vxlan)),
            "VXLAN 1 (flannel.1)"
        );
    }
}
