//! Portal Sanction Payment Notices and HFS's alerts about fines (`docs/reporting.md`), after the
//! MCO policy on portal requirements.
//!
//! [`run`] is called at the end of every clock run (`crate::clocks::run_once`), and each of its
//! steps happens once however often it runs:
//! - HFS is emailed the day an MCO misses a response due date (the day its fine is recorded);
//! - once a quarterly reporting period has ended, one draft notice per MCO with fines dated in it
//!   (a fine recorded later joins the MCO's draft of that quarter, or a new draft once the first
//!   notice was issued);
//! - HFS is reminded a week before a draft's notice due date.
//!
//! HFS staff waive fines on a draft ([`waive`], written to the audit log) and issue it ([`issue`]):
//! the MCO is emailed (its mailbox, else its users) and the notice is public from then on. Emails carry ticket numbers,
//! dates and amounts only, never protected health information.

use chrono::NaiveDate;
use rules::sanctions::{payment_due_on, Quarter};
use rules::wire::sanctions::{
    NoticeFine, NoticeStatus, SanctionNotice, SanctionSettings, ADDRESS_MAX_CHARS,
    BUREAU_MAX_CHARS, PAYMENT_DAYS_MAX,
};
use sqlx::{AnyConnection, AnyExecutor, Row};

use crate::audit::{self, AuditEvent};
use crate::auth::CurrentUser;
use crate::error::FieldErrors;
use crate::mail::MailSettings;
use crate::notices::{self, TicketRef};
use crate::outbox::{self, Message};
use crate::time::now_utc_millis;
use crate::{tickets, ApiError, AppState};

/// What one run did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SanctionReport {
    /// Fines HFS was alerted to.
    pub alerted: Vec<i64>,
    /// Notices drafted (new drafts only; fines added to a draft are not counted).
    pub drafted: Vec<i64>,
    /// Drafts HFS was reminded of.
    pub reminded: Vec<i64>,
}

impl SanctionReport {
    pub fn is_empty(&self) -> bool {
        self.alerted.is_empty() && self.drafted.is_empty() && self.reminded.is_empty()
    }
}

/// Runs every step as of `today` (see the module's documentation); a failure is logged and the
/// next clock run tries again.
pub async fn after_clocks(state: &AppState, today: NaiveDate) {
    match run(state, today).await {
        Ok(report) if !report.is_empty() => tracing::info!(
            alerted = report.alerted.len(),
            drafted = report.drafted.len(),
            reminded = report.reminded.len(),
            "sanctions: alerts, drafts and reminders"
        ),
        Ok(_) => {}
        Err(error) => tracing::error!(?error, "sanctions: run failed"),
    }
}

/// Every step as of `today`, each once.
pub async fn run(state: &AppState, today: NaiveDate) -> Result<SanctionReport, ApiError> {
    let mut tx = state.pool.begin().await?;
    let report = SanctionReport {
        alerted: alert_missed_responses(&mut tx, &state.mail, today).await?,
        drafted: draft_notices(&mut tx, today).await?,
        reminded: remind(&mut tx, &state.mail, today).await?,
    };
    tx.commit().await?;
    Ok(report)
}

// ---------------------------------------------------------------------------------------------
// Settings

/// The payment details and period HFS administrators set.
pub async fn settings<'e, E: AnyExecutor<'e>>(
    executor: E,
) -> Result<SanctionSettings, sqlx::Error> {
    let row = sqlx::query(
        "SELECT payment_address, payment_bureau, payment_days FROM sanction_settings WHERE id = 1",
    )
    .fetch_one(executor)
    .await?;
    Ok(SanctionSettings {
        payment_address: row.try_get("payment_address")?,
        payment_bureau: row.try_get("payment_bureau")?,
        payment_days: u32::try_from(row.try_get::<i64, _>("payment_days")?).unwrap_or(30),
    })
}

