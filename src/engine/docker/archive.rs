//! The engine's file operations, and which trees an image has ([`image_tree`]): a shell's view of a host's or a container's files, `docker
//! diff` (`GET /containers/{id}/changes`) and `docker cp` (`GET`/`PUT
//! /containers/{id}/archive`).
//!
//! `docker diff` lists what the container's layer changed against its image, as moby does
//! with the containerd store (containerd's `fs.Changes`, a walk of both trees in path
//! order): `A` added, `C` changed (a file rewritten, and every directory of the image whose
//! content changed), `D` deleted (a whiteout). The walk is depth first, so `/tmp` comes
//! before `/tmp/a` and `/tmp/a` before `/tmp-b`.
//!
//! `docker cp` copies a file or a directory between a container's view and the host's files.
//! Its sizes are those of the tar stream the CLI counts (512-byte headers, content padded to
//! 512, two zero blocks at the end), which is what `Successfully copied 2.05kB` reports.
//! Not simulated: `-` (a tar stream on stdin or stdout), `-a`, `-L`, and copying while the
//! container is stopped is allowed as Docker allows it.

use crate::engine::docker::image::Userland;
use crate::engine::fs::{
    base_name, host_tree, parent, resolve, Files, FsError, Kind, Layered, Tree,
};
use crate::engine::{Container, EngineError, World};

/// The trees of an image, base first: its base system's layout (chosen by its userland and,
/// in the RPM family, by its release), the files of its base system's release (`release`, a
/// key of `fs::releases`: `alpine:3.21`, `debian:12`; empty for the userland's current one),
/// then the image's own files, chosen by its repository (`nginx`, `httpd`, `postgres`…). The
/// one function to change when images change shape.
pub fn image_tree(repository: &str, userland: Userland, release: &str) -> Vec<&'static Tree> {
    use crate::engine::fs::trees::*;
    let name = repository.rsplit('/').next().unwrap_or(repository);
    let release = if release.is_empty() {
        current_release(name, userland)
    } else {
        release
    };
    let family = release.split(':').next().unwrap_or(release);
    let base: Option<&'static Tree> = match userland {
        Userland::Alpine => Some(&ALPINE),
        Userland::Busybox => Some(&BUSYBOX),
        Userland::Debian => Some(&DEBIAN),
        Userland::Ubuntu => Some(&UBUNTU),
        Userland::NanoServer | Userland::ServerCore => Some(&WINDOWS),
        // The RPM family: Fedora's own layout, the Enterprise Linux rebuilds', Arch's. An
        // image of another RPM system (ALT, Photon…) has no tree of its own yet: it shows
        // only the files the engine answers.
        Userland::Fedora => match family {
            "fedora" => Some(&FEDORA),
            "rockylinux" | "almalinux" | "oraclelinux" | "amazonlinux" | "ubi" => Some(&EL),
            "archlinux" => Some(&ARCH),
            "leap" => Some(&SUSE),
            _ => None,
        },
    };
    let own: Option<&'static Tree> = match (name, userland) {
        ("nginx", Userland::Alpine) => Some(&NGINX_ALPINE),
        ("nginx", _) => Some(&NGINX),
        ("httpd", _) => Some(&HTTPD),
        ("redis", _) => Some(&REDIS),
        ("postgres", _) => Some(&POSTGRES),
        ("python", _) => Some(&PYTHON),
        ("node", _) => Some(&NODE),
        _ => None,
    };
    // A release of another family than the base (a config made by hand) names nothing.
    let fits = match userland {
        Userland::Alpine => family == "alpine",
        Userland::Debian => family == "debian",
        Userland::Ubuntu => family == "ubuntu",
        Userland::Fedora => !matches!(family, "alpine" | "debian" | "ubuntu"),
        _ => false,
    };
    let release = base
        .filter(|_| fits)
        .and(crate::engine::fs::releases::release(release));
    [base, release, own].into_iter().flatten().collect()
}

/// The release an image carries when its config names none: the newest the catalogue's
/// `latest` tags carry (Alpine 3.24, Debian 13, Ubuntu 24.04 as the images built on it use,
/// Fedora 44).
pub fn current_release(repository: &str, userland: Userland) -> &'static str {
    match userland {
        Userland::Alpine => "alpine:3.24",
        Userland::Debian => "debian:13",
        Userland::Ubuntu => "ubuntu:24.04",
        Userland::Fedora => match repository {
            "fedora" => "fedora:44",
            "rockylinux" => "rockylinux:9",
            "almalinux" => "almalinux:10",
            "oraclelinux" => "oraclelinux:10",
            "amazonlinux" => "amazonlinux:2023",
            "archlinux" => "archlinux",
            "ubi9" | "ubi9-minimal" => "ubi:9",
            "leap" => "leap:16.0",
            _ => "",
        },
        _ => "",
    }
}

