//! HFS administrators: the portal's users, and new staff accounts (MCO staff, HFS staff, admins).

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use rules::accounts::check_staff_user;
use rules::wire::accounts::{AccountStatus, NewStaffUser, Role, UserSummary};

use crate::api::{self, ApiError};
use crate::components::form_errors::{from_api_error, from_body, message_for, send_form};
use crate::components::pager::{
    offset_of, page_href, use_page_request, PageCount, Pages, PastTheEnd, LIST_PAGE,
};
use crate::components::staff_role::{McoSelect, ROLE_OPTIONS};
use crate::components::{
    ErrorSummary, FieldError, LoadProblem, Loading, PasswordField, Radios, RequireRole,
    SuccessBanner, TextField,
};
use crate::page::{take_flash, use_title};
use crate::session::use_session;

const USERS_PATH: &str = "/admin/users";

fn status_words(status: AccountStatus) -> &'static str {
    match status {
        AccountStatus::ProfileNeeded => "Profile not sent yet",
        AccountStatus::Pending => "Waiting for HFS",
        AccountStatus::Approved => "Active",
        AccountStatus::Denied => "Registration denied",
        AccountStatus::Disabled => "Disabled",
    }
}

/// The new account's fields: wire name and input id, in the order of the form.
const FIELDS: &[(&str, &str)] = &[
    ("username", "username"),
    ("email", "email"),
    ("first_name", "first-name"),
    ("last_name", "last-name"),
    ("role", "role"),
    ("mco_id", "mco"),
    ("password", "password"),
];

#[component]
pub fn Users() -> impl IntoView {
    view! {
        <RequireRole roles=&[Role::HfsAdmin]>
            <UsersPage />
        </RequireRole>
    }
}

