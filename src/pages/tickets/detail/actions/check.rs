//! "Check your answers" before an act that cannot be undone (the MCO's written response, HFS's
//! closing and decision, the provider's accept or contest): the GOV.UK pattern. The form that asked
//! for it stays on the page, hidden, with everything typed (and every file uploaded); "Change"
//! goes back to its field, the last button sends.

use leptos::prelude::*;
use rules::wire::tickets::TicketAction;

use super::Ctx;
use crate::components::form_errors::from_body;
use crate::page::focus_id;

/// One answer of the check page: what it is, what was given, and the field its "Change" link goes
/// back to (none for what cannot be changed here, such as the MCO's response being accepted).
#[derive(Debug, Clone)]
pub struct CheckRow {
    pub label: String,
    pub value: String,
    pub change: Option<String>,
}

impl CheckRow {
    pub fn new(label: impl Into<String>, value: impl Into<String>, change: Option<String>) -> Self {
        let value = value.into();
        let value = if value.trim().is_empty() {
            "Not given".to_string()
        } else {
            value
        };
        CheckRow {
            label: label.into(),
            value,
            change,
        }
    }
}

/// An act waiting for its check page: what the page shows, and what the last button sends.
#[derive(Debug, Clone)]
pub struct Check {
    /// The form's key (its inputs are `{key}-{field}`).
    pub key: &'static str,
    pub heading: &'static str,
    pub rows: Vec<CheckRow>,
    /// What cannot be undone, as a sentence.
    pub warning: &'static str,
    /// The last button: it names the act.
    pub button: &'static str,
    pub action: TicketAction,
    pub fields: &'static [&'static str],
    pub fallback: String,
    pub done: &'static str,
}

impl Ctx {
    /// Checks the act as the server will; when it passes, shows its check page instead of sending
    /// it (the page's form stays, hidden, with what was typed).
    pub(super) fn check_first(self, check: Check) {
        let ids = super::ids_of(check.key, check.fields);
        if let Err(body) = rules::tickets::check_action_fields(&check.action) {
            self.banner.set(None);
            self.errors
                .set(from_body(&body, &super::pairs(&ids), &check.fallback));
            return;
        }
        self.errors.set(Vec::new());
        self.banner.set(None);
        self.check.set(Some(check));
        request_animation_frame(crate::page::focus_main_heading);
    }

    /// Leaves the check page for the form, focusing `target` (a field, or the form's heading).
    fn back_to(self, target: String) {
        self.check.set(None);
        // A date's target is its group: its first field (month, or day) takes the focus.
        request_animation_frame(move || {
            let found = [
                target.clone(),
                format!("{target}-month"),
                format!("{target}-day"),
            ]
            .into_iter()
            .find(|id| document().get_element_by_id(id).is_some());
            if let Some(id) = found {
                focus_id(&id);
            }
        });
    }
}

/// The check page of `check`, for ticket `number`.
#[component]
pub fn CheckPage(ctx: Ctx, check: Check, number: String) -> impl IntoView {
    let heading_target = format!("{}-heading", check.key.replace('_', "-"));
    let back = {
        let target = heading_target.clone();
        move |ev: leptos::ev::MouseEvent| {
            ev.prevent_default();
            ctx.back_to(target.clone());
        }
    };
    let rows = check
        .rows
        .iter()
        .cloned()
        .enumerate()
        .map(|(i, row)| {
            let change = row.change.clone().map(|target| {
                // "Change the MCO's written response": the label's first letter in lower case
                // (not an initialism's).
                let label = {
                    let mut chars = row.label.chars();
                    match (chars.next(), chars.next()) {
                        (Some(first), Some(second)) if !second.is_uppercase() => {
                            format!("{}{}", first.to_lowercase(), &row.label[first.len_utf8()..])
                        }
                        _ => row.label.clone(),
                    }
                };
                let href = format!("#{target}");
                view! {
                    <dd class="md:w-1/6 md:text-right">
                        <a
                            href=href
                            id=format!("check-change-{i}")
                            on:click=move |ev| {
                                ev.prevent_default();
                                ctx.back_to(target.clone());
                            }
                        >
                            "Change"
                            <span class="sr-only">" " {label}</span>
                        </a>
                    </dd>
                }
            });
            view! {
                <div class="md:flex border-b border-border py-3 gap-4">
                    <dt class="font-bold md:w-1/3">{row.label}</dt>
                    <dd class="md:w-1/2 break-words whitespace-pre-line">{row.value}</dd>
                    {change}
                </div>
            }
        })
        .collect_view();
    let send = {
        let check = check.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let c = check.clone();
            ctx.send_as(c.key, c.action, c.fields, c.fallback, c.done);
        }
    };
    view! {
        <a href=format!("#{heading_target}") class="inline-block mb-6 text-base text-ink underline" id="check-back" on:click=back>
            "Back"
        </a>
        <span class="block text-xl text-secondary mb-1">"Ticket " {number}</span>
        <h1 class="text-4xl font-bold mb-8" id="check-heading">{check.heading}</h1>
        <dl class="mb-8 border-t border-border" id="check-answers">{rows}</dl>
        <div class="flex gap-4 items-start mb-8 max-w-prose" id="check-warning">
            <span aria-hidden="true" class="shrink-0 w-9 h-9 rounded-full bg-ink text-white font-bold text-2xl text-center leading-9">"!"</span>
            <strong class="text-xl">
                <span class="sr-only">"Warning: "</span>
                {check.warning}
            </strong>
        </div>
        <form novalidate on:submit=send>
            <button
                type="submit"
                id="check-confirm"
                class="btn"
                aria-disabled=move || ctx.busy.get().then_some("true")
            >
                {check.button}
            </button>
        </form>
    }
}
