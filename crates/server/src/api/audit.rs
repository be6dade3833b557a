//! The audit trail, read by HFS administrators (`docs/security.md`, V7): `GET /api/admin/audit`
//! (paged: `limit`, `offset`, `X-Total-Count`) and `GET /api/admin/audit.csv` (every matching
//! entry, as a spreadsheet), newest first, filtered by `user` (a username), `ticket_id`, `kind`,
//! `from` and `to` (Illinois dates, both included). The entries are written by `crate::audit`.
//!
//! A ticket's entries are those recorded since the ticket was made: SQLite may give a deleted
//! draft's id to a later ticket, and the draft's entries (which are never changed) must not be
//! read as the new ticket's.
//!
//! May import: any module below `api` (not `cli`, `demo`, `fallback`), `api::body`, `api::fields`,
//! `api::paging`, `api::tickets`.

use std::collections::BTreeMap;

use axum::extract::{RawQuery, State};
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use rules::wire::tickets::AuditEntry;
use sqlx::Row;

use crate::api::paging::{Paged, Paging};
use crate::api::tickets::{id_param, query_params};
use crate::auth::CurrentUser;
use crate::error::{ApiError, FieldErrors};
use crate::state::AppState;
use crate::time::{date_message, parse_date, rfc3339};

/// The most entries one CSV export carries (the newest); the page says to narrow the filters.
pub const EXPORT_MAX: i64 = 100_000;

/// The filters every reading takes.
const FILTERS: [&str; 5] = ["user", "ticket_id", "kind", "from", "to"];

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/admin/audit", get(audit_log))
        .route("/admin/audit.csv", get(audit_csv))
}

/// The filters of a query string, checked.
#[derive(Debug, Default)]
struct Filters {
    user: Option<String>,
    ticket_id: Option<i64>,
    kind: Option<String>,
    from_ms: Option<i64>,
    to_ms: Option<i64>,
}

fn filters(params: &BTreeMap<&'static str, String>) -> Result<Filters, ApiError> {
    let mut errors = FieldErrors::new();
    let text = |name: &str| {
        params
            .get(name)
            .map(|v| v.trim().to_owned())
            .filter(|v| !v.is_empty())
    };
    let mut date = |name: &'static str| {
        text(name).and_then(|v| match parse_date(&v) {
            Ok(date) => Some(date),
            Err(problem) => {
                errors.add(name, date_message(name, problem));
                None
            }
        })
    };
    let from = date("from");
    let to = date("to");
    if let (Some(from), Some(to)) = (from, to) {
        if to < from {
            errors.add("to", "to must be the same as or after from");
        }
    }
    let ticket_id = match id_param(params, "ticket_id") {
        Ok(id) => id,
        Err(_) => {
            errors.add("ticket_id", "ticket_id must be a number");
            None
        }
    };
    errors.into_result()?;
    Ok(Filters {
        user: text("user"),
        ticket_id,
        kind: text("kind"),
        from_ms: from.map(rules::illinois::start_of_day_utc_millis),
        to_ms: to.map(rules::illinois::end_of_day_utc_millis),
    })
}

/// The `WHERE` clause of the filters, binding `?1` to `?5`.
const WHERE: &str = "WHERE ($1 IS NULL OR a.actor = $1 COLLATE NOCASE) \
     AND ($2 IS NULL OR (a.ticket_id = $2 AND a.at >= \
          COALESCE((SELECT t.created_at FROM tickets t WHERE t.id = $2), 0))) \
     AND ($3 IS NULL OR a.kind = $3) AND ($4 IS NULL OR a.at >= $4) AND ($5 IS NULL OR a.at <= $5)";

