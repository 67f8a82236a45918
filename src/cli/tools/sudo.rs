//! `sudo` on a Linux host: who may run what as root. The shell (`cli/shells/host.rs`, and the
//! front-end for a command reading standard input, `… | sudo tee FILE`) then runs the command
//! as the user this decides.
//!
//! Policy, as on the lab VMs Docker's guides use: root may run anything; a user whose shell
//! has the `sudo` group (Debian's `%sudo ALL=(ALL:ALL) ALL`, with `NOPASSWD` as cloud images
//! set it) is asked nothing; anyone else is asked for a password and refused with sudo's
//! own text. The shell's groups are those read at its login (`engine::security::users`):
//! `usermod -aG sudo alice` takes effect at alice's next login, as on a real host.
//!
//! Texts: sudo 1.9.17 `plugins/sudoers/logging.c` (`%s is not in the sudoers file.`),
//! `plugins/sudoers/check.c`'s prompt (`[sudo] password for %p: `), `src/parse_args.c`'s
//! usage. Not simulated: a sudoers file of one's own (`visudo`), `-l`, `-e`, `-g`, timestamps;
//! each says so.

use crate::cli::Output;
use crate::engine::World;

/// What `sudo …` comes to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Sudo {
    /// Run these words as this user (`None`: root).
    Run {
        user: Option<String>,
        words: Vec<String>,
    },
    /// A login shell as this user (`None`: root): `sudo -i`, `sudo -s`, `sudo su -`.
    Shell { user: Option<String> },
    /// Refused, or answered without running anything (`sudo -v`, the usage).
    Done(Output),
}

const USAGE: &str = "usage: sudo -h | -K | -k | -V\nusage: sudo -v [-ABkNnS] [-g group] [-h host] [-p prompt] [-u user]\nusage: sudo -l [-ABkNnS] [-g group] [-h host] [-p prompt] [-U user]\n            [-u user] [command [arg ...]]\nusage: sudo [-ABbEHkNnPS] [-r role] [-t type] [-C num] [-D directory]\n            [-g group] [-h host] [-p prompt] [-R directory] [-T timeout]\n            [-u user] [VAR=value] [-i | -s] [command [arg ...]]\nusage: sudo -e [-ABkNnS] [-r role] [-t type] [-C num] [-D directory]\n            [-g group] [-h host] [-p prompt] [-R directory] [-T timeout]\n            [-u user] file ...";

/// `sudo ARGS…` typed by `user` (`None`: root) on `host`.
pub fn sudo(world: &World, host: &str, user: Option<&str>, args: &[String]) -> Sudo {
    let mut target: Option<String> = None;
    let mut login = false;
    let mut rest = args;
    while let Some((first, tail)) = rest.split_first() {
        match first.as_str() {
            "-i" | "--login" | "-s" | "--shell" => login = true,
            "-E" | "-H" | "-n" | "-k" | "-S" | "--preserve-env" => {}
            "-u" | "--user" => {
                let Some((name, tail)) = tail.split_first() else {
                    return Sudo::Done(Output::failed(
                        format!("sudo: option requires an argument -- 'u'\n{USAGE}"),
                        1,
                    ));
                };
                target = Some(name.clone());
                rest = tail;
                continue;
            }
            "-h" | "--help" => {
                let mut o = Output::default();
                o.out(USAGE);
                return Sudo::Done(o);
            }
            f if f.starts_with('-') => {
                return Sudo::Done(Output::failed(
                    format!("berth: sudo {f} is not simulated; sudo COMMAND, sudo -u USER COMMAND, sudo -i and sudo -s are"),
                    1,
                ))
            }
            _ => break,
        }
        rest = tail;
    }
    // Who asks: root always may; others need the sudo group in their shell.
    if let Some(name) = user.filter(|u| *u != "root") {
        let allowed = world
            .host(host)
            .is_ok_and(|h| h.session_groups(name).contains("sudo"));
        if !allowed {
            return Sudo::Done(Output::failed(
                format!("[sudo] password for {name}: \n{name} is not in the sudoers file."),
                1,
            ));
        }
    }
    let as_user = target.filter(|t| t != "root");
    if let Some(t) = &as_user {
        let known = world
            .host(host)
            .is_ok_and(|h| h.machine.users.contains_key(t.as_str()));
        if !known {
            return Sudo::Done(Output::failed(format!("sudo: unknown user {t}"), 1));
        }
    }
    if rest.is_empty() {
        if login {
            return Sudo::Shell { user: as_user };
        }
        return Sudo::Done(Output::failed(USAGE, 1));
    }
    // `sudo su [-]`, `sudo bash`: a shell, the common ways to become root.
    let words: Vec<&str> = rest.iter().map(String::as_str).collect();
    match words.as_slice() {
        ["su"]
        | ["su", "-"]
        | ["su", "-l"]
        | ["su", "root"]
        | ["su", "-", "root"]
        | ["bash"]
        | ["sh"]
        | ["-i"] => return Sudo::Shell { user: as_user },
        _ => {}
    }
    Sudo::Run {
        user: as_user,
        words: rest.to_vec(),
    }
}
