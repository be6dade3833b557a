//! The one error type of the API and the JSON bodies it answers with, and [`ResultExt`], which
//! turns a database write refused by a unique constraint into the 422 of the field at fault.
//!
//! May import: the rules crate's wire types only (no module of this crate).

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use rules::wire::claims::ClaimsRefusal;
use rules::wire::ErrorBody;
use serde_json::json;

/// Problems with a request's fields, each under its field name, all reported at once
/// (the shared wire type `rules::wire::ErrorBody`).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct FieldErrors(ErrorBody);

impl FieldErrors {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a message under `field`.
    pub fn add(&mut self, field: impl Into<String>, message: impl Into<String>) {
        self.0.add(field, message);
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn contains(&self, field: &str) -> bool {
        self.0.errors.contains_key(field)
    }

    /// `Ok(())` when there is no problem, else the 422 error.
    pub fn into_result(self) -> Result<(), ApiError> {
        if self.is_empty() {
            Ok(())
        } else {
            Err(ApiError::Validation(self))
        }
    }

    /// A single problem.
    pub fn one(field: impl Into<String>, message: impl Into<String>) -> Self {
        let mut errors = Self::new();
        errors.add(field, message);
        errors
    }
}

impl From<ErrorBody> for FieldErrors {
    fn from(body: ErrorBody) -> Self {
        FieldErrors(body)
    }
}

impl FieldErrors {
    /// Adds every problem of `other` after this one's.
    pub fn merge(&mut self, other: FieldErrors) {
        for (field, messages) in other.0.errors {
            for message in messages {
                self.0.add(field.clone(), message);
            }
        }
    }
}

/// Everything an API handler can answer besides success.
#[derive(Debug)]
pub enum ApiError {
    /// 422 `{"errors": {"field": ["message", ...]}}`.
    Validation(FieldErrors),
    /// 401 `{"error": "unauthorized", "message": "Sign in to continue"}`: no session, or it ended.
    Unauthorized,
    /// 403 `{"error": "forbidden", "message": ...}`: signed in, but not allowed to do this.
    Forbidden(String),
    /// 403 `{"error": "mfa_enrolment_required", "message": ...}`: an HFS or MCO account that has
    /// not set up two-step sign-in yet reaches nothing but its session and the enrolment.
    MfaEnrolmentRequired,
    /// 404 `{"error": "not_found", "message": ...}`: the row asked for does not exist, or the
    /// session may not see it (the two are never told apart).
    NotFound,
    /// 404 `{"error": "not_found", "message": ...}` of a path under `/api` with no endpoint.
    NoEndpoint,
    /// 409 `{"error": "conflict", "message": ...}`: not possible in the current state.
    Conflict(String),
    /// 429 with `Retry-After: retry_after_secs` and `{"errors": {...}}`.
    TooManyRequests {
        retry_after_secs: u64,
        errors: FieldErrors,
    },
    /// 405 `{"error": "method_not_allowed", "message": ...}`.
    MethodNotAllowed,
    /// 413 `{"error": "payload_too_large", "message": ...}`.
    PayloadTooLarge,
    /// 413 as [`ApiError::PayloadTooLarge`], with the message of the file that was too large.
    FileTooLarge(String),
    /// 422 of a claims template that cannot go with the ticket: `{"errors": {"claims_file":
    /// [...]}, "problems": [...], "problem_count": n}` (`docs/claims.md`).
    Claims(ClaimsRefusal),
    /// 503 `{"error": "busy", "message": ...}` with `Retry-After`: the portal is answering as
    /// many requests (or password checks) as it can; try again shortly.
    Busy,
    /// 500 for a failure that is not the database's (a check that stopped); logged, never shown.
    Internal(&'static str),
    /// 500; the error is logged, never shown to the client.
    Database(sqlx::Error),
}

impl From<FieldErrors> for ApiError {
    fn from(errors: FieldErrors) -> Self {
        ApiError::Validation(errors)
    }
}

impl ApiError {
    /// 403 with a message.
    pub fn forbidden(message: impl Into<String>) -> Self {
        ApiError::Forbidden(message.into())
    }

