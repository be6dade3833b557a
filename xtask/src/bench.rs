//! `cargo xtask bench`: the first-load benchmark (e2e/bench.mjs against a running server: the size of
//! every file the build made, and, in headless Chromium with an empty cache, the bytes received, the
//! first contentful paint and the time to interactive of a first visit to each public page and to
//! the first page of each signed-in area; it also measures the spreadsheet worker apart from the
//! first load: its size raw, gzip and brotli,
//! and the time to read and check a 100-claim XLSX and CSV in Chromium through it), then
//! the deadline engine's (timelines per second, native and in headless Chromium; business days
//! against NumPy's `busday_offset`). Speed is measured here, never asserted in a test, and
//! nothing of this runs in `cargo xtask test`.
//!
//! The engine part works in `target/bench/`:
//! - `native-LABEL.json`: `crates/rules/examples/timelines.rs`, built with the workspace's release
//!   profile (LABEL `release`) and with that profile at opt-level 3 (`opt3`, profile `bench-o3`);
//! - `busdays/`: `crates/rules/examples/busdays.rs` writes the 1,000,000 dates and each Rust
//!   build's answers, `bench/busdays_numpy.py` compares them with NumPy (in the virtualenv
//!   `target/bench-venv`, NumPy pinned by `bench/requirements.txt`) and writes `busdays.json`;
//! - `engine-wasm/`: a generated manifest for `xtask/engine-wasm/lib.rs` and its wasm-bindgen
//!   output `pkg/`, timed in Chromium by `e2e/bench-engine.mjs`, which also prints the summary
//!   and adds it to `e2e/results/bench.json`.
//!
//! A part that cannot run leaves `PART.skipped` with the reason, which the summary shows.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::server;
use crate::setup::{self, setup};
use crate::test::start_test_server;
use crate::util::*;

/// The statistics part: `GET /api/statistics` over 100,000 tickets
/// (`crates/server/examples/statistics_bench.rs`), built as the server ships (profile `server`),
/// its figures in `target/bench/statistics.json`.
fn statistics_bench(ctx: &Ctx, release: bool, failed: &mut Vec<String>) -> Res {
    let dir = ctx.target_dir().join(BENCH_DIR);
    fs::create_dir_all(&dir)?;
    let profile: &[&str] = if release {
        &["--profile", "server"]
    } else {
        &[]
    };
    step("cargo build -p portal-server --example statistics_bench");
    let mut c = ctx.cargo();
    c.args([
        "build",
        "-p",
        "portal-server",
        "--example",
        "statistics_bench",
    ])
    .args(profile);
    if let Err(Fail(msg)) = run(c) {
        println!("error: {msg}");
        note(&dir, "statistics", "the build failed");
        failed.push("building the statistics benchmark".to_string());
        return Ok(());
    }
    let out = if release { "server" } else { "debug" };
    let bin = ctx
        .target_dir()
        .join(out)
        .join("examples")
        .join("statistics_bench");
    step("GET /api/statistics over 100,000 tickets");
    let mut c = ctx.cmd(bin);
    c.arg("--json").arg(dir.join("statistics.json"));
    if let Err(Fail(msg)) = run(c) {
        println!("error: {msg}");
        failed.push("GET /api/statistics over 100,000 tickets".to_string());
    }
    Ok(())
}

/// Where the engine part keeps its files, under the target directory.
const BENCH_DIR: &str = "bench";
const VENV_DIR: &str = "bench-venv";
const REQUIREMENTS: &str = "bench/requirements.txt";
const WASM_TARGET: &str = "wasm32-unknown-unknown";
const WASM_CRATE: &str = "engine-wasm-bench";

/// The Rust builds the native figures come from:
/// (label, description, cargo profile arguments, output folder).
type Build = (&'static str, &'static str, Vec<&'static str>, &'static str);

fn builds() -> [Build; 2] {
    [
        (
            "release",
            "the workspace's release profile (cargo --release), as the server ships the engine",
            vec!["--release"],
            "release",
        ),
        (
            "opt3",
            "the workspace's release profile at opt-level 3 (cargo --profile bench-o3)",
            vec![
                "--profile",
                "bench-o3",
                "--config",
                "profile.bench-o3.inherits=\"release\"",
                "--config",
                "profile.bench-o3.opt-level=3",
            ],
            "bench-o3",
        ),
    ]
}

