//! What every page does: its `<title>`, and moving focus where a user needs it.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

pub const SERVICE_NAME: &str = "Illinois Medicaid Provider Resolution Portal";

/// Sets the document title to "`title` - service name"; it starts with "Error: " while `has_error`.
pub fn use_title(
    title: impl Fn() -> String + Send + Sync + 'static,
    has_error: impl Fn() -> bool + Send + Sync + 'static,
) {
    Effect::new(move |_| {
        let prefix = if has_error() { "Error: " } else { "" };
        document().set_title(&format!("{prefix}{} - {SERVICE_NAME}", title()));
    });
}

/// Focuses the element with `id` (and scrolls it into view), if it is on the page.
pub fn focus_id(id: &str) {
    if let Some(el) = document()
        .get_element_by_id(id)
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = el.focus();
        el.scroll_into_view();
    }
}

/// After a navigation inside the app, focus the new page's heading so keyboard and screen reader
/// users start at the top of the new content. The first page load leaves focus alone, so the first
/// Tab still reaches the skip link.
pub fn focus_main_heading() {
    if let Ok(Some(h1)) = document().query_selector("main h1") {
        if let Ok(h1) = h1.dyn_into::<web_sys::HtmlElement>() {
            if !h1.has_attribute("tabindex") {
                let _ = h1.set_attribute("tabindex", "-1");
            }
            let _ = h1.focus();
        }
    }
    window().scroll_to_with_x_and_y(0.0, 0.0);
}

/// The value of `name` in the address's fragment (`#token=...`), which is then removed from the
/// address bar and the history (`history.replaceState`), so that the secret of an emailed link is
/// not left in the browser's history. The fragment never reaches the server.
pub fn take_fragment(name: &str) -> Option<String> {
    let location = window().location();
    let hash = location.hash().ok()?;
    let value = hash
        .trim_start_matches('#')
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value.trim().to_owned())
        .filter(|value| !value.is_empty());
    if value.is_some() {
        let path = format!(
            "{}{}",
            location.pathname().unwrap_or_default(),
            location.search().unwrap_or_default()
        );
        if let Ok(history) = window().history() {
            let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&path));
        }
    }
    value
}
