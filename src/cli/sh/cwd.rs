//! The shell's working directory and the file tools it runs.
//!
//! A shell starts where Docker puts the process: the container's `WorkingDir` (`docker run
//! -w`, the image's `WORKDIR`, else `/`), an exec's `-w`, or the user's home on a host
//! (`/root` for root). `cd` moves it (kept in [`ShellState`] with `OLDPWD`), `pwd` prints it,
//! and every relative path the shell and its tools name resolves against it. The prompt shows
//! it as the shell would ([`crate::cli::render::prompt::at`]).
//!
//! The file tools (`ls`, `mkdir`, `rm`… in `cli/tools/`) see the files through [`Fs`],
//! implemented here for the shell: the engine's layered view of the host's or container's
//! files. Not here: the host's disk seen from a container (`escape.rs` keeps `ls`/`cat` of a
//! mounted host path) and the `chroot`ed host shell.

use super::exec::{exec_session, exec_state, Place, Runner, ShellState};
use crate::cli::tools::cd::{self, Style};
use crate::cli::tools::fs::{self as tools_fs, Change, Fs};
use crate::cli::tools::{self, Flavor};
use crate::cli::Output;
use crate::engine::docker::image::Userland;
use crate::engine::fs::{resolve, FsError, Meta};
use crate::engine::World;

impl Runner<'_> {
    fn container_id(&self) -> Option<&str> {
        match self.place {
            Place::Host { .. } => None,
            Place::Container(shell) => Some(shell.container_id.as_str()),
        }
    }

    /// Where the shell is.
    pub(super) fn cwd(&self) -> String {
        match &self.state.cwd {
            Some(dir) => dir.clone(),
            None => start_dir(self.world, self.host, self.place),
        }
    }

    /// `cd`'s `$HOME`: the host user's home; root's in a container.
    fn cd_home(&self) -> String {
        match self.place {
            Place::Host { .. } => self.home(),
            Place::Container(_) => "/root".to_string(),
        }
    }

    /// `cd`, `pwd` and the file tools, when this shell has them; `None` to go on.
    pub(super) fn fs_builtin(&mut self, program: &str, args: &[String]) -> Option<Output> {
        let flavor = match self.place {
            Place::Host { .. } => match self.world.host(self.host).map(|h| h.backend) {
                Ok(crate::engine::Backend::Linux) => Flavor::Gnu,
                _ => return None,
            },
            Place::Container(shell) => {
                if shell.shell == "host-root" {
                    return None;
                }
                let c = self
                    .world
                    .container_lookup(self.host, &shell.container_id)
                    .ok()?;
                // `ls /mnt/host` of the host's disk mounted in the container: escape.rs.
                if args.iter().any(|a| c.host_path(a).is_some()) {
                    return None;
                }
                match self.userland()? {
                    Userland::Alpine | Userland::Busybox => Flavor::Busybox,
                    Userland::Debian | Userland::Ubuntu | Userland::Fedora => Flavor::Gnu,
                    _ => return None,
                }
            }
        };
        match program {
            "docker" => self.docker_cp(args),
            // debianutils' and busybox's `which` (Fedora's image has none).
            "which" if self.userland() != Some(Userland::Fedora) => {
                let path = self
                    .lookup("PATH")
                    .unwrap_or_else(|| tools::which::DEFAULT_PATH.to_string());
                let on_host = self.container_id().is_none();
                let args: Vec<&str> = args.iter().map(String::as_str).collect();
                let fallback = |name: &str| {
                    if on_host {
                        tools::which::host_path(name)
                    } else {
                        None
                    }
                };
                Some(tools::which::which(&args, self, &path, &fallback))
            }
            // Docker's getting-started workshop: `git clone` on a host, the package managers
            // of the node and python images (`tools/git.rs`, `yarn.rs`, `npm.rs`, `pip.rs`).
            "git" if self.container_id().is_none() => Some(tools::git::git(args, self)),
            "yarn" | "npm" if self.ships(program) && self.bound_cwd().is_some() => {
                self.on_bind_mount(program, args)
            }
            "yarn" | "npm" | "pip" | "pip3" if self.ships(program) => Some(match program {
                "yarn" => tools::yarn::yarn(args, self),
                "npm" => tools::npm::npm(args, self),
                _ => {
                    let python = self.python_version();
                    tools::pip::pip(args, self, &python)
                }
            }),
            "pwd" => {
                let mut o = Output::default();
                o.out(self.cwd());
                Some(o)
            }
            "cd" => {
                let style = match self.dialect() {
                    super::Dialect::Bash => Style::Bash,
                    super::Dialect::Ash => Style::Ash,
                    super::Dialect::Dash => Style::Dash,
                };
                let (cwd, home) = (self.cwd(), self.cd_home());
                let oldpwd = self.state.oldpwd.clone();
                Some(
                    match cd::cd(args, &cwd, oldpwd.as_deref(), &home, self, style) {
                        Ok((dir, out)) => {
                            self.state.oldpwd = Some(cwd);
                            self.state.cwd = Some(dir);
                            out
                        }
                        Err(out) => out,
                    },
                )
            }
            _ => {
                let piped = self.piped;
                tools_fs::run(program, args, self, flavor, piped)
            }
        }
    }
}

