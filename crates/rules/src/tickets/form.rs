//! The ticket form: what a provider enters, page by page and on submit, and the ticket's number.

use chrono::NaiveDate;

use crate::accounts::{check_email, clean_text, NAME_MAX_CHARS};
use crate::calendar::Calendar;
use crate::dates::{long_date, parse_iso_date};
use crate::eligibility::{self, Answers, Program, Reason};
use crate::identifiers::Rin;
use crate::tickets::text::{check_long_text, check_phone, check_short_text};
use crate::timeline::Events;
use crate::wire::tickets::{ComplaintType, TicketForm};
use crate::wire::ErrorBody;

/// What a template ticket without its claims file is told (the browser and the server).
pub const CLAIMS_FILE_MISSING_MESSAGE: &str = "Select the claims template file";

/// The longest MCO tracking number and claim number (characters).
pub const TRACKING_NUMBER_MAX_CHARS: usize = 50;
pub const CLAIM_NUMBER_MAX_CHARS: usize = 50;
/// What the server knows that the form is checked against.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FormContext {
    /// The facilities the provider may file for (its approved facilities).
    pub facility_ids: Vec<i64>,
    /// The active MCOs.
    pub mco_ids: Vec<i64>,
}

/// A ticket that passed every check: the values to store, cleaned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedTicket {
    pub facility_id: i64,
    pub mco_id: i64,
    pub complaint_type: ComplaintType,
    /// Trimmed, inner runs of spaces made one.
    pub tracking_number: String,
    pub mco_received_on: NaiveDate,
    /// Always [`Program::Medicaid`]: the portal takes nothing else.
    pub program: Program,
    /// The one claim entered on the form, or the template holding 2 to 100.
    pub claims: CheckedClaims,
    /// Trimmed; line breaks kept.
    pub description: String,
    pub desired_outcome: String,
    pub contact_name: String,
    /// `(217) 555-0100`.
    pub contact_phone: String,
    pub contact_email: String,
    /// The issue stops a member from getting care they need now: the ticket is expedited.
    pub access_to_care: bool,
}

/// What a ticket is about: one claim entered on the form, or the claims template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CheckedClaims {
    /// `multiple_claims = false`: the pages `member` and `claim`.
    One(SingleClaim),
    /// `multiple_claims = true`: the draft attachment holding the template. Its content is
    /// checked by [`crate::claims::check_file`] (the server reads the file again on submit).
    Template { file_id: i64 },
}

/// The member and claim of a single-claim ticket, cleaned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SingleClaim {
    pub member_first_name: String,
    pub member_last_name: String,
    pub rin: Rin,
    pub service_from: NaiveDate,
    /// The first date of service when the form left it empty.
    pub service_to: NaiveDate,
    /// Without spaces.
    pub claim_number: String,
}

impl CheckedTicket {
    /// The single claim, if the ticket has one.
    pub fn single(&self) -> Option<&SingleClaim> {
        match &self.claims {
            CheckedClaims::One(claim) => Some(claim),
            CheckedClaims::Template { .. } => None,
        }
    }

    /// The last four digits of the single claim's RIN (`None` for a template ticket).
    pub fn rin_last4(&self) -> Option<&str> {
        self.single().map(|c| c.rin.last4())
    }

    /// The claims template's attachment (`None` for a single-claim ticket).
    pub fn claims_file_id(&self) -> Option<i64> {
        match self.claims {
            CheckedClaims::Template { file_id } => Some(file_id),
            CheckedClaims::One(_) => None,
        }
    }

    /// The ticket's events before it is submitted: only the date the MCO received the dispute.
    /// The server adds `submitted_on` with [`transitions::apply`] (`Action::Submit`).
    pub fn events(&self) -> Events {
        Events {
            mco_received_on: self.mco_received_on,
            ..Default::default()
        }
    }

