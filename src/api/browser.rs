//! The calls every page's shell makes (who is signed in, whether the server runs in demo mode,
//! signing out), and the public reads of the eligibility checker (the MCOs' dispute information)
//! and the statistics page, with the browser's own `fetch` and `JSON.parse` instead of `gloo-net` and
//! `serde_json`: a public
//! entry app whose pages call nothing else then links none of that machinery (about 10 KB of its
//! first download). The fields are read by the names `rules::wire` gives them on the wire
//! (`tests/accounts.rs` checks the two agree).

use js_sys::{Array, Reflect};
use rules::mco_disputes::McoDispute;
use rules::wire::accounts::{AccountStatus, Facility, Mco, Role, Session};
use rules::wire::sanctions::{NoticeFine, NoticeStatus, SanctionNotice};
use rules::wire::statistics::{
    ComplaintTypeRow, Counts, McoRow, MonthRow, Outcomes, ProviderTypeRow, Statistics, TotalsRow,
};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use rules::wire::accounts::{
    EmailConfirmation, MfaCode, NewAccount, PasswordResetComplete, PasswordResetRequest, Profile,
    Registration, RegistrationStep, SavedAnswers, SignIn,
};
use rules::wire::ErrorBody;

use super::{activity, ApiError, ApiResult, Page};

/// An answer: its status, and for a 2xx, 409, 422 or 429 with a body, its JSON body and its
/// `X-Total-Count`.
struct Answer {
    status: u16,
    body: JsValue,
    total: Option<usize>,
}

/// `method path` (a mutating one with the header the server requires).
async fn fetch(method: &str, path: &str) -> ApiResult<Answer> {
    request(method, path, None).await
}

/// `method path` with `body` (a JSON object, [`object`]) if any.
async fn request(method: &str, path: &str, body: Option<&JsValue>) -> ApiResult<Answer> {
    let network = |_| ApiError::Failed("the network failed".into());
    let init = web_sys::RequestInit::new();
    init.set_method(method);
    if method != "GET" {
        let headers = js_sys::Object::new();
        let _ = Reflect::set(&headers, &"X-Requested-With".into(), &"portal-app".into());
        if let Some(body) = body {
            let _ = Reflect::set(&headers, &"Content-Type".into(), &"application/json".into());
            let text = js_sys::JSON::stringify(body).map_err(network)?;
            init.set_body(&text);
        }
        init.set_headers(&headers);
    }
    let promise = leptos::prelude::window().fetch_with_str_and_init(path, &init);
    let response: web_sys::Response = JsFuture::from(promise)
        .await
        .map_err(network)?
        .unchecked_into();
    let status = response.status();
    activity::record_answer(method, &response.url(), status);
    let mut answer = Answer {
        status,
        body: JsValue::NULL,
        total: None,
    };
    let read = response.ok() || matches!(status, 409 | 422 | 429);
    if !read || status == 204 {
        return Ok(answer);
    }
    answer.total = response
        .headers()
        .get("x-total-count")
        .ok()
        .flatten()
        .and_then(|t| t.trim().parse().ok());
    // A body that is not JSON stays `null`: an error answer is still that error, a call that
    // reads nothing succeeds, and a call that reads the body finds nothing to read and says so.
    if let Ok(json) = response.json() {
        if let Ok(body) = JsFuture::from(json).await {
            answer.body = body;
        }
    }
    Ok(answer)
}

/// The [`ApiError`] of an answer that is not a 2xx.
fn error_of(status: u16) -> ApiError {
    match status {
        401 => ApiError::SignedOut,
        403 => ApiError::Forbidden,
        404 => ApiError::NotFound,
        status => ApiError::Failed(format!("HTTP {status}")),
    }
}

/// The [`ApiError`] of an answer that is not a 2xx, with what its body says (a 409's message, a
/// 422's or a 429's messages by field).
fn error_of_answer(answer: &Answer) -> ApiError {
    match answer.status {
        409 => ApiError::Conflict(
            text(&answer.body, "message").unwrap_or_else(|| "This cannot be done now".into()),
        ),
        422 => match error_body_of(&answer.body) {
            Some(body) => ApiError::Invalid(body),
            None => ApiError::Failed("the answer could not be read".into()),
        },
        429 => ApiError::TooMany(error_body_of(&answer.body).unwrap_or_default()),
        status => error_of(status),
    }
}

