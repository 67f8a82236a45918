//! Runs a Dockerfile's stages into an image, as BuildKit's Dockerfile frontend and solver do
//! (moby/buildkit `frontend/dockerfile/dockerfile2llb/convert.go`): the target stage and the
//! stages it needs (by `FROM` or `COPY --from`), each step as a vertex, a step whose key is in
//! the host's cache `CACHED`, the result named by every `-t`.
//!
//! Keys: a step's cache key is the digest of its parent's key, the instruction as expanded,
//! and for `COPY`/`ADD` the content of the files it copies, so a changed file invalidates its
//! step and every later one. Only `FROM`, `RUN`, `COPY`, `ADD` and `WORKDIR` are vertexes (and
//! count in `[2/4]`); the other instructions change the image's config only.

use std::collections::{BTreeMap, BTreeSet};

use super::context;
use super::expand::process_word;
use super::instructions::{self, Copy, Instruction, Stage};
use super::{parse, BuildError, BuildFailure, BuildReport, StepPrefix, Vertex, VertexKind};
use crate::engine::clock::Timestamp;
use crate::engine::docker::authz::Action;
use crate::engine::docker::caller::Caller;
use crate::engine::docker::image::{self, ImageConfig, ImageRef};
use crate::engine::fs::Files;
use crate::engine::World;

/// `docker build`'s options, as the daemon receives them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuildRequest {
    /// The context folder, absolute (`/root/app`).
    pub context_dir: String,
    /// The Dockerfile, absolute (`/root/app/Dockerfile` unless `-f`).
    pub dockerfile: String,
    /// `-t`, each parsed.
    pub tags: Vec<ImageRef>,
    /// `--build-arg NAME=VALUE` (a `NAME` alone takes the client's environment: the cli
    /// resolves it).
    pub build_args: BTreeMap<String, String>,
    /// `--target`.
    pub target: Option<String>,
    /// `--no-cache`.
    pub no_cache: bool,
}

/// A `RUN` for the caller to run: the stage's image as it is at that step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunRequest {
    /// The stage's image as it is at this step (its userland decides the tools).
    pub config: ImageConfig,
    /// `["/bin/sh", "-c", "apk add curl"]` or the exec form's words.
    pub argv: Vec<String>,
    /// `Config.Env` at that step (ENV and the ARGs in scope).
    pub env: Vec<String>,
    pub workdir: String,
    pub user: String,
    /// The files earlier steps added (absolute path → content; a path ending in `/` is a
    /// folder left empty).
    pub files: BTreeMap<String, String>,
}

/// What a `RUN` did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RunOutcome {
    /// Its output, stdout and stderr in order.
    pub output: Vec<String>,
    pub exit_code: i32,
    /// The files afterwards (what it wrote included).
    pub files: BTreeMap<String, String>,
}

/// Runs a `RUN` step: the cli gives one that runs the command with its shell front-end.
pub trait RunStep {
    fn run(&mut self, world: &mut World, host: &str, request: &RunRequest) -> RunOutcome;
}

/// A stage's image as its steps change it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StageState {
    /// The image's config: inherited from the base, changed by each step, a history line and
    /// a layer added per step.
    pub config: ImageConfig,
    /// `SHELL`: what a shell-form command runs with (empty: `/bin/sh -c`).
    pub shell: Vec<String>,
    /// `ONBUILD` triggers, recorded (not simulated: a later build does not run them).
    pub onbuild: Vec<String>,
    /// Files the steps added, absolute path → content.
    pub files: BTreeMap<String, String>,
}

impl StageState {
    pub fn new(config: ImageConfig) -> Self {
        StageState {
            config,
            shell: Vec::new(),
            onbuild: Vec::new(),
            files: BTreeMap::new(),
        }
    }

    /// `ENV NAME=value`: replaces the variable or adds it (BuildKit's `addEnv`).
    pub(super) fn set_env(&mut self, name: &str, value: &str) {
        let entry = [name, "=", value].concat();
        let prefix = [name, "="].concat();
        match self.config.env.iter_mut().find(|v| v.starts_with(&prefix)) {
            Some(slot) => *slot = entry,
            None => self.config.env.push(entry),
        }
    }

    /// `Config.Env` as (name, value), the default `PATH` first.
    pub(super) fn env_pairs(&self) -> Vec<(String, String)> {
        self.config
            .config_env()
            .iter()
            .filter_map(|v| v.split_once('='))
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }
}

