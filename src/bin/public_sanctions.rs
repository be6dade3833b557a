//! The public entry app `public-sanctions.html`: the sanction notices.
fn main() {
    portal_app::public::mount("sanctions", portal_app::public::sanction_pages());
}
