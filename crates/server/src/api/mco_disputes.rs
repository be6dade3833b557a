//! Each MCO's own dispute process (`docs/tickets.md`, `rules::mco_disputes`):
//! - `GET /api/mco-disputes`: every active MCO's dispute information, by name (public: what a
//!   provider needs before filing, also in the eligibility checker);
//! - `PUT /api/admin/mcos/{id}/dispute` (HFS admin): records an MCO's link, tracking number
//!   guidance and provider services phone; 422 per field as `rules::mco_disputes::check` says.

use axum::extract::{Path, State};
use axum::routing::{get, put};
use axum::{Json, Router};
use rules::mco_disputes::{McoDispute, McoDisputeInput};
use sqlx::any::AnyRow;
use sqlx::Row;

use crate::api::body::JsonBody;
use crate::api::paging::{Paged, Paging};
use crate::auth::CurrentUser;
use crate::error::{ApiError, FieldErrors};
use crate::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/mco-disputes", get(list))
        .route("/admin/mcos/{id}/dispute", put(update))
}

const SELECT: &str = "SELECT id, name, dispute_url, tracking_guidance, provider_services_phone \
     FROM mcos";

fn from_row(row: &AnyRow) -> Result<McoDispute, sqlx::Error> {
    Ok(McoDispute {
        mco_id: row.try_get("id")?,
        mco_name: row.try_get("name")?,
        dispute_url: row.try_get("dispute_url")?,
        tracking_guidance: row.try_get("tracking_guidance")?,
        provider_services_phone: row.try_get("provider_services_phone")?,
    })
}

/// `GET /api/mco-disputes`: the active MCOs, by name.
#[utoipa::path(get, path = "/api/mco-disputes", tag = "public", params(("limit" = Option<u32>, Query, description = "Entries per page: 1 to 500 (default 100)"), ("offset" = Option<u32>, Query, description = "Entries to skip (default 0)")), responses((status = 200, description = "Each active MCO's dispute information")))]
pub(crate) async fn list(
    State(state): State<AppState>,
    paging: Paging,
) -> Result<Paged<McoDispute>, ApiError> {
    let rows = sqlx::query(&format!("{SELECT} WHERE active = 1 ORDER BY name"))
        .fetch_all(&state.pool)
        .await?;
    Ok(paging.page(
        rows.iter()
            .map(from_row)
            .collect::<Result<Vec<_>, sqlx::Error>>()?,
    ))
}

/// `PUT /api/admin/mcos/{id}/dispute`: 200 `McoDispute`; 404 for no such MCO.
async fn update(
    State(state): State<AppState>,
    admin: CurrentUser,
    Path(id): Path<i64>,
    JsonBody(input): JsonBody<McoDisputeInput>,
) -> Result<Json<McoDispute>, ApiError> {
    admin.require_admin()?;
    let checked = rules::mco_disputes::check(&input)
        .map_err(|errors| ApiError::Validation(FieldErrors::from(errors)))?;
    let row = sqlx::query(
        "UPDATE mcos SET dispute_url = $1, tracking_guidance = $2, provider_services_phone = $3 \
         WHERE id = $4 RETURNING id, name, dispute_url, tracking_guidance, provider_services_phone",
    )
    .bind(&checked.dispute_url)
    .bind(&checked.tracking_guidance)
    .bind(&checked.provider_services_phone)
    .bind(id)
    .fetch_optional(&state.pool)
    .await?
    .ok_or(ApiError::NotFound)?;
    tracing::info!(
        admin_id = admin.id,
        mco_id = id,
        "MCO dispute information changed"
    );
    crate::audit::record(
        &state.pool,
        crate::audit::AuditEvent::by(admin.id, "mco_changed")
            .detail(format!("MCO {id}: dispute information")),
    )
    .await?;
    Ok(Json(from_row(&row)?))
}
