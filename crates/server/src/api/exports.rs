//! `GET /api/tickets.csv` (`docs/tickets.md`): the list the session sees, with the same filters as
//! `GET /api/tickets` (`status`, `mco_id`, `facility_id`, `sort`, `q`), as a spreadsheet. RFC 4180;
//! cells that start with `=`, `+`, `-` or `@` get a leading apostrophe (`rules::export`). The
//! Recipient ID as its last four digits only, dates `YYYY-MM-DD`.

use axum::extract::{RawQuery, State};
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use rules::wire::tickets::TicketSummary;

use crate::api::tickets::listed;
use crate::auth::CurrentUser;
use crate::error::ApiError;
use crate::AppState;

pub fn router() -> Router<AppState> {
    Router::new().route("/tickets.csv", get(tickets_csv))
}

/// The columns, as the lists show them.
pub const HEADINGS: [&str; 11] = [
    "Ticket",
    "Facility",
    "Status",
    "MCO",
    "Complaint type",
    "Recipient ID (last 4)",
    "Claims",
    "MCO tracking number",
    "Submitted",
    "Next deadline",
    "Next deadline date",
];

/// One row of the file.
fn record(s: &TicketSummary) -> Vec<String> {
    let next = s.deadlines.first();
    vec![
        s.number.clone(),
        s.facility_name.clone(),
        s.status.label().to_owned(),
        s.mco.name.clone(),
        s.complaint_type.label().to_owned(),
        s.rin_last4.clone(),
        s.claims_count.map(|n| n.to_string()).unwrap_or_default(),
        s.tracking_number.clone(),
        s.submitted_on.clone().unwrap_or_default(),
        next.map(|d| rules::ics::clock_words(d.key, d.owed_by))
            .unwrap_or_default(),
        next.map(|d| d.due_on.format("%Y-%m-%d").to_string())
            .unwrap_or_default(),
    ]
}

/// `GET /api/tickets.csv`: `text/csv`, as a download named `tickets-YYYY-MM-DD.csv`.
async fn tickets_csv(
    State(state): State<AppState>,
    user: CurrentUser,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    let list = listed(&state, &user, query.as_deref()).await?;
    crate::audit::record(
        &state.pool,
        crate::audit::AuditEvent::by(user.id, "exported_tickets")
            .detail(format!("{} tickets", list.len())),
    )
    .await?;
    let rows: Vec<Vec<String>> = list.iter().map(record).collect();
    let body = rules::export::csv_file(&HEADINGS, &rows);
    let disposition = format!(
        "attachment; filename=\"tickets-{}.csv\"",
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
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(response)
}
