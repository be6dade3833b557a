//! Accounts in a real browser: the role guard, the password box, the words of the timeout warning,
//! which answers renew the session, and the shell's reads with the browser's own JSON (`api::browser`).

mod support;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use leptos::prelude::*;
use leptos_router::components::Router;
use portal_app::api::activity::renews;
use portal_app::components::session_timeout::{remaining, time_left_words};
use portal_app::components::{PasswordField, RequireRole};
use portal_app::session::{inactive_message, SessionState};
use rules::wire::accounts::{AccountStatus, Facility, Role, Session};
use support::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn facility(id: i64) -> Facility {
    Facility {
        id,
        name: format!("Facility {id}"),
        facility_type: "Clinic".into(),
        medicaid_id: "123456789".into(),
        npi: None,
    }
}

fn session(role: Role, status: AccountStatus) -> Session {
    Session {
        username: "someone".into(),
        email: "someone@example.org".into(),
        role,
        facilities: vec![facility(1), facility(2)],
        mco: None,
        facility_id: Some(1),
        display_name: "Some One".into(),
        status,
        idle_timeout_seconds: 900,
        mfa_enrolled: false,
        mfa_enrolment_required: false,
    }
}

fn state(session: Option<Session>) -> SessionState {
    SessionState {
        session: RwSignal::new(session),
        loaded: RwSignal::new(true),
        notice: RwSignal::new(None),
        demo: RwSignal::new(false),
        return_to: RwSignal::new(None),
    }
}

/// Mounts a page guarded for HFS staff (or approved providers with `approved`) and returns the
/// root, the state and how many times the page was built.
fn guarded(
    roles: &'static [Role],
    approved: bool,
    initial: Option<Session>,
) -> (web_sys::HtmlElement, SessionState, Arc<AtomicUsize>) {
    let root = container();
    let st = state(initial);
    let built = Arc::new(AtomicUsize::new(0));
    let counter = built.clone();
    // The shared components move between pages the app's way (`nav`): here the router's.
    portal_app::nav::install(portal_app::app::ROUTER_HOOKS);
    let handle = mount_to(root.clone(), move || {
        provide_context(st);
        let counter = counter.clone();
        view! {
            <Router>
                <RequireRole roles=roles approved=approved>
                    {
                        counter.fetch_add(1, Ordering::SeqCst);
                        view! { <h1>"The page"</h1> }
                    }
                </RequireRole>
            </Router>
        }
    });
    handle.forget();
    (root, st, built)
}

#[wasm_bindgen_test]
async fn signed_out_users_are_asked_to_sign_in() {
    let (root, st, built) = guarded(&[Role::HfsStaff, Role::HfsAdmin], false, None);
    settle().await;
    assert_eq!(text(&root, "h1"), "Sign in to see this page");
    assert_eq!(
        find(&root, "a[href^='/sign-in']").text_content().unwrap(),
        "Sign in"
    );
    assert_eq!(built.load(Ordering::SeqCst), 0);
    assert!(
        st.return_to.get_untracked().is_some(),
        "signing in comes back"
    );
}

#[wasm_bindgen_test]
async fn another_role_cannot_see_the_page() {
    let (root, _, built) = guarded(
        &[Role::HfsStaff, Role::HfsAdmin],
        false,
        Some(session(Role::Provider, AccountStatus::Approved)),
    );
    settle().await;
    assert_eq!(text(&root, "h1"), "You cannot see this page");
    assert_eq!(built.load(Ordering::SeqCst), 0);
}

#[wasm_bindgen_test]
async fn staff_must_set_up_two_step_sign_in_first() {
    let mut staff = session(Role::HfsStaff, AccountStatus::Approved);
    staff.mfa_enrolment_required = true;
    let (root, st, built) = guarded(&[Role::HfsStaff, Role::HfsAdmin], false, Some(staff));
    settle().await;
    assert_eq!(text(&root, "h1"), "Set up two-step sign-in first");
    assert_eq!(
        find(&root, "a[href='/account/two-step']")
            .text_content()
            .unwrap(),
        "Set up two-step sign-in"
    );
    assert_eq!(built.load(Ordering::SeqCst), 0);

    let mut enrolled = session(Role::HfsStaff, AccountStatus::Approved);
    enrolled.mfa_enrolled = true;
    st.session.set(Some(enrolled));
    settle().await;
    assert_eq!(text(&root, "h1"), "The page");
}

