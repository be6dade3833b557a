//! The account rules (`rules::accounts`) against docs/accounts.md, the seeds and NIST SP 800-63B.

use rules::accounts::*;
use rules::facility_template;
use rules::wire::accounts::{
    FacilityRequest, FacilityRow, NewAccount, NewStaffUser, PasswordChange, Profile, Role,
};
use rules::wire::ErrorBody;

fn field_errors(body: &ErrorBody) -> Vec<(String, String)> {
    body.errors
        .iter()
        .flat_map(|(k, v)| v.iter().map(move |m| (k.clone(), m.clone())))
        .collect()
}

fn one_error(body: Result<impl std::fmt::Debug, ErrorBody>, field: &str) -> String {
    let body = body.unwrap_err();
    let errors = field_errors(&body);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].0, field, "{errors:?}");
    errors[0].1.clone()
}

// ---- passwords (NIST SP 800-63B 5.1.1.2) ----

#[test]
fn password_rules() {
    let cases: Vec<(String, Result<(), &str>)> = vec![
        ("".into(), Err("Enter a password")),
        ("x7#kQ2!mZp9".into(), Err("Password must be 12 characters or more")),
        ("x7#kQ2!mZp9w".into(), Ok(())),
        (
            // 12 characters, 24 bytes: counted as characters.
            "ééééééééééée".into(),
            Ok(()),
        ),
        (
            "ééééééééééé".into(),
            Err("Password must be 12 characters or more"),
        ),
        ("tV9".repeat(42) + "ab", Ok(())), // 128
        (
            "tV9".repeat(43), // 129
            Err("Password must be 128 characters or fewer"),
        ),
        // Spaces and any characters, no composition rules.
        ("correct horse battery staple".into(), Ok(())),
        ("lowercase only passphrase".into(), Ok(())),
        // The common list, case-insensitively.
        (
            "password1234".into(),
            Err("Choose a password that is harder to guess: this one is on a list of common passwords"),
        ),
        (
            "QWERTY123456".into(),
            Err("Choose a password that is harder to guess: this one is on a list of common passwords"),
        ),
        (
            "1q2w3e4r5t6y".into(),
            Err("Choose a password that is harder to guess: this one is on a list of common passwords"),
        ),
        // This service's words plus digits and punctuation.
        (
            "MedicaidPortal2026!".into(),
            Err("Choose a password that is harder to guess: this one is on a list of common passwords"),
        ),
        (
            "illinois-medicaid-1".into(),
            Err("Choose a password that is harder to guess: this one is on a list of common passwords"),
        ),
        (
            "Provider Portal 123".into(),
            Err("Choose a password that is harder to guess: this one is on a list of common passwords"),
        ),
        // A word of the service inside a longer passphrase is fine.
        ("my medicaid clinic runs late".into(), Ok(())),
        // Repeated and sequential.
        (
            "aaaaaaaaaaaa".into(),
            Err("Choose a password that is harder to guess: do not use one character repeated or a run like 123456789012"),
        ),
        (
            "123456789012".into(),
            Err("Choose a password that is harder to guess: do not use one character repeated or a run like 123456789012"),
        ),
        (
            "abcdefghijkl".into(),
            Err("Choose a password that is harder to guess: do not use one character repeated or a run like 123456789012"),
        ),
        (
            "LKJIHGFEDCBA".into(),
            Err("Choose a password that is harder to guess: do not use one character repeated or a run like 123456789012"),
        ),
        (
            "            ".into(),
            Err("Choose a password that is harder to guess: do not use one character repeated or a run like 123456789012"),
        ),
        // The demo accounts' password (docs/accounts.md) passes.
        ("Demo-Portal-2026!".into(), Ok(())),
    ];
    for (password, want) in cases {
        assert_eq!(
            check_password(&password, "", ""),
            want.map_err(str::to_string),
            "{password:?}"
        );
    }
}

