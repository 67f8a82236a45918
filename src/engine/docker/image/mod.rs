//! The built-in image catalogue.
//!
//! Nothing is ever downloaded: `docker pull nginx` copies an entry of this catalogue into the
//! host's image store, with the pull progress lines a real engine prints. Each entry carries what
//! the simulation needs from a real image's config: the entrypoint and command, the exposed ports,
//! and how its main process behaves (does it keep running, does it handle SIGTERM).

pub mod commit;
pub mod declared;
pub mod memcached_usage;
pub mod official;
pub mod programs;

pub use super::image_config::{Healthcheck, HistoryEntry, ImageConfig, Layer};
pub use super::image_ref::{ImageRef, ImageRefError};

/// How an image's main process behaves once started. This decides `Up …` versus `Exited (0)` in
/// `docker ps`, and the exit code after `docker stop`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Behaviour {
    /// A server (nginx, redis): runs until stopped, handles SIGTERM and exits 0.
    Server,
    /// A shell: exits at once with 0 when it has no stdin (`docker run -d alpine`), keeps running
    /// with `-i`/`-t`. As PID 1 it ignores SIGTERM, so `docker stop` kills it after 10 s: 137.
    Shell,
}

/// One image of the catalogue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatalogueImage {
    pub repository: &'static str,
    pub tags: &'static [&'static str],
    pub entrypoint: &'static [&'static str],
    pub cmd: &'static [&'static str],
    pub exposed_ports: &'static [&'static str],
    pub behaviour: Behaviour,
    /// Compressed size in bytes as `docker images` reports it.
    pub size: u64,
    pub layers: u32,
    /// How long before the world's start the image was built (`CREATED` in `docker images`).
    pub age_days: u64,
    /// The base system: decides which commands exist inside and how its shell talks.
    pub userland: Userland,
    /// `ENV` of the image, after `PATH` (which every image here sets to the default).
    pub env: &'static [&'static str],
    /// What the server listens on and answers (`80/tcp` → an HTTP page), if anything.
    pub serves: Option<Service>,
    /// The build steps, newest first, with the bytes each layer adds (`docker history`).
    pub history: &'static [(&'static str, u64)],
    /// `USER` (`Config.User`): whom a container runs as when `--user` does not say. Empty is
    /// root, as for nginx and redis, whose entrypoints drop privileges themselves (or not).
    pub user: &'static str,
    /// Packages a scanner finds in the image, `(name, version)`, named as the CVE catalogue
    /// names them (`runc`, `containerd`, `docker`); only those that matter to it are listed.
    pub packages: &'static [(&'static str, &'static str)],
    /// Private keys in the image's layers: a file a later layer deleted is still in the layer
    /// that added it, and in every copy of the image.
    pub private_keys: &'static [&'static str],
}

/// The base system of an image.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Userland {
    /// Alpine Linux: busybox applets, musl's `getent`, `/ # ` prompt.
    Alpine,
    /// The busybox image: busybox applets only.
    Busybox,
    /// Debian (the official nginx, redis, httpd images): dash as `sh`, bash, no ping or ip.
    Debian,
    /// Ubuntu: like Debian, without curl.
    Ubuntu,
    /// The RPM family (Fedora, Oracle Linux as under mysql, Rocky, Alma, Amazon Linux): bash,
    /// coreutils, curl; `dnf`/`microdnf` rather than `apt-get`.
    Fedora,
    /// Windows Nano Server: `cmd.exe` and the classic network tools, no PowerShell.
    NanoServer,
    /// Windows Server Core: `cmd.exe`, the network tools and Windows PowerShell.
    ServerCore,
}

/// Windows commands both Windows bases have (`ver`, `cls` and `exit` are `cmd` builtins).
/// The build of the simulated Windows hosts: Windows Server 2022 (`ltsc2022`). A Windows
/// image runs under process isolation only on a host of its own build.
pub const WINDOWS_BUILD: &str = "10.0.20348";

const WINDOWS_TOOLS: &[&str] = &[
    "cmd", "ipconfig", "hostname", "ping", "whoami", "timeout", "ver", "exit", "set", "type",
    "nslookup", "route", "netstat", "tasklist", "curl",
];

/// Busybox applets both Alpine and the busybox image ship, as far as Berth uses them.
const BUSYBOX_TOOLS: &[&str] = &[
    "sh", "ash", "ping", "nslookup", "wget", "ip", "hostname", "cat", "echo", "env", "id",
    "whoami", "ls", "sleep", "true", "false", "uname", "top", "tail", "nc", "ifconfig", "route",
    "traceroute", "mount", "chroot", "ps", "kill",
];

const DEBIAN_TOOLS: &[&str] = &[
    "sh", "bash", "cat", "echo", "env", "id", "whoami", "hostname", "getent", "ls", "sleep",
    "true", "false", "uname", "tail",
];

impl Userland {
    /// Whether a command exists in an image of this base (its own server binaries aside).
    pub fn has(self, command: &str) -> bool {
        match self {
            Userland::Alpine => BUSYBOX_TOOLS.contains(&command) || command == "getent",
            Userland::Busybox => BUSYBOX_TOOLS.contains(&command),
            Userland::Debian => DEBIAN_TOOLS.contains(&command) || command == "curl",
            Userland::Ubuntu => DEBIAN_TOOLS.contains(&command),
            Userland::Fedora => DEBIAN_TOOLS.contains(&command) || command == "curl",
            Userland::NanoServer | Userland::ServerCore => {
                let base = windows_base(command);
                WINDOWS_TOOLS.contains(&base.as_str())
                    || (self == Userland::ServerCore && base == "powershell")
            }
        }
    }

    /// A Windows base image: its containers run a Windows kernel, not Linux.
    pub fn is_windows(self) -> bool {
        matches!(self, Userland::NanoServer | Userland::ServerCore)
    }
}

