//! The shell front-end: one lexer and parser ([`parse`]) turn what a learner typed or pasted
//! into a typed [`parse::Script`], once; [`exec`] runs it. The same front-end serves a host's
//! bash and the shell inside a container (busybox `sh`, dash, bash), which differ only in
//! their error texts ([`Dialect`]).
//!
//! Every command is a function of (arguments, environment, standard input) returning
//! (standard output, standard error, exit status), as [`crate::cli::Output`] lines with their
//! [`crate::cli::Stream`]. So `|`, `&&`, `||`, `;`, `$(…)` and redirections work for every
//! command alike, Docker's and the host tools' (`docker ps -q | wc -l`,
//! `docker rm -f $(docker ps -aq)`, `docker inspect web > web.json; cat web.json`).
//!
//! Rules:
//! - A line that stops inside a construct (open quote, `$(`, trailing `\`, `|`, `&&`, an open
//!   here-document) is incomplete: the terminal prompts `> ` and the next line continues it;
//!   at the end of input it is bash's error ([`end_of_input`]).
//! - Variables not exported live with the terminal ([`exec::ShellState`]); exported ones in the
//!   host's shell environment (`Host::shell_env`), where `export` puts them.
//! - Files written by redirections live in the engine's bounded file system
//!   (`crate::engine::fs`), one per host and one per container.
//! - Everything is bounded: input size, `$(…)` depth, commands per input, `xargs` fan-out.
//!
//! The language: compound commands (`if`, `while`, `until`, `for`, `case`, `{ }`, `( )`,
//! bash's `[[ ]]`: [`compound`] parses, [`control`] runs), functions with `$1`…, `$#`, `$@`,
//! `local`, `return` (the terminal keeps them), `break`/`continue [N]`, expansions (`~`,
//! `${X:-y}` and the other operators in [`params`], `$((…))` in [`arith`], globs over the
//! shell's files in [`glob`]), and the builtins `read`, `test`/`[`, `printf`, `shift`, `:`
//! ([`builtins`], [`test`]).
//!
//! Bounds: one input runs at most [`exec::MAX_RUNS`] commands (`while true; do …; done`
//! stops with a `berth:` line and status 130), functions nest at most
//! [`exec::MAX_FUNCTION_DEPTH`] deep, one command's output holds at most
//! [`exec::MAX_OUTPUT_LINES`] lines (`yes | wc -l`), and an input is at most 64 KiB
//! ([`parse::MAX_INPUT`]: a 1 MB pasted here-document is refused whole).
//!
//! Not simulated (each says so in a `berth:` line): `select`, bash's `((…))` command,
//! `[[ =~ ]]`, `${X/a/b}` and the other bash-only operators, arrays, `set` options, `trap`,
//! job control: `cmd &` runs the command to its end at once and prints no job number (a
//! simulated command never runs long).
//!
//! Why hand-written rather than a crate: a word-splitting crate (`shell-words`) splits words
//! only, and a full POSIX shell parser parses far more than Berth runs; the terminal needs
//! "incomplete, wait for the next line" told apart from a syntax error, with bash's, busybox's
//! and dash's texts, and a parser that stops at Berth's bounds. No dependency weighs on the
//! browser build either.

mod arith;
pub mod ast;
mod builtins;
mod compound;
mod control;
mod cwd;
pub mod exec;
pub use cwd::{exec_shell_script, exec_words, prompt as prompt_at_cwd, start_dir};
mod expand;
mod files;
mod glob;
mod netcat;
mod params;
pub mod parse;
pub mod periodic;
mod test;

use super::dispatch::{parse_words, Command};
use super::{EnterShell, Output};
use crate::engine::World;
use parse::{ParseError, Pending};

/// Which shell writes the errors: they differ in wording.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    /// GNU bash: a host's prompt, `bash` in a container.
    Bash,
    /// busybox ash: `sh` in Alpine and busybox images.
    Ash,
    /// dash: `sh` in Debian and Ubuntu images.
    Dash,
}

/// A syntax error found in a complete input, in the shell's words; exit status 2.
pub fn syntax_error(dialect: Dialect, error: &ParseError) -> Output {
    let text = match (error, dialect) {
        (ParseError::NotSimulated(text), _) => text.clone(),
        (ParseError::TooLarge(text), _) => (*text).to_string(),
        // bash's subst.c: `bad substitution` (status 1); busybox ash.c and dash's parser.c
        // report it as a syntax error.
        (ParseError::BadSubstitution(text), Dialect::Bash) => {
            return Output::failed(format!("bash: ${{{text}}}: bad substitution"), 1)
        }
        (ParseError::BadSubstitution(_), Dialect::Ash) => {
            "sh: syntax error: bad substitution".to_string()
        }
        (ParseError::BadSubstitution(_), Dialect::Dash) => {
            "sh: 1: Syntax error: Bad substitution".to_string()
        }
        // bash's parse.y: `syntax error near unexpected token `|''.
        (ParseError::Unexpected(token), Dialect::Bash) => {
            format!("bash: syntax error near unexpected token `{token}'")
        }
        // busybox ash.c: raise_error_unexpected_syntax (tokname quotes operators).
        (ParseError::Unexpected(token), Dialect::Ash) => {
            if token == "newline" {
                "sh: syntax error: unexpected newline".to_string()
            } else {
                format!("sh: syntax error: unexpected \"{token}\"")
            }
        }
        // dash's parser.c: synexpect.
        (ParseError::Unexpected(token), Dialect::Dash) => {
            if token == "newline" {
                "sh: 1: Syntax error: newline unexpected".to_string()
            } else {
                format!("sh: 1: Syntax error: \"{token}\" unexpected")
            }
        }
        (ParseError::Incomplete(pending), _) => return end_of_input(dialect, pending),
    };
    Output::failed(text, 2)
}