    /// The form as it is stored once checked (cleaned values, `service_to` filled in).
    pub fn to_form(&self) -> TicketForm {
        let one = self.single();
        let date = |d: Option<NaiveDate>| d.map(|d| d.to_string());
        let text = |f: fn(&SingleClaim) -> &str| one.map(f).unwrap_or_default().to_string();
        TicketForm {
            facility_id: Some(self.facility_id),
            mco_id: Some(self.mco_id),
            complaint_type: Some(self.complaint_type),
            tracking_number: self.tracking_number.clone(),
            mco_received_on: Some(self.mco_received_on.to_string()),
            program: Some(self.program.as_str().to_string()),
            internal_process_exhausted: Some(true),
            prior_authorization_not_obtained: Some(false),
            multiple_claims: Some(one.is_none()),
            claims_file_id: self.claims_file_id(),
            member_first_name: text(|c| &c.member_first_name),
            member_last_name: text(|c| &c.member_last_name),
            rin: text(|c| c.rin.expose()),
            service_from: date(one.map(|c| c.service_from)),
            service_to: date(one.map(|c| c.service_to)),
            claim_number: text(|c| &c.claim_number),
            description: self.description.clone(),
            desired_outcome: self.desired_outcome.clone(),
            contact_name: self.contact_name.clone(),
            contact_phone: self.contact_phone.clone(),
            contact_email: self.contact_email.clone(),
            access_to_care: Some(self.access_to_care),
        }
    }
}

/// The entry pages of a new ticket, in order (`/tickets/new/{draft_id}/{step}`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Step {
    Facility,
    Mco,
    Type,
    Dispute,
    Program,
    /// One claim, or 2 to 100 on the template (`docs/claims.md`).
    ClaimsCount,
    /// Single-claim tickets only.
    Member,
    /// Single-claim tickets only.
    Claim,
    /// Template tickets only: the claims template file.
    Claims,
    Details,
    Contact,
}

impl Step {
    /// Every page; a ticket has those of [`steps_for`].
    pub const ALL: [Step; 11] = [
        Step::Facility,
        Step::Mco,
        Step::Type,
        Step::Dispute,
        Step::Program,
        Step::ClaimsCount,
        Step::Member,
        Step::Claim,
        Step::Claims,
        Step::Details,
        Step::Contact,
    ];

    /// The page's path segment.
    pub fn as_str(self) -> &'static str {
        match self {
            Step::Facility => "facility",
            Step::Mco => "mco",
            Step::Type => "type",
            Step::Dispute => "dispute",
            Step::Program => "program",
            Step::ClaimsCount => "claims-count",
            Step::Member => "member",
            Step::Claim => "claim",
            Step::Claims => "claims",
            Step::Details => "details",
            Step::Contact => "contact",
        }
    }

    pub fn parse(s: &str) -> Option<Step> {
        Step::ALL.into_iter().find(|step| step.as_str() == s)
    }

    /// The [`TicketForm`] fields the page asks for (the keys of its errors), in page order.
    pub fn fields(self) -> &'static [&'static str] {
        match self {
            Step::Facility => &["facility_id"],
            Step::Mco => &["mco_id"],
            Step::Type => &["complaint_type"],
            Step::Dispute => &["tracking_number", "mco_received_on"],
            Step::Program => &[
                "program",
                "internal_process_exhausted",
                "prior_authorization_not_obtained",
            ],
            Step::Member => &[
                "member_first_name",
                "member_last_name",
                "rin",
                "service_from",
                "service_to",
            ],
            Step::ClaimsCount => &["multiple_claims"],
            Step::Claim => &["claim_number"],
            Step::Claims => &["claims_file_id"],
            Step::Details => &["description", "desired_outcome"],
            Step::Contact => &["contact_name", "contact_phone", "contact_email"],
        }
    }

    /// Whether a ticket with this form has the page: `member` and `claim` for one claim (or not
    /// yet answered), `claims` for the template.
    pub fn applies_to(self, form: &TicketForm) -> bool {
        let template = form.multiple_claims == Some(true);
        match self {
            Step::Member | Step::Claim => !template,
            Step::Claims => template,
            _ => true,
        }
    }

    /// The page a field is asked on (to link a submit error to its page).
    pub fn of_field(field: &str) -> Option<Step> {
        Step::ALL
            .into_iter()
            .find(|step| step.fields().contains(&field))
    }
}

