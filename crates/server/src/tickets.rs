//! Tickets on the server (`docs/tickets.md`): the `tickets` row, who may see it, its events as the
//! engine reads them, its history, the audit log of who saw protected health information, and the
//! wire shapes built from it (with its files, `crate::attachments`, and claims, `crate::claims`).
//! Shared by the ticket and draft endpoints, the actions (`crate::actions`) and the clocks.
//!
//! Whether a session may see a ticket is decided here only ([`visible`], [`access_clause`]): any
//! ticket it may not see is a 404, never a 403, so ids reveal nothing.
//!
//! May import: `state`, `auth`, `error`, `time`, `attachments`, `claims`.

use std::sync::OnceLock;

use chrono::NaiveDate;
use rules::calendar::Calendar;
use rules::timeline::{ClosedReason, Events, ExtensionFor, ProviderDecision, Status, Timeline};
use rules::transitions::Party;
use rules::wire::accounts::{AccountStatus, Mco, Role};
use rules::wire::tickets::Attachment;
use rules::wire::tickets::{
    ComplaintType, DecisionOutcome, Delivery, FollowUp, HfsDecision, HfsPerson, HistoryEntry,
    IncompleteReport, McoResponse, ResponseOutcome, ReviewStage, TicketDetail, TicketForm,
    TicketSummary,
};
use rules::workflow::{Actor, Workflow};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, AnyExecutor, AnyPool, Row};

use crate::audit::{self, AuditEvent};
use crate::auth::CurrentUser;
use crate::claims;
use crate::db::{self, Kind};
use crate::error::ApiError;
use crate::state::AppState;
use crate::time::{self, now_utc_millis, rfc3339};

// ---------------------------------------------------------------------------------------------
// The row

/// One row of `tickets` (a draft or a ticket), with the names of its MCO and facility.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TicketRow {
    pub id: i64,
    /// The provider user who started it (a draft is seen by them only).
    pub created_by: i64,
    /// The form as JSON (`TicketForm`): the draft so far, or what was submitted.
    pub form_json: String,
    /// As stored (the clocks keep it in step with the engine).
    pub status: Status,
    pub closed_reason: Option<ClosedReason>,
    pub closing_note: Option<String>,
    pub facility_id: Option<i64>,
    pub mco_id: Option<i64>,
    pub complaint_type: Option<ComplaintType>,
    pub rin_last4: Option<String>,
    /// A template ticket's number of stored claims (`None` for a single-claim ticket).
    pub claims_count: Option<i64>,
    pub tracking_number: Option<String>,
    pub mco_received_on: Option<NaiveDate>,
    pub submitted_on: Option<NaiveDate>,
    pub hfs_closed_on: Option<NaiveDate>,
    pub presented_on: Option<NaiveDate>,
    pub info_requested_on: Option<NaiveDate>,
    pub info_provided_on: Option<NaiveDate>,
    pub extension_requested_on: Option<NaiveDate>,
    pub extension_requested_by: Option<ExtensionFor>,
    pub extension_approved_for: Option<ExtensionFor>,
    pub extension_refused_on: Option<NaiveDate>,
    pub mco_responded_on: Option<NaiveDate>,
    pub provider_decision: Option<ProviderDecision>,
    pub provider_decided_on: Option<NaiveDate>,
    pub hfs_review_requested_on: Option<NaiveDate>,
    pub information_delivered_on: Option<NaiveDate>,
    pub hfs_decided_on: Option<NaiveDate>,
    pub response_outcome: Option<ResponseOutcome>,
    pub response_text: Option<String>,
    pub response_contact_name: Option<String>,
    pub response_contact_phone: Option<String>,
    pub response_contact_email: Option<String>,
    /// Issue 13: expedited, HFS's target, the MCO's plan, deliveries, the incomplete answer, the
    /// review's stage and holders, the decision (migration 0009).
    pub expedited: bool,
    pub present_target_on: Option<NaiveDate>,
    pub response_plan: Option<String>,
    pub response_resolve_by: Option<NaiveDate>,
    pub provider_delivered_on: Option<NaiveDate>,
    pub mco_delivered_on: Option<NaiveDate>,
    pub incomplete_reported_on: Option<NaiveDate>,
    pub incomplete_missing: Option<String>,
    pub proceed_on: Option<NaiveDate>,
    pub review_stage: Option<ReviewStage>,
    pub review_account_manager_id: Option<i64>,
    pub review_sme_id: Option<i64>,
    pub decision_outcome: Option<DecisionOutcome>,
    pub decision_letter_id: Option<i64>,
    /// A follow-up of the provider's waits for HFS.
    pub follow_up_open: bool,
    /// Milliseconds since the epoch (UTC).
    pub created_at: i64,
    pub updated_at: i64,
    /// Joined from `mcos` and `facilities` (absent while a draft has none).
    pub mco_name: Option<String>,
    pub mco_active: Option<bool>,
    pub mco_short_name: Option<String>,
    pub facility_name: Option<String>,
}

