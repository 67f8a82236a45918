//! The `node` of the node image, as a learner meets it in the first hour: the REPL of
//! `docker run -it node` (its banner, `> `, what simple lines print, `.help`, `.exit`),
//! `node -e 'console.log(1)'`, `node -p '1 + 1'` and `node --version`.
//!
//! What a line may hold: numbers, strings and template literals, `+ - * / % **`,
//! comparisons, `&&`/`||`/`!`, `let`/`const`/`var` declarations and assignments,
//! `console.log`/`console.error`, `.length`, `.toUpperCase()`/`.toLowerCase()`,
//! `process.version`, `process.platform`, `process.exit()`. Anything else answers with a
//! `berth:` line.
//!
//! Texts: nodejs/node `lib/internal/main/repl.js` (`Welcome to Node.js ${process.version}.`,
//! `Type ".help" for more information.`), `lib/repl.js` (the prompt `> `, `Uncaught ` before
//! an error, `defineDefaultCommands`: each command's help and the `.help` layout, `Invalid
//! REPL keyword`), `lib/internal/util/inspect.js` (strings in single quotes unless they hold
//! one), and ECMAScript's `Number::toString` for numbers. V8's messages:
//! `x is not defined`, `x is not a function`, `Assignment to constant variable.`,
//! `Identifier 'x' has already been declared`.
//!
//! Not simulated: colour (the REPL colours values on a terminal), objects, arrays,
//! functions, `await`, multi-line input, `.editor`/`.load`/`.save`, `node -e`'s stack trace.

use std::collections::BTreeMap;

use super::script::{self, Expr, Lang, Node, Op, Part, Statement};
use crate::cli::Output;

/// The prompt (`lib/repl.js`).
pub const PROMPT: &str = "> ";

/// The REPL's first lines (`lib/internal/main/repl.js`); `version` is `22.23.2`.
pub fn banner(version: &str) -> Vec<String> {
    vec![
        format!("Welcome to Node.js v{version}."),
        "Type \".help\" for more information.".to_string(),
    ]
}

/// The REPL's variables: `js:NAME` → `let`/`const`/`var`/`global`, a tab, an encoded value.
pub type Vars = BTreeMap<String, String>;

const MAX_VARS: usize = 256;

const NOT_SIMULATED: &str = "berth: only simple JavaScript lines are simulated here: numbers, strings, + - * / % **, variables (let x = 1), console.log(…), .length, process.version, .help, .exit";

#[derive(Debug, Clone, PartialEq)]
enum V {
    Num(f64),
    Str(String),
    Bool(bool),
    Undefined,
    Null,
    /// `console`, `process`.
    Object(&'static str),
    /// A function Berth calls: `console.log`, `"a".toUpperCase`.
    Func(String, Box<V>),
}

impl V {
    fn encode(&self) -> Option<String> {
        Some(match self {
            V::Num(f) => format!("n{:x}", f.to_bits()),
            V::Str(s) => format!("s{s}"),
            V::Bool(b) => format!("b{}", u8::from(*b)),
            V::Undefined => "u".to_string(),
            V::Null => "z".to_string(),
            _ => return None,
        })
    }

    fn decode(text: &str) -> Option<V> {
        let mut chars = text.chars();
        let tag = chars.next()?;
        let rest = chars.as_str();
        Some(match tag {
            'n' => V::Num(f64::from_bits(u64::from_str_radix(rest, 16).ok()?)),
            's' => V::Str(rest.to_string()),
            'b' => V::Bool(rest == "1"),
            'u' => V::Undefined,
            'z' => V::Null,
            _ => return None,
        })
    }

    /// `String(v)`: what `console.log` and `+` with a string write.
    fn string(&self) -> String {
        match self {
            V::Num(f) => number(*f),
            V::Str(s) => s.clone(),
            V::Bool(b) => b.to_string(),
            V::Undefined => "undefined".to_string(),
            V::Null => "null".to_string(),
            V::Object("console") => "[object console]".to_string(),
            V::Object(_) => "[object process]".to_string(),
            V::Func(name, _) => format!("function {name}() {{ [native code] }}"),
        }
    }

    /// `util.inspect(v)`: what the REPL echoes.
    fn inspect(&self) -> String {
        match self {
            V::Str(s) => quote(s),
            V::Func(name, _) => format!("[Function: {name}]"),
            V::Object("console") => "Object [console] { … }".to_string(),
            V::Object(_) => "process { … }".to_string(),
            other => other.string(),
        }
    }