/// The settings as typed, checked (trimmed); else 422 by field.
pub fn check_settings(input: &SanctionSettings) -> Result<SanctionSettings, ApiError> {
    let mut errors = FieldErrors::new();
    let address = input
        .payment_address
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n");
    if address.is_empty() {
        errors.add(
            "payment_address",
            "Enter the address the payment is sent to",
        );
    } else if address.chars().count() > ADDRESS_MAX_CHARS {
        errors.add(
            "payment_address",
            format!("The address must be {ADDRESS_MAX_CHARS} characters or fewer"),
        );
    }
    let bureau = input.payment_bureau.trim().to_owned();
    if bureau.is_empty() {
        errors.add(
            "payment_bureau",
            "Enter the HFS bureau that processes the payment",
        );
    } else if bureau.chars().count() > BUREAU_MAX_CHARS {
        errors.add(
            "payment_bureau",
            format!("The bureau must be {BUREAU_MAX_CHARS} characters or fewer"),
        );
    }
    if !(1..=PAYMENT_DAYS_MAX).contains(&input.payment_days) {
        errors.add(
            "payment_days",
            format!("The payment period must be between 1 and {PAYMENT_DAYS_MAX} days"),
        );
    }
    errors.into_result()?;
    Ok(SanctionSettings {
        payment_address: address,
        payment_bureau: bureau,
        payment_days: input.payment_days,
    })
}

/// Stores checked settings.
pub async fn save_settings<'e, E: AnyExecutor<'e>>(
    executor: E,
    settings: &SanctionSettings,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE sanction_settings SET payment_address = $1, payment_bureau = $2, \
         payment_days = $3, updated_at = $4 WHERE id = 1",
    )
    .bind(&settings.payment_address)
    .bind(&settings.payment_bureau)
    .bind(i64::from(settings.payment_days))
    .bind(now_utc_millis())
    .execute(executor)
    .await?;
    Ok(())
}

/// Where HFS's sanction alerts and reminders go: the HFS mailbox (`--hfs-mailbox`, the one every
/// HFS email goes to) when it is set; without one, every approved HFS user, so that a missed
/// response or a notice coming due is never told to nobody.
pub async fn hfs_addresses(
    conn: &mut AnyConnection,
    mail: &MailSettings,
) -> Result<Vec<String>, sqlx::Error> {
    if let Some(mailbox) = &mail.hfs_mailbox {
        return Ok(vec![mailbox.clone()]);
    }
    sqlx::query_scalar::<_, String>(
        "SELECT email FROM users WHERE role IN ('hfs_staff', 'hfs_admin') \
         AND status = 'approved' ORDER BY id",
    )
    .fetch_all(&mut *conn)
    .await
}

async fn send_to_hfs(
    conn: &mut AnyConnection,
    mail: &MailSettings,
    message: &Message,
) -> Result<(), sqlx::Error> {
    let addresses = hfs_addresses(conn, mail).await?;
    let addresses: Vec<&str> = addresses.iter().map(String::as_str).collect();
    message.send_to(conn, &addresses).await
}

// ---------------------------------------------------------------------------------------------
// Alerts to HFS

/// HFS is emailed about each fine not yet alerted (dated `today` or before): the MCO missed the
/// ticket's response due date. The ticket is first in the HFS queue already (overdue first).
async fn alert_missed_responses(
    conn: &mut AnyConnection,
    mail: &MailSettings,
    today: NaiveDate,
) -> Result<Vec<i64>, ApiError> {
    let rows = sqlx::query(
        "SELECT f.id, f.ticket_id, f.fined_on, f.amount_cents, t.submitted_on, t.tracking_number, \
           m.name AS mco_name \
         FROM fines f JOIN tickets t ON t.id = f.ticket_id JOIN mcos m ON m.id = f.mco_id \
         WHERE f.fined_on <= $1 AND NOT EXISTS (SELECT 1 FROM fine_alerts a WHERE a.fine_id = f.id) \
         ORDER BY f.id",
    )
    .bind(today.to_string())
    .fetch_all(&mut *conn)
    .await?;
    let mut alerted = Vec::new();
    for row in &rows {
        let fine_id: i64 = row.try_get("id")?;
        let ticket_id: i64 = row.try_get("ticket_id")?;
        let fined_on = date(row.try_get("fined_on")?);
        let submitted_on = date(row.try_get("submitted_on")?);
        let number = rules::tickets::ticket_number(ticket_id, submitted_on);
        let mco: String = row.try_get("mco_name")?;
        let tracking: Option<String> = row.try_get("tracking_number")?;
        let amount: i64 = row.try_get("amount_cents")?;
        let was_due = fined_on.pred_opt().unwrap_or(fined_on);
        let link = mail.ticket_link(ticket_id);
        let ticket = TicketRef {
            number: &number,
            tracking: tracking.as_deref().unwrap_or(""),
            link: &link,
        };
        let message = notices::missed_response_alert(
            &ticket,
            &mco,
            was_due,
            fined_on,
            amount,
            Quarter::of(fined_on),
        );
        send_to_hfs(conn, mail, &message).await?;
        sqlx::query("INSERT INTO fine_alerts (fine_id, alerted_at) VALUES ($1, $2)")
            .bind(fine_id)
            .bind(now_utc_millis())
            .execute(&mut *conn)
            .await?;
        alerted.push(fine_id);
    }
    Ok(alerted)
}

