//! `nc`: busybox's (Alpine and busybox images, `networking/nc_bloaty.c` as Alpine builds it,
//! with `NC_110_COMPAT`) and OpenBSD's (`netcat-openbsd`: Ubuntu hosts, Debian and Ubuntu
//! containers once installed). `nc -z[v] HOST PORT` asks whether a TCP port answers, with the
//! same reachability as curl (`curl.rs`): names, routes, published ports, the servers'
//! ports; a port that docker-proxy holds on a host answers even when nothing listens behind
//! it, as the real proxy accepts first.
//!
//! Texts: busybox `HOST (IP:PORT) open` on stderr with `-v`, a refusal printed only with
//! `-vv` (`o_verbose > 1 || errno != ECONNREFUSED`) as `nc: HOST (IP:PORT): Connection
//! refused`, `nc: bad address 'HOST'` for a name that does not resolve (libbb
//! `xhost2sockaddr`); OpenBSD `connection_info()`: `Connection to HOST (IP) PORT port
//! [tcp/SERVICE] succeeded!` (the IP only when it differs from what was typed, `*` for a
//! port without a name), `nc: connect to HOST port PORT (tcp) failed: Connection refused`
//! with `-v`, `nc: getaddrinfo for host "HOST" port PORT: Name or service not known`.
//!
//! Listening: `nc -l -p PORT` (or OpenBSD's `nc -l PORT`) as a container's main process
//! listens on PORT ([`listen_port`]); lines piped into `nc HOST PORT` from another shell
//! reach it and are what it prints (`docker logs`); it exits once the sender is done, unless
//! `-k` (`cli/sh/netcat.rs`).
//!
//! Not simulated: data through any other connection (`nc HOST PORT` without data says so and
//! points to curl), listening at a prompt (`nc -l`: a shell's own listener would outlive the
//! command), typing into a connection, UDP (`-u`), `-e`, proxies.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use crate::cli::Output;

/// Which nc.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flavor {
    Busybox,
    OpenBsd,
}

/// What a TCP connection to a port meets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reach {
    Open(IpAddr),
    Refused(IpAddr),
    /// The SYNs go unanswered (a firewall drops them, no route).
    Timeout(IpAddr),
    Unresolved,
    /// A name on the simulated internet, which answers ping only.
    Offline,
}

/// `nc` on a lab host, each address the name has in the order getaddrinfo gives them:
/// `localhost` is `::1` and then `127.0.0.1` (Ubuntu's /etc/hosts). A port that a listener
/// of the host holds (docker-proxy, sshd, dockerd) on its loopback or its own address
/// answers, as the proxy accepts before it forwards; anything else is curl's way
/// (`curl::fetch`).
pub fn host_connect(world: &crate::engine::World, host: &str, name: &str, port: u16) -> Vec<Reach> {
    let Some(ip) = super::curl::resolve(world, name) else {
        return vec![Reach::Unresolved];
    };
    let listeners = super::netstat::host_listeners(world, host);
    let held = |v6: bool| {
        listeners
            .iter()
            .any(|l| l.port == port && l.proto == super::netstat::Proto::Tcp && l.v6 == v6)
    };
    let own = world
        .host(host)
        .is_ok_and(|h| ip.is_loopback() || h.machine.underlay_ip == ip);
    let mut tried = Vec::new();
    if name == "localhost" {
        let v6 = IpAddr::V6(Ipv6Addr::LOCALHOST);
        if held(true) {
            return vec![Reach::Open(v6)];
        }
        tried.push(Reach::Refused(v6));
    }
    if own && held(false) {
        tried.push(Reach::Open(IpAddr::V4(ip)));
        return tried;
    }
    tried.push(reach_of(
        &super::curl::fetch(world, host, "GET", &format!("http://{name}:{port}/")),
        Some(ip),
    ));
    tried
}

