//! `GET /api/calendar/holidays?year=YYYY`: the observed Illinois State holidays of a year, with
//! HFS's additions and removals (table `calendar_changes`) applied.

use axum::extract::{RawQuery, State};
use axum::routing::get;
use axum::{Json, Router};
use rules::calendar::{Calendar, CalendarChange, Holiday, FIRST_YEAR, LAST_YEAR};
use sqlx::{Row, SqlitePool};

use crate::error::{ApiError, FieldErrors};
use crate::AppState;

/// The name given to an added closure day stored without one.
const UNNAMED_CLOSURE: &str = "State offices closed";

pub fn router() -> Router<AppState> {
    Router::new().route("/calendar/holidays", get(holidays))
}

async fn holidays(
    State(state): State<AppState>,
    RawQuery(query): RawQuery,
) -> Result<Json<Vec<Holiday>>, ApiError> {
    let year = parse_query(query.as_deref().unwrap_or(""))?;
    let calendar = load_calendar(&state.pool).await?;
    Ok(Json(calendar.holidays_in(year)))
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
    if (FIRST_YEAR..=LAST_YEAR).contains(&year) {
        Ok(year)
    } else {
        Err(format!("year must be between {FIRST_YEAR} and {LAST_YEAR}"))
    }
}

/// The standard calendar with every change HFS has stored. A row that cannot be read (it should
/// not happen: the table checks its dates) is skipped with a warning.
pub(crate) async fn load_calendar(pool: &SqlitePool) -> Result<Calendar, ApiError> {
    let rows = sqlx::query("SELECT date, kind, name FROM calendar_changes ORDER BY date")
        .fetch_all(pool)
        .await?;

    let mut changes = Vec::with_capacity(rows.len());
    for row in rows {
        let date_text: String = row.try_get("date")?;
        let kind: String = row.try_get("kind")?;
        let name: Option<String> = row.try_get("name")?;
        let Some(date) = rules::dates::parse_iso_date(&date_text) else {
            tracing::warn!(date = %date_text, "calendar_changes: skipping a row with an invalid date");
            continue;
        };
        match kind.as_str() {
            "add" => changes.push(CalendarChange::Add {
                date,
                name: name
                    .filter(|n| !n.trim().is_empty())
                    .unwrap_or_else(|| UNNAMED_CLOSURE.to_owned()),
            }),
            "remove" => changes.push(CalendarChange::Remove { date }),
            other => {
                tracing::warn!(kind = %other, "calendar_changes: skipping a row with an unknown kind")
            }
        }
    }
    Ok(Calendar::with_changes(&changes))
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
