//! "How deadlines are worked out": days and time, every rule of the table in plain words with an
//! example the engine works out on the page, and the State holidays of this year and the next.

use chrono::{Datelike, NaiveDate};
use leptos::prelude::*;
use rules::calendar::{add_calendar_days, Calendar};
use rules::dates::long_date;
use rules::eligibility::safe_file_by;
use rules::rule_table::{Rule, Unit, LARGE_REQUEST_FACILITIES, RULES};
use rules::timeline::{registration_review_due, timeline, ClockKey, Events, ProviderDecision};

use crate::clock::{use_calendar, use_clock};
use crate::components::rule_words::{consequence_words, owner_words};
use crate::components::BackLink;
use crate::page::{use_title, CALCULATOR_PATH};

const TITLE: &str = "How deadlines are worked out";

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("a real date")
}

/// The worked example of one rule: the day it is counted from and the due date the engine gives.
struct Example {
    key: ClockKey,
    from: NaiveDate,
    due: NaiveDate,
}

/// Two example tickets, run through the engine, give the due date of every ticket clock; the
/// registration review has its own function.
///
/// - A ticket of February 2026 (the MCO received the dispute on January 5, submitted on Tuesday
///   February 10, presented on Friday, February 20, answered on March 18, contested on March 23, HFS
///   review asked for on March 27, information in on April 20).
/// - A ticket of November 2026 (received on Tuesday, September 15, submitted on November 5, presented
///   on November 19, information asked for on Wednesday, November 25).
fn worked_examples(calendar: &Calendar) -> Vec<Example> {
    let february = Events {
        mco_received_on: day(2026, 1, 5),
        submitted_on: Some(day(2026, 2, 10)),
        presented_on: Some(day(2026, 2, 20)),
        mco_responded_on: Some(day(2026, 3, 18)),
        provider_decision: Some(ProviderDecision::Contested),
        provider_decided_on: Some(day(2026, 3, 23)),
        hfs_review_requested_on: Some(day(2026, 3, 27)),
        information_delivered_on: Some(day(2026, 4, 20)),
        ..Default::default()
    };
    let november = Events {
        mco_received_on: day(2026, 9, 15),
        submitted_on: Some(day(2026, 11, 5)),
        presented_on: Some(day(2026, 11, 19)),
        info_requested_on: Some(day(2026, 11, 25)),
        ..Default::default()
    };
    let mut examples = Vec::new();
    for (events, today) in [
        (&february, day(2026, 4, 20)),
        (&november, day(2026, 11, 25)),
    ] {
        let Ok(t) = timeline(calendar, events, today) else {
            continue;
        };
        for d in &t.deadlines {
            // Each rule once: the November ticket gives the filing window and the information answer.
            let from = match (d.key, events == &november) {
                (ClockKey::FilingWindowOpens | ClockKey::FilingWindowCloses, true) => {
                    Some(events.mco_received_on)
                }
                (ClockKey::ProviderInfoResponse, true) => events.info_requested_on,
                (ClockKey::PresentToMco, false) => events.submitted_on,
                (
                    ClockKey::McoInfoRequest | ClockKey::ExtensionRequest | ClockKey::McoResponse,
                    false,
                ) => events.presented_on,
                (ClockKey::ProviderDecision | ClockKey::HfsReviewRequest, false) => {
                    events.mco_responded_on
                }
                (ClockKey::InformationDelivery, false) => events.hfs_review_requested_on,
                (ClockKey::HfsDecision, false) => events.information_delivered_on,
                _ => None,
            };
            if let Some(from) = from {
                examples.push(Example {
                    key: d.key,
                    from,
                    due: d.due_on,
                });
            }
        }
    }
    let requested = day(2026, 11, 25);
    examples.push(Example {
        key: ClockKey::RegistrationReview,
        from: requested,
        due: registration_review_due(calendar, requested, 1),
    });
    examples
}

