//! The demo tickets (`portal-server --demo`, `docs/tickets.md`, "Demo data"): for `provider1`
//! (Aetna) and `provider2` (Molina), one ticket in every status, dated relative to today's Illinois
//! date so that their clocks are running.
//!
//! Each ticket is built the way a real one is: its form passes `rules::tickets::check_form` as of
//! the day it was submitted, submission is checked by the engine, and every later step is taken
//! through [`crate::api::ticket_actions::record`] (the engine's `check_action` and
//! `apply_action`, a history entry each) on its chosen date, in order. A ticket whose steps the
//! engine would refuse (an unusual calendar) is left out, with a warning. Loading is idempotent: a
//! ticket whose MCO tracking number the provider already has is not made again.
//!
//! The members, RINs (9 digits in the valid format, no real person), claim and tracking numbers
//! and stories are made up.

use chrono::{Duration, NaiveDate};
use rules::calendar::Calendar;
use rules::tickets::{apply_action, check_action, check_form, FormContext};
use rules::timeline::{timeline, ClosedReason, Events, Status};
use rules::transitions::{self, Action, Party};
use rules::wire::tickets::{ComplaintType, ResponseOutcome, TicketAction, TicketForm};
use sqlx::Row;

use crate::api::ticket_actions::{self, Actor};
use crate::{auth, clocks, tickets, ApiError, AppState};

/// A made-up dispute.
struct Story {
    complaint_type: ComplaintType,
    first_name: &'static str,
    last_name: &'static str,
    rin: &'static str,
    claim_number: &'static str,
    description: &'static str,
    desired_outcome: &'static str,
}

