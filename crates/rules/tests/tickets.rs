//! The ticket form, its files and the actions on a ticket (`rules::tickets`, docs/tickets.md).

use std::sync::LazyLock;

use chrono::{Duration, NaiveDate};
use proptest::prelude::*;
use rules::calendar::Calendar;
use rules::tickets::*;
use rules::timeline::{ClosedReason, Events, Status};
use rules::transitions::Party;
use rules::wire::tickets::{
    ComplaintType, DecisionOutcome, ResponseOutcome, TicketAction, TicketForm,
};
use rules::wire::ErrorBody;

static CAL: LazyLock<Calendar> = LazyLock::new(Calendar::standard);

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// Saturday, November 14, 2026: the window opens Monday, December 14, 2026, closes Wednesday,
/// January 13, 2027.
fn received() -> NaiveDate {
    d(2026, 11, 14)
}

fn today() -> NaiveDate {
    d(2026, 12, 20)
}

fn ctx() -> FormContext {
    FormContext {
        facility_ids: vec![7, 8],
        mco_ids: vec![1, 2, 3],
    }
}

fn good_form() -> TicketForm {
    TicketForm {
        facility_id: Some(7),
        mco_id: Some(2),
        complaint_type: Some(ComplaintType::ClaimsPayment),
        tracking_number: "  AET-2026/0001.A  ".into(),
        mco_received_on: Some("2026-11-14".into()),
        program: Some("medicaid".into()),
        internal_process_exhausted: Some(true),
        prior_authorization_not_obtained: Some(false),
        multiple_claims: Some(false),
        claims_file_id: None,
        member_first_name: " Ada ".into(),
        member_last_name: "Lovelace".into(),
        rin: "123-45-6789".into(),
        service_from: Some("2026-10-01".into()),
        service_to: None,
        claim_number: " CLM-0099 12 ".into(),
        description: "  The claim was denied.\r\n\r\nIt should not have been.  ".into(),
        desired_outcome: "Pay the claim.".into(),
        contact_name: "Grace Hopper".into(),
        contact_phone: "217.555.0100".into(),
        contact_email: "Grace@Example.COM".into(),
        access_to_care: None,
    }
}

fn errors_of(form: &TicketForm, on: NaiveDate) -> ErrorBody {
    check_form(form, &ctx(), on, &CAL).expect_err("refused")
}

/// The one message of `field`, checking it is the only field in error.
fn only_error(form: &TicketForm, field: &str) -> String {
    let e = errors_of(form, today());
    assert_eq!(
        e.errors.keys().collect::<Vec<_>>(),
        vec![field],
        "{:?}",
        e.errors
    );
    assert_eq!(e.errors[field].len(), 1);
    e.errors[field][0].clone()
}

#[test]
fn a_good_form_is_cleaned() {
    let t = check_form(&good_form(), &ctx(), today(), &CAL).unwrap();
    assert_eq!(t.facility_id, 7);
    assert_eq!(t.mco_id, 2);
    assert_eq!(t.complaint_type, ComplaintType::ClaimsPayment);
    assert_eq!(t.tracking_number, "AET-2026/0001.A");
    assert_eq!(t.mco_received_on, received());
    let one = t.single().expect("one claim");
    assert_eq!(one.member_first_name, "Ada");
    assert_eq!(one.rin.expose(), "123456789");
    assert_eq!(one.service_from, d(2026, 10, 1));
    assert_eq!(one.service_to, d(2026, 10, 1), "defaults to the first date");
    assert_eq!(one.claim_number, "CLM-009912");
    assert_eq!(t.rin_last4(), Some("6789"));
    assert_eq!(t.claims_file_id(), None);
    assert_eq!(
        t.description,
        "The claim was denied.\n\nIt should not have been."
    );
    assert_eq!(t.contact_phone, "(217) 555-0100");
    assert_eq!(t.contact_email, "Grace@example.com");
    assert_eq!(
        t.events(),
        Events {
            mco_received_on: received(),
            ..Default::default()
        }
    );
    // The stored form checks again to the same ticket.
    assert_eq!(check_form(&t.to_form(), &ctx(), today(), &CAL), Ok(t));
}

