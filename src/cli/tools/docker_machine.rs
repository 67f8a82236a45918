//! The laptop of 2015 at the terminal: `docker-machine` (create, ls, env, ip, ssh, stop,
//! start, rm), `eval $(docker-machine env NAME)`, VirtualBox's `VBoxManage … natpf1` port
//! forwards (the Mac's bash itself is `shells/laptop.rs`).
//!
//! The facts are the engine's ([`crate::engine::platforms::machine`]); the words are docker-machine
//! 0.16's and VirtualBox's (reference: seed-systems.md section 6).

use crate::cli::Output;
use crate::engine::docker::ports::Proto;
use crate::engine::platforms::machine::{MachineError, NatForward};
use crate::engine::World;

/// Where docker-machine keeps a machine's certificates on the laptop.
fn cert_path(name: &str) -> String {
    format!("/Users/learner/.docker/machine/machines/{name}")
}

/// The API endpoint of a machine.
pub fn url(world: &World, name: &str) -> Option<String> {
    world
        .host(name)
        .ok()
        .map(|h| format!("tcp://{}:2376", h.machine.underlay_ip))
}

fn failed(e: &MachineError) -> Output {
    Output::failed(e.to_string(), 1)
}

const USAGE: &str = "Usage: docker-machine [OPTIONS] COMMAND [arg...]

Create and manage machines running Docker.

Commands:
  create\t\tCreate a machine
  env\t\t\tDisplay the commands to set up the environment for the Docker client
  ip\t\t\tGet the IP address of a machine
  ls\t\t\tList machines
  rm\t\t\tRemove a machine
  ssh\t\t\tLog into or run a command on a machine with SSH.
  start\t\t\tStart a machine
  stop\t\t\tStop a machine

Run 'docker-machine COMMAND --help' for more information on a command.";

/// The machine a command names, or `default` (docker-machine's own fallback).
fn target(world: &World, laptop: &str, args: &[&str]) -> Result<String, Output> {
    match args.iter().find(|a| !a.starts_with('-')) {
        Some(name) => Ok((*name).to_string()),
        None if world.machine(laptop, "default").is_ok() => Ok("default".into()),
        None => Err(Output::failed(
            "Error: No machine name(s) specified and no \"default\" machine exists",
            1,
        )),
    }
}

/// `docker-machine …` on `laptop`.
pub fn docker_machine(world: &mut World, laptop: &str, args: &[&str]) -> Output {
    let Some((verb, rest)) = args.split_first() else {
        return text(USAGE);
    };
    match *verb {
        "create" => create(world, laptop, rest),
        "ls" => ls(world, laptop),
        "env" => {
            let name = match target(world, laptop, rest) {
                Ok(n) => n,
                Err(o) => return o,
            };
            if rest.contains(&"-u") || rest.contains(&"--unset") {
                return text("unset DOCKER_TLS_VERIFY\nunset DOCKER_HOST\nunset DOCKER_CERT_PATH\nunset DOCKER_MACHINE_NAME\n# Run this command to configure your shell: \n# eval $(docker-machine env -u)");
            }
            match env(world, laptop, &name) {
                Ok(vars) => {
                    let mut lines: Vec<String> =
                        vars.iter().map(|(k, v)| format!("export {k}=\"{v}\"")).collect();
                    lines.push(format!(
                        "# Run this command to configure your shell: \n# eval $(docker-machine env {name})"
                    ));
                    text(&lines.join("\n"))
                }
                Err(o) => o,
            }
        }
        "ip" => {
            let name = match target(world, laptop, rest) {
                Ok(n) => n,
                Err(o) => return o,
            };
            match world.machine(laptop, &name) {
                Ok(h) if !h.machine.running => failed(&MachineError::NotRunning),
                Ok(h) => text(&h.machine.underlay_ip.to_string()),
                Err(e) => failed(&e),
            }
        }
        "ssh" => {
            let name = match target(world, laptop, rest) {
                Ok(n) => n,
                Err(o) => return o,
            };
            match world.machine(laptop, &name) {
                Ok(h) if !h.machine.running => failed(&MachineError::NotRunning),
                Ok(h) => Output {
                    enter_host: Some(h.name.clone()),
                    ..Output::default()
                },
                Err(e) => failed(&e),
            }
        }
        "stop" | "start" | "restart" | "rm" | "kill" => {
            let name = match target(world, laptop, rest) {
                Ok(n) => n,
                Err(o) => return o,
            };
            if let Err(e) = world.machine(laptop, &name) {
                return failed(&e);
            }
            power(world, verb, &name, rest)
        }
        "-h" | "--help" | "help" => text(USAGE),
        other => Output::failed(
            format!("docker-machine: '{other}' is not a docker-machine command.\nSee 'docker-machine --help'."),
            1,
        ),
    }
}

fn text(s: &str) -> Output {
    let mut o = Output::default();
    o.out(s);
    o
}

