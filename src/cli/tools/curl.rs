//! `curl` (and the fetch behind busybox `wget`): one HTTP request as far as the simulation
//! knows, from a host (its published ports, its containers' addresses, other hosts across the
//! underlay) or from a container's shell, written as curl 8 prints it. A host resolves a name
//! from the lab's hosts, Triton CNS and the simulated internet ([`resolve`]). The server's
//! answer is [`http`](super::http)'s.
//!
//! Options (curl's tool_getparam.c names; short ones group as in `-fsSL`): `-I`/`--head`,
//! `-i`/`--include`, `-s`, `-S`, `-o FILE`, `-O`, `-v` (the request and response headers; the
//! `*` connection lines are not simulated and a `berth:` line says so), `-X METHOD`,
//! `-d DATA` (a POST), `-H HEADER`, `-L` (follows up to 50 redirects, curl's default),
//! `-f`, `-w FORMAT` (`%{http_code}`, `%{size_download}`, `%{content_type}`,
//! `%{url_effective}`, `%{remote_ip}`, `%{remote_port}`, `\n`), and `-k`, `-m`, `-A`, `-u`,
//! `--connect-timeout`, `--compressed`, `--fail-with-body`, accepted without effect.
//!
//! Not simulated: HTTPS, request bodies reaching a program, `-T`, `-F`, cookies.

use std::net::Ipv4Addr;

use super::http::{Request, Response};
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
    curl_with(
        args,
        HOST_CURL,
        &|method, url| fetch(world, host, method, url),
        &|url| {
            resolve(world, url_host(url))
                .and_then(|ip| world.reach_from_host(host, ip).ok())
                .map(|p| crate::cli::render::path::shown(&p))
        },
    )
}

/// A request that changes the getting-started app's items (`curl -X POST … /items`): the
/// app changes them first, then curl shows its answer. `probe` reaches the server as the
/// shell would (a GET of the same URL finds the container that answers); `None` when the
/// request is no such write, and curl goes on as for any other request.
pub fn app_write(
    world: &mut World,
    args: &[&str],
    probe: &dyn Fn(&World, &str) -> Fetched,
) -> Option<Page> {
    let options = parse(args).ok()?;
    let url = options.url?;
    let method = match (options.method, options.head, !options.data.is_empty()) {
        (Some(m), _, _) => m,
        (None, false, true) => "POST",
        _ => return None,
    };
    if !matches!(method, "POST" | "PUT" | "DELETE" | "PATCH") {
        return None;
    }
    let page = probe(world, url).ok()?;
    let host = world
        .hosts()
        .find(|h| h.containers.contains_key(&page.container))?
        .name
        .clone();
    // curl joins several `-d` with `&`; `--json` and `-H 'Content-Type: application/json'`
    // make it JSON for Express's `express.json()`.
    let body = options.data.join("&");
    let json = options.json
        || options.headers.iter().any(|h| {
            h.split_once(':').is_some_and(|(n, v)| {
                n.trim().eq_ignore_ascii_case("content-type")
                    && v.trim()
                        .to_ascii_lowercase()
                        .starts_with("application/json")
            })
        });
    let mut request = request_for(method, url);
    request.body = (!options.data.is_empty()).then_some(body.as_str());
    request.json = json;
    let response = super::todo_api::write(world, &host, &page.container, &request)?;
    Some(Page { response, ..page })
}

/// `curl` at a host's prompt, where a request may change what a server keeps
/// ([`app_write`]); any other request is [`curl`]'s.
pub fn curl_host(world: &mut World, host: &str, args: &[&str]) -> Output {
    let Some(page) = app_write(world, args, &|w, url| fetch(w, host, "GET", url)) else {
        return curl(world, host, args);
    };
    let world = &*world;
    curl_with(args, HOST_CURL, &|_, _| Ok(page.clone()), &|url| {
        resolve(world, url_host(url))
            .and_then(|ip| world.reach_from_host(host, ip).ok())
            .map(|p| crate::cli::render::path::shown(&p))
    })
}

/// Ubuntu 24.04's curl (package_lists.rs).
const HOST_CURL: &str = "8.5.0";

/// A page as the client received it.
#[derive(Clone)]
pub struct Page {
    /// The name the client asked for.
    pub name: String,
    pub ip: Ipv4Addr,
    pub port: u16,
    pub response: Response,
    /// The full ID of the container that answered.
    pub container: String,
}

pub type Fetched = Result<Page, FetchError>;

