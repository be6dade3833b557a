//! The lists of tickets: the provider's "My tickets", the MCO's "Presented to us" and HFS's
//! "Tickets" ("To check", "Follow-ups", "All tickets"). Each filters by status, MCO, facility and
//! "overdue only" (kept in the address: `queue`), says how many it shows, and pages; the server
//! filters, sorts (most urgent first) and pages. Lists show the Recipient ID's last four digits
//! only; the full one is on the ticket's page.

use leptos::prelude::*;
use rules::timeline::{ClockKey, Status};
use rules::wire::accounts::Role;
use rules::wire::tickets::TicketSummary;

use drafts::DraftsSection;
use queue::{mco_short, use_queue_query, use_queue_request, QueueFilters, QueueQuery};

mod drafts;
mod queue;

use crate::api::tickets::{list_tickets, TicketFilters, QUEUE_PAGE};
use crate::api::{ApiResult, Page};
use crate::components::clock_state::countdown_kind;
use crate::components::pager::{PageCount, Pages};
use crate::components::ticket_words::{
    clock_sentence, date_words, next_clock, overdue, overdue_words, MaskedRin, Reader,
};
use crate::components::{
    use_search_term, ButtonLink, Countdown, CsvLink, LoadProblem, Loading, RequireRole,
    TicketSearch,
};
use crate::page::{focus_heading_if_lost, use_title};

const MY_PATH: &str = "/tickets";
const MCO_PATH: &str = "/mco/tickets";
const HFS_PATH: &str = "/hfs/tickets";

/// The statuses a queue can filter by, with their words (drafts are listed elsewhere).
const STATUSES: [Status; 7] = [
    Status::Submitted,
    Status::WithMco,
    Status::InfoRequested,
    Status::McoResponded,
    Status::Contested,
    Status::HfsReview,
    Status::Closed,
];

/// The statuses of the tickets an MCO sees (presented ones only).
const MCO_STATUSES: [Status; 6] = [
    Status::WithMco,
    Status::InfoRequested,
    Status::McoResponded,
    Status::Contested,
    Status::HfsReview,
    Status::Closed,
];

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
        <th scope="row" class="py-3 pr-4 font-normal" data-label="Ticket">
            <a href=format!("/tickets/{}", s.id) class="font-bold whitespace-nowrap">{s.number.clone()}</a>
            <span class="block text-secondary text-base">{s.facility_name.clone()}</span>
            {expedited}
            {follow_up}
        </th>
    }
}

/// A cell of a queue's table with its heading (shown above the value when rows stack on a phone).
fn cell(label: &'static str, last: bool, content: impl IntoView) -> impl IntoView {
    let class = if last { "py-3" } else { "py-3 pr-4" };
    view! { <td class=class data-label=label>{content}</td> }
}

/// The MCO's tracking number, which may be long: it wraps anywhere rather than widen the table.
fn tracking(s: &TicketSummary) -> impl IntoView {
    view! { <span class="break-all">{s.tracking_number.clone()}</span> }
}

/// A queue's table: `id`, its caption and column headings; rows stack on a phone (`stack-table`).
#[component]
fn QueueTable(
    id: &'static str,
    #[prop(into)] caption: String,
    headings: &'static [&'static str],
    children: Children,
) -> impl IntoView {
    let last = headings.len().saturating_sub(1);
    view! {
        <table class="w-full text-left border-collapse stack-table" id=id>
            <caption class="text-left text-xl font-bold mb-3">{caption}</caption>
            <thead>
                <tr class="border-b-2 border-ink">
                    {headings
                        .iter()
                        .enumerate()
                        .map(|(i, h)| {
                            let class = if i == last { "py-2" } else { "py-2 pr-4" };
                            view! { <th scope="col" class=class>{*h}</th> }
                        })
                        .collect_view()}
                </tr>
            </thead>
            <tbody>{children()}</tbody>
        </table>
    }
}

