use leptos::either::Either;
use leptos::prelude::*;
use rules::forms::{DateError, DatePart, DateParts, DATE_HINT};

use super::error_summary::FieldErrorMessage;

/// What a question's `<legend>` holds: the section caption (when there is one) and the question,
/// as the page's `<h1>` (one question per page), or as bold text that is not a heading
/// (`plain`: on a page that asks several questions, where the page has its own `<h1>`).
pub(super) fn legend_content(
    caption: &'static str,
    legend: &'static str,
    plain: bool,
) -> impl IntoView {
    let caption = (!caption.is_empty())
        .then(|| view! { <span class="block text-xl text-secondary mb-1">{caption}</span> });
    let question = if plain {
        Either::Right(view! { <span class="block text-xl font-bold">{legend}</span> })
    } else {
        Either::Left(view! { <h1 class="text-4xl font-bold">{legend}</h1> })
    };
    (caption, question)
}

/// A date as three fields in the American order (the USWDS memorable date: Month, Day, Year) in a
/// fieldset whose legend is the page's `<h1>`. Never auto-advances; the month accepts numbers and
/// names ("3", "mar", "March"). What the user typed stays as typed. The hint always ends with the
/// example "For example: 4 28 2026" (`rules::forms::DATE_HINT`).
///
/// - `id`: prefix of the inputs' ids: `{id}-month`, `{id}-day`, `{id}-year`.
/// - `caption`: the section named above the question ("" for none).
/// - `plain_legend`: the legend is the page's `<h1>` unless this is set (a page asking for several
///   dates has its own `<h1>`; each date's legend is then bold text).
/// - `hint`: a sentence about this date, before the example ("" for the example alone).
/// - `parts`: the three texts, as typed.
/// - `error`: the one most important problem, and which fields it concerns (red borders).
#[component]
pub fn DateInput(
    id: &'static str,
    caption: &'static str,
    legend: &'static str,
    hint: &'static str,
    parts: RwSignal<DateParts>,
    #[prop(into)] error: Signal<Option<DateError>>,
    #[prop(optional)] plain_legend: bool,
) -> impl IntoView {
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let described_by = {
        let (hint_id, error_id) = (hint_id.clone(), error_id.clone());
        move || {
            if error.get().is_some() {
                format!("{hint_id} {error_id}")
            } else {
                hint_id.clone()
            }
        }
    };
    let message = Signal::derive(move || error.get().map(|e| e.message));
    let group_class = move || {
        if error.get().is_some() {
            "border-l-4 border-error pl-4 mb-8"
        } else {
            "mb-8"
        }
    };
    view! {
        <div class=group_class>
            <fieldset role="group" aria-describedby=described_by>
                <legend class="mb-3">{legend_content(caption, legend, plain_legend)}</legend>
                <div id=hint_id class="text-secondary mb-4">
                    {if hint.is_empty() { DATE_HINT.to_owned() } else { format!("{hint} {DATE_HINT}") }}
                </div>
                <FieldErrorMessage id=error_id message=message />
                <div class="flex gap-4">
                    {DatePart::ALL
                        .into_iter()
                        .map(|part| {
                            let in_error = Signal::derive(move || error.get().is_some_and(|e| part.is_in(e.fields)));
                            view! { <DatePartInput id=id part=part parts=parts in_error=in_error /> }
                        })
                        .collect_view()}
                </div>
            </fieldset>
        </div>
    }
}

/// One of the three fields: day and year take digits (a numeric keyboard on phones); the month also
/// takes a name ("jan", "September"), so it keeps the full keyboard and a wider box.
#[component]
fn DatePartInput(
    id: &'static str,
    part: DatePart,
    parts: RwSignal<DateParts>,
    #[prop(into)] in_error: Signal<bool>,
) -> impl IntoView {
    let input_id = format!("{id}-{}", part.id_suffix());
    let class = move || match (part, in_error.get()) {
        (DatePart::Year | DatePart::Month, false) => "input w-24",
        (DatePart::Year | DatePart::Month, true) => "input input-error w-24",
        (_, false) => "input w-16",
        (_, true) => "input input-error w-16",
    };
    view! {
        <div>
            <label for=input_id.clone() class="block">{part.label()}</label>
            <input
                id=input_id.clone()
                name=input_id
                type="text"
                inputmode=(part != DatePart::Month).then_some("numeric")
                autocomplete="off"
                class=class
                prop:value=move || parts.with(|p| part.text(p).to_string())
                on:input=move |ev| parts.update(|p| part.set(p, event_target_value(&ev)))
            />
        </div>
    }
}
