//! The shell's files: where a relative path starts (the working directory, `cwd.rs`; the
//! shell's home or the container's working directory at first), which files the shell reads
//! and writes (the image's trees and the writable layer of `crate::engine::fs`), which the
//! simulation computes and the shell may not overwrite, and [`tools::Files`] for the text
//! tools.

use super::exec::{Place, Runner};
use crate::cli::tools;
use crate::cli::{Output, Stream};

impl Runner<'_> {
    /// The shell's home directory (a container's working directory).
    pub(super) fn home(&self) -> String {
        match self.place {
            Place::Host {
                user: Some(user), ..
            } if user != "root" => format!("/home/{user}"),
            Place::Host { .. } => "/root".to_string(),
            Place::Container(shell) => self
                .world
                .container_lookup(self.host, &shell.container_id)
                .map(|c| c.workdir.clone())
                .ok()
                .filter(|w| !w.is_empty())
                .unwrap_or_else(|| "/".to_string()),
        }
    }

    /// A path resolved against the working directory (`cwd.rs`).
    pub(super) fn absolute(&self, path: &str) -> String {
        crate::engine::fs::resolve(&self.cwd(), path)
    }

    /// A file of the host's or the container's files (the image's, or one the shell
    /// wrote), if any; not the files the simulation computes.
    pub(super) fn stored(&self, path: &str) -> Option<String> {
        if self.computed(path) {
            return None;
        }
        let container = match self.place {
            Place::Host { .. } => None,
            Place::Container(shell) => Some(shell.container_id.as_str()),
        };
        self.world
            .fs_view(self.host, container)
            .ok()?
            .read(path)
            .ok()
    }

    /// The files the simulation computes: the shell may not write them.
    pub(super) fn computed(&self, path: &str) -> bool {
        match self.place {
            Place::Host { .. } => {
                matches!(
                    path,
                    "/etc/shadow"
                        | "/etc/passwd"
                        | "/etc/group"
                        | "/etc/hosts"
                        | "/etc/hostname"
                        | "/etc/resolv.conf"
                ) || path.starts_with("/etc/docker/")
                    || path.starts_with("/run/flannel/")
                    || path.starts_with("/var/lib/authz-broker/")
                    || path.starts_with("/var/run/")
                    || path.starts_with("/proc/")
            }
            Place::Container(_) => {
                matches!(path, "/etc/hosts" | "/etc/hostname" | "/etc/resolv.conf")
                    || path.starts_with("/proc/")
            }
        }
    }

    pub(super) fn read_file(&mut self, path: &str) -> Result<String, String> {
        tools::Files::read(self, path)
    }

    pub(super) fn write_file(
        &mut self,
        path: &str,
        text: &str,
        append: bool,
    ) -> Result<(), String> {
        tools::Files::write(self, path, text, append)
    }
}

impl Runner<'_> {
    /// Writes the file a program asked for (`curl -o`, `wget`), in this shell's files; the
    /// program's own error if it cannot.
    pub(super) fn save_output(&mut self, program: &str, mut out: Output) -> Output {
        let Some(save) = out.save.take() else {
            return out;
        };
        let (path, text) = *save;
        if let Err(reason) = tools::Files::write(self, &path, &text, false) {
            if program.ends_with("wget") {
                // busybox networking/wget.c: xopen's message.
                out.err(format!("wget: can't open '{path}': {reason}"));
                out.exit_code = 1;
            } else {
                // curl tool_cb_wrt.c, then the transfer's result (CURLE_WRITE_ERROR).
                out.err(format!("Warning: Failed to open the file {path}: {reason}"));
                out.err("curl: (23) Failure writing output to destination");
                out.exit_code = 23;
            }
        }
        out
    }
}

impl tools::Files for Runner<'_> {
    fn read(&mut self, path: &str) -> Result<String, String> {
        if path == "/dev/null" {
            return Ok(String::new());
        }
        let absolute = self.absolute(path);
        if let Some(text) = self.stored(&absolute) {
            return Ok(text);
        }
        if !self.computed(&absolute)
            && crate::cli::tools::fs::Fs::stat(self, &absolute)
                .is_ok_and(|m| m.kind == crate::engine::fs::Kind::Dir)
        {
            return Err(crate::engine::fs::FsError::NotAFile.to_string());
        }
        // The files the simulation answers: what the existing `cat` prints.
        let cat = vec!["cat".to_string(), absolute];
        let shown = match self.place {
            Place::Host { user, .. } => crate::cli::run_words_as(self.world, self.host, user, &cat),
            Place::Container(shell) => {
                crate::cli::run_words_in_container(self.world, self.host, shell, &cat)
            }
        };
        if shown.exit_code == 0 {
            let mut text = String::new();
            for line in shown.lines.iter().filter(|l| l.stream == Stream::Stdout) {
                text.push_str(&line.text);
                text.push('\n');
            }
            return Ok(text);
        }
        match shown.lines.first() {
            Some(line) if line.text.starts_with("berth:") => Err(
                "No such file or directory (berth: only the files you wrote and the ones `cat` knows exist here)"
                    .to_string(),
            ),
            _ => Err("No such file or directory".to_string()),
        }
    }

    fn write(&mut self, path: &str, text: &str, append: bool) -> Result<(), String> {
        let absolute = self.absolute(path);
        // daemon.json is a file like any other to the shell: dockerd reads it at restart.
        if let Place::Host { user, .. } = self.place {
            if absolute == crate::engine::docker::daemon::DAEMON_JSON {
                if user.is_some_and(|u| u != "root") {
                    return Err("Permission denied".to_string());
                }
                return self
                    .world
                    .daemon_json_write(self.host, text, append)
                    .map_err(|e| e.to_string());
            }
        }
        if self.computed(&absolute) {
            return Err(format!(
                "berth: writing {absolute} is not simulated: Berth computes it from the lab{}",
                if absolute == crate::engine::docker::daemon::DAEMON_JSON {
                    " (use `daemon-json set KEY VALUE`)"
                } else {
                    ""
                }
            ));
        }
        let container = match self.place {
            Place::Host { .. } => None,
            Place::Container(shell) => Some(shell.container_id.as_str()),
        };
        let result = self
            .world
            .file_write(self.host, container, &absolute, text, append);
        result.map_err(|e| e.to_string())
    }
}
