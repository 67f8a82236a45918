//! `ip addr`, `ip link` (with `-d`) and `ip route` at a host's prompt, printed as iproute2
//! prints them on a Debian host (`bridge link` is `bridge.rs`, `iptables` is `iptables.rs`),
//! and the address arithmetic every `ip`-like listing shares (broadcast, IPv6 link-local).
//!
//! The facts come from [`World::host_links`] and [`World::host_nat`]; this module only lays
//! them out. Forms it does not know say so and name the ones it does.

use crate::cli::Output;
use crate::engine::addons::flannel::Backend;
use crate::engine::lab::hostnet::{Link, LinkKind};
use crate::engine::World;
use std::fmt::Write as _;

const IP_FORMS: &str = "ip addr [show [dev] DEV], ip link [show [DEV]], ip -d link show, ip route";

/// `ip …` at a host's prompt.
pub fn ip(world: &World, host: &str, args: &[&str]) -> Output {
    let details = args
        .iter()
        .any(|a| matches!(*a, "-d" | "-details" | "--details"));
    let words: Vec<&str> = args
        .iter()
        .copied()
        .filter(|a| !matches!(*a, "-d" | "-details" | "--details"))
        .collect();
    let (object, rest) = words
        .split_first()
        .map_or(("addr", &[][..]), |(o, r)| (*o, r));
    let object = if object.is_empty() {
        ""
    } else if "address".starts_with(object) {
        "addr"
    } else if "link".starts_with(object) {
        "link"
    } else if "route".starts_with(object) {
        "route"
    } else {
        object
    };
    // `show`/`list` are the default verbs; `dev` before the name is optional.
    let rest: Vec<&str> = match rest.split_first() {
        Some((verb, tail)) if matches!(*verb, "show" | "list" | "ls" | "s" | "sh" | "l") => {
            tail.to_vec()
        }
        _ => rest.to_vec(),
    };
    let device = match rest.as_slice() {
        [] => None,
        ["dev", name] | [name] => Some(*name),
        _ => return not_simulated(args),
    };
    match object {
        "route" if device.is_none() => route(world, host),
        "addr" | "link" => {
            let Ok(links) = world.host_links(host) else {
                return Output::default();
            };
            let shown: Vec<&Link> = links
                .iter()
                .filter(|l| device.is_none_or(|d| d == l.name))
                .collect();
            if let (Some(name), true) = (device, shown.is_empty()) {
                return Output::failed(format!("Device \"{name}\" does not exist."), 1);
            }
            let mut o = Output::default();
            for l in shown {
                o.out(if object == "addr" {
                    addr(l, details)
                } else {
                    link(l, details)
                });
            }
            o
        }
        _ => not_simulated(args),
    }
}

fn not_simulated(args: &[&str]) -> Output {
    Output::failed(
        format!(
            "berth: `ip {}` is not simulated on a host; try {IP_FORMS}.",
            args.join(" ")
        ),
        1,
    )
}

/// `<BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue master docker0 state UP`
pub(crate) fn head(l: &Link, with_qdisc: bool) -> String {
    let flags = match (&l.kind, l.carrier) {
        (LinkKind::Loopback, _) => "LOOPBACK,UP,LOWER_UP",
        (LinkKind::Tun, _) => "POINTOPOINT,MULTICAST,NOARP,UP,LOWER_UP",
        (_, true) => "BROADCAST,MULTICAST,UP,LOWER_UP",
        (_, false) => "NO-CARRIER,BROADCAST,MULTICAST,UP",
    };
    let name = match (&l.peer, &l.peer_name) {
        (Some((index, _)), _) => format!("{}@if{index}", l.name),
        (None, Some(peer)) => format!("{}@{peer}", l.name),
        (None, None) => l.name.clone(),
    };
    let qdisc = match l.kind {
        LinkKind::Ether | LinkKind::Tun => "fq_codel",
        _ => "noqueue",
    };
    let state = match (&l.kind, l.carrier) {
        (
            LinkKind::Loopback | LinkKind::Vxlan { .. } | LinkKind::Tun | LinkKind::Openvswitch,
            _,
        ) => "UNKNOWN",
        (_, true) => "UP",
        (_, false) => "DOWN",
    };
    let master = l
        .master
        .as_ref()
        .map(|m| format!(" master {m}"))
        .unwrap_or_default();
    let mut text = format!("{}: {name}: <{flags}> mtu {}", l.index, l.mtu);
    if with_qdisc {
        let _ = write!(text, " qdisc {qdisc}");
    }
    let _ = write!(text, "{master} state {state}");
    text
}

