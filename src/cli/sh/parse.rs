//! The shell language's grammar: a line (or a pasted block of lines) to a typed [`Script`],
//! once. The lexer is folded into the parser (one pass over the characters), because what a
//! character means depends on where the parser is: `)` ends a `$(…)`, `}` ends a `${…}`, a
//! newline ends a command or starts a here-document's body.
//!
//! The grammar is POSIX sh's (XCU 2.10): lists (`;`, `&`,
//! newline), and-or lists (`&&`, `||`), pipelines (`|`, a leading `!`), simple commands with
//! assignments (`FOO=bar cmd`), words (quotes, backslashes, `$VAR`, `${VAR}`, `$?`, `$(…)`,
//! backticks), redirections (`>`, `>>`, `<`, `N>&M`, `&>`, `&>>`, `<<`, `<<-`) and comments.
//!
//! Compound commands and function definitions are parsed in [`super::compound`], the
//! parameter operators and `$((…))` in [`super::params`]; the tree's types are in
//! [`super::ast`].
//!
//! Input that stops in the middle of a construct is [`ParseError::Incomplete`]: the terminal
//! shows `> ` and waits for the next line, as bash does.

use std::fmt;

/// The longest input the parser reads (a pasted compose file fits easily).
pub const MAX_INPUT: usize = 64 * 1024;
/// How deep `$(…)` may nest inside `$(…)`.
pub const MAX_DEPTH: u32 = 8;
/// How many commands one input may hold.
pub const MAX_COMMANDS: usize = 256;

pub use super::ast::*;
use super::compound::Stop;

/// What the input still needs, when it stops in the middle of a construct.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pending {
    /// An open `'`, `"` or `` ` ``.
    Quote(char),
    /// An open `$(` or `${`: the closing character it waits for.
    Close(char),
    /// A `|`, `&&` or `||` with nothing after it.
    Operator,
    /// A backslash at the very end: the line continues.
    Backslash,
    /// A here-document whose delimiter line has not come yet.
    HereDoc(String),
    /// A compound command without its closing word (`fi`, `done`, `esac`, `}`, `)`).
    Keyword(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParseError {
    /// The input stops inside a construct: more lines may complete it.
    Incomplete(Pending),
    /// A token where none may stand (`newline` for the end of the line).
    Unexpected(String),
    /// A construct Berth's shell does not parse.
    NotSimulated(String),
    /// Past a bound ([`MAX_INPUT`], [`MAX_DEPTH`], [`MAX_COMMANDS`]).
    TooLarge(&'static str),
    /// A `${…}` that is no parameter expansion: its text between the braces.
    BadSubstitution(String),
}

impl fmt::Display for ParseError {
    /// bash's wording (its `parse.y`), without the `bash: ` prefix, which the shell adds.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ParseError::Incomplete(Pending::Quote(q)) => {
                write!(f, "unexpected EOF while looking for matching `{q}'")
            }
            ParseError::Incomplete(Pending::Close(c)) => {
                write!(f, "unexpected EOF while looking for matching `{c}'")
            }
            ParseError::Incomplete(_) => write!(f, "syntax error: unexpected end of file"),
            ParseError::Unexpected(token) => {
                write!(f, "syntax error near unexpected token `{token}'")
            }
            ParseError::NotSimulated(what) => write!(f, "{what}"),
            ParseError::TooLarge(what) => write!(f, "{what}"),
            ParseError::BadSubstitution(text) => write!(f, "${{{text}}}: bad substitution"),
        }
    }
}

/// Parses a whole input: one line, or several lines pasted or continued.
pub fn parse(input: &str) -> Result<Script, ParseError> {
    if input.len() > MAX_INPUT {
        return Err(ParseError::TooLarge(
            "berth: the input is too long for this playground's shell (64 KiB at most)",
        ));
    }
    let mut parser = Parser::new(input, 0);
    let script = parser.list(0, &Stop::TOP)?;
    // A here-document opened on the last line: its body has not come yet.
    if let Some((doc, _)) = parser.heredocs.iter().find(|(_, body)| body.is_none()) {
        return Err(ParseError::Incomplete(Pending::HereDoc(
            doc.delimiter.clone(),
        )));
    }
    if parser.at < parser.chars.len() {
        let token = parser.operator_at().unwrap_or_else(|| ")".to_string());
        return Err(ParseError::Unexpected(token));
    }
    Ok(script)
}

