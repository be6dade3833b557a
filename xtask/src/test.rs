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

/// Whether a stage may run beside the e2e stage (with `E2E_BESIDE=1`): it shares no port, file or
/// database with it. Off by default: on 2 cores the browser, the server and the other stage's
/// compiles compete, and one measured run took no less time in all (48.6 minutes under other load,
/// against 41.6 in turn on an idle machine), while the slower tests came closer to their limits.
fn runs_beside_e2e(stage: Stage) -> bool {
    matches!(stage, Stage::Postgres | Stage::Fuzz | Stage::Wasm)
}

/// Runs the chosen stages; returns whether everything passed.
pub fn test(ctx: &mut Ctx, stages: &[Stage]) -> Res<bool> {
    let started = Instant::now();
    setup(ctx)?;
    let ctx: &Ctx = ctx;
    let beside: Vec<Stage> = if stages.contains(&Stage::E2e)
        && std::env::var_os("E2E_BESIDE").is_some_and(|v| !v.is_empty() && v != "0")
    {
        stages
            .iter()
            .copied()
            .filter(|s| runs_beside_e2e(*s))
            .collect()
    } else {
        Vec::new()
    };
    let mut total = Counts::default();
    let mut summary = Vec::new();
    let mut failures: Vec<String> = Vec::new();
    let mut record = |(stage, counts, took, failed): (Stage, Counts, String, Vec<String>)| {
        let line = format!(
            "{:<5} {} passed, {} failed ({took})",
            stage.name(),
            counts.passed,
            counts.failed,
        );
        step(format!("stage {line}"));
        summary.push(line);
        failures.extend(failed);
        total.passed += counts.passed;
        total.failed += counts.failed;
    };
    for &stage in stages {
        if beside.contains(&stage) {
            continue;
        }
        if stage != Stage::E2e || beside.is_empty() {
            record(run_stage(ctx, stage, &mut || {}));
            continue;
        }
        // The e2e stage, with the others beside it once its builds are done (the builds want the
        // cores); their output goes to a file, printed after the e2e stage's.
        let log_path = ctx
            .target_dir()
            .join(format!("stages-beside-e2e-{}.log", std::process::id()));
        let log = fs::File::create(&log_path)
            .map_err(|e| Fail(format!("{}: {e}", log_path.display())))?;
        let names: Vec<&str> = beside.iter().map(|s| s.name()).collect();
        let (e2e_result, beside_results) = std::thread::scope(|scope| {
            let (go, wait) = std::sync::mpsc::channel::<()>();
            let side_stages = beside.clone();
            let side = scope.spawn(move || {
                // Also when the e2e stage failed before starting: these still run.
                let _ = wait.recv();
                crate::util::log_to(Some(log));
                let results: Vec<_> = side_stages
                    .iter()
                    .map(|&stage| run_stage(ctx, stage, &mut || {}))
                    .collect();
                crate::util::log_to(None);
                results
            });
            let mut start_beside = Some(go);
            let e2e_result = run_stage(ctx, Stage::E2e, &mut || {
                if let Some(go) = start_beside.take() {
                    step(format!(
                        "stages {} run beside the e2e stage from now (their output: {}, printed after)",
                        names.join(", "),
                        log_path.display()
                    ));
                    let _ = go.send(());
                }
            });
            drop(start_beside);
            let beside_results = side.join().unwrap_or_default();
            (e2e_result, beside_results)
        });
        println!();
        step(format!(
            "the output of the stages run beside the e2e stage ({})",
            names.join(", ")
        ));
        match fs::read(&log_path) {
            Ok(bytes) => {
                let _ = std::io::Write::write_all(&mut std::io::stdout(), &bytes);
                let _ = fs::remove_file(&log_path);
            }
            Err(e) => println!("error: {}: {e}", log_path.display()),
        }
        if beside_results.len() != beside.len() {
            println!("error: a stage run beside the e2e stage panicked; counting it as 1 failure");
            record((
                Stage::Wasm,
                Counts {
                    passed: 0,
                    failed: 1,
                },
                String::new(),
                Vec::new(),
            ));
        }
        for r in beside_results {
            record(r);
        }
        record(e2e_result);
    }
    println!();
    println!("Summary ({} in all):", secs(started));
    for line in &summary {
        println!("  {line}");
    }
    if !failures.is_empty() {
        // Last, so that the end of a long log (what CI keeps) names what failed.
        println!("Failed:");
        for f in &failures {
            println!("  {f}");
        }
    }
    println!("{} passed, {} failed", total.passed, total.failed);
    Ok(total.failed == 0)
}

/// Runs one stage: what it counted, how long it took, and the names of its failed tests.
/// `ready` is called by the e2e stage when its builds are done and its tests start.
fn run_stage(
    ctx: &Ctx,
    stage: Stage,
    ready: &mut dyn FnMut(),
) -> (Stage, Counts, String, Vec<String>) {
    let t = Instant::now();
    step(format!("test stage {}: {}", stage.name(), stage.title()));
    let mut failed = Vec::new();
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
        Stage::E2e => {
            let (counts, names) = e2e(ctx, ready);
            failed.extend(names.into_iter().map(|f| format!("e2e: {f}")));
            counts
        }
        Stage::Postgres => on_postgres(ctx),
        Stage::Fuzz => {
            let (passed, failed) = fuzz(ctx);
            Counts { passed, failed }
        }
    };
    ready();
    let cargo_failed =
        std::mem::take(&mut *CARGO_FAILURES.lock().unwrap_or_else(|e| e.into_inner()));
    // A stage run beside another may have taken the other's names too: keep its own.
    let (own, others): (Vec<_>, Vec<_>) = cargo_failed
        .into_iter()
        .partition(|(s, _)| *s == stage.name());
    CARGO_FAILURES
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .extend(others);
    failed.extend(own.into_iter().map(|(s, n)| format!("{s}: {n}")));
    (stage, counts, secs(t), failed)
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

