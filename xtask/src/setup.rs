//! `cargo xtask setup`: installs or checks every tool the project builds and
//! tests with. Each step looks first and only installs what is missing or at
//! the wrong version, so running it again does nothing.

use std::fs;
use std::path::Path;
use std::time::Instant;

use crate::util::*;

pub const TRUNK_VERSION: &str = "0.21.14";
pub const WASM_OPT_VERSION: &str = "132";
pub const MIN_NODE: u32 = 20;
pub const CHROMIUM: &str = "/usr/bin/chromium";
const WASM_TARGET: &str = "wasm32-unknown-unknown";

pub fn setup(ctx: &mut Ctx) -> Res {
    let started = Instant::now();
    wasm_target(ctx)?;
    trunk(ctx)?;
    wasm_bindgen(ctx)?;
    node_packages(ctx)?;
    chromium(ctx)?;
    crate::postgres::ensure(ctx)?;
    crate::smtp::ensure_venv(ctx)?;
    crate::fuzz::ensure_venv(ctx)?;
    step(format!("tools ready ({})", secs(started)));
    Ok(())
}

/// The tools `cargo xtask build` needs (not the browser nor the mail sink of the tests).
pub fn build_tools(ctx: &Ctx) -> Res {
    wasm_target(ctx)?;
    trunk(ctx)?;
    wasm_bindgen(ctx)?;
    node_packages(ctx)
}

pub fn wasm_target(ctx: &Ctx) -> Res {
    let mut list = ctx.cmd("rustup");
    list.args(["target", "list", "--installed"]);
    let Some(installed) = output(list) else {
        return fail(
            "`rustup target list --installed` failed: this project needs a rustup-managed \
             Rust toolchain (https://rustup.rs)",
        );
    };
    if installed.lines().any(|l| l.trim() == WASM_TARGET) {
        ok(format!("rust target {WASM_TARGET}"));
        return Ok(());
    }
    step(format!("adding rust target {WASM_TARGET} (a few seconds)"));
    let mut add = ctx.cmd("rustup");
    add.args(["target", "add", WASM_TARGET]);
    run(add)
}

fn trunk(ctx: &Ctx) -> Res {
    let found = tool_version(ctx, "trunk");
    if found.as_deref() == Some(TRUNK_VERSION) {
        ok(format!("trunk {TRUNK_VERSION}"));
        return Ok(());
    }
    step(format!(
        "installing trunk {TRUNK_VERSION}{} (about 8 minutes on 2 cores)",
        replacing(&found)
    ));
    let mut c = ctx.cargo();
    c.args(["install", "trunk", "--version", TRUNK_VERSION, "--locked"])
        .args(["--no-default-features", "--features", "rustls"]);
    if found.is_some() {
        c.arg("--force");
    }
    run(c)?;
    check_installed(ctx, "trunk", TRUNK_VERSION)
}

fn wasm_bindgen(ctx: &Ctx) -> Res {
    let want = locked_wasm_bindgen_version(ctx)?;
    let cli = tool_version(ctx, "wasm-bindgen");
    let runner = tool_version(ctx, "wasm-bindgen-test-runner");
    if cli.as_deref() == Some(want.as_str()) && runner.as_deref() == Some(want.as_str()) {
        ok(format!(
            "wasm-bindgen-cli {want} (wasm-bindgen, wasm-bindgen-test-runner)"
        ));
        return Ok(());
    }
    let found = cli.or(runner);
    step(format!(
        "installing wasm-bindgen-cli {want}{} (about 3 minutes on 2 cores)",
        replacing(&found)
    ));
    // Not --locked: the CLI's own lockfile asks for a crate patch the registry lacks.
    let mut c = ctx.cargo();
    c.args(["install", "wasm-bindgen-cli", "--version", &want]);
    if found.is_some() {
        c.arg("--force");
    }
    run(c)?;
    check_installed(ctx, "wasm-bindgen", &want)?;
    check_installed(ctx, "wasm-bindgen-test-runner", &want)
}

/// The `wasm-bindgen` version the app is built with: the CLI must match it exactly.
fn locked_wasm_bindgen_version(ctx: &Ctx) -> Res<String> {
    // `cargo metadata` writes or refreshes Cargo.lock when it can resolve the workspace.
    let mut meta = ctx.cargo();
    meta.args(["metadata", "--format-version", "1", "--quiet"]);
    let resolved = output(meta).is_some();
    let lock = ctx.root.join("Cargo.lock");
    if let Some(v) = fs::read_to_string(&lock)
        .ok()
        .and_then(|t| lock_version(&t, "wasm-bindgen"))
    {
        if !resolved {
            warn("`cargo metadata` failed (is the workspace complete?); using the existing Cargo.lock");
        }
        return Ok(v);
    }
    // No usable Cargo.lock: fall back to the exact pin in the root Cargo.toml.
    let manifest = fs::read_to_string(ctx.root.join("Cargo.toml")).unwrap_or_default();
    if let Some(v) = manifest_pin(&manifest, "wasm-bindgen") {
        warn(format!(
            "Cargo.lock is missing or has no wasm-bindgen (run `cargo metadata` to see why); \
             using the pin wasm-bindgen = \"={v}\" from Cargo.toml"
        ));
        return Ok(v);
    }
    fail(format!(
        "cannot tell which wasm-bindgen the app uses: {} lists none and Cargo.toml has no \
         exact pin `wasm-bindgen = \"=X.Y.Z\"`",
        lock.display()
    ))
}