#[wasm_bindgen_test]
async fn a_provider_must_be_approved_when_asked() {
    let (root, st, built) = guarded(
        &[Role::Provider],
        true,
        Some(session(Role::Provider, AccountStatus::Pending)),
    );
    settle().await;
    assert_eq!(text(&root, "h1"), "Your registration is not approved yet");
    assert_eq!(built.load(Ordering::SeqCst), 0);

    st.session
        .set(Some(session(Role::Provider, AccountStatus::Approved)));
    settle().await;
    assert_eq!(text(&root, "h1"), "The page");
    assert_eq!(built.load(Ordering::SeqCst), 1);
}

#[wasm_bindgen_test]
async fn the_page_is_kept_when_the_user_switches_facility() {
    let (root, st, built) = guarded(
        &[],
        false,
        Some(session(Role::Provider, AccountStatus::Approved)),
    );
    settle().await;
    assert_eq!(text(&root, "h1"), "The page");
    st.session
        .update(|s| s.as_mut().unwrap().facility_id = Some(2));
    settle().await;
    assert_eq!(built.load(Ordering::SeqCst), 1, "not rebuilt");
    // Signing out takes it away.
    st.session.set(None);
    settle().await;
    assert_eq!(text(&root, "h1"), "Sign in to see this page");
}

#[wasm_bindgen_test]
async fn the_password_box_can_be_shown_and_hidden() {
    let root = container();
    let value = RwSignal::new(String::new());
    let handle = mount_to(root.clone(), move || {
        view! {
            <PasswordField
                id="pw"
                label="Password"
                hint="At least 12 characters."
                value=value
                error=Signal::stored(None::<String>)
                autocomplete="new-password"
            />
        }
    });
    settle().await;
    let input = find(&root, "#pw");
    assert_eq!(input.get_attribute("type").as_deref(), Some("password"));
    assert_eq!(
        input.get_attribute("autocomplete").as_deref(),
        Some("new-password")
    );
    assert_eq!(
        input.get_attribute("aria-describedby").as_deref(),
        Some("pw-hint")
    );
    type_into(&root, "#pw", "a long phrase to remember");
    assert_eq!(value.get_untracked(), "a long phrase to remember");
    let button = find(&root, "button");
    assert_eq!(
        button.get_attribute("aria-label").as_deref(),
        Some("Show password")
    );
    button.click();
    settle().await;
    assert_eq!(input.get_attribute("type").as_deref(), Some("text"));
    assert_eq!(
        button.get_attribute("aria-label").as_deref(),
        Some("Hide password")
    );
    assert_eq!(value_of(&root, "#pw"), "a long phrase to remember");
    drop(handle);
}

#[wasm_bindgen_test]
fn the_warning_says_the_time_left_in_words() {
    assert_eq!(time_left_words(120_000), "2 minutes");
    assert_eq!(time_left_words(90_000), "1 minute 30 seconds");
    assert_eq!(time_left_words(60_500), "1 minute 1 second");
    assert_eq!(time_left_words(45_000), "45 seconds");
    assert_eq!(time_left_words(1), "1 second");
    assert_eq!(remaining(Some(1000.0), Some(900), 1000), Some(900_000));
    assert_eq!(remaining(None, Some(900), 1000), None);
    assert_eq!(remaining(Some(0.0), None, 1000), None);
    assert_eq!(
        inactive_message(900),
        "You were signed out because you were inactive for 15 minutes. Sign in again to continue."
    );
    assert!(inactive_message(60).contains("for 1 minute."));
}

#[wasm_bindgen_test]
fn only_calls_that_need_a_session_renew_it() {
    assert!(!renews(false, "http://h/api/eligibility", 200));
    assert!(!renews(false, "http://h/api/demo/outbox", 200));
    assert!(!renews(
        false,
        "http://h/api/templates/multiple-facility.csv",
        200
    ));
    assert!(renews(false, "http://h/api/session", 200));
    assert!(renews(false, "http://h/api/me/registration?x=1", 200));
    assert!(renews(false, "http://h/api/hfs/registrations", 403));
    assert!(!renews(false, "http://h/api/session", 401));
    assert!(renews(true, "http://h/api/session", 204));
}

