//! `docker push`: uploads an image to the registry its name starts with (a `registry:2`
//! container, engine `docker/registry.rs`), with the lines docker/cli
//! `cli/command/image/push.go` and the daemon's push stream (moby
//! `distribution/push_v2.go`, rendered by `pkg/jsonmessage`) leave on a terminal once done.
//! Also words the registry errors for `docker pull` (`pull_error`).

use crate::cli::flags::{Flag, Spec};
use crate::cli::{exact_args, parse_flags, Docker, Output};
use crate::engine::docker::caller::Caller;
use crate::engine::docker::registry::RegistryError;
use crate::engine::{EngineError, ImageRef, World};

pub const SPEC: Spec = Spec {
    path: "docker push",
    use_line: "docker push [OPTIONS] NAME[:TAG]",
    description: "Upload an image to a registry",
    aliases: "docker image push, docker push",
    flags: &[
        Flag::bool(
            "all-tags",
            Some('a'),
            "Push all tags of an image to the repository",
        )
        .not_simulated(),
        Flag::bool("disable-content-trust", None, "Skip image signing").with_default("true"),
        Flag::value(
            "platform",
            None,
            "string",
            "Push a platform-specific manifest as a single-platform image to the registry.",
        )
        .not_simulated(),
        Flag::bool("quiet", Some('q'), "Suppress verbose output"),
    ],
    interspersed: true,
    excluded: &[],
};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImagePush {
    pub reference: String,
    pub quiet: bool,
}

pub fn parse(words: &[String]) -> Result<Docker, Output> {
    let Some(parsed) = parse_flags(&SPEC, words)? else {
        return Ok(Docker::Help(&SPEC));
    };
    let [reference] = parsed.args.as_slice() else {
        return Err(exact_args(&SPEC, 1));
    };
    Ok(Docker::ImagePush(ImagePush {
        reference: reference.clone(),
        quiet: parsed.is_set("quiet"),
    }))
}

/// The registry's address as the daemon dials it (moby `registry/endpoints.go`: a registry
/// on localhost or in `insecure-registries` is tried over plain HTTP).
fn refused(domain: &str, address: &str) -> String {
    format!("Get \"http://{domain}/v2/\": dial tcp {address}: connect: connection refused")
}

/// A registry failure as `docker pull`/`push` print it (`Error response from daemon: …`
/// comes from the API answer; Berth's own limits start `berth:`).
pub fn registry_error(e: &RegistryError, reference: &ImageRef) -> String {
    match e {
        RegistryError::DockerHub => {
            "berth: Docker Hub is offline in Berth; push to a registry container: \
             docker run -d -p 5000:5000 --name registry registry:2, then \
             docker tag IMAGE localhost:5000/NAME and docker push localhost:5000/NAME"
                .to_string()
        }
        RegistryError::Unknown(domain) => format!(
            "berth: the registry {domain} is not simulated; run registry:2 on a lab host and \
             name it HOST:PORT (localhost:5000)"
        ),
        RegistryError::Refused { domain, ip, port } => refused(domain, &format!("{ip}:{port}")),
        // moby `registry`: an HTTPS request answered by a plain-HTTP registry.
        RegistryError::Https { domain } => {
            format!("Get \"https://{domain}/v2/\": http: server gave HTTP response to HTTPS client")
        }
        RegistryError::ManifestUnknown => {
            EngineError::ManifestUnknown(reference.to_string()).to_string()
        }
        RegistryError::Engine(e) => e.to_string(),
    }
}

impl ImagePush {
    pub fn execute(self, world: &mut World, host: &str, caller: &Caller) -> Output {
        let reference: ImageRef = match self.reference.parse() {
            Ok(r) => r,
            Err(e) => return Output::failed(e.to_string(), 1),
        };
        let mut o = Output::default();
        // push.go: a name without a tag pushes `latest` and says so.
        let last = self.reference.rsplit('/').next().unwrap_or("");
        if !last.contains(':') && !last.contains('@') && !self.quiet {
            o.out("Using default tag: latest");
        }
        let shown = match crate::engine::docker::registry::registry_domain(&reference) {
            Some(_) => reference.repository.clone(),
            None => format!("docker.io/{}", reference.remote_path()),
        };
        match world.registry_push(host, caller, &reference) {
            Err(RegistryError::Engine(EngineError::NoSuchImage(_))) => {
                if !self.quiet {
                    o.out(format!("The push refers to repository [{shown}]"));
                }
                // moby `distribution/push.go` (`NewPusher`): the stream's error.
                o.err(format!(
                    "An image does not exist locally with the tag: {}",
                    reference.repository
                ));
                o.exit_code = 1;
                o
            }
            Err(e) => {
                if !self.quiet {
                    o.out(format!("The push refers to repository [{shown}]"));
                }
                o.err(registry_error(&e, &reference));
                o.exit_code = 1;
                o
            }
            Ok(report) => {
                if self.quiet {
                    o.out(reference.to_string());
                    return o;
                }
                o.out(format!("The push refers to repository [{shown}]"));
                for (layer, present) in &report.layers {
                    o.out(if *present {
                        format!("{layer}: Layer already exists")
                    } else {
                        format!("{layer}: Pushed")
                    });
                }
                // moby `distribution/push_v2.go`: "%s: digest: %s size: %d".
                o.out(format!(
                    "{}: digest: {} size: {}",
                    reference.tag, report.digest, report.size
                ));
                o
            }
        }
    }
}
