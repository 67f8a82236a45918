//! Architecture Invariant: the engine builds no terminal text. It answers with typed values
//! (hops, drop reasons, `/etc/hosts` entries, prompt data) and the cli words them.
//!
//! Every file under `src/engine/` is parsed with `syn`, and each text-building call is found:
//! the macros `format!`, `write!`, `writeln!`, `format_args!`, `print!`, `println!`,
//! `eprint!`, `eprintln!`, and the method `push_str`. A call is allowed only
//! - inside an `impl Display` (a typed error's Display is Docker's text; a value type's is its
//!   canonical form, `10.0.0.0/24`, `02:42:ac:11:00:02`),
//! - inside `#[cfg(test)]` code, or
//! - in a function of [`ALLOWED`], a short list where each entry says why: identifiers and
//!   keys (names, MACs, digests, tokens, etcd keys), payloads of typed errors that carry
//!   Docker's own words, and outputs the simulated program itself writes (a daemon's journal,
//!   an image's log lines, a tool's findings), which the cli prints as they are.
//!
//! Each failure names the file, the line and the function. An entry of the list that no
//! longer matches anything fails too, so the list only shrinks.

// Test code: a failed unwrap or index is a failed test, which is what we want here.
#![allow(
    clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing
)]

mod common;
use common::{root, rust_files};
use std::collections::BTreeSet;
use std::fs;

use syn::spanned::Spanned;
use syn::visit::{self, Visit};

