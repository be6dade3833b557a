//! Whether a dispute can go to the HFS portal, and when.
//!
//! Sources: the 2021 notice; the July 2023 overview;
//! the MCO policy; 89 Ill. Adm. Code 140.75(b)(2).
//!
//! - The portal handles the Medicaid portion only: Medicare-only complaints are closed; Medicaid
//!   fee-for-service issues go to HFS at 877-782-5565.
//! - The MCO's internal dispute process, peer-to-peer included, must be used and exhausted first.
//! - The MCO's tracking number is required; the dispute counts as received by the MCO when it issued
//!   the tracking number.
//! - A complaint that involves failing to obtain a required prior authorization is closed.
//! - Filing window: no sooner and no later than the rule table's `filing_window_opens` and
//!   `filing_window_closes` after the MCO received the dispute, neither moved. Reading chosen to protect the provider: both ends are inclusive (day 30
//!   and day 60 are inside the window), and when day 60 is not a business day the app says to file by
//!   the business day before.

use std::sync::OnceLock;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::calendar::{add_calendar_days, Calendar};
use crate::dates::long_date;
use crate::rule_table::{Unit, FILING_WINDOW_CLOSES, FILING_WINDOW_OPENS};

/// Days after the MCO received the dispute when the filing window opens / closes (not moved): the
/// rule table's `filing_window_opens` and `filing_window_closes`.
pub const WINDOW_OPENS_AFTER_DAYS: u32 = FILING_WINDOW_OPENS.amount;
pub const WINDOW_CLOSES_AFTER_DAYS: u32 = FILING_WINDOW_CLOSES.amount;

// The window is counted in calendar days and neither end is moved: [`filing_window`] needs no
// calendar.
const _: () = assert!(
    matches!(FILING_WINDOW_OPENS.unit, Unit::CalendarDays)
        && matches!(FILING_WINDOW_CLOSES.unit, Unit::CalendarDays)
        && !FILING_WINDOW_OPENS.moved
        && !FILING_WINDOW_CLOSES.moved
);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Program {
    /// Medicaid managed care: the dispute is with an MCO about the Medicaid portion.
    Medicaid,
    /// Medicare only (including a Medicare-covered service for a dually eligible member).
    MedicareOnly,
    /// Medicaid fee-for-service: no MCO involved.
    FeeForService,
}

impl Program {
    pub const ALL: [Program; 3] = [
        Program::Medicaid,
        Program::MedicareOnly,
        Program::FeeForService,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Program::Medicaid => "medicaid",
            Program::MedicareOnly => "medicare_only",
            Program::FeeForService => "fee_for_service",
        }
    }

    pub fn parse(s: &str) -> Option<Program> {
        Program::ALL.into_iter().find(|p| p.as_str() == s)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    TooEarly,
    Open,
    TooLate,
    NotEligible,
}

/// Every reason a dispute cannot be filed now, as API codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    MedicareOnly,
    FeeForService,
    NoTrackingNumber,
    InternalProcessNotExhausted,
    PriorAuthorizationNotObtained,
    TooEarly,
    TooLate,
}

impl Reason {
    /// The reason in plain words, for the provider.
    pub fn explanation(self) -> &'static str {
        match self {
            Reason::MedicareOnly => "The portal handles the Medicaid part of a dispute only. Complaints about Medicare only, including a Medicare-covered service for a member with both Medicare and Medicaid, are closed.",
            Reason::FeeForService => "The portal is for disputes with a Medicaid managed care organization (MCO). Medicaid fee-for-service issues are handled by HFS directly.",
            Reason::NoTrackingNumber => "Every ticket needs the tracking number the MCO gave your dispute. Tickets without one are closed.",
            Reason::InternalProcessNotExhausted => "You must first use and finish every step of the MCO's own dispute process, including peer-to-peer review.",
            Reason::PriorAuthorizationNotObtained => "A complaint about a service that needed a prior authorization you did not get is closed by the portal.",
            Reason::TooEarly => {
                static TEXT: OnceLock<String> = OnceLock::new();
                TEXT.get_or_init(|| {
                    format!(
                        "You can file no sooner than {} after the MCO received your dispute.",
                        FILING_WINDOW_OPENS.days_words()
                    )
                })
            }
            Reason::TooLate => {
                static TEXT: OnceLock<String> = OnceLock::new();
                TEXT.get_or_init(|| {
                    format!(
                        "You can file no later than {} after the MCO received your dispute.",
                        FILING_WINDOW_CLOSES.days_words()
                    )
                })
            }
        }
    }

    /// What the provider can do about it.
    pub fn next_step(self) -> &'static str {
        match self {
            Reason::MedicareOnly => "For Medicare billing, fee schedules, appeals and grievances, follow the Centers for Medicare & Medicaid Services (CMS) Medicare guidance and work with the MCO's Medicare process.",
            Reason::FeeForService => "Call HFS about fee-for-service issues on 877-782-5565.",
            Reason::NoTrackingNumber => "Contact the MCO and ask for the tracking number of your dispute.",
            Reason::InternalProcessNotExhausted => "Finish the MCO's internal dispute process, including any peer-to-peer review, then check again.",
            Reason::PriorAuthorizationNotObtained => "If you did get the prior authorization, give it to the MCO as part of its internal dispute process.",
            Reason::TooEarly => "Keep working with the MCO. Come back when the filing window opens.",
            Reason::TooLate => "The portal will close a ticket filed now as not timely. Contact the MCO about your dispute.",
        }
    }
}

