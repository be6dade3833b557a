//! The tool of `cargo xtask test fuzz` (run by `test::fuzz`): schemathesis, pinned in
//! `xtask/fuzz_requirements.txt` and installed by `cargo xtask setup` into `target/fuzz-venv`.

use crate::util::*;
use std::fs;
use std::path::PathBuf;

pub const VENV_DIR: &str = "fuzz-venv";
pub const REQUIREMENTS: &str = "xtask/fuzz_requirements.txt";

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
