//! Checks of everything a registrant, a portal user or an HFS administrator types about accounts:
//! the sign-in details, the profile, the Multiple Provider/Facility Registration Request Template.
//! The app calls these before sending; the server calls them again and answers 422 with the same
//! messages. Sources: the registration instructions, the July 2023 overview,
//! NIST SP 800-63B (passwords), CMS (NPI), `docs/pages.md` (messages).
//!
//! Messages follow `docs/pages.md` ("Errors"): they say what to do, with no "please", "sorry"
//! or "invalid"; one message per field, the most important one. Every `Ok` holds the cleaned-up
//! input: what the server stores and the app shows back.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use crate::forms::digits_only;
use crate::identifiers::Npi;
use crate::wire::accounts::{
    FacilityRequest, FacilityRow, NewAccount, NewStaffUser, PasswordChange, Profile, Role,
    RoleChange,
};
use crate::wire::ErrorBody;

/// NIST SP 800-63B: at least 12 characters (the floor); at most 128 (NIST: allow at least 64).
pub const PASSWORD_MIN_CHARS: usize = 12;
pub const PASSWORD_MAX_CHARS: usize = 128;

/// Organization types a registrant chooses from: (code, label).
pub const ORGANIZATION_TYPES: &[(&str, &str)] = &[
    ("provider", "Provider or facility"),
    ("billing_agent", "Billing agent"),
];

/// The most facilities one template may ask for.
pub const MAX_FACILITIES_PER_REQUEST: usize = 100;

/// Longest first or last name (characters).
pub const NAME_MAX_CHARS: usize = 100;
/// Longest organization name, and the template's contact name (characters).
pub const ORGANIZATION_NAME_MAX_CHARS: usize = 200;
/// RFC 5321 (with the erratum 1690): a path is at most 256 octets, so an address at most 254.
pub const EMAIL_MAX_CHARS: usize = 254;
/// Longest provider/facility type (characters).
pub const FACILITY_TYPE_MAX_CHARS: usize = 100;
/// Longest denial reason (characters).
pub const DENIAL_REASON_MAX_CHARS: usize = 1000;
/// Usernames: 3 to 64 characters.
pub const USERNAME_MIN_CHARS: usize = 3;
pub const USERNAME_MAX_CHARS: usize = 64;

/// The message for a password found on the common list or made of a word of this service.
pub const COMMON_PASSWORD_MESSAGE: &str =
    "Choose a password that is harder to guess: this one is on a list of common passwords";

/// Common passwords of 12 or more characters (NIST SP 800-63B 5.1.1.2: refuse "values known to be
/// commonly-used"). Lowercased, deduplicated, sorted; lines starting with `#` are comments (the
/// header names the source list and its licence).
const COMMON_PASSWORDS_FILE: &str = include_str!("../data/common-passwords.txt");

/// Words that make a password easy to guess for this service in particular (NIST SP 800-63B
/// 5.1.1.2: "context-specific words, such as the name of the service"): refused when the whole
/// password is one of them plus digits, punctuation or spaces ("MedicaidPortal2026!").
pub const CONTEXT_WORDS: &[&str] = &[
    "hfsportal",
    "illinoishfs",
    "illinoismedicaid",
    "medicaid",
    "medicaidportal",
    "password",
    "portalpassword",
    "providerportal",
    "providerresolution",
    "providerresolutionportal",
    "resolutionportal",
];

fn common_passwords() -> &'static [&'static str] {
    static LIST: OnceLock<Vec<&'static str>> = OnceLock::new();
    LIST.get_or_init(|| {
        COMMON_PASSWORDS_FILE
            .lines()
            .map(str::trim)
            .filter(|line| !line.is_empty() && !line.starts_with('#'))
            .collect()
    })
}

/// How many passwords the shipped common list holds.
pub fn common_password_count() -> usize {
    common_passwords().len()
}

/// Whether a password is on the common list, or is one of [`CONTEXT_WORDS`] plus digits and
/// punctuation. Case-insensitive.
pub fn is_common_password(password: &str) -> bool {
    let lower = password.to_ascii_lowercase();
    if common_passwords().binary_search(&lower.as_str()).is_ok() {
        return true;
    }
    let letters: String = lower
        .chars()
        .filter(|c| !(c.is_ascii_digit() || c.is_ascii_punctuation() || c.is_whitespace()))
        .collect();
    CONTEXT_WORDS.contains(&letters.as_str())
}