fn date(text: Option<String>) -> NaiveDate {
    text.as_deref()
        .and_then(rules::dates::parse_iso_date)
        .unwrap_or_default()
}

// ---------------------------------------------------------------------------------------------
// Drafting and reminding

/// Puts every fine of an ended quarter that is on no notice yet on its MCO's draft for that
/// quarter (made if there is none); the new drafts' ids.
async fn draft_notices(conn: &mut AnyConnection, today: NaiveDate) -> Result<Vec<i64>, ApiError> {
    let fines = sqlx::query_as::<_, (i64, i64, String)>(
        "SELECT f.id, f.mco_id, f.fined_on FROM fines f \
         WHERE NOT EXISTS (SELECT 1 FROM sanction_notice_fines nf WHERE nf.fine_id = f.id) \
         ORDER BY f.fined_on, f.id",
    )
    .fetch_all(&mut *conn)
    .await?;
    let mut drafted = Vec::new();
    for (fine_id, mco_id, fined_on) in fines {
        let Some(fined_on) = rules::dates::parse_iso_date(&fined_on) else {
            continue;
        };
        let quarter = Quarter::of(fined_on);
        if !quarter.has_ended(today) {
            continue;
        }
        let existing: Option<i64> = sqlx::query_scalar(
            "SELECT id FROM sanction_notices WHERE mco_id = $1 AND quarter = $2 AND status = 'draft'",
        )
        .bind(mco_id)
        .bind(quarter.label())
        .fetch_optional(&mut *conn)
        .await?;
        let notice_id = match existing {
            Some(id) => id,
            None => {
                let id: i64 = sqlx::query_scalar(
                    "INSERT INTO sanction_notices (mco_id, quarter, status, notice_due_on, created_at) \
                     VALUES ($1, $2, 'draft', $3, $4) RETURNING id",
                )
                .bind(mco_id)
                .bind(quarter.label())
                .bind(quarter.notice_due_on().to_string())
                .bind(now_utc_millis())
                .fetch_one(&mut *conn)
                .await?;
                drafted.push(id);
                id
            }
        };
        sqlx::query("INSERT INTO sanction_notice_fines (notice_id, fine_id) VALUES ($1, $2)")
            .bind(notice_id)
            .bind(fine_id)
            .execute(&mut *conn)
            .await?;
    }
    Ok(drafted)
}

/// HFS is emailed, once, about each draft whose due date is a week away or nearer.
async fn remind(
    conn: &mut AnyConnection,
    mail: &MailSettings,
    today: NaiveDate,
) -> Result<Vec<i64>, ApiError> {
    let drafts = sqlx::query_as::<_, (i64, String, String, String)>(
        "SELECT n.id, n.quarter, n.notice_due_on, m.name FROM sanction_notices n \
         JOIN mcos m ON m.id = n.mco_id \
         WHERE n.status = 'draft' AND n.reminded_at IS NULL ORDER BY n.id",
    )
    .fetch_all(&mut *conn)
    .await?;
    let mut reminded = Vec::new();
    for (id, quarter, due, mco) in drafts {
        let Some(quarter) = Quarter::parse(&quarter) else {
            continue;
        };
        if today < quarter.reminder_on() {
            continue;
        }
        let due = rules::dates::parse_iso_date(&due).unwrap_or(quarter.notice_due_on());
        let message = notices::sanction_notice_reminder(
            &mco,
            quarter,
            due,
            today,
            &mail.link("/hfs/sanctions"),
        );
        send_to_hfs(conn, mail, &message).await?;
        sqlx::query("UPDATE sanction_notices SET reminded_at = $1 WHERE id = $2")
            .bind(now_utc_millis())
            .bind(id)
            .execute(&mut *conn)
            .await?;
        reminded.push(id);
    }
    Ok(reminded)
}

