//! What the official images' own programs do as a container starts: the checks their
//! entrypoints make before the server runs, `hello-world`'s message, a language runtime's
//! REPL that ends at once without a terminal.
//!
//! Rules: each behaviour is keyed by [`ImageConfig::program`] (the official repository whose
//! programs the image runs, so `postgres:16-alpine` and an image built `FROM postgres` behave
//! alike), and applies only to the image's own command (`docker run postgres`, or
//! `docker run postgres postgres -c …`); any other command runs as usual. The texts are the
//! programs' own, cited next to each; they are output of the simulated process, which the cli
//! prints as it is. Not simulated: the `*_FILE` variants of the password variables, an
//! existing data directory (every container starts with an empty one), `--user`.

use super::official::{self, Kind};
use super::ImageConfig;
use crate::engine::clock::Timestamp;
use crate::engine::docker::container::Program;

/// docker-library/hello-world `hello.c` (`message[]`), as the amd64 build prints it.
pub const HELLO_WORLD: &[&str] = &[
    "",
    "Hello from Docker!",
    "This message shows that your installation appears to be working correctly.",
    "",
    "To generate this message, Docker took the following steps:",
    " 1. The Docker client contacted the Docker daemon.",
    " 2. The Docker daemon pulled the \"hello-world\" image from the Docker Hub.",
    "    (amd64)",
    " 3. The Docker daemon created a new container from that image which runs the",
    "    executable that produces the output you are currently reading.",
    " 4. The Docker daemon streamed that output to the Docker client, which sent it",
    "    to your terminal.",
    "",
    "To try something more ambitious, you can run an Ubuntu container with:",
    " $ docker run -it ubuntu bash",
    "",
    "Share images, automate workflows, and more with a free Docker ID:",
    " https://hub.docker.com/",
    "",
    "For more examples and ideas, visit:",
    " https://docs.docker.com/get-started/",
    "",
];

/// docker-library/postgres 18's `docker-entrypoint.sh`, `docker_error_old_databases` (its
/// here-document, leading tabs stripped by `<<-`): from 18 the data lives in
/// `/var/lib/postgresql/18/docker`, and a mount at the old `/var/lib/postgresql/data` is
/// refused (`${OLD_DATABASES[*]}` is that mount, "unused mount/volume").
pub const POSTGRES_OLD_DATABASES: &[&str] = &[
    "Error: in 18+, these Docker images are configured to store database data in a",
    "       format which is compatible with \"pg_ctlcluster\" (specifically, using",
    "       major-version-specific directory names).  This better reflects how",
    "       PostgreSQL itself works, and how upgrades are to be performed.",
    "",
    "       See also https://github.com/docker-library/postgres/pull/1259",
    "",
    "       Counter to that, there appears to be PostgreSQL data in:",
    "         /var/lib/postgresql/data (unused mount/volume)",
    "",
    "       This is usually the result of upgrading the Docker image without",
    "       upgrading the underlying database using \"pg_upgrade\" (which requires both",
    "       versions).",
    "",
    "       The suggested container configuration for 18+ is to place a single mount",
    "       at /var/lib/postgresql which will then place PostgreSQL data in a",
    "       subdirectory, allowing usage of \"pg_upgrade --link\" without mount point",
    "       boundary issues.",
    "",
    "       See https://github.com/docker-library/postgres/issues/37 for a (long)",
    "       discussion around this process, and suggestions for how to do so.",
];

/// The server `program` a create planned, after the entrypoint's checks that need the
/// container's mount targets: [`postgres_old_data`].
pub fn with_mounts(
    image: &ImageConfig,
    env: &[String],
    mounts: &[String],
    program: Program,
) -> Program {
    if program != Program::Server {
        return program;
    }
    postgres_old_data(image, env, mounts).unwrap_or(program)
}

