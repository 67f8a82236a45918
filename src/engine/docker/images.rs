//! Image operations of the Engine API: pull from the built-in catalogue, tag, remove, inspect,
//! and the store's own operations that builds, commits, registry pulls and trainer images use.
//!
//! Rules: a host's store maps a name (`nginx:latest`) to an [`Image`]; the image's config is
//! an `Arc<ImageConfig>` shared by all its names and by every host that has it. A name points
//! at one image; moving a name away from an image that had no other leaves that image
//! *dangling* (`<none>:<none>`, stored under its ID), as Docker keeps it until `docker rmi` or
//! a prune. Nothing here builds terminal text: the cli words pulls, tags and removals.

use std::sync::Arc;

use crate::engine::clock::Timestamp;
use crate::engine::docker::authz::Action;
use crate::engine::docker::caller::Caller;
use crate::engine::docker::image::{self, ImageConfig, ImageRef};
use crate::engine::{EngineError, World};

/// An image in a host's local store, under one of its names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Image {
    /// The image ID, 64 hex (shown `sha256:…` in full).
    pub id: String,
    /// The name this entry is stored under; [`ImageRef::dangling`] for an untagged image.
    pub reference: ImageRef,
    /// What the image is: shared by all its names, never changed.
    pub config: Arc<ImageConfig>,
    /// When it entered this store (pull, build, commit, tag).
    pub pulled: Timestamp,
    /// The manifest digest (`sha256:…`) a pull printed, for `RepoDigests`; `None` for an image
    /// built or committed here and never pushed or pulled.
    pub repo_digest: Option<String>,
}

/// The store key of a dangling image: its ID, which no typed name can equal (a name has no `@`).
fn dangling_key(id: &str) -> String {
    ["<none>@sha256:", id].concat()
}

/// What `image_pull` did, for the CLI's progress lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PullReport {
    pub reference: ImageRef,
    /// Remote path such as `library/nginx`.
    pub remote: String,
    /// Short (12-hex) layer IDs, in order.
    pub layers: Vec<String>,
    pub digest: String,
    /// False when the image was already present (`Status: Image is up to date`).
    pub downloaded: bool,
}

/// What `docker rmi` did to one argument, in the order Docker prints it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Removed {
    Untagged(String),
    Deleted(String),
}

impl World {
    /// The config of a container's image: what its userland has, what it serves. An image ID
    /// is the same on every host that has the image, so any host that has it answers (a
    /// container on another host, reached across the lab, included).
    pub fn image_entry(&self, c: &crate::engine::Container) -> Option<&ImageConfig> {
        self.hosts()
            .find_map(|h| h.images.values().find(|i| i.id == c.image_id))
            .map(|i| &*i.config)
    }

    /// The official image whose programs a container runs, and its tag: the root of its
    /// image's FROM chain (`node`, `lts-alpine` for an image built `FROM node:lts-alpine`, a
    /// commit of it, a trainer's image on it), else the image's own name. Its tools, its
    /// server's start-up and shutdown lines, its package manager follow it.
    pub fn container_program<'a>(&'a self, c: &'a crate::engine::Container) -> (&'a str, &'a str) {
        match self.image_entry(c) {
            Some(config) if !config.program.is_empty() => {
                (config.program.as_str(), config.program_tag.as_str())
            }
            _ => (c.image.repository.as_str(), c.image.tag.as_str()),
        }
    }

    /// What a container's main process serves, if it is a server.
    pub fn serves(
        &self,
        c: &crate::engine::Container,
    ) -> Option<crate::engine::docker::image::Service> {
        if c.program != crate::engine::Program::Server {
            return None;
        }
        if c.served.is_some() {
            return c.served;
        }
        self.image_entry(c).and_then(|e| e.serves)
    }
}

impl World {
    /// `GET /images/json`: every tag, newest image first, then by name.
    pub fn image_list(&self, host: &str, caller: &Caller) -> Result<Vec<&Image>, EngineError> {
        self.authorize_plain(host, caller, Action::ImageList)?;
        let mut images: Vec<&Image> = self.host(host)?.images.values().collect();
        images.sort_by(|a, b| {
            (std::cmp::Reverse(a.config.created), &a.reference)
                .cmp(&(std::cmp::Reverse(b.config.created), &b.reference))
        });
        Ok(images)
    }