    fn to_number(&self) -> f64 {
        match self {
            V::Num(f) => *f,
            V::Bool(b) => f64::from(u8::from(*b)),
            V::Null => 0.0,
            V::Str(s) if s.trim().is_empty() => 0.0,
            V::Str(s) => s.trim().parse().unwrap_or(f64::NAN),
            _ => f64::NAN,
        }
    }

    fn truthy(&self) -> bool {
        match self {
            V::Num(f) => *f != 0.0 && !f.is_nan(),
            V::Str(s) => !s.is_empty(),
            V::Bool(b) => *b,
            V::Undefined | V::Null => false,
            _ => true,
        }
    }
}

/// ECMAScript `Number::toString(10)`: integers up to 1e21 in full, the shortest digits that
/// read back, exponents from 21 and below -6 as `1e+21`, `1.5e-7`.
pub fn number(f: f64) -> String {
    if f.is_nan() {
        return "NaN".to_string();
    }
    if f.is_infinite() {
        return if f > 0.0 { "Infinity" } else { "-Infinity" }.to_string();
    }
    if f == 0.0 {
        return "0".to_string();
    }
    let sci = format!("{f:e}");
    let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    if exp >= 21 {
        format!("{mantissa}e+{exp}")
    } else if exp <= -7 {
        format!("{mantissa}e{exp}")
    } else {
        format!("{f}")
    }
}

/// `util.inspect` of a string: single quotes, else double, else backticks.
fn quote(s: &str) -> String {
    let q = if !s.contains('\'') {
        '\''
    } else if !s.contains('"') {
        '"'
    } else if !s.contains('`') {
        '`'
    } else {
        '\''
    };
    let mut out = String::from(q);
    for c in s.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\\' => out.push_str("\\\\"),
            c if c == q => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out.push(q);
    out
}

enum Throw {
    /// `(error type, message)`, V8's words.
    Error(&'static str, String),
    Exit(i32),
    Unsupported,
}

struct Eval<'a> {
    version: &'a str,
    vars: &'a Vars,
    out: Vec<(bool, String)>,
}

impl Eval<'_> {
    fn lookup(&self, name: &str) -> Result<V, Throw> {
        if let Some((_, value)) = self
            .vars
            .get(&format!("js:{name}"))
            .and_then(|t| t.split_once('\t'))
        {
            return V::decode(value).ok_or(Throw::Unsupported);
        }
        match name {
            "undefined" => Ok(V::Undefined),
            "null" => Ok(V::Null),
            "true" => Ok(V::Bool(true)),
            "false" => Ok(V::Bool(false)),
            "NaN" => Ok(V::Num(f64::NAN)),
            "Infinity" => Ok(V::Num(f64::INFINITY)),
            "console" => Ok(V::Object("console")),
            "process" => Ok(V::Object("process")),
            "Math" | "JSON" | "Object" | "Array" | "String" | "Number" | "Date" | "require"
            | "globalThis" | "Promise" | "setTimeout" | "fetch" | "module" | "Buffer" => {
                Err(Throw::Unsupported)
            }
            _ => Err(Throw::Error(
                "ReferenceError",
                format!("{name} is not defined"),
            )),
        }
    }

    /// The source text of a callee, as V8 names it in "is not a function".
    fn callee(node: &Node) -> String {
        match &node.expr {
            Expr::Name(n) => n.clone(),
            Expr::Attr(on, name) => format!("{}.{name}", Self::callee(on)),
            _ => "expression".to_string(),
        }
    }

