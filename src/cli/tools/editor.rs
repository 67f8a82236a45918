//! `nano FILE`, `vi FILE`, `vim FILE`: a full-screen editor is not a line of text, so the
//! command answers with a typed [`EditRequest`] (which file, where, its current text) in its
//! [`Output`]. The browser opens its editor panel on it and saves through the session; a
//! terminal without one (`berth shell`, the transcripts) prints a `berth:` line pointing to a
//! here-document instead.
//!
//! Not simulated: the editors' own keys and screens, options (`nano -w`, `vim -R`), several
//! files at once, and editing without a file name; each says so.

use crate::cli::Output;

/// A file to open in the front-end's editor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EditRequest {
    /// `nano`, `vi` or `vim`: the editor the learner typed.
    pub editor: String,
    /// The host whose files (or whose container's files) hold it.
    pub host: String,
    /// The container's full ID, or `None` for the host's own file system.
    pub container: Option<String>,
    /// Absolute path.
    pub path: String,
    /// The file's text now (empty for a new file).
    pub text: String,
}

/// `EDITOR [OPTIONS] FILE`: the request, or why not. `read` gives the file's current text
/// (`None`: a new file).
pub fn open(
    editor: &str,
    args: &[String],
    host: &str,
    container: Option<&str>,
    absolute: &dyn Fn(&str) -> String,
    read: &dyn Fn(&str) -> Option<String>,
) -> Output {
    let files: Vec<&String> = args.iter().filter(|a| !a.starts_with('-')).collect();
    let [file] = files.as_slice() else {
        return Output::failed(
            format!("berth: {editor} here opens one file: {editor} FILE"),
            1,
        );
    };
    let path = absolute(file);
    let text = read(&path).unwrap_or_default();
    Output {
        edit: Some(Box::new(EditRequest {
            editor: editor.to_string(),
            host: host.to_string(),
            container: container.map(str::to_string),
            path,
            text,
        })),
        ..Output::default()
    }
}

/// What a terminal without an editor panel prints instead (`berth shell`).
pub fn in_terminal(request: &EditRequest) -> Output {
    Output::failed(
        format!(
            "berth: {} opens an editor in the browser; in this terminal, write the file with a here-document:\n  cat > {} <<'EOF'\n  …\n  EOF",
            request.editor, request.path
        ),
        1,
    )
}

/// Why saving failed, in the editor's words (nano's status line).
pub fn save_failed(request: &EditRequest, reason: &str) -> String {
    format!("[ Error writing {}: {reason} ]", request.path)
}
