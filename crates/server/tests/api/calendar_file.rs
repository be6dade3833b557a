//! `GET /api/tickets/{id}/calendar.ics`: read by a real iCalendar parser (`icalendar`'s), the
//! events at 23:59 Illinois time on each pending clock's due date, with the offsets of the file's
//! own `VTIMEZONE` equal to the time zone database's, across a daylight-saving change.

use chrono::{Datelike, NaiveDate, NaiveDateTime, Offset, TimeZone, Weekday};
use chrono_tz::America::Chicago;
use icalendar::parser::{read_calendar, unfold, Component};

use crate::helpers::tickets::{provider, submit_ticket, ticket_id, AETNA};
use crate::helpers::{spawn_app, RIN};

fn prop<'a>(c: &'a Component<'a>, name: &str) -> Option<&'a str> {
    c.properties
        .iter()
        .find(|p| p.name.as_str() == name)
        .map(|p| p.val.as_str())
}

fn child<'a>(c: &'a Component<'a>, name: &str) -> Vec<&'a Component<'a>> {
    c.components
        .iter()
        .filter(|c| c.name.as_str() == name)
        .collect()
}

/// The `n`th `weekday` of `month` in `year`.
fn nth_weekday(year: i32, month: u32, n: u8, weekday: Weekday) -> NaiveDate {
    NaiveDate::from_weekday_of_month_opt(year, month, weekday, n).unwrap()
}

/// The UTC offset (seconds) the file's VTIMEZONE gives local time `at`: its DAYLIGHT and STANDARD
/// rules (`FREQ=YEARLY;BYMONTH=m;BYDAY=nSU` from a `DTSTART` at 02:00) read here.
fn offset_of(vtimezone: &Component, at: NaiveDateTime) -> i32 {
    let onset = |part: &Component| {
        let rrule = prop(part, "RRULE").unwrap();
        let field = |key: &str| {
            rrule
                .split(';')
                .find_map(|kv| kv.strip_prefix(&format!("{key}=")))
                .unwrap()
                .to_owned()
        };
        assert_eq!(field("FREQ"), "YEARLY");
        let month: u32 = field("BYMONTH").parse().unwrap();
        let byday = field("BYDAY");
        assert!(byday.ends_with("SU"));
        let n: u8 = byday.trim_end_matches("SU").parse().unwrap();
        let start = prop(part, "DTSTART").unwrap();
        let time = NaiveDateTime::parse_from_str(start, "%Y%m%dT%H%M%S")
            .unwrap()
            .time();
        nth_weekday(at.year(), month, n, Weekday::Sun).and_time(time)
    };
    let offset = |part: &Component| {
        let text = prop(part, "TZOFFSETTO").unwrap();
        let sign = if text.starts_with('-') { -1 } else { 1 };
        let hours: i32 = text[1..3].parse().unwrap();
        let minutes: i32 = text[3..5].parse().unwrap();
        sign * (hours * 3600 + minutes * 60)
    };
    let daylight = child(vtimezone, "DAYLIGHT")[0];
    let standard = child(vtimezone, "STANDARD")[0];
    if at >= onset(daylight) && at < onset(standard) {
        offset(daylight)
    } else {
        offset(standard)
    }
}

/// One event as read: UID, local DTSTART, TZID, alarm trigger, SUMMARY.
type Event = (String, NaiveDateTime, String, String, String);

/// Each event of the file, and the unfolded text.
fn events(file: &str) -> (Vec<Event>, String) {
    let unfolded = unfold(file);
    let calendar = read_calendar(&unfolded).expect("a valid iCalendar file");
    let vtimezone = calendar
        .components
        .iter()
        .find(|c| c.name.as_str() == "VTIMEZONE")
        .expect("a VTIMEZONE");
    assert_eq!(prop(vtimezone, "TZID"), Some("America/Chicago"));
    let mut out = Vec::new();
    for event in calendar
        .components
        .iter()
        .filter(|c| c.name.as_str() == "VEVENT")
    {
        let start = event
            .properties
            .iter()
            .find(|p| p.name.as_str() == "DTSTART")
            .unwrap();
        let tzid = start
            .params
            .iter()
            .find(|p| p.key.as_str() == "TZID")
            .and_then(|p| p.val.as_ref())
            .map(|v| v.as_str().to_owned())
            .unwrap_or_default();
        let local = NaiveDateTime::parse_from_str(start.val.as_str(), "%Y%m%dT%H%M%S").unwrap();
        // The file's own time zone and the time zone database agree on the instant.
        let expected = Chicago.from_local_datetime(&local).unwrap();
        assert_eq!(
            offset_of(vtimezone, local),
            expected.offset().fix().local_minus_utc(),
            "{local}"
        );
        let alarm = child(event, "VALARM");
        assert_eq!(alarm.len(), 1);
        out.push((
            prop(event, "UID").unwrap().to_owned(),
            local,
            tzid,
            prop(alarm[0], "TRIGGER").unwrap().to_owned(),
            prop(event, "SUMMARY").unwrap().to_owned(),
        ));
    }
    (out, unfolded)
}

