//! `pipework BRIDGE CONTAINER IP/PREFIX`: jpetazzo's pipework script, a second interface by
//! hand from a host Linux bridge (no IPAM; gone when the container stops).

use std::net::Ipv4Addr;

use crate::cli::Output;
use crate::engine::World;

const PIPEWORK_USAGE: &str = "Syntax:
pipework <hostinterface> [-i containerinterface] [-l localinterfacename] [-a addressfamily] <guest> <ipaddr>/<subnet>[@default_gateway] [macaddr][@vlan]
pipework <hostinterface> [-i containerinterface] [-l localinterfacename] <guest> dhcp [macaddr][@vlan]
pipework route <guest> <route_command>
pipework rule <guest> <rule_command>
pipework tc <guest> <tc_command>
pipework --wait [-i containerinterface]";

/// `pipework BRIDGE [-i IFACE] CONTAINER IP/PREFIX[@GATEWAY]` (jpetazzo/pipework).
pub fn pipework(world: &mut World, host: &str, args: &[String]) -> Output {
    let mut interface = "eth1".to_string();
    let mut words: Vec<&str> = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "-i" => match it.next() {
                Some(name) => interface = name.clone(),
                None => return Output::failed(PIPEWORK_USAGE, 1),
            },
            _ => words.push(a),
        }
    }
    let [bridge, guest, address, ..] = words.as_slice() else {
        return Output::failed(PIPEWORK_USAGE, 1);
    };
    if matches!(*bridge, "route" | "rule" | "tc" | "--wait") {
        return Output::failed(
            format!("berth: `pipework {bridge}` is not simulated: pipework here adds interfaces from a Linux bridge (pipework br1 CONTAINER 192.168.1.1/24)."),
            1,
        );
    }
    let physical = *bridge == crate::engine::addons::pipework::PHYSICAL;
    if !bridge.starts_with("br") && !physical {
        let known = world
            .host(host)
            .is_ok_and(|h| h.addons.pipework_bridges.contains(*bridge));
        if !known {
            return Output::failed(format!("I do not know how to setup interface {bridge}."), 1);
        }
    }
    // The DHCP forms: a client in the container asks the segment's server.
    let dhcp = ["dhcp", "udhcpc", "dhclient", "dhcpcd"]
        .iter()
        .any(|c| address.split(':').next() == Some(*c));
    let mut o = Output::default();
    let leased;
    let address: &str = if dhcp {
        if world.container_lookup(host, guest).is_err() {
            return Output::failed(format!("Error: No such object: {guest}"), 1);
        }
        match world.pipework_dhcp_offer(bridge) {
            Ok(ip) => {
                let server = crate::engine::UNDERLAY_GATEWAY;
                o.out(format!("udhcpc: started, v1.37.0\nudhcpc: broadcasting discover\nudhcpc: broadcasting select for {ip}, server {server}\nudhcpc: lease of {ip} obtained from {server}, lease time 86400"));
                let prefix = crate::engine::underlay().map_or(24, |u| u.prefix());
                leased = format!("{ip}/{prefix}@{server}");
                &leased
            }
            Err(e) => return Output::failed(e.to_string(), 1),
        }
    } else {
        address
    };
    let (cidr, gateway) = match address.split_once('@') {
        Some((cidr, gw)) => (cidr, Some(gw)),
        None => (address, None),
    };
    let Some((ip, prefix)) = cidr.split_once('/') else {
        return Output::failed(
            format!("The IP address should include a netmask.\nMaybe you meant {cidr}/24 ?"),
            1,
        );
    };
    let (Ok(ip), Ok(prefix)) = (ip.parse::<Ipv4Addr>(), prefix.parse::<u8>()) else {
        return Output::failed(format!("berth: pipework: invalid address {address:?}"), 1);
    };
    if prefix > 32 {
        return Output::failed(format!("berth: pipework: invalid address {address:?}"), 1);
    }
    let gateway = match gateway.map(str::parse::<Ipv4Addr>) {
        None => None,
        Some(Ok(gw)) => Some(gw),
        Some(Err(_)) => {
            return Output::failed(
                format!("berth: pipework: invalid gateway in {address:?}"),
                1,
            )
        }
    };
    let spec = crate::engine::addons::pipework::PipeworkSpec {
        bridge: (*bridge).to_string(),
        interface,
        ip,
        prefix,
        gateway,
    };
    match world.pipework_attach(host, guest, spec) {
        // The script is silent when it works; only a DHCP client speaks.
        Ok(()) => o,
        Err(e) => Output::failed(e.to_string(), 1),
    }
}
