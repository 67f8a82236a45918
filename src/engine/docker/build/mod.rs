//! `docker build`: the daemon's BuildKit, fed a Dockerfile and a context folder from the host's
//! files. `parse` reads the text (directives, continuations, here-documents), `instructions`
//! types it into stages, `expand` substitutes `ARG`/`ENV` variables, `context` lists the
//! context's files under `.dockerignore`, and `solve` runs the stages the target needs, step by
//! step, with a cache per host, into an image in the host's store.
//!
//! Contract:
//! - Typed results only: a [`BuildReport`] lists BuildKit's vertexes (`[internal] load build
//!   definition`, `[2/4] WORKDIR /app`, `exporting to image`) as [`VertexKind`] values with
//!   deterministic durations; the cli words them (TTY or plain progress). A failure is a
//!   [`BuildFailure`]: the [`BuildError`] (whose `Display` is BuildKit's text, without buildx's
//!   `ERROR: failed to build: failed to solve:` which the cli adds), the vertexes so far, and the
//!   Dockerfile lines to quote.
//! - `RUN` goes through a [`RunStep`] the caller gives: the cli runs the command with the same
//!   shell front-end as `docker exec`, in a build container of the stage's image.
//! - Bounded: the Dockerfile ([`parse::MAX_DOCKERFILE`]), its instructions
//!   ([`parse::MAX_INSTRUCTIONS`]), the context ([`context::MAX_CONTEXT_FILES`]) and the cache
//!   ([`MAX_CACHE`]).
//!
//! Not simulated: remote contexts (Git, URLs, tarballs on stdin), `--platform` (one platform,
//! linux/amd64), secrets and SSH mounts, the `# syntax=` frontend image (recorded, not pulled),
//! `ONBUILD` triggers (recorded in the image, never run by a later build), build checks other
//! than the parse errors, `--cache-from`/`--cache-to`, `--output`.

pub mod context;
pub mod expand;
pub mod instructions;
pub mod parse;
pub mod sandbox;
pub mod solve;
pub mod steps;
pub mod store;

use std::collections::BTreeMap;
use std::fmt;

pub use solve::{BuildRequest, RunOutcome, RunRequest, RunStep};

/// The most steps the per-host build cache keeps (Berth's bound); past it the oldest half goes.
pub const MAX_CACHE: usize = 512;

/// What went wrong, in BuildKit's words (`Display`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BuildError {
    /// An instruction's error: `dockerfile parse error on line 3: unknown instruction: RUNN`.
    Parse {
        line: u32,
        end_line: u32,
        message: String,
    },
    /// An error BuildKit reports with its location only (the parser's, `no build stage…`).
    Located {
        line: u32,
        end_line: u32,
        message: String,
    },
    /// dockerui `failed to read dockerfile: open Dockerfile: no such file or directory`.
    ReadDockerfile(String),
    /// dockerfile2llb `the Dockerfile cannot be empty`.
    Empty,
    /// `target stage "x" could not be found`, with BuildKit's suggestion if any.
    TargetNotFound {
        target: String,
        suggestion: Option<String>,
    },
    /// `failed to resolve source metadata for …`: the base image is not known.
    ResolveImage {
        line: u32,
        end_line: u32,
        /// As written (`nod:22`), the normalized reference, and whether the repository
        /// exists (then only the tag is missing).
        written: String,
        normalized: String,
        repository_exists: bool,
    },
    /// `failed to compute cache key: failed to calculate checksum of ref …: "/x": not found`.
    CopyNotFound {
        line: u32,
        end_line: u32,
        reference: String,
        path: String,
    },
    /// `process "/bin/sh -c …" did not complete successfully: exit code: N`.
    RunFailed {
        line: u32,
        end_line: u32,
        process: String,
        exit_code: i32,
    },
    /// `ADD` of a URL or a Git repository: the lab has no internet (a `berth:` line).
    AddRemote {
        line: u32,
        end_line: u32,
        source: String,
    },
    /// `circular dependency detected on stage: x`.
    Circular(String),
    /// Berth's bounds.
    TooLarge,
    TooManyInstructions,
    TooManyFiles,
    /// The image's own files past the bounds of a layer (`engine::fs`).
    ImageFiles(crate::engine::fs::FsError),
    /// The daemon refused (authorization plugin) or is gone.
    Engine(crate::engine::EngineError),
}

impl BuildError {
    pub fn at(line: u32, end_line: u32, message: String) -> Self {
        BuildError::Located {
            line,
            end_line,
            message,
        }
    }

