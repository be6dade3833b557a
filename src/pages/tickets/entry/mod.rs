//! Entering a ticket (docs/tickets.md, "The app's pages"): `/tickets/new` starts or resumes a
//! draft; then one question or small group per page, `/tickets/new/{draft_id}/{step}`; the files;
//! "Check your answers"; and the confirmation `/tickets/{id}/submitted`.
//!
//! The form is kept on the server as the user goes (`PUT /api/drafts/{id}` on every Continue),
//! never in browser storage: it holds protected health information. URLs carry only the draft's
//! id, the step and `?change=1`.

mod check;
mod claims;
mod fields;
mod files;
mod start;
mod steps;
mod submitted;

use chrono::NaiveDate;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::{use_params_map, use_query_map};
use leptos_router::NavigateOptions;
use rules::forms::{check_supported_year, parse_date_parts, DateError, DateFields, DateParts};
use rules::tickets::{check_step, steps_for, FormContext, Step};
use rules::wire::accounts::{Mco, Role};
use rules::wire::tickets::{Draft, TicketForm};
use rules::wire::ErrorBody;

use crate::api::{admin, tickets as api, ApiError};
use crate::clock::{use_calendar, use_clock};
use crate::components::form_errors::send_form;
use crate::components::{LoadProblem, Loading, RequireRole};
use crate::session::use_session;

pub use start::{ResumeDraft, StartTicket};
pub use submitted::Submitted;

/// The caption above every question of the journey.
pub(crate) const CAPTION: &str = "File a dispute";

/// A page of the journey after `/tickets/new`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Page {
    Question(Step),
    Files,
    Check,
}

impl Page {
    fn parse(segment: &str) -> Option<Page> {
        match segment {
            "files" => Some(Page::Files),
            "check" => Some(Page::Check),
            other => Step::parse(other).map(Page::Question),
        }
    }

    fn segment(self) -> &'static str {
        match self {
            Page::Question(step) => step.as_str(),
            Page::Files => "files",
            Page::Check => "check",
        }
    }

    /// The page after this one in the journey of a ticket with `form` (its pages are
    /// `rules::tickets::steps_for(form)`: one claim or the claims template).
    fn next(self, form: &TicketForm) -> Page {
        let steps = steps_for(form);
        match self {
            Page::Question(step) => {
                let after = match steps.iter().position(|s| *s == step) {
                    Some(i) => steps.get(i + 1).copied(),
                    // A page this ticket no longer has (the count was changed): the first one
                    // after it that it has.
                    None => Step::ALL
                        .iter()
                        .skip_while(|s| **s != step)
                        .find(|s| steps.contains(s))
                        .copied(),
                };
                after.map_or(Page::Files, Page::Question)
            }
            Page::Files | Page::Check => Page::Check,
        }
    }

    /// The page before this one, `None` for the first question (back to `/tickets/new`).
    fn previous(self, form: &TicketForm) -> Option<Page> {
        let steps = steps_for(form);
        match self {
            Page::Question(step) => {
                let before = Step::ALL
                    .iter()
                    .take_while(|s| **s != step)
                    .filter(|s| steps.contains(s))
                    .last()
                    .copied();
                before.map(Page::Question)
            }
            Page::Files => steps.last().copied().map(Page::Question),
            Page::Check => Some(Page::Files),
        }
    }
}

/// The path of `page` of draft `draft_id`.
pub(crate) fn page_path(draft_id: i64, page: Page) -> String {
    format!("/tickets/new/{draft_id}/{}", page.segment())
}

/// What every page of one draft shares. Copy it freely: every field is a signal or a number.
#[derive(Clone, Copy)]
pub(crate) struct Entry {
    pub draft_id: i64,
    /// The draft as the server last gave it (loaded once, replaced by every save's answer).
    pub draft: RwSignal<Option<Draft>>,
    /// The active MCOs (`GET /api/mcos`).
    pub mcos: RwSignal<Option<Vec<Mco>>>,
    /// The page was reached by a "Change" link on the summary: Continue and Back return there.
    pub changing: Memo<bool>,
    /// How many claims the template sent on this visit holds (the summary shows it).
    pub claims_count: RwSignal<Option<usize>>,
}

