//! `npm install` / `npm i` / `npm ci` in a container (the npm the node images ship): the
//! `package.json` of the working directory installed instantly and offline, each package a
//! folder under `node_modules/`, and npm's summary line.
//!
//! Texts: npm `lib/utils/reify-output.js` (`added N packages in TIME`, `up to date in TIME`,
//! after an empty line; TIME by the `ms` package: `450ms`, `2s`), as its tap snapshots
//! (`tap-snapshots/test/lib/utils/reify-output.js.test.cjs`) show them.
//!
//! How many packages: for Docker's getting-started app (recognised by its `package.json`,
//! `engine::docker::apps`) the packages its `yarn.lock` resolves; for any other manifest only
//! the direct dependencies, and a `berth:` line says the rest of the tree is not simulated.
//!
//! Not simulated: the audit (`audited N packages`, `found 0 vulnerabilities`: npm would ask
//! the registry, which the lab cannot reach; a `berth:` line says so), funding lines,
//! `package-lock.json`, `npm install NAME` saving to `package.json`, other npm commands.

use super::fs::Fs;
use super::yarn;
use crate::cli::Output;
use crate::engine::docker::apps;

/// `npm ARGS…` in the working directory of a container's shell.
pub fn npm(args: &[String], fs: &mut dyn Fs) -> Output {
    let words: Vec<&str> = args.iter().map(String::as_str).collect();
    match words.split_first() {
        Some((&("install" | "i" | "ci"), rest)) => install(rest, fs),
        Some((verb, _)) => Output::failed(
            format!("berth: npm {verb} is not simulated; npm install and npm ci are"),
            1,
        ),
        None => Output::failed(
            "berth: npm's usage text is not simulated; npm install and npm ci are",
            1,
        ),
    }
}

/// `ms`'s short form: milliseconds under a second, else whole seconds.
fn elapsed(ms: u64) -> String {
    if ms < 1000 {
        format!("{ms}ms")
    } else {
        format!("{}s", (ms + 500) / 1000)
    }
}

fn install(rest: &[&str], fs: &mut dyn Fs) -> Output {
    let mut omit_dev = false;
    let mut named = Vec::new();
    for word in rest {
        match *word {
            "--omit=dev" | "--production" | "--only=production" | "--only=prod" => omit_dev = true,
            "--no-audit" | "--no-fund" | "--silent" | "--quiet" | "--no-save" => {}
            w if w.starts_with('-') => {
                return Output::failed(format!("berth: npm install {w} is not simulated"), 1)
            }
            w => named.push(w.to_string()),
        }
    }
    let mut o = Output::default();
    let (names, count, whole_tree) = if named.is_empty() {
        let manifest = match yarn::manifest(fs, "npm") {
            Ok(m) => m,
            Err(o) => return o,
        };
        let mut names = manifest.dependencies.clone();
        if !omit_dev {
            names.extend(manifest.dev_dependencies.iter().cloned());
        }
        let path = fs.absolute("package.json");
        let known = fs
            .read(&path)
            .is_ok_and(|t| t.trim_end() == apps::getting_started_manifest().trim_end());
        if known && !omit_dev {
            (names, apps::GETTING_STARTED_LOCKED_PACKAGES as usize, true)
        } else {
            let n = names.len();
            (names, n, false)
        }
    } else {
        let n = named.len();
        (named, n, false)
    };
    let ms = 300 + yarn::centiseconds(fs.now(), count) * 10;
    let up_to_date = !names.is_empty() && yarn::linked(fs, &names);
    if let Err(e) = yarn::link(fs, &names) {
        return Output::failed(format!("berth: node_modules could not be written: {e}"), 1);
    }
    o.out("");
    if up_to_date || count == 0 {
        o.out(format!("up to date in {}", elapsed(ms)));
    } else {
        o.out(format!(
            "added {count} package{} in {}",
            if count == 1 { "" } else { "s" },
            elapsed(ms)
        ));
    }
    if !whole_tree && count > 0 && !up_to_date {
        o.err("berth: only the direct dependencies are counted and installed; their own dependencies are not simulated");
    }
    o.err("berth: npm's audit and funding lines are not simulated (the lab cannot reach the registry)");
    o
}

#[cfg(test)]
mod tests {
    #[test]
    fn times_read_as_the_ms_package_writes_them() {
        assert_eq!(super::elapsed(450), "450ms");
        assert_eq!(super::elapsed(1600), "2s");
    }
}
