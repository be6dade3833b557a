//! `cargo xtask lint`: what a reviewer would otherwise say by hand, checked the same way for
//! everyone. Formatting (`cargo fmt --check`), the module layering of every crate
//! ([`crate::layers`]), and clippy with warnings as errors for every target: the native
//! workspace and the browser's wasm32 build of the app and the spreadsheet worker.

use std::time::Instant;

use crate::layers;
use crate::util::*;

const WASM_TARGET: &str = "wasm32-unknown-unknown";

/// Runs every check, going on after a failure; returns whether all passed.
pub fn lint(ctx: &Ctx) -> Res<bool> {
    let started = Instant::now();
    let mut failed = Vec::new();
    crate::setup::wasm_target(ctx)?;

    step("lint: cargo fmt --all -- --check");
    let mut fmt = ctx.cargo();
    fmt.args(["fmt", "--all", "--", "--check"]);
    if run(fmt).is_err() {
        failed.push("formatting (run `cargo fmt --all`)");
    }

    step("lint: module layering (docs/architecture.md)");
    match layers::check(ctx) {
        Ok(0) => {}
        Ok(n) => {
            println!("{n} layering problem(s) above");
            failed.push("module layering");
        }
        Err(Fail(e)) => {
            println!("error: {e}");
            failed.push("module layering");
        }
    }

    step("lint: clippy, native, every crate and target");
    let mut native = ctx.cargo();
    native.args([
        "clippy",
        "--workspace",
        "--all-targets",
        "--all-features",
        "--",
        "-D",
        "warnings",
    ]);
    if run(native).is_err() {
        failed.push("clippy (native)");
    }

    step(format!(
        "lint: clippy, {WASM_TARGET} (the app and the claims worker)"
    ));
    let mut wasm = ctx.cargo();
    wasm.args([
        "clippy",
        "-p",
        "portal-app",
        "-p",
        "claims-worker",
        "--target",
        WASM_TARGET,
        "--all-targets",
        "--",
        "-D",
        "warnings",
    ]);
    if run(wasm).is_err() {
        failed.push("clippy (wasm32)");
    }

    println!();
    if failed.is_empty() {
        println!("lint passed ({})", secs(started));
        Ok(true)
    } else {
        println!("lint failed ({}): {}", secs(started), failed.join(", "));
        Ok(false)
    }
}
