//! The rule table as data: every clock's length, its unit, whether its due date is moved off
//! weekends and State holidays, who owes it, its source and what happens when it is missed
//! (`docs/rules.md` explains each reading). The engine ([`crate::timeline`]) counts every due date
//! from here, `GET /api/rules` returns it, and the pages build every sentence that names one of its
//! numbers from it ([`Span::words`], [`Rule::plain`], [`words`], [`crate::money::dollars`]).
//!
//! This module is the only place where the numbers of the rules are written. It imports nothing of
//! the engine: the engine imports it.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::calendar::{add_calendar_days, Calendar};
use crate::money::{dollars, whole_dollars};

/// Who owes a clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Owner {
    Provider,
    Mco,
    Hfs,
    /// Either may ask (the single extension).
    McoOrProvider,
    /// Both must deliver (information for an HFS review).
    McoAndProvider,
}

/// Every clock of the portal, by its key in the rule table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClockKey {
    FilingWindowOpens,
    FilingWindowCloses,
    PresentToMco,
    McoInfoRequest,
    ProviderInfoResponse,
    ExtensionRequest,
    McoResponse,
    ProviderDecision,
    HfsReviewRequest,
    InformationDelivery,
    HfsDecision,
    RegistrationReview,
}

impl ClockKey {
    pub fn as_str(self) -> &'static str {
        rule(self).key_str
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    BusinessDays,
    CalendarDays,
}

impl Unit {
    /// The unit in words, for `n` of them: "business days", "calendar day".
    pub fn words(self, n: u32) -> &'static str {
        match (self, n) {
            (Unit::BusinessDays, 1) => "business day",
            (Unit::BusinessDays, _) => "business days",
            (Unit::CalendarDays, 1) => "calendar day",
            (Unit::CalendarDays, _) => "calendar days",
        }
    }
}

/// A length of time the rules count: so many business or calendar days, and whether a due date on
/// a weekend or State holiday moves to the next business day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub amount: u32,
    pub unit: Unit,
    pub moved: bool,
}

impl Span {
    const fn calendar(amount: u32, moved: bool) -> Span {
        Span {
            amount,
            unit: Unit::CalendarDays,
            moved,
        }
    }

    /// The due date of this span counted from `from` (the day itself never counts).
    pub fn due_from(&self, calendar: &Calendar, from: NaiveDate) -> NaiveDate {
        match (self.unit, self.moved) {
            (Unit::BusinessDays, _) => calendar.add_business_days(from, self.amount),
            (Unit::CalendarDays, true) => calendar.add_calendar_days_moved(from, self.amount),
            (Unit::CalendarDays, false) => add_calendar_days(from, self.amount),
        }
    }

    /// The span in words: "10 business days", "30 calendar days".
    pub fn words(&self) -> String {
        format!("{} {}", self.amount, self.unit.words(self.amount))
    }

    /// The last day of the span in words: "30th calendar day".
    pub fn nth_day_words(&self) -> String {
        format!("{} {}", ordinal(self.amount), self.unit.words(1))
    }
}

/// One rule, with its source and what happens when it is missed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    pub key: ClockKey,
    pub key_str: &'static str,
    pub owed_by: Owner,
    pub amount: u32,
    pub unit: Unit,
    /// Whether a due date on a weekend or State holiday moves to the next business day.
    pub moved: bool,
    pub source: &'static str,
    /// What happens when it is missed, with the placeholders of [`fill`].
    consequence: &'static str,
    /// A short name for people.
    pub title: &'static str,
    /// The rule in plain words, with the placeholders of [`fill`].
    plain: &'static str,
    /// What it is counted from.
    pub counted_from: &'static str,
}

impl Rule {
    /// The length of the clock.
    pub const fn span(&self) -> Span {
        Span {
            amount: self.amount,
            unit: self.unit,
            moved: self.moved,
        }
    }

    /// The due date of the clock counted from `from`.
    pub fn due_from(&self, calendar: &Calendar, from: NaiveDate) -> NaiveDate {
        self.span().due_from(calendar, from)
    }

    /// The clock's length in words: "10 business days".
    pub fn days_words(&self) -> String {
        self.span().words()
    }

    /// The rule in plain words.
    pub fn plain(&self) -> String {
        fill(self.plain, self)
    }

    /// What happens when the clock is missed: "ticket overdue; one $5,000 fine".
    pub fn consequence(&self) -> String {
        fill(self.consequence, self)
    }
}

