//! `docker images` (`docker image ls`). With no formatting flag, Docker 29's view
//! (docker/cli `cli/command/image/tree.go`): a legend, then `IMAGE  ID  DISK USAGE  CONTENT
//! SIZE  EXTRA`, one row per name, sorted by name, `U` for an image a container uses. With
//! `--format`, `-q` or `--no-trunc` the classic table: `REPOSITORY  TAG  IMAGE ID  CREATED
//! SIZE`, newest first (`list.go`, `formatter/image.go`).
//!
//! `--filter` (`-f`): `reference=PATTERN` (moby's `reference.FamiliarMatch`: a `path.Match`
//! glob over `name:tag` or `name`, so `learner/*` matches `learner/app:1.0`; the positional
//! argument is this filter too), `dangling=true|false`, `label=KEY` or `label=KEY=VALUE`;
//! several values of one key match any of them, different keys must all match.
//!
//! Not simulated: the terminal's real width (Berth's terminal counts as 80 columns, a TTY's
//! default, which places the legend and caps the name column), `--tree`, `--digests`, the
//! `before`, `since` and `until` filters (a `berth:` line says so).
//! DISK USAGE is what the containerd store keeps: the unpacked layers (the image's size, as
//! `docker history` adds them up) and the compressed content together; CONTENT SIZE is
//! Berth's estimate of the compressed content, three eighths of the unpacked size (Docker
//! 29 shows `nginx:1.29.5` at 240MB and 65.8MB, `alpine` at 12.8MB and 3.88MB).

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
        ),
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
    /// `-a`: dangling images too.
    pub all: bool,
    /// `--filter KEY=VALUE`, in order.
    pub filters: Vec<(String, String)>,
}

pub fn parse(words: &[String]) -> Result<Docker, Output> {
    let Some(parsed) = parse_flags(&SPEC, words)? else {
        return Ok(Docker::Help(&SPEC));
    };
    if parsed.args.len() > 1 {
        return Err(Output::failed(
            format!("docker: 'docker images' requires at most 1 argument\n\nUsage:  {}\n\nRun 'docker images --help' for more information", SPEC.use_line),
            1,
        ));
    }
    let filters = crate::cli::usage::parse_filters(&SPEC, &parsed)?;
    Ok(Docker::ImageLs(ImageLs {
        filters,
        format: parsed.value("format").map(String::from),
        reference: parsed.args.first().cloned(),
        quiet: parsed.is_set("quiet"),
        no_trunc: parsed.is_set("no-trunc"),
        all: parsed.is_set("all"),
    }))
}

