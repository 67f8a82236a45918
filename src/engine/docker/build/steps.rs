//! One instruction of a stage, and the export at the end (moby/buildkit
//! `frontend/dockerfile/dockerfile2llb/convert.go` `dispatch*`, `convert_copy.go`,
//! `convert_expose.go`): what each instruction changes in the image's config, the history
//! line it commits (`commitToHistory`, `# buildkit` after the steps that run), and for the
//! vertexes (`RUN`, `COPY`, `ADD`, `WORKDIR`) the cache key, the cache hit or the work.

use std::collections::BTreeMap;

use super::context::{self, Tree};
use super::expand::process_word;
use super::instructions::{CommandLine, Copy, Instruction, Step};
use super::solve::{go_slice, join_path, shown, Build, RunRequest, RunStep, Running, StageState};
use super::{BuildError, Vertex, VertexKind};
use crate::engine::clock::Timestamp;
use crate::engine::docker::image;
use crate::engine::docker::image_config::Healthcheck;
use crate::engine::World;

/// What every step of a build shares.
pub struct StepContext<'a> {
    pub host: &'a str,
    pub no_cache: bool,
    pub tree: &'a Tree,
    /// The stages already built: state and last cache key.
    pub finished: &'a BTreeMap<usize, (StageState, String)>,
    pub names: &'a [Option<String>],
    pub escape: char,
    pub build_args: &'a BTreeMap<String, String>,
    /// The meta ARGs (before the first FROM), which `ARG NAME` in a stage takes over.
    pub meta: &'a BTreeMap<String, String>,
}

impl StepContext<'_> {
    fn stage_index(&self, word: &str) -> Option<usize> {
        let lower = word.to_ascii_lowercase();
        self.names
            .iter()
            .position(|n| n.as_deref() == Some(lower.as_str()))
            .or_else(|| word.parse::<usize>().ok())
    }
}

/// The shell a shell-form command runs with: `SHELL`, else `/bin/sh -c`.
fn with_shell(state: &StageState, text: &str) -> Vec<String> {
    let mut argv = if state.shell.is_empty() {
        vec!["/bin/sh".to_string(), "-c".to_string()]
    } else {
        state.shell.clone()
    };
    argv.push(text.to_string());
    argv
}

fn command(state: &StageState, line: &CommandLine) -> Vec<String> {
    match line {
        CommandLine::Exec(words) => words.clone(),
        CommandLine::Shell(text) => with_shell(state, text),
    }
}

/// Go's `%+v` of a `time.Duration`: `30s`, `1m30s`, `0s`, `500ms`.
fn go_duration(ns: u64) -> String {
    if ns == 0 {
        return "0s".into();
    }
    if ns < 1_000_000_000 {
        let ms = ns / 1_000_000;
        return [ms.to_string().as_str(), "ms"].concat();
    }
    let secs = ns / 1_000_000_000;
    let (h, m, s) = (secs / 3600, (secs % 3600) / 60, secs % 60);
    let mut out = String::new();
    if h > 0 {
        out.extend([h.to_string().as_str(), "h"]);
    }
    if h > 0 || m > 0 {
        out.extend([m.to_string().as_str(), "m"]);
    }
    out.extend([s.to_string().as_str(), "s"]);
    out
}

