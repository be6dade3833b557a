//! The Illinois Medicaid Provider Resolution Portal, as a single-page app (Leptos, client-side).
//!
//! Layout (after leptos-rs/leptos `examples/hackernews`): `app` is the shell and the routes, one
//! file per page under `pages/`, shared pieces under `components/`, the page clock in `clock`.
//! Every rule comes from the `rules` crate, the same code the server runs.

pub mod api;
pub mod app;
pub mod clock;
pub mod components;
pub mod nav;
pub mod page;
pub mod pages;
pub mod public;
pub mod session;
pub mod sheet_worker;

use leptos::prelude::*;

/// Mounts the app on `<body>` and marks the moment it is interactive (`cargo xtask bench` reads it).
pub fn mount() {
    start(app::App);
}

/// Mounts a signed-in area's app (`app::McoArea`, ...: `area-<area>.html`) on `<body>`.
pub fn mount_area<V: IntoView + 'static>(area: fn() -> V) {
    start(area);
}

/// Mounts `app` on `<body>` (the whole portal, or a public entry app: `public::mount`).
fn start<V: IntoView + 'static>(app: fn() -> V) {
    // Readable panic messages in the console while developing; a release build leaves the formatting
    // machinery out of the download (a panic still shows as an error in the console).
    #[cfg(debug_assertions)]
    console_error_panic_hook::set_once();
    mount_to_body(app);
    if let Some(performance) = window().performance() {
        let _ = performance.mark("app-interactive");
    }
}