#[test]
fn passwords_must_not_include_the_username_or_email() {
    let cases = [
        (
            "xx-JaneDoe-2026-yy",
            "janedoe",
            "",
            Err("Password must not include your username"),
        ),
        (
            "xx-JaneDoe-2026-yy",
            " JANEDOE ",
            "",
            Err("Password must not include your username"),
        ),
        // Usernames under 3 characters are not looked for (they would refuse too much).
        ("an-unusual-phrase-jd", "jd", "", Ok(())),
        (
            "my mail is jdoe99 ok",
            "someone",
            "jdoe99@example.com",
            Err("Password must not include your email address"),
        ),
        (
            "unrelated words here",
            "janedoe",
            "jane@example.com",
            Ok(()),
        ),
    ];
    for (password, username, email, want) in cases {
        assert_eq!(
            check_password(password, username, email),
            want.map_err(str::to_string),
            "{password:?}"
        );
    }
}

#[test]
fn the_common_list_ships_with_the_crate() {
    assert!(common_password_count() > 200);
    assert!(is_common_password("PASSWORD1234"));
    assert!(!is_common_password("a-rare-phrase-of-mine"));
    assert!(is_repetitive_or_sequential("987654321098"));
    assert!(is_repetitive_or_sequential("xyzabcdefghi"));
    assert!(!is_repetitive_or_sequential("123456789013"));
}

// ---- the account step ----

fn account(email: &str, username: &str, password: &str, confirm: &str) -> NewAccount {
    NewAccount {
        email: email.into(),
        username: username.into(),
        password: password.into(),
        confirm_password: confirm.into(),
    }
}

#[test]
fn a_good_account_is_cleaned_up() {
    let ok = check_new_account(&account(
        "  Jane.Doe@Example.COM ",
        " jane_doe ",
        "violet kettle 42",
        "violet kettle 42",
    ))
    .unwrap();
    assert_eq!(ok.email, "Jane.Doe@example.com");
    assert_eq!(ok.username, "jane_doe");
    assert_eq!(ok.password, "violet kettle 42");
}

#[test]
fn account_errors_all_at_once_one_per_field() {
    let body = check_new_account(&account("", "", "", "")).unwrap_err();
    assert_eq!(
        field_errors(&body),
        vec![
            ("email".to_string(), "Enter your email address".to_string()),
            ("password".to_string(), "Enter a password".to_string()),
            ("username".to_string(), "Enter a username".to_string()),
        ]
    );
    let body = check_new_account(&account("jane@", "jd", "short", "other")).unwrap_err();
    assert_eq!(
        field_errors(&body),
        vec![
            (
                "confirm_password".to_string(),
                "The passwords do not match".to_string()
            ),
            (
                "email".to_string(),
                "Enter an email address in the correct format, like name@example.com".to_string()
            ),
            (
                "password".to_string(),
                "Password must be 12 characters or more".to_string()
            ),
            (
                "username".to_string(),
                "Username must be 3 to 64 characters".to_string()
            ),
        ]
    );
    assert_eq!(
        one_error(
            check_new_account(&account("a@b.org", "jane", "violet kettle 42", "")),
            "confirm_password"
        ),
        "Enter the same password again"
    );
    assert_eq!(
        one_error(
            check_new_account(&account(
                "a@b.org",
                "jane",
                "violet kettle 42",
                "violet kettle 43"
            )),
            "confirm_password"
        ),
        "The passwords do not match"
    );
    assert_eq!(
        one_error(
            check_new_account(&account(
                "a@b.org",
                "kettle",
                "violet kettle 42",
                "violet kettle 42"
            )),
            "password"
        ),
        "Password must not include your username"
    );
}

