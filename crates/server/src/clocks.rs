//! The clocks that run by themselves (`docs/tickets.md`, "The clocks run by themselves").
//!
//! [`run_once`] computes every open ticket's timeline as of a date. A closing the rules make
//! (`no_info_response`, `not_contested`) is recorded once, in the ticket and its history (party
//! `portal`), and emailed to the parties. A fine (the MCO's response missed its due date) is
//! recorded once in `fines` (`UNIQUE (ticket_id, fined_on)`), with a history entry and the notice of
//! `mco-policy-portal-requirements.txt` to the MCO's users. Running it again changes nothing.
//!
//! [`spawn`] runs it at start (catching up after downtime) and then every interval.

use std::time::Duration;

use chrono::NaiveDate;
use rules::dates::long_date;
use rules::timeline::{timeline, ClockKey, ClosedReason, Status, Timeline};
use sqlx::SqliteConnection;

use crate::api::ticket_actions::{ticket_message, Notice, Recipients};
use crate::auth;
use crate::outbox::Message;
use crate::tickets::{self, key_of, TicketRow};
use crate::{ApiError, AppState};

/// What one run did: the tickets it closed and the fines it issued (ticket ids).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ClockReport {
    pub closed: Vec<i64>,
    pub fined: Vec<i64>,
}

impl ClockReport {
    pub fn is_empty(&self) -> bool {
        self.closed.is_empty() && self.fined.is_empty()
    }
}

/// How often the clocks run after the first run.
pub const DEFAULT_INTERVAL: Duration = Duration::from_secs(60);

/// Runs the clocks now, then every `every`, for as long as the server runs. A failed run is
/// logged and the next one tries again.
pub fn spawn(state: AppState, every: Duration) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut ticks = tokio::time::interval(every.max(Duration::from_secs(1)));
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            // The first tick is at once: the catch-up after downtime.
            ticks.tick().await;
            match run_once(&state, auth::today()).await {
                Ok(report) if !report.is_empty() => tracing::info!(
                    closed = report.closed.len(),
                    fined = report.fined.len(),
                    "clocks: tickets closed by rule and fines issued"
                ),
                Ok(_) => {}
                Err(error) => tracing::error!(?error, "clocks: run failed"),
            }
            crate::drafts_expiry::run_now(&state.pool).await;
        }
    })
}

/// Every ticket neither draft nor closed, as of `today`: the closings the rules make and the fines
/// due are recorded, each once (see the module's documentation).
pub async fn run_once(state: &AppState, today: NaiveDate) -> Result<ClockReport, ApiError> {
    let calendar = state.calendar().await?;
    let ids: Vec<i64> = sqlx::query_scalar(
        "SELECT id FROM tickets WHERE status NOT IN ('draft', 'closed') ORDER BY id",
    )
    .fetch_all(&state.pool)
    .await?;
    let mut report = ClockReport::default();
    for id in ids {
        let Some(row) = tickets::load(&state.pool, id).await? else {
            continue;
        };
        if matches!(row.status, Status::Draft | Status::Closed) {
            continue;
        }
        let events = row.events();
        let line = match timeline(&calendar.calendar, &events, today) {
            Ok(line) => line,
            Err(problems) => {
                // Events dated after `today` (a run for an earlier date) or a row the engine
                // refuses: nothing to record.
                tracing::debug!(ticket_id = id, problems = problems.len(), "clocks: skipped");
                continue;
            }
        };
        let number = rules::tickets::ticket_number(id, row.submitted_on.unwrap_or(today));
        let mut tx = state.pool.begin().await?;
        if line.status == Status::Closed {
            if let Some(reason) = line.closed_reason {
                if close(&mut tx, &row, &number, &line, reason, today).await? {
                    report.closed.push(id);
                }
            }
        }
        if record_fines(&mut tx, &row, &number, &line, true).await? > 0 {
            report.fined.push(id);
        }
        tx.commit().await?;
    }
    Ok(report)
}

/// The date a closing by rule counts for: the day after the missed due date.
fn closed_on(line: &Timeline, reason: ClosedReason, today: NaiveDate) -> NaiveDate {
    let key = match reason {
        ClosedReason::NoInfoResponse => ClockKey::ProviderInfoResponse,
        ClosedReason::NotContested => ClockKey::ProviderDecision,
        _ => return today,
    };
    line.deadline(key)
        .and_then(|d| d.due_on.succ_opt())
        .map_or(today, |d| d.min(today))
}