/// One character repeated ("aaaaaaaaaaaa"), or a straight run of digits or letters, up or down,
/// digits wrapping from 9 to 0 ("123456789012", "abcdefghijkl", "zyxwvutsrqpo"). NIST SP 800-63B
/// 5.1.1.2 names "repetitive or sequential characters" among the values to refuse.
pub fn is_repetitive_or_sequential(password: &str) -> bool {
    let chars: Vec<char> = password.chars().collect();
    if chars.len() < 2 {
        return false;
    }
    if chars.iter().all(|&c| c == chars[0]) {
        return true;
    }
    let steps_all = |modulus: u32, value: &dyn Fn(char) -> u32| -> bool {
        let steps: Vec<u32> = chars
            .windows(2)
            .map(|w| (value(w[1]) + modulus - value(w[0])) % modulus)
            .collect();
        steps.iter().all(|&s| s == 1) || steps.iter().all(|&s| s == modulus - 1)
    };
    if chars.iter().all(char::is_ascii_digit) {
        return steps_all(10, &|c| c as u32 - '0' as u32);
    }
    if chars.iter().all(char::is_ascii_alphabetic) {
        return steps_all(26, &|c| c.to_ascii_lowercase() as u32 - 'a' as u32);
    }
    false
}

/// Text as people mean it: surrounding spaces trimmed, runs of spaces, tabs and line breaks made one
/// space, other control characters dropped.
pub fn clean_text(text: &str) -> String {
    text.split_whitespace()
        .map(|word| word.chars().filter(|c| !c.is_control()).collect::<String>())
        .filter(|word| !word.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// An email address, trimmed, its domain lowercased; `Err` says what to do (`empty` when nothing
/// was typed). Only the shape is checked (one `@`, a domain with a dot): whether mail arrives is for
/// the mail to tell. The seed warns: "If your email address is incorrect, you will not receive email
/// notifications".
pub fn check_email(text: &str, empty: &str) -> Result<String, String> {
    const FORMAT: &str = "Enter an email address in the correct format, like name@example.com";
    let text = text.trim();
    if text.is_empty() {
        return Err(empty.to_string());
    }
    if text.chars().count() > EMAIL_MAX_CHARS {
        return Err(format!(
            "Email address must be {EMAIL_MAX_CHARS} characters or fewer"
        ));
    }
    let Some((local, domain)) = text.split_once('@') else {
        return Err(FORMAT.into());
    };
    let local_ok = !local.is_empty()
        && local.chars().count() <= 64
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
        && local
            .chars()
            .all(|c| !c.is_whitespace() && !c.is_control() && !"@<>()[]\\,;:\"".contains(c));
    let labels: Vec<&str> = domain.split('.').collect();
    let domain_ok = labels.len() >= 2
        && labels.iter().all(|label| {
            !label.is_empty()
                && label.chars().count() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || !c.is_ascii())
        })
        && !labels
            .last()
            .is_some_and(|tld| tld.chars().all(|c| c.is_ascii_digit()));
    if !local_ok || !domain_ok {
        return Err(FORMAT.into());
    }
    Ok(format!("{local}@{}", domain.to_ascii_lowercase()))
}

/// A US phone number as `(217) 555-0100`, or `None`. Stray spaces, dashes, dots and brackets are
/// ignored (`docs/pages.md`); a leading 1 or +1 (the country code) is dropped. Other countries
/// are refused: the portal's users are Illinois Medicaid providers. The area code and exchange may
/// not start with 0 or 1 (North American Numbering Plan).
pub fn normalize_phone(text: &str) -> Option<String> {
    let text = text.trim();
    if text.chars().any(|c| c.is_ascii_alphabetic()) {
        return None;
    }
    let mut digits = digits_only(text);
    let plus = text.starts_with('+');
    if digits.len() == 11 && digits.starts_with('1') {
        digits.remove(0);
    } else if plus {
        return None;
    }
    let bytes = digits.as_bytes();
    if bytes.len() != 10 || bytes[0] < b'2' || bytes[3] < b'2' {
        return None;
    }
    Some(format!(
        "({}) {}-{}",
        &digits[0..3],
        &digits[3..6],
        &digits[6..10]
    ))
}

/// The "like" example of every phone message.
const PHONE_FORMAT: &str = "Enter a phone number, like 217 555 0100";

fn check_phone(text: &str, empty: &str) -> Result<String, String> {
    if text.trim().is_empty() {
        return Err(empty.to_string());
    }
    normalize_phone(text).ok_or_else(|| PHONE_FORMAT.to_string())
}

/// Required text, cleaned with [`clean_text`], at most `max` characters.
fn check_text(text: &str, empty: &str, label: &str, max: usize) -> Result<String, String> {
    let cleaned = clean_text(text);
    if cleaned.is_empty() {
        return Err(empty.to_string());
    }
    if cleaned.chars().count() > max {
        return Err(format!("{label} must be {max} characters or fewer"));
    }
    Ok(cleaned)
}

/// A username, trimmed: 3 to 64 letters, numbers and `. _ - @` (so an email address can be one).
/// ASCII letters only: look-alike letters from other scripts would let two usernames read the same.
/// Usernames are compared case-insensitively by the server.
pub fn check_username(text: &str) -> Result<String, &'static str> {
    let text = text.trim();
    if text.is_empty() {
        return Err("Enter a username");
    }
    let count = text.chars().count();
    if !(USERNAME_MIN_CHARS..=USERNAME_MAX_CHARS).contains(&count) {
        return Err("Username must be 3 to 64 characters");
    }
    if !text
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | '@'))
    {
        return Err("Username can only include letters, numbers, and . _ - @");
    }
    Ok(text.to_string())
}