/// What the provider tells us about the dispute.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Answers {
    pub program: Program,
    pub has_tracking_number: bool,
    pub internal_process_exhausted: bool,
    pub prior_authorization_not_obtained: bool,
    pub mco_received_on: NaiveDate,
}

/// The answer, exactly as `POST /api/eligibility` returns it (`docs/api.md`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Eligibility {
    pub status: Status,
    pub opens_on: NaiveDate,
    pub closes_on: NaiveDate,
    pub reasons: Vec<Reason>,
    /// Calendar days from today to `closes_on` when open, to `opens_on` when too early, else null.
    pub days_left: Option<i64>,
}

/// The filing window for a dispute the MCO received on `mco_received_on`: (opens_on, closes_on).
pub fn filing_window(mco_received_on: NaiveDate) -> (NaiveDate, NaiveDate) {
    (
        add_calendar_days(mco_received_on, WINDOW_OPENS_AFTER_DAYS),
        add_calendar_days(mco_received_on, WINDOW_CLOSES_AFTER_DAYS),
    )
}

/// Where the filing window of a dispute stands on a day, with the date that matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FilingWindow {
    /// Not open yet: it opens on this date.
    TooEarly(NaiveDate),
    /// Open until the end of this date.
    Open(NaiveDate),
    /// It closed at the end of this date.
    TooLate(NaiveDate),
}

impl FilingWindow {
    /// Where the window of a dispute the MCO received on `mco_received_on` stands on `today`.
    pub fn on(mco_received_on: NaiveDate, today: NaiveDate) -> FilingWindow {
        let (opens_on, closes_on) = filing_window(mco_received_on);
        if today < opens_on {
            FilingWindow::TooEarly(opens_on)
        } else if today > closes_on {
            FilingWindow::TooLate(closes_on)
        } else {
            FilingWindow::Open(closes_on)
        }
    }

    /// Where it stands, in a sentence: "You can file this dispute now, until Monday, December 14
    /// 2026."
    pub fn words(self) -> String {
        match self {
            FilingWindow::TooEarly(opens) => {
                format!("You can file this from {}.", long_date(opens))
            }
            FilingWindow::Open(closes) => {
                format!(
                    "You can file this dispute now, until {}.",
                    long_date(closes)
                )
            }
            FilingWindow::TooLate(closes) => {
                format!("The time to file ended on {}.", long_date(closes))
            }
        }
    }
}

/// The date the MCO received the dispute cannot be in the future.
pub fn check_received_on(received: NaiveDate, today: NaiveDate) -> Result<(), &'static str> {
    if received > today {
        Err("The date the MCO received your dispute must be today or in the past")
    } else {
        Ok(())
    }
}

