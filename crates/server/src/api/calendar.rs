//! The State calendar, with HFS's additions and removals (table `calendar_changes`) applied:
//! - `GET /api/calendar/holidays?year=YYYY`: the observed Illinois State holidays of a year;
//! - `GET /api/calendar/changes`: HFS's changes themselves, in date order, which the app applies to
//!   its built-in calendar so that it computes every deadline with the same calendar as the server.
//!
//! May import: any module below `api` (not `cli`, `demo`, `fallback`), `api::body`, `api::fields`.

use axum::extract::{RawQuery, State};
use axum::routing::get;
use axum::{Json, Router};
use rules::calendar::{CalendarChange, Holiday, FIRST_YEAR, LAST_YEAR};

use crate::api::fields::only_paging;
use crate::api::paging::{Paged, Paging};
use crate::error::{ApiError, FieldErrors};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/calendar/holidays", get(holidays))
        .route("/calendar/changes", get(changes))
}

#[utoipa::path(get, path = "/api/calendar/holidays", tag = "public", params(("year" = i32, Query, description = "The year, 1990 to 2100")), responses((status = 200, description = "The State holidays and HFS closures of the year"), (status = 422, description = "The field map of a wrong query")))]
pub(crate) async fn holidays(
    State(state): State<AppState>,
    RawQuery(query): RawQuery,
) -> Result<Json<Vec<Holiday>>, ApiError> {
    let year = parse_query(query.as_deref().unwrap_or(""))?;
    let current = state.calendar().await?;
    Ok(Json(current.calendar.holidays_in(year)))
}

/// `[{"kind": "add", "date": "2026-12-24", "name": "..."}, {"kind": "remove", "date": "2026-10-12"}]`
#[utoipa::path(get, path = "/api/calendar/changes", tag = "public", params(("limit" = Option<u32>, Query, description = "Entries per page: 1 to 500 (default 100)"), ("offset" = Option<u32>, Query, description = "Entries to skip (default 0)")), responses((status = 200, description = "HFS changes to the State calendar"), (status = 422, description = "The field map of a wrong query")))]
pub(crate) async fn changes(
    State(state): State<AppState>,
    RawQuery(query): RawQuery,
    paging: Paging,
) -> Result<Paged<CalendarChange>, ApiError> {
    only_paging(query.as_deref())?;
    let current = state.calendar().await?;
    Ok(paging.page(current.changes.clone()))
}

/// The query must hold `year` once, as a whole number in range, and nothing else.
fn parse_query(query: &str) -> Result<i32, FieldErrors> {
    let mut errors = FieldErrors::new();
    let mut years = Vec::new();
    for (key, value) in form_urlencoded::parse(query.as_bytes()) {
        if key == "year" {
            years.push(value.into_owned());
        } else if !errors.contains(&key) {
            errors.add(
                key.into_owned(),
                "Unknown parameter: remove it (only year is accepted)",
            );
        }
    }

    let year = match years.as_slice() {
        [] => {
            errors.add("year", "Give the year, for example ?year=2026");
            None
        }
        [one] => match parse_year(one) {
            Ok(year) => Some(year),
            Err(message) => {
                errors.add("year", message);
                None
            }
        },
        _ => {
            errors.add("year", "Give year only once");
            None
        }
    };

    match year {
        Some(year) if errors.is_empty() => Ok(year),
        _ => Err(errors),
    }
}

fn parse_year(text: &str) -> Result<i32, String> {
    let digits_only =
        !text.is_empty() && text.len() <= 9 && text.bytes().all(|b| b.is_ascii_digit());
    let year: i32 = match text.parse() {
        Ok(year) if digits_only => year,
        _ => return Err("Enter year as a whole number such as 2026".to_owned()),
    };
    if rules::calendar::is_supported_year(year) {
        Ok(year)
    } else {
        Err(format!("year must be between {FIRST_YEAR} and {LAST_YEAR}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn year_is_read_strictly() {
        assert_eq!(parse_query("year=2026"), Ok(2026));
        assert_eq!(parse_query("year=1990"), Ok(1990));
        assert_eq!(parse_query("year=2100"), Ok(2100));
        for bad in [
            "year=1989",
            "year=2101",
            "year=abc",
            "year=",
            "year=+2026",
            "year=20.5",
            "",
            "year=2026&year=2027",
        ] {
            let errors = parse_query(bad).unwrap_err();
            assert!(errors.contains("year"), "{bad}");
        }
        let errors = parse_query("year=2026&month=1").unwrap_err();
        assert!(errors.contains("month"));
        assert!(!errors.contains("year"));
    }
}