// ---------------------------------------------------------------------------------------------
// Reading

const SELECT_NOTICES: &str = "SELECT n.id, n.mco_id, m.name AS mco_name, n.quarter, n.status, \
     n.notice_due_on, n.issued_on, n.payment_due_on, n.payment_address, n.payment_bureau, \
     n.total_cents FROM sanction_notices n JOIN mcos m ON m.id = n.mco_id";

/// Which notices a reader may see.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Readers {
    /// Everyone: issued notices, without waived fines.
    Public,
    /// HFS: every notice, waived fines with their reasons.
    Hfs,
}

async fn notice_fines(
    conn: &mut AnyConnection,
    notice_id: i64,
    readers: Readers,
) -> Result<Vec<NoticeFine>, ApiError> {
    let rows = sqlx::query(
        "SELECT f.id, f.ticket_id, f.fined_on, f.amount_cents, t.submitted_on, nf.waived_reason, \
           nf.waived_at FROM sanction_notice_fines nf JOIN fines f ON f.id = nf.fine_id \
         JOIN tickets t ON t.id = f.ticket_id WHERE nf.notice_id = $1 ORDER BY f.fined_on, f.id",
    )
    .bind(notice_id)
    .fetch_all(&mut *conn)
    .await?;
    let mut fines = Vec::new();
    for row in &rows {
        let waived = row.try_get::<Option<i64>, _>("waived_at")?.is_some();
        if waived && readers == Readers::Public {
            continue;
        }
        let fined_on = date(row.try_get("fined_on")?);
        let ticket_id: i64 = row.try_get("ticket_id")?;
        fines.push(NoticeFine {
            ticket_number: rules::tickets::ticket_number(
                ticket_id,
                date(row.try_get("submitted_on")?),
            ),
            due_on: fined_on.pred_opt().unwrap_or(fined_on).to_string(),
            fined_on: fined_on.to_string(),
            amount_cents: row.try_get("amount_cents")?,
            fine_id: row.try_get("id")?,
            waived_reason: if waived {
                Some(
                    row.try_get::<Option<String>, _>("waived_reason")?
                        .unwrap_or_default(),
                )
            } else {
                None
            },
        });
    }
    Ok(fines)
}

async fn notice_from_row(
    state: &AppState,
    conn: &mut AnyConnection,
    row: &sqlx::any::AnyRow,
    readers: Readers,
    today: NaiveDate,
) -> Result<SanctionNotice, ApiError> {
    let id: i64 = row.try_get("id")?;
    let status: String = row.try_get("status")?;
    let status: NoticeStatus = tickets::parse_key(&status).unwrap_or(NoticeStatus::Draft);
    let fines = notice_fines(conn, id, readers).await?;
    let notice_due_on: String = row.try_get("notice_due_on")?;
    let mut notice = SanctionNotice {
        id,
        mco: row.try_get("mco_name")?,
        mco_id: row.try_get("mco_id")?,
        quarter: row.try_get("quarter")?,
        issued_on: row.try_get("issued_on")?,
        notice_due_on: notice_due_on.clone(),
        payment_due_on: row
            .try_get::<Option<String>, _>("payment_due_on")?
            .unwrap_or_default(),
        total_cents: row.try_get::<Option<i64>, _>("total_cents")?.unwrap_or(0),
        fines,
        status,
        payment_address: row
            .try_get::<Option<String>, _>("payment_address")?
            .unwrap_or_default(),
        payment_bureau: row
            .try_get::<Option<String>, _>("payment_bureau")?
            .unwrap_or_default(),
        overdue: false,
    };
    if status == NoticeStatus::Draft {
        // What it would say if issued today.
        let settings = settings(&mut *conn).await?;
        let calendar = state.calendar().await?;
        notice.total_cents = notice
            .fines
            .iter()
            .filter(|f| f.waived_reason.is_none())
            .map(|f| f.amount_cents)
            .sum();
        notice.payment_due_on =
            payment_due_on(&calendar.calendar, today, settings.payment_days).to_string();
        notice.payment_address = settings.payment_address;
        notice.payment_bureau = settings.payment_bureau;
        notice.overdue = rules::dates::parse_iso_date(&notice_due_on).is_some_and(|d| today > d);
    }
    Ok(notice)
}

