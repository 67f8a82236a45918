//! The getting-started app's JSON API, as Express 4 answers it: the routes of its
//! `src/index.js` (`app.get('/items')`, `app.post('/items')`, `app.put('/items/:id')`,
//! `app.delete('/items/:id')`) over the items the engine keeps (`engine::docker::apps::todo`).
//! The server program's output, so it is worded here: the engine keeps the data.
//!
//! - Bodies: `res.send(items)` / `res.send(item)` is `JSON.stringify` (keys `id`, `name`,
//!   `completed` in that order; a `name` that was never given is left out, a null one is
//!   `null`); `res.sendStatus(200)` is `OK` as `text/plain`; a PUT of an unknown ID sends
//!   nothing. `express.json()` reads the body only under `Content-Type: application/json`
//!   (curl's `-d` alone sends a form: the item gets no name, as with the real app).
//! - Headers, in Node's order: Express's `X-Powered-By`, `Content-Type`, `Content-Length`,
//!   `ETag` (the `etag` package: `W/"<length hex>-<first 27 of base64 SHA-1>"`), then Node's
//!   `Date`, `Connection: keep-alive`, `Keep-Alive: timeout=5`.
//! - A method no route takes on these paths is finalhandler 1.2's 404 page (`Cannot PUT
//!   /items`, with its `Content-Security-Policy` and `X-Content-Type-Options` headers), and
//!   so is any method but GET and HEAD on another path (`express.static` serves only those).
//!   `GET /` is `index.html` with `send`'s headers; GET and HEAD of another path are the
//!   page, as before.
//!
//! Not simulated: a body that is not valid JSON (body-parser's 400 page: a `berth:` body says
//! so), JSON values other than strings and `null` as a name (kept as their JSON text),
//! conditional requests (`If-None-Match`), the static files other than `index.html` (every
//! other path answers the page, without headers).

use super::http::{http_date, Request, Response};
use crate::engine::docker::apps::todo::{TodoError, TodoItem};
use crate::engine::docker::image::Service;
use crate::engine::{Container, World};

/// Whether a container's server is the getting-started app (it serves the app's page).
pub fn serves_app(service: &Service) -> bool {
    matches!(service, Service::Http { body, .. } if *body == crate::engine::docker::apps::getting_started_page())
}

/// The route a request takes: `None` for a path the API does not own (the static page).
enum Route<'a> {
    List,
    Add,
    Update(&'a str),
    Remove(&'a str),
    /// A path of the API, a method no route takes: finalhandler's 404.
    NotFound,
}

/// Express's default router: case-insensitive, a trailing slash allowed, no query.
fn route<'a>(req: &Request<'a>) -> Option<Route<'a>> {
    let path = req.path.split(['?', '#']).next().unwrap_or("/");
    let trimmed = path.strip_suffix('/').unwrap_or(path);
    let (first, rest) = match trimmed.strip_prefix('/')?.split_once('/') {
        Some((f, r)) => (f, Some(r)),
        None => (trimmed.strip_prefix('/')?, None),
    };
    if !first.eq_ignore_ascii_case("items") {
        return None;
    }
    Some(match (req.method, rest) {
        ("GET" | "HEAD", None) => Route::List,
        ("POST", None) => Route::Add,
        ("PUT", Some(id)) if !id.is_empty() && !id.contains('/') => Route::Update(id),
        ("DELETE", Some(id)) if !id.is_empty() && !id.contains('/') => Route::Remove(id),
        _ => Route::NotFound,
    })
}

/// The host a container runs on.
fn host_of<'a>(world: &'a World, container: &Container) -> Option<&'a str> {
    world
        .hosts()
        .find(|h| h.containers.contains_key(&container.id))
        .map(|h| h.name.as_str())
}

/// What the app answers without changing anything: `GET /items` and the 404s. `None`: not
/// the app, or a path of the static page.
pub fn read(
    world: &World,
    container: &Container,
    service: &Service,
    req: &Request<'_>,
) -> Option<Response> {
    if !serves_app(service) {
        return None;
    }
    let date = http_date(world.now().unix());
    let Some(route) = route(req) else {
        // express.static answers GET and HEAD only; any other method falls through every
        // route to finalhandler.
        if matches!(req.method, "GET" | "HEAD") {
            return index_page(world, container, service, req, &date);
        }
        return Some(not_found(req, &date));
    };
    Some(match route {
        Route::List => {
            let host = host_of(world, container)?;
            match world.todo_items(host, &container.id) {
                Ok(items) => {
                    let body = format!(
                        "[{}]",
                        items
                            .iter()
                            .map(|i| item_json(i, false))
                            .collect::<Vec<_>>()
                            .join(",")
                    );
                    express(200, "application/json; charset=utf-8", body, &date, req)
                }
                Err(e) => failed(&e, &date),
            }
        }
        Route::NotFound => not_found(req, &date),
        // A write reaches the app only through [`write`], which may change the world.
        Route::Add | Route::Update(_) | Route::Remove(_) => not_simulated(&date),
    })
}

