use leptos::prelude::*;

use super::error_summary::FieldErrorMessage;

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
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let described_by = {
        let (hint_id, error_id) = (hint_id.clone(), error_id.clone());
        move || {
            let mut ids = Vec::new();
            if hint.is_some() {
                ids.push(hint_id.clone());
            }
            if error.with(Option::is_some) {
                ids.push(error_id.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    let group_class = move || {
        if error.with(Option::is_some) {
            "border-l-4 border-error pl-4 mb-6"
        } else {
            "mb-6"
        }
    };
    let input_class = move || {
        if error.with(Option::is_some) {
            "input input-error w-full max-w-md"
        } else {
            "input w-full max-w-md"
        }
    };
    let lower = label.to_lowercase();
    let button_label = move || {
        if shown.get() {
            format!("Hide {lower}")
        } else {
            format!("Show {lower}")
        }
    };
    view! {
        <div class=group_class>
            <label for=id class="block font-bold mb-1">{label}</label>
            {hint.map(|h| view! { <div id=hint_id.clone() class="text-secondary mb-2">{h}</div> })}
            <FieldErrorMessage id=error_id.clone() message=error />
            <div class="flex flex-wrap items-stretch gap-2">
                <input
                    id=id
                    name=id
                    type=move || if shown.get() { "text" } else { "password" }
                    autocomplete=autocomplete
                    autocapitalize="none"
                    spellcheck="false"
                    aria-describedby=described_by
                    class=input_class
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