/// One line of `docker diff`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub kind: ChangeKind,
    pub path: String,
}

/// moby's `archive.ChangeType`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeKind {
    Modify,
    Add,
    Delete,
}

/// Why `docker cp` failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CpError {
    /// The daemon's errors (`No such container`).
    Engine(EngineError),
    /// moby `daemon/errors.go` `containerFileNotFound`.
    NotInContainer { file: String, container: String },
    /// The host's path does not exist (the CLI's `lstat`).
    NotOnHost(String),
    /// A file system error while writing.
    Fs(FsError),
}

impl std::fmt::Display for CpError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CpError::Engine(e) => write!(f, "{e}"),
            CpError::NotInContainer { file, container } => {
                write!(f, "Could not find the file {file} in container {container}")
            }
            CpError::NotOnHost(path) => write!(f, "lstat {path}: no such file or directory"),
            CpError::Fs(e) => write!(f, "{e}"),
        }
    }
}

impl World {
    /// The trees of a container's image, base first.
    pub fn container_trees(&self, c: &Container) -> Vec<&'static Tree> {
        match self.image_entry(c) {
            // The official image whose programs it runs (`nginx` for an image built on
            // nginx, a course's image on `nginx:alpine`), else its own name.
            Some(entry) if !entry.program.is_empty() => {
                image_tree(&entry.program, entry.userland, &entry.release)
            }
            Some(entry) => image_tree(&c.image.repository, entry.userland, &entry.release),
            None => Vec::new(),
        }
    }

    /// The own files of a container's image (a built, committed or declared image's), if any.
    pub fn container_image_files(&self, c: &Container) -> Option<std::sync::Arc<Files>> {
        self.image_entry(c).and_then(|config| config.files.clone())
    }

    fn host_trees(&self, host: &str) -> Vec<&'static Tree> {
        match self.host(host).map(|h| h.backend) {
            Ok(crate::engine::Backend::Linux) => host_tree().to_vec(),
            _ => Vec::new(),
        }
    }

    /// What a shell sees on `host`, or in its container with the full ID `container`.
    pub fn fs_view(
        &self,
        host: &str,
        container: Option<&str>,
    ) -> Result<Layered<&crate::engine::fs::Files>, FsError> {
        let now = self.now().unix();
        match container {
            None => {
                let lower = self.host_trees(host);
                let h = self.host(host).map_err(|_| FsError::NotFound)?;
                Ok(Layered {
                    lower,
                    image: None,
                    upper: &h.machine.files,
                    now,
                })
            }
            Some(id) => {
                let c = self
                    .container_lookup(host, id)
                    .map_err(|_| FsError::NotFound)?;
                Ok(Layered {
                    lower: self.container_trees(c),
                    image: self.container_image_files(c),
                    upper: &c.files,
                    now,
                })
            }
        }
    }

    /// Changes the files of `host`, or of its container with the full ID `container`: the
    /// engine operation behind `>`, `mkdir`, `rm`, `cp`, `mv`, `touch`.
    pub fn fs_change<T>(
        &mut self,
        host: &str,
        container: Option<&str>,
        change: impl FnOnce(&mut Layered<&mut crate::engine::fs::Files>) -> Result<T, FsError>,
    ) -> Result<T, FsError> {
        let now = self.now().unix();
        let (lower, image) = match container {
            None => (self.host_trees(host), None),
            Some(id) => {
                let c = self
                    .container_lookup(host, id)
                    .map_err(|_| FsError::NotFound)?;
                (self.container_trees(c), self.container_image_files(c))
            }
        };
        let h = self.host_mut(host).map_err(|_| FsError::NotFound)?;
        // The host's binds, or the container's mounts, may need carrying after the change.
        let has_mounts = match container {
            Some(id) => h.containers.get(id).is_some_and(|c| !c.mounts.is_empty()),
            None => h.containers.values().any(|c| !c.mounts.is_empty()),
        };
        let upper = match container {
            None => &mut h.machine.files,
            Some(id) => &mut h.containers.get_mut(id).ok_or(FsError::NotFound)?.files,
        };
        // A container with mounts: what they held before, to carry a change back to their
        // sources (or refuse it under a read-only one).
        let before = (has_mounts && container.is_some()).then(|| upper.clone());
        // The host's mirror of its volumes, to carry a change there into the volumes.
        let volumes_before = (container.is_none() && !h.volumes.is_empty())
            .then(|| upper.subtree(&super::mount_files::volumes_dir()));
        let mut view = Layered {
            lower,
            image,
            upper,
            now,
        };
        let result = change(&mut view)?;
        if let Some(before) = volumes_before {
            self.volumes_from_host(host, &before);
        }
        if has_mounts {
            self.mounts_after_change(host, container, before.as_ref())?;
        }
        Ok(result)
    }

    /// Writes (`append`: appends to) a file of `host`, or of its container with the full ID
    /// `container`. The engine operation behind a shell's `>` and `>>`.
    pub fn file_write(
        &mut self,
        host: &str,
        container: Option<&str>,
        path: &str,
        text: &str,
        append: bool,
    ) -> Result<(), FsError> {
        self.fs_change(host, container, |fs| fs.write(path, text, append))
    }

    /// What an image's entrypoint writes as its server starts, in the container's layer:
    /// nginx's (docker-nginx `docker-entrypoint.sh` and `10-listen-on-ipv6-by-default.sh`,
    /// then nginx itself: its pid file and the temp directories of `/var/cache/nginx`). So
    /// `docker diff` of a fresh nginx container shows what Docker's does.
    pub fn entrypoint_writes(&mut self, host: &str, id: &str) {
        let Ok(c) = self.container_lookup(host, id) else {
            return;
        };
        // The hook runs after a failed start too: only a running server wrote anything.
        // nginx's own image, or one built on it (its program is nginx's).
        let nginx_program = c.image.repository.rsplit('/').next() == Some("nginx")
            || self.image_entry(c).is_some_and(|i| i.program == "nginx");
        let nginx = c.is_running()
            && nginx_program
            && c.program == crate::engine::Program::Server
            && c.path == "/docker-entrypoint.sh";
        // Once: a restart finds them in the layer already (and `docker start` of a running
        // container changes nothing).
        if !nginx || c.files.exists("/run/nginx.pid") {
            return;
        }
        const CONF: &str = "/etc/nginx/conf.d/default.conf";
        let _ = self.fs_change(host, Some(id), |fs| {
            let conf = fs.read(CONF)?;
            if !conf.contains("listen  [::]:80;") {
                let patched = conf.replacen(
                    "    listen       80;\n",
                    "    listen       80;\n    listen  [::]:80;\n",
                    1,
                );
                fs.write(CONF, &patched, false)?;
            }
            fs.write("/run/nginx.pid", "1\n", false)?;
            for dir in [
                "client_temp", "fastcgi_temp", "proxy_temp", "scgi_temp", "uwsgi_temp",
            ] {
                fs.mkdir(&resolve("/var/cache/nginx", dir), true)?;
            }
            Ok(())
        });
    }

    /// `GET /containers/{id}/changes`: the layer against the image, in path order.
    pub fn container_changes(&self, host: &str, key: &str) -> Result<Vec<Change>, EngineError> {
        let c = self.container_lookup(host, key)?;
        let view = Layered {
            lower: self.container_trees(c),
            image: self.container_image_files(c),
            upper: &c.files,
            now: 0,
        };
        let in_image = |p: &str| view.in_image(p);
        let mut changes: Vec<Change> = Vec::new();
        let mut changed_dirs: Vec<String> = Vec::new();
        // A mount is not the container's layer (Docker's diff leaves mountpoints out).
        let mounted = |p: &str| super::mount_files::under_mount(&c.mounts, p);
        for path in c.files.entry_paths().filter(|p| !mounted(p)) {
            let kind = if in_image(path) {
                ChangeKind::Modify
            } else {
                ChangeKind::Add
            };
            changes.push(Change {
                kind,
                path: path.to_string(),
            });
            changed_dirs.push(parent(path).to_string());
        }
        for path in c
            .files
            .whiteouts()
            .filter(|p| !c.files.exists(p) && !mounted(p))
        {
            changes.push(Change {
                kind: ChangeKind::Delete,
                path: path.to_string(),
            });
            changed_dirs.push(parent(path).to_string());
        }
        // A directory of the image whose entries changed is itself changed (its time moved),
        // and so is every directory above it.
        for dir in changed_dirs {
            let mut d = dir.as_str();
            while d != "/" {
                if in_image(d) && !changes.iter().any(|c| c.path == d) {
                    changes.push(Change {
                        kind: ChangeKind::Modify,
                        path: d.to_string(),
                    });
                }
                d = parent(d);
            }
        }
        changes.sort_by(|a, b| a.path.split('/').cmp(b.path.split('/')));
        Ok(changes)
    }

    /// `docker cp CONTAINER:SRC DEST`: `src` of the container copied to the host's `dest`
    /// (`cwd` resolves a relative one). Returns the bytes of the tar stream.
    pub fn container_copy_from(
        &mut self,
        host: &str,
        key: &str,
        src: &str,
        dest: &str,
    ) -> Result<u64, CpError> {
        let c = self.container_lookup(host, key).map_err(CpError::Engine)?;
        let id = c.id.clone();
        let src = resolve("/", src);
        let entries = self
            .fs_view(host, Some(&id))
            .and_then(|v| collect(&v, &src))
            .map_err(|_| CpError::NotInContainer {
                file: src.clone(),
                container: key.to_string(),
            })?;
        let size = tar_size(&entries);
        self.fs_change(host, None, |fs| place(fs, &entries, &src, dest))
            .map_err(CpError::Fs)?;
        Ok(size)
    }

    /// `docker cp SRC CONTAINER:DEST`: the host's `src` copied into the container.
    pub fn container_copy_to(
        &mut self,
        host: &str,
        key: &str,
        src: &str,
        dest: &str,
    ) -> Result<u64, CpError> {
        let c = self.container_lookup(host, key).map_err(CpError::Engine)?;
        let id = c.id.clone();
        let entries = self
            .fs_view(host, None)
            .and_then(|v| collect(&v, src))
            .map_err(|_| CpError::NotOnHost(src.to_string()))?;
        let dest = resolve("/", dest);
        // The daemon extracts into an existing directory: its parent must exist.
        let dest_parent_exists = self
            .fs_view(host, Some(&id))
            .is_ok_and(|v| v.is_dir(&dest) || v.is_dir(parent(&dest)));
        if !dest_parent_exists {
            return Err(CpError::NotInContainer {
                file: dest,
                container: key.to_string(),
            });
        }
        let size = tar_size(&entries);
        self.fs_change(host, Some(&id), |fs| place(fs, &entries, src, &dest))
            .map_err(CpError::Fs)?;
        Ok(size)
    }
}

