//! The clocks that run by themselves (`docs/tickets.md`, "The clocks run by themselves").
//!
//! [`run_once`] computes every open ticket's timeline as of a date. A closing the rules make
//! (`no_info_response`, `not_contested`) is recorded once, in the ticket and its history (party
//! `portal`), and emailed to the parties. A fine (the MCO's response missed its due date) is
//! recorded once in `fines` (`UNIQUE (ticket_id, fined_on)`), with a history entry and the notice of
//! the MCO policy on portal requirements to the MCO's users. Running it again changes nothing.
//!
//! [`spawn`] runs it at start (catching up after downtime) and then every interval. The closings
//! and fines are recorded by `crate::actions` ([`actions::close_by_rule`],
//! [`actions::record_fines`]), which a party's step that makes a fine due calls at once too.
//!
//! May import: `state`, `error`, `time`, `tickets`, `actions`, `reminders`, `settings`, `db`.
//!
//! Each run also queues the reminders due (`crate::reminders`), once each.

use std::time::Duration;

use chrono::NaiveDate;
use rules::timeline::{timeline, Status};

use crate::actions;
use crate::error::ApiError;
use crate::reminders;
use crate::settings;
use crate::state::AppState;
use crate::tickets;
use crate::time;

/// What one run did: the tickets it closed and the fines it issued (ticket ids).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ClockReport {
    pub closed: Vec<i64>,
    pub fined: Vec<i64>,
    /// The tickets reminders were queued for (`crate::reminders`).
    pub reminded: Vec<i64>,
}

impl ClockReport {
    pub fn is_empty(&self) -> bool {
        self.closed.is_empty() && self.fined.is_empty() && self.reminded.is_empty()
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
            // Once across instances on one PostgreSQL database (another instance's run does it).
            let run = async {
                match run_once(&state, time::today()).await {
                    Ok(report) if !report.is_empty() => tracing::info!(
                        closed = report.closed.len(),
                        fined = report.fined.len(),
                        reminded = report.reminded.len(),
                        "clocks: tickets closed by rule, fines issued, reminders queued"
                    ),
                    Ok(_) => {}
                    Err(error) => tracing::error!(?error, "clocks: run failed"),
                }
                crate::drafts_expiry::run_now(&state.pool).await;
            };
            match crate::db::once_across_instances(&state.pool, crate::db::LOCK_CLOCKS, run).await {
                Ok(Some(())) => {}
                Ok(None) => tracing::debug!("clocks: another instance is running them"),
                Err(error) => tracing::error!(?error, "clocks: cannot take the clocks' lock"),
            }
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
    let leads = settings::reminder_leads(&state.pool).await?;
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
                if actions::close_by_rule(&mut tx, &state.mail, &row, &number, &line, reason, today)
                    .await?
                {
                    report.closed.push(id);
                }
            }
        }
        if actions::record_fines(&mut tx, &state.mail, &row, &number, &line, true).await? > 0 {
            report.fined.push(id);
        }
        if line.status != Status::Closed
            && reminders::send_due(
                &mut tx,
                &state.mail,
                &calendar.calendar,
                &leads,
                &row,
                &number,
                &line,
                today,
            )
            .await?
                > 0
        {
            report.reminded.push(id);
        }
        tx.commit().await?;
    }
    crate::sanctions::after_clocks(state, today).await;
    Ok(report)
}
