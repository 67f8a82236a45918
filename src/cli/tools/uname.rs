//! `uname`: GNU coreutils' (`src/uname.c`) and busybox's (`coreutils/uname.c`), over the
//! kernel a container shares with its host.
//!
//! A container has no kernel of its own: `uname -r` and `-v` print the host's, `-n` the
//! container's hostname. The lab hosts are Ubuntu 24.04.3 servers on Ubuntu's 6.8.0-88
//! kernel (`docker info`'s `Kernel Version: 6.8.0-88-generic`), whose build string is
//! `#89-Ubuntu SMP PREEMPT_DYNAMIC Sat Oct 11 01:02:46 UTC 2025`.
//!
//! The fields print in one order whatever the order of the options: kernel name, node name,
//! release, version, machine, processor, hardware platform, operating system. No option is
//! `-s`. `-a` leaves out the processor and the hardware platform where they are `unknown`:
//! upstream coreutils (Debian's) and busybox know neither, Ubuntu's and Fedora's patched
//! coreutils answer the machine for both (`x86_64 x86_64 x86_64 GNU/Linux`). The operating
//! system is `GNU/Linux` for coreutils, `Linux` for busybox. Not simulated: `--help`,
//! `--version`.

use crate::cli::output::Output;

/// Whose `uname` runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flavor {
    /// busybox's applet (Alpine, busybox).
    Busybox,
    /// Upstream coreutils, as Debian ships it: processor and platform `unknown`.
    Coreutils,
    /// coreutils with Ubuntu's and Fedora's patch: processor and platform are the machine.
    CoreutilsPatched,
}

/// The kernel's release and build string for the kernel version Berth keeps (`6.8.0`).
pub fn kernel(version: &str) -> (String, &'static str) {
    match version {
        "6.8.0" => (
            "6.8.0-88-generic".to_string(),
            "#89-Ubuntu SMP PREEMPT_DYNAMIC Sat Oct 11 01:02:46 UTC 2025",
        ),
        // A lesson's older kernel: its release as the lesson names it.
        other => (other.to_string(), "#1 SMP"),
    }
}

/// Runs `uname ARGS` on the kernel `version` for a system named `nodename`.
pub fn run(args: &[&str], flavor: Flavor, nodename: &str, version: &str) -> Output {
    // Bits in the fields' printing order.
    const S: u8 = 1;
    const N: u8 = 2;
    const R: u8 = 4;
    const V: u8 = 8;
    const M: u8 = 16;
    const P: u8 = 32;
    const I: u8 = 64;
    const O: u8 = 128;
    let mut wanted = 0u8;
    let mut all = false;
    for arg in args {
        let bits = match *arg {
            "--all" => {
                all = true;
                0
            }
            // The end of the options.
            "--" => 0,
            "--kernel-name" | "--sysname" => S,
            "--nodename" => N,
            "--kernel-release" | "--release" => R,
            "--kernel-version" => V,
            "--machine" => M,
            "--processor" => P,
            "--hardware-platform" => I,
            "--operating-system" => O,
            short if short.starts_with('-') && !short.starts_with("--") && short.len() > 1 => {
                let mut bits = 0;
                for c in short.chars().skip(1) {
                    bits |= match c {
                        'a' => {
                            all = true;
                            0
                        }
                        's' => S,
                        'n' => N,
                        'r' => R,
                        'v' => V,
                        'm' => M,
                        'p' => P,
                        'i' => I,
                        'o' => O,
                        other => return invalid(flavor, &format!("invalid option -- '{other}'")),
                    };
                }
                bits
            }
            long if long.starts_with("--") => {
                return invalid(flavor, &format!("unrecognized option '{long}'"))
            }
            extra => {
                // GNU: `uname: extra operand 'x'`; busybox ignores operands.
                if flavor == Flavor::Busybox {
                    0
                } else {
                    return invalid(flavor, &format!("extra operand '{extra}'"));
                }
            }
        };
        wanted |= bits;
    }
    let (release, build) = kernel(version);
    let patched = flavor == Flavor::CoreutilsPatched;
    let unknown = if patched { "x86_64" } else { "unknown" };
    let os = if flavor == Flavor::Busybox {
        "Linux"
    } else {
        "GNU/Linux"
    };
    if all {
        wanted |= S | N | R | V | M | O;
        if patched {
            wanted |= P | I;
        }
    }
    if wanted == 0 {
        wanted = S;
    }
    let fields: [(u8, &str); 8] = [
        (S, "Linux"),
        (N, nodename),
        (R, &release),
        (V, build),
        (M, "x86_64"),
        (P, unknown),
        (I, unknown),
        (O, os),
    ];
    let line: Vec<&str> = fields
        .iter()
        .filter(|(bit, _)| wanted & bit != 0)
        .map(|(_, text)| *text)
        .collect();
    let mut o = Output::default();
    o.out(line.join(" "));
    o
}

/// An option `uname` does not know: coreutils' two lines (`Try 'uname --help'…`), or
/// busybox's first line (its usage text is not simulated).
fn invalid(flavor: Flavor, what: &str) -> Output {
    let mut o = Output::failed(format!("uname: {what}"), 1);
    if flavor != Flavor::Busybox {
        o.err("Try 'uname --help' for more information.");
    }
    o
}

#[cfg(test)]
mod tests {
    use super::*;

    fn out(args: &[&str], flavor: Flavor) -> String {
        let o = run(args, flavor, "web", "6.8.0");
        let lines: Vec<String> = o.lines.iter().map(|l| format!("{}\n", l.text)).collect();
        lines.concat()
    }

    #[test]
    fn the_fields_follow_the_flavor() {
        assert_eq!(out(&[], Flavor::Busybox), "Linux\n");
        assert_eq!(
            out(&["-a"], Flavor::CoreutilsPatched),
            "Linux web 6.8.0-88-generic #89-Ubuntu SMP PREEMPT_DYNAMIC Sat Oct 11 01:02:46 UTC 2025 x86_64 x86_64 x86_64 GNU/Linux\n"
        );
        assert_eq!(
            out(&["-a"], Flavor::Busybox),
            "Linux web 6.8.0-88-generic #89-Ubuntu SMP PREEMPT_DYNAMIC Sat Oct 11 01:02:46 UTC 2025 x86_64 Linux\n"
        );
        assert_eq!(out(&["-rs"], Flavor::Coreutils), "Linux 6.8.0-88-generic\n");
        assert_eq!(out(&["-p"], Flavor::Coreutils), "unknown\n");
        assert_eq!(out(&["-o", "-m"], Flavor::Coreutils), "x86_64 GNU/Linux\n");
        let bad = run(&["-z"], Flavor::Coreutils, "web", "6.8.0");
        assert_eq!(bad.exit_code, 1);
    }
}