/// The Provider Medicaid ID, digits only: 9 or 10 digits. The seeds' sample profile
/// (the registration instructions, "Provider Medicaid ID * 123456789") shows a 9-digit ID, the legacy
/// HFS provider number; IMPACT uses the 10-digit NPI as the Medicaid ID of NPI holders. Accepting
/// both protects the provider from a refusal the State would not make; HFS staff check the number
/// against their records at review.
pub fn check_medicaid_id(text: &str) -> Result<String, &'static str> {
    let digits = digits_only(text);
    if digits.is_empty() && text.trim().is_empty() {
        return Err("Enter the Provider Medicaid ID");
    }
    if !(9..=10).contains(&digits.len()) || text.chars().any(|c| c.is_ascii_alphabetic()) {
        return Err("Provider Medicaid ID must be 9 or 10 digits");
    }
    Ok(digits)
}

/// An NPI through [`Npi::parse`] (10 digits and the CMS check digit), digits only. Text without
/// any digit ("n/a") is told the length rule rather than "Enter the NPI".
fn check_npi(text: &str) -> Result<String, String> {
    if text.trim().is_empty() {
        return Err("Enter the NPI".into());
    }
    if digits_only(text).is_empty() {
        return Err("NPI must be 10 digits".into());
    }
    Npi::parse(text)
        .map(|npi| npi.as_str().to_string())
        .map_err(str::to_string)
}

/// Checks the account step; `Ok` holds the cleaned-up input (trimmed email and username).
/// Field names are those of [`NewAccount`].
pub fn check_new_account(input: &NewAccount) -> Result<NewAccount, ErrorBody> {
    let mut errors = ErrorBody::default();
    // The seed's Register tab: "* Email", "* Username", "* Password", "* Confirm password".
    let email = check_email(&input.email, "Enter your email address")
        .map_err(|m| errors.add("email", m))
        .ok();
    let username = check_username(&input.username)
        .map_err(|m| errors.add("username", m))
        .ok();
    let password_ok = check_password(
        &input.password,
        username.as_deref().unwrap_or(input.username.trim()),
        email.as_deref().unwrap_or(""),
    )
    .map_err(|m| errors.add("password", m))
    .is_ok();
    check_confirmation(&input.password, &input.confirm_password, password_ok)
        .map_err(|m| errors.add("confirm_password", m))
        .ok();
    match (email, username) {
        (Some(email), Some(username)) if errors.is_empty() => Ok(NewAccount {
            email,
            username,
            password: input.password.clone(),
            confirm_password: input.confirm_password.clone(),
        }),
        _ => Err(errors),
    }
}

/// A field's cleaned value, or (its problem recorded under `field`) empty.
fn take_field(errors: &mut ErrorBody, field: &str, result: Result<String, String>) -> String {
    result.unwrap_or_else(|m| {
        errors.add(field, m);
        String::new()
    })
}

/// The confirmation: empty, or different from the password. When the password itself is empty
/// there is nothing to confirm yet, so only the password's own message shows.
fn check_confirmation(password: &str, confirm: &str, password_ok: bool) -> Result<(), String> {
    if password.is_empty() {
        return Ok(());
    }
    if confirm.is_empty() {
        return if password_ok {
            Err("Enter the same password again".into())
        } else {
            Ok(())
        };
    }
    if confirm != password {
        return Err("The passwords do not match".into());
    }
    Ok(())
}