impl World {
    /// Runs one instruction of a stage.
    pub(super) fn step(
        &mut self,
        cx: &StepContext,
        runner: &mut dyn RunStep,
        build: &mut Build,
        running: &mut Running,
        step: &Step,
    ) -> Result<(), BuildError> {
        let at = |message: String| BuildError::at(step.start_line, step.end_line, message);
        let vars = running.vars();
        let expand = |word: &str| process_word(word, &vars, cx.escape).map_err(at);
        let now = self.now;
        let state = &mut running.state;
        // A metadata step: a history line, no layer (`commitToHistory(…, false, nil)`).
        let history = |state: &mut StageState, line: &str| {
            state.config.created = created(now);
            state.config.push_step(line, 0, true);
        };
        let vertex = matches!(
            step.instruction,
            Instruction::Workdir(_)
                | Instruction::Copy(_)
                | Instruction::Add(_)
                | Instruction::Run { .. }
        );
        match &step.instruction {
            Instruction::Arg(args) => {
                let mut shown_args = Vec::new();
                for (name, default) in args {
                    let value = match (cx.build_args.get(name), default) {
                        (Some(v), _) => Some(v.clone()),
                        (None, Some(d)) => Some(expand(d)?),
                        (None, None) => cx.meta.get(name).cloned(),
                    };
                    match &value {
                        Some(v) => {
                            running.args.insert(name.clone(), v.clone());
                            shown_args.push([name.as_str(), "=", v.as_str()].concat());
                        }
                        None => shown_args.push(name.clone()),
                    }
                }
                history(
                    &mut running.state,
                    &["ARG ", shown_args.join(" ").as_str()].concat(),
                );
            }
            Instruction::Env(pairs) => {
                let mut line = "ENV".to_string();
                for (name, value) in pairs {
                    let value = expand(value)?;
                    line.extend([" ", name.as_str(), "=", value.as_str()]);
                    state.set_env(name, &value);
                }
                history(state, &line);
            }
            Instruction::Label(pairs) => {
                let mut line = "LABEL".to_string();
                for (name, value) in pairs {
                    let (name, value) = (expand(name)?, expand(value)?);
                    line.extend([" ", name.as_str(), "=", value.as_str()]);
                    state.config.labels.insert(name, value);
                }
                history(state, &line);
            }
            Instruction::Expose(ports) => {
                let mut specs = Vec::new();
                for port in ports {
                    let port = expand(port)?;
                    let spec = if port.contains('/') {
                        port.to_ascii_lowercase()
                    } else {
                        [port.as_str(), "/tcp"].concat()
                    };
                    if !state.config.exposed_ports.contains(&spec) {
                        state.config.exposed_ports.push(spec.clone());
                    }
                    specs.push(spec);
                }
                history(state, &["EXPOSE [", specs.join(" ").as_str(), "]"].concat());
            }
            Instruction::User(user) => {
                state.config.user = expand(user)?;
                let line = ["USER ", state.config.user.as_str()].concat();
                history(state, &line);
            }
            Instruction::Volume(volumes) => {
                let mut list = Vec::new();
                for v in volumes {
                    list.push(expand(v)?);
                }
                for v in &list {
                    if !state.config.volumes.contains(v) {
                        state.config.volumes.push(v.clone());
                    }
                }
                history(state, &["VOLUME [", list.join(" ").as_str(), "]"].concat());
            }
            Instruction::StopSignal(signal) => {
                let signal = expand(signal)?;
                history(state, &["STOPSIGNAL ", signal.as_str()].concat());
                state.config.stop_signal = Some(signal);
            }
            Instruction::Maintainer(m) => history(state, &["MAINTAINER ", m.as_str()].concat()),
            Instruction::Shell(words) => {
                state.shell = words.clone();
                history(state, &["SHELL [", words.join(" ").as_str(), "]"].concat());
            }
            Instruction::Onbuild(trigger) => state.onbuild.push(trigger.clone()),
            Instruction::Cmd(line) => {
                let argv = command(state, line);
                history(state, &["CMD ", go_slice(&argv).as_str()].concat());
                state.config.cmd = argv;
                running.cmd_set = true;
            }
            Instruction::Entrypoint(line) => {
                let argv = line.as_ref().map(|l| command(state, l)).unwrap_or_default();
                history(state, &["ENTRYPOINT ", go_slice(&argv).as_str()].concat());
                state.config.entrypoint = argv;
                // BuildKit: an ENTRYPOINT resets a CMD this stage did not set.
                if !running.cmd_set {
                    running.state.config.cmd = Vec::new();
                }
            }
            Instruction::Healthcheck(h) => {
                let test = go_slice(&h.test);
                let line = [
                    "HEALTHCHECK {Test:",
                    test.as_str(),
                    " Interval:",
                    go_duration(h.interval_ns).as_str(),
                    " Timeout:",
                    go_duration(h.timeout_ns).as_str(),
                    " StartPeriod:",
                    go_duration(h.start_period_ns).as_str(),
                    " StartInterval:",
                    go_duration(h.start_interval_ns).as_str(),
                    " Retries:",
                    h.retries.to_string().as_str(),
                    "}",
                ]
                .concat();
                history(state, &line);
                state.config.healthcheck = Some(Healthcheck {
                    test: h.test.clone(),
                    interval_ns: h.interval_ns,
                    timeout_ns: h.timeout_ns,
                    start_period_ns: h.start_period_ns,
                    start_interval_ns: h.start_interval_ns,
                    retries: h.retries,
                });
            }
            Instruction::Workdir(path) => {
                let path = expand(path)?;
                let dir = join_path(&state.config.working_dir, &path);
                let key =
                    image::digest_of(&[running.key.as_str(), "/WORKDIR ", dir.as_str()].concat());
                state.config.working_dir = dir.clone();
                if self.cache_hit(cx, build, running, step, &key) {
                    return Ok(());
                }
                let state = &mut running.state;
                state.config.created = created(now);
                state
                    .config
                    .push_step(&["WORKDIR ", dir.as_str()].concat(), 0, dir == "/");
                self.done(cx, build, running, step, key, 1, Vec::new());
            }
            Instruction::Copy(c) | Instruction::Add(c) => {
                let add = matches!(step.instruction, Instruction::Add(_));
                let (files, line) = match copy_files(cx, running, step, c, add, &expand) {
                    Ok(found) => found,
                    Err(e) => {
                        build.vertexes.push(Vertex {
                            kind: VertexKind::Step {
                                prefix: next_prefix(running),
                                text: step_name(step, &running.vars()),
                            },
                            cached: false,
                            tenths: 0,
                            logs: Vec::new(),
                            failed: true,
                            warnings: Vec::new(),
                        });
                        return Err(e);
                    }
                };
                let mut digest_input = [running.key.as_str(), "/", line.as_str()].concat();
                for (path, content) in &files {
                    digest_input.extend([path.as_str(), "\n", image::digest_of(content).as_str()]);
                }
                let key = image::digest_of(&digest_input);
                if self.cache_hit(cx, build, running, step, &key) {
                    return Ok(());
                }
                let size: u64 = files
                    .values()
                    .map(|c| crate::engine::fs::unkept_size(c).unwrap_or(c.len() as u64))
                    .sum();
                let state = &mut running.state;
                state.files.extend(files);
                state.config.created = created(now);
                state
                    .config
                    .push_step(&[line.as_str(), " # buildkit"].concat(), size, false);
                self.done(cx, build, running, step, key, 1, Vec::new());
            }
            Instruction::Run {
                command: line,
                heredocs,
            } => {
                let argv = match (line, heredocs.first()) {
                    // `RUN <<EOF`: the here-document is the script.
                    (CommandLine::Shell(text), Some(doc))
                        if text.trim_start().starts_with("<<") =>
                    {
                        with_shell(state, &doc.content)
                    }
                    _ => command(state, line),
                };
                // ARGs reach a RUN's environment and its history (`runCommandString`).
                let args: Vec<String> = running
                    .args
                    .iter()
                    .map(|(k, v)| [k.as_str(), "=", v.as_str()].concat())
                    .collect();
                let mut recorded = String::new();
                if !args.is_empty() {
                    recorded.extend(["|", args.len().to_string().as_str(), " "]);
                    recorded.extend(args.iter().flat_map(|a| [a.as_str(), " "]));
                }
                recorded.extend(
                    argv.iter()
                        .enumerate()
                        .flat_map(|(i, w)| [if i == 0 { "" } else { " " }, w.as_str()]),
                );
                // What the process sees is part of its key: ENV, the user, the folder.
                let mut seen = running.state.config.config_env().join("\n");
                seen.extend([
                    "\n",
                    running.state.config.user.as_str(),
                    "\n",
                    running.state.config.working_dir.as_str(),
                ]);
                let key = image::digest_of(
                    &[
                        running.key.as_str(),
                        "/RUN ",
                        recorded.as_str(),
                        "\n",
                        seen.as_str(),
                    ]
                    .concat(),
                );
                if self.cache_hit(cx, build, running, step, &key) {
                    return Ok(());
                }
                let mut env: BTreeMap<String, String> = running.args.clone();
                env.extend(running.state.env_pairs());
                let request = RunRequest {
                    config: running.state.config.clone(),
                    argv: argv.clone(),
                    env: env
                        .iter()
                        .map(|(k, v)| [k.as_str(), "=", v.as_str()].concat())
                        .collect(),
                    workdir: join_path("/", &running.state.config.working_dir),
                    user: running.state.config.user.clone(),
                    files: running.state.files.clone(),
                };
                let outcome = runner.run(self, cx.host, &request);
                let tenths = 3 + u32::try_from(outcome.output.len() / 4)
                    .unwrap_or(0)
                    .min(200);
                if outcome.exit_code != 0 {
                    build.vertexes.push(Vertex {
                        kind: VertexKind::Step {
                            prefix: next_prefix(running),
                            text: step_name(step, &running.vars()),
                        },
                        cached: false,
                        tenths,
                        logs: outcome.output,
                        failed: true,
                        warnings: Vec::new(),
                    });
                    return Err(BuildError::RunFailed {
                        line: step.start_line,
                        end_line: step.end_line,
                        process: argv.join(" "),
                        exit_code: outcome.exit_code,
                    });
                }
                let size: u64 = outcome
                    .files
                    .iter()
                    .filter(|(p, c)| running.state.files.get(*p) != Some(*c))
                    .map(|(_, c)| c.len() as u64)
                    .sum();
                let state = &mut running.state;
                state.files = outcome.files;
                state.config.created = created(now);
                state.config.push_step(
                    &["RUN ", recorded.as_str(), " # buildkit"].concat(),
                    size,
                    false,
                );
                self.done(cx, build, running, step, key, tenths, outcome.output);
            }
        }
        if !vertex && !matches!(step.instruction, Instruction::Onbuild(_)) {
            self.metadata_cached(cx, running);
        }
        Ok(())
    }

