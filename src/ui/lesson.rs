//! The lesson pane: the catalogue when no lesson is open, else the current step with its
//! Run buttons, its goals (a live check mark each, with the reason when a goal does not
//! hold) and what to do next. What the pane shows comes from the session
//! ([`Session::lesson_status`]) and the lessons module (the Markdown, already sanitised).

use std::rc::Rc;

use yew::prelude::*;

use crate::lessons::format::Block;
use crate::lessons::{catalogue, render};
use crate::session::Session;

/// A piece of the current step, ready to draw.
#[derive(Clone, PartialEq)]
pub enum ViewBlock {
    /// Sanitised HTML (see `lessons::render`).
    Html(AttrValue),
    Run(AttrValue),
}

#[derive(Clone, PartialEq)]
pub struct GoalView {
    pub text: AttrValue,
    pub holds: bool,
    pub reason: AttrValue,
}

#[derive(Clone, PartialEq)]
pub struct CatalogueEntry {
    pub id: AttrValue,
    pub title: AttrValue,
    pub summary: AttrValue,
    pub course: AttrValue,
    pub minutes: u32,
    pub done: bool,
}

/// Everything the pane draws, built from the session after each action.
#[derive(Clone, PartialEq)]
pub enum LessonView {
    /// The lessons, and the problems of a previewed file that has no step to show.
    Catalogue(Vec<CatalogueEntry>, Vec<AttrValue>),
    Step {
        /// Lint problems of a previewed file (`line: message`).
        problems: Vec<AttrValue>,
        title: AttrValue,
        step_title: AttrValue,
        step_index: usize,
        step_count: usize,
        intro: Option<AttrValue>,
        blocks: Vec<ViewBlock>,
        goals: Vec<GoalView>,
        step_done: bool,
        lesson_done: bool,
        fell_back: bool,
    },
}

/// The pane's content for a session and the lessons already finished.
pub fn lesson_view(session: &Session, done: &[String], problems: &[String]) -> LessonView {
    let problems: Vec<AttrValue> = problems
        .iter()
        .map(|p| AttrValue::from(p.clone()))
        .collect();
    let (Some(state), Some(status)) = (session.lesson(), session.lesson_status()) else {
        return LessonView::Catalogue(
            catalogue::list()
                .into_iter()
                .map(|english| {
                    catalogue::lesson(&english.meta.id, session.language())
                        .map_or(english, |(translated, _)| translated)
                })
                .map(|l| CatalogueEntry {
                    done: done.contains(&l.meta.id),
                    id: l.meta.id.into(),
                    title: l.meta.title.into(),
                    summary: l.meta.summary.into(),
                    course: l.meta.tags.first().cloned().unwrap_or_default().into(),
                    minutes: l.meta.minutes,
                })
                .collect(),
            problems,
        );
    };
    let step = state.lesson.steps.get(state.step);
    let blocks = step
        .map(|s| {
            s.blocks
                .iter()
                .map(|b| match b {
                    Block::Prose(md) => ViewBlock::Html(render::markdown_to_html(md).into()),
                    Block::Run(r) => ViewBlock::Run(r.command.clone().into()),
                })
                .collect()
        })
        .unwrap_or_default();
    LessonView::Step {
        problems,
        title: status.title.into(),
        step_title: status.step_title.into(),
        step_index: status.step_index,
        step_count: status.step_count,
        intro: (status.step_index == 0 && !state.lesson.intro.is_empty())
            .then(|| render::markdown_to_html(&state.lesson.intro).into()),
        blocks,
        goals: status
            .goals
            .into_iter()
            .map(|(text, v)| GoalView {
                text: text.into(),
                holds: v.holds,
                reason: v.reason.into(),
            })
            .collect(),
        step_done: status.step_done,
        lesson_done: status.lesson_done,
        fell_back: status.fell_back,
    }
}

#[derive(Properties, PartialEq)]
pub struct LessonPaneProps {
    pub view: Rc<LessonView>,
    pub on_pick: Callback<AttrValue>,
    pub on_run: Callback<String>,
    pub on_next: Callback<()>,
    pub on_reset: Callback<()>,
    pub on_close: Callback<()>,
    /// A local lesson file's text, to preview.
    pub on_preview: Callback<String>,
}

/// The problems of a previewed lesson file.
fn problem_list(problems: &[AttrValue]) -> Html {
    if problems.is_empty() {
        return Html::default();
    }
    html! {
        <div class="problems" role="alert">
            <p>{ format!("This lesson file has {} problem(s):", problems.len()) }</p>
            <ul>{ for problems.iter().map(|p| html! { <li><code>{ p.clone() }</code></li> }) }</ul>
        </div>
    }
}

