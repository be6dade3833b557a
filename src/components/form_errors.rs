//! Forms: sending one at a time, and turning problems into what the error pattern shows (the
//! summary's list and each field's message).

use std::future::Future;

use leptos::prelude::*;
use leptos::task::spawn_local;
use rules::wire::ErrorBody;

use super::error_summary::FieldError;
use crate::api::ApiError;

/// Sends a form: `busy` is true while `request` runs, then `done` gets its answer. The caller
/// returns early while `busy` is already true (before checking the form), so one send runs at a time.
pub fn send_form<T: 'static>(
    busy: RwSignal<bool>,
    request: impl Future<Output = T> + 'static,
    done: impl FnOnce(T) + 'static,
) {
    busy.set(true);
    spawn_local(async move {
        let answer = request.await;
        busy.set(false);
        done(answer);
    });
}

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

/// What a form shows when sending it failed: the messages of a 422 or a 429 as [`from_body`]
/// places them; any other failure as one message on `fallback_id`.
pub fn from_api_error(
    error: &ApiError,
    fields: &[(&str, &str)],
    fallback_id: &str,
) -> Vec<FieldError> {
    match error {
        ApiError::Invalid(body) | ApiError::TooMany(body) => from_body(body, fields, fallback_id),
        other => vec![FieldError::new(fallback_id, other.message())],
    }
}
