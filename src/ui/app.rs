//! The page: a top bar, then the lesson pane, the terminal and the topology side by side.
//!
//! One reducer holds the learner's [`Session`]. Submitting a line is the only action; the reducer
//! hands it to `Session::submit` and keeps the returned turn as scrollback, so the UI never
//! decides anything about Docker.

use std::cell::RefCell;
use std::rc::Rc;

use yew::prelude::*;

use crate::cli::Stream;
use crate::engine::topology::Topology;
use crate::session::Session;

use super::terminal::{LineKind, TermLine, Terminal};
use super::topology::TopologyView;

/// Lines kept in the scrollback; older ones scroll away, as in a real terminal.
const SCROLLBACK_LIMIT: usize = 5_000;

pub enum Action {
    Submit(String),
    /// Ctrl-P Ctrl-Q: leave an attached container shell running.
    Detach,
}

#[derive(Clone)]
pub struct AppState {
    /// Shared, not cloned per action: the reducer is its only writer.
    session: Rc<RefCell<Session>>,
    scrollback: Rc<Vec<TermLine>>,
    prompt: AttrValue,
    history: Rc<Vec<String>>,
    topology: Rc<Topology>,
}

impl PartialEq for AppState {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.scrollback, &other.scrollback)
            && Rc::ptr_eq(&self.topology, &other.topology)
    }
}

impl Default for AppState {
    fn default() -> Self {
        let session = Session::default();
        let prompt = AttrValue::from(session.prompt());
        let topology = Rc::new(session.topology());
        AppState {
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
        let mut session = self.session.borrow_mut();
        let turn = match action {
            Action::Submit(line) => session.submit(&line),
            Action::Detach => match session.detach() {
                Some(turn) => turn,
                None => {
                    drop(session);
                    return self;
                }
            },
        };
        let mut scrollback = if turn.clear {
            Vec::new()
        } else {
            let mut lines = (*self.scrollback).clone();
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
            prompt: session.prompt().into(),
            history: Rc::new(session.history().to_vec()),
            topology: Rc::new(session.topology()),
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
    html! {
        <div class="app">
            <header class="topbar">
                <span class="brand">{ "Berth" }</span>
                <span class="tagline">{ "Docker networking and security, simulated in your browser" }</span>
            </header>
            <main class="panes">
                <section class="pane lesson" aria-label="Lesson">
                    <h2>{ "Start here" }</h2>
                    <p>{ "This terminal talks to a simulated Docker host. Nothing leaves your browser." }</p>
                    <p>{ "Start a web server:" }</p>
                    <pre><code>{ "docker run -d --name web nginx" }</code></pre>
                    <p>{ "Then list your containers. Each one appears in the topology with its address:" }</p>
                    <pre><code>{ "docker ps" }</code></pre>
                    <p class="muted">{ "Lessons arrive in a later version." }</p>
                </section>
                <section class="pane terminal-pane" aria-label="Terminal">
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