#[component]
pub fn LessonPane(props: &LessonPaneProps) -> Html {
    match &*props.view {
        LessonView::Catalogue(entries, problems) => {
            // Reading a local file stays in the page: nothing is uploaded anywhere.
            let on_preview = props.on_preview.clone();
            let on_file = Callback::from(move |e: Event| {
                let input: web_sys::HtmlInputElement = e.target_unchecked_into();
                let Some(file) = input.files().and_then(|f| f.get(0)) else {
                    return;
                };
                let on_preview = on_preview.clone();
                wasm_bindgen_futures::spawn_local(async move {
                    if let Ok(text) = wasm_bindgen_futures::JsFuture::from(file.text()).await {
                        if let Some(text) = text.as_string() {
                            on_preview.emit(text);
                        }
                    }
                });
            });
            let mut courses: Vec<AttrValue> = Vec::new();
            for e in entries {
                if !courses.contains(&e.course) {
                    courses.push(e.course.clone());
                }
            }
            html! {
                <div class="catalogue">
                    <h2>{ "Lessons" }</h2>
                    <p class="muted">{ "Pick one, or type in the terminal: the simulated host answers either way." }</p>
                    { problem_list(problems) }
                    { for courses.iter().map(|course| html! {
                        <div class="course">
                            <h3>{ course.clone() }</h3>
                            <ul>
                                { for entries.iter().filter(|e| &e.course == course).map(|e| {
                                    let on_pick = props.on_pick.clone();
                                    let id = e.id.clone();
                                    html! {
                                        <li>
                                            <button class="lesson-link" data-lesson={e.id.clone()}
                                                    onclick={Callback::from(move |_| on_pick.emit(id.clone()))}>
                                                <span class="lesson-title">{ e.title.clone() }</span>
                                                if e.done { <span class="done-mark" title="done">{ " ✓" }</span> }
                                            </button>
                                            <span class="lesson-meta">{ format!("{} · {} min", e.summary, e.minutes) }</span>
                                        </li>
                                    }
                                }) }
                            </ul>
                        </div>
                    }) }
                    <label class="preview">
                        { "Preview a lesson file (.md) from your computer: " }
                        <input type="file" accept=".md,text/markdown" onchange={on_file} />
                    </label>
                </div>
            }
        }
        LessonView::Step {
            problems,
            title,
            step_title,
            step_index,
            step_count,
            intro,
            blocks,
            goals,
            step_done,
            lesson_done,
            fell_back,
        } => {
            let on_next = props.on_next.clone();
            let on_reset = props.on_reset.clone();
            let on_close = props.on_close.clone();
            html! {
                <div class="lesson-step">
                    <div class="lesson-head">
                        <button class="back" onclick={Callback::from(move |_| on_close.emit(()))}>{ "← Lessons" }</button>
                        <span class="progress">{ format!("Step {} of {}", step_index + 1, step_count) }</span>
                    </div>
                    <h2>{ title.clone() }</h2>
                    { problem_list(problems) }
                    if *fell_back {
                        <p class="notice">{ "This lesson is not translated yet: it is shown in English." }</p>
                    }
                    if let Some(intro) = intro {
                        <div class="prose">{ Html::from_html_unchecked(intro.clone()) }</div>
                    }
                    <h3>{ step_title.clone() }</h3>
                    { for blocks.iter().map(|b| match b {
                        ViewBlock::Html(h) => html! { <div class="prose">{ Html::from_html_unchecked(h.clone()) }</div> },
                        ViewBlock::Run(command) => {
                            let on_run = props.on_run.clone();
                            let c = command.to_string();
                            html! {
                                <div class="run-block">
                                    <code>{ command.clone() }</code>
                                    <button class="run" title="Type this command into the terminal"
                                            onclick={Callback::from(move |_| {
                                                on_run.emit(c.clone());
                                                focus_prompt();
                                            })}>{ "Run" }</button>
                                </div>
                            }
                        }
                    }) }
                    <ul class="goals" aria-live="polite">
                        { for goals.iter().map(|g| html! {
                            <li class={classes!("goal", if g.holds { "met" } else { "unmet" })}>
                                <span class="mark">{ if g.holds { "✓" } else { "○" } }</span>
                                <span class="goal-text">{ g.text.clone() }</span>
                                if !g.holds { <span class="why">{ g.reason.clone() }</span> }
                            </li>
                        }) }
                    </ul>
                    <div class="step-actions">
                        if *lesson_done {
                            <p class="complete">{ "Lesson complete. Well done!" }</p>
                        } else if *step_done {
                            <button class="next" onclick={Callback::from(move |_| on_next.emit(()))}>{ "Next step →" }</button>
                        }
                        <button class="reset" onclick={Callback::from(move |_| on_reset.emit(()))}>{ "Start again" }</button>
                    </div>
                </div>
            }
        }
    }
}

/// The focus back to the terminal's prompt after a Run button: a Space or Enter next types
/// there instead of pressing the button again (which would run the block twice).
fn focus_prompt() {
    use wasm_bindgen::JsCast;
    let input = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("terminal-input"))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(input) = input {
        let _ = input.focus();
    }
}
