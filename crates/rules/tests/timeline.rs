//! The deadline engine against the seeds' worked examples, the calendar's edge cases, and the ticket
//! lifecycle (`docs/rules.md`).

use chrono::NaiveDate;
use rules::calendar::Calendar;
use rules::timeline::*;
use rules::transitions::{check, Action, Party};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn cal() -> Calendar {
    Calendar::standard()
}

fn events(received: NaiveDate) -> Events {
    Events {
        mco_received_on: received,
        ..Default::default()
    }
}

fn due(t: &Timeline, key: ClockKey) -> NaiveDate {
    t.deadline(key)
        .unwrap_or_else(|| panic!("{key:?} started"))
        .due_on
}

fn state(t: &Timeline, key: ClockKey) -> (ClockState, Option<NaiveDate>) {
    let c = t.deadline(key).unwrap_or_else(|| panic!("{key:?} started"));
    (c.state, c.met_on)
}

#[test]
fn api_example() {
    let mut e = events(d(2026, 1, 5));
    e.submitted_on = Some(d(2026, 2, 10));
    e.presented_on = Some(d(2026, 2, 20));
    let t = timeline(&cal(), &e, d(2026, 3, 1)).unwrap();
    assert_eq!(t.status, Status::WithMco);
    assert_eq!(t.closed_reason, None);
    assert_eq!(due(&t, ClockKey::PresentToMco), d(2026, 2, 26));
    assert_eq!(
        state(&t, ClockKey::PresentToMco),
        (ClockState::Met, Some(d(2026, 2, 20)))
    );
    assert_eq!(due(&t, ClockKey::McoResponse), d(2026, 3, 23));
    assert_eq!(
        state(&t, ClockKey::McoResponse),
        (ClockState::Pending, None)
    );
    assert!(t.fines.is_empty());
    let json = serde_json::to_value(&t).unwrap();
    assert_eq!(
        json["deadlines"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["key"] == "present_to_mco")
            .unwrap(),
        &serde_json::json!({"key": "present_to_mco", "owed_by": "hfs", "due_on": "2026-02-26", "state": "met", "met_on": "2026-02-20"})
    );
    assert_eq!(json["status"], "with_mco");
}

#[test]
fn seed_examples() {
    // Presented Thursday 4 Jun 2026: day 30 is Saturday 4 Jul (observed Friday 3 Jul) -> Monday 6 Jul.
    let mut e = events(d(2026, 4, 20));
    e.submitted_on = Some(d(2026, 5, 25));
    e.presented_on = Some(d(2026, 6, 4));
    let t = timeline(&cal(), &e, d(2026, 6, 5)).unwrap();
    assert_eq!(due(&t, ClockKey::McoResponse), d(2026, 7, 6));
    assert_eq!(
        due(&t, ClockKey::ExtensionRequest),
        d(2026, 6, 27),
        "day 23, not moved"
    );
    assert_eq!(due(&t, ClockKey::McoInfoRequest), d(2026, 6, 11));

    // Information requested Wednesday 25 Nov 2026 -> due Friday 4 Dec 2026.
    let mut e = events(d(2026, 9, 15));
    e.submitted_on = Some(d(2026, 10, 20));
    e.presented_on = Some(d(2026, 11, 20));
    e.info_requested_on = Some(d(2026, 11, 25));
    let t = timeline(&cal(), &e, d(2026, 11, 25)).unwrap();
    assert_eq!(t.status, Status::InfoRequested);
    assert_eq!(due(&t, ClockKey::ProviderInfoResponse), d(2026, 12, 4));

    // Received Tuesday 15 Sep 2026: window opens Thursday 15 Oct, closes Saturday 14 Nov (not moved).
    let t = timeline(&cal(), &events(d(2026, 9, 15)), d(2026, 10, 1)).unwrap();
    assert_eq!(t.status, Status::Draft);
    assert_eq!(due(&t, ClockKey::FilingWindowOpens), d(2026, 10, 15));
    assert_eq!(due(&t, ClockKey::FilingWindowCloses), d(2026, 11, 14));
    assert_eq!(
        state(&t, ClockKey::FilingWindowOpens).0,
        ClockState::Pending
    );
}

