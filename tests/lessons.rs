//! Every lesson under `lessons/` passes the trainers' checker: it parses without a problem,
//! each step's goals fail before its solution and hold after it, and each translation
//! teaches the same steps as its English file.

// Test code: a failed unwrap or index is a failed test, which is what we want here.
#![allow(
    clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing
)]

use std::fs;
use std::path::Path;

use berth::lessons::check::{check_lesson, compare_translation};
use berth::lessons::parse;

#[test]
fn every_lesson_replays_its_own_solution() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("lessons");
    let mut files: Vec<_> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.extension().is_some_and(|e| e == "md")
                && p.file_name().is_some_and(|n| n != "README.md")
        })
        .collect();
    files.sort();
    let english: Vec<_> = files
        .iter()
        .filter(|f| !f.to_string_lossy().ends_with(".fr.md"))
        .collect();
    assert!(
        english.len() >= 6,
        "the addressing course has at least 6 lessons"
    );
    let mut problems = Vec::new();
    for file in &files {
        let text = fs::read_to_string(file).unwrap();
        let (lesson, found) = check_lesson(&text);
        assert!(
            lesson.steps.len() >= 3,
            "{}: at least 3 steps",
            file.display()
        );
        problems.extend(found.into_iter().map(|p| format!("{}:{p}", file.display())));
        let name = file.to_string_lossy();
        if let Some(base) = name.strip_suffix(".fr.md") {
            let (en, _) = parse(&fs::read_to_string(format!("{base}.md")).unwrap());
            problems.extend(
                compare_translation(&en, &lesson)
                    .into_iter()
                    .map(|p| format!("{}:{p}", file.display())),
            );
        } else {
            assert!(
                Path::new(&name.replace(".md", ".fr.md")).exists(),
                "{} has a French translation",
                file.display()
            );
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
