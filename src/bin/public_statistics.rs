//! The public entry app `public-statistics.html`: the complaint statistics.
fn main() {
    portal_app::public::mount("statistics", portal_app::public::statistics_pages());
}
