//! What the demo tickets are, without the database: the made-up disputes (`STORIES`), the stages
//! a ticket can be at (`Stage`), the dated steps that bring one there as of a day (`plan`, each on
//! a business day, checked by `engine_accepts` against the engine), and the demo providers with
//! their MCOs (`OWNERS`).
//!
//! The members, RINs (9 digits in the valid format, no real person), claim and tracking numbers
//! and stories are made up.
//!
//! May import: nothing of this crate (the rules only).

use chrono::{Duration, NaiveDate};
use rules::calendar::Calendar;
use rules::tickets::{apply_action, check_action};
use rules::timeline::{timeline, ClosedReason, Events, Status};
use rules::transitions::{self, Action, Party};
use rules::wire::tickets::{ComplaintType, ResponseOutcome, TicketAction};

/// A made-up dispute.
pub(super) struct Story {
    pub(super) complaint_type: ComplaintType,
    pub(super) first_name: &'static str,
    pub(super) last_name: &'static str,
    pub(super) rin: &'static str,
    pub(super) claim_number: &'static str,
    pub(super) description: &'static str,
    pub(super) desired_outcome: &'static str,
}

pub(super) const STORIES: [Story; 8] = [
    Story {
        complaint_type: ComplaintType::ClaimsPayment,
        first_name: "Avery",
        last_name: "Lindqvist",
        rin: "900000118",
        claim_number: "CLM2026004417",
        description: "The inpatient claim was paid at the outpatient rate although the stay was \
                      authorized as inpatient.",
        desired_outcome: "Reprocess the claim at the authorized inpatient rate.",
    },
    Story {
        complaint_type: ComplaintType::PriorAuthorizations,
        first_name: "Jordan",
        last_name: "Whitcombe",
        rin: "900000226",
        claim_number: "CLM2026005102",
        description: "The prior authorization was approved by phone but the claim denied for a \
                      missing authorization.",
        desired_outcome: "Link the approved authorization to the claim and pay it.",
    },
    Story {
        complaint_type: ComplaintType::Eligibility,
        first_name: "Riley",
        last_name: "Castellanos",
        rin: "900000334",
        claim_number: "CLM2026005398",
        description: "The claim denied as the member not eligible on the date of service; the \
                      State's eligibility file shows coverage.",
        desired_outcome: "Update the member's eligibility and reprocess the claim.",
    },
    Story {
        complaint_type: ComplaintType::CoverageServiceDenials,
        first_name: "Morgan",
        last_name: "Adebayo",
        rin: "900000442",
        claim_number: "CLM2026006021",
        description: "Physical therapy visits were denied as not covered; they are covered \
                      services under the member's plan.",
        desired_outcome: "Overturn the denial and pay the visits.",
    },
    Story {
        complaint_type: ComplaintType::ClaimsPayment,
        first_name: "Casey",
        last_name: "Thorvaldsen",
        rin: "900000550",
        claim_number: "CLM2026006644",
        description: "The claim was underpaid: the fee schedule of the prior year was applied.",
        desired_outcome: "Pay the difference under the current fee schedule.",
    },
    Story {
        complaint_type: ComplaintType::PatientCreditFile,
        first_name: "Quinn",
        last_name: "Mbeki-Hart",
        rin: "900000668",
        claim_number: "CLM2026007130",
        description: "The claim denied for other insurance although the Patient Credit File \
                      shows that coverage ended.",
        desired_outcome: "Remove the other insurance and reprocess the claim.",
    },
    Story {
        complaint_type: ComplaintType::Roster,
        first_name: "Emerson",
        last_name: "Paquette",
        rin: "900000776",
        claim_number: "CLM2026007555",
        description: "Claims denied as the rendering provider not on the roster; the roster \
                      update was sent and confirmed.",
        desired_outcome: "Load the roster update and reprocess the denied claims.",
    },
    Story {
        complaint_type: ComplaintType::ClaimsPayment,
        first_name: "Harper",
        last_name: "Nakagawa-Reyes",
        rin: "900000884",
        claim_number: "CLM2026008012",
        description: "The corrected claim was denied as a duplicate of the original claim.",
        desired_outcome: "Process the corrected claim as a replacement of the original.",
    },
];

/// Where a demo ticket stands today.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Stage {
    Submitted,
    WithMco,
    InfoRequested,
    McoResponded,
    Contested,
    HfsReview,
    Accepted,
    Overdue,
}

impl Stage {
    pub(super) const ALL: [Stage; 8] = [
        Stage::Submitted,
        Stage::WithMco,
        Stage::InfoRequested,
        Stage::McoResponded,
        Stage::Contested,
        Stage::HfsReview,
        Stage::Accepted,
        Stage::Overdue,
    ];