/// The pages of a ticket with this form, in order.
pub fn steps_for(form: &TicketForm) -> Vec<Step> {
    Step::ALL
        .into_iter()
        .filter(|step| step.applies_to(form))
        .collect()
}

/// Every field's check, done once; a page reports its own fields, the submission all of them.
struct Checked {
    facility_id: Result<i64, String>,
    mco_id: Result<i64, String>,
    complaint_type: Result<ComplaintType, String>,
    tracking_number: Result<String, String>,
    mco_received_on: Result<NaiveDate, String>,
    program: Result<Program, String>,
    internal_process_exhausted: Result<(), String>,
    prior_authorization_not_obtained: Result<(), String>,
    multiple_claims: Result<bool, String>,
    claims_file_id: Result<i64, String>,
    member_first_name: Result<String, String>,
    member_last_name: Result<String, String>,
    rin: Result<Rin, String>,
    service_from: Result<NaiveDate, String>,
    service_to: Result<Option<NaiveDate>, String>,
    claim_number: Result<String, String>,
    description: Result<String, String>,
    desired_outcome: Result<String, String>,
    contact_name: Result<String, String>,
    contact_phone: Result<String, String>,
    contact_email: Result<String, String>,
}

impl Checked {
    fn run(form: &TicketForm, ctx: &FormContext, today: NaiveDate, calendar: &Calendar) -> Self {
        let received = read_date(form.mco_received_on.as_deref(), RECEIVED_LABEL).and_then(|d| {
            eligibility::check_received_on(d, today)
                .map(|()| d)
                .map_err(str::to_string)
        });
        let service_from = read_date(form.service_from.as_deref(), SERVICE_FROM_LABEL)
            .and_then(|d| not_future(d, today, SERVICE_FROM_LABEL))
            .and_then(|d| not_after_received(d, received.as_ref().ok(), SERVICE_FROM_LABEL));
        let service_to = match form.service_to.as_deref().map(str::trim) {
            None | Some("") => Ok(None),
            Some(text) => read_date(Some(text), SERVICE_TO_LABEL)
                .and_then(|d| not_future(d, today, SERVICE_TO_LABEL))
                .and_then(|d| match service_from.as_ref() {
                    Ok(from) if d < *from => Err(
                        "The last date of service must be the same as or after the first".into(),
                    ),
                    _ => Ok(d),
                })
                .and_then(|d| not_after_received(d, received.as_ref().ok(), SERVICE_TO_LABEL))
                .map(Some),
        };
        Checked {
            facility_id: form
                .facility_id
                .filter(|id| ctx.facility_ids.contains(id))
                .ok_or_else(|| "Select the facility this dispute is for".to_string()),
            mco_id: form
                .mco_id
                .filter(|id| ctx.mco_ids.contains(id))
                .ok_or_else(|| "Select the MCO".to_string()),
            complaint_type: form
                .complaint_type
                .ok_or_else(|| "Select the complaint type".to_string()),
            tracking_number: check_tracking_number(&form.tracking_number),
            mco_received_on: received.and_then(|d| check_filing_window(calendar, d, today)),
            program: check_program(form.program.as_deref()),
            internal_process_exhausted: match form.internal_process_exhausted {
                None => Err(
                    "Select whether you have finished the MCO's internal dispute process".into(),
                ),
                Some(false) => Err(reason_message(Reason::InternalProcessNotExhausted)),
                Some(true) => Ok(()),
            },
            prior_authorization_not_obtained: match form.prior_authorization_not_obtained {
                None => Err(
                    "Select whether the dispute is about a prior authorization that was needed and not obtained"
                        .into(),
                ),
                Some(true) => Err(reason_message(Reason::PriorAuthorizationNotObtained)),
                Some(false) => Ok(()),
            },
            multiple_claims: form
                .multiple_claims
                .ok_or_else(|| "Select how many claims this dispute is about".to_string()),
            claims_file_id: form
                .claims_file_id
                .ok_or_else(|| CLAIMS_FILE_MISSING_MESSAGE.to_string()),
            member_first_name: check_short_text(
                &form.member_first_name,
                "Enter the member's first name",
                "The member's first name",
                NAME_MAX_CHARS,
            ),
            member_last_name: check_short_text(
                &form.member_last_name,
                "Enter the member's last name",
                "The member's last name",
                NAME_MAX_CHARS,
            ),
            rin: Rin::parse(&form.rin).map_err(str::to_string),
            service_from,
            service_to,
            claim_number: check_claim_number(&form.claim_number),
            description: check_long_text(
                &form.description,
                "Describe what is wrong",
                "The description of what is wrong",
            ),
            desired_outcome: check_long_text(
                &form.desired_outcome,
                "Describe what you want the MCO to do",
                "What you want the MCO to do",
            ),
            contact_name: check_short_text(
                &form.contact_name,
                "Enter the name of the person to contact about this ticket",
                "The contact name",
                NAME_MAX_CHARS * 2,
            ),
            contact_phone: check_phone(&form.contact_phone, "Enter the contact phone number"),
            contact_email: check_email(&form.contact_email, "Enter the contact email address"),
        }
    }

