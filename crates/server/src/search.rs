//! Finding tickets (`GET /api/tickets?q=`, `docs/tickets.md`): by ticket number, MCO tracking
//! number (the ticket's, or any claim's of a template ticket) or claim number, exact or by
//! prefix, ignoring case, spaces and dashes. Never by member name or RIN (a search term goes in
//! the URL). The clause is added to the list's own query, so a search finds only what the
//! session may see.

/// What a search term is compared as: upper case, without spaces or dashes. `None` when nothing
/// is left.
pub fn normalize(q: &str) -> Option<String> {
    let text: String = q
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .flat_map(char::to_uppercase)
        .collect();
    (!text.is_empty()).then_some(text)
}

/// `column` as [`normalize`] makes a term, in SQL.
fn normalized(column: &str) -> String {
    format!("REPLACE(REPLACE(REPLACE(UPPER(COALESCE({column}, '')), ' ', ''), '-', ''), '	', '')")
}

/// `column` starts with the term `${param}` (both normalized).
fn starts_with(column: &str, param: u8) -> String {
    format!(
        "substr({}, 1, length(${param})) = ${param}",
        normalized(column)
    )
}

/// The `WHERE` part of a search: true for every ticket when `${param}` is NULL, else for a ticket
/// whose number (`PRP2026000123`, or without `PRP`), tracking number, claim number or one of its
/// claims' tracking or claim numbers starts with the term.
pub fn clause(param: u8) -> String {
    let number = "('PRP' || substr(t.submitted_on, 1, 4) || printf('%06d', t.id))";
    let bare_number = "(substr(t.submitted_on, 1, 4) || printf('%06d', t.id))";
    format!(
        "(${param} IS NULL OR {} OR {} OR {} OR {} OR EXISTS (SELECT 1 FROM ticket_claims c \
         WHERE c.ticket_id = t.id AND ({} OR {})))",
        starts_with(number, param),
        starts_with(bare_number, param),
        starts_with("t.tracking_number", param),
        starts_with("json_extract(t.form_json, '$.claim_number')", param),
        starts_with("c.tracking_number", param),
        starts_with("c.claim_number", param),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terms_ignore_case_spaces_and_dashes() {
        assert_eq!(
            normalize(" prp-2026 000123 ").as_deref(),
            Some("PRP2026000123")
        );
        assert_eq!(normalize(" - ").as_deref(), None);
        assert!(clause(4).starts_with("($4 IS NULL OR "));
    }
}
