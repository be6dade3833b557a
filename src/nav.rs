//! Moving between pages, for the pages and the shell that both kinds of app hold: the whole portal
//! (`index.html`) does it with `leptos_router`, each public entry app (`public-<entry>.html`,
//! [`crate::public`]) with its own few lines, which keeps the router out of the first download. The
//! app installs its way once, before mounting ([`install`]); pages call the functions here instead
//! of the router's hooks.

use std::sync::{Arc, OnceLock};

use leptos::prelude::*;
pub use leptos_router::params::ParamsMap;

/// How to move: `replace` replaces the current history entry instead of adding one.
#[derive(Clone, Copy, Debug, Default)]
pub struct NavigateOptions {
    pub replace: bool,
}

/// A way to move to an address (path, query, fragment) of the portal.
pub type Navigate = Arc<dyn Fn(&str, NavigateOptions) + Send + Sync>;

/// One app's way of moving between pages and reading where it is (each a function, so that an app
/// links only its own).
#[derive(Clone, Copy)]
pub struct Hooks {
    pub navigate: fn() -> Navigate,
    /// The current path (without query or fragment).
    pub pathname: fn() -> Memo<String>,
    /// The current query, without its `?`.
    pub search: fn() -> Memo<String>,
    /// The current query (`?a=b`).
    pub query: fn() -> Memo<ParamsMap>,
    /// The `:name` segments of the current page's path.
    pub params: fn() -> Memo<ParamsMap>,
}

static HOOKS: OnceLock<Hooks> = OnceLock::new();

/// Sets the app's way of moving (once, before mounting; later calls are ignored).
pub fn install(hooks: Hooks) {
    let _ = HOOKS.set(hooks);
}

fn hooks() -> &'static Hooks {
    HOOKS
        .get()
        .expect("nav::install runs before the app is mounted")
}

/// A function that moves to an address, as `leptos_router::hooks::use_navigate` does.
pub fn use_navigate() -> impl Fn(&str, NavigateOptions) + Clone + Send + Sync + 'static {
    let navigate = (hooks().navigate)();
    move |to: &str, options: NavigateOptions| navigate(to, options)
}

/// The current path.
pub fn use_pathname() -> Memo<String> {
    (hooks().pathname)()
}

/// The current query as written, without its `?`.
pub fn use_search() -> Memo<String> {
    (hooks().search)()
}

/// The current query.
pub fn use_query_map() -> Memo<ParamsMap> {
    (hooks().query)()
}

/// The current page's path parameters.
pub fn use_params_map() -> Memo<ParamsMap> {
    (hooks().params)()
}