    /// A metadata step keeps the time it was first made, keyed by the steps before it, so an
    /// unchanged build gives the same image (its history's times included).
    fn metadata_cached(&mut self, cx: &StepContext, running: &mut Running) {
        let Some(entry) = running.state.config.history.first_mut() else {
            return;
        };
        running.meta.extend(["\n", entry.created_by.as_str()]);
        let key =
            image::digest_of(&[running.key.as_str(), "/meta", running.meta.as_str()].concat());
        let Ok(h) = self.host_mut(cx.host) else {
            return;
        };
        match h.build_cache.time(&key).filter(|_| !cx.no_cache) {
            Some(time) => {
                entry.created = time;
                running.state.config.created = time;
            }
            None => h.build_cache.set_time(key, entry.created),
        }
    }

    /// A step whose key the host's cache holds: `CACHED`, its state taken from the cache.
    fn cache_hit(
        &mut self,
        cx: &StepContext,
        build: &mut Build,
        running: &mut Running,
        step: &Step,
        key: &str,
    ) -> bool {
        if cx.no_cache {
            return false;
        }
        let Some(cached) = self
            .host(cx.host)
            .ok()
            .and_then(|h| h.build_cache.get(key))
            .cloned()
        else {
            return false;
        };
        let Some(entry) = cached.config.history.first().cloned() else {
            return false;
        };
        // The step's product only (its files, its history line and layer, as it ran then):
        // the metadata around it is this build's own.
        running.state.files = cached.files;
        running.state.config.created = entry.created;
        running
            .state
            .config
            .push_step(&entry.created_by, entry.size, entry.empty_layer);
        running.key = key.to_string();
        running.meta.clear();
        build.vertexes.push(Vertex {
            kind: VertexKind::Step {
                prefix: next_prefix(running),
                text: step_name(step, &running.vars()),
            },
            cached: true,
            tenths: 0,
            logs: Vec::new(),
            failed: false,
            warnings: Vec::new(),
        });
        true
    }

