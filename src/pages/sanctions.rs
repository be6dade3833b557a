//! `/sanctions` and `/sanctions/{id}` (public, `docs/reporting.md`): every Portal Sanction Payment
//! Notice HFS has issued, newest first, and one notice as a printable page (the print stylesheet
//! leaves the portal's header, footer and links out).

use crate::nav::{use_params_map, use_query_map};
use leptos::prelude::*;
use rules::dates::iso_in_words;
use rules::money::dollars;
use rules::sanctions::Quarter;
use rules::wire::sanctions::SanctionNotice;

use crate::api::statistics::{notice, notices};
use crate::components::pager::{
    offset_of, page_href, use_page_request, PageCount, Pages, PastTheEnd, LIST_PAGE,
};
use crate::components::{BackLink, LoadProblem, Loading};

const NOTICES_PATH: &str = "/sanctions";
use crate::page::use_title;

/// "July, August and September 2026" from "2026-Q3".
fn period_words(quarter: &str) -> String {
    Quarter::parse(quarter).map_or_else(|| quarter.to_owned(), Quarter::in_words)
}

fn fines_words(n: usize) -> String {
    if n == 1 {
        "1 fine".to_owned()
    } else {
        format!("{n} fines")
    }
}

#[component]
pub fn SanctionNotices() -> impl IntoView {
    use_title(|| "Portal Sanction Payment Notices".into(), || false);
    // The page of the address, from one memo (`components::pager`).
    let query = use_query_map();
    let asked = use_page_request(|| ());
    let list = LocalResource::new(move || {
        let ((), page) = asked.get();
        async move {
            let list = notices(None, LIST_PAGE, offset_of(page, LIST_PAGE)).await?;
            Ok::<_, crate::api::ApiError>((page, list))
        }
    });
    view! {
        <h1 class="text-4xl font-bold mb-6">"Portal Sanction Payment Notices"</h1>
        <p class="mb-4">
            {rules::rule_table::words("An MCO can be fined {fine} for each ticket it did not answer with a written response by the due date. Each quarter, HFS sends every MCO that was fined a Portal Sanction Payment Notice, no later than the last day of the month after the quarter. The notice lists the fines, the total to pay, when the payment is due and where to send it. HFS publishes every notice it issues.")}
        </p>
        <p class="mb-8"><a href="/statistics">"See the provider complaint statistics"</a></p>
        {move || match list.get() {
            None => view! { <Loading /> }.into_any(),
            Some(Err(e)) => view! { <LoadProblem message=e.message() /> }.into_any(),
            Some(Ok((_, list))) if list.total == 0 => view! {
                <p class="text-xl" id="notices-empty">"HFS has not issued a Portal Sanction Payment Notice yet."</p>
            }
            .into_any(),
            Some(Ok((_, list))) if list.items.is_empty() => view! {
                <PastTheEnd id="notices-past-end" first=NOTICES_PATH />
            }
            .into_any(),
            Some(Ok((page, list))) => view! {
                <PageCount id="notices-count" offset=offset_of(page, LIST_PAGE) shown=list.items.len() total=list.total noun="notice" nouns="notices" />
                <NoticeTable list=list.items />
                <Pages
                    total=list.total
                    per_page=LIST_PAGE
                    current=page
                    href=move |n| query.with_untracked(|q| page_href(NOTICES_PATH, q, n))
                    label="Pages of sanction notices"
                />
            }
            .into_any(),
        }}
    }
}