/// `cargo xtask bench [--debug] [--engine-only | --no-engine] [--load-only | --no-load]
/// [--sqlite-only | --postgres-only]`
pub fn bench(ctx: &mut Ctx, args: &[String]) -> Res<bool> {
    let mut release = true;
    let mut first_load = true;
    let mut engine = true;
    let mut load = true;
    let mut databases = crate::load::Databases::default();
    for a in args {
        match a.as_str() {
            "--debug" => release = false,
            "--engine-only" => {
                first_load = false;
                load = false;
            }
            "--no-engine" => engine = false,
            // The API load part alone (crate::load).
            "--load-only" => {
                first_load = false;
                engine = false;
            }
            "--no-load" => load = false,
            // The API load on one of the two databases.
            "--sqlite-only" => databases.postgres = false,
            "--postgres-only" => databases.sqlite = false,
            other => return fail(format!("unexpected argument `{other}`")),
        }
    }
    if !databases.sqlite && !databases.postgres {
        return fail("--sqlite-only and --postgres-only leave no database to load");
    }
    if load && !first_load && !engine {
        let mut failed = Vec::new();
        crate::load::load_bench(ctx, release, databases, &mut failed)?;
        for f in &failed {
            println!("failed: {f}");
        }
        return Ok(failed.is_empty());
    }
    if !first_load && !engine {
        return fail("--engine-only and --no-engine leave nothing to run");
    }
    let started = Instant::now();
    setup(ctx)?;
    let mut failed = Vec::new();
    if first_load {
        match first_load_bench(ctx, release) {
            Ok(true) => {}
            Ok(false) => failed.push("the first-load benchmark failed (see above)".to_string()),
            Err(Fail(msg)) => {
                println!("error: first-load benchmark: {msg}");
                failed.push(format!("the first-load benchmark: {msg}"));
            }
        }
    }
    if engine {
        engine_bench(ctx, &mut failed)?;
    }
    if first_load {
        statistics_bench(ctx, release, &mut failed)?;
    }
    if load {
        crate::load::load_bench(ctx, release, databases, &mut failed)?;
    }
    println!("\ncargo xtask bench took {}", secs(started));
    for f in &failed {
        println!("failed: {f}");
    }
    Ok(failed.is_empty())
}

/// The build's files, each page's first visit (bytes received, paint timing), and the spreadsheet
/// worker's size and reading times (e2e/bench.mjs) against the server (started with `--demo`: the
/// signed-in pages and the worker part sign in as the demo accounts); false when it failed (a public
/// page's first load over its budget is reported as a warning).
fn first_load_bench(ctx: &mut Ctx, release: bool) -> Res<bool> {
    let lighthouse = match lighthouse(ctx) {
        Ok(bin) => Some(bin),
        Err(Fail(msg)) => {
            println!("warning: Lighthouse is left out: {msg}");
            None
        }
    };
    server::build_app(ctx)?;
    let bin = server::build_server(ctx, release)?;
    let (mut srv, dir) = start_test_server(ctx, &bin, "portal-bench", &[])?;
    step(format!("node e2e/bench.mjs against {}", srv.url()));
    let mut c = ctx.cmd("node");
    c.arg("e2e/bench.mjs")
        .env("BASE_URL", srv.url())
        .env("DIST_DIR", ctx.root.join("dist"));
    if let Some(bin) = &lighthouse {
        c.env("LIGHTHOUSE_BIN", bin);
    }
    let status = c.status();
    let stopped = srv.stop(Duration::from_secs(10));
    let ran = match status {
        Ok(s) if s.success() => true,
        // Over the size budget: a measurement to act on, said loudly, not a failed bench (the
        // project measures speed and size, it does not assert them).
        Ok(s) if s.code() == Some(2) => {
            println!("warning: the first load is over its size budget (see above)");
            true
        }
        Ok(s) => {
            println!("error: node e2e/bench.mjs failed ({})", describe(s));
            false
        }
        Err(e) => {
            println!("error: could not run node: {e}");
            false
        }
    };
    if let Err(e) = &stopped {
        println!("error: clean shutdown: {e:?}");
    }
    if ran && stopped.is_ok() {
        let _ = fs::remove_dir_all(&dir);
        Ok(true)
    } else {
        server::print_log(&srv);
        Ok(false)
    }
}

/// Lighthouse, pinned (12.2.3: the last line that runs on Node 20), in `target/lighthouse/`: installed
/// there with npm when missing or of another version (not a dependency of the project's own
/// package.json: only the bench uses it). Returns its command.
fn lighthouse(ctx: &Ctx) -> Res<PathBuf> {
    const VERSION: &str = "12.2.3";
    let dir = ctx.target_dir().join("lighthouse");
    let bin = dir.join("node_modules").join(".bin").join("lighthouse");
    if is_executable(&bin) && tool_version(ctx, &bin).as_deref() == Some(VERSION) {
        return Ok(bin);
    }
    step(format!(
        "npm install lighthouse@{VERSION} into {}",
        dir.display()
    ));
    fs::create_dir_all(&dir)?;
    let mut c = ctx.cmd("npm");
    c.args(["install", "--no-audit", "--no-fund", "--prefix"])
        .arg(&dir)
        .arg(format!("lighthouse@{VERSION}"));
    run(c)?;
    match tool_version(ctx, &bin) {
        Some(v) if v == VERSION => Ok(bin),
        found => fail(format!(
            "lighthouse {VERSION} was installed but {} answers {found:?}",
            bin.display()
        )),
    }
}

