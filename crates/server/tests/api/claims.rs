//! The claims template (issue 6, `docs/claims.md`): the blank templates, the draft's upload (the
//! server's answer is the rules' own answer on the same bytes), the size limits, access, and the
//! template ticket: submitted, stored, shown (RINs masked) to those who may see the ticket.
//! Test files are made here: CSV as text, XLSX part by part (so that a formula or macros can be put
//! in), zipped with the rules' ZIP writer.

use std::io::{Read, Write};
use std::time::{Duration as StdDuration, Instant};

use chrono::Duration;
use rules::wire::claims::{ClaimsContext, ClaimsReport};
use rules::wire::tickets::ComplaintType;
use serde_json::{json, Value};

use crate::helpers::tickets::{
    audit_rows, present, provider, staff, submit_ticket, ticket_id, upload, valid_form, Provider,
    AETNA, EXE, MERIDIAN, PDF,
};
use crate::helpers::{
    cookie_token, iso, set_cookie, spawn_app, status_and_json, today, user_id, TestApp, APP_HEADER,
    DEMO_PASSWORD,
};

/// A PNG's first bytes: binary, not text.
const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0";

/// The template's headings, in the template's order.
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

/// The facility's Medicaid ID (`TestApp::add_facility`).
const MEDICAID_ID: &str = "123456789";

/// A claim row `i` (1-based) for `mco`, dated relative to today.
fn claim_row(i: usize, mco: &str) -> Vec<String> {
    let today = today();
    vec![
        mco.to_owned(),
        MEDICAID_ID.to_owned(),
        "36-1234567".to_owned(),
        "100 Main Street, Springfield, IL 62701".to_owned(),
        "Claims/Payment".to_owned(),
        "Jamie".to_owned(),
        format!("Rivera{}", "x".repeat(i % 3)),
        format!("{:09}", 900_001_000 + i),
        iso(today - Duration::days(120)),
        format!("{}", (today - Duration::days(118)).format("%m/%d/%Y")),
        format!("CLM-{i:05}"),
        format!("${},{:03}.50", 1 + i, i),
        "0".to_owned(),
        format!("AET-{:06}", 400_000 + i),
        iso(today - Duration::days(45)),
        format!("Claim {i} was denied as a duplicate but it is not one."),
    ]
}

fn csv_cell(cell: &str) -> String {
    if cell.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", cell.replace('"', "\"\""))
    } else {
        cell.to_owned()
    }
}

/// RFC 4180 CSV (CRLF) of the headings and `rows`.
fn csv(rows: &[Vec<String>]) -> Vec<u8> {
    let mut text = HEADINGS.join(",");
    text.push_str("\r\n");
    for row in rows {
        let cells: Vec<String> = row.iter().map(|c| csv_cell(c)).collect();
        text.push_str(&cells.join(","));
        text.push_str("\r\n");
    }
    text.into_bytes()
}

/// `n` good claims for `mco`.
fn good_rows(n: usize, mco: &str) -> Vec<Vec<String>> {
    (1..=n).map(|i| claim_row(i, mco)).collect()
}

// ---------------------------------------------------------------------------------------------
// XLSX files made here, part by part (zipped with the rules' own ZIP writer).

fn column_letter(i: usize) -> String {
    let mut n = i + 1;
    let mut letters = Vec::new();
    while n > 0 {
        letters.push(b'A' + ((n - 1) % 26) as u8);
        n = (n - 1) / 26;
    }
    letters.reverse();
    String::from_utf8(letters).unwrap()
}

fn xml_text(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// How an XLSX made here differs from a plain workbook.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Xlsx {
    Plain,
    /// The paid amount of the first claim is a formula.
    Formula,
    /// Macro-enabled, with `xl/vbaProject.bin`.
    Macros,
}