/// The entries matching `f`, newest first, `limit` of them from `offset`; and how many match.
async fn entries(
    state: &AppState,
    f: &Filters,
    limit: i64,
    offset: i64,
) -> Result<(Vec<AuditEntry>, i64), ApiError> {
    let total: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM audit_log a {WHERE}"))
        .bind(&f.user)
        .bind(f.ticket_id)
        .bind(&f.kind)
        .bind(f.from_ms)
        .bind(f.to_ms)
        .fetch_one(&state.pool)
        .await?;
    let rows = sqlx::query(&format!(
        "SELECT a.id, a.at, a.actor, a.client, a.ticket_id, a.kind, a.detail, \
         n.submitted_on AS ticket_submitted_on FROM audit_log a \
         LEFT JOIN tickets n ON n.id = a.ticket_id AND a.at >= n.created_at \
         {WHERE} ORDER BY a.id DESC LIMIT $6 OFFSET $7"
    ))
    .bind(&f.user)
    .bind(f.ticket_id)
    .bind(&f.kind)
    .bind(f.from_ms)
    .bind(f.to_ms)
    .bind(limit)
    .bind(offset)
    .fetch_all(&state.pool)
    .await?;
    let entries = rows
        .iter()
        .map(|row| {
            let ticket_id: Option<i64> = row.try_get("ticket_id")?;
            // The ticket's number once submitted (a draft has none), so that the page need not
            // fetch every ticket to name them.
            let submitted_on: Option<String> = row.try_get("ticket_submitted_on")?;
            let ticket_number = ticket_id
                .zip(
                    submitted_on
                        .as_deref()
                        .and_then(rules::dates::parse_iso_date),
                )
                .map(|(id, on)| rules::tickets::ticket_number(id, on))
                .unwrap_or_default();
            Ok(AuditEntry {
                id: row.try_get("id")?,
                at: rfc3339(row.try_get("at")?),
                username: row.try_get("actor")?,
                client: row
                    .try_get::<Option<String>, _>("client")?
                    .unwrap_or_default(),
                ticket_id,
                ticket_number,
                what: row.try_get("kind")?,
                detail: row
                    .try_get::<Option<String>, _>("detail")?
                    .unwrap_or_default(),
            })
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()?;
    Ok((entries, total))
}

/// `GET /api/admin/audit?user=&ticket_id=&kind=&from=&to=&limit=&offset=`.
async fn audit_log(
    State(state): State<AppState>,
    user: CurrentUser,
    paging: Paging,
    RawQuery(query): RawQuery,
) -> Result<Paged<AuditEntry>, ApiError> {
    user.require_admin()?;
    let f = filters(&query_params(query.as_deref(), &FILTERS)?)?;
    let (items, total) = entries(&state, &f, paging.sql_limit(), paging.sql_offset()).await?;
    Ok(Paged {
        items,
        total: usize::try_from(total).unwrap_or(0),
    })
}

/// The columns of the export.
pub const HEADINGS: [&str; 7] = [
    "Entry",
    "When (UTC)",
    "Who",
    "Client address",
    "Ticket",
    "What",
    "Detail",
];

/// `GET /api/admin/audit.csv?user=&ticket_id=&kind=&from=&to=`: `text/csv`, as a download named
/// `audit-YYYY-MM-DD.csv`; the export itself is an entry of the trail.
async fn audit_csv(
    State(state): State<AppState>,
    user: CurrentUser,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    user.require_admin()?;
    let f = filters(&query_params(query.as_deref(), &FILTERS)?)?;
    let (list, _) = entries(&state, &f, EXPORT_MAX, 0).await?;
    crate::audit::record(
        &state.pool,
        crate::audit::AuditEvent::by(user.id, "exported_audit")
            .detail(format!("{} entries", list.len())),
    )
    .await?;
    let rows: Vec<Vec<String>> = list
        .into_iter()
        .map(|e| {
            vec![
                e.id.to_string(),
                e.at,
                e.username,
                e.client,
                e.ticket_id.map(|id| id.to_string()).unwrap_or_default(),
                e.what,
                e.detail,
            ]
        })
        .collect();
    let body = rules::export::csv_file(&HEADINGS, &rows);
    let disposition = format!(
        "attachment; filename=\"audit-{}.csv\"",
        crate::time::today().format("%Y-%m-%d")
    );
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/csv; charset=utf-8"),
    );
    if let Ok(value) = HeaderValue::from_str(&disposition) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    Ok(response)
}
