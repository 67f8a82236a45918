//! Arithmetic expansion's evaluator (POSIX XCU 2.6.4): signed 64-bit integers, C's
//! operators without the comma: `?:`, `||`, `&&`, `|`, `^`, `&`, `==`, `!=`, `<`, `<=`, `>`,
//! `>=`, `<<`, `>>`, `+`, `-`, `*`, `/`, `%`, unary `-`, `+`, `!`, `~`, parentheses,
//! variables by name (unset or empty is 0), `=`, `+=`, `-=`, `*=`, `/=`, `%=`, and `++`/`--`
//! before or after a name. Numbers: decimal, `0x` hexadecimal, leading-`0` octal.
//!
//! Rules: overflow wraps (as bash's and dash's `intmax_t` arithmetic does in practice);
//! division by zero is an [`ArithError`] that the caller words as the shell does.
//! Why hand-written: an expression crate (`evalexpr`, `meval`) uses its own syntax and
//! floats; the shell's grammar is small and its error texts are the point.
//!
//! Not simulated: `**`, the comma operator, `base#digits`.

/// What went wrong, for the shell's message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ArithError {
    /// `/` or `%` by zero; the text from the divisor on (bash's "error token").
    DivisionByZero(String),
    /// A token where an operand or operator should be; the text from there on.
    Syntax(String),
}

/// Reads and writes the shell's variables.
pub trait Vars {
    fn get(&self, name: &str) -> String;
    fn set(&mut self, name: &str, value: i64);
}

/// Evaluates `text` (already expanded).
pub fn eval(text: &str, vars: &mut dyn Vars) -> Result<i64, ArithError> {
    let mut p = Eval {
        chars: text.chars().collect(),
        at: 0,
        vars,
        depth: 0,
        skip: 0,
    };
    p.blanks();
    if p.at >= p.chars.len() {
        return Ok(0);
    }
    let value = p.ternary()?;
    p.blanks();
    if p.at < p.chars.len() {
        return Err(ArithError::Syntax(p.rest()));
    }
    Ok(value)
}

/// A variable's value as a number: bash evaluates it as an expression; here a number.
fn number(text: &str) -> Option<i64> {
    let t = text.trim();
    if t.is_empty() {
        return Some(0);
    }
    let (negative, digits) = match t.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, t.strip_prefix('+').unwrap_or(t)),
    };
    let value = if let Some(hex) = digits
        .strip_prefix("0x")
        .or_else(|| digits.strip_prefix("0X"))
    {
        i64::from_str_radix(hex, 16).ok()?
    } else if digits.len() > 1 && digits.starts_with('0') {
        i64::from_str_radix(digits.get(1..)?, 8).ok()?
    } else {
        digits.parse::<i64>().ok()?
    };
    Some(if negative {
        value.wrapping_neg()
    } else {
        value
    })
}

/// Nesting of parentheses and unary operators an expression may hold.
const MAX_NESTING: u32 = 64;

struct Eval<'v> {
    chars: Vec<char>,
    at: usize,
    vars: &'v mut dyn Vars,
    depth: u32,
    /// Inside the branch `&&`, `||` or `?:` does not take: assignments do not happen.
    skip: u32,
}

