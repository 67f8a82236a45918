//! `docker network ls`: `NETWORK ID  NAME  DRIVER  SCOPE`, sorted by name in natural order
//! (docker/cli `cli/command/network/list.go`, `formatter.go`; reference C.3).

use crate::cli::flags::{Flag, Spec, FORMAT_TABLE_HELP};
use crate::cli::format::{render_rows, Rows};
use crate::cli::{accepts_no_args, parse_flags, Docker, Output};
use crate::engine::docker::caller::Caller;
use crate::engine::{Network, World};
use crate::golang::Value;

pub const SPEC: Spec = Spec {
    path: "docker network ls",
    use_line: "docker network ls [OPTIONS]",
    description: "List networks",
    aliases: "docker network ls, docker network list",
    flags: &[
        Flag::value(
            "filter",
            Some('f'),
            "filter",
            "Provide filter values (e.g. \"driver=bridge\")",
        ),
        Flag::value("format", None, "string", FORMAT_TABLE_HELP),
        Flag::bool("no-trunc", None, "Do not truncate the output"),
        Flag::bool("quiet", Some('q'), "Only display network IDs"),
    ],
    interspersed: true,
    excluded: &[],
};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NetworkLs {
    pub format: Option<String>,
    pub filters: Vec<(String, String)>,
    pub no_trunc: bool,
    pub quiet: bool,
}

pub fn parse(words: &[String]) -> Result<Docker, Output> {
    let Some(parsed) = parse_flags(&SPEC, words)? else {
        return Ok(Docker::Help(&SPEC));
    };
    if !parsed.args.is_empty() {
        return Err(accepts_no_args(&SPEC));
    }
    let filters = crate::cli::parse_filters(&SPEC, &parsed)?;
    Ok(Docker::NetworkLs(NetworkLs {
        format: parsed.value("format").map(String::from),
        filters,
        no_trunc: parsed.is_set("no-trunc"),
        quiet: parsed.is_set("quiet"),
    }))
}

/// moby `daemon/network/filter.go`: values of one key are OR-ed, keys are AND-ed.
fn matches(n: &Network, filters: &[(String, String)]) -> Result<bool, String> {
    for (key, value) in filters {
        match key.as_str() {
            "driver" | "name" | "id" | "scope" | "label" => {}
            "type" if value == "custom" || value == "builtin" => {}
            "type" => return Err(format!("invalid filter: 'type'='{value}'")),
            "dangling" => return Err("berth: the `dangling` filter is not simulated yet".into()),
            other => return Err(format!("invalid filter '{other}'")),
        }
    }
    let one = |key: &str, v: &str| match key {
        "driver" => n.driver.as_str() == v,
        "name" => n.name.contains(v),
        "id" => n.id.starts_with(v),
        "scope" => v == n.scope(),
        "type" => (v == "custom") == n.is_user_defined(),
        _ => match v.split_once('=') {
            Some((k, val)) => n.labels.get(k).is_some_and(|x| x == val),
            None => n.labels.contains_key(v),
        },
    };
    Ok(filters.iter().all(|(key, _)| {
        filters
            .iter()
            .filter(|(k, _)| k == key)
            .any(|(k, v)| one(k, v))
    }))
}

/// `sortorder.NaturalLess`: digit runs compare as numbers, so `net2` sorts before `net10`.
pub fn natural_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    let (mut x, mut y) = (a.chars().peekable(), b.chars().peekable());
    loop {
        match (x.peek().copied(), y.peek().copied()) {
            (None, None) => return std::cmp::Ordering::Equal,
            (None, Some(_)) => return std::cmp::Ordering::Less,
            (Some(_), None) => return std::cmp::Ordering::Greater,
            (Some(c), Some(d)) if c.is_ascii_digit() && d.is_ascii_digit() => {
                let mut m = String::new();
                while let Some(c) = x.peek().copied().filter(char::is_ascii_digit) {
                    m.push(c);
                    x.next();
                }
                let mut n = String::new();
                while let Some(d) = y.peek().copied().filter(char::is_ascii_digit) {
                    n.push(d);
                    y.next();
                }
                let (mt, nt) = (m.trim_start_matches('0'), n.trim_start_matches('0'));
                let ord = mt.len().cmp(&nt.len()).then(mt.cmp(nt));
                if ord != std::cmp::Ordering::Equal {
                    return ord;
                }
            }
            (Some(c), Some(d)) => {
                if c != d {
                    return c.cmp(&d);
                }
                x.next();
                y.next();
            }
        }
    }
}

impl NetworkLs {
    pub fn execute(self, world: &mut World, host: &str, caller: &Caller) -> Output {
        let networks = match world.network_list(host, caller) {
            Ok(n) => n,
            Err(e) => return Output::failed(super::daemon_error(&e), 1),
        };
        let mut shown = Vec::new();
        for n in networks {
            match matches(n, &self.filters) {
                Ok(true) => shown.push(n),
                Ok(false) => {}
                Err(e) if e.starts_with("berth:") => return Output::failed(e, 1),
                Err(e) => return Output::failed(format!("Error response from daemon: {e}"), 1),
            }
        }
        shown.sort_by(|a, b| natural_cmp(&a.name, &b.name));
        let id = |n: &Network| {
            if self.no_trunc {
                n.id.clone()
            } else {
                n.short_id().to_string()
            }
        };
        let mut o = Output::default();
        if self.quiet {
            for n in shown {
                o.out(id(n));
            }
            return o;
        }
        let rows = shown
            .iter()
            .map(|n| {
                let labels: Vec<String> =
                    n.labels.iter().map(|(k, v)| format!("{k}={v}")).collect();
                vec![
                    ("ID", Value::Str(id(n))),
                    ("Name", Value::str(&n.name)),
                    ("Driver", Value::str(n.driver.as_str())),
                    ("Scope", Value::str(n.scope())),
                    ("IPv6", Value::Bool(false)),
                    ("Internal", Value::Bool(n.internal)),
                    ("Labels", Value::Str(labels.join(","))),
                    ("CreatedAt", Value::Str(n.created.go_string())),
                ]
            })
            .collect();
        match render_rows(
            self.format.as_deref().unwrap_or("table"),
            Rows {
                type_name: "*formatter.networkContext",
                headers: &[
                    ("ID", "NETWORK ID"),
                    ("Name", "NAME"),
                    ("Driver", "DRIVER"),
                    ("Scope", "SCOPE"),
                    ("IPv6", "IPV6"),
                    ("Internal", "INTERNAL"),
                    ("Labels", "LABELS"),
                    ("CreatedAt", "CREATED AT"),
                ],
                default_table: "table {{.ID}}\\t{{.Name}}\\t{{.Driver}}\\t{{.Scope}}",
                rows,
            },
        ) {
            Ok(lines) => {
                for line in lines {
                    o.out(line);
                }
                o
            }
            Err(e) => Output::failed(e, 1),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::natural_cmp;
    use std::cmp::Ordering::*;

    #[test]
    fn natural_order() {
        assert_eq!(natural_cmp("net2", "net10"), Less);
        assert_eq!(natural_cmp("alpine-net", "bridge"), Less);
        assert_eq!(natural_cmp("a", "a"), Equal);
        assert_eq!(natural_cmp("b1", "a2"), Greater);
    }
}
