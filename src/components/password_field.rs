use leptos::prelude::*;

use super::field::{described_by, group_class, hint_and_error, input_class};

/// A password box with a "Show" button (GOV.UK password input): label, hint, the error message above
/// the box, pasting allowed, and a screen-reader announcement when the password is shown or hidden.
/// A form that is sent hides it again (call `shown.set(false)` if it keeps the page).
///
/// - `id`: the input's id and name (the error summary links to it).
/// - `label`: the label's text.
/// - `hint`: one short sentence under the label, if any.
/// - `value`: the password, as typed.
/// - `error`: the message to show above the box, if any.
/// - `autocomplete`: "current-password" or "new-password".
#[component]
pub fn PasswordField(
    id: &'static str,
    label: &'static str,
    #[prop(optional)] hint: Option<&'static str>,
    value: RwSignal<String>,
    #[prop(into)] error: Signal<Option<String>>,
    autocomplete: &'static str,
) -> impl IntoView {
    let shown = RwSignal::new(false);
    let described_by = described_by(id, hint.is_some(), error);
    let lower = label.to_lowercase();
    let button_label = move || {
        if shown.get() {
            format!("Hide {lower}")
        } else {
            format!("Show {lower}")
        }
    };
    view! {
        <div class=group_class(error, "mb-6")>
            <label for=id class="block font-bold mb-1">{label}</label>
            {hint_and_error(id, hint.map(String::from), error)}
            <div class="flex flex-wrap items-stretch gap-2">
                <input
                    id=id
                    name=id
                    type=move || if shown.get() { "text" } else { "password" }
                    autocomplete=autocomplete
                    autocapitalize="none"
                    spellcheck="false"
                    aria-describedby=described_by
                    class=input_class(error, "w-full max-w-md")
                    prop:value=move || value.get()
                    on:input=move |ev| value.set(event_target_value(&ev))
                />
                <button
                    type="button"
                    class="btn btn-secondary"
                    aria-controls=id
                    aria-label=button_label
                    on:click=move |_| shown.update(|s| *s = !*s)
                >
                    {move || if shown.get() { "Hide" } else { "Show" }}
                </button>
            </div>
            <div class="sr-only" aria-live="polite">
                {move || if shown.get() { "Your password is visible" } else { "" }}
            </div>
        </div>
    }
}