impl Eval<'_> {
    fn blanks(&mut self) {
        while self.chars.get(self.at).is_some_and(|c| c.is_whitespace()) {
            self.at += 1;
        }
    }

    fn rest(&self) -> String {
        self.chars.get(self.at..).unwrap_or(&[]).iter().collect()
    }

    fn eat(&mut self, op: &str) -> bool {
        self.blanks();
        let matches = op
            .chars()
            .enumerate()
            .all(|(i, c)| self.chars.get(self.at + i) == Some(&c));
        if matches {
            self.at += op.chars().count();
        }
        matches
    }

    /// `op` but not when it begins a longer operator (`<` is not `<<` or `<=`).
    fn eat_alone(&mut self, op: &str, not_followed_by: &[char]) -> bool {
        self.blanks();
        let len = op.chars().count();
        let next = self.chars.get(self.at + len);
        if next.is_some_and(|c| not_followed_by.contains(c)) {
            return false;
        }
        self.eat(op)
    }

    fn ternary(&mut self) -> Result<i64, ArithError> {
        self.depth += 1;
        if self.depth > MAX_NESTING {
            return Err(ArithError::Syntax(self.rest()));
        }
        let condition = self.or()?;
        let value = if self.eat("?") {
            if condition == 0 {
                self.skip += 1;
            }
            let yes = self.ternary()?;
            if condition == 0 {
                self.skip -= 1;
            }
            if !self.eat(":") {
                return Err(ArithError::Syntax(self.rest()));
            }
            if condition != 0 {
                self.skip += 1;
            }
            let no = self.ternary()?;
            if condition != 0 {
                self.skip -= 1;
            }
            if condition != 0 {
                yes
            } else {
                no
            }
        } else {
            condition
        };
        self.depth -= 1;
        Ok(value)
    }

    fn or(&mut self) -> Result<i64, ArithError> {
        let mut left = self.and()?;
        while self.eat("||") {
            let taken = left != 0;
            self.skip += u32::from(taken);
            let right = self.and()?;
            self.skip -= u32::from(taken);
            left = i64::from(taken || right != 0);
        }
        Ok(left)
    }

    fn and(&mut self) -> Result<i64, ArithError> {
        let mut left = self.binary(0)?;
        while self.eat("&&") {
            let short = left == 0;
            self.skip += u32::from(short);
            let right = self.binary(0)?;
            self.skip -= u32::from(short);
            left = i64::from(!short && right != 0);
        }
        Ok(left)
    }

    /// The binary operators by precedence level, lowest first.
    fn binary(&mut self, level: usize) -> Result<i64, ArithError> {
        const LEVELS: &[&[&str]] = &[
            &["|"],
            &["^"],
            &["&"],
            &["==", "!="],
            &["<=", ">=", "<", ">"],
            &["<<", ">>"],
            &["+", "-"],
            &["*", "/", "%"],
        ];
        let Some(ops) = LEVELS.get(level) else {
            return self.unary();
        };
        let mut left = self.binary(level + 1)?;
        'outer: loop {
            for op in ops.iter() {
                let taken = match *op {
                    "|" => self.eat_alone("|", &['|', '=']),
                    "&" => self.eat_alone("&", &['&', '=']),
                    "<" => self.eat_alone("<", &['<', '=']),
                    ">" => self.eat_alone(">", &['>', '=']),
                    "+" => self.eat_alone("+", &['+', '=']),
                    "-" => self.eat_alone("-", &['-', '=']),
                    "*" | "/" | "%" | "^" | "<<" | ">>" => self.eat_alone(op, &['=']),
                    other => self.eat(other),
                };
                if !taken {
                    continue;
                }
                self.blanks();
                let divisor_at = self.rest();
                let right = self.binary(level + 1)?;
                left = match *op {
                    "|" => left | right,
                    "^" => left ^ right,
                    "&" => left & right,
                    "==" => i64::from(left == right),
                    "!=" => i64::from(left != right),
                    "<=" => i64::from(left <= right),
                    ">=" => i64::from(left >= right),
                    "<" => i64::from(left < right),
                    ">" => i64::from(left > right),
                    "<<" => left.wrapping_shl(u32::try_from(right & 63).unwrap_or(0)),
                    ">>" => left.wrapping_shr(u32::try_from(right & 63).unwrap_or(0)),
                    "+" => left.wrapping_add(right),
                    "-" => left.wrapping_sub(right),
                    "*" => left.wrapping_mul(right),
                    "/" | "%" if right == 0 && self.skip == 0 => {
                        return Err(ArithError::DivisionByZero(divisor_at.trim().to_string()))
                    }
                    "/" | "%" if right == 0 => 0,
                    "/" => left.wrapping_div(right),
                    _ => left.wrapping_rem(right),
                };
                continue 'outer;
            }
            return Ok(left);
        }
    }

    fn unary(&mut self) -> Result<i64, ArithError> {
        self.depth += 1;
        if self.depth > MAX_NESTING {
            return Err(ArithError::Syntax(self.rest()));
        }
        let value = if self.eat("++") || self.eat("--") {
            let increment = if self.chars.get(self.at.wrapping_sub(1)) == Some(&'+') {
                1
            } else {
                -1
            };
            self.blanks();
            let name = self.name().ok_or_else(|| ArithError::Syntax(self.rest()))?;
            let value = self.value_of(&name)?.wrapping_add(increment);
            self.assign(&name, value);
            value
        } else if self.eat_alone("-", &['=']) {
            self.unary()?.wrapping_neg()
        } else if self.eat_alone("+", &['=']) {
            self.unary()?
        } else if self.eat_alone("!", &['=']) {
            i64::from(self.unary()? == 0)
        } else if self.eat("~") {
            !self.unary()?
        } else {
            self.primary()?
        };
        self.depth -= 1;
        Ok(value)
    }

    fn primary(&mut self) -> Result<i64, ArithError> {
        self.blanks();
        if self.eat("(") {
            let value = self.ternary()?;
            if !self.eat(")") {
                return Err(ArithError::Syntax(self.rest()));
            }
            return Ok(value);
        }
        if let Some(name) = self.name() {
            for (op, f) in ASSIGNMENTS {
                if self.eat_alone(op, &['=']) {
                    let right = self.ternary()?;
                    let left = if *op == "=" { 0 } else { self.value_of(&name)? };
                    if matches!(*op, "/=" | "%=") && right == 0 && self.skip == 0 {
                        return Err(ArithError::DivisionByZero(right.to_string()));
                    }
                    let value = f(left, right);
                    self.assign(&name, value);
                    return Ok(value);
                }
            }
            let value = self.value_of(&name)?;
            if self.eat("++") {
                self.assign(&name, value.wrapping_add(1));
            } else if self.eat("--") {
                self.assign(&name, value.wrapping_sub(1));
            }
            return Ok(value);
        }
        let start = self.at;
        while self
            .chars
            .get(self.at)
            .is_some_and(|c| c.is_ascii_alphanumeric())
        {
            self.at += 1;
        }
        let digits: String = self
            .chars
            .get(start..self.at)
            .unwrap_or(&[])
            .iter()
            .collect();
        if digits.is_empty() {
            return Err(ArithError::Syntax(self.rest()));
        }
        number(&digits).ok_or(ArithError::Syntax(digits))
    }

    fn name(&mut self) -> Option<String> {
        let first = self.chars.get(self.at)?;
        if !(first.is_ascii_alphabetic() || *first == '_') {
            return None;
        }
        let start = self.at;
        while self
            .chars
            .get(self.at)
            .is_some_and(|c| c.is_ascii_alphanumeric() || *c == '_')
        {
            self.at += 1;
        }
        Some(
            self.chars
                .get(start..self.at)
                .unwrap_or(&[])
                .iter()
                .collect(),
        )
    }

    fn value_of(&self, name: &str) -> Result<i64, ArithError> {
        let text = self.vars.get(name);
        number(&text).ok_or(ArithError::Syntax(text))
    }

    fn assign(&mut self, name: &str, value: i64) {
        if self.skip == 0 {
            self.vars.set(name, value);
        }
    }
}