#[test]
fn every_message() {
    type Change = fn(&mut TicketForm);
    let table: Vec<(Change, &str, &str)> = vec![
        (|f| f.facility_id = None, "facility_id", "Select the facility this dispute is for"),
        (|f| f.facility_id = Some(99), "facility_id", "Select the facility this dispute is for"),
        (|f| f.mco_id = None, "mco_id", "Select the MCO"),
        (|f| f.mco_id = Some(99), "mco_id", "Select the MCO"),
        (|f| f.complaint_type = None, "complaint_type", "Select the complaint type"),
        (|f| f.tracking_number = "   ".into(), "tracking_number", "Enter the MCO tracking number"),
        (|f| f.tracking_number = "A#1".into(), "tracking_number", "The MCO tracking number can only include letters, numbers, spaces, and - / ."),
        (|f| f.tracking_number = "1".repeat(51), "tracking_number", "The MCO tracking number must be 50 characters or fewer"),
        (|f| f.mco_received_on = None, "mco_received_on", "Enter the date the MCO received your dispute"),
        (|f| f.mco_received_on = Some(" ".into()), "mco_received_on", "Enter the date the MCO received your dispute"),
        (|f| f.mco_received_on = Some("2026-02-30".into()), "mco_received_on", "The date the MCO received your dispute must be a real date"),
        (|f| f.mco_received_on = Some("1989-12-31".into()), "mco_received_on", "The date the MCO received your dispute must be between January 1, 1990 and December 31, 2100"),
        (|f| f.mco_received_on = Some("2026-12-21".into()), "mco_received_on", "The date the MCO received your dispute must be today or in the past"),
        (|f| f.program = None, "program", "Select which program the dispute is about"),
        (|f| f.program = Some("medicare".into()), "program", "Select which program the dispute is about"),
        (|f| f.program = Some("medicare_only".into()), "program", "The portal is for Medicaid disputes only. For Medicare billing, fee schedules, appeals and grievances, follow the Centers for Medicare & Medicaid Services (CMS) Medicare guidance and work with the MCO's Medicare process."),
        (|f| f.program = Some("fee_for_service".into()), "program", "The portal is for Medicaid managed care disputes only. Call HFS about fee-for-service issues on 877-782-5565."),
        (|f| f.internal_process_exhausted = None, "internal_process_exhausted", "Select whether you have finished the MCO's internal dispute process"),
        (|f| f.internal_process_exhausted = Some(false), "internal_process_exhausted", "You must first use and finish every step of the MCO's own dispute process, including peer-to-peer review. Finish the MCO's internal dispute process, including any peer-to-peer review, then check again."),
        (|f| f.prior_authorization_not_obtained = None, "prior_authorization_not_obtained", "Select whether the dispute is about a prior authorization that was needed and not obtained"),
        (|f| f.prior_authorization_not_obtained = Some(true), "prior_authorization_not_obtained", "A complaint about a service that needed a prior authorization you did not get is closed by the portal. If you did get the prior authorization, give it to the MCO as part of its internal dispute process."),
        (|f| f.member_first_name = "".into(), "member_first_name", "Enter the member's first name"),
        (|f| f.member_first_name = "a".repeat(101), "member_first_name", "The member's first name must be 100 characters or fewer"),
        (|f| f.member_last_name = " \t".into(), "member_last_name", "Enter the member's last name"),
        (|f| f.rin = "".into(), "rin", "Enter the Recipient ID"),
        (|f| f.rin = "12345678".into(), "rin", "Recipient ID must be 9 digits"),
        (|f| f.service_from = None, "service_from", "Enter the first date of service"),
        (|f| f.service_from = Some("2026-13-01".into()), "service_from", "The first date of service must be a real date"),
        (|f| f.service_from = Some("2026-11-15".into()), "service_from", "The first date of service must be the same as or before the date the MCO received your dispute"),
        (|f| f.service_to = Some("2026-9-30".into()), "service_to", "The last date of service must be a real date"),
        (|f| f.service_to = Some("2026-09-30".into()), "service_to", "The last date of service must be the same as or after the first"),
        (|f| f.service_to = Some("2026-11-15".into()), "service_to", "The last date of service must be the same as or before the date the MCO received your dispute"),
        (|f| f.claim_number = "".into(), "claim_number", "Enter the claim number"),
        (|f| f.claim_number = "CLM_1".into(), "claim_number", "The claim number can only include letters, numbers, and -"),
        (|f| f.claim_number = "9".repeat(51), "claim_number", "The claim number must be 50 characters or fewer"),
        (|f| f.description = "\n \n".into(), "description", "Describe what is wrong"),
        (|f| f.description = "a".repeat(5001), "description", "The description of what is wrong must be 5,000 characters or fewer"),
        (|f| f.desired_outcome = "".into(), "desired_outcome", "Describe what you want the MCO to do"),
        (|f| f.desired_outcome = "a".repeat(5001), "desired_outcome", "What you want the MCO to do must be 5,000 characters or fewer"),
        (|f| f.contact_name = "".into(), "contact_name", "Enter the name of the person to contact about this ticket"),
        (|f| f.contact_phone = "".into(), "contact_phone", "Enter the contact phone number"),
        (|f| f.contact_phone = "555-0100".into(), "contact_phone", "Enter a phone number, like 217 555 0100"),
        (|f| f.contact_email = "".into(), "contact_email", "Enter the contact email address"),
        (|f| f.contact_email = "grace".into(), "contact_email", "Enter an email address in the correct format, like name@example.com"),
    ];
    for (change, field, message) in table {
        let mut form = good_form();
        change(&mut form);
        assert_eq!(only_error(&form, field), message, "{field}");
        // The page that asks for the field says the same, and only about its own fields.
        let step = Step::of_field(field).unwrap();
        let e = check_step(step, &form, &ctx(), today(), &CAL).unwrap_err();
        assert_eq!(e.errors[field], vec![message.to_string()]);
        for other in Step::ALL.into_iter().filter(|s| *s != step) {
            assert_eq!(
                check_step(other, &form, &ctx(), today(), &CAL),
                Ok(()),
                "{other:?} for {field}"
            );
        }
    }
    // Text at the limits passes.
    let mut form = good_form();
    form.description = "a".repeat(5000);
    form.tracking_number = "1".repeat(50);
    form.claim_number = "9".repeat(50);
    form.service_from = Some(received().to_string());
    form.service_to = Some(received().to_string());
    assert!(check_form(&form, &ctx(), today(), &CAL).is_ok());
    // A date of service in the future (with the received date also in the future, but reported on
    // its own field first).
    let mut form = good_form();
    form.service_to = Some("2026-12-21".into());
    assert_eq!(
        only_error(&form, "service_to"),
        "The last date of service must be today or in the past"
    );
    let mut form = good_form();
    form.service_from = Some("2026-12-21".into());
    let e = errors_of(&form, today());
    assert_eq!(
        e.errors["service_from"],
        vec!["The first date of service must be today or in the past"]
    );
}

