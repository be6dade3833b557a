//! HFS's queue of registration requests (oldest first) and the decision on one of them.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};
use rules::accounts::ORGANIZATION_TYPES;
use rules::dates::iso_in_words as date_words;
use rules::wire::accounts::{AccountStatus, Denial, Profile, RegistrationRequest, Role};

use crate::api::{self, ApiError};
use crate::components::form_errors::{from_api_error, message_for};
use crate::components::pager::{
    offset_of, page_href, use_page_request, PageCount, Pages, PastTheEnd, LIST_PAGE,
};
use crate::components::review::{checked_reason, review_standing, AlreadyRegisteredWarning};
use crate::components::{
    use_status_filter, BackLink, ErrorSummary, FieldError, FilterLinks, LoadProblem, Loading,
    RequireRole, SuccessBanner, TextArea,
};
use crate::page::{set_flash, take_flash, use_title};

const QUEUE_PATH: &str = "/hfs/registrations";

const FILTERS: &[(&str, &str)] = &[
    ("pending", "Waiting for a decision"),
    ("approved", "Approved"),
    ("denied", "Denied"),
    ("all", "All"),
];

fn status_words(status: AccountStatus) -> &'static str {
    match status {
        AccountStatus::ProfileNeeded => "Profile not sent yet",
        AccountStatus::Pending => "Waiting for a decision",
        AccountStatus::Approved => "Approved",
        AccountStatus::Denied => "Denied",
        AccountStatus::Disabled => "Account turned off",
    }
}

fn full_name(profile: &Profile) -> String {
    format!("{} {}", profile.first_name.trim(), profile.last_name.trim())
        .trim()
        .to_string()
}

/// The registrant's name, or the username when the profile has none.
fn registrant_name(request: &RegistrationRequest) -> String {
    let name = full_name(&request.profile);
    if name.is_empty() {
        request.username.clone()
    } else {
        name
    }
}

fn organization_type_words(code: &str) -> String {
    ORGANIZATION_TYPES
        .iter()
        .find(|(c, _)| *c == code)
        .map(|(_, label)| label.to_string())
        .unwrap_or_else(|| code.to_string())
}

/// The review date in words, and for a request still waiting, how it stands ("2 days overdue").
#[component]
fn ReviewBy(due: String, waiting: bool) -> impl IntoView {
    let words = date_words(&due);
    let standing = review_standing(due, waiting);
    let standing = move || {
        standing().map(|(text, overdue)| {
            let class = if overdue {
                "block font-bold text-error"
            } else {
                "block font-bold"
            };
            view! { <strong class=class>{text}</strong> }
        })
    };
    view! {
        <span class="block">{words}</span>
        {standing}
    }
}

const HFS: &[Role] = &[Role::HfsStaff, Role::HfsAdmin];

#[component]
pub fn RegistrationQueue() -> impl IntoView {
    view! {
        <RequireRole roles=HFS>
            <QueuePage />
        </RequireRole>
    }
}

