//! Paths as the kernel reads them: made absolute and normalised, their parent, their last
//! component, and whether one lies inside another. Text only; no file is looked at.

/// `path` made absolute against `cwd` and normalised: `.` and empty components dropped, `..`
/// climbs (never above `/`), as the kernel resolves a path (symbolic links aside).
pub fn resolve(cwd: &str, path: &str) -> String {
    let joined = if path.starts_with('/') {
        path.to_string()
    } else {
        format!("{cwd}/{path}")
    };
    let mut parts: Vec<&str> = Vec::new();
    for part in joined.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    format!("/{}", parts.join("/"))
}

/// The directory holding `path` (`/` for `/`).
pub fn parent(path: &str) -> &str {
    match path.rfind('/') {
        Some(0) | None => "/",
        Some(i) => path.get(..i).unwrap_or("/"),
    }
}

/// The last component of `path` (`/` for `/`).
pub fn base_name(path: &str) -> &str {
    match path.rsplit('/').next() {
        Some("") | None => "/",
        Some(name) => name,
    }
}

/// Whether `path` is `dir` or inside it.
pub(crate) fn within(path: &str, dir: &str) -> bool {
    dir == "/"
        || path == dir
        || path
            .strip_prefix(dir)
            .is_some_and(|rest| rest.starts_with('/'))
}

/// `dir`'s child that leads to `path` (`path` inside `dir`), as a full path.
pub(crate) fn child_towards(dir: &str, path: &str) -> Option<String> {
    let rest = if dir == "/" {
        path.strip_prefix('/')?
    } else {
        path.strip_prefix(dir)?.strip_prefix('/')?
    };
    let name = rest.split('/').next().filter(|n| !n.is_empty())?;
    Some(if dir == "/" {
        format!("/{name}")
    } else {
        format!("{dir}/{name}")
    })
}