#[test]
fn emails() {
    let cases = [
        ("name@example.com", Ok("name@example.com")),
        (" Name@EXAMPLE.com ", Ok("Name@example.com")),
        (
            "first.last+tag@sub.example.org",
            Ok("first.last+tag@sub.example.org"),
        ),
        ("test@llinois.gov", Ok("test@llinois.gov")),
        ("", Err("EMPTY")),
        ("   ", Err("EMPTY")),
        ("name", Err("FORMAT")),
        ("name@", Err("FORMAT")),
        ("@example.com", Err("FORMAT")),
        ("name@example", Err("FORMAT")),
        ("name@@example.com", Err("FORMAT")),
        ("na me@example.com", Err("FORMAT")),
        ("name@exa_mple.com", Err("FORMAT")),
        ("name@example..com", Err("FORMAT")),
        ("name@-example.com", Err("FORMAT")),
        (".name@example.com", Err("FORMAT")),
        ("name@10.0.0.1", Err("FORMAT")),
    ];
    for (typed, want) in cases {
        let want = want.map(str::to_string).map_err(|e| match e {
            "EMPTY" => "Enter your email address".to_string(),
            _ => "Enter an email address in the correct format, like name@example.com".to_string(),
        });
        assert_eq!(
            check_email(typed, "Enter your email address"),
            want,
            "{typed:?}"
        );
    }
    let long = format!("{}@example.com", "a".repeat(250));
    assert_eq!(
        check_email(&long, "x"),
        Err("Email address must be 254 characters or fewer".to_string())
    );
}

#[test]
fn usernames() {
    let cases = [
        ("jane", Ok("jane")),
        (" jane.doe_2@clinic-a ", Ok("jane.doe_2@clinic-a")),
        ("abc", Ok("abc")),
        ("", Err("Enter a username")),
        ("ab", Err("Username must be 3 to 64 characters")),
        (&*"a".repeat(65), Err("Username must be 3 to 64 characters")),
        (
            "jane doe",
            Err("Username can only include letters, numbers, and . _ - @"),
        ),
        (
            "jané",
            Err("Username can only include letters, numbers, and . _ - @"),
        ),
        (
            "jane!",
            Err("Username can only include letters, numbers, and . _ - @"),
        ),
    ];
    for (typed, want) in cases {
        assert_eq!(check_username(typed), want.map(str::to_string), "{typed:?}");
    }
    assert_eq!(check_username(&"a".repeat(64)).unwrap().len(), 64);
}

// ---- passwords changed ----

fn change(current: &str, new: &str, confirm: &str) -> PasswordChange {
    PasswordChange {
        current_password: current.into(),
        new_password: new.into(),
        confirm_password: confirm.into(),
    }
}

#[test]
fn password_changes() {
    assert_eq!(
        check_password_change(
            &change("old one", "violet kettle 42", "violet kettle 42"),
            "jane",
            "jane.doe@example.com"
        ),
        Ok(())
    );
    assert_eq!(
        one_error(
            check_password_change(
                &change("", "violet kettle 42", "violet kettle 42"),
                "jane",
                "jane.doe@example.com"
            ),
            "current_password"
        ),
        "Enter your current password"
    );
    assert_eq!(
        one_error(
            check_password_change(
                &change("violet kettle 42", "violet kettle 42", "violet kettle 42"),
                "jane",
                "jane.doe@example.com"
            ),
            "new_password"
        ),
        "Your new password must be different from your current password"
    );
    assert_eq!(
        one_error(
            check_password_change(
                &change("old", "short", "short"),
                "jane",
                "jane.doe@example.com"
            ),
            "new_password"
        ),
        "Password must be 12 characters or more"
    );
    assert_eq!(
        one_error(
            check_password_change(
                &change("old", "jane's violet kettle", "jane's violet kettle"),
                "Jane",
                "jane.doe@example.com"
            ),
            "new_password"
        ),
        "Password must not include your username"
    );
    assert_eq!(
        one_error(
            check_password_change(
                &change("old", "Rosa.Parks garden gate", "Rosa.Parks garden gate"),
                "jane",
                "rosa.parks@example.com"
            ),
            "new_password"
        ),
        "Password must not include your email address"
    );
    assert_eq!(
        one_error(
            check_password_change(
                &change("old", "violet kettle 42", "violet kettle"),
                "jane",
                "jane.doe@example.com"
            ),
            "confirm_password"
        ),
        "The passwords do not match"
    );
    let body =
        check_password_change(&change("", "", ""), "jane", "jane.doe@example.com").unwrap_err();
    assert_eq!(
        field_errors(&body),
        vec![
            (
                "current_password".to_string(),
                "Enter your current password".to_string()
            ),
            (
                "new_password".to_string(),
                "Enter a new password".to_string()
            ),
        ]
    );
}

// ---- the profile ----

