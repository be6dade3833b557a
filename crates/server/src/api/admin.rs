//! HFS administrators' screens (`docs/accounts.md`): users (`GET/POST /api/admin/users`,
//! `GET /api/admin/users/{id}`,
//! `POST /api/admin/users/{id}/disable|enable`, `PUT /api/admin/users/{id}/role`), the MCO list (`POST /api/admin/mcos`,
//! `PUT /api/admin/mcos/{id}`) and HFS's calendar changes (`GET/POST /api/admin/calendar-changes`,
//! `DELETE /api/admin/calendar-changes/{date}`, the same rules as the `calendar` command), and
//! email (`docs/email.md`): the outbox with each message's state (`GET /api/admin/outbox`), the
//! reminders' lead times (`GET/PUT /api/admin/mail-settings`) and an MCO's own mailbox
//! (`PUT /api/admin/mcos/{id}/mailbox`).
//!
//! May import: any module below `api` (not `cli`, `demo`, `fallback`), `api::body`, `api::fields`.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::{delete, get, post, put};
use axum::{Json, Router};
use chrono::NaiveDate;
use rules::calendar::{Calendar, CalendarChange};
use rules::wire::accounts::{
    AccountStatus, Mco, McoInput, NewStaffUser, Role, RoleChange, UserSummary,
};
use rules::wire::mail::{MailSettingsInput, MailSettingsView, McoMailbox, McoMailboxEntry, Outbox};
use sqlx::{AnyPool, Row};

use crate::api::body::JsonBody;
use crate::api::fields::unknown_fields;
use crate::api::paging::{Paged, Paging};
use crate::audit::{self, AuditEvent};
use crate::auth::{self, Admin, CurrentUser};
use crate::calendar_store::{self, added_message, removed_message, ChangeError};
use crate::error::{ApiError, FieldErrors, ResultExt};
use crate::notices;
use crate::outbox;
use crate::settings;
use crate::state::AppState;
use crate::time::{date_message, parse_date};
use crate::users;
use serde_json::{Map, Value};

/// The refusal of an MCO name already in the list.
pub const MCO_NAME_TAKEN: &str = "An MCO with this name already exists";
/// The refusal of a username already taken.
pub const USERNAME_TAKEN: &str = "This username is already taken: choose another";

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/admin/users", get(list_users).post(create_user))
        .route("/admin/users/{id}", get(get_user))
        .route("/admin/users/{id}/disable", post(disable_user))
        .route("/admin/users/{id}/enable", post(enable_user))
        .route("/admin/users/{id}/role", put(change_role))
        .route("/admin/mcos", post(create_mco))
        .route("/admin/mcos/{id}", put(update_mco))
        .route("/admin/mcos/{id}/mailbox", put(set_mco_mailbox))
        .route("/admin/outbox", get(admin_outbox))
        .route(
            "/admin/mail-settings",
            get(mail_settings).put(change_mail_settings),
        )
        .route(
            "/admin/calendar-changes",
            get(list_calendar_changes).post(change_calendar),
        )
        .route(
            "/admin/calendar-changes/{date}",
            delete(undo_calendar_change),
        )
}

// ---------------------------------------------------------------------------------------------
// Users

const SUMMARY_SELECT: &str = "SELECT u.id, u.username, u.email, u.role, u.status, u.first_name, \
       u.last_name, m.id AS mco_id, m.name AS mco_name, m.active AS mco_active, m.short_name AS mco_short_name, \
       (SELECT COUNT(*) FROM user_facilities uf WHERE uf.user_id = u.id) AS facilities, \
       u.mfa_secret IS NOT NULL AS mfa_enrolled \
     FROM users u LEFT JOIN mcos m ON m.id = u.mco_id";

