//! `dig NAME` at a host's prompt: Triton CNS names (the public and private zones) as BIND's
//! dig prints an answer. Not simulated: record types other than A.

use crate::cli::Output;
use crate::engine::platforms::triton::CNS_TTL;
use crate::engine::World;

/// `dig [+short] NAME` at a host's prompt: an A query to the host's resolver, answered by
/// Triton CNS for its zones (TTL 30) and by the simulated internet otherwise.
pub fn dig(world: &World, args: &[&str]) -> Output {
    let short = args.contains(&"+short");
    let Some(name) = args
        .iter()
        .find(|a| !a.starts_with('+') && !a.starts_with('-'))
    else {
        return Output::failed("berth: dig NAME (or dig +short NAME)", 1);
    };
    let (addresses, ttl) = match world.cns_lookup(name) {
        Some(found) => (found, CNS_TTL),
        None => (
            crate::engine::lab::sandbox::INTERNET
                .iter()
                .filter(|(n, _)| *n == name.trim_end_matches('.'))
                .map(|(_, ip)| *ip)
                .collect(),
            300,
        ),
    };
    answer(name, &addresses, ttl, short, UBUNTU_DIG, "127.0.0.53")
}

/// The host's dig (Ubuntu 24.04's BIND).
const UBUNTU_DIG: &str = "9.18.39-0ubuntu0.24.04.2-Ubuntu";

/// `dig [+short] NAME` in a container that installed it (Debian's `dnsutils`, Alpine's
/// `bind-tools`): an A query to the container's resolver, Docker's embedded DNS at
/// 127.0.0.11 on a user-defined network (TTL 600, moby's resolver), the host's otherwise.
pub fn in_container(
    world: &World,
    host: &str,
    container: &str,
    version: &str,
    args: &[&str],
) -> Output {
    use crate::engine::lab::sandbox::{Lookup, Resolver};
    let short = args.contains(&"+short");
    let Some(name) = args
        .iter()
        .find(|a| !a.starts_with('+') && !a.starts_with('-') && !a.starts_with('@'))
    else {
        return Output::failed("berth: dig NAME (or dig +short NAME)", 1);
    };
    let server = match world.container_resolver(host, container) {
        Ok(Resolver::Embedded) => "127.0.0.11",
        _ => "8.8.8.8",
    };
    let addresses = match world.dns_lookup(host, container, name) {
        Ok(Lookup::Found { addresses, .. }) => addresses,
        _ => Vec::new(),
    };
    answer(name, &addresses, 600, short, version, server)
}

/// BIND's dig layout for an A query's answer.
fn answer(
    name: &str,
    addresses: &[std::net::Ipv4Addr],
    ttl: u32,
    short: bool,
    version: &str,
    server: &str,
) -> Output {
    let fqdn = format!("{}.", name.trim_end_matches('.'));
    let mut o = Output::default();
    if short {
        for ip in addresses {
            o.out(ip.to_string());
        }
        return o;
    }
    let status = if addresses.is_empty() {
        "NXDOMAIN"
    } else {
        "NOERROR"
    };
    o.out(format!(
        "\n; <<>> DiG {version} <<>> {name}\n;; global options: +cmd\n;; Got answer:\n;; ->>HEADER<<- opcode: QUERY, status: {status}, id: {}\n;; flags: qr rd ra; QUERY: 1, ANSWER: {}, AUTHORITY: 0, ADDITIONAL: 1\n\n;; OPT PSEUDOSECTION:\n; EDNS: version: 0, flags:; udp: 65494\n;; QUESTION SECTION:\n;{fqdn}\t\t\tIN\tA\n",
        query_id(name),
        addresses.len()
    ));
    if !addresses.is_empty() {
        o.out(";; ANSWER SECTION:");
        for ip in addresses {
            o.out(format!("{fqdn}\t{ttl}\tIN\tA\t{ip}"));
        }
        o.out("");
    }
    o.out(format!(
        ";; Query time: 12 msec\n;; SERVER: {server}#53({server}) (UDP)\n;; MSG SIZE  rcvd: 120\n"
    ));
    o
}

/// A query ID that stays the same for the same name: the transcript stays stable.
fn query_id(name: &str) -> u16 {
    name.bytes()
        .fold(0x5bd1u16, |h, b| h.rotate_left(5) ^ u16::from(b))
}
