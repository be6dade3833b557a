//! The rule table is the engine's only source of lengths, and the only place where its numbers are
//! written: the engine's due dates follow each row, and no source file outside the table types one
//! of the table's numbers in words.

use std::path::{Path, PathBuf};

use chrono::{Duration, NaiveDate};
use rules::calendar::{add_calendar_days, Calendar};
use rules::rule_table::{
    self, rule, Rule, Span, Unit, FINE_CENTS, LARGE_REQUEST_EXTRA, LARGE_REQUEST_FACILITIES,
    MCO_RESPONSE_EXTENDED, RULES,
};
use rules::timeline::{
    registration_review_due, timeline, ClockKey, Events, ExtensionFor, ProviderDecision,
};

/// A row's due date counted from `from`, worked out here from its amount, unit and moved flag.
fn expected(calendar: &Calendar, span: Span, from: NaiveDate) -> NaiveDate {
    match (span.unit, span.moved) {
        (Unit::BusinessDays, _) => calendar.add_business_days(from, span.amount),
        (Unit::CalendarDays, false) => add_calendar_days(from, span.amount),
        (Unit::CalendarDays, true) => calendar.add_calendar_days_moved(from, span.amount),
    }
}

fn span(r: &Rule) -> Span {
    Span {
        amount: r.amount,
        unit: r.unit,
        moved: r.moved,
    }
}

#[test]
fn the_engine_counts_every_clock_as_its_row_says() {
    let calendar = Calendar::standard();
    let day = |base: NaiveDate, n: i64| base + Duration::days(n);
    let mut checked = std::collections::BTreeSet::new();
    let mut moved_mattered = std::collections::BTreeSet::new();
    // Six weeks of start days, across the winter holidays, so that every moved row lands on a
    // weekend or holiday at least once.
    for offset in 0..42 {
        let received = day(NaiveDate::from_ymd_opt(2026, 10, 1).unwrap(), offset);
        let submitted = day(received, rule(ClockKey::FilingWindowOpens).amount as i64);
        let presented = day(submitted, 1);
        let asked = day(presented, 1);
        let responded = day(presented, 3);
        let review_asked = day(responded, 2);
        let delivered = day(review_asked, 1);
        let whole = Events {
            mco_received_on: received,
            submitted_on: Some(submitted),
            presented_on: Some(presented),
            info_requested_on: Some(asked),
            info_provided_on: Some(day(asked, 1)),
            mco_responded_on: Some(responded),
            provider_decision: Some(ProviderDecision::Contested),
            provider_decided_on: Some(day(responded, 1)),
            hfs_review_requested_on: Some(review_asked),
            information_delivered_on: Some(delivered),
            ..Events::default()
        };
        // Only presented: the extension clock still runs.
        let presented_only = Events {
            mco_received_on: received,
            submitted_on: Some(submitted),
            presented_on: Some(presented),
            ..Events::default()
        };
        let extended = Events {
            extension_approved_for: Some(ExtensionFor::Mco),
            ..presented_only.clone()
        };
        let counted_from = |key: ClockKey| match key {
            ClockKey::FilingWindowOpens | ClockKey::FilingWindowCloses => received,
            ClockKey::PresentToMco => submitted,
            ClockKey::McoInfoRequest | ClockKey::ExtensionRequest | ClockKey::McoResponse => {
                presented
            }
            ClockKey::ProviderInfoResponse => asked,
            ClockKey::ProviderDecision | ClockKey::HfsReviewRequest => responded,
            ClockKey::InformationDelivery => review_asked,
            ClockKey::HfsDecision => delivered,
            ClockKey::RegistrationReview => received,
        };
        for events in [&whole, &presented_only] {
            let today = day(delivered, 1);
            let t = timeline(&calendar, events, today).expect("a valid ticket");
            for d in &t.deadlines {
                let r = rule(d.key);
                let from = counted_from(d.key);
                assert_eq!(
                    d.due_on,
                    expected(&calendar, span(r), from),
                    "{} counted from {from}",
                    r.key_str
                );
                assert_eq!(d.owed_by, r.owed_by, "{}", r.key_str);
                checked.insert(r.key_str);
                let unmoved = Span {
                    moved: false,
                    ..span(r)
                };
                if r.moved && expected(&calendar, unmoved, from) != d.due_on {
                    moved_mattered.insert(r.key_str);
                }
            }
        }
        let t = timeline(&calendar, &extended, day(presented, 1)).unwrap();
        assert_eq!(
            t.deadline(ClockKey::McoResponse).unwrap().due_on,
            expected(&calendar, MCO_RESPONSE_EXTENDED, presented)
        );
        let r = rule(ClockKey::RegistrationReview);
        let small = registration_review_due(&calendar, received, LARGE_REQUEST_FACILITIES - 1);
        assert_eq!(small, expected(&calendar, span(r), received));
        assert_eq!(
            registration_review_due(&calendar, received, LARGE_REQUEST_FACILITIES),
            expected(&calendar, LARGE_REQUEST_EXTRA, small)
        );
        checked.insert(r.key_str);
    }
    let every: std::collections::BTreeSet<_> = RULES.iter().map(|r| r.key_str).collect();
    assert_eq!(checked, every, "every row of the table is checked");
    let moved: std::collections::BTreeSet<_> = RULES
        .iter()
        .filter(|r| r.moved)
        .map(|r| r.key_str)
        .collect();
    assert_eq!(
        moved_mattered, moved,
        "every moved row was moved at least once"
    );
}

