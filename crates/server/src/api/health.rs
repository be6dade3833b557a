//! `GET /api/health`: 200 once the database answers, else 503.
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
    let ping = sqlx::query("SELECT 1").execute(&state.pool);
    match tokio::time::timeout(Duration::from_secs(3), ping).await {
        Ok(Ok(_)) => Json(Health {
            status: "ok".to_owned(),
            demo: state.demo,
        })
        .into_response(),
        Ok(Err(error)) => {
            tracing::warn!(error = %error, "health check: the database did not answer");
            unavailable(state.demo)
        }
        Err(_) => {
            tracing::warn!("health check: the database did not answer in time");
            unavailable(state.demo)
        }
    }
}

fn unavailable(demo: bool) -> Response {
    (
        StatusCode::SERVICE_UNAVAILABLE,
        Json(Health {
            status: "unavailable".to_owned(),
            demo,
        }),
    )
        .into_response()
}
