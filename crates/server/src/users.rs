//! The accounts store: creating users, their status as stored, their facilities, their MCO, and
//! the name they are shown by. Shared by the handlers, the sessions and the command line.
//!
//! May import: `error`, `time`.

use rules::wire::accounts::{AccountStatus, Facility, Mco, NewStaffUser, Role};
use sqlx::{AnyPool, Row};

use crate::error::ApiError;
use crate::time::now_utc_millis;

/// Whether a user has this username (case-insensitive).
pub async fn username_taken(pool: &AnyPool, username: &str) -> Result<bool, sqlx::Error> {
    Ok(sqlx::query("SELECT 1 FROM users WHERE username = $1")
        .bind(username.trim())
        .fetch_optional(pool)
        .await?
        .is_some())
}

/// Stores a checked staff account (status `approved`, its email taken as confirmed: the admin who
/// made it typed it) with the password's PHC string; its id.
pub async fn insert_staff_user(
    pool: &AnyPool,
    user: &NewStaffUser,
    phc: &str,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO users (username, email, password_hash, role, status, mco_id, first_name, \
           last_name, created_at, email_confirmed_at, contact_email_confirmed_at) \
         VALUES ($1, $2, $3, $4, 'approved', $5, $6, $7, $8, $8, $8) RETURNING id",
    )
    .bind(&user.username)
    .bind(&user.email)
    .bind(phc)
    .bind(user.role.as_str())
    .bind(user.mco_id.filter(|_| user.role == Role::Mco))
    .bind(&user.first_name)
    .bind(&user.last_name)
    .bind(now_utc_millis())
    .fetch_one(pool)
    .await
}

/// Stores a new provider account (status `profile_needed`: the profile comes next; its email not
/// confirmed yet) with the password's PHC string; its id.
pub async fn insert_provider<'e, E: sqlx::AnyExecutor<'e>>(
    executor: E,
    username: &str,
    email: &str,
    phc: &str,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO users (username, email, password_hash, role, status, created_at) \
         VALUES ($1, $2, $3, 'provider', 'profile_needed', $4) RETURNING id",
    )
    .bind(username)
    .bind(email)
    .bind(phc)
    .bind(now_utc_millis())
    .fetch_one(executor)
    .await
}

/// The status as stored (`profile_needed`, `pending`, ...).
pub fn parse_status(text: &str) -> Option<AccountStatus> {
    Some(match text {
        "profile_needed" => AccountStatus::ProfileNeeded,
        "pending" => AccountStatus::Pending,
        "approved" => AccountStatus::Approved,
        "denied" => AccountStatus::Denied,
        "disabled" => AccountStatus::Disabled,
        _ => return None,
    })
}

/// The status as stored.
pub fn status_str(status: AccountStatus) -> &'static str {
    match status {
        AccountStatus::ProfileNeeded => "profile_needed",
        AccountStatus::Pending => "pending",
        AccountStatus::Approved => "approved",
        AccountStatus::Denied => "denied",
        AccountStatus::Disabled => "disabled",
    }
}

/// The facilities of `user_id`, first attached first.
pub async fn user_facilities(pool: &AnyPool, user_id: i64) -> Result<Vec<Facility>, ApiError> {
    let rows = sqlx::query(
        "SELECT f.id, f.name, f.facility_type, f.medicaid_id, f.npi \
         FROM user_facilities uf JOIN facilities f ON f.id = uf.facility_id \
         WHERE uf.user_id = $1 ORDER BY uf.added_at, f.id",
    )
    .bind(user_id)
    .fetch_all(pool)
    .await?;
    rows.into_iter()
        .map(|row| {
            let npi: String = row.try_get("npi")?;
            Ok(Facility {
                id: row.try_get("id")?,
                name: row.try_get("name")?,
                facility_type: row.try_get("facility_type")?,
                medicaid_id: row.try_get("medicaid_id")?,
                npi: (!npi.is_empty()).then_some(npi),
            })
        })
        .collect::<Result<_, sqlx::Error>>()
        .map_err(ApiError::from)
}

/// An MCO of the list.
pub async fn mco(pool: &AnyPool, id: i64) -> Result<Option<Mco>, ApiError> {
    let row = sqlx::query("SELECT id, name, active, short_name FROM mcos WHERE id = $1")
        .bind(id)
        .fetch_optional(pool)
        .await?;
    Ok(row
        .map(|row| -> Result<Mco, sqlx::Error> {
            Ok(Mco {
                id: row.try_get("id")?,
                name: row.try_get("name")?,
                active: crate::db::flag(&row, "active")?,
                short_name: row.try_get("short_name")?,
            })
        })
        .transpose()?)
}

/// "First Last", or `username` while the name is empty.
pub fn display_name(first: &str, last: &str, username: &str) -> String {
    let name = format!("{} {}", first.trim(), last.trim());
    let name = name.trim();
    if name.is_empty() {
        username.to_owned()
    } else {
        name.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_names() {
        assert_eq!(display_name(" Ana ", "Ruiz", "ana1"), "Ana Ruiz");
        assert_eq!(display_name("", "", "ana1"), "ana1");
        assert_eq!(display_name("", "Ruiz", "ana1"), "Ruiz");
    }
}
