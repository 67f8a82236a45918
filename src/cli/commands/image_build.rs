//! `docker build` (`docker image build`, `docker buildx build`): in Docker 29 the client is
//! buildx with the `docker` driver (docker/buildx `commands/build.go`), which sends the
//! Dockerfile and the context folder to the daemon's BuildKit and prints its progress.
//!
//! The context is a folder of the host's files (relative paths start at the shell's working
//! directory). The progress is the TTY display's final frame unless `--progress=plain`; `-q`
//! prints only the image ID. `RUN` steps run in the build container through the same shell
//! front-end as `docker exec`. Not simulated: remote contexts (Git, URL, `-` for stdin), and
//! the flags marked so below.

use std::collections::BTreeMap;

use crate::cli::flags::{Flag, Spec};
use crate::cli::render::build::{self as progress, Mode};
use crate::cli::{exact_args, parse_flags, Docker, Output};
use crate::engine::docker::build::{BuildError, BuildRequest, RunOutcome, RunRequest, RunStep};
use crate::engine::docker::caller::Caller;
use crate::engine::{ImageRef, World};

pub const SPEC: Spec = Spec {
    path: "docker buildx build",
    use_line: "docker buildx build [OPTIONS] PATH | URL | -",
    description: "Start a build",
    aliases: "docker buildx build, docker buildx b",
    flags: &[
        Flag::value("add-host", None, "strings", "Add a custom host-to-IP mapping (format: \"host:ip\")").not_simulated(),
        Flag::value("allow", None, "stringArray", "Allow extra privileged entitlement (e.g., \"network.host\", \"security.insecure\", \"device\", \"buildx.local.delete\")").not_simulated(),
        Flag::value("annotation", None, "stringArray", "Add annotation to the image").not_simulated(),
        Flag::value("attest", None, "stringArray", "Attestation parameters (format: \"type=sbom,generator=image\")").not_simulated(),
        Flag::value("build-arg", None, "stringArray", "Set build-time variables"),
        Flag::value("build-context", None, "stringArray", "Additional build contexts (e.g., name=path)").not_simulated(),
        Flag::value("builder", None, "string", "Override the configured builder instance").not_simulated(),
        Flag::value("cache-from", None, "stringArray", "External cache sources (e.g., \"user/app:cache\", \"type=local,src=path/to/dir\")").not_simulated(),
        Flag::value("cache-to", None, "stringArray", "Cache export destinations (e.g., \"user/app:cache\", \"type=local,dest=path/to/dir\")").not_simulated(),
        Flag::value("call", None, "string", "Set method for evaluating build (\"check\", \"outline\", \"targets\")").with_default("build").not_simulated(),
        Flag::value("cgroup-parent", None, "string", "Set the parent cgroup for the \"RUN\" instructions during build").not_simulated(),
        Flag::bool("check", None, "Shorthand for \"--call=check\"").not_simulated(),
        Flag::bool("debug", Some('D'), "Enable debug logging").not_simulated(),
        Flag::value("file", Some('f'), "string", "Name of the Dockerfile (default: \"PATH/Dockerfile\")"),
        Flag::value("iidfile", None, "string", "Write the image ID to a file").not_simulated(),
        Flag::value("label", None, "stringArray", "Set metadata for an image").not_simulated(),
        Flag::bool("load", None, "Shorthand for \"--output=type=docker\""),
        Flag::value("metadata-file", None, "string", "Write build result metadata to a file").not_simulated(),
        Flag::value("network", None, "string", "Set the networking mode for the \"RUN\" instructions during build").with_default("default").not_simulated(),
        Flag::bool("no-cache", None, "Do not use cache when building the image"),
        Flag::value("no-cache-filter", None, "stringArray", "Do not cache specified stages").not_simulated(),
        Flag::value("output", Some('o'), "stringArray", "Output destination (format: \"type=local,dest=path\")").not_simulated(),
        Flag::value("platform", None, "stringArray", "Set target platform for build").not_simulated(),
        Flag::value("progress", None, "string", "Set type of progress output (\"auto\", \"none\",  \"plain\", \"quiet\", \"rawjson\", \"tty\"). Use plain to show container output").with_default("auto"),
        Flag::value("provenance", None, "string", "Shorthand for \"--attest=type=provenance\"").not_simulated(),
        Flag::bool("pull", None, "Always attempt to pull all referenced images"),
        Flag::bool("push", None, "Shorthand for \"--output=type=registry,unpack=false\"").not_simulated(),
        Flag::bool("quiet", Some('q'), "Suppress the build output and print image ID on success"),
        Flag::value("sbom", None, "string", "Shorthand for \"--attest=type=sbom\"").not_simulated(),
        Flag::value("secret", None, "stringArray", "Secret to expose to the build (format: \"id=mysecret[,src=/local/secret]\")").not_simulated(),
        Flag::value("shm-size", None, "bytes", "Shared memory size for build containers").not_simulated(),
        Flag::value("ssh", None, "stringArray", "SSH agent socket or keys to expose to the build (format: \"default|<id>[=<socket>|<key>[,<key>]]\")").not_simulated(),
        Flag::value("tag", Some('t'), "stringArray", "Image identifier (format: \"[registry/]repository[:tag]\")"),
        Flag::value("target", None, "string", "Set the target build stage to build"),
        Flag::value("ulimit", None, "ulimit", "Ulimit options").not_simulated(),
        // The classic builder's flags buildx still accepts and ignores.
        Flag::bool("rm", None, "Remove intermediate containers after a successful build").with_default("true").hidden(),
        Flag::bool("force-rm", None, "Always remove intermediate containers").hidden(),
    ],
    interspersed: true,
    excluded: &[],
};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageBuild {
    pub context: String,
    pub file: Option<String>,
    pub tags: Vec<String>,
    pub build_args: Vec<String>,
    pub target: Option<String>,
    pub no_cache: bool,
    pub quiet: bool,
    pub progress: String,
}

