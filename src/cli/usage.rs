//! Docker's usage errors, framed as docker/cli frames them: pflag's flag errors (exit 125),
//! cobra's argument-count checks (`RequiresMinArgs`, `ExactArgs`, `NoArgs`, exit 1), `-f`
//! filters, and Berth's `berth:` line for a real flag that is not simulated yet. Shared by
//! every file of `commands/`.

use super::{flags, Output};

/// [`parse_flags`] for commands that take `NAME [NAME...]` (cobra `RequiresMinArgs(1)`):
/// no argument is docker/cli's usage error.
pub fn parse_with_args(
    spec: &'static flags::Spec,
    words: &[String],
) -> Result<Option<flags::Parsed>, Output> {
    match parse_flags(spec, words)? {
        Some(parsed) if parsed.args.is_empty() => Err(requires_min_args(spec, 1)),
        other => Ok(other),
    }
}

/// Frames a flag error as docker/cli's `FlagErrorFunc` does; exit status 125.
pub fn flag_error(spec: &flags::Spec, err: &flags::FlagError) -> Output {
    Output::failed(
        format!(
            "{err}\n\nUsage:  {}\n\nRun '{} --help' for more information",
            spec.use_line, spec.path
        ),
        125,
    )
}

/// docker/cli `RequiresMinArgs`: `docker: 'docker stop' requires at least 1 argument`; exit 1.
pub fn requires_min_args(spec: &flags::Spec, min: u32) -> Output {
    let noun = if min == 1 { "argument" } else { "arguments" };
    Output::failed(
        format!(
            "docker: '{path}' requires at least {min} {noun}\n\nUsage:  {}\n\nSee '{path} --help' for more information",
            spec.use_line,
            path = spec.path
        ),
        1,
    )
}

/// docker/cli `ExactArgs`: `docker: 'docker network create' requires 1 argument`; exit 1.
pub fn exact_args(spec: &flags::Spec, n: u32) -> Output {
    let noun = if n == 1 { "argument" } else { "arguments" };
    Output::failed(
        format!(
            "docker: '{path}' requires {n} {noun}\n\nUsage:  {}\n\nRun '{path} --help' for more information",
            spec.use_line,
            path = spec.path
        ),
        1,
    )
}

/// docker/cli `NoArgs`: `docker: 'docker ps' accepts no arguments`; exit 1.
pub fn accepts_no_args(spec: &flags::Spec) -> Output {
    Output::failed(
        format!(
            "docker: '{path}' accepts no arguments\n\nUsage:  {}\n\nRun '{path} --help' for more information",
            spec.use_line,
            path = spec.path
        ),
        1,
    )
}

/// A flag that exists in Docker but is not simulated yet: say so, list what is.
pub fn flag_not_simulated(spec: &flags::Spec, flag: &flags::Flag) -> Output {
    let simulated: Vec<String> = spec
        .visible_flags()
        .filter(|f| f.simulated)
        .map(|f| match f.short {
            Some(s) => format!("-{s}"),
            None => format!("--{}", f.long),
        })
        .collect();
    let simulated = if simulated.is_empty() {
        format!("`{}` takes none of its options yet.", spec.path)
    } else {
        format!("Simulated options: {}.", simulated.join(", "))
    };
    Output::failed(
        format!(
            "berth: `{} --{}` is not simulated yet. {simulated}",
            spec.path, flag.long
        ),
        1,
    )
}

/// The `-f key=value` filters of a list command, in the order given (docker/cli
/// `opts.FilterOpt`, whose format error is framed like any flag error).
pub fn parse_filters(
    spec: &flags::Spec,
    parsed: &flags::Parsed,
) -> Result<Vec<(String, String)>, Output> {
    let mut filters = Vec::new();
    for f in parsed.values.get("filter").cloned().unwrap_or_default() {
        let Some((key, value)) = f.split_once('=') else {
            return Err(flag_error(
                spec,
                &flags::FlagError::InvalidValue {
                    value: f.clone(),
                    flag: "-f, --filter".into(),
                    reason: "bad format of filter (expected name=value)".into(),
                },
            ));
        };
        filters.push((key.to_string(), value.to_string()));
    }
    Ok(filters)
}

/// Parses with a spec, the part every command shares. `Ok(None)` means `--help` was asked;
/// `Err` is a flag error already framed in Docker's words.
pub fn parse_flags(spec: &flags::Spec, words: &[String]) -> Result<Option<flags::Parsed>, Output> {
    match flags::parse(spec, words) {
        Ok(parsed) if parsed.help => Ok(None),
        Ok(parsed) => match parsed.unsimulated(spec) {
            Some(flag) => Err(flag_not_simulated(spec, flag)),
            None => Ok(Some(parsed)),
        },
        Err(e) => Err(flag_error(spec, &e)),
    }
}