/// A stage while it runs: its state, the variables in scope, its cache key.
pub(super) struct Running {
    pub(super) state: StageState,
    /// ARGs in scope (name → value), which expand like ENV but are not kept in the image.
    pub(super) args: BTreeMap<String, String>,
    pub(super) key: String,
    pub(super) prefix: StepPrefix,
    /// A `CMD` of this stage was seen (an `ENTRYPOINT` then keeps it).
    pub(super) cmd_set: bool,
    /// The metadata steps since the last vertex, for their cache key.
    pub(super) meta: String,
}

impl Running {
    /// What `$NAME` expands to: ENV wins over ARG.
    pub(super) fn vars(&self) -> BTreeMap<String, String> {
        let mut vars: BTreeMap<String, String> = self.args.clone();
        vars.extend(self.state.env_pairs());
        vars
    }
}

/// `uppercaseCmd`: the instruction word in capitals, the rest as written.
pub(super) fn shown(original: &str) -> String {
    match original.split_once(char::is_whitespace) {
        Some((word, rest)) => [word.to_ascii_uppercase().as_str(), " ", rest.trim_start()].concat(),
        None => original.to_ascii_uppercase(),
    }
}

/// Go's `%q` of a string slice, as moby writes `CMD ["node" "src/index.js"]` in history.
pub(super) fn go_slice(words: &[String]) -> String {
    let quoted: Vec<String> = words
        .iter()
        .map(|w| serde_json::to_string(w).unwrap_or_default())
        .collect();
    ["[", quoted.join(" ").as_str(), "]"].concat()
}

pub(super) fn join_path(dir: &str, path: &str) -> String {
    if path.starts_with('/') {
        return ["/", context::clean(path).as_str()].concat();
    }
    let base = context::clean(dir);
    let rel = context::clean(path);
    match (base.is_empty(), rel.is_empty()) {
        (true, _) => ["/", rel.as_str()].concat(),
        (false, true) => ["/", base.as_str()].concat(),
        (false, false) => ["/", base.as_str(), "/", rel.as_str()].concat(),
    }
}

impl World {
    /// `POST /build`: runs the Dockerfile of `request` on `host` and stores the image under
    /// every tag. `runner` runs the `RUN` steps.
    pub fn image_build(
        &mut self,
        host: &str,
        caller: &Caller,
        request: &BuildRequest,
        runner: &mut dyn RunStep,
    ) -> Result<BuildReport, Box<BuildFailure>> {
        let file_name = request
            .dockerfile
            .rsplit('/')
            .next()
            .unwrap_or("Dockerfile")
            .to_string();
        let mut build = Build {
            vertexes: Vec::new(),
            onbuild: 0,
            file_name,
            text: None,
        };
        let result = self.build_inner(host, caller, request, runner, &mut build);
        match result {
            Ok(image_id) => Ok(BuildReport {
                vertexes: build.vertexes,
                image_id,
                dockerfile_name: build.file_name,
                onbuild: build.onbuild,
            }),
            Err(error) => Err(Box::new(BuildFailure {
                error,
                vertexes: build.vertexes,
                dockerfile_name: build.file_name,
                dockerfile: build.text,
            })),
        }
    }

