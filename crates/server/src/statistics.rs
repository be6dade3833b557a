//! The public statistics (`docs/reporting.md`): counted live from the tickets each time they are
//! asked for (drafts never count), so they are never out of date.
//!
//! Tickets are read in pages of [`PAGE`] rows by id, so even 100,000 tickets are never all in
//! memory at once. Every clock comes from the engine (`rules::timeline`), as on every other page.
//! Nothing here names a member, a claim or a provider: the rows are counts.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use rules::calendar::Calendar;
use rules::timeline::{ClockKey, ClockState, Owner, Status, Timeline};
use rules::wire::statistics::{
    ComplaintTypeRow, Counts, McoRow, MonthRow, Outcomes, ProviderTypeRow, Statistics, TotalsRow,
    CSV_HEADING,
};
use rules::wire::tickets::{ComplaintType, ResponseOutcome};
use sqlx::{AnyPool, Row};

use crate::error::FieldErrors;
use crate::tickets::{self, TicketRow, SELECT_TICKETS};
use crate::{ApiError, AppState};

/// How many tickets are read at a time.
const PAGE: i64 = 2_000;

/// The most months a period may span (the chart by month has one bar per month).
pub const MAX_MONTHS: i64 = 1_200;

/// The provider type of a facility that has none recorded.
pub const NO_PROVIDER_TYPE: &str = "Not recorded";

/// The period asked for: tickets submitted from `from` to `to`, both included; open ends when
/// `None`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Period {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

impl Period {
    /// The period of the query's `from` and `to` (`YYYY-MM-DD`), checked; else 422 by field.
    pub fn parse(from: Option<&str>, to: Option<&str>) -> Result<Period, ApiError> {
        let mut errors = FieldErrors::new();
        let mut date = |name: &'static str, text: Option<&str>| {
            let text = text.map(str::trim).filter(|t| !t.is_empty())?;
            let parsed = rules::dates::parse_iso_date(text);
            if parsed.is_none() {
                errors.add(name, format!("{name} must be a real date, like 2026-01-31"));
            }
            parsed
        };
        let period = Period {
            from: date("from", from),
            to: date("to", to),
        };
        if let (Some(from), Some(to)) = (period.from, period.to) {
            if from > to {
                errors.add("to", "to must be the same as or after from");
            } else if months_between(from, to) > MAX_MONTHS {
                errors.add("to", "The period can be at most 100 years");
            }
        }
        errors.into_result()?;
        Ok(period)
    }

    /// "2026-01-01 to 2026-03-31", "from 2026-01-01", "all".
    pub fn words(self) -> String {
        match (self.from, self.to) {
            (Some(from), Some(to)) => format!("{from} to {to}"),
            (Some(from), None) => format!("from {from}"),
            (None, Some(to)) => format!("to {to}"),
            (None, None) => "all".to_owned(),
        }
    }
}

fn month_index(date: NaiveDate) -> i64 {
    i64::from(date.year()) * 12 + i64::from(date.month0())
}

fn months_between(from: NaiveDate, to: NaiveDate) -> i64 {
    month_index(to) - month_index(from) + 1
}

fn month_key(index: i64) -> String {
    format!(
        "{:04}-{:02}",
        index.div_euclid(12),
        index.rem_euclid(12) + 1
    )
}

/// What one MCO (or all of them) adds up to, before the medians are taken.
#[derive(Debug, Default)]
struct OutcomeTally {
    outcomes: Outcomes,
    days_to_response: Vec<i64>,
}

impl OutcomeTally {
    fn finish(mut self) -> Outcomes {
        self.outcomes.median_days_to_response = median(&mut self.days_to_response);
        self.outcomes
    }
}

