//! The page: a top bar, then the lesson pane, the terminal and the topology side by side.
//!
//! One reducer holds the learner's [`Session`]. Submitting a line is the only action; the reducer
//! hands it to `Session::submit` and keeps the returned turn as scrollback, so the UI never
//! decides anything about Docker.
//!
//! [`AppState`] is the page's only state, and [`AppState::reduce`] its only writer; components
//! receive pieces of it as props and keep no copy (the terminal keeps only its cursor in the
//! history). A command costs what it changed: the scrollback and history are persistent
//! [`Lines`], the topology and audit come shared from the session, which recomputes them only
//! when the world may have changed, and the lesson pane is rebuilt only when what it shows
//! (the session's version, the goals' verdicts, the finished lessons, the problems) moved.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;

use yew::prelude::*;

use crate::cli::Stream;
use crate::engine::lab::topology::Topology;
use crate::engine::security::audit::Report;
use crate::session::{LessonStatus, Session};

use super::audit::AuditPanel;
use super::lesson::{lesson_view, LessonPane, LessonView};
use super::lines::Lines;
use super::terminal::{LineKind, TermLine, Terminal};
use super::topology::TopologyView;

/// Where finished lessons are remembered in the browser.
const PROGRESS_KEY: &str = "berth.progress.v1";

/// Lines one paste may run: a pasted file of millions of lines must not freeze the page.
const MAX_PASTE_LINES: usize = 1_000;

/// How often a command in the foreground is ticked: one logical second per real one.
const TICK_MILLIS: i32 = 1_000;

/// Lines kept in the scrollback; older ones scroll away, as in a real terminal.
const SCROLLBACK_LIMIT: usize = 5_000;

pub enum Action {
    Submit(String),
    /// Ctrl-P Ctrl-Q: leave an attached container shell running.
    Detach,
    /// Ctrl-C: end the command in the foreground, or drop the line being typed.
    Interrupt,
    /// A second passes for the command in the foreground (the timer, while one runs).
    Tick,
    PickLesson(String),
    NextStep,
    ResetLesson,
    CloseLesson,
    /// Finished lessons read from localStorage, and a notice if the entry was unusable.
    LoadProgress(Vec<String>, Option<String>),
    /// A trainer's local lesson file.
    Preview(String),
    SetLanguage(String),
    /// Berth's own words in the terminal.
    Notice(String),
    /// Brings a host's terminal tab to the front.
    SelectTab(String),
    /// Lights the next hop of the packet path.
    AdvancePath,
    /// Plays the packet path again from its first hop.
    ReplayPath,
    /// `slow`, `normal`, `fast` or `step`.
    SetSpeed(String),
}

/// How the packet path plays: milliseconds per hop, or one hop per click.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Speed {
    Slow,
    Normal,
    Fast,
    Step,
}

impl Speed {
    fn millis(self) -> i32 {
        match self {
            Speed::Slow => 900,
            Speed::Normal => 450,
            Speed::Fast => 150,
            Speed::Step => 0,
        }
    }
}

/// The last packet path and how far it has played.
#[derive(Clone, PartialEq, Debug, Default)]
pub struct PathPlay {
    pub shown: crate::cli::render::path::PathShown,
    /// Hops lit so far.
    pub step: usize,
    /// Bumped on each new path or replay, so the timer restarts.
    pub run: u32,
}

impl PathPlay {
    pub fn done(&self) -> bool {
        self.step >= self.shown.marks.len()
    }
}

/// What the lesson pane was built from: the same again gives the same pane.
#[derive(Clone, PartialEq, Default)]
struct LessonKey {
    version: u64,
    status: Option<LessonStatus>,
    done: Vec<String>,
    problems: Vec<String>,
}

#[derive(Clone)]
pub struct AppState {
    /// Shared, not cloned per action: the reducer is its only writer.
    session: Rc<RefCell<Session>>,
    scrollback: Lines<TermLine>,
    /// The scrollback of each tab in the back, by host.
    parked: Rc<BTreeMap<String, Lines<TermLine>>>,
    /// One terminal tab per running host, and the one in front.
    tabs: Rc<Vec<String>>,
    /// The packet path of the last `ping` or `trace`, playing hop by hop.
    path: Rc<Option<PathPlay>>,
    speed: Speed,
    active_tab: AttrValue,
    prompt: AttrValue,
    history: Lines<String>,
    topology: Rc<Topology>,
    /// The audit of the terminal's host, refreshed with the topology.
    audit: Rc<Option<Report>>,
    lesson: Rc<LessonView>,
    lesson_key: Rc<LessonKey>,
    /// Ids of finished lessons.
    done: Rc<Vec<String>>,
    /// Problems of the previewed lesson file, as `line: message`.
    problems: Rc<Vec<String>>,
    /// A command runs in the foreground of the terminal in front: the timer ticks it.
    following: bool,
}

