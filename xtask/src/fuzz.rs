//! The tool of `cargo xtask test fuzz` (run by `test::fuzz`): schemathesis, pinned in
//! `xtask/fuzz_requirements.txt` and installed by `cargo xtask setup` into `target/fuzz-venv`.

use crate::util::*;
use std::path::PathBuf;

pub const VENV_DIR: &str = "fuzz-venv";
pub const REQUIREMENTS: &str = "xtask/fuzz_requirements.txt";

/// schemathesis in its venv.
pub const VENV: PinnedVenv = PinnedVenv {
    dir: VENV_DIR,
    requirements: REQUIREMENTS,
    package: "schemathesis",
    purpose: "the API fuzz",
};

/// The venv's `schemathesis` at the pinned version, made or updated if need be.
pub fn ensure_venv(ctx: &Ctx) -> Res<PathBuf> {
    let python = VENV.ensure(ctx)?;
    Ok(python.with_file_name("schemathesis"))
}
