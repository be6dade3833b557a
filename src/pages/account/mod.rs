//! A signed-in user's own pages: where the registration stands (and, once approved, the user's
//! facilities), and changing the password.

mod password;
mod status;

pub use password::ChangePassword;
pub use status::AccountPage;
