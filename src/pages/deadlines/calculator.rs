//! The deadline calculator: a ticket's events in, every clock out, worked out in the browser by
//! `rules::timeline`. It is a calculator, not a transaction, so every event is on one form; only the
//! date the MCO received the dispute is needed. Nothing is stored: a reload starts again.

use chrono::NaiveDate;
use leptos::prelude::*;
use rules::dates::{long_date, parse_iso_date};
use rules::forms::{
    check_supported_year, parse_date_parts, sentence_start, DateError, DateFields, DateParts,
};
use rules::rule_table::rule;
use rules::timeline::{timeline, ClockState, Events, ExtensionFor, ProviderDecision, Timeline};

use crate::clock::{use_calendar, use_clock};
use crate::components::clock_state::{countdown_kind, state_words};
use crate::components::fines_table::fines_table;
use crate::components::rule_words::{consequence_words, owner_words};
use crate::components::{
    BackLink, Countdown, DateInput, ErrorSummary, FieldError, RadioOption, Radios,
};
use crate::page::{focus_id, use_title, RULES_PATH};

const TITLE: &str = "Deadline calculator";

/// One date of the form.
struct DateField {
    /// The event's name in `rules::timeline::Events` (and in the engine's problems).
    key: &'static str,
    /// Prefix of the three inputs' ids.
    id: &'static str,
    legend: &'static str,
    hint: &'static str,
    /// The date's name in the middle of a sentence ("Enter {label}").
    label: &'static str,
}

const RECEIVED: usize = 0;
const SUBMITTED: usize = 1;
const PRESENTED: usize = 2;
const INFO_REQUESTED: usize = 3;
const INFO_PROVIDED: usize = 4;
const RESPONDED: usize = 5;
const DECIDED: usize = 6;
const REVIEW_REQUESTED: usize = 7;
const DELIVERED: usize = 8;
const HFS_DECIDED: usize = 9;
const AS_OF: usize = 10;

const FIELDS: [DateField; 11] = [
    DateField {
        key: "mco_received_on",
        id: "received",
        legend: "Date the MCO received the dispute",
        hint: "The day the MCO gave the dispute its tracking number.",
        label: "the date the MCO received the dispute",
    },
    DateField {
        key: "submitted_on",
        id: "submitted",
        legend: "Date the ticket was submitted (optional)",
        hint: "The day the ticket was filed in the portal.",
        label: "the date the ticket was submitted",
    },
    DateField {
        key: "presented_on",
        id: "presented",
        legend: "Date HFS presented the ticket to the MCO (optional)",
        hint: "The day HFS sent the complete ticket to the MCO.",
        label: "the date HFS presented the ticket to the MCO",
    },
    DateField {
        key: "info_requested_on",
        id: "info-requested",
        legend: "Date the MCO asked for more information (optional)",
        hint: "Leave it empty if the MCO did not ask.",
        label: "the date the MCO asked for more information",
    },
    DateField {
        key: "info_provided_on",
        id: "info-provided",
        legend: "Date you gave the information (optional)",
        hint: "The day you gave the MCO what it asked for.",
        label: "the date you gave the information",
    },
    DateField {
        key: "mco_responded_on",
        id: "responded",
        legend: "Date the MCO responded (optional)",
        hint: "The day the MCO entered its written response.",
        label: "the date the MCO responded",
    },
    DateField {
        key: "provider_decided_on",
        id: "decided",
        legend: "Date you accepted or contested the response (optional)",
        hint: "Leave it empty if you have not decided yet.",
        label: "the date you accepted or contested the response",
    },
    DateField {
        key: "hfs_review_requested_on",
        id: "review-requested",
        legend: "Date you asked HFS for a review (optional)",
        hint: "Only after contesting the MCO's response.",
        label: "the date you asked HFS for a review",
    },
    DateField {
        key: "information_delivered_on",
        id: "delivered",
        legend: "Date both sides had given HFS their information (optional)",
        hint: "The day the last of the two sides delivered.",
        label: "the date both sides had given HFS their information",
    },
    DateField {
        key: "hfs_decided_on",
        id: "hfs-decided",
        legend: "Date HFS decided (optional)",
        hint: "The day of HFS's final decision.",
        label: "the date HFS decided",
    },
    DateField {
        key: "as_of",
        id: "as-of",
        legend: "Work the deadlines out as of (optional)",
        hint: "Leave it empty to use today's date in Illinois.",
        label: "the date to work the deadlines out as of",
    },
];

