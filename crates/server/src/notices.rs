//! Every email the server writes into the outbox, subject and body, as functions of typed inputs:
//! the account messages (registration, facility requests and invitations) and the ticket messages
//! (the receipt, each step, the closings by rule, the fine notice). Where they go is the caller's
//! (`crate::outbox` queues them).
//!
//! The messages are written in plain words, greeting as the State's sample invitation does (the
//! registration instructions) and signed "HFS Portal Team". Account messages carry account matters
//! only: names of organizations and facilities, dates, invitation codes, HFS's reasons. Ticket
//! messages carry the ticket number, the MCO's tracking number, what happened, what to do and by
//! when; every free text stays in the portal. No protected health information ever goes in them.
//!
//! May import: `outbox` (the message and recipient types), `tickets` (the parties in words).

use chrono::NaiveDate;
use rules::dates::{deadline_words, long_date};
use rules::money::dollars;
use rules::sanctions::Quarter;
use rules::tickets::{DRAFT_KEPT_DAYS, DRAFT_WARNED_DAYS_BEFORE};
use rules::timeline::{ClockKey, ClosedReason, Status, Timeline};
use rules::transitions::Party;
use rules::wire::sanctions::SanctionNotice;
use rules::wire::tickets::TicketAction;
use rules::workflow::NOT_CONTESTED_CASE;

use crate::outbox::{Message, Recipients};
use crate::tickets::party_name;

// ---------------------------------------------------------------------------------------------
// Accounts

/// An account message: the greeting, `paragraphs`, where to ask for help, the signature.
fn account_message(subject: &str, paragraphs: &[String]) -> Message {
    let mut body = String::from("Greetings from Illinois Healthcare and Family Services.\n\n");
    for paragraph in paragraphs {
        body.push_str(paragraph);
        body.push_str("\n\n");
    }
    body.push_str(
        "For help with signing in, send an email to hfs.crm.help@illinois.gov.\n\n\
         Regards,\n\nHFS Portal Team\n",
    );
    Message {
        subject: subject.to_owned(),
        body,
    }
}

/// The profile was sent: HFS will review it by `review_due_on`.
pub fn registration_received(organization: &str, review_due_on: NaiveDate) -> Message {
    account_message(
        "We received your registration request",
        &[
            format!(
                "We received your request to register for the Provider Resolution Portal for {organization}."
            ),
            format!(
                "HFS Portal staff will review it by {}. We will email you when it is decided. If you \
                 do not hear from us by then, check your spam folder.",
                long_date(review_due_on)
            ),
            "You cannot enter tickets until your registration is approved.".to_owned(),
        ],
    )
}

/// HFS approved the registration.
pub fn registration_approved(organization: &str) -> Message {
    account_message(
        "Your registration is approved",
        &[
            format!(
                "Your registration for the Provider Resolution Portal is approved. You can now act for \
                 {organization}."
            ),
            "Sign in with the username and password you chose when you registered. You can then \
             enter tickets in the portal."
                .to_owned(),
        ],
    )
}

/// HFS denied the registration, saying why.
pub fn registration_denied(reason: &str) -> Message {
    account_message(
        "Your registration request needs changes",
        &[
            "HFS Portal staff could not approve your registration request for the Provider \
             Resolution Portal."
                .to_owned(),
            format!("The reason HFS gave:\n\n{reason}"),
            "Sign in, correct your profile and send your registration request again.".to_owned(),
        ],
    )
}

/// A Multiple Provider/Facility Registration Request was received.
pub fn facility_request_received(count: u32, review_due_on: NaiveDate) -> Message {
    let facilities = if count == 1 {
        "1 provider or facility".to_owned()
    } else {
        format!("{count} providers or facilities")
    };
    account_message(
        "We received your request to add facilities",
        &[
            format!(
                "We received your Multiple Provider/Facility Registration Request for {facilities}."
            ),
            format!(
                "HFS Portal staff will review it by {}. For each approved provider or facility you \
                 will receive an email with an invitation code.",
                long_date(review_due_on)
            ),
        ],
    )
}

/// HFS approved one requested facility: the invitation code that adds it to an account, and the
/// link that opens the redeem page with the code filled in (`{public-url}/account/invitation#code=...`).
pub fn facility_invitation(
    facility: &str,
    code: &str,
    link: &str,
    expires_on: NaiveDate,
) -> Message {
    account_message(
        "Your invitation to the Provider Resolution Portal",
        &[
            format!("You've been invited to act for {facility} in the Provider Resolution Portal."),
            format!("Your invitation code is:\n\n{code}"),
            format!(
                "To redeem it, sign in and open this link, which fills the code in for you:\n\n{link}\n\n\
                 Or enter the code at /account/invitation after you sign in. The code can be used \
                 once, until {}.",
                long_date(expires_on)
            ),
        ],
    )
}

/// Someone asked for a new password of the account `username`: the single-use link that sets it,
/// valid for `valid_minutes`.
pub fn password_reset(username: &str, link: &str, valid_minutes: u64) -> Message {
    account_message(
        "Reset your Provider Resolution Portal password",
        &[
            format!(
                "We received a request to reset the password of your Provider Resolution Portal \
                 account {username}."
            ),
            format!("To choose a new password, open this link:\n\n{link}"),
            format!(
                "The link works once, for {valid_minutes} minutes. If it has expired, ask for a new \
                 one on the sign-in page (\"Forgot your password?\")."
            ),
            "If you did not ask for this, you can ignore this email: your password stays as it is."
                .to_owned(),
        ],
    )
}

