//! The Docker Official Images known by name: about 140 repositories with their real tags, read
//! lazily from a line-oriented table compiled in (`official.txt`).
//!
//! Format: a line `@name kind userland size-kB ports` opens a repository (`kind` is `os`,
//! `server`, `runtime` or `hello`; `ports` is `80/tcp,443/tcp` or `-`), lines `=key words…`
//! give its config (`ep` entrypoint, `cmd`, `user`, `wd` working dir, `env`, `stop` stop signal,
//! `vol` volumes, `desc` its Docker Hub description; words are split on spaces), and every other line is one build: its tags,
//! space separated. `#` lines are comments.
//!
//! Why a text table and not `const` arrays: the tags alone are ~50 KB of text; as a table the
//! whole catalogue costs its own bytes in the wasm (~14 KB gzip) with no per-entry struct
//! padding or relocation, and a repository is parsed only when a pull names it. The hand-made
//! entries of [`super::CATALOGUE`] (with their histories and start-up lines) win over this
//! table for their tags; this table's other tags of those repositories (`nginx:1.28`) copy
//! their config from the hand-made entry.
//!
//! Not simulated: per-tag differences beyond the base system and size (a `postgres:16` runs
//! as `postgres:18` does), other platforms than linux/amd64, the history of each build (one
//! summary step stands for the image's own layers). Sizes are Berth's estimates.

use std::collections::BTreeMap;

use super::{digest_of, Behaviour, CatalogueImage, HistoryEntry, ImageConfig, Layer, Service};
use super::{Userland, CATALOGUE};

const TABLE: &str = include_str!("official.txt");

/// What kind of program an official image runs by default: decides how it behaves when no
/// more specific behaviour is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// An OS base (`debian`, `fedora`): a shell, over at once without `-it`.
    Os,
    /// A server (`postgres`, `caddy`): runs until stopped, listens on its first port.
    Server,
    /// A language runtime or a tool (`python`, `maven`): over at once without `-it`.
    Runtime,
    /// `hello-world`: prints its message and exits.
    Hello,
}

/// One repository of the table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Repository {
    pub name: &'static str,
    pub kind: Kind,
    pub userland: Userland,
    /// Compressed size of its default build, in bytes.
    pub size: u64,
    pub ports: Vec<&'static str>,
    pub entrypoint: Vec<&'static str>,
    pub cmd: Vec<&'static str>,
    pub user: &'static str,
    pub working_dir: &'static str,
    pub env: Vec<&'static str>,
    pub stop_signal: Option<&'static str>,
    pub volumes: Vec<&'static str>,
    /// Its one-line description on Docker Hub (docker-library/docs `README-short.txt`).
    pub description: &'static str,
    /// The tags of each build, newest first as the library file lists them.
    pub builds: Vec<Vec<&'static str>>,
}

/// Most builds a repository may list, and most tags a build: a bound on the table's parse.
const MAX_BUILDS: usize = 64;
const MAX_TAGS: usize = 64;

/// The table's lines with their repository header, in order; comment lines dropped.
fn lines() -> impl Iterator<Item = &'static str> {
    TABLE
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
}

/// Every repository of the table, in name order. A block that does not parse is skipped (a
/// unit test makes sure none is).
pub fn repositories() -> impl Iterator<Item = Repository> {
    lines()
        .filter_map(|l| l.strip_prefix('@'))
        .filter_map(|header| header.split(' ').next())
        .filter_map(repository)
}

/// The repository `name`, parsed from its block, if the table has it.
pub fn repository(name: &str) -> Option<Repository> {
    let mut block = lines()
        .skip_while(|l| {
            l.strip_prefix('@')
                .and_then(|h| h.split(' ').next())
                .is_none_or(|n| n != name)
        })
        .peekable();
    let header = block.next()?.strip_prefix('@')?;
    let rest: Vec<&str> = block.take_while(|l| !l.starts_with('@')).collect();
    parse(header, &rest)
}

