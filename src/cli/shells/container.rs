//! The shell inside a Linux container: what `docker exec web ping -c 2 db` or a line typed in
//! `docker run -it alpine sh` prints. The shell decides which programs the image has (its
//! userland), how a missing one is worded (`sh: foo: not found`, `bash: foo: command not
//! found`), its builtins and how it resolves a name; the facts come from the engine and the
//! shared tools (`cli/tools/`: `ping`, `ip`, `nslookup`, `curl`) write them out.
//!
//! Simulated: `ping`, `traceroute` (busybox), `ip addr`, `ip route`, `hostname [-i]`, `cat` of
//! /etc/hosts, /etc/resolv.conf and /etc/hostname, `nslookup`, `getent hosts`, `wget`, `curl`,
//! `env`, `id`, `whoami`, `echo`, `true`, `false`, `sleep`, `uname`, `sh -c`, `exit`. One the
//! image has but Berth does not simulate says so.

use std::net::Ipv4Addr;

use crate::cli::tools::curl::{fetch_on_underlay, request_for, url_host, FetchError, Fetched};
use crate::cli::tools::ping;
use crate::cli::tools::{apk, apt, curl, dnf, ip, nslookup, traceroute, uname, wget};
use crate::cli::Output;
use crate::engine::docker::image::Userland;
use crate::engine::docker::image_config::replace_or_append_env;
use crate::engine::docker::requests::ToolRun;
use crate::engine::lab::reach::Arrival;
use crate::engine::lab::sandbox::Lookup;
use crate::engine::{Container, World};

/// A program that changes the container (a package manager installs files): it needs the
/// world's write access, so it runs before the read-only [`Shell`], wherever a command
/// reaches the container (`docker exec`, a typed line, a main process, `RUN`). `None`: not
/// one, or not in this image (`apk` on Debian is not found, as anything missing).
///
/// `user` is who runs it (`docker exec -u`, an exec'd shell's user), `None` for the
/// container's own user: the package database is root's.
pub fn run_changing(
    world: &mut World,
    host: &str,
    id: &str,
    user: Option<&str>,
    words: &[String],
) -> Option<Output> {
    use crate::engine::docker::packages::Family;
    let (program, args) = words.split_first()?;
    let base = program.rsplit('/').next().unwrap_or(program);
    let family = world.container_distro(host, id).ok()?.family;
    match (base, family) {
        ("apk", Family::Apk) => Some(apk::apk(world, host, id, user, args)),
        ("apt-get" | "apt", Family::Deb) => Some(apt::apt(world, host, id, user, base, args)),
        ("dnf" | "microdnf" | "yum", Family::Rpm) => {
            Some(dnf::dnf(world, host, id, user, base, args))
        }
        _ => None,
    }
}

/// Plays a container's main process when it is a tool of its image (`docker run alpine ping
/// -c 2 web`), as the image's shell would; the engine keeps what it printed as the
/// container's logs and ends the process with its status. Does nothing for other containers.
pub fn run_main_tool(world: &mut World, host: &str, id: &str) -> Output {
    world
        .container_run_tool(host, id, |world| {
            // Docker's getting-started app, recognised by its files (`app.rs`).
            let listener = world
                .container_lookup(host, id)
                .ok()
                .and_then(|c| crate::cli::tools::nc::listen_port(&c.path, &c.args));
            let (shown, serves) = match crate::cli::shells::app::app(world, host, id) {
                Some((shown, service)) => (shown, service),
                // `nc -l -p 1234`: it waits for a connection (`sh/netcat.rs` delivers one).
                None if listener.is_some() => (
                    Output::default(),
                    listener.map(|port| crate::engine::docker::image::Service::Tcp { port }),
                ),
                None => (play_main_tool(world, host, id)?, None),
            };
            // A script that never ends (it waits in `tail -f`, `sleep infinity` or a loop
            // without end) keeps the container up; what it printed until then is its log.
            let mut shown = shown;
            let forever = shown.lines.iter().position(|l| never_ends(&l.text));
            if let Some(at) = forever {
                shown.lines.truncate(at);
                shown.exit_code = 0;
            }
            // A client's prompt (psql, redis-cli) reads the terminal until it is left.
            if let Some(prompt) = shown.enter_shell.as_mut() {
                prompt.main_process = true;
            }
            let reads_prompt = shown.enter_shell.is_some();
            Some(ToolRun {
                logs: shown.lines.iter().map(|l| l.text.clone()).collect(),
                exit_code: shown.exit_code,
                shown,
                serves,
                runs_on: forever.is_some() || reads_prompt,
            })
        })
        .unwrap_or_default()
}

