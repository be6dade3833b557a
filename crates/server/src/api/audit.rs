//! `GET /api/admin/audit?ticket_id=`: who saw protected health information, and when (HFS
//! administrators only), newest first. The rows are written by `crate::tickets::audit`.
//!
//! May import: any module below `api` (not `cli`, `demo`, `fallback`), `api::body`, `api::fields`,
//! `api::tickets`.

use axum::extract::{RawQuery, State};
use axum::routing::get;
use axum::{Json, Router};
use rules::wire::tickets::AuditEntry;
use sqlx::Row;

use crate::api::tickets::{id_param, query_params};
use crate::auth::CurrentUser;
use crate::error::ApiError;
use crate::state::AppState;
use crate::time::rfc3339;

/// The most rows one answer carries (the newest).
pub const AUDIT_PAGE: i64 = 1_000;

pub fn router() -> Router<AppState> {
    Router::new().route("/admin/audit", get(audit_log))
}

async fn audit_log(
    State(state): State<AppState>,
    user: CurrentUser,
    RawQuery(query): RawQuery,
) -> Result<Json<Vec<AuditEntry>>, ApiError> {
    user.require_admin()?;
    let params = query_params(query.as_deref(), &["ticket_id"])?;
    let ticket_id = id_param(&params, "ticket_id")?;
    let rows = sqlx::query(
        "SELECT a.at, u.username, a.ticket_id, a.what FROM audit_log a \
         JOIN users u ON u.id = a.user_id \
         WHERE ?1 IS NULL OR a.ticket_id = ?1 ORDER BY a.id DESC LIMIT ?2",
    )
    .bind(ticket_id)
    .bind(AUDIT_PAGE)
    .fetch_all(&state.pool)
    .await?;
    let entries = rows
        .iter()
        .map(|row| {
            Ok(AuditEntry {
                at: rfc3339(row.try_get("at")?),
                username: row.try_get("username")?,
                ticket_id: row.try_get("ticket_id")?,
                what: row.try_get("what")?,
            })
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()?;
    Ok(Json(entries))
}
