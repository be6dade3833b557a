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
    /// Whether the issue stops a member from getting care they need now: such a ticket is
    /// expedited (the launch notice). Not given reads as no.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub access_to_care: Option<bool>,
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
    /// The issue stops a member from getting care they need now (`TicketForm::access_to_care`):
    /// shown as "Expedited", first in the HFS and MCO queues.
    #[serde(default)]
    pub expedited: bool,
    /// A follow-up (the provider reported the resolution was not carried out) waits for HFS.
    #[serde(default)]
    pub follow_up_open: bool,
}

/// `GET /api/ticket-facilities`: a facility of the tickets a session may see (the queues' filter).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TicketFacility {
    pub id: i64,
    pub name: String,
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
    /// The detailed plan for resolution, when one applies (with `resolve_by`).
    #[serde(default)]
    pub resolution_plan: Option<String>,
    /// The date by which the dispute will be resolved, `YYYY-MM-DD` (with `resolution_plan`).
    #[serde(default)]
    pub resolve_by: Option<String>,
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
    /// Where HFS's review stands (`requested`, `account_manager`, `sme`), once asked for.
    #[serde(default)]
    pub review_stage: Option<ReviewStage>,
    /// The HFS MCO Account Manager assigned to the review (their name).
    #[serde(default)]
    pub account_manager: Option<HfsPerson>,
    /// The HFS Subject Matter Expert the review was referred to.
    #[serde(default)]
    pub sme: Option<HfsPerson>,
    /// What the provider and the MCO delivered for the review (each party sees its own; HFS
    /// both), and when.
    #[serde(default)]
    pub deliveries: Vec<Delivery>,
    /// HFS's final decision, once made.
    #[serde(default)]
    pub decision: Option<HfsDecision>,
    /// The MCO's report that the answer to its information request was incomplete.
    #[serde(default)]
    pub incomplete_report: Option<IncompleteReport>,
    /// The provider's reports that the resolution was not carried out, and HFS's answers.
    #[serde(default)]
    pub follow_ups: Vec<FollowUp>,
    /// HFS only: the target HFS administrators set for presenting an expedited ticket.
    #[serde(default)]
    pub present_target_on: Option<String>,
    /// HFS only: the HFS users a review can be assigned or referred to.
    #[serde(default)]
    pub hfs_people: Vec<HfsPerson>,
}

/// Where HFS's review stands (the MCO policy: the Portal Team, the HFS MCO Account Manager, an
/// HFS Subject Matter Expert).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReviewStage {
    /// The provider asked; the Portal Team has not yet assigned an Account Manager.
    Requested,
    /// With the HFS MCO Account Manager.
    AccountManager,
    /// Referred to an HFS Subject Matter Expert.
    Sme,
}

impl ReviewStage {
    pub fn label(self) -> &'static str {
        match self {
            ReviewStage::Requested => "Review asked for: waiting for an HFS MCO Account Manager",
            ReviewStage::AccountManager => "With the HFS MCO Account Manager",
            ReviewStage::Sme => "With an HFS Subject Matter Expert",
        }
    }
}

/// An HFS user a review is with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HfsPerson {
    pub id: i64,
    /// Their full name (their username when none is recorded).
    pub name: String,
}

/// HFS's decision: in whose favour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DecisionOutcome {
    ForProvider,
    ForMco,
    Partly,
}

impl DecisionOutcome {
    pub const ALL: [DecisionOutcome; 3] = [
        DecisionOutcome::ForProvider,
        DecisionOutcome::ForMco,
        DecisionOutcome::Partly,
    ];
    pub fn key(self) -> &'static str {
        match self {
            DecisionOutcome::ForProvider => "for_provider",
            DecisionOutcome::ForMco => "for_mco",
            DecisionOutcome::Partly => "partly",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            DecisionOutcome::ForProvider => "In the provider's favour",
            DecisionOutcome::ForMco => "In the MCO's favour",
            DecisionOutcome::Partly => "Partly in each party's favour",
        }
    }
}

/// HFS's final decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HfsDecision {
    pub outcome: Option<DecisionOutcome>,
    pub decision: String,
    pub decided_on: String,
    /// The decision letter, when HFS attached one.
    pub letter: Option<Attachment>,
}

/// What one party delivered for HFS's review.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Delivery {
    /// `provider` or `mco`.
    pub party: String,
    pub delivered_on: String,
    /// Empty when the session may see only that it was delivered (the other party's).
    pub information: String,
    pub contact_name: String,
    pub contact_phone: String,
    pub contact_email: String,
    pub attachments: Vec<Attachment>,
}

/// The MCO's report that the answer to its request was incomplete, and what HFS did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IncompleteReport {
    pub reported_on: String,
    /// What is missing, in the MCO's words.
    pub missing: String,
    /// HFS told the MCO to proceed (the date), if it did.
    pub proceed_on: Option<String>,
}

