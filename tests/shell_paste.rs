//! A pasted here-document past the shell's 64 KiB input bound (a 1 MB paste, issue 12's
//! "Bad input"): one clear error, nothing runs, nothing is written, and the rest of the
//! pasted lines are skipped up to the delimiter instead of running as commands.

// Test code: a failed unwrap or index is a failed test, which is what we want here.
#![allow(
    clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing
)]

use berth::session::{Session, DEFAULT_SEED};

fn text(turn: &berth::session::Turn) -> Vec<String> {
    turn.output.iter().map(|l| l.text.clone()).collect()
}

#[test]
fn a_one_megabyte_here_document_is_refused_whole() {
    let mut session = Session::new(DEFAULT_SEED);
    let mut shown: Vec<String> = Vec::new();
    shown.extend(text(&session.submit("cat > big.txt <<EOF")));
    // 1 MB: 80,000 lines of 13 bytes, with a command among them that must not run.
    for i in 0..80_000 {
        let line = if i == 70_000 {
            "touch ran.txt"
        } else {
            "line of text"
        };
        let turn = session.submit(line);
        shown.extend(text(&turn));
    }
    shown.extend(text(&session.submit("EOF")));
    assert!(!session.continuing());
    assert_eq!(
        shown,
        vec![
            "berth: the input is too long for this playground's shell (64 KiB at most)",
            "berth: nothing ran; the here-document's lines up to `EOF` are skipped",
        ]
    );
    let after = session.submit("[ -e big.txt ] || [ -e ran.txt ] || echo neither");
    assert_eq!(text(&after), vec!["neither"]);
}
