fn main() {
    portal_app::mount();
}
