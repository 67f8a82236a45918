//! Process listings in each system's own layout: procps `ps` on a Linux host, busybox `ps`
//! in Alpine and busybox containers, and on a Windows host `tasklist` and Windows
//! PowerShell's `Get-Process` (run as `powershell Get-Process …` from the host's cmd).
//!
//! Who sees which process is the engine's answer ([`crate::engine::docker::processes`]); this module
//! only lays the lists out.

use std::fmt::Write as _;

use crate::cli::Output;
use crate::engine::docker::processes::Process;
use crate::engine::World;

/// `ps`, `ps -ef` or `ps aux` on a Linux host.
pub fn host_ps(world: &World, host: &str, args: &[&str]) -> Output {
    let Some(list) = world.host_processes(host) else {
        return Output::default();
    };
    let mut o = Output::default();
    match args {
        // Without options: the processes of this terminal only.
        [] => {
            o.out("    PID TTY          TIME CMD\n   2051 pts/0    00:00:00 bash\n   2107 pts/0    00:00:00 ps");
        }
        ["-ef" | "-e" | "-A" | "-eF"] => {
            let mut text = "UID          PID    PPID  C STIME TTY          TIME CMD".to_string();
            for p in &list {
                let _ = write!(
                    text,
                    "\n{:<8} {:>7} {:>7}  0 12:00 ?        00:00:00 {}",
                    p.user, p.pid, p.ppid, p.command
                );
            }
            o.out(text);
        }
        ["aux" | "-aux" | "ax" | "axu"] => {
            let mut text =
                "USER         PID %CPU %MEM    VSZ   RSS TTY      STAT START   TIME COMMAND"
                    .to_string();
            for p in &list {
                let _ = write!(
                    text,
                    "\n{:<8} {:>7}  0.0  0.1  12345  6789 ?        Ss   12:00   0:00 {}",
                    p.user, p.pid, p.command
                );
            }
            o.out(text);
        }
        _ => {
            return Output::failed(
                format!(
                    "berth: ps {} is not simulated; ps, ps -ef and ps aux are.",
                    args.join(" ")
                ),
                1,
            )
        }
    }
    o
}

/// busybox `ps` in a container: its own processes, or the host's with `--pid host`.
pub fn in_container(world: &World, host: &str, container: &str) -> Output {
    let Some(mut list) = world.processes_seen_from(host, container) else {
        return Output::default();
    };
    // `ps` itself, the newest process of the namespace it runs in.
    let next = list.iter().map(|p| p.pid).max().unwrap_or(0) + 6;
    list.push(Process {
        pid: next,
        ppid: 0,
        user: "root".into(),
        command: "ps".into(),
        container: None,
    });
    let mut text = "PID   USER     TIME  COMMAND".to_string();
    for p in &list {
        // busybox prints numeric UIDs it cannot name, and cuts names to 8.
        let user: String = p.user.chars().take(8).collect();
        let _ = write!(
            text,
            "\n{:>5} {:<8} {:>5} {}",
            p.pid, user, "0:00", p.command
        );
    }
    let mut o = Output::default();
    o.out(text);
    o
}

/// procps `ps` in a container that installed it (Debian's and Ubuntu's `procps`): the same
/// processes in procps' default layout (`PID TTY TIME CMD`, the command's name only). Not
/// simulated: selecting by terminal (every process of the container is shown, on `pts/0`).
pub fn in_container_procps(world: &World, host: &str, container: &str) -> Output {
    let Some(list) = world.processes_seen_from(host, container) else {
        return Output::default();
    };
    let next = list.iter().map(|p| p.pid).max().unwrap_or(0) + 6;
    let mut text = "    PID TTY          TIME CMD".to_string();
    let names = list
        .iter()
        .map(|p| (p.pid, p.command.as_str()))
        .chain(std::iter::once((next, "ps")));
    for (pid, command) in names {
        let program = command.split(' ').next().unwrap_or(command);
        let name = program.rsplit('/').next().unwrap_or(program);
        let _ = write!(text, "\n{pid:>7} pts/0    00:00:00 {name}");
    }
    let mut o = Output::default();
    o.out(text);
    o
}

/// The name Windows gives a process: the image name without `.exe` (`PING.EXE` → `PING`).
fn process_name(image: &str) -> &str {
    image
        .strip_suffix(".exe")
        .or_else(|| image.strip_suffix(".EXE"))
        .unwrap_or(image)
}

