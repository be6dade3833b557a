//! HFS administrators: changing a staff account's role (`/admin/users/{id}/role`), in two steps:
//! the new role (and MCO), then a check page that says what changes before "Change role"
//! (`PUT /api/admin/users/{id}/role`). An administrator's own role, and providers' (who act for
//! their facilities), are not changed here; the server refuses them too.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::{use_navigate, use_params_map};
use rules::accounts::check_role_change;
use rules::wire::accounts::{Mco, Role, RoleChange, UserSummary};

use crate::api::{self, ApiError};
use crate::components::form_errors::{from_body, message_for};
use crate::components::staff_role::{McoSelect, ROLE_OPTIONS};
use crate::components::{
    BackLink, ErrorSummary, FieldError, LoadProblem, Loading, Radios, RequireRole, SendButton,
};
use crate::page::{focus_main_heading, set_flash, use_title};
use crate::session::use_session;

const USERS_PATH: &str = "/admin/users";

/// The form's fields: wire name and input id.
const FIELDS: &[(&str, &str)] = &[("role", "role"), ("mco_id", "mco")];

/// A role in words, with its MCO's name for MCO staff.
fn role_words(role: Role, mco: Option<&str>) -> String {
    match mco {
        Some(name) if role == Role::Mco => format!("{} ({name})", role.label()),
        _ => role.label().to_owned(),
    }
}

#[component]
pub fn ChangeRole() -> impl IntoView {
    view! {
        <RequireRole roles=&[Role::HfsAdmin]>
            <ChangeRolePage />
        </RequireRole>
    }
}

#[component]
fn ChangeRolePage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| {
        params
            .read()
            .get("id")
            .and_then(|id| id.parse::<i64>().ok())
    });
    let user = LocalResource::new(move || {
        let id = id.get();
        async move {
            match id {
                Some(id) => api::admin::user(id).await,
                None => Err(ApiError::NotFound),
            }
        }
    });
    let mcos = LocalResource::new(api::admin::mcos);
    // A user who is not there is "User not found", not a problem loading the page.
    let found = move || -> Option<Result<Option<UserSummary>, ApiError>> {
        Some(match user.get()? {
            Ok(user) => Ok(Some(user)),
            Err(ApiError::NotFound) => Ok(None),
            Err(e) => Err(e),
        })
    };
    use_title(|| "Change a user's role".into(), || false);
    view! {
        <BackLink href=Signal::derive(|| USERS_PATH.to_string()) />
        {move || match found() {
            None => view! { <Loading /> }.into_any(),
            Some(Err(e)) => view! { <LoadProblem message=e.message() /> }.into_any(),
            Some(Ok(None)) => view! {
                <h1 class="text-4xl font-bold mb-6">"User not found"</h1>
                <p><a href=USERS_PATH>"Go back to the users"</a></p>
            }
            .into_any(),
            Some(Ok(Some(user))) => {
                let me = use_session()
                    .session
                    .with_untracked(|s| s.as_ref().map(|s| s.username.clone()))
                    .unwrap_or_default();
                if user.username == me || user.role == Role::Provider {
                    let why = if user.role == Role::Provider {
                        "Providers and billing agents act for their facilities: their role cannot be changed."
                    } else {
                        "You cannot change your own role: ask another HFS administrator."
                    };
                    view! {
                        <h1 class="text-4xl font-bold mb-6">"This role cannot be changed here"</h1>
                        <p class="mb-6">{why}</p>
                        <p><a href=USERS_PATH>"Go back to the users"</a></p>
                    }
                    .into_any()
                } else {
                    view! { <RoleSteps user=user mcos=mcos /> }.into_any()
                }
            }
        }}
    }
}

