//! A build's progress as buildx prints it on `docker build` (Docker 29: `docker build` is
//! `docker buildx build` with the `docker` driver): the TTY display's final view
//! (moby/buildkit `util/progress/progressui/display.go`, `ttyDisplay.print`, 80 columns, the
//! builder `docker:default` on the right), the plain progress (`printer.go`, `textMux`), the
//! failed steps' logs (`printErrorLogs`), the Dockerfile lines around an error
//! (`solver/errdefs/source.go`, `Source.Print`) and buildx's last line (docker/buildx
//! `cmd/buildx/main.go`: `ERROR: …`; `commands/build.go`: `failed to build`).
//!
//! Durations are the engine's deterministic tenths of a second. Not simulated: the display's
//! colours and its live redraws (a learner sees the final frame), the `rawjson` mode.

use crate::engine::docker::build::{BuildError, StepPrefix, Vertex, VertexKind};

/// The TTY's width: BuildKit's default when the console has no size.
const WIDTH: usize = 80;
/// `docker:default`: the builder's driver and name (buildx `commands/build.go`, `WithDesc`).
const CONSOLE_DESC: &str = "docker:default";
/// The plain display's first line (buildx `commands/build.go`).
const TEXT_DESC: &str = "building with \"default\" instance using docker driver";

/// How the progress is shown (`--progress`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Tty,
    Plain,
}

/// A status line under a vertex: its ID, bytes, tenths of a second.
struct Status {
    id: String,
    bytes: Option<u64>,
    tenths: u32,
}

/// tonistiigi/units `%.2f`: `154B`, `1.23kB`, `4.59MB`.
pub fn units(bytes: u64) -> String {
    const UNITS: [&str; 7] = ["B", "kB", "MB", "GB", "TB", "PB", "EB"];
    if bytes < 1000 {
        return format!("{bytes}B");
    }
    let mut value = bytes as f64;
    let mut unit = 0;
    while value >= 1000.0 && unit < UNITS.len() - 1 {
        value /= 1000.0;
        unit += 1;
    }
    format!("{value:.2}{}", UNITS.get(unit).copied().unwrap_or("B"))
}

/// BuildKit's `prefixCommand`: `[build 2/4] `, the index padded to the total's width.
fn prefix(p: &StepPrefix) -> String {
    let width = p.total.max(1).to_string().len();
    let stage = p
        .stage
        .as_ref()
        .map(|s| format!("{s} "))
        .unwrap_or_default();
    format!("[{stage}{:>width$}/{}] ", p.index, p.total)
}

/// The vertex's name as BuildKit gives it.
pub fn name(kind: &VertexKind) -> String {
    match kind {
        // buildkit `frontend/dockerui/config.go`.
        VertexKind::LoadDefinition { file, .. } => {
            format!("[internal] load build definition from {file}")
        }
        // buildkit `dockerfile2llb/convert.go`.
        VertexKind::LoadMetadata { image } => format!("[internal] load metadata for {image}"),
        VertexKind::LoadDockerignore { .. } => "[internal] load .dockerignore".into(),
        VertexKind::From {
            prefix: p,
            image,
            digest,
        } => format!("{}FROM {image}@{digest}", prefix(p)),
        VertexKind::LoadContext { .. } => "[internal] load build context".into(),
        VertexKind::Step { prefix: p, text } => format!("{}{text}", prefix(p)),
        // buildkit `exporter/containerimage/export.go`.
        VertexKind::Export { .. } => "exporting to image".into(),
    }
}

/// The statuses under a vertex (buildkit `source/local/source.go` `transferring NAME:`,
/// `source/containerimage/pull.go` `resolve`, `exporter/containerimage/writer.go` and
/// `export.go` for the export's).
fn statuses(v: &Vertex) -> Vec<Status> {
    let s = |id: String, bytes: Option<u64>, tenths: u32| Status { id, bytes, tenths };
    match &v.kind {
        VertexKind::LoadDefinition { bytes, .. } => {
            vec![s("transferring dockerfile:".into(), Some(*bytes), 0)]
        }
        VertexKind::LoadDockerignore { bytes } | VertexKind::LoadContext { bytes } => {
            vec![s("transferring context:".into(), Some(*bytes), 0)]
        }
        VertexKind::From { image, digest, .. } => {
            vec![s(format!("resolve {image}@{digest}"), None, 0)]
        }
        VertexKind::Export {
            manifest,
            config,
            attestation,
            list,
            names,
        } => {
            let mut all = vec![
                s("exporting layers".into(), None, v.tenths.saturating_sub(1)),
                s(format!("exporting manifest {manifest}"), None, 0),
                s(format!("exporting config {config}"), None, 0),
                s(
                    format!("exporting attestation manifest {attestation}"),
                    None,
                    0,
                ),
                s(format!("exporting manifest list {list}"), None, 0),
            ];
            for n in names {
                all.push(s(format!("naming to {n}"), None, 0));
            }
            for n in names {
                all.push(s(
                    format!("unpacking to {n}"),
                    None,
                    u32::from(v.tenths > 0),
                ));
            }
            all
        }
        VertexKind::LoadMetadata { .. } | VertexKind::Step { .. } => Vec::new(),
    }
}

fn seconds(tenths: u32) -> String {
    format!("{}.{}s", tenths / 10, tenths % 10)
}

/// `align`: `left` padded so that `right` ends at column `width - 1`.
fn align(left: &str, right: &str, width: usize) -> String {
    let pad = width.saturating_sub(right.len() + 1);
    format!("{left:<pad$} {right}")
}

