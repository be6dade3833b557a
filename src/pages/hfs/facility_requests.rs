//! HFS's queue of requested facilities (the Multiple Provider/Facility Registration Request),
//! grouped by request; each facility is approved (an invitation code is emailed) or denied.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use rules::dates::iso_in_words as date_words;
use rules::wire::accounts::{Denial, FacilityRequestStatus, RequestedFacility, Role};

use crate::api;
use crate::components::form_errors::{from_api_error, message_for, send_form};
use crate::components::pager::{
    offset_of, page_href, use_page_request, PageCount, Pages, PastTheEnd, LIST_PAGE,
};
use crate::components::review::{
    checked_reason, group_by_request, review_standing, AlreadyRegisteredWarning,
};
use crate::components::{
    use_status_filter, ErrorSummary, FieldError, FilterLinks, LoadProblem, Loading, RequireRole,
    SuccessBanner, TextArea,
};
use crate::page::use_title;

const QUEUE_PATH: &str = "/hfs/facility-requests";

const FILTERS: &[(&str, &str)] = &[
    ("pending", "Waiting for a decision"),
    ("invited", "Approved, invitation sent"),
    ("redeemed", "Added to an account"),
    ("denied", "Denied"),
    ("all", "All"),
];

/// Where a requested facility stands, in words (shared with the requester's page).
pub fn facility_status_words(status: FacilityRequestStatus) -> &'static str {
    match status {
        FacilityRequestStatus::Pending => "Waiting for HFS",
        FacilityRequestStatus::Invited => "Approved: invitation code sent",
        FacilityRequestStatus::Redeemed => "Added to the account",
        FacilityRequestStatus::Denied => "Denied",
    }
}

/// The facilities of a request in a heading: "Oak Clinic", "Oak Clinic and Elm Hospital",
/// "Oak Clinic, Elm Hospital, Birch Lab and 2 more".
fn names_words(names: &[String]) -> String {
    match names {
        [] => String::new(),
        [one] => one.clone(),
        [a, b] => format!("{a} and {b}"),
        [a, b, c] => format!("{a}, {b} and {c}"),
        [a, b, c, rest @ ..] => format!("{a}, {b}, {c} and {} more", rest.len()),
    }
}

/// What the page is doing with one facility's decision.
#[derive(Clone, Copy)]
struct DecisionState {
    /// The facility whose denial form is open.
    denying: RwSignal<Option<i64>>,
    reason: RwSignal<String>,
    errors: RwSignal<Vec<FieldError>>,
    done: RwSignal<Option<String>>,
    busy: RwSignal<bool>,
}

#[component]
pub fn FacilityQueue() -> impl IntoView {
    view! {
        <RequireRole roles=&[Role::HfsStaff, Role::HfsAdmin]>
            <QueuePage />
        </RequireRole>
    }
}

#[component]
fn QueuePage() -> impl IntoView {
    let status = use_status_filter(FILTERS);
    // The filter and the page of the address, from one memo (`components::pager`). A request
    // whose facilities run over a page shows the rest on the next ("N facilities shown").
    let query = use_query_map();
    let asked = use_page_request(move || status.get());
    let facilities = LocalResource::new(move || {
        let (status, page) = asked.get();
        async move {
            let list =
                api::hfs::facility_requests(&status, LIST_PAGE, offset_of(page, LIST_PAGE)).await?;
            Ok::<_, api::ApiError>((page, list))
        }
    });
    let state = DecisionState {
        denying: RwSignal::new(None),
        reason: RwSignal::new(String::new()),
        errors: RwSignal::new(Vec::new()),
        done: RwSignal::new(None),
        busy: RwSignal::new(false),
    };
    use_title(
        || "Requests for more facilities".into(),
        move || state.errors.with(|e| !e.is_empty()),
    );
    let refresh = move || facilities.refetch();
    view! {
        <SuccessBanner message=state.done />
        <ErrorSummary errors=state.errors />
        <span class="block text-xl text-secondary mb-1">"HFS review"</span>
        <h1 class="text-4xl font-bold mb-6">"Requests for more facilities"</h1>
        <p class="mb-6">
            {rules::rule_table::words("Approved portal users ask here for more providers or facilities. Approve each facility you have checked: the portal emails an invitation code to the facility's contact and to the user. Requests for {large} or more facilities have {large_extra_weeks}.")}
        </p>
        <FilterLinks label="Show requested facilities" path=QUEUE_PATH options=FILTERS current=status />
        {move || match facilities.get() {
            None => view! { <Loading /> }.into_any(),
            Some(Err(e)) => view! { <LoadProblem message=e.message() /> }.into_any(),
            Some(Ok((_, list))) if list.total == 0 => {
                view! { <p class="text-xl">"There are no requested facilities here."</p> }.into_any()
            }
            Some(Ok((_, list))) if list.items.is_empty() => view! {
                <PastTheEnd id="facility-requests-past-end" first=query.with_untracked(|q| page_href(QUEUE_PATH, q, 1)) />
            }
            .into_any(),
            Some(Ok((page, list))) => {
                let total = list.total;
                let shown = list.items.len();
                let groups = group_by_request(list.items)
                    .into_iter()
                    .map(|group| view! { <RequestGroup group=group state=state refresh=refresh /> })
                    .collect_view();
                view! {
                    <PageCount id="facility-requests-count" offset=offset_of(page, LIST_PAGE) shown=shown total=total noun="facility" nouns="facilities" />
                    {groups}
                    <Pages
                        total=total
                        per_page=LIST_PAGE
                        current=page
                        href=move |n| query.with_untracked(|q| page_href(QUEUE_PATH, q, n))
                        label="Pages of requested facilities"
                    />
                }
                .into_any()
            }
        }}
    }
}

