//! An image's configuration, owned: what `docker image inspect` calls `Config`, plus what the
//! simulation needs to run it (its base userland, how its main process behaves, what it serves).
//!
//! Rules: an [`ImageConfig`] is made once (from a catalogue entry at pull time, by a build, a
//! commit, a registry pull or a trainer's declaration) and then never changes: the store shares
//! it as an `Arc<ImageConfig>`, so every tag of an image, and every host that pulled it, holds
//! the same value cheaply. A new image is a new config ([`ImageConfig::derive`] starts one from
//! its base). Its ID is the digest of its content ([`ImageConfig::content_id`]), as Docker's
//! image ID is the digest of its config JSON; catalogue images keep the IDs Berth has always
//! given them. Not simulated: the config JSON itself (the ID hashes this value's fields, not
//! Docker's JSON), `OnBuild`, `Shell`, `ArgsEscaped`, platform variants.

use std::collections::BTreeMap;
use std::sync::Arc;

use super::image::{digest_of, Behaviour, CatalogueImage, Service, Userland};
use crate::engine::clock::Timestamp;
use crate::engine::fs::Files;

/// The default `PATH` of a Linux image's `Env` (every official image sets this one).
pub const DEFAULT_PATH: &str = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

/// One step of an image's history (`docker history`): moby's `image.History`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryEntry {
    /// The instruction as the builder recorded it: `RUN /bin/sh -c apk add curl # buildkit`.
    pub created_by: String,
    /// Bytes the step's layer adds (0 for a step without a layer).
    pub size: u64,
    /// A metadata-only step (`ENV`, `CMD`, `EXPOSE`…): no layer in `RootFS`.
    pub empty_layer: bool,
    /// `buildkit.dockerfile.v0` for BuildKit's steps, empty for the classic builder's.
    pub comment: String,
    /// When the step ran, in seconds relative to the world's start (see
    /// [`ImageConfig::created`]).
    pub created: i64,
}

impl HistoryEntry {
    /// A step with Docker's comment guessed from its text: BuildKit marks its steps; the
    /// classic builder (`/bin/sh -c …`, `#(nop)` for steps without a layer) left none.
    pub fn new(created_by: &str, size: u64, empty_layer: bool, created: i64) -> Self {
        let comment = if created_by.starts_with("/bin/sh -c ") {
            ""
        } else {
            "buildkit.dockerfile.v0"
        };
        HistoryEntry {
            created_by: created_by.to_string(),
            size,
            empty_layer,
            comment: comment.to_string(),
            created,
        }
    }

    /// Seconds between the step and `now` (`CREATED` in `docker history`).
    pub fn seconds_old(&self, now: Timestamp) -> u64 {
        seconds_between(self.created, now)
    }
}

/// Seconds from `created` (relative to the world's start) to `now`; 0 if in the future.
fn seconds_between(created: i64, now: Timestamp) -> u64 {
    let now = i64::try_from(now.0).unwrap_or(i64::MAX);
    u64::try_from(now.saturating_sub(created)).unwrap_or(0)
}

/// One filesystem layer of an image.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layer {
    /// The uncompressed digest, 64 hex (`RootFS.Layers` shows it as `sha256:…`).
    pub diff_id: String,
    /// The compressed blob's digest, 64 hex: a pull's progress lines show its first 12.
    pub blob: String,
}

/// `HEALTHCHECK` of an image (moby `container.HealthConfig`); durations in nanoseconds, 0 for
/// the default.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Healthcheck {
    /// `["CMD-SHELL", "curl -f http://localhost/"]`, `["CMD", …]`, or `["NONE"]`.
    pub test: Vec<String>,
    pub interval_ns: u64,
    pub timeout_ns: u64,
    pub start_period_ns: u64,
    pub start_interval_ns: u64,
    pub retries: u32,
}

