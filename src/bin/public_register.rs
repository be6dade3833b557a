//! The public entry app `public-register.html`: registering.
fn main() {
    portal_app::public::mount("register", portal_app::public::register_pages());
}
