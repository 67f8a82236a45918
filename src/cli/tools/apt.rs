//! Debian's and Ubuntu's `apt-get` and `apt` in a container: `update`, `install [-y] PKG…`,
//! `remove`/`purge [-y] PKG…`, from the built-in package lists (`engine::docker::packages`),
//! instantly and offline.
//!
//! Texts: apt 2.6, and apt 3.0's `apt` (see [`install_30`]) (`apt-private/private-install.cc`, `private-output.cc`:
//! `The following NEW packages will be installed:`, `%lu upgraded, %lu newly installed, %lu
//! to remove and %lu not upgraded.`, `Need to get %sB of archives.`, `After this operation,
//! %sB of additional disk space will be used.`, `E: Unable to locate package %s`,
//! `%s is already the newest version (%s).`, `Do you want to continue? [Y/n] Abort.`;
//! `apt-pkg/acquire-worker.cc`: `Get:%lu %s [%sB]`, `Fetched %sB in %s (%sB/s)`;
//! `apt-private/private-cmndline.cc`: apt's `WARNING: apt does not have a stable CLI
//! interface. Use with caution in scripts.` when its output is not a terminal), dpkg 1.21
//! (`Selecting previously unselected package %s.`, `(Reading database ... %d files and
//! directories currently installed.)`, `Preparing to unpack %s ...`, `Unpacking %s (%s) ...`,
//! `Setting up %s (%s) ...`, `Removing %s (%s) ...`, `Processing triggers for %s (%s) ...`).
//! Sizes use apt's `SizeToStr` (powers of 1000, one decimal under 100).
//!
//! Not simulated: the progress bars of a terminal (only their final `... Done`), debconf's
//! questions and notices, recommended and suggested packages, `upgrade`, `autoremove`,
//! `apt search`/`show`; each says so. Whether the output is a terminal is the container's
//! `-t`.

use crate::cli::Output;
use crate::engine::docker::packages::{Distro, Package, PackageError, Transaction};
use crate::engine::World;

/// apt's `SizeToStr`: `315 k`, `63.4 k`, `8792 k`, `10.2 M` (the caller adds `B`).
pub fn size_to_str(bytes: u64) -> String {
    const UNITS: [&str; 5] = ["", "k", "M", "G", "T"];
    // Tenths of the current unit, in integers: deterministic on every target.
    let mut tenths = bytes.saturating_mul(10);
    for (i, unit) in UNITS.iter().enumerate() {
        if tenths < 1000 && i != 0 {
            return format!("{}.{} {unit}", tenths / 10, tenths % 10);
        }
        if tenths < 100_000 {
            return format!("{} {unit}", (tenths + 5) / 10);
        }
        tenths /= 1000;
    }
    format!("{} T", tenths / 10)
}

/// Where a release's archive lives, for `Get:` lines: (URL, suite).
fn archive(d: &Distro) -> &'static str {
    match d.id {
        "ubuntu" => "http://archive.ubuntu.com/ubuntu",
        _ => "http://deb.debian.org/debian",
    }
}

