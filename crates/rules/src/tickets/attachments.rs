//! Files attached to drafts and tickets: their types, sizes and count.

/// The largest file (10 MB, as ux.md says "10MB"), and the most files on a draft or a ticket.
pub const MAX_ATTACHMENT_BYTES: usize = 10 * 1024 * 1024;
pub const MAX_ATTACHMENTS: usize = 10;

pub const CONTENT_TYPE_PDF: &str = "application/pdf";
pub const CONTENT_TYPE_PNG: &str = "image/png";
pub const CONTENT_TYPE_JPEG: &str = "image/jpeg";
pub const CONTENT_TYPE_CSV: &str = "text/csv";
pub const CONTENT_TYPE_XLSX: &str =
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

pub const FILE_MISSING_MESSAGE: &str = "Select a file";
pub const FILE_EMPTY_MESSAGE: &str = "The selected file is empty";
pub const FILE_TOO_BIG_MESSAGE: &str = "The selected file must be smaller than 10MB";
pub const FILE_TYPE_MESSAGE: &str =
    "The selected file must be a PDF, image (PNG or JPEG), CSV or XLSX";
pub const TOO_MANY_FILES_MESSAGE: &str = "You can add up to 10 files. Remove a file to add another";

/// The file's content type, read from its bytes (never from its name, except that a CSV, which
/// has no signature, must be named `.csv`); or what to do, in ux.md's words.
pub fn sniff_attachment(file_name: &str, bytes: &[u8]) -> Result<&'static str, String> {
    if bytes.is_empty() {
        return Err(if file_name.trim().is_empty() {
            FILE_MISSING_MESSAGE
        } else {
            FILE_EMPTY_MESSAGE
        }
        .into());
    }
    if bytes.len() > MAX_ATTACHMENT_BYTES {
        return Err(FILE_TOO_BIG_MESSAGE.into());
    }
    if bytes.starts_with(b"%PDF-") {
        return Ok(CONTENT_TYPE_PDF);
    }
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        return Ok(CONTENT_TYPE_PNG);
    }
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        return Ok(CONTENT_TYPE_JPEG);
    }
    if bytes.starts_with(b"PK\x03\x04") {
        return if is_xlsx(bytes) {
            Ok(CONTENT_TYPE_XLSX)
        } else {
            Err(FILE_TYPE_MESSAGE.into())
        };
    }
    let named_csv = file_name.trim().to_ascii_lowercase().ends_with(".csv");
    if named_csv && !bytes.contains(&0) && std::str::from_utf8(bytes).is_ok() {
        return Ok(CONTENT_TYPE_CSV);
    }
    Err(FILE_TYPE_MESSAGE.into())
}

/// Whether another file can be added to the `already` there.
pub fn check_attachment_count(already: usize) -> Result<(), String> {
    if already >= MAX_ATTACHMENTS {
        Err(TOO_MANY_FILES_MESSAGE.into())
    } else {
        Ok(())
    }
}

/// A ZIP is an XLSX workbook when it has the entries `[Content_Types].xml` and `xl/...`. The names
/// are read from every local file header (`PK\x03\x04`) and central directory header
/// (`PK\x01\x02`) found in the bytes: sizes in local headers may be zero (data descriptors), so the
/// scan looks for the signatures rather than trusting the sizes.
fn is_xlsx(bytes: &[u8]) -> bool {
    let mut content_types = false;
    let mut workbook = false;
    for name in zip_entry_names(bytes) {
        if name == b"[Content_Types].xml" {
            content_types = true;
        }
        if name.starts_with(b"xl/") {
            workbook = true;
        }
        if content_types && workbook {
            return true;
        }
    }
    false
}

fn zip_entry_names(bytes: &[u8]) -> impl Iterator<Item = &[u8]> {
    let u16_at = |at: usize| -> Option<usize> {
        bytes
            .get(at..at + 2)
            .map(|b| usize::from(u16::from_le_bytes([b[0], b[1]])))
    };
    (0..bytes.len().saturating_sub(3)).filter_map(move |i| {
        // (header length before the name, offset of the name's length)
        let (fixed, name_len_at) = match bytes.get(i..i + 4)? {
            b"PK\x03\x04" => (30, 26),
            b"PK\x01\x02" => (46, 28),
            _ => return None,
        };
        let len = u16_at(i + name_len_at)?;
        bytes.get(i + fixed..i + fixed + len)
    })
}

/// A file size in words: "240 KB", "1.5 MB".
pub fn size_words(bytes: u64) -> String {
    if bytes >= 1024 * 1024 {
        format!("{:.1} MB", bytes as f64 / (1024.0 * 1024.0))
    } else {
        format!("{} KB", bytes.div_ceil(1024).max(1))
    }
}
