//! XLSX workbooks (ECMA-376, SpreadsheetML): reading one sheet as a table of text, and writing
//! small workbooks (the blank claims template; the tests' files).
//!
//! Read: `xl/workbook.xml` (the sheets, the 1904 date system), `xl/_rels/workbook.xml.rels`,
//! `xl/sharedStrings.xml`, `xl/styles.xml` (which cells are dates) and the sheet named `Claims`, or
//! else the first. Refused: macros (`xl/vbaProject.bin`, a macro-enabled content type), a formula
//! cell in the sheet read, more than [`MAX_ENTRIES`] ZIP entries, more than
//! [`MAX_UNZIPPED_BYTES`] unpacked.

use std::borrow::Cow;
use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::xml::{self, attr, escape, Event, Reader};
use super::zip::{self, Archive, ZipError};
use super::{is_blank, Format, Row, SheetError, Table, MAX_COLUMNS};

/// The most bytes a workbook may unpack to (all its entries together).
pub const MAX_UNZIPPED_BYTES: usize = 50 * 1024 * 1024;
/// The most ZIP entries a workbook may have.
pub const MAX_ENTRIES: usize = 200;
/// The sheet read when there is one of that name.
pub const PREFERRED_SHEET: &str = "Claims";

impl From<ZipError> for SheetError {
    fn from(e: ZipError) -> Self {
        match e {
            ZipError::NotZip => SheetError::NotCsvOrXlsx,
            ZipError::Encrypted => SheetError::Password,
            ZipError::TooManyEntries | ZipError::TooLarge => SheetError::TooLargeToRead,
        }
    }
}

impl From<xml::Malformed> for SheetError {
    fn from(_: xml::Malformed) -> Self {
        SheetError::NotCsvOrXlsx
    }
}

/// An entry's bytes as text (XLSX parts are UTF-8; a byte order mark is dropped).
fn part_text(bytes: Vec<u8>) -> Result<String, SheetError> {
    let mut text = String::from_utf8(bytes).map_err(|_| SheetError::NotCsvOrXlsx)?;
    if text.starts_with('\u{feff}') {
        text.drain(..3);
    }
    Ok(text)
}

struct Workbook<'a> {
    archive: Archive<'a>,
    budget: usize,
}

impl Workbook<'_> {
    /// A part's text; `None` when the workbook has no such part.
    fn part(&mut self, name: &str) -> Result<Option<String>, SheetError> {
        let Some(entry) = self.archive.find(name).cloned() else {
            return Ok(None);
        };
        let bytes = self.archive.read(&entry, &mut self.budget)?;
        part_text(bytes).map(Some)
    }
}

/// Reads the first `max_rows` rows with something in them from the sheet `Claims` (or the first).
pub(crate) fn read(bytes: &[u8], max_rows: usize) -> Result<Table, SheetError> {
    let archive = zip::open(bytes, MAX_ENTRIES)?;
    if archive.find("xl/workbook.xml").is_none() {
        return Err(SheetError::NotCsvOrXlsx);
    }
    if archive.entries.iter().any(|e| {
        let name = e.name.to_ascii_lowercase();
        // VBA, and Excel 4.0 macro sheets (which need no VBA project).
        name.ends_with("vbaproject.bin")
            || name.trim_start_matches('/').starts_with("xl/macrosheets/")
    }) {
        return Err(SheetError::Macros);
    }
    if archive.entries.iter().any(|e| e.encrypted) {
        return Err(SheetError::Password);
    }
    if archive.declared_size() > MAX_UNZIPPED_BYTES as u64 {
        return Err(SheetError::TooLargeToRead);
    }
    let mut book = Workbook {
        archive,
        budget: MAX_UNZIPPED_BYTES,
    };
    if let Some(types) = book.part("[Content_Types].xml")? {
        let types = types.to_ascii_lowercase();
        // `...sheet.macroEnabled.main+xml`, and an Excel 4.0 macro sheet under any part name
        // (`application/vnd.ms-excel.macrosheet+xml`).
        if types.contains("macroenabled") || types.contains("macrosheet") {
            return Err(SheetError::Macros);
        }
    }
    let workbook = book.part("xl/workbook.xml")?.unwrap_or_default();
    let (sheet_id, date1904) = sheet_of(&workbook)?;
    let sheet_id = sheet_id.ok_or(SheetError::Empty)?;
    let rels = relationships(
        &book.part("xl/_rels/workbook.xml.rels")?.unwrap_or_default(),
        &sheet_id,
    )?;
    let shared_strings_at = rels
        .shared_strings
        .unwrap_or_else(|| "xl/sharedStrings.xml".to_string());
    let styles_at = rels.styles.unwrap_or_else(|| "xl/styles.xml".to_string());
    let sheet_at = rels
        .sheet
        .unwrap_or_else(|| "xl/worksheets/sheet1.xml".to_string());
    let dates = match book.part(&styles_at)? {
        Some(styles) => date_styles(&styles)?,
        None => Vec::new(),
    };
    let strings = match book.part(&shared_strings_at)? {
        Some(text) => shared_strings(&text)?,
        None => SharedStrings::default(),
    };
    let sheet_xml = book.part(&sheet_at)?.ok_or(SheetError::NotCsvOrXlsx)?;
    let cells = CellReader {
        strings: &strings,
        dates: &dates,
        date1904,
        text_left: std::cell::Cell::new(MAX_CELL_TEXT_BYTES),
    };
    let (rows, more) = cells.rows(&sheet_xml, max_rows)?;
    if rows.is_empty() {
        return Err(SheetError::Empty);
    }
    Ok(Table {
        format: Format::Xlsx,
        rows,
        more,
    })
}

/// The relationship id of the sheet read (the one named [`PREFERRED_SHEET`], else the first;
/// `None` without sheets), and whether dates count from 1904. Only that sheet is kept: a workbook
/// listing millions of sheets takes no memory for them.
fn sheet_of(xml_text: &str) -> Result<(Option<String>, bool), SheetError> {
    let mut first = None;
    let mut preferred = None;
    let mut date1904 = false;
    for event in Reader::new(xml_text) {
        if let Event::Start { name, attrs, .. } = event? {
            match name {
                "sheet" => {
                    let id = || attr(attrs, "id").unwrap_or_default().into_owned();
                    if first.is_none() {
                        first = Some(id());
                    }
                    let named = attr(attrs, "name")
                        .is_some_and(|n| n.eq_ignore_ascii_case(PREFERRED_SHEET));
                    if named && preferred.is_none() {
                        preferred = Some(id());
                    }
                }
                "workbookPr" => {
                    date1904 = matches!(attr(attrs, "date1904").as_deref(), Some("1" | "true"))
                }
                _ => {}
            }
        }
    }
    Ok((preferred.or(first), date1904))
}

