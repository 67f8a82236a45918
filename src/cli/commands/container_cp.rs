//! `docker cp CONTAINER:SRC DEST` and `docker cp SRC CONTAINER:DEST` (docker/cli
//! `cli/command/container/cp.go` at v29.0.4): a file or a directory between a container's
//! files and the host's, then `Successfully copied SIZE to DEST` on stderr, SIZE being the
//! tar stream's bytes in go-units' `HumanSizeWithPrecision(n, 3)`.
//!
//! Not simulated: `-` (a tar archive on stdin or stdout: Berth has no binary streams), `-a`,
//! `-L` (accepted, no effect: Berth's files have one owner and its trees' links are
//! directories), the progress line a terminal shows while copying.

use crate::cli::flags::{Flag, Spec};
use crate::cli::{parse_flags, Docker, Output};
use crate::engine::docker::archive::CpError;
use crate::engine::docker::caller::Caller;
use crate::engine::World;

pub const SPEC: Spec = Spec {
    path: "docker cp",
    use_line: "docker cp [OPTIONS] CONTAINER:SRC_PATH DEST_PATH|-\n\tdocker cp [OPTIONS] SRC_PATH|- CONTAINER:DEST_PATH",
    description: "Copy files/folders between a container and the local filesystem",
    aliases: "docker container cp, docker cp",
    flags: &[
        Flag::bool("archive", Some('a'), "Archive mode (copy all uid/gid information)"),
        Flag::bool("follow-link", Some('L'), "Always follow symbol link in SRC_PATH"),
        Flag::bool(
            "quiet",
            Some('q'),
            "Suppress progress output during copy. Progress output is automatically suppressed if no terminal is attached",
        ),
    ],
    interspersed: true,
    excluded: &[],
};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContainerCp {
    pub source: String,
    pub destination: String,
    pub quiet: bool,
}

pub fn parse(words: &[String]) -> Result<Docker, Output> {
    let Some(parsed) = parse_flags(&SPEC, words)? else {
        return Ok(Docker::Help(&SPEC));
    };
    match parsed.args.as_slice() {
        [source, destination] => Ok(Docker::ContainerCp(ContainerCp {
            source: source.clone(),
            destination: destination.clone(),
            quiet: parsed.is_set("quiet"),
        })),
        _ => Err(crate::cli::usage::exact_args(&SPEC, 2)),
    }
}

/// docker/cli `splitCpArg`: `CONTAINER:PATH`, unless the text is a local path (absolute, or
/// starting with `.`).
fn split(arg: &str) -> (Option<&str>, &str) {
    if arg.starts_with('/') || arg.starts_with('.') {
        return (None, arg);
    }
    match arg.split_once(':') {
        Some((container, path)) => (Some(container), path),
        None => (None, arg),
    }
}

impl ContainerCp {
    pub fn execute(self, world: &mut World, host: &str, caller: &Caller) -> Output {
        if self.source.is_empty() {
            return Output::failed("source can not be empty", 1);
        }
        if self.destination.is_empty() {
            return Output::failed("destination can not be empty", 1);
        }
        let (from, src) = split(&self.source);
        let (to, dest) = split(&self.destination);
        let result = match (from, to) {
            (Some(_), Some(_)) => return Output::failed("copying between containers is not supported", 1),
            (None, None) => return Output::failed("must specify at least one container source", 1),
            _ if src == "-" || dest == "-" => {
                return Output::failed(
                    "berth: `docker cp` with `-` (a tar archive on stdin or stdout) is not simulated; copy a file or a folder",
                    1,
                )
            }
            (Some(container), None) => {
                if let Err(e) = world.container_inspect(host, caller, container) {
                    return Output::failed(super::daemon_error(&e), 1);
                }
                world
                    .container_copy_from(host, container, src, dest)
                    .map(|size| (size, dest.to_string()))
            }
            (None, Some(container)) => {
                let c = match world.container_inspect(host, caller, container) {
                    Ok(c) => c,
                    Err(e) => return Output::failed(super::daemon_error(&e), 1),
                };
                let _ = c;
                let shown = crate::engine::fs::resolve("/", dest);
                world
                    .container_copy_to(host, container, src, dest)
                    .map(|size| (size, format!("{container}:{shown}")))
            }
        };
        match result {
            Ok((size, shown)) => {
                let mut o = Output::default();
                if !self.quiet {
                    o.err(format!(
                        "Successfully copied {} to {shown}",
                        crate::cli::table::human_size(size)
                    ));
                }
                o
            }
            Err(CpError::Engine(e)) => Output::failed(super::daemon_error(&e), 1),
            Err(e @ CpError::NotInContainer { .. }) => {
                Output::failed(format!("Error response from daemon: {e}"), 1)
            }
            Err(e) => Output::failed(e.to_string(), 1),
        }
    }
}
