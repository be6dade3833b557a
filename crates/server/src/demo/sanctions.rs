//! Demo data for the public reports (`docs/reporting.md`), loaded after the demo tickets: closed
//! tickets over the past months for every MCO (so every chart has bars), fines in the previous
//! quarter with Aetna's notice issued and Molina's left as a draft for HFS to review, and an
//! overdue ticket fined in the current quarter when the calendar allows one.
//!
//! Each ticket's dates are ones the engine accepts (checked with `rules::timeline` before it is
//! stored), its form is a copy of the filer's own first demo ticket (made-up member), and its
//! fines are recorded by the clocks' own code. Loading is idempotent: a tracking number the filer
//! already has is not made again.

use chrono::{Duration, NaiveDate};
use rules::calendar::Calendar;
use rules::rule_table::MCO_RESPONSE;
use rules::sanctions::Quarter;
use rules::timeline::{timeline, Events, ProviderDecision};
use rules::wire::tickets::{ComplaintType, ResponseOutcome};
use serde_json::Value;
use sqlx::Row;

use crate::{actions, clocks, sanctions, tickets, ApiError, AppState};

/// One made-up closed ticket: who filed it against whom, and how it went.
struct Past {
    filer: &'static str,
    mco: &'static str,
    complaint_type: ComplaintType,
    /// Presented this many days before today (ignored for `late` ones: the previous quarter).
    days_ago: i64,
    outcome: ResponseOutcome,
    /// Answered after the due date: fined in the previous quarter.
    late: bool,
}

const AETNA: &str = "Aetna Better Health of Illinois";
const BLUE_CROSS: &str = "Blue Cross Community Health Plans";
const COUNTYCARE: &str = "CountyCare Health Plan";
const MERIDIAN: &str = "Meridian Health Plan of Illinois";
const MOLINA: &str = "Molina Healthcare of Illinois";

const PAST: [Past; 13] = [
    past("provider1", AETNA, ComplaintType::ClaimsPayment, 0, true),
    past("provider2", MOLINA, ComplaintType::Roster, 0, true),
    past(
        "provider1",
        AETNA,
        ComplaintType::PriorAuthorizations,
        0,
        true,
    ),
    past("provider2", MOLINA, ComplaintType::Eligibility, 0, true),
    past(
        "provider1",
        BLUE_CROSS,
        ComplaintType::ClaimsPayment,
        40,
        false,
    ),
    past("provider1", BLUE_CROSS, ComplaintType::Roster, 95, false),
    past(
        "provider2",
        COUNTYCARE,
        ComplaintType::ProviderEnrollment,
        60,
        false,
    ),
    past(
        "provider2",
        COUNTYCARE,
        ComplaintType::ClaimsPayment,
        130,
        false,
    ),
    past(
        "provider1",
        MERIDIAN,
        ComplaintType::Communications,
        75,
        false,
    ),
    past(
        "provider1",
        MERIDIAN,
        ComplaintType::SystemIssue,
        160,
        false,
    ),
    past("provider1", AETNA, ComplaintType::Contracting, 110, false),
    past(
        "provider2",
        MOLINA,
        ComplaintType::PatientCreditFile,
        50,
        false,
    ),
    past(
        "provider2",
        MOLINA,
        ComplaintType::CoverageServiceDenials,
        145,
        false,
    ),
];

const fn past(
    filer: &'static str,
    mco: &'static str,
    complaint_type: ComplaintType,
    days_ago: i64,
    late: bool,
) -> Past {
    Past {
        filer,
        mco,
        complaint_type,
        days_ago,
        // Every other on-time one overturned, for the chart of outcomes.
        outcome: if days_ago % 20 == 0 {
            ResponseOutcome::Overturned
        } else {
            ResponseOutcome::Upheld
        },
        late,
    }
}

