//! `cargo xtask test [rust] [fuzz] [wasm] [e2e]`: every test suite of the project,
//! going on after a failure and adding up the counts.

use std::fs;
use std::net::SocketAddr;
use std::path::Path;
use std::time::{Duration, Instant};

use crate::server::{self, Server};
use crate::setup::setup;
use crate::smtp::Sink;
use crate::util::*;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Stage {
    Rust,
    Wasm,
    E2e,
    Fuzz,
    Postgres,
}

impl Stage {
    pub const ALL: [Stage; 5] = [
        Stage::Rust,
        Stage::Postgres,
        Stage::Fuzz,
        Stage::Wasm,
        Stage::E2e,
    ];

    pub fn parse(s: &str) -> Option<Stage> {
        match s {
            "rust" | "native" => Some(Stage::Rust),
            "wasm" | "browser" => Some(Stage::Wasm),
            "e2e" => Some(Stage::E2e),
            "fuzz" => Some(Stage::Fuzz),
            "postgres" | "pg" => Some(Stage::Postgres),
            _ => None,
        }
    }

    fn title(self) -> &'static str {
        match self {
            Stage::Rust => "native Rust tests (cargo test --workspace --exclude portal-app)",
            Stage::Wasm => {
                "browser unit tests (cargo test -p portal-app --target wasm32-unknown-unknown)"
            }
            Stage::E2e => "end-to-end tests (e2e/*.test.mjs against a running server)",
            Stage::Fuzz => "property-based fuzz of the public API (schemathesis, no 5xx)",
            Stage::Postgres => {
                "the API tests again on PostgreSQL (a throwaway cluster in target/, one database \
                 per test)"
            }
        }
    }

    fn name(self) -> &'static str {
        match self {
            Stage::Rust => "rust",
            Stage::Wasm => "wasm",
            Stage::E2e => "e2e",
            Stage::Fuzz => "fuzz",
            Stage::Postgres => "pg",
        }
    }
}

#[derive(Default, Clone, Copy)]
struct Counts {
    passed: u64,
    failed: u64,
}

/// Runs the chosen stages; returns whether everything passed.
pub fn test(ctx: &mut Ctx, stages: &[Stage]) -> Res<bool> {
    let started = Instant::now();
    setup(ctx)?;
    let mut total = Counts::default();
    let mut summary = Vec::new();
    for &stage in stages {
        let t = Instant::now();
        step(format!("test stage {}: {}", stage.name(), stage.title()));
        let counts = match stage {
            Stage::Rust => {
                let mut counts = cargo_tests(
                    ctx,
                    &[
                        "test",
                        "--workspace",
                        "--exclude",
                        "portal-app",
                        "--no-fail-fast",
                    ],
                );
                // The server turns on the rules' `xlsx` feature, so the run above tests the rules
                // with it; the app's main bundle uses them without it: test that build too (only
                // the suites whose behaviour changes with the feature).
                let plain = cargo_tests(
                    ctx,
                    &[
                        "test",
                        "-p",
                        "portal-rules",
                        "--lib",
                        "--test",
                        "claims",
                        "--no-fail-fast",
                    ],
                );
                counts.passed += plain.passed;
                counts.failed += plain.failed;
                counts
            }
            Stage::Wasm => cargo_tests(
                ctx,
                &[
                    "test",
                    "-p",
                    "portal-app",
                    "--target",
                    "wasm32-unknown-unknown",
                    "--no-fail-fast",
                ],
            ),
            Stage::E2e => e2e(ctx),
            Stage::Postgres => on_postgres(ctx),
            Stage::Fuzz => {
                let (passed, failed) = fuzz(ctx);
                Counts { passed, failed }
            }
        };
        let line = format!(
            "{:<5} {} passed, {} failed ({})",
            stage.name(),
            counts.passed,
            counts.failed,
            secs(t)
        );
        step(format!("stage {line}"));
        summary.push(line);
        total.passed += counts.passed;
        total.failed += counts.failed;
    }
    println!();
    println!("Summary ({} in all):", secs(started));
    for line in &summary {
        println!("  {line}");
    }
    println!("{} passed, {} failed", total.passed, total.failed);
    Ok(total.failed == 0)
}

