#![allow(dead_code)] // Parts used by later tests.
//! A real SMTP server for the tests: `crates/server/tests/smtp_sink.py` (aiosmtpd, in the
//! virtualenv `target/smtp-venv` that `cargo xtask setup` makes) on a loopback port, writing each
//! message it accepts to a temporary folder; [`SmtpSink::received`] parses them (`mail-parser`).
//! [`SmtpSink::refuse`] makes it answer every message with a 4xx or 5xx line until
//! [`SmtpSink::accept`]. [`spawn_app_with_mail`] starts the app with the background sender pointed
//! at a sink, with short waits between attempts.

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use portal_server::mail::{MailSettings, Relay, RetryPolicy};
use portal_server::AppState;
use tempfile::TempDir;

use super::{spawn_app_with, TestApp};

/// The sender of every test message.
pub const MAIL_FROM: &str = "HFS Provider Resolution Portal <no-reply@portal.hfs.example>";
/// The HFS mailbox of the tests.
pub const HFS_MAILBOX: &str = "portal-team@hfs.example";
/// Where the tests' links start.
pub const PUBLIC_URL: &str = "https://portal.hfs.example";

/// The Python of the virtualenv with aiosmtpd.
fn python() -> PathBuf {
    if let Some(python) = std::env::var_os("PORTAL_SMTP_SINK_PYTHON") {
        return PathBuf::from(python);
    }
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(|dir| root.join(dir))
        .unwrap_or_else(|| root.join("target"));
    target.join("smtp-venv").join("bin").join("python")
}

/// A free loopback port (nothing listens on it once this returns).
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A running sink, stopped when dropped (its folder goes with it unless [`SmtpSink::keep`]).
pub struct SmtpSink {
    child: Child,
    pub port: u16,
    dir: TempDir,
}

/// One received message.
#[derive(Debug, Clone)]
pub struct Received {
    /// The envelope's recipients (RCPT TO).
    pub envelope_to: Vec<String>,
    pub message_id: String,
    /// The `Date` header as RFC 3339.
    pub date: String,
    pub from: String,
    pub to: String,
    pub subject: String,
    pub text: String,
    /// The message as received.
    pub raw: String,
}

impl SmtpSink {
    /// A sink on a free port.
    pub fn start() -> SmtpSink {
        SmtpSink::start_on(free_port(), tempfile::tempdir().unwrap())
    }

    /// A sink on `port` writing into `dir` (a sink started again after [`SmtpSink::stop`]).
    pub fn start_on(port: u16, dir: TempDir) -> SmtpSink {
        let python = python();
        let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/smtp_sink.py");
        let mut child = Command::new(&python)
            .arg(script)
            .arg("--dir")
            .arg(dir.path())
            .arg("--port")
            .arg(port.to_string())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| {
                panic!(
                    "cannot start the SMTP sink with {} ({e}): run `cargo xtask setup`",
                    python.display()
                )
            });
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        assert_eq!(
            line.trim(),
            format!("listening on {port}"),
            "the SMTP sink did not start"
        );
        SmtpSink { child, port, dir }
    }

    /// Stops the sink, keeping its folder: (port, folder) to start it again with.
    pub fn stop(mut self) -> (u16, TempDir) {
        self.end();
        let port = self.port;
        let dir = std::mem::replace(&mut self.dir, tempfile::tempdir().unwrap());
        (port, dir)
    }

    fn end(&mut self) {
        drop(self.child.stdin.take());
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// `smtp://127.0.0.1:PORT`.
    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// Answer every message with `line` (e.g. `451 4.3.0 Try later`, `550 5.1.1 No such user`).
    pub fn refuse(&self, line: &str) {
        std::fs::write(self.dir.path().join(".reply"), format!("{line}\n")).unwrap();
    }

    /// Accept messages again.
    pub fn accept(&self) {
        let _ = std::fs::remove_file(self.dir.path().join(".reply"));
    }

    /// Every message received so far, oldest first.
    pub fn received(&self) -> Vec<Received> {
        let mut names: Vec<PathBuf> = std::fs::read_dir(self.dir.path())
            .unwrap()
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "eml"))
            .collect();
        names.sort();
        names.iter().map(|path| parse(path)).collect()
    }

    /// Waits (at most 10 s) until at least `n` messages arrived; returns them all.
    pub async fn wait_for(&self, n: usize) -> Vec<Received> {
        for _ in 0..200 {
            let received = self.received();
            if received.len() >= n {
                return received;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let received = self.received();
        panic!(
            "expected {n} messages, received {}: {:?}",
            received.len(),
            received.iter().map(|m| &m.subject).collect::<Vec<_>>()
        );
    }
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        self.end();
    }
}

fn parse(path: &std::path::Path) -> Received {
    let bytes = std::fs::read(path).unwrap();
    let message = mail_parser::MessageParser::default()
        .parse(&bytes)
        .expect("a message");
    let address = |a: Option<&mail_parser::Address>| {
        a.and_then(|a| a.first())
            .map(|a| match (a.name(), a.address()) {
                (Some(name), Some(address)) => format!("{name} <{address}>"),
                (None, Some(address)) => address.to_owned(),
                _ => String::new(),
            })
            .unwrap_or_default()
    };
    let rcpt = std::fs::read_to_string(path.with_extension("rcpt")).unwrap_or_default();
    Received {
        envelope_to: rcpt.lines().map(str::to_owned).collect(),
        message_id: message.message_id().unwrap_or_default().to_owned(),
        date: message.date().map(|d| d.to_rfc3339()).unwrap_or_default(),
        from: address(message.from()),
        to: address(message.to()),
        subject: message.subject().unwrap_or_default().to_owned(),
        text: message.body_text(0).unwrap_or_default().into_owned(),
        raw: String::from_utf8_lossy(&bytes).into_owned(),
    }
}

/// The test mail settings: [`MAIL_FROM`], [`PUBLIC_URL`], [`HFS_MAILBOX`], and waits of
/// milliseconds.
pub fn test_settings(max_attempts: u32) -> MailSettings {
    let mut settings = MailSettings::new(MAIL_FROM, PUBLIC_URL, Some(HFS_MAILBOX)).unwrap();
    settings.retry = RetryPolicy {
        first_wait: Duration::from_millis(100),
        longest_wait: Duration::from_millis(400),
        max_attempts,
        poll: Duration::from_millis(50),
    };
    settings
}

/// The app sending through `smtp_url` (the sender running), its state changed by `configure`
/// after the mail settings are set.
pub async fn spawn_app_with_mail(
    smtp_url: &str,
    max_attempts: u32,
    configure: impl FnOnce(AppState) -> AppState,
) -> TestApp {
    let mut settings = test_settings(max_attempts);
    settings.sending = true;
    let relay = Relay::parse(smtp_url, Duration::from_secs(5)).unwrap();
    let app = spawn_app_with(|state| configure(state.with_mail(settings.clone()))).await;
    // Lives as long as the test's runtime.
    std::mem::forget(portal_server::sender::Sender::spawn(
        app.pool.clone(),
        relay,
        settings,
    ));
    app
}
