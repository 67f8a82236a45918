//! `flanneld`: flannel's daemon on a host, leasing a subnet from etcd and writing
//! `/run/flannel/subnet.env`.

use crate::cli::Output;
use crate::engine::World;

/// `flanneld [--etcd-endpoints=…] [--iface=eth0]`: a lease for this host, written to
/// /run/flannel/subnet.env.
pub fn flanneld(world: &mut World, host: &str, args: &[String]) -> Output {
    if let Some(iface) = args.iter().find_map(|a| a.strip_prefix("--iface=")) {
        if iface != "eth0" {
            return Output::failed(
                format!("E main.go: Could not find valid interface matching {iface}: error looking up interface {iface}: route ip+net: no such network interface\nE main.go: Failed to find interface to use that matches the interfaces and/or regexes provided"),
                1,
            );
        }
    }
    let Ok(ip) = world.host(host).map(|h| h.machine.underlay_ip) else {
        return Output::default();
    };
    match world.flanneld_start(host) {
        Ok(lease) => {
            let mut o = Output::default();
            o.out(format!(
                "I main.go: Using interface with name eth0 and address {ip}\nI main.go: Defaulting external address to interface address ({ip})\nI local_manager.go: Allocated lease ({}) to current node ({ip})\nI main.go: Wrote subnet file to /run/flannel/subnet.env\nI main.go: Running backend.",
                lease.subnet,
            ));
            o
        }
        Err(e) => Output::failed(e.to_string(), 1),
    }
}
