//! `basename NAME [SUFFIX]` and `dirname NAME`, coreutils' (`basename.c`, `dirname.c`) and
//! busybox's, which agree on the results. Not simulated: `-a`, `-s`, `-z` and several names
//! at once.

use super::Output;

fn missing(program: &str) -> Output {
    Output::failed(
        format!("{program}: missing operand\nTry '{program} --help' for more information."),
        1,
    )
}

pub fn basename(args: &[String]) -> Output {
    let (name, suffix) = match args {
        [name] => (name.as_str(), None),
        [name, suffix] => (name.as_str(), Some(suffix.as_str())),
        [] => return missing("basename"),
        [_, _, extra, ..] => {
            return Output::failed(
                format!(
                "basename: extra operand ‘{extra}’\nTry 'basename --help' for more information."
            ),
                1,
            )
        }
    };
    let trimmed = name.trim_end_matches('/');
    let mut base = if trimmed.is_empty() {
        if name.is_empty() { "" } else { "/" }.to_string()
    } else {
        trimmed.rsplit('/').next().unwrap_or(trimmed).to_string()
    };
    if let Some(suffix) = suffix {
        if base != suffix {
            if let Some(stripped) = base.strip_suffix(suffix) {
                base = stripped.to_string();
            }
        }
    }
    let mut out = Output::default();
    out.out(base);
    out
}

pub fn dirname(args: &[String]) -> Output {
    let [name] = args else {
        return match args {
            [] => missing("dirname"),
            _ => super::not_simulated("dirname", "with several names"),
        };
    };
    let trimmed = name.trim_end_matches('/');
    let dir = if trimmed.is_empty() {
        if name.starts_with('/') { "/" } else { "." }.to_string()
    } else {
        match trimmed.rfind('/') {
            None => ".".to_string(),
            Some(i) => {
                let d = trimmed.get(..i).unwrap_or("").trim_end_matches('/');
                if d.is_empty() {
                    "/".to_string()
                } else {
                    d.to_string()
                }
            }
        }
    };
    let mut out = Output::default();
    out.out(dir);
    out
}