/// A Windows command's base name: `c:\\windows\\system32\\cmd.exe` → `cmd`, case folded
/// (Windows finds `IPCONFIG` as well as `ipconfig`).
pub fn windows_base(command: &str) -> String {
    let base = command.rsplit(['\\', '/']).next().unwrap_or(command);
    let lower = base.to_ascii_lowercase();
    lower
        .strip_suffix(".exe")
        .map_or(lower.clone(), str::to_string)
}

/// The Windows build an image tag was made for (`ltsc2022` → 10.0.20348): process isolation
/// needs the host's build to match.
pub fn windows_build(tag: &str) -> &'static str {
    match tag {
        "ltsc2019" | "1809" => "10.0.17763",
        _ => "10.0.20348",
    }
}

/// What a server image answers on its port.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Service {
    /// An HTTP server on port 80 with this body.
    Http { port: u16, body: &'static str },
    /// A non-HTTP TCP service (redis on 6379).
    Tcp { port: u16 },
}

/// nginx's default page (`/usr/share/nginx/html/index.html`), without its final newline: the
/// one text, kept with the image's other files (`engine::fs::trees`).
pub const NGINX_INDEX: &str = crate::engine::fs::trees::NGINX_INDEX_PAGE;

/// The training shop's home page, by version.
pub const SHOP_INDEX_1_0: &str = "<h1>ACME shop</h1><p>version 1.0</p>";
pub const SHOP_INDEX_1_1: &str = "<h1>ACME shop</h1><p>version 1.1</p>";

/// docker/welcome-to-docker's page on port 80: the app's `public/index.html` (its
/// `%PUBLIC_URL%` empty, as Create React App builds it); the build's minified scripts and
/// styles are not kept, and the page says so.
pub const WELCOME_TO_DOCKER: &str = "<!DOCTYPE html>\n<html lang=\"en\">\n  <head>\n    <meta charset=\"utf-8\" />\n    <link rel=\"icon\" href=\"/favicon.ico\" />\n    <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\" />\n    <meta name=\"theme-color\" content=\"#000000\" />\n    <meta name=\"description\" content=\"Your first Docker container\" />\n    <title>Welcome to Docker</title>\n  </head>\n  <body>\n    <noscript>You need to enable JavaScript to run this app.</noscript>\n    <div id=\"root\"></div>\n    <!-- berth: the React build's scripts (github.com/docker/welcome-to-docker, src/App.js) are not kept -->\n  </body>\n</html>";

/// docker/getting-started's page on port 80: the tutorial's mkdocs site (site_name `Getting
/// Started` in its mkdocs.yml) is not kept in Berth, so the page says so instead of faking it.
pub const GETTING_STARTED_TUTORIAL: &str = "<!doctype html><html><head><title>Getting Started</title></head><body><!-- berth: the tutorial site (docker/getting-started's mkdocs build) is not kept; Docker's workshop is at https://docs.docker.com/get-started/workshop/ --></body></html>";

/// Apache httpd's default page (`htdocs/index.html`).
pub const HTTPD_INDEX: &str = "<html><body><h1>It works!</h1></body></html>";