/// The `berth:` lines of a command that would wait until stopped: at a prompt they say the
/// prompt comes back; as a container's main process, the container keeps running.
pub fn never_ends(line: &str) -> bool {
    line.starts_with(crate::cli::sh::exec::LOOP_STOPPED)
        || line.starts_with(crate::cli::sh::periodic::RUNS_ON)
        || line.starts_with(crate::cli::tools::head::TAIL_FOLLOW)
        || line.starts_with(SLEEP_INFINITY)
}

/// What `sleep infinity` says in a container's shell, whose prompt comes back at once.
pub const SLEEP_INFINITY: &str = "berth: `sleep infinity` waits until the container stops";

/// The main tool's output: the container's command line, run without a shell in between.
fn play_main_tool(world: &mut World, host: &str, id: &str) -> Option<Output> {
    let container = world.container_lookup(host, id).ok()?;
    let userland = world.image_entry(container).map(|e| e.userland)?;
    let mut argv = vec![container.path.clone()];
    argv.extend(container.args.iter().cloned());
    let tty = container.tty;
    let stdin_open = container.open_stdin;
    // The official images' `docker-entrypoint.sh` ends with `exec "$@"`: given a command
    // that is not its server, it runs that command.
    if argv.len() > 1
        && argv
            .first()
            .is_some_and(|p| p.ends_with("docker-entrypoint.sh"))
    {
        argv.remove(0);
    }
    // `mysql -h SERVER -e SQL` and a `curl` that changes the workshop app's items.
    if let Some(o) = crate::cli::shells::app::in_container(world, host, id, &argv, (tty, false)) {
        return Some(o);
    }
    // `redis-cli -h SERVER CMD…` talks to a server: it runs with the world to change.
    if let Some(o) =
        crate::cli::shells::escape::redis_cli(world, host, id, &argv, (tty, stdin_open))
    {
        return Some(o);
    }
    // `python -c 'print(1)'`, `node -e …`, `python --version` as the main process.
    if let Some(o) =
        crate::cli::shells::repl::open(world, host, id, &argv, (tty, stdin_open), true, None)
    {
        return Some(o);
    }
    // A command that reaches past the container (the host's disk, its socket) first.
    let escaped = crate::cli::shells::escape::in_container(world, host, id, "sh", None, &argv);
    // `docker run alpine sh -c 'for i in 1 2; do …; done'`: a script beyond one simple
    // command runs through the shell front-end, as `docker exec … sh -c` does.
    if let (None, [program, flag, script, ..]) = (&escaped, argv.as_slice()) {
        let base = program.rsplit('/').next().unwrap_or(program).to_string();
        if flag == "-c" && matches!(base.as_str(), "sh" | "ash" | "bash") && userland.has(&base) {
            if let Ok(parsed) = crate::cli::sh::parse::parse(script) {
                match parsed.simple_words() {
                    // A final loop that sleeps runs on, a turn at a time (`periodic.rs`).
                    None => {
                        return Some(crate::cli::sh::periodic::start(
                            world, host, id, &base, &parsed,
                        ))
                    }
                    // `sh -c 'ls /etc'`: the file and text tools see the container's files.
                    Some(words) => {
                        if let Some(out) = crate::cli::sh::exec_words(
                            world,
                            host,
                            id,
                            None,
                            &[],
                            (None, tty),
                            &words,
                        ) {
                            return Some(out);
                        }
                    }
                }
            }
        }
    }
    // The file tools and the text tools read the image's files, as under `docker exec`.
    if escaped.is_none() {
        if let Some(out) =
            crate::cli::sh::exec_words(world, host, id, None, &[], (None, tty), &argv)
        {
            return Some(out);
        }
    }
    let Ok(container) = world.container_lookup(host, id) else {
        return Some(Output::default());
    };
    Some(if let Some(out) = escaped {
        out
    } else {
        Shell {
            world,
            host,
            container,
            userland,
            shell: "sh",
            extra_env: &[],
            user: None,
        }
        .run(&argv)
    })
}

