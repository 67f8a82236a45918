//! The browser UI (Yew). Components render and dispatch; every Docker rule lives below, in the
//! session, the CLI and the engine.
//!
//! - [`app`]: the page layout and the one reducer that owns the [`Session`](crate::session::Session).
//! - [`audit`]: the audit panel, the benchmark's findings with why they matter and the fix.
//! - [`editor`]: the editor panel `nano FILE` opens.
//! - [`lesson`]: the lesson picker and the current step with its goals.
//! - [`lines`]: the scrollback and history as persistent lists, so a command costs its own lines.
//! - [`terminal`]: prompt, scrollback, history keys.
//! - [`topology`]: the SVG picture of hosts, networks and containers.

pub mod app;
pub mod audit;
pub mod editor;
pub mod lesson;
pub mod lines;
pub mod terminal;
pub mod topology;

/// Mounts the app on the page's body.
pub fn start() {
    yew::Renderer::<app::App>::new().render();
}
