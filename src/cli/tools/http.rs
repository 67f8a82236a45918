//! What a simulated web server answers to one HTTP request: the status line, the headers in
//! the server's own order, and the body. It is the server program's output, so it is worded
//! here, in the cli, from the engine's facts (the container's files, the image's config, the
//! logical clock).
//!
//! - nginx (an image whose config sets `NGINX_VERSION`) serves the files under its document
//!   root `/usr/share/nginx/html` of the container's filesystem (the image's files, what
//!   `docker cp` or a shell wrote, what was deleted): `index.html` for a directory, a 301 to
//!   the slash form for a directory named without it, 403 for a directory without an index,
//!   404 for a missing file, 405 for a method other than GET and HEAD on a file. Texts and
//!   header order from nginx's sources (src/http/ngx_http_header_filter_module.c,
//!   ngx_http_special_response.c, modules/ngx_http_static_module.c); Content-Type from the
//!   container's own `/etc/nginx/mime.types`, `application/octet-stream` otherwise (the image's
//!   nginx.conf `default_type`); `ETag` is `"<mtime hex>-<length hex>"` (ngx_http_set_etag).
//! - A trainer's image with a page per path (`ImageConfig::pages`, on a base whose server
//!   serves no files) answers each page, and 404 elsewhere: httpd's own error page
//!   (modules/http/http_protocol.c `ap_send_error_response`, `get_canned_error_string`) on
//!   httpd, an empty body on a server Berth does not know.
//! - Docker's getting-started app answers its `/items` API with Express's headers
//!   ([`todo_api`](super::todo_api)) and its page at every other path.
//! - Any other server answers its one page at every path; its headers are not simulated, so
//!   `curl -I`/`-i` say so in a `berth:` line instead of inventing them.
//!
//! Not simulated: request bodies reaching a program, keep-alive, ranges, conditional requests
//! (`If-Modified-Since`), gzip, HTTPS.

use crate::engine::docker::image::Service;
use crate::engine::{Container, World};

/// One request as a client sends it.
pub struct Request<'a> {
    /// `GET`, `HEAD`, `POST`…
    pub method: &'a str,
    /// The path of the URL, `/` at least, without the query.
    pub path: &'a str,
    /// The `Host` header: the name and port the client used.
    pub host: &'a str,
    /// The request's body (curl's `-d`), if any.
    pub body: Option<&'a str>,
    /// It is sent as `Content-Type: application/json`.
    pub json: bool,
}

/// A server's answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Response {
    pub status: u16,
    pub reason: &'static str,
    /// In the order the server writes them. Empty: the server's headers are not simulated.
    pub headers: Vec<(&'static str, String)>,
    pub body: String,
}

impl Response {
    /// Whether the headers above are the server's own (otherwise only the body is known).
    pub fn has_headers(&self) -> bool {
        !self.headers.is_empty()
    }

    /// The status line, as the server writes it.
    pub fn status_line(&self) -> String {
        format!("HTTP/1.1 {} {}", self.status, self.reason)
    }
}

/// nginx's document root in the official image (`root /usr/share/nginx/html;` in
/// conf.d/default.conf).
const NGINX_ROOT: &str = "/usr/share/nginx/html";

/// What `container` (a server reached on its `port`, which `service` describes) answers.
pub fn answer(
    world: &World,
    container: &Container,
    service: &Service,
    req: &Request<'_>,
) -> Response {
    let body = match service {
        Service::Http { body, .. } => *body,
        Service::Tcp { .. } => "",
    };
    // Docker's getting-started app: its `/items` API (`todo_api.rs`).
    if let Some(r) = super::todo_api::read(world, container, service, req) {
        return r;
    }
    let config = world.image_entry(container);
    if let Some(config) =
        config.filter(|c| !c.pages.is_empty() && c.env_value("NGINX_VERSION").is_none())
    {
        return page(config, req);
    }
    if let Some(r) = config
        .filter(|c| c.program == "httpd")
        .and_then(|_| httpd(world, container, req))
    {
        return r;
    }
    match config.and_then(|c| c.env_value("NGINX_VERSION")) {
        Some(version) => nginx(world, container, version, req),
        None => Response {
            status: 200,
            reason: "OK",
            headers: Vec::new(),
            body: body.to_string(),
        },
    }
}

