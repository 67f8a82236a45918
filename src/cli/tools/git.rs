//! `git clone URL [DIR]` on a lab host: the repositories Berth holds
//! (`engine::docker::apps::samples`: Docker's getting-started workshop app, the beginner labs'
//! sample repositories), written into the host's files as a clone would check it out. The lab has no internet, so any other URL fails as git fails
//! when the name does not resolve, and a `berth:` line says what can be cloned.
//!
//! Texts: git `builtin/clone.c` (`Cloning into '%s'...`, `destination path '%s' already
//! exists and is not an empty directory.`, `You must specify a repository to clone.`),
//! `http.c`/`remote-curl.c` (`unable to access '%s': %s`, with curl's `Could not resolve
//! host: %s`; remote-curl adds the trailing `/` to the URL it names), and OpenSSH's
//! `ssh: Could not resolve hostname %s: …` followed by git `connect.c`'s `Could not read from
//! remote repository.` lines.
//!
//! Not simulated: the transfer's progress lines (`remote: Enumerating objects…`,
//! `Receiving objects…`: their counts depend on GitHub's packing), the history (`.git`
//! holds only `HEAD`), every other git command; each says so.

use super::fs::Fs;
use crate::cli::Output;
use crate::engine::docker::apps::samples;
use crate::engine::docker::apps::AppFile;
use crate::engine::fs::UNKEPT_MARK;

/// The first repository `git clone` can fetch here, for the `berth:` lines of other verbs.
const CLONABLE: &str = "https://github.com/docker/getting-started-app.git";

/// `git ARGS…` in a host's shell.
pub fn git(args: &[String], fs: &mut dyn Fs) -> Output {
    let words: Vec<&str> = args.iter().map(String::as_str).collect();
    match words.split_first() {
        Some((&"clone", rest)) => clone(rest, fs),
        Some((verb, _)) => Output::failed(
            format!("berth: git {verb} is not simulated; `git clone {CLONABLE}` is"),
            1,
        ),
        None => Output::failed(
            format!("berth: git's usage is not simulated; `git clone {CLONABLE}` is"),
            1,
        ),
    }
}

/// git's `git_url_basename`: the last path component, without `.git` or a trailing `/`.
fn directory_of(url: &str) -> String {
    let trimmed = url.trim_end_matches('/');
    let trimmed = trimmed.strip_suffix(".git").unwrap_or(trimmed);
    let last = trimmed
        .rsplit(['/', ':'])
        .next()
        .filter(|s| !s.is_empty())
        .unwrap_or(trimmed);
    last.to_string()
}

fn clone(args: &[&str], fs: &mut dyn Fs) -> Output {
    let mut operands = Vec::new();
    let mut skip_value = false;
    for arg in args {
        if skip_value {
            skip_value = false;
            continue;
        }
        match *arg {
            // Options that change nothing in a checkout of one branch.
            "-q" | "--quiet" | "--single-branch" | "--no-tags" | "--progress" => {}
            "--depth" | "-b" | "--branch" => skip_value = true,
            a if a.starts_with("--depth=") || a.starts_with("--branch=") => {}
            a if a.starts_with('-') => {
                return Output::failed(format!("berth: git clone {a} is not simulated"), 1)
            }
            a => operands.push(a),
        }
    }
    let quiet = args.iter().any(|a| *a == "-q" || *a == "--quiet");
    let Some(url) = operands.first().copied() else {
        // builtin/clone.c: `usage_msg_opt(_("You must specify a repository to clone."), …)`.
        let mut o = Output::failed("fatal: You must specify a repository to clone.", 129);
        o.err("berth: git's usage text that follows is not simulated");
        return o;
    };
    let dir = operands
        .get(1)
        .map(|d| d.trim_end_matches('/').to_string())
        .unwrap_or_else(|| directory_of(url));
    // builtin/clone.c: a local path that is not a repository dies before `Cloning into`.
    if !url.contains(':') {
        let mut o = Output::failed(format!("fatal: repository '{url}' does not exist"), 128);
        o.err(format!(
            "berth: git clone knows these repositories: {}",
            clonable()
        ));
        return o;
    }
    let target = fs.absolute(&dir);
    // builtin/clone.c: a destination that exists must be an empty directory.
    if fs.stat(&target).is_ok() && fs.list(&target).map_or(true, |names| !names.is_empty()) {
        return Output::failed(
            format!(
                "fatal: destination path '{dir}' already exists and is not an empty directory."
            ),
            128,
        );
    }
    let mut o = Output::default();
    if !quiet {
        o.err(format!("Cloning into '{dir}'..."));
    }
    let Some(repository) = samples::repository(url) else {
        offline_error(&mut o, url);
        return o;
    };
    for (path, file) in repository.files {
        let text = match file {
            AppFile::Text(text) => (*text).to_string(),
            AppFile::Unkept(size) => format!("{UNKEPT_MARK}{size}\n"),
        };
        if let Err(e) = fs.write(&format!("{target}/{path}"), &text, false) {
            o.err(format!(
                "fatal: could not create work tree dir '{dir}': {e}"
            ));
            o.exit_code = 128;
            return o;
        }
    }
    let head = format!("ref: refs/heads/{}\n", repository.branch);
    if let Err(e) = fs.write(&format!("{target}/.git/HEAD"), &head, false) {
        o.err(format!(
            "fatal: could not create work tree dir '{dir}': {e}"
        ));
        o.exit_code = 128;
    }
    o
}

/// The repositories Berth can clone, for a `berth:` line: `URL (what it is), URL (…)`.
fn clonable() -> String {
    samples::REPOSITORIES
        .iter()
        .map(|r| format!("{} ({})", r.url, r.about))
        .collect::<Vec<_>>()
        .join(", ")
}

/// git's failure when the URL's host does not resolve, then what Berth can clone.
fn offline_error(o: &mut Output, url: &str) {
    if let Some(rest) = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
    {
        let host = rest.split(['/', ':']).next().unwrap_or(rest);
        let shown = if url.ends_with('/') {
            url.to_string()
        } else {
            format!("{url}/")
        };
        // http.c via remote-curl.c, with curl's CURLE_COULDNT_RESOLVE_HOST text.
        o.err(format!(
            "fatal: unable to access '{shown}': Could not resolve host: {host}"
        ));
    } else if let Some((user_host, _)) = url.split_once(':') {
        let host = user_host.rsplit('@').next().unwrap_or(user_host);
        // OpenSSH, then git connect.c's `die_initial_contact`.
        o.err(format!(
            "ssh: Could not resolve hostname {host}: Temporary failure in name resolution\n\
             fatal: Could not read from remote repository.\n\n\
             Please make sure you have the correct access rights\n\
             and the repository exists."
        ));
    }
    o.err(format!(
        "berth: the lab has no internet; git clone knows these repositories: {}",
        clonable()
    ));
    o.exit_code = 128;
}

#[cfg(test)]
mod tests {
    use super::directory_of;

    #[test]
    fn a_clone_is_named_after_the_url() {
        assert_eq!(
            directory_of("https://github.com/docker/getting-started-app.git"),
            "getting-started-app"
        );
        assert_eq!(directory_of("https://github.com/a/b/"), "b");
        assert_eq!(directory_of("git@github.com:a/b.git"), "b");
    }
}
