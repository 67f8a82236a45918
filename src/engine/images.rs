//! Image operations of the Engine API: pull from the built-in catalogue, inspect.

use super::clock::Timestamp;
use super::image::{self, CatalogueImage, ImageRef};
use super::{EngineError, World};

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

impl World {
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
        reference: &ImageRef,
    ) -> Result<PullReport, EngineError> {
        let entry = image::lookup(reference).map_err(|tag_only| {
            if tag_only {
                EngineError::ManifestUnknown(reference.to_string())
            } else {
                EngineError::PullAccessDenied(reference.repository.clone())
            }
        })?;
        let key = reference.to_string();
        // Every tag of a catalogue repository shares one set of layers and one ID: the
        // catalogue models one build per repository.
        let layers = (0..entry.layers)
            .map(|i| {
                let digest = image::digest_of(&format!("{}/layer/{i}", entry.repository));
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
                    id: image::digest_of(entry.repository),
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