/// An [`ErrorBody`] (`{"errors": {"field": ["message"]}}`) from a parsed body; `None` when it is
/// not one.
pub fn error_body_of(value: &JsValue) -> Option<ErrorBody> {
    let errors = field(value, "errors");
    if !errors.is_object() || Array::is_array(&errors) {
        return None;
    }
    let mut body = ErrorBody::default();
    for entry in js_sys::Object::entries(errors.unchecked_ref()).iter() {
        let entry = Array::from(&entry);
        let name = entry.get(0).as_string()?;
        let messages = entry.get(1);
        if !Array::is_array(&messages) {
            return None;
        }
        let messages = Array::from(&messages)
            .iter()
            .map(|m| m.as_string())
            .collect::<Option<Vec<_>>>()?;
        body.errors.insert(name, messages);
    }
    Some(body)
}

/// A JSON object of these fields (for [`request`]).
pub fn object(fields: &[(&str, JsValue)]) -> JsValue {
    let object = js_sys::Object::new();
    for (name, value) in fields {
        let _ = Reflect::set(&object, &JsValue::from_str(name), value);
    }
    object.into()
}

/// `method path` with `body`: nothing on a 2xx, the [`ApiError`] otherwise.
async fn send_no_content(method: &str, path: &str, body: Option<&JsValue>) -> ApiResult<()> {
    let answer = request(method, path, body).await?;
    if (200..300).contains(&answer.status) {
        Ok(())
    } else {
        Err(error_of_answer(&answer))
    }
}

/// `method path` with `body`: the 2xx answer's body read by `read`, the [`ApiError`] otherwise.
async fn send_read<T>(
    method: &str,
    path: &str,
    body: Option<&JsValue>,
    read: impl Fn(&JsValue) -> Option<T>,
) -> ApiResult<T> {
    let answer = request(method, path, body).await?;
    if !(200..300).contains(&answer.status) {
        return Err(error_of_answer(&answer));
    }
    read(&answer.body).ok_or_else(|| ApiError::Failed("the answer could not be read".into()))
}

fn field(value: &JsValue, name: &str) -> JsValue {
    Reflect::get(value, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED)
}

fn text(value: &JsValue, name: &str) -> Option<String> {
    field(value, name).as_string()
}

/// A whole number (ids are far below 2^53, where a JSON number stays exact).
fn number(value: &JsValue, name: &str) -> Option<i64> {
    field(value, name)
        .as_f64()
        .filter(|n| n.fract() == 0.0)
        .map(|n| n as i64)
}

fn flag(value: &JsValue, name: &str) -> bool {
    field(value, name).as_bool().unwrap_or(false)
}

fn status_of(text: &str) -> Option<AccountStatus> {
    Some(match text {
        "profile_needed" => AccountStatus::ProfileNeeded,
        "pending" => AccountStatus::Pending,
        "approved" => AccountStatus::Approved,
        "denied" => AccountStatus::Denied,
        "disabled" => AccountStatus::Disabled,
        _ => return None,
    })
}

fn facility_of(value: &JsValue) -> Option<Facility> {
    Some(Facility {
        id: number(value, "id")?,
        name: text(value, "name")?,
        facility_type: text(value, "facility_type")?,
        medicaid_id: text(value, "medicaid_id")?,
        npi: text(value, "npi"),
    })
}

fn mco_of(value: &JsValue) -> Option<Mco> {
    Some(Mco {
        id: number(value, "id")?,
        name: text(value, "name")?,
        active: field(value, "active").as_bool()?,
        short_name: text(value, "short_name").unwrap_or_default(),
    })
}

