//! The claims template (`rules::claims`, `rules::sheet`, docs/claims.md): files made here, as CSV
//! text and (with the `xlsx` feature) as workbooks written by `rules::sheet::xlsx`.

use chrono::NaiveDate;
use proptest::prelude::*;
use rules::claims::*;
use rules::sheet::{self, SheetError, MAX_FILE_BYTES};
use rules::wire::claims::{ClaimRow, ClaimsContext, ClaimsReport};
use rules::wire::tickets::ComplaintType;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// Sunday, December 20, 2026: a dispute the MCO received on November 14, 2026 can be filed.
fn ctx() -> ClaimsContext {
    ClaimsContext {
        today: d(2026, 12, 20),
        calendar_changes: vec![],
        mco_names: vec!["Aetna Better Health of Illinois".into(), "Aetna".into()],
        facility_medicaid_id: "123456789".into(),
        complaint_type: Some(ComplaintType::ClaimsPayment),
    }
}

/// The same, without the ticket's MCO, facility and type: only "the same on every row".
fn open_ctx() -> ClaimsContext {
    ClaimsContext {
        mco_names: vec![],
        facility_medicaid_id: String::new(),
        complaint_type: None,
        ..ctx()
    }
}

fn headings() -> Vec<String> {
    COLUMNS.iter().map(|c| c.heading.to_string()).collect()
}

