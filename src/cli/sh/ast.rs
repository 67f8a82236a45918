//! The shell language's syntax tree: what [`super::parse`] builds and [`super::exec`] runs.
//! The shapes follow POSIX sh's grammar (XCU 2.9, 2.10): a list of and-or lists of pipelines
//! of commands, where a command is simple, compound (`if`, `while`, `until`, `for`, `case`,
//! `{ …; }`, `( … )`, bash's `[[ … ]]`) or a function definition.
//!
//! Rules: a tree is only ever built by the parser, whole (an input that stops inside a
//! construct has no tree: it is `Incomplete`); every node is plain data (`Clone`, `Eq`), so a
//! function's body can be kept in the terminal's shell state and run again.

/// A list: and-or lists run one after the other.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Script {
    pub items: Vec<Item>,
}

/// One and-or list, and whether it was sent to the background with `&`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    pub first: Pipeline,
    pub rest: Vec<(Connector, Pipeline)>,
    pub background: bool,
}

/// `&&` runs the next pipeline when the last one succeeded, `||` when it failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Connector {
    And,
    Or,
}

/// Commands joined by `|`: each one's standard output is the next one's standard input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pipeline {
    /// `! cmd`: the status is inverted.
    pub negated: bool,
    pub commands: Vec<Command>,
}

/// One stage of a pipeline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    Simple(Simple),
    /// A compound command and the redirections written after it (`done < file`).
    Compound(Box<Compound>, Vec<Redirect>),
    /// `name() { …; }` or bash's `function name { …; }`: defines, runs nothing.
    Function(String, Box<Compound>),
}

/// The compound commands (XCU 2.9.4) and bash's `[[ … ]]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Compound {
    /// `{ list; }`: runs in the current shell.
    Brace(Script),
    /// `( list )`: runs in a subshell; its variables do not come back.
    Subshell(Script),
    /// `if c; then b; elif c; then b; else b; fi`: (condition, body) pairs, then `else`.
    If {
        branches: Vec<(Script, Script)>,
        otherwise: Option<Script>,
    },
    /// `while c; do b; done`, or `until` when `until` is set.
    While {
        until: bool,
        condition: Script,
        body: Script,
    },
    /// `for name in words; do b; done`; `words: None` is `for name; do`: the positional
    /// parameters.
    For {
        name: String,
        words: Option<Vec<Word>>,
        body: Script,
    },
    /// `case word in pat|pat) list;; esac`.
    Case {
        word: Word,
        arms: Vec<(Vec<Word>, Script)>,
    },
    /// bash's `[[ … ]]`: its words, operators (`&&`, `||`, `!`, `(`, `)`, `<`, `>`) as
    /// literal words.
    Test(Vec<Word>),
}

/// A simple command: `NAME=value … program arg … redirection …`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Simple {
    pub assignments: Vec<(String, Word)>,
    pub words: Vec<Word>,
    pub redirects: Vec<Redirect>,
}

/// A word before expansion: the pieces it was written with.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Word(pub Vec<Part>);

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Part {
    /// Unquoted text (backslash escapes already applied).
    Literal(String),
    /// Text that was quoted (`'…'`, or a backslash-escaped character): never split.
    Quoted(String),
    /// `"…"`: its expansions are not split into fields.
    Double(Vec<Part>),
    /// `$NAME`, `${NAME}`, `$?`, `$1`…
    Var(String),
    /// `$(…)` or `` `…` ``.
    Subst(Box<Script>),
    /// `$((…))`: the expression's text, with its `$` expansions, evaluated after expansion.
    Arith(Word),
    /// `${NAME<op>word}`: the parameter operators of XCU 2.6.2.
    Param {
        name: String,
        op: ParamOp,
        word: Word,
    },
    /// `${#NAME}`: the length of the value.
    Length(String),
    /// `~` at the start of a word (alone or before `/`): the user's home directory.
    Home,
}

/// The operator of a `${NAME…}` expansion.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamOp {
    /// `:-` (`colon`: an empty value counts as unset) or `-`.
    Default { colon: bool },
    /// `:=` or `=`.
    Assign { colon: bool },
    /// `:+` or `+`.
    Alternative { colon: bool },
    /// `:?` or `?`.
    Error { colon: bool },
    /// `#` (shortest) or `##` (longest) prefix removal.
    RemovePrefix { longest: bool },
    /// `%` (shortest) or `%%` (longest) suffix removal.
    RemoveSuffix { longest: bool },
}

/// A redirection of file descriptor `fd`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Redirect {
    pub fd: u32,
    pub kind: RedirectKind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RedirectKind {
    /// `> FILE`
    Write(Word),
    /// `>> FILE`
    Append(Word),
    /// `< FILE`
    Read(Word),
    /// `N>&M`: a copy of descriptor M.
    Dup(u32),
    /// `&> FILE` (both streams), `&>> FILE` when `append`.
    Both { target: Word, append: bool },
    /// `<<EOF` … `EOF`: the body, expanded unless the delimiter was quoted.
    HereDoc(Word),
}

impl Word {
    /// The word's text when it holds no expansion: what a program name or a flag is
    /// compared against.
    pub fn literal(&self) -> Option<String> {
        let mut text = String::new();
        for part in &self.0 {
            match part {
                Part::Literal(s) | Part::Quoted(s) => text.push_str(s),
                Part::Double(inner) => text.push_str(&Word(inner.clone()).literal()?),
                Part::Var(_)
                | Part::Subst(_)
                | Part::Arith(_)
                | Part::Param { .. }
                | Part::Length(_)
                | Part::Home => return None,
            }
        }
        Some(text)
    }
}

impl Script {
    /// The words of a line that is one simple command without expansions, redirections or
    /// assignments: what the session's own commands (`lesson`, `hint`) look at.
    pub fn simple_words(&self) -> Option<Vec<String>> {
        let [item] = self.items.as_slice() else {
            return None;
        };
        if !item.rest.is_empty() || item.background || item.first.negated {
            return None;
        }
        let [Command::Simple(simple)] = item.first.commands.as_slice() else {
            return None;
        };
        if !simple.assignments.is_empty() || !simple.redirects.is_empty() {
            return None;
        }
        simple.words.iter().map(Word::literal).collect()
    }

    /// Every simple command of the top-level list, in order (compound commands' bodies and
    /// command substitutions not included).
    pub fn commands(&self) -> impl Iterator<Item = &Simple> {
        self.items.iter().flat_map(|item| {
            std::iter::once(&item.first)
                .chain(item.rest.iter().map(|(_, p)| p))
                .flat_map(|p| p.commands.iter())
                .filter_map(|c| match c {
                    Command::Simple(s) => Some(s),
                    _ => None,
                })
        })
    }
}
