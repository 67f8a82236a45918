//! The architecture invariants of ARCHITECTURE.md, enforced. Every Rust file under `src/` is
//! parsed with `syn`, and every path it names is resolved to the module it points at: `use`
//! declarations, but also paths in expressions, types, patterns, attributes and macro
//! arguments (`crate::x::y`, `super::…`, `self::…`). From those come two graphs:
//!
//! - between the top-level modules, which must point down the declared order
//!   `ui → session → lessons → cli → engine → golang` (a module may skip layers, never climb);
//! - between the units of the engine: the immediate children of `src/engine/` (its folders, and
//!   any file still at its root), which must have no cycle.
//!
//! Inside the cli, a tool names no shell and a docker command no tool (`CLI_RULES`), and
//! `cli/mod.rs` holds only modules and `use`s.
//!
//! Each failure names the file and line of the path that broke the rule. The checker works on
//! `(path, text)` pairs, so a self-test feeds it a small synthetic tree with a cycle and proves
//! it can fail.
//!
//! Paths relative to the current scope (`foo::bar` with no `crate`/`super`/`self`) are child
//! modules or imported names: a child never crosses a unit's boundary, and an import that does
//! is itself a path that resolves, so they are not followed. Re-exports are not chased either:
//! `crate::engine::World` is an edge to `engine`, whichever file defines `World`.

// Test code: a failed unwrap or index is a failed test, which is what we want here.
#![allow(
    clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing
)]

mod common;
use common::{root, rust_files};
use std::collections::{BTreeMap, BTreeSet};
use std::fs;

use proc_macro2::{TokenStream, TokenTree};
use syn::visit::{self, Visit};

/// The top-level modules, highest layer first: each may name only those after it.
const LAYERS: [&str; 6] = ["ui", "session", "lessons", "cli", "engine", "golang"];

const WEB_CRATES: &[&str] = &["yew", "web_sys", "wasm_bindgen", "gloo", "js_sys"];

const MAX_LINES: usize = 1_000;

// ── reading the tree ──────────────────────────────────────────────────────────────────────────

/// Every file under `src/`, as (path relative to the repository, text).
fn source_tree() -> Vec<(String, String)> {
    rust_files(&root().join("src"))
        .into_iter()
        .map(|file| {
            let rel = file
                .strip_prefix(root())
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            (rel, fs::read_to_string(&file).unwrap())
        })
        .collect()
}

/// The module path of a file of the library: `src/engine/docker/mod.rs` is
/// `engine::docker`, `src/session/replay.rs` is `session::replay`. `None` for the crate roots
/// and the binaries, which are not modules of the library.
fn module_of(path: &str) -> Option<Vec<String>> {
    let rel = path.strip_prefix("src/")?;
    if matches!(rel, "lib.rs" | "main.rs") || rel.starts_with("bin/") {
        return None;
    }
    let rel = rel.strip_suffix(".rs")?;
    let mut parts: Vec<String> = rel.split('/').map(String::from).collect();
    if parts.last().is_some_and(|p| p == "mod") {
        parts.pop();
    }
    Some(parts)
}

// ── what a file names ─────────────────────────────────────────────────────────────────────────

/// One path a file names, resolved from the crate root when it starts with `crate`, `super`
/// or `self`.
#[derive(Debug, Clone)]
struct Named {
    line: usize,
    /// Resolved from the crate root, or `None` for a path relative to the scope.
    target: Option<Vec<String>>,
    /// The path as written.
    written: Vec<String>,
    /// A `super` climbed above the crate root.
    escapes: bool,
}

struct Collector {
    /// The module the visitor is in (the file's, plus inline `mod x { … }`).
    module: Vec<String>,
    found: Vec<Named>,
}

impl Collector {
    fn record(&mut self, segments: Vec<String>, line: usize) {
        let Some(first) = segments.first() else {
            return;
        };
        let (target, escapes) = match first.as_str() {
            "crate" => (Some(segments[1..].to_vec()), false),
            "self" => {
                let mut t = self.module.clone();
                t.extend(segments[1..].iter().cloned());
                (Some(t), false)
            }
            "super" => {
                let ups = segments.iter().take_while(|s| *s == "super").count();
                let escapes = ups > self.module.len();
                let mut t = self.module[..self.module.len().saturating_sub(ups)].to_vec();
                t.extend(segments[ups..].iter().cloned());
                (Some(t), escapes)
            }
            _ => (None, false),
        };
        self.found.push(Named {
            line,
            target,
            written: segments,
            escapes,
        });
    }

