//! `/hfs/sanctions` (HFS, `docs/reporting.md`): the draft Portal Sanction Payment Notices the
//! portal made after each quarter, soonest due first (overdue ones say so); a fine waived with a
//! reason; a draft issued (emailed to the MCO and published); the notices issued; and the payment
//! details and period (HFS administrators change them).

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_query_map;
use rules::dates::iso_in_words;
use rules::money::dollars;
use rules::sanctions::Quarter;
use rules::wire::accounts::Role;
use rules::wire::sanctions::{NoticeStatus, SanctionNotice, SanctionSettings};

use crate::api::statistics::{hfs_notices, issue, save_settings, settings, waive};
use crate::api::{ApiError, Page};
use crate::components::pager::{
    offset_of, page_href, use_page_request, PageCount, Pages, LIST_PAGE,
};
use crate::components::{
    ErrorSummary, FieldError, LoadProblem, Loading, RequireRole, SuccessBanner, TextArea, TextField,
};
use crate::page::use_title;
use crate::session::use_session;

const HFS: &[Role] = &[Role::HfsStaff, Role::HfsAdmin];

const SANCTIONS_PATH: &str = "/hfs/sanctions";

fn period_words(quarter: &str) -> String {
    Quarter::parse(quarter).map_or_else(|| quarter.to_owned(), Quarter::in_words)
}

/// The 422's messages as the error summary shows them, each on the field `id_of(field)`.
fn field_errors(error: &ApiError, id_of: impl Fn(&str) -> String) -> Vec<FieldError> {
    match error {
        ApiError::Invalid(body) => body
            .errors
            .iter()
            .flat_map(|(field, messages)| {
                messages
                    .iter()
                    .map(|m| FieldError::new(id_of(field), m.clone()))
                    .collect::<Vec<_>>()
            })
            .collect(),
        other => vec![FieldError::new("sanctions-heading", other.message())],
    }
}

fn error_for(errors: RwSignal<Vec<FieldError>>, id: String) -> Signal<Option<String>> {
    Signal::derive(move || {
        errors.with(|e| {
            e.iter()
                .find(|e| e.field_id == id)
                .map(|e| e.message.clone())
        })
    })
}

#[component]
pub fn HfsSanctions() -> impl IntoView {
    view! {
        <RequireRole roles=HFS>
            <SanctionsPage />
        </RequireRole>
    }
}

#[component]
fn SanctionsPage() -> impl IntoView {
    let errors = RwSignal::new(Vec::<FieldError>::new());
    use_title(
        || "Sanction notices to review".into(),
        move || errors.with(|e| !e.is_empty()),
    );
    let banner = RwSignal::new(None::<String>);
    let notices = RwSignal::new(None::<Loaded>);
    // The page of the address (`components::pager`): loaded at first and whenever it changes.
    let query = use_query_map();
    let asked = use_page_request(|| ());
    Effect::new(move |_| {
        let ((), page) = asked.get();
        load(notices, page);
    });
    let ctx = Actions {
        errors,
        banner,
        notices,
        asked,
    };

    view! {
        <ErrorSummary errors=errors />
        <SuccessBanner message=banner />
        <span class="block text-xl text-secondary mb-1">"HFS review"</span>
        <h1 id="sanctions-heading" tabindex="-1" class="text-4xl font-bold mb-6">"Sanction notices to review"</h1>
        <p class="mb-8">
            "After each quarter the portal drafts a Portal Sanction Payment Notice for every MCO fined in it. Check the fines, waive any that should not be charged (say why: it is written to the audit log), then issue the notice. Issuing emails it to the MCO and publishes it on the "
            <a href="/sanctions">"public Sanctions page"</a>
            ". A notice must be issued no later than the last day of the month after the quarter."
        </p>
        {move || match notices.get() {
            None => view! { <Loading /> }.into_any(),
            Some(Err(e)) => view! { <LoadProblem message=e.message() /> }.into_any(),
            Some(Ok((page, list))) => {
                let total = list.total;
                let shown = list.items.len();
                let list = list.items;
                let drafts: Vec<SanctionNotice> =
                    list.iter().filter(|n| n.status == NoticeStatus::Draft).cloned().collect();
                let done: Vec<SanctionNotice> =
                    list.into_iter().filter(|n| n.status != NoticeStatus::Draft).collect();
                view! {
                    <h2 class="text-3xl font-bold mb-4">"Drafts"</h2>
                    {if drafts.is_empty() {
                        view! { <p class="text-xl mb-8" id="drafts-empty">"There is no draft to review."</p> }.into_any()
                    } else {
                        drafts
                            .into_iter()
                            .map(|n| view! { <Draft notice=n ctx=ctx /> })
                            .collect_view()
                            .into_any()
                    }}
                    <Done list=done />
                    <PageCount id="notices-count" offset=offset_of(page, LIST_PAGE) shown=shown total=total noun="notice" nouns="notices" />
                    <Pages
                        total=total
                        per_page=LIST_PAGE
                        current=page
                        href=move |n| query.with_untracked(|q| page_href(SANCTIONS_PATH, q, n))
                        label="Pages of sanction notices"
                    />
                }
                .into_any()
            }
        }}
        <Settings errors=errors banner=banner />
    }
}

