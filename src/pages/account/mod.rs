//! A signed-in user's own pages: where the registration stands (and, once approved, the user's
//! facilities), changing the password, and setting up two-step sign-in.

mod password;
mod status;
mod two_step;

pub use password::ChangePassword;
pub use status::AccountPage;
pub use two_step::TwoStepSetup;
