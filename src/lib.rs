//! Berth: a Docker networking and security playground that runs in the browser.
//!
//! The layers, one way only (see ARCHITECTURE.md):
//!
//! ```text
//! ui (Yew) ──► session ──► cli ──► engine        lessons: read-only views of the engine's world
//! ```
//!
//! - [`engine`] simulates Docker hosts in memory: pure Rust, no I/O, no clock, no OS randomness.
//! - [`cli`] turns a typed line into a command, runs it on the engine and formats Docker's text.
//! - [`golang`] holds Go's semantics Docker exposes (text/template, fmt, json, regexp): a leaf.
//! - [`session`] is one learner's state: the world, the history, the prompt.
//! - `ui` (only with the `web` feature) renders a session in the browser.

pub mod cli;
pub mod engine;
pub mod golang;
pub mod lessons;
pub mod session;
#[cfg(feature = "web")]
pub mod ui;
