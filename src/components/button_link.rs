use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// A link that looks and acts like a button (GOV.UK's start button): it navigates, it is announced
/// as a button, and like a button it answers the Space key as well as Enter.
///
/// - `href`: where it goes.
/// - `class`: extra classes beside `btn` (write them as literals so Tailwind sees them).
#[component]
pub fn ButtonLink(
    #[prop(into)] href: String,
    #[prop(optional)] class: &'static str,
    children: Children,
) -> impl IntoView {
    let on_keydown = |ev: leptos::ev::KeyboardEvent| {
        if ev.key() == " " {
            ev.prevent_default();
            if let Some(link) = ev
                .current_target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok())
            {
                link.click();
            }
        }
    };
    view! {
        <a href=href role="button" draggable="false" class=format!("btn {class}") on:keydown=on_keydown>
            {children()}
        </a>
    }
}