    /// The Dockerfile lines the error points at, if any: buildx quotes them.
    pub fn lines(&self) -> Option<(u32, u32)> {
        match self {
            BuildError::Parse { line, end_line, .. }
            | BuildError::Located { line, end_line, .. }
            | BuildError::ResolveImage { line, end_line, .. }
            | BuildError::CopyNotFound { line, end_line, .. }
            | BuildError::RunFailed { line, end_line, .. }
            | BuildError::AddRemote { line, end_line, .. } => Some((*line, *end_line)),
            _ => None,
        }
    }
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            // buildkit `instructions/parse.go` `parseError`.
            BuildError::Parse { line, message, .. } => {
                write!(f, "dockerfile parse error on line {line}: {message}")
            }
            BuildError::Located { message, .. } => write!(f, "{message}"),
            // buildkit `frontend/dockerui/config.go`.
            BuildError::ReadDockerfile(name) => write!(
                f,
                "failed to read dockerfile: open {name}: no such file or directory"
            ),
            // buildkit `dockerfile2llb/convert.go`.
            BuildError::Empty => write!(f, "the Dockerfile cannot be empty"),
            BuildError::TargetNotFound { target, suggestion } => {
                write!(f, "target stage {target:?} could not be found")?;
                match suggestion {
                    Some(s) => write!(f, " (did you mean {s}?)"),
                    None => Ok(()),
                }
            }
            // buildkit `client/llb/sourceresolver/imageresolver.go`; the registry's answers
            // as containerd's resolver words them.
            BuildError::ResolveImage {
                written,
                normalized,
                repository_exists,
                ..
            } => {
                write!(
                    f,
                    "{written}: failed to resolve source metadata for {normalized}: "
                )?;
                if *repository_exists {
                    write!(f, "{normalized}: not found")
                } else {
                    write!(f, "pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed")
                }
            }
            // buildkit `solver/edge.go`, `solver/llbsolver/ops/opsutils/contenthash.go`,
            // `cache/contenthash/checksum.go`.
            BuildError::CopyNotFound {
                reference, path, ..
            } => write!(
                f,
                "failed to compute cache key: failed to calculate checksum of ref {reference}: {path:?}: not found"
            ),
            // buildkit `solver/llbsolver/ops/exec.go`, `frontend/gateway/pb/exit.go`.
            BuildError::RunFailed {
                process, exit_code, ..
            } => write!(
                f,
                "process {process:?} did not complete successfully: exit code: {exit_code}"
            ),
            BuildError::AddRemote { source, .. } => write!(
                f,
                "berth: ADD {source} is not simulated: the lab has no internet; COPY a file of the build context instead"
            ),
            // buildkit `dockerfile2llb/validations.go`.
            BuildError::Circular(stage) => {
                write!(f, "circular dependency detected on stage: {stage}")
            }
            BuildError::TooLarge => write!(
                f,
                "berth: a Dockerfile here holds at most {} KiB",
                parse::MAX_DOCKERFILE / 1024
            ),
            BuildError::TooManyInstructions => write!(
                f,
                "berth: a Dockerfile here holds at most {} instructions",
                parse::MAX_INSTRUCTIONS
            ),
            BuildError::TooManyFiles => write!(
                f,
                "berth: a build context here holds at most {} files",
                context::MAX_CONTEXT_FILES
            ),
            BuildError::ImageFiles(e) => write!(f, "berth: the image's files: {e}"),
            BuildError::Engine(e) => write!(f, "{e}"),
        }
    }
}

/// `[stage 2/4]`: where a step sits in its stage (BuildKit's `prefixCommand`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepPrefix {
    /// The stage's name in a multi-stage build (`build`, or `stage-0` when unnamed).
    pub stage: Option<String>,
    pub index: u32,
    pub total: u32,
}

/// A BuildKit vertex: one line of the progress.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VertexKind {
    /// `[internal] load build definition from Dockerfile`, with the file's size.
    LoadDefinition { file: String, bytes: u64 },
    /// `[internal] load metadata for docker.io/library/node:22-alpine`.
    LoadMetadata { image: String },
    /// `[internal] load .dockerignore`, with its size.
    LoadDockerignore { bytes: u64 },
    /// `[1/4] FROM docker.io/library/node:22-alpine@sha256:…`.
    From {
        prefix: StepPrefix,
        image: String,
        digest: String,
    },
    /// `[internal] load build context`, with the bytes sent.
    LoadContext { bytes: u64 },
    /// `[2/4] WORKDIR /app`: the instruction as written, its keyword in capitals.
    Step { prefix: StepPrefix, text: String },
    /// `exporting to image` and its sub-steps.
    Export {
        manifest: String,
        config: String,
        attestation: String,
        list: String,
        /// `docker.io/library/app:latest` for each `-t`.
        names: Vec<String>,
    },
}

