//! Lessons: Markdown files that trainers write, checked against the engine's world.
//!
//! Not built yet. The lesson format, the checker (`berth lesson check`) and the lesson pane
//! arrive with the lessons issue. This module will read the world through `&World` only, never
//! change it: a lesson judges the end state the learner built.
