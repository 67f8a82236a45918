//! A Dockerfile's text to its nodes, as BuildKit's parser reads it (moby/buildkit
//! `frontend/dockerfile/parser/parser.go`, `line_parsers.go`, `split_command.go`,
//! `directives.go`): parser directives at the top (`# syntax=`, `# escape=`, `# check=`),
//! comments, line continuations with the escape token, `--flags` before the arguments, each
//! instruction's own argument form (JSON array or shell words, `ENV k=v` or `ENV k v`), and
//! here-documents after `RUN`, `COPY` and `ADD`.
//!
//! The errors found here carry no `dockerfile parse error on line N:` prefix, as in BuildKit
//! (only the typed instructions add it, `instructions.rs`). Lines are counted from 1.

use super::BuildError;

/// The largest Dockerfile read, in bytes (Berth's bound; BuildKit's scanner stops a single
/// line at 64 KiB, which this bound covers too).
pub const MAX_DOCKERFILE: usize = 256 * 1024;
/// The most instructions one Dockerfile may hold (Berth's bound).
pub const MAX_INSTRUCTIONS: usize = 512;

/// A parsed Dockerfile.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dockerfile {
    /// `\` unless `# escape=` said `` ` ``.
    pub escape: char,
    /// The `# syntax=` directive, if any (recorded, not followed: Berth has one frontend).
    pub syntax: Option<String>,
    pub nodes: Vec<Node>,
}

/// One instruction as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    /// The instruction's word as written (`RUN`, `run`, `RUNN`).
    pub keyword: String,
    /// `--from=build`, `--platform=…`: the words before the arguments.
    pub flags: Vec<String>,
    pub args: Args,
    /// The here-documents the line opened, in order.
    pub heredocs: Vec<Heredoc>,
    /// The instruction's line, continuations joined (what BuildKit calls `Original`).
    pub original: String,
    pub start_line: u32,
    pub end_line: u32,
}

/// The arguments, in the form the instruction's line parser gave them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Args {
    /// Nothing after the keyword.
    None,
    /// `["node", "src/index.js"]`: the exec form.
    Json(Vec<String>),
    /// The shell form, or any other single string (`WORKDIR /app`, `USER node`).
    Text(String),
    /// Words split on white space (`FROM`, `EXPOSE`, `COPY` without JSON).
    Words(Vec<String>),
    /// `ENV`/`LABEL`: (name, value, written with `=`).
    KeyValues(Vec<(String, String, bool)>),
    /// `ARG`: words as written (quotes kept), each `NAME` or `NAME=VALUE`.
    NameOrNameValues(Vec<String>),
    /// `HEALTHCHECK`: its type word, then the command in its form.
    Health(String, Box<Args>),
    /// `ONBUILD`: the trigger instruction.
    Sub(Box<Node>),
}

impl Args {
    /// The arguments as BuildKit's `req.args`: the words the typed instruction counts.
    pub fn words(&self) -> Vec<String> {
        match self {
            Args::None | Args::Sub(_) => Vec::new(),
            Args::Json(w) | Args::Words(w) | Args::NameOrNameValues(w) => w.clone(),
            Args::Text(t) => vec![t.clone()],
            Args::KeyValues(kv) => kv
                .iter()
                .flat_map(|(k, v, eq)| {
                    [
                        k.clone(),
                        v.clone(),
                        if *eq { "=".to_string() } else { String::new() },
                    ]
                })
                .collect(),
            Args::Health(t, rest) => {
                let mut w = vec![t.clone()];
                w.extend(rest.words());
                w
            }
        }
    }

    pub fn is_json(&self) -> bool {
        match self {
            Args::Json(_) => true,
            Args::Health(_, rest) => rest.is_json(),
            _ => false,
        }
    }
}

/// A here-document: `RUN <<EOF` … `EOF`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heredoc {
    pub name: String,
    /// Unquoted delimiter: variables in the content expand.
    pub expand: bool,
    /// `<<-`: leading tabs are removed.
    pub chomp: bool,
    /// The content, each line ending in `\n`.
    pub content: String,
}

