//! `ping`: one implementation for every shell. The shell says how it resolves a name and
//! where the packet leaves from (a container's namespace or the host's); the engine's `reach`
//! says whether the echo request arrives. What differs between shells is only the wording,
//! a [`Rendering`] chosen by the shell's userland:
//!
//! - [`Rendering::Busybox`]: busybox `ping` (Alpine and busybox images, and Berth's Linux
//!   containers generally);
//! - [`Rendering::Iputils`]: iputils `ping`, as on a Debian or Ubuntu host;
//! - [`Rendering::Windows`]: Windows Server 2022's `PING.EXE`, in `cmd` or PowerShell.
//!
//! Not simulated: a ping that runs until Ctrl-C (without `-c`, Linux pings send four and
//! say so in a `berth:` line), packet sizes, intervals and timeouts (their flags are read and
//! ignored), IPv6. Round-trip times are deterministic: a base per kind of path and a spread
//! from a hash of the sender, the target and the sequence number.

use std::net::Ipv4Addr;

use crate::cli::Output;
use crate::engine::lab::reach::{Arrival, Blocked, Path};
use crate::engine::Backend;
use crate::engine::{EngineError, World};

/// How many packets a Linux `ping` sends when no `-c` is given (a real one runs until
/// Ctrl-C), and Windows' default without `-n`.
const DEFAULT_PING_COUNT: u32 = 4;

/// Whose `ping` prints the result.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rendering {
    Busybox,
    Iputils,
    Windows,
}

/// Where the echo requests leave from, as the shell that runs `ping` knows it.
pub struct Sender<'a> {
    /// Names to addresses, the shell's way (`/etc/hosts`, the embedded DNS, the lab's hosts).
    pub resolve: &'a dyn Fn(&str) -> Option<Ipv4Addr>,
    /// The engine's path to an address from the sender's namespace.
    pub reach: &'a dyn Fn(Ipv4Addr) -> Result<Path, EngineError>,
    /// Seeds the round-trip spread of busybox's ping: the container's ID.
    pub id: &'a str,
}

/// What the arguments asked for.
struct Request<'a> {
    target: &'a str,
    /// `-c N` (`-n N` on Windows, where the default is explicit).
    count: Option<u32>,
}

/// `ping ARGS` from `sender`, written as `rendering`'s ping writes it.
pub fn ping(world: &World, rendering: Rendering, sender: &Sender<'_>, args: &[&str]) -> Output {
    let request = match parse(rendering, args) {
        Ok(r) => r,
        Err(o) => return o,
    };
    let target = request.target;
    let Some(ip) = (sender.resolve)(target) else {
        return match rendering {
            Rendering::Busybox => Output::failed(format!("ping: bad address '{target}'"), 1),
            Rendering::Iputils => {
                Output::failed(format!("ping: {target}: Name or service not known"), 2)
            }
            Rendering::Windows => Output::failed(
                format!("Ping request could not find host {target}. Please check the name and try again."),
                1,
            ),
        };
    };
    let path = match (sender.reach)(ip) {
        Ok(p) => p,
        Err(e) => return Output::failed(format!("berth: {e}"), 1),
    };
    match rendering {
        Rendering::Busybox => busybox(&request, ip, &path, sender.id),
        Rendering::Iputils => iputils(&request, ip, &path, world),
        Rendering::Windows => windows(&request, ip, &path, world),
    }
}

fn parse<'a>(rendering: Rendering, args: &[&'a str]) -> Result<Request<'a>, Output> {
    let mut count = None;
    let mut target = None;
    let mut it = args.iter();
    match rendering {
        Rendering::Busybox => {
            while let Some(arg) = it.next() {
                match *arg {
                    "-c" => count = it.next().and_then(|n| n.parse::<u32>().ok()),
                    "-W" | "-w" | "-i" | "-s" => {
                        it.next();
                    }
                    a if a.starts_with("-c") => count = a.get(2..).and_then(|n| n.parse().ok()),
                    a if a.starts_with('-') => {}
                    a => target = Some(a),
                }
            }
            let target = target.ok_or_else(|| Output::failed("BusyBox v1.37.0 (2025-10-10 00:00:00 UTC) multi-call binary.\n\nUsage: ping [OPTIONS] HOST", 1))?;
            Ok(Request { target, count })
        }
        Rendering::Iputils => {
            while let Some(a) = it.next() {
                match *a {
                    "-c" => count = it.next().and_then(|n| n.parse().ok()),
                    a if a.starts_with("-c") => count = a.get(2..).and_then(|n| n.parse().ok()),
                    a if a.starts_with('-') => {}
                    a => target = Some(a),
                }
            }
            let target = target.ok_or_else(|| {
                Output::failed("ping: usage error: Destination address required", 1)
            })?;
            Ok(Request { target, count })
        }
        // `ping [-n COUNT] [-t] TARGET`.
        Rendering::Windows => {
            let mut count = DEFAULT_PING_COUNT;
            while let Some(arg) = it.next() {
                match arg.to_ascii_lowercase().as_str() {
                    "-n" | "/n" => {
                        count = it.next().and_then(|n| n.parse().ok()).ok_or_else(|| {
                            Output::failed("Value must be supplied for option -n.", 1)
                        })?;
                    }
                    "-t" | "/t" => {}
                    "-w" | "/w" | "-l" | "/l" | "-i" | "/i" => {
                        it.next();
                    }
                    a if a.starts_with('-') || a.starts_with('/') => {
                        return Err(Output::failed(format!("Bad option {arg}."), 1));
                    }
                    _ => target = Some(*arg),
                }
            }
            let target = target.ok_or_else(|| {
                Output::failed(
                    "\nUsage: ping [-t] [-a] [-n count] [-l size] [-f] [-i TTL] [-v TOS]\n            [-r count] [-s count] [[-j host-list] | [-k host-list]]\n            [-w timeout] [-R] [-S srcaddr] [-c compartment] [-p]\n            [-4] [-6] target_name",
                    1,
                )
            })?;
            Ok(Request {
                target,
                count: Some(count.min(100)),
            })
        }
    }
}

