//! Text from typed engine values: the words a learner reads for things the engine answers as
//! data (a packet's hops and why it stopped, a container's `/etc/hosts` and
//! `/etc/resolv.conf`, a shell's prompt). One file per kind of value.
//!
//! Contract:
//! - Pure functions of their arguments: no world lookups, so a renderer can be tested with a
//!   hand-built value.
//! - The wording is Berth's own for the packet path (no real tool prints a hop list), and the
//!   real file's or shell's bytes for the rest: the sources are cited where each is written.

pub mod build;
pub mod path;
pub mod prompt;
pub mod sandbox;
