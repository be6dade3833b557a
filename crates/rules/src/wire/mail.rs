//! The HFS administrators' view of email (`docs/email.md`): the outbox with each message's state
//! (`GET /api/admin/outbox`), the reminders' lead times and the MCOs' mailboxes
//! (`GET/PUT /api/admin/mail-settings`, `PUT /api/admin/mcos/{id}/mailbox`).

use serde::{Deserialize, Serialize};

/// One message of the outbox as administrators see it (no body).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutboxEntry {
    pub id: i64,
    pub to: String,
    pub subject: String,
    /// `queued`, `sent` or `failed`.
    pub state: String,
    pub attempts: i64,
    /// RFC 3339, UTC.
    pub created_at: String,
    pub sent_at: Option<String>,
    /// When a queued message that failed once is tried again (RFC 3339).
    pub next_attempt_at: Option<String>,
    pub last_error: Option<String>,
    pub message_id: Option<String>,
}

/// `GET /api/admin/outbox`: the newest messages and the counts by state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Outbox {
    /// Whether the server sends (it was started with `--smtp-url`).
    pub sending: bool,
    pub queued: i64,
    pub sent: i64,
    pub failed: i64,
    /// Newest first, at most 200.
    pub messages: Vec<OutboxEntry>,
}

/// `GET/PUT /api/admin/mail-settings`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MailSettingsInput {
    /// Business days before each due date a reminder goes out (0: the due date's morning).
    pub reminder_lead_days: Vec<u32>,
}

/// `PUT /api/admin/mcos/{id}/mailbox`: the MCO's address for portal email; empty: its users.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct McoMailbox {
    pub mailbox: String,
}

/// An MCO's mailbox as listed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct McoMailboxEntry {
    pub mco_id: i64,
    pub name: String,
    /// `None`: email goes to the MCO's approved users.
    pub mailbox: Option<String>,
}

/// `GET /api/admin/mail-settings`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MailSettingsView {
    pub reminder_lead_days: Vec<u32>,
    pub mco_mailboxes: Vec<McoMailboxEntry>,
    /// `--hfs-mailbox`, if set.
    pub hfs_mailbox: Option<String>,
}