/// Records the closing the rules made, once (only if the row is still as read); whether it did.
async fn close(
    conn: &mut SqliteConnection,
    row: &TicketRow,
    number: &str,
    line: &Timeline,
    reason: ClosedReason,
    today: NaiveDate,
) -> Result<bool, ApiError> {
    let closed = sqlx::query(
        "UPDATE tickets SET status = 'closed', closed_reason = ?1, \
           updated_at = MAX(?2, updated_at + 1) \
         WHERE id = ?3 AND status = ?4 AND updated_at = ?5",
    )
    .bind(key_of(reason))
    .bind(auth::now_utc_millis())
    .bind(row.id)
    .bind(key_of(row.status))
    .bind(row.updated_at)
    .execute(&mut *conn)
    .await?
    .rows_affected();
    if closed != 1 {
        return Ok(false);
    }
    tickets::add_history(
        &mut *conn,
        row.id,
        closed_on(line, reason, today),
        "portal",
        None,
        "closed_by_rule",
        &format!("The ticket was closed. {}", reason.explanation()),
        None,
    )
    .await?;
    let tracking = row.tracking_number.as_deref().unwrap_or("");
    let notice = Notice {
        message: ticket_message(
            format!("Ticket {number} is closed"),
            number,
            tracking,
            &[
                format!("The ticket was closed. {}", reason.explanation()),
                "A closed ticket is not reopened.".to_owned(),
            ],
        ),
        to: Recipients {
            provider: true,
            mco: true,
        },
    };
    notice.send(conn, row).await?;
    Ok(true)
}

/// Records each fine of `line` not yet recorded, with its history entry and (when `notify`) the
/// fine notice to the MCO's users; how many were new.
pub async fn record_fines(
    conn: &mut SqliteConnection,
    row: &TicketRow,
    number: &str,
    line: &Timeline,
    notify: bool,
) -> Result<usize, ApiError> {
    let Some(mco_id) = row.mco_id else {
        return Ok(0);
    };
    let mut new = 0;
    for fine in &line.fines {
        let inserted = sqlx::query(
            "INSERT OR IGNORE INTO fines (ticket_id, mco_id, amount_cents, fined_on, \
               sanction_notice_due_on, created_at) VALUES (?, ?, ?, ?, ?, ?)",
        )
        .bind(row.id)
        .bind(mco_id)
        .bind(fine.amount_cents)
        .bind(fine.fined_on.to_string())
        .bind(fine.sanction_notice_due_on.to_string())
        .bind(auth::now_utc_millis())
        .execute(&mut *conn)
        .await?
        .rows_affected();
        if inserted != 1 {
            continue;
        }
        new += 1;
        let was_due = fine.fined_on.pred_opt().unwrap_or(fine.fined_on);
        tickets::add_history(
            &mut *conn,
            row.id,
            fine.fined_on,
            "portal",
            None,
            "fined",
            &format!(
                "The MCO's written response was due {} and was not received: a {} fine was issued",
                long_date(was_due),
                dollars(fine.amount_cents)
            ),
            None,
        )
        .await?;
        if notify {
            Notice {
                message: fine_notice(number, was_due, fine.amount_cents),
                to: Recipients {
                    provider: false,
                    mco: true,
                },
            }
            .send(conn, row)
            .await?;
        }
    }
    Ok(new)
}

/// The fine notice, in the words of `mco-policy-portal-requirements.txt`.
pub fn fine_notice(number: &str, was_due: NaiveDate, amount_cents: i64) -> Message {
    Message {
        subject: format!("MCO Provider Resolution Portal Fine Notice – {number}"),
        body: format!(
            "A written proposal for Provider Resolution ticket {number} was due {}. Your written \
             proposal was not received on or before this date. Your plan has been fined {} for \
             the untimely handling of the Provider Resolution Ticket.\n\nHFS Portal Team\n",
            long_date(was_due),
            dollars(amount_cents)
        ),
    }
}

/// `$5,000.00`.
fn dollars(cents: i64) -> String {
    let whole = (cents / 100).to_string();
    let mut grouped = String::new();
    for (i, digit) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    format!("${grouped}.{:02}", cents % 100)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fine_notice_has_the_policys_words() {
        let notice = fine_notice(
            "PRP-2026-000042",
            NaiveDate::from_ymd_opt(2026, 3, 23).unwrap(),
            rules::timeline::FINE_CENTS,
        );
        assert_eq!(
            notice.subject,
            "MCO Provider Resolution Portal Fine Notice – PRP-2026-000042"
        );
        assert!(notice.body.starts_with(
            "A written proposal for Provider Resolution ticket PRP-2026-000042 was due Monday 23 \
             March 2026. Your written proposal was not received on or before this date. Your plan \
             has been fined $5,000.00 for the untimely handling of the Provider Resolution Ticket."
        ));
    }

    #[test]
    fn dollars_are_grouped() {
        assert_eq!(dollars(500_000), "$5,000.00");
        assert_eq!(dollars(99), "$0.99");
        assert_eq!(dollars(123_456_789), "$1,234,567.89");
    }
}
