//! Authorization plugins: what dockerd asks before it acts on a request, and what each plugin
//! answers. Pure: a request (user, action, what the body asks for) in, allow or deny out.
//!
//! Contract:
//! - dockerd sends every API request through the plugins `authorization-plugins` lists, in
//!   order; the first that denies stops it (moby `pkg/authorization/authz.go`: the result is
//!   the AND of all plugins) and the daemon answers `authorization denied by plugin NAME:
//!   MESSAGE` (HTTP 403). A denied request changes nothing.
//! - Two plugins exist in the lab:
//!   - `authz-broker`, Twistlock's broker (github.com/twistlock/authz), runs as the container
//!     `twistlock/authz-broker`. dockerd finds it through its socket, so the container must
//!     bind `/run/docker/plugins`; it reads `/var/lib/authz-broker/policy.json` (one JSON
//!     policy per line, re-read on every change: no restart needed) through a bind mount of
//!     that file or its directory. Its decision is the broker's `basic` authorizer, word for
//!     word: the first policy naming the user decides, its `actions` are Go regular
//!     expressions matched *unanchored* against the action (`container` matches
//!     `container_create`, `""` matches everything), `readonly` refuses anything but GET,
//!     and a user no policy names is denied.
//!   - `berth-authz` is Berth's own plugin, not a real one: the broker only sees users and
//!     actions, never flags, so rules such as "no privileged containers" (what Open Policy
//!     Agent's opa-docker-authz writes in Rego) come from this stand-in, always installed on
//!     a Linux host and edited with `berth-authz deny|allow RULE`. Its messages are Berth's.
//! - A plugin listed in daemon.json but not running: dockerd 29 validates the list at start,
//!   after it restored containers (so a broker with `--restart=always` comes back first),
//!   and refuses to start without it. Once started, a broker that stops makes every request
//!   fail with the plugin's connection error.
//! - The user. Docker only knows a user from a TLS client certificate (its common name);
//!   over the unix socket the user is empty. Berth's lab simplifies: dockerd learns the login
//!   name of the process on the other end of the socket (as `SO_PEERCRED` would give its
//!   uid), so `su - alice` makes alice's requests carry `alice` and root's carry `root`. A
//!   request over `-H tcp://` without TLS carries the empty user, as on a real daemon.
//! - Not simulated: the response half of the protocol (`AuthZPlugin.AuthZRes`), managed (v2)
//!   plugins (`docker plugin install`), and a broker that crashes on a missing policy file
//!   (here it reads none and so denies everyone).

use std::collections::BTreeSet;
use std::fmt;
use std::str::FromStr;

use crate::engine::docker::volumes::MountSource;
use crate::engine::{Host, World};

/// Twistlock's broker: its plugin name (the socket `authz-broker.sock`), its image, its file.
pub const BROKER: &str = "authz-broker";
pub const BROKER_IMAGE: &str = "twistlock/authz-broker";
pub const POLICY_FILE: &str = "/var/lib/authz-broker/policy.json";
const POLICY_DIR: &str = "/var/lib/authz-broker";
/// Where dockerd looks for a legacy plugin's socket.
pub const PLUGIN_DIR: &str = "/run/docker/plugins";
/// Berth's own flag-rule plugin.
pub const FLAG_PLUGIN: &str = "berth-authz";

/// A Docker API operation, named as the broker's route parser names it
/// (twistlock/authz `core/types.go`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Action {
    ContainerCreate,
    ContainerStart,
    ContainerStop,
    ContainerKill,
    ContainerRestart,
    ContainerPause,
    ContainerUnpause,
    ContainerRename,
    ContainerDelete,
    ContainerList,
    ContainerInspect,
    ContainerLogs,
    ContainerStats,
    ContainerTop,
    ContainerAttach,
    ContainerWait,
    ContainerExecCreate,
    ContainerExecStart,
    ImageCreate,
    ImageList,
    ImageHistory,
    ImageInspect,
    ImageTag,
    ImageDelete,
    VolumeCreate,
    VolumeList,
    VolumeInspect,
    VolumeRemove,
    NetworkCreate,
    NetworkList,
    NetworkInspect,
    NetworkConnect,
    NetworkDisconnect,
    NetworkRemove,
    DockerInfo,
    DockerVersion,
    /// A route the broker's parser does not know (prunes, swarm, services): action `""`.
    None,
}

