pub mod detail;
pub mod entry;
pub mod lists;

pub use detail::TicketPage;
pub use entry::{EntryStep, ResumeDraft, StartTicket, Submitted};
pub use lists::{HfsTickets, McoTickets, MyTickets};
