//! Tickets (issue 5): the checks of what a provider enters, of the files they attach, and of the
//! actions the parties take. The same in the browser (on Continue) and on the server (again, on
//! submit, with the same messages): `docs/tickets.md` is the contract.
//!
//! Sources: the July 2023 overview (complaint types, tracking number, filing
//! window), the MCO policy, `docs/pages.md` (messages, files). Whether a
//! dispute can be filed is [`crate::eligibility`]'s to say; who may do what and when is
//! [`crate::transitions`]'s: this module only puts their answers into the portal's words.
//!
//! Split along its jobs: [`form`] (what a provider enters), [`attachments`] (the files),
//! [`actions`] (what the parties do), and [`text`] (the text checks the form and the actions share).

pub mod actions;
pub mod attachments;
pub mod drafts;
pub mod form;
pub mod text;

// The public paths of `rules::tickets`, as they were before the split.
pub use actions::{
    action_of, allowed_actions, allowed_steps, apply_action, check_action, check_action_fields,
    check_step as check_ticket_step, ActionProblem, ACTION_KEYS,
};
pub use attachments::{
    check_attachment_count, download_name, size_words, sniff_attachment, strip_format_chars,
    CONTENT_TYPE_CSV, CONTENT_TYPE_JPEG, CONTENT_TYPE_PDF, CONTENT_TYPE_PNG, CONTENT_TYPE_XLSX,
    FILE_EMPTY_MESSAGE, FILE_MISSING_MESSAGE, FILE_TOO_BIG_MESSAGE, FILE_TYPE_MESSAGE,
    MAX_ATTACHMENTS, MAX_ATTACHMENT_BYTES, TOO_MANY_FILES_MESSAGE,
};
pub use drafts::{DRAFT_KEPT_DAYS, DRAFT_WARNED_DAYS_BEFORE};
pub(crate) use form::{
    check_claim_number, check_filing_window, check_tracking_number, not_after_received, not_future,
    read_date, RECEIVED_LABEL, SERVICE_FROM_LABEL, SERVICE_TO_LABEL,
};
pub use form::{
    check_draft, check_form, check_step, steps_for, ticket_number, CheckedClaims, CheckedTicket,
    FormContext, SingleClaim, Step, CLAIMS_FILE_MISSING_MESSAGE, CLAIM_NUMBER_MAX_CHARS,
    TRACKING_NUMBER_MAX_CHARS,
};
pub(crate) use text::check_short_text;
pub use text::{clean_long_text, PHONE_FORMAT_MESSAGE, TEXT_MAX_CHARS};
