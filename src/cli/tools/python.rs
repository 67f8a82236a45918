//! The `python` of the python image, as a learner meets it in the first hour: the REPL of
//! `docker run -it python` (its banner, `>>> `, what simple lines print, Python's own error
//! texts and tracebacks), `python -c 'print(1+1)'` and `python --version`.
//!
//! What a line may hold: numbers, strings and f-strings, `+ - * / // % **`, comparisons,
//! `and`/`or`/`not`, names assigned with `=`, `print`, `len`, `str`, `int`, `float`, `abs`,
//! `type`, `str.upper()`/`.lower()`, `import sys` then `sys.version`/`sys.platform`,
//! `exit()`/`quit()`. Anything else answers with a `berth:` line. Variables live in the
//! REPL's state (the shell's variables, see [`Vars`]).
//!
//! Texts: CPython's `Python/getversion.c` (`Python %.80s (%.80s) %.80s on %s`: the version,
//! `main, <__DATE__>, <__TIME__>` from `Modules/getbuildinfo.c`, `[GCC x.y.z]` from
//! `Python/getcompiler.c`), `Lib/site.py`'s banner line, `Lib/traceback.py` (the traceback's
//! lines, the carets of 3.11+ and `_should_show_carets`, the "Did you mean" suggestions with
//! `_levenshtein_distance` and `_compute_suggestion_error`, "Did you forget to import"),
//! `Lib/_sitebuiltins.py` (`Use exit() or Ctrl-D (i.e. EOF) to exit`), `Objects/*.c` for the
//! exceptions' messages. From 3.13 the REPL is PyREPL: its inputs are files
//! `<python-input-N>` whose line the traceback shows; before, `<stdin>` shows none.
//!
//! Not simulated: colour (3.13's prompt and 3.14's tracebacks are coloured on a terminal),
//! blocks and continuation lines (`...`), lists, dicts, classes, integers past 128 bits,
//! `help()`'s browser, every module but `sys`.

use std::collections::BTreeMap;

use super::python_suggest::{suggestion, BUILTINS, STDLIB};
use super::script::{self, Expr, Lang, Node, Op, Part, Statement};
use crate::cli::Output;

/// What `sys.version` holds, and the interpreter's version, for one image.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Python {
    /// `3.12.14`.
    pub version: String,
    /// `main, Aug 19 2026, 04:13:22`: the branch and the compiler's `__DATE__ __TIME__`.
    pub build: String,
    /// `GCC 14.2.0`.
    pub compiler: String,
}

impl Python {
    /// `(major, minor)`.
    fn minor(&self) -> (u32, u32) {
        let mut it = self.version.split('.').map(|p| {
            p.chars()
                .take_while(char::is_ascii_digit)
                .collect::<String>()
                .parse()
                .unwrap_or(0)
        });
        (it.next().unwrap_or(3), it.next().unwrap_or(0))
    }

    /// PyREPL (3.13+): the traceback names `<python-input-N>` and shows the line.
    fn pyrepl(&self) -> bool {
        self.minor() >= (3, 13)
    }

    fn sys_version(&self) -> String {
        format!("{} ({}) [{}]", self.version, self.build, self.compiler)
    }

    /// The REPL's first lines (`Python/getversion.c`, `Lib/site.py`).
    pub fn banner(&self) -> Vec<String> {
        vec![
            format!("Python {} on linux", self.sys_version()),
            "Type \"help\", \"copyright\", \"credits\" or \"license\" for more information."
                .to_string(),
        ]
    }
}

/// The prompt (`sys.ps1`).
pub const PROMPT: &str = ">>> ";

/// The REPL's variables, kept between lines in the shell's state: `py:NAME` → an encoded
/// value, `py#` → how many inputs PyREPL has compiled.
pub type Vars = BTreeMap<String, String>;

/// Most variables a REPL keeps: a bound on its state.
const MAX_VARS: usize = 256;

