//! `GET /api/rules`: the rule table of `shared/spec/deadlines.md` as data, the same table the app's
//! "How deadlines are worked out" page shows.

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
async fn rule_table(RawQuery(query): RawQuery) -> Result<Json<Vec<RuleDto>>, ApiError> {
    no_query(query.as_deref())?;
    Ok(Json(rules::rule_table::rules_dto()))
}
