//! Demo mode (`portal-server --demo`): [`accounts`] (the demo users, their facilities and MCOs)
//! and [`tickets`] (one ticket in every status, and one on the claims template). The emails they
//! make are shown by `GET /api/demo/outbox` (`crate::api::demo_outbox`).
//!
//! This file only names the parts. May import: its parts.

pub mod accounts;
pub mod tickets;
