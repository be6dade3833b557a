//! Reminders before the due dates (`docs/email.md`, "Reminders"): for each pending clock of a
//! ticket that a party owes (`notices::reminder_task`), one email per lead time HFS set
//! (`settings::reminder_leads`; by default `settings::DEFAULT_REMINDER_LEADS`: two business days before and on the due date's morning,
//! Illinois time), each sent once: a row of `reminders_sent` (ticket, clock, due date, kind) is
//! written in the same transaction as the message, so a restart or a second run sends nothing
//! again. A due date that moves (an extension) is a new due date and is reminded again.
//!
//! May import: `mail`, `notices`, `outbox`, `tickets`, `actions`, `time`, `error`.

use chrono::{NaiveDate, Timelike};
use rules::calendar::Calendar;
use rules::timeline::{ClockState, Timeline};
use sqlx::AnyConnection;

use crate::actions::ticket_ref;
use crate::error::ApiError;
use crate::mail::MailSettings;
use crate::notices;
use crate::outbox;
use crate::tickets::TicketRow;
use crate::time::{self, now_utc_millis};

/// The Illinois hour from which a due date's own reminder goes out ("the morning").
pub const MORNING_HOUR: u32 = 7;

/// Which lead of `leads` (largest first) a clock due `due_on` is in on `today`: the smallest lead
/// at least the business days left, so that a server that was down sends only the latest reminder
/// due, not every one it missed.
pub fn lead_due(
    calendar: &Calendar,
    leads: &[u32],
    today: NaiveDate,
    due_on: NaiveDate,
) -> Option<u32> {
    if due_on < today {
        return None;
    }
    let left = calendar.business_days_between(today, due_on);
    leads.iter().copied().filter(|&lead| left <= lead).min()
}

/// Queues the reminders of ticket `row` (number `number`, timeline `line`) due on `today`, each
/// once; how many were queued.
#[allow(clippy::too_many_arguments)]
pub async fn send_due(
    conn: &mut AnyConnection,
    mail: &MailSettings,
    calendar: &Calendar,
    leads: &[u32],
    row: &TicketRow,
    number: &str,
    line: &Timeline,
    today: NaiveDate,
) -> Result<usize, ApiError> {
    let mut sent = 0;
    let link = mail.ticket_link(row.id);
    let t = ticket_ref(row, number, &link);
    for deadline in line
        .deadlines
        .iter()
        .filter(|d| d.state == ClockState::Pending)
    {
        let Some(lead) = lead_due(calendar, leads, today, deadline.due_on) else {
            continue;
        };
        let left = calendar.business_days_between(today, deadline.due_on);
        if left == 0 && today == time::today() && local_hour() < MORNING_HOUR {
            // The due date's own reminder waits for the morning (a run for another date, as the
            // tests make, does not wait).
            continue;
        }
        let Some(notice) = notices::reminder(&t, deadline.key, deadline.due_on, left) else {
            continue;
        };
        let inserted = sqlx::query(
            "INSERT INTO reminders_sent (ticket_id, clock, due_on, kind, sent_at) \
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING",
        )
        .bind(row.id)
        .bind(deadline.key.as_str())
        .bind(deadline.due_on.to_string())
        .bind(format!("d{lead}"))
        .bind(now_utc_millis())
        .execute(&mut *conn)
        .await?
        .rows_affected();
        if inserted != 1 {
            continue;
        }
        outbox::send_about_ticket(conn, mail, &notice.message, notice.to, row.id, row.mco_id)
            .await?;
        sent += 1;
    }
    Ok(sent)
}

fn local_hour() -> u32 {
    rules::illinois::local_datetime(now_utc_millis()).hour()
}
