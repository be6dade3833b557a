//! Writing small workbooks: the blank claims template, and the tests' files.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use crate::sheet::xml::escape;
use crate::sheet::zip;

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
pub(super) fn reference(column: usize, row: usize) -> String {
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
