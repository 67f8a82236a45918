//! Image operations of the Engine API: pull from the built-in catalogue, inspect.

use crate::engine::clock::Timestamp;
use crate::engine::docker::authz::Action;
use crate::engine::docker::caller::Caller;
use crate::engine::docker::image::{self, CatalogueImage, ImageRef};
use crate::engine::{EngineError, World};

/// An image in a host's local store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Image {
    pub id: String,
    pub reference: ImageRef,
    pub entry: &'static CatalogueImage,
    pub pulled: Timestamp,
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
    /// The catalogue entry of a container's image: what its userland has, what it serves.
    /// Image IDs come from the catalogue, so any host that pulled the image knows it (a
    /// container on another host, reached across the lab, included).
    pub fn image_entry(&self, c: &crate::engine::Container) -> Option<&'static CatalogueImage> {
        self.hosts()
            .find_map(|h| h.images.values().find(|i| i.id == c.image_id))
            .map(|i| i.entry)
    }

    /// What a container's main process serves, if it is a server.
    pub fn serves(
        &self,
        c: &crate::engine::Container,
    ) -> Option<crate::engine::docker::image::Service> {
        if c.program != crate::engine::Program::Server {
            return None;
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
            (a.entry.age_days, &a.reference).cmp(&(b.entry.age_days, &b.reference))
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
        let image = self.image_inspect(host, source)?.clone();
        let key = target.to_string();
        let tagged = Image {
            reference: target.clone(),
            ..image
        };
        self.host_mut(host)?.images.insert(key.clone(), tagged);
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

    /// `GET /images/{name}/json`: the image if the host has it.
    pub fn image_inspect(&self, host: &str, reference: &ImageRef) -> Result<&Image, EngineError> {
        self.host(host)?
            .images
            .get(&reference.to_string())
            .ok_or_else(|| EngineError::NoSuchImage(reference.to_string()))
    }

    /// `POST /images/create`: copies a catalogue image into the host's store.
    pub fn image_pull(
        &mut self,
        host: &str,
        caller: &Caller,
        reference: &ImageRef,
    ) -> Result<PullReport, EngineError> {
        self.authorize_plain(host, caller, Action::ImageCreate)?;
        let entry = image::lookup(reference).map_err(|tag_only| {
            if tag_only {
                EngineError::ManifestUnknown(reference.to_string())
            } else {
                EngineError::PullAccessDenied(reference.repository.clone())
            }
        })?;
        let backend = self.host(host)?.backend;
        if let Some(platform) = backend.image_platform_mismatch(entry.userland.is_windows()) {
            return Err(EngineError::NoMatchingManifest(platform));
        }
        let key = reference.to_string();
        // Every tag of a catalogue build shares one set of layers and one ID.
        let build = entry.build_key();
        let layers = (0..entry.layers)
            .map(|i| {
                let digest = image::digest_of(&format!("{build}/layer/{i}"));
                digest.get(..12).unwrap_or("").to_string()
            })
            .collect();
        let digest = image::digest_of(&format!("{key}/manifest"));
        let now = self.now;
        let h = self.host_mut(host)?;
        let downloaded = !h.images.contains_key(&key);
        if downloaded {
            h.images.insert(
                key.clone(),
                Image {
                    id: image::digest_of(&build),
                    reference: reference.clone(),
                    entry,
                    pulled: now,
                },
            );
            self.emit(host, "image", "pull", &key, &key);
        }
        Ok(PullReport {
            reference: reference.clone(),
            remote: reference.remote_path(),
            layers,
            digest,
            downloaded,
        })
    }
}
