//! Parsing compound commands (POSIX XCU 2.9.4) and function definitions (2.9.5): `if`,
//! `while`, `until`, `for`, `case`, `{ …; }`, `( … )`, bash's `[[ … ]]` and `function f`.
//!
//! Rules: a reserved word is one only where a command starts (`echo done` prints `done`);
//! a list inside a compound command ends at the reserved word that closes it, which the
//! caller then expects. Input that ends before the closing word is
//! [`Pending::Keyword`]: the terminal prompts `> ` for the next line, as bash does with a
//! pasted loop. A reserved word where a command should start (`fi` alone, `then` after
//! nothing) is bash's `syntax error near unexpected token`.
//!
//! Not parsed: `select`, `coproc`, bash's `((…))` command and `case`'s `;&`/`;;&`.

use super::parse::{is_meta, is_name_char, is_name_start, ParseError, Parser, Pending};
use super::parse::{Command, Compound, Part, Redirect, Script, Word};

/// Where a list stops (see [`Parser::list`]).
pub(super) struct Stop<'s> {
    /// A `)`: the end of a `$(…)` or of a subshell.
    pub close: Option<char>,
    /// The reserved words that end the list.
    pub keywords: &'s [&'s str],
    /// `;;` ends the list (a `case` arm).
    pub case_arm: bool,
    /// What the end of input waits for; `None`: the end of input ends the list.
    pub pending: Option<Pending>,
}

impl Stop<'static> {
    pub const TOP: Stop<'static> = Stop {
        close: None,
        keywords: &[],
        case_arm: false,
        pending: None,
    };
    pub const SUBSTITUTION: Stop<'static> = Stop {
        close: Some(')'),
        keywords: &[],
        case_arm: false,
        pending: Some(Pending::Close(')')),
    };
}

/// The words reserved where a command starts (XCU 2.4), and bash's `[[`, `]]`, `function`.
const RESERVED: &[&str] = &[
    "if", "then", "else", "elif", "fi", "do", "done", "case", "esac", "while", "until", "for", "{",
    "}", "!", "in", "[[", "]]", "function", "select",
];

