//! Packages inside a container: the distributions' package lists as data, and what a package
//! manager (`apk`, `apt-get`, `dnf`) changes when it installs or removes one.
//!
//! Contract:
//! - Offline and instant: each distribution has a built-in list ([`Distro::packages`]) of the
//!   packages learners install (curl, ping, dig, ip, ps, nc, editors, language runtimes,
//!   clients…), with a version from that release, sizes, dependencies (the ones a learner
//!   would recognise, not the whole closure) and the commands each puts on the `PATH`.
//! - State lives in the container's own files, as on a real system, so it survives a stop and
//!   a start, vanishes with `docker rm`, and shows in the container's writable layer: the
//!   commands (`/usr/bin/curl`, empty files: Berth stores no binaries), and the package
//!   database (`/lib/apk/db/installed`, `/var/lib/dpkg/status` in their own formats, only the
//!   packages added on top of the image's). apt's package lists (`/var/lib/apt/lists/`) are
//!   empty in every official Debian-based image until `apt-get update` fetches them.
//! - A failed operation changes nothing: everything is resolved before a file is written.
//!
//! Not simulated: versions other than the one listed, upgrades (`apk upgrade`, `apt-get
//! upgrade` find nothing newer), recommended/suggested packages, pinning, repositories other
//! than the distribution's own, and the rpm database's real (sqlite) format: Berth keeps an
//! rpm container's added packages in `/var/lib/rpm/berth-installed`, one name per line.

use std::collections::BTreeSet;

use crate::engine::docker::image::Userland;
use crate::engine::fs::FsError;
use crate::engine::World;

/// Which package manager's world a distribution lives in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Family {
    /// Alpine: `apk`.
    Apk,
    /// Debian and Ubuntu: `apt-get`, `apt`, `dpkg`.
    Deb,
    /// Fedora, Rocky, Alma, UBI: `dnf`/`microdnf`/`yum`.
    Rpm,
}

/// One package of a distribution's list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Package {
    pub name: &'static str,
    pub version: &'static str,
    /// `amd64`/`x86_64`, or `all`/`noarch` for data-only packages.
    pub arch: &'static str,
    /// Bytes the package takes once installed.
    pub installed: u64,
    /// Bytes of the archive the manager downloads.
    pub download: u64,
    /// Packages it needs, space-separated names of the same list.
    pub depends: &'static str,
    /// The commands it installs, space-separated absolute paths.
    pub files: &'static str,
}

/// A distribution release as its package manager sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Distro {
    pub family: Family,
    /// `alpine`, `debian`, `ubuntu`, `fedora`.
    pub id: &'static str,
    /// `v3.22`, `trixie`, `noble`, `42`.
    pub release: &'static str,
    /// Packages the image ships, and how much they take (apk's `OK:` line, dpkg's database).
    pub base_count: u32,
    pub base_bytes: u64,
    /// Files and directories dpkg knows before anything is added (`Reading database ...`).
    pub base_files: u32,
    /// Names installed in the image, for "already installed".
    pub base: &'static [(&'static str, &'static str)],
    pub packages: &'static [Package],
    /// Names that resolve to another package (`procps` is `procps-ng` on Alpine).
    pub aliases: &'static [(&'static str, &'static str)],
}

impl Distro {
    /// A package by name or alias.
    pub fn find(&self, name: &str) -> Option<&'static Package> {
        let name = self
            .aliases
            .iter()
            .find(|(alias, _)| *alias == name)
            .map_or(name, |(_, real)| real);
        self.packages.iter().find(|p| p.name == name)
    }

    /// The version of a package the image ships, if it does.
    pub fn base_version(&self, name: &str) -> Option<&'static str> {
        self.base.iter().find(|(n, _)| *n == name).map(|(_, v)| *v)
    }
}

/// Why a package manager refused; the cli words each as the manager does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PackageError {
    /// The container is not running, or the image has no package manager Berth knows.
    NoManager,
    /// Names that are in no list (apk: `no such package`; apt: `Unable to locate package`);
    /// before `apt-get update` every name is unknown to apt, its lists being empty.
    Unknown(Vec<String>),
    /// The container runs as a user other than root: the database is root's.
    NotRoot,
    /// Removing a package that is not installed.
    NotInstalled(String),
    /// Removing a package the image itself ships: not simulated.
    BasePackage(String),
    /// The container's file system is full (Berth's bounds).
    Files(FsError),
}

