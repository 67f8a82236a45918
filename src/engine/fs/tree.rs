//! A read-only file tree compiled in, and which trees an image or a host has.
//!
//! A tree is plain data, compact on purpose (every tree adds to the wasm): directories as
//! one text (`path` or `path mode` a line), files as `(path, text)`, the programs of a
//! `bin` directory as one space-separated text of names (their bytes are not simulated:
//! each gets a made-up size from its name), and busybox's applet links likewise. A file
//! whose text starts with `#!` is executable (`0755`), the others `0644`.
//!
//! `engine::docker::archive::image_tree` is the one place that maps an image to its trees
//! (the image model is Docker's); [`host_tree`] is a host's.

use super::{base_name, parent, Kind, Meta};

/// A read-only tree: a base system's layout, or an image's own files over one.
#[derive(Debug)]
pub struct Tree {
    /// One directory a line: `path` (mode `0755`) or `path MODE` in octal.
    pub dirs: &'static str,
    /// Files and their text.
    pub files: &'static [(&'static str, &'static str)],
    /// Programs: a directory and the names in it, separated by spaces.
    pub programs: &'static [(&'static str, &'static str)],
    /// Symbolic links: a directory, the names, and what they all point at.
    pub links: &'static [(&'static str, &'static str, &'static str)],
    /// When the tree was built, in seconds since 1970.
    pub mtime: u64,
    /// Owners other than root: `(path prefix, uid, gid)`.
    pub owners: &'static [(&'static str, u32, u32)],
}

impl Tree {
    fn dir_lines(&self) -> impl Iterator<Item = (&'static str, u32)> {
        self.dirs.lines().filter_map(|line| {
            let mut words = line.split_whitespace();
            let path = words.next()?;
            let mode = words
                .next()
                .and_then(|m| u32::from_str_radix(m, 8).ok())
                .unwrap_or(0o755);
            Some((path, mode))
        })
    }

    fn owner(&self, path: &str) -> (u32, u32) {
        self.owners
            .iter()
            .find(|(prefix, _, _)| super::within(path, prefix))
            .map_or((0, 0), |(_, u, g)| (*u, *g))
    }

    fn meta_of(&self, path: &str, kind: Kind, mode: u32, size: u64) -> Meta {
        let (uid, gid) = self.owner(path);
        Meta {
            kind,
            mode,
            uid,
            gid,
            mtime: self.mtime,
            size,
            target: None,
        }
    }

    /// A file's text, if this tree has the file.
    pub fn text(&self, path: &str) -> Option<&'static str> {
        self.files.iter().find(|(p, _)| *p == path).map(|(_, t)| *t)
    }

    /// Whether this tree has a program, a link or a file in `dir` named `name`.
    fn named(list: &str, name: &str) -> bool {
        list.split_whitespace().any(|n| n == name)
    }

    /// An entry of this tree.
    pub fn meta(&self, path: &str) -> Option<Meta> {
        if let Some(text) = self.text(path) {
            let mode = if text.starts_with("#!") { 0o755 } else { 0o644 };
            return Some(self.meta_of(path, Kind::File, mode, text.len() as u64));
        }
        if let Some((_, mode)) = self.dir_lines().find(|(p, _)| *p == path) {
            return Some(self.meta_of(path, Kind::Dir, mode, 4096));
        }
        let (dir, name) = (parent(path), base_name(path));
        if self
            .programs
            .iter()
            .any(|(d, names)| *d == dir && Self::named(names, name))
        {
            return Some(self.meta_of(path, Kind::File, 0o755, program_size(name)));
        }
        if let Some((_, _, target)) = self
            .links
            .iter()
            .find(|(d, names, _)| *d == dir && Self::named(names, name))
        {
            let mut meta = self.meta_of(path, Kind::Link, 0o777, target.len() as u64);
            meta.target = Some(target);
            return Some(meta);
        }
        // A directory implied by what is below it.
        let implied = self.dir_lines().any(|(p, _)| super::within(p, path))
            || self.files.iter().any(|(p, _)| super::within(p, path))
            || self.programs.iter().any(|(d, _)| super::within(d, path))
            || self.links.iter().any(|(d, _, _)| super::within(d, path));
        (implied || path == "/").then(|| self.meta_of(path, Kind::Dir, 0o755, 4096))
    }

    /// The names directly in `dir`, unsorted, possibly repeated.
    pub fn children(&self, dir: &str) -> Vec<String> {
        let mut paths: Vec<&str> = Vec::new();
        let mut names: Vec<String> = Vec::new();
        paths.extend(self.dir_lines().map(|(p, _)| p));
        paths.extend(self.files.iter().map(|(p, _)| *p));
        for (d, list) in self.programs {
            if *d == dir {
                names.extend(list.split_whitespace().map(str::to_string));
            } else {
                paths.push(d);
            }
        }
        for (d, list, _) in self.links {
            if *d == dir {
                names.extend(list.split_whitespace().map(str::to_string));
            } else {
                paths.push(d);
            }
        }
        for path in paths {
            if let Some(child) = super::child_towards(dir, path) {
                names.push(base_name(&child).to_string());
            }
        }
        names
    }
}

/// A program's made-up size: stable, and of the order real ones have (tens of KiB).
fn program_size(name: &str) -> u64 {
    let hash = name.bytes().fold(2_166_136_261_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(16_777_619)
    });
    14_000 + hash % 140_000
}

/// A Linux host's own tree: an Ubuntu server's layout, no file texts (what `cat` knows of a
/// host stays with the existing tools).
pub fn host_tree() -> &'static [&'static Tree] {
    &[&super::trees::HOST]
}
