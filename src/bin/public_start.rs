//! The public entry app `public-start.html`: the home page and the help pages.
fn main() {
    portal_app::public::mount("start", portal_app::public::start_pages());
}