/// A here-document whose body is read at the end of its line.
struct OpenHereDoc {
    delimiter: String,
    strip_tabs: bool,
    expand: bool,
    /// Where the body goes: (item, and-or position, command, redirect) is too brittle, so the
    /// parser fills a slot the redirect points to.
    slot: usize,
}

pub(super) struct Parser {
    pub(super) chars: Vec<char>,
    pub(super) at: usize,
    heredocs: Vec<(OpenHereDoc, Option<Word>)>,
    pub(super) commands: usize,
}

/// Characters that end an unquoted word.
pub(super) fn is_meta(c: char) -> bool {
    matches!(
        c,
        ' ' | '\t' | '\n' | '|' | '&' | ';' | '<' | '>' | '(' | ')'
    )
}

pub(super) fn is_name_start(c: char) -> bool {
    c == '_' || c.is_ascii_alphabetic()
}

pub(super) fn is_name_char(c: char) -> bool {
    c == '_' || c.is_ascii_alphanumeric()
}

impl Parser {
    /// A parser at the start of `text`, with `commands` already counted against the bound
    /// (a substitution's commands count with those around it).
    fn new(text: &str, commands: usize) -> Parser {
        Parser {
            chars: text.chars().collect(),
            at: 0,
            heredocs: Vec::new(),
            commands,
        }
    }

    pub(super) fn peek(&self) -> Option<char> {
        self.chars.get(self.at).copied()
    }

    pub(super) fn peek_at(&self, offset: usize) -> Option<char> {
        self.chars.get(self.at + offset).copied()
    }

    /// The characters from the cursor up to `close`, which is consumed; `pending` when the
    /// input ends first (an open `'…` or `${…`, which the next line may close).
    pub(super) fn until(&mut self, close: char, pending: Pending) -> Result<String, ParseError> {
        let start = self.at;
        while self.peek().is_some_and(|c| c != close) {
            self.at += 1;
        }
        if self.peek().is_none() {
            return Err(ParseError::Incomplete(pending));
        }
        let text = self
            .chars
            .get(start..self.at)
            .unwrap_or(&[])
            .iter()
            .collect();
        self.at += 1;
        Ok(text)
    }

    pub(super) fn starts_with(&self, s: &str) -> bool {
        s.chars()
            .enumerate()
            .all(|(i, c)| self.peek_at(i) == Some(c))
    }

    /// Skips blanks, backslash-newlines and a comment.
    pub(super) fn skip_blanks(&mut self) {
        loop {
            match self.peek() {
                Some(' ' | '\t' | '\r') => self.at += 1,
                Some('\\') if self.peek_at(1) == Some('\n') => self.at += 2,
                Some('#') => {
                    while self.peek().is_some_and(|c| c != '\n') {
                        self.at += 1;
                    }
                }
                _ => return,
            }
        }
    }

    /// The operator at the cursor, as bash names it in a syntax error.
    pub(super) fn operator_at(&self) -> Option<String> {
        for op in [
            ";;", "&&", "||", ">>", "<<", "&>", "|", "&", ";", "<", ">", "(", ")",
        ] {
            if self.starts_with(op) {
                return Some(op.to_string());
            }
        }
        match self.peek() {
            Some('\n') | None => Some("newline".to_string()),
            _ => None,
        }
    }