/// Whether the dispute can be filed on `today`, with every reason that applies.
pub fn check(_calendar: &Calendar, answers: &Answers, today: NaiveDate) -> Eligibility {
    let (opens_on, closes_on) = filing_window(answers.mco_received_on);
    let mut reasons = Vec::new();
    match answers.program {
        Program::Medicaid => {}
        Program::MedicareOnly => reasons.push(Reason::MedicareOnly),
        Program::FeeForService => reasons.push(Reason::FeeForService),
    }
    if !answers.has_tracking_number {
        reasons.push(Reason::NoTrackingNumber);
    }
    if !answers.internal_process_exhausted {
        reasons.push(Reason::InternalProcessNotExhausted);
    }
    if answers.prior_authorization_not_obtained {
        reasons.push(Reason::PriorAuthorizationNotObtained);
    }
    let eligible_otherwise = reasons.is_empty();
    let timing = match FilingWindow::on(answers.mco_received_on, today) {
        FilingWindow::TooEarly(_) => Some(Reason::TooEarly),
        FilingWindow::TooLate(_) => Some(Reason::TooLate),
        FilingWindow::Open(_) => None,
    };
    reasons.extend(timing);
    let (status, days_left) = match (eligible_otherwise, timing) {
        (false, _) => (Status::NotEligible, None),
        (true, Some(Reason::TooEarly)) => (Status::TooEarly, Some((opens_on - today).num_days())),
        (true, Some(_)) => (Status::TooLate, None),
        (true, None) => (Status::Open, Some((closes_on - today).num_days())),
    };
    Eligibility {
        status,
        opens_on,
        closes_on,
        reasons,
        days_left,
    }
}

/// The answers given so far, in the order the checker asks them (program, the MCO's process
/// finished, tracking number, the date the MCO received the dispute, prior authorization).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PartialAnswers {
    pub program: Option<Program>,
    pub internal_process_exhausted: Option<bool>,
    pub has_tracking_number: Option<bool>,
    pub mco_received_on: Option<NaiveDate>,
    pub prior_authorization_not_obtained: Option<bool>,
}

/// The first answer, in the order the checker asks, that rules the dispute out of the portal (a
/// program other than Medicaid through an MCO, the MCO's process not finished, no tracking number,
/// a window that closed before `today`, a prior authorization not obtained): the checker stops
/// there and says why, asking nothing after it. `None` while every answer so far allows it (a
/// window not open yet does not rule a dispute out: it can be filed later).
pub fn first_ruling_out(answers: &PartialAnswers, today: NaiveDate) -> Option<Reason> {
    match answers.program? {
        Program::Medicaid => {}
        Program::MedicareOnly => return Some(Reason::MedicareOnly),
        Program::FeeForService => return Some(Reason::FeeForService),
    }
    if !answers.internal_process_exhausted? {
        return Some(Reason::InternalProcessNotExhausted);
    }
    if !answers.has_tracking_number? {
        return Some(Reason::NoTrackingNumber);
    }
    if let FilingWindow::TooLate(_) = FilingWindow::on(answers.mco_received_on?, today) {
        return Some(Reason::TooLate);
    }
    answers
        .prior_authorization_not_obtained?
        .then_some(Reason::PriorAuthorizationNotObtained)
}