fn parse(header: &'static str, body: &[&'static str]) -> Option<Repository> {
    let mut fields = header.split(' ');
    let name = fields.next()?;
    let kind = match fields.next()? {
        "os" => Kind::Os,
        "server" => Kind::Server,
        "runtime" => Kind::Runtime,
        "hello" => Kind::Hello,
        _ => return None,
    };
    let userland = userland_named(fields.next()?)?;
    let size = fields.next()?.parse::<u64>().ok()?.saturating_mul(1000);
    let ports = match fields.next()? {
        "-" => Vec::new(),
        list => list.split(',').collect(),
    };
    let mut repo = Repository {
        name,
        kind,
        userland,
        size,
        ports,
        entrypoint: Vec::new(),
        cmd: Vec::new(),
        user: "",
        working_dir: "",
        env: Vec::new(),
        stop_signal: None,
        volumes: Vec::new(),
        description: "",
        builds: Vec::new(),
    };
    for line in body {
        if let Some(config) = line.strip_prefix('=') {
            let (key, value) = config.split_once(' ')?;
            let words = || value.split(' ').filter(|w| !w.is_empty()).collect();
            match key {
                "ep" => repo.entrypoint = words(),
                "cmd" => repo.cmd = words(),
                "user" => repo.user = value,
                "wd" => repo.working_dir = value,
                "env" => repo.env = words(),
                "stop" => repo.stop_signal = Some(value),
                "vol" => repo.volumes = words(),
                "desc" => repo.description = value,
                _ => return None,
            }
        } else if repo.builds.len() < MAX_BUILDS {
            repo.builds.push(
                line.split(' ')
                    .filter(|t| !t.is_empty())
                    .take(MAX_TAGS)
                    .collect(),
            );
        }
    }
    (!repo.builds.is_empty()).then_some(repo)
}

fn userland_named(name: &str) -> Option<Userland> {
    Some(match name {
        "alpine" => Userland::Alpine,
        "busybox" => Userland::Busybox,
        "debian" => Userland::Debian,
        "ubuntu" => Userland::Ubuntu,
        "fedora" => Userland::Fedora,
        _ => return None,
    })
}

/// A build of the table a pull found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Build {
    pub repository: Repository,
    /// Index into `repository.builds`.
    pub index: usize,
}

/// Finds the build of `name` tagged `tag`. `Err(true)`: the repository exists but not the tag
/// (the registry's `manifest unknown`); `Err(false)`: no such repository.
pub fn find(name: &str, tag: &str) -> Result<Build, bool> {
    let repository = repository(name).ok_or(false)?;
    let index = repository
        .builds
        .iter()
        .position(|tags| tags.contains(&tag))
        .ok_or(true)?;
    Ok(Build { repository, index })
}

impl Build {
    /// The tags of this build.
    pub fn tags(&self) -> &[&'static str] {
        self.repository
            .builds
            .get(self.index)
            .map_or(&[], Vec::as_slice)
    }

    /// What the image's ID and digests derive from: one per build, whichever tag pulled it.
    pub fn build_key(&self) -> String {
        let first = self.tags().first().copied().unwrap_or("latest");
        [self.repository.name, ":", first].concat()
    }

    /// The base system of this build: a variant tag (`-alpine`, `-noble`, `-ubi9`) says which.
    pub fn userland(&self) -> Userland {
        let has = |words: &[&str]| {
            self.tags()
                .iter()
                .any(|t| words.iter().any(|w| t.contains(w)))
        };
        if has(&["alpine"]) {
            Userland::Alpine
        } else if has(&["ubi", "oraclelinux", "oracle", "almalinux", "rockylinux"]) {
            Userland::Fedora
        } else if has(&["noble", "jammy", "focal", "resolute"]) {
            Userland::Ubuntu
        } else if has(&["trixie", "bookworm", "bullseye"]) {
            Userland::Debian
        } else {
            self.repository.userland
        }
    }

