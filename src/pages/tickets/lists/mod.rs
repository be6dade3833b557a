//! The lists of tickets: the provider's "My tickets" (filter by status and MCO, sort), the MCO's
//! "Presented to us" (most urgent first) and HFS's "To check" and "All tickets" (overdue first).
//! Lists show the Recipient ID's last four digits only; the full one is on the ticket's page.

use chrono::NaiveDate;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use rules::timeline::{ClockKey, Status};
use rules::wire::accounts::{Mco, Role};
use rules::wire::tickets::TicketSummary;

use drafts::DraftsSection;

mod drafts;

use crate::api::tickets::{list_tickets, TicketFilters};
use crate::api::ApiResult;
use crate::components::clock_state::countdown_kind;
use crate::components::ticket_words::{
    clock_sentence, date_words, next_clock, overdue, overdue_words, MaskedRin, Reader,
};
use crate::components::{
    use_search_term, ButtonLink, Countdown, CsvLink, LoadProblem, Loading, RequireRole,
    TicketSearch,
};
use crate::page::{focus_heading_if_lost, use_title};

const MY_PATH: &str = "/tickets";

/// The statuses a provider can filter by, with their words (drafts are listed elsewhere).
const STATUSES: [Status; 7] = [
    Status::Submitted,
    Status::WithMco,
    Status::InfoRequested,
    Status::McoResponded,
    Status::Contested,
    Status::HfsReview,
    Status::Closed,
];

/// How urgent a ticket is for `only` (or anyone): overdue first (oldest first), then the soonest
/// running clock, then tickets with nothing running.
fn urgency(s: &TicketSummary, only: Option<Reader>) -> (u8, NaiveDate, i64) {
    if let Some(o) = overdue(s, only) {
        return (0, o.due_on.unwrap_or(NaiveDate::MIN), s.id);
    }
    match next_clock(&s.deadlines, only) {
        Some(d) => (1, d.due_on, s.id),
        None => (2, NaiveDate::MAX, s.id),
    }
}

/// Where a ticket's next clock stands, for a list: the sentence ("The MCO must respond by ..."),
/// then the live countdown; an overdue clock first.
#[component]
fn NextClock(summary: TicketSummary, reader: Reader, only: Option<Reader>) -> impl IntoView {
    if summary.status == Status::Closed {
        return view! { <span>"None: the ticket is closed"</span> }.into_any();
    }
    if let Some(o) = overdue(&summary, only) {
        let words = overdue_words(&o, reader);
        let countdown = o.due_on.map(|due| {
            view! { <span class="block mt-1"><Countdown kind=countdown_kind(o.key) date=due /></span> }
        });
        return view! {
            <strong class="block text-error" data-overdue="">{words}</strong>
            {countdown}
        }
        .into_any();
    }
    match next_clock(&summary.deadlines, only).cloned() {
        Some(d) => {
            let sentence = clock_sentence(&d, reader);
            view! {
                <span class="block">{sentence}</span>
                <span class="block mt-1"><Countdown kind=countdown_kind(d.key) date=d.due_on /></span>
            }
            .into_any()
        }
        None if only.is_some() => view! { <span>"Nothing for you to do now"</span> }.into_any(),
        None => view! { <span>"No deadline running"</span> }.into_any(),
    }
}

/// A list row's header cell: the ticket's number as a link to its page, its facility, and, in
/// words, whether it is expedited or has a follow-up waiting for HFS.
fn ticket_cell(s: &TicketSummary) -> impl IntoView {
    let expedited = s.expedited.then(|| {
        view! { <strong class="block text-error" data-expedited="">"Expedited: access to care"</strong> }
    });
    let follow_up = s.follow_up_open.then(|| {
        view! { <strong class="block" data-follow-up="">"Follow-up waiting for HFS"</strong> }
    });
    view! {
        <th scope="row" class="py-3 pr-4 font-normal">
            <a href=format!("/tickets/{}", s.id) class="font-bold whitespace-nowrap">{s.number.clone()}</a>
            <span class="block text-secondary text-base">{s.facility_name.clone()}</span>
            {expedited}
            {follow_up}
        </th>
    }
}