pub fn parse(words: &[String]) -> Result<Docker, Output> {
    let Some(parsed) = parse_flags(&SPEC, words)? else {
        return Ok(Docker::Help(&SPEC));
    };
    // docker/buildx `commands/build.go`: `cli.ExactArgs(1)`.
    let [context] = parsed.args.as_slice() else {
        return Err(exact_args(&SPEC, 1));
    };
    if let Some(flag) = parsed.unsimulated(&SPEC) {
        return Err(Output::failed(
            format!(
                "berth: docker build {} is not simulated; try -t, -f, --build-arg, --target, --no-cache, --progress=plain or -q",
                flag.display_name()
            ),
            1,
        ));
    }
    Ok(Docker::ImageBuild(ImageBuild {
        context: context.clone(),
        file: parsed.value("file").map(str::to_string),
        tags: parsed.values.get("tag").cloned().unwrap_or_default(),
        build_args: parsed.values.get("build-arg").cloned().unwrap_or_default(),
        target: parsed.value("target").map(str::to_string),
        no_cache: parsed.is_set("no-cache"),
        quiet: parsed.is_set("quiet"),
        progress: parsed.value("progress").unwrap_or("auto").to_string(),
    }))
}

/// Where a relative path starts: the shell's working directory, else the user's home.
fn home(caller: &Caller) -> String {
    if let Some(dir) = crate::cli::dispatch::client_dir() {
        return dir;
    }
    match caller.user.as_str() {
        "" | "root" => "/root".into(),
        user => format!("/home/{user}"),
    }
}

fn absolute(base: &str, path: &str) -> String {
    crate::engine::fs::resolve(base, path)
}

/// Whether `dir` is a folder of the host's files: it holds at least one file.
fn is_folder(world: &World, host: &str, dir: &str) -> bool {
    let prefix = if dir == "/" {
        "/".to_string()
    } else {
        format!("{dir}/")
    };
    world
        .host(host)
        .is_ok_and(|h| h.machine.files.paths().any(|p| p.starts_with(&prefix)))
}

/// `RUN` in the build container, through the shell front-end `docker exec` uses.
struct ShellRun;

impl RunStep for ShellRun {
    fn run(&mut self, world: &mut World, host: &str, request: &RunRequest) -> RunOutcome {
        let id = match world.build_container_open(host, request) {
            Ok(id) => id,
            Err(e) => {
                return RunOutcome {
                    output: vec![e.to_string()],
                    exit_code: 1,
                    files: request.files.clone(),
                }
            }
        };
        // The shell form is `/bin/sh -c SCRIPT`; the exec form runs its words as they are.
        let script = match request.argv.as_slice() {
            [sh, c, script] if c == "-c" && sh.ends_with("sh") => script.clone(),
            words => words
                .iter()
                .map(|w| format!("'{}'", w.replace('\'', "'\\''")))
                .collect::<Vec<_>>()
                .join(" "),
        };
        let user = (!request.user.is_empty()).then_some(request.user.as_str());
        let out = match crate::cli::sh::parse::parse(&script) {
            Ok(parsed) => crate::cli::sh::exec::exec_script(
                world, host, &id, "sh", user, &request.env, &parsed,
            ),
            Err(_) => Output::failed(format!("/bin/sh: syntax error: {script}"), 2),
        };
        let files = world.build_container_close(host, &id);
        RunOutcome {
            output: out.lines.into_iter().map(|l| l.text).collect(),
            exit_code: out.exit_code,
            files,
        }
    }
}

