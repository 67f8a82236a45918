//! Flag parsing with the rules of spf13/pflag, which the Docker CLI uses: `--name web`,
//! `--name=web`, `-d`, grouped shorthands `-dit`, a shorthand with its value attached (`-nweb`),
//! and `--` to end the flags. Errors carry pflag's own text; the caller frames them the way
//! docker/cli's `FlagErrorFunc` does (usage line, `Run '… --help'`, exit 125).
//!
//! Each command declares every flag the real CLI has that Berth knows of. A flag marked not
//! simulated parses, then the command says plainly that Berth does not simulate it, rather than
//! pretending it worked or calling a real flag unknown.

use std::collections::BTreeMap;
use std::fmt;

/// docker/cli `flagsHelper.FormatHelp`: the usage of `--format` on list commands.
pub const FORMAT_TABLE_HELP: &str = "Format output using a custom template:\n\
'table':            Print output in table format with column headers (default)\n\
'table TEMPLATE':   Print output in table format using the given Go template\n\
'json':             Print in JSON format\n\
'TEMPLATE':         Print output using the given Go template.\n\
Refer to https://docs.docker.com/go/formatting/ for more information about formatting templates";

/// docker/cli `flagsHelper.InspectFormatHelp`: `--format` where there is no table.
pub const FORMAT_HELP: &str = "Format output using a custom template:\n\
'json':             Print in JSON format\n\
'TEMPLATE':         Print output using the given Go template.\n\
Refer to https://docs.docker.com/go/formatting/ for more information about formatting templates";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Bool,
    /// A value flag; the text is pflag's type name shown in help (`string`, `int`, `list`).
    Value(&'static str),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Flag {
    pub long: &'static str,
    pub short: Option<char>,
    pub kind: Kind,
    pub usage: &'static str,
    /// pflag's `(default …)` suffix, when the default is not the zero value.
    pub default: Option<&'static str>,
    pub simulated: bool,
    /// Deprecated spellings Docker still accepts but does not list (`--net`).
    pub hidden: bool,
}

impl Flag {
    pub const fn bool(long: &'static str, short: Option<char>, usage: &'static str) -> Flag {
        Flag {
            long,
            short,
            kind: Kind::Bool,
            usage,
            default: None,
            simulated: true,
            hidden: false,
        }
    }

    pub const fn value(
        long: &'static str,
        short: Option<char>,
        ty: &'static str,
        usage: &'static str,
    ) -> Flag {
        Flag {
            long,
            short,
            kind: Kind::Value(ty),
            usage,
            default: None,
            simulated: true,
            hidden: false,
        }
    }

    pub const fn with_default(mut self, default: &'static str) -> Flag {
        self.default = Some(default);
        self
    }

    pub const fn hidden(mut self) -> Flag {
        self.hidden = true;
        self
    }

    pub const fn not_simulated(mut self) -> Flag {
        self.simulated = false;
        self
    }

    /// How the flag is named in messages: `-d, --detach` or `--name`.
    pub fn display_name(&self) -> String {
        match self.short {
            Some(s) => format!("-{s}, --{}", self.long),
            None => format!("--{}", self.long),
        }
    }
}

/// One command of the Docker CLI as Berth knows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Spec {
    /// `docker run`
    pub path: &'static str,
    /// cobra's `UseLine`: `docker run [OPTIONS] IMAGE [COMMAND] [ARG...]`
    pub use_line: &'static str,
    pub description: &'static str,
    /// The full alias paths, cobra's `commandAliases`, such as `docker container run, docker run`.
    pub aliases: &'static str,
    pub flags: &'static [Flag],
    /// `false` for commands that stop at the first argument (`docker run IMAGE CMD -x` passes
    /// `-x` to the container), as `SetInterspersed(false)` does.
    pub interspersed: bool,
    /// Flags of `flags` this command does not have: `docker create` shares `docker run`'s
    /// flags but not `-d`.
    pub excluded: &'static [&'static str],
}