/// An image's configuration and everything the simulation knows of it. Shared as
/// `Arc<ImageConfig>`; never changed once stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageConfig {
    pub entrypoint: Vec<String>,
    pub cmd: Vec<String>,
    /// `ENV` of the image other than the default `PATH` (see [`ImageConfig::config_env`] for
    /// the full `Config.Env`). A `PATH=` entry here replaces the default.
    pub env: Vec<String>,
    /// `EXPOSE`: `80/tcp`, `53/udp`.
    pub exposed_ports: Vec<String>,
    /// `USER`; empty is root.
    pub user: String,
    /// `WORKDIR`; empty is `/`.
    pub working_dir: String,
    pub labels: BTreeMap<String, String>,
    pub healthcheck: Option<Healthcheck>,
    /// `STOPSIGNAL` (`SIGQUIT` for nginx); `None` is SIGTERM.
    pub stop_signal: Option<String>,
    /// `VOLUME` paths.
    pub volumes: Vec<String>,
    /// The build steps, newest first.
    pub history: Vec<HistoryEntry>,
    /// The layers, base first (`RootFS.Layers` order).
    pub layers: Vec<Layer>,
    /// Compressed size in bytes, as `docker images` reports it.
    pub size: u64,
    /// The base system: which commands exist inside, how its shell talks.
    pub userland: Userland,
    /// How the main process behaves once started (server or shell).
    pub behaviour: Behaviour,
    /// What the server listens on and answers, if anything.
    pub serves: Option<Service>,
    /// The official image whose programs this image runs (`nginx` for `nginx:alpine` and for
    /// an image built `FROM nginx`): it picks the start-up lines and the entrypoint's checks.
    /// Empty when none.
    pub program: String,
    /// Packages a scanner finds, `(name, version)`, named as the CVE catalogue names them.
    pub packages: Vec<(String, String)>,
    /// Private keys in the image's layers (a later layer's `rm` does not remove them).
    pub private_keys: Vec<String>,
    /// When the image was built, in seconds relative to the world's start (negative: before
    /// it; catalogue images are days or years old).
    pub created: i64,
    /// `Architecture`/`Os` of the image: `amd64`, and `linux` or `windows`.
    pub architecture: String,
    pub os: String,
    /// `Author` (`docker commit -a`); empty for the others (moby leaves it out then).
    pub author: String,
    /// Which release of its base system the image carries, a key of `fs::releases`
    /// (`alpine:3.21`, `debian:12`): the tag's, inherited by an image built on it; empty for
    /// the userland's current one. Not part of [`ImageConfig::content_id`] (the layers already
    /// differ): keep it before `files`, both last.
    pub release: String,
    /// The image's own files over its trees (what its build's `COPY`/`ADD`/`RUN` steps, a
    /// `docker commit` or a trainer's declaration put in it), one flattened layer; `None` for
    /// an image of the catalogue. Not part of [`ImageConfig::content_id`]: keep it last but
    /// for the two below.
    pub files: Option<Arc<Files>>,
    /// The tag of the official image [`ImageConfig::program`] names, as pulled (`lts-alpine`,
    /// `3.12-slim`): with it, which variant's tools the image ships, whatever the FROM chain
    /// above it (a build, a commit, a trainer's image). Empty when none.
    pub program_tag: String,
    /// The pages a trainer's image serves by path (`/` → its home page, `/health` → `ok`)
    /// when its base serves no document root of files (nginx's pages are files instead);
    /// empty for every other image. In [`ImageConfig::content_id`] only when not empty.
    pub pages: BTreeMap<String, String>,
}

impl ImageConfig {
    /// The image's `Config.Env`: the default `PATH` first (unless the image sets its own, or is
    /// a Windows image, which has none), then its `ENV`.
    pub fn config_env(&self) -> Vec<String> {
        let own_path = self.env.iter().any(|v| v.starts_with("PATH="));
        let mut env = Vec::with_capacity(self.env.len() + 1);
        if !own_path && !self.userland.is_windows() {
            env.push(DEFAULT_PATH.to_string());
        }
        env.extend(self.env.iter().cloned());
        env
    }

    /// The value of an `ENV` variable of the image, the default `PATH` included.
    pub fn env_value(&self, name: &str) -> Option<&str> {
        self.env
            .iter()
            .rev()
            .find_map(|v| v.strip_prefix(name).and_then(|r| r.strip_prefix('=')))
            .or_else(|| {
                (name == "PATH" && !self.userland.is_windows())
                    .then(|| DEFAULT_PATH.strip_prefix("PATH=").unwrap_or(""))
            })
    }

