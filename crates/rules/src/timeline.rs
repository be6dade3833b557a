//! Every clock of a ticket, its status, the closings the rules make by themselves, and fines.
//!
//! One function, [`timeline`], turns what has happened on a ticket ([`Events`]) and a date into the
//! ticket's status and every clock that has started (`docs/rules.md`, `POST /api/timeline`).
//! Whether an action is allowed ([`crate::transitions`]) is decided by the same function: an action is
//! allowed when the events with it added still make a valid timeline.
//!
//! Readings of the seeds that the spec leaves open, chosen to protect the provider (also in
//! [`crate::rule_table`]):
//! - A deadline is met by an act on or before its due date (23:59:59 Illinois time).
//! - The filing window includes its first and its last day.
//! - The single extension, whoever it is for, lengthens the MCO's resolution period (to
//!   [`MCO_RESPONSE_EXTENDED`]; the seeds tie it to that period only); the provider's time to answer
//!   an information request is unchanged.
//! - An act by the provider after its due date does not count: the ticket closed the day after (as
//!   `no_info_response` or `not_contested`), and the clock shows the late date as missed.
//! - If the MCO answers before the provider's information is due, the ticket is not closed for missing
//!   information: the MCO chose to answer without it.
//! - The HFS decision is counted from the day the information came in when both parties delivered by
//!   the information deadline, else from that deadline (HFS decides on what it has).
//!
//! Every length comes from [`crate::rule_table`]: no number of the rules is written here.
//! - A ticket that is closed, by a rule or by HFS, takes no further events, and shows no running
//!   clock; once the MCO has responded there is no extension left to ask for.

use std::sync::OnceLock;

use chrono::{Datelike, Duration, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::calendar::Calendar;
use crate::eligibility::filing_window;
use crate::rule_table::{
    rule, EXTENSION_REQUEST, FILING_WINDOW_CLOSES, FILING_WINDOW_OPENS, HFS_DECISION,
    HFS_REVIEW_REQUEST, INFORMATION_DELIVERY, LARGE_REQUEST_EXTRA, LARGE_REQUEST_FACILITIES,
    MCO_INFO_REQUEST, MCO_RESPONSE, MCO_RESPONSE_EXTENDED, PRESENT_TO_MCO, PROVIDER_DECISION,
    PROVIDER_INFO_RESPONSE, REGISTRATION_REVIEW,
};
// Where the other crates have always found them.
pub use crate::rule_table::{ClockKey, Owner, FINE_CENTS};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClockState {
    /// Done on or before the due date (`met_on` says when).
    Met,
    /// Not done yet, and the due date has not passed.
    Pending,
    /// The due date passed (`met_on` says when it was done late, if it was).
    Missed,
}

/// One clock of a ticket.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deadline {
    pub key: ClockKey,
    pub owed_by: Owner,
    pub due_on: NaiveDate,
    pub state: ClockState,
    pub met_on: Option<NaiveDate>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Draft,
    Submitted,
    WithMco,
    InfoRequested,
    McoResponded,
    Contested,
    /// Shown to users as "Administrative Review".
    HfsReview,
    Closed,
}

impl Status {
    pub const ALL: [Status; 8] = [
        Status::Draft,
        Status::Submitted,
        Status::WithMco,
        Status::InfoRequested,
        Status::McoResponded,
        Status::Contested,
        Status::HfsReview,
        Status::Closed,
    ];

