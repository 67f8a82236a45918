//! Goals: declarative statements about the simulated world that a step's `check` block
//! lists, one per line. They judge the end state, never the commands typed, and a goal that
//! does not hold says why, from the state ("web is on bridge, db is on appnet: no shared
//! network"), never a bare "false".
//!
//! ```text
//! container NAME is running|stopped|absent
//! container NAME on network NET
//! network NET exists [with subnet CIDR]
//! ip of NAME on NET is IP
//! A can reach B[:PORT]          A cannot reach B[:PORT]
//! A resolves NAME
//! port HOSTPORT on HOST serves NAME:PORT
//! output of "COMMAND" contains TEXT
//! user U can|cannot OPERATION    (use docker, run [privileged] containers, list containers,
//!                                 create networks, pull images)
//! ```

use std::fmt;
use std::net::Ipv4Addr;
use std::str::FromStr;

use crate::engine::docker::authz::Operation;
use crate::engine::docker::image::Service;
use crate::engine::docker::ports::Proto;
use crate::engine::lab::reach::Arrival;
use crate::engine::lab::sandbox::Lookup;
use crate::engine::{Container, World, DEFAULT_HOST};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wanted {
    Running,
    Stopped,
    Absent,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Goal {
    ContainerState {
        name: String,
        wanted: Wanted,
    },
    ContainerOnNetwork {
        name: String,
        network: String,
    },
    NetworkExists {
        name: String,
        subnet: Option<String>,
    },
    IpOn {
        name: String,
        network: String,
        ip: Ipv4Addr,
    },
    Reach {
        from: String,
        to: String,
        port: Option<u16>,
        expect: bool,
    },
    Resolves {
        from: String,
        name: String,
    },
    PortServes {
        host_port: u16,
        host: String,
        name: String,
        port: u16,
    },
    OutputContains {
        command: String,
        text: String,
    },
    /// `host HOST is compromised|not compromised`: an escape got root there (or not).
    HostCompromised {
        host: String,
        expect: bool,
    },
    /// `host HOST sees process NAME` / `host HOST does not see process NAME`: the host's own
    /// process list (`ps`, `tasklist`) has it, or not.
    HostSeesProcess {
        host: String,
        process: String,
        expect: bool,
    },
    /// `host HOST is vulnerable to CVE-ID` / `host HOST is not vulnerable to CVE-ID`: the
    /// component the CVE lives in is older than its fix there.
    HostVulnerable {
        host: String,
        cve: String,
        expect: bool,
    },
    /// `audit passes CHECK`: the benchmark check (by key, or by its CIS 1.6.0 ID) does not
    /// warn on the first host.
    AuditPasses {
        check: String,
    },
    /// `user U can|cannot OPERATION` (`use docker`, `run containers`, `run privileged
    /// containers`, `list containers`, `create networks`, `pull images`): whether the socket
    /// lets the user in (the docker group) and the daemon's authorization plugins allow the
    /// requests that operation sends, on the first host. Nothing is run.
    UserCan {
        user: String,
        operation: Operation,
        expect: bool,
    },
}

impl fmt::Display for Goal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Goal::ContainerState { name, wanted } => {
                let w = match wanted {
                    Wanted::Running => "running",
                    Wanted::Stopped => "stopped",
                    Wanted::Absent => "absent",
                };
                write!(f, "container {name} is {w}")
            }
            Goal::ContainerOnNetwork { name, network } => {
                write!(f, "container {name} on network {network}")
            }
            Goal::NetworkExists { name, subnet: None } => write!(f, "network {name} exists"),
            Goal::NetworkExists {
                name,
                subnet: Some(s),
            } => write!(f, "network {name} exists with subnet {s}"),
            Goal::IpOn { name, network, ip } => write!(f, "ip of {name} on {network} is {ip}"),
            Goal::Reach {
                from,
                to,
                port,
                expect,
            } => {
                let verb = if *expect { "can" } else { "cannot" };
                match port {
                    Some(p) => write!(f, "{from} {verb} reach {to}:{p}"),
                    None => write!(f, "{from} {verb} reach {to}"),
                }
            }
            Goal::Resolves { from, name } => write!(f, "{from} resolves {name}"),
            Goal::PortServes {
                host_port,
                host,
                name,
                port,
            } => {
                write!(f, "port {host_port} on {host} serves {name}:{port}")
            }
            Goal::OutputContains { command, text } => {
                write!(f, "output of \"{command}\" contains {text}")
            }
            Goal::HostCompromised { host, expect: true } => write!(f, "host {host} is compromised"),
            Goal::HostCompromised {
                host,
                expect: false,
            } => {
                write!(f, "host {host} is not compromised")
            }
            Goal::HostSeesProcess {
                host,
                process,
                expect: true,
            } => write!(f, "host {host} sees process {process}"),
            Goal::HostSeesProcess {
                host,
                process,
                expect: false,
            } => {
                write!(f, "host {host} does not see process {process}")
            }
            Goal::HostVulnerable {
                host,
                cve,
                expect: true,
            } => write!(f, "host {host} is vulnerable to {cve}"),
            Goal::HostVulnerable {
                host,
                cve,
                expect: false,
            } => {
                write!(f, "host {host} is not vulnerable to {cve}")
            }
            Goal::AuditPasses { check } => write!(f, "audit passes {check}"),
            Goal::UserCan {
                user,
                operation,
                expect,
            } => {
                let verb = if *expect { "can" } else { "cannot" };
                write!(f, "user {user} {verb} {operation}")
            }
        }
    }
}

