//! The terminal's words for the lesson commands (`lessons`, `lesson ID`, `hint`, `solution`,
//! `reset`, `next`): Berth's own, since no real tool has them. The session decides what
//! happened and passes plain data in (titles, counts, the hint's text, the goals still
//! missing); this module only writes it, so the cli names neither the session nor the
//! lessons.

use super::Output;

/// One row of `lessons`.
pub struct LessonRow<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub minutes: u32,
}

/// `lessons`: the catalogue.
pub fn list(rows: &[LessonRow<'_>]) -> Output {
    let mut o = Output::default();
    o.out("Lessons (type `lesson ID` to start one):");
    for row in rows {
        o.out(format!(
            "  {:<22} {} ({} min)",
            row.id, row.title, row.minutes
        ));
    }
    o
}

/// `lesson ID` opened the lesson at its first step.
pub fn started(title: &str, step_count: usize, step_title: &str, fell_back: bool) -> Output {
    let mut o = Output::default();
    o.out(format!(
        "Lesson: {title}. Step 1 of {step_count}: {step_title}"
    ));
    if fell_back {
        o.out("(This lesson is not translated yet: it is shown in English.)");
    }
    o
}

/// Why `lesson ID` could not open: no lesson has that id.
pub fn no_such_lesson(id: &str) -> String {
    format!("no lesson `{id}`: type `lessons` to see them")
}

/// A lesson command failed with `why`.
pub fn failed(why: &str) -> Output {
    Output::failed(format!("berth: {why}"), 1)
}

/// A step command with no lesson open.
pub fn none_open(word: &str) -> Output {
    Output::failed(
        format!("berth: {word}: no lesson is open. Type `lessons` to pick one."),
        1,
    )
}

/// `solution`: the step's commands, indented.
pub fn solution(step_title: &str, commands: &[String]) -> Output {
    let mut o = Output::default();
    o.out(format!("Solution to \"{step_title}\":"));
    for c in commands {
        o.out(format!("  {c}"));
    }
    o
}

/// `hint`: the step's first hint, if it has one.
pub fn hint(hint: Option<&str>) -> Output {
    let mut o = Output::default();
    match hint {
        Some(h) => o.out(format!("Hint: {h}")),
        None => o.out("No hint for this step: its goals are in the lesson pane."),
    }
    o
}

/// `reset`.
pub fn reset() -> Output {
    let mut o = Output::default();
    o.out("The lesson starts again from its first step.");
    o
}

/// `next` moved on to step `index` (counted from 1).
pub fn step(index: usize, count: usize, title: &str) -> Output {
    let mut o = Output::default();
    o.out(format!("Step {index} of {count}: {title}"));
    o
}

/// `next` on the last step, done.
pub fn lesson_done() -> Output {
    let mut o = Output::default();
    o.out("This was the last step: the lesson is done.");
    o
}

/// `next` before the step is done: each goal still missing, with why.
pub fn not_done(missing: &[(String, String)]) -> Output {
    let missing: Vec<String> = missing
        .iter()
        .map(|(goal, reason)| format!("{goal}: {reason}"))
        .collect();
    let mut o = Output::default();
    o.out(format!("This step is not done yet: {}", missing.join("; ")));
    o
}

/// A line that is no lesson command.
pub fn usage() -> Output {
    Output::failed(
        "berth: usage: lessons | lesson ID | hint | solution | reset | next".to_string(),
        1,
    )
}
