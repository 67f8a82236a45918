//! Engine errors. Each variant names a condition; its `Display` is the daemon's own text, which
//! the CLI prints after `Error response from daemon: ` (sources: reference/docker-semantics.md
//! A.5, A.6 and C.10, from moby `daemon/errors.go`, `daemon/delete.go`, `daemon/network.go`,
//! `daemon/libnetwork/error.go`, `ipamapi/contract.go`, `daemon/containerd/image_pull.go`).

use std::fmt;
use std::net::Ipv4Addr;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EngineError {
    /// moby `daemon/container/view.go`.
    NoSuchContainer(String),
    /// moby `daemon/images/image.go`; the reference as `repo:tag`.
    NoSuchImage(String),
    /// A container ID prefix that matches several containers.
    AmbiguousContainer(String),
    /// moby `nameConflictError`; the name without its leading `/`.
    NameConflict { name: String, id: String },
    /// moby `daemon/names.go`.
    InvalidName(String),
    /// `--cap-add`/`--cap-drop` with a name the kernel does not have.
    UnknownCapability(String),
    /// `--security-opt` the daemon does not understand.
    InvalidSecurityOpt(String),
    /// `--memory` under the 6 MB the daemon allows.
    MemoryTooLow,
    /// moby `validateIsolation`: an `--isolation` the daemon's OS does not have.
    InvalidIsolation { value: String, os: &'static str },
    /// HCS `CreateContainer` under process isolation with an image built for another Windows
    /// build (`0xc0370101`).
    WindowsBuildMismatch(String),
    /// moby `daemon/delete.go` since v25; the name as the CLI passed it.
    RemoveRunning(String),
    /// The repository is not in the catalogue (containerd image store text, the default in 29).
    PullAccessDenied(String),
    /// The repository exists but not the tag; the reference as `repo:tag`.
    ManifestUnknown(String),
    /// runc could not find the command in the image; the executable name.
    ExecutableNotFound(String),
    /// A runc with the CVE-2024-21626 fix found the working directory outside the
    /// container's root (`-w /proc/self/fd/N`).
    CwdOutsideRoot,
    /// No free address left in a network's pool; the network's name.
    NoAvailableIp(String),
    /// No such host in the world.
    NoSuchHost(String),
    /// An authorization plugin refused the request, or could not be asked (moby
    /// `pkg/authorization`): HTTP 403 before the daemon touched anything.
    Authz(crate::engine::docker::authz::AuthzError),
    /// moby `daemon/libnetwork/error.go` `ErrNoSuchNetwork`.
    NoSuchNetwork(String),
    /// moby `daemon/network.go` `FindNetwork`: a prefix or name with several matches.
    AmbiguousNetwork { key: String, matches: u32 },
    /// The same, for an ID prefix.
    AmbiguousNetworkPrefix { key: String, matches: u32 },
    /// Since 28.0.1 a network error at start is wrapped: `failed to set up container networking: …`.
    NetworkSetup(Box<EngineError>),
    /// moby `ipamapi.ErrIPAlreadyAllocated`.
    AddressInUse,
    /// A static address outside every configured subnet (29.1+ text).
    NoSubnetForAddress(Ipv4Addr),
    /// moby `daemon/create.go` `validateNetworkingConfig`.
    InvalidEndpointSettings { network: String, message: String },
    /// moby `NetworkNameError`.
    NetworkNameExists(String),
    /// moby `ipamapi.ErrPoolOverlap`, wrapped by `RequestPool`.
    PoolOverlaps,
    /// moby `ipamapi.ErrNoMoreSubnets`.
    PoolsExhausted,
    /// A `--gateway` or `--aux-address` outside the subnet, or a malformed IPAM request.
    InvalidIpam(String),
    /// moby `daemon/network.go` `deleteNetwork`.
    PredefinedNetwork(String),
    /// moby ≥ 28.2: the endpoints as `(name, 12-hex id)`.
    ActiveEndpoints {
        network: String,
        endpoints: Vec<(String, String)>,
    },
    /// moby `daemon/libnetwork/network.go`: connecting twice.
    AlreadyConnected { container: String, network: String },
    /// moby `daemon/container_operations.go`: disconnecting what is not connected.
    NotConnected {
        container_id: String,
        network: String,
    },
    /// moby `runconfig.ErrConflictSharedNetwork`.
    SharedNetworkNamespace,
    /// moby `runconfig.ErrConflictHostNetwork`.
    HostNetworkConflict,
    /// moby `runconfig.ErrConflictNoNetwork`.
    NoneNetworkConflict,
    /// A driver `docker network create -d` does not know on this host.
    UnknownDriver(String),
    /// distribution `pull_v2.go` `noMatchesErr`: the image has no variant for this daemon's
    /// platform (a Linux image on Windows, a Windows image on Linux).
    NoMatchingManifest(String),
    /// Swarm-scoped objects (an overlay network) on a node outside a swarm.
    NotSwarmManager,
    /// moby `daemon/network.go`: `-d overlay` on a worker.
    OverlayFromWorker,
    /// A standalone container on an overlay created without `--attachable`.
    NotAttachable { name: String, id: String },
    /// `docker network rm ingress`: docker/cli asks first; Berth cannot answer prompts yet.
    IngressRemove,
    /// moby `daemon/start.go`: starting a paused container.
    StartPaused,
    /// sdc-docker's answer (Triton): restify's body, `(RestCode) message (request-id)`, the
    /// code left out for its generic `DockerError` (sdc-docker `lib/errors.js`
    /// `formatErrOrText`).
    Sdc {
        code: Option<&'static str>,
        message: String,
        request_id: String,
    },
    /// moby `errNotRunning`: the full ID.
    NotRunning(String),
    /// moby `daemon/pause.go`.
    AlreadyPaused(String),
    /// moby `daemon/unpause.go`.
    NotPaused(String),
    /// moby `daemon/kill.go`: the name as passed and the full ID.
    KillNotRunning { name: String, id: String },
    /// moby `daemon/rename.go`.
    RenameSameName,
    /// moby `daemon/rename.go`: an invalid new name.
    RenameInvalid(String),
    /// moby `portallocator` via `endpoint.go`: a host port another container holds.
    PortAllocated {
        endpoint: String,
        endpoint_id: String,
        address: String,
    },
    /// An image a container uses (the full message, which names both).
    ImageInUse(String),
    /// moby `volume/service`: `get VOLUME: no such volume`.
    NoSuchVolume(String),
    /// moby: a volume a container mounts.
    VolumeInUse {
        name: String,
        containers: Vec<String>,
    },
    /// moby `volume/local`.
    InvalidVolumeName(String),
    /// A `--link` that cannot be made (the full message).
    Link(String),
    /// An endpoint setting refused by `network connect` (the bare message, unwrapped).
    EndpointSettings(String),
}

impl fmt::Display for EngineError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EngineError::NoSuchContainer(name) => write!(f, "No such container: {name}"),
            EngineError::Authz(refusal) => write!(f, "{refusal}"),
            EngineError::NoSuchImage(reference) => write!(f, "No such image: {reference}"),
            EngineError::AmbiguousContainer(prefix) => {
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
            EngineError::InvalidIsolation { value, os: "windows" } => write!(
                f,
                "invalid isolation ({value}): Windows supports 'default', 'process', or 'hyperv'"
            ),
            EngineError::InvalidIsolation { value, os } => {
                write!(f, "invalid isolation ({value}): {os} only supports 'default'")
            }
            EngineError::UnknownCapability(cap) => write!(f, "invalid CapAdd: unknown capability: \"{cap}\""),
            EngineError::InvalidSecurityOpt(opt) => {
                write!(f, "invalid --security-opt 2: \"{opt}\"")
            }
            EngineError::MemoryTooLow => write!(f, "Minimum memory limit allowed is 6MB"),
            EngineError::WindowsBuildMismatch(id) => write!(
                f,
                "container {id} encountered an error during CreateContainer: failure in a \
                 Windows system call: The operating system of the container does not match the \
                 operating system of the host. (0xc0370101)"
            ),
            EngineError::ExecutableNotFound(executable) => write!(
                f,
                "failed to create task for container: failed to create shim task: OCI runtime \
                 create failed: runc create failed: unable to start container process: error \
                 during container init: exec: \"{executable}\": executable file not found in \
                 $PATH: unknown"
            ),
            EngineError::CwdOutsideRoot => write!(
                f,
                "failed to create task for container: failed to create shim task: OCI runtime \
                 create failed: runc create failed: unable to start container process: error \
                 during container init: current working directory is outside of container mount \
                 namespace root -- possible container breakout detected: unknown"
            ),
            EngineError::NoAvailableIp(network) => write!(
                f,
                "no available IPv4 addresses on this network's address pools: {network}"
            ),
            EngineError::NoSuchHost(host) => write!(f, "no such host: {host}"),
            EngineError::NoSuchNetwork(name) => write!(f, "network {name} not found"),
            EngineError::AmbiguousNetwork { key, matches } => {
                write!(
                    f,
                    "network {key} is ambiguous ({matches} matches found on name)"
                )
            }
            EngineError::AmbiguousNetworkPrefix { key, matches } => {
                write!(f, "network {key} is ambiguous ({matches} matches found on ID prefix)")
            }
            EngineError::NetworkSetup(inner) => {
                write!(f, "failed to set up container networking: {inner}")
            }
            EngineError::AddressInUse => write!(f, "Address already in use"),
            EngineError::NoSubnetForAddress(ip) => {
                write!(f, "no configured subnet contains IP address {ip}")
            }
            EngineError::InvalidEndpointSettings { network, message } => write!(
                f,
                "invalid config for network {network}: invalid endpoint settings:\n{message}"
            ),
            EngineError::NetworkNameExists(name) => {
                write!(f, "network with name {name} already exists")
            }
            EngineError::PoolOverlaps => write!(
                f,
                "invalid pool request: Pool overlaps with other one on this address space"
            ),
            EngineError::PoolsExhausted => {
                write!(f, "all predefined address pools have been fully subnetted")
            }
            EngineError::InvalidIpam(message) => write!(f, "{message}"),
            EngineError::PredefinedNetwork(name) => {
                write!(f, "{name} is a pre-defined network and cannot be removed")
            }
            EngineError::ActiveEndpoints { network, endpoints } => {
                let list: Vec<String> = endpoints
                    .iter()
                    .map(|(name, id)| format!("name:\"{name}\" id:\"{id}\""))
                    .collect();
                write!(
                    f,
                    "error while removing network: network {network} has active endpoints ({})",
                    list.join(", ")
                )
            }
            EngineError::AlreadyConnected { container, network } => {
                write!(
                    f,
                    "endpoint with name {container} already exists in network {network}"
                )
            }
            EngineError::NotConnected {
                container_id,
                network,
            } => write!(
                f,
                "container {container_id} is not connected to network {network}"
            ),
            EngineError::SharedNetworkNamespace => write!(
                f,
                "container sharing network namespace with another container or host cannot be \
                 connected to any other network"
            ),
            EngineError::HostNetworkConflict => write!(
                f,
                "container cannot be disconnected from host network or connected to host network"
            ),
            EngineError::NoneNetworkConflict => write!(
                f,
                "container cannot be connected to multiple networks with one of the networks in \
                 private (none) mode"
            ),
            EngineError::EndpointSettings(message) => write!(f, "{message}"),
            EngineError::Link(message) => write!(f, "{message}"),
            EngineError::NoSuchVolume(name) => write!(f, "get {name}: no such volume"),
            EngineError::VolumeInUse { name, containers } => write!(
                f,
                "remove {name}: volume is in use - [{}]",
                containers.join(", ")
            ),
            EngineError::InvalidVolumeName(name) => write!(
                f,
                "create {name}: \"{name}\" includes invalid characters for a local volume name, only \"[a-zA-Z0-9][a-zA-Z0-9_.-]\" are allowed. If you intended to pass a host directory, use absolute path"
            ),
            EngineError::ImageInUse(message) => write!(f, "{message}"),
            EngineError::PortAllocated {
                endpoint,
                endpoint_id,
                address,
            } => write!(
                f,
                "driver failed programming external connectivity on endpoint {endpoint} \
                 ({endpoint_id}): Bind for {address} failed: port is already allocated"
            ),
            EngineError::StartPaused => {
                write!(f, "cannot start a paused container, try unpause instead")
            }
            EngineError::NotRunning(id) => write!(f, "container {id} is not running"),
            EngineError::AlreadyPaused(id) => write!(f, "container {id} is already paused"),
            EngineError::NotPaused(id) => write!(f, "container {id} is not paused"),
            EngineError::KillNotRunning { name, id } => {
                write!(
                    f,
                    "cannot kill container: {name}: container {id} is not running"
                )
            }
            EngineError::RenameSameName => write!(
                f,
                "Renaming a container with the same name as its current name"
            ),
            EngineError::RenameInvalid(name) => write!(
                f,
                "Error when allocating new name: Invalid container name ({name}), only \
                 [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed"
            ),
            EngineError::UnknownDriver(name) => write!(f, "plugin \"{name}\" not found"),
            EngineError::NoMatchingManifest(platform) => write!(
                f,
                "no matching manifest for {platform} in the manifest list entries"
            ),
            EngineError::NotAttachable { name, id } => write!(
                f,
                "Could not attach to network {name}: rpc error: code = PermissionDenied desc = network {id} not manually attachable"
            ),
            EngineError::IngressRemove => write!(
                f,
                "ingress is the swarm's routing-mesh network: removing it is not simulated"
            ),
            EngineError::OverlayFromWorker => write!(
                f,
                "Cannot create a multi-host network from a worker node. Please create the network from a manager node."
            ),
            EngineError::NotSwarmManager => write!(
                f,
                "This node is not a swarm manager. Use \"docker swarm init\" or \"docker swarm \
                 join\" to connect this node to swarm and try again."
            ),
            EngineError::Sdc {
                code,
                message,
                request_id,
            } => match code {
                Some(code) => write!(f, "({code}) {message} ({request_id})"),
                None => write!(f, "{message} ({request_id})"),
            },
        }
    }
}

impl std::error::Error for EngineError {}
