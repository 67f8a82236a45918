//! busybox `wget` in a container: an HTTP GET as far as the simulation knows (the fetch is
//! `curl.rs`'s), with busybox's progress lines on stderr. Not simulated: HTTPS, `-c`, `-S`,
//! `--spider`, headers, saving anywhere but `index.html` or stdout (the file is not written).

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
    let path = path_to(url);
    let mut o = Output::default();
    match fetch(url) {
        Ok((name, ip, port, body)) => {
            if !quiet {
                o.err(format!("Connecting to {name} ({ip}:{port})"));
                o.err(if to_stdout {
                    "writing to stdout".to_string()
                } else {
                    "saving to 'index.html'".to_string()
                });
            }
            if to_stdout {
                o.out(body);
            }
            if !quiet {
                let target = if to_stdout { "-" } else { "index.html" };
                o.err(format!(
                    "{target:<20} 100% |********************************|   {:>3}  0:00:00 ETA",
                    body.len()
                ));
                o.err(if to_stdout {
                    "written to stdout".to_string()
                } else {
                    "'index.html' saved".to_string()
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
