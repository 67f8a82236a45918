//! Nodes to typed instructions and build stages, as BuildKit's `instructions` package does
//! (moby/buildkit `frontend/dockerfile/instructions/parse.go`, `bflag.go`): each instruction
//! checks its arguments and flags with BuildKit's texts, and every error carries
//! `dockerfile parse error on line N:` (`parseError`), except `no build stage in current
//! context`, which BuildKit reports with its location only.
//!
//! Not simulated: the `RUN` flags `--mount`, `--network`, `--security`, `--device` are accepted
//! and have no effect; `COPY --link`, `--chmod`, `--exclude`, `--parents` and `ADD`'s remote
//! sources, `--checksum`, `--keep-git-dir`, `--unpack` likewise.

use super::parse::{Args, Dockerfile, Heredoc, Node};
use super::BuildError;

/// The command of `RUN`, `CMD`, `ENTRYPOINT`: the shell form runs through `SHELL`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CommandLine {
    Shell(String),
    Exec(Vec<String>),
}

/// `COPY`/`ADD`'s sources and destination.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Copy {
    pub sources: Vec<String>,
    pub dest: String,
    /// `--from=STAGE|IMAGE`.
    pub from: Option<String>,
    pub chown: Option<String>,
    /// Here-documents given as sources: (name, content, expand).
    pub inline: Vec<(String, String, bool)>,
}

/// `HEALTHCHECK`: `NONE`, or a test and its options (durations as written, in ns).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Health {
    /// `["NONE"]`, `["CMD", …]` or `["CMD-SHELL", "…"]`.
    pub test: Vec<String>,
    pub interval_ns: u64,
    pub timeout_ns: u64,
    pub start_period_ns: u64,
    pub start_interval_ns: u64,
    pub retries: u32,
}

/// A typed instruction (BuildKit's `Command` types).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Instruction {
    Run {
        command: CommandLine,
        heredocs: Vec<Heredoc>,
    },
    Copy(Copy),
    Add(Copy),
    /// (name, value as written).
    Env(Vec<(String, String)>),
    /// (name, default as written).
    Arg(Vec<(String, Option<String>)>),
    Workdir(String),
    Expose(Vec<String>),
    User(String),
    Cmd(CommandLine),
    Entrypoint(Option<CommandLine>),
    Healthcheck(Health),
    Label(Vec<(String, String)>),
    Volume(Vec<String>),
    StopSignal(String),
    Shell(Vec<String>),
    /// The trigger, as written after `ONBUILD`: recorded in the image, not run here.
    Onbuild(String),
    Maintainer(String),
}

/// One instruction of a stage, with where it was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    pub instruction: Instruction,
    /// The line as written, continuations joined: what the progress shows after `[2/4]`.
    pub original: String,
    pub start_line: u32,
    pub end_line: u32,
}

/// `FROM [--platform=…] IMAGE [AS name]` and the steps after it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stage {
    /// The base as written (`node:lts-alpine`, `${BASE}`, `build`, `scratch`).
    pub base: String,
    /// `AS name`, lower-cased.
    pub name: Option<String>,
    pub platform: Option<String>,
    pub start_line: u32,
    pub end_line: u32,
    pub steps: Vec<Step>,
}

/// The whole Dockerfile, typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stages {
    /// `ARG`s before the first `FROM`: they may be used in `FROM` lines only.
    pub meta_args: Vec<(String, Option<String>)>,
    pub stages: Vec<Stage>,
    pub escape: char,
}

/// The instructions BuildKit knows (`command.Commands`), for `did you mean`.
const INSTRUCTIONS: &[&str] = &[
    "ADD", "ARG", "CMD", "COPY", "ENTRYPOINT", "ENV", "EXPOSE", "FROM", "HEALTHCHECK", "LABEL",
    "MAINTAINER", "ONBUILD", "RUN", "SHELL", "STOPSIGNAL", "USER", "VOLUME", "WORKDIR",
];

