//! busybox `wget` in a container: an HTTP GET as far as the simulation knows (the fetch is
//! `curl.rs`'s), with busybox's progress lines on stderr. It saves to `-O FILE`, the URL's
//! last path component or `index.html` (the shell writes the file), follows redirects, and
//! stops on an error status as busybox does. Not simulated: HTTPS, `-c`, `-S`, `--spider`,
//! `--header`, `-P`.

use super::curl::{with_path, FetchError, Fetched};
use crate::cli::render::path::PathShown;
use crate::cli::Output;

/// busybox `wget URL` (`-q` quiet, `-O FILE`, `-` for stdout, flags grouped as in `-qO-`):
/// `fetch` is the shell's way to the page, `path_to` the packet path for the picture.
pub fn wget(
    args: &[&str],
    fetch: &dyn Fn(&str) -> Fetched,
    path_to: &dyn Fn(&str) -> Option<PathShown>,
) -> Output {
    // busybox wget: `-q` quiet, `-O FILE` (`-` is stdout), flags may be grouped (`-qO-`).
    let mut quiet = false;
    let mut file = None;
    let mut url = None;
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match arg.strip_prefix('-').filter(|f| !f.is_empty()) {
            Some(flags) => {
                quiet |= flags.contains('q');
                if let Some(pos) = flags.find('O') {
                    let rest = flags.get(pos + 1..).unwrap_or("");
                    file = Some(if rest.is_empty() {
                        it.next().copied().unwrap_or("")
                    } else {
                        rest
                    });
                }
            }
            None => url = Some(*arg),
        }
    }
    let Some(url) = url else {
        return Output::failed("BusyBox v1.37.0 (2025-10-10 00:00:00 UTC) multi-call binary.\n\nUsage: wget [-cqS] [--spider] [-O FILE] [-o LOGFILE] [--header STR]\n\t[--post-data STR | --post-file FILE] [-Y on/off]\n\t[-P DIR] [-U AGENT] [-T SEC] URL...", 1);
    };
    let to_stdout = file == Some("-");
    // HTTPS as curl.rs: the connection as far as it goes, then a `berth:` line.
    if let Some(plain) = super::curl::https_as_plain(url) {
        let mut o = Output::default();
        match fetch(&plain) {
            Err(FetchError::Unresolved(n)) => o.err(format!("wget: bad address '{n}'")),
            Err(FetchError::Offline(n)) => o.err(format!(
                "berth: {n} is on the simulated internet, which answers ping only"
            )),
            Err(FetchError::Refused(_, ip, _)) => o.err(format!(
                "wget: can't connect to remote host ({ip}): Connection refused"
            )),
            _ => o.err(super::curl::HTTPS_NOT_SIMULATED),
        }
        o.exit_code = 1;
        return with_path(o, path_to(&plain));
    }
    let path = path_to(url);
    let mut o = Output::default();
    let mut url = url.to_string();
    // busybox networking/wget.c follows a redirect itself, five times at most.
    let mut redirects = 0;
    let fetched = loop {
        match fetch(&url) {
            Ok(page) if (300..400).contains(&page.response.status) => {
                let location = page
                    .response
                    .headers
                    .iter()
                    .find(|(n, _)| *n == "Location")
                    .map(|(_, v)| v.clone());
                let Some(next) = location else { break Ok(page) };
                if !quiet {
                    o.err(format!(
                        "Connecting to {} ({}:{})",
                        page.name, page.ip, page.port
                    ));
                }
                redirects += 1;
                if redirects > 5 {
                    o.err("wget: too many redirections");
                    o.exit_code = 1;
                    return with_path(o, path);
                }
                url = next;
            }
            other => break other,
        }
    };
    match fetched {
        Ok(page) if page.response.status >= 400 => {
            if !quiet {
                o.err(format!(
                    "Connecting to {} ({}:{})",
                    page.name, page.ip, page.port
                ));
            }
            // wget.c: `server returned error: <status line>`.
            o.err(format!(
                "wget: server returned error: {}",
                page.response.status_line()
            ));
            o.exit_code = 1;
        }
        Ok(page) => {
            let (name, ip, port) = (&page.name, page.ip, page.port);
            let body = page.response.body.as_str();
            // wget.c: the URL's last path component, or index.html.
            let target = match file {
                Some(f) => f.to_string(),
                None => super::curl::request_for("GET", &url)
                    .path
                    .rsplit('/')
                    .next()
                    .filter(|n| !n.is_empty())
                    .unwrap_or("index.html")
                    .to_string(),
            };
            if !quiet {
                o.err(format!("Connecting to {name} ({ip}:{port})"));
                o.err(if to_stdout {
                    "writing to stdout".to_string()
                } else {
                    format!("saving to '{target}'")
                });
            }
            if to_stdout {
                super::curl::out_text(&mut o, body);
            } else {
                o.save = Some(Box::new((target.clone(), body.to_string())));
            }
            if !quiet {
                let shown = if to_stdout { "-" } else { target.as_str() };
                o.err(format!(
                    "{shown:<20} 100% |********************************|   {:>3}  0:00:00 ETA",
                    body.len()
                ));
                o.err(if to_stdout {
                    "written to stdout".to_string()
                } else {
                    format!("'{target}' saved")
                });
            }
        }
        Err(e) => {
            o.err(match e {
                FetchError::Unresolved(n) => format!("wget: bad address '{n}'"),
                FetchError::Refused(_, ip, _) => {
                    format!("wget: can't connect to remote host ({ip}): Connection refused")
                }
                FetchError::Timeout(..) => "wget: download timed out".to_string(),
                FetchError::NotHttp => {
                    "wget: error getting response: Connection reset by peer".to_string()
                }
                FetchError::Offline(n) => {
                    format!("berth: {n} is on the simulated internet, which answers ping only")
                }
                FetchError::BadUrl => format!("wget: bad address '{url}'"),
            });
            o.exit_code = 1;
        }
    }
    with_path(o, path)
}