/// The API test suite on a throwaway PostgreSQL cluster (`PORTAL_TEST_POSTGRES` tells the tests'
/// helpers where: each test makes its own database there).
fn on_postgres(ctx: &Ctx) -> Counts {
    let cluster = match crate::postgres::Cluster::start(ctx) {
        Ok(cluster) => cluster,
        Err(e) => {
            println!(
                "error: the PostgreSQL cluster did not start: {}; counting it as 1 failure",
                e.0
            );
            return Counts {
                passed: 0,
                failed: 1,
            };
        }
    };
    let counts = cargo_tests_with(
        ctx,
        &[
            "test",
            "-p",
            "portal-server",
            "--test",
            "api",
            "--no-fail-fast",
        ],
        &[("PORTAL_TEST_POSTGRES", cluster.url.as_str())],
    );
    drop(cluster);
    counts
}

/// Runs a `cargo test` command and adds up its `test result:` lines.
fn cargo_tests(ctx: &Ctx, args: &[&str]) -> Counts {
    cargo_tests_with(ctx, args, &[])
}

/// [`cargo_tests`] with environment variables.
fn cargo_tests_with(ctx: &Ctx, args: &[&str], env: &[(&str, &str)]) -> Counts {
    let mut c = ctx.cargo();
    c.args(args);
    for (key, value) in env {
        c.env(key, value);
    }
    let mut counts = Counts::default();
    let mut results = 0;
    let status = run_tee(c, |line| {
        if let Some((p, f)) = parse_test_result(line) {
            counts.passed += p;
            counts.failed += f;
            results += 1;
        }
    });
    match status {
        Ok(s) if s.success() => {}
        Ok(s) if counts.failed == 0 => {
            // A compile error, a crashed test binary, a runner that could not start...
            println!(
                "error: `cargo {}` failed ({}) {}; counting it as 1 failure",
                args.join(" "),
                describe(s),
                if results == 0 {
                    "before any test result"
                } else {
                    "without a failing test"
                }
            );
            counts.failed += 1;
        }
        Ok(_) => {}
        Err(e) => {
            println!("error: could not run cargo: {e}; counting it as 1 failure");
            counts.failed += 1;
        }
    }
    counts
}

/// `(passed, failed)` of a libtest or wasm-bindgen-test-runner summary line:
/// `test result: ok. 12 passed; 0 failed; 0 ignored; ...`
/// `test result: FAILED. 3 passed; 1 failed; ...`
fn parse_test_result(line: &str) -> Option<(u64, u64)> {
    let line = strip_ansi(line);
    let rest = &line[line.find("test result:")?..];
    Some((
        number_before(rest, " passed")?,
        number_before(rest, " failed")?,
    ))
}