    fn build_inner(
        &mut self,
        host: &str,
        caller: &Caller,
        request: &BuildRequest,
        runner: &mut dyn RunStep,
        build: &mut Build,
    ) -> Result<String, BuildError> {
        self.authorize_plain(host, caller, Action::None)
            .map_err(BuildError::Engine)?;
        let h = self.host(host).map_err(BuildError::Engine)?;
        let text = h
            .machine
            .files
            .read(&request.dockerfile)
            .ok()
            .map(str::to_string);
        build.push(VertexKind::LoadDefinition {
            file: build.file_name.clone(),
            bytes: text.as_ref().map_or(2, |t| t.len() as u64),
        });
        let Some(text) = text else {
            return Err(BuildError::ReadDockerfile(build.file_name.clone()));
        };
        if text.is_empty() {
            return Err(BuildError::Empty);
        }
        build.text = Some(text.clone());
        let file = parse::parse(&text)?;
        let stages = instructions::stages(&file)?;
        // Build checks report on the Dockerfile's own vertex.
        if let Some(v) = build.vertexes.first_mut() {
            v.warnings.clone_from(&stages.warnings);
        }
        let escape = stages.escape;

        // Meta ARGs: defaults, overridden by --build-arg; they expand FROM lines only.
        let mut meta: BTreeMap<String, String> = BTreeMap::new();
        for (name, default) in &stages.meta_args {
            let value = match request.build_args.get(name) {
                Some(v) => v.clone(),
                None => match default {
                    Some(d) => {
                        process_word(d, &meta, escape).map_err(|m| BuildError::at(0, 0, m))?
                    }
                    None => continue,
                },
            };
            meta.insert(name.clone(), value);
        }
        let mut bases = Vec::new();
        for stage in &stages.stages {
            let base = process_word(&stage.base, &meta, escape)
                .map_err(|m| BuildError::at(stage.start_line, stage.end_line, m))?;
            if base.is_empty() {
                return Err(BuildError::at(
                    stage.start_line,
                    stage.end_line,
                    format!("base name ({}) should not be blank", stage.base),
                ));
            }
            bases.push(base);
        }
        let names: Vec<Option<String>> = stages.stages.iter().map(|s| s.name.clone()).collect();
        let stage_index = |word: &str| -> Option<usize> {
            let lower = word.to_ascii_lowercase();
            names
                .iter()
                .position(|n| n.as_deref() == Some(lower.as_str()))
                .or_else(|| word.parse::<usize>().ok().filter(|i| *i < names.len()))
        };
        let target = match &request.target {
            None => stages.stages.len().saturating_sub(1),
            Some(t) => stage_index(t).ok_or_else(|| BuildError::TargetNotFound {
                target: t.clone(),
                suggestion: suggest(t, &names),
            })?,
        };
        // The stages the target needs, by FROM and COPY --from (earlier stages only).
        let mut deps: Vec<BTreeSet<usize>> = Vec::new();
        for (i, stage) in stages.stages.iter().enumerate() {
            let mut d = BTreeSet::new();
            if let Some(j) = bases.get(i).and_then(|b| stage_index(b)).filter(|j| *j < i) {
                d.insert(j);
            }
            for step in &stage.steps {
                if let Instruction::Copy(Copy { from: Some(f), .. }) = &step.instruction {
                    match stage_index(f) {
                        Some(j) if j == i => {
                            return Err(BuildError::Circular(
                                stage.name.clone().unwrap_or_else(|| i.to_string()),
                            ))
                        }
                        Some(j) if j < i => {
                            d.insert(j);
                        }
                        _ => {}
                    }
                }
            }
            deps.push(d);
        }
        let mut needed = BTreeSet::from([target]);
        for i in (0..=target).rev() {
            if needed.contains(&i) {
                needed.extend(deps.get(i).into_iter().flatten().copied());
            }
        }
        let multi = stages.stages.len() > 1;

        // Base images: `[internal] load metadata for …` once each, in stage order.
        let mut resolved: BTreeMap<String, (ImageRef, ImageConfig, String)> = BTreeMap::new();
        for &i in &needed {
            let (Some(stage), Some(base)) = (stages.stages.get(i), bases.get(i)) else {
                continue;
            };
            let from_stage = stage_index(base).filter(|j| *j < i);
            if from_stage.is_some()
                || base.eq_ignore_ascii_case("scratch")
                || resolved.contains_key(base)
            {
                continue;
            }
            let found = self.resolve_base(host, base, stage, build)?;
            resolved.insert(base.clone(), found);
        }
        build.push(VertexKind::LoadDockerignore {
            bytes: h_file_len(
                self,
                host,
                &[&request.context_dir, "/.dockerignore"].concat(),
            ),
        });
        let tree = {
            let h = self.host(host).map_err(BuildError::Engine)?;
            let files = &h.machine.files;
            context::collect(
                files
                    .paths()
                    .filter_map(|p| files.read(p).ok().map(|c| (p, c))),
                &request.context_dir,
            )?
        };
        let uses_context = needed.iter().any(|i| {
            stages.stages.get(*i).is_some_and(|s| {
                s.steps.iter().any(|st| match &st.instruction {
                    Instruction::Copy(c) => c.from.is_none(),
                    Instruction::Add(_) => true,
                    _ => false,
                })
            })
        });

        let mut finished: BTreeMap<usize, (StageState, String)> = BTreeMap::new();
        let mut context_loaded = false;
        for &i in &needed {
            let (Some(stage), Some(base)) = (stages.stages.get(i), bases.get(i)) else {
                continue;
            };
            let parent = stage_index(base).filter(|j| *j < i);
            let total = stage_total(
                stage,
                parent.is_none() && !base.eq_ignore_ascii_case("scratch"),
            );
            let prefix = StepPrefix {
                stage: multi.then(|| {
                    stage
                        .name
                        .clone()
                        .unwrap_or_else(|| ["stage-", i.to_string().as_str()].concat())
                }),
                index: 0,
                total,
            };
            let now = self.now;
            let (state, key) = match parent {
                Some(j) => finished
                    .get(&j)
                    .cloned()
                    .unwrap_or_else(|| (StageState::new(ImageConfig::scratch(now)), String::new())),
                None => match resolved.get(base) {
                    Some((reference, config, digest)) => {
                        let mut prefix = prefix.clone();
                        prefix.index = 1;
                        let tenths = self.first_pull_tenths(host, reference, config.size);
                        // Two stages on one base share BuildKit's vertex: it shows once.
                        let shown_before = build.vertexes.iter().any(|v| {
                            matches!(&v.kind, VertexKind::From { digest: d, .. } if d.ends_with(digest.as_str()))
                        });
                        if !shown_before {
                            build.vertexes.push(Vertex {
                                kind: VertexKind::From {
                                    prefix,
                                    image: reference.canonical(),
                                    digest: ["sha256:", digest.as_str()].concat(),
                                },
                                cached: false,
                                tenths,
                                logs: Vec::new(),
                                failed: false,
                                warnings: Vec::new(),
                            });
                        }
                        (StageState::new(config.clone()), digest.clone())
                    }
                    None => (
                        StageState::new(ImageConfig::scratch(Timestamp(0))),
                        image::digest_of("scratch"),
                    ),
                },
            };
            if uses_context && !context_loaded {
                context_loaded = true;
                // A file kept by size only (`fs::UNKEPT_MARK`) counts its real size.
                let bytes = tree
                    .values()
                    .map(|c| crate::engine::fs::unkept_size(c).unwrap_or(c.len() as u64))
                    .sum::<u64>()
                    .max(2);
                build.push(VertexKind::LoadContext { bytes });
            }
            let mut running = Running {
                state,
                args: BTreeMap::new(),
                cmd_set: false,
                meta: String::new(),
                key,
                prefix: StepPrefix {
                    index: u32::from(parent.is_none() && resolved.contains_key(base)),
                    ..prefix
                },
            };
            let cx = super::steps::StepContext {
                host,
                no_cache: request.no_cache,
                tree: &tree,
                finished: &finished,
                names: &names,
                escape,
                build_args: &request.build_args,
                meta: &meta,
            };
            for step in &stage.steps {
                self.step(&cx, runner, build, &mut running, step)?;
            }
            finished.insert(i, (running.state, running.key));
        }
        let state =
            finished
                .remove(&target)
                .map(|(s, _)| s)
                .ok_or_else(|| BuildError::TargetNotFound {
                    target: request.target.clone().unwrap_or_default(),
                    suggestion: None,
                })?;
        self.export(host, request, build, state)
    }