fn summary(row: &sqlx::any::AnyRow) -> Result<UserSummary, ApiError> {
    let username: String = row.try_get("username")?;
    let role_text: String = row.try_get("role")?;
    let status_text: String = row.try_get("status")?;
    let (Some(role), Some(status)) = (Role::parse(&role_text), users::parse_status(&status_text))
    else {
        return Err(ApiError::Database(sqlx::Error::Decode(
            format!("users: unknown role {role_text:?} or status {status_text:?}").into(),
        )));
    };
    let mco_id: Option<i64> = row.try_get("mco_id")?;
    let mco = match mco_id {
        Some(id) => Some(Mco {
            id,
            name: row.try_get("mco_name")?,
            active: crate::db::flag(row, "mco_active")?,
            short_name: row.try_get("mco_short_name")?,
        }),
        None => None,
    };
    let first: String = row.try_get("first_name")?;
    let last: String = row.try_get("last_name")?;
    let facilities: i64 = row.try_get("facilities")?;
    Ok(UserSummary {
        id: row.try_get("id")?,
        display_name: users::display_name(&first, &last, &username),
        username,
        email: row.try_get("email")?,
        role,
        status,
        mco,
        facilities: u32::try_from(facilities).unwrap_or(u32::MAX),
        mfa_enrolled: crate::db::flag(row, "mfa_enrolled")?,
    })
}

async fn user_summary(pool: &AnyPool, id: i64) -> Result<Option<UserSummary>, ApiError> {
    let row = sqlx::query(&format!("{SUMMARY_SELECT} WHERE u.id = $1"))
        .bind(id)
        .fetch_optional(pool)
        .await?;
    row.as_ref().map(summary).transpose()
}

/// `GET /api/admin/users`: every user, by username.
async fn list_users(
    State(state): State<AppState>,
    user: CurrentUser,
    paging: Paging,
) -> Result<Paged<UserSummary>, ApiError> {
    user.require_admin()?;
    let rows = sqlx::query(&format!(
        "{SUMMARY_SELECT} ORDER BY u.username COLLATE NOCASE"
    ))
    .fetch_all(&state.pool)
    .await?;
    Ok(paging.page(rows.iter().map(summary).collect::<Result<_, _>>()?))
}

