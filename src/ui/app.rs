//! The page: a top bar, then the lesson pane, the terminal and the topology side by side.
//!
//! One reducer holds the learner's [`Session`]. Submitting a line is the only action; the reducer
//! hands it to `Session::submit` and keeps the returned turn as scrollback, so the UI never
//! decides anything about Docker.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;

use yew::prelude::*;

use crate::cli::Stream;
use crate::engine::topology::Topology;
use crate::session::Session;

use super::lesson::{lesson_view, LessonPane, LessonView};
use super::terminal::{LineKind, TermLine, Terminal};
use super::topology::TopologyView;

/// Where finished lessons are remembered in the browser.
const PROGRESS_KEY: &str = "berth.progress.v1";

/// Lines kept in the scrollback; older ones scroll away, as in a real terminal.
const SCROLLBACK_LIMIT: usize = 5_000;

pub enum Action {
    Submit(String),
    /// Ctrl-P Ctrl-Q: leave an attached container shell running.
    Detach,
    PickLesson(String),
    NextStep,
    ResetLesson,
    CloseLesson,
    /// Finished lessons read from localStorage, and a notice if the entry was unusable.
    LoadProgress(Vec<String>, Option<String>),
    /// A trainer's local lesson file.
    Preview(String),
    SetLanguage(String),
    /// Brings a host's terminal tab to the front.
    SelectTab(String),
}

#[derive(Clone)]
pub struct AppState {
    /// Shared, not cloned per action: the reducer is its only writer.
    session: Rc<RefCell<Session>>,
    scrollback: Rc<Vec<TermLine>>,
    /// The scrollback of each tab in the back, by host.
    parked: Rc<BTreeMap<String, Rc<Vec<TermLine>>>>,
    /// One terminal tab per running host, and the one in front.
    tabs: Rc<Vec<String>>,
    active_tab: AttrValue,
    prompt: AttrValue,
    history: Rc<Vec<String>>,
    topology: Rc<Topology>,
    lesson: Rc<LessonView>,
    /// Ids of finished lessons.
    done: Rc<Vec<String>>,
    /// Problems of the previewed lesson file, as `line: message`.
    problems: Rc<Vec<String>>,
}

impl PartialEq for AppState {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.scrollback, &other.scrollback)
            && Rc::ptr_eq(&self.tabs, &other.tabs)
            && self.active_tab == other.active_tab
            && Rc::ptr_eq(&self.topology, &other.topology)
            && Rc::ptr_eq(&self.lesson, &other.lesson)
            && Rc::ptr_eq(&self.done, &other.done)
    }
}

impl Default for AppState {
    fn default() -> Self {
        let session = Session::default();
        let prompt = AttrValue::from(session.prompt());
        let topology = Rc::new(session.topology());
        let lesson = Rc::new(lesson_view(&session, &[], &[]));
        let tabs = Rc::new(session.terminal_tabs());
        let active_tab = AttrValue::from(session.active_tab().to_string());
        AppState {
            parked: Rc::new(BTreeMap::new()),
            tabs,
            active_tab,
            problems: Rc::new(Vec::new()),
            lesson,
            done: Rc::new(Vec::new()),
            session: Rc::new(RefCell::new(session)),
            scrollback: Rc::new(vec![TermLine {
                kind: LineKind::Notice,
                text: "Welcome to Berth: a simulated Docker host. Type `help` to see what works."
                    .into(),
            }]),
            prompt,
            history: Rc::new(Vec::new()),
            topology,
        }
    }
}

impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        if let Action::SelectTab(host) = action {
            return self.select_tab(&host);
        }
        let mut session = self.session.borrow_mut();
        let mut done = (*self.done).clone();
        let mut notices: Vec<String> = Vec::new();
        let mut problems = (*self.problems).clone();
        // A lesson starts on a fresh lab: the other tabs' screens belong to the old one.
        let fresh_lab = matches!(
            action,
            Action::PickLesson(_) | Action::Preview(_) | Action::ResetLesson
        );
        let turn = match action {
            Action::Submit(line) => Some(session.submit(&line)),
            Action::Detach => session.detach(),
            Action::PickLesson(id) => {
                problems.clear();
                Some(session.submit(&format!("lesson {id}")))
            }
            Action::Preview(text) => {
                problems = session
                    .preview_lesson(&text)
                    .iter()
                    .map(|d| d.to_string())
                    .collect();
                None
            }
            Action::SetLanguage(language) => {
                session.set_language(&language);
                None
            }
            Action::NextStep => Some(session.submit("next")),
            Action::ResetLesson => Some(session.submit("reset")),
            Action::CloseLesson => {
                session.close_lesson();
                problems.clear();
                None
            }
            Action::LoadProgress(saved, notice) => {
                done = saved;
                notices.extend(notice);
                None
            }
            Action::SelectTab(_) => None,
        };
        if let Some(status) = session.lesson_status().filter(|s| s.lesson_done) {
            if !done.contains(&status.id) {
                done.push(status.id);
            }
        }
        let mut scrollback = (*self.scrollback).clone();
        scrollback.extend(notices.into_iter().map(|text| TermLine {
            kind: LineKind::Notice,
            text,
        }));
        let Some(turn) = turn else {
            let next = AppState {
                session: self.session.clone(),
                scrollback: Rc::new(scrollback),
                parked: Rc::new(if fresh_lab {
                    BTreeMap::new()
                } else {
                    self.parked_still_open(&session)
                }),
                tabs: Rc::new(session.terminal_tabs()),
                active_tab: session.active_tab().to_string().into(),
                prompt: session.prompt().into(),
                history: self.history.clone(),
                topology: Rc::new(session.topology()),
                lesson: Rc::new(lesson_view(&session, &done, &problems)),
                done: Rc::new(done),
                problems: Rc::new(problems),
            };
            drop(session);
            return Rc::new(next);
        };
        let mut scrollback = if turn.clear {
            Vec::new()
        } else {
            let mut lines = scrollback;
            lines.push(TermLine {
                kind: LineKind::Command(turn.prompt.clone().into()),
                text: turn.input.clone(),
            });
            lines.extend(turn.output.iter().map(|l| TermLine {
                kind: match l.stream {
                    Stream::Stdout => LineKind::Stdout,
                    Stream::Stderr => LineKind::Stderr {
                        failed: turn.exit_code != 0,
                    },
                },
                text: l.text.clone(),
            }));
            lines
        };
        if scrollback.len() > SCROLLBACK_LIMIT {
            let excess = scrollback.len() - SCROLLBACK_LIMIT;
            scrollback.drain(..excess);
        }
        let next = AppState {
            session: self.session.clone(),
            scrollback: Rc::new(scrollback),
            parked: Rc::new(if fresh_lab {
                BTreeMap::new()
            } else {
                self.parked_still_open(&session)
            }),
            tabs: Rc::new(session.terminal_tabs()),
            active_tab: session.active_tab().to_string().into(),
            prompt: session.prompt().into(),
            history: Rc::new(session.history().to_vec()),
            topology: Rc::new(session.topology()),
            lesson: Rc::new(lesson_view(&session, &done, &problems)),
            done: Rc::new(done),
            problems: Rc::new(problems),
        };
        drop(session);
        Rc::new(next)
    }
}

impl AppState {
    /// The parked scrollbacks of tabs whose host still runs.
    fn parked_still_open(&self, session: &Session) -> BTreeMap<String, Rc<Vec<TermLine>>> {
        let tabs = session.terminal_tabs();
        self.parked
            .iter()
            .filter(|(host, _)| tabs.contains(host))
            .map(|(host, lines)| (host.clone(), lines.clone()))
            .collect()
    }

    /// Parks the scrollback in front and brings `host`'s forward (a new tab starts with a
    /// line saying where it is).
    fn select_tab(self: Rc<Self>, host: &str) -> Rc<Self> {
        let mut session = self.session.borrow_mut();
        let before = session.active_tab().to_string();
        if before == host || !session.select_tab(host) {
            drop(session);
            return self;
        }
        let mut parked = self.parked_still_open(&session);
        parked.insert(before, self.scrollback.clone());
        let scrollback = parked.remove(host).unwrap_or_else(|| {
            Rc::new(vec![TermLine {
                kind: LineKind::Notice,
                text: format!("A terminal on {host}. Each host has its own tab; `ssh` works too."),
            }])
        });
        let next = AppState {
            session: self.session.clone(),
            scrollback,
            parked: Rc::new(parked),
            tabs: Rc::new(session.terminal_tabs()),
            active_tab: session.active_tab().to_string().into(),
            prompt: session.prompt().into(),
            history: self.history.clone(),
            topology: self.topology.clone(),
            lesson: self.lesson.clone(),
            done: self.done.clone(),
            problems: self.problems.clone(),
        };
        drop(session);
        Rc::new(next)
    }
}

