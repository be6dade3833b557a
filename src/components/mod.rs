//! Pieces every page shares, one file each, props documented.

pub mod back_link;
pub mod button_link;
pub mod clock_state;
pub mod countdown;
pub mod date_input;
pub mod error_summary;
pub mod facility_switcher;
pub(crate) mod field;
pub mod form_errors;
pub mod mco_dispute_info;
pub mod notice;
pub mod password_field;
pub mod radios;
pub mod require_role;
pub mod send_button;
pub mod session_timeout;
pub mod text_field;
pub mod ticket_search;

pub use back_link::BackLink;
pub use button_link::ButtonLink;
pub use countdown::Countdown;
pub use date_input::DateInput;
pub use error_summary::{ErrorSummary, FieldError};
pub use facility_switcher::FacilitySwitcher;
pub use mco_dispute_info::{McoDisputeInfo, McoDisputePicker};
pub use notice::{FilterLinks, LoadProblem, Loading, SuccessBanner};
pub use password_field::PasswordField;
pub use radios::{RadioOption, Radios};
pub use require_role::RequireRole;
pub use send_button::SendButton;
pub use session_timeout::SessionTimeout;
pub use text_field::{TextArea, TextField};
pub use ticket_search::{use_search_term, CsvLink, TicketSearch};