#[test]
fn filing_outside_the_window_closes_as_not_timely() {
    for submitted in [d(2026, 10, 14), d(2026, 11, 15)] {
        let mut e = events(d(2026, 9, 15));
        e.submitted_on = Some(submitted);
        let t = timeline(&cal(), &e, d(2026, 11, 20)).unwrap();
        assert_eq!(
            (t.status, t.closed_reason),
            (Status::Closed, Some(ClosedReason::NotTimely)),
            "{submitted}"
        );
        assert!(t.deadline(ClockKey::PresentToMco).is_none());
        e.presented_on = Some(d(2026, 11, 20));
        assert!(
            timeline(&cal(), &e, d(2026, 11, 20)).is_err(),
            "a closed ticket takes no more events"
        );
    }
    // Day 30 and day 60 are inside.
    for submitted in [d(2026, 10, 15), d(2026, 11, 14)] {
        let mut e = events(d(2026, 9, 15));
        e.submitted_on = Some(submitted);
        assert_eq!(
            timeline(&cal(), &e, d(2026, 11, 20)).unwrap().status,
            Status::Submitted
        );
    }
}

#[test]
fn no_info_response_closes_the_ticket_the_day_after_the_due_date() {
    let mut e = events(d(2026, 9, 15));
    e.submitted_on = Some(d(2026, 10, 20));
    e.presented_on = Some(d(2026, 11, 20));
    e.info_requested_on = Some(d(2026, 11, 25));
    // Due Friday 4 Dec: still open that day (a response exactly on its due date is on time).
    let t = timeline(&cal(), &e, d(2026, 12, 4)).unwrap();
    assert_eq!(t.status, Status::InfoRequested);
    let t = timeline(&cal(), &e, d(2026, 12, 5)).unwrap();
    assert_eq!(
        (t.status, t.closed_reason),
        (Status::Closed, Some(ClosedReason::NoInfoResponse))
    );
    assert_eq!(
        state(&t, ClockKey::ProviderInfoResponse),
        (ClockState::Missed, None)
    );
    // Information given on the due date keeps the ticket with the MCO.
    e.info_provided_on = Some(d(2026, 12, 4));
    let t = timeline(&cal(), &e, d(2026, 12, 10)).unwrap();
    assert_eq!(t.status, Status::WithMco);
    assert_eq!(
        state(&t, ClockKey::ProviderInfoResponse),
        (ClockState::Met, Some(d(2026, 12, 4)))
    );
    // Given a business day late: it does not count, the ticket closed on December 5.
    e.info_provided_on = Some(d(2026, 12, 7));
    let t = timeline(&cal(), &e, d(2026, 12, 10)).unwrap();
    assert_eq!(
        (t.status, t.closed_reason),
        (Status::Closed, Some(ClosedReason::NoInfoResponse))
    );
    assert_eq!(
        state(&t, ClockKey::ProviderInfoResponse),
        (ClockState::Missed, Some(d(2026, 12, 7)))
    );
    assert!(
        t.pending().is_empty(),
        "a closed ticket has no running clock"
    );
    // Nothing can follow the closing.
    e.mco_responded_on = Some(d(2026, 12, 8));
    assert_eq!(
        timeline(&cal(), &e, d(2026, 12, 10)).unwrap_err()[0].field,
        "mco_responded_on"
    );
}

#[test]
fn the_mco_can_ask_only_within_5_business_days() {
    let mut e = events(d(2026, 9, 15));
    e.submitted_on = Some(d(2026, 10, 20));
    e.presented_on = Some(d(2026, 10, 22));
    e.info_requested_on = Some(d(2026, 10, 30)); // 6th business day
    let err = timeline(&cal(), &e, d(2026, 11, 2)).unwrap_err();
    assert_eq!(err[0].field, "info_requested_on");
    e.info_requested_on = Some(d(2026, 10, 29));
    assert!(timeline(&cal(), &e, d(2026, 11, 2)).is_ok());
}

