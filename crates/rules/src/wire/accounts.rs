//! Wire types of accounts: registration, sessions, HFS review, facilities, invitations, roles.
//! The endpoints are listed in `docs/accounts.md`. Written once, here; the app and the server
//! both use them.

use serde::{Deserialize, Serialize};

/// Who a user is to the portal. Sent as `"provider"`, `"mco"`, `"hfs_staff"`, `"hfs_admin"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// A provider's staff member or a billing agent: acts for its approved facilities.
    Provider,
    /// An MCO's staff member: acts for one MCO.
    Mco,
    /// HFS portal staff: registrations, tickets, extensions, reviews.
    HfsStaff,
    /// HFS administrators: all of staff's work, plus users, the MCO list, calendar changes.
    HfsAdmin,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Provider => "provider",
            Role::Mco => "mco",
            Role::HfsStaff => "hfs_staff",
            Role::HfsAdmin => "hfs_admin",
        }
    }

    pub fn parse(text: &str) -> Option<Role> {
        Some(match text {
            "provider" => Role::Provider,
            "mco" => Role::Mco,
            "hfs_staff" => Role::HfsStaff,
            "hfs_admin" => Role::HfsAdmin,
            _ => return None,
        })
    }

    /// HFS staff or admin.
    pub fn is_hfs(self) -> bool {
        matches!(self, Role::HfsStaff | Role::HfsAdmin)
    }

    /// In words, for screens: "Provider or billing agent", "MCO staff", ...
    pub fn label(self) -> &'static str {
        match self {
            Role::Provider => "Provider or billing agent",
            Role::Mco => "MCO staff",
            Role::HfsStaff => "HFS portal staff",
            Role::HfsAdmin => "HFS administrator",
        }
    }
}

/// Where a provider user's own registration stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AccountStatus {
    /// Account created; the profile is not sent yet.
    ProfileNeeded,
    /// Profile sent; HFS has not decided.
    Pending,
    /// HFS approved: the user may enter tickets for its facilities.
    Approved,
    /// HFS denied, saying what is missing; the user may correct the profile and send it again.
    Denied,
    /// Turned off by an HFS administrator: cannot sign in.
    Disabled,
}

/// `POST /api/session`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignIn {
    pub username: String,
    pub password: String,
    /// The authenticator's code (or a recovery code) sent with the password, in one step: how an
    /// enrolled user signs in while their username is locked after failures
    /// (`docs/security.md`). Without it, an enrolled user's sign-in answers
    /// [`SignInStep`] `{"mfa_required": true}` and the code follows at `POST /api/session/mfa`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
}

/// `202` answer of `POST /api/session` when the password was right and the code is due next.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignInStep {
    pub mfa_required: bool,
}

/// `POST /api/session/mfa` (the second step of sign-in) and
/// `POST /api/me/mfa/confirm` (the code that confirms an enrolment).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MfaCode {
    pub code: String,
}

/// `POST /api/me/mfa`: a new authenticator secret to add to an app, not in use until confirmed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MfaEnrolment {
    /// The secret as text (base32), for typing into an authenticator app, in groups of four.
    pub secret: String,
    /// The `otpauth://totp/...` address the QR code holds.
    pub otpauth_uri: String,
    /// The QR code of `otpauth_uri`, an SVG image drawn by the server.
    pub qr_svg: String,
}

/// `POST /api/me/mfa/confirm`: the ten single-use recovery codes, shown once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MfaRecoveryCodes {
    pub recovery_codes: Vec<String>,
}

/// A facility (provider) a user acts for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Facility {
    pub id: i64,
    pub name: String,
    /// "Hospital", "Clinic", ... as the registrant wrote it.
    pub facility_type: String,
    pub medicaid_id: String,
    /// `None` for an atypical provider (no NPI).
    pub npi: Option<String>,
}

/// An MCO of the list HFS manages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mco {
    pub id: i64,
    pub name: String,
    pub active: bool,
    /// What providers often write for it ("Aetna"); a claims template may name the MCO either way.
    /// Empty when HFS has not set one.
    #[serde(default)]
    pub short_name: String,
}

impl Mco {
    /// The names a claims template may give this MCO (`ClaimsContext::mco_names`): its name, and its
    /// short name when it has one.
    pub fn names(&self) -> Vec<String> {
        [&self.name, &self.short_name]
            .into_iter()
            .filter(|name| !name.trim().is_empty())
            .cloned()
            .collect()
    }
}

