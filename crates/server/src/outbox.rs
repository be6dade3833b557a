//! The emails the server sends, kept in the `outbox` table (a mail relay reads it; in demo mode the
//! page `/demo/outbox` shows it).
//!
//! The messages are written in plain words, greeting as the seed's sample invitation does
//! (`shared/seeds/registration-instructions.txt`) and signed "HFS Portal Team". They carry account
//! matters only: names of organizations and facilities, dates, invitation codes, HFS's reasons. No
//! protected health information ever goes in them, and a message's body is never logged.

use chrono::{DateTime, NaiveDate, SecondsFormat};
use rules::dates::long_date;
use rules::wire::accounts::OutboxMessage;
use sqlx::{Row, SqliteExecutor};

use crate::api::fields::now_utc_millis;

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

/// Milliseconds since the epoch as RFC 3339 in UTC (`2026-11-23T15:04:05Z`).
fn rfc3339(millis: i64) -> String {
    DateTime::from_timestamp_millis(millis)
        .unwrap_or_default()
        .to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// A message before it is addressed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub subject: String,
    pub body: String,
}

impl Message {
    fn new(subject: &str, paragraphs: &[String]) -> Self {
        let mut body = String::from("Greetings from Illinois Healthcare and Family Services.\n\n");
        for paragraph in paragraphs {
            body.push_str(paragraph);
            body.push_str("\n\n");
        }
        body.push_str(
            "For help with signing in, send an email to hfs.crm.help@illinois.gov.\n\n\
             Regards,\n\nHFS Portal Team\n",
        );
        Self {
            subject: subject.to_owned(),
            body,
        }
    }

    /// Queues the message once to each distinct address (compared without case), skipping blanks.
    pub async fn send_to(
        &self,
        conn: &mut sqlx::SqliteConnection,
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

/// The profile was sent: HFS will review it by `review_due_on`.
pub fn registration_received(organization: &str, review_due_on: NaiveDate) -> Message {
    Message::new(
        "We received your registration request",
        &[
            format!(
                "We received your request to register for the Provider Resolution Portal for {organization}."
            ),
            format!(
                "HFS Portal staff will review it by {}. We will email you when it is decided. If you \
                 do not hear from us by then, check your spam folder.",
                long_date(review_due_on)
            ),
            "You cannot enter tickets until your registration is approved.".to_owned(),
        ],
    )
}

/// HFS approved the registration.
pub fn registration_approved(organization: &str) -> Message {
    Message::new(
        "Your registration is approved",
        &[
            format!(
                "Your registration for the Provider Resolution Portal is approved. You can now act for \
                 {organization}."
            ),
            "Sign in with the username and password you chose when you registered. You can then \
             enter tickets in the portal."
                .to_owned(),
        ],
    )
}

/// HFS denied the registration, saying why.
pub fn registration_denied(reason: &str) -> Message {
    Message::new(
        "Your registration request needs changes",
        &[
            "HFS Portal staff could not approve your registration request for the Provider \
             Resolution Portal."
                .to_owned(),
            format!("The reason HFS gave:\n\n{reason}"),
            "Sign in, correct your profile and send your registration request again.".to_owned(),
        ],
    )
}

/// A Multiple Provider/Facility Registration Request was received.
pub fn facility_request_received(count: u32, review_due_on: NaiveDate) -> Message {
    let facilities = if count == 1 {
        "1 provider or facility".to_owned()
    } else {
        format!("{count} providers or facilities")
    };
    Message::new(
        "We received your request to add facilities",
        &[
            format!(
                "We received your Multiple Provider/Facility Registration Request for {facilities}."
            ),
            format!(
                "HFS Portal staff will review it by {}. For each approved provider or facility you \
                 will receive an email with an invitation code.",
                long_date(review_due_on)
            ),
        ],
    )
}

/// HFS approved one requested facility: the invitation code that adds it to an account.
pub fn facility_invitation(facility: &str, code: &str, expires_on: NaiveDate) -> Message {
    Message::new(
        "Your invitation to the Provider Resolution Portal",
        &[
            format!("You've been invited to act for {facility} in the Provider Resolution Portal."),
            format!("Your invitation code is:\n\n{code}"),
            format!(
                "Redeem it at /account/invitation after you sign in. The code can be used once, \
                 until {}.",
                long_date(expires_on)
            ),
        ],
    )
}

/// HFS denied one requested facility, saying why.
pub fn facility_request_denied(facility: &str, reason: &str) -> Message {
    Message::new(
        "Your request to add a facility was not approved",
        &[
            format!(
                "HFS Portal staff could not approve your request to act for {facility} in the \
                 Provider Resolution Portal."
            ),
            format!("The reason HFS gave:\n\n{reason}"),
            "You can send a new request with the corrected details from your account page."
                .to_owned(),
        ],
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_are_signed_and_greet() {
        let due = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
        let message = registration_received("Springfield Clinic", due);
        assert!(message
            .body
            .starts_with("Greetings from Illinois Healthcare and Family Services."));
        assert!(message.body.contains("Wednesday 25 November 2026"));
        assert!(message.body.trim_end().ends_with("HFS Portal Team"));
        let invitation = facility_invitation("North Clinic", "ABCDE-FGHJK-MNPQR-STUVW", due);
        assert!(invitation.body.contains("ABCDE-FGHJK-MNPQR-STUVW"));
        assert!(invitation
            .body
            .contains("Redeem it at /account/invitation after you sign in"));
    }

    #[test]
    fn instants_are_utc() {
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339(1_772_420_400_000), "2026-03-02T03:00:00Z");
    }
}