/// `tasklist [/FI "IMAGENAME eq NAME"]` on a Windows host.
pub fn tasklist(world: &World, host: &str, args: &[&str]) -> Output {
    let Some(list) = world.host_processes(host) else {
        return Output::default();
    };
    let filter = match args {
        [] => None,
        [fi, expr] if fi.eq_ignore_ascii_case("/fi") => {
            let words: Vec<&str> = expr.split_whitespace().collect();
            match words.as_slice() {
                [key, op, value]
                    if key.eq_ignore_ascii_case("imagename") && op.eq_ignore_ascii_case("eq") =>
                {
                    Some((*value).to_string())
                }
                _ => return Output::failed("ERROR: The search filter cannot be recognized.", 1),
            }
        }
        _ => {
            return Output::failed(
                "ERROR: Invalid argument/option - '".to_string()
                    + args.first().copied().unwrap_or("")
                    + "'.\nType \"TASKLIST /?\" for usage.",
                1,
            )
        }
    };
    let shown: Vec<&Process> = list
        .iter()
        .filter(|p| {
            filter
                .as_ref()
                .is_none_or(|f| p.command.eq_ignore_ascii_case(f))
        })
        .collect();
    let mut o = Output::default();
    if shown.is_empty() {
        o.out("INFO: No tasks are running which match the specified criteria.");
        return o;
    }
    let mut text = "\nImage Name                     PID Session Name        Session#    Mem Usage\n========================= ======== ================ =========== ============".to_string();
    for p in shown {
        // A process-isolated container is a session of its own on the host.
        let session = if p.container.is_some() && p.user != "SYSTEM" {
            2
        } else {
            0
        };
        let _ = write!(
            text,
            "\n{:<25} {:>8} {:<16} {:>11} {:>12}",
            p.command, p.pid, "Services", session, "5,176 K"
        );
    }
    o.out(text);
    o
}

/// `powershell [-Command] Get-Process [-Name] NAME` from the host's cmd.
pub fn powershell(world: &World, host: &str, args: &[&str]) -> Output {
    let args: Vec<&str> = match args {
        [flag, rest @ ..]
            if flag.eq_ignore_ascii_case("-command") || flag.eq_ignore_ascii_case("-c") =>
        {
            rest.iter().flat_map(|a| a.split_whitespace()).collect()
        }
        _ => args.iter().flat_map(|a| a.split_whitespace()).collect(),
    };
    let line = args.join(" ");
    let name = match args.as_slice() {
        [cmdlet, rest @ ..] if cmdlet.eq_ignore_ascii_case("get-process") || cmdlet.eq_ignore_ascii_case("gps") => match rest {
            [] => None,
            [flag, name] if flag.eq_ignore_ascii_case("-name") => Some(*name),
            [name] => Some(*name),
            _ => return Output::failed(format!("berth: Get-Process {} is not simulated; Get-Process [-Name] NAME is.", rest.join(" ")), 1),
        },
        [] => return Output::failed("berth: an interactive PowerShell on the host is not simulated; run one command: powershell Get-Process -Name NAME", 1),
        _ => return Output::failed(format!("berth: `{line}` is not simulated in PowerShell here; Get-Process [-Name] NAME is."), 1),
    };
    let Some(list) = world.host_processes(host) else {
        return Output::default();
    };
    let shown: Vec<&Process> = list
        .iter()
        .filter(|p| name.is_none_or(|n| process_name(&p.command).eq_ignore_ascii_case(n)))
        .collect();
    if let (Some(n), true) = (name, shown.is_empty()) {
        let marks = "~".repeat(line.chars().count());
        return Output::failed(
            format!("Get-Process : Cannot find a process with the name \"{n}\". Verify the process name and call the cmdlet again.\nAt line:1 char:1\n+ {line}\n+ {marks}\n    + CategoryInfo          : ObjectNotFound: ({n}:String) [Get-Process], ProcessCommandException\n    + FullyQualifiedErrorId : NoProcessFoundForGivenName,Microsoft.PowerShell.Commands.GetProcessCommand\n "),
            1,
        );
    }
    let mut text = "\nHandles  NPM(K)    PM(K)      WS(K)     CPU(s)     Id  SI ProcessName\n-------  ------    -----      -----     ------     --  -- -----------".to_string();
    for p in shown {
        let session = if p.container.is_some() && p.user != "SYSTEM" {
            2
        } else {
            0
        };
        let _ = write!(
            text,
            "\n{:>7} {:>7} {:>8} {:>10} {:>10} {:>6} {:>3} {}",
            83,
            6,
            1240,
            5176,
            "0.02",
            p.pid,
            session,
            process_name(&p.command)
        );
    }
    text.push('\n');
    let mut o = Output::default();
    o.out(text);
    o
}