/// The password of the account `username` was changed (by the user, or through a reset link).
pub fn password_changed(username: &str) -> Message {
    account_message(
        "Your Provider Resolution Portal password was changed",
        &[
            format!(
                "The password of your Provider Resolution Portal account {username} was just \
                 changed, and every session of the account was signed out."
            ),
            "If you did not change it, reset it at once with \"Forgot your password?\" on the \
             sign-in page and tell the HFS Portal Team."
                .to_owned(),
        ],
    )
}

/// Two-step sign-in was set up for the account `username`.
pub fn mfa_enrolled(username: &str) -> Message {
    account_message(
        "Two-step sign-in is now on for your Provider Resolution Portal account",
        &[
            format!(
                "Two-step sign-in was just set up for your Provider Resolution Portal account \
                 {username}: from now on you sign in with your password and a code from your \
                 authenticator app. Every other session of the account was signed out."
            ),
            "If you did not do this, tell the HFS Portal Team at once.".to_owned(),
        ],
    )
}

/// An administrator changed the role of the account `username` from `old` to `new` (in words:
/// "HFS portal staff", "MCO staff (Aetna Better Health of Illinois)"); `needs_mfa`: the new role
/// signs in in two steps.
pub fn role_changed(username: &str, old: &str, new: &str, needs_mfa: bool) -> Message {
    let mut paragraphs = vec![format!(
        "An HFS administrator changed the role of your Provider Resolution Portal account \
             {username} from {old} to {new}. What you can see and do in the portal changed with \
             it, from your next page."
    )];
    if needs_mfa {
        paragraphs.push(
            "This role signs in in two steps: if two-step sign-in is not set up for your \
             account yet, the portal will ask you to set it up with your authenticator app."
                .to_owned(),
        );
    }
    paragraphs.push("If you did not expect this, tell the HFS Portal Team at once.".to_owned());
    account_message(
        "The role of your Provider Resolution Portal account was changed",
        &paragraphs,
    )
}

/// An administrator reset the two-step sign-in of the account `username`.
pub fn mfa_reset(username: &str) -> Message {
    account_message(
        "Two-step sign-in was reset for your Provider Resolution Portal account",
        &[
            format!(
                "An HFS administrator reset the two-step sign-in of your Provider Resolution \
                 Portal account {username}, and every session of the account was signed out. \
                 Your old authenticator entry and recovery codes no longer work."
            ),
            "The next time you sign in, the portal will ask you to set up two-step sign-in \
             again with your authenticator app."
                .to_owned(),
            "If you did not ask for this, tell the HFS Portal Team at once.".to_owned(),
        ],
    )
}

/// Confirm that this address is yours: the single-use link, valid for `valid_hours`. `contact`: the
/// address is the profile's contact email (else the account's email).
pub fn confirm_email(link: &str, valid_hours: u64, contact: bool) -> Message {
    let what = if contact {
        "This address was given as the contact email of a registration request for the Provider \
         Resolution Portal. Confirm that it is yours before we use it"
    } else {
        "Thank you for creating a Provider Resolution Portal account. Confirm your email address \
         so that HFS Portal staff can review your registration request"
    };
    account_message(
        "Confirm your email address for the Provider Resolution Portal",
        &[
            format!("{what}: open this link.\n\n{link}"),
            format!(
                "The link works once, for {valid_hours} hours. If it has expired, sign in and choose \
                 \"Send the link again\" on your account page."
            ),
            "If you did not ask for this, you can ignore this email.".to_owned(),
        ],
    )
}

/// HFS denied one requested facility, saying why.
pub fn facility_request_denied(facility: &str, reason: &str) -> Message {
    account_message(
        "Your request to add a facility was not approved",
        &[
            format!(
                "HFS Portal staff could not approve your request to act for {facility} in the \
                 Provider Resolution Portal."
            ),
            format!("The reason HFS gave:\n\n{reason}"),
            "You can send a new request with the corrected details from your account page."
                .to_owned(),
        ],
    )
}

// ---------------------------------------------------------------------------------------------
// Tickets

/// What every ticket email names: the ticket number, the MCO's complaint tracking number (the MCO
/// policy on portal requirements: on all correspondence) and the link to the ticket.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TicketRef<'a> {
    /// "PRP-2026-000123".
    pub number: &'a str,
    pub tracking: &'a str,
    /// `{public-url}/tickets/{id}`.
    pub link: &'a str,
}

/// A message about a ticket and who receives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TicketNotice {
    pub message: Message,
    pub to: Recipients,
}

/// A message about ticket `t`: its number, tracking number and link, the paragraphs, and the
/// signature. Free texts (requests, answers, notes, decisions, messages) are never copied in: they
/// may name a member.
fn ticket_message(subject: String, t: &TicketRef, paragraphs: &[String]) -> Message {
    let mut body = String::from("Greetings from Illinois Healthcare and Family Services.\n\n");
    body.push_str(&ticket_header(t));
    body.push('\n');
    for paragraph in paragraphs {
        body.push_str(paragraph);
        body.push_str("\n\n");
    }
    body.push_str(&format!(
        "See the ticket, its history and every deadline in the Provider Resolution Portal:\n{}\n\n\
         Regards,\n\nHFS Portal Team\n",
        t.link
    ));
    Message { subject, body }
}