/// Whether the address belongs to a Windows host or one of its containers: Windows answers
/// with TTL 128, Linux with 64.
fn windows_target(world: &World, ip: Ipv4Addr) -> bool {
    world.hosts().any(|h| {
        h.backend == Backend::Windows
            && (h.machine.underlay_ip == ip || h.container_with_ip(ip).is_some())
    })
}

/// The `berth:` note of a Linux ping given no count.
fn until_ctrl_c(o: &mut Output, request: &Request<'_>) {
    if request.count.is_none() {
        o.err(format!("berth: a real ping runs until Ctrl-C; Berth sent {DEFAULT_PING_COUNT} packets. Use -c N to choose."));
    }
}

/// busybox `ping`.
fn busybox(request: &Request<'_>, ip: Ipv4Addr, path: &Path, id: &str) -> Output {
    let target = request.target;
    let sent = request.count.unwrap_or(DEFAULT_PING_COUNT).min(100);
    let mut o = Output::default();
    o.out(format!("PING {target} ({ip}): 56 data bytes"));
    o.path = Some(Box::new(crate::cli::render::path::shown(path)));
    let (ttl, base) = match path.outcome {
        Ok(Arrival::Internet) => (41, 9.6),
        // One router on the way: the sending host, which masquerades the packet.
        Ok(Arrival::Remote) => (63, 0.4),
        Ok(_) => (64, 0.06),
        Err(Blocked::NoRoute) => {
            o.err("ping: sendto: Network unreachable");
            o.exit_code = 1;
            return o;
        }
        Err(Blocked::Dropped(_)) => {
            o.out(format!("\n--- {target} ping statistics ---\n{sent} packets transmitted, 0 packets received, 100% packet loss"));
            o.exit_code = 1;
            return o;
        }
    };
    // Round trips: tens of microseconds on a bridge, ~10 ms to the internet, with a
    // deterministic spread.
    let spread = if base > 1.0 { 0.3 } else { 0.06 };
    let times: Vec<f64> = (0..sent)
        .map(|seq| base + spread * f64::from(jitter(id, ip, seq)) / 100.0)
        .collect();
    for (seq, t) in times.iter().enumerate() {
        o.out(format!(
            "64 bytes from {ip}: seq={seq} ttl={ttl} time={t:.3} ms"
        ));
    }
    let (min, avg, max, _) = rtt(&times);
    o.out(format!("\n--- {target} ping statistics ---\n{sent} packets transmitted, {sent} packets received, 0% packet loss"));
    if sent > 0 {
        o.out(format!(
            "round-trip min/avg/max = {min:.3}/{avg:.3}/{max:.3} ms"
        ));
    }
    until_ctrl_c(&mut o, request);
    o
}

