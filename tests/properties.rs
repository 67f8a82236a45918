//! Property tests: random sequences of real Docker commands, valid and invalid, driven through
//! [`Session::submit`], never break the world.
//!
//! What this proves, for every generated sequence (names, networks, subnets, addresses and host
//! ports drawn from small sets so that collisions, overlaps, conflicts and exhaustion happen):
//!
//! - no command panics, and `World::check_invariants` holds after every command;
//! - container names are unique on each host;
//! - every live endpoint of a running container sits on a live network, inside its subnet, is
//!   not the gateway, and no two running containers share an address on one network (nor an
//!   interface index on the host), and none takes the subnet's network or broadcast address;
//! - stopped containers hold no endpoint and no host-port binding, and no two live bindings
//!   share a protocol and host port on overlapping addresses (`0.0.0.0` overlaps every IPv4);
//! - `docker ps -a` lists every container of the host;
//! - a command that emits no event leaves the world as it was, but for the logical clock;
//! - determinism: replaying the sequence on a fresh session with the same seed gives the same
//!   turns, and byte-identical `Turn::transcript()` output.

// Test code: a failed unwrap or index is a failed test, which is what we want here.
#![allow(
    clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing
)]

use std::collections::{BTreeMap, BTreeSet};
use std::net::Ipv4Addr;

use berth::cli::Stream;
use berth::engine::World;
use berth::session::{Session, Turn};
use proptest::prelude::*;
use proptest::sample::select;

/// Container names (few, so that they collide), and odd keys: a name Docker rejects (`x`), a
/// leading slash, short hex strings that may be unique or ambiguous ID prefixes, a stranger.
const NAMES: &[&str] = &["web", "db", "n1", "n2"];
const ODD_KEYS: &[&str] = &["x", "/web", "a", "5", "d3", "cache"];
/// User networks and the default bridge; then `host`, `none` and one that never exists.
const NETWORKS: &[&str] = &["net1", "net2", "appnet", "bridge"];
const ODD_NETWORKS: &[&str] = &["host", "none", "ghost"];
const NEW_NETWORKS: &[&str] = &["net1", "net2", "appnet", "bridge", "host"];
const IMAGES: &[&str] = &["alpine", "busybox", "nginx", "redis", "nginx:alpine"];
const BAD_IMAGES: &[&str] = &["busybox:nope", "nosuchimage"];
/// What follows the image: nothing (a server, or a shell that exits at once), processes that
/// run until stopped; then one-shot commands and a missing executable.
const CMDS: &[&str] = &["", "", "sleep 1000", "sleep 1000", "sleep 1000", "ping db"];
const ODD_CMDS: &[&str] = &[
    "top", "sh", "echo hi", "ping -c 1 web", "false", "nosuchcmd",
];
/// Overlapping and disjoint subnets, one overlapping the default bridge, tiny ones that run out,
/// and one that does not parse.
const SUBNETS: &[&str] = &[
    "10.1.0.0/16", "10.1.0.0/24", "10.1.2.0/24", "10.2.0.0/16", "172.18.0.0/16", "172.17.0.0/24",
    "192.168.1.0/30", "192.168.1.0/29", "10.0.0.0/8", "not-a-cidr",
];
/// Static addresses: ordinary ones, network and broadcast addresses, a gateway, a tiny pool's
/// only address, one outside every subnet, one that does not parse.
const IPS: &[&str] = &[
    "10.1.0.5", "10.1.0.2", "10.1.0.1", "10.1.0.0", "10.1.0.255", "10.1.255.255", "10.2.0.9",
    "172.18.0.5", "192.168.1.2", "192.168.1.3", "172.17.0.9", "300.1.1.1",
];
/// Host-port specs from a small set, so that bindings conflict; then invalid ones.
const PORTS: &[&str] = &[
    "8080:80", "8080:8080", "127.0.0.1:8080:80", "0.0.0.0:8080:80", "80", "9000-9001:80-81",
    "9000-9002:80", "8080:80/udp", "53:53/udp",
];
const BAD_PORTS: &[&str] = &["abc", "8000-8001:80-82", "0:80"];
const PING_TARGETS: &[&str] = &[
    "web", "db", "n1", "n2", "cache", "10.1.0.2", "172.17.0.2", "google.com", "nowhere",
];
/// Pieces of lines no one should type: unbalanced quotes, shell operators, stray flags.
const JUNK: &[&str] = &[
    "docker", "network", "run", "-d", "--name", "web", "--ip", "--ip=", "-p", "'",
    "\"unterminated", "|", ";", "&&", "$(x)", "--", "-", "=", "ünïcödé", "\t", "--help", "ps",
    "exit", "busybox", "-f", "prune",
];

