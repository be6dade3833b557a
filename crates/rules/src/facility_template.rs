//! The Multiple Provider/Facility Registration Request Template as a CSV file (or, read only, an XLSX
//! workbook through [`crate::sheet`]): the blank template to download, the reading of a filled-in
//! one, and the writing of rows back out.
//!
//! Source: the registration instructions, "Multiple Provider/Facility Registration
//! Request": its columns are "Contact Email*, Contact Phone*, Provider/Facility Name*,
//! Provider/Facility Type*, Provider Medicaid ID*, NPI Number*", in that order. The format is RFC 4180;
//! the file errors are those of `docs/pages.md` ("Files"). The cells are read as typed: checking
//! them is [`crate::accounts::check_facility_request`]'s work.

use crate::sheet::{self, heading_key, quoted_list, Format, Row};
use crate::wire::accounts::FacilityRow;

/// The template's columns in the seed's order: (field key of [`FacilityRow`], heading).
pub const COLUMNS: [(&str, &str); 6] = [
    ("contact_email", "Contact Email"),
    ("contact_phone", "Contact Phone"),
    ("name", "Provider/Facility Name"),
    ("facility_type", "Provider/Facility Type"),
    ("medicaid_id", "Provider Medicaid ID"),
    ("npi", "NPI Number"),
];

use crate::sheet::{EMPTY_MESSAGE as EMPTY_FILE, NOT_TEMPLATE_MESSAGE as NOT_TEMPLATE};

/// The blank template: the heading row, CRLF line ends (RFC 4180). The headings carry no `*`:
/// every column is required, and `docs/pages.md` says "there are no asterisks"; a file whose
/// headings keep the seed's `*` reads all the same.
pub fn blank_csv() -> String {
    to_csv(&[])
}

/// The template with rows, as [`parse_csv`] reads it back. A cell that a spreadsheet would take for
/// a formula (starting with `=`, `+`, `-`, `@`, a tab or a carriage return) is written with a single
/// quote in front, so that opening the file cannot run it (CSV injection, OWASP); a cell starting
/// with a single quote gets one more, so that [`parse_csv`] gives back exactly what was written.
pub fn to_csv(rows: &[FacilityRow]) -> String {
    let mut out = String::new();
    let headings: Vec<&str> = COLUMNS.iter().map(|(_, heading)| *heading).collect();
    write_record(&mut out, &headings);
    for row in rows {
        let cells: Vec<String> = cells_of(row).iter().map(|c| defuse(c)).collect();
        let cells: Vec<&str> = cells.iter().map(String::as_str).collect();
        write_record(&mut out, &cells);
    }
    out
}

fn cells_of(row: &FacilityRow) -> [&str; 6] {
    [
        &row.contact_email,
        &row.contact_phone,
        &row.name,
        &row.facility_type,
        &row.medicaid_id,
        &row.npi,
    ]
}

fn starts_like_formula(text: &str) -> bool {
    text.starts_with(['=', '+', '-', '@', '\t', '\r'])
}

/// The single quote in front of a formula-looking cell (see [`to_csv`]).
fn defuse(cell: &str) -> String {
    if starts_like_formula(cell) || cell.starts_with('\'') {
        format!("'{cell}")
    } else {
        cell.to_string()
    }
}

/// Takes off the quote [`defuse`] put in front (also the one spreadsheet users type to keep
/// "+1 217 555 0100" as text).
fn undefuse(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if starts_like_formula(rest) || rest.starts_with('\'') => rest,
        _ => cell,
    }
}

fn write_record(out: &mut String, cells: &[&str]) {
    for (i, cell) in cells.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        let needs_quotes = cell.contains([',', '"', '\r', '\n'])
            || cell.starts_with(char::is_whitespace)
            || cell.ends_with(char::is_whitespace);
        if needs_quotes {
            out.push('"');
            out.push_str(&cell.replace('"', "\"\""));
            out.push('"');
        } else {
            out.push_str(cell);
        }
    }
    out.push_str("\r\n");
}

fn column_of(heading: &str) -> Option<usize> {
    let key = heading_key(heading);
    COLUMNS
        .iter()
        .position(|(_, h)| h.to_ascii_lowercase() == key)
}

