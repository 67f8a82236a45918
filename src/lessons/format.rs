//! The lesson file format: `lessons/NN-slug.md` (and `NN-slug.fr.md` beside it).
//!
//! `````text
//! +++
//! id = "first-container"
//! title = "Your first container"
//! summary = "run, ps, stop and rm"
//! level = "beginner"
//! minutes = 10
//! tags = ["addressing"]
//! seed = 1
//! +++
//!
//! ## Start a web server          ← a step
//! Prose in CommonMark.
//!
//! ```sh                           ← a Run block (also ```` ```.term1 ```` and `{{exec}}`)
//! docker run -d --name web nginx
//! ```
//!
//! ```setup                        ← run silently before the step
//! ```check                        ← one goal per line (`# message` sets the text shown)
//! ```solution                     ← the commands that solve the step
//! ```
//! `````
//!
//! Parsing never fails: it returns the lesson it could read and every problem, each with its
//! line number, so `berth lesson check` can report them all at once.

use std::fmt;

use super::goals::Goal;

/// A `hosts` entry: `host2`, or `win1:windows`, `mac:laptop`, `dc:triton` for the other kinds
/// of host. `None` if malformed.
pub fn host_spec(entry: &str) -> Option<(&str, crate::engine::Backend)> {
    let (name, os) = match entry.split_once(':') {
        None => (entry, crate::engine::Backend::Linux),
        Some((name, "linux")) => (name, crate::engine::Backend::Linux),
        Some((name, "windows")) => (name, crate::engine::Backend::Windows),
        Some((name, "laptop")) => (name, crate::engine::Backend::MacOs),
        Some((name, "triton")) => (name, crate::engine::Backend::Triton),
        Some(_) => return None,
    };
    crate::engine::names::valid_host_name(name).then_some((name, os))
}

/// Lesson metadata from the `+++` TOML front matter.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Meta {
    pub id: String,
    pub title: String,
    pub summary: String,
    pub level: String,
    pub minutes: u32,
    pub tags: Vec<String>,
    pub seed: u64,
    pub hosts: Vec<String>,
    /// Images the lesson declares (`[[image]]` tables after the keys, as in
    /// `lessons/images.toml`): known in its world only.
    pub images: Vec<crate::engine::docker::image::declared::ImageDeclaration>,
}

/// A command a Run button types into the terminal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunBlock {
    pub command: String,
    pub line: usize,
}

/// One goal line of a `check` block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoalLine {
    pub goal: Goal,
    /// The text after `# `, shown to the learner instead of the goal itself.
    pub message: Option<String>,
    pub line: usize,
}

/// A piece of a step's text, in order: prose (Markdown) or a Run block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    Prose(String),
    Run(RunBlock),
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Step {
    pub title: String,
    pub line: usize,
    pub blocks: Vec<Block>,
    pub setup: Vec<String>,
    pub goals: Vec<GoalLine>,
    pub solution: Vec<String>,
}

impl Step {
    pub fn run_blocks(&self) -> impl Iterator<Item = &RunBlock> {
        self.blocks.iter().filter_map(|b| match b {
            Block::Run(r) => Some(r),
            Block::Prose(_) => None,
        })
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Lesson {
    pub meta: Meta,
    /// Prose before the first step.
    pub intro: String,
    pub steps: Vec<Step>,
}

/// A problem in a lesson file, with the line it is on (1-based).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub line: usize,
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.line, self.message)
    }
}