fn create(world: &mut World, laptop: &str, args: &[&str]) -> Output {
    let mut name = None;
    let mut driver = "virtualbox";
    let mut words = args.iter();
    while let Some(word) = words.next() {
        match *word {
            "-d" | "--driver" => driver = words.next().copied().unwrap_or(""),
            w if w.starts_with("--driver=") => driver = w.trim_start_matches("--driver="),
            // VirtualBox's sizing flags change nothing the lab shows.
            "--virtualbox-memory" | "--virtualbox-cpu-count" | "--virtualbox-disk-size" => {
                words.next();
            }
            w if w.starts_with('-') => {}
            w => name = Some(w),
        }
    }
    let Some(name) = name else {
        return Output::failed("Error: No machine name specified", 1);
    };
    if driver != "virtualbox" {
        return Output::failed(
            format!("berth: the {driver} driver is not simulated; docker-machine create -d virtualbox {name} is."),
            1,
        );
    }
    if let Err(e) = world.machine_create(laptop, name) {
        return failed(&e);
    }
    text(&format!(
        "Running pre-create checks...
Creating machine...
({name}) Copying /Users/learner/.docker/machine/cache/boot2docker.iso to /Users/learner/.docker/machine/machines/{name}/boot2docker.iso...
({name}) Creating VirtualBox VM...
({name}) Creating SSH key...
({name}) Starting the VM...
({name}) Check network to re-create if needed...
({name}) Waiting for an IP...
Waiting for machine to be running, this may take a few minutes...
Detecting operating system of created instance...
Waiting for SSH to be available...
Detecting the provisioner...
Provisioning with boot2docker...
Copying certs to the local machine directory...
Copying certs to the remote machine...
Setting Docker configuration on the remote daemon...
Checking connection to Docker...
Docker is up and running!
To see how to connect your Docker Client to the Docker Engine running on this virtual machine, run: docker-machine env {name}"
    ))
}

/// The variables `docker-machine env NAME` exports.
pub fn env(world: &World, laptop: &str, name: &str) -> Result<Vec<(&'static str, String)>, Output> {
    let h = world.machine(laptop, name).map_err(|e| failed(&e))?;
    if !h.machine.running {
        return Err(Output::failed(
            "Error checking TLS connection: Host is not running",
            1,
        ));
    }
    Ok(vec![
        ("DOCKER_TLS_VERIFY", "1".into()),
        (
            "DOCKER_HOST",
            format!("tcp://{}:2376", h.machine.underlay_ip),
        ),
        ("DOCKER_CERT_PATH", cert_path(name)),
        ("DOCKER_MACHINE_NAME", name.to_string()),
    ])
}

/// `eval $(docker-machine env [-u] NAME)`: the laptop's shell takes the variables.
pub fn eval_env(world: &mut World, laptop: &str, args: &[&str]) -> Output {
    const NAMES: [&str; 4] = [
        "DOCKER_TLS_VERIFY", "DOCKER_HOST", "DOCKER_CERT_PATH", "DOCKER_MACHINE_NAME",
    ];
    if args.contains(&"-u") || args.contains(&"--unset") {
        for name in NAMES {
            world.shell_env_set(laptop, name, None);
        }
        return Output::default();
    }
    let name = match target(world, laptop, args) {
        Ok(n) => n,
        Err(o) => return o,
    };
    match env(world, laptop, &name) {
        Ok(vars) => {
            for (k, v) in vars {
                world.shell_env_set(laptop, k, Some(&v));
            }
            Output::default()
        }
        // The error goes to the terminal; `eval` of an empty output changes nothing.
        Err(o) => o,
    }
}

fn ls(world: &World, laptop: &str) -> Output {
    let active = world
        .host(laptop)
        .ok()
        .and_then(|h| h.machine.shell_env.get("DOCKER_HOST").cloned());
    let mut rows = vec![[
        "NAME", "ACTIVE", "DRIVER", "STATE", "URL", "SWARM", "DOCKER", "ERRORS",
    ]
    .map(String::from)
    .to_vec()];
    for h in world.machines(laptop) {
        let url = format!("tcp://{}:2376", h.machine.underlay_ip);
        let is_active = h.machine.running && active.as_deref() == Some(url.as_str());
        rows.push(vec![
            h.name.clone(),
            if is_active { "*" } else { "-" }.into(),
            "virtualbox".into(),
            if h.machine.running {
                "Running"
            } else {
                "Stopped"
            }
            .into(),
            if h.machine.running {
                url
            } else {
                String::new()
            },
            String::new(),
            if h.machine.running {
                format!("v{}", h.machine.versions.docker)
            } else {
                "Unknown".into()
            },
            String::new(),
        ]);
    }
    // docker-machine's tabwriter: minimum width 5, padding 3.
    text(&crate::cli::table::render_min(&rows, 5).join("\n"))
}