fn profile() -> Profile {
    Profile {
        first_name: " Test ".into(),
        last_name: "Name".into(),
        contact_email: "test@llinois.gov".into(),
        contact_phone: "217.555.0100".into(),
        organization_name: "  Mercy   Clinic ".into(),
        organization_type: "provider".into(),
        medicaid_id: "123 456 789".into(),
        npi: "".into(),
    }
}

#[test]
fn the_seeds_sample_profile_is_accepted_and_cleaned() {
    let ok = check_profile(&profile()).unwrap();
    assert_eq!(ok.first_name, "Test");
    assert_eq!(ok.organization_name, "Mercy Clinic");
    assert_eq!(ok.contact_phone, "(217) 555-0100");
    assert_eq!(ok.medicaid_id, "123456789");
    assert_eq!(ok.npi, "");
    let ok = check_profile(&Profile {
        npi: "123-456-7893".into(),
        medicaid_id: "1234567893".into(),
        organization_type: "billing_agent".into(),
        ..profile()
    })
    .unwrap();
    assert_eq!(ok.npi, "1234567893");
    assert_eq!(ok.medicaid_id, "1234567893");
}

#[test]
fn every_profile_field_but_the_npi_is_required() {
    let body = check_profile(&Profile::default()).unwrap_err();
    assert_eq!(
        field_errors(&body),
        vec![
            (
                "contact_email".to_string(),
                "Enter your contact email address".to_string()
            ),
            (
                "contact_phone".to_string(),
                "Enter your contact phone number".to_string()
            ),
            (
                "first_name".to_string(),
                "Enter your first name".to_string()
            ),
            ("last_name".to_string(), "Enter your last name".to_string()),
            (
                "medicaid_id".to_string(),
                "Enter the Provider Medicaid ID".to_string()
            ),
            (
                "organization_name".to_string(),
                "Enter your organization name".to_string()
            ),
            (
                "organization_type".to_string(),
                "Select your organization type".to_string()
            ),
        ]
    );
}

#[test]
fn profile_field_rules() {
    let cases: Vec<(Profile, &str, &str)> = vec![
        (
            Profile {
                first_name: "a".repeat(101),
                ..profile()
            },
            "first_name",
            "First name must be 100 characters or fewer",
        ),
        (
            Profile {
                last_name: " \t ".into(),
                ..profile()
            },
            "last_name",
            "Enter your last name",
        ),
        (
            Profile {
                organization_name: "a".repeat(201),
                ..profile()
            },
            "organization_name",
            "Organization name must be 200 characters or fewer",
        ),
        (
            Profile {
                organization_type: "hospital".into(),
                ..profile()
            },
            "organization_type",
            "Select your organization type",
        ),
        (
            Profile {
                medicaid_id: "12345678".into(),
                ..profile()
            },
            "medicaid_id",
            "Provider Medicaid ID must be 9 or 10 digits",
        ),
        (
            Profile {
                medicaid_id: "12345678901".into(),
                ..profile()
            },
            "medicaid_id",
            "Provider Medicaid ID must be 9 or 10 digits",
        ),
        (
            Profile {
                medicaid_id: "12345678A".into(),
                ..profile()
            },
            "medicaid_id",
            "Provider Medicaid ID must be 9 or 10 digits",
        ),
        (
            Profile {
                npi: "1234567890".into(),
                ..profile()
            },
            "npi",
            "Check the NPI: it is not a valid number (the last digit does not match)",
        ),
        (
            Profile {
                npi: "123456789".into(),
                ..profile()
            },
            "npi",
            "NPI must be 10 digits",
        ),
        (
            Profile {
                npi: "n/a".into(),
                ..profile()
            },
            "npi",
            "NPI must be 10 digits",
        ),
        (
            Profile {
                contact_phone: "555 0100".into(),
                ..profile()
            },
            "contact_phone",
            "Enter a phone number, like 217 555 0100",
        ),
        (
            Profile {
                contact_email: "test.illinois.gov".into(),
                ..profile()
            },
            "contact_email",
            "Enter an email address in the correct format, like name@example.com",
        ),
    ];
    for (input, field, message) in cases {
        assert_eq!(
            one_error(check_profile(&input), field),
            message,
            "{input:?}"
        );
    }
    // 9 and 10 digits, with stray punctuation.
    for (typed, want) in [
        ("123456789", "123456789"),
        ("123-45-6789", "123456789"),
        (" 1234567893 ", "1234567893"),
        ("12.345.678.90", "1234567890"),
    ] {
        assert_eq!(check_medicaid_id(typed), Ok(want.to_string()), "{typed}");
    }
}

