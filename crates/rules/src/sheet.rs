//! Reading a table from an uploaded file: a CSV (RFC 4180) or, with the `xlsx` feature, an XLSX
//! workbook. The type comes from the bytes, never from the file's name. Used by the claims template
//! ([`crate::claims`]) and the facility registration template ([`crate::facility_template`]).
//!
//! The refusals and their messages are `docs/claims.md` ("Reading a file") and `docs/pages.md`
//! ("Files"). Cells come back as text: XLSX dates as `YYYY-MM-DD`, XLSX numbers as their shortest
//! decimal text (`123456789`, `1234.5`); a CSV cell is never evaluated, whatever it starts with.

use std::borrow::Cow;

#[cfg(feature = "xlsx")]
pub mod xlsx;
#[cfg(feature = "xlsx")]
mod xml;
#[cfg(feature = "xlsx")]
pub mod zip;

/// The largest file read (10 MB, as ux.md's "10MB"); a larger one is refused before it is read.
pub const MAX_FILE_BYTES: usize = 10 * 1024 * 1024;

/// The same words as every other file of the portal (`crate::tickets`' attachments).
pub const EMPTY_MESSAGE: &str = crate::tickets::FILE_EMPTY_MESSAGE;
pub const TOO_BIG_MESSAGE: &str = crate::tickets::FILE_TOO_BIG_MESSAGE;
pub const TYPE_MESSAGE: &str = "The selected file must be a CSV or XLSX";
pub const NOT_TEMPLATE_MESSAGE: &str = "The selected file must use the template";
pub const PASSWORD_MESSAGE: &str =
    "The selected file is protected by a password. Save a copy without the password and select that";
pub const MACROS_MESSAGE: &str =
    "The selected file contains macros. Save it as an Excel Workbook (.xlsx) or CSV and select that";
pub const FORMULAS_MESSAGE: &str =
    "The selected file contains formulas. Copy the cells and paste them as values, save, and select it again";
/// The generic words; each template says how many rows it holds ([`SheetError::message`]).
pub const TOO_LARGE_TO_READ_MESSAGE: &str =
    "The selected file is too large to read. Use the template";

/// Why a file cannot be read as a table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SheetError {
    /// No bytes, or no cell with anything in it.
    Empty,
    /// More than [`MAX_FILE_BYTES`].
    TooBig,
    /// Neither CSV nor XLSX (or an XLSX without the `xlsx` feature, or a damaged one).
    NotCsvOrXlsx,
    /// An encrypted workbook (an OLE compound file holding an `EncryptedPackage`).
    Password,
    /// `xl/vbaProject.bin`, or a macro-enabled content type.
    Macros,
    /// A formula cell (`<f>`).
    Formulas,
    /// Over [`xlsx::MAX_UNZIPPED_BYTES`] once decompressed, or over [`xlsx::MAX_ENTRIES`] entries,
    /// or a cell beyond [`MAX_COLUMNS`].
    TooLargeToRead,
    /// The whole message ("The selected file must use the template: ...").
    NotTemplate(String),
}

impl SheetError {
    /// The message in ux.md's words; `too_large` is the template's own "too large to read" words.
    pub fn message_with(&self, too_large: &str) -> String {
        match self {
            SheetError::Empty => EMPTY_MESSAGE.into(),
            SheetError::TooBig => TOO_BIG_MESSAGE.into(),
            SheetError::NotCsvOrXlsx => TYPE_MESSAGE.into(),
            SheetError::Password => PASSWORD_MESSAGE.into(),
            SheetError::Macros => MACROS_MESSAGE.into(),
            SheetError::Formulas => FORMULAS_MESSAGE.into(),
            SheetError::TooLargeToRead => too_large.into(),
            SheetError::NotTemplate(message) => message.clone(),
        }
    }

    /// The message with the generic "too large to read" words.
    pub fn message(&self) -> String {
        self.message_with(TOO_LARGE_TO_READ_MESSAGE)
    }
}

