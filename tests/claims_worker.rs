//! The spreadsheet worker's reading, in a real browser (wasm32, headless Chromium): the function
//! every message runs (`claims_worker::answer`) with small CSV and XLSX files, and the app's client
//! (`portal_app::sheet_worker`) when the worker cannot be loaded.

use chrono::NaiveDate;
use claims_worker::{answer, BadMessage, FacilitiesAnswer};
use portal_app::sheet_worker::{SheetWorker, UNREADABLE};
use rules::claims::{blank_xlsx, summary, NO_CLAIMS_MESSAGE, TOO_MANY_CLAIMS_MESSAGE};
use rules::sheet::xlsx::{workbook, xlsx_from_rows, Cell, Sheet};
use rules::sheet::{FORMULAS_MESSAGE, TYPE_MESSAGE};
use rules::wire::claims::{ClaimsContext, ClaimsReport};
use rules::wire::tickets::ComplaintType;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const MCO: &str = "Aetna Better Health of Illinois";
const MEDICAID_ID: &str = "100482731";

const HEADINGS: [&str; 16] = [
    "MCO",
    "Provider Medicaid ID",
    "Tax ID",
    "Location address",
    "Complaint type",
    "Member first name",
    "Member last name",
    "Recipient ID (RIN)",
    "First date of service",
    "Last date of service",
    "Claim number",
    "Billed amount",
    "Paid amount",
    "MCO tracking number",
    "Date the MCO received the dispute",
    "Issue",
];

fn context() -> ClaimsContext {
    ClaimsContext {
        // The dispute reached the MCO on January 21, 2026: its window is open 40 days later.
        today: NaiveDate::from_ymd_opt(2026, 3, 2).unwrap(),
        calendar_changes: Vec::new(),
        mco_names: vec![MCO.to_string(), "Aetna".to_string()],
        facility_medicaid_id: MEDICAID_ID.to_string(),
        complaint_type: Some(ComplaintType::ClaimsPayment),
    }
}

fn context_json() -> String {
    serde_json::to_string(&context()).unwrap()
}

/// The heading row and `count` good claims.
fn rows(count: usize) -> Vec<Vec<String>> {
    let mut rows = vec![HEADINGS.iter().map(|h| h.to_string()).collect()];
    for i in 0..count {
        rows.push(
            [
                MCO,
                MEDICAID_ID,
                "36-1234567",
                "1200 Prairie Avenue, Springfield, IL 62701",
                "Claims/Payment",
                &format!("Member{}", i + 1),
                "Rivera",
                &format!("{}", 100_006_789 + (i as u64 + 1) * 1_000_000),
                "01/10/2026",
                "",
                &format!("CLM-{:04}", i + 1),
                &format!("${},250.00", i + 1),
                "0",
                &format!("TRK-{}", i + 1),
                "2026-01-21",
                "Denied as a duplicate",
            ]
            .iter()
            .map(|c| c.to_string())
            .collect(),
        );
    }
    rows
}

fn csv(rows: &[Vec<String>]) -> Vec<u8> {
    let mut out = String::new();
    for row in rows {
        let cells: Vec<String> = row
            .iter()
            .map(|c| {
                if c.contains([',', '"']) {
                    format!("\"{}\"", c.replace('"', "\"\""))
                } else {
                    c.clone()
                }
            })
            .collect();
        out.push_str(&cells.join(","));
        out.push_str("\r\n");
    }
    out.into_bytes()
}

fn claims(bytes: &[u8]) -> ClaimsReport {
    let json = answer("claims", bytes, &context_json()).expect("a claims message is answered");
    serde_json::from_str(&json).expect("the answer is a ClaimsReport")
}

#[wasm_bindgen_test]
fn a_csv_with_good_claims_is_ready() {
    let report = claims(&csv(&rows(3)));
    assert_eq!(report.file_error, None);
    assert_eq!(report.format.as_deref(), Some("csv"));
    assert!(report.is_ready(), "{:?}", report.problems);
    assert_eq!(summary(&report), "3 claims ready");
    let first = &report.claims[0];
    assert_eq!(first.row, 2, "the heading row is row 1");
    assert_eq!(first.rin, "101006789");
    assert_eq!(first.claim_number, "CLM-0001");
    assert_eq!(first.billed_cents, 125_000);
    assert_eq!(first.service_from, "2026-01-10");
    assert_eq!(first.service_to, "2026-01-10", "empty means the first date");
    assert_eq!(report.claims[2].billed_cents, 325_000);
}

#[wasm_bindgen_test]
fn a_csv_with_mistakes_lists_each_cell_to_fix() {
    let mut rows = rows(3);
    rows[2][7] = "1234567890".into();
    rows[3][11] = "a lot".into();
    let report = claims(&csv(&rows));
    assert!(!report.is_ready());
    assert_eq!(report.file_error, None);
    assert_eq!(report.problem_count, 2);
    assert_eq!(summary(&report), "2 rows need fixing");
    let rin = &report.problems[0];
    assert_eq!(
        (rin.row, rin.column.as_str(), rin.value.as_str()),
        (3, "Recipient ID (RIN)", "1234567890")
    );
    assert_eq!(rin.message, "Recipient ID must be 9 digits");
    let billed = &report.problems[1];
    assert_eq!((billed.row, billed.column.as_str()), (4, "Billed amount"));
    assert_eq!(billed.value, "a lot", "the value as read");
}