/// `GET /` (or `/index.html`): express.static sends `src/static/index.html` through `send`
/// 0.18 (`SendStream.prototype.setHeader`, then `type`, then the length): `Accept-Ranges`,
/// `Cache-Control: public, max-age=0`, `Last-Modified` (the file's mtime), the `etag`
/// package's weak tag of the file's stats (`W/"<size hex>-<mtime in ms hex>"`), the type
/// from mime 1.6 (`text/html; charset=UTF-8`). `None` for another path (the page, headers
/// not simulated) or when the file is not where the app's working directory puts it.
fn index_page(
    world: &World,
    container: &Container,
    service: &Service,
    req: &Request<'_>,
    date: &str,
) -> Option<Response> {
    let path = req.path.split(['?', '#']).next().unwrap_or("/");
    if !matches!(path, "/" | "/index.html") {
        return None;
    }
    let Service::Http { body, .. } = service else {
        return None;
    };
    let host = host_of(world, container)?;
    let files = world.fs_view(host, Some(&container.id)).ok()?;
    let workdir = if container.workdir.is_empty() {
        "/"
    } else {
        container.workdir.as_str()
    };
    let file = crate::engine::fs::resolve(workdir, "src/static/index.html");
    let meta = files.stat(&file).ok()?;
    let size = body.len();
    Some(Response {
        status: 200,
        reason: "OK",
        headers: vec![
            ("X-Powered-By", "Express".to_string()),
            ("Accept-Ranges", "bytes".to_string()),
            ("Cache-Control", "public, max-age=0".to_string()),
            ("Last-Modified", http_date(meta.mtime)),
            (
                "ETag",
                format!("W/\"{size:x}-{:x}\"", meta.mtime.saturating_mul(1000)),
            ),
            ("Content-Type", "text/html; charset=UTF-8".to_string()),
            ("Content-Length", size.to_string()),
            ("Date", date.to_string()),
            ("Connection", "keep-alive".to_string()),
            ("Keep-Alive", "timeout=5".to_string()),
        ],
        body: if req.method == "HEAD" {
            String::new()
        } else {
            body.to_string()
        },
    })
}

/// What the app answers to a request that changes its items, after changing them. `None`:
/// not a write of the API.
pub fn write(world: &mut World, host: &str, id: &str, req: &Request<'_>) -> Option<Response> {
    let service = world
        .container_lookup(host, id)
        .ok()
        .and_then(|c| world.serves(c))?;
    if !serves_app(&service) {
        return None;
    }
    let route = route(req)?;
    if matches!(route, Route::List | Route::NotFound) {
        return None;
    }
    let fields = match body_fields(req) {
        Ok(fields) => fields,
        Err(()) => {
            let date = http_date(world.now().unix());
            let mut r = not_simulated(&date);
            r.status = 400;
            r.reason = "Bad Request";
            r.body =
                "berth: body-parser's error page for a body that is not JSON is not simulated\n"
                    .to_string();
            return Some(r);
        }
    };
    let result = match route {
        Route::Add => world
            .todo_add(host, id, fields.name)
            .map(|item| Some(item_json(&item, true))),
        Route::Update(item) => world
            .todo_update(host, id, item, fields.name, fields.completed)
            .map(|updated| updated.as_ref().map(|i| item_json(i, false))),
        Route::Remove(item) => world.todo_remove(host, id, item).map(|()| None),
        Route::List | Route::NotFound => return None,
    };
    let date = http_date(world.now().unix());
    Some(match (result, route) {
        (Ok(Some(json)), _) => express(200, "application/json; charset=utf-8", json, &date, req),
        // res.sendStatus(200).
        (Ok(None), Route::Remove(_)) => express(
            200,
            "text/plain; charset=utf-8",
            "OK".to_string(),
            &date,
            req,
        ),
        // res.send(undefined): no body, no type, no ETag.
        (Ok(None), _) => Response {
            status: 200,
            reason: "OK",
            headers: vec![
                ("X-Powered-By", "Express".to_string()),
                ("Date", date),
                ("Connection", "keep-alive".to_string()),
                ("Keep-Alive", "timeout=5".to_string()),
                ("Content-Length", "0".to_string()),
            ],
            body: String::new(),
        },
        (Err(e), _) => failed(&e, &date),
    })
}

