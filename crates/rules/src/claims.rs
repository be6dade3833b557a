//! The Standard Complaint Template (issue 6): 2 to 100 same or similar claims with one MCO, on one
//! file, checked row by row. `docs/claims.md` is the contract; the source is
//! the July 2023 overview ("Standard Complaint Template").
//!
//! [`check_file`] is the one entry point: the Web Worker calls it in the browser, the server on
//! upload and again on submit. The cells are checked by the single-claim form's own rules
//! ([`crate::tickets`], [`crate::identifiers::Rin`], [`crate::accounts::check_medicaid_id`]).

use std::collections::BTreeMap;

use chrono::NaiveDate;

use crate::accounts::{check_medicaid_id, NAME_MAX_CHARS};
use crate::calendar::Calendar;
use crate::eligibility;
use crate::identifiers::Rin;
use crate::sheet::{self, heading_key, quoted_list, Format, SheetError, NOT_TEMPLATE_MESSAGE};
use crate::tickets::{
    check_claim_number, check_filing_window, check_short_text, check_tracking_number,
    clean_long_text, not_after_received, not_future, read_date, RECEIVED_LABEL, SERVICE_FROM_LABEL,
    SERVICE_TO_LABEL,
};
use crate::wire::claims::{Claim, ClaimsContext, ClaimsReport, RowProblem, TemplateCommon};
use crate::wire::tickets::ComplaintType;

pub use crate::wire::claims::{MAX_CLAIMS, MIN_CLAIMS};
/// The most problems listed in a report ([`ClaimsReport::problem_count`] counts them all).
pub const MAX_LISTED_PROBLEMS: usize = 500;
/// The longest value shown with a problem (characters).
pub const VALUE_MAX_CHARS: usize = 100;
pub const ADDRESS_MAX_CHARS: usize = 200;
pub const ISSUE_MAX_CHARS: usize = 1_000;
/// Amounts must be under $100,000,000.
pub const AMOUNT_LIMIT_CENTS: i64 = 100_000_000 * 100;

pub const TOO_MANY_CLAIMS_MESSAGE: &str =
    "The file has more than 100 claims. A template can hold at most 100: split them across tickets";
pub const ONE_CLAIM_MESSAGE: &str = "The file has 1 claim. The template is for 2 to 100 claims; for one claim, answer \"One claim\" and enter it on the form";
pub const NO_CLAIMS_MESSAGE: &str =
    "The file has no claims. Fill in one row per claim under the headings";
pub const TOO_LARGE_TO_READ_MESSAGE: &str =
    "The selected file is too large to read. Use the template with at most 100 claims";

/// A column of the template.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column {
    /// The key of the column (`docs/claims.md`).
    pub key: &'static str,
    /// The heading on the template.
    pub heading: &'static str,
    pub required: bool,
    /// What to enter, for the "How to fill in" sheet (`{window}` stands for the filing window).
    help: &'static str,
}

impl Column {
    /// What to enter, for the "How to fill in" sheet.
    pub fn help(&self) -> String {
        self.help.replace(
            "{window}",
            &format!(
                "{} to {} days",
                eligibility::WINDOW_OPENS_AFTER_DAYS,
                eligibility::WINDOW_CLOSES_AFTER_DAYS
            ),
        )
    }
}

const fn column(
    key: &'static str,
    heading: &'static str,
    required: bool,
    help: &'static str,
) -> Column {
    Column {
        key,
        heading,
        required,
        help,
    }
}

/// The template's columns, in the template's order.
pub const COLUMNS: [Column; 16] = [
    column("mco", "MCO", true, "The MCO's name, the same on every row and the same as the ticket's MCO. Use a separate ticket for each MCO."),
    column("provider_medicaid_id", "Provider Medicaid ID", true, "The provider's or facility's Medicaid ID, 9 or 10 digits, the same on every row and the same as the ticket's facility."),
    column("tax_id", "Tax ID", true, "The provider's tax ID (FEIN or TIN), 9 digits, the same on every row."),
    column("location_address", "Location address", true, "The address of the location where the services were given, the same on every row."),
    column("complaint_type", "Complaint type", true, "One of: Claims/Payment, Communications, Contracting, Coverage/Service Denials, Eligibility, Patient Credit File (PCF), Prior Authorizations (PAs), Provider Enrollment, Roster, System Issue, Other. The same on every row and the same as the ticket's."),
    column("member_first_name", "Member first name", true, "The member's first name."),
    column("member_last_name", "Member last name", true, "The member's last name."),
    column("rin", "Recipient ID (RIN)", true, "The member's 9-digit Recipient ID."),
    column("service_from", "First date of service", true, "A date, like 2026-03-15 or 03/15/2026. Today or in the past, and not after the date the MCO received the dispute."),
    column("service_to", "Last date of service", false, "A date. Leave it empty if the service was on one day."),
    column("claim_number", "Claim number", true, "The claim number: letters, numbers and -. Each claim once."),
    column("billed_amount", "Billed amount", true, "In dollars, like 1234.56."),
    column("paid_amount", "Paid amount", true, "In dollars, like 1234.56; 0 if nothing was paid."),
    column("tracking_number", "MCO tracking number", true, "The tracking number the MCO gave this claim's dispute."),
    column("mco_received_on", "Date the MCO received the dispute", true, "A date. The dispute can go to the portal from {window} after this date."),
    column("issue", "Issue", true, "What is wrong with this claim, up to 1,000 characters."),
];