/// `apt-get ARGS…` (`apt` when `program` says so) in container `id`, as `user` (`docker exec
/// -u`; `None`: the container's own user).
pub fn apt(
    world: &mut World,
    host: &str,
    id: &str,
    user: Option<&str>,
    program: &str,
    args: &[String],
) -> Output {
    let tty = world.container_lookup(host, id).is_ok_and(|c| c.tty);
    let mut yes = false;
    let mut quiet = 0;
    let mut verb = None;
    let mut names = Vec::new();
    for a in args {
        match a.as_str() {
            "-y" | "--yes" | "--assume-yes" | "-qy" | "-yq" => {
                yes = true;
                quiet += u8::from(a.contains('q'));
            }
            "-q" | "--quiet" => quiet += 1,
            "-qq" => quiet += 2,
            "-qqy" | "-yqq" => {
                yes = true;
                quiet += 2;
            }
            "--no-install-recommends" | "--no-install-suggests" | "--fix-missing" => {}
            a if a.starts_with('-') => {
                return Output::failed(format!("berth: {program} option {a} is not simulated"), 1)
            }
            a if verb.is_none() => verb = Some(a.to_string()),
            a => names.push(a.to_string()),
        }
    }
    let Ok(distro) = world.container_distro(host, id) else {
        return Output::failed(
            format!("berth: {program} has no package list for this image"),
            1,
        );
    };
    let mut o = Output::default();
    // apt warns when its output is not a terminal (private-cmndline.cc).
    if program == "apt" && !tty {
        o.err(
            "\nWARNING: apt does not have a stable CLI interface. Use with caution in scripts.\n",
        );
    }
    let mut say = Say {
        o,
        tty,
        quiet,
        user: user.map(str::to_string),
        apt: program == "apt",
    };
    let Some(verb) = verb else {
        return Output::failed(
            format!("berth: {program} update, install, remove and purge are simulated"),
            100,
        );
    };
    match verb.as_str() {
        "update" => update(world, host, id, &distro, program, say),
        "install" => install(world, host, id, &distro, &names, yes, say),
        "remove" | "purge" => remove(world, host, id, &names, yes, &verb, say),
        "upgrade" | "dist-upgrade" | "full-upgrade" | "autoremove" => {
            say.reading();
            say.line("0 upgraded, 0 newly installed, 0 to remove and 0 not upgraded.");
            say.o
        }
        other => Output::failed(
            format!(
                "berth: {program} {other} is not simulated; update, install, remove and purge are."
            ),
            100,
        ),
    }
}

/// The output under construction, with what decides its shape.
struct Say {
    o: Output,
    tty: bool,
    quiet: u8,
    /// Who runs apt (`docker exec -u`), `None` for the container's user.
    user: Option<String>,
    /// `apt` rather than `apt-get`.
    apt: bool,
}

impl Say {
    /// A progress line: on a terminal it ends with `Done`.
    fn progress(&mut self, what: &str) {
        if self.quiet == 0 {
            self.o.out(if self.tty {
                format!("{what}... Done")
            } else {
                format!("{what}...")
            });
        }
    }
    fn reading(&mut self) {
        self.progress("Reading package lists");
        self.progress("Building dependency tree");
        self.progress("Reading state information");
    }
    fn line(&mut self, text: impl Into<String>) {
        if self.quiet < 2 {
            self.o.out(text);
        }
    }
    fn error(mut self, text: impl Into<String>) -> Output {
        self.o.err(text);
        self.o.exit_code = 100;
        self.o
    }
}

