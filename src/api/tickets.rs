//! The calls of tickets (docs/tickets.md): complaint types, drafts and their files, submission,
//! lists, the ticket page, actions, fines and the audit log.
//!
//! Bodies hold protected health information (member names, RINs): nothing here logs them, and no
//! PHI ever goes into a URL (ids, statuses and sort keys only).

use super::{get_all, get_page, Page};
use gloo_net::http::{Method, RequestBuilder};
use rules::wire::tickets::{
    Attachment, AuditEntry, Draft, FineEntry, FineTotal, SubmitTicket, TicketAction, TicketDetail,
    TicketFacility, TicketForm, TicketSummary,
};

use super::{failed, get, mutating, send, send_json, send_no_content, ApiResult};

/// One complaint type as `GET /api/complaint-types` lists it.
pub use rules::wire::tickets::ComplaintTypeOption;

/// `GET /api/complaint-types`: the eleven types, in the seed's order.
pub async fn complaint_types() -> ApiResult<Vec<ComplaintTypeOption>> {
    get("/api/complaint-types").await
}

/// `POST /api/drafts`: a new draft with what is known so far (often only the facility).
pub async fn create_draft(form: &TicketForm) -> ApiResult<Draft> {
    send_json(Method::POST, "/api/drafts", form).await
}

/// `GET /api/drafts`: the user's own unsubmitted drafts, newest first. All of them: the server
/// keeps at most 50 a user (`limits`), so the list is short by rule (not paged:
/// `docs/security.md`, V13).
pub async fn list_drafts() -> ApiResult<Vec<Draft>> {
    get_all("/api/drafts").await
}

/// `GET /api/drafts/{id}` (audited on the server).
pub async fn get_draft(id: i64) -> ApiResult<Draft> {
    get(&format!("/api/drafts/{id}")).await
}

/// `PUT /api/drafts/{id}`: replaces the form with this one (the whole form so far).
pub async fn save_draft(id: i64, form: &TicketForm) -> ApiResult<Draft> {
    send_json(Method::PUT, &format!("/api/drafts/{id}"), form).await
}

/// `DELETE /api/drafts/{id}`.
pub async fn delete_draft(id: i64) -> ApiResult<()> {
    send_no_content::<()>(Method::DELETE, &format!("/api/drafts/{id}"), None).await
}

/// Where a file is added: a draft being entered, or a ticket (answering a request, an MCO, HFS).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AttachTo {
    Draft(i64),
    Ticket(i64),
}

impl AttachTo {
    fn base(self) -> String {
        match self {
            AttachTo::Draft(id) => format!("/api/drafts/{id}/attachments"),
            AttachTo::Ticket(id) => format!("/api/tickets/{id}/attachments"),
        }
    }
}

/// `POST /api/{drafts|tickets}/{id}/attachments`: the file's bytes as the body, its name in
/// `X-File-Name` (percent-encoded) and its type in `Content-Type`. A refused file is
/// `ApiError::Invalid` with the message under `file`.
///
/// The page checks the bytes first (`rules::tickets::sniff_attachment`); the server checks again.
pub async fn upload_attachment(to: AttachTo, file: web_sys::File) -> ApiResult<Attachment> {
    let name: String = js_sys::encode_uri_component(&file.name()).into();
    let content_type = match file.type_() {
        t if t.is_empty() => "application/octet-stream".to_string(),
        t => t,
    };
    let request = mutating(RequestBuilder::new(&to.base()).method(Method::POST))
        .header("X-File-Name", &name)
        .header("Content-Type", &content_type)
        .body(wasm_bindgen::JsValue::from(file));
    let response = send(request).await?;
    response.json().await.map_err(failed)
}

/// `DELETE /api/drafts/{id}/attachments/{att}`.
pub async fn delete_attachment(draft_id: i64, attachment_id: i64) -> ApiResult<()> {
    send_no_content::<()>(
        Method::DELETE,
        &format!("/api/drafts/{draft_id}/attachments/{attachment_id}"),
        None,
    )
    .await
}

/// Where a file of a ticket is downloaded from (a link: the browser saves it; audited).
pub fn attachment_href(ticket_id: i64, attachment_id: i64) -> String {
    format!("/api/tickets/{ticket_id}/attachments/{attachment_id}")
}

/// `POST /api/tickets`: submits a draft (or a whole form). Submitting the same draft again gives
/// the same ticket. A form that is not complete, or outside the filing window, is
/// `ApiError::Invalid` (the field map of `rules::tickets::check_form`).
pub async fn submit(ticket: &SubmitTicket) -> ApiResult<TicketDetail> {
    send_json(Method::POST, "/api/tickets", ticket).await
}

/// The query of `GET /api/tickets`. Empty fields are left out.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TicketFilters {
    /// A `Status` in snake case (`with_mco`, ...).
    pub status: Option<String>,
    pub mco_id: Option<i64>,
    pub facility_id: Option<i64>,
    /// Only the open tickets with a clock overdue.
    pub overdue: bool,
    /// Only the tickets whose follow-up waits for HFS.
    pub follow_up: bool,
    /// `deadline` (the server's default), `submitted`, `newest` or `number`.
    pub sort: Option<String>,
    /// A search: a ticket, MCO tracking or claim number, or the start of one.
    pub q: Option<String>,
}