impl FromStr for Goal {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let words: Vec<&str> = s.split_whitespace().collect();
        let unknown = || {
            format!(
                "unknown goal `{s}`: expected one of `container NAME is running|stopped|absent`, `container NAME on network NET`, `network NET exists [with subnet CIDR]`, `ip of NAME on NET is IP`, `A can reach B[:PORT]`, `A cannot reach B[:PORT]`, `A resolves NAME`, `port HOSTPORT on HOST serves NAME:PORT`, `output of \"COMMAND\" contains TEXT`, `host HOST is compromised|not compromised`, `host HOST sees|does not see process NAME`, `host HOST is [not] vulnerable to CVE-ID`, `audit passes CHECK`, `user U can|cannot use docker|run containers|run privileged containers|list containers|create networks|pull images`"
            )
        };
        if let Some(rest) = s.strip_prefix("output of \"") {
            let (command, tail) = rest.split_once('"').ok_or_else(unknown)?;
            let text = tail.trim().strip_prefix("contains ").ok_or_else(unknown)?;
            return Ok(Goal::OutputContains {
                command: command.to_string(),
                text: text.trim().to_string(),
            });
        }
        let port_of = |t: &str| -> Result<(String, Option<u16>), String> {
            match t.rsplit_once(':') {
                Some((n, p)) => Ok((
                    n.to_string(),
                    Some(
                        p.parse()
                            .map_err(|_| format!("`{p}` is not a port in `{s}`"))?,
                    ),
                )),
                None => Ok((t.to_string(), None)),
            }
        };
        Ok(match words.as_slice() {
            ["container", name, "is", state] => Goal::ContainerState {
                name: name.to_string(),
                wanted: match *state {
                    "running" => Wanted::Running,
                    "stopped" => Wanted::Stopped,
                    "absent" => Wanted::Absent,
                    _ => return Err(format!("unknown container state `{state}` in `{s}`: use running, stopped or absent")),
                },
            },
            ["container", name, "on", "network", network] => Goal::ContainerOnNetwork { name: name.to_string(), network: network.to_string() },
            ["network", name, "exists"] => Goal::NetworkExists { name: name.to_string(), subnet: None },
            ["network", name, "exists", "with", "subnet", subnet] => {
                subnet.parse::<crate::engine::Ipv4Cidr>().map_err(|_| format!("`{subnet}` is not a subnet in `{s}`"))?;
                Goal::NetworkExists { name: name.to_string(), subnet: Some(subnet.to_string()) }
            }
            ["ip", "of", name, "on", network, "is", ip] => Goal::IpOn {
                name: name.to_string(),
                network: network.to_string(),
                ip: ip.parse().map_err(|_| format!("`{ip}` is not an IPv4 address in `{s}`"))?,
            },
            [from, "can", "reach", to] => {
                let (to, port) = port_of(to)?;
                Goal::Reach { from: from.to_string(), to, port, expect: true }
            }
            [from, "cannot", "reach", to] => {
                let (to, port) = port_of(to)?;
                Goal::Reach { from: from.to_string(), to, port, expect: false }
            }
            [from, "resolves", name] => Goal::Resolves { from: from.to_string(), name: name.to_string() },
            ["host", host, "is", "compromised"] => Goal::HostCompromised { host: host.to_string(), expect: true },
            ["host", host, "is", "not", "compromised"] => Goal::HostCompromised { host: host.to_string(), expect: false },
            ["host", host, "sees", "process", process] => Goal::HostSeesProcess { host: host.to_string(), process: process.to_string(), expect: true },
            ["host", host, "does", "not", "see", "process", process] => {
                Goal::HostSeesProcess { host: host.to_string(), process: process.to_string(), expect: false }
            }
            ["host", host, "is", not @ .., "vulnerable", "to", cve] if not.is_empty() || not == ["not"] => {
                if !crate::engine::security::cve::CATALOGUE.iter().any(|c| c.id.eq_ignore_ascii_case(cve)) {
                    return Err(format!("unknown CVE `{cve}` in `{s}`: the catalogue has those `isolation-matrix` lists"));
                }
                Goal::HostVulnerable { host: host.to_string(), cve: cve.to_uppercase(), expect: not.is_empty() }
            }
            ["user", user, verb @ ("can" | "cannot"), operation @ ..] if !operation.is_empty() => {
                Goal::UserCan {
                    user: user.to_string(),
                    operation: operation.join(" ").parse().map_err(|e| format!("{e} in `{s}`"))?,
                    expect: *verb == "can",
                }
            }
            ["audit", "passes", check] => {
                let known = crate::engine::security::audit::CHECKS
                    .iter()
                    .any(|c| c.key == *check || c.ids[0] == *check);
                if !known {
                    return Err(format!("unknown audit check `{check}` in `{s}`: use a key such as container.privileged, or a CIS 1.6.0 ID such as 5.5"));
                }
                Goal::AuditPasses { check: check.to_string() }
            }
            ["port", host_port, "on", host, "serves", target] => {
                let (name, port) = port_of(target)?;
                Goal::PortServes {
                    host_port: host_port.parse().map_err(|_| format!("`{host_port}` is not a port in `{s}`"))?,
                    host: host.to_string(),
                    name,
                    port: port.ok_or_else(|| format!("`{target}` needs a port: NAME:PORT"))?,
                }
            }
            _ => return Err(unknown()),
        })
    }
}

