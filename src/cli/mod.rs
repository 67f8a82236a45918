//! The CLI: the only layer that produces terminal text. This file only wires: the module
//! list, and the re-exports the session and the commands use.
//!
//! A line goes through these steps, each in its own module:
//! 1. [`sh`]: the shell front-end parses the line once into a typed script (lists, pipelines,
//!    redirections, expansions) and runs it, handing each simple command's words on;
//! 2. [`shells`]: the shell at that place (a host's bash, a container's `sh`, Windows' `cmd`
//!    or PowerShell, the laptop's bash) decides which programs it has and words "not found";
//! 3. [`dispatch`]: words to a closed [`Command`] enum, with Docker's own usage errors
//!    ([`usage`], pflag and cobra wording, see [`flags`]), and on to the command's file;
//! 4. each Docker command in `commands/<object>_<verb>.rs` calls the engine's typed API and
//!    formats the reply as the Docker CLI would ([`table`] for tables, [`format`] and
//!    [`template`] for `--format`); each tool (`ping`, `curl`, `ip`, `grep`, …) is a file of
//!    [`tools`]. Every one returns an [`Output`] ([`output`]).
//!
//! Dependencies inside the cli point one way: `sh → shells → tools`, `dispatch → commands`,
//! `dispatch → tools`; a tool calls no shell and a command no tool. One loop is Docker's own:
//! `docker exec` opens a container's shell, and that shell may run the `docker` client
//! through a mounted socket.
//!
//! Anything Docker has that Berth does not simulate says so in a line starting `berth:`, so a
//! learner never mistakes Berth's own words for Docker's.

pub mod authz;
pub mod commands;
pub mod compose;
pub mod dispatch;
pub mod flags;
pub mod follow;
pub mod format;
pub mod lesson_text;
pub mod notices;
pub mod output;
pub mod render;
pub mod sh;
pub mod shells;
pub mod table;
pub mod template;
pub mod tools;
pub mod usage;

pub use commands::Docker;
pub use dispatch::{execute, execute_as, parse_words, Command, SIMULATED};
pub use follow::{Follow, FollowKind, LogSource, Polled};
pub use output::{EnterShell, Line, Output, Stream};
pub use sh::periodic::advance as advance_clock;
pub use sh::{dialect, parse, run_line, run_line_as, run_script};
pub use shells::container::run_words_in_container;
pub use shells::host::{host_prompt, run_words_as, run_words_for};
pub use usage::{
    accepts_no_args, exact_args, flag_error, flag_not_simulated, parse_filters, parse_flags,
    parse_with_args, requires_min_args,
};