/// A postgres 18+ server whose default `PGDATA` is in use while something is mounted at the
/// old `/var/lib/postgresql/data`: the entrypoint's refusal, exit 1, before initialising
/// (docker-library/postgres#1259). `mounts` are the container's mount targets. Not
/// simulated: a database already initialised under the new `PGDATA` (the check is skipped
/// there).
fn postgres_old_data(image: &ImageConfig, env: &[String], mounts: &[String]) -> Option<Program> {
    if image.program != "postgres" || !mounts.iter().any(|m| m == "/var/lib/postgresql/data") {
        return None;
    }
    let value = |name: &str| {
        env.iter()
            .rev()
            .find_map(|v| v.strip_prefix(name).and_then(|r| r.strip_prefix('=')))
            .map(str::to_string)
            .or_else(|| image.env_value(name).map(str::to_string))
    };
    // The tag pulled names the major version (`16.10`, `18`); the env's is the newest's.
    let major: u32 = image
        .program_tag
        .split(['.', '-'])
        .next()
        .and_then(|m| m.parse().ok())
        .or_else(|| value("PG_MAJOR").and_then(|m| m.parse().ok()))?;
    // PGDATA still at its default, `/var/lib/postgresql/MAJOR/docker`.
    let default = |d: &str| {
        d.strip_prefix("/var/lib/postgresql/")
            .and_then(|r| r.strip_suffix("/docker"))
            .and_then(|m| m.parse::<u32>().ok())
            == Some(major)
    };
    if major < 18 || value("PGDATA").is_some_and(|d| !default(&d)) {
        return None;
    }
    Some(Program::OneShot {
        exit_code: 1,
        output: POSTGRES_OLD_DATABASES
            .iter()
            .map(|l| l.to_string())
            .collect(),
    })
}

/// docker-library/postgres `docker-entrypoint.sh`, `docker_verify_minimum_env` (its
/// here-document, leading tabs stripped by `<<-`).
pub const POSTGRES_NO_PASSWORD: &[&str] = &[
    "Error: Database is uninitialized and superuser password is not specified.",
    "       You must specify POSTGRES_PASSWORD to a non-empty value for the",
    "       superuser. For example, \"-e POSTGRES_PASSWORD=password\" on \"docker run\".",
    "",
    "       You may also use \"POSTGRES_HOST_AUTH_METHOD=trust\" to allow all",
    "       connections without a password. This is *not* recommended.",
    "",
    "       See PostgreSQL documentation about \"trust\":",
    "       https://www.postgresql.org/docs/current/auth-trust.html",
];

/// docker-library/mysql `docker-entrypoint.sh`, `docker_verify_minimum_env`.
const MYSQL_NO_PASSWORD: &[&str] = &[
    "Database is uninitialized and password option is not specified",
    "    You need to specify one of the following as an environment variable:",
    "    - MYSQL_ROOT_PASSWORD",
    "    - MYSQL_ALLOW_EMPTY_PASSWORD",
    "    - MYSQL_RANDOM_ROOT_PASSWORD",
];

/// MariaDB/mariadb-docker `docker-entrypoint.sh`, `docker_verify_minimum_env` (`\t` indent).
const MARIADB_NO_PASSWORD: &[&str] = &[
    "Database is uninitialized and password option is not specified",
    "\tYou need to specify one of MARIADB_ROOT_PASSWORD, MARIADB_ROOT_PASSWORD_HASH, MARIADB_ALLOW_EMPTY_ROOT_PASSWORD and MARIADB_RANDOM_ROOT_PASSWORD",
];

/// The command programs of the language runtimes that open a REPL on a terminal and end at
/// once without one (stdin closed: end of input).
const REPLS: &[&str] = &[
    "python3", "python", "pypy3", "node", "irb", "php", "jshell", "erl", "iex", "ghci", "julia",
    "R", "groovysh", "lein", "hy", "raku", "swipl", "haxe", "perl",
];

