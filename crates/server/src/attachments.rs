//! The files of drafts and tickets, table `ticket_attachments`: storing an upload after checking
//! it, listing them, and sending one back as a download. The claims template is kept in the same
//! table (`purpose = 'claims'`) by `crate::claims`.
//!
//! May import: `auth` (the uploader), `error`, `time`.

use axum::body::{Body, Bytes};
use axum::http::{header, HeaderMap, HeaderValue};
use axum::response::Response;
use rules::wire::tickets::Attachment;
use sqlx::any::AnyRow;
use sqlx::{AnyExecutor, AnyPool, Row};

use crate::auth::CurrentUser;
use crate::error::{ApiError, FieldErrors};
use crate::time::{now_utc_millis, rfc3339};

/// The files of a draft or ticket (without their bytes), first added first; not its claims
/// template ([`crate::claims::file`]).
pub async fn attachments<'e, E: AnyExecutor<'e>>(
    executor: E,
    ticket_id: i64,
) -> Result<Vec<Attachment>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT id, file_name, content_type, size_bytes, added_by, added_at \
         FROM ticket_attachments WHERE ticket_id = $1 AND purpose = 'file' ORDER BY id",
    )
    .bind(ticket_id)
    .fetch_all(executor)
    .await?;
    rows.iter().map(attachment_of).collect()
}

/// An [`Attachment`] from a row with its columns.
pub fn attachment_of(row: &AnyRow) -> Result<Attachment, sqlx::Error> {
    let size: i64 = row.try_get("size_bytes")?;
    Ok(Attachment {
        id: row.try_get("id")?,
        file_name: row.try_get("file_name")?,
        content_type: row.try_get("content_type")?,
        size_bytes: u64::try_from(size).unwrap_or_default(),
        added_by: row.try_get("added_by")?,
        added_at: rfc3339(row.try_get("added_at")?),
    })
}

/// The header that names an uploaded file (percent-encoded).
pub const FILE_NAME_HEADER: &str = "x-file-name";
/// The longest file name kept (characters).
pub const FILE_NAME_MAX_CHARS: usize = 200;
/// The body limit of the upload routes: the largest file and a little more, so that a file just
/// over the limit gets the form's message rather than a bare 413.
pub const UPLOAD_BODY_LIMIT: usize = rules::tickets::MAX_ATTACHMENT_BYTES + 64 * 1024;

/// `%XX` sequences decoded (anything else kept as it is); bytes that are not UTF-8 replaced.
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok();
            if let Some(value) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                out.push(value);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// A plain file name from what the browser sent: percent-decoded, the last part of any path,
/// without control characters, Unicode format characters (bidirectional overrides:
/// `rules::tickets::strip_format_chars`) or characters file systems refuse, at most
/// [`FILE_NAME_MAX_CHARS`] (the extension kept); `attachment` when nothing is left.
pub fn clean_file_name(header: Option<&str>) -> String {
    let decoded = percent_decode(header.unwrap_or(""));
    let decoded = rules::tickets::strip_format_chars(&decoded);
    let last = decoded.rsplit(['/', '\\']).next().unwrap_or("");
    let cleaned: String = last
        .chars()
        .map(|c| {
            if c.is_control() || matches!(c, '"' | '<' | '>' | ':' | '|' | '?' | '*' | ';') {
                '_'
            } else {
                c
            }
        })
        .collect();
    let cleaned = cleaned.trim().trim_matches('.').trim().to_owned();
    if cleaned.is_empty() {
        return "attachment".to_owned();
    }
    if cleaned.chars().count() <= FILE_NAME_MAX_CHARS {
        return cleaned;
    }
    let (stem, extension) = match cleaned.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() && ext.chars().count() <= 10 => {
            (stem.to_owned(), format!(".{ext}"))
        }
        _ => (cleaned.clone(), String::new()),
    };
    let keep = FILE_NAME_MAX_CHARS - extension.chars().count();
    let stem: String = stem.chars().take(keep).collect();
    format!("{}{extension}", stem.trim_end())
}