/// What the routes read of `req.body`.
struct Fields {
    name: Option<String>,
    completed: bool,
}

/// `express.json()`: the JSON body under a JSON content type, else `{}`.
fn body_fields(req: &Request<'_>) -> Result<Fields, ()> {
    let empty = Fields {
        name: None,
        completed: false,
    };
    let Some(body) = req.body.filter(|_| req.json) else {
        return Ok(empty);
    };
    if body.trim().is_empty() {
        return Ok(empty);
    }
    let value: serde_json::Value = serde_json::from_str(body).map_err(|_| ())?;
    let name = match value.get("name") {
        None | Some(serde_json::Value::Null) => None,
        Some(serde_json::Value::String(s)) => Some(s.clone()),
        Some(other) => Some(other.to_string()),
    };
    // `item.completed ? 1 : 0`: JavaScript's truthiness.
    let completed = match value.get("completed") {
        None | Some(serde_json::Value::Null) => false,
        Some(serde_json::Value::Bool(b)) => *b,
        Some(serde_json::Value::Number(n)) => n.as_f64().is_some_and(|f| f != 0.0),
        Some(serde_json::Value::String(s)) => !s.is_empty(),
        Some(_) => true,
    };
    Ok(Fields { name, completed })
}

/// `JSON.stringify(item)`. A name missing from the request is `undefined` in the item the
/// POST route builds, so left out; read back from the database it is `null`.
fn item_json(item: &TodoItem, from_request: bool) -> String {
    let quote = |s: &str| serde_json::Value::String(s.to_string()).to_string();
    let name = match &item.name {
        Some(n) => format!(",\"name\":{}", quote(n)),
        None if from_request => String::new(),
        None => ",\"name\":null".to_string(),
    };
    format!(
        "{{\"id\":{}{name},\"completed\":{}}}",
        quote(&item.id),
        item.completed
    )
}

/// An Express `res.send` of `body` with its type: the headers in Node's order.
fn express(status: u16, ty: &str, body: String, date: &str, req: &Request<'_>) -> Response {
    Response {
        status,
        reason: if status == 200 { "OK" } else { "Not Found" },
        headers: vec![
            ("X-Powered-By", "Express".to_string()),
            ("Content-Type", ty.to_string()),
            ("Content-Length", body.len().to_string()),
            ("ETag", format!("W/{}", etag(&body))),
            ("Date", date.to_string()),
            ("Connection", "keep-alive".to_string()),
            ("Keep-Alive", "timeout=5".to_string()),
        ],
        body: if req.method == "HEAD" {
            String::new()
        } else {
            body
        },
    }
}

/// finalhandler 1.2 (`send`, `createHtmlDocument`): `Cannot METHOD /path`.
fn not_found(req: &Request<'_>, date: &str) -> Response {
    let path = req.path.split(['?', '#']).next().unwrap_or("/");
    let message = format!("Cannot {} {}", req.method, escape_html(path));
    let body = format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Error</title>\n</head>\n<body>\n<pre>{message}</pre>\n</body>\n</html>\n"
    );
    Response {
        status: 404,
        reason: "Not Found",
        headers: vec![
            ("X-Powered-By", "Express".to_string()),
            ("Content-Security-Policy", "default-src 'none'".to_string()),
            ("X-Content-Type-Options", "nosniff".to_string()),
            ("Content-Type", "text/html; charset=utf-8".to_string()),
            ("Content-Length", body.len().to_string()),
            ("Date", date.to_string()),
            ("Connection", "keep-alive".to_string()),
            ("Keep-Alive", "timeout=5".to_string()),
        ],
        body: if req.method == "HEAD" {
            String::new()
        } else {
            body
        },
    }
}

