//! `find [PATH...] [-name PATTERN] [-type f|d]` and `du [-s] [-h] [PATH...]`, walking the
//! layered view depth first in name order (a real file system's order is its directory's;
//! Berth's is sorted). Texts: findutils `find/find.c` (`%s: No such file or directory` with
//! `quote()`), busybox `findutils/find.c`; coreutils `src/du.c` (`cannot access %s`),
//! busybox `coreutils/du.c`.
//!
//! Not simulated: other predicates and actions (`-exec`, `-delete`, `-mtime`…: a `berth:`
//! line says so), `du`'s other options.

use super::fs::{quote, Fs};
use super::Flavor;
use crate::cli::Output;
use crate::engine::fs::{resolve, Kind};

/// How many entries one walk visits at most.
const MAX_WALK: usize = 4000;

/// Every path under `start` (itself first), as `(shown, absolute, kind, size)`.
fn walk(fs: &mut dyn Fs, shown: &str, start: &str) -> Vec<(String, String, Kind, u64)> {
    let mut out = Vec::new();
    let Ok(meta) = fs.stat(start) else {
        return out;
    };
    let mut stack = vec![(shown.to_string(), start.to_string(), meta.kind, meta.size)];
    while let Some((s, abs, kind, size)) = stack.pop() {
        if out.len() >= MAX_WALK {
            break;
        }
        out.push((s.clone(), abs.clone(), kind, size));
        if kind == Kind::Dir {
            let mut children = fs.list(&abs).unwrap_or_default();
            children.reverse();
            for name in children {
                let child = resolve(&abs, &name);
                if let Ok(m) = fs.stat(&child) {
                    let shown_child = if s.ends_with('/') {
                        format!("{s}{name}")
                    } else {
                        format!("{s}/{name}")
                    };
                    stack.push((shown_child, child, m.kind, m.size));
                }
            }
        }
    }
    out
}

/// A shell pattern: `*`, `?`, `[abc]`, `[a-z]`, `[!x]`.
pub fn glob(pattern: &[char], name: &[char]) -> bool {
    match (pattern.split_first(), name.split_first()) {
        (None, None) => true,
        (None, Some(_)) => false,
        (Some(('*', rest)), _) => {
            glob(rest, name)
                || name
                    .split_first()
                    .is_some_and(|(_, tail)| glob(pattern, tail))
        }
        (Some(_), None) => false,
        (Some(('?', rest)), Some((_, tail))) => glob(rest, tail),
        (Some(('[', rest)), Some((c, tail))) => {
            let Some(end) = rest.iter().skip(1).position(|&x| x == ']').map(|p| p + 1) else {
                return *c == '[' && glob(rest, tail);
            };
            let (class, after) = rest.split_at(end);
            let (negated, class) = match class.split_first() {
                Some(('!' | '^', r)) => (true, r),
                _ => (false, class),
            };
            let mut hit = false;
            let mut i = 0;
            while let Some(&a) = class.get(i) {
                if class.get(i + 1) == Some(&'-') {
                    if let Some(&b) = class.get(i + 2) {
                        hit |= (a..=b).contains(c);
                        i += 3;
                        continue;
                    }
                }
                hit |= a == *c;
                i += 1;
            }
            hit != negated && glob(after.get(1..).unwrap_or(&[]), tail)
        }
        (Some((p, rest)), Some((c, tail))) => p == c && glob(rest, tail),
    }
}

