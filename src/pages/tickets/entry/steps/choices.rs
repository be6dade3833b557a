//! The questions answered by choosing from a list: the facility, the MCO, the complaint type.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use rules::tickets::Step;
use rules::wire::tickets::{ComplaintType, TicketForm};
use rules::wire::ErrorBody;

use super::super::fields::{Choice, ChoiceQuestion};
use super::{continue_with, page_title, shower, Entry, Page, CAPTION};
use crate::components::{BackLink, ErrorSummary, FieldError, SendButton};
use crate::session::use_session;

/// A page whose question is chosen from a list (facility, MCO, complaint type).
#[component]
fn ChoicePage(
    entry: Entry,
    step: Step,
    id: &'static str,
    legend: &'static str,
    #[prop(optional)] hint: Option<&'static str>,
    choices: Vec<Choice>,
    initial: Option<String>,
    /// The form with the chosen value in it.
    apply: fn(&mut TicketForm, Option<String>),
    #[prop(optional)] empty_message: Option<&'static str>,
) -> impl IntoView {
    let navigate = use_navigate();
    let selected = RwSignal::new(initial);
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let busy = RwSignal::new(false);
    page_title(legend, errors);
    let ids: &'static [(&'static str, &'static str)] = match step {
        Step::Facility => &[("facility_id", "facility")],
        Step::Mco => &[("mco_id", "mco")],
        _ => &[("complaint_type", "complaint-type")],
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut form = entry.form();
        apply(&mut form, selected.get_untracked());
        continue_with(
            entry,
            step,
            form,
            ErrorBody::default(),
            busy,
            shower(errors, ids),
            navigate.clone(),
        );
    };
    let empty = choices.is_empty();
    view! {
        <BackLink href=entry.back_path(Page::Question(step)) />
        <ErrorSummary errors=errors />
        <form novalidate on:submit=on_submit>
            <ChoiceQuestion
                id=id
                caption=CAPTION
                legend=legend
                hint=hint.unwrap_or_default()
                choices=choices
                selected=selected
                errors=errors
            />
            {(empty).then(|| view! { <p class="mb-6">{empty_message.unwrap_or_default()}</p> })}
            <SendButton sending=busy>"Continue"</SendButton>
        </form>
    }
}

#[component]
pub(super) fn FacilityPage(entry: Entry) -> impl IntoView {
    let session = use_session();
    let facilities = session
        .session
        .with_untracked(|s| s.as_ref().map(|s| s.facilities.clone()))
        .unwrap_or_default();
    let current = session.current_facility().map(|f| f.id);
    let initial = entry
        .form()
        .facility_id
        .or(current)
        .or((facilities.len() == 1).then(|| facilities[0].id))
        .map(|id| id.to_string());
    let choices = facilities
        .into_iter()
        .map(|f| Choice {
            value: f.id.to_string(),
            hint: Some(format!("Provider Medicaid ID {}", f.medicaid_id)),
            label: f.name,
        })
        .collect();
    view! {
        <ChoicePage
            entry=entry
            step=Step::Facility
            id="facility"
            legend="Which facility is this dispute for?"
            choices=choices
            initial=initial
            apply=|form, value| form.facility_id = value.and_then(|v| v.parse().ok())
            empty_message="Your account has no approved facility yet."
        />
    }
}

#[component]
pub(super) fn McoPage(entry: Entry) -> impl IntoView {
    let choices = entry
        .mcos
        .get_untracked()
        .unwrap_or_default()
        .into_iter()
        .filter(|m| m.active)
        .map(|m| Choice {
            value: m.id.to_string(),
            label: m.name,
            hint: None,
        })
        .collect();
    let initial = entry.form().mco_id.map(|id| id.to_string());
    view! {
        <ChoicePage
            entry=entry
            step=Step::Mco
            id="mco"
            legend="Which MCO is the dispute with?"
            hint="File one ticket for each MCO."
            choices=choices
            initial=initial
            apply=|form, value| form.mco_id = value.and_then(|v| v.parse().ok())
        />
    }
}

/// A complaint type's key on the wire (`claims_payment`).
fn type_key(t: ComplaintType) -> String {
    serde_json::to_value(t)
        .ok()
        .and_then(|v| v.as_str().map(String::from))
        .unwrap_or_default()
}

fn type_of_key(key: &str) -> Option<ComplaintType> {
    ComplaintType::ALL.into_iter().find(|t| type_key(*t) == key)
}

#[component]
pub(super) fn TypePage(entry: Entry) -> impl IntoView {
    let choices = ComplaintType::ALL
        .into_iter()
        .map(|t| Choice {
            value: type_key(t),
            label: t.label().to_string(),
            hint: None,
        })
        .collect();
    let initial = entry.form().complaint_type.map(type_key);
    view! {
        <ChoicePage
            entry=entry
            step=Step::Type
            id="complaint-type"
            legend="What is the complaint about?"
            hint="Choose the one that fits best."
            choices=choices
            initial=initial
            apply=|form, value| form.complaint_type = value.as_deref().and_then(type_of_key)
        />
    }
}