/// The columns of [`SELECT_TICKETS`] (`t` is the ticket), as a literal for `concat!`.
macro_rules! ticket_columns {
    () => {
        "SELECT t.*, m.name AS mco_name, m.active AS mco_active, \
         m.short_name AS mco_short_name, \
         f.name AS facility_name, \
         CASE WHEN t.claims_file_id IS NULL THEN NULL \
         ELSE (SELECT COUNT(*) FROM ticket_claims c WHERE c.ticket_id = t.id) END AS claims_count, \
         EXISTS (SELECT 1 FROM ticket_follow_ups u WHERE u.ticket_id = t.id AND u.closed_on IS NULL) \
           AS follow_up_open"
    };
}

/// The tables of [`SELECT_TICKETS`], as a literal for `concat!`.
macro_rules! ticket_tables {
    () => {
        " FROM tickets t \
         LEFT JOIN mcos m ON m.id = t.mco_id LEFT JOIN facilities f ON f.id = t.facility_id"
    };
}

/// The `SELECT` every reader of [`TicketRow`] uses (`t` is the ticket); add `WHERE ...`.
pub const SELECT_TICKETS: &str = concat!(ticket_columns!(), ticket_tables!());

/// The ticket's parts a page lists beside its row, each a JSON array ([`db::json_rows`]; `t` is
/// the ticket): the State calendar's changes (the clocks need them), history, files, deliveries,
/// follow-ups. Read with the row in one query ([`visible_on`]) or alone ([`detail_on`]).
fn parts_columns(kind: Kind) -> String {
    [
        db::json_rows(
            kind,
            "calendar_json",
            crate::calendar_store::JSON_FIELDS,
            "calendar_changes c",
            "c.date",
        ),
        db::json_rows(
            kind,
            "history_json",
            &[
                ("at", "h.at"),
                ("on", "h.on_date"),
                ("party", "h.party"),
                ("by", "u.username"),
                ("action", "h.action"),
                ("summary", "h.summary"),
                ("text", "h.text"),
            ],
            "ticket_history h LEFT JOIN users u ON u.id = h.user_id WHERE h.ticket_id = t.id",
            "h.at, h.id",
        ),
        db::json_rows(
            kind,
            "files_json",
            &[
                ("id", "a.id"),
                ("file_name", "a.file_name"),
                ("content_type", "a.content_type"),
                ("size_bytes", "a.size_bytes"),
                ("added_by", "a.added_by"),
                ("added_at", "a.added_at"),
            ],
            "ticket_attachments a WHERE a.ticket_id = t.id AND a.purpose = 'file'",
            "a.id",
        ),
        db::json_rows(
            kind,
            "deliveries_json",
            &[
                ("party", "d.party"),
                ("delivered_on", "d.delivered_on"),
                ("information", "d.information"),
                ("contact_name", "d.contact_name"),
                ("contact_phone", "d.contact_phone"),
                ("contact_email", "d.contact_email"),
                ("attachment_ids", "d.attachment_ids"),
            ],
            "ticket_deliveries d WHERE d.ticket_id = t.id",
            "d.delivered_on, d.id",
        ),
        db::json_rows(
            kind,
            "follow_ups_json",
            &[
                ("id", "fu.id"),
                ("reported_on", "fu.reported_on"),
                ("message", "fu.message"),
                ("attachment_ids", "fu.attachment_ids"),
                ("closed_on", "fu.closed_on"),
                ("note", "fu.note"),
            ],
            "ticket_follow_ups fu WHERE fu.ticket_id = t.id",
            "fu.id",
        ),
    ]
    .join(", ")
}

/// The queries of a ticket's page on one kind of database, made once.
struct PageSql {
    /// The ticket `$1` as [`SELECT_TICKETS`] reads it, whether the user `$2` acts for its
    /// facility (`of_user_facility`), and its parts ([`parts_columns`]).
    visible: String,
    /// The parts of the ticket `$1` alone.
    parts: String,
}

fn page_sql(kind: Kind) -> &'static PageSql {
    static SQLITE: OnceLock<PageSql> = OnceLock::new();
    static POSTGRES: OnceLock<PageSql> = OnceLock::new();
    let cell = match kind {
        Kind::Sqlite => &SQLITE,
        Kind::Postgres => &POSTGRES,
    };
    cell.get_or_init(|| {
        let parts = parts_columns(kind);
        PageSql {
            visible: format!(
                "{}, EXISTS (SELECT 1 FROM user_facilities uf \
                 WHERE uf.user_id = $2 AND uf.facility_id = t.facility_id) AS of_user_facility, \
                 {parts}{} WHERE t.id = $1",
                ticket_columns!(),
                ticket_tables!()
            ),
            parts: format!("SELECT {parts} FROM tickets t WHERE t.id = $1"),
        }
    })
}

/// A ticket's parts as [`parts_columns`] reads them, before they are shaped for the party.
#[derive(Debug, Clone)]
pub struct Parts {
    calendar: Vec<rules::calendar::CalendarChange>,
    history: Vec<HistoryEntry>,
    files: Vec<Attachment>,
    deliveries: Vec<DeliveryRow>,
    follow_ups: Vec<FollowUpRow>,
}