/// Builds everything, starts a server on a fresh database and runs the
/// Node end-to-end tests against it.
fn e2e(ctx: &Ctx) -> Counts {
    let failed = Counts {
        passed: 0,
        failed: 1,
    };
    let files = match e2e_test_files(&ctx.root.join("e2e")) {
        Ok(files) if !files.is_empty() => files,
        Ok(_) => {
            println!("error: no e2e/*.test.mjs files; counting it as 1 failure");
            return failed;
        }
        Err(e) => {
            println!("error: {e:?}; counting it as 1 failure");
            return failed;
        }
    };
    // The SMTP sink the server sends to: the tests read the emails from its folder
    // (PORTAL_E2E_MAILDIR, one NNNNNN.eml file per message, e2e/mail.mjs).
    let started = (|| -> Res<(Server, std::path::PathBuf, Sink)> {
        server::build_app(ctx)?;
        let bin = server::build_server(ctx, false)?;
        let mail_dir = fresh_temp_dir("portal-e2e-mail")?;
        let sink = Sink::start(ctx, &mail_dir)?;
        let extra = [
            "--smtp-url".to_string(),
            sink.url(),
            "--mail-poll-ms".to_string(),
            "200".to_string(),
            "--mail-retry-ms".to_string(),
            "500".to_string(),
            "--hfs-mailbox".to_string(),
            "portal-team@hfs.example".to_string(),
        ];
        let (srv, dir) = start_test_server(ctx, &bin, "portal-e2e", &extra)?;
        Ok((srv, dir, sink))
    })();
    let (mut srv, dir, sink) = match started {
        Ok(x) => x,
        Err(e) => {
            println!("error: {e:?}; counting it as 1 failure");
            return failed;
        }
    };

    let tap = dir.join("e2e.tap");
    step(format!("node --test e2e/ against {}", srv.url()));
    let mut c = ctx.cmd("node");
    c.args([
        "--test",
        "--test-concurrency=1",
        "--test-timeout=900000",
        "--test-reporter=spec",
        "--test-reporter-destination=stdout",
        "--test-reporter=tap",
    ])
    .arg(format!("--test-reporter-destination={}", tap.display()))
    .args(&files)
    .env("BASE_URL", srv.url())
    .env("PORTAL_E2E_MAILDIR", &sink.dir);
    let status = c.status();

    let tap_text = fs::read_to_string(&tap).unwrap_or_default();
    let mut counts = Counts {
        passed: tap_number(&tap_text, "pass").unwrap_or(0),
        failed: tap_number(&tap_text, "fail").unwrap_or(0)
            + tap_number(&tap_text, "cancelled").unwrap_or(0),
    };
    let mut problems = Vec::new();
    match status {
        Ok(s) if s.success() => {}
        Ok(s) if counts.failed == 0 => {
            problems.push(format!(
                "node --test failed ({}) without a failing test",
                describe(s)
            ));
            counts.failed += 1;
        }
        Ok(_) => problems.push("some end-to-end tests failed".into()),
        Err(e) => {
            problems.push(format!("could not run node: {e}"));
            counts.failed += 1;
        }
    }
    if let Err(e) = srv.stop(Duration::from_secs(10)) {
        problems.push(format!("clean shutdown: {e:?}"));
        counts.failed += 1;
    } else {
        println!("server stopped cleanly on SIGTERM");
    }
    let mail_dir = sink.dir.clone();
    drop(sink);
    if problems.is_empty() {
        let _ = fs::remove_dir_all(&dir);
        let _ = fs::remove_dir_all(&mail_dir);
    } else {
        for p in &problems {
            println!("error: {p}");
        }
        server::print_log(&srv);
        println!(
            "(kept {} for a look: database, server log, TAP report; the emails in {})",
            dir.display(),
            mail_dir.display()
        );
    }
    counts
}

/// Starts the server on a free port with a new SQLite file in a new temp dir
/// and waits for it to be healthy. Used by `test` and `bench`.
pub fn start_test_server(
    ctx: &Ctx,
    bin: &Path,
    prefix: &str,
    extra: &[String],
) -> Res<(Server, std::path::PathBuf)> {
    let dir = fresh_temp_dir(prefix)?;
    let port = free_port()?;
    let addr: SocketAddr = ([127, 0, 0, 1], port).into();
    let db = format!("sqlite:{}", dir.join("portal.db").display());
    let dist = ctx.root.join("dist");
    step(format!(
        "starting {} on {addr} (database {db})",
        server::SERVER_BIN
    ));
    let mut srv = Server::start(
        ctx,
        bin,
        addr,
        &db,
        &dist,
        // The demo accounts (provider1, hfs-staff, ...) that the browser tests sign in with.
        // Links in emails point at this server.
        &[
            vec![
                "--demo".to_string(),
                "--public-url".to_string(),
                format!("http://{addr}"),
            ],
            extra.to_vec(),
        ]
        .concat(),
        Some(dir.join("server.log")),
    )?;
    if let Err(e) = srv.wait_healthy(Duration::from_secs(60)) {
        server::print_log(&srv);
        return Err(e);
    }
    Ok((srv, dir))
}

/// Requests generated per operation by the fuzz.
const FUZZ_EXAMPLES: &str = "40";
/// The whole fuzz run's budget.
const FUZZ_SECONDS: &str = "60";

/// `cargo xtask test fuzz`: a short property-based fuzz of the public JSON endpoints. The server
/// runs on a fresh database; schemathesis reads `/api/openapi.json`, generates requests for the
/// endpoints tagged `public` (valid and invalid bodies and queries), and fails on any 5xx. The
/// run is bounded (`FUZZ_EXAMPLES` per operation, `FUZZ_SECONDS` in all). 1 passed and 0 failed
/// when no 5xx was found.
fn fuzz(ctx: &Ctx) -> (u64, u64) {
    match run_fuzz(ctx) {
        Ok(true) => (1, 0),
        Ok(false) => (0, 1),
        Err(e) => {
            println!("error: {e:?}; counting it as 1 failure");
            (0, 1)
        }
    }
}

