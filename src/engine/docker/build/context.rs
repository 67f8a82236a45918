//! The build context: the files under the context folder that `.dockerignore` lets through
//! (moby/patternmatcher: `#` comments, `!` exceptions, `*`, `?`, `**`, a pattern naming a
//! folder covering what is under it), and the sources a `COPY`/`ADD` names in it (Go's
//! `filepath.Match` globs, a folder copied with its contents).
//!
//! Paths inside the context are relative, without a leading `/` (`src/index.js`). Not
//! simulated: file modes and owners (`--chown` is recorded, not applied), symlinks, character
//! classes `[a-z]` in patterns (they match literally).

use std::collections::BTreeMap;

/// The most files a context may send (Berth's bound).
pub const MAX_CONTEXT_FILES: usize = 1024;

/// The context's files: relative path → content.
pub type Tree = BTreeMap<String, String>;

/// Go's `filepath.Match` for one path segment or a whole path: `*` and `?` stop at `/`.
fn match_here(pattern: &[char], name: &[char]) -> bool {
    match pattern.split_first() {
        None => name.is_empty(),
        Some(('*', rest)) => {
            // `**` crosses folders (patternmatcher); `*` does not.
            if let Some(('*', after)) = rest.split_first() {
                let after = after.strip_prefix(&['/']).unwrap_or(after);
                return (0..=name.len()).any(|i| {
                    name.get(i..).is_some_and(|tail| match_here(after, tail))
                        && (i == 0 || name.get(i - 1) == Some(&'/') || after.is_empty())
                });
            }
            (0..=name.len()).any(|i| {
                let skipped = name.get(..i).unwrap_or(&[]);
                !skipped.contains(&'/') && name.get(i..).is_some_and(|tail| match_here(rest, tail))
            })
        }
        Some(('?', rest)) => match name.split_first() {
            Some((c, tail)) if *c != '/' => match_here(rest, tail),
            _ => false,
        },
        Some(('\\', rest)) => match (rest.split_first(), name.split_first()) {
            (Some((p, prest)), Some((c, tail))) if p == c => match_here(prest, tail),
            _ => false,
        },
        Some((p, rest)) => match name.split_first() {
            Some((c, tail)) if c == p => match_here(rest, tail),
            _ => false,
        },
    }
}

/// Whether `path` matches `pattern` (both relative, cleaned).
pub fn matches(pattern: &str, path: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let n: Vec<char> = path.chars().collect();
    match_here(&p, &n)
}

/// `filepath.Clean` of a relative path: no `./`, no `//`, `..` resolved (never above the top).
pub fn clean(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    parts.join("/")
}

/// `.dockerignore`'s patterns, in order: (pattern, is an exception `!`).
pub fn ignore_patterns(text: &str) -> Vec<(String, bool)> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| match l.strip_prefix('!') {
            Some(rest) => (clean(rest.trim()), true),
            None => (clean(l), false),
        })
        .filter(|(p, _)| !p.is_empty())
        .collect()
}

/// Whether the patterns exclude `path`: the last pattern that matches it or one of its
/// parent folders decides.
pub fn excluded(patterns: &[(String, bool)], path: &str) -> bool {
    let mut out = false;
    for (pattern, exception) in patterns {
        let mut hit = matches(pattern, path);
        let mut prefix = path;
        while !hit {
            let Some((parent, _)) = prefix.rsplit_once('/') else {
                break;
            };
            hit = matches(pattern, parent);
            prefix = parent;
        }
        if hit {
            out = !exception;
        }
    }
    out
}

/// The files under `dir` (absolute), relative to it, minus what `.dockerignore` excludes.
/// `Err` past [`MAX_CONTEXT_FILES`].
pub fn collect<'a>(
    all: impl Iterator<Item = (&'a str, &'a str)>,
    dir: &str,
) -> Result<Tree, super::BuildError> {
    let prefix = if dir.ends_with('/') {
        dir.to_string()
    } else {
        [dir, "/"].concat()
    };
    let mut tree = Tree::new();
    for (path, content) in all {
        if let Some(rel) = path.strip_prefix(&prefix) {
            tree.insert(rel.to_string(), content.to_string());
            if tree.len() > MAX_CONTEXT_FILES {
                return Err(super::BuildError::TooManyFiles);
            }
        }
    }
    let patterns = tree
        .get(".dockerignore")
        .map(|t| ignore_patterns(t))
        .unwrap_or_default();
    tree.retain(|path, _| !excluded(&patterns, path));
    Ok(tree)
}

/// What one `COPY` source names in `tree`: (path in the tree, path under the destination).
/// `None` when it names nothing (BuildKit's `not found`).
pub fn resolve_source(tree: &Tree, source: &str) -> Option<Vec<(String, String)>> {
    let cleaned = clean(source);
    let mut found = Vec::new();
    // The whole context.
    if cleaned.is_empty() {
        return Some(
            tree.keys()
                .map(|p| (p.clone(), p.clone()))
                .collect::<Vec<_>>(),
        );
    }
    let glob = cleaned.contains(['*', '?']);
    for path in tree.keys() {
        if path == &cleaned || (glob && matches(&cleaned, path)) {
            let base = path.rsplit('/').next().unwrap_or(path);
            found.push((path.clone(), base.to_string()));
            continue;
        }
        // A folder: its contents, relative to it.
        if let Some(rest) = path
            .strip_prefix(&cleaned)
            .and_then(|r| r.strip_prefix('/'))
        {
            found.push((path.clone(), rest.to_string()));
        } else if glob {
            let mut prefix = path.as_str();
            while let Some((parent, _)) = prefix.rsplit_once('/') {
                if matches(&cleaned, parent) {
                    let inner = path.get(parent.len() + 1..).unwrap_or("");
                    let folder = parent.rsplit('/').next().unwrap_or(parent);
                    found.push((path.clone(), [folder, "/", inner].concat()));
                    break;
                }
                prefix = parent;
            }
        }
    }
    (!found.is_empty()).then_some(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dockerignore_as_patternmatcher() {
        let p = ignore_patterns("# comment\nnode_modules\n*.log\n!keep.log\n**/secret\n");
        assert!(excluded(&p, "node_modules/x/y.js"));
        assert!(excluded(&p, "debug.log"));
        assert!(!excluded(&p, "keep.log"));
        assert!(excluded(&p, "a/b/secret"));
        assert!(!excluded(&p, "src/index.js"));
        assert!(!excluded(&p, "dir/debug.log"), "`*` stops at a folder");
    }

    #[test]
    fn copy_sources() {
        let tree: Tree = [
            ("package.json", "{}"),
            ("src/index.js", "x"),
            ("src/lib/a.js", "y"),
        ]
        .into_iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
        assert_eq!(resolve_source(&tree, ".").map(|v| v.len()), Some(3));
        assert_eq!(
            resolve_source(&tree, "src"),
            Some(vec![
                ("src/index.js".into(), "index.js".into()),
                ("src/lib/a.js".into(), "lib/a.js".into())
            ])
        );
        assert_eq!(
            resolve_source(&tree, "*.json"),
            Some(vec![("package.json".into(), "package.json".into())])
        );
        assert_eq!(resolve_source(&tree, "missing.txt"), None);
    }
}
