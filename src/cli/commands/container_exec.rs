//! `docker exec`: runs a command in a running container (docker/cli `exec.go`). With `-it` and
//! a shell, the terminal enters that shell until `exit`. With `-d` the command runs in the
//! background: the client prints nothing and returns 0 once the exec started (`exec.go`
//! `RunExec`: detached, it returns right after `ContainerExecStart`); only a failure to start
//! (no such container, not running, executable not found) reaches the terminal. What the
//! command does to the container (files it writes) happens; its output is lost, as no one is
//! attached to read it.

use crate::cli::flags::{Flag, Spec};
use crate::cli::shells::container::Shell;
use crate::cli::{parse_flags, requires_min_args, Docker, EnterShell, Output};
use crate::engine::docker::caller::Caller;
use crate::engine::World;

pub const SPEC: Spec = Spec {
    path: "docker exec",
    use_line: "docker exec [OPTIONS] CONTAINER COMMAND [ARG...]",
    description: "Execute a command in a running container",
    aliases: "docker container exec, docker exec",
    flags: &[
        Flag::bool(
            "detach",
            Some('d'),
            "Detached mode: run command in the background",
        ),
        Flag::value(
            "detach-keys",
            None,
            "string",
            "Override the key sequence for detaching a container",
        )
        .not_simulated(),
        Flag::value("env", Some('e'), "list", "Set environment variables"),
        Flag::value(
            "env-file",
            None,
            "list",
            "Read in a file of environment variables",
        )
        .not_simulated(),
        Flag::bool(
            "interactive",
            Some('i'),
            "Keep STDIN open even if not attached",
        ),
        Flag::bool(
            "privileged",
            None,
            "Give extended privileges to the command",
        )
        .not_simulated(),
        Flag::bool("tty", Some('t'), "Allocate a pseudo-TTY"),
        Flag::value(
            "user",
            Some('u'),
            "string",
            "Username or UID (format: \"<name|uid>[:<group|gid>]\")",
        ),
        Flag::value(
            "workdir",
            Some('w'),
            "string",
            "Working directory inside the container",
        ),
    ],
    interspersed: false,
    excluded: &[],
};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContainerExec {
    pub container: String,
    pub command: Vec<String>,
    pub env: Vec<String>,
    pub interactive: bool,
    pub tty: bool,
    pub user: Option<String>,
    /// `-w`: where the command starts.
    pub workdir: Option<String>,
    /// `-d`: run in the background, print nothing.
    pub detach: bool,
}

pub fn parse(words: &[String]) -> Result<Docker, Output> {
    let Some(parsed) = parse_flags(&SPEC, words)? else {
        return Ok(Docker::Help(&SPEC));
    };
    let Some((container, command)) = parsed.args.split_first().filter(|(_, c)| !c.is_empty())
    else {
        return Err(requires_min_args(&SPEC, 2));
    };
    Ok(Docker::ContainerExec(ContainerExec {
        container: container.clone(),
        command: command.to_vec(),
        env: parsed.values.get("env").cloned().unwrap_or_default(),
        interactive: parsed.is_set("interactive"),
        tty: parsed.is_set("tty"),
        user: parsed.value("user").map(String::from),
        workdir: parsed.value("workdir").map(String::from),
        detach: parsed.is_set("detach"),
    }))
}

impl ContainerExec {
    pub fn execute(self, world: &mut World, host: &str, caller: &Caller) -> Output {
        if !self.detach {
            return self.run(world, host, caller);
        }
        let started = self.run(world, host, caller);
        // The exec could not start: the daemon's or runc's error, as attached.
        let failed_to_start = started.lines.first().is_some_and(|l| {
            l.text.starts_with("Error response from daemon:")
                || l.text.starts_with("OCI runtime exec failed:")
        }) && started.exit_code != 0;
        if failed_to_start {
            return started;
        }
        Output::default()
    }

