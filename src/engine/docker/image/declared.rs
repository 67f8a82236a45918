//! Trainer images: images a course declares (`lessons/images.toml`, a lesson's front matter),
//! which `docker pull`, `docker run`, `docker images`, `image inspect` and `history` then treat
//! like any image of the registry.
//!
//! A declaration names its base, an image of the catalogue (`nginx:alpine`,
//! `node:22-alpine`), whose userland, trees, tools, program and history it inherits; then its
//! own command, variables, directory, user, ports, files and what it answers over HTTP. The
//! engine turns it into an [`ImageConfig`] ([`ImageDeclaration::config`]) the way a build
//! would: one history step per instruction, a layer for the files (BuildKit's texts for each
//! step, as `engine::docker::build::steps` writes them).
//!
//! Rules: declarations are data given to the World once ([`World::image_declare`]); a pull
//! looks at them before the catalogue ([`World::image_find`]). The HTTP body is `&'static`
//! because the services of every image are (the lessons are compiled in: the loader keeps
//! one parsed copy for the whole process). Not simulated: several pages by path (one body
//! answers every path), a base that is itself declared.

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
    /// (absolute path, text).
    pub files: Vec<(String, String)>,
}

/// Why a declaration is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DeclareError {
    /// The image's own name does not parse (`Acme/Shop`, `shop:`).
    BadName(String),
    /// The base is not an image of the catalogue.
    UnknownBase(String),
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

    /// The image this declaration makes: its base's config with the declared steps on top.
    pub fn config(&self) -> Result<ImageConfig, DeclareError> {
        self.image_ref()?;
        let base: ImageRef = self
            .base
            .parse()
            .map_err(|_| DeclareError::UnknownBase(self.base.clone()))?;
        let base = find(&base).map_err(|_| DeclareError::UnknownBase(self.base.clone()))?;
        // A day before the world's start: a course's image was pushed before the class.
        let mut config = base.config.derive(crate::engine::clock::Timestamp(0));
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
        if !self.files.is_empty() {
            if let Some((bad, _)) = self.files.iter().find(|(p, _)| !p.starts_with('/')) {
                return Err(DeclareError::BadPath(bad.clone()));
            }
            let files =
                Files::from_texts(self.files.iter().map(|(p, t)| (p.as_str(), t.as_str())), 0)
                    .map_err(DeclareError::Files)?;
            let paths: Vec<&str> = self.files.iter().map(|(p, _)| p.as_str()).collect();
            let line = ["COPY ", paths.join(" ").as_str(), " / # buildkit"].concat();
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
        if let Some(body) = self.body {
            let port = first_port
                .or_else(|| {
                    config
                        .exposed_ports
                        .first()
                        .and_then(|p| p.split('/').next()?.parse().ok())
                })
                .unwrap_or(80);
            config.serves = Some(Service::Http { port, body });
            config.behaviour = Behaviour::Server;
        }
        Ok(config)
    }
}

impl World {
    /// Makes a trainer's image known to every host's pulls; `Err` (and nothing declared) when
    /// the declaration is wrong.
    pub fn image_declare(&mut self, declaration: &ImageDeclaration) -> Result<(), DeclareError> {
        let reference = declaration.image_ref()?;
        let config = declaration.config()?;
        let key = reference.to_string();
        let build_key = ["declared/", key.as_str(), "/", config.content_id().as_str()].concat();
        self.declared.insert(key, Pullable { build_key, config });
        Ok(())
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