/// What a copy carries: paths relative to the source (`""` is the source itself), `None`
/// for a directory.
type Entries = Vec<(String, Option<String>)>;

fn collect<F: std::ops::Deref<Target = crate::engine::fs::Files>>(
    view: &Layered<F>,
    src: &str,
) -> Result<Entries, FsError> {
    let meta = view.stat(src)?;
    if meta.kind != Kind::Dir {
        return Ok(vec![(String::new(), Some(view.read(src)?))]);
    }
    let mut out = vec![(String::new(), None)];
    let mut work = vec![String::new()];
    while let Some(rel) = work.pop() {
        if out.len() > crate::engine::fs::MAX_FILES {
            return Err(FsError::TooMany);
        }
        let dir = format!("{src}{rel}");
        for name in view.list(&dir)? {
            let child_rel = format!("{rel}/{name}");
            let path = format!("{src}{child_rel}");
            if view.is_dir(&path) {
                out.push((child_rel.clone(), None));
                work.push(child_rel);
            } else {
                out.push((child_rel, Some(view.read(&path).unwrap_or_default())));
            }
        }
    }
    Ok(out)
}

/// `docker cp`'s destination rule: into `dest` when it is a directory, else as `dest`.
fn place(
    fs: &mut Layered<&mut crate::engine::fs::Files>,
    entries: &Entries,
    src: &str,
    dest: &str,
) -> Result<(), FsError> {
    let target = if fs.is_dir(dest) {
        resolve(dest, base_name(src))
    } else {
        dest.to_string()
    };
    for (rel, content) in entries {
        let path = format!("{target}{rel}");
        match content {
            None => fs.mkdir(&path, true)?,
            Some(text) => fs.write(&path, text, false)?,
        }
    }
    Ok(())
}

/// The bytes of a tar stream of `entries`, as Go's `archive/tar` writes it.
fn tar_size(entries: &Entries) -> u64 {
    let body: u64 = entries
        .iter()
        .map(|(_, content)| {
            let len = content.as_ref().map_or(0, |t| t.len() as u64);
            512 + len.div_ceil(512) * 512
        })
        .sum();
    body + 1024
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn the_nginx_page_in_the_tree_is_the_page_curl_gets() {
        let files = Files::default();
        let view = Layered {
            lower: image_tree("nginx", Userland::Debian, ""),
            image: None,
            upper: &files,
            now: 0,
        };
        assert_eq!(
            view.read("/usr/share/nginx/html/index.html").unwrap(),
            format!("{}\n", crate::engine::docker::image::NGINX_INDEX)
        );
    }
}