/// Every `.rs` file of the repository, but the build output.
fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if path.is_dir() {
            if !matches!(name.as_str(), "target" | "node_modules" | ".git" | "dist") {
                sources(&path, out);
            }
        } else if name.ends_with(".rs") {
            out.push(path);
        }
    }
}

/// The phrases that name a number of the rule table.
fn phrases() -> Vec<String> {
    let mut spans: Vec<Span> = RULES.iter().map(span).collect();
    spans.extend([
        MCO_RESPONSE_EXTENDED,
        LARGE_REQUEST_EXTRA,
        rule_table::EXTENSION_NOTICE,
    ]);
    let mut phrases = Vec::new();
    for s in spans {
        for unit in ["business", "calendar"] {
            phrases.push(format!("{} {unit} days", s.amount));
        }
    }
    phrases.extend([
        rules::money::dollars(FINE_CENTS),
        rules::money::whole_dollars(FINE_CENTS),
        format!("{}-day", rule_table::extension_length()),
        format!(
            "{} to {}",
            rule(ClockKey::FilingWindowOpens).amount,
            rule(ClockKey::FilingWindowCloses).amount
        ),
        format!("{} or more", LARGE_REQUEST_FACILITIES),
        rule_table::weeks_words(LARGE_REQUEST_EXTRA),
        format!("{} more weeks", LARGE_REQUEST_EXTRA.amount / 7),
    ]);
    phrases.sort();
    phrases.dedup();
    phrases
}

#[test]
fn no_number_of_the_table_is_typed_outside_it() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let table = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/rule_table.rs");
    let mut files = Vec::new();
    sources(&root, &mut files);
    assert!(files.len() > 50, "the repository's sources are found");
    let phrases = phrases();
    let mut found = Vec::new();
    for file in files {
        if file.canonicalize().unwrap() == table.canonicalize().unwrap() {
            continue;
        }
        // Tests check the engine's output against the numbers they expect: they may type them.
        if file.components().any(|c| c.as_os_str() == "tests") {
            continue;
        }
        let text = std::fs::read_to_string(&file).unwrap();
        let code = text.split("#[cfg(test)]").next().unwrap_or_default();
        for (n, line) in code.lines().enumerate() {
            for phrase in &phrases {
                if line.contains(phrase.as_str()) {
                    found.push(format!(
                        "{}:{}: \"{phrase}\"",
                        file.strip_prefix(&root).unwrap_or(&file).display(),
                        n + 1
                    ));
                }
            }
        }
    }
    assert!(
        found.is_empty(),
        "numbers of the rule table typed outside crates/rules/src/rule_table.rs (build them from \
         rules::rule_table):\n{}",
        found.join("\n")
    );
}

