//! What a server image's main process writes as it ends on a terminating signal (SIGINT from an
//! attached `docker run` when the learner presses Ctrl-C, `docker kill -s INT|TERM|QUIT`): the
//! images' own shutdown lines, dated on the simulated calendar, appended to the container's
//! logs as the start-up lines are (`image::startup_log`).
//!
//! Contract: plain data, like the start-up lines: the process's own output, which the cli
//! prints as it is. An image whose shutdown lines Berth does not know writes nothing (its exit
//! status is still the real one: a server exits 0 on a terminating signal).
//!
//! Sources: nginx `src/os/unix/ngx_process.c` (`signal %d (%s) received%s`, `, exiting` for
//! SIGINT/SIGTERM, `worker process %P exited with code %d`), `ngx_process_cycle.c`
//! (`exiting`, `exit`); Redis `src/server.c` `sigShutdownHandler` (`Received %s scheduling
//! shutdown...`, written by `serverLogRawFromHandler` as `pid:signal-handler (unixtime) msg`)
//! and `prepareForShutdown`/`finishShutdown`; Apache httpd `server/mpm/event/event.c`
//! (`AH00491: caught SIGTERM, shutting down`, which SIGINT shares).

use crate::engine::Timestamp;

/// The lines `repository`'s process writes when `signal` (`INT`, `TERM`, `QUIT`) ends it at
/// `at`.
pub fn shutdown_log(repository: &str, at: Timestamp, signal: &str) -> Vec<String> {
    let (y, mo, d, h, mi, s) = at.civil();
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let month = MONTHS
        .get(mo.saturating_sub(1) as usize)
        .copied()
        .unwrap_or("Jan");
    let number = match signal {
        "INT" => 2,
        "QUIT" => 3,
        _ => 15,
    };
    match repository {
        "nginx" => {
            let stamp = format!("{y:04}/{mo:02}/{d:02} {h:02}:{mi:02}:{s:02}");
            // SIGQUIT is nginx's graceful shutdown; INT and TERM are its fast one.
            let action = if signal == "QUIT" {
                "gracefully shutting down"
            } else {
                "exiting"
            };
            [
                format!("1#1: signal {number} (SIG{signal}) received, {action}"),
                "29#29: exiting".to_string(),
                "30#30: exiting".to_string(),
                "29#29: exit".to_string(),
                "30#30: exit".to_string(),
                "1#1: signal 17 (SIGCHLD) received from 29".to_string(),
                "1#1: worker process 29 exited with code 0".to_string(),
                "1#1: worker process 30 exited with code 0".to_string(),
                "1#1: exit".to_string(),
            ]
            .into_iter()
            .map(|line| format!("{stamp} [notice] {line}"))
            .collect()
        }
        "redis" => {
            let stamp = format!("{d:02} {month} {y:04} {h:02}:{mi:02}:{s:02}.000");
            vec![
                format!(
                    "1:signal-handler ({}) Received SIG{signal} scheduling shutdown...",
                    at.unix()
                ),
                format!("1:M {stamp} * User requested shutdown..."),
                format!("1:M {stamp} * Saving the final RDB snapshot before exiting."),
                format!("1:M {stamp} * DB saved on disk"),
                format!("1:M {stamp} # Redis is now ready to exit, bye bye..."),
            ]
        }
        "httpd" => {
            let stamp = format!("{month} {d:02} {h:02}:{mi:02}:{s:02}.000000 {y:04}");
            vec![format!(
                "[{stamp}] [mpm_event:notice] [pid 1:tid 1] AH00491: caught SIGTERM, shutting down"
            )]
        }
        _ => Vec::new(),
    }
}