fn update(
    world: &mut World,
    host: &str,
    id: &str,
    d: &Distro,
    program: &str,
    mut say: Say,
) -> Output {
    let user = say.user.clone();
    let user = user.as_deref();
    let again = world.package_lists_fetched(host, id);
    if let Err(e) = world.package_update(host, id, user) {
        say.progress("Reading package lists");
        return match e {
            PackageError::NotRoot => say.error("E: List directory /var/lib/apt/lists/partial is missing. - Acquire (13: Permission denied)"),
            other => say.error(format!("E: {other}")),
        };
    }
    // (URL, suite, index size in bytes): the release files, then main's package lists.
    let sources: Vec<(String, String, u64)> = match d.id {
        "ubuntu" => vec![
            (
                "http://archive.ubuntu.com/ubuntu".into(),
                format!("{} InRelease", d.release),
                256_000,
            ),
            (
                "http://security.ubuntu.com/ubuntu".into(),
                format!("{}-security InRelease", d.release),
                126_000,
            ),
            (
                "http://archive.ubuntu.com/ubuntu".into(),
                format!("{}-updates InRelease", d.release),
                126_000,
            ),
            (
                "http://archive.ubuntu.com/ubuntu".into(),
                format!("{}-backports InRelease", d.release),
                126_000,
            ),
            (
                "http://archive.ubuntu.com/ubuntu".into(),
                format!("{}/universe amd64 Packages", d.release),
                19_300_000,
            ),
            (
                "http://archive.ubuntu.com/ubuntu".into(),
                format!("{}/main amd64 Packages", d.release),
                1_808_000,
            ),
            (
                "http://security.ubuntu.com/ubuntu".into(),
                format!("{}-security/main amd64 Packages", d.release),
                1_532_000,
            ),
            (
                "http://archive.ubuntu.com/ubuntu".into(),
                format!("{}-updates/main amd64 Packages", d.release),
                1_861_000,
            ),
        ],
        _ => {
            let r = d.release;
            vec![
                (
                    "http://deb.debian.org/debian".into(),
                    format!("{r} InRelease"),
                    151_000,
                ),
                (
                    "http://deb.debian.org/debian".into(),
                    format!("{r}-updates InRelease"),
                    55_400,
                ),
                (
                    "http://deb.debian.org/debian-security".into(),
                    format!("{r}-security InRelease"),
                    48_000,
                ),
                (
                    "http://deb.debian.org/debian".into(),
                    format!("{r}/main amd64 Packages"),
                    8_793_000,
                ),
                (
                    "http://deb.debian.org/debian".into(),
                    format!("{r}-updates/main amd64 Packages"),
                    6_924,
                ),
                (
                    "http://deb.debian.org/debian-security".into(),
                    format!("{r}-security/main amd64 Packages"),
                    283_000,
                ),
            ]
        }
    };
    let mut total = 0;
    for (i, (url, suite, size)) in sources.iter().enumerate() {
        // A second update finds the release files unchanged.
        if again {
            if suite.ends_with("InRelease") {
                say.line(format!("Hit:{} {url} {suite}", i + 1));
            }
        } else {
            total += size;
            say.line(format!(
                "Get:{} {url} {suite} [{}B]",
                i + 1,
                size_to_str(*size)
            ));
        }
    }
    if !again {
        say.line(format!(
            "Fetched {}B in 1s ({}B/s)",
            size_to_str(total),
            size_to_str(total * 7 / 10)
        ));
    }
    say.progress("Reading package lists");
    if program == "apt" {
        say.progress("Building dependency tree");
        say.progress("Reading state information");
        say.line("All packages are up to date.");
    }
    say.o
}

/// A package as dpkg names it: libraries (multi-arch) carry their architecture.
fn dpkg_name(p: &Package) -> String {
    if p.name.starts_with("lib") && p.arch != "all" {
        format!("{}:{}", p.name, p.arch)
    } else {
        p.name.to_string()
    }
}

/// apt's list of names, wrapped at 80 columns with two spaces before each line.
fn wrapped(names: &[&str]) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::from(" ");
    for n in names {
        if line.len() + 1 + n.len() > 79 && line.len() > 1 {
            lines.push(line);
            line = String::from(" ");
        }
        line.push(' ');
        line.push_str(n);
    }
    if line.len() > 1 {
        lines.push(line);
    }
    lines
}

