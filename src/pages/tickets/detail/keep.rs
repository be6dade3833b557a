//! Keeping a ticket: its deadlines as a calendar file (one event per pending clock, at 23:59
//! Illinois time with a reminder a day before: `GET /api/tickets/{id}/calendar.ics`), and
//! printing it for the file (the print stylesheet in `style/input.css` leaves out the navigation;
//! the printed page says when it was printed).

use leptos::prelude::*;
use rules::dates::date_time_words;

use crate::api::finding::calendar_href;
use crate::clock::use_clock;

/// The calendar link and the print button, and the print-only line saying when it was printed.
#[component]
pub fn KeepTicket(ticket_id: i64, number: String, has_clocks: bool) -> impl IntoView {
    let clock = use_clock();
    let printed = move || {
        let at = rules::illinois::local_datetime(clock.now());
        format!(
            "Printed from the Provider Resolution Portal on {}.",
            date_time_words(at)
        )
    };
    let calendar = has_clocks.then(|| {
        let href = calendar_href(ticket_id);
        let file_name = format!("{number}.ics");
        view! {
            <li>
                <a href=href download=file_name id="calendar-file">
                    "Add the deadlines to your calendar"
                    <span class="sr-only">{format!(" (a calendar file of ticket {number}'s pending deadlines, for Outlook or Google Calendar)")}</span>
                </a>
            </li>
        }
    });
    view! {
        <ul class="flex flex-wrap gap-x-6 gap-y-2 mb-8 no-print" aria-label="Keep this ticket">
            {calendar}
            <li>
                <button
                    type="button"
                    class="btn btn-secondary mb-0"
                    id="print-ticket"
                    on:click=|_| {
                        let _ = window().print();
                    }
                >
                    "Print this ticket"
                </button>
            </li>
        </ul>
        <p class="print-only mb-4" id="printed-on">{printed}</p>
    }
}
