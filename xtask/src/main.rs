//! The project's developer tasks, run as `cargo xtask <task>`.

mod bench;
mod fuzz;
mod layers;
mod lint;
mod load;
mod postgres;
mod server;
mod setup;
mod smtp;
mod test;
mod util;

use std::net::SocketAddr;
use std::process::ExitCode;
use std::time::Duration;

use util::*;

const HELP: &str = "\
Developer tasks for the portal (run from anywhere in the repository):

  cargo xtask setup                 install or check every tool (idempotent):
                                    wasm32 target, trunk 0.21.14, wasm-bindgen-cli
                                    (the Cargo.lock version), npm packages,
                                    Chromium + ChromeDriver
  cargo xtask build                 build the app into dist/: the public entry
                                    apps (dist/public-<entry>.html, small first
                                    downloads), the signed-in areas' apps
                                    (dist/area-<area>.html, dist/index.html),
                                    with brotli and gzip copies of every file
  cargo xtask serve [--release] [--no-demo] [-- ARGS]
                                    build the app and the server and run it at
                                    http://127.0.0.1:8080 with the demo accounts
                                    (password Demo-Portal-2026!; database
                                    data/demo.db), or with --no-demo on
                                    data/portal.db;
                                    ARGS go to portal-server
  cargo xtask test [rust] [pg] [fuzz] [wasm] [e2e]
                                    run the test suites (all by default) and print
                                    `N passed, M failed`; exit status 1 on failures
  cargo xtask lint                  cargo fmt --check, the module layering of every
                                    crate (no import cycles, no forbidden imports:
                                    docs/architecture.md), clippy -D warnings on
                                    every target, native and wasm32;
                                    `lint layers` runs the layering check alone
  cargo xtask bench [--debug] [--engine-only | --no-engine] [--load-only | --no-load]
                    [--sqlite-only | --postgres-only]
                                    first-load transfer size and, in headless
                                    Chromium, first contentful paint and time to
                                    interactive (median of 5); server in release
                                    unless --debug. Then the deadline engine:
                                    timelines per second, native and in Chromium
                                    (wasm), and business days against NumPy's
                                    busday_offset on 1,000,000 dates (NumPy pinned
                                    in bench/requirements.txt, installed into
                                    target/bench-venv). Figures go to
                                    e2e/results/bench.json. --engine-only or
                                    --no-engine runs one of the two parts.
                                    Then the API load (wrk -t2 -c32 -d30s, wrk
                                    4.1.0 installed from Debian when missing):
                                    GET /api/health, an audited ticket read and
                                    a ticket submission on SQLite with one
                                    instance and on PostgreSQL with two (a
                                    throwaway cluster, or the database of
                                    PORTAL_BENCH_POSTGRES_URL): requests/s, p50,
                                    p99, errors (target/bench/load.json);
                                    --load-only runs it alone, --no-load skips it,
                                    --sqlite-only / --postgres-only pick one
  cargo xtask help                  this text
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut ctx = Ctx::new();
    let result = match args.first().map(String::as_str) {
        Some("setup") => no_args(&args[1..])
            .and_then(|_| setup::setup(&mut ctx))
            .map(|_| true),
        Some("build") => no_args(&args[1..])
            .and_then(|_| setup::build_tools(&ctx))
            .and_then(|_| server::build_app(&ctx))
            .map(|_| true),
        Some("serve") => serve(&mut ctx, &args[1..]).map(|_| true),
        Some("test") => parse_stages(&args[1..]).and_then(|stages| test::test(&mut ctx, &stages)),
        Some("bench") => bench::bench(&mut ctx, &args[1..]),
        Some("lint") => match args.get(1).map(String::as_str) {
            Some("layers") => layers::check(&ctx).map(|n| n == 0),
            _ => no_args(&args[1..]).and_then(|_| lint::lint(&ctx)),
        },
        Some("help" | "--help" | "-h") | None => {
            print!("{HELP}");
            Ok(true)
        }
        Some(other) => Err(Fail(format!(
            "unknown task `{other}`; try `cargo xtask help`"
        ))),
    };
    match result {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(Fail(msg)) => {
            eprintln!("error: {msg}");
            ExitCode::FAILURE
        }
    }
}

fn no_args(args: &[String]) -> Res {
    match args.first() {
        None => Ok(()),
        Some(a) => fail(format!("unexpected argument `{a}`; try `cargo xtask help`")),
    }
}

fn parse_stages(args: &[String]) -> Res<Vec<test::Stage>> {
    if args.is_empty() {
        return Ok(test::Stage::ALL.to_vec());
    }
    args.iter()
        .map(|a| {
            test::Stage::parse(a).ok_or_else(|| {
                Fail(format!(
                    "unknown test stage `{a}`: choose from rust, pg, fuzz, wasm, e2e"
                ))
            })
        })
        .collect()
}

/// `cargo xtask serve [--release] [-- server args]`
fn serve(ctx: &mut Ctx, args: &[String]) -> Res {
    let (ours, extra) = match args.iter().position(|a| a == "--") {
        Some(i) => (&args[..i], &args[i + 1..]),
        None => (args, &args[args.len()..]),
    };
    let mut release = false;
    let mut demo = true;
    for a in ours {
        match a.as_str() {
            "--release" => release = true,
            "--no-demo" => demo = false,
            other => {
                return fail(format!(
                    "unexpected argument `{other}`; server arguments go after `--`"
                ))
            }
        }
    }
    setup::setup(ctx)?;
    server::build_app(ctx)?;
    let bin = server::build_server(ctx, release)?;

    // A --listen among the extra arguments replaces the default address.
    let mut addr: SocketAddr = ([127, 0, 0, 1], 8080).into();
    let mut extra: Vec<String> = extra.to_vec();
    if demo && !extra.iter().any(|a| a == "--demo") {
        extra.push("--demo".into());
    }
    if let Some(i) = extra.iter().position(|a| a == "--listen") {
        if let Some(value) = extra.get(i + 1) {
            addr = value
                .parse()
                .map_err(|_| Fail(format!("--listen {value}: expected IP:PORT")))?;
            extra.drain(i..i + 2);
        }
    }
    std::fs::create_dir_all(ctx.root.join("data"))?;
    step(format!("starting {} on {addr}", server::SERVER_BIN));
    let dist = std::path::PathBuf::from("dist");
    // Demo mode on a database of its own: the server refuses `--demo` on one with real accounts.
    let database = if extra.iter().any(|a| a == "--demo") {
        "sqlite:data/demo.db"
    } else {
        "sqlite:data/portal.db"
    };
    let mut srv = server::Server::start(ctx, &bin, addr, database, &dist, &extra, None)?;
    // Ctrl-C reaches the server too (same process group); we just wait for it.
    ignore_ctrl_c();
    srv.wait_healthy(Duration::from_secs(60))?;
    println!("Portal running at http://{addr} (Ctrl-C to stop)");
    let status = srv.wait()?;
    if status.success() {
        println!("server stopped");
        Ok(())
    } else {
        fail(format!("the server exited with {}", describe(status)))
    }
}