fn install(
    world: &mut World,
    host: &str,
    id: &str,
    d: &Distro,
    names: &[String],
    yes: bool,
    mut say: Say,
) -> Output {
    let user = say.user.clone();
    let user = user.as_deref();
    say.reading();
    // Resolve on a copy first: apt asks before it installs more than was named.
    let mut probe = world.clone();
    let t = match probe.package_install(host, id, user, names) {
        Ok(t) => t,
        Err(PackageError::Unknown(missing)) => {
            let mut o = say.o;
            for name in missing {
                o.err(format!("E: Unable to locate package {name}"));
            }
            o.exit_code = 100;
            return o;
        }
        Err(PackageError::NotRoot) => {
            return say.error("E: Could not open lock file /var/lib/dpkg/lock-frontend - open (13: Permission denied)\nE: Unable to acquire the dpkg frontend lock (/var/lib/dpkg/lock-frontend), are you root?")
        }
        Err(e) => return say.error(format!("E: {e}")),
    };
    for (name, version) in &t.already {
        say.line(format!("{name} is already the newest version ({version})."));
    }
    let requested: Vec<&str> = t
        .added
        .iter()
        .map(|p| p.name)
        .filter(|n| {
            names
                .iter()
                .any(|r| d.find(r).is_some_and(|p| p.name == *n))
        })
        .collect();
    let mut additional: Vec<&str> = t
        .added
        .iter()
        .map(|p| p.name)
        .filter(|n| !requested.contains(n))
        .collect();
    additional.sort_unstable();
    let mut all: Vec<&str> = t.added.iter().map(|p| p.name).collect();
    all.sort_unstable();
    if say.apt && output_version_30(d) {
        let mut requested = requested.clone();
        requested.sort_unstable();
        return install_30(
            world, host, id, d, names, yes, say, &t, &requested, &additional,
        );
    }
    if !additional.is_empty() {
        say.line("The following additional packages will be installed:");
        for l in wrapped(&additional) {
            say.line(l);
        }
    }
    if !all.is_empty() {
        say.line("The following NEW packages will be installed:");
        for l in wrapped(&all) {
            say.line(l);
        }
    }
    say.line(format!(
        "0 upgraded, {} newly installed, 0 to remove and 0 not upgraded.",
        t.added.len()
    ));
    if t.added.is_empty() {
        return say.o;
    }
    say.line(format!(
        "Need to get {}B of archives.",
        size_to_str(t.download())
    ));
    say.line(format!(
        "After this operation, {}B of additional disk space will be used.",
        size_to_str(t.installed())
    ));
    if !additional.is_empty() && !yes {
        say.line("Do you want to continue? [Y/n] Abort.");
        say.o
            .err("berth: answering apt's question is not simulated: add -y (apt-get install -y …)");
        say.o.exit_code = 1;
        return say.o;
    }
    // Now for real.
    if let Err(e) = world.package_install(host, id, user, names) {
        return say.error(format!("E: {e}"));
    }
    fetched(&mut say, d, &t);
    unpacked(&mut say, d, &t);
    say.o
}

/// Whether `apt` speaks apt 3.0's output (`APT::Output-Version` 30): apt 3.0 and later (Debian
/// 13, Ubuntu 26.04) set it for the `apt` binary only. `apt-get` asks for CLI version 0.30
/// (`initVersion` in `apt-private/private-cmndline.cc`), so the `Version::3.0::` defaults
/// never apply to it: it keeps the classic output everywhere.
fn output_version_30(d: &Distro) -> bool {
    matches!(d.release, "trixie" | "resolute")
}

/// The free space of the disk under the container's `/usr` as apt 3.0 reports it (`statvfs`):
/// the lab host's disk (Berth's figure; the disk is not simulated).
const DISK_AVAILABLE: u64 = 21_400_000_000;

/// apt 3.0's `apt install` (`private-install.cc` `InstallPackages` at Output-Version 30,
/// `private-output.h` `ShowList` with columns, `private-output.cc` `ShowNew`,
/// `ShowWithColumns` and `Stats`): the lists with a blank line after each, `Summary:`, the
/// sizes, a blank line, then the download and dpkg as before; `Continue? [Y/n]`.
#[allow(clippy::too_many_arguments)]
fn install_30(
    world: &mut World,
    host: &str,
    id: &str,
    d: &Distro,
    names: &[String],
    yes: bool,
    mut say: Say,
    t: &Transaction,
    requested: &[&str],
    additional: &[&str],
) -> Output {
    let user = say.user.clone();
    let user = user.as_deref();
    for (title, list) in [
        ("Installing:", requested),
        ("Installing dependencies:", additional),
    ] {
        if list.is_empty() {
            continue;
        }
        say.line(title);
        for l in columns(list, 2, 77) {
            say.line(l);
        }
        say.line("");
    }
    say.line("Summary:");
    say.line(format!(
        "  Upgrading: 0, Installing: {}, Removing: 0, Not Upgrading: 0",
        t.added.len()
    ));
    if t.added.is_empty() {
        return say.o;
    }
    say.line(format!("  Download size: {}B", size_to_str(t.download())));
    say.line(format!(
        "  Space needed: {}B / {}B available",
        size_to_str(t.installed()),
        size_to_str(DISK_AVAILABLE)
    ));
    say.line("");
    if !additional.is_empty() && !yes {
        say.line("Continue? [Y/n] Abort.");
        say.o
            .err("berth: answering apt's question is not simulated: add -y (apt install -y …)");
        say.o.exit_code = 1;
        return say.o;
    }
    if let Err(e) = world.package_install(host, id, user, names) {
        return say.error(format!("E: {e}"));
    }
    fetched(&mut say, d, t);
    unpacked(&mut say, d, t);
    say.o
}