    fn eval(&mut self, node: &Node) -> Result<V, Throw> {
        match &node.expr {
            Expr::Int(i) => Ok(V::Num(*i as f64)),
            Expr::Float(f) => Ok(V::Num(*f)),
            Expr::Str(s) => Ok(V::Str(s.clone())),
            Expr::Format(parts) => {
                let mut s = String::new();
                for p in parts {
                    match p {
                        Part::Text(t) => s.push_str(t),
                        Part::Expr(n) => s.push_str(&self.eval(n)?.string()),
                    }
                }
                Ok(V::Str(s))
            }
            Expr::Name(n) => self.lookup(n),
            Expr::Unary(op, a) => {
                let v = self.eval(a)?;
                Ok(match op {
                    Op::Not => V::Bool(!v.truthy()),
                    Op::Neg => V::Num(-v.to_number()),
                    _ => V::Num(v.to_number()),
                })
            }
            Expr::Binary(op, a, b, _) => {
                let left = self.eval(a)?;
                match op {
                    Op::And if !left.truthy() => return Ok(left),
                    Op::Or if left.truthy() => return Ok(left),
                    Op::And | Op::Or => return self.eval(b),
                    _ => {}
                }
                let right = self.eval(b)?;
                Ok(binary(*op, &left, &right))
            }
            Expr::Attr(on, name) => {
                let v = self.eval(on)?;
                match (&v, name.as_str()) {
                    (V::Object("console"), "log" | "error" | "info" | "warn") => {
                        Ok(V::Func(name.clone(), Box::new(v.clone())))
                    }
                    (V::Object("process"), "version") => Ok(V::Str(format!("v{}", self.version))),
                    (V::Object("process"), "platform") => Ok(V::Str("linux".to_string())),
                    (V::Object("process"), "exit") => {
                        Ok(V::Func("exit".to_string(), Box::new(v.clone())))
                    }
                    (V::Str(s), "length") => Ok(V::Num(s.encode_utf16().count() as f64)),
                    (V::Str(_), "toUpperCase" | "toLowerCase" | "trim") => {
                        Ok(V::Func(name.clone(), Box::new(v.clone())))
                    }
                    (V::Undefined | V::Null, _) => Err(Throw::Error(
                        "TypeError",
                        format!(
                            "Cannot read properties of {} (reading '{name}')",
                            v.string()
                        ),
                    )),
                    (V::Object("console"), _) => Ok(V::Undefined),
                    _ => Err(Throw::Unsupported),
                }
            }
            Expr::Call(f, args) => {
                let func = self.eval(f)?;
                let mut values = Vec::new();
                for a in args {
                    values.push(self.eval(a)?);
                }
                match func {
                    V::Func(name, this) => self.call(&name, &this, &values),
                    V::Undefined if matches!(f.expr, Expr::Attr(..)) => Err(Throw::Error(
                        "TypeError",
                        format!("{} is not a function", Self::callee(f)),
                    )),
                    V::Num(_) | V::Str(_) | V::Bool(_) | V::Null | V::Undefined => {
                        Err(Throw::Error(
                            "TypeError",
                            format!("{} is not a function", Self::callee(f)),
                        ))
                    }
                    _ => Err(Throw::Unsupported),
                }
            }
        }
    }

    fn call(&mut self, name: &str, this: &V, args: &[V]) -> Result<V, Throw> {
        match (this, name) {
            (V::Object("console"), _) => {
                // `console.log("a", 1)`: strings bare, other values inspected.
                let text: Vec<String> = args
                    .iter()
                    .map(|a| match a {
                        V::Str(s) => s.clone(),
                        other => other.inspect(),
                    })
                    .collect();
                self.out
                    .push((matches!(name, "error" | "warn"), text.join(" ")));
                Ok(V::Undefined)
            }
            (V::Object(_), "exit") => Err(Throw::Exit(
                args.first().map_or(0, |a| a.to_number() as i32),
            )),
            (V::Str(s), "toUpperCase") => Ok(V::Str(s.to_uppercase())),
            (V::Str(s), "toLowerCase") => Ok(V::Str(s.to_lowercase())),
            (V::Str(s), "trim") => Ok(V::Str(s.trim().to_string())),
            _ => Err(Throw::Unsupported),
        }
    }
}

fn binary(op: Op, left: &V, right: &V) -> V {
    if op == Op::Add && (matches!(left, V::Str(_)) || matches!(right, V::Str(_))) {
        return V::Str(format!("{}{}", left.string(), right.string()));
    }
    if let (V::Str(a), V::Str(b)) = (left, right) {
        match op {
            Op::Lt => return V::Bool(a < b),
            Op::Le => return V::Bool(a <= b),
            Op::Gt => return V::Bool(a > b),
            Op::Ge => return V::Bool(a >= b),
            _ => {}
        }
    }
    let strict = |l: &V, r: &V| match (l, r) {
        (V::Num(a), V::Num(b)) => a == b,
        _ => l == r,
    };
    let loose = |l: &V, r: &V| match (l, r) {
        (V::Undefined | V::Null, V::Undefined | V::Null) => true,
        (V::Undefined | V::Null, _) | (_, V::Undefined | V::Null) => false,
        (V::Str(a), V::Str(b)) => a == b,
        _ => l.to_number() == r.to_number(),
    };
    let (x, y) = (left.to_number(), right.to_number());
    match op {
        Op::Add => V::Num(x + y),
        Op::Sub => V::Num(x - y),
        Op::Mul => V::Num(x * y),
        Op::Div => V::Num(x / y),
        Op::Mod => V::Num(x % y),
        Op::Pow => V::Num(x.powf(y)),
        Op::StrictEq => V::Bool(strict(left, right)),
        Op::StrictNe => V::Bool(!strict(left, right)),
        Op::Eq => V::Bool(loose(left, right)),
        Op::Ne => V::Bool(!loose(left, right)),
        Op::Lt => V::Bool(x < y),
        Op::Le => V::Bool(x <= y),
        Op::Gt => V::Bool(x > y),
        Op::Ge => V::Bool(x >= y),
        _ => V::Undefined,
    }
}

