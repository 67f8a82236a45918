//! The session's side of the editor panel: whether the front-end has one, and saving what
//! it wrote into the file `nano FILE` opened (`cli::tools::editor`).

use super::Session;
use crate::cli;

impl Session {
    /// Whether the front-end opens `nano FILE` in an editor panel (the browser does; a plain
    /// terminal prints how to write the file instead).
    pub fn set_editor(&mut self, on: bool) {
        self.editor = on;
    }

    /// Saves what the editor panel wrote into the file it opened: the host's or the
    /// container's file system (daemon.json is dockerd's, read at its next start).
    /// `Err` is the editor's message.
    pub fn save_edit(
        &mut self,
        request: &cli::tools::editor::EditRequest,
        text: &str,
    ) -> Result<(), String> {
        let saved = match &request.container {
            Some(id) => self
                .world
                .file_write(&request.host, Some(id), &request.path, text, false),
            None if request.path == crate::engine::docker::daemon::DAEMON_JSON => {
                self.world.daemon_json_write(&request.host, text, false)
            }
            None => self
                .world
                .file_write(&request.host, None, &request.path, text, false),
        };
        self.changed();
        saved.map_err(|e| cli::tools::editor::save_failed(request, &e.to_string()))
    }
}
