//! Black-box tests of the server: a real HTTP server on a random port over a real SQLite file
//! (one test binary, modules by feature).

mod access;
mod admin;
mod audit;
mod calendar;
mod calendar_changes;
mod calendar_file;
mod claims;
mod clocks;
mod demo_tickets;
mod drafts;
mod drafts_expiry;
mod eligibility;
mod email_confirmation;
mod exports;
mod facility_requests;
mod health;
mod helpers;
mod invitations;
mod mail;
mod mco_disputes;
mod outbox;
mod password_reset;
mod registration;
mod roles;
mod rules;
mod sanctions;
mod search;
mod security;
mod session;
mod shutdown;
mod spa;
mod statistics;
mod ticket_actions;
mod tickets;
mod timeline;