#[derive(Debug, Clone, PartialEq)]
enum V {
    Int(i128),
    Float(f64),
    Str(String),
    Bool(bool),
    None,
    Module(String),
    Builtin(&'static str),
    Method(Box<V>, String),
    /// What `type(x)` returns: `<class 'int'>`.
    Class(&'static str),
}

impl V {
    fn type_name(&self) -> &'static str {
        match self {
            V::Int(_) => "int",
            V::Float(_) => "float",
            V::Str(_) => "str",
            V::Bool(_) => "bool",
            V::None => "NoneType",
            V::Module(_) => "module",
            V::Builtin(_) => "builtin_function_or_method",
            V::Method(..) => "builtin_function_or_method",
            V::Class(_) => "type",
        }
    }

    fn encode(&self) -> Option<String> {
        Some(match self {
            V::Int(i) => format!("i{i}"),
            V::Float(f) => format!("f{:x}", f.to_bits()),
            V::Str(s) => format!("s{s}"),
            V::Bool(b) => format!("b{}", u8::from(*b)),
            V::None => "n".to_string(),
            V::Module(m) => format!("m{m}"),
            _ => return None,
        })
    }

    fn decode(text: &str) -> Option<V> {
        let mut chars = text.chars();
        let tag = chars.next()?;
        let rest = chars.as_str();
        Some(match tag {
            'i' => V::Int(rest.parse().ok()?),
            'f' => V::Float(f64::from_bits(u64::from_str_radix(rest, 16).ok()?)),
            's' => V::Str(rest.to_string()),
            'b' => V::Bool(rest == "1"),
            'n' => V::None,
            'm' => V::Module(rest.to_string()),
            _ => return None,
        })
    }

    fn repr(&self) -> String {
        match self {
            V::Int(i) => i.to_string(),
            V::Float(f) => float_repr(*f),
            V::Str(s) => str_repr(s),
            V::Bool(true) => "True".to_string(),
            V::Bool(false) => "False".to_string(),
            V::None => "None".to_string(),
            V::Module(m) => format!("<module '{m}' (built-in)>"),
            V::Builtin(b) => format!("<built-in function {b}>"),
            V::Method(on, m) => format!(
                "<built-in method {m} of {} object at 0x7f3a1c2b4e30>",
                on.type_name()
            ),
            V::Class(name) => format!("<class '{name}'>"),
        }
    }

    fn str(&self) -> String {
        match self {
            V::Str(s) => s.clone(),
            other => other.repr(),
        }
    }

    fn truthy(&self) -> bool {
        match self {
            V::Int(i) => *i != 0,
            V::Float(f) => *f != 0.0,
            V::Str(s) => !s.is_empty(),
            V::Bool(b) => *b,
            V::None => false,
            _ => true,
        }
    }
}

/// `float.__repr__`: the shortest string that reads back, in fixed notation for exponents
/// from -4 to 15, else `1e+16` (at least two exponent digits).
fn float_repr(f: f64) -> String {
    if f.is_nan() {
        return "nan".to_string();
    }
    if f.is_infinite() {
        return if f > 0.0 { "inf" } else { "-inf" }.to_string();
    }
    let sci = format!("{f:e}");
    let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    if f == 0.0 || (-4..16).contains(&exp) {
        let fixed = format!("{f}");
        if fixed.contains('.') {
            fixed
        } else {
            format!("{fixed}.0")
        }
    } else {
        let sign = if exp < 0 { '-' } else { '+' };
        format!("{mantissa}e{sign}{:02}", exp.abs())
    }
}

/// `str.__repr__`: single quotes unless the text holds one and no double quote.
fn str_repr(s: &str) -> String {
    let quote = if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::from(quote);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out.push(quote);
    out
}

/// Where an exception points in the line, and the anchors its carets use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum At {
    /// A name or a whole statement: `^` under it (when anything else is on the line).
    Plain((usize, usize)),
    /// A binary operation: `~` under it, `^` under the operator.
    BinOp((usize, usize), (usize, usize)),
    /// A call: `~` under the function, `^` under the parentheses.
    Call((usize, usize), usize),
}

#[derive(Debug, Clone, PartialEq)]
enum Raise {
    /// `(exception type, message, where)`.
    Error(&'static str, String, At),
    /// `exit()`, `quit()`.
    Exit,
    /// Berth's own line: what is not simulated.
    Unsupported(String),
}

fn type_error(text: String, at: At) -> Raise {
    Raise::Error("TypeError", text, at)
}

const NOT_SIMULATED: &str = "berth: only simple Python lines are simulated here: numbers, strings, + - * / // % **, variables (x = 1), print(…), len/str/int/float/abs/type, import sys, sys.version, exit()";

struct Eval<'a> {
    py: &'a Python,
    vars: &'a Vars,
    /// What `print` wrote.
    printed: Vec<String>,
}

