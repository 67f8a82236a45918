//! Loading a project as compose-go v2.9.1 (the library of Compose v2.40, shipped with Docker
//! 29.0) does: find the file (`-f`, else `compose.yaml`, `compose.yml`, `docker-compose.yml`,
//! `docker-compose.yaml` in the current folder: `cli/options.go` `DefaultFileNames`), read
//! `.env`, parse the YAML, interpolate `${VAR}`, check the document against the schema
//! ([`super::schema`]) and build the [`Project`].
//!
//! The YAML parser is `serde_norway` (a maintained fork of serde_yaml over a Rust port of
//! libyaml). go-yaml v3, which compose-go uses, is itself a port of libyaml: both report the
//! same problems (`mapping values are not allowed in this context`), so [`yaml_error`] only
//! reframes libyaml's message the way go-yaml's `parser.fail` does (`yaml: line N: …`).
//! Hand-written here: the interpolation (compose-go `template/template.go`: a small grammar,
//! its own error texts) and the `.env` reader (compose-go `dotenv`), each a few dozen lines.
//!
//! Bounds: a file of at most [`MAX_BYTES`], [`MAX_SERVICES`] services, [`MAX_DEPTH`] levels
//! of nesting; past one, a `berth:` line says which. Not simulated: several `-f` files merged
//! (the first is read and a `berth:` line says so), `include`, `extends`, profiles, override
//! files, looking for the file in parent folders.

use std::collections::BTreeMap;

use serde_norway::Value;

use super::model::Project;
use crate::engine::World;

/// compose-go `cli/options.go` `DefaultFileNames`, in order of preference.
pub const DEFAULT_FILE_NAMES: &[&str] = &[
    "compose.yaml", "compose.yml", "docker-compose.yml", "docker-compose.yaml",
];

/// The largest compose file Berth reads.
pub const MAX_BYTES: usize = 64 * 1024;
/// The most services one project may have.
pub const MAX_SERVICES: usize = 32;
/// The deepest nesting of mappings and sequences.
pub const MAX_DEPTH: usize = 24;

/// What the command line says about the project: `-f`, `-p`, and where it runs.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProjectOptions {
    pub files: Vec<String>,
    pub project_name: Option<String>,
    /// The shell's current folder.
    pub cwd: String,
    /// The shell's exported variables: they win over `.env` (compose-go `WithOsEnv`).
    pub os_env: BTreeMap<String, String>,
}

/// Joins a relative path to a folder, resolving `.` and `..`, as the kernel does.
pub fn absolute(dir: &str, path: &str) -> String {
    crate::engine::fs::resolve(dir, path)
}

/// The last element of a path: the folder that names a project by default.
fn base_name(dir: &str) -> &str {
    dir.trim_end_matches('/').rsplit('/').next().unwrap_or("")
}

/// compose-go `loader.NormalizeProjectName`: lower case, only `[a-z0-9_-]`, leading `_`
/// and `-` dropped.
pub fn normalize_project_name(name: &str) -> String {
    let lower: String = name
        .to_lowercase()
        .chars()
        .filter(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '_' || *c == '-')
        .collect();
    lower.trim_start_matches(['_', '-']).to_string()
}

/// compose-go `loader.CheckOriginalProjectNameIsNormalized`.
fn valid_project_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-')
}

/// The file `up` would read: `-f`'s, else the first default name present in `cwd`.
fn config_file(world: &World, host: &str, options: &ProjectOptions) -> Result<String, String> {
    if let Some(file) = options.files.first() {
        return Ok(absolute(&options.cwd, file));
    }
    let files = &world.host(host).map_err(|e| e.to_string())?.machine.files;
    let found: Vec<String> = DEFAULT_FILE_NAMES
        .iter()
        .map(|n| absolute(&options.cwd, n))
        .filter(|p| files.exists(p))
        .collect();
    match found.first() {
        // compose-go `cli/options.go`: no file here (nor, on a real host, in any parent).
        None => Err("no configuration file provided: not found".to_string()),
        Some(first) => Ok(first.clone()),
    }
}