impl Action {
    /// The broker's name for it.
    pub fn as_str(self) -> &'static str {
        match self {
            Action::ContainerCreate => "container_create",
            Action::ContainerStart => "container_start",
            Action::ContainerStop => "container_stop",
            Action::ContainerKill => "container_kill",
            Action::ContainerRestart => "container_restart",
            Action::ContainerPause => "container_pause",
            Action::ContainerUnpause => "container_unpause",
            Action::ContainerRename => "container_rename",
            Action::ContainerDelete => "container_delete",
            Action::ContainerList => "container_list",
            Action::ContainerInspect => "container_inspect",
            Action::ContainerLogs => "container_logs",
            Action::ContainerStats => "container_stats",
            Action::ContainerTop => "container_top",
            Action::ContainerAttach => "container_attach",
            Action::ContainerWait => "container_wait",
            Action::ContainerExecCreate => "container_exec_create",
            Action::ContainerExecStart => "container_exec_start",
            Action::ImageCreate => "image_create",
            Action::ImageList => "image_list",
            Action::ImageHistory => "image_history",
            Action::ImageInspect => "image_inspect",
            Action::ImageTag => "image_tag",
            Action::ImageDelete => "image_delete",
            Action::VolumeCreate => "volume_create",
            Action::VolumeList => "volume_list",
            Action::VolumeInspect => "volume_inspect",
            Action::VolumeRemove => "volume_remove",
            Action::NetworkCreate => "network_create",
            Action::NetworkList => "network_list",
            Action::NetworkInspect => "network_inspect",
            Action::NetworkConnect => "network_connect",
            Action::NetworkDisconnect => "network_disconnect",
            Action::NetworkRemove => "network_remove",
            Action::DockerInfo => "docker_info",
            Action::DockerVersion => "docker_version",
            Action::None => "",
        }
    }

    /// The request's HTTP method: a `readonly` policy lets only GET through.
    pub fn method(self) -> &'static str {
        match self {
            Action::ContainerList
            | Action::ContainerInspect
            | Action::ContainerLogs
            | Action::ContainerStats
            | Action::ContainerTop
            | Action::ImageList
            | Action::ImageHistory
            | Action::ImageInspect
            | Action::VolumeList
            | Action::VolumeInspect
            | Action::NetworkList
            | Action::NetworkInspect
            | Action::DockerInfo
            | Action::DockerVersion => "GET",
            Action::ContainerDelete
            | Action::ImageDelete
            | Action::VolumeRemove
            | Action::NetworkRemove => "DELETE",
            _ => "POST",
        }
    }
}

/// What a `container_create` body asks for that a flag rule can refuse.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Asks {
    /// `HostConfig.Privileged`.
    pub privileged: bool,
    /// `HostConfig.CapAdd` is not empty.
    pub cap_add: bool,
    /// `HostConfig.PidMode` is `host`.
    pub host_pid: bool,
    /// `HostConfig.NetworkMode` is `host`.
    pub host_network: bool,
    /// A bind mount of the Docker socket.
    pub docker_socket: bool,
}

/// One API request as the plugins see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    /// The authenticated user; empty when there is none (see the contract).
    pub user: String,
    pub action: Action,
    pub asks: Asks,
}

impl Request {
    pub fn new(user: &str, action: Action) -> Request {
        Request {
            user: user.to_string(),
            action,
            asks: Asks::default(),
        }
    }
}

/// A rule of Berth's `berth-authz` plugin: a `container_create` asking for this is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum FlagRule {
    Privileged,
    CapAdd,
    HostPid,
    HostNetwork,
    DockerSocket,
}

impl FlagRule {
    pub const ALL: [FlagRule; 5] = [
        FlagRule::Privileged,
        FlagRule::CapAdd,
        FlagRule::HostPid,
        FlagRule::HostNetwork,
        FlagRule::DockerSocket,
    ];

    fn asked(self, asks: &Asks) -> bool {
        match self {
            FlagRule::Privileged => asks.privileged,
            FlagRule::CapAdd => asks.cap_add,
            FlagRule::HostPid => asks.host_pid,
            FlagRule::HostNetwork => asks.host_network,
            FlagRule::DockerSocket => asks.docker_socket,
        }
    }

    /// The flag as a learner types it, for the deny message.
    fn flag(self) -> &'static str {
        match self {
            FlagRule::Privileged => "--privileged",
            FlagRule::CapAdd => "--cap-add",
            FlagRule::HostPid => "--pid=host",
            FlagRule::HostNetwork => "--network=host",
            FlagRule::DockerSocket => "a bind mount of /var/run/docker.sock",
        }
    }
}

