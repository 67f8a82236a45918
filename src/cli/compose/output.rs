//! Compose's words on a terminal: the progress block (`[+] Running 3/3`, ` ✔ Network
//! app_default  Created  0.1s `), `ps`'s table, `logs`' prefixes.
//!
//! The progress block is docker/compose v2.40.3's TTY writer (`pkg/progress/tty.go`) in its
//! final state: what a terminal shows once the command returns, after the spinner frames
//! were redrawn in place. The plain writer (`plain.go`, for a pipe or `--progress plain`)
//! prints every intermediate event (`Container app-web-1  Creating`) instead; a learner at a
//! terminal sees the TTY's last frame, so that is the one kept. Its layout: the status column
//! starts after the longest `ID TEXT`, and the timer is right-aligned to the terminal's width
//! ([`TERMINAL_WIDTH`] columns here). Times are the simulation's, not a clock's: each event
//! takes [`Event::tenths`] tenths of a second, fixed per kind, so every run prints the same.
//! Colours are left out (the TTY writer's `aec` colours are ANSI escapes).
//!
//! The progress writer writes to stderr (`s.stdinfo()`), as Compose does.

/// The width the timers align to: a classic 80-column terminal (goterm's fallback).
pub const TERMINAL_WIDTH: usize = 80;

/// An event's state (`progress.EventStatus`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Done,
    Warning,
    Error,
}

/// One progress event, in its final state (`progress.Event`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    /// `Network app_default`, `Container app-web-1`, `web` (a pull).
    pub id: String,
    /// A pulled layer's service.
    pub parent: Option<String>,
    /// `Pulled`, `Pull complete` (most events have none).
    pub text: String,
    /// `Created`, `Started`, `Removed`…
    pub status_text: String,
    pub status: Status,
    /// How long the event took, in tenths of a second.
    pub tenths: u32,
}

impl Event {
    pub fn done(id: impl Into<String>, status_text: &str, tenths: u32) -> Event {
        Event {
            id: id.into(),
            parent: None,
            text: String::new(),
            status_text: status_text.to_string(),
            status: Status::Done,
            tenths,
        }
    }

    pub fn with_status(mut self, status: Status) -> Event {
        self.status = status;
        self
    }
}

/// The events of one command, in the order they first appeared.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Progress {
    pub title: &'static str,
    pub events: Vec<Event>,
}

impl Progress {
    pub fn new(title: &'static str) -> Progress {
        Progress {
            title,
            events: Vec::new(),
        }
    }

    pub fn push(&mut self, event: Event) {
        // A later event for the same ID replaces it (`ttyWriter.event`).
        match self.events.iter_mut().find(|e| e.id == event.id) {
            Some(e) => *e = event,
            None => self.events.push(event),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.events.is_empty()
    }

    /// `ttyWriter.print` once every event is done.
    pub fn render(&self) -> Vec<String> {
        if self.events.is_empty() {
            return Vec::new();
        }
        let mut lines = vec![format!(
            "[+] {} {}/{}",
            self.title,
            self.events.len(),
            self.events.len()
        )];
        // The same odd padding rule as tty.go: a child event shortens the running maximum.
        let mut status_padding = 0usize;
        for e in &self.events {
            let l = e.id.chars().count() + 1 + e.text.chars().count();
            status_padding = status_padding.max(l);
            if e.parent.is_some() {
                status_padding = status_padding.saturating_sub(2);
            }
        }
        for e in self.events.iter().filter(|e| e.parent.is_none()) {
            lines.push(line(e, "", status_padding));
            for child in self
                .events
                .iter()
                .filter(|c| c.parent.as_deref() == Some(e.id.as_str()))
            {
                lines.push(line(child, "  ", status_padding));
            }
        }
        lines
    }
}

/// `ttyWriter.lineText` for a finished event.
fn line(e: &Event, pad: &str, status_padding: usize) -> String {
    let spinner = match e.status {
        Status::Done => "✔",
        Status::Warning => "!",
        Status::Error => "✘",
    };
    let txt = format!("{} {}", e.id, e.text);
    let text_len = txt.chars().count();
    let padding = status_padding.saturating_sub(text_len);
    // A status too long for the line is cut, with `...` (tty.go `maxStatusLen`).
    let max_status = TERMINAL_WIDTH
        .saturating_sub(text_len)
        .saturating_sub(status_padding)
        .saturating_sub(15);
    let status: String = if max_status > 0 && e.status_text.chars().count() > max_status {
        let cut: String = e.status_text.chars().take(max_status).collect();
        format!("{cut}...")
    } else {
        e.status_text.clone()
    };
    let text = format!("{pad} {spinner} {txt}{} {status}", " ".repeat(padding));
    let timer = format!("{}.{}s ", e.tenths / 10, e.tenths % 10);
    let used = text.chars().count() + timer.chars().count();
    let fill = TERMINAL_WIDTH.saturating_sub(used);
    format!("{text}{}{timer}", " ".repeat(fill))
}

/// `docker compose logs`' prefix: the container's name without the project (`web-1`), padded
/// to the longest, then ` | ` (docker/compose `cmd/formatter/logs.go`).
pub fn log_prefix(name: &str, width: usize) -> String {
    format!("{name:width$} | ")
}

/// A YAML scalar as go-yaml v3 writes it: plain when it reads back as the same string,
/// else double-quoted.
fn yaml_scalar(s: &str) -> String {
    let looks_typed = s.is_empty()
        || s.parse::<f64>().is_ok()
        || matches!(
            s.to_ascii_lowercase().as_str(),
            "true" | "false" | "yes" | "no" | "on" | "off" | "null" | "~" | "y" | "n"
        );
    // `-`, `?` and `:` start an indicator only before a space (libyaml's emitter).
    let indicator =
        matches!(s.get(..1), Some("-" | "?" | ":")) && (s.len() == 1 || s.get(1..2) == Some(" "));
    let special = indicator
        || s.starts_with(|c: char| ",[]{}#&*!|>'\"%@`".contains(c) || c == ' ')
        || s.ends_with(' ')
        || s.contains(": ")
        || s.contains(" #")
        || s.ends_with(':')
        || s.contains('\n')
        || s.contains('\t');
    if looks_typed || special {
        let escaped = s
            .replace('\\', "\\\\")
            .replace('"', "\\\"")
            .replace('\n', "\\n")
            .replace('\t', "\\t");
        format!("\"{escaped}\"")
    } else {
        s.to_string()
    }
}

/// A small YAML writer: `key: value` lines and `- ` items, two spaces per level.
struct Yaml {
    out: String,
}

impl Yaml {
    fn line(&mut self, depth: usize, text: &str) {
        self.out.push_str(&"  ".repeat(depth));
        self.out.push_str(text);
        self.out.push('\n');
    }