#[component]
fn QueuePage() -> impl IntoView {
    let status = use_status_filter(FILTERS);
    let flash = RwSignal::new(take_flash());
    // The filter and the page of the address, from one memo (`components::pager`).
    let query = use_query_map();
    let asked = use_page_request(move || status.get());
    let requests = LocalResource::new(move || {
        let (status, page) = asked.get();
        async move {
            let list =
                api::hfs::registrations(&status, LIST_PAGE, offset_of(page, LIST_PAGE)).await?;
            Ok::<_, ApiError>((page, list))
        }
    });
    use_title(|| "Registration requests".into(), || false);
    let caption = move || {
        let words = FILTERS
            .iter()
            .find(|(v, _)| *v == status.get())
            .map(|(_, w)| *w)
            .unwrap_or("Waiting for a decision");
        format!(
            "Registration requests: {}, oldest first",
            words.to_lowercase()
        )
    };
    view! {
        <SuccessBanner message=flash />
        <span class="block text-xl text-secondary mb-1">"HFS review"</span>
        <h1 class="text-4xl font-bold mb-6">"Registration requests"</h1>
        <p class="mb-6">
            {rules::rule_table::words("Check each registrant's organization, Provider Medicaid ID and NPI, then approve or deny the request. HFS reviews a complete request within {registration_review}.")}
        </p>
        <FilterLinks label="Show registration requests" path=QUEUE_PATH options=FILTERS current=status />
        {move || match requests.get() {
            None => view! { <Loading /> }.into_any(),
            Some(Err(e)) => view! { <LoadProblem message=e.message() /> }.into_any(),
            Some(Ok((_, list))) if list.total == 0 => {
                view! { <p class="text-xl">"There are no registration requests here."</p> }.into_any()
            }
            Some(Ok((_, list))) if list.items.is_empty() => view! {
                <PastTheEnd id="registrations-past-end" first=query.with_untracked(|q| page_href(QUEUE_PATH, q, 1)) />
            }
            .into_any(),
            Some(Ok((page, list))) => {
                let count = list.total;
                let shown = list.items.len();
                let list = list.items;
                view! {
                    <PageCount id="registrations-count" offset=offset_of(page, LIST_PAGE) shown=shown total=count noun="request" nouns="requests" />
                    <div class="overflow-x-auto" tabindex="0" role="region" aria-label="Registration requests (scrolls sideways in a narrow window)"><table class="w-full text-left border-collapse">
                        <caption class="text-left text-xl font-bold mb-3">
                            {caption()} " (" {count} ")"
                        </caption>
                        <thead>
                            <tr class="border-b-2 border-ink">
                                <th scope="col" class="py-2 pr-4">"Registrant"</th>
                                <th scope="col" class="py-2 pr-4">"Organization"</th>
                                <th scope="col" class="py-2 pr-4">"Requested"</th>
                                <th scope="col" class="py-2 pr-4">"Review by"</th>
                                <th scope="col" class="py-2">"Status"</th>
                            </tr>
                        </thead>
                        <tbody>
                            {list
                                .into_iter()
                                .map(|r| {
                                    let waiting = r.status == AccountStatus::Pending;
                                    view! {
                                        <tr class="border-b border-border align-top">
                                            <th scope="row" class="py-3 pr-4 font-normal">
                                                <a href=format!("{QUEUE_PATH}/{}", r.user_id)>{registrant_name(&r)}</a>
                                                <span class="block text-secondary text-base">{r.username.clone()}</span>
                                            </th>
                                            <td class="py-3 pr-4">
                                                {r.profile.organization_name.clone()}
                                                {(waiting && !r.already_registered.is_empty()).then(|| view! {
                                                    <strong class="block text-error" data-already-registered="">"Medicaid ID or NPI already registered to another account"</strong>
                                                })}
                                            </td>
                                            <td class="py-3 pr-4">{date_words(&r.requested_on)}</td>
                                            <td class="py-3 pr-4">
                                                <ReviewBy due=r.review_due_on.clone() waiting=waiting />
                                            </td>
                                            <td class="py-3">{status_words(r.status)}</td>
                                        </tr>
                                    }
                                })
                                .collect_view()}
                        </tbody>
                    </table></div>
                    <Pages
                        total=count
                        per_page=LIST_PAGE
                        current=page
                        href=move |n| query.with_untracked(|q| page_href(QUEUE_PATH, q, n))
                        label="Pages of registration requests"
                    />
                }
                .into_any()
            }
        }}
    }
}

#[component]
pub fn RegistrationDecision() -> impl IntoView {
    view! {
        <RequireRole roles=HFS>
            <DecisionPage />
        </RequireRole>
    }
}

#[component]
fn DecisionPage() -> impl IntoView {
    let params = use_params_map();
    let user_id = Memo::new(move |_| {
        params
            .read()
            .get("user_id")
            .and_then(|id| id.parse::<i64>().ok())
    });
    let request = LocalResource::new(move || {
        let user_id = user_id.get();
        async move {
            let user_id = user_id.ok_or(ApiError::NotFound)?;
            api::hfs::registration(user_id).await
        }
    });
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let title = move || match request.get() {
        Some(Ok(r)) => format!("Registration request from {}", registrant_name(&r)),
        Some(Err(_)) => "Registration request not found".into(),
        None => "Registration request".into(),
    };
    use_title(title, move || errors.with(|e| !e.is_empty()));
    view! {
        <BackLink href=Signal::derive(|| QUEUE_PATH.to_string()) />
        <ErrorSummary errors=errors />
        {move || match request.get() {
            None => view! { <Loading /> }.into_any(),
            Some(Err(ApiError::NotFound)) => view! {
                <h1 class="text-4xl font-bold mb-6">"Registration request not found"</h1>
                <p><a href=QUEUE_PATH>"Go back to the registration requests"</a></p>
            }
            .into_any(),
            Some(Err(e)) => view! {
                <h1 class="text-4xl font-bold mb-6">"Registration request"</h1>
                <LoadProblem message=e.message() />
            }
            .into_any(),
            Some(Ok(r)) => view! { <Decision request=r errors=errors /> }.into_any(),
        }}
    }
}

/// One row of a summary list.
fn summary_row(key: &'static str, value: String) -> impl IntoView {
    view! {
        <div class="md:flex border-b border-border py-3 gap-4">
            <dt class="font-bold md:w-1/3">{key}</dt>
            <dd class="md:w-2/3 break-words">{value}</dd>
        </div>
    }
}

