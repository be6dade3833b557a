//! The public entry app `public-register.html`: creating an account, the first step of registering.
fn main() {
    portal_app::public::mount("register", portal_app::public::register_pages());
}