/// The parts the workbook's relationships name (their part names in the archive).
#[derive(Debug, Default)]
struct Targets {
    sheet: Option<String>,
    styles: Option<String>,
    shared_strings: Option<String>,
}

/// The targets of the sheet `sheet_id`, the styles and the shared strings (the first of each):
/// nothing else is kept, however many relationships the part lists.
fn relationships(xml_text: &str, sheet_id: &str) -> Result<Targets, SheetError> {
    let mut out = Targets::default();
    for event in Reader::new(xml_text) {
        if let Event::Start {
            name: "Relationship",
            attrs,
            ..
        } = event?
        {
            let kind = attr(attrs, "Type").unwrap_or_default();
            let slot = if attr(attrs, "Id").is_some_and(|id| id == sheet_id) {
                &mut out.sheet
            } else if kind.ends_with("/styles") {
                &mut out.styles
            } else if kind.ends_with("/sharedStrings") {
                &mut out.shared_strings
            } else {
                continue;
            };
            if slot.is_none() {
                *slot = Some(part_name("xl", &attr(attrs, "Target").unwrap_or_default()));
            }
        }
    }
    Ok(out)
}

/// A relationship target as a part name: absolute (`/xl/...`) or relative to `base`.
fn part_name(base: &str, target: &str) -> String {
    if let Some(absolute) = target.strip_prefix('/') {
        return absolute.to_string();
    }
    let mut parts: Vec<&str> = base.split('/').filter(|p| !p.is_empty()).collect();
    for piece in target.split('/') {
        match piece {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    parts.join("/")
}

/// For each cell style (`cellXfs`), whether its number format shows a date.
fn date_styles(xml_text: &str) -> Result<Vec<bool>, SheetError> {
    let mut custom: BTreeMap<u32, bool> = BTreeMap::new();
    let mut styles = Vec::new();
    let mut in_cell_xfs = false;
    for event in Reader::new(xml_text) {
        match event? {
            Event::Start { name, attrs, empty } => match name {
                "numFmt" => {
                    if let Some(id) = attr(attrs, "numFmtId").and_then(|i| i.parse().ok()) {
                        let code = attr(attrs, "formatCode").unwrap_or_default();
                        custom.insert(id, is_date_format(&code));
                    }
                }
                "cellXfs" if !empty => in_cell_xfs = true,
                "xf" if in_cell_xfs => {
                    let id: u32 = attr(attrs, "numFmtId")
                        .and_then(|i| i.parse().ok())
                        .unwrap_or(0);
                    styles.push(custom.get(&id).copied().unwrap_or(is_builtin_date(id)));
                }
                _ => {}
            },
            Event::End { name: "cellXfs" } => in_cell_xfs = false,
            _ => {}
        }
    }
    Ok(styles)
}

/// The built-in number formats that show dates (ECMA-376 18.8.30, and the East Asian ones).
fn is_builtin_date(id: u32) -> bool {
    matches!(id, 14..=22 | 27..=36 | 45..=47 | 50..=58)
}

/// Whether a format code shows a date or a time: a `d`, `m`, `y`, `h` or `s` outside quoted text,
/// escaped characters and `[...]` sections (colours, conditions, locales).
fn is_date_format(code: &str) -> bool {
    let mut chars = code.chars();
    let mut in_quotes = false;
    let mut in_brackets = false;
    while let Some(c) = chars.next() {
        match c {
            '"' => in_quotes = !in_quotes,
            _ if in_quotes => {}
            '\\' | '_' | '*' => {
                chars.next();
            }
            '[' => in_brackets = true,
            ']' => in_brackets = false,
            _ if in_brackets => {}
            'd' | 'D' | 'm' | 'M' | 'y' | 'Y' | 'h' | 'H' | 's' | 'S' => return true,
            _ => {}
        }
    }
    false
}

/// `_xHHHH_` escapes of SpreadsheetML strings (ECMA-376 22.9.2.19), such as `_x000D_` for a
/// carriage return.
fn unescape_xstring(text: Cow<'_, str>) -> Cow<'_, str> {
    if !text.contains("_x") {
        return text;
    }
    let mut out = String::with_capacity(text.len());
    let mut rest: &str = &text;
    while let Some(at) = rest.find("_x") {
        out.push_str(&rest[..at]);
        let candidate = rest.get(at + 2..at + 7);
        let decoded = candidate.and_then(|c| {
            let (hex, underscore) = c.split_at(4);
            if underscore != "_" || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
                return None;
            }
            char::from_u32(u32::from_str_radix(hex, 16).ok()?)
        });
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &rest[at + 7..];
            }
            None => {
                out.push_str("_x");
                rest = &rest[at + 2..];
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// The shared strings, end to end in one text with where each ends: 4 bytes a string, so that a
/// table of millions of empty `<si/>` (5 bytes each) does not take 24 bytes a string.
#[derive(Debug, Default)]
struct SharedStrings {
    text: String,
    ends: Vec<u32>,
}

impl SharedStrings {
    fn get(&self, index: usize) -> Option<&str> {
        let end = usize::try_from(*self.ends.get(index)?).ok()?;
        let start = match index.checked_sub(1) {
            Some(before) => usize::try_from(self.ends[before]).ok()?,
            None => 0,
        };
        self.text.get(start..end)
    }

    fn end_string(&mut self) -> Result<(), SheetError> {
        let end = u32::try_from(self.text.len()).map_err(|_| SheetError::TooLargeToRead)?;
        self.ends.push(end);
        Ok(())
    }
}

/// The shared strings: each `<si>`'s text (its `<t>` elements, phonetic runs left out).
fn shared_strings(xml_text: &str) -> Result<SharedStrings, SheetError> {
    let mut out = SharedStrings::default();
    let mut in_si = false;
    let mut in_t = false;
    let mut in_phonetic = false;
    for event in Reader::new(xml_text) {
        match event? {
            Event::Start { name, empty, .. } => match name {
                "si" if empty => out.end_string()?,
                "si" => in_si = true,
                "t" if !empty => in_t = true,
                "rPh" if !empty => in_phonetic = true,
                _ => {}
            },
            Event::End { name } => match name {
                "si" => {
                    out.end_string()?;
                    in_si = false;
                }
                "t" => in_t = false,
                "rPh" => in_phonetic = false,
                _ => {}
            },
            Event::Text(text) => {
                if in_si && in_t && !in_phonetic {
                    out.text.push_str(&unescape_xstring(text));
                }
            }
        }
    }
    Ok(out)
}

/// The column of a cell reference (`B12` -> 1); `None` without letters.
fn column_of(reference: &str) -> Option<usize> {
    let letters: Vec<u8> = reference
        .bytes()
        .take_while(u8::is_ascii_alphabetic)
        .collect();
    if letters.is_empty() || letters.len() > 3 {
        return None;
    }
    let mut index = 0usize;
    for b in letters {
        index = index * 26 + usize::from(b.to_ascii_uppercase() - b'A' + 1);
    }
    Some(index - 1)
}

/// A number as its shortest decimal text: `123456789`, `1234.5`, `0.1`.
fn number_text(value: &str) -> String {
    match value.trim().parse::<f64>() {
        Ok(n) if n.is_finite() => {
            if n.fract() == 0.0 && n.abs() < 1e15 {
                format!("{}", n as i64)
            } else {
                format!("{n}")
            }
        }
        _ => value.trim().to_string(),
    }
}

/// A date serial number as `YYYY-MM-DD` (the time of day dropped). The 1900 system counts from
/// 1899-12-30 (Excel's 29 February 1900, serial 60, does not exist; serials before it count from
/// 1899-12-31); the 1904 system from 1904-01-01.
fn date_text(value: &str, date1904: bool) -> Option<String> {
    let serial: f64 = value.trim().parse().ok()?;
    if !serial.is_finite() || !(0.0..2_958_466.0).contains(&serial) {
        return None;
    }
    let days = serial.floor() as i64;
    let (base, days) = match (date1904, days) {
        (true, d) => (NaiveDate::from_ymd_opt(1904, 1, 1)?, d),
        (false, d) if d < 60 => (NaiveDate::from_ymd_opt(1899, 12, 31)?, d),
        (false, d) => (NaiveDate::from_ymd_opt(1899, 12, 30)?, d),
    };
    base.checked_add_signed(chrono::Duration::days(days))
        .map(|d| d.to_string())
}

/// The most text the cells of the sheet read may come to, all together (each shared string
/// counted every time a cell uses it): a 1 MB string used by a million cells is too large to
/// read, not a terabyte of copies.
pub const MAX_CELL_TEXT_BYTES: usize = MAX_UNZIPPED_BYTES;

struct CellReader<'a> {
    strings: &'a SharedStrings,
    dates: &'a [bool],
    date1904: bool,
    /// What is left of [`MAX_CELL_TEXT_BYTES`].
    text_left: std::cell::Cell<usize>,
}

/// The cell being read.
#[derive(Default)]
struct ReadCell {
    column: usize,
    kind: String,
    style: usize,
    value: String,
    inline: String,
}

impl CellReader<'_> {
    /// Takes `len` bytes off what is left of the cells' text.
    fn charge(&self, len: usize) -> Result<(), SheetError> {
        let left = self
            .text_left
            .get()
            .checked_sub(len)
            .ok_or(SheetError::TooLargeToRead)?;
        self.text_left.set(left);
        Ok(())
    }

    /// The cell's text, its length taken off what is left (a shared string's before it is
    /// copied).
    fn text(&self, cell: &ReadCell) -> Result<String, SheetError> {
        // A shared-string cell with no value is an empty cell (as some programs write one).
        if cell.kind == "s" && !cell.value.trim().is_empty() {
            let index: usize = cell
                .value
                .trim()
                .parse()
                .map_err(|_| SheetError::NotCsvOrXlsx)?;
            let text = self.strings.get(index).ok_or(SheetError::NotCsvOrXlsx)?;
            self.charge(text.len())?;
            return Ok(text.to_string());
        }
        let text = self.other_text(cell);
        self.charge(text.len())?;
        Ok(text)
    }

    fn other_text(&self, cell: &ReadCell) -> String {
        match cell.kind.as_str() {
            "inlineStr" => cell.inline.clone(),
            "str" | "e" => cell.value.clone(),
            "b" => match cell.value.trim() {
                "1" => "TRUE".into(),
                "0" => "FALSE".into(),
                other => other.into(),
            },
            "d" => {
                let v = cell.value.trim();
                v.split('T').next().unwrap_or(v).to_string()
            }
            _ if cell.value.trim().is_empty() => String::new(),
            _ if self.dates.get(cell.style).copied().unwrap_or(false) => {
                date_text(&cell.value, self.date1904).unwrap_or_else(|| number_text(&cell.value))
            }
            _ => number_text(&cell.value),
        }
    }

    /// The rows of a worksheet with something in them, at most `max_rows`, and whether there
    /// are more. A formula anywhere in the rows read refuses the file.
    fn rows(&self, sheet: &str, max_rows: usize) -> Result<(Vec<Row>, bool), SheetError> {
        let mut rows = Vec::new();
        let mut row_number = 0u32;
        let mut cells: Vec<String> = Vec::new();
        let mut cell: Option<ReadCell> = None;
        let mut next_column = 0usize;
        // Inside <v>, inside <is> and its <t> (not in a phonetic run).
        let mut in_v = false;
        let mut in_t = false;
        let mut in_phonetic = false;
        for event in Reader::new(sheet) {
            match event? {
                Event::Start { name, attrs, empty } => match name {
                    "row" => {
                        // Rows come in order (ECMA-376 18.3.1.73), numbered from 1: a row
                        // number that does not read or does not go up is a damaged sheet (two
                        // rows 2 would be one claim row in the messages and twice in the table).
                        row_number = match attr(attrs, "r") {
                            Some(r) => r.trim().parse::<u32>().ok().filter(|&r| r > row_number),
                            None => row_number.checked_add(1),
                        }
                        .ok_or(SheetError::NotCsvOrXlsx)?;
                        cells.clear();
                        next_column = 0;
                    }
                    "c" => {
                        let column = attr(attrs, "r")
                            .and_then(|r| column_of(&r))
                            .unwrap_or(next_column);
                        next_column = column + 1;
                        let new = ReadCell {
                            column,
                            kind: attr(attrs, "t").unwrap_or_default().into_owned(),
                            style: attr(attrs, "s")
                                .and_then(|s| s.trim().parse().ok())
                                .unwrap_or(0),
                            ..Default::default()
                        };
                        if empty {
                            self.place(&mut cells, &new)?;
                        } else {
                            cell = Some(new);
                        }
                    }
                    "f" => return Err(SheetError::Formulas),
                    "v" if !empty => in_v = true,
                    "t" if !empty => in_t = true,
                    "rPh" if !empty => in_phonetic = true,
                    _ => {}
                },
                Event::End { name } => match name {
                    "v" => in_v = false,
                    "t" => in_t = false,
                    "rPh" => in_phonetic = false,
                    "c" => {
                        if let Some(done) = cell.take() {
                            self.place(&mut cells, &done)?;
                        }
                    }
                    "row" => {
                        let row_cells = std::mem::take(&mut cells);
                        if is_blank(&row_cells) {
                            continue;
                        }
                        if rows.len() == max_rows {
                            return Ok((rows, true));
                        }
                        rows.push(Row {
                            number: row_number,
                            line: row_number,
                            cells: row_cells,
                        });
                    }
                    _ => {}
                },
                Event::Text(text) => {
                    if let Some(c) = cell.as_mut() {
                        if in_v {
                            c.value.push_str(&text);
                        } else if in_t && !in_phonetic {
                            c.inline.push_str(&unescape_xstring(text));
                        }
                    }
                }
            }
        }
        Ok((rows, false))
    }

    /// Puts a finished cell in its column (empty cells before it filled in).
    fn place(&self, cells: &mut Vec<String>, cell: &ReadCell) -> Result<(), SheetError> {
        let text = self.text(cell)?;
        if text.trim().is_empty() {
            return Ok(());
        }
        if cell.column >= MAX_COLUMNS {
            return Err(SheetError::TooLargeToRead);
        }
        if cells.len() <= cell.column {
            cells.resize(cell.column + 1, String::new());
        }
        cells[cell.column] = text;
        Ok(())
    }
}

// ---------------------------------------------------------------------------------------------
// Writing
// ---------------------------------------------------------------------------------------------

/// A cell to write.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    /// Text, as a shared string (what Excel writes).
    Text(String),
    /// Text written inline (`t="inlineStr"`), as some other programs write it.
    InlineText(String),
    /// Bold text, for headings.
    Heading(String),
    Number(f64),
    /// A date cell: its serial number with a date format.
    Date(NaiveDate),
    /// A formula (with no cached value): for the tests of the refusal.
    Formula(String),
}

/// How a column of a written sheet is formatted (what Excel does with what is typed in it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnFormat {
    General,
    /// Kept as typed: a RIN or a claim number keeps its leading zeros.
    Text,
    /// Shown as a date (the reader's locale).
    Date,
    /// `#,##0.00`.
    Money,
}