/// Reads a file of the host, as the shell's redirections stored it.
pub fn read_file(world: &World, host: &str, path: &str) -> Option<String> {
    world
        .host(host)
        .ok()?
        .machine
        .files
        .read(path)
        .ok()
        .map(str::to_string)
}

/// Loads the project: `Err` is the text Compose prints (exit status 1 in every case).
pub fn load(world: &World, host: &str, options: &ProjectOptions) -> Result<Project, String> {
    let mut warnings = Vec::new();
    let file = config_file(world, host, options)?;
    if options.files.len() > 1 {
        warnings.push(format!(
            "berth: merging several -f files is not simulated: only {file} is read"
        ));
    }
    if let Ok(h) = world.host(host) {
        let others: Vec<String> = DEFAULT_FILE_NAMES
            .iter()
            .map(|n| absolute(&options.cwd, n))
            .filter(|p| h.machine.files.exists(p))
            .collect();
        if options.files.is_empty() && others.len() > 1 {
            // compose-go `cli/options.go`.
            warnings.push(format!(
                "WARN[0000] Found multiple config files with supported names: {}",
                others.join(", ")
            ));
        }
    }
    let Some(text) = read_file(world, host, &file) else {
        // Go's os.Open error, as compose-go returns it.
        return Err(format!("open {file}: no such file or directory"));
    };
    let working_dir = match file.rsplit_once('/') {
        Some(("", _)) | None => "/".to_string(),
        Some((dir, _)) => dir.to_string(),
    };
    if text.len() > MAX_BYTES {
        return Err(format!(
            "berth: {file} is larger than {} KiB, the most Berth reads",
            MAX_BYTES / 1024
        ));
    }
    // `.env` in the project folder, then the shell's variables over it.
    let mut env = match read_file(world, host, &absolute(&working_dir, ".env")) {
        Some(dotenv) => parse_dotenv(&dotenv, &options.os_env)?,
        None => BTreeMap::new(),
    };
    env.extend(options.os_env.clone());
    let document = parse_yaml(&file, &text)?;
    let document = match document {
        Value::Null => return Err("empty compose file".to_string()),
        Value::Mapping(_) => document,
        _ => return Err("top-level object must be a mapping".to_string()),
    };
    check_depth(&document, 0)?;
    let document = interpolate_value(&document, "", &env, &mut warnings)?;
    let name_in_file = super::schema::validate(&file, &document)?;
    if let Some(Value::Mapping(root)) = Some(&document) {
        if root.contains_key("version") {
            // compose-go `loader/loader.go`.
            warnings.push(format!("WARN[0000] {file}: the attribute `version` is obsolete, it will be ignored, please remove it to avoid potential confusion"));
        }
    }
    let name = match (&options.project_name, name_in_file) {
        (Some(name), _) => {
            if !valid_project_name(name) {
                // compose-go `loader/loader.go` `InvalidProjectNameErr`.
                return Err(format!("invalid project name {:?}: must consist only of lowercase alphanumeric characters, hyphens, and underscores as well as start with a letter or number", name));
            }
            name.clone()
        }
        (None, Some(name)) => {
            if !valid_project_name(&name) {
                return Err(format!("invalid project name {:?}: must consist only of lowercase alphanumeric characters, hyphens, and underscores as well as start with a letter or number", name));
            }
            name
        }
        (None, None) => normalize_project_name(base_name(&working_dir)),
    };
    if name.is_empty() {
        return Err("project name must not be empty".to_string());
    }
    let files_read = |path: &str| read_file(world, host, path);
    let mut project = super::schema::build(&document, &name, &working_dir, &env, &files_read)?;
    project.config_files = vec![file];
    project.warnings = warnings;
    if project.services.len() > MAX_SERVICES {
        return Err(format!(
            "berth: a project has at most {MAX_SERVICES} services here"
        ));
    }
    Ok(project)
}

