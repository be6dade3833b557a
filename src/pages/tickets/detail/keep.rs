//! Keeping a ticket: its deadlines as a calendar file (one event per pending clock, at 23:59
//! Illinois time with a reminder a day before: `GET /api/tickets/{id}/calendar.ics`), and
//! printing it for the file (the print stylesheet in `style/input.css` leaves out the navigation;
//! the printed page says when it was printed).

use chrono::Timelike;
use leptos::prelude::*;
use rules::dates::long_date;

use crate::api::finding::calendar_href;
use crate::clock::use_clock;

/// "2:05 p.m." of an Illinois time.
fn time_words(at: chrono::NaiveDateTime) -> String {
    let (pm, hour) = at.hour12();
    format!(
        "{hour}:{:02} {}",
        at.minute(),
        if pm { "p.m." } else { "a.m." }
    )
}

/// The calendar link and the print button, and the print-only line saying when it was printed.
#[component]
pub fn KeepTicket(ticket_id: i64, number: String, has_clocks: bool) -> impl IntoView {
    let clock = use_clock();
    let printed = move || {
        let at = rules::illinois::local_datetime(clock.now());
        format!(
            "Printed from the Provider Resolution Portal on {} at {} Central time.",
            long_date(at.date()),
            time_words(at)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_read_as_people_write_them() {
        let at = chrono::NaiveDate::from_ymd_opt(2026, 12, 4)
            .unwrap()
            .and_hms_opt(14, 5, 0)
            .unwrap();
        assert_eq!(time_words(at), "2:05 p.m.");
        assert_eq!(time_words(at.with_hour(0).unwrap()), "12:05 a.m.");
    }
}
