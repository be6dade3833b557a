//! The demo tickets (`portal-server --demo`, `docs/tickets.md`, "Demo data"): for `provider1`
//! (Aetna) and `provider2` (Molina), one ticket in every status, dated relative to today's Illinois
//! date so that their clocks are running; and for `provider1` one ticket of 12 claims on the claims
//! template (`docs/claims.md`), presented to Aetna.
//!
//! Each ticket is built the way a real one is: its form passes `rules::tickets::check_form` as of
//! the day it was submitted, submission is checked by the engine, and every later step is taken
//! through [`crate::actions::record`] (the engine's `check_action` and
//! `apply_action`, a history entry each) on its chosen date, in order. A ticket whose steps the
//! engine would refuse (an unusual calendar) is left out, with a warning. Loading is idempotent: a
//! ticket whose MCO tracking number the provider already has is not made again.
//!
//! The template ticket's file is a CSV written from the rules' own blank template (its heading
//! row), checked by `rules::claims::check_file` as of its submission date and stored as an upload
//! is (`crate::claims`).
//!
//! The members, RINs (9 digits in the valid format, no real person), claim and tracking numbers
//! and stories are made up.
//!
//! May import: `state`, `error`, `time`, `tickets`, `claims`, `clocks`, `actions`.

use chrono::{Duration, NaiveDate};
use rules::calendar::Calendar;
use rules::tickets::{apply_action, check_action, check_form, FormContext};
use rules::timeline::{timeline, ClosedReason, Events, Status};
use rules::transitions::{self, Action, Party};
use rules::wire::tickets::{ComplaintType, ResponseOutcome, TicketAction, TicketForm};
use sqlx::Row;

use crate::actions::{self, Actor};
use crate::claims;
use crate::clocks;
use crate::error::ApiError;
use crate::state::AppState;
use crate::tickets;
use crate::time::now_utc_millis;

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
/// demo accounts ([`crate::demo::accounts::seed`]); a provider without an account is skipped.
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
                multiple_claims: Some(false),
                claims_file_id: None,
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
            take_steps(state, id, &plan).await?;
            made += 1;
        }
        if o == 0 {
            let contact = Contact {
                name: contact_name.clone(),
                phone: user.try_get("contact_phone")?,
                email: user.try_get("email")?,
            };
            let filer = Filer {
                user_id,
                facility_id,
                mco_id,
            };
            if template_ticket(state, owner, filer, contact, today).await? {
                made += 1;
            }
        }
    }
    // The overdue tickets' fines, with their notices (in the demo outbox).
    clocks::run_once(state, today).await?;
    Ok(made)
}