    fn use_tree(&mut self, tree: &syn::UseTree, mut prefix: Vec<String>) {
        match tree {
            syn::UseTree::Path(p) => {
                prefix.push(p.ident.to_string());
                self.use_tree(&p.tree, prefix);
            }
            syn::UseTree::Name(n) => {
                let line = n.ident.span().start().line;
                if n.ident != "self" {
                    prefix.push(n.ident.to_string());
                }
                self.record(prefix, line);
            }
            syn::UseTree::Rename(r) => {
                let line = r.ident.span().start().line;
                prefix.push(r.ident.to_string());
                self.record(prefix, line);
            }
            syn::UseTree::Glob(g) => {
                let line = g.star_token.spans[0].start().line;
                self.record(prefix, line);
            }
            syn::UseTree::Group(g) => {
                for item in &g.items {
                    self.use_tree(item, prefix.clone());
                }
            }
        }
    }

    /// Macro arguments are tokens, not syntax: find `a::b::c` runs in them.
    fn tokens(&mut self, tokens: TokenStream) {
        let trees: Vec<TokenTree> = tokens.into_iter().collect();
        let mut i = 0;
        while i < trees.len() {
            match &trees[i] {
                TokenTree::Group(g) => {
                    self.tokens(g.stream());
                    i += 1;
                }
                TokenTree::Ident(id) => {
                    let line = id.span().start().line;
                    let mut segments = vec![id.to_string()];
                    let mut j = i + 1;
                    while let (
                        Some(TokenTree::Punct(a)),
                        Some(TokenTree::Punct(b)),
                        Some(TokenTree::Ident(next)),
                    ) = (trees.get(j), trees.get(j + 1), trees.get(j + 2))
                    {
                        if a.as_char() != ':' || b.as_char() != ':' {
                            break;
                        }
                        segments.push(next.to_string());
                        j += 3;
                    }
                    if segments.len() > 1 {
                        self.record(segments, line);
                    }
                    i = j;
                }
                TokenTree::Punct(_) | TokenTree::Literal(_) => i += 1,
            }
        }
    }
}

impl<'ast> Visit<'ast> for Collector {
    fn visit_item_mod(&mut self, m: &'ast syn::ItemMod) {
        if m.content.is_some() {
            self.module.push(m.ident.to_string());
            visit::visit_item_mod(self, m);
            self.module.pop();
        } else {
            visit::visit_item_mod(self, m);
        }
    }

    fn visit_item_use(&mut self, u: &'ast syn::ItemUse) {
        let prefix = if u.leading_colon.is_some() {
            vec![String::new()]
        } else {
            Vec::new()
        };
        self.use_tree(&u.tree, prefix);
    }

    fn visit_path(&mut self, p: &'ast syn::Path) {
        if let Some(first) = p.segments.first() {
            let line = first.ident.span().start().line;
            let segments = p.segments.iter().map(|s| s.ident.to_string()).collect();
            self.record(segments, line);
        }
        visit::visit_path(self, p);
    }

    fn visit_item_extern_crate(&mut self, e: &'ast syn::ItemExternCrate) {
        self.record(vec![e.ident.to_string()], e.ident.span().start().line);
    }

    fn visit_macro(&mut self, m: &'ast syn::Macro) {
        self.tokens(m.tokens.clone());
        visit::visit_macro(self, m);
    }
}

/// Every path one file names. A file that does not parse is a failure in its own right.
fn names_in(path: &str, text: &str) -> Result<Vec<Named>, String> {
    let file = syn::parse_file(text).map_err(|e| {
        let at = e.span().start();
        format!("{path}:{}: does not parse: {e}", at.line)
    })?;
    let mut c = Collector {
        module: module_of(path).unwrap_or_default(),
        found: Vec::new(),
    };
    c.visit_file(&file);
    Ok(c.found)
}

// ── the checks, on any tree ───────────────────────────────────────────────────────────────────

/// Where a rule was broken: `file:line: what`.
type Site = String;