    /// Consumes a newline and reads the bodies of the here-documents opened on its line.
    pub(super) fn newline(&mut self) -> Result<(), ParseError> {
        self.at += 1;
        let open: Vec<usize> = self
            .heredocs
            .iter()
            .enumerate()
            .filter(|(_, (_, body))| body.is_none())
            .map(|(i, _)| i)
            .collect();
        for index in open {
            let Some((doc, _)) = self.heredocs.get(index) else {
                continue;
            };
            let (delimiter, strip_tabs, expand) =
                (doc.delimiter.clone(), doc.strip_tabs, doc.expand);
            let mut body = String::new();
            loop {
                if self.at >= self.chars.len() {
                    return Err(ParseError::Incomplete(Pending::HereDoc(delimiter)));
                }
                let start = self.at;
                while self.peek().is_some_and(|c| c != '\n') {
                    self.at += 1;
                }
                let line: String = self
                    .chars
                    .get(start..self.at)
                    .unwrap_or(&[])
                    .iter()
                    .collect();
                let ended = self.peek() == Some('\n');
                let line = if strip_tabs {
                    line.trim_start_matches('\t').to_string()
                } else {
                    line
                };
                if line == delimiter {
                    if ended {
                        self.at += 1;
                    }
                    break;
                }
                if !ended {
                    return Err(ParseError::Incomplete(Pending::HereDoc(delimiter)));
                }
                self.at += 1;
                body.push_str(&line);
                body.push('\n');
            }
            let word = if expand {
                heredoc_word(&body)?
            } else {
                Word(vec![Part::Quoted(body)])
            };
            if let Some(slot) = self.heredocs.get_mut(index) {
                slot.1 = Some(word);
            }
        }
        Ok(())
    }

    /// A list up to the end of input, or up to what `stop` names: a `)` (of a `$(…)` or a
    /// subshell), a reserved word (`then`, `fi`, `done`…), or `;;` in a `case` arm. The
    /// stopping token is left for the caller.
    pub(super) fn list(&mut self, depth: u32, stop: &Stop<'_>) -> Result<Script, ParseError> {
        let close = stop.close;
        let mut script = Script::default();
        loop {
            self.skip_blanks();
            match self.peek() {
                None => {
                    if let Some(pending) = &stop.pending {
                        return Err(ParseError::Incomplete(pending.clone()));
                    }
                    break;
                }
                Some('\n') => {
                    self.newline()?;
                    continue;
                }
                Some(c) if Some(c) == close => break,
                Some(';') if stop.case_arm && self.peek_at(1) == Some(';') => break,
                Some(';' | '&' | '|' | ')') => {
                    return Err(ParseError::Unexpected(
                        self.operator_at().unwrap_or_default(),
                    ))
                }
                _ => {}
            }
            if let Some(word) = self.reserved_here() {
                if stop.keywords.contains(&word.as_str()) {
                    break;
                }
            }
            let mut item = Item {
                first: self.pipeline(depth)?,
                rest: Vec::new(),
                background: false,
            };
            loop {
                self.skip_blanks();
                let connector = if self.starts_with("&&") {
                    Connector::And
                } else if self.starts_with("||") {
                    Connector::Or
                } else {
                    break;
                };
                self.at += 2;
                self.skip_operator_tail(close)?;
                item.rest.push((connector, self.pipeline(depth)?));
            }
            self.skip_blanks();
            match self.peek() {
                Some(';') if self.peek_at(1) == Some(';') => {
                    if !stop.case_arm {
                        return Err(ParseError::Unexpected(";;".into()));
                    }
                }
                Some(';') => self.at += 1,
                Some('&') => {
                    self.at += 1;
                    item.background = true;
                }
                Some('\n') | None => {}
                Some(c) if Some(c) == close => {}
                Some(_) => {
                    return Err(ParseError::Unexpected(
                        self.operator_at().unwrap_or_default(),
                    ))
                }
            }
            script.items.push(item);
        }
        self.fill_heredocs(&mut script);
        Ok(script)
    }

    /// After `|`, `&&` or `||`: newlines may follow; the end of input waits for more.
    fn skip_operator_tail(&mut self, close: Option<char>) -> Result<(), ParseError> {
        loop {
            self.skip_blanks();
            match self.peek() {
                None => return Err(ParseError::Incomplete(Pending::Operator)),
                Some('\n') => self.newline()?,
                Some(c) if Some(c) == close => return Err(ParseError::Unexpected(c.to_string())),
                _ => return Ok(()),
            }
        }
    }

