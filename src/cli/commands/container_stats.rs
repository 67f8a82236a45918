//! `docker stats` (`docker container stats`): each container's CPU, memory, network, block
//! I/O and processes, from the daemon's `GET /containers/{id}/stats` (the engine's
//! `container_stats`, deterministic figures). With `--no-stream` one table; otherwise the
//! command keeps running ([`Follow`](crate::cli::Follow)): the table is drawn again each tick
//! (the real client redraws it in place every 500 ms with `\033[H`; here each frame replaces the
//! previous one), until Ctrl-C (status 130) or, without `--all` and without names, until no
//! container runs.
//!
//! Sources: docker/cli `cli/command/container/stats.go` (flags, the no-container and
//! live-redraw rules, `NewStats(ctr.ID)`), `formatter_stats.go` (columns, headers, Windows'
//! columns, `--` for invalid figures, `formatPercentage`), go-units `size.go` (`BytesSize`:
//! `%.4g` with binary units; `HumanSizeWithPrecision(x, 3)`: `%.3g` with decimal units).
//!
//! Not simulated: `--filter` (docker/cli accepts only `label` there), a container started after
//! the command began is added (as the real client does on its `start` event) but one that died
//! disappears at once instead of after the next sample.

use crate::cli::flags::{Flag, Spec, FORMAT_HELP};
use crate::cli::format::{render_rows, Rows};
use crate::cli::{parse_flags, Docker, Output, Polled};
use crate::engine::docker::caller::Caller;
use crate::engine::docker::stats::ContainerStats as Sample;
use crate::engine::World;
use crate::golang::fmt::format_float_g;
use crate::golang::template::Value;

pub const SPEC: Spec = Spec {
    path: "docker stats",
    use_line: "docker stats [OPTIONS] [CONTAINER...]",
    description: "Display a live stream of container(s) resource usage statistics",
    aliases: "docker container stats, docker stats",
    flags: &[
        Flag::bool(
            "all",
            Some('a'),
            "Show all containers (default shows just running)",
        ),
        Flag::value("format", None, "string", FORMAT_HELP),
        Flag::bool(
            "no-stream",
            None,
            "Disable streaming stats and only pull the first result",
        ),
        Flag::bool("no-trunc", None, "Do not truncate output"),
    ],
    interspersed: true,
    excluded: &[],
};

const DEFAULT_TABLE: &str = "table {{.ID}}\t{{.Name}}\t{{.CPUPerc}}\t{{.MemUsage}}\t{{.MemPerc}}\t{{.NetIO}}\t{{.BlockIO}}\t{{.PIDs}}";
const WINDOWS_TABLE: &str =
    "table {{.ID}}\t{{.Name}}\t{{.CPUPerc}}\t{{.MemUsage}}\t{{.NetIO}}\t{{.BlockIO}}";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContainerStats {
    pub all: bool,
    pub no_stream: bool,
    pub no_trunc: bool,
    pub format: Option<String>,
    /// Names or IDs as typed; empty: every running container (every one with `--all`).
    pub containers: Vec<String>,
    /// While live: the lines of the frame on screen, which the next one replaces.
    pub frame_lines: usize,
}

pub fn parse(words: &[String]) -> Result<Docker, Output> {
    let Some(parsed) = parse_flags(&SPEC, words)? else {
        return Ok(Docker::Help(&SPEC));
    };
    Ok(Docker::ContainerStats(Box::new(ContainerStats {
        all: parsed.is_set("all"),
        no_stream: parsed.is_set("no-stream"),
        no_trunc: parsed.is_set("no-trunc"),
        format: parsed.value("format").map(String::from),
        containers: parsed.args.clone(),
        frame_lines: 0,
    })))
}

/// go-units `CustomSize`: divide by `base` while the value reaches it, then Go's `%.*g`.
fn custom_size(size: f64, precision: usize, base: f64, units: &[&str]) -> String {
    let mut size = size;
    let mut unit = 0;
    while size >= base && unit + 1 < units.len() {
        size /= base;
        unit += 1;
    }
    format!(
        "{}{}",
        format_float_g(size, Some(precision)),
        units.get(unit).copied().unwrap_or("B")
    )
}

/// go-units `BytesSize`: `%.4g`, binary units.
fn bytes_size(bytes: u64) -> String {
    const BINARY: &[&str] = &["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB", "ZiB", "YiB"];
    custom_size(bytes as f64, 4, 1024.0, BINARY)
}

/// go-units `HumanSizeWithPrecision(size, 3)`: `%.3g`, decimal units.
fn human_size(bytes: u64) -> String {
    const DECIMAL: &[&str] = &["B", "kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB"];
    custom_size(bytes as f64, 3, 1000.0, DECIMAL)
}

/// `formatPercentage`: `strconv.FormatFloat(val, 'f', 2, 64) + "%"`.
fn percentage(value: f64) -> String {
    format!("{value:.2}%")
}

impl ContainerStats {
    pub fn execute(mut self, world: &mut World, host: &str, caller: &Caller) -> Output {
        let frame = match self.frame(world, host, caller) {
            Ok(lines) => lines,
            Err(o) => return o,
        };
        let mut o = Output::default();
        // stats.go: with no container to show, `--no-stream` prints nothing at all (not even
        // the header), and the live client clears the screen and returns.
        if self.nothing_running(world, host) && (self.no_stream || !self.all) {
            return o;
        }
        if self.no_stream {
            for line in frame {
                o.out(line);
            }
            return o;
        }
        self.frame_lines = frame.len();
        for line in frame {
            o.out(line);
        }
        o.follow = Some(Box::new(crate::cli::Follow::new(
            host,
            caller,
            crate::cli::FollowKind::Stats(Box::new(self)),
        )));
        o
    }