/// Checks the profile; `Ok` holds the cleaned-up profile (digits only in IDs, phone as
/// `(217) 555-0100`, trimmed text). Field names are those of [`Profile`].
///
/// Every field is required except `npi`: the seed's Profile says "All fields on this form are
/// REQUIRED" and the overview says incomplete registration requests are denied, so requiring
/// everything protects the registrant from a denial. The NPI may be empty: atypical providers have
/// none, and the seed's profile shows "NPI" without an asterisk.
pub fn check_profile(input: &Profile) -> Result<Profile, ErrorBody> {
    let mut errors = ErrorBody::default();
    let mut take = |field: &str, result| take_field(&mut errors, field, result);
    let first_name = take(
        "first_name",
        check_text(
            &input.first_name,
            "Enter your first name",
            "First name",
            NAME_MAX_CHARS,
        ),
    );
    let last_name = take(
        "last_name",
        check_text(
            &input.last_name,
            "Enter your last name",
            "Last name",
            NAME_MAX_CHARS,
        ),
    );
    let contact_email = take(
        "contact_email",
        check_email(&input.contact_email, "Enter your contact email address"),
    );
    let contact_phone = take(
        "contact_phone",
        check_phone(&input.contact_phone, "Enter your contact phone number"),
    );
    let organization_name = take(
        "organization_name",
        check_text(
            &input.organization_name,
            "Enter your organization name",
            "Organization name",
            ORGANIZATION_NAME_MAX_CHARS,
        ),
    );
    let organization_type = take(
        "organization_type",
        check_organization_type(&input.organization_type),
    );
    let medicaid_id = take(
        "medicaid_id",
        check_medicaid_id(&input.medicaid_id).map_err(str::to_string),
    );
    let npi = if input.npi.trim().is_empty() {
        String::new()
    } else {
        take("npi", check_npi(&input.npi))
    };
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(Profile {
        first_name,
        last_name,
        contact_email,
        contact_phone,
        organization_name,
        organization_type,
        medicaid_id,
        npi,
    })
}

/// One of [`ORGANIZATION_TYPES`]' codes (the seed: "Organization Type *", "Provider").
fn check_organization_type(text: &str) -> Result<String, String> {
    let code = text.trim();
    ORGANIZATION_TYPES
        .iter()
        .find(|(c, _)| *c == code)
        .map(|(c, _)| c.to_string())
        .ok_or_else(|| "Select your organization type".to_string())
}

