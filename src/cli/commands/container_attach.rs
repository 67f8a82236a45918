//! `docker attach`: connects the terminal to a container's main process. Berth can attach to
//! a shell started with `-it` (`docker run -dit alpine ash`); leaving it with `exit` stops the
//! container, as on a real host (docker/cli `attach.go`).

use crate::cli::flags::{Flag, Spec};
use crate::cli::{exact_args, parse_flags, Docker, EnterShell, Output};
use crate::engine::docker::caller::Caller;
use crate::engine::World;

pub const SPEC: Spec = Spec {
    path: "docker attach",
    use_line: "docker attach [OPTIONS] CONTAINER",
    description: "Attach local standard input, output, and error streams to a running container",
    aliases: "docker container attach, docker attach",
    flags: &[
        Flag::value(
            "detach-keys",
            None,
            "string",
            "Override the key sequence for detaching a container",
        )
        .not_simulated(),
        Flag::bool("no-stdin", None, "Do not attach STDIN").not_simulated(),
        Flag::bool(
            "sig-proxy",
            None,
            "Proxy all received signals to the process",
        )
        .with_default("true")
        .not_simulated(),
    ],
    interspersed: true,
    excluded: &[],
};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContainerAttach {
    pub container: String,
}

pub fn parse(words: &[String]) -> Result<Docker, Output> {
    let Some(parsed) = parse_flags(&SPEC, words)? else {
        return Ok(Docker::Help(&SPEC));
    };
    let [container] = parsed.args.as_slice() else {
        return Err(exact_args(&SPEC, 1));
    };
    Ok(Docker::ContainerAttach(ContainerAttach {
        container: container.clone(),
    }))
}

impl ContainerAttach {
    pub fn execute(self, world: &mut World, host: &str, caller: &Caller) -> Output {
        let container = match world.container_attach(host, caller, &self.container) {
            Ok(c) => c,
            Err(e) => return Output::failed(super::daemon_error(&e), 1),
        };
        // docker/cli checks these itself, so the messages carry no daemon prefix.
        if !container.is_running() {
            return Output::failed("cannot attach to a stopped container, start it first", 1);
        }
        if container.is_paused() {
            return Output::failed("cannot attach to a paused container, unpause it first", 1);
        }
        let Some(shell) = container.runs_interactive_shell() else {
            return Output::failed(
                format!(
                    "berth: attaching to {}'s main process ({}) is not simulated yet: only shells started with -it can be attached. Try `docker logs {}` or `docker exec -it {} sh`.",
                    container.name,
                    container.command_line(),
                    self.container,
                    self.container
                ),
                1,
            );
        };
        let userland = world.image_entry(container).map(|e| e.userland);
        let prompt = match (userland, container.tty) {
            (Some(u), true) => crate::cli::render::prompt::container(
                u,
                shell,
                &container.hostname,
                Some(container.user.as_str()).filter(|u| !u.is_empty()),
            ),
            _ => String::new(),
        };
        Output {
            enter_shell: Some(Box::new(EnterShell {
                container_id: container.id.clone(),
                shell: shell.to_string(),
                main_process: true,
                prompt,
                user: None,
                workdir: None,
            })),
            ..Output::default()
        }
    }
}
