//! A host's login users and their groups: who may talk to the Docker socket.
//!
//! Contract:
//! - root always exists and is not listed; other users get uids from 1000 up, in the order
//!   they are added, each with a primary group of its own name (Debian's `useradd` defaults).
//! - Membership of the `docker` group is what lets a user use the Docker socket: the group is
//!   root in all but name (the benchmark's check 1.1.2).

use std::collections::BTreeSet;

use crate::engine::{Host, World};

/// One user of a host.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HostUser {
    pub uid: u32,
    /// Supplementary groups (`usermod -aG`), as `/etc/group` lists them.
    pub groups: BTreeSet<String>,
    /// The groups of the user's open login shell, read when it logged in (`su - alice`): a
    /// process keeps the groups it started with, so `usermod -aG docker alice` reaches
    /// alice's shell only at her next login (or `newgrp docker`). `None` while not logged in.
    pub login_groups: Option<BTreeSet<String>>,
}

/// Why `useradd`/`usermod` refused (shadow-utils' own texts).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UserError {
    Exists(String),
    NoSuchUser(String),
    NoSuchGroup(String),
    InvalidName(String),
}

impl std::fmt::Display for UserError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            UserError::Exists(u) => write!(f, "useradd: user '{u}' already exists"),
            UserError::NoSuchUser(u) => write!(f, "usermod: user '{u}' does not exist"),
            UserError::NoSuchGroup(g) => write!(f, "usermod: group '{g}' does not exist"),
            UserError::InvalidName(u) => write!(
                f,
                "useradd: invalid user name '{u}': use --badname to ignore"
            ),
        }
    }
}

/// The groups a Debian host with Docker installed has besides users' own.
pub const SYSTEM_GROUPS: &[&str] = &["root", "adm", "sudo", "users", "docker"];

impl Host {
    /// Members of the `docker` group, by name.
    pub fn docker_group_members(&self) -> Vec<String> {
        self.machine
            .users
            .iter()
            .filter(|(_, u)| u.groups.contains("docker"))
            .map(|(name, _)| name.clone())
            .collect()
    }

    /// The groups a shell of `user` runs with: those read at its login, else `/etc/group`'s.
    pub fn session_groups(&self, user: &str) -> BTreeSet<String> {
        self.machine
            .users
            .get(user)
            .map(|u| u.login_groups.clone().unwrap_or_else(|| u.groups.clone()))
            .unwrap_or_default()
    }

    /// Whether a shell of `user` (None: root) may use the Docker socket: the socket is
    /// `root:docker`, and the kernel checks the shell's groups, not `/etc/group`.
    pub fn session_can_use_docker(&self, user: Option<&str>) -> bool {
        match user {
            None | Some("root") => true,
            Some(name) => self.session_groups(name).contains("docker"),
        }
    }

    /// Whether `user` (None: root) may use the Docker socket.
    pub fn can_use_docker(&self, user: Option<&str>) -> bool {
        match user {
            None | Some("root") => true,
            Some(name) => self
                .machine
                .users
                .get(name)
                .is_some_and(|u| u.groups.contains("docker")),
        }
    }
}

impl World {
    /// `useradd NAME`.
    pub fn user_add(&mut self, host: &str, name: &str) -> Result<u32, UserError> {
        let valid = !name.is_empty()
            && name.len() <= 32
            && name.starts_with(|c: char| c.is_ascii_lowercase() || c == '_')
            && name
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-');
        if !valid {
            return Err(UserError::InvalidName(name.to_string()));
        }
        let h = self
            .host_mut(host)
            .map_err(|_| UserError::NoSuchUser(name.into()))?;
        if name == "root" || h.machine.users.contains_key(name) {
            return Err(UserError::Exists(name.to_string()));
        }
        let uid = 1000 + u32::try_from(h.machine.users.len()).unwrap_or(0);
        h.machine.users.insert(
            name.to_string(),
            HostUser {
                uid,
                groups: BTreeSet::new(),
                login_groups: None,
            },
        );
        Ok(uid)
    }

    /// `su - NAME` (or `newgrp`): a login shell of `name` starts, with the groups
    /// `/etc/group` gives it now.
    pub fn user_login(&mut self, host: &str, name: &str) {
        if let Ok(h) = self.host_mut(host) {
            if let Some(u) = h.machine.users.get_mut(name) {
                u.login_groups = Some(u.groups.clone());
            }
        }
    }

    /// `export NAME=VALUE` (or `unset NAME` with `None`) in the host's shell.
    pub fn shell_env_set(&mut self, host: &str, name: &str, value: Option<&str>) {
        if let Ok(h) = self.host_mut(host) {
            match value {
                Some(v) => {
                    h.machine.shell_env.insert(name.to_string(), v.to_string());
                }
                None => {
                    h.machine.shell_env.remove(name);
                }
            }
        }
    }

    /// `usermod -aG GROUP NAME`, or with `remove`, `gpasswd -d NAME GROUP`.
    pub fn user_group(
        &mut self,
        host: &str,
        name: &str,
        group: &str,
        remove: bool,
    ) -> Result<(), UserError> {
        let h = self
            .host_mut(host)
            .map_err(|_| UserError::NoSuchUser(name.into()))?;
        let known_group = SYSTEM_GROUPS.contains(&group) || h.machine.users.contains_key(group);
        let user = h
            .machine
            .users
            .get_mut(name)
            .ok_or_else(|| UserError::NoSuchUser(name.to_string()))?;
        if !known_group {
            return Err(UserError::NoSuchGroup(group.to_string()));
        }
        if remove {
            user.groups.remove(group);
        } else {
            user.groups.insert(group.to_string());
        }
        Ok(())
    }
}