impl PartialEq for AppState {
    fn eq(&self, other: &Self) -> bool {
        self.scrollback == other.scrollback
            && Rc::ptr_eq(&self.tabs, &other.tabs)
            && Rc::ptr_eq(&self.path, &other.path)
            && self.speed == other.speed
            && self.active_tab == other.active_tab
            && Rc::ptr_eq(&self.topology, &other.topology)
            && Rc::ptr_eq(&self.audit, &other.audit)
            && Rc::ptr_eq(&self.lesson, &other.lesson)
            && Rc::ptr_eq(&self.done, &other.done)
            && self.following == other.following
    }
}

impl Default for AppState {
    fn default() -> Self {
        let session = Session::default();
        let prompt = AttrValue::from(session.prompt());
        let topology = session.topology();
        let audit = session.audit();
        let lesson = Rc::new(lesson_view(&session, &[], &[]));
        let lesson_key = Rc::new(lesson_key(&session, &[], &[]));
        let tabs = Rc::new(session.terminal_tabs());
        let active_tab = AttrValue::from(session.active_tab().to_string());
        AppState {
            path: Rc::new(None),
            speed: Speed::Normal,
            parked: Rc::new(BTreeMap::new()),
            tabs,
            active_tab,
            problems: Rc::new(Vec::new()),
            lesson,
            lesson_key,
            done: Rc::new(Vec::new()),
            session: Rc::new(RefCell::new(session)),
            scrollback: Lines::new([TermLine {
                kind: LineKind::Notice,
                text: crate::cli::notices::welcome(),
            }]),
            prompt,
            history: Lines::default(),
            topology,
            audit,
            following: false,
        }
    }
}

impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        match action {
            Action::SelectTab(host) => return self.select_tab(&host),
            Action::AdvancePath | Action::ReplayPath | Action::SetSpeed(_) => {
                return self.play(action)
            }
            _ => {}
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
            Action::Interrupt => session.interrupt(),
            Action::Tick => session.tick(),
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
            Action::Notice(text) => {
                notices.push(text);
                None
            }
            Action::SelectTab(_)
            | Action::AdvancePath
            | Action::ReplayPath
            | Action::SetSpeed(_) => None,
        };
        if let Some(status) = session.lesson_status().filter(|s| s.lesson_done) {
            if !done.contains(&status.id) {
                done.push(status.id);
            }
        }
        let notices = notices.into_iter().map(|text| TermLine {
            kind: LineKind::Notice,
            text,
        });
        let scrollback = match &turn {
            // `clear`: the screen starts empty again.
            Some(turn) if turn.clear => Lines::default(),
            Some(turn) => {
                // What a foreground command printed on a tick has no echo; a redrawn frame
                // replaces the previous one.
                let command = turn.echo.then(|| TermLine {
                    kind: LineKind::Command(turn.prompt.clone().into()),
                    text: turn.input.clone(),
                });
                let output = turn.output.iter().map(|l| TermLine {
                    kind: match l.stream {
                        Stream::Stdout => LineKind::Stdout,
                        Stream::Stderr => LineKind::Stderr {
                            failed: turn.exit_code != 0,
                        },
                    },
                    text: l.text.clone(),
                });
                self.scrollback
                    .without_last(turn.replaces)
                    .pushed(notices.chain(command).chain(output), SCROLLBACK_LIMIT)
            }
            None => self.scrollback.pushed(notices, SCROLLBACK_LIMIT),
        };
        // A new path plays from its first hop; any other command keeps the last one lit.
        let path = match turn.as_ref().and_then(|t| t.path.as_ref()) {
            Some(shown) => Rc::new(Some(PathPlay {
                shown: shown.clone(),
                step: if self.speed == Speed::Step { 1 } else { 0 },
                run: self.path.as_ref().as_ref().map_or(0, |p| p.run + 1),
            })),
            None if fresh_lab => Rc::new(None),
            None => self.path.clone(),
        };
        let new_history = session
            .history()
            .get(self.history.len()..)
            .unwrap_or_default();
        let key = lesson_key(&session, &done, &problems);
        let lesson = if key == *self.lesson_key {
            self.lesson.clone()
        } else {
            Rc::new(lesson_view(&session, &done, &problems))
        };
        let next = AppState {
            session: self.session.clone(),
            scrollback,
            parked: Rc::new(self.parked_after(&session, fresh_lab)),
            tabs: Rc::new(session.terminal_tabs()),
            active_tab: session.active_tab().to_string().into(),
            path,
            speed: self.speed,
            prompt: session.prompt().into(),
            history: self.history.pushed(new_history.iter().cloned(), usize::MAX),
            topology: session.topology(),
            audit: session.audit(),
            lesson,
            lesson_key: Rc::new(key),
            done: Rc::new(done),
            problems: Rc::new(problems),
            following: session.following(),
        };
        drop(session);
        Rc::new(next)
    }
}

