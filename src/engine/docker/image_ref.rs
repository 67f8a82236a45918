//! An image reference, `nginx`, `nginx:alpine`, `docker.io/library/redis`, parsed once.
//!
//! Rules: text becomes an [`ImageRef`] where it enters (the cli with Docker's error for a bad
//! reference, a service spec, an add-on's constant); after that the engine passes the value on
//! and never splits an image string again (`split(':')` on a reference would cut
//! `localhost:5000/x` at the port). It parses as distribution/reference does for the names
//! Berth knows: Docker Hub's `docker.io/` and `library/` are dropped, the tag defaults to
//! `latest`. Not simulated: digests (`nginx@sha256:…` is refused as an invalid format), and
//! the full grammar's limits (name length, separators such as `__`).

use std::fmt;

/// What `docker images` prints for a dangling image's repository and tag.
const DANGLING: &str = "<none>";

/// A parsed image reference: `nginx`, `nginx:alpine`, `library/nginx:1.29`, `docker.io/library/redis`.
///
/// Parsed once where the text comes in (the cli, an add-on's constant) and passed on as this
/// value. It keeps the text as typed, a container's `Config.Image` (`docker ps` shows
/// `nginx:latest` if so typed), but equality and order look at the repository and tag only.
#[derive(Debug, Clone)]
pub struct ImageRef {
    /// The repository as Docker shows it for Docker Hub official images: `nginx`.
    pub repository: String,
    pub tag: String,
    /// The reference as it was written: `docker.io/library/nginx`, `nginx:latest`.
    typed: String,
}

impl PartialEq for ImageRef {
    fn eq(&self, other: &Self) -> bool {
        (&self.repository, &self.tag) == (&other.repository, &other.tag)
    }
}

impl Eq for ImageRef {}

impl PartialOrd for ImageRef {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for ImageRef {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        (&self.repository, &self.tag).cmp(&(&other.repository, &other.tag))
    }
}

/// Why a string is not an image reference. Display is the daemon's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImageRefError {
    /// distribution/reference: `invalid reference format`.
    InvalidFormat,
    /// distribution/reference: upper case in the repository name.
    NotLowercase(String),
}

impl fmt::Display for ImageRefError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ImageRefError::InvalidFormat => write!(f, "invalid reference format"),
            ImageRefError::NotLowercase(name) => write!(
                f,
                "invalid reference format: repository name ({name}) must be lowercase"
            ),
        }
    }
}

impl std::str::FromStr for ImageRef {
    type Err = ImageRefError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if s.is_empty() || s.contains('@') {
            return Err(ImageRefError::InvalidFormat);
        }
        // The tag is what follows the last ':' after the last '/', so `host:5000/x` keeps its port.
        let last_slash = s.rfind('/').map_or(0, |i| i + 1);
        let (name, tag) = match s.get(last_slash..).and_then(|tail| tail.rfind(':')) {
            Some(i) => {
                let split = last_slash + i;
                (
                    s.get(..split).unwrap_or(s),
                    s.get(split + 1..).unwrap_or(""),
                )
            }
            None => (s, "latest"),
        };
        let tag_ok = !tag.is_empty()
            && tag.len() <= 128
            && tag
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "_.-".contains(c))
            && !tag.starts_with(['.', '-']);
        let name_ok = !name.is_empty()
            && name.split('/').all(|part| {
                !part.is_empty()
                    && part
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || "_.-:".contains(c))
                    && part.starts_with(|c: char| c.is_ascii_alphanumeric())
            });
        if !tag_ok || !name_ok {
            return Err(ImageRefError::InvalidFormat);
        }
        let without_registry = name.strip_prefix("docker.io/").unwrap_or(name);
        let short = without_registry
            .strip_prefix("library/")
            .unwrap_or(without_registry);
        if short.chars().any(|c| c.is_ascii_uppercase()) {
            let full = if short.contains('/') {
                short.to_string()
            } else {
                format!("library/{short}")
            };
            return Err(ImageRefError::NotLowercase(full));
        }
        Ok(ImageRef {
            repository: short.to_string(),
            tag: tag.to_string(),
            typed: s.to_string(),
        })
    }
}