/// What a queue shows once its page arrived: nothing found (`empty`), a page past the end, or the
/// count, the table (`table`) and the pages.
#[allow(clippy::too_many_arguments)]
fn queue_body(
    path: &'static str,
    id: &'static str,
    query: QueueQuery,
    search: String,
    page: Page<TicketSummary>,
    empty: AnyView,
    pages_label: &'static str,
    table: impl FnOnce(Vec<TicketSummary>) -> AnyView,
) -> AnyView {
    if page.total == 0 {
        return empty;
    }
    if page.items.is_empty() {
        let first = query.href(path, &search, 1);
        return view! {
            <p class="text-xl mb-4" id=format!("{id}-past-end")>"There are no tickets on this page."</p>
            <p><a href=first>"Go to the first page"</a></p>
        }
        .into_any();
    }
    let offset = query.offset();
    let shown = page.items.len();
    view! {
        <PageCount id=format!("{id}-count") offset=offset shown=shown total=page.total noun="ticket" nouns="tickets" />
        {table(page.items)}
        <Pages
            total=page.total
            per_page=QUEUE_PAGE
            current=query.page
            href=move |n| query.href(path, &search, n)
            label=pages_label
            id="queue-pages"
        />
    }
    .into_any()
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
    let query = use_queue_query(&STATUSES);
    let search = use_search_term();
    let filters = Memo::new(move |_| query.with(|q| q.filters(&search.get())));
    // The page with the filters it was asked for, from one memo (`use_queue_request`).
    let request = use_queue_request(query, search);
    let tickets = LocalResource::new(move || {
        let (filters, asked) = request.get();
        async move {
            let page = list_tickets(&filters, QUEUE_PAGE, asked.offset()).await?;
            ApiResult::Ok((asked, page))
        }
    });
    Effect::new(move |_| {
        if tickets.with(Option::is_some) {
            focus_heading_if_lost();
        }
    });
    let caption = move || {
        let order = if query.with(|q| q.sort == "newest") {
            "newest first"
        } else {
            "overdue first, then by the next deadline"
        };
        format!("Your tickets, {order}")
    };
    view! {
        <h1 class="text-4xl font-bold mb-6">"My tickets"</h1>
        <p class="mb-6">
            "Your disputes with the MCOs, the next deadline on each and whose it is. Select a ticket's number to see everything about it and act on it."
        </p>
        <ButtonLink href="/tickets/new" class="mb-8">"File a dispute"</ButtonLink>
        <DraftsSection />
        <h2 class="text-2xl font-bold mb-4">"Submitted tickets"</h2>
        <TicketSearch path=MY_PATH />
        <QueueFilters
            path=MY_PATH
            query=query
            search=search
            statuses=&STATUSES
            mco_filter=true
            sort=true
            label="Filter and sort your tickets"
        />
        {move || match tickets.get() {
            None => view! { <Loading /> }.into_any(),
            Some(Err(e)) => view! { <LoadProblem message=e.message() /> }.into_any(),
            Some(Ok((asked, page))) => {
                let filtered = asked.is_filtered() || !search.get().is_empty();
                let empty = if filtered {
                    view! {
                        <p class="text-xl mb-4" id="tickets-empty">"No tickets match these filters."</p>
                        <p><a href=MY_PATH>"Show all your tickets"</a></p>
                    }
                    .into_any()
                } else {
                    view! {
                        <p class="text-xl mb-4" id="tickets-empty">"You have no tickets yet."</p>
                        <p>"When you file a dispute, it is listed here with its deadlines."</p>
                    }
                    .into_any()
                };
                let caption = caption();
                let body = queue_body(
                    MY_PATH,
                    "my-tickets",
                    asked,
                    search.get(),
                    page,
                    empty,
                    "Pages of your tickets",
                    move |list| view! {
                        <QueueTable
                            id="my-tickets"
                            caption=caption
                            headings=&["Ticket", "Status", "MCO", "MCO tracking number", "Complaint type", "Recipient ID", "Next deadline"]
                        >
                            {list
                                .into_iter()
                                .map(|s| {
                                    view! {
                                        <tr class="border-b border-border align-top" data-ticket=s.number.clone()>
                                            {ticket_cell(&s)}
                                            {cell("Status", false, s.status.label())}
                                            {cell("MCO", false, mco_short(&s.mco))}
                                            {cell("MCO tracking number", false, tracking(&s))}
                                            {cell("Complaint type", false, s.complaint_type.label())}
                                            {cell("Recipient ID", false, view! { <RinCell summary=s.clone() /> })}
                                            {cell("Next deadline", true, view! { <NextClock summary=s.clone() reader=Reader::Provider only=None /> })}
                                        </tr>
                                    }
                                })
                                .collect_view()}
                        </QueueTable>
                    }
                    .into_any(),
                );
                view! { <CsvLink filters=filters />{body} }.into_any()
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
    let query = use_queue_query(&MCO_STATUSES);
    let search = use_search_term();
    let filters = Memo::new(move |_| query.with(|q| q.filters(&search.get())));
    // The page with the filters it was asked for, from one memo (`use_queue_request`).
    let request = use_queue_request(query, search);
    let tickets = LocalResource::new(move || {
        let (filters, asked) = request.get();
        async move {
            let page = list_tickets(&filters, QUEUE_PAGE, asked.offset()).await?;
            ApiResult::Ok((asked, page))
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
            {rules::rule_table::words("The tickets HFS has presented to your MCO, the most urgent first: expedited ones, then overdue ones, then the soonest deadline. A response after its due date means a {fine} fine.")}
        </p>
        <TicketSearch path=MCO_PATH />
        <QueueFilters
            path=MCO_PATH
            query=query
            search=search
            statuses=&MCO_STATUSES
            label="Filter the tickets presented to your MCO"
        />
        <CsvLink filters=filters />
        {move || match tickets.get() {
            None => view! { <Loading /> }.into_any(),
            Some(Err(e)) => view! { <LoadProblem message=e.message() /> }.into_any(),
            Some(Ok((asked, page))) => {
                let filtered = asked.is_filtered() || !search.get().is_empty();
                let empty = if filtered {
                    view! {
                        <p class="text-xl mb-4" id="tickets-empty">"No tickets match these filters."</p>
                        <p><a href=MCO_PATH>"Show every ticket presented to your MCO"</a></p>
                    }
                    .into_any()
                } else {
                    view! { <p class="text-xl" id="tickets-empty">"No tickets have been presented to your MCO yet."</p> }.into_any()
                };
                queue_body(
                    MCO_PATH,
                    "mco-tickets",
                    asked,
                    search.get(),
                    page,
                    empty,
                    "Pages of the tickets presented to your MCO",
                    |list| view! {
                        <QueueTable
                            id="mco-tickets"
                            caption="Tickets presented to your MCO, most urgent first"
                            headings=&["Ticket", "Status", "MCO tracking number", "Complaint type", "Recipient ID", "Your next deadline"]
                        >
                            {list
                                .into_iter()
                                .map(|s| {
                                    view! {
                                        <tr class="border-b border-border align-top" data-ticket=s.number.clone()>
                                            {ticket_cell(&s)}
                                            {cell("Status", false, s.status.label())}
                                            {cell("MCO tracking number", false, tracking(&s))}
                                            {cell("Complaint type", false, s.complaint_type.label())}
                                            {cell("Recipient ID", false, view! { <RinCell summary=s.clone() /> })}
                                            {cell("Your next deadline", true, view! { <NextClock summary=s.clone() reader=Reader::Mco only=Some(Reader::Mco) /> })}
                                        </tr>
                                    }
                                })
                                .collect_view()}
                        </QueueTable>
                    }
                    .into_any(),
                )
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

/// HFS's queue: the submitted tickets to check and the follow-ups (each its first page, with the
/// MCO, facility and overdue filters), then every ticket (all the filters), paged.
#[component]
fn HfsLists() -> impl IntoView {
    use_title(|| "Tickets".into(), || false);
    let query = use_queue_query(&STATUSES);
    let search = use_search_term();
    let filters = Memo::new(move |_| query.with(|q| q.filters(&search.get())));
    // The sections before "All tickets": the filters but the status (theirs is fixed).
    let section = move |status: Option<&'static str>, follow_up: bool| TicketFilters {
        status: status.map(String::from),
        follow_up,
        ..filters.get()
    };
    let to_check = LocalResource::new(move || {
        let filters = section(Some("submitted"), false);
        async move { list_tickets(&filters, QUEUE_PAGE, 0).await }
    });
    let follow_ups = LocalResource::new(move || {
        let filters = section(None, true);
        async move { list_tickets(&filters, QUEUE_PAGE, 0).await }
    });
    // Every ticket: one memo for the filters and the page (`use_queue_request`).
    let request = use_queue_request(query, search);
    let all = LocalResource::new(move || {
        let (filters, asked) = request.get();
        async move {
            let page = list_tickets(&filters, QUEUE_PAGE, asked.offset()).await?;
            ApiResult::Ok((asked, page))
        }
    });
    Effect::new(move |_| {
        if all.with(Option::is_some) {
            focus_heading_if_lost();
        }
    });
    view! {
        <span class="block text-xl text-secondary mb-1">"HFS review"</span>
        <h1 class="text-4xl font-bold mb-6">"Tickets"</h1>
        <p class="mb-6">
            {rules::rule_table::words("Check each submitted ticket is complete and filed in time, then present it to the MCO or close it. HFS presents a ticket within {present_to_mco} of receiving it.")}
        </p>
        <TicketSearch path=HFS_PATH />
        <QueueFilters
            path=HFS_PATH
            query=query
            search=search
            statuses=&STATUSES
            mco_filter=true
            label="Filter the tickets"
        />
        <CsvLink filters=filters />
        {move || match to_check.get() {
            None => view! { <Loading /> }.into_any(),
            Some(Err(e)) => view! { <LoadProblem message=e.message() /> }.into_any(),
            Some(Ok(page)) => view! { <ToCheck page=page query=query.get() search=search.get() /> }.into_any(),
        }}
        {move || match follow_ups.get() {
            None => ().into_any(),
            Some(Err(e)) => view! { <LoadProblem message=e.message() /> }.into_any(),
            Some(Ok(page)) => view! { <FollowUps page=page /> }.into_any(),
        }}
        {move || match all.get() {
            None => ().into_any(),
            Some(Err(e)) => view! { <LoadProblem message=e.message() /> }.into_any(),
            Some(Ok((asked, page))) => view! { <AllTickets page=page query=asked search=search.get() /> }.into_any(),
        }}
    }
}

#[component]
fn ToCheck(page: Page<TicketSummary>, query: QueueQuery, search: String) -> impl IntoView {
    let body = if page.items.is_empty() {
        view! { <p class="text-xl" id="to-check-empty">"There are no submitted tickets to check."</p> }
            .into_any()
    } else {
        let total = page.total;
        let shown = page.items.len();
        let more = (total > shown).then(|| {
            let every = QueueQuery {
                status: "submitted".into(),
                page: 1,
                ..query
            }
            .href(HFS_PATH, &search, 1);
            view! { <p class="mb-4"><a href=format!("{every}#all-heading")>{format!("See all {total} submitted tickets, page by page")}</a></p> }
        });
        view! {
            <PageCount id="to-check-count" offset=0 shown=shown total=total noun="ticket" nouns="tickets" />
            <QueueTable
                id="to-check"
                caption="Submitted tickets to check, expedited first, then oldest first"
                headings=&["Ticket", "MCO", "MCO tracking number", "Complaint type", "Submitted", "Present to the MCO"]
            >
                {page
                    .items
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
                                {cell("MCO", false, mco_short(&s.mco))}
                                {cell("MCO tracking number", false, tracking(&s))}
                                {cell("Complaint type", false, s.complaint_type.label())}
                                {cell("Submitted", false, s.submitted_on.as_deref().map(date_words).unwrap_or_default())}
                                {cell("Present to the MCO", true, present)}
                            </tr>
                        }
                    })
                    .collect_view()}
            </QueueTable>
            {more}
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
            <h2 id=heading_id class="text-2xl font-bold mb-4" tabindex="-1">{heading}</h2>
            {children()}
        </section>
    }
}

/// Closed tickets whose provider reported the MCO's resolution was not carried out: HFS works
/// each and closes it with a note on the ticket's page.
#[component]
fn FollowUps(page: Page<TicketSummary>) -> impl IntoView {
    if page.items.is_empty() {
        return view! {
            <QueueSection id="follow-ups" heading="Follow-ups">
                <p id="follow-ups-empty">"No provider has reported a resolution not carried out."</p>
            </QueueSection>
        }
        .into_any();
    }
    let total = page.total;
    let shown = page.items.len();
    view! {
        <QueueSection id="follow-ups" heading="Follow-ups">
            <PageCount id="follow-ups-count" offset=0 shown=shown total=total noun="ticket" nouns="tickets" />
            <QueueTable
                id="follow-ups"
                caption="Closed tickets whose provider reported the MCO's resolution was not carried out"
                headings=&["Ticket", "MCO", "MCO tracking number", "Complaint type"]
            >
                {page
                    .items
                    .into_iter()
                    .map(|s| view! {
                        <tr class="border-b border-border align-top" data-ticket=s.number.clone()>
                            {ticket_cell(&s)}
                            {cell("MCO", false, mco_short(&s.mco))}
                            {cell("MCO tracking number", false, tracking(&s))}
                            {cell("Complaint type", true, s.complaint_type.label())}
                        </tr>
                    })
                    .collect_view()}
            </QueueTable>
        </QueueSection>
    }
    .into_any()
}

#[component]
fn AllTickets(page: Page<TicketSummary>, query: QueueQuery, search: String) -> impl IntoView {
    let filtered = query.is_filtered() || !search.is_empty();
    let empty = if filtered {
        view! {
            <p class="text-xl mb-4" id="all-empty">"No tickets match these filters."</p>
            <p><a href=HFS_PATH>"Show every ticket"</a></p>
        }
        .into_any()
    } else {
        view! { <p class="text-xl" id="all-empty">"No tickets have been submitted yet."</p> }
            .into_any()
    };
    let body = queue_body(
        HFS_PATH,
        "all-tickets",
        query,
        search,
        page,
        empty,
        "Pages of every ticket",
        |list| {
            view! {
            <QueueTable
                id="all-tickets"
                caption="Every ticket, expedited first, then overdue, then by the next deadline"
                headings=&["Ticket", "Status", "MCO", "MCO tracking number", "Recipient ID", "Next deadline"]
            >
                {list
                    .into_iter()
                    .map(|s| {
                        view! {
                            <tr class="border-b border-border align-top" data-ticket=s.number.clone()>
                                {ticket_cell(&s)}
                                {cell("Status", false, s.status.label())}
                                {cell("MCO", false, mco_short(&s.mco))}
                                {cell("MCO tracking number", false, tracking(&s))}
                                {cell("Recipient ID", false, view! { <RinCell summary=s.clone() /> })}
                                {cell("Next deadline", true, view! { <NextClock summary=s.clone() reader=Reader::Hfs only=None /> })}
                            </tr>
                        }
                    })
                    .collect_view()}
            </QueueTable>
        }
        .into_any()
        },
    );
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