/// What the lesson pane shows depends on: the session's version (the world, the lesson, its
/// step, the language), the goals' verdicts (a goal that runs a command can change with the
/// clock alone), the finished lessons and the previewed file's problems.
fn lesson_key(session: &Session, done: &[String], problems: &[String]) -> LessonKey {
    LessonKey {
        version: session.version(),
        status: session.lesson_status(),
        done: done.to_vec(),
        problems: problems.to_vec(),
    }
}

impl AppState {
    /// The packet path's controls: the next hop, a replay, the speed.
    fn play(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        let mut path = (*self.path).clone();
        match action {
            Action::AdvancePath => match &mut path {
                Some(p) if !p.done() => p.step += 1,
                _ => return self,
            },
            Action::ReplayPath => {
                if let Some(p) = &mut path {
                    p.step = usize::from(self.speed == Speed::Step);
                    p.run += 1;
                }
            }
            Action::SetSpeed(speed) => {
                next.speed = match speed.as_str() {
                    "slow" => Speed::Slow,
                    "fast" => Speed::Fast,
                    "step" => Speed::Step,
                    _ => Speed::Normal,
                };
            }
            _ => return self,
        }
        next.path = Rc::new(path);
        Rc::new(next)
    }

    /// The parked scrollbacks after an action: none on a fresh lab.
    fn parked_after(
        &self,
        session: &Session,
        fresh_lab: bool,
    ) -> BTreeMap<String, Lines<TermLine>> {
        if fresh_lab {
            BTreeMap::new()
        } else {
            self.parked_still_open(session)
        }
    }

