//! `GET /api/demo/outbox`: the emails the server sent, newest first, for the demo page
//! `/demo/outbox`. Only with `--demo`; otherwise the path does not exist (the JSON 404).
//!
//! May import: any module below `api` (not `cli`, `demo`, `fallback`), `api::body`, `api::fields`.

use axum::extract::{RawQuery, State};
use axum::routing::get;
use axum::Router;
use rules::wire::accounts::OutboxMessage;

use crate::api::fields::only_paging;
use crate::api::paging::{Paged, Paging};
use crate::error::ApiError;
use crate::outbox;
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new().route("/demo/outbox", get(demo_outbox))
}

async fn demo_outbox(
    State(state): State<AppState>,
    RawQuery(query): RawQuery,
    paging: Paging,
) -> Result<Paged<OutboxMessage>, ApiError> {
    if !state.demo {
        return Err(ApiError::NoEndpoint);
    }
    only_paging(query.as_deref())?;
    Ok(paging.page(outbox::list(&state.pool).await?))
}
