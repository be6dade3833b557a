//! The public app (`public.html`): the public pages only, the small first download.
fn main() {
    portal_app::mount_public();
}