/// The tests `cargo test` runs reported FAILED, for the end of the run.
static CARGO_FAILURES: std::sync::Mutex<Vec<(&'static str, String)>> =
    std::sync::Mutex::new(Vec::new());

/// The stage a `cargo test` command belongs to, for naming its failed tests.
fn stage_of(args: &[&str], env: &[(&str, &str)]) -> &'static str {
    if args.contains(&"wasm32-unknown-unknown") {
        Stage::Wasm.name()
    } else if env.iter().any(|(k, _)| *k == "PORTAL_TEST_POSTGRES") {
        Stage::Postgres.name()
    } else {
        Stage::Rust.name()
    }
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
        // `test api::tickets::x ... FAILED`: named again at the end of the run.
        if let Some(name) = line
            .strip_prefix("test ")
            .and_then(|l| l.trim_end().strip_suffix(" ... FAILED"))
        {
            CARGO_FAILURES
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .push((stage_of(args, env), name.to_string()));
        }
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
fn e2e(ctx: &Ctx, ready: &mut dyn FnMut()) -> (Counts, Vec<String>) {
    let (counts, tap) = e2e_run(ctx, ready);
    (counts, tap_failures(&tap))
}

/// Runs the e2e files; the counts and the TAP report's text. `ready` is called when the builds are
/// done, as the tests start.
fn e2e_run(ctx: &Ctx, ready: &mut dyn FnMut()) -> (Counts, String) {
    let failed = (
        Counts {
            passed: 0,
            failed: 1,
        },
        String::new(),
    );
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
            // Every e2e file registers from 127.0.0.1, more than the default 10 a quarter hour.
            "--registrations-per-address".to_string(),
            "100".to_string(),
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
    ready();
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
    (counts, tap_text)
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
/// The failed tests of a node TAP report (not the `# TODO` ones, not the suites that only failed
/// because a test in them did), each as `file > suite > test: first line of the error`.
fn tap_failures(tap: &str) -> Vec<String> {
    let mut names: Vec<(usize, String)> = Vec::new();
    let mut out = Vec::new();
    let lines: Vec<&str> = tap.lines().collect();
    for (i, line) in lines.iter().enumerate() {
        let indent = line.len() - line.trim_start().len();
        let text = line.trim_start();
        if let Some(name) = text.strip_prefix("# Subtest: ") {
            names.retain(|(d, _)| *d < indent);
            names.push((indent, name.to_string()));
            continue;
        }
        let Some(rest) = text.strip_prefix("not ok ") else {
            continue;
        };
        if rest.contains(" # TODO") || rest.contains(" # SKIP") {
            continue;
        }
        // The YAML block below it says where and why.
        let mut why = String::new();
        let mut place = String::new();
        let mut suite_only = false;
        let mut block = lines.iter().skip(i + 1).map(|l| l.trim());
        while let Some(t) = block.next() {
            if t == "..." {
                break;
            }
            if t == "failureType: 'subtestsFailed'" {
                suite_only = true;
            } else if let Some(l) = t.strip_prefix("location: ") {
                let l = l.trim_matches('\'');
                let file = l.rsplit('/').next().unwrap_or(l);
                // `name.test.mjs:224:3` -> `name.test.mjs:224`
                place = file.rsplit_once(':').map_or(file, |(f, _)| f).to_string();
            } else if let Some(e) = t.strip_prefix("error: ") {
                why = if e == "|-" {
                    block.next().unwrap_or_default().to_string()
                } else {
                    e.trim_matches('\'').to_string()
                };
            }
        }
        if suite_only {
            continue;
        }
        names.retain(|(d, _)| *d <= indent);
        let path: Vec<&str> = names.iter().map(|(_, n)| n.as_str()).collect();
        out.push(format!("{} ({place}): {why}", path.join(" > ")));
    }
    out
}

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
    fn tap_failures_name_the_failed_tests_only() {
        let tap = "# Subtest: a suite
    # Subtest: passes
    ok 1 - passes
      ---
      duration_ms: 1
      ...
    # Subtest: fails
    not ok 2 - fails
      ---
      duration_ms: 42143.0
      location: '/w/e2e/tickets.test.mjs:224:3'
      failureType: 'testCodeFailure'
      error: |-
        locator.innerText: Timeout 30000ms exceeded.
        Call log:
      code: 'ERR_TEST_FAILURE'
      ...
    # Subtest: later
    not ok 3 - later # TODO not yet
      ---
      error: 'x'
      ...
    1..3
not ok 1 - a suite
  ---
  location: '/w/e2e/tickets.test.mjs:219:1'
  failureType: 'subtestsFailed'
  error: '1 subtest failed'
  ...
# Subtest: alone
not ok 2 - alone
  ---
  location: '/w/e2e/other.test.mjs:9:1'
  failureType: 'testCodeFailure'
  error: 'boom'
  ...
";
        assert_eq!(
            tap_failures(tap),
            vec![
                "a suite > fails (tickets.test.mjs:224): locator.innerText: Timeout 30000ms exceeded."
                    .to_string(),
                "alone (other.test.mjs:9): boom".to_string(),
            ]
        );
    }

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