#[test]
fn an_empty_form_names_every_field_and_the_pages_split_them() {
    let e = errors_of(&TicketForm::default(), today());
    // Not yet answered how many claims: the single-claim pages are asked.
    let steps = steps_for(&TicketForm::default());
    assert!(!steps.contains(&Step::Claims));
    let all: Vec<&str> = steps.iter().flat_map(|s| s.fields()).copied().collect();
    // service_to is optional.
    let mut want: Vec<&str> = all.iter().copied().filter(|f| *f != "service_to").collect();
    want.sort();
    assert_eq!(
        e.errors.keys().map(String::as_str).collect::<Vec<_>>(),
        want
    );
    let mut merged = ErrorBody::default();
    for step in Step::ALL {
        if let Err(s) = check_step(step, &TicketForm::default(), &ctx(), today(), &CAL) {
            for (k, v) in s.errors {
                assert!(step.fields().contains(&k.as_str()));
                merged.errors.insert(k, v);
            }
        }
    }
    assert_eq!(merged, e);
}

#[test]
fn the_filing_window_edges() {
    let on = |days: i64| received() + Duration::days(days);
    let msg = |days| {
        check_step(Step::Dispute, &good_form(), &ctx(), on(days), &CAL)
            .err()
            .map(|e| e.errors["mco_received_on"][0].clone())
    };
    assert_eq!(
        msg(29).as_deref(),
        Some("You can file this dispute from Monday, December 14, 2026 (30 days after the MCO received it)")
    );
    assert_eq!(msg(30), None);
    assert_eq!(msg(60), None);
    assert_eq!(
        msg(61).as_deref(),
        Some("The time to file this dispute ended on Wednesday, January 13, 2027 (60 days after the MCO received it)")
    );
    assert!(check_form(&good_form(), &ctx(), on(30), &CAL).is_ok());
    assert!(check_form(&good_form(), &ctx(), on(60), &CAL).is_ok());
    assert_eq!(
        errors_of(&good_form(), on(61))
            .errors
            .keys()
            .collect::<Vec<_>>(),
        vec!["mco_received_on"]
    );
}

#[test]
fn steps_and_numbers() {
    for step in Step::ALL {
        assert_eq!(Step::parse(step.as_str()), Some(step));
    }
    assert_eq!(
        Step::ALL.map(Step::as_str),
        [
            "facility",
            "mco",
            "type",
            "dispute",
            "program",
            "claims-count",
            "member",
            "claim",
            "claims",
            "details",
            "contact"
        ]
    );
    assert_eq!(Step::parse("files"), None);
    assert_eq!(ticket_number(123, d(2026, 3, 1)), "PRP-2026-000123");
    assert_eq!(ticket_number(1_234_567, d(2027, 1, 1)), "PRP-2027-1234567");
}

#[test]
fn how_many_claims_chooses_the_pages() {
    let mut form = good_form();
    form.multiple_claims = None;
    assert_eq!(
        only_error(&form, "multiple_claims"),
        "Select how many claims this dispute is about"
    );
    assert_eq!(
        check_step(Step::ClaimsCount, &form, &ctx(), today(), &CAL)
            .unwrap_err()
            .errors["multiple_claims"],
        vec!["Select how many claims this dispute is about"]
    );

    let one = steps_for(&good_form());
    assert_eq!(
        one,
        [
            Step::Facility,
            Step::Mco,
            Step::Type,
            Step::Dispute,
            Step::Program,
            Step::ClaimsCount,
            Step::Member,
            Step::Claim,
            Step::Details,
            Step::Contact
        ]
    );

    // A template ticket: the member and claim fields are not asked, the file is.
    let template = TicketForm {
        multiple_claims: Some(true),
        claims_file_id: None,
        member_first_name: String::new(),
        member_last_name: String::new(),
        rin: "not a rin".into(),
        service_from: None,
        claim_number: String::new(),
        ..good_form()
    };
    let steps = steps_for(&template);
    assert!(steps.contains(&Step::Claims));
    assert!(!steps.contains(&Step::Member) && !steps.contains(&Step::Claim));
    assert_eq!(
        only_error(&template, "claims_file_id"),
        "Select the claims template file"
    );
    assert_eq!(
        check_step(Step::Claims, &template, &ctx(), today(), &CAL)
            .unwrap_err()
            .errors["claims_file_id"],
        vec!["Select the claims template file"]
    );
    // Pages the ticket does not have check nothing.
    assert_eq!(
        check_step(Step::Member, &template, &ctx(), today(), &CAL),
        Ok(())
    );
    assert_eq!(
        check_step(Step::Claims, &good_form(), &ctx(), today(), &CAL),
        Ok(())
    );

    let with_file = TicketForm {
        claims_file_id: Some(42),
        ..template
    };
    let t = check_form(&with_file, &ctx(), today(), &CAL).unwrap();
    assert_eq!(t.claims, CheckedClaims::Template { file_id: 42 });
    assert_eq!(t.single(), None);
    assert_eq!(t.rin_last4(), None);
    assert_eq!(t.claims_file_id(), Some(42));
    let stored = t.to_form();
    assert_eq!(stored.multiple_claims, Some(true));
    assert_eq!(stored.claims_file_id, Some(42));
    assert_eq!(stored.rin, "", "nothing of a single claim is stored");
    assert_eq!(stored.service_from, None);
    assert_eq!(check_form(&stored, &ctx(), today(), &CAL), Ok(t));
    // The tracking number and received date are still the ticket's (the template's).
    let mut late = with_file.clone();
    late.tracking_number = String::new();
    assert_eq!(
        only_error(&late, "tracking_number"),
        "Enter the MCO tracking number"
    );
}

