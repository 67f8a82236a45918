//! The daemon's restart manager: a container whose process exits by itself comes back
//! by its restart policy after a back-off, on the logical clock.
//!
//! Rules (moby `daemon/restartmanager/restartmanager.go` and `daemon/monitor.go`):
//! - The first wait is 100 ms, and each further one doubles, up to one minute; a container
//!   that ran 10 s or more before it exited starts again from 100 ms.
//! - `RestartCount` grows as the container enters `Restarting` (monitor.go); `on-failure:N`
//!   stops after N restarts, `always` and `unless-stopped` never do.
//! - Each restart is a real start: the `start`/`die` events and the exit code. A server's
//!   start-up lines go to its logs again; a command the shell ran (`sh -c …`) exits with
//!   the code it had, and its output is not written again (the shell lives in the cli).
//! - Time is milliseconds on the logical clock ([`World::tick`] runs [`World::restart_due`]);
//!   nothing reads a wall clock. A stopped daemon or a powered-off host restarts nothing.
//!
//! Not simulated: the restart manager's jitter-free timing is the whole story; a restart
//! that fails to start (a port taken meanwhile) ends the container as Exited.

use crate::engine::docker::caller::Caller;
use crate::engine::docker::container::State;
use crate::engine::docker::containers::Started;
use crate::engine::World;

/// moby `defaultTimeout`.
const FIRST_WAIT_MS: u64 = 100;
/// moby `maxRestartTimeout`.
const MAX_WAIT_MS: u64 = 60_000;
/// moby `backoffMultiplier`'s reset: a run this long starts the back-off over.
const RESET_AFTER_MS: u64 = 10_000;
/// At most this many restarts of one container per tick (a one-minute tick needs 10).
const MAX_RESTARTS_PER_TICK: u32 = 64;

/// Where a restarting container is in its back-off.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Backoff {
    /// The wait before the next start.
    pub wait_ms: u64,
    /// When the process last exited, in milliseconds of the logical clock.
    pub exited_ms: u64,
}

impl Backoff {
    /// The process exited at `exited_ms` after running `ran_ms`: the next wait.
    pub fn after_exit(self, exited_ms: u64, ran_ms: u64) -> Backoff {
        let wait_ms = if self.wait_ms == 0 || ran_ms >= RESET_AFTER_MS {
            FIRST_WAIT_MS
        } else {
            self.wait_ms.saturating_mul(2).min(MAX_WAIT_MS)
        };
        Backoff { wait_ms, exited_ms }
    }

    pub fn due_ms(self) -> u64 {
        self.exited_ms.saturating_add(self.wait_ms)
    }
}

impl World {
    /// The daemon starts a container by its restart policy (after a back-off, or as it
    /// restores containers at boot). A command the shell ran (`sh -c 'exit 1'`) ends as it
    /// ended before: the engine replays its exit code (the shell lives in the cli).
    pub(in crate::engine) fn restart_policy_start(
        &mut self,
        host: &str,
        id: &str,
        last_exit: i32,
    ) -> Result<Started, crate::engine::EngineError> {
        let started = self.container_start(host, &Caller::daemon(), id);
        let (runs_on, last_run) = self
            .host(host)
            .ok()
            .and_then(|h| h.containers.get(id))
            .map(|c| (c.tool_runs_on, c.last_run.clone()))
            .unwrap_or_default();
        if runs_on && started.is_ok() {
            // A script that runs on (a loop): the cli plays it again from its start.
            self.periodic_replay(host, id);
        } else if let Ok(Started::Tool) = started {
            // It prints what it printed before, then ends as it ended.
            let now = self.now;
            let _ = self.container_log_turn(host, id, last_run, now);
            let _ = self.container_process_exit(host, id, last_exit);
        }
        started
    }

    /// Starts again every restarting container whose back-off ran out by now.
    pub(in crate::engine) fn restart_due(&mut self) {
        let now_ms = self.now().0.saturating_mul(1000);
        let due: Vec<(String, String)> = self
            .hosts()
            .filter(|h| h.machine.running && h.daemon.running)
            .flat_map(|h| {
                h.containers
                    .values()
                    .filter(|c| matches!(c.state, State::Restarting { .. }))
                    .map(|c| (h.name.clone(), c.id.clone()))
                    .collect::<Vec<_>>()
            })
            .collect();
        for (host, id) in due {
            for _ in 0..MAX_RESTARTS_PER_TICK {
                let Some((backoff, last_exit)) = self
                    .host(&host)
                    .ok()
                    .and_then(|h| h.containers.get(&id))
                    .and_then(|c| match c.state {
                        State::Restarting { exit_code, .. } => Some((c.restart_backoff, exit_code)),
                        _ => None,
                    })
                else {
                    break;
                };
                let at_ms = backoff.due_ms();
                if at_ms > now_ms {
                    break;
                }
                let started = self.restart_policy_start(&host, &id, last_exit);
                let Ok(h) = self.host_mut(&host) else {
                    break;
                };
                let Some(c) = h.containers.get_mut(&id) else {
                    break;
                };
                match (&started, c.state.clone()) {
                    // It exited again at once: the next wait doubles from this start.
                    // (`exited_by_itself` took the next wait; the exit was at this start.)
                    (Ok(_), State::Restarting { .. }) => {
                        c.restart_backoff.exited_ms = at_ms;
                    }
                    // It could not start: it stays down, as Docker leaves it.
                    (Err(_), State::Restarting { exit_code, since }) => {
                        c.state = State::Exited {
                            exit_code,
                            finished_at: since,
                        };
                    }
                    _ => {}
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_wait_doubles_to_a_minute_and_resets_after_ten_seconds_up() {
        let mut b = Backoff::default().after_exit(0, 0);
        let mut waits = vec![b.wait_ms];
        for _ in 0..11 {
            b = b.after_exit(b.due_ms(), 0);
            waits.push(b.wait_ms);
        }
        assert_eq!(
            waits,
            [100, 200, 400, 800, 1600, 3200, 6400, 12800, 25600, 51200, 60000, 60000]
        );
        assert_eq!(b.after_exit(0, 10_000).wait_ms, 100);
    }
}
