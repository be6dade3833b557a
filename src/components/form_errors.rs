//! Turning problems into what the error pattern shows: the summary's list and each field's message.

use leptos::prelude::*;
use rules::wire::ErrorBody;

use super::FieldError;

/// The first message for the field `id` in `errors`, for the message above that field.
pub fn message_for(
    errors: RwSignal<Vec<FieldError>>,
    id: impl Into<String>,
) -> Signal<Option<String>> {
    let id = id.into();
    Signal::derive(move || {
        errors.with(|list| {
            list.iter()
                .find(|e| e.field_id == id)
                .map(|e| e.message.clone())
        })
    })
}

/// The messages of a 422 (or of a check of the rules crate) in the order of the page's fields:
/// `fields` maps a wire field name to the id of its input. Fields not listed come last, linked to
/// `fallback_id`.
pub fn from_body(body: &ErrorBody, fields: &[(&str, &str)], fallback_id: &str) -> Vec<FieldError> {
    let mut list = Vec::new();
    for (name, id) in fields {
        if let Some(messages) = body.errors.get(*name) {
            list.extend(messages.iter().map(|m| FieldError::new(*id, m.clone())));
        }
    }
    for (name, messages) in &body.errors {
        if !fields.iter().any(|(n, _)| n == name) {
            list.extend(
                messages
                    .iter()
                    .map(|m| FieldError::new(fallback_id, m.clone())),
            );
        }
    }
    list
}
