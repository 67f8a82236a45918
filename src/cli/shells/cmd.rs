//! Windows, as a learner meets it: the `cmd.exe` a Windows host opens over OpenSSH, and the
//! shells of Windows containers (`cmd` in Nano Server and Server Core, Windows PowerShell in
//! Server Core, whose own words are `powershell.rs`; both offer the same Windows tools). Their tools print as Windows Server 2022's do: `ipconfig`, `ping`,
//! `hostname`, `whoami`, `ver`.
//!
//! The facts come from the engine (addresses from the `nat` network, reachability from
//! `reach`); only the Windows wording is decided here. A Linux tool typed on a Windows host or
//! in a Windows container is refused in cmd's or PowerShell's own words.

use std::net::Ipv4Addr;

use super::powershell;
use crate::cli::shells::container::Shell;
use crate::cli::tools::ipconfig::{ipconfig, Adapter};
use crate::cli::tools::ping;
use crate::cli::Output;
use crate::engine::docker::image::{windows_base, Userland};
use crate::engine::{Container, World};

/// What `ver` and cmd's banner name: Windows Server 2022 with the November 2025 update.
const VERSION: &str = "Microsoft Windows [Version 10.0.20348.4405]";

/// The prompt of the administrator's `cmd.exe` on a Windows host reached by OpenSSH.
pub fn host_prompt(host: &str) -> String {
    format!("administrator@{host} C:\\Users\\Administrator>")
}

/// cmd's answer to a program it cannot find.
pub fn not_recognized(command: &str) -> Output {
    Output::failed(
        format!("'{command}' is not recognized as an internal or external command,\noperable program or batch file."),
        1,
    )
}

/// The lines cmd prints as it starts, before its first prompt.
pub fn cmd_banner() -> String {
    format!("{VERSION}\n(c) Microsoft Corporation. All rights reserved.\n")
}

/// A program typed at a Windows host's prompt: Windows' own tools; `None` for the commands
/// Berth's CLI runs the same everywhere (docker, host, firewall, ssh, trace, curl, exit).
pub fn host_tool(world: &World, host: &str, words: &[String]) -> Option<Output> {
    let (program, args) = words.split_first()?;
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let base = windows_base(program);
    Some(match base.as_str() {
        "docker" | "host" | "firewall" | "ssh" | "trace" | "curl" | "exit" | "logout" | "help"
        | "clear" | "cls" => return None,
        "hostname" => text(host),
        "whoami" => text(&format!("{host}\\administrator")),
        "ver" => text(&format!("\n{VERSION}")),
        "tasklist" => crate::cli::tools::ps::tasklist(world, host, &args),
        "powershell" => crate::cli::tools::ps::powershell(world, host, &args),
        "ipconfig" => {
            let h = world.host(host).ok()?;
            let lan = crate::engine::underlay().map_or(24, |u| u.prefix());
            let mut adapters = vec![Adapter {
                name: "Ethernet".into(),
                ip: h.machine.underlay_ip,
                prefix: lan,
                gateway: Some(crate::engine::UNDERLAY_GATEWAY),
                mac: h.eth0_mac(),
                index: 4,
            }];
            for (i, n) in h.networks.values().enumerate() {
                let (Some(ipam), Some(device)) = (&n.ipam, &n.bridge_device) else {
                    continue;
                };
                adapters.push(Adapter {
                    name: device.clone(),
                    ip: ipam.gateway,
                    prefix: ipam.subnet.prefix(),
                    gateway: None,
                    mac: format!("00:15:5d:{:02x}:{:02x}:01", i, ipam.subnet.prefix()),
                    index: 10 + u32::try_from(i).unwrap_or(0),
                });
            }
            ipconfig(&adapters)
        }
        "ping" => {
            let sender = ping::Sender {
                resolve: &|name| resolve_on_host(world, host, name),
                reach: &|ip| world.reach_from_host(host, ip),
                id: host,
            };
            ping::ping(world, ping::Rendering::Windows, &sender, &args)
        }
        _ => not_recognized(program),
    })
}

fn text(s: &str) -> Output {
    let mut o = Output::default();
    o.out(s);
    o
}