/// What the image's own program does when the container starts, when it differs from what
/// its userland's shell would decide: `None` leaves the decision to [`Program::classify`].
/// `argv` is the full command line (entrypoint then cmd); `cmd` the part after the entrypoint.
pub fn start(
    image: &ImageConfig,
    cmd: &[String],
    env: &[String],
    open_stdin: bool,
    now: Timestamp,
) -> Option<Program> {
    let first = cmd.first().map(String::as_str).unwrap_or("");
    let is_set = |name: &str| {
        env.iter()
            .rev()
            .find_map(|v| v.strip_prefix(name).and_then(|r| r.strip_prefix('=')))
            .or_else(|| image.env_value(name))
            .is_some_and(|v| !v.is_empty())
    };
    let exit = |exit_code: i32, output: Vec<String>| Some(Program::OneShot { exit_code, output });
    match image.program.as_str() {
        // FROM scratch with one static binary: nothing else to run.
        "hello-world" => {
            if first == "/hello" {
                exit(0, HELLO_WORLD.iter().map(|l| l.to_string()).collect())
            } else {
                Some(Program::NotFound(first.to_string()))
            }
        }
        // `docker-entrypoint.sh`: an option first means `postgres` with that option.
        "postgres" if first == "postgres" || first.starts_with('-') => {
            let trust = env
                .iter()
                .rev()
                .find_map(|v| v.strip_prefix("POSTGRES_HOST_AUTH_METHOD="))
                .is_some_and(|m| m == "trust");
            if is_set("POSTGRES_PASSWORD") || trust {
                return None;
            }
            exit(
                1,
                POSTGRES_NO_PASSWORD.iter().map(|l| l.to_string()).collect(),
            )
        }
        // docker-nginx's `docker-entrypoint.sh`: with `nginx` first it runs its configuration
        // scripts (their log lines, unless NGINX_ENTRYPOINT_QUIET_LOGS is set), then `exec
        // "$@"`: `nginx -v` prints the version (nginx `src/core/nginx.c`,
        // `ngx_show_version_info`: `nginx version: ` NGINX_VER) and exits 0.
        "nginx"
            if matches!(first, "nginx" | "nginx-debug")
                && cmd.get(1..).is_some_and(|rest| rest == ["-v"]) =>
        {
            let mut lines: Vec<String> = if is_set("NGINX_ENTRYPOINT_QUIET_LOGS") {
                Vec::new()
            } else {
                super::startup_log("nginx", now, None)
                    .into_iter()
                    .take_while(|l| !l.contains(" [notice] "))
                    .collect()
            };
            let (version, _) = super::nginx_build(Some(image));
            lines.push(format!("nginx version: nginx/{version}"));
            exit(0, lines)
        }
        // The same script's `exec "$@"` (line 47) with a command the image lacks, or an
        // option (nginx's entrypoint does not prepend `nginx` to one): the shell's own
        // error, 127. dash in the Debian image (`/docker-entrypoint.sh: 47: exec: bash: not
        // found`), busybox ash in the Alpine one (`… exec: line 47: bash: not found`).
        "nginx"
            if !first.is_empty()
                && image
                    .entrypoint
                    .first()
                    .is_some_and(|e| e == "/docker-entrypoint.sh")
                && (first.starts_with('-')
                    || !crate::engine::docker::image_tools::image_has(
                        image.userland,
                        &image.program,
                        "",
                        first.rsplit('/').next().unwrap_or(first),
                    )) =>
        {
            let line = if image.userland == super::Userland::Alpine {
                format!("/docker-entrypoint.sh: exec: line 47: {first}: not found")
            } else {
                format!("/docker-entrypoint.sh: 47: exec: {first}: not found")
            };
            exit(127, vec![line])
        }
        "mysql" if first == "mysqld" || first.starts_with('-') => {
            if [
                "MYSQL_ROOT_PASSWORD",
                "MYSQL_ALLOW_EMPTY_PASSWORD",
                "MYSQL_RANDOM_ROOT_PASSWORD",
            ]
            .iter()
            .any(|v| is_set(v))
            {
                return None;
            }
            let version = image.env_value("MYSQL_VERSION").unwrap_or("9.7.1-1.el9");
            let started = format!("Entrypoint script for MySQL Server {version} started.");
            exit(1, refused(now, &started, MYSQL_NO_PASSWORD))
        }
        "mariadb" if ["mariadbd", "mysqld"].contains(&first) || first.starts_with('-') => {
            // `_mariadb_file_env` takes each `MYSQL_` variable as its `MARIADB_` twin.
            let any = [
                "ROOT_PASSWORD",
                "ROOT_PASSWORD_HASH",
                "ALLOW_EMPTY_ROOT_PASSWORD",
                "RANDOM_ROOT_PASSWORD",
            ]
            .iter()
            .any(|v| is_set(&["MARIADB_", v].concat()) || is_set(&["MYSQL_", v].concat()))
                || is_set("MYSQL_ALLOW_EMPTY_PASSWORD");
            if any {
                return None;
            }
            let version = image
                .env_value("MARIADB_VERSION")
                .unwrap_or("1:12.3.2+maria~ubu2404");
            let started = format!("Entrypoint script for MariaDB Server {version} started.");
            exit(1, refused(now, &started, MARIADB_NO_PASSWORD))
        }
        // `memcached -h`/`-V` (`docker run --rm memcached -h`: the entrypoint puts
        // `memcached` before an option): its usage or version, then it exits.
        "memcached" => {
            let args = if first == "memcached" {
                cmd.get(1..).unwrap_or_default()
            } else {
                cmd
            };
            match args.first().map(String::as_str) {
                Some("-h" | "--help") => exit(
                    0,
                    super::memcached_usage::USAGE
                        .iter()
                        .map(|l| l.to_string())
                        .collect(),
                ),
                Some("-V" | "--version") => {
                    exit(0, vec![super::memcached_usage::VERSION.to_string()])
                }
                _ => None,
            }
        }
        program => {
            // A language runtime's REPL, run as the image's own command.
            let runtime = official::repository(program).is_some_and(|r| r.kind == Kind::Runtime);
            // Only the interpreter alone: `node src/index.js` runs a program, not the REPL.
            let own = image.cmd.first().is_some_and(|c| c == first) && cmd.len() == 1;
            if runtime && own && REPLS.contains(&first) {
                Some(if open_stdin {
                    Program::Daemonless
                } else {
                    Program::OneShot {
                        exit_code: 0,
                        output: Vec::new(),
                    }
                })
            } else {
                None
            }
        }
    }
}