/// `instructions.Parse`: stages and meta args, or the first error.
pub fn stages(file: &Dockerfile) -> Result<Stages, BuildError> {
    let mut meta_args = Vec::new();
    let mut stages: Vec<Stage> = Vec::new();
    for node in &file.nodes {
        let parse_error = |message: String| BuildError::Parse {
            line: node.start_line,
            end_line: node.end_line,
            message,
        };
        let parsed = instruction(node).map_err(parse_error)?;
        match parsed {
            Parsed::From(stage) => stages.push(stage),
            Parsed::Step(Instruction::Arg(args)) if stages.is_empty() => meta_args.extend(args),
            Parsed::Step(instruction) => {
                let Some(stage) = stages.last_mut() else {
                    return Err(BuildError::at(
                        node.start_line,
                        node.end_line,
                        "no build stage in current context".into(),
                    ));
                };
                stage.end_line = node.end_line;
                stage.steps.push(Step {
                    instruction,
                    original: node.original.clone(),
                    start_line: node.start_line,
                    end_line: node.end_line,
                });
            }
        }
    }
    Ok(Stages {
        meta_args,
        stages,
        escape: file.escape,
    })
}

enum Parsed {
    From(Stage),
    Step(Instruction),
}

/// BuildKit's `BFlags`: the flags an instruction accepts, `--name=value` or `--name` (true).
struct Flags {
    given: Vec<(String, String)>,
}

impl Flags {
    fn parse(node: &Node, accepted: &[&str], booleans: &[&str]) -> Result<Flags, String> {
        let mut given: Vec<(String, String)> = Vec::new();
        for word in &node.flags {
            let Some(arg) = word.strip_prefix("--") else {
                return Err(format!("arg should start with -- : {word}"));
            };
            let (name, value) = match arg.split_once('=') {
                Some((n, v)) => (n, Some(v)),
                None => (arg, None),
            };
            if !accepted.contains(&name) && !booleans.contains(&name) {
                return Err(format!("unknown flag: {name}"));
            }
            // `--exclude` may repeat; any other flag once.
            if name != "exclude" && given.iter().any(|(n, _)| n == name) {
                return Err(format!("duplicate flag specified: {name}"));
            }
            let value = match (value, booleans.contains(&name)) {
                (None, true) => "true".to_string(),
                (Some(v), true) if !matches!(v.to_ascii_lowercase().as_str(), "true" | "false") => {
                    return Err(format!("expecting boolean value for flag {name}, not: {v}"))
                }
                (Some(v), _) if !v.is_empty() || booleans.contains(&name) => v.to_string(),
                _ => return Err(format!("missing a value on flag: {name}")),
            };
            given.push((name.to_string(), value));
        }
        Ok(Flags { given })
    }

    fn get(&self, name: &str) -> Option<String> {
        self.given
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
    }
}

fn at_least_one(command: &str) -> String {
    format!("{command} requires at least one argument")
}

fn exactly_one(command: &str) -> String {
    format!("{command} requires exactly one argument")
}

fn command_line(args: &Args) -> Option<CommandLine> {
    match args {
        Args::Json(words) => Some(CommandLine::Exec(words.clone())),
        Args::Text(text) => Some(CommandLine::Shell(text.clone())),
        _ => None,
    }
}

