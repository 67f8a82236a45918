//! `docker pull`: copies an image of the built-in catalogue into the host, with the progress
//! lines Docker prints once the download is done (docker/cli `cli/command/image/pull.go`).

use crate::cli::flags::{Flag, Spec};
use crate::cli::{exact_args, parse_flags, Docker, Output};
use crate::engine::docker::caller::Caller;
use crate::engine::EngineError;
use crate::engine::{ImageRef, World};

pub const SPEC: Spec = Spec {
    path: "docker pull",
    use_line: "docker pull [OPTIONS] NAME[:TAG|@DIGEST]",
    description: "Download an image from a registry",
    aliases: "docker image pull, docker pull",
    flags: &[
        Flag::bool(
            "all-tags",
            Some('a'),
            "Download all tagged images in the repository",
        )
        .not_simulated(),
        Flag::bool("disable-content-trust", None, "Skip image verification").with_default("true"),
        Flag::value(
            "platform",
            None,
            "string",
            "Set platform if server is multi-platform capable",
        )
        .not_simulated(),
        Flag::bool("quiet", Some('q'), "Suppress verbose output"),
    ],
    interspersed: true,
    excluded: &[],
};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImagePull {
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
    Ok(Docker::ImagePull(ImagePull {
        reference: reference.clone(),
        quiet: parsed.is_set("quiet"),
    }))
}

impl ImagePull {
    pub fn execute(self, world: &mut World, host: &str, caller: &Caller) -> Output {
        let reference: ImageRef = match self.reference.parse() {
            Ok(r) => r,
            Err(e) => return Output::failed(e.to_string(), 1),
        };
        let mut o = Output::default();
        // The tag follows the last `/`: `localhost:5000/app` has none.
        let last = self.reference.rsplit('/').next().unwrap_or("");
        if !last.contains(':') && !last.contains('@') && !self.quiet {
            o.out("Using default tag: latest");
        }
        // A name that starts with a registry (`localhost:5000/app`) pulls from that registry
        // container; any other from the catalogue.
        let pulled = match world.registry_pull(host, caller, &reference) {
            Some(Err(e)) => {
                let text = super::image_push::registry_error(&e, &reference);
                o.err(if text.starts_with("berth:") {
                    text
                } else {
                    format!("Error response from daemon: {text}")
                });
                o.exit_code = 1;
                return o;
            }
            Some(Ok(report)) => Ok(report),
            None => world.image_pull(host, caller, &reference),
        };
        match pulled {
            Ok(report) => {
                if !self.quiet {
                    o.out(format!("{}: Pulling from {}", reference.tag, report.remote));
                    if report.downloaded {
                        for layer in &report.layers {
                            o.out(format!("{layer}: Pull complete"));
                        }
                    }
                    o.out(format!("Digest: sha256:{}", report.digest));
                    o.out(if report.downloaded {
                        format!("Status: Downloaded newer image for {reference}")
                    } else {
                        format!("Status: Image is up to date for {reference}")
                    });
                }
                o.out(reference.canonical());
                o
            }
            // The registry answered; the manifest list has nothing for this platform.
            Err(e @ EngineError::NoMatchingManifest(_)) => {
                if !self.quiet {
                    o.out(format!(
                        "{}: Pulling from {}",
                        reference.tag,
                        reference.remote_path()
                    ));
                }
                o.err(e.to_string());
                o.exit_code = 1;
                o
            }
            Err(e) => {
                o.err(super::daemon_error(&e));
                if let Some(hint) = offline_hint(&e) {
                    o.err(hint);
                }
                o.exit_code = 1;
                o
            }
        }
    }
}

/// After Docker's "pull access denied" for a name Berth does not know: Berth never reaches a
/// registry, so it says so, and how to list what it can pull.
pub fn offline_hint(e: &EngineError) -> Option<&'static str> {
    matches!(e, EngineError::PullAccessDenied(_)).then_some(
        "berth: Berth is offline: it pulls only the images it knows. List them with `docker search TERM` (for example `docker search sql`).",
    )
}
