//! How the server is started: the options of the command line and the environment.
//!
//! May import: nothing of this crate.

use std::path::PathBuf;

/// How the server is started. Every option can also come from the environment.
#[derive(Debug, Clone, clap::Args)]
pub struct Config {
    /// Address to listen on; port 0 picks a free port (the log line `listening on` tells which).
    #[arg(long, env = "PORTAL_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: String,

    /// SQLite database; the file and its folder are created if missing, then migrated.
    #[arg(
        long,
        env = "DATABASE_URL",
        default_value = "sqlite:data/portal.db",
        global = true
    )]
    pub database_url: String,

    /// Folder holding the built single-page app (Trunk's output).
    #[arg(long, env = "PORTAL_DIST", default_value = "dist")]
    pub dist: PathBuf,

    /// Load the demo accounts (idempotent; password `Demo-Portal-2026!`) and show the outbox at
    /// `/api/demo/outbox`. Never on a server with real users.
    #[arg(long, env = "PORTAL_DEMO", value_parser = clap::builder::BoolishValueParser::new())]
    pub demo: bool,

    /// Mark the session cookie `Secure` on every response (behind an HTTPS proxy that does not
    /// send `X-Forwarded-Proto`).
    #[arg(
        long,
        env = "PORTAL_SECURE_COOKIES",
        value_parser = clap::builder::BoolishValueParser::new()
    )]
    pub secure_cookies: bool,

    /// Seconds between two runs of the ticket clocks (closings by rule, fines); they also run
    /// once at start.
    #[arg(long, env = "PORTAL_CLOCK_INTERVAL", default_value_t = 60)]
    pub clock_interval_secs: u64,

    /// The address the portal is reached at: every link in an email starts with it.
    #[arg(
        long,
        env = "PORTAL_PUBLIC_URL",
        default_value = "http://127.0.0.1:8080"
    )]
    pub public_url: String,
}