/// Less common lines: gateways, ranges and auxiliary addresses (some on reserved addresses),
/// attached runs, interactive shells and what is typed in them, signals, aliases.
const EXTRAS: &[&str] = &[
    "docker network create --subnet 10.1.0.0/24 --gateway 10.1.0.254 net1",
    "docker network create --subnet 10.1.0.0/24 --gateway 10.1.0.0 net2",
    "docker network create --subnet 10.2.0.0/16 --ip-range 10.2.5.0/30 appnet",
    "docker network create --subnet 10.2.0.0/16 --ip-range 10.3.0.0/24 appnet",
    "docker network create --subnet 192.168.1.0/29 --aux-address h=192.168.1.2 net2",
    "docker network create --subnet 192.168.1.0/30 --gateway 192.168.1.2 net1",
    "docker network create --internal net2",
    "docker network connect --alias api net1 web",
    "docker network connect --alias api --ip 10.2.5.1 appnet db",
    "docker run --rm busybox echo hi",
    "docker run --name n1 alpine ping -c 1 web",
    "docker run --rm --network net1 busybox ping -c 1 db",
    "docker run -it --name n2 busybox",
    "docker run -dit --name db alpine",
    "docker exec -it web sh",
    "docker attach db",
    "docker kill -s HUP web",
    "docker kill -s TERM db",
    "docker kill -s KILL n1",
    "docker start n1 n2",
    "exit",
    "exit",
    "ping -c 1 web",
    "ip addr",
    "cat /etc/hosts",
];

fn pick(options: &'static [&'static str]) -> impl Strategy<Value = &'static str> + Clone {
    select(options)
}

/// Mostly one of `usual`, sometimes one of `odd`: enough valid input for containers to run and
/// collide, enough invalid input for every error path to be taken.
fn mostly(
    usual: &'static [&'static str],
    odd: &'static [&'static str],
) -> impl Strategy<Value = &'static str> + Clone {
    prop_oneof![6 => select(usual), 1 => select(odd)]
}

fn key() -> impl Strategy<Value = &'static str> + Clone {
    mostly(NAMES, ODD_KEYS)
}

fn network() -> impl Strategy<Value = &'static str> + Clone {
    mostly(NETWORKS, ODD_NETWORKS)
}

/// `docker run -d …` or `docker create …` with a random subset of the simulated flags.
fn container_line(verb: &'static str) -> impl Strategy<Value = String> {
    (
        proptest::bool::weighted(0.15),
        proptest::option::weighted(0.6, pick(NAMES)),
        proptest::option::weighted(0.4, network()),
        proptest::option::weighted(0.15, pick(IPS)),
        proptest::collection::vec(mostly(PORTS, BAD_PORTS), 0..2),
        proptest::bool::weighted(0.1),
        mostly(IMAGES, BAD_IMAGES),
        mostly(CMDS, ODD_CMDS),
    )
        .prop_map(
            move |(rm, name, network, ip, ports, publish_all, image, cmd)| {
                let mut words = vec!["docker", verb];
                if verb == "run" {
                    words.push("-d");
                }
                if rm {
                    words.push("--rm");
                }
                if let Some(name) = name {
                    words.extend(["--name", name]);
                }
                if let Some(network) = network {
                    words.extend(["--network", network]);
                }
                if let Some(ip) = ip {
                    words.extend(["--ip", ip]);
                }
                for port in ports {
                    words.extend(["-p", port]);
                }
                if publish_all {
                    words.push("-P");
                }
                words.push(image);
                if !cmd.is_empty() {
                    words.push(cmd);
                }
                words.join(" ")
            },
        )
}

