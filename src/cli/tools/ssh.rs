//! `ssh [USER@]HOST` and `exit`/`logout` at a host's prompt, with OpenSSH's texts: the
//! session opens or closes the shell; the messages it prints when a connection closes or is
//! lost are here too.

use crate::cli::Output;
use crate::engine::docker::ports::Proto;
use crate::engine::Backend;
use crate::engine::World;

/// `ssh [USER@]HOST`: a shell on another host, if the underlay lets port 22 through.
pub fn ssh(world: &World, from: &str, args: &[String]) -> Output {
    let targets: Vec<&str> = args
        .iter()
        .map(String::as_str)
        .filter(|a| !a.starts_with('-'))
        .collect();
    let [target] = targets.as_slice() else {
        return Output::failed(
            "usage: ssh [-46AaCfGgKkMNnqsTtVvXxYy] [-B bind_interface] [-b bind_address]\n           [-c cipher_spec] [-D [bind_address:]port] [-E log_file]\n           [-e escape_char] [-F configfile] [-I pkcs11] [-i identity_file]\n           [-J destination] [-L address] [-l login_name] [-m mac_spec]\n           [-O ctl_cmd] [-o option] [-P tag] [-p port] [-R address]\n           [-S ctl_path] [-W host:port] [-w local_tun[:remote_tun]]\n           destination [command [argument ...]]",
            255,
        );
    };
    let name = target.rsplit('@').next().unwrap_or(target);
    // A docker-machine VM is only on its laptop's host-only network.
    let Some(h) = world
        .host_lookup(name)
        .filter(|h| h.name == from || h.machine.vm.as_ref().is_none_or(|vm| vm.laptop == from))
    else {
        return Output::failed(
            format!("ssh: Could not resolve hostname {name}: Name or service not known"),
            255,
        );
    };
    if h.name != from {
        if !h.machine.running {
            return Output::failed(
                format!("ssh: connect to host {name} port 22: No route to host"),
                255,
            );
        }
        if !h.firewall_allows(Proto::Tcp, 22) {
            return Output::failed(
                format!("ssh: connect to host {name} port 22: Connection timed out"),
                255,
            );
        }
    }
    Output {
        enter_host: Some(h.name.clone()),
        ..Output::default()
    }
}

/// `exit` or `logout` in a host's shell: bash says `logout`, then the session closes it.
pub fn exit(world: &World, host: &str) -> Output {
    let mut o = Output::default();
    // A login bash says so; Windows' cmd leaves without a word.
    if world.host(host).map(|h| h.backend) != Ok(Backend::Windows) {
        o.out("logout");
    }
    o.exit_shell = true;
    o
}

/// What ssh prints once the remote shell has ended.
pub fn connection_closed(host: &str) -> String {
    format!("Connection to {host} closed.")
}

/// What ssh prints when the remote host goes away under it.
pub fn connection_lost(host: &str) -> String {
    format!("Connection to {host} closed by remote host.")
}

/// `exit` in the terminal's first shell: there is nowhere to go back to.
pub fn first_shell() -> Output {
    Output::failed(
        "berth: this is the terminal's first shell, so it stays open. (`ssh HOST` opens a shell on another host; `exit` leaves it.)",
        1,
    )
}

/// Why the terminal's first host cannot be stopped or removed from itself.
pub fn first_host_busy(host: &str) -> Output {
    Output::failed(
        format!("berth: the terminal's first shell runs on {host}, so {host} cannot be stopped or removed from here."),
        1,
    )
}