impl ColumnFormat {
    /// Its index in the written `cellXfs`.
    fn style(self) -> usize {
        match self {
            ColumnFormat::General => 0,
            ColumnFormat::Text => 1,
            ColumnFormat::Date => 2,
            ColumnFormat::Money => 3,
        }
    }
}

const HEADING_STYLE: usize = 4;

/// A sheet to write.
#[derive(Debug, Clone, PartialEq)]
pub struct Sheet {
    pub name: String,
    pub rows: Vec<Vec<Cell>>,
    /// The columns' formats, from column A (the others are General).
    pub columns: Vec<ColumnFormat>,
}

const MAIN_NS: &str = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const REL_NS: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const PACKAGE_REL_NS: &str = "http://schemas.openxmlformats.org/package/2006/relationships";
const XML_DECLARATION: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";

/// A date's serial number in the 1900 date system.
pub fn date_serial(date: NaiveDate) -> f64 {
    let base = NaiveDate::from_ymd_opt(1899, 12, 30).expect("a real date");
    (date - base).num_days() as f64
}

/// A cell reference: (0, 0) -> `A1`.
fn reference(column: usize, row: usize) -> String {
    let mut letters = Vec::new();
    let mut index = column;
    loop {
        letters.push(b'A' + (index % 26) as u8);
        if index < 26 {
            break;
        }
        index = index / 26 - 1;
    }
    letters.reverse();
    format!("{}{}", String::from_utf8_lossy(&letters), row + 1)
}