/// Go's `time.ParseDuration` for the units a HEALTHCHECK uses: `30s`, `1m30s`, `500ms`, `1h`.
fn duration_ns(text: &str) -> Result<u64, String> {
    if text == "0" {
        return Ok(0);
    }
    let invalid = || format!("time: invalid duration {text:?}");
    let mut total: u64 = 0;
    let mut rest = text;
    if rest.is_empty() {
        return Err(invalid());
    }
    while !rest.is_empty() {
        let digits = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .ok_or_else(|| format!("time: missing unit in duration {text:?}"))?;
        let (number, after) = rest.split_at(digits);
        let value: f64 = number.parse().map_err(|_| invalid())?;
        let unit_len = after
            .find(|c: char| c.is_ascii_digit() || c == '.')
            .unwrap_or(after.len());
        let (unit, next) = after.split_at(unit_len);
        let scale: f64 = match unit {
            "ns" => 1.0,
            "us" | "µs" => 1e3,
            "ms" => 1e6,
            "s" => 1e9,
            "m" => 60e9,
            "h" => 3600e9,
            _ => return Err(format!("time: unknown unit {unit:?} in duration {text:?}")),
        };
        // Bounded by the parse: a Dockerfile line is at most MAX_DOCKERFILE long.
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let ns = (value * scale) as u64;
        total = total.saturating_add(ns);
        rest = next;
    }
    Ok(total)
}

fn healthcheck(node: &Node) -> Result<Instruction, String> {
    let Args::Health(typ, rest) = &node.args else {
        return Err(at_least_one("HEALTHCHECK"));
    };
    let typ = typ.to_ascii_uppercase();
    if typ == "NONE" {
        if !matches!(**rest, Args::None) {
            return Err("HEALTHCHECK NONE takes no arguments".into());
        }
        return Ok(Instruction::Healthcheck(Health {
            test: vec![typ],
            interval_ns: 0,
            timeout_ns: 0,
            start_period_ns: 0,
            start_interval_ns: 0,
            retries: 0,
        }));
    }
    let flags = Flags::parse(
        node,
        &[
            "interval", "timeout", "start-period", "start-interval", "retries",
        ],
        &[],
    )?;
    if typ != "CMD" {
        return Err(format!("Unknown type {typ:?} in HEALTHCHECK (try CMD)"));
    }
    let test = match &**rest {
        Args::Json(words) if !words.is_empty() => {
            let mut t = vec!["CMD".to_string()];
            t.extend(words.iter().cloned());
            t
        }
        Args::Text(text) => vec!["CMD-SHELL".to_string(), text.clone()],
        _ => return Err("Missing command after HEALTHCHECK CMD".into()),
    };
    let interval = |name: &str| -> Result<u64, String> {
        match flags.get(name) {
            None => Ok(0),
            Some(v) => {
                let ns = duration_ns(&v)?;
                if ns != 0 && ns < 1_000_000 {
                    return Err(format!("Interval {name:?} cannot be less than 1ms"));
                }
                Ok(ns)
            }
        }
    };
    let retries = match flags.get("retries") {
        None => 0,
        Some(v) => {
            let n: i64 = v
                .parse()
                .map_err(|_| format!("strconv.ParseInt: parsing {v:?}: invalid syntax"))?;
            if n < 0 {
                return Err(format!("--retries cannot be negative ({n})"));
            }
            u32::try_from(n).unwrap_or(u32::MAX)
        }
    };
    Ok(Instruction::Healthcheck(Health {
        test,
        interval_ns: interval("interval")?,
        timeout_ns: interval("timeout")?,
        start_period_ns: interval("start-period")?,
        start_interval_ns: interval("start-interval")?,
        retries,
    }))
}

fn copy(node: &Node, add: bool) -> Result<Instruction, String> {
    let name = if add { "ADD" } else { "COPY" };
    let words = node.args.words();
    if words.len() < 2 {
        return Err(format!(
            "{name} requires at least two arguments, but only one was provided. Destination could not be determined"
        ));
    }
    let flags = if add {
        Flags::parse(
            node,
            &["chown", "chmod", "checksum", "exclude"],
            &["link", "keep-git-dir", "unpack"],
        )?
    } else {
        Flags::parse(
            node,
            &["chown", "from", "chmod", "exclude"],
            &["link", "parents"],
        )?
    };
    let (dest, sources) = match words.split_last() {
        Some((d, s)) => (d.clone(), s.to_vec()),
        None => (String::new(), Vec::new()),
    };
    if !super::parse::heredocs_in(&dest).is_empty() {
        return Err(format!("{name} cannot accept a heredoc as a destination"));
    }
    let mut paths = Vec::new();
    let mut inline = Vec::new();
    for source in sources {
        match super::parse::heredocs_in(&source).into_iter().next() {
            Some((doc, expand, _)) => {
                let content = node
                    .heredocs
                    .iter()
                    .find(|h| h.name == doc)
                    .map(|h| {
                        if h.chomp {
                            chomp(&h.content)
                        } else {
                            h.content.clone()
                        }
                    })
                    .unwrap_or_default();
                inline.push((doc, content, expand));
            }
            None => paths.push(source),
        }
    }
    let copy = Copy {
        sources: paths,
        dest,
        from: flags.get("from"),
        chown: flags.get("chown"),
        inline,
    };
    Ok(if add {
        Instruction::Add(copy)
    } else {
        Instruction::Copy(copy)
    })
}

