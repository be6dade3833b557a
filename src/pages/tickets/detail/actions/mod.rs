//! The actions a session may take on a ticket: only those the server lists in `allowed_actions`,
//! each as its own small form with a heading, the text it needs, and a button naming it. Checked
//! here first with the rules the server uses (`rules::tickets::check_action_fields`); a 409 refusal
//! shows the server's words in the error summary, a 422 puts each message on its field.
//!
//! This file lists the forms and holds what they share (the frame, the table of simple actions) and
//! the MCO's response; the one-text-box form is in `simple`, HFS's closing in `close`, the files
//! sent with an answer in `files`.

mod close;
mod files;
mod simple;

use leptos::prelude::*;
use rules::tickets::check_action_fields;
use rules::wire::tickets::{ResponseOutcome, TicketAction, TicketDetail};

use self::close::CloseForm;
use self::simple::SimpleForm;
use crate::api::tickets::act;
use crate::api::ApiError;
use crate::components::form_errors::{from_api_error, from_body, message_for, send_form};
use crate::components::{FieldError, RadioOption, Radios, TextArea, TextField};

/// What every form of the page shares: the ticket, where its new state goes, the page's success
/// banner and error summary, and whether a form is being sent.
#[derive(Clone, Copy)]
pub struct Ctx {
    pub ticket_id: i64,
    pub detail: RwSignal<Option<Result<TicketDetail, ApiError>>>,
    pub banner: RwSignal<Option<String>>,
    pub errors: RwSignal<Vec<FieldError>>,
    pub busy: RwSignal<bool>,
}

/// The id of a field of an action's form: `request-info-message`.
fn field_id(key: &str, field: &str) -> String {
    format!("{}-{}", key.replace('_', "-"), field.replace('_', "-"))
}

impl Ctx {
    /// Checks `action` as the server will, sends it, and shows what came back: the ticket as it
    /// now stands with `done` in the banner, or the problems. `fields` are the action's wire field
    /// names in the order of the form; problems of no field go on `fallback` (the form's button).
    fn send(
        self,
        action: TicketAction,
        fields: &'static [&'static str],
        fallback: String,
        done: &'static str,
    ) {
        if self.busy.get_untracked() {
            return;
        }
        let key = action.key();
        let ids: Vec<(String, String)> = fields
            .iter()
            .map(|f| (f.to_string(), field_id(key, f)))
            .collect();
        let action = match check_action_fields(&action) {
            Ok(action) => action,
            Err(body) => {
                self.banner.set(None);
                self.errors.set(from_body(&body, &pairs(&ids), &fallback));
                return;
            }
        };
        let ticket_id = self.ticket_id;
        send_form(
            self.busy,
            async move { act(ticket_id, &action).await },
            move |answer| match answer {
                Ok(detail) => {
                    self.errors.set(Vec::new());
                    self.detail.set(Some(Ok(detail)));
                    self.banner.set(Some(done.to_string()));
                }
                Err(e) => {
                    self.banner.set(None);
                    self.errors.set(from_api_error(&e, &pairs(&ids), &fallback));
                }
            },
        );
    }
}

/// `(wire field, input id)` pairs as the error helpers take them.
fn pairs(ids: &[(String, String)]) -> Vec<(&str, &str)> {
    ids.iter()
        .map(|(f, id)| (f.as_str(), id.as_str()))
        .collect()
}

/// An action whose form is at most one text box.
struct Simple {
    key: &'static str,
    heading: &'static str,
    /// What it does, with the rule table's numbers as placeholders ([`rules::rule_table::words`]).
    intro: &'static str,
    /// The text's wire field and its label.
    text: Option<(&'static str, &'static str)>,
    button: &'static str,
    done: &'static str,
    secondary: bool,
}

