//! `cargo xtask bench`'s API load part: requests per second, p50 and p99 latency and errors of
//! three requests, each for [`DURATION`] at [`CONNECTIONS`] connections over [`THREADS`] wrk threads
//! (`wrk -t2 -c32 -d30s`), one after the other against the server built as it ships (profile
//! `server`):
//!
//! - `GET /api/health` (the server and one `SELECT 1`), the yardstick;
//! - `GET /api/tickets/{id}` as the demo provider: the session looked up (and renewed), the access
//!   check, the ticket and its clocks, and one audit entry committed before the answer;
//! - `POST /api/tickets`: a whole valid form, a new ticket each time (the real submission: checks,
//!   clocks, history, two emails into the outbox, the audit entry).
//!
//! On SQLite the server runs on a new database file in a temporary folder with the demo data
//! (`--demo`). [`postgres_two_instances`] runs the same on PostgreSQL with two instances, wrk's two
//! threads one on each: on the database [`POSTGRES_URL_VAR`] names, else on a throwaway cluster
//! made as `cargo xtask test pg` makes its own ([`crate::postgres::Cluster`], in
//! `target/pg-bench-PID`), but with PostgreSQL's default durability (each commit flushed to disk
//! before it is answered), removed afterwards. `--sqlite-only` and `--postgres-only` run one of
//! the two.
//!
//! `bench/load-prep.mjs` signs in and writes the wrk scripts (`target/bench/load/*.lua`); wrk's
//! own output of each run is kept beside them (`NAME.txt`), and the table goes to
//! `target/bench/load.json` and the terminal. An error is a response other than 2xx (these
//! endpoints never redirect, so wrk's count of 4xx and 5xx is it) or a socket error (connect,
//! read, write, timeout). [`SERVER_BIN_VAR`] names another server build to measure (an earlier
//! commit's, for a before and after). wrk is Debian's package `wrk`, version [`WRK_VERSION`], installed when
//! missing (as root, with apt-get) like the other tools of `cargo xtask setup`.

use std::fs;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::thread::sleep;
use std::time::Duration;

use crate::postgres::{Cluster, Durability};
use crate::server::{self, Server};
use crate::test::start_test_server;
use crate::util::*;

/// The wrk release the figures are made with (Debian bookworm's `wrk` package).
pub const WRK_VERSION: &str = "4.1.0";
pub const THREADS: u32 = 2;
pub const CONNECTIONS: u32 = 32;
pub const DURATION: &str = "30s";
/// A database URL (`postgres://...`) for the PostgreSQL run with two instances.
pub const POSTGRES_URL_VAR: &str = "PORTAL_BENCH_POSTGRES_URL";
/// A server binary to measure instead of building this one (to compare with an earlier build).
pub const SERVER_BIN_VAR: &str = "PORTAL_BENCH_SERVER_BIN";
const LOAD_DIR: &str = "bench/load";

/// The requests measured: (script and file name, what the table calls it).
const REQUESTS: [(&str, &str); 3] = [
    ("health", "GET /api/health"),
    ("read", "GET /api/tickets/{id}"),
    ("submit", "POST /api/tickets"),
];

/// One line of the table.
#[derive(Debug, Clone, PartialEq)]
pub struct Figures {
    pub database: String,
    pub request: &'static str,
    pub requests: u64,
    pub per_second: f64,
    pub p50_ms: f64,
    pub p99_ms: f64,
    /// Responses other than 2xx.
    pub status_errors: u64,
    /// Connect, read, write and timeout errors.
    pub socket_errors: u64,
}

/// Which databases the load part measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Databases {
    pub sqlite: bool,
    pub postgres: bool,
}

impl Default for Databases {
    fn default() -> Self {
        Self {
            sqlite: true,
            postgres: true,
        }
    }
}