// Indexes into COLUMNS.
const MCO: usize = 0;
const MEDICAID_ID: usize = 1;
const TAX_ID: usize = 2;
const ADDRESS: usize = 3;
const COMPLAINT_TYPE: usize = 4;
const FIRST_NAME: usize = 5;
const LAST_NAME: usize = 6;
const RIN: usize = 7;
const SERVICE_FROM: usize = 8;
const SERVICE_TO: usize = 9;
const CLAIM_NUMBER: usize = 10;
const BILLED: usize = 11;
const PAID: usize = 12;
const TRACKING: usize = 13;
const RECEIVED: usize = 14;
const ISSUE: usize = 15;

/// The blank template as CSV: the heading row, CRLF (RFC 4180).
pub fn blank_csv() -> String {
    let mut out = COLUMNS
        .iter()
        .map(|c| c.heading)
        .collect::<Vec<_>>()
        .join(",");
    out.push_str("\r\n");
    out
}

/// The lines of the "How to fill in" sheet: a heading row, then one row per column.
pub fn instructions() -> Vec<Vec<String>> {
    let mut rows = vec![vec![
        "Column".to_string(),
        "Required".to_string(),
        "What to enter".to_string(),
    ]];
    rows.extend(COLUMNS.iter().map(|c| {
        vec![
            c.heading.to_string(),
            if c.required { "Yes" } else { "No" }.to_string(),
            c.help(),
        ]
    }));
    rows.push(Vec::new());
    rows.push(vec![format!(
        "Fill in one row per claim on the sheet \"Claims\", from {MIN_CLAIMS} to {MAX_CLAIMS} claims, all with the same MCO, provider or facility, tax ID, location address and complaint type. Enter values, not formulas."
    )]);
    rows
}

/// The blank template as an XLSX workbook: the sheet `Claims` (the headings, text and date columns
/// formatted as such) and the sheet `How to fill in`.
#[cfg(feature = "xlsx")]
pub fn blank_xlsx() -> Vec<u8> {
    use crate::sheet::xlsx::{workbook, Cell, ColumnFormat, Sheet};
    let formats: Vec<ColumnFormat> = COLUMNS
        .iter()
        .enumerate()
        .map(|(i, _)| match i {
            SERVICE_FROM | SERVICE_TO | RECEIVED => ColumnFormat::Date,
            BILLED | PAID => ColumnFormat::Money,
            _ => ColumnFormat::Text,
        })
        .collect();
    let claims = Sheet {
        name: "Claims".into(),
        rows: vec![COLUMNS
            .iter()
            .map(|c| Cell::Heading(c.heading.into()))
            .collect()],
        columns: formats,
    };
    let how = Sheet {
        name: "How to fill in".into(),
        rows: instructions()
            .into_iter()
            .enumerate()
            .map(|(i, row)| {
                row.into_iter()
                    .map(|t| {
                        if i == 0 {
                            Cell::Heading(t)
                        } else {
                            Cell::Text(t)
                        }
                    })
                    .collect()
            })
            .collect(),
        columns: vec![ColumnFormat::Text; 3],
    };
    workbook(&[claims, how])
}

/// The summary line: the file error, "12 rows need fixing", or "60 claims ready" (ux.md).
pub fn summary(report: &ClaimsReport) -> String {
    if let Some(error) = &report.file_error {
        return error.clone();
    }
    match report.problem_rows {
        0 if report.problem_count > 0 => "The file needs fixing".to_string(),
        0 => match report.claims.len() {
            1 => "1 claim ready".to_string(),
            n => format!("{n} claims ready"),
        },
        1 => "1 row needs fixing".to_string(),
        n => format!("{n} rows need fixing"),
    }
}

fn file_error(message: String, format: Option<Format>) -> ClaimsReport {
    ClaimsReport {
        file_error: Some(message),
        format: format.map(|f| f.as_str().to_string()),
        ..Default::default()
    }
}

