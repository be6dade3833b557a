//! The drafts on My tickets: each ticket not yet submitted, what is filled in, when it was last
//! changed and where its filing window stands (from the date the MCO received the dispute, when
//! given), with Continue and Delete (after a confirmation). The server deletes a draft left
//! unchanged for 90 days, telling its owner a week before (docs/tickets.md).

use chrono::NaiveDate;
use leptos::prelude::*;
use leptos::task::spawn_local;
use rules::countdown::Kind;
use rules::dates::long_date;
use rules::eligibility::filing_window;
use rules::wire::accounts::Mco;
use rules::wire::tickets::Draft;

use crate::api::{admin, tickets as api, ApiError};
use crate::clock::use_clock;
use crate::components::{Countdown, LoadProblem, Loading, SuccessBanner};
use crate::session::use_session;

/// When a draft was last changed, as an Illinois date.
fn changed_on(updated_at: &str) -> String {
    chrono::DateTime::parse_from_rfc3339(updated_at)
        .map(|t| long_date(rules::illinois::today(t.timestamp_millis())))
        .unwrap_or_default()
}

/// What is filled in, in a few words ("Aetna Better Health of Illinois, Claims payment, tracking
/// number AET-1"); never the member or the RIN.
fn filled_in(draft: &Draft, mcos: &[Mco]) -> String {
    let form = &draft.form;
    let mut parts = Vec::new();
    if let Some(name) = form
        .mco_id
        .and_then(|id| mcos.iter().find(|m| m.id == id))
        .map(|m| m.name.clone())
    {
        parts.push(name);
    }
    if let Some(kind) = form.complaint_type {
        parts.push(kind.label().to_owned());
    }
    if !form.tracking_number.trim().is_empty() {
        parts.push(format!("tracking number {}", form.tracking_number.trim()));
    }
    if parts.is_empty() {
        "Nothing filled in yet".to_owned()
    } else {
        parts.join(", ")
    }
}

/// Where the filing window stands for a draft, in words and with a countdown.
fn window_cell(received: Option<NaiveDate>, today: NaiveDate) -> AnyView {
    let Some(received) = received.filter(|r| *r <= today) else {
        return view! { <span>"No received date yet"</span> }.into_any();
    };
    let (opens, closes) = filing_window(received);
    if today < opens {
        view! {
            <span class="block">{format!("You can file from {}", long_date(opens))}</span>
            <span class="block mt-1"><Countdown kind=Kind::WindowOpens date=opens /></span>
        }
        .into_any()
    } else if today > closes {
        view! {
            <strong class="block text-error" data-window-closed="">"The filing window has closed"</strong>
            <span class="block">{format!("It closed on {}", long_date(closes))}</span>
        }
        .into_any()
    } else {
        view! {
            <span class="block">{format!("File by {}", long_date(closes))}</span>
            <span class="block mt-1"><Countdown kind=Kind::WindowCloses date=closes /></span>
        }
        .into_any()
    }
}

