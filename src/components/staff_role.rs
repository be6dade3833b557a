//! What the pages that make a staff account and change its role share: the staff roles an
//! administrator can give, and the MCO select of an MCO staff user (`/admin/users` and
//! `/admin/users/{id}/role`; one page never imports another).

use leptos::prelude::*;

use crate::api::ApiError;
use crate::components::RadioOption;

/// The staff roles an administrator can give (creating a user, or changing a role).
pub const ROLE_OPTIONS: [RadioOption; 3] = [
    RadioOption {
        value: "mco",
        label: "MCO staff",
        hint: Some("Answers tickets for one MCO"),
    },
    RadioOption {
        value: "hfs_staff",
        label: "HFS portal staff",
        hint: Some("Reviews registrations, tickets and extensions"),
    },
    RadioOption {
        value: "hfs_admin",
        label: "HFS administrator",
        hint: Some("Also manages users, the MCO list and the State calendar"),
    },
];

/// The MCO of an MCO staff user: the active MCOs to choose from, with its error message.
#[component]
pub fn McoSelect(
    mco: RwSignal<String>,
    error: Signal<Option<String>>,
    mcos: LocalResource<Result<Vec<rules::wire::accounts::Mco>, ApiError>>,
) -> impl IntoView {
    let wrong = move || error.with(Option::is_some);
    view! {
        <div class=move || if wrong() { "border-l-4 border-error pl-4 mb-6" } else { "mb-6" }>
            <label for="mco" class="block font-bold mb-1">"MCO"</label>
            <crate::components::error_summary::FieldErrorMessage id="mco-error".to_string() message=error />
            <select
                id="mco"
                name="mco"
                class=move || if wrong() { "input input-error" } else { "input" }
                aria-describedby=move || wrong().then_some("mco-error")
                on:change=move |ev| mco.set(event_target_value(&ev))
                prop:value=move || mco.get()
            >
                <option value="">"Choose the MCO"</option>
                {move || {
                    mcos.get()
                        .and_then(Result::ok)
                        .unwrap_or_default()
                        .into_iter()
                        .filter(|m| m.active)
                        .map(|m| view! { <option value=m.id.to_string()>{m.name}</option> })
                        .collect_view()
                }}
            </select>
        </div>
    }
}
