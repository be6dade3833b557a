use leptos::prelude::*;
use rules::wire::accounts::{AccountStatus, Role};

use super::button_link::ButtonLink;
use crate::nav::{use_pathname, use_search};
use crate::page::use_title;
use crate::session::use_session;

/// Whether the signed-in user may see a page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Access {
    /// The app has not heard from the server yet.
    Loading,
    SignedOut,
    WrongRole,
    /// A provider whose registration HFS has not approved.
    NotApproved,
    /// An HFS or MCO account that has not set up two-step sign-in yet.
    TwoStepNeeded,
    Allowed,
}

/// Shows `children` only to a signed-in user with one of `roles`; others see why not, as a page of
/// its own: "Sign in to see this page" (signed out, with a Sign in button that comes back here
/// after signing in) or "You cannot see this page" (another role). The server checks every call
/// again: this only keeps the app from offering what a role cannot do.
///
/// - `roles`: who may see the page; an empty list means any signed-in user.
/// - `approved`: a provider must also be approved by HFS (other roles are not affected).
/// - `enrolling`: the page is open to an HFS or MCO account that must still set up two-step
///   sign-in (only the set-up page itself); every other page sends them there first.
/// - `children`: the page. It is built once access is granted and kept while it stays granted
///   (switching facility does not rebuild it).
///
/// ```ignore
/// view! { <RequireRole roles=&[Role::HfsStaff, Role::HfsAdmin]><RegistrationQueuePage /></RequireRole> }
/// ```
#[component]
pub fn RequireRole(
    roles: &'static [Role],
    #[prop(optional)] approved: bool,
    #[prop(optional)] enrolling: bool,
    children: ChildrenFn,
) -> impl IntoView {
    let state = use_session();
    let (pathname, search) = (use_pathname(), use_search());
    let access = Memo::new(move |_| {
        if !state.loaded.get() {
            return Access::Loading;
        }
        state.session.with(|s| match s {
            None => Access::SignedOut,
            Some(s) if s.mfa_enrolment_required && !enrolling => Access::TwoStepNeeded,
            Some(s) if !roles.is_empty() && !roles.contains(&s.role) => Access::WrongRole,
            Some(s)
                if approved && s.role == Role::Provider && s.status != AccountStatus::Approved =>
            {
                Access::NotApproved
            }
            Some(_) => Access::Allowed,
        })
    });
    move || match access.get() {
        Access::Loading => view! {
            <p class="text-secondary" role="status">"Loading"</p>
        }
        .into_any(),
        Access::SignedOut => {
            let path = pathname.get_untracked();
            // (When the session ended under the page, the app may already be on its way to the
            // sign-in page, whose address is no page to return to.)
            if path != "/sign-in" {
                state
                    .return_to
                    .set(Some(crate::session::here(&path, &search.get_untracked())));
            }
            let sign_in = crate::session::sign_in_href(&path);
            use_title(|| "Sign in to see this page".into(), || false);
            view! {
                <h1 class="text-4xl font-bold mb-6">"Sign in to see this page"</h1>
                <p class="mb-6">"You need to sign in to use this part of the portal."</p>
                <ButtonLink href=sign_in>"Sign in"</ButtonLink>
                <p>
                    "No account yet? "
                    <a href="/register">"Register for an account"</a>
                    "."
                </p>
            }
            .into_any()
        }
        Access::WrongRole => {
            use_title(|| "You cannot see this page".into(), || false);
            view! {
                <h1 class="text-4xl font-bold mb-6">"You cannot see this page"</h1>
                <p class="mb-6">"Your account cannot use this part of the portal."</p>
                <p><a href="/account">"Go to your account"</a></p>
            }
            .into_any()
        }
        Access::NotApproved => {
            use_title(|| "Your registration is not approved yet".into(), || false);
            view! {
                <h1 class="text-4xl font-bold mb-6">"Your registration is not approved yet"</h1>
                <p class="mb-6">"You can use this page once HFS approves your registration."</p>
                <p><a href="/account">"See where your registration stands"</a></p>
            }
            .into_any()
        }
        Access::TwoStepNeeded => {
            use_title(|| "Set up two-step sign-in first".into(), || false);
            view! {
                <h1 class="text-4xl font-bold mb-6">"Set up two-step sign-in first"</h1>
                <p class="mb-6">
                    "HFS and MCO accounts sign in with a password and a code from an authenticator \
                     app. Set it up once, then you can use the portal."
                </p>
                <ButtonLink href="/account/two-step">"Set up two-step sign-in"</ButtonLink>
            }
            .into_any()
        }
        Access::Allowed => children().into_any(),
    }
}
