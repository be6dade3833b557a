//! The public entry app `public-eligibility.html`: the eligibility checker and its questions.
fn main() {
    portal_app::public::mount("eligibility", portal_app::public::eligibility_pages());
}
