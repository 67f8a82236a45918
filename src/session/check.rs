//! `berth lesson check`'s replay: what a trainer runs before publishing a lesson.
//!
//! For each file: every parse problem with its line; then a replay in a fresh session on the
//! lesson's lab (its `seed` and hosts): for each step, its `setup` runs, its goals must not all
//! hold yet (else the step teaches nothing), its `solution` runs, and then every goal must
//! hold. Lines are typed through [`Session::submit`], as a learner types them, so `ssh` and
//! `exit` in a block move the terminal as they would in the browser.
//!
//! The replay lives here, above `lessons`, because it needs a terminal; every judgement it
//! makes is one of `lessons::check`'s, on the session's `&World`.

use super::{Session, Turn};
use crate::lessons::check::{command_failed, goals_after, goals_before, step_blocks};
use crate::lessons::{parse, Diagnostic, Lesson};

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
                problems.push(command_failed(step, "setup", command, &first_line(&turn)));
            }
        }
        if let Some(problem) = step_blocks(step) {
            problems.push(problem);
            continue;
        }
        problems.extend(goals_before(step, session.world()));
        for command in &step.solution {
            let turn = session.submit(command);
            if turn.exit_code != 0 {
                problems.push(command_failed(
                    step,
                    "solution",
                    command,
                    &first_line(&turn),
                ));
            }
        }
        problems.extend(goals_after(step, session.world()));
    }
    (lesson, problems)
}

fn first_line(turn: &Turn) -> String {
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
    fn a_failing_solution_command_is_reported_with_what_it_printed() {
        let text = GOOD.replace("docker run -d --name web nginx", "docker frobnicate");
        let (_, problems) = check_lesson(&text);
        assert!(
            problems.iter().any(|p| p
                .message
                .starts_with("solution command `docker frobnicate` failed: ")),
            "{problems:?}"
        );
    }
}