impl TicketFilters {
    /// `?status=...&mco_id=...` (empty when nothing is set).
    pub fn query(&self) -> String {
        let mut parts = Vec::new();
        let mut push = |key: &str, value: String| {
            let value: String = js_sys::encode_uri_component(&value).into();
            parts.push(format!("{key}={value}"));
        };
        if let Some(status) = self.status.as_ref().filter(|s| !s.is_empty()) {
            push("status", status.clone());
        }
        if let Some(id) = self.mco_id {
            push("mco_id", id.to_string());
        }
        if let Some(id) = self.facility_id {
            push("facility_id", id.to_string());
        }
        if self.overdue {
            push("overdue", "true".into());
        }
        if self.follow_up {
            push("follow_up", "open".into());
        }
        if let Some(sort) = self.sort.as_ref().filter(|s| !s.is_empty()) {
            push("sort", sort.clone());
        }
        if let Some(q) = self.q.as_ref().filter(|q| !q.trim().is_empty()) {
            push("q", q.trim().to_owned());
        }
        if parts.is_empty() {
            String::new()
        } else {
            format!("?{}", parts.join("&"))
        }
    }
}

/// The tickets of one page of a queue.
pub const QUEUE_PAGE: usize = 50;

/// `GET /api/tickets`: one page of the tickets this session may see, in the server's order, with
/// the size of the whole filtered list.
pub async fn list_tickets(
    filters: &TicketFilters,
    limit: usize,
    offset: usize,
) -> ApiResult<Page<TicketSummary>> {
    get_page(&format!("/api/tickets{}", filters.query()), limit, offset).await
}

/// `GET /api/ticket-facilities`: the facilities of the tickets this session may see, by name (the
/// queues' facility filter). All of them: a filter's options must all be there to choose from
/// (not paged: `docs/security.md`, V13).
pub async fn ticket_facilities() -> ApiResult<Vec<TicketFacility>> {
    get_all("/api/ticket-facilities").await
}

/// `GET /api/tickets/{id}` (audited on the server).
pub async fn get_ticket(id: i64) -> ApiResult<TicketDetail> {
    get(&format!("/api/tickets/{id}")).await
}

/// `POST /api/tickets/{id}/actions`. Out of time or out of turn is `ApiError::Conflict` with the
/// engine's words; a missing text field is `ApiError::Invalid`.
pub async fn act(id: i64, action: &TicketAction) -> ApiResult<TicketDetail> {
    send_json(Method::POST, &format!("/api/tickets/{id}/actions"), action).await
}

/// `GET /api/fines`: `limit` of an MCO's own fines (all MCOs' for HFS) from `offset`, newest
/// first, and how many there are.
pub async fn get_fines(limit: usize, offset: usize) -> ApiResult<Page<FineEntry>> {
    get_page("/api/fines", limit, offset).await
}

/// `GET /api/fines/totals`: the count and sum of each MCO's fines (an MCO user's own), by name.
pub async fn fine_totals() -> ApiResult<Vec<FineTotal>> {
    get("/api/fines/totals").await
}

/// The filters of the audit trail (`GET /api/admin/audit`); empty ones are left out.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuditFilters {
    pub user: String,
    pub ticket_id: Option<i64>,
    pub kind: String,
    /// `YYYY-MM-DD`, Illinois dates, both included.
    pub from: String,
    pub to: String,
}

impl AuditFilters {
    /// `?user=...&kind=...` (empty when nothing is set).
    pub fn query(&self) -> String {
        let mut parts = Vec::new();
        let mut push = |key: &str, value: &str| {
            if !value.trim().is_empty() {
                let value: String = js_sys::encode_uri_component(value.trim()).into();
                parts.push(format!("{key}={value}"));
            }
        };
        push("user", &self.user);
        push(
            "ticket_id",
            &self.ticket_id.map(|id| id.to_string()).unwrap_or_default(),
        );
        push("kind", &self.kind);
        push("from", &self.from);
        push("to", &self.to);
        if parts.is_empty() {
            String::new()
        } else {
            format!("?{}", parts.join("&"))
        }
    }
}

/// The entries of one page of the audit trail.
pub const AUDIT_PAGE: usize = 100;

/// `GET /api/admin/audit` (HFS admin): newest first, [`AUDIT_PAGE`] entries from `offset`.
pub async fn audit(filters: &AuditFilters, offset: usize) -> ApiResult<Page<AuditEntry>> {
    get_page(
        &format!("/api/admin/audit{}", filters.query()),
        AUDIT_PAGE,
        offset,
    )
    .await
}

/// Where the filtered trail downloads as a spreadsheet (`GET /api/admin/audit.csv`).
pub fn audit_csv_href(filters: &AuditFilters) -> String {
    format!("/api/admin/audit.csv{}", filters.query())
}