const EXTENSION_ID: &str = "extension";
const DECISION_ID: &str = "decision";

const EXTENSION_OPTIONS: [RadioOption; 3] = [
    RadioOption {
        value: "none",
        label: "None",
        hint: None,
    },
    RadioOption {
        value: "mco",
        label: "For the MCO",
        hint: None,
    },
    RadioOption {
        value: "provider",
        label: "For the provider",
        hint: None,
    },
];

const DECISION_OPTIONS: [RadioOption; 3] = [
    RadioOption {
        value: "not_yet",
        label: "Not yet",
        hint: None,
    },
    RadioOption {
        value: "accepted",
        label: "Accepted",
        hint: None,
    },
    RadioOption {
        value: "contested",
        label: "Contested",
        hint: None,
    },
];

/// What an event's name means, in the middle of a sentence (for the engine's problems).
fn field_words(key: &str) -> Option<&'static str> {
    match key {
        "extension_approved_for" => Some("the extension"),
        "provider_decision" => Some("your decision on the response"),
        _ => FIELDS.iter().find(|f| f.key == key).map(|f| f.label),
    }
}

/// The engine's message in the user's words: event names become what they mean and dates are
/// written out ("2026-02-20" becomes "Friday, February 20, 2026").
pub fn problem_words(message: &str) -> String {
    let mut out = String::new();
    let mut rest = message;
    while let Some(c) = rest.chars().next() {
        if let Some(date) = rest.get(..10).and_then(parse_iso_date) {
            out.push_str(&long_date(date));
            rest = &rest[10..];
            continue;
        }
        let word = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(rest.len());
        if word > 0 {
            out.push_str(field_words(&rest[..word]).unwrap_or(&rest[..word]));
            rest = &rest[word..];
        } else {
            out.push(c);
            rest = &rest[c.len_utf8()..];
        }
    }
    sentence_start(&out)
}

/// Reads one date of the form: `None` when left empty (every date but the first may be).
fn read_date(
    field: &DateField,
    parts: &DateParts,
    required: bool,
) -> Result<Option<NaiveDate>, DateError> {
    if !required
        && [&parts.day, &parts.month, &parts.year]
            .iter()
            .all(|p| p.trim().is_empty())
    {
        return Ok(None);
    }
    let date = parse_date_parts(parts, field.label)?;
    check_supported_year(date, field.label).map(Some)
}

/// One date of the form: what was typed, and its problem.
#[derive(Clone, Copy)]
struct Entry {
    parts: RwSignal<DateParts>,
    error: RwSignal<Option<DateError>>,
}

/// What "Calculate" worked out.
#[derive(Clone)]
struct Outcome {
    timeline: Timeline,
    /// The date the clocks were worked out as of.
    as_of: NaiveDate,
    /// Whether that is today's date in Illinois (the countdowns count from now).
    is_today: bool,
    submitted_on: Option<NaiveDate>,
}