/// A trainer's page for the path, or the server's 404.
fn page(config: &crate::engine::docker::image::ImageConfig, req: &Request<'_>) -> Response {
    let path = req.path.split(['?', '#']).next().unwrap_or("/");
    let head = req.method == "HEAD";
    match config.pages.get(path) {
        Some(body) => Response {
            status: 200,
            reason: "OK",
            headers: Vec::new(),
            body: if head { String::new() } else { body.clone() },
        },
        None => {
            // httpd: DOCTYPE_HTML_2_0, the title and h1, the canned text for 404; the
            // image's httpd.conf leaves ServerSignature off.
            let body = if config.program == "httpd" {
                HTTPD_404
            } else {
                ""
            };
            Response {
                status: 404,
                reason: "Not Found",
                headers: Vec::new(),
                body: if head {
                    String::new()
                } else {
                    body.to_string()
                },
            }
        }
    }
}

/// httpd's document root in the official image (`DocumentRoot "/usr/local/apache2/htdocs"`
/// in its httpd.conf).
const HTTPD_ROOT: &str = "/usr/local/apache2/htdocs";

/// httpd's answer over the container's files (`DirectoryIndex index.html`): the file's text,
/// or httpd's 404 page. Its headers are not simulated (`curl -I` says so); `None` when the
/// container's files cannot be read.
fn httpd(world: &World, container: &Container, req: &Request<'_>) -> Option<Response> {
    let host = world
        .hosts()
        .find(|h| h.containers.contains_key(&container.id))
        .map(|h| h.name.as_str())?;
    let files = world.fs_view(host, Some(&container.id)).ok()?;
    let path = req.path.split(['?', '#']).next().unwrap_or("/");
    let mut file = format!("{HTTPD_ROOT}{path}");
    if files.is_dir(&file) {
        file = format!("{}/index.html", file.trim_end_matches('/'));
    }
    let head = req.method == "HEAD";
    Some(match files.read(&file) {
        Ok(text) => Response {
            status: 200,
            reason: "OK",
            headers: Vec::new(),
            body: if head { String::new() } else { text },
        },
        // modules/http/http_protocol.c `ap_send_error_response`, `get_canned_error_string`;
        // the image's httpd.conf leaves ServerSignature off.
        Err(_) => Response {
            status: 404,
            reason: "Not Found",
            headers: Vec::new(),
            body: if head {
                String::new()
            } else {
                HTTPD_404.to_string()
            },
        },
    })
}

/// httpd's 404 page.
const HTTPD_404: &str = "<!DOCTYPE HTML PUBLIC \"-//IETF//DTD HTML 2.0//EN\">\n<html><head>\n<title>404 Not Found</title>\n</head><body>\n<h1>Not Found</h1>\n<p>The requested URL was not found on this server.</p>\n</body></html>\n";

/// nginx's answer: the static module over the container's files.
fn nginx(world: &World, container: &Container, version: &str, req: &Request<'_>) -> Response {
    let server = format!("nginx/{version}");
    let date = http_date(world.now().unix());
    let Some(host) = world
        .hosts()
        .find(|h| h.containers.contains_key(&container.id))
        .map(|h| h.name.as_str())
    else {
        return nginx_error(&server, &date, 500, req);
    };
    let Ok(files) = world.fs_view(host, Some(&container.id)) else {
        return nginx_error(&server, &date, 500, req);
    };
    // nginx answers a method it does not know for any URI with 405 only for static files;
    // the path decides first.
    let path = req.path.split(['?', '#']).next().unwrap_or("/");
    let mut file = format!("{NGINX_ROOT}{path}");
    if files.is_dir(&file) {
        if !path.ends_with('/') {
            // ngx_http_static_module: a directory named without its slash is redirected; the
            // Location keeps the name the client used and nginx's own port (80 is left out).
            let name = req.host.rsplit_once(':').map_or(req.host, |(n, _)| n);
            let mut r = nginx_error(&server, &date, 301, req);
            r.headers
                .insert(4, ("Location", format!("http://{name}{path}/")));
            return r;
        }
        let index = format!("{file}index.html");
        if !files
            .stat(&index)
            .is_ok_and(|m| m.kind == crate::engine::fs::Kind::File)
        {
            return nginx_error(&server, &date, 403, req);
        }
        file = index;
    }
    let Ok(meta) = files.stat(&file) else {
        return nginx_error(&server, &date, 404, req);
    };
    if !matches!(req.method, "GET" | "HEAD") {
        return nginx_error(&server, &date, 405, req);
    }
    let Ok(content) = files.read(&file) else {
        return nginx_error(&server, &date, 403, req);
    };
    let mime = files
        .read("/etc/nginx/mime.types")
        .ok()
        .and_then(|types| mime_type(&types, &file))
        .unwrap_or_else(|| "application/octet-stream".to_string());
    Response {
        status: 200,
        reason: "OK",
        headers: vec![
            ("Server", server),
            ("Date", date),
            ("Content-Type", mime),
            ("Content-Length", content.len().to_string()),
            ("Last-Modified", http_date(meta.mtime)),
            ("Connection", "keep-alive".to_string()),
            ("ETag", format!("\"{:x}-{:x}\"", meta.mtime, content.len())),
            ("Accept-Ranges", "bytes".to_string()),
        ],
        body: if req.method == "HEAD" {
            String::new()
        } else {
            content
        },
    }
}

