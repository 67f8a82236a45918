//! busybox `netstat` in a container (Alpine, busybox), and the listening sockets that it and
//! `ss` (`ss.rs`) list: a container's and a lab host's.
//!
//! Contract:
//! - The sockets come from what the engine knows listens: a container's server (the port its
//!   image serves, when its main process is that server), and on a Linux host sshd on 22,
//!   dockerd's TCP socket when `hosts` names one (2375, 2376), one `docker-proxy` per
//!   published port and address family (when the userland proxy is on, as by default), and
//!   a `--network host` container's server. Every socket listens; there are no established
//!   connections, since a simulated connection ends with the command that made it.
//! - The layout is busybox 1.37's `networking/netstat.c`: `Active Internet connections (only
//!   servers)` (`-l`), `(servers and established)` (`-a`), `(w/o servers)` (neither), the
//!   header `FMT_NET_CONN_HEADER` with 23-column address fields, each line
//!   `FMT_NET_CONN_DATA` (`"%s   %6lu %6lu %-23s %-23s %-12s"`), and `-p`'s `PID/argv0` cut
//!   to 19 characters (`PROGNAME_WIDTH` 20 with its NUL). busybox prints `tcp` for IPv6
//!   sockets too (`tcp_do_one`), and `-n` keeps ports numeric; without it a port is named
//!   from `/etc/services`.
//!
//! Not simulated: UNIX sockets (`-x`; `netstat` without `-t`/`-u` lists only the Internet
//! part here and says so), `-r` (routes: `ip route`), `-e`, `-W`, raw sockets, and Docker's
//! embedded DNS listener on 127.0.0.11 (a random port inside containers on user-defined
//! networks).

use crate::cli::Output;
use crate::engine::docker::image::Service;
use crate::engine::World;

/// A socket's protocol, as the kernel's tables split them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Proto {
    Tcp,
    Udp,
}

/// One listening socket.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listener {
    pub proto: Proto,
    /// An IPv6 socket (`::`), else IPv4.
    pub v6: bool,
    /// The bound address as the kernel shows it: `0.0.0.0`, `::`, `127.0.0.1`.
    pub addr: String,
    pub port: u16,
    /// The owning process as `ps` sees it from where the command runs (PID 1 in the
    /// container's own namespace), its full command line, and its `comm` (what `ss -p`
    /// shows: the program name, 15 characters at most).
    pub pid: u64,
    pub cmdline: String,
    pub comm: String,
    /// The socket's file descriptor in that process.
    pub fd: u32,
    /// Other processes that hold the same socket (nginx's workers, forked from the master
    /// after it bound), by PID.
    pub workers: Vec<u64>,
}

impl Listener {
    /// Every process holding the socket, by ascending PID.
    pub fn holders(&self) -> Vec<u64> {
        let mut all = vec![self.pid];
        all.extend(&self.workers);
        all.sort_unstable();
        all
    }
}

/// Which families a server binds, from its image's default configuration: nginx's
/// `default.conf` gets `listen [::]:80` from `10-listen-on-ipv6-by-default.sh`; redis binds
/// `* -::*`; postgres `listen_addresses = '*'`; httpd's `Listen 80` is one dual-stack
/// socket. Others: the IPv4 wildcard.
fn families(repository: &str) -> (bool, bool) {
    match repository.rsplit('/').next().unwrap_or(repository) {
        "nginx" | "redis" | "postgres" => (true, true),
        "httpd" => (false, true),
        _ => (true, false),
    }
}

/// The program name the kernel keeps (`comm`): the command's first word's base name, 15
/// characters at most (`TASK_COMM_LEN` 16 with its NUL). nginx and redis rewrite their
/// command line but not their `comm`.
fn comm_of(cmdline: &str) -> String {
    let first = cmdline.split([' ', ':']).next().unwrap_or(cmdline);
    first
        .rsplit('/')
        .next()
        .unwrap_or(first)
        .chars()
        .take(15)
        .collect()
}

/// A server's sockets, owned by `pid` with `cmdline`.
fn server_sockets(repository: &str, port: u16, pid: u64, cmdline: &str) -> Vec<Listener> {
    let (v4, v6) = families(repository);
    let mut list = Vec::new();
    let mut fd = 6;
    for (on, v6, addr) in [(v4, false, "0.0.0.0"), (v6, true, "::")] {
        if on {
            list.push(Listener {
                proto: Proto::Tcp,
                v6,
                addr: addr.to_string(),
                port,
                pid,
                cmdline: cmdline.to_string(),
                comm: comm_of(cmdline),
                fd,
                workers: Vec::new(),
            });
            fd += 1;
        }
    }
    list
}

