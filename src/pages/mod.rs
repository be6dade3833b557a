pub mod deadlines;
pub mod eligibility;
pub mod home;
pub mod not_found;
