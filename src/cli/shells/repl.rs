//! The line-reading programs a terminal can sit in, inside a container: Python's and Node's
//! REPLs (`docker run -it python`, `docker exec -it app node`), and the database clients'
//! prompts (`psql`, `mongosh`). Unlike a shell, they read each typed line whole (no shell
//! parsing: `print("a")` is Python), so the session hands the raw line here
//! ([`reads_lines`], [`line`]). Each keeps its state in the shell's variables.
//!
//! This file decides which image has which program, at which version (the image's tag in
//! the catalogue, else its `*_VERSION` variable), opens the prompt with the program's banner
//! ([`open`]) and runs the program's one-shot forms (`python -c`, `node -e`, `--version`);
//! the programs themselves are tools (`cli/tools/python.rs`, `node.rs`).
//!
//! Not simulated: Ctrl-D in the page's terminal (a typed `^D` line, or the end of `berth
//! shell`'s input, is the end of input).

use crate::cli::sh::exec::ShellState;
use crate::cli::tools::{mongosh, node, psql, python};
use crate::cli::{EnterShell, Output};
use crate::engine::{Container, World};

/// The programs whose prompt reads raw lines: the first word of [`EnterShell::shell`] (psql's
/// shell name carries its connection after it).
const PROGRAMS: &[&str] = &["python", "node", "psql", "mongosh"];

/// Whether the shell `shell` is one of these programs (the session then passes it raw lines).
pub fn reads_lines(shell: &str) -> bool {
    PROGRAMS.contains(&shell.split(' ').next().unwrap_or(""))
}

/// Whether the line typed at `prompt` is a password, which the terminal does not echo.
pub fn hides_input(prompt: &str) -> bool {
    prompt.starts_with("Password for user ") || prompt == "Enter password: "
}

/// Whether `argv` (a container's command line) is a REPL alone (`python3`, `node`), which
/// opens its prompt on a terminal. (A database client's prompt is a main tool's: its
/// container starts as a tool's, and keeps running while the prompt is open.)
pub fn opens_prompt(argv: &[String]) -> bool {
    let argv = match argv.split_first() {
        Some((first, rest)) if first.ends_with("docker-entrypoint.sh") && !rest.is_empty() => rest,
        _ => argv,
    };
    match argv {
        [program] => matches!(
            program.rsplit('/').next().unwrap_or(program),
            "python" | "python3" | "node"
        ),
        _ => false,
    }
}

/// The version of the image's own `program` in container `c`: the fullest version among its
/// build's tags in the catalogue (`python:3.12` is the build `3.12.14-trixie 3.12.14 …`),
/// else the image's `env` variable (an image built `FROM python`).
fn version(world: &World, c: &Container, env: &str) -> Option<String> {
    let from_tags = crate::engine::docker::image::official::find(&c.image.repository, &c.image.tag)
        .ok()
        .and_then(|build| {
            build
                .tags()
                .iter()
                .map(|t| {
                    t.chars()
                        .take_while(|ch| ch.is_ascii_alphanumeric() || *ch == '.')
                        .collect::<String>()
                })
                .filter(|v| v.starts_with(|ch: char| ch.is_ascii_digit()))
                .max_by_key(|v| v.matches('.').count())
                .filter(|v| v.matches('.').count() == 2)
        });
    from_tags.or_else(|| world.image_entry(c)?.env_value(env).map(str::to_string))
}

/// The python of container `c`, if its image has one.
fn python_of(world: &World, c: &Container) -> Option<python::Python> {
    let image = world.image_entry(c)?;
    if image.program != "python" && c.image.repository != "python" {
        return None;
    }
    let version = version(world, c, "PYTHON_VERSION")?;
    // `Modules/getbuildinfo.c`: `main` (the git branch of the release tarball), then the C
    // compiler's `__DATE__` and `__TIME__` when the image built it: the image's creation
    // time. `[GCC …]`: the compiler of the image's Debian release (trixie ships GCC 14.2.0,
    // bookworm 12.2.0; Alpine 3.21+ 14.2.0).
    let built = crate::engine::clock::civil_from_unix(
        crate::engine::clock::EPOCH_UNIX.saturating_add_signed(image.created),
    );
    let (y, mo, d, h, mi, s) = built;
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let month = MONTHS
        .get(mo.saturating_sub(1) as usize)
        .copied()
        .unwrap_or("Jan");
    let compiler = if c.image.tag.contains("bookworm") {
        "GCC 12.2.0"
    } else {
        "GCC 14.2.0"
    };
    Some(python::Python {
        version,
        build: format!("main, {month} {d:>2} {y}, {h:02}:{mi:02}:{s:02}"),
        compiler: compiler.to_string(),
    })
}

/// The psql of container `id`, if its image has one (the postgres image, or the
/// `postgresql-client` package installed): its version.
fn psql_of(world: &World, host: &str, id: &str) -> Option<String> {
    let c = world.container_lookup(host, id).ok()?;
    let image = world.image_entry(c)?;
    if image.program == "postgres" || c.image.repository == "postgres" {
        return Some(psql::client_version(
            &c.image.repository,
            &c.image.tag,
            Some(image),
        ));
    }
    // Debian's postgresql-client (17 on trixie); Berth words it as the image's 18.
    world
        .container_has_installed(host, id, "psql")
        .then(|| psql::client_version("postgres", "latest", None))
}