    fn pipeline(&mut self, depth: u32) -> Result<Pipeline, ParseError> {
        let mut pipeline = Pipeline {
            negated: false,
            commands: Vec::new(),
        };
        self.skip_blanks();
        if self.peek() == Some('!') && self.peek_at(1).is_some_and(|c| c == ' ' || c == '\t') {
            pipeline.negated = true;
            self.at += 1;
        }
        loop {
            pipeline.commands.push(self.command(depth)?);
            self.skip_blanks();
            if self.peek() == Some('|') && self.peek_at(1) != Some('|') {
                self.at += 1;
                self.skip_operator_tail(None)?;
            } else {
                return Ok(pipeline);
            }
        }
    }

    pub(super) fn simple(&mut self, depth: u32) -> Result<Simple, ParseError> {
        self.commands += 1;
        if self.commands > MAX_COMMANDS {
            return Err(ParseError::TooLarge(
                "berth: too many commands in one input for this playground's shell",
            ));
        }
        let mut simple = Simple::default();
        loop {
            self.skip_blanks();
            let Some(c) = self.peek() else { break };
            // A redirection: an optional descriptor number, then `<` or `>`.
            let digits = self
                .chars
                .get(self.at..)
                .unwrap_or(&[])
                .iter()
                .take_while(|c| c.is_ascii_digit())
                .count();
            let after = self.peek_at(digits);
            if matches!(after, Some('<' | '>')) && (digits > 0 || matches!(c, '<' | '>')) {
                let fd: Option<u32> = self
                    .chars
                    .get(self.at..self.at + digits)
                    .and_then(|d| d.iter().collect::<String>().parse().ok());
                self.at += digits;
                let redirect = self.redirect(fd, depth)?;
                simple.redirects.push(redirect);
                continue;
            }
            if c == '&' && self.peek_at(1) == Some('>') {
                self.at += 2;
                let append = self.peek() == Some('>');
                if append {
                    self.at += 1;
                }
                let target = self.target_word(depth)?;
                simple.redirects.push(Redirect {
                    fd: 1,
                    kind: RedirectKind::Both { target, append },
                });
                continue;
            }
            if c == '(' {
                return Err(ParseError::Unexpected("(".into()));
            }
            if is_meta(c) {
                break;
            }
            let word = self.word(depth)?;
            if simple.words.is_empty() {
                if let Some((name, value)) = assignment(&word) {
                    simple.assignments.push((name, value));
                    continue;
                }
            }
            simple.words.push(word);
        }
        if simple.words.is_empty() && simple.assignments.is_empty() && simple.redirects.is_empty() {
            return Err(ParseError::Unexpected(
                self.operator_at().unwrap_or_default(),
            ));
        }
        Ok(simple)
    }