#[wasm_bindgen_test]
fn a_100_claim_xlsx_is_ready_and_a_101st_claim_is_refused() {
    let report = claims(&xlsx_from_rows(&[("Claims", rows(100))]));
    assert_eq!(report.format.as_deref(), Some("xlsx"));
    assert!(report.is_ready(), "{:?}", report.problems.first());
    assert_eq!(report.claims.len(), 100);
    assert_eq!(report.claims[99].row, 101);
    assert_eq!(summary(&report), "100 claims ready");

    let report = claims(&xlsx_from_rows(&[("Claims", rows(101))]));
    assert_eq!(report.file_error.as_deref(), Some(TOO_MANY_CLAIMS_MESSAGE));
    assert!(report.claims.is_empty());
}

#[wasm_bindgen_test]
fn xlsx_number_cells_and_refusals() {
    // A RIN and amounts typed as numbers are read as their digits.
    let mut sheet_rows: Vec<Vec<Cell>> = rows(2)
        .into_iter()
        .map(|r| r.into_iter().map(Cell::Text).collect())
        .collect();
    sheet_rows[1][7] = Cell::Number(101_006_789.0);
    sheet_rows[1][11] = Cell::Number(1250.5);
    let sheet = |rows: Vec<Vec<Cell>>| Sheet {
        name: "Claims".into(),
        rows,
        columns: Vec::new(),
    };
    let report = claims(&workbook(&[sheet(sheet_rows.clone())]));
    assert!(report.is_ready(), "{:?}", report.problems);
    assert_eq!(report.claims[0].rin, "101006789");
    assert_eq!(report.claims[0].billed_cents, 125_050);

    // A formula is never evaluated: the file is refused.
    sheet_rows[2][11] = Cell::Formula("SUM(1,2)".into());
    let report = claims(&workbook(&[sheet(sheet_rows)]));
    assert_eq!(report.file_error.as_deref(), Some(FORMULAS_MESSAGE));

    // The blank template has no claims; bytes that are neither CSV nor XLSX are refused.
    assert_eq!(
        claims(&blank_xlsx()).file_error.as_deref(),
        Some(NO_CLAIMS_MESSAGE)
    );
    assert_eq!(
        claims(b"%PDF-1.4\x00\x01").file_error.as_deref(),
        Some(TYPE_MESSAGE)
    );
}

#[wasm_bindgen_test]
fn the_facility_template_is_read_from_csv_and_xlsx() {
    let rows = vec![
        vec![
            "Contact Email",
            "Contact Phone",
            "Provider/Facility Name",
            "Provider/Facility Type",
            "Provider Medicaid ID",
            "NPI Number",
        ],
        vec![
            "ops@northshore.example",
            "(847) 555-0101",
            "North Shore Dialysis",
            "Dialysis center",
            "100200300",
            "1234567893",
        ],
    ];
    let rows: Vec<Vec<String>> = rows
        .into_iter()
        .map(|r| r.into_iter().map(String::from).collect())
        .collect();
    for bytes in [csv(&rows), xlsx_from_rows(&[("Facilities", rows.clone())])] {
        let json = answer("facilities", &bytes, "").unwrap();
        let read: FacilitiesAnswer = serde_json::from_str(&json).unwrap();
        let read = read.expect("the template is read");
        assert_eq!(read.len(), 1);
        assert_eq!(read[0].0, 2, "its spreadsheet row");
        assert_eq!(read[0].1.name, "North Shore Dialysis");
        assert_eq!(read[0].1.npi, "1234567893");
    }
    let json = answer("facilities", b"\x00\x01\x02", "").unwrap();
    let read: FacilitiesAnswer = serde_json::from_str(&json).unwrap();
    assert_eq!(read, Err(TYPE_MESSAGE.to_string()));
}

#[wasm_bindgen_test]
fn a_message_the_worker_does_not_understand_is_an_error() {
    assert_eq!(
        answer("pdf", b"", ""),
        Err(BadMessage::UnknownKind("pdf".into()))
    );
    assert!(matches!(
        answer("claims", b"a,b\r\n", "not json"),
        Err(BadMessage::Context(_))
    ));
}

/// The test runner serves no worker: the client must say so, not wait for ever.
#[wasm_bindgen_test]
async fn a_worker_that_cannot_load_gives_a_message() {
    let worker = SheetWorker::new();
    assert!(!worker.is_started(), "nothing is started before a reading");
    let answer = worker.read_claims(&csv(&rows(2)), &context()).await;
    assert_eq!(answer, Err(UNREADABLE.to_string()));
    // The next reading tries a fresh worker, and fails the same way.
    let answer = worker.read_facilities(b"a,b\r\n").await;
    assert!(matches!(answer, Err(ref m) if m == UNREADABLE));
}
