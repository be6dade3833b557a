//! Timelines per second in the browser, for `cargo xtask bench`: the deadline engine built for
//! wasm32 exactly as the app ships it (the workspace's release profile), with the same workload
//! as the native example `crates/rules/examples/timelines.rs`.
//!
//! Not part of the app's bundle, and not a member of the workspace: `cargo xtask bench` writes a
//! manifest for it under `target/bench/engine-wasm/` (its own workspace, with a copy of the
//! project's Cargo.lock and release profile, the `wasm-bindgen` of Cargo.lock) and builds it with
//! `--target wasm32-unknown-unknown --release`, then runs `wasm-bindgen --target web`. It is a
//! separate crate because the rules crate's dev-dependencies (proptest) do not build for wasm32,
//! so an example of that crate cannot.
//!
//! e2e/bench-engine.mjs loads it in headless Chromium, calls `prepare()` once and then `pass()`
//! again and again, reading the clock (`performance.now()`) in the page.

#[path = "../../crates/rules/examples/support/workload.rs"]
mod workload;

use std::cell::RefCell;

use chrono::NaiveDate;
use rules::calendar::Calendar;
use rules::timeline::Events;
use wasm_bindgen::prelude::*;

struct Prepared {
    calendar: Calendar,
    tickets: Vec<(Events, NaiveDate)>,
}

thread_local! {
    static PREPARED: RefCell<Option<Prepared>> = const { RefCell::new(None) };
}

/// Builds the standard calendar and the tickets (outside any timing); returns how many tickets.
#[wasm_bindgen]
pub fn prepare() -> u32 {
    let calendar = Calendar::standard();
    let (tickets, _refused) = workload::tickets(&calendar, workload::TICKETS, workload::SEED);
    let n = tickets.len() as u32;
    PREPARED.with(|p| *p.borrow_mut() = Some(Prepared { calendar, tickets }));
    n
}

/// Computes every ticket's timeline once; returns the check number in hex, the same as the
/// native example prints when both computed the same timelines.
#[wasm_bindgen]
pub fn pass() -> String {
    PREPARED.with(|p| {
        let p = p.borrow();
        let p = p.as_ref().expect("call prepare() first");
        format!("{:016x}", workload::pass(&p.calendar, &p.tickets))
    })
}