/// The lines that open every ticket email: the ticket number and the MCO tracking number.
fn ticket_header(t: &TicketRef) -> String {
    let mut header = format!("Provider Resolution ticket: {}\n", t.number);
    if !t.tracking.trim().is_empty() {
        header.push_str(&format!(
            "MCO complaint tracking number: {}\n",
            t.tracking.trim()
        ));
    }
    header
}

/// The provider's receipt (to the ticket's contact): the number and when HFS will present it. No
/// protected health information (no member, no RIN, no dates of service).
pub fn ticket_received(t: &TicketRef, present_by: Option<NaiveDate>) -> TicketNotice {
    let next = match present_by {
        Some(date) => format!(
            "HFS will check it and present it to the MCO by {}.",
            deadline_words(date)
        ),
        None => "HFS will check it and present it to the MCO.".to_owned(),
    };
    TicketNotice {
        message: ticket_message(
            format!("We received your ticket {}", t.number),
            t,
            &[
                format!(
                    "We received your ticket {} in the Provider Resolution Portal.",
                    t.number
                ),
                format!("{next} We will email you when something happens on the ticket."),
            ],
        ),
        to: Recipients::PROVIDER,
    }
}

/// HFS's notice of a new ticket to check and present by `present_by`.
pub fn ticket_submitted_to_hfs(t: &TicketRef, present_by: Option<NaiveDate>) -> TicketNotice {
    let by = present_by
        .map(|d| format!(" by {}", deadline_words(d)))
        .unwrap_or_default();
    TicketNotice {
        message: ticket_message(
            format!("New ticket {} to check", t.number),
            t,
            &[format!(
                "A provider submitted a new ticket. Check it and present it to the MCO, or close \
                 it, in the portal{by}."
            )],
        ),
        to: Recipients::HFS,
    }
}

/// The closing the rules made (`reason`) of ticket `number`, to both parties.
pub fn closed_by_rule(t: &TicketRef, reason: ClosedReason) -> TicketNotice {
    TicketNotice {
        message: ticket_message(
            format!("Ticket {} is closed", t.number),
            t,
            &[
                format!("The ticket was closed. {}", reason.explanation()),
                "A closed ticket is not reopened.".to_owned(),
            ],
        ),
        to: Recipients::PROVIDER_AND_MCO,
    }
}

/// The fine notice to the MCO (and HFS: an overdue MCO response), in the words of the MCO policy on
/// portal requirements: ticket `t`'s written proposal was due `was_due`; the fine is
/// `amount_cents`. The tracking number and the link follow the policy's words.
pub fn fine_issued(t: &TicketRef, was_due: NaiveDate, amount_cents: i64) -> TicketNotice {
    let number = t.number;
    let message = Message {
        subject: format!("MCO Provider Resolution Portal Fine Notice – {number}"),
        body: format!(
            "A written proposal for Provider Resolution ticket {number} was due {}. Your written \
             proposal was not received on or before this date. Your plan has been fined {} for \
             the untimely handling of the Provider Resolution Ticket.\n\n{}\n{}\n\nHFS Portal Team\n",
            long_date(was_due),
            dollars(amount_cents),
            ticket_header(t).trim_end(),
            t.link,
        ),
    };
    TicketNotice {
        message,
        to: Recipients {
            provider: false,
            mco: true,
            hfs: true,
        },
    }
}

/// The end of the due date of `key` in `timeline`, in words that follow "by" or "until": "11:59
/// p.m. Central time on Monday, October 19, 2026".
fn due(timeline: &Timeline, key: ClockKey) -> Option<String> {
    timeline.deadline(key).map(|d| deadline_words(d.due_on))
}

