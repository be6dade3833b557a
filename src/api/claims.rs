//! The calls of the claims template (docs/claims.md): the blank templates to download, and the
//! template file of a draft.
//!
//! The file holds protected health information (members, RINs): its bytes go only in a request
//! body, never in a URL, and nothing here logs them.

use gloo_net::http::{Method, RequestBuilder};
use rules::wire::claims::{ClaimsRefusal, ClaimsUpload};

use super::{error_of, failed, mutating, send_no_content, ApiError, ApiResult};

/// Where the blank CSV template is downloaded from.
pub const TEMPLATE_CSV_PATH: &str = "/api/templates/claims.csv";
/// Where the blank XLSX template (with its "How to fill in" sheet) is downloaded from.
pub const TEMPLATE_XLSX_PATH: &str = "/api/templates/claims.xlsx";

/// Why a template was not stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UploadError {
    /// 422: the file does not pass (`errors.claims_file`, and the rows to fix).
    Refused(ClaimsRefusal),
    /// Anything else (signed out, not found, the network).
    Other(ApiError),
}

impl UploadError {
    /// One sentence for the page.
    pub fn message(&self) -> String {
        match self {
            UploadError::Refused(refusal) => refusal
                .errors
                .get("claims_file")
                .and_then(|m| m.first())
                .cloned()
                .unwrap_or_else(|| rules::sheet::NOT_TEMPLATE_MESSAGE.into()),
            UploadError::Other(e) => e.message(),
        }
    }
}

/// `PUT /api/drafts/{id}/claims`: the template's bytes as the body, its name in `X-File-Name`
/// (percent-encoded). It replaces the draft's previous template. The page has read the file in
/// the worker first; the server reads it again with the same rules.
pub async fn upload(
    draft_id: i64,
    file_name: &str,
    bytes: &[u8],
) -> Result<ClaimsUpload, UploadError> {
    let name: String = js_sys::encode_uri_component(file_name).into();
    let body = js_sys::Uint8Array::from(bytes);
    let request = mutating(
        RequestBuilder::new(&format!("/api/drafts/{draft_id}/claims")).method(Method::PUT),
    )
    .header("X-File-Name", &name)
    .header("Content-Type", "application/octet-stream")
    .body(wasm_bindgen::JsValue::from(body));
    let request = request.map_err(|e| UploadError::Other(failed(e)))?;
    let response = request
        .send()
        .await
        .map_err(|e| UploadError::Other(failed(e)))?;
    super::activity::record("PUT", &response);
    match response.status() {
        200 | 201 => response
            .json::<ClaimsUpload>()
            .await
            .map_err(|e| UploadError::Other(failed(e))),
        422 => match response.json::<ClaimsRefusal>().await {
            Ok(refusal) => Err(UploadError::Refused(refusal)),
            Err(e) => Err(UploadError::Other(failed(e))),
        },
        _ => Err(UploadError::Other(error_of(response).await)),
    }
}

/// `DELETE /api/drafts/{id}/claims`: the draft no longer has a template.
pub async fn remove(draft_id: i64) -> ApiResult<()> {
    send_no_content::<()>(
        Method::DELETE,
        &format!("/api/drafts/{draft_id}/claims"),
        None,
    )
    .await
}
