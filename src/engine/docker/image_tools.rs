//! Which commands an image ships: its base's userland (busybox's applets on Alpine, Debian's
//! and Ubuntu's essential packages), plus what a repository's own Dockerfile installs on top
//! (nginx's curl, the full `python`/`node` images' buildpack-deps tools). A command missing
//! here is missing in the real image too, and the shell says so in its own words.
//!
//! Sources: busybox's applet list as Alpine 3.22 builds it (`busybox --list`), Debian 12's
//! and Ubuntu 24.04's `Priority: required` packages (coreutils, dash, bash, grep, sed,
//! findutils, tar, gzip, util-linux, login, debianutils, libc-bin, ncurses-bin, apt, dpkg,
//! perl-base, mawk, diffutils, hostname), and docker-library's `buildpack-deps` Dockerfiles
//! (`curl`, `wget`, `git`, `procps`, `openssh-client` in the `-scm` layer).
//!
//! Not simulated: Windows images' lists live with the Windows shells; an image's own server
//! binaries (`nginx`, `redis-server`) are answered by the container shell.

use crate::engine::docker::image::{ImageConfig, Userland};

/// busybox 1.37's applets in Alpine's build (and the busybox image's).
const BUSYBOX: &[&str] = &[
    "sh", "ash", "addgroup", "adduser", "arp", "awk", "base64", "basename", "cat", "chgrp",
    "chmod", "chown", "chroot", "clear", "cp", "crond", "crontab", "cut", "date", "dd", "delgroup",
    "deluser", "df", "diff", "dirname", "dmesg", "du", "echo", "ed", "egrep", "env", "expr",
    "false", "fgrep", "find", "fold", "free", "getty", "grep", "gunzip", "gzip", "head", "hexdump",
    "hostname", "id", "ifconfig", "install", "ip", "ipcalc", "kill", "killall", "less", "ln",
    "login", "ls", "md5sum", "mkdir", "mkfifo", "mktemp", "more", "mount", "mv", "nc", "netstat",
    "nice", "nl", "nohup", "nproc", "nslookup", "od", "passwd", "patch", "pgrep", "pidof", "ping",
    "ping6", "pkill", "printenv", "printf", "ps", "pwd", "readlink", "realpath", "reset", "rev",
    "rm", "rmdir", "route", "sed", "seq", "sha1sum", "sha256sum", "sha512sum", "sleep", "sort",
    "stat", "strings", "stty", "su", "sync", "tac", "tail", "tar", "tee", "telnet", "test", "time",
    "timeout", "top", "touch", "tr", "traceroute", "true", "truncate", "udhcpc", "umount", "uname",
    "uniq", "unzip", "uptime", "usleep", "vi", "watch", "wc", "wget", "which", "whoami", "xargs",
    "yes", "zcat",
];

/// Debian's and Ubuntu's required packages: coreutils, dash/bash, grep, sed, findutils, tar,
/// gzip, util-linux, login, debianutils, libc-bin, ncurses-bin, mawk, diffutils, hostname,
/// perl-base, apt and dpkg. No ping, ip, ps, curl, wget, editors, less or DNS tools.
const DEBIAN: &[&str] = &[
    "sh", "dash", "bash", "apt", "apt-get", "apt-cache", "apt-config", "apt-mark", "awk", "base64",
    "basename", "cat", "chgrp", "chmod", "chown", "chroot", "clear", "cmp", "comm", "cp", "cut",
    "date", "dd", "df", "diff", "dirname", "dpkg", "dpkg-query", "du", "echo", "egrep", "env",
    "expr", "false", "fgrep", "find", "fold", "getent", "grep", "groups", "gunzip", "gzip", "head",
    "hostname", "id", "install", "join", "ldd", "ln", "login", "ls", "mawk", "md5sum", "mkdir",
    "mkfifo", "mktemp", "more", "mount", "mv", "nice", "nl", "nohup", "nproc", "od", "passwd",
    "paste", "perl", "printenv", "printf", "pwd", "readlink", "realpath", "reset", "rm", "rmdir",
    "run-parts", "sed", "seq", "sha1sum", "sha256sum", "sha512sum", "shuf", "sleep", "sort",
    "split", "stat", "stty", "su", "sync", "tac", "tail", "tar", "tee", "test", "timeout", "touch",
    "tput", "tr", "true", "truncate", "tty", "umount", "uname", "uniq", "useradd", "usermod", "wc",
    "which", "whoami", "xargs", "yes", "zcat",
];

