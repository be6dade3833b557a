//! The public entry app `public-sign-in.html`: signing in, a forgotten password, confirming an email address.
fn main() {
    portal_app::public::mount("sign-in", portal_app::public::sign_in_pages());
}