fn escape_html(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

/// A request Berth cannot play here (a write through a read-only path).
fn not_simulated(_date: &str) -> Response {
    Response {
        status: 501,
        reason: "Not Implemented",
        headers: Vec::new(),
        body: "berth: a request that changes the app's items is simulated from curl on a host or in a container's shell; this client only reads\n".to_string(),
    }
}

/// The database failed under the request: the route's promise rejects, and Express 4 sends
/// nothing (the request would hang); Berth says so instead.
fn failed(e: &TodoError, _date: &str) -> Response {
    let why = match e {
        TodoError::Unresolved(_) | TodoError::Refused(_) => "its MySQL server is gone",
        TodoError::AccessDenied { .. } => "its MySQL account is refused",
        TodoError::UnknownDatabase(_) => "its MySQL database is gone",
        TodoError::Store => "its database file does not read back or is full",
    };
    Response {
        status: 500,
        reason: "Internal Server Error",
        headers: Vec::new(),
        body: format!(
            "berth: the app's database failed ({why}); the real app would never answer this request\n"
        ),
    }
}

/// The `etag` package's tag of a body (without the weak `W/`).
pub fn etag(body: &str) -> String {
    use base64::Engine as _;
    if body.is_empty() {
        return "\"0-2jmj7l5rSw0yVb/vlWAYkK/YBwk\"".to_string();
    }
    let hash = base64::engine::general_purpose::STANDARD.encode(sha1(body.as_bytes()));
    format!("\"{:x}-{}\"", body.len(), hash.get(..27).unwrap_or(&hash))
}

/// SHA-1 (FIPS 180-4), for the ETag only.
fn sha1(data: &[u8]) -> [u8; 20] {
    let mut h: [u32; 5] = [
        0x6745_2301, 0xEFCD_AB89, 0x98BA_DCFE, 0x1032_5476, 0xC3D2_E1F0,
    ];
    let mut message = data.to_vec();
    let bits = (data.len() as u64).wrapping_mul(8);
    message.push(0x80);
    while message.len() % 64 != 56 {
        message.push(0);
    }
    message.extend_from_slice(&bits.to_be_bytes());
    for chunk in message.chunks_exact(64) {
        let mut w: Vec<u32> = chunk
            .chunks_exact(4)
            .map(|b| u32::from_be_bytes(b.try_into().unwrap_or([0; 4])))
            .collect();
        for i in 16..80 {
            let at = |j: usize| w.get(j).copied().unwrap_or(0);
            let next = (at(i - 3) ^ at(i - 8) ^ at(i - 14) ^ at(i - 16)).rotate_left(1);
            w.push(next);
        }
        let [mut a, mut b, mut c, mut d, mut e] = h;
        for (i, wi) in w.iter().enumerate() {
            let (f, k) = match i {
                0..=19 => ((b & c) | (!b & d), 0x5A82_7999),
                20..=39 => (b ^ c ^ d, 0x6ED9_EBA1),
                40..=59 => ((b & c) | (b & d) | (c & d), 0x8F1B_BCDC),
                _ => (b ^ c ^ d, 0xCA62_C1D6),
            };
            let t = a
                .rotate_left(5)
                .wrapping_add(f)
                .wrapping_add(e)
                .wrapping_add(k)
                .wrapping_add(*wi);
            e = d;
            d = c;
            c = b.rotate_left(30);
            b = a;
            a = t;
        }
        for (x, y) in h.iter_mut().zip([a, b, c, d, e]) {
            *x = x.wrapping_add(y);
        }
    }
    let mut out = [0u8; 20];
    for (o, b) in out.iter_mut().zip(h.iter().flat_map(|w| w.to_be_bytes())) {
        *o = b;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn etags_are_the_etag_packages() {
        // The tag every Express app sends for `[]` (res.send([])).
        assert_eq!(etag("[]"), "\"2-l9Fw4VUO7kr8CvBlt4zaMCqXZ0w\"");
        assert_eq!(etag(""), "\"0-2jmj7l5rSw0yVb/vlWAYkK/YBwk\"");
        // sha1("abc") = a9993e36…: base64 qZk+NkcGgWq6PiVxeFDCbJzQ2J0=.
        assert_eq!(etag("abc"), "\"3-qZk+NkcGgWq6PiVxeFDCbJzQ2J0\"");
    }

    #[test]
    fn routes_are_expresss() {
        let r = |method, path| {
            route(&Request {
                method,
                path,
                host: "localhost",
                body: None,
                json: false,
            })
        };
        assert!(matches!(r("GET", "/items"), Some(Route::List)));
        assert!(matches!(r("GET", "/Items/"), Some(Route::List)));
        assert!(matches!(r("POST", "/items?x=1"), Some(Route::Add)));
        assert!(matches!(r("PUT", "/items/abc"), Some(Route::Update("abc"))));
        assert!(matches!(r("DELETE", "/items"), Some(Route::NotFound)));
        assert!(r("GET", "/").is_none());
        assert!(r("GET", "/itemsx").is_none());
    }

    #[test]
    fn items_are_json_stringify() {
        let item = TodoItem {
            id: "a".into(),
            name: Some("say \"hi\"".into()),
            completed: true,
        };
        assert_eq!(
            item_json(&item, true),
            r#"{"id":"a","name":"say \"hi\"","completed":true}"#
        );
        let unnamed = TodoItem { name: None, ..item };
        assert_eq!(item_json(&unnamed, true), r#"{"id":"a","completed":true}"#);
        assert_eq!(
            item_json(&unnamed, false),
            r#"{"id":"a","name":null,"completed":true}"#
        );
    }
}