    pub(super) fn status(self) -> Status {
        match self {
            Stage::Submitted => Status::Submitted,
            Stage::WithMco | Stage::Overdue => Status::WithMco,
            Stage::InfoRequested => Status::InfoRequested,
            Stage::McoResponded => Status::McoResponded,
            Stage::Contested => Status::Contested,
            Stage::HfsReview => Status::HfsReview,
            Stage::Accepted => Status::Closed,
        }
    }
}

/// One step of a demo ticket: who, what, when.
pub(super) struct Step {
    pub(super) party: Party,
    pub(super) action: TicketAction,
    pub(super) on: NaiveDate,
}

/// A demo ticket: when the MCO received the dispute, when it was submitted, then its steps.
pub(super) struct Plan {
    pub(super) received: NaiveDate,
    pub(super) submitted: NaiveDate,
    pub(super) steps: Vec<Step>,
}

/// The business day `n` business days before `date` (`n` = 0: the last one on or before it).
pub(super) fn business_days_before(calendar: &Calendar, date: NaiveDate, n: u32) -> NaiveDate {
    let mut day = calendar.last_business_day_on_or_before(date);
    for _ in 0..n {
        day = calendar.last_business_day_on_or_before(day - Duration::days(1));
    }
    day
}

pub(super) fn text(s: &str) -> String {
    s.to_owned()
}

/// The dates and steps of a ticket at `stage` as of `today`. Every date falls on a business day
/// and leaves the clock running today (or, for the overdue ticket, missed).
pub(super) fn plan(
    calendar: &Calendar,
    stage: Stage,
    mco_contact: (&str, &str, &str),
    today: NaiveDate,
) -> Plan {
    let bd = |date: NaiveDate, n: u32| business_days_before(calendar, date, n);
    let days_ago = |n: i64| today - Duration::days(n);
    let after_bd = |date: NaiveDate, n: u32| calendar.add_business_days(date, n);
    let hfs = Party::Hfs;
    let mco = Party::Mco;
    let provider = Party::Provider;
    let step = |party, action, on| Step { party, action, on };
    let respond_with = |on, plan: Option<(&str, NaiveDate)>| {
        step(
            mco,
            TicketAction::Respond {
                outcome: ResponseOutcome::Upheld,
                response: text(
                    "We reviewed the claim and the records sent with the internal dispute. The \
                     original decision stands for the reasons in our letter; we will reprocess \
                     within 30 days if the corrected records show otherwise.",
                ),
                contact_name: mco_contact.0.to_owned(),
                contact_phone: mco_contact.1.to_owned(),
                contact_email: mco_contact.2.to_owned(),
                resolution_plan: plan.map(|(p, _)| text(p)),
                resolve_by: plan.map(|(_, by)| by.to_string()),
                attachment_ids: Vec::new(),
            },
            on,
        )
    };
    let respond = |on| respond_with(on, None);
    let present = |on| step(hfs, TicketAction::Present, on);
    let (received, submitted, steps) = match stage {
        Stage::Submitted => (days_ago(40), bd(today, 1), vec![]),
        Stage::WithMco => {
            let submitted = bd(days_ago(10), 0);
            (days_ago(45), submitted, vec![present(bd(today, 2))])
        }
        Stage::InfoRequested => {
            // The provider's answer is due the next business day: within the reminders' lead
            // time, so the first clock run emails a reminder (docs/email.md).
            let presented = bd(today, 5);
            (
                days_ago(50),
                bd(days_ago(14), 0),
                vec![
                    present(presented),
                    step(
                        mco,
                        TicketAction::RequestInfo {
                            message: text(
                                "Send the itemized bill and the remittance advice for the \
                                 disputed claim.",
                            ),
                            attachment_ids: Vec::new(),
                        },
                        bd(today, 4),
                    ),
                ],
            )
        }
        Stage::McoResponded => (
            days_ago(65),
            bd(days_ago(30), 0),
            vec![present(bd(days_ago(24), 0)), respond(bd(today, 1))],
        ),
        Stage::Contested => (
            days_ago(68),
            bd(days_ago(32), 0),
            vec![
                present(bd(days_ago(26), 0)),
                step(
                    mco,
                    TicketAction::RequestExtension {
                        reason: text("The claim file is at our vendor; we need it back to review."),
                    },
                    bd(days_ago(20), 0),
                ),
                step(hfs, TicketAction::ApproveExtension, bd(days_ago(19), 0)),
                respond(bd(today, 3)),
                step(
                    provider,
                    TicketAction::Contest {
                        reason: text(
                            "The response does not address the authorization we sent; the \
                             denial should be overturned.",
                        ),
                    },
                    bd(today, 1),
                ),
            ],
        ),
        Stage::HfsReview => {
            let responded = bd(days_ago(25), 0);
            (
                days_ago(88),
                bd(days_ago(54), 0),
                vec![
                    present(bd(days_ago(50), 0)),
                    respond(responded),
                    step(
                        provider,
                        TicketAction::Contest {
                            reason: text("The response applies last year's fee schedule."),
                        },
                        after_bd(responded, 2),
                    ),
                    step(
                        provider,
                        TicketAction::RequestReview {
                            reason: text(
                                "We ask HFS to decide which fee schedule applies to the dates of \
                                 service.",
                            ),
                        },
                        after_bd(responded, 4),
                    ),
                ],
            )
        }
        Stage::Accepted => {
            let responded = bd(days_ago(20), 0);
            (
                days_ago(80),
                bd(days_ago(45), 0),
                vec![
                    present(bd(days_ago(40), 0)),
                    step(
                        mco,
                        TicketAction::RequestInfo {
                            message: text("Send the roster confirmation you received."),
                            attachment_ids: Vec::new(),
                        },
                        bd(days_ago(38), 0),
                    ),
                    step(
                        provider,
                        TicketAction::ProvideInfo {
                            message: text(
                                "The roster confirmation was sent to the MCO's provider services \
                                 mailbox; its reference is in our internal dispute letter.",
                            ),
                            attachment_ids: Vec::new(),
                        },
                        bd(days_ago(36), 0),
                    ),
                    // A plan whose date has passed: the provider can report it was not carried
                    // out (a follow-up to HFS).
                    respond_with(
                        responded,
                        Some((
                            "Add the facility to the roster and reprocess the denied claims.",
                            responded + Duration::days(10),
                        )),
                    ),
                    step(provider, TicketAction::Accept, after_bd(responded, 1)),
                ],
            )
        }
        Stage::Overdue => (
            days_ago(100),
            bd(days_ago(66), 0),
            vec![
                present(bd(days_ago(60), 0)),
                step(
                    hfs,
                    TicketAction::Message {
                        message: text(
                            "Reminder to the MCO: the written response is past its due date.",
                        ),
                        attachment_ids: Vec::new(),
                    },
                    bd(today, 1),
                ),
            ],
        ),
    };
    Plan {
        received,
        submitted,
        steps,
    }
}

