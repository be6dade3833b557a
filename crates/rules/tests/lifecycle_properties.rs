//! Random walks through the ticket lifecycle: every action the engine allows leads to a status the
//! spec allows (`docs/rules.md`, "Ticket statuses"), and a closed ticket never reopens.

use std::sync::LazyLock;

use chrono::{Duration, NaiveDate};
use proptest::prelude::*;
use rules::calendar::Calendar;
use rules::timeline::{timeline, ClosedReason, Events, Status};
use rules::transitions::{apply, check, Action, Party};

static CAL: LazyLock<Calendar> = LazyLock::new(Calendar::standard);

/// The moves the spec draws (a status may also stay as it is, e.g. after asking for an extension).
fn allowed(from: Status, to: Status) -> bool {
    use Status::*;
    from == to
        || matches!(
            (from, to),
            (Draft, Submitted)
                | (Draft, Closed) // submitted outside the window: closed as not timely
                | (Submitted, WithMco)
                | (Submitted, Closed)
                | (WithMco, InfoRequested)
                | (WithMco, McoResponded)
                | (InfoRequested, WithMco)
                | (InfoRequested, McoResponded)
                | (InfoRequested, Closed)
                | (McoResponded, Closed)
                | (McoResponded, Contested)
                | (Contested, HfsReview)
                | (HfsReview, Closed)
        )
}

const ACTIONS: [(Party, Action); 20] = [
    (Party::Provider, Action::Submit),
    (Party::Hfs, Action::Present),
    (Party::Hfs, Action::HfsClose(ClosedReason::Incomplete)),
    (Party::Mco, Action::RequestInfo),
    (Party::Provider, Action::ProvideInfo),
    (Party::Mco, Action::RequestExtension),
    (Party::Provider, Action::RequestExtension),
    (Party::Hfs, Action::ApproveExtension),
    (Party::Mco, Action::Respond),
    (Party::Provider, Action::Accept),
    (Party::Provider, Action::Contest),
    (Party::Provider, Action::RequestHfsReview),
    (Party::Provider, Action::DeliverInformation),
    (Party::Mco, Action::DeliverInformation),
    (Party::Mco, Action::ReportIncomplete),
    (Party::Hfs, Action::Proceed),
    (
        Party::Hfs,
        Action::HfsClose(ClosedReason::IncompleteInfoResponse),
    ),
    (Party::Hfs, Action::Decide),
    (Party::Mco, Action::Submit), // never allowed: wrong party
    (Party::Provider, Action::Decide),
];

fn walk() -> impl Strategy<Value = (NaiveDate, Vec<(usize, i64)>)> {
    let start = (0i64..10_000)
        .prop_map(|n| NaiveDate::from_ymd_opt(2000, 1, 1).unwrap() + Duration::days(n));
    (
        start,
        prop::collection::vec((0..ACTIONS.len(), 0i64..12), 1..40),
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1_000))]

    #[test]
    fn allowed_actions_lead_to_allowed_statuses((received, steps) in walk()) {
        let mut events = Events { mco_received_on: received, ..Default::default() };
        let mut day = received + Duration::days(25);
        let mut status = timeline(&CAL, &events, day).unwrap().status;
        for (i, gap) in steps {
            day += Duration::days(gap);
            // The clock running on its own may close the ticket (a closing the rules make).
            let now = timeline(&CAL, &events, day).expect("accepted events stay valid as time passes");
            prop_assert!(allowed(status, now.status), "{:?} -> {:?} by time alone", status, now.status);
            status = now.status;
            let (party, action) = ACTIONS[i];
            match check(&CAL, &events, party, action, day) {
                Ok(after) => {
                    prop_assert!(action.parties().contains(&party));
                    prop_assert!(status != Status::Closed, "a closed ticket took {:?}", action);
                    prop_assert!(allowed(status, after.status), "{:?} -> {:?} by {:?}", status, after.status, action);
                    events = apply(&events, party, action, day);
                    status = after.status;
                    prop_assert_eq!(timeline(&CAL, &events, day).unwrap(), after);
                }
                Err(refusal) => prop_assert!(!refusal.0.is_empty(), "a refusal says why"),
            }
        }
    }
}

#[test]
fn a_ticket_can_go_all_the_way_to_an_hfs_decision() {
    let d = |m, day| NaiveDate::from_ymd_opt(2026, m, day).unwrap();
    let mut events = Events {
        mco_received_on: d(1, 5),
        ..Default::default()
    };
    let script = [
        (Party::Provider, Action::Submit, d(2, 10), Status::Submitted),
        (Party::Hfs, Action::Present, d(2, 20), Status::WithMco),
        (
            Party::Mco,
            Action::RequestInfo,
            d(2, 24),
            Status::InfoRequested,
        ),
        (
            Party::Provider,
            Action::RequestExtension,
            d(2, 25),
            Status::InfoRequested,
        ),
        (
            Party::Hfs,
            Action::ApproveExtension,
            d(2, 26),
            Status::InfoRequested,
        ),
        (
            Party::Provider,
            Action::ProvideInfo,
            d(3, 3),
            Status::WithMco,
        ),
        (Party::Mco, Action::Respond, d(4, 10), Status::McoResponded),
        (
            Party::Provider,
            Action::Contest,
            d(4, 14),
            Status::Contested,
        ),
        (
            Party::Provider,
            Action::RequestHfsReview,
            d(4, 20),
            Status::HfsReview,
        ),
        (
            Party::Provider,
            Action::DeliverInformation,
            d(4, 28),
            Status::HfsReview,
        ),
        (
            Party::Mco,
            Action::DeliverInformation,
            d(5, 1),
            Status::HfsReview,
        ),
        (Party::Hfs, Action::Decide, d(5, 20), Status::Closed),
    ];
    let mut seen = vec![timeline(&CAL, &events, d(2, 9)).unwrap().status];
    for (party, action, on, want) in script {
        let after = check(&CAL, &events, party, action, on)
            .unwrap_or_else(|r| panic!("{action:?} on {on}: {}", r.0));
        assert_eq!(after.status, want, "{action:?}");
        assert!(allowed(*seen.last().unwrap(), after.status));
        events = apply(&events, party, action, on);
        seen.push(after.status);
    }
    assert_eq!(
        timeline(&CAL, &events, d(6, 1)).unwrap().closed_reason,
        Some(ClosedReason::HfsDecision)
    );
    // And nothing more can happen.
    assert!(check(&CAL, &events, Party::Mco, Action::Respond, d(6, 1)).is_err());
}