/// `ShowWithColumns` (`private-output.cc`), line for line: names in columns down then
/// across as `ls` does, each column as wide as its longest name plus two spaces (the last
/// column without them), the most columns whose line stays under `width`.
fn columns(list: &[&str], indent: usize, width: usize) -> Vec<String> {
    const MIN_COLUMN_WIDTH: usize = 2;
    const COLUMN_SPACE: usize = 2;
    struct ColumnInfo {
        valid: bool,
        line_width: usize,
        widths: Vec<usize>,
    }
    let n = list.len();
    let max_cols = (width.saturating_sub(indent) / MIN_COLUMN_WIDTH).min(n);
    let mut info: Vec<ColumnInfo> = (0..max_cols)
        .map(|i| ColumnInfo {
            valid: true,
            line_width: (i + 1) * MIN_COLUMN_WIDTH,
            widths: vec![MIN_COLUMN_WIDTH; i + 1],
        })
        .collect();
    for (i, name) in list.iter().enumerate() {
        for (j, col) in info.iter_mut().enumerate() {
            if !col.valid {
                continue;
            }
            let idx = i / ((n + j) / (j + 1)).max(1);
            let len = name.len() + if idx == j { 0 } else { COLUMN_SPACE };
            if let Some(w) = col.widths.get_mut(idx) {
                if *w < len {
                    col.line_width += len - *w;
                    *w = len;
                    col.valid = col.line_width < width;
                }
            }
        }
    }
    let mut cols = max_cols;
    while cols > 1 && info.get(cols - 1).is_some_and(|c| !c.valid) {
        cols -= 1;
    }
    let cols = cols.max(1);
    let rows = n.div_ceil(cols);
    let format = info
        .get(cols - 1)
        .map(|c| c.widths.clone())
        .unwrap_or_default();
    (0..rows)
        .map(|row| {
            let mut line = " ".repeat(indent);
            let mut i = row;
            let mut col = 0;
            while let Some(name) = list.get(i) {
                line.push_str(name);
                let max = format.get(col).copied().unwrap_or(0);
                col += 1;
                i += rows;
                if i >= n {
                    break;
                }
                line.push_str(&" ".repeat(max.saturating_sub(name.len())));
            }
            line
        })
        .collect()
}

/// The `Get:` lines and dpkg's unpacking, then each package set up.
fn fetched(say: &mut Say, d: &Distro, t: &Transaction) {
    let url = archive(d);
    for (i, p) in t.added.iter().enumerate() {
        say.line(format!(
            "Get:{} {url} {}/main amd64 {} {} {} [{}B]",
            i + 1,
            d.release,
            p.name,
            p.arch,
            p.version,
            size_to_str(p.download)
        ));
    }
    say.line(format!(
        "Fetched {}B in 0s ({}B/s)",
        size_to_str(t.download()),
        size_to_str(t.download().saturating_mul(8))
    ));
}