/// The load part: SQLite with one instance, then PostgreSQL with two (on [`POSTGRES_URL_VAR`]'s
/// database, else a throwaway cluster). Adds to `failed` what did not work.
pub fn load_bench(ctx: &Ctx, release: bool, databases: Databases, failed: &mut Vec<String>) -> Res {
    let wrk = match ensure_wrk(ctx) {
        Ok(wrk) => wrk,
        Err(Fail(msg)) => {
            println!("error: {msg}");
            failed.push(format!("the API load part: {msg}"));
            return Ok(());
        }
    };
    // Another build of the server to measure (an earlier commit's, to compare), else this one.
    let bin = match std::env::var_os(SERVER_BIN_VAR) {
        Some(path) if !path.is_empty() => {
            let path = PathBuf::from(path);
            if !is_executable(&path) {
                return fail(format!(
                    "{SERVER_BIN_VAR}={} is not a program",
                    path.display()
                ));
            }
            step(format!(
                "measuring the server {} ({SERVER_BIN_VAR})",
                path.display()
            ));
            path
        }
        _ => server::build_server(ctx, release)?,
    };
    let dir = ctx.target_dir().join(LOAD_DIR);
    fs::create_dir_all(&dir)?;
    let mut table = Vec::new();
    if databases.sqlite {
        match sqlite(ctx, &wrk, &bin, &dir) {
            Ok(rows) => table.extend(rows),
            Err(Fail(msg)) => {
                println!("error: API load on SQLite: {msg}");
                failed.push(format!("the API load on SQLite: {msg}"));
            }
        }
    }
    if databases.postgres {
        match postgres(ctx, &wrk, &bin, &dir) {
            Ok(rows) => table.extend(rows),
            Err(Fail(msg)) => {
                println!("error: API load on PostgreSQL: {msg}");
                failed.push(format!("the API load on PostgreSQL: {msg}"));
            }
        }
    }
    if !table.is_empty() {
        println!(
            "\nAPI load (wrk -t{THREADS} -c{CONNECTIONS} -d{DURATION}, {}):",
            load_now()
        );
        print!("{}", markdown(&table));
        fs::write(
            ctx.target_dir().join("bench").join("load.json"),
            json(&table),
        )?;
    }
    Ok(())
}

/// The three requests on SQLite: a new database file with the demo data, one server.
fn sqlite(ctx: &Ctx, wrk: &Path, bin: &Path, dir: &Path) -> Res<Vec<Figures>> {
    let (mut srv, tmp) = start_test_server(ctx, bin, "portal-load", &[])?;
    let result = measure(ctx, wrk, dir, "SQLite", &[srv.addr]);
    let stopped = srv.stop(Duration::from_secs(20));
    if result.is_err() || stopped.is_err() {
        print_log_tail(&srv, 40);
    }
    let rows = result?;
    stopped?;
    let _ = fs::remove_dir_all(&tmp);
    Ok(rows)
}

/// The three requests on PostgreSQL with two instances: on [`POSTGRES_URL_VAR`]'s database, else
/// on a new database of a throwaway cluster (removed afterwards).
fn postgres(ctx: &Ctx, wrk: &Path, bin: &Path, dir: &Path) -> Res<Vec<Figures>> {
    let addrs = [free_addr()?, free_addr()?];
    if let Ok(url) = std::env::var(POSTGRES_URL_VAR) {
        if !url.trim().is_empty() {
            step(format!(
                "PostgreSQL: the database of {POSTGRES_URL_VAR} (it should be new: the demo data \
                 is loaded into it)"
            ));
            return postgres_two_instances(ctx, wrk, bin, dir, url.trim(), &addrs);
        }
    }
    crate::postgres::ensure(ctx)?;
    step("a throwaway PostgreSQL cluster (initdb into target/pg-bench-PID, default durability)");
    let cluster = Cluster::start_with(ctx, "pg-bench", Durability::Defaults)?;
    let url = cluster.create_database("portal_bench")?;
    let rows = postgres_two_instances(ctx, wrk, bin, dir, &url, &addrs);
    drop(cluster);
    rows
}

/// The three requests on the PostgreSQL database `database_url` with one server on each of
/// `addrs` (the first loads the demo data; wrk's threads are spread over them, one each with two).
pub fn postgres_two_instances(
    ctx: &Ctx,
    wrk: &Path,
    bin: &Path,
    dir: &Path,
    database_url: &str,
    addrs: &[SocketAddr],
) -> Res<Vec<Figures>> {
    let tmp = fresh_temp_dir("portal-load-pg")?;
    let mut servers: Vec<Server> = Vec::new();
    let public = format!("http://{}", addrs[0]);
    for (i, addr) in addrs.iter().enumerate() {
        step(format!(
            "starting {} on {addr} (PostgreSQL)",
            server::SERVER_BIN
        ));
        let mut srv = Server::start(
            ctx,
            bin,
            *addr,
            database_url,
            &ctx.root.join("dist"),
            &[
                "--demo".to_string(),
                "--public-url".to_string(),
                public.clone(),
            ],
            Some(tmp.join(format!("server-{i}.log"))),
        )?;
        // One after the other: the first migrates and loads the demo data.
        if let Err(e) = srv.wait_healthy(Duration::from_secs(60)) {
            print_log_tail(&srv, 40);
            return Err(e);
        }
        servers.push(srv);
    }
    let label = format!("PostgreSQL, {} instances", addrs.len());
    let result = measure(ctx, wrk, dir, &label, addrs);
    let mut stopped = Ok(());
    for srv in &mut servers {
        let s = srv.stop(Duration::from_secs(20));
        if s.is_err() || result.is_err() {
            print_log_tail(srv, 40);
        }
        stopped = stopped.and(s);
    }
    let rows = result?;
    stopped?;
    let _ = fs::remove_dir_all(&tmp);
    Ok(rows)
}

