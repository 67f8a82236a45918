//! The native `berth` binary.
//!
//! - `berth shell [--seed N]`: a terminal on the simulated world. Reads lines from stdin (a
//!   script or a person), prints the prompt and the same output the browser shows, and exits 0
//!   at the end of input. When stdin is not a terminal each line is echoed after the prompt, so
//!   a piped script prints a transcript. A command left open by its last line (an open quote,
//!   a trailing `|`) is bash's error at the end of input, and `berth shell` exits 2; lines
//!   that continue a command are read after a `> ` prompt, as bash's PS2.

use std::io::{self, BufRead, IsTerminal, Write};
use std::process::ExitCode;

use std::path::{Path, PathBuf};

use berth::cli::Stream;
use berth::lessons::check::compare_translation;
use berth::session::check::check_lesson;
use berth::session::{Session, DEFAULT_SEED};

const USAGE: &str = "Usage:  berth COMMAND

Commands:
  shell [--seed N]           Run a terminal on a simulated Docker host (reads commands from stdin)
  lesson check [PATH...]     Lint lessons and replay their solutions (default: every lessons/*.md)
  lesson list                List the lessons under lessons/";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.split_first() {
        Some((cmd, rest)) if cmd == "shell" => match parse_seed(rest) {
            Ok(seed) => shell(seed),
            Err(message) => {
                eprintln!("berth: {message}\n\n{USAGE}");
                ExitCode::from(2)
            }
        },
        Some((cmd, rest)) if cmd == "lesson" => match rest.split_first() {
            Some((sub, paths)) if sub == "check" => lesson_check(paths),
            Some((sub, [])) if sub == "list" => lesson_list(),
            _ => {
                eprintln!("berth: usage: berth lesson check [PATH...] | berth lesson list");
                ExitCode::from(2)
            }
        },
        Some((flag, _)) if flag == "--help" || flag == "-h" || flag == "help" => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        Some((other, _)) => {
            eprintln!("berth: unknown command: {other}\n\n{USAGE}");
            ExitCode::from(2)
        }
        None => {
            eprintln!("{USAGE}");
            ExitCode::from(2)
        }
    }
}

fn parse_seed(args: &[String]) -> Result<u64, String> {
    match args {
        [] => Ok(DEFAULT_SEED),
        [flag, value] if flag == "--seed" => value
            .parse()
            .map_err(|_| format!("--seed takes a whole number, not {value:?}")),
        [flag] if flag == "--seed" => Err("--seed needs a value".into()),
        [other, ..] => Err(format!("unknown option: {other}")),
    }
}

fn shell(seed: u64) -> ExitCode {
    let stdin = io::stdin();
    let interactive = stdin.is_terminal();
    let mut session = Session::new(seed);
    let mut stdout = io::stdout().lock();
    let mut stderr = io::stderr();
    let mut lines = stdin.lock().lines();
    loop {
        let _ = write!(stdout, "{}", session.prompt());
        let _ = stdout.flush();
        let line = match lines.next() {
            Some(Ok(line)) => line,
            Some(Err(e)) => {
                let _ = writeln!(stdout);
                eprintln!("berth: cannot read input: {e}");
                return ExitCode::from(1);
            }
            None => {
                let _ = writeln!(stdout);
                let Some(turn) = session.end_of_input() else {
                    return ExitCode::SUCCESS;
                };
                print_turn(&mut stdout, &mut stderr, &turn);
                return if turn.exit_code == 2 {
                    ExitCode::from(2)
                } else {
                    ExitCode::SUCCESS
                };
            }
        };
        if !interactive {
            let _ = writeln!(stdout, "{line}");
        }
        let turn = session.submit(&line);
        print_turn(&mut stdout, &mut stderr, &turn);
    }
}

/// A turn's lines, each on its stream.
fn print_turn(stdout: &mut impl Write, stderr: &mut impl Write, turn: &berth::session::Turn) {
    for out in &turn.output {
        match out.stream {
            Stream::Stdout => {
                let _ = writeln!(stdout, "{}", out.text);
            }
            Stream::Stderr => {
                let _ = stdout.flush();
                let _ = writeln!(stderr, "{}", out.text);
            }
        }
    }
    let _ = stdout.flush();
}

/// Every lesson file under `lessons/`, sorted.
fn lesson_files() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir("lessons")
        .map(|dir| {
            dir.filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "md"))
                .filter(|p| p.file_name().is_some_and(|n| n != "README.md"))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}

/// `NN-slug.fr.md` → `NN-slug.md`.
fn english_of(path: &Path) -> Option<PathBuf> {
    let name = path.file_name()?.to_str()?;
    let stem = name.strip_suffix(".md")?;
    let (base, lang) = stem.rsplit_once('.')?;
    (lang.len() == 2).then(|| path.with_file_name(format!("{base}.md")))
}

fn lesson_check(paths: &[String]) -> ExitCode {
    let files: Vec<PathBuf> = if paths.is_empty() {
        let mut files = lesson_files();
        let images = PathBuf::from("lessons/images.toml");
        if images.is_file() {
            files.push(images);
        }
        files
    } else {
        paths.iter().map(PathBuf::from).collect()
    };
    if files.is_empty() {
        eprintln!("berth: no lesson files found (looked in lessons/)");
        return ExitCode::from(1);
    }
    let mut failed = false;
    let mut ids: Vec<(String, PathBuf)> = Vec::new();
    for file in &files {
        let Ok(text) = std::fs::read_to_string(file) else {
            eprintln!("{}: cannot read the file", file.display());
            failed = true;
            continue;
        };
        // The course's images (lessons/images.toml), not a lesson.
        if file.extension().is_some_and(|e| e == "toml") {
            let problems = berth::lessons::images::check(&text);
            if problems.is_empty() {
                println!("{}: ok (images)", file.display());
            }
            for p in &problems {
                println!("{}:{}", file.display(), p);
            }
            failed |= !problems.is_empty();
            continue;
        }
        let (lesson, mut problems) = check_lesson(&text);
        match english_of(file) {
            Some(english) => match std::fs::read_to_string(&english) {
                Ok(en_text) => {
                    let (en, _) = berth::lessons::parse(&en_text);
                    problems.extend(compare_translation(&en, &lesson));
                }
                Err(_) => problems.push(berth::lessons::Diagnostic {
                    line: 1,
                    message: format!("a translation needs its English file {}", english.display()),
                }),
            },
            None => {
                if let Some((_, other)) = ids.iter().find(|(id, _)| *id == lesson.meta.id) {
                    problems.push(berth::lessons::Diagnostic {
                        line: 2,
                        message: format!(
                            "id `{}` is already used by {}",
                            lesson.meta.id,
                            other.display()
                        ),
                    });
                }
                ids.push((lesson.meta.id.clone(), file.clone()));
            }
        }
        if problems.is_empty() {
            println!("{}: ok ({} steps)", file.display(), lesson.steps.len());
        } else {
            failed = true;
            for p in problems {
                println!("{}:{}", file.display(), p);
            }
        }
    }
    if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn lesson_list() -> ExitCode {
    println!(
        "{:<24} {:<36} {:<13} {:>7}  LANGUAGES",
        "ID", "TITLE", "LEVEL", "MINUTES"
    );
    for file in lesson_files().iter().filter(|f| english_of(f).is_none()) {
        let Ok(text) = std::fs::read_to_string(file) else {
            continue;
        };
        let (lesson, _) = berth::lessons::parse(&text);
        let stem = file.file_stem().and_then(|s| s.to_str()).unwrap_or("");
        let mut languages = vec!["en".to_string()];
        for other in lesson_files() {
            let name = other.file_name().and_then(|n| n.to_str()).unwrap_or("");
            if let Some(lang) = name
                .strip_prefix(&format!("{stem}."))
                .and_then(|r| r.strip_suffix(".md"))
            {
                languages.push(lang.to_string());
            }
        }
        println!(
            "{:<24} {:<36} {:<13} {:>7}  {}",
            lesson.meta.id,
            lesson.meta.title,
            lesson.meta.level,
            lesson.meta.minutes,
            languages.join(", ")
        );
    }
    ExitCode::SUCCESS
}