    /// `POST /images/{name}/tag`: another name for the same image.
    pub fn image_tag(
        &mut self,
        host: &str,
        caller: &Caller,
        source: &ImageRef,
        target: &ImageRef,
    ) -> Result<(), EngineError> {
        self.authorize_plain(host, caller, Action::ImageTag)?;
        let id = self.image_inspect(host, source)?.id.clone();
        self.image_tag_id(host, &id, target)?;
        let key = target.to_string();
        self.emit(host, "image", "tag", &key, &key);
        Ok(())
    }

    /// `DELETE /images/{name}`: untags the reference, and deletes the image when it was the
    /// last name of an image no container uses.
    pub fn image_remove(
        &mut self,
        host: &str,
        caller: &Caller,
        reference: &ImageRef,
        force: bool,
    ) -> Result<Vec<Removed>, EngineError> {
        self.authorize_plain(host, caller, Action::ImageDelete)?;
        let image = self.image_inspect(host, reference)?.clone();
        let h = self.host(host)?;
        let short = image.id.get(..12).unwrap_or(&image.id).to_string();
        if !h.images.contains_key(&reference.to_string()) {
            return self.image_remove_by_id(host, &image.id, force);
        }
        let users: Vec<&crate::engine::Container> = h
            .containers_in_order()
            .filter(|c| c.image_id == image.id)
            .collect();
        let other_tags = h
            .images
            .values()
            .filter(|i| i.id == image.id && i.reference != *reference)
            .count();
        if let Some(running) = users
            .iter()
            .find(|c| c.is_running())
            .filter(|_| force && other_tags == 0)
        {
            return Err(EngineError::ImageInUse(format!(
                "conflict: unable to delete {short} (cannot be forced) - image is being used by running container {}",
                running.short_id()
            )));
        }
        if let Some(user) = users.first().filter(|_| !force && other_tags == 0) {
            return Err(EngineError::ImageInUse(format!(
                "conflict: unable to remove repository reference \"{}\" (must force) - container {} is using its referenced image {short}",
                reference.display_as_typed(),
                user.short_id()
            )));
        }
        let key = reference.to_string();
        self.host_mut(host)?.images.remove(&key);
        self.emit(host, "image", "untag", &key, &key);
        let mut removed = vec![Removed::Untagged(key.clone())];
        if other_tags == 0 {
            removed.push(Removed::Deleted(format!("sha256:{}", image.id)));
            self.emit(host, "image", "delete", &image.id, &key);
        }
        Ok(removed)
    }

    /// `DELETE /images/{id}` given an ID (or a prefix of one): every name of the image goes,
    /// then the image, unless a container uses it or its names span several repositories
    /// (moby `daemon/images/image_delete.go` conflicts; `-f` overrides all but a running
    /// container).
    fn image_remove_by_id(
        &mut self,
        host: &str,
        id: &str,
        force: bool,
    ) -> Result<Vec<Removed>, EngineError> {
        let h = self.host(host)?;
        let short = id.get(..12).unwrap_or(id).to_string();
        let conflict = |why: &str, forced: &str| {
            EngineError::ImageInUse(format!(
                "conflict: unable to delete {short} ({forced}) - {why}"
            ))
        };
        let users: Vec<&crate::engine::Container> = h
            .containers_in_order()
            .filter(|c| c.image_id == id)
            .collect();
        if let Some(running) = users.iter().find(|c| c.is_running()) {
            let why = format!(
                "image is being used by running container {}",
                running.short_id()
            );
            return Err(conflict(&why, "cannot be forced"));
        }
        let names: Vec<ImageRef> = h
            .images
            .values()
            .filter(|i| i.id == id)
            .map(|i| i.reference.clone())
            .collect();
        let mut repositories: Vec<&str> = names
            .iter()
            .filter(|r| !r.is_dangling())
            .map(|r| r.repository.as_str())
            .collect();
        repositories.dedup();
        if !force && repositories.len() > 1 {
            return Err(conflict(
                "image is referenced in multiple repositories",
                "must be forced",
            ));
        }
        if let Some(stopped) = users.first().filter(|_| !force) {
            let why = format!(
                "image is being used by stopped container {}",
                stopped.short_id()
            );
            return Err(conflict(&why, "must be forced"));
        }
        let mut removed = Vec::new();
        for name in names {
            let key = name.to_string();
            self.host_mut(host)?.images.remove(&key);
            if !name.is_dangling() {
                self.emit(host, "image", "untag", &key, &key);
                removed.push(Removed::Untagged(key));
            }
        }
        removed.push(Removed::Deleted(format!("sha256:{id}")));
        self.emit(host, "image", "delete", id, id);
        Ok(removed)
    }

