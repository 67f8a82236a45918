//! The terminal: scrollback, a prompt with an input line, Enter to submit, Up/Down to walk the
//! history, Ctrl-C to interrupt (unless text is selected: then the browser copies it). Output is an `aria-live` log so screen readers announce it.

use wasm_bindgen::JsCast;
use web_sys::{ClipboardEvent, HtmlElement, HtmlInputElement};
use yew::prelude::*;

use super::lines::Lines;

#[derive(Clone, PartialEq)]
pub enum LineKind {
    /// A submitted line, with the prompt it was typed at.
    Command(AttrValue),
    Stdout,
    /// `failed`: the command ended with a non-zero exit status.
    Stderr {
        failed: bool,
    },
    /// Berth's own words (the welcome line).
    Notice,
}

#[derive(Clone, PartialEq)]
pub struct TermLine {
    pub kind: LineKind,
    pub text: String,
}

#[derive(Properties, PartialEq)]
pub struct TerminalProps {
    pub lines: Lines<TermLine>,
    pub prompt: AttrValue,
    pub history: Lines<String>,
    pub on_submit: Callback<String>,
    /// Ctrl-P then Ctrl-Q: Docker's detach keys.
    pub on_detach: Callback<()>,
    /// Ctrl-C with no text selected: SIGINT to what runs in the foreground, or a fresh prompt.
    /// With text selected the browser copies it, as a terminal emulator does.
    pub on_interrupt: Callback<()>,
    /// A paste of several lines: every complete line, in order, as a terminal receives them
    /// (the last, unfinished line stays in the input, as it does in a real terminal).
    pub on_paste: Callback<Vec<String>>,
}

