//! Checks of everything a registrant, a portal user or an HFS administrator types about accounts:
//! the sign-in details, the profile, the Multiple Provider/Facility Registration Request Template.
//! The app calls these before sending; the server calls them again and answers 422 with the same
//! messages. Sources: `shared/seeds/registration-instructions.txt`, `portal-overview-2023-07.txt`,
//! NIST SP 800-63B (passwords), CMS (NPI), `shared/spec/ux.md` (messages).
//!
//! INTERFACE FIXED BY docs/accounts.md; bodies are being written (issue 4).

use crate::wire::accounts::{FacilityRequest, NewAccount, NewStaffUser, PasswordChange, Profile};
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

/// Checks the account step; `Ok` holds the cleaned-up input (trimmed email and username).
/// Field names are those of [`NewAccount`].
pub fn check_new_account(input: &NewAccount) -> Result<NewAccount, ErrorBody> {
    let _ = input;
    unimplemented!("issue 4")
}

/// Checks the profile; `Ok` holds the cleaned-up profile (digits only in IDs, phone as
/// `(217) 555-0100`, trimmed text). Field names are those of [`Profile`].
pub fn check_profile(input: &Profile) -> Result<Profile, ErrorBody> {
    let _ = input;
    unimplemented!("issue 4")
}

/// Checks a new password and its confirmation (field names of [`PasswordChange`]; the current
/// password is the server's to check).
pub fn check_password_change(input: &PasswordChange, username: &str) -> Result<(), ErrorBody> {
    let _ = (input, username);
    unimplemented!("issue 4")
}

/// Checks a password on its own: `Err` says what to do. `username` and `email` make context words.
pub fn check_password(password: &str, username: &str, email: &str) -> Result<(), String> {
    let _ = (password, username, email);
    unimplemented!("issue 4")
}

/// Checks the template; field names `contact_name`, ..., and per row `facilities.{n}.{column}`
/// counting rows from 1; messages name the row and column ("Row 3, NPI: ...").
pub fn check_facility_request(input: &FacilityRequest) -> Result<FacilityRequest, ErrorBody> {
    let _ = input;
    unimplemented!("issue 4")
}

/// Checks a staff account an HFS administrator creates.
pub fn check_staff_user(input: &NewStaffUser) -> Result<NewStaffUser, ErrorBody> {
    let _ = input;
    unimplemented!("issue 4")
}

/// A denial reason: required, at most 1,000 characters.
pub fn check_denial_reason(reason: &str) -> Result<String, String> {
    let _ = reason;
    unimplemented!("issue 4")
}