/// A count typed into the calendar's arithmetic (`add_business_days(d, 5)`,
/// `add_calendar_days_moved(d, 30)`, ...) or a fine typed as cents is a rule-table number typed
/// elsewhere, whatever words surround it: outside tests, counts come from the table's spans.
#[test]
fn no_clock_is_counted_with_a_typed_number() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let table = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/rule_table.rs");
    let mut files = Vec::new();
    sources(&root, &mut files);
    let calls = [
        "add_business_days(",
        "add_calendar_days_moved(",
        "add_calendar_days(",
    ];
    let mut found = Vec::new();
    for file in files {
        if file.canonicalize().unwrap() == table.canonicalize().unwrap()
            || file.components().any(|c| c.as_os_str() == "tests")
            || file.file_name().is_some_and(|f| f == "tests.rs")
        {
            continue;
        }
        let text = std::fs::read_to_string(&file).unwrap();
        let code = text.split("#[cfg(test)]").next().unwrap_or_default();
        for (n, line) in code.lines().enumerate() {
            let typed_count = calls.iter().any(|call| {
                line.match_indices(call).any(|(i, _)| {
                    let last = last_argument(&line[i + call.len()..]);
                    !last.is_empty()
                        && last.chars().all(|c| c.is_ascii_digit() || c == '_')
                        && last.replace('_', "").parse::<u32>().is_ok_and(|v| v > 1)
                })
            });
            let typed_fine = line.contains("500000") || line.contains("500_000");
            if typed_count || typed_fine {
                found.push(format!(
                    "{}:{}: {}",
                    file.strip_prefix(&root).unwrap_or(&file).display(),
                    n + 1,
                    line.trim()
                ));
            }
        }
    }
    assert!(
        found.is_empty(),
        "a count or a fine typed where the rule table's should be used:\n{}",
        found.join("\n")
    );
}

/// The last argument of a call whose arguments start `args` (after its opening parenthesis), as
/// typed: commas and parentheses inside nested calls do not count.
fn last_argument(args: &str) -> &str {
    let mut depth = 0;
    let mut start = 0;
    for (i, c) in args.char_indices() {
        match c {
            '(' => depth += 1,
            ')' if depth == 0 => return args[start..i].trim(),
            ')' => depth -= 1,
            ',' if depth == 0 => start = i + 1,
            _ => {}
        }
    }
    args[start..].trim()
}

#[test]
fn the_guard_reads_the_count_of_a_call() {
    assert_eq!(last_argument("presented, 30) + Duration::days(1);"), "30");
    assert_eq!(
        last_argument("submitted, rng.between(1, 10));"),
        "rng.between(1, 10)"
    );
    assert_eq!(
        last_argument("d, MCO_RESPONSE.span().amount)"),
        "MCO_RESPONSE.span().amount"
    );
}

/// The texts of the repository given to [`rule_table::words`]: the literals passed to it, and the
/// `intro` templates of files that pass their intros to it.
fn word_templates(files: &[PathBuf]) -> Vec<(String, String)> {
    let mut found = Vec::new();
    for file in files {
        if file.components().any(|c| c.as_os_str() == "tests") {
            continue;
        }
        let text = std::fs::read_to_string(file).unwrap();
        if !text.contains("rule_table::words(") {
            continue;
        }
        let mut starts: Vec<usize> = text
            .match_indices("rule_table::words(")
            .map(|(i, m)| i + m.len())
            .collect();
        if text.contains("rule_table::words(intro)") {
            starts.extend(text.match_indices("intro: ").map(|(i, m)| i + m.len()));
        }
        for start in starts {
            let rest = text[start..].trim_start();
            let Some(literal) = rest.strip_prefix('"') else {
                continue;
            };
            let mut end = 0;
            let bytes = literal.as_bytes();
            while end < bytes.len() && bytes[end] != b'"' {
                end += if bytes[end] == b'\\' { 2 } else { 1 };
            }
            found.push((file.display().to_string(), literal[..end].to_string()));
        }
    }
    found
}

#[test]
fn every_placeholder_of_the_pages_is_known() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut files = Vec::new();
    sources(&root.join("src"), &mut files);
    sources(&root.join("crates"), &mut files);
    let templates = word_templates(&files);
    assert!(
        templates.len() > 10,
        "the pages' templates are found: {templates:?}"
    );
    for (file, template) in templates {
        let text = rule_table::words(&template);
        assert!(
            !text.contains('{'),
            "{file}: a placeholder rule_table::words does not know: {template}"
        );
    }
}