impl std::fmt::Display for PackageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PackageError::NoManager => write!(f, "no package manager"),
            PackageError::Unknown(n) => write!(f, "unknown packages {}", n.join(" ")),
            PackageError::NotRoot => write!(f, "permission denied"),
            PackageError::NotInstalled(n) => write!(f, "{n} is not installed"),
            PackageError::BasePackage(n) => write!(f, "{n} is part of the image"),
            PackageError::Files(e) => write!(f, "{e}"),
        }
    }
}

/// What an install did: the packages added, dependencies first, and the state after.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Transaction {
    pub distro: Distro,
    /// Added, in installation order (dependencies before what needs them).
    pub added: Vec<&'static Package>,
    /// Asked for but already there: (name, version).
    pub already: Vec<(String, &'static str)>,
    /// Packages installed after the transaction, and their bytes.
    pub total_count: u32,
    pub total_bytes: u64,
    /// Packages installed before it.
    pub before_count: u32,
}

impl Transaction {
    pub fn download(&self) -> u64 {
        self.added.iter().map(|p| p.download).sum()
    }
    pub fn installed(&self) -> u64 {
        self.added.iter().map(|p| p.installed).sum()
    }
}

/// Where each family keeps what Berth added.
fn db_path(family: Family) -> &'static str {
    match family {
        Family::Apk => "/lib/apk/db/installed",
        Family::Deb => "/var/lib/dpkg/status",
        Family::Rpm => "/var/lib/rpm/berth-installed",
    }
}

/// The package index a manager keeps once it fetched it: apt's lists (one file stands for
/// them all; empty in every official image until `apt-get update`), apk's cache (what
/// `--no-cache` avoids). dnf fetches its metadata each time in Berth.
fn index_path(distro: &Distro) -> Option<String> {
    match (distro.family, distro.id) {
        (Family::Apk, _) => Some("/var/cache/apk/APKINDEX.2c4ac24e.tar.gz".to_string()),
        (Family::Deb, "ubuntu") => Some(format!(
            "/var/lib/apt/lists/archive.ubuntu.com_ubuntu_dists_{}_InRelease",
            distro.release
        )),
        (Family::Deb, _) => Some(format!(
            "/var/lib/apt/lists/deb.debian.org_debian_dists_{}_InRelease",
            distro.release
        )),
        (Family::Rpm, _) => None,
    }
}

/// The database entry of one package, in its manager's own format.
fn db_entry(family: Family, p: &Package) -> String {
    match family {
        Family::Apk => format!(
            "C:Q1berth\nP:{}\nV:{}\nA:{}\nS:{}\nI:{}\n\n",
            p.name, p.version, p.arch, p.download, p.installed
        ),
        Family::Deb => format!(
            "Package: {}\nStatus: install ok installed\nInstalled-Size: {}\nArchitecture: {}\nVersion: {}\n\n",
            p.name,
            p.installed / 1024,
            p.arch,
            p.version
        ),
        Family::Rpm => format!("{}\n", p.name),
    }
}

/// The names in a database file Berth wrote.
fn db_names(family: Family, text: &str) -> BTreeSet<String> {
    match family {
        Family::Apk => text
            .lines()
            .filter_map(|l| l.strip_prefix("P:"))
            .map(str::to_string)
            .collect(),
        Family::Deb => text
            .lines()
            .filter_map(|l| l.strip_prefix("Package: "))
            .map(str::to_string)
            .collect(),
        Family::Rpm => text
            .lines()
            .filter(|l| !l.is_empty())
            .map(str::to_string)
            .collect(),
    }
}

/// The distribution of an image, from its repository and tag (and base, for images built on
/// one): `None` when it has no package manager (busybox, Windows, a distroless image).
pub fn distro_of(repository: &str, tag: &str, userland: Userland) -> Option<Distro> {
    let name = repository.rsplit('/').next().unwrap_or(repository);
    match name {
        // archlinux's pacman and openSUSE's zypper are not simulated.
        "busybox" | "hello-world" | "registry" | "traefik" | "archlinux" | "leap" => return None,
        "fedora" | "rockylinux" | "almalinux" | "oraclelinux" | "centos" | "amazonlinux"
        | "ubi8" | "ubi9" | "ubi9-minimal" | "ubi8-minimal" | "ubi" => {
            return Some(super::package_lists::FEDORA)
        }
        _ => {}
    }
    let alpine_tag = tag.contains("alpine");
    match userland {
        Userland::Alpine => Some(super::package_lists::ALPINE),
        Userland::Debian if alpine_tag => Some(super::package_lists::ALPINE),
        Userland::Debian => Some(super::package_lists::TRIXIE),
        Userland::Ubuntu => Some(super::package_lists::NOBLE),
        Userland::Fedora => Some(super::package_lists::FEDORA),
        Userland::Busybox | Userland::NanoServer | Userland::ServerCore => None,
    }
}