/// nginx's own page for an error status (ngx_http_special_response.c: the page, then
/// `ngx_http_error_full_tail` with `server_tokens on`), lines ended by CRLF.
fn nginx_error(server: &str, date: &str, status: u16, req: &Request<'_>) -> Response {
    let reason = match status {
        301 => "Moved Permanently",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Not Allowed",
        _ => "Internal Server Error",
    };
    let body = format!(
        "<html>\r\n<head><title>{status} {reason}</title></head>\r\n<body>\r\n\
         <center><h1>{status} {reason}</h1></center>\r\n<hr><center>{server}</center>\r\n\
         </body>\r\n</html>\r\n"
    );
    Response {
        status,
        reason,
        headers: vec![
            ("Server", server.to_string()),
            ("Date", date.to_string()),
            ("Content-Type", "text/html".to_string()),
            ("Content-Length", body.len().to_string()),
            ("Connection", "keep-alive".to_string()),
        ],
        body: if req.method == "HEAD" {
            String::new()
        } else {
            body
        },
    }
}

/// The type nginx's `types { … }` block gives the file's extension.
fn mime_type(types: &str, file: &str) -> Option<String> {
    let name = file.rsplit('/').next().unwrap_or(file);
    let (_, extension) = name.rsplit_once('.')?;
    let extension = extension.to_ascii_lowercase();
    types.lines().find_map(|line| {
        let line = line.trim().trim_end_matches(';');
        let mut words = line.split_whitespace();
        let mime = words.next()?;
        words.any(|w| w == extension).then(|| mime.to_string())
    })
}

/// An HTTP date (RFC 9110's IMF-fixdate): `Mon, 07 Dec 2026 19:36:00 GMT`.
pub fn http_date(unix: u64) -> String {
    const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let days = unix / 86_400;
    let weekday = DAYS
        .get(usize::try_from(days % 7).unwrap_or(0))
        .unwrap_or(&"Thu");
    let (year, month, day, hour, minute, second) = crate::engine::clock::civil_from_unix(unix);
    let month = MONTHS
        .get(usize::try_from(month.saturating_sub(1)).unwrap_or(0))
        .unwrap_or(&"Jan");
    format!("{weekday}, {day:02} {month} {year} {hour:02}:{minute:02}:{second:02} GMT")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_imf_fixdates() {
        // 2026-03-01 09:00:00 UTC, the simulated calendar's first second, was a Sunday.
        assert_eq!(
            http_date(crate::engine::clock::EPOCH_UNIX),
            "Sun, 01 Mar 2026 09:00:00 GMT"
        );
    }

    #[test]
    fn mime_types_come_from_the_types_block() {
        let types = "types {\n    text/html  html htm;\n    text/css css;\n}\n";
        assert_eq!(mime_type(types, "/a/b.CSS").as_deref(), Some("text/css"));
        assert_eq!(mime_type(types, "/a/b.htm").as_deref(), Some("text/html"));
        assert_eq!(mime_type(types, "/a/b"), None);
    }
}
