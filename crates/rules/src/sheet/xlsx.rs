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
    if archive
        .entries
        .iter()
        .any(|e| e.name.to_ascii_lowercase().ends_with("vbaproject.bin"))
    {
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
        if types.to_ascii_lowercase().contains("macroenabled") {
            return Err(SheetError::Macros);
        }
    }
    let workbook = book.part("xl/workbook.xml")?.unwrap_or_default();
    let (sheets, date1904) = sheets_of(&workbook)?;
    let rels = relationships(&book.part("xl/_rels/workbook.xml.rels")?.unwrap_or_default())?;
    let target_of = |kind: &str, fallback: &str| {
        rels.values()
            .find(|(t, _)| t.ends_with(kind))
            .map(|(_, target)| target.clone())
            .unwrap_or_else(|| fallback.to_string())
    };
    let shared_strings_at = target_of("/sharedStrings", "xl/sharedStrings.xml");
    let styles_at = target_of("/styles", "xl/styles.xml");
    let sheet = sheets
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case(PREFERRED_SHEET))
        .or(sheets.first())
        .ok_or(SheetError::Empty)?;
    let sheet_at = rels
        .get(&sheet.1)
        .map(|(_, target)| target.clone())
        .unwrap_or_else(|| "xl/worksheets/sheet1.xml".to_string());
    let dates = match book.part(&styles_at)? {
        Some(styles) => date_styles(&styles)?,
        None => Vec::new(),
    };
    let strings = match book.part(&shared_strings_at)? {
        Some(text) => shared_strings(&text)?,
        None => Vec::new(),
    };
    let sheet_xml = book.part(&sheet_at)?.ok_or(SheetError::NotCsvOrXlsx)?;
    let cells = CellReader {
        strings: &strings,
        dates: &dates,
        date1904,
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

/// The sheets (name, relationship id) in workbook order, and whether dates count from 1904.
fn sheets_of(xml_text: &str) -> Result<(Vec<(String, String)>, bool), SheetError> {
    let mut sheets = Vec::new();
    let mut date1904 = false;
    for event in Reader::new(xml_text) {
        if let Event::Start { name, attrs, .. } = event? {
            match name {
                "sheet" => sheets.push((
                    attr(attrs, "name").unwrap_or_default().into_owned(),
                    attr(attrs, "id").unwrap_or_default().into_owned(),
                )),
                "workbookPr" => {
                    date1904 = matches!(attr(attrs, "date1904").as_deref(), Some("1" | "true"))
                }
                _ => {}
            }
        }
    }
    Ok((sheets, date1904))
}

/// The workbook's relationships: id -> (type, part name in the archive).
fn relationships(xml_text: &str) -> Result<BTreeMap<String, (String, String)>, SheetError> {
    let mut out = BTreeMap::new();
    for event in Reader::new(xml_text) {
        if let Event::Start {
            name: "Relationship",
            attrs,
            ..
        } = event?
        {
            let id = attr(attrs, "Id").unwrap_or_default().into_owned();
            let kind = attr(attrs, "Type").unwrap_or_default().into_owned();
            let target = attr(attrs, "Target").unwrap_or_default();
            out.insert(id, (kind, part_name("xl", &target)));
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

/// The shared strings: each `<si>`'s text (its `<t>` elements, phonetic runs left out).
fn shared_strings(xml_text: &str) -> Result<Vec<String>, SheetError> {
    let mut out = Vec::new();
    let mut current: Option<String> = None;
    let mut in_t = false;
    let mut in_phonetic = false;
    for event in Reader::new(xml_text) {
        match event? {
            Event::Start { name, empty, .. } => match name {
                "si" if empty => out.push(String::new()),
                "si" => current = Some(String::new()),
                "t" if !empty => in_t = true,
                "rPh" if !empty => in_phonetic = true,
                _ => {}
            },
            Event::End { name } => match name {
                "si" => out.push(current.take().unwrap_or_default()),
                "t" => in_t = false,
                "rPh" => in_phonetic = false,
                _ => {}
            },
            Event::Text(text) => {
                if let (true, false, Some(s)) = (in_t, in_phonetic, current.as_mut()) {
                    s.push_str(&unescape_xstring(text));
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

struct CellReader<'a> {
    strings: &'a [String],
    dates: &'a [bool],
    date1904: bool,
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
    fn text(&self, cell: &ReadCell) -> Result<String, SheetError> {
        Ok(match cell.kind.as_str() {
            "s" => {
                let index: usize = cell
                    .value
                    .trim()
                    .parse()
                    .map_err(|_| SheetError::NotCsvOrXlsx)?;
                self.strings
                    .get(index)
                    .cloned()
                    .ok_or(SheetError::NotCsvOrXlsx)?
            }
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
        })
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
                        row_number = attr(attrs, "r")
                            .and_then(|r| r.trim().parse().ok())
                            .unwrap_or(row_number.saturating_add(1));
                        cells.clear();
                        next_column = 0;
                        if empty {
                            row_number = row_number.max(1);
                        }
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
