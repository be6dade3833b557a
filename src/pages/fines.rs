//! Fines: an MCO's own, or every MCO's for HFS, with the totals per MCO.

use std::collections::BTreeMap;

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use rules::dates::iso_in_words as date_words;
use rules::money::dollars;
use rules::wire::accounts::Role;
use rules::wire::tickets::{FineEntry, FineTotal};

use crate::api::statistics::notices;
use crate::api::tickets::{fine_totals, get_fines};
use crate::api::ApiError;
use crate::components::pager::{
    offset_of, page_href, use_page_request, PageCount, Pages, PastTheEnd, LIST_PAGE,
};
use crate::components::{LoadProblem, Loading, RequireRole};
use crate::page::{focus_heading_if_lost, use_title};
use crate::session::use_session;

const FINES_PATH: &str = "/fines";

/// "1 fine", "3 fines".
fn count_words(count: usize) -> String {
    if count == 1 {
        "1 fine".into()
    } else {
        format!("{count} fines")
    }
}

#[component]
pub fn Fines() -> impl IntoView {
    view! {
        <RequireRole roles=&[Role::Mco, Role::HfsStaff, Role::HfsAdmin]>
            <FinesPage />
        </RequireRole>
    }
}

#[component]
fn FinesPage() -> impl IntoView {
    use_title(|| "Fines".into(), || false);
    let state = use_session();
    let is_hfs = Memo::new(move |_| {
        state
            .session
            .with(|s| s.as_ref().is_some_and(|s| s.role.is_hfs()))
    });
    // The page of fines the address asks for, from one memo (`components::pager`); the totals
    // are the server's, over every fine.
    let query = use_query_map();
    let asked = use_page_request(|| ());
    let fines = LocalResource::new(move || {
        let ((), page) = asked.get();
        async move {
            let list = get_fines(LIST_PAGE, offset_of(page, LIST_PAGE)).await?;
            Ok::<_, ApiError>((page, list))
        }
    });
    let totals = LocalResource::new(fine_totals);
    Effect::new(move |_| {
        if fines.with(Option::is_some) {
            focus_heading_if_lost();
        }
    });

    let intro = move || {
        if is_hfs.get() {
            "The fines the portal has issued to the MCOs, newest first."
        } else {
            "The fines the portal has issued to your MCO, newest first."
        }
    };

    let mco = Memo::new(move |_| {
        state
            .session
            .with(|s| s.as_ref().and_then(|s| s.mco.clone()))
    });

    view! {
        <h1 class="text-4xl font-bold mb-6">"Fines"</h1>
        <p class="mb-4">{intro}</p>
        {move || mco.get().map(|m| view! { <YourNotices mco_id=m.id mco_name=m.name /> })}
        <div class="border-l-8 border-link bg-panel p-4 mb-8">
            <p class="mb-2">
                {rules::rule_table::words("An MCO is fined {fine} for each ticket it did not answer with a written response by the response due date. HFS sends each MCO fined in a quarter a Portal Sanction Payment Notice no later than the last day of the month after the quarter ends.")}
            </p>
            <p class="text-secondary">"Source: HFS MCO policy \"HFS Provider Resolution Portal Requirements\" (Fines and sanctions)."</p>
        </div>
        {move || match fines.get() {
            None => view! { <Loading /> }.into_any(),
            Some(Err(e)) => view! { <LoadProblem message=e.message() /> }.into_any(),
            Some(Ok((_, list))) if list.total == 0 => {
                let words = if is_hfs.get_untracked() {
                    "No MCO has been fined."
                } else {
                    "Your MCO has not been fined."
                };
                view! { <p class="text-xl" id="fines-empty">{words}</p> }.into_any()
            }
            Some(Ok((_, list))) if list.items.is_empty() => view! {
                <PastTheEnd id="fines-past-end" first=FINES_PATH />
            }
            .into_any(),
            Some(Ok((page, list))) => {
                let hfs = is_hfs.get_untracked();
                let all: Vec<FineTotal> = match totals.get() {
                    Some(Ok(all)) => all,
                    _ => Vec::new(),
                };
                let total = list.total;
                view! {
                    {hfs.then(|| view! { <Totals list=all.clone() /> })}
                    <PageCount id="fines-count" offset=offset_of(page, LIST_PAGE) shown=list.items.len() total=total noun="fine" nouns="fines" />
                    <FineTable list=list.items totals=all show_mco=hfs />
                    <Pages
                        total=total
                        per_page=LIST_PAGE
                        current=page
                        href=move |n| query.with_untracked(|q| page_href(FINES_PATH, q, n))
                        label="Pages of fines"
                    />
                }
                .into_any()
            }
        }}
    }
}