    /// No container would be listed (only without names: named ones are always listed).
    fn nothing_running(&self, world: &World, host: &str) -> bool {
        self.containers.is_empty() && self.targets(world, host).is_empty()
    }

    /// The containers the table shows, oldest first as the client adds them.
    fn targets(&self, world: &World, host: &str) -> Vec<String> {
        if !self.containers.is_empty() {
            return self.containers.clone();
        }
        let Ok(h) = world.host(host) else {
            return Vec::new();
        };
        h.containers_in_order()
            .filter(|c| self.all || c.is_running())
            .map(|c| c.id.clone())
            .collect()
    }

    /// The table as it reads now; `Err` is the daemon's error for a named container.
    fn frame(&self, world: &World, host: &str, caller: &Caller) -> Result<Vec<String>, Output> {
        // `NewStats(idOrName)`: `{{.Container}}` is the name or ID as typed (the full ID when
        // none is named).
        let mut samples: Vec<(String, Sample)> = Vec::new();
        let mut errors: Vec<String> = Vec::new();
        for key in self.targets(world, host) {
            match world.container_stats(host, caller, &key) {
                Ok(s) => samples.push((key, s)),
                Err(e) => errors.push(super::daemon_error(&e)),
            }
        }
        if !errors.is_empty() {
            return Err(Output::failed(errors.join("\n"), 1));
        }
        let windows = world
            .host(host)
            .is_ok_and(|h| h.backend == crate::engine::Backend::Windows);
        let rows = samples
            .iter()
            .map(|(key, s)| {
                let id = if self.no_trunc {
                    s.id.clone()
                } else {
                    s.id.get(..12).unwrap_or(&s.id).to_string()
                };
                let memory = if windows {
                    bytes_size(s.memory)
                } else {
                    format!("{} / {}", bytes_size(s.memory), bytes_size(s.memory_limit))
                };
                let memory_percent = s.memory as f64 * 100.0 / s.memory_limit.max(1) as f64;
                vec![
                    ("Container", Value::Str(key.clone())),
                    ("Name", Value::Str(s.name.clone())),
                    ("ID", Value::Str(id)),
                    ("CPUPerc", Value::Str(percentage(s.cpu_percent))),
                    ("MemUsage", Value::Str(memory)),
                    (
                        "MemPerc",
                        Value::Str(if windows {
                            "--".to_string()
                        } else {
                            percentage(memory_percent)
                        }),
                    ),
                    (
                        "NetIO",
                        Value::Str(format!(
                            "{} / {}",
                            human_size(s.network_rx),
                            human_size(s.network_tx)
                        )),
                    ),
                    (
                        "BlockIO",
                        Value::Str(format!(
                            "{} / {}",
                            human_size(s.block_read),
                            human_size(s.block_write)
                        )),
                    ),
                    (
                        "PIDs",
                        Value::Str(if windows {
                            "--".to_string()
                        } else {
                            s.pids.to_string()
                        }),
                    ),
                ]
            })
            .collect();
        render_rows(
            self.format.as_deref().unwrap_or("table"),
            Rows {
                type_name: "*container.statsContext",
                headers: &[
                    ("Container", "CONTAINER"),
                    ("Name", "NAME"),
                    ("ID", "CONTAINER ID"),
                    ("CPUPerc", "CPU %"),
                    (
                        "MemUsage",
                        if windows {
                            "PRIV WORKING SET"
                        } else {
                            "MEM USAGE / LIMIT"
                        },
                    ),
                    ("MemPerc", "MEM %"),
                    ("NetIO", "NET I/O"),
                    ("BlockIO", "BLOCK I/O"),
                    ("PIDs", "PIDS"),
                ],
                default_table: if windows {
                    WINDOWS_TABLE
                } else {
                    DEFAULT_TABLE
                },
                rows,
            },
        )
        .map_err(|e| Output::failed(e, 1))
    }

    /// One tick of the live table: the next frame, replacing the one on screen.
    pub fn poll(&mut self, world: &World, host: &str, caller: &Caller) -> Polled {
        if self.nothing_running(world, host) && !self.all {
            // stats.go: no container left to show; the client clears the screen and returns.
            return Polled {
                output: Output::default(),
                ended: true,
                replaces: self.frame_lines,
            };
        }
        let mut output = Output::default();
        let replaces = self.frame_lines;
        match self.frame(world, host, caller) {
            Ok(lines) => {
                self.frame_lines = lines.len();
                for line in lines {
                    output.out(line);
                }
            }
            Err(e) => {
                return Polled {
                    output: e,
                    ended: true,
                    replaces: 0,
                }
            }
        }
        Polled {
            output,
            ended: false,
            replaces,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_as_go_units_prints_them() {
        assert_eq!(bytes_size(7_802_880), "7.441MiB");
        assert_eq!(bytes_size(4_104_900_000), "3.823GiB");
        assert_eq!(bytes_size(0), "0B");
        assert_eq!(human_size(796), "796B");
        assert_eq!(human_size(12_288), "12.3kB");
        assert_eq!(human_size(0), "0B");
        assert_eq!(percentage(0.186), "0.19%");
    }
}