/// `docker network create [--subnet CIDR] NET`.
fn network_create() -> impl Strategy<Value = String> {
    (
        proptest::option::weighted(0.7, pick(SUBNETS)),
        pick(NEW_NETWORKS),
    )
        .prop_map(|(subnet, name)| match subnet {
            Some(subnet) => format!("docker network create --subnet {subnet} {name}"),
            None => format!("docker network create {name}"),
        })
}

/// A few networks first (so that `--network` finds some), then any commands.
fn session_lines() -> impl Strategy<Value = Vec<String>> {
    (
        proptest::collection::vec(network_create(), 0..3),
        proptest::collection::vec(command_line(), 1..45),
    )
        .prop_map(|(mut setup, body)| {
            setup.extend(body);
            setup
        })
}

fn command_line() -> impl Strategy<Value = String> {
    let lifecycle = (
        pick(&[
            "start", "stop", "restart", "kill", "pause", "unpause", "rm", "rm -f",
        ]),
        proptest::collection::vec(key(), 1..3),
    )
        .prop_map(|(verb, keys)| format!("docker {verb} {}", keys.join(" ")));
    let rename = (key(), key()).prop_map(|(a, b)| format!("docker rename {a} {b}"));
    let network_connect = (proptest::option::weighted(0.3, pick(IPS)), network(), key()).prop_map(
        |(ip, network, key)| match ip {
            Some(ip) => format!("docker network connect --ip {ip} {network} {key}"),
            None => format!("docker network connect {network} {key}"),
        },
    );
    let network_disconnect = (any::<bool>(), network(), key()).prop_map(|(force, network, key)| {
        let force = if force { "-f " } else { "" };
        format!("docker network disconnect {force}{network} {key}")
    });
    let network_rm = network().prop_map(|n| format!("docker network rm {n}"));
    let exec = (key(), pick(PING_TARGETS))
        .prop_map(|(key, target)| format!("docker exec {key} ping -c 1 {target}"));
    let junk = proptest::collection::vec(pick(JUNK), 0..6).prop_map(|words| words.join(" "));
    prop_oneof![
        10 => container_line("run"),
        2 => container_line("create"),
        6 => lifecycle,
        1 => rename,
        3 => network_create(),
        3 => network_connect,
        2 => network_disconnect,
        1 => network_rm,
        1 => Just("docker network prune -f".to_string()),
        2 => exec,
        1 => Just("docker ps -a".to_string()),
        1 => junk,
        4 => pick(EXTRAS).prop_map(str::to_string),
    ]
}

/// The world's `Debug` text without its logical clock, to compare two states.
fn state_without_clock(world: &World) -> String {
    let text = format!("{world:?}");
    let Some(start) = text.find("now: Timestamp(") else {
        return text;
    };
    let end = text[start..]
        .find(')')
        .map_or(text.len(), |i| start + i + 1);
    format!("{}{}", &text[..start], &text[end..])
}

