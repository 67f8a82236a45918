//! The judgements behind `berth lesson check`, the checker a trainer runs before publishing
//! a lesson. They are pure: each reads a parsed [`Lesson`] or a step and a `&World`.
//!
//! The replay itself (a fresh lab seeded with the lesson's `seed`; for each step its `setup`
//! runs, its goals must not all hold yet, else the step teaches nothing, its `solution` runs,
//! and then every goal must hold) needs a terminal to type in, so it lives a layer up, in
//! `session::check`: lessons never name the session. A translation (`NN-slug.fr.md`) must have
//! the same steps, goals and solutions as its English file.

use super::format::{Diagnostic, Lesson, Step};
use crate::engine::World;

/// A step that cannot be replayed: no goals (a `check` block) or no solution. The replay
/// skips such a step after its setup.
pub fn step_blocks(step: &Step) -> Option<Diagnostic> {
    if step.goals.is_empty() {
        return Some(Diagnostic {
            line: step.line,
            message: format!("step \"{}\" has no goals (a `check` block)", step.title),
        });
    }
    if step.solution.is_empty() {
        return Some(Diagnostic {
            line: step.line,
            message: format!(
                "step \"{}\" has no solution (a `solution` block)",
                step.title
            ),
        });
    }
    None
}

/// A `setup` or `solution` command (`block`) ended with a non-zero status; `first_line` is
/// the first thing it printed.
pub fn command_failed(step: &Step, block: &str, command: &str, first_line: &str) -> Diagnostic {
    Diagnostic {
        line: step.line,
        message: format!("{block} command `{command}` failed: {first_line}"),
    }
}

/// Before its solution runs, a step's goals must not all hold already.
pub fn goals_before(step: &Step, world: &World) -> Option<Diagnostic> {
    step.goals
        .iter()
        .all(|g| g.goal.evaluate(world).holds)
        .then(|| Diagnostic {
            line: step.line,
            message: format!(
                "the goals of step \"{}\" already hold before its solution runs",
                step.title
            ),
        })
}

/// After its solution, every goal of a step must hold: one problem per goal that does not.
pub fn goals_after(step: &Step, world: &World) -> Vec<Diagnostic> {
    step.goals
        .iter()
        .filter_map(|goal| {
            let verdict = goal.goal.evaluate(world);
            (!verdict.holds).then(|| Diagnostic {
                line: goal.line,
                message: format!(
                    "after the solution, `{}` does not hold: {}",
                    goal.goal, verdict.reason
                ),
            })
        })
        .collect()
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
    if english.meta.images != translated.meta.images {
        problems.push(Diagnostic {
            line: 1,
            message: "the images declared differ from the English file's".to_string(),
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lessons::parse;

    const GOOD: &str = "+++\nid = \"t\"\ntitle = \"T\"\nsummary = \"s\"\nlevel = \"beginner\"\nminutes = 1\nseed = 1\n+++\n## Run it\n```check\ncontainer web is running\n```\n```solution\ndocker run -d --name web nginx\n```\n";

    fn first_step(text: &str) -> Step {
        let (lesson, problems) = parse(text);
        assert!(problems.is_empty(), "{problems:?}");
        lesson.steps.into_iter().next().unwrap()
    }

    #[test]
    fn goals_are_judged_on_the_world_before_and_after() {
        let step = first_step(GOOD);
        let world = World::new(1);
        assert_eq!(goals_before(&step, &world), None);
        let after = goals_after(&step, &world);
        assert_eq!(
            after.iter().map(ToString::to_string).collect::<Vec<_>>(),
            ["11: after the solution, `container web is running` does not hold: there is no container web yet"]
        );
        let absent = first_step(&GOOD.replace("is running", "is absent"));
        let before = goals_before(&absent, &world).map(|d| d.message);
        assert_eq!(
            before.as_deref(),
            Some("the goals of step \"Run it\" already hold before its solution runs")
        );
    }

    #[test]
    fn a_step_without_goals_or_solution_cannot_be_replayed() {
        assert_eq!(step_blocks(&first_step(GOOD)), None);
        let (lesson, _) =
            parse(&GOOD.replace("```solution\ndocker run -d --name web nginx\n```\n", ""));
        let step = lesson.steps.first().unwrap();
        assert!(step_blocks(step).is_some_and(|d| d.message.contains("has no solution")));
    }

    #[test]
    fn translations_must_match() {
        let (en, _) = parse(GOOD);
        let (fr, _) = parse(&GOOD.replace("container web is running", "container web is stopped"));
        assert_eq!(compare_translation(&en, &en), vec![]);
        assert_eq!(compare_translation(&en, &fr).len(), 1);
    }
}
