//! The shells a learner types into. Each decides which tools it offers, how it words a
//! program it does not have, and its prompt; the tools themselves (`cli/tools/`) are shared.
//!
//! - [`container`]: the shell inside a Linux container (busybox `sh`/`ash` on Alpine, `dash`
//!   or `bash` on Debian and Ubuntu), and `docker exec`'s direct commands;
//! - [`cmd`]: Windows' `cmd.exe`, on a Windows host over OpenSSH and in Windows containers,
//!   and Windows PowerShell in Server Core containers.
//!
//! Rules: a shell calls tools, never the other way round; the facts a tool prints come from
//! the engine. Not simulated: job control, shell functions, `set -e` and the other options.

pub mod cmd;
pub mod container;
pub mod escape;
pub mod host;
pub mod laptop;