/// A name as a Windows host resolves it: the lab's hosts, then the simulated internet.
fn resolve_on_host(world: &World, host: &str, name: &str) -> Option<Ipv4Addr> {
    if let Ok(ip) = name.parse() {
        return Some(ip);
    }
    if name.eq_ignore_ascii_case("localhost") {
        return Some(Ipv4Addr::LOCALHOST);
    }
    if let Some(h) = world.host_lookup(name) {
        return Some(h.machine.underlay_ip);
    }
    if name.eq_ignore_ascii_case(host) {
        return world.host(host).ok().map(|h| h.machine.underlay_ip);
    }
    crate::engine::lab::sandbox::INTERNET
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, ip)| *ip)
}

/// A command line in a Windows container, under `cmd` or `powershell`.
pub fn run_in_container(shell: &Shell<'_>, words: &[String]) -> Output {
    let Some((program, args)) = words.split_first() else {
        return Output::default();
    };
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let base = windows_base(program);
    let powershell = shell.shell == "powershell";
    let line = words.join(" ");
    let missing = |command: &str| {
        if powershell {
            powershell::not_recognized(&line, command)
        } else {
            not_recognized(command)
        }
    };
    if !shell.userland.has(&base) {
        return missing(program);
    }
    let c = shell.container;
    match base.as_str() {
        "exit" => {
            let code = args.first().and_then(|a| a.parse().ok()).unwrap_or(0);
            Output {
                exit_code: code,
                exit_shell: true,
                ..Output::default()
            }
        }
        "hostname" => text(&c.hostname),
        "whoami" => text(match shell.userland {
            Userland::ServerCore => "user manager\\containeradministrator",
            _ => "user manager\\containeruser",
        }),
        "ver" => text(&format!("\n{VERSION}")),
        "cmd" | "powershell" if args.is_empty() => {
            // A nested shell: it prints its banner and takes the terminal until `exit`.
            let banner = if base == "cmd" {
                cmd_banner()
            } else {
                powershell::banner()
            };
            let mut o = text(banner.trim_end_matches('\n'));
            o.enter_shell = Some(Box::new(crate::cli::EnterShell {
                container_id: c.id.clone(),
                shell: base.clone(),
                main_process: false,
                prompt: crate::cli::render::prompt::container(
                    shell.userland,
                    &base,
                    &c.hostname,
                    None,
                ),
                user: None,
                workdir: None,
            }));
            o
        }
        "cmd" => match args.as_slice() {
            ["/c" | "/C" | "/k" | "/K", rest @ ..] => {
                let words: Vec<String> = rest.iter().map(|w| (*w).to_string()).collect();
                run_in_container(shell, &words)
            }
            _ => Output::failed(format!("berth: cmd {} is not simulated; cmd /c COMMAND is.", args.join(" ")), 1),
        },
        "ipconfig" => {
            let interfaces = shell
                .world
                .container_interfaces(shell.host, &c.id)
                .unwrap_or_default();
            let adapters: Vec<Adapter> = interfaces
                .iter()
                .enumerate()
                .map(|(i, iface)| Adapter {
                    name: if i == 0 {
                        "vEthernet (Ethernet)".into()
                    } else {
                        format!("vEthernet (Ethernet {})", i + 1)
                    },
                    ip: iface.ip,
                    prefix: iface.prefix,
                    gateway: Some(iface.gateway),
                    mac: iface.mac.clone(),
                    index: 17 + u32::try_from(i).unwrap_or(0),
                })
                .collect();
            ipconfig(&adapters)
        }
        "ping" => {
            let sender = ping::Sender {
                resolve: &|name| resolve_in_container(shell.world, shell.host, c, name),
                reach: &|ip| shell.world.reach(shell.host, &c.id, ip),
                id: &c.id,
            };
            ping::ping(shell.world, ping::Rendering::Windows, &sender, &args)
        }
        other => Output::failed(
            format!("berth: `{other}` exists in this image but is not simulated yet. Try ipconfig, ping, hostname, whoami, ver, cmd, exit."),
            1,
        ),
    }
}

/// A name as a Windows container resolves it: its own name, then the network's DNS.
fn resolve_in_container(world: &World, host: &str, c: &Container, name: &str) -> Option<Ipv4Addr> {
    if let Ok(ip) = name.parse() {
        return Some(ip);
    }
    if name.eq_ignore_ascii_case("localhost") {
        return Some(Ipv4Addr::LOCALHOST);
    }
    match world.dns_lookup(host, &c.id, name) {
        Ok(crate::engine::lab::sandbox::Lookup::Found { addresses, .. }) => {
            addresses.first().copied()
        }
        _ => None,
    }
}
