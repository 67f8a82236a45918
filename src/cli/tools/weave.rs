//! `weave …`, as Weave Net 2.8's script answers: launch, env, attach, detach, expose, hide,
//! connect, forget, ps, status (and its reports), report, dns-lookup, stop, reset.
//!
//! The router's state is [`crate::engine::addons::weave`]; its reports come typed from
//! [`World::weave_status`] and are laid out here as the router's HTTP status pages print them.

use std::fmt::Write as _;

use crate::cli::Output;
use crate::engine::addons::weave::WeaveError;
use crate::engine::addons::weave_status::{
    share_of_range, Connection, ConnectionState, IpamState, WeaveStatus,
};
use crate::engine::docker::caller::Caller;
use crate::engine::World;
use crate::golang::json::marshal_indent as json_indent;
use crate::golang::template::{Template, Value};

/// The release Berth's Weave answers as (the last one published).
const VERSION: &str = "2.8.1";

/// The script's whole usage text (weaveworks/weave v2.8.1, `weave`: `usage_no_exit`), on
/// stderr.
const USAGE: &str = "Usage:

weave --help | help
      setup
      version

weave launch        [--password <pass>] [--trusted-subnets <cidr>,...]
                    [--host <ip_address>]
                    [--name <mac>] [--nickname <nickname>]
                    [--no-restart] [--resume] [--no-discovery] [--no-dns]
                    [--dns-listen-address <address>:<port>]
                    [--ipalloc-init <mode>]
                    [--ipalloc-range <cidr> [--ipalloc-default-subnet <cidr>]]
                    [--plugin=false] [--proxy=false]
                    [-H <endpoint>] [--without-dns] [--no-multicast-route]
                    [--no-rewrite-hosts] [--no-default-ipalloc]
                    [--hostname-from-label <labelkey>]
                    [--hostname-match <regexp>]
                    [--hostname-replacement <replacement>]
                    [--rewrite-inspect]
                    [--log-level=debug|info|warning|error]
                    [--token <weave-cloud-service-token>]
                    <peer> ...

weave prime

weave env           [--restore]
      config
      dns-args

weave connect       [--replace] [<peer> ...]
      forget        <peer> ...

weave attach        [--without-dns] [--rewrite-hosts] [--no-multicast-route]
                      [<addr> ...] <container_id>
      detach        [<addr> ...] <container_id>

weave expose        [<addr> ...] [-h <fqdn>] [--without-masquerade]
      hide          [<addr> ...]

weave dns-add       [<ip_address> ...] <container_id> [-h <fqdn>] |
                    <ip_address> ... -h <fqdn>
      dns-remove    [<ip_address> ...] <container_id> [-h <fqdn>] |
                    <ip_address> ... -h <fqdn>
      dns-lookup    <unqualified_name>

weave status        [targets | connections | peers | dns | ipam]
      report        [-f <format>]
      ps            [<container_id> ...]

weave stop

weave reset         [--force]
      rmpeer        <peer_id> ...