/// The fines of one page: ticket, MCO (for HFS), amount, dates; the foot adds up every fine
/// (`totals`, from the server), not only this page's.
#[component]
fn FineTable(list: Vec<FineEntry>, totals: Vec<FineTotal>, show_mco: bool) -> impl IntoView {
    let count = usize::try_from(totals.iter().map(|t| t.count).sum::<i64>()).unwrap_or(0);
    let total: i64 = totals.iter().map(|t| t.amount_cents).sum();
    view! {
        <div class="overflow-x-auto mb-8" tabindex="0" role="region" aria-label="Fines (scrolls sideways in a narrow window)">
            <table class="w-full text-left border-collapse text-base" id="fines">
                <caption class="text-left text-xl font-bold mb-3">
                    {format!("Fines, newest first ({})", count_words(count))}
                </caption>
                <thead>
                    <tr class="border-b-2 border-ink">
                        <th scope="col" class="py-2 pr-3">"Ticket"</th>
                        {show_mco.then(|| view! { <th scope="col" class="py-2 pr-3">"MCO"</th> })}
                        <th scope="col" class="py-2 pr-3 text-right">"Amount"</th>
                        <th scope="col" class="py-2 pr-3">"Fined on"</th>
                        <th scope="col" class="py-2">"Sanction payment notice due by"</th>
                    </tr>
                </thead>
                <tbody>
                    {list
                        .into_iter()
                        .map(|fine| {
                            view! {
                                <tr class="border-b border-border align-top">
                                    <th scope="row" class="py-3 pr-3 font-normal whitespace-nowrap">
                                        <a href=format!("/tickets/{}", fine.ticket_id) class="whitespace-nowrap">{fine.number.clone()}</a>
                                    </th>
                                    {show_mco.then(|| view! { <td class="py-3 pr-3">{fine.mco_name.clone()}</td> })}
                                    <td class="py-3 pr-3 text-right whitespace-nowrap">{dollars(fine.amount_cents)}</td>
                                    <td class="py-3 pr-3">{date_words(&fine.fined_on)}</td>
                                    <td class="py-3">{date_words(&fine.sanction_notice_due_on)}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
                <tfoot>
                    <tr class="border-t-2 border-ink">
                        <th scope="row" class="py-3 pr-3">"Total"</th>
                        {show_mco.then(|| view! { <td class="py-3 pr-3"></td> })}
                        <td class="py-3 pr-3 text-right font-bold whitespace-nowrap">{dollars(total)}</td>
                        <td class="py-3 pr-3"></td>
                        <td class="py-3"></td>
                    </tr>
                </tfoot>
            </table>
        </div>
    }
}

/// HFS: the number of fines and their total for each MCO, by MCO name (the server's totals).
#[component]
fn Totals(list: Vec<FineTotal>) -> impl IntoView {
    let mut by_mco: BTreeMap<String, (usize, i64)> = BTreeMap::new();
    for t in &list {
        let entry = by_mco.entry(t.mco_name.clone()).or_default();
        entry.0 += usize::try_from(t.count).unwrap_or(0);
        entry.1 += t.amount_cents;
    }
    view! {
        <div class="overflow-x-auto mb-10" tabindex="0" role="region" aria-label="Fines by MCO (scrolls sideways in a narrow window)">
            <table class="w-full text-left border-collapse text-base" id="fine-totals">
                <caption class="text-left text-xl font-bold mb-3">"Totals by MCO"</caption>
                <thead>
                    <tr class="border-b-2 border-ink">
                        <th scope="col" class="py-2 pr-3">"MCO"</th>
                        <th scope="col" class="py-2 pr-3">"Fines"</th>
                        <th scope="col" class="py-2 text-right">"Total"</th>
                    </tr>
                </thead>
                <tbody>
                    {by_mco
                        .into_iter()
                        .map(|(mco, (count, cents))| {
                            view! {
                                <tr class="border-b border-border">
                                    <th scope="row" class="py-3 pr-3 font-normal">{mco}</th>
                                    <td class="py-3 pr-3">{count_words(count)}</td>
                                    <td class="py-3 text-right whitespace-nowrap">{dollars(cents)}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
}

/// An MCO's own Portal Sanction Payment Notices, once HFS has issued them (drafts are HFS's until
/// then), with links to the printable notice.
#[component]
fn YourNotices(mco_id: i64, mco_name: String) -> impl IntoView {
    // This MCO's issued notices (a few a year), the newest page of them.
    let list = LocalResource::new(move || notices(Some(mco_id), LIST_PAGE, 0));
    view! {
        <section aria-labelledby="your-notices-heading" class="mb-8" id="your-notices">
            <h2 id="your-notices-heading" class="text-2xl font-bold mb-3">"Your Portal Sanction Payment Notices"</h2>
            {move || match list.get() {
                None => view! { <Loading /> }.into_any(),
                Some(Err(e)) => view! { <LoadProblem message=e.message() /> }.into_any(),
                Some(Ok(page)) => {
                    let more = (page.total > page.items.len()).then(|| {
                        view! { <p class="mt-2"><a href="/sanctions">{format!("See all {} notices", page.total)}</a></p> }
                    });
                    let ours: Vec<_> = page.items;
                    if ours.is_empty() {
                        view! { <p>{format!("HFS has not issued a notice to {mco_name}.")}</p> }.into_any()
                    } else {
                        view! {
                            <ul class="list-disc pl-6 space-y-1">
                                {ours
                                    .into_iter()
                                    .map(|n| {
                                        let period = rules::sanctions::Quarter::parse(&n.quarter)
                                            .map_or_else(|| n.quarter.clone(), |q| q.in_words());
                                        let issued = n.issued_on.as_deref().map(date_words).unwrap_or_default();
                                        view! {
                                            <li>
                                                <a href=format!("/sanctions/{}", n.id)>{format!("Notice {} for {period}", n.id)}</a>
                                                {format!(": {}, issued {issued}, payment due {}", dollars(n.total_cents), date_words(&n.payment_due_on))}
                                            </li>
                                        }
                                    })
                                    .collect_view()}
                            </ul>
                            {more}
                        }
                        .into_any()
                    }
                }
            }}
        </section>
    }
}
