//! (being written for issue 4; see docs/accounts.md)

use axum::Router;

use crate::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
}