#[derive(Debug, Clone, Deserialize)]
struct HistoryRow {
    at: i64,
    on: String,
    party: String,
    by: Option<String>,
    action: String,
    summary: String,
    text: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
struct FileRow {
    id: i64,
    file_name: String,
    content_type: String,
    size_bytes: i64,
    added_by: String,
    added_at: i64,
}

#[derive(Debug, Clone, Deserialize)]
struct DeliveryRow {
    party: String,
    delivered_on: String,
    information: String,
    contact_name: String,
    contact_phone: String,
    contact_email: String,
    attachment_ids: String,
}

#[derive(Debug, Clone, Deserialize)]
struct FollowUpRow {
    id: i64,
    reported_on: String,
    message: String,
    attachment_ids: String,
    closed_on: Option<String>,
    note: Option<String>,
}

/// The JSON array of column `column`, as `T`s (a column that is not one is a database error).
fn json_column<T: DeserializeOwned>(row: &AnyRow, column: &str) -> Result<Vec<T>, sqlx::Error> {
    let text: String = row.try_get(column)?;
    serde_json::from_str(&text).map_err(|e| sqlx::Error::ColumnDecode {
        index: column.to_owned(),
        source: Box::new(e),
    })
}

impl Parts {
    /// The parts of a row with the columns of [`parts_columns`].
    fn from_row(row: &AnyRow) -> Result<Parts, sqlx::Error> {
        let calendar_text: String = row.try_get("calendar_json")?;
        let calendar =
            crate::calendar_store::changes_from_json(&calendar_text).ok_or_else(|| {
                sqlx::Error::ColumnDecode {
                    index: "calendar_json".to_owned(),
                    source: "not a list of calendar changes".into(),
                }
            })?;
        Ok(Parts {
            calendar,
            history: json_column::<HistoryRow>(row, "history_json")?
                .into_iter()
                .map(|h| HistoryEntry {
                    at: rfc3339(h.at),
                    on: h.on,
                    party: h.party,
                    by: h.by,
                    action: h.action,
                    summary: h.summary,
                    text: h.text,
                })
                .collect(),
            files: json_column::<FileRow>(row, "files_json")?
                .into_iter()
                .map(|f| Attachment {
                    id: f.id,
                    file_name: f.file_name,
                    content_type: f.content_type,
                    size_bytes: u64::try_from(f.size_bytes).unwrap_or_default(),
                    added_by: f.added_by,
                    added_at: rfc3339(f.added_at),
                })
                .collect(),
            deliveries: json_column(row, "deliveries_json")?,
            follow_ups: json_column(row, "follow_ups_json")?,
        })
    }
}

/// The stored text of an enum of the wire (its serde name: `with_mco`, `not_timely`, ...).
pub fn key_of<T: Serialize>(value: T) -> String {
    match serde_json::to_value(value) {
        Ok(Value::String(text)) => text,
        _ => String::new(),
    }
}

/// The enum whose serde name is `text`.
pub fn parse_key<T: DeserializeOwned>(text: &str) -> Option<T> {
    serde_json::from_value(Value::String(text.to_owned())).ok()
}

/// The party in words, as history entries and emails begin their sentences.
pub fn party_name(party: Party) -> &'static str {
    match party {
        Party::Provider => "The provider",
        Party::Mco => "The MCO",
        Party::Hfs => "HFS",
    }
}

/// The stored name of a party (`provider`, `mco`, `hfs`), as `ticket_history.party` holds it.
pub fn party_key(party: Party) -> &'static str {
    match party {
        Party::Provider => "provider",
        Party::Mco => "mco",
        Party::Hfs => "hfs",
    }
}

fn date_column(row: &AnyRow, column: &str) -> Result<Option<NaiveDate>, sqlx::Error> {
    let text: Option<String> = row.try_get(column)?;
    Ok(text.and_then(|text| {
        let date = rules::dates::parse_iso_date(&text);
        if date.is_none() {
            tracing::error!(column, "a ticket's date column holds something else");
        }
        date
    }))
}

fn key_column<T: DeserializeOwned>(row: &AnyRow, column: &str) -> Result<Option<T>, sqlx::Error> {
    let text: Option<String> = row.try_get(column)?;
    Ok(text.and_then(|text| {
        let value = parse_key(&text);
        if value.is_none() {
            tracing::error!(column, "a ticket's column holds an unknown value");
        }
        value
    }))
}