/// A workbook with a sheet `Claims` holding the headings and `rows` (inline strings).
fn xlsx(rows: &[Vec<String>], kind: Xlsx) -> Vec<u8> {
    let mut sheet = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\
         <worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>",
    );
    let headings: Vec<String> = HEADINGS.iter().map(|h| h.to_string()).collect();
    for (r, row) in std::iter::once(&headings).chain(rows).enumerate() {
        sheet.push_str(&format!("<row r=\"{}\">", r + 1));
        for (c, cell) in row.iter().enumerate() {
            let reference = format!("{}{}", column_letter(c), r + 1);
            if kind == Xlsx::Formula && r == 1 && c == 12 {
                sheet.push_str(&format!("<c r=\"{reference}\"><f>1-1</f><v>0</v></c>"));
            } else {
                sheet.push_str(&format!(
                    "<c r=\"{reference}\" t=\"inlineStr\"><is><t>{}</t></is></c>",
                    xml_text(cell)
                ));
            }
        }
        sheet.push_str("</row>");
    }
    sheet.push_str("</sheetData></worksheet>");
    let main_type = if kind == Xlsx::Macros {
        "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
    } else {
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
    };
    let content_types = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\
         <Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">\
         <Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>\
         <Default Extension=\"xml\" ContentType=\"application/xml\"/>\
         <Override PartName=\"/xl/workbook.xml\" ContentType=\"{main_type}\"/>\
         <Override PartName=\"/xl/worksheets/sheet1.xml\" \
         ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>\
         </Types>"
    );
    let root_rels = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\
         <Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
         <Relationship Id=\"rId1\" \
         Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" \
         Target=\"xl/workbook.xml\"/></Relationships>";
    let workbook = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\
         <workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" \
         xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">\
         <sheets><sheet name=\"Claims\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>";
    let workbook_rels = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\
         <Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
         <Relationship Id=\"rId1\" \
         Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" \
         Target=\"worksheets/sheet1.xml\"/></Relationships>";
    let mut entries: Vec<(&str, &[u8])> = vec![
        ("[Content_Types].xml", content_types.as_bytes()),
        ("_rels/.rels", root_rels.as_bytes()),
        ("xl/workbook.xml", workbook.as_bytes()),
        ("xl/_rels/workbook.xml.rels", workbook_rels.as_bytes()),
        ("xl/worksheets/sheet1.xml", sheet.as_bytes()),
    ];
    if kind == Xlsx::Macros {
        entries.push(("xl/vbaProject.bin", b"\xD0\xCF\x11\xE0 macro project"));
    }
    rules::sheet::zip::write(&entries)
}

/// The first bytes of an OLE compound file (an old `.xls`, or an encrypted XLSX).
const OLE: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// What a password-protected XLSX is: an OLE compound file whose directory names the stream
/// `EncryptedPackage` (UTF-16).
fn encrypted_xlsx() -> Vec<u8> {
    let mut bytes = OLE.to_vec();
    bytes.resize(1024, 0);
    bytes.extend("EncryptedPackage".encode_utf16().flat_map(u16::to_le_bytes));
    bytes.resize(4096, 0);
    bytes
}

/// An old Excel 97-2003 workbook: an OLE compound file without an encrypted package.
fn old_xls() -> Vec<u8> {
    let mut bytes = OLE.to_vec();
    bytes.resize(4096, 0);
    bytes
}

// ---------------------------------------------------------------------------------------------
// Drafts and uploads

/// A template draft of `provider` for `mco` (by name): the valid form, "2 to 100 claims", no
/// member or claim. Its id.
async fn template_draft(app: &TestApp, provider: &Provider, mco: &str) -> i64 {
    let mco_id = app.mco_id(mco).await;
    let mut form = valid_form(provider.facility_id, mco_id);
    let object = form.as_object_mut().unwrap();
    for field in [
        "member_first_name",
        "member_last_name",
        "rin",
        "service_from",
        "service_to",
        "claim_number",
    ] {
        object.remove(field);
    }
    object.insert("multiple_claims".into(), json!(true));
    object.insert("tracking_number".into(), json!("AET-TPL-0001"));
    let (status, draft) = app.post_app(&provider.client, "/api/drafts", &form).await;
    assert_eq!(status, 201, "{draft}");
    draft["id"].as_i64().unwrap()
}

/// `PUT /api/drafts/{id}/claims` with `bytes` named `file_name`.
async fn put_claims(
    app: &TestApp,
    client: &reqwest::Client,
    draft_id: i64,
    file_name: &str,
    bytes: Vec<u8>,
) -> (u16, Value) {
    let response = client
        .put(app.url(&format!("/api/drafts/{draft_id}/claims")))
        .header(APP_HEADER.0, APP_HEADER.1)
        .header("content-type", "application/octet-stream")
        .header("x-file-name", file_name)
        .body(bytes)
        .send()
        .await
        .expect("request sent");
    status_and_json(response).await
}

/// What the server checks a template draft's file against (the test database has no calendar
/// changes): built here independently of the server.
fn context(mco_names: &[&str]) -> ClaimsContext {
    ClaimsContext {
        today: today(),
        calendar_changes: Vec::new(),
        mco_names: mco_names.iter().map(|n| n.to_string()).collect(),
        facility_medicaid_id: MEDICAID_ID.to_owned(),
        complaint_type: Some(ComplaintType::ClaimsPayment),
    }
}

/// The rules' own report on `bytes` for an Aetna template draft.
fn rules_report(bytes: &[u8]) -> ClaimsReport {
    rules::claims::check_file(bytes, &context(&[AETNA, "Aetna"]))
}

