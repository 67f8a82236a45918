//! Volumes and bind mounts: `docker volume create/ls/rm/prune`, `-v`/`--mount` on `docker run`.
//!
//! A named volume is created on first use; `-v /data` makes an anonymous volume named by a
//! 64-hex ID, which `docker rm -v` and `--rm` remove with the container (moby
//! `daemon/volumes.go`). A bind mount (`-v /host/path:/data`) names a host path; Berth's hosts
//! have no file tree yet, so a bind mount is recorded (the security audit reads it) but shows
//! no files.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use crate::engine::docker::authz::Action;
use crate::engine::docker::caller::Caller;
use crate::engine::{EngineError, Timestamp, World};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Volume {
    pub name: String,
    pub created: Timestamp,
    pub labels: BTreeMap<String, String>,
    /// Made by `-v /path` with no name: removed with its container by `rm -v`.
    pub anonymous: bool,
    /// What the volume holds (mount_files.rs carries it to and from the containers).
    pub data: crate::engine::fs::Files,
}

/// Where a mount comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MountSource {
    /// A named or anonymous volume (`None` until the create names it).
    Volume(Option<String>),
    /// A path on the host.
    Bind(String),
}

/// One `-v SOURCE:TARGET[:OPTIONS]` or `--mount type=…,source=…,target=…`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mount {
    pub source: MountSource,
    pub target: String,
    pub read_only: bool,
}

impl Mount {
    /// `Type` in `docker inspect`'s `Mounts`.
    pub fn kind(&self) -> &'static str {
        match self.source {
            MountSource::Volume(_) => "volume",
            MountSource::Bind(_) => "bind",
        }
    }
}

/// Why a `-v` or `--mount` value is refused (docker/cli `opts/mount.go`, volume spec parser).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidMount(pub String);

impl fmt::Display for InvalidMount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl FromStr for Mount {
    type Err = InvalidMount;

    /// The `-v` syntax.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let parts: Vec<&str> = s.split(':').collect();
        let (source, target, options) = match parts.as_slice() {
            [target] => (None, *target, ""),
            [source, target] => (Some(*source), *target, ""),
            [source, target, options] => (Some(*source), *target, *options),
            _ => return Err(InvalidMount(format!("invalid spec: {s}: too many colons"))),
        };
        if target.is_empty() || !target.starts_with('/') {
            return Err(InvalidMount(format!(
                "invalid volume specification: '{s}': invalid mount config for type \"volume\": invalid mount path: '{target}' mount path must be absolute"
            )));
        }
        let read_only = options.split(',').any(|o| o == "ro");
        let source = match source {
            None | Some("") => MountSource::Volume(None),
            Some(path) if path.starts_with('/') => MountSource::Bind(path.to_string()),
            Some(name) => MountSource::Volume(Some(name.to_string())),
        };
        Ok(Mount {
            source,
            target: target.to_string(),
            read_only,
        })
    }
}

impl Mount {
    /// The `--mount type=volume,source=v,target=/data,readonly` syntax.
    pub fn parse_long(s: &str) -> Result<Mount, InvalidMount> {
        let mut kind = "volume";
        let mut source = None;
        let mut target = None;
        let mut read_only = false;
        for field in s.split(',') {
            let (key, value) = field.split_once('=').unwrap_or((field, ""));
            match key {
                "type" => {
                    if matches!(value, "tmpfs" | "npipe" | "cluster" | "image") {
                        return Err(InvalidMount(format!(
                            "berth: --mount type={value} is not simulated yet: use type=volume or type=bind"
                        )));
                    }
                    kind = if value == "bind" {
                        "bind"
                    } else if value == "volume" {
                        "volume"
                    } else {
                        return Err(InvalidMount(format!(
                            "invalid argument \"{s}\" for \"--mount\" flag: invalid type: {value}"
                        )));
                    }
                }
                "source" | "src" => source = Some(value.to_string()),
                "target" | "destination" | "dst" => target = Some(value.to_string()),
                "readonly" | "ro" => {
                    read_only = value.is_empty() || value == "true" || value == "1"
                }
                _ => {}
            }
        }
        let Some(target) = target else {
            return Err(InvalidMount(
                "invalid argument for \"--mount\" flag: target is required".into(),
            ));
        };
        let source = match (kind, source) {
            ("bind", Some(path)) => MountSource::Bind(path),
            ("bind", None) => {
                return Err(InvalidMount(
                    "invalid mount config for type \"bind\": field Source must not be empty".into(),
                ))
            }
            (_, name) => MountSource::Volume(name.filter(|n| !n.is_empty())),
        };
        Ok(Mount {
            source,
            target,
            read_only,
        })
    }
}

impl World {
    /// `POST /volumes/create`: creating an existing volume returns it (moby is idempotent).
    pub fn volume_create(
        &mut self,
        host: &str,
        caller: &Caller,
        name: Option<&str>,
        labels: BTreeMap<String, String>,
    ) -> Result<String, EngineError> {
        self.authorize_plain(host, caller, Action::VolumeCreate)?;
        let name = match name {
            Some(n) => {
                if !crate::engine::docker::containers::valid_container_name(n) {
                    return Err(EngineError::InvalidVolumeName(n.to_string()));
                }
                n.to_string()
            }
            None => self.rng.hex(64),
        };
        let now = self.now;
        let anonymous = false;
        let h = self.host_mut(host)?;
        if !h.volumes.contains_key(&name) {
            h.volumes.insert(
                name.clone(),
                Volume {
                    name: name.clone(),
                    created: now,
                    labels,
                    anonymous,
                    data: Default::default(),
                },
            );
            self.volumes_to_host(host);
            self.emit(host, "volume", "create", &name, &name);
        }
        Ok(name)
    }