/// A rule's text with its numbers put in: `{n}` the clock's amount, `{days}` its length in words,
/// `{nth_day}` its last day in words, then every placeholder of [`words`].
fn fill(template: &str, rule: &Rule) -> String {
    words(
        &template
            .replace("{n}", &rule.amount.to_string())
            .replace("{days}", &rule.days_words())
            .replace("{nth_day}", &rule.span().nth_day_words()),
    )
}

/// A text that names numbers of the table, with them put in, so that pages never type one:
/// - `{present_to_mco}` (any clock's key): its length in words, "10 business days";
/// - `{present_to_mco_n}`: its amount alone, "10";
/// - `{fine}` "$5,000.00", `{fine_whole}` "$5,000";
/// - `{filing_window}` "30 to 60 calendar days";
/// - `{extension_n}` the days the extension adds, "30"; `{extended}` the extended response
///   period, "60 calendar days", `{extended_n}` "60"; `{notice}` how long before the end of the
///   first period it is asked for, "7 calendar days"; `{response_n}` "30";
/// - `{large}` the facilities of a large registration request, "10"; `{large_extra}` how much
///   longer it takes, "21 calendar days"; `{large_extra_weeks}` "up to 3 more weeks".
///
/// The examples are those of today's table; the words always follow it.
pub fn words(template: &str) -> String {
    if !template.contains('{') {
        return template.to_string();
    }
    let mut text = template
        .replace("{fine}", &dollars(FINE_CENTS))
        .replace("{fine_whole}", &whole_dollars(FINE_CENTS))
        .replace("{filing_window}", &filing_window_words())
        .replace("{response_n}", &MCO_RESPONSE.amount.to_string())
        .replace("{extended}", &MCO_RESPONSE_EXTENDED.words())
        .replace("{extended_n}", &MCO_RESPONSE_EXTENDED.amount.to_string())
        .replace("{extension_n}", &extension_length().to_string())
        .replace("{notice}", &EXTENSION_NOTICE.words())
        .replace("{large}", &LARGE_REQUEST_FACILITIES.to_string())
        .replace("{large_extra}", &LARGE_REQUEST_EXTRA.words())
        .replace("{large_extra_weeks}", &large_request_extra_words());
    for r in &RULES {
        text = text
            .replace(&format!("{{{}}}", r.key_str), &r.days_words())
            .replace(&format!("{{{}_n}}", r.key_str), &r.amount.to_string());
    }
    text
}

/// `30th`, `21st`, `2nd`, `13th`.
pub fn ordinal(n: u32) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

/// The wire form of a rule: `{"key", "owed_by", "amount", "unit", "moved", "source", "consequence"}`.
#[derive(Debug, Clone, Serialize)]
pub struct RuleDto {
    pub key: &'static str,
    pub owed_by: Owner,
    pub amount: u32,
    pub unit: Unit,
    pub moved: bool,
    pub source: &'static str,
    pub consequence: String,
}

impl From<&Rule> for RuleDto {
    fn from(r: &Rule) -> Self {
        RuleDto {
            key: r.key_str,
            owed_by: r.owed_by,
            amount: r.amount,
            unit: r.unit,
            moved: r.moved,
            source: r.source,
            consequence: r.consequence(),
        }
    }
}

/// The fine for one MCO response not in by its due date (the MCO policy).
pub const FINE_CENTS: i64 = 500_000;

/// The MCO's response period once HFS approved the single extension (instead of
/// [`MCO_RESPONSE`]'s).
pub const MCO_RESPONSE_EXTENDED: Span = Span::calendar(60, true);

/// The extension must be asked for this long before the end of the first response period.
pub const EXTENSION_NOTICE: Span = Span::calendar(7, false);

/// A registration request for this many facilities or more takes longer to review...
pub const LARGE_REQUEST_FACILITIES: u32 = 10;

/// ...up to this much longer, counted from the end of [`REGISTRATION_REVIEW`]
/// (the July 2023 overview: "up to an addition 3 weeks").
pub const LARGE_REQUEST_EXTRA: Span = Span::calendar(21, true);

/// How many days the approved extension adds to the MCO's response period.
pub const fn extension_length() -> u32 {
    MCO_RESPONSE_EXTENDED.amount - MCO_RESPONSE.amount
}

