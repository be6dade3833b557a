//! The calls of finding and keeping tickets (docs/tickets.md): each MCO's dispute information,
//! and the addresses of the downloads (the CSV of a list, a ticket's calendar file), which the
//! browser fetches itself as links. Search terms in those addresses are ticket, tracking or claim
//! numbers, never a member's name or RIN.

use gloo_net::http::Method;
use rules::mco_disputes::{McoDispute, McoDisputeInput};

use super::tickets::TicketFilters;
use super::{send_json, ApiResult};

/// `GET /api/mco-disputes`: every active MCO's dispute information (empty where none is recorded),
/// read with the browser's own JSON (`super::browser`: the eligibility checker shows it). All of
/// them: one entry per MCO, a handful, the options of a picker (not paged: `docs/security.md`, V13).
pub use super::browser::mco_disputes;

/// `PUT /api/admin/mcos/{id}/dispute` (HFS admin).
pub async fn save_mco_dispute(id: i64, input: &McoDisputeInput) -> ApiResult<McoDispute> {
    send_json(Method::PUT, &format!("/api/admin/mcos/{id}/dispute"), input).await
}

/// `GET /api/tickets.csv` with the list's filters: a download link.
pub fn tickets_csv_href(filters: &TicketFilters) -> String {
    format!("/api/tickets.csv{}", filters.query())
}

/// `GET /api/tickets/{id}/calendar.ics`: a download link.
pub fn calendar_href(ticket_id: i64) -> String {
    format!("/api/tickets/{ticket_id}/calendar.ics")
}