/// `(method, url)` to the server's answer: each shell's own way to the network.
pub type Fetch<'a> = &'a dyn Fn(&str, &str) -> Fetched;

/// The request `method URL` sends: its path and its `Host` header.
pub(crate) fn request_for<'a>(method: &'a str, url: &'a str) -> Request<'a> {
    let rest = url.strip_prefix("http://").unwrap_or(url);
    let (authority, path) = match rest.find('/') {
        Some(i) => (rest.get(..i).unwrap_or(rest), rest.get(i..).unwrap_or("/")),
        None => (rest, "/"),
    };
    Request {
        method,
        path,
        host: authority.strip_suffix(":80").unwrap_or(authority),
        body: None,
        json: false,
    }
}

/// A request from a host, as far as the connection goes (`nc` asks the same question).
pub(crate) fn fetch(world: &World, host: &str, method: &str, url: &str) -> Fetched {
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
    let request = request_for(method, url);
    match path.outcome {
        Ok(Arrival::Remote) => fetch_on_underlay(world, name, ip, port, &request),
        // The host's own addresses: its published ports (the DNAT rules apply to local
        // traffic too, through the OUTPUT chain).
        Ok(Arrival::Loopback) => served(
            world,
            world.published_on(host, Proto::Tcp, port),
            (name, ip, port),
            &request,
        ),
        Ok(Arrival::Local) => {
            let target = h
                .container_with_ip(ip)
                // Or a macvlan container of another host, out on the LAN.
                .or_else(|| world.macvlan_owner(ip).map(|(_, _, c)| c));
            match target {
                Some(t) => answered(world, t, world.serves(t), (name, ip, port), &request),
                None => Err(FetchError::Refused(name.to_string(), ip, port)),
            }
        }
        Ok(Arrival::Internet) => Err(FetchError::Offline(name.to_string())),
        Err(_) => Err(FetchError::Timeout(name.to_string(), port)),
    }
}

/// What a container answers on `port`, given what its program serves.
pub(crate) fn answered(
    world: &World,
    container: &crate::engine::Container,
    service: Option<Service>,
    (name, ip, port): (&str, Ipv4Addr, u16),
    request: &Request<'_>,
) -> Fetched {
    match service {
        Some(s @ Service::Http { port: p, .. }) if p == port => Ok(Page {
            name: name.to_string(),
            ip,
            port,
            response: super::http::answer(world, container, &s, request),
            container: container.id.clone(),
        }),
        Some(Service::Tcp { port: p }) if p == port => Err(FetchError::NotHttp),
        _ => Err(FetchError::Refused(name.to_string(), ip, port)),
    }
}