#[component]
pub fn Terminal(props: &TerminalProps) -> Html {
    let input_ref = use_node_ref();
    let screen_ref = use_node_ref();
    // Position in the history while walking it with Up/Down; `None` is the fresh line.
    let cursor = use_state(|| None::<usize>);
    // Ctrl-P was the last key: a Ctrl-Q now detaches (Docker's default detach keys).
    let ctrl_p = use_mut_ref(|| false);
    // The line being typed when Up first left it: Down past the newest entry brings it back,
    // as readline does.
    let draft = use_mut_ref(String::new);

    // Focus lands in the terminal on load.
    {
        let input_ref = input_ref.clone();
        use_effect_with((), move |_| {
            if let Some(input) = input_ref.cast::<HtmlInputElement>() {
                let _ = input.focus();
            }
        });
    }
    // Keep the newest line in view.
    {
        let screen_ref = screen_ref.clone();
        use_effect_with(props.lines.len(), move |_| {
            if let Some(screen) = screen_ref.cast::<HtmlElement>() {
                screen.set_scroll_top(screen.scroll_height());
            }
        });
    }

    let onkeydown = {
        let input_ref = input_ref.clone();
        let cursor = cursor.clone();
        let history = props.history.clone();
        let on_submit = props.on_submit.clone();
        let on_detach = props.on_detach.clone();
        let on_interrupt = props.on_interrupt.clone();
        let ctrl_p = ctrl_p.clone();
        let draft = draft.clone();
        Callback::from(move |e: KeyboardEvent| {
            let Some(input) = input_ref.cast::<HtmlInputElement>() else {
                return;
            };
            if matches!(e.key().as_str(), "Control" | "Shift" | "Alt" | "Meta") {
                return; // a modifier alone does not break the Ctrl-P Ctrl-Q sequence
            }
            if e.ctrl_key() && e.key().eq_ignore_ascii_case("p") {
                // Keep the browser's print dialog away: the terminal owns Ctrl-P.
                e.prevent_default();
                *ctrl_p.borrow_mut() = true;
                return;
            }
            let detach = e.ctrl_key() && e.key().eq_ignore_ascii_case("q") && *ctrl_p.borrow();
            *ctrl_p.borrow_mut() = false;
            if detach {
                e.prevent_default();
                on_detach.emit(());
                return;
            }
            if e.ctrl_key() && e.key().eq_ignore_ascii_case("c") && !text_selected(&input) {
                e.prevent_default();
                input.set_value("");
                cursor.set(None);
                on_interrupt.emit(());
                return;
            }
            if e.ctrl_key() && !e.alt_key() && !e.meta_key() {
                if let Some(edit) = line_edit(&e.key().to_ascii_lowercase()) {
                    e.prevent_default();
                    edit.apply(&input);
                    return;
                }
            }
            match e.key().as_str() {
                "Enter" => {
                    e.prevent_default();
                    let line = input.value();
                    input.set_value("");
                    cursor.set(None);
                    draft.borrow_mut().clear();
                    on_submit.emit(line);
                }
                "ArrowUp" => {
                    e.prevent_default();
                    let next = match *cursor {
                        None => history.len().checked_sub(1),
                        Some(i) => Some(i.saturating_sub(1)),
                    };
                    if let Some(line) = next.and_then(|i| history.get(i)) {
                        if cursor.is_none() {
                            *draft.borrow_mut() = input.value();
                        }
                        input.set_value(line);
                        cursor.set(next);
                    }
                }
                "ArrowDown" => {
                    e.prevent_default();
                    match *cursor {
                        Some(i) if i + 1 < history.len() => {
                            if let Some(line) = history.get(i + 1) {
                                input.set_value(line);
                            }
                            cursor.set(Some(i + 1));
                        }
                        Some(_) => {
                            input.set_value(&draft.borrow());
                            cursor.set(None);
                        }
                        None => {}
                    }
                }
                _ => {}
            }
        })
    };
    // A multi-line paste would lose its newlines in a one-line input (`\`-continued commands
    // from the docs would then run as one garbled line), so the terminal takes the paste itself.
    let onpaste = {
        let input_ref = input_ref.clone();
        let cursor = cursor.clone();
        let on_paste = props.on_paste.clone();
        Callback::from(move |e: Event| {
            let Some(input) = input_ref.cast::<HtmlInputElement>() else {
                return;
            };
            let Some(text) = e
                .dyn_ref::<ClipboardEvent>()
                .and_then(ClipboardEvent::clipboard_data)
                .and_then(|data| data.get_data("text").ok())
            else {
                return;
            };
            if !text.contains(['\n', '\r']) {
                return; // one line: the input takes it as usual
            }
            e.prevent_default();
            let (lines, rest) = split_paste(
                &input.value(),
                input.selection_start().ok().flatten(),
                input.selection_end().ok().flatten(),
                &text,
            );
            input.set_value(&rest);
            cursor.set(None);
            on_paste.emit(lines);
        })
    };
    let onclick = {
        let input_ref = input_ref.clone();
        Callback::from(move |_: MouseEvent| {
            // The click that ends a mouse selection of the output keeps it (a terminal's
            // habit): the prompt takes the focus only on a plain click.
            let selecting = web_sys::window()
                .and_then(|w| w.get_selection().ok().flatten())
                .is_some_and(|s| !s.is_collapsed());
            if selecting {
                return;
            }
            if let Some(input) = input_ref.cast::<HtmlInputElement>() {
                let _ = input.focus();
            }
        })
    };

    html! {
        <div class="terminal" {onclick}>
            <div class="screen" ref={screen_ref} role="log" aria-live="polite" aria-label="Terminal output">
                { for props.lines.iter().map(|line| match &line.kind {
                    LineKind::Command(prompt) => html! {
                        <div class="line command"><span class="prompt">{ prompt.clone() }</span>{ line.text.clone() }</div>
                    },
                    LineKind::Stdout => html! { <div class="line stdout">{ line.text.clone() }</div> },
                    LineKind::Stderr { failed } => html! {
                        <div class={classes!("line", "stderr", failed.then_some("failed"))}>{ line.text.clone() }</div>
                    },
                    LineKind::Notice => html! { <div class="line notice">{ line.text.clone() }</div> },
                }) }
                <div class="line input-line">
                    <label class="prompt" for="terminal-input">{ props.prompt.clone() }</label>
                    <input
                        id="terminal-input"
                        class="input"
                        ref={input_ref}
                        type="text"
                        autocomplete="off"
                        autocapitalize="off"
                        spellcheck="false"
                        aria-label="Command"
                        {onkeydown}
                        {onpaste}
                    />
                </div>
            </div>
        </div>
    }
}

/// Whether some text is selected, in the input or on the page: Ctrl-C then copies it.
fn text_selected(input: &HtmlInputElement) -> bool {
    let in_input = matches!(
        (input.selection_start(), input.selection_end()),
        (Ok(Some(start)), Ok(Some(end))) if start != end
    );
    let on_page = web_sys::window()
        .and_then(|w| w.get_selection().ok().flatten())
        .is_some_and(|s| !s.is_collapsed());
    in_input || on_page
}