/// Asserts that the 422 `body` is the rules' answer on `bytes`: the same line under
/// `claims_file`, the same problems.
fn assert_same_as_rules(body: &Value, bytes: &[u8]) -> ClaimsReport {
    let report = rules_report(bytes);
    assert!(!report.is_ready());
    let line = report
        .file_error
        .clone()
        .unwrap_or_else(|| rules::claims::summary(&report));
    assert_eq!(body["errors"]["claims_file"], json!([line]), "{body}");
    assert_eq!(
        body["problems"],
        serde_json::to_value(&report.problems).unwrap(),
        "{body}"
    );
    assert_eq!(body["problem_count"], json!(report.problem_count));
    report
}

// ---------------------------------------------------------------------------------------------
// The blank templates

#[tokio::test]
async fn the_blank_templates_download_and_read_back() {
    let app = spawn_app().await;
    for (path, content_type, format) in [
        ("/api/templates/claims.csv", "text/csv", "csv"),
        (
            "/api/templates/claims.xlsx",
            rules::tickets::CONTENT_TYPE_XLSX,
            "xlsx",
        ),
    ] {
        // Anyone: no session.
        let response = app.get(path).await;
        assert_eq!(response.status().as_u16(), 200, "{path}");
        let headers = response.headers().clone();
        assert!(
            headers["content-type"]
                .to_str()
                .unwrap()
                .starts_with(content_type),
            "{path}: {:?}",
            headers["content-type"]
        );
        let disposition = headers["content-disposition"].to_str().unwrap();
        assert!(disposition.starts_with("attachment;"), "{disposition}");
        assert!(disposition.contains(&format!(".{format}")), "{disposition}");
        let bytes = response.bytes().await.unwrap();
        assert_eq!(bytes.as_ref(), blank(format).as_slice());
        // The rules read it as a template with no claims yet.
        let report = rules_report(&bytes);
        assert_eq!(report.format.as_deref(), Some(format));
        let error = report.file_error.expect("no claims yet");
        assert_ne!(error, rules::sheet::NOT_TEMPLATE_MESSAGE);
        assert_ne!(error, rules::sheet::TYPE_MESSAGE);
        assert!(error.contains("no claims"), "{error}");
    }
}

fn blank(format: &str) -> Vec<u8> {
    if format == "csv" {
        rules::claims::blank_csv().into()
    } else {
        rules::claims::blank_xlsx()
    }
}

// ---------------------------------------------------------------------------------------------
// Uploads

#[tokio::test]
async fn a_good_template_is_kept_with_the_draft_and_can_be_replaced_and_removed() {
    let app = spawn_app().await;
    let p = provider(&app, "claims1").await;
    let draft = template_draft(&app, &p, AETNA).await;

    let bytes = csv(&good_rows(12, AETNA));
    assert!(rules_report(&bytes).is_ready());
    let (status, body) =
        put_claims(&app, &p.client, draft, "aetna%20claims.csv", bytes.clone()).await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(body["claims"], 12);
    assert_eq!(body["attachment"]["file_name"], "aetna claims.csv");
    assert_eq!(body["attachment"]["content_type"], "text/csv");
    assert_eq!(body["attachment"]["size_bytes"], bytes.len());
    let first = body["attachment"]["id"].as_i64().unwrap();

    // The form points at it; the draft lists it; it downloads as any of the draft's files.
    let (_, read) = app
        .get_with(&p.client, &format!("/api/drafts/{draft}"))
        .await;
    assert_eq!(read["form"]["claims_file_id"], first);
    assert_eq!(read["attachments"][0]["id"], first);
    let response = p
        .client
        .get(app.url(&format!("/api/drafts/{draft}/attachments/{first}")))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(response.bytes().await.unwrap().as_ref(), bytes.as_slice());

    // A page saved without it does not lose it: the server keeps the pointer.
    let mut form = read["form"].clone();
    form["claims_file_id"] = Value::Null;
    form["description"] = json!("Twelve claims denied as duplicates.");
    let (status, saved) = app
        .put_app(&p.client, &format!("/api/drafts/{draft}"), &form)
        .await;
    assert_eq!(status, 200, "{saved}");
    assert_eq!(saved["form"]["claims_file_id"], first);

    // A new file replaces it, and does not count among the draft's 10 files.
    let xlsx_bytes = xlsx(&good_rows(3, "Aetna"), Xlsx::Plain);
    assert!(
        rules_report(&xlsx_bytes).is_ready(),
        "{:?}",
        rules_report(&xlsx_bytes)
    );
    let (status, body) = put_claims(&app, &p.client, draft, "claims.xlsx", xlsx_bytes).await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(body["claims"], 3);
    assert_eq!(
        body["attachment"]["content_type"],
        rules::tickets::CONTENT_TYPE_XLSX
    );
    let second = body["attachment"]["id"].as_i64().unwrap();
    assert_eq!(app.count("ticket_attachments").await, 1);
    let (_, read) = app
        .get_with(&p.client, &format!("/api/drafts/{draft}"))
        .await;
    assert_eq!(read["form"]["claims_file_id"], second);
    assert_eq!(read["attachments"].as_array().unwrap().len(), 1);

    // Removed: the form forgets it.
    let (status, _) = app
        .delete_app(&p.client, &format!("/api/drafts/{draft}/claims"))
        .await;
    assert_eq!(status, 204);
    assert_eq!(app.count("ticket_attachments").await, 0);
    let (_, read) = app
        .get_with(&p.client, &format!("/api/drafts/{draft}"))
        .await;
    assert_eq!(read["form"]["claims_file_id"], Value::Null);
    assert_eq!(read["attachments"], json!([]));

    // Removing it through the draft's files does the same.
    let (status, body) =
        put_claims(&app, &p.client, draft, "c.csv", csv(&good_rows(2, AETNA))).await;
    assert_eq!(status, 201, "{body}");
    let third = body["attachment"]["id"].as_i64().unwrap();
    let (status, _) = app
        .delete_app(
            &p.client,
            &format!("/api/drafts/{draft}/attachments/{third}"),
        )
        .await;
    assert_eq!(status, 204);
    let (_, read) = app
        .get_with(&p.client, &format!("/api/drafts/{draft}"))
        .await;
    assert_eq!(read["form"]["claims_file_id"], Value::Null);
}

