//! The claims template (issue 6, `docs/claims.md`):
//! - `GET /api/templates/claims.csv`, `GET /api/templates/claims.xlsx`: the blank template, for
//!   anyone (a download);
//! - `PUT /api/drafts/{id}/claims`: the draft's owner sends a filled-in template (raw bytes,
//!   `X-File-Name`); the server checks it with `rules::claims::check_file`, the code the browser
//!   ran, against the draft's form and today, and keeps it only when it is ready: 201
//!   `ClaimsUpload`, else 422 `ClaimsRefusal`;
//! - `DELETE /api/drafts/{id}/claims`: 204.
//!
//! Access as the other draft endpoints (`api::drafts`): someone else's draft is a 404. The body
//! limit is above the rules' 10 MB so that their message is what a user sees for a file just over
//! it; far beyond, a 413 without reading the body (`claims::read_upload`).
//!
//! May import: any module below `api` (not `cli`, `demo`, `fallback`), `api::body`, `api::fields`,
//! `api::drafts`.

use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, put};
use axum::{Json, Router};
use rules::wire::claims::ClaimsUpload;

use crate::api::drafts;
use crate::attachments;
use crate::auth::CurrentUser;
use crate::claims;
use crate::error::ApiError;
use crate::state::AppState;
use crate::tickets;
use crate::time;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/templates/claims.csv", get(template_csv))
        .route("/templates/claims.xlsx", get(template_xlsx))
        .route("/drafts/{id}/claims", put(upload).delete(remove))
}

/// The blank template's file names.
pub const CSV_FILE_NAME: &str = "claims-template.csv";
pub const XLSX_FILE_NAME: &str = "claims-template.xlsx";

/// A download of `bytes` named `file_name`.
fn template(bytes: Vec<u8>, content_type: &'static str, file_name: &str) -> Response {
    let mut response = Response::new(Body::from(bytes));
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(
        header::CONTENT_DISPOSITION,
        attachments::content_disposition(file_name),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    // The same for everyone; it changes only with a new release.
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=3600"),
    );
    response
}

/// `GET /api/templates/claims.csv`: the heading row.
async fn template_csv() -> Response {
    template(
        rules::claims::blank_csv().into(),
        "text/csv; charset=utf-8",
        CSV_FILE_NAME,
    )
}

/// `GET /api/templates/claims.xlsx`: the `Claims` sheet and the `How to fill in` sheet.
async fn template_xlsx() -> Response {
    template(
        rules::claims::blank_xlsx(),
        rules::tickets::CONTENT_TYPE_XLSX,
        XLSX_FILE_NAME,
    )
}

/// `PUT /api/drafts/{id}/claims`: 201 `ClaimsUpload`; 422 `ClaimsRefusal`; 413 beyond 12 MB;
/// 409 once submitted.
async fn upload(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    user.require_approved_provider()?;
    let row = drafts::own_draft(&state, &user, id).await?;
    let bytes = claims::read_upload(&headers, body).await?;
    let ctx = claims::context(&state, &row.form(), time::today()).await?;
    let report = claims::check(bytes.clone(), ctx).await?;
    if !report.is_ready() {
        return Err(claims::refusal(&report));
    }
    let file_name = claims::file_name(&headers);
    let Some(attachment) =
        claims::store_draft_file(&state.pool, id, user.id, &file_name, &bytes, &report).await?
    else {
        // Submitted (or deleted) since the check above.
        drafts::own_draft(&state, &user, id).await?;
        return Err(ApiError::NotFound);
    };
    let upload = ClaimsUpload {
        attachment,
        claims: report.claims.len(),
    };
    tickets::audit(&state.pool, user.id, Some(id), "uploaded_attachment").await?;
    Ok((StatusCode::CREATED, Json(upload)).into_response())
}

/// `DELETE /api/drafts/{id}/claims`: the draft's template goes, and the form forgets it. 204
/// (also when there was none); 409 once submitted.
async fn remove(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<StatusCode, ApiError> {
    drafts::own_draft(&state, &user, id).await?;
    if claims::remove_draft_file(&state.pool, id, &user).await? {
        return Ok(StatusCode::NO_CONTENT);
    }
    drafts::own_draft(&state, &user, id).await?;
    Err(ApiError::NotFound)
}