/// One shell session inside a container.
pub struct Shell<'a> {
    pub world: &'a World,
    pub host: &'a str,
    pub container: &'a Container,
    pub userland: Userland,
    /// `sh`, `ash` or `bash`: decides the wording of "not found".
    pub shell: &'a str,
    /// `-e` variables of `docker exec`.
    pub extra_env: &'a [String],
    /// `docker exec -u`: runs as this user instead of the container's.
    pub user: Option<&'a str>,
}

impl Shell<'_> {
    /// A script passed to `sh -c` by `docker exec` (no terminal, so no state): one simple
    /// command runs here; anything more needs the front-end and the world's write access,
    /// which a typed line in the container's shell has (`cli::sh`).
    pub fn run_line(&self, line: &str) -> Output {
        match crate::cli::sh::parse::parse(line) {
            Ok(script) => match script.simple_words() {
                Some(words) if words.is_empty() => Output::default(),
                Some(words) => self.run(&words),
                None if script.items.is_empty() => Output::default(),
                None => Output::failed(
                    format!("berth: `{} -c` with pipes, lists, redirections or expansions is not simulated through docker exec; open a shell (docker exec -it CONTAINER {}) and type it there", self.shell, self.shell),
                    2,
                ),
            },
            Err(e) => Output::failed(format!("{}: {e}", self.shell), 2),
        }
    }

    /// Whether the image has `command` (a path like `/bin/ping` counts as its base name).
    pub fn has(&self, command: &str) -> bool {
        let base = command.rsplit('/').next().unwrap_or(command);
        // The programs come from the FROM chain (the official image at its root), not from
        // the image's own name: a built, committed or trainer's image has its base's.
        let config = self.world.image_entry(self.container);
        let program = config.map_or(self.container.image.repository.as_str(), |c| {
            c.program.as_str()
        });
        let has = match config {
            Some(config) => crate::engine::docker::image_tools::config_has(config, base),
            None => crate::engine::docker::image_tools::image_has(
                self.userland,
                &self.container.image.repository,
                &self.container.image.tag,
                base,
            ),
        };
        has
            // What a package manager installed since.
            || self.world.container_has_installed(self.host, &self.container.id, base)
            || self.container.path.rsplit('/').next() == Some(base)
            || (base == "docker" && program == "docker")
            || matches!(base, "nginx" | "redis-server" | "redis-cli" | "httpd")
                && program
                    == match base {
                        "nginx" => "nginx",
                        "httpd" => "httpd",
                        _ => "redis",
                    }
    }

    fn not_found(&self, command: &str) -> Output {
        let text = match (self.userland, self.shell) {
            (Userland::Alpine | Userland::Busybox, _) => {
                format!("{}: {command}: not found", self.shell)
            }
            (_, "bash") => format!("bash: {command}: command not found"),
            _ => format!("sh: 1: {command}: not found"),
        };
        Output::failed(text, 127)
    }

    /// A command and its arguments, as `docker exec` passes them (no shell in between).
    pub fn run(&self, words: &[String]) -> Output {
        if self.userland.is_windows() {
            return crate::cli::shells::cmd::run_in_container(self, words);
        }
        let Some((command, args)) = words.split_first() else {
            return Output::default();
        };
        let base = command.rsplit('/').next().unwrap_or(command);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        // Shell builtins exist whatever the image.
        match base {
            "echo" => return self.echo(&args),
            "true" | ":" => return Output::default(),
            "pwd" => {
                let mut o = Output::default();
                // The kernel's getcwd: runc enters `-w /path/to/dir/` and pwd prints it clean.
                o.out(crate::engine::fs::resolve("/", &self.container.workdir));
                return o;
            }
            "false" => {
                return Output {
                    exit_code: 1,
                    ..Output::default()
                }
            }
            "exit" => {
                let code = args.first().and_then(|a| a.parse().ok()).unwrap_or(0);
                let mut o = Output {
                    exit_code: code,
                    exit_shell: true,
                    ..Output::default()
                };
                if self.shell == "bash" {
                    o.out("exit");
                }
                return o;
            }
            _ => {}
        }
        if !self.has(command) {
            return self.not_found(command);
        }
        match base {
            "sh" | "ash" | "bash" => match args.as_slice() {
                ["-c", script, ..] => self.run_line(script),
                [] => Output::default(),
                _ => Output::failed(format!("berth: {base} with a script file is not simulated"), 1),
            },
            "hostname" => self.hostname(&args),
            "cat" => self.cat(&args),
            "ip" => self.ip(&args),
            "ping" => self.ping(&args),
            "traceroute" => self.traceroute(&args),
            "nslookup" => self.nslookup(&args),
            "dig" => crate::cli::tools::dig::in_container(
                self.world,
                self.host,
                &self.container.id,
                match self.userland {
                    Userland::Ubuntu => "9.18.39-0ubuntu0.24.04.2-Ubuntu",
                    Userland::Debian => "9.18.41-1~deb12u1-Debian",
                    _ => "9.20.15",
                },
                &args,
            ),
            "getent" => self.getent(&args),
            "netstat" | "ss" | "nc" => self.sockets(base, &args),
            "wget" => self.wget(&args),
            "curl" => self.curl(&args),
            "env" if args.is_empty() => self.env(),
            "id" => {
                let (uid, gid, name) = self.user();
                let group = |g: u32| {
                    (
                        g,
                        match g {
                            0 => Some("root".to_string()),
                            65534 => Some("nobody".to_string()),
                            _ => None,
                        },
                    )
                };
                // Alpine's root is in the system groups of its /etc/group too.
                let root_groups: Vec<(u32, Option<String>)> = match self.userland {
                    Userland::Alpine | Userland::Busybox => [
                        (0, "root"), (1, "bin"), (2, "daemon"), (3, "sys"), (4, "adm"),
                        (6, "disk"), (10, "wheel"), (11, "floppy"), (20, "dialout"),
                        (26, "tape"), (27, "video"),
                    ]
                    .iter()
                    .map(|(n, g)| (*n, Some(g.to_string())))
                    .collect(),
                    _ => vec![(0, Some("root".to_string()))],
                };
                let root = crate::cli::tools::users::Identity {
                    uid: (0, Some("root".into())),
                    gid: (0, Some("root".into())),
                    groups: root_groups,
                };
                let me = if uid == 0 {
                    root.clone()
                } else {
                    crate::cli::tools::users::Identity {
                        uid: (uid, name.map(str::to_string)),
                        gid: group(gid),
                        groups: vec![group(gid)],
                    }
                };
                let lookup = |n: &str| (n == "root").then(|| root.clone());
                crate::cli::tools::users::id_of(&me, &lookup, &args)
            }
            "whoami" => match self.user() {
                (_, _, Some(name)) => {
                    let mut o = Output::default();
                    o.out(name);
                    o
                }
                (uid, _, None) => Output::failed(
                    match self.userland {
                        Userland::Alpine | Userland::Busybox => format!("whoami: unknown uid {uid}"),
                        _ => format!("whoami: cannot find name for user ID {uid}"),
                    },
                    1,
                ),
            },
            "uname" => {
                // The kernel is the host's: a container has none of its own.
                let kernel = self.world.host(self.host).map(|h| h.machine.versions.kernel.clone()).unwrap_or_default();
                let flavor = match self.userland {
                    Userland::Alpine | Userland::Busybox => uname::Flavor::Busybox,
                    Userland::Debian => uname::Flavor::Coreutils,
                    _ => uname::Flavor::CoreutilsPatched,
                };
                uname::run(&args, flavor, &self.container.hostname, &kernel)
            }
            // `date` and `date -u`: the default format of coreutils and busybox alike,
            // `%a %b %e %H:%M:%S %Z %Y` (the C locale), on the simulated clock; a container's
            // zone is UTC unless the image sets TZ. Other options fall to the line below.
            "date" if args.iter().all(|a| *a == "-u") => {
                let mut o = Output::default();
                o.out(c_locale_date(self.world.now()));
                o
            }
            "sleep" if args.iter().any(|a| *a == "infinity" || *a == "inf") => {
                Output::failed(format!("{SLEEP_INFINITY}; the prompt comes back at once here"), 0)
            }
            "sleep" => Output::default(),
            "nano" | "vi" | "vim" => {
                let files = &self.container.files;
                let workdir = self.container.workdir.trim_end_matches('/');
                let words: Vec<String> = args.iter().map(|a| (*a).to_string()).collect();
                crate::cli::tools::editor::open(
                    base,
                    &words,
                    self.host,
                    Some(&self.container.id),
                    &|p| {
                        if p.starts_with('/') {
                            p.to_string()
                        } else {
                            format!("{workdir}/{p}")
                        }
                    },
                    &|p| files.read(p).ok().map(str::to_string),
                )
            }
            "ls" => self.ls(&args),
            // procps on Debian and Ubuntu (installed, or in the full language images).
            "ps" if matches!(self.userland, Userland::Debian | Userland::Ubuntu) => {
                crate::cli::tools::ps::in_container_procps(self.world, self.host, &self.container.id)
            }
            "ps" => crate::cli::tools::ps::in_container(self.world, self.host, &self.container.id),
            // nginx's own checks (nginx `src/core/nginx.c`, `ngx_cycle.c`): `-v` prints its
            // version, `-t` tests the configuration; both on stderr, `nginx: ` before a log
            // line (`ngx_log_stderr`). The version is the image's NGINX_VERSION.
            "nginx" if matches!(args.as_slice(), ["-v"] | ["-t"]) => {
                let version = self
                    .world
                    .image_entry(self.container)
                    .and_then(|e| e.env.iter().find_map(|v| v.strip_prefix("NGINX_VERSION=")))
                    .map(str::to_string);
                let mut o = Output::default();
                match (args.first(), version) {
                    (Some(&"-v"), Some(version)) => o.err(format!("nginx version: nginx/{version}")),
                    (Some(&"-t"), _) => {
                        let conf = "/etc/nginx/nginx.conf";
                        o.err(format!("nginx: the configuration file {conf} syntax is ok"));
                        o.err(format!("nginx: configuration file {conf} test is successful"));
                    }
                    _ => return Output::failed("berth: this nginx's version is not known", 1),
                }
                o
            }
            // The database images' clients (each image's "How to use this image" runs one
            // against a server container): say what does work for that server.
            "psql" | "redis-cli" | "mysql" | "mariadb" | "mongosh" => Output::failed(
                format!("berth: `{base}` exists in this image but is not simulated yet: Berth runs no database client. The server's own output is in `docker logs CONTAINER`; `getent hosts NAME` here shows that its name resolves."),
                1,
            ),
            _ => Output::failed(
                format!("berth: `{base}` exists in this image but is not simulated yet. Try ping, ip addr, ip route, hostname, cat /etc/hosts, nslookup, getent hosts, wget, curl, env."),
                1,
            ),
        }
    }

    /// `(uid, gid, name)` of `--user` (root when unset); names known to every image: root,
    /// nobody.
    fn user(&self) -> (u32, u32, Option<&'static str>) {
        let spec = self.user.unwrap_or(&self.container.user);
        let (user, group) = spec.split_once(':').unwrap_or((spec, ""));
        let (uid, name) = match user {
            "" | "root" | "0" => (0, Some("root")),
            "nobody" | "65534" => (65534, Some("nobody")),
            n => (n.parse().unwrap_or(1000), None),
        };
        let gid = match group {
            "" if uid == 65534 => 65534,
            "" => 0,
            "nobody" => 65534,
            g => g.parse().unwrap_or(0),
        };
        (uid, gid, name)
    }

    fn echo(&self, args: &[&str]) -> Output {
        let mut o = Output::default();
        o.out(args.join(" "));
        o
    }

    fn interfaces(&self) -> Vec<crate::engine::lab::sandbox::Interface> {
        self.world
            .container_interfaces(self.host, &self.container.id)
            .unwrap_or_default()
    }

    fn hostname(&self, args: &[&str]) -> Output {
        let mut o = Output::default();
        match args {
            [] => o.out(self.container.hostname.clone()),
            ["-i"] => {
                let ips: Vec<String> = self.interfaces().iter().map(|i| i.ip.to_string()).collect();
                o.out(ips.join(" "));
            }
            _ => {
                return Output::failed(
                    format!("berth: hostname {} is not simulated", args.join(" ")),
                    1,
                )
            }
        }
        o
    }

    /// `ls [DIR]`: the image's top-level directories; the rest Berth keeps empty.
    fn ls(&self, args: &[&str]) -> Output {
        const ROOT: &[&str] = &[
            "bin", "dev", "etc", "home", "lib", "media", "mnt", "opt", "proc", "root", "run",
            "sbin", "srv", "sys", "tmp", "usr", "var",
        ];
        let mut o = Output::default();
        let dirs: Vec<&str> = args
            .iter()
            .copied()
            .filter(|a| !a.starts_with('-'))
            .collect();
        for dir in if dirs.is_empty() {
            vec![self.container.workdir.as_str()]
        } else {
            dirs
        } {
            let dir = dir.trim_end_matches('/');
            if dir.is_empty() {
                o.out(ROOT.join("\n"));
            } else if ROOT.iter().any(|d| format!("/{d}") == dir) {
                // Nothing Berth models lives there.
            } else {
                o.err(format!("ls: {dir}: No such file or directory"));
                o.exit_code = 1;
            }
        }
        o
    }

    fn cat(&self, args: &[&str]) -> Output {
        let mut o = Output::default();
        for path in args {
            let text = match *path {
                "/etc/hosts" => self
                    .world
                    .container_hosts(self.host, &self.container.id)
                    .ok()
                    .map(|entries| crate::cli::render::sandbox::hosts_file(&entries)),
                "/etc/resolv.conf" => self
                    .world
                    .container_resolv_conf(self.host, &self.container.id)
                    .ok()
                    .map(|conf| crate::cli::render::sandbox::resolv_conf(&conf)),
                "/etc/hostname" => Some(format!("{}\n", self.container.hostname)),
                _ => None,
            };
            match text {
                Some(t) => {
                    for line in t.strip_suffix('\n').unwrap_or(&t).split('\n') {
                        o.out(line);
                    }
                }
                None => {
                    o.err(match self.userland {
                        Userland::Alpine | Userland::Busybox => {
                            format!("cat: can't open '{path}': No such file or directory")
                        }
                        _ => format!("cat: {path}: No such file or directory"),
                    });
                    o.exit_code = 1;
                }
            }
        }
        o
    }

    /// busybox `netstat` and `nc` (Alpine, busybox), iproute2 `ss` and OpenBSD `nc` (Debian
    /// and Ubuntu, once installed), over the container's listening sockets.
    fn sockets(&self, program: &str, args: &[&str]) -> Output {
        use crate::cli::tools::{nc, netstat, ss};
        let busybox = matches!(self.userland, Userland::Alpine | Userland::Busybox);
        let listeners = netstat::container_listeners(self.world, self.host, &self.container.id);
        match program {
            "netstat" if busybox => netstat::busybox(&listeners, args),
            "netstat" => Output::failed(
                "berth: net-tools' netstat is not simulated; ss -tlnp (iproute2) lists the same sockets.",
                1,
            ),
            "ss" => {
                let release = if self.userland == Userland::Ubuntu {
                    ss::Release::V6_1
                } else {
                    ss::Release::V6_15
                };
                ss::ss(&listeners, args, self.container.tty, release)
            }
            _ => {
                let flavor = if busybox {
                    nc::Flavor::Busybox
                } else {
                    nc::Flavor::OpenBsd
                };
                let connect = |name: &str, port: u16| {
                    let fetched = self.fetch("GET", &format!("http://{name}:{port}/"));
                    vec![nc::reach_of(&fetched, self.resolve(name))]
                };
                nc::nc(flavor, &connect, args)
            }
        }
    }

    fn ip(&self, args: &[&str]) -> Output {
        ip::in_container(self.world, self.host, &self.container.id, args)
    }

    /// /etc/hosts first, then DNS: how ping, wget, curl and getent find an address.
    fn resolve(&self, name: &str) -> Option<Ipv4Addr> {
        if let Ok(ip) = name.parse::<Ipv4Addr>() {
            return Some(ip);
        }
        if name == "localhost" {
            return Some(Ipv4Addr::LOCALHOST);
        }
        if name == self.container.hostname {
            return self.interfaces().first().map(|i| i.ip);
        }
        // Legacy links are lines of /etc/hosts: alias, hostname and name of the target.
        if self.container.network_mode == "bridge" {
            let linked = self
                .world
                .link_targets(self.host, self.container)
                .into_iter()
                .find(|(alias, _, t)| alias == name || t.name == name || t.hostname == name);
            if let Some((_, ip, _)) = linked {
                return Some(ip);
            }
        }
        match self.world.dns_lookup(self.host, &self.container.id, name) {
            Ok(Lookup::Found { addresses, .. }) => addresses.first().copied(),
            _ => None,
        }
    }

    fn ping(&self, args: &[&str]) -> Output {
        let sender = ping::Sender {
            resolve: &|name| self.resolve(name),
            reach: &|ip| self.world.reach(self.host, &self.container.id, ip),
            id: &self.container.id,
        };
        // iputils-ping on Debian and Ubuntu; busybox's applet elsewhere.
        let rendering = match self.userland {
            Userland::Debian | Userland::Ubuntu => ping::Rendering::Iputils,
            _ => ping::Rendering::Busybox,
        };
        ping::ping(self.world, rendering, &sender, args)
    }

    fn traceroute(&self, args: &[&str]) -> Output {
        let sender = ping::Sender {
            resolve: &|name| self.resolve(name),
            reach: &|ip| self.world.reach(self.host, &self.container.id, ip),
            id: &self.container.id,
        };
        traceroute::traceroute(&sender, args)
    }

    fn nslookup(&self, args: &[&str]) -> Output {
        nslookup::nslookup(self.world, self.host, &self.container.id, args)
    }

    fn getent(&self, args: &[&str]) -> Output {
        match args {
            ["hosts", name] | ["ahosts", name] => match self.resolve(name) {
                Some(ip) => {
                    let mut o = Output::default();
                    o.out(format!("{:<15} {name}", ip.to_string()));
                    o
                }
                None => Output {
                    exit_code: 2,
                    ..Output::default()
                },
            },
            _ => Output::failed(
                format!(
                    "berth: getent {} is not simulated; try getent hosts NAME",
                    args.join(" ")
                ),
                1,
            ),
        }
    }

    /// Fetches `http://HOST[:PORT]/` as far as the simulation knows: the page of an HTTP
    /// server image, or why there is none.
    pub(crate) fn fetch(&self, method: &str, url: &str) -> Fetched {
        let rest = url.strip_prefix("http://").unwrap_or(url);
        let authority = rest.split('/').next().unwrap_or(rest);
        let (name, port) = match authority.rsplit_once(':') {
            Some((n, p)) => (n, p.parse().map_err(|_| FetchError::BadUrl)?),
            None => (authority, 80),
        };
        let ip = self
            .resolve(name)
            .ok_or(FetchError::Unresolved(name.to_string()))?;
        let request = request_for(method, url);
        let path = self
            .world
            .reach(self.host, &self.container.id, ip)
            .map_err(|_| FetchError::Timeout(name.to_string(), port))?;
        match path.outcome {
            Ok(Arrival::Local) => {}
            Ok(Arrival::Loopback) => {
                return match self.container.program {
                    crate::engine::Program::Server => {
                        self.serve(self.container, (name, ip, port), &request)
                    }
                    _ => Err(FetchError::Refused(name.to_string(), ip, port)),
                }
            }
            Ok(Arrival::Internet) => return Err(FetchError::Offline(name.to_string())),
            Ok(Arrival::Remote) => return fetch_on_underlay(self.world, name, ip, port, &request),
            Err(_) => return Err(FetchError::Timeout(name.to_string(), port)),
        }
        let h = self.world.host(self.host).map_err(|_| FetchError::BadUrl)?;
        let target = h.container_with_ip(ip);
        // Not here: a container of another node, across an overlay this one is on.
        let remote = || self.world.remote_owner(self.container.networks.keys(), ip);
        match target.or_else(remote) {
            Some(t) => self.serve(t, (name, ip, port), &request),
            None => Err(FetchError::Refused(name.to_string(), ip, port)),
        }
    }

    fn serve(
        &self,
        target: &Container,
        to: (&str, Ipv4Addr, u16),
        request: &crate::cli::tools::http::Request<'_>,
    ) -> Fetched {
        // The image of the node the target runs on (an overlay peer may be on another).
        crate::cli::tools::curl::answered(
            self.world,
            target,
            self.world.serves(target),
            to,
            request,
        )
    }

    fn wget(&self, args: &[&str]) -> Output {
        wget::wget(args, &|url| self.fetch("GET", url), &|url| {
            self.path_to(url)
        })
    }

    /// The curl each base ships (package_lists.rs).
    pub(crate) fn curl_version(&self) -> &'static str {
        match self.userland {
            Userland::Ubuntu => "8.5.0",
            Userland::Fedora => "8.11.1",
            _ => "8.14.1",
        }
    }

    fn curl(&self, args: &[&str]) -> Output {
        curl::curl_with(
            args,
            self.curl_version(),
            &|method, url| self.fetch(method, url),
            &|url| self.path_to(url),
        )
    }

    /// The packet path to a URL's host, for the picture (`None` if the name does not resolve).
    pub(crate) fn path_to(&self, url: &str) -> Option<crate::cli::render::path::PathShown> {
        let name = url_host(url);
        let ip = self.resolve(name)?;
        self.world
            .reach(self.host, &self.container.id, ip)
            .ok()
            .map(|p| crate::cli::render::path::shown(&p))
    }

    fn env(&self) -> Output {
        // The daemon lays the image's Env, then the container's -e values, then exec's -e
        // values over PATH and HOSTNAME, each replacing a key already there (moby
        // container.ReplaceOrAppendEnvValues); runc adds HOME when it is still unset.
        let mut env = vec![
            "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin".to_string(),
            format!("HOSTNAME={}", self.container.hostname),
        ];
        let image_env = self.world.image_entry(self.container).map(|e| &e.env);
        replace_or_append_env(&mut env, image_env.into_iter().flatten());
        replace_or_append_env(&mut env, self.container.env.iter());
        replace_or_append_env(&mut env, self.extra_env.iter());
        if !env.iter().any(|v| v.starts_with("HOME=")) {
            env.push(
                if self.user().0 == 0 {
                    "HOME=/root"
                } else {
                    "HOME=/"
                }
                .to_string(),
            );
        }
        let mut o = Output::default();
        for var in env {
            o.out(var);
        }
        o
    }
}

