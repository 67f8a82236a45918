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
    let fqdn = format!("{}.", name.trim_end_matches('.'));
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
    let mut o = Output::default();
    if short {
        for ip in &addresses {
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
        "\n; <<>> DiG 9.18.39-0ubuntu0.24.04.2-Ubuntu <<>> {name}\n;; global options: +cmd\n;; Got answer:\n;; ->>HEADER<<- opcode: QUERY, status: {status}, id: {}\n;; flags: qr rd ra; QUERY: 1, ANSWER: {}, AUTHORITY: 0, ADDITIONAL: 1\n\n;; OPT PSEUDOSECTION:\n; EDNS: version: 0, flags:; udp: 65494\n;; QUESTION SECTION:\n;{fqdn}\t\t\tIN\tA\n",
        query_id(name),
        addresses.len()
    ));
    if !addresses.is_empty() {
        o.out(";; ANSWER SECTION:");
        for ip in &addresses {
            o.out(format!("{fqdn}\t{ttl}\tIN\tA\t{ip}"));
        }
        o.out("");
    }
    o.out(";; Query time: 12 msec\n;; SERVER: 127.0.0.53#53(127.0.0.53) (UDP)\n;; MSG SIZE  rcvd: 120\n");
    o
}

/// A query ID that stays the same for the same name: the transcript stays stable.
fn query_id(name: &str) -> u16 {
    name.bytes()
        .fold(0x5bd1u16, |h, b| h.rotate_left(5) ^ u16::from(b))
}
