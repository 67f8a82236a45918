//! `pip install NAME…` and `pip install -r requirements.txt` in a python container:
//! instantly and offline, each package a folder under the image's `site-packages`.
//!
//! Texts: pip `src/pip/_internal/operations/prepare.py` / `req/req_install.py`
//! (`Collecting %s`, with `(from -r requirements.txt (line N))` for a requirements file,
//! pip ≥ 23.1), `commands/install.py` (`Installing collected packages: %s`, `Successfully
//! installed %s` with `name-version` items) and `utils/misc.py`'s root warning
//! (`WARNING: Running pip as the 'root' user…`, pip ≥ 22.1; the official python images
//! run as root).
//!
//! Versions: a pinned requirement (`flask==3.0.3`) installs that version; an unpinned one
//! has no version Berth could know (pip would ask PyPI), so it is listed by name and a
//! `berth:` line says so.
//!
//! Not simulated: the `Downloading …whl` lines (their file names and sizes come from PyPI),
//! dependencies of packages, `[notice]` lines, other pip commands.

use super::fs::Fs;
use crate::cli::Output;

/// pip's warning when run as root (`src/pip/_internal/utils/misc.py`, `warn_if_run_as_root`).
const ROOT_WARNING: &str = "WARNING: Running pip as the 'root' user can result in broken permissions and conflicting behaviour with the system package manager, possibly rendering your system unusable. It is recommended to use a virtual environment instead: https://pip.pypa.io/warnings/venv. Use the --root-user-action option if you know what you are doing and want to suppress this warning.";

/// One requirement: name, pinned version, where it came from.
struct Requirement {
    name: String,
    version: Option<String>,
    from: Option<String>,
}

/// `pip ARGS…` in a container whose Python is `python` (`3.12`): its site-packages.
pub fn pip(args: &[String], fs: &mut dyn Fs, python: &str) -> Output {
    let words: Vec<&str> = args.iter().map(String::as_str).collect();
    let Some((&"install", rest)) = words.split_first() else {
        return Output::failed("berth: only pip install is simulated", 1);
    };
    let mut requirements = Vec::new();
    let mut iter = rest.iter();
    while let Some(word) = iter.next() {
        match *word {
            "-r" | "--requirement" => {
                let Some(file) = iter.next() else {
                    return Output::failed("berth: pip install -r needs a file name", 2);
                };
                let path = fs.absolute(file);
                let Ok(text) = fs.read(&path) else {
                    // pip `req/req_file.py`, `get_file_content`.
                    return Output::failed(
                        format!("ERROR: Could not open requirements file: [Errno 2] No such file or directory: '{file}'"),
                        1,
                    );
                };
                for (n, line) in text.lines().enumerate().take(1000) {
                    let line = line.split('#').next().unwrap_or("").trim();
                    if line.is_empty() {
                        continue;
                    }
                    let mut r = parse(line);
                    r.from = Some(format!("-r {file} (line {})", n + 1));
                    requirements.push(r);
                }
            }
            "--no-cache-dir" | "--upgrade" | "-U" | "-q" | "--quiet" | "--user" => {}
            w if w.starts_with('-') => {
                return Output::failed(format!("berth: pip install {w} is not simulated"), 1)
            }
            w => requirements.push(parse(w)),
        }
    }
    let mut o = Output::default();
    if requirements.is_empty() {
        // pip `commands/install.py` (`ERROR: You must give at least one requirement to install`).
        o.err(
            "ERROR: You must give at least one requirement to install (see \"pip help install\")",
        );
        o.exit_code = 1;
        return o;
    }
    let site = format!("/usr/local/lib/python{python}/site-packages");
    for r in &requirements {
        let spec = match &r.version {
            Some(v) => format!("{}=={v}", r.name),
            None => r.name.clone(),
        };
        match &r.from {
            Some(from) => o.out(format!("Collecting {spec} (from {from})")),
            None => o.out(format!("Collecting {spec}")),
        }
    }
    for r in &requirements {
        let dir = format!("{site}/{}", r.name.to_lowercase().replace('-', "_"));
        if let Err(e) = fs.change(&mut |view| view.mkdir(&dir, true)) {
            o.err(format!("berth: {dir} could not be written: {e}"));
            o.exit_code = 1;
            return o;
        }
    }
    let names: Vec<&str> = requirements.iter().map(|r| r.name.as_str()).collect();
    o.out(format!(
        "Installing collected packages: {}",
        names.join(", ")
    ));
    let installed: Vec<String> = requirements
        .iter()
        .map(|r| match &r.version {
            Some(v) => format!("{}-{v}", r.name),
            None => r.name.clone(),
        })
        .collect();
    o.out(format!("Successfully installed {}", installed.join(" ")));
    o.err(ROOT_WARNING);
    if requirements.iter().any(|r| r.version.is_none()) {
        o.err("berth: an unpinned package has no version here (pip would ask PyPI); pin it (NAME==VERSION) to see one");
    }
    o
}

/// `flask`, `flask==3.0.3`, `Flask>=2`: the name and a pinned version.
fn parse(spec: &str) -> Requirement {
    let end = spec
        .find(['=', '<', '>', '!', '~', '[', ';', ' '])
        .unwrap_or(spec.len());
    let name = spec.get(..end).unwrap_or(spec).to_string();
    let version = spec
        .split_once("==")
        .map(|(_, v)| v.trim().to_string())
        .filter(|v| !v.is_empty());
    Requirement {
        name,
        version,
        from: None,
    }
}