    pub(super) fn redirect(&mut self, fd: Option<u32>, depth: u32) -> Result<Redirect, ParseError> {
        let input = self.peek() == Some('<');
        self.at += 1;
        if input {
            if self.peek() == Some('<') {
                self.at += 1;
                let strip_tabs = self.peek() == Some('-');
                if strip_tabs {
                    self.at += 1;
                }
                let word = self.target_word(depth)?;
                let quoted = word
                    .0
                    .iter()
                    .any(|p| matches!(p, Part::Quoted(_) | Part::Double(_)));
                let delimiter = word.literal().ok_or_else(|| {
                    ParseError::NotSimulated(
                        "berth: an expansion in a here-document's delimiter is not simulated"
                            .into(),
                    )
                })?;
                let slot = self.heredocs.len();
                self.heredocs.push((
                    OpenHereDoc {
                        delimiter,
                        strip_tabs,
                        expand: !quoted,
                        slot,
                    },
                    None,
                ));
                // The body is filled in when the line ends; until then the slot number.
                return Ok(Redirect {
                    fd: fd.unwrap_or(0),
                    kind: RedirectKind::HereDoc(Word(vec![Part::Literal(format!("\0{slot}"))])),
                });
            }
            let word = self.target_word(depth)?;
            return Ok(Redirect {
                fd: fd.unwrap_or(0),
                kind: RedirectKind::Read(word),
            });
        }
        let fd = fd.unwrap_or(1);
        if self.peek() == Some('>') {
            self.at += 1;
            let word = self.target_word(depth)?;
            return Ok(Redirect {
                fd,
                kind: RedirectKind::Append(word),
            });
        }
        if self.peek() == Some('&') {
            self.at += 1;
            let start = self.at;
            while self.peek().is_some_and(|c| c.is_ascii_digit()) {
                self.at += 1;
            }
            let digits: String = self
                .chars
                .get(start..self.at)
                .unwrap_or(&[])
                .iter()
                .collect();
            if let Ok(target) = digits.parse() {
                if self.peek().is_none_or(is_meta) {
                    return Ok(Redirect {
                        fd,
                        kind: RedirectKind::Dup(target),
                    });
                }
            }
            return Err(ParseError::NotSimulated(
                "berth: only `N>&M` with descriptor numbers is simulated (e.g. 2>&1)".into(),
            ));
        }
        if self.peek() == Some('|') {
            self.at += 1;
        }
        let word = self.target_word(depth)?;
        Ok(Redirect {
            fd,
            kind: RedirectKind::Write(word),
        })
    }

    /// The word after a redirection operator; none is bash's `newline` (or the next token).
    fn target_word(&mut self, depth: u32) -> Result<Word, ParseError> {
        self.skip_blanks();
        match self.peek() {
            Some(c) if !is_meta(c) => self.word(depth),
            _ => Err(ParseError::Unexpected(
                self.operator_at().unwrap_or_default(),
            )),
        }
    }

    /// One word: everything up to an unquoted blank or operator.
    pub(super) fn word(&mut self, depth: u32) -> Result<Word, ParseError> {
        let mut parts: Vec<Part> = Vec::new();
        let mut literal = String::new();
        let flush = |literal: &mut String, parts: &mut Vec<Part>| {
            if !literal.is_empty() {
                parts.push(Part::Literal(std::mem::take(literal)));
            }
        };
        while let Some(c) = self.peek() {
            match c {
                c if is_meta(c) => break,
                '\\' => {
                    self.at += 1;
                    match self.peek() {
                        None => return Err(ParseError::Incomplete(Pending::Backslash)),
                        Some('\n') => self.at += 1,
                        Some(next) => {
                            flush(&mut literal, &mut parts);
                            parts.push(Part::Quoted(next.to_string()));
                            self.at += 1;
                        }
                    }
                }
                '\'' => {
                    self.at += 1;
                    let text = self.until('\'', Pending::Quote('\''))?;
                    flush(&mut literal, &mut parts);
                    parts.push(Part::Quoted(text));
                }
                '"' => {
                    self.at += 1;
                    flush(&mut literal, &mut parts);
                    let inner = self.double_quoted(depth)?;
                    parts.push(Part::Double(inner));
                }
                '$' | '`' => {
                    if let Some(part) = self.dollar(depth)? {
                        flush(&mut literal, &mut parts);
                        parts.push(part);
                    } else {
                        literal.push('$');
                    }
                }
                '~' if parts.is_empty()
                    && literal.is_empty()
                    && self.peek_at(1).is_none_or(|n| n == '/' || is_meta(n)) =>
                {
                    parts.push(Part::Home);
                    self.at += 1;
                }
                other => {
                    literal.push(other);
                    self.at += 1;
                }
            }
        }
        flush(&mut literal, &mut parts);
        Ok(Word(parts))
    }