/// Whether the engine accepts every step of `plan`, in order, ending in `stage`'s status today.
pub(super) fn engine_accepts(
    calendar: &Calendar,
    plan: &Plan,
    stage: Stage,
    today: NaiveDate,
) -> bool {
    let events = Events {
        mco_received_on: plan.received,
        ..Events::default()
    };
    if transitions::check(
        calendar,
        &events,
        Party::Provider,
        Action::Submit,
        plan.submitted,
    )
    .is_err()
    {
        return false;
    }
    let mut events = transitions::apply(&events, Party::Provider, Action::Submit, plan.submitted);
    for step in &plan.steps {
        if step.on > today
            || check_action(calendar, &events, step.party, &step.action, step.on).is_err()
        {
            return false;
        }
        events = apply_action(&events, step.party, &step.action, step.on);
    }
    let Ok(now) = timeline(calendar, &events, today) else {
        return false;
    };
    let fined = !now.fines.is_empty();
    now.status == stage.status()
        && (stage != Stage::Accepted || now.closed_reason == Some(ClosedReason::Accepted))
        && fined == (stage == Stage::Overdue)
}

/// The demo provider of a ticket and its MCO.
pub(super) struct Owner {
    pub(super) username: &'static str,
    pub(super) mco: &'static str,
    /// The MCO contact named in its responses: name, phone, email.
    pub(super) contact: (&'static str, &'static str, &'static str),
    /// The first digits of the MCO's tracking numbers.
    pub(super) tracking_prefix: &'static str,
}

pub(super) const OWNERS: [Owner; 2] = [
    Owner {
        username: "provider1",
        mco: "Aetna Better Health of Illinois",
        contact: ("Dana Whitfield", "(312) 555-0164", "mco-aetna@example.com"),
        tracking_prefix: "ABH-",
    },
    Owner {
        username: "provider2",
        mco: "Molina Healthcare of Illinois",
        contact: ("Luis Ferreira", "(630) 555-0129", "mco-molina@example.com"),
        tracking_prefix: "MHI-",
    },
];

#[cfg(test)]
mod tests {
    use super::*;
    use rules::identifiers::Rin;

    #[test]
    fn every_plan_is_one_the_engine_accepts_whatever_today_is() {
        let calendar = Calendar::standard();
        let mut today = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        while today < NaiveDate::from_ymd_opt(2028, 1, 1).unwrap() {
            for stage in Stage::ALL {
                let plan = plan(&calendar, stage, OWNERS[0].contact, today);
                assert!(
                    engine_accepts(&calendar, &plan, stage, today),
                    "{stage:?} as of {today}"
                );
            }
            today += Duration::days(1);
        }
    }

    #[test]
    fn rins_are_nine_digits() {
        for story in &STORIES {
            assert!(Rin::parse(story.rin).is_ok());
        }
    }
}