impl Spec {
    fn flag_by_long(&self, long: &str) -> Option<&'static Flag> {
        self.flags
            .iter()
            .find(|f| f.long == long && !self.excluded.contains(&f.long))
    }

    fn flag_by_short(&self, c: char) -> Option<&'static Flag> {
        self.flags
            .iter()
            .find(|f| f.short == Some(c) && !self.excluded.contains(&f.long))
    }

    /// The flags shown in help and accepted.
    pub fn visible_flags(&self) -> impl Iterator<Item = &'static Flag> + '_ {
        self.flags
            .iter()
            .filter(|f| !f.hidden && !self.excluded.contains(&f.long))
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FlagError {
    Unknown(String),
    UnknownShorthand {
        c: char,
        group: String,
    },
    NeedsArgument(String),
    NeedsArgumentShort {
        c: char,
        group: String,
    },
    InvalidValue {
        value: String,
        flag: String,
        reason: String,
    },
}

impl fmt::Display for FlagError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FlagError::Unknown(name) => write!(f, "unknown flag: --{name}"),
            FlagError::UnknownShorthand { c, group } => {
                write!(f, "unknown shorthand flag: '{c}' in -{group}")
            }
            FlagError::NeedsArgument(name) => write!(f, "flag needs an argument: --{name}"),
            FlagError::NeedsArgumentShort { c, group } => {
                write!(f, "flag needs an argument: '{c}' in -{group}")
            }
            FlagError::InvalidValue {
                value,
                flag,
                reason,
            } => {
                write!(
                    f,
                    "invalid argument \"{value}\" for \"{flag}\" flag: {reason}"
                )
            }
        }
    }
}

/// The result of parsing: flag values by long name (last one wins for single values; all kept
/// for lists), the positional arguments, and whether `--help` was asked.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Parsed {
    pub values: BTreeMap<&'static str, Vec<String>>,
    pub args: Vec<String>,
    pub help: bool,
}

impl Parsed {
    pub fn is_set(&self, long: &str) -> bool {
        match self.values.get(long).and_then(|v| v.last()) {
            Some(v) => v != "false",
            None => false,
        }
    }

    pub fn value(&self, long: &str) -> Option<&str> {
        self.values
            .get(long)
            .and_then(|v| v.last())
            .map(String::as_str)
    }

    /// A value given under either of two names (`--network` or its hidden `--net`), last wins.
    pub fn value_of_either(&self, a: &str, b: &str) -> Option<&str> {
        self.value(a).or_else(|| self.value(b))
    }

    /// Every value of a list flag, under either of two names.
    pub fn values_of_either(&self, a: &str, b: &str) -> Vec<String> {
        let mut all = self.values.get(a).cloned().unwrap_or_default();
        all.extend(self.values.get(b).cloned().unwrap_or_default());
        all
    }

    /// The first flag given that Berth does not simulate.
    pub fn unsimulated<'a>(&self, spec: &'a Spec) -> Option<&'a Flag> {
        spec.flags
            .iter()
            .find(|f| !f.simulated && self.values.contains_key(f.long))
    }

    /// Parses an `int` flag as pflag does, with its error text.
    pub fn int(&self, spec: &Spec, long: &str) -> Result<Option<i64>, FlagError> {
        let Some(text) = self.value(long) else {
            return Ok(None);
        };
        text.parse::<i64>()
            .map(Some)
            .map_err(|_| FlagError::InvalidValue {
                value: text.to_string(),
                flag: spec
                    .flags
                    .iter()
                    .find(|f| f.long == long)
                    .map(Flag::display_name)
                    .unwrap_or_else(|| format!("--{long}")),
                reason: format!("strconv.ParseInt: parsing \"{text}\": invalid syntax"),
            })
    }
}