/// Reads a filled-in template: each row with the line of the file it starts on (counting from 1,
/// the heading row included, as a spreadsheet numbers its rows), its cells trimmed.
///
/// - A UTF-8 byte order mark is skipped; blank lines and rows of empty cells are skipped.
/// - The heading row is the first row naming one of the template's headings, so the lines the
///   State's template has above it (the title, "Portal User Contact Name:", the "Important:" note)
///   are skipped. Headings match case-insensitively, ignoring surrounding spaces and a trailing `*`,
///   in any order; all six are needed and no others (empty cells after the last heading are fine).
/// - Every row must have as many cells as there are headings (empty cells after them are fine).
/// - A heading row with no rows under it gives `Ok(vec![])`: the request's own check then says
///   "Add at least one provider or facility".
///
/// `Err` holds one message, `docs/pages.md`'s: "The selected file is empty", "The selected file
/// must use the template: ...", "Row N has M cells; the template has 6 columns" (N the line number).
pub fn parse_csv(text: &str) -> Result<Vec<(usize, FacilityRow)>, String> {
    let (rows, _) = sheet::csv_rows(text, usize::MAX).map_err(|e| e.message())?;
    parse_rows(&rows, Format::Csv)
}

/// The rows that a file holds too many of to be a request (the template's rows, with room for the
/// State's lines above the headings).
pub const MAX_FILE_ROWS: usize = 1_000;

/// Reads a filled-in template from a file's bytes: a CSV as [`parse_csv`], or (with the `xlsx`
/// feature) an XLSX workbook's first sheet, with the refusals of [`crate::sheet`]. An XLSX row's
/// missing cells at its end are empty cells.
pub fn parse_file(bytes: &[u8]) -> Result<Vec<(usize, FacilityRow)>, String> {
    let table = sheet::read(bytes, MAX_FILE_ROWS).map_err(|e| e.message_with(TOO_LARGE_MESSAGE))?;
    if table.more {
        return Err(TOO_LARGE_MESSAGE.into());
    }
    parse_rows(&table.rows, table.format)
}

const TOO_LARGE_MESSAGE: &str =
    "The selected file is too large to read. Use the template with at most 100 providers or facilities";