/// Puts a pasted `text` in place of the input's selection (`start..end`, in UTF-16 units as the
/// DOM counts them) and splits the result into the complete lines to submit and the unfinished
/// last line that stays in the input. `\r\n` and lone `\r` count as line ends.
fn split_paste(
    value: &str,
    start: Option<u32>,
    end: Option<u32>,
    text: &str,
) -> (Vec<String>, String) {
    let units: Vec<u16> = value.encode_utf16().collect();
    let len = units.len();
    let start = start.map_or(len, |s| (s as usize).min(len));
    let end = end.map_or(start, |e| (e as usize).clamp(start, len));
    let before = String::from_utf16_lossy(units.get(..start).unwrap_or(&[]));
    let after = String::from_utf16_lossy(units.get(end..).unwrap_or(&[]));
    let whole = format!("{before}{text}{after}")
        .replace("\r\n", "\n")
        .replace('\r', "\n");
    let mut lines: Vec<String> = whole.split('\n').map(str::to_string).collect();
    let rest = lines.pop().unwrap_or_default();
    (lines, rest)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::split_paste;

    /// The input's value, the selection, the pasted text; the lines submitted, what stays.
    type Case<'a> = (
        &'a str,
        Option<u32>,
        Option<u32>,
        &'a str,
        &'a [&'a str],
        &'a str,
    );

    #[test]
    fn a_paste_splits_into_complete_lines_and_keeps_the_unfinished_one() {
        let cases: &[Case] = &[
            // Docs' continued command, copied with its final newline: every line runs.
            (
                "",
                None,
                None,
                "docker network create \\\n  pub_net\n",
                &["docker network create \\", "  pub_net"],
                "",
            ),
            // No final newline: the last line waits in the input.
            (
                "",
                None,
                None,
                "docker ps\ndocker images",
                &["docker ps"],
                "docker images",
            ),
            // Windows line ends, and the text typed before the caret comes first.
            (
                "echo ",
                Some(5),
                Some(5),
                "a\r\nb\r\n",
                &["echo a", "b"],
                "",
            ),
            // The selection is replaced; the text after the caret ends the last line.
            (
                "ls XX tail",
                Some(3),
                Some(5),
                "one\ntwo",
                &["ls one"],
                "two tail",
            ),
            // Offsets count UTF-16 units, as the DOM does.
            ("é€x", Some(2), Some(2), "\n", &["é€"], "x"),
            // Offsets past the end are clamped.
            ("ab", Some(9), Some(1), "\n", &["ab"], ""),
        ];
        for (value, start, end, text, lines, rest) in cases {
            let (got_lines, got_rest) = split_paste(value, *start, *end, text);
            assert_eq!(got_lines, *lines, "{value:?} + {text:?}");
            assert_eq!(got_rest, *rest, "{value:?} + {text:?}");
        }
    }
}

/// readline's line-editing keys with Ctrl (Emacs mode, bash's default).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LineEdit {
    /// Ctrl-A: to the start of the line.
    Start,
    /// Ctrl-E: to its end.
    End,
    /// Ctrl-U: delete from the start of the line to the cursor.
    KillBefore,
    /// Ctrl-K: delete from the cursor to the end.
    KillAfter,
    /// Ctrl-W: delete the word before the cursor (back to whitespace).
    KillWord,
}

fn line_edit(key: &str) -> Option<LineEdit> {
    Some(match key {
        "a" => LineEdit::Start,
        "e" => LineEdit::End,
        "u" => LineEdit::KillBefore,
        "k" => LineEdit::KillAfter,
        "w" => LineEdit::KillWord,
        _ => return None,
    })
}

impl LineEdit {
    fn apply(self, input: &HtmlInputElement) {
        let value: Vec<char> = input.value().chars().collect();
        let at = input
            .selection_start()
            .ok()
            .flatten()
            .map_or(value.len(), |p| (p as usize).min(value.len()));
        let (text, cursor) = match self {
            LineEdit::Start => (None, 0),
            LineEdit::End => (None, value.len()),
            LineEdit::KillBefore => (Some(value.get(at..).unwrap_or_default().to_vec()), 0),
            LineEdit::KillAfter => (Some(value.get(..at).unwrap_or_default().to_vec()), at),
            LineEdit::KillWord => {
                let before = value.get(..at).unwrap_or_default();
                let trimmed = before.len()
                    - before
                        .iter()
                        .rev()
                        .take_while(|c| c.is_whitespace())
                        .count();
                let start = before
                    .get(..trimmed)
                    .unwrap_or_default()
                    .iter()
                    .rposition(|c| c.is_whitespace())
                    .map_or(0, |i| i + 1);
                let mut kept = value.get(..start).unwrap_or_default().to_vec();
                kept.extend_from_slice(value.get(at..).unwrap_or_default());
                (Some(kept), start)
            }
        };
        if let Some(text) = text {
            input.set_value(&text.into_iter().collect::<String>());
        }
        let cursor = u32::try_from(cursor).unwrap_or(u32::MAX);
        let _ = input.set_selection_range(cursor, cursor);
    }
}