/// `GET /api/session`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Session {
    pub username: String,
    pub role: Role,
    /// The approved facilities of a provider user (empty for other roles and before approval).
    pub facilities: Vec<Facility>,
    /// The MCO of an MCO user.
    pub mco: Option<Mco>,
    /// The facility the user is working for now (one of `facilities`), if any.
    pub facility_id: Option<i64>,
    /// "First Last", or the username before the profile is filled in.
    pub display_name: String,
    pub status: AccountStatus,
    /// Seconds of inactivity after which the session ends (900).
    pub idle_timeout_seconds: u32,
    /// The account's email address (the password rules refuse a password that includes it).
    #[serde(default)]
    pub email: String,
    /// Whether the user signs in in two steps (an authenticator app).
    #[serde(default)]
    pub mfa_enrolled: bool,
    /// Whether the user must set up two-step sign-in before anything else (HFS and MCO staff,
    /// but not the `--demo` accounts): until then the API answers
    /// `403 {"error": "mfa_enrolment_required"}`.
    #[serde(default)]
    pub mfa_enrolment_required: bool,
}

/// `POST /api/session/facility`: work for another of the user's facilities.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SwitchFacility {
    pub facility_id: i64,
}

/// `POST /api/registrations`: the first step, the account itself. Signs the new user in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewAccount {
    pub email: String,
    pub username: String,
    pub password: String,
    pub confirm_password: String,
}

/// The registrant's profile (`PUT /api/me/profile`), as the seed's Profile screen asks.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    pub first_name: String,
    pub last_name: String,
    pub contact_email: String,
    pub contact_phone: String,
    pub organization_name: String,
    /// One of [`crate::accounts::ORGANIZATION_TYPES`]' codes.
    pub organization_type: String,
    pub medicaid_id: String,
    /// Empty for an atypical provider.
    pub npi: String,
}

/// The page of the profile a registrant reached (`/register/name`, `/register/organization`,
/// `/register/check`): where a return to `/register` resumes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RegistrationStep {
    Name,
    Organization,
    Check,
}

impl RegistrationStep {
    /// The page of the step.
    pub fn path(self) -> &'static str {
        match self {
            RegistrationStep::Name => "/register/name",
            RegistrationStep::Organization => "/register/organization",
            RegistrationStep::Check => "/register/check",
        }
    }
}

/// `PUT /api/me/registration/answers`, and `Registration::saved_answers`: the profile's answers as
/// typed so far (any field may be empty; nothing is checked until the profile is sent) and the step
/// reached.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SavedAnswers {
    pub step: RegistrationStep,
    pub profile: Profile,
}

/// `GET /api/me/registration`: the request's status and when approval can be expected.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Registration {
    pub status: AccountStatus,
    pub profile: Option<Profile>,
    /// `YYYY-MM-DD`: when the profile was sent.
    pub requested_on: Option<String>,
    /// `YYYY-MM-DD`: the `registration_review` clock.
    pub review_due_on: Option<String>,
    pub decided_on: Option<String>,
    /// Why HFS denied the request, in HFS's words.
    pub denial_reason: Option<String>,
    /// Whether the account's email address is confirmed (the emailed link was opened). The
    /// request reaches HFS only once both addresses are.
    #[serde(default)]
    pub email_confirmed: bool,
    /// Whether the profile's contact email is confirmed (true when it is the account's confirmed
    /// email); false while no profile was sent.
    #[serde(default)]
    pub contact_email_confirmed: bool,
    /// The answers kept while the profile is not sent yet (`PUT /api/me/registration/answers`);
    /// `null` once it is sent, or before anything was kept.
    #[serde(default)]
    pub saved_answers: Option<SavedAnswers>,
}

/// `POST /api/password-reset`: ask for a link to choose a new password.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PasswordResetRequest {
    /// The account's username or email address.
    pub identifier: String,
}

/// The one answer of `POST /api/password-reset` (202), whether or not the account exists.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PasswordResetRequested {
    pub message: String,
}

/// `POST /api/password-reset/complete`: the token of the emailed link and the new password.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PasswordResetComplete {
    pub token: String,
    pub password: String,
}

/// `POST /api/email-confirmation`: the token of an emailed confirmation link.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EmailConfirmation {
    pub token: String,
}

/// `PUT /api/me/password`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PasswordChange {
    pub current_password: String,
    pub new_password: String,
    pub confirm_password: String,
}

/// An entry of HFS's registration queue (`GET /api/hfs/registrations`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegistrationRequest {
    pub user_id: i64,
    pub username: String,
    pub email: String,
    pub status: AccountStatus,
    pub profile: Profile,
    pub requested_on: String,
    pub review_due_on: String,
    pub decided_on: Option<String>,
    pub denial_reason: Option<String>,
    /// For HFS, before approving: the usernames (other than this registrant) already linked to a
    /// facility with the profile's Provider Medicaid ID (and the same NPI when both have one).
    /// Approving never hands their facility over: the registrant gets a facility record of its own.
    #[serde(default)]
    pub already_registered_to: Vec<String>,
    /// For HFS, before approving: every other account already holding a facility with the
    /// profile's Provider Medicaid ID or its NPI, and which of the two it shares (a warning).
    #[serde(default)]
    pub already_registered: Vec<AlreadyRegistered>,
}