impl fmt::Display for FlagRule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            FlagRule::Privileged => "privileged",
            FlagRule::CapAdd => "cap-add",
            FlagRule::HostPid => "host-pid",
            FlagRule::HostNetwork => "host-network",
            FlagRule::DockerSocket => "docker-socket",
        })
    }
}

/// A `berth-authz` rule name that is none of [`FlagRule::ALL`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownRule(pub String);

impl fmt::Display for UnknownRule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown rule `{}`", self.0)
    }
}

impl FromStr for FlagRule {
    type Err = UnknownRule;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        FlagRule::ALL
            .into_iter()
            .find(|r| r.to_string() == s)
            .ok_or_else(|| UnknownRule(s.to_string()))
    }
}

/// `berth-authz`'s refusal of a container that asks for a flag a rule denies. Berth's words
/// (the plugin is Berth's own), sent back to dockerd as the plugin's message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FlagDenied(pub FlagRule);

impl fmt::Display for FlagDenied {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} is not allowed on this host (rule: deny {})",
            self.0.flag(),
            self.0
        )
    }
}

/// One line of the broker's policy file (`BasicPolicy` in twistlock/authz `authz/basic.go`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BasicPolicy {
    pub name: String,
    pub users: Vec<String>,
    /// Go regular expressions, matched unanchored against the action.
    pub actions: Vec<String>,
    pub readonly: bool,
}

/// The broker's `loadPolicies`: one JSON object per non-empty line. A line that does not
/// decode is logged by the broker and still appended, as an empty policy that names no one.
pub fn parse_policies(text: &str) -> Vec<BasicPolicy> {
    let strings = |v: Option<&serde_json::Value>| -> Vec<String> {
        v.and_then(|v| v.as_array())
            .map(|a| {
                a.iter()
                    .filter_map(|x| x.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default()
    };
    text.split('\n')
        .filter(|l| !l.is_empty())
        .map(|line| {
            let Ok(serde_json::Value::Object(map)) = serde_json::from_str(line) else {
                return BasicPolicy::default();
            };
            BasicPolicy {
                name: map
                    .get("name")
                    .and_then(|v| v.as_str())
                    .unwrap_or_default()
                    .to_string(),
                users: strings(map.get("users")),
                actions: strings(map.get("actions")),
                readonly: map
                    .get("readonly")
                    .and_then(|v| v.as_bool())
                    .unwrap_or(false),
            }
        })
        .collect()
}

/// A plugin's answer to one request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    pub allow: bool,
    pub msg: String,
}

/// The broker's `AuthZReq`, messages word for word.
pub fn broker_decide(policies: &[BasicPolicy], user: &str, action: Action) -> Answer {
    let action_name = action.as_str();
    for policy in policies {
        if !policy.users.iter().any(|u| u == user) {
            continue;
        }
        if policy
            .actions
            .iter()
            .any(|pattern| regex_find(pattern, action_name))
        {
            if policy.readonly && action.method() != "GET" {
                return Answer {
                    allow: false,
                    msg: format!(
                        "action '{action_name}' not allowed for user '{user}' by readonly policy '{}'",
                        policy.name
                    ),
                };
            }
            return Answer {
                allow: true,
                msg: format!(
                    "action '{action_name}' allowed for user '{user}' by policy '{}'",
                    policy.name
                ),
            };
        }
        return Answer {
            allow: false,
            msg: format!(
                "action '{action_name}' denied for user '{user}' by policy '{}'",
                policy.name
            ),
        };
    }
    Answer {
        allow: false,
        msg: format!("no policy applied (user: '{user}' action: '{action_name}')"),
    }
}

/// Berth's `berth-authz`: only container creation carries flags; the first rule it asks for
/// refuses it. Berth's words.
pub fn flag_decide(rules: &BTreeSet<FlagRule>, request: &Request) -> Answer {
    if request.action == Action::ContainerCreate {
        if let Some(rule) = rules.iter().find(|r| r.asked(&request.asks)) {
            return Answer {
                allow: false,
                msg: FlagDenied(*rule).to_string(),
            };
        }
    }
    Answer {
        allow: true,
        msg: String::new(),
    }
}

/// Why dockerd refused a request (moby's texts).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuthzError {
    /// A plugin said no: HTTP 403.
    Denied { plugin: String, msg: String },
    /// A plugin could not be asked.
    Failed { plugin: String, error: String },
}

impl AuthzError {
    /// The plugin that stopped the request.
    pub fn plugin(&self) -> &str {
        match self {
            AuthzError::Denied { plugin, .. } | AuthzError::Failed { plugin, .. } => plugin,
        }
    }
}

impl fmt::Display for AuthzError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AuthzError::Denied { plugin, msg } => {
                write!(f, "authorization denied by plugin {plugin}: {msg}")
            }
            AuthzError::Failed { plugin, error } => {
                write!(f, "plugin {plugin} failed with error: {error}")
            }
        }
    }
}

