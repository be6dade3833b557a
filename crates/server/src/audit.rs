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
//! The entry of a read (a ticket looked at) goes through the [`Writer`] of the app's state, which
//! commits the entries of many reads at once and answers each read only once its entry is
//! committed (group commit: `docs/architecture.md`, "Durability").
//!
//! May import: `time`.

use std::future::Future;
use std::sync::{Arc, OnceLock};

use sqlx::{AnyExecutor, AnyPool};
use tokio::sync::{mpsc, oneshot};

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
    insert(executor, now_utc_millis(), client().as_deref(), &event).await
}

/// Writes `event` as of `at` from `client`.
async fn insert<'e, E: AnyExecutor<'e>>(
    executor: E,
    at: i64,
    client: Option<&str>,
    event: &AuditEvent,
) -> Result<(), sqlx::Error> {
    let (user_id, typed) = match &event.actor {
        Actor::User(id) => (Some(*id), None),
        Actor::Typed(name) => (None, Some(name.as_str())),
        Actor::Portal => (None, Some("(portal)")),
    };
    sqlx::query(
        "INSERT INTO audit_log (at, user_id, actor, client, ticket_id, kind, detail) \
         VALUES ($1, $2, COALESCE($3, (SELECT username FROM users WHERE id = $2), ''), \
         $4, $5, $6, $7)",
    )
    .bind(at)
    .bind(user_id)
    .bind(typed)
    .bind(client)
    .bind(event.ticket_id)
    .bind(event.kind)
    .bind(event.detail.as_deref())
    .execute(executor)
    .await?;
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Group commit

/// The most entries one transaction of the [`Writer`] commits.
const MAX_BATCH: usize = 256;

/// An entry with its time and client address fixed when it was recorded, waiting to be written.
struct Queued {
    at: i64,
    client: Option<String>,
    event: AuditEvent,
    committed: oneshot::Sender<Result<(), sqlx::Error>>,
}

/// The audit entries of reads (a ticket looked at, a file downloaded), written by group commit:
/// [`Writer::record`] queues the entry and waits until the transaction that holds it has
/// committed, so an entry is in the database before the read is answered, never lost after. One
/// task writes the queue: each transaction takes every entry waiting (up to [`MAX_BATCH`]), so
/// under load many reads share one commit instead of each taking SQLite's write lock in turn.
/// An entry that belongs with a change (written in the change's transaction) goes through
/// [`record`] instead.
#[derive(Clone)]
pub struct Writer {
    pool: AnyPool,
    queue: Arc<OnceLock<mpsc::UnboundedSender<Queued>>>,
}

impl Writer {
    /// A writer to `pool`; its task starts with the first entry.
    pub fn new(pool: AnyPool) -> Self {
        Self {
            pool,
            queue: Arc::new(OnceLock::new()),
        }
    }

    /// Writes `event` (with the client address of the request being answered and the time now)
    /// and returns once it is committed.
    pub async fn record(&self, event: AuditEvent) -> Result<(), sqlx::Error> {
        let (committed, done) = oneshot::channel();
        let queued = Queued {
            at: now_utc_millis(),
            client: client(),
            event,
            committed,
        };
        let queue = self.queue.get_or_init(|| {
            let (sender, receiver) = mpsc::unbounded_channel();
            tokio::spawn(write_queue(self.pool.clone(), receiver));
            sender
        });
        if let Err(mpsc::error::SendError(queued)) = queue.send(queued) {
            // The task is gone (the runtime is shutting down): write it here.
            return insert(
                &self.pool,
                queued.at,
                queued.client.as_deref(),
                &queued.event,
            )
            .await;
        }
        done.await.unwrap_or(Err(sqlx::Error::PoolClosed))
    }
}

/// The writer's task: takes every entry waiting, commits them in one transaction, tells each
/// request; until every [`Writer`] is dropped.
async fn write_queue(pool: AnyPool, mut receiver: mpsc::UnboundedReceiver<Queued>) {
    let mut batch = Vec::with_capacity(MAX_BATCH);
    while receiver.recv_many(&mut batch, MAX_BATCH).await > 0 {
        match write_batch(&pool, &batch).await {
            Ok(()) => {
                for queued in batch.drain(..) {
                    let _ = queued.committed.send(Ok(()));
                }
            }
            Err(error) => {
                // One entry may be at fault (or the database was busy): each alone, with its own
                // answer.
                tracing::warn!(%error, entries = batch.len(), "audit batch failed; writing each alone");
                for queued in batch.drain(..) {
                    let result =
                        insert(&pool, queued.at, queued.client.as_deref(), &queued.event).await;
                    let _ = queued.committed.send(result);
                }
            }
        }
    }
}

/// The most entries one `INSERT` of a batch holds: a batch is written in statements of 64, 32,
/// ..., 1 rows (few distinct statements, so each stays in the connection's statement cache).
const MAX_ROWS_PER_INSERT: usize = 64;

async fn write_batch(pool: &AnyPool, batch: &[Queued]) -> Result<(), sqlx::Error> {
    let mut tx = pool.begin().await?;
    let mut rest = batch;
    while !rest.is_empty() {
        // The largest power of two that fits, up to MAX_ROWS_PER_INSERT.
        let n = MAX_ROWS_PER_INSERT.min(1 << rest.len().ilog2());
        let (rows, after) = rest.split_at(n);
        insert_rows(&mut *tx, rows).await?;
        rest = after;
    }
    tx.commit().await
}

/// The `INSERT` of `n` entries, seven parameters each, as [`insert`] writes one.
fn insert_sql(n: usize) -> String {
    let mut sql = String::from(
        "INSERT INTO audit_log (at, user_id, actor, client, ticket_id, kind, detail) VALUES ",
    );
    for i in 0..n {
        let p = i * 7;
        if i > 0 {
            sql.push_str(", ");
        }
        sql.push_str(&format!(
            "(${}, ${}, COALESCE(${}, (SELECT username FROM users WHERE id = ${}), ''), ${}, ${}, ${}, ${})",
            p + 1,
            p + 2,
            p + 3,
            p + 2,
            p + 4,
            p + 5,
            p + 6,
            p + 7
        ));
    }
    sql
}

/// Writes `rows` in one statement.
async fn insert_rows<'e, E: AnyExecutor<'e>>(
    executor: E,
    rows: &[Queued],
) -> Result<(), sqlx::Error> {
    let sql = insert_sql(rows.len());
    let mut query = sqlx::query(&sql);
    for queued in rows {
        let (user_id, typed) = match &queued.event.actor {
            Actor::User(id) => (Some(*id), None),
            Actor::Typed(name) => (None, Some(name.as_str())),
            Actor::Portal => (None, Some("(portal)")),
        };
        query = query
            .bind(queued.at)
            .bind(user_id)
            .bind(typed)
            .bind(queued.client.as_deref())
            .bind(queued.event.ticket_id)
            .bind(queued.event.kind)
            .bind(queued.event.detail.as_deref());
    }
    query.execute(executor).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_insert_of_several_entries_numbers_its_parameters() {
        assert_eq!(
            insert_sql(2),
            "INSERT INTO audit_log (at, user_id, actor, client, ticket_id, kind, detail) VALUES \
             ($1, $2, COALESCE($3, (SELECT username FROM users WHERE id = $2), ''), $4, $5, $6, $7), \
             ($8, $9, COALESCE($10, (SELECT username FROM users WHERE id = $9), ''), $11, $12, $13, $14)"
        );
    }
}