impl Eval<'_> {
    fn lookup(&self, name: &str, span: (usize, usize)) -> Result<V, Raise> {
        if let Some(v) = self
            .vars
            .get(&format!("py:{name}"))
            .and_then(|t| V::decode(t))
        {
            return Ok(v);
        }
        Ok(match name {
            "True" => V::Bool(true),
            "False" => V::Bool(false),
            "None" => V::None,
            "print" => V::Builtin("print"),
            "len" => V::Builtin("len"),
            "str" | "int" | "float" | "type" => {
                return Err(Raise::Unsupported(format!(
                    "berth: the class `{name}` itself is not simulated; call it: {name}(…)"
                )))
            }
            "abs" => V::Builtin("abs"),
            "exit" | "quit" => V::Builtin(if name == "exit" { "exit" } else { "quit" }),
            "help" | "copyright" | "credits" | "license" => {
                return Err(Raise::Unsupported(format!(
                    "berth: Python's `{name}` is not simulated. {NOT_SIMULATED}"
                )))
            }
            _ if BUILTINS.contains(&name) => {
                return Err(Raise::Unsupported(NOT_SIMULATED.to_string()))
            }
            _ => {
                let mut message = format!("name '{name}' is not defined");
                let suggested = suggestion(name, self.vars);
                if let Some(s) = &suggested {
                    message.push_str(&format!(". Did you mean: '{s}'?"));
                }
                if STDLIB.contains(&name) {
                    message.push_str(&if suggested.is_some() {
                        format!(" Or did you forget to import '{name}'?")
                    } else {
                        format!(". Did you forget to import '{name}'?")
                    });
                }
                return Err(Raise::Error("NameError", message, At::Plain(span)));
            }
        })
    }

    fn eval(&mut self, node: &Node) -> Result<V, Raise> {
        match &node.expr {
            Expr::Int(i) => Ok(V::Int(*i)),
            Expr::Float(f) => Ok(V::Float(*f)),
            Expr::Str(s) => Ok(V::Str(s.clone())),
            Expr::Format(parts) => {
                let mut out = String::new();
                for part in parts {
                    match part {
                        Part::Text(t) => out.push_str(t),
                        Part::Expr(n) => out.push_str(&self.eval(n)?.str()),
                    }
                }
                Ok(V::Str(out))
            }
            Expr::Name(n) => self.lookup(n, node.span),
            Expr::Unary(op, a) => {
                let v = self.eval(a)?;
                let bad = |sym: &str, v: &V| {
                    type_error(
                        format!("bad operand type for unary {sym}: '{}'", v.type_name()),
                        At::Plain(node.span),
                    )
                };
                match (op, v) {
                    (Op::Not, v) => Ok(V::Bool(!v.truthy())),
                    (Op::Neg, V::Int(i)) => Ok(V::Int(-i)),
                    (Op::Neg, V::Bool(b)) => Ok(V::Int(-i128::from(b))),
                    (Op::Neg, V::Float(f)) => Ok(V::Float(-f)),
                    (Op::Pos, v @ (V::Int(_) | V::Float(_))) => Ok(v),
                    (Op::Pos, V::Bool(b)) => Ok(V::Int(i128::from(b))),
                    (Op::Neg, v) => Err(bad("-", &v)),
                    (_, v) => Err(bad("+", &v)),
                }
            }
            Expr::Binary(op, a, b, op_span) => {
                let left = self.eval(a)?;
                if *op == Op::And && !left.truthy() || *op == Op::Or && left.truthy() {
                    return Ok(left);
                }
                let right = self.eval(b)?;
                let unified = self.py.minor() >= (3, 14);
                binary(*op, left, right, At::BinOp(node.span, *op_span), unified)
            }
            Expr::Attr(on, name) => {
                let v = self.eval(on)?;
                match (&v, name.as_str()) {
                    (V::Module(m), "version") if m == "sys" => Ok(V::Str(self.py.sys_version())),
                    (V::Module(m), "platform") if m == "sys" => Ok(V::Str("linux".to_string())),
                    (V::Str(_), "upper" | "lower" | "strip" | "title") => {
                        Ok(V::Method(Box::new(v), name.clone()))
                    }
                    _ => Err(Raise::Unsupported(NOT_SIMULATED.to_string())),
                }
            }
            Expr::Call(f, args) => {
                if let Expr::Name(name) = &f.expr {
                    if let Some(r) = self.class_call(name, args, At::Call(f.span, node.span.1)) {
                        return r;
                    }
                }
                let func = self.eval(f)?;
                let mut values = Vec::new();
                for a in args {
                    values.push(self.eval(a)?);
                }
                self.call(func, values, At::Call(f.span, node.span.1))
            }
        }
    }

    fn call(&mut self, func: V, args: Vec<V>, at: At) -> Result<V, Raise> {
        let one = |args: &[V]| -> Result<V, Raise> {
            match args {
                [v] => Ok(v.clone()),
                _ => Err(Raise::Unsupported(NOT_SIMULATED.to_string())),
            }
        };
        match func {
            V::Builtin("print") => {
                let text: Vec<String> = args.iter().map(V::str).collect();
                self.printed.push(text.join(" "));
                Ok(V::None)
            }
            V::Builtin("exit" | "quit") => Err(Raise::Exit),
            V::Builtin("len") => match one(&args)? {
                V::Str(s) => Ok(V::Int(s.chars().count() as i128)),
                v => Err(type_error(
                    format!("object of type '{}' has no len()", v.type_name()),
                    at,
                )),
            },
            V::Builtin("abs") => match one(&args)? {
                V::Int(i) => Ok(V::Int(i.abs())),
                V::Bool(b) => Ok(V::Int(i128::from(b))),
                V::Float(f) => Ok(V::Float(f.abs())),
                v => Err(type_error(
                    format!("bad operand type for abs(): '{}'", v.type_name()),
                    at,
                )),
            },
            V::Method(on, name) => match (*on, name.as_str(), args.is_empty()) {
                (V::Str(s), "upper", true) => Ok(V::Str(s.to_uppercase())),
                (V::Str(s), "lower", true) => Ok(V::Str(s.to_lowercase())),
                (V::Str(s), "strip", true) => Ok(V::Str(s.trim().to_string())),
                _ => Err(Raise::Unsupported(NOT_SIMULATED.to_string())),
            },
            _ => Err(Raise::Unsupported(NOT_SIMULATED.to_string())),
        }
    }

    /// `str(x)`, `int(x)`, `float(x)`, `type(x)`: classes, called by name.
    fn class_call(&mut self, name: &str, args: &[Node], at: At) -> Option<Result<V, Raise>> {
        if !matches!(name, "str" | "int" | "float" | "type")
            || self.vars.contains_key(&format!("py:{name}"))
        {
            return None;
        }
        let mut values = Vec::new();
        for a in args {
            match self.eval(a) {
                Ok(v) => values.push(v),
                Err(e) => return Some(Err(e)),
            }
        }
        let [v] = values.as_slice() else {
            return Some(Err(Raise::Unsupported(NOT_SIMULATED.to_string())));
        };
        Some(match (name, v) {
            ("str", v) => Ok(V::Str(v.str())),
            ("type", v) => Ok(V::Class(v.type_name())),
            ("int", V::Int(i)) => Ok(V::Int(*i)),
            ("int", V::Bool(b)) => Ok(V::Int(i128::from(*b))),
            ("int", V::Float(f)) if f.is_finite() => Ok(V::Int(f.trunc() as i128)),
            ("int", V::Str(s)) => match s.trim().replace('_', "").parse::<i128>() {
                Ok(i) => Ok(V::Int(i)),
                Err(_) => Err(Raise::Error(
                    "ValueError",
                    format!("invalid literal for int() with base 10: {}", str_repr(s)),
                    at,
                )),
            },
            ("float", V::Int(i)) => Ok(V::Float(*i as f64)),
            ("float", V::Bool(b)) => Ok(V::Float(f64::from(u8::from(*b)))),
            ("float", V::Float(f)) => Ok(V::Float(*f)),
            ("float", V::Str(s)) => match s.trim().parse::<f64>() {
                Ok(f) => Ok(V::Float(f)),
                Err(_) => Err(Raise::Error(
                    "ValueError",
                    format!("could not convert string to float: {}", str_repr(s)),
                    at,
                )),
            },
            _ => Err(Raise::Unsupported(NOT_SIMULATED.to_string())),
        })
    }
}

