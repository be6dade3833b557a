//! What the three queues share: the filters kept in the address (status, MCO, facility, "overdue
//! only", the sort and the page: never protected health information) and the filter form, over
//! the paging of `GET /api/tickets` (the server filters and sorts, so each page is right). The
//! count and the pages are the shared `components::pager`.

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::params::ParamsMap;
use rules::timeline::Status;
use rules::wire::accounts::Mco;

use crate::api::tickets::{ticket_facilities, TicketFilters, QUEUE_PAGE};
use crate::components::Loading;

/// The filters of a queue as its address has them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct QueueQuery {
    /// A status key (`with_mco`, ...) or empty for every status.
    pub status: String,
    pub mco_id: Option<i64>,
    pub facility_id: Option<i64>,
    pub overdue: bool,
    /// `newest`, or empty for the next deadline first.
    pub sort: String,
    /// From 1.
    pub page: usize,
}

impl QueueQuery {
    /// Reads the address's query; unknown or malformed values are left out (the list shows all).
    pub fn of(q: &ParamsMap, statuses: &[Status]) -> QueueQuery {
        let id = |key: &str| q.get(key).and_then(|v| v.trim().parse::<i64>().ok());
        QueueQuery {
            status: q
                .get("status")
                .filter(|s| statuses.iter().any(|st| st.key() == s))
                .unwrap_or_default(),
            mco_id: id("mco_id"),
            facility_id: id("facility_id"),
            overdue: q.get("overdue").as_deref() == Some("true"),
            sort: if q.get("sort").as_deref() == Some("newest") {
                "newest".into()
            } else {
                String::new()
            },
            page: crate::components::pager::page_of(q),
        }
    }

    /// Whether a filter (not the sort, not the page) is set.
    pub fn is_filtered(&self) -> bool {
        !self.status.is_empty()
            || self.mco_id.is_some()
            || self.facility_id.is_some()
            || self.overdue
    }

    /// The query of `GET /api/tickets` for these filters and the search `q`.
    pub fn filters(&self, q: &str) -> TicketFilters {
        TicketFilters {
            status: (!self.status.is_empty()).then(|| self.status.clone()),
            mco_id: self.mco_id,
            facility_id: self.facility_id,
            overdue: self.overdue,
            follow_up: false,
            sort: Some(if self.sort == "newest" {
                "newest".into()
            } else {
                "deadline".into()
            }),
            q: Some(q.trim().to_owned()).filter(|q| !q.is_empty()),
        }
    }

    /// The address of the queue at `path` with these filters, the search `q` and page `page`.
    pub fn href(&self, path: &str, q: &str, page: usize) -> String {
        let mut parts = Vec::new();
        if !self.status.is_empty() {
            parts.push(format!("status={}", self.status));
        }
        if let Some(id) = self.mco_id {
            parts.push(format!("mco_id={id}"));
        }
        if let Some(id) = self.facility_id {
            parts.push(format!("facility_id={id}"));
        }
        if self.overdue {
            parts.push("overdue=true".into());
        }
        if !self.sort.is_empty() {
            parts.push(format!("sort={}", self.sort));
        }
        if !q.trim().is_empty() {
            let q: String = js_sys::encode_uri_component(q.trim()).into();
            parts.push(format!("q={q}"));
        }
        crate::components::pager::with_page(path, parts, page)
    }

    /// The offset of the page's first ticket.
    pub fn offset(&self) -> usize {
        crate::components::pager::offset_of(self.page, QUEUE_PAGE)
    }
}

/// The queue's filters from the address, kept up to date as it changes.
pub fn use_queue_query(statuses: &'static [Status]) -> Memo<QueueQuery> {
    let query = use_query_map();
    Memo::new(move |_| QueueQuery::of(&query.read(), statuses))
}

/// What a queue's list asks the server for: the filters of `GET /api/tickets` (with the search)
/// and the address's filters and page, in **one** memo, which the list's resource reads alone.
///
/// A resource that read two memos derived from the address (the filters, then the page) missed
/// a change of the page alone: checking the first memo (unchanged) recomputed the address's memo
/// and used up its change, so the resource saw nothing new and "Next" showed the old page
/// (reactive_graph 0.2's async nodes do not look again after such a check; a memo does). One
/// source, which changes whenever the filters or the page do, cannot be missed.
pub fn use_queue_request(
    query: Memo<QueueQuery>,
    search: Memo<String>,
) -> Memo<(TicketFilters, QueueQuery)> {
    Memo::new(move |_| {
        let asked = query.get();
        (asked.filters(&search.get()), asked)
    })
}

/// An MCO's name for a table: its short name when HFS has set one ("Aetna"), else its name.
pub fn mco_short(mco: &Mco) -> String {
    if mco.short_name.trim().is_empty() {
        mco.name.clone()
    } else {
        mco.short_name.clone()
    }
}

/// A select box of the filter form, GOV.UK style: label above, the current choice kept.
#[component]
fn Select(
    id: &'static str,
    label: &'static str,
    value: RwSignal<String>,
    #[prop(into)] options: Signal<Vec<(String, String)>>,
) -> impl IntoView {
    view! {
        <div class="mb-4 md:mb-0 max-w-full">
            <label for=id class="block font-bold mb-1">{label}</label>
            <select
                id=id
                name=id
                class="input max-w-full"
                prop:value=move || value.get()
                on:change=move |ev| value.set(event_target_value(&ev))
            >
                {move || {
                    options
                        .get()
                        .into_iter()
                        .map(|(v, words)| {
                            let selected = value.get_untracked() == v;
                            view! { <option value=v selected=selected>{words}</option> }
                        })
                        .collect_view()
                }}
            </select>
        </div>
    }
}

