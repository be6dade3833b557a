//! `cargo xtask test fuzz`: a short property-based fuzz of the public JSON endpoints. The server
//! runs on a fresh database; schemathesis (pinned in `xtask/fuzz_requirements.txt`, installed by
//! `cargo xtask setup` into `target/fuzz-venv`) reads `/api/openapi.json`, generates requests for
//! the endpoints tagged `public` (valid and invalid bodies and queries), and fails on any 5xx.
//! The run is bounded (`MAX_EXAMPLES` per operation, `MAX_SECONDS` in all).

use std::fs;
use std::path::PathBuf;
use std::time::Duration;

use crate::server;
use crate::test::start_test_server;
use crate::util::*;

pub const VENV_DIR: &str = "fuzz-venv";
pub const REQUIREMENTS: &str = "xtask/fuzz_requirements.txt";
/// Requests generated per operation.
const MAX_EXAMPLES: &str = "40";
/// The whole run's budget.
const MAX_SECONDS: &str = "60";

/// The pinned schemathesis version, read from the requirements file.
fn pinned(ctx: &Ctx) -> Res<String> {
    let text = fs::read_to_string(ctx.root.join(REQUIREMENTS))
        .map_err(|e| Fail(format!("cannot read {REQUIREMENTS}: {e}")))?;
    text.lines()
        .find_map(|l| l.trim().strip_prefix("schemathesis==").map(str::to_owned))
        .ok_or_else(|| Fail(format!("{REQUIREMENTS} pins no schemathesis==VERSION")))
}

/// The venv's `schemathesis` at the pinned version, made or updated if need be.
pub fn ensure_venv(ctx: &Ctx) -> Res<PathBuf> {
    let want = pinned(ctx)?;
    let venv = ctx.target_dir().join(VENV_DIR);
    let python = venv.join("bin").join("python");
    let program = venv.join("bin").join("schemathesis");
    let version = || {
        let mut c = ctx.cmd(&python);
        c.args([
            "-c",
            "import importlib.metadata as m; print(m.version('schemathesis'))",
        ]);
        output(c).map(|s| s.trim().to_string())
    };
    if version().as_deref() == Some(want.as_str()) {
        ok(format!(
            "schemathesis {want} (the API fuzz, {})",
            venv.display()
        ));
        return Ok(program);
    }
    if !is_executable(&python) {
        let Some(python3) = ctx.which("python3") else {
            return fail("python3 was not found; the API fuzz needs Python 3 with venv");
        };
        step(format!("python3 -m venv {}", venv.display()));
        if venv.exists() {
            let _ = fs::remove_dir_all(&venv);
        }
        let mut c = ctx.cmd(&python3);
        c.args(["-m", "venv"]).arg(&venv);
        run(c)?;
    }
    step(format!(
        "pip install schemathesis=={want} into {}",
        venv.display()
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
    run(c).map_err(|Fail(m)| Fail(format!("{m} (is PyPI reachable?)")))?;
    match version() {
        Some(v) if v == want => Ok(program),
        other => fail(format!(
            "after pip install, the venv has schemathesis {other:?}, expected {want}"
        )),
    }
}

/// Runs the fuzz; (passed, failed) operations' worth: 1 and 0 when no 5xx was found.
pub fn fuzz(ctx: &Ctx) -> (u64, u64) {
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
    let program = ensure_venv(ctx)?;
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
        .args(["--max-examples", MAX_EXAMPLES])
        .args(["--max-time", MAX_SECONDS])
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
