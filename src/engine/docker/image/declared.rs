//! Trainer images: images a course declares (`lessons/images.toml`, a lesson's front matter),
//! which `docker pull`, `docker run`, `docker images`, `image inspect` and `history` then treat
//! like any image of the registry.
//!
//! A declaration names its base, an image of the catalogue (`nginx:alpine`,
//! `node:22-alpine`) or another declared image (`acme/base:1`), whose userland, trees, tools,
//! program and history it inherits; then its own command, variables, directory, user, ports,
//! files and what it answers over HTTP: one `body` for every path, or a page per path
//! (`paths`). The engine turns it into an [`ImageConfig`] ([`ImageDeclaration::config_on`])
//! the way a build would: one history step per instruction, a layer for the files
//! (BuildKit's texts for each step, as `engine::docker::build::steps` writes them).
//!
//! Where the base's server serves a document root of files (nginx: `/usr/share/nginx/html`,
//! httpd: `htdocs`), the body becomes its `index.html` and each page a file under it, so
//! nginx answers them with its own headers and its 404 page for any other path, and `cat`
//! shows them. Any base but nginx keeps the pages in [`ImageConfig::pages`] too (Berth's
//! httpd does not read its files): another path is a 404 (httpd's page on httpd, an empty
//! body elsewhere, whose server Berth does not know).
//!
//! Rules: declarations are data given to the World ([`World::image_declare_all`]); a pull
//! looks at them before the catalogue ([`World::image_find`]). Bases are resolved among the
//! declarations in any order ([`configs`]); a cycle or a missing base is an error of each
//! declaration on it. The HTTP body is `&'static` because the services of every image are
//! (the loaders keep one copy per text for the whole process).

use std::collections::BTreeMap;

use super::{find, Behaviour, Pullable, Service};
use crate::engine::docker::image_config::ImageConfig;
use crate::engine::fs::{Files, FsError};
use crate::engine::ImageRef;
use crate::engine::World;

/// What a trainer wrote for one image, typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImageDeclaration {
    pub reference: String,
    /// An image of the catalogue.
    pub base: String,
    pub cmd: Option<Vec<String>>,
    pub entrypoint: Option<Vec<String>>,
    /// `NAME=value`.
    pub env: Vec<String>,
    pub workdir: Option<String>,
    pub user: Option<String>,
    /// `80`, `8080/tcp`, `53/udp`.
    pub ports: Vec<String>,
    /// The body answered over HTTP on the first port.
    pub body: Option<&'static str>,
    /// (path of a URL, body): a page per path (`/`, `/health`).
    pub paths: Vec<(String, String)>,
    /// (absolute path, text).
    pub files: Vec<(String, String)>,
}

/// Why a declaration is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DeclareError {
    /// The image's own name does not parse (`Acme/Shop`, `shop:`).
    BadName(String),
    /// The base is not an image of the catalogue nor a declared one.
    UnknownBase(String),
    /// The base is declared, but wrongly (its own error says why).
    BadBase(String),
    /// The bases lead back to the image: the chain, from the image to itself.
    Cycle(Vec<String>),
    /// A page's path that does not start with `/`.
    BadPage(String),
    /// A port that is not `1`–`65535`, optionally `/tcp` or `/udp`.
    BadPort(String),
    /// A file path that is not absolute.
    BadPath(String),
    /// The files past the bounds of a layer.
    Files(FsError),
}

impl std::fmt::Display for DeclareError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DeclareError::BadName(n) => {
                write!(f, "{n:?} is not a valid image name (name:tag, lower case)")
            }
            DeclareError::UnknownBase(b) => write!(
                f,
                "base {b:?} is not an image Berth knows (see `docker search`)"
            ),
            DeclareError::BadPort(p) => {
                write!(f, "port {p:?} is not a port (1-65535, then /tcp or /udp)")
            }
            DeclareError::BadPath(p) => write!(f, "file {p:?}: a path must be absolute"),
            DeclareError::BadBase(b) => {
                write!(f, "base {b:?} is declared with a problem (see its own)")
            }
            DeclareError::Cycle(chain) => {
                write!(f, "the bases make a cycle: {}", chain.join(" -> "))
            }
            DeclareError::BadPage(p) => write!(f, "page {p:?}: a path starts with /"),
            DeclareError::Files(e) => write!(f, "files: {e}"),
        }
    }
}

/// `80` → `80/tcp`; `None` when not a port.
fn port_spec(port: &str) -> Option<(String, u16)> {
    let (number, proto) = port.split_once('/').unwrap_or((port, "tcp"));
    let n: u16 = number.parse().ok().filter(|n| *n > 0)?;
    matches!(proto, "tcp" | "udp").then(|| ([number, "/", proto].concat(), n))
}

