//! Fedora's `dnf` (dnf5, Fedora 42) in a container, also answering as `microdnf` and `yum`:
//! `install [-y] PKG…`, `remove [-y] PKG…`, `makecache`, from the built-in package list
//! (`engine::docker::packages`), instantly and offline.
//!
//! Texts: dnf5's `Updating and loading repositories:`, `Repositories loaded.`, the
//! transaction table (`Installing:`, `Installing dependencies:`, `Removing:`), `Transaction
//! Summary:`, `Total size of inbound packages is … Need to download …`, `After this
//! operation, … extra will be used (install …, remove …).`, `Running transaction`,
//! `Complete!`, `Nothing to do.`, `No match for argument: %s`, `Failed to resolve the
//! transaction:`, `Package "%s" is already installed.`, `Is this ok [y/N]: Operation aborted
//! by the user.`. The progress bars keep their final state only, with deterministic rates.
//!
//! Not simulated: microdnf's and yum's own layouts (both answer as dnf5 does), groups,
//! modules, `dnf search`/`info`, other repositories; each says so.

use crate::cli::Output;
use crate::engine::docker::packages::{Package, PackageError, Transaction};
use crate::engine::World;

/// dnf5's sizes: `755.4 KiB`, `2.9 MiB`, `512.0   B` (powers of 1024, one decimal).
pub fn size(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["  B", "KiB", "MiB", "GiB"];
    let mut tenths = bytes.saturating_mul(10);
    let mut unit = 0;
    while tenths >= 10 * 1024 && unit + 1 < UNITS.len() {
        tenths /= 1024;
        unit += 1;
    }
    let shown = UNITS.get(unit).copied().unwrap_or("GiB");
    format!("{}.{} {shown}", tenths / 10, tenths % 10)
}

/// `dnf ARGS…` in container `id`.
/// `dnf ARGS…` (`microdnf`, `yum`) in container `id`, as `user` (`docker exec -u`; `None`:
/// the container's own user).
pub fn dnf(
    world: &mut World,
    host: &str,
    id: &str,
    user: Option<&str>,
    program: &str,
    args: &[String],
) -> Output {
    let mut yes = false;
    let mut verb = None;
    let mut names = Vec::new();
    for a in args {
        match a.as_str() {
            "-y" | "--assumeyes" => yes = true,
            "-q"
            | "--quiet"
            | "--nodocs"
            | "--setopt=install_weak_deps=False"
            | "--setopt=install_weak_deps=0" => {}
            a if a.starts_with('-') => {
                return Output::failed(format!("berth: {program} option {a} is not simulated"), 1)
            }
            a if verb.is_none() => verb = Some(a.to_string()),
            a => names.push(a.to_string()),
        }
    }
    // The package list is Fedora's: in another RPM system (Rocky, Alma, Oracle, Amazon
    // Linux, UBI) dnf would name Fedora's repositories and versions, so it says so instead.
    let release = world
        .container_lookup(host, id)
        .ok()
        .and_then(|c| world.image_entry(c))
        .map(|e| e.release.clone())
        .unwrap_or_default();
    if !release.is_empty() && !release.starts_with("fedora:") {
        return Output::failed(
            format!("berth: {program} is simulated in the fedora images only (Berth's RPM package list is Fedora's); try it in `docker run -it fedora`"),
            1,
        );
    }
    // `$releasever`: the image's Fedora release.
    let fedora = release.strip_prefix("fedora:").unwrap_or("44").to_string();
    let repositories = |o: &mut Output| repositories(o, &fedora);
    let mut o = Output::default();
    match verb.as_deref() {
        Some("install") => {
            repositories(&mut o);
            let mut probe = world.clone();
            match probe.package_install(host, id, user, &names) {
                Ok(t) => {
                    for (name, version) in &t.already {
                        o.err(format!(
                            "Package \"{name}-{version}.x86_64\" is already installed."
                        ));
                    }
                    if t.added.is_empty() {
                        o.out("");
                        o.out("Nothing to do.");
                        return o;
                    }
                    table(&mut o, &t, &names, "Installing");
                    o.out("");
                    o.out(format!(
                        "Total size of inbound packages is {}. Need to download {}.",
                        short(t.download()),
                        short(t.download())
                    ));
                    o.out(format!(
                        "After this operation, {} extra will be used (install {}, remove 0 B).",
                        short(t.installed()),
                        short(t.installed())
                    ));
                    if !yes {
                        o.out("Is this ok [y/N]: Operation aborted by the user.");
                        o.err("berth: answering dnf's question is not simulated: add -y (dnf install -y …)");
                        o.exit_code = 1;
                        return o;
                    }
                    if let Err(e) = world.package_install(host, id, user, &names) {
                        return failure(o, e);
                    }
                    run(&mut o, &t.added, "Installing");
                    o
                }
                Err(PackageError::Unknown(missing)) => {
                    o.err("Failed to resolve the transaction:");
                    for name in missing {
                        o.err(format!("No match for argument: {name}"));
                    }
                    o.err("You can try to add to command line:\n  --skip-unavailable to skip unavailable packages");
                    o.exit_code = 1;
                    o
                }
                Err(e) => failure(o, e),
            }
        }
        Some("remove" | "erase") => {
            let mut probe = world.clone();
            match probe.package_remove(host, id, user, &names) {
                Ok(t) => {
                    table(&mut o, &t, &names, "Removing");
                    o.out("");
                    o.out(format!(
                        "After this operation, {} will be freed (install 0 B, remove {}).",
                        short(t.installed()),
                        short(t.installed())
                    ));
                    if !yes {
                        o.out("Is this ok [y/N]: Operation aborted by the user.");
                        o.err("berth: answering dnf's question is not simulated: add -y (dnf remove -y …)");
                        o.exit_code = 1;
                        return o;
                    }
                    if let Err(e) = world.package_remove(host, id, user, &names) {
                        return failure(o, e);
                    }
                    run(&mut o, &t.added, "Removing");
                    o
                }
                Err(PackageError::NotInstalled(name)) => {
                    o.err(format!("No packages to remove for argument: {name}"));
                    o.out("");
                    o.out("Nothing to do.");
                    o
                }
                Err(e) => failure(o, e),
            }
        }
        Some("makecache") => {
            repositories(&mut o);
            o.out("Metadata cache created.");
            o
        }
        Some(other) => Output::failed(
            format!(
                "berth: {program} {other} is not simulated; install, remove and makecache are."
            ),
            1,
        ),
        None => Output::failed(
            format!("berth: {program} install, remove and makecache are simulated"),
            2,
        ),
    }
}