/// Reads a lesson. Never fails: problems come back as diagnostics.
pub fn parse(text: &str) -> (Lesson, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let mut lesson = Lesson::default();
    let lines: Vec<&str> = text.lines().collect();
    let mut i = 0;
    // Front matter.
    if lines.first().map(|l| l.trim()) == Some("+++") {
        let end = lines
            .iter()
            .skip(1)
            .position(|l| l.trim() == "+++")
            .map(|p| p + 1);
        match end {
            Some(end) => {
                let front = lines.get(1..end).unwrap_or(&[]);
                // The lesson's keys, then its images' tables (the first `[` line on).
                let tables = front
                    .iter()
                    .position(|l| l.trim_start().starts_with('['))
                    .unwrap_or(front.len());
                let (keys, images) = front.split_at(tables);
                lesson.meta = parse_meta(keys, 2, &mut diagnostics);
                if !images.is_empty() {
                    let (declared, problems) =
                        super::images::read_block(&images.join("\n"), 2 + tables);
                    lesson.meta.images = declared;
                    diagnostics.extend(problems);
                }
                i = end + 1;
            }
            None => {
                diagnostics.push(Diagnostic {
                    line: 1,
                    message: "front matter opened with +++ is never closed".into(),
                });
                i = lines.len();
            }
        }
    } else {
        diagnostics.push(Diagnostic {
            line: 1,
            message: "a lesson starts with +++ TOML front matter (id, title, summary, level, minutes, tags, seed)".into(),
        });
    }
    let mut prose = String::new();
    let flush = |prose: &mut String, lesson: &mut Lesson| {
        let text = std::mem::take(prose);
        if text.trim().is_empty() {
            return;
        }
        match lesson.steps.last_mut() {
            Some(step) => step.blocks.push(Block::Prose(text.trim().to_string())),
            None => {
                lesson.intro.push_str(text.trim());
            }
        }
    };
    while let Some(line) = lines.get(i) {
        let number = i + 1;
        if let Some(title) = line.strip_prefix("## ") {
            flush(&mut prose, &mut lesson);
            lesson.steps.push(Step {
                title: title.trim().to_string(),
                line: number,
                ..Step::default()
            });
            i += 1;
            continue;
        }
        if let Some(info) = line.trim_start().strip_prefix("```") {
            let info = info.trim();
            let close = lines
                .iter()
                .skip(i + 1)
                .position(|l| l.trim_start().starts_with("```"));
            let Some(close) = close.map(|c| c + i + 1) else {
                diagnostics.push(Diagnostic {
                    line: number,
                    message: "code block is never closed".into(),
                });
                break;
            };
            let body: Vec<&str> = lines.get(i + 1..close).unwrap_or(&[]).to_vec();
            let after = lines.get(close).map(|l| l.trim()).unwrap_or("");
            // Killercoda's `{{exec}}` after the closing fence makes any block runnable.
            let exec_suffix = after.trim_start_matches('`').trim().starts_with("{{exec");
            let kind = info.split_whitespace().next().unwrap_or("");
            let is_special = matches!(kind, "setup" | "check" | "solution");
            if is_special && lesson.steps.is_empty() {
                diagnostics.push(Diagnostic {
                    line: number,
                    message: format!(
                        "a `{kind}` block must be inside a step (after a `## ` heading)"
                    ),
                });
            }
            match kind {
                "setup" | "solution" => {
                    let commands: Vec<String> = body
                        .iter()
                        .map(|l| l.trim())
                        .filter(|l| !l.is_empty() && !l.starts_with('#'))
                        .map(String::from)
                        .collect();
                    for (offset, command) in body.iter().enumerate() {
                        let c = command.trim();
                        if !c.is_empty() && !c.starts_with('#') {
                            if let Err(e) = crate::cli::parse(c) {
                                let text: Vec<String> = e.lines.iter().map(|l| l.text.clone()).collect();
                                diagnostics.push(Diagnostic {
                                    line: number + 1 + offset,
                                    message: format!("`{c}` does not parse: {}", text.join(" ").trim()),
                                });
                            }
                        }
                    }
                    if let Some(step) = lesson.steps.last_mut() {
                        if kind == "setup" {
                            step.setup.extend(commands);
                        } else {
                            step.solution.extend(commands);
                        }
                    }
                }
                "check" => {
                    for (offset, raw) in body.iter().enumerate() {
                        let raw = raw.trim();
                        if raw.is_empty() || raw.starts_with('#') {
                            continue;
                        }
                        let (goal_text, message) = match raw.split_once(" # ") {
                            Some((g, m)) => (g.trim(), Some(m.trim().to_string())),
                            None => (raw, None),
                        };
                        match goal_text.parse::<Goal>() {
                            Ok(goal) => {
                                if let Some(step) = lesson.steps.last_mut() {
                                    step.goals.push(GoalLine {
                                        goal,
                                        message,
                                        line: number + 1 + offset,
                                    });
                                }
                            }
                            Err(e) => diagnostics.push(Diagnostic {
                                line: number + 1 + offset,
                                message: e,
                            }),
                        }
                    }
                }
                "sh" | "bash" | "shell" | "console" | ".term1" | ".term2" => {
                    flush(&mut prose, &mut lesson);
                    push_runs(&body, number, &mut lesson, &mut diagnostics);
                }
                _ if exec_suffix => {
                    flush(&mut prose, &mut lesson);
                    push_runs(&body, number, &mut lesson, &mut diagnostics);
                }
                "" | "text" | "plain" | "json" | "yaml" | "toml" | "markdown" | "md" => {
                    // A code sample to read, not to run.
                    prose.push_str(&lines.get(i..=close).unwrap_or(&[]).join("\n"));
                    prose.push('\n');
                }
                other => diagnostics.push(Diagnostic {
                    line: number,
                    message: format!(
                        "unknown block kind `{other}`: use sh (a Run button), setup, check or solution"
                    ),
                }),
            }
            i = close + 1;
            continue;
        }
        prose.push_str(line);
        prose.push('\n');
        i += 1;
    }
    flush(&mut prose, &mut lesson);
    if lesson.steps.is_empty() {
        diagnostics.push(Diagnostic {
            line: lines.len().max(1),
            message: "a lesson needs at least one step (a `## ` heading)".into(),
        });
    }
    (lesson, diagnostics)
}