fn unpacked(say: &mut Say, d: &Distro, t: &Transaction) {
    let width = t.added.len().to_string().len();
    let files = d.base_files + 97 * (t.before_count - d.base_count);
    for (i, p) in t.added.iter().enumerate() {
        say.line(format!(
            "Selecting previously unselected package {}.",
            dpkg_name(p)
        ));
        if i == 0 {
            say.line(format!(
                "(Reading database ... {files} files and directories currently installed.)"
            ));
        }
        say.line(format!(
            "Preparing to unpack .../{i:0width$}-{}_{}_{}.deb ...",
            p.name,
            p.version.replace(':', "%3a"),
            p.arch
        ));
        say.line(format!("Unpacking {} ({}) ...", dpkg_name(p), p.version));
    }
    for p in &t.added {
        say.line(format!("Setting up {} ({}) ...", dpkg_name(p), p.version));
    }
    if t.added.iter().any(|p| p.name.starts_with("lib")) {
        let libc = d.base_version("libc-bin").unwrap_or("");
        say.line(format!("Processing triggers for libc-bin ({libc}) ..."));
    }
    if let Some(ca) = t.added.iter().find(|p| p.name == "ca-certificates") {
        say.line(format!(
            "Processing triggers for ca-certificates ({}) ...",
            ca.version
        ));
        say.line("Updating certificates in /etc/ssl/certs...");
        // Debian's bundle: the Mozilla roots of the release's ca-certificates.
        say.line(format!(
            "{} added, 0 removed; done.",
            if d.id == "ubuntu" { 146 } else { 142 }
        ));
        say.line("Running hooks in /etc/ca-certificates/update.d...");
        say.line("done.");
    }
}

fn remove(
    world: &mut World,
    host: &str,
    id: &str,
    names: &[String],
    yes: bool,
    verb: &str,
    mut say: Say,
) -> Output {
    let user = say.user.clone();
    let user = user.as_deref();
    say.reading();
    let mut probe = world.clone();
    let t = match probe.package_remove(host, id, user, names) {
        Ok(t) => t,
        Err(PackageError::NotInstalled(name)) => {
            let Ok(d) = world.container_distro(host, id) else {
                return say.o;
            };
            if d.find(&name).is_none() {
                return say.error(format!("E: Unable to locate package {name}"));
            }
            say.line(format!("Package '{name}' is not installed, so not removed"));
            say.line("0 upgraded, 0 newly installed, 0 to remove and 0 not upgraded.");
            return say.o;
        }
        Err(PackageError::NotRoot) => {
            return say.error("E: Could not open lock file /var/lib/dpkg/lock-frontend - open (13: Permission denied)\nE: Unable to acquire the dpkg frontend lock (/var/lib/dpkg/lock-frontend), are you root?")
        }
        Err(PackageError::BasePackage(name)) => {
            let mut o = say.o;
            o.err(format!("berth: removing {name}, a package of the image itself, is not simulated"));
            o.exit_code = 1;
            return o;
        }
        Err(e) => return say.error(format!("E: {e}")),
    };
    let purge = if verb == "purge" { "*" } else { "" };
    let removed: Vec<String> = t
        .added
        .iter()
        .map(|p| format!("{}{purge}", p.name))
        .collect();
    let removed: Vec<&str> = removed.iter().map(String::as_str).collect();
    say.line("The following packages will be REMOVED:");
    for l in wrapped(&removed) {
        say.line(l);
    }
    say.line(format!(
        "0 upgraded, 0 newly installed, {} to remove and 0 not upgraded.",
        t.added.len()
    ));
    say.line(format!(
        "After this operation, {}B disk space will be freed.",
        size_to_str(t.installed())
    ));
    if !yes {
        say.line("Do you want to continue? [Y/n] Abort.");
        say.o
            .err("berth: answering apt's question is not simulated: add -y (apt-get remove -y …)");
        say.o.exit_code = 1;
        return say.o;
    }
    if let Err(e) = world.package_remove(host, id, user, names) {
        return say.error(format!("E: {e}"));
    }
    let d = t.distro;
    let files = d.base_files + 97 * (t.before_count - d.base_count);
    say.line(format!(
        "(Reading database ... {files} files and directories currently installed.)"
    ));
    for p in &t.added {
        say.line(format!("Removing {} ({}) ...", dpkg_name(p), p.version));
    }
    say.o
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_as_apt_prints_them() {
        for (bytes, shown) in [
            (0, "0 "),
            (6_924, "6924 "),
            (13_500, "13.5 k"),
            (63_400, "63.4 k"),
            (151_000, "151 k"),
            (8_793_000, "8793 k"),
            (19_300_000, "19.3 M"),
        ] {
            assert_eq!(size_to_str(bytes), shown, "{bytes}");
        }
    }
}