fn power(world: &mut World, verb: &str, name: &str, args: &[&str]) -> Output {
    match verb {
        "stop" | "kill" => match world.host_stop(name) {
            Ok(()) => text(&format!(
                "{} \"{name}\"...\nMachine \"{name}\" was {}.",
                if verb == "stop" { "Stopping" } else { "Killing" },
                if verb == "stop" { "stopped" } else { "killed" }
            )),
            Err(_) => text(&format!("{} \"{name}\"...\nMachine \"{name}\" is already stopped.", if verb == "stop" { "Stopping" } else { "Killing" })),
        },
        "start" => match world.host_start(name) {
            Ok(()) => text(&format!(
                "Starting \"{name}\"...\n({name}) Check network to re-create if needed...\n({name}) Waiting for an IP...\nMachine \"{name}\" was started.\nWaiting for SSH to be available...\nDetecting the provisioner...\nStarted machines may have new IP addresses. You may need to re-run the `docker-machine env` command."
            )),
            Err(_) => text(&format!("Starting \"{name}\"...\nMachine \"{name}\" is already running.")),
        },
        "restart" => {
            let _ = world.host_stop(name);
            let _ = world.host_start(name);
            text(&format!(
                "Restarting \"{name}\"...\n({name}) Check network to re-create if needed...\n({name}) Waiting for an IP...\nWaiting for SSH to be available...\nDetecting the provisioner...\nRestarted machines may have new IP addresses. You may need to re-run the `docker-machine env` command."
            ))
        }
        _ => {
            if !args.iter().any(|a| *a == "-y" || *a == "-f" || *a == "--force") {
                let mut o = text(&format!(
                    "About to remove {name}\nWARNING: This action will delete both local reference and remote instance.\nAre you sure? (y/n): "
                ));
                o.err("berth: answering prompts is not simulated yet: add -y to confirm.");
                o.exit_code = 1;
                return o;
            }
            match world.host_remove(name) {
                Ok(()) => text(&format!("About to remove {name}\nWARNING: This action will delete both local reference and remote instance.\nSuccessfully removed {name}")),
                Err(e) => Output::failed(format!("berth: {e}"), 1),
            }
        }
    }
}

const VBOX_USAGE: &str = "berth: VBoxManage here edits NAT port forwards: VBoxManage controlvm VM natpf1 \"NAME,tcp,,HOSTPORT,,GUESTPORT\" (or modifyvm VM --natpf1 …, and … natpf1 delete NAME)";

/// `VBoxManage controlvm VM natpf1 RULE|delete NAME` and `VBoxManage modifyvm VM --natpf1 …`.
pub fn vboxmanage(world: &mut World, laptop: &str, args: &[&str]) -> Output {
    let (vm, rest) = match args {
        ["controlvm", vm, "natpf1", rest @ ..] | ["modifyvm", vm, "--natpf1", rest @ ..] => {
            (*vm, rest)
        }
        ["list", "runningvms" | "vms"] => {
            let lines: Vec<String> = world
                .machines(laptop)
                .iter()
                .filter(|h| args.get(1) == Some(&"vms") || h.machine.running)
                .map(|h| format!("\"{}\" {{{}}}", h.name, uuid(&h.name)))
                .collect();
            return text(&lines.join("\n"));
        }
        _ => return Output::failed(VBOX_USAGE, 1),
    };
    if world.machine(laptop, vm).is_err() {
        return Output::failed(
            format!("VBoxManage: error: Could not find a registered machine named '{vm}'"),
            1,
        );
    }
    let result = match rest {
        ["delete", name] => world.machine_natpf_delete(vm, name),
        [rule] => match parse_rule(rule) {
            Some(rule) => world.machine_natpf_add(vm, rule),
            None => {
                return Output::failed(format!("VBoxManage: error: Invalid NAT rule: {rule}"), 1)
            }
        },
        _ => return Output::failed(VBOX_USAGE, 1),
    };
    match result {
        Ok(()) => Output::default(),
        Err(e) => failed(&e),
    }
}

/// A VM's UUID as VirtualBox lists it: stable, derived from the name.
fn uuid(name: &str) -> String {
    let mut a: u64 = 0xcbf2_9ce4_8422_2325;
    for b in name.bytes() {
        a = (a ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    }
    let b = a.rotate_left(17) ^ 0x9e37_79b9_7f4a_7c15;
    format!(
        "{:08x}-{:04x}-{:04x}-{:04x}-{:012x}",
        a >> 32,
        (a >> 16) & 0xffff,
        a & 0xffff,
        b >> 48,
        b & 0xffff_ffff_ffff
    )
}

/// `NAME,PROTO,HOSTIP,HOSTPORT,GUESTIP,GUESTPORT`, as VirtualBox takes a rule.
fn parse_rule(rule: &str) -> Option<NatForward> {
    let parts: Vec<&str> = rule.split(',').collect();
    let [name, proto, _, host_port, _, guest_port] = parts.as_slice() else {
        return None;
    };
    let proto = match *proto {
        "tcp" => Proto::Tcp,
        "udp" => Proto::Udp,
        _ => return None,
    };
    Some(NatForward {
        name: (*name).to_string(),
        proto,
        host_port: host_port.parse().ok()?,
        guest_port: guest_port.parse().ok()?,
    })
}