/// The input ended while a construct was open (`berth shell` at the end of its input, a
/// transcript's command without its continuation lines): the shell's error, exit status 2.
/// A here-document and a trailing backslash are not errors; the caller runs those
/// ([`complete_at_end`]).
pub fn end_of_input(dialect: Dialect, pending: &Pending) -> Output {
    let text = match (dialect, pending) {
        // bash's parse.y: parse_matched_pair, then yyerror at EOF.
        (Dialect::Bash, Pending::Quote(q)) => format!(
            "bash: unexpected EOF while looking for matching `{q}'\nbash: syntax error: unexpected end of file"
        ),
        (Dialect::Bash, Pending::Close(c)) => format!(
            "bash: unexpected EOF while looking for matching `{c}'\nbash: syntax error: unexpected end of file"
        ),
        (Dialect::Bash, _) => "bash: syntax error: unexpected end of file".to_string(),
        (Dialect::Ash, Pending::Quote(_)) => {
            "sh: syntax error: unterminated quoted string".to_string()
        }
        // busybox ash.c: raise_error_unexpected_syntax names the token it expected.
        (Dialect::Ash, Pending::Keyword(word)) => {
            format!("sh: syntax error: unexpected end of file (expecting \"{word}\")")
        }
        (Dialect::Ash, _) => "sh: syntax error: unexpected end of file".to_string(),
        // dash's parser.c: synexpect(TOKEN) prints `%s unexpected (expecting %s)`.
        (Dialect::Dash, Pending::Keyword(word)) => {
            format!("sh: 1: Syntax error: end of file unexpected (expecting \"{word}\")")
        }
        (Dialect::Dash, Pending::Quote(_)) => {
            "sh: 1: Syntax error: Unterminated quoted string".to_string()
        }
        (Dialect::Dash, _) => "sh: 1: Syntax error: end of file unexpected".to_string(),
    };
    Output::failed(text, 2)
}

/// What the shell runs when the input ends with a construct that the end of input closes:
/// a here-document without its delimiter line (bash warns and takes the body so far) and a
/// trailing backslash (dropped). `None` for the others, which are errors.
pub fn complete_at_end(text: &str, pending: &Pending) -> Option<(String, Option<String>)> {
    match pending {
        Pending::HereDoc(delimiter) => Some((
            format!("{text}\n{delimiter}"),
            Some(format!(
                "bash: warning: here-document at line 1 delimited by end-of-file (wanted `{delimiter}')"
            )),
        )),
        Pending::Backslash => Some((text.strip_suffix('\\').unwrap_or(text).to_string(), None)),
        _ => None,
    }
}

#[cfg(test)]
mod tests;

/// Runs a parsed script at `place` (a host's prompt or a container's shell), with the
/// terminal's shell state: the whole of what a terminal does with a complete input.
pub fn run_script(
    world: &mut World,
    host: &str,
    place: exec::Place<'_>,
    state: &mut exec::ShellState,
    script: &parse::Script,
) -> Output {
    exec::Runner::new(world, host, place, state).run(script)
}

/// The dialect of the shell at `place`, for its syntax errors.
pub fn dialect(world: &World, host: &str, shell: Option<&EnterShell>) -> Dialect {
    let Some(shell) = shell else {
        return Dialect::Bash;
    };
    if shell.shell == "bash" {
        return Dialect::Bash;
    }
    let userland = world
        .container_lookup(host, &shell.container_id)
        .ok()
        .and_then(|c| world.image_entry(c))
        .map(|e| e.userland);
    match userland {
        Some(
            crate::engine::docker::image::Userland::Debian
            | crate::engine::docker::image::Userland::Ubuntu,
        ) => Dialect::Dash,
        _ => Dialect::Ash,
    }
}

/// A whole line typed by `user` (`None`: root) at a host's prompt, with a fresh shell state:
/// what a lesson's setup and a goal's command run.
pub fn run_line_as(world: &mut World, host: &str, user: Option<&str>, line: &str) -> Output {
    match parse::parse(line) {
        Ok(script) => run_script(
            world,
            host,
            exec::Place::Host {
                user,
                first_host: None,
            },
            &mut exec::ShellState::default(),
            &script,
        ),
        Err(e) => syntax_error(Dialect::Bash, &e),
    }
}

/// Parse and execute one line as root.
pub fn run_line(world: &mut World, host: &str, line: &str) -> Output {
    run_line_as(world, host, None, line)
}

/// Checks a line as a lesson's Run or solution block holds it: the shell's syntax error (an
/// open quote is bash's end-of-file error: a block line is the whole input), then each simple
/// command written without expansions, with Docker's usage errors. `Ok` carries the line's
/// command when it is one simple command, else [`Command::Empty`].
pub fn parse(line: &str) -> Result<Command, Output> {
    let script = parse::parse(line).map_err(|e| syntax_error(Dialect::Bash, &e))?;
    if let Some(words) = script.simple_words() {
        return parse_words(&words);
    }
    for command in script.commands() {
        let words: Option<Vec<String>> = command.words.iter().map(parse::Word::literal).collect();
        if let Some(words) = words {
            parse_words(&words)?;
        }
    }
    Ok(Command::Empty)
}
