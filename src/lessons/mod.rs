//! Lessons: Markdown files that trainers write, checked against the engine's world.
//!
//! - [`format`](mod@format) reads a lesson file (`+++` TOML front matter, `## ` steps, Run blocks,
//!   `setup`, `check` and `solution` blocks) into a [`Lesson`], with every problem as a
//!   [`Diagnostic`] carrying its line number. Parsing never fails.
//! - [`goals`] are the declarative statements a `check` block lists; each judges the world
//!   (read-only) and explains itself when it does not hold.
//! - [`check`] is `berth lesson check`: lint, then replay every step in a fresh session and
//!   prove that its goals fail before its solution and pass after.
//!
//! - [`catalogue`] holds every lesson file, compiled in, so lessons work offline.
//! - [`render`] turns lesson prose into HTML that is safe to put in the page.

pub mod catalogue;
pub mod check;
pub mod format;
pub mod goals;
pub mod render;

pub use format::{parse, Diagnostic, Lesson, Step};
pub use goals::{Goal, Verdict};
