//! The shell at a host's prompt: root's bash on a Linux host (and the users `su` switches
//! to, refused what they may not do in the tools' words), which hands a line to Windows'
//! `cmd` on a Windows host and to the laptop's bash on a Mac, each with its own tools.

use crate::cli::dispatch::{execute_as, parse_words};
use crate::cli::shells::{cmd as windows, laptop};
use crate::cli::tools::users;
use crate::cli::Output;
use crate::engine::World;

/// The prompt of a host's own shell: root's bash on Linux, the administrator's cmd on Windows.
pub fn host_prompt(world: &World, host: &str) -> String {
    match world.host(host) {
        Ok(h) if h.os == crate::engine::lab::hosts::Os::Windows => windows::host_prompt(host),
        Ok(h) if h.os == crate::engine::lab::hosts::Os::MacOs => laptop::laptop_prompt(host),
        Ok(h) if h.vm.is_some() => laptop::vm_prompt(host),
        // Not a server of the data center: the learner's own machine, its client set up
        // for sdc-docker.
        _ if world.triton(host).is_some() => {
            format!("{}@{host}:~$ ", crate::engine::platforms::triton::ACCOUNT)
        }
        _ => format!("root@{host}:~# "),
    }
}

/// A command typed by `user` (`None`: root) at a host's prompt, its words already expanded:
/// what that user may not do is refused first, in the tools' words; `su` switches users.
pub fn run_words_as(world: &mut World, host: &str, user: Option<&str>, words: &[String]) -> Output {
    if let Some(program) = words.first().map(String::as_str) {
        if matches!(program, "su" | "login") {
            let args: Vec<&str> = words.iter().skip(1).map(String::as_str).collect();
            return users::su(world, host, user, &args);
        }
    }
    if let Some(u) = user.filter(|u| *u != "root") {
        if let Some(refusal) = users::refused_for(world, host, u, words) {
            return refusal;
        }
    }
    run_words_for(world, host, user.unwrap_or("root"), words)
}

/// Runs one command's words, typed by `user`.
fn run_words_for(world: &mut World, host: &str, user: &str, words: &[String]) -> Output {
    if words.is_empty() {
        return Output::default();
    }
    // A Windows host's cmd has its own tools, and none of Linux's.
    if world
        .host(host)
        .is_ok_and(|h| h.os == crate::engine::lab::hosts::Os::Windows)
    {
        if let Some(o) = windows::host_tool(world, host, words) {
            return o;
        }
    }
    // A Mac's bash has the docker client and a few tools, and none of Linux's.
    if world
        .host(host)
        .is_ok_and(|h| h.os == crate::engine::lab::hosts::Os::MacOs)
    {
        if let Some(program) = words.first().filter(|p| !laptop::laptop_has(p)) {
            return laptop::not_found(program);
        }
    }
    match parse_words(words) {
        Ok(command) => execute_as(command, world, host, user),
        Err(usage) => usage,
    }
}