/// Edges `from → to` between units, with every place that makes each.
type Graph = BTreeMap<(String, String), Vec<Site>>;

/// Everything the checks read from a tree, computed once.
struct Tree {
    files: Vec<(String, String)>,
    names: BTreeMap<String, Vec<Named>>,
    unparsed: Vec<String>,
}

impl Tree {
    fn new(files: Vec<(String, String)>) -> Tree {
        let mut names = BTreeMap::new();
        let mut unparsed = Vec::new();
        for (path, text) in &files {
            match names_in(path, text) {
                Ok(found) => {
                    names.insert(path.clone(), found);
                }
                Err(e) => unparsed.push(e),
            }
        }
        Tree {
            files,
            names,
            unparsed,
        }
    }

    /// The edges between top-level modules.
    fn layer_graph(&self) -> Graph {
        let mut graph = Graph::new();
        for (path, found) in &self.names {
            let Some(from) = module_of(path).and_then(|m| m.first().cloned()) else {
                continue;
            };
            for n in found {
                let Some(to) = n.target.as_ref().and_then(|t| t.first()) else {
                    continue;
                };
                if *to != from && LAYERS.contains(&to.as_str()) {
                    graph
                        .entry((from.clone(), to.clone()))
                        .or_default()
                        .push(format!(
                            "{path}:{}: names `{}`",
                            n.line,
                            n.written.join("::")
                        ));
                }
            }
        }
        graph
    }

    /// The units of the engine: its folders, and the files at its root (`mod.rs` aside),
    /// whatever the layout is today.
    fn engine_units(&self) -> BTreeSet<String> {
        self.files
            .iter()
            .filter_map(|(path, _)| {
                let rest = path.strip_prefix("src/engine/")?;
                match rest.split_once('/') {
                    Some((folder, _)) => Some(folder.to_string()),
                    None if rest != "mod.rs" => Some(rest.strip_suffix(".rs")?.to_string()),
                    None => None,
                }
            })
            .collect()
    }

    /// The edges between the engine's units.
    fn engine_graph(&self) -> Graph {
        let units = self.engine_units();
        let mut graph = Graph::new();
        for (path, found) in &self.names {
            let Some(module) = module_of(path) else {
                continue;
            };
            let (Some("engine"), Some(from)) = (
                module.first().map(String::as_str),
                module.get(1).filter(|u| units.contains(*u)),
            ) else {
                continue;
            };
            for n in found {
                let Some(target) = &n.target else { continue };
                let (Some("engine"), Some(to)) =
                    (target.first().map(String::as_str), target.get(1))
                else {
                    continue;
                };
                if to != from && units.contains(to) {
                    graph
                        .entry((from.clone(), to.clone()))
                        .or_default()
                        .push(format!(
                            "{path}:{}: names `{}`",
                            n.line,
                            n.written.join("::")
                        ));
                }
            }
        }
        graph
    }

    /// Places in the files under `dir` (a top-level module) that name one of `crates` as the
    /// first segment of a path.
    fn naming_crates(&self, dir: &str, crates: &[&str]) -> Vec<Site> {
        let mut out = Vec::new();
        for (path, found) in &self.names {
            if !in_module(path, dir) {
                continue;
            }
            for n in found {
                let first = n.written.iter().find(|s| !s.is_empty());
                if n.target.is_none() && first.is_some_and(|f| crates.contains(&f.as_str())) {
                    out.push(format!(
                        "{path}:{}: names `{}`",
                        n.line,
                        n.written.join("::")
                    ));
                }
            }
        }
        out
    }

    /// Places in `dir` whose path resolves outside `dir`.
    fn leaving(&self, dir: &str) -> Vec<Site> {
        let mut out = Vec::new();
        for (path, found) in &self.names {
            if !in_module(path, dir) {
                continue;
            }
            for n in found {
                let Some(target) = &n.target else { continue };
                if n.escapes || target.first().is_none_or(|t| t != dir) {
                    out.push(format!(
                        "{path}:{}: names `{}`, outside {dir}",
                        n.line,
                        n.written.join("::")
                    ));
                }
            }
        }
        out
    }

