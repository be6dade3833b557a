//! What the page keeps while the user moves between its stages: the contact, the rows as typed
//! (one [`RowEntry`] each), and the problems of the last check, by cell.

use leptos::prelude::*;
use rules::facility_template::COLUMNS;
use rules::wire::accounts::{FacilityRequest, FacilityRequestSent, FacilityRow};
use rules::wire::ErrorBody;

use super::CONTACT_FIELDS;
use crate::components::FieldError;

/// One facility as typed: the six cells of the template, and the file line it came from.
#[derive(Clone, Copy)]
pub(super) struct RowEntry {
    /// Stable for the row's life (ids, list keys); not its position.
    pub(super) key: u64,
    pub(super) cells: [RwSignal<String>; 6],
    pub(super) file_line: Option<usize>,
}

impl RowEntry {
    fn new(key: u64, row: &FacilityRow, file_line: Option<usize>) -> Self {
        let cells = [
            &row.contact_email,
            &row.contact_phone,
            &row.name,
            &row.facility_type,
            &row.medicaid_id,
            &row.npi,
        ]
        .map(|text| RwSignal::new(text.clone()));
        RowEntry {
            key,
            cells,
            file_line,
        }
    }

    fn to_row(self) -> FacilityRow {
        let [contact_email, contact_phone, name, facility_type, medicaid_id, npi] =
            self.cells.map(|c| c.get_untracked());
        FacilityRow {
            contact_email,
            contact_phone,
            name,
            facility_type,
            medicaid_id,
            npi,
        }
    }

    pub(super) fn is_blank(self) -> bool {
        self.cells
            .iter()
            .all(|c| c.with_untracked(|t| t.trim().is_empty()))
    }
}

/// The id of a row's input for column `column` (an index of [`COLUMNS`]).
pub(super) fn cell_id(key: u64, column: usize) -> String {
    format!("facility-{key}-{}", COLUMNS[column].0.replace('_', "-"))
}

/// A problem with one cell, for the table under the error summary.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct RowProblem {
    /// The row's position, from 1.
    pub(super) row: usize,
    pub(super) file_line: Option<usize>,
    pub(super) column: usize,
    pub(super) field_id: String,
    pub(super) value: String,
    pub(super) message: String,
}

fn rows_need_fixing(count: usize) -> String {
    if count == 1 {
        "1 row needs fixing".into()
    } else {
        format!("{count} rows need fixing")
    }
}

pub(super) fn facilities_words(count: usize) -> String {
    if count == 1 {
        "1 facility".into()
    } else {
        format!("{count} facilities")
    }
}

/// Everything the page keeps while the user moves between its stages.
#[derive(Clone, Copy)]
pub(super) struct Form {
    pub(super) contact_name: RwSignal<String>,
    pub(super) contact_phone: RwSignal<String>,
    pub(super) contact_email: RwSignal<String>,
    pub(super) rows: RwSignal<Vec<RowEntry>>,
    next_key: StoredValue<u64>,
    /// The page's owner: the rows' signals belong to it, so they outlive the stage that made them.
    owner: StoredValue<Owner>,
    /// The summary's list: contact fields, the file, "N rows need fixing", the request as a whole.
    pub(super) errors: RwSignal<Vec<FieldError>>,
    pub(super) row_problems: RwSignal<Vec<RowProblem>>,
    pub(super) file_error: RwSignal<Option<String>>,
    pub(super) file_note: RwSignal<Option<String>>,
    /// The request as checked (cleaned up by the rules), for "Check your answers".
    pub(super) checked: RwSignal<Option<FacilityRequest>>,
    pub(super) sent: RwSignal<Option<FacilityRequestSent>>,
    pub(super) busy: RwSignal<bool>,
}

impl Form {
    pub(super) fn new() -> Self {
        let form = Form {
            contact_name: RwSignal::new(String::new()),
            contact_phone: RwSignal::new(String::new()),
            contact_email: RwSignal::new(String::new()),
            rows: RwSignal::new(Vec::new()),
            next_key: StoredValue::new(1),
            owner: StoredValue::new(Owner::current().expect("a component has an owner")),
            errors: RwSignal::new(Vec::new()),
            row_problems: RwSignal::new(Vec::new()),
            file_error: RwSignal::new(None),
            file_note: RwSignal::new(None),
            checked: RwSignal::new(None),
            sent: RwSignal::new(None),
            busy: RwSignal::new(false),
        };
        form.rows
            .set(vec![form.entry(&FacilityRow::default(), None)]);
        form
    }

    pub(super) fn entry(self, row: &FacilityRow, file_line: Option<usize>) -> RowEntry {
        let key = self.next_key.get_value();
        self.next_key.set_value(key + 1);
        self.owner
            .with_value(|owner| owner.with(|| RowEntry::new(key, row, file_line)))
    }

    pub(super) fn request(self) -> FacilityRequest {
        FacilityRequest {
            contact_name: self.contact_name.get_untracked(),
            contact_phone: self.contact_phone.get_untracked(),
            contact_email: self.contact_email.get_untracked(),
            facilities: self
                .rows
                .get_untracked()
                .into_iter()
                .map(RowEntry::to_row)
                .collect(),
        }
    }

    pub(super) fn clear_problems(self) {
        self.errors.set(Vec::new());
        self.row_problems.set(Vec::new());
        self.file_error.set(None);
    }

    /// Shows the problems of a check (the rules' or the server's 422) on the form.
    pub(super) fn show_problems(self, body: &ErrorBody) {
        let rows = self.rows.get_untracked();
        let mut contact = Vec::new();
        let mut whole = Vec::new();
        let mut problems = Vec::new();
        for (name, id) in CONTACT_FIELDS {
            if let Some(messages) = body.errors.get(name) {
                contact.extend(messages.iter().map(|m| FieldError::new(id, m.clone())));
            }
        }
        for (name, messages) in &body.errors {
            if CONTACT_FIELDS.iter().any(|(n, _)| n == name) {
                continue;
            }
            let cell = name.strip_prefix("facilities.").and_then(|rest| {
                let (row, column) = rest.split_once('.')?;
                let row: usize = row.parse().ok()?;
                let column = COLUMNS.iter().position(|(key, _)| *key == column)?;
                let entry = rows.get(row.checked_sub(1)?)?;
                Some((row, column, *entry))
            });
            match cell {
                Some((row, column, entry)) => {
                    problems.extend(messages.iter().map(|m| RowProblem {
                        row,
                        file_line: entry.file_line,
                        column,
                        field_id: cell_id(entry.key, column),
                        value: entry.cells[column].get_untracked(),
                        message: m.clone(),
                    }))
                }
                None => whole.extend(
                    messages
                        .iter()
                        .map(|m| FieldError::new("facilities", m.clone())),
                ),
            }
        }
        problems.sort_by_key(|p| (p.row, p.column));
        let mut summary = contact;
        if !problems.is_empty() {
            let mut numbers: Vec<usize> = problems.iter().map(|p| p.row).collect();
            numbers.dedup();
            summary.push(FieldError::new(
                "row-problems",
                rows_need_fixing(numbers.len()),
            ));
        }
        summary.extend(whole);
        if let Some(message) = self.file_error.get_untracked() {
            summary.insert(0, FieldError::new("facility-file", message));
        }
        self.row_problems.set(problems);
        self.errors.set(summary);
    }
}
