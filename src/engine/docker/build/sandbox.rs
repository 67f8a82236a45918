//! BuildKit's container for one `RUN` step: the stage's image as it is at that step, with no
//! network, the files earlier steps added, the step's environment, working directory and user.
//! The cli runs the command in it through its shell front-end (as `docker exec` does), then
//! closes it and keeps the files it left.
//!
//! Rules: the container is BuildKit's, not the daemon's: it is never listed, and the daemon's
//! events it caused are taken back, so a build leaves only its image (and its cache). It lives
//! for one call of [`RunStep::run`](super::RunStep::run).
//!
//! Not simulated: network access during `RUN` (the package managers install offline), `RUN
//! --mount`, and the resources a step uses.

use std::collections::BTreeMap;
use std::sync::Arc;

use super::solve::RunRequest;
use crate::engine::docker::caller::Caller;
use crate::engine::docker::containers::ContainerCreate;
use crate::engine::docker::image::{self, ImageRef};
use crate::engine::docker::images::Image;
use crate::engine::{EngineError, World};

/// The name the step's image is known by while its container lives (never shown: the
/// container is closed before the command returns).
const STEP_IMAGE: &str = "moby/buildkit:step";

impl World {
    /// Opens the container of a `RUN` step; `Err` when the daemon refuses.
    pub fn build_container_open(
        &mut self,
        host: &str,
        request: &RunRequest,
    ) -> Result<String, EngineError> {
        let reference: ImageRef = STEP_IMAGE
            .parse()
            .map_err(|_| EngineError::NoSuchImage(STEP_IMAGE.into()))?;
        let events = self.events.len();
        let now = self.now;
        let id =
            image::digest_of(&["buildkit/step/", request.config.content_id().as_str()].concat());
        self.host_mut(host)?.images.insert(
            reference.to_string(),
            Image {
                id,
                reference: reference.clone(),
                config: Arc::new(request.config.clone()),
                pulled: now,
                repo_digest: None,
            },
        );
        let mut config = ContainerCreate::new(reference);
        config.network = Some("none".into());
        config.env = request.env.clone();
        config.workdir = Some(request.workdir.clone());
        if !request.user.is_empty() {
            config.user = Some(request.user.clone());
        }
        config.cmd = request.argv.clone();
        let created = self.container_create(host, &Caller::daemon(), config);
        self.events.truncate(events);
        let id = match created {
            Ok(id) => id,
            Err(e) => {
                self.drop_step_image(host);
                return Err(e);
            }
        };
        let h = self.host_mut(host)?;
        if let Some(c) = h.containers.get_mut(&id) {
            // Running with no network: BuildKit's runc process for the step.
            c.state = crate::engine::docker::container::State::Running {
                started_at: now,
                paused: false,
            };
            for (path, content) in &request.files {
                // Bounded like every file system here: a file past the bounds is left out.
                // A path ending in `/` is a folder an earlier step left empty.
                let _ = match path.strip_suffix('/') {
                    Some(dir) if !dir.is_empty() => c.files.make_dirs(dir, 0),
                    _ => c.files.write(path, content),
                };
            }
        }
        Ok(id)
    }

    /// Closes a step's container: the files it holds now (what the command wrote included),
    /// and each folder it left empty as its path and a `/` (`yarn install`'s packages under
    /// `node_modules/`), so the image keeps them.
    pub fn build_container_close(&mut self, host: &str, id: &str) -> BTreeMap<String, String> {
        let mut files = BTreeMap::new();
        if let Ok(h) = self.host_mut(host) {
            if let Some(c) = h.containers.remove(id) {
                for path in c.files.paths() {
                    if let Ok(content) = c.files.read(path) {
                        files.insert(path.to_string(), content.to_string());
                    }
                }
                // A folder is empty when no entry of the layer sorts under it.
                let entries: std::collections::BTreeSet<&str> = c.files.entry_paths().collect();
                for dir in entries.iter().filter(|p| c.files.read(p).is_err()) {
                    let prefix = [*dir, "/"].concat();
                    let has_entries = entries
                        .range(prefix.as_str()..)
                        .next()
                        .is_some_and(|p| p.starts_with(&prefix));
                    if !has_entries {
                        files.insert(prefix, String::new());
                    }
                }
                h.creation_order.remove(&c.sequence);
                h.names.remove(&c.name);
            }
        }
        self.drop_step_image(host);
        files
    }

    fn drop_step_image(&mut self, host: &str) {
        if let Ok(h) = self.host_mut(host) {
            h.images.retain(|_, i| i.reference.as_typed() != STEP_IMAGE);
        }
    }
}