    /// Seconds between the image's build and `now` (`CREATED` in `docker images`).
    pub fn seconds_old(&self, now: Timestamp) -> u64 {
        seconds_between(self.created, now)
    }

    /// The image ID of this content: Docker's ID is the digest of the image's config, so the
    /// same content gives the same ID (a rebuild without change, a cache hit) and any change a
    /// new one.
    ///
    /// The files (and the program's tag) are left out of the text hashed (the fields are
    /// last, so their text is cut off the end), so the IDs Berth gave built images before they kept their files stay the
    /// same; a commit or a declaration mixes their digest into its layer instead
    /// ([`ImageConfig::push_files_step`]). Not simulated: a rebuild whose `COPY`
    /// changed a file's text but not its size keeps its ID (the newest files win).
    pub fn content_id(&self) -> String {
        let text = format!(
            "{:?}",
            ImageConfig {
                release: String::new(),
                files: None,
                program_tag: String::new(),
                pages: BTreeMap::new(),
                ..self.clone()
            }
        );
        // An image without an author has the ID it had before the field existed.
        let text = text.replace(
            ", author: \"\", release: \"\", files: None",
            ", release: \"\", files: None",
        );
        let mut text = text
            .strip_suffix(", release: \"\", files: None, program_tag: \"\", pages: {} }")
            .map_or(text.clone(), |head| [head, " }"].concat());
        if !self.pages.is_empty() {
            text.push_str(&format!(" pages: {:?}", self.pages));
        }
        digest_of(&["image-config/", text.as_str()].concat())
    }

    /// The digest of the image's own files (empty when it has none).
    pub fn files_digest(&self) -> String {
        self.files
            .as_ref()
            .map_or_else(String::new, |f| digest_of(&format!("files/{f:?}")))
    }

    /// Like [`ImageConfig::push_step`] for a step that brings `files` (a commit's layer, a
    /// declared image's files): they go on top of the image's own, and their digest into
    /// the layer's, so different files make a different image.
    pub fn push_files_step(
        &mut self,
        created_by: &str,
        files: &Files,
    ) -> Result<(), crate::engine::fs::FsError> {
        let merged = match &self.files {
            Some(own) => own.merged(files)?,
            None => Files::default().merged(files)?,
        };
        let size = merged
            .size()
            .saturating_sub(self.files.as_ref().map_or(0, |f| f.size()));
        self.files = Some(Arc::new(merged));
        self.push_step(created_by, size, false);
        let digest = self.files_digest();
        if let Some(layer) = self.layers.last_mut() {
            layer.diff_id = digest_of(&["layer/", layer.diff_id.as_str(), "/", &digest].concat());
            layer.blob = digest_of(&["blob/", layer.diff_id.as_str()].concat());
        }
        Ok(())
    }

    /// A new image on top of this one (`FROM base`, `docker commit`): every field inherited,
    /// created `now`. The caller then changes what its steps change and adds each step with
    /// [`ImageConfig::push_step`].
    pub fn derive(&self, now: Timestamp) -> ImageConfig {
        ImageConfig {
            created: i64::try_from(now.0).unwrap_or(i64::MAX),
            ..self.clone()
        }
    }

    /// Records one build step: its history line, and a new layer of `size` bytes unless the
    /// step is metadata only. The layer's digests derive from the image's layers so far and
    /// the step, so the same steps on the same base give the same layers.
    pub fn push_step(&mut self, created_by: &str, size: u64, empty_layer: bool) {
        if !empty_layer {
            let below = self.layers.last().map_or("", |l| l.diff_id.as_str());
            let diff_id = digest_of(&format!("layer/{below}/{created_by}/{size}"));
            let blob = digest_of(&format!("blob/{diff_id}"));
            self.layers.push(Layer { diff_id, blob });
            self.size = self.size.saturating_add(size);
        }
        let entry = HistoryEntry::new(created_by, size, empty_layer, self.created);
        self.history.insert(0, entry);
    }

