//! What one typed command costs as the world grows: 0, 200 and 1,000 running containers.
//!
//! Three typical commands (`docker ps`, `docker run -d`, `docker network inspect bridge`), each
//! timed three ways:
//!
//! - **submit**: `Session::submit` alone, what `berth shell` pays per line;
//! - **per_command**: `submit`, then what the page reads back from the session after every
//!   command: the topology, the audit of the terminal's host and the lesson's goals;
//! - **reducer** (with the `web` feature): the page's one reducer, `AppState::reduce` of
//!   `Action::Submit`, which also keeps the 5,000-line scrollback and the history.
//!
//! A lesson is open (the catalogue's first), so the goals are judged too. `docker run` is
//! undone after each timed call (`docker rm -f`, untimed), so every call sees `n` containers.
//!
//! Criterion (not a plain `fn main()` as `engine.rs`): these figures are compared before and
//! after a change, so its outlier analysis and confidence intervals are worth the build time.
//!
//! Run: `cargo bench --bench session_command -- --warm-up-time 1 --measurement-time 3`.

// A benchmark must read the wall clock; the ban on `Instant::now` protects the engine's
// determinism, which this file only measures. Unwraps: a failure here is a broken benchmark.
#![allow(
    clippy::disallowed_methods,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};

use berth::session::Session;

const SIZES: [usize; 3] = [0, 200, 1_000];

/// The commands timed, and the untimed line that undoes each (if it changes the world).
const COMMANDS: [(&str, &str, Option<&str>); 3] = [
    ("docker ps", "docker ps", None),
    (
        "docker run -d",
        "docker run -d --name bench nginx",
        Some("docker rm -f bench"),
    ),
    (
        "docker network inspect bridge",
        "docker network inspect bridge",
        None,
    ),
];

/// The lesson every session follows while it is measured.
fn lesson_id() -> String {
    berth::lessons::catalogue::list()
        .first()
        .map(|l| l.meta.id.clone())
        .expect("the catalogue has lessons")
}

/// A session on a lesson, with `n` running containers on the default bridge.
fn session_with(n: usize) -> Session {
    let mut session = Session::default();
    session.submit(&format!("lesson {}", lesson_id()));
    for i in 0..n {
        let turn = session.submit(&format!("docker run -d --name c{i} nginx"));
        assert_eq!(turn.exit_code, 0, "{}", turn.transcript());
    }
    session
}

/// What the page reads from the session after each command.
fn read_back(session: &Session) {
    black_box(session.topology());
    black_box(session.audit());
    black_box(session.lesson_status());
}

/// Times `iters` runs of `timed`, each followed by the untimed `undo`.
fn timed_with_undo<S>(
    state: &mut S,
    iters: u64,
    mut timed: impl FnMut(&mut S),
    mut undo: impl FnMut(&mut S),
) -> Duration {
    let mut total = Duration::ZERO;
    for _ in 0..iters {
        let start = Instant::now();
        timed(state);
        total += start.elapsed();
        undo(state);
    }
    total
}

fn session_benches(c: &mut Criterion) {
    for (label, line, undo) in COMMANDS {
        for (group, read) in [("submit", false), ("per_command", true)] {
            let mut g = c.benchmark_group(format!("{group}/{label}"));
            for n in SIZES {
                let mut session = session_with(n);
                g.bench_function(BenchmarkId::from_parameter(n), |b| {
                    b.iter_custom(|iters| {
                        timed_with_undo(
                            &mut session,
                            iters,
                            |s| {
                                black_box(s.submit(line));
                                if read {
                                    read_back(s);
                                }
                            },
                            |s| {
                                if let Some(undo) = undo {
                                    s.submit(undo);
                                }
                            },
                        )
                    })
                });
            }
            g.finish();
        }
    }
}

#[cfg(feature = "web")]
fn reducer_benches(c: &mut Criterion) {
    use std::rc::Rc;

    use berth::ui::app::{Action, AppState};
    use yew::functional::Reducible;

    let reduce = |state: &mut Rc<AppState>, line: &str| {
        let next = Rc::clone(state).reduce(Action::Submit(line.to_string()));
        *state = next;
    };
    for (label, line, undo) in COMMANDS {
        let mut g = c.benchmark_group(format!("reducer/{label}"));
        for n in SIZES {
            let mut state = Rc::new(AppState::default());
            state = Rc::clone(&state).reduce(Action::PickLesson(lesson_id()));
            for i in 0..n {
                reduce(&mut state, &format!("docker run -d --name c{i} nginx"));
            }
            g.bench_function(BenchmarkId::from_parameter(n), |b| {
                b.iter_custom(|iters| {
                    timed_with_undo(
                        &mut state,
                        iters,
                        |s| reduce(s, line),
                        |s| {
                            if let Some(undo) = undo {
                                reduce(s, undo);
                            }
                        },
                    )
                })
            });
        }
        g.finish();
    }
}

#[cfg(not(feature = "web"))]
fn reducer_benches(_: &mut Criterion) {}

criterion_group!(benches, session_benches, reducer_benches);
criterion_main!(benches);
