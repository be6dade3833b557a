//! Issue 13's steps: deliveries by both parties, the incomplete answer, HFS's review stages, the
//! follow-up after closure, the MCO's plan and `resolve_by`, and the closings the seeds give.

use chrono::{Duration, NaiveDate};
use rules::calendar::Calendar;
use rules::tickets::{allowed_steps, check_ticket_step, ActionProblem};
use rules::timeline::{timeline, ClockKey, ClockState, ClosedReason, Events, Status};
use rules::transitions::Party;
use rules::wire::tickets::{DecisionOutcome, ResponseOutcome, ReviewStage, TicketAction};
use rules::workflow::{Actor, Workflow};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn cal() -> Calendar {
    Calendar::standard()
}

const PROVIDER: Actor = Actor {
    party: Party::Provider,
    user_id: 1,
    hfs_admin: false,
};
const MCO: Actor = Actor {
    party: Party::Mco,
    user_id: 2,
    hfs_admin: false,
};
const PORTAL_TEAM: Actor = Actor {
    party: Party::Hfs,
    user_id: 3,
    hfs_admin: false,
};
const MANAGER: Actor = Actor {
    party: Party::Hfs,
    user_id: 4,
    hfs_admin: false,
};
const SME: Actor = Actor {
    party: Party::Hfs,
    user_id: 5,
    hfs_admin: false,
};

fn in_review() -> Events {
    Events {
        mco_received_on: d(2026, 1, 5),
        submitted_on: Some(d(2026, 2, 10)),
        presented_on: Some(d(2026, 2, 20)),
        mco_responded_on: Some(d(2026, 3, 2)),
        provider_decision: Some(rules::timeline::ProviderDecision::Contested),
        provider_decided_on: Some(d(2026, 3, 4)),
        hfs_review_requested_on: Some(d(2026, 3, 5)),
        ..Default::default()
    }
}

fn deliver() -> TicketAction {
    TicketAction::DeliverInformation {
        information: "The authorization letter and the remittance advice.".into(),
        contact_name: "Pat Rep".into(),
        contact_phone: "312 555 0199".into(),
        contact_email: "pat@example.com".into(),
        attachment_ids: vec![],
    }
}

fn decide() -> TicketAction {
    TicketAction::Decide {
        decision: "The MCO pays the claim.".into(),
        outcome: Some(DecisionOutcome::ForProvider),
        attachment_ids: vec![],
    }
}