/// The filing window in words: "30 to 60 calendar days".
pub fn filing_window_words() -> String {
    format!(
        "{} to {}",
        FILING_WINDOW_OPENS.amount,
        FILING_WINDOW_CLOSES.span().words()
    )
}

/// The registration review for a request of `facilities` facilities in words: "2 business days",
/// or "2 business days and up to 21 calendar days more" for a large request.
pub fn registration_review_words(facilities: u32) -> String {
    if facilities >= LARGE_REQUEST_FACILITIES {
        format!(
            "{} and up to {} more",
            REGISTRATION_REVIEW.days_words(),
            LARGE_REQUEST_EXTRA.words()
        )
    } else {
        REGISTRATION_REVIEW.days_words()
    }
}

/// How much longer the review of a large registration request can take: "up to 3 more weeks".
pub fn large_request_extra_words() -> String {
    let span = LARGE_REQUEST_EXTRA;
    match (span.unit, span.amount % 7, span.amount / 7) {
        (Unit::CalendarDays, 0, 1) => "up to 1 more week".to_string(),
        (Unit::CalendarDays, 0, weeks) => format!("up to {weeks} more weeks"),
        _ => format!("up to {} more", span.words()),
    }
}

/// A length in calendar days as whole weeks in words ("3 weeks"), or as days when it is not whole
/// weeks ("10 calendar days").
pub fn weeks_words(span: Span) -> String {
    match (span.unit, span.amount % 7, span.amount / 7) {
        (Unit::CalendarDays, 0, 1) => "1 week".to_string(),
        (Unit::CalendarDays, 0, weeks) => format!("{weeks} weeks"),
        _ => span.words(),
    }
}

const WINDOW_SOURCE: &str = "HFS provider notice of March 2, 2021; \"Provider Resolution Portal Overview\" (July 2023); 89 Ill. Adm. Code 140.75(b)(2)";

pub const FILING_WINDOW_OPENS: Rule = Rule {
    key: ClockKey::FilingWindowOpens,
    key_str: "filing_window_opens",
    owed_by: Owner::Provider,
    amount: 30,
    unit: Unit::CalendarDays,
    moved: false,
    source: WINDOW_SOURCE,
    consequence: "a ticket filed earlier is closed",
    title: "Filing window opens",
    plain: "You can file a ticket from the {nth_day} after the MCO received your dispute (the day it gave the tracking number). Day {n} itself counts. The date is not moved for weekends or holidays.",
    counted_from: "the date the MCO received the dispute",
};

pub const FILING_WINDOW_CLOSES: Rule = Rule {
    key: ClockKey::FilingWindowCloses,
    key_str: "filing_window_closes",
    owed_by: Owner::Provider,
    amount: 60,
    unit: Unit::CalendarDays,
    moved: false,
    source: WINDOW_SOURCE,
    consequence: "a ticket filed later is closed",
    title: "Filing window closes",
    plain: "You must file by the {nth_day} after the MCO received your dispute. Day {n} itself counts. It is not moved: when it falls on a weekend or State holiday, file by the business day before to be safe.",
    counted_from: "the date the MCO received the dispute",
};

pub const PRESENT_TO_MCO: Rule = Rule {
    key: ClockKey::PresentToMco,
    key_str: "present_to_mco",
    owed_by: Owner::Hfs,
    amount: 10,
    unit: Unit::BusinessDays,
    moved: false,
    source: "HFS MCO policy \"HFS Provider Resolution Portal Requirements\"; 89 Ill. Adm. Code 140.75(c)",
    consequence: "shown overdue to HFS",
    title: "HFS presents the ticket to the MCO",
    plain: "HFS checks the ticket is complete and presents it to the MCO within {days} of receiving it.",
    counted_from: "the day the ticket was submitted",
};

pub const MCO_INFO_REQUEST: Rule = Rule {
    key: ClockKey::McoInfoRequest,
    key_str: "mco_info_request",
    owed_by: Owner::Mco,
    amount: 5,
    unit: Unit::BusinessDays,
    moved: false,
    source:
        "\"Provider Resolution Portal Overview\" (July 2023); HFS provider notice of March 2, 2021",
    consequence: "the MCO can no longer ask",
    title: "MCO asks for more information",
    plain: "The MCO may ask you for more information only within {days} of receiving the ticket.",
    counted_from: "the day the ticket was presented to the MCO",
};