/// The median of `values` (the mean of the two middle ones for an even count); `None` if empty.
pub fn median(values: &mut [i64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_unstable();
    let middle = values.len() / 2;
    Some(if values.len().is_multiple_of(2) {
        (values[middle - 1] + values[middle]) as f64 / 2.0
    } else {
        values[middle] as f64
    })
}

/// What one ticket counts for.
struct Counted {
    expedited: bool,
    closed: bool,
    overdue: bool,
    outcome: Option<ResponseOutcome>,
    /// `Some(true)` on time, `Some(false)` late (given late, or still not given after its due
    /// date), `None` while it is not yet due.
    response_on_time: Option<bool>,
    days_to_response: Option<i64>,
}

/// Whether a clock is a duty of the MCO or HFS (or of the MCO with the provider). The MCO's
/// window to ask for information and the window to ask for the extension are choices, not duties:
/// a window left unused is not overdue.
fn owed_by_mco_or_hfs(key: ClockKey, owner: Owner) -> bool {
    !matches!(key, ClockKey::McoInfoRequest | ClockKey::ExtensionRequest)
        && matches!(owner, Owner::Mco | Owner::Hfs | Owner::McoAndProvider)
}

fn count_ticket(row: &TicketRow, timeline: Option<&Timeline>) -> Counted {
    let status = timeline.map_or(row.status, |t| t.status);
    let closed = status == Status::Closed;
    let overdue = !closed
        && timeline.is_some_and(|t| {
            t.deadlines.iter().any(|d| {
                d.state == ClockState::Missed
                    && d.met_on.is_none()
                    && owed_by_mco_or_hfs(d.key, d.owed_by)
            })
        });
    let response_on_time = timeline
        .and_then(|t| t.deadline(ClockKey::McoResponse))
        .and_then(|d| match d.state {
            ClockState::Met => Some(true),
            ClockState::Missed => Some(false),
            ClockState::Pending => None,
        });
    let days_to_response = match (row.presented_on, row.mco_responded_on) {
        (Some(presented), Some(responded)) if responded >= presented => {
            Some((responded - presented).num_days())
        }
        _ => None,
    };
    Counted {
        expedited: row.expedited,
        closed,
        overdue,
        outcome: row.response_outcome,
        response_on_time,
        days_to_response,
    }
}

fn add_counts(counts: &mut Counts, counted: &Counted) {
    counts.received += 1;
    if counted.expedited {
        counts.expedited += 1;
    }
    if counted.closed {
        counts.closed += 1;
    } else {
        counts.open += 1;
    }
    if counted.overdue {
        counts.overdue += 1;
    }
}

fn add_outcomes(tally: &mut OutcomeTally, counted: &Counted) {
    match counted.outcome {
        Some(ResponseOutcome::Upheld) => tally.outcomes.upheld += 1,
        Some(ResponseOutcome::Overturned) => tally.outcomes.overturned += 1,
        None => {}
    }
    match counted.response_on_time {
        Some(true) => tally.outcomes.responses_on_time += 1,
        Some(false) => tally.outcomes.responses_late += 1,
        None => {}
    }
    if let Some(days) = counted.days_to_response {
        tally.days_to_response.push(days);
    }
}

/// The statistics of `period` as of `today`.
pub async fn compute(
    state: &AppState,
    period: Period,
    today: NaiveDate,
) -> Result<Statistics, ApiError> {
    let calendar = state.calendar().await?;
    compute_with(&state.pool, &calendar.calendar, period, today).await
}

/// [`compute`] over `pool` with `calendar`.
pub async fn compute_with(
    pool: &AnyPool,
    calendar: &Calendar,
    period: Period,
    today: NaiveDate,
) -> Result<Statistics, ApiError> {
    let from = period.from.map(|d| d.to_string());
    let to = period.to.map(|d| d.to_string());

    // Every MCO of the list, by name (rows with zero tickets too).
    let mcos = sqlx::query("SELECT id, name, short_name FROM mcos ORDER BY name COLLATE NOCASE")
        .fetch_all(pool)
        .await?;
    let mut mco_order: Vec<i64> = Vec::with_capacity(mcos.len());
    let mut mco_rows: BTreeMap<i64, (McoRow, OutcomeTally)> = BTreeMap::new();
    for row in &mcos {
        let id: i64 = row.try_get("id")?;
        mco_order.push(id);
        mco_rows.insert(
            id,
            (
                McoRow {
                    mco: row.try_get("name")?,
                    mco_id: id,
                    short_name: row.try_get("short_name")?,
                    counts: Counts::default(),
                    outcomes: Outcomes::default(),
                },
                OutcomeTally::default(),
            ),
        );
    }
    let facility_types: BTreeMap<i64, String> =
        sqlx::query_as::<_, (i64, String)>("SELECT id, facility_type FROM facilities")
            .fetch_all(pool)
            .await?
            .into_iter()
            .collect();

    let mut totals = Counts::default();
    let mut total_tally = OutcomeTally::default();
    // In the order of `ComplaintType::ALL`.
    let mut by_type = [Counts::default(); ComplaintType::ALL.len()];
    // Keyed without case; the first spelling seen is the one shown.
    let mut by_provider: BTreeMap<String, (String, Counts)> = BTreeMap::new();
    let mut by_month: BTreeMap<i64, Counts> = BTreeMap::new();

    let mut after_id = 0_i64;
    loop {
        let rows = sqlx::query(&format!(
            "{SELECT_TICKETS} WHERE t.status <> 'draft' AND t.submitted_on IS NOT NULL \
             AND ($1 IS NULL OR t.submitted_on >= $1) AND ($2 IS NULL OR t.submitted_on <= $2) \
             AND t.id > $3 ORDER BY t.id LIMIT $4"
        ))
        .bind(&from)
        .bind(&to)
        .bind(after_id)
        .bind(PAGE)
        .fetch_all(pool)
        .await?;
        let Some(last) = rows.last() else {
            break;
        };
        after_id = last.try_get("id")?;
        for row in &rows {
            let row = TicketRow::from_row(row)?;
            let Some(submitted_on) = row.submitted_on else {
                continue;
            };
            let timeline = row.timeline(calendar, today);
            let counted = count_ticket(&row, timeline.as_ref());
            add_counts(&mut totals, &counted);
            add_outcomes(&mut total_tally, &counted);
            if let Some((mco_row, tally)) = row.mco_id.and_then(|id| mco_rows.get_mut(&id)) {
                add_counts(&mut mco_row.counts, &counted);
                add_outcomes(tally, &counted);
            }
            let kind = row.complaint_type.unwrap_or(ComplaintType::Other);
            if let Some(index) = ComplaintType::ALL.iter().position(|t| *t == kind) {
                add_counts(&mut by_type[index], &counted);
            }
            let provider_type = row
                .facility_id
                .and_then(|id| facility_types.get(&id))
                .map(|t| t.trim())
                .filter(|t| !t.is_empty())
                .unwrap_or(NO_PROVIDER_TYPE);
            let entry = by_provider
                .entry(provider_type.to_lowercase())
                .or_insert_with(|| (provider_type.to_owned(), Counts::default()));
            add_counts(&mut entry.1, &counted);
            add_counts(
                by_month.entry(month_index(submitted_on)).or_default(),
                &counted,
            );
        }
        if (rows.len() as i64) < PAGE {
            break;
        }
    }

    // Fines dated in the period, not waived; notices issued in it.
    let fines = sqlx::query_as::<_, (i64, i64, i64)>(
        "SELECT f.mco_id, COUNT(*), CAST(COALESCE(SUM(f.amount_cents), 0) AS BIGINT) FROM fines f \
         LEFT JOIN sanction_notice_fines nf ON nf.fine_id = f.id \
         WHERE nf.waived_at IS NULL \
         AND ($1 IS NULL OR f.fined_on >= $1) AND ($2 IS NULL OR f.fined_on <= $2) \
         GROUP BY f.mco_id",
    )
    .bind(&from)
    .bind(&to)
    .fetch_all(pool)
    .await?;
    for (mco_id, count, cents) in fines {
        let count = u64::try_from(count).unwrap_or_default();
        total_tally.outcomes.fines += count;
        total_tally.outcomes.fines_cents += cents;
        if let Some((_, tally)) = mco_rows.get_mut(&mco_id) {
            tally.outcomes.fines += count;
            tally.outcomes.fines_cents += cents;
        }
    }
    let notices = sqlx::query_as::<_, (i64, i64)>(
        "SELECT mco_id, COUNT(*) FROM sanction_notices WHERE status = 'issued' \
         AND ($1 IS NULL OR issued_on >= $1) AND ($2 IS NULL OR issued_on <= $2) \
         GROUP BY mco_id",
    )
    .bind(&from)
    .bind(&to)
    .fetch_all(pool)
    .await?;
    for (mco_id, count) in notices {
        let count = u64::try_from(count).unwrap_or_default();
        total_tally.outcomes.sanction_notices += count;
        if let Some((_, tally)) = mco_rows.get_mut(&mco_id) {
            tally.outcomes.sanction_notices += count;
        }
    }

    // One row per month of the period: its ends, or the first ticket's month and this month.
    let first = period
        .from
        .map(month_index)
        .or_else(|| by_month.keys().next().copied());
    let last = period
        .to
        .map(month_index)
        .or_else(|| {
            by_month
                .keys()
                .next_back()
                .map(|last| (*last).max(month_index(today)))
        })
        .or(first);
    let months = match (first, last) {
        (Some(first), Some(last)) if first <= last => (first..=last)
            .map(|index| MonthRow {
                month: month_key(index),
                counts: by_month.get(&index).copied().unwrap_or_default(),
            })
            .collect(),
        _ => Vec::new(),
    };

    Ok(Statistics {
        from,
        to,
        generated_at: crate::time::rfc3339(crate::time::now_utc_millis()),
        totals: TotalsRow {
            counts: totals,
            outcomes: total_tally.finish(),
        },
        by_mco: mco_order
            .iter()
            .filter_map(|id| mco_rows.remove(id))
            .map(|(mut row, tally)| {
                row.outcomes = tally.finish();
                row
            })
            .collect(),
        by_complaint_type: ComplaintType::ALL
            .iter()
            .zip(by_type)
            .map(|(t, counts)| ComplaintTypeRow {
                complaint_type: tickets::key_of(*t),
                label: t.label().to_owned(),
                counts,
            })
            .collect(),
        by_provider_type: by_provider
            .into_values()
            .map(|(provider_type, counts)| ProviderTypeRow {
                provider_type,
                counts,
            })
            .collect(),
        by_month: months,
    })
}

// ---------------------------------------------------------------------------------------------
// CSV (RFC 4180)

/// One record, written as every CSV of the portal is (`rules::export`: RFC 4180, cells guarded
/// against formula injection).
fn line(out: &mut String, fields: &[String]) {
    out.push_str(&rules::export::csv_record(fields));
}

fn count_fields(counts: &Counts) -> [String; 4] {
    [
        counts.received.to_string(),
        counts.open.to_string(),
        counts.closed.to_string(),
        counts.overdue.to_string(),
    ]
}

fn outcome_fields(outcomes: Option<&Outcomes>) -> [String; 8] {
    let Some(o) = outcomes else {
        return Default::default();
    };
    [
        o.upheld.to_string(),
        o.overturned.to_string(),
        o.responses_on_time.to_string(),
        o.responses_late.to_string(),
        o.median_days_to_response
            .map(|m| m.to_string())
            .unwrap_or_default(),
        o.fines.to_string(),
        o.fines_cents.to_string(),
        o.sanction_notices.to_string(),
    ]
}

/// `GET /api/statistics.csv`: a heading row ([`CSV_HEADING`]), then one row per dimension and
/// value (`total`, `mco`, `complaint_type`, `provider_type`, `month`), CRLF line ends.
pub fn to_csv(stats: &Statistics, period: Period) -> String {
    let mut out = String::new();
    line(
        &mut out,
        &CSV_HEADING
            .iter()
            .map(|h| (*h).to_owned())
            .collect::<Vec<_>>(),
    );
    let words = period.words();
    let mut row = |dimension: &str,
                   value: &str,
                   label: &str,
                   counts: &Counts,
                   outcomes: Option<&Outcomes>| {
        let mut fields = vec![dimension.to_owned(), value.to_owned(), label.to_owned()];
        fields.extend(count_fields(counts));
        fields.extend(outcome_fields(outcomes));
        fields.push(words.clone());
        line(&mut out, &fields);
    };
    row(
        "total",
        "all",
        "All tickets",
        &stats.totals.counts,
        Some(&stats.totals.outcomes),
    );
    for r in &stats.by_mco {
        row("mco", &r.mco, &r.short_name, &r.counts, Some(&r.outcomes));
    }
    for r in &stats.by_complaint_type {
        row(
            "complaint_type",
            &r.complaint_type,
            &r.label,
            &r.counts,
            None,
        );
    }
    for r in &stats.by_provider_type {
        row(
            "provider_type",
            &r.provider_type,
            &r.provider_type,
            &r.counts,
            None,
        );
    }
    for r in &stats.by_month {
        row("month", &r.month, &month_words(&r.month), &r.counts, None);
    }
    out
}

/// "2026-03" -> "March 2026".
pub use rules::dates::iso_month_in_words as month_words;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn medians_of_odd_and_even_counts() {
        assert_eq!(median(&mut []), None);
        assert_eq!(median(&mut [5, 1, 3]), Some(3.0));
        assert_eq!(median(&mut [4, 1, 3, 2]), Some(2.5));
    }

    #[test]
    fn periods_are_checked() {
        assert_eq!(Period::parse(None, None).unwrap(), Period::default());
        assert!(Period::parse(Some("2026-02-30"), None).is_err());
        assert!(Period::parse(Some("2026-04-01"), Some("2026-03-31")).is_err());
        assert!(Period::parse(Some("1000-01-01"), Some("9999-12-31")).is_err());
        let p = Period::parse(Some("2026-01-01"), Some("2026-03-31")).unwrap();
        assert_eq!(p.words(), "2026-01-01 to 2026-03-31");
        assert_eq!(months_between(p.from.unwrap(), p.to.unwrap()), 3);
        assert_eq!(month_key(month_index(p.to.unwrap())), "2026-03");
        assert_eq!(month_words("2026-03"), "March 2026");
    }
}