/// What the other parties are told of `action` taken by `party` on ticket `t`, its deadlines
/// those of `timeline` after the step; `None` when nobody needs to be.
pub fn ticket_action(
    action: &TicketAction,
    party: Party,
    t: &TicketRef,
    timeline: &Timeline,
) -> Option<TicketNotice> {
    let number = t.number;
    let mco_response = due(timeline, ClockKey::McoResponse);
    let both = Recipients::PROVIDER_AND_MCO;
    let provider = Recipients::PROVIDER;
    let mco = Recipients::MCO;
    let with_hfs = |to: Recipients| Recipients { hfs: true, ..to };
    let (subject, to, paragraphs): (String, Recipients, Vec<String>) = match action {
        TicketAction::Present => (
            format!("Ticket {number} is with the MCO"),
            both,
            vec![
                "HFS checked the ticket and presented it to the MCO.".to_owned(),
                format!(
                    "MCO: if you need more information from the provider, ask for it in the portal \
                     by {}. Your written response is due by {}.",
                    due(timeline, ClockKey::McoInfoRequest)?,
                    mco_response.clone()?
                ),
            ],
        ),
        TicketAction::Close {
            reason: ClosedReason::IncompleteInfoResponse,
            ..
        } => (
            format!("Ticket {number} was closed by HFS"),
            both,
            vec![
                "The MCO reported that the answer to its request for information was incomplete, \
                 and HFS closed the ticket. HFS's reason is in the portal."
                    .to_owned(),
                "A closed ticket is not reopened: if the dispute can still be filed, file a new \
                 ticket with all the information included."
                    .to_owned(),
            ],
        ),
        TicketAction::Close { .. } => (
            format!("Ticket {number} was closed by HFS"),
            provider,
            vec![
                "HFS closed the ticket without presenting it to the MCO. HFS's reason is in the \
                 portal."
                    .to_owned(),
                "A closed ticket is not reopened: if the dispute can still be filed, file a new \
                 ticket."
                    .to_owned(),
            ],
        ),
        TicketAction::RequestInfo { .. } => (
            format!("The MCO asked for more information on ticket {number}"),
            provider,
            vec![
                "The MCO asked for more information. Its request is in the portal.".to_owned(),
                format!(
                    "Answer in the portal by {}. If no answer is given by then, the ticket is \
                     closed.",
                    due(timeline, ClockKey::ProviderInfoResponse)?
                ),
            ],
        ),
        TicketAction::ProvideInfo { .. } => (
            format!("The provider answered on ticket {number}"),
            mco,
            vec![
                "The provider answered your request for information. The answer is in the portal."
                    .to_owned(),
                format!("Your written response is due by {}.", mco_response?),
            ],
        ),
        TicketAction::RequestExtension { .. } => (
            format!("An extension was asked for on ticket {number}"),
            with_hfs(if party == Party::Mco { provider } else { mco }),
            vec![format!(
                "{} asked HFS for the single {}-day extension. HFS will approve or refuse it; \
                 until then the MCO's written response is due by {}.",
                party_name(party),
                rules::rule_table::extension_length(),
                mco_response?
            )],
        ),
        TicketAction::ApproveExtension => (
            format!("Extension approved on ticket {number}"),
            both,
            vec![format!(
                "HFS approved the extension. The MCO's written response is now due by {}.",
                mco_response?
            )],
        ),
        TicketAction::RefuseExtension { .. } => (
            format!("Extension refused on ticket {number}"),
            both,
            vec![format!(
                "HFS refused the extension; its reason is in the portal. The MCO's written \
                 response is still due by {}.",
                mco_response?
            )],
        ),
        TicketAction::Respond { .. } => (
            format!("The MCO responded on ticket {number}"),
            provider,
            vec![
                "The MCO entered its written response. It is in the portal, with the name, phone \
                 and email of a contact at the MCO."
                    .to_owned(),
                format!(
                    "Accept or contest the response in the portal by {}. If you do neither, the \
                     response stands and the ticket is closed.",
                    due(timeline, ClockKey::ProviderDecision)?
                ),
            ],
        ),
        TicketAction::Accept => (
            format!("Ticket {number} is closed: response accepted"),
            mco,
            vec!["The provider accepted your written response. The ticket is closed.".to_owned()],
        ),
        TicketAction::Contest { .. } => (
            format!("The provider contested your response on ticket {number}"),
            mco,
            vec![format!(
                "The provider contested your written response. The provider may ask HFS to \
                 review the dispute until {}.",
                due(timeline, ClockKey::HfsReviewRequest)?
            )],
        ),
        TicketAction::RequestReview { .. } => (
            format!("Ticket {number} is in Administrative Review"),
            with_hfs(mco),
            vec![format!(
                "The provider asked HFS to review the dispute. Deliver all relevant information \
                 to HFS, with contact information for knowledgeable staff, by {}.",
                due(timeline, ClockKey::InformationDelivery)?
            )],
        ),
        TicketAction::DeliverInformation { .. } => (
            format!(
                "{} delivered its information for ticket {number}",
                party_name(party)
            ),
            Recipients {
                provider: false,
                mco: false,
                hfs: true,
            },
            vec![match timeline.deadline(ClockKey::InformationDelivery) {
                Some(d) if d.met_on.is_some() => format!(
                    "Both parties have delivered their information for HFS's review. HFS's \
                     decision is due by {}.",
                    due(timeline, ClockKey::HfsDecision)?
                ),
                _ => format!(
                    "{} delivered its information for HFS's review; it is in the portal. The \
                     other party has until {} to deliver its own.",
                    party_name(party),
                    due(timeline, ClockKey::InformationDelivery)?
                ),
            }],
        ),
        TicketAction::ReportIncomplete { .. } => (
            format!("The MCO reported an incomplete answer on ticket {number}"),
            with_hfs(provider),
            vec![
                "The MCO reported that the answer to its request for information is \
                 incomplete, and said what is missing; it is in the portal."
                    .to_owned(),
                "HFS will either close the ticket or tell the MCO to proceed with the answer as \
                 given."
                    .to_owned(),
            ],
        ),
        TicketAction::Proceed { .. } => (
            format!("HFS asked the MCO to proceed on ticket {number}"),
            both,
            vec![format!(
                "HFS told the MCO to proceed with the provider's answer as given. The MCO's \
                 written response is due by {}.",
                mco_response?
            )],
        ),
        TicketAction::AssignReview { .. } => (
            format!("Ticket {number}: an HFS MCO Account Manager is reviewing it"),
            both,
            vec![
                "HFS placed the ticket in Administrative Review with an HFS MCO Account \
                 Manager. The review's stage is shown on the ticket in the portal."
                    .to_owned(),
                NOT_CONTESTED_CASE.to_owned(),
            ],
        ),
        TicketAction::ReferToSme { .. } => (
            format!("Ticket {number}: referred to an HFS Subject Matter Expert"),
            Recipients {
                provider: false,
                mco: false,
                hfs: true,
            },
            vec![
                "The HFS MCO Account Manager referred the review to an HFS Subject Matter \
                 Expert for the HFS decision. The note is in the portal."
                    .to_owned(),
            ],
        ),
        TicketAction::ReportUnresolved { .. } => (
            format!("Follow-up on closed ticket {number}"),
            with_hfs(mco),
            vec![
                "The provider reported that the MCO's resolution was not carried out by the \
                 date the MCO gave. The report is in the portal for HFS's review."
                    .to_owned(),
                "The ticket stays closed; HFS will answer the follow-up in the portal.".to_owned(),
            ],
        ),
        TicketAction::CloseFollowUp { .. } => (
            format!("HFS answered the follow-up on ticket {number}"),
            both,
            vec!["HFS closed the follow-up with a note; it is in the portal.".to_owned()],
        ),
        TicketAction::SetPresentTarget { .. } => return None,
        TicketAction::Decide { .. } => (
            format!("HFS decided ticket {number}"),
            both,
            vec![
                "HFS made its final decision. The decision, and the decision letter if there is \
                 one, are in the portal. The HFS decision is final. The ticket is closed."
                    .to_owned(),
                NOT_CONTESTED_CASE.to_owned(),
            ],
        ),
        TicketAction::Message { .. } => (
            format!("New message on ticket {number}"),
            Recipients {
                provider: true,
                mco: true,
                hfs: true,
            },
            vec![format!(
                "{} posted a message on the ticket. Read it, and answer if need be, in the portal.",
                party_name(party)
            )],
        ),
    };
    // Nobody but HFS hears of a ticket before it is presented to the MCO; nobody is told of their
    // own step.
    let to = Recipients {
        provider: to.provider && party != Party::Provider,
        mco: to.mco && party != Party::Mco && timeline.status != Status::Submitted,
        hfs: to.hfs && party != Party::Hfs,
    };
    if !(to.provider || to.mco || to.hfs) {
        return None;
    }
    Some(TicketNotice {
        message: ticket_message(subject, t, &paragraphs),
        to,
    })
}

