//! `GET /api/health`: 200 once the database answers (with its kind and whether its migrations
//! are current), else 503.
//!
//! May import: any module below `api` (not `cli`, `demo`, `fallback`), `api::body`, `api::fields`.

use std::time::Duration;

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use rules::wire::Health;

use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new().route("/health", get(health))
}

#[utoipa::path(get, path = "/api/health", tag = "public", responses((status = 200, description = "The server and its database answer"), (status = 503, description = "The database does not answer")))]
pub(crate) async fn health(State(state): State<AppState>) -> Response {
    // Reading the applied migrations is also the question that shows the database answers.
    let ping = crate::db::migrations_state(&state.pool);
    match tokio::time::timeout(Duration::from_secs(3), ping).await {
        Ok(Ok(migrations)) => Json(Health {
            status: "ok".to_owned(),
            database: Some(crate::db::kind(&state.pool).as_str().to_owned()),
            migrations: Some(migrations.as_str().to_owned()),
            demo: state.demo,
        })
        .into_response(),
        Ok(Err(error)) => {
            tracing::warn!(error = %error, "health check: the database did not answer");
            unavailable(&state)
        }
        Err(_) => {
            tracing::warn!("health check: the database did not answer in time");
            unavailable(&state)
        }
    }
}

fn unavailable(state: &AppState) -> Response {
    (
        StatusCode::SERVICE_UNAVAILABLE,
        Json(Health {
            status: "unavailable".to_owned(),
            database: Some(crate::db::kind(&state.pool).as_str().to_owned()),
            migrations: None,
            demo: state.demo,
        }),
    )
        .into_response()
}