/// The example as a sentence: the words before the start date, between it and the due date, after.
fn sentence_parts(key: ClockKey) -> (&'static str, &'static str, &'static str) {
    match key {
        ClockKey::FilingWindowOpens => (
            "The MCO received a dispute on ",
            ": the filing window opens on ",
            ".",
        ),
        ClockKey::FilingWindowCloses => (
            "The MCO received a dispute on ",
            ": the filing window closes at the end of ",
            ".",
        ),
        ClockKey::PresentToMco => (
            "A ticket submitted on ",
            " must be presented to the MCO by ",
            ".",
        ),
        ClockKey::McoInfoRequest => (
            "For a ticket presented to the MCO on ",
            ", the MCO can ask for more information until ",
            ".",
        ),
        ClockKey::ProviderInfoResponse => (
            "When the MCO asks for more information on ",
            ", you must give it by ",
            ".",
        ),
        ClockKey::ExtensionRequest => (
            "For a ticket presented to the MCO on ",
            ", an extension must be asked for by ",
            ".",
        ),
        ClockKey::McoResponse => (
            "For a ticket presented to the MCO on ",
            ", the MCO must respond by ",
            ".",
        ),
        ClockKey::ProviderDecision => (
            "When the MCO responds on ",
            ", you must accept or contest the response by ",
            ".",
        ),
        ClockKey::HfsReviewRequest => (
            "When the MCO responds on ",
            " and you contest it, you must ask HFS for a review by ",
            ".",
        ),
        ClockKey::InformationDelivery => (
            "When HFS review is asked for on ",
            ", you and the MCO must send HFS your information by ",
            ".",
        ),
        ClockKey::HfsDecision => (
            "When both sides have sent their information on ",
            ", HFS must decide by ",
            ".",
        ),
        ClockKey::RegistrationReview => (
            "A registration request made on ",
            " should be reviewed by ",
            ".",
        ),
    }
}

/// Why the due date is the one it is: the holidays skipped, or the move off a weekend or holiday.
fn why(calendar: &Calendar, rule: &Rule, from: NaiveDate, due: NaiveDate) -> String {
    match rule.unit {
        Unit::BusinessDays => {
            let mut skipped = Vec::new();
            let mut date = from;
            while date < due {
                date = date.succ_opt().expect("date in range");
                if let Some(name) = calendar.holiday_name(date) {
                    skipped.push(format!("{name} ({})", long_date(date)));
                }
            }
            match skipped.len() {
                0 => "Saturdays and Sundays are not counted.".to_string(),
                1 => format!("Saturdays, Sundays and {} are not counted.", skipped[0]),
                n => format!(
                    "Saturdays, Sundays, {} and {} are not counted.",
                    skipped[..n - 1].join(", "),
                    skipped[n - 1]
                ),
            }
        }
        Unit::CalendarDays => {
            let day_n = add_calendar_days(from, rule.amount);
            let what = |d: NaiveDate| match calendar.holiday_name(d) {
                Some(name) => format!("{} ({name})", long_date(d)),
                None => long_date(d),
            };
            if day_n != due {
                format!(
                    "Day {} is {}, which is not a business day, so the due date moves to the next business day.",
                    rule.amount,
                    what(day_n)
                )
            } else if calendar.is_business_day(due) {
                format!("Day {} is a business day.", rule.amount)
            } else {
                let mut text = format!(
                    "Day {} is {}, which is not a business day, and this date is not moved.",
                    rule.amount,
                    what(day_n)
                );
                if rule.key == ClockKey::FilingWindowCloses {
                    if let Some(safe) = safe_file_by(calendar, due) {
                        text.push_str(&format!(" File by {} to be safe.", long_date(safe)));
                    }
                }
                text
            }
        }
    }
}

fn counted_words(rule: &Rule) -> String {
    format!("{} after {}", rule.days_words(), rule.counted_from)
}

fn moved_words(rule: &Rule) -> &'static str {
    match (rule.unit, rule.moved) {
        (_, true) => "Moved: a due date on a Saturday, Sunday or State holiday moves to the next business day.",
        (Unit::BusinessDays, false) => {
            "Not needed: counting business days already skips Saturdays, Sundays and State holidays."
        }
        (Unit::CalendarDays, false) => {
            "Not moved: the date stays the same even when it is a Saturday, Sunday or State holiday."
        }
    }
}

