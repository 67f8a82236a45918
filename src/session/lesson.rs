//! The lesson a session runs: starting one on a fresh world from its front matter, its
//! steps' setups (run silently), judging the current step against the world, and the
//! `lesson` command typed at the prompt.

use super::*;

impl Session {
    /// A fresh world for a lesson: its seed, and the hosts its front matter names.
    pub(super) fn lesson_world(meta: &crate::lessons::format::Meta) -> World {
        let mut world = World::new(meta.seed);
        crate::lessons::images::declare(&mut world);
        // The lesson's own images, over the course's (a wrong one is left out: `berth
        // lesson check` says why, at its line).
        let _ = world.image_declare_all(&meta.images);
        for entry in &meta.hosts {
            let Some((host, os)) = crate::lessons::format::host_spec(entry) else {
                continue;
            };
            if world.host(host).is_err() {
                let _ = world.host_add(host, os);
            }
        }
        world
    }

    /// Starts a lesson by id: a fresh world from the lesson's seed, then the first step's
    /// setup, run silently.
    pub fn start_lesson(&mut self, id: &str) -> Result<(), String> {
        let (lesson, fell_back) = catalogue::lesson(id, &self.language)
            .ok_or_else(|| cli::lesson_text::no_such_lesson(id))?;
        self.world = Self::lesson_world(&lesson.meta);
        self.reset_terminals();
        self.lesson = Some(LessonState {
            lesson,
            step: 0,
            fell_back,
        });
        self.run_setup();
        Ok(())
    }

    /// Opens a lesson from its Markdown text (a trainer's local file): a fresh world from its
    /// seed, like a compiled-in lesson. The parse problems come back, with their lines; a
    /// lesson with problems still opens if it has steps, so the trainer sees both.
    pub fn preview_lesson(&mut self, text: &str) -> Vec<crate::lessons::Diagnostic> {
        let (lesson, problems) = crate::lessons::parse(text);
        if !lesson.steps.is_empty() {
            self.world = Self::lesson_world(&lesson.meta);
            self.reset_terminals();
            self.lesson = Some(LessonState {
                lesson,
                step: 0,
                fell_back: false,
            });
            self.run_setup();
        }
        problems
    }

    /// Shows lessons in this language from now on (`en`, `fr`), keeping the place.
    pub fn set_language(&mut self, language: &str) {
        self.language = language.to_string();
        if let Some(state) = &mut self.lesson {
            if let Some((lesson, fell_back)) = catalogue::lesson(&state.lesson.meta.id, language) {
                state.lesson = lesson;
                state.fell_back = fell_back;
            }
        }
        self.changed();
    }

    pub fn language(&self) -> &str {
        &self.language
    }

    /// Runs the current step's setup; the world (or at least the step) has changed.
    pub(super) fn run_setup(&mut self) {
        self.changed();
        let Some(state) = &self.lesson else { return };
        let setup = state
            .lesson
            .steps
            .get(state.step)
            .map(|s| s.setup.clone())
            .unwrap_or_default();
        // `ssh HOST` and `exit` in a setup block move the following lines to that host.
        let mut hosts = vec![DEFAULT_HOST.to_string()];
        for command in setup {
            cli::advance_clock(&mut self.world, SECONDS_PER_COMMAND);
            let here = hosts.last().cloned().unwrap_or_else(|| DEFAULT_HOST.into());
            let output = cli::run_line(&mut self.world, &here, &command);
            if let Some(next) = output.enter_host {
                hosts.push(next);
            } else if output.exit_shell && hosts.len() > 1 {
                hosts.pop();
            }
        }
    }

    /// Leaves the lesson; the world stays as it is.
    pub fn close_lesson(&mut self) {
        self.lesson = None;
        self.changed();
    }

    /// The lesson being followed.
    pub fn lesson(&self) -> Option<&LessonState> {
        self.lesson.as_ref()
    }

    /// The current step's goals, judged on the world as it is now (kept until it changes).
    pub fn lesson_status(&self) -> Option<LessonStatus> {
        // A goal that runs a command may read the clock, which every line moves.
        let clock = self.lesson.as_ref().and_then(|state| {
            let step = state.lesson.steps.get(state.step)?;
            step.goals
                .iter()
                .any(|g| matches!(g.goal, Goal::OutputContains { .. }))
                .then_some(self.world.now().0)
        });
        if let Some((version, at, status)) = &self.views.borrow().status {
            if *version == self.version && *at == clock {
                return status.clone();
            }
        }
        let status = self.judge_step();
        self.views.borrow_mut().status = Some((self.version, clock, status.clone()));
        status
    }