#[component]
pub fn Calculator() -> impl IntoView {
    let calendar = use_calendar();
    let today = use_clock().illinois_today();
    let entries: [Entry; 11] = std::array::from_fn(|_| Entry {
        parts: RwSignal::new(DateParts::default()),
        error: RwSignal::new(None),
    });
    let extension = RwSignal::new(Some("none"));
    let extension_error = RwSignal::new(None::<String>);
    let decision = RwSignal::new(Some("not_yet"));
    let decision_error = RwSignal::new(None::<String>);
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let outcome = RwSignal::new(None::<Outcome>);
    use_title(|| TITLE.to_string(), move || errors.with(|e| !e.is_empty()));

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut found: Vec<FieldError> = Vec::new();
        let mut dates: [Option<NaiveDate>; 11] = [None; 11];
        extension_error.set(None);
        decision_error.set(None);
        for (i, field) in FIELDS.iter().enumerate() {
            let entry = entries[i];
            match read_date(field, &entry.parts.get_untracked(), i == RECEIVED) {
                Ok(date) => {
                    dates[i] = date;
                    entry.error.set(None);
                }
                Err(e) => {
                    found.push(FieldError::new(
                        format!("{}-{}", field.id, e.fields.first()),
                        e.message.clone(),
                    ));
                    entry.error.set(Some(e));
                }
            }
        }
        if found.is_empty() {
            let as_of = dates[AS_OF].unwrap_or_else(|| today.get_untracked());
            let events = Events {
                mco_received_on: dates[RECEIVED].expect("required and read"),
                submitted_on: dates[SUBMITTED],
                presented_on: dates[PRESENTED],
                info_requested_on: dates[INFO_REQUESTED],
                info_provided_on: dates[INFO_PROVIDED],
                extension_approved_for: match extension.get_untracked() {
                    Some("mco") => Some(ExtensionFor::Mco),
                    Some("provider") => Some(ExtensionFor::Provider),
                    _ => None,
                },
                mco_responded_on: dates[RESPONDED],
                provider_decision: match decision.get_untracked() {
                    Some("accepted") => Some(ProviderDecision::Accepted),
                    Some("contested") => Some(ProviderDecision::Contested),
                    _ => None,
                },
                provider_decided_on: dates[DECIDED],
                hfs_review_requested_on: dates[REVIEW_REQUESTED],
                information_delivered_on: dates[DELIVERED],
                hfs_decided_on: dates[HFS_DECIDED],
                ..Default::default()
            };
            match timeline(&calendar, &events, as_of) {
                Ok(timeline) => {
                    errors.set(Vec::new());
                    outcome.set(Some(Outcome {
                        timeline,
                        as_of,
                        is_today: as_of == today.get_untracked(),
                        submitted_on: events.submitted_on,
                    }));
                    request_animation_frame(|| focus_id("result-heading"));
                    return;
                }
                Err(problems) => {
                    for p in problems {
                        let message = problem_words(&p.message);
                        let link = match p.field {
                            "extension_approved_for" => {
                                extension_error.update(|e| {
                                    e.get_or_insert_with(|| message.clone());
                                });
                                EXTENSION_ID.to_string()
                            }
                            "provider_decision" => {
                                decision_error.update(|e| {
                                    e.get_or_insert_with(|| message.clone());
                                });
                                DECISION_ID.to_string()
                            }
                            key => {
                                let i =
                                    FIELDS.iter().position(|f| f.key == key).unwrap_or(RECEIVED);
                                entries[i].error.update(|e| {
                                    e.get_or_insert_with(|| DateError {
                                        message: message.clone(),
                                        fields: DateFields::ALL,
                                    });
                                });
                                format!("{}-month", FIELDS[i].id)
                            }
                        };
                        let error = FieldError::new(link, message);
                        if !found.contains(&error) {
                            found.push(error);
                        }
                    }
                }
            }
        }
        outcome.set(None);
        errors.set(found);
    };

    let date_input = move |i: usize| {
        let field = &FIELDS[i];
        view! {
            <DateInput
                id=field.id
                caption=""
                legend=field.legend
                hint=field.hint
                parts=entries[i].parts
                error=entries[i].error
                plain_legend=true
            />
        }
    };
    let section =
        |title: &'static str| view! { <h2 class="text-2xl font-bold mb-4 mt-10">{title}</h2> };

    view! {
        <BackLink href=RULES_PATH />
        <ErrorSummary errors=errors />
        <h1 class="text-4xl font-bold mb-6">{TITLE}</h1>
        <p class="mb-4">
            "Enter what has happened on a ticket so far to see every deadline, who must act and by when. Only the first date is needed. Nothing you enter is sent or kept."
        </p>
        <p class="mb-8">
            "The rules it uses are explained in " <a href=RULES_PATH>"how deadlines are worked out"</a> "."
        </p>
        <form novalidate on:submit=on_submit>
            {section("The ticket")}
            {date_input(RECEIVED)}
            {date_input(SUBMITTED)}
            {date_input(PRESENTED)}
            {section("More information")}
            {date_input(INFO_REQUESTED)}
            {date_input(INFO_PROVIDED)}
            {section("The MCO's response")}
            <Radios
                id=EXTENSION_ID
                caption=""
                legend="Extension approved by HFS"
                hint=rules::rule_table::words("HFS can approve one {extension_n}-day extension, for the MCO or for the provider.")
                options=EXTENSION_OPTIONS.to_vec()
                selected=extension
                error=extension_error
                plain_legend=true
            />
            {date_input(RESPONDED)}
            {section("Your decision")}
            <Radios
                id=DECISION_ID
                caption=""
                legend="Your decision on the MCO's response"
                options=DECISION_OPTIONS.to_vec()
                selected=decision
                error=decision_error
                plain_legend=true
            />
            {date_input(DECIDED)}
            {section("Administrative Review")}
            {date_input(REVIEW_REQUESTED)}
            {date_input(DELIVERED)}
            {date_input(HFS_DECIDED)}
            {section("When")}
            {date_input(AS_OF)}
            <button type="submit" class="btn">"Calculate"</button>
        </form>
        {move || outcome.get().map(|o| view! { <TicketDeadlines outcome=o /> })}
    }
}