pub fn find(args: &[&str], fs: &mut dyn Fs, flavor: Flavor) -> Output {
    let split = args
        .iter()
        .position(|a| a.starts_with('-'))
        .unwrap_or(args.len());
    let (paths, predicates) = args.split_at(split);
    let mut name: Option<Vec<char>> = None;
    let mut kind: Option<Kind> = None;
    let mut it = predicates.iter();
    while let Some(p) = it.next() {
        match *p {
            "-name" | "-iname" => match it.next() {
                Some(v) => name = Some(v.chars().collect()),
                None => return Output::failed(format!("find: missing argument to `{p}'"), 1),
            },
            "-type" => match it.next().copied() {
                Some("f") => kind = Some(Kind::File),
                Some("d") => kind = Some(Kind::Dir),
                Some("l") => kind = Some(Kind::Link),
                Some(other) => {
                    return Output::failed(
                        format!("berth: `find -type {other}` is not simulated; try f, d or l"),
                        1,
                    )
                }
                None => return Output::failed("find: missing argument to `-type'", 1),
            },
            "-print" => {}
            other => {
                return Output::failed(
                    format!("berth: `find {other}` is not simulated; try -name PATTERN, -type f|d"),
                    1,
                )
            }
        }
    }
    let paths: Vec<&str> = if paths.is_empty() {
        vec!["."]
    } else {
        paths.to_vec()
    };
    let mut out = Output::default();
    for shown in paths {
        let abs = fs.absolute(shown);
        if let Err(e) = fs.stat(&abs) {
            out.err(match flavor {
                Flavor::Gnu => format!("find: {}: {e}", quote(shown)),
                Flavor::Busybox => format!("find: {shown}: {e}"),
            });
            out.exit_code = 1;
            continue;
        }
        let entries = walk(fs, shown, &abs);
        if entries.len() >= MAX_WALK {
            out.err(format!(
                "berth: find stops after {MAX_WALK} entries in this playground"
            ));
        }
        for (s, a, k, _) in entries {
            let base: Vec<char> = crate::engine::fs::base_name(&a).chars().collect();
            let base = if s == shown {
                s.chars().collect()
            } else {
                base
            };
            if name.as_ref().is_some_and(|p| !glob(p, &base)) {
                continue;
            }
            if kind.is_some_and(|want| want != k) {
                continue;
            }
            out.out(s);
        }
    }
    out
}

pub fn du(args: &[&str], fs: &mut dyn Fs, flavor: Flavor) -> Output {
    let (set, operands) = match super::fs::flags(args, "sha") {
        Ok(x) => x,
        Err(c) => return super::invalid_option("du", c, flavor),
    };
    let summary = set.contains('s');
    let human = set.contains('h');
    let show = |kib: u64| {
        if human {
            super::ls::human(kib * 1024)
        } else {
            kib.to_string()
        }
    };
    let operands: Vec<&str> = if operands.is_empty() {
        vec!["."]
    } else {
        operands
    };
    let mut out = Output::default();
    for shown in operands {
        let abs = fs.absolute(shown);
        if let Err(e) = fs.stat(&abs) {
            out.err(match flavor {
                Flavor::Gnu => format!("du: cannot access '{shown}': {e}"),
                Flavor::Busybox => format!("du: {shown}: {e}"),
            });
            out.exit_code = 1;
            continue;
        }
        let entries = walk(fs, shown, &abs);
        let kib = |k: Kind, size: u64| match k {
            Kind::Link => 0,
            _ => size.div_ceil(4096) * 4,
        };
        if summary {
            let total: u64 = entries.iter().map(|(_, _, k, s)| kib(*k, *s)).sum();
            out.out(format!("{}\t{shown}", show(total)));
            continue;
        }
        // Each directory, after what is in it, with everything below it counted.
        let mut dirs: Vec<(String, u64)> = Vec::new();
        for (s, _, k, _) in entries.iter().filter(|(_, _, k, _)| *k == Kind::Dir) {
            let prefix = format!("{s}/");
            let total: u64 = entries
                .iter()
                .filter(|(p, _, _, _)| p == s || p.starts_with(&prefix))
                .map(|(_, _, k2, size)| kib(*k2, *size))
                .sum();
            let _ = k;
            dirs.push((s.clone(), total));
        }
        dirs.reverse();
        for (s, total) in dirs {
            out.out(format!("{}\t{s}", show(total)));
        }
    }
    out
}
