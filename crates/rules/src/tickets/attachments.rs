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

/// The Unicode format characters (general category Cf: the bidirectional controls such as
/// U+202E RIGHT-TO-LEFT OVERRIDE, zero-width characters, the byte order mark, tags), by range.
const FORMAT_CHARS: &[(char, char)] = &[
    ('\u{00AD}', '\u{00AD}'),
    ('\u{0600}', '\u{0605}'),
    ('\u{061C}', '\u{061C}'),
    ('\u{06DD}', '\u{06DD}'),
    ('\u{070F}', '\u{070F}'),
    ('\u{0890}', '\u{0891}'),
    ('\u{08E2}', '\u{08E2}'),
    ('\u{180E}', '\u{180E}'),
    ('\u{200B}', '\u{200F}'),
    ('\u{202A}', '\u{202E}'),
    ('\u{2060}', '\u{2064}'),
    ('\u{2066}', '\u{206F}'),
    ('\u{FEFF}', '\u{FEFF}'),
    ('\u{FFF9}', '\u{FFFB}'),
    ('\u{110BD}', '\u{110BD}'),
    ('\u{110CD}', '\u{110CD}'),
    ('\u{13430}', '\u{1343F}'),
    ('\u{1BCA0}', '\u{1BCA3}'),
    ('\u{1D173}', '\u{1D17A}'),
    ('\u{E0001}', '\u{E0001}'),
    ('\u{E0020}', '\u{E007F}'),
];

/// Whether `c` is a Unicode format character (bidirectional controls among them).
pub fn is_format_char(c: char) -> bool {
    FORMAT_CHARS
        .iter()
        .any(|(from, to)| (*from..=*to).contains(&c))
}

/// `name` without its Unicode format characters: `invoice\u{202E}fdp.exe` would show as
/// `invoiceexe.pdf`, hiding what the file is.
pub fn strip_format_chars(name: &str) -> String {
    name.chars().filter(|c| !is_format_char(*c)).collect()
}

/// The extensions of a content type read from the bytes, the first one the one given.
pub fn extensions_of(content_type: &str) -> &'static [&'static str] {
    match content_type {
        CONTENT_TYPE_PDF => &["pdf"],
        CONTENT_TYPE_PNG => &["png"],
        CONTENT_TYPE_JPEG => &["jpg", "jpeg"],
        CONTENT_TYPE_CSV => &["csv"],
        CONTENT_TYPE_XLSX => &["xlsx"],
        _ => &[],
    }
}

/// The name a file is downloaded under: `name` without format characters, ending with the
/// extension of `content_type` (the type read from its bytes when it was uploaded), whatever it
/// was uploaded as: `scan.exe` holding a PDF downloads as `scan.exe.pdf`, so the computer opens it
/// as what it is.
pub fn download_name(name: &str, content_type: &str) -> String {
    let name = strip_format_chars(name);
    let name = name.trim();
    let name = if name.is_empty() { "attachment" } else { name };
    let extensions = extensions_of(content_type);
    let lower = name.to_lowercase();
    let fits = extensions
        .iter()
        .any(|ext| lower.ends_with(&format!(".{ext}")));
    match extensions.first() {
        Some(ext) if !fits => format!("{name}.{ext}"),
        _ => name.to_owned(),
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_and_bidi_characters_are_removed_from_names() {
        assert_eq!(
            strip_format_chars("invoice\u{202E}fdp.exe"),
            "invoicefdp.exe"
        );
        assert_eq!(
            strip_format_chars("a\u{200B}b\u{2066}c\u{FEFF}.pdf"),
            "abc.pdf"
        );
        assert_eq!(strip_format_chars("Café résumé.pdf"), "Café résumé.pdf");
        assert_eq!(strip_format_chars("\u{E0041}x"), "x");
    }

    #[test]
    fn downloads_end_with_the_extension_of_their_bytes() {
        assert_eq!(download_name("scan.pdf", CONTENT_TYPE_PDF), "scan.pdf");
        assert_eq!(download_name("SCAN.PDF", CONTENT_TYPE_PDF), "SCAN.PDF");
        assert_eq!(download_name("scan.exe", CONTENT_TYPE_PDF), "scan.exe.pdf");
        assert_eq!(download_name("photo.jpeg", CONTENT_TYPE_JPEG), "photo.jpeg");
        assert_eq!(download_name("photo", CONTENT_TYPE_JPEG), "photo.jpg");
        assert_eq!(
            download_name("claims.html", CONTENT_TYPE_XLSX),
            "claims.html.xlsx"
        );
        assert_eq!(
            download_name("x\u{202E}fdp.exe", CONTENT_TYPE_PNG),
            "xfdp.exe.png"
        );
        assert_eq!(
            download_name("\u{200B}", CONTENT_TYPE_CSV),
            "attachment.csv"
        );
    }
}