/// `(file under src/engine/, function)`: where building a string is not terminal text.
const ALLOWED: &[(&str, &str, &str)] = &[
    // ── identifiers, keys, addresses, canonical forms ──
    ("names.rs", "random_name", "a container's generated name"),
    (
        "clock.rs",
        "rfc3339_nanos",
        "a timestamp in Docker's API form",
    ),
    (
        "clock.rs",
        "go_string",
        "a timestamp in Go's time.Time form",
    ),
    (
        "clock.rs",
        "human_duration",
        "go-units HumanDuration, a value `docker ps` shows",
    ),
    ("fs/mod.rs", "append", "a file's content, appended"),
    ("fs/path.rs", "resolve", "a path, normalised"),
    ("fs/path.rs", "child_towards", "a path inside a directory"),
    ("fs/mod.rs", "list", "a directory's path with its slash"),
    ("fs/mod.rs", "stat", "a directory's path with its slash"),
    (
        "fs/tests.rs",
        "bounds_are_errors",
        "test paths (the unit tests' own file)",
    ),
    ("fs/mod.rs", "write", "a file's content, appended"),
    ("fs/mod.rs", "copy", "the paths of a copied tree"),
    (
        "fs/mod.rs",
        "graft",
        "the paths of a mount's content at its target",
    ),
    (
        "fs/mod.rs",
        "snapshot",
        "the paths under a bind mount's source",
    ),
    (
        "docker/mount_files.rs",
        "volumes_to_host",
        "the paths of the volumes' folders on the host",
    ),
    (
        "docker/mount_files.rs",
        "volumes_from_host",
        "the path of a volume's folder on the host",
    ),
    (
        "docker/mount_files.rs",
        "volumes_dir",
        "the path of dockerd's volumes folder",
    ),
    ("docker/archive.rs", "collect", "the paths of a copied tree"),
    ("docker/archive.rs", "place", "the paths of a copied tree"),
    (
        "docker/redis.rs",
        "append_value",
        "a redis value that APPEND extends",
    ),
    (
        "docker/apps/table.rs",
        "literal",
        "a SQL literal of a table file's content",
    ),
    ("docker/apps/table.rs", "encode", "a table file's content"),
    (
        "docker/apps/table.rs",
        "decode",
        "the `INSERT INTO t VALUES (` a table file's row starts with",
    ),
    ("docker/apps/todo.rs", "uuid_v4", "a todo item's ID"),
    ("docker/apps/todo.rs", "todo_store", "a table file's path"),
    (
        "docker/apps/todo.rs",
        "mysql_init",
        "the MySQL data directory's folders and accounts file",
    ),
    (
        "docker/apps/todo.rs",
        "mysql_databases",
        "a database folder's path",
    ),
    (
        "docker/apps/todo.rs",
        "mysql_create_database",
        "a database folder's path",
    ),
    (
        "docker/apps/todo.rs",
        "mysql_tables",
        "a database folder's path",
    ),
    ("docker/apps/todo.rs", "mysql_table", "a table file's path"),
    (
        "docker/nginx_writes.rs",
        "refusal_log",
        "the nginx image's own log lines when it cannot write",
    ),
    ("lab/hostnet.rs", "eth0_mac", "a MAC address"),
    (
        "lab/hostnet.rs",
        "host_links",
        "kernel interface names (vethXXXX, vethwepl…) and MACs",
    ),
    (
        "lab/topology.rs",
        "topology",
        "addresses and ports, the picture's labels",
    ),
    (
        "lab/sandbox.rs",
        "container_interfaces",
        "interface names eth0, eth1…",
    ),
    (
        "lab/sandbox.rs",
        "dns_lookup",
        "a `name.network` to compare",
    ),
    (
        "docker/image_ref.rs",
        "from_str",
        "an image repository path",
    ),
    (
        "docker/image_ref.rs",
        "canonical",
        "an image reference's canonical form",
    ),
    (
        "docker/image_ref.rs",
        "remote_path",
        "an image repository path",
    ),
    ("docker/image/mod.rs", "build_key", "a catalogue key"),
    ("docker/image/mod.rs", "digest_of", "a sha256 digest"),
    (
        "docker/registry.rs",
        "registry_push",
        "a sha256 manifest digest",
    ),
    (
        "docker/registry.rs",
        "manifest_json",
        "the manifest a push uploads: its digest and length are the printed ones",
    ),
    ("docker/image_config.rs", "content_id", "an image ID's seed"),
    (
        "docker/image_config.rs",
        "files_digest",
        "the seed of the digest of an image's files",
    ),
    (
        "docker/image/programs.rs",
        "start",
        "the MySQL and MariaDB entrypoints' notes, in their words",
    ),
    (
        "docker/image/programs.rs",
        "refused",
        "the MySQL and MariaDB entrypoints' notes, in their words",
    ),
    (
        "docker/image/official.rs",
        "history",
        "an image's history lines, as BuildKit records them",
    ),
    (
        "docker/image/official.rs",
        "config",
        "layer digest seeds of an official build",
    ),
    (
        "docker/image/official.rs",
        "like_hand_made",
        "layer digest seeds of an official build",
    ),
    ("docker/image_config.rs", "push_step", "layer digest seeds"),
    (
        "docker/image_config.rs",
        "config",
        "layer digest seeds of a catalogue build",
    ),
    (
        "docker/shutdown.rs",
        "shutdown_log",
        "an image's own shutdown lines, as its process writes them",
    ),
    (
        "docker/packages.rs",
        "db_entry",
        "the package database a package manager writes in the container",
    ),
    (
        "docker/packages.rs",
        "index_path",
        "the path of a package index in the container",
    ),
    (
        "docker/images.rs",
        "image_pull",
        "a platform string and digest seeds",
    ),
    (
        "docker/images.rs",
        "image_remove",
        "`sha256:…` IDs, and dockerd's conflict texts",
    ),
    (
        "docker/images.rs",
        "image_remove_by_id",
        "`sha256:…` IDs, and dockerd's conflict texts (image_remove given an ID)",
    ),
    (
        "docker/networks.rs",
        "network_create",
        "bridge device names, and dockerd's IPAM errors",
    ),
    (
        "docker/processes.rs",
        "windows_image_name",
        "a Windows process image name",
    ),
    (
        "docker/processes.rs",
        "host_processes",
        "containerd-shim's command line",
    ),
    ("docker/container.rs", "normalize_capability", "a CAP_ name"),
    (
        "docker/container.rs",
        "command_line",
        "a process's command line",
    ),
    (
        "docker/containers.rs", "container_create_here", "a `port/proto` key",
    ),
    ("docker/containers.rs", "port_taken", "an `ip:port` address"),
    ("docker/container.rs", "validate", "option keys to compare"),
    ("swarm/mod.rs", "swarm_init", "join tokens"),
    ("swarm/mod.rs", "swarm_join", "a remote address `ip:port`"),
    (
        "swarm/services.rs",
        "start_task",
        "a task's name `service.slot.id`",
    ),
    ("platforms/triton.rs", "new", "compute node hostnames"),
    ("platforms/triton.rs", "dashed", "a UUID"),
    ("platforms/triton.rs", "networks", "a network ID"),
    ("platforms/triton.rs", "parse_cns", "DNS zones to compare"),
    ("addons/flannel.rs", "normalize", "an etcd key"),
    ("addons/flannel.rs", "etcd_ls", "etcd keys"),
    ("addons/flannel.rs", "etcd_missing", "an etcd key"),
    (
        "addons/flannel.rs",
        "subnet_env",
        "/run/flannel/subnet.env, the file flanneld writes",
    ),
    (
        "addons/flannel.rs",
        "flanneld_start",
        "etcd keys and values flanneld writes, its config errors",
    ),
    (
        "addons/weave.rs",
        "weave_launch_steps",
        "addresses in the router's arguments",
    ),
    (
        "addons/weave_status.rs",
        "dialled",
        "an `ip:port` and Go's dial error, Weave's own words",
    ),
    (
        "addons/weave_status.rs", "weave_connections", "an `ip:port`",
    ),
    (
        "docker/authz.rs",
        "authz_policy_append",
        "policy.json as the file holds it",
    ),
    (
        "docker/authz.rs",
        "authz_policy_remove",
        "policy.json as the file holds it",
    ),
    (
        "security/cve.rs",
        "isolation_matrix",
        "an escape's key `CVE-… (name)`",
    ),
    // ── the daemon's (or a plugin's) words, carried in typed errors and answers ──
    (
        "docker/volumes.rs",
        "from_str",
        "dockerd's invalid-mount texts",
    ),
    (
        "docker/volumes.rs",
        "parse_long",
        "dockerd's invalid-mount texts",
    ),
    (
        "docker/container.rs",
        "from_parts",
        "dockerd's restart policy error",
    ),
    (
        "docker/containers.rs", "resolve_links", "dockerd's link errors",
    ),
    (
        "docker/containers.rs",
        "networking_config",
        "dockerd's address errors, and a mode key",
    ),
    (
        "platforms/triton.rs", "check_create", "sdc-docker's refusals",
    ),
    ("backend.rs", "implements", "sdc-docker's refusals"),
    (
        "backend.rs",
        "image_platform_mismatch",
        "an OCI platform string (`windows/amd64 10.0.20348`)",
    ),
    (
        "docker/authz.rs",
        "broker_decide",
        "authz-broker's messages, in its words",
    ),
    (
        "docker/authz.rs",
        "connection_refused",
        "Go's url.Error for a plugin socket",
    ),
    // ── what a simulated program writes itself ──
    ("docker/daemon.rs", "daemon_boot", "dockerd's journal lines"),
    (
        "docker/image/mod.rs",
        "startup_log",
        "an image's own log lines (nginx, redis, httpd)",
    ),
    (
        "docker/server_logs.rs",
        "mongod",
        "mongod's own structured log lines",
    ),
    (
        "docker/server_logs.rs",
        "rabbitmq",
        "RabbitMQ's own banner and log lines",
    ),
    (
        "docker/image/mod.rs",
        "startup_log_of",
        "nginx's log lines naming the version and compiler of the image it runs",
    ),
    (
        "security/audit.rs",
        "audit",
        "docker-bench-security's findings, in its words",
    ),
    (
        "security/scan.rs",
        "scan",
        "twistcli's findings, in its words",
    ),
    (
        "invariants.rs",
        "check_invariants",
        "a broken invariant, for tests and debug builds",
    ),
    // ── docker build: BuildKit's own errors and the Dockerfile's words, lexed ──
    (
        "docker/build/expand.rs",
        "process_word",
        "BuildKit's `failed to process` error payload",
    ),
    (
        "docker/build/expand.rs",
        "until",
        "a Dockerfile word, expanded, and BuildKit's lexer errors",
    ),
    (
        "docker/build/expand.rs",
        "double_quote",
        "a Dockerfile word, expanded",
    ),
    (
        "docker/build/expand.rs",
        "dollar",
        "a variable's value, and BuildKit's substitution errors",
    ),
    (
        "docker/build/expand.rs",
        "display",
        "a step's words with its variables expanded (BuildKit's vertex name)",
    ),
    (
        "docker/build/instructions.rs",
        "at_least_one",
        "BuildKit's `errAtLeastOneArgument` payload",
    ),
    (
        "docker/build/instructions.rs",
        "exactly_one",
        "BuildKit's `errExactlyOneArgument` payload",
    ),
    (
        "docker/build/instructions.rs",
        "copy",
        "BuildKit's COPY/ADD errors",
    ),
    (
        "docker/build/instructions.rs",
        "duration_ns",
        "Go's `time.ParseDuration` errors",
    ),
    (
        "docker/build/instructions.rs",
        "healthcheck",
        "BuildKit's HEALTHCHECK errors",
    ),
    (
        "docker/build/instructions.rs",
        "instruction",
        "BuildKit's instruction errors",
    ),
    (
        "docker/build/instructions.rs",
        "parse",
        "BuildKit's `BFlags` errors",
    ),
    (
        "docker/build/instructions.rs",
        "unknown_instruction",
        "BuildKit's `unknown instruction` with its suggestion",
    ),
    (
        "docker/build/parse.rs",
        "parse",
        "a Dockerfile's joined lines, and the parser's directive errors",
    ),
    (
        "docker/build/parse.rs",
        "name_val",
        "BuildKit's ENV/LABEL parse errors",
    ),
    (
        "docker/build/solve.rs",
        "build_inner",
        "BuildKit's `base name should not be blank`",
    ),
];