#[tokio::test]
async fn rows_with_problems_get_the_rules_own_messages() {
    let app = spawn_app().await;
    let p = provider(&app, "claims2").await;
    let draft = template_draft(&app, &p, AETNA).await;

    let mut rows = good_rows(5, AETNA);
    rows[1][7] = "12345".into(); // RIN
    rows[2][11] = "twelve dollars".into(); // billed
    rows[3][10] = rows[0][10].clone(); // claim number twice
    rows[4][8] = iso(today() + Duration::days(3)); // service in the future
    rows[4][15] = String::new(); // no issue
    let bytes = csv(&rows);
    let (status, body) = put_claims(&app, &p.client, draft, "claims.csv", bytes.clone()).await;
    assert_eq!(status, 422, "{body}");
    let report = assert_same_as_rules(&body, &bytes);
    assert!(report.problem_count >= 5, "{report:?}");
    let rows_named: Vec<u64> = body["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["row"].as_u64().unwrap())
        .collect();
    for row in [3, 4, 5, 6] {
        assert!(rows_named.contains(&row), "row {row}: {body}");
    }
    // Nothing kept.
    assert_eq!(app.count("ticket_attachments").await, 0);
    let (_, read) = app
        .get_with(&p.client, &format!("/api/drafts/{draft}"))
        .await;
    assert_eq!(read["form"]["claims_file_id"], Value::Null);

    // Another MCO's rows: the MCO column is wrong on every row.
    let bytes = csv(&good_rows(3, MERIDIAN));
    let (status, body) = put_claims(&app, &p.client, draft, "claims.csv", bytes.clone()).await;
    assert_eq!(status, 422, "{body}");
    assert_same_as_rules(&body, &bytes);
}

#[tokio::test]
async fn files_that_cannot_be_read_get_the_files_message() {
    let app = spawn_app().await;
    let p = provider(&app, "claims3").await;
    let draft = template_draft(&app, &p, AETNA).await;

    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("claims.csv", EXE.to_vec(), rules::sheet::TYPE_MESSAGE),
        ("claims.xlsx", PNG.to_vec(), rules::sheet::TYPE_MESSAGE),
        ("claims.xls", old_xls(), rules::sheet::TYPE_MESSAGE),
        (
            "claims.xlsx",
            xlsx(&good_rows(3, AETNA), Xlsx::Formula),
            rules::sheet::FORMULAS_MESSAGE,
        ),
        (
            "claims.xlsm",
            xlsx(&good_rows(3, AETNA), Xlsx::Macros),
            rules::sheet::MACROS_MESSAGE,
        ),
        (
            "claims.xlsx",
            encrypted_xlsx(),
            rules::sheet::PASSWORD_MESSAGE,
        ),
        ("claims.csv", Vec::new(), rules::sheet::EMPTY_MESSAGE),
        (
            "claims.csv",
            b"Name,Amount\r\nA,1\r\nB,2\r\n".to_vec(),
            rules::sheet::NOT_TEMPLATE_MESSAGE,
        ),
    ];
    for (name, bytes, message) in cases {
        let (status, body) = put_claims(&app, &p.client, draft, name, bytes.clone()).await;
        assert_eq!(status, 422, "{name}: {body}");
        // The file's message (the headings' one goes on to say which heading is wrong).
        let given = body["errors"]["claims_file"][0]
            .as_str()
            .unwrap_or_default();
        assert!(given.starts_with(message), "{name}: {body}");
        assert_same_as_rules(&body, &bytes);
    }
    assert_eq!(app.count("ticket_attachments").await, 0);
}

