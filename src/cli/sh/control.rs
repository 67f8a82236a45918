//! Running compound commands and functions: `if`, `while`/`until`, `for`, `case`,
//! `{ …; }`, `( … )`, `[[ … ]]`, and calls of functions defined at the prompt.
//!
//! Rules:
//! - Every command a loop runs counts against [`MAX_RUNS`]: `while true; do echo x; done`
//!   ends with a `berth:` line and status 130, never a hang. Function calls nest at most
//!   [`MAX_FUNCTION_DEPTH`] deep (`f() { f; }; f`), where bash would crash.
//! - `break`/`continue`/`return` travel as [`Flow`] values up to the loop or call that
//!   takes them; a bound reached is [`Flow::Abort`], which ends the whole input.
//! - A subshell gets a copy of the variables and functions: nothing it sets comes back.
//! - A compound command's redirections apply to all it runs (`done < file`,
//!   `} > out.txt`); `read` consumes its standard input line by line.

use super::exec::{Flow, Runner, ShellState, MAX_FUNCTION_DEPTH, STOPPED};
use super::glob;
use super::parse::{Compound, Redirect, Script};
use crate::cli::{Output, Stream};

impl Runner<'_> {
    /// A compound command with its redirections and standard input (`None`: the enclosing
    /// command's, which `read` keeps consuming).
    pub(super) fn compound(
        &mut self,
        compound: &Compound,
        redirects: &[Redirect],
        stdin: Option<String>,
        terminal: &mut Output,
    ) -> Output {
        let (stdout, stderr, input) = match self.open_redirects(redirects, stdin, terminal) {
            Ok(opened) => opened,
            Err(failed) => {
                self.state.status = failed.exit_code;
                return failed;
            }
        };
        let saved = input.map(|text| self.input.replace(text));
        let mut out = Output::default();
        self.run_compound(compound, &mut out);
        if let Some(saved) = saved {
            self.input = saved;
        }
        out.exit_code = self.state.status;
        self.route(out, &stdout, &stderr)
    }

    fn run_compound(&mut self, compound: &Compound, out: &mut Output) {
        match compound {
            Compound::Brace(script) => self.run_list(script, out),
            Compound::Subshell(script) => self.subshell(script, out),
            Compound::If {
                branches,
                otherwise,
            } => {
                for (condition, body) in branches {
                    self.run_list(condition, out);
                    if self.flow.is_some() {
                        return;
                    }
                    if self.state.status == 0 {
                        self.run_list(body, out);
                        return;
                    }
                }
                match otherwise {
                    Some(body) => self.run_list(body, out),
                    None => self.state.status = 0,
                }
            }
            Compound::While {
                until,
                condition,
                body,
            } => {
                let mut last = 0;
                self.loops += 1;
                loop {
                    self.run_list(condition, out);
                    if self.take_loop_flow() != LoopStep::Next {
                        break;
                    }
                    if (self.state.status == 0) == *until {
                        break;
                    }
                    self.run_list(body, out);
                    last = self.state.status;
                    if self.take_loop_flow() == LoopStep::Leave {
                        break;
                    }
                }
                self.loops -= 1;
                if self.flow.is_none() {
                    self.state.status = last;
                }
            }
            Compound::For { name, words, body } => {
                let values = match words {
                    Some(words) => {
                        let mut values = Vec::new();
                        for word in words {
                            values.extend(self.fields(word, out));
                        }
                        values
                    }
                    None => self.args.clone(),
                };
                if self.flow.is_some() {
                    return;
                }
                self.state.status = 0;
                self.loops += 1;
                for value in values {
                    if let Some(stopped) = self.step() {
                        out.lines.extend(stopped.lines);
                        break;
                    }
                    self.set_var(name, &value);
                    self.run_list(body, out);
                    if self.take_loop_flow() == LoopStep::Leave {
                        break;
                    }
                }
                self.loops -= 1;
            }
            Compound::Case { word, arms } => {
                let value = self.text(word, out);
                self.state.status = 0;
                for (patterns, body) in arms {
                    let mut hit = false;
                    for pattern in patterns {
                        let pattern = self.pattern(pattern, out);
                        if glob::matches(&pattern, &value) {
                            hit = true;
                            break;
                        }
                    }
                    if hit {
                        self.run_list(body, out);
                        return;
                    }
                }
            }
            Compound::Test(words) => {
                let result = self.double_bracket(words, out);
                out.lines.extend(result.lines);
                self.state.status = result.exit_code;
            }
        }
    }

    /// After a loop's condition or body: whether to go on, go to the next round, or
    /// leave. `break`/`continue` are taken here; `return`, `exit` and a stop leave.
    pub(super) fn take_loop_flow(&mut self) -> LoopStep {
        match self.flow {
            None => LoopStep::Next,
            Some(Flow::Break(n)) => {
                self.flow = (n > 1).then_some(Flow::Break(n - 1));
                LoopStep::Leave
            }
            Some(Flow::Continue(n)) if n > 1 => {
                self.flow = Some(Flow::Continue(n - 1));
                LoopStep::Leave
            }
            Some(Flow::Continue(_)) => {
                self.flow = None;
                LoopStep::Next
            }
            Some(_) => LoopStep::Leave,
        }
    }

    /// `( … )`: a copy of the shell runs the list; only its output and status come back.
    fn subshell(&mut self, script: &Script, out: &mut Output) {
        let mut state: ShellState = self.state.clone();
        let mut inner = self.subshell_of(&mut state);
        let mut result = inner.run(script);
        let (runs, flow) = (inner.runs, inner.flow);
        self.process_clock = inner.process_clock;
        self.runs = runs;
        if flow == Some(Flow::Abort) {
            self.flow = flow;
        }
        result.stay_in_terminal();
        self.state.status = result.exit_code;
        out.lines.extend(result.lines);
        out.clear |= result.clear;
        if result.path.is_some() {
            out.path = result.path;
        }
    }

    /// Runs the function `name` with `args` as `$1`…: `local` variables and the
    /// positional parameters are restored when it returns.
    pub(super) fn call(
        &mut self,
        name: &str,
        body: &Compound,
        args: &[String],
        stdin: Option<String>,
    ) -> Output {
        if self.locals.len() >= MAX_FUNCTION_DEPTH as usize {
            self.flow = Some(Flow::Abort);
            return Output::failed(
                format!("berth: stopped `{name}` after {MAX_FUNCTION_DEPTH} nested calls (a function that calls itself without end?): the playground's shell nests at most {MAX_FUNCTION_DEPTH}"),
                STOPPED,
            );
        }
        let saved_args = std::mem::replace(&mut self.args, args.to_vec());
        let saved_input = stdin.map(|text| self.input.replace(text));
        let saved_loops = std::mem::replace(&mut self.loops, 0);
        self.locals.push(Vec::new());
        let mut out = Output::default();
        self.run_compound(body, &mut out);
        if self.flow == Some(Flow::Return) {
            self.flow = None;
        }
        for (var, old) in self.locals.pop().unwrap_or_default().into_iter().rev() {
            match old {
                Some(value) => {
                    self.state.vars.insert(var, value);
                }
                None => {
                    self.state.vars.remove(&var);
                }
            }
        }
        self.loops = saved_loops;
        if let Some(saved) = saved_input {
            self.input = saved;
        }
        self.args = saved_args;
        out.exit_code = self.state.status;
        out
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum LoopStep {
    Next,
    Leave,
}

/// Cuts a command's standard output at [`MAX_OUTPUT_LINES`](super::exec::MAX_OUTPUT_LINES); `Some(bound)` when it did.
pub(super) fn bound_output(result: &mut Output) -> Option<usize> {
    let mut seen = 0;
    let mut cut = false;
    result.lines.retain(|line| {
        if line.stream != Stream::Stdout {
            return true;
        }
        seen += 1;
        if seen > super::exec::MAX_OUTPUT_LINES {
            cut = true;
        }
        seen <= super::exec::MAX_OUTPUT_LINES
    });
    cut.then_some(super::exec::MAX_OUTPUT_LINES)
}
