//! `GET /api/tickets/{id}/calendar.ics` (`docs/tickets.md`): every pending clock of a ticket the
//! session may see, as an iCalendar file (`rules::ics`): one event at 23:59 Illinois time on each
//! due date, with a reminder a day before. UIDs are `<ticket id>-<clock key>@<host of --public-url>`, so a
//! second download updates the events instead of adding more, whichever address it came through. No protected health information.

use axum::extract::{Path, State};
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;

use crate::auth::CurrentUser;
use crate::error::ApiError;
use crate::time::now_utc_millis;
use crate::{tickets, AppState};

pub fn router() -> Router<AppState> {
    Router::new().route("/tickets/{id}/calendar.ics", get(calendar_ics))
}

/// The host the UIDs name: the portal's public address's (`--public-url`), the same whichever
/// address a download came through.
fn uid_host(public_url: &str) -> String {
    let host = url::Url::parse(public_url)
        .ok()
        .and_then(|u| u.host_str().map(str::to_ascii_lowercase))
        .unwrap_or_default();
    if !host.is_empty()
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-')
    {
        host
    } else {
        "provider-resolution-portal".to_owned()
    }
}

/// `GET /api/tickets/{id}/calendar.ics`: `text/calendar`, a download named after the ticket.
async fn calendar_ics(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Response, ApiError> {
    let row = tickets::visible(&state.pool, &user, id).await?;
    let summary = tickets::summary(&state, &row).await?;
    let host = uid_host(&state.mail.public_url);
    let events: Vec<_> = summary
        .deadlines
        .iter()
        .map(|d| rules::ics::clock_event(row.id, &summary.number, d, &host))
        .collect();
    let stamp = chrono::DateTime::from_timestamp_millis(now_utc_millis())
        .unwrap_or_default()
        .naive_utc();
    let name = format!("Ticket {}", summary.number);
    let body = rules::ics::calendar_file(&name, &events, stamp);
    let disposition = format!("attachment; filename=\"{}.ics\"", summary.number);
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/calendar; charset=utf-8"),
    );
    if let Ok(value) = HeaderValue::from_str(&disposition) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(response)
}