/// The connection error of a legacy plugin whose socket is there but nobody listens (Go's
/// `*url.Error` around the dial error). Not checked against a live daemon.
fn connection_refused(plugin: &str) -> String {
    format!(
        "Post \"http://%2Frun%2Fdocker%2Fplugins%2F{plugin}.sock/AuthZPlugin.AuthZReq\": dial unix {PLUGIN_DIR}/{plugin}.sock: connect: connection refused"
    )
}

/// A bind mount's path without its trailing slash (`/run/docker/plugins/`).
fn trimmed(path: &str) -> &str {
    match path.trim_end_matches('/') {
        "" => "/",
        p => p,
    }
}

impl Host {
    /// The running broker container whose socket dockerd can see, if any.
    fn broker(&self) -> Option<&crate::engine::docker::container::Container> {
        self.containers_in_order().find(|c| {
            c.is_running()
                && c.image.repository == BROKER_IMAGE
                && c.image.tag == "latest"
                && c.mounts.iter().any(|m| {
                    trimmed(&m.target) == PLUGIN_DIR
                        && matches!(&m.source, MountSource::Bind(s) if trimmed(s) == PLUGIN_DIR)
                })
        })
    }

    /// Whether the plugin named so is installed and answering on this host.
    pub fn authz_plugin_running(&self, name: &str) -> bool {
        match name {
            BROKER => self.broker().is_some(),
            FLAG_PLUGIN => self.backend.has_berth_authz(),
            _ => false,
        }
    }

    /// The policies the running broker reads: the host's file, if a mount shows it.
    fn broker_policies(&self) -> Vec<BasicPolicy> {
        let sees_file = self.broker().is_some_and(|c| {
            c.mounts.iter().any(|m| {
                let target = trimmed(&m.target);
                matches!(&m.source, MountSource::Bind(s) if trimmed(s) == target)
                    && (target == POLICY_DIR || target == POLICY_FILE)
            })
        });
        if sees_file {
            parse_policies(self.machine.authz_policy.as_deref().unwrap_or_default())
        } else {
            Vec::new()
        }
    }

    /// dockerd's authorization of one request: each configured plugin in order.
    pub fn authorize(&self, request: &Request) -> Result<(), AuthzError> {
        // moby `NewPlugins`: a name listed twice is asked once.
        let mut asked = BTreeSet::new();
        for plugin in &self.daemon.settings.authorization_plugins {
            if !asked.insert(plugin.as_str()) {
                continue;
            }
            let answer = match plugin.as_str() {
                BROKER if self.broker().is_some() => {
                    broker_decide(&self.broker_policies(), &request.user, request.action)
                }
                FLAG_PLUGIN if self.authz_plugin_running(FLAG_PLUGIN) => {
                    flag_decide(&self.machine.authz_rules, request)
                }
                other => {
                    return Err(AuthzError::Failed {
                        plugin: other.to_string(),
                        error: connection_refused(other),
                    })
                }
            };
            if !answer.allow {
                return Err(AuthzError::Denied {
                    plugin: plugin.clone(),
                    msg: answer.msg,
                });
            }
        }
        Ok(())
    }

    /// Each request in turn: the first refusal stops the command.
    pub fn authorize_all(&self, requests: &[Request]) -> Result<(), (usize, AuthzError)> {
        requests
            .iter()
            .enumerate()
            .try_for_each(|(i, r)| self.authorize(r).map_err(|e| (i, e)))
    }
}

/// What a lesson goal asks a user may do (`user alice can run containers`): a small
/// vocabulary, each operation the requests its plain docker command sends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Operation {
    /// Talk to the socket at all (the docker group), no request behind it.
    UseDocker,
    RunContainers,
    RunPrivilegedContainers,
    ListContainers,
    CreateNetworks,
    PullImages,
}

impl Operation {
    pub const ALL: [Operation; 6] = [
        Operation::UseDocker,
        Operation::RunContainers,
        Operation::RunPrivilegedContainers,
        Operation::ListContainers,
        Operation::CreateNetworks,
        Operation::PullImages,
    ];

