//! Escapes from a container to its host, made visible: what root in a container can reach
//! depends on the flags it was started with, and a successful escape marks the host
//! compromised, with the way in, for the picture and the lessons.
//!
//! Contract:
//! - `mount /dev/sda1 DIR` works only for root in a `--privileged` container (every device,
//!   every capability); with `CAP_SYS_ADMIN` alone the device node is missing; otherwise the
//!   kernel says no. The mount lives in the container's namespace and goes when it stops.
//! - A container whose filesystem view reaches the host's root (the host disk mounted, or a
//!   bind mount of `/`) gives a host-root shell through `chroot`: that is the compromise.
//! - The Docker socket mounted in a container drives the host's daemon; the docker group
//!   lets its members do the same: both lead to `docker run -v /:/host … chroot /host`.
//! - Only the engine marks a compromise, as the consequence of an operation that reaches the
//!   host ([`World::chroot`], an exploit): a shell's texts never decide it.

use std::fmt;

use crate::engine::docker::volumes::MountSource;
use crate::engine::{Container, World};

/// The host's root disk, as a privileged container sees it under /dev.
pub const HOST_DISK: &str = "/dev/sda1";

/// Why `mount HOST_DISK DIR` fails.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MountRefusal {
    /// Not root, or no CAP_SYS_ADMIN: the kernel refuses.
    Permission,
    /// CAP_SYS_ADMIN without `--privileged`: the device cgroup hides the disk.
    NoDevice,
}

/// Why `chroot DIR` fails in a container.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChrootRefusal {
    /// DIR is not a directory that reaches the host's disk.
    NoSuchDirectory,
    /// DIR is on the host's disk but not its root: no `/bin/sh` there.
    NoShell,
}

/// How a host was taken.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Compromise {
    /// The container the escape started from.
    pub container: String,
    /// The way in.
    pub via: Via,
}

/// The way a container got root on its host: the flags and commands of the escape, kept as
/// data. Its Display is the record as a learner would type it (`-v /:/host, chroot /host`),
/// which a lesson's verdict and the topology's note show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Via {
    /// `--privileged`, then `mount /dev/sda1 DIR` and `chroot DIR`.
    HostDisk { dir: String },
    /// The host's `/` bind-mounted at DIR (`-v /:DIR`), then `chroot DIR`.
    RootBind { dir: String },
    /// A CVE of the catalogue, by its key `CVE-… (name)`.
    Cve {
        id: &'static str,
        name: &'static str,
    },
}

impl fmt::Display for Via {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Via::HostDisk { dir } => {
                write!(f, "--privileged: mount {HOST_DISK} {dir}, chroot {dir}")
            }
            Via::RootBind { dir } => write!(f, "-v /:{dir}, chroot {dir}"),
            Via::Cve { id, name } => write!(f, "{id} ({name})"),
        }
    }
}

impl Container {
    /// Root inside the container: no user (neither `--user` nor the image's `USER`), or user 0.
    pub fn runs_as_root(&self) -> bool {
        matches!(self.user.as_str(), "" | "0" | "root")
            || self.user.starts_with("0:")
            || self.user.starts_with("root:")
    }

    /// Whether `mount /dev/sda1 …` would work here.
    pub fn can_mount_host_disk(&self) -> Result<(), MountRefusal> {
        if !self.runs_as_root() || !self.security.has_capability("SYS_ADMIN") {
            return Err(MountRefusal::Permission);
        }
        if !self.security.privileged {
            return Err(MountRefusal::NoDevice);
        }
        Ok(())
    }

    /// A directory of the container that is the host's `/`: the host disk it mounted, or a
    /// bind mount of `/` (`-v /:/host`).
    pub fn host_root_at(&self, dir: &str) -> bool {
        let dir = dir.trim_end_matches('/');
        self.host_disk_mounts
            .iter()
            .any(|d| d.trim_end_matches('/') == dir)
            || self.mounts.iter().any(|m| {
                matches!(&m.source, MountSource::Bind(src) if src == "/")
                    && m.target.trim_end_matches('/') == dir
            })
    }