    /// The release of its base system this build carries (a key of `fs::releases`): an OS
    /// repository's tag names it (`alpine:3.21`, `debian:bookworm`, `fedora:43`), a variant
    /// tag names its base (`-alpine3.23`, `-bookworm`, `-noble`, `-al2023`), and a plain
    /// `-alpine` or no variant is the base's current release (Alpine 3.24, Debian 13).
    pub fn release(&self) -> &'static str {
        let tags = self.tags();
        let first = tags.first().copied().unwrap_or("");
        let has = |word: &str| tags.iter().any(|t| t.contains(word));
        let major = first.split(['.', '-']).next().unwrap_or("");
        match self.repository.name {
            "alpine" if first.starts_with("3.") => match major_minor(first) {
                "3.21" => "alpine:3.21",
                "3.22" => "alpine:3.22",
                "3.23" => "alpine:3.23",
                _ => "alpine:3.24",
            },
            "alpine" => "alpine:edge",
            "fedora" => match first {
                "43" => "fedora:43",
                "45" => "fedora:45",
                _ => "fedora:44",
            },
            "rockylinux" if major == "8" => "rockylinux:8",
            "rockylinux" => "rockylinux:9",
            "almalinux" if major == "8" => "almalinux:8",
            "almalinux" if major == "9" => "almalinux:9",
            "almalinux" => "almalinux:10",
            "oraclelinux" if major == "8" || major == "7" => "oraclelinux:8",
            "oraclelinux" if major == "9" => "oraclelinux:9",
            "oraclelinux" => "oraclelinux:10",
            "amazonlinux" if major == "2" => "amazonlinux:2",
            "amazonlinux" => "amazonlinux:2023",
            "archlinux" => "archlinux",
            "redhat/ubi9" | "redhat/ubi9-minimal" => "ubi:9",
            "opensuse/leap" => "leap:16.0",
            _ => match self.userland() {
                Userland::Alpine => {
                    if has("alpine3.21") {
                        "alpine:3.21"
                    } else if has("alpine3.22") {
                        "alpine:3.22"
                    } else if has("alpine3.23") {
                        "alpine:3.23"
                    } else {
                        "alpine:3.24"
                    }
                }
                Userland::Debian if has("bookworm") => "debian:12",
                Userland::Debian if has("bullseye") => "debian:11",
                Userland::Debian => "debian:13",
                Userland::Ubuntu if has("jammy") || first.starts_with("22.04") => "ubuntu:22.04",
                Userland::Ubuntu if has("resolute") || first.starts_with("26.04") => "ubuntu:26.04",
                Userland::Ubuntu => "ubuntu:24.04",
                Userland::Fedora if has("al2023") => "amazonlinux:2023",
                Userland::Fedora if has("al2") => "amazonlinux:2",
                Userland::Fedora if has("oraclelinux9") => "oraclelinux:9",
                Userland::Fedora if has("oraclelinux8") => "oraclelinux:8",
                Userland::Fedora if has("almalinux8") => "almalinux:8",
                Userland::Fedora if has("almalinux9") => "almalinux:9",
                Userland::Fedora if has("almalinux") => "almalinux:10",
                Userland::Fedora if has("rockylinux8") => "rockylinux:8",
                Userland::Fedora if has("rockylinux") => "rockylinux:9",
                _ => "",
            },
        }
    }

    /// The compressed size of this build: the repository's, smaller for `-alpine` and `-slim`
    /// variants, and a little different for each build.
    fn size(&self) -> u64 {
        let base = self.repository.size;
        let variant = if self.userland() == Userland::Alpine
            && self.repository.userland != Userland::Alpine
        {
            base / 3
        } else if self.tags().iter().any(|t| t.contains("slim")) {
            base * 9 / 20
        } else {
            base
        };
        let spread = digest_of(&self.build_key())
            .bytes()
            .next()
            .map_or(0, |b| u64::from(b % 10));
        variant / 100 * (95 + spread)
    }

    /// The owned config this build's pull stores.
    pub fn config(&self) -> ImageConfig {
        let repo = &self.repository;
        // A repository Berth also knows by hand (nginx, redis…): its behaviour, start-up lines
        // and history, with this build's base system and size.
        let hand_made = CATALOGUE
            .iter()
            .filter(|e| e.repository == repo.name)
            .find(|e| e.userland == self.userland())
            .or_else(|| CATALOGUE.iter().find(|e| e.repository == repo.name));
        if let Some(entry) = hand_made {
            return self.like_hand_made(entry);
        }
        let userland = self.userland();
        let release = self.release();
        let key = self.build_key();
        let age_days = 5 + digest_of(&key)
            .as_bytes()
            .get(1)
            .copied()
            .map_or(0, |b| u64::from(b % 40));
        let created = -i64::try_from(age_days * 86_400).unwrap_or(0);
        let owned = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let mut config = ImageConfig {
            entrypoint: owned(&repo.entrypoint),
            cmd: owned(&repo.cmd),
            env: owned(&repo.env),
            exposed_ports: owned(&repo.ports),
            user: repo.user.to_string(),
            working_dir: repo.working_dir.to_string(),
            labels: BTreeMap::new(),
            healthcheck: None,
            stop_signal: repo.stop_signal.map(str::to_string),
            volumes: owned(&repo.volumes),
            history: Vec::new(),
            layers: Vec::new(),
            size: 0,
            userland,
            behaviour: if repo.kind == Kind::Server {
                Behaviour::Server
            } else {
                Behaviour::Shell
            },
            serves: serves(repo),
            program: repo.name.to_string(),
            packages: Vec::new(),
            private_keys: Vec::new(),
            created,
            architecture: "amd64".to_string(),
            os: "linux".to_string(),
            author: String::new(),
            release: release.to_string(),
            files: None,
            program_tag: self
                .tags()
                .first()
                .map_or_else(String::new, |t| t.to_string()),
            pages: BTreeMap::new(),
        };
        let size = self.size();
        let steps = history(&config, release, size);
        config.layers = steps
            .iter()
            .filter(|s| !s.empty_layer)
            .enumerate()
            .map(|(i, _)| Layer {
                diff_id: digest_of(&format!("{key}/diff/{i}")),
                blob: digest_of(&format!("{key}/layer/{i}")),
            })
            .collect();
        config.history = steps
            .into_iter()
            .rev()
            .map(|s| HistoryEntry { created, ..s })
            .collect();
        config.size = size;
        config
    }

    /// A build of a hand-made repository: the entry's behaviour and config, with this
    /// build's base, release, size and program version (`NGINX_VERSION=1.30.4` for
    /// `nginx:1.30`). A build on another base than the entry's (`nginx:alpine`) gets the
    /// history of its own base, not the entry's.
    fn like_hand_made(&self, entry: &CatalogueImage) -> ImageConfig {
        let key = self.build_key();
        let mut config = entry.config();
        // The entry's own build: a tag in common other than `latest` (the table's `latest`
        // may name a newer build than the hand-made entry, as `ubuntu`'s does).
        let same = entry
            .tags
            .iter()
            .any(|t| *t != "latest" && self.tags().contains(t));
        if same {
            return config;
        }
        let userland = self.userland();
        let release = self.release();
        config.userland = userland;
        config.release = release.to_string();
        // The entry's size for a build on its base (`alpine:3.22` weighs what `alpine` does),
        // a third of it on Alpine (`nginx:alpine`), as [`Build::size`] estimates.
        config.size = if userland == entry.userland {
            entry.size
        } else if userland == Userland::Alpine {
            entry.size / 3
        } else {
            self.size()
        };
        // The program's version variable (`NGINX_VERSION`, `HTTPD_VERSION`) takes this
        // build's version (its first tag's numbers); an Alpine build's package releases
        // carry no Debian suffix (`PKG_RELEASE=1`, not `1~trixie`).
        let variable = format!("{}_VERSION=", self.repository.name.to_ascii_uppercase());
        let version = self.version();
        let fix = |line: &str| -> String {
            let mut line = line.to_string();
            for variable in [variable.as_str(), "org.opencontainers.image.version="] {
                if let (Some(at), Some(version)) = (line.find(variable), version) {
                    let start = at + variable.len();
                    let end = line
                        .get(start..)
                        .and_then(|rest| rest.find([' ', '"']))
                        .map_or(line.len(), |n| start + n);
                    line.replace_range(start..end, version);
                }
            }
            if userland == Userland::Alpine {
                for codename in ["~trixie", "~bookworm"] {
                    line = line.replace(codename, "");
                }
            }
            line
        };
        config.env = config.env.iter().map(|v| fix(v)).collect();
        if userland == entry.userland {
            for step in &mut config.history {
                step.created_by = fix(&step.created_by);
                if let Some(base) = base_step(release) {
                    if step.created_by.starts_with("ADD alpine-minirootfs-") {
                        step.created_by = base;
                    }
                }
            }
            for (i, layer) in config.layers.iter_mut().enumerate() {
                layer.diff_id = digest_of(&format!("{key}/diff/{i}"));
                layer.blob = digest_of(&format!("{key}/layer/{i}"));
            }
        } else {
            // Another base: the steps of that base, one step for the image's own layers,
            // then the entry's metadata.
            let created = config.created;
            let steps = history(&config, release, config.size);
            config.layers = steps
                .iter()
                .filter(|s| !s.empty_layer)
                .enumerate()
                .map(|(i, _)| Layer {
                    diff_id: digest_of(&format!("{key}/diff/{i}")),
                    blob: digest_of(&format!("{key}/layer/{i}")),
                })
                .collect();
            config.history = steps
                .into_iter()
                .rev()
                .map(|s| HistoryEntry { created, ..s })
                .collect();
        }
        config
    }

    /// This build's version, from its first tag (`1.30.4`, `1.31.4-alpine` → `1.31.4`), if
    /// the tag is one.
    fn version(&self) -> Option<&'static str> {
        let first = self.tags().first().copied()?;
        let version = first.split('-').next()?;
        let dotted = version.split('.').count() >= 2;
        (dotted && version.chars().all(|c| c.is_ascii_digit() || c == '.')).then_some(version)
    }
}