#[test]
fn drafts_refuse_only_what_cannot_be_stored() {
    assert_eq!(check_draft(&TicketForm::default(), &ctx()), Ok(()));
    assert_eq!(check_draft(&good_form(), &ctx()), Ok(()));
    let form = TicketForm {
        facility_id: Some(99),
        mco_id: Some(99),
        mco_received_on: Some("2026-02-30".into()),
        service_to: Some("x".into()),
        ..Default::default()
    };
    let e = check_draft(&form, &ctx()).unwrap_err();
    assert_eq!(
        e.errors.keys().collect::<Vec<_>>(),
        vec!["facility_id", "mco_id", "mco_received_on", "service_to"]
    );
}

// --- Attachments -----------------------------------------------------------------------------

/// A ZIP local file header for `name` with no data, written by hand.
fn local_header(name: &str) -> Vec<u8> {
    let mut h = b"PK\x03\x04".to_vec();
    h.extend_from_slice(&20u16.to_le_bytes()); // version
    h.extend_from_slice(&0u16.to_le_bytes()); // flags
    h.extend_from_slice(&0u16.to_le_bytes()); // method: stored
    h.extend_from_slice(&[0; 4]); // time, date
    h.extend_from_slice(&[0; 4]); // crc
    h.extend_from_slice(&0u32.to_le_bytes()); // compressed size
    h.extend_from_slice(&0u32.to_le_bytes()); // size
    h.extend_from_slice(&(name.len() as u16).to_le_bytes());
    h.extend_from_slice(&0u16.to_le_bytes()); // extra
    assert_eq!(h.len(), 30);
    h.extend_from_slice(name.as_bytes());
    h
}

fn zip_of(names: &[&str]) -> Vec<u8> {
    names.iter().flat_map(|n| local_header(n)).collect()
}

#[test]
fn files_are_known_by_their_bytes() {
    let pdf = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n";
    assert_eq!(sniff_attachment("claim.pdf", pdf), Ok("application/pdf"));
    assert_eq!(sniff_attachment("scan.bin", pdf), Ok("application/pdf"));
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
    assert_eq!(sniff_attachment("x.png", png), Ok("image/png"));
    let jpeg = b"\xff\xd8\xff\xe0\0\x10JFIF\0";
    assert_eq!(sniff_attachment("x.jpg", jpeg), Ok("image/jpeg"));
    let xlsx = zip_of(&["[Content_Types].xml", "_rels/.rels", "xl/workbook.xml"]);
    assert_eq!(sniff_attachment("rows.xlsx", &xlsx), Ok(CONTENT_TYPE_XLSX));
    assert_eq!(
        CONTENT_TYPE_XLSX,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    );
    // A Word document is a ZIP too, without xl/.
    let docx = zip_of(&["[Content_Types].xml", "word/document.xml"]);
    assert_eq!(
        sniff_attachment("rows.xlsx", &docx),
        Err(FILE_TYPE_MESSAGE.into())
    );
    let plain_zip = zip_of(&["xl/workbook.xml"]);
    assert!(sniff_attachment("a.xlsx", &plain_zip).is_err());
    let csv = "RIN,Claim\n123456789,CLM-1\n";
    assert_eq!(
        sniff_attachment("claims.CSV", csv.as_bytes()),
        Ok("text/csv")
    );
    assert_eq!(
        sniff_attachment("claims.txt", csv.as_bytes()),
        Err("The selected file must be a PDF, image (PNG or JPEG), CSV or XLSX".into())
    );
    assert!(sniff_attachment("bad.csv", b"a,b\n\xff\xfe").is_err());
    assert!(sniff_attachment("nul.csv", b"a,b\0").is_err());
    let exe = b"MZ\x90\0\x03\0\0\0\x04\0\0\0\xff\xff\0\0";
    assert_eq!(
        sniff_attachment("invoice.pdf", exe),
        Err("The selected file must be a PDF, image (PNG or JPEG), CSV or XLSX".into())
    );
    assert_eq!(sniff_attachment("", b""), Err("Select a file".into()));
    assert_eq!(
        sniff_attachment("a.pdf", b""),
        Err("The selected file is empty".into())
    );
    let mut big = b"%PDF-".to_vec();
    big.resize(MAX_ATTACHMENT_BYTES, b' ');
    assert_eq!(sniff_attachment("big.pdf", &big), Ok("application/pdf"));
    big.push(b' ');
    assert_eq!(
        sniff_attachment("big.pdf", &big),
        Err("The selected file must be smaller than 10MB".into())
    );
    assert_eq!(MAX_ATTACHMENTS, 10);
    assert_eq!(check_attachment_count(9), Ok(()));
    assert_eq!(
        check_attachment_count(10),
        Err(TOO_MANY_FILES_MESSAGE.into())
    );
}