const MACROS: &[&str] = &[
    "format", "write", "writeln", "format_args", "print", "println", "eprint", "eprintln",
];

/// One text-building call outside a Display impl and outside tests.
#[derive(Debug, Clone)]
struct Built {
    line: usize,
    function: String,
    call: String,
}

#[derive(Default)]
struct Finder {
    functions: Vec<String>,
    in_display: usize,
    found: Vec<Built>,
}

fn is_cfg_test(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|a| {
        a.path().is_ident("cfg")
            && a.meta
                .require_list()
                .is_ok_and(|l| l.tokens.to_string().contains("test"))
    })
}

impl Finder {
    fn record(&mut self, line: usize, call: String) {
        if self.in_display > 0 {
            return;
        }
        self.found.push(Built {
            line,
            function: self.functions.last().cloned().unwrap_or_default(),
            call,
        });
    }
}

impl<'ast> Visit<'ast> for Finder {
    fn visit_item_mod(&mut self, m: &'ast syn::ItemMod) {
        if !is_cfg_test(&m.attrs) {
            visit::visit_item_mod(self, m);
        }
    }

    fn visit_item_fn(&mut self, f: &'ast syn::ItemFn) {
        if is_cfg_test(&f.attrs) {
            return;
        }
        self.functions.push(f.sig.ident.to_string());
        visit::visit_item_fn(self, f);
        self.functions.pop();
    }

