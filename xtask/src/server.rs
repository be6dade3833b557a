//! Building the app and the server, and running the server for a while.

use std::fs::File;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::thread::sleep;
use std::time::{Duration, Instant};

use crate::util::*;

pub const SERVER_BIN: &str = "portal-server";

/// `cargo xtask build`: the apps into `dist/` (docs/architecture.md, "The apps"):
/// - `trunk build --release public-<entry>.html` into `target/dist-public-<entry>/`, for each
///   `public-*.html` of the repository: the public entry apps (`src/bin/public_<entry>.rs`, a few
///   public pages each), the small first downloads of a visitor; and the same for each
///   `area-*.html`: the MCO's, HFS's and the administration's areas (`src/bin/area_<area>.rs`);
/// - `trunk build --release` (`index.html`) into `dist/`: the provider's area and any other address
///   (`src/main.rs`), and the spreadsheet worker;
///
/// then each entry's page goes to `dist/<its name>.html` and its files beside the others (Trunk
/// names them by their hash, so the apps share the stylesheet and never overwrite each other's
/// files). Each Trunk run writes the brotli and gzip copies (xtask/precompress.mjs, a post-build
/// hook).
pub fn build_app(ctx: &Ctx) -> Res {
    let started = Instant::now();
    let mut entries: Vec<String> = std::fs::read_dir(&ctx.root)?
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|name| {
            (name.starts_with("public-") || name.starts_with("area-")) && name.ends_with(".html")
        })
        .collect();
    entries.sort();
    let mut public_dists = Vec::new();
    for page in &entries {
        let stem = page.trim_end_matches(".html");
        let public_dist = ctx.target_dir().join(format!("dist-{stem}"));
        step(format!(
            "trunk build --release {page} (a public entry app or a signed-in area's, into target/dist-{stem}/)"
        ));
        let mut c = ctx.cmd("trunk");
        c.args(["build", page, "--release", "--dist"])
            .arg(&public_dist);
        run(c)?;
        public_dists.push((page, public_dist));
    }
    step("trunk build --release (the provider's area and any other address, into dist/)");
    let mut c = ctx.cmd("trunk");
    c.args(["build", "--release"]);
    run(c)?;
    let dist = ctx.root.join("dist");
    for (page, public_dist) in public_dists {
        for entry in std::fs::read_dir(&public_dist)? {
            let entry = entry?;
            let name = entry.file_name();
            let to = if name == "index.html" {
                dist.join(page)
            } else {
                dist.join(&name)
            };
            if entry.file_type()?.is_file() {
                std::fs::copy(entry.path(), to)?;
            }
        }
    }
    step(format!(
        "app built: dist/index.html and {} ({})",
        entries
            .iter()
            .map(|p| format!("dist/{p}"))
            .collect::<Vec<_>>()
            .join(", "),
        secs(started)
    ));
    Ok(())
}

/// `cargo build -p portal-server`; returns the path of the binary.
pub fn build_server(ctx: &Ctx, release: bool) -> Res<PathBuf> {
    let started = Instant::now();
    // Optimised builds use the `server` profile of the root Cargo.toml: the release profile's size
    // settings and `panic = "abort"` are for the browser's download, not for a server.
    let profile = if release { "server" } else { "debug" };
    step(format!("cargo build -p {SERVER_BIN} ({profile})"));
    let mut c = ctx.cargo();
    c.args(["build", "-p", SERVER_BIN]);
    if release {
        c.args(["--profile", "server"]);
    }
    run(c)?;
    let bin = ctx.target_dir().join(profile).join(SERVER_BIN);
    if !is_executable(&bin) {
        return fail(format!(
            "the build succeeded but {} is not there",
            bin.display()
        ));
    }
    step(format!("server built ({})", secs(started)));
    Ok(bin)
}

/// A server process started by xtask, killed when dropped if still running.
pub struct Server {
    child: Option<Child>,
    pub addr: SocketAddr,
    /// Where its output goes, when it is not the terminal.
    pub log: Option<PathBuf>,
}