/// The deadline engine: native, NumPy, wasm in Chromium, then the summary. Adds to `failed`
/// what did not work (a part skipped for a missing python3 is not a failure).
fn engine_bench(ctx: &Ctx, failed: &mut Vec<String>) -> Res {
    let dir = ctx.target_dir().join(BENCH_DIR);
    fs::create_dir_all(&dir)?;
    clean(&dir)?;
    let busdays_dir = dir.join("busdays");
    fs::create_dir_all(&busdays_dir)?;

    // Native: build the examples per profile, then time them one after the other.
    let mut busdays_bins: Vec<(&str, PathBuf)> = Vec::new();
    for (label, description, profile, out) in builds() {
        let t = Instant::now();
        step(format!(
            "cargo build -p portal-rules --example timelines --example busdays ({label})"
        ));
        let mut c = ctx.cargo();
        c.args([
            "build",
            "-p",
            "portal-rules",
            "--example",
            "timelines",
            "--example",
            "busdays",
        ])
        .args(&profile);
        if let Err(Fail(msg)) = run(c) {
            println!("error: {msg}");
            note(&dir, &format!("native-{label}"), "the build failed");
            failed.push(format!("building the examples ({label})"));
            continue;
        }
        step(format!("examples built ({})", secs(t)));
        let examples = ctx.target_dir().join(out).join("examples");
        step(format!("timelines per second, native ({label})"));
        let mut c = ctx.cmd(examples.join("timelines"));
        c.arg("--json")
            .arg(dir.join(format!("native-{label}.json")))
            .args(["--build", description]);
        if let Err(Fail(msg)) = run(c) {
            println!("error: {msg}");
            failed.push(format!("timelines per second, native ({label})"));
        }
        busdays_bins.push((label, examples.join("busdays")));
    }

    // Business days: the dates are made once, by the first build; every build answers them.
    if let Some((_, first)) = busdays_bins.first() {
        step("business days: 1,000,000 dates (busdays generate)");
        let mut c = ctx.cmd(first);
        c.arg("generate").arg(&busdays_dir);
        let mut generated = true;
        if let Err(Fail(msg)) = run(c) {
            println!("error: {msg}");
            generated = false;
            failed.push("generating the business-day dates".to_string());
            note(&dir, "busdays", "the dates could not be generated");
        }
        if generated {
            for (label, bin) in &busdays_bins {
                step(format!("business days, Rust ({label})"));
                let mut c = ctx.cmd(bin);
                c.arg("run").arg(&busdays_dir).arg(label);
                if let Err(Fail(msg)) = run(c) {
                    println!("error: {msg}");
                    failed.push(format!("business days, Rust ({label})"));
                }
            }
            match numpy_python(ctx) {
                Ok(python) => {
                    step("business days, NumPy (bench/busdays_numpy.py)");
                    let mut c = ctx.cmd(&python);
                    c.arg(ctx.root.join("bench").join("busdays_numpy.py"))
                        .arg(&busdays_dir);
                    match c.status() {
                        Ok(s) if s.success() => {}
                        Ok(s) => {
                            println!(
                                "error: bench/busdays_numpy.py failed ({}): Rust and NumPy disagree, \
                                 or the script could not run",
                                describe(s)
                            );
                            failed.push(
                                "business days vs NumPy (bench/busdays_numpy.py; see above)"
                                    .to_string(),
                            );
                        }
                        Err(e) => {
                            println!("error: could not run {}: {e}", python.display());
                            failed.push("business days vs NumPy: python did not start".into());
                        }
                    }
                }
                Err(reason) => {
                    warn(format!("skipping the NumPy comparison: {reason}"));
                    note(&dir, "busdays", &reason);
                }
            }
        }
    } else {
        note(&dir, "busdays", "the examples did not build");
    }

    // The browser: the engine built for wasm32, timed in Chromium by e2e/bench-engine.mjs.
    if let Err(Fail(msg)) = build_wasm(ctx, &dir) {
        println!("error: {msg}");
        note(&dir, "wasm", &format!("the wasm build failed: {msg}"));
        failed.push("building the engine for wasm32".to_string());
    }
    step("node e2e/bench-engine.mjs (Chromium, then the summary)");
    let mut c = ctx.cmd("node");
    c.arg("e2e/bench-engine.mjs").arg(&dir);
    match c.status() {
        Ok(s) if s.success() => {}
        Ok(s) => {
            println!("error: node e2e/bench-engine.mjs failed ({})", describe(s));
            failed.push("the engine in Chromium or the summary (e2e/bench-engine.mjs)".into());
        }
        Err(e) => {
            println!("error: could not run node: {e}");
            failed.push("e2e/bench-engine.mjs: node did not start".into());
        }
    }
    Ok(())
}

