//! `berth lesson check`: what a trainer runs before publishing a lesson.
//!
//! For each file: every parse problem with its line; then a replay in a fresh session seeded
//! with the lesson's `seed`: for each step, its `setup` runs, its goals must not all hold yet
//! (else the step teaches nothing), its `solution` runs, and then every goal must hold. A
//! translation (`NN-slug.fr.md`) must have the same steps, goals and solutions as its English
//! file.

use super::format::{parse, Diagnostic, Lesson};
use crate::session::Session;

/// Lints and replays one lesson; returns every problem.
pub fn check_lesson(text: &str) -> (Lesson, Vec<Diagnostic>) {
    let (lesson, mut problems) = parse(text);
    if !problems.is_empty() {
        return (lesson, problems);
    }
    let mut session = Session::for_lab(&lesson.meta);
    for step in &lesson.steps {
        for command in &step.setup {
            let turn = session.submit(command);
            if turn.exit_code != 0 {
                problems.push(Diagnostic {
                    line: step.line,
                    message: format!("setup command `{command}` failed: {}", first_line(&turn)),
                });
            }
        }
        if step.goals.is_empty() {
            problems.push(Diagnostic {
                line: step.line,
                message: format!("step \"{}\" has no goals (a `check` block)", step.title),
            });
            continue;
        }
        if step.solution.is_empty() {
            problems.push(Diagnostic {
                line: step.line,
                message: format!(
                    "step \"{}\" has no solution (a `solution` block)",
                    step.title
                ),
            });
            continue;
        }
        if step
            .goals
            .iter()
            .all(|g| g.goal.evaluate(session.world()).holds)
        {
            problems.push(Diagnostic {
                line: step.line,
                message: format!(
                    "the goals of step \"{}\" already hold before its solution runs",
                    step.title
                ),
            });
        }
        for command in &step.solution {
            let turn = session.submit(command);
            if turn.exit_code != 0 {
                problems.push(Diagnostic {
                    line: step.line,
                    message: format!("solution command `{command}` failed: {}", first_line(&turn)),
                });
            }
        }
        for goal in &step.goals {
            let verdict = goal.goal.evaluate(session.world());
            if !verdict.holds {
                problems.push(Diagnostic {
                    line: goal.line,
                    message: format!(
                        "after the solution, `{}` does not hold: {}",
                        goal.goal, verdict.reason
                    ),
                });
            }
        }
    }
    (lesson, problems)
}

/// A translation must teach the same lesson: the same steps, goals and solutions.
pub fn compare_translation(english: &Lesson, translated: &Lesson) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    if english.meta.id != translated.meta.id {
        problems.push(Diagnostic {
            line: 2,
            message: format!(
                "id `{}` differs from the English file's `{}`",
                translated.meta.id, english.meta.id
            ),
        });
    }
    if english.steps.len() != translated.steps.len() {
        problems.push(Diagnostic {
            line: 1,
            message: format!(
                "{} steps, but the English file has {}",
                translated.steps.len(),
                english.steps.len()
            ),
        });
        return problems;
    }
    for (en, tr) in english.steps.iter().zip(&translated.steps) {
        let goals = |s: &super::Step| s.goals.iter().map(|g| g.goal.clone()).collect::<Vec<_>>();
        if goals(en) != goals(tr) {
            problems.push(Diagnostic {
                line: tr.line,
                message: format!(
                    "step \"{}\" has other goals than the English step \"{}\"",
                    tr.title, en.title
                ),
            });
        }
        if en.solution != tr.solution || en.setup != tr.setup {
            problems.push(Diagnostic {
                line: tr.line,
                message: format!(
                    "step \"{}\" has another setup or solution than the English step \"{}\"",
                    tr.title, en.title
                ),
            });
        }
    }
    problems
}

fn first_line(turn: &crate::session::Turn) -> String {
    turn.output
        .iter()
        .find(|l| !l.text.is_empty())
        .map(|l| l.text.clone())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = "+++\nid = \"t\"\ntitle = \"T\"\nsummary = \"s\"\nlevel = \"beginner\"\nminutes = 1\nseed = 1\n+++\n## Run it\n```check\ncontainer web is running\n```\n```solution\ndocker run -d --name web nginx\n```\n";

    #[test]
    fn a_good_lesson_passes() {
        let (_, problems) = check_lesson(GOOD);
        assert!(problems.is_empty(), "{problems:?}");
    }

    #[test]
    fn a_solution_that_does_not_solve_is_reported() {
        let text = GOOD.replace(
            "docker run -d --name web nginx",
            "docker run -d --name other nginx",
        );
        let (_, problems) = check_lesson(&text);
        let all = problems
            .iter()
            .map(|p| p.to_string())
            .collect::<Vec<_>>()
            .join("\n");
        assert!(all.contains("11: after the solution, `container web is running` does not hold: there is no container web yet"), "{all}");
    }

    #[test]
    fn goals_that_hold_from_the_start_are_reported() {
        let text = GOOD.replace("container web is running", "container web is absent");
        let (_, problems) = check_lesson(&text);
        assert!(
            problems
                .iter()
                .any(|p| p.message.contains("already hold before")),
            "{problems:?}"
        );
    }

    #[test]
    fn translations_must_match() {
        let (en, _) = parse(GOOD);
        let (fr, _) = parse(&GOOD.replace("container web is running", "container web is stopped"));
        assert_eq!(compare_translation(&en, &en), vec![]);
        assert_eq!(compare_translation(&en, &fr).len(), 1);
    }
}