/// BuildKit's `["a" "b"]` of a command in history (`engine::docker::build::solve::go_slice`).
fn go_slice(words: &[String]) -> String {
    let quoted: Vec<String> = words
        .iter()
        .map(|w| serde_json::to_string(w).unwrap_or_default())
        .collect();
    ["[", quoted.join(" ").as_str(), "]"].concat()
}

impl ImageDeclaration {
    /// The image's reference, checked.
    pub fn image_ref(&self) -> Result<ImageRef, DeclareError> {
        self.reference
            .parse()
            .map_err(|_| DeclareError::BadName(self.reference.clone()))
    }

    /// The base's reference, as the declared images are keyed (`acme/base` is
    /// `acme/base:latest`).
    pub fn base_ref(&self) -> Result<ImageRef, DeclareError> {
        self.base
            .parse()
            .map_err(|_| DeclareError::UnknownBase(self.base.clone()))
    }

    /// The image this declaration makes on a base of the catalogue.
    pub fn config(&self) -> Result<ImageConfig, DeclareError> {
        self.image_ref()?;
        let base =
            find(&self.base_ref()?).map_err(|_| DeclareError::UnknownBase(self.base.clone()))?;
        self.config_on(&base.config)
    }

    /// The image this declaration makes: `base`'s config with the declared steps on top.
    pub fn config_on(&self, base: &ImageConfig) -> Result<ImageConfig, DeclareError> {
        self.image_ref()?;
        if let Some((bad, _)) = self.paths.iter().find(|(p, _)| !p.starts_with('/')) {
            return Err(DeclareError::BadPage(bad.clone()));
        }
        // A day before the world's start: a course's image was pushed before the class.
        let mut config = base.derive(crate::engine::clock::Timestamp(0));
        config.created = -86_400;
        for var in &self.env {
            let (name, value) = var.split_once('=').unwrap_or((var.as_str(), ""));
            let prefix = [name, "="].concat();
            config.env.retain(|v| !v.starts_with(&prefix));
            config.env.push([prefix.as_str(), value].concat());
            config.push_step(&["ENV ", name, "=", value].concat(), 0, true);
        }
        if let Some(dir) = &self.workdir {
            config.working_dir = crate::engine::fs::resolve("/", dir);
            let line = ["WORKDIR ", config.working_dir.as_str()].concat();
            config.push_step(&line, 0, false);
        }
        if let Some((bad, _)) = self.files.iter().find(|(p, _)| !p.starts_with('/')) {
            return Err(DeclareError::BadPath(bad.clone()));
        }
        let files = self.files_with_pages(&mut config);
        if !files.is_empty() {
            let paths: Vec<&str> = files.iter().map(|(p, _)| p.as_str()).collect();
            let line = ["COPY ", paths.join(" ").as_str(), " / # buildkit"].concat();
            let files = Files::from_texts(files.iter().map(|(p, t)| (p.as_str(), t.as_str())), 0)
                .map_err(DeclareError::Files)?;
            config
                .push_files_step(&line, &files)
                .map_err(DeclareError::Files)?;
        }
        let mut first_port = None;
        let mut specs = Vec::new();
        for port in &self.ports {
            let (spec, n) = port_spec(port).ok_or_else(|| DeclareError::BadPort(port.clone()))?;
            first_port.get_or_insert(n);
            if !config.exposed_ports.contains(&spec) {
                config.exposed_ports.push(spec.clone());
            }
            specs.push(spec);
        }
        if !specs.is_empty() {
            config.push_step(
                &["EXPOSE [", specs.join(" ").as_str(), "]"].concat(),
                0,
                true,
            );
        }
        if let Some(user) = &self.user {
            config.user.clone_from(user);
            config.push_step(&["USER ", user.as_str()].concat(), 0, true);
        }
        if let Some(entrypoint) = &self.entrypoint {
            config.entrypoint.clone_from(entrypoint);
            config.cmd = Vec::new();
            config.push_step(
                &["ENTRYPOINT ", go_slice(entrypoint).as_str()].concat(),
                0,
                true,
            );
        }
        if let Some(cmd) = &self.cmd {
            config.cmd.clone_from(cmd);
            config.push_step(&["CMD ", go_slice(cmd).as_str()].concat(), 0, true);
        }
        if self.body.is_some() || !self.paths.is_empty() {
            let port = first_port
                .or_else(|| {
                    config
                        .exposed_ports
                        .first()
                        .and_then(|p| p.split('/').next()?.parse().ok())
                })
                .unwrap_or(80);
            let body = match (self.body, config.serves) {
                (Some(body), _) => body,
                (None, Some(Service::Http { body, .. })) => body,
                (None, _) => "",
            };
            config.serves = Some(Service::Http { port, body });
            config.behaviour = Behaviour::Server;
        }
        Ok(config)
    }