/// What the full (buildpack-deps based) language images add: `curl`, `wget`, `git`,
/// `procps`, the ssh client, `make`, `gcc`…
const BUILDPACK_DEPS: &[&str] = &[
    "curl", "wget", "git", "ps", "top", "free", "pgrep", "kill", "ssh", "scp", "make", "gcc",
    "g++", "cc", "unzip", "xz", "bzip2", "file", "patch", "openssl",
];

/// Whether the image `config` describes ships `command` (a base name): its userland's tools
/// and those of the official image at the root of its FROM chain ([`ImageConfig::program`]
/// and its tag), whatever the image's own name: `getting-started` built `FROM
/// node:lts-alpine` has `node` and busybox's applets, and no `git`.
pub fn config_has(config: &ImageConfig, command: &str) -> bool {
    image_has(
        config.userland, &config.program, &config.program_tag, command,
    )
}

/// What nicolaka/netshoot adds to Alpine: its packages' commands.
const NETSHOOT: &[&str] = &[
    "ab", "bash", "zsh", "dig", "host", "nslookup", "drill", "curl", "http", "jq", "ip", "ss",
    "bridge", "ping", "tcpdump", "tshark", "termshark", "nmap", "nping", "iperf", "iperf3", "mtr",
    "fping", "iftop", "ethtool", "conntrack", "ipset", "iptables", "ip6tables", "nft", "ipvsadm",
    "socat", "nc", "telnet", "traceroute", "tcptraceroute", "trip", "strace", "ltrace", "file",
    "vim", "git", "openssl", "ssh", "scp", "ctop", "calicoctl", "grpcurl", "fortio", "websocat",
    "swaks", "speedtest-cli", "scapy", "python3", "pip", "netstat", "ps",
];

/// Whether an image (by base, repository and tag) ships `command` (a base name).
pub fn image_has(userland: Userland, repository: &str, tag: &str, command: &str) -> bool {
    let name = repository.rsplit('/').next().unwrap_or(repository);
    let slim = tag.contains("slim");
    let alpine = tag.contains("alpine");
    let own = match (name, command) {
        ("python", "python" | "python3" | "pip" | "pip3") => true,
        ("node", "node" | "npm" | "npx" | "yarn") => true,
        ("nginx", "nginx" | "envsubst") => true,
        // docker-nginx's alpine-slim Dockerfile: `apk add --no-cache curl ca-certificates`
        // ("to make registering on DNS SD easier"); its Debian images install curl too.
        ("nginx", "curl") => true,
        ("redis", "redis-server" | "redis-cli") => true,
        ("postgres", "psql" | "postgres" | "pg_dump" | "initdb") => true,
        ("mysql" | "mariadb", "mysql" | "mysqld" | "mariadb") => true,
        ("httpd", "httpd" | "apachectl") => true,
        // nicolaka/netshoot's `apk add` list (its Dockerfile, v0.16) and the binaries it
        // copies in.
        ("netshoot", c) if NETSHOOT.contains(&c) => true,
        ("mongo", "mongosh" | "mongod") => true,
        ("golang", "go" | "gofmt") => true,
        ("ruby", "ruby" | "gem" | "irb" | "bundle") => true,
        ("php", "php" | "docker-php-ext-install") => true,
        // The full language images are built on buildpack-deps.
        ("python" | "node" | "golang" | "ruby" | "buildpack-deps", c)
            if !slim && !alpine && BUILDPACK_DEPS.contains(&c) =>
        {
            true
        }
        _ => false,
    };
    if own {
        return true;
    }
    match userland {
        Userland::Alpine => {
            BUSYBOX.contains(&command) || matches!(command, "apk" | "getent" | "ldd" | "ssl_client")
        }
        Userland::Busybox => BUSYBOX.contains(&command),
        // Debian's own images and the slim ones have no curl; the server images built on
        // Debian here (nginx, redis, httpd) install it.
        Userland::Debian => {
            DEBIAN.contains(&command)
                || (command == "curl" && !slim && !matches!(name, "debian" | "ubuntu"))
        }
        Userland::Ubuntu => DEBIAN.contains(&command),
        // The RPM family's container images: coreutils and bash as on Debian, with curl and
        // their package managers (no ping, ip or ps either).
        // Arch has pacman and openSUSE zypper instead of dnf.
        Userland::Fedora => {
            let manager = match name {
                "archlinux" => matches!(command, "pacman" | "makepkg"),
                "leap" => matches!(command, "zypper" | "rpm"),
                _ => matches!(command, "dnf" | "microdnf" | "yum" | "rpm"),
            };
            DEBIAN.contains(&command) || command == "curl" || manager
        }
        Userland::NanoServer | Userland::ServerCore => userland.has(command),
    }
}

