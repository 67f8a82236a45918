//! `curl` (and the fetch behind busybox `wget`): an HTTP GET as far as the simulation knows,
//! from a host (its published ports, its containers' addresses, other hosts across the
//! underlay) or from a container's shell, written as curl 8 prints it. A host resolves a name
//! from the lab's hosts, Triton CNS and the simulated internet ([`resolve`]).
//!
//! Not simulated: HTTPS, methods other than GET, headers; a page is the image's one body.

use std::net::Ipv4Addr;

use crate::cli::render::path::PathShown;
use crate::cli::Output;
use crate::engine::docker::image::Service;
use crate::engine::docker::ports::Proto;
use crate::engine::lab::hosts::Connect;
use crate::engine::lab::reach::Arrival;
use crate::engine::World;

/// A name as a host resolves it: the engine's one resolver for the lab's names
/// ([`World::resolve_on_host`]).
pub fn resolve(world: &World, name: &str) -> Option<Ipv4Addr> {
    world.resolve_on_host(name)
}

/// `curl http://HOST[:PORT]/` from a host: its own published ports, its containers' addresses
/// on its bridges, and other hosts across the underlay.
pub fn curl(world: &World, host: &str, args: &[&str]) -> Output {
    if let Some(o) = registry_api(world, host, args) {
        return o;
    }
    curl_with(args, &|url| fetch(world, host, url), &|url| {
        resolve(world, url_host(url))
            .and_then(|ip| world.reach_from_host(host, ip).ok())
            .map(|p| crate::cli::render::path::shown(&p))
    })
}

/// `curl URL` from any shell: `fetch` is the shell's way to the page, `path_to` the packet
/// path for the picture. The page, or curl's error line and exit status.
pub fn curl_with(
    args: &[&str],
    fetch: &dyn Fn(&str) -> Fetched,
    path_to: &dyn Fn(&str) -> Option<PathShown>,
) -> Output {
    let Some(url) = args.iter().rev().find(|a| !a.starts_with('-')) else {
        return Output::failed(
            "curl: try 'curl --help' or 'curl --manual' for more information",
            2,
        );
    };
    with_path(silenced(args, curl_output(fetch(url))), path_to(url))
}

