//! The files of mounts: what a container sees at a mount's target, and where what it writes
//! there goes.
//!
//! A volume keeps its own files ([`Volume::data`](super::volumes::Volume)); a bind shows the
//! host's files under its source. The engine mirrors a mount's content into the container's
//! layer at the target as an opaque directory (it hides the image's files under the
//! mountpoint, as a real mount does), and after every change it carries that content back to
//! the source and out to the other containers of the host that mount the same source. So a
//! file written in one container is in the volume for the next (`docker run -v data:/data`),
//! and a page written on the host is what nginx serves from a bind mount. A named volume
//! mounted empty first takes the image's files at the target (Docker's copy-up: `-v
//! html:/usr/share/nginx/html` starts with nginx's pages). A write under a read-only mount
//! (`:ro`) fails with EROFS and changes nothing. `docker diff` leaves mountpoints out.
//!
//! Why mirror instead of routing each path to its source: every file tool, `docker cp` and the
//! shells go through one view of one layer ([`Layered`](crate::engine::fs::Layered)); a
//! mirror keeps that single view, and the carrying is bounded by the layers' own bounds.
//!
//! The host sees every volume of its daemon where dockerd keeps it,
//! `/var/lib/docker/volumes/NAME/_data` (the `Mountpoint` of `docker volume inspect`): the
//! volumes are mirrored there after each change of a volume, and a change the host makes
//! there (`echo … >> /var/lib/docker/volumes/NAME/_data/index.html`, as root) goes into the
//! volume and out to the containers that mount it.
//!
//! Not simulated: `nocopy`, tmpfs contents, a bind's changes reaching containers of other
//! hosts, mounts under another mount, the volumes' folder of a remapped data root.

use crate::engine::docker::data_root::DEFAULT_ROOT;
use crate::engine::docker::volumes::{Mount, MountSource};
use crate::engine::fs::{within, Files, FsError};
use crate::engine::World;

impl World {
    /// Fills the mounts of container `id` from their sources: at create (`created`: an empty
    /// volume first takes the image's files), and when a source changed elsewhere.
    pub(crate) fn mounts_pull(&mut self, host: &str, id: &str, created: bool) {
        let mounts = match self.host(host).ok().and_then(|h| h.containers.get(id)) {
            Some(c) => c.mounts.clone(),
            None => return,
        };
        for mount in &mounts {
            if created {
                self.copy_up(host, id, mount);
                // `-v /path:…` of a path the host lacks: dockerd makes the directory.
                if let MountSource::Bind(path) = &mount.source {
                    let missing = self
                        .fs_view(host, None)
                        .is_ok_and(|v| v.stat(path).is_err());
                    if missing {
                        let _ = self.fs_change(host, None, |v| v.mkdir(path, true));
                    }
                }
            }
            let Some(content) = self.mount_content(host, &mount.source) else {
                continue;
            };
            let now = self.now().unix();
            if let Ok(h) = self.host_mut(host) {
                if let Some(c) = h.containers.get_mut(id) {
                    // A layer past its bounds keeps what it had: the mount shows less.
                    let _ = c.files.graft(&mount.target, &content, now);
                }
            }
        }
    }

    /// A named or anonymous volume mounted empty takes the image's files at the target.
    fn copy_up(&mut self, host: &str, id: &str, mount: &Mount) {
        let MountSource::Volume(Some(name)) = &mount.source else {
            return;
        };
        let empty = self
            .host(host)
            .ok()
            .and_then(|h| h.volumes.get(name))
            .is_some_and(|v| v.data.is_empty());
        if !empty {
            return;
        }
        let Ok(view) = self.fs_view(host, Some(id)) else {
            return;
        };
        if !view.is_dir(&mount.target) {
            return;
        }
        let Ok(content) = view.snapshot(&mount.target) else {
            return;
        };
        if let Some(v) = self
            .host_mut(host)
            .ok()
            .and_then(|h| h.volumes.get_mut(name))
        {
            v.data = content;
        }
        self.volumes_to_host(host);
    }

    /// What a mount's source holds now.
    fn mount_content(&self, host: &str, source: &MountSource) -> Option<Files> {
        match source {
            MountSource::Volume(Some(name)) => {
                Some(self.host(host).ok()?.volumes.get(name)?.data.clone())
            }
            MountSource::Volume(None) => None,
            MountSource::Bind(path) => {
                let view = self.fs_view(host, None).ok()?;
                if view.is_dir(path) {
                    view.snapshot(path).ok()
                } else {
                    // A file bound onto a file, or a source that is not there: not mirrored.
                    None
                }
            }
        }
    }