/// A command typed in a shell inside a container (after `docker run -it` or `docker exec
/// -it`), its words already expanded by the front-end. If the container stopped meanwhile,
/// the shell is gone: the session leaves it.
pub fn run_words_in_container(
    world: &mut World,
    host: &str,
    session: &crate::cli::EnterShell,
    words: &[String],
) -> Output {
    let Ok(container) = world.container_lookup(host, &session.container_id) else {
        return Output {
            exit_shell: true,
            ..Output::default()
        };
    };
    if !container.is_running() {
        return Output {
            exit_shell: true,
            ..Output::default()
        };
    }
    // The prompt of an interactive redis-cli: each line is a command to its server.
    if session.shell == "redis-cli" {
        return crate::cli::tools::redis_cli::line(
            world, host, &session.container_id, &session.prompt, words,
        );
    }
    let tty = !session.prompt.is_empty();
    if let Some(o) =
        crate::cli::shells::escape::redis_cli(world, host, &session.container_id, words, (tty, tty))
    {
        return o;
    }
    // A request that changes the workshop app's items, and the `mysql` client.
    if let Some(o) =
        crate::cli::shells::app::in_container(world, host, &session.container_id, words, (tty, tty))
    {
        return o;
    }
    // `python3` typed in the container's shell: the REPL (on a terminal), `python -c …`.
    if let Some(o) = crate::cli::shells::repl::open(
        world,
        host,
        &session.container_id,
        words,
        (tty, tty),
        false,
        session.user.as_deref(),
    ) {
        return o;
    }
    // What reaches past the container (a mount, a chroot, the docker socket) changes the
    // world, so it runs before the read-only shell.
    if let Some(o) = crate::cli::shells::escape::in_container(
        world,
        host,
        &session.container_id,
        &session.shell,
        session.user.as_deref(),
        words,
    ) {
        return o;
    }
    let Ok(container) = world.container_lookup(host, &session.container_id) else {
        return Output::default();
    };
    let Some(userland) = world.image_entry(container).map(|e| e.userland) else {
        return Output::default();
    };
    Shell {
        world,
        host,
        container,
        userland,
        shell: &session.shell,
        extra_env: &[],
        user: session.user.as_deref(),
    }
    .run(words)
}

/// `date`'s default output in the C locale, `Sun Mar  1 09:00:06 UTC 2026` (coreutils
/// `date.c` and busybox `date.c` both use `%a %b %e %H:%M:%S %Z %Y`).
pub fn c_locale_date(at: crate::engine::clock::Timestamp) -> String {
    const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let (y, mo, d, hh, mm, ss) = at.civil();
    // 1970-01-01 was a Thursday.
    let weekday = DAYS
        .get((at.unix() / 86_400 % 7) as usize)
        .copied()
        .unwrap_or("Thu");
    let month = MONTHS
        .get(mo.saturating_sub(1) as usize)
        .copied()
        .unwrap_or("Jan");
    format!("{weekday} {month} {d:>2} {hh:02}:{mm:02}:{ss:02} UTC {y}")
}