pub const PROVIDER_INFO_RESPONSE: Rule = Rule {
    key: ClockKey::ProviderInfoResponse,
    key_str: "provider_info_response",
    owed_by: Owner::Provider,
    amount: 5,
    unit: Unit::BusinessDays,
    moved: false,
    source: "\"Provider Resolution Portal Overview\" (July 2023); HFS provider notice of March 2, 2021",
    consequence: "ticket closed, reason no_info_response",
    title: "You answer the MCO's request",
    plain: "When the MCO asks for more information, you have {days} to give it, or to show you already gave it to the MCO. Otherwise the ticket is closed.",
    counted_from: "the day the MCO asked",
};

pub const EXTENSION_REQUEST: Rule = Rule {
    key: ClockKey::ExtensionRequest,
    key_str: "extension_request",
    owed_by: Owner::McoOrProvider,
    // Day 23: the extension notice before the end of the first response period.
    amount: MCO_RESPONSE.amount - EXTENSION_NOTICE.amount,
    unit: Unit::CalendarDays,
    moved: false,
    source: "HFS MCO policy \"HFS Provider Resolution Portal Requirements\"; 89 Ill. Adm. Code 140.75(e)",
    consequence: "no extension can be asked",
    title: "Asking for the one extension",
    plain: "In extenuating circumstances the MCO or you may ask HFS for one {extension_n}-day extension, for one of you only, no later than {notice} before the end of the first {response_n} days (day {n}).",
    counted_from: "the day the ticket was presented to the MCO",
};

pub const MCO_RESPONSE: Rule = Rule {
    key: ClockKey::McoResponse,
    key_str: "mco_response",
    owed_by: Owner::Mco,
    amount: 30,
    unit: Unit::CalendarDays,
    moved: true,
    source: "HFS MCO policy \"HFS Provider Resolution Portal Requirements\"; 89 Ill. Adm. Code 140.75(d)",
    consequence: "ticket overdue; one {fine_whole} fine",
    title: "MCO's written response",
    plain: "The MCO must enter its written response or proposal, marked Upheld or Overturned, within {days} ({extended_n} with an approved extension). A due date on a weekend or State holiday moves to the next business day. A late response means a {fine} fine for the MCO.",
    counted_from: "the day the ticket was presented to the MCO",
};

pub const PROVIDER_DECISION: Rule = Rule {
    key: ClockKey::ProviderDecision,
    key_str: "provider_decision",
    owed_by: Owner::Provider,
    amount: 5,
    unit: Unit::BusinessDays,
    moved: false,
    source: "HFS MCO policy \"HFS Provider Resolution Portal Requirements\"",
    consequence: "ticket closed, reason not_contested",
    title: "You accept or contest the response",
    plain: "You have {days} after the MCO's response to accept it or contest it. If you do neither, the ticket is closed.",
    counted_from: "the day the MCO responded",
};

pub const HFS_REVIEW_REQUEST: Rule = Rule {
    key: ClockKey::HfsReviewRequest,
    key_str: "hfs_review_request",
    owed_by: Owner::Provider,
    amount: 30,
    unit: Unit::CalendarDays,
    moved: true,
    source: "HFS MCO policy \"HFS Provider Resolution Portal Requirements\"",
    consequence: "no HFS review",
    title: "You ask HFS to review",
    plain: "After contesting, you have {days} from the MCO's response to ask HFS for a review and final decision.",
    counted_from: "the day the MCO responded",
};

pub const INFORMATION_DELIVERY: Rule = Rule {
    key: ClockKey::InformationDelivery,
    key_str: "information_delivery",
    owed_by: Owner::McoAndProvider,
    amount: 30,
    unit: Unit::CalendarDays,
    moved: true,
    source: "\"Provider Resolution Portal Overview\" (July 2023); HFS MCO policy \"HFS Provider Resolution Portal Requirements\"",
    consequence: "HFS decides on what it has",
    title: "Both sides send HFS their information",
    plain: "Within {days} of the request for review, you and the MCO must each give HFS all relevant information, with contacts of people who know the case.",
    counted_from: "the day HFS review was asked for",
};

pub const HFS_DECISION: Rule = Rule {
    key: ClockKey::HfsDecision,
    key_str: "hfs_decision",
    owed_by: Owner::Hfs,
    amount: 30,
    unit: Unit::CalendarDays,
    moved: true,
    source: "\"Provider Resolution Portal Overview\" (July 2023)",
    consequence: "shown overdue to HFS",
    title: "HFS decides",
    plain: "HFS gives its written, final decision within {days} after the information is in: from the day both sides delivered, or else from the information deadline.",
    counted_from: "the day the information was in",
};

