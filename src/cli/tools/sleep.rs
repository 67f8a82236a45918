//! coreutils `sleep` at a host's prompt: the logical clock moves on. A typed line's `sleep`
//! (at a host's or a container's prompt) is taken by the shell front-end (`cli/sh/periodic.rs`),
//! which also runs the container loops whose turns came due; this one is what runs without a
//! shell in between.

use crate::cli::Output;
use crate::engine::World;

/// The longest one `sleep` waits here: a day of logical time (a longer one says so).
pub const MAX_SLEEP_SECONDS: u64 = 86_400;

/// What a `sleep` longer than [`MAX_SLEEP_SECONDS`] says.
pub const SLEEP_CLAMPED: &str =
    "berth: sleep waits at most 86400 seconds (a day) here; the clock moved on by that much";

/// coreutils `sleep N[smhd]`: the seconds its operands add up to (saturating), or its error.
pub fn duration(args: &[&str]) -> Result<u64, Output> {
    if args.is_empty() {
        return Err(Output::failed(
            "sleep: missing operand\nTry 'sleep --help' for more information.",
            1,
        ));
    }
    let mut total: u64 = 0;
    for arg in args {
        let (number, unit) = match arg.char_indices().last() {
            Some((i, 's')) => (arg.get(..i).unwrap_or(""), 1),
            Some((i, 'm')) => (arg.get(..i).unwrap_or(""), 60),
            Some((i, 'h')) => (arg.get(..i).unwrap_or(""), 3600),
            Some((i, 'd')) => (arg.get(..i).unwrap_or(""), 86_400),
            _ => (*arg, 1),
        };
        // coreutils takes fractions (`sleep 0.5`); the clock counts whole seconds, so a
        // fraction rounds up.
        let seconds = match number.split_once('.') {
            Some((whole, frac))
                if whole.chars().all(|c| c.is_ascii_digit())
                    && frac.chars().all(|c| c.is_ascii_digit())
                    && !(whole.is_empty() && frac.is_empty()) =>
            {
                let whole = if whole.is_empty() {
                    Ok(0)
                } else {
                    whole.parse::<u64>()
                };
                whole.map(|w| w.saturating_add(u64::from(!frac.trim_end_matches('0').is_empty())))
            }
            _ => number.parse::<u64>(),
        };
        let Ok(n) = seconds else {
            return Err(Output::failed(
                format!("sleep: invalid time interval ‘{arg}’\nTry 'sleep --help' for more information."),
                1,
            ));
        };
        total = total.saturating_add(n.saturating_mul(unit));
    }
    Ok(total)
}

/// coreutils `sleep N[smhd]` at a host's prompt: the logical clock moves on, so health
/// checks run, restart back-offs pass and `Up` times grow.
pub fn sleep(world: &mut World, args: &[&str]) -> Output {
    let total = match duration(args) {
        Ok(total) => total,
        Err(o) => return o,
    };
    let mut o = Output::default();
    if total > MAX_SLEEP_SECONDS {
        o.err(SLEEP_CLAMPED);
    }
    // The terminal's own second for the command is added by the session.
    world.tick(total.min(MAX_SLEEP_SECONDS).saturating_sub(1));
    o
}