fn number(v: &V) -> Option<Result<i128, f64>> {
    match v {
        V::Int(i) => Some(Ok(*i)),
        V::Bool(b) => Some(Ok(i128::from(*b))),
        V::Float(f) => Some(Err(*f)),
        _ => None,
    }
}

fn symbol(op: Op) -> &'static str {
    match op {
        Op::Add => "+",
        Op::Sub => "-",
        Op::Mul => "*",
        Op::Div => "/",
        Op::FloorDiv => "//",
        Op::Mod => "%",
        Op::Pow => "** or pow()",
        Op::Lt => "<",
        Op::Le => "<=",
        Op::Gt => ">",
        Op::Ge => ">=",
        _ => "==",
    }
}

/// `unified`: 3.14's one ZeroDivisionError message, "division by zero", for every operator
/// and operand type (gh-119057); before, each said its own (`Objects/longobject.c`,
/// `Objects/floatobject.c`).
fn binary(op: Op, left: V, right: V, at: At, unified: bool) -> Result<V, Raise> {
    let unsupported = |l: &V, r: &V| {
        type_error(
            format!(
                "unsupported operand type(s) for {}: '{}' and '{}'",
                symbol(op),
                l.type_name(),
                r.type_name()
            ),
            at,
        )
    };
    let overflow =
        || Raise::Unsupported("berth: integers this large are not simulated".to_string());
    let zero = |text: &str| {
        let text = if unified { "division by zero" } else { text };
        Raise::Error("ZeroDivisionError", text.to_string(), at)
    };
    match op {
        Op::And | Op::Or => return Ok(right),
        Op::Eq | Op::StrictEq => return Ok(V::Bool(equal(&left, &right))),
        Op::Ne | Op::StrictNe => return Ok(V::Bool(!equal(&left, &right))),
        _ => {}
    }
    if let (V::Str(a), V::Str(b)) = (&left, &right) {
        return match op {
            Op::Add => Ok(V::Str(format!("{a}{b}"))),
            Op::Lt => Ok(V::Bool(a < b)),
            Op::Le => Ok(V::Bool(a <= b)),
            Op::Gt => Ok(V::Bool(a > b)),
            Op::Ge => Ok(V::Bool(a >= b)),
            Op::Mul => Err(type_error(
                "can't multiply sequence by non-int of type 'str'".to_string(),
                at,
            )),
            _ => Err(unsupported(&left, &right)),
        };
    }
    match (op, &left, &right) {
        (Op::Add, V::Str(_), r) => {
            return Err(type_error(
                format!(
                    "can only concatenate str (not \"{}\") to str",
                    r.type_name()
                ),
                at,
            ))
        }
        (Op::Mul, V::Str(s), V::Int(n)) | (Op::Mul, V::Int(n), V::Str(s)) => {
            let n = usize::try_from(*n).unwrap_or(0);
            if s.len().saturating_mul(n) > 65_536 {
                return Err(overflow());
            }
            return Ok(V::Str(s.repeat(n)));
        }
        (Op::Mul, V::Str(_), r) | (Op::Mul, r, V::Str(_)) => {
            return Err(type_error(
                format!(
                    "can't multiply sequence by non-int of type '{}'",
                    r.type_name()
                ),
                at,
            ))
        }
        _ => {}
    }
    let (Some(a), Some(b)) = (number(&left), number(&right)) else {
        if matches!(op, Op::Lt | Op::Le | Op::Gt | Op::Ge) {
            return Err(type_error(
                format!(
                    "'{}' not supported between instances of '{}' and '{}'",
                    symbol(op),
                    left.type_name(),
                    right.type_name()
                ),
                at,
            ));
        }
        return Err(unsupported(&left, &right));
    };
    match (a, b) {
        (Ok(x), Ok(y)) => match op {
            Op::Add => x.checked_add(y).map(V::Int).ok_or_else(overflow),
            Op::Sub => x.checked_sub(y).map(V::Int).ok_or_else(overflow),
            Op::Mul => x.checked_mul(y).map(V::Int).ok_or_else(overflow),
            Op::Div if y == 0 => Err(zero("division by zero")),
            Op::Div => Ok(V::Float(x as f64 / y as f64)),
            Op::FloorDiv if y == 0 => Err(zero("integer division or modulo by zero")),
            Op::FloorDiv => Ok(V::Int(
                x.div_euclid(y) - i128::from(y < 0 && x.rem_euclid(y) != 0),
            )),
            Op::Mod if y == 0 => Err(zero("integer modulo by zero")),
            Op::Mod => {
                let r = x.rem_euclid(y);
                Ok(V::Int(if y < 0 && r != 0 { r + y } else { r }))
            }
            Op::Pow if y < 0 => Ok(V::Float((x as f64).powf(y as f64))),
            Op::Pow => u32::try_from(y)
                .ok()
                .and_then(|e| x.checked_pow(e))
                .map(V::Int)
                .ok_or_else(overflow),
            _ => Ok(V::Bool(compare(op, x as f64, y as f64))),
        },
        (a, b) => {
            let float = |n: Result<i128, f64>| match n {
                Ok(i) => i as f64,
                Err(f) => f,
            };
            let (x, y) = (float(a), float(b));
            match op {
                Op::Add => Ok(V::Float(x + y)),
                Op::Sub => Ok(V::Float(x - y)),
                Op::Mul => Ok(V::Float(x * y)),
                Op::Div if y == 0.0 => Err(zero("float division by zero")),
                Op::Div => Ok(V::Float(x / y)),
                Op::FloorDiv if y == 0.0 => Err(zero("float floor division by zero")),
                Op::FloorDiv => Ok(V::Float((x / y).floor())),
                Op::Mod if y == 0.0 => Err(zero("float modulo")),
                Op::Mod => Ok(V::Float(x - y * (x / y).floor())),
                Op::Pow => Ok(V::Float(x.powf(y))),
                _ => Ok(V::Bool(compare(op, x, y))),
            }
        }
    }
}