    /// The message of `field`, if it has one.
    fn error(&self, field: &str) -> Option<&String> {
        fn e<T>(r: &Result<T, String>) -> Option<&String> {
            r.as_ref().err()
        }
        match field {
            "facility_id" => e(&self.facility_id),
            "mco_id" => e(&self.mco_id),
            "complaint_type" => e(&self.complaint_type),
            "tracking_number" => e(&self.tracking_number),
            "mco_received_on" => e(&self.mco_received_on),
            "program" => e(&self.program),
            "internal_process_exhausted" => e(&self.internal_process_exhausted),
            "prior_authorization_not_obtained" => e(&self.prior_authorization_not_obtained),
            "multiple_claims" => e(&self.multiple_claims),
            "claims_file_id" => e(&self.claims_file_id),
            "member_first_name" => e(&self.member_first_name),
            "member_last_name" => e(&self.member_last_name),
            "rin" => e(&self.rin),
            "service_from" => e(&self.service_from),
            "service_to" => e(&self.service_to),
            "claim_number" => e(&self.claim_number),
            "description" => e(&self.description),
            "desired_outcome" => e(&self.desired_outcome),
            "contact_name" => e(&self.contact_name),
            "contact_phone" => e(&self.contact_phone),
            "contact_email" => e(&self.contact_email),
            _ => None,
        }
    }

    fn errors(&self, steps: &[Step]) -> ErrorBody {
        let mut errors = ErrorBody::default();
        for field in steps.iter().flat_map(|s| s.fields()) {
            if let Some(message) = self.error(field) {
                errors.add(*field, message.clone());
            }
        }
        errors
    }
}

