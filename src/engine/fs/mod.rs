//! The file systems a learner walks: a container's image tree with its writable layer on
//! top, and a host's own tree with the files its shell wrote (`docker inspect web >
//! web.json`, `cat > compose.yaml <<'EOF'`, `mkdir app`).
//!
//! - [`Files`] is one writable layer: files (text), directories and whiteouts, with each
//!   entry's mode, owner and time (seconds on the simulated calendar). A host has one
//!   (`Machine::files`), every container one (`Container::files`).
//! - [`tree::Tree`] is a read-only tree compiled in: a base system's layout and the files
//!   people `cat` (`/etc/os-release`), then an image's own files (nginx's configuration), in
//!   [`trees`]. [`tree::host_tree`] picks a host's; `engine::docker::archive` an image's, and
//!   holds the World's file operations (`fs_view`, `fs_change`, `docker diff`, `docker cp`).
//! - [`Layered`] is what a shell sees: the trees below, then the image's own files (what a
//!   build's `COPY`/`RUN`, a `docker commit` or a trainer's declaration put in it: one
//!   read-only [`Files`], its whiteouts hiding the trees' entries), the layer on top. Writes
//!   and deletes go to the layer; deleting a file of the image leaves a whiteout, as overlayfs
//!   does, so `docker diff` can say `D`. [`Files::merged`] flattens a layer onto the image's
//!   files (a commit; a build's export).
//!
//! Rules: paths are absolute and normalised by [`resolve`] (the shell resolves relative ones
//! against its working directory); contents are text; every size is bounded ([`MAX_FILE`],
//! [`MAX_FILES`], [`MAX_TOTAL`], [`MAX_DEPTH`]) and going past a bound is an error that says
//! so, never a silent truncation. Writing a file creates its missing parent directories in
//! the layer (bash would say `No such file or directory`; Berth's lessons write to
//! `/etc/flannel/…` and friends without a `mkdir -p` first, so the old behaviour stays).
//!
//! Not simulated: binary content (a program of the image is an entry with a made-up size),
//! hard links (every file has one link, every directory two plus its subdirectories),
//! permissions checks (root reads everything; modes are shown, not enforced), symbolic links
//! made by the learner (the trees have busybox's applet links), devices, sockets and FIFOs.
//! The files the simulation itself answers (`/etc/docker/daemon.json`, `/etc/hosts`…) are not
//! stored here: the shell refuses to overwrite them and reads them from the engine's state;
//! the trees list them so `ls /etc` shows them.

pub mod path;
pub mod releases;
pub mod tree;
pub mod trees;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::sync::Arc;

pub use path::{base_name, parent, resolve};
pub(crate) use path::{child_towards, within};
pub use tree::{host_tree, Tree};

/// The largest file, in bytes.
pub const MAX_FILE: usize = 256 * 1024;
/// How many entries (files and directories) one layer may hold.
pub const MAX_FILES: usize = 512;
/// All the files of one layer together, in bytes.
pub const MAX_TOTAL: usize = 1024 * 1024;
/// The deepest path, in components.
pub const MAX_DEPTH: usize = 32;

/// The text of a file whose content Berth does not keep (a sample app's vendored
/// `yarn.lock`, its fonts): this mark, then the real size in decimal and a newline. Only the
/// size is real: `ls -l` and `du` show it, `cat` says the content is not kept. The mark
/// travels with the text, so a copy (`cp`, `COPY`, `docker cp`) stays a large file.
pub const UNKEPT_MARK: &str = "\u{0}berth-unkept ";

/// The real size of a file whose text is an [`UNKEPT_MARK`]; `None` for any other text.
pub fn unkept_size(text: &str) -> Option<u64> {
    text.strip_prefix(UNKEPT_MARK)?.trim_end().parse().ok()
}

/// What an entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    File,
    Dir,
    /// A symbolic link of an image tree (busybox's applets point at `/bin/busybox`).
    Link,
}