    /// `exporting to image`: the image's ID from its content, stored under every tag.
    fn export(
        &mut self,
        host: &str,
        request: &BuildRequest,
        build: &mut Build,
        state: StageState,
    ) -> Result<String, BuildError> {
        build.onbuild = state.onbuild.len();
        let mut config = state.config.clone();
        // The files the steps added become the image's own, over its base's (a `FROM` of an
        // image built here brings those), so a container run from it sees them.
        if !state.files.is_empty() {
            let added = Files::from_texts(
                state.files.iter().map(|(p, c)| (p.as_str(), c.as_str())),
                self.now().unix(),
            )
            .and_then(|added| match &config.files {
                Some(own) => own.merged(&added),
                None => Ok(added),
            })
            .map_err(BuildError::ImageFiles)?;
            config.files = Some(std::sync::Arc::new(added));
        }
        // Under the containerd image store the image ID is its index's digest.
        let id = config.content_id();
        let config_digest = image::digest_of(&["config/", id.as_str()].concat());
        let manifest = image::digest_of(&["manifest/", id.as_str()].concat());
        let attestation = image::digest_of(&["attestation/", id.as_str()].concat());
        build.vertexes.push(Vertex {
            kind: VertexKind::Export {
                manifest: ["sha256:", manifest.as_str()].concat(),
                config: ["sha256:", config_digest.as_str()].concat(),
                attestation: ["sha256:", attestation.as_str()].concat(),
                list: ["sha256:", id.as_str()].concat(),
                names: request.tags.iter().map(ImageRef::canonical).collect(),
            },
            cached: false,
            tenths: 2,
            logs: Vec::new(),
            failed: false,
            warnings: Vec::new(),
        });
        let (first, rest) = match request.tags.split_first() {
            Some((f, r)) => (Some(f), r),
            None => (None, &[][..]),
        };
        let id = self
            .image_store(host, first, config)
            .map_err(BuildError::Engine)?;
        for tag in rest {
            self.image_tag_id(host, &id, tag)
                .map_err(BuildError::Engine)?;
        }
        self.remember_built(host, &id, state);
        Ok(id)
    }

