//! The emails the server sends, kept in the `outbox` table (a mail relay reads it; in demo mode the
//! page `/demo/outbox` shows it): queueing a [`Message`] to addresses or to a ticket's parties
//! ([`Recipients`]), and listing the queue. The words of every message are `crate::notices`'s.
//! A message's body is never logged.
//!
//! May import: `time`, `mail`.

use crate::mail::MailSettings;
use crate::time::{now_utc_millis, rfc3339};
use rules::wire::accounts::OutboxMessage;
use rules::wire::mail::{Outbox, OutboxEntry};
use sqlx::{AnyConnection, AnyExecutor, Row};

/// Queues one email. The body is stored, never logged.
pub async fn queue<'e, E: AnyExecutor<'e>>(
    executor: E,
    to: &str,
    subject: &str,
    body: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO outbox (to_address, subject, body, created_at) VALUES ($1, $2, $3, $4)",
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
pub async fn list<'e, E: AnyExecutor<'e>>(executor: E) -> Result<Vec<OutboxMessage>, sqlx::Error> {
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
        conn: &mut AnyConnection,
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
    /// The representative whose email is on the ticket (its contact email): outcomes are reported
    /// only to them (the notice of the portal's launch).
    pub provider: bool,
    /// The MCO's mailbox HFS set, else the MCO's approved users.
    pub mco: bool,
    /// The HFS mailbox (`--hfs-mailbox`), when there is one.
    pub hfs: bool,
}

impl Recipients {
    pub const PROVIDER: Recipients = Recipients {
        provider: true,
        mco: false,
        hfs: false,
    };
    pub const MCO: Recipients = Recipients {
        provider: false,
        mco: true,
        hfs: false,
    };
    pub const HFS: Recipients = Recipients {
        provider: false,
        mco: false,
        hfs: true,
    };
    pub const PROVIDER_AND_MCO: Recipients = Recipients {
        provider: true,
        mco: true,
        hfs: false,
    };
}

/// Queues `message` about the ticket `ticket_id` (of the MCO `mco_id`) to the addresses of `to`.
pub async fn send_about_ticket(
    conn: &mut AnyConnection,
    mail: &MailSettings,
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
    if to.hfs {
        addresses.extend(mail.hfs_mailbox.clone());
    }
    let addresses: Vec<&str> = addresses.iter().map(String::as_str).collect();
    message.send_to(conn, &addresses).await
}

/// The provider side's address for ticket `ticket_id`: the contact email on the ticket (the
/// representative who receives the outcome); the filer's account email only if it has none.
pub async fn provider_addresses(
    conn: &mut AnyConnection,
    ticket_id: i64,
) -> Result<Vec<String>, sqlx::Error> {
    let found: Option<String> = sqlx::query_scalar(
        "SELECT COALESCE(NULLIF(TRIM(json_extract(t.form_json, '$.contact_email')), ''), u.email) \
         FROM tickets t JOIN users u ON u.id = t.created_by WHERE t.id = $1",
    )
    .bind(ticket_id)
    .fetch_optional(conn)
    .await?;
    Ok(found.into_iter().collect())
}

/// The MCO's addresses: the mailbox HFS set for it, else its users who can sign in.
pub async fn mco_addresses(
    conn: &mut AnyConnection,
    mco_id: Option<i64>,
) -> Result<Vec<String>, sqlx::Error> {
    let mailbox: Option<String> = sqlx::query_scalar(
        "SELECT mailbox FROM mcos WHERE id = $1 AND mailbox IS NOT NULL AND TRIM(mailbox) <> ''",
    )
    .bind(mco_id)
    .fetch_optional(&mut *conn)
    .await?;
    if let Some(mailbox) = mailbox {
        return Ok(vec![mailbox]);
    }
    sqlx::query_scalar(
        "SELECT email FROM users WHERE role = 'mco' AND mco_id = $1 AND status = 'approved' \
         ORDER BY id",
    )
    .bind(mco_id)
    .fetch_all(conn)
    .await
}

// ---------------------------------------------------------------------------------------------
// The queue the sender drains (`crate::sender`)

/// A queued message whose next attempt is due.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Due {
    pub id: i64,
    pub to: String,
    pub subject: String,
    pub body: String,
    pub created_at: i64,
    pub attempts: u32,
}