#[test]
fn a_late_mco_response_is_fined_once_with_its_sanction_notice_date() {
    let mut e = events(d(2026, 1, 5));
    e.submitted_on = Some(d(2026, 2, 10));
    e.presented_on = Some(d(2026, 2, 20));
    // Due Monday 23 Mar; on the due date no fine yet.
    let t = timeline(&cal(), &e, d(2026, 3, 23)).unwrap();
    assert!(t.fines.is_empty());
    let t = timeline(&cal(), &e, d(2026, 3, 24)).unwrap();
    assert_eq!(
        t.fines,
        vec![Fine {
            amount_cents: 500_000,
            fined_on: d(2026, 3, 24),
            sanction_notice_due_on: d(2026, 4, 30)
        }]
    );
    assert_eq!(state(&t, ClockKey::McoResponse), (ClockState::Missed, None));
    assert_eq!(t.status, Status::WithMco, "overdue, still with the MCO");
    // Responding late keeps the one fine.
    e.mco_responded_on = Some(d(2026, 4, 1));
    let t = timeline(&cal(), &e, d(2026, 4, 2)).unwrap();
    assert_eq!(t.fines.len(), 1);
    assert_eq!(
        state(&t, ClockKey::McoResponse),
        (ClockState::Missed, Some(d(2026, 4, 1)))
    );
    // On time: no fine.
    e.mco_responded_on = Some(d(2026, 3, 23));
    assert!(timeline(&cal(), &e, d(2026, 4, 2))
        .unwrap()
        .fines
        .is_empty());
}

#[test]
fn sanction_notices_by_quarter() {
    assert_eq!(sanction_notice_due_on(d(2026, 1, 1)), d(2026, 4, 30));
    assert_eq!(sanction_notice_due_on(d(2026, 3, 31)), d(2026, 4, 30));
    assert_eq!(sanction_notice_due_on(d(2026, 4, 1)), d(2026, 7, 31));
    assert_eq!(sanction_notice_due_on(d(2026, 9, 30)), d(2026, 10, 31));
    assert_eq!(sanction_notice_due_on(d(2026, 10, 1)), d(2027, 1, 31));
    assert_eq!(sanction_notice_due_on(d(2026, 12, 31)), d(2027, 1, 31));
}

#[test]
fn the_extension_gives_the_mco_60_days() {
    let mut e = events(d(2026, 1, 5));
    e.submitted_on = Some(d(2026, 2, 10));
    e.presented_on = Some(d(2026, 2, 20));
    e.extension_approved_for = Some(ExtensionFor::Mco);
    let t = timeline(&cal(), &e, d(2026, 3, 1)).unwrap();
    // 20 Feb + 60 = Tuesday 21 Apr 2026.
    assert_eq!(due(&t, ClockKey::McoResponse), d(2026, 4, 21));
    assert_eq!(state(&t, ClockKey::ExtensionRequest).0, ClockState::Met);
    e.extension_approved_for = Some(ExtensionFor::Provider);
    e.info_requested_on = Some(d(2026, 2, 24));
    let t = timeline(&cal(), &e, d(2026, 3, 1)).unwrap();
    assert_eq!(due(&t, ClockKey::McoResponse), d(2026, 4, 21));
    // The extension lengthens the resolution period only: the provider's answer is still due
    // 5 business days after the request.
    assert_eq!(due(&t, ClockKey::ProviderInfoResponse), d(2026, 3, 3));
}