    /// The requests `docker run -d IMAGE`, `docker run -d --privileged IMAGE`, `docker ps`,
    /// `docker network create` and `docker pull` send, for `user`.
    pub fn requests(self, user: &str) -> Vec<Request> {
        let privileged = Asks {
            privileged: true,
            ..Asks::default()
        };
        let run = |asks: Asks| {
            vec![
                Request {
                    user: user.to_string(),
                    action: Action::ContainerCreate,
                    asks,
                },
                Request::new(user, Action::ContainerStart),
            ]
        };
        match self {
            Operation::UseDocker => Vec::new(),
            Operation::RunContainers => run(Asks::default()),
            Operation::RunPrivilegedContainers => run(privileged),
            Operation::ListContainers => vec![Request::new(user, Action::ContainerList)],
            Operation::CreateNetworks => vec![Request::new(user, Action::NetworkCreate)],
            Operation::PullImages => vec![Request::new(user, Action::ImageCreate)],
        }
    }
}

impl fmt::Display for Operation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Operation::UseDocker => "use docker",
            Operation::RunContainers => "run containers",
            Operation::RunPrivilegedContainers => "run privileged containers",
            Operation::ListContainers => "list containers",
            Operation::CreateNetworks => "create networks",
            Operation::PullImages => "pull images",
        })
    }
}

/// A lesson goal's operation that is none of [`Operation::ALL`]; its Display lists them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownOperation(pub String);

impl fmt::Display for UnknownOperation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown operation `{}`: expected one of ", self.0)?;
        for (i, o) in Operation::ALL.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            write!(f, "{o}")?;
        }
        Ok(())
    }
}

impl FromStr for Operation {
    type Err = UnknownOperation;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Operation::ALL
            .into_iter()
            .find(|o| o.to_string() == s)
            .ok_or_else(|| UnknownOperation(s.to_string()))
    }
}

impl World {
    /// Appends one line to the host's policy file (Berth's stand-in for `echo … >> FILE`);
    /// the broker sees it at once.
    pub fn authz_policy_append(
        &mut self,
        host: &str,
        line: &str,
    ) -> Result<(), crate::engine::EngineError> {
        let h = self.host_mut(host)?;
        let mut text = h.machine.authz_policy.take().unwrap_or_default();
        text.push_str(line);
        text.push('\n');
        h.machine.authz_policy = Some(text);
        Ok(())
    }

    /// Removes the policy lines named `name`; how many went.
    pub fn authz_policy_remove(
        &mut self,
        host: &str,
        name: &str,
    ) -> Result<usize, crate::engine::EngineError> {
        let h = self.host_mut(host)?;
        let text = h.machine.authz_policy.take().unwrap_or_default();
        let (gone, kept): (Vec<&str>, Vec<&str>) = text
            .split('\n')
            .filter(|l| !l.is_empty())
            .partition(|l| parse_policies(l).first().is_some_and(|p| p.name == name));
        h.machine.authz_policy = Some(kept.iter().map(|l| format!("{l}\n")).collect());
        Ok(gone.len())
    }

    /// `berth-authz deny|allow RULE`.
    pub fn authz_rule_set(
        &mut self,
        host: &str,
        rule: FlagRule,
        deny: bool,
    ) -> Result<(), crate::engine::EngineError> {
        let h = self.host_mut(host)?;
        if deny {
            h.machine.authz_rules.insert(rule);
        } else {
            h.machine.authz_rules.remove(&rule);
        }
        Ok(())
    }
}

