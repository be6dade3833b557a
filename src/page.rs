//! What every page does: its `<title>`, moving focus where a user needs it, and the message a page
//! leaves for the next one. The shell (`app`) and every page use it; it uses nothing of either.

use std::cell::{Cell, RefCell};

use leptos::prelude::*;
use wasm_bindgen::JsCast;

pub const SERVICE_NAME: &str = "Illinois Medicaid Provider Resolution Portal";

/// "How deadlines are worked out", which the calculator and the ticket page link to.
pub const RULES_PATH: &str = "/deadlines";
/// The deadline calculator.
pub const CALCULATOR_PATH: &str = "/deadlines/calculator";

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

thread_local! {
    /// Whether the user has moved to another page inside the app since it loaded.
    static NAVIGATED: Cell<bool> = const { Cell::new(false) };
    /// A message for the next page to show once ("Approved: ..."), set before navigating to it.
    static FLASH: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// The `history.state` an app leaves on an address it hands over to another app
/// ([`load_elsewhere`]): `{"portal-handed-over": true, "notice": ...}`, which the app that loads
/// takes as a move inside the portal ([`take_arrival`]).
const HANDED_OVER: &str = "portal-handed-over";

/// The sign-in page's message ("You have signed out") while it is on its way there, carried to the
/// app that shows the sign-in page when that is another app ([`load_elsewhere`]). Never protected
/// health information: the few fixed messages of signing out.
pub fn carry_notice(notice: Option<String>) {
    CARRIED_NOTICE.with(|n| *n.borrow_mut() = notice);
}

/// The page (path and query: a queue's filters, never protected health information) to come back to
/// after signing in, carried to the app that shows the sign-in page ([`load_elsewhere`]).
pub fn carry_return_to(path: Option<String>) {
    CARRIED_RETURN.with(|n| *n.borrow_mut() = path);
}

thread_local! {
    static CARRIED_NOTICE: RefCell<Option<String>> = const { RefCell::new(None) };
    static CARRIED_RETURN: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Loads `target` (path, query and fragment) afresh from the server: an app does it for an address
/// it does not hold, and the server sends that address's app. The history entry (a new one, or the
/// current one replaced when `replace`) is marked, which lets the app that loads put focus on the
/// new page's heading, as after any move inside an app, and carries the sign-in page's message
/// ([`carry_notice`]).
pub fn load_elsewhere(target: &str, replace: bool) {
    // Until the new page arrives, the old one says what is happening (and has no heading).
    if let Some(main) = document().get_element_by_id("main-content") {
        main.set_inner_html(
            r#"<p id="loading-elsewhere" class="mb-4" role="status">Loading this part of the portal…</p>"#,
        );
    }
    let mark = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&mark, &HANDED_OVER.into(), &true.into());
    if let Some(notice) = CARRIED_NOTICE.with(|n| n.borrow_mut().take()) {
        let _ = js_sys::Reflect::set(&mark, &"notice".into(), &notice.into());
    }
    if let Some(path) = CARRIED_RETURN.with(|n| n.borrow_mut().take()) {
        let _ = js_sys::Reflect::set(&mark, &"return_to".into(), &path.into());
    }
    let marked = window().history().is_ok_and(|history| {
        if replace {
            history.replace_state_with_url(&mark, "", Some(target))
        } else {
            history.push_state_with_url(&mark, "", Some(target))
        }
        .is_ok()
    });
    let location = window().location();
    let _ = if marked {
        location.reload()
    } else if replace {
        location.replace(target)
    } else {
        location.assign(target)
    };
}

/// How this page load began: handed over by another app ([`load_elsewhere`]), with the sign-in
/// page's message if one was carried.
#[derive(Clone, Debug, Default)]
pub struct Arrival {
    pub handed_over: bool,
    pub notice: Option<String>,
    pub return_to: Option<String>,
}

/// How this page load began ([`Arrival`]); removes the mark, so that reloading the page later
/// counts as a first load again.
pub fn take_arrival() -> Arrival {
    let Ok(history) = window().history() else {
        return Arrival::default();
    };
    let state = history.state().unwrap_or(wasm_bindgen::JsValue::NULL);
    let handed_over = state.is_object()
        && js_sys::Reflect::get(&state, &HANDED_OVER.into())
            .ok()
            .and_then(|v| v.as_bool())
            .unwrap_or(false);
    if !handed_over {
        return Arrival::default();
    }
    let text = |name: &str| {
        js_sys::Reflect::get(&state, &name.into())
            .ok()
            .and_then(|v| v.as_string())
    };
    let (notice, return_to) = (text("notice"), text("return_to"));
    let _ = history.replace_state(&wasm_bindgen::JsValue::NULL, "");
    Arrival {
        handed_over,
        notice,
        return_to,
    }
}

/// Records that the user moved to another page inside the app (the shell calls it on each
/// navigation), for [`focus_heading_if_lost`].
pub fn note_navigation() {
    NAVIGATED.with(|n| n.set(true));
}

/// For a page whose heading arrives after its data: once it is shown, focus the heading if the
/// navigation's own move found none (focus would otherwise be lost on `<body>`). Never on the first
/// page load, where the first Tab must still reach the skip link.
pub fn focus_heading_if_lost() {
    if !NAVIGATED.with(Cell::get) {
        return;
    }
    request_animation_frame(|| {
        let lost = document()
            .active_element()
            .is_none_or(|el| el.tag_name().eq_ignore_ascii_case("body"));
        if lost {
            focus_main_heading();
        }
    });
}

/// Leaves `message` for the next page that calls [`take_flash`].
pub fn set_flash(message: String) {
    FLASH.with(|f| *f.borrow_mut() = Some(message));
}

/// The message left by the previous page, once.
pub fn take_flash() -> Option<String> {
    FLASH.with(|f| f.borrow_mut().take())
}
