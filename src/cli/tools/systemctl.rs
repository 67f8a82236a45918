//! The host's Docker daemon as a service: `systemctl restart|stop|start docker` (and
//! `service docker …`), `journalctl -u docker`, `cat /etc/docker/daemon.json`, and
//! `daemon-json`, Berth's stand-in for opening daemon.json in an editor.
//!
//! systemctl and journalctl print what systemd prints on a Debian host; `daemon-json` is
//! Berth's own command, so its words are Berth's.

use crate::cli::Output;
use crate::engine::clock::Timestamp;
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
        "status" => status(world, host),
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
    let stamp = journal_stamp(h.daemon.since, host);
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
        o.out(journal_line(&stamp, h.daemon.since, line));
    }
    o
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// journald's short format: `Mar 01 09:00:06 host1`.
fn journal_stamp(at: Timestamp, host: &str) -> String {
    let (_, month, day, hh, mm, ss) = at.civil();
    let month = MONTHS
        .get(month.saturating_sub(1) as usize)
        .copied()
        .unwrap_or("Jan");
    format!("{month} {day:02} {hh:02}:{mm:02}:{ss:02} {host}")
}

/// One line of the journal: systemd's own, or dockerd's with logrus' text format
/// (`time="…" level=info msg="…"`, what dockerd writes to a journal that is not a terminal).
fn journal_line(stamp: &str, at: Timestamp, line: &str) -> String {
    match line.strip_prefix("dockerd: ") {
        Some(rest) if rest.starts_with("level=") => format!(
            "{stamp} dockerd[{DOCKERD_PID}]: time=\"{}\" {rest}",
            at.rfc3339_nanos()
        ),
        Some(rest) => format!("{stamp} dockerd[{DOCKERD_PID}]: {rest}"),
        None => format!("{stamp} systemd[1]: {line}"),
    }
}

/// dockerd's PID on every host (stable, as the journal shows it).
const DOCKERD_PID: u32 = 812;

/// systemd's `format_timestamp_relative` (`src/basic/time-util.c`): `5min ago`,
/// `1h 2min ago`, `3s ago`.
fn relative(seconds: u64) -> String {
    let (m, h, d) = (60, 3600, 86_400);
    match seconds {
        0 => "now".to_string(),
        s if s >= 2 * d => format!("{} days ago", s / d),
        s if s >= 25 * h => format!("1 day {}h ago", (s - d) / h),
        s if s >= 6 * h => format!("{}h ago", s / h),
        s if s >= h => format!("{}h {}min ago", s / h, s % h / m),
        s if s >= 5 * m => format!("{}min ago", s / m),
        s if s >= m => format!("{}min {}s ago", s / m, s % m),
        s => format!("{s}s ago"),
    }
}

/// systemd's timestamp: `Sun 2026-03-01 09:00:06 UTC`.
fn timestamp(at: Timestamp) -> String {
    const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    let (y, mo, d, hh, mm, ss) = at.civil();
    let weekday = DAYS
        .get((at.unix() / 86_400 % 7) as usize)
        .copied()
        .unwrap_or("Thu");
    format!("{weekday} {y:04}-{mo:02}-{d:02} {hh:02}:{mm:02}:{ss:02} UTC")
}

/// `systemctl status docker`, in systemd 255's layout (Ubuntu 24.04): the unit, how it was
/// loaded, its state since when, what triggers it, its docs, its main process and control
/// group, then the last lines of its journal. Exit status 3 when not running (LSB).
fn status(world: &World, host: &str) -> Output {
    let Ok(h) = world.host(host) else {
        return Output::default();
    };
    let since = h.daemon.since;
    let ago = relative(world.now().seconds_since(since));
    let failed = !h.daemon.running
        && h.daemon
            .log
            .last()
            .is_some_and(|l| l.starts_with("Failed to start"));
    let mut o = Output::default();
    o.out("● docker.service - Docker Application Container Engine");
    o.out("     Loaded: loaded (/usr/lib/systemd/system/docker.service; enabled; preset: enabled)");
    let dockerd = "/usr/bin/dockerd -H fd:// --containerd=/run/containerd/containerd.sock";
    if h.daemon.running {
        o.out(format!(
            "     Active: active (running) since {}; {ago}",
            timestamp(since)
        ));
        o.out("TriggeredBy: ● docker.socket");
        o.out("       Docs: https://docs.docker.com");
        o.out(format!("   Main PID: {DOCKERD_PID} (dockerd)"));
        let running = h.containers.values().filter(|c| c.is_running()).count();
        o.out(format!("      Tasks: {}", 9 + running));
        o.out(format!(
            "     Memory: {:.1}M (peak: {:.1}M)",
            27.4 + 2.5 * running as f64,
            29.1 + 2.5 * running as f64
        ));
        o.out("        CPU: 412ms");
        o.out("     CGroup: /system.slice/docker.service");
        o.out(format!("             └─{DOCKERD_PID} {dockerd}"));
    } else if failed {
        o.out(format!(
            "     Active: failed (Result: exit-code) since {}; {ago}",
            timestamp(since)
        ));
        o.out("   Duration: 81ms");
        o.out("TriggeredBy: ● docker.socket");
        o.out("       Docs: https://docs.docker.com");
        o.out(format!(
            "    Process: {DOCKERD_PID} ExecStart={dockerd} (code=exited, status=1/FAILURE)"
        ));
        o.out(format!(
            "   Main PID: {DOCKERD_PID} (code=exited, status=1/FAILURE)"
        ));
        o.out("        CPU: 81ms");
    } else {
        o.out(format!(
            "     Active: inactive (dead) since {}; {ago}",
            timestamp(since)
        ));
        o.out("TriggeredBy: ● docker.socket");
        o.out("       Docs: https://docs.docker.com");
        o.out(format!(
            "    Process: {DOCKERD_PID} ExecStart={dockerd} (code=exited, status=0/SUCCESS)"
        ));
        o.out(format!(
            "   Main PID: {DOCKERD_PID} (code=exited, status=0/SUCCESS)"
        ));
    }
    // The journal's last lines (systemctl shows ten).
    if !h.daemon.log.is_empty() {
        o.out("");
        let stamp = journal_stamp(since, host);
        let skip = h.daemon.log.len().saturating_sub(10);
        for line in h.daemon.log.iter().skip(skip) {
            o.out(journal_line(&stamp, since, line));
        }
    }
    if !h.daemon.running {
        o.exit_code = 3;
    }
    o
}

/// `cat /etc/docker/daemon.json`.
pub fn cat_daemon_json(world: &World, host: &str) -> Output {
    match world.host(host).ok().and_then(|h| h.daemon.file.clone()) {
        Some(text) => {
            let mut o = Output::default();
            // A file written by the shell ends with its newline; `cat` prints no extra line.
            if !text.is_empty() {
                o.out(text.strip_suffix('\n').unwrap_or(&text));
            }
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
