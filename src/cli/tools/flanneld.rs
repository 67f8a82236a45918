//! `flanneld`: flannel's daemon on a host, leasing a subnet from etcd and writing
//! `/run/flannel/subnet.env`.
//!
//! Its lines are flannel v0.10.0's (the etcd v2 era Berth's flannel belongs to), each with
//! the glog/klog header flanneld writes: `Lmmdd hh:mm:ss.uuuuuu threadid file:line] msg`
//! (severity letter, date, time with microseconds, the thread ID right-aligned on 7 columns,
//! the source file and line of the log call). The files and lines are v0.10.0's.
//!
//! Not simulated: the lines flanneld writes between these (subnet manager, signal
//! handlers, the backend's own set-up), and its retries: without a configuration it keeps
//! asking etcd every second, where Berth's flanneld stops at the first refusal.

use crate::cli::Output;
use crate::engine::addons::flannel::FlannelError;
use crate::engine::World;

/// One klog line (k8s.io/klog `formatHeader`): `I1207 16:00:00.000000    1234 main.go:488] `.
fn klog(world: &World, pid: u32, step: u32, severity: char, source: &str, message: &str) -> String {
    let (_, month, day, hour, minute, second) = world.now().civil();
    // The microseconds are made up but stable: each line a little after the one before.
    let micros = (world.now().0.wrapping_mul(7919) % 900_000) as u32 + step * 1_375;
    format!(
        "{severity}{month:02}{day:02} {hour:02}:{minute:02}:{second:02}.{micros:06} {pid:>7} {source}] {message}"
    )
}

/// `flanneld [--etcd-endpoints=…] [--iface=eth0]`: a lease for this host, written to
/// /run/flannel/subnet.env.
pub fn flanneld(world: &mut World, host: &str, args: &[String]) -> Output {
    let Ok(ip) = world.host(host).map(|h| h.machine.underlay_ip) else {
        return Output::default();
    };
    // flanneld's process ID: stable per host (Berth's `ps` lists no flanneld).
    let pid = 1200 + u32::from(ip.octets()[3]) * 7;
    if let Some(iface) = args.iter().find_map(|a| a.strip_prefix("--iface=")) {
        if iface != "eth0" {
            // main.go:201 logs the lookup at Info level, main.go:225 gives up.
            return Output::failed(
                format!(
                    "{}\n{}",
                    klog(world, pid, 0, 'I', "main.go:201", &format!("Could not find valid interface matching {iface}: error looking up interface {iface}: route ip+net: no such network interface")),
                    klog(world, pid, 1, 'E', "main.go:225", "Failed to find interface to use that matches the interfaces and/or regexes provided"),
                ),
                1,
            );
        }
    }
    let mut lines = vec![
        klog(
            world,
            pid,
            0,
            'I',
            "main.go:488",
            &format!("Using interface with name eth0 and address {ip}"),
        ),
        klog(
            world,
            pid,
            1,
            'I',
            "main.go:505",
            &format!("Defaulting external address to interface address ({ip})"),
        ),
    ];
    match world.flanneld_start(host) {
        Ok(lease) => {
            // The configuration is read once the interface is known (main.go's order).
            lines.push(klog(
                world,
                pid,
                2,
                'I',
                "main.go:353",
                &format!(
                    "Found network config - Backend type: {}",
                    lease.backend.as_str()
                ),
            ));
            lines.push(if lease.reused {
                klog(
                    world,
                    pid,
                    3,
                    'I',
                    "local_manager.go:147",
                    &format!(
                        "Found lease ({}) for current IP ({ip}), reusing",
                        lease.subnet
                    ),
                )
            } else {
                // The message ends with a space in flannel's source.
                klog(
                    world,
                    pid,
                    3,
                    'I',
                    "local_manager.go:220",
                    &format!("Allocated lease ({}) to current node ({ip}) ", lease.subnet),
                )
            });
            lines.push(klog(
                world,
                pid,
                4,
                'I',
                "main.go:300",
                "Wrote subnet file to /run/flannel/subnet.env",
            ));
            lines.push(klog(world, pid, 5, 'I', "main.go:304", "Running backend."));
            // glog and klog write to stderr.
            let mut o = Output::default();
            o.err(lines.join("\n"));
            o
        }
        Err(e) => {
            let source = match e {
                FlannelError::UnknownBackend(_) => "main.go:272",
                FlannelError::OutOfSubnets => "main.go:280",
                _ => "main.go:349",
            };
            // The configuration was read: only the backend it names is unknown.
            if let FlannelError::UnknownBackend(name) = &e {
                let found = ["Found network config - Backend type: ", name].concat();
                lines.push(klog(world, pid, 2, 'I', "main.go:353", &found));
            }
            lines.push(klog(world, pid, 3, 'E', source, &e.to_string()));
            Output::failed(lines.join("\n"), 1)
        }
    }
}
