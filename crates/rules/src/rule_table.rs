//! The rule table of `shared/spec/deadlines.md` as data: what `GET /api/rules` returns and what the
//! "How deadlines are worked out" page shows. The engine ([`crate::timeline`]) reads owners from here.

use serde::Serialize;

use crate::timeline::{ClockKey, Owner};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    BusinessDays,
    CalendarDays,
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
    pub consequence: &'static str,
    /// A short name for people.
    pub title: &'static str,
    /// The rule in plain words.
    pub plain: &'static str,
    /// What it is counted from.
    pub counted_from: &'static str,
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
    pub consequence: &'static str,
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
            consequence: r.consequence,
        }
    }
}

pub const RULES: [Rule; 12] = [
    Rule {
        key: ClockKey::FilingWindowOpens,
        key_str: "filing_window_opens",
        owed_by: Owner::Provider,
        amount: 30,
        unit: Unit::CalendarDays,
        moved: false,
        source: "notice-2021-03-02-portal-reminders.txt; portal-overview-2023-07.txt; 89 Ill. Adm. Code 140.75(b)(2)",
        consequence: "a ticket filed earlier is closed",
        title: "Filing window opens",
        plain: "You can file a ticket from the 30th calendar day after the MCO received your dispute (the day it gave the tracking number). Day 30 itself counts. The date is not moved for weekends or holidays.",
        counted_from: "the date the MCO received the dispute",
    },
    Rule {
        key: ClockKey::FilingWindowCloses,
        key_str: "filing_window_closes",
        owed_by: Owner::Provider,
        amount: 60,
        unit: Unit::CalendarDays,
        moved: false,
        source: "notice-2021-03-02-portal-reminders.txt; portal-overview-2023-07.txt; 89 Ill. Adm. Code 140.75(b)(2)",
        consequence: "a ticket filed later is closed",
        title: "Filing window closes",
        plain: "You must file by the 60th calendar day after the MCO received your dispute. Day 60 itself counts. It is not moved: when it falls on a weekend or State holiday, file by the business day before to be safe.",
        counted_from: "the date the MCO received the dispute",
    },
    Rule {
        key: ClockKey::PresentToMco,
        key_str: "present_to_mco",
        owed_by: Owner::Hfs,
        amount: 10,
        unit: Unit::BusinessDays,
        moved: false,
        source: "mco-policy-portal-requirements.txt; 89 Ill. Adm. Code 140.75(c)",
        consequence: "shown overdue to HFS",
        title: "HFS presents the ticket to the MCO",
        plain: "HFS checks the ticket is complete and presents it to the MCO within 10 business days of receiving it.",
        counted_from: "the day the ticket was submitted",
    },
    Rule {
        key: ClockKey::McoInfoRequest,
        key_str: "mco_info_request",
        owed_by: Owner::Mco,
        amount: 5,
        unit: Unit::BusinessDays,
        moved: false,
        source: "portal-overview-2023-07.txt; notice-2021-03-02-portal-reminders.txt",
        consequence: "the MCO can no longer ask",
        title: "MCO asks for more information",
        plain: "The MCO may ask you for more information only within 5 business days of receiving the ticket.",
        counted_from: "the day the ticket was presented to the MCO",
    },
    Rule {
        key: ClockKey::ProviderInfoResponse,
        key_str: "provider_info_response",
        owed_by: Owner::Provider,
        amount: 5,
        unit: Unit::BusinessDays,
        moved: false,
        source: "portal-overview-2023-07.txt; notice-2021-03-02-portal-reminders.txt",
        consequence: "ticket closed, reason no_info_response",
        title: "You answer the MCO's request",
        plain: "When the MCO asks for more information, you have 5 business days to give it, or to show you already gave it to the MCO. Otherwise the ticket is closed.",
        counted_from: "the day the MCO asked",
    },
    Rule {
        key: ClockKey::ExtensionRequest,
        key_str: "extension_request",
        owed_by: Owner::McoOrProvider,
        amount: 23,
        unit: Unit::CalendarDays,
        moved: false,
        source: "mco-policy-portal-requirements.txt; 89 Ill. Adm. Code 140.75(e)",
        consequence: "no extension can be asked",
        title: "Asking for the one extension",
        plain: "In extenuating circumstances the MCO or you may ask HFS for one 30-day extension, for one of you only, no later than 7 calendar days before the end of the first 30 days (day 23).",
        counted_from: "the day the ticket was presented to the MCO",
    },
    Rule {
        key: ClockKey::McoResponse,
        key_str: "mco_response",
        owed_by: Owner::Mco,
        amount: 30,
        unit: Unit::CalendarDays,
        moved: true,
        source: "mco-policy-portal-requirements.txt; 89 Ill. Adm. Code 140.75(d)",
        consequence: "ticket overdue; one $5,000 fine",
        title: "MCO's written response",
        plain: "The MCO must enter its written response or proposal, marked Upheld or Overturned, within 30 calendar days (60 with an approved extension). A due date on a weekend or State holiday moves to the next business day. A late response means a $5,000.00 fine for the MCO.",
        counted_from: "the day the ticket was presented to the MCO",
    },
    Rule {
        key: ClockKey::ProviderDecision,
        key_str: "provider_decision",
        owed_by: Owner::Provider,
        amount: 5,
        unit: Unit::BusinessDays,
        moved: false,
        source: "mco-policy-portal-requirements.txt",
        consequence: "ticket closed, reason not_contested",
        title: "You accept or contest the response",
        plain: "You have 5 business days after the MCO's response to accept it or contest it. If you do neither, the ticket is closed.",
        counted_from: "the day the MCO responded",
    },
    Rule {
        key: ClockKey::HfsReviewRequest,
        key_str: "hfs_review_request",
        owed_by: Owner::Provider,
        amount: 30,
        unit: Unit::CalendarDays,
        moved: true,
        source: "mco-policy-portal-requirements.txt",
        consequence: "no HFS review",
        title: "You ask HFS to review",
        plain: "After contesting, you have 30 calendar days from the MCO's response to ask HFS for a review and final decision.",
        counted_from: "the day the MCO responded",
    },
    Rule {
        key: ClockKey::InformationDelivery,
        key_str: "information_delivery",
        owed_by: Owner::McoAndProvider,
        amount: 30,
        unit: Unit::CalendarDays,
        moved: true,
        source: "portal-overview-2023-07.txt; mco-policy-portal-requirements.txt",
        consequence: "HFS decides on what it has",
        title: "Both sides send HFS their information",
        plain: "Within 30 calendar days of the request for review, you and the MCO must each give HFS all relevant information, with contacts of people who know the case.",
        counted_from: "the day HFS review was asked for",
    },
    Rule {
        key: ClockKey::HfsDecision,
        key_str: "hfs_decision",
        owed_by: Owner::Hfs,
        amount: 30,
        unit: Unit::CalendarDays,
        moved: true,
        source: "portal-overview-2023-07.txt",
        consequence: "shown overdue to HFS",
        title: "HFS decides",
        plain: "HFS gives its written, final decision within 30 calendar days after the information is in: from the day both sides delivered, or else from the information deadline.",
        counted_from: "the day the information was in",
    },
    Rule {
        key: ClockKey::RegistrationReview,
        key_str: "registration_review",
        owed_by: Owner::Hfs,
        amount: 2,
        unit: Unit::BusinessDays,
        moved: false,
        source: "portal-overview-2023-07.txt; registration-instructions.txt",
        consequence: "shown to the registrant as late",
        title: "HFS reviews a registration",
        plain: "HFS reviews a complete registration request within 2 business days. A request for 10 or more facilities can take up to 21 calendar days more.",
        counted_from: "the day the request was made",
    },
];

/// The rule of a clock.
pub fn rule(key: ClockKey) -> &'static Rule {
    RULES
        .iter()
        .find(|r| r.key == key)
        .expect("every clock has a rule")
}

/// The table as `GET /api/rules` returns it.
pub fn rules_dto() -> Vec<RuleDto> {
    RULES.iter().map(RuleDto::from).collect()
}