/// Takes the plan's steps on the ticket `id`, in order, through the actions' own code.
async fn take_steps(state: &AppState, id: i64, plan: &Plan) -> Result<(), ApiError> {
    for step in &plan.steps {
        let row = tickets::load(&state.pool, id)
            .await?
            .ok_or(ApiError::NotFound)?;
        let actor = Actor {
            party: step.party,
            user_id: None,
        };
        actions::record(state, &row, actor, &step.action, step.on, false).await?;
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// The template ticket

/// The template ticket's MCO tracking number (the template's own).
const TEMPLATE_TRACKING: &str = "ABH-T-260900";
/// How many claims it holds.
const TEMPLATE_CLAIMS: usize = 12;
/// Its file's name.
const TEMPLATE_FILE_NAME: &str = "aetna-claims-template.csv";

/// Who files a demo ticket: the user, their facility, the MCO.
#[derive(Debug, Clone, Copy)]
struct Filer {
    user_id: i64,
    facility_id: i64,
    mco_id: i64,
}

/// Who receives the outcome (the provider's contact details).
#[derive(Debug, Clone)]
struct Contact {
    name: String,
    phone: String,
    email: String,
}

const FIRST_NAMES: [&str; 6] = ["Rowan", "Sasha", "Elliot", "Marisol", "Tobias", "Noor"];
const LAST_NAMES: [&str; 6] = [
    "Okonkwo-Vale",
    "Brightwater",
    "Dufresne",
    "Halvorsen",
    "Achterberg",
    "Villanueva",
];

/// One CSV cell (RFC 4180: quoted when it holds a comma, a quote or a line break).
fn csv_cell(text: &str) -> String {
    if text.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_owned()
    }
}

/// The demo template: the rules' blank CSV (its heading row) and one row per claim, each value
/// under its column's key. Every claim's dispute reached the MCO within 3 days before the
/// ticket's, its services 40 to 70 days before that.
fn template_csv(mco_name: &str, medicaid_id: &str, received: NaiveDate) -> Vec<u8> {
    let mut out = rules::claims::blank_csv();
    for i in 0..TEMPLATE_CLAIMS {
        let n = i as i64;
        let claim_received = received - Duration::days(n % 4);
        let service_from = claim_received - Duration::days(40 + 2 * n);
        let service_to = service_from + Duration::days(n % 3);
        let billed_cents = 18_250 + 7_315 * n;
        let paid_cents = if i % 3 == 0 { 0 } else { billed_cents / 4 };
        let value = |key: &str| -> String {
            match key {
                "mco" => mco_name.to_owned(),
                "provider_medicaid_id" => medicaid_id.to_owned(),
                "tax_id" => "36-4182750".to_owned(),
                "location_address" => "1200 W Harrison St, Chicago, IL 60607".to_owned(),
                "complaint_type" => ComplaintType::ClaimsPayment.label().to_owned(),
                "member_first_name" => FIRST_NAMES[i % FIRST_NAMES.len()].to_owned(),
                "member_last_name" => LAST_NAMES[(i * 5 + 1) % LAST_NAMES.len()].to_owned(),
                "rin" => format!("{}", 900_100_011 + 97 * i),
                "service_from" => service_from.to_string(),
                "service_to" => service_to.to_string(),
                "claim_number" => format!("CLM2026{:06}", 310_040 + 113 * i),
                "billed_amount" => format!("{}.{:02}", billed_cents / 100, billed_cents % 100),
                "paid_amount" => format!("{}.{:02}", paid_cents / 100, paid_cents % 100),
                "tracking_number" => format!("ABH-{}", 261_200 + 7 * i),
                "mco_received_on" => claim_received.to_string(),
                "issue" => if i % 3 == 0 {
                    "Denied as a duplicate of an earlier claim; it is a separate visit."
                } else {
                    "Paid at a quarter of the contracted rate for the service."
                }
                .to_owned(),
                _ => String::new(),
            }
        };
        let cells: Vec<String> = rules::claims::COLUMNS
            .iter()
            .map(|column| csv_cell(&value(column.key)))
            .collect();
        out.push_str(&cells.join(","));
        out.push_str("\r\n");
    }
    out.into_bytes()
}

/// The template ticket of `owner` (12 claims, presented to the MCO), made once: a draft, its
/// file checked and stored as an upload is, the form checked, then submitted with its claims and
/// presented. Whether it was made now.
async fn template_ticket(
    state: &AppState,
    owner: &Owner,
    filer: Filer,
    contact: Contact,
    today: NaiveDate,
) -> Result<bool, ApiError> {
    let exists = sqlx::query("SELECT 1 FROM tickets WHERE created_by = ? AND tracking_number = ?")
        .bind(filer.user_id)
        .bind(TEMPLATE_TRACKING)
        .fetch_optional(&state.pool)
        .await?
        .is_some();
    if exists {
        return Ok(false);
    }
    let current = state.calendar().await?;
    let calendar = &current.calendar;
    let plan = plan(calendar, Stage::WithMco, owner.contact, today);
    if !engine_accepts(calendar, &plan, Stage::WithMco, today) {
        tracing::warn!("demo template ticket left out: the engine refuses its dates");
        return Ok(false);
    }
    let mut form = TicketForm {
        facility_id: Some(filer.facility_id),
        mco_id: Some(filer.mco_id),
        complaint_type: Some(ComplaintType::ClaimsPayment),
        tracking_number: TEMPLATE_TRACKING.to_owned(),
        mco_received_on: Some(plan.received.to_string()),
        program: Some("medicaid".to_owned()),
        internal_process_exhausted: Some(true),
        prior_authorization_not_obtained: Some(false),
        multiple_claims: Some(true),
        description: "Twelve outpatient claims of the same quarter were denied as duplicates or \
                      paid at a quarter of the contracted rate; the template lists each one."
            .to_owned(),
        desired_outcome: "Reprocess every claim on the template at the contracted rate.".to_owned(),
        contact_name: contact.name,
        contact_phone: contact.phone,
        contact_email: contact.email,
        ..TicketForm::default()
    };
    let now = now_utc_millis();
    let draft_id: i64 = sqlx::query_scalar(
        "INSERT INTO tickets (created_by, form_json, status, created_at, updated_at) \
         VALUES (?1, ?2, 'draft', ?3, ?3) RETURNING id",
    )
    .bind(filer.user_id)
    .bind(serde_json::to_string(&form).unwrap_or_else(|_| "{}".to_owned()))
    .bind(now)
    .fetch_one(&state.pool)
    .await?;
    match submit_template(state, filer, &mut form, &plan, draft_id).await {
        Ok(true) => {
            take_steps(state, draft_id, &plan).await?;
            Ok(true)
        }
        made => {
            sqlx::query("DELETE FROM tickets WHERE id = ?1 AND status = 'draft'")
                .bind(draft_id)
                .execute(&state.pool)
                .await?;
            made
        }
    }
}

/// The template draft `draft_id`: its file stored, its form checked, submitted with its claims
/// on the plan's date. `false` (warned): the rules refuse the file or the form.
async fn submit_template(
    state: &AppState,
    filer: Filer,
    form: &mut TicketForm,
    plan: &Plan,
    draft_id: i64,
) -> Result<bool, ApiError> {
    let current = state.calendar().await?;
    let (mco_name, medicaid_id): (String, String) = sqlx::query_as(
        "SELECT (SELECT name FROM mcos WHERE id = ?1), \
                (SELECT medicaid_id FROM facilities WHERE id = ?2)",
    )
    .bind(filer.mco_id)
    .bind(filer.facility_id)
    .fetch_one(&state.pool)
    .await?;
    let bytes = axum::body::Bytes::from(template_csv(&mco_name, &medicaid_id, plan.received));
    let ctx = claims::context(state, form, plan.submitted).await?;
    let report = claims::check(bytes.clone(), ctx).await?;
    if !report.is_ready() {
        tracing::warn!(
            problems = report.problem_count,
            "demo template ticket left out: its file does not pass"
        );
        return Ok(false);
    }
    let Some(file) = claims::store_draft_file(
        &state.pool,
        draft_id,
        filer.user_id,
        TEMPLATE_FILE_NAME,
        &bytes,
        &report,
    )
    .await?
    else {
        return Ok(false);
    };
    form.claims_file_id = Some(file.id);
    let ctx = FormContext {
        facility_ids: vec![filer.facility_id],
        mco_ids: vec![filer.mco_id],
    };
    let checked = match check_form(form, &ctx, plan.submitted, &current.calendar) {
        Ok(checked) => checked,
        Err(errors) => {
            tracing::warn!(
                fields = ?errors.errors.keys().collect::<Vec<_>>(),
                "demo template ticket left out: its form does not pass"
            );
            return Ok(false);
        }
    };
    let form_json = serde_json::to_string(&checked.to_form())
        .map_err(|e| ApiError::Database(sqlx::Error::Protocol(format!("demo form: {e}"))))?;
    let mut tx = state.pool.begin().await?;
    sqlx::query(
        "UPDATE tickets SET form_json = ?1, status = 'submitted', facility_id = ?2, mco_id = ?3, \
           complaint_type = ?4, rin_last4 = NULL, tracking_number = ?5, mco_received_on = ?6, \
           submitted_on = ?7, claims_file_id = ?8, updated_at = ?9 WHERE id = ?10",
    )
    .bind(form_json)
    .bind(checked.facility_id)
    .bind(checked.mco_id)
    .bind(tickets::key_of(checked.complaint_type))
    .bind(&checked.tracking_number)
    .bind(checked.mco_received_on.to_string())
    .bind(plan.submitted.to_string())
    .bind(checked.claims_file_id())
    .bind(now_utc_millis())
    .bind(draft_id)
    .execute(&mut *tx)
    .await?;
    claims::insert_claims(&mut tx, draft_id, &report.claims).await?;
    tickets::add_history(
        &mut *tx,
        draft_id,
        plan.submitted,
        "provider",
        Some(filer.user_id),
        "submit",
        "The provider submitted the ticket",
        None,
    )
    .await?;
    tx.commit().await?;
    Ok(true)
}

/// Stores a submitted ticket (status `submitted`) from its checked form; its id.
async fn insert(
    state: &AppState,
    user_id: i64,
    form: &TicketForm,
    checked: &rules::tickets::CheckedTicket,
    submitted: NaiveDate,
) -> Result<i64, ApiError> {
    let now = now_utc_millis();
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
    .bind(checked.rin_last4())
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
    fn the_template_file_passes_whatever_today_is() {
        let calendar = Calendar::standard();
        let mut today = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        while today < NaiveDate::from_ymd_opt(2028, 1, 1).unwrap() {
            let plan = plan(&calendar, Stage::WithMco, OWNERS[0].contact, today);
            let bytes = template_csv(OWNERS[0].mco, "123456789", plan.received);
            let ctx = rules::wire::claims::ClaimsContext {
                today: plan.submitted,
                calendar_changes: Vec::new(),
                mco_names: vec![OWNERS[0].mco.to_owned(), "Aetna".to_owned()],
                facility_medicaid_id: "123456789".to_owned(),
                complaint_type: Some(ComplaintType::ClaimsPayment),
            };
            let report = rules::claims::check_file(&bytes, &ctx);
            assert!(report.is_ready(), "as of {today}: {:?}", report.problems);
            assert_eq!(report.claims.len(), TEMPLATE_CLAIMS);
            today += Duration::days(5);
        }
    }

    #[test]
    fn rins_are_nine_digits() {
        for story in &STORIES {
            assert!(Rin::parse(story.rin).is_ok());
        }
    }
}