// --- Actions -----------------------------------------------------------------------------------

fn a_text() -> String {
    "Because.".into()
}

fn fields_of(action: &TicketAction) -> ErrorBody {
    check_action_fields(action).unwrap_err()
}

#[test]
fn every_action_message() {
    let empty = String::new;
    let table: Vec<(TicketAction, &str, &str)> = vec![
        (
            TicketAction::RequestInfo {
                message: empty(),
                attachment_ids: vec![],
            },
            "message",
            "Enter the information you need from the provider",
        ),
        (
            TicketAction::ProvideInfo {
                message: empty(),
                attachment_ids: vec![],
            },
            "message",
            "Enter the information the MCO asked for, or say where it was already given",
        ),
        (
            TicketAction::RequestExtension { reason: empty() },
            "reason",
            "Enter why an extension is needed",
        ),
        (
            TicketAction::RefuseExtension { reason: empty() },
            "reason",
            "Enter why the extension is refused",
        ),
        (
            TicketAction::Contest { reason: empty() },
            "reason",
            "Enter why you contest the MCO's response",
        ),
        (
            TicketAction::RequestReview { reason: empty() },
            "reason",
            "Enter why you are asking HFS to review the dispute",
        ),
        (
            TicketAction::Decide {
                decision: empty(),
                outcome: Some(DecisionOutcome::Partly),
                attachment_ids: vec![],
            },
            "decision",
            "Enter HFS's decision",
        ),
        (
            TicketAction::Close {
                reason: ClosedReason::Incomplete,
                note: empty(),
                attachment_ids: vec![],
            },
            "note",
            "Enter a note to the provider saying why the ticket is closed",
        ),
        (
            TicketAction::Close {
                reason: ClosedReason::Accepted,
                note: a_text(),
                attachment_ids: vec![],
            },
            "reason",
            "Select why the ticket is closed",
        ),
        (
            TicketAction::Message {
                message: " \n ".into(),
                attachment_ids: vec![],
            },
            "message",
            "Enter a message",
        ),
        (
            TicketAction::Message {
                message: "a".repeat(5001),
                attachment_ids: vec![],
            },
            "message",
            "The message must be 5,000 characters or fewer",
        ),
    ];
    for (action, field, message) in table {
        let e = fields_of(&action);
        assert_eq!(e.errors.len(), 1, "{action:?}");
        assert_eq!(e.errors[field], vec![message.to_string()], "{action:?}");
    }
    let respond = TicketAction::Respond {
        outcome: ResponseOutcome::Upheld,
        response: empty(),
        contact_name: empty(),
        contact_phone: empty(),
        contact_email: empty(),
        resolution_plan: None,
        resolve_by: None,
        attachment_ids: vec![],
    };
    let e = fields_of(&respond);
    assert_eq!(e.errors["response"], vec!["Enter the MCO's response"]);
    assert_eq!(
        e.errors["contact_name"],
        vec!["Enter the MCO contact's name"]
    );
    assert_eq!(
        e.errors["contact_phone"],
        vec!["Enter the MCO contact's phone number"]
    );
    assert_eq!(
        e.errors["contact_email"],
        vec!["Enter the MCO contact's email address"]
    );
    let respond = TicketAction::Respond {
        outcome: ResponseOutcome::Overturned,
        response: " We will pay.\r\nBy Friday. ".into(),
        contact_name: " Pat  Rep ".into(),
        contact_phone: "+1 312 555 0199".into(),
        contact_email: "pat@MCO.example".into(),
        resolution_plan: None,
        resolve_by: None,
        attachment_ids: vec![],
    };
    assert_eq!(
        check_action_fields(&respond),
        Ok(TicketAction::Respond {
            outcome: ResponseOutcome::Overturned,
            response: "We will pay.\nBy Friday.".into(),
            contact_name: "Pat Rep".into(),
            contact_phone: "(312) 555-0199".into(),
            contact_email: "pat@mco.example".into(),
            resolution_plan: None,
            resolve_by: None,
            attachment_ids: vec![],
        })
    );
    for action in [
        TicketAction::Present,
        TicketAction::Accept,
        TicketAction::ApproveExtension,
    ] {
        assert_eq!(check_action_fields(&action), Ok(action.clone()));
    }
}

fn presented() -> Events {
    Events {
        mco_received_on: d(2026, 1, 5),
        submitted_on: Some(d(2026, 2, 10)),
        presented_on: Some(d(2026, 2, 20)),
        ..Default::default()
    }
}