/// When the window closes on a weekend or holiday, the last business day before it: the safe day to
/// file by (the window itself is not moved).
pub fn safe_file_by(calendar: &Calendar, closes_on: NaiveDate) -> Option<NaiveDate> {
    (!calendar.is_business_day(closes_on))
        .then(|| calendar.last_business_day_on_or_before(closes_on))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn medicaid(received: NaiveDate) -> Answers {
        Answers {
            program: Program::Medicaid,
            has_tracking_number: true,
            internal_process_exhausted: true,
            prior_authorization_not_obtained: false,
            mco_received_on: received,
        }
    }

    #[test]
    fn api_example_is_open_with_25_days_left() {
        let cal = Calendar::standard();
        let e = check(&cal, &medicaid(d(2026, 9, 15)), d(2026, 10, 20));
        assert_eq!(e.status, Status::Open);
        assert_eq!(e.opens_on, d(2026, 10, 15));
        assert_eq!(e.closes_on, d(2026, 11, 14));
        assert_eq!(e.reasons, vec![]);
        assert_eq!(e.days_left, Some(25));
        let json = serde_json::to_value(&e).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"status": "open", "opens_on": "2026-10-15", "closes_on": "2026-11-14", "reasons": [], "days_left": 25})
        );
    }

    #[test]
    fn window_ends_are_inclusive_and_not_moved() {
        let cal = Calendar::standard();
        let a = medicaid(d(2026, 9, 15));
        assert_eq!(check(&cal, &a, d(2026, 10, 14)).status, Status::TooEarly);
        assert_eq!(check(&cal, &a, d(2026, 10, 14)).days_left, Some(1));
        assert_eq!(check(&cal, &a, d(2026, 10, 15)).status, Status::Open);
        let last = check(&cal, &a, d(2026, 11, 14));
        assert_eq!((last.status, last.days_left), (Status::Open, Some(0)));
        let late = check(&cal, &a, d(2026, 11, 15));
        assert_eq!(
            (late.status, late.days_left, late.reasons),
            (Status::TooLate, None, vec![Reason::TooLate])
        );
        // Saturday 14 Nov 2026 is not a business day: file by Friday 13 Nov to be safe.
        assert_eq!(safe_file_by(&cal, d(2026, 11, 14)), Some(d(2026, 11, 13)));
        assert_eq!(safe_file_by(&cal, d(2026, 11, 13)), None);
    }

    #[test]
    fn too_early_counts_days_to_the_opening() {
        let cal = Calendar::standard();
        let e = check(&cal, &medicaid(d(2026, 9, 15)), d(2026, 9, 20));
        assert_eq!(e.status, Status::TooEarly);
        assert_eq!(e.reasons, vec![Reason::TooEarly]);
        assert_eq!(e.days_left, Some(25));
    }

    #[test]
    fn not_eligible_lists_every_reason() {
        let cal = Calendar::standard();
        let a = Answers {
            program: Program::MedicareOnly,
            has_tracking_number: false,
            internal_process_exhausted: false,
            prior_authorization_not_obtained: true,
            mco_received_on: d(2026, 1, 5),
        };
        let e = check(&cal, &a, d(2026, 10, 20));
        assert_eq!(e.status, Status::NotEligible);
        assert_eq!(e.days_left, None);
        assert_eq!(
            e.reasons,
            vec![
                Reason::MedicareOnly,
                Reason::NoTrackingNumber,
                Reason::InternalProcessNotExhausted,
                Reason::PriorAuthorizationNotObtained,
                Reason::TooLate
            ]
        );
        let ffs = Answers {
            program: Program::FeeForService,
            ..medicaid(d(2026, 9, 15))
        };
        let e = check(&cal, &ffs, d(2026, 10, 20));
        assert_eq!(
            (e.status, e.reasons),
            (Status::NotEligible, vec![Reason::FeeForService])
        );
    }

    #[test]
    fn received_date_cannot_be_in_the_future() {
        assert!(check_received_on(d(2026, 10, 20), d(2026, 10, 20)).is_ok());
        assert!(check_received_on(d(2026, 10, 21), d(2026, 10, 20)).is_err());
    }

    #[test]
    fn program_codes_round_trip() {
        for p in Program::ALL {
            assert_eq!(Program::parse(p.as_str()), Some(p));
            assert_eq!(
                serde_json::to_value(p).unwrap(),
                serde_json::json!(p.as_str())
            );
        }
        assert_eq!(Program::parse("medicare"), None);
    }

    #[test]
    fn the_checker_stops_at_the_first_answer_that_rules_a_dispute_out() {
        let today = NaiveDate::from_ymd_opt(2026, 10, 20).unwrap();
        let mut a = PartialAnswers::default();
        assert_eq!(first_ruling_out(&a, today), None);
        a.program = Some(Program::FeeForService);
        a.internal_process_exhausted = Some(false);
        assert_eq!(
            first_ruling_out(&a, today),
            Some(Reason::FeeForService),
            "the first one"
        );
        a.program = Some(Program::MedicareOnly);
        assert_eq!(first_ruling_out(&a, today), Some(Reason::MedicareOnly));
        a.program = Some(Program::Medicaid);
        assert_eq!(
            first_ruling_out(&a, today),
            Some(Reason::InternalProcessNotExhausted)
        );
        a.internal_process_exhausted = Some(true);
        assert_eq!(
            first_ruling_out(&a, today),
            None,
            "the next is not answered yet"
        );
        a.has_tracking_number = Some(false);
        assert_eq!(first_ruling_out(&a, today), Some(Reason::NoTrackingNumber));
        a.has_tracking_number = Some(true);
        a.mco_received_on = NaiveDate::from_ymd_opt(2026, 7, 1);
        assert_eq!(first_ruling_out(&a, today), Some(Reason::TooLate));
        a.mco_received_on = NaiveDate::from_ymd_opt(2026, 10, 5);
        assert_eq!(
            first_ruling_out(&a, today),
            None,
            "too early is not ruled out"
        );
        a.prior_authorization_not_obtained = Some(true);
        assert_eq!(
            first_ruling_out(&a, today),
            Some(Reason::PriorAuthorizationNotObtained)
        );
        a.prior_authorization_not_obtained = Some(false);
        assert_eq!(first_ruling_out(&a, today), None);
    }
}