/// The sockets listening inside container `id`, as its own namespace sees them (a
/// `--network host` container sees the host's).
pub fn container_listeners(world: &World, host: &str, id: &str) -> Vec<Listener> {
    let Ok(c) = world.container_lookup(host, id) else {
        return Vec::new();
    };
    if c.network_mode == "host" {
        return host_listeners(world, host);
    }
    let Some(service) = world.serves(c) else {
        return Vec::new();
    };
    let port = match service {
        Service::Http { port, .. } | Service::Tcp { port } => port,
    };
    let processes = world.processes_seen_from(host, id).unwrap_or_default();
    let cmdline = processes
        .first()
        .map(|p| p.command.clone())
        .unwrap_or_else(|| c.command_line());
    // The official images' docker-entrypoint.sh ends with `exec "$@"`: the server itself is
    // PID 1 once it listens.
    let cmdline = cmdline
        .strip_prefix("docker-entrypoint.sh ")
        .map_or(cmdline.clone(), str::to_string);
    // The server's children inherit its listening sockets (nginx's workers).
    let workers: Vec<u64> = processes.iter().skip(1).map(|p| p.pid).collect();
    let mut list = server_sockets(world.container_program(c).0, port, 1, &cmdline);
    for l in &mut list {
        l.workers.clone_from(&workers);
    }
    list
}

/// The sockets listening on a Linux host: sshd, dockerd's TCP socket, docker-proxy for each
/// published port, and the servers of `--network host` containers.
pub fn host_listeners(world: &World, host: &str) -> Vec<Listener> {
    let Ok(h) = world.host(host) else {
        return Vec::new();
    };
    let tcp = |v6: bool, addr: &str, port: u16, pid: u64, cmdline: &str, fd: u32| Listener {
        proto: Proto::Tcp,
        v6,
        addr: addr.to_string(),
        port,
        pid,
        cmdline: cmdline.to_string(),
        comm: comm_of(cmdline),
        fd,
        workers: Vec::new(),
    };
    // engine::docker::processes: sshd is PID 689, dockerd 731.
    let sshd = "sshd: /usr/sbin/sshd -D [listener] 0 of 10-100 startups";
    let mut list = vec![
        tcp(false, "0.0.0.0", 22, 689, sshd, 3),
        tcp(true, "::", 22, 689, sshd, 4),
    ];
    if h.daemon.running {
        for (i, endpoint) in h.daemon.settings.hosts.iter().enumerate() {
            let Some((addr, port)) = endpoint
                .strip_prefix("tcp://")
                .and_then(|a| a.rsplit_once(':'))
            else {
                continue;
            };
            let Ok(port) = port.parse() else { continue };
            // Go listens on both families for an empty host, on IPv4 for 0.0.0.0.
            let (v6, addr) = if addr.is_empty() {
                (true, "::")
            } else {
                (false, addr)
            };
            let fd = 5 + u32::try_from(i).unwrap_or(0);
            list.push(tcp(v6, addr, port, 731, "dockerd", fd));
        }
    }
    for c in h.containers_in_order().filter(|c| c.is_running()) {
        if h.daemon.settings.userland_proxy {
            for (i, p) in c.published.iter().enumerate() {
                let (v6, addr) = match p.host_ip {
                    crate::engine::docker::ports::HostIp::V4(ip) => (false, ip.to_string()),
                    crate::engine::docker::ports::HostIp::V6Any => (true, "::".to_string()),
                };
                let proto = match p.proto {
                    crate::engine::docker::ports::Proto::Udp => Proto::Udp,
                    _ => Proto::Tcp,
                };
                // One docker-proxy process per port and family, started just before the
                // container's shim (engine::docker::processes numbers those).
                let pid = c
                    .pid()
                    .saturating_sub(30)
                    .saturating_add(u64::try_from(i).unwrap_or(0));
                let cmdline = format!(
                    "/usr/bin/docker-proxy -proto {} -host-ip {addr} -host-port {}",
                    if proto == Proto::Udp { "udp" } else { "tcp" },
                    p.host_port
                );
                let mut l = tcp(v6, &addr, p.host_port, pid, &cmdline, 7);
                l.proto = proto;
                list.push(l);
            }
        }
        if c.network_mode == "host" {
            if let Some(Service::Http { port, .. } | Service::Tcp { port }) = world.serves(c) {
                let cmdline = world
                    .host_processes(host)
                    .and_then(|ps| ps.into_iter().find(|p| p.pid == c.pid()))
                    .map(|p| p.command)
                    .unwrap_or_else(|| c.command_line());
                list.extend(server_sockets(
                    world.container_program(c).0,
                    port,
                    c.pid(),
                    &cmdline,
                ));
            }
        }
    }
    list
}