/// A [`Session`] from `GET /api/session`'s parsed body; `None` when it is not one.
pub fn session_of(value: &JsValue) -> Option<Session> {
    let facilities = list(value, "facilities", facility_of)?;
    let mco = field(value, "mco");
    let mco = if mco.is_null() || mco.is_undefined() {
        None
    } else {
        Some(mco_of(&mco)?)
    };
    Some(Session {
        username: text(value, "username")?,
        role: Role::parse(&text(value, "role")?)?,
        facilities,
        mco,
        facility_id: number(value, "facility_id"),
        display_name: text(value, "display_name")?,
        status: status_of(&text(value, "status")?)?,
        idle_timeout_seconds: u32::try_from(number(value, "idle_timeout_seconds")?).ok()?,
        email: text(value, "email").unwrap_or_default(),
        mfa_enrolled: flag(value, "mfa_enrolled"),
        mfa_enrolment_required: flag(value, "mfa_enrolment_required"),
    })
}

/// `GET /api/session`: the signed-in user (this also renews the session), or `None` when signed
/// out.
pub async fn session() -> ApiResult<Option<Session>> {
    let answer = fetch("GET", "/api/session").await?;
    match answer.status {
        401 => Ok(None),
        200..300 => session_of(&answer.body)
            .map(Some)
            .ok_or_else(|| ApiError::Failed("the session could not be read".into())),
        status => Err(error_of(status)),
    }
}

/// Whether the server runs in demo mode (`GET /api/health`'s `demo`).
pub async fn demo_mode() -> bool {
    fetch("GET", "/api/health")
        .await
        .is_ok_and(|answer| flag(&answer.body, "demo"))
}

/// `DELETE /api/session`. Signing out of a session that already ended is not a failure.
pub async fn sign_out() -> ApiResult<()> {
    match fetch("DELETE", "/api/session").await?.status {
        200..300 | 401 => Ok(()),
        status => Err(error_of(status)),
    }
}

/// A [`McoDispute`] from `GET /api/mco-disputes`' parsed body; `None` when it is not one.
pub fn mco_dispute_of(value: &JsValue) -> Option<McoDispute> {
    Some(McoDispute {
        mco_id: number(value, "mco_id")?,
        mco_name: text(value, "mco_name")?,
        dispute_url: text(value, "dispute_url")?,
        tracking_guidance: text(value, "tracking_guidance")?,
        provider_services_phone: text(value, "provider_services_phone")?,
    })
}

/// `GET /api/mco-disputes`, every page of it: every active MCO's dispute information.
pub async fn mco_disputes() -> ApiResult<Vec<McoDispute>> {
    let mut all = Vec::new();
    loop {
        let page = page_of(
            "/api/mco-disputes",
            super::PAGE_LIMIT,
            all.len(),
            mco_dispute_of,
        )
        .await?;
        let got = page.items.len();
        all.extend(page.items);
        if got == 0 || all.len() >= page.total {
            return Ok(all);
        }
    }
}

/// `GET path` with `limit` and `offset`: one page of a list endpoint, each item read by `read`, and
/// the whole list's size (`X-Total-Count`).
async fn page_of<T>(
    path: &str,
    limit: usize,
    offset: usize,
    read: impl Fn(&JsValue) -> Option<T>,
) -> ApiResult<Page<T>> {
    let answer = fetch("GET", &super::paged_path(path, limit, offset)).await?;
    if !(200..300).contains(&answer.status) {
        return Err(error_of(answer.status));
    }
    let items = items(&answer.body, read)
        .ok_or_else(|| ApiError::Failed("the answer could not be read".into()))?;
    let total = answer.total.unwrap_or(offset + items.len());
    Ok(Page { items, total })
}

/// A count (a whole number, not negative).
fn count(value: &JsValue, name: &str) -> Option<u64> {
    u64::try_from(number(value, name)?).ok()
}

/// The items of an array, each read by `item`; `None` when it is not an array or one is not
/// readable.
fn items<T>(array: &JsValue, item: impl Fn(&JsValue) -> Option<T>) -> Option<Vec<T>> {
    if !Array::is_array(array) {
        return None;
    }
    Array::from(array).iter().map(|i| item(&i)).collect()
}

/// The items of an array field, each read by `item` ([`items`]).
fn list<T>(value: &JsValue, name: &str, item: impl Fn(&JsValue) -> Option<T>) -> Option<Vec<T>> {
    items(&field(value, name), item)
}

fn counts_of(value: &JsValue) -> Option<Counts> {
    Some(Counts {
        received: count(value, "received")?,
        open: count(value, "open")?,
        closed: count(value, "closed")?,
        overdue: count(value, "overdue")?,
        expedited: count(value, "expedited").unwrap_or_default(),
    })
}