    /// A step that ran: its vertex, and its state kept in the cache under `key`.
    #[allow(clippy::too_many_arguments)]
    fn done(
        &mut self,
        cx: &StepContext,
        build: &mut Build,
        running: &mut Running,
        step: &Step,
        key: String,
        tenths: u32,
        logs: Vec<String>,
    ) {
        if let Ok(h) = self.host_mut(cx.host) {
            h.build_cache.insert(key.clone(), running.state.clone());
        }
        running.key = key;
        running.meta.clear();
        build.vertexes.push(Vertex {
            kind: VertexKind::Step {
                prefix: next_prefix(running),
                text: step_name(step, &running.vars()),
            },
            cached: false,
            tenths,
            logs,
            failed: false,
            warnings: Vec::new(),
        });
    }
}

/// The step as the progress names it: the keyword in capitals, the variables set so far
/// expanded, a here-document summarized (`RUN <<EOF (echo one...)`).
fn step_name(step: &Step, vars: &BTreeMap<String, String>) -> String {
    let mut name = shown(&super::expand::display(&step.original, vars));
    if let Instruction::Run { heredocs, .. } = &step.instruction {
        if let Some(doc) = heredocs.first() {
            let trimmed = doc.content.trim();
            let mut lines = trimmed.lines();
            let first = lines.next().unwrap_or("");
            let more = if lines.next().is_some() { "..." } else { "" };
            name.extend([" (", first, more, ")"]);
        }
    }
    name
}