/// One vertex as it ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Vertex {
    pub kind: VertexKind,
    /// Found in the cache: not run (`CACHED`).
    pub cached: bool,
    /// How long it took, in tenths of a second (deterministic, from the step's kind).
    pub tenths: u32,
    /// What the step printed (a `RUN`'s output), line by line.
    pub logs: Vec<String>,
    /// The step failed (its error is the build's).
    pub failed: bool,
    /// Build checks found on the way (on `load build definition`).
    pub warnings: Vec<Lint>,
}

/// A build check's warning (moby/buildkit `frontend/dockerfile/linter/ruleset.go`); `Display`
/// is `LintFormatShort`: `RuleName: message (line N)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lint {
    /// `CMD`/`ENTRYPOINT` in shell form with no `SHELL`.
    JsonArgsRecommended {
        instruction: &'static str,
        line: u32,
    },
    /// `ENV key value`, `LABEL key value`.
    LegacyKeyValueFormat {
        instruction: &'static str,
        line: u32,
    },
    /// `FROM x as y`: the keywords' cases differ.
    FromAsCasing {
        from: String,
        as_word: String,
        line: u32,
    },
    /// `AS Build`.
    StageNameCasing {
        name: String,
        line: u32,
    },
    MaintainerDeprecated {
        line: u32,
    },
}

impl fmt::Display for Lint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let line = match self {
            Lint::JsonArgsRecommended { instruction, line } => {
                write!(f, "JSONArgsRecommended: JSON arguments recommended for {instruction} to prevent unintended behavior related to OS signals")?;
                line
            }
            Lint::LegacyKeyValueFormat { instruction, line } => {
                write!(f, "LegacyKeyValueFormat: \"{instruction} key=value\" should be used instead of legacy \"{instruction} key value\" format")?;
                line
            }
            Lint::FromAsCasing {
                from,
                as_word,
                line,
            } => {
                write!(
                    f,
                    "FromAsCasing: '{as_word}' and '{from}' keywords' casing do not match"
                )?;
                line
            }
            Lint::StageNameCasing { name, line } => {
                write!(
                    f,
                    "StageNameCasing: Stage name '{name}' should be lowercase"
                )?;
                line
            }
            Lint::MaintainerDeprecated { line } => {
                write!(f, "MaintainerDeprecated: Maintainer instruction is deprecated in favor of using label")?;
                line
            }
        };
        if *line > 0 {
            write!(f, " (line {line})")?;
        }
        Ok(())
    }
}

/// A build that finished.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuildReport {
    pub vertexes: Vec<Vertex>,
    /// The image ID, 64 hex.
    pub image_id: String,
    /// The Dockerfile's name as shown (`Dockerfile`, or the `-f` file's base name).
    pub dockerfile_name: String,
    /// `ONBUILD` triggers the image records (not simulated: a later build does not run them).
    pub onbuild: usize,
}

/// A build that failed: the error, the progress until then, and the Dockerfile to quote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuildFailure {
    pub error: BuildError,
    pub vertexes: Vec<Vertex>,
    pub dockerfile_name: String,
    /// The Dockerfile's text when it was read (buildx prints the lines around the error).
    pub dockerfile: Option<String>,
}

/// The per-host build cache: each step's key (its parent's key, the instruction, the files it
/// reads) to the stage's state after it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BuildCache {
    entries: BTreeMap<String, (u64, solve::StageState)>,
    /// When each metadata step was first made (seconds from the world's start).
    times: BTreeMap<String, i64>,
    next: u64,
}

impl BuildCache {
    pub fn get(&self, key: &str) -> Option<&solve::StageState> {
        self.entries.get(key).map(|(_, s)| s)
    }

    pub fn insert(&mut self, key: String, state: solve::StageState) {
        if self.entries.len() >= MAX_CACHE {
            // The oldest half goes: a bounded cache, as `docker builder prune` would keep.
            let cut = self
                .next
                .saturating_sub(u64::try_from(MAX_CACHE / 2).unwrap_or(0));
            self.entries.retain(|_, (n, _)| *n >= cut);
        }
        self.next += 1;
        self.entries.insert(key, (self.next, state));
    }

    pub fn time(&self, key: &str) -> Option<i64> {
        self.times.get(key).copied()
    }

    pub fn set_time(&mut self, key: String, time: i64) {
        if self.times.len() >= MAX_CACHE {
            self.times.clear();
        }
        self.times.insert(key, time);
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

#[cfg(test)]
mod tests;
