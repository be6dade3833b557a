//! `POST /api/tickets/{id}/actions` (`docs/tickets.md`, "Actions: who, when"): one step of a
//! ticket, taken by the session's party on the Illinois date of the request. The step is recorded
//! by [`crate::actions::record`] (the engine's checks, the history, fines, emails); this handler
//! reads the body and answers the ticket as the session now sees it.
//!
//! May import: any module below `api` (not `cli`, `demo`, `fallback`), `api::body`, `api::fields`.

use axum::extract::{Path, State};
use axum::routing::post;
use axum::{Json, Router};
use rules::wire::tickets::{TicketAction, TicketDetail};
use serde_json::{Map, Value};

use crate::actions::{self, Actor};
use crate::api::body::{from_object, JsonBody};
use crate::api::fields::unknown_fields;
use crate::audit::{self, AuditEvent};
use crate::auth::CurrentUser;
use crate::error::{ApiError, FieldErrors};
use crate::state::AppState;
use crate::tickets;
use crate::time;

pub fn router() -> Router<AppState> {
    Router::new().route("/tickets/{id}/actions", post(take))
}

async fn take(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    JsonBody(body): JsonBody<Map<String, Value>>,
) -> Result<Json<TicketDetail>, ApiError> {
    let id: i64 = id.parse().map_err(|_| ApiError::NotFound)?;
    let row = tickets::visible(&state.pool, &user, id).await?;
    let action = read_action(body)?;
    let actor = Actor {
        party: row.party_of(&user),
        user_id: Some(user.id),
        hfs_admin: user.role == rules::wire::accounts::Role::HfsAdmin,
    };
    actions::record(&state, &row, actor, &action, time::today(), true).await?;
    let row = tickets::visible(&state.pool, &user, id).await?;
    let detail = tickets::detail(&state, &user, &row).await?;
    // The answer carries the ticket: who saw it after which step.
    let step = serde_json::to_value(&action)
        .ok()
        .and_then(|v| v.get("action").and_then(Value::as_str).map(str::to_owned))
        .unwrap_or_default();
    audit::record(
        &state.pool,
        AuditEvent::by(user.id, "acted_on_ticket")
            .ticket(id)
            .detail(step),
    )
    .await?;
    Ok(Json(detail))
}

/// The body as a [`TicketAction`]; 422 for anything else, an unknown field included (serde lets
/// extra fields through on the actions that have none).
fn read_action(given: Map<String, Value>) -> Result<TicketAction, ApiError> {
    let action: TicketAction = from_object(given.clone())?;
    let known = match serde_json::to_value(&action) {
        Ok(Value::Object(known)) => known,
        _ => Map::new(),
    };
    let known: Vec<&str> = known.keys().map(String::as_str).collect();
    let mut errors = FieldErrors::new();
    unknown_fields(&given, &known, &mut errors);
    errors.into_result()?;
    Ok(action)
}