    /// The parked scrollbacks of tabs whose host still runs.
    fn parked_still_open(&self, session: &Session) -> BTreeMap<String, Lines<TermLine>> {
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
            Lines::new([TermLine {
                kind: LineKind::Notice,
                text: crate::cli::notices::host_tab(host),
            }])
        });
        let next = AppState {
            session: self.session.clone(),
            scrollback,
            parked: Rc::new(parked),
            tabs: Rc::new(session.terminal_tabs()),
            active_tab: session.active_tab().to_string().into(),
            path: self.path.clone(),
            speed: self.speed,
            prompt: session.prompt().into(),
            history: self.history.clone(),
            topology: self.topology.clone(),
            audit: session.audit(),
            lesson: self.lesson.clone(),
            lesson_key: self.lesson_key.clone(),
            done: self.done.clone(),
            problems: self.problems.clone(),
            following: session.following(),
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
    let on_interrupt = {
        let state = state.dispatcher();
        Callback::from(move |()| state.dispatch(Action::Interrupt))
    };
    // A command in the foreground (`docker run` attached, `logs -f`, `stats`, `events`): one
    // tick a second, on the page's own interval timer (the packet path's, so no new crate).
    {
        let dispatcher = state.dispatcher();
        use_effect_with(state.following, move |&following| {
            let timer = following
                .then(|| start_timer(TICK_MILLIS, move || dispatcher.dispatch(Action::Tick)))
                .flatten();
            move || {
                if let Some((id, _callback)) = timer {
                    if let Some(window) = web_sys::window() {
                        window.clear_interval_with_handle(id);
                    }
                }
            }
        });
    }
    // A paste runs line by line, as typed: the session joins continued lines itself.
    let on_paste = {
        let state = state.dispatcher();
        Callback::from(move |lines: Vec<String>| {
            let total = lines.len();
            for line in lines.into_iter().take(MAX_PASTE_LINES) {
                state.dispatch(Action::Submit(line));
            }
            if total > MAX_PASTE_LINES {
                state.dispatch(Action::Notice(crate::cli::notices::paste_truncated(
                    total, MAX_PASTE_LINES,
                )));
            }
        })
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
    // The packet path plays one hop per tick until every hop is lit; `step` waits for clicks.
    {
        let dispatcher = state.dispatcher();
        let run = state.path.as_ref().as_ref().map(|p| p.run);
        let done = state.path.as_ref().as_ref().is_none_or(PathPlay::done);
        let millis = state.speed.millis();
        use_effect_with((run, done, millis), move |&(_, done, millis)| {
            let timer = (!done && millis > 0)
                .then(|| start_timer(millis, move || dispatcher.dispatch(Action::AdvancePath)))
                .flatten();
            move || {
                if let Some((id, _callback)) = timer {
                    if let Some(window) = web_sys::window() {
                        window.clear_interval_with_handle(id);
                    }
                }
            }
        });
    }
    let on_speed = {
        let state = state.dispatcher();
        Callback::from(move |e: Event| {
            let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
            state.dispatch(Action::SetSpeed(select.value()));
        })
    };
    let on_replay = {
        let state = state.dispatcher();
        Callback::from(move |_| state.dispatch(Action::ReplayPath))
    };
    let on_next_hop = {
        let state = state.dispatcher();
        Callback::from(move |_| state.dispatch(Action::AdvancePath))
    };
    let lit: Rc<Vec<crate::engine::lab::reach::Mark>> = Rc::new(
        state
            .path
            .as_ref()
            .as_ref()
            .map(|p| p.shown.marks.iter().take(p.step).cloned().collect())
            .unwrap_or_default(),
    );
    let path_failed = state
        .path
        .as_ref()
        .as_ref()
        .is_some_and(|p| p.done() && !p.shown.arrived);
    // The hop just lit: what it says, and the outer packet if it is inside a tunnel.
    let current = state.path.as_ref().as_ref().and_then(|p| {
        let index = p.step.checked_sub(1)?;
        Some((
            p.shown.texts.get(index).cloned().unwrap_or_default(),
            p.shown.encapsulations.get(index).cloned().flatten(),
        ))
    });
    let encapsulation = current.as_ref().and_then(|(_, e)| e.clone());
    let path_controls = state.path.as_ref().as_ref().map(|p| {
        let label = current.as_ref().map(|(t, _)| t.as_str()).unwrap_or_default();
        let status = crate::cli::render::path::playing(&p.shown, p.step, p.done(), label);
        html! {
            <div class="path-controls" aria-label="Packet path">
                <span class="path-title">{ "Packet path: " }<span class="path-status">{ status }</span></span>
                <label>
                    { "Speed " }
                    <select id="path-speed" onchange={on_speed.clone()}>
                        <option value="slow" selected={state.speed == Speed::Slow}>{ "slow" }</option>
                        <option value="normal" selected={state.speed == Speed::Normal}>{ "normal" }</option>
                        <option value="fast" selected={state.speed == Speed::Fast}>{ "fast" }</option>
                        <option value="step" selected={state.speed == Speed::Step}>{ "step" }</option>
                    </select>
                </label>
                if state.speed == Speed::Step && !p.done() {
                    <button class="next-hop" onclick={on_next_hop.clone()}>{ "Next hop" }</button>
                }
                <button class="replay" onclick={on_replay.clone()}>{ "Replay" }</button>
            </div>
        }
    });
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
                        {on_interrupt}
                        {on_paste}
                    />
                </section>
                <section class="pane topology-pane" aria-label="Topology">
                    { for path_controls }
                    <TopologyView topology={state.topology.clone()} {lit} {path_failed} {encapsulation} />
                    <AuditPanel report={state.audit.clone()} />
                </section>
            </main>
        </div>
    }
}

/// Calls `tick` every `millis` ms; the handle and the callback live until the effect ends.
fn start_timer(
    millis: i32,
    tick: impl FnMut() + 'static,
) -> Option<(i32, wasm_bindgen::closure::Closure<dyn FnMut()>)> {
    use wasm_bindgen::JsCast;
    let callback = wasm_bindgen::closure::Closure::<dyn FnMut()>::new(tick);
    let id = web_sys::window()?
        .set_interval_with_callback_and_timeout_and_arguments_0(
            callback.as_ref().unchecked_ref(),
            millis,
        )
        .ok()?;
    Some((id, callback))
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
        (Vec::new(), Some(crate::cli::notices::progress_unreadable()))
    }
}

fn save_progress(done: &[String]) {
    if let Some(storage) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) {
        let _ = storage.set_item(PROGRESS_KEY, &done.join(","));
    }
}