fn push_runs(
    body: &[&str],
    fence_line: usize,
    lesson: &mut Lesson,
    diagnostics: &mut Vec<Diagnostic>,
) {
    for (offset, raw) in body.iter().enumerate() {
        let command = raw.trim().trim_start_matches("$ ").to_string();
        if command.is_empty() {
            continue;
        }
        let line = fence_line + 1 + offset;
        if let Err(e) = crate::cli::parse(&command) {
            let text: Vec<String> = e.lines.iter().map(|l| l.text.clone()).collect();
            diagnostics.push(Diagnostic {
                line,
                message: format!(
                    "Run block `{command}` does not parse: {}",
                    text.join(" ").trim()
                ),
            });
        }
        let run = RunBlock { command, line };
        match lesson.steps.last_mut() {
            Some(step) => step.blocks.push(Block::Run(run)),
            None => diagnostics.push(Diagnostic {
                line,
                message: "a Run block must be inside a step".into(),
            }),
        }
    }
}

/// The small TOML subset of front matter: `key = "string"`, `key = 12`, `key = ["a", "b"]`.
fn parse_meta(lines: &[&str], first_line: usize, diagnostics: &mut Vec<Diagnostic>) -> Meta {
    let mut meta = Meta::default();
    let mut seen = Vec::new();
    for (offset, raw) in lines.iter().enumerate() {
        let line = first_line + offset;
        let text = raw.trim();
        if text.is_empty() || text.starts_with('#') {
            continue;
        }
        let Some((key, value)) = text.split_once('=') else {
            diagnostics.push(Diagnostic {
                line,
                message: format!("front matter: expected `key = value`, found `{text}`"),
            });
            continue;
        };
        let (key, value) = (key.trim(), value.trim());
        let string = |v: &str| -> Option<String> {
            v.strip_prefix('"')?
                .strip_suffix('"')
                .map(|s| s.replace("\\\"", "\""))
        };
        let strings = |v: &str| -> Option<Vec<String>> {
            let inner = v.strip_prefix('[')?.strip_suffix(']')?;
            inner
                .split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(|s| {
                    s.strip_prefix('"')
                        .and_then(|s| s.strip_suffix('"'))
                        .map(String::from)
                })
                .collect()
        };
        let mut bad = |what: &str| {
            diagnostics.push(Diagnostic {
                line,
                message: format!("front matter: `{key}` must be {what}"),
            });
        };
        match key {
            "id" | "title" | "summary" | "level" => match string(value) {
                Some(v) => match key {
                    "id" => meta.id = v,
                    "title" => meta.title = v,
                    "summary" => meta.summary = v,
                    _ => meta.level = v,
                },
                None => bad("a quoted string"),
            },
            "minutes" => match value.parse() {
                Ok(n) => meta.minutes = n,
                Err(_) => bad("a whole number"),
            },
            "seed" => match value.parse() {
                Ok(n) => meta.seed = n,
                Err(_) => bad("a whole number"),
            },
            "tags" | "hosts" => match strings(value) {
                Some(v) if key == "tags" => meta.tags = v,
                Some(v) => {
                    if let Some(badname) = v.iter().find(|h| host_spec(h).is_none()) {
                        diagnostics.push(Diagnostic {
                            line,
                            message: format!("front matter: `hosts`: {badname:?} is not a valid host name (letters, digits and '-', then `:windows` for a Windows host)"),
                        });
                    }
                    meta.hosts = v;
                }
                None => bad("a list of quoted strings"),
            },
            other => diagnostics.push(Diagnostic {
                line,
                message: format!("front matter: unknown key `{other}` (known: id, title, summary, level, minutes, tags, seed, hosts)"),
            }),
        }
        seen.push(key.to_string());
    }
    for required in ["id", "title", "summary", "level", "minutes", "seed"] {
        if !seen.iter().any(|k| k == required) {
            diagnostics.push(Diagnostic {
                line: first_line.saturating_sub(1).max(1),
                message: format!("front matter: `{required}` is missing"),
            });
        }
    }
    if !meta.id.is_empty()
        && !meta
            .id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    {
        diagnostics.push(Diagnostic {
            line: first_line,
            message: format!("front matter: id `{}` may use only a-z, 0-9 and -", meta.id),
        });
    }
    meta
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "+++
id = \"first\"
title = \"First\"
summary = \"Run one\"
level = \"beginner\"
minutes = 5
tags = [\"addressing\", \"basics\"]
seed = 7
+++

Welcome.

## Start it

Type this:

```sh
docker run -d --name web nginx
```

```check
container web is running # web should be up
```

```solution
docker run -d --name web nginx
```

## Killercoda style

```
docker ps
```{{exec}}
";

    #[test]
    fn a_complete_lesson_parses() {
        let (lesson, diagnostics) = parse(SAMPLE);
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        assert_eq!(lesson.meta.id, "first");
        assert_eq!(lesson.meta.tags, ["addressing", "basics"]);
        assert_eq!(lesson.meta.seed, 7);
        assert_eq!(lesson.intro, "Welcome.");
        assert_eq!(lesson.steps.len(), 2);
        let step = &lesson.steps[0];
        assert_eq!(step.title, "Start it");
        assert_eq!(
            step.run_blocks()
                .map(|r| r.command.as_str())
                .collect::<Vec<_>>(),
            ["docker run -d --name web nginx"]
        );
        assert_eq!(step.goals.len(), 1);
        assert_eq!(step.goals[0].message.as_deref(), Some("web should be up"));
        assert_eq!(step.solution, ["docker run -d --name web nginx"]);
        assert_eq!(
            lesson.steps[1].run_blocks().count(),
            1,
            "{{exec}} makes a plain block runnable"
        );
    }

    #[test]
    fn problems_come_with_line_numbers() {
        let text = "+++\nid = \"Bad Id\"\ntitle = 3\ncolour = \"red\"\nhosts = [\"host_1\"]\n+++\n## Step\n```check\ncontainer web is dancing\n```\n```frob\nx\n```\n```sh\necho 'open\n```\n";
        let (_, diagnostics) = parse(text);
        let lines: Vec<usize> = diagnostics.iter().map(|d| d.line).collect();
        let all = diagnostics
            .iter()
            .map(|d| d.to_string())
            .collect::<Vec<_>>()
            .join("\n");
        assert!(
            all.contains("3: front matter: `title` must be a quoted string"),
            "{all}"
        );
        assert!(
            all.contains("4: front matter: unknown key `colour`"),
            "{all}"
        );
        assert!(
            all.contains("5: front matter: `hosts`: \"host_1\" is not a valid host name"),
            "{all}"
        );
        assert!(
            all.contains("9: unknown container state `dancing`"),
            "{all}"
        );
        assert!(all.contains("11: unknown block kind `frob`"), "{all}");
        assert!(
            all.contains("15: Run block `echo 'open` does not parse: bash: unexpected EOF while looking for matching `''"),
            "{all}"
        );
        assert!(all.contains("id `Bad Id`"), "{all}");
        assert!(lines.iter().all(|l| *l >= 1));
    }

    #[test]
    fn no_input_breaks_the_parser() {
        for text in [
            "", "+++", "```", "## \n```sh\n", "+++\n+++\n```check\n", "\u{0}\u{feff}##",
        ] {
            let _ = parse(text);
        }
    }

    #[test]
    fn hosts_name_a_windows_host_with_a_suffix() {
        use crate::engine::Backend;
        assert_eq!(host_spec("host2"), Some(("host2", Backend::Linux)));
        assert_eq!(host_spec("win1:windows"), Some(("win1", Backend::Windows)));
        assert_eq!(host_spec("win1:beos"), None);
        assert_eq!(host_spec("bad_name:windows"), None);
    }
}
