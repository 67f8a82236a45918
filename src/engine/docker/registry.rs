//! A Docker registry (the `registry:2`/`registry:3` image, distribution/distribution) as a
//! container that stores what `docker push` sends it, and `docker pull` from it.
//!
//! Rules:
//! - A registry is a running container of an image whose program is `registry`, with its
//!   port published on its host. `REGISTRY_HOST:PORT/name` reaches it: `localhost` and
//!   `127.0.0.0/8` name the caller's own host, any other name a lab host of that name.
//! - What it stores (repository → tag → image) lives with the container: it is kept over
//!   stop/start and gone with `docker rm` (a store whose container is gone is never read; IDs
//!   are never reused).
//! - A registry that is not on localhost must be in the caller daemon's
//!   `insecure-registries` (it speaks plain HTTP).
//! - The pulled image keeps the pushed image's ID and config (one shared `Arc`), and its
//!   `RepoDigests` entry is the manifest digest the push printed.
//!
//! Not simulated: authentication (`registry:2` has none by default), a named volume on
//! `/var/lib/registry` outliving the container, Docker Hub (offline), HTTPS registries
//! without a port.

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::engine::docker::caller::Caller;
use crate::engine::docker::image;
use crate::engine::docker::image_config::ImageConfig;
use crate::engine::docker::images::PullReport;
use crate::engine::{EngineError, ImageRef, World};

/// What one registry container stores: repository → tag → pushed image.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RegistryStore {
    pub repositories: BTreeMap<String, BTreeMap<String, Pushed>>,
}

/// One manifest in a registry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pushed {
    pub id: String,
    pub config: Arc<ImageConfig>,
    /// `sha256:…`
    pub digest: String,
    pub size: usize,
}

/// Why a registry could not be reached or used; the cli words each as docker does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RegistryError {
    /// The reference names no registry (Docker Hub): offline here.
    DockerHub,
    /// A registry name without a port, or not a lab host: not simulated.
    Unknown(String),
    /// Nothing listens on that port of that host: `dial tcp ADDR: connect: connection refused`.
    Refused {
        domain: String,
        ip: std::net::Ipv4Addr,
        port: u16,
    },
    /// A registry not on localhost and not in `insecure-registries`.
    Https {
        domain: String,
    },
    /// The registry has no such repository or tag.
    ManifestUnknown,
    Engine(EngineError),
}

impl From<EngineError> for RegistryError {
    fn from(e: EngineError) -> Self {
        RegistryError::Engine(e)
    }
}

/// What `docker push` reports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PushReport {
    /// Short layer IDs (12 hex), top layer first as docker/cli prints them, with whether the
    /// registry already had each.
    pub layers: Vec<(String, bool)>,
    pub digest: String,
    pub size: usize,
}

/// The registry part of a reference: `localhost:5000` in `localhost:5000/app`.
pub fn registry_domain(reference: &ImageRef) -> Option<&str> {
    let (domain, _) = reference.repository.split_once('/')?;
    (domain.contains('.') || domain.contains(':') || domain == "localhost").then_some(domain)
}

fn is_loopback(name: &str) -> bool {
    name == "localhost" || name.starts_with("127.")
}

impl World {
    /// The registry container `domain` names from `host`: (its host, its container ID).
    fn registry_find(&self, host: &str, domain: &str) -> Result<(String, String), RegistryError> {
        let Some((name, port)) = domain.rsplit_once(':') else {
            return Err(RegistryError::Unknown(domain.to_string()));
        };
        let Ok(port) = port.parse::<u16>() else {
            return Err(RegistryError::Unknown(domain.to_string()));
        };
        let target = if is_loopback(name) {
            host.to_string()
        } else if self.host(name).is_ok() {
            let h = self.host(host)?;
            if !h
                .daemon
                .settings
                .insecure_registries
                .iter()
                .any(|r| r == domain)
            {
                return Err(RegistryError::Https {
                    domain: domain.to_string(),
                });
            }
            name.to_string()
        } else {
            return Err(RegistryError::Unknown(domain.to_string()));
        };
        let h = self.host(&target)?;
        let found = h.containers.values().find(|c| {
            c.is_running()
                && c.published.iter().any(|p| p.host_port == port)
                && self.image_entry(c).is_some_and(|e| e.program == "registry")
        });
        match found {
            Some(c) => Ok((target, c.id.clone())),
            None => Err(RegistryError::Refused {
                domain: domain.to_string(),
                ip: if is_loopback(name) {
                    std::net::Ipv4Addr::LOCALHOST
                } else {
                    h.machine.underlay_ip
                },
                port,
            }),
        }
    }