pub fn parse(spec: &Spec, words: &[String]) -> Result<Parsed, FlagError> {
    let mut parsed = Parsed::default();
    let mut i = 0;
    let mut flags_done = false;
    while let Some(word) = words.get(i) {
        i += 1;
        if flags_done || word == "-" || !word.starts_with('-') {
            parsed.args.push(word.clone());
            if !spec.interspersed {
                flags_done = true;
            }
            continue;
        }
        if word == "--" {
            flags_done = true;
            continue;
        }
        if let Some(body) = word.strip_prefix("--") {
            let (name, inline) = match body.split_once('=') {
                Some((n, v)) => (n, Some(v.to_string())),
                None => (body, None),
            };
            if name == "help" {
                parsed.help = true;
                continue;
            }
            let flag = spec
                .flag_by_long(name)
                .ok_or_else(|| FlagError::Unknown(name.to_string()))?;
            let value = match (flag.kind, inline) {
                (Kind::Bool, Some(v)) => v,
                (Kind::Bool, None) => "true".to_string(),
                (Kind::Value(_), Some(v)) => v,
                (Kind::Value(_), None) => {
                    let v = words
                        .get(i)
                        .ok_or_else(|| FlagError::NeedsArgument(name.to_string()))?;
                    i += 1;
                    v.clone()
                }
            };
            parsed.values.entry(flag.long).or_default().push(value);
            continue;
        }
        // A group of shorthands: `-dit`, or `-nweb` / `-n=web` for a value flag.
        let group = word.get(1..).unwrap_or("");
        for (at, c) in group.char_indices() {
            let flag = spec
                .flag_by_short(c)
                .ok_or_else(|| FlagError::UnknownShorthand {
                    c,
                    group: group.to_string(),
                })?;
            let rest = group.get(at + c.len_utf8()..).unwrap_or("");
            match flag.kind {
                Kind::Bool => {
                    if let Some(v) = rest.strip_prefix('=') {
                        parsed
                            .values
                            .entry(flag.long)
                            .or_default()
                            .push(v.to_string());
                        break;
                    }
                    parsed
                        .values
                        .entry(flag.long)
                        .or_default()
                        .push("true".into());
                }
                Kind::Value(_) => {
                    let value = if !rest.is_empty() {
                        rest.strip_prefix('=').unwrap_or(rest).to_string()
                    } else {
                        let v = words.get(i).ok_or_else(|| FlagError::NeedsArgumentShort {
                            c,
                            group: group.to_string(),
                        })?;
                        i += 1;
                        v.clone()
                    };
                    parsed.values.entry(flag.long).or_default().push(value);
                    break;
                }
            }
        }
    }
    Ok(parsed)
}

/// cobra's help for a command (docker/cli `usageTemplate`), flags laid out as pflag's
/// `FlagUsages` does: the usage column starts three spaces after the longest flag column.
pub fn help(spec: &Spec) -> Vec<String> {
    let mut out = vec![
        String::new(),
        format!("Usage:  {}", spec.use_line),
        String::new(),
        spec.description.to_string(),
    ];
    if !spec.aliases.is_empty() {
        out.push(String::new());
        out.push("Aliases:".into());
        out.push(format!("  {}", spec.aliases));
    }
    if spec.visible_flags().next().is_some() {
        out.push(String::new());
        out.push("Options:".into());
        let shown: Vec<&Flag> = spec.visible_flags().collect();
        let lefts: Vec<String> = shown
            .iter()
            .map(|f| {
                let mut left = match f.short {
                    Some(s) => format!("  -{s}, --{}", f.long),
                    None => format!("      --{}", f.long),
                };
                if let Kind::Value(ty) = f.kind {
                    left.push(' ');
                    left.push_str(ty);
                }
                left
            })
            .collect();
        let width = lefts.iter().map(|l| l.len()).max().unwrap_or(0);
        for (left, flag) in lefts.iter().zip(shown) {
            let mut usage = flag.usage.to_string();
            if let Some(d) = flag.default {
                usage.push_str(&format!(" (default {d})"));
            }
            // A usage of several lines continues under the usage column, as pflag wraps it.
            let indent = " ".repeat(width + 3);
            out.push(format!(
                "{left:width$}   {}",
                usage.replace('\n', &format!("\n{indent}"))
            ));
        }
    }
    out
}