/// A curl fetch's outcome as a TCP connect sees it: a page or a non-HTTP service is a
/// connection that opened. `ip` is where the name resolved.
pub fn reach_of(fetched: &super::curl::Fetched, ip: Option<Ipv4Addr>) -> Reach {
    use super::curl::FetchError;
    let Some(ip) = ip.map(IpAddr::V4) else {
        return Reach::Unresolved;
    };
    match fetched {
        Ok(_) | Err(FetchError::NotHttp) => Reach::Open(ip),
        Err(FetchError::Refused(..) | FetchError::BadUrl) => Reach::Refused(ip),
        Err(FetchError::Timeout(..)) => Reach::Timeout(ip),
        Err(FetchError::Unresolved(_)) => Reach::Unresolved,
        Err(FetchError::Offline(_)) => Reach::Offline,
    }
}

/// The TCP port `nc -l` listens on as a container's main process (`nc -l -p 1234`,
/// `nc -lvp 1234`, OpenBSD's `nc -l 1234` or `nc -lk 1234`); `None` when the command is not
/// a TCP listener (`-u` is UDP, not simulated as a listener).
pub fn listen_port(path: &str, args: &[String]) -> Option<u16> {
    if path.rsplit('/').next() != Some("nc") {
        return None;
    }
    let (mut listen, mut port) = (false, None);
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.strip_prefix('-') {
            Some(flags) if !flags.is_empty() => {
                if flags.contains('u') || flags.contains('e') {
                    return None;
                }
                listen |= flags.contains('l');
                if flags.ends_with('p') || flags.ends_with('s') || flags.ends_with('w') {
                    let value = it.next();
                    if flags.ends_with('p') {
                        port = value.and_then(|v| v.parse().ok());
                    }
                }
            }
            _ => {
                if let Ok(p) = a.parse::<u16>() {
                    port = Some(p);
                }
            }
        }
    }
    listen.then_some(port).flatten()
}

/// Whether `nc`'s arguments keep it listening after a connection ends (`-k`, OpenBSD).
pub fn keeps_listening(args: &[String]) -> bool {
    args.iter()
        .any(|a| a.starts_with('-') && !a.starts_with("--") && a.contains('k'))
}

