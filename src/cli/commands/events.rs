//! `docker events`' filters and rendering: which events a `--filter` keeps (moby
//! `daemon/events/filter.go`), and each event as docker/cli `cli/command/system/events.go`
//! prints it: `prettyPrintEvent` by default, or the `--format` Go template run on the
//! `events.Message` (`Type`, `Action`, `Actor.ID`, `Actor.Attributes`, `Scope`, `Time`,
//! `TimeNano`), with `json` (or `{{json .}}`) giving the message's JSON.
//!
//! Rules:
//! - Values of one filter key are OR-ed, keys are AND-ed; a key absent from the filters keeps
//!   everything (moby `filters.Args.ExactMatch`/`FuzzyMatch`).
//! - `container=`, `network=`, `volume=`, `service=`: the actor's ID or its `name` attribute,
//!   exactly or as a prefix (`FuzzyMatch`), applied to events of every type, as moby does.
//! - `image=`: the actor's ID or its `image` attribute (`name` on image events), with or
//!   without the tag.
//!
//! - `daemon=`, `node=`: the same name match; `scope=`: every event here is `local`;
//!   `label=KEY` or `label=KEY=VALUE`: each must hold on the event's attributes, where a
//!   container's event carries its labels (`MatchKVList`).
//!
//! Not simulated: `{{json .}}` inside a longer template (it shows Go's field names, not the
//! JSON tags).

use crate::cli::Output;
use crate::engine::Event;
use crate::golang::template::{Template, Value};

/// The filters and the format a `docker events` runs with, kept while it follows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EventView {
    /// `(key, value)` of each `--filter key=value`.
    pub filters: Vec<(String, String)>,
    pub format: Option<String>,
}

/// The filter keys moby's events API accepts.
const KEYS: &[&str] = &[
    "container", "daemon", "event", "image", "label", "network", "node", "plugin", "scope",
    "service", "type", "volume", "config", "secret",
];

impl EventView {
    /// Parses the `--filter` values; `Err` is the text docker prints.
    pub fn new(filters: &[String], format: Option<String>) -> Result<EventView, Output> {
        let mut parsed = Vec::new();
        for f in filters {
            // docker/cli `opts.FilterOpt`: `key=value`, otherwise its error.
            let Some((key, value)) = f.split_once('=') else {
                return Err(Output::failed(
                    format!("invalid argument \"{f}\" for \"-f, --filter\" flag: bad format of filter (expected name=value)"),
                    125,
                ));
            };
            let key = key.trim().to_lowercase();
            if !KEYS.contains(&key.as_str()) {
                return Err(Output::failed(
                    format!("Error response from daemon: invalid filter '{key}'"),
                    1,
                ));
            }
            parsed.push((key, value.trim().to_string()));
        }
        let view = EventView {
            filters: parsed,
            format: format.filter(|f| !f.is_empty()),
        };
        // events.go `makeTemplate`: the template is tried on an empty message first.
        if let Some(template) = view.template() {
            let checked = Template::parse(&template)
                .map_err(|e| e.to_string())
                .and_then(|t| {
                    t.execute(&message(None))
                        .map(|_| ())
                        .map_err(|e| e.to_string())
                });
            // Go's empty message has a nil Attributes map: any key reads as no value there.
            if let Some(e) = checked
                .err()
                .filter(|e| !e.contains("map has no entry for key"))
            {
                return Err(Output::failed(format!("Error parsing format: {e}"), 64));
            }
        }
        Ok(view)
    }

    fn values(&self, key: &str) -> Vec<&str> {
        self.filters
            .iter()
            .filter(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
            .collect()
    }

    fn exact(&self, key: &str, candidates: &[&str]) -> bool {
        let wanted = self.values(key);
        wanted.is_empty() || wanted.iter().any(|w| candidates.contains(w))
    }

    fn fuzzy(&self, key: &str, candidates: &[&str]) -> bool {
        let wanted = self.values(key);
        wanted.is_empty()
            || wanted
                .iter()
                .any(|w| candidates.iter().any(|c| !c.is_empty() && c.starts_with(w)))
    }

    /// moby `filters.Args.MatchKVList`: every `label=KEY` or `label=KEY=VALUE` must hold.
    fn labels(&self, attributes: &std::collections::BTreeMap<String, String>) -> bool {
        self.values("label").iter().all(|wanted| {
            let (key, value) = match wanted.split_once('=') {
                Some((k, v)) => (k, Some(v)),
                None => (*wanted, None),
            };
            attributes
                .get(key)
                .is_some_and(|v| value.is_none_or(|want| want == v))
        })
    }

    /// moby `Filter.Include`.
    pub fn include(&self, e: &Event) -> bool {
        let name = e.attributes.get("name").map_or("", String::as_str);
        let fuzzy_name = |key: &str| self.fuzzy(key, &[e.actor.as_str(), name]);
        let image_attr = if e.kind == "image" { "name" } else { "image" };
        let image = e.attributes.get(image_attr).map_or("", String::as_str);
        self.exact("event", &[e.action])
            && self.exact("type", &[e.kind])
            && fuzzy_name("container")
            && fuzzy_name("network")
            && fuzzy_name("volume")
            && fuzzy_name("service")
            && fuzzy_name("plugin")
            && fuzzy_name("config")
            && fuzzy_name("secret")
            && fuzzy_name("daemon")
            && fuzzy_name("node")
            && self.exact("scope", &["local"])
            && self.labels(&e.attributes)
            && self.exact(
                "image",
                &[
                    e.actor.as_str(),
                    image,
                    strip_tag(&e.actor),
                    strip_tag(image),
                ],
            )
    }

    fn template(&self) -> Option<String> {
        match self.format.as_deref() {
            None => None,
            Some("json") => Some("{{json .}}".to_string()),
            Some(f) => Some(f.replace("\\t", "\t").replace("\\n", "\n")),
        }
    }

    /// One event as the command prints it.
    pub fn render(&self, e: &Event) -> Result<String, String> {
        let Some(template) = self.template() else {
            return Ok(pretty(e));
        };
        // `{{json .}}`: the message with its JSON names (`scope`, `time`, `timeNano`).
        if template.trim() == "{{json .}}" {
            return Ok(crate::golang::json::encode_no_html_escape(&json_message(e)));
        }
        let parsed = Template::parse(&template).map_err(|e| e.to_string())?;
        parsed.execute(&message(Some(e))).map_err(|e| e.to_string())
    }

    /// Renders `events` into `o`; a template error ends the command as docker's does.
    pub fn print<'a>(&self, o: &mut Output, events: impl Iterator<Item = &'a Event>) {
        for e in events.filter(|e| self.include(e)) {
            match self.render(e) {
                Ok(line) => o.out(line),
                Err(err) => {
                    o.err(err);
                    o.exit_code = 1;
                    return;
                }
            }
        }
    }
}

