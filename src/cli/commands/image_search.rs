//! `docker search TERM`: Berth is offline, so it answers from the official images it knows,
//! in docker search's table (docker/cli `cli/command/registry/search.go`,
//! `formatter_search.go`: `NAME  DESCRIPTION  STARS  OFFICIAL`, descriptions cut at 45
//! characters unless `--no-trunc`). This is how a learner lists the images Berth can pull.
//!
//! Not simulated: Docker Hub's own ranking and its other repositories, star counts (Berth
//! has none: it shows 0 and says so), `--filter`, `--format`.

use crate::cli::flags::{Flag, Spec};
use crate::cli::table::{ellipsis, render};
use crate::cli::{exact_args, parse_flags, Docker, Output};
use crate::engine::docker::caller::Caller;
use crate::engine::docker::image::official;
use crate::engine::World;

pub const SPEC: Spec = Spec {
    path: "docker search",
    use_line: "docker search [OPTIONS] TERM",
    description: "Search Docker Hub for images",
    aliases: "",
    flags: &[
        Flag::value(
            "filter",
            Some('f'),
            "filter",
            "Filter output based on conditions provided",
        )
        .not_simulated(),
        Flag::value(
            "format",
            None,
            "string",
            "Pretty-print search using a Go template",
        )
        .not_simulated(),
        Flag::value("limit", None, "int", "Max number of search results"),
        Flag::bool("no-trunc", None, "Don't truncate output"),
    ],
    interspersed: true,
    excluded: &[],
};

/// Docker Hub's default page size, which the registry applies when `--limit` is 0.
const DEFAULT_LIMIT: usize = 25;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageSearch {
    pub term: String,
    pub limit: usize,
    pub no_trunc: bool,
}

pub fn parse(words: &[String]) -> Result<Docker, Output> {
    let Some(parsed) = parse_flags(&SPEC, words)? else {
        return Ok(Docker::Help(&SPEC));
    };
    let [term] = parsed.args.as_slice() else {
        return Err(exact_args(&SPEC, 1));
    };
    let limit = match parsed.value("limit") {
        None => DEFAULT_LIMIT,
        Some(text) => match text.parse::<usize>() {
            Ok(0) => DEFAULT_LIMIT,
            // docker/cli `search.go` passes it on; the registry refuses outside 1..100.
            Ok(n) if n <= 100 => n,
            _ => {
                return Err(Output::failed(
                    format!(
                        "Error response from daemon: limit {text} is outside the range of [1, 100]"
                    ),
                    1,
                ))
            }
        },
    };
    Ok(Docker::ImageSearch(ImageSearch {
        term: term.clone(),
        limit,
        no_trunc: parsed.is_set("no-trunc"),
    }))
}

impl ImageSearch {
    pub fn execute(self, _world: &mut World, _host: &str, _caller: &Caller) -> Output {
        let term = self.term.to_ascii_lowercase();
        let repos: Vec<official::Repository> = official::repositories().collect();
        // Names that contain the term first, the closest (shortest) first; then descriptions.
        let mut by_name: Vec<&official::Repository> =
            repos.iter().filter(|r| r.name.contains(&term)).collect();
        by_name.sort_by_key(|r| (r.name.len(), r.name));
        let by_description = repos.iter().filter(|r| {
            !r.name.contains(&term) && r.description.to_ascii_lowercase().contains(&term)
        });
        let found: Vec<&official::Repository> = by_name
            .into_iter()
            .chain(by_description)
            .take(self.limit)
            .collect();
        let mut rows = vec![["NAME", "DESCRIPTION", "STARS", "OFFICIAL"]
            .map(String::from)
            .to_vec()];
        for repo in &found {
            let description = if self.no_trunc {
                repo.description.to_string()
            } else {
                ellipsis(repo.description, 45)
            };
            rows.push(vec![
                repo.name.to_string(),
                description,
                "0".to_string(),
                "[OK]".to_string(),
            ]);
        }
        let mut o = Output::default();
        for line in render(&rows) {
            o.out(line);
        }
        o.err("berth: offline: only the Docker Official Images Berth knows are listed, without their star counts.");
        o
    }
}