fn outcomes_of(value: &JsValue) -> Option<Outcomes> {
    Some(Outcomes {
        upheld: count(value, "upheld")?,
        overturned: count(value, "overturned")?,
        responses_on_time: count(value, "responses_on_time")?,
        responses_late: count(value, "responses_late")?,
        median_days_to_response: field(value, "median_days_to_response").as_f64(),
        fines: count(value, "fines")?,
        fines_cents: number(value, "fines_cents")?,
        sanction_notices: count(value, "sanction_notices")?,
    })
}

/// [`Statistics`] from `GET /api/statistics`' parsed body (its rows' counts and outcomes are
/// fields of the row itself); `None` when it is not one.
pub fn statistics_of(value: &JsValue) -> Option<Statistics> {
    let totals = field(value, "totals");
    Some(Statistics {
        from: text(value, "from"),
        to: text(value, "to"),
        generated_at: text(value, "generated_at")?,
        totals: TotalsRow {
            counts: counts_of(&totals)?,
            outcomes: outcomes_of(&totals)?,
        },
        by_mco: list(value, "by_mco", |row| {
            Some(McoRow {
                mco: text(row, "mco")?,
                mco_id: number(row, "mco_id")?,
                short_name: text(row, "short_name").unwrap_or_default(),
                counts: counts_of(row)?,
                outcomes: outcomes_of(row)?,
            })
        })?,
        by_complaint_type: list(value, "by_complaint_type", |row| {
            Some(ComplaintTypeRow {
                complaint_type: text(row, "complaint_type")?,
                label: text(row, "label")?,
                counts: counts_of(row)?,
            })
        })?,
        by_provider_type: list(value, "by_provider_type", |row| {
            Some(ProviderTypeRow {
                provider_type: text(row, "provider_type")?,
                counts: counts_of(row)?,
            })
        })?,
        by_month: list(value, "by_month", |row| {
            Some(MonthRow {
                month: text(row, "month")?,
                counts: counts_of(row)?,
            })
        })?,
    })
}

/// `GET path` (public statistics: `/api/statistics?from=&to=`).
pub async fn statistics(path: &str) -> ApiResult<Statistics> {
    let answer = fetch("GET", path).await?;
    if !(200..300).contains(&answer.status) {
        return Err(error_of(answer.status));
    }
    statistics_of(&answer.body)
        .ok_or_else(|| ApiError::Failed("the statistics could not be read".into()))
}

/// One fine of a notice (`NoticeFine` as the server writes it).
fn notice_fine_of(value: &JsValue) -> Option<NoticeFine> {
    Some(NoticeFine {
        ticket_number: text(value, "ticket_number")?,
        due_on: text(value, "due_on")?,
        fined_on: text(value, "fined_on")?,
        amount_cents: number(value, "amount_cents")?,
        fine_id: number(value, "fine_id").unwrap_or_default(),
        waived_reason: text(value, "waived_reason"),
    })
}

/// A [`SanctionNotice`] from a parsed body (`GET /api/sanction-notices/{id}`, or an item of the
/// list); `None` when it is not one. The fields serde defaults are read the same way here.
pub fn sanction_notice_of(value: &JsValue) -> Option<SanctionNotice> {
    let status = match field(value, "status").as_string().as_deref() {
        None | Some("issued") => NoticeStatus::Issued,
        Some("draft") => NoticeStatus::Draft,
        Some("withdrawn") => NoticeStatus::Withdrawn,
        Some(_) => return None,
    };
    Some(SanctionNotice {
        id: number(value, "id")?,
        mco: text(value, "mco")?,
        mco_id: number(value, "mco_id").unwrap_or_default(),
        quarter: text(value, "quarter")?,
        issued_on: text(value, "issued_on"),
        notice_due_on: text(value, "notice_due_on")?,
        payment_due_on: text(value, "payment_due_on")?,
        total_cents: number(value, "total_cents")?,
        fines: list(value, "fines", notice_fine_of)?,
        status,
        payment_address: text(value, "payment_address").unwrap_or_default(),
        payment_bureau: text(value, "payment_bureau").unwrap_or_default(),
        overdue: flag(value, "overdue"),
    })
}