impl TicketRow {
    /// Reads a row of [`SELECT_TICKETS`].
    pub fn from_row(row: &AnyRow) -> Result<TicketRow, sqlx::Error> {
        let status: String = row.try_get("status")?;
        Ok(TicketRow {
            id: row.try_get("id")?,
            created_by: row.try_get("created_by")?,
            form_json: row.try_get("form_json")?,
            status: parse_key(&status).unwrap_or_else(|| {
                tracing::error!("a ticket has an unknown status");
                Status::Draft
            }),
            closed_reason: key_column(row, "closed_reason")?,
            closing_note: row.try_get("closing_note")?,
            facility_id: row.try_get("facility_id")?,
            mco_id: row.try_get("mco_id")?,
            complaint_type: key_column(row, "complaint_type")?,
            rin_last4: row.try_get("rin_last4")?,
            claims_count: row.try_get("claims_count")?,
            tracking_number: row.try_get("tracking_number")?,
            mco_received_on: date_column(row, "mco_received_on")?,
            submitted_on: date_column(row, "submitted_on")?,
            hfs_closed_on: date_column(row, "hfs_closed_on")?,
            presented_on: date_column(row, "presented_on")?,
            info_requested_on: date_column(row, "info_requested_on")?,
            info_provided_on: date_column(row, "info_provided_on")?,
            extension_requested_on: date_column(row, "extension_requested_on")?,
            extension_requested_by: key_column(row, "extension_requested_by")?,
            extension_approved_for: key_column(row, "extension_approved_for")?,
            extension_refused_on: date_column(row, "extension_refused_on")?,
            mco_responded_on: date_column(row, "mco_responded_on")?,
            provider_decision: key_column(row, "provider_decision")?,
            provider_decided_on: date_column(row, "provider_decided_on")?,
            hfs_review_requested_on: date_column(row, "hfs_review_requested_on")?,
            information_delivered_on: date_column(row, "information_delivered_on")?,
            hfs_decided_on: date_column(row, "hfs_decided_on")?,
            response_outcome: key_column(row, "response_outcome")?,
            response_text: row.try_get("response_text")?,
            response_contact_name: row.try_get("response_contact_name")?,
            response_contact_phone: row.try_get("response_contact_phone")?,
            response_contact_email: row.try_get("response_contact_email")?,
            expedited: db::flag(row, "expedited")?,
            present_target_on: date_column(row, "present_target_on")?,
            response_plan: row.try_get("response_plan")?,
            response_resolve_by: date_column(row, "response_resolve_by")?,
            provider_delivered_on: date_column(row, "provider_delivered_on")?,
            mco_delivered_on: date_column(row, "mco_delivered_on")?,
            incomplete_reported_on: date_column(row, "incomplete_reported_on")?,
            incomplete_missing: row.try_get("incomplete_missing")?,
            proceed_on: date_column(row, "proceed_on")?,
            review_stage: key_column(row, "review_stage")?,
            review_account_manager_id: row.try_get("review_account_manager_id")?,
            review_sme_id: row.try_get("review_sme_id")?,
            decision_outcome: key_column(row, "decision_outcome")?,
            decision_letter_id: row.try_get("decision_letter_id")?,
            follow_up_open: db::flag(row, "follow_up_open")?,
            created_at: row.try_get("created_at")?,
            updated_at: row.try_get("updated_at")?,
            mco_name: row.try_get("mco_name")?,
            mco_active: db::flag_opt(row, "mco_active")?,
            mco_short_name: row.try_get("mco_short_name")?,
            facility_name: row.try_get("facility_name")?,
        })
    }

    /// What has happened, as the engine reads it. A draft has no `mco_received_on` yet: the
    /// engine's default date stands in (no timeline is computed for drafts).
    pub fn events(&self) -> Events {
        Events {
            mco_received_on: self.mco_received_on.unwrap_or_default(),
            submitted_on: self.submitted_on,
            hfs_closed: self
                .hfs_closed_on
                .map(|on| (on, self.closed_reason.unwrap_or(ClosedReason::Incomplete))),
            presented_on: self.presented_on,
            info_requested_on: self.info_requested_on,
            info_provided_on: self.info_provided_on,
            extension_requested_on: self.extension_requested_on,
            extension_requested_by: self.extension_requested_by,
            extension_approved_for: self.extension_approved_for,
            extension_refused_on: self.extension_refused_on,
            mco_responded_on: self.mco_responded_on,
            provider_decision: self.provider_decision,
            provider_decided_on: self.provider_decided_on,
            hfs_review_requested_on: self.hfs_review_requested_on,
            information_delivered_on: self.information_delivered_on,
            hfs_decided_on: self.hfs_decided_on,
            provider_delivered_on: self.provider_delivered_on,
            mco_delivered_on: self.mco_delivered_on,
            incomplete_reported_on: self.incomplete_reported_on,
            proceed_on: self.proceed_on,
        }
    }

    /// What the ticket holds beside its clocks' events ([`rules::workflow`]).
    pub fn workflow(&self) -> Workflow {
        Workflow {
            review_stage: self.review_stage,
            account_manager_id: self.review_account_manager_id,
            sme_id: self.review_sme_id,
            resolve_by: self.response_resolve_by,
            follow_up_open: self.follow_up_open,
            expedited: self.expedited,
        }
    }

    /// The party `user` acts as on this ticket (by role; [`visible`] decided they may see it).
    pub fn party_of(&self, user: &CurrentUser) -> Party {
        party_of_role(user.role)
    }

    /// The form as stored (an unreadable one reads as empty, logged).
    pub fn form(&self) -> TicketForm {
        serde_json::from_str(&self.form_json).unwrap_or_else(|_| {
            tracing::error!(ticket_id = self.id, "a ticket's form cannot be read");
            TicketForm::default()
        })
    }

    /// "PRP-2026-000123" once submitted; empty for a draft.
    pub fn number(&self) -> String {
        self.submitted_on
            .map(|on| rules::tickets::ticket_number(self.id, on))
            .unwrap_or_default()
    }