#[component]
fn UsersPage() -> impl IntoView {
    // The page of users the address asks for (`?page=`), from one memo (`components::pager`).
    let query = use_query_map();
    let asked = use_page_request(|| ());
    let users = LocalResource::new(move || {
        let ((), page) = asked.get();
        async move {
            let list = api::admin::users(LIST_PAGE, offset_of(page, LIST_PAGE)).await?;
            Ok::<_, api::ApiError>((page, list))
        }
    });
    let mcos = LocalResource::new(api::admin::mcos);
    let errors = RwSignal::new(Vec::<FieldError>::new());
    // A role changed on its own page comes back with its message.
    let done = RwSignal::new(take_flash());
    let busy = RwSignal::new(false);
    // The account waiting on the check page before it is disabled.
    let disabling = RwSignal::new(None::<UserSummary>);
    use_title(
        move || {
            if disabling.with(Option::is_some) {
                "Check before you disable this account".into()
            } else {
                "Users".into()
            }
        },
        move || errors.with(|e| !e.is_empty()),
    );

    let set_enabled = move |user: UserSummary, enable: bool| {
        if busy.get_untracked() {
            return;
        }
        send_form(
            busy,
            async move { api::admin::set_user_enabled(user.id, enable).await },
            move |result| match result {
                Ok(()) => {
                    let back = disabling.with_untracked(Option::is_some);
                    disabling.set(None);
                    if back {
                        request_animation_frame(crate::page::focus_main_heading);
                    }
                    errors.set(Vec::new());
                    done.set(Some(if enable {
                        format!("{} can sign in again.", user.username)
                    } else {
                        format!("{} is disabled and signed out.", user.username)
                    }));
                    users.refetch();
                }
                Err(e) => {
                    disabling.set(None);
                    errors.set(vec![FieldError::new(
                        format!("user-{}", user.id),
                        e.message(),
                    )]);
                }
            },
        );
    };

    // Resetting two-step sign-in, or unlocking sign-in after failures.
    let security_action = move |user: UserSummary, reset: bool| {
        if busy.get_untracked() {
            return;
        }
        send_form(
            busy,
            async move {
                if reset {
                    api::admin::reset_two_step(user.id).await
                } else {
                    api::admin::unlock_user(user.id).await
                }
            },
            move |result| match result {
                Ok(()) => {
                    errors.set(Vec::new());
                    done.set(Some(if reset {
                        format!(
                            "{}'s two-step sign-in is reset: they were signed out and emailed, and set it up again at their next sign-in.",
                            user.username
                        )
                    } else {
                        format!("{} can sign in again now.", user.username)
                    }));
                    users.refetch();
                }
                Err(e) => errors.set(vec![FieldError::new(
                    format!("user-{}", user.id),
                    e.message(),
                )]),
            },
        );
    };

    let check_page = move || {
        disabling.get().map(|user| {
            let back_to = format!("user-{}", user.id);
            let back = move |ev: leptos::ev::MouseEvent| {
                ev.prevent_default();
                disabling.set(None);
                let id = back_to.clone();
                request_animation_frame(move || crate::page::focus_id(&id));
            };
            let confirm_user = user.clone();
            let confirm = move |ev: leptos::ev::SubmitEvent| {
                ev.prevent_default();
                set_enabled(confirm_user.clone(), false);
            };
            let mco = user.mco.as_ref().map(|m| m.name.clone());
            view! {
                <a href="/admin/users" class="inline-block mb-6 text-base text-ink underline" id="check-back" on:click=back>
                    "Back"
                </a>
                <span class="block text-xl text-secondary mb-1">"Administration"</span>
                <h1 class="text-4xl font-bold mb-8" id="check-heading">"Check before you disable this account"</h1>
                <dl class="mb-8 border-t border-border" id="check-answers">
                    <div class="md:flex border-b border-border py-3 gap-4">
                        <dt class="font-bold md:w-1/3">"Username"</dt>
                        <dd class="md:w-2/3 break-all">{user.username.clone()}</dd>
                    </div>
                    <div class="md:flex border-b border-border py-3 gap-4">
                        <dt class="font-bold md:w-1/3">"Name"</dt>
                        <dd class="md:w-2/3">{user.display_name.clone()}</dd>
                    </div>
                    <div class="md:flex border-b border-border py-3 gap-4">
                        <dt class="font-bold md:w-1/3">"Role"</dt>
                        <dd class="md:w-2/3">{user.role.label()}</dd>
                    </div>
                    {mco.map(|m| view! {
                        <div class="md:flex border-b border-border py-3 gap-4">
                            <dt class="font-bold md:w-1/3">"MCO"</dt>
                            <dd class="md:w-2/3">{m}</dd>
                        </div>
                    })}
                </dl>
                <div class="flex gap-4 items-start mb-8 max-w-prose" id="check-warning">
                    <span aria-hidden="true" class="shrink-0 w-9 h-9 rounded-full bg-ink text-white font-bold text-2xl text-center leading-9">"!"</span>
                    <strong class="text-xl">
                        <span class="sr-only">"Warning: "</span>
                        "They are signed out at once and cannot sign in. Signing them out cannot be undone; an administrator can enable the account again later."
                    </strong>
                </div>
                <form novalidate on:submit=confirm>
                    <button type="submit" id="check-confirm" class="btn bg-error hover:bg-error" aria-disabled=move || busy.get().then_some("true")>
                        "Disable the account"
                        <span class="sr-only">" " {user.username.clone()}</span>
                    </button>
                </form>
            }
        })
    };

    view! {
        <SuccessBanner message=done />
        <ErrorSummary errors=errors />
        {check_page}
        <div hidden=move || disabling.with(Option::is_some)>
        <span class="block text-xl text-secondary mb-1">"Administration"</span>
        <h1 class="text-4xl font-bold mb-6">"Users"</h1>
        <p class="mb-8">
            "Providers and billing agents register themselves. Create the accounts of MCO staff and HFS staff here. "
            <a href="#new-user">"Create a staff account"</a>
        </p>
        {move || match users.get() {
            None => view! { <Loading /> }.into_any(),
            Some(Err(e)) => view! { <LoadProblem message=e.message() /> }.into_any(),
            Some(Ok((_, list))) if list.total > 0 && list.items.is_empty() => view! {
                <PastTheEnd id="users-past-end" first=USERS_PATH />
            }
            .into_any(),
            Some(Ok((page, list))) => {
                let count = list.total;
                let offset = offset_of(page, LIST_PAGE);
                let shown = list.items.len();
                let list = list.items;
                let me = use_session()
                    .session
                    .with_untracked(|s| s.as_ref().map(|s| s.username.clone()))
                    .unwrap_or_default();
                view! {
                    <PageCount id="users-count" offset=offset shown=shown total=count noun="user" nouns="users" />
                    <div class="overflow-x-auto mb-12" tabindex="0" role="region" aria-label="Users (scrolls sideways in a narrow window)">
                        <table class="w-full text-left border-collapse text-base">
                            <caption class="text-left text-xl font-bold mb-3">
                                "Portal users (" {count} ")"
                            </caption>
                            <thead>
                                <tr class="border-b-2 border-ink">
                                    <th scope="col" class="py-2 pr-3">"Username"</th>
                                    <th scope="col" class="py-2 pr-3">"Name"</th>
                                    <th scope="col" class="py-2 pr-3">"Role"</th>
                                    <th scope="col" class="py-2 pr-3">"Status"</th>
                                    <th scope="col" class="py-2 pr-3">"MCO"</th>
                                    <th scope="col" class="py-2 pr-3">"Facilities"</th>
                                    <th scope="col" class="py-2">"Action"</th>
                                </tr>
                            </thead>
                            <tbody>
                                {list
                                    .into_iter()
                                    .map(|user| {
                                        let me = me.clone();
                                        let disabled = user.status == AccountStatus::Disabled;
                                        let button_user = user.clone();
                                        let reset_user = user.clone();
                                        let unlock_user = user.clone();
                                        let two_step = user.mfa_enrolled;
                                        let facilities = if user.role == Role::Provider {
                                            user.facilities.to_string()
                                        } else {
                                            String::new()
                                        };
                                        view! {
                                            <tr class="border-b border-border align-top">
                                                <th scope="row" class="py-3 pr-3 font-normal break-all">{user.username.clone()}</th>
                                                <td class="py-3 pr-3">{user.display_name.clone()}</td>
                                                <td class="py-3 pr-3">{user.role.label()}</td>
                                                <td class="py-3 pr-3">{status_words(user.status)}</td>
                                                <td class="py-3 pr-3">{user.mco.as_ref().map(|m| m.name.clone()).unwrap_or_default()}</td>
                                                <td class="py-3 pr-3">{facilities}</td>
                                                <td class="py-3">
                                                    {if user.username == me {
                                                        // An administrator cannot disable their own account (the server
                                                        // refuses it too): no button to slip on.
                                                        view! { <span id=format!("user-{}", user.id)>"Your account"</span> }.into_any()
                                                    } else {
                                                        view! {
                                                            <button
                                                                id=format!("user-{}", user.id)
                                                                type="button"
                                                                class="btn btn-secondary"
                                                                disabled=move || busy.get()
                                                                on:click=move |_| {
                                                                    if disabled {
                                                                        set_enabled(button_user.clone(), true);
                                                                    } else {
                                                                        // Disabling signs the user out: a check page first.
                                                                        errors.set(Vec::new());
                                                                        done.set(None);
                                                                        disabling.set(Some(button_user.clone()));
                                                                        request_animation_frame(crate::page::focus_main_heading);
                                                                    }
                                                                }
                                                            >
                                                                {if disabled { "Enable" } else { "Disable" }}
                                                                <span class="sr-only">" " {user.username.clone()}</span>
                                                            </button>
                                                            <button
                                                                type="button"
                                                                class="btn btn-secondary"
                                                                disabled=move || busy.get()
                                                                on:click=move |_| security_action(unlock_user.clone(), false)
                                                            >
                                                                "Unlock sign-in"
                                                                <span class="sr-only">" for " {user.username.clone()}</span>
                                                            </button>
                                                            {(user.role != Role::Provider)
                                                                .then(|| view! {
                                                                    <a class="btn btn-secondary" href=format!("/admin/users/{}/role", user.id)>
                                                                        "Change role"
                                                                        <span class="sr-only">" of " {user.username.clone()}</span>
                                                                    </a>
                                                                })}
                                                            {two_step
                                                                .then(|| {
                                                                    let username = user.username.clone();
                                                                    view! {
                                                                        <button
                                                                            type="button"
                                                                            class="btn btn-secondary"
                                                                            disabled=move || busy.get()
                                                                            on:click=move |_| security_action(reset_user.clone(), true)
                                                                        >
                                                                            "Reset two-step sign-in"
                                                                            <span class="sr-only">" for " {username}</span>
                                                                        </button>
                                                                    }
                                                                })}
                                                        }
                                                        .into_any()
                                                    }}
                                                </td>
                                            </tr>
                                        }
                                    })
                                    .collect_view()}
                            </tbody>
                        </table>
                    </div>
                    <Pages
                        total=count
                        per_page=LIST_PAGE
                        current=page
                        href=move |n| query.with_untracked(|q| page_href(USERS_PATH, q, n))
                        label="Pages of the portal's users"
                    />
                }
                .into_any()
            }
        }}
        <NewUserForm errors=errors done=done mcos=mcos on_created=move || users.refetch() />
        </div>
    }
}