pub type Fetched = Result<(String, Ipv4Addr, u16, &'static str), FetchError>;

/// A GET from a host, as far as the connection goes (`nc` asks the same question).
pub(crate) fn fetch(world: &World, host: &str, url: &str) -> Fetched {
    let rest = url.strip_prefix("http://").unwrap_or(url);
    let authority = rest.split('/').next().unwrap_or(rest);
    let (name, port) = match authority.rsplit_once(':') {
        Some((n, p)) => (n, p.parse().map_err(|_| FetchError::BadUrl)?),
        None => (authority, 80),
    };
    let ip = resolve(world, name).ok_or(FetchError::Unresolved(name.to_string()))?;
    let path = world
        .reach_from_host(host, ip)
        .map_err(|_| FetchError::BadUrl)?;
    let h = world.host(host).map_err(|_| FetchError::BadUrl)?;
    match path.outcome {
        Ok(Arrival::Remote) => fetch_on_underlay(world, name, ip, port),
        // The host's own addresses: its published ports (the DNAT rules apply to local
        // traffic too, through the OUTPUT chain).
        Ok(Arrival::Loopback) => served(world.published_on(host, Proto::Tcp, port), name, ip, port),
        Ok(Arrival::Local) => {
            let target = h
                .container_with_ip(ip)
                // Or a macvlan container of another host, out on the LAN.
                .or_else(|| world.macvlan_owner(ip).map(|(_, _, c)| c));
            let service = target.and_then(|t| world.serves(t));
            match service {
                Some(Service::Http { port: p, body }) if p == port => {
                    Ok((name.to_string(), ip, port, body))
                }
                Some(Service::Tcp { port: p }) if p == port => Err(FetchError::NotHttp),
                _ => Err(FetchError::Refused(name.to_string(), ip, port)),
            }
        }
        Ok(Arrival::Internet) => Err(FetchError::Offline(name.to_string())),
        Err(_) => Err(FetchError::Timeout(name.to_string(), port)),
    }
}

/// A connection's answer as curl sees it.
pub(crate) fn served(connect: Connect<'_>, name: &str, ip: Ipv4Addr, port: u16) -> Fetched {
    match connect {
        Connect::Published {
            port: inner,
            service: Some(Service::Http { port: p, body }),
            ..
        } if p == inner => Ok((name.to_string(), ip, port, body)),
        Connect::Published {
            port: inner,
            service: Some(Service::Tcp { port: p }),
            ..
        } if p == inner => Err(FetchError::NotHttp),
        Connect::Published { .. } | Connect::Refused => {
            Err(FetchError::Refused(name.to_string(), ip, port))
        }
        Connect::Filtered(_) => Err(FetchError::Timeout(name.to_string(), port)),
    }
}

pub enum FetchError {
    Unresolved(String),
    Refused(String, Ipv4Addr, u16),
    Timeout(String, u16),
    NotHttp,
    Offline(String),
    BadUrl,
}

/// A fetch's output with the packet path for the picture: a fetch that failed did not
/// arrive, even where the packet reached the host (a closed or filtered port).
pub(crate) fn with_path(
    mut o: Output,
    path: Option<crate::cli::render::path::PathShown>,
) -> Output {
    o.path = path.map(|mut p| {
        p.arrived &= o.exit_code == 0;
        Box::new(p)
    });
    o
}

/// The host part of `http://HOST[:PORT]/PATH` (or `HOST[:PORT]`).
pub(crate) fn url_host(url: &str) -> &str {
    let rest = url.strip_prefix("http://").unwrap_or(url);
    let authority = rest.split('/').next().unwrap_or(rest);
    authority
        .rsplit_once(':')
        .map_or(authority, |(host, _)| host)
}

/// What curl prints for a fetch: the page, or its error line and exit status.
/// `curl -s`: no progress and no error message, only the exit code (unless `-S` asks for
/// errors back).
pub(crate) fn silenced(args: &[&str], mut o: Output) -> Output {
    let short = |c: char| {
        args.iter()
            .any(|a| a.starts_with('-') && !a.starts_with("--") && a.contains(c))
    };
    let silent = short('s') || args.contains(&"--silent");
    let show_error = short('S') || args.contains(&"--show-error");
    if silent && !show_error {
        o.lines.retain(|l| l.stream != crate::cli::Stream::Stderr);
    }
    o
}

pub(crate) fn curl_output(
    fetched: Result<(String, Ipv4Addr, u16, &'static str), FetchError>,
) -> Output {
    match fetched {
        Ok((_, _, _, body)) => {
            let mut o = Output::default();
            o.out(body);
            o
        }
        Err(e) => {
            let (code, text) = match e {
                FetchError::Unresolved(n) => (6, format!("curl: (6) Could not resolve host: {n}")),
                FetchError::Refused(n, _, port) => (7, format!("curl: (7) Failed to connect to {n} port {port} after 0 ms: Could not connect to server")),
                FetchError::Timeout(n, port) => (28, format!("curl: (28) Failed to connect to {n} port {port} after 134000 ms: Timeout was reached")),
                FetchError::NotHttp => (1, "curl: (1) Received HTTP/0.9 when not allowed".to_string()),
                FetchError::Offline(n) => (1, format!("berth: {n} is on the simulated internet, which answers ping only")),
                FetchError::BadUrl => (3, "curl: (3) URL rejected: Bad hostname".to_string()),
            };
            Output::failed(text, code)
        }
    }
}

/// `http://` to another host's underlay address: its firewall, then its published ports.
pub(crate) fn fetch_on_underlay(
    world: &World,
    name: &str,
    ip: Ipv4Addr,
    port: u16,
) -> Result<(String, Ipv4Addr, u16, &'static str), FetchError> {
    served(
        world.remote_connect(ip, crate::engine::docker::ports::Proto::Tcp, port),
        name,
        ip,
        port,
    )
}

/// The registry API of a `registry:2` container published on this host's loopback
/// (distribution/distribution `registry/handlers`: `GET /v2/` answers `{}`, `_catalog` and
/// `tags/list` the JSON below, an unknown repository the `NAME_UNKNOWN` error). `None` when
/// the URL is not one of those.
fn registry_api(world: &World, host: &str, args: &[&str]) -> Option<Output> {
    let url = args.iter().rev().find(|a| !a.starts_with('-'))?;
    let rest = url.strip_prefix("http://").unwrap_or(url);
    let (authority, path) = rest.split_once('/')?;
    let (name, port) = authority.rsplit_once(':')?;
    if name != "localhost" && !name.starts_with("127.") {
        return None;
    }
    let store = world.registry_contents(host, port.parse().ok()?)?;
    let path = path.trim_end_matches('/');
    let quoted = |names: Vec<&String>| {
        names
            .iter()
            .map(|n| format!("\"{n}\""))
            .collect::<Vec<_>>()
            .join(",")
    };
    let body = if path == "v2" {
        "{}".to_string()
    } else if path == "v2/_catalog" {
        format!(
            "{{\"repositories\":[{}]}}",
            quoted(store.repositories.keys().collect())
        )
    } else if let Some(repo) = path
        .strip_prefix("v2/")
        .and_then(|p| p.strip_suffix("/tags/list"))
    {
        match store.repositories.get(repo) {
            Some(tags) => format!(
                "{{\"name\":\"{repo}\",\"tags\":[{}]}}",
                quoted(tags.keys().collect())
            ),
            None => format!(
                "{{\"errors\":[{{\"code\":\"NAME_UNKNOWN\",\"message\":\"repository name not known to registry\",\"detail\":{{\"name\":\"{repo}\"}}}}]}}"
            ),
        }
    } else {
        return None;
    };
    let mut o = Output::default();
    o.out(body);
    Some(o)
}