/// The notices `readers` may see, newest first (issued ones by issue date; HFS: drafts first,
/// by due date). `mco_id` narrows to one MCO.
pub async fn list(
    state: &AppState,
    readers: Readers,
    mco_id: Option<i64>,
    today: NaiveDate,
) -> Result<Vec<SanctionNotice>, ApiError> {
    let filter = match readers {
        Readers::Public => "n.status = 'issued'",
        Readers::Hfs => "1 = 1",
    };
    let mut conn = state.pool.acquire().await?;
    let rows = sqlx::query(&format!(
        "{SELECT_NOTICES} WHERE {filter} AND ($1 IS NULL OR n.mco_id = $1) \
         ORDER BY n.status = 'draft' DESC, CASE WHEN n.status = 'draft' THEN n.notice_due_on END, \
         n.issued_on DESC, n.quarter DESC, n.id DESC"
    ))
    .bind(mco_id)
    .fetch_all(&mut *conn)
    .await?;
    let mut notices = Vec::with_capacity(rows.len());
    for row in &rows {
        notices.push(notice_from_row(state, &mut conn, row, readers, today).await?);
    }
    Ok(notices)
}

/// One notice `readers` may see, else 404.
pub async fn one(
    state: &AppState,
    readers: Readers,
    id: i64,
    today: NaiveDate,
) -> Result<SanctionNotice, ApiError> {
    let mut conn = state.pool.acquire().await?;
    one_in(state, &mut conn, readers, id, today).await
}

/// [`one`] on `conn` (inside a transaction, it sees what the transaction wrote).
async fn one_in(
    state: &AppState,
    conn: &mut AnyConnection,
    readers: Readers,
    id: i64,
    today: NaiveDate,
) -> Result<SanctionNotice, ApiError> {
    let row = sqlx::query(&format!("{SELECT_NOTICES} WHERE n.id = $1"))
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or(ApiError::NotFound)?;
    let notice = notice_from_row(state, conn, &row, readers, today).await?;
    if readers == Readers::Public && notice.status != NoticeStatus::Issued {
        return Err(ApiError::NotFound);
    }
    Ok(notice)
}

// ---------------------------------------------------------------------------------------------
// Waiving and issuing

pub const NOT_A_DRAFT: &str = "This notice was already issued: its fines can no longer change";
pub const ALREADY_WAIVED: &str = "This fine is already waived";

/// The reason as typed, checked; else 422 `reason`.
pub fn check_reason(reason: &str) -> Result<String, ApiError> {
    rules::sanctions::check_waive_reason(reason)
        .map_err(|message| FieldErrors::one("reason", message).into())
}

