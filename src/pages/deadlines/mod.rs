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

use rules::rule_table::Rule;
use rules::timeline::{ClosedReason, Owner};

pub const RULES_PATH: &str = "/deadlines";
pub const CALCULATOR_PATH: &str = "/deadlines/calculator";

/// Who owes a clock, in the words users see.
pub fn owner_words(owner: Owner) -> &'static str {
    match owner {
        Owner::Provider => "You (the provider)",
        Owner::Mco => "The MCO",
        Owner::Hfs => "HFS",
        Owner::McoOrProvider => "The MCO or you",
        Owner::McoAndProvider => "You and the MCO",
    }
}

/// What happens when a rule's deadline is missed, as a sentence. The table names a closing by its
/// reason's key ("ticket closed, reason not_contested"); users read the reason's explanation.
pub fn consequence_words(rule: &Rule) -> String {
    let text = rule.consequence();
    let text = text.as_str();
    if let Some((head, reason)) = text.split_once(", reason ") {
        let reason = match reason.trim() {
            "no_info_response" => Some(ClosedReason::NoInfoResponse),
            "not_contested" => Some(ClosedReason::NotContested),
            "not_timely" => Some(ClosedReason::NotTimely),
            _ => None,
        };
        if let Some(reason) = reason {
            return format!(
                "{}. {}",
                rules::forms::sentence_start(head),
                reason.explanation()
            );
        }
    }
    format!("{}.", rules::forms::sentence_start(text))
}

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

/// An amount of money in cents, written with its cents ([`rules::money::dollars`]).
pub use rules::money::dollars;