fn compare(op: Op, x: f64, y: f64) -> bool {
    match op {
        Op::Lt => x < y,
        Op::Le => x <= y,
        Op::Gt => x > y,
        _ => x >= y,
    }
}

fn equal(a: &V, b: &V) -> bool {
    match (number(a), number(b)) {
        (Some(Ok(i)), Some(Ok(j))) => i == j,
        (Some(x), Some(y)) => {
            let float = |n: Result<i128, f64>| match n {
                Ok(i) => i as f64,
                Err(f) => f,
            };
            float(x) == float(y)
        }
        _ => a == b,
    }
}

/// The caret line under the source line, or `None` when 3.13 shows none
/// (`_should_show_carets`): no anchors and nothing else on the line, or `name = call(…)`.
fn carets(line: &str, at: At, statement: Option<&Statement>) -> Option<String> {
    let chars: Vec<char> = line.chars().collect();
    let lead = chars.iter().take_while(|c| c.is_whitespace()).count();
    // The span underlined, and the part of it under `^` (the rest is under `~`).
    let (span, primary) = match at {
        At::Plain(span) => {
            let before: String = chars.get(..span.0).unwrap_or_default().iter().collect();
            let after: String = chars.get(span.1..).unwrap_or_default().iter().collect();
            if before.trim().is_empty() && after.trim().is_empty() {
                return None;
            }
            (span, span)
        }
        // A binary operation: `^` under its operator.
        At::BinOp(span, op) => (span, op),
        // A call: `~` under the function, `^` under its parentheses.
        At::Call(func, end) => {
            if let Some(Statement::Assign { value, .. }) = statement {
                if value.span == (func.0, end) {
                    return None;
                }
            }
            ((func.0, end), (func.1, end))
        }
    };
    let marks = |i: usize| {
        if i >= primary.0 && i < primary.1 {
            '^'
        } else {
            '~'
        }
    };
    let pad = " ".repeat(4 + span.0.saturating_sub(lead));
    let marks: String = (span.0..span.1).map(marks).collect();
    Some(format!("{pad}{marks}"))
}