    /// The inside of `"…"`, the opening quote consumed.
    pub(super) fn double_quoted(&mut self, depth: u32) -> Result<Vec<Part>, ParseError> {
        let mut parts = Vec::new();
        let mut text = String::new();
        loop {
            match self.peek() {
                None => return Err(ParseError::Incomplete(Pending::Quote('"'))),
                Some('"') => {
                    self.at += 1;
                    break;
                }
                Some('\\') => {
                    self.at += 1;
                    match self.peek() {
                        None => return Err(ParseError::Incomplete(Pending::Quote('"'))),
                        Some('\n') => self.at += 1,
                        Some(next @ ('"' | '\\' | '$' | '`')) => {
                            text.push(next);
                            self.at += 1;
                        }
                        Some(_) => text.push('\\'),
                    }
                }
                Some('$' | '`') => match self.dollar(depth)? {
                    Some(part) => {
                        if !text.is_empty() {
                            parts.push(Part::Quoted(std::mem::take(&mut text)));
                        }
                        parts.push(part);
                    }
                    None => text.push('$'),
                },
                Some(c) => {
                    text.push(c);
                    self.at += 1;
                }
            }
        }
        if !text.is_empty() {
            parts.push(Part::Quoted(text));
        }
        Ok(parts)
    }

    /// `$…` or a backtick at the cursor. `None`: a lone `$`, which stays a character.
    pub(super) fn dollar(&mut self, depth: u32) -> Result<Option<Part>, ParseError> {
        if self.peek() == Some('`') {
            self.at += 1;
            let start = self.at;
            while self.peek().is_some_and(|c| c != '`') {
                if self.peek() == Some('\\') {
                    self.at += 1;
                }
                self.at += 1;
            }
            if self.at >= self.chars.len() {
                return Err(ParseError::Incomplete(Pending::Quote('`')));
            }
            let inner: String = self
                .chars
                .get(start..self.at)
                .unwrap_or(&[])
                .iter()
                .collect();
            self.at += 1;
            let inner = inner
                .replace("\\`", "`")
                .replace("\\\\", "\\")
                .replace("\\$", "$");
            return Ok(Some(Part::Subst(Box::new(self.nested(&inner, depth)?))));
        }
        self.at += 1;
        match self.peek() {
            Some('(') if self.peek_at(1) == Some('(') => self.arith().map(Some),
            Some('(') => {
                self.at += 1;
                if depth + 1 > MAX_DEPTH {
                    return Err(ParseError::TooLarge(
                        "berth: command substitutions nest too deep for this playground's shell",
                    ));
                }
                let script = self.list(depth + 1, &Stop::SUBSTITUTION)?;
                if self.peek() != Some(')') {
                    return Err(ParseError::Incomplete(Pending::Close(')')));
                }
                self.at += 1;
                Ok(Some(Part::Subst(Box::new(script))))
            }
            Some('{') => self.braced(depth).map(Some),
            Some(c @ ('?' | '$' | '#' | '!' | '@' | '*' | '-' | '0'..='9')) => {
                self.at += 1;
                Ok(Some(Part::Var(c.to_string())))
            }
            Some(c) if is_name_start(c) => {
                let start = self.at;
                while self.peek().is_some_and(is_name_char) {
                    self.at += 1;
                }
                let name: String = self
                    .chars
                    .get(start..self.at)
                    .unwrap_or(&[])
                    .iter()
                    .collect();
                Ok(Some(Part::Var(name)))
            }
            _ => Ok(None),
        }
    }

    /// A backtick's text, parsed as a script of its own.
    fn nested(&mut self, text: &str, depth: u32) -> Result<Script, ParseError> {
        if depth + 1 > MAX_DEPTH {
            return Err(ParseError::TooLarge(
                "berth: command substitutions nest too deep for this playground's shell",
            ));
        }
        let mut inner = Parser::new(text, self.commands);
        let script = inner.list(depth + 1, &Stop::TOP)?;
        self.commands = inner.commands;
        Ok(script)
    }