/// `GET /api/admin/users/{id}`: one user (the page that changes a role), 404 when there is none.
async fn get_user(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Json<UserSummary>, ApiError> {
    user.require_admin()?;
    let row = sqlx::query(&format!("{SUMMARY_SELECT} WHERE u.id = $1"))
        .bind(id)
        .fetch_optional(&state.pool)
        .await?;
    match row {
        Some(row) => Ok(Json(summary(&row)?)),
        None => Err(ApiError::NotFound),
    }
}

/// `POST /api/admin/users`: `NewStaffUser` -> 201 `UserSummary`.
async fn create_user(
    State(state): State<AppState>,
    Admin(admin): Admin,
    JsonBody(input): JsonBody<NewStaffUser>,
) -> Result<(StatusCode, Json<UserSummary>), ApiError> {
    let mut errors = FieldErrors::new();
    let checked = match rules::accounts::check_staff_user(&input) {
        Ok(checked) => Some(checked),
        Err(problems) => {
            errors.merge(problems.into());
            None
        }
    };
    // What only the server can check (the rules check the shape; these hold whatever they say).
    if input.role == Role::Provider && !errors.contains("role") {
        errors.add(
            "role",
            "Providers and billing agents register themselves: choose MCO staff, HFS staff or HFS administrator",
        );
    }
    if let (Role::Mco, Some(id)) = (input.role, input.mco_id) {
        if !errors.contains("mco_id") && users::mco(&state.pool, id).await?.is_none() {
            errors.add("mco_id", "Choose an MCO from the list");
        }
    }
    let username = checked
        .as_ref()
        .map_or(input.username.as_str(), |c| c.username.as_str());
    if !errors.contains("username") && users::username_taken(&state.pool, username).await? {
        errors.add("username", USERNAME_TAKEN);
    }
    errors.into_result()?;
    let Some(checked) = checked else {
        return Err(FieldErrors::one("body", "Check the user's details").into());
    };

    let phc = auth::hash_password_async(checked.password.clone()).await;
    let id = users::insert_staff_user(&state.pool, &checked, &phc)
        .await
        // Taken between the check and the insert.
        .on_unique_violation("username", USERNAME_TAKEN)?;
    tracing::info!(
        admin_id = admin.id,
        user_id = id,
        role = checked.role.as_str(),
        "staff user created"
    );
    audit::record(
        &state.pool,
        AuditEvent::by(admin.id, "user_created").detail(format!(
            "user {id} ({}), role {}",
            checked.username,
            checked.role.as_str()
        )),
    )
    .await?;
    let created = user_summary(&state.pool, id)
        .await?
        .ok_or(ApiError::NotFound)?;
    Ok((StatusCode::CREATED, Json(created)))
}

/// "user 12 (jsmith)" in an audit entry's detail.
fn user_ref(id: i64) -> String {
    format!("user {id}")
}

/// `POST /api/admin/users/{id}/disable`: 204; the user's sessions end.
async fn disable_user(
    State(state): State<AppState>,
    admin: CurrentUser,
    Path(id): Path<i64>,
) -> Result<StatusCode, ApiError> {
    admin.require_admin()?;
    if id == admin.id {
        return Err(ApiError::conflict("You cannot disable your own account"));
    }
    let mut tx = state.pool.begin().await?;
    let updated = sqlx::query("UPDATE users SET status = 'disabled' WHERE id = $1")
        .bind(id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
    if updated == 0 {
        return Err(ApiError::NotFound);
    }
    sqlx::query("DELETE FROM sessions WHERE user_id = $1")
        .bind(id)
        .execute(&mut *tx)
        .await?;
    audit::record(
        &mut *tx,
        AuditEvent::by(admin.id, "user_disabled").detail(user_ref(id)),
    )
    .await?;
    tx.commit().await?;
    tracing::info!(
        admin_id = admin.id,
        user_id = id,
        "user disabled; sessions ended"
    );
    Ok(StatusCode::NO_CONTENT)
}

/// `POST /api/admin/users/{id}/enable`: 204. The status comes back from what is stored: staff
/// `approved`; a provider where the registration stands (no profile sent: `profile_needed`; sent
/// and not decided since: `pending`; decided: `denied` with a reason, else `approved`).
async fn enable_user(
    State(state): State<AppState>,
    admin: CurrentUser,
    Path(id): Path<i64>,
) -> Result<StatusCode, ApiError> {
    admin.require_admin()?;
    let row = sqlx::query(
        "SELECT role, status, requested_on, decided_on, denial_reason FROM users WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(&state.pool)
    .await?
    .ok_or(ApiError::NotFound)?;
    let status: String = row.try_get("status")?;
    if status != "disabled" {
        return Ok(StatusCode::NO_CONTENT);
    }
    let role: String = row.try_get("role")?;
    let requested_on: Option<String> = row.try_get("requested_on")?;
    let decided_on: Option<String> = row.try_get("decided_on")?;
    let denial_reason: Option<String> = row.try_get("denial_reason")?;
    let restored = if role != "provider" {
        AccountStatus::Approved
    } else {
        match (requested_on, decided_on) {
            (None, _) => AccountStatus::ProfileNeeded,
            (Some(_), None) => AccountStatus::Pending,
            (Some(requested), Some(decided)) if requested > decided => AccountStatus::Pending,
            _ if denial_reason.is_some() => AccountStatus::Denied,
            _ => AccountStatus::Approved,
        }
    };
    sqlx::query("UPDATE users SET status = $1 WHERE id = $2")
        .bind(users::status_str(restored))
        .bind(id)
        .execute(&state.pool)
        .await?;
    tracing::info!(admin_id = admin.id, user_id = id, "user enabled");
    audit::record(
        &state.pool,
        AuditEvent::by(admin.id, "user_enabled").detail(user_ref(id)),
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `PUT /api/admin/users/{id}/role` with a `RoleChange`: 200 `UserSummary`. Between staff roles
/// only (`rules::accounts::check_role_change`); an administrator cannot change their own role
/// (409). In one transaction: the role (and MCO), every session of the user gets a new id at its
/// next request and answers with the new rights from then on, the audit entry (`role_changed`,
/// "user 12 (jsmith): hfs_staff -> hfs_admin"), and the email to the user.
async fn change_role(
    State(state): State<AppState>,
    Admin(admin): Admin,
    Path(id): Path<i64>,
    JsonBody(input): JsonBody<RoleChange>,
) -> Result<Json<UserSummary>, ApiError> {
    if id == admin.id {
        return Err(ApiError::conflict(
            "You cannot change your own role: ask another HFS administrator",
        ));
    }
    let mut tx = state.pool.begin().await?;
    let row = sqlx::query(
        "SELECT u.username, u.email, u.role, u.mco_id, m.name AS mco_name \
         FROM users u LEFT JOIN mcos m ON m.id = u.mco_id WHERE u.id = $1",
    )
    .bind(id)
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(ApiError::NotFound)?;
    let username: String = row.try_get("username")?;
    let email: String = row.try_get("email")?;
    let old_role = Role::parse(&row.try_get::<String, _>("role")?)
        .ok_or(ApiError::Internal("a user's stored role is unknown"))?;
    let old_mco: Option<i64> = row.try_get("mco_id")?;
    let old_mco_name: Option<String> = row.try_get("mco_name")?;
    let mut errors: FieldErrors =
        match rules::accounts::check_role_change(&input, Some((old_role, old_mco))) {
            Ok(()) => FieldErrors::new(),
            Err(problems) => problems.into(),
        };
    let new_mco = match input.mco_id {
        Some(mco_id) if !errors.contains("mco_id") => {
            let mco = users::mco(&state.pool, mco_id).await?;
            if mco.is_none() {
                errors.add("mco_id", "Choose an MCO from the list");
            }
            mco
        }
        _ => None,
    };
    errors.into_result()?;
    sqlx::query("UPDATE users SET role = $1, mco_id = $2 WHERE id = $3")
        .bind(input.role.as_str())
        .bind(input.mco_id)
        .bind(id)
        .execute(&mut *tx)
        .await?;
    // The rights changed: new session ids, and the new role applies from the next request.
    auth::rotate_sessions(&mut *tx, id).await?;
    let describe = |role: Role, mco: Option<i64>| match mco {
        Some(mco) => format!("{} (MCO {mco})", role.as_str()),
        None => role.as_str().to_owned(),
    };
    audit::record(
        &mut *tx,
        AuditEvent::by(admin.id, "role_changed").detail(format!(
            "user {id} ({username}): {} -> {}",
            describe(old_role, old_mco),
            describe(input.role, input.mco_id)
        )),
    )
    .await?;
    let words = |role: Role, mco: Option<&str>| match mco {
        Some(name) if role == Role::Mco => format!("{} ({name})", role.label()),
        _ => role.label().to_owned(),
    };
    notices::role_changed(
        &username,
        &words(old_role, old_mco_name.as_deref()),
        &words(input.role, new_mco.as_ref().map(|m| m.name.as_str())),
        crate::auth::mfa::required_for(input.role),
    )
    .send_to(&mut tx, &[&email])
    .await?;
    tx.commit().await?;
    tracing::info!(
        admin_id = admin.id,
        user_id = id,
        role = input.role.as_str(),
        "role changed; sessions to rotate"
    );
    let changed = user_summary(&state.pool, id)
        .await?
        .ok_or(ApiError::NotFound)?;
    Ok(Json(changed))
}

// ---------------------------------------------------------------------------------------------
// MCOs

/// Saves `input` as MCO `id` (or a new one): the MCO, or 422 for a missing or taken name.
async fn save_mco(pool: &AnyPool, id: Option<i64>, input: &McoInput) -> Result<Mco, ApiError> {
    let name = rules::accounts::check_mco_name(&input.name)
        .map_err(|why| FieldErrors::one("name", why))?;
    let taken = sqlx::query("SELECT 1 FROM mcos WHERE name = $1 AND id IS DISTINCT FROM $2")
        .bind(&name)
        .bind(id)
        .fetch_optional(pool)
        .await?
        .is_some();
    if taken {
        return Err(FieldErrors::one("name", MCO_NAME_TAKEN).into());
    }
    let saved: Result<Option<i64>, sqlx::Error> = match id {
        None => sqlx::query_scalar("INSERT INTO mcos (name, active) VALUES ($1, $2) RETURNING id")
            .bind(&name)
            .bind(i64::from(input.active))
            .fetch_one(pool)
            .await
            .map(Some),
        Some(id) => {
            sqlx::query_scalar("UPDATE mcos SET name = $1, active = $2 WHERE id = $3 RETURNING id")
                .bind(&name)
                .bind(i64::from(input.active))
                .bind(id)
                .fetch_optional(pool)
                .await
        }
    };
    let id = saved
        // Taken between the check and the write.
        .on_unique_violation("name", MCO_NAME_TAKEN)?
        .ok_or(ApiError::NotFound)?;
    // As stored (with the short name, which this form does not change).
    users::mco(pool, id).await?.ok_or(ApiError::NotFound)
}

/// `POST /api/admin/mcos`: 201 `Mco`.
async fn create_mco(
    State(state): State<AppState>,
    Admin(admin): Admin,
    JsonBody(input): JsonBody<McoInput>,
) -> Result<(StatusCode, Json<Mco>), ApiError> {
    let mco = save_mco(&state.pool, None, &input).await?;
    tracing::info!(admin_id = admin.id, mco_id = mco.id, "MCO added");
    audit::record(
        &state.pool,
        AuditEvent::by(admin.id, "mco_created").detail(format!("MCO {} ({})", mco.id, mco.name)),
    )
    .await?;
    Ok((StatusCode::CREATED, Json(mco)))
}

/// `PUT /api/admin/mcos/{id}`: 200 `Mco`; 404.
async fn update_mco(
    State(state): State<AppState>,
    Admin(admin): Admin,
    Path(id): Path<i64>,
    JsonBody(input): JsonBody<McoInput>,
) -> Result<Json<Mco>, ApiError> {
    let mco = save_mco(&state.pool, Some(id), &input).await?;
    tracing::info!(admin_id = admin.id, mco_id = mco.id, "MCO changed");
    audit::record(
        &state.pool,
        AuditEvent::by(admin.id, "mco_changed").detail(format!(
            "MCO {} ({}), {}",
            mco.id,
            mco.name,
            if mco.active { "active" } else { "inactive" }
        )),
    )
    .await?;
    Ok(Json(mco))
}

// ---------------------------------------------------------------------------------------------
// Calendar changes

pub use rules::wire::CalendarChanged;

/// `GET /api/admin/calendar-changes`: `[CalendarChange]` in date order
/// (`{"kind":"add","date":"2026-12-24","name":"..."}`, `{"kind":"remove","date":"2026-10-12"}`).
async fn list_calendar_changes(
    State(state): State<AppState>,
    admin: CurrentUser,
    paging: Paging,
) -> Result<Paged<CalendarChange>, ApiError> {
    admin.require_admin()?;
    Ok(paging.page(calendar_store::load_changes(&state.pool).await?))
}

fn change_error(error: ChangeError) -> ApiError {
    match error {
        ChangeError::BadName(why) => FieldErrors::one("name", why).into(),
        ChangeError::Database(e) => e.into(),
        other => FieldErrors::one("date", other.to_string()).into(),
    }
}

/// A date from the body or the path, as the CLI takes it.
fn date_field(value: Option<&Value>) -> Result<NaiveDate, FieldErrors> {
    let text = value.and_then(|v| v.as_str()).unwrap_or("");
    parse_date(text).map_err(|problem| {
        let message = rules::forms::sentence_start(&date_message("the date", problem));
        FieldErrors::one("date", message)
    })
}

/// `POST /api/admin/calendar-changes`: `{"kind":"add","date":..,"name":..}` closes State offices
/// that day (or restores a State holiday HFS removed); `{"kind":"remove","date":..}` opens them (a
/// State holiday removed, or an added closure withdrawn). 200 `CalendarChanged`; 422.
async fn change_calendar(
    State(state): State<AppState>,
    Admin(admin): Admin,
    JsonBody(map): JsonBody<Map<String, Value>>,
) -> Result<Json<CalendarChanged>, ApiError> {
    let mut errors = FieldErrors::new();
    let kind = map.get("kind").and_then(|v| v.as_str());
    let allowed: &[&str] = match kind {
        Some("add") => &["kind", "date", "name"],
        Some("remove") => &["kind", "date"],
        _ => {
            errors.add(
                "kind",
                "Choose add (close offices) or remove (open offices)",
            );
            &["kind", "date", "name"]
        }
    };
    unknown_fields(&map, allowed, &mut errors);
    let date = date_field(map.get("date"))
        .map_err(|e| errors.merge(e))
        .ok();
    let name = if kind == Some("add") {
        let typed = map.get("name").and_then(|v| v.as_str()).unwrap_or("");
        calendar_store::closure_name(typed)
            .map_err(|e| errors.merge(FieldErrors::one("name", e.to_string())))
            .ok()
    } else {
        None
    };
    errors.into_result()?;
    let date = date.expect("checked");

    let message = match name {
        Some(name) => {
            let added = calendar_store::add_closure(&state.pool, date, &name)
                .await
                .map_err(change_error)?;
            added_message(date, &name, &added)
        }
        None => {
            let removed = calendar_store::remove_closure(&state.pool, date)
                .await
                .map_err(change_error)?;
            removed_message(date, &removed)
        }
    };
    tracing::info!(admin_id = admin.id, %date, "calendar changed");
    audit::record(
        &state.pool,
        AuditEvent::by(admin.id, "calendar_changed").detail(message.clone()),
    )
    .await?;
    Ok(Json(CalendarChanged {
        message,
        changes: calendar_store::load_changes(&state.pool).await?,
    }))
}

/// `DELETE /api/admin/calendar-changes/{date}`: undoes HFS's change of that day (an added closure
/// is withdrawn, a removed State holiday is a holiday again). 200 `CalendarChanged`; 404 when the
/// day has no change.
async fn undo_calendar_change(
    State(state): State<AppState>,
    admin: CurrentUser,
    Path(date): Path<String>,
) -> Result<Json<CalendarChanged>, ApiError> {
    admin.require_admin()?;
    let date = date_field(Some(&Value::String(date)))?;
    let changes = calendar_store::load_changes(&state.pool).await?;
    let change = changes.iter().find(|change| match change {
        CalendarChange::Add { date: d, .. } | CalendarChange::Remove { date: d } => *d == date,
    });
    let message = match change {
        None => return Err(ApiError::NotFound),
        Some(CalendarChange::Add { .. }) => {
            let removed = calendar_store::remove_closure(&state.pool, date)
                .await
                .map_err(change_error)?;
            removed_message(date, &removed)
        }
        Some(CalendarChange::Remove { .. }) => match Calendar::standard().holiday_name(date) {
            Some(holiday) => {
                let added = calendar_store::add_closure(&state.pool, date, &holiday)
                    .await
                    .map_err(change_error)?;
                added_message(date, &holiday, &added)
            }
            // A removal of a day that is no State holiday changes nothing; it only goes away.
            None => {
                sqlx::query("DELETE FROM calendar_changes WHERE date = $1 AND kind = 'remove'")
                    .bind(date.to_string())
                    .execute(&state.pool)
                    .await?;
                format!(
                    "The change of {} is removed (it had no effect).",
                    rules::dates::long_date(date)
                )
            }
        },
    };
    tracing::info!(admin_id = admin.id, %date, "calendar change undone");
    audit::record(
        &state.pool,
        AuditEvent::by(admin.id, "calendar_changed").detail(message.clone()),
    )
    .await?;
    Ok(Json(CalendarChanged {
        message,
        changes: calendar_store::load_changes(&state.pool).await?,
    }))
}

// ---------------------------------------------------------------------------------------------
// Email

/// `GET /api/admin/outbox`: `Outbox` (the newest 200 messages, no bodies).
async fn admin_outbox(
    State(state): State<AppState>,
    Admin(_admin): Admin,
) -> Result<Json<Outbox>, ApiError> {
    let mut conn = state.pool.acquire().await?;
    Ok(Json(
        outbox::admin_view(&mut conn, state.mail.sending, 200).await?,
    ))
}

async fn mail_settings_view(state: &AppState) -> Result<MailSettingsView, ApiError> {
    let rows = sqlx::query("SELECT id, name, mailbox FROM mcos ORDER BY name")
        .fetch_all(&state.pool)
        .await?;
    let mco_mailboxes = rows
        .iter()
        .map(|row| {
            Ok(McoMailboxEntry {
                mco_id: row.try_get("id")?,
                name: row.try_get("name")?,
                mailbox: row.try_get("mailbox")?,
            })
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()?;
    Ok(MailSettingsView {
        reminder_lead_days: settings::reminder_leads(&state.pool).await?,
        mco_mailboxes,
        hfs_mailbox: state.mail.hfs_mailbox.clone(),
    })
}

/// `GET /api/admin/mail-settings`: `MailSettingsView`.
async fn mail_settings(
    State(state): State<AppState>,
    Admin(_admin): Admin,
) -> Result<Json<MailSettingsView>, ApiError> {
    Ok(Json(mail_settings_view(&state).await?))
}

/// `PUT /api/admin/mail-settings` `{"reminder_lead_days": [2, 0]}`: 200 `MailSettingsView`;
/// 422 field `reminder_lead_days`.
async fn change_mail_settings(
    State(state): State<AppState>,
    Admin(admin): Admin,
    JsonBody(input): JsonBody<MailSettingsInput>,
) -> Result<Json<MailSettingsView>, ApiError> {
    let leads = settings::check_leads(&input.reminder_lead_days)
        .map_err(|why| FieldErrors::one("reminder_lead_days", why))?;
    settings::set_reminder_leads(&state.pool, &leads).await?;
    tracing::info!(admin_id = admin.id, ?leads, "reminder lead times changed");
    audit::record(
        &state.pool,
        AuditEvent::by(admin.id, "mail_settings_changed")
            .detail(format!("reminder lead days {leads:?}")),
    )
    .await?;
    Ok(Json(mail_settings_view(&state).await?))
}

/// `PUT /api/admin/mcos/{id}/mailbox` `{"mailbox": "..."}` (empty: the MCO's users): 200
/// `MailSettingsView`; 404; 422 field `mailbox`.
async fn set_mco_mailbox(
    State(state): State<AppState>,
    Admin(admin): Admin,
    Path(id): Path<i64>,
    JsonBody(input): JsonBody<McoMailbox>,
) -> Result<Json<MailSettingsView>, ApiError> {
    let mailbox = match input.mailbox.trim() {
        "" => None,
        text => Some(
            rules::accounts::check_email(text, "Enter the MCO's email address")
                .map_err(|why| FieldErrors::one("mailbox", why))?,
        ),
    };
    let changed = sqlx::query("UPDATE mcos SET mailbox = $1 WHERE id = $2")
        .bind(mailbox)
        .bind(id)
        .execute(&state.pool)
        .await?
        .rows_affected();
    if changed != 1 {
        return Err(ApiError::NotFound);
    }
    tracing::info!(admin_id = admin.id, mco_id = id, "MCO mailbox changed");
    audit::record(
        &state.pool,
        AuditEvent::by(admin.id, "mco_changed").detail(format!("MCO {id}: mailbox")),
    )
    .await?;
    Ok(Json(mail_settings_view(&state).await?))
}