#[component]
fn NewUserForm(
    errors: RwSignal<Vec<FieldError>>,
    done: RwSignal<Option<String>>,
    mcos: LocalResource<Result<Vec<rules::wire::accounts::Mco>, ApiError>>,
    on_created: impl Fn() + Copy + 'static,
) -> impl IntoView {
    let username = RwSignal::new(String::new());
    let email = RwSignal::new(String::new());
    let first_name = RwSignal::new(String::new());
    let last_name = RwSignal::new(String::new());
    let role = RwSignal::new(None::<&'static str>);
    let mco = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let is_mco = move || role.get() == Some("mco");

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let chosen = role.get_untracked().and_then(Role::parse);
        let mco_id = if chosen == Some(Role::Mco) {
            mco.get_untracked().parse::<i64>().ok()
        } else {
            None
        };
        let Some(chosen) = chosen else {
            // The rules need a role to check the rest; say so along with the other problems.
            let mut list = vec![FieldError::new("role", "Select the account's role")];
            let probe = NewStaffUser {
                username: username.get_untracked(),
                email: email.get_untracked(),
                first_name: first_name.get_untracked(),
                last_name: last_name.get_untracked(),
                role: Role::HfsStaff,
                mco_id: None,
                password: password.get_untracked(),
            };
            if let Err(body) = check_staff_user(&probe) {
                list = from_body(&body, FIELDS, "username");
                list.retain(|e| e.field_id != "role" && e.field_id != "mco");
                let at = list
                    .iter()
                    .position(|e| e.field_id == "password")
                    .unwrap_or(list.len());
                list.insert(at, FieldError::new("role", "Select the account's role"));
            }
            errors.set(list);
            return;
        };
        let input = NewStaffUser {
            username: username.get_untracked(),
            email: email.get_untracked(),
            first_name: first_name.get_untracked(),
            last_name: last_name.get_untracked(),
            role: chosen,
            mco_id,
            password: password.get_untracked(),
        };
        let input = match check_staff_user(&input) {
            Ok(clean) => clean,
            Err(body) => {
                errors.set(from_body(&body, FIELDS, "username"));
                return;
            }
        };
        send_form(
            busy,
            async move { api::admin::create_user(&input).await },
            move |result| match result {
                Ok(user) => {
                    errors.set(Vec::new());
                    done.set(Some(format!(
                        "Account created: {} ({}). Give them their username and password in a safe way.",
                        user.username,
                        user.role.label()
                    )));
                    for field in [username, email, first_name, last_name, mco, password] {
                        field.set(String::new());
                    }
                    role.set(None);
                    on_created();
                }
                Err(e) => errors.set(from_api_error(&e, FIELDS, "username")),
            },
        );
    };

    let role_error = message_for(errors, "role");
    let mco_error = message_for(errors, "mco");
    view! {
        <h2 id="new-user" class="text-3xl font-bold mb-6">"Create a staff account"</h2>
        <form novalidate on:submit=on_submit>
            <TextField id="username" label="Username" value=username error=message_for(errors, "username") autocomplete="off" spellcheck=false width="w-full md:w-2/3" />
            <TextField id="email" label="Email address" value=email error=message_for(errors, "email") input_type="email" autocomplete="off" spellcheck=false width="w-full md:w-2/3" />
            <TextField id="first-name" label="First name" value=first_name error=message_for(errors, "first-name") autocomplete="off" spellcheck=false width="w-full md:w-1/2" />
            <TextField id="last-name" label="Last name" value=last_name error=message_for(errors, "last-name") autocomplete="off" spellcheck=false width="w-full md:w-1/2" />
            <Radios
                id="role"
                caption=""
                legend="Role"
                options=ROLE_OPTIONS.to_vec()
                selected=role
                error=role_error
                plain_legend=true
            />
            <Show when=is_mco>
                <McoSelect mco=mco error=mco_error mcos=mcos />
            </Show>
            <PasswordField
                id="password"
                label="Password"
                hint="At least 12 characters. Give it to the person in a safe way: they can change it after signing in."
                value=password
                error=message_for(errors, "password")
                autocomplete="new-password"
            />
            <button type="submit" class="btn" disabled=move || busy.get()>"Create account"</button>
        </form>
    }
}