impl ImageLs {
    pub fn execute(self, world: &mut World, host: &str, caller: &Caller) -> Output {
        let images = match world.image_list(host, caller) {
            Ok(i) => i,
            Err(e) => return Output::failed(super::daemon_error(&e), 1),
        };
        // The argument is a `reference` filter: `nginx` matches every tag, `nginx:alpine` one.
        let mut references: Vec<&str> = self
            .filters
            .iter()
            .filter(|(k, _)| k == "reference")
            .map(|(_, v)| v.as_str())
            .collect();
        references.extend(self.reference.as_deref());
        let mut dangling = None;
        let mut labels = Vec::new();
        for (key, value) in &self.filters {
            match key.as_str() {
                "reference" => {}
                // moby `filters.GetBoolOrDefault`.
                "dangling" => match value.to_ascii_lowercase().as_str() {
                    "true" | "1" => dangling = Some(true),
                    "false" | "0" => dangling = Some(false),
                    _ => {
                        return Output::failed(
                            format!("Error response from daemon: invalid filter 'dangling={value}'"),
                            1,
                        )
                    }
                },
                "label" => labels.push(value.as_str()),
                "before" | "since" | "until" => {
                    return Output::failed(
                        format!("berth: `docker images --filter {key}=…` is not simulated; the reference, dangling and label filters are"),
                        1,
                    )
                }
                // moby `imageFilters.Validate`.
                other => {
                    return Output::failed(
                        format!("Error response from daemon: invalid filter '{other}'"),
                        1,
                    )
                }
            }
        }
        let wanted = |repo: &str, tag: &str| {
            references.is_empty()
                || references
                    .iter()
                    .any(|r| familiar_match(r, &format!("{repo}:{tag}")) || familiar_match(r, repo))
        };
        let labelled = |config: &crate::engine::docker::image_config::ImageConfig| {
            labels.iter().all(|l| match l.split_once('=') {
                Some((k, v)) => config.labels.get(k).is_some_and(|x| x == v),
                None => config.labels.contains_key(*l),
            })
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
            // docker/cli `list.go`: dangling images (`<none>`) are hidden unless `-a`.
            .filter(|i| match dangling {
                Some(d) => i.reference.is_dangling() == d,
                None => self.all || !i.reference.is_dangling(),
            })
            // A dangling image has no name a reference could match.
            .filter(|i| {
                references.is_empty()
                    || (!i.reference.is_dangling()
                        && wanted(&i.reference.repository, &i.reference.tag))
            })
            .filter(|i| labelled(&i.config))
            .collect();
        if self.format.is_none() && !self.quiet && !self.no_trunc {
            return tree_view(world, host, &shown);
        }
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

/// The terminal's width as Berth reports it to docker/cli's `GetTtySize`.
const TERMINAL_COLUMNS: usize = 80;
/// `tree.go` `columnSpacing`.
const SPACING: &str = "   ";
/// `tree.go` `untaggedName`.
const UNTAGGED: &str = "<untagged>";

/// Docker 29's default view (`runTree`, not expanded, then `printImageTree`), without colour:
/// a chip and the legend's `i` are drawn as on a terminal (`tui.Str`'s `Fancy` form).
/// moby's `reference.FamiliarMatch`: Go's `path.Match`, where `*`, `?` and `[…]` never
/// match a `/`.
fn familiar_match(pattern: &str, name: &str) -> bool {
    crate::golang::path::matches(pattern, name)
}

fn tree_view(world: &World, host: &str, shown: &[&crate::engine::Image]) -> Output {
    let in_use = |id: &str| {
        world
            .host(host)
            .is_ok_and(|h| h.containers.values().any(|c| c.image_id == id))
    };
    // One row per name; an image with no name is one `<untagged>` row, listed last.
    let mut rows: Vec<(Option<String>, &crate::engine::Image)> = shown
        .iter()
        .map(|i| {
            let name = (!i.reference.is_dangling()).then(|| i.reference.to_string());
            (name, *i)
        })
        .collect();
    rows.sort_by(|(a, _), (b, _)| match (a, b) {
        (Some(a), Some(b)) => a.cmp(b),
        (a, b) => a.is_none().cmp(&b.is_none()),
    });
    let any_in_use = rows.iter().any(|(_, i)| in_use(&i.id));
    // `adjustColumns`: the fixed columns take their width and spacing; the name column gets
    // what is left, or only what its widest name needs.
    let fixed = (12 + 3) + (10 + 3) + (12 + 3) + (5 + 3);
    let widest = rows
        .iter()
        .map(|(n, _)| n.as_deref().unwrap_or(UNTAGGED).chars().count())
        .fold("Image".len(), usize::max);
    let name_width = TERMINAL_COLUMNS.saturating_sub(fixed).min(widest);
    let left = |s: &str, w: usize| format!("{s:<w$}");
    let right = |s: &str, w: usize| format!("{s:>w$}");
    let mut o = Output::default();
    // `generateLegend`: `tui.InfoHeader` then each chip and its meaning, right-aligned.
    let legend = "i Info →   U  In Use";
    o.out(right(legend, TERMINAL_COLUMNS));
    o.out(
        [
            left("IMAGE", name_width),
            left("ID", 12),
            right("DISK USAGE", 10),
            right("CONTENT SIZE", 12),
            left("EXTRA", 5),
        ]
        .join(SPACING),
    );
    for (name, image) in rows {
        let name = name.as_deref().unwrap_or(UNTAGGED);
        let unpacked = image.config.size;
        let content = unpacked / 8 * 3;
        let chip = match (any_in_use, in_use(&image.id)) {
            (true, true) => " U ",
            (true, false) => "   ",
            (false, _) => "",
        };
        let details = [
            left(image.id.get(..12).unwrap_or(&image.id), 12),
            right(&human_size(unpacked.saturating_add(content)), 10),
            right(&human_size(content), 12),
            left(chip, 5),
        ]
        .join(SPACING);
        // `printNames`: a name wider than its column keeps its length; the details go on the
        // next line, under the column.
        if name.chars().count() > name_width {
            o.out(name);
            o.out(format!("{}{SPACING}{details}", " ".repeat(name_width)));
        } else {
            o.out(format!("{}{SPACING}{details}", left(name, name_width)));
        }
    }
    o
}