    fn too_long(&self) -> Vec<Site> {
        self.files
            .iter()
            .filter(|(_, text)| text.lines().count() > MAX_LINES)
            .map(|(path, text)| {
                format!(
                    "{path}:{}: the file has {} lines, over {MAX_LINES}",
                    MAX_LINES + 1,
                    text.lines().count()
                )
            })
            .collect()
    }
}

/// What a folder of `src/cli/` may not name: the second segment of a `crate::cli::…` path
/// (a folder, or a name `cli/mod.rs` re-exports from one).
const CLI_RULES: &[(&str, &[&str])] = &[
    // A tool is shared by every shell and never runs one: the shell calls the tool.
    (
        "tools",
        &[
            "shells", "sh", "run_words_as", "run_words_in_container", "host_prompt", "run_line",
            "run_line_as", "run_script",
        ],
    ),
    // A docker command talks to the daemon; the tools belong to the shells.
    ("commands", &["tools"]),
];

impl Tree {
    /// Places where a folder of `src/cli/` names what [`CLI_RULES`] forbids it.
    fn cli_rule_breaks(&self) -> Vec<Site> {
        let mut out = Vec::new();
        for (path, found) in &self.names {
            for (folder, forbidden) in CLI_RULES {
                if !path.starts_with(&format!("src/cli/{folder}/")) {
                    continue;
                }
                for n in found {
                    let Some(target) = &n.target else { continue };
                    if let (Some("cli"), Some(to)) =
                        (target.first().map(String::as_str), target.get(1))
                    {
                        if forbidden.contains(&to.as_str()) {
                            out.push(format!(
                                "{path}:{}: names `{}` (cli/{folder} may not name {to})",
                                n.line,
                                n.written.join("::")
                            ));
                        }
                    }
                }
            }
        }
        out
    }

    /// Items of `src/cli/mod.rs` other than modules and `use`s: it only wires.
    fn cli_root_items(&self) -> Vec<Site> {
        let Some((path, text)) = self.files.iter().find(|(p, _)| p == "src/cli/mod.rs") else {
            return Vec::new();
        };
        let Ok(file) = syn::parse_file(text) else {
            return Vec::new();
        };
        file.items
            .iter()
            .filter(|item| !matches!(item, syn::Item::Mod(_) | syn::Item::Use(_)))
            .map(|item| {
                let line = match item {
                    syn::Item::Fn(f) => f.sig.ident.span().start().line,
                    syn::Item::Struct(s) => s.ident.span().start().line,
                    syn::Item::Enum(e) => e.ident.span().start().line,
                    syn::Item::Const(c) => c.ident.span().start().line,
                    _ => 0,
                };
                format!(
                    "{path}:{line}: an item other than a module or a `use` (cli/mod.rs only wires)"
                )
            })
            .collect()
    }
}

fn in_module(path: &str, dir: &str) -> bool {
    path == format!("src/{dir}.rs") || path.starts_with(&format!("src/{dir}/"))
}

/// The edges that climb the declared order.
fn upward(graph: &Graph) -> Vec<Site> {
    let rank = |m: &str| LAYERS.iter().position(|l| *l == m);
    graph
        .iter()
        .filter(|((from, to), _)| rank(from) >= rank(to))
        .flat_map(|((from, to), sites)| {
            sites
                .iter()
                .map(move |s| format!("{s} ({from} may not name {to}, a layer above it)"))
        })
        .collect()
}

