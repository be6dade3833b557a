//! `GET /api/statistics` (public): how the MCOs handle provider complaints (`docs/reporting.md`).

use serde::{Deserialize, Serialize};

/// What every row counts (tickets submitted in the period; drafts never count).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    pub received: u64,
    /// Not closed.
    pub open: u64,
    pub closed: u64,
    /// Open, with a clock owed by the MCO or HFS past its due date and not met.
    pub overdue: u64,
    /// Of those received, the expedited: the issue stopped a member from getting care they
    /// needed now (the launch notice), counted apart.
    #[serde(default)]
    pub expedited: u64,
}

/// What the totals and each MCO's row add.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct Outcomes {
    /// The MCO upheld its original internal dispute decision.
    pub upheld: u64,
    /// The MCO overturned it.
    pub overturned: u64,
    /// Written responses given on or before their due date.
    pub responses_on_time: u64,
    /// Written responses given after their due date, or still not given after it.
    pub responses_late: u64,
    /// Calendar days from presentation to the MCO's written response; `null` with no response.
    pub median_days_to_response: Option<f64>,
    /// Fines dated in the period (waived fines do not count).
    pub fines: u64,
    pub fines_cents: i64,
    /// Portal Sanction Payment Notices issued in the period.
    pub sanction_notices: u64,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TotalsRow {
    #[serde(flatten)]
    pub counts: Counts,
    #[serde(flatten)]
    pub outcomes: Outcomes,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct McoRow {
    /// The MCO's name.
    pub mco: String,
    pub mco_id: i64,
    #[serde(default)]
    pub short_name: String,
    #[serde(flatten)]
    pub counts: Counts,
    #[serde(flatten)]
    pub outcomes: Outcomes,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComplaintTypeRow {
    /// The key of `rules::wire::tickets::ComplaintType` (`claims_payment`).
    pub complaint_type: String,
    pub label: String,
    #[serde(flatten)]
    pub counts: Counts,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProviderTypeRow {
    /// The facility's provider/facility type as registered ("Hospital").
    pub provider_type: String,
    #[serde(flatten)]
    pub counts: Counts,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthRow {
    /// `YYYY-MM`.
    pub month: String,
    #[serde(flatten)]
    pub counts: Counts,
}

/// The answer of `GET /api/statistics`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Statistics {
    /// The period asked for (`YYYY-MM-DD`), `null` when open.
    pub from: Option<String>,
    pub to: Option<String>,
    /// RFC 3339, UTC.
    pub generated_at: String,
    pub totals: TotalsRow,
    pub by_mco: Vec<McoRow>,
    pub by_complaint_type: Vec<ComplaintTypeRow>,
    pub by_provider_type: Vec<ProviderTypeRow>,
    pub by_month: Vec<MonthRow>,
}

/// The heading row of `GET /api/statistics.csv`: one row per dimension and value.
pub const CSV_HEADING: [&str; 16] = [
    "dimension",
    "value",
    "label",
    "received",
    "open",
    "closed",
    "overdue",
    "upheld",
    "overturned",
    "responses_on_time",
    "responses_late",
    "median_days_to_response",
    "fines",
    "fines_cents",
    "sanction_notices",
    "period",
];