/// `GET /api/sanction-notices` (public): `limit` issued notices from `offset`, newest first; only
/// the MCO `mco_id`'s when given.
pub async fn sanction_notices(
    mco_id: Option<i64>,
    limit: usize,
    offset: usize,
) -> ApiResult<Page<SanctionNotice>> {
    let path = match mco_id {
        Some(id) => format!("/api/sanction-notices?mco_id={id}"),
        None => "/api/sanction-notices".to_owned(),
    };
    page_of(&path, limit, offset, sanction_notice_of).await
}

/// `GET /api/sanction-notices/{id}` (public).
pub async fn sanction_notice(id: i64) -> ApiResult<SanctionNotice> {
    let answer = fetch("GET", &format!("/api/sanction-notices/{id}")).await?;
    if !(200..300).contains(&answer.status) {
        return Err(error_of(answer.status));
    }
    sanction_notice_of(&answer.body)
        .ok_or_else(|| ApiError::Failed("the sanction notice could not be read".into()))
}

// The forms of signing in, a forgotten password, confirming an email address and registering:
// each body written as the server reads it (`tests/accounts.rs` checks serde reads each back), each
// answer read as the server writes it.

fn string(text: &str) -> JsValue {
    JsValue::from_str(text)
}

/// The body of `POST /api/session`.
pub fn sign_in_body(details: &SignIn) -> JsValue {
    let mut fields = vec![
        ("username", string(&details.username)),
        ("password", string(&details.password)),
    ];
    if let Some(code) = &details.code {
        fields.push(("code", string(code)));
    }
    object(&fields)
}

/// `POST /api/session`: the status of its 2xx answer (202: the code is due), or the error.
pub async fn sign_in(details: &SignIn) -> ApiResult<u16> {
    let answer = request("POST", "/api/session", Some(&sign_in_body(details))).await?;
    match answer.status {
        status @ 200..300 => Ok(status),
        _ => Err(error_of_answer(&answer)),
    }
}

/// The body of `POST /api/session/mfa`.
pub fn mfa_code_body(code: &MfaCode) -> JsValue {
    object(&[("code", string(&code.code))])
}

/// `POST /api/session/mfa`.
pub async fn sign_in_code(code: &MfaCode) -> ApiResult<()> {
    send_no_content("POST", "/api/session/mfa", Some(&mfa_code_body(code))).await
}

/// The body of `POST /api/password-reset`.
pub fn password_reset_request_body(request: &PasswordResetRequest) -> JsValue {
    object(&[("identifier", string(&request.identifier))])
}

/// `POST /api/password-reset` (its 202's message is not shown: the page says it in its words).
pub async fn request_password_reset(request: &PasswordResetRequest) -> ApiResult<()> {
    let body = password_reset_request_body(request);
    send_no_content("POST", "/api/password-reset", Some(&body)).await
}

/// The body of `POST /api/password-reset/complete`.
pub fn password_reset_complete_body(complete: &PasswordResetComplete) -> JsValue {
    object(&[
        ("token", string(&complete.token)),
        ("password", string(&complete.password)),
    ])
}

/// `POST /api/password-reset/complete`.
pub async fn complete_password_reset(complete: &PasswordResetComplete) -> ApiResult<()> {
    let body = password_reset_complete_body(complete);
    send_no_content("POST", "/api/password-reset/complete", Some(&body)).await
}

/// The body of `POST /api/email-confirmation`.
pub fn email_confirmation_body(confirmation: &EmailConfirmation) -> JsValue {
    object(&[("token", string(&confirmation.token))])
}

/// `POST /api/email-confirmation`.
pub async fn confirm_email(confirmation: &EmailConfirmation) -> ApiResult<()> {
    let body = email_confirmation_body(confirmation);
    send_no_content("POST", "/api/email-confirmation", Some(&body)).await
}

/// The body of `POST /api/registrations`.
pub fn new_account_body(account: &NewAccount) -> JsValue {
    object(&[
        ("email", string(&account.email)),
        ("username", string(&account.username)),
        ("password", string(&account.password)),
        ("confirm_password", string(&account.confirm_password)),
    ])
}