/// Signs in and writes the scripts (`bench/load-prep.mjs`) against the first of `addrs`, then runs
/// wrk for each request with its threads spread over `addrs`.
fn measure(
    ctx: &Ctx,
    wrk: &Path,
    dir: &Path,
    database: &str,
    addrs: &[SocketAddr],
) -> Res<Vec<Figures>> {
    let base = format!("http://{}", addrs[0]);
    let servers = addrs
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(",");
    step("node bench/load-prep.mjs (sign in, pick a ticket, write the wrk scripts)");
    let mut c = ctx.cmd("node");
    c.arg(ctx.root.join("bench").join("load-prep.mjs"))
        .arg(&base)
        .arg(dir)
        .arg(&servers);
    run(c)?;
    let mut rows = Vec::new();
    for (name, request) in REQUESTS {
        // A few quiet seconds between runs (SQLite checkpoints its WAL; sockets close).
        sleep(Duration::from_secs(2));
        step(format!(
            "wrk -t{THREADS} -c{CONNECTIONS} -d{DURATION}: {request} on {database} ({})",
            load_now()
        ));
        let mut c = ctx.cmd(wrk);
        c.arg(format!("-t{THREADS}"))
            .arg(format!("-c{CONNECTIONS}"))
            .arg(format!("-d{DURATION}"))
            .args(["--timeout", "10s", "--latency", "-s"])
            .arg(dir.join(format!("{name}.lua")))
            .arg(&base);
        let out = c
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .output()
            .map_err(|e| Fail(format!("could not run {}: {e}", wrk.display())))?;
        let text = String::from_utf8_lossy(&out.stdout).into_owned();
        let label = database
            .to_lowercase()
            .replace([',', ' '], "-")
            .replace("--", "-");
        fs::write(dir.join(format!("{label}-{name}.txt")), &text)?;
        if !out.status.success() {
            print!("{text}");
            eprint!("{}", String::from_utf8_lossy(&out.stderr));
            return fail(format!("wrk failed ({})", describe(out.status)));
        }
        let figures = parse_result(&text, database, request)
            .ok_or_else(|| Fail(format!("wrk printed no RESULT line:\n{text}")))?;
        println!("    {}", line(&figures));
        rows.push(figures);
    }
    Ok(rows)
}

/// The figures of the `RESULT key=value ...` line the scripts print when wrk is done.
fn parse_result(text: &str, database: &str, request: &'static str) -> Option<Figures> {
    let line = text
        .lines()
        .find_map(|l| l.trim().strip_prefix("RESULT "))?;
    let get = |key: &str| -> Option<u64> {
        line.split_whitespace()
            .find_map(|kv| kv.strip_prefix(key)?.strip_prefix('='))?
            .parse()
            .ok()
    };
    let requests = get("requests")?;
    let duration_us = get("duration_us")?.max(1);
    Some(Figures {
        database: database.to_string(),
        request,
        requests,
        per_second: requests as f64 * 1e6 / duration_us as f64,
        p50_ms: get("p50_us")? as f64 / 1000.0,
        p99_ms: get("p99_us")? as f64 / 1000.0,
        status_errors: get("status")?,
        socket_errors: get("connect")? + get("read")? + get("write")? + get("timeout")?,
    })
}

fn line(f: &Figures) -> String {
    format!(
        "{:.0} requests/s, p50 {:.2} ms, p99 {:.2} ms, {} non-2xx, {} socket errors ({} requests)",
        f.per_second, f.p50_ms, f.p99_ms, f.status_errors, f.socket_errors, f.requests
    )
}