/// The document as a YAML value, or go-yaml's error in compose-go's frame.
pub fn parse_yaml(file: &str, text: &str) -> Result<Value, String> {
    if text.trim().is_empty() {
        return Ok(Value::Null);
    }
    serde_norway::from_str::<Value>(text).map_err(|e| {
        let message = e.to_string();
        let problem = match duplicate_key(&message, text) {
            Some(duplicate) => duplicate,
            None => yaml_error(&message),
        };
        format!("failed to parse {file}: {problem}")
    })
}

/// go-yaml v3's duplicate-key error (`decode.go` `d.mapping`): `yaml: unmarshal errors:` then
/// `line N: mapping key "K" already defined at line M`. serde_norway names the key only, so
/// the two lines are found in the text: the first two `K:` at one indentation, with nothing
/// less indented between them (one mapping).
fn duplicate_key(message: &str, text: &str) -> Option<String> {
    let rest = message.split("duplicate entry with key ").nth(1)?;
    let key = rest.split(" at line ").next()?.trim().trim_matches('"');
    let lines: Vec<(usize, usize, &str)> = text
        .lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.len() - l.trim_start().len(), l.trim_start()))
        .collect();
    let is_key = |l: &str| {
        l.strip_prefix(key).is_some_and(|r| r.starts_with(':'))
            || l.strip_prefix(&format!("\"{key}\""))
                .is_some_and(|r| r.starts_with(':'))
    };
    for (i, (first, indent, l)) in lines.iter().enumerate() {
        if !is_key(l) {
            continue;
        }
        for (second, other, m) in lines.iter().skip(i + 1) {
            if !m.is_empty() && !m.starts_with('#') && other < indent {
                break;
            }
            if other == indent && is_key(m) {
                return Some(format!(
                    "yaml: unmarshal errors:\n  line {second}: mapping key {key:?} already defined at line {first}"
                ));
            }
        }
    }
    None
}

/// libyaml's problems that its scanner raises (the others come from its parser): go-yaml
/// counts lines differently for the two (`yaml.v3` `decode.go` `parser.fail`).
const SCANNER_PROBLEMS: &[&str] = &[
    "mapping values are not allowed in this context",
    "block sequence entries are not allowed in this context",
    "could not find expected ':'",
    "found character that cannot start any token",
    "found a tab character that violates indentation",
    "found unexpected end of stream",
    "found unknown escape character",
    "did not find expected alphabetic or numeric character",
    "found undefined tag handle",
    "did not find URI escaped octet",
    "found unexpected ':'",
    "found a tab character where an indentation space is expected",
    "did not find expected comment or line break",
];

/// A line number after `at line N` in libyaml's text.
fn line_after(text: &str, marker: &str) -> Option<u64> {
    let rest = text.split(marker).nth(1)?;
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}

/// serde_norway's `PROBLEM at line L column C[, CONTEXT at line L2 column C2]` to go-yaml
/// v3's `yaml: line N: PROBLEM`. go-yaml takes the context's line when there is one (it is
/// 0-based there, plus one for a scanner error), else the problem's.
pub fn yaml_error(text: &str) -> String {
    let problem = text.split(" at line ").next().unwrap_or(text);
    let problem = problem.split(", while ").next().unwrap_or(problem).trim();
    let scanner = SCANNER_PROBLEMS.contains(&problem);
    // libyaml's marks are 1-based in serde_norway's text.
    let problem_line = line_after(text, " at line ");
    let context_line = text
        .split(", while ")
        .nth(1)
        .and_then(|c| line_after(c, " at line "))
        .or_else(|| {
            // A context at the same place as the problem is not repeated.
            text.contains(", while ").then_some(problem_line).flatten()
        });
    let zero_based = |n: u64| n.saturating_sub(1);
    let line = match (context_line.map(zero_based), problem_line.map(zero_based)) {
        (Some(c), _) if c != 0 => Some(if scanner { c + 1 } else { c }),
        (_, Some(p)) if p != 0 => Some(if scanner { p + 1 } else { p }),
        _ => None,
    };
    match line {
        Some(n) => format!("yaml: line {n}: {problem}"),
        None => format!("yaml: {problem}"),
    }
}

