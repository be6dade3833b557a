//! Every HTTP call the app makes, in one module (one submodule per feature). Pages never build
//! requests themselves. Wire types come from `rules::wire`, shared with the server.
//!
//! Every state-changing request carries `X-Requested-With: portal-app` (the server refuses it
//! otherwise, docs/accounts.md). Nothing here logs a body: bodies may hold protected health
//! information.

use gloo_net::http::{Request, RequestBuilder, Response};
use rules::wire::ErrorBody;
use serde::de::DeserializeOwned;
use serde::Serialize;

pub mod account;
pub mod browser;
pub mod finding;

/// Why a call did not give what was asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApiError {
    /// 422: messages by field, to show in the error summary and beside each field.
    Invalid(ErrorBody),
    /// 401: not signed in (or the session ended).
    SignedOut,
    /// 403: this role may not do that.
    Forbidden,
    /// 404.
    NotFound,
    /// 409: the thing is not in a state that allows this (the message says why).
    Conflict(String),
    /// 429: too many attempts; the body's messages say how long to wait.
    TooMany(ErrorBody),
    /// The network failed or the server answered something unexpected.
    Failed(String),
}

impl ApiError {
    /// One sentence for a page that has no field to put it on.
    pub fn message(&self) -> String {
        match self {
            ApiError::Invalid(body) | ApiError::TooMany(body) => body
                .errors
                .values()
                .flatten()
                .next()
                .cloned()
                .unwrap_or_else(|| "Check what you entered".into()),
            ApiError::SignedOut => "You are signed out. Sign in again to continue".into(),
            ApiError::Forbidden => "Your account cannot do this".into(),
            ApiError::NotFound => "This was not found. It may have been removed".into(),
            ApiError::Conflict(message) => message.clone(),
            ApiError::Failed(_) => {
                "The portal could not be reached. Check your connection and try again".into()
            }
        }
    }
}

pub type ApiResult<T> = Result<T, ApiError>;

fn failed(e: impl std::fmt::Display) -> ApiError {
    ApiError::Failed(e.to_string())
}

/// A mutating request: with the header the server requires.
fn mutating(builder: RequestBuilder) -> RequestBuilder {
    builder.header("X-Requested-With", "portal-app")
}

/// Maps a non-2xx answer to an [`ApiError`].
async fn error_of(response: Response) -> ApiError {
    match response.status() {
        401 => ApiError::SignedOut,
        403 => ApiError::Forbidden,
        404 => ApiError::NotFound,
        409 => {
            let message = response
                .json::<serde_json::Value>()
                .await
                .ok()
                .and_then(|v| v.get("message").and_then(|m| m.as_str()).map(String::from))
                .unwrap_or_else(|| "This cannot be done now".into());
            ApiError::Conflict(message)
        }
        422 => match response.json::<ErrorBody>().await {
            Ok(body) => ApiError::Invalid(body),
            Err(e) => failed(e),
        },
        429 => ApiError::TooMany(response.json::<ErrorBody>().await.unwrap_or_default()),
        status => ApiError::Failed(format!("HTTP {status}")),
    }
}

async fn send(request: Result<Request, gloo_net::Error>) -> ApiResult<Response> {
    let request = request.map_err(failed)?;
    let method = request.method();
    let response = request.send().await.map_err(failed)?;
    activity::record(method.as_str(), &response);
    if response.ok() {
        Ok(response)
    } else {
        Err(error_of(response).await)
    }
}

/// `GET path` -> JSON.
pub async fn get<T: DeserializeOwned>(path: &str) -> ApiResult<T> {
    let response = send(Request::get(path).build()).await?;
    response.json().await.map_err(failed)
}

/// The most entries the server gives in one page of a list (`docs/api.md`, "Lists").
pub const PAGE_LIMIT: usize = 500;

/// One page of a list and the size of the whole list (`X-Total-Count`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub total: usize,
}

/// `path` with `limit` and `offset` added to its query.
fn paged_path(path: &str, limit: usize, offset: usize) -> String {
    let join = if path.contains('?') { '&' } else { '?' };
    format!("{path}{join}limit={limit}&offset={offset}")
}

/// `GET path` of a list endpoint: `limit` entries from `offset`, and the whole list's size.
pub async fn get_page<T: DeserializeOwned>(
    path: &str,
    limit: usize,
    offset: usize,
) -> ApiResult<Page<T>> {
    let response = send(Request::get(&paged_path(path, limit, offset)).build()).await?;
    let total = response
        .headers()
        .get("x-total-count")
        .and_then(|t| t.trim().parse::<usize>().ok());
    let items: Vec<T> = response.json().await.map_err(failed)?;
    let total = total.unwrap_or(offset + items.len());
    Ok(Page { items, total })
}