    fn visit_impl_item_fn(&mut self, f: &'ast syn::ImplItemFn) {
        if is_cfg_test(&f.attrs) {
            return;
        }
        self.functions.push(f.sig.ident.to_string());
        visit::visit_impl_item_fn(self, f);
        self.functions.pop();
    }

    fn visit_item_impl(&mut self, i: &'ast syn::ItemImpl) {
        if is_cfg_test(&i.attrs) {
            return;
        }
        let display = i
            .trait_
            .as_ref()
            .and_then(|(_, path, _)| path.segments.last())
            .is_some_and(|s| s.ident == "Display");
        self.in_display += usize::from(display);
        visit::visit_item_impl(self, i);
        self.in_display -= usize::from(display);
    }

    fn visit_macro(&mut self, m: &'ast syn::Macro) {
        if let Some(name) = m.path.segments.last().map(|s| s.ident.to_string()) {
            if MACROS.contains(&name.as_str()) {
                self.record(m.span().start().line, format!("{name}!"));
            }
        }
        // Macros nest (`vec![format!(…)]`): look inside as expressions where they parse.
        if let Ok(args) = m.parse_body_with(
            syn::punctuated::Punctuated::<syn::Expr, syn::Token![,]>::parse_terminated,
        ) {
            for arg in &args {
                self.visit_expr(arg);
            }
        }
        visit::visit_macro(self, m);
    }

