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
    let response = request.map_err(failed)?.send().await.map_err(failed)?;
    crate::api::activity::record(&response);
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

/// The moment of the last answer that renewed the session (for the idle-timeout warning).
pub mod activity {
    use gloo_net::http::Response;
    use leptos::prelude::*;

    /// Milliseconds since the epoch of the last answer that was not a 401, if any.
    #[derive(Clone, Copy)]
    pub struct LastActivity(pub RwSignal<Option<f64>>);

    /// Provides [`LastActivity`] (call once, in the shell).
    pub fn provide() {
        provide_context(LastActivity(RwSignal::new(None)));
    }

    /// Called on every answer: any answer but a 401 means the server saw the session (if any).
    pub(super) fn record(response: &Response) {
        if response.status() == 401 {
            return;
        }
        if let Some(LastActivity(signal)) = use_context::<LastActivity>() {
            signal.set(Some(js_sys::Date::now()));
        }
    }
}
