//! `iptables -t nat -L -n` at a host's prompt: the nat table dockerd's rules make
//! (from [`World::host_nat`]), as iptables-legacy and iptables-nft list it. `iptables …
//! DOCKER-USER` is ufw's neighbour, in `ufw.rs`.

use crate::cli::Output;
use crate::engine::docker::ports::Proto;
use crate::engine::lab::hostnet::NatTable;
use crate::engine::World;

/// `iptables -t nat -L -n`: the nat table, as iptables-legacy and iptables-nft list it.
pub fn iptables(world: &World, host: &str, args: &[&str]) -> Output {
    let mut table = "filter";
    let mut list = false;
    let mut numeric = false;
    let mut words = args.iter();
    while let Some(word) = words.next() {
        match *word {
            "-t" | "--table" => table = words.next().copied().unwrap_or(""),
            "-L" | "--list" => list = true,
            "-n" | "--numeric" => numeric = true,
            w if w.starts_with('-') && !w.starts_with("--") && w.len() > 1 => {
                // Bundled short options: `-nL`, `-Ln`, `-nvL`.
                for c in w.chars().skip(1) {
                    match c {
                        'L' => list = true,
                        'n' => numeric = true,
                        _ => return iptables_unknown(args),
                    }
                }
            }
            _ => return iptables_unknown(args),
        }
    }
    if !list || table != "nat" {
        return iptables_unknown(args);
    }
    let Ok(nat) = world.host_nat(host) else {
        return Output::default();
    };
    let mut o = Output::default();
    o.out(nat_listing(&nat, numeric));
    o
}

fn iptables_unknown(args: &[&str]) -> Output {
    Output::failed(
        format!(
            "berth: `iptables {}` is not simulated; `iptables -t nat -L -n` is.",
            args.join(" ")
        ),
        1,
    )
}

/// One rule as `iptables -L` lays it out (iptables.c `print_firewall`): the target in 9
/// columns, the protocol in 5, the options, then source and destination in 19 each, each
/// preceded by `!` when negated; every match and the target's own words follow, each after a
/// space.
fn rule(target: &str, prot: &str, source: &str, destination: &str, extra: &[String]) -> String {
    let side = |addr: &str| {
        let (mark, addr) = addr
            .strip_prefix('!')
            .map_or((' ', addr), |rest| ('!', rest));
        format!("{mark}{addr:<19} ")
    };
    let mut line = format!(
        "{target:<9}  {prot:<5}-- {}{}",
        side(source),
        side(destination)
    );
    for word in extra {
        line.push(' ');
        line.push_str(word);
    }
    line
}

fn chain_head(name: &str, references: Option<usize>) -> String {
    let head = match references {
        None => format!("Chain {name} (policy ACCEPT)"),
        Some(n) => format!("Chain {name} ({n} references)"),
    };
    format!("{head}\ntarget     prot opt source               destination         ")
}

/// A port as iptables names it without `-n` (Debian's /etc/services).
fn service_name(port: u16, numeric: bool) -> String {
    let known = match port {
        22 => "ssh",
        53 => "domain",
        80 => "http",
        443 => "https",
        3306 => "mysql",
        5432 => "postgresql",
        6379 => "redis",
        8080 => "http-alt",
        _ => "",
    };
    if numeric || known.is_empty() {
        port.to_string()
    } else {
        known.to_string()
    }
}

fn nat_listing(nat: &NatTable, numeric: bool) -> String {
    let any = if numeric { "0.0.0.0/0" } else { "anywhere" };
    let local = ["ADDRTYPE match dst-type LOCAL".to_string()];
    let mut chains: Vec<String> = Vec::new();
    let mut prerouting = vec![chain_head("PREROUTING", None)];
    let mut output = vec![chain_head("OUTPUT", None)];
    if nat.swarm {
        prerouting.push(rule("DOCKER-INGRESS", "all", any, any, &local));
        output.push(rule("DOCKER-INGRESS", "all", any, any, &local));
    }
    prerouting.push(rule("DOCKER", "all", any, any, &local));
    output.push(rule("DOCKER", "all", any, "!127.0.0.0/8", &local));
    chains.push(prerouting.join("\n"));
    chains.push(chain_head("INPUT", None));
    chains.push(output.join("\n"));
    let mut postrouting = vec![chain_head("POSTROUTING", None)];
    for (subnet, _) in &nat.masquerade {
        postrouting.push(rule("MASQUERADE", "all", &subnet.to_string(), any, &[]));
    }
    chains.push(postrouting.join("\n"));
    let mut docker = vec![chain_head("DOCKER", Some(2))];
    for d in &nat.dnat {
        let proto = proto_name(d.proto);
        let destination = d
            .host_ip
            .map_or_else(|| any.to_string(), |ip| ip.to_string());
        docker.push(rule(
            "DNAT",
            proto,
            any,
            &destination,
            &[
                format!("{proto} dpt:{}", service_name(d.host_port, numeric)),
                format!("to:{}:{}", d.to, d.to_port),
            ],
        ));
    }
    chains.push(docker.join("\n"));
    if nat.swarm {
        let mut ingress = vec![chain_head("DOCKER-INGRESS", Some(2))];
        for (proto, port, sandbox) in &nat.ingress {
            let proto = proto_name(*proto);
            ingress.push(rule(
                "DNAT",
                proto,
                any,
                any,
                &[
                    format!("{proto} dpt:{}", service_name(*port, numeric)),
                    format!("to:{sandbox}:{port}"),
                ],
            ));
        }
        ingress.push(rule("RETURN", "all", any, any, &[]));
        chains.push(ingress.join("\n"));
    }
    chains.join("\n\n")
}

fn proto_name(proto: Proto) -> &'static str {
    match proto {
        Proto::Tcp => "tcp",
        Proto::Udp => "udp",
        Proto::Sctp => "sctp",
    }
}