/// iputils `ping`, as on a Debian or Ubuntu host.
fn iputils(request: &Request<'_>, ip: Ipv4Addr, path: &Path, world: &World) -> Output {
    let target = request.target;
    let sent = request.count.unwrap_or(DEFAULT_PING_COUNT).min(100);
    let label = if target == ip.to_string() {
        ip.to_string()
    } else {
        format!("{target} ({ip})")
    };
    let mut o = Output {
        path: Some(Box::new(crate::cli::render::path::shown(path))),
        ..Output::default()
    };
    o.out(format!("PING {target} ({ip}) 56(84) bytes of data."));
    let elapsed = sent.saturating_sub(1) * 1001;
    let native = if windows_target(world, ip) { 128 } else { 64 };
    let (ttl, base) = match path.outcome {
        Ok(Arrival::Internet) => (116, 9.6),
        Ok(Arrival::Remote) => (native, 0.41),
        Ok(_) => (native, 0.05),
        Err(Blocked::NoRoute) => {
            return Output::failed("ping: connect: Network is unreachable", 2);
        }
        Err(Blocked::Dropped(_)) => {
            o.out(format!(
                "\n--- {target} ping statistics ---\n{sent} packets transmitted, 0 received, 100% packet loss, time {elapsed}ms\n"
            ));
            o.exit_code = 1;
            return o;
        }
    };
    let times: Vec<f64> = (1..=sent)
        .map(|seq| base + f64::from((seq * 37 + u32::from(ip.octets()[3])) % 50) / 1000.0)
        .collect();
    for (seq, t) in times.iter().enumerate() {
        o.out(format!(
            "64 bytes from {label}: icmp_seq={} ttl={ttl} time={t:.3} ms",
            seq + 1
        ));
    }
    let (min, avg, max, mdev) = rtt(&times);
    o.out(format!(
        "\n--- {target} ping statistics ---\n{sent} packets transmitted, {sent} received, 0% packet loss, time {elapsed}ms"
    ));
    if sent > 0 {
        o.out(format!(
            "rtt min/avg/max/mdev = {min:.3}/{avg:.3}/{max:.3}/{mdev:.3} ms"
        ));
    }
    until_ctrl_c(&mut o, request);
    o
}

/// Windows `ping`'s report for a path the engine followed.
fn windows(request: &Request<'_>, ip: Ipv4Addr, path: &Path, world: &World) -> Output {
    let target = request.target;
    let count = request.count.unwrap_or(DEFAULT_PING_COUNT);
    let mut o = Output {
        path: Some(Box::new(crate::cli::render::path::shown(path))),
        ..Output::default()
    };
    let named = target.parse::<Ipv4Addr>().is_err();
    let head = if named {
        format!("\nPinging {target} [{ip}] with 32 bytes of data:")
    } else {
        format!("\nPinging {ip} with 32 bytes of data:")
    };
    o.out(head);
    let received = match &path.outcome {
        Ok(arrival) => {
            let ttl = match arrival {
                Arrival::Internet => 115,
                _ if windows_target(world, ip) => 128,
                _ => 64,
            };
            let time = if matches!(arrival, Arrival::Internet) {
                "time=9ms"
            } else {
                "time<1ms"
            };
            for _ in 0..count {
                o.out(format!("Reply from {ip}: bytes=32 {time} TTL={ttl}"));
            }
            count
        }
        Err(Blocked::NoRoute) => {
            for _ in 0..count {
                o.out("PING: transmit failed. General failure. ");
            }
            0
        }
        Err(Blocked::Dropped(_)) => {
            for _ in 0..count {
                o.out("Request timed out.");
            }
            0
        }
    };
    let lost = count - received;
    let loss = lost.saturating_mul(100).checked_div(count).unwrap_or(0);
    o.out(format!(
        "\nPing statistics for {ip}:\n    Packets: Sent = {count}, Received = {received}, Lost = {lost} ({loss}% loss),"
    ));
    if received > 0 {
        let ms = if matches!(path.outcome, Ok(Arrival::Internet)) {
            9
        } else {
            0
        };
        o.out(format!(
            "Approximate round trip times in milli-seconds:\n    Minimum = {ms}ms, Maximum = {ms}ms, Average = {ms}ms"
        ));
    } else {
        o.exit_code = 1;
    }
    o
}

/// Round-trip statistics as ping prints them: min, avg, max and mean deviation.
pub(crate) fn rtt(times: &[f64]) -> (f64, f64, f64, f64) {
    if times.is_empty() {
        return (0.0, 0.0, 0.0, 0.0);
    }
    let n = times.len() as f64;
    let min = times.iter().copied().fold(f64::MAX, f64::min);
    let max = times.iter().copied().fold(0.0, f64::max);
    let avg = times.iter().sum::<f64>() / n;
    let mdev = (times.iter().map(|t| (t - avg) * (t - avg)).sum::<f64>() / n).sqrt();
    (min, avg, max, mdev)
}

/// A deterministic 0..100 spread for round-trip times: same sender, target and sequence,
/// same time.
pub(crate) fn jitter(sender: &str, ip: Ipv4Addr, seq: u32) -> u32 {
    let mut h: u32 = 2_166_136_261;
    for b in sender.bytes().chain(ip.octets()).chain(seq.to_le_bytes()) {
        h = (h ^ u32::from(b)).wrapping_mul(16_777_619);
    }
    (h ^ (h >> 15)) % 100
}
