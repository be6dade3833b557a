//! Black-box tests of the server: a real HTTP server on a random port over a real SQLite file
//! (one test binary, modules by feature).

mod calendar;
mod calendar_changes;
mod eligibility;
mod health;
mod helpers;
mod rules;
mod shutdown;
mod spa;
mod timeline;