#[tokio::test]
async fn a_tickets_clocks_download_as_a_calendar_file() {
    let app = spawn_app().await;
    let p1 = provider(&app, "provider1").await;
    let detail = submit_ticket(&app, &p1, AETNA).await;
    let id = ticket_id(&detail);
    let number = detail["summary"]["number"].as_str().unwrap().to_owned();
    let path = format!("/api/tickets/{id}/calendar.ics");

    let response = p1.client.get(app.url(&path)).send().await.unwrap();
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(
        response.headers()["content-type"],
        "text/calendar; charset=utf-8"
    );
    assert_eq!(
        response.headers()["content-disposition"].to_str().unwrap(),
        format!("attachment; filename=\"{number}.ics\"")
    );
    let file = response.text().await.unwrap();
    assert_eq!(file.matches('\n').count(), file.matches("\r\n").count());
    assert!(file.split("\r\n").all(|line| line.len() <= 75));
    assert!(!file.contains(RIN) && !file.contains("Rivera") && !file.contains("Jamie"));

    let (events, _) = events(&file);
    let pending = detail["summary"]["deadlines"].as_array().unwrap();
    assert!(!pending.is_empty());
    assert_eq!(events.len(), pending.len());
    for (deadline, (uid, local, tzid, trigger, summary)) in pending.iter().zip(&events) {
        let key = deadline["key"].as_str().unwrap();
        assert_eq!(uid, &format!("{id}-{key}@127.0.0.1"));
        assert_eq!(tzid, "America/Chicago");
        assert_eq!(
            local.format("%Y-%m-%d").to_string(),
            deadline["due_on"].as_str().unwrap()
        );
        assert_eq!(local.format("%H:%M").to_string(), "23:59");
        assert_eq!(trigger, "-P1D");
        assert!(summary.starts_with(&format!("{number}: ")), "{summary}");
    }
    assert_eq!(
        events[0].4,
        format!("{number}: HFS must present the ticket to the MCO")
    );

    // A second download has the same UIDs (a calendar updates its events).
    let again = p1
        .client
        .get(app.url(&path))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let uids = |e: &Vec<Event>| e.iter().map(|e| e.0.clone()).collect::<Vec<_>>();
    assert_eq!(uids(&self::events(&again).0), uids(&events));

    // Someone without access: 404; no session: 401.
    let p2 = provider(&app, "provider2").await;
    let response = p2.client.get(app.url(&path)).send().await.unwrap();
    assert_eq!(response.status().as_u16(), 404);
    assert_eq!(app.get(&path).await.status().as_u16(), 401);
}

#[test]
fn due_dates_across_a_daylight_saving_change_keep_23_59_illinois_time() {
    use rules::timeline::{ClockKey, ClockState, Deadline, Owner};
    // Daylight saving starts on March 14, 2027 and ends on November 7, 2027.
    let dates = [
        NaiveDate::from_ymd_opt(2027, 3, 13).unwrap(),
        NaiveDate::from_ymd_opt(2027, 3, 15).unwrap(),
        NaiveDate::from_ymd_opt(2027, 11, 6).unwrap(),
        NaiveDate::from_ymd_opt(2027, 11, 8).unwrap(),
    ];
    let events: Vec<_> = dates
        .iter()
        .map(|due_on| {
            let deadline = Deadline {
                key: ClockKey::McoResponse,
                owed_by: Owner::Mco,
                due_on: *due_on,
                state: ClockState::Pending,
                met_on: None,
            };
            let mut event = rules::ics::clock_event(7, "PRP-2027-000007", &deadline, "portal.test");
            event.uid = format!("{}-{due_on}", event.uid);
            event
        })
        .collect();
    let stamp = NaiveDate::from_ymd_opt(2027, 1, 1)
        .unwrap()
        .and_hms_opt(0, 0, 0)
        .unwrap();
    let file = rules::ics::calendar_file("PRP-2027-000007", &events, stamp);
    let (parsed, _) = self::events(&file);
    let utc: Vec<String> = parsed
        .iter()
        .map(|(_, local, _, _, _)| {
            Chicago
                .from_local_datetime(local)
                .unwrap()
                .naive_utc()
                .format("%Y-%m-%dT%H:%MZ")
                .to_string()
        })
        .collect();
    assert_eq!(
        utc,
        [
            "2027-03-14T05:59Z",
            "2027-03-16T04:59Z",
            "2027-11-07T04:59Z",
            "2027-11-09T05:59Z"
        ]
    );
}
