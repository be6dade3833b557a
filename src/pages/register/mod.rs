//! Registering a provider or billing agent (the seed's "Register" tab, then its "Profile" screen):
//! the account (email, username, password) creates the user and signs it in; then one small group
//! per page (name and contact details, organization), "Check your answers", and
//! "Send registration request" sends the profile to HFS.
//!
//! The answers live in memory for the visit ([`RegistrationAnswers`]) and are kept on the server
//! at each Continue with the step reached (`PUT /api/me/registration/answers`), never in the
//! browser's storage: a reload, a new tab or signing in again after a timeout finds them, and
//! `/register` resumes at that step. The contact email starts as the account's email. A user whose
//! request HFS denied finds the profile it sent, to correct.

mod account;
mod check;
mod details;
mod state;

pub use account::CreateAccount;
pub use check::CheckProfile;
pub use details::{NamePage, OrganizationPage};
pub use state::RegistrationAnswers;

/// The caption above every page of the journey.
pub const CAPTION: &str = "Register";