/// An entry's metadata, as `stat` and `ls -l` show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Meta {
    pub kind: Kind,
    /// Permission bits (`0o755`, `0o1777` for `/tmp`).
    pub mode: u32,
    pub uid: u32,
    pub gid: u32,
    /// Seconds since 1970 on the simulated calendar.
    pub mtime: u64,
    pub size: u64,
    /// Where a link points.
    pub target: Option<&'static str>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Entry {
    /// `None`: a directory.
    text: Option<String>,
    mode: u32,
    uid: u32,
    gid: u32,
    mtime: u64,
}

/// One writable layer: what a shell wrote, made or deleted.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Files {
    entries: BTreeMap<String, Entry>,
    /// Paths of the trees below that were deleted (overlayfs' whiteouts).
    whiteouts: BTreeSet<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FsError {
    /// coreutils' `No such file or directory` (ENOENT).
    NotFound,
    /// The path names a directory where a file is wanted (EISDIR).
    NotAFile,
    /// A component of the path is a file (ENOTDIR).
    NotADirectory,
    /// `mkdir` of something that exists (EEXIST).
    Exists,
    /// `rmdir` of a directory with entries (ENOTEMPTY).
    NotEmpty,
    /// `rm -r /`, moving a directory into itself (EINVAL, as the tools word it themselves).
    Invalid,
    /// Past one of the bounds.
    TooLarge,
    TooMany,
    /// A write under a read-only mount (EROFS).
    ReadOnly,
}

impl fmt::Display for FsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FsError::NotFound => write!(f, "No such file or directory"),
            FsError::NotAFile => write!(f, "Is a directory"),
            FsError::NotADirectory => write!(f, "Not a directory"),
            FsError::Exists => write!(f, "File exists"),
            FsError::NotEmpty => write!(f, "Directory not empty"),
            FsError::ReadOnly => write!(f, "Read-only file system"),
            FsError::Invalid => write!(f, "Invalid argument"),
            FsError::TooLarge => write!(
                f,
                "File too large (berth: files hold at most {} KiB, {} KiB in all)",
                MAX_FILE / 1024,
                MAX_TOTAL / 1024
            ),
            FsError::TooMany => write!(
                f,
                "No space left on device (berth: at most {MAX_FILES} files and folders here, {MAX_DEPTH} deep)"
            ),
        }
    }
}

impl Files {
    /// A file this layer holds (not the trees below: see [`Layered`]).
    pub fn read(&self, path: &str) -> Result<&str, FsError> {
        match self.entries.get(path) {
            Some(Entry {
                text: Some(text), ..
            }) => Ok(text),
            Some(_) => Err(FsError::NotAFile),
            None => Err(FsError::NotFound),
        }
    }

    pub fn exists(&self, path: &str) -> bool {
        self.entries.contains_key(path)
    }

    /// `>`: the file is created or truncated, then holds `text`.
    pub fn write(&mut self, path: &str, text: &str) -> Result<(), FsError> {
        self.store(path, text.to_string(), 0)
    }

    /// `>>`: `text` goes at the end; the file is created if missing.
    pub fn append(&mut self, path: &str, text: &str) -> Result<(), FsError> {
        let mut content = match self.entries.get(path) {
            Some(Entry {
                text: Some(text), ..
            }) => text.clone(),
            Some(_) => return Err(FsError::NotAFile),
            None => String::new(),
        };
        content.push_str(text);
        self.store(path, content, 0)
    }

    /// Removes a file of this layer (no whiteout: see [`Layered::remove`]).
    pub fn remove(&mut self, path: &str) -> Result<(), FsError> {
        self.entries
            .remove(path)
            .map(|_| ())
            .ok_or(FsError::NotFound)
    }

    /// Every file's path, sorted (directories aside).
    pub fn paths(&self) -> impl Iterator<Item = &str> {
        self.entries
            .iter()
            .filter(|(_, e)| e.text.is_some())
            .map(|(p, _)| p.as_str())
    }

    /// Every entry's path, files and directories, sorted.
    pub fn entry_paths(&self) -> impl Iterator<Item = &str> {
        self.entries.keys().map(String::as_str)
    }