/// The most columns read: a cell with something in it further right makes the file too large to
/// read (a workbook could otherwise name column XFD and make every row 16,384 cells).
pub const MAX_COLUMNS: usize = 256;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    Xlsx,
}

impl Format {
    /// `csv` or `xlsx`.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Xlsx => "xlsx",
        }
    }
}

/// One row with something in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// The spreadsheet's row number (from 1): a CSV record's position, an XLSX row's `r`.
    pub number: u32,
    /// The text line the row starts on (from 1): for a CSV with line breaks inside quoted cells
    /// it is larger than `number`; for an XLSX it is `number`.
    pub line: u32,
    /// The cells as written (not trimmed), at most [`MAX_COLUMNS`]: every cell of a CSV record;
    /// an XLSX row's up to its last cell with something in it.
    pub cells: Vec<String>,
}

/// The rows of a file, blank rows (every cell empty or spaces) left out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    pub format: Format,
    pub rows: Vec<Row>,
    /// There are more rows with something in them after the `max_rows` read.
    pub more: bool,
}

/// Reads the first `max_rows` rows with something in them (the heading row counts), then stops:
/// `Table::more` says whether the file has more. The refusals are [`SheetError`]'s.
pub fn read(bytes: &[u8], max_rows: usize) -> Result<Table, SheetError> {
    if bytes.is_empty() {
        return Err(SheetError::Empty);
    }
    if bytes.len() > MAX_FILE_BYTES {
        return Err(SheetError::TooBig);
    }
    if bytes.starts_with(&OLE_SIGNATURE) {
        return Err(if is_encrypted_ooxml(bytes) {
            SheetError::Password
        } else {
            SheetError::NotCsvOrXlsx
        });
    }
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        #[cfg(feature = "xlsx")]
        return xlsx::read(bytes, max_rows);
        #[cfg(not(feature = "xlsx"))]
        return Err(SheetError::NotCsvOrXlsx);
    }
    let text = decode_text(bytes)?;
    let (rows, more) = csv_rows(&text, max_rows)?;
    if rows.is_empty() {
        return Err(SheetError::Empty);
    }
    Ok(Table {
        format: Format::Csv,
        rows,
        more,
    })
}

/// [`read`] with the message of its refusal (the generic "too large to read" words).
pub fn read_table(bytes: &[u8], max_rows: usize) -> Result<Table, String> {
    read(bytes, max_rows).map_err(|e| e.message())
}

/// The first 8 bytes of an OLE compound file (CFB): old `.xls` files and encrypted OOXML.
const OLE_SIGNATURE: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// An encrypted XLSX is a compound file whose directory names the stream `EncryptedPackage`
/// (MS-OFFCRYPTO 2.3.4.4); the names are UTF-16LE. An old `.xls` workbook has no such stream.
fn is_encrypted_ooxml(bytes: &[u8]) -> bool {
    let name: Vec<u8> = "EncryptedPackage"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    bytes.windows(name.len()).any(|w| w == name.as_slice())
}

/// CSV text: UTF-8 (a byte order mark dropped), or else Windows-1252, as Excel saves "CSV". A NUL
/// byte means it is not text.
pub fn decode_text(bytes: &[u8]) -> Result<Cow<'_, str>, SheetError> {
    if bytes.contains(&0) {
        return Err(SheetError::NotCsvOrXlsx);
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(Cow::Borrowed(text)),
        Err(_) => Ok(Cow::Owned(bytes.iter().map(|&b| windows_1252(b)).collect())),
    }
}

/// One byte of Windows-1252 (the WHATWG table: the five unassigned bytes are the C1 controls).
fn windows_1252(byte: u8) -> char {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8D}', 'Ž',
        '\u{8F}', '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9D}',
        'ž', 'Ÿ',
    ];
    match byte {
        0x80..=0x9F => HIGH[usize::from(byte - 0x80)],
        _ => char::from(byte),
    }
}

/// Whether every cell is empty or spaces.
pub fn is_blank(cells: &[String]) -> bool {
    cells.iter().all(|c| c.trim().is_empty())
}