#[component]
fn RequestGroup(
    group: Vec<RequestedFacility>,
    state: DecisionState,
    refresh: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let first = group[0].clone();
    let count = group.len();
    let any_waiting = group
        .iter()
        .any(|f| f.status == FacilityRequestStatus::Pending);
    let standing = review_standing(first.review_due_on.clone(), any_waiting);
    let standing = move || {
        standing().map(|(text, overdue)| {
            let class = if overdue {
                "font-bold text-error"
            } else {
                "font-bold"
            };
            view! { " " <strong class=class>"(" {text} ")"</strong> }
        })
    };
    let facilities_word = if count == 1 { "facility" } else { "facilities" };
    let organization = if first.organization_name.trim().is_empty() {
        first.requested_by.clone()
    } else {
        first.organization_name.trim().to_string()
    };
    let names: Vec<String> = group.iter().map(|f| f.row.name.clone()).collect();
    let heading = format!("{organization}: {}", names_words(&names));
    view! {
        <section class="mb-12" aria-labelledby=format!("request-{}", first.batch_id) data-request=first.batch_id.to_string()>
            <h2 id=format!("request-{}", first.batch_id) class="text-2xl font-bold mb-2">
                {heading}
            </h2>
            <p class="mb-1">
                "Asked by " {first.requested_by.clone()} " on " {date_words(&first.requested_on)} ", "
                {count} " " {facilities_word} " shown (request " {first.batch_id} ")."
            </p>
            <p class="mb-4">"HFS must review it by " {date_words(&first.review_due_on)} {standing}</p>
            <div class="overflow-x-auto" tabindex="0" role="region" aria-label="Requested facilities (scrolls sideways in a narrow window)"><table class="w-full text-left border-collapse text-base">
                <caption class="sr-only">
                    {format!("Facilities {organization} asked for (request {})", first.batch_id)}
                </caption>
                <thead>
                    <tr class="border-b-2 border-ink">
                        <th scope="col" class="py-2 pr-3">"Provider or facility"</th>
                        <th scope="col" class="py-2 pr-3">"Provider Medicaid ID"</th>
                        <th scope="col" class="py-2 pr-3">"NPI"</th>
                        <th scope="col" class="py-2 pr-3">"Contact"</th>
                        <th scope="col" class="py-2 pr-3">"Status"</th>
                        <th scope="col" class="py-2">"Decision"</th>
                    </tr>
                </thead>
                <tbody>
                    {group
                        .into_iter()
                        .map(|f| view! { <FacilityRows facility=f state=state refresh=refresh /> })
                        .collect_view()}
                </tbody>
            </table></div>
        </section>
    }
}

