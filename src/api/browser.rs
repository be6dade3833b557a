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
use rules::wire::statistics::{
    ComplaintTypeRow, Counts, McoRow, MonthRow, Outcomes, ProviderTypeRow, Statistics, TotalsRow,
};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use super::{activity, ApiError, ApiResult};

/// An answer: its status, and for a 2xx with a body, its JSON body and its `X-Total-Count`.
struct Answer {
    status: u16,
    body: JsValue,
    total: Option<usize>,
}

/// `method path` (a mutating one with the header the server requires).
async fn fetch(method: &str, path: &str) -> ApiResult<Answer> {
    let network = |_| ApiError::Failed("the network failed".into());
    let init = web_sys::RequestInit::new();
    init.set_method(method);
    if method != "GET" {
        let headers = js_sys::Object::new();
        let _ = Reflect::set(&headers, &"X-Requested-With".into(), &"portal-app".into());
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
    if !response.ok() || status == 204 {
        return Ok(answer);
    }
    answer.total = response
        .headers()
        .get("x-total-count")
        .ok()
        .flatten()
        .and_then(|t| t.trim().parse().ok());
    let unreadable = |_| ApiError::Failed("the answer could not be read".into());
    answer.body = JsFuture::from(response.json().map_err(unreadable)?)
        .await
        .map_err(unreadable)?;
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
    let facilities = field(value, "facilities");
    if !Array::is_array(&facilities) {
        return None;
    }
    let facilities = Array::from(&facilities)
        .iter()
        .map(|f| facility_of(&f))
        .collect::<Option<Vec<_>>>()?;
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
        let path = super::paged_path("/api/mco-disputes", super::PAGE_LIMIT, all.len());
        let answer = fetch("GET", &path).await?;
        if !(200..300).contains(&answer.status) {
            return Err(error_of(answer.status));
        }
        let unreadable = || ApiError::Failed("the answer could not be read".into());
        if !Array::is_array(&answer.body) {
            return Err(unreadable());
        }
        let page = Array::from(&answer.body)
            .iter()
            .map(|d| mco_dispute_of(&d))
            .collect::<Option<Vec<_>>>()
            .ok_or_else(unreadable)?;
        let got = page.len();
        all.extend(page);
        if got == 0 || all.len() >= answer.total.unwrap_or(all.len()) {
            return Ok(all);
        }
    }
}

/// A count (a whole number, not negative).
fn count(value: &JsValue, name: &str) -> Option<u64> {
    u64::try_from(number(value, name)?).ok()
}

/// The items of an array field, each read by `item`; `None` when one is not readable.
fn list<T>(value: &JsValue, name: &str, item: impl Fn(&JsValue) -> Option<T>) -> Option<Vec<T>> {
    let items = field(value, name);
    if !Array::is_array(&items) {
        return None;
    }
    Array::from(&items).iter().map(|i| item(&i)).collect()
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
