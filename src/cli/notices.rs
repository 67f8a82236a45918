//! The notices the page writes into a terminal, in Berth's own words: the welcome line, a new
//! host tab's first line, a paste cut short, saved progress that could not be read; and what
//! docker/cli prints when the detach keys leave an attached shell. The ui and the session
//! show them as they are; the wording lives here with the rest of the terminal's text.

/// The first line of the first terminal.
pub fn welcome() -> String {
    "Welcome to Berth: a simulated Docker host. Type `help` to see what works.".to_string()
}

/// The first line of a host's own terminal tab.
pub fn host_tab(host: &str) -> String {
    format!("A terminal on {host}. Each host has its own tab; `ssh` works too.")
}

/// A paste longer than the page runs at once.
pub fn paste_truncated(total: usize, ran: usize) -> String {
    format!("berth: the paste had {total} lines; only the first {ran} ran.")
}

/// The browser's saved lesson progress was corrupt or from an older version.
pub fn progress_unreadable() -> String {
    "Saved lesson progress could not be read and was ignored.".to_string()
}

/// The detach keys (Ctrl-P Ctrl-Q) left a shell attached by `docker attach` or `docker run
/// -it`: docker/cli's stderr line (its `EscapeError`).
pub fn detached() -> String {
    "read escape sequence".to_string()
}