/// A list that a reserved word closes, waiting for `closer` at the end of input.
fn until_word<'s>(keywords: &'s [&'s str], closer: &str) -> Stop<'s> {
    Stop {
        close: None,
        keywords,
        case_arm: false,
        pending: Some(Pending::Keyword(closer.to_string())),
    }
}

impl Parser {
    /// The plain word at the cursor, if it is a reserved word standing alone.
    pub(super) fn reserved_here(&self) -> Option<String> {
        let word = self.plain_word_here()?;
        RESERVED.contains(&word.as_str()).then_some(word)
    }

    /// The unquoted word at the cursor without consuming it, if it has no quotes or `$`.
    fn plain_word_here(&self) -> Option<String> {
        let mut word = String::new();
        let mut at = self.at;
        while let Some(&c) = self.chars.get(at) {
            if is_meta(c) {
                break;
            }
            if matches!(c, '\'' | '"' | '\\' | '$' | '`') {
                return None;
            }
            word.push(c);
            at += 1;
        }
        (!word.is_empty()).then_some(word)
    }

    fn take_word_here(&mut self, word: &str) {
        self.at += word.chars().count();
    }

    /// Consumes the reserved word `word`, which must stand at the cursor (after blanks and,
    /// when `newlines`, newlines); the end of input waits for `pending`.
    fn expect(&mut self, word: &str, closer: &str, newlines: bool) -> Result<(), ParseError> {
        loop {
            self.skip_blanks();
            match self.peek() {
                None => return Err(ParseError::Incomplete(Pending::Keyword(closer.into()))),
                Some('\n') if newlines => self.newline()?,
                Some(';') if newlines && self.peek_at(1) != Some(';') => self.at += 1,
                _ => break,
            }
        }
        if self.plain_word_here().as_deref() == Some(word) {
            self.take_word_here(word);
            return Ok(());
        }
        Err(self.unexpected())
    }

    /// bash's `syntax error near unexpected token` for what stands at the cursor.
    fn unexpected(&self) -> ParseError {
        let token = self
            .operator_at()
            .or_else(|| self.plain_word_here())
            .unwrap_or_else(|| "newline".into());
        ParseError::Unexpected(token)
    }

    /// A list that must hold a command (bash refuses `then fi`: the closer is unexpected).
    fn body(&mut self, depth: u32, stop: &Stop<'_>) -> Result<Script, ParseError> {
        let script = self.list(depth, stop)?;
        if script.items.is_empty() {
            return Err(self.unexpected());
        }
        Ok(script)
    }

    /// One stage of a pipeline: a compound command, a function definition or a simple
    /// command.
    pub(super) fn command(&mut self, depth: u32) -> Result<Command, ParseError> {
        self.skip_blanks();
        if self.peek() == Some('(') {
            self.at += 1;
            let stop = Stop {
                close: Some(')'),
                keywords: &[],
                case_arm: false,
                pending: Some(Pending::Keyword(")".into())),
            };
            let script = self.body(depth, &stop)?;
            self.at += 1;
            return self.with_redirects(Compound::Subshell(script), depth);
        }
        let Some(word) = self.plain_word_here() else {
            return Ok(Command::Simple(self.simple(depth)?));
        };
        let compound = match word.as_str() {
            "if" => self.if_clause(depth)?,
            "while" | "until" => {
                self.take_word_here(&word);
                let condition = self.body(depth, &until_word(&["do"], "done"))?;
                self.expect("do", "done", false)?;
                let body = self.body(depth, &until_word(&["done"], "done"))?;
                self.expect("done", "done", false)?;
                Compound::While {
                    until: word == "until",
                    condition,
                    body,
                }
            }
            "for" => self.for_clause(depth)?,
            "case" => self.case_clause(depth)?,
            "{" => {
                self.take_word_here("{");
                let body = self.body(depth, &until_word(&["}"], "}"))?;
                self.expect("}", "}", false)?;
                Compound::Brace(body)
            }
            "[[" => self.test_clause(depth)?,
            "function" => {
                self.take_word_here("function");
                self.skip_blanks();
                let name = self.plain_word_here().ok_or_else(|| self.unexpected())?;
                self.take_word_here(&name);
                self.skip_blanks();
                if self.starts_with("()") {
                    self.at += 2;
                }
                return self.function_body(name, depth);
            }
            "then" | "else" | "elif" | "fi" | "do" | "done" | "esac" | "}" | "in" | "]]" => {
                return Err(ParseError::Unexpected(word));
            }
            "select" => {
                return Err(ParseError::NotSimulated(
                    "berth: `select` is not simulated in this playground's shell; use `for`".into(),
                ))
            }
            name if name.chars().next().is_some_and(is_name_start)
                && name
                    .chars()
                    .all(|c| is_name_char(c) || c == '-' || c == '.') =>
            {
                // `name()`: a function definition.
                let save = self.at;
                self.take_word_here(name);
                self.skip_blanks();
                if self.peek() == Some('(') {
                    self.at += 1;
                    self.skip_blanks();
                    if self.peek() == Some(')') {
                        self.at += 1;
                        return self.function_body(word, depth);
                    }
                    return Err(self.unexpected());
                }
                self.at = save;
                return Ok(Command::Simple(self.simple(depth)?));
            }
            _ => return Ok(Command::Simple(self.simple(depth)?)),
        };
        self.with_redirects(compound, depth)
    }

    /// The redirections written after a compound command.
    fn with_redirects(&mut self, compound: Compound, depth: u32) -> Result<Command, ParseError> {
        let mut redirects: Vec<Redirect> = Vec::new();
        loop {
            self.skip_blanks();
            let digits = self
                .chars
                .get(self.at..)
                .unwrap_or(&[])
                .iter()
                .take_while(|c| c.is_ascii_digit())
                .count();
            let Some(c) = self.peek() else { break };
            if matches!(self.peek_at(digits), Some('<' | '>'))
                && (digits > 0 || matches!(c, '<' | '>'))
            {
                let fd: Option<u32> = self
                    .chars
                    .get(self.at..self.at + digits)
                    .and_then(|d| d.iter().collect::<String>().parse().ok());
                self.at += digits;
                redirects.push(self.redirect(fd, depth)?);
                continue;
            }
            if is_meta(c) {
                break;
            }
            // `fi x`: a word after the closing word.
            return Err(self.unexpected());
        }
        Ok(Command::Compound(Box::new(compound), redirects))
    }

    /// After `name()`: newlines, then the compound command that is the body.
    fn function_body(&mut self, name: String, depth: u32) -> Result<Command, ParseError> {
        loop {
            self.skip_blanks();
            match self.peek() {
                None => return Err(ParseError::Incomplete(Pending::Keyword("}".into()))),
                Some('\n') => self.newline()?,
                _ => break,
            }
        }
        match self.command(depth)? {
            Command::Compound(body, redirects) if redirects.is_empty() => {
                Ok(Command::Function(name, body))
            }
            _ => Err(ParseError::NotSimulated(
                "berth: a function's body must be a compound command such as `{ …; }` in this playground's shell".into(),
            )),
        }
    }

    fn if_clause(&mut self, depth: u32) -> Result<Compound, ParseError> {
        self.take_word_here("if");
        let mut branches = Vec::new();
        let mut otherwise = None;
        loop {
            let condition = self.body(depth, &until_word(&["then"], "fi"))?;
            self.expect("then", "fi", false)?;
            let body = self.body(depth, &until_word(&["elif", "else", "fi"], "fi"))?;
            branches.push((condition, body));
            match self.plain_word_here().as_deref() {
                Some("elif") => self.take_word_here("elif"),
                Some("else") => {
                    self.take_word_here("else");
                    otherwise = Some(self.body(depth, &until_word(&["fi"], "fi"))?);
                    self.expect("fi", "fi", false)?;
                    break;
                }
                _ => {
                    self.expect("fi", "fi", false)?;
                    break;
                }
            }
        }
        Ok(Compound::If {
            branches,
            otherwise,
        })
    }

    fn for_clause(&mut self, depth: u32) -> Result<Compound, ParseError> {
        self.take_word_here("for");
        self.skip_blanks();
        let name = match self.plain_word_here() {
            Some(name)
                if name.chars().next().is_some_and(is_name_start)
                    && name.chars().all(is_name_char) =>
            {
                name
            }
            None if self.peek().is_none() => {
                return Err(ParseError::Incomplete(Pending::Keyword("done".into())))
            }
            _ => return Err(self.unexpected()),
        };
        self.take_word_here(&name);
        self.skip_blanks();
        let mut words = None;
        if self.plain_word_here().as_deref() == Some("in") {
            self.take_word_here("in");
            let mut list = Vec::new();
            loop {
                self.skip_blanks();
                match self.peek() {
                    None => return Err(ParseError::Incomplete(Pending::Keyword("done".into()))),
                    Some(';' | '\n') => break,
                    Some(c) if is_meta(c) => return Err(self.unexpected()),
                    Some(_) => list.push(self.word(depth)?),
                }
            }
            words = Some(list);
        }
        self.expect("do", "done", true)?;
        let body = self.body(depth, &until_word(&["done"], "done"))?;
        self.expect("done", "done", false)?;
        Ok(Compound::For { name, words, body })
    }

    fn case_clause(&mut self, depth: u32) -> Result<Compound, ParseError> {
        self.take_word_here("case");
        self.skip_blanks();
        if self.peek().is_none() {
            return Err(ParseError::Incomplete(Pending::Keyword("esac".into())));
        }
        let word = self.word(depth)?;
        self.expect("in", "esac", true)?;
        let mut arms = Vec::new();
        loop {
            loop {
                self.skip_blanks();
                match self.peek() {
                    None => return Err(ParseError::Incomplete(Pending::Keyword("esac".into()))),
                    Some('\n') => self.newline()?,
                    _ => break,
                }
            }
            if self.plain_word_here().as_deref() == Some("esac") {
                self.take_word_here("esac");
                break;
            }
            if self.peek() == Some('(') {
                self.at += 1;
            }
            let mut patterns = Vec::new();
            loop {
                self.skip_blanks();
                match self.peek() {
                    None => return Err(ParseError::Incomplete(Pending::Keyword("esac".into()))),
                    Some(c) if is_meta(c) => return Err(self.unexpected()),
                    Some(_) => patterns.push(self.word(depth)?),
                }
                self.skip_blanks();
                match self.peek() {
                    Some('|') => self.at += 1,
                    Some(')') => {
                        self.at += 1;
                        break;
                    }
                    None => return Err(ParseError::Incomplete(Pending::Keyword("esac".into()))),
                    _ => return Err(self.unexpected()),
                }
            }
            let stop = Stop {
                close: None,
                keywords: &["esac"],
                case_arm: true,
                pending: Some(Pending::Keyword("esac".into())),
            };
            let body = self.list(depth, &stop)?;
            arms.push((patterns, body));
            self.skip_blanks();
            if self.starts_with(";;") {
                self.at += 2;
                continue;
            }
            self.expect("esac", "esac", true)?;
            break;
        }
        Ok(Compound::Case { word, arms })
    }

    /// `[[ … ]]`: words up to `]]`; `&&`, `||`, `(`, `)`, `<`, `>` are operators inside.
    fn test_clause(&mut self, depth: u32) -> Result<Compound, ParseError> {
        self.take_word_here("[[");
        let mut words = Vec::new();
        loop {
            self.skip_blanks();
            if self.plain_word_here().as_deref() == Some("]]") {
                self.take_word_here("]]");
                break;
            }
            let operator = ["&&", "||", "(", ")", "<", ">"]
                .into_iter()
                .find(|op| self.starts_with(op));
            match (operator, self.peek()) {
                (_, None) => return Err(ParseError::Incomplete(Pending::Keyword("]]".into()))),
                (Some(op), _) => {
                    self.at += op.len();
                    words.push(Word(vec![Part::Literal(op.to_string())]));
                }
                (None, Some('\n' | ';' | '|' | '&')) => return Err(self.unexpected()),
                (None, Some(_)) => words.push(self.word(depth)?),
            }
        }
        Ok(Compound::Test(words))
    }
}
