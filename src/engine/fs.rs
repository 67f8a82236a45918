//! The files a learner writes: `docker inspect web > web.json`, `cat > compose.yaml <<'EOF'`.
//! A small, bounded, deterministic in-memory file system, one per host and one per container,
//! that the shell's redirections write and its tools read.
//!
//! Rules: paths are absolute (the shell resolves relative ones against its working
//! directory); contents are text; every size is bounded ([`MAX_FILE`], [`MAX_FILES`],
//! [`MAX_TOTAL`]) and going past a bound is an error that says so, never a silent truncation.
//!
//! Not simulated: directories (every parent exists; `mkdir` and `ls` are not simulated),
//! permissions, owners, times and binary content. The files the simulation itself answers
//! (`/etc/docker/daemon.json`, `/etc/hosts`…) are not stored here: the shell refuses to
//! overwrite them and reads them from the engine's state.

use std::collections::BTreeMap;
use std::fmt;

/// The largest file, in bytes.
pub const MAX_FILE: usize = 256 * 1024;
/// How many files one host or container may hold.
pub const MAX_FILES: usize = 128;
/// All the files of one host or container together, in bytes.
pub const MAX_TOTAL: usize = 1024 * 1024;

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Files {
    files: BTreeMap<String, String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FsError {
    /// coreutils' `No such file or directory` (ENOENT).
    NotFound,
    /// A path that is not absolute, or names a directory (`/`, a trailing `/`).
    NotAFile,
    /// Past one of the bounds.
    TooLarge,
    TooMany,
}

impl fmt::Display for FsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FsError::NotFound => write!(f, "No such file or directory"),
            FsError::NotAFile => write!(f, "Is a directory"),
            FsError::TooLarge => write!(
                f,
                "File too large (berth: files hold at most {} KiB, {} KiB in all)",
                MAX_FILE / 1024,
                MAX_TOTAL / 1024
            ),
            FsError::TooMany => write!(
                f,
                "No space left on device (berth: at most {MAX_FILES} files here)"
            ),
        }
    }
}

impl Files {
    pub fn read(&self, path: &str) -> Result<&str, FsError> {
        self.files
            .get(path)
            .map(String::as_str)
            .ok_or(FsError::NotFound)
    }

    pub fn exists(&self, path: &str) -> bool {
        self.files.contains_key(path)
    }

    /// `>`: the file is created or truncated, then holds `text`.
    pub fn write(&mut self, path: &str, text: &str) -> Result<(), FsError> {
        self.store(path, text.to_string())
    }

    /// `>>`: `text` goes at the end; the file is created if missing.
    pub fn append(&mut self, path: &str, text: &str) -> Result<(), FsError> {
        let mut content = self.files.get(path).cloned().unwrap_or_default();
        content.push_str(text);
        self.store(path, content)
    }

    pub fn remove(&mut self, path: &str) -> Result<(), FsError> {
        self.files.remove(path).map(|_| ()).ok_or(FsError::NotFound)
    }

    /// Every path, sorted.
    pub fn paths(&self) -> impl Iterator<Item = &str> {
        self.files.keys().map(String::as_str)
    }

    fn store(&mut self, path: &str, content: String) -> Result<(), FsError> {
        if !path.starts_with('/') || path.ends_with('/') {
            return Err(FsError::NotAFile);
        }
        if content.len() > MAX_FILE {
            return Err(FsError::TooLarge);
        }
        let others: usize = self
            .files
            .iter()
            .filter(|(p, _)| p.as_str() != path)
            .map(|(_, c)| c.len())
            .sum();
        if others.saturating_add(content.len()) > MAX_TOTAL {
            return Err(FsError::TooLarge);
        }
        if !self.files.contains_key(path) && self.files.len() >= MAX_FILES {
            return Err(FsError::TooMany);
        }
        self.files.insert(path.to_string(), content);
        Ok(())
    }
}

impl super::World {
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
        let h = self.host_mut(host).map_err(|_| FsError::NotFound)?;
        let files = match container {
            None => &mut h.machine.files,
            Some(id) => &mut h.containers.get_mut(id).ok_or(FsError::NotFound)?.files,
        };
        if append {
            files.append(path, text)
        } else {
            files.write(path, text)
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn write_append_read_remove() {
        let mut fs = Files::default();
        assert_eq!(fs.read("/root/a"), Err(FsError::NotFound));
        fs.write("/root/a", "one\n").unwrap();
        fs.append("/root/a", "two\n").unwrap();
        assert_eq!(fs.read("/root/a"), Ok("one\ntwo\n"));
        fs.write("/root/a", "").unwrap();
        assert_eq!(fs.read("/root/a"), Ok(""));
        fs.remove("/root/a").unwrap();
        assert_eq!(fs.remove("/root/a"), Err(FsError::NotFound));
    }

    #[test]
    fn bounds_are_errors() {
        let mut fs = Files::default();
        assert_eq!(fs.write("relative", "x"), Err(FsError::NotAFile));
        assert_eq!(fs.write("/", "x"), Err(FsError::NotAFile));
        let big = "x".repeat(MAX_FILE + 1);
        assert_eq!(fs.write("/big", &big), Err(FsError::TooLarge));
        for i in 0..MAX_FILES {
            fs.write(&format!("/f{i}"), "x").unwrap();
        }
        assert_eq!(fs.write("/one-more", "x"), Err(FsError::TooMany));
        fs.write("/f0", "rewritten").unwrap();
    }
}