fn parse_rows(records: &[Row], format: Format) -> Result<Vec<(usize, FacilityRow)>, String> {
    if records.is_empty() {
        return Err(EMPTY_FILE.into());
    }
    let header_at = records
        .iter()
        .position(|r| r.cells.iter().any(|c| column_of(c).is_some()))
        .unwrap_or(0);
    let header = &records[header_at];
    // Empty cells after the last heading (a spreadsheet's unused columns) do not count.
    let width = header
        .cells
        .iter()
        .rposition(|c| !c.trim().is_empty())
        .map_or(0, |i| i + 1);
    let mut order: Vec<usize> = Vec::with_capacity(width);
    let mut found = [false; 6];
    for (i, heading) in header.cells[..width].iter().enumerate() {
        match column_of(heading) {
            Some(column) if found[column] => {
                return Err(format!(
                    "{NOT_TEMPLATE}: the heading \"{}\" appears more than once",
                    COLUMNS[column].1
                ));
            }
            Some(column) => {
                found[column] = true;
                order.push(column);
            }
            None if heading.trim().is_empty() => {
                return Err(format!("{NOT_TEMPLATE}: column {} has no heading", i + 1));
            }
            None => {
                return Err(format!(
                    "{NOT_TEMPLATE}: the heading \"{}\" is not one of the template's",
                    heading.trim()
                ));
            }
        }
    }
    let missing: Vec<&str> = COLUMNS
        .iter()
        .zip(found)
        .filter(|(_, f)| !f)
        .map(|((_, heading), _)| *heading)
        .collect();
    match missing.len() {
        0 => {}
        1 => {
            return Err(format!(
                "{NOT_TEMPLATE}: the heading {} is missing",
                quoted_list(&missing)
            ))
        }
        _ => {
            return Err(format!(
                "{NOT_TEMPLATE}: the headings {} are missing",
                quoted_list(&missing)
            ))
        }
    }
    let mut rows = Vec::with_capacity(records.len() - header_at - 1);
    for record in &records[header_at + 1..] {
        let used = record
            .cells
            .iter()
            .rposition(|c| !c.trim().is_empty())
            .map_or(0, |i| i + 1)
            .max(width.min(record.cells.len()));
        if used != width && !(format == Format::Xlsx && used < width) {
            return Err(format!(
                "Row {} has {used} cells; the template has {} columns",
                record.line,
                COLUMNS.len()
            ));
        }
        let mut row = FacilityRow::default();
        for (cell, &column) in record.cells.iter().zip(&order) {
            let value = undefuse(cell.trim()).trim().to_string();
            match column {
                0 => row.contact_email = value,
                1 => row.contact_phone = value,
                2 => row.name = value,
                3 => row.facility_type = value,
                4 => row.medicaid_id = value,
                _ => row.npi = value,
            }
        }
        rows.push((record.line as usize, row));
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn row(cells: [&str; 6]) -> FacilityRow {
        FacilityRow {
            contact_email: cells[0].into(),
            contact_phone: cells[1].into(),
            name: cells[2].into(),
            facility_type: cells[3].into(),
            medicaid_id: cells[4].into(),
            npi: cells[5].into(),
        }
    }

    const HEADER: &str = "Contact Email,Contact Phone,Provider/Facility Name,Provider/Facility Type,Provider Medicaid ID,NPI Number";

    #[test]
    fn the_blank_template_is_the_heading_row() {
        assert_eq!(blank_csv(), format!("{HEADER}\r\n"));
        assert_eq!(parse_csv(&blank_csv()), Ok(vec![]));
    }

    #[test]
    fn reads_rows_with_their_line_numbers() {
        let text = format!(
            "{HEADER}\r\na@example.com,217 555 0100,Mercy Clinic,Clinic,123456789,1234567893\r\n\r\n,,,,,\r\nb@example.com,(217) 555-0101,\"Saint Mary's, East\",Hospital,123-456-780,1234567893\r\n"
        );
        let rows = parse_csv(&text).unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].0, 2);
        assert_eq!(rows[1].0, 5);
        assert_eq!(rows[1].1.name, "Saint Mary's, East");
        assert_eq!(rows[1].1.medicaid_id, "123-456-780");
    }

    #[test]
    fn quoted_cells_keep_quotes_commas_and_line_breaks() {
        let text = format!(
            "{HEADER}\n\"a@example.com\",\"217\"\"555\",\"Two\nlines, one cell\",\"x\",1,2\nc@example.com,1,n,t,m,p\n"
        );
        let rows = parse_csv(&text).unwrap();
        assert_eq!(rows[0].1.contact_phone, "217\"555");
        assert_eq!(rows[0].1.name, "Two\nlines, one cell");
        assert_eq!(rows[0].0, 2);
        // The row after a two-line cell starts on line 4.
        assert_eq!(rows[1].0, 4);
    }

    #[test]
    fn a_byte_order_mark_and_the_seeds_asterisks_are_fine() {
        let text = "\u{feff}contact email*, CONTACT PHONE *,Provider/Facility Name*,Provider/Facility Type*,Provider Medicaid ID*,NPI Number*\r\na,b,c,d,e,f";
        let rows = parse_csv(text).unwrap();
        assert_eq!(rows, vec![(2, row(["a", "b", "c", "d", "e", "f"]))]);
    }

    #[test]
    fn headings_in_another_order_and_the_states_preamble() {
        let text = "Multiple Provider/Facility Registration Request Template,,,,,\r\nPortal User Contact Name:,,Portal User Contact Phone Number:,,,\r\n\r\nNPI Number,Contact Email,Contact Phone,Provider/Facility Name,Provider/Facility Type,Provider Medicaid ID,,\r\nf,a,b,c,d,e,,\r\n";
        let rows = parse_csv(text).unwrap();
        assert_eq!(rows, vec![(5, row(["a", "b", "c", "d", "e", "f"]))]);
    }

    #[test]
    fn file_errors() {
        let cases: Vec<(String, &str)> = vec![
            (String::new(), "The selected file is empty"),
            ("\u{feff}".into(), "The selected file is empty"),
            ("\r\n\n ,, \r\n".into(), "The selected file is empty"),
            (
                "Email,Phone,Name,Type,ID,NPI\r\n".into(),
                "The selected file must use the template: the heading \"Email\" is not one of the template's",
            ),
            (
                "Contact Email,Contact Phone,Provider/Facility Name,Provider/Facility Type,Provider Medicaid ID\r\n".into(),
                "The selected file must use the template: the heading \"NPI Number\" is missing",
            ),
            (
                "Contact Email,Contact Phone,Provider/Facility Name,Provider/Facility Type\r\n".into(),
                "The selected file must use the template: the headings \"Provider Medicaid ID\" and \"NPI Number\" are missing",
            ),
            (
                "Contact Email,Contact Email,Provider/Facility Name,Provider/Facility Type,Provider Medicaid ID,NPI Number\r\n".into(),
                "The selected file must use the template: the heading \"Contact Email\" appears more than once",
            ),
            (
                "Contact Email,,Contact Phone,Provider/Facility Name,Provider/Facility Type,Provider Medicaid ID,NPI Number\r\n".into(),
                "The selected file must use the template: column 2 has no heading",
            ),
            (
                format!("{HEADER}\r\na,b,c,d,e,f\r\na,b,c,d,e\r\n"),
                "Row 3 has 5 cells; the template has 6 columns",
            ),
            (
                format!("{HEADER}\r\na,b,c,d,e,f,g\r\n"),
                "Row 2 has 7 cells; the template has 6 columns",
            ),
            (
                format!("{HEADER}\r\na,b,\"c,d,e,f\r\n"),
                "The selected file must use the template: the quoted cell that starts on line 2 has no closing quote mark",
            ),
        ];
        for (text, want) in cases {
            assert_eq!(parse_csv(&text), Err(want.to_string()), "{text:?}");
        }
        // Empty cells after the sixth are a spreadsheet's unused columns.
        assert_eq!(
            parse_csv(&format!("{HEADER}\r\na,b,c,d,e,f,,\r\n"))
                .unwrap()
                .len(),
            1
        );
    }

    #[test]
    fn writing_quotes_and_defuses_formulas() {
        let rows = vec![
            row([
                "a@example.com",
                "=HYPERLINK(\"x\")",
                "A, B",
                "+1",
                "-2",
                "@SUM(A1)",
            ]),
            row(["'quoted", "line\nbreak", " padded ", "say \"hi\"", "", "n"]),
        ];
        let csv = to_csv(&rows);
        assert_eq!(
            csv,
            format!(
                "{HEADER}\r\na@example.com,\"'=HYPERLINK(\"\"x\"\")\",\"A, B\",'+1,'-2,'@SUM(A1)\r\n''quoted,\"line\nbreak\",\" padded \",\"say \"\"hi\"\"\",,n\r\n"
            )
        );
        let back: Vec<FacilityRow> = parse_csv(&csv)
            .unwrap()
            .into_iter()
            .map(|(_, r)| r)
            .collect();
        let mut want = rows.clone();
        want[1].name = "padded".into(); // cells are read trimmed
        assert_eq!(back, want);
    }

    fn cell() -> impl Strategy<Value = String> {
        "[ -~\n\r\t\"',=+@é]{0,12}".prop_map(|s| s.trim().to_string())
    }

    proptest! {
        #[test]
        fn never_panics_on_any_text(text in "\\PC{0,200}") {
            let _ = parse_csv(&text);
        }

        #[test]
        fn never_panics_on_csv_like_text(text in "[a-zA-Z0-9 ,\"\r\n*\u{feff}']{0,300}") {
            let _ = parse_csv(&text);
            let _ = parse_csv(&format!("{HEADER}\n{text}"));
        }

        #[test]
        fn rows_survive_a_round_trip(cells in proptest::collection::vec(proptest::array::uniform6(cell()), 0..8)) {
            let rows: Vec<FacilityRow> = cells
                .iter()
                .filter(|c| c.iter().any(|s| !s.is_empty()))
                .map(|c| FacilityRow {
                    contact_email: c[0].clone(),
                    contact_phone: c[1].clone(),
                    name: c[2].clone(),
                    facility_type: c[3].clone(),
                    medicaid_id: c[4].clone(),
                    npi: c[5].clone(),
                })
                .collect();
            let back: Vec<FacilityRow> = parse_csv(&to_csv(&rows)).unwrap().into_iter().map(|(_, r)| r).collect();
            prop_assert_eq!(back, rows);
        }
    }
}