    /// Its key on the wire and in the database (`with_mco`, ...).
    pub fn key(self) -> &'static str {
        match self {
            Status::Draft => "draft",
            Status::Submitted => "submitted",
            Status::WithMco => "with_mco",
            Status::InfoRequested => "info_requested",
            Status::McoResponded => "mco_responded",
            Status::Contested => "contested",
            Status::HfsReview => "hfs_review",
            Status::Closed => "closed",
        }
    }

    /// The words users see.
    pub fn label(self) -> &'static str {
        match self {
            Status::Draft => "Draft",
            Status::Submitted => "Submitted, HFS checking",
            Status::WithMco => "With the MCO",
            Status::InfoRequested => "Information requested",
            Status::McoResponded => "MCO responded",
            Status::Contested => "Contested",
            Status::HfsReview => "Administrative Review",
            Status::Closed => "Closed",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClosedReason {
    /// Filed before day 30 or after day 60 (the rules close it).
    NotTimely,
    /// The provider did not answer an information request in time (the rules close it).
    NoInfoResponse,
    /// The provider did not accept or contest the MCO's response in time (the rules close it).
    NotContested,
    /// The provider accepted the MCO's response.
    Accepted,
    /// HFS decided after its review (final).
    HfsDecision,
    /// HFS closed a submitted ticket as incomplete.
    Incomplete,
    /// HFS closed a submitted ticket without an MCO tracking number.
    NoTrackingNumber,
    /// HFS closed a submitted ticket about Medicare only.
    MedicareOnly,
    /// HFS closed a submitted ticket about a prior authorization not obtained.
    PriorAuthorizationNotObtained,
    /// HFS closed a submitted ticket filed before the MCO had a chance to resolve it (the launch
    /// notice).
    McoNotGivenChance,
    /// HFS closed a submitted ticket that combines several issues (the launch notice).
    SeveralIssues,
    /// HFS closed a submitted ticket that names more than one MCO (the launch notice).
    SeveralMcos,
    /// HFS closed a submitted ticket about several claims sent without the claims template (the
    /// overview).
    SeveralClaimsWithoutTemplate,
    /// HFS closed the ticket after the MCO reported, within its resolution period, that the
    /// provider's answer to its information request was incomplete (the overview).
    IncompleteInfoResponse,
}

impl ClosedReason {
    /// Closings HFS makes when it checks a submitted ticket.
    pub const HFS_CLOSINGS: [ClosedReason; 9] = [
        ClosedReason::Incomplete,
        ClosedReason::NotTimely,
        ClosedReason::NoTrackingNumber,
        ClosedReason::MedicareOnly,
        ClosedReason::PriorAuthorizationNotObtained,
        ClosedReason::McoNotGivenChance,
        ClosedReason::SeveralIssues,
        ClosedReason::SeveralMcos,
        ClosedReason::SeveralClaimsWithoutTemplate,
    ];

    /// The reason in plain words, shown to the provider.
    pub fn explanation(self) -> &'static str {
        match self {
            ClosedReason::NotTimely => {
                static TEXT: OnceLock<String> = OnceLock::new();
                TEXT.get_or_init(|| {
                    format!(
                        "The ticket was filed earlier than {} or later than {} after the MCO received the dispute.",
                        FILING_WINDOW_OPENS.amount,
                        FILING_WINDOW_CLOSES.days_words()
                    )
                })
            }
            ClosedReason::NoInfoResponse => {
                static TEXT: OnceLock<String> = OnceLock::new();
                TEXT.get_or_init(|| {
                    format!(
                        "The MCO asked for more information and none was given within {}.",
                        PROVIDER_INFO_RESPONSE.days_words()
                    )
                })
            }
            ClosedReason::NotContested => {
                static TEXT: OnceLock<String> = OnceLock::new();
                TEXT.get_or_init(|| {
                    format!(
                        "The MCO's response was not accepted or contested within {}, so it stands.",
                        PROVIDER_DECISION.days_words()
                    )
                })
            }
            ClosedReason::Accepted => "The provider accepted the MCO's response.",
            ClosedReason::HfsDecision => "HFS made its final decision.",
            ClosedReason::Incomplete => {
                "The ticket was missing information HFS needs to present it to the MCO."
            }
            ClosedReason::NoTrackingNumber => {
                "The ticket did not include the MCO's tracking number."
            }
            ClosedReason::MedicareOnly => {
                "The portal handles the Medicaid part of a dispute only, not Medicare."
            }
            ClosedReason::PriorAuthorizationNotObtained => {
                "The dispute is about a prior authorization that was required and not obtained."
            }
            ClosedReason::McoNotGivenChance => {
                "The complaint was sent to HFS before the MCO had a chance to resolve it with the provider."
            }
            ClosedReason::SeveralIssues => {
                "The ticket combines several issues. Each complaint must be for a single topic: file one ticket per issue."
            }
            ClosedReason::SeveralMcos => {
                "The ticket names more than one MCO. Each complaint must be for a single MCO: file one ticket per MCO."
            }
            ClosedReason::SeveralClaimsWithoutTemplate => {
                "The ticket is about several claims without the standard claims template: file them on the template."
            }
            ClosedReason::IncompleteInfoResponse => {
                "The MCO reported that the answer to its request for information was incomplete, and HFS closed the ticket."
            }
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExtensionFor {
    Mco,
    Provider,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProviderDecision {
    Accepted,
    Contested,
}

/// What has happened on a ticket. Only `mco_received_on` is required.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Events {
    pub mco_received_on: NaiveDate,
    pub submitted_on: Option<NaiveDate>,
    /// HFS closed the submitted ticket instead of presenting it (not part of `POST /api/timeline`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hfs_closed: Option<(NaiveDate, ClosedReason)>,
    pub presented_on: Option<NaiveDate>,
    pub info_requested_on: Option<NaiveDate>,
    pub info_provided_on: Option<NaiveDate>,
    /// When the single extension was asked for (not part of `POST /api/timeline`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extension_requested_on: Option<NaiveDate>,
    /// Who the extension was asked for (not part of `POST /api/timeline`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extension_requested_by: Option<ExtensionFor>,
    pub extension_approved_for: Option<ExtensionFor>,
    /// When HFS refused the extension asked for (not part of `POST /api/timeline`). A refused
    /// extension changes no clock; it only means none can be approved or asked for again.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extension_refused_on: Option<NaiveDate>,
    pub mco_responded_on: Option<NaiveDate>,
    pub provider_decision: Option<ProviderDecision>,
    pub provider_decided_on: Option<NaiveDate>,
    pub hfs_review_requested_on: Option<NaiveDate>,
    pub information_delivered_on: Option<NaiveDate>,
    pub hfs_decided_on: Option<NaiveDate>,
    /// When the provider delivered its information for HFS's review (not part of
    /// `POST /api/timeline`: there `information_delivered_on` says when both had).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider_delivered_on: Option<NaiveDate>,
    /// When the MCO delivered its information for HFS's review (not part of `POST /api/timeline`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mco_delivered_on: Option<NaiveDate>,
    /// When the MCO reported the provider's answer incomplete (not part of `POST /api/timeline`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub incomplete_reported_on: Option<NaiveDate>,
    /// When HFS told the MCO to proceed after such a report (not part of `POST /api/timeline`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub proceed_on: Option<NaiveDate>,
}

/// A fine of [`FINE_CENTS`] on the MCO for a response not in by its due date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fine {
    pub amount_cents: i64,
    pub fined_on: NaiveDate,
    pub sanction_notice_due_on: NaiveDate,
}

/// The answer of `POST /api/timeline`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Timeline {
    pub status: Status,
    pub closed_reason: Option<ClosedReason>,
    pub deadlines: Vec<Deadline>,
    pub fines: Vec<Fine>,
}

impl Timeline {
    pub fn deadline(&self, key: ClockKey) -> Option<&Deadline> {
        self.deadlines.iter().find(|d| d.key == key)
    }

    /// The clocks still running, soonest first.
    pub fn pending(&self) -> Vec<&Deadline> {
        let mut pending: Vec<&Deadline> = self
            .deadlines
            .iter()
            .filter(|d| d.state == ClockState::Pending)
            .collect();
        pending.sort_by_key(|d| d.due_on);
        pending
    }
}

/// Why a set of events cannot be: the field at fault and what is wrong, in words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub field: &'static str,
    pub message: String,
}

