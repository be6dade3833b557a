//! Pieces every page shares, one file each, props documented.

pub mod back_link;
pub mod button_link;
pub mod clock_state;
pub mod countdown;
pub mod date_input;
pub mod error_summary;
pub mod facility_switcher;
pub(crate) mod field;
pub mod fines_table;
pub mod form_errors;
pub mod not_found;
pub mod notice;
pub mod password_field;
pub mod radios;
pub mod require_role;
pub mod review;
pub mod rule_words;
pub mod send_button;
pub mod session_timeout;
pub mod text_field;
pub mod ticket_words;

pub use back_link::BackLink;
pub use button_link::ButtonLink;
pub use countdown::Countdown;
pub use date_input::DateInput;
pub use error_summary::{ErrorSummary, FieldError};
pub use facility_switcher::FacilitySwitcher;
pub use not_found::NotFound;
pub use notice::{use_status_filter, FilterLinks, LoadProblem, Loading, SuccessBanner};
pub use password_field::PasswordField;
pub use radios::{RadioOption, Radios};
pub use require_role::RequireRole;
pub use send_button::SendButton;
pub use session_timeout::SessionTimeout;
pub use text_field::{TextArea, TextField};