#[component]
fn RuleSection(rule: &'static Rule, example: Option<(String, String)>) -> impl IntoView {
    let rows: [(&'static str, String); 6] = [
        ("Who must act", owner_words(rule.owed_by).to_string()),
        ("The rule", rule.plain()),
        ("How it is counted", counted_words(rule)),
        ("Weekends and holidays", moved_words(rule).to_string()),
        ("If it is missed", consequence_words(rule)),
        ("Source", rule.source.to_string()),
    ];
    view! {
        <section class="mb-10" aria-labelledby=format!("rule-{}", rule.key_str)>
            <h2 id=format!("rule-{}", rule.key_str) class="text-2xl font-bold mb-3">{rule.title}</h2>
            <dl class="border-t border-border mb-4">
                {rows
                    .into_iter()
                    .map(|(name, value)| {
                        view! {
                            <div class="md:flex border-b border-border py-2 gap-4">
                                <dt class="font-bold md:w-1/3 shrink-0">{name}</dt>
                                <dd>{value}</dd>
                            </div>
                        }
                    })
                    .collect_view()}
            </dl>
            {example
                .map(|(sentence, because)| {
                    view! {
                        <div class="border-l-8 border-border pl-4 py-1">
                            <p class="mb-1"><strong>"Example: "</strong>{sentence}</p>
                            <p class="text-secondary">{because}</p>
                        </div>
                    }
                })}
        </section>
    }
}

#[component]
fn HolidayTable(year: i32) -> impl IntoView {
    let calendar = use_calendar();
    let holidays = calendar.holidays_in(year);
    view! {
        <table class="w-full mb-10 border-collapse text-left">
            <caption class="text-xl font-bold text-left mb-2">{format!("Illinois State holidays in {year}")}</caption>
            <thead>
                <tr class="border-b-2 border-ink">
                    <th scope="col" class="py-2 pr-4 w-1/2">"Date offices close"</th>
                    <th scope="col" class="py-2">"Holiday"</th>
                </tr>
            </thead>
            <tbody>
                {holidays
                    .into_iter()
                    .map(|h| {
                        view! {
                            <tr class="border-b border-border">
                                <th scope="row" class="py-2 pr-4 font-normal">{long_date(h.date)}</th>
                                <td class="py-2">{h.name}</td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
}

#[component]
pub fn HowDeadlinesWork() -> impl IntoView {
    use_title(|| TITLE.to_string(), || false);
    let calendar = use_calendar();
    let year = {
        let today = use_clock().illinois_today();
        Memo::new(move |_| today.get().year())
    };
    let examples = worked_examples(&calendar);
    let sections = RULES
        .iter()
        .map(|rule| {
            let example = examples.iter().find(|e| e.key == rule.key).map(|e| {
                let (before, between, after) = sentence_parts(rule.key);
                let mut sentence = format!(
                    "{before}{}{between}{}{after}",
                    long_date(e.from),
                    long_date(e.due)
                );
                if rule.key == ClockKey::RegistrationReview {
                    let more = registration_review_due(&calendar, e.from, LARGE_REQUEST_FACILITIES);
                    sentence = format!(
                        "{sentence} For {LARGE_REQUEST_FACILITIES} or more facilities, by {}.",
                        long_date(more)
                    );
                }
                (sentence, why(&calendar, rule, e.from, e.due))
            });
            view! { <RuleSection rule=rule example=example /> }
        })
        .collect_view();
    view! {
        <BackLink href="/" />
        <h1 class="text-4xl font-bold mb-6">{TITLE}</h1>
        <p class="text-xl mb-4">
            "Every deadline in the portal is worked out by the same rules, taken from the State's documents. This page lists each one, with an example the portal works out for you now."
        </p>
        <p class="mb-8">
            "To see every deadline of one ticket, use the "
            <a href=CALCULATOR_PATH>"deadline calculator"</a>
            "."
        </p>

        <nav aria-labelledby="contents-heading" class="mb-10" id="contents">
            <h2 id="contents-heading" class="text-xl font-bold mb-2">"Contents"</h2>
            <ul class="list-none space-y-1">
                <li><a href="#days-and-time">"Days and time"</a></li>
                {RULES
                    .iter()
                    .map(|rule| {
                        view! { <li><a href=format!("#rule-{}", rule.key_str)>{rule.title}</a></li> }
                    })
                    .collect_view()}
                <li><a href="#holidays">"Illinois State holidays"</a></li>
            </ul>
        </nav>

        <h2 class="text-2xl font-bold mb-3" id="days-and-time">"Days and time"</h2>
        <ul class="list-disc pl-6 space-y-2 mb-10">
            <li>"A business day is Monday to Friday, except Illinois State holidays (listed at the end of this page)."</li>
            <li>
                {rules::rule_table::words("\"{provider_decision} after\" a day: that day itself never counts, even when it is a business day. Counting starts with the next business day.")}
            </li>
            <li>
                {rules::rule_table::words("\"{mco_response} after\" a day: that day plus {mco_response_n} days. When that date is a Saturday, Sunday or State holiday, most due dates move to the next business day. Each rule below says whether its date moves.")}
            </li>
            <li>
                {format!("A deadline ends at {} (Illinois time, with daylight saving) on its due date, wherever you are. A filing window opens at 12:00 a.m. (midnight) {} on its first day.", rules::dates::DEADLINE_TIME, rules::dates::TIME_ZONE_WORDS)}
            </li>
        </ul>

        <p class="mb-8">{format!("There are {} deadlines.", RULES.len())}</p>
        {sections}

        <h2 class="text-2xl font-bold mb-3" id="holidays">"Illinois State holidays"</h2>
        <p class="mb-4">
            "State offices close on these days, and business days skip them. When a holiday with a fixed date falls on a Saturday, offices close on the Friday before; on a Sunday, on the Monday after. The dates below are the days offices close."
        </p>
        {move || {
            let year = year.get();
            view! {
                <HolidayTable year=year />
                <HolidayTable year=year + 1 />
            }
        }}
        <p>
            <a href=CALCULATOR_PATH>"Work out the deadlines of a ticket"</a>
        </p>
    }
}