/// The entrypoint's notes, then its error, as `mysql_log` prints them: `date --rfc-3339=seconds`,
/// the type, `[Entrypoint]:`. As root, the script notes its start, re-executes itself as
/// `mysql` (`gosu`) and starts again before it checks the password.
fn refused(now: Timestamp, started: &str, error: &[&str]) -> Vec<String> {
    let (y, mo, d, h, mi, s) = now.civil();
    let date = format!("{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}:{s:02}+00:00");
    let note = |text: &str| format!("{date} [Note] [Entrypoint]: {text}");
    let mut lines = vec![
        note(started),
        note("Switching to dedicated user 'mysql'"),
        note(started),
    ];
    let mut error = error.iter();
    if let Some(first) = error.next() {
        lines.push(format!("{date} [ERROR] [Entrypoint]: {first}"));
    }
    lines.extend(error.map(|l| l.to_string()));
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::docker::image::{find, ImageRef};

    fn config(reference: &str) -> ImageConfig {
        let r: ImageRef = reference.parse().unwrap();
        find(&r).unwrap().config
    }

    fn run(reference: &str, env: &[&str], open_stdin: bool) -> Option<Program> {
        let image = config(reference);
        let env: Vec<String> = env.iter().map(|s| s.to_string()).collect();
        start(&image, &image.cmd.clone(), &env, open_stdin, Timestamp(0))
    }

    fn code(p: Option<Program>) -> Option<i32> {
        match p {
            Some(Program::OneShot { exit_code, .. }) => Some(exit_code),
            _ => None,
        }
    }

    #[test]
    fn database_images_need_their_password() {
        assert_eq!(code(run("postgres", &[], false)), Some(1));
        assert_eq!(run("postgres", &["POSTGRES_PASSWORD=x"], false), None);
        assert_eq!(
            run("postgres", &["POSTGRES_HOST_AUTH_METHOD=trust"], false),
            None
        );
        assert_eq!(
            code(run("postgres:16-alpine", &["POSTGRES_PASSWORD="], false)),
            Some(1)
        );
        assert_eq!(code(run("mysql", &[], false)), Some(1));
        assert_eq!(run("mysql", &["MYSQL_ROOT_PASSWORD=x"], false), None);
        assert_eq!(code(run("mariadb", &[], false)), Some(1));
        assert_eq!(run("mariadb", &["MYSQL_ROOT_PASSWORD=x"], false), None);
        assert_eq!(
            run("mariadb", &["MARIADB_RANDOM_ROOT_PASSWORD=1"], false),
            None
        );
    }

    #[test]
    fn runtimes_end_at_once_without_a_terminal() {
        assert_eq!(code(run("python:3.12", &[], false)), Some(0));
        assert_eq!(run("python", &[], true), Some(Program::Daemonless));
        assert_eq!(code(run("node", &[], false)), Some(0));
        assert_eq!(code(run("hello-world", &[], false)), Some(0));
        assert_eq!(run("debian", &[], false), None);
    }
}