    /// An empty image on no base (`FROM scratch`): no layers, no userland tools beyond what
    /// its files bring (Berth treats it as busybox-less Busybox: no shell).
    pub fn scratch(now: Timestamp) -> ImageConfig {
        ImageConfig {
            entrypoint: Vec::new(),
            cmd: Vec::new(),
            env: Vec::new(),
            exposed_ports: Vec::new(),
            user: String::new(),
            working_dir: String::new(),
            labels: BTreeMap::new(),
            healthcheck: None,
            stop_signal: None,
            volumes: Vec::new(),
            history: Vec::new(),
            layers: Vec::new(),
            size: 0,
            userland: Userland::Busybox,
            behaviour: Behaviour::Shell,
            serves: None,
            program: String::new(),
            packages: Vec::new(),
            private_keys: Vec::new(),
            created: i64::try_from(now.0).unwrap_or(i64::MAX),
            architecture: "amd64".to_string(),
            os: "linux".to_string(),
            author: String::new(),
            release: String::new(),
            files: None,
            program_tag: String::new(),
            pages: BTreeMap::new(),
        }
    }
}

impl CatalogueImage {
    /// The owned config of this catalogue build, as a pull stores it. Layer digests derive from
    /// the build's key, so every tag of one build, on every host, has the same layers.
    pub fn config(&self) -> ImageConfig {
        let build = self.build_key();
        let layers = (0..self.layers)
            .map(|i| Layer {
                diff_id: digest_of(&format!("{build}/diff/{i}")),
                blob: digest_of(&format!("{build}/layer/{i}")),
            })
            .collect();
        let age = i64::try_from(self.age_days.saturating_mul(86_400)).unwrap_or(i64::MAX);
        let history = self
            .history
            .iter()
            .map(|(step, size)| {
                // A step that made no layer: metadata instructions, or the classic
                // builder's `#(nop)`.
                let metadata = (*size == 0
                    && !["RUN ", "COPY ", "ADD ", "/bin/sh -c "]
                        .iter()
                        .any(|p| step.starts_with(p)))
                    || step.contains("#(nop)");
                HistoryEntry::new(step, *size, metadata, -age)
            })
            .collect();
        let owned = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let stop_signal = self
            .history
            .iter()
            .find_map(|(step, _)| step.strip_prefix("STOPSIGNAL "))
            .map(str::to_string);
        // `WORKDIR` (`Config.WorkingDir`) as the history records it (newest first: the last
        // WORKDIR wins), so `docker run` and `docker exec` start where the image says. Not
        // simulated: the hand-made images' `VOLUME`s (no anonymous volume is made for them).
        let working_dir = self
            .history
            .iter()
            .find_map(|(step, _)| step.strip_prefix("WORKDIR "))
            .unwrap_or("")
            .to_string();
        ImageConfig {
            entrypoint: owned(self.entrypoint),
            cmd: owned(self.cmd),
            env: owned(self.env),
            exposed_ports: owned(self.exposed_ports),
            user: self.user.to_string(),
            working_dir,
            labels: BTreeMap::new(),
            healthcheck: None,
            stop_signal,
            // The `VOLUME [/data]` steps of its history, as the Dockerfile declared them.
            volumes: self
                .history
                .iter()
                .filter_map(|(step, _)| step.strip_prefix("VOLUME [")?.strip_suffix(']'))
                .flat_map(|paths| paths.split(' ').map(str::to_string))
                .filter(|p| p.starts_with('/'))
                .collect(),
            history,
            layers,
            size: self.size,
            userland: self.userland,
            behaviour: self.behaviour,
            serves: self.serves,
            program: self.repository.to_string(),
            packages: self
                .packages
                .iter()
                .map(|(p, v)| (p.to_string(), v.to_string()))
                .collect(),
            private_keys: owned(self.private_keys),
            created: -age,
            architecture: "amd64".to_string(),
            os: if self.userland.is_windows() {
                "windows"
            } else {
                "linux"
            }
            .to_string(),
            author: String::new(),
            release: self.release().to_string(),
            files: None,
            program_tag: self
                .tags
                .first()
                .map_or_else(String::new, |t| t.to_string()),
            pages: BTreeMap::new(),
        }
    }

    /// The release of its base system the hand-made image carries (the catalogue's
    /// `latest` tags: Alpine 3.24, Debian 13, Ubuntu 24.04); empty for one built on another
    /// (its history's base names it) or with no release files.
    fn release(&self) -> &'static str {
        match (self.repository, self.userland) {
            ("alpine", _) => "alpine:3.24",
            ("nginx" | "redis" | "httpd", Userland::Debian) => "debian:13",
            ("ubuntu", _) => "ubuntu:24.04",
            _ => "",
        }
    }
}