/// The whole submission: every field of every page. `Err` maps each field in error (the
/// [`TicketForm`] field name) to one message; the 422 of `POST /api/tickets`.
pub fn check_form(
    form: &TicketForm,
    ctx: &FormContext,
    today: NaiveDate,
    calendar: &Calendar,
) -> Result<CheckedTicket, ErrorBody> {
    let c = Checked::run(form, ctx, today, calendar);
    let errors = c.errors(&steps_for(form));
    let build = move || -> Option<CheckedTicket> {
        let claims = if c.multiple_claims.ok()? {
            CheckedClaims::Template {
                file_id: c.claims_file_id.ok()?,
            }
        } else {
            let service_from = c.service_from.ok()?;
            CheckedClaims::One(SingleClaim {
                member_first_name: c.member_first_name.ok()?,
                member_last_name: c.member_last_name.ok()?,
                rin: c.rin.ok()?,
                service_from,
                service_to: c.service_to.ok()?.unwrap_or(service_from),
                claim_number: c.claim_number.ok()?,
            })
        };
        Some(CheckedTicket {
            facility_id: c.facility_id.ok()?,
            mco_id: c.mco_id.ok()?,
            complaint_type: c.complaint_type.ok()?,
            tracking_number: c.tracking_number.ok()?,
            mco_received_on: c.mco_received_on.ok()?,
            program: c.program.ok()?,
            claims,
            description: c.description.ok()?,
            desired_outcome: c.desired_outcome.ok()?,
            contact_name: c.contact_name.ok()?,
            contact_phone: c.contact_phone.ok()?,
            contact_email: c.contact_email.ok()?,
            access_to_care: form.access_to_care == Some(true),
        })
    };
    if !errors.is_empty() {
        return Err(errors);
    }
    // Every field passed, so every value is there (the two lists of fields are the same).
    build().ok_or(errors)
}

/// The checks of one entry page: the same messages as [`check_form`] for those fields. A page the
/// ticket does not have ([`Step::applies_to`]) has nothing to check.
pub fn check_step(
    step: Step,
    form: &TicketForm,
    ctx: &FormContext,
    today: NaiveDate,
    calendar: &Calendar,
) -> Result<(), ErrorBody> {
    if !step.applies_to(form) {
        return Ok(());
    }
    let errors = Checked::run(form, ctx, today, calendar).errors(&[step]);
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

pub(crate) const RECEIVED_LABEL: &str = "the date the MCO received your dispute";
pub(crate) const SERVICE_FROM_LABEL: &str = "the first date of service";
pub(crate) const SERVICE_TO_LABEL: &str = "the last date of service";

/// A wire date (`YYYY-MM-DD`), in the words of [`crate::forms::parse_date_parts`].
pub(crate) fn read_date(text: Option<&str>, label: &str) -> Result<NaiveDate, String> {
    let text = text.map(str::trim).unwrap_or("");
    if text.is_empty() {
        return Err(format!("Enter {label}"));
    }
    let date = parse_iso_date(text)
        .ok_or_else(|| format!("{} must be a real date", sentence_start(label)))?;
    crate::forms::check_supported_year(date, label).map_err(|e| e.message)
}

fn sentence_start(label: &str) -> String {
    crate::forms::sentence_start(label)
}

pub(crate) fn not_future(
    date: NaiveDate,
    today: NaiveDate,
    label: &str,
) -> Result<NaiveDate, String> {
    if date > today {
        Err(format!(
            "{} must be today or in the past",
            sentence_start(label)
        ))
    } else {
        Ok(date)
    }
}

pub(crate) fn not_after_received(
    date: NaiveDate,
    received: Option<&NaiveDate>,
    label: &str,
) -> Result<NaiveDate, String> {
    match received {
        Some(r) if date > *r => Err(format!(
            "{} must be the same as or before the date the MCO received your dispute",
            sentence_start(label)
        )),
        _ => Ok(date),
    }
}

/// The filing window, in [`crate::eligibility`]'s terms: open from day 30 to day 60 inclusive.
pub(crate) fn check_filing_window(
    calendar: &Calendar,
    received: NaiveDate,
    today: NaiveDate,
) -> Result<NaiveDate, String> {
    let answers = Answers {
        program: Program::Medicaid,
        has_tracking_number: true,
        internal_process_exhausted: true,
        prior_authorization_not_obtained: false,
        mco_received_on: received,
    };
    let e = eligibility::check(calendar, &answers, today);
    match e.status {
        eligibility::Status::TooEarly => Err(format!(
            "You can file this dispute from {} ({} days after the MCO received it)",
            long_date(e.opens_on),
            eligibility::WINDOW_OPENS_AFTER_DAYS
        )),
        eligibility::Status::TooLate => Err(format!(
            "The time to file this dispute ended on {} ({} days after the MCO received it)",
            long_date(e.closes_on),
            eligibility::WINDOW_CLOSES_AFTER_DAYS
        )),
        eligibility::Status::Open | eligibility::Status::NotEligible => Ok(received),
    }
}

/// An eligibility reason as one message: what it means, then what to do.
fn reason_message(reason: Reason) -> String {
    format!("{} {}", reason.explanation(), reason.next_step())
}

fn check_program(code: Option<&str>) -> Result<Program, String> {
    match code.map(str::trim).and_then(Program::parse) {
        None => Err("Select which program the dispute is about".into()),
        Some(Program::Medicaid) => Ok(Program::Medicaid),
        Some(Program::MedicareOnly) => Err(format!(
            "The portal is for Medicaid disputes only. {}",
            Reason::MedicareOnly.next_step()
        )),
        Some(Program::FeeForService) => Err(format!(
            "The portal is for Medicaid managed care disputes only. {}",
            Reason::FeeForService.next_step()
        )),
    }
}

/// The MCO's tracking number: 1 to 50 letters, numbers, spaces and `- / .`.
pub(crate) fn check_tracking_number(text: &str) -> Result<String, String> {
    let cleaned = clean_text(text);
    if cleaned.is_empty() {
        return Err("Enter the MCO tracking number".into());
    }
    if cleaned.chars().count() > TRACKING_NUMBER_MAX_CHARS {
        return Err(format!(
            "The MCO tracking number must be {TRACKING_NUMBER_MAX_CHARS} characters or fewer"
        ));
    }
    if !cleaned
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || " -/.".contains(c))
    {
        return Err(
            "The MCO tracking number can only include letters, numbers, spaces, and - / .".into(),
        );
    }
    Ok(cleaned)
}