#[test]
fn fields_come_before_the_engine() {
    let e = presented();
    let on = d(2026, 2, 23);
    // Out of turn and empty: the fields are reported first.
    assert!(matches!(
        check_action(
            &CAL,
            &e,
            Party::Provider,
            &TicketAction::Contest {
                reason: String::new()
            },
            on
        ),
        Err(ActionProblem::Fields(_))
    ));
    assert_eq!(
        check_action(
            &CAL,
            &e,
            Party::Provider,
            &TicketAction::Contest { reason: a_text() },
            on
        ),
        Err(ActionProblem::Refused(
            "This cannot be done while the ticket is \"With the MCO\"".into()
        ))
    );
    assert!(check_action(
        &CAL,
        &e,
        Party::Mco,
        &TicketAction::RequestInfo {
            message: a_text(),
            attachment_ids: vec![],
        },
        on
    )
    .is_ok());
}

#[test]
fn a_refused_extension_cannot_be_approved_or_asked_again() {
    let mut e = presented();
    let on = d(2026, 2, 24);
    let ask = TicketAction::RequestExtension { reason: a_text() };
    let refuse = TicketAction::RefuseExtension { reason: a_text() };
    // Nothing to refuse yet.
    assert_eq!(
        check_action(&CAL, &e, Party::Hfs, &refuse, on),
        Err(ActionProblem::Refused(
            "No extension has been asked for".into()
        ))
    );
    check_action(&CAL, &e, Party::Mco, &ask, on).unwrap();
    e = apply_action(&e, Party::Mco, &ask, on);
    assert_eq!(
        allowed_actions(&CAL, &e, Party::Hfs, on),
        vec!["approve_extension", "refuse_extension", "message"]
    );
    assert!(matches!(
        check_action(&CAL, &e, Party::Mco, &refuse, on),
        Err(ActionProblem::Refused(_))
    ));
    check_action(&CAL, &e, Party::Hfs, &refuse, on).unwrap();
    e = apply_action(&e, Party::Hfs, &refuse, on);
    assert_eq!(e.extension_refused_on, Some(on));
    assert_eq!(e.extension_approved_for, None);
    assert_eq!(
        check_action(&CAL, &e, Party::Hfs, &TicketAction::ApproveExtension, on),
        Err(ActionProblem::Refused(
            "HFS has already refused the extension".into()
        ))
    );
    assert!(matches!(
        check_action(&CAL, &e, Party::Provider, &ask, on),
        Err(ActionProblem::Refused(_))
    ));
    assert!(matches!(
        check_action(&CAL, &e, Party::Hfs, &refuse, on),
        Err(ActionProblem::Refused(_))
    ));
    // The refusal survives JSON, and leaves it out when absent.
    let json = serde_json::to_value(&e).unwrap();
    assert_eq!(json["extension_refused_on"], "2026-02-24");
    assert!(serde_json::to_value(presented())
        .unwrap()
        .get("extension_refused_on")
        .is_none());
}

#[test]
fn messages_any_party_until_closed() {
    let msg = TicketAction::Message {
        message: a_text(),
        attachment_ids: vec![],
    };
    let e = presented();
    let on = d(2026, 2, 23);
    for party in [Party::Provider, Party::Mco, Party::Hfs] {
        assert!(check_action(&CAL, &e, party, &msg, on).is_ok());
        assert_eq!(apply_action(&e, party, &msg, on), e);
    }
    let closed = Events {
        hfs_closed: Some((d(2026, 2, 11), ClosedReason::Incomplete)),
        presented_on: None,
        ..e
    };
    assert!(matches!(
        check_action(&CAL, &closed, Party::Hfs, &msg, on),
        Err(ActionProblem::Refused(_))
    ));
    assert!(allowed_actions(&CAL, &closed, Party::Provider, on).is_empty());
}

#[test]
fn action_keys_and_the_engine() {
    for key in ACTION_KEYS {
        let json = serde_json::json!({ "action": key });
        // Actions without fields parse from their key alone; the others name it back.
        if let Ok(a) = serde_json::from_value::<TicketAction>(json) {
            assert_eq!(a.key(), key);
        }
    }
    assert_eq!(
        action_of(&TicketAction::Message {
            message: a_text(),
            attachment_ids: vec![],
        }),
        None
    );
    assert_eq!(
        action_of(&TicketAction::RefuseExtension { reason: a_text() }),
        None
    );
    assert_eq!(
        action_of(&TicketAction::Close {
            reason: ClosedReason::NotTimely,
            note: a_text(),
            attachment_ids: vec![],
        }),
        Some(rules::transitions::Action::HfsClose(
            ClosedReason::NotTimely
        ))
    );
    assert_eq!(
        action_of(&TicketAction::RequestReview { reason: a_text() }),
        Some(rules::transitions::Action::RequestHfsReview)
    );
}