type Combine = fn(i64, i64) -> i64;

const ASSIGNMENTS: &[(&str, Combine)] = &[
    ("+=", |a, b| a.wrapping_add(b)),
    ("-=", |a, b| a.wrapping_sub(b)),
    ("*=", |a, b| a.wrapping_mul(b)),
    ("/=", |a, b| if b == 0 { 0 } else { a.wrapping_div(b) }),
    ("%=", |a, b| if b == 0 { 0 } else { a.wrapping_rem(b) }),
    ("=", |_, b| b),
];

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use std::collections::BTreeMap;

    struct Map(BTreeMap<String, String>);
    impl Vars for Map {
        fn get(&self, name: &str) -> String {
            self.0.get(name).cloned().unwrap_or_default()
        }
        fn set(&mut self, name: &str, value: i64) {
            self.0.insert(name.into(), value.to_string());
        }
    }

    #[test]
    fn expressions_evaluate_as_in_c() {
        let mut vars = Map(BTreeMap::new());
        vars.0.insert("x".into(), "7".into());
        let cases: &[(&str, i64)] = &[
            ("1+2*3", 7),
            ("(1+2)*3", 9),
            ("x % 4", 3),
            ("x > 5 && x < 10", 1),
            ("0 || 0", 0),
            ("-x + 1", -6),
            ("!0", 1),
            ("010 + 0x10", 24),
            ("x == 7 ? 1 : 2", 1),
            ("1 << 4", 16),
            ("y", 0),
            ("", 0),
            ("0 && 1/0", 0),
        ];
        for (text, expected) in cases {
            assert_eq!(eval(text, &mut vars), Ok(*expected), "{text}");
        }
        assert_eq!(eval("x += 3", &mut vars), Ok(10));
        assert_eq!(eval("x++", &mut vars), Ok(10));
        assert_eq!(vars.get("x"), "11");
        assert_eq!(
            eval("1/0", &mut vars),
            Err(ArithError::DivisionByZero("0".into()))
        );
        assert!(matches!(eval("1+", &mut vars), Err(ArithError::Syntax(_))));
        assert!(matches!(
            eval("((((", &mut vars),
            Err(ArithError::Syntax(_))
        ));
    }
}
