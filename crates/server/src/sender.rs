//! The background sender (`docs/email.md`): while the server runs, it takes the outbox's messages
//! that are due, hands each to the SMTP relay of `--smtp-url`, and records what happened: `sent`
//! when the relay accepted it; tried again later (the wait doubling, `mail::RetryPolicy`) when the
//! relay cannot be reached, times out or answers 4xx; `failed` with the reason after a 5xx, an
//! address that cannot be used, or too many attempts. A message's body is never logged.
//!
//! May import: `mail`, `outbox`, `time`, `db`.

use std::time::Duration;

use lettre::AsyncTransport;
use sqlx::AnyPool;
use tokio::sync::watch;

use crate::mail::{wire_message, MailSettings, Relay};
use crate::outbox::{self, Due};
use crate::time::now_utc_millis;

/// The running sender: [`Sender::stop`] lets the message being sent finish, then ends it.
pub struct Sender {
    stop: watch::Sender<bool>,
    task: tokio::task::JoinHandle<()>,
}

impl Sender {
    /// Starts draining the outbox of `pool` through `relay`.
    pub fn spawn(pool: AnyPool, relay: Relay, settings: MailSettings) -> Sender {
        let (stop, mut stopped) = watch::channel(false);
        let task = tokio::spawn(async move {
            loop {
                // One sender at a time across instances on one PostgreSQL database.
                let pass = send_due(&pool, &relay, &settings);
                match crate::db::once_across_instances(&pool, crate::db::LOCK_OUTBOX, pass).await {
                    Ok(Some(Ok(0))) | Ok(None) => {}
                    Ok(Some(Ok(done))) => {
                        tracing::info!(done, "mail: messages handed to the relay or given up")
                    }
                    Ok(Some(Err(error))) | Err(error) => {
                        tracing::error!(?error, "mail: cannot read the outbox")
                    }
                }
                tokio::select! {
                    () = tokio::time::sleep(settings.retry.poll) => {}
                    _ = stopped.changed() => break,
                }
                if *stopped.borrow() {
                    break;
                }
            }
        });
        Sender { stop, task }
    }

    /// Asks the sender to stop and waits (at most `grace`) for the message it is sending.
    pub async fn stop(self, grace: Duration) {
        let _ = self.stop.send(true);
        let mut task = self.task;
        if tokio::time::timeout(grace, &mut task).await.is_err() {
            task.abort();
        }
    }
}

/// What became of one attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Attempt {
    Sent,
    /// Tried again after the wait.
    Retry(String),
    Failed(String),
}

/// Sends every message due now, one at a time, oldest first; how many were sent or failed.
pub async fn send_due(
    pool: &AnyPool,
    relay: &Relay,
    settings: &MailSettings,
) -> Result<usize, sqlx::Error> {
    let mut done = 0;
    loop {
        let due = outbox::due(pool, now_utc_millis(), 20).await?;
        if due.is_empty() {
            return Ok(done);
        }
        for message in due {
            let attempt = attempt(relay, settings, &message).await;
            let attempts = message.attempts + 1;
            match &attempt {
                Attempt::Sent => {
                    outbox::mark_sent(pool, message.id, attempts, &settings.message_id(message.id))
                        .await?;
                    tracing::info!(id = message.id, "mail: sent");
                    done += 1;
                }
                Attempt::Retry(why) if attempts < settings.retry.max_attempts => {
                    let wait = settings.retry.wait_after(attempts);
                    let next =
                        now_utc_millis() + i64::try_from(wait.as_millis()).unwrap_or(i64::MAX / 2);
                    outbox::mark_retry(pool, message.id, attempts, next, why).await?;
                    tracing::warn!(id = message.id, attempts, error = %why, "mail: will try again");
                }
                Attempt::Retry(why) | Attempt::Failed(why) => {
                    let why = if matches!(attempt, Attempt::Retry(_)) {
                        format!("gave up after {attempts} attempts: {why}")
                    } else {
                        why.clone()
                    };
                    outbox::mark_failed(pool, message.id, attempts, &why).await?;
                    tracing::error!(id = message.id, attempts, error = %why, "mail: failed");
                    done += 1;
                }
            }
            if matches!(attempt, Attempt::Retry(_)) {
                // The relay is probably down: the other messages wait for the next round.
                return Ok(done);
            }
        }
    }
}

/// One attempt at handing `message` to the relay.
async fn attempt(relay: &Relay, settings: &MailSettings, message: &Due) -> Attempt {
    let wire = match wire_message(
        settings,
        message.id,
        &message.to,
        &message.subject,
        &message.body,
        message.created_at,
    ) {
        Ok(wire) => wire,
        Err(why) => return Attempt::Failed(why),
    };
    match relay.transport.send(wire).await {
        Ok(_) => Attempt::Sent,
        Err(error) if error.is_permanent() => Attempt::Failed(describe(&error)),
        Err(error) => Attempt::Retry(describe(&error)),
    }
}

/// The relay's answer or the connection's trouble, in one line.
fn describe(error: &lettre::transport::smtp::Error) -> String {
    let text = error.to_string().replace(['\r', '\n'], " ");
    match error.status() {
        Some(code) => format!("the relay answered {code}: {text}"),
        None => text,
    }
}
