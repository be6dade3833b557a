//! The typed rows: one group of six fields per facility, and the table of the rows' problems under
//! the error summary.

use leptos::prelude::*;
use rules::facility_template::COLUMNS;

use super::form::{cell_id, Form, RowEntry, RowProblem};
use crate::components::TextField;
use crate::page::focus_id;

/// The message without the "Row 3, NPI Number: " the rules put in front (the table says both).
fn what_to_do(message: &str) -> &str {
    if message.starts_with("Row ") {
        if let Some((_, rest)) = message.split_once(": ") {
            return rest;
        }
    }
    message
}

/// The problems of the rows, under the error summary: row, column, the value as read, what to do.
#[component]
pub(super) fn RowProblemTable(problems: RwSignal<Vec<RowProblem>>) -> impl IntoView {
    view! {
        <Show when=move || problems.with(|p| !p.is_empty())>
            <div id="row-problems" tabindex="-1" class="border-l-4 border-error pl-4 mb-8 overflow-x-auto">
                <table class="w-full text-left border-collapse text-base">
                    <caption class="text-left text-xl font-bold mb-3">
                        {move || problems.with(|p| {
                            let mut rows: Vec<usize> = p.iter().map(|p| p.row).collect();
                            rows.dedup();
                            format!("Rows that need fixing ({})", rows.len())
                        })}
                    </caption>
                    <thead>
                        <tr class="border-b-2 border-ink">
                            <th scope="col" class="py-2 pr-3">"Row"</th>
                            <th scope="col" class="py-2 pr-3">"Column"</th>
                            <th scope="col" class="py-2 pr-3">"Value as read"</th>
                            <th scope="col" class="py-2">"What to do"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {move || {
                            problems
                                .get()
                                .into_iter()
                                .map(|p| {
                                    let id = p.field_id.clone();
                                    let row = match p.file_line {
                                        Some(line) => format!("{} (line {line} of the file)", p.row),
                                        None => p.row.to_string(),
                                    };
                                    let value = if p.value.trim().is_empty() {
                                        view! { <span class="text-secondary">"(empty)"</span> }.into_any()
                                    } else {
                                        view! { <span class="break-all">{p.value.clone()}</span> }.into_any()
                                    };
                                    view! {
                                        <tr class="border-b border-border align-top">
                                            <th scope="row" class="py-2 pr-3 font-normal">{row}</th>
                                            <td class="py-2 pr-3">{COLUMNS[p.column].1}</td>
                                            <td class="py-2 pr-3">{value}</td>
                                            <td class="py-2">
                                                <a
                                                    href=format!("#{}", p.field_id)
                                                    class="text-error font-bold"
                                                    on:click=move |ev| {
                                                        ev.prevent_default();
                                                        focus_id(&id);
                                                    }
                                                >
                                                    {what_to_do(&p.message).to_string()}
                                                </a>
                                            </td>
                                        </tr>
                                    }
                                })
                                .collect_view()
                        }}
                    </tbody>
                </table>
            </div>
        </Show>
    }
}

/// A facility's six fields, in a group named "Facility N", with its "Remove" button.
#[component]
pub(super) fn RowFields(form: Form, entry: RowEntry) -> impl IntoView {
    let key = entry.key;
    let position = Memo::new(move |_| {
        form.rows
            .with(|rows| rows.iter().position(|r| r.key == key).map_or(0, |i| i + 1))
    });
    let several = move || form.rows.with(|rows| rows.len() > 1);
    let remove = move |_| {
        let at = position.get_untracked();
        form.rows.update(|rows| rows.retain(|r| r.key != key));
        form.row_problems
            .update(|p| p.retain(|p| !p.field_id.starts_with(&format!("facility-{key}-"))));
        // Focus goes to the row that took its place, or to "Add another facility".
        request_animation_frame(move || {
            let next = form.rows.with_untracked(|rows| {
                rows.get(at.saturating_sub(1).min(rows.len().saturating_sub(1)))
                    .map(|r| r.key)
            });
            if let Some(next) = next {
                focus_id(&cell_id(next, 0));
            }
        });
    };
    let from_file = entry
        .file_line
        .map(|line| format!(" (line {line} of the file)"));
    let hints: [Option<&'static str>; 6] = [
        None,
        None,
        None,
        Some("For example, Hospital, Clinic or Pharmacy"),
        None,
        Some("10 digits"),
    ];
    let group_class = move || {
        let in_error = form.row_problems.with(|p| {
            p.iter()
                .any(|p| p.field_id.starts_with(&format!("facility-{key}-")))
        });
        if in_error {
            "border-2 border-error p-4 mb-6"
        } else {
            "border-2 border-border p-4 mb-6"
        }
    };
    view! {
        <fieldset class=group_class>
            <legend class="px-2 text-xl font-bold">
                "Facility " {move || position.get()} {from_file.clone()}
            </legend>
            <div class="grid md:grid-cols-2 gap-x-6">
                {COLUMNS
                    .iter()
                    .enumerate()
                    .map(|(column, (name, heading))| {
                        let id = cell_id(key, column);
                        let error = Signal::derive({
                            let id = id.clone();
                            move || form.row_problems.with(|p| {
                                p.iter().find(|p| p.field_id == id).map(|p| p.message.clone())
                            })
                        });
                        let (input_type, autocomplete, inputmode) = match *name {
                            "contact_email" => ("email", "off", ""),
                            "contact_phone" => ("tel", "off", ""),
                            "medicaid_id" | "npi" => ("text", "off", "numeric"),
                            _ => ("text", "off", ""),
                        };
                        view! {
                            <TextField
                                id=id
                                label=*heading
                                hint=hints[column].unwrap_or_default()
                                value=entry.cells[column]
                                error=error
                                input_type=input_type
                                autocomplete=autocomplete
                                inputmode=inputmode
                                spellcheck=false
                            />
                        }
                    })
                    .collect_view()}
            </div>
            <Show when=several>
                <button type="button" class="btn btn-secondary" on:click=remove>
                    "Remove" <span class="sr-only">" facility " {move || position.get()}</span>
                </button>
            </Show>
        </fieldset>
    }
}