/// Whether a goal holds, and why (or why not), in the learner's terms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    pub holds: bool,
    pub reason: String,
}

fn verdict(holds: bool, reason: impl Into<String>) -> Verdict {
    Verdict {
        holds,
        reason: reason.into(),
    }
}

fn networks_of(c: &Container) -> Vec<String> {
    c.networks
        .values()
        .map(|a| a.network_name.clone())
        .collect()
}

/// A container by name or ID, and the host it is on: `host1` first, then the other hosts in
/// order, so a lesson names containers the same way whatever host they run on.
fn locate<'a>(world: &'a World, name: &str) -> Option<(&'a str, &'a Container)> {
    let first = world
        .container_lookup(DEFAULT_HOST, name)
        .ok()
        .map(|c| (DEFAULT_HOST, c));
    first.or_else(|| {
        world.hosts().find_map(|h| {
            world
                .container_lookup(&h.name, name)
                .ok()
                .map(|c| (h.name.as_str(), c))
        })
    })
}

impl Goal {
    /// Judges the goal on a world. Containers are found on any host (`host1` first);
    /// `port … on HOST` names its host.
    pub fn evaluate(&self, world: &World) -> Verdict {
        // Networks and `output of` commands are judged on the lesson's first host.
        let host = DEFAULT_HOST;
        let find = |name: &str| locate(world, name).map(|(_, c)| c);
        match self {
            Goal::UserCan {
                user,
                operation,
                expect,
            } => {
                let Ok(h) = world.host(host) else {
                    return verdict(false, "no host");
                };
                if user != "root" && !h.machine.users.contains_key(user) {
                    return verdict(false, format!("there is no user {user} on {host}"));
                }
                if !h.can_use_docker(Some(user)) {
                    return verdict(
                        !*expect,
                        format!(
                            "{user} is not in the docker group: the socket says permission denied"
                        ),
                    );
                }
                let (can, why) = match h.authorize_all(&operation.requests(user)) {
                    Ok(()) if *operation == Operation::UseDocker => (
                        true,
                        format!("{user} is in the docker group: the socket answers, and so does root on {host}"),
                    ),
                    Ok(()) if h.daemon.settings.authorization_plugins.is_empty() => (
                        true,
                        format!("{user} reaches the socket and no authorization plugin is configured: the daemon does whatever it is asked"),
                    ),
                    Ok(()) => (
                        true,
                        format!(
                            "{} allow {user} to {operation}",
                            h.daemon.settings.authorization_plugins.join(" and ")
                        ),
                    ),
                    Err((_, e)) => (false, format!("the daemon refuses: {e}")),
                };
                verdict(can == *expect, why)
            }
            Goal::HostCompromised { host, expect } => {
                let Ok(h) = world.host(host) else {
                    return verdict(false, format!("there is no host {host}"));
                };
                match (&h.machine.compromised, expect) {
                    (Some(c), true) => verdict(
                        true,
                        format!("root on {host} from {} ({})", c.container, c.via),
                    ),
                    (Some(c), false) => verdict(
                        false,
                        format!("{host} was taken from {} ({})", c.container, c.via),
                    ),
                    (None, true) => verdict(false, format!("nothing has got root on {host} yet")),
                    (None, false) => verdict(true, format!("no escape reached {host}")),
                }
            }
            Goal::HostSeesProcess {
                host,
                process,
                expect,
            } => {
                if world.host(host).is_err() {
                    return verdict(false, format!("there is no host {host}"));
                }
                let seen = world.host_sees_process(host, process);
                let text = if seen {
                    format!("{host}'s process list has {process}")
                } else {
                    format!("{host}'s process list has no {process}")
                };
                verdict(seen == *expect, text)
            }
            Goal::HostVulnerable { host, cve, expect } => {
                let Ok(h) = world.host(host) else {
                    return verdict(false, format!("there is no host {host}"));
                };
                let Some(c) = crate::engine::security::cve::CATALOGUE
                    .iter()
                    .find(|c| c.id == cve)
                else {
                    return verdict(false, format!("{cve} is not in the catalogue"));
                };
                let v = c.component.version(&h.machine.versions);
                let affected = c.affects(&h.machine.versions);
                let text = format!(
                    "{} {v} on {host} is {} (fixed in {})",
                    c.component.as_str(),
                    if affected { "vulnerable" } else { "patched" },
                    c.fixed_in
                );
                verdict(affected == *expect, text)
            }
            Goal::AuditPasses { check } => {
                let Some(report) = world.audit(host, None) else {
                    return verdict(false, "no host to audit");
                };
                let Some(f) = report
                    .findings
                    .iter()
                    .find(|f| f.check.key == check || f.check.ids[0] == check)
                else {
                    return verdict(true, format!("{check} does not apply (no container runs)"));
                };
                let id = f.check.ids[0];
                if f.verdict == crate::engine::security::audit::Verdict::Warn {
                    let detail = if f.items.is_empty() {
                        String::new()
                    } else {
                        format!(": {}", f.items.join("; "))
                    };
                    verdict(false, format!("{id} warns{detail}"))
                } else {
                    verdict(true, format!("{id} passes"))
                }
            }
            Goal::ContainerState { name, wanted } => match (find(name), wanted) {
                (None, Wanted::Absent) => verdict(true, format!("there is no container {name}")),
                (None, _) => verdict(false, format!("there is no container {name} yet")),
                (Some(_), Wanted::Absent) => verdict(
                    false,
                    format!("{name} still exists: remove it with docker rm"),
                ),
                (Some(c), Wanted::Running) if c.is_running() => {
                    verdict(true, format!("{name} is running"))
                }
                (Some(_), Wanted::Running) => {
                    verdict(false, format!("{name} exists but is not running"))
                }
                (Some(c), Wanted::Stopped) if !c.is_running() => {
                    verdict(true, format!("{name} is stopped"))
                }
                (Some(_), Wanted::Stopped) => verdict(false, format!("{name} is still running")),
            },
            Goal::ContainerOnNetwork { name, network } => match find(name) {
                None => verdict(false, format!("there is no container {name}")),
                Some(c) => {
                    let nets = networks_of(c);
                    if nets.iter().any(|n| n == network) {
                        verdict(true, format!("{name} is on {network}"))
                    } else {
                        verdict(
                            false,
                            format!("{name} is on {}, not on {network}", nets.join(" and ")),
                        )
                    }
                }
            },
            Goal::NetworkExists { name, subnet } => match world.network_inspect(host, name) {
                Err(_) => verdict(false, format!("there is no network {name}")),
                Ok(n) => {
                    let actual = n.ipam.as_ref().map(|i| i.subnet.to_string());
                    match subnet {
                        None => verdict(true, format!("network {name} exists")),
                        Some(s) if actual.as_deref() == Some(s) => {
                            verdict(true, format!("{name} has subnet {s}"))
                        }
                        Some(s) => verdict(
                            false,
                            format!(
                                "{name} has subnet {}, not {s}",
                                actual.unwrap_or_else(|| "none".into())
                            ),
                        ),
                    }
                }
            },
            Goal::IpOn { name, network, ip } => match find(name) {
                None => verdict(false, format!("there is no container {name}")),
                Some(c) => {
                    let actual = c
                        .networks
                        .iter()
                        .find(|(_, a)| a.network_name == *network)
                        .and_then(|(_, a)| a.endpoint.as_ref())
                        .and_then(|e| e.ip);
                    match actual {
                        Some(a) if a == *ip => {
                            verdict(true, format!("{name} has {ip} on {network}"))
                        }
                        Some(a) => verdict(false, format!("{name} has {a} on {network}, not {ip}")),
                        None if !c.is_running() => {
                            verdict(false, format!("{name} is stopped: it holds no address"))
                        }
                        None => verdict(false, format!("{name} is not on {network}")),
                    }
                }
            },
            Goal::Reach {
                from,
                to,
                port,
                expect,
            } => {
                let outcome = reach(world, from, to, *port);
                match (outcome, expect) {
                    (Ok(why), true) => verdict(true, why),
                    (Ok(why), false) => {
                        verdict(false, format!("{from} can still reach {to}: {why}"))
                    }
                    (Err(why), true) => verdict(false, why),
                    (Err(why), false) => verdict(true, why),
                }
            }
            Goal::Resolves { from, name } => match locate(world, from) {
                None => verdict(false, format!("there is no container {from}")),
                Some((_, c)) if !c.is_running() => verdict(false, format!("{from} is not running")),
                Some((host, c)) => {
                    let via_link = world
                        .link_targets(host, c)
                        .iter()
                        .any(|(alias, _, t)| alias == name || t.name == *name);
                    match world.dns_lookup(host, &c.id, name) {
                        Ok(Lookup::Found { addresses, .. }) => verdict(
                            true,
                            format!(
                                "{from} resolves {name} to {}",
                                addresses
                                    .iter()
                                    .map(|a| a.to_string())
                                    .collect::<Vec<_>>()
                                    .join(", ")
                            ),
                        ),
                        _ if via_link => verdict(
                            true,
                            format!("{from} finds {name} in its /etc/hosts (a link)"),
                        ),
                        _ => {
                            let reason = if world.container_resolver(host, &c.id).ok()
                                == Some(crate::engine::lab::sandbox::Resolver::Legacy)
                            {
                                format!("{from} is only on the default bridge, where Docker's DNS does not answer container names")
                            } else {
                                format!("no container named {name} shares a network with {from}")
                            };
                            verdict(false, reason)
                        }
                    }
                }
            },
            Goal::PortServes {
                host_port,
                host: on,
                name,
                port,
            } => {
                let Ok(h) = world.host(on) else {
                    return verdict(false, format!("there is no host {on}"));
                };
                let owner = h.containers.values().find(|c| {
                    c.published
                        .iter()
                        .any(|p| p.host_port == *host_port && p.proto == Proto::Tcp)
                });
                match owner {
                    None => verdict(false, format!("nothing publishes port {host_port} on {on}")),
                    Some(c) if c.name != *name => verdict(
                        false,
                        format!("port {host_port} on {on} goes to {}, not {name}", c.name),
                    ),
                    Some(c) => {
                        let target = c
                            .published
                            .iter()
                            .find(|p| p.host_port == *host_port)
                            .map(|p| p.container_port);
                        if target == Some(*port) {
                            verdict(
                                true,
                                format!("port {host_port} on {on} goes to {name}:{port}"),
                            )
                        } else {
                            verdict(
                                false,
                                format!(
                                    "port {host_port} on {on} goes to {name}:{}, not {port}",
                                    target.unwrap_or(0)
                                ),
                            )
                        }
                    }
                }
            }
            Goal::OutputContains { command, text } => {
                // On a copy: checking a goal must never change the learner's world.
                let mut copy = world.clone();
                let output = crate::cli::run_line(&mut copy, host, command);
                let all: Vec<&str> = output.lines.iter().map(|l| l.text.as_str()).collect();
                let all = all.join("\n");
                if all.contains(text.as_str()) {
                    verdict(true, format!("`{command}` prints {text}"))
                } else {
                    verdict(false, format!("`{command}` does not print {text}"))
                }
            }
        }
    }
}