/// Checks a claims template against the ticket: the file as a whole, then every cell, then the
/// rules across rows. See `docs/claims.md`.
pub fn check_file(bytes: &[u8], ctx: &ClaimsContext) -> ClaimsReport {
    let table = match sheet::read(bytes, 1 + MAX_CLAIMS) {
        Ok(table) => table,
        Err(e) => return file_error(e.message_with(TOO_LARGE_TO_READ_MESSAGE), None),
    };
    let format = Some(table.format);
    if table.more {
        return file_error(TOO_MANY_CLAIMS_MESSAGE.into(), format);
    }
    let Some((heading, data)) = table.rows.split_first() else {
        return file_error(SheetError::Empty.message(), format);
    };
    let order = match heading_order(&heading.cells, data) {
        Ok(order) => order,
        Err(message) => return file_error(message, format),
    };
    match data.len() {
        0 => return file_error(NO_CLAIMS_MESSAGE.into(), format),
        1 => return file_error(ONE_CLAIM_MESSAGE.into(), format),
        _ => {}
    }
    let calendar = Calendar::with_changes(&ctx.calendar_changes);
    let mut checker = Checker {
        ctx,
        calendar: &calendar,
        problems: Vec::new(),
        position: column_positions(&order),
    };
    let rows: Vec<RowCells> = data
        .iter()
        .map(|row| RowCells::of(row.number, &row.cells, &order))
        .collect();
    let mut claims = Vec::with_capacity(rows.len());
    let mut checked = Vec::with_capacity(rows.len());
    for row in &rows {
        let (claim, ok) = checker.row(row);
        claims.push(claim);
        checked.push(ok);
    }
    checker.across_rows(&rows, &checked);
    let common = rows.first().map(|r| TemplateCommon {
        mco: r.cell(MCO).to_string(),
        provider_medicaid_id: r.cell(MEDICAID_ID).to_string(),
        tax_id: r.cell(TAX_ID).to_string(),
        location_address: r.cell(ADDRESS).to_string(),
        complaint_type: r.cell(COMPLAINT_TYPE).to_string(),
    });
    let mut problems = checker.problems;
    problems.sort_by_key(|p| (p.0, p.1));
    let problem_count = problems.len();
    let mut problem_rows: Vec<u32> = problems.iter().map(|p| p.2.row).collect();
    problem_rows.dedup();
    ClaimsReport {
        file_error: None,
        format: format.map(|f| f.as_str().to_string()),
        claims,
        problems: problems
            .into_iter()
            .take(MAX_LISTED_PROBLEMS)
            .map(|p| p.2)
            .collect(),
        problem_count,
        problem_rows: problem_rows.len(),
        common,
    }
}

/// For each cell of the heading row, the template column it is (`None`: an ignored column, with
/// an empty heading and empty cells); or the file error.
fn heading_order(heading: &[String], data: &[sheet::Row]) -> Result<Vec<Option<usize>>, String> {
    let width = heading
        .len()
        .max(data.iter().map(|r| r.cells.len()).max().unwrap_or(0));
    let mut order = Vec::with_capacity(width);
    let mut found = [false; COLUMNS.len()];
    for i in 0..width {
        let text = heading.get(i).map(String::as_str).unwrap_or("");
        if text.trim().is_empty() {
            let used = data
                .iter()
                .any(|r| r.cells.get(i).is_some_and(|c| !c.trim().is_empty()));
            if used {
                return Err(format!(
                    "{NOT_TEMPLATE_MESSAGE}: column {} has no heading",
                    column_letters(i)
                ));
            }
            order.push(None);
            continue;
        }
        let key = heading_key(text);
        match COLUMNS
            .iter()
            .position(|c| c.heading.to_ascii_lowercase() == key)
        {
            Some(c) if found[c] => {
                return Err(format!(
                    "{NOT_TEMPLATE_MESSAGE}: the heading \"{}\" appears more than once",
                    COLUMNS[c].heading
                ))
            }
            Some(c) => {
                found[c] = true;
                order.push(Some(c));
            }
            None => {
                return Err(format!(
                    "{NOT_TEMPLATE_MESSAGE}: the heading \"{}\" is not one of the template's",
                    shorten(text.trim())
                ))
            }
        }
    }
    let missing: Vec<&str> = COLUMNS
        .iter()
        .zip(found)
        .filter(|(c, f)| !f && c.required)
        .map(|(c, _)| c.heading)
        .collect();
    match missing.len() {
        0 => Ok(order),
        1 => Err(format!(
            "{NOT_TEMPLATE_MESSAGE}: the heading {} is missing",
            quoted_list(&missing)
        )),
        _ => Err(format!(
            "{NOT_TEMPLATE_MESSAGE}: the headings {} are missing",
            quoted_list(&missing)
        )),
    }
}

/// A spreadsheet's column letters: 0 -> A, 25 -> Z, 26 -> AA.
fn column_letters(mut index: usize) -> String {
    let mut letters = Vec::new();
    loop {
        letters.push(b'A' + (index % 26) as u8);
        if index < 26 {
            break;
        }
        index = index / 26 - 1;
    }
    letters.reverse();
    String::from_utf8(letters).unwrap_or_default()
}

