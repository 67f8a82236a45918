//! `GET /containers/{id}/stats`: a container's resource figures, as `docker stats` shows them.
//!
//! Contract: deterministic. Nothing here measures anything: the figures are a pure function of
//! what the container runs (its image's repository and its program), its memory limit, how
//! long it has run on the logical clock, and its ID (a small, stable jitter), so the same
//! inputs always give the same table. A stopped container reads all zeros, as the daemon
//! answers for one (docker/cli then shows `0.00%` and `0B / 0B`).
//!
//! Not simulated: CPU that follows what the learner does (a `curl` loop does not raise
//! nginx's CPU %); the figures only say what an idle container of that kind looks like.

use crate::engine::docker::authz::Action;
use crate::engine::docker::caller::Caller;
use crate::engine::docker::container::{Container, Program, State};
use crate::engine::{EngineError, Timestamp, World};

/// The daemon's memory limit for a container without `--memory`: the host's RAM, as `docker
/// info` prints it (`Total Memory: 3.823GiB`).
pub const HOST_MEMORY_BYTES: u64 = 4_104_900_000;

/// One sample, the fields docker/cli's `StatsEntry` computes from the API's answer.
#[derive(Debug, Clone, PartialEq)]
pub struct ContainerStats {
    pub id: String,
    pub name: String,
    pub cpu_percent: f64,
    pub memory: u64,
    pub memory_limit: u64,
    pub network_rx: u64,
    pub network_tx: u64,
    pub block_read: u64,
    pub block_write: u64,
    pub pids: u64,
}

/// What an idle process of each kind holds: (resident bytes, processes and threads, bytes
/// written at start). Figures of the official images idling on a 2-CPU host.
fn profile(c: &Container, program: &str) -> (u64, u64, u64) {
    const MIB: u64 = 1024 * 1024;
    match (&c.program, program) {
        // master + one worker per CPU
        (Program::Server, "nginx") => (7 * MIB + 620 * 1024, 3, 12_288),
        (Program::Server, "redis") => (4 * MIB + 300 * 1024, 6, 0),
        (Program::Server, "httpd") => (9 * MIB + 100 * 1024, 109, 0),
        (Program::Server, "postgres") => (38 * MIB + 512 * 1024, 6, 49_152_000),
        (Program::Server, "mysql" | "mariadb") => (420 * MIB, 38, 221_000_000),
        (Program::Server, "mongo") => (165 * MIB, 33, 1_200_000),
        (Program::Server, "rabbitmq") => (120 * MIB, 28, 4_100_000),
        (Program::Server, _) => (24 * MIB, 8, 4_096),
        _ => (540 * 1024, 1, 0),
    }
}

impl World {
    /// `GET /containers/{id}/stats?stream=false`: one sample at the clock's time.
    pub fn container_stats(
        &self,
        host: &str,
        caller: &Caller,
        key: &str,
    ) -> Result<ContainerStats, EngineError> {
        self.authorize_plain(host, caller, Action::ContainerStats)?;
        let c = self.container_lookup(host, key)?;
        Ok(sample(c, self.now, self.container_program(c).0))
    }
}

fn sample(c: &Container, now: Timestamp, program: &str) -> ContainerStats {
    let limit = u64::try_from(c.security.memory)
        .ok()
        .filter(|m| *m > 0)
        .unwrap_or(HOST_MEMORY_BYTES);
    let mut stats = ContainerStats {
        id: c.id.clone(),
        name: c.name.clone(),
        cpu_percent: 0.0,
        memory: 0,
        memory_limit: limit,
        network_rx: 0,
        network_tx: 0,
        block_read: 0,
        block_write: 0,
        pids: 0,
    };
    let State::Running { started_at, paused } = c.state else {
        return stats;
    };
    let up = now.seconds_since(started_at);
    // A stable jitter per container and second, so the live table moves as a real one does.
    let seed =
        c.id.bytes()
            .take(8)
            .fold(0u64, |h, b| h.wrapping_mul(31).wrapping_add(u64::from(b)));
    let jitter = seed.wrapping_add(up.wrapping_mul(2_654_435_761)) % 7;
    let (memory, pids, written) = profile(c, program);
    stats.memory = (memory + jitter * 4096).min(limit);
    stats.pids = pids;
    stats.block_write = written;
    stats.cpu_percent = if paused || c.program != Program::Server {
        0.0
    } else {
        jitter as f64 / 100.0
    };
    // On a network with an address: the router's and neighbours' chatter arrives (IPv6 router
    // solicitations, ARP), about 90 bytes every few seconds; nothing leaves an idle server.
    if c.networks
        .values()
        .any(|a| a.endpoint.as_ref().and_then(|e| e.ip).is_some())
    {
        stats.network_rx = 796 + (up / 4) * 90;
    }
    stats
}
