//! Berth: a Docker networking and security playground that runs in the browser.
//!
//! The layers, one way only (see ARCHITECTURE.md):
//!
//! ```text
//! ui (Yew) ──► session ──► lessons ──► cli ──► engine ──► golang
//! ```
//!
//! Each layer names only the layers to its right (`tests/architecture.rs` checks it). The
//! session may also call the cli directly; lessons judge a `&World` and run a goal's command
//! through the cli on a copy.
//!
//! - [`engine`] simulates Docker hosts in memory: pure Rust, no I/O, no clock, no OS randomness.
//! - [`cli`] turns a typed line into a command, runs it on the engine and formats Docker's text.
//! - [`golang`] holds Go's semantics Docker exposes (text/template, fmt, json, regexp): a leaf.
//! - [`lessons`] reads trainers' lesson files and judges a world against their goals.
//! - [`session`] is one learner's state: the world, the terminals, the history, the lesson.
//! - `ui` (only with the `web` feature) renders a session in the browser.

pub mod cli;
pub mod engine;
pub mod golang;
pub mod lessons;
pub mod session;
#[cfg(feature = "web")]
pub mod ui;
