//! `/tickets/{id}/submitted`: the confirmation, with the ticket number and what happens next.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_params_map;
use rules::dates::long_date;
use rules::timeline::ClockKey;
use rules::wire::accounts::Role;
use rules::wire::tickets::TicketDetail;

use crate::api::{tickets as api, ApiError};
use crate::components::{LoadProblem, Loading, RequireRole};
use crate::page::{focus_heading_if_lost, use_title};

#[component]
pub fn Submitted() -> impl IntoView {
    view! {
        <RequireRole roles=&[Role::Provider] approved=true>
            <SubmittedPage />
        </RequireRole>
    }
}

#[component]
fn SubmittedPage() -> impl IntoView {
    let params = use_params_map();
    let ticket = RwSignal::new(None::<Result<TicketDetail, ApiError>>);
    Effect::new(move |_| {
        let id = params.read().get("id").and_then(|s| s.parse::<i64>().ok());
        spawn_local(async move {
            let answer = match id {
                Some(id) => api::get_ticket(id).await,
                None => Err(ApiError::NotFound),
            };
            ticket.set(Some(answer));
        });
    });
    use_title(
        move || match ticket.get() {
            Some(Err(_)) => "This ticket could not be shown".into(),
            _ => "Ticket submitted".into(),
        },
        || false,
    );
    move || match ticket.get() {
        None => view! { <Loading /> }.into_any(),
        Some(Err(e)) => view! {
            <h1 class="text-4xl font-bold mb-6">"This ticket could not be shown"</h1>
            <LoadProblem message=e.message() />
            <p><a href="/tickets">"Go to My tickets"</a></p>
        }
        .into_any(),
        Some(Ok(detail)) => {
            focus_heading_if_lost();
            view! { <Confirmation detail=detail /> }.into_any()
        }
    }
}

#[component]
fn Confirmation(detail: TicketDetail) -> impl IntoView {
    let id = detail.summary.id;
    let present_by = detail
        .deadlines
        .iter()
        .chain(detail.summary.deadlines.iter())
        .find(|d| d.key == ClockKey::PresentToMco)
        .map(|d| long_date(d.due_on));
    view! {
        <div class="bg-success text-white p-8 mb-8 text-center">
            <h1 class="text-4xl font-bold mb-4">"Ticket submitted"</h1>
            <p class="text-2xl">
                "Your ticket number is" <br />
                <strong id="ticket-number" class="text-3xl whitespace-nowrap">{detail.summary.number.clone()}</strong>
            </p>
        </div>
        <p class="mb-6">"Keep this number. Use it when you contact HFS or the MCO about this dispute."</p>
        <h2 class="text-2xl font-bold mb-4">"What happens next"</h2>
        <ol class="list-decimal pl-6 space-y-3 mb-8">
            <li>
                {match present_by {
                    Some(date) => view! {
                        "HFS checks your ticket and presents it to " {detail.summary.mco.name.clone()}
                        " by " <strong>{date}</strong> "."
                    }
                    .into_any(),
                    None => view! {
                        "HFS checks your ticket and presents it to " {detail.summary.mco.name.clone()} "."
                    }
                    .into_any(),
                }}
            </li>
            <li>{rules::rule_table::words("The MCO then has {mco_response} to respond.")}</li>
            <li>"You will get an email when HFS presents your ticket, and each time something changes."</li>
        </ol>
        <p class="mb-4"><a href=format!("/tickets/{id}")>"View your ticket"</a></p>
        <p class="mb-4"><a href="/tickets">"Go to My tickets"</a></p>
        <p><a href="/tickets/new">"File another dispute"</a></p>
    }
}