/// `qlen …` closes the line of devices with a transmit queue.
fn qlen(l: &Link) -> &'static str {
    match l.kind {
        LinkKind::Loopback | LinkKind::Ether | LinkKind::Openvswitch => " qlen 1000",
        LinkKind::Tun => " qlen 500",
        _ => " ",
    }
}

/// The `link/…` line.
fn link_layer(l: &Link) -> String {
    match l.kind {
        LinkKind::Loopback => "    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00".into(),
        LinkKind::Tun => "    link/none ".into(),
        _ => {
            let netns = match l.peer {
                Some((_, Some(id))) => format!(" link-netnsid {id}"),
                _ => String::new(),
            };
            format!("    link/ether {} brd ff:ff:ff:ff:ff:ff{netns}", l.mac)
        }
    }
}

/// `ip -d`'s extra lines: promiscuity, then what kind of device it is.
fn detail(l: &Link) -> String {
    let promiscuity = u8::from(l.master.is_some());
    let mut text = format!(" promiscuity {promiscuity} allmulti 0 minmtu 68 maxmtu 65535 ");
    let kind = match &l.kind {
        LinkKind::Loopback | LinkKind::Ether => String::new(),
        LinkKind::Bridge => "bridge forward_delay 1500 hello_time 200 max_age 2000 ageing_time 30000 stp_state 0 priority 32768 vlan_filtering 0 vlan_protocol 802.1Q ".into(),
        LinkKind::Veth => "veth ".into(),
        LinkKind::Vxlan { id: 0, port, .. } => {
            format!("vxlan external id 0 srcport 0 0 dstport {port} nolearning ttl auto ageing 300 ")
        }
        LinkKind::Vxlan { id, local, port } => format!(
            "vxlan id {id} local {local} dev eth0 srcport 0 0 dstport {port} nolearning ttl auto ageing 300 "
        ),
        LinkKind::Tun => "tun type tun pi off vnet_hdr off persist off ".into(),
        LinkKind::Openvswitch => "openvswitch ".into(),
    };
    if !kind.is_empty() {
        let _ = write!(text, "\n    {kind}");
    }
    match l.master.as_deref() {
        Some("datapath") => text.push_str("\n    openvswitch_slave "),
        Some(_) => text.push_str(
            "\n    bridge_slave state forwarding priority 32 cost 2 hairpin off guard off root_block off fastleave off learning on flood on ",
        ),
        None => {}
    }
    text
}

/// `ip link show`: one device.
fn link(l: &Link, details: bool) -> String {
    let mut text = format!(
        "{} mode DEFAULT group default{}\n{}",
        head(l, true),
        qlen(l),
        link_layer(l)
    );
    if details {
        text.push_str(&detail(l));
    }
    text
}