/// The filter form of a queue: status (from `statuses`; none when empty), MCO (unless
/// `mcos` is `None`: an MCO's own queue), facility, "Overdue only" and, when `sort` is set, the
/// order. "Apply" puts them in the address (page 1), keeping the search.
#[component]
pub fn QueueFilters(
    /// The queue's own path.
    path: &'static str,
    query: Memo<QueueQuery>,
    search: Memo<String>,
    statuses: &'static [Status],
    /// Whether to filter by MCO (not on an MCO's own queue).
    #[prop(optional)]
    mco_filter: bool,
    #[prop(optional)] sort: bool,
    /// What the form is called ("Filter your tickets").
    label: &'static str,
) -> impl IntoView {
    let navigate = use_navigate();
    let start = query.get_untracked();
    let status = RwSignal::new(start.status.clone());
    let mco = RwSignal::new(start.mco_id.map(|i| i.to_string()).unwrap_or_default());
    let facility = RwSignal::new(start.facility_id.map(|i| i.to_string()).unwrap_or_default());
    let overdue = RwSignal::new(start.overdue);
    let order = RwSignal::new(if start.sort.is_empty() {
        "deadline".to_string()
    } else {
        start.sort.clone()
    });
    // Back and forward change the address: the form follows it.
    Effect::new(move |_| {
        let q = query.get();
        status.set(q.status.clone());
        mco.set(q.mco_id.map(|i| i.to_string()).unwrap_or_default());
        facility.set(q.facility_id.map(|i| i.to_string()).unwrap_or_default());
        overdue.set(q.overdue);
        order.set(if q.sort.is_empty() {
            "deadline".into()
        } else {
            q.sort.clone()
        });
    });
    let facilities = LocalResource::new(ticket_facilities);
    let mcos = LocalResource::new(move || async move {
        if mco_filter {
            crate::api::admin::mcos().await
        } else {
            Ok(Vec::new())
        }
    });
    // The form shows once its choices have arrived: a select opened from an address with
    // `facility_id` (or `mco_id`) then shows that choice from the start, never an empty box
    // while the options are on their way.
    let ready = move || facilities.with(Option::is_some) && mcos.with(Option::is_some);
    let status_options = Signal::derive(move || {
        let mut options = vec![(String::new(), "All statuses".to_string())];
        options.extend(
            statuses
                .iter()
                .map(|s| (s.key().to_string(), s.label().to_string())),
        );
        options
    });
    let mco_options = mco_filter.then(|| {
        Signal::derive(move || {
            let mut options = vec![(String::new(), "All MCOs".to_string())];
            if let Some(Ok(list)) = mcos.get() {
                options.extend(list.into_iter().map(|m| (m.id.to_string(), mco_short(&m))));
            }
            options
        })
    });
    let facility_options = Signal::derive(move || {
        let mut options = vec![(String::new(), "All facilities".to_string())];
        if let Some(Ok(list)) = facilities.get() {
            options.extend(list.into_iter().map(|f| (f.id.to_string(), f.name)));
        }
        options
    });
    let sort_options = Signal::derive(|| {
        vec![
            ("deadline".to_string(), "Next deadline first".to_string()),
            ("newest".to_string(), "Newest first".to_string()),
        ]
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let chosen = QueueQuery {
            status: status.get_untracked(),
            mco_id: mco.get_untracked().parse().ok(),
            facility_id: facility.get_untracked().parse().ok(),
            overdue: overdue.get_untracked(),
            sort: if order.get_untracked() == "newest" {
                "newest".into()
            } else {
                String::new()
            },
            page: 1,
        };
        navigate(
            &chosen.href(path, &search.get_untracked(), 1),
            Default::default(),
        );
    };
    let clear = move || {
        let q = QueueQuery {
            sort: query.with(|q| q.sort.clone()),
            page: 1,
            ..QueueQuery::default()
        };
        q.href(path, &search.get(), 1)
    };
    view! {
        <form
            method="get"
            action=path
            novalidate
            on:submit=on_submit
            class="bg-panel p-4 mb-6 mt-2 no-print"
            aria-label=label
            id="queue-filters"
        >
            {move || {
                if !ready() {
                    return view! { <Loading /> }.into_any();
                }
                view! {
            <div class="md:flex md:flex-wrap md:items-end md:gap-x-6 md:gap-y-4">
                {(!statuses.is_empty())
                    .then(|| view! { <Select id="status" label="Status" value=status options=status_options /> })}
                {mco_options.map(|options| view! { <Select id="mco_id" label="MCO" value=mco options=options /> })}
                <Select id="facility_id" label="Facility" value=facility options=facility_options />
                {sort.then(|| view! { <Select id="sort" label="Sort by" value=order options=sort_options /> })}
                <div class="mb-4 md:mb-2 flex items-center gap-2">
                    <input
                        type="checkbox"
                        id="overdue"
                        name="overdue"
                        value="true"
                        class="w-6 h-6"
                        prop:checked=move || overdue.get()
                        on:change=move |ev| overdue.set(event_target_checked(&ev))
                    />
                    <label for="overdue" class="font-bold">"Overdue only"</label>
                </div>
                <button type="submit" class="btn btn-secondary mb-0">"Apply filters"</button>
            </div>
                }
                .into_any()
            }}
            <Show when=move || query.with(QueueQuery::is_filtered)>
                <p class="mt-4 mb-0"><a href=clear id="clear-filters">"Clear the filters"</a></p>
            </Show>
        </form>
    }
}
