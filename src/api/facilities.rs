//! A provider's own account pages: the multiple-facility request, its answers, invitations
//! (docs/accounts.md).

use super::get_all;
use gloo_net::http::Method;
use rules::wire::accounts::{
    FacilityRequest, FacilityRequestSent, Redeem, RequestedFacility, Session,
};

use super::{send_json, ApiResult};

/// `POST /api/facility-requests`: the Multiple Provider/Facility Registration Request.
pub async fn send_request(request: &FacilityRequest) -> ApiResult<FacilityRequestSent> {
    send_json(Method::POST, "/api/facility-requests", request).await
}

/// `GET /api/facility-requests`: every facility the user asked for, with where it stands. All of
/// them: one provider's own requests, a few facilities each (not paged: `docs/security.md`, V13).
pub async fn my_requests() -> ApiResult<Vec<RequestedFacility>> {
    get_all("/api/facility-requests").await
}

/// `POST /api/invitations/redeem`: the facility becomes the user's; the answer is the new session.
pub async fn redeem(code: &Redeem) -> ApiResult<Session> {
    send_json(Method::POST, "/api/invitations/redeem", code).await
}

/// Where the blank template is downloaded from.
pub const TEMPLATE_PATH: &str = "/api/templates/multiple-facility.csv";