/// A good claim row, numbered `i` (claim and tracking numbers differ per row).
fn good_row(i: usize) -> Vec<String> {
    [
        "Aetna Better Health of Illinois",
        "123456789",
        "12-3456789",
        "1 Main St, Springfield, IL 62701",
        "Claims/Payment",
        "Ada",
        "Lovelace",
        "123-45-6789",
        "10/01/2026",
        "",
        &format!("CLM-{i:04}"),
        "$1,234.50",
        "0",
        &format!("AET-{i}"),
        "2026-11-14",
        "Denied as a duplicate claim.",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect()
}

fn good_rows(n: usize) -> Vec<Vec<String>> {
    (1..=n).map(good_row).collect()
}

/// RFC 4180 text, every cell quoted, CRLF.
fn csv(rows: &[Vec<String>]) -> String {
    let mut out = String::new();
    for row in rows {
        let cells: Vec<String> = row
            .iter()
            .map(|c| format!("\"{}\"", c.replace('"', "\"\"")))
            .collect();
        out.push_str(&cells.join(","));
        out.push_str("\r\n");
    }
    out
}

fn with_headings(rows: Vec<Vec<String>>) -> Vec<Vec<String>> {
    let mut all = vec![headings()];
    all.extend(rows);
    all
}

fn check_csv(rows: Vec<Vec<String>>) -> ClaimsReport {
    check_file(csv(&with_headings(rows)).as_bytes(), &ctx())
}

fn column(key: &str) -> usize {
    COLUMNS.iter().position(|c| c.key == key).unwrap()
}

#[test]
fn a_good_file_is_ready() {
    let report = check_csv(good_rows(3));
    assert_eq!(report.file_error, None);
    assert_eq!(report.problems, vec![]);
    assert!(report.is_ready());
    assert_eq!(report.format.as_deref(), Some("csv"));
    assert_eq!(summary(&report), "3 claims ready");
    assert_eq!(report.claims.len(), 3);
    let c = &report.claims[1];
    assert_eq!(c.row, 3);
    assert_eq!(c.member_first_name, "Ada");
    assert_eq!(c.rin, "123456789");
    assert_eq!(c.service_from, "2026-10-01");
    assert_eq!(c.service_to, "2026-10-01", "empty means the first date");
    assert_eq!(c.claim_number, "CLM-0002");
    assert_eq!(c.billed_cents, 123_450);
    assert_eq!(c.paid_cents, 0);
    assert_eq!(c.tracking_number, "AET-2");
    assert_eq!(c.mco_received_on, "2026-11-14");
    assert_eq!(c.issue, "Denied as a duplicate claim.");
    let common = report.common.unwrap();
    assert_eq!(common.mco, "Aetna Better Health of Illinois");
    assert_eq!(common.tax_id, "12-3456789");
    assert_eq!(common.complaint_type, "Claims/Payment");

    let shown = ClaimRow::of(c);
    assert_eq!(shown.rin_masked, "•••••6789");
    assert_eq!(shown.billed_cents, 123_450);
}

#[test]
fn how_many_claims() {
    assert!(check_csv(good_rows(2)).is_ready());
    let hundred = check_csv(good_rows(100));
    assert!(hundred.is_ready(), "{:?}", hundred.problems.first());
    assert_eq!(summary(&hundred), "100 claims ready");
    for n in [101, 10_000] {
        let report = check_csv(good_rows(n));
        assert_eq!(
            report.file_error.as_deref(),
            Some(TOO_MANY_CLAIMS_MESSAGE),
            "{n}"
        );
        assert!(report.claims.is_empty() && report.problems.is_empty());
        assert!(!report.is_ready());
        assert_eq!(summary(&report), TOO_MANY_CLAIMS_MESSAGE);
    }
    assert_eq!(
        check_csv(good_rows(1)).file_error.as_deref(),
        Some("The file has 1 claim. The template is for 2 to 100 claims; for one claim, answer \"One claim\" and enter it on the form")
    );
    assert_eq!(
        check_csv(vec![]).file_error.as_deref(),
        Some("The file has no claims. Fill in one row per claim under the headings")
    );
    // Blank rows are skipped and do not count; row numbers stay the spreadsheet's.
    let mut rows = good_rows(2);
    rows.insert(1, vec![String::new(); 16]);
    rows.insert(1, vec![" ".to_string(); 3]);
    let report = check_csv(rows);
    assert!(report.is_ready());
    assert_eq!(
        report.claims.iter().map(|c| c.row).collect::<Vec<_>>(),
        vec![2, 5]
    );
}

#[test]
fn the_file_as_a_whole() {
    let error = |bytes: &[u8]| check_file(bytes, &ctx()).file_error;
    assert_eq!(error(b"").as_deref(), Some("The selected file is empty"));
    assert_eq!(
        error(b"\r\n ,,\r\n").as_deref(),
        Some("The selected file is empty")
    );
    assert_eq!(
        error(&vec![b'a'; MAX_FILE_BYTES + 1]).as_deref(),
        Some("The selected file must be smaller than 10MB")
    );
    assert_eq!(
        error(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").as_deref(),
        Some("The selected file must be a CSV or XLSX")
    );
    assert_eq!(
        error(b"%PDF-1.7\n\0binary").as_deref(),
        Some("The selected file must be a CSV or XLSX")
    );
    // An OLE compound file: a password-protected workbook, or an old .xls.
    let mut ole = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    ole.extend_from_slice(&[0; 504]);
    assert_eq!(
        error(&ole).as_deref(),
        Some("The selected file must be a CSV or XLSX")
    );
    ole.extend("EncryptionInfo".encode_utf16().flat_map(u16::to_le_bytes));
    ole.extend("EncryptedPackage".encode_utf16().flat_map(u16::to_le_bytes));
    assert_eq!(
        error(&ole).as_deref(),
        Some("The selected file is protected by a password. Save a copy without the password and select that")
    );
    // A CSV that is not the template.
    assert_eq!(
        error(b"Name,Amount\r\nA,1\r\n").as_deref(),
        Some("The selected file must use the template: the heading \"Name\" is not one of the template's")
    );
}

#[test]
fn headings_match_loosely_in_any_order() {
    // Case, runs of spaces, a trailing `*`, another order, an unused empty column.
    let mut head: Vec<String> = headings()
        .iter()
        .map(|h| format!("  {}* ", h.to_uppercase().replace(' ', "   ")))
        .collect();
    head.reverse();
    head.insert(3, String::new());
    let rows: Vec<Vec<String>> = good_rows(2)
        .into_iter()
        .map(|mut r| {
            r.reverse();
            r.insert(3, String::new());
            r
        })
        .collect();
    let mut all = vec![head];
    all.extend(rows);
    let report = check_file(csv(&all).as_bytes(), &ctx());
    assert!(
        report.is_ready(),
        "{:?} {:?}",
        report.file_error,
        report.problems
    );
    assert_eq!(report.claims[0].claim_number, "CLM-0001");
    // The optional column may be left out.
    let without: Vec<Vec<String>> = with_headings(good_rows(2))
        .into_iter()
        .map(|mut r| {
            r.remove(column("service_to"));
            r
        })
        .collect();
    assert!(check_file(csv(&without).as_bytes(), &ctx()).is_ready());

    let refused = |change: &dyn Fn(&mut Vec<Vec<String>>)| {
        let mut all = with_headings(good_rows(2));
        change(&mut all);
        check_file(csv(&all).as_bytes(), &ctx()).file_error.unwrap()
    };
    assert_eq!(
        refused(&|a| a[0][0] = "Health plan".into()),
        "The selected file must use the template: the heading \"Health plan\" is not one of the template's"
    );
    assert_eq!(
        refused(&|a| a.iter_mut().for_each(|r| {
            r.remove(column("rin"));
        })),
        "The selected file must use the template: the heading \"Recipient ID (RIN)\" is missing"
    );
    assert_eq!(
        refused(&|a| a.iter_mut().for_each(|r| {
            r.remove(column("issue"));
            r.remove(column("mco"));
        })),
        "The selected file must use the template: the headings \"MCO\" and \"Issue\" are missing"
    );
    assert_eq!(
        refused(&|a| a[0][1] = "mco".into()),
        "The selected file must use the template: the heading \"MCO\" appears more than once"
    );
    assert_eq!(
        refused(&|a| a[2].push("stray".into())),
        "The selected file must use the template: column Q has no heading"
    );
}

#[test]
fn a_bom_and_windows_1252() {
    let mut rows = good_rows(2);
    rows[0][column("member_first_name")] = "José".into();
    let text = csv(&with_headings(rows));
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend_from_slice(text.as_bytes());
    let report = check_file(&bom, &ctx());
    assert!(report.is_ready());
    assert_eq!(report.claims[0].member_first_name, "José");
    // The same file saved by Excel as "CSV": é is the single byte E9.
    let latin: Vec<u8> = text
        .chars()
        .map(|c| if c == 'é' { 0xE9 } else { c as u8 })
        .collect();
    let report = check_file(&latin, &ctx());
    assert!(report.is_ready());
    assert_eq!(report.claims[0].member_first_name, "José");
}

#[test]
fn every_cell_rule() {
    let long = "x".repeat(1_001);
    let a201 = "a".repeat(201);
    let a101 = "a".repeat(101);
    let zeros = |message: &str| format!("{message}. {LOST_ZEROS_HINT}");
    let (medicaid_zeros, tax_zeros, rin_zeros) = (
        zeros("Provider Medicaid ID must be 9 or 10 digits"),
        zeros("The tax ID must be 9 digits"),
        zeros("Recipient ID must be 9 digits"),
    );
    #[rustfmt::skip]
    let table: Vec<(&str, &str, &str)> = vec![
        ("mco", "", "Enter the MCO"),
        ("mco", "Meridian", "Enter the ticket's MCO, Aetna Better Health of Illinois. Every claim on a template must be with the same MCO: file a separate ticket for each MCO"),
        ("provider_medicaid_id", "", "Enter the Provider Medicaid ID"),
        ("provider_medicaid_id", "12345", &medicaid_zeros),
        ("provider_medicaid_id", "1234-5", "Provider Medicaid ID must be 9 or 10 digits"),
        ("provider_medicaid_id", "987654321", "Enter the Provider Medicaid ID of the ticket's facility, 123456789. File a separate ticket for each provider or facility"),
        ("tax_id", "", "Enter the tax ID"),
        ("tax_id", "12-345678", "The tax ID must be 9 digits"),
        ("tax_id", "23456789", &tax_zeros),
        ("tax_id", "98-7654321", "Every claim on a template must have the same tax ID. File a separate ticket for each provider or facility"),
        ("location_address", "", "Enter the location address"),
        ("location_address", &a201, "The location address must be 200 characters or fewer"),
        ("location_address", "2 Oak Ave, Peoria", "Every claim on a template must have the same location address. File a separate ticket for each location"),
        ("complaint_type", "", "Enter the complaint type"),
        ("complaint_type", "Billing", "Enter one of the complaint types listed on the sheet \"How to fill in\", like Claims/Payment"),
        ("complaint_type", "Roster", "Enter the ticket's complaint type, Claims/Payment. File a separate ticket for each complaint type"),
        ("member_first_name", "", "Enter the member's first name"),
        ("member_last_name", &a101, "The member's last name must be 100 characters or fewer"),
        ("rin", "", "Enter the Recipient ID"),
        ("rin", "12345678", &rin_zeros),
        ("rin", "12-345-678", "Recipient ID must be 9 digits"),
        ("rin", "1234567890", "Recipient ID must be 9 digits"),
        ("service_from", "", "Enter the first date of service"),
        ("service_from", "10/01/26", "The first date of service must be a date, like 03/15/2026"),
        ("service_from", "02/30/2026", "The first date of service must be a real date: February 2026 has 28 days"),
        ("service_from", "2026-11-15", "The first date of service must be the same as or before the date the MCO received your dispute"),
        ("service_from", "2026-12-21", "The first date of service must be today or in the past"),
        ("service_to", "09/30/2026", "The last date of service must be the same as or after the first"),
        ("service_to", "2026-11-20", "The last date of service must be the same as or before the date the MCO received your dispute"),
        ("service_to", "tomorrow", "The last date of service must be a date, like 03/15/2026"),
        ("claim_number", "", "Enter the claim number"),
        ("claim_number", "CLM_1", "The claim number can only include letters, numbers, and -"),
        ("claim_number", "clm-0001", "This claim number is also on row 2. Enter each claim once"),
        ("billed_amount", "", "Enter the billed amount"),
        ("billed_amount", "-5", "The billed amount must be 0 or more"),
        ("billed_amount", "12.345", "The billed amount can have at most 2 decimal places"),
        ("billed_amount", "100,000,000.00", "The billed amount must be less than $100,000,000"),
        ("billed_amount", "ten", "Enter the billed amount in dollars, like 1234.56"),
        ("paid_amount", "", "Enter the paid amount, 0 if nothing was paid"),
        ("tracking_number", "", "Enter the MCO tracking number"),
        ("tracking_number", "AET#1", "The MCO tracking number can only include letters, numbers, spaces, and - / ."),
        ("mco_received_on", "", "Enter the date the MCO received your dispute"),
        ("mco_received_on", "2026-12-21", "The date the MCO received your dispute must be today or in the past"),
        ("mco_received_on", "2026-10-01", "The time to file this dispute ended on Monday, November 30, 2026 (60 days after the MCO received it)"),
        ("mco_received_on", "2026-12-01", "You can file this dispute from Thursday, December 31, 2026 (30 days after the MCO received it)"),
        ("issue", "", "Describe the issue with this claim"),
        ("issue", &long, "The issue must be 1,000 characters or fewer"),
    ];
    for (key, value, message) in table {
        let mut rows = good_rows(3);
        rows[1][column(key)] = value.to_string();
        let report = check_csv(rows);
        assert_eq!(report.file_error, None, "{key} {value}");
        assert_eq!(
            report.problem_count, 1,
            "{key} {value:?}: {:?}",
            report.problems
        );
        let p = &report.problems[0];
        assert_eq!(
            (p.row, p.column.as_str()),
            (3, COLUMNS[column(key)].heading),
            "{key}"
        );
        assert_eq!(p.message, message, "{key} {value:?}");
        assert_eq!(
            p.value,
            value.chars().take(99).collect::<String>()
                + if value.chars().count() > 100 {
                    "…"
                } else {
                    ""
                }
        );
        assert!(!report.is_ready());
        assert_eq!(summary(&report), "1 row needs fixing");
    }
}

#[test]
fn names_and_types_match_loosely() {
    let mut rows = good_rows(4);
    rows[0][column("mco")] = "AETNA better health of illinois".into();
    rows[1][column("mco")] = "aetna".into();
    rows[2][column("complaint_type")] = "claims_payment".into();
    rows[3][column("location_address")] = "1 main st springfield il 62701".into();
    rows[3][column("tax_id")] = "123 456 789".into();
    rows[3][column("provider_medicaid_id")] = "123-456-789".into();
    rows[3][column("billed_amount")] = "1234.5".into();
    let report = check_csv(rows);
    assert!(report.is_ready(), "{:?}", report.problems);
}

#[test]
fn without_the_tickets_values_the_first_row_decides() {
    let mut rows = good_rows(4);
    rows[2][column("mco")] = "Meridian".into();
    rows[3][column("complaint_type")] = "Roster".into();
    rows[3][column("provider_medicaid_id")] = "9876543210".into();
    let report = check_file(csv(&with_headings(rows)).as_bytes(), &open_ctx());
    let found: Vec<(u32, &str, &str)> = report
        .problems
        .iter()
        .map(|p| (p.row, p.column.as_str(), p.message.as_str()))
        .collect();
    assert_eq!(
        found,
        vec![
            (4, "MCO", "Every claim on a template must be with the same MCO. File a separate ticket for each MCO"),
            (5, "Provider Medicaid ID", "Every claim on a template must be for the same Provider Medicaid ID. File a separate ticket for each provider or facility"),
            (5, "Complaint type", "Every claim on a template must have the same complaint type. File a separate ticket for each complaint type"),
        ]
    );
    assert_eq!(report.problem_rows, 2);
    assert_eq!(summary(&report), "2 rows need fixing");
}

#[test]
fn problems_are_in_order_one_per_cell_and_capped() {
    // "x!" in every cell of 100 rows: a fine name, address and issue (the same on every row), a
    // problem in the 12 other columns (the MCO is not the ticket's), 1,200 in all, 500 listed.
    let rows: Vec<Vec<String>> = (0..100).map(|_| vec!["x!".to_string(); 16]).collect();
    let report = check_csv(rows);
    assert_eq!(report.problem_count, 1_200);
    assert_eq!(report.problems.len(), MAX_LISTED_PROBLEMS);
    assert_eq!(report.problem_rows, 100);
    assert_eq!(summary(&report), "100 rows need fixing");
    let keys: Vec<(u32, usize)> = report
        .problems
        .iter()
        .map(|p| {
            (
                p.row,
                COLUMNS.iter().position(|c| c.heading == p.column).unwrap(),
            )
        })
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(keys, sorted, "row order, then column order, one per cell");
    assert_eq!(report.claims.len(), 100, "every row read, checked or not");
    assert_eq!(report.claims[0].member_first_name, "x!");
}

#[test]
fn long_values_are_cut_for_the_list() {
    let mut rows = good_rows(2);
    rows[0][column("claim_number")] = "9".repeat(300);
    let report = check_csv(rows);
    let p = &report.problems[0];
    assert_eq!(p.value.chars().count(), 100);
    assert!(p.value.ends_with('…'));
}

#[test]
fn formula_looking_csv_cells_are_text() {
    let mut rows = good_rows(2);
    rows[0][column("issue")] = "=HYPERLINK(\"http://x\")".into();
    rows[1][column("issue")] = "@SUM(A1)".into();
    let report = check_csv(rows);
    assert!(report.is_ready());
    assert_eq!(report.claims[0].issue, "=HYPERLINK(\"http://x\")");
}

#[test]
fn the_blank_csv_is_the_heading_row() {
    let blank = blank_csv();
    assert!(blank.ends_with("\r\n"));
    assert_eq!(blank.lines().count(), 1);
    assert_eq!(
        check_file(blank.as_bytes(), &ctx()).file_error.as_deref(),
        Some(NO_CLAIMS_MESSAGE)
    );
    // Filling it in gives a file that passes.
    let filled = format!("{blank}{}", csv(&good_rows(2)));
    assert!(check_file(filled.as_bytes(), &ctx()).is_ready());
}

#[test]
fn the_context_crosses_the_wire_as_json() {
    let json = serde_json::to_value(ctx()).unwrap();
    assert_eq!(json["today"], "2026-12-20");
    assert_eq!(json["complaint_type"], "claims_payment");
    let back: ClaimsContext = serde_json::from_value(json).unwrap();
    assert_eq!(back, ctx());
    let minimal: ClaimsContext = serde_json::from_str(r#"{"today":"2026-12-20"}"#).unwrap();
    assert_eq!(minimal, open_ctx());
    let report = check_csv(good_rows(2));
    let text = serde_json::to_string(&report).unwrap();
    assert_eq!(serde_json::from_str::<ClaimsReport>(&text).unwrap(), report);
}

#[cfg(not(feature = "xlsx"))]
#[test]
fn without_the_xlsx_feature_a_workbook_is_not_read() {
    let report = check_file(b"PK\x03\x04\x14\0\0\0\x08\0", &ctx());
    assert_eq!(
        report.file_error.as_deref(),
        Some("The selected file must be a CSV or XLSX")
    );
}

#[cfg(feature = "xlsx")]
mod xlsx {
    use super::*;
    use rules::sheet::xlsx::{
        workbook, workbook_parts, xlsx_from_rows, zip_parts, Cell, Sheet, MAX_ENTRIES,
        MAX_UNZIPPED_BYTES,
    };
    use rules::sheet::zip;
    use std::borrow::Cow;

    /// A workbook as Excel would save the good rows: dates as date cells, IDs and amounts as
    /// numbers.
    fn typed_workbook(n: usize) -> Vec<Sheet> {
        let mut rows = vec![headings()
            .into_iter()
            .map(Cell::Heading)
            .collect::<Vec<_>>()];
        for (i, row) in good_rows(n).into_iter().enumerate() {
            let cells = row
                .into_iter()
                .enumerate()
                .map(|(c, text)| match COLUMNS[c].key {
                    "service_from" => Cell::Date(d(2026, 10, 1)),
                    "mco_received_on" => Cell::Date(d(2026, 11, 14)),
                    "rin" => Cell::Number(123_456_789.0),
                    "provider_medicaid_id" => Cell::Number(123_456_789.0),
                    "billed_amount" => Cell::Number(1234.5),
                    "paid_amount" => Cell::Number(0.0),
                    "issue" if i % 2 == 0 => Cell::InlineText(text),
                    _ if text.is_empty() => Cell::Empty,
                    _ => Cell::Text(text),
                })
                .collect();
            rows.push(cells);
        }
        vec![
            Sheet {
                name: "How to fill in".into(),
                rows: vec![vec![Cell::Text("Read me".into())]],
                columns: vec![],
            },
            Sheet {
                name: "Claims".into(),
                rows,
                columns: vec![],
            },
        ]
    }

    #[test]
    fn a_workbook_reads_as_the_csv_does() {
        let report = check_file(&workbook(&typed_workbook(3)), &ctx());
        assert!(
            report.is_ready(),
            "{:?} {:?}",
            report.file_error,
            report.problems
        );
        assert_eq!(report.format.as_deref(), Some("xlsx"));
        let from_csv = check_csv(good_rows(3));
        assert_eq!(report.claims, from_csv.claims);
        // Text cells only (as xlsx_from_rows writes) read the same too.
        let plain = xlsx_from_rows(&[("Claims", with_headings(good_rows(3)))]);
        assert_eq!(check_file(&plain, &ctx()).claims, from_csv.claims);
    }

    /// Large inputs are answered at once (the times printed, not asserted: `--nocapture`).
    #[test]
    fn large_workbooks_are_refused_quickly() {
        let timed = |what: &str, bytes: &[u8]| {
            let started = std::time::Instant::now();
            let report = check_file(bytes, &ctx());
            println!(
                "{what} ({} bytes): {:?} in {:?}",
                bytes.len(),
                report.file_error,
                started.elapsed()
            );
            report
        };
        let rows = xlsx_from_rows(&[("Claims", with_headings(good_rows(10_000)))]);
        assert_eq!(
            timed("10,000 rows, XLSX", &rows).file_error.as_deref(),
            Some(TOO_MANY_CLAIMS_MESSAGE)
        );
        // A sheet that unpacks to 50 MB of one blank row after another.
        let blank_rows = "<row/>".repeat((MAX_UNZIPPED_BYTES - 10_000) / 6);
        let parts: Vec<(String, Vec<u8>)> = workbook_parts(&typed_workbook(2))
            .into_iter()
            .map(|(name, bytes)| {
                if name == "xl/worksheets/sheet2.xml" {
                    let text = String::from_utf8(bytes).unwrap();
                    let text = text.replace("</sheetData>", &format!("{blank_rows}</sheetData>"));
                    (name, text.into_bytes())
                } else {
                    (name, bytes)
                }
            })
            .collect();
        let book = zip_parts(&parts);
        assert!(book.len() < MAX_FILE_BYTES);
        let report = timed("a sheet of 50 MB of blank rows", &book);
        assert!(report.is_ready(), "{:?}", report.file_error);
        let mut pk = b"PK\x03\x04".to_vec();
        pk.resize(50 * 1024 * 1024, b'a');
        assert_eq!(
            timed("50 MB starting like a ZIP", &pk)
                .file_error
                .as_deref(),
            Some(sheet::TOO_BIG_MESSAGE)
        );
    }

    #[test]
    fn a_rin_typed_in_a_number_column_loses_its_zero_and_says_so() {
        // Excel keeps 012345678 typed in a General column as the number 12345678.
        let mut sheets = typed_workbook(2);
        sheets[1].rows[1][column("rin")] = Cell::Number(12_345_678.0);
        sheets[1].rows[2][column("rin")] = Cell::Text("012345678".into());
        let report = check_file(&workbook(&sheets), &ctx());
        assert_eq!(report.problem_count, 1, "{:?}", report.problems);
        let p = &report.problems[0];
        assert_eq!((p.row, p.value.as_str()), (2, "12345678"));
        assert_eq!(
            p.message,
            "Recipient ID must be 9 digits. If it starts with 0, the spreadsheet dropped the 0: format the column as Text, type the number again and save"
        );
        assert_eq!(
            report.claims[1].rin, "012345678",
            "a text cell keeps its zero"
        );
    }

    #[test]
    fn how_many_claims_in_a_workbook() {
        assert!(check_file(&workbook(&typed_workbook(100)), &ctx()).is_ready());
        for n in [101, 10_000] {
            let book = xlsx_from_rows(&[("Claims", with_headings(good_rows(n)))]);
            assert_eq!(
                check_file(&book, &ctx()).file_error.as_deref(),
                Some(TOO_MANY_CLAIMS_MESSAGE)
            );
        }
        let one = xlsx_from_rows(&[("Claims", with_headings(good_rows(1)))]);
        assert_eq!(
            check_file(&one, &ctx()).file_error.as_deref(),
            Some(ONE_CLAIM_MESSAGE)
        );
    }

    #[test]
    fn refusals() {
        let error = |bytes: &[u8]| check_file(bytes, &ctx()).file_error.unwrap();
        // A formula cell.
        let mut sheets = typed_workbook(2);
        sheets[1].rows[2][column("billed_amount")] = Cell::Formula("SUM(L2:L2)".into());
        assert_eq!(
            error(&workbook(&sheets)),
            "The selected file contains formulas. Copy the cells and paste them as values, save, and select it again"
        );
        // Macros.
        let mut parts = workbook_parts(&typed_workbook(2));
        parts.push(("xl/vbaProject.bin".into(), vec![0xD0, 0xCF, 0x11, 0xE0]));
        assert_eq!(
            error(&zip_parts(&parts)),
            "The selected file contains macros. Save it as an Excel Workbook (.xlsx) or CSV and select that"
        );
        // Too many entries.
        let mut parts = workbook_parts(&typed_workbook(2));
        for i in 0..MAX_ENTRIES {
            parts.push((format!("xl/media/image{i}.png"), vec![1]));
        }
        assert_eq!(
            error(&zip_parts(&parts)),
            "The selected file is too large to read. Use the template with at most 100 claims"
        );
        // An entry that unpacks past 50 MB (a zip bomb of about 300 KB).
        let parts = workbook_parts(&typed_workbook(2));
        let mut raw: Vec<zip::RawEntry> = parts
            .iter()
            .map(|(name, bytes)| zip::RawEntry::new(name, bytes))
            .collect();
        raw.push(zip::RawEntry {
            name: "xl/media/zeros.bin",
            method: 8,
            body: Cow::Owned(zip::deflate_zeros(MAX_UNZIPPED_BYTES + 1)),
            size: (MAX_UNZIPPED_BYTES + 1) as u32,
            crc: 0,
        });
        let bomb = zip::write_raw(&raw);
        assert!(bomb.len() < MAX_FILE_BYTES);
        assert_eq!(
            error(&bomb),
            "The selected file is too large to read. Use the template with at most 100 claims"
        );
        // A ZIP that is not a workbook (a .docx, say).
        let docx = zip::write(&[
            ("[Content_Types].xml", b"<Types/>"),
            ("word/document.xml", b"<w/>"),
        ]);
        assert_eq!(error(&docx), "The selected file must be a CSV or XLSX");
        // A damaged workbook.
        let mut damaged = workbook(&typed_workbook(2));
        let len = damaged.len();
        damaged.truncate(len / 2);
        assert_eq!(error(&damaged), "The selected file must be a CSV or XLSX");
    }

    #[test]
    fn the_blank_workbook() {
        let blank = blank_xlsx();
        let report = check_file(&blank, &ctx());
        assert_eq!(report.file_error.as_deref(), Some(NO_CLAIMS_MESSAGE));
        assert_eq!(report.format.as_deref(), Some("xlsx"));
        let table = sheet::read(&blank, 10).unwrap();
        assert_eq!(table.rows[0].cells, headings());
        // The sheet "How to fill in" explains every column.
        let archive = zip::open(&blank, 100).unwrap();
        let workbook_xml = String::from_utf8(
            archive
                .read(archive.find("xl/workbook.xml").unwrap(), &mut 1_000_000)
                .unwrap(),
        )
        .unwrap();
        assert!(workbook_xml.contains("name=\"Claims\""));
        assert!(workbook_xml.contains("name=\"How to fill in\""));
        let strings = String::from_utf8(
            archive
                .read(
                    archive.find("xl/sharedStrings.xml").unwrap(),
                    &mut 1_000_000,
                )
                .unwrap(),
        )
        .unwrap();
        for c in COLUMNS {
            let escaped = c
                .help()
                .replace('&', "&amp;")
                .replace('"', "&quot;")
                .replace('\'', "&apos;");
            assert!(strings.contains(&escaped), "{}", c.key);
        }
    }

    #[test]
    fn the_facility_template_reads_workbooks_too() {
        let head: Vec<String> = rules::facility_template::COLUMNS
            .iter()
            .map(|(_, h)| h.to_string())
            .collect();
        let row: Vec<String> = [
            "a@example.com",
            "217 555 0100",
            "Mercy",
            "Clinic",
            "123456789",
            "",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let book = xlsx_from_rows(&[("Sheet1", vec![head.clone(), row])]);
        let rows = rules::facility_template::parse_file(&book).unwrap();
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].0, 2);
        assert_eq!(rows[0].1.name, "Mercy");
        assert_eq!(rows[0].1.npi, "", "a missing last cell is an empty cell");
        // The same refusals as the claims template.
        let mut sheets = vec![Sheet {
            name: "Sheet1".into(),
            rows: vec![
                head.into_iter().map(Cell::Text).collect(),
                vec![Cell::Formula("1".into())],
            ],
            columns: vec![],
        }];
        assert_eq!(
            rules::facility_template::parse_file(&workbook(&sheets)),
            Err(sheet::FORMULAS_MESSAGE.to_string())
        );
        sheets[0].rows.pop();
        assert_eq!(
            rules::facility_template::parse_file(&workbook(&sheets)),
            Ok(vec![])
        );
        // And a CSV as before.
        let text = rules::facility_template::blank_csv();
        assert_eq!(
            rules::facility_template::parse_file(text.as_bytes()),
            Ok(vec![])
        );
    }

    fn mutated(base: Vec<u8>) -> impl Strategy<Value = Vec<u8>> {
        let len = base.len();
        (
            proptest::collection::vec((0..len, any::<u8>()), 0..8),
            proptest::option::of(0..len),
        )
            .prop_map(move |(flips, cut)| {
                let mut bytes = base.clone();
                for (at, value) in flips {
                    bytes[at] = value;
                }
                if let Some(cut) = cut {
                    bytes.truncate(cut);
                }
                bytes
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

        #[test]
        fn a_damaged_workbook_never_panics(bytes in mutated(workbook(&typed_workbook(3)))) {
            let report = check_file(&bytes, &ctx());
            prop_assert!(report.file_error.is_some() || report.format.as_deref() == Some("xlsx"));
            let _ = sheet::read_table(&bytes, 10);
            let _ = rules::facility_template::parse_file(&bytes);
        }

        #[test]
        fn a_damaged_blank_template_never_panics(bytes in mutated(blank_xlsx())) {
            let _ = check_file(&bytes, &ctx());
            let _ = sheet::read(&bytes, 5);
        }
    }
}

/// Large inputs are answered at once (the times printed, not asserted: `--nocapture`).
#[test]
fn large_files_are_refused_quickly() {
    let timed = |what: &str, bytes: &[u8]| {
        let started = std::time::Instant::now();
        let report = check_file(bytes, &ctx());
        println!(
            "{what} ({} bytes): {:?} in {:?}",
            bytes.len(),
            report.file_error,
            started.elapsed()
        );
        report
    };
    let rows = csv(&with_headings(good_rows(10_000)));
    assert_eq!(
        timed("10,000 rows, CSV", rows.as_bytes())
            .file_error
            .as_deref(),
        Some(TOO_MANY_CLAIMS_MESSAGE)
    );
    let big = vec![b'a'; 50 * 1024 * 1024];
    assert_eq!(
        timed("50 MB of text", &big).file_error.as_deref(),
        Some(sheet::TOO_BIG_MESSAGE)
    );
    // Just under 10 MB: one cell, then one blank line after another.
    let mut lines = csv(&with_headings(good_rows(2)));
    lines.push_str(&"\r\n".repeat((MAX_FILE_BYTES - lines.len()) / 2));
    assert!(timed("10 MB of blank lines", lines.as_bytes()).is_ready());
}

#[test]
fn sheet_errors_have_messages() {
    assert_eq!(
        SheetError::TooLargeToRead.message(),
        "The selected file is too large to read. Use the template"
    );
    assert_eq!(
        SheetError::TooLargeToRead.message_with(TOO_LARGE_TO_READ_MESSAGE),
        "The selected file is too large to read. Use the template with at most 100 claims"
    );
    assert_eq!(SheetError::Macros.message(), sheet::MACROS_MESSAGE);
}

fn any_bytes() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        proptest::collection::vec(any::<u8>(), 0..400),
        // Bytes that start like the files the reader knows.
        (
            prop_oneof![
                Just(b"PK\x03\x04".to_vec()),
                Just(b"PK\x05\x06".to_vec()),
                Just(vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]),
                Just(b"\xEF\xBB\xBF".to_vec()),
            ],
            proptest::collection::vec(any::<u8>(), 0..400)
        )
            .prop_map(|(mut head, tail)| {
                head.extend(tail);
                head
            }),
    ]
}

fn mutated_csv() -> impl Strategy<Value = Vec<u8>> {
    let base = csv(&with_headings(good_rows(3))).into_bytes();
    let len = base.len();
    (
        proptest::collection::vec((0..len, any::<u8>()), 0..8),
        proptest::option::of(0..len),
    )
        .prop_map(move |(flips, cut)| {
            let mut bytes = base.clone();
            for (at, value) in flips {
                bytes[at] = value;
            }
            if let Some(cut) = cut {
                bytes.truncate(cut);
            }
            bytes
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn any_bytes_never_panic(bytes in any_bytes()) {
        let report = check_file(&bytes, &ctx());
        prop_assert!(report.problems.len() <= MAX_LISTED_PROBLEMS);
        prop_assert!(report.problem_count >= report.problems.len());
        if report.file_error.is_some() {
            prop_assert!(report.claims.is_empty() && report.problems.is_empty());
        }
        let _ = sheet::read_table(&bytes, 3);
        let _ = summary(&report);
    }

    #[test]
    fn a_damaged_csv_never_panics(bytes in mutated_csv()) {
        let report = check_file(&bytes, &ctx());
        prop_assert!(report.claims.len() <= MAX_CLAIMS);
        // Every problem names a row that was read and one of the template's columns.
        for p in &report.problems {
            prop_assert!(report.claims.iter().any(|c| c.row == p.row));
            prop_assert!(COLUMNS.iter().any(|c| c.heading == p.column));
            prop_assert!(p.value.chars().count() <= VALUE_MAX_CHARS);
        }
        prop_assert_eq!(report.is_ready(), report.file_error.is_none() && report.problem_count == 0);
    }
}
