//! The CLI: the only layer that produces terminal text.
//!
//! A line goes through three steps, each in its own module:
//! 1. [`sh`]: the shell front-end parses the line once into a typed script (lists, pipelines,
//!    redirections, expansions) and runs it, handing each simple command's words on;
//! 2. [`parse_words`]: words to a closed [`Command`] enum, with Docker's own usage errors
//!    (pflag and cobra wording, see [`flags`]);
//! 3. execute: each command in `commands/<object>_<verb>.rs` calls the engine's typed API and
//!    formats the reply as the Docker CLI would ([`table`] for tables). The text tools learners
//!    pipe into (`grep`, `wc`, …) are in [`tools`].
//!
//! Anything Docker has that Berth does not simulate says so in a line starting `berth:`, so a
//! learner never mistakes Berth's own words for Docker's.

pub mod authz;
pub mod commands;
pub mod dispatch;
pub mod flags;
pub mod format;
pub mod output;
pub mod sh;
pub mod shells;
pub mod table;
pub mod template;
pub mod tools;
pub mod usage;

pub use commands::Docker;
pub use dispatch::{execute, execute_as, parse_words, Command, SIMULATED};
pub use output::{EnterShell, Line, Output, Stream};
pub use sh::{dialect, parse, run_line, run_line_as, run_script};
pub use shells::container::run_words_in_container;
pub use shells::host::{host_prompt, run_words_as};
pub use usage::{
    accepts_no_args, exact_args, flag_error, flag_not_simulated, parse_filters, parse_flags,
    parse_with_args, requires_min_args,
};
