//! Who sends an Engine API request, and over what: the [`Caller`] every engine operation
//! takes. The daemon judges a request by it: the authorization plugins see its user.
//!
//! Contract:
//! - A caller is a transport and the user the daemon learns from it. Docker itself learns a
//!   user only from a TLS client certificate (its common name; moby `daemon/server/router`
//!   `AuthZRequest.User`, `UserAuthNMethod: "TLS"`). Over the unix socket real dockerd
//!   learns nobody; Berth's lab lets it read the login name of the process on the other end
//!   (as `SO_PEERCRED` would give its uid), so `su - alice` makes alice's requests carry
//!   `alice`. TCP without TLS carries the empty user, as on a real daemon.
//! - The socket bind-mounted into a container (`-v /var/run/docker.sock:/var/run/docker.sock`)
//!   is the host's socket: the process in the container talks to the host's daemon as its
//!   uid, root, and the daemon cannot tell it from root on the host.
//! - [`Caller::daemon`] is dockerd acting on its own (a restart policy at boot, the swarm
//!   orchestrator placing a task): no API request, so no plugin is asked.
//! - [`World::authorize`] is the daemon's middleware: each Engine API operation calls it
//!   first, with the action the broker names and what the body asks for ([`Asks::of`]).
//! - Not simulated: client certificates' subjects (the lab's TLS clients, docker-machine's
//!   among them, present a certificate that names no user), Windows named pipes' ACLs, SSH
//!   transport (`ssh://`).

use std::fmt;

use crate::engine::docker::volumes::MountSource;
use crate::engine::security::authz::{Action, Asks, Request};
use crate::engine::{ContainerCreate, EngineError, World};

/// How a request reached the daemon.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Transport {
    /// `unix:///var/run/docker.sock` on the daemon's own host.
    UnixSocket,
    /// `tcp://HOST:2375`, no TLS.
    Tcp,
    /// `tcp://HOST:2376` with `--tlsverify`: a client certificate.
    Tls,
    /// The host's socket, bind-mounted into this container (its ID).
    MountedSocket { container: String },
    /// A Windows host's client, through the `npipe:////./pipe/docker_engine` pipe.
    WindowsPipe,
    /// The laptop's client to a docker-machine VM: TCP with TLS on 2376.
    DockerMachine { machine: String },
    /// dockerd itself: restart policies, the swarm orchestrator. No request, no plugin.
    Daemon,
}

/// Who sends a request: the user the authorization plugins see, and the transport.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Caller {
    /// The user the plugins see; empty when the daemon learns none.
    pub user: String,
    pub transport: Transport,
}

impl Caller {
    /// A login user's client over the host's unix socket (`root` at the first prompt).
    pub fn local(login: &str) -> Caller {
        Caller {
            user: login.to_string(),
            transport: Transport::UnixSocket,
        }
    }

    /// `-H tcp://…` or `DOCKER_HOST=tcp://…` without TLS: the daemon learns no user.
    pub fn tcp() -> Caller {
        Caller {
            user: String::new(),
            transport: Transport::Tcp,
        }
    }

    /// TCP with TLS: the user is the client certificate's common name (empty when it names
    /// none).
    pub fn tls(common_name: &str) -> Caller {
        Caller {
            user: common_name.to_string(),
            transport: Transport::Tls,
        }
    }

    /// A process in `container` driving the host's daemon through the mounted socket: root.
    pub fn mounted_socket(container: &str) -> Caller {
        Caller {
            user: "root".to_string(),
            transport: Transport::MountedSocket {
                container: container.to_string(),
            },
        }
    }

    /// A Windows host's own client (the administrator's prompt).
    pub fn windows_client(login: &str) -> Caller {
        Caller {
            user: login.to_string(),
            transport: Transport::WindowsPipe,
        }
    }

    /// The laptop's client to the docker-machine VM `machine`: TLS, with docker-machine's
    /// client certificate, which names no user.
    pub fn docker_machine(machine: &str) -> Caller {
        Caller {
            user: String::new(),
            transport: Transport::DockerMachine {
                machine: machine.to_string(),
            },
        }
    }

    /// dockerd acting on its own.
    pub fn daemon() -> Caller {
        Caller {
            user: String::new(),
            transport: Transport::Daemon,
        }
    }

    /// Whether the request goes through the authorization plugins: every request a client
    /// sends does; what the daemon does on its own does not.
    pub fn is_request(&self) -> bool {
        self.transport != Transport::Daemon
    }
}

impl fmt::Display for Transport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Transport::UnixSocket => f.write_str("unix:///var/run/docker.sock"),
            Transport::Tcp => f.write_str("tcp"),
            Transport::Tls => f.write_str("tcp+tls"),
            Transport::MountedSocket { container } => {
                write!(f, "unix:///var/run/docker.sock in {container}")
            }
            Transport::WindowsPipe => f.write_str("npipe:////./pipe/docker_engine"),
            Transport::DockerMachine { machine } => write!(f, "tcp+tls to {machine}"),
            Transport::Daemon => f.write_str("dockerd"),
        }
    }
}

impl Asks {
    /// What a `container_create` body asks for, read from the request itself.
    pub fn of(config: &ContainerCreate) -> Asks {
        let socket = |path: &str| matches!(path, "/var/run/docker.sock" | "/run/docker.sock");
        Asks {
            privileged: config.security.privileged,
            cap_add: !config.security.cap_add.is_empty(),
            host_pid: config.security.pid_mode == "host",
            host_network: config.network.as_deref() == Some("host"),
            docker_socket: config
                .mounts
                .iter()
                .any(|m| matches!(&m.source, MountSource::Bind(s) if socket(s))),
        }
    }
}

impl World {
    /// dockerd's authorization of one API request from `caller` (moby
    /// `pkg/authorization/middleware.go`): every plugin the host's daemon.json lists, in
    /// order, before the daemon routes the request. So a refused request changes nothing,
    /// whatever it names, and names that do not exist are never looked up. What the daemon
    /// does on its own ([`Caller::daemon`]) asks no plugin.
    pub fn authorize(
        &self,
        host: &str,
        caller: &Caller,
        action: Action,
        asks: Asks,
    ) -> Result<(), EngineError> {
        if !caller.is_request() {
            return Ok(());
        }
        let h = self.host(host)?;
        if h.daemon.settings.authorization_plugins.is_empty() {
            return Ok(());
        }
        h.authorize(&Request {
            user: caller.user.clone(),
            action,
            asks,
        })
        .map_err(EngineError::Authz)
    }

    /// [`World::authorize`] for a request whose body asks for nothing a flag rule reads.
    pub fn authorize_plain(
        &self,
        host: &str,
        caller: &Caller,
        action: Action,
    ) -> Result<(), EngineError> {
        self.authorize(host, caller, action, Asks::default())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_transport_carries_the_user_the_daemon_can_learn() {
        for (caller, user) in [
            (Caller::local("alice"), "alice"),
            (Caller::local("root"), "root"),
            (Caller::tcp(), ""),
            (Caller::tls("bob"), "bob"),
            (Caller::mounted_socket("abc"), "root"),
            (Caller::windows_client("Administrator"), "Administrator"),
            (Caller::docker_machine("default"), ""),
            (Caller::daemon(), ""),
        ] {
            assert_eq!(caller.user, user, "{}", caller.transport);
        }
        assert!(Caller::tcp().is_request());
        assert!(!Caller::daemon().is_request());
    }
}