impl ImageBuild {
    pub fn execute(self, world: &mut World, host: &str, caller: &Caller) -> Output {
        let mode = match self.progress.as_str() {
            "plain" => Some(Mode::Plain),
            "auto" | "tty" => Some(Mode::Tty),
            "quiet" | "none" => None,
            other => {
                // docker/buildx `util/progress/printer.go`.
                return Output::failed(format!("ERROR: invalid progress mode {other}"), 1);
            }
        };
        let mode = if self.quiet { None } else { mode };
        let mut o = Output::default();
        let mut tags = Vec::new();
        for tag in &self.tags {
            match tag.parse::<ImageRef>() {
                Ok(r) => tags.push(r),
                Err(e) => {
                    // docker/buildx `build/opt.go` `toSolveOpt`: the tag is checked first.
                    if let Some(Mode::Tty) = mode {
                        o.err(progress::tty(&[], None).join("\n"));
                    }
                    o.err(format!("ERROR: failed to build: invalid tag {tag:?}: {e}"));
                    o.exit_code = 1;
                    return o;
                }
            }
        }
        let context_dir = absolute(&home(caller), &self.context);
        if !is_folder(world, host, &context_dir) {
            if let Some(Mode::Tty) = mode {
                o.err(progress::tty(&[], None).join("\n"));
            }
            // docker/buildx `build/opt.go`.
            o.err(format!(
                "ERROR: failed to build: unable to prepare context: path {:?} not found",
                self.context
            ));
            o.exit_code = 1;
            return o;
        }
        let dockerfile = match &self.file {
            Some(f) => absolute(&home(caller), f),
            None => format!("{context_dir}/Dockerfile"),
        };
        let mut build_args = BTreeMap::new();
        for arg in &self.build_args {
            match arg.split_once('=') {
                Some((k, v)) => {
                    build_args.insert(k.to_string(), v.to_string());
                }
                None => {
                    // `--build-arg NAME`: the client's environment value, if any.
                    if let Some(v) = world
                        .host(host)
                        .ok()
                        .and_then(|h| h.machine.shell_env.get(arg).cloned())
                    {
                        build_args.insert(arg.clone(), v);
                    }
                }
            }
        }
        let request = BuildRequest {
            context_dir,
            dockerfile,
            tags,
            build_args,
            target: self.target.clone(),
            no_cache: self.no_cache,
        };
        match world.image_build(host, caller, &request, &mut ShellRun) {
            Ok(report) => {
                match mode {
                    Some(Mode::Tty) => o.err(progress::tty(&report.vertexes, None).join("\n")),
                    Some(Mode::Plain) => o.err(progress::plain(&report.vertexes, None).join("\n")),
                    None => {}
                }
                if mode.is_some() {
                    for line in progress::warnings(&report.vertexes) {
                        o.err(line);
                    }
                }
                if report.onbuild > 0 && mode.is_some() {
                    o.err("berth: ONBUILD is not simulated: a build FROM this image will not run its triggers; write those steps in that Dockerfile instead.");
                }
                if self.quiet {
                    o.out(format!("sha256:{}", report.image_id));
                }
                o
            }
            Err(failure) => {
                let message = failure.error.to_string();
                let vertex_error = Some(message.as_str());
                match mode {
                    Some(Mode::Tty) => {
                        o.err(progress::tty(&failure.vertexes, vertex_error).join("\n"))
                    }
                    Some(Mode::Plain) => {
                        o.err(progress::plain(&failure.vertexes, vertex_error).join("\n"))
                    }
                    None => {}
                }
                if mode.is_some() {
                    for line in progress::warnings(&failure.vertexes) {
                        o.err(line);
                    }
                }
                if let (Some((start, end)), Some(text)) =
                    (failure.error.lines(), failure.dockerfile.as_deref())
                {
                    for line in progress::source(&failure.dockerfile_name, text, start, end) {
                        o.err(line);
                    }
                }
                o.err(match &failure.error {
                    BuildError::TooLarge
                    | BuildError::TooManyInstructions
                    | BuildError::TooManyFiles
                    | BuildError::ImageFiles(_) => message,
                    e => progress::error_line(e),
                });
                o.exit_code = 1;
                o
            }
        }
    }
}