/// A connection's answer as curl sees it.
pub(crate) fn served(
    world: &World,
    connect: Connect<'_>,
    (name, ip, port): (&str, Ipv4Addr, u16),
    request: &Request<'_>,
) -> Fetched {
    match connect {
        Connect::Published {
            container,
            port: inner,
            service,
        } => answered(world, container, service, (name, ip, inner), request)
            .map(|page| Page { port, ..page })
            .map_err(|e| match e {
                FetchError::Refused(..) => FetchError::Refused(name.to_string(), ip, port),
                other => other,
            }),
        Connect::Refused => Err(FetchError::Refused(name.to_string(), ip, port)),
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

/// What an `https://` request to a server that answers says: Berth's servers speak HTTP only.
pub(crate) const HTTPS_NOT_SIMULATED: &str =
    "berth: HTTPS is not simulated: the lab's servers speak plain HTTP; use an http:// URL";

/// `https://HOST[:PORT]/PATH` as the plain URL whose connection stands in for it (port 443
/// unless one is given); `None` for any other URL.
pub(crate) fn https_as_plain(url: &str) -> Option<String> {
    let rest = url.strip_prefix("https://")?;
    let (authority, path) = match rest.find('/') {
        Some(i) => (rest.get(..i).unwrap_or(rest), rest.get(i..).unwrap_or("/")),
        None => (rest, "/"),
    };
    let authority = if authority.contains(':') {
        authority.to_string()
    } else {
        format!("{authority}:443")
    };
    Some(format!("http://{authority}{path}"))
}

/// The error line curl prints for a failed fetch, and its exit status.
pub(crate) fn fetch_error(e: FetchError) -> (i32, String) {
    match e {
        FetchError::Unresolved(n) => (6, format!("curl: (6) Could not resolve host: {n}")),
        FetchError::Refused(n, _, port) => (7, format!("curl: (7) Failed to connect to {n} port {port} after 0 ms: Could not connect to server")),
        FetchError::Timeout(n, port) => (28, format!("curl: (28) Failed to connect to {n} port {port} after 134000 ms: Timeout was reached")),
        FetchError::NotHttp => (1, "curl: (1) Received HTTP/0.9 when not allowed".to_string()),
        FetchError::Offline(n) => (1, format!("berth: {n} is on the simulated internet, which answers ping only")),
        FetchError::BadUrl => (3, "curl: (3) URL rejected: Bad hostname".to_string()),
    }
}

/// `http://` to another host's underlay address: its firewall, then its published ports.
pub(crate) fn fetch_on_underlay(
    world: &World,
    name: &str,
    ip: Ipv4Addr,
    port: u16,
    request: &Request<'_>,
) -> Fetched {
    served(
        world,
        world.remote_connect(ip, crate::engine::docker::ports::Proto::Tcp, port),
        (name, ip, port),
        request,
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

/// curl's options, as parsed from its words.
#[derive(Default)]
struct Options<'a> {
    url: Option<&'a str>,
    method: Option<&'a str>,
    head: bool,
    include: bool,
    silent: bool,
    show_error: bool,
    verbose: bool,
    output: Option<&'a str>,
    remote_name: bool,
    location: bool,
    fail: bool,
    write_out: Option<&'a str>,
    /// Each `-d`'s text (curl joins them with `&`).
    data: Vec<&'a str>,
    /// `--json`: the data is sent as JSON.
    json: bool,
    headers: Vec<&'a str>,
}

/// curl's error for an option it does not know (tool_getparam.c), exit status 2.
fn unknown_option(option: &str) -> Output {
    Output::failed(
        format!(
            "curl: option {option}: is unknown\ncurl: try 'curl --help' or 'curl --manual' for more information"
        ),
        2,
    )
}

/// A missing option argument (tool_getparam.c `PARAM_REQUIRES_PARAMETER`), exit status 2.
fn needs_argument(option: &str) -> Output {
    Output::failed(
        format!(
            "curl: option {option}: requires parameter\ncurl: try 'curl --help' or 'curl --manual' for more information"
        ),
        2,
    )
}

fn parse<'a>(args: &[&'a str]) -> Result<Options<'a>, Output> {
    let mut o = Options::default();
    let mut it = args.iter().copied();
    while let Some(arg) = it.next() {
        if let Some(long) = arg.strip_prefix("--") {
            let (name, inline) = match long.split_once('=') {
                Some((n, v)) => (n, Some(v)),
                None => (long, None),
            };
            let mut value = || inline.or_else(|| it.next());
            match name {
                "head" => o.head = true,
                "include" => o.include = true,
                "silent" => o.silent = true,
                "show-error" => o.show_error = true,
                "verbose" => o.verbose = true,
                "location" => o.location = true,
                "fail" | "fail-with-body" => o.fail = true,
                "remote-name" => o.remote_name = true,
                "insecure" | "compressed" | "http1.1" | "no-progress-meter" => {}
                "output" => o.output = Some(value().ok_or_else(|| needs_argument(arg))?),
                "request" => o.method = Some(value().ok_or_else(|| needs_argument(arg))?),
                "write-out" => o.write_out = Some(value().ok_or_else(|| needs_argument(arg))?),
                "header" => o.headers.push(value().ok_or_else(|| needs_argument(arg))?),
                "data" | "data-raw" | "data-binary" | "data-urlencode" | "json" => {
                    o.data.push(value().ok_or_else(|| needs_argument(arg))?);
                    o.json |= name == "json";
                }
                "max-time" | "connect-timeout" | "user-agent" | "user" | "retry" | "max-redirs"
                | "cacert" | "resolve" => {
                    value().ok_or_else(|| needs_argument(arg))?;
                }
                "url" => o.url = Some(value().ok_or_else(|| needs_argument(arg))?),
                _ => return Err(unknown_option(arg)),
            }
            continue;
        }
        let Some(flags) = arg.strip_prefix('-').filter(|f| !f.is_empty()) else {
            o.url = o.url.or(Some(arg));
            continue;
        };
        // Short options group (`-fsSL`); one that takes an argument ends the group and takes
        // the rest of the word, or the next word (`-XPOST`, `-o out`).
        for (i, flag) in flags.char_indices() {
            let rest = flags.get(i + flag.len_utf8()..).unwrap_or("");
            let mut value = || {
                if rest.is_empty() {
                    it.next()
                } else {
                    Some(rest)
                }
            };
            let option = format!("-{flag}");
            match flag {
                'I' => o.head = true,
                'i' => o.include = true,
                's' => o.silent = true,
                'S' => o.show_error = true,
                'v' => o.verbose = true,
                'L' => o.location = true,
                'f' => o.fail = true,
                'O' => o.remote_name = true,
                'k' | 'N' | '#' => {}
                'o' => {
                    o.output = Some(value().ok_or_else(|| needs_argument(&option))?);
                    break;
                }
                'X' => {
                    o.method = Some(value().ok_or_else(|| needs_argument(&option))?);
                    break;
                }
                'w' => {
                    o.write_out = Some(value().ok_or_else(|| needs_argument(&option))?);
                    break;
                }
                'H' => {
                    o.headers
                        .push(value().ok_or_else(|| needs_argument(&option))?);
                    break;
                }
                'd' => {
                    o.data.push(value().ok_or_else(|| needs_argument(&option))?);
                    break;
                }
                'm' | 'A' | 'u' | 'e' => {
                    value().ok_or_else(|| needs_argument(&option))?;
                    break;
                }
                _ => return Err(unknown_option(&option)),
            }
        }
    }
    Ok(o)
}

