//! The public entry app `public-deadlines.html`: how deadlines work and the calculator.
fn main() {
    portal_app::public::mount("deadlines", portal_app::public::deadline_pages());
}