/// `ip addr show`: one device and its addresses.
fn addr(l: &Link, details: bool) -> String {
    let mut text = format!(
        "{} group default{}\n{}",
        head(l, true),
        qlen(l),
        link_layer(l)
    );
    if details {
        text.push_str(&detail(l));
    }
    for (ip, prefix) in &l.addresses {
        let scope = if l.kind == LinkKind::Loopback {
            "host"
        } else {
            "global"
        };
        let brd = if *prefix < 31 && l.kind != LinkKind::Loopback && l.kind != LinkKind::Tun {
            format!(" brd {}", broadcast(*ip, *prefix))
        } else {
            String::new()
        };
        let _ = write!(
            text,
            "\n    inet {ip}/{prefix}{brd} scope {scope} {}\n       valid_lft forever preferred_lft forever",
            l.name
        );
    }
    match l.kind {
        LinkKind::Loopback => text.push_str(
            "\n    inet6 ::1/128 scope host noprefixroute \n       valid_lft forever preferred_lft forever",
        ),
        LinkKind::Tun => {}
        _ if l.carrier => {
            let _ = write!(
                text,
                "\n    inet6 {}/64 scope link \n       valid_lft forever preferred_lft forever",
                link_local(&l.mac)
            );
        }
        _ => {}
    }
    text
}

/// `ip route` on a host: its LAN, the default route, each Docker bridge, flannel's routes.
fn route(world: &World, host: &str) -> Output {
    let Ok(h) = world.host(host) else {
        return Output::default();
    };
    let mut routes: Vec<(u32, String)> = Vec::new();
    let gateway = crate::engine::UNDERLAY_GATEWAY;
    let mut o = Output::default();
    o.out(format!("default via {gateway} dev eth0 proto static"));
    if let Some(lan) = crate::engine::underlay() {
        routes.push((
            u32::from(lan.network()),
            format!(
                "{lan} dev eth0 proto kernel scope link src {}",
                h.machine.underlay_ip
            ),
        ));
    }
    for n in h.networks.values() {
        let (Some(ipam), Some(device)) = (&n.ipam, &n.bridge_device) else {
            continue;
        };
        // A bridge with no endpoint has no carrier: the kernel marks its route linkdown.
        let used = h.containers.values().any(|c| c.endpoint(&n.id).is_some());
        routes.push((
            u32::from(ipam.subnet.network()),
            format!(
                "{} dev {device} proto kernel scope link src {}{}",
                ipam.subnet,
                ipam.gateway,
                if used { "" } else { " linkdown" }
            ),
        ));
    }
    if let Some(r) = h.weave() {
        if let Some(ip) = r.exposed {
            let (net, prefix) = crate::engine::addons::weave::RANGE;
            routes.push((
                u32::from(net),
                format!("{net}/{prefix} dev weave proto kernel scope link src {ip}"),
            ));
        }
    }
    if let Some(lease) = &h.addons.flannel {
        for other in world.hosts().filter(|o| o.name != h.name) {
            let Some(theirs) = &other.addons.flannel else {
                continue;
            };
            let line = match lease.backend {
                Backend::Vxlan => format!(
                    "{} via {} dev flannel.1 onlink",
                    theirs.subnet,
                    theirs.subnet.network()
                ),
                Backend::HostGw => {
                    format!(
                        "{} via {} dev eth0",
                        theirs.subnet, other.machine.underlay_ip
                    )
                }
                Backend::Udp => continue,
            };
            routes.push((u32::from(theirs.subnet.network()), line));
        }
        if lease.backend == Backend::Udp {
            routes.push((
                u32::from(lease.network.network()),
                format!("{} dev flannel0", lease.network),
            ));
        }
    }
    routes.sort();
    for (_, line) in routes {
        o.out(line);
    }
    o
}

