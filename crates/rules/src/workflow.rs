//! The steps of a ticket that move no clock (issue 13): HFS's review as the MCO policy runs it
//! (the Portal Team assigns an HFS MCO Account Manager, who decides or refers the review to an
//! HFS Subject Matter Expert, who then decides), the provider's follow-up after closure (the
//! overview, step 12), and the target HFS administrators set for presenting an expedited ticket.
//!
//! The clocks' steps are [`crate::transitions`]'s; these need what the engine does not hold (who
//! holds the review, the MCO's `resolve_by`, an open follow-up), kept in [`Workflow`]. Checked
//! here once, for the server and the page alike (`rules::tickets::check_step`).

use chrono::NaiveDate;

use crate::dates::long_date;
use crate::timeline::Status;
use crate::transitions::Party;
use crate::wire::tickets::{ReviewStage, TicketAction};

/// The overview's note on HFS's review, said on every review page and email.
pub const NOT_CONTESTED_CASE: &str = "Disputes between MCOs and providers presented to HFS for \
     resolution are not contested cases, and do not confer any right to an administrative hearing.";

/// What a ticket holds beside its clocks' events.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Workflow {
    /// Where HFS's review stands, once the provider asked for it.
    pub review_stage: Option<ReviewStage>,
    /// The HFS MCO Account Manager (a user id) assigned to the review.
    pub account_manager_id: Option<i64>,
    /// The HFS Subject Matter Expert (a user id) the review was referred to.
    pub sme_id: Option<i64>,
    /// The date by which the MCO said the dispute will be resolved.
    pub resolve_by: Option<NaiveDate>,
    /// A follow-up waits for HFS.
    pub follow_up_open: bool,
    /// The provider said the issue stops a member from getting care now.
    pub expedited: bool,
}

/// Who takes a step: the party, the user, and whether they are an HFS administrator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Actor {
    pub party: Party,
    pub user_id: i64,
    pub hfs_admin: bool,
}

/// The keys of the steps this module decides alone, in the order the ticket page shows them.
pub const STEP_KEYS: [&str; 5] = [
    "set_present_target",
    "assign_review",
    "refer_to_sme",
    "report_unresolved",
    "close_follow_up",
];

/// Whether `action` is one of this module's steps (no clock moves).
pub fn is_step(action: &TicketAction) -> bool {
    matches!(
        action,
        TicketAction::SetPresentTarget { .. }
            | TicketAction::AssignReview { .. }
            | TicketAction::ReferToSme { .. }
            | TicketAction::ReportUnresolved { .. }
            | TicketAction::CloseFollowUp { .. }
    )
}

fn only(actor: Actor, party: Party) -> Result<(), String> {
    if actor.party == party {
        Ok(())
    } else {
        Err(match party {
            Party::Provider => "Only the provider can do this",
            Party::Mco => "Only the MCO can do this",
            Party::Hfs => "Only HFS can do this",
        }
        .to_owned())
    }
}

fn in_review(status: Status) -> Result<(), String> {
    if status == Status::HfsReview {
        Ok(())
    } else {
        Err(format!(
            "This can be done only during Administrative Review; the ticket is \"{}\"",
            status.label()
        ))
    }
}

/// Who may record HFS's decision: the review's holder (the Account Manager, or the SME it was
/// referred to), once the Portal Team assigned it.
pub fn check_decider(wf: &Workflow, actor: Actor) -> Result<(), String> {
    only(actor, Party::Hfs)?;
    match wf.review_stage {
        Some(ReviewStage::AccountManager) if wf.account_manager_id == Some(actor.user_id) => Ok(()),
        Some(ReviewStage::Sme) if wf.sme_id == Some(actor.user_id) => Ok(()),
        Some(ReviewStage::AccountManager) => {
            Err("Only the HFS MCO Account Manager assigned to this review can decide it".into())
        }
        Some(ReviewStage::Sme) => {
            Err("Only the HFS Subject Matter Expert this review was referred to can decide it".into())
        }
        _ => Err(
            "Assign the review to an HFS MCO Account Manager first: the decision is theirs, or a Subject Matter Expert's"
                .into(),
        ),
    }
}

/// Whether `actor` may take the step `action` (one of [`is_step`]) on a ticket whose status is
/// `status`, on `on`. Text fields are checked apart (`rules::tickets::check_action_fields`).
pub fn check(
    wf: &Workflow,
    status: Status,
    actor: Actor,
    action: &TicketAction,
    on: NaiveDate,
) -> Result<(), String> {
    match action {
        TicketAction::SetPresentTarget { .. } => {
            only(actor, Party::Hfs)?;
            if !actor.hfs_admin {
                return Err("Only HFS administrators can set a target for presenting".into());
            }
            if !wf.expedited {
                return Err("A target for presenting is set only for an expedited ticket".into());
            }
            if status != Status::Submitted {
                return Err("The ticket has already been presented or closed".into());
            }
            Ok(())
        }
        TicketAction::AssignReview { .. } => {
            only(actor, Party::Hfs)?;
            in_review(status)?;
            match wf.review_stage {
                None | Some(ReviewStage::Requested) => Ok(()),
                Some(_) => {
                    Err("An HFS MCO Account Manager is already assigned to this review".into())
                }
            }
        }
        TicketAction::ReferToSme { sme_id, .. } => {
            only(actor, Party::Hfs)?;
            in_review(status)?;
            match wf.review_stage {
                Some(ReviewStage::AccountManager) => {}
                Some(ReviewStage::Sme) => {
                    return Err("The review is already with a Subject Matter Expert".into())
                }
                _ => return Err("Assign an HFS MCO Account Manager first".into()),
            }
            if wf.account_manager_id != Some(actor.user_id) {
                return Err(
                    "Only the HFS MCO Account Manager assigned to this review can refer it".into(),
                );
            }
            if sme_id.is_some() && *sme_id == wf.account_manager_id {
                return Err("Refer the review to another HFS user than its Account Manager".into());
            }
            Ok(())
        }
        TicketAction::ReportUnresolved { .. } => {
            only(actor, Party::Provider)?;
            if status != Status::Closed {
                return Err(
                    "A resolution not carried out is reported once the ticket is closed".into(),
                );
            }
            let Some(by) = wf.resolve_by else {
                return Err("The MCO gave no date by which the complaint would be resolved".into());
            };
            if on <= by {
                return Err(format!(
                    "The MCO has until {} to resolve the complaint: report it after that date",
                    long_date(by)
                ));
            }
            if wf.follow_up_open {
                return Err("A follow-up is already with HFS".into());
            }
            Ok(())
        }
        TicketAction::CloseFollowUp { .. } => {
            only(actor, Party::Hfs)?;
            if wf.follow_up_open {
                Ok(())
            } else {
                Err("There is no open follow-up on this ticket".into())
            }
        }
        _ => Err("This is not a step of the review or the follow-up".into()),
    }
}