// ---------------------------------------------------------------------------------------------
// Sanctions (the MCO policy: the Portal Sanction Payment Notice; `crate::sanctions` sends them)

/// To HFS: the MCO missed ticket `t`'s response due date (`was_due`) and was fined on `fined_on`.
pub fn missed_response_alert(
    t: &TicketRef,
    mco: &str,
    was_due: NaiveDate,
    fined_on: NaiveDate,
    amount_cents: i64,
    quarter: Quarter,
) -> Message {
    ticket_message(
        format!("MCO response missed – {}", t.number),
        t,
        &[
            format!(
                "{mco} did not give its written response to ticket {} by its due date, {}.",
                t.number,
                long_date(was_due)
            ),
            format!(
                "The portal fined the MCO {} on {} and emailed it the fine notice. The fine will be \
                 on the MCO's Portal Sanction Payment Notice for {}, to be issued no later than {}.",
                dollars(amount_cents),
                long_date(fined_on),
                quarter.in_words(),
                long_date(quarter.notice_due_on())
            ),
            "The ticket is first in the HFS queue, with the overdue tickets.".to_owned(),
        ],
    )
}

/// The email to the owner of a draft last changed at `updated_at` and deleted at `deleted_at`.
pub fn draft_expiry(updated_at: i64, deleted_at: i64, facility: Option<&str>) -> Message {
    let day = |millis: i64| long_date(rules::illinois::today(millis));
    let which = match facility {
        Some(name) if !name.is_empty() => format!("a draft ticket for {name}"),
        _ => "a draft ticket".to_owned(),
    };
    Message {
        subject: format!("A draft ticket will be deleted in {DRAFT_WARNED_DAYS_BEFORE} days"),
        body: format!(
            "Greetings from Illinois Healthcare and Family Services.\n\n\
             You started {which} in the Provider Resolution Portal and last changed it on {}.\n\n\
             Drafts unchanged for {DRAFT_KEPT_DAYS} days are deleted with their files. This \
             one will be deleted on {}. To keep it, sign in, open My tickets and continue the \
             draft, or submit it.\n\n\
             Regards,\n\nHFS Portal Team\n",
            day(updated_at),
            day(deleted_at),
        ),
    }
}

/// To HFS: the notice of `mco` for `quarter`, due `due`, is still a draft on `today`.
pub fn sanction_notice_reminder(
    mco: &str,
    quarter: Quarter,
    due: NaiveDate,
    today: NaiveDate,
    link: &str,
) -> Message {
    let when = if today > due {
        format!("was due {}: it is overdue", long_date(due))
    } else {
        format!("must be issued no later than {}", long_date(due))
    };
    Message {
        subject: format!(
            "Portal Sanction Payment Notice due {} – {mco}, {}",
            long_date(due),
            quarter.label()
        ),
        body: format!(
            "Greetings from Illinois Healthcare and Family Services.\n\n\
             The Portal Sanction Payment Notice for {mco} for {} is still a draft. It {when}.\n\n\
             Review its fines, waive any that should not be charged, and issue it from the \
             portal's Sanction notices page:\n{link}\n\nRegards,\n\nHFS Portal Team\n",
            quarter.in_words()
        ),
    }
}