/// A parser directive line, `# name=value` (`directives.go`, `directiveRegexp`).
fn directive(line: &str) -> Option<(String, String)> {
    let rest = line.strip_prefix('#')?.trim_start();
    let name_len = rest
        .char_indices()
        .find(|(i, c)| !(c.is_ascii_alphabetic() || (*i > 0 && c.is_ascii_digit())))
        .map_or(rest.len(), |(i, _)| i);
    let (name, after) = rest.split_at(name_len);
    if name.is_empty() {
        return None;
    }
    let value = after.trim_start().strip_prefix('=')?.trim();
    if value.is_empty() {
        return None;
    }
    Some((name.to_ascii_lowercase(), value.to_string()))
}

/// `lineContinuationRegex`: a line ending in the escape token (then blanks) continues, unless
/// the token is itself escaped (`\\`). Returns the line without it.
fn continuation(line: &str, escape: char) -> Option<&str> {
    let trimmed = line.trim_end_matches([' ', '\t']);
    let body = trimmed.strip_suffix(escape)?;
    if body.ends_with(escape) {
        return None;
    }
    Some(body)
}

fn is_comment(line: &str) -> bool {
    line.trim_start().starts_with('#')
}

/// Parses a whole Dockerfile.
pub fn parse(text: &str) -> Result<Dockerfile, BuildError> {
    if text.len() > MAX_DOCKERFILE {
        return Err(BuildError::TooLarge);
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    // bufio's scanLines: each line keeps its `\n`, the last may lack it.
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let mut escape = '\\';
    let mut syntax = None;
    let mut seen = Vec::new();
    let mut directives_done = false;
    let mut nodes = Vec::new();
    let mut i = 0usize;
    while let Some(raw) = lines.get(i) {
        i += 1;
        let line_no = u32::try_from(i).unwrap_or(u32::MAX);
        let token = raw.trim_end_matches(['\r', '\n']).trim_start();
        if !directives_done {
            match directive(token) {
                Some((name, value)) if ["syntax", "escape", "check"].contains(&name.as_str()) => {
                    if seen.contains(&name) {
                        return Err(BuildError::at(
                            line_no - 1,
                            line_no - 1,
                            format!("only one {name} parser directive can be used"),
                        ));
                    }
                    if name == "escape" {
                        match value.as_str() {
                            "`" => escape = '`',
                            "\\" => escape = '\\',
                            other => {
                                return Err(BuildError::at(
                                    line_no - 1,
                                    line_no - 1,
                                    format!(
                                        "invalid escape token '{other}' does not match ` or \\"
                                    ),
                                ))
                            }
                        }
                    }
                    if name == "syntax" {
                        syntax = Some(value);
                    }
                    seen.push(name);
                    continue;
                }
                _ => directives_done = true,
            }
        }
        if is_comment(token) {
            continue;
        }
        let start = line_no;
        let mut end = line_no;
        let (mut line, mut done) = match continuation(token, escape) {
            Some(body) => (body.to_string(), false),
            None => (token.to_string(), true),
        };
        if done && line.is_empty() {
            continue;
        }
        while !done {
            let Some(next) = lines.get(i) else { break };
            i += 1;
            end = u32::try_from(i).unwrap_or(u32::MAX);
            let next = next.trim_end_matches(['\r', '\n']);
            if is_comment(next) || next.trim().is_empty() {
                continue;
            }
            match continuation(next, escape) {
                Some(body) => line.push_str(body),
                None => {
                    line.push_str(next);
                    done = true;
                }
            }
        }
        let mut node =
            node_from_line(&line, escape).map_err(|message| BuildError::at(start, end, message))?;
        if can_hold_heredoc(&node) && line.contains("<<") {
            for (name, expand, chomp) in heredocs_in(&line) {
                let mut content = String::new();
                let mut terminated = false;
                while let Some(raw) = lines.get(i) {
                    i += 1;
                    end = u32::try_from(i).unwrap_or(u32::MAX);
                    let mut candidate = raw.trim_end_matches(['\r', '\n']);
                    if chomp {
                        candidate = candidate.trim_start_matches('\t');
                    }
                    if candidate == name {
                        terminated = true;
                        break;
                    }
                    content.push_str(raw);
                }
                if !terminated {
                    return Err(BuildError::at(start, end, "unterminated heredoc".into()));
                }
                node.heredocs.push(Heredoc {
                    name,
                    expand,
                    chomp,
                    content,
                });
            }
        }
        node.start_line = start;
        node.end_line = end;
        nodes.push(node);
        if nodes.len() > MAX_INSTRUCTIONS {
            return Err(BuildError::TooManyInstructions);
        }
    }
    if nodes.is_empty() {
        let last = u32::try_from(lines.len()).unwrap_or(u32::MAX);
        return Err(BuildError::at(
            last,
            last,
            "file with no instructions".into(),
        ));
    }
    Ok(Dockerfile {
        escape,
        syntax,
        nodes,
    })
}

/// `canContainHeredoc`: `RUN`, `COPY` and `ADD` (also under `ONBUILD`), not in JSON form.
fn can_hold_heredoc(node: &Node) -> bool {
    let target = match &node.args {
        Args::Sub(inner) => inner,
        _ => node,
    };
    ["run", "copy", "add"].contains(&target.keyword.to_ascii_lowercase().as_str())
        && !target.args.is_json()
}

/// The here-documents a line opens: each word `[n]<<[-]NAME`, `<<'NAME'`, `<<"NAME"`.
pub fn heredocs_in(line: &str) -> Vec<(String, bool, bool)> {
    line.split_whitespace()
        .filter_map(|word| {
            let rest = word.trim_start_matches(|c: char| c.is_ascii_digit());
            let rest = rest.strip_prefix("<<")?;
            let (chomp, rest) = match rest.strip_prefix('-') {
                Some(r) => (true, r),
                None => (false, rest),
            };
            if rest.is_empty() || rest.contains('<') {
                return None;
            }
            let quoted = rest.contains(['\'', '"']);
            let name: String = rest.chars().filter(|c| !matches!(c, '\'' | '"')).collect();
            (!name.is_empty()).then_some((name, !quoted, chomp))
        })
        .collect()
}

/// `newNodeFromLine`: the keyword, its flags, and its arguments by the keyword's line parser.
fn node_from_line(line: &str, escape: char) -> Result<Node, String> {
    let line = line.trim();
    let (keyword, rest) = match line.split_once(|c: char| c.is_whitespace()) {
        Some((k, r)) => (k, r),
        None => (line, ""),
    };
    let (rest, flags) = extract_flags(rest, escape);
    let rest = rest.trim();
    let args = match keyword.to_ascii_lowercase().as_str() {
        "add" | "copy" | "volume" => maybe_json_to_list(rest)?,
        "arg" => {
            let words = parse_words(rest, escape);
            if words.is_empty() {
                Args::None
            } else {
                Args::NameOrNameValues(words)
            }
        }
        "cmd" | "entrypoint" | "run" | "shell" => maybe_json(rest)?,
        "env" => name_val(rest, "ENV", escape)?,
        "label" => name_val(rest, "LABEL", escape)?,
        "expose" | "from" => whitespace_words(rest),
        "healthcheck" => {
            let (typ, cmd) = match rest.split_once(|c: char| c.is_whitespace()) {
                Some((t, c)) => (t, c.trim_start()),
                None => (rest, ""),
            };
            if typ.is_empty() {
                Args::None
            } else {
                Args::Health(typ.to_string(), Box::new(maybe_json(cmd)?))
            }
        }
        "onbuild" => {
            if rest.is_empty() {
                Args::None
            } else {
                Args::Sub(Box::new(node_from_line(rest, escape)?))
            }
        }
        "maintainer" | "stopsignal" | "user" | "workdir" => {
            if rest.is_empty() {
                Args::None
            } else {
                Args::Text(rest.to_string())
            }
        }
        _ => Args::None,
    };
    Ok(Node {
        keyword: keyword.to_string(),
        flags,
        args,
        heredocs: Vec::new(),
        original: line.to_string(),
        start_line: 0,
        end_line: 0,
    })
}

/// `extractBuilderFlags`: the leading `--name[=value]` words (quotes and escapes removed).
fn extract_flags(line: &str, escape: char) -> (&str, Vec<String>) {
    let mut flags = Vec::new();
    let mut rest = line;
    loop {
        let trimmed = rest.trim_start();
        if !trimmed.starts_with("--") {
            return (trimmed, flags);
        }
        let mut word = String::new();
        let mut quote: Option<char> = None;
        let mut chars = trimmed.char_indices();
        let mut end = trimmed.len();
        while let Some((pos, c)) = chars.next() {
            match quote {
                None if c.is_whitespace() => {
                    end = pos;
                    break;
                }
                None if c == '\'' || c == '"' => quote = Some(c),
                Some(q) if c == q => quote = None,
                _ if c == escape => {
                    if let Some((_, n)) = chars.next() {
                        word.push(n);
                    }
                }
                _ => word.push(c),
            }
        }
        rest = trimmed.get(end..).unwrap_or("");
        if word == "--" {
            return (rest, flags);
        }
        flags.push(word);
    }
}

/// `parseWords`: words split on white space, quotes kept in the word, the escape token
/// keeping the next character (both kept).
pub fn parse_words(rest: &str, escape: char) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut in_word = false;
    let mut blank_ok = false;
    let mut quote: Option<char> = None;
    let mut chars = rest.chars().peekable();
    while let Some(c) = chars.next() {
        match quote {
            None => {
                if c.is_whitespace() {
                    if in_word && (blank_ok || !word.is_empty()) {
                        words.push(std::mem::take(&mut word));
                    }
                    word.clear();
                    in_word = false;
                    blank_ok = false;
                    continue;
                }
                in_word = true;
                if c == '\'' || c == '"' {
                    quote = Some(c);
                    blank_ok = true;
                }
                if c == escape {
                    match chars.next() {
                        Some(n) => {
                            word.push(c);
                            word.push(n);
                        }
                        None => continue,
                    }
                    continue;
                }
                word.push(c);
            }
            Some(q) => {
                if c == q {
                    quote = None;
                }
                if c == escape && q != '\'' {
                    match chars.next() {
                        Some(n) => {
                            word.push(c);
                            word.push(n);
                        }
                        None => quote = None,
                    }
                    continue;
                }
                word.push(c);
            }
        }
    }
    if in_word && (blank_ok || !word.is_empty()) {
        words.push(word);
    }
    words
}