impl Server {
    /// Starts the server binary with `--listen`, `--database-url` and `--dist`
    /// (and `extra` arguments after them). Output goes to `log` if given.
    pub fn start(
        ctx: &Ctx,
        bin: &Path,
        addr: SocketAddr,
        database_url: &str,
        dist: &Path,
        extra: &[String],
        log: Option<PathBuf>,
    ) -> Res<Server> {
        let mut c: Command = ctx.cmd(bin);
        c.arg("--listen")
            .arg(addr.to_string())
            .arg("--database-url")
            .arg(database_url)
            .arg("--dist")
            .arg(dist)
            .args(extra)
            .stdin(Stdio::null());
        if let Some(path) = &log {
            let file = File::create(path)?;
            c.stdout(file.try_clone()?).stderr(file);
        }
        let child = c
            .spawn()
            .map_err(|e| Fail(format!("could not start {}: {e}", bin.display())))?;
        Ok(Server {
            child: Some(child),
            addr,
            log,
        })
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Waits until `GET /api/health` answers 200, the process exits, or time runs out.
    pub fn wait_healthy(&mut self, timeout: Duration) -> Res {
        let started = Instant::now();
        loop {
            if let Some(status) = self.child_mut().try_wait()? {
                self.child = None;
                return fail(format!(
                    "the server exited before it was ready ({}){}",
                    describe(status),
                    self.log_hint()
                ));
            }
            let last = match http_get(self.addr, "/api/health") {
                Ok((200, _)) => return Ok(()),
                Ok((code, body)) => format!("status {code}: {}", body.trim()),
                Err(e) => e.to_string(),
            };
            if started.elapsed() > timeout {
                return fail(format!(
                    "GET {}/api/health did not answer 200 within {} s (last: {last}){}",
                    self.url(),
                    timeout.as_secs(),
                    self.log_hint()
                ));
            }
            sleep(Duration::from_millis(250));
        }
    }

    /// Sends SIGTERM and waits up to `timeout`; fails unless it exits with status 0.
    pub fn stop(&mut self, timeout: Duration) -> Res {
        let Some(child) = self.child.as_mut() else {
            return fail("the server had already exited");
        };
        if let Some(status) = child.try_wait()? {
            self.child = None;
            return fail(format!(
                "the server had already exited ({})",
                describe(status)
            ));
        }
        terminate(child.id())?;
        let started = Instant::now();
        loop {
            if let Some(status) = child.try_wait()? {
                self.child = None;
                return if status.success() {
                    Ok(())
                } else {
                    fail(format!(
                        "after SIGTERM the server exited with {}",
                        describe(status)
                    ))
                };
            }
            if started.elapsed() > timeout {
                let _ = child.kill();
                let _ = child.wait();
                self.child = None;
                return fail(format!(
                    "the server did not exit within {} s of SIGTERM (killed it)",
                    timeout.as_secs()
                ));
            }
            sleep(Duration::from_millis(100));
        }
    }

    /// Waits for the server to exit by itself (for `serve`).
    pub fn wait(&mut self) -> Res<ExitStatus> {
        let status = self.child_mut().wait()?;
        self.child = None;
        Ok(status)
    }

    /// The server's log, for printing after a failure.
    pub fn log_text(&self) -> Option<String> {
        self.log
            .as_ref()
            .and_then(|p| std::fs::read_to_string(p).ok())
    }

    fn log_hint(&self) -> String {
        match &self.log {
            Some(p) => format!("; server log: {}", p.display()),
            None => String::new(),
        }
    }

    fn child_mut(&mut self) -> &mut Child {
        self.child.as_mut().expect("server process is running")
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(child) = self.child.as_mut() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// Prints the server log between two rulers.
pub fn print_log(server: &Server) {
    if let (Some(path), Some(text)) = (&server.log, server.log_text()) {
        println!("----- server log ({}) -----", path.display());
        print!("{text}");
        if !text.ends_with('\n') {
            println!();
        }
        println!("----- end of server log -----");
    }
}