#[component]
fn NoticeTable(list: Vec<SanctionNotice>) -> impl IntoView {
    view! {
        <div class="overflow-x-auto" tabindex="0" role="region" aria-label="Table (scrolls sideways in a narrow window)">
            <table class="w-full text-left border-collapse text-base" id="notices">
                <caption class="text-left text-xl font-bold mb-3">"Notices issued, newest first"</caption>
                <thead>
                    <tr class="border-b-2 border-ink">
                        <th scope="col" class="py-2 pr-3">"Notice"</th>
                        <th scope="col" class="py-2 pr-3">"MCO"</th>
                        <th scope="col" class="py-2 pr-3">"Reporting period"</th>
                        <th scope="col" class="py-2 pr-3">"Issued on"</th>
                        <th scope="col" class="py-2 text-right">"Total"</th>
                    </tr>
                </thead>
                <tbody>
                    {list
                        .into_iter()
                        .map(|n| view! {
                            <tr class="border-b border-border align-top">
                                <th scope="row" class="py-3 pr-3 font-normal whitespace-nowrap">
                                    <a href=format!("/sanctions/{}", n.id)>
                                        {format!("Notice {}", n.id)}
                                        <span class="sr-only">{format!(" for {}, {}", n.mco, n.quarter)}</span>
                                    </a>
                                </th>
                                <td class="py-3 pr-3">{n.mco.clone()}</td>
                                <td class="py-3 pr-3">{period_words(&n.quarter)}</td>
                                <td class="py-3 pr-3">{n.issued_on.as_deref().map(iso_in_words).unwrap_or_default()}</td>
                                <td class="py-3 text-right whitespace-nowrap">
                                    {format!("{} ({})", dollars(n.total_cents), fines_words(n.fines.len()))}
                                </td>
                            </tr>
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
}

#[component]
pub fn SanctionNoticePage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| {
        params
            .read()
            .get("id")
            .and_then(|id| id.parse::<i64>().ok())
    });
    let found = LocalResource::new(move || {
        let id = id.get();
        async move {
            match id {
                Some(id) => notice(id).await,
                None => Err(crate::api::ApiError::NotFound),
            }
        }
    });
    use_title(
        move || match found.get() {
            Some(Ok(n)) => format!("Portal Sanction Payment Notice {} – {}", n.id, n.mco),
            Some(Err(_)) => "Notice not found".to_owned(),
            None => "Portal Sanction Payment Notice".to_owned(),
        },
        || false,
    );
    view! {
        <div class="no-print"><BackLink href="/sanctions".to_string() /></div>
        // The heading is there from the start (focus moves to it on arrival); its words follow
        // the answer.
        <p class="text-secondary text-xl mb-1">"Illinois Department of Healthcare and Family Services"</p>
        <h1 id="notice-title" class="text-4xl font-bold mb-6">
            {move || if matches!(found.get(), Some(Err(crate::api::ApiError::NotFound))) {
                "Notice not found"
            } else {
                "Portal Sanction Payment Notice"
            }}
        </h1>
        {move || match found.get() {
            None => view! { <Loading /> }.into_any(),
            Some(Err(crate::api::ApiError::NotFound)) => view! {
                <p>"There is no issued notice with this number. " <a href="/sanctions">"See every notice issued"</a>"."</p>
            }
            .into_any(),
            Some(Err(e)) => view! { <LoadProblem message=e.message() /> }.into_any(),
            Some(Ok(n)) => view! { <PrintableNotice notice=n /> }.into_any(),
        }}
    }
}

/// The notice as HFS issued it.
#[component]
fn PrintableNotice(notice: SanctionNotice) -> impl IntoView {
    let period = period_words(&notice.quarter);
    let issued = notice
        .issued_on
        .as_deref()
        .map(iso_in_words)
        .unwrap_or_default();
    let address: Vec<String> = notice.payment_address.lines().map(str::to_owned).collect();
    let count = notice.fines.len();
    view! {
        <article id="notice" aria-labelledby="notice-title">
            <dl class="grid grid-cols-1 sm:grid-cols-3 gap-x-4 gap-y-2 mb-8 border-t border-border pt-4">
                <dt class="font-bold">"Notice number"</dt><dd class="sm:col-span-2">{notice.id}</dd>
                <dt class="font-bold">"To"</dt><dd class="sm:col-span-2">{notice.mco.clone()}</dd>
                <dt class="font-bold">"Reporting period"</dt><dd class="sm:col-span-2">{format!("{period} ({})", notice.quarter)}</dd>
                <dt class="font-bold">"Issued on"</dt><dd class="sm:col-span-2">{issued}</dd>
                <dt class="font-bold">"Due to be issued by"</dt><dd class="sm:col-span-2">{iso_in_words(&notice.notice_due_on)}</dd>
            </dl>
            <p class="mb-4">
                {format!("During {period}, the MCO did not give its written proposal by the response due date on the following {}. Each was fined under the HFS Provider Resolution Portal Requirements.", if count == 1 { "ticket".to_owned() } else { format!("{count} tickets") })}
            </p>
            <div class="overflow-x-auto mb-8" tabindex="0" role="region" aria-label="Table (scrolls sideways in a narrow window)">
                <table class="w-full text-left border-collapse text-base" id="notice-fines">
                    <caption class="text-left text-xl font-bold mb-3">"Portal fines in the reporting period"</caption>
                    <thead>
                        <tr class="border-b-2 border-ink">
                            <th scope="col" class="py-2 pr-3">"Ticket"</th>
                            <th scope="col" class="py-2 pr-3">"Written proposal due"</th>
                            <th scope="col" class="py-2 pr-3">"Fined on"</th>
                            <th scope="col" class="py-2 text-right">"Amount"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {notice
                            .fines
                            .iter()
                            .map(|f| view! {
                                <tr class="border-b border-border">
                                    <th scope="row" class="py-2 pr-3 font-normal whitespace-nowrap">{f.ticket_number.clone()}</th>
                                    <td class="py-2 pr-3">{iso_in_words(&f.due_on)}</td>
                                    <td class="py-2 pr-3">{iso_in_words(&f.fined_on)}</td>
                                    <td class="py-2 text-right whitespace-nowrap">{dollars(f.amount_cents)}</td>
                                </tr>
                            })
                            .collect_view()}
                    </tbody>
                    <tfoot>
                        <tr class="border-t-2 border-ink">
                            <th scope="row" colspan="3" class="py-2 pr-3">"Total sanction payment due to HFS"</th>
                            <td class="py-2 text-right font-bold whitespace-nowrap" id="notice-total">{dollars(notice.total_cents)}</td>
                        </tr>
                    </tfoot>
                </table>
            </div>
            <h2 class="text-2xl font-bold mb-3">"Payment"</h2>
            <p class="mb-2">
                "Submit the payment no later than "
                <strong id="notice-payment-due">{iso_in_words(&notice.payment_due_on)}</strong>
                "."
            </p>
            <p class="mb-2">{format!("Send it for processing to the {} at:", notice.payment_bureau)}</p>
            <address class="not-italic border-l-4 border-border pl-4 mb-4">
                {address.into_iter().map(|line| view! { <span class="block">{line}</span> }).collect_view()}
            </address>
            <p class="mb-8">{format!("Write the notice number {} on the payment.", notice.id)}</p>
        </article>
        <button type="button" class="btn no-print" on:click=|_| { let _ = window().print(); }>"Print this notice"</button>
    }
}
