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
//! What the tickets are is `plans`'s; the template ticket's file is `template`'s, checked by
//! `rules::claims::check_file` as of its submission date and stored as an upload is
//! (`crate::claims`).
//!
//! May import: `state`, `error`, `time`, `tickets`, `claims`, `clocks`, `actions`, and its siblings
//! `demo::plans`, `demo::template`.

use chrono::{Duration, NaiveDate};
use rules::tickets::{check_form, FormContext};
use rules::wire::tickets::{ComplaintType, TicketForm};
use sqlx::Row;

use crate::actions::{self, Actor};
use crate::claims;
use crate::clocks;
use crate::error::ApiError;
use crate::state::AppState;
use crate::tickets;
use crate::time::now_utc_millis;

use super::plans::{engine_accepts, plan, Owner, Plan, Stage, OWNERS, STORIES};
use super::template::{template_csv, TEMPLATE_FILE_NAME, TEMPLATE_TRACKING};

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
             FROM users u WHERE u.username = $1 AND u.role = 'provider'",
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
        let Some(mco_id) = sqlx::query_scalar::<_, i64>("SELECT id FROM mcos WHERE name = $1")
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
                sqlx::query("SELECT 1 FROM tickets WHERE created_by = $1 AND tracking_number = $2")
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
                // The submitted and the with-the-MCO tickets stop a member's care: expedited.
                access_to_care: Some(matches!(stage, Stage::Submitted | Stage::WithMco)),
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
            hfs_admin: false,
        };
        actions::record(state, &row, actor, &step.action, step.on, false).await?;
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// The template ticket

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
    let exists =
        sqlx::query("SELECT 1 FROM tickets WHERE created_by = $1 AND tracking_number = $2")
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
         VALUES ($1, $2, 'draft', $3, $3) RETURNING id",
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
            sqlx::query("DELETE FROM tickets WHERE id = $1 AND status = 'draft'")
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
        "SELECT (SELECT name FROM mcos WHERE id = $1), \
                (SELECT medicaid_id FROM facilities WHERE id = $2)",
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
        "UPDATE tickets SET form_json = $1, status = 'submitted', facility_id = $2, mco_id = $3, \
           complaint_type = $4, rin_last4 = NULL, tracking_number = $5, mco_received_on = $6, \
           submitted_on = $7, claims_file_id = $8, updated_at = $9 WHERE id = $10",
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
           rin_last4, tracking_number, mco_received_on, submitted_on, created_at, updated_at, \
           expedited) \
         VALUES ($1, $2, 'submitted', $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id",
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
    .bind(i64::from(checked.access_to_care))
    .fetch_one(&state.pool)
    .await?)
}
