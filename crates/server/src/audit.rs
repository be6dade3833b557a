//! The audit trail (`docs/security.md`, V7): every look at protected health information and every
//! security event, one row of `audit_log` each, written with [`record`]:
//!
//! ```ignore
//! audit::record(&mut *tx, AuditEvent::by(user.id, "password_changed")).await?;
//! audit::record(&state.pool, AuditEvent::by(user.id, "viewed_ticket").ticket(id)).await?;
//! audit::record(&state.pool, AuditEvent::named(typed_username, "sign_in_failed")).await?;
//! ```
//!
//! An entry holds who (the account, and its username as it was then; for a failed sign-in the
//! username typed, never a password), the client address (taken from the request being answered,
//! see [`with_client`]), the time, the kind, the ticket when there is one, and a short detail with
//! no protected health information. The database refuses any change or removal of an entry
//! (triggers of migration 0011) and never gives an id twice (AUTOINCREMENT).
//!
//! May import: `time`.

use std::future::Future;

use sqlx::AnyExecutor;

use crate::time::now_utc_millis;

tokio::task_local! {
    /// The client address of the request being answered (set by the router's layer).
    static CLIENT: String;
}

/// Runs `work` (a request's handling) with `client` as the address every entry it records carries.
pub async fn with_client<F: Future>(client: String, work: F) -> F::Output {
    CLIENT.scope(client, work).await
}

/// The client address of the request being answered, if any (the background clocks have none).
pub fn client() -> Option<String> {
    CLIENT.try_with(Clone::clone).ok()
}

/// Who did it: an account, or a name typed (a failed sign-in), or the portal itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Actor {
    User(i64),
    Typed(String),
    Portal,
}

/// One entry before it is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEvent {
    pub actor: Actor,
    /// What happened: `viewed_ticket`, `sign_in_failed`, `user_created`, ... (`docs/security.md`).
    pub kind: &'static str,
    pub ticket_id: Option<i64>,
    /// A few words more (the user acted upon, the role given, the reason's kind); never protected
    /// health information, never a password or token.
    pub detail: Option<String>,
}

impl AuditEvent {
    /// `kind` done by the account `user_id`.
    pub fn by(user_id: i64, kind: &'static str) -> Self {
        Self {
            actor: Actor::User(user_id),
            kind,
            ticket_id: None,
            detail: None,
        }
    }

    /// `kind` done by someone known only by the username they typed (kept to 254 characters).
    pub fn named(typed: &str, kind: &'static str) -> Self {
        Self {
            actor: Actor::Typed(typed.trim().chars().take(254).collect()),
            kind,
            ticket_id: None,
            detail: None,
        }
    }

    /// `kind` done by the portal itself (a closing by rule, a draft expired).
    pub fn portal(kind: &'static str) -> Self {
        Self {
            actor: Actor::Portal,
            kind,
            ticket_id: None,
            detail: None,
        }
    }

    /// The same entry about ticket `id`.
    pub fn ticket(mut self, id: i64) -> Self {
        self.ticket_id = Some(id);
        self
    }

    /// The same entry with `detail`.
    pub fn detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = Some(detail.into());
        self
    }
}

/// Writes `event` (with the client address of the request being answered and the time now).
pub async fn record<'e, E: AnyExecutor<'e>>(
    executor: E,
    event: AuditEvent,
) -> Result<(), sqlx::Error> {
    let (user_id, typed) = match event.actor {
        Actor::User(id) => (Some(id), None),
        Actor::Typed(name) => (None, Some(name)),
        Actor::Portal => (None, Some("(portal)".to_owned())),
    };
    sqlx::query(
        "INSERT INTO audit_log (at, user_id, actor, client, ticket_id, kind, detail) \
         VALUES ($1, $2, COALESCE($3, (SELECT username FROM users WHERE id = $2), ''), \
         $4, $5, $6, $7)",
    )
    .bind(now_utc_millis())
    .bind(user_id)
    .bind(typed)
    .bind(client())
    .bind(event.ticket_id)
    .bind(event.kind)
    .bind(event.detail)
    .execute(executor)
    .await?;
    Ok(())
}
