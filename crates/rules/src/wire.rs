//! Types that cross the wire between the app, the server and other systems (`docs/api.md`).
//! Written once, here.

pub mod accounts;
pub mod attachments;
pub mod claims;
pub mod complaint_types;
pub mod mail;
pub mod sanctions;
pub mod statistics;
pub mod tickets;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::calendar::CalendarChange;
pub use crate::calendar::Holiday;
pub use crate::eligibility::{Eligibility, Reason, Status};

/// Field name -> messages saying what to do.
pub type FieldErrors = BTreeMap<String, Vec<String>>;

/// The body of every 422: `{"errors": {"field": ["message", ...]}}`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    pub errors: FieldErrors,
}

impl ErrorBody {
    pub fn add(&mut self, field: impl Into<String>, message: impl Into<String>) {
        self.errors
            .entry(field.into())
            .or_default()
            .push(message.into());
    }

    pub fn is_empty(&self) -> bool {
        self.errors.is_empty()
    }
}

/// The answer of a calendar change (`POST /api/admin/calendar-changes`, `DELETE
/// /api/admin/calendar-changes/{date}`): what it did, in a sentence, and every change now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CalendarChanged {
    pub message: String,
    pub changes: Vec<CalendarChange>,
}

/// `GET /api/health`: `{"status": "ok"}` as the public contract gives it, with the database's kind
/// (`"sqlite"` or `"postgresql"`) and whether its migrations are this server's (`"current"`,
/// `"behind"` or `"ahead"`); `"demo": true` is added only while the server runs with `--demo`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Health {
    pub status: String,
    /// `"sqlite"` or `"postgresql"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub database: Option<String>,
    /// `"current"`, `"behind"` or `"ahead"`; left out when the database did not answer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub migrations: Option<String>,
    /// Whether the server runs with `--demo` (the app links the demo outbox only then, and never
    /// asks `/api/demo/...` otherwise). Left out when false, so the answer is the contract's.
    #[serde(default, skip_serializing_if = "is_false")]
    pub demo: bool,
}

fn is_false(value: &bool) -> bool {
    !*value
}
