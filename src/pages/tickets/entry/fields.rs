//! Fields of the entry pages the shared components do not cover: a question whose options come
//! from the server (facilities, MCOs, complaint types), and a text area with a character count.

use leptos::prelude::*;

use crate::components::form_errors::message_for;
use crate::components::FieldError;

/// One option of a [`ChoiceQuestion`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    pub value: String,
    pub label: String,
    pub hint: Option<String>,
}

/// A question answered by choosing one of options known only at run time, GOV.UK style: the
/// caption and the question (the page's `<h1>`) in the fieldset's legend, the error message above
/// the options.
///
/// - `id`: the first radio's id (the error summary links to it); the others are `{id}-2`, ...
/// - `selected`: the chosen value.
/// - `errors`: the page's problems; the one for `id` is shown.
#[component]
pub fn ChoiceQuestion(
    id: &'static str,
    caption: &'static str,
    legend: &'static str,
    #[prop(optional)] hint: Option<&'static str>,
    choices: Vec<Choice>,
    selected: RwSignal<Option<String>>,
    errors: RwSignal<Vec<FieldError>>,
) -> impl IntoView {
    let error = message_for(errors, id);
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let described_by = {
        let (hint_id, error_id) = (hint_id.clone(), error_id.clone());
        let has_hint = hint.is_some();
        move || {
            let mut ids = Vec::new();
            if has_hint {
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
            "border-l-4 border-error pl-4 mb-8"
        } else {
            "mb-8"
        }
    };
    view! {
        <div class=group_class>
            <fieldset aria-describedby=described_by>
                <legend class="mb-3">
                    <span class="block text-xl text-secondary mb-1">{caption}</span>
                    <h1 class="text-4xl font-bold">{legend}</h1>
                </legend>
                {hint.map(|h| view! { <div id=hint_id.clone() class="text-secondary mb-4">{h}</div> })}
                <ErrorLine id=error_id.clone() message=error />
                <div class="space-y-3">
                    {choices
                        .into_iter()
                        .enumerate()
                        .map(|(i, choice)| {
                            let input_id = if i == 0 { id.to_string() } else { format!("{id}-{}", i + 1) };
                            let item_hint_id = format!("{input_id}-item-hint");
                            let value = choice.value.clone();
                            let checked_value = choice.value.clone();
                            view! {
                                <div class="flex items-start gap-3">
                                    <input
                                        type="radio"
                                        class="radio mt-1 shrink-0"
                                        id=input_id.clone()
                                        name=id
                                        value=choice.value.clone()
                                        aria-describedby=choice.hint.as_ref().map(|_| item_hint_id.clone())
                                        prop:checked=move || selected.with(|s| s.as_deref() == Some(checked_value.as_str()))
                                        on:change=move |_| selected.set(Some(value.clone()))
                                    />
                                    <div>
                                        <label for=input_id class="cursor-pointer">{choice.label}</label>
                                        {choice.hint.map(|h| view! {
                                            <div id=item_hint_id class="text-secondary text-base">{h}</div>
                                        })}
                                    </div>
                                </div>
                            }
                        })
                        .collect_view()}
                </div>
            </fieldset>
        </div>
    }
}

/// The message above a field in error, with a hidden "Error:" for screen readers.
#[component]
fn ErrorLine(id: String, #[prop(into)] message: Signal<Option<String>>) -> impl IntoView {
    view! {
        <Show when=move || message.with(Option::is_some)>
            <p id=id.clone() class="text-error font-bold mb-3">
                <span class="sr-only">"Error: "</span>
                {move || message.get().unwrap_or_default()}
            </p>
        </Show>
    }
}

/// A labelled text area with GOV.UK's character count under it ("You have 4,980 characters
/// remaining"); going over is allowed while typing, and Continue says what to do.
///
/// - `id`: the text area's id and name.
/// - `max`: the most characters the rules accept.
/// - `errors`: the page's problems; the one for `id` is shown.
#[component]
pub fn CountedTextArea(
    id: &'static str,
    label: &'static str,
    #[prop(optional)] hint: Option<&'static str>,
    value: RwSignal<String>,
    max: usize,
    errors: RwSignal<Vec<FieldError>>,
) -> impl IntoView {
    let error = message_for(errors, id);
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let count_id = format!("{id}-info");
    let described_by = {
        let (hint_id, error_id, count_id) = (hint_id.clone(), error_id.clone(), count_id.clone());
        let has_hint = hint.is_some();
        move || {
            let mut ids = Vec::new();
            if has_hint {
                ids.push(hint_id.clone());
            }
            if error.with(Option::is_some) {
                ids.push(error_id.clone());
            }
            ids.push(count_id.clone());
            ids.join(" ")
        }
    };
    let count = Memo::new(move |_| value.with(|v| v.chars().count()));
    let words = move || {
        let n = count.get();
        if n <= max {
            let left = max - n;
            format!(
                "You have {} character{} remaining",
                thousands(left),
                if left == 1 { "" } else { "s" }
            )
        } else {
            let over = n - max;
            format!(
                "You have {} character{} too many",
                thousands(over),
                if over == 1 { "" } else { "s" }
            )
        }
    };
    let over = move || count.get() > max;
    let group_class = move || {
        if error.with(Option::is_some) {
            "border-l-4 border-error pl-4 mb-6"
        } else {
            "mb-6"
        }
    };
    view! {
        <div class=group_class>
            <label for=id class="block text-xl font-bold mb-1">{label}</label>
            {hint.map(|h| view! { <div id=hint_id.clone() class="text-secondary mb-2">{h}</div> })}
            <ErrorLine id=error_id.clone() message=error />
            <textarea
                id=id
                name=id
                rows=6
                aria-describedby=described_by
                class=move || if error.with(Option::is_some) || over() { "input input-error w-full" } else { "input w-full" }
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
            ></textarea>
            <div id=count_id class=move || if over() { "mt-1 text-error font-bold" } else { "mt-1 text-secondary" }>
                {words}
            </div>
        </div>
    }
}

/// 4980 -> "4,980".
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}