#[component]
fn TicketDeadlines(outcome: Outcome) -> impl IntoView {
    let Outcome {
        timeline: t,
        as_of,
        is_today,
        submitted_on,
    } = outcome;
    let as_of_words = if is_today {
        format!("Worked out for today, {}, in Illinois.", long_date(as_of))
    } else {
        format!(
            "Worked out as of {}. The countdowns count from now.",
            long_date(as_of)
        )
    };
    let closed = t.closed_reason.map(|r| {
        view! { <p class="mt-2">"Why it is closed: " {r.explanation()}</p> }
    });
    let rows = t
        .deadlines
        .iter()
        .map(|d| {
            let rule = rule(d.key);
            let words = state_words(d, submitted_on);
            let missed = (d.state == ClockState::Missed).then(|| {
                view! { <span class="block text-secondary">{consequence_words(rule)}</span> }
            });
            let countdown = (d.state == ClockState::Pending).then(|| {
                view! { <span class="block mt-1"><Countdown kind=countdown_kind(d.key) date=d.due_on /></span> }
            });
            view! {
                <tr class="border-b border-border align-top" data-clock=d.key.as_str()>
                    <th scope="row" class="py-2 pr-4 text-left">{rule.title}</th>
                    <td class="py-2 pr-4">{owner_words(d.owed_by)}</td>
                    <td class="py-2 pr-4">{long_date(d.due_on)}</td>
                    <td class="py-2">
                        <span class="block">{words}</span>
                        {missed}
                        {countdown}
                    </td>
                </tr>
            }
        })
        .collect_view();
    let fines = if t.fines.is_empty() {
        view! { <p class="mb-8">"No fines: the MCO's response is not late."</p> }.into_any()
    } else {
        view! {
            <div class="mb-8">
                {fines_table(
                    &t.fines,
                    "A late MCO response means one fine for the MCO. The Portal Sanction Payment Notice for the fines of a calendar quarter is due by the last day of the month after it.",
                )}
            </div>
        }
        .into_any()
    };
    view! {
        <section aria-labelledby="result-heading" class="mt-12 border-t-4 border-brand pt-6">
            <h2 id="result-heading" tabindex="-1" class="text-3xl font-bold mb-4">"This ticket's deadlines"</h2>
            <p class="mb-4">{as_of_words}</p>
            <div class="border-l-8 border-brand bg-panel p-4 mb-8">
                <p class="text-xl">"Ticket status: " <strong id="ticket-status">{t.status.label()}</strong></p>
                {closed}
            </div>
            <table class="w-full mb-8 border-collapse text-left">
                <caption class="text-2xl font-bold text-left mb-2">"Every clock of this ticket"</caption>
                <thead>
                    <tr class="border-b-2 border-ink">
                        <th scope="col" class="py-2 pr-4">"Clock"</th>
                        <th scope="col" class="py-2 pr-4">"Who must act"</th>
                        <th scope="col" class="py-2 pr-4">"Due date"</th>
                        <th scope="col" class="py-2">"Where it stands"</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
            <h3 class="text-2xl font-bold mb-2">"Fines"</h3>
            {fines}
            <p>"How each date is worked out: " <a href=RULES_PATH>"how deadlines are worked out"</a> "."</p>
        </section>
    }
}