/// One line typed at `>>> `. The REPL's state is in `vars`.
pub fn line(py: &Python, vars: &mut Vars, input: &str) -> Output {
    let mut o = Output::default();
    if input.trim().is_empty() {
        return o;
    }
    // PyREPL numbers each input it compiles.
    let n: u64 = vars.get("py#").and_then(|n| n.parse().ok()).unwrap_or(0);
    vars.insert("py#".to_string(), (n + 1).to_string());
    let trimmed = input.trim();
    // PyREPL's own commands (3.13+): `exit` and `quit` alone leave.
    if py.pyrepl() && matches!(trimmed, "exit" | "quit") {
        o.exit_shell = true;
        return o;
    }
    if !py.pyrepl() && matches!(trimmed, "exit" | "quit") {
        // `Lib/_sitebuiltins.py` `Quitter.__repr__`.
        o.out(format!("Use {trimmed}() or Ctrl-D (i.e. EOF) to exit"));
        return o;
    }
    if !py.pyrepl() && trimmed == "help" {
        // `Lib/_sitebuiltins.py` `_Helper.__repr__`.
        o.out("Type help() for interactive help, or help(object) for help about object.");
        return o;
    }
    let file = if py.pyrepl() {
        format!("<python-input-{n}>")
    } else {
        "<stdin>".to_string()
    };
    run(py, vars, input, (&file, 1), true, &mut o);
    o
}