/// The catalogue. Sizes and layer counts are those of the linux/amd64 images of late 2026,
/// rounded; they only need to look like what a learner will see.
pub const CATALOGUE: &[CatalogueImage] = &[
    CatalogueImage {
        repository: "alpine",
        tags: &["3.24.1", "3.24", "3", "latest"],
        entrypoint: &[],
        cmd: &["/bin/sh"],
        exposed_ports: &[],
        behaviour: Behaviour::Shell,
        size: 8_310_000,
        layers: 1,
        age_days: 40,
        userland: Userland::Alpine,
        env: &[],
        serves: None,
        history: &[
            ("CMD [\"/bin/sh\"]", 0),
            ("ADD alpine-minirootfs-3.24.1-x86_64.tar.gz / # buildkit", 8_310_000),
        ],
        user: "",
        packages: &[],
        private_keys: &[],
    },
    CatalogueImage {
        repository: "busybox",
        tags: &["latest", "1.37", "1"],
        entrypoint: &[],
        cmd: &["sh"],
        exposed_ports: &[],
        behaviour: Behaviour::Shell,
        size: 4_420_000,
        layers: 1,
        age_days: 420,
        userland: Userland::Busybox,
        env: &[],
        serves: None,
        history: &[
            ("CMD [\"sh\"]", 0),
            ("ADD busybox.tar.xz / # buildkit", 4_420_000),
        ],
        user: "",
        packages: &[],
        private_keys: &[],
    },
    CatalogueImage {
        repository: "nginx",
        // The library's `latest` build (official.txt); its other builds (`1.30`, `alpine`)
        // copy this entry with their own version and base.
        tags: &[
            "1.31.4", "mainline", "1", "1.31", "latest", "1.31.4-trixie", "mainline-trixie",
            "1-trixie", "1.31-trixie", "trixie",
        ],
        entrypoint: &["/docker-entrypoint.sh"],
        cmd: &["nginx", "-g", "daemon off;"],
        exposed_ports: &["80/tcp"],
        behaviour: Behaviour::Server,
        size: 192_000_000,
        layers: 7,
        age_days: 12,
        userland: Userland::Debian,
        env: &[
            "NGINX_VERSION=1.31.4",
            "NJS_VERSION=0.9.4",
            "NJS_RELEASE=1~trixie",
            "PKG_RELEASE=1~trixie",
            "DYNPKG_RELEASE=1~trixie",
        ],
        serves: Some(Service::Http {
            port: 80,
            body: NGINX_INDEX,
        }),
        history: &[
            ("CMD [\"nginx\" \"-g\" \"daemon off;\"]", 0),
            ("STOPSIGNAL SIGQUIT", 0),
            ("EXPOSE map[80/tcp:{}]", 0),
            ("ENTRYPOINT [\"/docker-entrypoint.sh\"]", 0),
            ("COPY 30-tune-worker-processes.sh /docker-entrypoint.d # buildkit", 4_620),
            ("COPY 20-envsubst-on-templates.sh /docker-entrypoint.d # buildkit", 3_020),
            ("COPY 10-listen-on-ipv6-by-default.sh /docker-entrypoint.d # buildkit", 2_120),
            ("COPY docker-entrypoint.sh / # buildkit", 1_620),
            ("RUN /bin/sh -c set -x     && groupadd --system --gid 101 nginx     && useradd --system --gid nginx --no-create-home --home /nonexistent --comment \"nginx user\" --shell /bin/false --uid 101 nginx     && apt-get update # buildkit", 113_380_000),
            ("ENV DYNPKG_RELEASE=1~trixie", 0),
            ("ENV PKG_RELEASE=1~trixie", 0),
            ("ENV NJS_RELEASE=1~trixie", 0),
            ("ENV NJS_VERSION=0.9.4", 0),
            ("ENV NGINX_VERSION=1.31.4", 0),
            ("LABEL maintainer=NGINX Docker Maintainers <docker-maint@nginx.com>", 0),
            ("CMD [\"bash\"]", 0),
            ("ADD rootfs.tar.xz / # buildkit", 78_600_000),
        ],
        user: "",
        packages: &[],
        private_keys: &[],
    },
    CatalogueImage {
        repository: "redis",
        tags: &["latest", "8.2", "8"],
        entrypoint: &["docker-entrypoint.sh"],
        cmd: &["redis-server"],
        exposed_ports: &["6379/tcp"],
        behaviour: Behaviour::Server,
        size: 137_000_000,
        layers: 8,
        age_days: 19,
        userland: Userland::Debian,
        env: &[
            "GOSU_VERSION=1.17",
            "REDIS_DOWNLOAD_URL=http://download.redis.io/releases/redis-8.2.3.tar.gz",
        ],
        serves: Some(Service::Tcp { port: 6379 }),
        history: &[
            ("CMD [\"redis-server\"]", 0),
            ("EXPOSE map[6379/tcp:{}]", 0),
            ("ENTRYPOINT [\"docker-entrypoint.sh\"]", 0),
            ("COPY docker-entrypoint.sh /usr/local/bin/ # buildkit", 4_900),
            ("WORKDIR /data", 0),
            ("VOLUME [/data]", 0),
            ("RUN /bin/sh -c set -eux; \tsavedAptMark=\"$(apt-mark showmanual)\"; \tapt-get update # buildkit", 58_300_000),
            ("ENV REDIS_DOWNLOAD_URL=http://download.redis.io/releases/redis-8.2.3.tar.gz", 0),
            ("ENV GOSU_VERSION=1.17", 0),
            ("RUN /bin/sh -c groupadd -r -g 999 redis && useradd -r -g redis -u 999 redis # buildkit", 4_300),
            ("CMD [\"bash\"]", 0),
            ("ADD rootfs.tar.xz / # buildkit", 78_600_000),
        ],
        user: "",
        packages: &[],
        private_keys: &[],
    },
    CatalogueImage {
        repository: "httpd",
        tags: &["latest", "2.4"],
        entrypoint: &[],
        cmd: &["httpd-foreground"],
        exposed_ports: &["80/tcp"],
        behaviour: Behaviour::Server,
        size: 148_000_000,
        layers: 6,
        age_days: 33,
        userland: Userland::Debian,
        env: &["HTTPD_PREFIX=/usr/local/apache2", "HTTPD_VERSION=2.4.65"],
        serves: Some(Service::Http {
            port: 80,
            body: HTTPD_INDEX,
        }),
        history: &[
            ("CMD [\"httpd-foreground\"]", 0),
            ("EXPOSE map[80/tcp:{}]", 0),
            ("COPY httpd-foreground /usr/local/bin/ # buildkit", 138),
            ("STOPSIGNAL SIGWINCH", 0),
            ("RUN /bin/sh -c set -eux; \tsavedAptMark=\"$(apt-mark showmanual)\"; \tapt-get update # buildkit", 69_400_000),
            ("ENV HTTPD_VERSION=2.4.65", 0),
            ("WORKDIR /usr/local/apache2", 0),
            ("ENV HTTPD_PREFIX=/usr/local/apache2", 0),
            ("CMD [\"bash\"]", 0),
            ("ADD rootfs.tar.xz / # buildkit", 78_600_000),
        ],
        user: "",
        packages: &[],
        private_keys: &[],
    },
    CatalogueImage {
        repository: "ubuntu",
        tags: &["latest", "24.04", "noble"],
        entrypoint: &[],
        cmd: &["/bin/bash"],
        exposed_ports: &[],
        behaviour: Behaviour::Shell,
        size: 78_100_000,
        layers: 1,
        age_days: 26,
        userland: Userland::Ubuntu,
        env: &[],
        serves: None,
        history: &[
            ("CMD [\"/bin/bash\"]", 0),
            ("ADD file:1b6c8c9518be42fa2afe5e241ca31677fce58d27cdfa88baa91a65a259be3637 in / ", 78_100_000),
            ("LABEL org.opencontainers.image.version=24.04", 0),
            ("LABEL org.opencontainers.image.ref.name=ubuntu", 0),
            ("ARG LAUNCHPAD_BUILD_ARCH", 0),
            ("ARG RELEASE", 0),
        ],
        user: "",
        packages: &[],
        private_keys: &[],
    },
    CatalogueImage {
        repository: "docker",
        tags: &["cli", "29-cli", "29.0.4-cli"],
        entrypoint: &["docker-entrypoint.sh"],
        cmd: &["sh"],
        exposed_ports: &[],
        behaviour: Behaviour::Shell,
        size: 126_000_000,
        layers: 9,
        age_days: 9,
        userland: Userland::Alpine,
        env: &["DOCKER_VERSION=29.0.4", "DOCKER_TLS_CERTDIR=/certs"],
        serves: None,
        history: &[
            ("CMD [\"sh\"]", 0),
            ("ENTRYPOINT [\"docker-entrypoint.sh\"]", 0),
            ("COPY docker-entrypoint.sh /usr/local/bin/ # buildkit", 1_900),
            ("ENV DOCKER_TLS_CERTDIR=/certs", 0),
            ("RUN /bin/sh -c set -eux; apk add --no-cache ca-certificates openssh-client git # buildkit", 16_000_000),
            ("RUN /bin/sh -c set -eux; wget -O docker.tgz \"$url\"; tar --extract --file docker.tgz --directory /usr/local/bin/ # buildkit", 40_000_000),
            ("RUN /bin/sh -c set -eux; wget -O docker-buildx \"$url\" # buildkit", 60_000_000),
            ("ENV DOCKER_VERSION=29.0.4", 0),
            ("ADD alpine-minirootfs-3.22.2-x86_64.tar.gz / # buildkit", 8_310_000),
        ],
        user: "",
        packages: &[("docker", "29.0.4")],
        private_keys: &[],
    },
    // Community images of Docker's own material. nicolaka/netshoot (the workshop's part 7:
    // `docker run -it --network todo-app nicolaka/netshoot`, then `dig mysql`): its
    // Dockerfile (v0.16) is Alpine with bind-tools, curl, iproute2, tcpdump, nmap… and zsh
    // as its command. Size and layers are Berth's estimates.
    CatalogueImage {
        repository: "nicolaka/netshoot",
        tags: &["latest", "v0.16"],
        entrypoint: &[],
        cmd: &["zsh"],
        exposed_ports: &[],
        behaviour: Behaviour::Shell,
        size: 206_000_000,
        layers: 17,
        age_days: 160,
        userland: Userland::Alpine,
        env: &["HOSTNAME=netshoot"],
        serves: None,
        history: &[
            ("CMD [\"zsh\"]", 0),
            ("RUN /bin/sh -c chown root:root /usr/bin/dumpcap # buildkit", 0),
            ("RUN /bin/sh -c chmod -R g=u /root # buildkit", 0),
            ("COPY motd motd # buildkit", 1_067),
            ("COPY zshrc .zshrc # buildkit", 2_610),
            ("RUN /bin/sh -c git clone --depth=1 https://github.com/romkatv/powerlevel10k.git ${ZSH_CUSTOM:-$HOME/.oh-my-zsh/custom}/themes/powerlevel10k # buildkit", 13_400_000),
            ("RUN /bin/sh -c curl -fsSL https://raw.githubusercontent.com/ohmyzsh/ohmyzsh/master/tools/install.sh | sh # buildkit", 12_800_000),
            ("ENV HOSTNAME=netshoot", 0),
            ("WORKDIR /root", 0),
            ("USER root", 0),
            ("COPY /tmp/fortio /usr/local/bin/fortio # buildkit", 30_100_000),
            ("COPY /tmp/calicoctl /usr/local/bin/calicoctl # buildkit", 65_200_000),
            ("RUN /bin/sh -c set -ex && apk update && apk upgrade && apk add --no-cache apache2-utils bash bind-tools … zsh websocat swaks # buildkit", 74_000_000),
            ("CMD [\"/bin/sh\"]", 0),
            ("ADD alpine-minirootfs-3.24.1-x86_64.tar.gz / # buildkit", 8_500_000),
        ],
        user: "root",
        packages: &[],
        private_keys: &[],
    },
    // docker/getting-started, the old tutorial (`docker run -d -p 80:80
    // docker/getting-started`): its Dockerfile's last stage is nginx:alpine serving the
    // mkdocs build of its docs on port 80. The built site is not kept: the page says so.
    CatalogueImage {
        repository: "docker/getting-started",
        tags: &["latest"],
        entrypoint: &["/docker-entrypoint.sh"],
        cmd: &["nginx", "-g", "daemon off;"],
        exposed_ports: &["80/tcp"],
        behaviour: Behaviour::Server,
        size: 47_000_000,
        layers: 10,
        age_days: 600,
        userland: Userland::Alpine,
        env: &[],
        serves: Some(Service::Http {
            port: 80,
            body: GETTING_STARTED_TUTORIAL,
        }),
        history: &[
            ("COPY /app/site /usr/share/nginx/html # buildkit", 5_900_000),
            ("COPY /app.zip /usr/share/nginx/html/assets/app.zip # buildkit", 4_300_000),
            ("CMD [\"nginx\" \"-g\" \"daemon off;\"]", 0),
            ("STOPSIGNAL SIGQUIT", 0),
            ("EXPOSE map[80/tcp:{}]", 0),
            ("ENTRYPOINT [\"/docker-entrypoint.sh\"]", 0),
            ("RUN /bin/sh -c set -x && addgroup -g 101 -S nginx && adduser -S -D -H -u 101 -h /var/cache/nginx -s /sbin/nologin -G nginx -g nginx nginx && apk add --no-cache nginx # buildkit", 29_000_000),
            ("CMD [\"/bin/sh\"]", 0),
            ("ADD alpine-minirootfs-x86_64.tar.gz / # buildkit", 7_800_000),
        ],
        user: "",
        packages: &[],
        private_keys: &[],
    },
    // docker/welcome-to-docker, the first command of Docker's "What is a container?" (`docker
    // run -d -p 8080:80 docker/welcome-to-docker`): the Hub image is the repository's
    // `small-image` branch (commit 0f6e34e), whose Dockerfile builds the React app in
    // node:18-alpine and copies the build into nginx:alpine-slim.
    CatalogueImage {
        repository: "docker/welcome-to-docker",
        tags: &["latest"],
        entrypoint: &["/docker-entrypoint.sh"],
        cmd: &["nginx", "-g", "daemon off;"],
        exposed_ports: &["80/tcp"],
        behaviour: Behaviour::Server,
        size: 18_600_000,
        layers: 9,
        age_days: 760,
        userland: Userland::Alpine,
        env: &[],
        serves: Some(Service::Http {
            port: 80,
            body: WELCOME_TO_DOCKER,
        }),
        history: &[
            ("COPY /app/build /usr/share/nginx/html # buildkit", 1_200_000),
            ("CMD [\"nginx\" \"-g\" \"daemon off;\"]", 0),
            ("STOPSIGNAL SIGQUIT", 0),
            ("EXPOSE map[80/tcp:{}]", 0),
            ("ENTRYPOINT [\"/docker-entrypoint.sh\"]", 0),
            ("CMD [\"/bin/sh\"]", 0),
            ("ADD alpine-minirootfs-3.18.4-x86_64.tar.gz / # buildkit", 7_300_000),
        ],
        user: "",
        packages: &[],
        private_keys: &[],
    },
    // Training images for the security lessons: a fictional company's builds, one with the
    // mistakes a scanner and `docker history` reveal, one without. Nothing here is real.
    CatalogueImage {
        repository: "acme/shop",
        tags: &["1.0"],
        entrypoint: &[],
        cmd: &["/app/shop"],
        exposed_ports: &["8080/tcp"],
        behaviour: Behaviour::Server,
        size: 32_913_381,
        layers: 4,
        age_days: 3,
        userland: Userland::Alpine,
        env: &["DB_PASSWORD=s3cr3t-prod-pw"],
        serves: Some(Service::Http {
            port: 8080,
            body: SHOP_INDEX_1_0,
        }),
        // The key came in with COPY and left with a later RUN rm: the container no longer
        // sees it, but the COPY layer still holds it, and so does every copy of the image.
        history: &[
            ("CMD [\"/app/shop\"]", 0),
            ("EXPOSE map[8080/tcp:{}]", 0),
            ("RUN /bin/sh -c rm /root/.ssh/id_rsa # buildkit", 0),
            ("RUN /bin/sh -c apk add --no-cache git openssh-client && git clone git@git.acme.example:acme/shop.git /app # buildkit", 24_600_000),
            ("COPY id_rsa /root/.ssh/id_rsa # buildkit", 3_381),
            ("ENV DB_PASSWORD=s3cr3t-prod-pw", 0),
            ("CMD [\"/bin/sh\"]", 0),
            ("ADD alpine-minirootfs-3.22.2-x86_64.tar.gz / # buildkit", 8_310_000),
        ],
        user: "",
        packages: &[],
        private_keys: &["/root/.ssh/id_rsa"],
    },
    CatalogueImage {
        repository: "acme/shop",
        tags: &["1.1"],
        entrypoint: &[],
        cmd: &["/app/shop"],
        exposed_ports: &["8080/tcp"],
        behaviour: Behaviour::Server,
        size: 20_710_000,
        layers: 2,
        age_days: 1,
        userland: Userland::Alpine,
        env: &[],
        serves: Some(Service::Http {
            port: 8080,
            body: SHOP_INDEX_1_1,
        }),
        // Built elsewhere, copied in: no key in any layer, the password comes at run time
        // (`-e DB_PASSWORD`), and the process is not root.
        history: &[
            ("CMD [\"/app/shop\"]", 0),
            ("EXPOSE map[8080/tcp:{}]", 0),
            ("USER 1000", 0),
            ("COPY shop /app/shop # buildkit", 12_400_000),
            ("CMD [\"/bin/sh\"]", 0),
            ("ADD alpine-minirootfs-3.22.2-x86_64.tar.gz / # buildkit", 8_310_000),
        ],
        user: "1000",
        packages: &[],
        private_keys: &[],
    },
    // A CI image of 2019 built FROM docker:18.09.1-dind, never rebuilt: the docker, containerd
    // and runc binaries it carries are those of its base. The classic builder wrote this
    // history (`/bin/sh -c #(nop)` for steps without a layer, no COMMENT).
    CatalogueImage {
        repository: "acme/legacy-ci",
        tags: &["2019"],
        entrypoint: &["dockerd-entrypoint.sh"],
        cmd: &["sh"],
        exposed_ports: &["2375/tcp"],
        behaviour: Behaviour::Shell,
        size: 175_466_480,
        layers: 8,
        age_days: 2_480,
        userland: Userland::Alpine,
        env: &["DOCKER_CHANNEL=stable", "DOCKER_VERSION=18.09.1"],
        serves: None,
        history: &[
            ("/bin/sh -c #(nop)  CMD [\"sh\"]", 0),
            ("/bin/sh -c #(nop) COPY file:8c7d3e2b4f1a9d6c5e0b7a3f2d1c8e9b6a5f4d3c2b1a0e9f8d7c6b5a4f3e2d1c in /usr/local/bin/ci.sh ", 1_240),
            ("/bin/sh -c apk add --no-cache git make bash", 14_800_000),
            ("/bin/sh -c #(nop)  CMD []", 0),
            ("/bin/sh -c #(nop)  ENTRYPOINT [\"dockerd-entrypoint.sh\"]", 0),
            ("/bin/sh -c #(nop)  EXPOSE 2375", 0),
            ("/bin/sh -c #(nop)  VOLUME [/var/lib/docker]", 0),
            ("/bin/sh -c #(nop) COPY file:1f5a9b3c7d2e8f4a6b0c9d1e3f5a7b9c2d4e6f8a0b1c3d5e7f9a2b4c6d8e0f1a in /usr/local/bin/ ", 1_160),
            ("/bin/sh -c apk add --no-cache btrfs-progs e2fsprogs e2fsprogs-extra iptables xfsprogs xz pigz", 13_700_000),
            ("/bin/sh -c #(nop)  CMD [\"sh\"]", 0),
            ("/bin/sh -c #(nop)  ENTRYPOINT [\"docker-entrypoint.sh\"]", 0),
            ("/bin/sh -c #(nop) COPY file:0e3a7c5b9d1f2e4a6c8b0d2f4e6a8c0b2d4f6e8a0c2b4d6f8e0a2c4b6d8f0e2a in /usr/local/bin/ ", 1_080),
            ("/bin/sh -c set -eux; wget -O docker.tgz \"https://download.docker.com/linux/static/${DOCKER_CHANNEL}/x86_64/docker-${DOCKER_VERSION}.tgz\"; tar --extract --file docker.tgz --strip-components 1 --directory /usr/local/bin/; rm docker.tgz", 142_000_000),
            ("/bin/sh -c #(nop)  ENV DOCKER_VERSION=18.09.1", 0),
            ("/bin/sh -c #(nop)  ENV DOCKER_CHANNEL=stable", 0),
            ("/bin/sh -c apk add --no-cache ca-certificates", 553_000),
            ("/bin/sh -c #(nop)  CMD [\"/bin/sh\"]", 0),
            ("/bin/sh -c #(nop) ADD file:25c10b1d1b41d46a1827ad0b0d2389c24df6d31430005ff4e9a2d84ea23ebd42 in / ", 4_410_000),
        ],
        user: "",
        packages: &[
            ("docker", "18.09.1"),
            ("containerd", "1.2.2"),
            ("runc", "1.0.0-rc6"),
        ],
        private_keys: &[],
    },
    CatalogueImage {
        repository: "weaveworks/weave",
        tags: &["2.8.1", "latest"],
        entrypoint: &["/home/weave/weaver"],
        cmd: &[
            "--port",
            "6783",
            "--host-root=/host",
            "--weave-bridge",
            "weave",
            "--datapath",
            "datapath",
            "--ipalloc-range",
            "10.32.0.0/12",
            "--dns-listen-address",
            "172.17.0.1:53",
            "--http-addr",
            "127.0.0.1:6784",
            "--status-addr",
            "127.0.0.1:6782",
            "--resolv-conf",
            "/var/run/weave/etc/stub-resolv.conf",
            "--plugin",
            "--proxy",
        ],
        exposed_ports: &[],
        behaviour: Behaviour::Server,
        size: 106_000_000,
        layers: 9,
        age_days: 1760,
        userland: Userland::Alpine,
        env: &["WEAVE_VERSION=2.8.1"],
        serves: None,
        history: &[
            ("ENTRYPOINT [\"/home/weave/weaver\"]", 0),
            ("ADD weaver /home/weave/ # buildkit", 38_000_000),
            ("ADD weaveexec.tar / # buildkit", 60_000_000),
            ("ADD alpine-minirootfs-3.12.0-x86_64.tar.gz / # buildkit", 8_000_000),
        ],
        user: "",
        packages: &[],
        private_keys: &[],
    },
    // Twistlock's authorization broker (github.com/twistlock/authz, its Dockerfile): Alpine
    // 3.7 plus the broker binary, which serves the plugin socket until stopped. Size and age
    // are Berth's estimates.
    CatalogueImage {
        repository: "twistlock/authz-broker",
        tags: &["latest"],
        entrypoint: &[],
        cmd: &["/usr/bin/authz-broker"],
        exposed_ports: &[],
        behaviour: Behaviour::Server,
        size: 14_900_000,
        layers: 2,
        age_days: 2600,
        userland: Userland::Alpine,
        env: &["AUTHORIZER=basic", "AUDITOR=basic", "AUDITOR-HOOK="],
        serves: None,
        history: &[
            ("CMD [\"/usr/bin/authz-broker\"]", 0),
            ("ADD ./bin/authz-broker /usr/bin/authz-broker", 10_700_000),
            ("VOLUME [/run/docker/plugins/]", 0),
            ("VOLUME [/var/lib/twistlock/policy.json]", 0),
            ("ENV AUDITOR-HOOK=", 0),
            ("ENV AUDITOR=basic", 0),
            ("ENV AUTHORIZER=basic", 0),
            ("MAINTAINER Liron Levin <liron@twistlock.com>", 0),
            ("ADD alpine-minirootfs-3.7.0-x86_64.tar.gz / # buildkit", 4_200_000),
        ],
        user: "",
        packages: &[],
        private_keys: &[],
    },
    CatalogueImage {
        repository: "weaveworks/weavedb",
        tags: &["2.8.1", "latest"],
        entrypoint: &[],
        cmd: &["data-only"],
        exposed_ports: &[],
        behaviour: Behaviour::Shell,
        size: 698,
        layers: 1,
        age_days: 1760,
        userland: Userland::Busybox,
        env: &[],
        serves: None,
        history: &[("VOLUME [/weavedb]", 0), ("CMD [\"data-only\"]", 698)],
        user: "",
        packages: &[],
        private_keys: &[],
    },
    CatalogueImage {
        repository: "weaveworks/weaveexec",
        tags: &["2.8.1", "latest"],
        entrypoint: &["/home/weave/sigproxy", "/home/weave/weave"],
        cmd: &[],
        exposed_ports: &[],
        behaviour: Behaviour::Shell,
        size: 150_000_000,
        layers: 10,
        age_days: 1760,
        userland: Userland::Alpine,
        env: &["WEAVE_VERSION=2.8.1"],
        serves: None,
        history: &[
            ("ENTRYPOINT [\"/home/weave/sigproxy\" \"/home/weave/weave\"]", 0),
            ("ADD weave weaveutil /home/weave/ # buildkit", 44_000_000),
            ("ADD weaver /home/weave/ # buildkit", 38_000_000),
            ("RUN apk add --no-cache curl ethtool iptables ipset iproute2 util-linux conntrack-tools bind-tools # buildkit", 60_000_000),
            ("ADD alpine-minirootfs-3.12.0-x86_64.tar.gz / # buildkit", 8_000_000),
        ],
        user: "",
        packages: &[],
        private_keys: &[],
    },
    CatalogueImage {
        repository: "mcr.microsoft.com/windows/nanoserver",
        tags: &["ltsc2022", "ltsc2019"],
        entrypoint: &[],
        cmd: &["c:\\windows\\system32\\cmd.exe"],
        exposed_ports: &[],
        behaviour: Behaviour::Shell,
        size: 297_000_000,
        layers: 1,
        age_days: 18,
        userland: Userland::NanoServer,
        env: &[],
        serves: None,
        history: &[("Apply image 10.0.20348.4405", 297_000_000)],
        user: "",
        packages: &[],
        private_keys: &[],
    },
    CatalogueImage {
        repository: "mcr.microsoft.com/windows/servercore",
        tags: &["ltsc2022", "ltsc2019"],
        entrypoint: &[],
        cmd: &["c:\\windows\\system32\\cmd.exe"],
        exposed_ports: &[],
        behaviour: Behaviour::Shell,
        size: 4_930_000_000,
        layers: 2,
        age_days: 18,
        userland: Userland::ServerCore,
        env: &[],
        serves: None,
        history: &[
            ("Install update 10.0.20348.4405", 1_670_000_000),
            ("Apply image 10.0.20348.2582", 3_260_000_000),
        ],
        user: "",
        packages: &[],
        private_keys: &[],
    },
];