    /// The paths of the trees below that this layer deleted, sorted.
    pub fn whiteouts(&self) -> impl Iterator<Item = &str> {
        self.whiteouts.iter().map(String::as_str)
    }

    /// Whether this layer hides `path` of the layers below: a whiteout of it or of a
    /// directory above it.
    fn hides(&self, path: &str) -> bool {
        let mut p = path;
        for _ in 0..=MAX_DEPTH + 1 {
            if self.whiteouts.contains(p) {
                return true;
            }
            if p == "/" {
                return false;
            }
            p = parent(p);
        }
        false
    }

    /// The bytes of the layer's files.
    pub fn size(&self) -> u64 {
        self.total("") as u64
    }

    /// Whether the layer holds nothing: no entry, no whiteout.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty() && self.whiteouts.is_empty()
    }

    /// `self` (the layer below) with `upper` applied on top, as one layer: what a commit
    /// keeps of a container, what a build's export keeps of its steps. An entry `upper`
    /// deleted goes (a whiteout stays when it was in the trees below both); `upper`'s entries
    /// replace `self`'s. Bounded as every layer is.
    pub fn merged(&self, upper: &Files) -> Result<Files, FsError> {
        let mut out = self.clone();
        for w in &upper.whiteouts {
            out.entries.retain(|p, _| !within(p, w));
            out.whiteouts.retain(|p| !within(p, w));
            out.whiteouts.insert(w.clone());
        }
        for (path, entry) in &upper.entries {
            out.entries.insert(path.clone(), entry.clone());
        }
        let total = out.total("");
        if out.entries.len() > MAX_FILES || out.whiteouts.len() > MAX_FILES {
            return Err(FsError::TooMany);
        }
        if total > MAX_TOTAL {
            return Err(FsError::TooLarge);
        }
        Ok(out)
    }

    /// Files (absolute path, text) as a layer, each made at `mtime`, their parents as
    /// directories: a build's `COPY`/`RUN` output, a trainer's declared files. A path ending
    /// in `/` is a directory (its text unused): one a `RUN` step made and left empty, such as
    /// the packages' folders `yarn install` makes under `node_modules/`.
    pub fn from_texts<'a>(
        texts: impl IntoIterator<Item = (&'a str, &'a str)>,
        mtime: u64,
    ) -> Result<Files, FsError> {
        let mut out = Files::default();
        for (path, text) in texts {
            if path.len() > 1 && path.ends_with('/') {
                out.make_dirs(path, mtime)?;
                continue;
            }
            let path = resolve("/", path);
            let mut dir = parent(&path);
            let mut dirs = Vec::new();
            while dir != "/" && !out.entries.contains_key(dir) {
                dirs.push(dir.to_string());
                dir = parent(dir);
            }
            for d in dirs.iter().rev() {
                out.insert_dir(d, mtime)?;
            }
            out.store(&path, text.to_string(), mtime)?;
        }
        Ok(out)
    }

    /// A directory and its missing parents in this layer (`mkdir -p`), made at `mtime`.
    pub fn make_dirs(&mut self, path: &str, mtime: u64) -> Result<(), FsError> {
        let path = resolve("/", path);
        let mut dirs = Vec::new();
        let mut dir = path.as_str();
        // `parent` shortens the path each turn; the bound is the depth's.
        for _ in 0..=MAX_DEPTH + 1 {
            if dir == "/" || self.entries.contains_key(dir) {
                break;
            }
            dirs.push(dir.to_string());
            dir = parent(dir);
        }
        for d in dirs.iter().rev() {
            self.insert_dir(d, mtime)?;
        }
        Ok(())
    }

    /// This layer without what is at or under `dir`: a container's own layer without a
    /// mount's mirrored content (a commit keeps no volume).
    pub fn without(&self, dir: &str) -> Files {
        let mut out = self.clone();
        out.entries.retain(|p, _| !within(p, dir));
        out.whiteouts.retain(|p| !within(p, dir));
        out
    }

    /// What this layer holds strictly under `dir`, rebased to `/`: a mount's content as its
    /// source keeps it (whiteouts stay behind: a mount shows its source as it is).
    pub fn subtree(&self, dir: &str) -> Files {
        let mut out = Files::default();
        for (path, entry) in &self.entries {
            if path != dir && within(path, dir) {
                let rebased = if dir == "/" {
                    path.clone()
                } else {
                    path.get(dir.len()..).unwrap_or("/").to_string()
                };
                out.entries.insert(rebased, entry.clone());
            }
        }
        out
    }

    /// Puts `content` (rebased from `/`) at `dir`, in place of what the layer had there, and
    /// hides the layers below at `dir` (an opaque directory, as a mount hides the image's
    /// files under its mountpoint). Bounded as every layer is.
    pub fn graft(&mut self, dir: &str, content: &Files, mtime: u64) -> Result<(), FsError> {
        Self::check_path(dir)?;
        self.entries.retain(|p, _| p == dir || !within(p, dir));
        self.whiteouts.retain(|p| !within(p, dir));
        self.whiteouts.insert(dir.to_string());
        // The mountpoint itself; the directories above it are the image's, or implied.
        if !self.entries.contains_key(dir) {
            self.insert_dir(dir, mtime)?;
        }
        for (path, entry) in &content.entries {
            if self.entries.len() >= MAX_FILES {
                return Err(FsError::TooMany);
            }
            self.entries.insert(format!("{dir}{path}"), entry.clone());
        }
        if self.total("") > MAX_TOTAL {
            return Err(FsError::TooLarge);
        }
        Ok(())
    }

    fn check_path(path: &str) -> Result<(), FsError> {
        if !path.starts_with('/') || path.ends_with('/') {
            return Err(FsError::NotAFile);
        }
        if path.split('/').count() > MAX_DEPTH + 1 {
            return Err(FsError::TooMany);
        }
        Ok(())
    }

    fn total(&self, except: &str) -> usize {
        self.entries
            .iter()
            .filter(|(p, _)| p.as_str() != except)
            .filter_map(|(_, e)| e.text.as_ref().map(String::len))
            .sum()
    }

    fn store(&mut self, path: &str, content: String, mtime: u64) -> Result<(), FsError> {
        Self::check_path(path)?;
        if content.len() > MAX_FILE {
            return Err(FsError::TooLarge);
        }
        if self.total(path).saturating_add(content.len()) > MAX_TOTAL {
            return Err(FsError::TooLarge);
        }
        if let Some(entry) = self.entries.get_mut(path) {
            if entry.text.is_none() {
                return Err(FsError::NotAFile);
            }
            entry.text = Some(content);
            entry.mtime = entry.mtime.max(mtime);
            return Ok(());
        }
        if self.entries.len() >= MAX_FILES {
            return Err(FsError::TooMany);
        }
        self.entries.insert(
            path.to_string(),
            Entry {
                text: Some(content),
                mode: 0o644,
                uid: 0,
                gid: 0,
                mtime,
            },
        );
        Ok(())
    }

    fn insert_dir(&mut self, path: &str, mtime: u64) -> Result<(), FsError> {
        Self::check_path(path)?;
        if self.entries.len() >= MAX_FILES {
            return Err(FsError::TooMany);
        }
        self.entries.insert(
            path.to_string(),
            Entry {
                text: None,
                mode: 0o755,
                uid: 0,
                gid: 0,
                mtime,
            },
        );
        Ok(())
    }
}

