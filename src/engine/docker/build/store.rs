//! What a build keeps of an image beyond its config: the files its steps added, for the
//! image's file tree (`docker run` of a built image starts with them).
//!
//! Rules: kept in the host's build cache under the image's ID, as BuildKit keeps the layers'
//! content in its cache; gone when the cache drops them (bounded by [`super::MAX_CACHE`]).

use super::solve::StageState;
use crate::engine::World;

/// The cache key under which a built image's state is kept.
fn image_key(id: &str) -> String {
    ["image/", id].concat()
}

impl World {
    /// Keeps the state a build left for image `id`.
    pub(super) fn remember_built(&mut self, host: &str, id: &str, state: StageState) {
        if let Ok(h) = self.host_mut(host) {
            h.build_cache.insert(image_key(id), state);
        }
    }

    /// The state a build left for image `id` on `host` (its files), if this host built it.
    pub fn built_image(&self, host: &str, id: &str) -> Option<&StageState> {
        self.host(host).ok()?.build_cache.get(&image_key(id))
    }
}