/// Lays `vars` over `env` the way the daemon merges a container's `-e` values over its
/// image's `Env` (moby `container.ReplaceOrAppendEnvValues`): a `KEY=value` replaces the
/// entry of the same key where it stands, or is appended; a bare `KEY` removes that entry.
pub fn replace_or_append_env<'a>(
    env: &mut Vec<String>,
    vars: impl IntoIterator<Item = &'a String>,
) {
    // Only the entries there before are looked up (moby caches the defaults' keys once).
    let defaults = env.len();
    let key_of = |e: &str| e.split('=').next().unwrap_or_default().to_string();
    let mut removed = vec![false; defaults];
    for var in vars {
        let key = key_of(var);
        let position = env.iter().take(defaults).rposition(|e| key_of(e) == key);
        match (var.contains('='), position) {
            (true, Some(i)) => {
                if let Some(slot) = env.get_mut(i) {
                    slot.clone_from(var);
                }
                if let Some(gone) = removed.get_mut(i) {
                    *gone = false;
                }
            }
            (true, None) => env.push(var.clone()),
            (false, Some(i)) => {
                if let Some(gone) = removed.get_mut(i) {
                    *gone = true;
                }
            }
            (false, None) => {}
        }
    }
    let mut index = 0;
    env.retain(|_| {
        let keep = !removed.get(index).copied().unwrap_or(false);
        index += 1;
        keep
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn env_values_replace_in_place_append_or_remove() {
        let mut env = vec!["A=1".to_string(), "B=2".to_string(), "C=3".to_string()];
        let over = ["B=9", "D=4", "A", "D=5"].map(String::from);
        replace_or_append_env(&mut env, over.iter());
        assert_eq!(env, ["B=9", "C=3", "D=4", "D=5"]);
    }
    use crate::engine::docker::image::{lookup, ImageRef};

    fn config(reference: &str) -> ImageConfig {
        let r: ImageRef = reference.parse().unwrap();
        lookup(&r).unwrap().config()
    }

    #[test]
    fn a_catalogue_entry_becomes_an_owned_config() {
        let nginx = config("nginx");
        assert_eq!(nginx.cmd, ["nginx", "-g", "daemon off;"]);
        assert_eq!(nginx.stop_signal.as_deref(), Some("SIGQUIT"));
        assert_eq!(nginx.layers.len(), 7);
        assert_eq!(nginx.program, "nginx");
        assert_eq!(
            nginx.config_env().first().map(String::as_str),
            Some(DEFAULT_PATH)
        );
        assert_eq!(nginx.env_value("NGINX_VERSION"), Some("1.31.4"));
        assert!(nginx.history.iter().any(|h| h.empty_layer));
        // Every tag of one build is one config.
        assert_eq!(config("nginx:1.31"), nginx);
        // The hand-made httpd keeps its WORKDIR.
        assert_eq!(config("httpd").working_dir, "/usr/local/apache2");
    }

    #[test]
    fn derived_images_get_new_ids_and_layers() {
        let base = config("alpine");
        let mut built = base.derive(Timestamp(60));
        built.push_step("RUN /bin/sh -c apk add curl # buildkit", 3_000_000, false);
        built.push_step("CMD [\"curl\"]", 0, true);
        built.cmd = vec!["curl".into()];
        assert_eq!(built.layers.len(), base.layers.len() + 1);
        assert_eq!(built.history.len(), base.history.len() + 2);
        assert_eq!(built.size, base.size + 3_000_000);
        assert_ne!(built.content_id(), base.content_id());
        // The same steps again: the same image (what makes a rebuild a cache hit).
        let mut again = base.derive(Timestamp(60));
        again.push_step("RUN /bin/sh -c apk add curl # buildkit", 3_000_000, false);
        again.push_step("CMD [\"curl\"]", 0, true);
        again.cmd = vec!["curl".into()];
        assert_eq!(again.content_id(), built.content_id());
        assert_eq!(built.seconds_old(Timestamp(120)), 60);
        assert_eq!(base.seconds_old(Timestamp(0)), 40 * 86_400);
    }
}