/// What a shell sees: read-only trees (the base system's, then the image's), the image's own
/// files, and one writable layer on top.
/// `F` is `&Files` to read, `&mut Files` to change the layer.
#[derive(Debug)]
pub struct Layered<F> {
    pub lower: Vec<&'static Tree>,
    /// The image's own files over its trees (`None`: an image of the catalogue, a host).
    pub image: Option<Arc<Files>>,
    pub upper: F,
    /// Seconds since 1970 now, for the times of what changes.
    pub now: u64,
}

fn entry_meta(e: &Entry) -> Meta {
    Meta {
        kind: if e.text.is_some() {
            Kind::File
        } else {
            Kind::Dir
        },
        mode: e.mode,
        uid: e.uid,
        gid: e.gid,
        mtime: e.mtime,
        // A file kept by size only (`UNKEPT_MARK`) shows its real size.
        size: e
            .text
            .as_ref()
            .map_or(4096, |t| unkept_size(t).unwrap_or(t.len() as u64)),
        target: None,
    }
}

impl<F: std::ops::Deref<Target = Files>> Layered<F> {
    /// Whether the trees' `path` is hidden by a whiteout of it or of a directory above it,
    /// in the layer or in the image's files.
    fn whited_out(&self, path: &str) -> bool {
        self.upper.hides(path) || self.image.as_ref().is_some_and(|i| i.hides(path))
    }

