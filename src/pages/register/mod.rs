//! Registering a provider or billing agent (the seed's "Register" tab, then its "Profile" screen):
//! the account (email, username, password) creates the user and signs it in; then one small group
//! per page (name and contact details, organization), "Check your answers", and
//! "Send registration request" sends the profile to HFS.
//!
//! The answers live in memory for the visit ([`RegistrationAnswers`]); nothing is kept in the
//! browser's storage. A user whose request HFS denied finds the profile it sent, to correct.

mod account;
mod check;
mod details;
mod state;

pub use account::CreateAccount;
pub use check::CheckProfile;
pub use details::{NamePage, OrganizationPage};
pub use state::RegistrationAnswers;

use leptos::prelude::*;
use rules::wire::ErrorBody;

use crate::components::FieldError;

/// The caption above every page of the journey.
pub const CAPTION: &str = "Register";

/// The messages of `body` as error-summary entries, in the order the fields appear on the page
/// (`order`, field names as on the wire = the inputs' ids); fields not in `order` come last.
pub fn errors_in_order(body: &ErrorBody, order: &[&str]) -> Vec<FieldError> {
    let mut fields: Vec<&String> = body.errors.keys().collect();
    fields.sort_by_key(|f| order.iter().position(|o| o == f).unwrap_or(usize::MAX));
    fields
        .into_iter()
        .filter_map(|f| {
            body.errors[f]
                .first()
                .map(|m| FieldError::new(f.clone(), m.clone()))
        })
        .collect()
}

/// The message for field `id` among `errors`, for the field itself.
pub fn error_for(errors: RwSignal<Vec<FieldError>>, id: &'static str) -> Signal<Option<String>> {
    Signal::derive(move || {
        errors.with(|e| {
            e.iter()
                .find(|e| e.field_id == id)
                .map(|e| e.message.clone())
        })
    })
}
