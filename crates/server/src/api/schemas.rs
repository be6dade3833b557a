//! The JSON bodies of the public endpoints as the OpenAPI document describes them
//! (`api::openapi`): the endpoints read them field by field (their checks are in `crates/rules`);
//! these types only describe them, for `/api/openapi.json` and the fuzz.
//!
//! May import: nothing of this crate.

use utoipa::ToSchema;

/// `POST /api/session`.
#[allow(dead_code)]
#[derive(ToSchema)]
pub struct SignInBody {
    #[schema(example = "provider1")]
    username: String,
    #[schema(example = "a password")]
    password: String,
}

/// `POST /api/password-reset`.
#[allow(dead_code)]
#[derive(ToSchema)]
pub struct PasswordResetBody {
    #[schema(example = "provider1")]
    identifier: String,
}

/// `POST /api/password-reset/complete`.
#[allow(dead_code)]
#[derive(ToSchema)]
pub struct PasswordResetCompleteBody {
    token: String,
    password: String,
}

/// `POST /api/email-confirmation`.
#[allow(dead_code)]
#[derive(ToSchema)]
pub struct EmailConfirmationBody {
    token: String,
}

/// `POST /api/registrations`.
#[allow(dead_code)]
#[derive(ToSchema)]
pub struct RegistrationBody {
    #[schema(example = "someone@example.com")]
    email: String,
    #[schema(example = "someone")]
    username: String,
    password: String,
    confirm_password: String,
}

/// `POST /api/eligibility` (dates `YYYY-MM-DD`).
#[allow(dead_code)]
#[derive(ToSchema)]
pub struct EligibilityBody {
    #[schema(example = "2026-10-01")]
    mco_received_on: String,
    #[schema(example = "2026-11-20")]
    today: Option<String>,
    /// `medicaid`, `medicare_only` or `fee_for_service`.
    #[schema(example = "medicaid")]
    program: String,
    has_tracking_number: bool,
    internal_process_exhausted: bool,
    prior_authorization_not_obtained: bool,
}

/// `POST /api/timeline` (dates `YYYY-MM-DD`; all but `mco_received_on` optional).
#[allow(dead_code)]
#[derive(ToSchema)]
pub struct TimelineBody {
    #[schema(example = "2026-10-01")]
    mco_received_on: String,
    submitted_on: Option<String>,
    presented_on: Option<String>,
    info_requested_on: Option<String>,
    info_provided_on: Option<String>,
    extension_approved_for: Option<String>,
    mco_responded_on: Option<String>,
    provider_decision: Option<String>,
    provider_decided_on: Option<String>,
    hfs_review_requested_on: Option<String>,
    information_delivered_on: Option<String>,
    hfs_decided_on: Option<String>,
    today: Option<String>,
}