/// The events of a closed ticket presented on `presented`, answered on time or late, accepted.
fn closed_events(calendar: &Calendar, presented: NaiveDate, late: bool) -> Events {
    let submitted = presented - Duration::days(2);
    let due = MCO_RESPONSE.due_from(calendar, presented);
    let responded = if late {
        due + Duration::days(4)
    } else {
        presented + Duration::days(12)
    };
    Events {
        mco_received_on: submitted - Duration::days(33),
        submitted_on: Some(submitted),
        presented_on: Some(presented),
        mco_responded_on: Some(responded),
        provider_decision: Some(ProviderDecision::Accepted),
        provider_decided_on: Some(responded + Duration::days(1)),
        ..Events::default()
    }
}

/// The events of a ticket still with the MCO whose response was due the day before its fine,
/// fined in `quarter` on or before `today`; `None` when no such date exists yet.
fn overdue_events(calendar: &Calendar, quarter: Quarter, today: NaiveDate) -> Option<Events> {
    (31..=45).rev().find_map(|back| {
        let presented = today - Duration::days(back);
        let fined_on = MCO_RESPONSE.due_from(calendar, presented) + Duration::days(1);
        (fined_on >= quarter.first_day() && fined_on <= today).then(|| {
            let submitted = presented - Duration::days(1);
            Events {
                mco_received_on: submitted - Duration::days(32),
                submitted_on: Some(submitted),
                presented_on: Some(presented),
                ..Events::default()
            }
        })
    })
}

/// Loads what is not loaded yet (needs the demo accounts and tickets); how many tickets it made.
pub async fn seed(state: &AppState, today: NaiveDate) -> Result<usize, ApiError> {
    let calendar = state.calendar().await?;
    let calendar = &calendar.calendar;
    let previous = Quarter::of(today).previous();
    let mut made = 0;
    for (n, past) in PAST.iter().enumerate() {
        let presented = if past.late {
            previous.first_day() + Duration::days(5 + 9 * n as i64)
        } else {
            today - Duration::days(past.days_ago)
        };
        let events = closed_events(calendar, presented, past.late);
        let tracking = format!("HIST-{:04}", 2601 + n);
        if insert(state, past, &tracking, &events, "closed", today).await? {
            made += 1;
        }
    }
    // An overdue ticket fined in this quarter (the clocks record the fine).
    if let Some(events) = overdue_events(calendar, Quarter::of(today), today) {
        let overdue = Past {
            filer: "provider2",
            mco: COUNTYCARE,
            complaint_type: ComplaintType::ClaimsPayment,
            days_ago: 0,
            outcome: ResponseOutcome::Upheld,
            late: false,
        };
        if insert(state, &overdue, "HIST-2699", &events, "with_mco", today).await? {
            made += 1;
        }
    }
    // The clocks record the fines, and draft the ended quarter's notices.
    clocks::run_once(state, today).await?;
    if made > 0 {
        issue_aetnas(state, previous, today).await?;
    }
    Ok(made)
}

/// Issues Aetna's draft for `quarter`, as the demo HFS staff user (Molina's stays a draft).
async fn issue_aetnas(
    state: &AppState,
    quarter: Quarter,
    today: NaiveDate,
) -> Result<(), ApiError> {
    let found = sqlx::query_as::<_, (i64, i64)>(
        "SELECT n.id, (SELECT id FROM users WHERE username = 'hfs-staff') FROM sanction_notices n \
         JOIN mcos m ON m.id = n.mco_id \
         WHERE m.name = $1 AND n.quarter = $2 AND n.status = 'draft'",
    )
    .bind(AETNA)
    .bind(quarter.label())
    .fetch_optional(&state.pool)
    .await?;
    if let Some((notice_id, staff_id)) = found {
        // Issued on time (by its due date) when the demo starts after that date.
        let on = today.min(quarter.notice_due_on());
        sanctions::issue_as(state, staff_id, notice_id, on).await?;
    }
    Ok(())
}