/// What the actions change: the errors, the banner, the list (reloaded after each).
#[derive(Clone, Copy)]
struct Actions {
    errors: RwSignal<Vec<FieldError>>,
    banner: RwSignal<Option<String>>,
    notices: RwSignal<Option<Loaded>>,
    asked: Memo<((), usize)>,
}

/// A page of notices (drafts first) as loaded, with its number.
type Loaded = Result<(usize, Page<SanctionNotice>), ApiError>;

/// Loads page `page` (from 1) of the notices into `notices`.
fn load(notices: RwSignal<Option<Loaded>>, page: usize) {
    spawn_local(async move {
        let list = hfs_notices(LIST_PAGE, offset_of(page, LIST_PAGE)).await;
        notices.set(Some(list.map(|list| (page, list))));
    });
}

impl Actions {
    fn done(self, message: String) {
        self.errors.set(Vec::new());
        self.banner.set(Some(message));
        load(self.notices, self.asked.get_untracked().1);
    }
}

#[component]
fn Draft(notice: SanctionNotice, ctx: Actions) -> impl IntoView {
    let id = notice.id;
    let heading_id = format!("draft-{id}");
    let labelled_by = heading_id.clone();
    let title = format!("{}: {}", notice.mco, period_words(&notice.quarter));
    let due = iso_in_words(&notice.notice_due_on);
    let standing = if notice.overdue {
        format!("Overdue: it had to be issued by {due}")
    } else {
        format!("Issue it by {due}")
    };
    let overdue = notice.overdue;
    let mco = notice.mco.clone();
    let quarter = notice.quarter.clone();
    let issue_now = move |_| {
        let mco = mco.clone();
        let quarter = quarter.clone();
        spawn_local(async move {
            match issue(id).await {
                Ok(_) => ctx.done(format!(
                    "Issued: the notice to {mco} for {quarter} was emailed and published"
                )),
                Err(e) => ctx.errors.set(field_errors(&e, |_| format!("issue-{id}"))),
            }
        });
    };
    view! {
        <section aria-labelledby=labelled_by class="border-l-8 border-link pl-4 mb-10" id=format!("notice-{id}")>
            <h3 id=heading_id class="text-2xl font-bold mb-2">{title}</h3>
            <p class=if overdue { "font-bold text-error mb-2" } else { "mb-2" }>{standing}</p>
            <p class="mb-4">
                {format!("Total if issued today: {}. Payment due {}.", dollars(notice.total_cents), iso_in_words(&notice.payment_due_on))}
            </p>
            <div class="overflow-x-auto mb-4" tabindex="0" role="region" aria-label="Table (scrolls sideways in a narrow window)">
                <table class="w-full text-left border-collapse text-base">
                    <caption class="text-left font-bold mb-2">{format!("Fines on notice {id}")}</caption>
                    <thead>
                        <tr class="border-b-2 border-ink">
                            <th scope="col" class="py-2 pr-3">"Ticket"</th>
                            <th scope="col" class="py-2 pr-3">"Response due"</th>
                            <th scope="col" class="py-2 pr-3">"Fined on"</th>
                            <th scope="col" class="py-2 pr-3 text-right">"Amount"</th>
                            <th scope="col" class="py-2">"Waived"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {notice
                            .fines
                            .iter()
                            .map(|f| view! {
                                <tr class="border-b border-border align-top">
                                    <th scope="row" class="py-2 pr-3 font-normal whitespace-nowrap">{f.ticket_number.clone()}</th>
                                    <td class="py-2 pr-3">{iso_in_words(&f.due_on)}</td>
                                    <td class="py-2 pr-3">{iso_in_words(&f.fined_on)}</td>
                                    <td class="py-2 pr-3 text-right whitespace-nowrap">{dollars(f.amount_cents)}</td>
                                    <td class="py-2">{f.waived_reason.clone().map_or_else(|| "No".to_owned(), |r| format!("Yes: {r}"))}</td>
                                </tr>
                            })
                            .collect_view()}
                    </tbody>
                </table>
            </div>
            {notice
                .fines
                .iter()
                .filter(|f| f.waived_reason.is_none())
                .map(|f| view! { <WaiveForm notice_id=id fine_id=f.fine_id ticket=f.ticket_number.clone() ctx=ctx /> })
                .collect_view()}
            <button type="button" id=format!("issue-{id}") class="btn" on:click=issue_now>
                {format!("Issue notice {id} to {}", notice.mco)}
            </button>
        </section>
    }
}