    /// The image's own entry at `path`, unless the layer deleted it.
    fn image_entry(&self, path: &str) -> Option<&Entry> {
        let image = self.image.as_ref()?;
        if self.upper.hides(path) {
            return None;
        }
        image.entries.get(path)
    }

    /// Whether the image has `path` (its own files or its trees): `docker diff` tells a
    /// change (`C`) from an addition (`A`) with it.
    pub fn in_image(&self, path: &str) -> bool {
        if let Some(image) = &self.image {
            if image.entries.contains_key(path) {
                return true;
            }
            if image.hides(path) {
                return false;
            }
        }
        self.lower.iter().any(|t| t.meta(path).is_some())
    }

    /// Whether the image's own files hold something below `path` (a directory they imply).
    fn image_implies(&self, path: &str) -> bool {
        let Some(image) = &self.image else {
            return false;
        };
        image
            .entries
            .range([path, "/"].concat()..)
            .take_while(|(p, _)| within(p, path))
            .any(|(p, _)| !self.upper.hides(p))
    }

    /// `path` with the links among its directories followed (`/bin/sh` is `/usr/bin/sh`
    /// where `/bin` links to `usr/bin`); the last component stays as it is.
    pub fn canonical(&self, path: &str) -> String {
        let mut resolved = String::from("/");
        let parts: Vec<&str> = path.split('/').filter(|p| !p.is_empty()).collect();
        let mut hops = 0;
        for (i, part) in parts.iter().enumerate() {
            let next = resolve(&resolved, part);
            let last = i + 1 == parts.len();
            if !last && !self.upper.entries.contains_key(&next) && self.image_entry(&next).is_none()
            {
                if let Some(Meta {
                    kind: Kind::Link,
                    target: Some(target),
                    ..
                }) = self.lower_meta(&next)
                {
                    hops += 1;
                    if hops <= 8 {
                        resolved = resolve(&resolved, target);
                        continue;
                    }
                }
            }
            resolved = next;
        }
        resolved
    }

    fn lower_meta(&self, path: &str) -> Option<Meta> {
        if let Some(e) = self.image_entry(path) {
            return Some(entry_meta(e));
        }
        if self.whited_out(path) {
            return None;
        }
        self.lower.iter().rev().find_map(|t| t.meta(path))
    }

    /// An entry's metadata, or why there is none.
    pub fn stat(&self, path: &str) -> Result<Meta, FsError> {
        let path = &self.canonical(path);
        if let Some(e) = self.upper.entries.get(path) {
            return Ok(entry_meta(e));
        }
        if let Some(meta) = self.lower_meta(path) {
            return Ok(meta);
        }
        // A directory implied by a file below it.
        let implied = self
            .upper
            .entries
            .range(format!("{path}/")..)
            .next()
            .is_some_and(|(p, _)| within(p, path))
            || self.image_implies(path);
        if path == "/" || implied {
            return Ok(Meta {
                kind: Kind::Dir,
                mode: 0o755,
                uid: 0,
                gid: 0,
                mtime: self.lower.first().map_or(0, |t| t.mtime),
                size: 4096,
                target: None,
            });
        }
        // ENOTDIR when a component on the way is a file.
        let mut p = parent(path);
        while p != "/" {
            if let Ok(m) = self.stat_shallow(p) {
                if m.kind == Kind::File {
                    return Err(FsError::NotADirectory);
                }
                break;
            }
            p = parent(p);
        }
        Err(FsError::NotFound)
    }

