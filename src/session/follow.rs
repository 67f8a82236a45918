//! Commands in the foreground of a terminal tab (see [`crate::cli::follow`]): the session
//! keeps each tab's [`cli::Follow`], ticks the one in front (the page's timer, about once a
//! second; `~ tick` in a transcript) and ends it on Ctrl-C (the key in the browser, a line `^C`
//! or the end of input in `berth shell`). A follow in a tab at the back waits: what happened
//! meanwhile (its container's lines, the host's events) prints at its next tick in front.

use super::{Session, Turn, SECONDS_PER_COMMAND};
use crate::cli;

impl Session {
    /// Whether a command runs in the foreground of the terminal in front (the prompt is
    /// empty, typed lines are echoed): the page then ticks the session about once a second.
    pub fn following(&self) -> bool {
        self.follows.contains_key(self.active_tab())
    }

    /// One second passes for the command in the foreground of the terminal in front: the
    /// logical clock moves, as for a typed line, and the command prints what came since.
    /// `None` (and the clock stays) when no command runs in the foreground.
    pub fn tick(&mut self) -> Option<Turn> {
        let tab = self.active_tab().to_string();
        let mut follow = self.follows.remove(&tab)?;
        let before = (self.world.events().len(), self.world.version());
        cli::advance_clock(&mut self.world, SECONDS_PER_COMMAND);
        let polled = follow.poll(&mut self.world);
        Some(self.after_follow(tab, follow, polled, before, (String::new(), false)))
    }

    /// Ctrl-C. In the foreground command's terminal: the command ends as the real one does
    /// (an attached `docker run` forwards SIGINT to the container; `logs -f`, `stats` and
    /// `events` stop, status 130). At a prompt: bash drops the line being typed (and a command
    /// left open) and prompts again, with `$?` at 130. `None` only if nothing happened.
    pub fn interrupt(&mut self) -> Option<Turn> {
        let tab = self.active_tab().to_string();
        let Some(mut follow) = self.follows.remove(&tab) else {
            let prompt = self.prompt();
            self.pending.clear();
            self.shell_states
                .entry(self.shell_key())
                .or_default()
                .status = 130;
            let events = self.world.events().len();
            return Some(self.turn(
                prompt,
                cli::follow::CTRL_C_ECHO.to_string(),
                cli::Output::default(),
                events,
            ));
        };
        let before = (self.world.events().len(), self.world.version());
        let polled = follow.interrupt(&mut self.world);
        let echo = (cli::follow::CTRL_C_ECHO.to_string(), true);
        Some(self.after_follow(tab, follow, polled, before, echo))
    }

    /// Keeps the follow unless it ended (then `$?` is its status), and makes the turn:
    /// `before` is the world's event count and version before the poll, `(input, echo)` what
    /// the terminal echoes.
    fn after_follow(
        &mut self,
        tab: String,
        follow: cli::Follow,
        polled: cli::Polled,
        before: (usize, u64),
        (input, echo): (String, bool),
    ) -> Turn {
        let (events_before, world_before) = before;
        if polled.ended {
            self.shell_states
                .entry(self.shell_key())
                .or_default()
                .status = polled.output.exit_code;
        } else {
            self.follows.insert(tab, follow);
        }
        // An interrupt may have changed the world (a container stopped): the views follow.
        if self.world.events().len() > events_before || self.world.version() != world_before {
            self.changed();
        }
        debug_assert_eq!(self.world.check_invariants(), Ok(()));
        let mut turn = self.turn(String::new(), input, polled.output, events_before);
        turn.echo = echo;
        turn.replaces = polled.replaces;
        turn
    }

    /// A line typed while a command runs in the foreground: the command's answer if it reads
    /// one (a prune's `[y/N]`), else `None` (the line is only echoed).
    pub(super) fn follow_input(&mut self, prompt: &str, input: &str) -> Option<Turn> {
        let tab = self.active_tab().to_string();
        let mut follow = self.follows.remove(&tab)?;
        let before = (self.world.events().len(), self.world.version());
        // A password prompt does not echo what is typed (the terminal shows the prompt alone).
        let shown = if follow.hides_input() {
            String::new()
        } else {
            input.to_string()
        };
        let Some(polled) = follow.input(&mut self.world, input) else {
            self.follows.insert(tab, follow);
            return None;
        };
        let mut turn = self.after_follow(tab, follow, polled, before, (shown, true));
        turn.prompt = prompt.to_string();
        Some(turn)
    }
}
