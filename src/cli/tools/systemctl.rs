//! The host's Docker daemon as a service: `systemctl restart|stop|start docker` (and
//! `service docker …`), `journalctl -u docker`, `cat /etc/docker/daemon.json`, and
//! `daemon-json`, Berth's stand-in for opening daemon.json in an editor.
//!
//! systemctl and journalctl print what systemd prints on a Debian host; `daemon-json` is
//! Berth's own command, so its words are Berth's.

use crate::cli::Output;
use crate::engine::docker::daemon::DAEMON_JSON;
use crate::engine::World;

const DAEMON_JSON_USAGE: &str = "Usage: daemon-json                  print /etc/docker/daemon.json\n       daemon-json set KEY VALUE    set a key (VALUE is JSON: false, 30, [\"a\"], or a word)\n       daemon-json unset KEY        remove a key\nThen `systemctl restart docker` makes dockerd read it.";

/// `-H` as docker prints it in errors: `tcp://` added when missing.
pub fn endpoint_url(endpoint: &str) -> String {
    if endpoint.contains("://") {
        endpoint.to_string()
    } else {
        format!("tcp://{endpoint}")
    }
}

/// What docker answers when dockerd does not run.
pub fn cannot_connect() -> Output {
    Output::failed(
        "Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?",
        1,
    )
}

/// `systemctl VERB docker` / `service docker VERB`.
pub fn systemctl(world: &mut World, host: &str, args: &[String]) -> Output {
    let words: Vec<&str> = args.iter().map(String::as_str).collect();
    let (verb, unit) =
        match words.as_slice() {
            [verb, unit] => (*verb, unit.trim_end_matches(".service")),
            _ => return Output::failed(
                "berth: systemctl here manages dockerd: systemctl restart|stop|start|status docker",
                1,
            ),
        };
    if unit != "docker" {
        return Output::failed(
            format!("Failed to {verb} {unit}.service: Unit {unit}.service not found."),
            5,
        );
    }
    match verb {
        "restart" | "start" => {
            let running = world.host(host).is_ok_and(|h| h.daemon.running);
            if verb == "start" && running {
                return Output::default();
            }
            let result = if verb == "restart" {
                world.daemon_restart(host)
            } else {
                world.daemon_start_service(host)
            };
            match result {
                Ok(()) => Output::default(),
                Err(_) => Output::failed(
                    "Job for docker.service failed because the control process exited with error code.\nSee \"systemctl status docker.service\" and \"journalctl -xeu docker.service\" for details.",
                    1,
                ),
            }
        }
        "stop" => {
            world.daemon_shutdown(host);
            let mut o = Output::default();
            o.err("Warning: Stopping docker.service, but it can still be activated by:\n  docker.socket");
            o
        }
        "status" => {
            let Ok(h) = world.host(host) else {
                return Output::default();
            };
            let mut o = Output::default();
            let active = if h.daemon.running {
                "active (running)"
            } else {
                "failed (Result: exit-code)"
            };
            o.out(format!("● docker.service - Docker Application Container Engine\n     Loaded: loaded (/usr/lib/systemd/system/docker.service; enabled; preset: enabled)\n     Active: {active}"));
            if !h.daemon.running {
                o.exit_code = 3;
            }
            o
        }
        other => Output::failed(
            format!(
                "berth: systemctl {other} is not simulated; restart, stop, start and status are."
            ),
            1,
        ),
    }
}

/// `journalctl -u docker [-n N]`: what dockerd and systemd logged at its last start.
pub fn journalctl(world: &World, host: &str, args: &[String]) -> Output {
    let words: Vec<&str> = args.iter().map(String::as_str).collect();
    let about_docker = words.iter().enumerate().any(|(i, w)| {
        let unit = match *w {
            "-u" | "--unit" => words.get(i + 1).copied(),
            w if w.starts_with("-u") && w.len() > 2 => w.get(2..),
            w if w.starts_with("-xeu") => w.get(4..).or(words.get(i + 1).copied()),
            w if w.starts_with("--unit=") => w.get(7..),
            _ => None,
        };
        unit.is_some_and(|u| u.trim_end_matches(".service") == "docker")
    });
    if !about_docker {
        return Output::failed(
            "berth: journalctl here shows dockerd's log: journalctl -u docker",
            1,
        );
    }
    let Ok(h) = world.host(host) else {
        return Output::default();
    };
    let (_, month, day, hh, mm, ss) = world.now().civil();
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let stamp = format!(
        "{} {day:02} {hh:02}:{mm:02}:{ss:02} {host}",
        MONTHS
            .get(month.saturating_sub(1) as usize)
            .copied()
            .unwrap_or("Jan")
    );
    let mut o = Output::default();
    if h.daemon.log.is_empty() {
        o.out("-- No entries --");
        return o;
    }
    let last = words
        .iter()
        .position(|w| *w == "-n" || *w == "--lines")
        .and_then(|i| words.get(i + 1))
        .and_then(|n| n.parse::<usize>().ok())
        .unwrap_or(usize::MAX);
    let skip = h.daemon.log.len().saturating_sub(last);
    for line in h.daemon.log.iter().skip(skip) {
        match line.strip_prefix("dockerd: ") {
            Some(rest) => o.out(format!("{stamp} dockerd[812]: {rest}")),
            None => o.out(format!("{stamp} systemd[1]: {line}")),
        }
    }
    o
}

/// `cat /etc/docker/daemon.json`.
pub fn cat_daemon_json(world: &World, host: &str) -> Output {
    match world.host(host).ok().and_then(|h| h.daemon.file.clone()) {
        Some(text) => {
            let mut o = Output::default();
            o.out(text);
            o
        }
        None => Output::failed(format!("cat: {DAEMON_JSON}: No such file or directory"), 1),
    }
}

/// `daemon-json [set KEY VALUE | unset KEY]`.
pub fn daemon_json(world: &mut World, host: &str, args: &[String]) -> Output {
    let words: Vec<&str> = args.iter().map(String::as_str).collect();
    let edit = match words.as_slice() {
        [] => return cat_daemon_json(world, host),
        ["set", key, value] => world.daemon_json_edit(host, key, Some(value)),
        ["unset", key] => world.daemon_json_edit(host, key, None),
        _ => return Output::failed(DAEMON_JSON_USAGE, 1),
    };
    match edit {
        Ok(()) => cat_daemon_json(world, host),
        Err(e) => Output::failed(format!("berth: {e}"), 1),
    }
}
