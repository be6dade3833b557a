use leptos::prelude::*;

use super::date_input::legend_content;
use super::error_summary::FieldErrorMessage;
use super::field::{described_by, group_class};

/// One choice of a [`Radios`] question.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RadioOption {
    pub value: &'static str,
    pub label: &'static str,
    pub hint: Option<&'static str>,
}

impl RadioOption {
    pub const YES: RadioOption = RadioOption {
        value: "yes",
        label: "Yes",
        hint: None,
    };
    pub const NO: RadioOption = RadioOption {
        value: "no",
        label: "No",
        hint: None,
    };
}

/// A question answered by choosing one option, GOV.UK style: the question is the page's `<h1>`
/// inside the fieldset's legend, with a caption naming the section above it.
///
/// - `caption`: the section named above the question ("" for none).
/// - `plain_legend`: the legend is the page's `<h1>` unless this is set (a page with several
///   questions has its own `<h1>`; each question's legend is then bold text).
/// - `id`: the first radio's id (the error summary links to it); the others are `{id}-2`, `{id}-3`.
/// - `selected`: the chosen value, kept as the user left it.
/// - `error`: the message to show above the options, if any.
#[component]
pub fn Radios(
    id: &'static str,
    caption: &'static str,
    legend: &'static str,
    #[prop(optional, into)] hint: Option<String>,
    options: Vec<RadioOption>,
    selected: RwSignal<Option<&'static str>>,
    #[prop(into)] error: Signal<Option<String>>,
    /// Show yes/no side by side.
    #[prop(optional)]
    inline: bool,
    #[prop(optional)] plain_legend: bool,
) -> impl IntoView {
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let described_by = described_by(id, hint.is_some(), error);
    let list_class = if inline { "flex gap-8" } else { "space-y-3" };
    let name = id;
    view! {
        <div class=group_class(error, "mb-8")>
            <fieldset aria-describedby=described_by>
                <legend class="mb-3">{legend_content(caption, legend, plain_legend)}</legend>
                {hint.map(|h| view! { <div id=hint_id.clone() class="text-secondary mb-4">{h}</div> })}
                <FieldErrorMessage id=error_id.clone() message=error />
                <div class=list_class>
                    {options
                        .into_iter()
                        .enumerate()
                        .map(|(i, option)| {
                            let input_id = if i == 0 { id.to_string() } else { format!("{id}-{}", i + 1) };
                            let option_hint_id = format!("{input_id}-item-hint");
                            view! {
                                <div class="flex items-start gap-3">
                                    <input
                                        type="radio"
                                        class="radio mt-1 shrink-0"
                                        id=input_id.clone()
                                        name=name
                                        value=option.value
                                        aria-describedby=option.hint.map(|_| option_hint_id.clone())
                                        prop:checked=move || selected.get() == Some(option.value)
                                        on:change=move |_| selected.set(Some(option.value))
                                    />
                                    <div>
                                        <label for=input_id.clone() class="cursor-pointer">
                                            {option.label}
                                        </label>
                                        {option
                                            .hint
                                            .map(|h| {
                                                view! {
                                                    <div id=option_hint_id.clone() class="text-secondary text-base">
                                                        {h}
                                                    </div>
                                                }
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