const STORIES: [Story; 8] = [
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
enum Stage {
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
    const ALL: [Stage; 8] = [
        Stage::Submitted,
        Stage::WithMco,
        Stage::InfoRequested,
        Stage::McoResponded,
        Stage::Contested,
        Stage::HfsReview,
        Stage::Accepted,
        Stage::Overdue,
    ];

    fn status(self) -> Status {
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
struct Step {
    party: Party,
    action: TicketAction,
    on: NaiveDate,
}

/// A demo ticket: when the MCO received the dispute, when it was submitted, then its steps.
struct Plan {
    received: NaiveDate,
    submitted: NaiveDate,
    steps: Vec<Step>,
}

/// The business day `n` business days before `date` (`n` = 0: the last one on or before it).
fn business_days_before(calendar: &Calendar, date: NaiveDate, n: u32) -> NaiveDate {
    let mut day = calendar.last_business_day_on_or_before(date);
    for _ in 0..n {
        day = calendar.last_business_day_on_or_before(day - Duration::days(1));
    }
    day
}

fn text(s: &str) -> String {
    s.to_owned()
}

/// The dates and steps of a ticket at `stage` as of `today`. Every date falls on a business day
/// and leaves the clock running today (or, for the overdue ticket, missed).
fn plan(
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
    let respond = |on| {
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
            },
            on,
        )
    };
    let present = |on| step(hfs, TicketAction::Present, on);
    let (received, submitted, steps) = match stage {
        Stage::Submitted => (days_ago(40), bd(today, 1), vec![]),
        Stage::WithMco => {
            let submitted = bd(days_ago(10), 0);
            (days_ago(45), submitted, vec![present(bd(today, 2))])
        }
        Stage::InfoRequested => {
            let presented = bd(today, 3);
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
                        },
                        bd(today, 1),
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
                    respond(responded),
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
fn engine_accepts(calendar: &Calendar, plan: &Plan, stage: Stage, today: NaiveDate) -> bool {
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
struct Owner {
    username: &'static str,
    mco: &'static str,
    /// The MCO contact named in its responses: name, phone, email.
    contact: (&'static str, &'static str, &'static str),
    /// The first digits of the MCO's tracking numbers.
    tracking_prefix: &'static str,
}

const OWNERS: [Owner; 2] = [
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

/// Loads the demo tickets not loaded yet, dated relative to `today`; how many were made. Needs the
/// demo accounts ([`crate::demo::seed`]); a provider without an account is skipped.
pub async fn seed(state: &AppState, today: NaiveDate) -> Result<usize, ApiError> {
    let calendar = state.calendar().await?;
    let calendar = &calendar.calendar;
    let mut made = 0;
    for (o, owner) in OWNERS.iter().enumerate() {
        let Some(user) = sqlx::query(
            "SELECT u.id, u.first_name, u.last_name, u.email, u.contact_phone, \
               (SELECT facility_id FROM user_facilities WHERE user_id = u.id \
                ORDER BY added_at LIMIT 1) AS facility_id \
             FROM users u WHERE u.username = ? AND u.role = 'provider'",
        )
        .bind(owner.username)
        .fetch_optional(&state.pool)
        .await?
        else {
            continue;
        };
        let user_id: i64 = user.try_get("id")?;
        let Some(facility_id) = user.try_get::<Option<i64>, _>("facility_id")? else {
            continue;
        };
        let Some(mco_id) = sqlx::query_scalar::<_, i64>("SELECT id FROM mcos WHERE name = ?")
            .bind(owner.mco)
            .fetch_optional(&state.pool)
            .await?
        else {
            continue;
        };
        let contact_name = format!(
            "{} {}",
            user.try_get::<String, _>("first_name")?,
            user.try_get::<String, _>("last_name")?
        );
        for (s, stage) in Stage::ALL.into_iter().enumerate() {
            let tracking = format!("{}{}", owner.tracking_prefix, 260_410 + 37 * s + 5 * o);
            let exists =
                sqlx::query("SELECT 1 FROM tickets WHERE created_by = ? AND tracking_number = ?")
                    .bind(user_id)
                    .bind(&tracking)
                    .fetch_optional(&state.pool)
                    .await?
                    .is_some();
            if exists {
                continue;
            }
            let plan = plan(calendar, stage, owner.contact, today);
            if !engine_accepts(calendar, &plan, stage, today) {
                tracing::warn!(?stage, "demo ticket left out: the engine refuses its dates");
                continue;
            }
            let story = &STORIES[(s + 3 * o) % STORIES.len()];
            let service_to = plan.received - Duration::days(45);
            let form = TicketForm {
                facility_id: Some(facility_id),
                mco_id: Some(mco_id),
                complaint_type: Some(story.complaint_type),
                tracking_number: tracking.clone(),
                mco_received_on: Some(plan.received.to_string()),
                program: Some("medicaid".to_owned()),
                internal_process_exhausted: Some(true),
                prior_authorization_not_obtained: Some(false),
                member_first_name: story.first_name.to_owned(),
                member_last_name: story.last_name.to_owned(),
                rin: story.rin.to_owned(),
                service_from: Some((service_to - Duration::days(3)).to_string()),
                service_to: Some(service_to.to_string()),
                claim_number: story.claim_number.to_owned(),
                description: story.description.to_owned(),
                desired_outcome: story.desired_outcome.to_owned(),
                contact_name: contact_name.clone(),
                contact_phone: user.try_get("contact_phone")?,
                contact_email: user.try_get("email")?,
            };
            let ctx = FormContext {
                facility_ids: vec![facility_id],
                mco_ids: vec![mco_id],
            };
            let checked = match check_form(&form, &ctx, plan.submitted, calendar) {
                Ok(checked) => checked,
                Err(errors) => {
                    tracing::warn!(
                        ?stage,
                        fields = ?errors.errors.keys().collect::<Vec<_>>(),
                        "demo ticket left out: its form does not pass"
                    );
                    continue;
                }
            };
            let id = insert(state, user_id, &checked.to_form(), &checked, plan.submitted).await?;
            let mut tx = state.pool.begin().await?;
            tickets::add_history(
                &mut *tx,
                id,
                plan.submitted,
                "provider",
                Some(user_id),
                "submit",
                "The provider submitted the ticket",
                None,
            )
            .await?;
            tx.commit().await?;
            for step in &plan.steps {
                let row = tickets::load(&state.pool, id)
                    .await?
                    .ok_or(ApiError::NotFound)?;
                let actor = Actor {
                    party: step.party,
                    user_id: None,
                };
                ticket_actions::record(state, &row, actor, &step.action, step.on, false).await?;
            }
            made += 1;
        }
    }
    // The overdue tickets' fines, with their notices (in the demo outbox).
    clocks::run_once(state, today).await?;
    Ok(made)
}

/// Stores a submitted ticket (status `submitted`) from its checked form; its id.
async fn insert(
    state: &AppState,
    user_id: i64,
    form: &TicketForm,
    checked: &rules::tickets::CheckedTicket,
    submitted: NaiveDate,
) -> Result<i64, ApiError> {
    let now = auth::now_utc_millis();
    let form_json = serde_json::to_string(form)
        .map_err(|e| ApiError::Database(sqlx::Error::Protocol(format!("demo form: {e}"))))?;
    let complaint_type = tickets::key_of(checked.complaint_type);
    Ok(sqlx::query_scalar(
        "INSERT INTO tickets (created_by, form_json, status, facility_id, mco_id, complaint_type, \
           rin_last4, tracking_number, mco_received_on, submitted_on, created_at, updated_at) \
         VALUES (?, ?, 'submitted', ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(user_id)
    .bind(form_json)
    .bind(checked.facility_id)
    .bind(checked.mco_id)
    .bind(complaint_type)
    .bind(checked.rin.last4())
    .bind(&checked.tracking_number)
    .bind(checked.mco_received_on.to_string())
    .bind(submitted.to_string())
    .bind(now)
    .bind(now)
    .fetch_one(&state.pool)
    .await?)
}

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