    /// `GET /images/{name}/json`: the image if the host has it.
    pub fn image_inspect(&self, host: &str, reference: &ImageRef) -> Result<&Image, EngineError> {
        let h = self.host(host)?;
        if let Some(image) = h.images.get(&reference.to_string()) {
            return Ok(image);
        }
        // No image of that name: a word of hex digits is an image ID or a unique prefix of
        // one (`docker image tag 19deced5f4c4 ourfiglet` after a `docker commit`), as moby's
        // image store resolves it.
        let hex = !reference.repository.is_empty()
            && reference.repository.len() <= 64
            && reference.repository.bytes().all(|b| b.is_ascii_hexdigit());
        if hex && reference.tag == "latest" {
            if let Some(image) = self.image_by_id(host, &reference.repository) {
                return Ok(image);
            }
        }
        Err(EngineError::NoSuchImage(reference.to_string()))
    }

    /// `POST /images/create`: copies a catalogue image into the host's store.
    pub fn image_pull(
        &mut self,
        host: &str,
        caller: &Caller,
        reference: &ImageRef,
    ) -> Result<PullReport, EngineError> {
        self.authorize_plain(host, caller, Action::ImageCreate)?;
        let found = self.image_find(reference).map_err(|tag_only| {
            if tag_only {
                EngineError::ManifestUnknown(reference.to_string())
            } else {
                EngineError::PullAccessDenied(reference.repository.clone())
            }
        })?;
        let backend = self.host(host)?.backend;
        if let Some(platform) = backend.image_platform_mismatch(found.config.userland.is_windows())
        {
            return Err(EngineError::NoMatchingManifest(platform));
        }
        let key = reference.to_string();
        // Every tag of a catalogue build shares one config, one set of layers and one ID.
        let id = image::digest_of(&found.build_key);
        let digest = format!("sha256:{}", image::digest_of(&format!("{key}/manifest")));
        let h = self.host(host)?;
        let downloaded = h.images.get(&key).is_none_or(|i| i.id != id);
        // Another host (or another tag here) may hold this build already: share its config.
        let config = self
            .hosts()
            .find_map(|h| h.images.values().find(|i| i.id == id))
            .map_or_else(|| Arc::new(found.config), |i| Arc::clone(&i.config));
        let layers = config
            .layers
            .iter()
            .map(|l| l.blob.get(..12).unwrap_or("").to_string())
            .collect();
        if downloaded {
            let labels = config.labels.clone();
            self.image_put(host, Some(reference), &id, config, Some(digest.clone()))?;
            self.emit_pull(host, reference, &labels);
        }
        Ok(PullReport {
            reference: reference.clone(),
            remote: reference.remote_path(),
            layers,
            digest: digest.trim_start_matches("sha256:").to_string(),
            downloaded,
        })
    }
}