/// For each template column, its position in the file (for ordering problems as the file shows
/// them); an absent optional column goes last.
fn column_positions(order: &[Option<usize>]) -> [usize; COLUMNS.len()] {
    let mut position = [usize::MAX; COLUMNS.len()];
    for (i, c) in order.iter().enumerate() {
        if let Some(c) = c {
            position[*c] = i;
        }
    }
    position
}

/// One row's cells by template column, trimmed.
struct RowCells {
    row: u32,
    cells: [String; COLUMNS.len()],
}

impl RowCells {
    fn of(row: u32, cells: &[String], order: &[Option<usize>]) -> RowCells {
        let mut out: [String; COLUMNS.len()] = Default::default();
        for (cell, c) in cells.iter().zip(order) {
            if let Some(c) = c {
                out[*c] = cell.trim().to_string();
            }
        }
        RowCells { row, cells: out }
    }

    fn cell(&self, column: usize) -> &str {
        &self.cells[column]
    }
}

/// At most [`VALUE_MAX_CHARS`] characters, an ellipsis when cut.
fn shorten(text: &str) -> String {
    if text.chars().count() <= VALUE_MAX_CHARS {
        text.to_string()
    } else {
        let mut out: String = text.chars().take(VALUE_MAX_CHARS - 1).collect();
        out.push('…');
        out
    }
}

/// ASCII letters and digits, lowercase: names compared "ignoring case, spaces and punctuation".
fn squash(text: &str) -> String {
    text.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// A complaint type by its label or its key, ignoring case, spaces and punctuation
/// ("Claims/Payment", "claims payment", "claims_payment").
pub fn complaint_type_of(text: &str) -> Option<ComplaintType> {
    let typed = squash(text);
    if typed.is_empty() {
        return None;
    }
    ComplaintType::ALL.into_iter().find(|t| {
        squash(t.label()) == typed
            || serde_json::to_value(t)
                .ok()
                .and_then(|v| v.as_str().map(squash))
                .is_some_and(|key| key == typed)
    })
}

/// A date cell: `YYYY-MM-DD` (as an XLSX date cell reads), `MM/DD/YYYY` or `M/D/YYYY` (month first,
/// read by the form's own [`crate::forms::parse_date_parts`]: 03/04/2026 is March 4). Four-digit
/// years only, so that nothing is guessed. Then the form's own checks of a date.
fn sheet_date(text: &str, label: &str) -> Result<NaiveDate, String> {
    let text = text.trim();
    if text.is_empty() {
        return read_date(None, label);
    }
    let numbers: Vec<&str> = text.split(['-', '/']).collect();
    let digits = |s: &str, min: usize, max: usize| {
        (min..=max).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
    };
    let iso = match numbers.as_slice() {
        [y, m, d]
            if text.contains('-')
                && !text.contains('/')
                && digits(y, 4, 4)
                && digits(m, 1, 2)
                && digits(d, 1, 2) =>
        {
            Some(format!("{y}-{m:0>2}-{d:0>2}"))
        }
        [m, d, y]
            if text.contains('/')
                && !text.contains('-')
                && digits(y, 4, 4)
                && digits(m, 1, 2)
                && digits(d, 1, 2) =>
        {
            let parts = crate::forms::DateParts::new(m, d, y);
            return crate::forms::parse_date_parts(&parts, label)
                .and_then(|date| crate::forms::check_supported_year(date, label))
                .map_err(|e| e.message);
        }
        _ => None,
    };
    match iso {
        Some(iso) => read_date(Some(&iso), label),
        None => Err(format!(
            "{} must be a date, like 03/15/2026",
            crate::forms::sentence_start(label)
        )),
    }
}

/// Dollars as cents: `1234.5`, `$1,234.56`, `1234`; 0 or more, at most 2 decimals, under
/// $100,000,000. `what` is "billed amount" or "paid amount".
fn read_amount(text: &str, what: &str, empty: &str) -> Result<i64, String> {
    let text = text.trim();
    if text.is_empty() {
        return Err(empty.into());
    }
    let like = || format!("Enter the {what} in dollars, like 1234.56");
    let cleaned: String = text
        .chars()
        .filter(|c| !c.is_whitespace() && *c != ',')
        .collect();
    let negative = cleaned.starts_with('-')
        || cleaned.starts_with("$-")
        || (cleaned.starts_with('(') && cleaned.ends_with(')'));
    if negative {
        return Err(format!("The {what} must be 0 or more"));
    }
    let number = cleaned.strip_prefix('$').unwrap_or(&cleaned);
    let (whole, fraction) = match number.split_once('.') {
        Some((w, f)) => (w, f),
        None => (number, ""),
    };
    let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if (whole.is_empty() && fraction.is_empty()) || !all_digits(whole) || !all_digits(fraction) {
        return Err(like());
    }
    if fraction.len() > 2 {
        return Err(format!("The {what} can have at most 2 decimal places"));
    }
    let whole = whole.trim_start_matches('0');
    let too_big = || format!("The {what} must be less than $100,000,000");
    if whole.len() > 9 {
        return Err(too_big());
    }
    let dollars: i64 = if whole.is_empty() {
        0
    } else {
        whole.parse().map_err(|_| like())?
    };
    let cents: i64 = format!("{fraction:0<2}").parse().map_err(|_| like())?;
    let total = dollars * 100 + cents;
    if total >= AMOUNT_LIMIT_CENTS {
        return Err(too_big());
    }
    Ok(total)
}

/// What a spreadsheet does to an ID typed in a General or Number column: `012345678` is kept as
/// the number 12345678 and its zero is lost. A cell of digits only, fewer than `digits`, is told
/// how to keep the zeros after the form's own message.
fn with_lost_zeros_hint<T>(
    result: Result<T, String>,
    cell: &str,
    digits: usize,
) -> Result<T, String> {
    let cell = cell.trim();
    let only_digits = !cell.is_empty() && cell.bytes().all(|b| b.is_ascii_digit());
    result.map_err(|message| {
        if only_digits && cell.len() < digits {
            format!("{message}. {LOST_ZEROS_HINT}")
        } else {
            message
        }
    })
}

/// The words [`with_lost_zeros_hint`] adds.
pub const LOST_ZEROS_HINT: &str = "If it starts with 0, the spreadsheet dropped the 0: format the column as Text, type the number again and save";

/// The tax ID (FEIN/TIN): 9 digits, dashes and spaces ignored.
fn read_tax_id(text: &str) -> Result<String, String> {
    let text = text.trim();
    if text.is_empty() {
        return Err("Enter the tax ID".into());
    }
    let cleaned: String = text
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .collect();
    if cleaned.len() != 9 || !cleaned.bytes().all(|b| b.is_ascii_digit()) {
        return Err("The tax ID must be 9 digits".into());
    }
    Ok(cleaned)
}

/// The problems found so far: (row, position in the file, problem).
struct Checker<'a> {
    ctx: &'a ClaimsContext,
    calendar: &'a Calendar,
    problems: Vec<(u32, usize, RowProblem)>,
    position: [usize; COLUMNS.len()],
}

