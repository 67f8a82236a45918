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

use crate::engine::docker::authz::{Action, Asks, Request};
use crate::engine::docker::volumes::MountSource;
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
    pub(in crate::engine) fn authorize_plain(
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
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
    use super::*;
    use crate::engine::docker::authz::{AuthzError, FlagRule, BROKER_IMAGE};
    use crate::engine::{ImageRef, NetworkCreate, RestartPolicy, DEFAULT_HOST};

    const H: &str = DEFAULT_HOST;

    fn root() -> Caller {
        Caller::local("root")
    }

    /// A host whose broker runs (`--restart=always`, its socket and policy directory bound)
    /// with these policy lines, and whose daemon asks it, then berth-authz.
    fn guarded(policies: &[&str]) -> World {
        let mut w = World::new(7);
        let broker: ImageRef = BROKER_IMAGE.parse().unwrap();
        w.image_pull(H, &root(), &broker).unwrap();
        let mounts = [
            "/var/lib/authz-broker:/var/lib/authz-broker",
            "/run/docker/plugins:/run/docker/plugins",
        ]
        .map(|m| m.parse().unwrap())
        .to_vec();
        let config = ContainerCreate {
            name: Some("authz".into()),
            mounts,
            restart_policy: RestartPolicy::Always,
            ..ContainerCreate::new(BROKER_IMAGE.parse().unwrap())
        };
        let id = w.container_create(H, &root(), config).unwrap();
        w.container_start(H, &root(), &id).unwrap();
        for line in policies {
            w.authz_policy_append(H, line).unwrap();
        }
        w.daemon_json_edit(
            H,
            "authorization-plugins",
            Some(r#"["authz-broker","berth-authz"]"#),
        )
        .unwrap();
        w.daemon_restart(H).unwrap();
        w
    }

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

    #[test]
    fn a_refused_operation_changes_nothing_and_answers_in_mobys_words() {
        let mut w = guarded(&[
            r#"{"name":"admins","users":["root"],"actions":[""]}"#,
            r#"{"name":"alice_ro","users":["alice"],"actions":["container","image"],"readonly":true}"#,
        ]);
        w.authz_rule_set(H, FlagRule::Privileged, true).unwrap();
        w.image_pull(H, &root(), &"alpine".parse().unwrap())
            .unwrap();
        let before = w.clone();
        let alice = Caller::local("alice");
        let plain = ContainerCreate {
            cmd: vec!["sleep".into(), "1000".into()],
            ..ContainerCreate::new("alpine".parse().unwrap())
        };
        let mut privileged = plain.clone();
        privileged.security.privileged = true;
        let nginx: ImageRef = "nginx".parse().unwrap();
        let net = NetworkCreate {
            name: "appnet".into(),
            ..NetworkCreate::default()
        };
        let refused: Vec<(Result<(), EngineError>, &str)> = vec![
            (
                w.container_create(H, &alice, plain.clone()).map(drop),
                "authz-broker: action 'container_create' not allowed for user 'alice' by readonly policy 'alice_ro'",
            ),
            (
                w.container_create(H, &root(), privileged).map(drop),
                "berth-authz: --privileged is not allowed on this host (rule: deny privileged)",
            ),
            (
                w.image_pull(H, &alice, &nginx).map(drop),
                "authz-broker: action 'image_create' not allowed for user 'alice' by readonly policy 'alice_ro'",
            ),
            (
                w.network_create(H, &alice, net).map(drop),
                "authz-broker: action 'network_create' denied for user 'alice' by policy 'alice_ro'",
            ),
            // Judged before the name is looked up: no "No such container".
            (
                w.container_stop(H, &alice, "nosuch"),
                "authz-broker: action 'container_stop' not allowed for user 'alice' by readonly policy 'alice_ro'",
            ),
            (
                w.container_prune(H, &Caller::tcp()).map(drop),
                "authz-broker: no policy applied (user: '' action: '')",
            ),
        ];
        for (got, msg) in refused {
            let e = got.expect_err(msg);
            assert!(
                matches!(e, EngineError::Authz(AuthzError::Denied { .. })),
                "{e:?}"
            );
            assert_eq!(
                e.to_string(),
                format!("authorization denied by plugin {msg}")
            );
        }
        assert_eq!(w, before);
        // The same create, allowed, does change the world.
        w.container_create(H, &root(), plain).unwrap();
        assert_ne!(w, before);
    }

    #[test]
    fn the_same_operation_through_each_transport_is_judged_by_its_user() {
        let w = guarded(&[
            r#"{"name":"root_lists","users":["root"],"actions":["container_list"]}"#,
            r#"{"name":"bob_lists","users":["bob"],"actions":["container_list"]}"#,
        ]);
        let no_policy = |user: &str| {
            Err(format!(
                "authorization denied by plugin authz-broker: no policy applied (user: '{user}' action: 'container_list')"
            ))
        };
        for (caller, answer) in [
            (Caller::local("root"), Ok(())),
            (Caller::mounted_socket("abc"), Ok(())),
            (Caller::local("bob"), Ok(())),
            (Caller::tls("bob"), Ok(())),
            (Caller::local("alice"), no_policy("alice")),
            (Caller::tcp(), no_policy("")),
            (Caller::tls(""), no_policy("")),
            (Caller::docker_machine("default"), no_policy("")),
            (Caller::daemon(), Ok(())),
        ] {
            let got = w
                .container_list(H, &caller, true)
                .map(drop)
                .map_err(|e| e.to_string());
            assert_eq!(got, answer, "{}", caller.transport);
        }
    }
}
