//! `GET /api/rules`: the rule table of `docs/rules.md` as data, the same table the app's
//! "How deadlines are worked out" page shows.
//!
//! May import: any module below `api` (not `cli`, `demo`, `fallback`), `api::body`, `api::fields`.

use axum::extract::RawQuery;
use axum::routing::get;
use axum::{Json, Router};
use rules::rule_table::RuleDto;

use crate::api::fields::no_query;
use crate::error::ApiError;
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new().route("/rules", get(rule_table))
}

/// `[{"key", "owed_by", "amount", "unit", "moved", "source", "consequence"}]`
#[utoipa::path(get, path = "/api/rules", tag = "public", responses((status = 200, description = "The table of clocks"), (status = 422, description = "The field map of a wrong query")))]
pub(crate) async fn rule_table(RawQuery(query): RawQuery) -> Result<Json<Vec<RuleDto>>, ApiError> {
    no_query(query.as_deref())?;
    Ok(Json(rules::rule_table::rules_dto()))
}