    /// Every clock as of `today`, the status and fines, as the engine computes them; `None` for a
    /// draft (or events the engine refuses, logged: the stored status then stands).
    pub fn timeline(&self, calendar: &Calendar, today: NaiveDate) -> Option<Timeline> {
        if self.status == Status::Draft || self.mco_received_on.is_none() {
            return None;
        }
        match rules::timeline::timeline(calendar, &self.events(), today) {
            Ok(timeline) => Some(timeline),
            Err(problems) => {
                tracing::error!(
                    ticket_id = self.id,
                    problems = problems.len(),
                    "a ticket's events make no timeline"
                );
                None
            }
        }
    }

    /// The ticket as lists show it (RIN: last four digits only), with `timeline` of [`Self::timeline`].
    pub fn summary(&self, timeline: Option<&Timeline>) -> TicketSummary {
        let (status, closed_reason, deadlines) = match timeline {
            Some(t) => (
                t.status,
                t.closed_reason,
                t.pending().into_iter().cloned().collect(),
            ),
            None => (self.status, self.closed_reason, Vec::new()),
        };
        TicketSummary {
            id: self.id,
            number: self.number(),
            status,
            closed_reason,
            mco: Mco {
                id: self.mco_id.unwrap_or_default(),
                name: self.mco_name.clone().unwrap_or_default(),
                active: self.mco_active.unwrap_or_default(),
                short_name: self.mco_short_name.clone().unwrap_or_default(),
            },
            complaint_type: self.complaint_type.unwrap_or(ComplaintType::Other),
            facility_id: self.facility_id.unwrap_or_default(),
            facility_name: self.facility_name.clone().unwrap_or_default(),
            rin_last4: self.rin_last4.clone().unwrap_or_default(),
            claims_count: self
                .claims_count
                .and_then(|n| u32::try_from(n).ok())
                .filter(|n| *n > 0),
            tracking_number: self.tracking_number.clone().unwrap_or_default(),
            submitted_on: self.submitted_on.map(|d| d.to_string()),
            deadlines,
            expedited: self.expedited,
            follow_up_open: self.follow_up_open,
        }
    }

    /// The MCO's written response, once it gave one.
    pub fn mco_response(&self) -> Option<McoResponse> {
        Some(McoResponse {
            outcome: self.response_outcome?,
            response: self.response_text.clone().unwrap_or_default(),
            contact_name: self.response_contact_name.clone().unwrap_or_default(),
            contact_phone: self.response_contact_phone.clone().unwrap_or_default(),
            contact_email: self.response_contact_email.clone().unwrap_or_default(),
            responded_on: self.mco_responded_on?.to_string(),
            resolution_plan: self.response_plan.clone(),
            resolve_by: self.response_resolve_by.map(|d| d.to_string()),
        })
    }
}

/// The party a role acts as.
pub fn party_of_role(role: Role) -> Party {
    match role {
        Role::Provider => Party::Provider,
        Role::Mco => Party::Mco,
        _ => Party::Hfs,
    }
}

/// The row with this id (a draft or a ticket), whoever may see it: check access with [`visible`].
pub async fn load(pool: &AnyPool, id: i64) -> Result<Option<TicketRow>, ApiError> {
    let row = sqlx::query(&format!("{SELECT_TICKETS} WHERE t.id = $1"))
        .bind(id)
        .fetch_optional(pool)
        .await?;
    Ok(row.as_ref().map(TicketRow::from_row).transpose()?)
}

// ---------------------------------------------------------------------------------------------
// Access

/// The ids of the facilities `user_id` acts for.
pub async fn user_facility_ids(pool: &AnyPool, user_id: i64) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query_scalar("SELECT facility_id FROM user_facilities WHERE user_id = $1")
        .bind(user_id)
        .fetch_all(pool)
        .await
}

/// The ids of the active MCOs.
pub async fn active_mco_ids(pool: &AnyPool) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query_scalar("SELECT id FROM mcos WHERE active = 1 ORDER BY id")
        .fetch_all(pool)
        .await
}

/// Whether `user` may see the submitted ticket `row`, given whether they act for its facility:
/// providers those of their (approved) facilities, MCO users those presented to their MCO, HFS
/// every one. Drafts are nobody's here (the draft endpoints check their owner).
pub fn may_see(row: &TicketRow, user: &CurrentUser, of_user_facility: bool) -> bool {
    if row.status == Status::Draft {
        return false;
    }
    match user.role {
        Role::Provider => {
            user.status == AccountStatus::Approved && row.facility_id.is_some() && of_user_facility
        }
        Role::Mco => {
            user.mco_id.is_some() && row.mco_id == user.mco_id && row.presented_on.is_some()
        }
        Role::HfsStaff | Role::HfsAdmin => true,
    }
}

/// The submitted ticket `id` if `user` may see it, else 404 (never 403: ids reveal nothing).
pub async fn visible(pool: &AnyPool, user: &CurrentUser, id: i64) -> Result<TicketRow, ApiError> {
    let mut conn = pool.acquire().await?;
    visible_on(&mut conn, user, id).await
}

/// [`visible`] on a connection the caller holds.
pub async fn visible_on(
    conn: &mut AnyConnection,
    user: &CurrentUser,
    id: i64,
) -> Result<TicketRow, ApiError> {
    Ok(visible_with_parts(conn, user, id).await?.0)
}