fn check_depth(value: &Value, depth: usize) -> Result<(), String> {
    if depth > MAX_DEPTH {
        return Err(format!(
            "berth: the compose file nests deeper than {MAX_DEPTH} levels, the most Berth reads"
        ));
    }
    match value {
        Value::Mapping(m) => m.values().try_for_each(|v| check_depth(v, depth + 1)),
        Value::Sequence(s) => s.iter().try_for_each(|v| check_depth(v, depth + 1)),
        Value::Tagged(t) => check_depth(&t.value, depth + 1),
        _ => Ok(()),
    }
}

/// compose-go `dotenv`: `KEY=VALUE` lines, `#` comments, `export ` prefixes, quoted values,
/// `${VAR}` expanded against what came before and the shell.
pub fn parse_dotenv(
    text: &str,
    os_env: &BTreeMap<String, String>,
) -> Result<BTreeMap<String, String>, String> {
    let mut env = BTreeMap::new();
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let line = line.strip_prefix("export ").unwrap_or(line);
        let (key, value) = match line.split_once('=') {
            Some((k, v)) => (k.trim(), v.trim()),
            // A name alone takes its value from the shell, if set.
            None => {
                if let Some(v) = os_env.get(line) {
                    env.insert(line.to_string(), v.clone());
                }
                continue;
            }
        };
        let value = if let Some(inner) = value.strip_prefix('\'').and_then(|v| v.strip_suffix('\''))
        {
            inner.to_string()
        } else if let Some(inner) = value.strip_prefix('"').and_then(|v| v.strip_suffix('"')) {
            let lookup = |name: &str| env.get(name).or_else(|| os_env.get(name)).cloned();
            expand(inner.replace("\\n", "\n").as_str(), &lookup)
        } else {
            let bare = value.split(" #").next().unwrap_or(value).trim();
            let lookup = |name: &str| env.get(name).or_else(|| os_env.get(name)).cloned();
            expand(bare, &lookup)
        };
        env.insert(key.to_string(), value);
    }
    Ok(env)
}

/// `$VAR` and `${VAR}` (with `:-`) in a `.env` value.
fn expand(text: &str, lookup: &dyn Fn(&str) -> Option<String>) -> String {
    let mut warnings = Vec::new();
    substitute(text, &|n| lookup(n), &mut warnings).unwrap_or_else(|_| text.to_string())
}

/// Interpolates every string of the document (not its keys), as compose-go's
/// `interpolation.Interpolate` does, with `path` naming where for errors.
fn interpolate_value(
    value: &Value,
    path: &str,
    env: &BTreeMap<String, String>,
    warnings: &mut Vec<String>,
) -> Result<Value, String> {
    Ok(match value {
        Value::String(s) => {
            let lookup = |name: &str| env.get(name).cloned();
            Value::String(substitute(s, &lookup, warnings).map_err(|e| match e {
                Interpolation::Invalid => format!(
                    "invalid interpolation format for {path}.\nYou may need to escape any $ with another $.\n{s}"
                ),
                Interpolation::Required(text) => text,
            })?)
        }
        Value::Mapping(m) => {
            let mut out = serde_norway::Mapping::new();
            for (k, v) in m {
                let key = match k {
                    Value::String(s) => s.clone(),
                    other => scalar_text(other),
                };
                let here = if path.is_empty() {
                    key
                } else {
                    format!("{path}.{key}")
                };
                out.insert(k.clone(), interpolate_value(v, &here, env, warnings)?);
            }
            Value::Mapping(out)
        }
        Value::Sequence(items) => Value::Sequence(
            items
                .iter()
                .enumerate()
                .map(|(i, v)| interpolate_value(v, &format!("{path}[{i}]"), env, warnings))
                .collect::<Result<_, _>>()?,
        ),
        other => other.clone(),
    })
}

