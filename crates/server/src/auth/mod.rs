//! Who is asking, in three parts: [`session`] (the cookie, the signed-in user as an extractor, role
//! checks), [`password`] (argon2id) and [`guard`] (the check every state-changing `/api` request
//! passes). One sign-in at a time per username is `crate::locks`'s. The rules are those of
//! `docs/accounts.md`, "Security rules".
//!
//! This file only names the parts and re-exports what the handlers use; the parts import each
//! other by their own paths. May import: its parts.

pub mod guard;
pub mod password;
pub mod session;

pub use guard::{request_guard, APP_HEADER, APP_HEADER_VALUE};
pub use password::{
    hash_password, hash_password_async, hashing_limit, hashing_peak, hashing_queue_full,
    verify_dummy_async, verify_password, verify_password_async,
};
pub use session::{
    clear_cookie, end_all_sessions, end_cookie_session, end_session, session_info,
    set_session_facility, sha256_hex, start_session, start_session_in, Admin, ApprovedProvider,
    CurrentUser, Hfs, MaybeUser, Provider, NOT_APPROVED, SESSION_COOKIE,
};
