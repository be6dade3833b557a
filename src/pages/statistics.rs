//! `/statistics` (public, `docs/reporting.md`): how the MCOs handle provider complaints. The totals
//! in words, bar charts by MCO, by complaint type and by month (SVG drawn here, each with a caption
//! and the same numbers as a table beside it), filters by year and quarter kept in the URL, and
//! the CSV.

use crate::nav::{use_navigate, use_query_map};
use chrono::Datelike;
use leptos::prelude::*;
use rules::dates::iso_in_words;
use rules::money::dollars;
use rules::sanctions::Quarter;
use rules::wire::statistics::{Counts, Outcomes, Statistics};

use crate::api::statistics::{csv_href, period_query, statistics};
use crate::clock::use_clock;
use crate::components::{LoadProblem, Loading};
use crate::page::use_title;

/// The first year the portal took tickets (it opened on February 28, 2020).
const FIRST_YEAR: i32 = 2020;

/// The period of `?year=&quarter=`: (from, to, words). A quarter without a year is ignored.
fn period(year: Option<i32>, quarter: Option<u32>) -> (Option<String>, Option<String>, String) {
    match (year, quarter) {
        (Some(year), Some(number)) => {
            let q = Quarter { year, number };
            (
                Some(q.first_day().to_string()),
                Some(q.last_day().to_string()),
                q.in_words(),
            )
        }
        (Some(year), None) => (
            Some(format!("{year}-01-01")),
            Some(format!("{year}-12-31")),
            year.to_string(),
        ),
        _ => (None, None, "every year since the portal opened".to_owned()),
    }
}

fn plural(n: u64, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// "March 2026" from "2026-03".
use rules::dates::iso_month_in_words as month_words;

/// "Mar 2026": the short label a bar carries.
fn month_short(month: &str) -> String {
    let words = month_words(month);
    match words.split_once(' ') {
        Some((name, year)) => format!("{} {year}", &name[..name.len().min(3)]),
        None => words,
    }
}

fn median_words(median: Option<f64>) -> String {
    match median {
        Some(days) if days.fract() == 0.0 => format!("{days:.0}"),
        Some(days) => format!("{days:.1}"),
        None => "None yet".to_owned(),
    }
}

#[component]
pub fn StatisticsPage() -> impl IntoView {
    use_title(|| "Provider complaint statistics".into(), || false);
    let query = use_query_map();
    let this_year = use_clock().illinois_today().get_untracked().year();
    let year = Memo::new(move |_| {
        query
            .read()
            .get("year")
            .and_then(|y| y.parse::<i32>().ok())
            .filter(|y| (FIRST_YEAR..=this_year).contains(y))
    });
    let quarter = Memo::new(move |_| {
        query
            .read()
            .get("quarter")
            .and_then(|q| q.parse::<u32>().ok())
            .filter(|q| (1..=4).contains(q))
    });
    let chosen = Memo::new(move |_| period(year.get(), quarter.get()));
    let api_query = Memo::new(move |_| {
        let (from, to, _) = chosen.get();
        period_query(from.as_deref(), to.as_deref())
    });
    let stats = LocalResource::new(move || statistics(api_query.get()));

    // The filter form: its own values until "Show statistics" puts them in the URL.
    let year_choice = RwSignal::new(String::new());
    let quarter_choice = RwSignal::new(String::new());
    Effect::new(move |_| {
        year_choice.set(year.get().map(|y| y.to_string()).unwrap_or_default());
        quarter_choice.set(quarter.get().map(|q| q.to_string()).unwrap_or_default());
    });
    let navigate = use_navigate();
    let apply = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut parts = Vec::new();
        let y = year_choice.get_untracked();
        if !y.is_empty() {
            parts.push(format!("year={y}"));
            let q = quarter_choice.get_untracked();
            if !q.is_empty() {
                parts.push(format!("quarter={q}"));
            }
        }
        let href = if parts.is_empty() {
            "/statistics".to_owned()
        } else {
            format!("/statistics?{}", parts.join("&"))
        };
        navigate(&href, Default::default());
    };

    view! {
        <h1 class="text-4xl font-bold mb-6">"Provider complaint statistics"</h1>
        <p class="mb-4">
            "How the Illinois Medicaid managed care organizations (MCOs) handle the complaints providers file in this portal: how many were received and resolved, how many are overdue, how often each MCO upheld or overturned its own decision, and the fines and sanction notices each received. The numbers are counted from the tickets as they stand now. Anyone can see them without signing in."
        </p>
        <p class="mb-8">
            "Tickets are counted by the date they were submitted; fines by the date of the fine. "
            <a href="/sanctions">"Portal Sanction Payment Notices"</a>
            " lists every notice HFS has issued."
        </p>

        <form class="bg-panel p-4 mb-8 flex flex-wrap gap-4 items-end" on:submit=apply>
            <div>
                <label for="stats-year" class="block font-bold mb-1">"Year"</label>
                <select
                    id="stats-year"
                    class="input"
                    on:change=move |ev| year_choice.set(event_target_value(&ev))
                    prop:value=move || year_choice.get()
                >
                    <option value="">"All years"</option>
                    {(FIRST_YEAR..=this_year)
                        .rev()
                        .map(|y| view! { <option value=y.to_string()>{y.to_string()}</option> })
                        .collect_view()}
                </select>
            </div>
            <div>
                <label for="stats-quarter" class="block font-bold mb-1">"Quarter"</label>
                <select
                    id="stats-quarter"
                    class="input"
                    aria-describedby="stats-quarter-hint"
                    on:change=move |ev| quarter_choice.set(event_target_value(&ev))
                    prop:value=move || quarter_choice.get()
                >
                    <option value="">"The whole year"</option>
                    <option value="1">"January to March"</option>
                    <option value="2">"April to June"</option>
                    <option value="3">"July to September"</option>
                    <option value="4">"October to December"</option>
                </select>
            </div>
            <button type="submit" class="btn">"Show statistics"</button>
            <p id="stats-quarter-hint" class="w-full text-secondary">"Choose a year to see one of its quarters."</p>
        </form>

        {move || match stats.get() {
            None => view! { <Loading /> }.into_any(),
            Some(Err(e)) => view! { <LoadProblem message=e.message() /> }.into_any(),
            Some(Ok(s)) => {
                let (_, _, words) = chosen.get_untracked();
                view! { <Report stats=s period=words csv=csv_href(&api_query.get_untracked()) /> }.into_any()
            }
        }}
    }
}

