//! "Your earlier requests": each request the user sent, with where each facility stands.

use leptos::prelude::*;
use rules::dates::iso_in_words as date_words;
use rules::wire::accounts::{FacilityRequestStatus, RequestedFacility};

use crate::api;
use crate::components::review::group_by_request;
use crate::components::{LoadProblem, Loading};

fn requester_status_words(facility: &RequestedFacility) -> String {
    match facility.status {
        FacilityRequestStatus::Pending => "Waiting for HFS".into(),
        FacilityRequestStatus::Invited => {
            "Approved: check your email for the invitation code".into()
        }
        FacilityRequestStatus::Redeemed => "Added to your facilities".into(),
        FacilityRequestStatus::Denied => match &facility.denial_reason {
            Some(reason) => format!("Not approved: {reason}"),
            None => "Not approved".into(),
        },
    }
}

/// The user's earlier requests, each facility with where it stands.
#[component]
pub(super) fn EarlierRequests() -> impl IntoView {
    let requests = LocalResource::new(api::facilities::my_requests);
    view! {
        <section aria-labelledby="earlier-heading" class="mt-16">
            <h2 id="earlier-heading" class="text-2xl font-bold mb-4">"Your earlier requests"</h2>
            {move || match requests.get() {
                None => view! { <Loading /> }.into_any(),
                Some(Err(e)) => view! { <LoadProblem message=e.message() /> }.into_any(),
                Some(Ok(list)) if list.is_empty() => {
                    view! { <p>"You have not asked for more facilities yet."</p> }.into_any()
                }
                Some(Ok(list)) => group_by_request(list)
                    .into_iter()
                    .map(|group| {
                        let first = &group[0];
                        let caption = format!(
                            "Request {} sent on {}: HFS reviews it by {}",
                            first.batch_id,
                            date_words(&first.requested_on),
                            date_words(&first.review_due_on)
                        );
                        view! {
                            <div class="overflow-x-auto" tabindex="0" role="region" aria-label="Earlier requests (scrolls sideways in a narrow window)"><table class="w-full text-left border-collapse text-base mb-8">
                                <caption class="text-left font-bold mb-2">{caption}</caption>
                                <thead>
                                    <tr class="border-b-2 border-ink">
                                        <th scope="col" class="py-2 pr-3">"Provider or facility"</th>
                                        <th scope="col" class="py-2 pr-3">"Provider Medicaid ID"</th>
                                        <th scope="col" class="py-2">"Status"</th>
                                    </tr>
                                </thead>
                                <tbody>
                                    {group
                                        .iter()
                                        .map(|f| view! {
                                            <tr class="border-b border-border align-top">
                                                <th scope="row" class="py-2 pr-3 font-normal">{f.row.name.clone()}</th>
                                                <td class="py-2 pr-3">{f.row.medicaid_id.clone()}</td>
                                                <td class="py-2">{requester_status_words(f)}</td>
                                            </tr>
                                        })
                                        .collect_view()}
                                </tbody>
                            </table></div>
                        }
                    })
                    .collect_view()
                    .into_any(),
            }}
        </section>
    }
}