#[test]
fn phones() {
    let cases = [
        ("217 555 0100", Some("(217) 555-0100")),
        ("(217) 555-0100", Some("(217) 555-0100")),
        ("217.555.0100", Some("(217) 555-0100")),
        ("217-555-0100", Some("(217) 555-0100")),
        ("+1 217 555 0100", Some("(217) 555-0100")),
        ("1-217-555-0100", Some("(217) 555-0100")),
        ("+1 (217) 555-0100", Some("(217) 555-0100")),
        ("2175550100", Some("(217) 555-0100")),
        ("555 0100", None),
        ("217 555 01000", None),
        ("+44 20 7946 0958", None),
        ("+2175550100", None),
        ("017 555 0100", None),
        ("217 055 0100", None),
        ("217 555 0100 ext 4", None),
        ("217-555-CALL", None),
        ("", None),
    ];
    for (typed, want) in cases {
        assert_eq!(normalize_phone(typed).as_deref(), want, "{typed:?}");
    }
}

// ---- staff accounts ----

fn staff(role: Role, mco_id: Option<i64>) -> NewStaffUser {
    NewStaffUser {
        username: "mco-aetna2".into(),
        email: "staff@aetna.example".into(),
        first_name: "Pat".into(),
        last_name: "Lee".into(),
        role,
        mco_id,
        password: "violet kettle 42".into(),
    }
}

#[test]
fn staff_users() {
    assert!(check_staff_user(&staff(Role::Mco, Some(1))).is_ok());
    assert!(check_staff_user(&staff(Role::HfsStaff, None)).is_ok());
    assert!(check_staff_user(&staff(Role::HfsAdmin, None)).is_ok());
    assert_eq!(
        one_error(check_staff_user(&staff(Role::Provider, None)), "role"),
        "Providers register themselves"
    );
    assert_eq!(
        one_error(check_staff_user(&staff(Role::Mco, None)), "mco_id"),
        "Select the MCO"
    );
    assert_eq!(
        one_error(check_staff_user(&staff(Role::HfsStaff, Some(2))), "mco_id"),
        "Remove the MCO: only MCO staff belong to an MCO"
    );
    let body = check_staff_user(&NewStaffUser {
        username: "".into(),
        email: "".into(),
        first_name: "".into(),
        last_name: " ".into(),
        password: "short".into(),
        ..staff(Role::HfsStaff, None)
    })
    .unwrap_err();
    assert_eq!(
        field_errors(&body),
        vec![
            ("email".to_string(), "Enter an email address".to_string()),
            ("first_name".to_string(), "Enter a first name".to_string()),
            ("last_name".to_string(), "Enter a last name".to_string()),
            (
                "password".to_string(),
                "Password must be 12 characters or more".to_string()
            ),
            ("username".to_string(), "Enter a username".to_string()),
        ]
    );
    assert_eq!(
        one_error(
            check_staff_user(&NewStaffUser {
                password: "mco-aetna2 is me".into(),
                ..staff(Role::Mco, Some(1))
            }),
            "password"
        ),
        "Password must not include your username"
    );
}

// ---- denial reasons ----

#[test]
fn denial_reasons() {
    assert_eq!(
        check_denial_reason("  Add your Provider Medicaid ID.\n "),
        Ok("Add your Provider Medicaid ID.".to_string())
    );
    assert_eq!(
        check_denial_reason(" \n "),
        Err("Enter what is missing or wrong, so the registrant can fix it".to_string())
    );
    assert!(check_denial_reason(&"é".repeat(1000)).is_ok());
    assert_eq!(
        check_denial_reason(&"a".repeat(1001)),
        Err("Reason must be 1,000 characters or fewer".to_string())
    );
}

// ---- the multiple facility template ----

