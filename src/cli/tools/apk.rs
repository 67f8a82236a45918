//! Alpine's `apk` (apk-tools 2.14, Alpine 3.22) in a container: `apk add [--no-cache] PKG…`,
//! `apk del PKG…`, `apk update`, `apk info`, from the built-in package list
//! (`engine::docker::packages`), instantly and offline.
//!
//! Texts: apk-tools v2.14 `src/commit.c` (`(%i/%i) Installing %s (%s)`, `Purging`,
//! `OK: %llu MiB in %d packages`, `ERROR: unable to select packages:` and
//! `%s (no such package):` / `required by: world[%s]`), `src/database.c` (`fetch URL`),
//! `src/app_update.c` (`OK: %d distinct packages available`), `src/package.c`
//! (`Executing %s` for a trigger).
//!
//! Not simulated: `apk upgrade`, `apk search`, `--virtual`, repositories other than main and
//! community, version constraints (`curl=8.14.1-r2`); each says so.

use crate::cli::Output;
use crate::engine::docker::packages::{PackageError, Transaction};
use crate::engine::World;

const MIRROR: &str = "https://dl-cdn.alpinelinux.org/alpine";
/// The busybox trigger runs whenever a package adds or removes files on the `PATH`.
const BUSYBOX_TRIGGER: &str = "busybox-1.37.0-r19.trigger";
/// `OK: %d distinct packages available` after `apk update` (main + community, x86_64).
const AVAILABLE: u32 = 26475;

/// `apk ARGS…` in container `id`, as `user` (`docker exec -u`; `None`: the container's own
/// user). `-q` keeps only errors (apk's verbosity 0: no `apk_message`, only `apk_error`).
pub fn apk(world: &mut World, host: &str, id: &str, user: Option<&str>, args: &[String]) -> Output {
    let quiet = args.iter().any(|a| a == "-q" || a == "--quiet");
    let mut o = run(world, host, id, user, args);
    if quiet {
        o.lines
            .retain(|l| l.stream == crate::cli::Stream::Stderr || l.text.starts_with("berth:"));
    }
    o
}