impl Entry {
    /// The form so far (untracked: a page reads it once, to fill its fields in).
    pub fn form(self) -> TicketForm {
        self.draft
            .with_untracked(|d| d.as_ref().map(|d| d.form.clone()))
            .unwrap_or_default()
    }

    /// What the form is checked against: the session's facilities, the active MCOs.
    pub fn context(self) -> FormContext {
        form_context(self.mcos.get_untracked().as_deref().unwrap_or_default())
    }

    /// Where Continue goes from `page`, once the form is `form`.
    pub fn next_path(self, page: Page, form: &TicketForm) -> String {
        // Changing the number of claims brings new pages to answer: go through them.
        let count_changed = page == Page::Question(Step::ClaimsCount)
            && self.form().multiple_claims != form.multiple_claims;
        if self.changing.get_untracked() && !count_changed {
            page_path(self.draft_id, Page::Check)
        } else {
            page_path(self.draft_id, page.next(form))
        }
    }

    /// Where the Back link of `page` goes.
    pub fn back_path(self, page: Page) -> Signal<String> {
        let changing = self.changing;
        let id = self.draft_id;
        let draft = self.draft;
        Signal::derive(move || {
            if changing.get() && page != Page::Check {
                page_path(id, Page::Check)
            } else {
                let form = draft.with(|d| d.as_ref().map(|d| d.form.clone()).unwrap_or_default());
                match page.previous(&form) {
                    Some(p) => page_path(id, p),
                    None => "/tickets/new".to_string(),
                }
            }
        })
    }
}

/// The form's context from the session (its facilities) and the MCO list (the active ones).
pub(crate) fn form_context(mcos: &[Mco]) -> FormContext {
    let facility_ids = use_session().session.with_untracked(|s| {
        s.as_ref()
            .map(|s| s.facilities.iter().map(|f| f.id).collect())
            .unwrap_or_default()
    });
    FormContext {
        facility_ids,
        mco_ids: mcos.iter().filter(|m| m.active).map(|m| m.id).collect(),
    }
}

/// The first question of `form` that still needs an answer, or the summary when none does
/// (where "Continue" on a draft goes).
pub(crate) fn resume_page(form: &TicketForm, ctx: &FormContext, today: NaiveDate) -> Page {
    let calendar = use_calendar();
    steps_for(form)
        .into_iter()
        .find(|step| check_step(*step, form, ctx, today, &calendar).is_err())
        .map(Page::Question)
        .unwrap_or(Page::Check)
}

/// A date typed as three fields: `Ok(None)` when all three are empty, else the date or the one
/// most important problem (GOV.UK order).
pub(crate) fn read_date_parts(
    parts: &DateParts,
    label: &str,
) -> Result<Option<NaiveDate>, DateError> {
    if parts.day.trim().is_empty() && parts.month.trim().is_empty() && parts.year.trim().is_empty()
    {
        return Ok(None);
    }
    let date = parse_date_parts(parts, label)?;
    check_supported_year(date, label).map(Some)
}

/// The three fields of a stored date (`YYYY-MM-DD`), empty when there is none.
pub(crate) fn parts_of(date: Option<&str>) -> DateParts {
    date.and_then(rules::dates::parse_iso_date)
        .map(DateParts::from_date)
        .unwrap_or_default()
}

/// The problem of a date field for its three inputs: the local one first (what was typed cannot
/// be read), else the rules' message for `field`.
pub(crate) fn date_error(
    local: &Result<Option<NaiveDate>, DateError>,
    body: &ErrorBody,
    field: &str,
) -> Option<DateError> {
    if let Err(e) = local {
        return Some(e.clone());
    }
    body.errors
        .get(field)
        .and_then(|m| m.first())
        .map(|m| DateError {
            message: m.clone(),
            fields: DateFields::ALL,
        })
}

