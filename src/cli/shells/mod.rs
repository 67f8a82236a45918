//! The shells a learner types into. Each decides which tools it offers, how it words a
//! program it does not have, and its prompt; the tools themselves (`cli/tools/`) are shared.
//!
//! - [`container`]: the shell inside a Linux container (busybox `sh`/`ash` on Alpine, `dash`
//!   or `bash` on Debian and Ubuntu), and `docker exec`'s direct commands;
//! - [`host`]: the shell at a host's prompt: root's bash on a Linux host, `su` and what a
//!   user may not do, handing over to `cmd` on Windows and the laptop's bash on a Mac;
//! - [`cmd`]: Windows' `cmd.exe`, on a Windows host over OpenSSH and in Windows containers,
//!   and [`powershell`], Windows PowerShell in Server Core containers;
//! - [`laptop`]: the Mac laptop's bash of the boot2docker era, and a boot2docker VM's prompt;
//! - [`escape`]: what root in a container reaches of its host (`mount`, `chroot`, the docker
//!   client through a mounted socket) and the host-root shell it ends in;
//! - [`repl`]: the language REPLs and database clients a terminal sits in (`python`, `node`),
//!   which read each typed line whole.
//!
//! Rules: a shell calls tools, never the other way round; the facts a tool prints come from
//! the engine. The one loop is Docker's: `docker exec` (in `commands/`) opens a container's
//! shell, and a shell runs the `docker` client (`dispatch`).
//!
//! Not simulated: job control, shell functions, `set -e` and the other options.

pub mod app;
pub mod cmd;
pub mod container;
pub mod escape;
pub mod host;
pub mod laptop;
pub mod powershell;
pub mod repl;
