//! Lessons: Markdown files that trainers write, checked against the engine's world.
//!
//! - [`format`](mod@format) reads a lesson file (`+++` TOML front matter, `## ` steps, Run blocks,
//!   `setup`, `check` and `solution` blocks) into a [`Lesson`], with every problem as a
//!   [`Diagnostic`] carrying its line number. Parsing never fails.
//! - [`goals`] are the declarative statements a `check` block lists; each judges the world
//!   (read-only) and explains itself when it does not hold.
//! - [`check`] holds the judgements of `berth lesson check`: a step that cannot be replayed,
//!   goals that already hold before the solution or do not hold after it, a translation that
//!   teaches another lesson. The replay that feeds them lives in `session::check`.
//!
//! Layers: `lessons` reads the engine's world and may run a line through `cli` (the one goal
//! `output of "COMMAND" contains TEXT` runs COMMAND on a copy of the world); it never names
//! `session` or `ui`. The session owns a learner's progress through a lesson and asks
//! `lessons` for judgements on a `&World`. The order is `ui → session → lessons → cli → engine`,
//! enforced by `tests/architecture.rs`.
//!
//! - [`catalogue`] holds every lesson file, compiled in, so lessons work offline.
//! - [`render`] turns lesson prose into HTML that is safe to put in the page.

pub mod catalogue;
pub mod check;
pub mod format;
pub mod goals;
pub mod images;
pub mod render;

pub use format::{parse, Diagnostic, Lesson, Step};
pub use goals::{Goal, Verdict};