/// At most `limit` queued messages due at `now_ms` (milliseconds), oldest first.
pub async fn due<'e, E: AnyExecutor<'e>>(
    executor: E,
    now_ms: i64,
    limit: i64,
) -> Result<Vec<Due>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT id, to_address, subject, body, created_at, attempts FROM outbox \
         WHERE state = 'queued' AND next_attempt_at <= $1 ORDER BY id LIMIT $2",
    )
    .bind(now_ms)
    .bind(limit)
    .fetch_all(executor)
    .await?;
    rows.iter()
        .map(|row| {
            let attempts: i64 = row.try_get("attempts")?;
            Ok(Due {
                id: row.try_get("id")?,
                to: row.try_get("to_address")?,
                subject: row.try_get("subject")?,
                body: row.try_get("body")?,
                created_at: row.try_get("created_at")?,
                attempts: u32::try_from(attempts).unwrap_or(u32::MAX),
            })
        })
        .collect()
}

/// The relay accepted message `id` on its `attempts`-th attempt.
pub async fn mark_sent<'e, E: AnyExecutor<'e>>(
    executor: E,
    id: i64,
    attempts: u32,
    message_id: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE outbox SET state = 'sent', attempts = $2, sent_at = $3, message_id = $4, \
         last_error = NULL WHERE id = $1",
    )
    .bind(id)
    .bind(i64::from(attempts))
    .bind(now_utc_millis())
    .bind(message_id)
    .execute(executor)
    .await?;
    Ok(())
}

/// Message `id` could not be sent on its `attempts`-th attempt: tried again at `next_ms`.
pub async fn mark_retry<'e, E: AnyExecutor<'e>>(
    executor: E,
    id: i64,
    attempts: u32,
    next_ms: i64,
    error: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE outbox SET attempts = $2, next_attempt_at = $3, last_error = $4 WHERE id = $1",
    )
    .bind(id)
    .bind(i64::from(attempts))
    .bind(next_ms)
    .bind(error)
    .execute(executor)
    .await?;
    Ok(())
}

/// Message `id` will not be sent: `error` says why.
pub async fn mark_failed<'e, E: AnyExecutor<'e>>(
    executor: E,
    id: i64,
    attempts: u32,
    error: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE outbox SET state = 'failed', attempts = $2, last_error = $3 WHERE id = $1")
        .bind(id)
        .bind(i64::from(attempts))
        .bind(error)
        .execute(executor)
        .await?;
    Ok(())
}

/// The administrators' view: counts by state and the newest `limit` messages, without bodies.
pub async fn admin_view(
    conn: &mut AnyConnection,
    sending: bool,
    limit: i64,
) -> Result<Outbox, sqlx::Error> {
    let count = |state: &'static str| {
        sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM outbox WHERE state = $1").bind(state)
    };
    let queued = count("queued").fetch_one(&mut *conn).await?;
    let sent = count("sent").fetch_one(&mut *conn).await?;
    let failed = count("failed").fetch_one(&mut *conn).await?;
    let rows = sqlx::query(
        "SELECT id, to_address, subject, state, attempts, created_at, sent_at, next_attempt_at, \
         last_error, message_id FROM outbox ORDER BY id DESC LIMIT $1",
    )
    .bind(limit)
    .fetch_all(&mut *conn)
    .await?;
    let messages = rows
        .iter()
        .map(|row| {
            let state: String = row.try_get("state")?;
            let next: i64 = row.try_get("next_attempt_at")?;
            let attempts: i64 = row.try_get("attempts")?;
            Ok(OutboxEntry {
                id: row.try_get("id")?,
                to: row.try_get("to_address")?,
                subject: row.try_get("subject")?,
                attempts,
                created_at: rfc3339(row.try_get("created_at")?),
                sent_at: row.try_get::<Option<i64>, _>("sent_at")?.map(rfc3339),
                next_attempt_at: (state == "queued" && attempts > 0).then(|| rfc3339(next)),
                last_error: row.try_get("last_error")?,
                message_id: row.try_get("message_id")?,
                state,
            })
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()?;
    Ok(Outbox {
        sending,
        queued,
        sent,
        failed,
        messages,
    })
}