/// Stores an uploaded file on the ticket or draft `ticket_id` after checking it (size, type
/// sniffed from the bytes, at most `MAX_ATTACHMENTS` added by each party): 201's `Attachment`, or
/// 422 under `file` in ux.md's words.
pub async fn store_attachment(
    pool: &AnyPool,
    ticket_id: i64,
    user: &CurrentUser,
    added_by: &str,
    headers: &HeaderMap,
    body: &Bytes,
    max_stored_bytes: i64,
) -> Result<Attachment, ApiError> {
    let given = headers
        .get(FILE_NAME_HEADER)
        .and_then(|value| value.to_str().ok());
    let file_name = clean_file_name(given);
    let content_type = rules::tickets::sniff_attachment(given.map_or("", |_| &file_name), body)
        .map_err(|message| ApiError::from(FieldErrors::one("file", message)))?;
    let size = i64::try_from(body.len()).unwrap_or(i64::MAX);
    let stored: i64 = sqlx::query_scalar(
        "SELECT CAST(COALESCE(SUM(size_bytes), 0) AS BIGINT) FROM ticket_attachments WHERE added_by_user = $1",
    )
    .bind(user.id)
    .fetch_one(pool)
    .await?;
    if stored.saturating_add(size) > max_stored_bytes {
        return Err(ApiError::FileTooLarge(
            crate::limits::TOO_MANY_BYTES.to_owned(),
        ));
    }
    let limit = i64::try_from(rules::tickets::MAX_ATTACHMENTS).unwrap_or(i64::MAX);
    // One statement: the count and the insert cannot be split by another upload.
    let row = sqlx::query(
        "INSERT INTO ticket_attachments (ticket_id, file_name, content_type, size_bytes, bytes, \
           added_by_user, added_by, added_at) \
         SELECT $1, $2, $3, $4, $5, $6, $7, $8 \
         WHERE (SELECT COUNT(*) FROM ticket_attachments \
                WHERE ticket_id = $1 AND added_by = $7 AND purpose = 'file') < $9 \
         RETURNING id, file_name, content_type, size_bytes, added_by, added_at",
    )
    .bind(ticket_id)
    .bind(&file_name)
    .bind(content_type)
    .bind(size)
    .bind(body.as_ref())
    .bind(user.id)
    .bind(added_by)
    .bind(now_utc_millis())
    .bind(limit)
    .fetch_optional(pool)
    .await?;
    match row {
        Some(row) => Ok(attachment_of(&row)?),
        None => Err(FieldErrors::one("file", rules::tickets::TOO_MANY_FILES_MESSAGE).into()),
    }
}

/// The bytes of attachment `attachment_id` of `ticket_id` as a download (`Content-Disposition:
/// attachment`, never sniffed by the browser); 404 when the ticket has no such file. The caller
/// checked access and writes the audit row.
pub async fn download(
    pool: &AnyPool,
    ticket_id: i64,
    attachment_id: i64,
) -> Result<Response, ApiError> {
    let row = sqlx::query(
        "SELECT file_name, content_type, bytes FROM ticket_attachments \
         WHERE id = $1 AND ticket_id = $2",
    )
    .bind(attachment_id)
    .bind(ticket_id)
    .fetch_optional(pool)
    .await?
    .ok_or(ApiError::NotFound)?;
    let stored_name: String = row.try_get("file_name")?;
    let content_type: String = row.try_get("content_type")?;
    let mut bytes: Vec<u8> = row.try_get("bytes")?;
    // The name ends with the extension of the type its bytes were read as, whatever it was
    // uploaded as; no format character can disguise it.
    let file_name = rules::tickets::download_name(&stored_name, &content_type);
    // A CSV is served with every cell that would start a formula made text: it may have been
    // made by anyone, and it opens in a spreadsheet on a staff computer.
    if content_type == rules::tickets::CONTENT_TYPE_CSV {
        bytes = rules::export::defuse_csv(&String::from_utf8_lossy(&bytes)).into_bytes();
    }
    let mut response = Response::new(Body::from(bytes));
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_str(&content_type)
            .unwrap_or(HeaderValue::from_static("application/octet-stream")),
    );
    headers.insert(header::CONTENT_DISPOSITION, content_disposition(&file_name));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("no-store, private"),
    );
    Ok(response)
}

/// `attachment; filename="..."; filename*=UTF-8''...`: an ASCII stand-in and the exact name.
pub(crate) fn content_disposition(file_name: &str) -> HeaderValue {
    let ascii: String = file_name
        .chars()
        .map(|c| {
            if (c.is_ascii_graphic() && c != '"' && c != '\\') || c == ' ' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let encoded: String = file_name
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"!#$&+-.^_`|~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    HeaderValue::from_str(&format!(
        "attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}"
    ))
    .unwrap_or(HeaderValue::from_static("attachment"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_are_plain() {
        assert_eq!(clean_file_name(Some("report%20one.pdf")), "report one.pdf");
        assert_eq!(clean_file_name(Some("..%2F..%2Fetc%2Fpasswd")), "passwd");
        assert_eq!(clean_file_name(Some("C:\\Users\\a\\scan.png")), "scan.png");
        assert_eq!(clean_file_name(Some("a%0D%0Ab.pdf")), "a__b.pdf");
        assert_eq!(clean_file_name(Some("%E2%82%AC.csv")), "€.csv");
        assert_eq!(clean_file_name(Some("100%.pdf")), "100%.pdf");
        assert_eq!(clean_file_name(Some("%")), "%");
        assert_eq!(clean_file_name(None), "attachment");
        assert_eq!(clean_file_name(Some("..")), "attachment");
        let long = format!("{}.pdf", "x".repeat(300));
        let cleaned = clean_file_name(Some(&long));
        assert_eq!(cleaned.chars().count(), FILE_NAME_MAX_CHARS);
        assert!(cleaned.ends_with(".pdf"));
    }

    #[test]
    fn downloads_name_the_file() {
        let value = content_disposition("scan \"1\" €.pdf");
        assert_eq!(
            value.to_str().unwrap(),
            "attachment; filename=\"scan _1_ _.pdf\"; filename*=UTF-8''scan%20%221%22%20%E2%82%AC.pdf"
        );
    }
}