#[component]
fn RoleSteps(user: UserSummary, mcos: LocalResource<Result<Vec<Mco>, ApiError>>) -> impl IntoView {
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let role = RwSignal::new(None::<&'static str>);
    let mco = RwSignal::new(String::new());
    let checking = RwSignal::new(false);
    let sending = RwSignal::new(false);
    let navigate = use_navigate();
    let user = StoredValue::new(user);
    let username = user.with_value(|u| u.username.clone());
    let now = user.with_value(|u| role_words(u.role, u.mco.as_ref().map(|m| m.name.as_str())));
    use_title(
        move || {
            if checking.get() {
                "Check the role change".into()
            } else {
                "Change a user's role".into()
            }
        },
        move || errors.with(|e| !e.is_empty()),
    );

    let change = move || RoleChange {
        role: role
            .get_untracked()
            .and_then(Role::parse)
            .unwrap_or(Role::Provider),
        mco_id: (role.get_untracked() == Some("mco"))
            .then(|| mco.get_untracked().parse::<i64>().ok())
            .flatten(),
    };
    let mco_name = move |id: Option<i64>| -> Option<String> {
        let id = id?;
        mcos.get()
            .and_then(Result::ok)?
            .into_iter()
            .find(|m| m.id == id)
            .map(|m| m.name)
    };
    let show_step = move |check: bool| {
        checking.set(check);
        request_animation_frame(focus_main_heading);
    };

    let on_continue = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if role.get_untracked().is_none() {
            errors.set(vec![FieldError::new("role", "Select the new role")]);
            return;
        }
        let from = user.with_value(|u| (u.role, u.mco.as_ref().map(|m| m.id)));
        match check_role_change(&change(), Some(from)) {
            Ok(()) => {
                errors.set(Vec::new());
                show_step(true);
            }
            Err(body) => errors.set(from_body(&body, FIELDS, "role")),
        }
    };
    let on_send = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if sending.get_untracked() {
            return;
        }
        sending.set(true);
        let input = change();
        let id = user.with_value(|u| u.id);
        let navigate = navigate.clone();
        spawn_local(async move {
            let result = api::admin::change_role(id, &input).await;
            sending.set(false);
            match result {
                Ok(changed) => {
                    set_flash(format!(
                        "{} is now {}. They were emailed, and their pages change at their next page.",
                        changed.username,
                        role_words(changed.role, changed.mco.as_ref().map(|m| m.name.as_str()))
                    ));
                    navigate(USERS_PATH, Default::default());
                }
                Err(ApiError::Invalid(body)) => {
                    errors.set(from_body(&body, FIELDS, "role"));
                    show_step(false);
                }
                Err(e) => errors.set(vec![FieldError::new("change-role", e.message())]),
            }
        });
    };

    let role_error = message_for(errors, "role");
    let mco_error = message_for(errors, "mco");
    let username_for_check = username.clone();
    let now_for_check = now.clone();
    view! {
        <ErrorSummary errors=errors />
        <span class="block text-xl text-secondary mb-1">"Administration"</span>
        <Show
            when=move || checking.get()
            fallback=move || {
                let username = username.clone();
                let now = now.clone();
                view! {
                    <h1 class="text-4xl font-bold mb-6">"Change the role of " {username.clone()}</h1>
                    <p class="mb-6">"Their role now: " <strong>{now}</strong></p>
                    <form novalidate on:submit=on_continue>
                        <Radios
                            id="role"
                            caption=""
                            legend="New role"
                            options=ROLE_OPTIONS.to_vec()
                            selected=role
                            error=role_error
                            plain_legend=true
                        />
                        <Show when=move || role.get() == Some("mco")>
                            <McoSelect mco=mco error=mco_error mcos=mcos />
                        </Show>
                        <button type="submit" class="btn">"Continue"</button>
                    </form>
                }
            }
        >
            {
                let input = change();
                let new_words = role_words(input.role, mco_name(input.mco_id).as_deref());
                let username = username_for_check.clone();
                view! {
                    <h1 class="text-4xl font-bold mb-6">"Check the role change"</h1>
                    <dl class="mb-8 border-t border-border">
                        <div class="md:flex border-b border-border py-3 gap-4">
                            <dt class="font-bold md:w-1/3">"User"</dt>
                            <dd class="md:w-2/3 break-all">{username.clone()}</dd>
                        </div>
                        <div class="md:flex border-b border-border py-3 gap-4">
                            <dt class="font-bold md:w-1/3">"Role now"</dt>
                            <dd class="md:w-2/3">{now_for_check.clone()}</dd>
                        </div>
                        <div class="md:flex border-b border-border py-3 gap-4">
                            <dt class="font-bold md:w-1/3">"New role"</dt>
                            <dd class="md:w-2/3">{new_words.clone()}</dd>
                        </div>
                    </dl>
                    <h2 class="text-2xl font-bold mb-4">"What changes"</h2>
                    <ul class="list-disc pl-6 mb-6 space-y-2">
                        <li>{format!("{username} can see and do what {new_words} can, from their next page; what the old role allowed stops at once.")}</li>
                        <li>"Their session gets a new id at their next request; they stay signed in."</li>
                        // Every staff role signs in in two steps.
                        <li>"This role signs in in two steps: if they have not set up two-step sign-in, the portal asks them to before anything else."</li>
                        <li>"They are emailed that their role changed, and the change is in the audit log under your name."</li>
                    </ul>
                    <p class="mb-6">"You can change the role again later."</p>
                    <form novalidate on:submit=on_send.clone() class="flex flex-wrap gap-4 items-center">
                        <SendButton id="change-role" sending=sending>"Change role"</SendButton>
                        <button type="button" class="btn btn-secondary" on:click=move |_| show_step(false)>
                            "Choose another role"
                        </button>
                    </form>
                }
            }
        </Show>
    }
}