/// `curl …` from any shell: `fetch` is the shell's way to a server, `path_to` the packet path
/// for the picture, `version` the curl the shell has (its `User-Agent`).
pub fn curl_with(
    args: &[&str],
    version: &str,
    fetch: Fetch<'_>,
    path_to: &dyn Fn(&str) -> Option<PathShown>,
) -> Output {
    let options = match parse(args) {
        Ok(o) => o,
        Err(o) => return o,
    };
    let Some(first_url) = options.url else {
        return Output::failed(
            "curl: try 'curl --help' or 'curl --manual' for more information",
            2,
        );
    };
    let method = match (options.method, options.head, !options.data.is_empty()) {
        (Some(m), _, _) => m,
        (None, true, _) => "HEAD",
        (None, false, true) => "POST",
        _ => "GET",
    };
    let mut o = Output::default();
    let mut url = first_url.to_string();
    // HTTPS: the connection is tried as far as it goes (a name that does not resolve, a port
    // nothing listens on, the simulated internet); a server that answers speaks plain HTTP
    // only, which a `berth:` line says instead of a TLS handshake.
    if let Some(plain) = https_as_plain(&url) {
        let (code, text) = match fetch(method, &plain) {
            Err(e) => fetch_error(e),
            Ok(_) => (35, HTTPS_NOT_SIMULATED.to_string()),
        };
        if !options.silent || options.show_error || code == 35 {
            o.err(text);
        }
        o.exit_code = code;
        return with_path(o, path_to(&plain));
    }
    let mut hops = 0;
    let page = loop {
        let page = match fetch(method, &url) {
            Ok(page) => page,
            Err(e) => {
                let (code, text) = fetch_error(e);
                if !options.silent || options.show_error {
                    o.err(text);
                }
                o.exit_code = code;
                return with_path(o, path_to(&url));
            }
        };
        if options.verbose {
            verbose(
                &mut o, method, &url, version, &options.headers, &page.response,
            );
        }
        let location = page
            .response
            .headers
            .iter()
            .find(|(name, _)| *name == "Location")
            .map(|(_, v)| v.clone());
        match location {
            Some(next) if options.location && (300..400).contains(&page.response.status) => {
                // curl --max-redirs defaults to 50 (tool_cfgable.c).
                if hops == 50 {
                    o.err("curl: (47) Maximum (50) redirects followed");
                    o.exit_code = 47;
                    return with_path(o, path_to(&url));
                }
                hops += 1;
                if options.include || options.head {
                    head_lines(&mut o, &page.response);
                }
                url = next;
            }
            _ => break page,
        }
    };
    let response = &page.response;
    if (options.include || options.head || options.verbose) && !response.has_headers() {
        o.err("berth: this server's response headers are not simulated (nginx's are); the body is its page");
    }
    if options.fail && response.status >= 400 {
        if !options.silent || options.show_error {
            o.err(format!(
                "curl: (22) The requested URL returned error: {}",
                response.status
            ));
        }
        o.exit_code = 22;
        return with_path(o, path_to(&url));
    }
    let mut shown = String::new();
    if (options.include || options.head) && response.has_headers() {
        shown.push_str(&head_text(response));
    }
    if method != "HEAD" {
        shown.push_str(&response.body);
    }
    let file = options.output.map(str::to_string).or_else(|| {
        options.remote_name.then(|| {
            request_for(method, &url)
                .path
                .rsplit('/')
                .next()
                .unwrap_or("")
                .to_string()
        })
    });
    let mut stdout = String::new();
    match file {
        Some(name) if name.is_empty() => {
            // tool_operate.c: `-O` on a URL that ends with a slash.
            o.err("curl: Remote file name has no length!");
            o.err("curl: (23) Failed writing received data to disk/application");
            o.exit_code = 23;
            return with_path(o, path_to(&url));
        }
        Some(name) if name != "-" => {
            if !options.silent {
                progress_meter(&mut o, shown.len());
            }
            o.save = Some(Box::new((name, shown)));
        }
        _ => stdout = shown,
    }
    if let Some(format) = options.write_out {
        stdout.push_str(&write_out(format, &page, &url));
    }
    out_text(&mut o, &stdout);
    with_path(o, path_to(&url))
}