/// Finds a catalogue entry for a reference. `Err(true)` means the repository exists but not the
/// tag (the registry's `manifest unknown`), `Err(false)` that the repository is unknown.
pub fn lookup(reference: &ImageRef) -> Result<&'static CatalogueImage, bool> {
    let mut builds = CATALOGUE
        .iter()
        .filter(|image| image.repository == reference.repository)
        .peekable();
    if builds.peek().is_none() {
        return Err(false);
    }
    builds
        .find(|image| image.tags.contains(&reference.tag.as_str()))
        .ok_or(true)
}

/// An image a pull can fetch: from the hand-made catalogue or the official images' table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pullable {
    /// What its ID and layer digests derive from (one per build, whichever tag names it).
    pub build_key: String,
    pub config: ImageConfig,
}

/// Finds what a pull of `reference` fetches: the hand-made catalogue first, then the official
/// images. `Err(true)`: the repository exists but not the tag; `Err(false)`: unknown.
pub fn find(reference: &ImageRef) -> Result<Pullable, bool> {
    let mut found = find_build(reference)?;
    // The tag pulled names the variant (`lts-alpine`, `slim`) whose tools the image ships.
    found.config.program_tag.clone_from(&reference.tag);
    Ok(found)
}

fn find_build(reference: &ImageRef) -> Result<Pullable, bool> {
    match lookup(reference) {
        Ok(entry) => Ok(Pullable {
            build_key: entry.build_key(),
            config: entry.config(),
        }),
        Err(tag_only) => match official::find(&reference.repository, &reference.tag) {
            Ok(build) => Ok(Pullable {
                build_key: build.build_key(),
                config: build.config(),
            }),
            Err(official_tag_only) => Err(tag_only || official_tag_only),
        },
    }
}