/// Whether an image's entrypoint runs the command it is given in its place: a script that
/// ends in `exec "$@"` (`docker-entrypoint.sh`) or an init (`tini`, `dumb-init`, `gosu`).
/// Any other entrypoint is the program, and the command is its arguments (`ENTRYPOINT
/// ["echo"]` in Killercoda's cmd-or-entrypoint lab).
pub fn execs_its_arguments(entrypoint: &[String]) -> bool {
    entrypoint.first().is_some_and(|e| {
        let base = e.rsplit('/').next().unwrap_or(e);
        base.ends_with(".sh") || matches!(base, "tini" | "tini-static" | "dumb-init" | "gosu")
    })
}

/// Whether the program `words` start with is a file a build put on the image's `PATH` (or at
/// the path given): `RUN apk add nodejs` then `CMD ["node","index.js"]` (PWD's ops-s1-images
/// lab) runs it, whatever the base image ships.
pub fn installed_by_build(entry: &ImageConfig, words: &[String]) -> bool {
    let (Some(first), Some(files)) = (words.first(), entry.files.as_ref()) else {
        return false;
    };
    if first.contains('/') {
        return files.exists(first);
    }
    crate::engine::docker::packages::PATH
        .iter()
        .any(|dir| files.exists(&[dir, "/", first.as_str()].concat()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_base_ships_its_own_tools() {
        let cases = [
            (Userland::Alpine, "alpine", "latest", "ping", true),
            (Userland::Alpine, "alpine", "latest", "curl", false),
            (Userland::Alpine, "alpine", "latest", "apk", true),
            (Userland::Alpine, "alpine", "latest", "bash", false),
            (Userland::Busybox, "busybox", "latest", "apk", false),
            (Userland::Debian, "debian", "bookworm", "ping", false),
            (Userland::Debian, "debian", "bookworm", "curl", false),
            (Userland::Debian, "debian", "bookworm", "apt-get", true),
            (Userland::Debian, "nginx", "latest", "curl", true),
            (Userland::Debian, "python", "3.12", "curl", true),
            (Userland::Debian, "python", "3.12-slim", "curl", false),
            (Userland::Debian, "python", "3.12", "ps", true),
            (Userland::Debian, "node", "22", "git", true),
            (Userland::Ubuntu, "ubuntu", "24.04", "curl", false),
            (Userland::Ubuntu, "ubuntu", "24.04", "ps", false),
            (Userland::Ubuntu, "ubuntu", "24.04", "nano", false),
            (Userland::Fedora, "archlinux", "latest", "pacman", true),
            (Userland::Fedora, "archlinux", "latest", "dnf", false),
            (Userland::Fedora, "opensuse/leap", "latest", "zypper", true),
        ];
        for (u, repo, tag, cmd, has) in cases {
            assert_eq!(image_has(u, repo, tag, cmd), has, "{repo}:{tag} {cmd}");
        }
    }
}
