//! Black-box tests of the server: a real HTTP server on a random port over a real SQLite file
//! (one test binary, modules by feature).

mod calendar;
mod eligibility;
mod health;
mod helpers;
mod shutdown;
mod spa;