    fn key(&mut self, depth: usize, key: &str) {
        self.line(depth, &format!("{}:", yaml_scalar(key)));
    }

    fn value(&mut self, depth: usize, key: &str, value: &str) {
        self.line(
            depth,
            &format!("{}: {}", yaml_scalar(key), yaml_scalar(value)),
        );
    }

    fn raw(&mut self, depth: usize, key: &str, value: &str) {
        self.line(depth, &format!("{}: {value}", yaml_scalar(key)));
    }

    fn list(&mut self, depth: usize, key: &str, items: &[String]) {
        self.key(depth, key);
        for item in items {
            self.line(depth + 1, &format!("- {}", yaml_scalar(item)));
        }
    }

    fn map(&mut self, depth: usize, key: &str, map: &std::collections::BTreeMap<String, String>) {
        if map.is_empty() {
            return;
        }
        self.key(depth, key);
        for (k, v) in map {
            self.value(depth + 1, k, v);
        }
    }
}

/// `docker compose config`: the project as compose-go's `MarshalYAML` prints it, each
/// object's keys in its type's field order, empty ones left out.
pub fn config_yaml(project: &super::model::Project) -> String {
    let mut y = Yaml { out: String::new() };
    y.value(0, "name", &project.name);
    y.key(0, "services");
    for s in project.services.values() {
        y.key(1, &s.name);
        let d = 2;
        if let Some(b) = &s.build {
            y.key(d, "build");
            y.value(d + 1, "context", &b.context);
            y.value(d + 1, "dockerfile", &b.dockerfile);
        }
        if let Some(c) = &s.command {
            y.list(d, "command", c);
        }
        if let Some(n) = &s.container_name {
            y.value(d, "container_name", n);
        }
        if !s.depends_on.is_empty() {
            y.key(d, "depends_on");
            for (name, dep) in &s.depends_on {
                y.key(d + 1, name);
                y.value(d + 2, "condition", dep.condition.as_str());
                if dep.restart {
                    y.raw(d + 2, "restart", "true");
                }
                y.raw(
                    d + 2,
                    "required",
                    if dep.required { "true" } else { "false" },
                );
            }
        }
        if let Some(e) = &s.entrypoint {
            y.list(d, "entrypoint", e);
        }
        if !s.environment.is_empty() {
            y.key(d, "environment");
            for (k, v) in &s.environment {
                match v {
                    Some(v) => y.value(d + 1, k, v),
                    None => y.raw(d + 1, k, "null"),
                }
            }
        }
        if !s.env_files.is_empty() {
            y.key(d, "env_file");
            for f in &s.env_files {
                y.line(d + 1, &format!("- path: {}", yaml_scalar(f)));
                y.raw(d + 2, "required", "true");
            }
        }
        if !s.expose.is_empty() {
            y.list(d, "expose", &s.expose);
        }
        if let Some(h) = &s.hostname {
            y.value(d, "hostname", h);
        }
        if let Some(h) = &s.healthcheck {
            y.key(d, "healthcheck");
            if !h.test.is_empty() {
                y.list(d + 1, "test", &h.test);
            }
            if let Some(t) = &h.timeout {
                y.value(d + 1, "timeout", t);
            }
            if let Some(i) = &h.interval {
                y.value(d + 1, "interval", i);
            }
            if let Some(r) = h.retries {
                y.raw(d + 1, "retries", &r.to_string());
            }
            if let Some(p) = &h.start_period {
                y.value(d + 1, "start_period", p);
            }
            if h.disable {
                y.raw(d + 1, "disable", "true");
            }
        }
        if let Some(i) = &s.image {
            y.value(d, "image", i);
        }
        y.map(d, "labels", &s.labels);
        if !s.networks.is_empty() {
            y.key(d, "networks");
            for (name, n) in &s.networks {
                if n.aliases.is_empty() && n.ipv4_address.is_none() {
                    y.raw(d + 1, name, "null");
                    continue;
                }
                y.key(d + 1, name);
                if !n.aliases.is_empty() {
                    y.list(d + 2, "aliases", &n.aliases);
                }
                if let Some(a) = &n.ipv4_address {
                    y.value(d + 2, "ipv4_address", a);
                }
            }
        }
        if !s.ports.is_empty() {
            y.key(d, "ports");
            for p in &s.ports {
                y.line(d + 1, "- mode: ingress");
                if let Some(ip) = &p.host_ip {
                    y.value(d + 2, "host_ip", ip);
                }
                y.raw(d + 2, "target", &p.target.to_string());
                if let Some(published) = &p.published {
                    // compose-go keeps `published` a string: go-yaml quotes the number.
                    y.value(d + 2, "published", published);
                }
                y.value(d + 2, "protocol", &p.protocol);
            }
        }
        if let Some(r) = &s.restart {
            y.value(d, "restart", r);
        }
        if s.stdin_open {
            y.raw(d, "stdin_open", "true");
        }
        if s.tty {
            y.raw(d, "tty", "true");
        }
        if let Some(u) = &s.user {
            y.value(d, "user", u);
        }
        if !s.volumes.is_empty() {
            y.key(d, "volumes");
            for v in &s.volumes {
                y.line(d + 1, &format!("- type: {}", v.kind.as_str()));
                if let Some(src) = &v.source {
                    y.value(d + 2, "source", src);
                }
                y.value(d + 2, "target", &v.target);
                if v.read_only {
                    y.raw(d + 2, "read_only", "true");
                }
                match v.kind {
                    super::model::VolumeKind::Bind => {
                        y.key(d + 2, "bind");
                        y.raw(d + 3, "create_host_path", "true");
                    }
                    super::model::VolumeKind::Volume => y.raw(d + 2, "volume", "{}"),
                }
            }
        }
        if let Some(w) = &s.working_dir {
            y.value(d, "working_dir", w);
        }
    }
    if !project.networks.is_empty() {
        y.key(0, "networks");
        for (key, n) in &project.networks {
            y.key(1, key);
            y.value(2, "name", &n.name);
            if let Some(driver) = &n.driver {
                y.value(2, "driver", driver);
            }
            y.map(2, "driver_opts", &n.driver_opts);
            if !n.ipam.is_empty() {
                y.key(2, "ipam");
                y.key(3, "config");
                for pool in &n.ipam {
                    let mut first = true;
                    for (k, v) in [
                        ("subnet", &pool.subnet),
                        ("gateway", &pool.gateway),
                        ("ip_range", &pool.ip_range),
                    ] {
                        let Some(v) = v else { continue };
                        let text = format!("{k}: {}", yaml_scalar(v));
                        if first {
                            y.line(4, &format!("- {text}"));
                            first = false;
                        } else {
                            y.line(5, &text);
                        }
                    }
                }
            }
            if n.external {
                y.raw(2, "external", "true");
            }
            if n.internal {
                y.raw(2, "internal", "true");
            }
            if n.attachable {
                y.raw(2, "attachable", "true");
            }
            y.map(2, "labels", &n.labels);
        }
    }
    if !project.volumes.is_empty() {
        y.key(0, "volumes");
        for (key, v) in &project.volumes {
            y.key(1, key);
            y.value(2, "name", &v.name);
            if let Some(driver) = &v.driver {
                y.value(2, "driver", driver);
            }
            if v.external {
                y.raw(2, "external", "true");
            }
            y.map(2, "labels", &v.labels);
        }
    }
    y.out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_final_frame_of_the_tty_writer() {
        let mut p = Progress::new("Running");
        p.push(Event::done("Network app_default", "Created", 1));
        p.push(Event::done("Container app-web-1", "Started", 4));
        let lines = p.render();
        assert_eq!(lines[0], "[+] Running 2/2");
        assert_eq!(
            lines[1],
            format!(" ✔ Network app_default  Created{}0.1s ", " ".repeat(44))
        );
        assert_eq!(lines[1].chars().count(), TERMINAL_WIDTH);
        assert!(lines[2].starts_with(" ✔ Container app-web-1  Started "));
    }
}
