//! The rule table's facts in the words users see: who owes a clock and what happens when it is
//! missed. The deadline pages and the ticket page say them the same way.

use rules::rule_table::Rule;
use rules::timeline::{ClosedReason, Owner};

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