/// Continue: checks the page's answers in `form` (the whole form, this page's answers in it) with
/// the rules the server uses, then saves the draft and goes to the next page. Problems (the
/// rules', or the server's 422) go to `show_errors`; `extra` are problems found before (a date
/// that cannot be read), shown with the rules' own.
pub(crate) fn continue_with(
    entry: Entry,
    step: Step,
    form: TicketForm,
    mut extra: ErrorBody,
    busy: RwSignal<bool>,
    show_errors: impl Fn(ErrorBody) + Clone + 'static,
    navigate: impl Fn(&str, NavigateOptions) + Clone + 'static,
) {
    if busy.get_untracked() {
        return;
    }
    let today = use_clock().illinois_today().get_untracked();
    let calendar = use_calendar();
    if let Err(body) = check_step(step, &form, &entry.context(), today, &calendar) {
        for (field, messages) in body.errors {
            extra.errors.entry(field).or_insert(messages);
        }
    }
    if !extra.is_empty() {
        show_errors(extra);
        return;
    }
    let next = entry.next_path(Page::Question(step), &form);
    let id = entry.draft_id;
    send_form(
        busy,
        async move { api::save_draft(id, &form).await },
        move |answer| match answer {
            Ok(draft) => {
                entry.draft.set(Some(draft));
                navigate(&next, Default::default());
            }
            Err(ApiError::Invalid(body)) => show_errors(body),
            Err(e) => {
                let mut body = ErrorBody::default();
                body.add(step.fields()[0], e.message());
                show_errors(body);
            }
        },
    );
}

/// `/tickets/new/{draft_id}/{step}`: one page of the journey.
#[component]
pub fn EntryStep() -> impl IntoView {
    view! {
        <RequireRole roles=&[Role::Provider] approved=true>
            <EntryPages />
        </RequireRole>
    }
}

#[component]
fn EntryPages() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let draft_id = Memo::new(move |_| {
        params
            .read()
            .get("draft_id")
            .and_then(|s| s.parse::<i64>().ok())
    });
    let page = Memo::new(move |_| params.read().get("step").and_then(|s| Page::parse(&s)));
    let changing = Memo::new(move |_| query.read().get("change").is_some());
    let draft = RwSignal::new(None::<Draft>);
    let mcos = RwSignal::new(None::<Vec<Mco>>);
    let problem = RwSignal::new(None::<String>);
    let claims_count = RwSignal::new(None::<usize>);

    spawn_local(async move {
        match admin::mcos().await {
            Ok(list) => mcos.set(Some(list)),
            Err(e) => problem.set(Some(e.message())),
        }
    });
    Effect::new(move |_| {
        let Some(id) = draft_id.get() else {
            return;
        };
        if draft.with_untracked(|d| d.as_ref().map(|d| d.id)) == Some(id) {
            return;
        }
        draft.set(None);
        spawn_local(async move {
            match api::get_draft(id).await {
                Ok(d) => draft.set(Some(d)),
                Err(e) => problem.set(Some(e.message())),
            }
        });
    });
    let loaded = Memo::new(move |_| {
        draft
            .with(|d| d.as_ref().map(|d| d.id))
            .filter(|_| mcos.with(Option::is_some))
    });
    move || {
        if let Some(message) = problem.get() {
            crate::page::use_title(|| "This ticket could not be opened".into(), || false);
            return view! {
                <h1 class="text-4xl font-bold mb-6">"This ticket could not be opened"</h1>
                <LoadProblem message=message />
                <p><a href="/tickets/new">"Go to your tickets being entered"</a></p>
            }
            .into_any();
        }
        let (Some(id), Some(page)) = (draft_id.get(), page.get()) else {
            crate::page::use_title(|| "Page not found".into(), || false);
            return view! {
                <h1 class="text-4xl font-bold mb-6">"Page not found"</h1>
                <p><a href="/tickets/new">"Go to your tickets being entered"</a></p>
            }
            .into_any();
        };
        if loaded.get() != Some(id) {
            return view! { <Loading /> }.into_any();
        }
        crate::page::focus_heading_if_lost();
        let entry = Entry {
            draft_id: id,
            draft,
            mcos,
            changing,
            claims_count,
        };
        match page {
            Page::Question(step) => steps::question(entry, step),
            Page::Files => view! { <files::FilesPage entry=entry /> }.into_any(),
            Page::Check => view! { <check::CheckPage entry=entry /> }.into_any(),
        }
    }
}
