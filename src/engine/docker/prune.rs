//! `POST /images/prune`: the images no container uses, and what removing them gives back.
//!
//! Contract: moby `daemon/images/image_prune.go`. Without `all`, only dangling images (no tag)
//! go; Berth's images always have a tag (nothing here builds or re-tags over an image), so that
//! removes nothing. With `all`, every image that no container (running or stopped) was created
//! from is untagged and deleted; the space reclaimed is the sum of the deleted images' sizes.
//! Each removal goes through `image_remove` as the daemon itself, so events and checks are
//! those of `docker rmi`.

use crate::engine::docker::authz::Action;
use crate::engine::docker::caller::Caller;
use crate::engine::docker::images::Removed;
use crate::engine::{EngineError, World};

/// What an image prune removed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImagesPruned {
    /// In the daemon's order: each tag untagged, then the image deleted.
    pub deleted: Vec<Removed>,
    pub space_reclaimed: u64,
}

impl World {
    /// `POST /images/prune?filters={"dangling":["false"]}` when `all`, else dangling only.
    pub fn image_prune(
        &mut self,
        host: &str,
        caller: &Caller,
        all: bool,
    ) -> Result<ImagesPruned, EngineError> {
        self.authorize_plain(host, caller, Action::None)?;
        let mut pruned = ImagesPruned::default();
        if !all {
            return Ok(pruned);
        }
        let h = self.host(host)?;
        let unused: Vec<_> = h
            .images
            .values()
            .filter(|i| !h.containers.values().any(|c| c.image_id == i.id))
            .map(|i| (i.reference.clone(), i.id.clone(), i.config.size))
            .collect();
        let mut deleted_ids: Vec<String> = Vec::new();
        for (reference, id, size) in unused {
            if let Ok(removed) = self.image_remove(host, &Caller::daemon(), &reference, false) {
                if removed.iter().any(|r| matches!(r, Removed::Deleted(_)))
                    && !deleted_ids.contains(&id)
                {
                    deleted_ids.push(id);
                    pruned.space_reclaimed += size;
                }
                pruned.deleted.extend(removed);
            }
        }
        Ok(pruned)
    }
}
