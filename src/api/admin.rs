//! HFS administrators' screens (users, MCOs, the State calendar) and the demo outbox
//! (docs/accounts.md).

use super::{get_all, get_page, Page};
use gloo_net::http::Method;
use rules::calendar::CalendarChange;
use rules::wire::accounts::{Mco, McoInput, NewStaffUser, OutboxMessage, RoleChange, UserSummary};

use super::{get, send_json, send_no_content, ApiResult};

/// `GET /api/admin/users`: `limit` users from `offset`, by username, and how many there are.
pub async fn users(limit: usize, offset: usize) -> ApiResult<Page<UserSummary>> {
    get_page("/api/admin/users", limit, offset).await
}

/// `GET /api/admin/users/{id}`.
pub async fn user(id: i64) -> ApiResult<UserSummary> {
    get(&format!("/api/admin/users/{id}")).await
}

/// `POST /api/admin/users`: a staff account.
pub async fn create_user(user: &NewStaffUser) -> ApiResult<UserSummary> {
    send_json(Method::POST, "/api/admin/users", user).await
}

/// `PUT /api/admin/users/{id}/role`: another staff role (the user is emailed).
pub async fn change_role(id: i64, change: &RoleChange) -> ApiResult<UserSummary> {
    send_json(Method::PUT, &format!("/api/admin/users/{id}/role"), change).await
}

/// `POST /api/admin/users/{id}/disable` (`enable == false`) or `.../enable`.
pub async fn set_user_enabled(id: i64, enable: bool) -> ApiResult<()> {
    let action = if enable { "enable" } else { "disable" };
    send_no_content::<()>(
        Method::POST,
        &format!("/api/admin/users/{id}/{action}"),
        None,
    )
    .await
}

/// `POST /api/admin/users/{id}/mfa-reset`: the user sets up two-step sign-in again.
pub async fn reset_two_step(id: i64) -> ApiResult<()> {
    send_no_content::<()>(
        Method::POST,
        &format!("/api/admin/users/{id}/mfa-reset"),
        None,
    )
    .await
}

/// `POST /api/admin/users/{id}/unlock`: the user's failed sign-ins are forgotten.
pub async fn unlock_user(id: i64) -> ApiResult<()> {
    send_no_content::<()>(Method::POST, &format!("/api/admin/users/{id}/unlock"), None).await
}

/// `GET /api/mcos`: every MCO, active or not.
pub async fn mcos() -> ApiResult<Vec<Mco>> {
    get("/api/mcos").await
}

/// `POST /api/admin/mcos`.
pub async fn create_mco(mco: &McoInput) -> ApiResult<Mco> {
    send_json(Method::POST, "/api/admin/mcos", mco).await
}

/// `PUT /api/admin/mcos/{id}`: rename, make active or inactive.
pub async fn update_mco(id: i64, mco: &McoInput) -> ApiResult<Mco> {
    send_json(Method::PUT, &format!("/api/admin/mcos/{id}"), mco).await
}

/// The answer to a calendar change: what it did, in a sentence, and every change now.
pub use rules::wire::CalendarChanged;

/// `GET /api/admin/calendar-changes`: in date order, all of them: the changes HFS makes to the
/// State calendar are a few a year, and the page shows the whole calendar they change (so not
/// paged: `docs/security.md`, V13).
pub async fn calendar_changes() -> ApiResult<Vec<CalendarChange>> {
    get_all("/api/admin/calendar-changes").await
}

/// `POST /api/admin/calendar-changes`: `{"kind":"add","date":..,"name":..}` closes offices that day.
pub async fn change_calendar(change: &CalendarChange) -> ApiResult<CalendarChanged> {
    send_json(Method::POST, "/api/admin/calendar-changes", change).await
}

/// `DELETE /api/admin/calendar-changes/{date}`: undoes HFS's change of that day.
pub async fn undo_calendar_change(date: chrono::NaiveDate) -> ApiResult<CalendarChanged> {
    send_json(
        Method::DELETE,
        &format!("/api/admin/calendar-changes/{date}"),
        &(),
    )
    .await
}

/// `GET /api/demo/outbox`: `limit` messages from `offset`, newest first; 404 unless the server
/// runs with `--demo`.
pub async fn outbox(limit: usize, offset: usize) -> ApiResult<Page<OutboxMessage>> {
    get_page("/api/demo/outbox", limit, offset).await
}

/// `GET /api/admin/outbox`: the outbox's messages with their states (no bodies).
pub async fn admin_outbox() -> ApiResult<rules::wire::mail::Outbox> {
    get("/api/admin/outbox").await
}

/// `GET /api/admin/mail-settings`: the reminders' lead times and the MCOs' mailboxes.
pub async fn mail_settings() -> ApiResult<rules::wire::mail::MailSettingsView> {
    get("/api/admin/mail-settings").await
}

/// `PUT /api/admin/mail-settings`.
pub async fn change_mail_settings(
    input: &rules::wire::mail::MailSettingsInput,
) -> ApiResult<rules::wire::mail::MailSettingsView> {
    send_json(Method::PUT, "/api/admin/mail-settings", input).await
}

/// `PUT /api/admin/mcos/{id}/mailbox`: the MCO's own address (empty: its users).
pub async fn set_mco_mailbox(
    id: i64,
    mailbox: &str,
) -> ApiResult<rules::wire::mail::MailSettingsView> {
    let body = rules::wire::mail::McoMailbox {
        mailbox: mailbox.to_owned(),
    };
    send_json(Method::PUT, &format!("/api/admin/mcos/{id}/mailbox"), &body).await
}
