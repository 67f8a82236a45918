//! The architecture invariants of ARCHITECTURE.md, enforced. Each test reads the source tree as
//! text: layers are a matter of what a file names.

// Test code: a failed unwrap or index is a failed test, which is what we want here.
#![allow(
    clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing
)]

use std::fs;
use std::path::{Path, PathBuf};

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Files under `dir` whose code (comments aside) names any of `needles`.
fn offenders(dir: &str, needles: &[&str]) -> Vec<String> {
    let mut found = Vec::new();
    for file in rust_files(&root().join(dir)) {
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

const WEB_CRATES: &[&str] = &["yew", "web_sys", "wasm_bindgen", "gloo", "js_sys"];

#[test]
fn engine_names_no_web_crate_and_no_upper_layer() {
    let mut needles = WEB_CRATES.to_vec();
    needles.extend([
        "crate::cli", "crate::session", "crate::ui", "crate::lessons",
    ]);
    let found = offenders("src/engine", &needles);
    assert!(found.is_empty(), "{found:#?}");
}

#[test]
fn engine_reads_no_clock_no_os_randomness_and_no_hash_order() {
    let found = offenders(
        "src/engine",
        &[
            "Instant::now", "SystemTime", "HashMap", "HashSet", "getrandom", "std::fs", "std::io",
            "std::env",
        ],
    );
    assert!(found.is_empty(), "{found:#?}");
}

#[test]
fn only_ui_names_web_crates() {
    for dir in ["src/engine", "src/cli", "src/lessons", "src/bin"] {
        let found = offenders(dir, WEB_CRATES);
        assert!(found.is_empty(), "{found:#?}");
    }
    let session = fs::read_to_string(root().join("src/session.rs")).unwrap();
    for web in WEB_CRATES {
        assert!(!session.contains(web), "session names {web}");
    }
}

#[test]
fn cli_names_neither_session_nor_ui_and_session_names_no_ui() {
    let found = offenders("src/cli", &["crate::session", "crate::ui"]);
    assert!(found.is_empty(), "{found:#?}");
    let session = fs::read_to_string(root().join("src/session.rs")).unwrap();
    assert!(!session.contains("crate::ui"));
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
            "Request::new", "authz::Request",
        ],
    );
    assert!(found.is_empty(), "{found:#?}");
}

#[test]
fn every_invariant_in_architecture_md_is_tested_here() {
    let doc = fs::read_to_string(root().join("ARCHITECTURE.md")).unwrap();
    let count = doc.matches("**Architecture Invariant:**").count();
    assert!(
        count >= 5,
        "ARCHITECTURE.md states its invariants ({count} found)"
    );
}