/// Waives fine `fine_id` of draft `notice_id` for `reason` (written to the audit log with the
/// ticket); the draft is withdrawn when no fine is left on it.
pub async fn waive(
    state: &AppState,
    user: &CurrentUser,
    notice_id: i64,
    fine_id: i64,
    reason: &str,
) -> Result<(), ApiError> {
    user.require_hfs()?;
    let reason = check_reason(reason)?;
    let mut tx = state.pool.begin().await?;
    let found = sqlx::query_as::<_, (String, Option<i64>, i64)>(
        "SELECT n.status, nf.waived_at, f.ticket_id FROM sanction_notice_fines nf \
         JOIN sanction_notices n ON n.id = nf.notice_id JOIN fines f ON f.id = nf.fine_id \
         WHERE nf.notice_id = $1 AND nf.fine_id = $2",
    )
    .bind(notice_id)
    .bind(fine_id)
    .fetch_optional(&mut *tx)
    .await?;
    let Some((status, waived_at, ticket_id)) = found else {
        return Err(ApiError::NotFound);
    };
    if status != "draft" {
        return Err(ApiError::conflict(NOT_A_DRAFT));
    }
    if waived_at.is_some() {
        return Err(ApiError::conflict(ALREADY_WAIVED));
    }
    sqlx::query(
        "UPDATE sanction_notice_fines SET waived_reason = $1, waived_by = $2, waived_at = $3 \
         WHERE notice_id = $4 AND fine_id = $5",
    )
    .bind(&reason)
    .bind(user.id)
    .bind(now_utc_millis())
    .bind(notice_id)
    .bind(fine_id)
    .execute(&mut *tx)
    .await?;
    audit::record(
        &mut *tx,
        AuditEvent::by(user.id, "waived_fine")
            .ticket(ticket_id)
            .detail(format!(
                "fine {fine_id} of sanction notice {notice_id}: {reason}"
            )),
    )
    .await?;
    let left: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM sanction_notice_fines WHERE notice_id = $1 AND waived_at IS NULL",
    )
    .bind(notice_id)
    .fetch_one(&mut *tx)
    .await?;
    if left == 0 {
        sqlx::query("UPDATE sanction_notices SET status = 'withdrawn' WHERE id = $1")
            .bind(notice_id)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Issues draft `notice_id` on `today`: its total, payment due date and details are fixed, the
/// MCO's users are emailed, and it is public.
pub async fn issue(
    state: &AppState,
    user: &CurrentUser,
    notice_id: i64,
    today: NaiveDate,
) -> Result<SanctionNotice, ApiError> {
    user.require_hfs()?;
    issue_as(state, user.id, notice_id, today).await
}

/// [`issue`] by the HFS user `user_id` (the demo data issues one as the demo HFS staff).
pub async fn issue_as(
    state: &AppState,
    user_id: i64,
    notice_id: i64,
    today: NaiveDate,
) -> Result<SanctionNotice, ApiError> {
    let calendar = state.calendar().await?;
    let mut tx = state.pool.begin().await?;
    let found = sqlx::query_as::<_, (String, i64)>(
        "SELECT status, mco_id FROM sanction_notices WHERE id = $1",
    )
    .bind(notice_id)
    .fetch_optional(&mut *tx)
    .await?;
    let Some((status, mco_id)) = found else {
        return Err(ApiError::NotFound);
    };
    if status != "draft" {
        return Err(ApiError::conflict(NOT_A_DRAFT));
    }
    let settings = settings(&mut *tx).await?;
    let fines = notice_fines(&mut tx, notice_id, Readers::Public).await?;
    let total: i64 = fines.iter().map(|f| f.amount_cents).sum();
    let pay_by = payment_due_on(&calendar.calendar, today, settings.payment_days);
    let updated = sqlx::query(
        "UPDATE sanction_notices SET status = 'issued', issued_on = $1, issued_by = $2, \
         payment_due_on = $3, payment_address = $4, payment_bureau = $5, total_cents = $6 \
         WHERE id = $7 AND status = 'draft'",
    )
    .bind(today.to_string())
    .bind(user_id)
    .bind(pay_by.to_string())
    .bind(&settings.payment_address)
    .bind(&settings.payment_bureau)
    .bind(total)
    .bind(notice_id)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if updated != 1 {
        return Err(ApiError::conflict(NOT_A_DRAFT));
    }
    audit::record(
        &mut *tx,
        AuditEvent::by(user_id, "issued_sanction_notice").detail(format!("notice {notice_id}")),
    )
    .await?;
    // The MCO's email is queued in the transaction that issues the notice: both happen, or
    // neither. It goes where every email to the MCO goes: its mailbox, else its users.
    let notice = one_in(state, &mut tx, Readers::Public, notice_id, today).await?;
    let addresses = outbox::mco_addresses(&mut tx, Some(mco_id)).await?;
    let addresses: Vec<&str> = addresses.iter().map(String::as_str).collect();
    notices::sanction_notice_issued(
        &notice,
        &state.mail.link(&format!("/sanctions/{notice_id}")),
    )
    .send_to(&mut tx, &addresses)
    .await?;
    tx.commit().await?;
    Ok(notice)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reason_is_needed() {
        assert!(check_reason("   ").is_err());
        assert_eq!(
            check_reason(" Outage on HFS's side ").unwrap(),
            "Outage on HFS's side"
        );
    }
}