/// An action of `key` with every text filled in well.
fn full_action(key: &str) -> TicketAction {
    let t = a_text;
    match key {
        "present" => TicketAction::Present,
        "close" => TicketAction::Close {
            reason: ClosedReason::Incomplete,
            note: t(),
            attachment_ids: vec![],
        },
        "close_incomplete" => TicketAction::Close {
            reason: ClosedReason::IncompleteInfoResponse,
            note: t(),
            attachment_ids: vec![],
        },
        "request_info" => TicketAction::RequestInfo {
            message: t(),
            attachment_ids: vec![],
        },
        "provide_info" => TicketAction::ProvideInfo {
            message: t(),
            attachment_ids: vec![],
        },
        "report_incomplete" => TicketAction::ReportIncomplete {
            missing: t(),
            attachment_ids: vec![],
        },
        "proceed" => TicketAction::Proceed { note: t() },
        "request_extension" => TicketAction::RequestExtension { reason: t() },
        "approve_extension" => TicketAction::ApproveExtension,
        "refuse_extension" => TicketAction::RefuseExtension { reason: t() },
        "respond" => TicketAction::Respond {
            outcome: ResponseOutcome::Upheld,
            response: t(),
            contact_name: "Pat Rep".into(),
            contact_phone: "312 555 0199".into(),
            contact_email: "pat@mco.example".into(),
            resolution_plan: None,
            resolve_by: None,
            attachment_ids: vec![],
        },
        "accept" => TicketAction::Accept,
        "contest" => TicketAction::Contest { reason: t() },
        "request_review" => TicketAction::RequestReview { reason: t() },
        "deliver_information" => TicketAction::DeliverInformation {
            information: t(),
            contact_name: "Pat Rep".into(),
            contact_phone: "312 555 0199".into(),
            contact_email: "pat@mco.example".into(),
            attachment_ids: vec![],
        },
        "decide" => TicketAction::Decide {
            decision: t(),
            outcome: Some(DecisionOutcome::ForProvider),
            attachment_ids: vec![],
        },
        "message" => TicketAction::Message {
            message: t(),
            attachment_ids: vec![],
        },
        other => panic!("{other}"),
    }
}

const PARTIES: [Party; 3] = [Party::Provider, Party::Mco, Party::Hfs];

fn agrees(events: &Events, on: NaiveDate) {
    for party in PARTIES {
        let allowed = allowed_actions(&CAL, events, party, on);
        for key in ACTION_KEYS {
            let ok = check_action(&CAL, events, party, &full_action(key), on).is_ok();
            assert_eq!(
                allowed.contains(&key),
                ok,
                "{party:?} {key} on {on} {events:?}"
            );
        }
    }
}

#[test]
fn allowed_actions_agree_with_check_action_along_walks() {
    let submitted = Events {
        mco_received_on: d(2026, 1, 5),
        submitted_on: Some(d(2026, 2, 10)),
        ..Default::default()
    };
    // (party, action key, day offset from February 10, 2026)
    let walks: Vec<Vec<(Party, &str, i64)>> = vec![
        vec![(Party::Hfs, "close", 1)],
        vec![
            (Party::Hfs, "present", 10),
            (Party::Mco, "request_info", 12),
            (Party::Provider, "request_extension", 13),
            (Party::Hfs, "approve_extension", 14),
            (Party::Provider, "provide_info", 15),
            (Party::Mco, "respond", 40),
            (Party::Provider, "contest", 41),
            (Party::Provider, "request_review", 45),
            (Party::Provider, "deliver_information", 55),
            (Party::Mco, "deliver_information", 60),
            (Party::Hfs, "decide", 70),
        ],
        vec![
            (Party::Hfs, "present", 3),
            (Party::Mco, "request_extension", 5),
            (Party::Hfs, "refuse_extension", 6),
            (Party::Provider, "message", 7),
            (Party::Mco, "respond", 20),
            (Party::Provider, "accept", 21),
        ],
        vec![
            (Party::Hfs, "present", 3),
            (Party::Mco, "request_info", 4),
            (Party::Provider, "provide_info", 5),
            (Party::Mco, "report_incomplete", 6),
            (Party::Hfs, "proceed", 7),
            (Party::Mco, "respond", 8),
        ],
        vec![
            (Party::Hfs, "present", 3),
            (Party::Mco, "request_info", 4),
            (Party::Provider, "provide_info", 5),
            (Party::Mco, "report_incomplete", 6),
            (Party::Hfs, "close_incomplete", 8),
        ],
        vec![(Party::Hfs, "present", 3), (Party::Mco, "request_info", 4)],
    ];
    for walk in walks {
        let mut e = submitted.clone();
        let mut last = d(2026, 2, 10);
        agrees(&e, last);
        for (party, key, offset) in walk {
            let on = d(2026, 2, 10) + Duration::days(offset);
            // The days between acts, too: clocks run out while nobody acts.
            let mut day = last;
            while day < on {
                agrees(&e, day);
                day += Duration::days(1);
            }
            let action = full_action(key);
            assert!(
                allowed_actions(&CAL, &e, party, on).contains(&key),
                "{party:?} {key} on {on}"
            );
            check_action(&CAL, &e, party, &action, on).unwrap();
            e = apply_action(&e, party, &action, on);
            agrees(&e, on);
            last = on;
        }
        // Well after the walk: closed by a rule or still waiting, the two still agree.
        for later in [1, 10, 40, 90] {
            agrees(&e, last + Duration::days(later));
        }
    }
    // The last walk left an unanswered request: it closes, and nothing more is allowed.
    let e = Events {
        presented_on: Some(d(2026, 2, 13)),
        info_requested_on: Some(d(2026, 2, 14)),
        ..submitted
    };
    let t = rules::timeline::timeline(&CAL, &e, d(2026, 3, 30)).unwrap();
    assert_eq!(t.status, Status::Closed);
    for party in PARTIES {
        assert!(allowed_actions(&CAL, &e, party, d(2026, 3, 30)).is_empty());
    }
}