    /// Puts each here-document's body where its redirect stands, in compound commands'
    /// bodies too (`while read l; do …; done <<EOF`).
    fn fill_heredocs(&self, script: &mut Script) {
        for item in &mut script.items {
            let pipelines =
                std::iter::once(&mut item.first).chain(item.rest.iter_mut().map(|(_, p)| p));
            for pipeline in pipelines {
                for command in &mut pipeline.commands {
                    match command {
                        Command::Simple(simple) => self.fill_redirects(&mut simple.redirects),
                        Command::Compound(compound, redirects) => {
                            self.fill_redirects(redirects);
                            self.fill_compound(compound);
                        }
                        Command::Function(_, compound) => self.fill_compound(compound),
                    }
                }
            }
        }
    }

    fn fill_compound(&self, compound: &mut Compound) {
        match compound {
            Compound::Brace(s) | Compound::Subshell(s) => self.fill_heredocs(s),
            Compound::If {
                branches,
                otherwise,
            } => {
                for (c, b) in branches {
                    self.fill_heredocs(c);
                    self.fill_heredocs(b);
                }
                if let Some(o) = otherwise {
                    self.fill_heredocs(o);
                }
            }
            Compound::While {
                condition, body, ..
            } => {
                self.fill_heredocs(condition);
                self.fill_heredocs(body);
            }
            Compound::For { body, .. } => self.fill_heredocs(body),
            Compound::Case { arms, .. } => {
                for (_, body) in arms {
                    self.fill_heredocs(body);
                }
            }
            Compound::Test(_) => {}
        }
    }

    fn fill_redirects(&self, redirects: &mut [Redirect]) {
        for redirect in redirects {
            if let RedirectKind::HereDoc(word) = &mut redirect.kind {
                let slot = match word.0.as_slice() {
                    [Part::Literal(s)] => {
                        s.strip_prefix('\0').and_then(|n| n.parse::<usize>().ok())
                    }
                    _ => None,
                };
                if let Some(body) = slot
                    .and_then(|n| self.heredocs.iter().find(|(d, _)| d.slot == n))
                    .and_then(|(_, body)| body.clone())
                {
                    *word = body;
                }
            }
        }
    }
}

/// `NAME=value` at the start of a command: an assignment, not a word.
fn assignment(word: &Word) -> Option<(String, Word)> {
    let Some(Part::Literal(first)) = word.0.first() else {
        return None;
    };
    let (name, value) = first.split_once('=')?;
    if !name.chars().next().is_some_and(is_name_start) || !name.chars().all(is_name_char) {
        return None;
    }
    let mut parts = Vec::new();
    if !value.is_empty() {
        parts.push(Part::Literal(value.to_string()));
    }
    parts.extend(word.0.iter().skip(1).cloned());
    Some((name.to_string(), Word(parts)))
}

/// A here-document's body when the delimiter was not quoted: `$VAR`, `$(…)` and backslash
/// before `$`, `` ` `` and `\` are honoured; quotes are ordinary characters.
pub(super) fn heredoc_word(body: &str) -> Result<Word, ParseError> {
    let mut parser = Parser {
        chars: body.chars().collect(),
        at: 0,
        heredocs: Vec::new(),
        commands: 0,
    };
    let mut parts = Vec::new();
    let mut text = String::new();
    while let Some(c) = parser.peek() {
        match c {
            '\\' => {
                parser.at += 1;
                match parser.peek() {
                    Some(next @ ('$' | '`' | '\\')) => {
                        text.push(next);
                        parser.at += 1;
                    }
                    Some('\n') => parser.at += 1,
                    _ => text.push('\\'),
                }
            }
            '$' | '`' => match parser.dollar(0)? {
                Some(part) => {
                    if !text.is_empty() {
                        parts.push(Part::Quoted(std::mem::take(&mut text)));
                    }
                    parts.push(part);
                }
                None => text.push('$'),
            },
            c => {
                text.push(c);
                parser.at += 1;
            }
        }
    }
    if !text.is_empty() {
        parts.push(Part::Quoted(text));
    }
    Ok(Word(vec![Part::Double(parts)]))
}