/// The name a package manager gives an image's release (`fs::releases` key): apk's
/// `v3.21`, apt's suite, dnf's `$releasever`.
fn release_name(key: &str) -> Option<&'static str> {
    Some(match key {
        "alpine:edge" => "edge",
        "alpine:3.21" => "v3.21",
        "alpine:3.22" => "v3.22",
        "alpine:3.23" => "v3.23",
        "alpine:3.24" => "v3.24",
        "debian:11" => "bullseye",
        "debian:12" => "bookworm",
        "debian:13" => "trixie",
        "ubuntu:22.04" => "jammy",
        "ubuntu:24.04" => "noble",
        "ubuntu:26.04" => "resolute",
        "fedora:43" => "43",
        "fedora:44" => "44",
        "fedora:45" => "45",
        _ => return None,
    })
}

/// Where a command may live: a name on the `PATH` as the shells search it.
pub(crate) const PATH: &[&str] = &[
    "/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin",
];

impl World {
    /// The distribution of a running container's image.
    pub fn container_distro(&self, host: &str, id: &str) -> Result<Distro, PackageError> {
        let c = self
            .container_lookup(host, id)
            .map_err(|_| PackageError::NoManager)?;
        let image = self.image_entry(c).ok_or(PackageError::NoManager)?;
        // The official image at the root of its FROM chain decides the distribution.
        let (program, tag) = self.container_program(c);
        let mut distro = distro_of(program, tag, image.userland).ok_or(PackageError::NoManager)?;
        // The repositories the image's release points at (`alpine:3.21` fetches from
        // `v3.21`, `debian:12` from bookworm); the packages stay those of the family's list.
        if let Some(release) = release_name(&image.release) {
            distro.release = release;
        }
        Ok(distro)
    }

    /// Whether a package manager put `command` (a base name) on the container's `PATH`.
    pub fn container_has_installed(&self, host: &str, id: &str, command: &str) -> bool {
        let Ok(c) = self.container_lookup(host, id) else {
            return false;
        };
        !command.is_empty()
            && !command.contains('/')
            && PATH
                .iter()
                .any(|dir| c.files.exists(&[dir, "/", command].concat()))
    }

    /// The packages added to a container on top of its image.
    pub fn container_packages(&self, host: &str, id: &str) -> BTreeSet<String> {
        let (Ok(c), Ok(d)) = (
            self.container_lookup(host, id),
            self.container_distro(host, id),
        ) else {
            return BTreeSet::new();
        };
        c.files
            .read(db_path(d.family))
            .map(|t| db_names(d.family, t))
            .unwrap_or_default()
    }

    /// Whether the package index is there (`apt-get update` ran, apk cached its index).
    pub fn package_lists_fetched(&self, host: &str, id: &str) -> bool {
        let (Ok(c), Ok(d)) = (
            self.container_lookup(host, id),
            self.container_distro(host, id),
        ) else {
            return false;
        };
        index_path(&d).is_none_or(|p| c.files.exists(&p))
    }

    /// `apt-get update`, `apk update`: the index is fetched and kept. `user` is the user the
    /// command runs as (`docker exec -u`), `None` for the container's own (`--user`, the
    /// image's `USER`, else root).
    pub fn package_update(
        &mut self,
        host: &str,
        id: &str,
        user: Option<&str>,
    ) -> Result<Distro, PackageError> {
        let d = self.container_distro(host, id)?;
        self.package_root_check(host, id, user)?;
        if let Some(path) = index_path(&d) {
            self.file_write(host, Some(id), &path, "", false)
                .map_err(PackageError::Files)?;
        }
        Ok(d)
    }