/// Removes the results of an earlier run, so that a part that fails now cannot show old figures.
fn clean(dir: &Path) -> Res {
    for entry in fs::read_dir(dir)? {
        let path = entry?.path();
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if name.ends_with(".json") || name.ends_with(".skipped") {
            fs::remove_file(&path)?;
        }
    }
    for sub in ["busdays", "engine-wasm/pkg"] {
        let path = dir.join(sub);
        if path.exists() {
            fs::remove_dir_all(&path)?;
        }
    }
    Ok(())
}

/// Leaves `PART.skipped` with the reason, for the summary.
fn note(dir: &Path, part: &str, reason: &str) {
    let _ = fs::write(dir.join(format!("{part}.skipped")), format!("{reason}\n"));
}

/// The NumPy version that bench/requirements.txt pins (`numpy==X`).
fn pinned_numpy(ctx: &Ctx) -> Res<String> {
    let path = ctx.root.join(REQUIREMENTS);
    let text = fs::read_to_string(&path)
        .map_err(|e| Fail(format!("cannot read {}: {e}", path.display())))?;
    text.lines()
        .map(|l| l.split('#').next().unwrap_or("").trim())
        .find_map(|l| l.strip_prefix("numpy=="))
        .map(|v| v.trim().to_string())
        .ok_or_else(|| Fail(format!("{} pins no numpy==X", path.display())))
}

/// The virtualenv's python with the pinned NumPy, installing what is missing; or why not.
fn numpy_python(ctx: &Ctx) -> Result<PathBuf, String> {
    let want = pinned_numpy(ctx).map_err(|Fail(m)| m)?;
    let Some(python3) = ctx.which("python3") else {
        return Err(format!(
            "python3 was not found; install Python 3 with venv and pip \
             (Debian/Ubuntu: apt-get install python3 python3-venv) to compare with NumPy {want}"
        ));
    };
    let venv = ctx.target_dir().join(VENV_DIR);
    let python = venv.join("bin").join("python");
    let runs = |p: &Path| {
        let mut c = ctx.cmd(p);
        c.args(["-c", "import sys"]);
        output(c).is_some()
    };
    if !runs(&python) {
        step(format!("python3 -m venv {}", venv.display()));
        if venv.exists() {
            let _ = fs::remove_dir_all(&venv);
        }
        let mut c = ctx.cmd(&python3);
        c.args(["-m", "venv"]).arg(&venv);
        if let Err(Fail(msg)) = run(c) {
            return Err(format!(
                "{msg}; the venv module is missing? (Debian/Ubuntu: apt-get install python3-venv)"
            ));
        }
        if !runs(&python) {
            return Err(format!(
                "{} does not run after creating the venv",
                python.display()
            ));
        }
    }
    let numpy_version = || {
        let mut c = ctx.cmd(&python);
        c.args(["-c", "import numpy; print(numpy.__version__)"]);
        output(c).map(|s| s.trim().to_string())
    };
    let found = numpy_version();
    if found.as_deref() != Some(want.as_str()) {
        step(format!(
            "pip install numpy=={want} into {}{}",
            venv.display(),
            match &found {
                Some(v) => format!(" (replacing {v})"),
                None => String::new(),
            }
        ));
        let mut c = ctx.cmd(&python);
        c.args([
            "-m",
            "pip",
            "install",
            "--disable-pip-version-check",
            "--no-input",
            "-r",
        ])
        .arg(ctx.root.join(REQUIREMENTS));
        if let Err(Fail(msg)) = run(c) {
            return Err(format!("{msg} (is PyPI reachable?)"));
        }
        let now = numpy_version();
        if now.as_deref() != Some(want.as_str()) {
            return Err(format!(
                "after pip install, the venv has NumPy {now:?}, expected {want}"
            ));
        }
    }
    ok(format!("numpy {want} ({})", venv.display()));
    Ok(python)
}

