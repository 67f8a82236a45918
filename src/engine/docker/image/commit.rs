//! `POST /commit` (Docker API `ContainerCommit`): a new image from a container, its writable
//! layer on top of its image.
//!
//! As moby does it (`daemon/commit.go` `CreateImageFromContainer`, then
//! `daemon/containerd/image_commit.go`): the new image's config is the container's own
//! (`Cmd`, `Entrypoint`, `Env`, `User`, `WorkingDir`, `ExposedPorts`, `Labels`), with the
//! `--change` instructions applied (`BuildFromConfig`: only those of `validCommitCommands`),
//! then what the container did not set taken from its image (`merge`). The history gains one
//! entry: `CreatedBy` the container's `Cmd` joined with spaces, `Comment` the message, and no
//! layer when the container changed nothing (`EmptyLayer`). A running container is paused for
//! the commit unless `--no-pause` (its `pause`/`unpause` events show it), and the container
//! gets a `commit` event.
//!
//! Rules: the layer is the container's [`Files`] flattened onto the image's own files
//! (`ImageConfig::push_files_step`), so a container run from the new image sees what this one
//! wrote (and not what it deleted). The `--change` text is parsed by the build's Dockerfile
//! parser.
//!
//! Not simulated: `ONBUILD`
//! triggers (recorded nowhere), the data of volumes and bind mounts (never in a commit, as in
//! Docker), a Windows container's refusal while running.

use crate::engine::docker::build::instructions::{self, CommandLine, Instruction};
use crate::engine::docker::build::{parse, BuildError};
use crate::engine::docker::container::State;
use crate::engine::docker::image::ImageRef;
use crate::engine::docker::image_config::{Healthcheck, ImageConfig};
use crate::engine::fs::FsError;
use crate::engine::{EngineError, World};

/// `validCommitCommands` of moby `daemon/builder/dockerfile/builder.go`.
const VALID_CHANGES: &[&str] = &[
    "cmd", "entrypoint", "healthcheck", "env", "expose", "label", "onbuild", "stopsignal", "user",
    "volume", "workdir",
];

/// The most `--change` lines one commit takes (Berth's bound).
pub const MAX_CHANGES: usize = 64;

/// `docker commit`'s options, as the daemon receives them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CommitOptions {
    /// `REPOSITORY[:TAG]`, parsed; `None` leaves the image dangling.
    pub reference: Option<ImageRef>,
    /// `-m`.
    pub comment: String,
    /// `-a`.
    pub author: String,
    /// `-c`, each a Dockerfile instruction.
    pub changes: Vec<String>,
    /// `--no-pause` (or `--pause=false`).
    pub no_pause: bool,
}

/// Why a commit failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CommitError {
    /// `No such container`, and the daemon's other refusals.
    Engine(EngineError),
    /// moby `BuildFromConfig`: `RUN is not a valid change command` (the word as written).
    InvalidChange(String),
    /// The Dockerfile parser's error on a change (`ENV names can not be blank`).
    Change(String),
    /// More than [`MAX_CHANGES`] changes (Berth's bound).
    TooManyChanges,
    /// The layer past the bounds of a file system here.
    Files(FsError),
}

impl std::fmt::Display for CommitError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CommitError::Engine(e) => write!(f, "{e}"),
            CommitError::InvalidChange(word) => write!(f, "{word} is not a valid change command"),
            CommitError::Change(message) => write!(f, "{message}"),
            CommitError::TooManyChanges => {
                write!(
                    f,
                    "berth: a commit here takes at most {MAX_CHANGES} changes"
                )
            }
            CommitError::Files(e) => write!(f, "berth: the container's files: {e}"),
        }
    }
}

/// The message of a parser error, without the build's line prefix.
fn change_message(e: &BuildError) -> String {
    match e {
        BuildError::Parse { message, .. } | BuildError::Located { message, .. } => message.clone(),
        other => other.to_string(),
    }
}

/// The `--change` instructions, typed; `Err` at the first invalid one (moby's order: the
/// whole text is parsed, then each instruction checked, then each typed).
fn parse_changes(changes: &[String]) -> Result<Vec<Instruction>, CommitError> {
    if changes.len() > MAX_CHANGES {
        return Err(CommitError::TooManyChanges);
    }
    if changes.is_empty() {
        return Ok(Vec::new());
    }
    let text = changes.join("\n");
    let file = parse::parse(&text).map_err(|e| CommitError::Change(change_message(&e)))?;
    for node in &file.nodes {
        if !VALID_CHANGES.contains(&node.keyword.to_ascii_lowercase().as_str()) {
            return Err(CommitError::InvalidChange(node.keyword.clone()));
        }
    }
    let with_base = ["FROM scratch\n", text.as_str()].concat();
    let file = parse::parse(&with_base).map_err(|e| CommitError::Change(change_message(&e)))?;
    let stages =
        instructions::stages(&file).map_err(|e| CommitError::Change(change_message(&e)))?;
    Ok(stages
        .stages
        .into_iter()
        .flat_map(|s| s.steps)
        .map(|s| s.instruction)
        .collect())
}

/// A command line as the config keeps it: the exec form's words, or `/bin/sh -c TEXT`.
fn argv(line: &CommandLine) -> Vec<String> {
    match line {
        CommandLine::Exec(words) => words.clone(),
        CommandLine::Shell(text) => vec!["/bin/sh".into(), "-c".into(), text.clone()],
    }
}