/// The shell reads the session with the browser's `JSON.parse` (`api::browser`): it reads every
/// field by the name the wire type sends it under.
#[wasm_bindgen_test]
fn the_session_read_by_the_browser_is_the_one_the_server_sends() {
    use portal_app::api::browser::session_of;
    use rules::wire::accounts::Mco;
    let provider = Session {
        username: "provider1".into(),
        role: Role::Provider,
        facilities: vec![
            facility(1),
            Facility {
                npi: Some("1234567893".into()),
                ..facility(2)
            },
        ],
        mco: None,
        facility_id: Some(2),
        display_name: "Pat Lee".into(),
        status: AccountStatus::ProfileNeeded,
        idle_timeout_seconds: 900,
        email: "pat@example.com".into(),
        mfa_enrolled: true,
        mfa_enrolment_required: false,
    };
    let mco = Session {
        username: "mco-aetna".into(),
        role: Role::Mco,
        facilities: Vec::new(),
        mco: Some(Mco {
            id: 3,
            name: "Aetna Better Health of Illinois".into(),
            active: true,
            short_name: "Aetna".into(),
        }),
        facility_id: None,
        display_name: "Sam Ray".into(),
        status: AccountStatus::Approved,
        idle_timeout_seconds: 600,
        email: String::new(),
        mfa_enrolled: false,
        mfa_enrolment_required: true,
    };
    for session in [provider, mco] {
        let json = serde_json::to_string(&session).unwrap();
        let parsed = js_sys::JSON::parse(&json).unwrap();
        assert_eq!(session_of(&parsed), Some(session));
    }
    let not_a_session = js_sys::JSON::parse(r#"{"username":"x"}"#).unwrap();
    assert_eq!(session_of(&not_a_session), None);
}

/// The eligibility checker reads the MCOs' dispute information with the browser's `JSON.parse`
/// too (`api::browser`).
#[wasm_bindgen_test]
fn the_dispute_information_read_by_the_browser_is_the_one_the_server_sends() {
    use portal_app::api::browser::mco_dispute_of;
    use rules::mco_disputes::McoDispute;
    let dispute = McoDispute {
        mco_id: 4,
        mco_name: "Meridian".into(),
        dispute_url: "https://www.example.com/disputes".into(),
        tracking_guidance: "Call provider services and ask for the \"case number\".".into(),
        provider_services_phone: "(217) 555-0100".into(),
    };
    let parsed = js_sys::JSON::parse(&serde_json::to_string(&dispute).unwrap()).unwrap();
    assert_eq!(mco_dispute_of(&parsed), Some(dispute));
    assert_eq!(mco_dispute_of(&js_sys::JSON::parse("{}").unwrap()), None);
}

/// The statistics page reads `GET /api/statistics` with the browser's `JSON.parse` too: every row,
/// with its counts and outcomes written as fields of the row itself.
#[wasm_bindgen_test]
fn the_statistics_read_by_the_browser_are_the_ones_the_server_sends() {
    use portal_app::api::browser::statistics_of;
    use rules::wire::statistics::*;
    let counts = |n: u64| Counts {
        received: n,
        open: n / 2,
        closed: n - n / 2,
        overdue: 1,
        expedited: 2,
    };
    let outcomes = Outcomes {
        upheld: 3,
        overturned: 4,
        responses_on_time: 5,
        responses_late: 6,
        median_days_to_response: Some(12.5),
        fines: 7,
        fines_cents: 3_500_000,
        sanction_notices: 1,
    };
    let stats = Statistics {
        from: Some("2026-01-01".into()),
        to: None,
        generated_at: "2026-12-06T12:00:00Z".into(),
        totals: TotalsRow {
            counts: counts(40),
            outcomes,
        },
        by_mco: vec![McoRow {
            mco: "Meridian".into(),
            mco_id: 2,
            short_name: String::new(),
            counts: counts(10),
            outcomes: Outcomes {
                median_days_to_response: None,
                ..outcomes
            },
        }],
        by_complaint_type: vec![ComplaintTypeRow {
            complaint_type: "claim_denial".into(),
            label: "Claim denial".into(),
            counts: counts(9),
        }],
        by_provider_type: vec![ProviderTypeRow {
            provider_type: "Clinic".into(),
            counts: counts(8),
        }],
        by_month: vec![MonthRow {
            month: "2026-11".into(),
            counts: counts(7),
        }],
    };
    let parsed = js_sys::JSON::parse(&serde_json::to_string(&stats).unwrap()).unwrap();
    assert_eq!(statistics_of(&parsed), Some(stats));
    assert_eq!(statistics_of(&js_sys::JSON::parse("{}").unwrap()), None);
}

/// The public sanction notices are read with the browser's `JSON.parse` too: an issued notice with
/// its fines, and a draft as HFS sees it (a waived fine, the fields serde defaults left out).
#[wasm_bindgen_test]
fn the_sanction_notices_read_by_the_browser_are_the_ones_the_server_sends() {
    use portal_app::api::browser::sanction_notice_of;
    use rules::wire::sanctions::{NoticeFine, NoticeStatus, SanctionNotice};
    let fine = NoticeFine {
        ticket_number: "PRP-2026-000123".into(),
        due_on: "2026-09-14".into(),
        fined_on: "2026-09-15".into(),
        amount_cents: 500_000,
        fine_id: 17,
        waived_reason: None,
    };
    let issued = SanctionNotice {
        id: 3,
        mco: "Meridian".into(),
        mco_id: 2,
        quarter: "2026-Q3".into(),
        issued_on: Some("2026-10-05".into()),
        notice_due_on: "2026-10-15".into(),
        payment_due_on: "2026-11-04".into(),
        total_cents: 1_000_000,
        fines: vec![fine.clone(), fine.clone()],
        status: NoticeStatus::Issued,
        payment_address: "201 South Grand Avenue East, Springfield, IL 62763".into(),
        payment_bureau: "Bureau of Managed Care".into(),
        overdue: false,
    };
    let parsed = js_sys::JSON::parse(&serde_json::to_string(&issued).unwrap()).unwrap();
    assert_eq!(sanction_notice_of(&parsed), Some(issued.clone()));
    let draft = SanctionNotice {
        issued_on: None,
        status: NoticeStatus::Draft,
        overdue: true,
        fines: vec![NoticeFine {
            waived_reason: Some("The MCO answered on time by mail.".into()),
            ..fine
        }],
        ..issued
    };
    let parsed = js_sys::JSON::parse(&serde_json::to_string(&draft).unwrap()).unwrap();
    assert_eq!(sanction_notice_of(&parsed), Some(draft));
    // Fields serde fills in when missing (an older answer) are read the same way.
    let minimal = r#"{"id":1,"mco":"Aetna","quarter":"2026-Q1","issued_on":"2026-04-10","notice_due_on":"2026-04-15","payment_due_on":"2026-05-11","total_cents":0,"fines":[]}"#;
    let from_serde: SanctionNotice = serde_json::from_str(minimal).unwrap();
    assert_eq!(
        sanction_notice_of(&js_sys::JSON::parse(minimal).unwrap()),
        Some(from_serde)
    );
    assert_eq!(
        sanction_notice_of(&js_sys::JSON::parse("{}").unwrap()),
        None
    );
    let unknown_status = r#"{"id":1,"mco":"Aetna","quarter":"2026-Q1","issued_on":null,"notice_due_on":"2026-04-15","payment_due_on":"2026-05-11","total_cents":0,"fines":[],"status":"lost"}"#;
    assert_eq!(
        sanction_notice_of(&js_sys::JSON::parse(unknown_status).unwrap()),
        None
    );
}

/// The forms of signing in, a forgotten password, confirming an email address and registering are
/// sent with bodies written by hand (`api::browser`): serde, as the server reads them (every one
/// refuses unknown fields), reads each back as the same value.
#[wasm_bindgen_test]
fn the_bodies_written_by_the_browser_are_the_ones_the_server_reads() {
    use portal_app::api::browser::*;
    use rules::wire::accounts::*;
    fn read<T: serde::de::DeserializeOwned>(body: &wasm_bindgen::JsValue) -> T {
        let json: String = js_sys::JSON::stringify(body).unwrap().into();
        serde_json::from_str(&json).unwrap()
    }
    let profile = Profile {
        first_name: "Pat \"P\" Lee".into(),
        last_name: "Lee-Ó".into(),
        contact_email: "pat@example.com".into(),
        contact_phone: "(217) 555-0100".into(),
        organization_name: "Springfield Clinic\nNorth".into(),
        organization_type: "clinic".into(),
        medicaid_id: "123456789".into(),
        npi: String::new(),
    };
    for sign_in in [
        SignIn {
            username: "provider1".into(),
            password: "pass word \\ \u{1F600}".into(),
            code: None,
        },
        SignIn {
            username: "hfs1".into(),
            password: "x".into(),
            code: Some("123456".into()),
        },
    ] {
        assert_eq!(read::<SignIn>(&sign_in_body(&sign_in)), sign_in);
    }
    let code = MfaCode {
        code: "654321".into(),
    };
    assert_eq!(read::<MfaCode>(&mfa_code_body(&code)), code);
    let request = PasswordResetRequest {
        identifier: "pat@example.com".into(),
    };
    assert_eq!(
        read::<PasswordResetRequest>(&password_reset_request_body(&request)),
        request
    );
    let complete = PasswordResetComplete {
        token: "abc".into(),
        password: "correct horse".into(),
    };
    assert_eq!(
        read::<PasswordResetComplete>(&password_reset_complete_body(&complete)),
        complete
    );
    let confirmation = EmailConfirmation {
        token: "t0ken".into(),
    };
    assert_eq!(
        read::<EmailConfirmation>(&email_confirmation_body(&confirmation)),
        confirmation
    );
    let account = NewAccount {
        email: "pat@example.com".into(),
        username: "pat".into(),
        password: "a long password".into(),
        confirm_password: "a long passwort".into(),
    };
    assert_eq!(read::<NewAccount>(&new_account_body(&account)), account);
    assert_eq!(read::<Profile>(&profile_body(&profile)), profile);
    for step in [
        RegistrationStep::Name,
        RegistrationStep::Organization,
        RegistrationStep::Check,
    ] {
        let answers = SavedAnswers {
            step,
            profile: profile.clone(),
        };
        assert_eq!(read::<SavedAnswers>(&saved_answers_body(&answers)), answers);
    }
}

/// ... and their answers are read with `JSON.parse`: a registration in each of its forms, and the
/// messages of a 422 by field.
#[wasm_bindgen_test]
fn the_answers_read_by_the_browser_are_the_ones_the_server_sends() {
    use portal_app::api::browser::{error_body_of, registration_of};
    use rules::wire::accounts::*;
    use rules::wire::ErrorBody;
    let profile = Profile {
        first_name: "Pat".into(),
        last_name: "Lee".into(),
        contact_email: "pat@example.com".into(),
        contact_phone: "2175550100".into(),
        organization_name: "Springfield Clinic".into(),
        organization_type: "clinic".into(),
        medicaid_id: "123456789".into(),
        npi: "1234567893".into(),
    };
    let new = Registration {
        status: AccountStatus::ProfileNeeded,
        profile: None,
        requested_on: None,
        review_due_on: None,
        decided_on: None,
        denial_reason: None,
        email_confirmed: false,
        contact_email_confirmed: false,
        saved_answers: Some(SavedAnswers {
            step: RegistrationStep::Organization,
            profile: Profile {
                npi: String::new(),
                ..profile.clone()
            },
        }),
    };
    let denied = Registration {
        status: AccountStatus::Denied,
        profile: Some(profile.clone()),
        requested_on: Some("2026-11-02".into()),
        review_due_on: Some("2026-11-30".into()),
        decided_on: Some("2026-11-20".into()),
        denial_reason: Some("The Medicaid ID does not match \"Springfield\".".into()),
        email_confirmed: true,
        contact_email_confirmed: true,
        saved_answers: None,
    };
    let pending = Registration {
        status: AccountStatus::Pending,
        profile: Some(profile),
        decided_on: None,
        denial_reason: None,
        contact_email_confirmed: false,
        ..denied.clone()
    };
    for registration in [new, denied, pending] {
        let parsed = js_sys::JSON::parse(&serde_json::to_string(&registration).unwrap()).unwrap();
        assert_eq!(registration_of(&parsed), Some(registration));
    }
    let not_one = js_sys::JSON::parse(r#"{"status":"pending","profile":{"first_name":"x"}}"#);
    assert_eq!(registration_of(&not_one.unwrap()), None);

    let mut errors = ErrorBody::default();
    errors.add("username", "Enter a username");
    errors.add("password", "Enter a password of at least 12 characters");
    errors.add("password", "Enter a password that is not a common one");
    let parsed = js_sys::JSON::parse(&serde_json::to_string(&errors).unwrap()).unwrap();
    assert_eq!(error_body_of(&parsed), Some(errors));
    let empty = js_sys::JSON::parse(r#"{"errors":{}}"#).unwrap();
    assert_eq!(error_body_of(&empty), Some(ErrorBody::default()));
    for not_one in [r#"{}"#, r#"{"errors":[]}"#, r#"{"errors":{"a":"b"}}"#] {
        assert_eq!(error_body_of(&js_sys::JSON::parse(not_one).unwrap()), None);
    }
}
