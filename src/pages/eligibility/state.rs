use chrono::NaiveDate;
use leptos::prelude::*;
use rules::eligibility::{first_ruling_out, Answers, PartialAnswers, Program, Reason};
use rules::forms::DateParts;

/// The questions, in the order they are asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Program,
    InternalProcess,
    TrackingNumber,
    ReceivedDate,
    PriorAuthorization,
}

impl Step {
    pub const ALL: [Step; 5] = [
        Step::Program,
        Step::InternalProcess,
        Step::TrackingNumber,
        Step::ReceivedDate,
        Step::PriorAuthorization,
    ];

    pub fn path(self) -> &'static str {
        match self {
            Step::Program => "/eligibility/program",
            Step::InternalProcess => "/eligibility/internal-process",
            Step::TrackingNumber => "/eligibility/tracking-number",
            Step::ReceivedDate => "/eligibility/received-date",
            Step::PriorAuthorization => "/eligibility/prior-authorization",
        }
    }

    fn index(self) -> usize {
        Step::ALL.iter().position(|s| *s == self).expect("listed")
    }

    /// Where Continue goes: the next question, or back to the summary after a change.
    pub fn next_path(self, changing: bool) -> &'static str {
        match Step::ALL.get(self.index() + 1) {
            Some(next) if !changing => next.path(),
            _ => "/eligibility/check",
        }
    }

    /// Where Back goes.
    pub fn back_path(self, changing: bool) -> &'static str {
        if changing {
            return "/eligibility/check";
        }
        match self.index() {
            0 => "/eligibility",
            i => Step::ALL[i - 1].path(),
        }
    }
}

/// What the user has answered so far, kept for the visit.
#[derive(Clone, Copy)]
pub struct EligibilityAnswers {
    pub program: RwSignal<Option<Program>>,
    pub internal_process_exhausted: RwSignal<Option<bool>>,
    pub has_tracking_number: RwSignal<Option<bool>>,
    /// The date fields as typed.
    pub received_parts: RwSignal<DateParts>,
    /// The date once it passed every check.
    pub received_on: RwSignal<Option<NaiveDate>>,
    pub prior_authorization_not_obtained: RwSignal<Option<bool>>,
}

impl Default for EligibilityAnswers {
    fn default() -> Self {
        EligibilityAnswers {
            program: RwSignal::new(None),
            internal_process_exhausted: RwSignal::new(None),
            has_tracking_number: RwSignal::new(None),
            received_parts: RwSignal::new(DateParts::default()),
            received_on: RwSignal::new(None),
            prior_authorization_not_obtained: RwSignal::new(None),
        }
    }
}

impl EligibilityAnswers {
    pub fn use_context() -> Self {
        use_context::<EligibilityAnswers>().expect("EligibilityAnswers is provided by the app")
    }

    /// Every answer, when all are given.
    pub fn complete(&self) -> Option<Answers> {
        Some(Answers {
            program: self.program.get()?,
            internal_process_exhausted: self.internal_process_exhausted.get()?,
            has_tracking_number: self.has_tracking_number.get()?,
            mco_received_on: self.received_on.get()?,
            prior_authorization_not_obtained: self.prior_authorization_not_obtained.get()?,
        })
    }

    /// The answers so far.
    pub fn partial(&self) -> PartialAnswers {
        PartialAnswers {
            program: self.program.get(),
            internal_process_exhausted: self.internal_process_exhausted.get(),
            has_tracking_number: self.has_tracking_number.get(),
            mco_received_on: self.received_on.get(),
            prior_authorization_not_obtained: self.prior_authorization_not_obtained.get(),
        }
    }

    /// The first answer that rules the dispute out (the checker stops there), with its question.
    pub fn ruled_out(&self, today: NaiveDate) -> Option<(Step, Reason)> {
        let reason = first_ruling_out(&self.partial(), today)?;
        let step = match reason {
            Reason::MedicareOnly | Reason::FeeForService => Step::Program,
            Reason::InternalProcessNotExhausted => Step::InternalProcess,
            Reason::NoTrackingNumber => Step::TrackingNumber,
            Reason::TooLate | Reason::TooEarly => Step::ReceivedDate,
            Reason::PriorAuthorizationNotObtained => Step::PriorAuthorization,
        };
        Some((step, reason))
    }

    /// Where Continue goes after `step` was answered: the result when this answer ruled the
    /// dispute out, else the next question (or the summary after a change).
    pub fn after(&self, step: Step, changing: bool, today: NaiveDate) -> &'static str {
        if self.ruled_out(today).is_some() {
            "/eligibility/result"
        } else {
            step.next_path(changing)
        }
    }

    /// The first question not answered yet.
    pub fn first_unanswered(&self) -> Option<Step> {
        let answered = [
            self.program.with(Option::is_some),
            self.internal_process_exhausted.with(Option::is_some),
            self.has_tracking_number.with(Option::is_some),
            self.received_on.with(Option::is_some),
            self.prior_authorization_not_obtained.with(Option::is_some),
        ];
        Step::ALL
            .into_iter()
            .zip(answered)
            .find(|(_, a)| !a)
            .map(|(s, _)| s)
    }

    /// Start again with no answers.
    pub fn clear(&self) {
        self.program.set(None);
        self.internal_process_exhausted.set(None);
        self.has_tracking_number.set(None);
        self.received_parts.set(DateParts::default());
        self.received_on.set(None);
        self.prior_authorization_not_obtained.set(None);
    }
}