/// Go's `regexp.MatchString(pattern, action)`, as the broker calls it on each of a policy's
/// actions: unanchored. A pattern Go would not compile matches nothing, as the broker logs
/// the error and moves on.
fn regex_find(pattern: &str, text: &str) -> bool {
    crate::golang::regexp::match_string(pattern, text).unwrap_or(false)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
    use super::*;

    #[test]
    fn action_patterns_match_as_go_regexp_does_unanchored() {
        for (pattern, text, matches) in [
            ("", "container_create", true),
            ("container", "container_create", true),
            ("container_create", "container_create", true),
            ("^container_create$", "container_create", true),
            ("^container$", "container_create", false),
            ("create", "container_create", true),
            ("image_.*", "image_create", true),
            ("image_.*", "container_create", false),
            ("container_(start|stop)", "container_stop", true),
            ("container_(start|stop)", "container_kill", false),
            ("^(image|network)_list$", "network_list", true),
            ("container_[a-c]", "container_create", true),
            ("container_[^a-c]", "container_create", false),
            ("a+b?c*", "xaay", true),
            ("(", "anything", false),
            ("*", "anything", false),
            ("container", "", false),
            ("", "", true),
        ] {
            assert_eq!(
                regex_find(pattern, text),
                matches,
                "{pattern:?} on {text:?}"
            );
        }
    }

    fn policies() -> Vec<BasicPolicy> {
        parse_policies(concat!(
            r#"{"name":"admins","users":["root"],"actions":[""]}"#,
            "\n",
            r#"{"name":"alice_ro","users":["alice"],"actions":["container","image"],"readonly":true}"#,
            "\n",
            r#"{"name":"bob_runs","users":["bob"],"actions":["container_create","container_start"]}"#,
            "\n",
            "not json\n",
            "\n",
        ))
    }

    #[test]
    fn the_policy_file_is_one_object_per_line_and_bad_lines_name_no_one() {
        let p = policies();
        assert_eq!(p.len(), 4);
        assert_eq!(p[1].name, "alice_ro");
        assert!(p[1].readonly);
        assert_eq!(p[3], BasicPolicy::default());
    }

    #[test]
    fn the_broker_answers_in_its_own_words() {
        let p = policies();
        let cases = [
            ("root", Action::NetworkCreate, true, "action 'network_create' allowed for user 'root' by policy 'admins'"),
            ("alice", Action::ContainerList, true, "action 'container_list' allowed for user 'alice' by policy 'alice_ro'"),
            ("alice", Action::ContainerCreate, false, "action 'container_create' not allowed for user 'alice' by readonly policy 'alice_ro'"),
            ("alice", Action::NetworkList, false, "action 'network_list' denied for user 'alice' by policy 'alice_ro'"),
            ("bob", Action::ContainerCreate, true, "action 'container_create' allowed for user 'bob' by policy 'bob_runs'"),
            ("bob", Action::ContainerDelete, false, "action 'container_delete' denied for user 'bob' by policy 'bob_runs'"),
            ("carol", Action::ContainerList, false, "no policy applied (user: 'carol' action: 'container_list')"),
            ("", Action::ContainerList, false, "no policy applied (user: '' action: 'container_list')"),
            ("bob", Action::None, false, "action '' denied for user 'bob' by policy 'bob_runs'"),
        ];
        for (user, action, allow, msg) in cases {
            let a = broker_decide(&p, user, action);
            assert_eq!((a.allow, a.msg.as_str()), (allow, msg), "{user} {action:?}");
        }
    }

    #[test]
    fn the_first_policy_naming_the_user_decides() {
        let p = parse_policies(concat!(
            r#"{"name":"first","users":["alice"],"actions":["image_list"]}"#,
            "\n",
            r#"{"name":"second","users":["alice"],"actions":[""]}"#,
            "\n",
        ));
        assert!(!broker_decide(&p, "alice", Action::ContainerList).allow);
    }

    #[test]
    fn flag_rules_refuse_only_the_creation_that_asks() {
        let rules: BTreeSet<FlagRule> = [FlagRule::Privileged].into_iter().collect();
        let mut create = Request::new("root", Action::ContainerCreate);
        assert!(flag_decide(&rules, &create).allow);
        create.asks.privileged = true;
        let a = flag_decide(&rules, &create);
        assert!(!a.allow);
        assert_eq!(
            a.msg,
            "--privileged is not allowed on this host (rule: deny privileged)"
        );
        let mut start = Request::new("root", Action::ContainerStart);
        start.asks.privileged = true;
        assert!(flag_decide(&rules, &start).allow);
        for rule in FlagRule::ALL {
            assert_eq!(rule.to_string().parse::<FlagRule>(), Ok(rule));
        }
    }

    #[test]
    fn denials_and_failures_read_as_moby_writes_them() {
        let denied = AuthzError::Denied {
            plugin: BROKER.into(),
            msg: "no policy applied (user: 'alice' action: 'container_list')".into(),
        };
        assert_eq!(
            denied.to_string(),
            "authorization denied by plugin authz-broker: no policy applied (user: 'alice' action: 'container_list')"
        );
        let failed = AuthzError::Failed {
            plugin: BROKER.into(),
            error: connection_refused(BROKER),
        };
        assert!(failed
            .to_string()
            .starts_with("plugin authz-broker failed with error: Post "));
    }

    #[test]
    fn operations_parse_and_print_back() {
        for op in Operation::ALL {
            assert_eq!(op.to_string().parse::<Operation>(), Ok(op));
        }
        assert!("fly planes".parse::<Operation>().is_err());
    }
}
