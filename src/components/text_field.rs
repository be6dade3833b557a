use leptos::either::Either;
use leptos::prelude::*;

use super::field::{described_by, group_class, hint_and_error, input_class};

/// A labelled text box, GOV.UK style: label, hint, the error message above the box (red border),
/// and what the user typed kept as typed.
///
/// - `id`: the input's id and name (the error summary links to it).
/// - `label`: the label's text; with `heading` it is the page's `<h1>` (a page with one question).
/// - `hint`: one short sentence under the label, if any (an empty one is none).
/// - `value`: the text, as typed.
/// - `error`: the message to show above the box, if any.
/// - `autocomplete`, `input_type` (default "text"), `inputmode` ("" for none), `spellcheck`: as
///   in HTML.
/// - `width`: the box's width class, as a literal ("w-full" when not given).
#[component]
pub fn TextField(
    #[prop(into)] id: String,
    #[prop(into)] label: String,
    #[prop(optional, into)] hint: Option<String>,
    value: RwSignal<String>,
    #[prop(optional, into)] error: Signal<Option<String>>,
    #[prop(optional)] autocomplete: Option<&'static str>,
    #[prop(optional)] input_type: Option<&'static str>,
    #[prop(optional)] inputmode: Option<&'static str>,
    #[prop(optional)] spellcheck: Option<bool>,
    #[prop(optional)] width: Option<&'static str>,
    #[prop(optional)] heading: bool,
) -> impl IntoView {
    let hint = hint.filter(|h| !h.is_empty());
    let described_by = described_by(&id, hint.is_some(), error);
    let width = width.unwrap_or("w-full");
    let label_view = if heading {
        Either::Left(view! {
            <h1 class="mb-3">
                <label for=id.clone() class="block text-4xl font-bold">{label.clone()}</label>
            </h1>
        })
    } else {
        Either::Right(
            view! { <label for=id.clone() class="block font-bold mb-1">{label.clone()}</label> },
        )
    };
    view! {
        <div class=group_class(error, "mb-6")>
            {label_view}
            {hint_and_error(&id, hint, error)}
            <input
                id=id.clone()
                name=id.clone()
                type=input_type.unwrap_or("text")
                inputmode=inputmode.filter(|m| !m.is_empty())
                autocomplete=autocomplete
                spellcheck=spellcheck.map(|s| if s { "true" } else { "false" })
                aria-describedby=described_by
                class=input_class(error, width)
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
            />
        </div>
    }
}

/// A labelled multi-line text box, with the same label, hint and error pattern as [`TextField`].
#[component]
pub fn TextArea(
    #[prop(into)] id: String,
    #[prop(into)] label: String,
    #[prop(optional, into)] hint: Option<String>,
    value: RwSignal<String>,
    #[prop(optional, into)] error: Signal<Option<String>>,
    #[prop(optional)] rows: Option<u32>,
) -> impl IntoView {
    let described_by = described_by(&id, hint.is_some(), error);
    view! {
        <div class=group_class(error, "mb-6")>
            <label for=id.clone() class="block font-bold mb-1">{label}</label>
            {hint_and_error(&id, hint, error)}
            <textarea
                id=id.clone()
                name=id.clone()
                rows=rows.unwrap_or(4)
                aria-describedby=described_by
                class=input_class(error, "w-full")
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
            ></textarea>
        </div>
    }
}
