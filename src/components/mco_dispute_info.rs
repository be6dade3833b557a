//! Each MCO's own dispute process, as HFS records it: where to get a tracking number, the link to
//! the MCO's internal dispute process, its provider services phone. Shown in ticket entry and the
//! eligibility checker for the chosen MCO; nothing is shown that HFS has not recorded.

use leptos::prelude::*;
use leptos::task::spawn_local;
use rules::mco_disputes::McoDispute;

use crate::api::finding::mco_disputes;
use crate::api::ApiResult;

/// Every MCO's dispute information, fetched once (`None` until it arrives). A signal set by a task
/// rather than a `LocalResource`: the eligibility checker's download then leaves out the resource
/// machinery.
fn dispute_list() -> RwSignal<Option<ApiResult<Vec<McoDispute>>>> {
    let list = RwSignal::new(None);
    spawn_local(async move {
        let _ = list.try_set(Some(mco_disputes().await));
    });
    list
}

/// A phone number as `tel:` wants it (`+12175550100`).
fn tel(phone: &str) -> String {
    let digits: String = phone.chars().filter(char::is_ascii_digit).collect();
    format!("tel:+1{digits}")
}

/// One MCO's dispute information, or a sentence saying HFS has none for it.
fn info_view(info: McoDispute) -> AnyView {
    let name = info.mco_name.clone();
    if info.is_empty() {
        return view! {
            <p data-mco-dispute="none">
                {format!("Contact {name} for a tracking number: HFS has not recorded its dispute process in the portal yet.")}
            </p>
        }
        .into_any();
    }
    let guidance = (!info.tracking_guidance.is_empty()).then(|| {
        let text = info.tracking_guidance.clone();
        view! { <p class="mb-2 whitespace-pre-line">{format!("Get a tracking number from {name}: {text}")}</p> }
    });
    let link = (!info.dispute_url.is_empty()).then(|| {
        let url = info.dispute_url.clone();
        let name = name.clone();
        view! {
            <p class="mb-2">
                <a href=url rel="noopener noreferrer" target="_blank">
                    {format!("{name}'s internal dispute process")}
                    <span class="sr-only">" (opens in a new tab)"</span>
                </a>
            </p>
        }
    });
    let phone = (!info.provider_services_phone.is_empty()).then(|| {
        let phone = info.provider_services_phone.clone();
        let href = tel(&phone);
        view! { <p>"Provider services: " <a href=href>{phone}</a></p> }
    });
    view! {
        <div data-mco-dispute=info.mco_id>
            {guidance}
            {link}
            {phone}
        </div>
    }
    .into_any()
}

/// The dispute information of the MCO `mco_id` (nothing while none is chosen).
#[component]
pub fn McoDisputeInfo(#[prop(into)] mco_id: Signal<Option<i64>>) -> impl IntoView {
    let list = dispute_list();
    let chosen = move || {
        let id = mco_id.get()?;
        let found = list.get()?.ok()?.into_iter().find(|m| m.mco_id == id)?;
        Some(found)
    };
    view! {
        <div aria-live="polite">
            {move || chosen().map(|info| view! {
                <section aria-labelledby="mco-dispute-heading" class="border-l-8 border-link bg-panel p-4 mb-8">
                    <h2 id="mco-dispute-heading" class="text-xl font-bold mb-2">
                        {format!("{}'s dispute process", info.mco_name)}
                    </h2>
                    {info_view(info)}
                </section>
            })}
        </div>
    }
}

/// A choice of MCO and its dispute information, for pages where no MCO is chosen yet (the
/// eligibility checker). The choice is not kept.
#[component]
pub fn McoDisputePicker() -> impl IntoView {
    let list = dispute_list();
    let chosen = RwSignal::new(None::<i64>);
    view! {
        <section aria-labelledby="mco-picker-heading" class="mt-10">
            <h2 id="mco-picker-heading" class="text-2xl font-bold mb-4">"Getting a tracking number"</h2>
            <p class="mb-4">"Providers must contact the MCO to get a tracking number. Choose the MCO to see how its dispute process works."</p>
            <label for="mco-picker" class="block font-bold mb-1">"MCO (optional)"</label>
            <select
                id="mco-picker"
                class="input mb-6"
                on:change=move |ev| chosen.set(event_target_value(&ev).parse().ok())
            >
                <option value="">"Choose an MCO"</option>
                {move || {
                    list.get()
                        .and_then(Result::ok)
                        .unwrap_or_default()
                        .into_iter()
                        .map(|m| view! { <option value=m.mco_id.to_string()>{m.mco_name}</option> })
                        .collect_view()
                }}
            </select>
            <McoDisputeInfo mco_id=chosen />
        </section>
    }
}
