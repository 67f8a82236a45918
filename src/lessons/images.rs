//! Trainer images: `lessons/images.toml`, the images a course uses beside Docker's official
//! ones (`acme/shop:1.4`), declared as data and known in every session.
//!
//! `````text
//! [[image]]
//! name = "acme/shop:1.4"          # name:tag, as `docker pull` takes it
//! base = "nginx:alpine"           # an image Berth knows: its userland, tree, tools, program
//! cmd = ["nginx", "-g", "daemon off;"]    # optional, like entrypoint, workdir, user
//! env = ["SHOP_VERSION=1.4"]
//! ports = ["80"]                  # EXPOSE; the first one serves `body`
//! body = "<h1>ACME shop 1.4</h1>" # what curl gets from it (nginx: its index.html)
//!
//! [image.paths]                   # or a page per path
//! "/health" = "ok"
//!
//! [[image.files]]                 # files of the image (cat, ls, docker cp)
//! path = "/etc/acme/shop.conf"
//! content = "version = 1.4\n"
//! `````
//!
//! An image may also be a table keyed by its name, `[images."acme/shop:1.4"]` (then
//! `[images."acme/shop:1.4".paths]`), its keys the same but `name`.
//!
//! Rules: the file is compiled in, parsed once per process ([`declarations`]) and declared in
//! each new world ([`declare`]); `berth lesson check` reports a bad declaration with its line
//! ([`check`]). A lesson's front matter may declare images the same way after its keys
//! ([`read_block`]): they exist in that lesson's world only, on top of the course's. Read with
//! `toml` and serde's derive (rather than the front matter's hand-written subset) for its
//! real positions and its unknown-key errors. The engine makes the image, its base declared
//! or not (`engine::docker::image::declared`). The bodies live for the whole process, one
//! copy per text ([`intern`], bounded).

use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Mutex, OnceLock};

use serde::Deserialize;
use toml::Spanned;

use super::format::Diagnostic;
use crate::engine::docker::image::declared::{configs, DeclareError, ImageDeclaration};
use crate::engine::docker::image::ImageConfig;
use crate::engine::World;

/// `lessons/images.toml`, compiled in.
pub const IMAGES_TOML: &str = include_str!("../../lessons/images.toml");

/// The most images one file declares (Berth's bound).
pub const MAX_IMAGES: usize = 64;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ImagesFile {
    #[serde(default)]
    image: Vec<Entry>,
    /// The same declarations keyed by name: `[images."acme/shop:1.4"]`.
    #[serde(default)]
    images: BTreeMap<String, Entry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    /// Required in `[[image]]`; the key is the name in `[images."NAME"]`.
    name: Option<Spanned<String>>,
    base: Spanned<String>,
    cmd: Option<Vec<String>>,
    entrypoint: Option<Vec<String>>,
    #[serde(default)]
    env: Vec<String>,
    workdir: Option<String>,
    user: Option<String>,
    #[serde(default)]
    ports: Vec<Spanned<Port>>,
    body: Option<String>,
    /// A page per path of the URL.
    #[serde(default)]
    paths: BTreeMap<String, String>,
    #[serde(default)]
    files: Vec<FileEntry>,
}

/// `80` or `"80/tcp"`.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum Port {
    Number(i64),
    Text(String),
}

