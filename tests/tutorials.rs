//! Docker's own networking tutorials, replayed end to end through `Session`.
//!
//! The files in `tests/tutorials/` hold each command of the tutorial and the output Docker's
//! documentation shows for it (written in 2017). A current engine differs from that output in
//! ways that are random or cosmetic, so both sides are normalised before comparing:
//! - container, network and endpoint IDs (12 or 64 hex) become `<id>`; MAC addresses `<mac>`
//!   (random since engine 28) and the IPv6 link-local address derived from them `<ll>`;
//! - times: `Created`, ping round-trip times, and `N seconds ago` / `Up N seconds` durations;
//! - column padding (the docs used the 20-wide columns of CLI < 20.10): runs of spaces become
//!   one space; blank lines (the docs add one after each command) are dropped;
//! - interface indexes (`27: eth0@if28`), `qlen 1` and the broadcast (`brd`) that current
//!   iproute2 prints in `inet` lines.
//!
//! JSON (`docker network inspect`) is compared line by line regardless of order: engine 29
//! adds fields (`EnableIPv4`, `Ingress`, `ConfigFrom`, `ConfigOnly`, `Status`) and moved
//! `Containers` after `Labels`, so every line of the docs must appear in Berth's output, trailing
//! commas aside.
//!
//! `@any` marks a command whose output the docs do not show; `@detach` is Ctrl-P Ctrl-Q.

// Test code: a failed unwrap or index is a failed test, which is what we want here.
#![allow(
    clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing
)]

use std::fs;
use std::path::Path;

use berth::session::Session;

fn is_hex_word(w: &str) -> bool {
    (w.len() == 12 || w.len() == 64) && w.chars().all(|c| c.is_ascii_hexdigit())
}

fn normalise(line: &str) -> String {
    let mut words: Vec<String> = Vec::new();
    let mut skip_next = false;
    for word in line.split_whitespace() {
        if skip_next {
            skip_next = false;
            continue;
        }
        let bare = word.trim_matches(|c: char| c == '"' || c == ',' || c == ':' || c == '{');
        let w = if is_hex_word(bare) {
            word.replace(bare, "<id>")
        } else if bare.len() == 17
            && bare.matches(':').count() == 5
            && bare != "00:00:00:00:00:00"
            && bare != "ff:ff:ff:ff:ff:ff"
        {
            word.replace(bare, "<mac>")
        } else if bare.starts_with("fe80::") {
            "<ll>".to_string()
        } else if word.starts_with("time=") {
            "time=<t>".to_string()
        } else if word.contains("@if") {
            "<n>: ".to_string() + word.split('@').next().unwrap_or("") + "@if<n>"
        } else {
            word.to_string()
        };
        if (w == "brd" && line.trim_start().starts_with("inet ")) || w == "qlen" {
            skip_next = true;
            continue;
        }
        words.push(w);
    }
    // JSON members may gain or lose their trailing comma when engine 29 reorders them.
    let mut text = words.join(" ").trim_end_matches(',').to_string();
    // Interface lines start with their index: `27: eth0@if28:` → `<n>: eth0@if<n>:`.
    if let Some(rest) = text.split_once(": <n>: ").map(|(_, r)| r.to_string()) {
        text = format!("<n>: {rest}");
    }
    if text.starts_with("round-trip") {
        return "round-trip <rtt>".into();
    }
    if text.starts_with("\"Created\"") {
        return "\"Created\": <time>".into();
    }
    // Durations in tables: `4 seconds ago`, `About a minute ago`, `Up 3 seconds`.
    for unit in ["seconds", "second", "minutes", "minute", "hours", "hour"] {
        text = text.replace(&format!(" {unit} ago"), " <ago>");
        text = text.replace(&format!(" {unit}"), " <d>");
    }
    let tokens: Vec<&str> = text.split(' ').collect();
    let mut out: Vec<String> = Vec::new();
    for (i, t) in tokens.iter().enumerate() {
        let next = tokens.get(i + 1).copied().unwrap_or("");
        if (t.chars().all(|c| c.is_ascii_digit())
            || *t == "About"
            || *t == "Less"
            || *t == "a"
            || *t == "an"
            || *t == "than")
            && (next == "<ago>"
                || next == "<d>"
                || next == "a"
                || next == "than"
                || next == "an"
                || next == "second")
        {
            continue;
        }
        out.push(t.to_string());
    }
    out.join(" ")
}

struct Step {
    command: String,
    expected: Vec<String>,
    any: bool,
}

fn replay(file: &Path) -> Vec<String> {
    let text = fs::read_to_string(file).unwrap();
    let mut session = Session::new(2017);
    let mut steps: Vec<Step> = Vec::new();
    let mut failures = Vec::new();
    let mut pending_detach = Vec::new();
    for line in text.lines() {
        if line.starts_with('#') {
            continue;
        }
        if let Some(command) = line.strip_prefix("$ ") {
            steps.push(Step {
                command: command.to_string(),
                expected: Vec::new(),
                any: false,
            });
            pending_detach.push(false);
        } else if line == "@any" {
            if let Some(s) = steps.last_mut() {
                s.any = true;
            }
        } else if line == "@detach" {
            if let Some(d) = pending_detach.last_mut() {
                *d = true;
            }
        } else if let Some(s) = steps.last_mut() {
            s.expected.push(line.to_string());
        }
    }
    for (step, detach) in steps.iter().zip(pending_detach) {
        let turn = session.submit(&step.command);
        let actual: Vec<String> = turn.output.iter().map(|l| l.text.clone()).collect();
        if !step.any {
            let norm = |lines: &[String]| -> Vec<String> {
                lines
                    .iter()
                    .map(|l| normalise(l))
                    .filter(|l| !l.is_empty())
                    .collect()
            };
            let (want, got) = (norm(&step.expected), norm(&actual));
            let ok = if step.expected.first().is_some_and(|l| l.starts_with('[')) {
                want.iter().all(|w| got.contains(w))
            } else {
                want == got
            };
            if !ok {
                failures.push(format!(
                    "{}: `{}`\n--- docs (normalised)\n{}\n--- berth (normalised)\n{}",
                    file.display(),
                    step.command,
                    want.join("\n"),
                    got.join("\n")
                ));
            }
        }
        if detach {
            assert!(
                session.detach().is_some(),
                "{}: nothing to detach from after `{}`",
                file.display(),
                step.command
            );
        }
    }
    failures
}

#[test]
fn standalone_networking_tutorials_replay() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/tutorials");
    let mut files: Vec<_> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    assert_eq!(files.len(), 2, "both tutorials are here");
    let failures: Vec<String> = files.iter().flat_map(|f| replay(f)).collect();
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn normalisation_keeps_what_matters() {
    assert_eq!(
        normalise("64 bytes from 172.18.0.3: seq=0 ttl=64 time=0.085 ms"),
        "64 bytes from 172.18.0.3: seq=0 ttl=64 time=<t> ms"
    );
    assert_eq!(
        normalise("    inet 172.17.0.2/16 brd 172.17.255.255 scope global eth0"),
        "inet 172.17.0.2/16 scope global eth0"
    );
    assert_ne!(
        normalise("ping: bad address 'alpine3'"),
        normalise("ping: bad address 'alpine2'")
    );
}