/// `reference.FamiliarName` of a parsed reference: the name without its tag.
fn strip_tag(image: &str) -> &str {
    let last_slash = image.rfind('/').map_or(0, |i| i + 1);
    match image.get(last_slash..).and_then(|tail| tail.find(':')) {
        Some(colon) => image.get(..last_slash + colon).unwrap_or(image),
        None => image,
    }
}

/// docker/cli `prettyPrintEvent`: time, type, action, actor ID, then the attributes sorted.
pub fn pretty(e: &Event) -> String {
    let attributes: Vec<String> = e
        .attributes
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect();
    let mut line = format!(
        "{} {} {} {}",
        e.time.rfc3339_nanos(),
        e.kind,
        e.action,
        e.actor
    );
    if !attributes.is_empty() {
        line.push_str(&format!(" ({})", attributes.join(", ")));
    }
    line
}

fn attributes(e: &Event) -> Value {
    Value::map(
        e.attributes
            .iter()
            .map(|(k, v)| (k.clone(), Value::str(v.clone())))
            .collect(),
    )
}

/// Seconds and nanoseconds since 1970 of the event: the same made-up fraction of a second
/// the default line prints (`Timestamp::rfc3339_nanos`).
fn times(e: &Event) -> (i64, i64) {
    let unix = i64::try_from(e.time.unix()).unwrap_or(i64::MAX);
    let line = e.time.rfc3339_nanos();
    let fraction = line
        .rsplit_once('.')
        .and_then(|(_, f)| f.trim_end_matches('Z').parse::<i64>().ok())
        .unwrap_or(0);
    (
        unix,
        unix.saturating_mul(1_000_000_000).saturating_add(fraction),
    )
}

/// `events.Message` for a template; `None`: the empty message `makeTemplate` tries.
fn message(e: Option<&Event>) -> Value {
    let (kind, action, id, attrs, scope, (time, nanos)) = match e {
        Some(e) => (
            e.kind,
            e.action,
            e.actor.clone(),
            attributes(e),
            "local",
            times(e),
        ),
        None => ("", "", String::new(), Value::map(Vec::new()), "", (0, 0)),
    };
    Value::structure(
        "events.Message",
        vec![
            ("Type", Value::str(kind)),
            ("Action", Value::str(action)),
            (
                "Actor",
                Value::structure(
                    "events.Actor",
                    vec![("ID", Value::Str(id)), ("Attributes", attrs)],
                ),
            ),
            ("Scope", Value::str(scope)),
            ("Time", Value::Int(time)),
            ("TimeNano", Value::Int(nanos)),
        ],
    )
}

/// The message as `encoding/json` writes it, with its tags' names.
fn json_message(e: &Event) -> Value {
    let (time, nanos) = times(e);
    Value::structure(
        "events.Message",
        vec![
            ("Type", Value::str(e.kind)),
            ("Action", Value::str(e.action)),
            (
                "Actor",
                Value::structure(
                    "events.Actor",
                    vec![
                        ("ID", Value::str(e.actor.clone())),
                        ("Attributes", attributes(e)),
                    ],
                ),
            ),
            ("scope", Value::str("local")),
            ("time", Value::Int(time)),
            ("timeNano", Value::Int(nanos)),
        ],
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strip_tag_keeps_the_registry_port() {
        assert_eq!(strip_tag("nginx:1.27"), "nginx");
        assert_eq!(strip_tag("localhost:5000/app:v1"), "localhost:5000/app");
        assert_eq!(strip_tag("localhost:5000/app"), "localhost:5000/app");
    }
}
