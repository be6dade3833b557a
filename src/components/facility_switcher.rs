use leptos::prelude::*;
use rules::wire::accounts::Facility;

use super::form_errors::send_form;
use crate::api::account;
use crate::session::use_session;

/// For a provider user with two or more facilities: a labelled list of them and a "Switch" button.
/// Choosing in the list changes nothing by itself; "Switch" does, and the new facility is announced
/// to screen readers. Shows nothing for everyone else.
#[component]
pub fn FacilitySwitcher() -> impl IntoView {
    let state = use_session();
    let facilities = Memo::new(move |_| {
        state
            .session
            .with(|s| s.as_ref().map(|s| s.facilities.clone()).unwrap_or_default())
    });
    let current = Memo::new(move |_| {
        state
            .session
            .with(|s| s.as_ref().and_then(|s| s.facility_id))
    });
    // The facility chosen in the list (not yet switched to).
    let chosen = RwSignal::new(None::<i64>);
    Effect::new(move |_| chosen.set(current.get()));
    let announcement = RwSignal::new(String::new());
    let sending = RwSignal::new(false);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(id) = chosen.get_untracked() else {
            return;
        };
        if sending.get_untracked() {
            return;
        }
        send_form(
            sending,
            async move { account::switch_facility(id).await },
            move |result| match result {
                Ok(session) => {
                    let name = session
                        .facilities
                        .iter()
                        .find(|f| Some(f.id) == session.facility_id)
                        .map(|f| f.name.clone())
                        .unwrap_or_default();
                    state.set(session);
                    announcement.set(format!("You are now working for {name}"));
                }
                Err(e) => announcement.set(e.message()),
            },
        );
    };
    let option = move |f: Facility| {
        let id = f.id;
        view! {
            <option value=id.to_string() selected=move || current.get() == Some(id)>
                {f.name}
            </option>
        }
    };
    view! {
        <Show when=move || facilities.with(|f| f.len() >= 2)>
            <form novalidate on:submit=on_submit class="flex flex-wrap items-end gap-2">
                <div>
                    <label for="facility-switch" class="block text-base font-bold">
                        "Facility you are working for"
                    </label>
                    <select
                        id="facility-switch"
                        class="input text-ink max-w-xs"
                        prop:value=move || chosen.get().map(|id| id.to_string()).unwrap_or_default()
                        on:change=move |ev| chosen.set(event_target_value(&ev).parse().ok())
                    >
                        {move || facilities.get().into_iter().map(option).collect_view()}
                    </select>
                </div>
                <button type="submit" class="btn btn-secondary">"Switch"</button>
            </form>
        </Show>
        <p role="status" class="text-base font-bold" id="facility-switch-status">
            {move || announcement.get()}
        </p>
    }
}