/// The rows of CSV text with something in them, at most `max_rows`, and whether there are more.
pub(crate) fn csv_rows(text: &str, max_rows: usize) -> Result<(Vec<Row>, bool), SheetError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut rows = Vec::new();
    let mut more = false;
    csv_records(text, |row| {
        if is_blank(&row.cells) {
            return true;
        }
        if rows.len() == max_rows {
            more = true;
            return false;
        }
        rows.push(row);
        true
    })?;
    Ok((rows, more))
}

/// Splits RFC 4180 text into records and hands each to `each` (which says whether to go on):
/// quoted cells (with `""` for a quote, and commas and line breaks inside), CRLF, LF or a lone CR
/// between records. Lenient where RFC 4180 is strict and a spreadsheet would be too: a quote inside
/// an unquoted cell, or text after a closing quote, is kept as written. A quoted cell left open to
/// the end of the file is an error. Nothing is evaluated: `=1+1` is the text `=1+1`.
pub(crate) fn csv_records(text: &str, mut each: impl FnMut(Row) -> bool) -> Result<(), SheetError> {
    let mut cells: Vec<String> = Vec::new();
    let mut cell = String::new();
    let mut line = 1u32;
    let mut number = 1u32;
    let mut record_line = 1u32;
    // Whether the current cell started with a quote and it is still open.
    let mut in_quotes = false;
    let mut quoted_from = 0u32;
    // Whether the current cell is at its start (a quote there opens a quoted cell).
    let mut at_cell_start = true;
    let mut chars = text.chars().peekable();
    let mut emit = |cells: Vec<String>, number: &mut u32, record_line: u32| -> bool {
        let go_on = each(Row {
            number: *number,
            line: record_line,
            cells,
        });
        *number = number.saturating_add(1);
        go_on
    };
    while let Some(c) = chars.next() {
        if in_quotes {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    cell.push('"');
                }
                '"' => in_quotes = false,
                '\r' => {
                    cell.push('\r');
                    if chars.peek() == Some(&'\n') {
                        chars.next();
                        cell.push('\n');
                    }
                    line = line.saturating_add(1);
                }
                '\n' => {
                    cell.push('\n');
                    line = line.saturating_add(1);
                }
                _ => cell.push(c),
            }
            continue;
        }
        match c {
            '"' if at_cell_start => {
                in_quotes = true;
                quoted_from = line;
                at_cell_start = false;
            }
            ',' => {
                push_cell(&mut cells, std::mem::take(&mut cell))?;
                at_cell_start = true;
            }
            '\r' | '\n' => {
                if c == '\r' && chars.peek() == Some(&'\n') {
                    chars.next();
                }
                push_cell(&mut cells, std::mem::take(&mut cell))?;
                if !emit(std::mem::take(&mut cells), &mut number, record_line) {
                    return Ok(());
                }
                line = line.saturating_add(1);
                record_line = line;
                at_cell_start = true;
            }
            _ => {
                cell.push(c);
                at_cell_start = false;
            }
        }
    }
    if in_quotes {
        return Err(SheetError::NotTemplate(format!(
            "{NOT_TEMPLATE_MESSAGE}: the quoted cell that starts on line {quoted_from} has no closing quote mark"
        )));
    }
    if !cells.is_empty() || !cell.is_empty() || !at_cell_start {
        push_cell(&mut cells, cell)?;
        emit(cells, &mut number, record_line);
    }
    Ok(())
}

/// Keeps at most [`MAX_COLUMNS`] cells of a record: empty cells further right are dropped (they
/// would only take memory), a cell with something in it there makes the file too large to read.
fn push_cell(cells: &mut Vec<String>, cell: String) -> Result<(), SheetError> {
    if cells.len() < MAX_COLUMNS {
        cells.push(cell);
        Ok(())
    } else if cell.trim().is_empty() {
        Ok(())
    } else {
        Err(SheetError::TooLargeToRead)
    }
}

