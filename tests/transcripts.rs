//! Transcript tests: every file in `tests/transcripts/` is a terminal session, run through
//! `Session` and compared line for line.
//!
//! Format: lines starting `$ ` are typed commands; the lines after each, up to the next command,
//! are what the terminal shows (stdout and stderr in order). A command that exits non-zero ends
//! with a line `[exit N]`. Lines starting `#` before the first command are comments, and a
//! `# seed: N` comment picks the seed (default: the session's default seed); `# lesson: FILE`
//! opens that lesson file first (as the page's lesson preview does), so the session runs in
//! its world: its seed, hosts and declared images.
//!
//! Continuation: lines starting `> ` right after a `$ ` line (before any output line) are
//! further input lines, each submitted on its own, as a paste into the terminal sends them
//! (the terminal prompts `> ` while the command is open: a trailing `\`, `|` or `&&`, an open
//! quote or here-document). If the command is still open after its last input line, the
//! input ends there, as Ctrl-D or the end of `berth shell`'s input would: bash's error shows.
//! A line `>` alone is an empty input line.
//!
//! Foreground commands (`docker run` attached, `logs -f`, `stats`, `events`): a line `~ tick`
//! (or `~ tick N`) lets one (N) second(s) pass, as the page's timer does, and shows what the
//! command printed meanwhile; a command `$ ^C` is Ctrl-C, as `berth shell` reads it. A command
//! `$ ^P^Q` is the detach keys (`Session::detach`): it leaves a shell reached with `docker
//! attach` or `docker run -it` running.
//!
//! Comments: lines starting `#` before the first command; anywhere, a line starting `## `
//! (or `##` alone) is a comment on the command below it (the first-hour suite names each
//! command's source this way). It is never compared, and BLESS keeps it in place. An output
//! line that starts with `#` (a config file's comment) is still output.
//!
//! `BLESS=1 cargo test --test transcripts` rewrites the files from the current output: read the
//! diff before committing it.

// Test code: a failed unwrap or index is a failed test, which is what we want here.
#![allow(
    clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing
)]

use std::fs;
use std::path::Path;

use berth::session::{Session, DEFAULT_SEED};

/// A line that lets the logical clock move, for a command in the foreground.
const TICK: &str = "~ tick";

/// A command line that is the detach keys, Ctrl-P Ctrl-Q (a shell reached with `docker
/// attach` or `docker run -it` stays running).
const DETACH: &str = "^P^Q";

struct Transcript {
    header: Vec<String>,
    seed: u64,
    lesson: Option<String>,
    /// (input lines, expected output, the `## ` comments above the command).
    steps: Vec<(Vec<String>, Vec<String>, Vec<String>)>,
}

fn parse(text: &str) -> Transcript {
    let mut header = Vec::new();
    let mut steps: Vec<(Vec<String>, Vec<String>, Vec<String>)> = Vec::new();
    let mut seed = DEFAULT_SEED;
    let mut lesson = None;
    // `## ` comments waiting for the command they sit above.
    let mut comments: Vec<String> = Vec::new();
    for line in text.lines() {
        if line == "##" || line.starts_with("## ") {
            comments.push(line.to_string());
        } else if line == TICK || line.starts_with("~ tick ") {
            steps.push((
                vec![line.to_string()],
                Vec::new(),
                std::mem::take(&mut comments),
            ));
        } else if let Some(command) = line.strip_prefix("$ ") {
            steps.push((
                vec![command.to_string()],
                Vec::new(),
                std::mem::take(&mut comments),
            ));
        } else if let Some((inputs, _, _)) = steps.last_mut().filter(|(_, expected, _)| {
            expected.is_empty() && (line.starts_with("> ") || line == ">")
        }) {
            // `>` alone is an empty input line (an editor may strip the space).
            inputs.push(line.get(2..).unwrap_or("").to_string());
        } else if let Some((_, expected, _)) = steps.last_mut() {
            expected.push(line.to_string());
        } else {
            if let Some(value) = line.strip_prefix("# seed: ") {
                seed = value.trim().parse().expect("seed is a number");
            }
            if let Some(value) = line.strip_prefix("# lesson: ") {
                lesson = Some(value.trim().to_string());
            }
            header.push(line.to_string());
        }
    }
    Transcript {
        header,
        seed,
        lesson,
        steps,
    }
}