    /// The current step's goals, each judged by `lessons` on the world.
    pub(super) fn judge_step(&self) -> Option<LessonStatus> {
        let state = self.lesson.as_ref()?;
        let step = state.lesson.steps.get(state.step)?;
        let goals: Vec<(String, Verdict)> = step
            .goals
            .iter()
            .map(|g| {
                let text = g.message.clone().unwrap_or_else(|| g.goal.to_string());
                (text, g.goal.evaluate(&self.world))
            })
            .collect();
        let step_done = goals.iter().all(|(_, v)| v.holds);
        Some(LessonStatus {
            id: state.lesson.meta.id.clone(),
            title: state.lesson.meta.title.clone(),
            step_index: state.step,
            step_count: state.lesson.steps.len(),
            step_title: step.title.clone(),
            goals,
            step_done,
            lesson_done: step_done && state.step + 1 == state.lesson.steps.len(),
            fell_back: state.fell_back,
        })
    }

    /// Moves to the next step once the current one is done; runs its setup.
    pub fn next_step(&mut self) -> bool {
        let done = self
            .lesson_status()
            .is_some_and(|s| s.step_done && !s.lesson_done);
        if done {
            if let Some(state) = &mut self.lesson {
                state.step += 1;
            }
            self.run_setup();
        }
        done
    }

    /// `lessons`, `lesson ID`, `hint`, `solution`, `reset`, `next`: the terminal's way to the
    /// lesson pane's actions.
    pub(super) fn lesson_command(&mut self, words: &[&str]) -> cli::Output {
        use cli::lesson_text;
        match words {
            ["lessons"] => {
                let lessons = catalogue::list();
                let rows: Vec<lesson_text::LessonRow<'_>> = lessons
                    .iter()
                    .map(|lesson| lesson_text::LessonRow {
                        id: &lesson.meta.id,
                        title: &lesson.meta.title,
                        minutes: lesson.meta.minutes,
                    })
                    .collect();
                lesson_text::list(&rows)
            }
            ["lesson", id] => match self.start_lesson(id) {
                Ok(()) => match self.lesson_status() {
                    Some(s) => {
                        lesson_text::started(&s.title, s.step_count, &s.step_title, s.fell_back)
                    }
                    None => cli::Output::default(),
                },
                Err(e) => lesson_text::failed(&e),
            },
            [word] if self.lesson.is_none() => lesson_text::none_open(word),
            ["hint"] | ["solution"] => {
                let Some(state) = &self.lesson else {
                    return cli::Output::default();
                };
                let Some(step) = state.lesson.steps.get(state.step) else {
                    return cli::Output::default();
                };
                if words == ["solution"] {
                    lesson_text::solution(&step.title, &step.solution)
                } else {
                    let prose: String = step
                        .blocks
                        .iter()
                        .filter_map(|b| match b {
                            crate::lessons::format::Block::Prose(p) => Some(p.as_str()),
                            _ => None,
                        })
                        .collect::<Vec<_>>()
                        .join("\n");
                    let hints = crate::lessons::render::details_with(&prose, &["hint", "indice"]);
                    lesson_text::hint(hints.first().map(String::as_str))
                }
            }
            ["reset"] => match self.lesson.as_ref().map(|s| s.lesson.meta.id.clone()) {
                Some(id) => {
                    let _ = self.start_lesson(&id);
                    lesson_text::reset()
                }
                None => cli::Output::default(),
            },
            ["next"] => {
                if self.next_step() {
                    match self.lesson_status() {
                        Some(s) => lesson_text::step(s.step_index + 1, s.step_count, &s.step_title),
                        None => cli::Output::default(),
                    }
                } else {
                    match self.lesson_status() {
                        Some(s) if s.lesson_done => lesson_text::lesson_done(),
                        Some(s) => {
                            let missing: Vec<(String, String)> = s
                                .goals
                                .iter()
                                .filter(|(_, v)| !v.holds)
                                .map(|(t, v)| (t.clone(), v.reason.clone()))
                                .collect();
                            lesson_text::not_done(&missing)
                        }
                        None => {
                            let mut o = cli::Output::default();
                            o.out("");
                            o
                        }
                    }
                }
            }
            _ => lesson_text::usage(),
        }
    }
}
