//! The parts every form field shares (GOV.UK error pattern): what its input is described by, the
//! red bar of a field in error, and the hint and error message above the input.

use leptos::prelude::*;

use super::error_summary::FieldErrorMessage;

/// The ids the field `id` is described by: its hint `{id}-hint` (when it has one) and its error
/// message `{id}-error` (while there is one); `None` when neither.
pub fn described_by(
    id: &str,
    has_hint: bool,
    error: Signal<Option<String>>,
) -> impl Fn() -> Option<String> + Send + Sync + Clone + 'static {
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
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
}

/// The class of the field's group: `margin` below it, and a red bar at its left while it has an
/// error.
pub fn group_class(
    error: Signal<Option<String>>,
    margin: &'static str,
) -> impl Fn() -> String + Send + Sync + Clone + 'static {
    move || {
        if error.with(Option::is_some) {
            format!("border-l-4 border-error pl-4 {margin}")
        } else {
            margin.to_string()
        }
    }
}

/// The class of a text input or text area `width` wide, with a red border while it has an error.
pub fn input_class(
    error: Signal<Option<String>>,
    width: &'static str,
) -> impl Fn() -> String + Send + Sync + Clone + 'static {
    move || {
        if error.with(Option::is_some) {
            format!("input input-error {width}")
        } else {
            format!("input {width}")
        }
    }
}

/// The hint `{id}-hint` under the label, if any, and the error message `{id}-error` above the input.
pub fn hint_and_error(
    id: &str,
    hint: Option<String>,
    error: Signal<Option<String>>,
) -> impl IntoView {
    let hint_id = format!("{id}-hint");
    view! {
        {hint.map(|h| view! { <div id=hint_id class="text-secondary mb-2">{h}</div> })}
        <FieldErrorMessage id=format!("{id}-error") message=error />
    }
}
