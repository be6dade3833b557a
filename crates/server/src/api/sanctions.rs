//! Portal Sanction Payment Notices (`docs/reporting.md`):
//! - `GET /api/sanction-notices?mco_id=` (public): the issued notices, newest first;
//! - `GET /api/sanction-notices/{id}` (public): one issued notice;
//! - `GET /api/hfs/sanction-notices`, `GET /api/hfs/sanction-notices/{id}` (HFS): drafts too,
//!   waived fines with their reasons, `overdue` for a draft past its due date;
//! - `POST /api/hfs/sanction-notices/{id}/fines/{fine_id}/waive` `{"reason"}` (HFS): a draft's fine
//!   waived (audited); answers the notice;
//! - `POST /api/hfs/sanction-notices/{id}/issue` (HFS): emailed to the MCO and published;
//! - `GET`, `PUT /api/admin/sanction-settings` (HFS may read; administrators change): the payment
//!   address, bureau and period, and the HFS mailbox.

use axum::extract::{Path, RawQuery, State};
use axum::routing::{get, post};
use axum::{Json, Router};
use rules::wire::sanctions::{SanctionNotice, SanctionSettings, WaiveFine};

use crate::api::body::JsonBody;
use crate::api::paging::{Paged, Paging};
use crate::api::tickets::{id_param, query_params};
use crate::auth::{Admin, CurrentUser, Hfs};
use crate::sanctions::{self, Readers};
use crate::time;
use crate::{ApiError, AppState};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/sanction-notices", get(public_list))
        .route("/sanction-notices/{id}", get(public_one))
        .route("/hfs/sanction-notices", get(hfs_list))
        .route("/hfs/sanction-notices/{id}", get(hfs_one))
        .route(
            "/hfs/sanction-notices/{id}/fines/{fine_id}/waive",
            post(waive),
        )
        .route("/hfs/sanction-notices/{id}/issue", post(issue))
        .route(
            "/admin/sanction-settings",
            get(read_settings).put(write_settings),
        )
}

#[utoipa::path(get, path = "/api/sanction-notices", tag = "public", params(("mco_id" = Option<i64>, Query, description = "One MCO's notices"), ("limit" = Option<u32>, Query, description = "Entries per page: 1 to 500 (default 100)"), ("offset" = Option<u32>, Query, description = "Entries to skip (default 0)")), responses((status = 200, description = "The issued sanction notices"), (status = 422, description = "The field map of a wrong query")))]
pub(crate) async fn public_list(
    State(state): State<AppState>,
    RawQuery(query): RawQuery,
    paging: Paging,
) -> Result<Paged<SanctionNotice>, ApiError> {
    let params = query_params(query.as_deref(), &["mco_id"])?;
    let mco_id = id_param(&params, "mco_id")?;
    Ok(paging.page(sanctions::list(&state, Readers::Public, mco_id, time::today()).await?))
}

#[utoipa::path(get, path = "/api/sanction-notices/{id}", tag = "public", params(("id" = i64, Path, description = "The notice")), responses((status = 200, description = "An issued sanction notice"), (status = 404, description = "No such issued notice")))]
pub(crate) async fn public_one(
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> Result<Json<SanctionNotice>, ApiError> {
    Ok(Json(
        sanctions::one(&state, Readers::Public, id, time::today()).await?,
    ))
}

async fn hfs_list(
    State(state): State<AppState>,
    user: CurrentUser,
    paging: Paging,
) -> Result<Paged<SanctionNotice>, ApiError> {
    user.require_hfs()?;
    Ok(paging.page(sanctions::list(&state, Readers::Hfs, None, time::today()).await?))
}

async fn hfs_one(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Json<SanctionNotice>, ApiError> {
    user.require_hfs()?;
    Ok(Json(
        sanctions::one(&state, Readers::Hfs, id, time::today()).await?,
    ))
}

async fn waive(
    State(state): State<AppState>,
    Hfs(user): Hfs,
    Path((id, fine_id)): Path<(i64, i64)>,
    JsonBody(input): JsonBody<WaiveFine>,
) -> Result<Json<SanctionNotice>, ApiError> {
    sanctions::waive(&state, &user, id, fine_id, &input.reason).await?;
    Ok(Json(
        sanctions::one(&state, Readers::Hfs, id, time::today()).await?,
    ))
}

async fn issue(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Json<SanctionNotice>, ApiError> {
    user.require_hfs()?;
    Ok(Json(
        sanctions::issue(&state, &user, id, time::today()).await?,
    ))
}

async fn read_settings(
    State(state): State<AppState>,
    user: CurrentUser,
) -> Result<Json<SanctionSettings>, ApiError> {
    user.require_hfs()?;
    Ok(Json(sanctions::settings(&state.pool).await?))
}

async fn write_settings(
    State(state): State<AppState>,
    Admin(_admin): Admin,
    JsonBody(input): JsonBody<SanctionSettings>,
) -> Result<Json<SanctionSettings>, ApiError> {
    let checked = sanctions::check_settings(&input)?;
    sanctions::save_settings(&state.pool, &checked).await?;
    Ok(Json(checked))
}