    /// After a change of the files of `host` (`container`: of that container): a read-only
    /// mount that changed is put back and the change refused; a writable one's content goes
    /// back to its source and out to the other containers that mount it.
    pub(crate) fn mounts_after_change(
        &mut self,
        host: &str,
        container: Option<&str>,
        before: Option<&Files>,
    ) -> Result<(), FsError> {
        let Some(id) = container else {
            // The host's files changed: every bind on this host shows them again.
            self.pull_all(host, None, |m| matches!(m.source, MountSource::Bind(_)));
            return Ok(());
        };
        let Some(c) = self.host(host).ok().and_then(|h| h.containers.get(id)) else {
            return Ok(());
        };
        let mounts = c.mounts.clone();
        if mounts.is_empty() {
            return Ok(());
        }
        let after = c.files.clone();
        if let Some(before) = before {
            let changed_read_only = mounts
                .iter()
                .filter(|m| m.read_only)
                .any(|m| before.subtree(&m.target) != after.subtree(&m.target));
            if changed_read_only {
                if let Some(c) = self
                    .host_mut(host)
                    .ok()
                    .and_then(|h| h.containers.get_mut(id))
                {
                    c.files = before.clone();
                }
                return Err(FsError::ReadOnly);
            }
        }
        let now = self.now().unix();
        for mount in mounts.iter().filter(|m| !m.read_only) {
            let content = after.subtree(&mount.target);
            if before.is_some_and(|b| b.subtree(&mount.target) == content) {
                continue;
            }
            let Ok(h) = self.host_mut(host) else {
                continue;
            };
            match &mount.source {
                MountSource::Volume(Some(name)) => {
                    if let Some(v) = h.volumes.get_mut(name) {
                        v.data = content;
                    }
                    self.volumes_to_host(host);
                }
                MountSource::Volume(None) => continue,
                MountSource::Bind(path) => {
                    let _ = h.machine.files.graft(path, &content, now);
                }
            }
            let source = mount.source.clone();
            self.pull_all(host, Some(id), |m| shares(&m.source, &source));
        }
        Ok(())
    }

    /// Mirrors every volume of `host` into the host's files under
    /// `/var/lib/docker/volumes`, after a volume was created, changed or removed.
    pub(crate) fn volumes_to_host(&mut self, host: &str) {
        let now = self.now().unix();
        let Ok(h) = self.host_mut(host) else {
            return;
        };
        let mut all = Files::default();
        for v in h.volumes.values() {
            // Past the layers' bounds the host shows less; the volume keeps its files.
            let _ = all.graft(&format!("/{}/_data", v.name), &v.data, v.created.unix());
        }
        let _ = h.machine.files.graft(&volumes_dir(), &all, now);
    }

    /// After a change of the host's files: a volume whose folder under
    /// `/var/lib/docker/volumes` changed takes the host's content, and the containers that
    /// mount it see it. `before` is what that folder held before the change.
    pub(crate) fn volumes_from_host(&mut self, host: &str, before: &Files) {
        let Ok(h) = self.host(host) else {
            return;
        };
        let after = h.machine.files.subtree(&volumes_dir());
        if &after == before {
            return;
        }
        let names: Vec<String> = h.volumes.keys().cloned().collect();
        for name in names {
            let dir = format!("/{name}/_data");
            let content = after.subtree(&dir);
            if before.subtree(&dir) == content {
                continue;
            }
            if let Some(v) = self
                .host_mut(host)
                .ok()
                .and_then(|h| h.volumes.get_mut(&name))
            {
                v.data = content;
            }
            let source = MountSource::Volume(Some(name));
            self.pull_all(host, None, |m| m.source == source);
        }
    }

    /// Pulls the mounts that `which` picks again, in every container of `host` but `except`.
    fn pull_all(&mut self, host: &str, except: Option<&str>, which: impl Fn(&Mount) -> bool) {
        let ids: Vec<String> = match self.host(host) {
            Ok(h) => h
                .containers
                .values()
                .filter(|c| Some(c.id.as_str()) != except && c.mounts.iter().any(&which))
                .map(|c| c.id.clone())
                .collect(),
            Err(_) => return,
        };
        for id in ids {
            self.mounts_pull(host, &id, false);
        }
    }
}

/// Whether two mounts show the same files: one volume, or binds of nested host paths.
fn shares(a: &MountSource, b: &MountSource) -> bool {
    match (a, b) {
        (MountSource::Volume(Some(x)), MountSource::Volume(Some(y))) => x == y,
        (MountSource::Bind(x), MountSource::Bind(y)) => within(x, y) || within(y, x),
        _ => false,
    }
}

/// Whether `path` is at or under one of `mounts`' targets: not the container's own layer.
pub(crate) fn under_mount(mounts: &[Mount], path: &str) -> bool {
    mounts.iter().any(|m| within(path, &m.target))
}

/// Where dockerd keeps its volumes on the host.
pub(crate) fn volumes_dir() -> String {
    format!("{DEFAULT_ROOT}/volumes")
}