/// A step's time in the image's history: when it ran.
fn created(now: Timestamp) -> i64 {
    i64::try_from(now.0).unwrap_or(i64::MAX)
}

/// The next `[n/total]` of the stage.
fn next_prefix(running: &mut Running) -> super::StepPrefix {
    running.prefix.index += 1;
    running.prefix.clone()
}

/// The files a `COPY`/`ADD` puts in the image (absolute path → content) and its history line.
fn copy_files(
    cx: &StepContext,
    running: &Running,
    step: &Step,
    c: &Copy,
    add: bool,
    expand: &dyn Fn(&str) -> Result<String, BuildError>,
) -> Result<(BTreeMap<String, String>, String), BuildError> {
    let mut line = if add { "ADD" } else { "COPY" }.to_string();
    if let Some(chown) = &c.chown {
        line.extend([" --chown=", chown.as_str()]);
    }
    let dest_raw = expand(&c.dest)?;
    let workdir = &running.state.config.working_dir;
    let dest = join_path(workdir, &dest_raw);
    // A folder: written so (`/app/`, `.`), several sources, or a folder the image has (the
    // working directory, or one holding files).
    let folder_prefix = [dest.trim_end_matches('/'), "/"].concat();
    let into_dir = dest_raw.ends_with('/')
        || dest_raw == "."
        || dest_raw.ends_with("/.")
        || c.sources.len() + c.inline.len() > 1
        || join_path("/", workdir) == dest
        || running
            .state
            .files
            .keys()
            .any(|p| p.starts_with(&folder_prefix))
        || base_has_folder(&running.state.config, &dest);
    // Where the sources come from: the context, or another stage's files.
    let from_stage: Option<BTreeMap<String, String>> = match &c.from {
        None => None,
        Some(from) => {
            let from = expand(from)?;
            let files = cx
                .stage_index(&from)
                .and_then(|j| cx.finished.get(&j))
                .map(|(state, _)| state.files.clone())
                .unwrap_or_default();
            Some(
                files
                    .into_iter()
                    .map(|(p, c)| (p.trim_start_matches('/').to_string(), c))
                    .collect(),
            )
        }
    };
    let tree: &Tree = from_stage.as_ref().unwrap_or(cx.tree);
    let mut out = BTreeMap::new();
    for source in &c.sources {
        let source = expand(source)?;
        // ADD of a URL or a Git repository fetches from the internet, which the lab has not
        // (Killercoda's add-or-copy lab: `ADD https://github.com/moby/buildkit.git#v0.10.1`).
        let remote = ["http://", "https://", "git@", "git://"]
            .iter()
            .any(|p| source.starts_with(p));
        if add && remote {
            return Err(BuildError::AddRemote {
                line: step.start_line,
                end_line: step.end_line,
                source,
            });
        }
        line.extend([" ", source.as_str()]);
        let Some(found) = context::resolve_source(tree, &source) else {
            return Err(BuildError::CopyNotFound {
                line: step.start_line,
                end_line: step.end_line,
                reference: context_ref(cx, running),
                path: ["/", context::clean(&source).as_str()].concat(),
            });
        };
        let whole = found.len() > 1
            || found.first().is_some_and(|(path, _)| {
                *path != context::clean(&source) || source.contains(['*', '?'])
            });
        for (path, rel) in found {
            let content = tree.get(&path).cloned().unwrap_or_default();
            let mut target = if into_dir || whole {
                join_path(&dest, &rel)
            } else {
                dest.clone()
            };
            // A folder another stage left empty stays a folder.
            if path.ends_with('/') && !target.ends_with('/') {
                target.push('/');
            }
            out.insert(target, content);
        }
    }
    for (name, content, expand_vars) in &c.inline {
        line.extend([" <<", name.as_str()]);
        let content = if *expand_vars {
            expand(content).unwrap_or_else(|_| content.clone())
        } else {
            content.clone()
        };
        let target = if into_dir {
            join_path(&dest, name)
        } else {
            dest.clone()
        };
        out.insert(target, content);
    }
    line.extend([" ", dest_raw.as_str()]);
    Ok((out, line))
}

