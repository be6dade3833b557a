//! Wire types of the claims template (issue 6): what a file is checked against, what the check
//! finds, and what the ticket page shows. The contract is `docs/claims.md`. Written once, here.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::calendar::CalendarChange;
use crate::identifiers::Rin;
use crate::wire::attachments::Attachment;
use crate::wire::complaint_types::ComplaintType;
use crate::wire::FieldErrors;

/// The fewest and the most claims on one template (the seed: "two or more", "up to 100"); one
/// claim goes on the form.
pub const MIN_CLAIMS: usize = 2;
pub const MAX_CLAIMS: usize = 100;

/// What a claims file is checked against: the ticket's MCO, facility and complaint type, and the
/// submission date. The app sends it to the Web Worker as JSON (`today` as `YYYY-MM-DD`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClaimsContext {
    /// The submission date (Illinois).
    pub today: NaiveDate,
    /// HFS's changes to the standard calendar (`GET /api/calendar`).
    #[serde(default)]
    pub calendar_changes: Vec<CalendarChange>,
    /// The ticket's MCO: its name and its short name. Empty: any MCO (the same on every row).
    #[serde(default)]
    pub mco_names: Vec<String>,
    /// The ticket facility's Provider Medicaid ID. Empty: any (the same on every row).
    #[serde(default)]
    pub facility_medicaid_id: String,
    /// The ticket's complaint type. `None`: any (the same on every row).
    #[serde(default)]
    pub complaint_type: Option<ComplaintType>,
}

/// One claim of a template, as read. A row without problems holds cleaned values (the RIN's 9
/// digits, dates `YYYY-MM-DD`, amounts in cents); a cell with a problem holds its text as read (an
/// amount in error is 0).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Claim {
    /// The spreadsheet's row number (the heading row is row 1).
    pub row: u32,
    pub member_first_name: String,
    pub member_last_name: String,
    /// 9 digits. Protected health information: never in a log line.
    pub rin: String,
    pub service_from: String,
    /// The first date of service when the cell is empty.
    pub service_to: String,
    pub claim_number: String,
    pub billed_cents: i64,
    pub paid_cents: i64,
    pub tracking_number: String,
    pub mco_received_on: String,
    pub issue: String,
}

/// What is wrong with one cell (or one row), and what to do.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct RowProblem {
    pub row: u32,
    /// The column's heading, as the template names it.
    pub column: String,
    /// The cell as read, at most 100 characters.
    pub value: String,
    pub message: String,
}

/// The values that must be the same on every row, as read from the first claim row.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct TemplateCommon {
    pub mco: String,
    pub provider_medicaid_id: String,
    pub tax_id: String,
    pub location_address: String,
    pub complaint_type: String,
}

/// What [`crate::claims::check_file`] found.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ClaimsReport {
    /// What is wrong with the file as a whole (its type, its size, its headings, fewer than 2 or
    /// more than 100 claims); then `claims` and `problems` are empty.
    pub file_error: Option<String>,
    /// `csv` or `xlsx`, once the file's type is known.
    pub format: Option<String>,
    /// Every claim row read, checked or not.
    pub claims: Vec<Claim>,
    /// In row order, then column order; at most [`crate::claims::MAX_LISTED_PROBLEMS`].
    pub problems: Vec<RowProblem>,
    /// All of them, listed or not.
    pub problem_count: usize,
    /// The rows with at least one problem ("12 rows need fixing").
    pub problem_rows: usize,
    pub common: Option<TemplateCommon>,
}

impl ClaimsReport {
    /// The file can go with the ticket: no file error, no problem, 2 to 100 claims.
    pub fn is_ready(&self) -> bool {
        self.file_error.is_none()
            && self.problem_count == 0
            && self.problems.is_empty()
            && (MIN_CLAIMS..=MAX_CLAIMS).contains(&self.claims.len())
    }
}

/// `PUT /api/drafts/{id}/claims`, 201: the stored file and how many claims it holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClaimsUpload {
    pub attachment: Attachment,
    pub claims: usize,
}

/// `PUT /api/drafts/{id}/claims`, 422 (and `POST /api/tickets` when the template no longer
/// passes): `errors.claims_file` holds the summary line or the file error.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ClaimsRefusal {
    pub errors: FieldErrors,
    pub problems: Vec<RowProblem>,
    pub problem_count: usize,
}

/// A claim as the ticket page shows it: the RIN masked to its last four digits.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ClaimRow {
    pub row: u32,
    pub member_first_name: String,
    pub member_last_name: String,
    /// "•••••1234".
    pub rin_masked: String,
    pub service_from: String,
    pub service_to: String,
    pub claim_number: String,
    pub billed_cents: i64,
    pub paid_cents: i64,
    pub tracking_number: String,
    pub mco_received_on: String,
    pub issue: String,
}

impl ClaimRow {
    /// The row of a checked claim, its RIN masked (a RIN that does not read shows as `•••••`).
    pub fn of(claim: &Claim) -> ClaimRow {
        ClaimRow {
            row: claim.row,
            member_first_name: claim.member_first_name.clone(),
            member_last_name: claim.member_last_name.clone(),
            rin_masked: Rin::parse(&claim.rin)
                .map(|r| r.masked())
                .unwrap_or_else(|_| "•••••".to_string()),
            service_from: claim.service_from.clone(),
            service_to: claim.service_to.clone(),
            claim_number: claim.claim_number.clone(),
            billed_cents: claim.billed_cents,
            paid_cents: claim.paid_cents,
            tracking_number: claim.tracking_number.clone(),
            mco_received_on: claim.mco_received_on.clone(),
            issue: claim.issue.clone(),
        }
    }
}

impl From<&Claim> for ClaimRow {
    fn from(claim: &Claim) -> Self {
        ClaimRow::of(claim)
    }
}
