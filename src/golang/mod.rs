//! Go semantics that Docker's commands expose to a learner: `text/template` (what
//! `--format` and `inspect -f` run), the `fmt` verbs its `printf` uses, `encoding/json`'s
//! output, and `regexp` (RE2 syntax, what an authorization plugin's policy matches with).
//!
//! Contract:
//! - A leaf: nothing here imports any other module of the crate (not `engine`, not `cli`),
//!   and nothing here knows Docker beyond the template functions docker/cli registers. It
//!   can be read and tested against Go's documentation alone.
//! - Output and error texts are Go's, byte for byte, as the package docs and sources give
//!   them; each module's tests are tables of Go's documented behaviour.
//! - Deterministic and panic-free: no clock, no hash map, bounded depth and output.
//! - What each module does not simulate is listed in its own contract.

pub mod fmt;
pub mod json;
pub mod json_syntax;
pub mod path;
pub mod regexp;
pub mod template;
mod value;

pub use value::Value;