#[tokio::test]
async fn too_many_claims_and_too_few() {
    let app = spawn_app().await;
    let p = provider(&app, "claims4").await;
    let draft = template_draft(&app, &p, AETNA).await;

    let bytes = csv(&good_rows(10_000, AETNA));
    let started = Instant::now();
    let (status, body) = put_claims(&app, &p.client, draft, "claims.csv", bytes.clone()).await;
    assert_eq!(status, 422, "{body}");
    let report = assert_same_as_rules(&body, &bytes);
    let error = report.file_error.unwrap();
    assert!(
        error.starts_with("The file has more than 100 claims"),
        "{error}"
    );
    assert!(started.elapsed() < StdDuration::from_secs(10));

    // 100 is fine, 101 is not.
    let (status, body) =
        put_claims(&app, &p.client, draft, "c.csv", csv(&good_rows(100, AETNA))).await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(body["claims"], 100);
    let bytes = csv(&good_rows(101, AETNA));
    let (status, body) = put_claims(&app, &p.client, draft, "c.csv", bytes.clone()).await;
    assert_eq!(status, 422, "{body}");
    assert_same_as_rules(&body, &bytes);

    // One claim belongs on the form.
    let bytes = csv(&good_rows(1, AETNA));
    let (status, body) = put_claims(&app, &p.client, draft, "c.csv", bytes.clone()).await;
    assert_eq!(status, 422, "{body}");
    assert!(body["errors"]["claims_file"][0]
        .as_str()
        .unwrap()
        .starts_with("The file has 1 claim"));
    assert_same_as_rules(&body, &bytes);
}

#[tokio::test]
async fn a_file_over_10_mb_gets_the_size_message() {
    let app = spawn_app().await;
    let p = provider(&app, "claims5").await;
    let draft = template_draft(&app, &p, AETNA).await;
    let mut bytes = csv(&good_rows(2, AETNA));
    bytes.resize(11 * 1024 * 1024, b' ');
    let (status, body) = put_claims(&app, &p.client, draft, "big.csv", bytes.clone()).await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(
        body["errors"]["claims_file"],
        json!([rules::sheet::TOO_BIG_MESSAGE])
    );
    assert_same_as_rules(&body, &bytes);
}

