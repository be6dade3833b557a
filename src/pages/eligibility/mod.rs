//! The public eligibility checker: one question per page, "Check your answers", then the result.
//!
//! The answers live in memory for the visit (they survive Back and Change; nothing is stored in the
//! browser). The result is computed here, in the browser, by `rules::eligibility`, the same code the
//! server's `POST /api/eligibility` runs.

mod check;
mod questions;
mod result;
mod start;
mod state;

pub use check::CheckAnswers;
pub use questions::{
    InternalProcessQuestion, PriorAuthorizationQuestion, ProgramQuestion, ReceivedDateQuestion,
    TrackingNumberQuestion,
};
pub use result::ResultPage;
pub use start::Start;
pub use state::{EligibilityAnswers, Step};

/// The caption above every question ("a caption names the section").
pub const CAPTION: &str = "Check if you can file a dispute";
