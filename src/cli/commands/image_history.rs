//! `docker history` (`docker image history`): the layers of an image, newest first
//! (docker/cli `cli/command/image/history.go`, `formatter/history.go`).

use crate::cli::flags::{Flag, Spec, FORMAT_TABLE_HELP};
use crate::cli::table::{ellipsis, human_size, render};
use crate::cli::{exact_args, parse_flags, Docker, Output};
use crate::engine::clock::human_duration;
use crate::engine::docker::caller::Caller;
use crate::engine::{ImageRef, World};

pub const SPEC: Spec = Spec {
    path: "docker history",
    use_line: "docker history [OPTIONS] IMAGE",
    description: "Show the history of an image",
    aliases: "docker image history, docker history",
    flags: &[
        Flag::value("format", None, "string", FORMAT_TABLE_HELP).not_simulated(),
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
        let mut o = Output::default();
        // Only the newest step has the image's own ID; the others are `<missing>` under the
        // containerd image store, as their layers have no image of their own.
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
        if self.quiet {
            for i in 0..image.config.history.len() {
                o.out(id(i));
            }
            return o;
        }
        let mut rows = vec![["IMAGE", "CREATED", "CREATED BY", "SIZE", "COMMENT"]
            .map(String::from)
            .to_vec()];
        for (i, step) in image.config.history.iter().enumerate() {
            let by = step.created_by.replace('\t', " ");
            let age = format!("{} ago", human_duration(step.seconds_old(world.now())));
            rows.push(vec![
                id(i),
                age,
                if self.no_trunc { by } else { ellipsis(&by, 45) },
                human_size(step.size),
                step.comment.clone(),
            ]);
        }
        for line in render(&rows) {
            o.out(line);
        }
        o
    }
}