pub const REGISTRATION_REVIEW: Rule = Rule {
    key: ClockKey::RegistrationReview,
    key_str: "registration_review",
    owed_by: Owner::Hfs,
    amount: 2,
    unit: Unit::BusinessDays,
    moved: false,
    source: "\"Provider Resolution Portal Overview\" (July 2023); HFS \"Provider Resolution Portal Registration Instructions\"",
    consequence: "shown to the registrant as late",
    title: "HFS reviews a registration",
    plain: "HFS reviews a complete registration request within {days}. A request for {large} or more facilities can take up to {large_extra} more.",
    counted_from: "the day the request was made",
};

/// Every rule, in the order of the table.
pub const RULES: [Rule; 12] = [
    FILING_WINDOW_OPENS,
    FILING_WINDOW_CLOSES,
    PRESENT_TO_MCO,
    MCO_INFO_REQUEST,
    PROVIDER_INFO_RESPONSE,
    EXTENSION_REQUEST,
    MCO_RESPONSE,
    PROVIDER_DECISION,
    HFS_REVIEW_REQUEST,
    INFORMATION_DELIVERY,
    HFS_DECISION,
    REGISTRATION_REVIEW,
];

/// The rule of a clock.
pub const fn rule(key: ClockKey) -> &'static Rule {
    match key {
        ClockKey::FilingWindowOpens => &RULES[0],
        ClockKey::FilingWindowCloses => &RULES[1],
        ClockKey::PresentToMco => &RULES[2],
        ClockKey::McoInfoRequest => &RULES[3],
        ClockKey::ProviderInfoResponse => &RULES[4],
        ClockKey::ExtensionRequest => &RULES[5],
        ClockKey::McoResponse => &RULES[6],
        ClockKey::ProviderDecision => &RULES[7],
        ClockKey::HfsReviewRequest => &RULES[8],
        ClockKey::InformationDelivery => &RULES[9],
        ClockKey::HfsDecision => &RULES[10],
        ClockKey::RegistrationReview => &RULES[11],
    }
}

/// The table as `GET /api/rules` returns it.
pub fn rules_dto() -> Vec<RuleDto> {
    RULES.iter().map(RuleDto::from).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_finds_its_own_row() {
        for r in &RULES {
            assert_eq!(rule(r.key), r);
            assert_eq!(
                serde_json::to_value(r.key).unwrap(),
                serde_json::json!(r.key_str)
            );
        }
    }

    #[test]
    fn texts_have_no_placeholder_left() {
        for r in &RULES {
            for text in [r.plain(), r.consequence()] {
                assert!(!text.contains('{') && !text.contains('}'), "{text}");
            }
        }
    }

    #[test]
    fn placeholders_for_pages() {
        assert_eq!(
            words("within {present_to_mco}; then {mco_response} ({extended_n} with the {extension_n}-day extension)"),
            "within 10 business days; then 30 calendar days (60 with the 30-day extension)"
        );
        assert_eq!(
            words(
                "{fine} {fine_whole} {filing_window} {large} {large_extra_weeks} {mco_response_n}"
            ),
            "$5,000.00 $5,000 30 to 60 calendar days 10 up to 3 more weeks 30"
        );
        assert_eq!(words("no numbers"), "no numbers");
    }

    #[test]
    fn words_of_the_numbers() {
        assert_eq!(ordinal(30), "30th");
        assert_eq!(ordinal(21), "21st");
        assert_eq!(ordinal(12), "12th");
        assert_eq!(ordinal(2), "2nd");
        assert_eq!(weeks_words(Span::calendar(21, true)), "3 weeks");
        assert_eq!(weeks_words(PRESENT_TO_MCO.span()), "10 business days");
        assert_eq!(large_request_extra_words(), "up to 3 more weeks");
        assert_eq!(filing_window_words(), "30 to 60 calendar days");
        assert_eq!(registration_review_words(9), "2 business days");
        assert_eq!(
            registration_review_words(10),
            "2 business days and up to 21 calendar days more"
        );
        let one = Span {
            amount: 1,
            unit: Unit::BusinessDays,
            moved: false,
        };
        assert_eq!(one.words(), "1 business day");
    }
}
