//! The public reports (`docs/reporting.md`): the statistics, the Portal Sanction Payment Notices,
//! and HFS's review of draft notices and the payment settings.

use super::{get_page, Page};
use gloo_net::http::Method;
use rules::wire::sanctions::{SanctionNotice, SanctionSettings, WaiveFine};
use rules::wire::statistics::Statistics;

use super::{get, send_json, ApiResult};

/// The query string of a period (`from=...&to=...`), empty when open; dates are `YYYY-MM-DD`.
pub fn period_query(from: Option<&str>, to: Option<&str>) -> String {
    let mut parts = Vec::new();
    if let Some(from) = from {
        parts.push(format!("from={from}"));
    }
    if let Some(to) = to {
        parts.push(format!("to={to}"));
    }
    parts.join("&")
}

fn with_query(path: &str, query: &str) -> String {
    if query.is_empty() {
        path.to_owned()
    } else {
        format!("{path}?{query}")
    }
}

/// `GET /api/statistics?from=&to=` (public; read with the browser's own JSON, `super::browser`).
pub async fn statistics(query: String) -> ApiResult<Statistics> {
    super::browser::statistics(&with_query("/api/statistics", &query)).await
}

/// The address of `GET /api/statistics.csv` with the same period (a download link).
pub fn csv_href(query: &str) -> String {
    with_query("/api/statistics.csv", query)
}

/// `GET /api/sanction-notices` and `GET /api/sanction-notices/{id}` (public), read with the
/// browser's own JSON (`super::browser`: the public sanctions entry app shows them).
pub use super::browser::{sanction_notice as notice, sanction_notices as notices};

/// `GET /api/hfs/sanction-notices` (HFS): `limit` notices from `offset`, drafts first.
pub async fn hfs_notices(limit: usize, offset: usize) -> ApiResult<Page<SanctionNotice>> {
    get_page("/api/hfs/sanction-notices", limit, offset).await
}

/// `POST /api/hfs/sanction-notices/{id}/fines/{fine_id}/waive` (HFS).
pub async fn waive(id: i64, fine_id: i64, reason: String) -> ApiResult<SanctionNotice> {
    send_json(
        Method::POST,
        &format!("/api/hfs/sanction-notices/{id}/fines/{fine_id}/waive"),
        &WaiveFine { reason },
    )
    .await
}

/// `POST /api/hfs/sanction-notices/{id}/issue` (HFS).
pub async fn issue(id: i64) -> ApiResult<SanctionNotice> {
    send_json(
        Method::POST,
        &format!("/api/hfs/sanction-notices/{id}/issue"),
        &serde_json::json!({}),
    )
    .await
}

/// `GET /api/admin/sanction-settings` (HFS).
pub async fn settings() -> ApiResult<SanctionSettings> {
    get("/api/admin/sanction-settings").await
}

/// `PUT /api/admin/sanction-settings` (HFS administrators).
pub async fn save_settings(settings: SanctionSettings) -> ApiResult<SanctionSettings> {
    send_json(Method::PUT, "/api/admin/sanction-settings", &settings).await
}