#[component]
fn WaiveForm(notice_id: i64, fine_id: i64, ticket: String, ctx: Actions) -> impl IntoView {
    let reason = RwSignal::new(String::new());
    let field = format!("reason-{fine_id}");
    let error = error_for(ctx.errors, field.clone());
    let ticket_for_message = ticket.clone();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let ticket = ticket_for_message.clone();
        let field = format!("reason-{fine_id}");
        let checked = match rules::sanctions::check_waive_reason(&reason.get_untracked()) {
            Ok(checked) => checked,
            Err(message) => {
                ctx.errors.set(vec![FieldError::new(field, message)]);
                return;
            }
        };
        spawn_local(async move {
            match waive(notice_id, fine_id, checked).await {
                Ok(_) => ctx.done(format!("Waived: the fine on ticket {ticket}")),
                Err(e) => ctx.errors.set(field_errors(&e, |_| field.clone())),
            }
        });
    };
    view! {
        <details class="mb-4">
            <summary class="text-link underline cursor-pointer">{format!("Waive the fine on ticket {ticket}")}</summary>
            <form class="mt-3" on:submit=submit>
                <TextArea id=field label=format!("Why is the fine on ticket {ticket} waived?") hint="It is written to the audit log." value=reason error=error rows=3 />
                <button type="submit" class="btn btn-secondary">{format!("Waive the fine on ticket {ticket}")}</button>
            </form>
        </details>
    }
}

#[component]
fn Done(list: Vec<SanctionNotice>) -> impl IntoView {
    view! {
        <h2 class="text-3xl font-bold mb-4">"Issued and withdrawn"</h2>
        {if list.is_empty() {
            view! { <p class="mb-10">"No notice has been issued yet."</p> }.into_any()
        } else {
            view! {
                <ul class="list-disc pl-6 space-y-2 mb-10" id="notices-done">
                    {list
                        .into_iter()
                        .map(|n| {
                            let words = format!("{}: {}", n.mco, period_words(&n.quarter));
                            match n.status {
                                NoticeStatus::Issued => view! {
                                    <li>
                                        <a href=format!("/sanctions/{}", n.id)>{words}</a>
                                        {format!(", issued {}, {}", n.issued_on.as_deref().map(iso_in_words).unwrap_or_default(), dollars(n.total_cents))}
                                    </li>
                                }
                                .into_any(),
                                _ => view! { <li>{format!("{words}: withdrawn, every fine was waived")}</li> }.into_any(),
                            }
                        })
                        .collect_view()}
                </ul>
            }
            .into_any()
        }}
    }
}