fn facility(medicaid_id: &str, npi: &str) -> FacilityRow {
    FacilityRow {
        contact_email: "ops@mercy.example".into(),
        contact_phone: "217-555-0100".into(),
        name: " Mercy  Clinic ".into(),
        facility_type: "Clinic".into(),
        medicaid_id: medicaid_id.into(),
        npi: npi.into(),
    }
}

fn request(facilities: Vec<FacilityRow>) -> FacilityRequest {
    FacilityRequest {
        contact_name: "Jane Doe".into(),
        contact_phone: "(217) 555 0199".into(),
        contact_email: "jane@billing.example".into(),
        facilities,
    }
}

#[test]
fn a_good_request_is_cleaned_up() {
    let ok = check_facility_request(&request(vec![
        facility("123456789", "1234567893"),
        facility("987-654-321", "123 456 7893"),
    ]))
    .unwrap();
    assert_eq!(ok.contact_phone, "(217) 555-0199");
    assert_eq!(ok.facilities[0].name, "Mercy Clinic");
    assert_eq!(ok.facilities[0].contact_phone, "(217) 555-0100");
    assert_eq!(ok.facilities[1].medicaid_id, "987654321");
    assert_eq!(ok.facilities[1].npi, "1234567893");
}

#[test]
fn rows_are_numbered_from_one_and_named_by_column() {
    let mut rows = vec![
        facility("123456789", "1234567893"),
        facility("123456780", "1234567893"),
        facility("123456781", "1234567890"),
        FacilityRow::default(),
        facility("123-456-780", "1234567893"),
    ];
    rows[1].contact_phone = "555-0100".into();
    let body = check_facility_request(&request(rows)).unwrap_err();
    let want = [
        ("facilities.2.contact_phone", "Row 2, Contact Phone: Enter a phone number, like 217 555 0100"),
        ("facilities.3.npi", "Row 3, NPI: Check the NPI: it is not a valid number (the last digit does not match)"),
        ("facilities.4.contact_email", "Row 4, Contact Email: Enter the contact email address"),
        ("facilities.4.contact_phone", "Row 4, Contact Phone: Enter the contact phone number"),
        ("facilities.4.facility_type", "Row 4, Provider/Facility Type: Enter the provider or facility type, like Hospital or Clinic"),
        ("facilities.4.medicaid_id", "Row 4, Provider Medicaid ID: Enter the Provider Medicaid ID"),
        ("facilities.4.name", "Row 4, Provider/Facility Name: Enter the provider or facility name"),
        ("facilities.4.npi", "Row 4, NPI: Enter the NPI"),
        ("facilities.5.medicaid_id", "Row 5, Provider Medicaid ID: the same facility as row 2. Remove one of them"),
    ];
    let got = field_errors(&body);
    let got: Vec<(&str, &str)> = got.iter().map(|(k, m)| (k.as_str(), m.as_str())).collect();
    assert_eq!(got, want);
}

#[test]
fn row_cell_rules() {
    let cases: Vec<(FacilityRow, &str, &str)> = vec![
        (
            FacilityRow { npi: "123456789".into(), ..facility("123456789", "") },
            "facilities.1.npi",
            "Row 1, NPI: NPI must be 10 digits",
        ),
        (
            FacilityRow { facility_type: "x".repeat(101), ..facility("123456789", "1234567893") },
            "facilities.1.facility_type",
            "Row 1, Provider/Facility Type: Provider/facility type must be 100 characters or fewer",
        ),
        (
            FacilityRow { name: "x".repeat(201), ..facility("123456789", "1234567893") },
            "facilities.1.name",
            "Row 1, Provider/Facility Name: Provider/facility name must be 200 characters or fewer",
        ),
        (
            FacilityRow { contact_email: "ops at mercy".into(), ..facility("123456789", "1234567893") },
            "facilities.1.contact_email",
            "Row 1, Contact Email: Enter an email address in the correct format, like name@example.com",
        ),
        (
            facility("1234", "1234567893"),
            "facilities.1.medicaid_id",
            "Row 1, Provider Medicaid ID: Provider Medicaid ID must be 9 or 10 digits",
        ),
    ];
    for (row, field, message) in cases {
        assert_eq!(
            one_error(check_facility_request(&request(vec![row])), field),
            message
        );
    }
}