impl Runner<'_> {
    /// Whether this container's image ships `program` (never on a host).
    fn ships(&self, program: &str) -> bool {
        self.container_id()
            .is_some_and(|id| tools::yarn::ships(self.world, self.host, id, program))
    }

    /// The host folder behind the working directory when a bind mount holds it (`-v
    /// "$(pwd):/app"`, compose's `./:/app`): the files there are the host's.
    fn bound_cwd(&self) -> Option<String> {
        use crate::engine::docker::volumes::MountSource;
        let c = self
            .world
            .container_lookup(self.host, self.container_id()?)
            .ok()?;
        let cwd = self.cwd();
        c.mounts.iter().find_map(|m| {
            let MountSource::Bind(source) = &m.source else {
                return None;
            };
            let target = m.target.trim_end_matches('/');
            let rest = cwd.strip_prefix(target)?;
            (rest.is_empty() || rest.starts_with('/'))
                .then(|| format!("{}{rest}", source.trim_end_matches('/')))
        })
    }

    /// `yarn`/`npm` in a bind-mounted folder: they read and write the host's files there.
    fn on_bind_mount(&mut self, program: &str, args: &[String]) -> Option<Output> {
        let dir = self.bound_cwd()?;
        let mut state = ShellState {
            cwd: Some(dir),
            ..ShellState::default()
        };
        let place = Place::Host {
            user: None,
            first_host: None,
        };
        let mut host_side = Runner::new(self.world, self.host, place, &mut state);
        Some(match program {
            "yarn" => tools::yarn::yarn(args, &mut host_side),
            _ => tools::npm::npm(args, &mut host_side),
        })
    }

    /// The container's Python (`3.12` of `python:3.12-slim`; `3.14`, the current release,
    /// for `latest`, `alpine` and built images), for pip's `site-packages`.
    fn python_version(&self) -> String {
        let tag = self
            .container_id()
            .and_then(|id| self.world.container_lookup(self.host, id).ok())
            .map(|c| c.image.tag.clone())
            .unwrap_or_default();
        let version: String = tag
            .chars()
            .take_while(|c| c.is_ascii_digit() || *c == '.')
            .collect();
        match version.split('.').collect::<Vec<_>>().as_slice() {
            [major, minor, ..] if !minor.is_empty() => format!("{major}.{minor}"),
            _ => "3.14".to_string(),
        }
    }

    /// Whether `path` is an entry of the shell's files (a directory too), and not one the
    /// simulation computes.
    pub(super) fn in_view(&mut self, path: &str) -> bool {
        !self.computed(path) && Fs::stat(self, path).is_ok()
    }

    /// `docker cp`'s local path is the client's: relative to the shell's directory, which
    /// the client (Berth's `cli/commands`) does not know, so the shell makes it absolute.
    fn docker_cp(&mut self, args: &[String]) -> Option<Output> {
        let Place::Host { user, .. } = self.place else {
            return None;
        };
        let skip = match args {
            [cp, ..] if cp == "cp" => 1,
            [container, cp, ..] if container == "container" && cp == "cp" => 2,
            _ => return None,
        };
        let mut argv = vec!["docker".to_string()];
        for (i, arg) in args.iter().enumerate() {
            let local = i >= skip
                && !arg.starts_with('-')
                && (arg.starts_with('/') || arg.starts_with('.') || !arg.contains(':'));
            // docker/cli `resolveLocalPath` keeps a trailing `/.` or `/`.
            let absolute = |arg: &str| {
                let path = self.absolute(arg);
                let sep = if path == "/" { "" } else { "/" };
                if arg == "." || arg.ends_with("/.") {
                    format!("{path}{sep}.")
                } else if arg.ends_with('/') {
                    format!("{path}{sep}")
                } else {
                    path
                }
            };
            argv.push(if local { absolute(arg) } else { arg.clone() });
        }
        Some(crate::cli::run_words_as(self.world, self.host, user, &argv))
    }
}