/// The drafts section of My tickets.
#[component]
pub fn DraftsSection() -> impl IntoView {
    let session = use_session();
    let drafts = RwSignal::new(None::<Result<Vec<Draft>, ApiError>>);
    let mcos = RwSignal::new(Vec::<Mco>::new());
    // The draft whose deletion is being confirmed.
    let confirming = RwSignal::new(None::<i64>);
    let deleted = RwSignal::new(None::<String>);
    let problem = RwSignal::new(None::<String>);
    let load = move || {
        spawn_local(async move {
            if let Ok(list) = admin::mcos().await {
                mcos.set(list);
            }
            drafts.set(Some(api::list_drafts().await));
        });
    };
    load();
    let facility_name = move |id: Option<i64>| -> String {
        id.and_then(|id| {
            session.session.with_untracked(|s| {
                s.as_ref()
                    .and_then(|s| s.facilities.iter().find(|f| f.id == id))
                    .map(|f| f.name.clone())
            })
        })
        .unwrap_or_else(|| "Not chosen yet".into())
    };
    let today = use_clock().illinois_today();
    let delete = move |id: i64, what: String| {
        spawn_local(async move {
            match api::delete_draft(id).await {
                Ok(()) => {
                    confirming.set(None);
                    problem.set(None);
                    deleted.set(Some(format!("Draft deleted: {what}")));
                    drafts.set(Some(api::list_drafts().await));
                }
                Err(e) => problem.set(Some(e.message())),
            }
        });
    };
    let rows = move || match drafts.get() {
        None => view! { <Loading /> }.into_any(),
        Some(Err(e)) => view! { <LoadProblem message=e.message() /> }.into_any(),
        Some(Ok(list)) if list.is_empty() => {
            view! { <p class="mb-4" id="drafts-empty">"You have no tickets being entered."</p> }
                .into_any()
        }
        Some(Ok(list)) => {
            let all_mcos = mcos.get();
            let today = today.get_untracked();
            let count = list.len();
            view! {
                <div class="overflow-x-auto" tabindex="0" role="region" aria-label="Drafts (scrolls sideways in a narrow window)">
                    <table class="w-full text-left border-collapse mb-4" id="drafts">
                        <caption class="text-left text-xl font-bold mb-3">"Tickets you have not submitted (" {count} ")"</caption>
                        <thead>
                            <tr class="border-b-2 border-ink">
                                <th scope="col" class="py-2 pr-4">"Facility"</th>
                                <th scope="col" class="py-2 pr-4">"Filled in"</th>
                                <th scope="col" class="py-2 pr-4">"Last changed"</th>
                                <th scope="col" class="py-2 pr-4">"Filing window"</th>
                                <th scope="col" class="py-2"><span class="sr-only">"Actions"</span></th>
                            </tr>
                        </thead>
                        <tbody>
                            {list
                                .into_iter()
                                .map(|draft| {
                                    let id = draft.id;
                                    let facility = facility_name(draft.form.facility_id);
                                    let what = filled_in(&draft, &all_mcos);
                                    let changed = changed_on(&draft.updated_at);
                                    let received = draft
                                        .form
                                        .mco_received_on
                                        .as_deref()
                                        .and_then(rules::dates::parse_iso_date);
                                    // The entry resumes the draft at its first question still unanswered.
                                    let href = format!("/tickets/new/{id}");
                                    let hidden = format!(" the draft last changed {changed}");
                                    let hidden_delete = hidden.clone();
                                    let described = format!("{facility}, last changed {changed}");
                                    let confirm_words = described.clone();
                                    view! {
                                        <tr class="border-b border-border align-top" data-draft=id>
                                            <td class="py-3 pr-4">{facility}</td>
                                            <td class="py-3 pr-4">{what}</td>
                                            <td class="py-3 pr-4">{changed}</td>
                                            <td class="py-3 pr-4">{window_cell(received, today)}</td>
                                            <td class="py-3">
                                                <a href=href class="block mb-2">"Continue" <span class="sr-only">{hidden}</span></a>
                                                <button
                                                    type="button"
                                                    class="btn btn-secondary mb-0"
                                                    aria-expanded=move || (confirming.get() == Some(id)).to_string()
                                                    aria-controls=format!("confirm-delete-{id}")
                                                    on:click=move |_| {
                                                        deleted.set(None);
                                                        confirming.set(Some(id));
                                                    }
                                                >
                                                    "Delete" <span class="sr-only">{hidden_delete}</span>
                                                </button>
                                                <div id=format!("confirm-delete-{id}")>
                                                    <Show when=move || confirming.get() == Some(id)>
                                                        <ConfirmDelete
                                                            what=confirm_words.clone()
                                                            on_yes=Callback::new({
                                                                let described = described.clone();
                                                                move |()| delete(id, described.clone())
                                                            })
                                                            on_no=Callback::new(move |()| confirming.set(None))
                                                        />
                                                    </Show>
                                                </div>
                                            </td>
                                        </tr>
                                    }
                                })
                                .collect_view()}
                        </tbody>
                    </table>
                </div>
            }
            .into_any()
        }
    };
    view! {
        <section aria-labelledby="drafts-heading" class="mb-10">
            <h2 id="drafts-heading" class="text-2xl font-bold mb-4">"Tickets being entered"</h2>
            <SuccessBanner message=deleted />
            {move || problem.get().map(|m| view! { <LoadProblem message=m /> })}
            <p class="mb-4">{rules::tickets::drafts::keeping_words()}</p>
            {rows}
        </section>
    }
}

/// The confirmation of a deletion: it takes focus when it appears.
#[component]
fn ConfirmDelete(what: String, on_yes: Callback<()>, on_no: Callback<()>) -> impl IntoView {
    let panel = NodeRef::<leptos::html::Div>::new();
    Effect::new(move |_| {
        if let Some(el) = panel.get() {
            let _ = el.focus();
        }
    });
    view! {
        <div node_ref=panel tabindex="-1" role="group" aria-labelledby="confirm-delete-question" class="border-l-8 border-warning bg-panel p-4 mt-2">
            <p id="confirm-delete-question" class="font-bold mb-2">"Delete this draft? It cannot be undone."</p>
            <p class="mb-3">{what}</p>
            <button type="button" class="btn btn-warning mr-2 mb-0" on:click=move |_| on_yes.run(())>"Yes, delete the draft"</button>
            <button type="button" class="btn btn-secondary mb-0" on:click=move |_| on_no.run(())>"Cancel"</button>
        </div>
    }
}
