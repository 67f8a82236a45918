//! The playground's own commands, for the lab around Docker: `host` (add, ls, rm, stop, start),
//! `firewall`, `ssh` and `exit`, and the few tools a host's shell answers with (`ping`, `curl`,
//! `hostname`).
//!
//! `host` and `firewall` are Berth's, so their words are Berth's; `ssh`, `ping` and `curl` are
//! real programs, so they print what OpenSSH, iputils and curl print on a Linux host.

use std::net::Ipv4Addr;

use crate::cli::shells::container::{curl_output, fetch_on_underlay, FetchError};
use crate::cli::{table, Output};
use crate::engine::docker::image::Service;
use crate::engine::docker::ports::Proto;
use crate::engine::docker::sandbox::INTERNET;
use crate::engine::lab::hosts::{Connect, HostError, Os};
use crate::engine::lab::reach::{Arrival, Blocked};
use crate::engine::World;

const HOST_USAGE: &str = "Usage: host add NAME [--os linux|windows] [--laptop] [--triton]\n       host ls\n       host rm NAME\n       host stop NAME\n       host start NAME\n       host add --help";

/// `host add --help`: every kind of host the lab can hold.
const HOST_ADD_HELP: &str = "Usage: host add NAME [OPTIONS]

Add a machine to the lab, on the underlay 192.168.50.0/24, with its own terminal tab.

Options:
      --os linux     A Linux server running dockerd (the default)
      --os windows   A Windows Server 2022 host: Windows containers, the nat network,
                     --isolation process|hyperv, cmd and PowerShell
      --laptop       A Mac laptop of the boot2docker era: no Docker daemon of its own,
                     VirtualBox and docker-machine to create the Linux VM that runs one
      --triton       A Joyent Triton data center: the whole data center is one Docker
                     host (sdc-docker); ssh NAME opens your client shell pointed at it.
                     Containers get a NIC on the account's fabric, -p gives each its own
                     public IP, Triton CNS names them (--label triton.cns.services=web)";
const FIREWALL_USAGE: &str =
    "Usage: firewall HOST [deny|allow PORT/PROTO]   (for example: firewall host2 deny 4789/udp)";

/// `host …`: manages the hosts of the lab.
pub fn host(world: &mut World, args: &[String]) -> Output {
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let result = match args.as_slice() {
        ["add", "--help" | "-h"] | ["add", _, "--help" | "-h"] => {
            let mut o = Output::default();
            o.out(HOST_ADD_HELP);
            return o;
        }
        ["add", name] => add(world, name, Os::Linux),
        ["add", name, "--laptop"] | ["add", "--laptop", name] => add(world, name, Os::MacOs),
        ["add", name, "--triton"] | ["add", "--triton", name] => add(world, name, Os::Triton),
        ["add", name, "--os", os] | ["add", "--os", os, name] => match *os {
            "linux" => add(world, name, Os::Linux),
            "windows" => add(world, name, Os::Windows),
            "macos" | "mac" | "darwin" => add(world, name, Os::MacOs),
            other => {
                return Output::failed(
                    format!("berth: host add: unknown --os {other:?}: use linux or windows (or --laptop, --triton; see host add --help)"),
                    1,
                )
            }
        },
        ["ls"] | ["list"] => return list(world),
        ["rm", name] => world
            .host_remove(name)
            .map(|()| format!("{name} removed, with everything that ran on it.")),
        ["stop", name] if world.host(name).is_ok_and(|h| h.os == Os::MacOs) => {
            world.host_stop(name).map(|()| {
                format!("{name} is shutting down, and its VirtualBox VMs with it. `host start {name}` boots it again; `docker-machine start` the VMs.")
            })
        }
        ["stop", name] => world.host_stop(name).map(|()| {
            format!("{name} is shutting down: dockerd stopped its containers. `host start {name}` boots it again.")
        }),
        ["start", name] => world.host_start(name).map(|()| {
            format!("{name} booted: dockerd restarted the containers whose restart policy asks for it.")
        }),
        _ => return Output::failed(HOST_USAGE, 1),
    };
    answer(result)
}

