//! The deadline engine's benchmark workload, shared by the native example (`timelines`) and the
//! browser one (`timelines_wasm`) so that both compute exactly the same timelines.
//!
//! Tickets at every stage of their life (draft, submitted, closed by HFS, presented, information
//! requested and provided, extension, MCO responded, accepted, contested, HFS review, decided), with
//! the MCO receiving the dispute on a day of 2020..=2030. Each ticket follows the rules (filing in
//! the window or, sometimes, not; acts done by their due dates), so the engine computes a full
//! timeline rather than refusing the events; `today` falls after the last event. Deterministic: a
//! fixed-seed generator, the same on every target.

#![allow(dead_code)]

use chrono::{Duration, NaiveDate};
use rules::calendar::Calendar;
use rules::timeline::{timeline, ClosedReason, Events, ExtensionFor, ProviderDecision, Timeline};

/// How many tickets one pass computes.
pub const TICKETS: usize = 10_000;
pub const SEED: u64 = 0x5EED_2026_0001;

/// A 64-bit linear congruential generator (Knuth's MMIX constants); the high bits are used.
pub struct Lcg(u64);

impl Lcg {
    pub fn new(seed: u64) -> Self {
        Lcg(seed)
    }

    pub fn next_u32(&mut self) -> u32 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 32) as u32
    }

    /// A number in `0..n` (n > 0).
    pub fn below(&mut self, n: u32) -> u32 {
        ((u64::from(self.next_u32()) * u64::from(n)) >> 32) as u32
    }

    /// A number in `lo..=hi`.
    pub fn between(&mut self, lo: u32, hi: u32) -> u32 {
        lo + self.below(hi - lo + 1)
    }

    /// True with probability `1 / n`.
    pub fn one_in(&mut self, n: u32) -> bool {
        self.below(n) == 0
    }
}

fn days(d: NaiveDate, n: u32) -> NaiveDate {
    d + Duration::days(i64::from(n))
}

/// The stages a generated ticket stops at.
const STAGES: u32 = 12;

/// One ticket that has reached `stage`, and the day it is looked at.
fn ticket(cal: &Calendar, rng: &mut Lcg, stage: u32) -> (Events, NaiveDate) {
    let first = NaiveDate::from_ymd_opt(2020, 1, 1).expect("valid date");
    let span = (NaiveDate::from_ymd_opt(2030, 12, 31).expect("valid date") - first).num_days();
    let received = days(first, rng.below(span as u32 + 1));
    let mut e = Events {
        mco_received_on: received,
        ..Default::default()
    };
    let mut last = received;
    let look = |rng: &mut Lcg, last: NaiveDate, max: u32| days(last, rng.below(max + 1));
    if stage == 0 {
        return (e, look(rng, last, 90));
    }
    // Filed in the window (days 30..=60), and one time in twelve too early or too late.
    let submitted = if rng.one_in(12) {
        if rng.one_in(2) {
            days(received, rng.between(10, 29))
        } else {
            days(received, rng.between(61, 80))
        }
    } else {
        days(received, rng.between(30, 60))
    };
    e.submitted_on = Some(submitted);
    last = submitted;
    if stage == 1 || submitted < days(received, 30) || submitted > days(received, 60) {
        return (e, look(rng, last, 20));
    }
    if stage == 2 {
        // HFS closes it instead of presenting it.
        let reasons = ClosedReason::HFS_CLOSINGS;
        let reason = reasons[rng.below(reasons.len() as u32) as usize];
        let closed_on = cal.add_business_days(submitted, rng.between(1, 10));
        e.hfs_closed = Some((closed_on, reason));
        return (e, look(rng, closed_on, 30));
    }
    let presented = cal.add_business_days(submitted, rng.between(1, 10));
    e.presented_on = Some(presented);
    last = presented;
    // The single extension, one ticket in four, asked for by day 23 and approved.
    if stage >= 4 && rng.one_in(4) {
        let asked = days(presented, rng.between(0, 23));
        let who = if rng.one_in(2) {
            ExtensionFor::Mco
        } else {
            ExtensionFor::Provider
        };
        e.extension_requested_on = Some(asked);
        e.extension_requested_by = Some(who);
        e.extension_approved_for = Some(who);
        last = last.max(asked);
    }
    if stage == 3 {
        return (e, look(rng, last, 45));
    }
    // An information request, on every ticket at stage 4 and 5 and on a third of the later ones.
    if stage <= 5 || rng.one_in(3) {
        let asked = cal.add_business_days(presented, rng.between(1, 5));
        e.info_requested_on = Some(asked);
        last = last.max(asked);
        if stage == 4 {
            return (e, look(rng, last, 12));
        }
        let given = cal.add_business_days(asked, rng.between(1, 5));
        e.info_provided_on = Some(given);
        last = last.max(given);
        if stage == 5 {
            return (e, look(rng, last, 40));
        }
    }
    // The MCO responds within its 30 days (60 with the extension), now and then late.
    let allowed = if e.extension_approved_for.is_some() {
        60
    } else {
        30
    };
    let responded = days(presented, rng.between(1, allowed + 5)).max(last);
    e.mco_responded_on = Some(responded);
    last = responded;
    if stage == 6 {
        return (e, look(rng, last, 10));
    }
    let decided = cal.add_business_days(responded, rng.between(1, 5));
    e.provider_decided_on = Some(decided);
    last = decided;
    if stage == 7 {
        e.provider_decision = Some(ProviderDecision::Accepted);
        return (e, look(rng, last, 30));
    }
    e.provider_decision = Some(ProviderDecision::Contested);
    if stage == 8 {
        return (e, look(rng, last, 40));
    }
    let review = days(decided, rng.between(0, 20));
    e.hfs_review_requested_on = Some(review);
    last = review;
    if stage == 9 {
        return (e, look(rng, last, 70));
    }
    let delivered = days(review, rng.between(1, 30));
    e.information_delivered_on = Some(delivered);
    last = delivered;
    if stage == 10 {
        return (e, look(rng, last, 40));
    }
    let decided_by_hfs = days(delivered, rng.between(1, 30));
    e.hfs_decided_on = Some(decided_by_hfs);
    (e, look(rng, decided_by_hfs, 60))
}

