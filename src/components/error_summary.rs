use leptos::prelude::*;

use crate::page::focus_id;

/// One problem on a form: the message and the id of the field it belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    /// The id of the input the summary's link moves to.
    pub field_id: String,
    pub message: String,
}

impl FieldError {
    pub fn new(field_id: impl Into<String>, message: impl Into<String>) -> Self {
        FieldError {
            field_id: field_id.into(),
            message: message.into(),
        }
    }
}

/// The GOV.UK error summary: at the top of `<main>`, headed "There is a problem", it takes focus each
/// time the form is submitted with errors and links every message to its field.
///
/// `errors` is set on every submit (even to the same list), which is what moves focus here again.
#[component]
pub fn ErrorSummary(#[prop(into)] errors: Signal<Vec<FieldError>>) -> impl IntoView {
    let summary = NodeRef::<leptos::html::Div>::new();
    Effect::new(move |_| {
        if !errors.get().is_empty() {
            if let Some(el) = summary.get() {
                let _ = el.focus();
                el.scroll_into_view();
            }
        }
    });
    view! {
        <Show when=move || !errors.get().is_empty()>
            <div
                node_ref=summary
                tabindex="-1"
                aria-labelledby="error-summary-title"
                class="border-4 border-error p-4 mb-8"
            >
                <div role="alert">
                    <h2 id="error-summary-title" class="text-2xl font-bold mb-4">
                        "There is a problem"
                    </h2>
                    <ul class="list-none space-y-2">
                        <For
                            each=move || errors.get()
                            key=|e| (e.field_id.clone(), e.message.clone())
                            children=move |e: FieldError| {
                                let id = e.field_id.clone();
                                view! {
                                    <li>
                                        <a
                                            href=format!("#{}", e.field_id)
                                            class="text-error font-bold"
                                            on:click=move |ev| {
                                                ev.prevent_default();
                                                focus_id(&id);
                                            }
                                        >
                                            {e.message}
                                        </a>
                                    </li>
                                }
                            }
                        />
                    </ul>
                </div>
            </div>
        </Show>
    }
}

/// The message shown above a field in error, with a hidden "Error:" for screen readers.
#[component]
pub fn FieldErrorMessage(
    id: String,
    #[prop(into)] message: Signal<Option<String>>,
) -> impl IntoView {
    view! {
        <Show when=move || message.get().is_some()>
            <p id=id.clone() class="text-error font-bold mb-3">
                <span class="sr-only">"Error: "</span>
                {move || message.get().unwrap_or_default()}
            </p>
        </Show>
    }
}