fn add(world: &mut World, name: &str, os: Os) -> Result<String, HostError> {
    let h = world.host_add(name, os)?;
    let system = match os {
        Os::Linux => "Linux",
        Os::Windows => "Windows Server 2022 (Windows containers, a nat network)",
        Os::MacOs => "a Mac laptop with VirtualBox and no Docker daemon (docker-machine create -d virtualbox NAME makes one)",
        Os::Triton => {
            return Ok(format!(
                "{} is up: a Triton data center ({}, {} compute nodes), the whole data center one \
                 Docker host (sdc-docker). `ssh {}` opens your client shell, {} on the underlay, \
                 with DOCKER_HOST=tcp://{}.docker.joyent.com:2376 for account {}.",
                h.name,
                crate::engine::platforms::triton::DATACENTER,
                crate::engine::platforms::triton::COMPUTE_NODES,
                h.name,
                h.underlay_ip,
                crate::engine::platforms::triton::DATACENTER,
                crate::engine::platforms::triton::ACCOUNT
            ))
        }
    };
    Ok(format!(
        "{} is up: {system}, {} on the underlay. `ssh {}` opens a shell on it.",
        h.name, h.underlay_ip, h.name
    ))
}

fn answer(result: Result<String, HostError>) -> Output {
    match result {
        Ok(text) => {
            let mut o = Output::default();
            o.out(text);
            o
        }
        Err(e) => Output::failed(format!("berth: {e}"), 1),
    }
}

fn list(world: &World) -> Output {
    let mut rows = vec![vec![
        "NAME".to_string(),
        "OS".into(),
        "STATE".into(),
        "ADDRESS".into(),
        "CONTAINERS".into(),
        "FIREWALL DENIES".into(),
    ]];
    for h in world.hosts() {
        rows.push(vec![
            h.name.clone(),
            match &h.vm {
                Some(vm) => format!("linux (VM on {})", vm.laptop),
                None => h.os.as_str().into(),
            },
            if h.running { "running" } else { "stopped" }.into(),
            // A VM's address is on its laptop's host-only network, not on the underlay.
            match &h.vm {
                Some(_) => format!("{} (host-only)", h.underlay_ip),
                None => h.underlay_ip.to_string(),
            },
            h.containers.len().to_string(),
            denied(h),
        ]);
    }
    let mut o = Output::default();
    o.out(table::render(&rows).join("\n"));
    o
}