// --- Never panics ------------------------------------------------------------------------------

fn any_date_text() -> impl Strategy<Value = Option<String>> {
    prop_oneof![
        Just(None),
        "[0-9]{4}-[0-9]{2}-[0-9]{2}".prop_map(Some),
        ".{0,12}".prop_map(Some),
        (1990i32..2101, 1u32..13, 1u32..29)
            .prop_map(|(y, m, d)| Some(format!("{y:04}-{m:02}-{d:02}"))),
    ]
}

prop_compose! {
    fn any_form()(
        ids in (proptest::option::of(0i64..10), proptest::option::of(0i64..5)),
        complaint in proptest::option::of(0usize..11),
        tracking in ".{0,60}",
        received in any_date_text(),
        program in proptest::option::of("medicaid|medicare_only|fee_for_service|.{0,5}"),
        flags in (proptest::option::of(any::<bool>()), proptest::option::of(any::<bool>())),
        claims in (proptest::option::of(any::<bool>()), proptest::option::of(0i64..5)),
        names in (".{0,20}", ".{0,20}", "[0-9 -]{0,12}|.{0,10}"),
        service in (any_date_text(), any_date_text()),
        texts in (".{0,60}", ".{0,60}", ".{0,60}"),
        contact in (".{0,20}", "[0-9 ()+.-]{0,16}", ".{0,30}"),
    ) -> TicketForm {
        TicketForm {
            facility_id: ids.0,
            mco_id: ids.1,
            complaint_type: complaint.map(|i| ComplaintType::ALL[i]),
            tracking_number: tracking,
            mco_received_on: received,
            program,
            internal_process_exhausted: flags.0,
            prior_authorization_not_obtained: flags.1,
            multiple_claims: claims.0,
            claims_file_id: claims.1,
            member_first_name: names.0,
            member_last_name: names.1,
            rin: names.2,
            service_from: service.0,
            service_to: service.1,
            claim_number: texts.0,
            description: texts.1,
            desired_outcome: texts.2,
            contact_name: contact.0,
            contact_phone: contact.1,
            contact_email: contact.2,
            access_to_care: flags.0,
        }
    }
}

proptest! {
    #[test]
    fn check_form_never_panics_and_agrees_with_the_steps(
        form in any_form(),
        days in 0i64..40_000,
    ) {
        let today = d(1990, 1, 1) + Duration::days(days);
        let whole = check_form(&form, &ctx(), today, &CAL);
        let mut merged = ErrorBody::default();
        for step in Step::ALL {
            if let Err(e) = check_step(step, &form, &ctx(), today, &CAL) {
                merged.errors.extend(e.errors);
            }
        }
        match whole {
            Ok(t) => {
                prop_assert!(merged.is_empty());
                match t.single() {
                    Some(one) => {
                        prop_assert_eq!(form.multiple_claims, Some(false));
                        prop_assert!(one.service_from <= one.service_to);
                        prop_assert!(one.service_to <= t.mco_received_on);
                    }
                    None => {
                        prop_assert_eq!(form.multiple_claims, Some(true));
                        prop_assert_eq!(t.claims_file_id(), form.claims_file_id);
                    }
                }
                // The stored form checks again to the same ticket.
                prop_assert_eq!(check_form(&t.to_form(), &ctx(), today, &CAL), Ok(t));
            }
            Err(e) => prop_assert_eq!(e, merged),
        }
        let _ = check_draft(&form, &ctx());
    }

    #[test]
    fn sniff_never_panics(
        name in ".{0,12}",
        bytes in proptest::collection::vec(any::<u8>(), 0..300),
        zip_prefix in any::<bool>(),
    ) {
        let mut bytes = bytes;
        if zip_prefix {
            let mut z = b"PK\x03\x04".to_vec();
            z.extend(bytes);
            bytes = z;
        }
        if let Ok(t) = sniff_attachment(&name, &bytes) {
            prop_assert!([CONTENT_TYPE_PDF, CONTENT_TYPE_PNG, CONTENT_TYPE_JPEG, CONTENT_TYPE_CSV, CONTENT_TYPE_XLSX].contains(&t));
        }
    }

    #[test]
    fn action_fields_never_panic(text in ".{0,40}", phone in "[0-9 +()-]{0,16}") {
        let _ = check_action_fields(&TicketAction::Respond {
            outcome: ResponseOutcome::Upheld,
            response: text.clone(),
            contact_name: text.clone(),
            contact_phone: phone,
            contact_email: text.clone(),
            resolution_plan: Some(text.clone()),
            resolve_by: Some(text.clone()),
            attachment_ids: vec![],
        });
        let _ = check_action_fields(&TicketAction::Message { message: text, attachment_ids: vec![] });
    }
}