    fn visit_expr_method_call(&mut self, c: &'ast syn::ExprMethodCall) {
        if c.method == "push_str" {
            self.record(c.method.span().start().line, format!(".{}()", c.method));
        }
        visit::visit_expr_method_call(self, c);
    }
}

/// Each text-building call in `text` (the file at `path`, relative to `src/engine/`) that
/// `allowed` does not excuse, as `file:line: call in fn`; and the `allowed` entries used.
fn offences(
    path: &str,
    text: &str,
    allowed: &[(&str, &str, &str)],
) -> (Vec<String>, BTreeSet<(String, String)>) {
    let file = syn::parse_file(text).unwrap_or_else(|e| panic!("{path}: {e}"));
    let mut finder = Finder::default();
    finder.visit_file(&file);
    let mut out = Vec::new();
    let mut used = BTreeSet::new();
    for b in finder.found {
        if allowed
            .iter()
            .any(|(f, func, _)| *f == path && *func == b.function)
        {
            used.insert((path.to_string(), b.function));
            continue;
        }
        out.push(format!(
            "src/engine/{path}:{}: {} in fn {} builds text: return typed data and word it in cli",
            b.line, b.call, b.function
        ));
    }
    (out, used)
}

#[test]
fn the_engine_builds_no_terminal_text() {
    let base = root().join("src/engine");
    let mut found = Vec::new();
    let mut used = BTreeSet::new();
    for file in rust_files(&base) {
        let rel = file
            .strip_prefix(&base)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let (out, u) = offences(&rel, &fs::read_to_string(&file).unwrap(), ALLOWED);
        found.extend(out);
        used.extend(u);
    }
    let stale: Vec<String> = ALLOWED
        .iter()
        .filter(|(f, func, _)| !used.contains(&(f.to_string(), func.to_string())))
        .map(|(f, func, why)| {
            format!(
                "src/engine/{f}: fn {func} ({why}) builds no text any more: drop it from ALLOWED"
            )
        })
        .collect();
    found.extend(stale);
    assert!(found.is_empty(), "{found:#?}");
}

#[test]
fn the_text_scan_can_fail() {
    let source = r#"
        use std::fmt;
        pub struct E(String);
        impl fmt::Display for E {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result { write!(f, "no such {}", self.0) }
        }
        pub fn hop(name: &str) -> String {
            let mut s = format!("{name} (eth on bridge)");
            s.push_str(" and on");
            s
        }
        pub fn id(n: u32) -> Vec<String> { vec![format!("veth{n}")] }
        #[cfg(test)]
        mod tests { fn t() -> String { format!("{}", 1) } }
    "#;
    let (found, used) = offences("lab/x.rs", source, &[("lab/x.rs", "id", "a key")]);
    assert_eq!(
        found,
        [
            "src/engine/lab/x.rs:8: format! in fn hop builds text: return typed data and word it in cli",
            "src/engine/lab/x.rs:9: .push_str() in fn hop builds text: return typed data and word it in cli",
        ]
    );
    assert!(used.contains(&("lab/x.rs".to_string(), "id".to_string())));
}