/// What the terminal shows for one command (its input lines submitted one by one), in the
/// transcript's own format.
fn render(session: &mut Session, inputs: &[String]) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut exit_code = 0;
    let ticks = inputs.first().and_then(|i| {
        let n = i.strip_prefix(TICK)?.trim();
        Some(if n.is_empty() {
            1
        } else {
            n.parse::<u32>().expect("~ tick N")
        })
    });
    let mut turns: Vec<_> = match ticks {
        Some(n) => (0..n).filter_map(|_| session.tick()).collect(),
        // The detach keys, as the page's terminal sends them (`Session::detach`).
        None if inputs.len() == 1 && inputs.first().is_some_and(|i| i == DETACH) => {
            session.detach().into_iter().collect()
        }
        None => inputs.iter().map(|input| session.submit(input)).collect(),
    };
    // The input ends here only for a command left open, not for one in the foreground.
    if session.continuing() {
        turns.extend(session.end_of_input());
    }
    for turn in turns {
        lines.extend(turn.output.iter().map(|l| l.text.clone()));
        exit_code = turn.exit_code;
    }
    if exit_code != 0 {
        lines.push(format!("[exit {exit_code}]"));
    }
    lines
}

fn check(path: &Path) -> Result<(), String> {
    let text = fs::read_to_string(path).map_err(|e| e.to_string())?;
    let transcript = parse(&text);
    let mut session = Session::new(transcript.seed);
    if let Some(file) = &transcript.lesson {
        let text = fs::read_to_string(file).map_err(|e| format!("{file}: {e}"))?;
        let problems = session.preview_lesson(&text);
        if !problems.is_empty() {
            return Err(format!("{file}: {problems:?}"));
        }
    }
    let bless = std::env::var_os("BLESS").is_some();
    let mut blessed = transcript.header.clone();
    for (inputs, expected, comments) in &transcript.steps {
        let actual = render(&mut session, inputs);
        let command = inputs.join("\n> ");
        if bless {
            blessed.extend(comments.iter().cloned());
            if command.starts_with(TICK) {
                blessed.push(command.clone());
            } else {
                blessed.push(format!("$ {command}"));
            }
            blessed.extend(actual);
        } else if &actual != expected {
            return Err(format!(
                "{}: `{command}`\n--- expected\n{}\n--- actual\n{}\n",
                path.display(),
                expected.join("\n"),
                actual.join("\n")
            ));
        }
        session
            .world()
            .check_invariants()
            .map_err(|e| format!("{}: after `{command}`: {e}", path.display()))?;
    }
    if bless {
        fs::write(path, blessed.join("\n") + "\n").map_err(|e| e.to_string())?;
    }
    Ok(())
}

#[test]
fn transcripts() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/transcripts");
    let mut files: Vec<_> = fs::read_dir(&dir)
        .expect("tests/transcripts exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    assert!(
        files.len() >= 6,
        "expected the transcript files, found {files:?}"
    );
    let failures: Vec<String> = files.iter().filter_map(|f| check(f).err()).collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The first-hour suite (issue 12): at least 80 commands taken from Docker's getting-started
/// material, its docs and the images' Docker Hub pages, each with its source named in a `## `
/// comment above it. The transcripts themselves are checked by `transcripts` above.
#[test]
fn first_hour_suite_names_a_source_for_each_command() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/transcripts");
    let mut commands = 0;
    let mut unsourced = Vec::new();
    for entry in fs::read_dir(&dir).expect("tests/transcripts exists") {
        let path = entry.expect("a directory entry").path();
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("")
            .to_string();
        if !(name.starts_with("first-hour") && name.ends_with(".txt")) {
            continue;
        }
        let transcript = parse(&fs::read_to_string(&path).expect("readable"));
        for (inputs, _, comments) in &transcript.steps {
            if inputs.first().is_some_and(|i| i.starts_with(TICK)) {
                continue;
            }
            commands += 1;
            if comments.is_empty() {
                unsourced.push(format!("{name}: {}", inputs.join(" / ")));
            }
        }
    }
    assert!(
        unsourced.is_empty(),
        "commands without a `## ` source: {unsourced:#?}"
    );
    assert!(
        commands >= 80,
        "the first-hour suite has {commands} commands, fewer than 80"
    );
}