#[test]
fn request_header_and_row_count() {
    assert_eq!(
        one_error(check_facility_request(&request(vec![])), "facilities"),
        "Add at least one provider or facility"
    );
    let many: Vec<FacilityRow> = (0..101)
        .map(|i| facility(&format!("{:09}", 100_000_000 + i), "1234567893"))
        .collect();
    assert_eq!(
        one_error(check_facility_request(&request(many.clone())), "facilities"),
        "A request can have up to 100 providers or facilities. Send the rest in another request"
    );
    assert!(check_facility_request(&request(many[..100].to_vec())).is_ok());
    let body = check_facility_request(&FacilityRequest {
        contact_name: "".into(),
        contact_phone: "".into(),
        contact_email: "".into(),
        ..request(vec![facility("123456789", "1234567893")])
    })
    .unwrap_err();
    assert_eq!(
        field_errors(&body),
        vec![
            (
                "contact_email".to_string(),
                "Enter the portal user contact email address".to_string()
            ),
            (
                "contact_name".to_string(),
                "Enter the portal user contact name".to_string()
            ),
            (
                "contact_phone".to_string(),
                "Enter the portal user contact phone number".to_string()
            ),
        ]
    );
}

#[test]
fn an_uploaded_template_goes_through_the_checks() {
    let text = "\u{feff}Contact Email*,Contact Phone*,Provider/Facility Name*,Provider/Facility Type*,Provider Medicaid ID*,NPI Number*\r\n\
                ops@mercy.example,217 555 0100,\"Mercy Clinic, North\",Clinic,123456789,1234567893\r\n\
                ops@mercy.example,217 555 0100,Mercy South,Clinic,123456780,1234567890\r\n";
    let rows = facility_template::parse_csv(text).unwrap();
    assert_eq!(
        rows.iter().map(|(line, _)| *line).collect::<Vec<_>>(),
        [2, 3]
    );
    let body =
        check_facility_request(&request(rows.into_iter().map(|(_, r)| r).collect())).unwrap_err();
    assert_eq!(
        field_errors(&body),
        vec![(
            "facilities.2.npi".to_string(),
            "Row 2, NPI: Check the NPI: it is not a valid number (the last digit does not match)"
                .to_string()
        )]
    );
}

// ---- no input makes a check panic ----

mod never_panics {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn on_any_profile(a in "\\PC{0,40}", b in "\\PC{0,40}", c in "[0-9 +()./-]{0,20}", d in "\\PC{0,20}") {
            let _ = check_profile(&Profile {
                first_name: a.clone(),
                last_name: b.clone(),
                contact_email: a.clone(),
                contact_phone: c.clone(),
                organization_name: b.clone(),
                organization_type: d.clone(),
                medicaid_id: c.clone(),
                npi: d.clone(),
            });
            let _ = normalize_phone(&a);
            let _ = normalize_phone(&c);
            let _ = check_email(&b, "x");
        }

        #[test]
        fn on_any_password(password in "\\PC{0,140}", username in "\\PC{0,10}", email in "\\PC{0,20}") {
            let result = check_password(&password, &username, &email);
            if password.chars().count() < PASSWORD_MIN_CHARS || password.chars().count() > PASSWORD_MAX_CHARS {
                prop_assert!(result.is_err());
            }
        }

        #[test]
        fn on_any_request(cells in proptest::collection::vec("\\PC{0,15}", 0..20)) {
            let rows: Vec<FacilityRow> = cells
                .chunks(6)
                .map(|c| FacilityRow {
                    contact_email: c.first().cloned().unwrap_or_default(),
                    contact_phone: c.get(1).cloned().unwrap_or_default(),
                    name: c.get(2).cloned().unwrap_or_default(),
                    facility_type: c.get(3).cloned().unwrap_or_default(),
                    medicaid_id: c.get(4).cloned().unwrap_or_default(),
                    npi: c.get(5).cloned().unwrap_or_default(),
                })
                .collect();
            let _ = check_facility_request(&request(rows));
        }
    }
}
