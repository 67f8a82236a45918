//! The tools a shell offers, one file each (closely related verbs share one, as `users.rs`
//! does for `useradd`/`usermod`/`gpasswd`/`id`/`getent`). The shells (`cli/shells/`) decide
//! which tools they have and how they word a missing one; a tool never calls a shell, and
//! Docker's own commands (`cli/commands/`) call no tool (`tests/architecture.rs`).
//!
//! - The text tools learners pipe Docker's output into: `grep`, `wc`, `cat`, `head`, `tail`,
//!   `echo`, `sort`, `cut`, `tr`, `tee`, `xargs`, `true`, `false`, `uniq`, `seq`, `yes`,
//!   `basename`, `dirname`, `printf` (also the shells' builtin). Each is a function of
//!   (arguments, standard input, the files it may read and write) returning an [`Output`]:
//!   stdout lines, stderr lines and an exit status, so it works in a pipeline like any other
//!   command. Texts are GNU coreutils' and GNU grep's (a host's tools, and Debian's in a
//!   container) or busybox's (Alpine), as [`Flavor`] says.
//! - The network tools, their facts from the engine's `reach` and the host's namespace:
//!   `ping` (one implementation, three renderings) and busybox `traceroute`, `curl` (one for
//!   hosts and containers) and busybox `wget`, `ip` (a host's and a container's), `bridge`,
//!   `iptables`, `nslookup`, `dig`, Windows' `ipconfig`, Triton's `mdata-get` (`mdata.rs`),
//!   and the sockets' `netstat` (busybox), `ss` (iproute2) and `nc` (busybox, OpenBSD).
//! - The lab's commands, Berth's own words: `host`, `firewall`, `ssh`/`exit`, `trace`,
//!   `pipework`, `etcdctl`, `flanneld`, `dockerd --bip`, `weave`, `docker-machine` and
//!   `VBoxManage` (`docker_machine.rs`).
//! - The host's administration and security tools: `systemctl`/`service`/`journalctl`/
//!   `daemon-json` (`systemctl.rs`), `useradd` and friends (`users.rs`), `ufw` and
//!   `iptables … DOCKER-USER` (`ufw.rs`), `ps`/`tasklist`/`Get-Process` (`ps.rs`), `audit`
//!   (docker-bench-security), `versions`/`upgrade`/`exploit`/`isolation-matrix` (`cve.rs`),
//!   `twistcli`, `sleep`.
//! - The file tools, on the engine's layered view of a host's or a container's files
//!   (`fs.rs`: the [`fs::Fs`] they see, and [`fs::run`]): `ls`, `mkdir`, `touch`, `rm` and
//!   `rmdir` (`rm.rs`), `cp` and `mv` (`cp.rs`), `stat`, `find` and `du` (`find.rs`), and the
//!   working directory's `cd` (`cd.rs`), which the shell keeps.
//!
//! Not simulated: options not listed in each file (they answer with a `berth:` line), locales
//! (bytes and characters are the same), binary files, and `tail -f` (a simulated file never
//! grows while you watch).

pub mod apk;
pub mod apt;
pub mod audit;
pub mod basename;
pub mod bridge;
pub mod cat;
pub mod cd;
pub mod cp;
pub mod curl;
pub mod cut;
pub mod cve;
pub mod dig;
pub mod dnf;
pub mod docker_machine;
pub mod dockerd;
pub mod echo;
pub mod editor;
pub mod etcdctl;
pub mod find;
pub mod firewall;
pub mod flanneld;
pub mod fs;
pub mod git;
pub mod grep;
pub mod head;
pub mod host;
pub mod http;
pub mod ip;
pub mod ipconfig;
pub mod iptables;
pub mod jq;
pub mod ls;
pub mod mdata;
pub mod mkdir;
pub mod mongosh;
pub mod mysql;
pub mod nc;
pub mod netstat;
pub mod node;
pub mod npm;
pub mod nslookup;
pub mod ping;
pub mod pip;
pub mod pipework;
pub mod printf;
pub mod ps;
pub mod psql;
pub mod python;
pub mod python_suggest;
pub mod redis_cli;
pub mod rm;
pub mod script;
pub mod seq;
pub mod sleep;
pub mod sort;
pub mod ss;
pub mod ssh;
pub mod stat;
pub mod sudo;
pub mod systemctl;
pub mod tee;
pub mod todo_api;
pub mod touch;
pub mod tr;
pub mod trace;
pub mod traceroute;
pub mod twistcli;
pub mod ufw;
pub mod uname;
pub mod uniq;
pub mod users;
pub mod wc;
pub mod weave;
pub mod wget;
pub mod which;
pub mod xargs;
pub mod yarn;

use super::Output;

/// Whose tools: the error texts differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flavor {
    /// GNU coreutils and GNU grep: a Linux host, Debian and Ubuntu images.
    Gnu,
    /// busybox: Alpine and busybox images.
    Busybox,
}

