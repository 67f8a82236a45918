//! The read-only views of a project: `images`, `top` and `config` (docker/compose v2.40.3
//! `cmd/compose/images.go`, `top.go`, `config.go`).

use super::commands::{selected, Flags};
use super::lifecycle::{self, project_containers};
use super::model::Project;
use crate::cli::commands::Docker;
use crate::cli::Output;
use crate::engine::docker::caller::Caller;
use crate::engine::World;

pub fn images(
    world: &mut World,
    host: &str,
    caller: &Caller,
    project: &Project,
    args: &[String],
    o: &mut Output,
) -> Result<(), String> {
    let f = Flags::parse(args, &["-q", "--quiet"], &["--format"])?;
    selected(project, &f.args)?;
    let mut rows = vec![[
        "CONTAINER", "REPOSITORY", "TAG", "PLATFORM", "IMAGE ID", "SIZE", "CREATED",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect::<Vec<_>>()];
    let now = world.now();
    let mut containers = project_containers(world, host, caller, &project.name)
        .map_err(|e| crate::cli::commands::daemon_error(&e))?;
    containers.sort_by(|a, b| a.name.cmp(&b.name));
    for c in containers
        .iter()
        .filter(|c| f.args.is_empty() || f.args.contains(&c.service))
    {
        let Ok(container) = world.container_lookup(host, &c.id) else {
            continue;
        };
        let Ok(image) = world.image_inspect(host, &container.image) else {
            continue;
        };
        if f.has(&["-q", "--quiet"]) {
            o.out(image.id.clone());
            continue;
        }
        rows.push(vec![
            c.name.clone(),
            image.reference.repository.clone(),
            image.reference.tag.clone(),
            "linux/amd64".to_string(),
            image.id.get(..12).unwrap_or(&image.id).to_string(),
            crate::cli::table::human_size(image.config.size),
            format!(
                "{} ago",
                crate::engine::clock::human_duration(now.seconds_since(image.pulled))
            ),
        ]);
    }
    if !f.has(&["-q", "--quiet"]) {
        for line in crate::cli::table::render_min(&rows, 20) {
            o.out(line);
        }
    }
    Ok(())
}

/// `top`: each running container's processes, in one table headed `SERVICE  #  UID …`
/// (compose `cmd/compose/top.go`, tabwriter(4, 1, 2)).
pub fn top(
    world: &mut World,
    host: &str,
    caller: &Caller,
    project: &Project,
    args: &[String],
    o: &mut Output,
) -> Result<(), String> {
    let f = Flags::parse(args, &[], &[])?;
    selected(project, &f.args)?;
    let mut containers = project_containers(world, host, caller, &project.name)
        .map_err(|e| crate::cli::commands::daemon_error(&e))?;
    containers.sort_by(|a, b| a.name.cmp(&b.name));
    let mut rows: Vec<Vec<String>> = Vec::new();
    for c in containers
        .iter()
        .filter(|c| c.running && (f.args.is_empty() || f.args.contains(&c.service)))
    {
        let words = vec![c.id.clone()];
        let shown = match crate::cli::commands::container_top::parse_top(&words) {
            Ok(Docker::ContainerTop(t)) => t.execute(world, host, caller),
            _ => continue,
        };
        let number = world
            .container_lookup(host, &c.id)
            .ok()
            .and_then(|x| x.labels.get(lifecycle::NUMBER_LABEL).cloned())
            .unwrap_or_else(|| "1".into());
        for (i, line) in shown.lines.iter().enumerate() {
            // `docker top`'s columns are separated by runs of spaces; CMD is the rest.
            let mut cells: Vec<String> = Vec::new();
            let mut rest = line.text.trim_end();
            for _ in 0..7 {
                let cell: String = rest.chars().take_while(|c| *c != ' ').collect();
                rest = rest.get(cell.len()..).unwrap_or("").trim_start();
                cells.push(cell);
            }
            cells.push(rest.to_string());
            if i == 0 {
                if rows.is_empty() {
                    let mut header = vec!["SERVICE".to_string(), "#".to_string()];
                    header.extend(cells);
                    rows.push(header);
                }
                continue;
            }
            let mut row = vec![c.service.clone(), number.clone()];
            row.extend(cells);
            rows.push(row);
        }
    }
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..columns)
        .map(|i| {
            rows.iter()
                .filter_map(|r| r.get(i))
                .map(|c| c.chars().count() + 2)
                .max()
                .unwrap_or(0)
                .max(4)
        })
        .collect();
    for row in &rows {
        let mut line = String::new();
        for (i, cell) in row.iter().enumerate() {
            line.push_str(cell);
            if i + 1 < row.len() {
                let pad = widths
                    .get(i)
                    .copied()
                    .unwrap_or(0)
                    .saturating_sub(cell.chars().count());
                line.push_str(&" ".repeat(pad));
            }
        }
        o.out(line);
    }
    Ok(())
}

/// `config [--services] [--volumes] [--networks] [-q]`: the normalised model as YAML, in
/// compose-go's key order (`types.Project`'s fields).
pub fn config(project: &Project, args: &[String], o: &mut Output) -> Result<(), String> {
    let f = Flags::parse(
        args,
        &[
            "--services", "--volumes", "--networks", "-q", "--quiet", "--images",
            "--no-interpolate", "--no-normalize",
        ],
        &["--format", "-o", "--output"],
    )?;
    if f.has(&["--services"]) {
        for s in project.services.keys() {
            o.out(s.clone());
        }
        return Ok(());
    }
    if f.has(&["--volumes"]) {
        for v in project.volumes.keys() {
            o.out(v.clone());
        }
        return Ok(());
    }
    if f.has(&["--networks"]) {
        for n in project.networks.keys() {
            o.out(n.clone());
        }
        return Ok(());
    }
    if f.has(&["--images"]) {
        for s in project.services.values() {
            o.out(s.image_name(&project.name));
        }
        return Ok(());
    }
    if f.has(&["-q", "--quiet"]) {
        return Ok(());
    }
    o.out(super::output::config_yaml(project).trim_end().to_string());
    Ok(())
}