/// The image store's own operations: no API endpoint of their own, so no authorization here;
/// the operation that uses them (`POST /build`, `POST /commit`, a registry pull) authorizes
/// itself first.
impl World {
    /// Stores a new image made here (a build, a commit, a trainer's image) and names it
    /// `reference` (a dangling image when `None`). Its ID is the digest of its content, so the
    /// same content stored twice is one image. Returns the ID.
    pub fn image_store(
        &mut self,
        host: &str,
        reference: Option<&ImageRef>,
        config: ImageConfig,
    ) -> Result<String, EngineError> {
        let id = config.content_id();
        let config = match self.image_by_id(host, &id) {
            // The same ID with other files (a `COPY` of a file whose size did not change, see
            // `ImageConfig::content_id`): the newest files win, under every tag.
            Some(existing) if existing.config.files != config.files => {
                let config = Arc::new(config);
                if let Ok(h) = self.host_mut(host) {
                    for image in h.images.values_mut().filter(|i| i.id == id) {
                        image.config = Arc::clone(&config);
                    }
                }
                config
            }
            Some(existing) => Arc::clone(&existing.config),
            None => Arc::new(config),
        };
        self.image_put(host, reference, &id, config, None)?;
        Ok(id)
    }

    /// Puts an image that already has its ID (a registry pull of an image pushed elsewhere, a
    /// catalogue pull) into `host`'s store under `reference`, or dangling when `None` and the
    /// store does not have it yet. `repo_digest` is the manifest digest the pull printed.
    pub fn image_put(
        &mut self,
        host: &str,
        reference: Option<&ImageRef>,
        id: &str,
        config: Arc<ImageConfig>,
        repo_digest: Option<String>,
    ) -> Result<(), EngineError> {
        let now = self.now;
        let h = self.host_mut(host)?;
        let present = h.images.values().any(|i| i.id == id);
        if !present {
            h.images.insert(
                dangling_key(id),
                Image {
                    id: id.to_string(),
                    reference: ImageRef::dangling(),
                    config,
                    pulled: now,
                    repo_digest: repo_digest.clone(),
                },
            );
        } else if repo_digest.is_some() {
            for image in h.images.values_mut().filter(|i| i.id == id) {
                image.repo_digest.clone_from(&repo_digest);
            }
        }
        match reference {
            Some(reference) => self.image_tag_id(host, id, reference),
            None => Ok(()),
        }
    }

    /// Names the image `id` (present in `host`'s store) `reference`. The name moves if it was
    /// another image's: that image, left with no name, stays as a dangling image.
    pub fn image_tag_id(
        &mut self,
        host: &str,
        id: &str,
        reference: &ImageRef,
    ) -> Result<(), EngineError> {
        let image = self
            .image_by_id(host, id)
            .cloned()
            .ok_or_else(|| EngineError::NoSuchImage(reference.to_string()))?;
        let key = reference.to_string();
        if self
            .host(host)?
            .images
            .get(&key)
            .is_some_and(|i| i.id == id)
        {
            return Ok(());
        }
        self.image_untag(host, reference)?;
        let now = self.now;
        let h = self.host_mut(host)?;
        h.images.remove(&dangling_key(id));
        h.images.insert(
            key,
            Image {
                reference: reference.clone(),
                pulled: now,
                ..image
            },
        );
        Ok(())
    }

    /// Removes the name `reference` from `host`'s store and returns the ID it named (`None` if
    /// no image had that name). The image itself stays: as a dangling image if that was its
    /// last name (`docker rmi` deletes it instead, see `image_remove`).
    pub fn image_untag(
        &mut self,
        host: &str,
        reference: &ImageRef,
    ) -> Result<Option<String>, EngineError> {
        let h = self.host_mut(host)?;
        let Some(image) = h.images.remove(&reference.to_string()) else {
            return Ok(None);
        };
        if !h.images.values().any(|i| i.id == image.id) {
            h.images.insert(
                dangling_key(&image.id),
                Image {
                    reference: ImageRef::dangling(),
                    ..image.clone()
                },
            );
        }
        Ok(Some(image.id))
    }

