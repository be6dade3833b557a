//! Wire types of tickets (issue 5): drafts, submission, lists, the ticket page, actions.
//! The endpoints are listed in `docs/tickets.md`. Written once, here.

use serde::{Deserialize, Serialize};

use crate::timeline::{ClosedReason, Deadline, Fine, Status};
use crate::wire::accounts::Mco;
// Where the other crates have always found them.
pub use crate::wire::attachments::Attachment;
use crate::wire::claims::ClaimRow;
pub use crate::wire::complaint_types::{ComplaintType, ComplaintTypeOption};

/// A ticket being entered, kept on the server as the user goes (never in browser storage: it holds
/// protected health information). Every field may be empty until submission. Dates `YYYY-MM-DD`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct TicketForm {
    pub facility_id: Option<i64>,
    pub mco_id: Option<i64>,
    pub complaint_type: Option<ComplaintType>,
    pub tracking_number: String,
    pub mco_received_on: Option<String>,
    /// `medicaid`, `medicare_only` or `fee_for_service` (as the eligibility checker).
    pub program: Option<String>,
    pub internal_process_exhausted: Option<bool>,
    pub prior_authorization_not_obtained: Option<bool>,
    /// `Some(false)`: one claim, entered on the form (pages `member` and `claim`). `Some(true)`: 2
    /// to 100 similar claims on the standard template (page `claims`, `docs/claims.md`).
    pub multiple_claims: Option<bool>,
    /// The draft attachment holding the claims template (`PUT /api/drafts/{id}/claims`).
    pub claims_file_id: Option<i64>,
    pub member_first_name: String,
    pub member_last_name: String,
    /// The member's 9-digit Recipient ID.
    pub rin: String,
    pub service_from: Option<String>,
    pub service_to: Option<String>,
    pub claim_number: String,
    /// What is wrong.
    pub description: String,
    /// What the provider wants the MCO to do.
    pub desired_outcome: String,
    /// Who receives the outcome (prefilled from the profile).
    pub contact_name: String,
    pub contact_phone: String,
    pub contact_email: String,
}

/// A draft as stored: its id, the form so far, its files.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Draft {
    pub id: i64,
    pub form: TicketForm,
    pub attachments: Vec<Attachment>,
    /// RFC 3339.
    pub updated_at: String,
    /// Set once submitted: the ticket it became (submitting again gives the same ticket).
    pub ticket_id: Option<i64>,
}

/// `POST /api/tickets`: a whole ticket, or `draft_id` of a draft to submit.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SubmitTicket {
    pub draft_id: Option<i64>,
    #[serde(flatten)]
    pub form: TicketForm,
}

/// A ticket in a list. The RIN appears only as its last four digits.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TicketSummary {
    pub id: i64,
    /// "PRP-2026-000123".
    pub number: String,
    pub status: Status,
    pub closed_reason: Option<ClosedReason>,
    pub mco: Mco,
    pub complaint_type: ComplaintType,
    pub facility_id: i64,
    pub facility_name: String,
    /// Empty for a ticket filed on the claims template (see `claims_count`).
    pub rin_last4: String,
    /// A template ticket's number of claims (lists show "12 claims" instead of a Recipient ID).
    #[serde(default)]
    pub claims_count: Option<u32>,
    pub tracking_number: String,
    pub submitted_on: Option<String>,
    /// Every pending clock, as `POST /api/timeline` gives them, soonest first.
    pub deadlines: Vec<Deadline>,
}

/// One thing that happened, for the ticket's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryEntry {
    /// RFC 3339.
    pub at: String,
    /// The Illinois date the act counts for.
    pub on: String,
    /// `provider`, `mco`, `hfs` or `portal` (the clocks).
    pub party: String,
    /// Who did it (username), absent for the portal's own closings and fines.
    pub by: Option<String>,
    /// The action's key (`submit`, `present`, `request_info`, ..., `closed_by_rule`, `fined`).
    pub action: String,
    /// In words, for the page.
    pub summary: String,
    /// Free text that went with it (the request, the answer, a reason).
    pub text: Option<String>,
}

