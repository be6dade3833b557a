pub mod admin;
pub mod deadlines;
pub mod demo_outbox;
pub mod eligibility;
pub mod facilities;
pub mod hfs;
pub mod home;
pub mod not_found;
