//! The public statistics (`docs/reporting.md`), without signing in:
//! - `GET /api/statistics?from=YYYY-MM-DD&to=YYYY-MM-DD`: `rules::wire::statistics::Statistics`;
//! - `GET /api/statistics.csv` (same filters): one row per dimension and value, RFC 4180.

use axum::extract::{RawQuery, State};
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use rules::wire::statistics::Statistics;

use crate::api::tickets::query_params;
use crate::statistics::{self, Period};
use crate::{time, ApiError, AppState};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/statistics", get(json))
        .route("/statistics.csv", get(csv))
}

fn period(query: Option<&str>) -> Result<Period, ApiError> {
    let params = query_params(query, &["from", "to"])?;
    Period::parse(
        params.get("from").map(String::as_str),
        params.get("to").map(String::as_str),
    )
}

/// `GET /api/statistics`.
#[utoipa::path(get, path = "/api/statistics", tag = "public", params(("from" = Option<String>, Query, description = "First month, YYYY-MM"), ("to" = Option<String>, Query, description = "Last month, YYYY-MM")), responses((status = 200, description = "The statistics of the period"), (status = 422, description = "The field map of a wrong query")))]
pub(crate) async fn json(
    State(state): State<AppState>,
    RawQuery(query): RawQuery,
) -> Result<Json<Statistics>, ApiError> {
    let period = period(query.as_deref())?;
    Ok(Json(
        statistics::compute(&state, period, time::today()).await?,
    ))
}

/// `GET /api/statistics.csv`: `text/csv`, to be saved as `portal-statistics.csv`.
async fn csv(
    State(state): State<AppState>,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    let period = period(query.as_deref())?;
    let stats = statistics::compute(&state, period, time::today()).await?;
    let mut response = statistics::to_csv(&stats, period).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/csv; charset=utf-8; header=present"),
    );
    headers.insert(
        header::CONTENT_DISPOSITION,
        HeaderValue::from_static("attachment; filename=\"portal-statistics.csv\""),
    );
    Ok(response)
}
