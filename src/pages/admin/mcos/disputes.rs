//! HFS administrators: each MCO's own dispute process, shown to providers in ticket entry and
//! the eligibility checker: the link to its internal dispute process, how to get a tracking number,
//! its provider services phone. Checked here and again on the server (`rules::mco_disputes`).

use leptos::prelude::*;
use rules::mco_disputes::{McoDispute, McoDisputeInput};

use crate::api::finding::{mco_disputes, save_mco_dispute};
use crate::components::form_errors::{from_api_error, from_body, message_for, send_form};
use crate::components::{ErrorSummary, FieldError, SuccessBanner, TextArea, TextField};

/// The fields' wire names and their ids on the page.
const FIELDS: [(&str, &str); 3] = [
    ("dispute_url", "dispute-url"),
    ("tracking_guidance", "tracking-guidance"),
    ("provider_services_phone", "services-phone"),
];

#[component]
pub fn McoDisputesSection() -> impl IntoView {
    let list = RwSignal::new(Vec::<McoDispute>::new());
    let chosen = RwSignal::new(None::<i64>);
    let url = RwSignal::new(String::new());
    let guidance = RwSignal::new(String::new());
    let phone = RwSignal::new(String::new());
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let done = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    leptos::task::spawn_local(async move {
        if let Ok(all) = mco_disputes().await {
            list.set(all);
        }
    });
    let choose = move |id: Option<i64>| {
        chosen.set(id);
        errors.set(Vec::new());
        let found = id.and_then(|id| list.with(|l| l.iter().find(|m| m.mco_id == id).cloned()));
        let found = found.unwrap_or_default();
        url.set(found.dispute_url);
        guidance.set(found.tracking_guidance);
        phone.set(found.provider_services_phone);
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(id) = chosen.get_untracked() else {
            errors.set(vec![FieldError::new("dispute-mco", "Choose the MCO")]);
            return;
        };
        let input = McoDisputeInput {
            dispute_url: url.get_untracked(),
            tracking_guidance: guidance.get_untracked(),
            provider_services_phone: phone.get_untracked(),
        };
        if let Err(body) = rules::mco_disputes::check(&input) {
            errors.set(from_body(&body, &FIELDS, "dispute-url"));
            return;
        }
        if busy.get_untracked() {
            return;
        }
        send_form(
            busy,
            async move { save_mco_dispute(id, &input).await },
            move |result| match result {
                Ok(saved) => {
                    errors.set(Vec::new());
                    url.set(saved.dispute_url.clone());
                    guidance.set(saved.tracking_guidance.clone());
                    phone.set(saved.provider_services_phone.clone());
                    done.set(Some(format!(
                        "{}'s dispute process is saved. Providers see it when they choose this MCO.",
                        saved.mco_name
                    )));
                    list.update(|l| {
                        if let Some(m) = l.iter_mut().find(|m| m.mco_id == saved.mco_id) {
                            *m = saved;
                        }
                    });
                }
                Err(e) => errors.set(from_api_error(&e, &FIELDS, "dispute-url")),
            },
        );
    };
    view! {
        <section aria-labelledby="disputes-heading" class="mt-12">
            <h2 id="disputes-heading" class="text-3xl font-bold mb-6">"Each MCO's dispute process"</h2>
            <SuccessBanner message=done />
            <ErrorSummary errors=errors />
            <p class="mb-6">"What providers see before filing, for the MCO they choose. Leave a field empty when you have nothing from the MCO: nothing is shown for it."</p>
            <form novalidate on:submit=on_submit>
                <div class="mb-6">
                    <label for="dispute-mco" class="block font-bold mb-1">"MCO"</label>
                    {move || message_for(errors, "dispute-mco").get().map(|m| view! {
                        <p class="text-error font-bold mb-1" id="dispute-mco-error"><span class="sr-only">"Error: "</span>{m}</p>
                    })}
                    <select
                        id="dispute-mco"
                        class="input"
                        on:change=move |ev| choose(event_target_value(&ev).parse().ok())
                    >
                        <option value="">"Choose an MCO"</option>
                        {move || {
                            list.get()
                                .into_iter()
                                .map(|m| {
                                    let selected = chosen.get_untracked() == Some(m.mco_id);
                                    view! { <option value=m.mco_id.to_string() selected=selected>{m.mco_name}</option> }
                                })
                                .collect_view()
                        }}
                    </select>
                </div>
                <TextField
                    id="dispute-url"
                    label="Link to the MCO's internal dispute process (optional)"
                    hint="The full web address, starting with https://"
                    value=url
                    error=message_for(errors, "dispute-url")
                    input_type="url"
                    autocomplete="off"
                    spellcheck=false
                />
                <TextArea
                    id="tracking-guidance"
                    label="How to get a tracking number (optional)"
                    hint="In the MCO's own words, 1000 characters at most."
                    value=guidance
                    error=message_for(errors, "tracking-guidance")
                />
                <TextField
                    id="services-phone"
                    label="Provider services phone number (optional)"
                    hint="For example, 217 555 0100"
                    value=phone
                    error=message_for(errors, "services-phone")
                    input_type="tel"
                    autocomplete="off"
                    width="w-full md:w-1/3"
                />
                <button type="submit" class="btn" disabled=move || busy.get()>"Record the dispute process"</button>
            </form>
        </section>
    }
}
