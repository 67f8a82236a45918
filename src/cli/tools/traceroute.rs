//! busybox `traceroute` in a container: one line per router that takes one off the packet's
//! TTL, from the engine's `reach` (the same path `ping` follows, from the same [`Sender`]).
//! Not simulated: probes that differ from each other (every probe of a hop answers), UDP vs
//! ICMP probes, AS lookups.

use std::net::Ipv4Addr;

use super::ping::{jitter, Sender};
use crate::cli::Output;
use crate::engine::lab::reach::{Arrival, Blocked};

/// busybox `traceroute`: one line per router that takes one off the packet's TTL (the
/// gateways, flannel's remote end, the LAN router), then the destination; stars where
/// nothing answers any more, up to the hop limit.
pub fn traceroute(sender: &Sender<'_>, args: &[&str]) -> Output {
    let mut max_hops: u32 = 30;
    let mut target = None;
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match *arg {
            "-m" => {
                max_hops = it
                    .next()
                    .and_then(|n| n.parse().ok())
                    .filter(|n| (1..=255).contains(n))
                    .unwrap_or(30);
            }
            "-q" | "-w" | "-p" | "-f" | "-s" | "-i" | "-t" | "-z" => {
                it.next();
            }
            a if a.starts_with('-') => {}
            a => target = Some(a),
        }
    }
    let Some(target) = target else {
        return Output::failed("BusyBox v1.37.0 (2025-10-10 00:00:00 UTC) multi-call binary.\n\nUsage: traceroute [-46IFlnrv] [-f 1ST_TTL] [-m MAXTTL] [-q PROBES] [-p PORT]\n\t[-t TOS] [-w WAIT_SEC] [-s SRC_IP] [-i IFACE]\n\t[-z PAUSE_MSEC] HOST [BYTES]", 1);
    };
    let Some(ip) = (sender.resolve)(target) else {
        return Output::failed(format!("traceroute: bad address '{target}'"), 1);
    };
    let path = match (sender.reach)(ip) {
        Ok(p) => p,
        Err(e) => return Output::failed(format!("berth: {e}"), 1),
    };
    let mut o = Output {
        path: Some(Box::new(crate::cli::render::path::shown(&path))),
        ..Output::default()
    };
    if path.outcome == Err(Blocked::NoRoute) {
        return Output::failed("traceroute: sendto: Network unreachable", 1);
    }
    o.out(format!(
        "traceroute to {target} ({ip}), {max_hops} hops max, 46 byte packets"
    ));
    let mut answering: Vec<Ipv4Addr> = path.hops.iter().filter_map(|h| h.router).collect();
    if path.outcome.is_ok() && answering.last() != Some(&ip) {
        answering.push(ip);
    }
    let internet = path.outcome == Ok(Arrival::Internet);
    let line = |ttl: u32, who: Ipv4Addr| {
        let base = match ttl {
            1 => 0.005,
            _ if internet && who == ip => 9.6,
            _ => 0.3 * f64::from(ttl),
        };
        let times: Vec<String> = (0..3)
            .map(|probe| {
                let t = base + 0.004 * f64::from(jitter(sender.id, who, ttl * 3 + probe)) / 100.0;
                format!("{t:.3} ms")
            })
            .collect();
        format!("{ttl:>2}  {who} ({who})  {}", times.join("  "))
    };
    let mut ttl = 0;
    for who in answering.iter().take(max_hops as usize) {
        ttl += 1;
        o.out(line(ttl, *who));
    }
    if path.outcome.is_err() {
        for rest in ttl + 1..=max_hops {
            o.out(format!("{rest:>2}  *  *  *"));
        }
    }
    o
}
