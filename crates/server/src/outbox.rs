//! The emails the server sends, kept in the `outbox` table (a mail relay reads it; in demo mode the
//! page `/demo/outbox` shows it): queueing a [`Message`] to addresses or to a ticket's parties
//! ([`Recipients`]), and listing the queue. The words of every message are `crate::notices`'s.
//! A message's body is never logged.
//!
//! May import: `time`.

use crate::time::{now_utc_millis, rfc3339};
use rules::wire::accounts::OutboxMessage;
use sqlx::{Row, SqliteConnection, SqliteExecutor};

/// Queues one email. The body is stored, never logged.
pub async fn queue<'e, E: SqliteExecutor<'e>>(
    executor: E,
    to: &str,
    subject: &str,
    body: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO outbox (to_address, subject, body, created_at) VALUES (?1, ?2, ?3, ?4)",
    )
    .bind(to)
    .bind(subject)
    .bind(body)
    .bind(now_utc_millis())
    .execute(executor)
    .await?;
    tracing::info!(subject, "email queued");
    Ok(())
}

/// Every queued message, newest first.
pub async fn list<'e, E: SqliteExecutor<'e>>(
    executor: E,
) -> Result<Vec<OutboxMessage>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT id, to_address, subject, body, created_at, sent_at FROM outbox ORDER BY id DESC",
    )
    .fetch_all(executor)
    .await?;
    rows.iter()
        .map(|row| {
            let created_at: i64 = row.try_get("created_at")?;
            let sent_at: Option<i64> = row.try_get("sent_at")?;
            Ok(OutboxMessage {
                id: row.try_get("id")?,
                to: row.try_get("to_address")?,
                subject: row.try_get("subject")?,
                body: row.try_get("body")?,
                sent_at: rfc3339(sent_at.unwrap_or(created_at)),
            })
        })
        .collect()
}

/// A message before it is addressed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub subject: String,
    pub body: String,
}

impl Message {
    /// Queues the message once to each distinct address (compared without case), skipping blanks.
    pub async fn send_to(
        &self,
        conn: &mut SqliteConnection,
        addresses: &[&str],
    ) -> Result<(), sqlx::Error> {
        let mut sent: Vec<String> = Vec::new();
        for address in addresses {
            let address = address.trim();
            let key = address.to_lowercase();
            if address.is_empty() || sent.contains(&key) {
                continue;
            }
            queue(&mut *conn, address, &self.subject, &self.body).await?;
            sent.push(key);
        }
        Ok(())
    }
}

/// Who receives a message about a ticket.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Recipients {
    /// The user who filed the ticket and the facility's contact.
    pub provider: bool,
    /// The MCO's users.
    pub mco: bool,
}

/// Queues `message` about the ticket `ticket_id` (of the MCO `mco_id`) to the addresses of `to`.
pub async fn send_about_ticket(
    conn: &mut SqliteConnection,
    message: &Message,
    to: Recipients,
    ticket_id: i64,
    mco_id: Option<i64>,
) -> Result<(), sqlx::Error> {
    let mut addresses: Vec<String> = Vec::new();
    if to.provider {
        addresses.extend(provider_addresses(conn, ticket_id).await?);
    }
    if to.mco {
        addresses.extend(mco_addresses(conn, mco_id).await?);
    }
    let addresses: Vec<&str> = addresses.iter().map(String::as_str).collect();
    message.send_to(conn, &addresses).await
}

/// The emails of the user who filed ticket `ticket_id` and of its facility's contact.
pub async fn provider_addresses(
    conn: &mut SqliteConnection,
    ticket_id: i64,
) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT u.email FROM tickets t JOIN users u ON u.id = t.created_by WHERE t.id = ?1 \
         UNION ALL \
         SELECT f.contact_email FROM tickets t JOIN facilities f ON f.id = t.facility_id \
         WHERE t.id = ?1",
    )
    .bind(ticket_id)
    .fetch_all(conn)
    .await
}

/// The emails of the MCO's users who can sign in.
pub async fn mco_addresses(
    conn: &mut SqliteConnection,
    mco_id: Option<i64>,
) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT email FROM users WHERE role = 'mco' AND mco_id = ? AND status = 'approved' \
         ORDER BY id",
    )
    .bind(mco_id)
    .fetch_all(conn)
    .await
}
