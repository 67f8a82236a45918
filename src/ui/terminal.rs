//! The terminal: scrollback, a prompt with an input line, Enter to submit, Up/Down to walk the
//! history. Output is an `aria-live` log so screen readers announce it.

use web_sys::{HtmlElement, HtmlInputElement};
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
}

#[component]
pub fn Terminal(props: &TerminalProps) -> Html {
    let input_ref = use_node_ref();
    let screen_ref = use_node_ref();
    // Position in the history while walking it with Up/Down; `None` is the fresh line.
    let cursor = use_state(|| None::<usize>);
    // Ctrl-P was the last key: a Ctrl-Q now detaches (Docker's default detach keys).
    let ctrl_p = use_mut_ref(|| false);

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
        let ctrl_p = ctrl_p.clone();
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
            match e.key().as_str() {
                "Enter" => {
                    e.prevent_default();
                    let line = input.value();
                    input.set_value("");
                    cursor.set(None);
                    on_submit.emit(line);
                }
                "ArrowUp" => {
                    e.prevent_default();
                    let next = match *cursor {
                        None => history.len().checked_sub(1),
                        Some(i) => Some(i.saturating_sub(1)),
                    };
                    if let Some(line) = next.and_then(|i| history.get(i)) {
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
                            input.set_value("");
                            cursor.set(None);
                        }
                        None => {}
                    }
                }
                _ => {}
            }
        })
    };
    let onclick = {
        let input_ref = input_ref.clone();
        Callback::from(move |_: MouseEvent| {
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
                    />
                </div>
            </div>
        </div>
    }
}