/// The version of package `name` in the text of a Cargo.lock.
pub fn lock_version(lock: &str, name: &str) -> Option<String> {
    let wanted = format!("name = \"{name}\"");
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line.trim() == wanted {
            let next = lines.next()?.trim();
            return next
                .strip_prefix("version = \"")
                .and_then(|v| v.strip_suffix('"'))
                .map(str::to_string);
        }
    }
    None
}

/// `X` of a line `name = "=X"` in a Cargo.toml.
fn manifest_pin(manifest: &str, name: &str) -> Option<String> {
    manifest.lines().find_map(|line| {
        let (key, value) = line.split_once('=')?;
        if key.trim() != name {
            return None;
        }
        let value = value.trim();
        // Either `"=X"` or `{ version = "=X", ... }`.
        let start = value.find("\"=")? + 2;
        let end = start + value[start..].find('"')?;
        Some(value[start..end].to_string())
    })
}

fn node_packages(ctx: &Ctx) -> Res {
    let node = tool_version(ctx, "node");
    let node_major = node.as_deref().and_then(major);
    match node_major {
        Some(m) if m >= MIN_NODE => {}
        Some(_) => {
            return fail(format!(
                "Node.js {} is too old: install Node.js {MIN_NODE} or newer (with npm)",
                node.unwrap_or_default()
            ))
        }
        None => {
            return fail(format!(
                "`node` was not found: install Node.js {MIN_NODE} or newer with npm \
                 (Debian/Ubuntu: the `nodejs` and `npm` packages, or https://nodejs.org)"
            ))
        }
    }
    let Some(npm) = tool_version(ctx, "npm") else {
        return fail("`npm` was not found: install npm (Debian/Ubuntu: `apt-get install npm`)");
    };
    let lock = ctx.root.join("package-lock.json");
    if !lock.exists() {
        return fail(format!(
            "{} is missing: restore it from git",
            lock.display()
        ));
    }
    let bin = ctx.root.join("node_modules").join(".bin");
    let installed = ctx.root.join("node_modules").join(".package-lock.json");
    let reason = match (mtime(&lock), mtime(&installed)) {
        (_, None) => Some("node_modules is missing"),
        (Some(l), Some(i)) if l > i => Some("package-lock.json changed"),
        _ if !is_executable(&bin.join("wasm-opt")) || !is_executable(&bin.join("tailwindcss")) => {
            Some("node_modules is incomplete")
        }
        _ => None,
    };
    if let Some(reason) = reason {
        step(format!("npm ci ({reason}; under a minute)"));
        npm_ci(ctx)?;
    }
    // Trunk takes these from node_modules/.bin (first on PATH).
    let wasm_opt = {
        let mut c = ctx.cmd(bin.join("wasm-opt"));
        c.arg("--version");
        output(c).unwrap_or_default()
    };
    let wasm_opt_version = wasm_opt
        .split_whitespace()
        .skip_while(|w| *w != "version")
        .nth(1)
        .unwrap_or("")
        .to_string();
    if wasm_opt_version != WASM_OPT_VERSION {
        return fail(format!(
            "node_modules/.bin/wasm-opt reports {:?}, expected version {WASM_OPT_VERSION}: \
             package.json must pin binaryen {WASM_OPT_VERSION}.x (Debian's binaryen breaks the app)",
            wasm_opt.trim()
        ));
    }
    let tailwind = {
        let mut c = ctx.cmd(bin.join("tailwindcss"));
        c.arg("--help");
        output(c).and_then(|s| find_version(&s))
    };
    let Some(tailwind) = tailwind else {
        return fail(
            "node_modules/.bin/tailwindcss does not run: try `rm -rf node_modules && npm ci`",
        );
    };
    ok(format!(
        "node {}, npm {npm}, npm packages (wasm-opt {wasm_opt_version}, tailwindcss {tailwind})",
        node.unwrap_or_default()
    ));
    Ok(())
}

/// `npm ci`, or `npm install` when npm ci refuses the lock file.
///
/// A registry mirror that lacks some optional packages (Tailwind's native
/// binaries for other platforms, say) yields a package-lock.json without them;
/// `npm ci` then calls the lock "out of sync" although `npm install` installs
/// from it fine and leaves it unchanged.
fn npm_ci(ctx: &Ctx) -> Res {
    let mut ci = ctx.cmd("npm");
    ci.args(["ci", "--no-audit", "--no-fund"]);
    let out = ci
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .output()
        .map_err(|e| Fail(format!("could not run npm: {e}")))?;
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    if out.status.success() {
        print!("{stdout}");
        return Ok(());
    }
    if !(stderr.contains("in sync") || stderr.contains("Missing:")) {
        print!("{stdout}");
        eprint!("{stderr}");
        return fail(format!("`npm ci` failed ({})", describe(out.status)));
    }
    warn(
        "npm ci refused package-lock.json (it lacks optional packages that this registry \
         does not have); running `npm install`, which installs from the same lock file",
    );
    let mut install = ctx.cmd("npm");
    install.args(["install", "--no-audit", "--no-fund"]);
    run(install)
}