/// Another account that already holds a facility with a Provider Medicaid ID or an NPI being
/// registered or requested: its username, and which identifiers are the same. Nothing more of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AlreadyRegistered {
    pub username: String,
    /// The Provider Medicaid ID is the same.
    pub medicaid_id: bool,
    /// The NPI is the same (never for an empty NPI).
    pub npi: bool,
}

/// `POST /api/hfs/registrations/{user_id}/deny` and `.../facility-requests/{id}/deny`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Denial {
    /// What is missing or wrong, in words the registrant can act on. Required.
    pub reason: String,
}

/// One row of the Multiple Provider/Facility Registration Request Template.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FacilityRow {
    pub contact_email: String,
    pub contact_phone: String,
    pub name: String,
    pub facility_type: String,
    pub medicaid_id: String,
    pub npi: String,
}

/// `POST /api/facility-requests`: the template, header and rows.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FacilityRequest {
    pub contact_name: String,
    pub contact_phone: String,
    pub contact_email: String,
    pub facilities: Vec<FacilityRow>,
}

/// Where one requested facility stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FacilityRequestStatus {
    Pending,
    /// Approved; an invitation code was sent.
    Invited,
    /// The invitation was redeemed: the facility is the user's.
    Redeemed,
    Denied,
}

/// One requested facility as its requester and HFS see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestedFacility {
    pub id: i64,
    pub batch_id: i64,
    pub row: FacilityRow,
    pub status: FacilityRequestStatus,
    pub denial_reason: Option<String>,
    /// For HFS: who asked.
    pub requested_by: String,
    pub requested_on: String,
    /// The `registration_review` clock of the whole request (longer for a large request:
    /// `rules::timeline::registration_review_due`).
    pub review_due_on: String,
    /// For HFS (empty in a provider's own list): the usernames (other than the requester) already
    /// linked to a facility with this row's Provider Medicaid ID (and the same NPI when both have
    /// one). Redeeming never hands their facility over: it makes a facility record of its own.
    #[serde(default)]
    pub already_registered_to: Vec<String>,
    /// For HFS (empty in a provider's own list): every account but the requester's already
    /// holding a facility with this row's Provider Medicaid ID or its NPI, and which it shares.
    #[serde(default)]
    pub already_registered: Vec<AlreadyRegistered>,
    /// The organization of the user who asked (from their registration profile).
    #[serde(default)]
    pub organization_name: String,
}

/// The answer to `POST /api/facility-requests`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FacilityRequestSent {
    pub batch_id: i64,
    pub count: u32,
    pub requested_on: String,
    pub review_due_on: String,
}

/// `POST /api/invitations/redeem`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Redeem {
    pub code: String,
}

/// A message the server sent (the outbox; shown on a page in demo mode).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutboxMessage {
    pub id: i64,
    pub to: String,
    pub subject: String,
    pub body: String,
    /// RFC 3339, UTC.
    pub sent_at: String,
}

/// A user as HFS administrators see it (`GET /api/admin/users`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserSummary {
    pub id: i64,
    pub username: String,
    pub email: String,
    pub role: Role,
    pub status: AccountStatus,
    pub display_name: String,
    pub mco: Option<Mco>,
    pub facilities: u32,
    /// Whether the user signs in in two steps (an administrator can reset it).
    #[serde(default)]
    pub mfa_enrolled: bool,
}

/// `POST /api/admin/users`: an MCO, HFS staff or HFS admin account (providers register).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewStaffUser {
    pub username: String,
    pub email: String,
    pub first_name: String,
    pub last_name: String,
    pub role: Role,
    /// Required for `mco`, else absent.
    pub mco_id: Option<i64>,
    pub password: String,
}

/// `PUT /api/admin/users/{id}/role`: another staff role for a staff account (an MCO's staff
/// member names the MCO).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RoleChange {
    pub role: Role,
    /// Required for `mco`, else absent.
    #[serde(default)]
    pub mco_id: Option<i64>,
}

/// `POST /api/admin/mcos` and `PUT /api/admin/mcos/{id}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct McoInput {
    pub name: String,
    pub active: bool,
}

#[cfg(test)]
mod tests {
    use super::Mco;

    #[test]
    fn an_mco_is_named_by_its_name_and_its_short_name_when_it_has_one() {
        let mut mco = Mco {
            id: 1,
            name: "Aetna Better Health of Illinois".into(),
            active: true,
            short_name: "Aetna".into(),
        };
        assert_eq!(mco.names(), ["Aetna Better Health of Illinois", "Aetna"]);
        mco.short_name = "  ".into();
        assert_eq!(mco.names(), ["Aetna Better Health of Illinois"]);
        // Old answers without the field still read.
        let old: Mco = serde_json::from_str(r#"{"id":2,"name":"Molina","active":false}"#).unwrap();
        assert_eq!(old.short_name, "");
    }
}