/// The files a tool reads and writes: the host's or the container's.
pub trait Files {
    /// The text of a file; `Err` is the reason, such as `No such file or directory`.
    fn read(&mut self, path: &str) -> Result<String, String>;
    /// Writes (or appends to) a file; `Err` is the reason.
    fn write(&mut self, path: &str, text: &str, append: bool) -> Result<(), String>;
}

/// Input text to lines, as a tool reads them (a final newline ends the last line).
pub fn lines(text: &str) -> Vec<&str> {
    if text.is_empty() {
        return Vec::new();
    }
    text.strip_suffix('\n')
        .unwrap_or(text)
        .split('\n')
        .collect()
}

/// Lines to output text, each with its newline.
pub fn text(lines: &[String]) -> String {
    lines.iter().map(|l| format!("{l}\n")).collect()
}

/// Runs `program` if it is one of the text tools here (not `xargs`, which runs commands and
/// lives with the shell). `None`: not a tool of this module.
pub fn run(
    program: &str,
    args: &[String],
    stdin: &str,
    files: &mut dyn Files,
    flavor: Flavor,
) -> Option<Output> {
    Some(match program {
        "grep" | "egrep" | "fgrep" => grep::grep(program, args, stdin, files, flavor),
        "wc" => wc::wc(args, stdin, files, flavor),
        "cat" => cat::cat(args, stdin, files, flavor),
        "head" => head::head(args, stdin, files, flavor, head::End::Head),
        "tail" => head::head(args, stdin, files, flavor, head::End::Tail),
        "echo" => echo::echo(args),
        "sort" => sort::sort(args, stdin, files, flavor),
        "cut" => cut::cut(args, stdin, files, flavor),
        "tr" => tr::tr(args, stdin, flavor),
        "tee" => tee::tee(args, stdin, files, flavor),
        "uniq" => uniq::uniq(args, stdin, files, flavor),
        "seq" => seq::seq(args, flavor),
        "yes" => seq::yes(args),
        "basename" => basename::basename(args),
        "dirname" => basename::dirname(args),
        "true" => Output::default(),
        "false" => Output {
            exit_code: 1,
            ..Output::default()
        },
        _ => return None,
    })
}

/// The names [`run`] answers to, and `xargs`.
pub const TOOLS: &[&str] = &[
    "grep", "egrep", "fgrep", "wc", "cat", "head", "tail", "echo", "sort", "cut", "tr", "tee",
    "xargs", "true", "false", "uniq", "seq", "yes", "basename", "dirname",
];

/// The inputs a tool reads: its file operands, or standard input when there are none (`-`
/// is standard input too). Each comes with its name, for messages and prefixes.
pub fn inputs(
    operands: &[String],
    stdin: &str,
    files: &mut dyn Files,
) -> Vec<(String, Result<String, String>)> {
    if operands.is_empty() {
        return vec![("-".to_string(), Ok(stdin.to_string()))];
    }
    operands
        .iter()
        .map(|name| {
            let content = if name == "-" {
                Ok(stdin.to_string())
            } else {
                files.read(name)
            };
            (name.clone(), content)
        })
        .collect()
}

/// `PROGRAM: invalid option -- 'x'` and the usage hint, as coreutils prints them; busybox
/// prints its usage instead, which Berth abbreviates to the same first line.
pub fn invalid_option(program: &str, option: char, flavor: Flavor) -> Output {
    let hint = match flavor {
        Flavor::Gnu => format!("\nTry '{program} --help' for more information."),
        Flavor::Busybox => String::new(),
    };
    let mut o = Output::failed(format!("{program}: invalid option -- '{option}'{hint}"), 1);
    if program == "grep" {
        o.lines.truncate(1);
        o.err(match flavor {
            Flavor::Gnu => "Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.",
            Flavor::Busybox => "",
        });
        if flavor == Flavor::Busybox {
            o.lines.truncate(1);
        }
        o.exit_code = 2;
    }
    o
}