/// The payment details and period: a form for administrators, the values for
/// HFS staff.
#[component]
fn Settings(errors: RwSignal<Vec<FieldError>>, banner: RwSignal<Option<String>>) -> impl IntoView {
    let session = use_session();
    let admin = Memo::new(move |_| {
        session
            .session
            .with(|s| s.as_ref().is_some_and(|s| s.role == Role::HfsAdmin))
    });
    let address = RwSignal::new(String::new());
    let bureau = RwSignal::new(String::new());
    let days = RwSignal::new(String::new());
    let loaded = RwSignal::new(None::<Result<SanctionSettings, ApiError>>);
    spawn_local(async move {
        let answer = settings().await;
        if let Ok(s) = &answer {
            address.set(s.payment_address.clone());
            bureau.set(s.payment_bureau.clone());
            days.set(s.payment_days.to_string());
        }
        loaded.set(Some(answer));
    });
    let id_of = |field: &str| format!("settings-{}", field.replace('_', "-"));
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Ok(payment_days) = days.get_untracked().trim().parse::<u32>() else {
            errors.set(vec![FieldError::new(
                "settings-payment-days",
                "Enter the payment period as a number of days, like 30",
            )]);
            return;
        };
        let wanted = SanctionSettings {
            payment_address: address.get_untracked(),
            payment_bureau: bureau.get_untracked(),
            payment_days,
        };
        spawn_local(async move {
            match save_settings(wanted).await {
                Ok(saved) => {
                    address.set(saved.payment_address);
                    errors.set(Vec::new());
                    banner.set(Some("Saved: the payment details and period".to_owned()));
                }
                Err(e) => errors.set(field_errors(&e, id_of)),
            }
        });
    };
    view! {
        <h2 class="text-3xl font-bold mb-4" id="settings-heading">"Payment details and period"</h2>
        {move || match loaded.get() {
            None => view! { <Loading /> }.into_any(),
            Some(Err(e)) => view! { <LoadProblem message=e.message() /> }.into_any(),
            Some(Ok(_)) if !admin.get() => view! {
                <dl class="grid grid-cols-1 sm:grid-cols-3 gap-x-4 gap-y-2 mb-4" id="settings-values">
                    <dt class="font-bold">"Send payments to"</dt>
                    <dd class="sm:col-span-2 whitespace-pre-line">{address.get()}</dd>
                    <dt class="font-bold">"HFS bureau"</dt><dd class="sm:col-span-2">{bureau.get()}</dd>
                    <dt class="font-bold">"Payment period"</dt><dd class="sm:col-span-2">{format!("{} calendar days after the notice is issued", days.get())}</dd>
                </dl>
                <p class="text-secondary">"HFS administrators change these."</p>
            }
            .into_any(),
            Some(Ok(_)) => view! {
                <form on:submit=save id="settings-form">
                    <TextArea id="settings-payment-address" label="Address payments are sent to" value=address error=error_for(errors, "settings-payment-address".into()) rows=4 />
                    <TextField id="settings-payment-bureau" label="HFS bureau that processes payments" value=bureau error=error_for(errors, "settings-payment-bureau".into()) width="w-full md:w-2/3" />
                    <TextField id="settings-payment-days" label="Payment period, in calendar days after the notice is issued" hint="A date on a weekend or State holiday moves to the next business day." value=days error=error_for(errors, "settings-payment-days".into()) inputmode="numeric" width="w-24" />
                    <button type="submit" class="btn">"Save payment details"</button>
                </form>
            }
            .into_any(),
        }}
    }
}
