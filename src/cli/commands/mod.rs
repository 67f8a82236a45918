//! One file per command, named `<object>_<verb>.rs` after the Docker CLI's own command tree.
//! Each declares its [`Spec`](super::flags::Spec) (usage line, flags), parses its words into a
//! typed value, and executes it against the engine.

pub mod container_ls;
pub mod container_rm;
pub mod container_run;
pub mod container_stop;
pub mod docker_root;

use super::Output;
use crate::engine::EngineError;

/// `Error response from daemon: …`, as docker/cli prints a daemon error.
pub fn daemon_error(e: &EngineError) -> String {
    format!("Error response from daemon: {e}")
}

/// Echo each argument that succeeded, then print the failures on stderr: docker/cli's
/// `stop` and `rm` (reference C.8). Exit 1 if any failed.
pub fn each_argument(
    names: &[String],
    mut op: impl FnMut(&str) -> Result<(), EngineError>,
) -> Output {
    let mut o = Output::default();
    let mut errors = Vec::new();
    for name in names {
        match op(name) {
            Ok(()) => o.out(name.clone()),
            Err(e) => errors.push(daemon_error(&e)),
        }
    }
    if !errors.is_empty() {
        o.err(errors.join("\n"));
        o.exit_code = 1;
    }
    o
}