/// The rules of this file, computed from the public API only.
fn check_world(world: &World) -> Result<(), String> {
    world.check_invariants()?;
    for h in world.hosts() {
        let mut names = BTreeSet::new();
        // (network ID, address) → container, for live addresses.
        let mut addresses: BTreeMap<(&str, Ipv4Addr), &str> = BTreeMap::new();
        let mut ifindexes: BTreeMap<u32, &str> = BTreeMap::new();
        let mut bindings = Vec::new();
        for c in h.containers.values() {
            if !names.insert(c.name.as_str()) {
                return Err(format!("container name {} used twice", c.name));
            }
            if !c.is_running() {
                if !c.published.is_empty() {
                    return Err(format!(
                        "stopped {} holds host ports {:?}",
                        c.name, c.published
                    ));
                }
                if let Some((net, _)) = c.networks.iter().find(|(_, a)| a.endpoint.is_some()) {
                    return Err(format!("stopped {} holds an endpoint on {net}", c.name));
                }
                continue;
            }
            bindings.extend(c.published.iter().map(|p| (c.name.as_str(), *p)));
            for (net_id, attachment) in &c.networks {
                let Some(endpoint) = &attachment.endpoint else {
                    return Err(format!("running {} lacks an endpoint on {net_id}", c.name));
                };
                let Some(network) = h.networks.get(net_id) else {
                    return Err(format!("{} has an endpoint on a missing network", c.name));
                };
                let (ip, ipam) = match (endpoint.ip, &network.ipam) {
                    (None, None) => continue,
                    (Some(ip), Some(ipam)) => (ip, ipam),
                    (ip, _) => {
                        return Err(format!(
                            "{} on {}: address {ip:?} does not match the network's pool",
                            c.name, network.name
                        ))
                    }
                };
                let subnet = ipam.subnet;
                if !subnet.contains(ip) {
                    return Err(format!(
                        "{} has {ip}, outside {subnet} of {}",
                        c.name, network.name
                    ));
                }
                if ip == ipam.gateway {
                    return Err(format!(
                        "{} holds the gateway {ip} of {}",
                        c.name, network.name
                    ));
                }
                let network_address = subnet.network();
                let broadcast = subnet.nth(subnet.size() - 1);
                // moby's IPAM reserves both in every pool larger than a /31 (`newPoolData`).
                if subnet.prefix() <= 30 && (ip == network_address || Some(ip) == broadcast) {
                    return Err(format!(
                        "{} holds {ip}, the network or broadcast address of {subnet} ({})",
                        c.name, network.name
                    ));
                }
                if let Some(other) = addresses.insert((net_id.as_str(), ip), c.name.as_str()) {
                    return Err(format!(
                        "{} and {other} both hold {ip} on {}",
                        c.name, network.name
                    ));
                }
                if let Some(other) = ifindexes.insert(endpoint.ifindex, c.name.as_str()) {
                    return Err(format!(
                        "{} and {other} share interface index {}",
                        c.name, endpoint.ifindex
                    ));
                }
            }
        }
        for network in h.networks.values() {
            let Some(ipam) = &network.ipam else { continue };
            let subnet = ipam.subnet;
            let reserved = [Some(subnet.network()), subnet.nth(subnet.size() - 1)];
            if subnet.prefix() <= 30 && reserved.contains(&Some(ipam.gateway)) {
                return Err(format!(
                    "the gateway {} of {} is its network or broadcast address",
                    ipam.gateway, network.name
                ));
            }
        }
        for (i, (a, pa)) in bindings.iter().enumerate() {
            for (b, pb) in bindings.iter().skip(i + 1) {
                if pa.proto == pb.proto
                    && pa.host_port == pb.host_port
                    && pa.host_ip.overlaps(pb.host_ip)
                {
                    return Err(format!(
                        "{a} and {b} both bind {}:{}/{}",
                        pa.host_ip.as_text(),
                        pa.host_port,
                        pa.proto.as_str()
                    ));
                }
            }
        }
    }
    Ok(())
}

/// Runs the lines on a fresh session, checking every rule after each one; returns the turns.
fn drive(seed: u64, lines: &[String]) -> Result<Vec<Turn>, TestCaseError> {
    let mut session = Session::new(seed);
    let mut turns = Vec::with_capacity(lines.len());
    for (step, line) in lines.iter().enumerate() {
        let before = state_without_clock(session.world());
        // A line that continues an open quote is part of that command, not a command.
        let continues = session.continuing();
        let turn = session.submit(line);
        let history = || lines[..=step].join("\n");
        if let Err(broken) = check_world(session.world()) {
            return Err(TestCaseError::fail(format!(
                "after step {step} `{line}`: {broken}\nsequence (seed {seed}):\n{}",
                history()
            )));
        }
        if turn.events.is_empty() {
            prop_assert_eq!(
                &before,
                &state_without_clock(session.world()),
                "`{}` emitted no event but changed the world\nsequence (seed {}):\n{}",
                line,
                seed,
                history()
            );
        }
        if line == "docker ps -a"
            && !continues
            && !session.continuing()
            && session.inside().is_none()
            && turn.exit_code == 0
        {
            let rows = turn.lines_of(Stream::Stdout).count();
            let containers = session
                .world()
                .host(session.host())
                .unwrap()
                .containers
                .len();
            prop_assert_eq!(
                rows,
                containers + 1,
                "`docker ps -a` lists {} rows for {} containers\nsequence (seed {}):\n{}",
                rows.saturating_sub(1),
                containers,
                seed,
                history()
            );
        }
        turns.push(turn);
    }
    Ok(turns)
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 512,
        max_shrink_iters: 2048,
        // Integration tests have no `lib.rs` beside them for proptest's regression files; a
        // failure prints the minimal sequence instead (and `PROPTEST_RNG_SEED` replays a run).
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn random_command_sequences_keep_the_world_consistent_and_deterministic(
        seed in 0u64..8,
        lines in session_lines(),
    ) {
        let first = drive(seed, &lines)?;
        let again = drive(seed, &lines)?;
        let text = |turns: &[Turn]| turns.iter().map(Turn::transcript).collect::<String>();
        prop_assert_eq!(text(&first), text(&again), "transcripts differ on replay");
        prop_assert_eq!(first, again, "turns (exit codes, events) differ on replay");
    }
}

