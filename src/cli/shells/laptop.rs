//! The Mac laptop's bash (OS X, the boot2docker era): its prompt, the few programs it has
//! (the docker client, `docker-machine`, `VBoxManage`, `curl`), and bash's `command not
//! found` for the Linux tools it lacks; and the prompt of a boot2docker VM reached by
//! `docker-machine ssh`.

use crate::cli::Output;

/// The laptop's prompt: bash on OS X, as the era's Terminal showed it.
pub fn laptop_prompt(host: &str) -> String {
    format!("{host}:~ learner$ ")
}

/// A boot2docker VM's prompt.
pub fn vm_prompt(host: &str) -> String {
    format!("docker@{host}:~$ ")
}

/// What a Mac's bash runs; everything else is not found there.
pub fn laptop_has(program: &str) -> bool {
    matches!(
        program,
        "docker"
            | "docker-machine"
            | "VBoxManage"
            | "vboxmanage"
            | "curl"
            | "eval"
            | "export"
            | "unset"
            | "ssh"
            | "exit"
            | "logout"
            | "host"
            | "trace"
            | "help"
            | "clear"
            | "hostname"
            | "sleep"
    )
}

/// bash's answer on the laptop to a Linux tool.
pub fn not_found(program: &str) -> Output {
    Output::failed(format!("-bash: {program}: command not found"), 127)
}