/// Every cycle, as its strongly connected set of units with the edges inside it.
fn cycles(graph: &Graph) -> Vec<String> {
    let nodes: BTreeSet<&String> = graph.keys().flat_map(|(a, b)| [a, b]).collect();
    let reach = |from: &String| -> BTreeSet<&String> {
        let mut seen = BTreeSet::new();
        let mut stack = vec![from];
        while let Some(n) = stack.pop() {
            for ((a, b), _) in graph.range((n.clone(), String::new())..) {
                if a != n {
                    break;
                }
                if seen.insert(b) {
                    stack.push(b);
                }
            }
        }
        seen
    };
    let reached: BTreeMap<&String, BTreeSet<&String>> =
        nodes.iter().map(|n| (*n, reach(n))).collect();
    let mut done = BTreeSet::new();
    let mut out = Vec::new();
    for n in &nodes {
        if done.contains(n) || !reached[n].contains(n) {
            continue;
        }
        let scc: BTreeSet<&String> = nodes
            .iter()
            .filter(|m| reached[n].contains(*m) && reached[*m].contains(*n))
            .copied()
            .collect();
        let mut text = format!(
            "cycle among {}:",
            scc.iter()
                .map(|s| s.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        );
        for ((a, b), sites) in graph {
            if scc.contains(a) && scc.contains(b) {
                text.push_str(&format!("\n  {a} → {b}: {}", sites[0]));
            }
        }
        out.push(text);
        done.extend(scc);
    }
    out
}

fn the_tree() -> Tree {
    let tree = Tree::new(source_tree());
    assert!(tree.unparsed.is_empty(), "{:#?}", tree.unparsed);
    tree
}

// ── the invariants ────────────────────────────────────────────────────────────────────────────

#[test]
fn top_level_modules_point_down_and_form_no_cycle() {
    let graph = the_tree().layer_graph();
    let mut problems = upward(&graph);
    problems.extend(cycles(&graph));
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn engine_units_form_no_cycle() {
    let problems = cycles(&the_tree().engine_graph());
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn cli_tools_call_no_shell_commands_call_no_tool_and_mod_rs_only_wires() {
    let tree = the_tree();
    let mut problems = tree.cli_rule_breaks();
    problems.extend(tree.cli_root_items());
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn engine_and_golang_name_no_web_crate_and_no_upper_layer() {
    let tree = the_tree();
    let graph = tree.layer_graph();
    let mut problems = Vec::new();
    for low in ["engine", "golang"] {
        problems.extend(tree.naming_crates(low, WEB_CRATES));
        for high in ["cli", "session", "ui", "lessons"] {
            if let Some(sites) = graph.get(&(low.to_string(), high.to_string())) {
                problems.extend(sites.iter().cloned());
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn golang_imports_nothing_from_the_crate() {
    let problems = the_tree().leaving("golang");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn no_file_under_src_exceeds_a_thousand_lines() {
    let problems = the_tree().too_long();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn only_ui_names_web_crates() {
    let tree = the_tree();
    let mut problems = Vec::new();
    for dir in ["engine", "golang", "cli", "lessons", "session"] {
        problems.extend(tree.naming_crates(dir, WEB_CRATES));
    }
    // The native binary is no module of the library: its paths are read as written.
    for (path, found) in &tree.names {
        if path.starts_with("src/bin/") {
            for n in found {
                if n.written
                    .first()
                    .is_some_and(|f| WEB_CRATES.contains(&f.as_str()))
                {
                    problems.push(format!(
                        "{path}:{}: names `{}`",
                        n.line,
                        n.written.join("::")
                    ));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Lines of code (comments aside) under `dir` that name any of `needles`: for what is not a
/// path (`Instant::now` is one, but `HashMap` may be named bare after a `use`).
fn offenders(dir: &str, needles: &[&str]) -> Vec<String> {
    let mut found = Vec::new();
    let base = root().join(dir);
    if !base.exists() {
        return found;
    }
    for file in rust_files(&base) {
        let text = fs::read_to_string(&file).unwrap();
        for (n, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or("");
            for needle in needles {
                if code.contains(needle) {
                    found.push(format!("{}:{}: names `{needle}`", file.display(), n + 1));
                }
            }
        }
    }
    found
}

#[test]
fn engine_reads_no_clock_no_os_randomness_and_no_hash_order() {
    let needles = [
        "Instant::now", "SystemTime", "HashMap", "HashSet", "getrandom", "std::fs", "std::io",
        "std::env",
    ];
    let mut found = offenders("src/engine", &needles);
    found.extend(offenders("src/golang", &needles));
    assert!(found.is_empty(), "{found:#?}");
}

#[test]
fn ui_holds_no_docker_text() {
    // The UI renders what the CLI produced; Docker's wording lives in cli/.
    let found = offenders(
        "src/ui",
        &["Error response from daemon", "docker: ", "CONTAINER ID"],
    );
    assert!(found.is_empty(), "{found:#?}");
}

#[test]
fn web_crates_are_optional_behind_the_web_feature() {
    let manifest = fs::read_to_string(root().join("Cargo.toml")).unwrap();
    for dep in ["yew", "wasm-bindgen", "web-sys"] {
        let line = manifest
            .lines()
            .find(|l| l.starts_with(&format!("{dep} =")))
            .unwrap_or_else(|| panic!("{dep} is a dependency"));
        assert!(
            line.contains("optional = true"),
            "{dep} must be optional: {line}"
        );
        assert!(
            manifest.contains(&format!("\"dep:{dep}\"")),
            "the web feature enables {dep}"
        );
    }
    let lib = fs::read_to_string(root().join("src/lib.rs")).unwrap();
    assert!(
        lib.contains("#[cfg(feature = \"web\")]\npub mod ui;"),
        "ui is compiled only with `web`"
    );
}

#[test]
fn the_daemon_decides_in_the_engine_not_in_the_cli() {
    // The plugins judge each operation in the engine; the cli neither builds requests for
    // them nor records a process's logs, its exit, or a compromise after the fact.
    let found = offenders(
        "src/cli",
        &[
            "host_compromised", "container_append_logs", "container_process_exit", "authorize_all",
            "Request::new", "authz::Request", "authorize_plain",
        ],
    );
    assert!(found.is_empty(), "{found:#?}");
}

#[test]
fn every_invariant_in_architecture_md_is_tested_here() {
    // Each invariant ends with the test(s) that enforce it ("Test: `name`" or "Tests: `a`,
    // `b`"); each named test must exist as a `#[test] fn` somewhere under tests/ or src/.
    let doc = fs::read_to_string(root().join("ARCHITECTURE.md")).unwrap();
    let mut tests = String::new();
    for dir in ["tests", "src"] {
        for file in rust_files(&root().join(dir)) {
            tests.push_str(&fs::read_to_string(&file).unwrap());
        }
    }
    let mut problems = Vec::new();
    let invariants: Vec<&str> = doc
        .split("**Architecture Invariant:**")
        .skip(1)
        .map(|rest| rest.split("\n\n").next().unwrap_or(""))
        .collect();
    assert!(
        invariants.len() >= 5,
        "ARCHITECTURE.md states its invariants ({} found)",
        invariants.len()
    );
    for invariant in invariants {
        let Some((_, named)) = invariant.split_once("Test") else {
            problems.push(format!("names no test: {}", invariant.trim()));
            continue;
        };
        let names: Vec<&str> = named.split('`').skip(1).step_by(2).collect();
        if names.is_empty() {
            problems.push(format!("names no test: {}", invariant.trim()));
        }
        for name in names {
            if !tests.contains(&format!("fn {name}(")) {
                problems.push(format!(
                    "no test `{name}` exists (named in: {})",
                    invariant.trim()
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{problems:#?}");
}

// ── the checker can fail ──────────────────────────────────────────────────────────────────────

fn synthetic(files: &[(&str, &str)]) -> Tree {
    let tree = Tree::new(
        files
            .iter()
            .map(|(p, t)| (p.to_string(), t.to_string()))
            .collect(),
    );
    assert!(tree.unparsed.is_empty(), "{:#?}", tree.unparsed);
    tree
}

#[test]
fn the_checker_reports_an_upward_edge_and_a_cycle_with_file_and_line() {
    let tree = synthetic(&[
        ("src/lib.rs", "pub mod cli;\npub mod engine;\n"),
        ("src/cli/mod.rs", "use crate::engine::World;\n"),
        (
            "src/engine/mod.rs",
            "pub mod network;\n\nfn f() {\n    let _ = crate::cli::run(1);\n}\n",
        ),
        (
            "src/engine/network.rs",
            "fn g() -> super::super::cli::Output { todo!() }\n",
        ),
    ]);
    let graph = tree.layer_graph();
    let up = upward(&graph);
    assert_eq!(
        up,
        [
            "src/engine/mod.rs:4: names `crate::cli::run` (engine may not name cli, a layer above it)",
            "src/engine/network.rs:1: names `super::super::cli::Output` (engine may not name cli, a layer above it)",
        ]
    );
    let found = cycles(&graph);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(
        found[0].starts_with("cycle among cli, engine:"),
        "{}",
        found[0]
    );
    assert!(found[0].contains("cli → engine: src/cli/mod.rs:1: names `crate::engine::World`"));
    assert!(found[0].contains("engine → cli: src/engine/mod.rs:4"));
}

#[test]
fn the_checker_finds_a_cycle_between_engine_folders_and_between_flat_files() {
    let folders = synthetic(&[
        ("src/engine/mod.rs", "pub mod docker;\npub mod lab;\n"),
        ("src/engine/docker/mod.rs", "use super::lab::Host;\n"),
        ("src/engine/docker/network.rs", "use super::Endpoint;\n"),
        (
            "src/engine/lab/mod.rs",
            "fn f() { crate::engine::docker::run(); }\n",
        ),
    ]);
    let found = cycles(&folders.engine_graph());
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(found[0].contains("docker → lab: src/engine/docker/mod.rs:1"));
    assert!(found[0].contains("lab → docker: src/engine/lab/mod.rs:1"));

    let flat = synthetic(&[
        ("src/engine/mod.rs", "pub mod a;\npub mod b;\npub mod c;\n"),
        ("src/engine/a.rs", "use super::b::B;\n"),
        (
            "src/engine/b.rs",
            "fn f() { format!(\"{}\", super::c::C); }\n",
        ),
        ("src/engine/c.rs", "use crate::engine::{a::A, b};\n"),
    ]);
    let found = cycles(&flat.engine_graph());
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(found[0].starts_with("cycle among a, b, c:"), "{}", found[0]);
    // The macro argument counts: `super::c::C` inside `format!`.
    assert!(
        found[0].contains("b → c: src/engine/b.rs:1"),
        "{}",
        found[0]
    );

    let acyclic = synthetic(&[
        ("src/engine/a.rs", "use super::b::B;\n"),
        ("src/engine/b.rs", "pub struct B;\n"),
    ]);
    assert!(cycles(&acyclic.engine_graph()).is_empty());
}

#[test]
fn the_checker_reports_a_tool_that_runs_a_shell_and_a_cli_root_that_does_more_than_wire() {
    let tree = synthetic(&[
        (
            "src/cli/mod.rs",
            "pub mod tools;\npub use shells::host::run_words_as;\n\npub fn run() {}\n",
        ),
        (
            "src/cli/tools/curl.rs",
            "use crate::cli::shells::container::Shell;\nfn f() { crate::cli::run_words_as(); }\n",
        ),
        ("src/cli/commands/ps.rs", "use crate::cli::tools::ping;\n"),
        ("src/cli/shells/host.rs", "use crate::cli::tools::ping;\n"),
    ]);
    assert_eq!(
        tree.cli_rule_breaks(),
        [
            "src/cli/commands/ps.rs:1: names `crate::cli::tools::ping` (cli/commands may not name tools)",
            "src/cli/tools/curl.rs:1: names `crate::cli::shells::container::Shell` (cli/tools may not name shells)",
            "src/cli/tools/curl.rs:2: names `crate::cli::run_words_as` (cli/tools may not name run_words_as)",
        ]
    );
    assert_eq!(
        tree.cli_root_items(),
        ["src/cli/mod.rs:4: an item other than a module or a `use` (cli/mod.rs only wires)"]
    );
}

#[test]
fn the_checker_reports_web_crates_golang_escapes_and_long_files() {
    let long = "// a line\n".repeat(MAX_LINES + 1);
    let tree = synthetic(&[
        (
            "src/engine/mod.rs",
            "use yew::prelude::*;\nfn f() { web_sys::window(); }\n",
        ),
        (
            "src/golang/mod.rs",
            "pub mod template;\nuse crate::engine::World;\nuse crate::golang::template::Tree;\n",
        ),
        (
            "src/golang/template.rs",
            "use super::super::cli::Output;\nuse super::Tree;\n",
        ),
        ("src/cli/long.rs", long.as_str()),
    ]);
    assert_eq!(
        tree.naming_crates("engine", WEB_CRATES),
        [
            "src/engine/mod.rs:1: names `yew::prelude`",
            "src/engine/mod.rs:2: names `web_sys::window`",
        ]
    );
    assert_eq!(
        tree.leaving("golang"),
        [
            "src/golang/mod.rs:2: names `crate::engine::World`, outside golang",
            "src/golang/template.rs:1: names `super::super::cli::Output`, outside golang",
        ]
    );
    assert_eq!(
        tree.too_long(),
        ["src/cli/long.rs:1001: the file has 1001 lines, over 1000"]
    );
}
