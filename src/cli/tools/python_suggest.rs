//! Python's "Did you mean" for a NameError, as `Lib/traceback.py` computes it
//! (`_compute_suggestion_error`, `_levenshtein_distance`: moves cost 2, a case change 1, at
//! most a third of the characters changed, the first closest name in `f_locals`, `f_globals`,
//! `f_builtins` order), and "Did you forget to import" for `sys.stdlib_module_names`.
//!
//! Not simulated: the whole of `stdlib_module_names` (the modules a learner names first),
//! attribute suggestions.

use super::python::Vars;

/// The modules of `sys.stdlib_module_names` a learner names first (for "Did you forget to
/// import"), and those an `import` accepts.
pub(super) const STDLIB: &[&str] = &[
    "sys", "os", "math", "json", "random", "time", "datetime", "re", "socket", "subprocess",
    "platform", "pathlib", "collections", "itertools", "functools", "string", "statistics",
    "typing", "logging", "http", "urllib", "shutil", "tempfile", "threading", "asyncio", "decimal",
    "fractions", "uuid", "hashlib", "base64", "csv", "sqlite3", "pprint", "argparse",
];

/// `builtins.__dict__`'s names in their order (`Python/bltinmodule.c`, then the exceptions,
/// then what `site` adds), for the "Did you mean" suggestions.
pub(super) const BUILTINS: &[&str] = &[
    "__name__", "__doc__", "__package__", "__loader__", "__spec__", "__build_class__",
    "__import__", "abs", "all", "any", "ascii", "bin", "breakpoint", "callable", "chr", "compile",
    "delattr", "dir", "divmod", "eval", "exec", "format", "getattr", "globals", "hasattr", "hash",
    "hex", "id", "input", "isinstance", "issubclass", "iter", "aiter", "len", "locals", "max",
    "min", "next", "anext", "oct", "ord", "pow", "print", "repr", "round", "setattr", "sorted",
    "sum", "vars", "None", "Ellipsis", "NotImplemented", "False", "True", "bool", "memoryview",
    "bytearray", "bytes", "classmethod", "complex", "dict", "enumerate", "filter", "float",
    "frozenset", "property", "int", "list", "map", "object", "range", "reversed", "set", "slice",
    "staticmethod", "str", "super", "tuple", "type", "zip", "__debug__", "BaseException",
    "Exception", "TypeError", "StopAsyncIteration", "StopIteration", "GeneratorExit", "SystemExit",
    "KeyboardInterrupt", "ImportError", "ModuleNotFoundError", "OSError", "EnvironmentError",
    "IOError", "EOFError", "RuntimeError", "RecursionError", "NotImplementedError", "NameError",
    "UnboundLocalError", "AttributeError", "SyntaxError", "IndentationError", "TabError",
    "LookupError", "IndexError", "KeyError", "ValueError", "UnicodeError", "AssertionError",
    "ArithmeticError", "FloatingPointError", "OverflowError", "ZeroDivisionError", "SystemError",
    "ReferenceError", "MemoryError", "BufferError", "Warning", "UserWarning", "DeprecationWarning",
    "SyntaxWarning", "RuntimeWarning", "FutureWarning", "ImportWarning", "UnicodeWarning",
    "BytesWarning", "ResourceWarning", "EncodingWarning", "ConnectionError", "BlockingIOError",
    "BrokenPipeError", "ChildProcessError", "ConnectionAbortedError", "ConnectionRefusedError",
    "ConnectionResetError", "FileExistsError", "FileNotFoundError", "IsADirectoryError",
    "NotADirectoryError", "InterruptedError", "PermissionError", "ProcessLookupError",
    "TimeoutError", "open", "quit", "exit", "copyright", "credits", "license", "help",
];

/// The REPL's own module globals (`__main__`), before the learner's names.
const MAIN_GLOBALS: &[&str] = &[
    "__name__", "__doc__", "__package__", "__loader__", "__spec__", "__annotations__",
    "__builtins__",
];

/// `Lib/traceback.py` `_levenshtein_distance`: moves cost 2, a case change 1.
pub(super) fn levenshtein(a: &str, b: &str, max: usize) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len() > 40 || b.len() > 40 {
        return max + 1;
    }
    let sub = |x: char, y: char| {
        if x == y {
            0
        } else if x.to_lowercase().eq(y.to_lowercase()) {
            1
        } else {
            2
        }
    };
    let mut row: Vec<usize> = (0..=a.len()).map(|i| i * 2).collect();
    for (j, &bc) in b.iter().enumerate() {
        let mut prev_diag = row.first().copied().unwrap_or(0);
        if let Some(first) = row.first_mut() {
            *first = (j + 1) * 2;
        }
        for (i, &ac) in a.iter().enumerate() {
            let up = row.get(i + 1).copied().unwrap_or(usize::MAX / 4);
            let left = row.get(i).copied().unwrap_or(usize::MAX / 4);
            let best = (prev_diag + sub(ac, bc)).min(up + 2).min(left + 2);
            prev_diag = up;
            if let Some(cell) = row.get_mut(i + 1) {
                *cell = best;
            }
        }
    }
    row.last().copied().unwrap_or(0)
}

/// `_compute_suggestion_error` for a NameError: the closest name, if close enough.
pub(super) fn suggestion(wrong: &str, vars: &Vars) -> Option<String> {
    let wrong_len = wrong.chars().count();
    if wrong_len > 40 {
        return None;
    }
    let user: Vec<&str> = vars.keys().filter_map(|k| k.strip_prefix("py:")).collect();
    // `f_locals`, then `f_globals` (the same dict at the prompt), then `f_builtins`.
    let globals: Vec<&str> = MAIN_GLOBALS.iter().copied().chain(user).collect();
    let names = globals.iter().chain(globals.iter()).chain(BUILTINS.iter());
    let mut best: Option<(&str, usize)> = None;
    let mut best_distance = wrong_len;
    for name in names {
        if *name == wrong {
            continue;
        }
        let max =
            ((name.chars().count() + wrong_len + 3) * 2 / 6).min(best_distance.saturating_sub(1));
        let d = levenshtein(wrong, name, max);
        if d > max {
            continue;
        }
        if best.is_none() || d < best_distance {
            best = Some((name, d));
            best_distance = d;
        }
    }
    best.map(|(n, _)| n.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions_follow_tracebacks_rules() {
        assert_eq!(levenshtein("pritn", "print", 10), 4);
        let vars = Vars::new();
        assert_eq!(suggestion("pritn", &vars).as_deref(), Some("print"));
        assert_eq!(suggestion("x", &vars), None);
        assert_eq!(suggestion("sys", &vars), None);
    }
}