/// A heading as compared: trimmed, without a trailing `*`, inner runs of spaces made one, ASCII
/// letters lowercase.
pub fn heading_key(text: &str) -> String {
    let text = text.trim();
    let text = text.strip_suffix('*').unwrap_or(text);
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_ascii_lowercase()
}

/// "A", "A and B", "A, B and C", each in quotes.
pub fn quoted_list(items: &[&str]) -> String {
    let quoted: Vec<String> = items.iter().map(|i| format!("\"{i}\"")).collect();
    match quoted.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(text: &str) -> Vec<(u32, u32, Vec<&str>)> {
        let (rows, _) = csv_rows(text, 1000).unwrap();
        rows.iter()
            .map(|r| {
                (
                    r.number,
                    r.line,
                    r.cells.iter().map(|c| leak(c.clone())).collect(),
                )
            })
            .collect()
    }

    fn leak(s: String) -> &'static str {
        Box::leak(s.into_boxed_str())
    }

    #[test]
    fn csv_rows_have_spreadsheet_numbers_and_lines() {
        let got = rows("a,b\r\n\"x\ny\",z\r\n\r\n,,\r\nlast,\r\n");
        assert_eq!(
            got,
            vec![
                (1, 1, vec!["a", "b"]),
                (2, 2, vec!["x\ny", "z"]),
                (5, 6, vec!["last", ""]),
            ]
        );
    }

    #[test]
    fn reading_stops_after_max_rows() {
        let text = "h\r\n1\r\n\r\n2\r\n3\r\n";
        let (got, more) = csv_rows(text, 4).unwrap();
        assert_eq!(got.len(), 4);
        assert!(!more);
        let (got, more) = csv_rows(text, 3).unwrap();
        assert_eq!(got.len(), 3);
        assert_eq!(got[2].cells, vec!["2"]);
        assert!(more);
    }

    #[test]
    fn text_is_utf8_or_windows_1252() {
        assert_eq!(decode_text(b"\xEF\xBB\xBFcaf\xC3\xA9").unwrap(), "café");
        assert_eq!(decode_text(b"caf\xE9 \x80 \x96").unwrap(), "café € –");
        assert_eq!(decode_text(b"a\0b"), Err(SheetError::NotCsvOrXlsx));
    }

    #[test]
    fn what_the_bytes_are() {
        assert_eq!(read(b"", 10), Err(SheetError::Empty));
        assert_eq!(read(b" , \r\n\r\n", 10), Err(SheetError::Empty));
        assert_eq!(
            read(&vec![b'a'; MAX_FILE_BYTES + 1], 10),
            Err(SheetError::TooBig)
        );
        assert_eq!(
            read(b"\x89PNG\r\n\x1a\n\0\0", 10),
            Err(SheetError::NotCsvOrXlsx)
        );
        let mut ole = OLE_SIGNATURE.to_vec();
        ole.extend_from_slice(&[0; 100]);
        assert_eq!(read(&ole, 10), Err(SheetError::NotCsvOrXlsx));
        ole.extend("EncryptedPackage".encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(read(&ole, 10), Err(SheetError::Password));
        let table = read(b"=1+1,@x\r\n", 10).unwrap();
        assert_eq!(table.format, Format::Csv);
        assert_eq!(table.rows[0].cells, vec!["=1+1", "@x"]);
    }

    #[test]
    fn at_most_max_columns() {
        let wide = format!("a{}\r\n", ",".repeat(MAX_COLUMNS * 3));
        let (got, _) = csv_rows(&wide, 10).unwrap();
        assert_eq!(got[0].cells.len(), MAX_COLUMNS);
        let too_wide = format!("a{}b\r\n", ",".repeat(MAX_COLUMNS));
        assert_eq!(csv_rows(&too_wide, 10), Err(SheetError::TooLargeToRead));
    }

    #[cfg(not(feature = "xlsx"))]
    #[test]
    fn without_the_feature_a_zip_is_not_read() {
        assert_eq!(read(b"PK\x03\x04rest", 10), Err(SheetError::NotCsvOrXlsx));
    }
}