/// Applies one `--change` to the new config (the builder's dispatch, config only).
fn apply(config: &mut ImageConfig, instruction: Instruction) {
    match instruction {
        Instruction::Cmd(line) => config.cmd = argv(&line),
        Instruction::Entrypoint(line) => {
            config.entrypoint = line.as_ref().map(argv).unwrap_or_default();
        }
        Instruction::Env(pairs) => {
            for (name, value) in pairs {
                let prefix = [name.as_str(), "="].concat();
                let entry = [prefix.as_str(), value.as_str()].concat();
                match config.env.iter_mut().find(|v| v.starts_with(&prefix)) {
                    Some(slot) => *slot = entry,
                    None => config.env.push(entry),
                }
            }
        }
        Instruction::Expose(ports) => {
            for port in ports {
                let spec = if port.contains('/') {
                    port.to_ascii_lowercase()
                } else {
                    [port.as_str(), "/tcp"].concat()
                };
                if !config.exposed_ports.contains(&spec) {
                    config.exposed_ports.push(spec);
                }
            }
        }
        Instruction::Label(pairs) => config.labels.extend(pairs),
        Instruction::User(user) => config.user = user,
        Instruction::Workdir(dir) => {
            config.working_dir = crate::engine::fs::resolve(
                if config.working_dir.is_empty() {
                    "/"
                } else {
                    &config.working_dir
                },
                &dir,
            );
        }
        Instruction::StopSignal(signal) => config.stop_signal = Some(signal),
        Instruction::Volume(volumes) => {
            for v in volumes {
                if !config.volumes.contains(&v) {
                    config.volumes.push(v);
                }
            }
        }
        Instruction::Healthcheck(h) => {
            config.healthcheck = Some(Healthcheck {
                test: h.test,
                interval_ns: h.interval_ns,
                timeout_ns: h.timeout_ns,
                start_period_ns: h.start_period_ns,
                start_interval_ns: h.start_interval_ns,
                retries: h.retries,
            });
        }
        // ONBUILD is recorded by Docker and run by a later build: neither is simulated here.
        _ => {}
    }
}

impl World {
    /// `POST /commit`: a new image from container `key` on `host`; its ID (64 hex).
    pub fn container_commit(
        &mut self,
        host: &str,
        key: &str,
        options: &CommitOptions,
    ) -> Result<String, CommitError> {
        let c = self
            .container_lookup(host, key)
            .map_err(CommitError::Engine)?;
        let base = self
            .image_entry(c)
            .cloned()
            .ok_or_else(|| CommitError::Engine(EngineError::NoSuchImage(c.image_id.clone())))?;
        let changes = parse_changes(&options.changes)?;
        let (id, name) = (c.id.clone(), c.name.clone());
        let running_unpaused = matches!(c.state, State::Running { paused: false, .. });
        // The container's own config: what it runs (`Cmd` without the entrypoint), its
        // variables after the image's, its user, directory and ports.
        let mut process = vec![c.path.clone()];
        process.extend(c.args.iter().cloned());
        let cmd: Vec<String> = process.into_iter().skip(c.entrypoint.len()).collect();
        let mut config = base.derive(self.now);
        config.cmd.clone_from(&cmd);
        config.entrypoint.clone_from(&c.entrypoint);
        for var in &c.env {
            let name = var.split('=').next().unwrap_or(var);
            let prefix = [name, "="].concat();
            config.env.retain(|v| !v.starts_with(&prefix));
            config.env.push(var.clone());
        }
        if !c.user.is_empty() {
            config.user.clone_from(&c.user);
        }
        if !c.workdir.is_empty() && c.workdir != "/" {
            config.working_dir.clone_from(&c.workdir);
        }
        for port in &c.exposed_ports {
            if !config.exposed_ports.contains(port) {
                config.exposed_ports.push(port.clone());
            }
        }
        config.labels.extend(c.labels.clone());
        // A mount is not the container's layer: a commit keeps no volume (Docker's docs,
        // "The commit operation will not include any data contained in volumes").
        let layer = c
            .mounts
            .iter()
            .fold(c.files.clone(), |files, m| files.without(&m.target));
        for change in changes {
            apply(&mut config, change);
        }
        let created_by = cmd.join(" ");
        if layer.is_empty() {
            config.push_step(&created_by, 0, true);
        } else {
            config
                .push_files_step(&created_by, &layer)
                .map_err(CommitError::Files)?;
        }
        if let Some(step) = config.history.first_mut() {
            step.comment.clone_from(&options.comment);
        }
        // moby `daemon/containerd/image_commit.go`: without `-a` the base's author stays.
        if !options.author.is_empty() {
            config.author.clone_from(&options.author);
        }
        if running_unpaused && !options.no_pause {
            self.emit(host, "container", "pause", &id, &name);
            self.emit(host, "container", "unpause", &id, &name);
        }
        let image = self
            .image_store(host, options.reference.as_ref(), config)
            .map_err(CommitError::Engine)?;
        self.emit(host, "container", "commit", &id, &name);
        Ok(image)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_commit_instructions_are_changes() {
        assert_eq!(
            parse_changes(&["RUN apk add curl".into()]),
            Err(CommitError::InvalidChange("RUN".into()))
        );
        let typed = parse_changes(&["CMD [\"nginx\"]".into(), "ENV A=1".into()]).unwrap();
        assert_eq!(typed.len(), 2);
        let too_many = vec!["ENV A=1".to_string(); MAX_CHANGES + 1];
        assert_eq!(parse_changes(&too_many), Err(CommitError::TooManyChanges));
    }
}
