use chrono::NaiveDate;
use leptos::prelude::*;
use rules::countdown::{announcement, countdown, Kind, Phase};

use crate::clock::{use_calendar, use_clock};

/// The phase as a word, for tests and styling hooks.
fn phase_name(phase: Phase) -> &'static str {
    match phase {
        Phase::Ahead => "ahead",
        Phase::OneBusinessDayLeft => "one-business-day-left",
        Phase::DueToday => "due-today",
        Phase::Past => "past",
    }
}

/// A live countdown to a date, in words first ("12 days 4 hours left", "Due today by 11:59 p.m.
/// Central time", "3 days overdue": `rules::countdown`), colour second. It reads the page's one clock, and tells screen readers
/// only when it crosses a threshold (1 business day left, due today, past), never on every tick.
///
/// - `kind`: a deadline, or a filing window's opening or closing day.
/// - `date`: the due date (counted to 23:59:59 Illinois time) or the window's first day (00:00).
#[component]
pub fn Countdown(kind: Kind, date: NaiveDate) -> impl IntoView {
    let clock = use_clock();
    let calendar = use_calendar();
    let state = Memo::new(move |_| countdown(&calendar, kind, date, clock.now()));
    let phase = Memo::new(move |_| state.with(|s| s.phase));
    let first_phase = phase.get_untracked();
    // Filled only when the phase changes after the page showed it, so nothing is read out on arrival.
    let spoken = move || {
        let now = phase.get();
        if now == first_phase {
            String::new()
        } else {
            announcement(kind, now).unwrap_or_default().to_string()
        }
    };
    let class = move || match phase.get() {
        Phase::Ahead => "inline-block border-l-4 border-brand pl-3 font-bold",
        Phase::OneBusinessDayLeft | Phase::DueToday => {
            "inline-block border-l-4 border-warning pl-3 font-bold text-warning"
        }
        Phase::Past if kind == Kind::WindowOpens => {
            "inline-block border-l-4 border-success pl-3 font-bold text-success"
        }
        Phase::Past => "inline-block border-l-4 border-error pl-3 font-bold text-error",
    };
    view! {
        <span class="countdown">
            <span class=class data-phase=move || phase_name(phase.get())>
                {move || state.with(|s| s.words.clone())}
            </span>
            <span class="sr-only" aria-live="polite" aria-atomic="true">
                {spoken}
            </span>
        </span>
    }
}
