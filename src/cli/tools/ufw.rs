//! `ufw` on a Linux host, as Ubuntu's ufw 0.36 prints it, and the `DOCKER-USER` forms of
//! `iptables` (`-I|-A|-D DOCKER-USER …`, `-L DOCKER-USER`).

use crate::cli::Output;
use crate::engine::docker::ports::Proto;
use crate::engine::security::ufw::DockerUserRule;
use crate::engine::World;

fn parse_port(spec: &str) -> Option<(u16, Option<Proto>)> {
    let (port, proto) = match spec.split_once('/') {
        Some((p, "tcp")) => (p, Some(Proto::Tcp)),
        Some((p, "udp")) => (p, Some(Proto::Udp)),
        Some(_) => return None,
        None => (spec, None),
    };
    Some((port.parse().ok()?, proto))
}

/// `ufw enable|disable|status|allow|deny PORT[/PROTO]`.
pub fn ufw(world: &mut World, host: &str, args: &[&str]) -> Output {
    let mut o = Output::default();
    match args {
        ["enable"] => {
            world.ufw_set_active(host, true);
            o.out("Command may disrupt existing ssh connections. Proceed with operation (y|n)? y\nFirewall is active and enabled on system startup");
        }
        ["disable"] => {
            world.ufw_set_active(host, false);
            o.out("Firewall stopped and disabled on system startup");
        }
        ["status"] | ["status", "verbose"] | ["status", "numbered"] => {
            let Ok(h) = world.host(host) else {
                return o;
            };
            if !h.machine.ufw.active {
                o.out("Status: inactive");
                return o;
            }
            o.out("Status: active\n");
            if h.machine.ufw.rules.is_empty() {
                return o;
            }
            o.out(format!("{:<27}{:<12}{}", "To", "Action", "From"));
            o.out(format!("{:<27}{:<12}{}", "--", "------", "----"));
            let to = |port: u16, proto: Option<Proto>, v6: bool| {
                let base = match proto {
                    Some(p) => format!("{port}/{}", p.as_str()),
                    None => port.to_string(),
                };
                if v6 {
                    format!("{base} (v6)")
                } else {
                    base
                }
            };
            for v6 in [false, true] {
                for (port, proto, deny) in &h.machine.ufw.rules {
                    let action = if *deny { "DENY" } else { "ALLOW" };
                    let from = if v6 { "Anywhere (v6)" } else { "Anywhere" };
                    o.out(format!("{:<27}{action:<12}{from}", to(*port, *proto, v6)));
                }
            }
            o.out("");
        }
        [verb @ ("allow" | "deny"), spec] => {
            let Some((port, proto)) = parse_port(spec) else {
                return Output::failed("ERROR: Bad port", 1);
            };
            if world.ufw_rule(host, port, proto, *verb == "deny") {
                o.out("Rule added\nRule added (v6)");
            } else {
                o.out("Skipping adding existing rule\nSkipping adding existing rule (v6)");
            }
        }
        _ => {
            return Output::failed(
                "berth: ufw here: enable, disable, status, allow PORT[/PROTO], deny PORT[/PROTO]",
                1,
            )
        }
    }
    o
}

/// `iptables -I|-A|-D DOCKER-USER …` and `iptables -L DOCKER-USER [-n]`; `None` when the
/// command is about another chain.
pub fn docker_user(world: &mut World, host: &str, args: &[&str]) -> Option<Output> {
    let chain_at = args.iter().position(|a| *a == "DOCKER-USER")?;
    let verb = args.get(chain_at.checked_sub(1)?)?;
    let mut o = Output::default();
    match *verb {
        "-L" | "--list" => {
            let h = world.host(host).ok()?;
            o.out("Chain DOCKER-USER (1 references)");
            o.out("target     prot opt source               destination         ");
            for r in &h.machine.docker_user {
                let prot = r.proto.map_or("all", Proto::as_str);
                let mut extra = Vec::new();
                if let Some(p) = r.dport {
                    extra.push(format!("{prot} dpt:{p}"));
                }
                if let Some(p) = r.orig_dport {
                    extra.push(format!("ctorigdstport {p}"));
                }
                let mut line = format!(
                    "{:<9}  {prot:<5}--  {:<19}  {:<19} ",
                    r.target, "0.0.0.0/0", "0.0.0.0/0"
                );
                for e in extra {
                    line.push(' ');
                    line.push_str(&e);
                }
                o.out(line);
            }
            Some(o)
        }
        "-I" | "-A" | "-D" => {
            let mut rule = DockerUserRule {
                proto: None,
                dport: None,
                orig_dport: None,
                target: String::new(),
            };
            let mut it = args.iter().skip(chain_at + 1);
            while let Some(a) = it.next() {
                match *a {
                    "-p" | "--protocol" => {
                        rule.proto = match it.next().copied() {
                            Some("tcp") => Some(Proto::Tcp),
                            Some("udp") => Some(Proto::Udp),
                            _ => None,
                        }
                    }
                    "--dport" | "--destination-port" => {
                        rule.dport = it.next().and_then(|p| p.parse().ok());
                    }
                    "--ctorigdstport" => {
                        rule.orig_dport = it.next().and_then(|p| p.parse().ok());
                    }
                    "-m" => {
                        it.next();
                    }
                    "-j" | "--jump" => rule.target = it.next().copied().unwrap_or("").to_string(),
                    other => {
                        return Some(Output::failed(
                            format!("berth: iptables DOCKER-USER here takes -p, --dport, -m conntrack --ctorigdstport and -j; not {other}"),
                            2,
                        ))
                    }
                }
            }
            if !matches!(
                rule.target.as_str(),
                "DROP" | "REJECT" | "RETURN" | "ACCEPT"
            ) {
                return Some(Output::failed(
                    "iptables v1.8.10 (nf_tables): no command specified\nTry `iptables -h' or 'iptables --help' for more information.",
                    2,
                ));
            }
            match *verb {
                "-D" => {
                    if !world.docker_user_remove(host, &rule) {
                        return Some(Output::failed(
                            "iptables: Bad rule (does a matching rule exist in that chain?).",
                            1,
                        ));
                    }
                }
                v => world.docker_user_add(host, rule, v == "-I"),
            }
            Some(o)
        }
        _ => None,
    }
}