    /// An image of `host`'s store by its full ID, or a unique prefix of it (`sha256:` allowed).
    pub fn image_by_id(&self, host: &str, id: &str) -> Option<&Image> {
        let id = id.strip_prefix("sha256:").unwrap_or(id);
        let h = self.host(host).ok()?;
        if let Some(image) = h.images.values().find(|i| i.id == id) {
            return Some(image);
        }
        if id.is_empty() {
            return None;
        }
        let mut matches = h.images.values().filter(|i| i.id.starts_with(id));
        let first = matches.next()?;
        matches.all(|i| i.id == first.id).then_some(first)
    }

    /// The names of the image `id` in `host`'s store (`RepoTags`), dangling entries aside.
    pub fn image_names(&self, host: &str, id: &str) -> Vec<&ImageRef> {
        self.host(host)
            .map(|h| {
                h.images
                    .values()
                    .filter(|i| i.id == id && !i.reference.is_dangling())
                    .map(|i| &i.reference)
                    .collect()
            })
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::DEFAULT_HOST as HOST;

    fn world_with(reference: &str) -> (World, ImageRef) {
        let mut w = World::new(7);
        let r: ImageRef = reference.parse().unwrap();
        w.image_pull(HOST, &Caller::local("root"), &r).unwrap();
        (w, r)
    }

    fn names(w: &World) -> Vec<String> {
        w.host(HOST)
            .unwrap()
            .images
            .values()
            .map(|i| i.reference.to_string())
            .collect()
    }

    #[test]
    fn a_stored_image_gets_its_content_id_and_name() {
        let (mut w, alpine) = world_with("alpine");
        let base = w.image_inspect(HOST, &alpine).unwrap().config.clone();
        let mut built = base.derive(w.now);
        built.push_step("RUN /bin/sh -c apk add curl # buildkit", 3_000_000, false);
        let target: ImageRef = "acme/tool:1".parse().unwrap();
        let id = w.image_store(HOST, Some(&target), built.clone()).unwrap();
        assert_eq!(id, built.content_id());
        let stored = w.image_inspect(HOST, &target).unwrap();
        assert_eq!(
            (stored.id.as_str(), stored.repo_digest.as_ref()),
            (id.as_str(), None)
        );
        // Stored again: the same image, no copy.
        assert_eq!(w.image_store(HOST, Some(&target), built).unwrap(), id);
        assert_eq!(names(&w), ["acme/tool:1", "alpine:latest"]);
        assert_eq!(
            w.image_by_id(HOST, id.get(..12).unwrap()).map(|i| &i.id),
            Some(&id)
        );
    }

    #[test]
    fn a_moved_name_leaves_its_old_image_dangling() {
        let (mut w, alpine) = world_with("alpine");
        let base = w.image_inspect(HOST, &alpine).unwrap().config.clone();
        let target: ImageRef = "app".parse().unwrap();
        let mut first = base.derive(w.now);
        first.push_step("COPY a /a # buildkit", 10, false);
        let old = w.image_store(HOST, Some(&target), first).unwrap();
        let mut second = base.derive(w.now);
        second.push_step("COPY b /b # buildkit", 10, false);
        let new = w.image_store(HOST, Some(&target), second).unwrap();
        assert_ne!(old, new);
        assert_eq!(names(&w), ["<none>:<none>", "alpine:latest", "app:latest"]);
        let dangling = w.image_by_id(HOST, &old).unwrap();
        assert!(dangling.reference.is_dangling());
        assert!(w.image_names(HOST, &old).is_empty());
        // Naming it again takes it out of the dangling list.
        let again: ImageRef = "app:old".parse().unwrap();
        w.image_tag_id(HOST, &old, &again).unwrap();
        assert_eq!(names(&w), ["alpine:latest", "app:latest", "app:old"]);
        assert_eq!(w.image_untag(HOST, &again).unwrap(), Some(old.clone()));
        assert!(w
            .image_by_id(HOST, &old)
            .is_some_and(|i| i.reference.is_dangling()));
    }

    #[test]
    fn a_pull_records_the_digest_it_printed() {
        let (w, alpine) = world_with("alpine");
        let image = w.image_inspect(HOST, &alpine).unwrap();
        let digest = image::digest_of("alpine:latest/manifest");
        assert_eq!(image.repo_digest, Some(format!("sha256:{digest}")));
    }
}