impl Checker<'_> {
    fn add(&mut self, row: &RowCells, column: usize, message: String) {
        self.problems.push((
            row.row,
            self.position[column],
            RowProblem {
                row: row.row,
                column: COLUMNS[column].heading.to_string(),
                value: shorten(row.cell(column)),
                message,
            },
        ));
    }

    /// A cell's check: the cleaned value, or its problem recorded and `None`.
    fn take<T>(&mut self, row: &RowCells, column: usize, result: Result<T, String>) -> Option<T> {
        match result {
            Ok(value) => Some(value),
            Err(message) => {
                self.add(row, column, message);
                None
            }
        }
    }

    /// Every cell of one row on its own; the claim as read (cleaned where it passed), and which
    /// of the columns compared across rows passed (so that a cell gets one message at most).
    fn row(&mut self, row: &RowCells) -> (Claim, [bool; COLUMNS.len()]) {
        let mut ok = [true; COLUMNS.len()];
        let today = self.ctx.today;

        let mco = if row.cell(MCO).is_empty() {
            Err("Enter the MCO".to_string())
        } else {
            Ok(())
        };
        ok[MCO] = self.take(row, MCO, mco).is_some();
        let medicaid_id = with_lost_zeros_hint(
            check_medicaid_id(row.cell(MEDICAID_ID)).map_err(str::to_string),
            row.cell(MEDICAID_ID),
            9,
        );
        ok[MEDICAID_ID] = self.take(row, MEDICAID_ID, medicaid_id).is_some();
        ok[TAX_ID] = self
            .take(
                row,
                TAX_ID,
                with_lost_zeros_hint(read_tax_id(row.cell(TAX_ID)), row.cell(TAX_ID), 9),
            )
            .is_some();
        let address = check_short_text(
            row.cell(ADDRESS),
            "Enter the location address",
            "The location address",
            ADDRESS_MAX_CHARS,
        );
        ok[ADDRESS] = self.take(row, ADDRESS, address).is_some();
        let complaint_type = match row.cell(COMPLAINT_TYPE) {
            "" => Err("Enter the complaint type".to_string()),
            text => complaint_type_of(text).map(|_| ()).ok_or_else(|| {
                "Enter one of the complaint types listed on the sheet \"How to fill in\", like Claims/Payment"
                    .to_string()
            }),
        };
        ok[COMPLAINT_TYPE] = self.take(row, COMPLAINT_TYPE, complaint_type).is_some();

        let first = check_short_text(
            row.cell(FIRST_NAME),
            "Enter the member's first name",
            "The member's first name",
            NAME_MAX_CHARS,
        );
        let first = self.take(row, FIRST_NAME, first);
        let last = check_short_text(
            row.cell(LAST_NAME),
            "Enter the member's last name",
            "The member's last name",
            NAME_MAX_CHARS,
        );
        let last = self.take(row, LAST_NAME, last);
        let rin = with_lost_zeros_hint(
            Rin::parse(row.cell(RIN)).map_err(str::to_string),
            row.cell(RIN),
            9,
        );
        let rin = self.take(row, RIN, rin);

        // The received date first: the dates of service are checked against it.
        let received = sheet_date(row.cell(RECEIVED), RECEIVED_LABEL).and_then(|d| {
            eligibility::check_received_on(d, today)
                .map(|()| d)
                .map_err(str::to_string)
        });
        let received_date = received.as_ref().ok().copied();
        let received = received.and_then(|d| check_filing_window(self.calendar, d, today));
        let from = sheet_date(row.cell(SERVICE_FROM), SERVICE_FROM_LABEL)
            .and_then(|d| not_future(d, today, SERVICE_FROM_LABEL))
            .and_then(|d| not_after_received(d, received_date.as_ref(), SERVICE_FROM_LABEL));
        let from_date = from.as_ref().ok().copied();
        let to = match row.cell(SERVICE_TO) {
            "" => Ok(None),
            text => sheet_date(text, SERVICE_TO_LABEL)
                .and_then(|d| not_future(d, today, SERVICE_TO_LABEL))
                .and_then(|d| match from_date {
                    Some(from) if d < from => Err(
                        "The last date of service must be the same as or after the first".into(),
                    ),
                    _ => Ok(d),
                })
                .and_then(|d| not_after_received(d, received_date.as_ref(), SERVICE_TO_LABEL))
                .map(Some),
        };
        let from = self.take(row, SERVICE_FROM, from);
        let to = self.take(row, SERVICE_TO, to);
        let claim_number = check_claim_number(row.cell(CLAIM_NUMBER));
        let claim_number = self.take(row, CLAIM_NUMBER, claim_number);
        ok[CLAIM_NUMBER] = claim_number.is_some();
        let billed = read_amount(row.cell(BILLED), "billed amount", "Enter the billed amount");
        let billed = self.take(row, BILLED, billed);
        let paid = read_amount(
            row.cell(PAID),
            "paid amount",
            "Enter the paid amount, 0 if nothing was paid",
        );
        let paid = self.take(row, PAID, paid);
        let tracking = check_tracking_number(row.cell(TRACKING));
        let tracking = self.take(row, TRACKING, tracking);
        let received = self.take(row, RECEIVED, received);
        let issue = clean_long_text(row.cell(ISSUE));
        let issue_check = if issue.is_empty() {
            Err("Describe the issue with this claim".to_string())
        } else if issue.chars().count() > ISSUE_MAX_CHARS {
            Err("The issue must be 1,000 characters or fewer".to_string())
        } else {
            Ok(())
        };
        let issue_ok = self.take(row, ISSUE, issue_check).is_some();

        let raw = |c: usize| row.cell(c).to_string();
        let claim = Claim {
            row: row.row,
            member_first_name: first.unwrap_or_else(|| raw(FIRST_NAME)),
            member_last_name: last.unwrap_or_else(|| raw(LAST_NAME)),
            rin: rin.map_or_else(|| raw(RIN), |r| r.expose().to_string()),
            service_from: from.map_or_else(|| raw(SERVICE_FROM), |d| d.to_string()),
            service_to: match (to, from) {
                (Some(Some(to)), _) => to.to_string(),
                (Some(None), Some(from)) => from.to_string(),
                _ => raw(SERVICE_TO),
            },
            claim_number: claim_number.unwrap_or_else(|| raw(CLAIM_NUMBER)),
            billed_cents: billed.unwrap_or(0),
            paid_cents: paid.unwrap_or(0),
            tracking_number: tracking.unwrap_or_else(|| raw(TRACKING)),
            mco_received_on: received.map_or_else(|| raw(RECEIVED), |d| d.to_string()),
            issue: if issue_ok { issue } else { raw(ISSUE) },
        };
        (claim, ok)
    }

    /// The rules across rows: one MCO, provider, tax ID, address and complaint type (the ticket's
    /// where the context says which), and each claim number once.
    fn across_rows(&mut self, rows: &[RowCells], ok: &[[bool; COLUMNS.len()]]) {
        let ctx = self.ctx;
        let passing = |column: usize| {
            rows.iter()
                .zip(ok)
                .filter(move |(_, ok)| ok[column])
                .map(|(r, _)| r)
        };

        // The MCO: the ticket's, or else the first row's.
        let ticket_mcos: Vec<String> = ctx
            .mco_names
            .iter()
            .map(|n| squash(n))
            .filter(|n| !n.is_empty())
            .collect();
        let differing: Vec<(u32, String)> = if ticket_mcos.is_empty() {
            let first = passing(MCO).next().map(|r| squash(r.cell(MCO)));
            passing(MCO)
                .filter(|r| Some(squash(r.cell(MCO))) != first)
                .map(|r| (r.row, "Every claim on a template must be with the same MCO. File a separate ticket for each MCO".to_string()))
                .collect()
        } else {
            let name = ctx.mco_names.first().cloned().unwrap_or_default();
            passing(MCO)
                .filter(|r| !ticket_mcos.contains(&squash(r.cell(MCO))))
                .map(|r| (r.row, format!("Enter the ticket's MCO, {name}. Every claim on a template must be with the same MCO: file a separate ticket for each MCO")))
                .collect()
        };
        self.add_all(rows, MCO, differing);

        // The provider: the ticket facility's Medicaid ID, or else the first row's.
        let facility = crate::forms::digits_only(&ctx.facility_medicaid_id);
        let differing: Vec<(u32, String)> = if facility.is_empty() {
            let first = passing(MEDICAID_ID)
                .next()
                .map(|r| crate::forms::digits_only(r.cell(MEDICAID_ID)));
            passing(MEDICAID_ID)
                .filter(|r| Some(crate::forms::digits_only(r.cell(MEDICAID_ID))) != first)
                .map(|r| (r.row, "Every claim on a template must be for the same Provider Medicaid ID. File a separate ticket for each provider or facility".to_string()))
                .collect()
        } else {
            passing(MEDICAID_ID)
                .filter(|r| crate::forms::digits_only(r.cell(MEDICAID_ID)) != facility)
                .map(|r| (r.row, format!("Enter the Provider Medicaid ID of the ticket's facility, {facility}. File a separate ticket for each provider or facility")))
                .collect()
        };
        self.add_all(rows, MEDICAID_ID, differing);

        // The tax ID and the location address: the first row's.
        let same = |column: usize, key: fn(&str) -> String, message: &str| -> Vec<(u32, String)> {
            let first = passing(column).next().map(|r| key(r.cell(column)));
            passing(column)
                .filter(|r| Some(key(r.cell(column))) != first)
                .map(|r| (r.row, message.to_string()))
                .collect()
        };
        let differing = same(
            TAX_ID,
            |t| t.chars().filter(char::is_ascii_digit).collect(),
            "Every claim on a template must have the same tax ID. File a separate ticket for each provider or facility",
        );
        self.add_all(rows, TAX_ID, differing);
        let differing = same(
            ADDRESS,
            squash,
            "Every claim on a template must have the same location address. File a separate ticket for each location",
        );
        self.add_all(rows, ADDRESS, differing);

        // The complaint type: the ticket's, or else the first row's.
        let differing: Vec<(u32, String)> = match ctx.complaint_type {
            Some(wanted) => passing(COMPLAINT_TYPE)
                .filter(|r| complaint_type_of(r.cell(COMPLAINT_TYPE)) != Some(wanted))
                .map(|r| (r.row, format!("Enter the ticket's complaint type, {}. File a separate ticket for each complaint type", wanted.label())))
                .collect(),
            None => {
                let first = passing(COMPLAINT_TYPE)
                    .next()
                    .and_then(|r| complaint_type_of(r.cell(COMPLAINT_TYPE)));
                passing(COMPLAINT_TYPE)
                    .filter(|r| complaint_type_of(r.cell(COMPLAINT_TYPE)) != first)
                    .map(|r| (r.row, "Every claim on a template must have the same complaint type. File a separate ticket for each complaint type".to_string()))
                    .collect()
            }
        };
        self.add_all(rows, COMPLAINT_TYPE, differing);

        // Each claim number once (ignoring case and spaces): the later rows name the first.
        let mut first_row: BTreeMap<String, u32> = BTreeMap::new();
        let mut differing = Vec::new();
        for r in passing(CLAIM_NUMBER) {
            let key: String = r
                .cell(CLAIM_NUMBER)
                .chars()
                .filter(|c| !c.is_whitespace())
                .flat_map(char::to_lowercase)
                .collect();
            match first_row.get(&key) {
                Some(first) => differing.push((
                    r.row,
                    format!("This claim number is also on row {first}. Enter each claim once"),
                )),
                None => {
                    first_row.insert(key, r.row);
                }
            }
        }
        self.add_all(rows, CLAIM_NUMBER, differing);
    }

    fn add_all(&mut self, rows: &[RowCells], column: usize, found: Vec<(u32, String)>) {
        for (number, message) in found {
            if let Some(row) = rows.iter().find(|r| r.row == number) {
                self.add(row, column, message);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts() {
        let read = |t: &str| read_amount(t, "billed amount", "Enter the billed amount");
        assert_eq!(read("1234.5"), Ok(123_450));
        assert_eq!(read("$1,234.56"), Ok(123_456));
        assert_eq!(read(" 0 "), Ok(0));
        assert_eq!(read(".5"), Ok(50));
        assert_eq!(read("12."), Ok(1_200));
        assert_eq!(read("99999999.99"), Ok(9_999_999_999));
        assert_eq!(read(""), Err("Enter the billed amount".into()));
        assert_eq!(
            read("100000000"),
            Err("The billed amount must be less than $100,000,000".into())
        );
        assert_eq!(
            read("0000000000000000000001"),
            Ok(100),
            "leading zeros are not a large number"
        );
        assert_eq!(
            read("-1"),
            Err("The billed amount must be 0 or more".into())
        );
        assert_eq!(
            read("(5.00)"),
            Err("The billed amount must be 0 or more".into())
        );
        assert_eq!(
            read("1.234"),
            Err("The billed amount can have at most 2 decimal places".into())
        );
        for bad in ["abc", "1.2.3", "$", ".", "1e5", "12 USD"] {
            assert_eq!(
                read(bad),
                Err("Enter the billed amount in dollars, like 1234.56".into()),
                "{bad}"
            );
        }
    }

    #[test]
    fn dates() {
        let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
        assert_eq!(sheet_date("2026-03-15", "the x"), Ok(d(2026, 3, 15)));
        assert_eq!(sheet_date("2026-3-5", "the x"), Ok(d(2026, 3, 5)));
        assert_eq!(sheet_date("03/15/2026", "the x"), Ok(d(2026, 3, 15)));
        assert_eq!(sheet_date("3/5/2026", "the x"), Ok(d(2026, 3, 5)));
        assert_eq!(sheet_date("", "the x"), Err("Enter the x".into()));
        assert_eq!(
            sheet_date("02/30/2026", "the x"),
            Err("The x must be a real date: February 2026 has 28 days".into())
        );
        // Month first, never swapped.
        assert_eq!(sheet_date("03/04/2026", "the x"), Ok(d(2026, 3, 4)));
        assert_eq!(sheet_date("04/03/2026", "the x"), Ok(d(2026, 4, 3)));
        assert_eq!(
            sheet_date("13/04/2026", "the x"),
            Err(
                "The x must be a real date: the month must be a number from 1 to 12, or its name"
                    .into()
            )
        );
        assert_eq!(
            sheet_date("12/31/1989", "the x"),
            Err("The x must be between January 1, 1990 and December 31, 2100".into())
        );
        for bad in [
            "3/5/26",
            "15.03.2026",
            "March 5, 2026",
            "2026/03/15",
            "3-5-2026",
        ] {
            assert_eq!(
                sheet_date(bad, "the x"),
                Err("The x must be a date, like 03/15/2026".into()),
                "{bad}"
            );
        }
    }

    #[test]
    fn complaint_types_by_label_or_key() {
        assert_eq!(
            complaint_type_of("Claims/Payment"),
            Some(ComplaintType::ClaimsPayment)
        );
        assert_eq!(
            complaint_type_of(" claims payment "),
            Some(ComplaintType::ClaimsPayment)
        );
        assert_eq!(
            complaint_type_of("patient_credit_file"),
            Some(ComplaintType::PatientCreditFile)
        );
        assert_eq!(
            complaint_type_of("Patient Credit File (PCF)"),
            Some(ComplaintType::PatientCreditFile)
        );
        assert_eq!(complaint_type_of("Billing"), None);
        assert_eq!(complaint_type_of("//"), None);
        for t in ComplaintType::ALL {
            assert_eq!(complaint_type_of(t.label()), Some(t));
        }
    }

    #[test]
    fn tax_ids_and_letters() {
        assert_eq!(read_tax_id("12-3456789"), Ok("123456789".into()));
        assert_eq!(read_tax_id("123 456 789"), Ok("123456789".into()));
        assert_eq!(read_tax_id(""), Err("Enter the tax ID".into()));
        assert_eq!(
            read_tax_id("12345678"),
            Err("The tax ID must be 9 digits".into())
        );
        assert_eq!(
            read_tax_id("12345678X"),
            Err("The tax ID must be 9 digits".into())
        );
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(27), "AB");
        assert_eq!(shorten(&"x".repeat(150)).chars().count(), VALUE_MAX_CHARS);
    }

    #[test]
    fn the_blank_csv_reads_back_as_the_template_with_no_claims() {
        let ctx = ClaimsContext {
            today: NaiveDate::from_ymd_opt(2026, 5, 1).unwrap(),
            calendar_changes: vec![],
            mco_names: vec![],
            facility_medicaid_id: String::new(),
            complaint_type: None,
        };
        let report = check_file(blank_csv().as_bytes(), &ctx);
        assert_eq!(report.file_error.as_deref(), Some(NO_CLAIMS_MESSAGE));
        assert_eq!(report.format.as_deref(), Some("csv"));
        assert!(!report.is_ready());
        assert_eq!(summary(&report), NO_CLAIMS_MESSAGE);
    }
}
