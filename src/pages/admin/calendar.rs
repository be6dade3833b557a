//! HFS administrators: changes to the State holiday calendar (closure days such as a Governor's
//! proclamation), the same rules as the `portal-server calendar` command.

use leptos::prelude::*;
use leptos::task::spawn_local;
use rules::calendar::CalendarChange;
use rules::dates::long_date;
use rules::forms::{check_supported_year, parse_date_parts, DateError, DateFields, DateParts};
use rules::wire::accounts::Role;

use crate::api::{self, ApiError};
use crate::components::form_errors::{message_for, send_form};
use crate::components::{
    DateInput, ErrorSummary, FieldError, LoadProblem, Loading, RequireRole, SuccessBanner,
    TextField,
};
use crate::page::use_title;

const DATE_LABEL: &str = "the date offices are closed";

#[component]
pub fn CalendarChanges() -> impl IntoView {
    view! {
        <RequireRole roles=&[Role::HfsAdmin]>
            <CalendarPage />
        </RequireRole>
    }
}

fn change_date(change: &CalendarChange) -> chrono::NaiveDate {
    match change {
        CalendarChange::Add { date, .. } | CalendarChange::Remove { date } => *date,
    }
}

#[component]
fn CalendarPage() -> impl IntoView {
    let changes = RwSignal::new(None::<Result<Vec<CalendarChange>, ApiError>>);
    let load = move || {
        spawn_local(async move {
            changes.set(Some(api::admin::calendar_changes().await));
        })
    };
    load();
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let done = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let parts = RwSignal::new(DateParts::default());
    let date_error = RwSignal::new(None::<DateError>);
    let name = RwSignal::new(String::new());
    use_title(
        || "State calendar changes".into(),
        move || errors.with(|e| !e.is_empty()),
    );

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let mut list = Vec::new();
        let date = parse_date_parts(&parts.get_untracked(), DATE_LABEL)
            .and_then(|d| check_supported_year(d, DATE_LABEL));
        match &date {
            Err(e) => {
                list.push(FieldError::new(
                    format!("closure-{}", e.fields.first()),
                    e.message.clone(),
                ));
                date_error.set(Some(e.clone()));
            }
            Ok(_) => date_error.set(None),
        }
        // The server checks the name again, with the same rule.
        let typed_name = match rules::calendar::check_closure_name(&name.get_untracked()) {
            Ok(typed) => typed,
            Err(message) => {
                list.push(FieldError::new("closure-name", message));
                String::new()
            }
        };
        let Ok(date) = date else {
            errors.set(list);
            return;
        };
        if !list.is_empty() {
            errors.set(list);
            return;
        }
        send_form(
            busy,
            async move {
                let change = CalendarChange::Add {
                    date,
                    name: typed_name,
                };
                api::admin::change_calendar(&change).await
            },
            move |result| match result {
                Ok(changed) => {
                    errors.set(Vec::new());
                    done.set(Some(changed.message));
                    changes.set(Some(Ok(changed.changes)));
                    parts.set(DateParts::default());
                    name.set(String::new());
                }
                Err(ApiError::Invalid(body)) => {
                    let mut list = Vec::new();
                    if let Some(m) = body.errors.get("date").and_then(|m| m.first()) {
                        date_error.set(Some(DateError {
                            message: m.clone(),
                            fields: DateFields::ALL,
                        }));
                        list.push(FieldError::new("closure-month", m.clone()));
                    }
                    for (field, messages) in &body.errors {
                        if field != "date" {
                            list.extend(
                                messages
                                    .iter()
                                    .map(|m| FieldError::new("closure-name", m.clone())),
                            );
                        }
                    }
                    errors.set(list);
                }
                Err(e) => errors.set(vec![FieldError::new("closure-month", e.message())]),
            },
        );
    };

    let undo = move |date: chrono::NaiveDate| {
        if busy.get_untracked() {
            return;
        }
        send_form(
            busy,
            async move { api::admin::undo_calendar_change(date).await },
            move |result| match result {
                Ok(changed) => {
                    errors.set(Vec::new());
                    done.set(Some(changed.message));
                    changes.set(Some(Ok(changed.changes)));
                }
                Err(e) => errors.set(vec![FieldError::new(format!("undo-{date}"), e.message())]),
            },
        );
    };

    view! {
        <SuccessBanner message=done />
        <ErrorSummary errors=errors />
        <span class="block text-xl text-secondary mb-1">"Administration"</span>
        <h1 class="text-4xl font-bold mb-6">"State calendar changes"</h1>
        <p class="mb-8">
            "Every deadline counts business days with the State holiday calendar. Add a day State offices are closed that is not a standard holiday, such as a Governor's proclamation. Deadlines move from the next time they are worked out."
        </p>
        {move || match changes.get() {
            None => view! { <Loading /> }.into_any(),
            Some(Err(e)) => view! { <LoadProblem message=e.message() /> }.into_any(),
            Some(Ok(list)) if list.is_empty() => view! {
                <p class="mb-12">"No changes: the standard State holiday calendar applies."</p>
            }
            .into_any(),
            Some(Ok(list)) => view! {
                <div class="overflow-x-auto" tabindex="0" role="region" aria-label="Calendar changes (scrolls sideways in a narrow window)"><table class="w-full text-left border-collapse mb-12">
                    <caption class="text-left text-xl font-bold mb-3">"HFS's changes to the State calendar"</caption>
                    <thead>
                        <tr class="border-b-2 border-ink">
                            <th scope="col" class="py-2 pr-4">"Date"</th>
                            <th scope="col" class="py-2 pr-4">"Change"</th>
                            <th scope="col" class="py-2">"Action"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {list
                            .into_iter()
                            .map(|change| {
                                let date = change_date(&change);
                                let words = match &change {
                                    CalendarChange::Add { name, .. } => format!("Offices closed: {name}"),
                                    CalendarChange::Remove { .. } => "State holiday removed: offices open".to_string(),
                                };
                                let action = match change {
                                    CalendarChange::Add { .. } => "Remove",
                                    CalendarChange::Remove { .. } => "Undo",
                                };
                                view! {
                                    <tr class="border-b border-border align-top">
                                        <th scope="row" class="py-3 pr-4 font-normal">{long_date(date)}</th>
                                        <td class="py-3 pr-4">{words}</td>
                                        <td class="py-3">
                                            <button
                                                id=format!("undo-{date}")
                                                type="button"
                                                class="btn btn-secondary"
                                                disabled=move || busy.get()
                                                on:click=move |_| undo(date)
                                            >
                                                {action} <span class="sr-only">" the change of " {long_date(date)}</span>
                                            </button>
                                        </td>
                                    </tr>
                                }
                            })
                            .collect_view()}
                    </tbody>
                </table></div>
            }
            .into_any(),
        }}
        <h2 class="text-3xl font-bold mb-6">"Add a closure day"</h2>
        <form novalidate on:submit=on_submit>
            <DateInput
                id="closure"
                caption=""
                legend="Date"
                hint=""
                parts=parts
                error=date_error
                plain_legend=true
            />
            <TextField
                id="closure-name"
                label="Name"
                hint="Shown beside deadlines, for example Governor's proclamation."
                value=name
                error=message_for(errors, "closure-name")
                autocomplete="off"
                width="w-full md:w-2/3"
            />
            <button type="submit" class="btn" disabled=move || busy.get()>"Add closure day"</button>
        </form>
    }
}