/// A long option this playground's tool does not take.
pub fn not_simulated(program: &str, option: &str) -> Output {
    Output::failed(
        format!("berth: `{program} {option}` is not simulated in this playground"),
        1,
    )
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;

    struct NoFiles;
    impl Files for NoFiles {
        fn read(&mut self, _: &str) -> Result<String, String> {
            Err("No such file or directory".into())
        }
        fn write(&mut self, _: &str, _: &str, _: bool) -> Result<(), String> {
            Ok(())
        }
    }

    /// (command line, stdin, expected output lines joined, status), GNU flavour.
    const CASES: &[(&str, &str, &str, i32)] = &[
        ("grep web", "a web\nb db\nweb2\n", "a web\nweb2", 0),
        ("grep -v web", "a web\nb db\n", "b db", 0),
        ("grep -c -i WEB", "Web\nweb\nx\n", "2", 0),
        ("grep -n db", "web\ndb\n", "2:db", 0),
        ("grep -w web", "web1\nweb\n", "web", 0),
        ("grep -x web", "web1\nweb\n", "web", 0),
        ("grep -E we+b|db", "web\nweeb\ndb\nx\n", "web\nweeb\ndb", 0),
        ("grep a|b", "a|b\na\n", "a|b", 0),
        ("grep -F .", "a.b\nab\n", "a.b", 0),
        ("grep ^w", "web\naw\n", "web", 0),
        ("grep nothing", "web\n", "", 1),
        ("grep -A1 -n b", "a\nb\nc\nd\nb\n", "2:b\n3-c\n--\n5:b", 0),
        ("grep -C 1 c", "a\nb\nc\nd\n", "b\nc\nd", 0),
        ("grep -B x c", "c\n", "grep: x: invalid context length argument", 2),
        ("grep -q web", "web\n", "", 0),
        ("grep web missing", "", "grep: missing: No such file or directory", 2),
        ("grep", "", "Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.", 2),
        ("wc -l", "a\nb\n", "2", 0),
        ("wc", "a b\nc\n", "      2       3       6", 0),
        ("wc -w -l", "a b\n", "      1       2", 0),
        ("wc -z", "", "wc: invalid option -- 'z'\nTry 'wc --help' for more information.", 1),
        ("head -n 2", "1\n2\n3\n", "1\n2", 0),
        ("head -1", "1\n2\n", "1", 0),
        ("tail -n 2", "1\n2\n3\n", "2\n3", 0),
        ("tail -n +2", "1\n2\n3\n", "2\n3", 0),
        ("tail -n x", "", "tail: invalid number of lines: ‘x’", 1),
        ("sort", "b\na\nc\n", "a\nb\nc", 0),
        ("sort -rn", "2\n10\n1\n", "10\n2\n1", 0),
        ("sort -u", "b\na\nb\n", "a\nb", 0),
        ("sort -k 2", "x b\ny a\n", "y a\nx b", 0),
        ("cut -d : -f 1,3", "a:b:c\n", "a:c", 0),
        ("cut -f 2", "a\tb\nnone\n", "b\nnone", 0),
        ("cut -c 2-3", "abcd\n", "bc", 0),
        ("cut", "", "cut: you must specify a list of bytes, characters, or fields\nTry 'cut --help' for more information.", 1),
        ("tr a-z A-Z", "web\n", "WEB", 0),
        ("tr -d 0-9", "a1b2\n", "ab", 0),
        ("tr [:lower:] [:upper:]", "ok\n", "OK", 0),
        ("tr a", "", "tr: missing operand after ‘a’\nTwo strings must be given when translating.\nTry 'tr --help' for more information.", 1),
        ("cat", "x\ny\n", "x\ny", 0),
        ("cat -n", "x\n", "     1\tx", 0),
        ("cat missing", "", "cat: missing: No such file or directory", 1),
        ("tee out", "x\n", "x", 0),
        ("echo -n a b", "", "a b", 0),
        ("echo -e a\\tb", "", "a\tb", 0),
        ("echo -x", "", "-x", 0),
        ("true", "", "", 0),
        ("false", "", "", 1),
    ];

    #[test]
    fn tools_as_data() {
        for (line, stdin, expected, status) in CASES {
            let words: Vec<String> = line.split(' ').map(str::to_string).collect();
            let out = run(&words[0], &words[1..], stdin, &mut NoFiles, Flavor::Gnu).unwrap();
            let text = out
                .lines
                .iter()
                .map(|l| l.text.clone())
                .collect::<Vec<_>>()
                .join("\n");
            assert_eq!(
                (text.as_str(), out.exit_code),
                (*expected, *status),
                "{line}"
            );
        }
    }

    #[test]
    fn xargs_builds_command_lines() {
        let lines =
            xargs::command_lines(&["docker".into(), "rm".into()], "a\nb\n", Flavor::Gnu).unwrap();
        assert_eq!(lines, vec![vec!["docker", "rm", "a", "b"]]);
        let lines = xargs::command_lines(
            &["-n".into(), "1".into(), "echo".into()],
            "a b",
            Flavor::Gnu,
        )
        .unwrap();
        assert_eq!(lines, vec![vec!["echo", "a"], vec!["echo", "b"]]);
        let lines = xargs::command_lines(&["-r".into(), "echo".into()], "", Flavor::Gnu).unwrap();
        assert!(lines.is_empty());
        let lines = xargs::command_lines(
            &["-I".into(), "{}".into(), "echo".into(), "<{}>".into()],
            "a b\nc\n",
            Flavor::Gnu,
        )
        .unwrap();
        assert_eq!(lines, vec![vec!["echo", "<a b>"], vec!["echo", "<c>"]]);
        assert!(xargs::command_lines(&[], "'open", Flavor::Gnu).is_err());
    }
}