/// busybox `ip addr [show [dev] DEV]` and `ip route` in a container, from the interfaces
/// the engine gives its namespace.
pub fn in_container(world: &World, host: &str, container: &str, args: &[&str]) -> Output {
    let mut o = Output::default();
    let object = args.first().copied().unwrap_or("");
    let interfaces = world
        .container_interfaces(host, container)
        .unwrap_or_default();
    if "address".starts_with(object) && !object.is_empty() {
        // `ip addr show DEV` (or `ip a s dev DEV`): that interface only.
        let device = match args.get(1..).unwrap_or(&[]) {
            [show, "dev", d] | [show, d] if "show".starts_with(show) => Some(*d),
            _ => None,
        };
        if let Some(d) = device {
            if d == "lo" {
                o.out(LOOPBACK_ADDR);
                return o;
            }
            let Some(i) = interfaces.iter().find(|i| i.name == d) else {
                return Output::failed(format!("ip: can't find device '{d}'"), 1);
            };
            o.out(interface_addr(i));
            return o;
        }
        o.out(LOOPBACK_ADDR);
        for i in &interfaces {
            o.out(interface_addr(i));
        }
        return o;
    }
    if "route".starts_with(object) && !object.is_empty() {
        let internal = |net: &str| world.network_inspect(host, net).is_ok_and(|n| n.internal);
        if let Some(first) = interfaces.iter().find(|i| !internal(&i.network)) {
            o.out(format!("default via {} dev {} ", first.gateway, first.name));
        }
        for i in &interfaces {
            let net = crate::engine::Ipv4Cidr::new(i.ip, i.prefix)
                .map(|c| c.to_string())
                .unwrap_or_default();
            o.out(format!("{net} dev {} scope link  src {} ", i.name, i.ip));
        }
        return o;
    }
    Output::failed(
        format!(
            "berth: ip {} is not simulated; try ip addr or ip route",
            args.join(" ")
        ),
        1,
    )
}

/// `lo` as busybox `ip addr` prints it.
const LOOPBACK_ADDR: &str = "1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN qlen 1\n    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n    inet 127.0.0.1/8 scope host lo\n       valid_lft forever preferred_lft forever\n    inet6 ::1/128 scope host \n       valid_lft forever preferred_lft forever";

/// One interface as busybox `ip addr` prints it.
fn interface_addr(i: &crate::engine::lab::sandbox::Interface) -> String {
    format!(
        "{}: {}@if{}: <BROADCAST,MULTICAST,UP,LOWER_UP,M-DOWN> mtu 1500 qdisc noqueue state UP \n    link/ether {} brd ff:ff:ff:ff:ff:ff\n    inet {}/{} brd {} scope global {}\n       valid_lft forever preferred_lft forever\n    inet6 {}/64 scope link \n       valid_lft forever preferred_lft forever",
        i.index,
        i.name,
        i.peer_index,
        i.mac,
        i.ip,
        i.prefix,
        broadcast(i.ip, i.prefix),
        i.name,
        link_local(&i.mac)
    )
}

/// The broadcast address of `ip/prefix`, as `ip addr` prints it after `brd`.
pub(crate) fn broadcast(ip: std::net::Ipv4Addr, prefix: u8) -> std::net::Ipv4Addr {
    let host_bits = if prefix >= 32 { 0 } else { u32::MAX >> prefix };
    std::net::Ipv4Addr::from(u32::from(ip) | host_bits)
}

/// The EUI-64 link-local address of a MAC: `02:42:ac:11:00:02` → `fe80::42:acff:fe11:2`.
pub(crate) fn link_local(mac: &str) -> String {
    let b: Vec<u8> = mac
        .split(':')
        .filter_map(|h| u8::from_str_radix(h, 16).ok())
        .collect();
    let [a, b1, c, d, e, f] = b.as_slice() else {
        return "fe80::1".to_string();
    };
    let groups = [
        u16::from_be_bytes([a ^ 0x02, *b1]),
        u16::from_be_bytes([*c, 0xff]),
        u16::from_be_bytes([0xfe, *d]),
        u16::from_be_bytes([*e, *f]),
    ];
    format!(
        "fe80::{:x}:{:x}:{:x}:{:x}",
        groups[0], groups[1], groups[2], groups[3]
    )
    .replace("fe80::0:", "fe80::")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn link_local_matches_the_docs_tutorial() {
        assert_eq!(link_local("02:42:ac:11:00:02"), "fe80::42:acff:fe11:2");
    }

    #[test]
    fn broadcast_of_a_16() {
        assert_eq!(
            broadcast("172.18.0.2".parse().unwrap(), 16).to_string(),
            "172.18.255.255"
        );
    }
}
