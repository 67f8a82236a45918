//! The terminal's lesson commands (`lessons`, `lesson ID`, `hint`, `solution`, `next`,
//! `reset`), byte for byte: each line and exit code, as data. The words live in
//! `cli/lesson_text.rs`; the session passes it the titles, counts and goals.

// Test code: a failed unwrap or index is a failed test, which is what we want here.
#![allow(
    clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing
)]

use berth::session::Session;

/// Runs `line` and compares its output lines and exit code.
fn check(s: &mut Session, line: &str, want: &[String], code: i32) {
    let turn = s.submit(line);
    let got: Vec<String> = turn.output.iter().map(|l| l.text.clone()).collect();
    assert_eq!(got, want, "output of `{line}`");
    assert_eq!(turn.exit_code, code, "exit code of `{line}`");
}

fn lines(texts: &[&str]) -> Vec<String> {
    texts.iter().map(|t| t.to_string()).collect()
}

#[test]
fn lesson_commands_print_their_exact_texts() {
    let mut s = Session::new(1);
    for word in ["hint", "solution", "next", "reset"] {
        check(
            &mut s,
            word,
            &[format!(
                "berth: {word}: no lesson is open. Type `lessons` to pick one."
            )],
            1,
        );
    }
    check(
        &mut s,
        "lesson nosuch",
        &lines(&["berth: no lesson `nosuch`: type `lessons` to see them"]),
        1,
    );
    check(
        &mut s,
        "lesson a b",
        &lines(&["berth: usage: lessons | lesson ID | hint | solution | reset | next"]),
        1,
    );
    let list = s.submit("lessons");
    assert_eq!(
        list.output.first().map(|l| l.text.as_str()),
        Some("Lessons (type `lesson ID` to start one):")
    );
    assert!(list
        .output
        .iter()
        .skip(1)
        .any(|l| l.text.starts_with("  names-not-numbers      ") && l.text.ends_with(" min)")));

    s.submit("lesson names-not-numbers");
    let status = s.lesson_status().unwrap();
    let (title, count, first) = (status.title, status.step_count, status.step_title);
    s.submit("reset");
    check(
        &mut s,
        "lesson names-not-numbers",
        &[format!("Lesson: {title}. Step 1 of {count}: {first}")],
        0,
    );
    check(
        &mut s,
        "reset",
        &lines(&["The lesson starts again from its first step."]),
        0,
    );
    let step = s.lesson().unwrap().lesson.steps[0].clone();
    let mut want = vec![format!("Solution to \"{}\":", step.title)];
    want.extend(step.solution.iter().map(|c| format!("  {c}")));
    check(&mut s, "solution", &want, 0);
    let hint = s.submit("hint");
    assert_eq!(hint.output.len(), 1);
    assert!(
        hint.output[0].text.starts_with("Hint: ")
            || hint.output[0].text == "No hint for this step: its goals are in the lesson pane.",
        "{}",
        hint.output[0].text
    );
    let missing: Vec<String> = s
        .lesson_status()
        .unwrap()
        .goals
        .iter()
        .filter(|(_, v)| !v.holds)
        .map(|(t, v)| format!("{t}: {}", v.reason))
        .collect();
    check(
        &mut s,
        "next",
        &[format!("This step is not done yet: {}", missing.join("; "))],
        0,
    );
    for line in &step.solution {
        s.submit(line);
    }
    let second = s.lesson().unwrap().lesson.steps[1].title.clone();
    check(&mut s, "next", &[format!("Step 2 of {count}: {second}")], 0);
}
