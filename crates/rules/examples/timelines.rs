//! Timelines per second, native: run by `cargo xtask bench` as
//! `cargo run --release -p portal-rules --example timelines -- [--seconds S] [--json FILE] [--build TEXT]`
//! (TEXT says in the JSON which build this is).
//!
//! Builds the standard calendar and 10,000 tickets at every stage once, then computes all their
//! timelines again and again for about `S` seconds (2 by default) after a short warm-up, and prints
//! how many timelines it computed per second. The browser's figure comes from `timelines_wasm`
//! with the same tickets; both print the same check number when they computed the same timelines.

#[path = "support/workload.rs"]
mod workload;

use std::collections::BTreeMap;
use std::hint::black_box;
use std::time::{Duration, Instant};

use rules::calendar::Calendar;
use rules::timeline::timeline;

fn main() {
    let mut seconds = 2.0_f64;
    let mut json: Option<String> = None;
    let mut build = String::from("cargo --release");
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--seconds" => {
                seconds = args
                    .next()
                    .and_then(|s| s.parse().ok())
                    .expect("--seconds takes a number")
            }
            "--json" => json = Some(args.next().expect("--json takes a file name")),
            "--build" => build = args.next().expect("--build takes a description"),
            other => {
                eprintln!("unexpected argument `{other}`; usage: timelines [--seconds S] [--json FILE] [--build TEXT]");
                std::process::exit(2);
            }
        }
    }

    let cal = Calendar::standard();
    let (tickets, refused) = workload::tickets(&cal, workload::TICKETS, workload::SEED);
    let mut mix: BTreeMap<&'static str, usize> = BTreeMap::new();
    for (events, today) in &tickets {
        let key = match timeline(&cal, events, *today) {
            Ok(t) => t.status.label(),
            Err(_) => "refused by the engine",
        };
        *mix.entry(key).or_default() += 1;
    }
    let mix_text: Vec<String> = mix.iter().map(|(k, n)| format!("{k} {n}")).collect();
    println!("  {} tickets: {}", tickets.len(), mix_text.join(", "));
    if refused > 0 {
        println!("  note: {refused} generated tickets are refused by the engine (still timed)");
    }

    // Warm-up: caches, branch predictors, the allocator.
    let warm = Instant::now();
    while warm.elapsed() < Duration::from_millis(300) {
        black_box(workload::pass(&cal, black_box(&tickets)));
    }

    let budget = Duration::from_secs_f64(seconds);
    let mut passes = 0u64;
    let mut check = 0u64;
    let started = Instant::now();
    while started.elapsed() < budget {
        check = black_box(workload::pass(&cal, black_box(&tickets)));
        passes += 1;
    }
    let elapsed = started.elapsed().as_secs_f64();
    let computed = passes * tickets.len() as u64;
    let per_second = computed as f64 / elapsed;
    println!("  {computed} timelines in {elapsed:.2} s ({passes} passes), check {check:016x}");
    println!("timelines per second, native: {per_second:.0}");

    if let Some(path) = json {
        let value = serde_json::json!({
            "timelinesPerSecond": per_second.round(),
            "tickets": tickets.len(),
            "passes": passes,
            "seconds": elapsed,
            "check": format!("{check:016x}"),
            "refused": refused,
            "statusMix": mix,
            "build": build,
        });
        let text = serde_json::to_string_pretty(&value).expect("JSON");
        std::fs::write(&path, text + "\n").unwrap_or_else(|e| panic!("cannot write {path}: {e}"));
    }
}
