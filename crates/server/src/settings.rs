//! The settings HFS administrators change in the portal (the `settings` table): the reminders'
//! lead times (`docs/email.md`, "Reminders").
//!
//! May import: nothing of this crate.

use sqlx::AnyExecutor;

/// The reminders when HFS set none: two business days before a due date, and on its morning.
pub const DEFAULT_REMINDER_LEADS: [u32; 2] = [2, 0];
/// The most reminders per due date, and the longest lead (business days).
pub const MAX_REMINDERS: usize = 3;
pub const MAX_LEAD_DAYS: u32 = 10;

/// The reminders' lead times in business days before the due date (0: its morning), largest
/// first, without repeats.
pub async fn reminder_leads<'e, E: AnyExecutor<'e>>(executor: E) -> Result<Vec<u32>, sqlx::Error> {
    let value: Option<String> =
        sqlx::query_scalar("SELECT value FROM settings WHERE key = 'reminder_lead_days'")
            .fetch_optional(executor)
            .await?;
    Ok(match value {
        Some(text) => parse_leads(&text).unwrap_or_else(|_| DEFAULT_REMINDER_LEADS.to_vec()),
        None => DEFAULT_REMINDER_LEADS.to_vec(),
    })
}

/// Stores the lead times (checked by [`check_leads`]).
pub async fn set_reminder_leads<'e, E: AnyExecutor<'e>>(
    executor: E,
    leads: &[u32],
) -> Result<(), sqlx::Error> {
    let text = leads
        .iter()
        .map(u32::to_string)
        .collect::<Vec<_>>()
        .join(",");
    sqlx::query(
        "INSERT INTO settings (key, value) VALUES ('reminder_lead_days', $1) \
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    )
    .bind(text)
    .execute(executor)
    .await?;
    Ok(())
}

/// The lead times HFS may set, sorted largest first, or what is wrong: none to 3 values, each from 0
/// to [`MAX_LEAD_DAYS`] business days, no value twice. An empty list turns reminders off.
pub fn check_leads(leads: &[u32]) -> Result<Vec<u32>, String> {
    if leads.len() > MAX_REMINDERS {
        return Err(format!("Choose at most {MAX_REMINDERS} reminders."));
    }
    if let Some(n) = leads.iter().find(|&&n| n > MAX_LEAD_DAYS) {
        return Err(format!(
            "{n} is too many: a reminder goes out at most {MAX_LEAD_DAYS} business days before the due date."
        ));
    }
    let mut sorted = leads.to_vec();
    sorted.sort_unstable_by(|a, b| b.cmp(a));
    sorted.dedup();
    if sorted.len() != leads.len() {
        return Err("Give each number of days once.".to_owned());
    }
    Ok(sorted)
}

fn parse_leads(text: &str) -> Result<Vec<u32>, String> {
    let leads: Vec<u32> = text
        .split(',')
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(|t| t.parse::<u32>().map_err(|e| e.to_string()))
        .collect::<Result<_, _>>()?;
    check_leads(&leads)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leads_are_checked_and_sorted() {
        assert_eq!(check_leads(&[0, 2]), Ok(vec![2, 0]));
        assert_eq!(check_leads(&[]), Ok(vec![]));
        assert!(check_leads(&[1, 1]).is_err());
        assert!(check_leads(&[11]).is_err());
        assert!(check_leads(&[0, 1, 2, 3]).is_err());
        assert_eq!(parse_leads("2,0"), Ok(vec![2, 0]));
    }
}
