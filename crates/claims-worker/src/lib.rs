//! The spreadsheet reader that runs in a Web Worker (docs/claims.md): the page posts a file's bytes,
//! the worker reads and checks them with the same `rules` code the server runs, and posts the
//! answer back. Reading a 100-row XLSX never blocks the page, and the XLSX reader is downloaded only
//! by a page that needs it.
//!
//! The conversation, in the worker's own words (the app's side is `src/sheet_worker.rs`):
//!
//! - once started, the worker posts `{ ready: true }`; messages sent before that would be lost
//!   (the WebAssembly is still loading), so the page waits for it;
//! - in: `{ id: number, kind: "claims" | "facilities", bytes: Uint8Array, context: string }`, where
//!   `context` is the JSON of a `rules::wire::claims::ClaimsContext` (claims only);
//! - out: `{ id, answer: string, ms: number }`: `answer` is the JSON of a
//!   `rules::wire::claims::ClaimsReport` (claims) or of a [`FacilitiesAnswer`] (facilities), `ms`
//!   the time the reading took inside the worker; or `{ id, error: string }` when the message
//!   itself was not understood (a programming error, never a problem with the file).
//!
//! [`answer`] is the whole of the work as a plain function, so that tests call it without a worker.

use rules::wire::accounts::FacilityRow;
use rules::wire::claims::{ClaimsContext, ClaimsReport};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

/// What a message asks the worker to read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// The standard claims template, checked against a `ClaimsContext`.
    Claims,
    /// The Multiple Provider/Facility Registration Request template.
    Facilities,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Claims => "claims",
            Kind::Facilities => "facilities",
        }
    }

    pub fn parse(s: &str) -> Option<Kind> {
        match s {
            "claims" => Some(Kind::Claims),
            "facilities" => Some(Kind::Facilities),
            _ => None,
        }
    }
}

/// Why a message could not be answered (never a problem of the file: those are in the answer).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BadMessage {
    UnknownKind(String),
    Context(String),
}

impl std::fmt::Display for BadMessage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            BadMessage::UnknownKind(kind) => write!(f, "unknown kind of file: {kind:?}"),
            BadMessage::Context(e) => write!(f, "the claims context is not readable: {e}"),
        }
    }
}

/// Reads `bytes` as `kind` asks; the answer's JSON.
pub fn answer(kind: &str, bytes: &[u8], context: &str) -> Result<String, BadMessage> {
    let json = match Kind::parse(kind).ok_or_else(|| BadMessage::UnknownKind(kind.to_string()))? {
        Kind::Claims => {
            let ctx: ClaimsContext =
                serde_json::from_str(context).map_err(|e| BadMessage::Context(e.to_string()))?;
            let report: ClaimsReport = rules::claims::check_file(bytes, &ctx);
            serde_json::to_string(&report)
        }
        Kind::Facilities => serde_json::to_string(&read_facilities(bytes)),
    };
    // Plain data (strings, numbers, vectors) always serialises.
    Ok(json.unwrap_or_default())
}

/// The multiple-facility template as read from a CSV or XLSX file: its rows, each with the
/// spreadsheet row it came from, or the one message about the file as a whole. Checking the cells
/// is the page's work (`rules::accounts::check_facility_request`), as for a typed request. On the
/// wire it is serde's form of a `Result`: `{"Ok": [[2, {...}], ...]}` or `{"Err": "message"}`.
pub type FacilitiesAnswer = Result<Vec<(usize, FacilityRow)>, String>;

/// The multiple-facility template from a CSV or XLSX file.
pub fn read_facilities(bytes: &[u8]) -> FacilitiesAnswer {
    rules::facility_template::parse_file(bytes)
}

fn set(target: &js_sys::Object, key: &str, value: &JsValue) {
    // Setting a property of a plain new object cannot fail.
    let _ = js_sys::Reflect::set(target, &JsValue::from_str(key), value);
}

fn get(source: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(source, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

/// The reply to one message (see the module's documentation).
fn reply(scope: &DedicatedWorkerGlobalScope, data: &JsValue) -> js_sys::Object {
    let out = js_sys::Object::new();
    set(&out, "id", &get(data, "id"));
    let kind = get(data, "kind").as_string().unwrap_or_default();
    let context = get(data, "context").as_string().unwrap_or_default();
    let bytes = get(data, "bytes")
        .dyn_into::<js_sys::Uint8Array>()
        .map(|a| a.to_vec())
        .unwrap_or_default();
    let clock = scope.performance();
    let started = clock.as_ref().map_or(0.0, |p| p.now());
    match answer(&kind, &bytes, &context) {
        Ok(json) => {
            let ms = clock.as_ref().map_or(0.0, |p| p.now()) - started;
            set(&out, "answer", &JsValue::from_str(&json));
            set(&out, "ms", &JsValue::from_f64(ms));
        }
        Err(e) => set(&out, "error", &JsValue::from_str(&e.to_string())),
    }
    out
}

/// Runs in the worker: answers every message, then says it is ready.
pub fn install() {
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let replier = scope.clone();
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        let out = reply(&replier, &event.data());
        // Posting a plain object of strings and numbers cannot fail.
        let _ = replier.post_message(&out);
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The handler lives as long as the worker.
    on_message.forget();
    let ready = js_sys::Object::new();
    set(&ready, "ready", &JsValue::TRUE);
    let _ = scope.post_message(&ready);
}
