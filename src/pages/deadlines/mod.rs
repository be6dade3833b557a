//! The deadline pages: "How deadlines are worked out" (every rule of `rules::rule_table::RULES` in
//! plain words, each with an example the engine works out live, and the State holidays) and the
//! deadline calculator (a ticket's events in, every clock out).
//!
//! Everything is computed here, in the browser, by `rules`: the same code the server runs.

mod calculator;
mod explained;

pub use calculator::{problem_words, Calculator};
pub use explained::HowDeadlinesWork;

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
    let text = rule.consequence;
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
