//! The actions a session may take on a ticket: only those the server lists in `allowed_actions`,
//! each as its own small form with a heading, the text it needs, and a button naming it. Checked
//! here first with the rules the server uses (`rules::tickets::check_action_fields`); a 409 refusal
//! shows the server's words in the error summary, a 422 puts each message on its field.
//!
//! This file lists the forms and holds what they share (the frame, the table of simple actions) and
//! the MCO's response; the one-text-box form is in `simple`, HFS's closing in `close`, the files
//! sent with an answer in `files`.

mod check;
mod close;
mod files;
mod review;

pub use self::check::{Check, CheckPage, CheckRow};

pub use self::review::not_contested_note;
mod simple;

use leptos::prelude::*;
use rules::tickets::check_action_fields;
use rules::wire::tickets::{HfsPerson, ResponseOutcome, TicketAction, TicketDetail};

use self::close::CloseForm;
use self::simple::SimpleForm;
use crate::api::tickets::act;
use crate::api::ApiError;
use crate::components::form_errors::{from_api_error, from_body, message_for, send_form};
use crate::components::{DateInput, FieldError, RadioOption, Radios, TextArea, TextField};
use rules::forms::{parse_date_parts, DateError, DateFields, DateParts};
use rules::wire::tickets::Attachment;

use self::files::AttachFiles;