/// The email of an issued notice: every fine by ticket number, the total, when and where to pay.
pub fn sanction_notice_issued(notice: &SanctionNotice, link: &str) -> Message {
    let quarter = Quarter::parse(&notice.quarter);
    let period = quarter.map_or_else(|| notice.quarter.clone(), |q| q.in_words());
    let words = |iso: &str| rules::dates::iso_in_words(iso);
    let mut body = String::from("Greetings from Illinois Healthcare and Family Services.\n\n");
    body.push_str(&format!(
        "This is the Portal Sanction Payment Notice of {} for the reporting period {period} \
         ({}), issued on {}.\n\n",
        notice.mco,
        notice.quarter,
        notice.issued_on.as_deref().map(words).unwrap_or_default()
    ));
    body.push_str("Portal fines issued during the reporting period:\n\n");
    for fine in &notice.fines {
        body.push_str(&format!(
            "- Ticket {}: written proposal due {}, fined {}, {}\n",
            fine.ticket_number,
            words(&fine.due_on),
            words(&fine.fined_on),
            dollars(fine.amount_cents)
        ));
    }
    body.push_str(&format!(
        "\nTotal sanction payment due to HFS: {}\n\
         Submit the payment no later than {}.\n\n\
         Send the payment for processing to the {} at:\n{}\n\n\
         Include the notice number {} with the payment. The notice is also posted on the \
         portal's public Sanctions page:\n{link}\n\nRegards,\n\nHFS Portal Team\n",
        dollars(notice.total_cents),
        words(&notice.payment_due_on),
        notice.payment_bureau,
        notice.payment_address,
        notice.id
    ));
    Message {
        subject: format!(
            "Portal Sanction Payment Notice – {} – {}",
            notice.quarter, notice.mco
        ),
        body,
    }
}

// ---------------------------------------------------------------------------------------------
// Reminders

/// What the party owing clock `key` has to do, in words that follow "Reminder: ", and who that is;
/// `None` for the clocks nobody is reminded of (the filing window, a step a party may take but
/// need not: asking for information, an extension or a review).
pub fn reminder_task(key: ClockKey) -> Option<(&'static str, Recipients)> {
    Some(match key {
        ClockKey::PresentToMco => (
            "check the ticket and present it to the MCO",
            Recipients::HFS,
        ),
        ClockKey::ProviderInfoResponse => ("answer the MCO's request", Recipients::PROVIDER),
        ClockKey::McoResponse => ("enter the MCO's written response", Recipients::MCO),
        ClockKey::ProviderDecision => {
            ("accept or contest the MCO's response", Recipients::PROVIDER)
        }
        ClockKey::InformationDelivery => (
            "deliver the information for HFS's review",
            Recipients::PROVIDER_AND_MCO,
        ),
        ClockKey::HfsDecision => ("make HFS's decision", Recipients::HFS),
        ClockKey::FilingWindowOpens
        | ClockKey::FilingWindowCloses
        | ClockKey::McoInfoRequest
        | ClockKey::ExtensionRequest
        | ClockKey::HfsReviewRequest
        | ClockKey::RegistrationReview => return None,
    })
}

