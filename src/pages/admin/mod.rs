pub mod audit;
pub mod calendar;
pub mod mcos;
pub mod outbox;
pub mod role;
pub mod users;

pub use audit::Audit;
pub use calendar::CalendarChanges;
pub use mcos::Mcos;
pub use outbox::Outbox;
pub use role::ChangeRole;
pub use users::Users;