/// A size as the summary lines print it: `755 KiB`, `3 MiB`.
fn short(bytes: u64) -> String {
    let full = size(bytes);
    let (number, unit) = full.rsplit_once(' ').unwrap_or((&full, ""));
    let number = number.trim().trim_end_matches(".0");
    match unit {
        "B" | "" => format!("{number} B"),
        u => format!("{number} {u}"),
    }
}

fn repositories(o: &mut Output, release: &str) {
    o.out("Updating and loading repositories:");
    o.out(format!(
        " Fedora {release} - x86_64 - Updates           100% |   5.6 MiB/s |   9.0 MiB |  00m02s"
    ));
    o.out(format!(
        " Fedora {release} - x86_64                     100% |  12.6 MiB/s |  35.4 MiB |  00m03s"
    ));
    o.out("Repositories loaded.");
}

fn nevra(p: &Package) -> String {
    let (epoch, version) = p.version.split_once(':').unwrap_or(("0", p.version));
    format!("{}-{epoch}:{version}.{}", p.name, p.arch)
}

fn table(o: &mut Output, t: &Transaction, names: &[String], verb: &str) {
    o.out(format!(
        "{:<27}{:<8}{:<28}{:<16}{:>10}",
        "Package", "Arch", "Version", "Repository", "Size"
    ));
    let named = |p: &Package| {
        names
            .iter()
            .any(|n| t.distro.find(n).is_some_and(|q| q.name == p.name))
    };
    let row = |o: &mut Output, p: &Package| {
        let repository = if verb == "Removing" {
            "@System"
        } else {
            "fedora"
        };
        let version = p.version.split_once(':').map_or(p.version, |(_, v)| v);
        o.out(format!(
            " {:<26}{:<8}{:<28}{:<16}{:>10}",
            p.name,
            p.arch,
            version,
            repository,
            size(p.installed)
        ));
    };
    o.out(format!("{verb}:"));
    for p in t.added.iter().filter(|p| named(p)) {
        row(o, p);
    }
    let deps: Vec<&&Package> = t.added.iter().filter(|p| !named(p)).collect();
    if !deps.is_empty() {
        o.out(if verb == "Removing" {
            "Removing unused dependencies:"
        } else {
            "Installing dependencies:"
        });
        for p in deps {
            row(o, p);
        }
    }
    o.out("");
    o.out("Transaction Summary:");
    let n = t.added.len();
    o.out(format!(
        " {:<20}{n} package{}",
        format!("{verb}:"),
        if n == 1 { "" } else { "s" }
    ));
}

fn run(o: &mut Output, added: &[&Package], verb: &str) {
    let total = added.len();
    if verb == "Installing" {
        for (i, p) in added.iter().enumerate() {
            o.out(format!(
                "[{}/{total}] {:<42}100% | {:>10}/s | {:>10} |  00m00s",
                i + 1,
                nevra(p),
                size(p.download.saturating_mul(4)),
                size(p.download)
            ));
        }
        o.out("-".repeat(93));
        let all: u64 = added.iter().map(|p| p.download).sum();
        o.out(format!(
            "[{total}/{total}] {:<42}100% | {:>10}/s | {:>10} |  00m01s",
            "Total",
            size(all),
            size(all)
        ));
    }
    o.out("Running transaction");
    let steps = total + 2;
    o.out(format!(
        "[1/{steps}] {:<42}100% | {:>10}/s | {:>10} |  00m00s",
        "Verify package files",
        size(250),
        size(1)
    ));
    o.out(format!(
        "[2/{steps}] {:<42}100% | {:>10}/s | {:>10} |  00m00s",
        "Prepare transaction",
        size(18),
        size(1)
    ));
    for (i, p) in added.iter().enumerate() {
        o.out(format!(
            "[{}/{steps}] {:<42}100% | {:>10}/s | {:>10} |  00m00s",
            i + 3,
            format!("{verb} {}", nevra(p)),
            size(p.installed.saturating_mul(8)),
            size(p.installed)
        ));
    }
    o.out("Complete!");
}

fn failure(mut o: Output, e: PackageError) -> Output {
    o.err(match e {
        PackageError::NotRoot => {
            "This command has to be run with superuser privileges (under the root user on most systems).".to_string()
        }
        PackageError::BasePackage(name) => {
            format!("berth: removing {name}, a package of the image itself, is not simulated")
        }
        other => format!("berth: dnf: {other}"),
    });
    o.exit_code = 1;
    o
}