/// Builds xtask/engine-wasm/lib.rs for wasm32 with the workspace's release profile and the
/// wasm-bindgen of Cargo.lock, and runs wasm-bindgen on it into `dir/engine-wasm/pkg`.
fn build_wasm(ctx: &Ctx, dir: &Path) -> Res {
    let t = Instant::now();
    let crate_dir = dir.join("engine-wasm");
    fs::create_dir_all(&crate_dir)?;
    let lock_text = fs::read_to_string(ctx.root.join("Cargo.lock"))
        .map_err(|e| Fail(format!("cannot read Cargo.lock: {e}")))?;
    let wasm_bindgen = setup::lock_version(&lock_text, "wasm-bindgen")
        .ok_or_else(|| Fail("Cargo.lock lists no wasm-bindgen".into()))?;
    let root_manifest = fs::read_to_string(ctx.root.join("Cargo.toml"))?;
    let profile = release_profile(&root_manifest).ok_or_else(|| {
        Fail("the root Cargo.toml has no [profile.release] to build the engine with".into())
    })?;
    let manifest = wasm_manifest(&ctx.root, &wasm_bindgen, &profile);
    write_if_changed(&crate_dir.join("Cargo.toml"), &manifest)?;
    // The project's versions of chrono, serde, wasm-bindgen...; cargo drops what this crate lacks.
    write_if_changed(&crate_dir.join("Cargo.lock"), &lock_text)?;

    step(format!(
        "cargo build --release --target {WASM_TARGET} (the engine for the browser, xtask/engine-wasm)"
    ));
    let mut c = ctx.cargo();
    c.args([
        "build",
        "--release",
        "--target",
        WASM_TARGET,
        "--manifest-path",
    ])
    .arg(crate_dir.join("Cargo.toml"))
    .arg("--target-dir")
    .arg(ctx.target_dir());
    run(c)?;
    let wasm = ctx
        .target_dir()
        .join(WASM_TARGET)
        .join("release")
        .join(format!("{}.wasm", WASM_CRATE.replace('-', "_")));
    let mut c = ctx.cmd("wasm-bindgen");
    c.args(["--target", "web", "--no-typescript", "--out-dir"])
        .arg(crate_dir.join("pkg"))
        .arg(&wasm);
    run(c)?;
    step(format!("engine built for the browser ({})", secs(t)));
    Ok(())
}

fn write_if_changed(path: &Path, text: &str) -> Res {
    if fs::read_to_string(path).ok().as_deref() != Some(text) {
        fs::write(path, text)?;
    }
    Ok(())
}

/// The `[profile.release]` table of a Cargo.toml, header and all, as written.
fn release_profile(manifest: &str) -> Option<String> {
    let mut out = String::new();
    let mut inside = false;
    for line in manifest.lines() {
        let trimmed = line.trim();
        if trimmed.starts_with('[') {
            inside = trimmed == "[profile.release]";
        }
        if inside {
            out.push_str(line);
            out.push('\n');
        }
    }
    (!out.is_empty()).then_some(out)
}

/// The manifest of the wasm benchmark crate: its own workspace, outside the project's.
fn wasm_manifest(root: &Path, wasm_bindgen: &str, profile: &str) -> String {
    let lib = root.join("xtask").join("engine-wasm").join("lib.rs");
    let rules = root.join("crates").join("rules");
    format!(
        "# Written by `cargo xtask bench` (xtask/src/bench.rs); do not edit.\n\
         [package]\n\
         name = \"{WASM_CRATE}\"\n\
         version = \"0.0.0\"\n\
         edition = \"2021\"\n\
         publish = false\n\
         \n\
         [workspace]\n\
         \n\
         [lib]\n\
         path = {lib:?}\n\
         crate-type = [\"cdylib\"]\n\
         \n\
         [dependencies]\n\
         rules = {{ path = {rules:?}, package = \"portal-rules\" }}\n\
         chrono = {{ version = \"0.4\", default-features = false, features = [\"std\"] }}\n\
         wasm-bindgen = \"={wasm_bindgen}\"\n\
         \n\
         # The project's release profile, copied from its Cargo.toml: the engine as the app ships it.\n\
         {profile}",
        lib = lib.display().to_string(),
        rules = rules.display().to_string(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copies_the_release_profile() {
        let toml =
            "[package]\nname = \"x\"\n\n[profile.release]\nopt-level = \"z\"\nlto = true\n\n\
                    [profile.release.package.portal-server]\nopt-level = 3\n";
        assert_eq!(
            release_profile(toml).as_deref(),
            Some("[profile.release]\nopt-level = \"z\"\nlto = true\n\n")
        );
        assert_eq!(release_profile("[package]\n"), None);
    }
}