/// A provider's report that the MCO's resolution was not carried out by its date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FollowUp {
    pub id: i64,
    pub reported_on: String,
    pub message: String,
    pub attachments: Vec<Attachment>,
    /// HFS closed it (the date) with a note.
    pub closed_on: Option<String>,
    pub note: Option<String>,
}

/// `POST /api/tickets/{id}/actions`: `{"action": "...", ...}`. `attachment_ids` are files the
/// same party attached to the ticket beforehand (`POST /api/tickets/{id}/attachments`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case", deny_unknown_fields)]
pub enum TicketAction {
    /// HFS: the ticket is complete; present it to the MCO.
    Present,
    /// HFS: close a submitted ticket (one of `ClosedReason::HFS_CLOSINGS`), or, after the MCO
    /// reported an incomplete answer, as `incomplete_info_response`; with a note to the provider.
    Close {
        reason: ClosedReason,
        note: String,
        #[serde(default)]
        attachment_ids: Vec<i64>,
    },
    /// MCO: ask the provider for more information (while its `mco_info_request` clock runs).
    RequestInfo {
        message: String,
        #[serde(default)]
        attachment_ids: Vec<i64>,
    },
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
    /// MCO: the written response or proposal. When a plan applies, `resolution_plan` and
    /// `resolve_by` (the date by which the dispute will be resolved): both or neither.
    Respond {
        outcome: ResponseOutcome,
        response: String,
        contact_name: String,
        contact_phone: String,
        contact_email: String,
        #[serde(default)]
        resolution_plan: Option<String>,
        #[serde(default)]
        resolve_by: Option<String>,
        #[serde(default)]
        attachment_ids: Vec<i64>,
    },
    /// Provider: accept the MCO's response (the ticket closes).
    Accept,
    /// Provider: contest it, saying why.
    Contest { reason: String },
    /// Provider: after contesting, ask HFS for review.
    RequestReview { reason: String },
    /// Provider or MCO: its information for HFS's review, with the contact of knowledgeable
    /// personnel, by the `information_delivery` due date.
    DeliverInformation {
        #[serde(default)]
        information: String,
        #[serde(default)]
        contact_name: String,
        #[serde(default)]
        contact_phone: String,
        #[serde(default)]
        contact_email: String,
        #[serde(default)]
        attachment_ids: Vec<i64>,
    },
    /// The review's holder (the Account Manager, or the SME referred to): the final decision,
    /// its outcome, and a decision letter (a file) if any.
    Decide {
        decision: String,
        #[serde(default)]
        outcome: Option<DecisionOutcome>,
        #[serde(default)]
        attachment_ids: Vec<i64>,
    },
    /// Any party with access: a message on the ticket (no clock changes).
    Message {
        message: String,
        #[serde(default)]
        attachment_ids: Vec<i64>,
    },
    /// MCO, within its resolution period: the provider's answer was incomplete; what is missing.
    ReportIncomplete {
        missing: String,
        #[serde(default)]
        attachment_ids: Vec<i64>,
    },
    /// HFS, after such a report: the MCO proceeds with the answer as given.
    Proceed { note: String },
    /// HFS: place the review with an HFS MCO Account Manager.
    AssignReview {
        #[serde(default)]
        account_manager_id: Option<i64>,
    },
    /// The Account Manager: refer the review to an HFS Subject Matter Expert, with a note.
    ReferToSme {
        #[serde(default)]
        sme_id: Option<i64>,
        note: String,
    },
    /// Provider, on a closed ticket whose `resolve_by` has passed: the resolution was not
    /// carried out. The ticket stays closed; a follow-up goes to HFS.
    ReportUnresolved {
        message: String,
        #[serde(default)]
        attachment_ids: Vec<i64>,
    },
    /// HFS: close the open follow-up with a note.
    CloseFollowUp {
        note: String,
        #[serde(default)]
        attachment_ids: Vec<i64>,
    },
    /// HFS administrator: the date by which HFS means to present an expedited ticket.
    SetPresentTarget { present_by: String },
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
    /// The ticket's number ("PRP-2026-000123") when `ticket_id` is a submitted ticket; empty for
    /// a draft or no ticket.
    pub ticket_number: String,
    /// The kind: `viewed_ticket`, `downloaded_attachment`, `viewed_draft`, `sign_in_failed`, ...
    /// (`docs/security.md`).
    pub what: String,
    /// A few words more (never protected health information).
    pub detail: String,
}

/// The fines of one MCO, counted and added up (`GET /api/fines/totals`: an MCO user's own MCO,
/// every fined MCO for HFS), by MCO name.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct FineTotal {
    pub mco_id: i64,
    pub mco_name: String,
    pub count: i64,
    pub amount_cents: i64,
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