/// Expedited tickets still open come first in the MCO's and HFS's queues (the launch notice:
/// "issues impacting immediate access to care will be expedited").
fn expedited_first(s: &TicketSummary) -> bool {
    !(s.expedited && s.status != Status::Closed)
}

/// A select box of a filter form, GOV.UK style: label above, the current choice kept.
#[component]
fn Select(
    id: &'static str,
    label: &'static str,
    value: RwSignal<String>,
    #[prop(into)] options: Signal<Vec<(String, String)>>,
) -> impl IntoView {
    view! {
        <div class="mb-4 md:mb-0">
            <label for=id class="block font-bold mb-1">{label}</label>
            <select
                id=id
                name=id
                class="input"
                on:change=move |ev| value.set(event_target_value(&ev))
            >
                {move || {
                    options
                        .get()
                        .into_iter()
                        .map(|(v, words)| {
                            let selected = value.get_untracked() == v;
                            view! { <option value=v selected=selected>{words}</option> }
                        })
                        .collect_view()
                }}
            </select>
        </div>
    }
}

#[component]
pub fn MyTickets() -> impl IntoView {
    view! {
        <RequireRole roles=&[Role::Provider] approved=true>
            <ProviderTickets />
        </RequireRole>
    }
}

#[component]
fn ProviderTickets() -> impl IntoView {
    use_title(|| "My tickets".into(), || false);
    let query = use_query_map();
    let navigate = use_navigate();
    // The filters as the address has them (no protected health information: statuses and ids).
    let applied = Memo::new(move |_| {
        let q = query.read();
        let status = q
            .get("status")
            .filter(|s| STATUSES.iter().any(|st| st.key() == s))
            .unwrap_or_default();
        let mco = q
            .get("mco_id")
            .filter(|m| m.parse::<i64>().is_ok())
            .unwrap_or_default();
        let sort = match q.get("sort").as_deref() {
            Some("newest") => "newest".to_string(),
            _ => "deadline".to_string(),
        };
        (status, mco, sort)
    });
    let (status0, mco0, sort0) = applied.get_untracked();
    let status = RwSignal::new(status0);
    let mco = RwSignal::new(mco0);
    let sort = RwSignal::new(sort0);
    let mcos = LocalResource::new(crate::api::admin::mcos);
    let search = use_search_term();
    let filters = Memo::new(move |_| {
        let (status, mco, sort) = applied.get();
        TicketFilters {
            status: (!status.is_empty()).then_some(status),
            mco_id: mco.parse().ok(),
            facility_id: None,
            sort: Some(
                if sort == "newest" {
                    "submitted"
                } else {
                    "deadline"
                }
                .to_string(),
            ),
            q: Some(search.get()).filter(|q| !q.is_empty()),
        }
    });
    let tickets = LocalResource::new(move || {
        let sort = applied.with(|(_, _, sort)| sort.clone());
        let filters = filters.get();
        async move {
            let mut list = list_tickets(&filters).await?;
            if sort == "newest" {
                list.sort_by(|a, b| {
                    (b.submitted_on.clone(), b.id).cmp(&(a.submitted_on.clone(), a.id))
                });
            } else {
                list.sort_by_key(|s| urgency(s, None));
            }
            ApiResult::Ok(list)
        }
    });
    Effect::new(move |_| {
        if tickets.with(Option::is_some) {
            focus_heading_if_lost();
        }
    });
    let status_options = Signal::derive(|| {
        let mut options = vec![(String::new(), "All statuses".to_string())];
        options.extend(
            STATUSES
                .iter()
                .map(|s| (s.key().to_string(), s.label().to_string())),
        );
        options
    });
    let mco_options = Signal::derive(move || {
        let mut options = vec![(String::new(), "All MCOs".to_string())];
        if let Some(Ok(list)) = mcos.get() {
            options.extend(list.into_iter().map(|m: Mco| (m.id.to_string(), m.name)));
        }
        options
    });
    let sort_options = Signal::derive(|| {
        vec![
            ("deadline".to_string(), "Next deadline first".to_string()),
            ("newest".to_string(), "Newest first".to_string()),
        ]
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut parts = Vec::new();
        let status = status.get_untracked();
        if !status.is_empty() {
            parts.push(format!("status={status}"));
        }
        let mco = mco.get_untracked();
        if !mco.is_empty() {
            parts.push(format!("mco_id={mco}"));
        }
        if sort.get_untracked() == "newest" {
            parts.push("sort=newest".to_string());
        }
        let q = search.get_untracked();
        if !q.is_empty() {
            let q: String = js_sys::encode_uri_component(&q).into();
            parts.push(format!("q={q}"));
        }
        let href = if parts.is_empty() {
            MY_PATH.to_string()
        } else {
            format!("{MY_PATH}?{}", parts.join("&"))
        };
        navigate(&href, Default::default());
    };
    let filtered = move || {
        applied.with(|(s, m, _)| !s.is_empty() || !m.is_empty()) || !search.get().is_empty()
    };
    let caption = move || {
        let order = if applied.with(|(_, _, s)| s == "newest") {
            "newest first"
        } else {
            "next deadline first"
        };
        format!("Your tickets, {order}")
    };
    view! {
        <h1 class="text-4xl font-bold mb-6">"My tickets"</h1>
        <p class="mb-6">
            "Your disputes with the MCOs, the next deadline on each and whose it is. Select a ticket's number to see everything about it and act on it."
        </p>
        <ButtonLink href="/tickets/new">"File a dispute"</ButtonLink>
        <DraftsSection />
        <h2 class="text-2xl font-bold mb-4">"Submitted tickets"</h2>
        <TicketSearch path=MY_PATH />
        <form method="get" action=MY_PATH novalidate on:submit=on_submit class="bg-panel p-4 mb-8 mt-2" aria-label="Filter and sort your tickets">
            <div class="md:flex md:flex-wrap md:items-end md:gap-x-6 md:gap-y-4">
                <Select id="status" label="Status" value=status options=status_options />
                <Select id="mco_id" label="MCO" value=mco options=mco_options />
                <Select id="sort" label="Sort by" value=sort options=sort_options />
                <button type="submit" class="btn btn-secondary mb-0">"Apply"</button>
            </div>
        </form>
        {move || match tickets.get() {
            None => view! { <Loading /> }.into_any(),
            Some(Err(e)) => view! { <LoadProblem message=e.message() /> }.into_any(),
            Some(Ok(list)) if list.is_empty() && filtered() => {
                view! {
                    <p class="text-xl mb-4" id="tickets-empty">"No tickets match these filters."</p>
                    <p><a href=MY_PATH>"Show all your tickets"</a></p>
                }
                    .into_any()
            }
            Some(Ok(list)) if list.is_empty() => {
                view! {
                    <p class="text-xl mb-4" id="tickets-empty">"You have no tickets yet."</p>
                    <p>"When you file a dispute, it is listed here with its deadlines."</p>
                }
                    .into_any()
            }
            Some(Ok(list)) => {
                let count = list.len();
                view! {
                    <CsvLink filters=filters />
                    <div class="overflow-x-auto">
                        <table class="w-full text-left border-collapse" id="my-tickets">
                            <caption class="text-left text-xl font-bold mb-3">{caption()} " (" {count} ")"</caption>
                            <thead>
                                <tr class="border-b-2 border-ink">
                                    <th scope="col" class="py-2 pr-4">"Ticket"</th>
                                    <th scope="col" class="py-2 pr-4">"Status"</th>
                                    <th scope="col" class="py-2 pr-4">"MCO"</th>
                                    <th scope="col" class="py-2 pr-4">"Complaint type"</th>
                                    <th scope="col" class="py-2 pr-4">"Recipient ID"</th>
                                    <th scope="col" class="py-2">"Next deadline"</th>
                                </tr>
                            </thead>
                            <tbody>
                                {list
                                    .into_iter()
                                    .map(|s| {
                                        view! {
                                            <tr class="border-b border-border align-top" data-ticket=s.number.clone()>
                                                {ticket_cell(&s)}
                                                <td class="py-3 pr-4">{s.status.label()}</td>
                                                <td class="py-3 pr-4">{s.mco.name.clone()}</td>
                                                <td class="py-3 pr-4">{s.complaint_type.label()}</td>
                                                <td class="py-3 pr-4"><RinCell summary=s.clone() /></td>
                                                <td class="py-3"><NextClock summary=s.clone() reader=Reader::Provider only=None /></td>
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
        }}
    }
}

#[component]
pub fn McoTickets() -> impl IntoView {
    view! {
        <RequireRole roles=&[Role::Mco]>
            <McoList />
        </RequireRole>
    }
}

#[component]
fn McoList() -> impl IntoView {
    use_title(|| "Presented to us".into(), || false);
    let search = use_search_term();
    let filters = Memo::new(move |_| TicketFilters {
        q: Some(search.get()).filter(|q| !q.is_empty()),
        ..TicketFilters::default()
    });
    let tickets = LocalResource::new(move || {
        let filters = filters.get();
        async move {
            let mut list = list_tickets(&filters).await?;
            list.sort_by_key(|s| (expedited_first(s), urgency(s, Some(Reader::Mco))));
            ApiResult::Ok(list)
        }
    });
    Effect::new(move |_| {
        if tickets.with(Option::is_some) {
            focus_heading_if_lost();
        }
    });
    view! {
        <span class="block text-xl text-secondary mb-1">"Your MCO's tickets"</span>
        <h1 class="text-4xl font-bold mb-6">"Presented to us"</h1>
        <p class="mb-6">
            {rules::rule_table::words("The tickets HFS has presented to your MCO, the most urgent first: overdue ones, then the soonest of your deadlines. A response after its due date means a {fine} fine.")}
        </p>
        <TicketSearch path="/mco/tickets" />
        <CsvLink filters=filters />
        {move || match tickets.get() {
            None => view! { <Loading /> }.into_any(),
            Some(Err(e)) => view! { <LoadProblem message=e.message() /> }.into_any(),
            Some(Ok(list)) if list.is_empty() && !search.get().is_empty() => {
                view! { <p class="text-xl" id="tickets-empty">"No tickets match this search."</p> }.into_any()
            }
            Some(Ok(list)) if list.is_empty() => {
                view! { <p class="text-xl" id="tickets-empty">"No tickets have been presented to your MCO yet."</p> }.into_any()
            }
            Some(Ok(list)) => {
                let count = list.len();
                view! {
                    <div class="overflow-x-auto">
                        <table class="w-full text-left border-collapse" id="mco-tickets">
                            <caption class="text-left text-xl font-bold mb-3">"Tickets presented to your MCO, most urgent first (" {count} ")"</caption>
                            <thead>
                                <tr class="border-b-2 border-ink">
                                    <th scope="col" class="py-2 pr-4">"Ticket"</th>
                                    <th scope="col" class="py-2 pr-4">"Status"</th>
                                    <th scope="col" class="py-2 pr-4">"Complaint type"</th>
                                    <th scope="col" class="py-2 pr-4">"Recipient ID"</th>
                                    <th scope="col" class="py-2">"Your next deadline"</th>
                                </tr>
                            </thead>
                            <tbody>
                                {list
                                    .into_iter()
                                    .map(|s| {
                                        view! {
                                            <tr class="border-b border-border align-top" data-ticket=s.number.clone()>
                                                {ticket_cell(&s)}
                                                <td class="py-3 pr-4">{s.status.label()}</td>
                                                <td class="py-3 pr-4">{s.complaint_type.label()}</td>
                                                <td class="py-3 pr-4"><RinCell summary=s.clone() /></td>
                                                <td class="py-3"><NextClock summary=s.clone() reader=Reader::Mco only=Some(Reader::Mco) /></td>
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
        }}
    }
}

const HFS: &[Role] = &[Role::HfsStaff, Role::HfsAdmin];

#[component]
pub fn HfsTickets() -> impl IntoView {
    view! {
        <RequireRole roles=HFS>
            <HfsLists />
        </RequireRole>
    }
}

#[component]
fn HfsLists() -> impl IntoView {
    use_title(|| "Tickets".into(), || false);
    let search = use_search_term();
    let filters = Memo::new(move |_| TicketFilters {
        q: Some(search.get()).filter(|q| !q.is_empty()),
        ..TicketFilters::default()
    });
    let tickets = LocalResource::new(move || {
        let filters = filters.get();
        async move {
            let list = list_tickets(&filters).await?;
            let mut to_check: Vec<TicketSummary> = list
                .iter()
                .filter(|s| s.status == Status::Submitted)
                .cloned()
                .collect();
            to_check.sort_by(|a, b| {
                (expedited_first(a), &a.submitted_on, a.id).cmp(&(
                    expedited_first(b),
                    &b.submitted_on,
                    b.id,
                ))
            });
            let follow_ups: Vec<TicketSummary> =
                list.iter().filter(|s| s.follow_up_open).cloned().collect();
            let mut all = list;
            all.sort_by_key(|s| (expedited_first(s), urgency(s, None)));
            ApiResult::Ok((to_check, follow_ups, all))
        }
    });
    Effect::new(move |_| {
        if tickets.with(Option::is_some) {
            focus_heading_if_lost();
        }
    });
    view! {
        <span class="block text-xl text-secondary mb-1">"HFS review"</span>
        <h1 class="text-4xl font-bold mb-6">"Tickets"</h1>
        <p class="mb-6">
            {rules::rule_table::words("Check each submitted ticket is complete and filed in time, then present it to the MCO or close it. HFS presents a ticket within {present_to_mco} of receiving it.")}
        </p>
        <TicketSearch path="/hfs/tickets" />
        <CsvLink filters=filters />
        {move || match tickets.get() {
            None => view! { <Loading /> }.into_any(),
            Some(Err(e)) => view! { <LoadProblem message=e.message() /> }.into_any(),
            Some(Ok((to_check, follow_ups, all))) => view! {
                <ToCheck list=to_check />
                <FollowUps list=follow_ups />
                <AllTickets list=all />
            }
                .into_any(),
        }}
    }
}

#[component]
fn ToCheck(list: Vec<TicketSummary>) -> impl IntoView {
    let body = if list.is_empty() {
        view! { <p class="text-xl" id="to-check-empty">"There are no submitted tickets to check."</p> }
            .into_any()
    } else {
        let count = list.len();
        view! {
            <div class="overflow-x-auto">
                <table class="w-full text-left border-collapse" id="to-check">
                    <caption class="text-left text-xl font-bold mb-3">"Submitted tickets to check, expedited first, then oldest first (" {count} ")"</caption>
                    <thead>
                        <tr class="border-b-2 border-ink">
                            <th scope="col" class="py-2 pr-4">"Ticket"</th>
                            <th scope="col" class="py-2 pr-4">"MCO"</th>
                            <th scope="col" class="py-2 pr-4">"Complaint type"</th>
                            <th scope="col" class="py-2 pr-4">"Submitted"</th>
                            <th scope="col" class="py-2">"Present to the MCO"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {list
                            .into_iter()
                            .map(|s| {
                                let present = s
                                    .deadlines
                                    .iter()
                                    .find(|d| d.key == ClockKey::PresentToMco)
                                    .cloned();
                                let present = match present {
                                    Some(d) => view! {
                                        <span class="block">{clock_sentence(&d, Reader::Hfs)}</span>
                                        <span class="block mt-1"><Countdown kind=countdown_kind(d.key) date=d.due_on /></span>
                                    }
                                        .into_any(),
                                    None => view! { <span>"No deadline running"</span> }.into_any(),
                                };
                                view! {
                                    <tr class="border-b border-border align-top" data-ticket=s.number.clone()>
                                        {ticket_cell(&s)}
                                        <td class="py-3 pr-4">{s.mco.name.clone()}</td>
                                        <td class="py-3 pr-4">{s.complaint_type.label()}</td>
                                        <td class="py-3 pr-4">{s.submitted_on.as_deref().map(date_words).unwrap_or_default()}</td>
                                        <td class="py-3">{present}</td>
                                    </tr>
                                }
                            })
                            .collect_view()}
                    </tbody>
                </table>
            </div>
        }
        .into_any()
    };
    view! { <QueueSection id="to-check" heading="To check">{body}</QueueSection> }
}

/// One section of the HFS queue page: its heading (`{id}-heading`), then what it lists.
#[component]
fn QueueSection(id: &'static str, heading: &'static str, children: Children) -> impl IntoView {
    let heading_id = format!("{id}-heading");
    let labelled_by = heading_id.clone();
    view! {
        <section aria-labelledby=labelled_by class="mb-12">
            <h2 id=heading_id class="text-2xl font-bold mb-4">{heading}</h2>
            {children()}
        </section>
    }
}

/// Closed tickets whose provider reported the MCO's resolution was not carried out: HFS works
/// each and closes it with a note on the ticket's page.
#[component]
fn FollowUps(list: Vec<TicketSummary>) -> impl IntoView {
    if list.is_empty() {
        return view! {
            <QueueSection id="follow-ups" heading="Follow-ups">
                <p id="follow-ups-empty">"No provider has reported a resolution not carried out."</p>
            </QueueSection>
        }
        .into_any();
    }
    let count = list.len();
    view! {
        <QueueSection id="follow-ups" heading="Follow-ups">
            <div class="overflow-x-auto">
                <table class="w-full text-left border-collapse" id="follow-ups">
                    <caption class="text-left text-xl font-bold mb-3">"Closed tickets whose provider reported the MCO's resolution was not carried out (" {count} ")"</caption>
                    <thead>
                        <tr class="border-b-2 border-ink">
                            <th scope="col" class="py-2 pr-4">"Ticket"</th>
                            <th scope="col" class="py-2 pr-4">"MCO"</th>
                            <th scope="col" class="py-2">"Complaint type"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {list
                            .into_iter()
                            .map(|s| view! {
                                <tr class="border-b border-border align-top" data-ticket=s.number.clone()>
                                    {ticket_cell(&s)}
                                    <td class="py-3 pr-4">{s.mco.name.clone()}</td>
                                    <td class="py-3">{s.complaint_type.label()}</td>
                                </tr>
                            })
                            .collect_view()}
                    </tbody>
                </table>
            </div>
        </QueueSection>
    }
    .into_any()
}

#[component]
fn AllTickets(list: Vec<TicketSummary>) -> impl IntoView {
    let body = if list.is_empty() {
        view! { <p class="text-xl" id="all-empty">"No tickets have been submitted yet."</p> }
            .into_any()
    } else {
        let count = list.len();
        view! {
            <div class="overflow-x-auto">
                <table class="w-full text-left border-collapse" id="all-tickets">
                    <caption class="text-left text-xl font-bold mb-3">"Every ticket, expedited first, then overdue, then by the next deadline (" {count} ")"</caption>
                    <thead>
                        <tr class="border-b-2 border-ink">
                            <th scope="col" class="py-2 pr-4">"Ticket"</th>
                            <th scope="col" class="py-2 pr-4">"Status"</th>
                            <th scope="col" class="py-2 pr-4">"MCO"</th>
                            <th scope="col" class="py-2 pr-4">"Recipient ID"</th>
                            <th scope="col" class="py-2">"Next deadline"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {list
                            .into_iter()
                            .map(|s| {
                                view! {
                                    <tr class="border-b border-border align-top" data-ticket=s.number.clone()>
                                        {ticket_cell(&s)}
                                        <td class="py-3 pr-4">{s.status.label()}</td>
                                        <td class="py-3 pr-4">{s.mco.name.clone()}</td>
                                        <td class="py-3 pr-4"><RinCell summary=s.clone() /></td>
                                        <td class="py-3"><NextClock summary=s.clone() reader=Reader::Hfs only=None /></td>
                                    </tr>
                                }
                            })
                            .collect_view()}
                    </tbody>
                </table>
            </div>
        }
        .into_any()
    };
    view! { <QueueSection id="all" heading="All tickets">{body}</QueueSection> }
}

/// The Recipient ID column: the last four digits, or "12 claims" for a ticket filed on the claims
/// template (its members are listed on the ticket's page).
#[component]
fn RinCell(summary: TicketSummary) -> impl IntoView {
    match summary.claims_count {
        Some(n) => {
            view! { <span class="whitespace-nowrap">{format!("{n} claims")}</span> }.into_any()
        }
        None => view! { <MaskedRin last4=summary.rin_last4 /> }.into_any(),
    }
}