fn problem(field: &'static str, message: impl Into<String>) -> Problem {
    Problem {
        field,
        message: message.into(),
    }
}

/// The date a fine's Portal Sanction Payment Notice is due: the last day of the month after the
/// calendar quarter of the fine (April 30, July 31, October 31, January 31).
pub fn sanction_notice_due_on(fined_on: NaiveDate) -> NaiveDate {
    let quarter_end_month = (fined_on.month0() / 3) * 3 + 3; // 3, 6, 9, 12
    let (year, month) = if quarter_end_month == 12 {
        (fined_on.year() + 1, 1)
    } else {
        (fined_on.year(), quarter_end_month + 1)
    };
    let first_of_next = if month == 12 {
        NaiveDate::from_ymd_opt(year + 1, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(year, month + 1, 1)
    }
    .expect("valid date");
    first_of_next - Duration::days(1)
}

/// When HFS can be expected to have reviewed a registration request made on `requested_on` for
/// `facilities` facilities: [`REGISTRATION_REVIEW`]; a request for [`LARGE_REQUEST_FACILITIES`] or
/// more adds [`LARGE_REQUEST_EXTRA`] (the July 2023 overview; the registration instructions).
pub fn registration_review_due(
    calendar: &Calendar,
    requested_on: NaiveDate,
    facilities: u32,
) -> NaiveDate {
    let due = REGISTRATION_REVIEW.due_from(calendar, requested_on);
    if facilities >= LARGE_REQUEST_FACILITIES {
        LARGE_REQUEST_EXTRA.due_from(calendar, due)
    } else {
        due
    }
}

/// The state of a clock due on `due` for an act done on `done` (if it was), as of `today`.
fn clock(key: ClockKey, due: NaiveDate, done: Option<NaiveDate>, today: NaiveDate) -> Deadline {
    let (state, met_on) = match done {
        Some(d) if d <= due => (ClockState::Met, Some(d)),
        Some(d) => (ClockState::Missed, Some(d)),
        None if today <= due => (ClockState::Pending, None),
        None => (ClockState::Missed, None),
    };
    Deadline {
        key,
        owed_by: rule(key).owed_by,
        due_on: due,
        state,
        met_on,
    }
}

/// Checks that every event has the one before it and does not come before it or after `today`.
fn check_order(e: &Events, today: NaiveDate) -> Vec<Problem> {
    let mut problems = Vec::new();
    let dated: [(&'static str, Option<NaiveDate>); 11] = [
        ("mco_received_on", Some(e.mco_received_on)),
        ("submitted_on", e.submitted_on),
        ("presented_on", e.presented_on),
        ("info_requested_on", e.info_requested_on),
        ("info_provided_on", e.info_provided_on),
        ("extension_requested_on", e.extension_requested_on),
        ("mco_responded_on", e.mco_responded_on),
        ("provider_decided_on", e.provider_decided_on),
        ("hfs_review_requested_on", e.hfs_review_requested_on),
        ("information_delivered_on", e.information_delivered_on),
        ("hfs_decided_on", e.hfs_decided_on),
    ];
    for (field, date) in dated {
        if let Some(d) = date {
            if d > today {
                problems.push(problem(
                    field,
                    format!("{field} cannot be after today ({today})"),
                ));
            }
        }
    }
    if let Some((d, _)) = e.hfs_closed {
        if d > today {
            problems.push(problem(
                "hfs_closed",
                "HFS cannot close the ticket after today",
            ));
        }
    }
    // (field, its date, the event it needs, that event's date)
    let needs: [(
        &'static str,
        Option<NaiveDate>,
        &'static str,
        Option<NaiveDate>,
    ); 9] = [
        (
            "submitted_on",
            e.submitted_on,
            "mco_received_on",
            Some(e.mco_received_on),
        ),
        (
            "presented_on",
            e.presented_on,
            "submitted_on",
            e.submitted_on,
        ),
        (
            "info_requested_on",
            e.info_requested_on,
            "presented_on",
            e.presented_on,
        ),
        (
            "info_provided_on",
            e.info_provided_on,
            "info_requested_on",
            e.info_requested_on,
        ),
        (
            "extension_requested_on",
            e.extension_requested_on,
            "presented_on",
            e.presented_on,
        ),
        (
            "mco_responded_on",
            e.mco_responded_on,
            "presented_on",
            e.presented_on,
        ),
        (
            "provider_decided_on",
            e.provider_decided_on,
            "mco_responded_on",
            e.mco_responded_on,
        ),
        (
            "information_delivered_on",
            e.information_delivered_on,
            "hfs_review_requested_on",
            e.hfs_review_requested_on,
        ),
        (
            "hfs_decided_on",
            e.hfs_decided_on,
            "hfs_review_requested_on",
            e.hfs_review_requested_on,
        ),
    ];
    for (field, date, before, before_date) in needs {
        match (date, before_date) {
            (Some(_), None) => {
                problems.push(problem(field, format!("{field} needs {before} first")))
            }
            (Some(d), Some(b)) if d < b => problems.push(problem(
                field,
                format!("{field} ({d}) cannot be before {before} ({b})"),
            )),
            _ => {}
        }
    }
    if let (Some(responded), Some(requested)) = (e.mco_responded_on, e.info_requested_on) {
        if responded < requested {
            problems.push(problem(
                "info_requested_on",
                "The MCO cannot ask for information after it responded",
            ));
        }
    }
    if e.extension_approved_for.is_some() && e.presented_on.is_none() {
        problems.push(problem(
            "extension_approved_for",
            "An extension needs the ticket to be presented to the MCO first",
        ));
    }
    match (e.provider_decision, e.provider_decided_on) {
        (Some(_), None) => problems.push(problem(
            "provider_decided_on",
            "Give the date of the provider's decision",
        )),
        (None, Some(_)) => problems.push(problem(
            "provider_decision",
            "Give the provider's decision: accepted or contested",
        )),
        _ => {}
    }
    if let Some(requested) = e.hfs_review_requested_on {
        match (e.provider_decision, e.provider_decided_on) {
            (Some(ProviderDecision::Contested), Some(decided)) if requested < decided => problems.push(problem(
                "hfs_review_requested_on",
                format!("hfs_review_requested_on ({requested}) cannot be before the provider contested ({decided})"),
            )),
            (Some(ProviderDecision::Contested), _) => {}
            _ => problems.push(problem("hfs_review_requested_on", "HFS review can be asked for only after contesting the MCO's response")),
        }
    }
    if let Some(reported) = e.incomplete_reported_on {
        match e.info_provided_on {
            None => problems.push(problem(
                "incomplete_reported_on",
                "An answer can be reported incomplete only once the provider answered",
            )),
            Some(given) if reported < given => problems.push(problem(
                "incomplete_reported_on",
                "An answer cannot be reported incomplete before it was given",
            )),
            _ => {}
        }
    }
    for (field, delivered) in [
        ("provider_delivered_on", e.provider_delivered_on),
        ("mco_delivered_on", e.mco_delivered_on),
    ] {
        match (delivered, e.hfs_review_requested_on) {
            (Some(_), None) => problems.push(problem(
                field,
                "Information is delivered only after HFS review was asked for",
            )),
            (Some(d), Some(r)) if d < r => problems.push(problem(
                field,
                "Information cannot be delivered before HFS review was asked for",
            )),
            _ => {}
        }
    }
    if let Some((closed_on, ClosedReason::IncompleteInfoResponse)) = e.hfs_closed {
        match e.incomplete_reported_on {
            Some(reported) if closed_on >= reported => {}
            _ => problems.push(problem(
                "hfs_closed",
                "HFS closes a ticket for an incomplete answer only after the MCO reported it",
            )),
        }
        if e.proceed_on.is_some() {
            problems.push(problem(
                "hfs_closed",
                "HFS already told the MCO to proceed with the answer as given",
            ));
        }
    } else if let Some((closed_on, reason)) = e.hfs_closed {
        if !ClosedReason::HFS_CLOSINGS.contains(&reason) {
            problems.push(problem("hfs_closed", "HFS closes a submitted ticket only for one of the reasons the State's documents give"));
        }
        match e.submitted_on {
            None => problems.push(problem(
                "hfs_closed",
                "Only a submitted ticket can be closed by HFS",
            )),
            Some(s) if closed_on < s => problems.push(problem(
                "hfs_closed",
                "HFS cannot close a ticket before it was submitted",
            )),
            _ => {}
        }
        if e.presented_on.is_some() {
            problems.push(problem(
                "presented_on",
                "A ticket HFS closed cannot be presented to the MCO",
            ));
        }
    }
    problems
}

/// Events that cannot follow a ticket closed on `closed_on`: each one dated later is refused.
fn after_closing(e: &Events, closed_on: NaiveDate, why: &str) -> Vec<Problem> {
    let later: [(&'static str, Option<NaiveDate>); 8] = [
        ("info_requested_on", e.info_requested_on),
        ("info_provided_on", e.info_provided_on),
        ("extension_requested_on", e.extension_requested_on),
        ("mco_responded_on", e.mco_responded_on),
        ("provider_decided_on", e.provider_decided_on),
        ("hfs_review_requested_on", e.hfs_review_requested_on),
        ("information_delivered_on", e.information_delivered_on),
        ("hfs_decided_on", e.hfs_decided_on),
    ];
    later
        .into_iter()
        .filter_map(|(field, d)| d.filter(|d| *d >= closed_on).map(|_| field))
        .map(|field| problem(field, format!("{field} cannot be: {why}")))
        .collect()
}

/// Refuses an act dated after its due date: after that the rules moved on (the ticket closed, or the
/// right lapsed), so the act cannot have happened.
fn not_after(
    field: &'static str,
    done: Option<NaiveDate>,
    due: NaiveDate,
    message: impl FnOnce() -> String,
) -> Result<(), Vec<Problem>> {
    match done {
        Some(d) if d > due => Err(vec![problem(field, message())]),
        _ => Ok(()),
    }
}

/// Every clock of a ticket as of `today`, its status and its fines; or why the events cannot be.
///
/// Every clock that has started stays listed as the ticket moves on (the public timeline's
/// contract, `docs/api.md`). Once the MCO has responded there is nothing left to extend: an
/// extension never asked for is not used, which the wire says as `missed` with no `met_on` (as for
/// any unused clock; the app shows "Not used"). Once a ticket is closed nothing is shown running: a
/// clock still pending then is left out.
pub fn timeline(
    calendar: &Calendar,
    e: &Events,
    today: NaiveDate,
) -> Result<Timeline, Vec<Problem>> {
    let mut t = walk(calendar, e, today)?;
    if e.mco_responded_on.is_some() {
        for d in &mut t.deadlines {
            if d.key == ClockKey::ExtensionRequest && d.state == ClockState::Pending {
                d.state = ClockState::Missed;
            }
        }
    }
    if t.status == Status::Closed {
        t.deadlines.retain(|d| d.state != ClockState::Pending);
    }
    Ok(t)
}

fn walk(calendar: &Calendar, e: &Events, today: NaiveDate) -> Result<Timeline, Vec<Problem>> {
    let problems = check_order(e, today);
    if !problems.is_empty() {
        return Err(problems);
    }
    let mut t = Timeline {
        status: Status::Draft,
        closed_reason: None,
        deadlines: Vec::new(),
        fines: Vec::new(),
    };
    let close = |t: &mut Timeline, reason| {
        t.status = Status::Closed;
        t.closed_reason = Some(reason);
    };

    // Filing window: counted from the day the MCO received the dispute, neither end moved.
    let (opens, closes) = filing_window(e.mco_received_on);
    let mut opens_clock = clock(ClockKey::FilingWindowOpens, opens, e.submitted_on, today);
    // The window opening is a "not before": filing early misses it, and once open it is met.
    opens_clock.state = match e.submitted_on {
        Some(s) if s < opens => ClockState::Missed,
        Some(_) => ClockState::Met,
        None if today < opens => ClockState::Pending,
        None => ClockState::Met,
    };
    if e.submitted_on.is_none() && today >= opens {
        opens_clock.met_on = Some(opens);
    }
    t.deadlines.push(opens_clock);
    t.deadlines.push(clock(
        ClockKey::FilingWindowCloses,
        closes,
        e.submitted_on,
        today,
    ));

    let Some(submitted) = e.submitted_on else {
        return Ok(t);
    };
    t.status = Status::Submitted;
    if submitted < opens || submitted > closes {
        close(&mut t, ClosedReason::NotTimely);
        let why = "the ticket was closed as not timely when it was submitted";
        let mut problems = after_closing(e, submitted, why);
        if e.presented_on.is_some() {
            problems.push(problem(
                "presented_on",
                format!("presented_on cannot be: {why}"),
            ));
        }
        return if problems.is_empty() {
            Ok(t)
        } else {
            Err(problems)
        };
    }

    // HFS checks completeness and presents the ticket to the MCO.
    let present_due = PRESENT_TO_MCO.due_from(calendar, submitted);
    if let Some((closed_on, reason)) = e
        .hfs_closed
        .filter(|(_, r)| *r != ClosedReason::IncompleteInfoResponse)
    {
        let mut present = clock(ClockKey::PresentToMco, present_due, None, today);
        present.state = if closed_on <= present_due {
            ClockState::Met
        } else {
            ClockState::Missed
        };
        present.met_on = Some(closed_on);
        t.deadlines.push(present);
        close(&mut t, reason);
        return Ok(t);
    }
    t.deadlines.push(clock(
        ClockKey::PresentToMco,
        present_due,
        e.presented_on,
        today,
    ));
    let Some(presented) = e.presented_on else {
        return Ok(t);
    };
    t.status = Status::WithMco;

    // The MCO may ask for information only for a while after receiving the ticket.
    let info_request_due = MCO_INFO_REQUEST.due_from(calendar, presented);
    not_after(
        "info_requested_on",
        e.info_requested_on,
        info_request_due,
        || {
            format!(
                "The MCO can ask for information only until {info_request_due} ({} after the ticket was presented)",
                MCO_INFO_REQUEST.days_words()
            )
        },
    )?;
    let mut info_request = clock(
        ClockKey::McoInfoRequest,
        info_request_due,
        e.info_requested_on,
        today,
    );
    if e.info_requested_on.is_none() && e.mco_responded_on.is_some_and(|r| r <= info_request_due) {
        // The MCO answered instead of asking: nothing more to ask.
        info_request.state = ClockState::Met;
        info_request.met_on = e.mco_responded_on;
    }
    t.deadlines.push(info_request);

    // The single extension: asked for before the end of the first response period, approved by HFS.
    let extension_due = EXTENSION_REQUEST.due_from(calendar, presented);
    not_after(
        "extension_requested_on",
        e.extension_requested_on,
        extension_due,
        || {
            format!(
                "An extension must be asked for by {extension_due} ({} before the end of the first {})",
                crate::rule_table::EXTENSION_NOTICE.words(),
                MCO_RESPONSE.amount
            )
        },
    )?;
    let mut extension = clock(
        ClockKey::ExtensionRequest,
        extension_due,
        e.extension_requested_on,
        today,
    );
    if e.extension_approved_for.is_some() && e.extension_requested_on.is_none() {
        extension.state = ClockState::Met;
    }
    t.deadlines.push(extension);

    let response_period = if e.extension_approved_for.is_some() {
        MCO_RESPONSE_EXTENDED
    } else {
        MCO_RESPONSE.span()
    };
    let response_due = response_period.due_from(calendar, presented);

    // The provider answers an information request in time; information given later does not count
    // (the ticket closed the day after the due date).
    if let Some(asked) = e.info_requested_on {
        t.status = Status::InfoRequested;
        let due = PROVIDER_INFO_RESPONSE.due_from(calendar, asked);
        let given_in_time = e.info_provided_on.filter(|d| *d <= due);
        let answered_first =
            e.mco_responded_on.is_some_and(|r| r <= due) && given_in_time.is_none();
        let mut info = clock(
            ClockKey::ProviderInfoResponse,
            due,
            e.info_provided_on,
            today,
        );
        if given_in_time.is_some() {
            t.status = Status::WithMco;
        }
        if answered_first {
            // The MCO responded without the information: the provider's clock stops there.
            info.state = ClockState::Met;
            info.met_on = e.mco_responded_on;
        }
        t.deadlines.push(info);
        if given_in_time.is_none() && !answered_first && today > due {
            close(&mut t, ClosedReason::NoInfoResponse);
            let rest = Events {
                info_provided_on: None,
                ..e.clone()
            };
            let problems = after_closing(
                &rest,
                due + Duration::days(1),
                "the ticket was closed for missing information",
            );
            return if problems.is_empty() {
                Ok(t)
            } else {
                Err(problems)
            };
        }
    }

    // HFS closed the ticket on the MCO's report that the answer was incomplete: the MCO's
    // clock stops that day.
    let closed_incomplete = e
        .hfs_closed
        .filter(|(_, r)| *r == ClosedReason::IncompleteInfoResponse)
        .map(|(on, _)| on);
    let response_today = closed_incomplete.map_or(today, |on| on.min(today));

    // The MCO's written response (longer with the extension); a fine when late.
    t.deadlines.push(clock(
        ClockKey::McoResponse,
        response_due,
        e.mco_responded_on,
        response_today,
    ));
    let late = match e.mco_responded_on {
        Some(r) => r > response_due,
        None => response_today > response_due,
    };
    if late {
        let fined_on = response_due + Duration::days(1);
        t.fines.push(Fine {
            amount_cents: FINE_CENTS,
            fined_on,
            sanction_notice_due_on: sanction_notice_due_on(fined_on),
        });
    }
    if let Some(closed_on) = closed_incomplete {
        close(&mut t, ClosedReason::IncompleteInfoResponse);
        let problems = after_closing(
            e,
            closed_on,
            "HFS closed the ticket for an incomplete answer",
        );
        return if problems.is_empty() {
            Ok(t)
        } else {
            Err(problems)
        };
    }
    let Some(responded) = e.mco_responded_on else {
        return Ok(t);
    };
    t.status = Status::McoResponded;

    // The provider accepts or contests in time, else the ticket closes; a decision made later does
    // not count.
    let decision_due = PROVIDER_DECISION.due_from(calendar, responded);
    t.deadlines.push(clock(
        ClockKey::ProviderDecision,
        decision_due,
        e.provider_decided_on,
        today,
    ));
    let decided_in_time = e.provider_decided_on.is_some_and(|d| d <= decision_due);
    match e.provider_decision.filter(|_| decided_in_time) {
        None => {
            if today > decision_due {
                close(&mut t, ClosedReason::NotContested);
                let rest = Events {
                    provider_decision: None,
                    provider_decided_on: None,
                    ..e.clone()
                };
                let problems = after_closing(
                    &rest,
                    decision_due + Duration::days(1),
                    "the ticket was closed as not contested",
                );
                return if problems.is_empty() {
                    Ok(t)
                } else {
                    Err(problems)
                };
            }
            return Ok(t);
        }
        Some(ProviderDecision::Accepted) => {
            close(&mut t, ClosedReason::Accepted);
            return Ok(t);
        }
        Some(ProviderDecision::Contested) => t.status = Status::Contested,
    }

    // After contesting, the provider may ask for HFS review, counted from the response.
    let review_due = HFS_REVIEW_REQUEST.due_from(calendar, responded);
    not_after(
        "hfs_review_requested_on",
        e.hfs_review_requested_on,
        review_due,
        || {
            format!(
                "HFS review had to be asked for by {review_due} ({} after the MCO's response)",
                HFS_REVIEW_REQUEST.days_words()
            )
        },
    )?;
    t.deadlines.push(clock(
        ClockKey::HfsReviewRequest,
        review_due,
        e.hfs_review_requested_on,
        today,
    ));
    let Some(review_asked) = e.hfs_review_requested_on else {
        return Ok(t);
    };
    t.status = Status::HfsReview;

    // Both parties deliver their information; HFS decides counted from when it was in.
    let delivery_due = INFORMATION_DELIVERY.due_from(calendar, review_asked);
    t.deadlines.push(clock(
        ClockKey::InformationDelivery,
        delivery_due,
        e.information_delivered_on,
        today,
    ));
    let decision_from = e
        .information_delivered_on
        .filter(|d| *d <= delivery_due)
        .unwrap_or(delivery_due);
    let hfs_due = HFS_DECISION.due_from(calendar, decision_from);
    t.deadlines.push(clock(
        ClockKey::HfsDecision,
        hfs_due,
        e.hfs_decided_on,
        today,
    ));
    if let Some(decided) = e.hfs_decided_on {
        close(&mut t, ClosedReason::HfsDecision);
        let problems = after_closing(
            e,
            decided + Duration::days(1),
            "HFS made its final decision",
        );
        if !problems.is_empty() {
            return Err(problems);
        }
    }
    Ok(t)
}