/// The vocabulary reaches the interesting states: containers with static and dynamic
/// addresses on several networks, host ports, and a port conflict refused. Guards against a
/// generator whose lines all fail, which would make the property above vacuous.
#[test]
fn the_vocabulary_reaches_running_containers_with_ports() {
    let mut session = Session::new(1);
    for (line, ok) in [
        ("docker network create --subnet 10.1.0.0/16 net1", true),
        (
            "docker run -d --name web --network net1 --ip 10.1.0.5 -p 8080:80 nginx",
            true,
        ),
        (
            "docker run -d --name db -p 127.0.0.1:8081:80 busybox sleep 1000",
            true,
        ),
        ("docker network connect net1 db", true),
        ("docker exec db ping -c 1 web", true),
        ("docker run -d --name n1 -p 127.0.0.1:8080:80 nginx", false),
        ("docker ps -a", true),
    ] {
        let turn = session.submit(line);
        check_world(session.world()).unwrap();
        assert_eq!(turn.exit_code == 0, ok, "{}", turn.transcript());
    }
    let host = session.world().hosts().next().unwrap();
    let running: Vec<_> = host
        .containers
        .values()
        .filter(|c| c.is_running())
        .collect();
    assert_eq!(running.len(), 2);
    assert!(running.iter().all(|c| !c.published.is_empty()));
    assert!(running.iter().any(|c| c.networks.len() == 2));
}