/// `ChompHeredocContent`: leading tabs off every line.
pub fn chomp(content: &str) -> String {
    content
        .split_inclusive('\n')
        .map(|l| l.trim_start_matches('\t'))
        .collect()
}

fn instruction(node: &Node) -> Result<Parsed, String> {
    let keyword = node.keyword.to_ascii_lowercase();
    let words = node.args.words();
    let no_flags = |n: &Node| Flags::parse(n, &[], &[]).map(|_| ());
    let one = |command: &str| -> Result<String, String> {
        match words.as_slice() {
            [w] => Ok(w.clone()),
            _ => Err(exactly_one(command)),
        }
    };
    let instruction = match keyword.as_str() {
        "from" => {
            let name = match words.as_slice() {
                [_, as_word, name] if as_word.eq_ignore_ascii_case("as") => {
                    let lower = name.to_ascii_lowercase();
                    let valid = lower.starts_with(|c: char| c.is_ascii_lowercase())
                        && lower.chars().all(|c| {
                            c.is_ascii_lowercase() || c.is_ascii_digit() || "-_.".contains(c)
                        });
                    if !valid {
                        return Err(format!("invalid name for build stage: {name:?}, name can't start with a number or contain symbols"));
                    }
                    Some(lower)
                }
                [_] => None,
                _ => return Err("FROM requires either one or three arguments".into()),
            };
            let flags = Flags::parse(node, &["platform"], &[])?;
            return Ok(Parsed::From(Stage {
                base: words.first().cloned().unwrap_or_default(),
                name,
                platform: flags.get("platform"),
                start_line: node.start_line,
                end_line: node.end_line,
                steps: Vec::new(),
            }));
        }
        "env" | "label" => {
            let command = keyword.to_ascii_uppercase();
            let Args::KeyValues(pairs) = &node.args else {
                return Err(at_least_one(&command));
            };
            if pairs.iter().any(|(k, _, _)| k.is_empty()) {
                return Err(format!("{command} names can not be blank"));
            }
            no_flags(node)?;
            let pairs = pairs
                .iter()
                .map(|(k, v, _)| (k.clone(), v.clone()))
                .collect();
            if keyword == "env" {
                Instruction::Env(pairs)
            } else {
                Instruction::Label(pairs)
            }
        }
        "maintainer" => {
            let m = one("MAINTAINER")?;
            no_flags(node)?;
            Instruction::Maintainer(m)
        }
        "add" => copy(node, true)?,
        "copy" => copy(node, false)?,
        "onbuild" => {
            let Args::Sub(inner) = &node.args else {
                return Err(at_least_one("ONBUILD"));
            };
            no_flags(node)?;
            let trigger = inner.keyword.to_ascii_uppercase();
            match trigger.as_str() {
                "ONBUILD" => {
                    return Err("Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed".into())
                }
                "MAINTAINER" | "FROM" => {
                    return Err(format!("{trigger} isn't allowed as an ONBUILD trigger"))
                }
                _ => {}
            }
            Instruction::Onbuild(inner.original.clone())
        }
        "workdir" => {
            let w = one("WORKDIR")?;
            no_flags(node)?;
            Instruction::Workdir(w)
        }
        "run" => {
            Flags::parse(node, &["mount", "network", "security", "device"], &[])?;
            let command = command_line(&node.args).unwrap_or(CommandLine::Shell(String::new()));
            Instruction::Run {
                command,
                heredocs: node.heredocs.clone(),
            }
        }
        "cmd" => {
            no_flags(node)?;
            Instruction::Cmd(command_line(&node.args).unwrap_or(CommandLine::Exec(Vec::new())))
        }
        "entrypoint" => {
            no_flags(node)?;
            Instruction::Entrypoint(command_line(&node.args))
        }
        "healthcheck" => healthcheck(node)?,
        "expose" => {
            if words.is_empty() {
                return Err(at_least_one("EXPOSE"));
            }
            no_flags(node)?;
            let mut ports = words.clone();
            ports.sort();
            Instruction::Expose(ports)
        }
        "user" => {
            let u = one("USER")?;
            no_flags(node)?;
            Instruction::User(u)
        }
        "volume" => {
            if words.is_empty() {
                return Err(at_least_one("VOLUME"));
            }
            no_flags(node)?;
            let mut volumes = Vec::new();
            for v in &words {
                let v = v.trim();
                if v.is_empty() {
                    return Err("VOLUME specified can not be an empty string".into());
                }
                volumes.push(v.to_string());
            }
            Instruction::Volume(volumes)
        }
        "stopsignal" => Instruction::StopSignal(one("STOPSIGNAL")?),
        "arg" => {
            if words.is_empty() {
                return Err(at_least_one("ARG"));
            }
            let mut args = Vec::new();
            for word in &words {
                match word.split_once('=') {
                    Some(("", _)) => return Err("ARG names can not be blank".into()),
                    Some((k, v)) => args.push((k.to_string(), Some(v.to_string()))),
                    None => args.push((word.clone(), None)),
                }
            }
            Instruction::Arg(args)
        }
        "shell" => {
            no_flags(node)?;
            match &node.args {
                Args::Json(words) if !words.is_empty() => Instruction::Shell(words.clone()),
                Args::Json(_) | Args::None => return Err(at_least_one("SHELL")),
                _ => return Err("SHELL requires the arguments to be in JSON form".into()),
            }
        }
        _ => return Err(unknown_instruction(&node.keyword)),
    };
    Ok(Parsed::Step(instruction))
}