    fn stat_shallow(&self, path: &str) -> Result<Meta, FsError> {
        match self.upper.entries.get(path) {
            Some(e) if e.text.is_some() => Ok(Meta {
                kind: Kind::File,
                mode: e.mode,
                uid: 0,
                gid: 0,
                mtime: 0,
                size: 0,
                target: None,
            }),
            Some(_) => Err(FsError::NotAFile),
            None => self.lower_meta(path).ok_or(FsError::NotFound),
        }
    }

    pub fn is_dir(&self, path: &str) -> bool {
        self.stat(path).is_ok_and(|m| m.kind == Kind::Dir)
    }

    /// A file's text: the layer's, else the trees'.
    pub fn read(&self, path: &str) -> Result<String, FsError> {
        let path = &self.canonical(path);
        if let Ok(Meta {
            kind: Kind::Link,
            target: Some(target),
            ..
        }) = self.stat(path)
        {
            let to = resolve(parent(path), target);
            if to != *path && !to.starts_with("/dev/") {
                return self.read(&self.canonical(&to));
            }
        }
        match self
            .upper
            .entries
            .get(path)
            .or_else(|| self.image_entry(path))
        {
            Some(Entry {
                text: Some(text), ..
            }) => return Ok(text.clone()),
            Some(_) => return Err(FsError::NotAFile),
            None => {}
        }
        if !self.whited_out(path) {
            for tree in self.lower.iter().rev() {
                if let Some(text) = tree.text(path) {
                    return Ok(text.to_string());
                }
                if tree.meta(path).is_some_and(|m| m.kind == Kind::Dir) {
                    return Err(FsError::NotAFile);
                }
            }
        }
        match self.stat(path) {
            Ok(m) if m.kind == Kind::Dir => Err(FsError::NotAFile),
            // A program of the image: its bytes are not simulated.
            Ok(_) => Ok(String::new()),
            Err(e) => Err(e),
        }
    }

    /// Everything under `dir` as one layer rebased to `/` (files with their text, directories
    /// kept even when empty): what a bind mount of `dir` shows. Bounded as every layer is.
    pub fn snapshot(&self, dir: &str) -> Result<Files, FsError> {
        let mut out = Files::default();
        let mut pending = vec![dir.to_string()];
        while let Some(d) = pending.pop() {
            for name in self.list(&d)? {
                if out.entries.len() >= MAX_FILES {
                    return Err(FsError::TooMany);
                }
                let full = if d == "/" {
                    format!("/{name}")
                } else {
                    format!("{d}/{name}")
                };
                let rebased = if dir == "/" {
                    full.clone()
                } else {
                    full.get(dir.len()..).unwrap_or("/").to_string()
                };
                let meta = self.stat(&full)?;
                let text = match meta.kind {
                    Kind::Dir => {
                        pending.push(full);
                        None
                    }
                    Kind::File => Some(self.read(&full).unwrap_or_default()),
                    // A link's target is not followed: the mount shows the link's own file.
                    Kind::Link => Some(String::new()),
                };
                out.entries.insert(
                    rebased,
                    Entry {
                        text,
                        mode: meta.mode,
                        uid: meta.uid,
                        gid: meta.gid,
                        mtime: meta.mtime,
                    },
                );
            }
        }
        if out.total("") > MAX_TOTAL {
            return Err(FsError::TooLarge);
        }
        Ok(out)
    }