/// Runs a line's statements, printing what the REPL (`echo`) or the program prints.
/// `(file, line)`: where the line is, as the traceback names it.
fn run(
    py: &Python,
    vars: &mut Vars,
    input: &str,
    (file, lineno): (&str, usize),
    echo: bool,
    o: &mut Output,
) {
    let Ok(statements) = script::parse(input, Lang::Python) else {
        o.err(NOT_SIMULATED);
        o.exit_code = 1;
        return;
    };
    for statement in &statements {
        let mut eval = Eval {
            py,
            vars,
            printed: Vec::new(),
        };
        let mut assigned = None;
        let result = match statement {
            Statement::Expr(node) => eval.eval(node).map(Some),
            Statement::Assign { name, value, .. } => eval.eval(value).map(|v| {
                assigned = Some((name.clone(), v));
                None
            }),
            Statement::Import(names) => {
                match names.iter().find(|n| !STDLIB.contains(&n.as_str())) {
                    Some(name) => Err(Raise::Error(
                        "ModuleNotFoundError",
                        format!("No module named '{name}'"),
                        At::Plain((0, input.chars().count())),
                    )),
                    None => Ok(None),
                }
            }
        };
        let printed = std::mem::take(&mut eval.printed);
        for p in printed {
            o.out(p);
        }
        match result {
            Ok(None) => {
                let mut bind = |name: &str, value: String| {
                    if vars.len() < MAX_VARS || vars.contains_key(&format!("py:{name}")) {
                        vars.insert(format!("py:{name}"), value);
                    }
                };
                if let Statement::Import(names) = statement {
                    for name in names {
                        bind(name, format!("m{name}"));
                    }
                }
                if let Some((name, value)) = assigned {
                    match value.encode() {
                        Some(encoded) => bind(&name, encoded),
                        None => {
                            o.err(NOT_SIMULATED);
                            o.exit_code = 1;
                            return;
                        }
                    }
                }
            }
            Ok(Some(V::None)) => {}
            Ok(Some(v)) => {
                if echo {
                    o.out(v.repr());
                }
            }
            Err(Raise::Exit) => {
                o.exit_shell = true;
                return;
            }
            Err(Raise::Unsupported(text)) => {
                o.err(text);
                o.exit_code = 1;
                return;
            }
            Err(Raise::Error(kind, message, at)) => {
                o.err("Traceback (most recent call last):");
                o.err(format!("  File \"{file}\", line {lineno}, in <module>"));
                if py.pyrepl() || file == "<string>" && py.minor() >= (3, 13) {
                    o.err(format!("    {}", input.trim()));
                    if let Some(c) = carets(input, at, Some(statement)) {
                        o.err(c);
                    }
                }
                o.err(format!("{kind}: {message}"));
                o.exit_code = 1;
                return;
            }
        }
    }
}