/// A port's name in `/etc/services` (netbase on Debian and Ubuntu, alpine-baselayout on
/// Alpine), for the ports Berth's servers use; `None` for a port without one.
pub fn service_name(port: u16) -> Option<&'static str> {
    Some(match port {
        21 => "ftp",
        22 => "ssh",
        23 => "telnet",
        25 => "smtp",
        53 => "domain",
        80 => "http",
        443 => "https",
        3306 => "mysql",
        5432 => "postgresql",
        8080 => "http-alt",
        _ => return None,
    })
}

/// busybox's `-p` column: `PID/argv0`, argv0 the base name of the command line's first
/// NUL-separated word (a server that rewrote its title keeps its spaces), cut to 19.
fn prog_column(l: &Listener) -> String {
    let argv0 = l.cmdline.rsplit('/').next().unwrap_or(&l.cmdline);
    let argv0 = if l.cmdline.contains(": ") || l.cmdline.contains(" *:") {
        // A rewritten title (`nginx: master process …`, `redis-server *:6379`) is one word.
        l.cmdline.as_str()
    } else {
        argv0.split(' ').next().unwrap_or(argv0)
    };
    format!("{}/{argv0}", l.pid).chars().take(19).collect()
}

/// `netstat [-tulanp]`, busybox's, over `listeners`.
pub fn busybox(listeners: &[Listener], args: &[&str]) -> Output {
    let (mut tcp, mut udp, mut listening, mut all, mut numeric, mut prog) =
        (false, false, false, false, false, false);
    for a in args {
        let Some(flags) = a
            .strip_prefix('-')
            .filter(|f| !f.is_empty() && !a.starts_with("--"))
        else {
            return super::not_simulated("netstat", a);
        };
        for f in flags.chars() {
            match f {
                't' => tcp = true,
                'u' => udp = true,
                'l' => listening = true,
                'a' => all = true,
                'n' => numeric = true,
                'p' => prog = true,
                other => return super::not_simulated("netstat", &format!("-{other}")),
            }
        }
    }
    let mut o = Output::default();
    let only_inet = tcp || udp;
    if !only_inet {
        tcp = true;
        udp = true;
    }
    let which = if all {
        "(servers and established)"
    } else if listening {
        "(only servers)"
    } else {
        "(w/o servers)"
    };
    o.out(format!("Active Internet connections {which}"));
    o.out(format!(
        "Proto Recv-Q Send-Q {:<23} {:<23} State       {}",
        "Local Address",
        "Foreign Address",
        if prog { "PID/Program name    " } else { "" }
    ));
    // Every socket listens: they show with -l or -a.
    if listening || all {
        // The kernel's files in order: tcp, tcp6, udp, udp6.
        for (proto, v6) in [
            (Proto::Tcp, false),
            (Proto::Tcp, true),
            (Proto::Udp, false),
            (Proto::Udp, true),
        ] {
            let wanted = match proto {
                Proto::Tcp => tcp,
                Proto::Udp => udp,
            };
            for l in listeners
                .iter()
                .filter(|l| wanted && l.proto == proto && l.v6 == v6)
            {
                let port = match (numeric, service_name(l.port)) {
                    (false, Some(name)) => name.to_string(),
                    _ => l.port.to_string(),
                };
                let local = format!("{}:{port}", l.addr);
                let foreign = format!("{}:*", l.addr);
                let (name, state) = match proto {
                    Proto::Tcp => ("tcp", "LISTEN"),
                    Proto::Udp => ("udp", ""),
                };
                // FMT_NET_CONN_DATA, trailing spaces and all.
                let mut line = format!(
                    "{name}   {:>6} {:>6} {local:<23} {foreign:<23} {state:<12}",
                    0, 0
                );
                if prog {
                    line.push_str(&prog_column(l));
                }
                o.out(line);
            }
        }
    }
    if !only_inet {
        o.err("berth: netstat's UNIX domain sockets (-x) are not simulated; netstat -tln lists the listening TCP ports.");
    }
    o
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn program_columns_are_cut_as_busybox_cuts_them() {
        let l = |cmdline: &str| Listener {
            proto: Proto::Tcp,
            v6: false,
            addr: "0.0.0.0".into(),
            port: 80,
            pid: 1,
            cmdline: cmdline.into(),
            comm: comm_of(cmdline),
            fd: 6,
            workers: Vec::new(),
        };
        assert_eq!(
            prog_column(&l("nginx: master process nginx -g daemon off;")),
            "1/nginx: master pro"
        );
        assert_eq!(prog_column(&l("httpd -DFOREGROUND")), "1/httpd");
        assert_eq!(comm_of("nginx: master process nginx"), "nginx");
        assert_eq!(comm_of("/usr/sbin/sshd -D"), "sshd");
    }
}