/// `POST /api/registrations`: creates the account and signs the new user in.
pub async fn register(account: &NewAccount) -> ApiResult<Session> {
    let body = new_account_body(account);
    send_read("POST", "/api/registrations", Some(&body), session_of).await
}

/// The body of a [`Profile`] (`PUT /api/me/profile`, and within saved answers).
pub fn profile_body(p: &Profile) -> JsValue {
    object(&[
        ("first_name", string(&p.first_name)),
        ("last_name", string(&p.last_name)),
        ("contact_email", string(&p.contact_email)),
        ("contact_phone", string(&p.contact_phone)),
        ("organization_name", string(&p.organization_name)),
        ("organization_type", string(&p.organization_type)),
        ("medicaid_id", string(&p.medicaid_id)),
        ("npi", string(&p.npi)),
    ])
}

/// A [`Profile`] from a parsed body; `None` when it is not one.
pub fn profile_of(value: &JsValue) -> Option<Profile> {
    Some(Profile {
        first_name: text(value, "first_name")?,
        last_name: text(value, "last_name")?,
        contact_email: text(value, "contact_email")?,
        contact_phone: text(value, "contact_phone")?,
        organization_name: text(value, "organization_name")?,
        organization_type: text(value, "organization_type")?,
        medicaid_id: text(value, "medicaid_id")?,
        npi: text(value, "npi")?,
    })
}

fn step_name(step: RegistrationStep) -> &'static str {
    match step {
        RegistrationStep::Name => "name",
        RegistrationStep::Organization => "organization",
        RegistrationStep::Check => "check",
    }
}

fn step_of(text: &str) -> Option<RegistrationStep> {
    [
        RegistrationStep::Name,
        RegistrationStep::Organization,
        RegistrationStep::Check,
    ]
    .into_iter()
    .find(|step| step_name(*step) == text)
}

/// The body of `PUT /api/me/registration/answers`.
pub fn saved_answers_body(answers: &SavedAnswers) -> JsValue {
    object(&[
        ("step", string(step_name(answers.step))),
        ("profile", profile_body(&answers.profile)),
    ])
}

/// `PUT /api/me/registration/answers`: keeps the profile's answers so far and the step reached.
pub async fn save_answers(answers: &SavedAnswers) -> ApiResult<()> {
    let body = saved_answers_body(answers);
    send_no_content("PUT", "/api/me/registration/answers", Some(&body)).await
}

/// A field that is absent or `null` is `Ok(None)`; one that is there but not read by `read` is
/// `Err(())`.
fn optional<T>(
    value: &JsValue,
    name: &str,
    read: impl Fn(&JsValue) -> Option<T>,
) -> Result<Option<T>, ()> {
    let value = field(value, name);
    if value.is_null() || value.is_undefined() {
        Ok(None)
    } else {
        read(&value).map(Some).ok_or(())
    }
}

/// A [`Registration`] from a parsed body; `None` when it is not one.
pub fn registration_of(value: &JsValue) -> Option<Registration> {
    let string_of = |v: &JsValue| v.as_string();
    Some(Registration {
        status: status_of(&text(value, "status")?)?,
        profile: optional(value, "profile", profile_of).ok()?,
        requested_on: optional(value, "requested_on", string_of).ok()?,
        review_due_on: optional(value, "review_due_on", string_of).ok()?,
        decided_on: optional(value, "decided_on", string_of).ok()?,
        denial_reason: optional(value, "denial_reason", string_of).ok()?,
        email_confirmed: flag(value, "email_confirmed"),
        contact_email_confirmed: flag(value, "contact_email_confirmed"),
        saved_answers: optional(value, "saved_answers", |answers| {
            Some(SavedAnswers {
                step: step_of(&text(answers, "step")?)?,
                profile: profile_of(&field(answers, "profile"))?,
            })
        })
        .ok()?,
    })
}

/// `GET /api/me/registration`: the signed-in provider's own registration and profile.
pub async fn registration() -> ApiResult<Registration> {
    send_read("GET", "/api/me/registration", None, registration_of).await
}

/// `PUT /api/me/profile`: sends the registration request to HFS.
pub async fn send_profile(profile: &Profile) -> ApiResult<Registration> {
    let body = profile_body(profile);
    send_read("PUT", "/api/me/profile", Some(&body), registration_of).await
}
