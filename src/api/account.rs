//! The calls of accounts (docs/accounts.md): sign-in, the session, registration, the profile,
//! passwords and the facility a provider works for.

use gloo_net::http::Method;
use rules::wire::accounts::{
    EmailConfirmation, MfaCode, MfaEnrolment, MfaRecoveryCodes, PasswordChange,
    PasswordResetComplete, PasswordResetRequest, Session, SignIn, SwitchFacility,
};

use super::{send_json, send_no_content, ApiError, ApiResult};

/// What the first step of signing in led to.
pub enum SignInOutcome {
    /// Signed in.
    SignedIn(Session),
    /// The password was right; the authenticator's code is due (`POST /api/session/mfa`).
    CodeNeeded,
}

/// `GET /api/session`: the signed-in user (this also renews the session), or `None` when signed out
/// (read with the browser's own JSON, `super::browser`).
pub use super::browser::session;

/// `POST /api/session`, then `GET /api/session` (both with the browser's own fetch and JSON,
/// `super::browser`): signs in and returns who is signed in, or that
/// the authenticator's code is due (202). A wrong username or password is `ApiError::Invalid`
/// (the server's 401 body, by field), so the page shows it like any other field error; too many
/// attempts is `ApiError::TooMany`.
pub async fn sign_in(details: &SignIn) -> ApiResult<SignInOutcome> {
    match super::browser::sign_in(details).await {
        Ok(202) => return Ok(SignInOutcome::CodeNeeded),
        Ok(_) => {}
        Err(ApiError::SignedOut) => {
            let mut body = rules::wire::ErrorBody::default();
            body.add("username", WRONG_DETAILS);
            return Err(ApiError::Invalid(body));
        }
        Err(e) => return Err(e),
    }
    Ok(SignInOutcome::SignedIn(
        session().await?.ok_or(ApiError::SignedOut)?,
    ))
}

/// `POST /api/session/mfa`, then `GET /api/session`: the second step of signing in. A wrong code
/// is `ApiError::Invalid` under `code`; a half-done sign-in that ended is `ApiError::SignedOut`.
pub async fn sign_in_code(code: &str) -> ApiResult<Session> {
    let body = MfaCode {
        code: code.to_owned(),
    };
    super::browser::sign_in_code(&body).await?;
    session().await?.ok_or(ApiError::SignedOut)
}

/// `POST /api/me/mfa`: a new authenticator secret and its QR code.
pub async fn start_two_step() -> ApiResult<MfaEnrolment> {
    send_json(Method::POST, "/api/me/mfa", &serde_json::json!({})).await
}

/// `POST /api/me/mfa/confirm`: the code that turns two-step sign-in on; the recovery codes.
pub async fn confirm_two_step(code: &str) -> ApiResult<MfaRecoveryCodes> {
    let body = MfaCode {
        code: code.to_owned(),
    };
    send_json(Method::POST, "/api/me/mfa/confirm", &body).await
}

/// The one message for an unknown user or a wrong password (docs/accounts.md).
pub const WRONG_DETAILS: &str = "Enter a correct username and password";

/// `DELETE /api/session`. Signing out of a session that already ended is not a failure (with the
/// browser's own fetch, `super::browser`).
pub use super::browser::sign_out;

// `POST /api/registrations` (creates the account and signs the new user in),
// `GET /api/me/registration` (the signed-in provider's own registration and profile),
// `PUT /api/me/registration/answers` (keeps the profile's answers so far and the step reached) and
// `PUT /api/me/profile` (sends the registration request to HFS), with the browser's own fetch and
// JSON (`super::browser`): the registering entry app links neither `gloo-net` nor `serde_json`.
pub use super::browser::{register, registration, save_answers, send_profile};

/// `PUT /api/me/password`.
pub async fn change_password(change: &PasswordChange) -> ApiResult<()> {
    send_no_content(Method::PUT, "/api/me/password", Some(change)).await
}

/// `POST /api/password-reset`: asks for a link to choose a new password (the same answer whether
/// or not an account has that username or email).
pub async fn request_password_reset(identifier: &str) -> ApiResult<()> {
    let body = PasswordResetRequest {
        identifier: identifier.to_owned(),
    };
    super::browser::request_password_reset(&body).await
}

/// `POST /api/password-reset/complete`: the emailed link's token and the new password.
pub async fn complete_password_reset(token: &str, password: &str) -> ApiResult<()> {
    let body = PasswordResetComplete {
        token: token.to_owned(),
        password: password.to_owned(),
    };
    super::browser::complete_password_reset(&body).await
}

/// `POST /api/email-confirmation`: the emailed confirmation link's token.
pub async fn confirm_email(token: &str) -> ApiResult<()> {
    let body = EmailConfirmation {
        token: token.to_owned(),
    };
    super::browser::confirm_email(&body).await
}

/// `POST /api/me/email-confirmation`: sends the confirmation links again.
pub async fn send_confirmation_again() -> ApiResult<()> {
    send_no_content::<()>(Method::POST, "/api/me/email-confirmation", None).await
}

/// `POST /api/session/facility`: work for another of the user's facilities.
pub async fn switch_facility(facility_id: i64) -> ApiResult<Session> {
    send_json(
        Method::POST,
        "/api/session/facility",
        &SwitchFacility { facility_id },
    )
    .await
}

/// Whether the server runs in demo mode (`GET /api/health` says so). The app never asks
/// `/api/demo/...` otherwise, so a production install logs no 404 in the browser's console.
pub use super::browser::demo_mode;