/// A response's text on stdout, line by line. A text without a final newline runs into the
/// next prompt in a real terminal; the terminal here shows each line on its own.
pub(crate) fn out_text(o: &mut Output, text: &str) {
    if !text.is_empty() {
        for line in text.strip_suffix('\n').unwrap_or(text).split('\n') {
            o.out(line.strip_suffix('\r').unwrap_or(line));
        }
    }
}

/// The status line and headers as the server sent them, then the empty line that ends them.
fn head_text(response: &Response) -> String {
    let mut text = format!("{}\r\n", response.status_line());
    for (name, value) in &response.headers {
        text.push_str(&format!("{name}: {value}\r\n"));
    }
    text.push_str("\r\n");
    text
}

fn head_lines(o: &mut Output, response: &Response) {
    let text = head_text(response);
    for line in text.split("\r\n").take(response.headers.len() + 2) {
        o.out(line);
    }
}

/// `-v`: the request curl sends (`> `) and the response headers (`< `), on stderr.
fn verbose(
    o: &mut Output,
    method: &str,
    url: &str,
    version: &str,
    headers: &[&str],
    response: &Response,
) {
    let request = request_for(method, url);
    o.err(
        "berth: curl's connection lines (`*`) are not simulated; the request and the response are",
    );
    o.err(format!("> {method} {} HTTP/1.1", request.path));
    o.err(format!("> Host: {}", request.host));
    o.err(format!("> User-Agent: curl/{version}"));
    o.err("> Accept: */*");
    for header in headers {
        o.err(format!("> {header}"));
    }
    o.err("> ");
    if response.has_headers() {
        o.err(format!("< {}", response.status_line()));
        for (name, value) in &response.headers {
            o.err(format!("< {name}: {value}"));
        }
        o.err("< ");
    }
}

/// The progress meter curl writes on stderr when the body goes to a file (lib/progress.c),
/// for a transfer that took about a millisecond.
fn progress_meter(o: &mut Output, size: usize) {
    let speed = human_speed(size.saturating_mul(1000));
    o.err("  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current");
    o.err("                                 Dload  Upload   Total   Spent    Left  Speed");
    o.err(format!(
        "100 {size:>5}  100 {size:>5}    0     0  {speed:>5}      0 --:--:-- --:--:-- --:--:-- {speed:>5}"
    ));
}

/// curl's five-character size (lib/progress.c `max5data`): bytes, then `k`, `M`.
fn human_speed(bytes: usize) -> String {
    if bytes < 100_000 {
        bytes.to_string()
    } else if bytes < 10_000 * 1024 {
        format!("{}k", bytes / 1024)
    } else {
        format!("{}M", bytes / (1024 * 1024))
    }
}

/// `-w FORMAT`: curl's write-out variables (tool_writeout.c), written after the body.
fn write_out(format: &str, page: &Page, url: &str) -> String {
    let r = &page.response;
    let content_type = r
        .headers
        .iter()
        .find(|(n, _)| *n == "Content-Type")
        .map_or(String::new(), |(_, v)| v.clone());
    format
        .replace("%{http_code}", &format!("{:03}", r.status))
        .replace("%{response_code}", &format!("{:03}", r.status))
        .replace("%{size_download}", &r.body.len().to_string())
        .replace("%{content_type}", &content_type)
        .replace("%{url_effective}", url)
        .replace("%{remote_ip}", &page.ip.to_string())
        .replace("%{remote_port}", &page.port.to_string())
        .replace("\\n", "\n")
        .replace("\\t", "\t")
}
