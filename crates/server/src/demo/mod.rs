//! Demo mode (`portal-server --demo`): [`accounts`] (the demo users, their facilities and MCOs),
//! [`plans`] (what the demo tickets are and the dated steps that bring each to its status),
//! [`template`] (the demo claims template file) and [`tickets`] (loading them, one ticket in every
//! status and one on the claims template). The emails they
//! make are shown by `GET /api/demo/outbox` (`crate::api::demo_outbox`).
//!
//! This file only names the parts. May import: its parts.

pub mod accounts;
pub mod plans;
pub mod sanctions;
pub mod template;
pub mod tickets;