    /// The declared files, and the files the body and pages become in the base server's
    /// document root (nginx's, httpd's); where Berth's server does not read them (all but
    /// nginx) the pages go to `config.pages` too, the body as `/` on httpd or beside pages.
    fn files_with_pages(&self, config: &mut ImageConfig) -> Vec<(String, String)> {
        let mut files = self.files.clone();
        let root = document_root(&config.program);
        if config.program != "nginx" {
            let httpd = config.program == "httpd";
            if let Some(body) = self.body.filter(|_| httpd || !self.paths.is_empty()) {
                config.pages.insert("/".into(), body.to_string());
            }
            for (path, body) in &self.paths {
                config.pages.insert(path.clone(), body.clone());
            }
        }
        let Some(root) = root else {
            return files;
        };
        let index = [root, "/index.html"].concat();
        // `/` and a path written as a folder (`/docs/`) are the folder's `index.html`.
        let file_of = |path: &str| {
            let clean = crate::engine::fs::resolve("/", path);
            if clean == "/" {
                index.clone()
            } else if path.ends_with('/') {
                [root, clean.as_str(), "/index.html"].concat()
            } else {
                [root, clean.as_str()].concat()
            }
        };
        let mut pages: Vec<(String, String)> = self
            .paths
            .iter()
            .map(|(p, body)| (file_of(p), body.clone()))
            .collect();
        if let Some(body) = self.body {
            let given = |list: &[(String, String)]| list.iter().any(|(p, _)| *p == index);
            if !given(&files) && !given(&pages) {
                pages.insert(0, (index, body.to_string()));
            }
        }
        for page in pages {
            if !files.iter().any(|(p, _)| *p == page.0) {
                files.push(page);
            }
        }
        files
    }
}

/// Where the server of an official image serves its files from, if it does (nginx's `root
/// /usr/share/nginx/html;` in its conf.d/default.conf, httpd's `DocumentRoot
/// "/usr/local/apache2/htdocs"` in its httpd.conf).
fn document_root(program: &str) -> Option<&'static str> {
    match program {
        "nginx" => Some("/usr/share/nginx/html"),
        "httpd" => Some("/usr/local/apache2/htdocs"),
        _ => None,
    }
}

/// Every declaration's image, in order, each on its base: an image of the catalogue, one of
/// `known` (declared already: the course's images, for a lesson's), or another of
/// `declarations`, in any order. A base that leads back to the image is a cycle.
pub fn configs(
    declarations: &[ImageDeclaration],
    known: &dyn Fn(&str) -> Option<ImageConfig>,
) -> Vec<Result<ImageConfig, DeclareError>> {
    let mut done: Vec<Option<Result<ImageConfig, DeclareError>>> = vec![None; declarations.len()];
    for i in 0..declarations.len() {
        let mut chain = Vec::new();
        let _ = resolve(i, declarations, known, &mut done, &mut chain);
    }
    done.into_iter()
        .map(|r| r.unwrap_or_else(|| Err(DeclareError::Cycle(Vec::new()))))
        .collect()
}

/// Makes declaration `i` (its bases first); `chain` holds the declarations being made, so a
/// base among them is a cycle. The depth is bounded by the number of declarations.
fn resolve(
    i: usize,
    declarations: &[ImageDeclaration],
    known: &dyn Fn(&str) -> Option<ImageConfig>,
    done: &mut [Option<Result<ImageConfig, DeclareError>>],
    chain: &mut Vec<usize>,
) -> Result<ImageConfig, DeclareError> {
    if let Some(Some(result)) = done.get(i) {
        return result.clone();
    }
    let Some(declaration) = declarations.get(i) else {
        return Err(DeclareError::Cycle(Vec::new()));
    };
    if let Some(at) = chain.iter().position(|j| *j == i) {
        let mut names: Vec<String> = chain
            .iter()
            .skip(at)
            .filter_map(|j| declarations.get(*j).map(|d| d.reference.clone()))
            .collect();
        names.push(declaration.reference.clone());
        return Err(DeclareError::Cycle(names));
    }
    let result = (|| {
        declaration.image_ref()?;
        let base = declaration.base_ref()?.to_string();
        let among = declarations
            .iter()
            .position(|d| d.image_ref().is_ok_and(|r| r.to_string() == base));
        match among {
            Some(j) => {
                chain.push(i);
                let made = resolve(j, declarations, known, done, chain);
                chain.pop();
                match made {
                    Ok(base) => declaration.config_on(&base),
                    Err(DeclareError::Cycle(names)) => Err(DeclareError::Cycle(names)),
                    Err(_) => Err(DeclareError::BadBase(declaration.base.clone())),
                }
            }
            None => match known(&base) {
                Some(base) => declaration.config_on(&base),
                None => declaration.config(),
            },
        }
    })();
    // A cycle is known once it closes; the declarations on it each keep it.
    if let Some(slot) = done.get_mut(i) {
        *slot = Some(result.clone());
    }
    result
}

