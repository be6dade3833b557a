//! Drafts left alone (`docs/tickets.md`): a draft unchanged for 90 days is deleted, with its
//! files; its owner is told by email a week before (on day 83), and a draft is never deleted
//! less than a week after that email (a server that was down catches up without surprise). A
//! change to the draft starts the count again. Run with the clocks (`crate::clocks::spawn`).
//!
//! The email says when the draft was last changed and when it goes; no protected health
//! information (no member, no RIN, no claim).

use sqlx::{AnyPool, Row};

use crate::audit::{self, AuditEvent};
use crate::notices::draft_expiry as expiry_notice;

use rules::tickets::{
    DRAFT_KEPT_DAYS as EXPIRES_AFTER_DAYS, DRAFT_WARNED_DAYS_BEFORE as WARNED_DAYS_BEFORE,
};

const DAY_MS: i64 = 24 * 60 * 60 * 1000;

/// What one run did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct ExpiryReport {
    /// Drafts whose owners were told.
    pub warned: Vec<i64>,
    /// Drafts deleted.
    pub deleted: Vec<i64>,
}

/// Tells the owners of drafts about to expire, and deletes the expired ones, as of `now`
/// (milliseconds since the epoch, UTC).
pub async fn run(pool: &AnyPool, now: i64) -> Result<ExpiryReport, sqlx::Error> {
    let mut report = ExpiryReport::default();
    let warn_before = now - (EXPIRES_AFTER_DAYS - WARNED_DAYS_BEFORE) * DAY_MS;
    let rows = sqlx::query(
        "SELECT t.id, t.updated_at, u.email, f.name AS facility_name FROM tickets t \
         JOIN users u ON u.id = t.created_by LEFT JOIN facilities f \
         ON f.id = COALESCE(t.facility_id, CAST(json_extract(t.form_json, '$.facility_id') AS BIGINT)) \
         WHERE t.status = 'draft' AND t.updated_at <= $1 \
         AND (t.draft_expiry_warned_at IS NULL OR t.draft_expiry_warned_at < t.updated_at) \
         ORDER BY t.id",
    )
    .bind(warn_before)
    .fetch_all(pool)
    .await?;
    for row in &rows {
        let id: i64 = row.try_get("id")?;
        let updated_at: i64 = row.try_get("updated_at")?;
        let email: String = row.try_get("email")?;
        let facility: Option<String> = row.try_get("facility_name")?;
        let deleted_at =
            (updated_at + EXPIRES_AFTER_DAYS * DAY_MS).max(now + WARNED_DAYS_BEFORE * DAY_MS);
        let mut tx = pool.begin().await?;
        let marked = sqlx::query(
            "UPDATE tickets SET draft_expiry_warned_at = $1 \
             WHERE id = $2 AND status = 'draft' AND updated_at = $3",
        )
        .bind(now)
        .bind(id)
        .bind(updated_at)
        .execute(&mut *tx)
        .await?;
        if marked.rows_affected() == 1 {
            expiry_notice(updated_at, deleted_at, facility.as_deref())
                .send_to(&mut tx, &[&email])
                .await?;
            report.warned.push(id);
        }
        tx.commit().await?;
    }

    let expire_before = now - EXPIRES_AFTER_DAYS * DAY_MS;
    let told_before = now - WARNED_DAYS_BEFORE * DAY_MS;
    let ids: Vec<i64> = sqlx::query_scalar(
        "SELECT id FROM tickets WHERE status = 'draft' AND updated_at <= $1 \
         AND draft_expiry_warned_at IS NOT NULL AND draft_expiry_warned_at >= updated_at \
         AND draft_expiry_warned_at <= $2 ORDER BY id",
    )
    .bind(expire_before)
    .bind(told_before)
    .fetch_all(pool)
    .await?;
    for id in ids {
        let mut tx = pool.begin().await?;
        // As `DELETE /api/drafts/{id}` does: the audit entries stay; the files go with the row
        // (ON DELETE CASCADE).
        audit::record(&mut *tx, AuditEvent::portal("expired_draft").ticket(id)).await?;
        let deleted = sqlx::query(
            "DELETE FROM tickets WHERE id = $1 AND status = 'draft' AND updated_at <= $2",
        )
        .bind(id)
        .bind(expire_before)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        if deleted.rows_affected() == 1 {
            report.deleted.push(id);
        }
    }
    if !report.warned.is_empty() || !report.deleted.is_empty() {
        tracing::info!(
            warned = report.warned.len(),
            deleted = report.deleted.len(),
            "drafts: expiry emails sent and old drafts deleted"
        );
    }
    Ok(report)
}

/// [`run`] now, a failure logged (the next run tries again).
pub async fn run_now(pool: &AnyPool) {
    if let Err(error) = run(pool, crate::time::now_utc_millis()).await {
        tracing::error!(?error, "drafts: expiry run failed");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_notice_says_when_and_no_more() {
        let updated = 1_780_000_000_000;
        let message = expiry_notice(
            updated,
            updated + EXPIRES_AFTER_DAYS * DAY_MS,
            Some("Lakeside Clinic"),
        );
        assert!(message.body.contains("a draft ticket for Lakeside Clinic"));
        assert!(message.body.contains("will be deleted on"));
    }
}
