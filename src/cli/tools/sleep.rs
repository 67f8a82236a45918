//! coreutils `sleep` at a host's prompt: the only tool that moves the logical clock.

use crate::cli::Output;
use crate::engine::World;

/// coreutils `sleep N[smhd]` at a host's prompt: the logical clock moves on, so health
/// checks run, restart back-offs pass and `Up` times grow.
pub fn sleep(world: &mut World, args: &[&str]) -> Output {
    if args.is_empty() {
        return Output::failed(
            "sleep: missing operand\nTry 'sleep --help' for more information.",
            1,
        );
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
        let Ok(n) = number.parse::<u64>() else {
            return Output::failed(
                format!("sleep: invalid time interval ‘{arg}’\nTry 'sleep --help' for more information."),
                1,
            );
        };
        total = total.saturating_add(n.saturating_mul(unit));
    }
    // The terminal's own second for the command is added by the session.
    world.tick(total.saturating_sub(1));
    Output::default()
}
