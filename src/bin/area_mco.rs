//! The signed-in area app `area-mco.html` (`rules::public_pages::AREAS`).
fn main() {
    portal_app::mount_area(portal_app::app::McoArea);
}