/// The MCO's written response.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct McoResponse {
    pub outcome: ResponseOutcome,
    pub response: String,
    pub contact_name: String,
    pub contact_phone: String,
    pub contact_email: String,
    pub responded_on: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ResponseOutcome {
    Upheld,
    Overturned,
}

/// `GET /api/tickets/{id}`: everything the session may see of one ticket. Viewing it is audited.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TicketDetail {
    pub summary: TicketSummary,
    pub form: TicketForm,
    /// Every clock that has started (met, pending, missed).
    pub deadlines: Vec<Deadline>,
    pub fines: Vec<Fine>,
    pub history: Vec<HistoryEntry>,
    pub attachments: Vec<Attachment>,
    pub mco_response: Option<McoResponse>,
    /// The reason HFS gave when it closed the ticket or decided, in its words.
    pub closing_note: Option<String>,
    /// The actions this session may take now (keys of [`TicketAction`]), as the engine allows.
    pub allowed_actions: Vec<String>,
    /// A template ticket's claims, in row order (`None` for a single-claim ticket).
    #[serde(default)]
    pub claims: Option<Vec<ClaimRow>>,
    /// A template ticket's file (downloaded as any attachment).
    #[serde(default)]
    pub claims_file: Option<Attachment>,
}

/// `POST /api/tickets/{id}/actions`: `{"action": "...", ...}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case", deny_unknown_fields)]
pub enum TicketAction {
    /// HFS: the ticket is complete; present it to the MCO.
    Present,
    /// HFS: close a submitted ticket (`incomplete`, `not_timely`, `no_tracking_number`,
    /// `medicare_only`, `prior_authorization_not_obtained`), with a note to the provider.
    Close { reason: ClosedReason, note: String },
    /// MCO: ask the provider for more information (while its `mco_info_request` clock runs).
    RequestInfo { message: String },
    /// Provider: answer the request (by its `provider_info_response` due date); files attached
    /// beforehand.
    ProvideInfo {
        message: String,
        #[serde(default)]
        attachment_ids: Vec<i64>,
    },
    /// MCO or provider: ask HFS for the single extension.
    RequestExtension { reason: String },
    /// HFS: approve the extension asked for.
    ApproveExtension,
    /// HFS: refuse it, saying why.
    RefuseExtension { reason: String },
    /// MCO: the written response or proposal.
    Respond {
        outcome: ResponseOutcome,
        response: String,
        contact_name: String,
        contact_phone: String,
        contact_email: String,
    },
    /// Provider: accept the MCO's response (the ticket closes).
    Accept,
    /// Provider: contest it, saying why.
    Contest { reason: String },
    /// Provider: after contesting, ask HFS for review.
    RequestReview { reason: String },
    /// HFS: the information for the review is in.
    DeliverInformation,
    /// HFS: the final decision.
    Decide { decision: String },
    /// Any party with access: a message on the ticket (no clock changes).
    Message { message: String },
}

/// An entry of the audit trail (`GET /api/admin/audit`), never changed once written.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct AuditEntry {
    /// Its number: never given twice.
    pub id: i64,
    pub at: String,
    /// Who: the account's username, or for a failed sign-in the username typed; `(portal)` for the
    /// portal's own steps.
    pub username: String,
    /// The client address the request came from (empty for the portal's own steps).
    pub client: String,
    pub ticket_id: Option<i64>,
    /// The kind: `viewed_ticket`, `downloaded_attachment`, `viewed_draft`, `sign_in_failed`, ...
    /// (`docs/security.md`).
    pub what: String,
    /// A few words more (never protected health information).
    pub detail: String,
}

/// A fine in `GET /api/fines` (MCO users: their MCO's; HFS: all), newest first.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct FineEntry {
    pub ticket_id: i64,
    /// "PRP-2026-000123".
    pub number: String,
    pub mco_id: i64,
    pub mco_name: String,
    pub amount_cents: i64,
    /// The day after the missed `mco_response` due date.
    pub fined_on: String,
    /// When the Portal Sanction Payment Notice is due.
    pub sanction_notice_due_on: String,
}