    /// The names in directory `dir`, sorted, or why it cannot be listed.
    pub fn list(&self, dir: &str) -> Result<Vec<String>, FsError> {
        let mut dir = self.canonical(dir);
        let mut meta = self.stat(&dir)?;
        if let (Kind::Link, Some(target)) = (meta.kind, meta.target) {
            dir = self.canonical(&resolve(parent(&dir), target));
            dir = resolve(&dir, ".");
            meta = self.stat(&dir)?;
        }
        let dir = dir.as_str();
        if meta.kind != Kind::Dir {
            return Err(FsError::NotADirectory);
        }
        let mut names = BTreeSet::new();
        let prefix = if dir == "/" {
            "/".to_string()
        } else {
            format!("{dir}/")
        };
        for (path, _) in self.upper.entries.range(prefix.clone()..) {
            if !path.starts_with(&prefix) {
                break;
            }
            if let Some(child) = child_towards(dir, path) {
                names.insert(base_name(&child).to_string());
            }
        }
        if let Some(image) = self.image.as_ref().filter(|_| !self.upper.hides(dir)) {
            for (path, _) in image.entries.range(prefix.clone()..) {
                if !path.starts_with(&prefix) {
                    break;
                }
                if let Some(child) = child_towards(dir, path) {
                    if !self.upper.whiteouts.contains(&child) {
                        names.insert(base_name(&child).to_string());
                    }
                }
            }
        }
        if !self.whited_out(dir) {
            for tree in &self.lower {
                for name in tree.children(dir) {
                    let full = format!("{}{name}", prefix);
                    let image_deleted = self
                        .image
                        .as_ref()
                        .is_some_and(|i| i.whiteouts.contains(&full));
                    if !self.upper.whiteouts.contains(&full) && !image_deleted {
                        names.insert(name);
                    }
                }
            }
        }
        Ok(names.into_iter().collect())
    }
}

impl Layered<&mut Files> {
    /// The layer's missing parent directories of `path`, made (`mkdir -p`).
    fn make_parents(&mut self, path: &str) -> Result<(), FsError> {
        let mut missing = Vec::new();
        let mut p = parent(path);
        while p != "/" {
            match self.stat(p) {
                Ok(m) if m.kind == Kind::Dir => break,
                Ok(_) => return Err(FsError::NotADirectory),
                Err(FsError::NotFound) => missing.push(p.to_string()),
                Err(e) => return Err(e),
            }
            p = parent(p);
        }
        for dir in missing.iter().rev() {
            self.upper.insert_dir(dir, self.now)?;
        }
        Ok(())
    }

    /// `>`/`>>` and `touch`'s creation: a file of the layer, its parents made.
    pub fn write(&mut self, path: &str, text: &str, append: bool) -> Result<(), FsError> {
        let path = &self.canonical(path);
        match self.stat(path) {
            Ok(m) if m.kind == Kind::Dir => return Err(FsError::NotAFile),
            Err(FsError::NotADirectory) => return Err(FsError::NotADirectory),
            _ => {}
        }
        self.make_parents(path)?;
        let content = if append && !self.upper.exists(path) {
            let mut old = self.read(path).unwrap_or_default();
            old.push_str(text);
            old
        } else if append {
            let mut old = self.upper.read(path).unwrap_or_default().to_string();
            old.push_str(text);
            old
        } else {
            text.to_string()
        };
        self.upper.store(path, content, self.now)
    }

    /// A file's permission bits, in the layer (copied up first when a tree below holds it).
    pub fn set_mode(&mut self, path: &str, mode: u32) -> Result<(), FsError> {
        let path = &self.canonical(path);
        self.stat(path)?;
        if !self.upper.entries.contains_key(path) {
            self.touch(path)?;
        }
        if let Some(e) = self.upper.entries.get_mut(path) {
            e.mode = mode & 0o7777;
        }
        Ok(())
    }

    /// `touch`: a new empty file, or a newer time on an existing entry.
    pub fn touch(&mut self, path: &str) -> Result<(), FsError> {
        let path = &self.canonical(path);
        match self.stat(path) {
            Ok(_) => {
                if let Some(e) = self.upper.entries.get_mut(path) {
                    e.mtime = self.now;
                    return Ok(());
                }
                // Copied up from the image, as overlayfs does on a change of metadata.
                match self.read(path) {
                    Ok(text) => self.upper.store(path, text, self.now),
                    Err(FsError::NotAFile) => self.upper.insert_dir(path, self.now),
                    Err(e) => Err(e),
                }
            }
            Err(FsError::NotFound) => {
                if !self.is_dir(parent(path)) {
                    return Err(FsError::NotFound);
                }
                self.upper.store(path, String::new(), self.now)
            }
            Err(e) => Err(e),
        }
    }