const SIMPLE: [Simple; 11] = [
    Simple {
        key: "present",
        heading: "Present the ticket to the MCO",
        intro: "The ticket is complete and filed in time: the MCO's clocks start today.",
        text: None,
        button: "Present to the MCO",
        done: "The ticket was presented to the MCO.",
        secondary: false,
    },
    Simple {
        key: "request_info",
        heading: "Ask the provider for more information",
        intro: "You can ask once, within {mco_info_request} of receiving the ticket. The provider then has {provider_info_response} to answer.",
        text: Some(("message", "What information do you need?")),
        button: "Ask for information",
        done: "Your request for information was sent to the provider.",
        secondary: false,
    },
    Simple {
        key: "provide_info",
        heading: "Answer the MCO's request",
        intro: "Give the MCO what it asked for, or say where you already gave it. Attach files first if you need to.",
        text: Some(("message", "Your answer")),
        button: "Send your answer",
        done: "Your answer was sent to the MCO.",
        secondary: false,
    },
    Simple {
        key: "request_extension",
        heading: "Ask HFS for the one extension",
        intro: "In extenuating circumstances HFS can approve one {extension_n}-day extension for the whole ticket.",
        text: Some(("reason", "Why do you need an extension?")),
        button: "Ask for an extension",
        done: "Your request for an extension was sent to HFS.",
        secondary: true,
    },
    Simple {
        key: "approve_extension",
        heading: "Approve the extension",
        intro: "The MCO's time to respond becomes {extended} from presentation.",
        text: None,
        button: "Approve the extension",
        done: "The extension was approved.",
        secondary: false,
    },
    Simple {
        key: "refuse_extension",
        heading: "Refuse the extension",
        intro: "The deadlines stay as they are.",
        text: Some(("reason", "Why are you refusing it?")),
        button: "Refuse the extension",
        done: "The extension was refused.",
        secondary: true,
    },
    Simple {
        key: "accept",
        heading: "Accept the response",
        intro: "The ticket closes. A closed ticket is never reopened.",
        text: None,
        button: "Accept the response",
        done: "You accepted the MCO's response. The ticket is closed.",
        secondary: false,
    },
    Simple {
        key: "contest",
        heading: "Contest the response",
        intro: "Say why you do not agree. You can then ask HFS to review the dispute.",
        text: Some(("reason", "Why do you contest the response?")),
        button: "Contest the response",
        done: "You contested the MCO's response.",
        secondary: false,
    },
    Simple {
        key: "request_review",
        heading: "Ask HFS to review",
        intro: "HFS reviews the dispute (Administrative Review) and makes a final decision. You and the MCO then have {information_delivery} to send HFS your information.",
        text: Some(("reason", "Why do you ask for HFS review?")),
        button: "Ask HFS to review",
        done: "Your request for HFS review was sent. The ticket is in Administrative Review.",
        secondary: false,
    },
    Simple {
        key: "deliver_information",
        heading: "The information for the review is in",
        intro: "Record that both sides have given HFS their information: HFS's {hfs_decision_n} days to decide start today.",
        text: None,
        button: "Information is in",
        done: "The information is recorded as in.",
        secondary: false,
    },
    Simple {
        key: "decide",
        heading: "Record the final decision",
        intro: "The decision is final and the ticket closes.",
        text: Some(("decision", "HFS's final decision")),
        button: "Record the final decision",
        done: "The final decision was recorded. The ticket is closed.",
        secondary: false,
    },
];

const MESSAGE: Simple = Simple {
    key: "message",
    heading: "Send a message",
    intro: "A message on the ticket for the other parties. It does not change any deadline.",
    text: Some(("message", "Your message")),
    button: "Send message",
    done: "Your message was sent.",
    secondary: true,
};

/// The actions this session may take now, as forms; nothing when there are none.
#[component]
pub fn Actions(ctx: Ctx, allowed: Vec<String>) -> impl IntoView {
    let may = |key: &str| allowed.iter().any(|a| a == key);
    let mut forms: Vec<AnyView> = Vec::new();
    for key in rules::tickets::ACTION_KEYS {
        if !may(key) {
            continue;
        }
        let form = match key {
            "respond" => view! { <RespondForm ctx=ctx /> }.into_any(),
            "close" => view! { <CloseForm ctx=ctx /> }.into_any(),
            "message" => view! { <SimpleForm ctx=ctx spec=&MESSAGE /> }.into_any(),
            key => match SIMPLE.iter().find(|s| s.key == key) {
                Some(spec) => view! { <SimpleForm ctx=ctx spec=spec /> }.into_any(),
                None => continue,
            },
        };
        forms.push(form);
    }
    if forms.is_empty() {
        return view! {
            <section aria-labelledby="actions-heading" class="mb-10">
                <h2 id="actions-heading" class="text-2xl font-bold mb-2">"What you can do"</h2>
                <p>"There is nothing for you to do on this ticket now."</p>
            </section>
        }
        .into_any();
    }
    view! {
        <section aria-labelledby="actions-heading" class="mb-10">
            <h2 id="actions-heading" class="text-2xl font-bold mb-4">"What you can do"</h2>
            {forms}
        </section>
    }
    .into_any()
}

/// What frames an action's form: its key, heading, what it does, its button.
struct Frame {
    key: &'static str,
    heading: &'static str,
    intro: &'static str,
    button: &'static str,
    secondary: bool,
}