/// Stores one ticket from the filer's first demo ticket's form, if the engine accepts its events
/// as of `today` and the filer has no ticket with this tracking number; whether it did. Fines of a
/// closed ticket are recorded here (the clocks skip closed tickets) without a new email.
async fn insert(
    state: &AppState,
    past: &Past,
    tracking: &str,
    events: &Events,
    status: &str,
    today: NaiveDate,
) -> Result<bool, ApiError> {
    let calendar = state.calendar().await?;
    let Ok(line) = timeline(&calendar.calendar, events, today) else {
        tracing::warn!(
            tracking,
            "demo report ticket left out: the engine refuses its dates"
        );
        return Ok(false);
    };
    let Some(source) = sqlx::query(
        "SELECT t.created_by, t.form_json, t.facility_id, t.rin_last4 FROM tickets t \
         JOIN users u ON u.id = t.created_by \
         WHERE u.username = $1 AND t.status <> 'draft' AND t.claims_file_id IS NULL \
         ORDER BY t.id LIMIT 1",
    )
    .bind(past.filer)
    .fetch_optional(&state.pool)
    .await?
    else {
        return Ok(false);
    };
    let user_id: i64 = source.try_get("created_by")?;
    let exists =
        sqlx::query("SELECT 1 FROM tickets WHERE created_by = $1 AND tracking_number = $2")
            .bind(user_id)
            .bind(tracking)
            .fetch_optional(&state.pool)
            .await?
            .is_some();
    if exists {
        return Ok(false);
    }
    let Some(mco_id) = sqlx::query_scalar::<_, i64>("SELECT id FROM mcos WHERE name = $1")
        .bind(past.mco)
        .fetch_optional(&state.pool)
        .await?
    else {
        return Ok(false);
    };
    let mut form: Value =
        serde_json::from_str(&source.try_get::<String, _>("form_json")?).unwrap_or_default();
    form["tracking_number"] = tracking.into();
    form["mco_id"] = mco_id.into();
    form["complaint_type"] = tickets::key_of(past.complaint_type).into();
    form["mco_received_on"] = events.mco_received_on.to_string().into();
    let date = |d: Option<NaiveDate>| d.map(|d| d.to_string());
    let closed = status == "closed";
    let now = crate::time::now_utc_millis();
    let mut tx = state.pool.begin().await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO tickets (created_by, form_json, status, closed_reason, facility_id, mco_id, \
           complaint_type, rin_last4, tracking_number, mco_received_on, submitted_on, presented_on, \
           mco_responded_on, provider_decision, provider_decided_on, response_outcome, \
           response_text, response_contact_name, response_contact_phone, response_contact_email, \
           created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, \
           $19, $20, $21, $21) RETURNING id",
    )
    .bind(user_id)
    .bind(form.to_string())
    .bind(status)
    .bind(closed.then_some("accepted"))
    .bind(source.try_get::<Option<i64>, _>("facility_id")?)
    .bind(mco_id)
    .bind(tickets::key_of(past.complaint_type))
    .bind(source.try_get::<Option<String>, _>("rin_last4")?)
    .bind(tracking)
    .bind(events.mco_received_on.to_string())
    .bind(date(events.submitted_on))
    .bind(date(events.presented_on))
    .bind(date(events.mco_responded_on))
    .bind(closed.then_some("accepted"))
    .bind(date(events.provider_decided_on))
    .bind(closed.then(|| tickets::key_of(past.outcome)))
    .bind(closed.then_some(
        "We reviewed the dispute and the records sent with it; the letter attached to our \
         internal dispute explains the decision.",
    ))
    .bind(closed.then_some("Portal Coordinator"))
    .bind(closed.then_some("(312) 555-0190"))
    .bind(closed.then_some("portal-coordinator@example.com"))
    .bind(now)
    .fetch_one(&mut *tx)
    .await?;
    let on = events.submitted_on.unwrap_or(today);
    tickets::add_history(
        &mut *tx,
        id,
        on,
        "provider",
        Some(user_id),
        "submit",
        "The provider submitted the ticket",
        None,
    )
    .await?;
    tx.commit().await?;
    if closed && !line.fines.is_empty() {
        let row = tickets::load(&state.pool, id)
            .await?
            .ok_or(ApiError::NotFound)?;
        let mut tx = state.pool.begin().await?;
        actions::record_fines(&mut tx, &state.mail, &row, &row.number(), &line, false).await?;
        tx.commit().await?;
    }
    Ok(true)
}
