//! Request bodies: [`JsonBody`], the one extractor of JSON bodies (an object, each key once, as the
//! wire type: every problem answered as the 422 field map, a body too large as 413), and
//! `body_bytes` for the raw uploads. Bodies are read as bytes and checked here because axum's
//! `Json` would stop at the first problem and answer in plain text.
//!
//! May import: `error` (nothing else of this crate).

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{FromRequest, Request};
use axum::http::StatusCode;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::error::{ApiError, FieldErrors};

/// A JSON body as the wire type `T` (whose `deny_unknown_fields` refuses extra keys); else 422 with
/// the problem under the field's name where serde names it (`body` otherwise), or 413. With
/// `T = serde_json::Map<String, Value>` it is the object itself, for endpoints that check each
/// member themselves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonBody<T>(pub T);

impl<S, T> FromRequest<S> for JsonBody<T>
where
    S: Send + Sync,
    T: DeserializeOwned,
{
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, ApiError> {
        let bytes = body_bytes(Bytes::from_request(request, state).await)?;
        let map = json_object(&bytes)?;
        from_object(map).map(JsonBody)
    }
}

/// The object `map` as the wire type `T`; else 422 with the problem under the field's name where
/// serde names it (`body` otherwise).
pub(crate) fn from_object<T: DeserializeOwned>(map: Map<String, Value>) -> Result<T, ApiError> {
    serde_json::from_value(Value::Object(map)).map_err(|error| {
        let text = error.to_string();
        let named = |prefix: &str| {
            text.strip_prefix(prefix)
                .and_then(|rest| rest.split_once('`'))
                .map(|(name, _)| name.to_owned())
        };
        let errors = if let Some(field) = named("missing field `") {
            FieldErrors::one(field, "Enter this field")
        } else if let Some(field) = named("unknown field `") {
            FieldErrors::one(field, "Unknown field: remove it")
        } else {
            FieldErrors::one(
                "body",
                "Send the fields of the documented type (text as strings, numbers as numbers)",
            )
        };
        ApiError::Validation(errors)
    })
}

pub(crate) const SEND_AN_OBJECT: &str = "Send a JSON object";

/// The body's bytes; a body too large is a 413, one that cannot be read a 422 under `body`.
pub(crate) fn body_bytes(body: Result<Bytes, BytesRejection>) -> Result<Bytes, ApiError> {
    match body {
        Ok(body) => Ok(body),
        Err(rejection) if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE => {
            Err(ApiError::PayloadTooLarge)
        }
        Err(_) => Err(FieldErrors::one("body", SEND_AN_OBJECT).into()),
    }
}

/// The body as a JSON object, else the one problem under `body`. A key given twice is refused under
/// its name: `serde_json` would keep the last one silently (a second extension would slip through).
pub(crate) fn json_object(body: &[u8]) -> Result<Map<String, Value>, FieldErrors> {
    let Ok(Entries(entries)) = serde_json::from_slice::<Entries>(body) else {
        return Err(FieldErrors::one("body", SEND_AN_OBJECT));
    };
    let mut map = Map::new();
    let mut errors = FieldErrors::default();
    for (key, value) in entries {
        if map.contains_key(&key) {
            errors.add(key, "Give this field once");
        } else {
            map.insert(key, value);
        }
    }
    if errors.is_empty() {
        Ok(map)
    } else {
        Err(errors)
    }
}

/// A JSON object's members in order, repeats included.
struct Entries(Vec<(String, Value)>);

impl<'de> serde::Deserialize<'de> for Entries {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = Entries;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut access: A,
            ) -> Result<Entries, A::Error> {
                let mut entries = Vec::new();
                while let Some(entry) = access.next_entry::<String, Value>()? {
                    entries.push(entry);
                }
                Ok(Entries(entries))
            }
        }
        deserializer.deserialize_map(Visitor)
    }
}