where <peer>     = <ip_address_or_fqdn>[:<port>]
      <cidr>     = <ip_address>/<routing_prefix_length>
      <addr>     = [ip:]<cidr> | net:<cidr> | net:default
      <endpoint> = [tcp://][<ip_address>]:<port> | [unix://]/path/to/socket
      <peer_id>  = <nickname> | <weave internal peer ID>
      <mode>     = consensus[=<count>] | seed=<mac>,... | observer

To troubleshoot and visualize Weave networks, try Weave Cloud: http://www.weave.works/product/cloud/";

/// A failure of the script: its message and the usage, exit 1.
fn with_usage(message: &str) -> Output {
    if message.is_empty() {
        Output::failed(USAGE, 1)
    } else {
        Output::failed(format!("{message}\n{USAGE}"), 1)
    }
}

fn fail(e: WeaveError) -> Output {
    let code = match e {
        WeaveError::AlreadyRunning => 3,
        WeaveError::Foreign { .. } => 2,
        _ => 1,
    };
    Output::failed(e.to_string(), code)
}

/// `weave …` (Weave Net 2.x's script). Every command but `help` runs the script's
/// `weaveexec` image, which docker pulls the first time; `launch` first pulls the router's
/// images itself.
pub fn weave(world: &mut World, host: &str, args: &[String]) -> Output {
    let words: Vec<&str> = args.iter().map(String::as_str).collect();
    match words.as_slice() {
        [] => return with_usage(""),
        ["help" | "--help", ..] => {
            let mut o = Output::default();
            o.err(USAGE);
            return o;
        }
        _ => {}
    }
    // The script is a docker client on the host's socket, run by root.
    let caller = Caller::local("root");
    let mut o = Output::default();
    if words.first() == Some(&"launch") {
        for image in [
            crate::engine::addons::weave::ROUTER_IMAGE,
            crate::engine::addons::weave::DB_IMAGE,
        ] {
            let present = image
                .parse()
                .is_ok_and(|r| world.image_inspect(host, &r).is_ok());
            if !present {
                let pulled = crate::cli::commands::image_pull::ImagePull {
                    reference: image.to_string(),
                    quiet: false,
                }
                .execute(world, host, &caller);
                o.lines.extend(pulled.lines);
            }
        }
    }
    if let Ok(exec) = crate::engine::addons::weave::EXEC_IMAGE.parse() {
        let _ =
            crate::cli::commands::container_run::ensure_image(world, host, &caller, &exec, &mut o);
    }
    let ran = run(world, host, &words);
    o.lines.extend(ran.lines);
    Output {
        exit_code: ran.exit_code,
        path: ran.path,
        ..o
    }
}

/// The script's command, once its image is there.
fn run(world: &mut World, host: &str, words: &[&str]) -> Output {
    let mut o = Output::default();
    match words {
        ["version"] => {
            o.out(format!("weave script {VERSION}\nweave {VERSION}"));
        }
        ["launch", rest @ ..] => {
            let password = rest
                .iter()
                .any(|a| *a == "--password" || a.starts_with("--password="));
            let peers: Vec<String> = rest
                .iter()
                .enumerate()
                .filter(|(i, a)| {
                    !a.starts_with('-') && (*i == 0 || rest.get(i - 1) != Some(&"--password"))
                })
                .map(|(_, a)| (*a).to_string())
                .collect();
            match world.weave_launch(host, &peers, password) {
                Ok(id) => o.out(id),
                Err(e) => return fail(e),
            }
        }
        ["env"] => {
            if let Err(e) = world.weave_check(host) {
                return fail(e);
            }
            o.out("export DOCKER_HOST=unix:///var/run/weave/weave.sock ORIG_DOCKER_HOST=");
        }
        [verb @ ("run" | "start" | "restart" | "launch-plugin" | "stop-plugin" | "launch-proxy"
        | "stop-proxy" | "launch-router" | "stop-router"), ..] => {
            return Output::failed(
                format!("The 'weave {verb}' command has been removed as of Weave Net version 2.0\nPlease see release notes for further information"),
                1,
            );
        }
        ["attach", container] => match world.weave_attach(host, container) {
            Ok(ip) => o.out(ip.to_string()),
            Err(e) => return fail(e),
        },
        ["detach", container] => match world.weave_detach(host, container) {
            Ok(Some(ip)) => o.out(ip.to_string()),
            Ok(None) => {}
            Err(e) => return fail(e),
        },
        ["connect", peer] | ["connect", "--replace", peer] => {
            let name = peer.split(':').next().unwrap_or(peer);
            let target = world.host_lookup(name).map(|h| h.name.clone());
            match target {
                Some(t) => {
                    if let Err(e) = world.weave_connect(host, &t) {
                        return fail(e);
                    }
                }
                None => {
                    return Output::failed(
                        format!("berth: weave connect: no host {peer} in the lab"),
                        1,
                    )
                }
            }
        }
        ["forget", peer] => {
            let name = world
                .host_lookup(peer)
                .map_or_else(|| (*peer).to_string(), |h| h.name.clone());
            if let Err(e) = world.weave_forget(host, &name) {
                return fail(e);
            }
        }
        ["ps"] => {
            if let Err(e) = world.weave_check(host) {
                return fail(e);
            }
            let Some(h) = world.host(host).ok().filter(|h| h.weave().is_some()) else {
                return fail(WeaveError::NotRunning);
            };
            let mac = h.weave().map(|r| r.peer.clone()).unwrap_or_default();
            let exposed = h
                .weave()
                .and_then(|r| r.exposed)
                .map(|ip| format!(" {ip}/{}", crate::engine::addons::weave::RANGE.1))
                .unwrap_or_default();
            o.out(format!("weave:expose {mac}{exposed}"));
            for c in h.containers_in_order() {
                for l in c
                    .pipework
                    .iter()
                    .filter(|l| l.bridge == crate::engine::addons::weave::BRIDGE)
                {
                    o.out(format!("{} {} {}/{}", c.short_id(), l.mac, l.ip, l.prefix));
                }
            }
        }
        ["dns-lookup", name] => {
            for ip in world.weave_dns(host, name) {
                o.out(ip.to_string());
            }
        }
        ["stop"] => match world.weave_stop(host) {
            Ok(true) => {}
            Ok(false) => o.err("Weave is not running."),
            Err(e) => return fail(e),
        },
        ["reset"] | ["reset", "--force"] => {
            if let Err(e) = world.weave_reset(host, words.len() == 2) {
                return fail(e);
            }
        }
        ["expose"] => match world.weave_expose(host) {
            Ok(ip) => o.out(ip.to_string()),
            Err(e) => return fail(e),
        },
        ["hide"] => match world.weave_hide(host) {
            Ok(Some(ip)) => o.out(ip.to_string()),
            Ok(None) => {}
            Err(e) => return fail(e),
        },
        ["expose" | "hide", ..] => {
            return Output::failed(
                "berth: `weave expose` and `weave hide` take no arguments here: the host gets one address from the default subnet (CIDRs, -h and --without-masquerade are not simulated).",
                1,
            );
        }
        ["status", rest @ ..] => {
            if let Err(e) = world.weave_check(host) {
                return fail(e);
            }
            let Some(status) = world.weave_status(host) else {
                return fail(WeaveError::NotRunning);
            };
            match rest {
                [] => o.out(summary(&status)),
                ["targets"] => {
                    for t in &status.targets {
                        o.out(t.to_string());
                    }
                }
                ["connections"] => {
                    for c in &status.connections {
                        o.out(connection_line(c));
                    }
                }
                ["peers"] => o.out(peers(&status)),
                ["ipam"] => {
                    // Only the local peer counts its addresses in use.
                    for owner in &status.owners {
                        let active = if owner.nickname == status.nickname {
                            format!("({} active)", owner.active)
                        } else {
                            String::new()
                        };
                        o.out(
                            format!(
                                "{:<37} {:>8} IPs ({:04.1}% of total) {active}",
                                format!("{}({})", owner.name, owner.nickname),
                                owner.size,
                                share_of_range(owner.size),
                            )
                            .trim_end()
                            .to_string(),
                        );
                    }
                }
                ["dns"] => {
                    for e in &status.dns {
                        o.out(format!(
                            "{:<12} {:<15} {} {}",
                            e.name, e.ip, e.container, e.peer
                        ));
                    }
                }
                _ => {
                    return with_usage(&format!(
                        "Invalid 'weave status' sub-command: {}",
                        rest.join(" ")
                    ))
                }
            }
        }
        ["report", rest @ ..] => {
            if let Err(e) = world.weave_check(host) {
                return fail(e);
            }
            let Some(status) = world.weave_status(host) else {
                return fail(WeaveError::NotRunning);
            };
            let data = report(&status);
            match rest {
                [] => o.out(json_indent(&data, "    ")),
                ["-f", format] => {
                    let rendered = Template::parse(format).and_then(|t| t.execute(&data));
                    match rendered {
                        Ok(text) => o.out(text),
                        Err(e) => return Output::failed(format!("template: {e}"), 1),
                    }
                }
                _ => return with_usage(""),
            }
        }
        [other, ..] => return with_usage(&format!("Unknown weave command '{other}'")),
        [] => return with_usage(""),
    }
    o
}

/// One `LABEL: value` line, labels right-aligned on the colon.
fn labeled(text: &mut String, label: &str, value: &str) {
    let _ = writeln!(text, "{label:>15}: {value}");
}

/// `weave status`: one block per service, labels right-aligned on the colon.
fn summary(s: &WeaveStatus) -> String {
    let mut text = String::new();
    let established = s
        .connections
        .iter()
        .filter(|c| matches!(c.state, ConnectionState::Established { .. }))
        .count();
    let mut states: Vec<String> = Vec::new();
    for (word, count) in [
        ("established", established),
        (
            "pending",
            s.connections
                .iter()
                .filter(|c| c.state == ConnectionState::Pending)
                .count(),
        ),
        (
            "retrying",
            s.connections
                .iter()
                .filter(|c| matches!(c.state, ConnectionState::Retrying(_)))
                .count(),
        ),
    ] {
        if count > 0 {
            states.push(format!("{count} {word}"));
        }
    }
    let connections = if states.is_empty() {
        s.connections.len().to_string()
    } else {
        format!("{} ({})", s.connections.len(), states.join(", "))
    };
    let peer_links: Vec<&Connection> = s.peers.iter().flat_map(|p| &p.connections).collect();
    let peer_established = peer_links
        .iter()
        .filter(|c| matches!(c.state, ConnectionState::Established { .. }))
        .count();
    let peer_pending = peer_links.len() - peer_established;
    let peers = match (peer_established, peer_pending) {
        (0, 0) => s.peers.len().to_string(),
        (e, 0) => format!("{} (with {e} established connections)", s.peers.len()),
        (e, p) => format!(
            "{} (with {e} established, {p} pending connections)",
            s.peers.len()
        ),
    };
    labeled(
        &mut text,
        "Version",
        &format!("{VERSION} (version check update disabled)"),
    );
    text.push('\n');
    labeled(&mut text, "Service", "router");
    labeled(&mut text, "Protocol", "weave 1..2");
    labeled(&mut text, "Name", &format!("{}({})", s.name, s.nickname));
    labeled(
        &mut text,
        "Encryption",
        if s.encryption { "enabled" } else { "disabled" },
    );
    labeled(&mut text, "PeerDiscovery", "enabled");
    labeled(&mut text, "Targets", &s.targets.len().to_string());
    labeled(&mut text, "Connections", &connections);
    labeled(&mut text, "Peers", &peers);
    labeled(&mut text, "TrustedSubnets", "none");
    text.push('\n');
    labeled(&mut text, "Service", "ipam");
    labeled(
        &mut text,
        "Status",
        match s.ipam {
            IpamState::Ready => "ready",
            IpamState::AllOwnedByUnreachable => {
                "all IP ranges owned by unreachable peers - use 'rmpeer' if they are dead"
            }
        },
    );
    let (net, prefix) = crate::engine::addons::weave::RANGE;
    labeled(&mut text, "Range", &format!("{net}/{prefix}"));
    labeled(&mut text, "DefaultSubnet", &format!("{net}/{prefix}"));
    text.push('\n');
    labeled(&mut text, "Service", "dns");
    labeled(&mut text, "Domain", "weave.local.");
    labeled(
        &mut text,
        "Upstream",
        &crate::engine::UNDERLAY_GATEWAY.to_string(),
    );
    labeled(&mut text, "TTL", "1");
    labeled(&mut text, "Entries", &s.dns.len().to_string());
    text.push('\n');
    labeled(&mut text, "Service", "proxy");
    labeled(&mut text, "Address", "unix:///var/run/weave/weave.sock");
    text.push('\n');
    labeled(&mut text, "Service", "plugin (legacy)");
    labeled(&mut text, "DriverName", "weave");
    // The script echoes an empty line before and after the summary.
    format!("\n{}\n", text.trim_end())
}

/// `-> 192.168.50.12:6783    established unencrypted fastdp 7e:21:…(host2) mtu=1376`
fn connection_line(c: &Connection) -> String {
    let arrow = if c.outbound { "->" } else { "<-" };
    let (state, info) = match &c.state {
        ConnectionState::Established { fastdp } => (
            "established",
            info(c, if *fastdp { "fastdp" } else { "sleeve" }),
        ),
        ConnectionState::Pending => ("pending", info(c, "sleeve")),
        ConnectionState::Retrying(why) => ("retrying", why.clone()),
    };
    format!("{arrow} {:<21} {state:<11} {info}", c.remote)
}

fn info(c: &Connection, transport: &str) -> String {
    // The encryption word shows only where a password is in play.
    let encryption = match (c.encrypted, c.password_set) {
        (true, _) => format!("{:<11} ", "encrypted"),
        (false, true) => format!("{:<11} ", "unencrypted"),
        (false, false) => String::new(),
    };
    let peer = c
        .peer
        .as_ref()
        .map(|(name, nick)| format!("{name}({nick})"))
        .unwrap_or_default();
    let mtu = if transport == "fastdp" {
        format!(" mtu={}", crate::engine::addons::weave::MTU)
    } else {
        String::new()
    };
    format!("{encryption}{transport:<6} {peer}{mtu}")
}

/// `weave status peers`: each peer, then its connections.
fn peers(s: &WeaveStatus) -> String {
    let mut text = String::new();
    for p in &s.peers {
        let _ = writeln!(text, "{}({})", p.name, p.nickname);
        for c in &p.connections {
            let arrow = if c.outbound { "->" } else { "<-" };
            let peer = c
                .peer
                .as_ref()
                .map(|(name, nick)| format!("{name}({nick})"))
                .unwrap_or_default();
            let state = match c.state {
                ConnectionState::Established { .. } => "established",
                _ => "pending",
            };
            let _ = writeln!(text, "   {arrow} {:<21} {peer:<37} {state}", c.remote);
        }
    }
    text.trim_end().to_string()
}

/// `weave report`: the router's status as the JSON its HTTP API serves (the parts Berth
/// simulates), for `-f` templates too.
fn report(s: &WeaveStatus) -> Value {
    let (net, prefix) = crate::engine::addons::weave::RANGE;
    let connection = |c: &Connection| {
        let (state, info) = match &c.state {
            ConnectionState::Established { fastdp } => (
                "established",
                info(c, if *fastdp { "fastdp" } else { "sleeve" }),
            ),
            ConnectionState::Pending => ("pending", info(c, "sleeve")),
            ConnectionState::Retrying(why) => ("retrying", why.clone()),
        };
        Value::structure(
            "LocalConnectionStatus",
            vec![
                ("Address", Value::str(c.remote.clone())),
                ("Outbound", Value::Bool(c.outbound)),
                ("State", Value::str(state)),
                ("Info", Value::str(info)),
            ],
        )
    };
    Value::structure(
        "Report",
        vec![
            ("Ready", Value::Bool(true)),
            ("Version", Value::str(VERSION)),
            (
                "Router",
                Value::structure(
                    "NetworkRouterStatus",
                    vec![
                        ("Protocol", Value::str("weave")),
                        ("ProtocolMinVersion", Value::Int(1)),
                        ("ProtocolMaxVersion", Value::Int(2)),
                        ("Encryption", Value::Bool(s.encryption)),
                        ("PeerDiscovery", Value::Bool(true)),
                        ("Name", Value::str(s.name.clone())),
                        ("NickName", Value::str(s.nickname.clone())),
                        ("Port", Value::Int(6783)),
                        (
                            "Peers",
                            Value::List(
                                s.peers
                                    .iter()
                                    .map(|p| {
                                        Value::structure(
                                            "Peer",
                                            vec![
                                                ("Name", Value::str(p.name.clone())),
                                                ("NickName", Value::str(p.nickname.clone())),
                                            ],
                                        )
                                    })
                                    .collect(),
                            ),
                        ),
                        (
                            "Connections",
                            Value::List(s.connections.iter().map(connection).collect()),
                        ),
                        (
                            "Targets",
                            Value::strings(s.targets.iter().map(ToString::to_string)),
                        ),
                        ("TrustedSubnets", Value::List(Vec::new())),
                    ],
                ),
            ),
            (
                "IPAM",
                Value::structure(
                    "IPAMStatus",
                    vec![
                        (
                            "Status",
                            Value::str(match s.ipam {
                                IpamState::Ready => "ready",
                                IpamState::AllOwnedByUnreachable => {
                                    "all IP ranges owned by unreachable peers - use 'rmpeer' if they are dead"
                                }
                            }),
                        ),
                        ("Range", Value::str(format!("{net}/{prefix}"))),
                        ("DefaultSubnet", Value::str(format!("{net}/{prefix}"))),
                    ],
                ),
            ),
            (
                "DNS",
                Value::structure(
                    "DNSStatus",
                    vec![
                        ("Domain", Value::str("weave.local.")),
                        ("TTL", Value::Int(1)),
                        (
                            "Entries",
                            Value::List(
                                s.dns
                                    .iter()
                                    .map(|e| {
                                        Value::structure(
                                            "DNSEntryStatus",
                                            vec![
                                                (
                                                    "Hostname",
                                                    Value::str(format!("{}.weave.local.", e.name)),
                                                ),
                                                ("Origin", Value::str(e.peer.clone())),
                                                ("ContainerID", Value::str(e.container.clone())),
                                                ("Address", Value::str(e.ip.to_string())),
                                            ],
                                        )
                                    })
                                    .collect(),
                            ),
                        ),
                    ],
                ),
            ),
        ],
    )
}