/// Everything below the filters, for one answer.
#[component]
fn Report(stats: Statistics, period: String, csv: String) -> impl IntoView {
    let t = stats.totals.counts;
    let o = stats.totals.outcomes;
    let heading = format!("Statistics for {period}");
    let by_mco: Vec<(String, u64)> = stats
        .by_mco
        .iter()
        .map(|r| {
            let name = if r.short_name.is_empty() {
                r.mco.clone()
            } else {
                r.short_name.clone()
            };
            (name, r.counts.received)
        })
        .collect();
    let by_type: Vec<(String, u64)> = stats
        .by_complaint_type
        .iter()
        .map(|r| (r.label.clone(), r.counts.received))
        .collect();
    let by_month: Vec<(String, u64)> = stats
        .by_month
        .iter()
        .map(|r| (month_short(&r.month), r.counts.received))
        .collect();
    let mco_rows: Vec<(String, Counts, Outcomes)> = stats
        .by_mco
        .iter()
        .map(|r| (r.mco.clone(), r.counts, r.outcomes))
        .collect();
    let type_rows: Vec<(String, Counts)> = stats
        .by_complaint_type
        .iter()
        .map(|r| (r.label.clone(), r.counts))
        .collect();
    let provider_rows: Vec<(String, Counts)> = stats
        .by_provider_type
        .iter()
        .map(|r| (r.provider_type.clone(), r.counts))
        .collect();
    let month_rows: Vec<(String, Counts)> = stats
        .by_month
        .iter()
        .map(|r| (month_words(&r.month), r.counts))
        .collect();
    let generated = stats
        .generated_at
        .get(..10)
        .map(iso_in_words)
        .unwrap_or_default();
    view! {
        <section aria-labelledby="stats-totals">
            <h2 id="stats-totals" class="text-3xl font-bold mb-4">{heading}</h2>
            <ul class="list-disc pl-6 space-y-2 mb-4 text-xl" id="stats-in-words">
                <li>{format!("Providers filed {}.", plural(t.received, "ticket", "tickets"))}</li>
                <li id="stats-expedited">{format!("{} expedited: the issue stopped a member from getting care they needed now.", plural(t.expedited, "ticket was", "tickets were"))}</li>
                <li>{format!("{} open and {} closed.", plural(t.open, "ticket is", "tickets are"), t.closed)}</li>
                <li>{format!("{} overdue: a deadline of the MCO or HFS has passed.", plural(t.overdue, "ticket is", "tickets are"))}</li>
                <li>{format!("The MCOs upheld their own decision {} and overturned it {}.", plural(o.upheld, "time", "times"), plural(o.overturned, "time", "times"))}</li>
                <li>{format!("{} on time and {} late or still missing after the due date.", plural(o.responses_on_time, "written response was", "written responses were"), o.responses_late)}</li>
                <li>{format!("The MCOs were fined {} ({}), and HFS issued {}.", plural(o.fines, "time", "times"), dollars(o.fines_cents), plural(o.sanction_notices, "Portal Sanction Payment Notice", "Portal Sanction Payment Notices"))}</li>
            </ul>
            <p class="text-secondary mb-4">{format!("Counted on {generated}.")}</p>
            <p class="mb-10">
                <a href=csv download="portal-statistics.csv">"Download these statistics (CSV)"</a>
            </p>
        </section>

        <BarChart id="chart-mco" caption="Tickets received by MCO".to_owned() rows=by_mco />
        <div class="overflow-x-auto mb-12" tabindex="0" role="region" aria-label="Table (scrolls sideways in a narrow window)">
            <table class="w-full text-left border-collapse text-base" id="table-mco">
                <caption class="text-left text-xl font-bold mb-3">"By MCO: tickets, responses and fines"</caption>
                <thead>
                    <tr class="border-b-2 border-ink align-bottom">
                        <th scope="col" class="py-2 pr-3">"MCO"</th>
                        <th scope="col" class="py-2 pr-3 text-right">"Received"</th>
                        <th scope="col" class="py-2 pr-3 text-right">"Open"</th>
                        <th scope="col" class="py-2 pr-3 text-right">"Closed"</th>
                        <th scope="col" class="py-2 pr-3 text-right">"Overdue"</th>
                        <th scope="col" class="py-2 pr-3 text-right">"Upheld"</th>
                        <th scope="col" class="py-2 pr-3 text-right">"Overturned"</th>
                        <th scope="col" class="py-2 pr-3 text-right">"Responses on time"</th>
                        <th scope="col" class="py-2 pr-3 text-right">"Responses late"</th>
                        <th scope="col" class="py-2 pr-3 text-right">"Median days to respond"</th>
                        <th scope="col" class="py-2 pr-3 text-right">"Fines"</th>
                        <th scope="col" class="py-2 text-right">"Sanction notices"</th>
                    </tr>
                </thead>
                <tbody>
                    {mco_rows
                        .into_iter()
                        .map(|(mco, c, o)| view! {
                            <tr class="border-b border-border">
                                <th scope="row" class="py-2 pr-3 font-normal">{mco}</th>
                                <td class="py-2 pr-3 text-right">{c.received}</td>
                                <td class="py-2 pr-3 text-right">{c.open}</td>
                                <td class="py-2 pr-3 text-right">{c.closed}</td>
                                <td class="py-2 pr-3 text-right">{c.overdue}</td>
                                <td class="py-2 pr-3 text-right">{o.upheld}</td>
                                <td class="py-2 pr-3 text-right">{o.overturned}</td>
                                <td class="py-2 pr-3 text-right">{o.responses_on_time}</td>
                                <td class="py-2 pr-3 text-right">{o.responses_late}</td>
                                <td class="py-2 pr-3 text-right">{median_words(o.median_days_to_response)}</td>
                                <td class="py-2 pr-3 text-right whitespace-nowrap">{format!("{} ({})", o.fines, dollars(o.fines_cents))}</td>
                                <td class="py-2 text-right">{o.sanction_notices}</td>
                            </tr>
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>

        <BarChart id="chart-type" caption="Tickets received by complaint type".to_owned() rows=by_type />
        <CountsTable id="table-type" caption="By complaint type" first="Complaint type" rows=type_rows />

        <BarChart id="chart-month" caption="Tickets received by month submitted".to_owned() rows=by_month />
        <CountsTable id="table-month" caption="By month submitted" first="Month" rows=month_rows />

        <CountsTable id="table-provider" caption="By provider type" first="Provider type" rows=provider_rows />
    }
}

/// A table of received, open, closed and overdue per row.
#[component]
fn CountsTable(
    id: &'static str,
    caption: &'static str,
    first: &'static str,
    rows: Vec<(String, Counts)>,
) -> impl IntoView {
    view! {
        <div class="overflow-x-auto mb-12" tabindex="0" role="region" aria-label="Table (scrolls sideways in a narrow window)">
            <table class="w-full text-left border-collapse text-base" id=id>
                <caption class="text-left text-xl font-bold mb-3">{caption}</caption>
                <thead>
                    <tr class="border-b-2 border-ink">
                        <th scope="col" class="py-2 pr-3">{first}</th>
                        <th scope="col" class="py-2 pr-3 text-right">"Received"</th>
                        <th scope="col" class="py-2 pr-3 text-right">"Open"</th>
                        <th scope="col" class="py-2 pr-3 text-right">"Closed"</th>
                        <th scope="col" class="py-2 text-right">"Overdue"</th>
                    </tr>
                </thead>
                <tbody>
                    {rows
                        .into_iter()
                        .map(|(name, c)| view! {
                            <tr class="border-b border-border">
                                <th scope="row" class="py-2 pr-3 font-normal">{name}</th>
                                <td class="py-2 pr-3 text-right">{c.received}</td>
                                <td class="py-2 pr-3 text-right">{c.open}</td>
                                <td class="py-2 pr-3 text-right">{c.closed}</td>
                                <td class="py-2 text-right">{c.overdue}</td>
                            </tr>
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
}

/// A horizontal bar chart: one labelled bar per row, its number written at its end (the length is
/// never the only way to read it), the table below carrying the same numbers. The SVG scales to
/// the width of the page; its accessible name is the caption.
#[component]
fn BarChart(id: &'static str, caption: String, rows: Vec<(String, u64)>) -> impl IntoView {
    const WIDTH: f64 = 600.0;
    const ROW: f64 = 44.0;
    const BAR: f64 = 18.0;
    let max = rows.iter().map(|(_, n)| *n).max().unwrap_or(0).max(1) as f64;
    let height = (rows.len() as f64 * ROW).max(ROW);
    let caption_id = format!("{id}-caption");
    let summary = rows
        .iter()
        .map(|(label, n)| format!("{label}: {n}"))
        .collect::<Vec<_>>()
        .join(", ");
    view! {
        <figure class="mb-4" id=id>
            <figcaption id=caption_id.clone() class="text-xl font-bold mb-3">{caption.clone()}</figcaption>
            <svg
                viewBox=format!("0 0 {WIDTH} {height}")
                width="100%"
                role="img"
                aria-labelledby=caption_id
                aria-describedby=format!("{id}-summary")
                class="max-w-full h-auto"
                preserveAspectRatio="xMinYMin meet"
            >
                {rows
                    .into_iter()
                    .enumerate()
                    .map(|(i, (label, n))| {
                        let y = i as f64 * ROW;
                        // The bar stops short of the right edge, leaving room for its number.
                        let length = (n as f64 / max) * (WIDTH - 80.0);
                        view! {
                            <g>
                                <text x="0" y=y + 14.0 font-size="15" fill="#0b0c0c">{label}</text>
                                <rect x="0" y=y + 20.0 width=length.max(2.0) height=BAR fill="#1d70b8" />
                                <text x=length.max(2.0) + 6.0 y=y + 20.0 + BAR - 4.0 font-size="15" font-weight="bold" fill="#0b0c0c">{n.to_string()}</text>
                            </g>
                        }
                    })
                    .collect_view()}
            </svg>
            <p id=format!("{id}-summary") class="sr-only">{summary}</p>
        </figure>
    }
}