    /// The package database and its lock are root's: another user gets the manager's
    /// permission error. `docker exec -u` wins over the container's user.
    fn package_root_check(
        &self,
        host: &str,
        id: &str,
        user: Option<&str>,
    ) -> Result<(), PackageError> {
        let c = self
            .container_lookup(host, id)
            .map_err(|_| PackageError::NoManager)?;
        let spec = user.unwrap_or(&c.user);
        let user = spec.split(':').next().unwrap_or("");
        if matches!(user, "" | "root" | "0") {
            Ok(())
        } else {
            Err(PackageError::NotRoot)
        }
    }

    /// Installs `names` and what they depend on: resolved first, then written, so an unknown
    /// name installs nothing. apt finds nothing before `apt-get update`.
    pub fn package_install(
        &mut self,
        host: &str,
        id: &str,
        user: Option<&str>,
        names: &[String],
    ) -> Result<Transaction, PackageError> {
        let distro = self.container_distro(host, id)?;
        self.package_root_check(host, id, user)?;
        // apt finds nothing before `apt-get update`; apk fetches what it lacks.
        let lists = distro.family != Family::Deb || self.package_lists_fetched(host, id);
        let mut installed = self.container_packages(host, id);
        let before_count = distro.base_count + count(&installed);
        let before_bytes = distro.base_bytes + bytes(&distro, &installed);
        let mut added: Vec<&'static Package> = Vec::new();
        let mut already = Vec::new();
        let mut unknown = Vec::new();
        for name in names {
            let found = distro.find(name).filter(|_| lists);
            let Some(p) = found else {
                match distro.base_version(name) {
                    Some(v) if lists => already.push((name.clone(), v)),
                    _ => unknown.push(name.clone()),
                }
                continue;
            };
            if let Some(v) = distro.base_version(p.name) {
                already.push((p.name.to_string(), v));
                continue;
            }
            if installed.contains(p.name) {
                already.push((p.name.to_string(), p.version));
                continue;
            }
            add_with_deps(&distro, p, &mut installed, &mut added, 0);
        }
        if !unknown.is_empty() {
            return Err(PackageError::Unknown(unknown));
        }
        let db: String = added.iter().map(|p| db_entry(distro.family, p)).collect();
        let mut paths: Vec<&str> = added.iter().flat_map(|p| p.files.split(' ')).collect();
        paths.retain(|p| !p.is_empty());
        // Every write is checked against the bounds before any is made.
        self.package_files_fit(host, id, paths.len())?;
        if !added.is_empty() {
            self.file_write(host, Some(id), db_path(distro.family), &db, true)
                .map_err(PackageError::Files)?;
        }
        for path in paths {
            // A program the package installs is executable (`which` finds it).
            let program = path.contains("/bin/") || path.contains("/sbin/");
            self.fs_change(host, Some(id), |fs| {
                fs.write(path, "", false)?;
                if program {
                    fs.set_mode(path, 0o755)?;
                }
                Ok(())
            })
            .map_err(PackageError::Files)?;
        }
        let added_count = u32::try_from(added.len()).unwrap_or(u32::MAX);
        let added_bytes: u64 = added.iter().map(|p| p.installed).sum();
        Ok(Transaction {
            distro,
            added,
            already,
            total_count: before_count.saturating_add(added_count),
            total_bytes: before_bytes.saturating_add(added_bytes),
            before_count,
        })
    }

    /// Whether `more` new files fit in the container's file system.
    fn package_files_fit(&self, host: &str, id: &str, more: usize) -> Result<(), PackageError> {
        let c = self
            .container_lookup(host, id)
            .map_err(|_| PackageError::NoManager)?;
        if c.files
            .paths()
            .count()
            .saturating_add(more)
            .saturating_add(1)
            > crate::engine::fs::MAX_FILES
        {
            return Err(PackageError::Files(FsError::TooMany));
        }
        Ok(())
    }