/// `--memory`'s size syntax (go-units `RAMInBytes`): a number, then b, k, m, g, t or p,
/// with an optional `b` after the unit, any case.
pub fn ram_in_bytes(text: &str) -> Option<i64> {
    let lower = text.to_ascii_lowercase();
    let trimmed = lower
        .strip_suffix('b')
        .filter(|t| t.ends_with(['k', 'm', 'g', 't', 'p']))
        .unwrap_or(&lower);
    let (number, unit) = match trimmed.find(|c: char| c.is_ascii_alphabetic()) {
        Some(i) => trimmed.split_at(i),
        None => (trimmed, ""),
    };
    let value: f64 = number.parse().ok().filter(|v: &f64| *v >= 0.0)?;
    let scale: f64 = match unit {
        "" | "b" => 1.0,
        "k" => 1024.0,
        "m" => 1024.0 * 1024.0,
        "g" => 1024.0 * 1024.0 * 1024.0,
        "t" => 1024.0 * 1024.0 * 1024.0 * 1024.0,
        "p" => 1024.0 * 1024.0 * 1024.0 * 1024.0 * 1024.0,
        _ => return None,
    };
    Some((value * scale) as i64)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SPEC: Spec = Spec {
        path: "docker run",
        use_line: "docker run [OPTIONS] IMAGE [COMMAND] [ARG...]",
        description: "Create and run a new container from an image",
        aliases: "docker container run, docker run",
        flags: &[
            Flag::bool(
                "detach",
                Some('d'),
                "Run container in background and print container ID",
            ),
            Flag::bool(
                "interactive",
                Some('i'),
                "Keep STDIN open even if not attached",
            ),
            Flag::value("name", None, "string", "Assign a name to the container"),
            Flag::value("last", Some('n'), "int", "Show n last created containers")
                .with_default("-1"),
        ],
        interspersed: false,
        excluded: &[],
    };

    fn words(s: &str) -> Vec<String> {
        s.split_whitespace().map(String::from).collect()
    }

    #[test]
    fn long_short_grouped_and_attached() {
        let p = parse(&SPEC, &words("-di --name=web nginx sh -c x")).unwrap();
        assert!(p.is_set("detach") && p.is_set("interactive"));
        assert_eq!(p.value("name"), Some("web"));
        assert_eq!(p.args, words("nginx sh -c x"));
        let p = parse(&SPEC, &words("--name web -n5 alpine")).unwrap();
        assert_eq!((p.value("name"), p.value("last")), (Some("web"), Some("5")));
        assert!(!parse(&SPEC, &words("--detach=false x"))
            .unwrap()
            .is_set("detach"));
    }

    #[test]
    fn pflag_error_texts() {
        let err = |s: &str| parse(&SPEC, &words(s)).unwrap_err().to_string();
        assert_eq!(err("--foo"), "unknown flag: --foo");
        assert_eq!(err("-dz"), "unknown shorthand flag: 'z' in -dz");
        assert_eq!(err("--name"), "flag needs an argument: --name");
        assert_eq!(err("-dn"), "flag needs an argument: 'n' in -dn");
    }

    #[test]
    fn help_aligns_usage_three_spaces_after_the_longest() {
        let lines = help(&SPEC);
        assert!(
            lines.contains(
                &"  -d, --detach        Run container in background and print container ID"
                    .to_string()
            ),
            "{lines:#?}"
        );
        assert!(
            lines.contains(
                &"  -n, --last int      Show n last created containers (default -1)".to_string()
            ),
            "{lines:#?}"
        );
        assert!(
            lines.contains(&"      --name string   Assign a name to the container".to_string()),
            "{lines:#?}"
        );
    }
}
