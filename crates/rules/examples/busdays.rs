//! The engine's business-day arithmetic on 1,000,000 dates, for the comparison with NumPy's
//! `busday_offset` that `cargo xtask bench` runs:
//!   cargo run --release -p portal-rules --example busdays -- generate DIR
//!   cargo run --release -p portal-rules --example busdays -- run DIR LABEL
//!   python bench/busdays_numpy.py DIR
//!
//! All files are little-endian 32-bit integers, dates as days since 1970-01-01 (NumPy's
//! `datetime64[D]`).
//! - `generate` writes `DIR/dates.bin`, the input: pairs (date, n), dates of 1990-01-01..=2099-12-31
//!   and n in 1..=20 from a fixed-seed generator, the first three being worked examples with known
//!   answers; and `DIR/holidays.bin`, every observed holiday of the standard calendar, 1989..=2101.
//!   This is the only place the dates are made: this program's `run` and NumPy read the same file.
//! - `run` reads `dates.bin`, computes `Calendar::add_business_days(date, n)` for every pair and
//!   writes the answers to `DIR/rust-LABEL.bin` and the time of the arithmetic loop alone (best of
//!   5 runs; no I/O, no conversions) to `DIR/rust-LABEL.json`. LABEL names the build (profile).

#[path = "support/workload.rs"]
mod workload;

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Instant;

use chrono::NaiveDate;
use rules::calendar::Calendar;

const DATES: usize = 1_000_000;
const RUNS: usize = 5;
const SEED: u64 = 0xB05D_A750_1990_2099;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("valid date")
}

fn epoch() -> NaiveDate {
    d(1970, 1, 1)
}

fn to_i32(date: NaiveDate) -> i32 {
    (date - epoch()).num_days() as i32
}

fn write_i32s(path: &Path, values: impl Iterator<Item = i32>) {
    let mut bytes = Vec::new();
    for v in values {
        bytes.extend_from_slice(&v.to_le_bytes());
    }
    std::fs::write(path, bytes).unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
}

fn read_i32s(path: &Path) -> Vec<i32> {
    let bytes =
        std::fs::read(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    bytes
        .chunks_exact(4)
        .map(|c| i32::from_le_bytes([c[0], c[1], c[2], c[3]]))
        .collect()
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        ["generate", dir] => generate(&PathBuf::from(dir)),
        ["run", dir, label] => run(&PathBuf::from(dir), label),
        _ => {
            eprintln!("usage: busdays generate DIR | busdays run DIR LABEL");
            std::process::exit(2);
        }
    }
}

fn generate(dir: &Path) {
    std::fs::create_dir_all(dir).unwrap_or_else(|e| panic!("cannot create {}: {e}", dir.display()));
    let cal = Calendar::standard();

    // The input: three worked examples, then dates from a fixed-seed generator.
    let mut input: Vec<(NaiveDate, u32)> = vec![
        (d(2026, 3, 7), 1),   // Saturday -> Monday, March 9, 2026
        (d(2026, 2, 10), 10), // Tuesday -> Thursday, February 26, 2026 (Lincoln's Birthday, Presidents Day)
        (d(2021, 12, 30), 1), // -> Monday, January 3, 2022 (31 Dec 2021 is New Year's Day observed)
    ];
    let first = d(1990, 1, 1);
    let span = (d(2099, 12, 31) - first).num_days() as u32 + 1;
    let mut rng = workload::Lcg::new(SEED);
    while input.len() < DATES {
        let day = first + chrono::Duration::days(i64::from(rng.below(span)));
        input.push((day, rng.between(1, 20)));
    }
    write_i32s(
        &dir.join("dates.bin"),
        input
            .iter()
            .flat_map(|(date, n)| [to_i32(*date), *n as i32]),
    );
    let holidays: Vec<i32> = (1989..=2101)
        .flat_map(|year| cal.holidays_in(year))
        .map(|h| to_i32(h.date))
        .collect();
    println!(
        "  {DATES} dates (1990-01-01..=2099-12-31, n in 1..=20), {} holidays (1989..=2101)",
        holidays.len()
    );
    write_i32s(&dir.join("holidays.bin"), holidays.into_iter());
}

fn run(dir: &Path, label: &str) {
    let cal = Calendar::standard();
    let raw = read_i32s(&dir.join("dates.bin"));
    let input: Vec<(NaiveDate, u32)> = raw
        .chunks_exact(2)
        .map(|p| {
            (
                epoch() + chrono::Duration::days(i64::from(p[0])),
                p[1] as u32,
            )
        })
        .collect();
    let dates = input.len();

    // The timed part: the arithmetic loop alone, into a vector allocated beforehand.
    let mut out = vec![epoch(); dates];
    let mut runs_ms = Vec::with_capacity(RUNS);
    for _ in 0..RUNS {
        let started = Instant::now();
        for (slot, (date, n)) in out.iter_mut().zip(black_box(&input)) {
            *slot = cal.add_business_days(*date, *n);
        }
        black_box(&out);
        runs_ms.push(started.elapsed().as_secs_f64() * 1000.0);
    }
    let best = runs_ms.iter().cloned().fold(f64::INFINITY, f64::min);
    write_i32s(
        &dir.join(format!("rust-{label}.bin")),
        out.iter().map(|d| to_i32(*d)),
    );

    let value = serde_json::json!({
        "label": label,
        "dates": dates,
        "bestMs": best,
        "runsMs": runs_ms,
        "what": "Calendar::add_business_days over the dates, best of 5 runs",
    });
    let text = serde_json::to_string_pretty(&value).expect("JSON");
    std::fs::write(dir.join(format!("rust-{label}.json")), text + "\n").expect("write the JSON");
    println!("  Rust ({label}): {dates} dates, best of {RUNS}: {best:.1} ms");
}
