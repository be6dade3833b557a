pub mod detail;
pub mod drafts;
pub mod entry;
pub mod lists;

pub use detail::TicketPage;
pub use entry::{EntryStep, StartTicket, Submitted};
pub use lists::{HfsTickets, McoTickets, MyTickets};