/// The table, with each request's share of the health check's requests per second.
fn markdown(rows: &[Figures]) -> String {
    let mut out = String::from(
        "| Database | Request | Requests/s | p50 | p99 | Non-2xx | Socket errors | vs health |\n\
         |---|---|---:|---:|---:|---:|---:|---:|\n",
    );
    for f in rows {
        let health = rows
            .iter()
            .find(|h| h.database == f.database && h.request == REQUESTS[0].1)
            .map(|h| h.per_second)
            .filter(|h| *h > 0.0);
        out.push_str(&format!(
            "| {} | `{}` | {:.0} | {:.2} ms | {:.2} ms | {} | {} | {} |\n",
            f.database,
            f.request,
            f.per_second,
            f.p50_ms,
            f.p99_ms,
            f.status_errors,
            f.socket_errors,
            health.map_or("-".to_string(), |h| format!("{:.2}", f.per_second / h)),
        ));
    }
    out
}

fn json(rows: &[Figures]) -> String {
    let items: Vec<String> = rows
        .iter()
        .map(|f| {
            format!(
                "  {{\"database\": {:?}, \"request\": {:?}, \"requests\": {}, \
                 \"requests_per_second\": {:.1}, \"p50_ms\": {:.3}, \"p99_ms\": {:.3}, \
                 \"non_2xx\": {}, \"socket_errors\": {}}}",
                f.database,
                f.request,
                f.requests,
                f.per_second,
                f.p50_ms,
                f.p99_ms,
                f.status_errors,
                f.socket_errors
            )
        })
        .collect();
    format!(
        "{{\"tool\": \"wrk {WRK_VERSION} -t{THREADS} -c{CONNECTIONS} -d{DURATION}\", \
         \"load_average\": {:?}, \"rows\": [\n{}\n]}}\n",
        load_now(),
        items.join(",\n")
    )
}

/// The machine's load average now (`/proc/loadavg`), to read the figures by: others' builds on
/// the same cores lower them.
fn load_now() -> String {
    fs::read_to_string("/proc/loadavg")
        .ok()
        .map(|s| {
            let parts: Vec<&str> = s.split_whitespace().take(3).collect();
            format!("load average {}", parts.join(" "))
        })
        .unwrap_or_else(|| "load average unknown".to_string())
}

/// The last `n` lines of a server's log (a loaded server logs every request).
fn print_log_tail(srv: &Server, n: usize) {
    if let Some(text) = srv.log_text() {
        let lines: Vec<&str> = text.lines().collect();
        println!("----- the last {n} lines of the server log -----");
        for l in &lines[lines.len().saturating_sub(n)..] {
            println!("{l}");
        }
        println!("----- end of server log -----");
    }
}

fn free_addr() -> Res<SocketAddr> {
    Ok(([127, 0, 0, 1], free_port()?).into())
}

/// The version `wrk -v` prints (`wrk 4.1.0 [epoll] ...`), if wrk runs.
fn wrk_version(ctx: &Ctx) -> Option<String> {
    let path = ctx.which("wrk")?;
    let out = ctx
        .cmd(&path)
        .arg("-v")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .output()
        .ok()?;
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    parse_wrk_version(&text)
}

/// The release in `wrk -v`'s first line: `wrk 4.1.0 [epoll] ...`, or Debian's
/// `wrk debian/4.1.0-3+b2 [epoll] ...` (the package revision left out).
fn parse_wrk_version(text: &str) -> Option<String> {
    let word = text.lines().next()?.split_whitespace().nth(1)?;
    let word = word.rsplit('/').next()?;
    let release = word.split_once('-').map_or(word, |(r, _)| r);
    release
        .starts_with(|c: char| c.is_ascii_digit())
        .then(|| release.to_string())
}