impl fmt::Display for ImageRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.repository, self.tag)
    }
}

impl ImageRef {
    /// `<none>:<none>`: the name `docker images` shows for a dangling image, one that lost its
    /// last tag to a newer image (a rebuild, a `docker tag` over its name) and is kept until
    /// removed by ID or pruned. Not a reference anyone can type: it never parses.
    pub fn dangling() -> ImageRef {
        ImageRef {
            repository: DANGLING.to_string(),
            tag: DANGLING.to_string(),
            typed: String::new(),
        }
    }

    /// Whether this is [`ImageRef::dangling`].
    pub fn is_dangling(&self) -> bool {
        self.repository == DANGLING
    }

    /// The reference exactly as written: what a container's `Config.Image` holds and
    /// `docker ps` shows.
    pub fn as_typed(&self) -> &str {
        &self.typed
    }

    /// The same reference written `repository:tag` (docker/cli `TagNameOnly`): a service's
    /// image, which its tasks' containers are created from.
    pub fn tag_explicit(&self) -> ImageRef {
        ImageRef {
            typed: self.to_string(),
            ..self.clone()
        }
    }

    /// The reference as a learner usually types it: `nginx` for `nginx:latest`.
    pub fn display_as_typed(&self) -> String {
        if self.tag == "latest" {
            self.repository.clone()
        } else {
            self.to_string()
        }
    }

    /// The path Docker Hub uses in `latest: Pulling from library/nginx`.
    /// The fully qualified name `docker pull` ends with: `docker.io/library/nginx:latest`,
    /// or the registry's own (`mcr.microsoft.com/windows/nanoserver:ltsc2022`).
    pub fn canonical(&self) -> String {
        let path = self.remote_path();
        if path == self.repository || !self.repository.ends_with(&path) {
            format!("docker.io/{path}:{}", self.tag)
        } else {
            format!("{}:{}", self.repository, self.tag)
        }
    }

    pub fn remote_path(&self) -> String {
        if let Some((domain, path)) = self.repository.split_once('/') {
            // `mcr.microsoft.com/windows/nanoserver` pulls from `windows/nanoserver`.
            if domain.contains('.') || domain.contains(':') {
                path.to_string()
            } else {
                self.repository.clone()
            }
        } else {
            format!("library/{}", self.repository)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &str) -> Result<ImageRef, ImageRefError> {
        s.parse()
    }

    #[test]
    fn references_parse_and_normalise() {
        assert_eq!(
            parse("nginx").map(|r| r.to_string()),
            Ok("nginx:latest".into())
        );
        assert_eq!(
            parse("nginx:alpine").map(|r| r.to_string()),
            Ok("nginx:alpine".into())
        );
        assert_eq!(
            parse("docker.io/library/redis").map(|r| r.to_string()),
            Ok("redis:latest".into())
        );
        assert_eq!(
            parse("library/alpine:3").map(|r| r.to_string()),
            Ok("alpine:3".into())
        );
    }

    #[test]
    fn spellings_of_one_reference_are_equal_and_keep_their_text() {
        let cases = [
            ("nginx", "nginx:latest"),
            ("docker.io/library/nginx", "nginx:latest"),
            ("library/redis:7", "redis:7"),
        ];
        for (typed, same) in cases {
            let (a, b) = (parse(typed).unwrap(), parse(same).unwrap());
            assert_eq!(a, b, "{typed}");
            assert_eq!(a.cmp(&b), std::cmp::Ordering::Equal, "{typed}");
            assert_eq!((a.as_typed(), b.as_typed()), (typed, same));
        }
    }

    #[test]
    fn bad_references_are_refused() {
        assert_eq!(parse(""), Err(ImageRefError::InvalidFormat));
        assert_eq!(parse("nginx:"), Err(ImageRefError::InvalidFormat));
        assert_eq!(parse("-x"), Err(ImageRefError::InvalidFormat));
        assert_eq!(
            parse("NGINX").map_err(|e| e.to_string()),
            Err(
                "invalid reference format: repository name (library/NGINX) must be lowercase"
                    .into()
            )
        );
    }
}