/// `python ARGS…` run as a command (not the REPL): `--version`/`-V`, `-c CODE`. `None`: Berth
/// has no answer here (a script file, `-m`), so the caller says what it says of any program.
pub fn command(py: &Python, args: &[String]) -> Option<Output> {
    let mut o = Output::default();
    match args {
        [flag] if flag == "--version" || flag == "-V" => {
            o.out(format!("Python {}", py.version));
            Some(o)
        }
        [flag, code, ..] if flag == "-c" => {
            let mut vars = Vars::new();
            for (at, code_line) in code.lines().enumerate().take(256) {
                run(
                    py,
                    &mut vars,
                    code_line,
                    ("<string>", at + 1),
                    false,
                    &mut o,
                );
                if o.exit_code != 0 || o.exit_shell {
                    break;
                }
            }
            o.exit_shell = false;
            Some(o)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn py(version: &str) -> Python {
        Python {
            version: version.to_string(),
            build: "main, Aug 19 2026, 04:13:22".to_string(),
            compiler: "GCC 14.2.0".to_string(),
        }
    }

    fn lines(o: &Output) -> Vec<String> {
        o.lines.iter().map(|l| l.text.clone()).collect()
    }

    fn typed(version: &str, inputs: &[&str]) -> Vec<String> {
        let p = py(version);
        let mut vars = Vars::new();
        inputs
            .iter()
            .flat_map(|i| lines(&line(&p, &mut vars, i)))
            .collect()
    }

    #[test]
    fn values_print_as_python_prints_them() {
        assert_eq!(
            typed(
                "3.12.14",
                &[
                    "print(\"hello\")", "1 + 2 * 3", "7 / 2", "7 // 2", "-7 % 3", "2 ** 10",
                    "0.1 + 0.2", "1e20", "\"it's\"", "name = \"Ada\"", "f\"hi {name}\"",
                    "len(name)", "'a' * 3", "10 / 4 * 2"
                ]
            ),
            [
                "hello", "7", "3.5", "3", "2", "1024", "0.30000000000000004", "1e+20", "\"it's\"",
                "'hi Ada'", "3", "'aaa'", "5.0"
            ]
        );
    }

    #[test]
    fn errors_print_tracebacks_by_version() {
        assert_eq!(
            typed("3.12.14", &["x"]),
            [
                "Traceback (most recent call last):",
                "  File \"<stdin>\", line 1, in <module>",
                "NameError: name 'x' is not defined"
            ]
        );
        assert_eq!(
            typed("3.13.15", &["1 + 1", "print(x)"]),
            [
                "2",
                "Traceback (most recent call last):",
                "  File \"<python-input-1>\", line 1, in <module>",
                "    print(x)",
                "          ^",
                "NameError: name 'x' is not defined"
            ]
        );
        assert_eq!(
            typed("3.14.7", &["1 / 0"])[3..],
            ["    ~~^~~", "ZeroDivisionError: division by zero"]
        );
        assert_eq!(
            typed("3.14.7", &["pritn('a')"]).last().unwrap(),
            "NameError: name 'pritn' is not defined. Did you mean: 'print'?"
        );
        assert_eq!(
            typed("3.14.7", &["sys.version"]).last().unwrap(),
            "NameError: name 'sys' is not defined. Did you forget to import 'sys'?"
        );
        assert_eq!(
            typed("3.12.14", &["'a' + 1"]).last().unwrap(),
            "TypeError: can only concatenate str (not \"int\") to str"
        );
    }

    #[test]
    fn zero_division_words_by_version() {
        let last = |v: &str, line: &str| typed(v, &[line]).last().cloned().unwrap();
        assert_eq!(
            last("3.12.14", "1 // 0"),
            "ZeroDivisionError: integer division or modulo by zero"
        );
        assert_eq!(
            last("3.13.15", "1.5 / 0"),
            "ZeroDivisionError: float division by zero"
        );
        assert_eq!(
            last("3.14.7", "1.5 % 0"),
            "ZeroDivisionError: division by zero"
        );
        assert_eq!(
            last("3.14.7", "7 // 0"),
            "ZeroDivisionError: division by zero"
        );
    }

    #[test]
    fn sys_version_exit_and_commands() {
        assert_eq!(
            typed("3.12.14", &["import sys", "sys.version"]),
            ["'3.12.14 (main, Aug 19 2026, 04:13:22) [GCC 14.2.0]'"]
        );
        let p = py("3.13.15");
        let mut vars = Vars::new();
        assert!(line(&p, &mut vars, "exit()").exit_shell);
        assert!(line(&p, &mut vars, "exit").exit_shell);
        assert_eq!(
            typed("3.12.14", &["exit"]),
            ["Use exit() or Ctrl-D (i.e. EOF) to exit"]
        );
        let o = command(&p, &["-c".to_string(), "print(1+1)".to_string()]).unwrap();
        assert_eq!(lines(&o), ["2"]);
        let o = command(&p, &["--version".to_string()]).unwrap();
        assert_eq!(lines(&o), ["Python 3.13.15"]);
    }
}