    /// `mkdir` (`parents`: `mkdir -p`, no error when it exists).
    pub fn mkdir(&mut self, path: &str, parents: bool) -> Result<(), FsError> {
        let path = &self.canonical(path);
        match self.stat(path) {
            Ok(m) if parents && m.kind == Kind::Dir => return Ok(()),
            Ok(_) => return Err(FsError::Exists),
            Err(FsError::NotFound) => {}
            Err(e) => return Err(e),
        }
        if parents {
            self.make_parents(path)?;
        } else {
            match self.stat(parent(path)) {
                Ok(m) if m.kind == Kind::Dir => {}
                Ok(_) => return Err(FsError::NotADirectory),
                Err(e) => return Err(e),
            }
        }
        // A whiteout of `path` stays: the new directory is opaque, the image's entries
        // below stay hidden (overlayfs' `trusted.overlay.opaque`).
        self.upper.insert_dir(path, self.now)
    }

    /// Deletes an entry: from the layer, and with a whiteout when the trees have it.
    /// `recursive`: a directory and everything in it (`rm -r`); otherwise a directory must be
    /// empty (`rmdir`) and a file is a file (`rm`).
    pub fn remove(&mut self, path: &str, recursive: bool) -> Result<(), FsError> {
        let path = &self.canonical(path);
        if path == "/" {
            return Err(FsError::Invalid);
        }
        let meta = self.stat(path)?;
        if meta.kind == Kind::Dir && !recursive && !self.list(path)?.is_empty() {
            return Err(FsError::NotEmpty);
        }
        let inside: Vec<String> = self
            .upper
            .entries
            .keys()
            .filter(|p| within(p, path))
            .cloned()
            .collect();
        for p in inside {
            self.upper.entries.remove(&p);
        }
        self.upper.whiteouts.retain(|w| !within(w, path));
        if self.lower_meta(path).is_some() {
            if self.upper.whiteouts.len() >= MAX_FILES {
                return Err(FsError::TooMany);
            }
            self.upper.whiteouts.insert(path.to_string());
        }
        Ok(())
    }

    /// `cp` (`recursive`: `cp -r`): `from` copied to `to`, which must not exist as a file's
    /// parent problem (the tool decides whether `to` is a directory to copy into).
    pub fn copy(&mut self, from: &str, to: &str, recursive: bool) -> Result<(), FsError> {
        let (from, to) = (&self.canonical(from), &self.canonical(to));
        let meta = self.stat(from)?;
        if meta.kind == Kind::Dir {
            if !recursive {
                return Err(FsError::NotAFile);
            }
            if within(to, from) {
                return Err(FsError::Invalid);
            }
            self.mkdir(to, true)?;
            let mut work = vec![(from.to_string(), to.to_string())];
            let mut steps = 0;
            while let Some((src, dst)) = work.pop() {
                steps += 1;
                if steps > MAX_FILES {
                    return Err(FsError::TooMany);
                }
                for name in self.list(&src)? {
                    let (s, d) = (format!("{src}/{name}"), format!("{dst}/{name}"));
                    if self.is_dir(&s) {
                        self.mkdir(&d, true)?;
                        work.push((s, d));
                    } else {
                        let text = self.read(&s)?;
                        self.write(&d, &text, false)?;
                    }
                }
            }
            return Ok(());
        }
        let text = self.read(from)?;
        self.write(to, &text, false)
    }

    /// `mv`: a copy, then the source deleted.
    pub fn rename(&mut self, from: &str, to: &str) -> Result<(), FsError> {
        let (from, to) = (&self.canonical(from), &self.canonical(to));
        if within(to, from) && to != from {
            return Err(FsError::Invalid);
        }
        if to == from {
            return Ok(());
        }
        self.copy(from, to, true)?;
        self.remove(from, true)
    }
}

#[cfg(test)]
mod tests;