#[component]
fn Decision(request: RegistrationRequest, errors: RwSignal<Vec<FieldError>>) -> impl IntoView {
    let navigate = use_navigate();
    let name = registrant_name(&request);
    let user_id = request.user_id;
    let reason = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let reason_error = message_for(errors, "reason");
    let waiting = request.status == AccountStatus::Pending;
    let p = request.profile.clone();
    let npi = if p.npi.trim().is_empty() {
        "None given (atypical provider)".to_string()
    } else {
        p.npi.clone()
    };

    let approve = {
        let navigate = navigate.clone();
        let name = name.clone();
        let username = request.username.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            if busy.get_untracked() {
                return;
            }
            busy.set(true);
            let navigate = navigate.clone();
            let (name, username) = (name.clone(), username.clone());
            spawn_local(async move {
                match api::hfs::approve_registration(user_id).await {
                    Ok(()) => {
                        set_flash(format!(
                            "You approved {name}'s registration ({username}). They have been sent an email and can now sign in."
                        ));
                        navigate(QUEUE_PATH, Default::default());
                    }
                    Err(e) => {
                        busy.set(false);
                        errors.set(vec![FieldError::new("approve", e.message())]);
                    }
                }
            });
        }
    };
    let deny = {
        let name = name.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            if busy.get_untracked() {
                return;
            }
            let Some(reason) = checked_reason(reason, errors, "reason") else {
                return;
            };
            busy.set(true);
            let navigate = navigate.clone();
            let name = name.clone();
            spawn_local(async move {
                match api::hfs::deny_registration(user_id, &Denial { reason }).await {
                    Ok(()) => {
                        set_flash(format!(
                            "You denied {name}'s registration. They have been sent your reason and can correct their profile."
                        ));
                        navigate(QUEUE_PATH, Default::default());
                    }
                    Err(e) => {
                        busy.set(false);
                        errors.set(from_api_error(&e, &[("reason", "reason")], "reason"));
                    }
                }
            });
        }
    };

    view! {
        <span class="block text-xl text-secondary mb-1">"Registration request"</span>
        <h1 class="text-4xl font-bold mb-6">{name.clone()}</h1>
        {waiting.then(|| view! {
            <AlreadyRegisteredWarning list=request.already_registered.clone() id="already-registered".to_string() />
        })}
        <dl class="mb-10 border-t border-border">
            {summary_row("Status", status_words(request.status).to_string())}
            {summary_row("Username", request.username.clone())}
            {summary_row("Account email", request.email.clone())}
            {summary_row("First name", p.first_name.clone())}
            {summary_row("Last name", p.last_name.clone())}
            {summary_row("Contact email", p.contact_email.clone())}
            {summary_row("Contact phone", p.contact_phone.clone())}
            {summary_row("Organization name", p.organization_name.clone())}
            {summary_row("Organization type", organization_type_words(&p.organization_type))}
            {summary_row("Provider Medicaid ID", p.medicaid_id.clone())}
            {summary_row("NPI", npi)}
            {summary_row("Requested", date_words(&request.requested_on))}
            <div class="md:flex border-b border-border py-3 gap-4">
                <dt class="font-bold md:w-1/3">"Review by"</dt>
                <dd class="md:w-2/3"><ReviewBy due=request.review_due_on.clone() waiting=waiting /></dd>
            </div>
            {request.decided_on.clone().map(|d| summary_row("Decided", date_words(&d)))}
            {request.denial_reason.clone().map(|r| summary_row("Reason for denial", r))}
        </dl>
        {if waiting {
            view! {
                <h2 class="text-2xl font-bold mb-3">"Approve the request"</h2>
                <p class="mb-4">
                    "The registrant's facility is added to the portal, and they are emailed that they can sign in."
                </p>
                <form novalidate on:submit=approve class="mb-10">
                    <button id="approve" type="submit" class="btn" disabled=move || busy.get()>
                        "Approve"
                    </button>
                </form>
                <h2 class="text-2xl font-bold mb-3">"Deny the request"</h2>
                <form novalidate on:submit=deny>
                    <TextArea
                        id="reason"
                        label="What is missing or wrong"
                        hint="The registrant sees this and can fix it."
                        value=reason
                        error=reason_error
                        rows=5
                    />
                    <button type="submit" class="btn bg-error hover:bg-error" disabled=move || busy.get()>
                        "Deny"
                    </button>
                </form>
            }
            .into_any()
        } else {
            view! {
                <p class="mb-6">"This request has been decided. There is nothing more to do."</p>
                <p><a href=QUEUE_PATH>"Go back to the registration requests"</a></p>
            }
            .into_any()
        }}
    }
}