impl CatalogueImage {
    /// What the image's ID and layer digests derive from. Most repositories here are one
    /// build under several tags (one ID); a repository with several builds (`acme/shop:1.0`
    /// and `1.1`) gives each its own.
    pub fn build_key(&self) -> String {
        let builds = CATALOGUE
            .iter()
            .filter(|image| image.repository == self.repository)
            .count();
        match self.tags.first() {
            Some(tag) if builds > 1 => format!("{}:{tag}", self.repository),
            _ => self.repository.to_string(),
        }
    }
}

/// A stable 64-hex digest for a catalogue string. FNV-1a, widened: the digests only have to be
/// stable and distinct, never verified.
pub fn digest_of(text: &str) -> String {
    let mut out = String::with_capacity(64);
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for round in 0u8..4 {
        for byte in text.bytes().chain([round]) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
        // SplitMix64's finaliser spreads FNV's similar outputs for similar inputs.
        let mut z = hash;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        out.push_str(&format!("{:016x}", z ^ (z >> 31)));
    }
    out
}

/// The nginx an image runs: its version (the image's `NGINX_VERSION`) and the compiler
/// line nginx logs at start (`ngx_show_version_info`'s `built by`), which names its base's
/// gcc: Debian 13's 14.2.0-19, Debian 12's 12.2.0-14+deb12u1, Alpine's 14.2.0. `None`: the
/// catalogue's `nginx:latest`.
pub fn nginx_build(image: Option<&ImageConfig>) -> (&str, &'static str) {
    let version = image
        .and_then(|i| i.env_value("NGINX_VERSION"))
        .unwrap_or("1.31.4");
    let compiler = match image.map(|i| (i.userland, i.release.as_str())) {
        Some((Userland::Alpine, _)) => "built by gcc 14.2.0 (Alpine 14.2.0)",
        Some((_, "debian:12")) => "built by gcc 12.2.0 (Debian 12.2.0-14+deb12u1)",
        _ => "built by gcc 14.2.0 (Debian 14.2.0-19)",
    };
    (version, compiler)
}

