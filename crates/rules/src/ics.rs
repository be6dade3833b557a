//! Calendar files (`GET /api/tickets/{id}/calendar.ics`, `docs/tickets.md`): the text of an
//! iCalendar object (RFC 5545) with one event per pending clock of a ticket.
//!
//! Each event is at the end of its due date, 23:59 Illinois time, in the time zone
//! `America/Chicago` (whose `VTIMEZONE` the file carries, with the United States' daylight-saving
//! rules since 2007), with a reminder a day before. Lines end with CRLF and are folded at 75 octets;
//! text values are escaped. Events hold the ticket's number and whose clock it is, never protected
//! health information. Pure functions, no I/O.

use chrono::{Duration, NaiveDate, NaiveDateTime};

use crate::dates::deadline_words;
use crate::timeline::{ClockKey, Deadline, Owner};

/// The time zone of every event.
pub const TZID: &str = "America/Chicago";

/// `America/Chicago` as RFC 5545 describes a time zone: Central Daylight Time from the second
/// Sunday of March at 2:00 a.m., Central Standard Time from the first Sunday of November at
/// 2:00 a.m. (the Energy Policy Act of 2005, in force since 2007).
const VTIMEZONE: [&str; 17] = [
    "BEGIN:VTIMEZONE",
    "TZID:America/Chicago",
    "BEGIN:DAYLIGHT",
    "TZOFFSETFROM:-0600",
    "TZOFFSETTO:-0500",
    "TZNAME:CDT",
    "DTSTART:20070311T020000",
    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU",
    "END:DAYLIGHT",
    "BEGIN:STANDARD",
    "TZOFFSETFROM:-0500",
    "TZOFFSETTO:-0600",
    "TZNAME:CST",
    "DTSTART:20071104T020000",
    "RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU",
    "END:STANDARD",
    "END:VTIMEZONE",
];

/// One event of a calendar file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CalendarEvent {
    /// Stable across downloads, so that a calendar updates the event instead of adding another.
    pub uid: String,
    pub summary: String,
    pub description: String,
    /// The event is at 23:59 Illinois time on this date.
    pub due_on: NaiveDate,
}

/// The event of one pending clock of ticket `ticket_id` (`number` "PRP-2026-000123"), its UID
/// `<ticket id>-<clock key>@<host>`.
pub fn clock_event(ticket_id: i64, number: &str, deadline: &Deadline, host: &str) -> CalendarEvent {
    let what = clock_words(deadline.key, deadline.owed_by);
    CalendarEvent {
        uid: format!("{ticket_id}-{}@{host}", deadline.key.as_str()),
        summary: format!("{number}: {what}"),
        description: format!(
            "Ticket {number} in the Provider Resolution Portal: {what} by {}. Sign in to the \
             portal to see the ticket.",
            deadline_words(deadline.due_on)
        ),
        due_on: deadline.due_on,
    }
}

/// Whose clock it is and what it asks, in words ("the MCO must respond").
pub fn clock_words(key: ClockKey, owner: Owner) -> String {
    let who = match owner {
        Owner::Provider => "the provider",
        Owner::Mco => "the MCO",
        Owner::Hfs => "HFS",
        Owner::McoOrProvider => "the MCO or the provider",
        Owner::McoAndProvider => "the MCO and the provider",
    };
    let what = match key {
        ClockKey::FilingWindowOpens => "can file from today",
        ClockKey::FilingWindowCloses => "must file",
        ClockKey::PresentToMco => "must present the ticket to the MCO",
        ClockKey::McoInfoRequest => "can ask for more information until today",
        ClockKey::ProviderInfoResponse => "must answer the MCO's request",
        ClockKey::ExtensionRequest => "can ask HFS for the one extension until today",
        ClockKey::McoResponse => "must respond",
        ClockKey::ProviderDecision => "must accept or contest the MCO's response",
        ClockKey::HfsReviewRequest => "can ask HFS to review until today",
        ClockKey::InformationDelivery => "must send HFS their information",
        ClockKey::HfsDecision => "must decide",
        ClockKey::RegistrationReview => "must review the registration",
    };
    format!("{who} {what}")
}