/// `count` tickets spread evenly over the stages. A ticket the engine refuses is drawn again (up
/// to 20 times); the second number is how many refused ones were kept all the same.
pub fn tickets(cal: &Calendar, count: usize, seed: u64) -> (Vec<(Events, NaiveDate)>, usize) {
    let mut rng = Lcg::new(seed);
    let mut out = Vec::with_capacity(count);
    let mut refused = 0;
    for i in 0..count {
        let stage = (i as u32) % STAGES;
        let mut t = ticket(cal, &mut rng, stage);
        let mut tries = 1;
        while timeline(cal, &t.0, t.1).is_err() && tries < 20 {
            t = ticket(cal, &mut rng, stage);
            tries += 1;
        }
        if tries == 20 && timeline(cal, &t.0, t.1).is_err() {
            refused += 1;
        }
        out.push(t);
    }
    (out, refused)
}

/// A number that depends on every due date, state and fine of a result, to check that two builds
/// of the engine (native and wasm) computed the same timelines.
pub fn fold(check: u64, result: &Result<Timeline, Vec<rules::timeline::Problem>>) -> u64 {
    let mut h = check.wrapping_mul(0x100_0000_01B3);
    match result {
        Ok(t) => {
            for d in &t.deadlines {
                let met = d.met_on.map(|m| day_number(m) + 1).unwrap_or(0);
                h = h
                    .wrapping_add(day_number(d.due_on))
                    .wrapping_mul(31)
                    .wrapping_add(met)
                    .wrapping_mul(31)
                    .wrapping_add(d.state as u64);
            }
            for f in &t.fines {
                h = h
                    .wrapping_mul(31)
                    .wrapping_add(f.amount_cents as u64)
                    .wrapping_add(day_number(f.sanction_notice_due_on));
            }
            h = h.wrapping_add(t.status.label().len() as u64);
            h = h.wrapping_add(t.closed_reason.is_some() as u64);
        }
        Err(problems) => h = h.wrapping_add(1_000_003 * problems.len() as u64),
    }
    h
}

fn day_number(d: NaiveDate) -> u64 {
    (d - NaiveDate::from_ymd_opt(1970, 1, 1).expect("valid date")).num_days() as u64
}

/// One pass: every ticket's timeline, folded into a check number.
pub fn pass(cal: &Calendar, tickets: &[(Events, NaiveDate)]) -> u64 {
    let mut check = 0u64;
    for (events, today) in tickets {
        let result = timeline(cal, events, *today);
        check = fold(check, &result);
    }
    check
}