/// [`visible`] with the ticket's parts, in one query (the ticket, whether the user acts for its
/// facility, its parts: [`detail_on`] needs no other); the audit entry of a refusal. The parts of
/// a ticket the user may not see are read and dropped, never answered.
pub async fn visible_with_parts(
    conn: &mut AnyConnection,
    user: &CurrentUser,
    id: i64,
) -> Result<(TicketRow, Parts), ApiError> {
    let sql = page_sql(db::kind_of_connection(conn));
    let found = sqlx::query(&sql.visible)
        .bind(id)
        .bind(user.id)
        .fetch_optional(&mut *conn)
        .await?;
    let Some(found) = found else {
        return Err(refused(&mut *conn, user, id, "no such ticket").await);
    };
    let row = TicketRow::from_row(&found)?;
    if may_see(&row, user, db::flag(&found, "of_user_facility")?) {
        Ok((row, Parts::from_row(&found)?))
    } else {
        Err(refused(&mut *conn, user, id, "not this user's to see").await)
    }
}

/// The 404 of a refused look at ticket `id` (none, or not `user`'s to see), written to the audit
/// trail as `refused_ticket` with `why`.
pub async fn refused<'e, E: AnyExecutor<'e>>(
    executor: E,
    user: &CurrentUser,
    id: i64,
    why: &str,
) -> ApiError {
    let event = AuditEvent::by(user.id, "refused_ticket")
        .ticket(id)
        .detail(why);
    match audit::record(executor, event).await {
        Ok(()) => ApiError::NotFound,
        Err(e) => e.into(),
    }
}

/// The SQL condition (on `t`, the ticket) of the tickets `user` may see, and the value to bind
/// as its one parameter `?1`: the same rule as [`may_see`].
pub fn access_clause(user: &CurrentUser) -> (&'static str, Option<i64>) {
    match user.role {
        Role::Provider if user.status == AccountStatus::Approved => (
            "t.status <> 'draft' AND t.facility_id IN \
             (SELECT facility_id FROM user_facilities WHERE user_id = $1)",
            Some(user.id),
        ),
        Role::Mco if user.mco_id.is_some() => (
            "t.status <> 'draft' AND t.presented_on IS NOT NULL AND t.mco_id = $1",
            user.mco_id,
        ),
        Role::HfsStaff | Role::HfsAdmin => ("t.status <> 'draft' AND $1 IS NULL", None),
        // A provider not approved (yet), an MCO user without an MCO: nothing.
        _ => ("0 AND $1 IS NULL", None),
    }
}

// ---------------------------------------------------------------------------------------------
// Writing events, history and the audit log