/// What every form of the page shares: the ticket, where its new state goes, the page's success
/// banner and error summary, and whether a form is being sent.
#[derive(Clone, Copy)]
pub struct Ctx {
    pub ticket_id: i64,
    pub detail: RwSignal<Option<Result<TicketDetail, ApiError>>>,
    pub banner: RwSignal<Option<String>>,
    pub errors: RwSignal<Vec<FieldError>>,
    pub busy: RwSignal<bool>,
    /// The act waiting on its check page ("Check your answers"), if any.
    pub check: RwSignal<Option<Check>>,
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
        self.send_as(action.key(), action, fields, fallback, done);
    }

    /// [`Self::send`] from the form `key` (its inputs are `{key}-{field}`).
    fn send_as(
        self,
        key: &'static str,
        action: TicketAction,
        fields: &'static [&'static str],
        fallback: String,
        done: &'static str,
    ) {
        if self.busy.get_untracked() {
            return;
        }
        let ids = ids_of(key, fields);
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
            move |answer| {
                // Back from a check page to the ticket, as it now stands or with the problems
                // on the form (which kept what was typed).
                self.check.set(None);
                match answer {
                    Ok(detail) => {
                        self.errors.set(Vec::new());
                        self.detail.set(Some(Ok(detail)));
                        self.banner.set(Some(done.to_string()));
                    }
                    Err(e) => {
                        self.banner.set(None);
                        self.errors.set(from_api_error(&e, &pairs(&ids), &fallback));
                    }
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
    /// Files may go with it.
    files: bool,
    /// It cannot be undone: its check page's heading and warning.
    check: Option<(&'static str, &'static str)>,
    /// A box to tick before it is sent: its label, and the message when it is not ticked.
    tick: Option<(&'static str, &'static str)>,
}

const SIMPLE: [Simple; 14] = [
    Simple {
        key: "present",
        heading: "Present the ticket to the MCO",
        intro: "Presenting starts the MCO's clocks today. Check the ticket first: if it is not complete or was not filed in time, close it instead.",
        text: None,
        button: "Present to the MCO",
        done: "The ticket was presented to the MCO.",
        secondary: false,
        files: false,
        check: None,
        tick: Some((
            "I have checked that the ticket is complete and was filed in time",
            "Confirm that you checked the ticket is complete and was filed in time",
        )),
    },
    Simple {
        key: "request_info",
        heading: "Ask the provider for more information",
        intro: "You can ask once, within {mco_info_request} of receiving the ticket. The provider then has {provider_info_response} to answer.",
        text: Some(("message", "What information do you need?")),
        button: "Ask for information",
        done: "Your request for information was sent to the provider.",
        secondary: false,
        files: true,
        check: None,
        tick: None,
    },
    Simple {
        key: "provide_info",
        heading: "Answer the MCO's request",
        intro: "Give the MCO what it asked for, or say where you already gave it. Attach files first if you need to.",
        text: Some(("message", "Your answer")),
        button: "Send your answer",
        done: "Your answer was sent to the MCO.",
        secondary: false,
        files: true,
        check: None,
        tick: None,
    },
    Simple {
        key: "request_extension",
        heading: "Ask HFS for the one extension",
        intro: "In extenuating circumstances HFS can approve one {extension_n}-day extension for the whole ticket.",
        text: Some(("reason", "Why do you need an extension?")),
        button: "Ask for an extension",
        done: "Your request for an extension was sent to HFS.",
        secondary: true,
        files: false,
        check: None,
        tick: None,
    },
    Simple {
        key: "approve_extension",
        heading: "Approve the extension",
        intro: "The MCO's time to respond becomes {extended} from presentation.",
        text: None,
        button: "Approve the extension",
        done: "The extension was approved.",
        secondary: false,
        files: false,
        check: None,
        tick: None,
    },
    Simple {
        key: "refuse_extension",
        heading: "Refuse the extension",
        intro: "The deadlines stay as they are.",
        text: Some(("reason", "Why are you refusing it?")),
        button: "Refuse the extension",
        done: "The extension was refused.",
        secondary: true,
        files: false,
        check: None,
        tick: None,
    },
    Simple {
        key: "accept",
        heading: "Accept the response",
        intro: "The ticket closes. A closed ticket is never reopened.",
        text: None,
        button: "Accept the response",
        done: "You accepted the MCO's response. The ticket is closed.",
        secondary: false,
        files: false,
        check: Some((
            "Check before you accept the response",
            "Accepting closes the ticket. This cannot be undone: a closed ticket is never reopened.",
        )),
        tick: None,
    },
    Simple {
        key: "contest",
        heading: "Contest the response",
        intro: "Say why you do not agree. You can then ask HFS to review the dispute.",
        text: Some(("reason", "Why do you contest the response?")),
        button: "Contest the response",
        done: "You contested the MCO's response.",
        secondary: false,
        files: false,
        check: Some((
            "Check before you contest the response",
            "Once you contest the response you cannot accept it on the portal. This cannot be undone.",
        )),
        tick: None,
    },
    Simple {
        key: "request_review",
        heading: "Ask HFS to review",
        intro: "HFS reviews the dispute (Administrative Review) and makes a final decision. You and the MCO then have {information_delivery} to send HFS your information. Disputes presented to HFS are not contested cases and confer no right to an administrative hearing.",
        text: Some(("reason", "Why do you ask for HFS review?")),
        button: "Ask HFS to review",
        done: "Your request for HFS review was sent. The ticket is in Administrative Review.",
        secondary: false,
        files: false,
        check: None,
        tick: None,
    },
    Simple {
        key: "report_incomplete",
        heading: "Report the answer incomplete",
        intro: "If the provider's answer leaves out what you asked for, say what is missing. HFS then closes the ticket or tells you to proceed. You can report it until your written response is due.",
        text: Some(("missing", "What is missing from the answer?")),
        button: "Report the answer incomplete",
        done: "Your report was sent to HFS.",
        secondary: true,
        files: true,
        check: None,
        tick: None,
    },
    Simple {
        key: "proceed",
        heading: "Tell the MCO to proceed",
        intro: "The answer is complete enough: the MCO proceeds with it, and its written response is due as before.",
        text: Some(("note", "Note to the MCO and the provider")),
        button: "Tell the MCO to proceed",
        done: "The MCO was told to proceed.",
        secondary: false,
        files: false,
        check: None,
        tick: None,
    },
    Simple {
        key: "close_incomplete",
        heading: "Close the ticket: incomplete answer",
        intro: "The MCO reported that the provider's answer was incomplete. Closing is final: the provider must file a new ticket with all the information.",
        text: Some(("note", "Note to the provider")),
        button: "Close the ticket",
        done: "The ticket was closed. The provider has been told why.",
        secondary: true,
        files: false,
        check: Some((
            "Check before you close the ticket",
            "Closing is final. This cannot be undone: a closed ticket is never reopened.",
        )),
        tick: None,
    },
    Simple {
        key: "report_unresolved",
        heading: "Tell HFS the resolution was not carried out",
        intro: "The date the MCO gave for resolving the dispute has passed. The ticket stays closed; HFS reviews what you report.",
        text: Some(("message", "What has the MCO not done?")),
        button: "Send to HFS",
        done: "Your follow-up was sent to HFS.",
        secondary: false,
        files: true,
        check: None,
        tick: None,
    },
    Simple {
        key: "close_follow_up",
        heading: "Close the follow-up",
        intro: "Say what HFS found and did. The provider and the MCO see your note.",
        text: Some(("note", "Note to the provider and the MCO")),
        button: "Close the follow-up",
        done: "The follow-up was closed.",
        secondary: false,
        files: true,
        check: None,
        tick: None,
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
    files: false,
    check: None,
    tick: None,
};

/// The steps that answer what a party must do next (its clock, or the ticket's stage): the page
/// shows them first, under the other party's words; the rest come after the dispute's facts.
pub const NEXT_STEPS: [&str; 13] = [
    "present",
    "provide_info",
    "respond",
    "accept",
    "contest",
    "request_review",
    "deliver_information",
    "assign_review",
    "decide",
    "approve_extension",
    "refuse_extension",
    "proceed",
    "close_incomplete",
];

/// Which of the allowed actions a section of the page shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// [`NEXT_STEPS`]: what to do now.
    Next,
    /// Everything else this session may do.
    Others,
}

impl Part {
    fn holds(self, key: &str) -> bool {
        NEXT_STEPS.contains(&key) == (self == Part::Next)
    }
}

/// Whether any allowed action is one of `part`'s.
pub fn any_of(part: Part, allowed: &[String]) -> bool {
    allowed.iter().any(|a| part.holds(a))
}

/// The actions this session may take now (those of `part`), as forms; for [`Part::Others`]
/// "nothing to do" when there are none at all, and nothing for [`Part::Next`].
#[component]
pub fn Actions(
    ctx: Ctx,
    allowed: Vec<String>,
    people: Vec<HfsPerson>,
    part: Part,
) -> impl IntoView {
    let none_at_all = allowed.is_empty();
    let may = |key: &str| part.holds(key) && allowed.iter().any(|a| a == key);
    let mut forms: Vec<AnyView> = Vec::new();
    let keys = rules::tickets::ACTION_KEYS
        .into_iter()
        .chain(rules::workflow::STEP_KEYS);
    for key in keys {
        if !may(key) {
            continue;
        }
        let form = match key {
            "respond" => view! { <RespondForm ctx=ctx /> }.into_any(),
            "close" => view! { <CloseForm ctx=ctx /> }.into_any(),
            "deliver_information" => view! { <review::DeliverForm ctx=ctx /> }.into_any(),
            "decide" => view! { <review::DecideForm ctx=ctx /> }.into_any(),
            "assign_review" => {
                view! { <review::AssignForm ctx=ctx people=people.clone() /> }.into_any()
            }
            "refer_to_sme" => {
                view! { <review::ReferForm ctx=ctx people=people.clone() /> }.into_any()
            }
            "set_present_target" => view! { <review::TargetForm ctx=ctx /> }.into_any(),
            "message" => view! { <SimpleForm ctx=ctx spec=&MESSAGE /> }.into_any(),
            key => match SIMPLE.iter().find(|s| s.key == key) {
                Some(spec) => view! { <SimpleForm ctx=ctx spec=spec /> }.into_any(),
                None => continue,
            },
        };
        forms.push(form);
    }
    if forms.is_empty() {
        if part == Part::Next || !none_at_all {
            return ().into_any();
        }
        return view! {
            <section aria-labelledby="actions-heading" class="mb-10">
                <h2 id="actions-heading" class="text-2xl font-bold mb-2">"What you can do"</h2>
                <p>"There is nothing for you to do on this ticket now."</p>
            </section>
        }
        .into_any();
    }
    let (id, heading) = match part {
        Part::Next => ("next-actions-heading", "What to do now"),
        Part::Others => ("actions-heading", "Other things you can do"),
    };
    view! {
        <section aria-labelledby=id class="mb-10">
            <h2 id=id class="text-2xl font-bold mb-4">{heading}</h2>
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
            <h3 id=heading_id.clone() class="text-xl font-bold mb-2" tabindex="-1">{heading}</h3>
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
        "resolution_plan",
        "resolve_by",
        "contact_name",
        "contact_phone",
        "contact_email",
    ];
    const BY_LABEL: &str = "the date by which the dispute will be resolved";
    let outcome = RwSignal::new(None::<&'static str>);
    let response = RwSignal::new(String::new());
    let plan = RwSignal::new(String::new());
    let by = RwSignal::new(DateParts::default());
    // The contact, prefilled from the MCO user's own account: their name and email (staff
    // accounts hold no phone number). Changed freely before sending.
    let (own_name, own_email) = crate::session::use_session().session.with_untracked(|s| {
        s.as_ref()
            .map(|s| {
                let named = s.display_name.trim() != s.username.trim();
                (
                    if named {
                        s.display_name.clone()
                    } else {
                        String::new()
                    },
                    s.email.clone(),
                )
            })
            .unwrap_or_default()
    });
    let name = RwSignal::new(own_name);
    let phone = RwSignal::new(String::new());
    let email = RwSignal::new(own_email);
    let files = RwSignal::new(Vec::<Attachment>::new());
    let by_id = field_id(KEY, "resolve_by");
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let chosen = match outcome.get_untracked() {
            Some("upheld") => Some(ResponseOutcome::Upheld),
            Some("overturned") => Some(ResponseOutcome::Overturned),
            _ => None,
        };
        // The date as typed: none when its three fields are empty, else read as the server will.
        let parts = by.get_untracked();
        let typed = !(parts.day.trim().is_empty()
            && parts.month.trim().is_empty()
            && parts.year.trim().is_empty());
        let mut problems = Vec::new();
        let resolve_by = if typed {
            match parse_date_parts(&parts, BY_LABEL) {
                Ok(date) => Some(date.to_string()),
                Err(e) => {
                    problems.push(FieldError::new(
                        format!("{}-{}", field_id(KEY, "resolve_by"), e.fields.first()),
                        e.message,
                    ));
                    None
                }
            }
        } else {
            None
        };
        let plan_text = plan.get_untracked();
        let action = TicketAction::Respond {
            outcome: chosen.unwrap_or(ResponseOutcome::Upheld),
            response: response.get_untracked(),
            contact_name: name.get_untracked(),
            contact_phone: phone.get_untracked(),
            contact_email: email.get_untracked(),
            resolution_plan: (!plan_text.trim().is_empty()).then_some(plan_text),
            resolve_by,
            attachment_ids: files.with_untracked(|f| f.iter().map(|a| a.id).collect()),
        };
        if chosen.is_none() || !problems.is_empty() {
            let mut list = Vec::new();
            if chosen.is_none() {
                list.push(FieldError::new(
                    field_id(KEY, "outcome"),
                    "Select whether the MCO upheld or overturned its decision",
                ));
            }
            if let Err(body) = check_action_fields(&action) {
                let ids = ids_of(KEY, FIELDS);
                list.extend(
                    from_body(&body, &pairs(&ids), &field_id(KEY, "submit"))
                        .into_iter()
                        .filter(|e| !(typed && e.field_id.starts_with("respond-resolve-by"))),
                );
            }
            list.extend(problems);
            ctx.banner.set(None);
            ctx.errors.set(list);
            return;
        }
        let outcome_words = match chosen {
            Some(ResponseOutcome::Overturned) => "Overturned",
            _ => "Upheld",
        };
        let resolve_words = match &action {
            TicketAction::Respond {
                resolve_by: Some(on),
                ..
            } => rules::dates::iso_in_words(on),
            _ => String::new(),
        };
        let file_names = files.with_untracked(|f| {
            f.iter()
                .map(|a| a.file_name.clone())
                .collect::<Vec<_>>()
                .join("\n")
        });
        let change = |field: &str| Some(field_id(KEY, field));
        let rows = vec![
            CheckRow::new("Outcome", outcome_words, change("outcome")),
            CheckRow::new(
                "The MCO's written response",
                response.get_untracked(),
                change("response"),
            ),
            CheckRow::new(
                "The plan for resolution",
                plan.get_untracked(),
                change("resolution_plan"),
            ),
            CheckRow::new(
                "Date by which the dispute will be resolved",
                resolve_words,
                change("resolve_by"),
            ),
            CheckRow::new(
                "Files",
                if file_names.is_empty() {
                    "None".to_string()
                } else {
                    file_names
                },
                change("file"),
            ),
            CheckRow::new("Contact name", name.get_untracked(), change("contact_name")),
            CheckRow::new(
                "Contact phone",
                phone.get_untracked(),
                change("contact_phone"),
            ),
            CheckRow::new(
                "Contact email",
                email.get_untracked(),
                change("contact_email"),
            ),
        ];
        ctx.check_first(Check {
            key: KEY,
            heading: "Check your response before you send it",
            rows,
            warning: "The provider is told at once and the response cannot be changed or withdrawn. This cannot be undone.",
            button: "Send the response",
            action,
            fields: FIELDS,
            fallback: field_id(KEY, "submit"),
            done: "The MCO's response was sent to the provider.",
        });
    };
    let text = |field: &str| {
        let id = field_id(KEY, field);
        (id.clone(), message_for(ctx.errors, id))
    };
    let (response_id, response_error) = text("response");
    let (plan_id, plan_error) = text("resolution_plan");
    let (name_id, name_error) = text("contact_name");
    let (phone_id, phone_error) = text("contact_phone");
    let (email_id, email_error) = text("contact_email");
    let by_error = date_error_of(ctx.errors, by_id);
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
        <TextArea
            id=plan_id
            label="The plan for resolution (when one applies)"
            hint="The detailed plan, and below it the date by which the dispute will be resolved. Give both, or neither."
            value=plan
            error=plan_error
            rows=4
        />
        <DateInput
            id="respond-resolve-by"
            caption=""
            legend="Date by which the dispute will be resolved (when a plan applies)"
            hint=""
            parts=by
            error=by_error
            plain_legend=true
        />
        <AttachFiles ctx=ctx files=files key=KEY />
        <p class="font-bold mb-2">"Who the provider can contact about it"</p>
        <p class="mb-4 text-secondary">"Filled in from your account. Change them if someone else is the contact."</p>
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

/// `(wire field, input id)` of a form's fields; a date's input is its month field (the first).
fn ids_of(key: &str, fields: &[&str]) -> Vec<(String, String)> {
    fields
        .iter()
        .map(|f| {
            let id = field_id(key, f);
            let id = if f.ends_with("_by") {
                format!("{id}-month")
            } else {
                id
            };
            (f.to_string(), id)
        })
        .collect()
}

/// The date error of the date input `id` (`{id}-month` etc. in the error summary), all three
/// fields marked.
fn date_error_of(errors: RwSignal<Vec<FieldError>>, id: String) -> Signal<Option<DateError>> {
    Signal::derive(move || {
        errors.with(|list| {
            list.iter()
                .find(|e| e.field_id.starts_with(&id))
                .map(|e| DateError {
                    message: e.message.clone(),
                    fields: DateFields::ALL,
                })
        })
    })
}