    /// Every volume of the host, by name.
    pub fn volume_list(&self, host: &str, caller: &Caller) -> Result<Vec<&Volume>, EngineError> {
        self.authorize_plain(host, caller, Action::VolumeList)?;
        Ok(self.host(host)?.volumes.values().collect())
    }

    pub fn volume_inspect(&self, host: &str, name: &str) -> Result<&Volume, EngineError> {
        self.host(host)?
            .volumes
            .get(name)
            .ok_or_else(|| EngineError::NoSuchVolume(name.to_string()))
    }

    /// Containers (any state) that mount a volume, by ID.
    fn volume_users(&self, host: &str, name: &str) -> Result<Vec<String>, EngineError> {
        Ok(self
            .host(host)?
            .containers_in_order()
            .filter(|c| {
                c.mounts
                    .iter()
                    .any(|m| m.source == MountSource::Volume(Some(name.to_string())))
            })
            .map(|c| c.id.clone())
            .collect())
    }

    /// `DELETE /volumes/{name}`: refused while any container (even stopped) mounts it.
    pub fn volume_remove(
        &mut self,
        host: &str,
        caller: &Caller,
        name: &str,
        force: bool,
    ) -> Result<(), EngineError> {
        self.authorize_plain(host, caller, Action::VolumeRemove)?;
        if !self.host(host)?.volumes.contains_key(name) {
            if force {
                return Ok(());
            }
            return Err(EngineError::NoSuchVolume(name.to_string()));
        }
        let users = self.volume_users(host, name)?;
        if !users.is_empty() {
            return Err(EngineError::VolumeInUse {
                name: name.to_string(),
                containers: users,
            });
        }
        self.host_mut(host)?.volumes.remove(name);
        self.volumes_to_host(host);
        self.emit(host, "volume", "destroy", name, name);
        Ok(())
    }

    /// `POST /volumes/prune`: by default only anonymous volumes no container uses (moby ≥ 23);
    /// with `all`, named ones too.
    pub fn volume_prune(
        &mut self,
        host: &str,
        caller: &Caller,
        all: bool,
    ) -> Result<Vec<String>, EngineError> {
        self.authorize_plain(host, caller, Action::None)?;
        let candidates: Vec<String> = self
            .host(host)?
            .volumes
            .values()
            .filter(|v| all || v.anonymous)
            .map(|v| v.name.clone())
            .collect();
        let mut removed = Vec::new();
        for name in candidates {
            if self.volume_users(host, &name)?.is_empty() {
                self.host_mut(host)?.volumes.remove(&name);
                self.volumes_to_host(host);
                self.emit(host, "volume", "destroy", &name, &name);
                removed.push(name);
            }
        }
        Ok(removed)
    }

    /// Gives every volume mount of a new container its volume: named ones are created on first
    /// use, anonymous ones get a fresh 64-hex name.
    pub(in crate::engine) fn provision_mounts(
        &mut self,
        host: &str,
        mounts: &mut [Mount],
    ) -> Result<(), EngineError> {
        let now = self.now;
        for mount in mounts.iter_mut() {
            if let MountSource::Volume(source) = &mut mount.source {
                let (name, anonymous) = match source.take() {
                    Some(n) => (n, false),
                    None => (self.rng.hex(64), true),
                };
                let h = self.host_mut(host)?;
                if !h.volumes.contains_key(&name) {
                    h.volumes.insert(
                        name.clone(),
                        Volume {
                            name: name.clone(),
                            created: now,
                            labels: BTreeMap::new(),
                            anonymous,
                            data: Default::default(),
                        },
                    );
                    self.volumes_to_host(host);
                    self.emit(host, "volume", "create", &name, &name);
                }
                *source = Some(name);
            }
        }
        Ok(())
    }

    /// Removes the anonymous volumes a removed container used (`docker rm -v`, `--rm`).
    pub(in crate::engine) fn remove_anonymous_volumes(
        &mut self,
        host: &str,
        mounts: &[Mount],
    ) -> Result<(), EngineError> {
        for mount in mounts {
            if let MountSource::Volume(Some(name)) = &mount.source {
                let anonymous = self
                    .host(host)?
                    .volumes
                    .get(name)
                    .is_some_and(|v| v.anonymous);
                if anonymous && self.volume_users(host, name)?.is_empty() {
                    self.host_mut(host)?.volumes.remove(name);
                    self.volumes_to_host(host);
                    self.emit(host, "volume", "destroy", name, name);
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn volume_specs() {
        let m: Mount = "data:/var/lib/data".parse().unwrap();
        assert_eq!(m.source, MountSource::Volume(Some("data".into())));
        let m: Mount = "/var/run/docker.sock:/var/run/docker.sock:ro"
            .parse()
            .unwrap();
        assert_eq!(
            (m.source, m.read_only),
            (MountSource::Bind("/var/run/docker.sock".into()), true)
        );
        let m: Mount = "/data".parse().unwrap();
        assert_eq!(m.source, MountSource::Volume(None));
        assert!("data:relative".parse::<Mount>().is_err());
        let m = Mount::parse_long("type=bind,source=/,target=/host").unwrap();
        assert_eq!(m.source, MountSource::Bind("/".into()));
    }
}