fn run_fuzz(ctx: &Ctx) -> Res<bool> {
    let program = crate::fuzz::ensure_venv(ctx)?;
    let bin = server::build_server(ctx, false)?;
    let (mut srv, dir) = start_test_server(ctx, &bin, "portal-fuzz", &[])?;
    let url = srv.url();
    step(format!(
        "schemathesis run {url}/api/openapi.json (public endpoints)"
    ));
    let mut c = ctx.cmd(&program);
    c.arg("run")
        .arg(format!("{url}/api/openapi.json"))
        .args(["--url", &url])
        .args(["--include-tag", "public"])
        .args(["--checks", "not_a_server_error"])
        .args(["--max-examples", FUZZ_EXAMPLES])
        .args(["--max-time", FUZZ_SECONDS])
        .args(["--header", "X-Requested-With: portal-app"])
        .args(["--seed", "16"])
        .args(["--workers", "1"])
        .args(["--no-color"])
        .env("SCHEMATHESIS_HOOKS", "")
        .current_dir(&dir);
    let passed = match c.status() {
        Ok(status) if status.success() => true,
        Ok(status) => {
            println!("error: schemathesis found a problem ({})", describe(status));
            false
        }
        Err(e) => {
            println!("error: could not run schemathesis: {e}");
            false
        }
    };
    let stopped = srv.stop(Duration::from_secs(10));
    if passed && stopped.is_ok() {
        let _ = fs::remove_dir_all(&dir);
    } else {
        server::print_log(&srv);
        println!("(kept {} for a look: database, server log)", dir.display());
    }
    Ok(passed && stopped.is_ok())
}

fn e2e_test_files(dir: &Path) -> Res<Vec<String>> {
    let mut files: Vec<String> = fs::read_dir(dir)
        .map_err(|e| Fail(format!("cannot read {}: {e}", dir.display())))?
        .filter_map(|entry| entry.ok())
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".test.mjs") || name.ends_with(".test.js"))
        .filter(|name| chosen(name, std::env::var("E2E_ONLY").ok().as_deref()))
        .map(|name| format!("e2e/{name}"))
        .collect();
    files.sort();
    Ok(files)
}

/// Whether an e2e file is run: every file, unless `E2E_ONLY` names some (comma-separated, by the
/// start of their names: `E2E_ONLY=tickets,hfs`), for a quicker loop while working on a page. CI
/// never sets it.
fn chosen(name: &str, only: Option<&str>) -> bool {
    match only.map(str::trim).filter(|s| !s.is_empty()) {
        None => true,
        Some(list) => list
            .split(',')
            .map(str::trim)
            .any(|p| !p.is_empty() && name.starts_with(p)),
    }
}

/// The number in the last TAP comment line `# <key> N`.
fn tap_number(tap: &str, key: &str) -> Option<u64> {
    let prefix = format!("# {key} ");
    tap.lines().rev().find_map(|l| {
        l.trim()
            .strip_prefix(&prefix)
            .and_then(|n| n.trim().parse().ok())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn test_result_lines() {
        assert_eq!(
            parse_test_result("test result: ok. 12 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.01s\n"),
            Some((12, 0))
        );
        assert_eq!(
            parse_test_result("test result: FAILED. 3 passed; 1 failed; 0 ignored"),
            Some((3, 1))
        );
        assert_eq!(parse_test_result("test foo ... ok"), None);
    }

    #[test]
    fn e2e_only_chooses_by_the_start_of_the_name() {
        assert!(chosen("tickets.test.mjs", None));
        assert!(chosen("tickets.test.mjs", Some("")));
        assert!(chosen("tickets.test.mjs", Some("hfs, tickets")));
        assert!(!chosen("ticket_entry.test.mjs", Some("tickets")));
        assert!(!chosen("pages.test.mjs", Some("tickets,hfs")));
    }

    #[test]
    fn tap_summary() {
        let tap = "TAP version 13\nok 1 - a\n1..1\n# tests 4\n# pass 3\n# fail 1\n# cancelled 0\n";
        assert_eq!(tap_number(tap, "pass"), Some(3));
        assert_eq!(tap_number(tap, "fail"), Some(1));
        assert_eq!(tap_number(tap, "cancelled"), Some(0));
        assert_eq!(tap_number(tap, "todo"), None);
    }
}
