//! The deadline pages: "How deadlines are worked out" (every rule of `rules::rule_table::RULES` in
//! plain words, each with an example the engine works out live, and the State holidays) and the
//! deadline calculator (a ticket's events in, every clock out).
//!
//! Everything is computed here, in the browser, by `rules`: the same code the server runs.

mod calculator;
mod explained;

pub use calculator::{problem_words, Calculator};
pub use explained::HowDeadlinesWork;

use leptos::prelude::*;

/// The fines of a ticket (the engine's [`rules::timeline::Fine`]): amount, date, and when the
/// quarter's Portal Sanction Payment Notice is due. The ticket page and the calculator show it.
pub fn fines_table(fines: &[rules::timeline::Fine], caption: &'static str) -> impl IntoView {
    let rows = fines
        .iter()
        .map(|f| {
            view! {
                <tr class="border-b border-border" data-fine="">
                    <td class="py-2 pr-4">{dollars(f.amount_cents)}</td>
                    <td class="py-2 pr-4">{rules::dates::long_date(f.fined_on)}</td>
                    <td class="py-2">{rules::dates::long_date(f.sanction_notice_due_on)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <table class="w-full border-collapse text-left">
            <caption class="text-left mb-2">{caption}</caption>
            <thead>
                <tr class="border-b-2 border-ink">
                    <th scope="col" class="py-2 pr-4">"Amount"</th>
                    <th scope="col" class="py-2 pr-4">"Date of the fine"</th>
                    <th scope="col" class="py-2">"Sanction notice due"</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
}

/// An amount of money in cents, written "$5,000.00".
pub fn dollars(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let cents = cents.unsigned_abs();
    // Groups of three digits, the lowest first.
    let mut groups = Vec::new();
    let mut whole = cents / 100;
    loop {
        groups.push(whole % 1000);
        whole /= 1000;
        if whole == 0 {
            break;
        }
    }
    let mut grouped = groups.pop().unwrap_or_default().to_string();
    while let Some(group) = groups.pop() {
        grouped.push_str(&format!(",{group:03}"));
    }
    format!("{sign}${grouped}.{:02}", cents % 100)
}