/// `UnknownInstructionError` with `suggest.WrapError`: the closest instruction within a
/// Levenshtein distance of 2, in the case the user wrote.
fn unknown_instruction(keyword: &str) -> String {
    let lower = keyword.to_ascii_lowercase();
    let mut best: Option<(&str, usize)> = None;
    for name in INSTRUCTIONS {
        let d = levenshtein(&lower, &name.to_ascii_lowercase());
        if d < best.map_or(3, |(_, b)| b) {
            best = Some((name, d));
        }
    }
    match best {
        Some((name, _)) => {
            let shown = if keyword == lower {
                name.to_ascii_lowercase()
            } else if keyword == keyword.to_ascii_uppercase() {
                name.to_string()
            } else {
                name.to_ascii_lowercase()
            };
            format!("unknown instruction: {keyword} (did you mean {shown}?)")
        }
        None => format!("unknown instruction: {keyword}"),
    }
}

fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut previous = row.first().copied().unwrap_or(0);
        if let Some(first) = row.first_mut() {
            *first = i + 1;
        }
        for (j, cb) in b.iter().enumerate() {
            let above = row.get(j + 1).copied().unwrap_or(0);
            let left = row.get(j).copied().unwrap_or(0);
            let cost = usize::from(ca != *cb);
            let value = (previous + cost).min(above + 1).min(left + 1);
            previous = above;
            if let Some(cell) = row.get_mut(j + 1) {
                *cell = value;
            }
        }
    }
    row.last().copied().unwrap_or(0)
}