/// A scalar as YAML wrote it: `80`, `true`, `1.5`.
pub fn scalar_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Null => String::new(),
        _ => String::new(),
    }
}

enum Interpolation {
    Invalid,
    /// `${VAR:?reason}` with VAR unset: compose-go's text.
    Required(String),
}

/// compose-go `template.Substitute`: `$$` is a `$`; `$NAME`, `${NAME}`, `${NAME:-default}`,
/// `${NAME-default}`, `${NAME:?err}`, `${NAME?err}`, `${NAME:+alt}`, `${NAME+alt}`; a default
/// may itself hold `${…}`.
fn substitute(
    text: &str,
    lookup: &dyn Fn(&str) -> Option<String>,
    warnings: &mut Vec<String>,
) -> Result<String, Interpolation> {
    let mut out = String::new();
    let mut rest = text;
    // Each pass consumes at least one character: bounded by the text's length.
    while let Some(at) = rest.find('$') {
        out.push_str(rest.get(..at).unwrap_or(""));
        let after = rest.get(at + 1..).unwrap_or("");
        if let Some(tail) = after.strip_prefix('$') {
            out.push('$');
            rest = tail;
        } else if let Some(body) = after.strip_prefix('{') {
            // The matching brace, counting nested `${`.
            let mut depth = 1usize;
            let mut end = None;
            for (i, c) in body.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' => {
                        depth -= 1;
                        if depth == 0 {
                            end = Some(i);
                            break;
                        }
                    }
                    _ => {}
                }
            }
            let end = end.ok_or(Interpolation::Invalid)?;
            let inner = body.get(..end).unwrap_or("");
            out.push_str(&braced(inner, lookup, warnings)?);
            rest = body.get(end + 1..).unwrap_or("");
        } else {
            let name: String = after
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            if name.is_empty() || name.starts_with(|c: char| c.is_ascii_digit()) {
                return Err(Interpolation::Invalid);
            }
            out.push_str(&variable(&name, lookup, warnings));
            rest = after.get(name.len()..).unwrap_or("");
        }
    }
    out.push_str(rest);
    Ok(out)
}

fn variable(
    name: &str,
    lookup: &dyn Fn(&str) -> Option<String>,
    warnings: &mut Vec<String>,
) -> String {
    match lookup(name) {
        Some(v) => v,
        None => {
            // compose-go `template/template.go`, through logrus.
            let warning = format!(
                "WARN[0000] The {name:?} variable is not set. Defaulting to a blank string."
            );
            if !warnings.contains(&warning) {
                warnings.push(warning);
            }
            String::new()
        }
    }
}

fn braced(
    inner: &str,
    lookup: &dyn Fn(&str) -> Option<String>,
    warnings: &mut Vec<String>,
) -> Result<String, Interpolation> {
    let name: String = inner
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect();
    if name.is_empty() {
        return Err(Interpolation::Invalid);
    }
    let op = inner.get(name.len()..).unwrap_or("");
    let value = lookup(&name);
    let set_non_empty = value.as_deref().is_some_and(|v| !v.is_empty());
    let nested = |text: &str, warnings: &mut Vec<String>| substitute(text, lookup, warnings);
    if op.is_empty() {
        return Ok(variable(&name, lookup, warnings));
    }
    if let Some(default) = op.strip_prefix(":-") {
        return if set_non_empty {
            Ok(value.unwrap_or_default())
        } else {
            nested(default, warnings)
        };
    }
    if let Some(default) = op.strip_prefix('-') {
        return match value {
            Some(v) => Ok(v),
            None => nested(default, warnings),
        };
    }
    if let Some(reason) = op.strip_prefix(":?") {
        return if set_non_empty {
            Ok(value.unwrap_or_default())
        } else {
            Err(required(&name, reason))
        };
    }
    if let Some(reason) = op.strip_prefix('?') {
        return value.ok_or_else(|| required(&name, reason));
    }
    if let Some(alt) = op.strip_prefix(":+") {
        return if set_non_empty {
            nested(alt, warnings)
        } else {
            Ok(String::new())
        };
    }
    if let Some(alt) = op.strip_prefix('+') {
        return if value.is_some() {
            nested(alt, warnings)
        } else {
            Ok(String::new())
        };
    }
    Err(Interpolation::Invalid)
}