fn denied(h: &crate::engine::Host) -> String {
    if h.firewall.is_empty() {
        return "-".into();
    }
    h.firewall
        .iter()
        .map(|(proto, port)| format!("{port}/{}", proto.as_str()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// `firewall HOST [deny|allow PORT/PROTO]`.
pub fn firewall(world: &mut World, args: &[String]) -> Output {
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    match args.as_slice() {
        [name] => match world.host(name) {
            Ok(h) if h.firewall.is_empty() => {
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

/// `ssh [USER@]HOST`: a shell on another host, if the underlay lets port 22 through.
pub fn ssh(world: &World, from: &str, args: &[String]) -> Output {
    let targets: Vec<&str> = args
        .iter()
        .map(String::as_str)
        .filter(|a| !a.starts_with('-'))
        .collect();
    let [target] = targets.as_slice() else {
        return Output::failed(
            "usage: ssh [-46AaCfGgKkMNnqsTtVvXxYy] [-B bind_interface] [-b bind_address]\n           [-c cipher_spec] [-D [bind_address:]port] [-E log_file]\n           [-e escape_char] [-F configfile] [-I pkcs11] [-i identity_file]\n           [-J destination] [-L address] [-l login_name] [-m mac_spec]\n           [-O ctl_cmd] [-o option] [-P tag] [-p port] [-R address]\n           [-S ctl_path] [-W host:port] [-w local_tun[:remote_tun]]\n           destination [command [argument ...]]",
            255,
        );
    };
    let name = target.rsplit('@').next().unwrap_or(target);
    // A docker-machine VM is only on its laptop's host-only network.
    let Some(h) = world
        .host_lookup(name)
        .filter(|h| h.name == from || h.vm.as_ref().is_none_or(|vm| vm.laptop == from))
    else {
        return Output::failed(
            format!("ssh: Could not resolve hostname {name}: Name or service not known"),
            255,
        );
    };
    if h.name != from {
        if !h.running {
            return Output::failed(
                format!("ssh: connect to host {name} port 22: No route to host"),
                255,
            );
        }
        if !h.firewall_allows(Proto::Tcp, 22) {
            return Output::failed(
                format!("ssh: connect to host {name} port 22: Connection timed out"),
                255,
            );
        }
    }
    Output {
        enter_host: Some(h.name.clone()),
        ..Output::default()
    }
}

/// `exit` or `logout` in a host's shell: bash says `logout`, then the session closes it.
pub fn exit(world: &World, host: &str) -> Output {
    let mut o = Output::default();
    // A login bash says so; Windows' cmd leaves without a word.
    if world.host(host).map(|h| h.os) != Ok(Os::Windows) {
        o.out("logout");
    }
    o.exit_shell = true;
    o
}

/// What ssh prints once the remote shell has ended.
pub fn connection_closed(host: &str) -> String {
    format!("Connection to {host} closed.")
}

/// What ssh prints when the remote host goes away under it.
pub fn connection_lost(host: &str) -> String {
    format!("Connection to {host} closed by remote host.")
}

/// `exit` in the terminal's first shell: there is nowhere to go back to.
pub fn first_shell() -> Output {
    Output::failed(
        "berth: this is the terminal's first shell, so it stays open. (`ssh HOST` opens a shell on another host; `exit` leaves it.)",
        1,
    )
}

/// Why the terminal's first host cannot be stopped or removed from itself.
pub fn first_host_busy(host: &str) -> Output {
    Output::failed(
        format!("berth: the terminal's first shell runs on {host}, so {host} cannot be stopped or removed from here."),
        1,
    )
}

/// A tool typed at a host's prompt: `ping`, `curl`, `hostname`. `None` if it is not one.
pub fn host_tool(world: &World, host: &str, words: &[String]) -> Option<Output> {
    let (program, args) = words.split_first()?;
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    Some(match program.as_str() {
        "hostname" => {
            let mut o = Output::default();
            o.out(host);
            o
        }
        "ping" => {
            let sender = super::ping::Sender {
                resolve: &|name| resolve(world, name),
                reach: &|ip| world.reach_from_host(host, ip),
                id: host,
            };
            super::ping::ping(world, super::ping::Rendering::Iputils, &sender, &args)
        }
        "cat" => cat(world, host, &args),
        "ip" => crate::cli::tools::ip::ip(world, host, &args),
        "bridge" => crate::cli::tools::ip::bridge(world, host, &args),
        "iptables" => crate::cli::tools::ip::iptables(world, host, &args),
        "curl" => curl(world, host, &args),
        "dig" => crate::cli::tools::mdata::dig(world, &args),
        _ => return None,
    })
}

/// A name as a host resolves it: the lab's hosts (each host's /etc/hosts lists the others),
/// then the simulated internet.
fn resolve(world: &World, name: &str) -> Option<Ipv4Addr> {
    if let Ok(ip) = name.parse() {
        return Some(ip);
    }
    if name == "localhost" {
        return Some(Ipv4Addr::LOCALHOST);
    }
    if let Ok(h) = world.host(name) {
        return Some(h.underlay_ip);
    }
    // Triton CNS names are public DNS: the first address answered.
    if let Some(addresses) = world.cns_lookup(name) {
        return addresses.first().copied();
    }
    INTERNET.iter().find(|(n, _)| *n == name).map(|(_, ip)| *ip)
}

/// `curl http://HOST[:PORT]/` from a host: its own published ports, its containers' addresses
/// on its bridges, and other hosts across the underlay.
fn curl(world: &World, host: &str, args: &[&str]) -> Output {
    let Some(url) = args.iter().rev().find(|a| !a.starts_with('-')) else {
        return Output::failed(
            "curl: try 'curl --help' or 'curl --manual' for more information",
            2,
        );
    };
    let path = resolve(world, crate::cli::shells::container::url_host(url))
        .and_then(|ip| world.reach_from_host(host, ip).ok())
        .map(|p| p.shown());
    crate::cli::shells::container::with_path(
        crate::cli::shells::container::silenced(args, curl_output(fetch(world, host, url))),
        path,
    )
}

type Fetched = Result<(String, Ipv4Addr, u16, &'static str), FetchError>;

fn fetch(world: &World, host: &str, url: &str) -> Fetched {
    let rest = url.strip_prefix("http://").unwrap_or(url);
    let authority = rest.split('/').next().unwrap_or(rest);
    let (name, port) = match authority.rsplit_once(':') {
        Some((n, p)) => (n, p.parse().map_err(|_| FetchError::BadUrl)?),
        None => (authority, 80),
    };
    let ip = resolve(world, name).ok_or(FetchError::Unresolved(name.to_string()))?;
    let path = world
        .reach_from_host(host, ip)
        .map_err(|_| FetchError::BadUrl)?;
    let h = world.host(host).map_err(|_| FetchError::BadUrl)?;
    match path.outcome {
        Ok(Arrival::Remote) => fetch_on_underlay(world, name, ip, port),
        // The host's own addresses: its published ports (the DNAT rules apply to local
        // traffic too, through the OUTPUT chain).
        Ok(Arrival::Loopback) => served(world.published_on(host, Proto::Tcp, port), name, ip, port),
        Ok(Arrival::Local) => {
            let target = h
                .container_with_ip(ip)
                // Or a macvlan container of another host, out on the LAN.
                .or_else(|| world.macvlan_owner(ip).map(|(_, _, c)| c));
            let service = target.and_then(|t| world.serves(t));
            match service {
                Some(Service::Http { port: p, body }) if p == port => {
                    Ok((name.to_string(), ip, port, body))
                }
                Some(Service::Tcp { port: p }) if p == port => Err(FetchError::NotHttp),
                _ => Err(FetchError::Refused(name.to_string(), ip, port)),
            }
        }
        Ok(Arrival::Internet) => Err(FetchError::Offline(name.to_string())),
        Err(_) => Err(FetchError::Timeout(name.to_string(), port)),
    }
}

/// A connection's answer as curl sees it.
pub(crate) fn served(connect: Connect<'_>, name: &str, ip: Ipv4Addr, port: u16) -> Fetched {
    match connect {
        Connect::Published {
            port: inner,
            service: Some(Service::Http { port: p, body }),
            ..
        } if p == inner => Ok((name.to_string(), ip, port, body)),
        Connect::Published {
            port: inner,
            service: Some(Service::Tcp { port: p }),
            ..
        } if p == inner => Err(FetchError::NotHttp),
        Connect::Published { .. } | Connect::Refused => {
            Err(FetchError::Refused(name.to_string(), ip, port))
        }
        Connect::Filtered(_) => Err(FetchError::Timeout(name.to_string(), port)),
    }
}

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
        .or_else(|| world.host(to).ok().map(|h| h.underlay_ip))
        .or_else(|| {
            // What FROM's own resolver answers: names on its networks, overlays included.
            let c = from_container?;
            match world.dns_lookup(host, &c.id, to) {
                Ok(crate::engine::docker::sandbox::Lookup::Found { addresses, .. }) => {
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
        path: Some(Box::new(path.shown())),
        ..Output::default()
    };
    let target = match port {
        Some(p) => format!("{to}:{p}"),
        None => to.to_string(),
    };
    o.out(format!("trace {from} → {target} ({ip})"));
    for (n, hop) in path.hops.iter().enumerate() {
        o.out(format!("{:>3}  {hop}", n + 1));
    }
    let verdict = match path.outcome {
        Err(Blocked::NoRoute) => Err(format!("{from} has no route: no network but loopback")),
        Err(Blocked::Dropped(why)) => Err(format!("dropped: {why}")),
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
        Connect::Filtered(why) => Err(format!("dropped: {why}")),
    }
}

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
            .is_ok_and(|h| h.pipework_bridges.contains(*bridge));
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
                let server = crate::engine::lab::hosts::UNDERLAY_GATEWAY;
                o.out(format!("udhcpc: started, v1.37.0\nudhcpc: broadcasting discover\nudhcpc: broadcasting select for {ip}, server {server}\nudhcpc: lease of {ip} obtained from {server}, lease time 86400"));
                let prefix = crate::engine::lab::hosts::underlay().map_or(24, |u| u.prefix());
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

/// `cat FILE` on a host: the files the lessons use.
fn cat(world: &World, host: &str, args: &[&str]) -> Output {
    let mut o = Output::default();
    for file in args {
        match *file {
            crate::engine::docker::daemon::DAEMON_JSON => {
                let shown = crate::cli::tools::systemctl::cat_daemon_json(world, host);
                o.exit_code = o.exit_code.max(shown.exit_code);
                o.lines.extend(shown.lines);
            }
            crate::engine::security::authz::POLICY_FILE => {
                let shown = crate::cli::authz::cat_policy(world, host);
                o.exit_code = o.exit_code.max(shown.exit_code);
                o.lines.extend(shown.lines);
            }
            "/run/flannel/subnet.env" => {
                match world.host(host).ok().and_then(|h| h.flannel.as_ref()) {
                    Some(lease) => o.out(lease.subnet_env()),
                    None => {
                        o.err(format!("cat: {file}: No such file or directory"));
                        o.exit_code = 1;
                    }
                }
            }
            other => {
                return Output::failed(
                    format!(
                        "berth: cat {other}: only /run/flannel/subnet.env, /etc/docker/daemon.json and /var/lib/authz-broker/policy.json are simulated on a host"
                    ),
                    1,
                )
            }
        }
    }
    o
}

const ETCDCTL_USAGE: &str =
    "berth: etcdctl (the v2 API): etcdctl set KEY VALUE, mk KEY VALUE, get KEY, ls [DIR], rm KEY";

/// `etcdctl set|mk|get|ls|rm` against the lab's etcd.
pub fn etcdctl(world: &mut World, args: &[String]) -> Output {
    // Flags such as --endpoints or --peers name the one etcd there is.
    let words: Vec<&str> = args
        .iter()
        .map(String::as_str)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let mut o = Output::default();
    let failed = |e: crate::engine::addons::flannel::FlannelError| Output::failed(e.to_string(), 4);
    match words.as_slice() {
        ["set", key, value] => {
            world.etcd_set(key, value);
            o.out(*value);
        }
        ["mk", key, value] => {
            if world.etcd_get(key).is_ok() {
                return Output::failed(
                    format!(
                        "Error:  105: Key already exists (/{}) [{}]",
                        key.trim_matches('/'),
                        world.etcd_index()
                    ),
                    4,
                );
            }
            world.etcd_set(key, value);
            o.out(*value);
        }
        ["get", key] => match world.etcd_get(key) {
            Ok(v) => o.out(v),
            Err(e) => return failed(e),
        },
        ["ls"] | ["ls", _] => {
            let dir = words.get(1).copied().unwrap_or("/");
            match world.etcd_ls(dir) {
                Ok(keys) => {
                    for k in keys {
                        o.out(k);
                    }
                }
                Err(e) => return failed(e),
            }
        }
        ["rm", key] => match world.etcd_rm(key) {
            Ok(v) => o.out(format!("PrevNode.Value: {v}")),
            Err(e) => return failed(e),
        },
        _ => return Output::failed(ETCDCTL_USAGE, 1),
    }
    o
}

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
    let Ok(ip) = world.host(host).map(|h| h.underlay_ip) else {
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

/// `dockerd --bip=ADDR/PREFIX [--mtu=N]`: the daemon restarts with docker0 there.
pub fn dockerd(world: &mut World, host: &str, args: &[String]) -> Output {
    let bip = args.iter().enumerate().find_map(|(i, a)| {
        a.strip_prefix("--bip=")
            .map(str::to_string)
            .or_else(|| (a == "--bip").then(|| args.get(i + 1).cloned()).flatten())
    });
    let Some(bip) = bip else {
        return Output::failed(
            "berth: dockerd is already running; `dockerd --bip=ADDR/PREFIX [--mtu=N]` restarts it with docker0 on another subnet (flannel's FLANNEL_SUBNET).",
            1,
        );
    };
    if bip.contains('$') {
        return Output::failed(
            "berth: shell variables are not simulated: type the values from /run/flannel/subnet.env, such as dockerd --bip=10.1.15.1/24 --mtu=1450",
            1,
        );
    }
    match world.dockerd_restart_with_bip(host, &bip) {
        Ok(()) => {
            let mut o = Output::default();
            o.out(format!(
                "berth: dockerd on {host} restarted with docker0 at {bip}; its containers stopped and came back by their restart policy."
            ));
            o
        }
        Err(e) => Output::failed(e.to_string(), 1),
    }
}