/// The whole file: `name` (the calendar's display name), the events, `stamp` (now, UTC) as each
/// event's `DTSTAMP`.
pub fn calendar_file(name: &str, events: &[CalendarEvent], stamp: NaiveDateTime) -> String {
    let mut lines: Vec<String> = vec![
        "BEGIN:VCALENDAR".into(),
        "VERSION:2.0".into(),
        "PRODID:-//Illinois HFS//Provider Resolution Portal//EN".into(),
        "CALSCALE:GREGORIAN".into(),
        "METHOD:PUBLISH".into(),
        format!("X-WR-CALNAME:{}", escape_text(name)),
        format!("X-WR-TIMEZONE:{TZID}"),
    ];
    lines.extend(VTIMEZONE.iter().map(|l| (*l).to_owned()));
    let stamp = stamp.format("%Y%m%dT%H%M%SZ").to_string();
    for event in events {
        let start = event.due_on.and_hms_opt(23, 59, 0).unwrap_or_default();
        let end = start + Duration::minutes(1);
        lines.extend([
            "BEGIN:VEVENT".into(),
            format!("UID:{}", escape_text(&event.uid)),
            format!("DTSTAMP:{stamp}"),
            format!("DTSTART;TZID={TZID}:{}", start.format("%Y%m%dT%H%M%S")),
            format!("DTEND;TZID={TZID}:{}", end.format("%Y%m%dT%H%M%S")),
            format!("SUMMARY:{}", escape_text(&event.summary)),
            format!("DESCRIPTION:{}", escape_text(&event.description)),
            "TRANSP:TRANSPARENT".into(),
            "BEGIN:VALARM".into(),
            "ACTION:DISPLAY".into(),
            format!("DESCRIPTION:{}", escape_text(&event.summary)),
            "TRIGGER:-P1D".into(),
            "END:VALARM".into(),
            "END:VEVENT".into(),
        ]);
    }
    lines.push("END:VCALENDAR".into());
    lines.iter().map(|l| fold_line(l)).collect()
}

/// A TEXT value as RFC 5545 writes it: backslash, semicolon and comma escaped, line breaks as `\n`.
pub fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// One content line, folded so that no line is longer than 75 octets (a fold is CRLF and a
/// space, never inside a UTF-8 character), ended by CRLF.
pub fn fold_line(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    let mut octets = 0;
    for c in line.chars() {
        let len = c.len_utf8();
        if octets + len > 75 {
            out.push_str("\r\n ");
            // The space that starts a continuation line counts.
            octets = 1;
        }
        out.push(c);
        octets += len;
    }
    out.push_str("\r\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::timeline::ClockState;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(escape_text("a,b;c\\d\ne"), "a\\,b\\;c\\\\d\\ne");
    }

    #[test]
    fn long_lines_fold_at_75_octets_without_cutting_a_character() {
        let line = format!("SUMMARY:{}", "é".repeat(60));
        let folded = fold_line(&line);
        assert!(folded.ends_with("\r\n"));
        for part in folded.trim_end_matches("\r\n").split("\r\n") {
            assert!(part.len() <= 75, "{} octets", part.len());
        }
        assert_eq!(folded.replace("\r\n ", "").trim_end(), line);
        assert_eq!(fold_line("SHORT:1"), "SHORT:1\r\n");
    }

    #[test]
    fn a_file_has_the_time_zone_the_events_and_crlf_only() {
        let deadline = Deadline {
            key: ClockKey::McoResponse,
            owed_by: Owner::Mco,
            due_on: date(2026, 11, 2),
            state: ClockState::Pending,
            met_on: None,
        };
        let event = clock_event(123, "PRP-2026-000123", &deadline, "portal.example");
        assert_eq!(event.uid, "123-mco_response@portal.example");
        assert_eq!(event.summary, "PRP-2026-000123: the MCO must respond");
        assert_eq!(
            event.description,
            "Ticket PRP-2026-000123 in the Provider Resolution Portal: the MCO must respond by 11:59 \
             p.m. Central time on Monday, November 2, 2026. Sign in to the portal to see the ticket."
        );
        let file = calendar_file(
            "PRP-2026-000123",
            &[event],
            date(2026, 10, 1).and_hms_opt(12, 0, 0).unwrap(),
        );
        assert!(file.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"));
        assert!(file.ends_with("END:VCALENDAR\r\n"));
        assert_eq!(file.matches('\n').count(), file.matches("\r\n").count());
        assert!(file.contains("TZID:America/Chicago\r\n"));
        assert!(file.contains("DTSTART;TZID=America/Chicago:20261102T235900\r\n"));
        assert!(file.contains("DTEND;TZID=America/Chicago:20261103T000000\r\n"));
        assert!(file.contains("TRIGGER:-P1D\r\n"));
        assert!(file.contains("DTSTAMP:20261001T120000Z\r\n"));
        for line in file.split("\r\n") {
            assert!(line.len() <= 75);
        }
    }
}