fn run(world: &mut World, host: &str, id: &str, user: Option<&str>, args: &[String]) -> Output {
    let words: Vec<&str> = args.iter().map(String::as_str).collect();
    let Some((verb, rest)) = words.split_first() else {
        return Output::failed(
            "apk-tools 2.14.9, compiled for x86_64.\n\nusage: apk [<OPTIONS>...] COMMAND [<ARGUMENTS>...]\n\nberth: apk add, del, update and info are simulated.",
            1,
        );
    };
    let mut no_cache = false;
    let mut names: Vec<String> = Vec::new();
    for w in rest {
        match *w {
            "--no-cache" => no_cache = true,
            "-U" | "--update-cache" | "-q" | "--quiet" | "--no-progress" => {}
            w if w.starts_with('-') => {
                return Output::failed(format!("berth: apk option {w} is not simulated"), 1)
            }
            w if w.contains('=') || w.contains('>') || w.contains('<') => {
                return Output::failed(
                    format!("berth: version constraints ({w}) are not simulated: apk installs the release's version"),
                    1,
                )
            }
            w => names.push(w.to_string()),
        }
    }
    let Ok(distro) = world.container_distro(host, id) else {
        return Output::failed("berth: apk has no package list for this image", 1);
    };
    let release = distro.release;
    let mut o = Output::default();
    match *verb {
        "update" => {
            if let Err(e) = world.package_update(host, id, user) {
                return failure(e);
            }
            fetch_lines(&mut o, release);
            // The index names the aports tag it was built after: the release's own version
            // (`v3.24.1-183-g…` in alpine:3.24, whose files say 3.24.1).
            let tag = release
                .strip_prefix('v')
                .and_then(|minor| {
                    crate::engine::fs::releases::full_version(&["alpine:", minor].concat())
                })
                .map_or_else(|| format!("{release}.2"), |full| format!("v{full}"));
            o.out(format!("{tag}-183-g8a5a0f9b4d1 [{MIRROR}/{release}/main]"));
            o.out(format!(
                "{tag}-182-g2a3f3c7f2e4 [{MIRROR}/{release}/community]"
            ));
            o.out(format!("OK: {AVAILABLE} distinct packages available"));
            o
        }
        "add" => {
            if names.is_empty() {
                // apk add with nothing to add still checks the world: nothing changes.
                let t = world.package_install(host, id, user, &[]);
                return match t {
                    Ok(t) => {
                        o.out(ok_line(&t));
                        o
                    }
                    Err(e) => failure(e),
                };
            }
            // apk fetches the indexes it has no fresh copy of; `--no-cache` keeps none.
            let cached = world.package_lists_fetched(host, id);
            let result = world.package_install(host, id, user, &names);
            if !cached || no_cache {
                fetch_lines(&mut o, release);
            }
            match result {
                Ok(t) => {
                    if !no_cache {
                        let _ = world.package_update(host, id, user);
                    }
                    let total = t.added.len();
                    for (i, p) in t.added.iter().enumerate() {
                        o.out(format!(
                            "({}/{total}) Installing {} ({})",
                            i + 1,
                            p.name,
                            p.version
                        ));
                    }
                    triggers(&mut o, &t);
                    o.out(ok_line(&t));
                    o
                }
                Err(PackageError::Unknown(missing)) => {
                    o.err("ERROR: unable to select packages:");
                    for name in &missing {
                        o.err(format!("  {name} (no such package):"));
                        o.err(format!("    required by: world[{name}]"));
                    }
                    o.exit_code = i32::try_from(missing.len()).unwrap_or(1);
                    o
                }
                Err(e) => failure(e),
            }
        }
        "del" => match world.package_remove(host, id, user, &names) {
            Ok(t) => {
                let total = t.added.len();
                for (i, p) in t.added.iter().enumerate() {
                    o.out(format!(
                        "({}/{total}) Purging {} ({})",
                        i + 1,
                        p.name,
                        p.version
                    ));
                }
                triggers(&mut o, &t);
                o.out(ok_line(&t));
                o
            }
            // apk-tools: deleting what is not in the world is a warning, not an error.
            Err(PackageError::NotInstalled(name)) => {
                o.err(format!("WARNING: {name} is not installed"));
                if let Ok(t) = world.package_install(host, id, user, &[]) {
                    o.out(ok_line(&t));
                }
                o
            }
            Err(e) => failure(e),
        },
        "info" => {
            let mut names: Vec<&str> = distro.base.iter().map(|(n, _)| *n).collect();
            let added = world.container_packages(host, id);
            names.extend(added.iter().map(String::as_str));
            names.sort_unstable();
            for n in names {
                o.out(n);
            }
            o
        }
        other => Output::failed(
            format!("berth: apk {other} is not simulated; apk add, del, update and info are."),
            1,
        ),
    }
}

fn fetch_lines(o: &mut Output, release: &str) {
    for repo in ["main", "community"] {
        o.out(format!(
            "fetch {MIRROR}/{release}/{repo}/x86_64/APKINDEX.tar.gz"
        ));
    }
}

/// The triggers that ran: busybox's when commands came or went, ca-certificates' own.
fn triggers(o: &mut Output, t: &Transaction) {
    if t.added.iter().any(|p| !p.files.is_empty()) {
        o.out(format!("Executing {BUSYBOX_TRIGGER}"));
    }
    if let Some(ca) = t.added.iter().find(|p| p.name == "ca-certificates") {
        o.out(format!("Executing ca-certificates-{}.trigger", ca.version));
    }
}

fn ok_line(t: &Transaction) -> String {
    format!(
        "OK: {} MiB in {} packages",
        t.total_bytes / (1024 * 1024),
        t.total_count
    )
}

fn failure(e: PackageError) -> Output {
    match e {
        PackageError::NotRoot => Output::failed(
            "ERROR: Unable to lock database: Permission denied\nERROR: Failed to open apk database: Permission denied",
            99,
        ),
        PackageError::BasePackage(name) => Output::failed(
            format!("berth: removing {name}, a package of the image itself, is not simulated"),
            1,
        ),
        PackageError::Files(e) => Output::failed(format!("ERROR: {e}"), 1),
        other => Output::failed(format!("berth: apk: {other}"), 1),
    }
}