/// What a server answers on its first TCP port: Berth knows the pages of nginx and httpd only
/// (in the hand-made catalogue); the others accept connections.
fn serves(repo: &Repository) -> Option<Service> {
    if repo.kind != Kind::Server {
        return None;
    }
    repo.ports
        .iter()
        .filter_map(|p| p.strip_suffix("/tcp"))
        .find_map(|p| p.parse().ok())
        .map(|port| Service::Tcp { port })
}

/// The history of a table image, oldest first: its base system's steps, one step standing for
/// the image's own layers, then its metadata in the order Dockerfiles usually give it. Each
/// metadata line is written as BuildKit records it (`EXPOSE map[80/tcp:{}]`).
/// The history line of a release's base layer, when it names the release: Alpine's
/// minirootfs tarball (`ADD alpine-minirootfs-3.24.1-x86_64.tar.gz / # buildkit`; edge's
/// is named by its date, as docker-alpine's `edge` directory names it).
fn base_step(release: &str) -> Option<String> {
    if release == "alpine:edge" {
        return Some("ADD alpine-minirootfs-20260805-x86_64.tar.gz / # buildkit".to_string());
    }
    let version = crate::engine::fs::releases::full_version(release)?;
    release.starts_with("alpine:3.").then(|| {
        [
            "ADD alpine-minirootfs-",
            version,
            "-x86_64.tar.gz / # buildkit",
        ]
        .concat()
    })
}

