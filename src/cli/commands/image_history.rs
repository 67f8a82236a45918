//! `docker history` (`docker image history`): the layers of an image, newest first
//! (docker/cli `cli/command/image/history.go`, `formatter/history.go`).

use crate::cli::flags::{Flag, Spec, FORMAT_TABLE_HELP};
use crate::cli::format::{render_rows, Rows};
use crate::cli::table::{ellipsis, human_size};
use crate::cli::{exact_args, parse_flags, Docker, Output};
use crate::engine::clock::human_duration;
use crate::engine::docker::caller::Caller;
use crate::engine::{ImageRef, World};
use crate::golang::template::Value;

pub const SPEC: Spec = Spec {
    path: "docker history",
    use_line: "docker history [OPTIONS] IMAGE",
    description: "Show the history of an image",
    aliases: "docker image history, docker history",
    flags: &[
        Flag::value("format", None, "string", FORMAT_TABLE_HELP),
        Flag::bool("human", Some('H'), "Print sizes and dates in human readable format").with_default("true"),
        Flag::bool("no-trunc", None, "Don't truncate output"),
        Flag::value("platform", None, "string", "Show history for the given platform. Formatted as \"os[/arch[/variant]]\" (e.g., \"linux/amd64\")").not_simulated(),
        Flag::bool("quiet", Some('q'), "Only show image IDs"),
    ],
    interspersed: true,
    excluded: &[],
};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageHistory {
    pub image: String,
    pub no_trunc: bool,
    pub quiet: bool,
    /// `-H` (default true): sizes and dates for people; `-H=false`: bytes and RFC 3339.
    pub human: bool,
    pub format: Option<String>,
}

pub fn parse(words: &[String]) -> Result<Docker, Output> {
    let Some(parsed) = parse_flags(&SPEC, words)? else {
        return Ok(Docker::Help(&SPEC));
    };
    let [image] = parsed.args.as_slice() else {
        return Err(exact_args(&SPEC, 1));
    };
    Ok(Docker::ImageHistory(ImageHistory {
        image: image.clone(),
        no_trunc: parsed.is_set("no-trunc"),
        quiet: parsed.is_set("quiet"),
        human: !matches!(
            parsed.value("human"),
            Some("false" | "0" | "f" | "F" | "FALSE" | "False")
        ),
        format: parsed.value("format").map(String::from),
    }))
}

impl ImageHistory {
    pub fn execute(self, world: &mut World, host: &str, caller: &Caller) -> Output {
        let Ok(reference) = self.image.parse::<ImageRef>() else {
            return Output::failed(
                format!("Error response from daemon: No such image: {}", self.image),
                1,
            );
        };
        let image = match world.image_history(host, caller, &reference) {
            Ok(i) => i,
            Err(e) => return Output::failed(super::daemon_error(&e), 1),
        };
        // Only the newest step has the image's own ID; the others are `<missing>` under the
        // containerd image store, as their layers have no image of their own. docker/cli
        // `formatter_history.go`: `TruncateID` unless `--no-trunc`.
        let id = |i: usize| {
            if i == 0 {
                if self.no_trunc {
                    format!("sha256:{}", image.id)
                } else {
                    image.id.get(..12).unwrap_or(&image.id).to_string()
                }
            } else {
                "<missing>".to_string()
            }
        };
        let now = world.now();
        let rows = image
            .config
            .history
            .iter()
            .enumerate()
            .map(|(i, step)| {
                let unix = i64::try_from(crate::engine::clock::EPOCH_UNIX)
                    .unwrap_or(0)
                    .saturating_add(step.created);
                // `time.Unix(c.h.Created, 0).Format(time.RFC3339)`, on a host in UTC.
                let (y, mo, d, h, mi, sec) =
                    crate::engine::clock::civil_from_unix(u64::try_from(unix).unwrap_or(0));
                let created_at = format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{sec:02}Z");
                let since = if self.human {
                    format!("{} ago", human_duration(step.seconds_old(now)))
                } else {
                    created_at.clone()
                };
                let by = step.created_by.replace('\t', " ");
                let by = if self.no_trunc { by } else { ellipsis(&by, 45) };
                let size = if self.human {
                    human_size(step.size)
                } else {
                    step.size.to_string()
                };
                vec![
                    ("ID", Value::Str(id(i))),
                    ("CreatedSince", Value::Str(since)),
                    ("CreatedAt", Value::Str(created_at)),
                    ("CreatedBy", Value::Str(by)),
                    ("Size", Value::Str(size)),
                    ("Comment", Value::Str(step.comment.clone())),
                ]
            })
            .collect();
        // docker/cli `newHistoryFormat`: `table` is the quiet format with `-q`, the
        // non-human table with `-H=false`.
        let format = match self.format.as_deref() {
            None | Some("table") if self.quiet => "{{.ID}}",
            None | Some("table") if !self.human => {
                "table {{.ID}}\t{{.CreatedAt}}\t{{.CreatedBy}}\t{{.Size}}\t{{.Comment}}"
            }
            None => "table",
            Some(f) => f,
        };
        let rendered = render_rows(
            format,
            Rows {
                type_name: "*image.historyContext",
                headers: &[
                    ("ID", "IMAGE"),
                    ("CreatedSince", "CREATED"),
                    ("CreatedAt", "CREATED AT"),
                    ("CreatedBy", "CREATED BY"),
                    ("Size", "SIZE"),
                    ("Comment", "COMMENT"),
                ],
                default_table:
                    "table {{.ID}}\t{{.CreatedSince}}\t{{.CreatedBy}}\t{{.Size}}\t{{.Comment}}",
                rows,
            },
        );
        let mut o = Output::default();
        match rendered {
            Ok(lines) => {
                for line in lines {
                    o.out(line);
                }
            }
            Err(e) => return Output::failed(e, 1),
        }
        o
    }
}