/// The frame of one action's form around its fields.
fn action_frame(
    frame: Frame,
    body: AnyView,
    busy: RwSignal<bool>,
    on_submit: impl Fn(leptos::ev::SubmitEvent) + 'static,
) -> impl IntoView {
    let Frame {
        key,
        heading,
        intro,
        button,
        secondary,
    } = frame;
    let heading_id = format!("{}-heading", key.replace('_', "-"));
    let class = if secondary {
        "btn btn-secondary"
    } else {
        "btn"
    };
    view! {
        <section aria-labelledby=heading_id.clone() class="border-l-4 border-border pl-4 mb-8" data-action=key>
            <h3 id=heading_id.clone() class="text-xl font-bold mb-2">{heading}</h3>
            <p class="mb-4">{rules::rule_table::words(intro)}</p>
            <form novalidate on:submit=on_submit>
                {body}
                <button
                    type="submit"
                    id=field_id(key, "submit")
                    class=class
                    aria-disabled=move || busy.get().then_some("true")
                >
                    {button}
                </button>
            </form>
        </section>
    }
}

const OUTCOMES: [RadioOption; 2] = [
    RadioOption {
        value: "upheld",
        label: "Upheld",
        hint: Some("The MCO keeps its decision."),
    },
    RadioOption {
        value: "overturned",
        label: "Overturned",
        hint: Some("The MCO changes its decision in the provider's favour."),
    },
];

#[component]
fn RespondForm(ctx: Ctx) -> impl IntoView {
    const KEY: &str = "respond";
    const FIELDS: &[&str] = &[
        "outcome",
        "response",
        "contact_name",
        "contact_phone",
        "contact_email",
    ];
    let outcome = RwSignal::new(None::<&'static str>);
    let response = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let phone = RwSignal::new(String::new());
    let email = RwSignal::new(String::new());
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let chosen = match outcome.get_untracked() {
            Some("upheld") => Some(ResponseOutcome::Upheld),
            Some("overturned") => Some(ResponseOutcome::Overturned),
            _ => None,
        };
        let action = TicketAction::Respond {
            outcome: chosen.unwrap_or(ResponseOutcome::Upheld),
            response: response.get_untracked(),
            contact_name: name.get_untracked(),
            contact_phone: phone.get_untracked(),
            contact_email: email.get_untracked(),
        };
        if chosen.is_none() {
            // The outcome has no empty value on the wire: say so before the other fields.
            let mut list = vec![FieldError::new(
                field_id(KEY, "outcome"),
                "Select whether the MCO upheld or overturned its decision",
            )];
            if let Err(body) = check_action_fields(&action) {
                let ids: Vec<(String, String)> = FIELDS
                    .iter()
                    .map(|f| (f.to_string(), field_id(KEY, f)))
                    .collect();
                list.extend(from_body(&body, &pairs(&ids), &field_id(KEY, "submit")));
            }
            ctx.banner.set(None);
            ctx.errors.set(list);
            return;
        }
        ctx.send(
            action,
            FIELDS,
            field_id(KEY, "submit"),
            "The MCO's response was sent to the provider.",
        );
    };
    let text = |field: &str| {
        let id = field_id(KEY, field);
        (id.clone(), message_for(ctx.errors, id))
    };
    let (response_id, response_error) = text("response");
    let (name_id, name_error) = text("contact_name");
    let (phone_id, phone_error) = text("contact_phone");
    let (email_id, email_error) = text("contact_email");
    const OUTCOME_ID: &str = "respond-outcome";
    let body = view! {
        <Radios
            id=OUTCOME_ID
            caption=""
            legend="Outcome"
            options=OUTCOMES.to_vec()
            selected=outcome
            error=message_for(ctx.errors, OUTCOME_ID)
            plain_legend=true
        />
        <TextArea id=response_id label="The MCO's written response" value=response error=response_error rows=6 />
        <p class="font-bold mb-2">"Who the provider can contact about it"</p>
        <TextField id=name_id label="Contact name" value=name error=name_error autocomplete="name" />
        <TextField id=phone_id label="Contact phone" value=phone error=phone_error autocomplete="tel" input_type="tel" width="w-full md:w-1/2" />
        <TextField id=email_id label="Contact email" value=email error=email_error autocomplete="email" input_type="email" spellcheck=false />
    }
    .into_any();
    let frame = Frame {
        key: KEY,
        heading: "Send the MCO's response",
        intro: "Your written response or proposal, marked Upheld or Overturned. The provider then has {provider_decision} to accept or contest it.",
        button: "Send the response",
        secondary: false,
    };
    action_frame(frame, body, ctx.busy, on_submit)
}