/// compose-go `template.MissingRequiredError`.
fn required(name: &str, reason: &str) -> Interpolation {
    Interpolation::Required(if reason.is_empty() {
        format!("required variable {name} is missing a value")
    } else {
        format!("required variable {name} is missing a value: {reason}")
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    fn sub(text: &str, pairs: &[(&str, &str)]) -> String {
        let e = env(pairs);
        let mut w = Vec::new();
        match substitute(text, &|n| e.get(n).cloned(), &mut w) {
            Ok(s) => s,
            Err(Interpolation::Invalid) => "INVALID".into(),
            Err(Interpolation::Required(t)) => t,
        }
    }

    #[test]
    fn interpolation_follows_compose_go() {
        assert_eq!(sub("${TAG:-latest}", &[]), "latest");
        assert_eq!(sub("${TAG:-latest}", &[("TAG", "")]), "latest");
        assert_eq!(sub("${TAG-latest}", &[("TAG", "")]), "");
        assert_eq!(sub("nginx:${TAG}", &[("TAG", "1.27")]), "nginx:1.27");
        assert_eq!(sub("$TAG/x", &[("TAG", "a")]), "a/x");
        assert_eq!(sub("$$HOME", &[]), "$HOME");
        assert_eq!(sub("${A:-${B}}", &[("B", "b")]), "b");
        assert_eq!(sub("${A:+yes}", &[("A", "1")]), "yes");
        assert_eq!(
            sub("${PW:?set PW}", &[]),
            "required variable PW is missing a value: set PW"
        );
        assert_eq!(sub("${", &[]), "INVALID");
    }

    #[test]
    fn dotenv_reads_quotes_comments_and_exports() {
        let e = parse_dotenv(
            "# comment\nA=1\nexport B='two words'\nC=\"x ${A}\"\nD=bare # note\n",
            &BTreeMap::new(),
        )
        .unwrap();
        assert_eq!(
            e,
            env(&[("A", "1"), ("B", "two words"), ("C", "x 1"), ("D", "bare")])
        );
    }

    #[test]
    fn yaml_errors_read_as_go_yaml_v3() {
        let e = parse_yaml(
            "/root/compose.yaml",
            "services:\n  web:\n    image: nginx\n    ports: 80: 80\n",
        )
        .unwrap_err();
        assert_eq!(e, "failed to parse /root/compose.yaml: yaml: line 4: mapping values are not allowed in this context");
    }

    #[test]
    fn bounds_are_errors_not_hangs() {
        let deep = "a:\n".to_string()
            + &(1..40)
                .map(|i| format!("{}b{i}:\n", "  ".repeat(i)))
                .collect::<String>()
            + &"  ".repeat(40)
            + "c: 1\n";
        let value = parse_yaml("/root/compose.yaml", &deep).unwrap();
        assert!(check_depth(&value, 0).unwrap_err().starts_with("berth: "));
        let duplicate = "services:\n  web:\n    image: nginx\n    image: redis\n";
        assert_eq!(
            parse_yaml("/root/compose.yaml", duplicate).unwrap_err(),
            "failed to parse /root/compose.yaml: yaml: unmarshal errors:\n  line 4: mapping key \"image\" already defined at line 3"
        );
    }

    #[test]
    fn paths_and_names() {
        assert_eq!(absolute("/root/app", "../data"), "/root/data");
        assert_eq!(absolute("/root", "./compose.yaml"), "/root/compose.yaml");
        assert_eq!(normalize_project_name("My_App.v2"), "my_appv2");
        assert!(!valid_project_name("-x"));
    }
}
