//! `docker images` (`docker image ls`): `REPOSITORY  TAG  IMAGE ID  CREATED  SIZE`, newest
//! first (docker/cli `cli/command/image/list.go`, `formatter/image.go`).

use crate::cli::flags::{Flag, Spec, FORMAT_TABLE_HELP};
use crate::cli::format::{render_rows, Rows};
use crate::cli::table::human_size;
use crate::cli::{parse_flags, Docker, Output};
use crate::engine::clock::human_duration;
use crate::engine::docker::caller::Caller;
use crate::engine::{Timestamp, World};
use crate::golang::Value;

pub const SPEC: Spec = Spec {
    path: "docker images",
    use_line: "docker images [OPTIONS] [REPOSITORY[:TAG]]",
    description: "List images",
    aliases: "docker image ls, docker image list, docker images",
    flags: &[
        Flag::bool(
            "all",
            Some('a'),
            "Show all images (default hides intermediate images)",
        ),
        Flag::bool("digests", None, "Show digests").not_simulated(),
        Flag::value(
            "filter",
            Some('f'),
            "filter",
            "Filter output based on conditions provided",
        )
        .not_simulated(),
        Flag::value("format", None, "string", FORMAT_TABLE_HELP),
        Flag::bool("no-trunc", None, "Don't truncate output"),
        Flag::bool("quiet", Some('q'), "Only show image IDs"),
    ],
    interspersed: true,
    excluded: &[],
};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageLs {
    pub format: Option<String>,
    pub reference: Option<String>,
    pub quiet: bool,
    pub no_trunc: bool,
}

pub fn parse(words: &[String]) -> Result<Docker, Output> {
    let Some(parsed) = parse_flags(&SPEC, words)? else {
        return Ok(Docker::Help(&SPEC));
    };
    if parsed.args.len() > 1 {
        return Err(Output::failed(
            format!("docker: 'docker images' requires at most 1 argument\n\nUsage:  {}\n\nSRun 'docker images --help' for more information", SPEC.use_line),
            1,
        ));
    }
    Ok(Docker::ImageLs(ImageLs {
        format: parsed.value("format").map(String::from),
        reference: parsed.args.first().cloned(),
        quiet: parsed.is_set("quiet"),
        no_trunc: parsed.is_set("no-trunc"),
    }))
}

impl ImageLs {
    pub fn execute(self, world: &mut World, host: &str, caller: &Caller) -> Output {
        let images = match world.image_list(host, caller) {
            Ok(i) => i,
            Err(e) => return Output::failed(super::daemon_error(&e), 1),
        };
        // The argument is a `reference` filter: `nginx` matches every tag, `nginx:alpine` one.
        let wanted = |repo: &str, tag: &str| match self.reference.as_deref() {
            None => true,
            Some(r) => match r.split_once(':') {
                Some((wr, wt)) => wr == repo && wt == tag,
                None => r == repo,
            },
        };
        let now = world.now();
        let mut o = Output::default();
        let id = |full: &str| {
            if self.no_trunc {
                format!("sha256:{full}")
            } else {
                full.get(..12).unwrap_or(full).to_string()
            }
        };
        let shown: Vec<_> = images
            .into_iter()
            .filter(|i| wanted(&i.reference.repository, &i.reference.tag))
            .collect();
        if self.quiet {
            let mut seen = Vec::new();
            for image in shown {
                if !seen.contains(&image.id) {
                    o.out(id(&image.id));
                    seen.push(image.id.clone());
                }
            }
            return o;
        }
        let rows = shown
            .iter()
            .map(|image| {
                let age = image.config.seconds_old(now);
                vec![
                    ("Repository", Value::str(&image.reference.repository)),
                    ("Tag", Value::str(&image.reference.tag)),
                    ("ID", Value::Str(id(&image.id))),
                    ("Digest", Value::str("<none>")),
                    (
                        "CreatedSince",
                        Value::Str(format!("{} ago", human_duration(age))),
                    ),
                    ("CreatedAt", Value::Str(Timestamp(0).go_string())),
                    ("Size", Value::Str(human_size(image.config.size))),
                    ("Containers", Value::str("N/A")),
                ]
            })
            .collect();
        match render_rows(
            self.format.as_deref().unwrap_or("table"),
            Rows {
                type_name: "*formatter.imageContext",
                headers: &[
                    ("Repository", "REPOSITORY"),
                    ("Tag", "TAG"),
                    ("ID", "IMAGE ID"),
                    ("Digest", "DIGEST"),
                    ("CreatedSince", "CREATED"),
                    ("CreatedAt", "CREATED AT"),
                    ("Size", "SIZE"),
                    ("Containers", "CONTAINERS"),
                ],
                default_table:
                    "table {{.Repository}}\\t{{.Tag}}\\t{{.ID}}\\t{{.CreatedSince}}\\t{{.Size}}",
                rows,
            },
        ) {
            Ok(lines) => {
                for line in lines {
                    o.out(line);
                }
                o
            }
            Err(e) => Output::failed(e, 1),
        }
    }
}