    /// The base image of a stage: `[internal] load metadata for …`, from the host's store
    /// (an image built here) or the catalogue. Its reference, config and manifest digest.
    fn resolve_base(
        &mut self,
        host: &str,
        base: &str,
        stage: &Stage,
        build: &mut Build,
    ) -> Result<(ImageRef, ImageConfig, String), BuildError> {
        let reference: Result<ImageRef, _> = base.parse();
        let normalized = reference
            .as_ref()
            .map(ImageRef::canonical)
            .unwrap_or_else(|_| base.to_string());
        build.push(VertexKind::LoadMetadata {
            image: normalized.clone(),
        });
        // The registry's answer: half a second, every build (BuildKit asks each time).
        if let Some(v) = build.vertexes.last_mut() {
            v.tenths = 5;
        }
        let mut repository_exists = false;
        if let Ok(reference) = reference {
            if let Ok(local) = self.image_inspect(host, &reference) {
                let digest = local.id.clone();
                return Ok((reference, (*local.config).clone(), digest));
            }
            // What a pull would fetch: the hand-made catalogue, then the official images'
            // table (`node:lts-alpine`, the getting-started workshop's base).
            match image::find(&reference) {
                Ok(pullable) => {
                    let digest = image::digest_of(&[&reference.to_string(), "/manifest"].concat());
                    return Ok((reference, pullable.config, digest));
                }
                Err(tag_only) => repository_exists = tag_only,
            }
        }
        if let Some(v) = build.vertexes.last_mut() {
            v.failed = true;
        }
        Err(BuildError::ResolveImage {
            line: stage.start_line,
            end_line: stage.end_line,
            written: base.to_string(),
            normalized,
            repository_exists,
        })
    }

    /// How long `FROM` takes: the layers' download the first time on this host, nothing after.
    fn first_pull_tenths(&mut self, host: &str, reference: &ImageRef, size: u64) -> u32 {
        let key = ["base/", reference.to_string().as_str()].concat();
        let Ok(h) = self.host_mut(host) else { return 0 };
        if h.build_cache.get(&key).is_some() {
            return 0;
        }
        h.build_cache
            .insert(key, StageState::new(ImageConfig::scratch(Timestamp(0))));
        u32::try_from(size / 4_000_000)
            .unwrap_or(u32::MAX)
            .clamp(1, 300)
    }
}

/// The build's progress so far.
pub(super) struct Build {
    pub(super) vertexes: Vec<Vertex>,
    /// The result's `ONBUILD` triggers.
    pub(super) onbuild: usize,
    pub(super) file_name: String,
    pub(super) text: Option<String>,
}

impl Build {
    pub(super) fn push(&mut self, kind: VertexKind) {
        self.vertexes.push(Vertex {
            kind,
            cached: false,
            tenths: 0,
            logs: Vec::new(),
            failed: false,
            warnings: Vec::new(),
        });
    }
}

fn h_file_len(world: &World, host: &str, path: &str) -> u64 {
    world
        .host(host)
        .ok()
        .and_then(|h| h.machine.files.read(path).ok())
        .map_or(2, |t| t.len() as u64)
}

/// `cmdTotal`: `FROM` (an image, not scratch or a stage) and each `ADD`, `COPY`, `RUN`,
/// `WORKDIR`.
fn stage_total(stage: &Stage, from_image: bool) -> u32 {
    let steps = stage
        .steps
        .iter()
        .filter(|s| {
            matches!(
                s.instruction,
                Instruction::Add(_)
                    | Instruction::Copy(_)
                    | Instruction::Run { .. }
                    | Instruction::Workdir(_)
            )
        })
        .count();
    u32::try_from(steps).unwrap_or(u32::MAX) + u32::from(from_image)
}

/// `suggest.Search` over the stage names (case-sensitive), distance under 3.
fn suggest(target: &str, names: &[Option<String>]) -> Option<String> {
    let mut best: Option<(String, usize)> = None;
    for name in names.iter().flatten() {
        if name == target {
            return None;
        }
        let d = levenshtein(target, name);
        if d < best.as_ref().map_or(3, |(_, b)| *b) {
            best = Some((name.clone(), d));
        }
    }
    best.map(|(n, _)| n)
}

fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut previous = row.first().copied().unwrap_or(0);
        if let Some(first) = row.first_mut() {
            *first = i + 1;
        }
        for (j, cb) in b.iter().enumerate() {
            let above = row.get(j + 1).copied().unwrap_or(0);
            let left = row.get(j).copied().unwrap_or(0);
            let value = (previous + usize::from(ca != *cb))
                .min(above + 1)
                .min(left + 1);
            previous = above;
            if let Some(cell) = row.get_mut(j + 1) {
                *cell = value;
            }
        }
    }
    row.last().copied().unwrap_or(0)
}
