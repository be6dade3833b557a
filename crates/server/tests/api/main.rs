//! Black-box tests of the server: a real HTTP server on a random port over a real SQLite file
//! (one test binary, modules by feature).

mod access;
mod admin;
mod audit;
mod calendar;
mod calendar_changes;
mod claims;
mod clocks;
mod demo_tickets;
mod drafts;
mod eligibility;
mod email_confirmation;
mod facility_requests;
mod health;
mod helpers;
mod invitations;
mod mail;
mod outbox;
mod password_reset;
mod registration;
mod roles;
mod rules;
mod security;
mod session;
mod shutdown;
mod spa;
mod ticket_actions;
mod tickets;
mod timeline;