/// Runs a line's statements; `echo` prints the last value (the REPL), `print` prints it bare
/// (`node -p`).
fn run(version: &str, vars: &mut Vars, input: &str, echo: bool, print: bool) -> Output {
    let mut o = Output::default();
    let Ok(statements) = script::parse(input, Lang::JavaScript) else {
        o.err(NOT_SIMULATED);
        o.exit_code = 1;
        return o;
    };
    let mut last = V::Undefined;
    for statement in &statements {
        let mut bind: Option<(String, String)> = None;
        let mut eval = Eval {
            version,
            vars,
            out: Vec::new(),
        };
        let result = match statement {
            Statement::Expr(node) => eval.eval(node),
            Statement::Assign {
                name,
                value,
                declared,
            } => {
                let existing = vars
                    .get(&format!("js:{name}"))
                    .and_then(|t| t.split_once('\t'))
                    .map(|(kind, _)| kind.to_string());
                let keyword = input.split_whitespace().next().unwrap_or("");
                match (declared, existing.as_deref()) {
                    (true, Some(_)) => Err(Throw::Error(
                        "SyntaxError",
                        format!("Identifier '{name}' has already been declared"),
                    )),
                    (false, Some("const")) => Err(Throw::Error(
                        "TypeError",
                        "Assignment to constant variable.".to_string(),
                    )),
                    _ => eval.eval(value).and_then(|v| {
                        let encoded = v.encode().ok_or(Throw::Unsupported)?;
                        let kind = if *declared {
                            keyword.to_string()
                        } else {
                            existing.clone().unwrap_or_else(|| "global".to_string())
                        };
                        bind = Some((name.clone(), format!("{kind}\t{encoded}")));
                        Ok(if *declared { V::Undefined } else { v })
                    }),
                }
            }
            Statement::Import(_) => Err(Throw::Unsupported),
        };
        let lines = std::mem::take(&mut eval.out);
        if let Some((name, value)) = bind {
            let key = format!("js:{name}");
            if vars.len() < MAX_VARS || vars.contains_key(&key) {
                vars.insert(key, value);
            }
        }
        match eval_output((lines, result), &mut o) {
            Some(v) => last = v,
            None => return o,
        }
    }
    if print {
        o.out(match &last {
            V::Str(s) => s.clone(),
            other => other.inspect(),
        });
    } else if echo {
        o.out(last.inspect());
    }
    o
}

/// Writes a statement's output and error; the value, or `None` when the line stops here.
fn eval_output(result: (Vec<(bool, String)>, Result<V, Throw>), o: &mut Output) -> Option<V> {
    let (lines, result) = result;
    for (to_err, line) in lines {
        if to_err {
            o.err(line);
        } else {
            o.out(line);
        }
    }
    match result {
        Ok(v) => Some(v),
        Err(Throw::Error(kind, message)) => {
            o.err(format!("Uncaught {kind}: {message}"));
            None
        }
        Err(Throw::Exit(code)) => {
            o.exit_shell = true;
            o.exit_code = code;
            None
        }
        Err(Throw::Unsupported) => {
            o.err(NOT_SIMULATED);
            o.exit_code = 1;
            None
        }
    }
}

/// One line typed at `> `.
pub fn line(version: &str, vars: &mut Vars, input: &str) -> Output {
    let trimmed = input.trim();
    if trimmed.is_empty() {
        return Output::default();
    }
    if let Some(keyword) = trimmed.strip_prefix('.') {
        return dot_command(keyword);
    }
    run(version, vars, input, true, false)
}