/// [`startup_log`] for a container of `image`: nginx names the version and the compiler of
/// the image it runs (`nginx:1.30`, `nginx:alpine`).
pub fn startup_log_of(
    image: Option<&ImageConfig>,
    repository: &str,
    at: crate::engine::Timestamp,
    ip: Option<std::net::Ipv4Addr>,
) -> Vec<String> {
    let mut lines = startup_log(repository, at, ip);
    if repository == "nginx" {
        let (default_version, default_compiler) = nginx_build(None);
        let (version, compiler) = nginx_build(image);
        let from = format!("] 1#1: nginx/{default_version}");
        for line in &mut lines {
            *line = line
                .replace(&from, &format!("] 1#1: nginx/{version}"))
                .replace(default_compiler, compiler);
        }
    }
    lines
}

/// What a server image prints when it starts, for `docker logs` (the official images' own
/// start-up lines, dated on the simulated calendar).
pub fn startup_log(
    repository: &str,
    at: crate::engine::Timestamp,
    ip: Option<std::net::Ipv4Addr>,
) -> Vec<String> {
    let (y, mo, d, h, mi, s) = at.civil();
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let month = MONTHS
        .get(mo.saturating_sub(1) as usize)
        .copied()
        .unwrap_or("Jan");
    match repository {
        "nginx" => {
            let stamp = format!("{y:04}/{mo:02}/{d:02} {h:02}:{mi:02}:{s:02}");
            let mut lines: Vec<String> = [
                "/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration",
                "/docker-entrypoint.sh: Looking for shell scripts in /docker-entrypoint.d/",
                "/docker-entrypoint.sh: Launching /docker-entrypoint.d/10-listen-on-ipv6-by-default.sh",
                "10-listen-on-ipv6-by-default.sh: info: Getting the checksum of /etc/nginx/conf.d/default.conf",
                "10-listen-on-ipv6-by-default.sh: info: Enabled listen on IPv6 in /etc/nginx/conf.d/default.conf",
                "/docker-entrypoint.sh: Sourcing /docker-entrypoint.d/15-local-resolvers.envsh",
                "/docker-entrypoint.sh: Launching /docker-entrypoint.d/20-envsubst-on-templates.sh",
                "/docker-entrypoint.sh: Launching /docker-entrypoint.d/30-tune-worker-processes.sh",
                "/docker-entrypoint.sh: Configuration complete; ready for start up",
            ]
            .iter()
            .map(|l| l.to_string())
            .collect();
            let (version, compiler) = nginx_build(None);
            for notice in [
                "using the \"epoll\" event method",
                &format!("nginx/{version}"),
                compiler,
                "OS: Linux 6.8.0-88-generic",
                "getrlimit(RLIMIT_NOFILE): 1048576:1048576",
                "start worker processes",
                "start worker process 29",
                "start worker process 30",
            ] {
                lines.push(format!("{stamp} [notice] 1#1: {notice}"));
            }
            lines
        }
        "redis" => {
            let stamp = format!("{d:02} {month} {y:04} {h:02}:{mi:02}:{s:02}.000");
            vec![
                format!("1:C {stamp} * oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo"),
                format!("1:C {stamp} * Redis version=8.2.3, bits=64, commit=00000000, modified=1, pid=1, just started"),
                format!("1:C {stamp} # Warning: no config file specified, using the default config. In order to specify a config file use redis-server /path/to/redis.conf"),
                format!("1:M {stamp} * monotonic clock: POSIX clock_gettime"),
                format!("1:M {stamp} * Running mode=standalone, port=6379."),
                format!("1:M {stamp} * Server initialized"),
                format!("1:M {stamp} * Ready to accept connections tcp"),
            ]
        }
        "httpd" => {
            let address = ip.map_or_else(|| "127.0.0.1".to_string(), |i| i.to_string());
            let warning = format!("AH00558: httpd: Could not reliably determine the server's fully qualified domain name, using {address}. Set the 'ServerName' directive globally to suppress this message");
            let stamp = format!("{month} {d:02} {h:02}:{mi:02}:{s:02}.000000 {y:04}");
            vec![
                warning.clone(),
                warning,
                format!("[{stamp}] [mpm_event:notice] [pid 1:tid 1] AH00489: Apache/2.4.65 (Unix) configured -- resuming normal operations"),
                format!("[{stamp}] [core:notice] [pid 1:tid 1] AH00094: Command line: 'httpd -D FOREGROUND'"),
            ]
        }
        // The entrypoint's last line after `initdb` (docker-library/postgres
        // `docker-entrypoint.sh`), then the postmaster's (PostgreSQL `postmaster.c`,
        // `xlog.c`; the default `log_line_prefix` `%m [%p] `). Not simulated: initdb's own
        // output before them.
        "postgres" => {
            let stamp = format!("{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}:{s:02}.000 UTC");
            let log = |pid: u32, text: &str| format!("{stamp} [{pid}] LOG:  {text}");
            vec![
                String::new(),
                "PostgreSQL init process complete; ready for start up.".to_string(),
                String::new(),
                log(1, "starting PostgreSQL 18.6 (Debian 18.6-1.pgdg13+1) on x86_64-pc-linux-gnu, compiled by gcc (Debian 14.2.0-19) 14.2.0, 64-bit"),
                log(1, "listening on IPv4 address \"0.0.0.0\", port 5432"),
                log(1, "listening on IPv6 address \"::\", port 5432"),
                log(1, "listening on Unix socket \"/var/run/postgresql/.s.PGSQL.5432\""),
                log(64, &format!("database system was shut down at {y:04}-{mo:02}-{d:02} {h:02}:{mi:02}:{s:02} UTC")),
                log(1, "database system is ready to accept connections"),
            ]
        }
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &str) -> Result<ImageRef, ImageRefError> {
        s.parse()
    }

    #[test]
    fn lookup_tells_unknown_repo_from_unknown_tag() {
        assert!(lookup(&parse("alpine").unwrap()).is_ok());
        assert_eq!(lookup(&parse("alpine:nope").unwrap()), Err(true));
        assert_eq!(lookup(&parse("nosuchimage").unwrap()), Err(false));
    }

    #[test]
    fn digests_are_stable_and_distinct() {
        assert_eq!(digest_of("nginx"), digest_of("nginx"));
        assert_ne!(digest_of("nginx"), digest_of("redis"));
        assert_eq!(digest_of("x").len(), 64);
    }
}