#[component]
fn FacilityRows(
    facility: RequestedFacility,
    state: DecisionState,
    refresh: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let id = facility.id;
    let name = facility.row.name.clone();
    let contact_email = facility.row.contact_email.clone();
    let waiting = facility.status == FacilityRequestStatus::Pending;
    let reason_id = format!("reason-{id}");
    let reason_error = message_for(state.errors, reason_id.clone());
    let status_text = match (&facility.status, &facility.denial_reason) {
        (FacilityRequestStatus::Denied, Some(reason)) => {
            format!("{}: {reason}", facility_status_words(facility.status))
        }
        _ => facility_status_words(facility.status).to_string(),
    };

    let approve = {
        let name = name.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            if state.busy.get_untracked() {
                return;
            }
            let (name, contact_email) = (name.clone(), contact_email.clone());
            send_form(
                state.busy,
                api::hfs::approve_facility(id),
                move |result| match result {
                    Ok(()) => {
                        state.errors.set(Vec::new());
                        state.done.set(Some(format!(
                            "You approved {name}. An invitation code has been emailed to {contact_email} and to the person who asked."
                        )));
                        refresh();
                    }
                    Err(e) => state
                        .errors
                        .set(vec![FieldError::new(format!("approve-{id}"), e.message())]),
                },
            );
        }
    };
    let open_denial = move |_| {
        state.reason.set(String::new());
        state.errors.set(Vec::new());
        state.denying.set(Some(id));
        request_animation_frame(move || crate::page::focus_id(&format!("reason-{id}")));
    };
    let deny = {
        let name = name.clone();
        let reason_id = reason_id.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            if state.busy.get_untracked() {
                return;
            }
            let Some(reason) = checked_reason(state.reason, state.errors, &reason_id) else {
                return;
            };
            let name = name.clone();
            let reason_id = reason_id.clone();
            send_form(
                state.busy,
                async move { api::hfs::deny_facility(id, &Denial { reason }).await },
                move |result| match result {
                    Ok(()) => {
                        state.errors.set(Vec::new());
                        state.denying.set(None);
                        state.done.set(Some(format!(
                            "You denied {name}. The person who asked has been emailed your reason."
                        )));
                        refresh();
                    }
                    Err(e) => state.errors.set(from_api_error(&e, &[], &reason_id)),
                },
            );
        }
    };
    let denying = move || state.denying.get() == Some(id);
    let row = facility.row.clone();
    let npi = if row.npi.trim().is_empty() {
        "None".to_string()
    } else {
        row.npi.clone()
    };
    let name_for_buttons = name.clone();
    let name_for_form = name.clone();
    view! {
        <tr class="border-b border-border align-top">
            <th scope="row" class="py-3 pr-3 font-normal">
                <span class="block font-bold">{row.name.clone()}</span>
                <span class="block text-secondary">{row.facility_type.clone()}</span>
                {waiting.then(|| view! {
                    <AlreadyRegisteredWarning list=facility.already_registered.clone() id=format!("already-registered-{id}") />
                })}
            </th>
            <td class="py-3 pr-3">{row.medicaid_id.clone()}</td>
            <td class="py-3 pr-3">{npi}</td>
            <td class="py-3 pr-3 break-all">
                <span class="block">{row.contact_email.clone()}</span>
                <span class="block">{row.contact_phone.clone()}</span>
            </td>
            <td class="py-3 pr-3">{status_text}</td>
            <td class="py-3">
                {waiting
                    .then(|| {
                        let name = name_for_buttons.clone();
                        view! {
                            <form novalidate on:submit=approve class="mb-2">
                                <button id=format!("approve-{id}") type="submit" class="btn" disabled=move || state.busy.get()>
                                    "Approve" <span class="sr-only">" " {name.clone()}</span>
                                </button>
                            </form>
                            <button
                                type="button"
                                class="btn btn-secondary"
                                aria-expanded=move || if denying() { "true" } else { "false" }
                                on:click=open_denial
                            >
                                "Deny" <span class="sr-only">" " {name}</span>
                            </button>
                        }
                    })}
            </td>
        </tr>
        <Show when=denying>
            <tr class="border-b border-border">
                <td colspan="6" class="p-4 border-l-4 border-link">
                    <form novalidate on:submit=deny.clone()>
                        <TextArea
                            id=reason_id.clone()
                            label=format!("What is missing or wrong with {}", name_for_form)
                            hint="The person who asked sees this and can send the facility again."
                            value=state.reason
                            error=reason_error
                            rows=3
                        />
                        <div class="flex gap-4 items-center">
                            <button type="submit" class="btn bg-error hover:bg-error" disabled=move || state.busy.get()>
                                "Deny this facility"
                            </button>
                            <button type="button" class="underline text-link" on:click=move |_| state.denying.set(None)>
                                "Cancel"
                            </button>
                        </div>
                    </form>
                </td>
            </tr>
        </Show>
    }
}
