//! Spreadsheet exports (`GET /api/tickets.csv`, `docs/tickets.md`): CSV as RFC 4180 writes it, with
//! every cell guarded against formula injection.
//!
//! RFC 4180: fields separated by commas, records ended by CRLF; a field holding a comma, a double
//! quote, CR or LF is enclosed in double quotes, its own double quotes doubled.
//!
//! Formula injection: a spreadsheet runs a cell that starts with `=`, `+`, `-` or `@` (and some
//! read a leading tab or carriage return the same way) as a formula. Such a cell gets a leading
//! apostrophe (`'=1+1`), which spreadsheets show as text; the apostrophe stays visible when the
//! file is read back as plain CSV, which is the price of safety. Pure functions, no I/O.

/// The characters that make a spreadsheet read a cell as a formula when they start it.
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// `text` as one CSV field: a leading apostrophe when it would start a formula, then quoted when
/// it holds a comma, a double quote, CR or LF.
pub fn csv_field(text: &str) -> String {
    let guarded = if text.starts_with(FORMULA_STARTS) {
        format!("'{text}")
    } else {
        text.to_owned()
    };
    if guarded.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", guarded.replace('"', "\"\""))
    } else {
        guarded
    }
}

/// One CSV record, ended by CRLF.
pub fn csv_record<S: AsRef<str>>(fields: &[S]) -> String {
    let mut line = fields
        .iter()
        .map(|f| csv_field(f.as_ref()))
        .collect::<Vec<_>>()
        .join(",");
    line.push_str("\r\n");
    line
}

/// A whole CSV file: the heading record, then one record per row.
pub fn csv_file<S: AsRef<str>>(headings: &[&str], rows: &[Vec<S>]) -> String {
    let mut out = csv_record(headings);
    for row in rows {
        out.push_str(&csv_record(row));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_fields_stay_as_they_are() {
        assert_eq!(csv_field("PRP-2026-000123"), "PRP-2026-000123");
        assert_eq!(csv_field(""), "");
        assert_eq!(csv_field("2026-11-25"), "2026-11-25");
    }

    #[test]
    fn commas_quotes_and_line_breaks_are_quoted() {
        assert_eq!(csv_field("Molina, Inc."), "\"Molina, Inc.\"");
        assert_eq!(csv_field("the \"A\" clinic"), "\"the \"\"A\"\" clinic\"");
        assert_eq!(csv_field("two\r\nlines"), "\"two\r\nlines\"");
        assert_eq!(csv_field("one\nline"), "\"one\nline\"");
    }

    #[test]
    fn formula_cells_get_an_apostrophe() {
        assert_eq!(csv_field("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(csv_field("+1"), "'+1");
        assert_eq!(csv_field("-2"), "'-2");
        assert_eq!(csv_field("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(csv_field("\tx"), "'\tx");
        assert_eq!(csv_field("a=b"), "a=b");
    }

    #[test]
    fn records_end_with_crlf() {
        assert_eq!(csv_record(&["a", "b,c"]), "a,\"b,c\"\r\n");
        let file = csv_file(&["Ticket", "MCO"], &[vec!["PRP-1", "Aetna"]]);
        assert_eq!(file, "Ticket,MCO\r\nPRP-1,Aetna\r\n");
    }
}
