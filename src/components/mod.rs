//! Pieces every page shares, one file each, props documented.

pub mod back_link;
pub mod button_link;
pub mod countdown;
pub mod date_input;
pub mod error_summary;
pub mod radios;

pub use back_link::BackLink;
pub use button_link::ButtonLink;
pub use countdown::Countdown;
pub use date_input::DateInput;
pub use error_summary::{ErrorSummary, FieldError};
pub use radios::{RadioOption, Radios};
