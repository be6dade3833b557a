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

/// The records of a CSV text (RFC 4180: quoted fields may hold commas, quotes and line breaks;
/// CRLF or LF between records). A quote left open runs to the end.
pub fn csv_records(text: &str) -> Vec<Vec<String>> {
    let mut records = Vec::new();
    let mut record = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => quoted = false,
                _ => field.push(c),
            }
            continue;
        }
        match c {
            '"' if field.is_empty() => quoted = true,
            ',' => record.push(std::mem::take(&mut field)),
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' => {
                record.push(std::mem::take(&mut field));
                records.push(std::mem::take(&mut record));
            }
            _ => field.push(c),
        }
    }
    if !field.is_empty() || !record.is_empty() {
        record.push(field);
        records.push(record);
    }
    records
}

/// A CSV file uploaded by someone, as it is served for download: every record written again with
/// [`csv_record`], so no cell starts a formula when a spreadsheet opens it (a leading apostrophe).
pub fn defuse_csv(text: &str) -> String {
    csv_records(text)
        .iter()
        .map(|record| csv_record(record))
        .collect()
}

#[cfg(test)]
mod tests {

    #[test]
    fn uploaded_csv_is_served_without_formulas() {
        let text = "Name,Amount\r\n=cmd|' /C calc'!A0,-5\n\"a, \"\"b\"\"\",@SUM(1)\n";
        assert_eq!(
            defuse_csv(text),
            "Name,Amount\r\n'=cmd|' /C calc'!A0,'-5\r\n\"a, \"\"b\"\"\",'@SUM(1)\r\n"
        );
        assert_eq!(csv_records("a,b"), vec![vec!["a", "b"]]);
        assert_eq!(csv_records("\"x\ny\",z\n"), vec![vec!["x\ny", "z"]]);
        assert_eq!(defuse_csv(""), "");
    }

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