/// Writes the ticket's events (every event column), its status and closing reason.
pub async fn save_events(
    conn: &mut sqlx::AnyConnection,
    id: i64,
    events: &Events,
    status: Status,
    closed_reason: Option<ClosedReason>,
) -> Result<(), sqlx::Error> {
    let date = |d: Option<NaiveDate>| d.map(|d| d.to_string());
    sqlx::query(
        "UPDATE tickets SET status = $2, closed_reason = $3, mco_received_on = $4, \
         submitted_on = $5, hfs_closed_on = $6, presented_on = $7, info_requested_on = $8, \
         info_provided_on = $9, extension_requested_on = $10, extension_requested_by = $11, \
         extension_approved_for = $12, extension_refused_on = $13, mco_responded_on = $14, \
         provider_decision = $15, provider_decided_on = $16, hfs_review_requested_on = $17, \
         information_delivered_on = $18, hfs_decided_on = $19, updated_at = $20, \
         provider_delivered_on = $21, mco_delivered_on = $22, incomplete_reported_on = $23, \
         proceed_on = $24 WHERE id = $1",
    )
    .bind(id)
    .bind(key_of(status))
    .bind(closed_reason.map(key_of))
    .bind(events.mco_received_on.to_string())
    .bind(date(events.submitted_on))
    .bind(date(events.hfs_closed.map(|(on, _)| on)))
    .bind(date(events.presented_on))
    .bind(date(events.info_requested_on))
    .bind(date(events.info_provided_on))
    .bind(date(events.extension_requested_on))
    .bind(events.extension_requested_by.map(key_of))
    .bind(events.extension_approved_for.map(key_of))
    .bind(date(events.extension_refused_on))
    .bind(date(events.mco_responded_on))
    .bind(events.provider_decision.map(key_of))
    .bind(date(events.provider_decided_on))
    .bind(date(events.hfs_review_requested_on))
    .bind(date(events.information_delivered_on))
    .bind(date(events.hfs_decided_on))
    .bind(now_utc_millis())
    .bind(date(events.provider_delivered_on))
    .bind(date(events.mco_delivered_on))
    .bind(date(events.incomplete_reported_on))
    .bind(date(events.proceed_on))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Appends one entry to the ticket's history. `party`: `provider`, `mco`, `hfs` or `portal`;
/// `user_id` absent for the portal's own closings and fines.
#[allow(clippy::too_many_arguments)]
pub async fn add_history<'e, E: AnyExecutor<'e>>(
    executor: E,
    ticket_id: i64,
    on: NaiveDate,
    party: &str,
    user_id: Option<i64>,
    action: &str,
    summary: &str,
    text: Option<&str>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO ticket_history (ticket_id, at, on_date, party, user_id, action, summary, text) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(ticket_id)
    .bind(now_utc_millis())
    .bind(on.to_string())
    .bind(party)
    .bind(user_id)
    .bind(action)
    .bind(summary)
    .bind(text)
    .execute(executor)
    .await?;
    Ok(())
}

/// Records that `user_id` saw protected health information of ticket `ticket_id`: `what` is
/// `viewed_ticket`, `viewed_draft`, `downloaded_attachment`, ... (an entry of [`audit::record`]).
pub async fn audit<'e, E: AnyExecutor<'e>>(
    executor: E,
    user_id: i64,
    ticket_id: Option<i64>,
    what: &'static str,
) -> Result<(), sqlx::Error> {
    let mut event = AuditEvent::by(user_id, what);
    event.ticket_id = ticket_id;
    audit::record(executor, event).await
}

// ---------------------------------------------------------------------------------------------
// Wire shapes

/// The ticket as lists show it, its clocks as of the Illinois date today.
pub async fn summary(state: &AppState, row: &TicketRow) -> Result<TicketSummary, ApiError> {
    let current = state.calendar().await?;
    Ok(row.summary(row.timeline(&current.calendar, time::today()).as_ref()))
}

/// Everything `user` may see of the ticket `row` (access already checked), with the actions the
/// engine lets them take today.
pub async fn detail(
    state: &AppState,
    user: &CurrentUser,
    row: &TicketRow,
) -> Result<TicketDetail, ApiError> {
    let mut conn = state.pool.acquire().await?;
    detail_on(state, &mut conn, user, row).await
}

/// [`detail`] on a connection the caller holds: the ticket's parts in one query, then
/// [`detail_of`].
pub async fn detail_on(
    state: &AppState,
    conn: &mut AnyConnection,
    user: &CurrentUser,
    row: &TicketRow,
) -> Result<TicketDetail, ApiError> {
    let sql = page_sql(db::kind_of_connection(conn));
    let found = sqlx::query(&sql.parts)
        .bind(row.id)
        .fetch_one(&mut *conn)
        .await?;
    let parts = Parts::from_row(&found)?;
    detail_of(state, conn, user, row, parts).await
}

/// [`detail`] of the ticket `row` with its `parts` ([`visible_with_parts`]); a template ticket's
/// claims and a review's people are read on `conn` (they are on few tickets).
pub async fn detail_of(
    state: &AppState,
    conn: &mut AnyConnection,
    user: &CurrentUser,
    row: &TicketRow,
    parts: Parts,
) -> Result<TicketDetail, ApiError> {
    let Parts {
        calendar,
        history,
        files,
        deliveries,
        follow_ups,
    } = parts;
    let current = state.calendar_cache.of_changes(calendar);
    let today = time::today();
    let party = row.party_of(user);
    let timeline = row.timeline(&current.calendar, today);
    let allowed_actions = if timeline.is_some() {
        rules::tickets::allowed_steps(
            &current.calendar,
            &row.events(),
            &row.workflow(),
            actor_of(user),
            today,
        )
        .into_iter()
        .map(str::to_owned)
        .collect()
    } else {
        Vec::new()
    };
    let form = row.form();
    // A template ticket's claims (RIN masked) and its file; seeing them is part of seeing the
    // ticket (the caller audits `viewed_ticket`).
    let (claims, claims_file) = if form.multiple_claims == Some(true) {
        (
            Some(claims::rows(&mut *conn, row.id).await?),
            claims::file(&mut *conn, row.id).await?,
        )
    } else {
        (None, None)
    };
    let account_manager = match row.review_account_manager_id {
        Some(id) => hfs_person(&mut *conn, id).await?,
        None => None,
    };
    let sme = match row.review_sme_id {
        Some(id) => hfs_person(&mut *conn, id).await?,
        None => None,
    };
    let deliveries = deliveries_for(deliveries, party, &files);
    let follow_ups = follow_ups
        .into_iter()
        .map(|f| FollowUp {
            id: f.id,
            reported_on: f.reported_on,
            message: f.message,
            attachments: files_of(&files, &f.attachment_ids),
            closed_on: f.closed_on,
            note: f.note,
        })
        .collect();
    let hfs_people = if party == Party::Hfs {
        hfs_people(&mut *conn).await?
    } else {
        Vec::new()
    };
    Ok(TicketDetail {
        summary: row.summary(timeline.as_ref()),
        form,
        deadlines: timeline
            .as_ref()
            .map(|t| t.deadlines.clone())
            .unwrap_or_default(),
        fines: timeline
            .as_ref()
            .map(|t| t.fines.clone())
            .unwrap_or_default(),
        history,
        mco_response: row.mco_response(),
        closing_note: row.closing_note.clone(),
        allowed_actions,
        claims,
        claims_file,
        review_stage: row.review_stage,
        account_manager,
        sme,
        deliveries,
        decision: row.hfs_decided_on.map(|on| HfsDecision {
            outcome: row.decision_outcome,
            decision: row.closing_note.clone().unwrap_or_default(),
            decided_on: on.to_string(),
            letter: row
                .decision_letter_id
                .and_then(|id| files.iter().find(|a| a.id == id).cloned()),
        }),
        attachments: files,
        incomplete_report: row.incomplete_reported_on.map(|on| IncompleteReport {
            reported_on: on.to_string(),
            missing: row.incomplete_missing.clone().unwrap_or_default(),
            proceed_on: row.proceed_on.map(|d| d.to_string()),
        }),
        follow_ups,
        present_target_on: row
            .present_target_on
            .filter(|_| party == Party::Hfs)
            .map(|d| d.to_string()),
        hfs_people,
    })
}

/// The workflow actor a session is ([`rules::workflow::Actor`]).
pub fn actor_of(user: &CurrentUser) -> Actor {
    Actor {
        party: party_of_role(user.role),
        user_id: user.id,
        hfs_admin: user.role == Role::HfsAdmin,
    }
}

/// A user's name as pages show it: "First Last", else the username.
fn person_name(row: &AnyRow) -> Result<String, sqlx::Error> {
    let first: String = row.try_get("first_name")?;
    let last: String = row.try_get("last_name")?;
    let username: String = row.try_get("username")?;
    let name = format!("{} {}", first.trim(), last.trim())
        .trim()
        .to_owned();
    Ok(if name.is_empty() { username } else { name })
}

/// The HFS user `id` (staff or administrator, approved), if there is one.
pub async fn hfs_person<'e, E: AnyExecutor<'e>>(
    executor: E,
    id: i64,
) -> Result<Option<HfsPerson>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT id, username, first_name, last_name FROM users \
         WHERE id = $1 AND role IN ('hfs_staff', 'hfs_admin') AND status = 'approved'",
    )
    .bind(id)
    .fetch_optional(executor)
    .await?;
    row.map(|r| {
        Ok(HfsPerson {
            id: r.try_get("id")?,
            name: person_name(&r)?,
        })
    })
    .transpose()
}