/// Whether `from` reaches `to` (a container name or an address), through the engine's
/// packet path; the text says which hop decided.
fn reach(world: &World, from: &str, to: &str, port: Option<u16>) -> Result<String, String> {
    let (host, src) = locate(world, from).ok_or_else(|| format!("there is no container {from}"))?;
    if !src.is_running() {
        return Err(format!("{from} is not running"));
    }
    let (ip, target) = match to.parse::<Ipv4Addr>() {
        Ok(ip) => (ip, None),
        Err(_) => {
            let (dst_host, dst) =
                locate(world, to).ok_or_else(|| format!("there is no container {to}"))?;
            if !dst.is_running() {
                return Err(format!("{to} is not running"));
            }
            // The address on a network both share, else any address (which will not arrive).
            // A link both have: a bridge pipework made on the same host, or Weave's network.
            let same_link = || {
                src.pipework.iter().find_map(|mine| {
                    dst.pipework
                        .iter()
                        .filter(|theirs| theirs.bridge == mine.bridge)
                        .find(|_| {
                            dst_host == host || mine.bridge == crate::engine::addons::weave::BRIDGE
                        })
                        .map(|theirs| theirs.ip)
                })
            };
            let shared = src
                .networks
                .keys()
                .find_map(|n| dst.endpoint(n).and_then(|e| e.ip))
                .or_else(same_link);
            match shared {
                Some(ip) => (ip, Some(dst)),
                // Bridges of two hosts are two networks, whatever their names.
                None if dst_host != host => {
                    return Err(format!(
                        "{from} is on {host}, {to} is on {dst_host}, and no overlay joins them: \
                         each host's {} is its own network",
                        networks_of(src).join(" and ")
                    ))
                }
                None => {
                    return Err(format!(
                        "{from} is on {}, {to} is on {}: no shared network",
                        networks_of(src).join(" and "),
                        networks_of(dst).join(" and ")
                    ))
                }
            }
        }
    };
    let path = world.reach(host, &src.id, ip).map_err(|e| e.to_string())?;
    match path.outcome {
        Ok(Arrival::Remote) => {
            let Some(port) = port else {
                return Ok(format!("{from} reaches {to} at {ip}, across the underlay"));
            };
            let to_host = world
                .host_by_underlay_ip(ip)
                .map(|h| h.name.clone())
                .unwrap_or_else(|| ip.to_string());
            return match world.remote_connect(ip, Proto::Tcp, port) {
                crate::engine::lab::hosts::Connect::Published { container, .. } => Ok(format!(
                    "{from} reaches {to}:{port}, published by {} on {to_host}",
                    container.name
                )),
                crate::engine::lab::hosts::Connect::Refused => Err(format!(
                    "{to_host} is reachable at {ip}, but nothing is published on port {port}"
                )),
                crate::engine::lab::hosts::Connect::Filtered(why) => {
                    Err(crate::cli::render::path::dropped(&why))
                }
            };
        }
        Ok(Arrival::Local | Arrival::Loopback | Arrival::Internet) => {}
        Err(blocked) => {
            return Err(match blocked {
                crate::engine::lab::reach::Blocked::NoRoute => {
                    format!("{from} has no network (--network none)")
                }
                crate::engine::lab::reach::Blocked::Dropped(why) => {
                    crate::cli::render::path::dropped(&why)
                }
            })
        }
    }
    let Some(port) = port else {
        return Ok(format!("{from} reaches {to} at {ip}"));
    };
    let target = target.or_else(|| world.host(host).ok()?.container_with_ip(ip));
    let serves = target.and_then(|t| world.serves(t));
    match serves {
        Some(Service::Http { port: p, .. } | Service::Tcp { port: p }) if p == port => {
            Ok(format!("{from} reaches {to}:{port} at {ip}"))
        }
        _ => Err(format!(
            "{to} is reachable at {ip}, but nothing listens on port {port}"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A world after `lines`, typed one second apart at the first host's prompt; `ssh HOST`
    /// and `exit` move the following lines, as in a lesson's setup block.
    fn world(lines: &[&str]) -> World {
        let mut w = World::new(1);
        let mut hosts = vec![DEFAULT_HOST.to_string()];
        for l in lines {
            w.tick(1);
            let here = hosts.last().cloned().unwrap_or_else(|| DEFAULT_HOST.into());
            let output = crate::cli::run_line(&mut w, &here, l);
            if let Some(next) = output.enter_host {
                hosts.push(next);
            } else if output.exit_shell && hosts.len() > 1 {
                hosts.pop();
            }
        }
        w
    }

    fn check(w: &World, goal: &str) -> Verdict {
        goal.parse::<Goal>().unwrap().evaluate(w)
    }

    #[test]
    fn every_form_parses_and_prints_back() {
        for text in [
            "container web is running",
            "container web is stopped",
            "container web is absent",
            "container web on network appnet",
            "network appnet exists",
            "network appnet exists with subnet 10.0.0.0/24",
            "ip of db on appnet is 10.0.0.10",
            "web can reach db",
            "web can reach db:6379",
            "web cannot reach db",
            "web resolves db",
            "port 8080 on host1 serves web:80",
            "output of \"docker ps\" contains web",
            "user alice can use docker",
            "user alice cannot run containers",
            "user alice can run privileged containers",
            "user bob cannot list containers",
            "user bob can create networks",
            "user root cannot pull images",
        ] {
            let goal: Goal = text.parse().unwrap();
            assert_eq!(goal.to_string(), text);
        }
        assert!("container web is dancing".parse::<Goal>().is_err());
        assert!("web can reach db:http".parse::<Goal>().is_err());
        assert!("ip of db on net is 300.1.1.1".parse::<Goal>().is_err());
        assert!("user alice can fly planes".parse::<Goal>().is_err());
        assert!("user alice can".parse::<Goal>().is_err());
    }

    #[test]
    fn user_goals_ask_the_socket_then_the_authorization_plugins() {
        let open = world(&["useradd alice", "usermod -aG docker alice"]);
        let v = check(&open, "user alice can run privileged containers");
        assert!(v.holds, "{}", v.reason);
        assert!(v.reason.contains("no authorization plugin"), "{}", v.reason);

        let w = world(&[
            "useradd alice",
            "useradd bob",
            "usermod -aG docker alice",
            r#"authz-policy add '{"name":"admins","users":["root"],"actions":[""]}'"#,
            r#"authz-policy add '{"name":"alice_p","users":["alice"],"actions":["container","image_create"]}'"#,
            "docker run -d --restart=always -v /var/lib/authz-broker:/var/lib/authz-broker -v /run/docker/plugins/:/run/docker/plugins twistlock/authz-broker",
            "berth-authz deny privileged",
            r#"daemon-json set authorization-plugins '["authz-broker","berth-authz"]'"#,
            "systemctl restart docker",
        ]);
        for (goal, holds, because) in [
            ("user alice can use docker", true, "docker group"),
            (
                "user alice can run containers",
                true,
                "authz-broker and berth-authz allow alice",
            ),
            ("user alice can list containers", true, "allow alice"),
            ("user alice can pull images", true, "allow alice"),
            (
                "user alice cannot create networks",
                true,
                "action 'network_create' denied for user 'alice' by policy 'alice_p'",
            ),
            (
                "user alice can run privileged containers",
                false,
                "authorization denied by plugin berth-authz: --privileged",
            ),
            ("user root can create networks", true, "allow root"),
            (
                "user root cannot run privileged containers",
                true,
                "berth-authz",
            ),
            (
                "user bob cannot use docker",
                true,
                "not in the docker group",
            ),
            (
                "user bob can run containers",
                false,
                "not in the docker group",
            ),
            ("user carol can use docker", false, "there is no user carol"),
        ] {
            let v = check(&w, goal);
            assert_eq!(v.holds, holds, "{goal}: {}", v.reason);
            assert!(v.reason.contains(because), "{goal}: {}", v.reason);
        }
        // Judging ran nothing: the broker still runs alone.
        assert_eq!(w.host("host1").unwrap().containers.len(), 1);
    }

    #[test]
    fn reach_across_the_underlay_names_the_hop_that_decides() {
        let mut w = world(&[
            "host add host2",
            "ssh host2",
            "docker run -d --name web -p 8080:80 nginx",
            "exit",
            "docker run -dit --name client alpine",
        ]);
        let v = check(&w, "client can reach 192.168.50.12:8080");
        assert!(v.holds, "{}", v.reason);
        assert!(
            v.reason.contains("published by web on host2"),
            "{}",
            v.reason
        );
        let v = check(&w, "client can reach 192.168.50.12:9000");
        assert!(!v.holds);
        assert!(
            v.reason.contains("nothing is published on port 9000"),
            "{}",
            v.reason
        );
        w.firewall_set("host2", Proto::Tcp, 8080, true).unwrap();
        let v = check(&w, "client cannot reach 192.168.50.12:8080");
        assert!(v.holds, "{}", v.reason);
        assert!(
            v.reason.contains("host2's firewall drops 8080/tcp"),
            "{}",
            v.reason
        );
        w.host_stop("host2").unwrap();
        let v = check(&w, "client can reach 192.168.50.12");
        assert!(!v.holds);
        assert!(v.reason.contains("host2 is powered off"), "{}", v.reason);
    }

    #[test]
    fn each_goal_true_and_false_with_reasons() {
        let w = world(&[
            "docker network create --subnet 10.0.0.0/24 appnet",
            "docker run -d --name web --network appnet -p 8080:80 nginx",
            "docker run -d --name db --network appnet --ip 10.0.0.10 redis",
            "docker run -dit --name loner alpine",
            "docker run -d --name gone busybox sleep 10",
            "docker stop gone",
        ]);
        let yes = |g: &str| assert!(check(&w, g).holds, "{g}: {}", check(&w, g).reason);
        let no = |g: &str, why: &str| {
            let v = check(&w, g);
            assert!(!v.holds, "{g} should not hold");
            assert!(v.reason.contains(why), "{g}: {}", v.reason);
        };
        yes("container web is running");
        no("container gone is running", "not running");
        yes("container gone is stopped");
        yes("container ghost is absent");
        no("container web is absent", "still exists");
        yes("container web on network appnet");
        no(
            "container loner on network appnet",
            "loner is on bridge, not on appnet",
        );
        yes("network appnet exists with subnet 10.0.0.0/24");
        no(
            "network appnet exists with subnet 10.1.0.0/24",
            "has subnet 10.0.0.0/24",
        );
        no("network other exists", "no network other");
        yes("ip of db on appnet is 10.0.0.10");
        no("ip of web on appnet is 10.0.0.10", "has 10.0.0.2");
        yes("web can reach db");
        yes("web can reach db:6379");
        no("web can reach db:80", "nothing listens on port 80");
        no(
            "loner can reach db",
            "loner is on bridge, db is on appnet: no shared network",
        );
        yes("loner cannot reach web");
        no("web cannot reach db", "can still reach");
        yes("web resolves db");
        no("loner resolves web", "default bridge");
        yes("port 8080 on host1 serves web:80");
        no(
            "port 9090 on host1 serves web:80",
            "nothing publishes port 9090",
        );
        yes("output of \"docker ps\" contains web");
        no("output of \"docker ps\" contains gone", "does not print");
    }

    #[test]
    fn checking_output_never_changes_the_world() {
        let w = world(&["docker run -d --name web nginx"]);
        let before = w.clone();
        check(&w, "output of \"docker rm -f web\" contains web");
        assert_eq!(w, before);
    }
}
