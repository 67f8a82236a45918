//! The CVE catalogue at the terminal: `exploit CVE-ID` (from a container), `versions` and
//! `upgrade` (on a host), and `isolation-matrix`. These are Berth's own commands, so their
//! words are Berth's; the facts come from [`crate::engine::security::cve`].

use crate::cli::Output;
use crate::engine::security::cve::{
    isolation_matrix, Component, Precondition, CATALOGUE, ISOLATIONS,
};
use crate::engine::World;

/// `exploit CVE-ID` in `container`.
pub fn exploit(world: &mut World, host: &str, container: &str, args: &[&str]) -> Output {
    let Some(id) = args.first() else {
        let ids: Vec<&str> = CATALOGUE.iter().map(|c| c.id).collect();
        return Output::failed(
            format!("berth: exploit CVE-ID, one of {}", ids.join(", ")),
            1,
        );
    };
    let name = world
        .container_lookup(host, container)
        .map(|c| c.name.clone())
        .unwrap_or_default();
    let Some((cve, checks)) = world.exploit(host, container, id) else {
        return Output::failed(
            format!("berth: {id} is not in Berth's catalogue (isolation-matrix lists it)"),
            1,
        );
    };
    let mut o = Output::default();
    o.out(format!(
        "berth: trying {} ({}) from {name}: {}",
        cve.id, cve.name, cve.summary
    ));
    for (ok, precondition) in &checks {
        o.out(format!(
            "  {}  {}",
            if *ok { "✓" } else { "✗" },
            worded(precondition)
        ));
    }
    if checks.iter().all(|(ok, _)| *ok) {
        o.out(format!("berth: it works: root on {host}."));
    } else {
        o.out("berth: it fails: a precondition does not hold.");
        o.exit_code = 1;
    }
    o
}

/// Why a precondition holds or not, in Berth's words.
fn worded(p: &Precondition) -> String {
    match p {
        Precondition::Absent { component, why } => {
            format!("{} is not there: {why}", component.as_str())
        }
        Precondition::Version {
            component,
            version,
            affected,
            fixed_in,
        } => format!(
            "{} {version} is {} (fixed in {fixed_in})",
            component.as_str(),
            if *affected {
                "vulnerable"
            } else {
                "not vulnerable"
            }
        ),
        Precondition::RootInContainer => "the process runs as root in the container".into(),
        Precondition::Uid0 => "the process runs as UID 0".into(),
        Precondition::NoUsernsRemap { remapped: true } => {
            "userns-remap maps the container's root to an unprivileged host user".into()
        }
        Precondition::NoUsernsRemap { remapped: false } => "no user namespace remapping".into(),
        Precondition::HostNetwork => {
            "the container shares the host's network namespace (--network host)".into()
        }
        Precondition::UserNamespace => {
            "CAP_SYS_ADMIN, or seccomp off so unshare can make a user namespace".into()
        }
        Precondition::CgroupV1 { cgroup } => format!("the host runs cgroup v{cgroup}"),
        Precondition::MountCgroupfs => {
            "it can mount cgroupfs (CAP_SYS_ADMIN without AppArmor, or --privileged)".into()
        }
        Precondition::LeakedFdWorkdir { workdir } => {
            format!("the working directory is a leaked fd (-w {workdir})")
        }
        Precondition::AttackerImage => {
            "the container comes from an image the attacker built".into()
        }
    }
}

/// `versions [set COMPONENT VERSION]` on a host.
pub fn versions(world: &mut World, host: &str, args: &[&str]) -> Output {
    if let Some(o) = not_a_linux_stack(world, host, "versions") {
        return o;
    }
    match args {
        [] => {}
        ["set", "cgroup", v @ ("1" | "2")] => world.set_cgroup(host, if *v == "1" { 1 } else { 2 }),
        ["set", "cgroup", v] => return Output::failed(format!("berth: versions: cgroup {v}: the cgroup version is 1 or 2"), 1),
        ["set", _, version] if !version.starts_with(|c: char| c.is_ascii_digit()) => {
            return Output::failed(format!("berth: versions: {version} is not a version (like 1.1.11 or 1.0.0-rc6)"), 1)
        }
        ["set", component, version] => match Component::parse(component) {
            Some(c) => world.set_version(host, c, version),
            None => {
                return Output::failed(
                    format!("berth: versions: unknown component {component}: kernel, runc, containerd, docker or cgroup"),
                    1,
                )
            }
        },
        _ => return Output::failed("Usage: versions [set kernel|runc|containerd|docker VERSION | set cgroup 1|2]", 1),
    }
    let Ok(h) = world.host(host) else {
        return Output::default();
    };
    let v = &h.machine.versions;
    let mut o = Output::default();
    o.out(format!(
        "kernel      {}\nrunc        {}\ncontainerd  {}\ndocker      {}\ncgroup      v{}",
        v.kernel, v.runc, v.containerd, v.docker, v.cgroup
    ));
    let open: Vec<&str> = CATALOGUE
        .iter()
        .filter(|c| c.affects(v))
        .map(|c| c.id)
        .collect();
    if !open.is_empty() {
        o.out(format!("vulnerable to: {}", open.join(", ")));
    }
    o
}

/// `upgrade [COMPONENT]`: the patched versions.
/// The catalogue's components are a Linux host's: elsewhere there is nothing to version.
fn not_a_linux_stack(world: &World, host: &str, command: &str) -> Option<Output> {
    use crate::engine::Backend;
    let why = match world.host(host).ok()?.backend {
        Backend::Linux => return None,
        Backend::Windows => "a Windows host runs a Windows kernel and HCS: no Linux kernel, runc or containerd",
        Backend::Triton => "a Triton data center runs SmartOS zones behind sdc-docker: no Linux kernel, runc, containerd or dockerd",
        Backend::MacOs => "the laptop runs no Docker at all: its VMs do (docker-machine ssh NAME, then versions)",
    };
    Some(Output::failed(format!("berth: {command}: {why}."), 1))
}

pub fn upgrade(world: &mut World, host: &str, args: &[&str]) -> Output {
    if let Some(o) = not_a_linux_stack(world, host, "upgrade") {
        return o;
    }
    let component = match args.first() {
        None => None,
        Some(name) => match Component::parse(name) {
            Some(c) => Some(c),
            None => return Output::failed(format!("berth: upgrade: unknown component {name}"), 1),
        },
    };
    let mut o = Output::default();
    let changed = world.upgrade(host, component);
    if changed.is_empty() {
        o.out("berth: already up to date.");
    }
    for (c, old, new) in changed {
        o.out(format!("{} {old} → {new}", c.as_str()));
    }
    o
}

/// `isolation-matrix`: where each escape lands, by isolation, from the catalogue.
pub fn matrix() -> Output {
    let rows = isolation_matrix();
    let mut header = vec!["ESCAPE".to_string()];
    header.extend(ISOLATIONS.iter().map(|i| i.name.to_string()));
    let mut table = vec![header];
    for r in rows {
        let mut row = vec![r.escape];
        row.extend(r.landings.iter().map(|l| l.as_str().to_string()));
        table.push(row);
    }
    let mut o = Output::default();
    o.out(crate::cli::table::render(&table).join("\n"));
    o
}
