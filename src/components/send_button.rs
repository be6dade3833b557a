use leptos::prelude::*;

/// A form's submit button. While `sending` it is `aria-disabled` (it keeps its place in the tab
/// order; the form ignores a second press meanwhile).
///
/// - `id`: the button's id, if the error summary links to it.
/// - `sending`: whether the form is being sent.
/// - `children`: the button's text.
#[component]
pub fn SendButton(
    #[prop(optional)] id: Option<&'static str>,
    sending: RwSignal<bool>,
    children: Children,
) -> impl IntoView {
    view! {
        <button id=id type="submit" class="btn" aria-disabled=move || sending.get().then_some("true")>
            {children()}
        </button>
    }
}
