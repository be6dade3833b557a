//! The Provider Resolution Portal's rules, in one place for the browser and the server.
//!
//! Pure Rust, no I/O: it builds for `wasm32-unknown-unknown` (the single-page app computes every
//! deadline itself) and for the server (which checks again everything the browser checked).
//!
//! Every rule carries its source: the State's documents (named in `docs/rules.md`), 89 Ill. Adm. Code
//! 140.75, 80 Ill. Adm. Code 303.190 and 5 ILCS 70/1.11. The whole table is `docs/rules.md`.

pub mod accounts;
pub mod calendar;
pub mod claims;
pub mod countdown;
pub mod dates;
pub mod eligibility;
pub mod export;
pub mod facility_template;
pub mod forms;
pub mod ics;
pub mod identifiers;
pub mod illinois;
pub mod mco_disputes;
pub mod money;
pub mod public_pages;
pub mod rule_table;
pub mod sanctions;
pub mod sheet;
pub mod tickets;
pub mod timeline;
pub mod transitions;
pub mod wire;
pub mod workflow;

pub use chrono::NaiveDate;
