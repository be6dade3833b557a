//! Who is asking, in four parts: [`session`] (the cookie, the signed-in user as an extractor, role
//! checks), [`password`] (argon2id), [`mfa`] (two-step sign-in: TOTP and recovery codes) and [`guard`] (the check every state-changing `/api` request
//! passes). One sign-in at a time per username is `crate::locks`'s. The rules are those of
//! `docs/accounts.md`, "Security rules".
//!
//! This file only names the parts and re-exports what the handlers use; the parts import each
//! other by their own paths. May import: its parts.

pub mod guard;
pub mod mfa;
pub mod password;
pub mod session;

pub use guard::{request_guard, ClientAddress, APP_HEADER, APP_HEADER_VALUE};
pub use password::{
    hash_password, hash_password_async, hashing_limit, hashing_peak, hashing_queue_full,
    verify_dummy_async, verify_password, verify_password_async,
};
pub use session::{
    clear_cookie, end_all_sessions, end_cookie_session, end_session, pending_session,
    rotate_sessions, session_info, session_rotation, set_session_facility, sha256_hex,
    start_pending_session, start_session, start_session_in, Admin, ApprovedProvider, CurrentUser,
    Hfs, MaybeUser, Provider, SignedIn, NOT_APPROVED, SECURE_SESSION_COOKIE, SESSION_COOKIE,
};
