//! `/tickets/new`: "File a dispute with an MCO". Start a new ticket, or carry on with one being
//! entered.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::{use_navigate, use_params_map};
use leptos_router::NavigateOptions;
use rules::dates::long_date;
use rules::wire::accounts::{Mco, Role};
use rules::wire::tickets::{Draft, TicketForm};

use super::{form_context, page_path, resume_page, Page};
use crate::api::{admin, tickets as api, ApiError};
use crate::clock::use_clock;
use crate::components::form_errors::send_form;
use crate::components::{LoadProblem, Loading, RequireRole, SendButton};
use crate::page::use_title;
use crate::session::use_session;

#[component]
pub fn StartTicket() -> impl IntoView {
    view! {
        <RequireRole roles=&[Role::Provider] approved=true>
            <StartPage />
        </RequireRole>
    }
}

/// When a draft was last changed, as an Illinois date ("Monday, December 14, 2026").
fn changed_on(updated_at: &str) -> String {
    chrono::DateTime::parse_from_rfc3339(updated_at)
        .map(|t| long_date(rules::illinois::today(t.timestamp_millis())))
        .unwrap_or_default()
}

#[component]
fn StartPage() -> impl IntoView {
    use_title(|| "File a dispute with an MCO".into(), || false);
    let session = use_session();
    let navigate = use_navigate();
    let busy = RwSignal::new(false);
    let problem = RwSignal::new(None::<String>);
    let drafts = RwSignal::new(None::<Result<Vec<Draft>, ApiError>>);
    let mcos = RwSignal::new(Vec::<Mco>::new());
    spawn_local(async move {
        if let Ok(list) = admin::mcos().await {
            mcos.set(list);
        }
        drafts.set(Some(api::list_drafts().await));
    });
    let start = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let facilities = session
            .session
            .with_untracked(|s| s.as_ref().map(|s| s.facilities.clone()))
            .unwrap_or_default();
        let facility_id = session
            .current_facility()
            .map(|f| f.id)
            .or((facilities.len() == 1).then(|| facilities[0].id));
        let form = TicketForm {
            facility_id,
            ..Default::default()
        };
        let navigate = navigate.clone();
        send_form(
            busy,
            async move { api::create_draft(&form).await },
            move |answer| match answer {
                Ok(draft) => navigate(
                    &page_path(draft.id, Page::Question(rules::tickets::Step::Facility)),
                    Default::default(),
                ),
                Err(e) => problem.set(Some(e.message())),
            },
        );
    };
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
    let mco_name = move |id: Option<i64>| -> String {
        id.and_then(|id| mcos.with(|list| list.iter().find(|m| m.id == id).map(|m| m.name.clone())))
            .unwrap_or_else(|| "Not chosen yet".into())
    };
    let list = move || match drafts.get() {
        None => view! { <Loading /> }.into_any(),
        Some(Err(e)) => view! { <LoadProblem message=e.message() /> }.into_any(),
        Some(Ok(list)) if list.is_empty() => view! {
            <p class="mb-8">"You have no tickets being entered."</p>
        }
        .into_any(),
        Some(Ok(list)) => {
            view! {
                <table class="w-full mb-8 text-left">
                    <caption class="sr-only">"Your tickets being entered"</caption>
                    <thead>
                        <tr class="border-b-2 border-border">
                            <th scope="col" class="py-2 pr-4">"Facility"</th>
                            <th scope="col" class="py-2 pr-4">"MCO"</th>
                            <th scope="col" class="py-2 pr-4">"Last changed"</th>
                            <th scope="col" class="py-2"><span class="sr-only">"Action"</span></th>
                        </tr>
                    </thead>
                    <tbody>
                        {list
                            .into_iter()
                            .map(|draft| {
                                let facility = facility_name(draft.form.facility_id);
                                let mco = mco_name(draft.form.mco_id);
                                let changed = changed_on(&draft.updated_at);
                                // Resumed at its first unanswered question by the entry's own route.
                                let href = format!("/tickets/new/{}", draft.id);
                                let hidden = format!(" the ticket for {mco}, last changed {changed}");
                                view! {
                                    <tr class="border-b border-border align-top" data-draft=draft.id>
                                        <td class="py-3 pr-4">{facility}</td>
                                        <td class="py-3 pr-4">{mco}</td>
                                        <td class="py-3 pr-4">{changed}</td>
                                        <td class="py-3">
                                            <a href=href>"Continue" <span class="sr-only">{hidden}</span></a>
                                        </td>
                                    </tr>
                                }
                            })
                            .collect_view()}
                    </tbody>
                </table>
            }
            .into_any()
        }
    };
    view! {
        <h1 class="text-4xl font-bold mb-6">"File a dispute with an MCO"</h1>
        <p class="mb-4">"File one ticket for each dispute, with one MCO. You need:"</p>
        <ul class="list-disc pl-6 mb-6 space-y-1">
            <li>"the MCO's tracking number and the date the MCO received your dispute"</li>
            <li>"the member's name, Recipient ID (RIN) and dates of service"</li>
            <li>"the claim number"</li>
        </ul>
        <p class="mb-6">
            {rules::rule_table::words("You can file from {filing_window_opens_n} to {filing_window_closes_n} days after the MCO received your dispute. ")}
            <a href="/eligibility">"Check if you can file"</a>
            "."
        </p>
        <p class="mb-8">"Your answers are saved as you go, so you can come back to a ticket later."</p>
        {move || problem.get().map(|m| view! { <LoadProblem message=m /> })}
        <form novalidate on:submit=start class="mb-10">
            <SendButton id="start" sending=busy>"Start a new ticket"</SendButton>
        </form>
        <h2 class="text-2xl font-bold mb-4">"Tickets you have not finished"</h2>
        {list}
    }
}

/// `/tickets/new/{draft_id}`: where "Continue" on a draft leads from any list. It opens the first
/// question of the draft that still needs an answer, or the summary when none does (the entry's
/// own choice, so the lists need not know its pages).
#[component]
pub fn ResumeDraft() -> impl IntoView {
    view! {
        <RequireRole roles=&[Role::Provider] approved=true>
            <Resume />
        </RequireRole>
    }
}

#[component]
fn Resume() -> impl IntoView {
    use_title(|| "Continue your ticket".into(), || false);
    let navigate = use_navigate();
    let problem = RwSignal::new(None::<String>);
    let loaded = RwSignal::new(None::<(Draft, Vec<Mco>)>);
    let id = use_params_map()
        .read_untracked()
        .get("draft_id")
        .and_then(|s| s.parse::<i64>().ok());
    let today = use_clock().illinois_today().get_untracked();
    match id {
        Some(id) => spawn_local(async move {
            match (api::get_draft(id).await, admin::mcos().await) {
                (Ok(draft), Ok(mcos)) => loaded.set(Some((draft, mcos))),
                (Err(e), _) | (_, Err(e)) => problem.set(Some(e.message())),
            }
        }),
        None => problem.set(Some(
            "There is no ticket being entered at this address".into(),
        )),
    }
    // In an effect, not in the task above: working out the page reads the session and the
    // calendar from the page's context, which a task loses at its first await.
    Effect::new(move |_| {
        if let Some((draft, mcos)) = loaded.get() {
            let page = resume_page(&draft.form, &form_context(&mcos), today);
            navigate(
                &page_path(draft.id, page),
                NavigateOptions {
                    replace: true,
                    ..Default::default()
                },
            );
        }
    });
    move || match problem.get() {
        None => view! { <Loading /> }.into_any(),
        Some(message) => view! { <LoadProblem message=message /> }.into_any(),
    }
}