#[component]
pub fn App() -> Html {
    let state = use_reducer(AppState::default);
    let on_submit = {
        let state = state.dispatcher();
        Callback::from(move |line: String| state.dispatch(Action::Submit(line)))
    };
    let on_detach = {
        let state = state.dispatcher();
        Callback::from(move |()| state.dispatch(Action::Detach))
    };
    // Progress: read once on load (a corrupt or old entry is ignored, with a notice), written
    // whenever the set of finished lessons changes.
    {
        let dispatcher = state.dispatcher();
        use_effect_with((), move |_| {
            let (done, notice) = load_progress();
            dispatcher.dispatch(Action::LoadProgress(done, notice));
        });
    }
    use_effect_with(state.done.clone(), |done| save_progress(done));
    let dispatch = |make: fn(String) -> Action| {
        let state = state.dispatcher();
        Callback::from(move |value: String| state.dispatch(make(value)))
    };
    let on_pick = {
        let state = state.dispatcher();
        Callback::from(move |id: AttrValue| state.dispatch(Action::PickLesson(id.to_string())))
    };
    let on_run = dispatch(Action::Submit);
    let unit = |action: fn() -> Action| {
        let state = state.dispatcher();
        Callback::from(move |()| state.dispatch(action()))
    };
    let on_next = unit(|| Action::NextStep);
    let on_reset = unit(|| Action::ResetLesson);
    let on_close = unit(|| Action::CloseLesson);
    let on_preview = dispatch(Action::Preview);
    let on_language = {
        let state = state.dispatcher();
        Callback::from(move |e: Event| {
            let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
            state.dispatch(Action::SetLanguage(select.value()));
        })
    };
    html! {
        <div class="app">
            <header class="topbar">
                <span class="brand">{ "Berth" }</span>
                <span class="tagline">{ "Docker networking and security, simulated in your browser" }</span>
                <label class="language">
                    { "Lessons in " }
                    <select id="language" onchange={on_language} aria-label="Language of the lessons">
                        <option value="en" selected=true>{ "English" }</option>
                        <option value="fr">{ "Français" }</option>
                    </select>
                </label>
            </header>
            <main class="panes">
                <section class="pane lesson" aria-label="Lesson">
                    <LessonPane view={state.lesson.clone()} {on_pick} {on_run} {on_next} {on_reset} {on_close} {on_preview} />
                </section>
                <section class="pane terminal-pane" aria-label="Terminal">
                    <div class="tabs" role="tablist" aria-label="Terminals, one per host">
                        { for state.tabs.iter().map(|host| {
                            let selected = *host == state.active_tab.as_str();
                            let onclick = {
                                let state = state.dispatcher();
                                let host = host.clone();
                                Callback::from(move |_| {
                                    state.dispatch(Action::SelectTab(host.clone()));
                                    focus_terminal();
                                })
                            };
                            html! {
                                <button class={classes!("tab", selected.then_some("active"))} role="tab"
                                        aria-selected={selected.to_string()} data-host={host.clone()} {onclick}>
                                    { host.clone() }
                                </button>
                            }
                        }) }
                    </div>
                    <Terminal
                        lines={state.scrollback.clone()}
                        prompt={state.prompt.clone()}
                        history={state.history.clone()}
                        {on_submit}
                        {on_detach}
                    />
                </section>
                <section class="pane topology-pane" aria-label="Topology">
                    <TopologyView topology={state.topology.clone()} />
                </section>
            </main>
        </div>
    }
}

/// Typing goes on in the terminal after a click elsewhere (a tab).
fn focus_terminal() {
    use wasm_bindgen::JsCast;
    let input = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("terminal-input"))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(input) = input {
        let _ = input.focus();
    }
}

/// Finished lessons from localStorage: a comma-separated list of lesson ids. Anything else
/// (an old format, a hand edit) is ignored, with a notice.
fn load_progress() -> (Vec<String>, Option<String>) {
    let storage = web_sys::window().and_then(|w| w.local_storage().ok().flatten());
    let Some(raw) = storage.and_then(|s| s.get_item(PROGRESS_KEY).ok().flatten()) else {
        return (Vec::new(), None);
    };
    let known: Vec<String> = crate::lessons::catalogue::list()
        .into_iter()
        .map(|l| l.meta.id)
        .collect();
    let ids: Vec<String> = raw
        .split(',')
        .filter(|s| !s.is_empty())
        .map(String::from)
        .collect();
    if ids.iter().all(|id| known.contains(id)) {
        (ids, None)
    } else {
        (
            Vec::new(),
            Some("Saved lesson progress could not be read and was ignored.".to_string()),
        )
    }
}

fn save_progress(done: &[String]) {
    if let Some(storage) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) {
        let _ = storage.set_item(PROGRESS_KEY, &done.join(","));
    }
}