/// Text for a `<t>`: escaped, control characters as `_xHHHH_`.
fn xstring(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_control() && !matches!(c, '\t' | '\n' | '\r') {
            out.push_str(&format!("_x{:04X}_", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    escape(&out).into_owned()
}

fn t_element(text: &str) -> String {
    let preserve = text.starts_with(char::is_whitespace)
        || text.ends_with(char::is_whitespace)
        || text.contains('\n');
    if preserve {
        format!("<t xml:space=\"preserve\">{}</t>", xstring(text))
    } else {
        format!("<t>{}</t>", xstring(text))
    }
}

/// The parts of a workbook (name, bytes), `[Content_Types].xml` first. Tests add or change parts
/// and zip them with [`zip::write`].
pub fn workbook_parts(sheets: &[Sheet]) -> Vec<(String, Vec<u8>)> {
    let mut strings: Vec<String> = Vec::new();
    let mut string_index: BTreeMap<String, usize> = BTreeMap::new();
    let mut shared = |text: &str| -> usize {
        if let Some(i) = string_index.get(text) {
            return *i;
        }
        strings.push(text.to_string());
        string_index.insert(text.to_string(), strings.len() - 1);
        strings.len() - 1
    };
    let mut sheet_parts = Vec::new();
    for sheet in sheets {
        let mut x = String::from(XML_DECLARATION);
        x.push_str(&format!(
            "<worksheet xmlns=\"{MAIN_NS}\" xmlns:r=\"{REL_NS}\">"
        ));
        x.push_str("<sheetViews><sheetView workbookViewId=\"0\"><pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/></sheetView></sheetViews>");
        let width = sheet
            .rows
            .iter()
            .map(Vec::len)
            .max()
            .unwrap_or(0)
            .max(sheet.columns.len());
        if width > 0 {
            x.push_str("<cols>");
            for column in 0..width {
                let longest = sheet
                    .rows
                    .iter()
                    .filter_map(|r| match r.get(column) {
                        Some(Cell::Text(t) | Cell::InlineText(t) | Cell::Heading(t)) => {
                            Some(t.chars().count())
                        }
                        _ => None,
                    })
                    .max()
                    .unwrap_or(0);
                let chars = (longest + 2).clamp(12, 80);
                let style = sheet
                    .columns
                    .get(column)
                    .copied()
                    .unwrap_or(ColumnFormat::General)
                    .style();
                x.push_str(&format!(
                    "<col min=\"{n}\" max=\"{n}\" width=\"{chars}\" style=\"{style}\" customWidth=\"1\"/>",
                    n = column + 1
                ));
            }
            x.push_str("</cols>");
        }
        x.push_str("<sheetData>");
        for (r, row) in sheet.rows.iter().enumerate() {
            x.push_str(&format!("<row r=\"{}\">", r + 1));
            for (c, cell) in row.iter().enumerate() {
                let at = reference(c, r);
                let style = sheet
                    .columns
                    .get(c)
                    .copied()
                    .unwrap_or(ColumnFormat::General)
                    .style();
                match cell {
                    Cell::Empty => {}
                    Cell::Text(t) => x.push_str(&format!(
                        "<c r=\"{at}\" s=\"{style}\" t=\"s\"><v>{}</v></c>",
                        shared(t)
                    )),
                    Cell::Heading(t) => x.push_str(&format!(
                        "<c r=\"{at}\" s=\"{HEADING_STYLE}\" t=\"s\"><v>{}</v></c>",
                        shared(t)
                    )),
                    Cell::InlineText(t) => x.push_str(&format!(
                        "<c r=\"{at}\" s=\"{style}\" t=\"inlineStr\"><is>{}</is></c>",
                        t_element(t)
                    )),
                    Cell::Number(n) => {
                        x.push_str(&format!("<c r=\"{at}\" s=\"{style}\"><v>{n}</v></c>"))
                    }
                    Cell::Date(d) => x.push_str(&format!(
                        "<c r=\"{at}\" s=\"{}\"><v>{}</v></c>",
                        ColumnFormat::Date.style(),
                        date_serial(*d)
                    )),
                    Cell::Formula(f) => x.push_str(&format!(
                        "<c r=\"{at}\" s=\"{style}\"><f>{}</f></c>",
                        escape(f)
                    )),
                }
            }
            x.push_str("</row>");
        }
        x.push_str("</sheetData></worksheet>");
        sheet_parts.push(x);
    }

    let mut shared_xml = String::from(XML_DECLARATION);
    shared_xml.push_str(&format!(
        "<sst xmlns=\"{MAIN_NS}\" count=\"{n}\" uniqueCount=\"{n}\">",
        n = strings.len()
    ));
    for s in &strings {
        shared_xml.push_str(&format!("<si>{}</si>", t_element(s)));
    }
    shared_xml.push_str("</sst>");

    let n = sheets.len();
    let mut types = String::from(XML_DECLARATION);
    types.push_str("<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/><Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>");
    for i in 1..=n {
        types.push_str(&format!("<Override PartName=\"/xl/worksheets/sheet{i}.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"));
    }
    types.push_str("<Override PartName=\"/xl/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml\"/><Override PartName=\"/xl/sharedStrings.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml\"/></Types>");

    let root_rels = format!("{XML_DECLARATION}<Relationships xmlns=\"{PACKAGE_REL_NS}\"><Relationship Id=\"rId1\" Type=\"{REL_NS}/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>");

    let mut workbook =
        format!("{XML_DECLARATION}<workbook xmlns=\"{MAIN_NS}\" xmlns:r=\"{REL_NS}\"><sheets>");
    let mut workbook_rels = format!("{XML_DECLARATION}<Relationships xmlns=\"{PACKAGE_REL_NS}\">");
    for (i, sheet) in sheets.iter().enumerate() {
        let id = i + 1;
        let name: String = sheet.name.chars().take(31).collect();
        workbook.push_str(&format!(
            "<sheet name=\"{}\" sheetId=\"{id}\" r:id=\"rId{id}\"/>",
            escape(&name)
        ));
        workbook_rels.push_str(&format!("<Relationship Id=\"rId{id}\" Type=\"{REL_NS}/worksheet\" Target=\"worksheets/sheet{id}.xml\"/>"));
    }
    workbook.push_str("</sheets></workbook>");
    workbook_rels.push_str(&format!("<Relationship Id=\"rId{}\" Type=\"{REL_NS}/styles\" Target=\"styles.xml\"/><Relationship Id=\"rId{}\" Type=\"{REL_NS}/sharedStrings\" Target=\"sharedStrings.xml\"/></Relationships>", n + 1, n + 2));

    let xf = |format: u32, font: u32| {
        format!("<xf numFmtId=\"{format}\" fontId=\"{font}\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\" applyFont=\"1\"/>")
    };
    let styles = format!(
        "{XML_DECLARATION}<styleSheet xmlns=\"{MAIN_NS}\"><fonts count=\"2\"><font><sz val=\"11\"/><name val=\"Calibri\"/></font><font><b/><sz val=\"11\"/><name val=\"Calibri\"/></font></fonts><fills count=\"2\"><fill><patternFill patternType=\"none\"/></fill><fill><patternFill patternType=\"gray125\"/></fill></fills><borders count=\"1\"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/></cellStyleXfs><cellXfs count=\"5\">{}{}{}{}{}</cellXfs><cellStyles count=\"1\"><cellStyle name=\"Normal\" xfId=\"0\" builtinId=\"0\"/></cellStyles></styleSheet>",
        xf(0, 0),
        xf(49, 0),
        xf(14, 0),
        xf(4, 0),
        xf(49, 1)
    );

    let mut parts = vec![
        ("[Content_Types].xml".to_string(), types.into_bytes()),
        ("_rels/.rels".to_string(), root_rels.into_bytes()),
        ("xl/workbook.xml".to_string(), workbook.into_bytes()),
        (
            "xl/_rels/workbook.xml.rels".to_string(),
            workbook_rels.into_bytes(),
        ),
        ("xl/styles.xml".to_string(), styles.into_bytes()),
        ("xl/sharedStrings.xml".to_string(), shared_xml.into_bytes()),
    ];
    for (i, x) in sheet_parts.into_iter().enumerate() {
        parts.push((format!("xl/worksheets/sheet{}.xml", i + 1), x.into_bytes()));
    }
    parts
}

/// Zips parts as [`workbook_parts`] gives them.
pub fn zip_parts(parts: &[(String, Vec<u8>)]) -> Vec<u8> {
    let entries: Vec<(&str, &[u8])> = parts
        .iter()
        .map(|(name, bytes)| (name.as_str(), bytes.as_slice()))
        .collect();
    zip::write(&entries)
}

/// A workbook of these sheets.
pub fn workbook(sheets: &[Sheet]) -> Vec<u8> {
    zip_parts(&workbook_parts(sheets))
}

/// A workbook of sheets of text cells (shared strings), all columns General.
pub fn xlsx_from_rows(sheets: &[(&str, Vec<Vec<String>>)]) -> Vec<u8> {
    let sheets: Vec<Sheet> = sheets
        .iter()
        .map(|(name, rows)| Sheet {
            name: (*name).to_string(),
            rows: rows
                .iter()
                .map(|r| r.iter().map(|t| Cell::Text(t.clone())).collect())
                .collect(),
            columns: Vec::new(),
        })
        .collect();
    workbook(&sheets)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_all(bytes: &[u8]) -> Result<Table, SheetError> {
        read(bytes, 1_000)
    }

    #[test]
    fn written_cells_read_back() {
        let d = NaiveDate::from_ymd_opt(2026, 3, 15).unwrap();
        let book = workbook(&[
            Sheet {
                name: "Other".into(),
                rows: vec![vec![Cell::Text("not this one".into())]],
                columns: vec![],
            },
            Sheet {
                name: "claims".into(),
                rows: vec![
                    vec![Cell::Heading("A".into()), Cell::Heading("B & C".into())],
                    vec![],
                    vec![
                        Cell::Number(123456789.0),
                        Cell::Date(d),
                        Cell::InlineText(" two\nlines ".into()),
                        Cell::Empty,
                        Cell::Number(1234.5),
                        Cell::Text("A & B <c>".into()),
                    ],
                ],
                columns: vec![ColumnFormat::Text],
            },
        ]);
        let table = read_all(&book).unwrap();
        assert_eq!(table.format, Format::Xlsx);
        assert!(!table.more);
        assert_eq!(table.rows.len(), 2);
        assert_eq!(table.rows[0].number, 1);
        assert_eq!(table.rows[0].cells, vec!["A", "B & C"]);
        assert_eq!(table.rows[1].number, 3);
        assert_eq!(
            table.rows[1].cells,
            vec![
                "123456789",
                "2026-03-15",
                " two\nlines ",
                "",
                "1234.5",
                "A & B <c>"
            ]
        );
    }

    #[test]
    fn the_first_sheet_without_a_claims_sheet() {
        let book = xlsx_from_rows(&[
            ("One", vec![vec!["x".into()]]),
            ("Two", vec![vec!["y".into()]]),
        ]);
        assert_eq!(read_all(&book).unwrap().rows[0].cells, vec!["x"]);
    }

    #[test]
    fn refusals() {
        let sheet = || Sheet {
            name: "Claims".into(),
            rows: vec![vec![Cell::Text("a".into()), Cell::Formula("1+1".into())]],
            columns: vec![],
        };
        assert_eq!(read_all(&workbook(&[sheet()])), Err(SheetError::Formulas));
        let mut parts = workbook_parts(&[]);
        parts.push(("xl/vbaProject.bin".into(), vec![1, 2, 3]));
        assert_eq!(read_all(&zip_parts(&parts)), Err(SheetError::Macros));
        let mut parts = workbook_parts(&[]);
        parts[0].1 = String::from_utf8(parts[0].1.clone())
            .unwrap()
            .replace("sheet.main+xml", "sheet.macroEnabled.main+xml")
            .into_bytes();
        assert_eq!(read_all(&zip_parts(&parts)), Err(SheetError::Macros));
        let not_a_workbook = zip::write(&[("word/document.xml", b"<w/>")]);
        assert_eq!(read_all(&not_a_workbook), Err(SheetError::NotCsvOrXlsx));
        let many: Vec<(String, Vec<u8>)> = (0..=MAX_ENTRIES)
            .map(|i| (format!("xl/extra{i}.xml"), Vec::new()))
            .chain([("xl/workbook.xml".to_string(), Vec::new())])
            .collect();
        assert_eq!(read_all(&zip_parts(&many)), Err(SheetError::TooLargeToRead));
        assert_eq!(read_all(&workbook(&[])), Err(SheetError::Empty));
    }

    /// The workbook with `entry` added (or in place of the part of that name).
    fn with_extra(entry: zip::RawEntry) -> Vec<u8> {
        let parts = workbook_parts(&[Sheet {
            name: "Claims".into(),
            rows: vec![vec![Cell::Text("a".into())]],
            columns: vec![],
        }]);
        let mut raw: Vec<zip::RawEntry> = parts
            .iter()
            .map(|(name, bytes)| zip::RawEntry::new(name, bytes))
            .collect();
        raw.retain(|e| e.name != entry.name);
        raw.insert(1, entry);
        zip::write_raw(&raw)
    }

    #[test]
    fn a_zip_bomb_is_too_large_to_read() {
        // The directory tells the truth: refused before anything is unpacked.
        let bomb = zip::deflate_zeros(MAX_UNZIPPED_BYTES + 1);
        let honest = with_extra(zip::RawEntry {
            name: "xl/media/big.bin",
            method: 8,
            body: Cow::Borrowed(&bomb),
            size: (MAX_UNZIPPED_BYTES + 1) as u32,
            crc: 0,
        });
        assert!(honest.len() < 400_000);
        assert_eq!(read_all(&honest), Err(SheetError::TooLargeToRead));
        // The directory lies (the part read declares 100 bytes): the budget stops the unpacking.
        let lying = with_extra(zip::RawEntry {
            name: "[Content_Types].xml",
            method: 8,
            body: Cow::Borrowed(&bomb),
            size: 100,
            crc: 0,
        });
        assert_eq!(read_all(&lying), Err(SheetError::TooLargeToRead));
        // Within the budget, a part of zeros is not XML that reads.
        let small = zip::deflate_zeros(1000);
        let zeros = with_extra(zip::RawEntry {
            name: "[Content_Types].xml",
            method: 8,
            body: Cow::Borrowed(&small),
            size: 1000,
            crc: 0,
        });
        assert!(
            read_all(&zeros).is_ok(),
            "a part of NUL characters has no macro type"
        );
    }

    /// A one-sheet workbook (`Claims`) whose parts `edit` may change (name, text).
    fn edited(edit: impl Fn(&str, String) -> String) -> Vec<u8> {
        let parts = workbook_parts(&[Sheet {
            name: "Claims".into(),
            rows: vec![vec![Cell::Text("a".into())]],
            columns: vec![],
        }]);
        let parts: Vec<(String, Vec<u8>)> = parts
            .into_iter()
            .map(|(name, bytes)| {
                let text = String::from_utf8(bytes).unwrap();
                let text = edit(&name, text);
                (name, text.into_bytes())
            })
            .collect();
        zip_parts(&parts)
    }

    /// The workbook with the sheet's `<sheetData>` and the shared strings' `<si>` given.
    fn with_data(sheet_data: &str, shared: &str) -> Vec<u8> {
        edited(|name, text| match name {
            "xl/worksheets/sheet1.xml" => {
                let start = text.find("<sheetData>").unwrap();
                let end = text.find("</sheetData>").unwrap() + "</sheetData>".len();
                format!(
                    "{}<sheetData>{sheet_data}</sheetData>{}",
                    &text[..start],
                    &text[end..]
                )
            }
            "xl/sharedStrings.xml" => {
                let start = text.find("<si>").unwrap();
                let end = text.rfind("</si>").unwrap() + "</si>".len();
                format!("{}{shared}{}", &text[..start], &text[end..])
            }
            _ => text,
        })
    }

    #[test]
    fn a_shared_string_used_by_many_cells_is_not_copied_without_end() {
        // A 1 MB shared string in every one of 256 columns of 100 rows: 25 GB of copies before.
        for filler in ["x", " "] {
            let big = filler.repeat(1024 * 1024);
            let row = |r: usize| {
                let cells: String = (0..MAX_COLUMNS)
                    .map(|c| format!("<c r=\"{}\" t=\"s\"><v>0</v></c>", reference(c, r)))
                    .collect();
                format!("<row r=\"{}\">{cells}</row>", r + 1)
            };
            let data: String = (0..100).map(row).collect();
            let book = with_data(&data, &format!("<si><t>{big}</t></si>"));
            let started = std::time::Instant::now();
            let result = read_all(&book);
            println!(
                "a 1 MB string of {filler:?} in 25,600 cells: {:?}",
                started.elapsed()
            );
            assert_eq!(result, Err(SheetError::TooLargeToRead));
        }
        // Within the limit, the same string in a few cells reads.
        let big = "x".repeat(1024 * 1024);
        let data =
            "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\"><v>0</v></c></row>";
        let table = read_all(&with_data(data, &format!("<si><t>{big}</t></si>"))).unwrap();
        assert_eq!(table.rows[0].cells, vec![big.clone(), big]);
    }

    #[test]
    fn a_long_shared_string_table_is_kept_compactly() {
        // 2 million empty strings (10 MB of XML): 8 MB of ends, where a String each took 48 MB.
        let mut shared = "<si/>".repeat(2_000_000);
        shared.push_str("<si><t>last</t></si><si><r><t>two </t></r><r><t>runs</t></r></si>");
        let strings = shared_strings(&format!("<sst>{shared}</sst>")).unwrap();
        assert_eq!(strings.ends.len(), 2_000_002);
        assert_eq!(strings.get(0), Some(""));
        assert_eq!(strings.get(2_000_000), Some("last"));
        assert_eq!(strings.get(2_000_001), Some("two runs"));
        assert_eq!(strings.get(2_000_002), None);
        let data = "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>2000001</v></c><c t=\"s\"><v>2000000</v></c></row>";
        let table = read_all(&with_data(data, &shared)).unwrap();
        assert_eq!(table.rows[0].cells, vec!["two runs", "last"]);
    }

    #[test]
    fn row_numbers_go_up_from_1() {
        let cell = |r: &str| format!("<c r=\"A{r}\" t=\"inlineStr\"><is><t>x</t></is></c>");
        let rows = |numbers: &[Option<&str>]| -> String {
            numbers
                .iter()
                .map(|n| match n {
                    Some(n) => format!("<row r=\"{n}\">{}</row>", cell(n)),
                    None => format!("<row>{}</row>", cell("1")),
                })
                .collect()
        };
        let read_rows = |numbers: &[Option<&str>]| read_all(&with_data(&rows(numbers), "<si/>"));
        let numbers = |t: Table| t.rows.iter().map(|r| r.number).collect::<Vec<_>>();
        assert_eq!(
            numbers(read_rows(&[None, Some("3"), None, Some("1048576000")]).unwrap()),
            vec![1, 3, 4, 1_048_576_000]
        );
        // Two rows 2 would be stored as two claims of one row number.
        for bad in [
            &[Some("2"), Some("2")][..],
            &[Some("3"), Some("2")],
            &[Some("0")],
            &[Some("-1")],
            &[Some("99999999999")],
            &[Some("x")],
            &[Some("4294967295"), None],
        ] {
            assert_eq!(read_rows(bad), Err(SheetError::NotCsvOrXlsx), "{bad:?}");
        }
    }

    #[test]
    fn hostile_cells() {
        let one =
            |cells: &str| read_all(&with_data(&format!("<row r=\"1\">{cells}</row>"), "<si/>"));
        // Far-right columns: refused when they hold something, never a giant row.
        for r in ["XFD99999999", "IW1", "ZZZ1"] {
            let cell = format!("<c r=\"{r}\" t=\"inlineStr\"><is><t>x</t></is></c>");
            assert_eq!(one(&cell), Err(SheetError::TooLargeToRead), "{r}");
        }
        let last = "<c r=\"IV1\" t=\"inlineStr\"><is><t>x</t></is></c><c r=\"XFD1\"/>";
        assert_eq!(one(last).unwrap().rows[0].cells.len(), MAX_COLUMNS);
        // Shared and array formulas (a shared formula's later cells have an empty <f/>).
        for f in [
            "<c r=\"A1\"><f t=\"shared\" si=\"0\"/><v>1</v></c>",
            "<c r=\"A1\"><f t=\"array\" ref=\"A1:A2\">B1:B2</f><v>1</v></c>",
            "<c r=\"A1\"><x:f xmlns:x=\"y\">1+1</x:f></c>",
        ] {
            assert_eq!(one(f), Err(SheetError::Formulas), "{f}");
        }
        // A shared string index past the table, or not a number.
        assert_eq!(
            one("<c t=\"s\"><v>1</v></c>"),
            Err(SheetError::NotCsvOrXlsx)
        );
        assert_eq!(
            one("<c t=\"s\"><v>-1</v></c>"),
            Err(SheetError::NotCsvOrXlsx)
        );
        let empty = "<c r=\"A1\" t=\"s\"/><c r=\"B1\" t=\"s\"><v></v></c>\
                     <c r=\"C1\" t=\"inlineStr\"><is><t>x</t></is></c>";
        assert_eq!(one(empty).unwrap().rows[0].cells, vec!["", "", "x"]);
        // Entity-like tricks: no DOCTYPE, and references never expand.
        let doctype = edited(|name, text| {
            if name == "xl/worksheets/sheet1.xml" {
                text.replace(
                    "<worksheet",
                    "<!DOCTYPE w [<!ENTITY a \"aaaa\">]><worksheet",
                )
            } else {
                text
            }
        });
        assert_eq!(read_all(&doctype), Err(SheetError::NotCsvOrXlsx));
        let cell = "<c t=\"inlineStr\"><is><t>&a;&amp;amp;</t></is></c>";
        assert_eq!(one(cell).unwrap().rows[0].cells, vec!["&a;&amp;"]);
        // Text of millions of `&` without `;` (quadratic before: each `&` looked to the end).
        let ampersands = "&".repeat(8 * 1024 * 1024);
        let cell = format!("<c t=\"inlineStr\"><is><t>{ampersands}</t></is></c>");
        let started = std::time::Instant::now();
        let table = one(&cell).unwrap();
        println!("a cell of 8 MB of '&': {:?}", started.elapsed());
        assert_eq!(table.rows[0].cells[0].len(), ampersands.len());
    }

    #[test]
    fn more_refusals() {
        // An Excel 4.0 macro sheet, by its folder or by its content type under any name.
        let mut parts = workbook_parts(&[]);
        parts.push((
            "xl/macrosheets/sheet1.xml".into(),
            b"<xm:macrosheet/>".to_vec(),
        ));
        assert_eq!(read_all(&zip_parts(&parts)), Err(SheetError::Macros));
        let typed = edited(|name, text| {
            if name == "[Content_Types].xml" {
                text.replace("</Types>", "<Override PartName=\"/xl/worksheets/sheet9.xml\" ContentType=\"application/vnd.ms-excel.macrosheet+xml\"/></Types>")
            } else {
                text
            }
        });
        assert_eq!(read_all(&typed), Err(SheetError::Macros));
        // An encrypted entry (ZIP's own encryption flag).
        let mut book = workbook(&[Sheet {
            name: "Claims".into(),
            rows: vec![vec![Cell::Text("a".into())]],
            columns: vec![],
        }]);
        let central = book
            .windows(4)
            .position(|w| w == [0x50, 0x4b, 0x01, 0x02])
            .unwrap();
        book[central + 8] |= 1;
        assert_eq!(read_all(&book), Err(SheetError::Password));
        // Two parts of one name.
        let mut parts = workbook_parts(&[]);
        parts.push(("xl/Workbook.xml".into(), b"<workbook/>".to_vec()));
        assert_eq!(read_all(&zip_parts(&parts)), Err(SheetError::NotCsvOrXlsx));
    }

    #[test]
    fn the_sheet_read_and_its_dates() {
        // Millions of sheets in the workbook take no memory; "Claims" is read wherever it is.
        let sheets = edited(|name, text| {
            if name == "xl/workbook.xml" {
                let many = "<sheet name=\"x\" r:id=\"rIdX\"/>".repeat(500_000);
                text.replace("<sheets>", &format!("<sheets>{many}"))
            } else {
                text
            }
        });
        assert_eq!(read_all(&sheets).unwrap().rows[0].cells, vec!["a"]);
        // The 1904 date system, as workbook.xml says.
        let d = NaiveDate::from_ymd_opt(2026, 3, 15).unwrap();
        let parts = workbook_parts(&[Sheet {
            name: "Claims".into(),
            rows: vec![vec![Cell::Date(d)]],
            columns: vec![],
        }]);
        let parts: Vec<(String, Vec<u8>)> = parts
            .into_iter()
            .map(|(name, bytes)| {
                let text = String::from_utf8(bytes).unwrap();
                let text = match name.as_str() {
                    "xl/workbook.xml" => {
                        text.replace("<sheets>", "<workbookPr date1904=\"1\"/><sheets>")
                    }
                    // What a 1904 workbook stores for that day.
                    "xl/worksheets/sheet1.xml" => text.replace("<v>46096</v>", "<v>44634</v>"),
                    _ => text,
                };
                (name, text.into_bytes())
            })
            .collect();
        assert_eq!(
            read_all(&zip_parts(&parts)).unwrap().rows[0].cells,
            vec!["2026-03-15"]
        );
    }

    #[test]
    fn formats_and_dates() {
        for code in [
            "yyyy-mm-dd",
            "m/d/yyyy",
            "[$-409]mmmm d, yyyy;@",
            "h:mm",
            "dd\\-mm",
        ] {
            assert!(is_date_format(code), "{code}");
        }
        for code in [
            "General",
            "0.00",
            "#,##0",
            "\"days\" 0",
            "[Red]0.00",
            "@",
            "0.00E+00",
        ] {
            assert!(!is_date_format(code), "{code}");
        }
        assert_eq!(date_text("46096", false).as_deref(), Some("2026-03-15"));
        assert_eq!(date_text("46096.75", false).as_deref(), Some("2026-03-15"));
        assert_eq!(date_text("1", false).as_deref(), Some("1900-01-01"));
        assert_eq!(date_text("61", false).as_deref(), Some("1900-03-01"));
        assert_eq!(date_text("44634", true).as_deref(), Some("2026-03-15"));
        assert_eq!(date_text("-1", false), None);
        assert_eq!(
            date_serial(NaiveDate::from_ymd_opt(2026, 3, 15).unwrap()),
            46096.0
        );
        assert_eq!(number_text("123456789"), "123456789");
        assert_eq!(number_text("1.23456789E8"), "123456789");
        assert_eq!(number_text("1234.5"), "1234.5");
        assert_eq!(number_text("0.1"), "0.1");
        assert_eq!(number_text("NaN"), "NaN");
        assert_eq!(column_of("A1"), Some(0));
        assert_eq!(column_of("AB12"), Some(27));
        assert_eq!(column_of("12"), None);
        assert_eq!(reference(27, 11), "AB12");
        assert_eq!(
            part_name("xl", "worksheets/sheet1.xml"),
            "xl/worksheets/sheet1.xml"
        );
        assert_eq!(part_name("xl", "/xl/s.xml"), "xl/s.xml");
        assert_eq!(part_name("xl", "../x/s.xml"), "x/s.xml");
        assert_eq!(
            unescape_xstring(Cow::Borrowed("a_x000D_b_x12_")),
            "a\rb_x12_"
        );
    }
}
