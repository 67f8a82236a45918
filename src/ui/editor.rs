//! The editor panel `nano FILE` / `vi FILE` opens: the file's text in a textarea over the
//! page; Save (the button or Ctrl-S) hands the text to the session, which writes the file;
//! Cancel (the button or Esc) closes it unchanged. It renders and dispatches only: where the
//! file lives and what saving means are the session's (`Session::save_edit`).

use std::rc::Rc;

use web_sys::{HtmlTextAreaElement, KeyboardEvent};
use yew::prelude::*;

use crate::cli::tools::editor::EditRequest;

#[derive(Properties, PartialEq)]
pub struct EditorProps {
    pub request: Rc<EditRequest>,
    pub on_save: Callback<String>,
    pub on_cancel: Callback<()>,
}

#[component]
pub fn EditorModal(props: &EditorProps) -> Html {
    let area = use_node_ref();
    {
        // The text is typed into at once, as in the real editor.
        let area = area.clone();
        use_effect_with(props.request.clone(), move |_| {
            if let Some(a) = area.cast::<HtmlTextAreaElement>() {
                let _ = a.focus();
            }
        });
    }
    let save = {
        let area = area.clone();
        let on_save = props.on_save.clone();
        move || {
            if let Some(a) = area.cast::<HtmlTextAreaElement>() {
                on_save.emit(a.value());
            }
        }
    };
    let onkeydown = {
        let save = save.clone();
        let on_cancel = props.on_cancel.clone();
        Callback::from(move |e: KeyboardEvent| {
            if (e.ctrl_key() || e.meta_key()) && e.key().eq_ignore_ascii_case("s") {
                e.prevent_default();
                save();
            } else if e.key() == "Escape" {
                e.prevent_default();
                on_cancel.emit(());
            }
        })
    };
    let on_save_click = Callback::from(move |_| save());
    let on_cancel_click = {
        let on_cancel = props.on_cancel.clone();
        Callback::from(move |_| on_cancel.emit(()))
    };
    let where_ = match &props.request.container {
        Some(id) => format!("{} in {}", props.request.path, id.get(..12).unwrap_or(id)),
        None => format!("{} on {}", props.request.path, props.request.host),
    };
    html! {
        <div class="editor-backdrop">
            <div class="editor" role="dialog" aria-modal="true" aria-label={format!("{} {}", props.request.editor, props.request.path)}>
                <div class="editor-title">
                    <span class="editor-name">{ props.request.editor.clone() }</span>
                    <span class="editor-path">{ where_ }</span>
                </div>
                <textarea id="editor-text" ref={area} spellcheck="false"
                          value={props.request.text.clone()} {onkeydown} />
                <div class="editor-actions">
                    <span class="editor-keys">{ "Ctrl-S saves, Esc cancels" }</span>
                    <button class="back" onclick={on_cancel_click}>{ "Cancel" }</button>
                    <button class="run" onclick={on_save_click}>{ "Save" }</button>
                </div>
            </div>
        </div>
    }
}
