//! The real SMTP server the tests send mail to: `aiosmtpd` (pinned by
//! `crates/server/tests/smtp_sink_requirements.txt`) in the virtualenv `target/smtp-venv`, running
//! `crates/server/tests/smtp_sink.py`, which writes each message it accepts to a folder as a
//! `.eml` file. `setup` installs it ([`ensure_venv`]); `test e2e` starts one ([`Sink::start`]) and
//! points the server's `--smtp-url` at it.

use std::fs;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use crate::util::*;

pub const VENV_DIR: &str = "smtp-venv";
pub const REQUIREMENTS: &str = "crates/server/tests/smtp_sink_requirements.txt";
pub const SCRIPT: &str = "crates/server/tests/smtp_sink.py";

/// aiosmtpd in its venv.
pub const VENV: PinnedVenv = PinnedVenv {
    dir: VENV_DIR,
    requirements: REQUIREMENTS,
    package: "aiosmtpd",
    purpose: "the test SMTP server",
};

/// The venv's Python with the pinned aiosmtpd, made or updated if need be.
pub fn ensure_venv(ctx: &Ctx) -> Res<PathBuf> {
    VENV.ensure(ctx)
}

/// A running SMTP sink, stopped when dropped.
pub struct Sink {
    child: Child,
    pub port: u16,
    /// Where it writes each message (`NNNNNN.eml`).
    pub dir: PathBuf,
}

impl Sink {
    /// Starts the sink writing into `dir`; waits for its `listening on PORT` line.
    pub fn start(ctx: &Ctx, dir: &Path) -> Res<Sink> {
        let python = ctx.target_dir().join(VENV_DIR).join("bin").join("python");
        fs::create_dir_all(dir)?;
        let mut c = ctx.cmd(&python);
        c.arg(ctx.root.join(SCRIPT))
            .arg("--dir")
            .arg(dir)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped());
        let mut child = c.spawn().map_err(|e| {
            Fail(format!(
                "could not start the SMTP sink ({}): {e}",
                python.display()
            ))
        })?;
        let stdout = child.stdout.take().expect("piped");
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut line = String::new();
            let _ = BufReader::new(stdout).read_line(&mut line);
            let _ = tx.send(line);
        });
        let line = rx.recv_timeout(Duration::from_secs(30)).unwrap_or_default();
        let Some(port) = line
            .trim()
            .strip_prefix("listening on ")
            .and_then(|p| p.parse().ok())
        else {
            let _ = child.kill();
            return fail(format!("the SMTP sink did not start (it said {line:?})"));
        };
        step(format!(
            "SMTP sink on 127.0.0.1:{port}, mail in {}",
            dir.display()
        ));
        Ok(Sink {
            child,
            port,
            dir: dir.to_path_buf(),
        })
    }

    /// `smtp://127.0.0.1:PORT`.
    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }
}

impl Drop for Sink {
    fn drop(&mut self) {
        // Closing its standard input ends it; kill it if it lingers.
        drop(self.child.stdin.take());
        for _ in 0..20 {
            if matches!(self.child.try_wait(), Ok(Some(_))) {
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