/// Checks a new password and its confirmation (field names of [`PasswordChange`]; the current
/// password is the server's to check). `username` and `email` are the account's: the new password
/// must include neither (see [`check_password`]).
pub fn check_password_change(
    input: &PasswordChange,
    username: &str,
    email: &str,
) -> Result<(), ErrorBody> {
    let mut errors = ErrorBody::default();
    if input.current_password.is_empty() {
        errors.add("current_password", "Enter your current password");
    }
    let new_ok = if input.new_password.is_empty() {
        errors.add("new_password", "Enter a new password");
        false
    } else {
        let result = check_password(&input.new_password, username, email).and_then(|()| {
            if !input.current_password.is_empty() && input.new_password == input.current_password {
                Err("Your new password must be different from your current password".to_string())
            } else {
                Ok(())
            }
        });
        result.map_err(|m| errors.add("new_password", m)).is_ok()
    };
    check_confirmation(&input.new_password, &input.confirm_password, new_ok)
        .map_err(|m| errors.add("confirm_password", m))
        .ok();
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

/// Checks a password on its own: `Err` says what to do. `username` and `email` make context words.
///
/// NIST SP 800-63B 5.1.1.2: at least 12 characters here, at most 128, counted as characters (not
/// bytes); any characters, spaces included, and no composition rules ("at least one digit"); refused
/// when commonly used (the shipped list and [`CONTEXT_WORDS`]), when it contains the username (of 3+
/// characters) or the email's local part (3+ characters), or when repetitive or sequential.
pub fn check_password(password: &str, username: &str, email: &str) -> Result<(), String> {
    if password.is_empty() {
        return Err("Enter a password".into());
    }
    let count = password.chars().count();
    if count < PASSWORD_MIN_CHARS {
        return Err(format!(
            "Password must be {PASSWORD_MIN_CHARS} characters or more"
        ));
    }
    if count > PASSWORD_MAX_CHARS {
        return Err(format!(
            "Password must be {PASSWORD_MAX_CHARS} characters or fewer"
        ));
    }
    let lower = password.to_ascii_lowercase();
    let username = username.trim().to_ascii_lowercase();
    if username.chars().count() >= 3 && lower.contains(&username) {
        return Err("Password must not include your username".into());
    }
    let local = email
        .trim()
        .split('@')
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    if local.chars().count() >= 3 && lower.contains(&local) {
        return Err("Password must not include your email address".into());
    }
    if is_common_password(password) {
        return Err(COMMON_PASSWORD_MESSAGE.into());
    }
    if is_repetitive_or_sequential(password) {
        return Err(
            "Choose a password that is harder to guess: do not use one character repeated or a run like 123456789012"
                .into(),
        );
    }
    Ok(())
}

/// Checks the template; field names `contact_name`, ..., and per row `facilities.{n}.{column}`
/// counting rows from 1; messages name the row and column ("Row 3, NPI: ...").
///
/// The seed's template: "Portal User Contact Name", "... Phone Number", "... Email Address" above
/// the rows, and every column of a row marked `*` ("Enter all information required below for each
/// provider/facility"; "Incomplete registration requests will be returned"), so all six are required.
/// Every row's problems are reported at once (`docs/pages.md`, "Files").
pub fn check_facility_request(input: &FacilityRequest) -> Result<FacilityRequest, ErrorBody> {
    let mut errors = ErrorBody::default();
    let contact_name = take_field(
        &mut errors,
        "contact_name",
        check_text(
            &input.contact_name,
            "Enter the portal user contact name",
            "Contact name",
            ORGANIZATION_NAME_MAX_CHARS,
        ),
    );
    let contact_phone = take_field(
        &mut errors,
        "contact_phone",
        check_phone(
            &input.contact_phone,
            "Enter the portal user contact phone number",
        ),
    );
    let contact_email = take_field(
        &mut errors,
        "contact_email",
        check_email(
            &input.contact_email,
            "Enter the portal user contact email address",
        ),
    );
    if input.facilities.is_empty() {
        errors.add("facilities", "Add at least one provider or facility");
    } else if input.facilities.len() > MAX_FACILITIES_PER_REQUEST {
        errors.add(
            "facilities",
            format!(
                "A request can have up to {MAX_FACILITIES_PER_REQUEST} providers or facilities. Send the rest in another request"
            ),
        );
    }
    let mut facilities = Vec::with_capacity(input.facilities.len());
    // (medicaid_id, npi) -> the first row that has them.
    let mut seen: BTreeMap<(String, String), usize> = BTreeMap::new();
    for (index, row) in input.facilities.iter().enumerate() {
        let n = index + 1;
        let (cleaned, row_errors) = check_facility_row(row);
        for (key, message) in row_errors {
            errors.add(
                format!("facilities.{n}.{key}"),
                format!("Row {n}, {}: {message}", column_label(key)),
            );
        }
        if !cleaned.medicaid_id.is_empty() && !cleaned.npi.is_empty() {
            let identity = (cleaned.medicaid_id.clone(), cleaned.npi.clone());
            if let Some(first) = seen.get(&identity) {
                errors.add(
                    format!("facilities.{n}.medicaid_id"),
                    format!(
                        "Row {n}, Provider Medicaid ID: the same facility as row {first}. Remove one of them"
                    ),
                );
            } else {
                seen.insert(identity, n);
            }
        }
        facilities.push(cleaned);
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(FacilityRequest {
        contact_name,
        contact_phone,
        contact_email,
        facilities,
    })
}

/// The column's name in messages ("Row 3, NPI: ..."), as the seed's template heads it.
pub fn column_label(key: &str) -> &'static str {
    match key {
        "contact_email" => "Contact Email",
        "contact_phone" => "Contact Phone",
        "name" => "Provider/Facility Name",
        "facility_type" => "Provider/Facility Type",
        "medicaid_id" => "Provider Medicaid ID",
        "npi" => "NPI",
        _ => "",
    }
}

/// One template row: the cleaned row (failed cells left empty) and its problems by column key, in
/// the template's column order. All six columns are required (the seed marks each with `*`).
pub fn check_facility_row(row: &FacilityRow) -> (FacilityRow, Vec<(&'static str, String)>) {
    let mut problems = Vec::new();
    let mut take = |key: &'static str, result: Result<String, String>| {
        result.unwrap_or_else(|m| {
            problems.push((key, m));
            String::new()
        })
    };
    let contact_email = take(
        "contact_email",
        check_email(&row.contact_email, "Enter the contact email address"),
    );
    let contact_phone = take(
        "contact_phone",
        check_phone(&row.contact_phone, "Enter the contact phone number"),
    );
    let name = take(
        "name",
        check_text(
            &row.name,
            "Enter the provider or facility name",
            "Provider/facility name",
            ORGANIZATION_NAME_MAX_CHARS,
        ),
    );
    let facility_type = take(
        "facility_type",
        check_text(
            &row.facility_type,
            "Enter the provider or facility type, like Hospital or Clinic",
            "Provider/facility type",
            FACILITY_TYPE_MAX_CHARS,
        ),
    );
    let medicaid_id = take(
        "medicaid_id",
        check_medicaid_id(&row.medicaid_id).map_err(str::to_string),
    );
    let npi = take("npi", check_npi(&row.npi));
    (
        FacilityRow {
            contact_email,
            contact_phone,
            name,
            facility_type,
            medicaid_id,
            npi,
        },
        problems,
    )
}

/// A role change of a staff account by an HFS administrator (`PUT /api/admin/users/{id}/role`):
/// a staff role (providers and billing agents register themselves, with their facilities), and an
/// MCO exactly when the role is MCO staff. `from` is the account's role and MCO now: a change must
/// change something, and a provider's account is not given a staff role.
pub fn check_role_change(
    input: &RoleChange,
    from: Option<(Role, Option<i64>)>,
) -> Result<(), ErrorBody> {
    let mut errors = ErrorBody::default();
    match from {
        Some((Role::Provider, _)) => errors.add(
            "role",
            "A provider's or billing agent's role cannot be changed: they act for their facilities",
        ),
        _ if input.role == Role::Provider => errors.add(
            "role",
            "Choose MCO staff, HFS portal staff or HFS administrator: providers register themselves",
        ),
        Some((role, mco)) if role == input.role && (role != Role::Mco || mco == input.mco_id) => {
            errors.add(
                "role",
                format!("This user is already {}: choose another role", role.label()),
            )
        }
        _ => {}
    }
    match (input.role, input.mco_id) {
        (Role::Mco, None) => errors.add("mco_id", "Select the MCO"),
        (Role::Mco, Some(id)) if id <= 0 => errors.add("mco_id", "Select the MCO"),
        (Role::Mco, Some(_)) | (_, None) => {}
        (_, Some(_)) => errors.add("mco_id", "Remove the MCO: only MCO staff belong to an MCO"),
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

/// Checks a staff account an HFS administrator creates.
///
/// Providers register themselves (the seed's Register tab and HFS review); an MCO user belongs to
/// exactly one MCO (docs/accounts.md, `NewStaffUser.mco_id`: "Required for `mco`, else absent").
pub fn check_staff_user(input: &NewStaffUser) -> Result<NewStaffUser, ErrorBody> {
    let mut errors = ErrorBody::default();
    let username = check_username(&input.username)
        .map_err(|m| errors.add("username", m))
        .ok();
    let email = check_email(&input.email, "Enter an email address")
        .map_err(|m| errors.add("email", m))
        .ok();
    let first_name = check_text(
        &input.first_name,
        "Enter a first name",
        "First name",
        NAME_MAX_CHARS,
    )
    .map_err(|m| errors.add("first_name", m))
    .ok();
    let last_name = check_text(
        &input.last_name,
        "Enter a last name",
        "Last name",
        NAME_MAX_CHARS,
    )
    .map_err(|m| errors.add("last_name", m))
    .ok();
    check_password(
        &input.password,
        username.as_deref().unwrap_or(input.username.trim()),
        email.as_deref().unwrap_or(""),
    )
    .map_err(|m| errors.add("password", m))
    .ok();
    if input.role == Role::Provider {
        errors.add("role", "Providers register themselves");
    }
    match (input.role, input.mco_id) {
        (Role::Mco, None) => errors.add("mco_id", "Select the MCO"),
        (Role::Mco, Some(id)) if id <= 0 => errors.add("mco_id", "Select the MCO"),
        (Role::Mco, Some(_)) | (_, None) => {}
        (_, Some(_)) => errors.add("mco_id", "Remove the MCO: only MCO staff belong to an MCO"),
    }
    match (username, email, first_name, last_name) {
        (Some(username), Some(email), Some(first_name), Some(last_name)) if errors.is_empty() => {
            Ok(NewStaffUser {
                username,
                email,
                first_name,
                last_name,
                role: input.role,
                mco_id: input.mco_id,
                password: input.password.clone(),
            })
        }
        _ => Err(errors),
    }
}

/// A denial reason: required, at most 1,000 characters.
///
/// The overview: "Incomplete registration requests will be denied, and the provider will not be
/// able to enter a ticket until the missing or incomplete information has been provided", so the
/// reason must tell the registrant what to provide. Trimmed; its line breaks are kept.
pub fn check_denial_reason(reason: &str) -> Result<String, String> {
    let reason = reason.trim();
    if reason.is_empty() {
        return Err("Enter what is missing or wrong, so the registrant can fix it".into());
    }
    if reason.chars().count() > DENIAL_REASON_MAX_CHARS {
        return Err("Reason must be 1,000 characters or fewer".into());
    }
    Ok(reason.to_string())
}

/// Longest MCO name (characters).
pub const MCO_NAME_MAX_CHARS: usize = 100;

/// An MCO's name as HFS types it on the MCO list, trimmed; or what is wrong with it. The admin page
/// checks it before sending and `POST`/`PUT /api/admin/mcos` again.
pub fn check_mco_name(name: &str) -> Result<String, String> {
    let name = name.trim();
    if name.is_empty() {
        Err("Enter the MCO's name".to_owned())
    } else if name.chars().count() > MCO_NAME_MAX_CHARS {
        Err(format!(
            "The name is too long: {MCO_NAME_MAX_CHARS} characters at most"
        ))
    } else if name.chars().any(char::is_control) {
        Err("The name must be one line of text".to_owned())
    } else {
        Ok(name.to_owned())
    }
}

// ---------------------------------------------------------------------------------------------
// Two-step sign-in codes (docs/security.md)

/// How many digits an authenticator code has (RFC 6238's usual 6).
pub const MFA_DIGITS: usize = 6;
/// How many recovery codes an enrolment gives.
pub const RECOVERY_CODES: usize = 10;
/// How many characters a recovery code has (shown as two groups of five: `abcde-23456`).
pub const RECOVERY_CODE_CHARS: usize = 10;
/// The characters of a recovery code: lowercase letters and digits that cannot be mistaken for
/// one another (no `i`, `l`, `o`, `0`, `1`).
pub const RECOVERY_ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";

/// The message of a missing code.
pub const MFA_CODE_MISSING: &str = "Enter the 6-digit code from your authenticator app";
/// The message of a code that is neither 6 digits nor a recovery code.
pub const MFA_CODE_FORMAT: &str =
    "Enter the 6 digits your authenticator app shows, or one of your recovery codes";

/// A second-step code as typed, once its form is checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SecondFactor {
    /// Six digits from an authenticator app.
    Totp(String),
    /// A recovery code, lowercased, without spaces or hyphens.
    Recovery(String),
}

/// Reads a second-step code: spaces and hyphens anywhere are ignored (apps show `123 456`,
/// recovery codes are shown `abcde-23456`); 6 digits are an authenticator code, 10 characters of
/// [`RECOVERY_ALPHABET`] (any case) a recovery code; anything else is refused with what to type.
pub fn check_mfa_code(text: &str) -> Result<SecondFactor, &'static str> {
    let compact: String = text
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .collect();
    if compact.is_empty() {
        return Err(MFA_CODE_MISSING);
    }
    if compact.len() == MFA_DIGITS && compact.bytes().all(|b| b.is_ascii_digit()) {
        return Ok(SecondFactor::Totp(compact));
    }
    let lower = compact.to_ascii_lowercase();
    if lower.chars().count() == RECOVERY_CODE_CHARS
        && lower.bytes().all(|b| RECOVERY_ALPHABET.contains(&b))
    {
        return Ok(SecondFactor::Recovery(lower));
    }
    Err(MFA_CODE_FORMAT)
}

/// A recovery code as shown to the user: `abcde-23456`.
pub fn show_recovery_code(code: &str) -> String {
    let (first, second) = code.split_at(code.len().min(RECOVERY_CODE_CHARS / 2));
    format!("{first}-{second}")
}

/// The authenticator secret (base32) in groups of four, as shown for typing into an app.
pub fn group_secret(secret: &str) -> String {
    secret
        .as_bytes()
        .chunks(4)
        .map(|chunk| String::from_utf8_lossy(chunk).into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod mfa_tests {
    use super::*;

    #[test]
    fn codes_are_read_with_their_spaces_and_hyphens_ignored() {
        assert_eq!(
            check_mfa_code(" 123 456 "),
            Ok(SecondFactor::Totp("123456".into()))
        );
        assert_eq!(
            check_mfa_code("123-456"),
            Ok(SecondFactor::Totp("123456".into()))
        );
        assert_eq!(
            check_mfa_code("ABCDE-23456"),
            Ok(SecondFactor::Recovery("abcde23456".into()))
        );
        assert_eq!(check_mfa_code(""), Err(MFA_CODE_MISSING));
        assert_eq!(check_mfa_code("  - "), Err(MFA_CODE_MISSING));
        for bad in [
            "12345",
            "1234567",
            "12345a",
            "abcde-2345l",
            "abcde234560",
            "１２３４５６",
        ] {
            assert_eq!(check_mfa_code(bad), Err(MFA_CODE_FORMAT), "{bad}");
        }
        assert_eq!(show_recovery_code("abcde23456"), "abcde-23456");
        assert_eq!(group_secret("ABCDEFGHIJ"), "ABCD EFGH IJ");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mco_names() {
        assert_eq!(check_mco_name("  Acme Health ").unwrap(), "Acme Health");
        assert_eq!(check_mco_name("   ").unwrap_err(), "Enter the MCO's name");
        assert!(check_mco_name(&"x".repeat(MCO_NAME_MAX_CHARS)).is_ok());
        assert!(check_mco_name(&"x".repeat(MCO_NAME_MAX_CHARS + 1)).is_err());
        assert!(check_mco_name("a\nb").is_err());
    }

    #[test]
    fn the_common_list_is_sorted_lowercase_unique_and_long() {
        let list = common_passwords();
        assert!(list.len() > 200, "{}", list.len());
        for pair in list.windows(2) {
            assert!(pair[0] < pair[1], "{pair:?}");
        }
        for entry in list {
            assert!(entry.chars().count() >= PASSWORD_MIN_CHARS, "{entry}");
            assert_eq!(*entry, entry.to_ascii_lowercase());
        }
        assert!(COMMON_PASSWORDS_FILE.len() < 20 * 1024);
        assert!(COMMON_PASSWORDS_FILE
            .lines()
            .next()
            .unwrap()
            .starts_with('#'));
        assert!(COMMON_PASSWORDS_FILE.contains("MIT"));
    }

    #[test]
    fn clean_text_collapses_whitespace() {
        for (typed, want) in [
            ("  Ada   Lovelace ", "Ada Lovelace"),
            ("St.\tMary's\nHospital", "St. Mary's Hospital"),
            ("a\u{0}b", "ab"),
            ("   ", ""),
            ("\u{7}", ""),
        ] {
            assert_eq!(clean_text(typed), want, "{typed:?}");
        }
    }
}

#[cfg(test)]
mod role_change_tests {
    use super::check_role_change;
    use crate::wire::accounts::{Role, RoleChange};

    fn change(role: Role, mco_id: Option<i64>) -> RoleChange {
        RoleChange { role, mco_id }
    }

    #[test]
    fn a_role_change_is_between_staff_roles_and_changes_something() {
        let staff = Some((Role::HfsStaff, None));
        assert!(check_role_change(&change(Role::HfsAdmin, None), staff).is_ok());
        assert!(check_role_change(&change(Role::Mco, Some(2)), staff).is_ok());
        assert!(check_role_change(&change(Role::Mco, Some(3)), Some((Role::Mco, Some(2)))).is_ok());
        let fields = |r: Result<(), crate::wire::ErrorBody>| {
            r.unwrap_err().errors.keys().cloned().collect::<Vec<_>>()
        };
        assert_eq!(
            fields(check_role_change(&change(Role::HfsStaff, None), staff)),
            ["role"]
        );
        assert_eq!(
            fields(check_role_change(&change(Role::Provider, None), staff)),
            ["role"]
        );
        assert_eq!(
            fields(check_role_change(
                &change(Role::HfsAdmin, None),
                Some((Role::Provider, None))
            )),
            ["role"]
        );
        assert_eq!(
            fields(check_role_change(&change(Role::Mco, None), staff)),
            ["mco_id"]
        );
        assert_eq!(
            fields(check_role_change(&change(Role::HfsAdmin, Some(1)), staff)),
            ["mco_id"]
        );
        assert_eq!(
            fields(check_role_change(
                &change(Role::Mco, Some(2)),
                Some((Role::Mco, Some(2)))
            )),
            ["role"]
        );
    }
}
