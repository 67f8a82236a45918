//! `docker logs`: what the container's main process printed (docker/cli `logs.go`). With
//! `-f` on a running container the command keeps running: it hands the session a
//! [`Follow`](crate::cli::Follow) that prints each new line until the container stops or
//! Ctrl-C ends the client (the container keeps running).
//!
//! Each kept line has the second it was printed (`Container::log_line_times`; lines from
//! before any mark count from the start): `-t` prints it first as moby's `RFC3339NanoFixed`,
//! `--since` and `--until` (moby `client/internal/timestamp` forms: a Go duration, Unix
//! seconds, RFC 3339) keep the lines between, `--until` ends a follow at once.
//!
//! Not simulated: `--details`.

use crate::cli::flags::{Flag, Spec};
use crate::cli::{exact_args, parse_flags, Docker, Output};
use crate::engine::docker::caller::Caller;
use crate::engine::World;

pub const SPEC: Spec = Spec {
    path: "docker logs",
    use_line: "docker logs [OPTIONS] CONTAINER",
    description: "Fetch the logs of a container",
    aliases: "docker container logs, docker logs",
    flags: &[
        Flag::bool("details", None, "Show extra details provided to logs").not_simulated(),
        Flag::bool("follow", Some('f'), "Follow log output"),
        Flag::value("since", None, "string", "Show logs since timestamp (e.g. \"2013-01-02T13:23:37Z\") or relative (e.g. \"42m\" for 42 minutes)"),
        Flag::value("tail", Some('n'), "string", "Number of lines to show from the end of the logs").with_default("\"all\""),
        Flag::bool("timestamps", Some('t'), "Show timestamps"),
        Flag::value("until", None, "string", "Show logs before a timestamp (e.g. \"2013-01-02T13:23:37Z\") or relative (e.g. \"42m\" for 42 minutes)"),
    ],
    interspersed: true,
    excluded: &[],
};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContainerLogs {
    pub container: String,
    pub tail: Option<String>,
    /// `-f`: keep printing new lines.
    pub follow: bool,
    /// `-t`: each line after the time it was printed.
    pub timestamps: bool,
    /// `--since`, `--until`: as typed (moby `client/internal/timestamp`).
    pub since: Option<String>,
    pub until: Option<String>,
}

pub fn parse(words: &[String]) -> Result<Docker, Output> {
    let Some(parsed) = parse_flags(&SPEC, words)? else {
        return Ok(Docker::Help(&SPEC));
    };
    let [container] = parsed.args.as_slice() else {
        return Err(exact_args(&SPEC, 1));
    };
    Ok(Docker::ContainerLogs(ContainerLogs {
        container: container.clone(),
        tail: parsed.value("tail").map(String::from),
        follow: parsed.is_set("follow"),
        timestamps: parsed.is_set("timestamps"),
        since: parsed.value("since").map(String::from),
        until: parsed.value("until").map(String::from),
    }))
}

impl ContainerLogs {
    pub fn execute(self, world: &mut World, host: &str, caller: &Caller) -> Output {
        let container = match world.container_logs(host, caller, &self.container) {
            Ok(c) => c,
            Err(e) => return Output::failed(super::daemon_error(&e), 1),
        };
        let lines = &container.logs;
        // moby `client/container_logs.go`: the client parses both bounds before it asks.
        let now = world.now();
        let mut bounds = [(None, "since", &self.since), (None, "until", &self.until)];
        for (bound, name, text) in bounds.iter_mut() {
            if let Some(text) = text {
                match super::system::parse_time(text, now) {
                    Some(t) => *bound = Some(t),
                    None => {
                        return Output::failed(
                            format!("invalid value for \"{name}\": failed to parse value as time or duration: \"{text}\""),
                            1,
                        )
                    }
                }
            }
        }
        let [(since, ..), (until, ..)] = bounds;
        // A line the engine kept no time for was printed as the process started.
        let started = match container.state {
            crate::engine::docker::container::State::Running { started_at, .. } => started_at,
            _ => container.created,
        };
        let times = container.log_line_times();
        let kept: Vec<(&String, crate::engine::Timestamp)> = lines
            .iter()
            .zip(times.iter().map(|t| t.unwrap_or(started)))
            // moby `daemon/logger`: a line `Before(since)` is skipped, reading stops at the
            // first `After(until)`; on the logical clock both bounds are whole seconds.
            .filter(|(_, t)| since.is_none_or(|s| *t >= s) && until.is_none_or(|u| *t <= u))
            .collect();
        // moby: `--tail` is a number or "all"; anything else means all as well.
        let skip = match self.tail.as_deref().map(str::parse::<usize>) {
            Some(Ok(n)) => kept.len().saturating_sub(n),
            _ => 0,
        };
        let mut o = Output::default();
        for (line, at) in kept.iter().skip(skip) {
            if self.timestamps {
                // moby `daemon/logs.go`: `jsonmessage.RFC3339NanoFixed`, then a space.
                o.out(format!("{} {line}", at.rfc3339_nanos()));
            } else {
                o.out((*line).clone());
            }
        }
        // moby `daemon/logs.go`: following a stopped container ends at once.
        if self.follow && container.is_running() && self.until.is_none() {
            let source = crate::cli::LogSource {
                container_id: container.id.clone(),
                prefix: String::new(),
                shown: container.logs_dropped.saturating_add(lines.len() as u64),
                timestamps: self.timestamps,
            };
            o.follow = Some(Box::new(crate::cli::Follow::new(
                host,
                caller,
                crate::cli::FollowKind::Logs(vec![source]),
            )));
        }
        o
    }
}