/// Signs `username` in on a plain client: the session cookie's value.
async fn session_cookie(app: &TestApp, username: &str) -> String {
    let response = reqwest::Client::new()
        .post(app.url("/api/session"))
        .header(APP_HEADER.0, APP_HEADER.1)
        .json(&json!({"username": username, "password": DEMO_PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 204);
    format!("portal_session={}", cookie_token(&set_cookie(&response)))
}

#[tokio::test]
async fn a_50_mb_upload_is_refused_before_its_body_is_read() {
    let app = spawn_app().await;
    let p = provider(&app, "claims6").await;
    let draft = template_draft(&app, &p, AETNA).await;
    let cookie = session_cookie(&app, "claims6").await;
    let address = app.address.trim_start_matches("http://").to_owned();

    // The headers announce 50 MB; not one byte of the body is sent, and the answer comes anyway.
    let answer = tokio::task::spawn_blocking(move || {
        let mut stream = std::net::TcpStream::connect(&address).unwrap();
        stream
            .set_read_timeout(Some(StdDuration::from_secs(10)))
            .unwrap();
        let request = format!(
            "PUT /api/drafts/{draft}/claims HTTP/1.1\r\nHost: {address}\r\n\
             Cookie: {cookie}\r\nX-Requested-With: portal-app\r\nX-File-Name: big.csv\r\n\
             Content-Type: text/csv\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
            50 * 1024 * 1024
        );
        stream.write_all(request.as_bytes()).unwrap();
        let started = Instant::now();
        let mut answer = Vec::new();
        let mut buffer = [0u8; 4096];
        loop {
            match stream.read(&mut buffer) {
                Ok(0) => break,
                Ok(n) => {
                    answer.extend_from_slice(&buffer[..n]);
                    if answer.windows(4).any(|w| w == b"\r\n\r\n") && answer.ends_with(b"}") {
                        break;
                    }
                }
                Err(error) => panic!("no answer: {error}"),
            }
        }
        (
            String::from_utf8_lossy(&answer).into_owned(),
            started.elapsed(),
        )
    })
    .await
    .unwrap();
    let (answer, took) = answer;
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    assert!(answer.contains("smaller than 10MB"), "{answer}");
    assert!(took < StdDuration::from_secs(5), "{took:?}");
    assert_eq!(app.count("ticket_attachments").await, 0);
}

#[tokio::test]
async fn only_the_drafts_owner_may_send_or_remove_its_template() {
    let app = spawn_app().await;
    let p1 = provider(&app, "claims8").await;
    let p2 = provider(&app, "claims9").await;
    let draft = template_draft(&app, &p1, AETNA).await;
    let bytes = csv(&good_rows(2, AETNA));

    // Another provider: 404, as for the draft itself.
    assert_eq!(
        app.get_with(&p2.client, &format!("/api/drafts/{draft}"))
            .await
            .0,
        404
    );
    let (status, body) = put_claims(&app, &p2.client, draft, "c.csv", bytes.clone()).await;
    assert_eq!(status, 404, "{body}");
    let (status, _) = app
        .delete_app(&p2.client, &format!("/api/drafts/{draft}/claims"))
        .await;
    assert_eq!(status, 404);
    // A draft that does not exist.
    let (status, _) = put_claims(&app, &p1.client, draft + 1000, "c.csv", bytes.clone()).await;
    assert_eq!(status, 404);
    // HFS and MCO users: as for the draft's files.
    let hfs = staff(&app, "claims-hfs", "hfs_staff", None).await;
    let mco = staff(&app, "claims-mco", "mco", Some(AETNA)).await;
    for client in [&hfs, &mco] {
        let (status, _) = put_claims(&app, client, draft, "c.csv", bytes.clone()).await;
        let (files_status, _) = upload(
            &app,
            client,
            &format!("/api/drafts/{draft}/attachments"),
            "a.pdf",
            "application/pdf",
            PDF.to_vec(),
        )
        .await;
        assert_eq!(status, files_status);
        assert!(status == 403 || status == 404, "{status}");
    }
    // No session: 401. Without the app's header: 403.
    let (status, _) =
        put_claims(&app, &reqwest::Client::new(), draft, "c.csv", bytes.clone()).await;
    assert_eq!(status, 401);
    let response = p1
        .client
        .put(app.url(&format!("/api/drafts/{draft}/claims")))
        .body(bytes.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 403);
    assert_eq!(app.count("ticket_attachments").await, 0);

    // The owner may.
    let (status, body) = put_claims(&app, &p1.client, draft, "c.csv", bytes).await;
    assert_eq!(status, 201, "{body}");
}

// ---------------------------------------------------------------------------------------------
// Submitting and seeing a template ticket

/// Submits the draft: (status, body).
async fn submit(app: &TestApp, provider: &Provider, draft: i64) -> (u16, Value) {
    app.post_app(
        &provider.client,
        "/api/tickets",
        &json!({"draft_id": draft}),
    )
    .await
}

#[tokio::test]
async fn a_template_ticket_stores_its_claims_and_shows_them_masked() {
    let app = spawn_app().await;
    let p = provider(&app, "claims10").await;
    let draft = template_draft(&app, &p, AETNA).await;
    let rows = good_rows(12, AETNA);
    let bytes = csv(&rows);
    let (status, upload) = put_claims(&app, &p.client, draft, "claims.csv", bytes.clone()).await;
    assert_eq!(status, 201, "{upload}");
    let file_id = upload["attachment"]["id"].as_i64().unwrap();

    let (status, detail) = submit(&app, &p, draft).await;
    assert_eq!(status, 201, "{detail}");
    let id = ticket_id(&detail);
    assert_eq!(detail["form"]["multiple_claims"], true);
    assert_eq!(detail["form"]["claims_file_id"], file_id);
    assert_eq!(detail["summary"]["tracking_number"], "AET-TPL-0001");
    assert_eq!(detail["summary"]["rin_last4"], "");
    assert_eq!(detail["summary"]["claims_count"], 12);
    // Lists say "12 claims" instead of a Recipient ID.
    let (status, list) = app.get_with(&p.client, "/api/tickets").await;
    assert_eq!(status, 200, "{list}");
    let listed = list
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"] == id)
        .expect("the ticket is listed");
    assert_eq!(listed["claims_count"], 12);
    assert_eq!(listed["rin_last4"], "");
    assert_eq!(detail["claims_file"]["id"], file_id);
    assert_eq!(detail["attachments"], json!([]));
    let claims = detail["claims"].as_array().unwrap();
    assert_eq!(claims.len(), 12);
    assert_eq!(claims[0]["row"], 2);
    assert_eq!(claims[0]["rin_masked"], "•••••1001");
    assert_eq!(claims[11]["row"], 13);
    assert_eq!(claims[11]["claim_number"], "CLM-00012");
    assert_eq!(claims[0]["billed_cents"], 200_150);
    assert_eq!(claims[0]["paid_cents"], 0);
    assert_eq!(claims[0]["service_to"], iso(today() - Duration::days(118)));
    assert_eq!(claims[0]["tracking_number"], "AET-400001");
    // No full RIN anywhere in the answer.
    let text = detail.to_string();
    for row in &rows {
        assert!(!text.contains(&row[7]), "a full RIN in the answer");
    }

    // Stored: one row per claim with the RIN and its last four; the ticket points at its file.
    assert_eq!(app.count("ticket_claims").await, 12);
    let (rin, last4): (String, String) = sqlx::query_as(
        "SELECT rin, rin_last4 FROM ticket_claims WHERE ticket_id = $1 AND row_number = 2",
    )
    .bind(id)
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(rin, "900001001");
    assert_eq!(last4, "1001");
    let (claims_file_id, rin_last4): (Option<i64>, Option<String>) =
        sqlx::query_as("SELECT claims_file_id, rin_last4 FROM tickets WHERE id = $1")
            .bind(id)
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!(claims_file_id, Some(file_id));
    assert_eq!(rin_last4, None);

    // The file downloads from the ticket, audited.
    let response = p
        .client
        .get(app.url(&format!("/api/tickets/{id}/attachments/{file_id}")))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 200);
    assert!(response.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .starts_with("attachment;"));
    assert_eq!(response.bytes().await.unwrap().as_ref(), bytes.as_slice());
    assert_eq!(
        audit_rows(&app, p.user_id, id, "downloaded_attachment").await,
        1
    );

    // The same draft again: the same ticket, the claims not stored twice.
    let (status, again) = submit(&app, &p, draft).await;
    assert_eq!(status, 200, "{again}");
    assert_eq!(ticket_id(&again), id);
    assert_eq!(app.count("ticket_claims").await, 12);
    // The template can no longer change.
    let (status, _) = put_claims(&app, &p.client, draft, "c.csv", bytes).await;
    assert_eq!(status, 409);

    // A single-claim ticket has no claims.
    let single = submit_ticket(&app, &p, AETNA).await;
    assert_eq!(single["claims"], Value::Null);
    assert_eq!(single["claims_file"], Value::Null);
    assert_eq!(single["summary"]["claims_count"], Value::Null);
}

#[tokio::test]
async fn the_mco_sees_the_claims_once_presented_and_viewing_them_is_audited() {
    let app = spawn_app().await;
    let p = provider(&app, "claims11").await;
    let draft = template_draft(&app, &p, AETNA).await;
    let (status, body) = put_claims(
        &app,
        &p.client,
        draft,
        "claims.csv",
        csv(&good_rows(4, AETNA)),
    )
    .await;
    assert_eq!(status, 201, "{body}");
    let (status, detail) = submit(&app, &p, draft).await;
    assert_eq!(status, 201, "{detail}");
    let id = ticket_id(&detail);
    let file_id = detail["claims_file"]["id"].as_i64().unwrap();

    let aetna = staff(&app, "claims-aetna", "mco", Some(AETNA)).await;
    let meridian = staff(&app, "claims-meridian", "mco", Some(MERIDIAN)).await;
    let hfs = staff(&app, "claims-hfs2", "hfs_staff", None).await;
    let aetna_id = user_id(&app, "claims-aetna").await;

    // Not presented yet: the MCO sees neither the ticket nor its file; HFS does.
    assert_eq!(
        app.get_with(&aetna, &format!("/api/tickets/{id}")).await.0,
        404
    );
    assert_eq!(
        app.get_with(&aetna, &format!("/api/tickets/{id}/attachments/{file_id}"))
            .await
            .0,
        404
    );
    let (status, seen) = app.get_with(&hfs, &format!("/api/tickets/{id}")).await;
    assert_eq!(status, 200);
    assert_eq!(seen["claims"].as_array().unwrap().len(), 4);

    present(&app, id).await;
    let (status, seen) = app.get_with(&aetna, &format!("/api/tickets/{id}")).await;
    assert_eq!(status, 200, "{seen}");
    let claims = seen["claims"].as_array().unwrap();
    assert_eq!(claims.len(), 4);
    for claim in claims {
        let masked = claim["rin_masked"].as_str().unwrap();
        assert!(
            masked.starts_with("•••••") && masked.chars().count() == 9,
            "{masked}"
        );
    }
    assert!(!seen.to_string().contains("900001001"));
    assert_eq!(audit_rows(&app, aetna_id, id, "viewed_ticket").await, 1);
    assert_eq!(
        app.get_with(&aetna, &format!("/api/tickets/{id}/attachments/{file_id}"))
            .await
            .0,
        200
    );
    assert_eq!(
        audit_rows(&app, aetna_id, id, "downloaded_attachment").await,
        1
    );
    // Another MCO: nothing.
    assert_eq!(
        app.get_with(&meridian, &format!("/api/tickets/{id}"))
            .await
            .0,
        404
    );
}

#[tokio::test]
async fn a_template_that_no_longer_matches_the_form_is_refused_on_submit() {
    let app = spawn_app().await;
    let p = provider(&app, "claims12").await;
    let draft = template_draft(&app, &p, AETNA).await;
    let bytes = csv(&good_rows(3, AETNA));
    let (status, body) = put_claims(&app, &p.client, draft, "claims.csv", bytes.clone()).await;
    assert_eq!(status, 201, "{body}");

    // The provider changes the MCO on the form afterwards.
    let (_, read) = app
        .get_with(&p.client, &format!("/api/drafts/{draft}"))
        .await;
    let mut form = read["form"].clone();
    form["mco_id"] = json!(app.mco_id(MERIDIAN).await);
    let (status, saved) = app
        .put_app(&p.client, &format!("/api/drafts/{draft}"), &form)
        .await;
    assert_eq!(status, 200, "{saved}");

    let (status, body) = submit(&app, &p, draft).await;
    assert_eq!(status, 422, "{body}");
    // The rules' answer on the same file against Meridian.
    let report = rules::claims::check_file(&bytes, &context(&[MERIDIAN, "Meridian"]));
    assert!(!report.is_ready());
    assert_eq!(
        body["errors"]["claims_file"],
        json!([rules::claims::summary(&report)]),
        "{body}"
    );
    assert_eq!(
        body["problems"],
        serde_json::to_value(&report.problems).unwrap()
    );
    assert!(body["problems"]
        .as_array()
        .unwrap()
        .iter()
        .all(|p| p["column"] == "MCO"));
    assert_eq!(app.count("ticket_claims").await, 0);
    let status_now: String = sqlx::query_scalar("SELECT status FROM tickets WHERE id = $1")
        .bind(draft)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(status_now, "draft");

    // Without a file at all: the form's own message.
    app.delete_app(&p.client, &format!("/api/drafts/{draft}/claims"))
        .await;
    let (status, body) = submit(&app, &p, draft).await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(
        body["errors"]["claims_file_id"][0], "Select the claims template file",
        "{body}"
    );
}

#[tokio::test]
async fn a_whole_form_cannot_carry_someone_elses_template() {
    let app = spawn_app().await;
    let p1 = provider(&app, "claims13").await;
    let p2 = provider(&app, "claims14").await;
    let draft = template_draft(&app, &p1, AETNA).await;
    let (status, body) =
        put_claims(&app, &p1.client, draft, "c.csv", csv(&good_rows(2, AETNA))).await;
    assert_eq!(status, 201, "{body}");
    let file_id = body["attachment"]["id"].as_i64().unwrap();

    // p2 names p1's file in a whole form: refused, nothing stored.
    let mut form = valid_form(p2.facility_id, app.mco_id(AETNA).await);
    form["multiple_claims"] = json!(true);
    form["claims_file_id"] = json!(file_id);
    let (status, body) = app.post_app(&p2.client, "/api/tickets", &form).await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(
        body["errors"]["claims_file"],
        json!(["Select the claims template file"])
    );
    assert_eq!(app.count("ticket_claims").await, 0);
}

#[tokio::test]
async fn a_draft_turned_back_into_one_claim_leaves_no_template_behind() {
    let app = spawn_app().await;
    let p = provider(&app, "claims-back").await;
    let draft = template_draft(&app, &p, AETNA).await;
    let (status, upload) = put_claims(
        &app,
        &p.client,
        draft,
        "claims.csv",
        csv(&good_rows(3, AETNA)),
    )
    .await;
    assert_eq!(status, 201, "{upload}");
    assert_eq!(app.count("ticket_attachments").await, 1);

    // The provider changes their mind: one claim, entered on the form.
    let mco_id = app.mco_id(AETNA).await;
    let mut form = valid_form(p.facility_id, mco_id);
    form["multiple_claims"] = json!(false);
    let (status, saved) = app
        .put_app(&p.client, &format!("/api/drafts/{draft}"), &form)
        .await;
    assert_eq!(status, 200, "{saved}");

    let (status, detail) = submit(&app, &p, draft).await;
    assert_eq!(status, 201, "{detail}");
    assert_eq!(detail["form"]["multiple_claims"], false);
    assert_eq!(detail["form"]["claims_file_id"], Value::Null);
    assert_eq!(detail["claims"], Value::Null);
    assert_eq!(detail["claims_file"], Value::Null);
    assert_eq!(detail["summary"]["claims_count"], Value::Null);
    assert_ne!(detail["summary"]["rin_last4"], "");
    // The template's bytes are gone with it; nothing was stored as claims.
    assert_eq!(app.count("ticket_attachments").await, 0);
    assert_eq!(app.count("ticket_claims").await, 0);
}