/// Lines for a lab of several hosts: hosts coming and going, ssh, firewalls, swarm mode and
/// its overlays and services, pipework, flannel, macvlan. `JOIN` stands for the join command
/// with the swarm's current worker token.
const LAB: &[&str] = &[
    "host add host2",
    "host add host3",
    "host rm host2",
    "host stop host2",
    "host start host2",
    "host stop host3",
    "ssh host2",
    "ssh host3",
    "exit",
    "firewall host2 deny 4789/udp",
    "firewall host2 allow 4789/udp",
    "firewall host1 deny 2377/tcp",
    "firewall host1 deny 7946/udp",
    "docker swarm init",
    "JOIN",
    "JOIN",
    "docker swarm leave -f",
    "docker swarm leave",
    "docker node ls",
    "docker network create -d overlay --attachable ov",
    "docker network create -d overlay svcnet",
    "docker network rm ov",
    "docker run -dit --name o1 --network ov alpine",
    "docker run -dit --name o2 --network ov alpine",
    "docker run -d --name w --network svcnet nginx",
    "docker service create --name s1 --replicas 3 --network svcnet -p 8080:80 nginx",
    "docker service create -d --name s2 --network ov redis",
    "docker service scale s1=1",
    "docker service scale s1=4",
    "docker service rm s1",
    "docker service ps s1",
    "docker service ls",
    "docker exec o1 ping -c 1 o2",
    "docker exec o1 ping -c 1 s2",
    "docker exec o1 wget -qO- http://s1",
    "curl http://host2:8080/",
    "trace o1 o2",
    "trace o1 s2:6379",
    "pipework br1 o1 192.168.1.1/24",
    "pipework br1 o2 192.168.1.1/24",
    "docker restart o1",
    "docker rm -f o1",
    "docker stop o2",
    "etcdctl set /coreos.com/network/config '{\"Network\":\"10.1.0.0/16\"}'",
    "flanneld &",
    "dockerd --bip=10.1.5.1/24 --mtu=1450",
    "ip route",
    "docker network create -d macvlan --subnet 192.168.50.0/24 --ip-range 192.168.50.128/25 -o parent=eth0 lan",
    "docker run -dit --name m1 --network lan alpine",
    "ping -c 1 192.168.50.128",
    "docker exec m1 ping -c 1 192.168.50.12",
    "weave launch",
    "weave launch 192.168.50.11",
    "eval $(weave env)",
    "weave attach o1",
    "weave detach o1",
    "weave connect host1",
    "weave stop",
    "weave ps",
    "docker run -dit --name w1 alpine",
    "docker exec w1 ping -c 1 o1",
    "trace w1 o2",
    "firewall host2 deny 6784/udp",
    "docker ps -a",
    "host add dc --triton",
    "ssh dc",
    "docker run -d --name t1 -p 80 --label triton.cns.services=web:80 nginx",
    "docker run -d --name t2 -P --label triton.cns.services=web nginx",
    "docker run -d --name t3 -p 8080:80 nginx",
    "docker run -d --privileged --cap-add NET_ADMIN alpine sleep 1000",
    "docker run -d --pid host alpine sleep 1000",
    "docker network create x",
    "docker exec t1 mdata-put triton.cns.status down",
    "docker exec t2 ping -c 1 192.168.128.2",
    "dig +short web.svc.learner.us-east-1.cns.joyent.com",
    "curl 165.225.168.2",
    "docker stop t1",
    "docker rm -f t2",
    "host stop dc",
    "host start dc",
    "host add mac --laptop",
    "ssh mac",
    "docker-machine create default",
    "docker-machine create dev",
    "eval $(docker-machine env default)",
    "eval $(docker-machine env -u)",
    "docker run -d --name v1 -p 8080:80 nginx",
    "VBoxManage controlvm default natpf1 \"web,tcp,,8080,,8080\"",
    "VBoxManage controlvm default natpf1 delete web",
    "curl localhost:8080",
    "curl 192.168.99.100:8080",
    "docker-machine stop default",
    "docker-machine start default",
    "docker-machine rm -y dev",
    "docker-machine ssh default",
    "host stop mac",
    "host start mac",
    "host rm mac",
    "host add win --os windows",
    "ssh win",
    "docker network create -d transparent lan2",
    "docker run -d --name h1 --isolation hyperv mcr.microsoft.com/windows/servercore:ltsc2022 ping localhost -t",
    "docker run -d --name p1 --isolation process --network lan2 mcr.microsoft.com/windows/servercore:ltsc2022 ping localhost -t",
    "tasklist /FI \"IMAGENAME eq PING.EXE\"",
    "powershell Get-Process -Name vmwp",
    "docker top h1",
    "ps -ef",
    "versions set runc 1.0.0-rc6",
    "docker exec o2 exploit CVE-2019-5736",
    "docker exec o2 ps",
    "upgrade",
    "sleep 30",
];

/// Runs lab lines, replacing `JOIN` with the real join command; checks the world after each.
fn drive_lab(seed: u64, lines: &[&str]) -> Result<String, TestCaseError> {
    let mut session = Session::new(seed);
    let mut transcript = String::new();
    for (step, line) in lines.iter().enumerate() {
        let line = if *line == "JOIN" {
            match session.world().swarm() {
                Some(s) => format!(
                    "docker swarm join --token {} 192.168.50.11:2377",
                    s.worker_token
                ),
                None => "docker swarm join --token SWMTKN-1-none 192.168.50.11:2377".to_string(),
            }
        } else {
            (*line).to_string()
        };
        let turn = session.submit(&line);
        if let Err(broken) = session.world().check_invariants() {
            return Err(TestCaseError::fail(format!(
                "after step {step} `{line}`: {broken}\nsequence (seed {seed}):\n{}",
                lines[..=step].join("\n")
            )));
        }
        transcript.push_str(&turn.transcript());
    }
    Ok(transcript)
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 256,
        max_shrink_iters: 1024,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    /// Whatever a learner does across hosts, the world stays consistent, nothing panics, and
    /// the same lines give the same bytes.
    #[test]
    fn random_lab_sequences_keep_the_world_consistent_and_deterministic(
        seed in 0u64..4,
        lines in proptest::collection::vec(pick(LAB), 1..50),
    ) {
        let first = drive_lab(seed, &lines)?;
        let again = drive_lab(seed, &lines)?;
        prop_assert_eq!(first, again, "transcripts differ on replay");
    }
}