/// The node of container `c`, if its image has one: its version.
fn node_of(world: &World, c: &Container) -> Option<String> {
    let image = world.image_entry(c)?;
    if image.program != "node" && c.image.repository != "node" {
        return None;
    }
    version(world, c, "NODE_VERSION")
}

/// `argv` run in container `id`: a REPL opened on a terminal (`interactive`: stdin open;
/// `main_process`: leaving it stops the container; `user`: `docker exec -u`'s), or a
/// one-shot form (`python -c`, `node --version`). `None`: not one of these programs, or not
/// in this image.
pub fn open(
    world: &mut World,
    host: &str,
    id: &str,
    argv: &[String],
    (tty, interactive): (bool, bool),
    main_process: bool,
    user: Option<&str>,
) -> Option<Output> {
    let c = world.container_lookup(host, id).ok()?;
    // The official images' `docker-entrypoint.sh` execs its arguments.
    let argv = match argv.split_first() {
        Some((first, rest)) if first.ends_with("docker-entrypoint.sh") && !rest.is_empty() => rest,
        _ => argv,
    };
    let (program, args) = argv.split_first()?;
    let base = program.rsplit('/').next().unwrap_or(program);
    let (shell, banner, prompt) = match base {
        "python" | "python3" => {
            let py = python_of(world, c)?;
            if !args.is_empty() {
                return python::command(&py, args);
            }
            ("python", py.banner(), python::PROMPT)
        }
        "node" => {
            let version = node_of(world, c)?;
            if !args.is_empty() {
                return node::command(&version, args);
            }
            ("node", node::banner(&version), node::PROMPT)
        }
        "psql" => {
            let client = psql_of(world, host, id)?;
            // The OS user psql takes as its role: `docker exec -u`'s, else the container's.
            let user = user
                .unwrap_or(c.user.as_str())
                .split(':')
                .next()
                .filter(|u| !u.is_empty())
                .unwrap_or("root")
                .to_string();
            let mut o = psql::run(world, host, id, &user, args, &client, (tty, interactive));
            if let Some(shell) = o.enter_shell.as_mut() {
                shell.main_process = main_process;
            }
            return Some(o);
        }
        "mongosh" => {
            let image = world.image_entry(c)?;
            if image.program != "mongo" && c.image.repository != "mongo" {
                return None;
            }
            let mut o = mongosh::run(world, host, id, args, (tty, interactive));
            if let Some(shell) = o.enter_shell.as_mut() {
                shell.main_process = main_process;
            }
            return Some(o);
        }
        _ => return None,
    };
    if !interactive {
        // Standard input closed: the REPL reads its end at once and exits.
        return Some(Output::default());
    }
    let mut o = Output::default();
    if tty {
        for l in banner {
            o.out(l);
        }
    }
    o.enter_shell = Some(Box::new(EnterShell {
        container_id: id.to_string(),
        shell: shell.to_string(),
        main_process,
        prompt: if tty {
            prompt.to_string()
        } else {
            String::new()
        },
        user: None,
        workdir: None,
    }));
    Some(o)
}

/// The prompt the program shows now.
pub fn prompt(shell: &EnterShell, state: Option<&ShellState>) -> String {
    if shell.shell.starts_with("mongosh ") {
        let empty = mongosh::Vars::new();
        return mongosh::prompt(&shell.shell, state.map_or(&empty, |s| &s.vars));
    }
    if shell.shell.starts_with("psql ") {
        let empty = psql::Vars::new();
        return psql::prompt(&shell.shell, state.map_or(&empty, |s| &s.vars));
    }
    shell.prompt.clone()
}

/// One raw line typed at the program's prompt. A line `^D` is Ctrl-D (end of input).
pub fn line(
    world: &mut World,
    host: &str,
    shell: &EnterShell,
    state: &mut ShellState,
    input: &str,
) -> Output {
    let Ok(c) = world.container_lookup(host, &shell.container_id) else {
        return Output {
            exit_shell: true,
            ..Output::default()
        };
    };
    if !c.is_running() {
        return Output {
            exit_shell: true,
            ..Output::default()
        };
    }
    if input.trim() == "^D" {
        return end_of_input(shell);
    }
    let mut o = match shell.shell.as_str() {
        "python" => match python_of(world, c) {
            Some(py) => python::line(&py, &mut state.vars, input),
            None => end_of_input(shell),
        },
        "node" => match node_of(world, c) {
            Some(version) => node::line(&version, &mut state.vars, input),
            None => end_of_input(shell),
        },
        _ if shell.shell.starts_with("mongosh ") => {
            mongosh::line(world, host, &shell.shell, &mut state.vars, input)
        }
        _ if shell.shell.starts_with("psql ") => {
            let client = psql_of(world, host, &shell.container_id).unwrap_or_default();
            psql::line(world, host, &shell.shell, &mut state.vars, input, &client)
        }
        _ => end_of_input(shell),
    };
    // An error at the prompt ends nothing: the program reads its next line. Only leaving it
    // has a status (the container's, for a main process).
    if !o.exit_shell {
        o.exit_code = 0;
    }
    o
}

/// Ctrl-D at the prompt: each program ends as on the end of its input (psql echoes `\q`).
pub fn end_of_input(shell: &EnterShell) -> Output {
    let mut o = Output {
        exit_shell: true,
        ..Output::default()
    };
    if shell.shell.starts_with("psql ") {
        o.out("\\q");
    }
    o
}
