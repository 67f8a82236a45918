//! A built image into the host's store, under every `-t` (a name that pointed at another
//! image moves to the new one), and what the store keeps of its config for `docker run`,
//! `docker history` and `docker image inspect`.

use super::solve::{BuildRequest, StageState};
use crate::engine::docker::image;
use crate::engine::docker::images::Image;
use crate::engine::{EngineError, World};

/// The cache key under which a built image's state is kept.
fn image_key(id: &str) -> String {
    ["image/", id].concat()
}

impl World {
    /// Stores the image `id` built from `state` under each tag of `request`.
    pub(super) fn store_built(
        &mut self,
        host: &str,
        request: &BuildRequest,
        id: &str,
        state: StageState,
    ) -> Result<(), EngineError> {
        let entry = state.base.as_ref().and_then(|b| image::lookup(b).ok());
        let now = self.now;
        let h = self.host_mut(host)?;
        h.build_cache.insert(image_key(id), state);
        let Some(entry) = entry else {
            return Ok(());
        };
        for tag in &request.tags {
            h.images.insert(
                tag.to_string(),
                Image {
                    id: id.to_string(),
                    reference: tag.clone(),
                    entry,
                    pulled: now,
                },
            );
        }
        Ok(())
    }

    /// The state a build left for image `id` on `host`, if this host built it.
    pub fn built_image(&self, host: &str, id: &str) -> Option<&StageState> {
        self.host(host).ok()?.build_cache.get(&image_key(id))
    }
}