/// `parseNameVal`: `ENV NAME VALUE` (the old form: the rest of the line) or `NAME=VALUE …`.
fn name_val(rest: &str, key: &str, escape: char) -> Result<Args, String> {
    let words = parse_words(rest, escape);
    let Some(first) = words.first() else {
        return Ok(Args::None);
    };
    if !first.contains('=') {
        let mut parts = rest.splitn(2, |c: char| c.is_whitespace());
        let name = parts.next().unwrap_or("");
        let value = parts.next().map(str::trim_start).unwrap_or("");
        if value.is_empty() {
            return Err(format!("{key} must have two arguments"));
        }
        return Ok(Args::KeyValues(vec![(
            name.to_string(),
            value.to_string(),
            false,
        )]));
    }
    let mut pairs = Vec::new();
    for word in &words {
        let Some((name, value)) = word.split_once('=') else {
            return Err(format!(
                "Syntax error - can't find = in {word:?}. Must be of the form: name=value"
            ));
        };
        pairs.push((name.to_string(), value.to_string(), true));
    }
    Ok(Args::KeyValues(pairs))
}

fn whitespace_words(rest: &str) -> Args {
    if rest.is_empty() {
        return Args::None;
    }
    Args::Words(rest.split_whitespace().map(str::to_string).collect())
}

/// `parseJSON`: `Ok(None)` when the text is no JSON array (then it is the shell form).
fn json(rest: &str) -> Result<Option<Vec<String>>, String> {
    let rest = rest.trim_start();
    if !rest.starts_with('[') {
        return Ok(None);
    }
    let Ok(serde_json::Value::Array(items)) = serde_json::from_str::<serde_json::Value>(rest)
    else {
        return Ok(None);
    };
    items
        .into_iter()
        .map(|v| match v {
            serde_json::Value::String(s) => Ok(s),
            _ => Err(
                "when using JSON array syntax, arrays must be comprised of strings only"
                    .to_string(),
            ),
        })
        .collect::<Result<Vec<_>, _>>()
        .map(Some)
}

fn maybe_json(rest: &str) -> Result<Args, String> {
    if rest.is_empty() {
        return Ok(Args::None);
    }
    Ok(match json(rest)? {
        Some(words) => Args::Json(words),
        None => Args::Text(rest.to_string()),
    })
}

fn maybe_json_to_list(rest: &str) -> Result<Args, String> {
    Ok(match json(rest)? {
        Some(words) => Args::Json(words),
        None => whitespace_words(rest),
    })
}
