//! The public entry app `public-register-profile.html`: the registration profile's steps (the
//! name, the organization, the check), once the account exists.
fn main() {
    portal_app::public::mount(
        "register-profile",
        portal_app::public::register_profile_pages(),
    );
}
