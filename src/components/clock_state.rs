//! Where one clock of a ticket stands, in words, and the kind of countdown it gets: shared by the
//! deadline calculator and the ticket pages, so a clock reads the same everywhere.

use chrono::NaiveDate;
use rules::countdown::Kind;
use rules::dates::long_date;
use rules::timeline::{ClockKey, ClockState, Deadline};

/// Where a clock stands, in words: "Met on Friday, February 20, 2026", "Missed", "Due by the end of
/// ...". Rights rather than duties (the MCO's information request, the extension) are "Not used"
/// when their time passed, not missed. `submitted_on` is when the ticket was filed, for the filing
/// window's opening.
pub fn state_words(d: &Deadline, submitted_on: Option<NaiveDate>) -> String {
    let due = long_date(d.due_on);
    match (d.key, d.state) {
        (ClockKey::FilingWindowOpens, ClockState::Pending) => {
            format!("Not open yet: opens on {due}")
        }
        (ClockKey::FilingWindowOpens, ClockState::Met) => match submitted_on {
            Some(on) => format!("Met: filed on {}, after the window opened", long_date(on)),
            None => format!("Open since {due}"),
        },
        (ClockKey::FilingWindowOpens, ClockState::Missed) => match submitted_on {
            Some(on) => format!(
                "Missed: filed on {}, before the window opened",
                long_date(on)
            ),
            None => "Missed".to_string(),
        },
        (ClockKey::McoInfoRequest, ClockState::Missed) if d.met_on.is_none() => {
            format!("Not used: the MCO could ask until {due}")
        }
        (ClockKey::ExtensionRequest, ClockState::Missed) if d.met_on.is_none() => {
            format!("Not used: an extension could be asked for until {due}")
        }
        (_, ClockState::Met) => match d.met_on {
            Some(on) => format!("Met on {}", long_date(on)),
            None => "Met".to_string(),
        },
        (_, ClockState::Pending) => format!("Due by the end of {due}"),
        (_, ClockState::Missed) => match d.met_on {
            Some(on) => format!("Missed: done late, on {}", long_date(on)),
            None => "Missed".to_string(),
        },
    }
}

/// The countdown a pending clock gets: to a window's first or last day, or to a due date.
pub fn countdown_kind(key: ClockKey) -> Kind {
    match key {
        ClockKey::FilingWindowOpens => Kind::WindowOpens,
        ClockKey::FilingWindowCloses => Kind::WindowCloses,
        _ => Kind::Deadline,
    }
}

/// Whether a clock is a right a party may use (asking for information, for the extension) rather
/// than something owed: letting its time pass is not a failure.
pub fn is_right(key: ClockKey) -> bool {
    matches!(key, ClockKey::McoInfoRequest | ClockKey::ExtensionRequest)
}
