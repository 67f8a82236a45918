//! `host …`: Berth's own command for the lab's machines (add, ls, rm, stop, start), so its
//! words are Berth's. The other commands of the lab (`firewall`, `ssh`, `trace`, `pipework`,
//! `etcdctl`, `flanneld`, `dockerd`) and a host's tools have a file each in `tools/`.

use crate::cli::{table, Output};
use crate::engine::lab::hosts::HostError;
use crate::engine::Backend;
use crate::engine::World;

const HOST_USAGE: &str = "Usage: host add NAME [--os linux|windows] [--laptop] [--triton]\n       host ls\n       host rm NAME\n       host stop NAME\n       host start NAME\n       host add --help";

/// `host add --help`: every kind of host the lab can hold.
const HOST_ADD_HELP: &str = "Usage: host add NAME [OPTIONS]

Add a machine to the lab, on the underlay 192.168.50.0/24, with its own terminal tab.

Options:
      --os linux     A Linux server running dockerd (the default)
      --os windows   A Windows Server 2022 host: Windows containers, the nat network,
                     --isolation process|hyperv, cmd and PowerShell
      --laptop       A Mac laptop of the boot2docker era: no Docker daemon of its own,
                     VirtualBox and docker-machine to create the Linux VM that runs one
      --triton       A Joyent Triton data center: the whole data center is one Docker
                     host (sdc-docker); ssh NAME opens your client shell pointed at it.
                     Containers get a NIC on the account's fabric, -p gives each its own
                     public IP, Triton CNS names them (--label triton.cns.services=web)";
/// `host …`: manages the hosts of the lab.
pub fn host(world: &mut World, args: &[String]) -> Output {
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let result = match args.as_slice() {
        ["add", "--help" | "-h"] | ["add", _, "--help" | "-h"] => {
            let mut o = Output::default();
            o.out(HOST_ADD_HELP);
            return o;
        }
        ["add", name] => add(world, name, Backend::Linux),
        ["add", name, "--laptop"] | ["add", "--laptop", name] => add(world, name, Backend::MacOs),
        ["add", name, "--triton"] | ["add", "--triton", name] => add(world, name, Backend::Triton),
        ["add", name, "--os", os] | ["add", "--os", os, name] => match *os {
            "linux" => add(world, name, Backend::Linux),
            "windows" => add(world, name, Backend::Windows),
            "macos" | "mac" | "darwin" => add(world, name, Backend::MacOs),
            other => {
                return Output::failed(
                    format!("berth: host add: unknown --os {other:?}: use linux or windows (or --laptop, --triton; see host add --help)"),
                    1,
                )
            }
        },
        ["ls"] | ["list"] => return list(world),
        ["rm", name] => world
            .host_remove(name)
            .map(|()| format!("{name} removed, with everything that ran on it.")),
        ["stop", name] if world.host(name).is_ok_and(|h| h.backend == Backend::MacOs) => {
            world.host_stop(name).map(|()| {
                format!("{name} is shutting down, and its VirtualBox VMs with it. `host start {name}` boots it again; `docker-machine start` the VMs.")
            })
        }
        ["stop", name] => world.host_stop(name).map(|()| {
            format!("{name} is shutting down: dockerd stopped its containers. `host start {name}` boots it again.")
        }),
        ["start", name] => world.host_start(name).map(|()| {
            format!("{name} booted: dockerd restarted the containers whose restart policy asks for it.")
        }),
        _ => return Output::failed(HOST_USAGE, 1),
    };
    answer(result)
}

fn add(world: &mut World, name: &str, os: Backend) -> Result<String, HostError> {
    let h = world.host_add(name, os)?;
    let system = match os {
        Backend::Linux => "Linux",
        Backend::Windows => "Windows Server 2022 (Windows containers, a nat network)",
        Backend::MacOs => "a Mac laptop with VirtualBox and no Docker daemon (docker-machine create -d virtualbox NAME makes one)",
        Backend::Triton => {
            return Ok(format!(
                "{} is up: a Triton data center ({}, {} compute nodes), the whole data center one \
                 Docker host (sdc-docker). `ssh {}` opens your client shell, {} on the underlay, \
                 with DOCKER_HOST=tcp://{}.docker.joyent.com:2376 for account {}.",
                h.name,
                crate::engine::platforms::triton::DATACENTER,
                crate::engine::platforms::triton::COMPUTE_NODES,
                h.name,
                h.machine.underlay_ip,
                crate::engine::platforms::triton::DATACENTER,
                crate::engine::platforms::triton::ACCOUNT
            ))
        }
    };
    Ok(format!(
        "{} is up: {system}, {} on the underlay. `ssh {}` opens a shell on it.",
        h.name, h.machine.underlay_ip, h.name
    ))
}

pub(crate) fn answer(result: Result<String, HostError>) -> Output {
    match result {
        Ok(text) => {
            let mut o = Output::default();
            o.out(text);
            o
        }
        Err(e) => Output::failed(format!("berth: {e}"), 1),
    }
}

fn list(world: &World) -> Output {
    let mut rows = vec![vec![
        "NAME".to_string(),
        "OS".into(),
        "STATE".into(),
        "ADDRESS".into(),
        "CONTAINERS".into(),
        "FIREWALL DENIES".into(),
    ]];
    for h in world.hosts() {
        rows.push(vec![
            h.name.clone(),
            match &h.machine.vm {
                Some(vm) => format!("linux (VM on {})", vm.laptop),
                None => h.backend.as_str().into(),
            },
            if h.machine.running {
                "running"
            } else {
                "stopped"
            }
            .into(),
            // A VM's address is on its laptop's host-only network, not on the underlay.
            match &h.machine.vm {
                Some(_) => format!("{} (host-only)", h.machine.underlay_ip),
                None => h.machine.underlay_ip.to_string(),
            },
            h.containers.len().to_string(),
            denied(h),
        ]);
    }
    let mut o = Output::default();
    o.out(table::render(&rows).join("\n"));
    o
}

pub(crate) fn denied(h: &crate::engine::Host) -> String {
    if h.machine.firewall.is_empty() {
        return "-".into();
    }
    h.machine
        .firewall
        .iter()
        .map(|(proto, port)| format!("{port}/{}", proto.as_str()))
        .collect::<Vec<_>>()
        .join(", ")
}