impl World {
    /// Makes a trainer's image known to every host's pulls; `Err` (and nothing declared) when
    /// the declaration is wrong.
    pub fn image_declare(&mut self, declaration: &ImageDeclaration) -> Result<(), DeclareError> {
        self.image_declare_all(std::slice::from_ref(declaration))
            .into_iter()
            .next()
            .map_or(Ok(()), |(_, e)| Err(e))
    }

    /// Makes trainers' images known, each on its base (one of the catalogue, one declared
    /// before, or another of these); the wrong ones are left out, each with its index and
    /// why.
    pub fn image_declare_all(
        &mut self,
        declarations: &[ImageDeclaration],
    ) -> Vec<(usize, DeclareError)> {
        let made = {
            let declared = &self.declared;
            let known = |name: &str| declared.get(name).map(|p| p.config.clone());
            configs(declarations, &known)
        };
        let mut problems = Vec::new();
        for (i, (declaration, made)) in declarations.iter().zip(made).enumerate() {
            match made.and_then(|config| Ok((declaration.image_ref()?, config))) {
                Ok((reference, config)) => {
                    let key = reference.to_string();
                    let build_key =
                        ["declared/", key.as_str(), "/", config.content_id().as_str()].concat();
                    self.declared.insert(key, Pullable { build_key, config });
                }
                Err(e) => problems.push((i, e)),
            }
        }
        problems
    }

    /// What a pull of `reference` fetches: a declared image, else the catalogue's.
    /// `Err(true)`: the repository exists but not the tag; `Err(false)`: unknown.
    pub fn image_find(&self, reference: &ImageRef) -> Result<Pullable, bool> {
        if let Some(found) = self.declared.get(&reference.to_string()) {
            return Ok(found.clone());
        }
        find(reference).map_err(|tag_only| {
            tag_only
                || self.declared.values().any(|p| {
                    p.build_key
                        .starts_with(&["declared/", reference.repository.as_str(), ":"].concat())
                })
        })
    }
}

/// The declared images, by reference (`World`'s field).
pub type Declared = BTreeMap<String, Pullable>;

#[cfg(test)]
mod tests {
    use super::*;

    fn shop() -> ImageDeclaration {
        ImageDeclaration {
            reference: "acme/shop:1.4".into(),
            base: "nginx:alpine".into(),
            ports: vec!["80".into()],
            body: Some("<h1>ACME shop 1.4</h1>"),
            files: vec![(
                "/usr/share/nginx/html/index.html".into(),
                "<h1>ACME shop 1.4</h1>\n".into(),
            )],
            ..ImageDeclaration::default()
        }
    }

    #[test]
    fn a_declaration_becomes_an_image_on_its_base() {
        let config = shop().config().unwrap();
        assert_eq!(config.program, "nginx");
        assert_eq!(
            config.serves,
            Some(Service::Http {
                port: 80,
                body: "<h1>ACME shop 1.4</h1>"
            })
        );
        assert!(config.files.is_some());
        let mut world = World::new(1);
        world.image_declare(&shop()).unwrap();
        let r: ImageRef = "acme/shop:1.4".parse().unwrap();
        assert!(world.image_find(&r).is_ok());
    }

    #[test]
    fn a_wrong_declaration_says_why() {
        let bad_base = ImageDeclaration {
            base: "nosuch:1".into(),
            ..shop()
        };
        assert_eq!(
            bad_base.config(),
            Err(DeclareError::UnknownBase("nosuch:1".into()))
        );
        let bad_port = ImageDeclaration {
            ports: vec!["99999".into()],
            ..shop()
        };
        assert_eq!(
            bad_port.config(),
            Err(DeclareError::BadPort("99999".into()))
        );
        let bad_name = ImageDeclaration {
            reference: "Acme/Shop".into(),
            ..shop()
        };
        assert_eq!(
            bad_name.config(),
            Err(DeclareError::BadName("Acme/Shop".into()))
        );
    }
}
