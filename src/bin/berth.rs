//! The native `berth` binary.
//!
//! - `berth shell [--seed N]`: a terminal on the simulated world. Reads lines from stdin (a
//!   script or a person), prints the prompt and the same output the browser shows, and exits 0
//!   at the end of input. When stdin is not a terminal each line is echoed after the prompt, so
//!   a piped script prints a transcript.

use std::io::{self, BufRead, IsTerminal, Write};
use std::process::ExitCode;

use berth::cli::Stream;
use berth::session::{Session, DEFAULT_SEED};

const USAGE: &str = "Usage:  berth shell [--seed N]

Commands:
  shell   Run a terminal on a simulated Docker host (reads commands from stdin)";

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
                return ExitCode::SUCCESS;
            }
        };
        if !interactive {
            let _ = writeln!(stdout, "{line}");
        }
        let turn = session.submit(&line);
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
}
