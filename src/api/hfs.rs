//! HFS staff's queues: registrations and requested facilities (docs/accounts.md).

use super::{get, get_page, Page};
use gloo_net::http::Method;
use rules::wire::accounts::{Denial, RegistrationRequest, RequestedFacility};

use super::{send_no_content, ApiResult};

/// `GET /api/hfs/registrations?status=...`, oldest first: `status` is `pending`, `approved`,
/// `denied` or `all`.
/// One page: `limit` requests from `offset`, and how many there are.
pub async fn registrations(
    status: &str,
    limit: usize,
    offset: usize,
) -> ApiResult<Page<RegistrationRequest>> {
    get_page(
        &format!("/api/hfs/registrations?status={status}"),
        limit,
        offset,
    )
    .await
}

/// `GET /api/hfs/registrations/{user_id}`: one request.
pub async fn registration(user_id: i64) -> ApiResult<RegistrationRequest> {
    get(&format!("/api/hfs/registrations/{user_id}")).await
}

/// `POST /api/hfs/registrations/{user_id}/approve`.
pub async fn approve_registration(user_id: i64) -> ApiResult<()> {
    send_no_content::<()>(
        Method::POST,
        &format!("/api/hfs/registrations/{user_id}/approve"),
        None,
    )
    .await
}

/// `POST /api/hfs/registrations/{user_id}/deny`.
pub async fn deny_registration(user_id: i64, denial: &Denial) -> ApiResult<()> {
    send_no_content(
        Method::POST,
        &format!("/api/hfs/registrations/{user_id}/deny"),
        Some(denial),
    )
    .await
}

/// `GET /api/hfs/facility-requests?status=...`: `status` is `pending`, `invited`, `redeemed`,
/// `denied` or `all`.
/// One page: `limit` facilities from `offset`, and how many there are.
pub async fn facility_requests(
    status: &str,
    limit: usize,
    offset: usize,
) -> ApiResult<Page<RequestedFacility>> {
    get_page(
        &format!("/api/hfs/facility-requests?status={status}"),
        limit,
        offset,
    )
    .await
}

/// `POST /api/hfs/facility-requests/{id}/approve`: an invitation code is emailed.
pub async fn approve_facility(id: i64) -> ApiResult<()> {
    send_no_content::<()>(
        Method::POST,
        &format!("/api/hfs/facility-requests/{id}/approve"),
        None,
    )
    .await
}

/// `POST /api/hfs/facility-requests/{id}/deny`.
pub async fn deny_facility(id: i64, denial: &Denial) -> ApiResult<()> {
    send_no_content(
        Method::POST,
        &format!("/api/hfs/facility-requests/{id}/deny"),
        Some(denial),
    )
    .await
}