/// `lib/repl.js` `defineDefaultCommands` (the `node` binary's REPL uses the global context,
/// so `.clear` is an alias), `.help`'s layout: names sorted, padded to the longest plus 3.
fn dot_command(keyword: &str) -> Output {
    const COMMANDS: &[(&str, &str)] = &[
        ("break", "Sometimes you get stuck, this gets you out"),
        ("clear", "Alias for .break"),
        ("editor", "Enter editor mode"),
        ("exit", "Exit the REPL"),
        ("help", "Print this help message"),
        ("load", "Load JS from a file into the REPL session"),
        (
            "save",
            "Save all evaluated commands in this REPL session to a file",
        ),
    ];
    let mut o = Output::default();
    let name = keyword.split_whitespace().next().unwrap_or("");
    match name {
        "exit" => o.exit_shell = true,
        "break" | "clear" => {}
        "help" => {
            let longest = COMMANDS.iter().map(|(n, _)| n.len()).max().unwrap_or(0);
            for (n, help) in COMMANDS {
                o.out(format!(".{n}{}{help}", " ".repeat(longest - n.len() + 3)));
            }
            o.out("");
            o.out("Press Ctrl+C to abort current expression, Ctrl+D to exit the REPL");
        }
        "editor" | "load" | "save" => {
            o.err(format!(
                "berth: the REPL's .{name} is not simulated; type one line at a time"
            ));
            o.exit_code = 1;
        }
        // `lib/repl.js`: a dot that names no command.
        _ => o.out("Invalid REPL keyword"),
    }
    o
}

/// `node ARGS…` run as a command: `--version`/`-v`, `-e CODE`, `-p CODE`. `None`: Berth has
/// no answer here (a script file).
pub fn command(version: &str, args: &[String]) -> Option<Output> {
    match args {
        [flag] if flag == "--version" || flag == "-v" => {
            let mut o = Output::default();
            o.out(format!("v{version}"));
            Some(o)
        }
        [flag, code, ..] if matches!(flag.as_str(), "-e" | "--eval" | "-p" | "--print") => {
            let mut vars = Vars::new();
            let print = matches!(flag.as_str(), "-p" | "--print");
            let mut o = run(version, &mut vars, code, false, print);
            o.exit_shell = false;
            // The REPL's `Uncaught …` is the REPL's: `-e` prints a stack trace instead.
            for l in &mut o.lines {
                if let Some(rest) = l.text.strip_prefix("Uncaught ") {
                    l.text =
                        format!("berth: node -e's stack trace is not simulated; the error: {rest}");
                    o.exit_code = 1;
                }
            }
            Some(o)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(inputs: &[&str]) -> Vec<String> {
        let mut vars = Vars::new();
        inputs
            .iter()
            .flat_map(|i| line("22.23.2", &mut vars, i).lines)
            .map(|l| l.text)
            .collect()
    }

    #[test]
    fn values_print_as_the_repl_prints_them() {
        assert_eq!(
            typed(&[
                "1 + 1", "console.log(\"hello\")", "let x = 5", "x * 2", "'a' + 1", "10 / 4",
                "1 / 0", "0.1 + 0.2", "2 ** 70", "`v${x}`", "x = 7", "'it\\'s'", "process.version",
            ]),
            [
                "2", "hello", "undefined", "undefined", "10", "'a1'", "2.5", "Infinity",
                "0.30000000000000004", "1.1805916207174113e+21", "'v5'", "7", "\"it's\"",
                "'v22.23.2'"
            ]
        );
    }

    #[test]
    fn errors_and_dot_commands() {
        assert_eq!(typed(&["y"]), ["Uncaught ReferenceError: y is not defined"]);
        assert_eq!(
            typed(&["const c = 1", "c = 2"]),
            [
                "undefined",
                "Uncaught TypeError: Assignment to constant variable."
            ]
        );
        assert_eq!(
            typed(&["console.lg('a')"]),
            ["Uncaught TypeError: console.lg is not a function"]
        );
        let help = typed(&[".help"]);
        assert_eq!(
            help.first().unwrap(),
            ".break    Sometimes you get stuck, this gets you out"
        );
        assert_eq!(help.get(2).unwrap(), ".editor   Enter editor mode");
        let mut vars = Vars::new();
        assert!(line("22.23.2", &mut vars, ".exit").exit_shell);
        let o = command("22.23.2", &["-e".to_string(), "console.log(1)".to_string()]).unwrap();
        assert_eq!(o.lines.first().unwrap().text, "1");
        assert_eq!(o.lines.len(), 1);
    }
}