/// `3.21.7` → `3.21`.
fn major_minor(version: &str) -> &str {
    let mut dots = version.match_indices('.');
    match dots.nth(1) {
        Some((at, _)) => version.get(..at).unwrap_or(version),
        None => version,
    }
}

fn history(config: &ImageConfig, release: &str, size: u64) -> Vec<HistoryEntry> {
    let step = |by: String, size: u64, empty: bool| HistoryEntry::new(&by, size, empty, 0);
    let json = |words: &[String]| {
        let quoted: Vec<String> = words.iter().map(|w| format!("{w:?}")).collect();
        format!("[{}]", quoted.join(" "))
    };
    let (base, base_size, base_cmd) = match config.userland {
        Userland::Alpine => (
            base_step(release).unwrap_or_else(|| {
                "ADD alpine-minirootfs-3.24.1-x86_64.tar.gz / # buildkit".to_string()
            }),
            8_310_000,
            "/bin/sh",
        ),
        Userland::Busybox => (
            "ADD busybox.tar.xz / # buildkit".to_string(),
            4_420_000,
            "sh",
        ),
        Userland::Ubuntu => (
            "ADD file:1b6c8c9518be42fa2afe5e241ca31677fce58d27cdfa88baa91a65a259be3637 in / "
                .to_string(),
            29_700_000,
            "/bin/bash",
        ),
        Userland::Fedora => (
            "ADD rootfs.tar.xz / # buildkit".to_string(),
            45_000_000,
            "/bin/bash",
        ),
        _ => (
            "ADD rootfs.tar.xz / # buildkit".to_string(),
            48_500_000,
            "bash",
        ),
    };
    let base_size = base_size.min(size);
    let mut steps = vec![
        step(base, base_size, false),
        step(format!("CMD {}", json(&[base_cmd.to_string()])), 0, true),
    ];
    let own = size.saturating_sub(base_size);
    if own > 0 {
        steps.push(step(
            format!(
                "RUN /bin/sh -c {} # buildkit",
                "set -eux; # the image's install steps (not kept by Berth)"
            ),
            own,
            false,
        ));
    }
    for var in &config.env {
        steps.push(step(format!("ENV {var}"), 0, true));
    }
    if !config.volumes.is_empty() {
        steps.push(step(
            format!("VOLUME [{}]", config.volumes.join(" ")),
            0,
            true,
        ));
    }
    if !config.working_dir.is_empty() {
        steps.push(step(format!("WORKDIR {}", config.working_dir), 0, true));
    }
    if !config.user.is_empty() {
        steps.push(step(format!("USER {}", config.user), 0, true));
    }
    if let Some(signal) = &config.stop_signal {
        steps.push(step(format!("STOPSIGNAL {signal}"), 0, true));
    }
    if !config.exposed_ports.is_empty() {
        let map: Vec<String> = config
            .exposed_ports
            .iter()
            .map(|p| format!("{p}:{{}}"))
            .collect();
        steps.push(step(format!("EXPOSE map[{}]", map.join(" ")), 0, true));
    }
    if !config.entrypoint.is_empty() {
        steps.push(step(
            format!("ENTRYPOINT {}", json(&config.entrypoint)),
            0,
            true,
        ));
    }
    if !config.cmd.is_empty() {
        steps.push(step(format!("CMD {}", json(&config.cmd)), 0, true));
    }
    steps
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_repository_parses_and_its_tags_are_unique() {
        let headers = lines().filter(|l| l.starts_with('@')).count();
        let repos: Vec<Repository> = repositories().collect();
        assert_eq!(repos.len(), headers, "a block does not parse");
        assert!(repos.len() >= 135, "{}", repos.len());
        for repo in &repos {
            let mut seen = std::collections::BTreeSet::new();
            for tag in repo.builds.iter().flatten() {
                assert!(seen.insert(*tag), "{}:{tag} twice", repo.name);
                let reference = format!("{}:{tag}", repo.name);
                assert!(
                    reference.parse::<super::super::ImageRef>().is_ok(),
                    "{reference}"
                );
            }
            if repo.kind == Kind::Server {
                assert!(
                    repo.name == "haproxy"
                        || !repo.ports.is_empty()
                        || repo.entrypoint.len() + repo.cmd.len() > 0,
                    "{}",
                    repo.name
                );
            }
        }
    }

    #[test]
    fn the_first_hour_images_are_known() {
        for reference in [
            "hello-world", "postgres", "postgres:16", "mysql", "mariadb", "mongo", "python:3.12",
            "python:3.13-slim", "node", "node:22-alpine", "golang", "openjdk:27-rc", "php", "ruby",
            "rust", "wordpress", "ghost", "nextcloud", "registry:2", "registry", "debian",
            "fedora", "caddy", "traefik", "haproxy", "rabbitmq", "memcached",
            "elasticsearch:9.5.2", "eclipse-temurin:21",
        ] {
            let (name, tag) = reference.split_once(':').unwrap_or((reference, "latest"));
            let build = find(name, tag);
            if let Err(tag_only) = build {
                let tags: Vec<_> = repository(name).map(|r| r.builds).unwrap_or_default();
                panic!("{reference}: {tag_only} {tags:?}");
            }
        }
        assert_eq!(find("nosuchimage", "latest"), Err(false));
        assert_eq!(find("postgres", "0.1"), Err(true));
    }

    #[test]
    fn digests_and_configs_are_stable() {
        let a = find("postgres", "latest").unwrap();
        let b = find("postgres", "18").unwrap();
        assert_eq!(a.build_key(), b.build_key());
        assert_eq!(a.config(), b.config());
        assert_eq!(
            a.config().content_id(),
            find("postgres", "latest").unwrap().config().content_id()
        );
        let alpine = find("postgres", "alpine").unwrap();
        assert_eq!(alpine.userland(), Userland::Alpine);
        assert!(alpine.config().size < a.config().size);
        let config = a.config();
        assert_eq!(config.cmd, ["postgres"]);
        assert_eq!(config.exposed_ports, ["5432/tcp"]);
        assert_eq!(config.serves, Some(Service::Tcp { port: 5432 }));
        assert_eq!(
            config.layers.len(),
            config.history.iter().filter(|h| !h.empty_layer).count()
        );
        // A hand-made repository's other tags keep its behaviour.
        let nginx = find("nginx", "1.30").map(|b| b.config());
        assert!(nginx.is_ok_and(|c| c.program == "nginx" && c.serves.is_some()));
    }

    #[test]
    fn each_tag_carries_its_release_and_version() {
        let release = |name: &str, tag: &str| find(name, tag).map(|b| b.release());
        assert_eq!(release("alpine", "3.21"), Ok("alpine:3.21"));
        assert_eq!(release("alpine", "edge"), Ok("alpine:edge"));
        assert_eq!(release("debian", "bookworm"), Ok("debian:12"));
        assert_eq!(release("debian", "latest"), Ok("debian:13"));
        assert_eq!(release("ubuntu", "22.04"), Ok("ubuntu:22.04"));
        assert_eq!(release("fedora", "43"), Ok("fedora:43"));
        assert_eq!(release("node", "26-alpine3.23"), Ok("alpine:3.23"));
        assert_eq!(release("postgres", "18-bookworm"), Ok("debian:12"));
        assert_eq!(release("rockylinux", "8"), Ok("rockylinux:8"));
        let alpine = find("nginx", "alpine").map(|b| b.config()).unwrap();
        assert_eq!(alpine.userland, Userland::Alpine);
        assert_eq!(alpine.env_value("NGINX_VERSION"), Some("1.31.4"));
        assert_eq!(alpine.env_value("PKG_RELEASE"), Some("1"));
        assert!(alpine
            .history
            .iter()
            .all(|h| !h.created_by.contains("apt-get")));
        let stable = find("nginx", "1.30").map(|b| b.config()).unwrap();
        assert_eq!(stable.env_value("NGINX_VERSION"), Some("1.30.4"));
        assert!(stable
            .history
            .iter()
            .any(|h| h.created_by == "ENV NGINX_VERSION=1.30.4"));
        let old = find("alpine", "3.21").map(|b| b.config()).unwrap();
        assert!(old
            .history
            .iter()
            .any(|h| h.created_by.contains("alpine-minirootfs-3.21.7-x86_64")));
    }
}
