//! Triton's own tools as the learner meets them: `mdata-get` and `mdata-put` inside a
//! container (the SmartOS metadata client every zone has, under `/native/usr/sbin` in LX
//! zones), and `dig` at a host's prompt, which asks DNS (Triton CNS among it).
//!
//! The facts come from the engine (`engine::platforms::triton`); this file only writes them out.
//! Not simulated: metadata keys beyond the few below, `mdata-list`, `mdata-delete`, dig's
//! record types other than A.

use crate::cli::Output;
use crate::engine::platforms::triton::{self, CNS_TTL};
use crate::engine::World;

/// `mdata-get KEY` / `mdata-put KEY VALUE` typed in a container of a Triton host. `None`
/// when the command is not one of them, or the host is no Triton data center.
pub fn in_container(
    world: &mut World,
    host: &str,
    container_id: &str,
    words: &[String],
) -> Option<Output> {
    let (program, args) = words.split_first()?;
    let base = program.rsplit('/').next().unwrap_or(program);
    if !matches!(base, "mdata-get" | "mdata-put") {
        return None;
    }
    let dc = world.triton(host)?;
    let c = world.container_lookup(host, container_id).ok()?;
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    if base == "mdata-put" {
        return Some(match args.as_slice() {
            ["triton.cns.status", value] => {
                // docs/metadata.md: "down" takes the instance out of its services; any other
                // value counts as "up".
                let id = c.id.clone();
                match world.cns_status_set(host, &id, *value == "down") {
                    Ok(()) => Output::default(),
                    Err(e) => Output::failed(format!("mdata-put: {e}"), 1),
                }
            }
            [_, _] => Output::failed(
                "berth: mdata-put here sets triton.cns.status (down or up) only",
                1,
            ),
            _ => Output::failed("Usage: mdata-put <keyname> [ <value> ]", 2),
        });
    }
    let value = match args.as_slice() {
        ["sdc:server_uuid"] => dc.server_of(&c.id).map(|s| s.uuid.clone()),
        ["sdc:alias"] => Some(c.name.clone()),
        ["sdc:datacenter_name"] => Some(triton::DATACENTER.to_string()),
        ["triton.cns.status"] => Some(
            if dc.cns_down.contains(&c.id) {
                "down"
            } else {
                "up"
            }
            .to_string(),
        ),
        [_] => None,
        _ => return Some(Output::failed("Usage: mdata-get <keyname>", 2)),
    };
    Some(match value {
        Some(v) => {
            let mut o = Output::default();
            o.out(v);
            o
        }
        None => Output::failed(
            format!("No metadata for '{}'", args.first().copied().unwrap_or("")),
            1,
        ),
    })
}

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
            crate::engine::docker::sandbox::INTERNET
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