/// The reminder of clock `key` of ticket `t`, due `due_on`, `days_left` business days before it
/// (0: the due date itself): "Reminder: answer the MCO's request by Friday, December 4, 2026 –
/// PRP-2026-000123".
pub fn reminder(
    t: &TicketRef,
    key: ClockKey,
    due_on: NaiveDate,
    days_left: u32,
) -> Option<TicketNotice> {
    let (task, to) = reminder_task(key)?;
    let by = long_date(due_on);
    let when = rules::countdown::business_days_left_words(days_left);
    let mut first = task.to_owned();
    if let Some(letter) = first.get_mut(0..1) {
        letter.make_ascii_uppercase();
    }
    Some(TicketNotice {
        message: ticket_message(
            format!("Reminder: {task} by {by} – {}", t.number),
            t,
            &[
                format!(
                    "{first} in the portal by {}. {when}.",
                    deadline_words(due_on)
                ),
                "If it is already done, you can ignore this reminder.".to_owned(),
            ],
        ),
        to,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_are_signed_and_greet() {
        let due = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
        let message = registration_received("Springfield Clinic", due);
        assert!(message
            .body
            .starts_with("Greetings from Illinois Healthcare and Family Services."));
        assert!(message.body.contains("Wednesday, November 25, 2026"));
        assert!(message.body.trim_end().ends_with("HFS Portal Team"));
        let invitation = facility_invitation(
            "North Clinic",
            "ABCDE-FGHJK-MNPQR-STUVW",
            "http://127.0.0.1:8080/account/invitation#code=ABCDE-FGHJK-MNPQR-STUVW",
            due,
        );
        assert!(invitation.body.contains("ABCDE-FGHJK-MNPQR-STUVW"));
        assert!(invitation
            .body
            .contains("Or enter the code at /account/invitation after you sign in"));
        assert!(invitation
            .body
            .contains("/account/invitation#code=ABCDE-FGHJK-MNPQR-STUVW"));
        let reset = password_reset("ana1", "http://x/password-reset#token=t", 60);
        assert!(reset.body.contains("account ana1") && reset.body.contains("60 minutes"));
        let confirm = confirm_email("http://x/confirm-email#token=t", 24, true);
        assert!(confirm.body.contains("contact email") && confirm.body.contains("24 hours"));
    }
    #[test]
    fn the_fine_notice_has_the_policys_words() {
        let t = TicketRef {
            number: "PRP-2026-000042",
            tracking: "AET-77",
            link: "http://127.0.0.1:8080/tickets/42",
        };
        let notice = fine_issued(
            &t,
            NaiveDate::from_ymd_opt(2026, 3, 23).unwrap(),
            rules::timeline::FINE_CENTS,
        );
        let notice = notice.message;
        assert_eq!(
            notice.subject,
            "MCO Provider Resolution Portal Fine Notice – PRP-2026-000042"
        );
        assert!(notice.body.starts_with(
            "A written proposal for Provider Resolution ticket PRP-2026-000042 was due Monday, \
             March 23, 2026. Your written proposal was not received on or before this date. Your plan \
             has been fined $5,000.00 for the untimely handling of the Provider Resolution Ticket."
        ));
    }

    #[test]
    fn the_receipt_has_the_number_and_the_date() {
        let t = TicketRef {
            number: "PRP-2026-000007",
            tracking: "BCBS-1",
            link: "http://127.0.0.1:8080/tickets/7",
        };
        let message = ticket_received(&t, NaiveDate::from_ymd_opt(2026, 11, 25)).message;
        assert!(message.subject.contains("PRP-2026-000007"));
        assert!(message
            .body
            .contains("MCO complaint tracking number: BCBS-1"));
        assert!(message.body.contains("http://127.0.0.1:8080/tickets/7"));
        assert!(message.body.contains(
            "HFS will check it and present it to the MCO by 11:59 p.m. Central time on Wednesday, \
             November 25, 2026."
        ));
    }

    /// The reminder's subject says what and by when.
    #[test]
    fn reminders_say_what_and_by_when() {
        let t = TicketRef {
            number: "PRP-2026-000123",
            tracking: "MER-9",
            link: "http://127.0.0.1:8080/tickets/123",
        };
        let due = NaiveDate::from_ymd_opt(2026, 12, 4).unwrap();
        let notice = reminder(&t, ClockKey::ProviderInfoResponse, due, 2).unwrap();
        assert_eq!(
            notice.message.subject,
            "Reminder: answer the MCO's request by Friday, December 4, 2026 – PRP-2026-000123"
        );
        assert_eq!(notice.to, Recipients::PROVIDER);
        assert!(notice.message.body.contains(
            "Answer the MCO's request in the portal by 11:59 p.m. Central time on Friday, December 4, \
             2026. 2 business days left."
        ));
        assert!(notice
            .message
            .body
            .contains("MCO complaint tracking number: MER-9"));
        assert!(reminder(&t, ClockKey::ExtensionRequest, due, 0).is_none());
        let notice = reminder(&t, ClockKey::McoResponse, due, 0).unwrap();
        assert_eq!(notice.to, Recipients::MCO);
        assert!(notice
            .message
            .body
            .contains("2026. Due today by 11:59 p.m. Central time."));
    }

    /// Every template, fed a ticket whose texts hold a member's name, RIN, date of birth and claim
    /// numbers, leaves all of them out of every subject and body.
    #[test]
    fn no_protected_health_information_in_any_email() {
        use rules::rule_table::{Owner, RULES};
        use rules::timeline::{ClockState, Deadline};
        use rules::wire::tickets::ResponseOutcome;

        const PHI: [&str; 8] = [
            "Jordan",
            "Quillfeather",
            "987654321",
            "1961-07-14",
            "July 14, 1961",
            "07/14/1961",
            "CLM-55501234",
            "ICN-20261104-889",
        ];
        let free =
            "Member Jordan Quillfeather, RIN 987654321, born 1961-07-14 (07/14/1961, July 14 \
                    1961), claims CLM-55501234 and ICN-20261104-889.";
        let t = TicketRef {
            number: "PRP-2026-000123",
            tracking: "AET-4455",
            link: "https://portal.hfs.example/tickets/123",
        };
        let day = |d| NaiveDate::from_ymd_opt(2026, 12, d).unwrap();
        let line = Timeline {
            status: Status::WithMco,
            closed_reason: None,
            deadlines: RULES
                .iter()
                .enumerate()
                .map(|(i, rule)| Deadline {
                    key: rule.key,
                    owed_by: Owner::Mco,
                    due_on: day(1 + i as u32),
                    state: ClockState::Pending,
                    met_on: None,
                })
                .collect(),
            fines: vec![],
        };
        let text = || free.to_owned();
        let actions = [
            TicketAction::Present,
            TicketAction::Close {
                reason: ClosedReason::Incomplete,
                note: text(),
                attachment_ids: vec![],
            },
            TicketAction::Close {
                reason: ClosedReason::IncompleteInfoResponse,
                note: text(),
                attachment_ids: vec![],
            },
            TicketAction::RequestInfo {
                message: text(),
                attachment_ids: vec![],
            },
            TicketAction::ProvideInfo {
                message: text(),
                attachment_ids: vec![1],
            },
            TicketAction::RequestExtension { reason: text() },
            TicketAction::ApproveExtension,
            TicketAction::RefuseExtension { reason: text() },
            TicketAction::Respond {
                outcome: ResponseOutcome::Upheld,
                response: text(),
                contact_name: "Jordan Quillfeather".to_owned(),
                contact_phone: "217-555-0100".to_owned(),
                contact_email: "jordan@mco.example".to_owned(),
                resolution_plan: Some(text()),
                resolve_by: Some("2026-12-20".to_owned()),
                attachment_ids: vec![],
            },
            TicketAction::Accept,
            TicketAction::Contest { reason: text() },
            TicketAction::RequestReview { reason: text() },
            TicketAction::DeliverInformation {
                information: text(),
                contact_name: text(),
                contact_phone: "217-555-0100".to_owned(),
                contact_email: "jordan@mco.example".to_owned(),
                attachment_ids: vec![],
            },
            TicketAction::Decide {
                decision: text(),
                outcome: Some(rules::wire::tickets::DecisionOutcome::Partly),
                attachment_ids: vec![2],
            },
            TicketAction::Message {
                message: text(),
                attachment_ids: vec![],
            },
            TicketAction::ReportIncomplete {
                missing: text(),
                attachment_ids: vec![],
            },
            TicketAction::Proceed { note: text() },
            TicketAction::AssignReview {
                account_manager_id: Some(7),
            },
            TicketAction::ReferToSme {
                sme_id: Some(8),
                note: text(),
            },
            TicketAction::ReportUnresolved {
                message: text(),
                attachment_ids: vec![],
            },
            TicketAction::CloseFollowUp {
                note: text(),
                attachment_ids: vec![],
            },
        ];
        let mut messages: Vec<Message> = vec![
            registration_received("Prairie Clinic", day(1)),
            registration_approved("Prairie Clinic"),
            registration_denied("The NPI does not match."),
            facility_request_received(2, day(1)),
            facility_invitation(
                "North Clinic",
                "ABCDE-FGHJK-MNPQR-STUVW",
                "http://127.0.0.1:8080/account/invitation#code=ABCDE-FGHJK-MNPQR-STUVW",
                day(1),
            ),
            facility_request_denied("North Clinic", "Not enrolled."),
            password_reset(
                "prairie.clinic",
                "http://127.0.0.1:8080/password-reset#token=t",
                60,
            ),
            password_changed("prairie.clinic"),
            confirm_email("http://127.0.0.1:8080/confirm-email#token=t", 24, false),
            confirm_email("http://127.0.0.1:8080/confirm-email#token=t", 24, true),
            ticket_received(&t, Some(day(3))).message,
            ticket_submitted_to_hfs(&t, Some(day(3))).message,
            fine_issued(&t, day(4), rules::timeline::FINE_CENTS).message,
            missed_response_alert(
                &t,
                "Aetna Better Health of Illinois",
                day(3),
                day(4),
                rules::timeline::FINE_CENTS,
                Quarter::of(day(4)),
            ),
            sanction_notice_reminder(
                "Aetna",
                Quarter::of(day(4)),
                day(28),
                day(21),
                "https://portal.hfs.example/hfs/sanctions",
            ),
            draft_expiry(0, 90 * 86_400_000, Some("Lakeside Clinic")),
            sanction_notice_issued(
                &SanctionNotice {
                    id: 7,
                    mco: "Aetna Better Health of Illinois".to_owned(),
                    mco_id: 1,
                    quarter: "2026-Q3".to_owned(),
                    issued_on: Some("2026-10-05".to_owned()),
                    notice_due_on: "2026-10-31".to_owned(),
                    payment_due_on: "2026-11-04".to_owned(),
                    total_cents: rules::timeline::FINE_CENTS,
                    fines: vec![rules::wire::sanctions::NoticeFine {
                        ticket_number: "PRP-2026-000123".to_owned(),
                        due_on: "2026-08-03".to_owned(),
                        fined_on: "2026-08-04".to_owned(),
                        amount_cents: rules::timeline::FINE_CENTS,
                        fine_id: 1,
                        waived_reason: None,
                    }],
                    status: rules::wire::sanctions::NoticeStatus::Issued,
                    payment_address: "201 South Grand Avenue East".to_owned(),
                    payment_bureau: "Bureau of Managed Care".to_owned(),
                    overdue: false,
                },
                "https://portal.hfs.example/sanctions/7",
            ),
        ];
        for reason in [
            ClosedReason::NotTimely,
            ClosedReason::NoInfoResponse,
            ClosedReason::NotContested,
            ClosedReason::Accepted,
            ClosedReason::HfsDecision,
            ClosedReason::Incomplete,
            ClosedReason::NoTrackingNumber,
            ClosedReason::MedicareOnly,
            ClosedReason::PriorAuthorizationNotObtained,
            ClosedReason::McoNotGivenChance,
            ClosedReason::SeveralIssues,
            ClosedReason::SeveralMcos,
            ClosedReason::SeveralClaimsWithoutTemplate,
            ClosedReason::IncompleteInfoResponse,
        ] {
            messages.push(closed_by_rule(&t, reason).message);
        }
        let mut ticket_notices = 0;
        for action in &actions {
            for party in [Party::Provider, Party::Mco, Party::Hfs] {
                if let Some(notice) = ticket_action(action, party, &t, &line) {
                    messages.push(notice.message);
                    ticket_notices += 1;
                }
            }
        }
        assert!(ticket_notices >= actions.len(), "{ticket_notices}");
        for rule in RULES.iter() {
            for left in [0, 2] {
                messages.extend(reminder(&t, rule.key, day(4), left).map(|n| n.message));
            }
        }
        for message in &messages {
            for secret in PHI {
                assert!(
                    !message.subject.contains(secret) && !message.body.contains(secret),
                    "{secret:?} in {:?}:\n{}",
                    message.subject,
                    message.body
                );
            }
        }
        // Every ticket email names the ticket in its subject, the tracking number and the link.
        for message in messages
            .iter()
            .filter(|m| m.subject.contains("PRP-2026-000123"))
        {
            assert!(message
                .body
                .contains("MCO complaint tracking number: AET-4455"));
            assert!(message
                .body
                .contains("https://portal.hfs.example/tickets/123"));
        }
    }
}
