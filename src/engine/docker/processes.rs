//! Processes, as a host and as a container see them: what `ps` on a Linux host, `ps` in a
//! container, `tasklist` and `Get-Process` on a Windows host list.
//!
//! Contract:
//! - A container's processes run on the kernel that runs the container. On Linux, and on
//!   Windows under process isolation, that is the host's kernel: the host lists them, with
//!   the same PID `docker top` shows. Under Hyper-V isolation they run in a utility VM: the
//!   host lists one `vmwp` (the VM worker) and one `vmmem` per container, never the
//!   container's own processes.
//! - A container sees its own PID namespace (its main process is PID 1), unless it was run
//!   with `--pid host`: then it lists the host's processes, with the host's PIDs.
//! - PIDs are derived from the container's creation time, as [`Container::pid`] is, so the
//!   same commands give the same numbers.

use crate::engine::docker::container::{Container, Isolation, Program};
use crate::engine::Kernel;
use crate::engine::World;

/// One process in a listing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Process {
    pub pid: u64,
    pub ppid: u64,
    /// The user name as `ps` shows it.
    pub user: String,
    /// The full command line (`ps -ef`'s CMD); on Windows, the image name (`ping.exe`).
    pub command: String,
    /// The container it belongs to, if any (its name).
    pub container: Option<String>,
}

/// The Linux host's own processes, before any container's.
const LINUX_SYSTEM: &[(u64, u64, &str)] = &[
    (1, 0, "/sbin/init"),
    (412, 1, "/usr/lib/systemd/systemd-journald"),
    (
        689,
        1,
        "sshd: /usr/sbin/sshd -D [listener] 0 of 10-100 startups",
    ),
    (702, 1, "/usr/bin/containerd"),
    (
        731,
        1,
        "/usr/bin/dockerd -H fd:// --containerd=/run/containerd/containerd.sock",
    ),
];

/// The Windows host's own processes (image names, as `tasklist` shows them).
const WINDOWS_SYSTEM: &[(u64, &str)] = &[
    (4, "System"),
    (392, "smss.exe"),
    (516, "csrss.exe"),
    (604, "wininit.exe"),
    (744, "services.exe"),
    (760, "lsass.exe"),
    (1208, "svchost.exe"),
    (2084, "dockerd.exe"),
    (2356, "sshd.exe"),
];

/// The user a container's main process runs as, as `ps` names it.
fn user_of(c: &Container) -> String {
    match c.user.split(':').next().unwrap_or("") {
        "" | "0" => "root".to_string(),
        other => other.to_string(),
    }
}

/// The processes of a running container, with the PIDs the host gives them.
/// `program`: the official image whose programs it runs (`World::container_program`).
fn container_processes(c: &Container, program: &str) -> Vec<Process> {
    let pid = c.pid();
    let user = user_of(c);
    let own = |pid: u64, ppid: u64, user: &str, command: String| Process {
        pid,
        ppid,
        user: user.to_string(),
        command,
        container: Some(c.name.clone()),
    };
    let image = program;
    let mut list = Vec::new();
    if c.program == Program::Server && image == "nginx" {
        list.push(own(
            pid,
            pid.saturating_sub(21),
            &user,
            "nginx: master process nginx -g daemon off;".into(),
        ));
        // One worker per CPU; the simulated host has two.
        // uid 101 inside is messagebus on the host: ps shows it cut to 8 characters.
        list.push(own(
            pid + 41,
            pid,
            "message+",
            "nginx: worker process".into(),
        ));
        list.push(own(
            pid + 42,
            pid,
            "message+",
            "nginx: worker process".into(),
        ));
    } else if c.program == Program::Server && image == "redis" {
        list.push(own(
            pid,
            pid.saturating_sub(21),
            "999",
            "redis-server *:6379".into(),
        ));
    } else {
        list.push(own(pid, pid.saturating_sub(21), &user, c.command_line()));
    }
    list
}

/// A Windows container's main process as Windows names it: `ping localhost -t` → `ping.exe`.
fn windows_image_name(c: &Container) -> String {
    let program = c
        .path
        .rsplit(['\\', '/'])
        .next()
        .unwrap_or(&c.path)
        .to_ascii_lowercase();
    // Windows' own tools ship with upper-case file names.
    if matches!(program.as_str(), "ping" | "ping.exe") {
        return "PING.EXE".into();
    }
    if program.ends_with(".exe") {
        program
    } else {
        format!("{program}.exe")
    }
}

/// A Windows container's processes, its main one at `pid`: the container execution service
/// HCS starts, then the command.
fn windows_container_processes(c: &Container, pid: u64) -> [Process; 2] {
    [
        Process {
            pid: pid.saturating_sub(30),
            ppid: 744,
            user: "SYSTEM".into(),
            command: "CExecSvc.exe".into(),
            container: Some(c.name.clone()),
        },
        Process {
            pid,
            ppid: pid.saturating_sub(30),
            user: "ContainerAdministrator".into(),
            command: windows_image_name(c),
            container: Some(c.name.clone()),
        },
    ]
}