    /// 409 with a message.
    pub fn conflict(message: impl Into<String>) -> Self {
        ApiError::Conflict(message.into())
    }
}

/// The message of a 403 that has nothing more specific to say.
pub const NOT_ALLOWED: &str = "Your account cannot do this";

impl From<sqlx::Error> for ApiError {
    fn from(error: sqlx::Error) -> Self {
        ApiError::Database(error)
    }
}

/// What a database write's result becomes when a unique constraint refused it.
pub trait ResultExt<T> {
    /// A unique-constraint violation as the 422 `message` under `field` (a name taken between the
    /// check and the write); any other error as it is.
    fn on_unique_violation(self, field: &str, message: &str) -> Result<T, ApiError>;
}

impl<T, E: Into<ApiError>> ResultExt<T> for Result<T, E> {
    fn on_unique_violation(self, field: &str, message: &str) -> Result<T, ApiError> {
        self.map_err(|error| match error.into() {
            ApiError::Database(sqlx::Error::Database(e)) if e.is_unique_violation() => {
                FieldErrors::one(field, message).into()
            }
            other => other,
        })
    }
}

fn plain_error(status: StatusCode, code: &str, message: &str) -> Response {
    (status, Json(json!({ "error": code, "message": message }))).into_response()
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        match self {
            ApiError::Validation(FieldErrors(body)) => {
                (StatusCode::UNPROCESSABLE_ENTITY, Json(body)).into_response()
            }
            ApiError::Unauthorized => plain_error(
                StatusCode::UNAUTHORIZED,
                "unauthorized",
                "Sign in to continue",
            ),
            ApiError::Forbidden(message) => {
                plain_error(StatusCode::FORBIDDEN, "forbidden", &message)
            }
            ApiError::Conflict(message) => plain_error(StatusCode::CONFLICT, "conflict", &message),
            ApiError::MfaEnrolmentRequired => plain_error(
                StatusCode::FORBIDDEN,
                "mfa_enrolment_required",
                "Set up two-step sign-in for your account to continue",
            ),
            ApiError::TooManyRequests {
                retry_after_secs,
                errors: FieldErrors(body),
            } => {
                let mut response = (StatusCode::TOO_MANY_REQUESTS, Json(body)).into_response();
                response.headers_mut().insert(
                    header::RETRY_AFTER,
                    HeaderValue::from(retry_after_secs.max(1)),
                );
                response
            }
            ApiError::NotFound => plain_error(
                StatusCode::NOT_FOUND,
                "not_found",
                "This was not found: it does not exist, or your account cannot see it.",
            ),
            ApiError::NoEndpoint => plain_error(
                StatusCode::NOT_FOUND,
                "not_found",
                "There is no API endpoint at this path; see the API documentation for the endpoints.",
            ),
            ApiError::MethodNotAllowed => plain_error(
                StatusCode::METHOD_NOT_ALLOWED,
                "method_not_allowed",
                "This endpoint does not accept this HTTP method; see the API documentation.",
            ),
            ApiError::Busy => {
                let mut response = plain_error(
                    StatusCode::SERVICE_UNAVAILABLE,
                    "busy",
                    "The portal is busy. Try again in a minute.",
                );
                response
                    .headers_mut()
                    .insert(header::RETRY_AFTER, HeaderValue::from(30u32));
                response
            }
            ApiError::PayloadTooLarge => plain_error(
                StatusCode::PAYLOAD_TOO_LARGE,
                "payload_too_large",
                "The request body is too large.",
            ),
            ApiError::FileTooLarge(message) => plain_error(
                StatusCode::PAYLOAD_TOO_LARGE,
                "payload_too_large",
                &message,
            ),
            ApiError::Claims(refusal) => {
                (StatusCode::UNPROCESSABLE_ENTITY, Json(refusal)).into_response()
            }
            ApiError::Internal(what) => {
                tracing::error!(what, "internal error");
                plain_error(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "internal",
                    "Something went wrong on the server. Try again later.",
                )
            }
            ApiError::Database(error) => {
                tracing::error!(error = %error, "database error");
                plain_error(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "internal",
                    "Something went wrong on the server. Try again later.",
                )
            }
        }
    }
}
