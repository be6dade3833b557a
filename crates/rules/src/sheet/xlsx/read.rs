//! Reading one sheet of a workbook as a table of text.

use std::borrow::Cow;
use std::collections::BTreeMap;

use chrono::NaiveDate;

use crate::sheet::xml::{self, attr, Event, Reader};
use crate::sheet::zip::{self, Archive, ZipError};
use crate::sheet::{is_blank, Format, Row, SheetError, Table, MAX_COLUMNS};

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
pub(super) fn part_name(base: &str, target: &str) -> String {
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
pub(super) fn is_date_format(code: &str) -> bool {
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
pub(super) fn unescape_xstring(text: Cow<'_, str>) -> Cow<'_, str> {
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
pub(super) struct SharedStrings {
    text: String,
    pub(super) ends: Vec<u32>,
}

impl SharedStrings {
    pub(super) fn get(&self, index: usize) -> Option<&str> {
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
pub(super) fn shared_strings(xml_text: &str) -> Result<SharedStrings, SheetError> {
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
pub(super) fn column_of(reference: &str) -> Option<usize> {
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
pub(super) fn number_text(value: &str) -> String {
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
pub(super) fn date_text(value: &str, date1904: bool) -> Option<String> {
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
