//! `docker commit [OPTIONS] CONTAINER [REPOSITORY[:TAG]]` (`docker container commit`): a new
//! image from a container's changes; prints its ID (docker/cli
//! `cli/command/container/commit.go`, `fmt.Fprintln(dockerCli.Out(), response.ID)`).
//!
//! The reference is checked by the client before the request (moby `client/container_commit.go`:
//! `ParseNormalizedNamed`, and a digest is refused). `-p`/`--pause` is deprecated in Docker 29:
//! pflag warns when it is given (`MarkDeprecated`). The engine does the rest
//! (`engine::docker::image::commit`).

use crate::cli::flags::{Flag, Spec};
use crate::cli::{parse_flags, Docker, Output};
use crate::engine::docker::caller::Caller;
use crate::engine::docker::image::commit::{CommitError, CommitOptions};
use crate::engine::{ImageRef, World};

pub const SPEC: Spec = Spec {
    path: "docker commit",
    use_line: "docker commit [OPTIONS] CONTAINER [REPOSITORY[:TAG]]",
    description: "Create a new image from a container's changes",
    aliases: "docker container commit, docker commit",
    flags: &[
        Flag::value(
            "author",
            Some('a'),
            "string",
            "Author (e.g., \"John Hannibal Smith <hannibal@a-team.com>\")",
        ),
        Flag::value(
            "change",
            Some('c'),
            "list",
            "Apply Dockerfile instruction to the created image",
        ),
        Flag::value("message", Some('m'), "string", "Commit message"),
        Flag::bool("no-pause", None, "Disable pausing container during commit"),
        // Deprecated in v29 (hidden from the help, as pflag hides a deprecated flag).
        Flag::bool(
            "pause",
            Some('p'),
            "Pause container during commit (deprecated: use --no-pause instead)",
        )
        .with_default("true")
        .hidden(),
    ],
    interspersed: false,
    excluded: &[],
};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContainerCommit {
    pub container: String,
    pub reference: Option<String>,
    pub author: String,
    pub message: String,
    pub changes: Vec<String>,
    pub no_pause: bool,
    /// `-p`/`--pause` given: pflag's deprecation warning.
    pub pause_given: bool,
}

pub fn parse(words: &[String]) -> Result<Docker, Output> {
    let Some(parsed) = parse_flags(&SPEC, words)? else {
        return Ok(Docker::Help(&SPEC));
    };
    let (container, reference) = match parsed.args.as_slice() {
        [c] => (c.clone(), None),
        [c, r] => (c.clone(), Some(r.clone())),
        _ => {
            // cli/required.go `RequiresRangeArgs`.
            return Err(Output::failed(
                format!(
                    "docker: '{path}' requires at least 1 and at most 2 arguments\n\nUsage:  {}\n\nRun '{path} --help' for more information",
                    SPEC.use_line,
                    path = SPEC.path
                ),
                1,
            ));
        }
    };
    let pause_given = parsed.values.contains_key("pause");
    let mut no_pause = parsed.is_set("no-pause");
    if pause_given {
        if parsed.values.contains_key("no-pause") {
            return Err(Output::failed(
                "conflicting options: --no-pause and --pause cannot be used together",
                1,
            ));
        }
        no_pause = !parsed.is_set("pause");
    }
    Ok(Docker::ContainerCommit(ContainerCommit {
        container,
        reference,
        author: parsed.value("author").unwrap_or("").to_string(),
        message: parsed.value("message").unwrap_or("").to_string(),
        changes: parsed.values.get("change").cloned().unwrap_or_default(),
        no_pause,
        pause_given,
    }))
}

impl ContainerCommit {
    pub fn execute(self, world: &mut World, host: &str, _caller: &Caller) -> Output {
        let mut o = Output::default();
        if self.pause_given {
            // spf13/pflag `flag.go`: `Flag --%s has been deprecated, %s`.
            o.err("Flag --pause has been deprecated, and enabled by default. Use --no-pause to disable pausing during commit.");
        }
        let reference = match self.reference.as_deref().map(str::parse::<ImageRef>) {
            None => None,
            Some(Ok(_)) if self.reference.as_deref().is_some_and(|r| r.contains('@')) => {
                o.err("refusing to create a tag with a digest reference");
                o.exit_code = 1;
                return o;
            }
            Some(Ok(r)) => Some(r),
            Some(Err(e)) => {
                o.err(e.to_string());
                o.exit_code = 1;
                return o;
            }
        };
        let options = CommitOptions {
            reference,
            comment: self.message,
            author: self.author,
            changes: self.changes,
            no_pause: self.no_pause,
        };
        match world.container_commit(host, &self.container, &options) {
            Ok(id) => o.out(["sha256:", id.as_str()].concat()),
            Err(CommitError::Engine(e)) => {
                o.err(super::daemon_error(&e));
                o.exit_code = 1;
            }
            Err(e @ (CommitError::TooManyChanges | CommitError::Files(_))) => {
                o.err(e.to_string());
                o.exit_code = 1;
            }
            Err(e) => {
                o.err(["Error response from daemon: ", e.to_string().as_str()].concat());
                o.exit_code = 1;
            }
        }
        o
    }
}