    /// Removes `names` (only packages added on top of the image; their dependencies stay,
    /// as `apt-get remove` leaves them for `autoremove`).
    pub fn package_remove(
        &mut self,
        host: &str,
        id: &str,
        user: Option<&str>,
        names: &[String],
    ) -> Result<Transaction, PackageError> {
        let distro = self.container_distro(host, id)?;
        self.package_root_check(host, id, user)?;
        let mut installed = self.container_packages(host, id);
        let before_count = distro.base_count + count(&installed);
        let mut removed: Vec<&'static Package> = Vec::new();
        for name in names {
            let p = distro.find(name);
            match p {
                Some(p) if installed.contains(p.name) => {
                    installed.remove(p.name);
                    removed.push(p);
                }
                _ if distro.base_version(name).is_some() => {
                    return Err(PackageError::BasePackage(name.clone()))
                }
                _ => return Err(PackageError::NotInstalled(name.clone())),
            }
        }
        // apk keeps only what the world needs: dependencies nothing else needs go too.
        if distro.family == Family::Apk {
            let mut i = 0;
            while let Some(p) = removed.get(i).copied() {
                i += 1;
                for dep in p.depends.split(' ').filter_map(|d| distro.find(d)) {
                    let needed = installed
                        .iter()
                        .filter_map(|n| distro.find(n))
                        .any(|q| q.depends.split(' ').any(|d| distro.find(d) == Some(dep)));
                    if installed.contains(dep.name) && !needed && removed.len() < 256 {
                        installed.remove(dep.name);
                        removed.push(dep);
                    }
                }
            }
        }
        let db: String = installed
            .iter()
            .filter_map(|n| distro.find(n))
            .map(|p| db_entry(distro.family, p))
            .collect();
        let h = self.host_mut(host).map_err(|_| PackageError::NoManager)?;
        let c = h.containers.get_mut(id).ok_or(PackageError::NoManager)?;
        let _ = c.files.write(db_path(distro.family), &db);
        for p in &removed {
            for path in p.files.split(' ').filter(|p| !p.is_empty()) {
                let _ = c.files.remove(path);
            }
        }
        Ok(Transaction {
            distro,
            total_count: distro.base_count + count(&installed),
            total_bytes: distro.base_bytes + bytes(&distro, &installed),
            added: removed,
            already: Vec::new(),
            before_count,
        })
    }
}

fn count(names: &BTreeSet<String>) -> u32 {
    u32::try_from(names.len()).unwrap_or(u32::MAX)
}

fn bytes(distro: &Distro, names: &BTreeSet<String>) -> u64 {
    names
        .iter()
        .filter_map(|n| distro.find(n))
        .map(|p| p.installed)
        .sum()
}

/// Depth-first, dependencies first; bounded by the list's own depth.
fn add_with_deps(
    distro: &Distro,
    p: &'static Package,
    installed: &mut BTreeSet<String>,
    added: &mut Vec<&'static Package>,
    depth: u32,
) {
    if depth > 16 || installed.contains(p.name) || distro.base_version(p.name).is_some() {
        return;
    }
    installed.insert(p.name.to_string());
    for dep in p.depends.split(' ').filter(|d| !d.is_empty()) {
        if let Some(d) = distro.find(dep) {
            add_with_deps(distro, d, installed, added, depth + 1);
        }
    }
    added.push(p);
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::super::package_lists::{ALPINE, FEDORA, NOBLE, TRIXIE};
    use super::*;

    #[test]
    fn every_dependency_and_alias_is_in_its_list() {
        for d in [ALPINE, TRIXIE, NOBLE, FEDORA] {
            for p in d.packages {
                for dep in p.depends.split(' ').filter(|x| !x.is_empty()) {
                    assert!(
                        d.find(dep).is_some() || d.base_version(dep).is_some(),
                        "{} {}: {dep}",
                        d.id,
                        p.name
                    );
                }
                for f in p.files.split(' ').filter(|x| !x.is_empty()) {
                    assert!(PATH.iter().any(|dir| f.starts_with(dir)), "{f}");
                }
            }
            for (_, real) in d.aliases {
                assert!(d.find(real).is_some(), "{} alias {real}", d.id);
            }
            let names: BTreeSet<&str> = d.packages.iter().map(|p| p.name).collect();
            assert_eq!(names.len(), d.packages.len(), "{} has a duplicate", d.id);
        }
    }

    #[test]
    fn the_distro_follows_the_image() {
        assert_eq!(
            distro_of("alpine", "3.22", Userland::Alpine).unwrap().id,
            "alpine"
        );
        assert_eq!(
            distro_of("nginx", "alpine", Userland::Debian).unwrap().id,
            "alpine"
        );
        assert_eq!(
            distro_of("nginx", "latest", Userland::Debian).unwrap().id,
            "debian"
        );
        assert_eq!(
            distro_of("ubuntu", "24.04", Userland::Ubuntu).unwrap().id,
            "ubuntu"
        );
        assert_eq!(
            distro_of("fedora", "42", Userland::Debian).unwrap().id,
            "fedora"
        );
        assert!(distro_of("busybox", "latest", Userland::Busybox).is_none());
    }
}
