//! Files on drafts and tickets, as the wire describes them. Written once, here.

use serde::{Deserialize, Serialize};

/// A file on a draft or a ticket (the bytes are fetched separately).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attachment {
    pub id: i64,
    pub file_name: String,
    /// `application/pdf`, `image/png`, `image/jpeg`, `text/csv`, or the XLSX type.
    pub content_type: String,
    pub size_bytes: u64,
    /// Who added it: `provider`, `mco` or `hfs`.
    pub added_by: String,
    pub added_at: String,
}
