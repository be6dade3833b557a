//! Portal Sanction Payment Notices (`docs/reporting.md`): the public list and one notice, HFS's
//! drafts, waiving a fine, and the payment settings HFS administrators keep.

use serde::{Deserialize, Serialize};

/// One fine on a notice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoticeFine {
    /// "PRP-2026-000123".
    pub ticket_number: String,
    /// The MCO's written response was due on this date (`YYYY-MM-DD`).
    pub due_on: String,
    /// The fine's date: the day after `due_on`.
    pub fined_on: String,
    pub amount_cents: i64,
    /// The fine's id (HFS waives by it).
    #[serde(default)]
    pub fine_id: i64,
    /// HFS waived it before the notice was issued: the reason (HFS views only; a waived fine is
    /// not on an issued notice).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub waived_reason: Option<String>,
}

/// Where a notice stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NoticeStatus {
    /// Drafted by the portal; HFS reviews it.
    Draft,
    /// Emailed to the MCO and published.
    Issued,
    /// Every fine on it was waived: no notice is issued.
    Withdrawn,
}

/// A Portal Sanction Payment Notice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SanctionNotice {
    pub id: i64,
    /// The MCO's name.
    pub mco: String,
    #[serde(default)]
    pub mco_id: i64,
    /// `2026-Q3`.
    pub quarter: String,
    /// `YYYY-MM-DD`; `null` while a draft.
    pub issued_on: Option<String>,
    /// The last day HFS may issue it.
    pub notice_due_on: String,
    /// When the MCO's payment is due (while a draft: if issued today).
    pub payment_due_on: String,
    /// The fines not waived.
    pub total_cents: i64,
    pub fines: Vec<NoticeFine>,
    #[serde(default = "issued")]
    pub status: NoticeStatus,
    /// Where to send the payment and which HFS bureau processes it.
    #[serde(default)]
    pub payment_address: String,
    #[serde(default)]
    pub payment_bureau: String,
    /// A draft past its due date (HFS views).
    #[serde(default)]
    pub overdue: bool,
}

fn issued() -> NoticeStatus {
    NoticeStatus::Issued
}

/// `POST /api/hfs/sanction-notices/{id}/fines/{fine_id}/waive`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WaiveFine {
    pub reason: String,
}

/// `GET`/`PUT /api/admin/sanction-settings`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SanctionSettings {
    /// The mailing address the payment is sent to (several lines).
    pub payment_address: String,
    /// The HFS bureau that processes it.
    pub payment_bureau: String,
    /// Calendar days from the notice's issue to the payment's due date.
    pub payment_days: u32,
}

/// The longest payment address and bureau (characters).
pub const ADDRESS_MAX_CHARS: usize = 500;
pub const BUREAU_MAX_CHARS: usize = 200;
/// The payment period HFS may set: 1 to 365 days.
pub const PAYMENT_DAYS_MAX: u32 = 365;