/// `nc ARGS…`; `connect(host, port)` says what a connection to each of the name's
/// addresses meets, in order (busybox takes the first address only; OpenBSD's nc goes on to
/// the next until one opens).
pub fn nc(flavor: Flavor, connect: &dyn Fn(&str, u16) -> Vec<Reach>, args: &[&str]) -> Output {
    let (mut zero, mut verbose, mut listen, mut numeric) = (false, 0u8, false, false);
    let mut words: Vec<&str> = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match *a {
            "-w" | "-i" | "-q" | "-s" => {
                // A value follows; the timing does not change a simulated answer.
                let _ = it.next();
            }
            "-p" => {
                if let Some(p) = it.next() {
                    words.push(p);
                }
            }
            flag if flag.starts_with('-') && flag.len() > 1 => {
                for c in flag.chars().skip(1) {
                    match c {
                        'z' => zero = true,
                        'v' => verbose = verbose.saturating_add(1),
                        'l' => listen = true,
                        'n' => numeric = true,
                        'N' | 'q' | 'w' | '4' => {}
                        other => return super::not_simulated("nc", &format!("-{other}")),
                    }
                }
            }
            word => words.push(word),
        }
    }
    if listen {
        return Output::failed(
            "berth: nc -l (waiting for a connection) is not simulated: a container's own server is what listens here (docker run -d -p 8080:80 nginx), and netstat -tln or ss -tln lists it.",
            1,
        );
    }
    let (Some(host), Some(port)) = (words.first(), words.get(1)) else {
        return Output::failed(
            "berth: nc needs a host and a port here: nc -zv HOST PORT",
            1,
        );
    };
    let Ok(port_no) = port.parse::<u16>() else {
        return Output::failed(
            match flavor {
                Flavor::Busybox => format!("nc: bad port '{port}'"),
                Flavor::OpenBsd => format!("nc: port number invalid: {port}"),
            },
            1,
        );
    };
    let mut attempts = connect(host, port_no);
    if flavor == Flavor::Busybox {
        attempts.truncate(1);
    }
    let mut o = Output::default();
    let mut opened = false;
    for reach in attempts {
        match (flavor, reach) {
            (_, Reach::Offline) => {
                return Output::failed(
                    format!("berth: {host} is on the simulated internet, which answers ping only"),
                    1,
                )
            }
            (Flavor::Busybox, Reach::Unresolved) => {
                return Output::failed(format!("nc: bad address '{host}'"), 1)
            }
            (Flavor::OpenBsd, Reach::Unresolved) => {
                return Output::failed(
                    format!(
                        "nc: getaddrinfo for host \"{host}\" port {port}: Name or service not known"
                    ),
                    1,
                )
            }
            (Flavor::Busybox, Reach::Open(ip)) => {
                if verbose > 0 {
                    o.err(format!("{host} ({ip}:{port_no}) open"));
                }
                opened = true;
                break;
            }
            (Flavor::OpenBsd, Reach::Open(ip)) => {
                if verbose > 0 || zero {
                    let service = if numeric {
                        None
                    } else {
                        super::netstat::service_name(port_no)
                    };
                    let shown_ip = ip.to_string();
                    let ip_part = if !numeric && *host != shown_ip {
                        format!(" ({shown_ip})")
                    } else {
                        String::new()
                    };
                    o.err(format!(
                        "Connection to {host}{ip_part} {port} port [tcp/{}] succeeded!",
                        service.unwrap_or("*")
                    ));
                }
                opened = true;
                break;
            }
            (flavor, Reach::Refused(ip) | Reach::Timeout(ip)) => {
                let why = if matches!(reach, Reach::Refused(_)) {
                    "Connection refused"
                } else {
                    "Connection timed out"
                };
                let shown_ip = ip.to_string();
                match flavor {
                    // busybox stays quiet about a refusal at one -v.
                    Flavor::Busybox
                        if verbose > 1 || (verbose > 0 && why != "Connection refused") =>
                    {
                        o.err(format!("nc: {host} ({ip}:{port_no}): {why}"));
                    }
                    // The IP only when there is something to report (remote_connect).
                    Flavor::OpenBsd if verbose > 0 && (numeric || *host == shown_ip) => {
                        o.err(format!(
                            "nc: connect to {host} port {port} (tcp) failed: {why}"
                        ));
                    }
                    Flavor::OpenBsd if verbose > 0 => {
                        o.err(format!(
                            "nc: connect to {host} ({shown_ip}) port {port} (tcp) failed: {why}"
                        ));
                    }
                    _ => {}
                }
            }
        }
    }
    if !opened {
        o.exit_code = 1;
        return o;
    }
    if !zero {
        o.err(format!(
            "berth: nc is connected to {host} port {port}; sending and receiving through it is not simulated: nc -zv {host} {port} checks the port, curl http://{host}:{port}/ talks HTTP."
        ));
    }
    o
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(o: &Output) -> Vec<&str> {
        o.lines.iter().map(|l| l.text.as_str()).collect()
    }

    #[test]
    fn each_nc_words_an_open_port_its_own_way() {
        let open = |_: &str, _: u16| vec![Reach::Open(IpAddr::V4(Ipv4Addr::new(172, 18, 0, 2)))];
        assert_eq!(
            texts(&nc(Flavor::Busybox, &open, &["-zv", "web", "80"])),
            ["web (172.18.0.2:80) open"]
        );
        assert_eq!(
            texts(&nc(Flavor::OpenBsd, &open, &["-zv", "web", "80"])),
            ["Connection to web (172.18.0.2) 80 port [tcp/http] succeeded!"]
        );
        assert_eq!(
            texts(&nc(Flavor::OpenBsd, &open, &["-zv", "172.18.0.2", "6379"])),
            ["Connection to 172.18.0.2 6379 port [tcp/*] succeeded!"]
        );
    }

    #[test]
    fn a_refusal_is_quiet_in_busybox_at_one_v() {
        let refused =
            |_: &str, _: u16| vec![Reach::Refused(IpAddr::V4(Ipv4Addr::new(172, 18, 0, 2)))];
        let o = nc(Flavor::Busybox, &refused, &["-zv", "web", "81"]);
        assert!(o.lines.is_empty());
        assert_eq!(o.exit_code, 1);
        let o = nc(Flavor::OpenBsd, &refused, &["-zv", "web", "81"]);
        assert_eq!(
            texts(&o),
            ["nc: connect to web (172.18.0.2) port 81 (tcp) failed: Connection refused"]
        );
    }
}
