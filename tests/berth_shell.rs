//! The native binary as a trainer or a script uses it: `berth shell` reads commands from stdin.

// Test code: a failed unwrap or index is a failed test, which is what we want here.
#![allow(
    clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing
)]

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn shell(args: &[&str], input: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_berth"))
        .arg("shell")
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

#[test]
fn a_piped_run_prints_the_prompt_the_echo_and_a_64_hex_id() {
    let out = shell(&[], "docker run -d --name web nginx\n");
    assert!(out.status.success());
    let stdout = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines[0], "root@host1:~# docker run -d --name web nginx");
    let id = lines[1];
    assert_eq!(id.len(), 64, "{stdout}");
    assert!(id.chars().all(|c| c.is_ascii_hexdigit()));
    assert_eq!(
        lines[2], "root@host1:~# ",
        "a last prompt, then exit 0 at end of input"
    );
    // The pull progress goes to stderr, as Docker's CLI writes it.
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.starts_with("Unable to find image 'nginx:latest' locally\n"),
        "{stderr}"
    );
}

#[test]
fn same_seed_same_bytes_and_seeds_matter() {
    let script = "docker run -d nginx\ndocker run -d redis\ndocker ps -a\ndocker stop nope\n";
    let a = shell(&["--seed", "42"], script);
    let b = shell(&["--seed", "42"], script);
    let c = shell(&["--seed", "43"], script);
    assert_eq!(a.stdout, b.stdout);
    assert_eq!(a.stderr, b.stderr);
    assert_ne!(a.stdout, c.stdout);
}

#[test]
fn a_bad_seed_is_a_usage_error() {
    let out = shell(&["--seed", "many"], "");
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("--seed takes a whole number"), "{stderr}");
}

#[test]
fn a_pasted_multi_line_command_is_one_and_an_open_one_is_bashs_error_at_the_end() {
    let script = "docker network create -d macvlan \\\n  --subnet=172.16.86.0/24 \\\n  pub_net\ndocker network ls | grep -c pub_net\necho 'open\n";
    let out = shell(&[], script);
    let stdout = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(
        lines[0],
        "root@host1:~# docker network create -d macvlan \\"
    );
    assert_eq!(lines[1], ">   --subnet=172.16.86.0/24 \\", "{stdout}");
    assert_eq!(lines[2], ">   pub_net", "{stdout}");
    assert_eq!(lines[3].len(), 64, "{stdout}");
    assert_eq!(
        lines[4],
        "root@host1:~# docker network ls | grep -c pub_net"
    );
    assert_eq!(lines[5], "1", "{stdout}");
    assert_eq!(lines[6], "root@host1:~# echo 'open");
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(
        stderr,
        "bash: unexpected EOF while looking for matching `''\nbash: syntax error: unexpected end of file\n"
    );
    assert_eq!(
        out.status.code(),
        Some(2),
        "bash's status for a syntax error"
    );
}