/// A log line's time since the step started (`%.3f` under 10 s): deterministic, 50 ms apart.
fn log_time(i: usize) -> String {
    let ms = 100 + 50 * i;
    if ms < 10_000 {
        format!("{}.{:03}", ms / 1000, ms % 1000)
    } else {
        format!("{}.{:02}", ms / 1000, (ms % 1000) / 10)
    }
}

/// The whole build's time: the vertexes one after the other.
pub fn total_tenths(vertexes: &[Vertex]) -> u32 {
    vertexes.iter().map(|v| v.tenths).sum()
}

/// The TTY display's final frame.
pub fn tty(vertexes: &[Vertex], error: Option<&str>) -> Vec<String> {
    let completed = vertexes.len();
    let finished = if completed > 0 { "FINISHED" } else { "" };
    let head = format!(
        "[+] Building {} ({completed}/{completed}) {finished}",
        seconds(total_tenths(vertexes))
    );
    let mut lines = vec![align(&head, CONSOLE_DESC, WIDTH - 1)];
    let mut job = |name: &str, status: Option<String>, tenths: u32| {
        let timer = format!(" {}", seconds(tenths));
        // `left` counts the timer's newline, as BuildKit's does.
        let mut left = WIDTH.saturating_sub(4 + timer.len() + 1 + 1);
        let mut shown_status = None;
        if let Some(s) = status.filter(|s| !s.is_empty()) {
            if left + s.len() > 20 {
                left = left.saturating_sub(s.len() + 1);
                shown_status = Some(s);
            }
        }
        let name: String = name.chars().take(left).collect();
        let mut out = format!(" => {name}");
        if let Some(s) = shown_status {
            out = format!("{out} {s}");
        }
        lines.push(align(&out, &timer, WIDTH - 1));
    };
    for v in vertexes {
        let mut n = name(&v.kind);
        if v.failed {
            n = format!("ERROR {n}");
        }
        if v.cached {
            n = format!("CACHED {n}");
        }
        job(&n, None, v.tenths);
        for s in statuses(v) {
            job(&format!("=> {}", s.id), s.bytes.map(units), s.tenths);
        }
    }
    lines.extend(error_logs(vertexes, Mode::Tty, error));
    lines
}

/// The plain progress.
pub fn plain(vertexes: &[Vertex], error: Option<&str>) -> Vec<String> {
    let mut lines = vec![format!("#0 {TEXT_DESC}")];
    for (i, v) in vertexes.iter().enumerate() {
        let n = i + 1;
        lines.push(String::new());
        lines.push(format!("#{n} {}", name(&v.kind)));
        for s in statuses(v) {
            let bytes = s
                .bytes
                .map(|b| format!(" {}", units(b)))
                .unwrap_or_default();
            let tm = if s.tenths > 0 {
                format!(" {}", seconds(s.tenths))
            } else {
                String::new()
            };
            lines.push(format!("#{n} {}{bytes}{tm} done", s.id));
        }
        for (j, log) in v.logs.iter().enumerate() {
            lines.push(format!("#{n} {} {log}", log_time(j)));
        }
        lines.push(if v.failed {
            format!("#{n} ERROR: {}", error.unwrap_or(""))
        } else if v.cached {
            format!("#{n} CACHED")
        } else {
            format!("#{n} DONE {}", seconds(v.tenths))
        });
    }
    lines.extend(error_logs(vertexes, Mode::Plain, error));
    lines
}

/// `printErrorLogs`: each failed vertex's name and its output (all of it on a TTY, the last
/// ten lines in plain mode).
fn error_logs(vertexes: &[Vertex], mode: Mode, error: Option<&str>) -> Vec<String> {
    let mut lines = Vec::new();
    if error.is_none() {
        return lines;
    }
    for v in vertexes.iter().filter(|v| v.failed) {
        lines.push("------".into());
        lines.push(format!(" > {}:", name(&v.kind)));
        let skip = match mode {
            Mode::Tty => 0,
            Mode::Plain => v.logs.len().saturating_sub(10),
        };
        for (j, log) in v.logs.iter().enumerate().skip(skip) {
            lines.push(format!("{} {log}", log_time(j)));
        }
        lines.push("------".into());
    }
    lines
}

/// `Source.Print`: the Dockerfile's lines around the error, the error's own marked `>>>`.
pub fn source(file_name: &str, text: &str, start: u32, end: u32) -> Vec<String> {
    let lines: Vec<&str> = text.split('\n').collect();
    let count = lines.len();
    let (marked_start, marked_end) = (start as usize, end.max(start) as usize);
    if marked_start < 1 || marked_start > count {
        return Vec::new();
    }
    let mut first = marked_start;
    let mut last = marked_end.min(count);
    let pad = if last == first { 4 } else { 2 };
    let mut p = 0;
    while p < pad {
        if first > 1 {
            first -= 1;
            p += 1;
        }
        if last != count {
            last += 1;
            p += 1;
        }
        p += 1;
    }
    let mut out = vec![format!("{file_name}:{marked_start}"), "-".repeat(20)];
    for i in first..=last {
        let mark = if (marked_start..=marked_end).contains(&i) {
            ">>>"
        } else {
            "   "
        };
        let line = lines.get(i - 1).copied().unwrap_or("");
        out.push(format!(" {i:>3} | {mark} {line}"));
    }
    out.push("-".repeat(20));
    out
}

/// buildx's last line for a failed build.
pub fn error_line(error: &BuildError) -> String {
    format!("ERROR: failed to build: failed to solve: {error}")
}