impl Port {
    fn text(&self) -> String {
        match self {
            Port::Number(n) => n.to_string(),
            Port::Text(t) => t.clone(),
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileEntry {
    path: Spanned<String>,
    content: String,
}

/// The line (1-based) of byte `offset` in `text`.
fn line_of(text: &str, offset: usize) -> usize {
    text.get(..offset)
        .map_or(1, |head| head.bytes().filter(|b| *b == b'\n').count() + 1)
}

/// One declaration as read, with its body apart (the loader makes it `'static`) and the
/// lines its errors point at.
struct Read {
    declaration: ImageDeclaration,
    body: Option<String>,
    name_line: usize,
    base_line: usize,
    port_lines: Vec<(String, usize)>,
    path_lines: Vec<(String, usize)>,
}

fn read(text: &str) -> Result<Vec<Read>, Diagnostic> {
    let file: ImagesFile = toml::from_str(text).map_err(|e| Diagnostic {
        line: e.span().map_or(1, |s| line_of(text, s.start)),
        message: e.message().to_string(),
    })?;
    if file.image.len().saturating_add(file.images.len()) > MAX_IMAGES {
        return Err(Diagnostic {
            line: 1,
            message: [
                "at most ",
                MAX_IMAGES.to_string().as_str(),
                " images in one file",
            ]
            .concat(),
        });
    }
    let mut named = Vec::new();
    for (i, e) in file.image.into_iter().enumerate() {
        let Some(name) = e.name.clone() else {
            // serde's own words for a missing field, at the table's header.
            return Err(Diagnostic {
                line: header_line(text, |l| l == "[[image]]", i),
                message: "missing field `name`".to_string(),
            });
        };
        let line = line_of(text, name.span().start);
        named.push((name.into_inner(), line, e));
    }
    for (key, e) in file.images {
        if let Some(name) = &e.name {
            return Err(Diagnostic {
                line: line_of(text, name.span().start),
                message: format!("image {key:?}: the key is its name; `name` is for [[image]]"),
            });
        }
        // The header that names it: `[images."acme/shop:1.4"]` (or a key without quotes).
        let line = header_line(
            text,
            |l| {
                l.strip_prefix("[images.")
                    .and_then(|rest| rest.strip_suffix(']'))
                    .is_some_and(|k| k.trim_matches(['"', '\'']) == key)
            },
            0,
        );
        named.push((key, line, e));
    }
    Ok(named
        .into_iter()
        .map(|(name, name_line, e)| {
            let port_lines: Vec<(String, usize)> = e
                .ports
                .iter()
                .map(|p| (p.get_ref().text(), line_of(text, p.span().start)))
                .collect();
            let path_lines = e
                .files
                .iter()
                .map(|f| (f.path.get_ref().clone(), line_of(text, f.path.span().start)))
                .collect();
            Read {
                name_line,
                base_line: line_of(text, e.base.span().start),
                declaration: ImageDeclaration {
                    reference: name,
                    base: e.base.into_inner(),
                    cmd: e.cmd,
                    entrypoint: e.entrypoint,
                    env: e.env,
                    workdir: e.workdir,
                    user: e.user,
                    ports: port_lines.iter().map(|(p, _)| p.clone()).collect(),
                    body: None,
                    paths: e.paths.into_iter().collect(),
                    files: e
                        .files
                        .into_iter()
                        .map(|f| (f.path.into_inner(), f.content))
                        .collect(),
                },
                body: e.body,
                port_lines,
                path_lines,
            }
        })
        .collect())
}

/// The line of the `nth` line (0-based) that `is_header` accepts (trimmed), 1 if none.
fn header_line(text: &str, is_header: impl Fn(&str) -> bool, nth: usize) -> usize {
    text.lines()
        .enumerate()
        .filter(|(_, l)| is_header(l.trim()))
        .nth(nth)
        .map_or(1, |(i, _)| i + 1)
}

/// Every problem of an images file, each with its line: what `berth lesson check` reports.
pub fn check(text: &str) -> Vec<Diagnostic> {
    match read(text) {
        Ok(images) => problems(&images, &|_: &str| None),
        Err(d) => vec![d],
    }
}

/// The problems of declarations read, each at its line; `known` answers the images declared
/// already (bases the declarations may name).
fn problems(images: &[Read], known: &dyn Fn(&str) -> Option<ImageConfig>) -> Vec<Diagnostic> {
    let declarations: Vec<ImageDeclaration> = images
        .iter()
        .map(|r| ImageDeclaration {
            body: r.body.clone().map(intern),
            ..r.declaration.clone()
        })
        .collect();
    let mut problems = Vec::new();
    for (r, made) in images.iter().zip(configs(&declarations, known)) {
        let Err(e) = made else {
            continue;
        };
        let line = match &e {
            DeclareError::BadName(_) | DeclareError::Files(_) | DeclareError::BadPage(_) => {
                r.name_line
            }
            DeclareError::UnknownBase(_) | DeclareError::BadBase(_) | DeclareError::Cycle(_) => {
                r.base_line
            }
            DeclareError::BadPort(p) => r
                .port_lines
                .iter()
                .find(|(q, _)| q == p)
                .map_or(r.name_line, |(_, l)| *l),
            DeclareError::BadPath(p) => r
                .path_lines
                .iter()
                .find(|(q, _)| q == p)
                .map_or(r.name_line, |(_, l)| *l),
        };
        problems.push(Diagnostic {
            line,
            message: [
                "image ",
                r.declaration.reference.as_str(),
                ": ",
                e.to_string().as_str(),
            ]
            .concat(),
        });
    }
    problems.sort_by_key(|d| d.line);
    problems
}

/// The most bytes of bodies [`intern`] keeps for the process.
const MAX_INTERNED: usize = 4 * 1024 * 1024;

/// A body that lives for the whole process (an image's service holds `&'static str`, as the
/// catalogue's do): one copy per distinct text, so parsing a lesson again costs nothing; past
/// [`MAX_INTERNED`] bytes in all, a new text is left out (an empty body).
pub fn intern(text: String) -> &'static str {
    static KEPT: OnceLock<Mutex<(BTreeSet<&'static str>, usize)>> = OnceLock::new();
    let Ok(mut kept) = KEPT.get_or_init(|| Mutex::new((BTreeSet::new(), 0))).lock() else {
        return "";
    };
    if let Some(found) = kept.0.get(text.as_str()) {
        return found;
    }
    if kept.1.saturating_add(text.len()) > MAX_INTERNED {
        return "";
    }
    kept.1 = kept.1.saturating_add(text.len());
    let leaked: &'static str = Box::leak(text.into_boxed_str());
    kept.0.insert(leaked);
    leaked
}

/// Images a lesson's front matter declares: `text` is its TOML after the lesson's own keys,
/// starting at line `first_line` of the lesson file. The declarations (bodies kept, see
/// [`intern`]) and every problem at its line of the lesson file; the course's images may be
/// their bases.
pub fn read_block(text: &str, first_line: usize) -> (Vec<ImageDeclaration>, Vec<Diagnostic>) {
    let shift = |mut d: Diagnostic| {
        d.line = d.line.saturating_add(first_line.saturating_sub(1));
        d
    };
    let images = match read(text) {
        Ok(images) => images,
        Err(d) => return (Vec::new(), vec![shift(d)]),
    };
    let course = course_images();
    let known = |name: &str| course.get(name).cloned();
    let found: Vec<Diagnostic> = problems(&images, &known).into_iter().map(shift).collect();
    let declarations = images
        .into_iter()
        .map(|r| ImageDeclaration {
            body: r.body.map(intern),
            ..r.declaration
        })
        .collect();
    (declarations, found)
}

/// The course's images (`lessons/images.toml`) as made, by reference: the bases a lesson's
/// own images may name.
fn course_images() -> &'static BTreeMap<String, ImageConfig> {
    static MADE: OnceLock<BTreeMap<String, ImageConfig>> = OnceLock::new();
    MADE.get_or_init(|| {
        let declared = declarations();
        declared
            .iter()
            .zip(configs(declared, &|_: &str| None))
            .filter_map(|(d, made)| Some((d.image_ref().ok()?.to_string(), made.ok()?)))
            .collect()
    })
}

/// The compiled-in declarations, parsed once for the whole process (their bodies are then
/// `'static`, as every image's are). A file with problems declares nothing: `berth lesson
/// check` and the lessons test say why.
pub fn declarations() -> &'static [ImageDeclaration] {
    static DECLARED: OnceLock<Vec<ImageDeclaration>> = OnceLock::new();
    DECLARED.get_or_init(|| {
        let Ok(images) = read(IMAGES_TOML) else {
            return Vec::new();
        };
        images
            .into_iter()
            .map(|r| ImageDeclaration {
                // Once per process, bounded by the compiled-in file.
                body: r.body.map(intern),
                ..r.declaration
            })
            .collect()
    })
}

/// Declares the course's images in a new world (a wrong one is left out: see [`check`]).
pub fn declare(world: &mut World) {
    let _ = world.image_declare_all(declarations());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_course_file_is_valid_and_declares_its_images() {
        assert_eq!(check(IMAGES_TOML), Vec::new());
        assert!(!declarations().is_empty());
    }

    #[test]
    fn a_bad_declaration_is_reported_at_its_line() {
        let text = "[[image]]\nname = \"acme/x:1\"\nbase = \"nosuch:1\"\n\n[[image]]\nname = \"acme/y:1\"\nbase = \"alpine\"\nports = [80, \"70000\"]\n\n[[image]]\nname = \"Acme/Z\"\nbase = \"alpine\"\n";
        let problems: Vec<String> = check(text).iter().map(ToString::to_string).collect();
        assert_eq!(problems.len(), 3, "{problems:?}");
        assert!(
            problems[0].starts_with("3: image acme/x:1: base \"nosuch:1\""),
            "{problems:?}"
        );
        assert!(
            problems[1].starts_with("8: image acme/y:1: port \"70000\""),
            "{problems:?}"
        );
        assert!(
            problems[2].starts_with("11: image Acme/Z: \"Acme/Z\" is not a valid"),
            "{problems:?}"
        );
        let unknown = check("[[image]]\nname = \"a:1\"\nbase = \"alpine\"\ncolour = \"red\"\n");
        assert_eq!(unknown.len(), 1);
        assert_eq!(unknown[0].line, 4);
    }

    #[test]
    fn images_keyed_by_name_are_declarations_too() {
        let text = "[images.\"acme/a:1\"]\nbase = \"nginx:alpine\"\nbody = \"<h1>A</h1>\"\n\n[images.\"acme/a:1\".paths]\n\"/health\" = \"ok\"\n\n[images.\"acme/b:1\"]\nbase = \"acme/nosuch:1\"\n\n[[image]]\nbase = \"alpine\"\n";
        let problems = check(text);
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0].line, 11, "{problems:?}");
        assert_eq!(problems[0].message, "missing field `name`");
        let text = text.replace("[[image]]\nbase = \"alpine\"\n", "");
        let problems: Vec<String> = check(&text).iter().map(ToString::to_string).collect();
        assert_eq!(
            problems,
            ["9: image acme/b:1: base \"acme/nosuch:1\" is not an image Berth knows (see `docker search`)"]
        );
        let images = read(&text).unwrap();
        assert_eq!(images.len(), 2);
        assert_eq!(images[0].name_line, 1);
        assert_eq!(
            images[0].declaration.paths,
            [("/health".to_string(), "ok".to_string())]
        );
    }
}