/// Whether the stage's base image has a folder at `path` (nginx's `/usr/share/nginx/html`):
/// BuildKit copies a file into an existing folder even when the destination has no `/`
/// (`COPY index.html /usr/share/nginx/html` in the PWD beginner lab's Dockerfile).
fn base_has_folder(config: &crate::engine::docker::image_config::ImageConfig, path: &str) -> bool {
    let empty = crate::engine::fs::Files::default();
    let base = crate::engine::fs::Layered {
        lower: crate::engine::docker::archive::image_tree(
            &config.program, config.userland, &config.release,
        ),
        image: config.files.clone(),
        upper: &empty,
        now: 0,
    };
    base.is_dir(path.trim_end_matches('/'))
}

/// The ref BuildKit names in `failed to calculate checksum of ref …`: the context's
/// snapshot, `<uuid>::<id>` in its form, derived from the stage's key.
fn context_ref(cx: &StepContext, running: &Running) -> String {
    let d = image::digest_of(&[cx.host, "/context/", running.key.as_str()].concat());
    let hex = |a: usize, b: usize| d.get(a..b).unwrap_or("").to_string();
    let id: String = d
        .bytes()
        .skip(32)
        .take(25)
        .map(|b| {
            char::from(
                b"abcdefghijklmnopqrstuvwxyz0123456789"
                    .get(usize::from(b) % 36)
                    .copied()
                    .unwrap_or(b'a'),
            )
        })
        .collect();
    [
        hex(0, 8),
        "-".into(),
        hex(8, 12),
        "-".into(),
        hex(12, 16),
        "-".into(),
        hex(16, 20),
        "-".into(),
        hex(20, 32),
        "::".into(),
        id,
    ]
    .concat()
}