/// The claim number: 1 to 50 letters, numbers and `-`; stray spaces are ignored.
pub(crate) fn check_claim_number(text: &str) -> Result<String, String> {
    let cleaned: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    if cleaned.is_empty() {
        return Err("Enter the claim number".into());
    }
    if cleaned.chars().count() > CLAIM_NUMBER_MAX_CHARS {
        return Err(format!(
            "The claim number must be {CLAIM_NUMBER_MAX_CHARS} characters or fewer"
        ));
    }
    if !cleaned
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '-')
    {
        return Err("The claim number can only include letters, numbers, and -".into());
    }
    Ok(cleaned)
}

/// What a draft must hold to be stored (`PUT /api/drafts/{id}`): every field may be empty, but a
/// facility or MCO given must be one the provider may choose, and a date given must exist.
pub fn check_draft(form: &TicketForm, ctx: &FormContext) -> Result<(), ErrorBody> {
    let mut errors = ErrorBody::default();
    if form
        .facility_id
        .is_some_and(|id| !ctx.facility_ids.contains(&id))
    {
        errors.add("facility_id", "Select the facility this dispute is for");
    }
    if form.mco_id.is_some_and(|id| !ctx.mco_ids.contains(&id)) {
        errors.add("mco_id", "Select the MCO");
    }
    for (field, value, label) in [
        ("mco_received_on", &form.mco_received_on, RECEIVED_LABEL),
        ("service_from", &form.service_from, SERVICE_FROM_LABEL),
        ("service_to", &form.service_to, SERVICE_TO_LABEL),
    ] {
        if let Some(text) = value.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
            if parse_iso_date(text).is_none() {
                errors.add(
                    field,
                    format!("{} must be a real date", sentence_start(label)),
                );
            }
        }
    }
    if form
        .program
        .as_deref()
        .map(str::trim)
        .is_some_and(|p| !p.is_empty() && Program::parse(p).is_none())
    {
        errors.add("program", "Select which program the dispute is about");
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

/// The ticket's number: `PRP-YYYY-NNNNNN`, the year it was submitted and its id zero-padded.
pub fn ticket_number(id: i64, submitted_on: NaiveDate) -> String {
    use chrono::Datelike;
    format!("PRP-{}-{:06}", submitted_on.year(), id)
}