#[test]
fn accept_contest_review_and_decision() {
    let mut e = events(d(2026, 1, 5));
    e.submitted_on = Some(d(2026, 2, 10));
    e.presented_on = Some(d(2026, 2, 20));
    e.mco_responded_on = Some(d(2026, 3, 10));
    let t = timeline(&cal(), &e, d(2026, 3, 11)).unwrap();
    assert_eq!(t.status, Status::McoResponded);
    assert_eq!(due(&t, ClockKey::ProviderDecision), d(2026, 3, 17));
    // Silence closes it as not contested, the day after the due date.
    let t = timeline(&cal(), &e, d(2026, 3, 18)).unwrap();
    assert_eq!(t.closed_reason, Some(ClosedReason::NotContested));

    let mut accepted = e.clone();
    accepted.provider_decision = Some(ProviderDecision::Accepted);
    accepted.provider_decided_on = Some(d(2026, 3, 12));
    let t = timeline(&cal(), &accepted, d(2026, 6, 1)).unwrap();
    assert_eq!(
        (t.status, t.closed_reason),
        (Status::Closed, Some(ClosedReason::Accepted))
    );

    e.provider_decision = Some(ProviderDecision::Contested);
    e.provider_decided_on = Some(d(2026, 3, 17));
    let t = timeline(&cal(), &e, d(2026, 3, 20)).unwrap();
    assert_eq!(t.status, Status::Contested);
    // 10 Mar + 30 = Thursday 9 Apr.
    assert_eq!(due(&t, ClockKey::HfsReviewRequest), d(2026, 4, 9));

    e.hfs_review_requested_on = Some(d(2026, 4, 1));
    let t = timeline(&cal(), &e, d(2026, 4, 2)).unwrap();
    assert_eq!(t.status, Status::HfsReview);
    assert_eq!(due(&t, ClockKey::InformationDelivery), d(2026, 5, 1));
    // Without the information in yet, HFS decides 30 days after the information deadline: May 31 is a
    // Sunday -> Monday 1 Jun.
    assert_eq!(due(&t, ClockKey::HfsDecision), d(2026, 6, 1));
    e.information_delivered_on = Some(d(2026, 4, 20));
    let t = timeline(&cal(), &e, d(2026, 4, 21)).unwrap();
    assert_eq!(due(&t, ClockKey::HfsDecision), d(2026, 5, 20));
    e.hfs_decided_on = Some(d(2026, 5, 15));
    let t = timeline(&cal(), &e, d(2026, 5, 16)).unwrap();
    assert_eq!(
        (t.status, t.closed_reason),
        (Status::Closed, Some(ClosedReason::HfsDecision))
    );
}

#[test]
fn out_of_order_and_impossible_events_are_refused_with_the_reason() {
    let mut e = events(d(2026, 1, 5));
    e.submitted_on = Some(d(2026, 2, 10));
    e.mco_responded_on = Some(d(2026, 3, 1));
    let err = timeline(&cal(), &e, d(2026, 3, 2)).unwrap_err();
    assert!(
        err.iter()
            .any(|p| p.field == "mco_responded_on" && p.message.contains("presented_on")),
        "{err:?}"
    );

    let mut e = events(d(2026, 1, 5));
    e.submitted_on = Some(d(2026, 1, 4));
    assert_eq!(
        timeline(&cal(), &e, d(2026, 3, 2)).unwrap_err()[0].field,
        "submitted_on"
    );

    let mut e = events(d(2026, 1, 5));
    e.submitted_on = Some(d(2026, 3, 3));
    assert!(timeline(&cal(), &e, d(2026, 3, 2)).unwrap_err()[0]
        .message
        .contains("after today"));

    let mut e = events(d(2026, 1, 5));
    e.extension_approved_for = Some(ExtensionFor::Mco);
    assert_eq!(
        timeline(&cal(), &e, d(2026, 3, 2)).unwrap_err()[0].field,
        "extension_approved_for"
    );

    let mut e = events(d(2026, 1, 5));
    e.submitted_on = Some(d(2026, 2, 10));
    e.presented_on = Some(d(2026, 2, 20));
    e.mco_responded_on = Some(d(2026, 3, 1));
    e.hfs_review_requested_on = Some(d(2026, 3, 2));
    assert_eq!(
        timeline(&cal(), &e, d(2026, 3, 3)).unwrap_err()[0].field,
        "hfs_review_requested_on"
    );
}

#[test]
fn registration_review_estimate() {
    // Requested Friday 20 Nov 2026: 2 business days -> Tuesday 24 Nov.
    assert_eq!(
        registration_review_due(&cal(), d(2026, 11, 20), 1),
        d(2026, 11, 24)
    );
    // 10 facilities: + 21 calendar days -> Tuesday 15 Dec.
    assert_eq!(
        registration_review_due(&cal(), d(2026, 11, 20), 10),
        d(2026, 12, 15)
    );
    assert_eq!(
        registration_review_due(&cal(), d(2026, 11, 20), 9),
        d(2026, 11, 24)
    );
}

