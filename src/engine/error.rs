//! Engine errors. Each variant names a condition; its `Display` is the daemon's own text, which
//! the CLI prints after `Error response from daemon: ` (sources: reference/docker-semantics.md
//! C.10, from moby `daemon/errors.go`, `daemon/delete.go`, `daemon/containerd/image_pull.go`).

use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EngineError {
    /// moby `daemon/container/view.go`.
    NoSuchContainer(String),
    /// moby `daemon/images/image.go`; the reference as `repo:tag`.
    NoSuchImage(String),
    /// A container ID prefix that matches several containers.
    AmbiguousPrefix(String),
    /// moby `nameConflictError`; the name without its leading `/`.
    NameConflict { name: String, id: String },
    /// moby `daemon/names.go`.
    InvalidName(String),
    /// moby `daemon/delete.go` since v25; the name as the CLI passed it.
    RemoveRunning(String),
    /// The repository is not in the catalogue (containerd image store text, the default in 29).
    PullAccessDenied(String),
    /// The repository exists but not the tag; the reference as `repo:tag`.
    ManifestUnknown(String),
    /// runc could not find the command in the image; the executable name.
    ExecutableNotFound(String),
    /// No free address left in a network's pool; the network's name.
    NoAvailableIp(String),
    /// No such host in the world.
    NoSuchHost(String),
}

impl fmt::Display for EngineError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EngineError::NoSuchContainer(name) => write!(f, "No such container: {name}"),
            EngineError::NoSuchImage(reference) => write!(f, "No such image: {reference}"),
            EngineError::AmbiguousPrefix(prefix) => {
                write!(f, "multiple IDs found with provided prefix: {prefix}")
            }
            EngineError::NameConflict { name, id } => write!(
                f,
                "Conflict. The container name \"/{name}\" is already in use by container \"{id}\". \
                 You have to remove (or rename) that container to be able to reuse that name."
            ),
            EngineError::InvalidName(name) => write!(
                f,
                "Invalid container name ({name}), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed"
            ),
            EngineError::RemoveRunning(name) => write!(
                f,
                "cannot remove container \"{name}\": container is running: stop the container \
                 before removing or force remove"
            ),
            EngineError::PullAccessDenied(repository) => write!(
                f,
                "pull access denied for {repository}, repository does not exist or may require \
                 'docker login'"
            ),
            EngineError::ManifestUnknown(reference) => write!(
                f,
                "manifest for {reference} not found: manifest unknown: manifest unknown"
            ),
            EngineError::ExecutableNotFound(executable) => write!(
                f,
                "failed to create task for container: failed to create shim task: OCI runtime \
                 create failed: runc create failed: unable to start container process: error \
                 during container init: exec: \"{executable}\": executable file not found in \
                 $PATH: unknown"
            ),
            EngineError::NoAvailableIp(network) => write!(
                f,
                "failed to set up container networking: no available IPv4 addresses on this \
                 network's address pools: {network}"
            ),
            EngineError::NoSuchHost(host) => write!(f, "no such host: {host}"),
        }
    }
}

impl std::error::Error for EngineError {}