/// Where a shell starts: the container's working directory, or the host user's home.
pub fn start_dir(world: &World, host: &str, place: Place<'_>) -> String {
    match place {
        Place::Host {
            user: Some(user), ..
        } if user != "root" => format!("/home/{user}"),
        Place::Host { .. } => "/root".to_string(),
        Place::Container(shell) => shell
            .workdir
            .clone()
            .or_else(|| {
                world
                    .container_lookup(host, &shell.container_id)
                    .ok()
                    .map(|c| c.workdir.clone())
            })
            .filter(|w| !w.is_empty())
            // The kernel's getcwd: `-w /path/to/dir/` starts the shell in /path/to/dir.
            .map_or_else(|| "/".to_string(), |w| resolve("/", &w)),
    }
}

/// The prompt of a shell in `state`, from the one it was opened with: the working
/// directory where the shell shows it.
pub fn prompt(
    world: &World,
    host: &str,
    place: Place<'_>,
    state: Option<&ShellState>,
    opened_with: &str,
) -> String {
    let cwd = state
        .and_then(|s| s.cwd.clone())
        .unwrap_or_else(|| start_dir(world, host, place));
    let home = match place {
        Place::Host { .. } => start_dir(world, host, place),
        Place::Container(_) => "/root".to_string(),
    };
    crate::cli::render::prompt::at(opened_with, &cwd, &home)
}

impl Fs for Runner<'_> {
    fn absolute(&self, path: &str) -> String {
        resolve(&self.cwd(), path)
    }

    fn stat(&mut self, path: &str) -> Result<Meta, FsError> {
        let id = self.container_id().map(str::to_string);
        self.world.fs_view(self.host, id.as_deref())?.stat(path)
    }

    fn list(&mut self, dir: &str) -> Result<Vec<String>, FsError> {
        let id = self.container_id().map(str::to_string);
        self.world.fs_view(self.host, id.as_deref())?.list(dir)
    }

    fn change(&mut self, change: &mut Change<'_>) -> Result<(), FsError> {
        let id = self.container_id().map(str::to_string);
        self.world
            .fs_change(self.host, id.as_deref(), |view| change(view))
    }

    fn now(&self) -> u64 {
        self.world.now().unix()
    }
}