/// Every approved HFS user, by name: whom a review can be assigned or referred to.
pub async fn hfs_people<'e, E: AnyExecutor<'e>>(
    executor: E,
) -> Result<Vec<HfsPerson>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT id, username, first_name, last_name FROM users \
         WHERE role IN ('hfs_staff', 'hfs_admin') AND status = 'approved' ORDER BY username",
    )
    .fetch_all(executor)
    .await?;
    let mut people = rows
        .iter()
        .map(|r| {
            Ok(HfsPerson {
                id: r.try_get("id")?,
                name: person_name(r)?,
            })
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()?;
    people.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(people)
}

/// The files `ids_json` (a JSON list of ids) among the ticket's `files`, in the order given.
fn files_of(files: &[Attachment], ids_json: &str) -> Vec<Attachment> {
    let ids: Vec<i64> = serde_json::from_str(ids_json).unwrap_or_default();
    ids.iter()
        .filter_map(|id| files.iter().find(|a| a.id == *id).cloned())
        .collect()
}

/// The deliveries for the review: HFS sees both in full; each party its own, and only the date
/// of the other's. `files`: the ticket's, which deliveries name.
fn deliveries_for(rows: Vec<DeliveryRow>, party: Party, files: &[Attachment]) -> Vec<Delivery> {
    rows.into_iter()
        .map(|r| {
            let full = party == Party::Hfs || party_key(party) == r.party;
            if full {
                Delivery {
                    attachments: files_of(files, &r.attachment_ids),
                    party: r.party,
                    delivered_on: r.delivered_on,
                    information: r.information,
                    contact_name: r.contact_name,
                    contact_phone: r.contact_phone,
                    contact_email: r.contact_email,
                }
            } else {
                Delivery {
                    party: r.party,
                    delivered_on: r.delivered_on,
                    information: String::new(),
                    contact_name: String::new(),
                    contact_phone: String::new(),
                    contact_email: String::new(),
                    attachments: Vec::new(),
                }
            }
        })
        .collect()
}

/// The ticket's history, oldest first.
pub async fn history<'e, E: AnyExecutor<'e>>(
    executor: E,
    ticket_id: i64,
) -> Result<Vec<HistoryEntry>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT h.at, h.on_date, h.party, h.action, h.summary, h.text, u.username \
         FROM ticket_history h LEFT JOIN users u ON u.id = h.user_id \
         WHERE h.ticket_id = $1 ORDER BY h.at, h.id",
    )
    .bind(ticket_id)
    .fetch_all(executor)
    .await?;
    rows.iter()
        .map(|row| {
            Ok(HistoryEntry {
                at: rfc3339(row.try_get("at")?),
                on: row.try_get("on_date")?,
                party: row.try_get("party")?,
                by: row.try_get("username")?,
                action: row.try_get("action")?,
                summary: row.try_get("summary")?,
                text: row.try_get("text")?,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enum_keys_round_trip() {
        assert_eq!(key_of(Status::WithMco), "with_mco");
        assert_eq!(parse_key::<Status>("hfs_review"), Some(Status::HfsReview));
        assert_eq!(parse_key::<Status>("nope"), None);
        assert_eq!(key_of(ClosedReason::NotTimely), "not_timely");
    }
}
