//! HFS administrators: the list of MCOs (add, rename, make active or inactive).

mod disputes;

use leptos::prelude::*;
use rules::wire::accounts::{Mco, McoInput, Role};

use crate::api;
use crate::components::form_errors::{from_api_error, message_for, send_form};
use crate::components::{
    ErrorSummary, FieldError, LoadProblem, Loading, RequireRole, SuccessBanner, TextField,
};
use crate::page::use_title;

#[component]
pub fn Mcos() -> impl IntoView {
    view! {
        <RequireRole roles=&[Role::HfsAdmin]>
            <McosPage />
        </RequireRole>
    }
}

/// A name checked before sending: the server checks it again, with the same rule.
use rules::accounts::check_mco_name as check_name;

#[component]
fn McosPage() -> impl IntoView {
    let mcos = LocalResource::new(api::admin::mcos);
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let done = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let new_name = RwSignal::new(String::new());
    let renaming = RwSignal::new(None::<i64>);
    let rename_to = RwSignal::new(String::new());
    use_title(|| "MCOs".into(), move || errors.with(|e| !e.is_empty()));

    // Sends a change (`id` None: a new MCO); `field` is where its problems are shown.
    let save = move |id: Option<i64>, input: McoInput, field: String, success: String| {
        if busy.get_untracked() {
            return;
        }
        send_form(
            busy,
            async move {
                match id {
                    Some(id) => api::admin::update_mco(id, &input).await,
                    None => api::admin::create_mco(&input).await,
                }
            },
            move |result| match result {
                Ok(_) => {
                    errors.set(Vec::new());
                    done.set(Some(success));
                    if id.is_none() {
                        new_name.set(String::new());
                    }
                    renaming.set(None);
                    mcos.refetch();
                }
                Err(e) => errors.set(from_api_error(&e, &[], &field)),
            },
        );
    };

    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match check_name(&new_name.get_untracked()) {
            Err(m) => errors.set(vec![FieldError::new("mco-name", m)]),
            Ok(name) => save(
                None,
                McoInput {
                    name: name.clone(),
                    active: true,
                },
                "mco-name".into(),
                format!("{name} is added to the list of MCOs."),
            ),
        }
    };

    let row = move |mco: Mco| {
        let id = mco.id;
        let field = format!("rename-{id}");
        let rename_error = message_for(errors, field.clone());
        let (name, active) = (mco.name.clone(), mco.active);
        let toggle = {
            let name = name.clone();
            move |_| {
                let words = if active {
                    format!("{name} is now inactive: it is no longer offered for new tickets or accounts.")
                } else {
                    format!("{name} is active again.")
                };
                save(
                    Some(id),
                    McoInput {
                        name: name.clone(),
                        active: !active,
                    },
                    format!("toggle-{id}"),
                    words,
                )
            }
        };
        let start_rename = {
            let name = name.clone();
            move |_| {
                rename_to.set(name.clone());
                errors.set(Vec::new());
                renaming.set(Some(id));
                request_animation_frame(move || crate::page::focus_id(&format!("rename-{id}")));
            }
        };
        let submit_rename = {
            let (name, field) = (name.clone(), field.clone());
            move |ev: leptos::ev::SubmitEvent| {
                ev.prevent_default();
                match check_name(&rename_to.get_untracked()) {
                    Err(m) => errors.set(vec![FieldError::new(field.clone(), m)]),
                    Ok(new) => save(
                        Some(id),
                        McoInput {
                            name: new.clone(),
                            active,
                        },
                        field.clone(),
                        format!("{name} is renamed {new}."),
                    ),
                }
            }
        };
        let name_for_label = name.clone();
        view! {
            <tr class="border-b border-border align-top">
                <th scope="row" class="py-3 pr-4 font-normal">
                    <Show
                        when=move || renaming.get() == Some(id)
                        fallback={
                            let name = name.clone();
                            move || name.clone()
                        }
                    >
                        <form novalidate on:submit=submit_rename.clone() class="flex flex-wrap items-end gap-3">
                            <TextField
                                id=field.clone()
                                label=format!("New name for {}", name_for_label)
                                value=rename_to
                                error=rename_error
                                autocomplete="off"
                                width="w-64"
                            />
                            <button type="submit" class="btn mb-6" disabled=move || busy.get()>"Save"</button>
                            <button type="button" class="underline text-link mb-6" on:click=move |_| renaming.set(None)>
                                "Cancel"
                            </button>
                        </form>
                    </Show>
                </th>
                <td class="py-3 pr-4">{if active { "Active" } else { "Inactive" }}</td>
                <td class="py-3">
                    <div class="flex flex-wrap gap-3">
                        <button type="button" class="btn btn-secondary" on:click=start_rename>
                            "Rename" <span class="sr-only">" " {mco.name.clone()}</span>
                        </button>
                        <button
                            id=format!("toggle-{id}")
                            type="button"
                            class="btn btn-secondary"
                            disabled=move || busy.get()
                            on:click=toggle
                        >
                            {if active { "Make inactive" } else { "Make active" }}
                            <span class="sr-only">" " {mco.name.clone()}</span>
                        </button>
                    </div>
                </td>
            </tr>
        }
    };

    view! {
        <SuccessBanner message=done />
        <ErrorSummary errors=errors />
        <span class="block text-xl text-secondary mb-1">"Administration"</span>
        <h1 class="text-4xl font-bold mb-6">"MCOs"</h1>
        <p class="mb-8">
            "The managed care organizations providers can file tickets about. Make an MCO inactive when its contract ends: its tickets stay, but no new ones can be filed."
        </p>
        {move || match mcos.get() {
            None => view! { <Loading /> }.into_any(),
            Some(Err(e)) => view! { <LoadProblem message=e.message() /> }.into_any(),
            Some(Ok(list)) => view! {
                <div class="overflow-x-auto" tabindex="0" role="region" aria-label="MCOs (scrolls sideways in a narrow window)"><table class="w-full text-left border-collapse mb-12">
                    <caption class="text-left text-xl font-bold mb-3">"MCOs (" {list.len()} ")"</caption>
                    <thead>
                        <tr class="border-b-2 border-ink">
                            <th scope="col" class="py-2 pr-4">"Name"</th>
                            <th scope="col" class="py-2 pr-4">"Status"</th>
                            <th scope="col" class="py-2">"Actions"</th>
                        </tr>
                    </thead>
                    <tbody>{list.into_iter().map(row).collect_view()}</tbody>
                </table></div>
            }
            .into_any(),
        }}
        <h2 class="text-3xl font-bold mb-6">"Add an MCO"</h2>
        <form novalidate on:submit=add>
            <TextField
                id="mco-name"
                label="MCO name"
                hint="As providers know it, for example Aetna Better Health of Illinois."
                value=new_name
                error=message_for(errors, "mco-name")
                autocomplete="off"
                width="w-full md:w-2/3"
            />
            <button type="submit" class="btn" disabled=move || busy.get()>"Add MCO"</button>
        </form>
        <disputes::McoDisputesSection />
    }
}