    /// The part of `path` under a directory of the container that is the host's `/`
    /// (`/host/etc` is the host's `/etc`), if any.
    pub fn host_path(&self, path: &str) -> Option<String> {
        let mut dirs: Vec<&str> = self.host_disk_mounts.iter().map(String::as_str).collect();
        dirs.extend(self.mounts.iter().filter_map(|m| match &m.source {
            MountSource::Bind(src) if src == "/" => Some(m.target.as_str()),
            _ => None,
        }));
        dirs.into_iter().find_map(|dir| {
            let dir = dir.trim_end_matches('/');
            let rest = path.strip_prefix(dir)?;
            (rest.is_empty() || rest.starts_with('/')).then(|| {
                if rest.is_empty() {
                    "/".to_string()
                } else {
                    rest.to_string()
                }
            })
        })
    }

    /// How the container reached the host's root through `dir`, for the compromise's record.
    pub fn escape_route(&self, dir: &str) -> Via {
        let dir = dir.to_string();
        if self
            .host_disk_mounts
            .iter()
            .any(|d| d.trim_end_matches('/') == dir.trim_end_matches('/'))
        {
            Via::HostDisk { dir }
        } else {
            Via::RootBind { dir }
        }
    }

    /// The Docker socket is bind-mounted in.
    pub fn has_docker_socket(&self) -> bool {
        self.mounts.iter().any(|m| {
            matches!(&m.source, MountSource::Bind(src) if src.ends_with("docker.sock"))
                && m.target.ends_with("docker.sock")
        })
    }
}

impl World {
    /// `mount /dev/sda1 DIR` in a container: remembered until the container stops.
    pub fn mount_host_disk(
        &mut self,
        host: &str,
        container: &str,
        dir: &str,
    ) -> Result<(), MountRefusal> {
        let c = self
            .container_lookup(host, container)
            .map_err(|_| MountRefusal::Permission)?;
        c.can_mount_host_disk()?;
        let id = c.id.clone();
        if let Ok(h) = self.host_mut(host) {
            if let Some(c) = h.containers.get_mut(&id) {
                if !c.host_disk_mounts.iter().any(|d| d == dir) {
                    c.host_disk_mounts.push(dir.to_string());
                }
            }
        }
        Ok(())
    }

    /// `chroot DIR` by root in `container` (`docker exec box chroot /mnt`, typed in its
    /// shell, or its main process): the daemon's view of a process changing its root. When
    /// DIR is the host's `/`, the process is root on the host: the engine marks the host
    /// compromised, with the way in, as the consequence.
    pub fn chroot(&mut self, host: &str, container: &str, dir: &str) -> Result<(), ChrootRefusal> {
        let c = self
            .container_lookup(host, container)
            .map_err(|_| ChrootRefusal::NoSuchDirectory)?;
        match c.host_path(dir).as_deref() {
            None => Err(ChrootRefusal::NoSuchDirectory),
            Some("/") => {
                let via = c.escape_route(dir);
                let id = c.id.clone();
                self.host_compromised(host, &id, via);
                Ok(())
            }
            // A directory of the host's disk has no /bin/sh of the host's own.
            Some(_) => Err(ChrootRefusal::NoShell),
        }
    }

    /// A shell got root on `host` from inside `container`.
    pub(crate) fn host_compromised(&mut self, host: &str, container: &str, via: Via) {
        let name = self
            .container_lookup(host, container)
            .map(|c| c.name.clone())
            .unwrap_or_else(|_| container.to_string());
        if let Ok(h) = self.host_mut(host) {
            if h.machine.compromised.is_none() {
                h.machine.compromised = Some(Compromise {
                    container: name,
                    via,
                });
            }
        }
    }
}