/// `docker exec [-w DIR] CONTAINER PROGRAM…` without a terminal, for the programs that need
/// the container's files or its working directory: `pwd`, the file tools, and any program
/// when `-w` is given. `None`: the caller runs it as before. `-w` of a directory the
/// container lacks fails as runc does.
pub fn exec_words(
    world: &mut World,
    host: &str,
    container_id: &str,
    user: Option<&str>,
    env: &[String],
    (workdir, tty): (Option<&str>, bool),
    words: &[String],
) -> Option<Output> {
    let program = words.first()?;
    let base = program.rsplit('/').next().unwrap_or(program);
    let c = world.container_lookup(host, container_id).ok()?;
    if world.image_entry(c).is_none_or(|e| e.userland.is_windows()) {
        return None;
    }
    let workdir = match exec_workdir(world, host, container_id, workdir) {
        Ok(w) => w,
        Err(o) => return Some(o),
    };
    let interactive_shell = words.len() == 1 && matches!(base, "sh" | "ash" | "bash");
    // The text tools read the image's files too (`docker exec web tail -1 /etc/passwd`).
    let text_tool = crate::cli::tools::TOOLS.contains(&base)
        && !matches!(base, "echo" | "true" | "false" | "xargs");
    let wanted = base == "pwd"
        // `docker exec C sleep 5`: the clock moves (`periodic.rs`).
        || base == "sleep"
        || text_tool
        || tools_fs::TOOLS.contains(&base)
        || base == "which"
        || workdir.is_some()
        // The package managers install into the working directory (`tools/yarn.rs`…).
        || matches!(base, "yarn" | "npm" | "pip" | "pip3");
    if interactive_shell || !wanted {
        return None;
    }
    let session = exec_session(container_id, "sh", user, workdir);
    let mut state = exec_state(env);
    let mut runner = Runner::new(world, host, Place::Container(&session), &mut state);
    // Without `-t` the command's standard output is a pipe to the client, not a terminal:
    // `ls` writes one name per line, as it does into a pipe.
    runner.piped = !tty;
    let mut out = runner.program(words, None);
    out.enter_shell = None;
    out.exit_shell = false;
    Some(out)
}

/// `docker exec [-w DIR]`'s directory made absolute against the container's, or runc's
/// error when it is not a directory of the container.
fn exec_workdir(
    world: &World,
    host: &str,
    container_id: &str,
    workdir: Option<&str>,
) -> Result<Option<String>, Output> {
    let Some(w) = workdir else {
        return Ok(None);
    };
    let Ok(c) = world.container_lookup(host, container_id) else {
        return Ok(None);
    };
    let dir = resolve(&c.workdir, w);
    if world
        .fs_view(host, Some(container_id))
        .is_ok_and(|v| v.is_dir(&dir))
    {
        return Ok(Some(dir));
    }
    // runc's error (libcontainer `init_linux.go`), which docker/cli prints as is.
    Err(Output::failed(
        format!("OCI runtime exec failed: exec failed: unable to start container process: chdir to cwd (\"{dir}\") set in config.json failed: no such file or directory: unknown"),
        126,
    ))
}

/// `docker exec [-w DIR] [-t] CONTAINER sh -c SCRIPT`: the script through the shell
/// front-end in the container, from that directory; without `-t` its standard output is a
/// pipe to the client (`ls` writes one name per line).
#[allow(clippy::too_many_arguments)]
pub fn exec_shell_script(
    world: &mut World,
    host: &str,
    container_id: &str,
    shell: &str,
    user: Option<&str>,
    env: &[String],
    (workdir, tty): (Option<&str>, bool),
    script: &crate::cli::sh::ast::Script,
) -> Output {
    let workdir = match exec_workdir(world, host, container_id, workdir) {
        Ok(w) => w,
        Err(o) => return o,
    };
    let session = exec_session(container_id, shell, user, workdir);
    let mut state = exec_state(env);
    let mut runner = Runner::new(world, host, Place::Container(&session), &mut state);
    runner.subshell = true;
    runner.piped = !tty;
    let mut out = runner.run(script);
    out.stay_in_terminal();
    out
}

impl Runner<'_> {
    /// `… | sudo tee FILE`: root runs a text tool with this standard input. `None` when the
    /// line is not `sudo` on a host or sudo does not run the tool as root (sudo's own
    /// answer then comes from the `sudo` tool).
    pub(super) fn sudo_text_tool(
        &mut self,
        program: &str,
        args: &[String],
        stdin: &mut Option<String>,
    ) -> Option<Output> {
        let (Place::Host { user, first_host }, "sudo") = (self.place, program) else {
            return None;
        };
        let tools::sudo::Sudo::Run { user: None, words } =
            tools::sudo::sudo(self.world, self.host, user, args)
        else {
            return None;
        };
        if !words
            .first()
            .is_some_and(|w| self.has_tool(w) && w != "sudo")
        {
            return None;
        }
        let saved = self.place;
        self.place = Place::Host {
            user: None,
            first_host,
        };
        let out = self.program(&words, stdin.take());
        self.place = saved;
        Some(out)
    }
}