    /// `docker push`: the image `reference` names on `host` goes into the registry it names.
    pub fn registry_push(
        &mut self,
        host: &str,
        caller: &Caller,
        reference: &ImageRef,
    ) -> Result<PushReport, RegistryError> {
        let _ = caller;
        let image = self.image_inspect(host, reference)?;
        let (id, config) = (image.id.clone(), Arc::clone(&image.config));
        let Some(domain) = registry_domain(reference) else {
            return Err(RegistryError::DockerHub);
        };
        let (target, registry) = self.registry_find(host, domain)?;
        let repo = reference.remote_path();
        let store = self.registries.get(&registry).cloned().unwrap_or_default();
        let has_blob = |blob: &str| {
            store
                .repositories
                .values()
                .flat_map(BTreeMap::values)
                .any(|p| p.config.layers.iter().any(|l| l.blob == blob))
        };
        let layers = config
            .layers
            .iter()
            .rev()
            .map(|l| {
                (
                    l.blob.get(..12).unwrap_or("").to_string(),
                    has_blob(&l.blob),
                )
            })
            .collect();
        let manifest = manifest_json(&id, &config);
        let digest = format!("sha256:{}", image::digest_of(&manifest));
        let pushed = Pushed {
            id,
            config,
            digest: digest.clone(),
            size: manifest.len(),
        };
        let size = pushed.size;
        let mut store = store;
        store
            .repositories
            .entry(repo)
            .or_default()
            .insert(reference.tag.clone(), pushed);
        self.registries.insert(registry, store);
        let _ = target;
        self.emit(
            host,
            "image",
            "push",
            &reference.to_string(),
            &reference.to_string(),
        );
        Ok(PushReport {
            layers,
            digest,
            size,
        })
    }

    /// `docker pull` of a reference that names a registry; `None` when it names none (Docker
    /// Hub: the catalogue answers).
    pub fn registry_pull(
        &mut self,
        host: &str,
        caller: &Caller,
        reference: &ImageRef,
    ) -> Option<Result<PullReport, RegistryError>> {
        let domain = registry_domain(reference)?.to_string();
        // A registry Berth does not simulate (mcr.microsoft.com): the catalogue answers.
        match self.registry_pull_from(host, caller, reference, &domain) {
            Err(RegistryError::Unknown(_)) => None,
            other => Some(other),
        }
    }

    fn registry_pull_from(
        &mut self,
        host: &str,
        caller: &Caller,
        reference: &ImageRef,
        domain: &str,
    ) -> Result<PullReport, RegistryError> {
        self.authorize_plain(host, caller, super::authz::Action::ImageCreate)?;
        let (_, registry) = self.registry_find(host, domain)?;
        let pushed = self
            .registries
            .get(&registry)
            .and_then(|s| s.repositories.get(&reference.remote_path()))
            .and_then(|tags| tags.get(&reference.tag))
            .cloned()
            .ok_or(RegistryError::ManifestUnknown)?;
        let key = reference.to_string();
        let downloaded = self
            .host(host)?
            .images
            .get(&key)
            .is_none_or(|i| i.id != pushed.id);
        let layers = pushed
            .config
            .layers
            .iter()
            .map(|l| l.blob.get(..12).unwrap_or("").to_string())
            .collect();
        if downloaded {
            self.image_put(
                host,
                Some(reference),
                &pushed.id,
                Arc::clone(&pushed.config),
                Some(pushed.digest.clone()),
            )?;
            let labels = pushed.config.labels.clone();
            self.emit_pull(host, reference, &labels);
        }
        Ok(PullReport {
            reference: reference.clone(),
            // `latest: Pulling from app`: the path within the registry.
            remote: reference.remote_path(),
            layers,
            digest: pushed.digest.trim_start_matches("sha256:").to_string(),
            downloaded,
        })
    }

    /// `POST /auth` (`docker login`): the daemon dials the registry `domain` (`HOST:PORT`)
    /// names from `host`. A `registry:2` without auth configured accepts any credentials.
    pub fn registry_ping(&self, host: &str, domain: &str) -> Result<(), RegistryError> {
        self.registry_find(host, domain).map(|_| ())
    }

    /// `GET /v2/_catalog`, `/v2/NAME/tags/list` of the registry behind `host`'s `port`: the
    /// repositories and their tags, or `None` when no registry container serves there.
    pub fn registry_contents(&self, host: &str, port: u16) -> Option<&RegistryStore> {
        let h = self.host(host).ok()?;
        let c = h.containers.values().find(|c| {
            c.is_running()
                && c.published.iter().any(|p| p.host_port == port)
                && self.image_entry(c).is_some_and(|e| e.program == "registry")
        })?;
        Some(self.registries.get(&c.id).unwrap_or(&EMPTY))
    }
}

static EMPTY: RegistryStore = RegistryStore {
    repositories: BTreeMap::new(),
};

/// The image manifest the push uploads (schema 2, distribution `manifest/schema2`): its
/// digest and length are what `docker push` prints.
fn manifest_json(id: &str, config: &ImageConfig) -> String {
    let per_layer = config.size / (config.layers.len().max(1) as u64);
    let layers: Vec<String> = config
        .layers
        .iter()
        .map(|l| {
            format!(
                r#"{{"mediaType":"application/vnd.docker.image.rootfs.diff.tar.gzip","size":{per_layer},"digest":"sha256:{}"}}"#,
                l.blob
            )
        })
        .collect();
    format!(
        r#"{{"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.v2+json","config":{{"mediaType":"application/vnd.docker.container.image.v1+json","size":{},"digest":"sha256:{id}"}},"layers":[{}]}}"#,
        1500 + 100 * config.history.len(),
        layers.join(",")
    )
}