fn refused(r: Result<rules::timeline::Timeline, ActionProblem>) -> String {
    match r {
        Err(ActionProblem::Refused(m)) => m,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[test]
fn both_parties_delivered_is_the_day_the_second_did() {
    let wf = Workflow {
        review_stage: Some(ReviewStage::Requested),
        ..Default::default()
    };
    let e = in_review();
    let on = d(2026, 3, 10);
    let after = check_ticket_step(&cal(), &e, &wf, PROVIDER, &deliver(), on).unwrap();
    assert_eq!(after.status, Status::HfsReview);
    let e = rules::tickets::apply_action(&e, Party::Provider, &deliver(), on);
    assert_eq!(e.provider_delivered_on, Some(on));
    assert_eq!(e.information_delivered_on, None, "one party is not both");
    // The same party again: refused.
    assert!(
        refused(check_ticket_step(&cal(), &e, &wf, PROVIDER, &deliver(), on))
            .contains("already delivered")
    );
    // HFS does not deliver, and cannot say both did.
    assert!(refused(check_ticket_step(
        &cal(),
        &e,
        &wf,
        PORTAL_TEAM,
        &deliver(),
        on
    ))
    .contains("Only"));
    let later = d(2026, 3, 20);
    let e = rules::tickets::apply_action(&e, Party::Mco, &deliver(), later);
    assert_eq!(e.information_delivered_on, Some(later));
    let t = timeline(&cal(), &e, later).unwrap();
    let delivery = t.deadline(ClockKey::InformationDelivery).unwrap();
    assert_eq!(delivery.state, ClockState::Met);
    assert_eq!(delivery.met_on, Some(later));
    // HFS's 30 days count from the second delivery (moved off the weekend).
    assert_eq!(
        t.deadline(ClockKey::HfsDecision).unwrap().due_on,
        d(2026, 4, 20)
    );
}

#[test]
fn a_delivery_after_its_due_date_is_refused() {
    let wf = Workflow::default();
    let e = in_review();
    let due = timeline(&cal(), &e, d(2026, 3, 6))
        .unwrap()
        .deadline(ClockKey::InformationDelivery)
        .unwrap()
        .due_on;
    assert!(check_ticket_step(&cal(), &e, &wf, MCO, &deliver(), due).is_ok());
    let late = refused(check_ticket_step(
        &cal(),
        &e,
        &wf,
        MCO,
        &deliver(),
        due + Duration::days(1),
    ));
    assert!(late.contains("had to be delivered by"), "{late}");
}

#[test]
fn a_delivery_needs_its_information_and_a_contact() {
    let empty = TicketAction::DeliverInformation {
        information: String::new(),
        contact_name: String::new(),
        contact_phone: String::new(),
        contact_email: String::new(),
        attachment_ids: vec![],
    };
    let e = rules::tickets::check_action_fields(&empty).unwrap_err();
    for field in [
        "information",
        "contact_name",
        "contact_phone",
        "contact_email",
    ] {
        assert!(e.errors.contains_key(field), "{field}");
    }
}

#[test]
fn review_goes_through_the_account_manager_and_an_sme() {
    let e = in_review();
    let on = d(2026, 3, 10);
    let mut wf = Workflow {
        review_stage: Some(ReviewStage::Requested),
        ..Default::default()
    };
    // Nobody decides before an Account Manager is assigned.
    assert!(refused(check_ticket_step(
        &cal(),
        &e,
        &wf,
        PORTAL_TEAM,
        &decide(),
        on
    ))
    .contains("Account Manager"));
    assert_eq!(
        allowed_steps(&cal(), &e, &wf, PORTAL_TEAM, on),
        vec!["message", "assign_review"]
    );
    let assign = TicketAction::AssignReview {
        account_manager_id: Some(MANAGER.user_id),
    };
    assert!(refused(check_ticket_step(&cal(), &e, &wf, MCO, &assign, on)).contains("Only HFS"));
    check_ticket_step(&cal(), &e, &wf, PORTAL_TEAM, &assign, on).unwrap();
    wf.review_stage = Some(ReviewStage::AccountManager);
    wf.account_manager_id = Some(MANAGER.user_id);
    assert!(
        refused(check_ticket_step(&cal(), &e, &wf, PORTAL_TEAM, &assign, on))
            .contains("already assigned")
    );
    // Only the Account Manager decides or refers.
    assert!(refused(check_ticket_step(
        &cal(),
        &e,
        &wf,
        PORTAL_TEAM,
        &decide(),
        on
    ))
    .contains("Account Manager"));
    assert_eq!(
        allowed_steps(&cal(), &e, &wf, MANAGER, on),
        vec!["decide", "message", "refer_to_sme"]
    );
    let refer = TicketAction::ReferToSme {
        sme_id: Some(SME.user_id),
        note: "Pharmacy policy question.".into(),
    };
    assert!(
        refused(check_ticket_step(&cal(), &e, &wf, PORTAL_TEAM, &refer, on))
            .contains("Account Manager")
    );
    let to_self = TicketAction::ReferToSme {
        sme_id: Some(MANAGER.user_id),
        note: "x".into(),
    };
    assert!(refused(check_ticket_step(&cal(), &e, &wf, MANAGER, &to_self, on)).contains("another"));
    check_ticket_step(&cal(), &e, &wf, MANAGER, &refer, on).unwrap();
    wf.review_stage = Some(ReviewStage::Sme);
    wf.sme_id = Some(SME.user_id);
    // Now the SME decides, and the Account Manager no longer does.
    assert!(
        refused(check_ticket_step(&cal(), &e, &wf, MANAGER, &decide(), on))
            .contains("Subject Matter Expert")
    );
    let after = check_ticket_step(&cal(), &e, &wf, SME, &decide(), on).unwrap();
    assert_eq!(after.closed_reason, Some(ClosedReason::HfsDecision));
    // A decision needs its outcome.
    let no_outcome = TicketAction::Decide {
        decision: "x".into(),
        outcome: None,
        attachment_ids: vec![],
    };
    assert!(matches!(
        check_ticket_step(&cal(), &e, &wf, SME, &no_outcome, on),
        Err(ActionProblem::Fields(body)) if body.errors.contains_key("outcome")
    ));
}

fn answered() -> Events {
    Events {
        mco_received_on: d(2026, 1, 5),
        submitted_on: Some(d(2026, 2, 10)),
        presented_on: Some(d(2026, 2, 20)),
        info_requested_on: Some(d(2026, 2, 23)),
        info_provided_on: Some(d(2026, 2, 25)),
        ..Default::default()
    }
}

#[test]
fn an_incomplete_answer_reported_in_time_lets_hfs_close_or_proceed() {
    let wf = Workflow::default();
    let report = TicketAction::ReportIncomplete {
        missing: "The itemized bill is missing.".into(),
        attachment_ids: vec![],
    };
    let on = d(2026, 3, 2);
    assert!(refused(check_ticket_step(
        &cal(),
        &answered(),
        &wf,
        PROVIDER,
        &report,
        on
    ))
    .contains("Only the MCO"));
    check_ticket_step(&cal(), &answered(), &wf, MCO, &report, on).unwrap();
    let e = rules::tickets::apply_action(&answered(), Party::Mco, &report, on);
    assert!(refused(check_ticket_step(&cal(), &e, &wf, MCO, &report, on)).contains("already"));
    let close = TicketAction::Close {
        reason: ClosedReason::IncompleteInfoResponse,
        note: "The bill was not sent.".into(),
        attachment_ids: vec![],
    };
    let closed = check_ticket_step(&cal(), &e, &wf, PORTAL_TEAM, &close, d(2026, 3, 3)).unwrap();
    assert_eq!(closed.status, Status::Closed);
    assert_eq!(
        closed.closed_reason,
        Some(ClosedReason::IncompleteInfoResponse)
    );
    let e_closed = rules::tickets::apply_action(&e, Party::Hfs, &close, d(2026, 3, 3));
    // The MCO's clock stops there: no fine however long after.
    let t = timeline(&cal(), &e_closed, d(2026, 6, 1)).unwrap();
    assert!(t.fines.is_empty());
    assert_eq!(t.closed_reason, Some(ClosedReason::IncompleteInfoResponse));
    // Or HFS tells the MCO to proceed, and then cannot close for it.
    let proceed = TicketAction::Proceed {
        note: "The bill is on the ticket.".into(),
    };
    check_ticket_step(&cal(), &e, &wf, PORTAL_TEAM, &proceed, d(2026, 3, 3)).unwrap();
    let e = rules::tickets::apply_action(&e, Party::Hfs, &proceed, d(2026, 3, 3));
    assert!(refused(check_ticket_step(
        &cal(),
        &e,
        &wf,
        PORTAL_TEAM,
        &close,
        d(2026, 3, 4)
    ))
    .contains("not reported"));
}

#[test]
fn an_incomplete_answer_is_reported_within_the_mcos_resolution_period_only() {
    let wf = Workflow::default();
    let report = TicketAction::ReportIncomplete {
        missing: "x".into(),
        attachment_ids: vec![],
    };
    // Presented February 20, 2026: the MCO's period ends Monday, March 23, 2026.
    let due = d(2026, 3, 23);
    assert!(check_ticket_step(&cal(), &answered(), &wf, MCO, &report, due).is_ok());
    let late = refused(check_ticket_step(
        &cal(),
        &answered(),
        &wf,
        MCO,
        &report,
        due + Duration::days(1),
    ));
    assert!(late.contains("resolution period"), "{late}");
    // Nothing to report before the provider answered.
    let asked = Events {
        info_provided_on: None,
        ..answered()
    };
    assert!(check_ticket_step(&cal(), &asked, &wf, MCO, &report, d(2026, 2, 24)).is_err());
}

fn closed_accepted() -> Events {
    Events {
        mco_received_on: d(2026, 1, 5),
        submitted_on: Some(d(2026, 2, 10)),
        presented_on: Some(d(2026, 2, 20)),
        mco_responded_on: Some(d(2026, 3, 2)),
        provider_decision: Some(rules::timeline::ProviderDecision::Accepted),
        provider_decided_on: Some(d(2026, 3, 3)),
        ..Default::default()
    }
}

#[test]
fn a_resolution_not_carried_out_is_reported_after_its_date_and_the_ticket_stays_closed() {
    let mut wf = Workflow {
        resolve_by: Some(d(2026, 4, 1)),
        ..Default::default()
    };
    let report = TicketAction::ReportUnresolved {
        message: "The claim was not reprocessed.".into(),
        attachment_ids: vec![],
    };
    let e = closed_accepted();
    assert!(refused(check_ticket_step(
        &cal(),
        &e,
        &wf,
        PROVIDER,
        &report,
        d(2026, 4, 1)
    ))
    .contains("has until"));
    let after = check_ticket_step(&cal(), &e, &wf, PROVIDER, &report, d(2026, 4, 2)).unwrap();
    assert_eq!(after.status, Status::Closed, "never reopened");
    assert!(refused(check_ticket_step(
        &cal(),
        &e,
        &wf,
        MCO,
        &report,
        d(2026, 4, 2)
    ))
    .contains("Only"));
    assert_eq!(
        allowed_steps(&cal(), &e, &wf, PROVIDER, d(2026, 4, 2)),
        vec!["report_unresolved"]
    );
    wf.follow_up_open = true;
    assert!(refused(check_ticket_step(
        &cal(),
        &e,
        &wf,
        PROVIDER,
        &report,
        d(2026, 4, 2)
    ))
    .contains("already"));
    let close = TicketAction::CloseFollowUp {
        note: "The MCO reprocessed the claim on April 3.".into(),
        attachment_ids: vec![],
    };
    assert!(check_ticket_step(&cal(), &e, &wf, PROVIDER, &close, d(2026, 4, 3)).is_err());
    assert!(check_ticket_step(&cal(), &e, &wf, PORTAL_TEAM, &close, d(2026, 4, 3)).is_ok());
    assert_eq!(
        allowed_steps(&cal(), &e, &wf, PORTAL_TEAM, d(2026, 4, 3)),
        vec!["close_follow_up"]
    );
    // No date from the MCO: nothing to follow up.
    let none = Workflow::default();
    assert!(refused(check_ticket_step(
        &cal(),
        &e,
        &none,
        PROVIDER,
        &report,
        d(2026, 4, 2)
    ))
    .contains("no date"));
}

fn respond(plan: Option<&str>, by: Option<&str>) -> TicketAction {
    TicketAction::Respond {
        outcome: ResponseOutcome::Overturned,
        response: "We will reprocess the claim.".into(),
        contact_name: "Pat Rep".into(),
        contact_phone: "312 555 0199".into(),
        contact_email: "pat@mco.example".into(),
        resolution_plan: plan.map(str::to_owned),
        resolve_by: by.map(str::to_owned),
        attachment_ids: vec![],
    }
}

#[test]
fn the_plan_and_its_date_come_both_or_neither_and_the_date_is_not_past() {
    let e = Events {
        mco_received_on: d(2026, 1, 5),
        submitted_on: Some(d(2026, 2, 10)),
        presented_on: Some(d(2026, 2, 20)),
        ..Default::default()
    };
    let wf = Workflow::default();
    let on = d(2026, 3, 2);
    let fields = |a: TicketAction| match check_ticket_step(&cal(), &e, &wf, MCO, &a, on) {
        Err(ActionProblem::Fields(body)) => body.errors.keys().cloned().collect::<Vec<_>>(),
        other => panic!("{other:?}"),
    };
    assert_eq!(fields(respond(Some("Reprocess"), None)), vec!["resolve_by"]);
    assert_eq!(
        fields(respond(None, Some("2026-03-20"))),
        vec!["resolution_plan"]
    );
    assert_eq!(
        fields(respond(Some("Reprocess"), Some("2026-02-30"))),
        vec!["resolve_by"]
    );
    assert_eq!(
        fields(respond(Some("Reprocess"), Some("2026-03-01"))),
        vec!["resolve_by"]
    );
    assert!(check_ticket_step(&cal(), &e, &wf, MCO, &respond(None, None), on).is_ok());
    assert!(check_ticket_step(
        &cal(),
        &e,
        &wf,
        MCO,
        &respond(Some("Reprocess"), Some("2026-03-20")),
        on
    )
    .is_ok());
}

#[test]
fn hfs_closes_a_submitted_ticket_for_the_other_reasons_the_seeds_give() {
    let e = Events {
        mco_received_on: d(2026, 1, 5),
        submitted_on: Some(d(2026, 2, 10)),
        ..Default::default()
    };
    for reason in [
        ClosedReason::McoNotGivenChance,
        ClosedReason::SeveralIssues,
        ClosedReason::SeveralMcos,
        ClosedReason::SeveralClaimsWithoutTemplate,
    ] {
        let close = TicketAction::Close {
            reason,
            note: "See the reason.".into(),
            attachment_ids: vec![],
        };
        let t = check_ticket_step(
            &cal(),
            &e,
            &Workflow::default(),
            PORTAL_TEAM,
            &close,
            d(2026, 2, 11),
        )
        .unwrap();
        assert_eq!(t.closed_reason, Some(reason));
        assert!(!reason.explanation().is_empty());
    }
    // The incomplete-answer closing is not one of them: it needs the MCO's report.
    let close = TicketAction::Close {
        reason: ClosedReason::IncompleteInfoResponse,
        note: "x".into(),
        attachment_ids: vec![],
    };
    assert!(check_ticket_step(
        &cal(),
        &e,
        &Workflow::default(),
        PORTAL_TEAM,
        &close,
        d(2026, 2, 11)
    )
    .is_err());
}

#[test]
fn only_hfs_administrators_set_a_target_for_an_expedited_ticket() {
    let e = Events {
        mco_received_on: d(2026, 1, 5),
        submitted_on: Some(d(2026, 2, 10)),
        ..Default::default()
    };
    let wf = Workflow {
        expedited: true,
        ..Default::default()
    };
    let target = TicketAction::SetPresentTarget {
        present_by: "2026-02-12".into(),
    };
    let admin = Actor {
        hfs_admin: true,
        ..PORTAL_TEAM
    };
    let on = d(2026, 2, 11);
    assert!(
        refused(check_ticket_step(&cal(), &e, &wf, PORTAL_TEAM, &target, on))
            .contains("administrators")
    );
    assert!(check_ticket_step(&cal(), &e, &wf, admin, &target, on).is_ok());
    assert!(check_ticket_step(&cal(), &e, &Workflow::default(), admin, &target, on).is_err());
    let past = TicketAction::SetPresentTarget {
        present_by: "2026-02-10".into(),
    };
    assert!(matches!(
        check_ticket_step(&cal(), &e, &wf, admin, &past, on),
        Err(ActionProblem::Fields(_))
    ));
    // No deadline is invented: the engine's clocks are the same as for any ticket.
    let t = timeline(&cal(), &e, on).unwrap();
    assert_eq!(
        t.deadline(ClockKey::PresentToMco).unwrap().due_on,
        d(2026, 2, 26)
    );
}