    fn run(self, world: &mut World, host: &str, caller: &Caller) -> Output {
        let container = match world.container_exec(host, caller, &self.container) {
            Ok(c) => c,
            Err(e) => return Output::failed(super::daemon_error(&e), 1),
        };
        if container.is_paused() {
            // moby `daemon/errors.go` errExecPaused, given the name as typed
            // (`getActiveContainer`).
            return Output::failed(
                format!(
                    "Error response from daemon: Container {} is paused, unpause the container before exec",
                    self.container
                ),
                1,
            );
        }
        if !container.is_running() {
            return Output::failed(
                format!(
                    "Error response from daemon: container {} is not running",
                    container.id
                ),
                1,
            );
        }
        // A mount, a chroot or the docker socket reach past the container: they may change
        // the world, so they run before the read-only shell.
        let id = container.id.clone();
        if let Some(o) = crate::cli::shells::escape::redis_cli(
            world,
            host,
            &id,
            &self.command,
            (self.tty, self.interactive),
        ) {
            return o;
        }
        // A request that changes the workshop app's items, and the `mysql` client.
        if let Some(o) = crate::cli::shells::app::in_container(
            world,
            host,
            &id,
            &self.command,
            (self.tty, self.interactive),
        ) {
            return o;
        }
        // `docker exec -it app python3`: the REPL's prompt; `python -c …`, `node -e …`.
        if let Some(o) = crate::cli::shells::repl::open(
            world,
            host,
            &id,
            &self.command,
            (self.tty, self.interactive),
            false,
            self.user.as_deref(),
        ) {
            return o;
        }
        if let Some(o) = crate::cli::shells::escape::in_container(
            world,
            host,
            &id,
            "sh",
            self.user.as_deref(),
            &self.command,
        ) {
            return o;
        }
        let Ok(container) = world.container_lookup(host, &id) else {
            return Output::failed("berth: the container is gone", 1);
        };
        let Some(userland) = world.image_entry(container).map(|e| e.userland) else {
            return Output::failed("berth: the container's image is gone", 1);
        };
        // `sh -c SCRIPT`: the script runs through the shell front-end, in the container, which
        // knows its files, its working directory and every tool.
        if let [program, flag, script, ..] = self.command.as_slice() {
            let base = program.rsplit('/').next().unwrap_or(program);
            if flag == "-c" && matches!(base, "sh" | "ash" | "bash") && userland.has(base) {
                if let Ok(parsed) = crate::cli::sh::parse::parse(script) {
                    return crate::cli::sh::exec_shell_script(
                        world,
                        host,
                        &id,
                        base,
                        self.user.as_deref(),
                        &self.env,
                        (self.workdir.as_deref(), self.tty),
                        &parsed,
                    );
                }
            }
        }
        // The file tools and `pwd`, and any command with `-w`: through the shell front-end,
        // which knows the container's files and the working directory (`cli/sh/cwd.rs`).
        if let Some(o) = crate::cli::sh::exec_words(
            world,
            host,
            &id,
            self.user.as_deref(),
            &self.env,
            (self.workdir.as_deref(), self.tty),
            &self.command,
        ) {
            return o;
        }
        let Ok(container) = world.container_lookup(host, &id) else {
            return Output::failed("berth: the container is gone", 1);
        };
        let shell = Shell {
            world,
            host,
            container,
            userland,
            shell: "sh",
            extra_env: &self.env,
            user: self.user.as_deref(),
        };
        let Some(program) = self.command.first() else {
            return Output::default();
        };
        if userland.is_windows() && !shell.has(program) {
            // HCS cannot find the program in the container's image.
            return Output::failed(
                format!(
                    "Error response from daemon: container {} encountered an error during hcs::System::CreateProcess: failure in a Windows system call: The system cannot find the file specified. (0x2)",
                    container.id
                ),
                126,
            );
        }
        if !shell.has(program) {
            // runc cannot find the executable: docker/cli exits 127 (126 for permission).
            return Output::failed(
                format!(
                    "OCI runtime exec failed: exec failed: unable to start container process: exec: \"{program}\": executable file not found in $PATH: unknown"
                ),
                127,
            );
        }
        let windows_shell = crate::engine::docker::image::windows_base(program);
        let base = if userland.is_windows() {
            windows_shell.as_str()
        } else {
            program.rsplit('/').next().unwrap_or(program)
        };
        let is_shell =
            matches!(base, "sh" | "ash" | "bash" | "cmd" | "powershell") && self.command.len() == 1;
        if is_shell && self.interactive {
            let hostname = container.hostname.clone();
            let mut greeting = Output::default();
            match base {
                "cmd" => greeting.out(crate::cli::shells::cmd::cmd_banner()),
                "powershell" => greeting.out(crate::cli::shells::powershell::banner()),
                _ => {}
            }
            return Output {
                lines: greeting.lines,
                enter_shell: Some(Box::new(EnterShell {
                    container_id: container.id.clone(),
                    shell: base.to_string(),
                    main_process: false,
                    prompt: if self.tty {
                        // `-u`, else the container's user (the image's USER by default).
                        let user = self
                            .user
                            .as_deref()
                            .or(Some(container.user.as_str()).filter(|u| !u.is_empty()));
                        crate::cli::render::prompt::container(userland, base, &hostname, user)
                    } else {
                        String::new()
                    },
                    user: self.user.clone(),
                    workdir: self.workdir.clone(),
                })),
                ..Output::default()
            };
        }
        shell.run(&self.command)
    }
}