impl World {
    /// Every process the host's kernel runs, sorted by PID. `None` for an unknown host.
    pub fn host_processes(&self, host: &str) -> Option<Vec<Process>> {
        let h = self.host(host).ok()?;
        let running = h.containers.values().filter(|c| c.is_running());
        let mut list: Vec<Process> = Vec::new();
        match h.backend.kernel() {
            // A laptop lists its own desktop, not modelled; a Triton data center is many servers.
            None => {}
            Some(Kernel::Linux) => {
                for (pid, ppid, command) in LINUX_SYSTEM {
                    list.push(Process {
                        pid: *pid,
                        ppid: *ppid,
                        user: "root".into(),
                        command: (*command).into(),
                        container: None,
                    });
                }
                for c in running {
                    let pid = c.pid();
                    list.push(Process {
                        pid: pid.saturating_sub(21),
                        ppid: 1,
                        user: "root".into(),
                        command: format!("/usr/bin/containerd-shim-runc-v2 -namespace moby -id {} -address /run/containerd/containerd.sock", c.id),
                        container: None,
                    });
                    list.extend(container_processes(c, self.container_program(c).0));
                }
            }
            Some(Kernel::Windows) => {
                for (pid, name) in WINDOWS_SYSTEM {
                    list.push(Process {
                        pid: *pid,
                        ppid: 0,
                        user: "SYSTEM".into(),
                        command: (*name).into(),
                        container: None,
                    });
                }
                for c in running {
                    let pid = c.pid();
                    let name = Some(c.name.clone());
                    if c.isolation == Isolation::HyperV {
                        // The utility VM: its worker process and the memory it holds.
                        list.push(Process {
                            pid: pid.saturating_sub(40),
                            ppid: 744,
                            user: "SYSTEM".into(),
                            command: "vmwp.exe".into(),
                            container: name.clone(),
                        });
                        list.push(Process {
                            pid: pid.saturating_sub(38),
                            ppid: 4,
                            user: "SYSTEM".into(),
                            command: "vmmem".into(),
                            container: name,
                        });
                    } else {
                        // Process isolation: the container's own session, on the host's kernel.
                        list.extend(windows_container_processes(c, pid));
                    }
                }
            }
        }
        list.sort_by_key(|p| p.pid);
        Some(list)
    }

    /// `docker top`: a running container's processes, with the PIDs of the kernel that runs
    /// them (the host's; under Hyper-V isolation, the utility VM's). `None` when it does not
    /// run or does not exist.
    pub fn container_top(&self, host: &str, container: &str) -> Option<Vec<Process>> {
        let c = self.container_lookup(host, container).ok()?;
        if !c.is_running() {
            return None;
        }
        if self.host(host).ok()?.backend.kernel() == Some(Kernel::Windows) {
            let pid = c.pid();
            // Hyper-V: the utility VM numbers its processes itself, unrelated to the host's.
            let pid = if c.isolation == Isolation::HyperV {
                1000 + pid.wrapping_mul(7) % 900
            } else {
                pid
            };
            return Some(windows_container_processes(c, pid).to_vec());
        }
        Some(container_processes(c, self.container_program(c).0))
    }

    /// What `ps` inside `container` lists: its own PID namespace, or the host's with
    /// `--pid host`. `None` for an unknown host or container.
    pub fn processes_seen_from(&self, host: &str, container: &str) -> Option<Vec<Process>> {
        let c = self.container_lookup(host, container).ok()?;
        if c.security.pid_mode == "host" {
            return self.host_processes(host);
        }
        // Its own namespace: the main process is PID 1, the rest follow from 2.
        let mut list = container_processes(c, self.container_program(c).0);
        let base = c.pid();
        for p in &mut list {
            // nginx's workers, 41 and 42 above the master on the host, are 29 and 30 inside.
            let offset = p.pid.saturating_sub(base);
            p.pid = if offset == 0 {
                1
            } else {
                offset.saturating_sub(12).max(2)
            };
            p.ppid = if p.pid == 1 { 0 } else { 1 };
        }
        Some(list)
    }

    /// Whether the host's own process list has a process named `name` (`ping`, `vmwp`):
    /// an image name with or without `.exe`, or a command's program.
    pub fn host_sees_process(&self, host: &str, name: &str) -> bool {
        let name = name.to_ascii_lowercase();
        self.host_processes(host).is_some_and(|list| {
            list.iter().any(|p| {
                let program = p
                    .command
                    .split(' ')
                    .next()
                    .unwrap_or("")
                    .rsplit('/')
                    .next()
                    .unwrap_or("")
                    .to_ascii_lowercase();
                program == name || program.strip_suffix(".exe") == Some(name.as_str())
            })
        })
    }
}