/// wrk [`WRK_VERSION`] on PATH, installed from Debian when missing (as root, with apt-get, the
/// package version of that release); the path of the program.
pub fn ensure_wrk(ctx: &Ctx) -> Res<PathBuf> {
    match wrk_version(ctx) {
        Some(v) if v == WRK_VERSION => {
            ok(format!("wrk {v}"));
            return ctx.which("wrk").ok_or_else(|| Fail("wrk vanished".into()));
        }
        Some(v) => {
            warn(format!(
                "wrk {v} is installed, the figures are made with {WRK_VERSION}: comparing them \
                 with earlier ones may mislead"
            ));
            return ctx.which("wrk").ok_or_else(|| Fail("wrk vanished".into()));
        }
        None => {}
    }
    let mut id = ctx.cmd("id");
    id.arg("-u");
    let root = output(id).map(|s| s.trim() == "0");
    if root != Some(true) || ctx.which("apt-get").is_none() {
        return fail(format!(
            "wrk is missing: install wrk {WRK_VERSION} (Debian/Ubuntu: `sudo apt-get install wrk`)"
        ));
    }
    // The Debian version of the release wanted (`4.1.0-3+b2`), as apt knows it.
    let mut madison = ctx.cmd("apt-cache");
    madison.args(["madison", "wrk"]);
    let mut listed = output(madison).unwrap_or_default();
    if !listed.contains(WRK_VERSION) {
        step("apt-get update (to find wrk)");
        let mut update = ctx.cmd("apt-get");
        update.arg("update");
        run(update)?;
        let mut madison = ctx.cmd("apt-cache");
        madison.args(["madison", "wrk"]);
        listed = output(madison).unwrap_or_default();
    }
    let Some(debian_version) = debian_version(&listed, WRK_VERSION) else {
        return fail(format!(
            "apt offers no wrk {WRK_VERSION} (apt-cache madison wrk: {:?}); install wrk \
             {WRK_VERSION} by hand",
            listed.trim()
        ));
    };
    step(format!("apt-get install wrk={debian_version}"));
    let mut install = ctx.cmd("apt-get");
    install
        .args(["install", "-y", "--no-install-recommends"])
        .arg(format!("wrk={debian_version}"))
        .env("DEBIAN_FRONTEND", "noninteractive");
    run(install)?;
    match wrk_version(ctx) {
        Some(v) if v == WRK_VERSION => {
            ok(format!("wrk {v}"));
            ctx.which("wrk").ok_or_else(|| Fail("wrk vanished".into()))
        }
        other => fail(format!(
            "after installing, `wrk -v` gives {other:?}, expected {WRK_VERSION}"
        )),
    }
}

/// The Debian version of upstream release `upstream` in `apt-cache madison` output
/// (`wrk | 4.1.0-3+b2 | http://deb.debian.org/debian bookworm/main amd64 Packages`).
fn debian_version(madison: &str, upstream: &str) -> Option<String> {
    madison.lines().find_map(|line| {
        let version = line.split('|').nth(1)?.trim();
        let (up, _) = version.split_once('-').unwrap_or((version, ""));
        let up = up.split_once(':').map_or(up, |(_, u)| u);
        (up == upstream).then(|| version.to_string())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_result_line() {
        let text = "Running 30s test @ http://127.0.0.1:1\n  2 threads and 32 connections\n\
                    RESULT requests=60000 duration_us=30000000 p50_us=1500 p99_us=4100 \
                    status=3 connect=0 read=1 write=0 timeout=2\n";
        let f = parse_result(text, "SQLite", "GET /api/health").unwrap();
        assert_eq!(f.requests, 60000);
        assert!((f.per_second - 2000.0).abs() < 1e-9);
        assert!((f.p50_ms - 1.5).abs() < 1e-9);
        assert!((f.p99_ms - 4.1).abs() < 1e-9);
        assert_eq!((f.status_errors, f.socket_errors), (3, 3));
        assert_eq!(parse_result("no result", "SQLite", "x"), None);
    }

    #[test]
    fn reads_wrk_versions() {
        assert_eq!(
            parse_wrk_version("wrk debian/4.1.0-3+b2 [epoll] Copyright (C) 2012 Will Glozer\n")
                .as_deref(),
            Some("4.1.0")
        );
        assert_eq!(
            parse_wrk_version("wrk 4.2.0 [epoll] Copyright").as_deref(),
            Some("4.2.0")
        );
        assert_eq!(parse_wrk_version("Usage: wrk <options> <url>"), None);
    }

    #[test]
    fn finds_the_debian_version_of_a_release() {
        let madison =
            " wrk | 4.1.0-3+b2 | http://deb.debian.org/debian bookworm/main amd64 Packages\n";
        assert_eq!(
            debian_version(madison, "4.1.0").as_deref(),
            Some("4.1.0-3+b2")
        );
        assert_eq!(debian_version(madison, "4.2.0"), None);
        assert_eq!(
            debian_version(" wrk | 1:4.1.0-1 | x\n", "4.1.0").as_deref(),
            Some("1:4.1.0-1")
        );
    }
}