fn chromium(ctx: &mut Ctx) -> Res {
    let mut versions = browser_versions(ctx);
    if versions.is_none() {
        install_chromium(ctx, "Chromium or ChromeDriver is missing")?;
        versions = browser_versions(ctx);
    } else if let Some((b, d)) = &versions {
        if major(b) != major(d) {
            install_chromium(ctx, &format!("Chromium {b} and ChromeDriver {d} differ"))?;
            versions = browser_versions(ctx);
        }
    }
    let Some((browser, driver)) = versions else {
        return fail(format!(
            "{CHROMIUM} or chromedriver is still missing after installing chromium chromium-driver"
        ));
    };
    if major(&browser) != major(&driver) {
        return fail(format!(
            "Chromium {browser} and ChromeDriver {driver} have different major versions: \
             install matching packages chromium chromium-driver"
        ));
    }
    let driver_path = ctx.which("chromedriver").expect("found just above");
    ok(format!(
        "chromium {browser}, chromedriver {driver} ({})",
        driver_path.display()
    ));
    if let Some(gecko) = ctx.which("geckodriver") {
        warn(format!(
            "{} is on PATH; wasm-bindgen-test-runner would pick it over chromedriver. \
             xtask sets CHROMEDRIVER for its own runs, but plain `cargo test --target \
             wasm32-unknown-unknown` would use Firefox",
            gecko.display()
        ));
    }
    ctx.chromedriver = Some(driver_path);
    Ok(())
}

/// The versions of /usr/bin/chromium and the chromedriver on PATH, when both run.
fn browser_versions(ctx: &Ctx) -> Option<(String, String)> {
    if !is_executable(Path::new(CHROMIUM)) {
        return None;
    }
    let driver = ctx.which("chromedriver")?;
    Some((tool_version(ctx, CHROMIUM)?, tool_version(ctx, driver)?))
}

fn install_chromium(ctx: &Ctx, why: &str) -> Res {
    let mut id = ctx.cmd("id");
    id.arg("-u");
    let root = output(id).map(|s| s.trim() == "0");
    let apt = ctx.which("apt-get").is_some();
    if root != Some(true) || !apt {
        return fail(format!(
            "{why}: install the packages `chromium chromium-driver` (Debian/Ubuntu: \
             `sudo apt-get install -y chromium chromium-driver`); the tests use {CHROMIUM} \
             and the chromedriver on PATH, with the same major version"
        ));
    }
    step(format!(
        "{why}: apt-get install chromium chromium-driver (about a minute)"
    ));
    let mut update = ctx.cmd("apt-get");
    update.arg("update");
    run(update)?;
    let mut install = ctx.cmd("apt-get");
    install
        .args(["install", "-y", "chromium", "chromium-driver"])
        .env("DEBIAN_FRONTEND", "noninteractive");
    run(install)
}

fn replacing(found: &Option<String>) -> String {
    match found {
        Some(v) => format!(", replacing {v}"),
        None => String::new(),
    }
}

fn check_installed(ctx: &Ctx, program: &str, want: &str) -> Res {
    match tool_version(ctx, program) {
        Some(v) if v == want => {
            ok(format!("{program} {want}"));
            Ok(())
        }
        other => fail(format!(
            "after installing, `{program} --version` gives {other:?}, expected {want}; \
             is another {program} earlier on PATH than {}?",
            cargo_home().join("bin").display()
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_cargo_lock() {
        let lock =
            "[[package]]\nname = \"wasm-bindgen\"\nversion = \"0.2.130\"\nsource = \"x\"\n\n\
                    [[package]]\nname = \"wasm-bindgen-backend\"\nversion = \"0.2.130\"\n";
        assert_eq!(
            lock_version(lock, "wasm-bindgen").as_deref(),
            Some("0.2.130")
        );
        assert_eq!(lock_version(lock, "leptos"), None);
    }

    #[test]
    fn reads_manifest_pin() {
        let toml = "wasm-bindgen-test = \"0.3\"\nwasm-bindgen = \"=0.2.130\"\n";
        assert_eq!(
            manifest_pin(toml, "wasm-bindgen").as_deref(),
            Some("0.2.130")
        );
        let toml = "wasm-bindgen = { version = \"=0.2.99\", features = [] }\n";
        assert_eq!(
            manifest_pin(toml, "wasm-bindgen").as_deref(),
            Some("0.2.99")
        );
        assert_eq!(
            manifest_pin("wasm-bindgen = \"0.2\"\n", "wasm-bindgen"),
            None
        );
    }
}