#[test]
fn transitions_check_party_status_and_time() {
    let c = cal();
    let mut e = events(d(2026, 9, 15));
    // Too early to submit.
    let refused = check(&c, &e, Party::Provider, Action::Submit, d(2026, 10, 1)).unwrap_err();
    assert!(refused.0.contains("filing window"), "{refused:?}");
    // Only the provider submits.
    assert!(check(&c, &e, Party::Mco, Action::Submit, d(2026, 10, 20))
        .unwrap_err()
        .0
        .contains("provider"));
    let t = check(&c, &e, Party::Provider, Action::Submit, d(2026, 10, 20)).unwrap();
    assert_eq!(t.status, Status::Submitted);
    e.submitted_on = Some(d(2026, 10, 20));
    // The MCO cannot respond before the ticket is presented.
    assert!(check(&c, &e, Party::Mco, Action::Respond, d(2026, 10, 21)).is_err());
    e.presented_on = Some(d(2026, 10, 22));
    // The extension: asked by day 23 (14 Nov), one only.
    assert!(check(
        &c,
        &e,
        Party::Mco,
        Action::RequestExtension,
        d(2026, 11, 15)
    )
    .unwrap_err()
    .0
    .contains("by 2026-11-14"));
    check(
        &c,
        &e,
        Party::Provider,
        Action::RequestExtension,
        d(2026, 11, 14),
    )
    .unwrap();
    e.extension_requested_on = Some(d(2026, 11, 10));
    e.extension_requested_by = Some(ExtensionFor::Mco);
    assert!(check(
        &c,
        &e,
        Party::Provider,
        Action::RequestExtension,
        d(2026, 11, 11)
    )
    .unwrap_err()
    .0
    .contains("one extension"));
    let t = check(
        &c,
        &e,
        Party::Hfs,
        Action::ApproveExtension,
        d(2026, 11, 11),
    )
    .unwrap();
    assert_eq!(
        t.deadline(ClockKey::McoResponse).unwrap().due_on,
        d(2026, 12, 21)
    );
    // A closed ticket never reopens.
    let mut closed = events(d(2026, 9, 15));
    closed.submitted_on = Some(d(2026, 10, 20));
    closed.hfs_closed = Some((d(2026, 10, 21), ClosedReason::Incomplete));
    let refused = check(&c, &closed, Party::Hfs, Action::Present, d(2026, 10, 22)).unwrap_err();
    assert!(refused.0.contains("never reopened"));
}

#[test]
fn status_keys_are_the_wire_names() {
    for status in Status::ALL {
        assert_eq!(
            serde_json::to_value(status).unwrap(),
            serde_json::json!(status.key())
        );
    }
}

#[test]
fn an_extension_never_asked_stays_listed_as_not_used_once_the_mco_responds() {
    // Presented Friday 20 Feb 2026; the extension could be asked until 15 Mar (day 23). The MCO
    // responds on 2 Mar without asking: the clock stays on the list, unused (`missed`, no date).
    let mut e = events(d(2026, 1, 5));
    e.submitted_on = Some(d(2026, 2, 10));
    e.presented_on = Some(d(2026, 2, 20));
    e.mco_responded_on = Some(d(2026, 3, 2));
    let t = timeline(&cal(), &e, d(2026, 3, 3)).unwrap();
    assert_eq!(t.status, Status::McoResponded);
    assert_eq!(due(&t, ClockKey::ExtensionRequest), d(2026, 3, 15));
    assert_eq!(
        state(&t, ClockKey::ExtensionRequest),
        (ClockState::Missed, None)
    );
    // Still listed after the provider accepts and the ticket closes.
    e.provider_decision = Some(ProviderDecision::Accepted);
    e.provider_decided_on = Some(d(2026, 3, 4));
    let t = timeline(&cal(), &e, d(2026, 3, 5)).unwrap();
    assert_eq!(t.status, Status::Closed);
    assert_eq!(
        state(&t, ClockKey::ExtensionRequest),
        (ClockState::Missed, None)
    );
    assert!(t.deadlines.iter().all(|c| c.state != ClockState::Pending));
}