/// `GET path` of a list endpoint, every page of it: only for the lists that are short by nature
/// or by rule and must be whole (a filter's options, a user's drafts, the MCOs' dispute
/// information, the State calendar's changes, a provider's own facility requests;
/// `docs/security.md`, V13). Every list a user pages through asks one page ([`get_page`]).
pub async fn get_all<T: DeserializeOwned>(path: &str) -> ApiResult<Vec<T>> {
    let mut all = Vec::new();
    loop {
        let page: Page<T> = get_page(path, PAGE_LIMIT, all.len()).await?;
        let got = page.items.len();
        all.extend(page.items);
        if got == 0 || all.len() >= page.total {
            return Ok(all);
        }
    }
}

/// `METHOD path` with a JSON body -> JSON.
pub async fn send_json<B: Serialize, T: DeserializeOwned>(
    method: gloo_net::http::Method,
    path: &str,
    body: &B,
) -> ApiResult<T> {
    let response = send(mutating(RequestBuilder::new(path).method(method)).json(body)).await?;
    response.json().await.map_err(failed)
}

/// `METHOD path` with a JSON body (or none) -> nothing (204).
pub async fn send_no_content<B: Serialize>(
    method: gloo_net::http::Method,
    path: &str,
    body: Option<&B>,
) -> ApiResult<()> {
    let builder = mutating(RequestBuilder::new(path).method(method));
    let request = match body {
        Some(body) => builder.json(body),
        None => builder.build(),
    };
    send(request).await.map(|_| ())
}

/// What the answers say about the session: when the server last renewed it (for the idle-timeout
/// warning), and whether it has ended under the app's feet (a 401 on a call that needed it).
///
/// The signals live for the whole visit and are reached without a reactive owner: an answer arrives
/// after an `await`, where `use_context` may no longer see the app's root.
pub mod activity {
    use std::cell::Cell;

    use gloo_net::http::Response;
    use leptos::prelude::*;

    /// Milliseconds since the epoch (the app's clock: `Date.now()`, which the browser tests can fake)
    /// of the last answer to a call that renews the session, if any.
    #[derive(Clone, Copy)]
    pub struct LastActivity(pub RwSignal<Option<f64>>);

    /// Counts the 401 answers to calls that needed a session: the session ended on the server (idle,
    /// disabled, signed out in another tab). The session context listens to it.
    #[derive(Clone, Copy)]
    pub struct SessionLost(pub RwSignal<u32>);

    thread_local! {
        static SIGNALS: Cell<Option<(LastActivity, SessionLost)>> = const { Cell::new(None) };
    }

    /// Provides [`LastActivity`] and [`SessionLost`] (call once, in the shell).
    pub fn provide() {
        let signals = (
            LastActivity(RwSignal::new(None)),
            SessionLost(RwSignal::new(0)),
        );
        SIGNALS.with(|s| s.set(Some(signals)));
        provide_context(signals.0);
        provide_context(signals.1);
    }

    /// The signals, once [`provide`] ran.
    pub fn signals() -> Option<(LastActivity, SessionLost)> {
        SIGNALS.with(Cell::get)
    }

    /// Calls that do not need a session, so do not renew one: their answers say nothing about it.
    /// (`POST /api/session` and `POST /api/registrations` start a session: they count.)
    const PUBLIC_PREFIXES: &[&str] = &[
        "/api/eligibility",
        "/api/timeline",
        "/api/demo/",
        "/api/templates/",
        "/api/health",
        "/api/calendar/",
        "/api/rules",
    ];

    fn path_of(url: &str) -> &str {
        let without_origin = match url.find("://") {
            Some(i) => {
                let rest = &url[i + 3..];
                rest.find('/').map_or("/", |j| &rest[j..])
            }
            None => url,
        };
        without_origin
            .split(['?', '#'])
            .next()
            .unwrap_or(without_origin)
    }

    /// Whether an answer from `url` with `status` renewed the session.
    pub fn renews(method_is_sign_in: bool, url: &str, status: u16) -> bool {
        let path = path_of(url);
        status != 401 && (method_is_sign_in || !PUBLIC_PREFIXES.iter().any(|p| path.starts_with(p)))
    }

    /// Called on every answer.
    pub(super) fn record(method: &str, response: &Response) {
        record_answer(method, &response.url(), response.status());
    }

    /// Called on every answer, by its method, URL and status.
    pub(super) fn record_answer(method: &str, url: &str, status: u16) {
        let Some((LastActivity(last), SessionLost(lost))) = signals() else {
            return;
        };
        let path = path_of(url);
        let is_sign_in =
            method == "POST" && (path == "/api/session" || path == "/api/registrations");
        if status == 401 {
            // A wrong password is not a lost session.
            if !is_sign_in && !PUBLIC_PREFIXES.iter().any(|p| path.starts_with(p)) {
                lost.update(|n| *n += 1);
            }
        } else if renews(is_sign_in, url, status) {
            last.set(Some(js_sys::Date::now()));
        }
    }
}

pub mod admin;
pub mod claims;
pub mod facilities;
pub mod hfs;
pub mod statistics;
pub mod tickets;
