//! The deadline pages: "How deadlines are worked out" (every rule of `rules::rule_table::RULES` in
//! plain words, each with an example the engine works out live, and the State holidays) and the
//! deadline calculator (a ticket's events in, every clock out).
//!
//! Everything is computed here, in the browser, by `rules`: the same code the server runs.

mod calculator;
mod explained;

pub use calculator::{problem_words, Calculator};
pub use explained::HowDeadlinesWork;
